# SetDefaults_Pod (pkg/apis/core/v1/defaults.go): a container's (and an init container's) limit stands in for its
# missing request of the same resource, in the stored pod: `get -o yaml`, `describe pod` (Requests:) and the
# QoS class (PrepareForCreate computes it from the defaulted pod) show it, and the scheduler counts it. A pod
# template is not defaulted so: the StatefulSet's template keeps limits only, while its pods get the requests.
# With hostNetwork a container port's hostPort defaults to its containerPort.
cat <<'YAML' > lim.yaml
apiVersion: v1
kind: Pod
metadata:
  name: lim
spec:
  initContainers:
  - name: init
    image: busybox:1.36
    command: ["true"]
    resources:
      limits:
        memory: 64Mi
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        memory: 100Mi
      limits:
        cpu: 500m
        memory: 200Mi
  - name: side
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      limits:
        cpu: "1"
        memory: 1Gi
YAML
kubectl create -f lim.yaml
kubectl get pod lim -o jsonpath='{range .spec.initContainers[*]}{.name}: {.resources}{"\n"}{end}{range .spec.containers[*]}{.name}: {.resources}{"\n"}{end}{.status.qosClass}{"\n"}'
kubectl get pod lim -o yaml | sed -n '/^  containers:/,/^  dnsPolicy/p' | grep -A8 'resources:'
sleep 5
kubectl describe pod lim | sed -n '/^Init Containers:/,/^Conditions:/p' | grep -B1 -A3 -E '^ +(Limits|Requests):'
kubectl describe pod lim | grep QoS
cat <<'YAML' > g.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: g
spec:
  serviceName: g
  replicas: 1
  selector:
    matchLabels: {app: g}
  template:
    metadata:
      labels: {app: g}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: ["sleep", "3600"]
        resources:
          limits: {cpu: 100m, memory: 32Mi}
YAML
kubectl apply -f g.yaml
sleep 5
kubectl get sts g -o jsonpath='{.spec.template.spec.containers[0].resources}{"\n"}'
kubectl get pod g-0 -o jsonpath='{.spec.containers[0].resources} {.status.qosClass}{"\n"}'
# A limit larger than the node's room is a request the scheduler refuses; the class was stored at creation.
cat <<'YAML' > big.yaml
apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: big
    image: busybox:1.36
    resources:
      limits:
        cpu: "3"
YAML
kubectl apply -f big.yaml
sleep 2
kubectl get pod big -o jsonpath='{.spec.containers[0].resources.requests} {.status.qosClass}{"\n"}{.status.conditions[0].message}{"\n"}'
cat <<'YAML' > hn.yaml
apiVersion: v1
kind: Pod
metadata:
  name: hn
spec:
  hostNetwork: true
  containers:
  - name: hn
    image: busybox:1.36
    ports:
    - containerPort: 8080
    - containerPort: 9090
      hostPort: 9191
YAML
kubectl create -f hn.yaml
kubectl get pod hn -o jsonpath='{.spec.containers[0].ports}{"\n"}'
# ComputePodQOS counts init containers too: limits equal to requests in the app container alone is Burstable.
cat <<'YAML' > q.yaml
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  initContainers:
  - name: init
    image: busybox:1.36
    command: ["true"]
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      limits: {cpu: 100m, memory: 32Mi}
YAML
kubectl apply -f q.yaml
kubectl get pod q -o jsonpath='{.status.qosClass}{"\n"}'
