# What a fresh minikube holds, and objects that need no controller (ConfigMaps, Secrets, ServiceAccounts).
kubectl get nodes
kubectl get nodes -o wide
kubectl get ns
kubectl get sc
kubectl get svc -A
kubectl get svc kubernetes -o name
kubectl get svc kubernetes -o jsonpath='{.spec.clusterIP}{"\n"}'
kubectl get svc -o custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,MISSING:.spec.nope
kubectl get sa
kubectl get pods
kubectl get po,sts,svc,pvc
kubectl create configmap app-config --from-literal=greeting=hello --from-literal=mode=dev
kubectl create configmap app-config --from-literal=greeting=again
kubectl get cm app-config --show-labels
kubectl label cm app-config tier=web
kubectl label cm app-config tier=db
kubectl label cm app-config tier=db --overwrite
kubectl get cm -l tier=db
kubectl label cm app-config tier-
kubectl annotate cm app-config note=hi
kubectl patch cm app-config -p '{"data":{"mode":"prod"}}'
kubectl patch cm app-config -p '{"data":{"mode":"prod"}}'
kubectl get cm app-config -o jsonpath='{.data.mode}'
echo
kubectl get cm app-config -o yaml | grep -v -e uid -e resourceVersion -e creationTimestamp
kubectl create namespace lab
kubectl get ns lab
kubectl create sa internal-app -n lab
kubectl get sa -n lab
kubectl create secret generic creds --from-literal=password=s3cret
kubectl get secret creds -o jsonpath='{.data.password}' | base64 -d
echo
kubectl delete cm app-config
kubectl delete cm app-config
kubectl get cm app-config --ignore-not-found
kubectl api-resources | head -5
kubectl version
kubectl api-versions
kubectl auth can-i create pods
kubectl auth can-i create foos
kubectl auth can-i delete sts/web -n kube-system
kubectl auth can-i
kubectl auth whoami
