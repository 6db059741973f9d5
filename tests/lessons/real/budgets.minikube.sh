# Disruption budgets: drain one pod at a time (minikube)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
minikube start
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
minikube image load python-time-app:1.0.0

# 1. Three pods and a budget
helm install python-stateful ./python-time-app --set replicaCount=3 --set podDisruptionBudget.enabled=true --set podDisruptionBudget.minAvailable=2

# 2. Read the budget
kubectl get pdb
kubectl describe pdb python-stateful-python-time-app

# 3. Drain under a budget
kubectl drain minikube --ignore-daemonsets --timeout=40s --pod-selector=app.kubernetes.io/instance=python-stateful

# 4. The budget is spent
kubectl get pdb,pods

# 5. A delete is not an eviction
kubectl delete pod python-stateful-python-time-app-1
kubectl get pdb,pods

# 6. Uncordon; the budget recovers
kubectl uncordon minikube
kubectl rollout status sts python-stateful-python-time-app
kubectl get pdb

# When you are done
minikube delete
