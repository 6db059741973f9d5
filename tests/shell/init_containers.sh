# Init containers run one at a time, each to completion, before the app container starts: STATUS shows
# Init:N/M, then PodInitializing, then Running. A file an init container writes into a shared emptyDir is
# there for the app. A failing init container is retried with back-off (Init:Error, Init:CrashLoopBackOff)
# under restartPolicy Always, and fails the pod under Never.
cat <<'YAML' > init.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
  - name: fetch
    image: busybox:1.36
    command: ["sh", "-c", "echo prepared by fetch > /work/index.html"]
    volumeMounts:
    - {name: work, mountPath: /work}
  - name: wait
    image: busybox:1.36
    command: ["sleep", "5"]
  containers:
  - name: nginx
    image: nginx:1.27
    volumeMounts:
    - {name: work, mountPath: /usr/share/nginx/html}
  volumes:
  - name: work
    emptyDir: {}
YAML
kubectl apply -f init.yaml
kubectl get pod web
sleep 3
kubectl get pod web
sleep 4
kubectl get pod web
sleep 20
kubectl get pod web
kubectl exec web -- cat /usr/share/nginx/html/index.html
kubectl logs web -c fetch
kubectl get pod web -o jsonpath='{range .status.initContainerStatuses[*]}{.name}={.state.terminated.reason} {end}{"\n"}'
kubectl get pod web -o jsonpath='{.status.conditions[?(@.type=="Initialized")].status}{"\n"}'
cat <<'YAML' > broken.yaml
apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  initContainers:
  - name: check
    image: busybox:1.36
    command: ["sh", "-c", "exit 1"]
  containers:
  - name: app
    image: nginx:1.27
---
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  initContainers:
  - name: check
    image: busybox:1.36
    command: ["sh", "-c", "exit 1"]
  containers:
  - name: app
    image: nginx:1.27
YAML
kubectl apply -f broken.yaml
sleep 30
kubectl get pods broken once
kubectl get pod broken -o jsonpath='{.status.conditions[?(@.type=="Initialized")].message}{"\n"}'
kubectl describe pod once
# A native sidecar (an init container with restartPolicy Always) starts first, keeps running next to the
# app and counts in READY.
cat <<'YAML' > sidecar.yaml
apiVersion: v1
kind: Pod
metadata:
  name: with-sidecar
spec:
  initContainers:
  - name: shipper
    image: busybox:1.36
    restartPolicy: Always
    command: ["sh", "-c", "while true; do sleep 5; done"]
  containers:
  - name: nginx
    image: nginx:1.27
YAML
kubectl apply -f sidecar.yaml
kubectl get pod with-sidecar
sleep 30
kubectl get pod with-sidecar
kubectl get pod with-sidecar -o jsonpath='{.status.initContainerStatuses[0].state}{"\n"}'
# The Init Containers page of the Kubernetes docs: each init container waits, polling DNS, for a Service that
# does not exist yet; the pod moves on as soon as the Services are created.
cat <<'YAML' > myapp.yaml
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
YAML
kubectl apply -f myapp.yaml
sleep 20
kubectl get -f myapp.yaml
kubectl logs myapp-pod -c init-myservice | tail -6
cat <<'YAML' > services.yaml
apiVersion: v1
kind: Service
metadata:
  name: myservice
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: mydb
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9377
YAML
kubectl apply -f services.yaml
sleep 10
kubectl get -f myapp.yaml
kubectl logs myapp-pod
kubectl logs myapp-pod -c init-mydb | tail -5
