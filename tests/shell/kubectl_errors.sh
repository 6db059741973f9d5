# kubectl's own errors, as kubectl v1.37 prints them (checked with the real binary where it works client-side).
kubectl frob
kubectl get
kubectl get foo
kubectl get pods --bogus
kubectl get pods -z
kubectl get pods -o yamll
kubectl get pods nope
kubectl get pods nope -o yaml
kubectl get pod/a pod b
kubectl describe
kubectl describe pod nope
kubectl logs
kubectl logs nope
kubectl exec nope
kubectl exec nope ls
kubectl exec nope -- ls
kubectl delete
kubectl delete pod
kubectl delete pod nope
kubectl scale sts web
kubectl scale sts web --replicas=x
# Number flags fail while flags are parsed, with strconv.ParseInt's reason (checked with kubectl 1.37.1).
kubectl scale sts web --replicas=99999999999999999999
kubectl scale sts web --replicas=08
kubectl scale sts web --current-replicas=-9223372036854775809 --replicas=1
kubectl delete pod x --grace-period=99999999999999999999
kubectl delete pod x --grace-period=0x
kubectl logs x --tail=1__0
kubectl logs x --tail=-2
kubectl logs x --limit-bytes=-1
kubectl logs etcd-minikube -n kube-system --tail=-2
kubectl logs etcd-minikube -n kube-system --limit-bytes=-1
kubectl rollout undo sts/web --to-revision=99999999999999999999
kubectl rollout history sts/web --revision=x
kubectl get pods --chunk-size=x
kubectl get pods -v=0x1
kubectl get pods -v=99999999999
kubectl explain pods --max-depth=-1
kubectl explain pods --max-depth=0x1
kubectl patch pod x
kubectl patch sts web -p '{"spec":{}}' --type bogus
kubectl apply
kubectl apply -f nope.yaml
kubectl edit pod web-0
kubectl rollout status sts/nope
kubectl label pod web-0
kubectl create deployment x
kubectl set image sts/web
kubectl delete pod web-0 --cascade=sideways
echo 'kind: [' > bad.yaml
kubectl apply -f bad.yaml
echo 'metadata: {name: x}' > nokind.yaml
kubectl apply -f nokind.yaml
kubectl top pods
kubectl top node
kubectl top
kubectl top foo
# A --timeout longer than one command may let pass is cut to 30 days, as sleep is (kubectl itself would wait on).
kubectl wait --for=condition=Ready=false pod/etcd-minikube -n kube-system --timeout=100000h
kubectl rollout status deploy/coredns -n kube-system --timeout=100000h
# --dry-run alone and as a Go boolean: kubectl 1.37.1 warns through klog (its header here carries the simulated
# time and a stand-in pid) and runs a client dry run (true) or none (false); scale has --dry-run too.
kubectl create deployment web --image=nginx:1.27 --dry-run -o name
kubectl create deployment web --image=nginx:1.27 --dry-run=true -o name
kubectl create deployment web --image=nginx:1.27 --dry-run=False
kubectl create deployment web --image=nginx:1.27 --dry-run=maybe
kubectl scale deploy/web --replicas=3 --dry-run
kubectl get pods --dry-run
kubectl run x --image=nginx --dry-run -o name
kubectl scale deploy/web --replicas=3 --dry-run=server
kubectl scale deploy/nope --replicas=3 --dry-run=client
kubectl get deploy web
