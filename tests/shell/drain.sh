# Node maintenance (kubectl cordon, uncordon, drain; kubectl pkg/drain): a cordoned node takes no new pods
# (the scheduler's NodeUnschedulable filter, the node lifecycle controller's taint); a drain picks the node's pods
# through drain's filters and evicts the rest; a StatefulSet's pod comes back Pending under its name, and after
# the uncordon runs again with its claim and its visits.
helm install web ./python-time-app > /dev/null
sleep 30
kubectl cordon
kubectl cordon minikube
kubectl cordon minikube
kubectl get nodes
kubectl describe node minikube | grep -E "Taints|Unschedulable"
kubectl run x --image=nginx
sleep 5
kubectl get pod x
kubectl describe pod x | tail -1
kubectl uncordon minikube
sleep 5
kubectl get pod x
kubectl drain minikube
kubectl drain minikube --ignore-daemonsets
kubectl drain minikube --ignore-daemonsets --force --dry-run=client
kubectl drain minikube --ignore-daemonsets --force
kubectl get pods -A
sleep 60
kubectl get pods
kubectl uncordon minikube
sleep 60
kubectl get pods
kubectl exec web-python-time-app-0 -- cat data/visits
kubectl get pods -A | grep coredns
kubectl drain minikube --ignore-daemonsets --timeout=20s
kubectl drain minikube --ignore-daemonsets --timeout=1m --pod-selector=app.kubernetes.io/instance=web
kubectl drain minikube --pod-selector=app.kubernetes.io/instance=web
kubectl drain nodes/minikube svc/x
kubectl uncordon minikube --dry-run=client
kubectl uncordon minikube
kubectl get nodes
