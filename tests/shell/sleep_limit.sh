# sleep moves the simulated clock. One command line moves it by a bounded amount of the learner's pod-time
# (the playground runs in a browser tab): a month of the lab's two pods stops after about a day and says so,
# with status 1; the next line goes on from there. Without pods of the learner's, a month is next to nothing.
sleep 30d; echo $?
helm install web ./python-time-app > /dev/null
sleep 30d
echo $?
kubectl get sts
sleep 1h; echo $?
kubectl get sts
# the bound is the line's, whatever moves the clock: a loop of sleeps says so once
for i in 1 2 3; do sleep 12h; echo "slept $i: $?"; done
# every waiting command: with fifty pods an hour is about the most a line may wait
kubectl scale sts web-python-time-app --replicas=50
kubectl wait --for=delete pod/web-python-time-app-0 --timeout=3h; echo $?
kubectl rollout restart sts web-python-time-app
kubectl rollout status sts web-python-time-app --timeout=10h; echo $?
for i in 1 2; do kubectl wait --for=delete pod/web-python-time-app-0 --timeout=3h; echo "wait $i: $?"; done
sleep 2h &
wait; echo $?
jobs
kubectl get sts
