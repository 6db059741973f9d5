# seed: 3
# The StatefulSet Basics tutorial's manifest, applied from a heredoc, watched, scaled, and its pod deleted.
cat <<EOF > web.yaml
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  clusterIP: None
  ports:
  - port: 80
    name: web
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
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
timeout 20s kubectl get pods -w -l app=nginx
kubectl get po,sts,svc,pvc
kubectl apply -f web.yaml
kubectl get pods -o wide
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.status.podIP}{"\n"}{end}'
kubectl get pods -o name
kubectl logs web-0 --tail 2
kubectl logs sts/web | head -1
kubectl get pods --show-labels
kubectl get pods --sort-by=.metadata.name --no-headers
kubectl wait --for=condition=Ready pod -l app=nginx --timeout=60s
kubectl run tmp --image=busybox:1.28 --rm -it --restart=Never -- nslookup web-0.nginx
kubectl port-forward svc/nginx 8080:80
curl -s -o /dev/null -w '%{http_code}\n' localhost:8080
kubectl scale sts web --replicas=3
sleep 30
kubectl get sts web
kubectl get pvc
kubectl delete pod web-0
kubectl get pods
kubectl rollout status sts/web
kubectl rollout history sts/web
kubectl get controllerrevisions
kubectl patch sts web -p '{"spec":{"replicas":3}}'
kubectl set image sts/web nginx=registry.k8s.io/nginx-slim:0.24
kubectl rollout status sts/web
kubectl rollout history sts/web
kubectl rollout undo sts/web
kubectl describe sts web
kubectl describe svc nginx
kubectl describe pvc www-web-0
kubectl delete sts web
kubectl get pods
kubectl get pvc
