# kubectl describe pod (describe.go describePod) through a pod's life: Pending and unscheduled (the NodeAffinity
# filter: its nodeSelector matches no node, so no IP: 'IPs:  <none>', no Node, only PodScheduled False) until the node
# gets the label; Terminating with a grace period ('lasts <invalid>': deletionTimestamp is still ahead, as real
# kubectl prints it) and the Termination Grace Period line.
cat <<'YAML' > p.yaml
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  terminationGracePeriodSeconds: 60
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "trap '' TERM; sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: picky
spec:
  nodeSelector: {disk: ssd}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
YAML
kubectl apply -f p.yaml
sleep 10
kubectl delete pod slow --wait=false
sleep 5
kubectl describe pod slow | head -12
kubectl describe pod picky
kubectl get pod picky
kubectl label node minikube disk=ssd
sleep 20
kubectl get pod picky
kubectl get events --field-selector involvedObject.name=picky
