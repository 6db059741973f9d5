# Service account tokens: kubectl create token (kubectl 1.37.1's checks and the API server's TokenRequest rules)
# and the kubelet's projected token, whose claims name the pod and the node and last a year (extended expiration).
kubectl create token
kubectl create token a b
kubectl create token default --duration=-1s
kubectl create token default --duration=abc
kubectl create token default --duration=1.5s
kubectl create token default --bound-object-kind=Foo
kubectl create token default --bound-object-name=p
kubectl create token default --bound-object-uid=u
kubectl create token default --bound-object-kind=Pod
kubectl create token default --audience=
kubectl create token nope
kubectl create token default --duration=1m
kubectl create token default --bound-object-kind=Pod --bound-object-name=nope
kubectl create token default
kubectl create token default --duration 2h --audience vault -n kube-system | cut -d. -f1
kubectl create token default | tr -d '\n' | cut -d. -f3 | wc -c
kubectl run b --image=busybox -- sleep 3600
sleep 20
kubectl exec b -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec b -- cat /var/run/secrets/kubernetes.io/serviceaccount/token
kubectl create token default --bound-object-kind=Pod --bound-object-name=b
kubectl create token default --bound-object-kind=Pod --bound-object-name=b --bound-object-uid=0000
