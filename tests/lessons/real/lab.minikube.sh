# The lab: a StatefulSet from the helm-create chart (minikube)
# Start a cluster (kind and minikube both provide the `standard` StorageClass the charts use)
minikube start
# The charts: download each from the playground (Download the chart) into this directory, then unpack
tar xzf python-time-app-0.1.0.tgz
tar xzf scala-time-app-0.1.0.tgz
# The lab's app images are your own: build each from its source, then give it to the cluster
docker build -t python-time-app:1.0.0 ./python-time-app-source
minikube image load python-time-app:1.0.0
docker build -t scala-time-app:1.0.0 ./scala-time-app-source
minikube image load scala-time-app:1.0.0

# 1. See what Helm will render
helm template python-stateful ./python-time-app --show-only templates/statefulset.yaml

# 2. Install the chart
helm install python-stateful ./python-time-app
kubectl get pods

# 3. Everything the release made
kubectl get po,sts,svc,pvc

# 4. Every pod counts its own visits
kubectl run hey --rm -i --restart=Never --image=williamyeh/hey -- -n 120 -c 4 http://python-stateful-python-time-app/
kubectl exec -it python-stateful-python-time-app-0 -- cat data/visits
kubectl exec -it python-stateful-python-time-app-1 -- cat data/visits

# 5. Delete pod 0; it comes back whole
kubectl delete pod/python-stateful-python-time-app-0
kubectl get pvc
sleep 30
kubectl exec -it python-stateful-python-time-app-0 -- cat data/visits

# 6. Stable DNS names through the headless Service
kubectl exec python-stateful-python-time-app-0 -- nslookup python-stateful-python-time-app-1.python-stateful-python-time-app
kubectl exec python-stateful-python-time-app-1 -- nslookup python-stateful-python-time-app-0.python-stateful-python-time-app

# 7. Probes
kubectl describe pod python-stateful-python-time-app-0

# 8. Ordered scaling
kubectl scale sts python-stateful-python-time-app --replicas=4
kubectl get pods -l app.kubernetes.io/instance=python-stateful

# 9. Bonus: a second app
helm upgrade --install scala-stateful ./scala-time-app -n default
kubectl get po,sts,svc,pvc

# 10. A canary with a partition
kubectl patch sts python-stateful-python-time-app -p '{"spec":{"updateStrategy":{"type":"RollingUpdate","rollingUpdate":{"partition":3}}}}'
kubectl rollout restart sts/python-stateful-python-time-app
kubectl get pods -L controller-revision-hash

# 11. Roll the rest, newest ordinal first
kubectl patch sts python-stateful-python-time-app -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'
kubectl rollout status sts/python-stateful-python-time-app

# 12. OnDelete
kubectl patch sts python-stateful-python-time-app --type=json -p '[{"op":"replace","path":"/spec/updateStrategy","value":{"type":"OnDelete"}}]'
kubectl rollout restart sts/python-stateful-python-time-app
kubectl delete pod python-stateful-python-time-app-1

# When you are done
minikube delete
