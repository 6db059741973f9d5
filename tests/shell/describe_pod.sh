# kubectl describe pod (describe.go describePod) through a pod's life: Pending and unscheduled (the NodeAffinity
# filter: its nodeSelector matches no node, so no IP: 'IPs:  <none>', no Node, only PodScheduled False) until the node
# gets the label; Terminating with a grace period ('lasts <invalid>': deletionTimestamp is still ahead, as real
# kubectl prints it) and the Termination Grace Period line.
cat <<'YAML' > p.yaml
apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  terminationGracePeriodSeconds: 60
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "trap '' TERM; sleep 3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: picky
spec:
  nodeSelector: {disk: ssd}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
YAML
kubectl apply -f p.yaml
sleep 10
kubectl delete pod slow --wait=false
sleep 5
kubectl describe pod slow | head -12
kubectl describe pod picky
kubectl get pod picky
kubectl label node minikube disk=ssd
sleep 20
kubectl get pod picky
kubectl get events --field-selector involvedObject.name=picky
# describeResources (Limits then Requests, names sorted, quantities canonical) in a pod and in a StatefulSet's
# template, and describeVolumes for the template (one more space before each name, sources at LEVEL_2).
cat <<'YAML' > r.yaml
apiVersion: v1
kind: Pod
metadata:
  name: sized
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests: {memory: 64Mi, cpu: "0.25"}
      limits: {memory: 1024Mi, cpu: 500m}
    volumeMounts: [{name: scratch, mountPath: /scratch}]
  volumes:
  - name: scratch
    emptyDir: {medium: Memory, sizeLimit: 128Mi}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-conf
data:
  a: b
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        resources:
          requests: {cpu: 100m}
        volumeMounts:
        - {name: conf, mountPath: /etc/conf}
        - {name: cache, mountPath: /cache}
        - {name: shared, mountPath: /shared}
      volumes:
      - name: conf
        configMap: {name: web-conf}
      - name: cache
        emptyDir: {}
      - name: shared
        persistentVolumeClaim: {claimName: shared-data, readOnly: true}
YAML
kubectl apply -f r.yaml
sleep 5
kubectl describe pod sized | grep -A20 '^Containers:'
kubectl describe pod sized | grep -A5 '^Volumes:'
kubectl describe sts web | grep -A30 '^Pod Template:'
# describeDeployment (checked against the real kubectl 1.37.1 on `stsplay serve`): the shared pod template, the
# Conditions table, and the new and old ReplicaSets during a rollout.
cat <<'YAML' > d.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80}]
        resources:
          limits: {memory: 128Mi}
        volumeMounts: [{name: tmp, mountPath: /tmp}]
      volumes:
      - name: tmp
        emptyDir: {sizeLimit: 1Gi}
YAML
kubectl apply -f d.yaml
sleep 10
kubectl describe deploy api
kubectl set image deploy/api app=nginx:1.28
kubectl describe deploy api | grep -A8 '^Conditions:'
# describeContainerBasicInfo (as real kubectl 1.37.1 printed it on `stsplay serve`): `Ports:`/`Host Ports:` when
# there are several. (Its empty `Container ID:`/`Image ID:` lines for a waiting container are in init_containers.out.)
cat <<'YAML' > pp.yaml
apiVersion: v1
kind: Pod
metadata:
  name: ports
spec:
  containers:
  - name: app
    image: nginx:1.27
    ports:
    - {containerPort: 80, name: http}
    - {containerPort: 9090, name: metrics, protocol: UDP}
  - name: side
    image: busybox:1.36
    command: ["sleep", "3600"]
    ports:
    - {containerPort: 8080, name: web}
YAML
kubectl apply -f pp.yaml
sleep 2
kubectl describe pod ports | grep -B2 -A1 Port
