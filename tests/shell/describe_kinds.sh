# seed: 0
# describe for the kinds with their own describers in kubectl 1.37 (Node, PersistentVolume, StorageClass, Secret,
# ServiceAccount, Namespace, ReplicaSet, Endpoints, EndpointSlice) and the generic describer (ControllerRevision),
# as real kubectl 1.37.1 printed the same objects on stsplay serve --seed 0 (dates aside; the namespace's quota
# lines are what a real API server, which serves ResourceQuota and LimitRange, makes kubectl print).
# Describing several objects skips their events unless --show-events is given (kubernetes#137145, 1.37), and
# `describe TYPE NAME` falls back to every object whose name starts with NAME.
cat > app.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata: {name: nginx, labels: {app: nginx}}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 2
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Secret
metadata: {name: s1}
stringData: {password: hunter2, user: admin}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d1}
spec:
  replicas: 1
  selector: {matchLabels: {app: d1}}
  template:
    metadata: {labels: {app: d1}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
EOF
kubectl apply -f app.yaml
sleep 25
kubectl describe node minikube
kubectl describe pv pvc-4ce4c889-e254-4232-9c67-f5d9d2a58fff
kubectl describe storageclass standard
kubectl describe secret s1
kubectl describe sa default
kubectl describe ns default
kubectl describe rs
kubectl describe controllerrevision
kubectl describe endpoints nginx
kubectl describe endpointslice
kubectl describe pvc | grep -c '^Events'
kubectl describe pvc --show-events=true | grep -c '^Events'
kubectl describe pod web | grep '^Name:'
kubectl describe pod nope
kubectl get leases -A
kubectl describe lease minikube -n kube-node-lease
