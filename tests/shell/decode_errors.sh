# The API server decodes a body into the kind's Go type before defaulting and validation. Checked against real
# kubectl 1.37.1 talking to `stsplay serve` (tests/serve/kubectl-diff.txt has the same files).
cat > num.yaml <<'EOF'
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
      annotations:
        prometheus.io/scrape: true
        prometheus.io/port: 8080
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: 80
EOF
kubectl apply -f num.yaml
sed -i 's/scrape: true/scrape: "true"/; s/port: 8080/port: "8080"/' num.yaml
kubectl apply -f num.yaml
kubectl get sts web -o jsonpath='{.spec.template.metadata.annotations}{"\n"}'
# the first type error in the order kubectl sends the keys (sorted) wins
cat > several.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: several
spec:
  serviceName: several
  replicas: "3"
  minReadySeconds: 1.5
  selector:
    matchLabels: {app: several}
  template:
    metadata:
      labels: {app: several}
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: "80"
EOF
kubectl apply -f several.yaml
sed -i '/minReadySeconds/d' several.yaml
kubectl apply -f several.yaml
sed -i 's/replicas: "3"/replicas: 3.5/' several.yaml
kubectl apply -f several.yaml
sed -i 's/replicas: 3.5/replicas: 3.0/' several.yaml
kubectl apply -f several.yaml
# kubectl itself decodes a manifest's metadata before sending anything
sed -i 's/^  name: several/  name: several\n  labels: [app, several]/' several.yaml
kubectl apply -f several.yaml
kubectl create -f several.yaml --dry-run=client
# unknown fields: refused (kubectl asks fieldValidation=Strict), named once per warning, or dropped
cat > unknown.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: unknown
spec:
  serviceName: unknown
  replica: 2
  selector:
    matchLabels: {app: unknown}
  template:
    metadata:
      labels: {app: unknown}
    spec:
      containers:
      - name: web
        image: nginx
        imagePullPolice: Always
        ports:
        - containerPort: 80
          nmae: http
EOF
kubectl apply -f unknown.yaml
kubectl create -f unknown.yaml --validate=warn --dry-run=server
kubectl create -f unknown.yaml --validate=maybe
kubectl apply -f unknown.yaml --validate=false
kubectl get sts unknown -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0]}{"\n"}'
kubectl replace -f unknown.yaml
# a failing UnmarshalJSON (quantity, IntOrString) stops decoding at once: its error wins over unknown fields
cat > svc.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  bogus: 1
  ports:
  - port: 80
    targetPort: 1.5
EOF
kubectl create -f svc.yaml
sed -i 's/targetPort: 1.5/targetPort: [80]/' svc.yaml
kubectl create -f svc.yaml
cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  containers:
  - name: web
    image: nginx
    resources:
      requests:
        cpu: true
        memory: 64Mx
EOF
kubectl create -f pod.yaml
sed -i 's/cpu: true/cpu: 1kk/; /memory/d' pod.yaml
kubectl create -f pod.yaml
cat > data.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  port: 8080
---
apiVersion: v1
kind: Secret
metadata:
  name: plain
data:
  password: hunter2!
EOF
kubectl apply -f data.yaml
kubectl get cm,secret -l nothing=here
