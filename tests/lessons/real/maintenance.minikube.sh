# Node maintenance: cordon, drain, uncordon (minikube)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
minikube start
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
minikube image load python-time-app:1.0.0

# 1. Start from the lab's release
helm install python-stateful ./python-time-app

# 2. Cordon the node
kubectl cordon minikube
kubectl get nodes
kubectl describe node minikube | grep -E 'Taints|Unschedulable'

# 3. What drain refuses
kubectl drain minikube --ignore-daemonsets

# 4. Evict the app's pods
kubectl drain minikube --ignore-daemonsets --pod-selector=app.kubernetes.io/instance=python-stateful

# 5. Uncordon; the pods come back whole
kubectl get pods,pvc
kubectl uncordon minikube
kubectl rollout status sts python-stateful-python-time-app
kubectl exec python-stateful-python-time-app-0 -- cat data/visits

# When you are done
minikube delete
