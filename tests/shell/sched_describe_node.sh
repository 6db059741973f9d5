# `kubectl describe node` counts each pod's requests and limits as kubectl 1.37 does (resourcehelper.PodRequests and
# PodLimits from k8s.io/component-helpers, the scheduler's own sums): a native sidecar adds to the app containers
# and to every init container after it, the largest init container wins, pod-level resources replace the
# containers' for CPU and memory. The node's 2 CPUs: kube-system 750m, side 400m (init 300m while the 100m sidecar
# runs), plr 500m (pod-level), edge the last 350m. With the node's CPU all requested, a 1m pod stays Pending.
cat <<'YAML' > side.yaml
apiVersion: v1
kind: Pod
metadata:
  name: side
spec:
  initContainers:
  - name: proxy
    image: busybox:1.36
    command: ["sleep", "3600"]
    restartPolicy: Always
    resources:
      requests: {cpu: 100m, memory: 32Mi}
  - name: migrate
    image: busybox:1.36
    command: ["true"]
    resources:
      requests: {cpu: 300m, memory: 64Mi}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests: {cpu: 150m, memory: 100Mi}
      limits: {memory: 200Mi}
YAML
cat <<'YAML' > plr.yaml
apiVersion: v1
kind: Pod
metadata:
  name: plr
spec:
  resources:
    requests: {cpu: 500m, memory: 256Mi}
    limits: {memory: 512Mi}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
YAML
kubectl apply -f side.yaml -f plr.yaml
sleep 10
pod() {
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: ["sleep", "3600"]\n    resources:\n      requests: {cpu: %s}\n' "$1" "$2" | kubectl apply -f -
}
pod edge 350m
sleep 5
kubectl get pods
kubectl describe node minikube | sed -n '/^Non-terminated/,/^Events/p'
pod one 1m
sleep 5
kubectl get pod one -o jsonpath='{.status.conditions[0].message}{"\n"}'
