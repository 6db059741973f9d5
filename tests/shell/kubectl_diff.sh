# kubectl diff (kubectl pkg/cmd/diff): LIVE against what `kubectl apply` would make of the file (MERGED, asked of
# the server with dryRun=All), as `diff -u -N` of two temporary directories prints it; exit 1 when they differ,
# 0 when not, 2 on an error. A new object is diffed against an empty file; a Secret's values are masked.
kubectl diff
kubectl diff web
kubectl diff -f nosuch.yaml
echo $?
kubectl diff -f app.yaml --bogus
cat <<'YAML' > app.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  clusterIP: None
  selector: {app: web}
  ports:
  - port: 80
YAML
kubectl diff -f app.yaml
echo $?
kubectl apply -f app.yaml
kubectl diff -f app.yaml
echo $?
sed -i 's/replicas: 2/replicas: 3/; s/nginx:1.27/nginx:1.28/' app.yaml
kubectl diff -f app.yaml
echo $?
kubectl get sts web -o jsonpath='{.spec.replicas} {.metadata.generation}{"\n"}'
kubectl create secret generic creds --from-literal=user=admin --from-literal=password=s3cret
kubectl get secret creds -o yaml | sed '/creationTimestamp\|resourceVersion\|uid/d' > creds.yaml
sed -i 's/czNjcmV0/bmV3LXNlY3JldA==/' creds.yaml
kubectl diff -f creds.yaml
sed -i 's/replicas: 3/replicas: -1/' app.yaml
kubectl diff -f app.yaml
echo $?
