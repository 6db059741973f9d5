# What goes wrong (kind)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
kind create cluster --name stsplay
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
kind load docker-image python-time-app:1.0.0 --name stsplay

# 1. Start from the lab's release
helm install python-stateful ./python-time-app

# 2. A broken image stalls the rollout
helm upgrade python-stateful ./python-time-app --set image.tag=no-such-tag
sleep 60
kubectl get pods

# 3. The forced rollback
helm rollback python-stateful 1
kubectl delete pod python-stateful-python-time-app-1

# 4. A forbidden change
helm upgrade python-stateful ./python-time-app --set podManagementPolicy=Parallel
helm history python-stateful

# 5. A Service name clash on install
kubectl create service clusterip clash-python-time-app --tcp=80:80
helm install clash ./python-time-app
kubectl delete service clash-python-time-app
helm install clash ./python-time-app

# When you are done
kind delete cluster --name stsplay
