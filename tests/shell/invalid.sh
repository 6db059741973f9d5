# Invalid objects: kubectl prints the API server's causes as `The KIND "name" is invalid: ...`.
cat <<EOF > web.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 1
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
kubectl scale sts web --replicas=-1
# the playground's own bound (it runs in a browser tab): 100,000 pods took minutes and gigabytes
kubectl scale sts web --replicas=100000
kubectl create deployment many --image=nginx --replicas=1001
kubectl patch sts web -p '{"spec":{"serviceName":"other"}}'
kubectl patch sts web --type json -p '[{"op":"replace","path":"/spec/replicas","value":-2}]'
cat <<EOF > bad-pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers: []
EOF
kubectl apply -f bad-pod.yaml
kubectl create -f bad-pod.yaml
