# The scheduler's NodeResourcesFit filter on minikube's one node (2 CPUs allocatable; kube-system's pods already
# request 750m: etcd 100m, kube-apiserver 250m, kube-controller-manager 200m, kube-scheduler 100m, coredns 100m).
# A pod holding a whole CPU leaves 250m: a StatefulSet asking 200m a pod runs web-0 and leaves web-1 Pending with
# PodScheduled=False/Unschedulable and FailedScheduling 'Insufficient cpu' (no preemption victims: every pod on the
# node has priority 0 or a system class above it). Deleting the hog frees the room: web-1 is tried again after its
# back-off and scheduled. `kubectl describe node` sums the requests the scheduler counts.
cat <<'YAML' > hog.yaml
apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: "1"
YAML
cat <<'YAML' > web.yaml
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
        image: busybox:1.36
        command: ["sleep", "3600"]
        resources:
          requests:
            cpu: 200m
            memory: 64Mi
YAML
kubectl apply -f hog.yaml
sleep 5
kubectl apply -f web.yaml
sleep 30
kubectl get pods
kubectl describe pod web-1
kubectl get pod web-1 -o jsonpath='{.status.conditions}{"\n"}'
kubectl describe node minikube | sed -n '/^Non-terminated Pods/,/^Events/p'
kubectl delete pod hog --wait=false
sleep 45
kubectl get pods
kubectl get events --field-selector involvedObject.name=web-1
