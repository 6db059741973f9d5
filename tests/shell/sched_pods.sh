# The node's pod count (NodeResourcesFit's "Too many pods"): minikube's kubelet allows 110 pods (allocatable
# pods), kube-system runs 7 of them. A one-off pod and a Parallel StatefulSet of 110 leave the last 8 replicas
# Pending. A pod that has finished (Succeeded) no longer counts: when `once` completes, the first waiting replica is
# scheduled. Scaling down removes the rest, which never ran.
cat <<'YAML' > once.yaml
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "150"]
YAML
cat <<'YAML' > many.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: many
spec:
  serviceName: many
  replicas: 110
  podManagementPolicy: Parallel
  selector:
    matchLabels: {app: many}
  template:
    metadata:
      labels: {app: many}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sleep", "3600"]
YAML
kubectl apply -f once.yaml
sleep 10
kubectl apply -f many.yaml
sleep 120
kubectl get sts many
kubectl get pods --field-selector=status.phase=Pending
kubectl describe pod many-109 | sed -n '/^Conditions/,/^Volumes/p;/^Events/,$p'
kubectl describe node minikube | grep 'Non-terminated Pods'
sleep 30
kubectl get pod once
kubectl get pods --field-selector=status.phase=Pending
kubectl get events --field-selector involvedObject.name=many-102
kubectl scale sts many --replicas=103
sleep 5
kubectl get pods --field-selector=status.phase=Pending
kubectl get sts many
