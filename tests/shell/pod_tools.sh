# Filters inside containers read their file operands (grep, wc, head, tail), with GNU's output and errors in
# Debian-based images (checked against coreutils 9.1 and grep 3.8 on the same files) and BusyBox's (libbb's
# fopen_or_warn: "can't open 'F'"; grep names the file) in busybox.
# grep's pattern is a basic regular expression (-E extended, -F fixed); -q stops at the first match.
helm install web ./python-time-app --set replicaCount=1 --wait
kubectl exec web-python-time-app-0 -- sh -c 'echo a > data/f1; echo b >> data/f1; echo b > data/f2'
kubectl exec web-python-time-app-0 -- grep b data/f1
kubectl exec web-python-time-app-0 -- grep b data/f1 data/f2 nope
kubectl exec web-python-time-app-0 -- grep -c b data/f1 data/f2
kubectl exec web-python-time-app-0 -- wc -l data/f1 data/f2
kubectl exec web-python-time-app-0 -- wc data/f1
kubectl exec web-python-time-app-0 -- head -n 1 data/f1 data/f2
kubectl exec web-python-time-app-0 -- tail -1 data/f1
kubectl exec web-python-time-app-0 -- head nope
kubectl exec web-python-time-app-0 -- sh -c 'cat data/f1 | grep a'
kubectl exec web-python-time-app-0 -- cat data/visits
kubectl exec web-python-time-app-0 -- grep -c . data/visits
kubectl exec web-python-time-app-0 -- grep -n 'a\|b' data/f1
kubectl exec web-python-time-app-0 -- grep -E 'x|b' data/f1
kubectl exec web-python-time-app-0 -- grep -ic A data/f1
kubectl exec web-python-time-app-0 -- grep -q b data/f1 nope
kubectl exec web-python-time-app-0 -- grep 'a\(' data/f1
kubectl exec web-python-time-app-0 -- grep '[a' data/f1
kubectl exec web-python-time-app-0 -- grep -F . data/f1
kubectl run bb --image=busybox:1.36 -- sleep 3600
sleep 10
kubectl exec bb -- sh -c "echo one > /f; echo two >> /f"
kubectl exec bb -- head -n1 nope
kubectl exec bb -- grep o nope
