# kubectl exec -it POD -- sh opens a shell in the container: the lines that follow run there, under its
# prompt (dash's "# ", bash's "root@HOST:DIR# ", BusyBox ash's "DIR # "), cd moves it, exit leaves it
# (a non-zero status is reported by kubectl). Without -i a bare shell reads no input and ends at once.
helm install web ./python-time-app
sleep 40
kubectl exec -it web-python-time-app-0 -- sh
hostname
cat data/visits
nslookup web-python-time-app-1.web-python-time-app
kubectl get pods
exit
kubectl exec -it web-python-time-app-1 -- /bin/bash
cd data
ls
cat visits
cd /nope
cd ..
pwd
exit 3
echo status $?
kubectl exec web-python-time-app-0 -- sh
kubectl run bb --image=busybox:1.36 -- sleep 3600
sleep 10
kubectl exec -it bb -- sh
cd /etc
pwd
exit
kubectl exec -it web-python-time-app-0 -- sh
cat data/visits
sleep 30
cat data/visits
exit
