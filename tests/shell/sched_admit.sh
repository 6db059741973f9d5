# A pod that names its node itself (spec.nodeName) skips the scheduler; the kubelet's admission runs the same fit
# and rejects it: phase Failed, reason OutOfcpu, the first shortage in its message (lifecycle/predicate.go), nothing
# started. Deleting it removes it at once.
cat <<'YAML' > direct.yaml
apiVersion: v1
kind: Pod
metadata:
  name: direct
spec:
  nodeName: minikube
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: "3"
YAML
kubectl apply -f direct.yaml
sleep 5
kubectl get pod direct
kubectl describe pod direct
kubectl get pod direct -o jsonpath='{.status}{"\n"}'
kubectl get events --field-selector involvedObject.name=direct
kubectl delete pod direct
kubectl get pods
