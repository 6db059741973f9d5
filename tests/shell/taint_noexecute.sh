# A NoExecute taint (the taint-eviction controller, pkg/controller/tainteviction): running pods that do not
# tolerate it are deleted at once ("Marking for deletion Pod ..."), a pod tolerating it for tolerationSeconds when
# they run out, unless the taint goes first ("Cancelling deletion of Pod ..."). The StatefulSet's pods come back
# Pending under their names (the scheduler's TaintToleration filter) and run again with their claims once the taint
# is removed. In kube-system the control plane (tolerates every NoExecute taint) and kube-proxy (tolerates
# everything) stay; CoreDNS and storage-provisioner carry only the default 300 s not-ready/unreachable tolerations.
helm install web ./python-time-app > /dev/null
sleep 30
kubectl exec web-python-time-app-0 -- cat data/visits
cat <<'YAML' > patient.yaml
apiVersion: v1
kind: Pod
metadata:
  name: patient
spec:
  tolerations:
  - key: maintenance
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 20
  containers:
  - name: app
    image: nginx
YAML
sed 's/patient/rescued/; s/: 20/: 300/' patient.yaml > rescued.yaml
kubectl apply -f patient.yaml -f rescued.yaml
sleep 5
kubectl taint nodes minikube maintenance=now:NoExecute
kubectl get pods
kubectl get events --field-selector reason=TaintManagerEviction
sleep 25
kubectl get pods
kubectl get events --field-selector reason=TaintManagerEviction,involvedObject.name=patient
sleep 40
kubectl get pods
kubectl get pods -n kube-system
kubectl describe pod web-python-time-app-0 | tail -1
kubectl taint nodes minikube maintenance-
kubectl get events --field-selector reason=TaintManagerEviction,involvedObject.name=rescued
sleep 60
kubectl get pods
kubectl exec web-python-time-app-0 -- cat data/visits
kubectl get pods -n kube-system
