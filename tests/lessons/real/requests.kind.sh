# Requests and a full node (kind)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
kind create cluster --name stsplay
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
kind load docker-image python-time-app:1.0.0 --name stsplay

# 1. Book half a CPU for each pod
helm install python-stateful ./python-time-app --set resources.requests.cpu=500m

# 2. A third pod does not fit
kubectl scale sts python-stateful-python-time-app --replicas=3

# 3. The scheduler's reason, the node's books
kubectl describe pod python-stateful-python-time-app-2 | tail -2
kubectl describe node | grep -A 7 'Allocated resources'

# 4. Lowering the request does not reach the waiting pod
helm upgrade python-stateful ./python-time-app --set resources.requests.cpu=400m --set replicaCount=3
kubectl delete pod python-stateful-python-time-app-2
sleep 20
kubectl get pods

# 5. Make room, then grow
kubectl scale sts python-stateful-python-time-app --replicas=2
kubectl rollout status sts python-stateful-python-time-app
kubectl scale sts python-stateful-python-time-app --replicas=3
kubectl rollout status sts python-stateful-python-time-app

# When you are done
kind delete cluster --name stsplay
