# The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds): a pod that does
# not already tolerate the NoExecute node.kubernetes.io/not-ready or unreachable taint (same key or no key, effect
# NoExecute or none) gets a 300 s toleration for it, appended after its own; describe sorts them by key.
cat <<'YAML' > tol.yaml
apiVersion: v1
kind: Pod
metadata:
  name: own
spec:
  tolerations:
  - key: dedicated
    operator: Equal
    value: db
    effect: NoSchedule
  - key: node.kubernetes.io/unreachable
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 60
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: all
spec:
  tolerations:
  - operator: Exists
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: noschedule
spec:
  tolerations:
  - key: node.kubernetes.io/not-ready
    operator: Exists
    effect: NoSchedule
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
YAML
kubectl apply -f tol.yaml
kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{range .spec.tolerations[*]}  {.key}:{.effect} {.tolerationSeconds}{"\n"}{end}{end}'
kubectl describe pod own | grep -A2 Tolerations
kubectl describe pod all | grep -A1 Tolerations
kubectl describe pod noschedule | grep -A3 Tolerations
# A pod template's own tolerations are described as they are (the plugin admits pods, not templates), next to its
# init containers and commands (describeContainers with the template's indent); no claim templates is one line.
cat <<'YAML' > sts.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      tolerations:
      - {key: dedicated, operator: Equal, value: db, effect: NoSchedule}
      initContainers:
      - name: init
        image: busybox:1.36
        command: ["sh", "-c", "echo ready"]
      containers:
      - name: app
        image: busybox:1.36
        command: ["sleep"]
        args: ["3600"]
YAML
kubectl apply -f sts.yaml
sleep 10
kubectl describe sts db
kubectl describe pod db-0 | grep -A2 Tolerations
