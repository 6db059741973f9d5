# Deployment vs StatefulSet, side by side (minikube)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
minikube start

# 1. Run the same app both ways
cat > both.yaml <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: ledger
spec:
  clusterIP: None
  selector:
    app: ledger
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ledger
spec:
  serviceName: ledger
  replicas: 2
  selector:
    matchLabels:
      app: ledger
  template:
    metadata:
      labels:
        app: ledger
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
        volumeMounts:
        - name: data
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
EOF
kubectl apply -f both.yaml
kubectl get pods

# 2. Names
kubectl get pods -o wide

# 3. Identity after a delete
kubectl delete pod -l app=shop --wait=false
kubectl delete pod ledger-0
sleep 20
kubectl get pods

# 4. Storage
kubectl get pvc

# 5. DNS
kubectl run -i --rm --restart=Never dns-test --image=busybox:1.28 -- nslookup ledger-0.ledger

# 6. Update order
kubectl set image deployment/shop nginx=registry.k8s.io/nginx-slim:0.24
kubectl set image statefulset/ledger nginx=registry.k8s.io/nginx-slim:0.24
timeout 60s kubectl get pods --watch

# When you are done
minikube delete
