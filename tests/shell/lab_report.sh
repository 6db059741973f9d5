# seed: 7
# The lab report (shared/seed/statefulset-lab-report.md) replayed. The earlier lab left a ServiceAccount behind
# that the chart also wants (the report's "internal-app"), so the first real install fails as it did there.
# The lab's chart values: Parallel pod management (its answer to task 2.5). Sleeps stand for the time that passed
# between the report's commands. Not reproduced: the report's older Deployments and vault-0, created hours before.
kubectl create serviceaccount internal-app
helm install --dry-run --debug python-stateful ./python-time-app --set serviceAccount.name=internal-app | head -8
helm install python-stateful ./python-time-app --set serviceAccount.name=internal-app
kubectl delete serviceaccount internal-app
helm install python-stateful ./python-time-app --set serviceAccount.name=internal-app --set podManagementPolicy=Parallel
sleep 20
kubectl get pods
export POD_NAME=$(kubectl get pods --namespace default -l "app.kubernetes.io/name=python-time-app,app.kubernetes.io/instance=python-stateful" -o jsonpath="{.items[0].metadata.name}")
export CONTAINER_PORT=$(kubectl get pod --namespace default $POD_NAME -o jsonpath="{.spec.containers[0].ports[0].containerPort}")
echo "Visit http://127.0.0.1:8080 to use your application"
kubectl --namespace default port-forward $POD_NAME 8080:$CONTAINER_PORT
curl -s http://127.0.0.1:8080/
sleep 2m 15s
kubectl get po,sts,svc,pvc
hey -n 60 -c 5 http://python-stateful-python-time-app/ | tail -4
kubectl exec -it python-stateful-python-time-app-0 -- cat data/visits
kubectl exec -it python-stateful-python-time-app-1 -- cat data/visits
kubectl delete pod/python-stateful-python-time-app-0
kubectl get pvc
sleep 30
kubectl exec -it python-stateful-python-time-app-0 -- cat data/visits
kubectl exec python-stateful-python-time-app-0 -- nslookup python-stateful-python-time-app-1.python-stateful-python-time-app
kubectl exec python-stateful-python-time-app-1 -- nslookup python-stateful-python-time-app-0.python-stateful-python-time-app
helm upgrade --install scala-stateful ./scala-time-app -n default
sleep 65
kubectl get po,sts,svc,pvc
helm list
helm history python-stateful
helm uninstall scala-stateful
