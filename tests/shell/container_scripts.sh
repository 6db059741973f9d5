# A container's `sh -c` script runs over simulated time: its output is the log at the time it is printed,
# `sleep` takes that long, `exit N` (or the script's end) ends the container with N.
kubectl run t --image=busybox --restart=Never -- sh -c 'echo hi; sleep 5; exit 3'
sleep 3
kubectl get pods
kubectl logs t
sleep 4
kubectl get pods
kubectl get pod t -o jsonpath='{.status.phase} {.status.containerStatuses[0].state.terminated.exitCode} {.status.containerStatuses[0].state.terminated.reason}{"\n"}'
kubectl describe pod t | grep -A5 'State:'
# The logging example of the Kubernetes docs (concepts/cluster-administration/logging).
kubectl run counter --image=busybox -- /bin/sh -c 'i=0; while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done'
sleep 6
kubectl logs counter
kubectl logs counter --tail=3
timeout 5 kubectl logs -f counter --tail=1
kubectl get pod counter
# restartPolicy OnFailure: the script fails until its counter in the emptyDir (which outlives the container)
# reaches 3, then succeeds.
cat <<'YAML' > retry.yaml
apiVersion: v1
kind: Pod
metadata:
  name: retry
spec:
  restartPolicy: OnFailure
  containers:
  - name: work
    image: busybox:1.36
    command: ["sh", "-c"]
    args:
    - |
      n=$(cat /data/n 2>/dev/null || echo 0)
      n=$((n + 1))
      echo $n > /data/n
      if [ $n -lt 3 ]; then
        echo "attempt $n failed"
        exit 1
      fi
      echo "attempt $n succeeded"
    volumeMounts: [{name: data, mountPath: /data}]
  volumes:
  - name: data
    emptyDir: {}
YAML
kubectl apply -f retry.yaml
sleep 2
kubectl get pod retry
sleep 30
kubectl get pod retry
kubectl logs retry
kubectl logs retry --previous
kubectl get pod retry -o jsonpath='{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].state.terminated.reason}{"\n"}'
# Loops: for, break, continue, until, if/elif/else, && and ||, $? and a busy loop that never sleeps.
kubectl run loops --image=busybox --restart=Never -- sh -c 'for x in a b c d; do if [ $x = b ]; then continue; elif [ $x = d ]; then break; else echo "x=$x"; fi; done; n=0; until [ $n -ge 3 ]; do n=$((n+1)); done; echo n=$n; false || echo "false gave $?"; true && echo ok; exit $((n * 2))'
kubectl run busy --image=busybox --restart=Never -- sh -c 'while :; do :; done'
kubectl run loopstatus --image=busybox --restart=Never -- sh -c 'n=0; while [ $n -lt 2 ]; do n=$((n+1)); done && echo "while gave $?"; for x in; do :; done; echo "for gave $?"'
sleep 3
kubectl logs loops
kubectl logs loopstatus
kubectl get pods loops busy loopstatus
# The init container idiom of the docs still waits for its Service.
cat <<'YAML' > init.yaml
apiVersion: v1
kind: Pod
metadata:
  name: myapp
spec:
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
YAML
kubectl apply -f init.yaml
sleep 5
kubectl get pod myapp
kubectl create service clusterip myservice --tcp=80:9376
sleep 5
kubectl get pod myapp
kubectl logs myapp -c myapp-container
# A script that ends in a command that never returns keeps the container Running; tail -f prints the file's end first.
kubectl run follow --image=busybox --restart=Never -- sh -c 'echo one > /log; echo two >> /log; tail -n 1 -f /log'
kubectl run idle --image=busybox --restart=Never -- sh -c 'echo idle; sleep infinity'
sleep 3
kubectl get pods follow idle
kubectl logs follow
kubectl logs idle
# Errors a shell reports go to the log too, in the image's shell's words (nginx's Debian: dash, GNU sleep).
# An expansion error ends the shell; a command's error only sets $?.
kubectl run bad --image=nginx --restart=Never --command -- sh -c 'i=x; echo $((i + 1)); echo never'
kubectl run bad2 --image=nginx --restart=Never --command -- sh -c '[ 1 -lt two ]; echo "test $?"; sleep soon; echo "sleep $?"; exit nine'
sleep 20
kubectl logs bad
kubectl logs bad2
kubectl get pods bad bad2 -o jsonpath='{range .items[*]}{.metadata.name} {.status.containerStatuses[0].state.terminated.exitCode}{"\n"}{end}'
# restartPolicy Always (a Deployment's pods): a script that ends, even with 0, is restarted, and backs off.
kubectl create deployment once --image=busybox -- sh -c 'echo "started on $HOSTNAME"; sleep 2'
sleep 40
kubectl get pods -l app=once
kubectl logs deploy/once
# sh as PID 1 has no SIGTERM handler: the pod goes at the end of its grace period, its loop logging until then.
kubectl delete pod counter --wait=false
sleep 10
kubectl get pod counter
kubectl logs counter --tail=1
sleep 25
kubectl get pod counter
# A loop that prints without sleeping is busy, not hung; its log is rotated at the kubelet's 10Mi, so
# `kubectl logs` shows fewer lines after the rotation than before it.
kubectl run spam --image=busybox --restart=Never -- sh -c 'l=0123456789; l=$l$l$l$l$l$l$l$l$l$l; l=$l$l$l$l$l$l$l$l$l$l; while :; do echo "$l"; done'
sleep 30
kubectl logs spam | wc -l
sleep 30
kubectl logs spam | wc -l
kubectl logs spam --tail=1 | wc -c
kubectl get pod spam
# kubectl logs --timestamps: the kubelet's RFC3339NanoFixed time before each line
kubectl run stamped --image=busybox --restart=Never -- sh -c 'echo one; sleep 2; echo two'
sleep 5
kubectl logs stamped --timestamps
kubectl logs stamped --timestamps --tail=1
# the image's root directories: /tmp is there to write into, as in every real image
kubectl exec stamped -- ls / 2>&1 | head -3
kubectl run rootfs --image=busybox --restart=Never -- sh -c 'echo scratch > /tmp/f; cat /tmp/f; ls /'
sleep 3
kubectl logs rootfs
