# The node's pod capacity through the API: `kubectl patch --subresource=status` changes a Node's status as the
# API server's status strategy does (nodeStatusStrategy takes the old spec back, so a spec in the patch changes nothing), and
# the scheduler tries its Pending pods again once allocatable changes. This is what a kubelet started with a
# larger maxPods (`minikube start --extra-config=kubelet.max-pods=N`) would advertise. Simplification: a real
# kubelet writes its own capacity back at its next node status update (every 10 s), so on a real cluster the
# patch is short-lived; this node has no such loop. A kind without a status subresource has no such path.
# A StatefulSet's scale subresource (as `kubectl patch --help`'s example uses it) sets only its replicas.
cat <<'YAML' > many.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: many
spec:
  serviceName: many
  replicas: 106
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
kubectl patch node minikube --subresource=status --type=merge -p '{"status":{"allocatable":{"pods":"100"},"capacity":{"pods":"100"}}}'
kubectl get node minikube -o jsonpath='{.status.capacity.pods} {.status.allocatable.pods}{"\n"}'
kubectl apply -f many.yaml
sleep 60
kubectl get sts many
kubectl get pods --field-selector=status.phase=Pending --no-headers | wc -l
kubectl describe pod many-105 | sed -n '/^Events/,$p'
# Raising it again (a strategic merge patch, the default type): the waiting replicas are scheduled.
kubectl patch node minikube --subresource=status -p '{"status":{"allocatable":{"pods":"200"},"capacity":{"pods":"200"}}}'
sleep 30
kubectl get sts many
kubectl get pods --field-selector=status.phase=Pending
kubectl describe node minikube | grep -A7 '^Capacity:' | grep pods
kubectl describe node minikube | grep 'Non-terminated Pods'
# The same patch again changes nothing; a spec sent to status is dropped.
kubectl patch node minikube --subresource=status -p '{"status":{"allocatable":{"pods":"200"}}}'
kubectl patch node minikube --subresource=status --type=merge -p '{"spec":{"unschedulable":true}}'
kubectl get node minikube -o jsonpath='{.spec.unschedulable}{"\n"}'
kubectl patch node minikube --subresource=status --type=json -p '[{"op":"replace","path":"/status/allocatable/pods","value":"110"}]'
kubectl get node minikube -o jsonpath='{.status.allocatable.pods}{"\n"}'
kubectl create configmap c
kubectl patch configmap c --subresource=status -p '{"data":{"a":"b"}}'
kubectl patch node minikube --subresource=foo -p '{}'
# The scale subresource: the patch applies to the autoscaling/v1 Scale and only its replicas reach the set.
kubectl patch sts many --subresource=scale --type=merge -p '{"spec":{"replicas":100},"status":{"replicas":7}}'
kubectl patch sts many --subresource=scale -p '{"spec":{"replicas":100}}'
kubectl patch sts many --subresource=scale --type=json -p '[{"op":"replace","path":"/spec/replicas","value":99}]'
kubectl get sts many -o jsonpath='{.spec.replicas}{"\n"}'
kubectl patch sts many --subresource=scale -p '{"spec":{"replicas":-1}}'
kubectl patch sts many --subresource=scale -p '{"spec":{"replicas":"x"}}'
kubectl patch sts many --subresource=scale -p '{"spec":{"replicas":1.5}}'
kubectl patch configmap c --subresource=scale -p '{"spec":{"replicas":1}}'
