# Why a pod is Pending, as the scheduler words it, and how the words change. NodeAffinity runs before
# NodeResourcesFit and the first failing filter ends the node's run: `big` first reports only its nodeSelector.
# Once the node has the label, the next attempt finds the requests too large: both reasons, sorted, in a new
# FailedScheduling event and a new PodScheduled message (its transition time kept: it stays False). A pod with
# preemptionPolicy Never is not eligible to preempt. Both keep waiting: an Unschedulable pod is tried again when
# something changes, or after five minutes in the unschedulable queue (the event's count goes up).
cat <<'YAML' > big.yaml
apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  nodeSelector: {disk: ssd}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        cpu: "3"
        memory: 10Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: polite
spec:
  preemptionPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      limits:
        ephemeral-storage: 200Gi
YAML
kubectl apply -f big.yaml
sleep 5
kubectl get pods
kubectl label node minikube disk=ssd
sleep 5
kubectl get events --field-selector involvedObject.name=big
kubectl get pod big -o jsonpath='{range .status.conditions[*]}{.type} {.status} {.reason} {.lastTransitionTime}{"\n"}{.message}{"\n"}{end}'
kubectl describe pod polite | sed -n '/^Events/,$p'
sleep 600
kubectl describe pod polite | sed -n '/^Events/,$p'
kubectl delete pod big polite
