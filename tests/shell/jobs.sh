# seed: 5
# kubectl port-forward as a background job (&), curl through it, jobs/kill/fg and bash's job notices.
curl http://127.0.0.1:8080/
helm install web ./python-time-app --wait
kubectl port-forward svc/web-python-time-app 8080:80 &
curl -s http://127.0.0.1:8080/
curl -s localhost:8080 > out.txt
cat out.txt
jobs
kubectl port-forward pod/web-python-time-app-0 8080:5000
kill %1
echo $!
curl http://localhost:8080/
kill %1
kill 99999
kill
fg
echo hi &
false &
true
# a foreground port-forward in a script keeps forwarding until the script ends (the lab's second terminal)
kubectl port-forward pod/web-python-time-app-1 8081:5000
curl -s http://localhost:8081/
kubectl get pods -w &
kubectl delete pod web-python-time-app-1 --wait=false
sleep 40
kill %1
kubectl logs -f web-python-time-app-0 | head -n 1
# `&` sends the whole AND-OR list to the background (bash), `;` ends a list: only `echo two` is a job
kubectl wait --for=condition=Ready pod/web-python-time-app-0 && kubectl port-forward pod/web-python-time-app-0 8082:5000 &
jobs
curl -s localhost:8082
kill %1
echo one; echo two &
false && echo never &
jobs
# the forward's pod deleted (the StatefulSet makes a new one of the same name): the next connection finds its
# sandbox gone, kubectl exits 1 with "lost connection to pod", later connections are refused
kubectl port-forward pod/web-python-time-app-0 8083:5000 &
kubectl delete pod web-python-time-app-0
curl localhost:8083
curl localhost:8083
jobs
# the same for the script's detached forward to web-python-time-app-1 (deleted above)
curl http://localhost:8081/
curl http://localhost:8081/
# what follows a command that keeps the terminal waits for it (here: the script's end), as in bash
kubectl port-forward pod/web-python-time-app-1 8084:5000 && echo never; echo never either
kubectl get pods -w --watch-only || echo not after a watch either
echo the next line runs
