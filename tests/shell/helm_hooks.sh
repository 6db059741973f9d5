# seed: 3
# helm test runs helm create's test-connection hook Pod; hooks with weights and delete policies;
# --wait, --atomic and --rollback-on-failure when a workload never becomes ready.
helm test web
helm test
helm install web ./python-time-app --wait
helm test web
kubectl get pods
helm test web --logs
helm status web
kubectl scale sts web-python-time-app --replicas=0
sleep 30
helm test web --logs
helm test web --timeout 3
mkdir -p hooked/templates
cat > hooked/Chart.yaml <<'YAML'
apiVersion: v2
name: hooked
version: 0.1.0
YAML
cat > hooked/templates/cm.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: hello
YAML
cat > hooked/templates/hooks.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": hook-succeeded
spec:
  restartPolicy: Never
  containers:
    - name: migrate
      image: busybox
      command: ["sh", "-c", "echo migrated"]
---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-notify
  annotations:
    "helm.sh/hook": post-install
spec:
  restartPolicy: Never
  containers:
    - name: notify
      image: busybox
      command: ["sh", "-c", "exit 3"]
YAML
helm install h ./hooked
kubectl get pods
helm history h
helm install bad ./python-time-app --set image.repository=nope --wait --timeout 30s
helm install bad2 ./python-time-app --set image.repository=nope --atomic --timeout 30s
helm install bad3 ./python-time-app --set image.repository=nope --rollback-on-failure --timeout 30s
helm ls
kubectl scale sts web-python-time-app --replicas=2
helm upgrade web ./python-time-app --set image.repository=nope --atomic --timeout 30s
helm history web
# a test that outlives --timeout
mkdir -p slow/templates
cat > slow/Chart.yaml <<'YAML'
apiVersion: v2
name: slow
version: 0.1.0
YAML
cat > slow/templates/t.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-t
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: t
      image: busybox
      command: ["sh", "-c", "sleep 600"]
YAML
helm install s ./slow
helm test s --timeout 4s
