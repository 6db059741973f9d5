# xargs as GNU findutils 4.9 runs it (the lines without kubectl compared with bash 5.2 on Debian), and the
# usual ways to act on a list of pods with it.
printf 'a b\nc\n' | xargs echo
printf 'a b\nc\n' | xargs -n 1 echo x
printf 'a b\nc\n' | xargs -n1 echo x
printf 'a b\nc\n' | xargs -I {} echo "[{}]"
printf '' | xargs echo hi
printf '' | xargs -r echo hi
printf 'a\n' | xargs false; echo rc=$?
printf '"a b" c\n' | xargs -n1 echo
printf 'a\n' | xargs -n 0 echo; echo rc=$?
printf 'a\n' | xargs -I; echo rc=$?
printf 'x y\n' | xargs
printf 'a\n' | xargs nosuchcmd; echo rc=$?
printf 'a b\n' | xargs -t echo
helm install python-stateful ./python-time-app --set replicaCount=3
sleep 60
kubectl get pods -o name | xargs -n1 kubectl exec -- cat data/visits
kubectl get pods -o name | xargs -I {} kubectl exec {} -- cat data/visits
kubectl get pods -o name | cut -d/ -f2 | xargs -t -n1 kubectl get pod --no-headers
kubectl get pods -o name | xargs kubectl delete --wait=false
kubectl get pods -l nothing=here -o name | xargs -r kubectl delete
kubectl get pods -l nothing=here -o name | xargs kubectl delete
