# kubectl exec -it into kube-proxy: its image has dash as sh and no bash, so the prompt is dash's '# ' (root),
# not BusyBox ash's '/ # '.
P=$(kubectl get pods -n kube-system -o name | grep kube-proxy)
kubectl exec -it -n kube-system ${P#pod/} -- sh
pwd
exit
