# The lab's questions, answered live (kind)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
kind create cluster --name stsplay
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
kind load docker-image python-time-app:1.0.0 --name stsplay

# 1. Setup
helm install python-stateful ./python-time-app

# 2. Why do the two pods count differently?
kubectl run hey --rm -i --restart=Never --image=williamyeh/hey -- -n 50 http://python-stateful-python-time-app/
kubectl exec python-stateful-python-time-app-0 -- cat data/visits
kubectl exec python-stateful-python-time-app-1 -- cat data/visits

# 3. Why are ordering guarantees unnecessary for this app?
kubectl get sts python-stateful-python-time-app -o jsonpath={.spec.podManagementPolicy}

# 4. OnDelete or RollingUpdate?
kubectl get sts python-stateful-python-time-app -o jsonpath={.spec.updateStrategy}

# 5. How is this different from a Deployment?
kubectl get pods -o wide

# When you are done
kind delete cluster --name stsplay
