# kubectl taint (kubectl pkg/cmd/taint): the argument checks in kubectl's order, adding, replacing (--overwrite)
# and removing taints; the scheduler's TaintToleration filter keeps a pod that does not tolerate a NoSchedule taint
# Pending ("node(s) had untolerated taint(s)"), a toleration lets it in; PreferNoSchedule only scores.
kubectl taint
kubectl taint nodes
kubectl taint minikube dedicated=db:NoSchedule
kubectl taint pods minikube dedicated=db:NoSchedule
kubectl taint nodes minikube dedicated=db
kubectl taint nodes minikube dedicated=db:Never
kubectl taint nodes minikube dedicated=db=x:NoSchedule
kubectl taint nodes minikube a:b:c
kubectl taint nodes minikube dedicated=db_:NoSchedule
kubectl taint nodes minikube Example.com/x:NoSchedule
kubectl taint nodes minikube a=1:NoSchedule a=2:NoSchedule
kubectl taint nodes minikube a=1:NoSchedule a:NoSchedule-
kubectl taint nodes dedicated=db:NoSchedule minikube
kubectl taint nodes --all -l x=y dedicated=db:NoSchedule
kubectl taint nodes nosuch dedicated=db:NoSchedule
kubectl taint nodes minikube dedicated=db:NoSchedule
kubectl taint nodes minikube dedicated=db:NoSchedule
kubectl taint nodes minikube dedicated=web:NoSchedule --overwrite
kubectl describe node minikube | grep -A1 Taints
kubectl run plain --image=nginx
cat <<'YAML' > tolerant.yaml
apiVersion: v1
kind: Pod
metadata:
  name: tolerant
spec:
  tolerations:
  - key: dedicated
    operator: Equal
    value: web
    effect: NoSchedule
  containers:
  - name: app
    image: nginx
YAML
kubectl apply -f tolerant.yaml
sleep 5
kubectl get pods
kubectl describe pod plain | tail -1
kubectl get pod plain -o jsonpath='{.status.conditions[0].message}{"\n"}'
kubectl taint no minikube slow:PreferNoSchedule
kubectl taint nodes minikube dedicated:NoSchedule- slow-
sleep 5
kubectl get pods
kubectl taint nodes minikube dedicated:NoSchedule-
kubectl taint nodes minikube dedicated- other-
kubectl taint nodes minikube x=y:NoSchedule --dry-run=client -o yaml | grep -A3 taints
kubectl taint nodes -l kubernetes.io/hostname=minikube x=y:NoSchedule -o name
kubectl get node minikube -o jsonpath='{.spec.taints}{"\n"}'
kubectl taint nodes --all x-
kubectl taint nodes -l x=y x-
kubectl get node minikube -o jsonpath='{.spec.taints}{"\n"}'
