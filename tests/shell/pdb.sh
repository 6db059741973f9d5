# PodDisruptionBudgets (policy/v1): the disruption controller's status, the eviction subresource's 429 and
# kubectl drain retrying every 5 s until its --timeout; on this one-node cluster a drained pod comes back Pending,
# so the budget never has room for a second eviction. Then the API's validation and two budgets over one pod.
helm install web ./python-time-app --set replicaCount=3 > /dev/null
sleep 60
cat > pdb.yaml <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web-pdb
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app.kubernetes.io/instance: web
EOF
kubectl apply -f pdb.yaml
kubectl get pdb
kubectl get pdb web-pdb -o yaml | sed -n '/^status/,$p'
kubectl describe pdb web-pdb
kubectl delete pod web-python-time-app-2 --wait=false
kubectl get pdb
sleep 30
kubectl get pdb -o wide
kubectl drain minikube --ignore-daemonsets --timeout=12s --pod-selector=app.kubernetes.io/instance=web
kubectl get pods
kubectl get pdb web-pdb -o jsonpath='{.status}{"\n"}'
kubectl uncordon minikube
sleep 30
kubectl get pdb
cat > bad.yaml <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: bad
spec:
  minAvailable: 101%
  maxUnavailable: -1
  unhealthyPodEvictionPolicy: Never
  selector:
    matchLabels:
      app: x
EOF
kubectl apply -f bad.yaml
cat > pct.yaml <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: pct
spec:
  maxUnavailable: 34%
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels:
      app.kubernetes.io/name: python-time-app
EOF
kubectl apply -f pct.yaml
kubectl get pdb
kubectl drain minikube --ignore-daemonsets --timeout=5s --pod-selector=app.kubernetes.io/instance=web
kubectl delete pdb pct
kubectl run lone --image=nginx --labels=app=lone
cat > lone.yaml <<'EOF'
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: lone
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app: lone
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: none
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: nothing
EOF
kubectl apply -f lone.yaml
sleep 5
kubectl get pdb
kubectl get events --field-selector involvedObject.kind=PodDisruptionBudget
kubectl describe pdb lone
kubectl create pdb half --selector='app.kubernetes.io/instance=web,tier in (b,a)' --min-available=50% --dry-run=client -o yaml
kubectl create pdb half --selector=app=x
kubectl create pdb half --selector=app=x --min-available=1 --max-unavailable=1
kubectl create pdb half --selector=app=x --max-unavailable=one
kubectl create pdb web-pdb --selector=app=x --min-available=1
kubectl create pdb half --selector=app=lone --max-unavailable=100%
kubectl get pdb half -o jsonpath='{.spec}{"\n"}'
kubectl patch pdb web-pdb --type=merge -p '{"spec":{"minAvailable":"50%"}}'
kubectl get pdb web-pdb -o jsonpath='{.metadata.generation} {.status.observedGeneration} {.status.desiredHealthy} {.status.expectedPods} {.status.disruptionsAllowed}{"\n"}'
kubectl patch pdb web-pdb --subresource=status --type=merge -p '{"status":{"disruptionsAllowed":-1}}'
