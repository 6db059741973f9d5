# CoreDNS and a pod that is not Ready yet. A pod's DNS name exists only once the pod is Ready (the headless
# Service publishes ready endpoints only). kubeadm's Corefile (v1.32+) disables CoreDNS's cache for cluster.local
# (`cache 30 { disable success cluster.local; disable denial cluster.local }`, see the coredns ConfigMap), so the
# NXDOMAIN asked for before that is not kept: the lookup right after the pod turns Ready succeeds.
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
kubectl get cm coredns -n kube-system -o jsonpath='{.data.Corefile}' | grep -A3 cache
sleep 3
kubectl get pods -l app=nginx
kubectl exec dns -- nslookup web-1.nginx
sleep 2
kubectl get pods -l app=nginx
kubectl exec dns -- nslookup web-1.nginx
sleep 3
kubectl exec dns -- nslookup web-1.nginx
