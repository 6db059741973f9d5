# sleep moves the simulated clock. One sleep simulates a bounded amount of the learner's pod-time (the
# playground runs in a browser tab): a month of the lab's two pods stops after about a week and says so, with
# status 1; another sleep goes on from there. Without pods of the learner's, a month is nothing to simulate.
sleep 30d; echo $?
helm install web ./python-time-app > /dev/null
sleep 30d
echo $?
kubectl get sts
sleep 1h; echo $?
kubectl get sts
