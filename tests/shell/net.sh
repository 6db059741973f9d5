# curl, hey, nslookup and minikube from the learner's workstation.
curl
curl --bogus http://x
curl http://nope.default.svc.cluster.local/
curl -s http://nope/
echo $?
curl -s -o /dev/null -w '%{http_code}' http://nope/
echo
hey
hey -n 5 -c 10 http://x/
hey -n x http://x/
nslookup
minikube service
minikube service nope
minikube ip
