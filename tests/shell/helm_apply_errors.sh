# Helm 4 installs and upgrades by server-side apply and names the refused object (pkg/kube/client.go
# patchResourceServerSide); checked with real helm 4.3.1 against `stsplay serve`.
mkdir -p bad/templates
cat > bad/Chart.yaml <<'EOF'
apiVersion: v2
name: bad
version: 0.1.0
EOF
cat > bad/templates/sts.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}
spec:
  serviceName: {{ .Release.Name }}
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: bad}
  template:
    metadata:
      labels: {app: bad}
    spec:
      containers:
      - name: web
        image: nginx
EOF
echo "replicas: -1" > bad/values.yaml
helm install bad ./bad
helm install good ./bad --set replicas=1
helm upgrade good ./bad --set replicas=-2
