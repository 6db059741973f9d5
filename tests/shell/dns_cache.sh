# CoreDNS's negative cache. A pod's DNS name exists only once the pod is Ready (the headless Service publishes
# ready endpoints only); an NXDOMAIN asked for before that is kept by CoreDNS's cache plugin for 5 s (the
# kubernetes plugin's SOA TTL, within `cache 30`), so a lookup right after the pod turns Ready can still fail,
# and succeeds once the cached answer expires.
kubectl run dns --image=busybox:1.28 --restart=Never -- sleep 3600
cat <<'YAML' > web.yaml
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
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
YAML
kubectl apply -f web.yaml
sleep 3
kubectl get pods -l app=nginx
kubectl exec dns -- nslookup web-1.nginx
sleep 2
kubectl get pods -l app=nginx
kubectl exec dns -- nslookup web-1.nginx
sleep 3
kubectl exec dns -- nslookup web-1.nginx
