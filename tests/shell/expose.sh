# kubectl expose (kubectl pkg/cmd/expose): a Service from a deployment's selector and container port, from a pod's
# labels, from another Service; --port, --target-port, --name, --type, --cluster-ip=None (headless); what cannot
# be exposed (a StatefulSet: its governing Service is written by hand) and the errors in kubectl's words. A port
# served over UDP and TCP becomes one Service port per protocol.
kubectl create deployment web --image=nginx --port=80
kubectl create deployment multi --image=nginx
kubectl run solo --image=nginx --labels=app=solo,tier=cache
kubectl expose
kubectl expose deployment
kubectl expose deployment web --dry-run=client -o yaml
kubectl expose deployment web
kubectl expose deployment web
kubectl get svc web
kubectl expose deployment multi
kubectl expose pod solo
kubectl expose pod solo --port=6379 --name=cache --dry-run=client -o json
kubectl expose deploy web --port=8080 --target-port=http --name=web2 --type=NodePort --dry-run=client -o yaml
kubectl expose deploy multi --cluster-ip=None --name=multi-hl -n default --dry-run=client -o yaml
kubectl expose deploy web --cluster-ip=None --name=web-hl
kubectl get svc web-hl
kubectl expose deploy web --port=abc
kubectl expose deploy web --session-affinity=Sticky
kubectl expose deploy web --selector=app
kubectl expose deploy web --name=w3 -l tier=front,team=a -o name
kubectl get svc w3 --show-labels
kubectl expose svc web --port=443 --target-port=8443 --name=web-https
kubectl expose svc kubernetes --name=k2
kubectl expose deploy/web deploy/multi --port=81 --dry-run=client
kubectl expose deploy web --name=Bad_Name
kubectl expose deploy nosuch
kubectl expose node minikube
kubectl expose foo web
helm install db ./python-time-app > /dev/null
kubectl expose statefulset db-python-time-app
kubectl expose pod db-python-time-app-0 --name=db-0 --dry-run=client -o yaml
kubectl expose deploy web --name=w6 --dry-run=server
cat <<'YAML' | kubectl apply -f -
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: dns}
spec:
  serviceName: dns
  selector: {matchLabels: {app: dns}}
  template:
    metadata: {labels: {app: dns}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}, {containerPort: 53, protocol: UDP}, {containerPort: 53}]}]}
YAML
sleep 3
kubectl expose pod dns-0 --dry-run=client -o yaml | sed -n '/spec:/,$p'
kubectl get svc
