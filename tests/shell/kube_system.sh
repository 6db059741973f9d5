# What a fresh minikube (Kubernetes v1.35) runs in kube-system, a day old. Every output below was checked against
# real kubectl 1.37.1 talking to `stsplay serve --seed 0` (same objects, same names).
kubectl get pods
kubectl get pods -A
kubectl get pods -A -o wide
kubectl get endpoints -A
kubectl get endpointslices -A
kubectl get all -A
kubectl get ds -n kube-system -o wide
kubectl get daemonsets.apps kube-proxy -n kube-system
kubectl get cm -A
kubectl get sa -n kube-system
kubectl get controllerrevisions -n kube-system
kubectl describe ds -n kube-system kube-proxy
kubectl describe pod -n kube-system coredns-7d764666f9-szf6t
kubectl describe pod -n kube-system etcd-minikube
kubectl describe pod -n kube-system storage-provisioner
kubectl describe svc -n kube-system kube-dns
kubectl describe ep -A
kubectl describe endpointslices -n default kubernetes
kubectl describe endpointslices -n kube-system
kubectl describe sa -n kube-system coredns
kubectl describe rs -n kube-system
kubectl describe deploy -n kube-system coredns
kubectl describe node minikube
kubectl -n kube-system get pods -l k8s-app=kube-dns -o jsonpath='{.items[0].status.podIP}{"\n"}'
# The system pods print no logs here: their real start-up lines could not be established from source. A deleted CoreDNS pod is replaced by its ReplicaSet;
# the node already has the image (no pull) and the new pod's address becomes kube-dns's endpoint.
kubectl logs -n kube-system coredns-7d764666f9-szf6t
kubectl delete pod -n kube-system coredns-7d764666f9-szf6t
sleep 5
kubectl get pods -n kube-system -l k8s-app=kube-dns -o wide
kubectl get endpointslices -n kube-system
kubectl describe pod -n kube-system coredns-7d764666f9-plwvl | grep -A8 Events
# A mirror pod deleted through the API comes back at once: the static pod behind it never stopped.
kubectl delete pod -n kube-system etcd-minikube
kubectl get pods -n kube-system etcd-minikube
# exec into the system images: built to hold their binary and little else (see system_exec.rs for each image's
# build). What is missing fails as minikube's Docker runtime fails it (the daemon writes the error to the exec's
# stdout, exit 126); kube-proxy's image has dash as sh, etcd's bash as sh.
kubectl exec -n kube-system coredns-7d764666f9-plwvl -- sh
kubectl exec -it -n kube-system kube-apiserver-minikube -- sh
kubectl exec -n kube-system storage-provisioner -- ls /
kubectl exec -n kube-system kube-proxy-jrq7s -- ls
kubectl -n kube-system exec deploy/coredns -- sh
kubectl --namespace kube-system exec kube-proxy-jrq7s -- hostname
kubectl exec -n kube-system kube-proxy-jrq7s -- sh -c 'echo $NODE_NAME; cat /var/lib/kube-proxy/config.conf | grep clusterCIDR; hostname'
kubectl exec -n kube-system etcd-minikube -- etcdctl endpoint health
# A deleted kube-proxy pod is replaced by its DaemonSet: `kube-proxy-` and five random characters, on the node's
# address (host network), as the daemon controller's generateName and pinning affinity make it.
kubectl delete pod -n kube-system kube-proxy-jrq7s
kubectl get ds -n kube-system kube-proxy
sleep 5
kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide
kubectl get ds -n kube-system kube-proxy
kubectl get events -n kube-system --field-selector involvedObject.kind=DaemonSet
kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath='{.items[0].spec.affinity}{"\n"}{.items[0].spec.priority}{"\n"}'
