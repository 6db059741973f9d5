# seed: 5
# Background jobs around the cluster: a delayed delete the StatefulSet answers while a watch runs, a
# port-forward in the background, a job waiting on `kubectl delete`, and `wait` for jobs only Ctrl-C ends.
helm install web ./python-time-app --wait
sleep 30 && kubectl delete pod web-python-time-app-0 &
timeout 70s kubectl get pods -w
kubectl port-forward svc/web-python-time-app 8080:80 &
curl -s localhost:8080
kubectl delete pod web-python-time-app-1 && echo gone &
sleep 5
jobs
sleep 60
kubectl get pods
sleep 1 && curl -s localhost:8080 &
wait %2
wait
echo after wait
kill %1
sleep 2 && echo late &
# kubectl prints the deletion before it waits: a watch job's rows come after it
kubectl get pods -w &
kubectl delete pod web-python-time-app-1
kill %3
# a job's `kubectl wait`/`rollout status` waits on the clock (tried every second) instead of jumping it
kubectl delete pod web-python-time-app-0 --wait=false
kubectl rollout status statefulset/web-python-time-app && echo rolled out &
kubectl wait --for=delete pod/web-python-time-app-0 --timeout=3s || echo still there after 3s &
sleep 1
jobs
sleep 60
# a job's wait sleeps over the time nothing can change (as a job's sleep does): `wait` sees it through its 2h
kubectl wait --for=condition=Ready=false pod/etcd-minikube -n kube-system --timeout=2h && echo unready || echo still ready after 2h &
wait
# --for=delete waits for the objects found when it began, by UID (wait.go IsDeleted): a StatefulSet's pod made
# again under its name counts as deleted; a name not found then is not waited for (checked with kubectl 1.37.1)
kubectl delete pod web-python-time-app-0 --wait=false
kubectl wait --for=delete pod/web-python-time-app-0 --timeout=60s && kubectl get pod web-python-time-app-0
kubectl delete pod web-python-time-app-1 --wait=false
kubectl wait --for=delete pod/web-python-time-app-1 --timeout=60s && echo made again &
wait
kubectl wait --for=delete pod/nope --timeout=5s && echo nothing to wait for
kubectl wait --for=delete pod -l app=nothing --timeout=5s && echo nothing to wait for
