# StatefulSet Basics (the Kubernetes tutorial) (minikube)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
minikube start

# 1. Creating a StatefulSet
cat > web.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
EOF
kubectl apply -f web.yaml
timeout 20s kubectl get pods --watch -l app=nginx

# 2. Stable network identity
kubectl exec web-0 -- sh -c 'hostname'
kubectl exec web-1 -- sh -c 'hostname'
kubectl run -i --rm --restart=Never dns-test --image=busybox:1.28 -- nslookup web-0.nginx

# 3. Stable storage
kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'
kubectl exec web-1 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'
kubectl delete pod -l app=nginx
sleep 30
kubectl exec web-0 -- cat /usr/share/nginx/html/index.html

# 4. Scaling up
kubectl scale sts web --replicas=5
kubectl get pvc -l app=nginx

# 5. Scaling down
kubectl patch sts web -p '{"spec":{"replicas":3}}'
kubectl get pvc -l app=nginx

# 6. Rolling update
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'
kubectl rollout status sts/web

# 7. Staging an update with a partition
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.21"}]'
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":2}}}}'

# 8. Phased roll out
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":0}}}}'

# 9. OnDelete
kubectl patch statefulset web -p '{"spec":{"updateStrategy":{"type":"OnDelete"}}}'
kubectl patch statefulset web --type=json -p '[{"op":"replace","path":"/spec/updateStrategy","value":{"type":"OnDelete"}}]'
kubectl patch statefulset web --type='json' -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"registry.k8s.io/nginx-slim:0.24"}]'
kubectl delete pod web-1

# 10. Non-cascading delete
kubectl delete statefulset web --cascade=orphan
kubectl get pods -l app=nginx

# 11. Cascading delete
kubectl apply -f web.yaml
kubectl delete statefulset web
kubectl get pvc -l app=nginx

# 12. Parallel pod management
cat > web-parallel.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  podManagementPolicy: "Parallel"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
EOF
kubectl apply -f web-parallel.yaml
kubectl scale statefulset/web --replicas=4
kubectl get pods -l app=nginx

# When you are done
minikube delete
