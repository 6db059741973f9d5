# helm create, helm version and the repository commands, each checked against Helm v4.3.1 (the repository
# commands on a machine without a network, as the playground is; Go's resolver names the machine's DNS server).
helm create
helm create mychart
ls mychart mychart/templates
helm template demo ./mychart --show-only templates/service.yaml
helm create mychart
helm create 'a: b'
helm create -p foo x
echo hi > afile
helm create afile
helm create afile/sub
helm lint ./mychart
helm install demo ./mychart
sleep 30
kubectl get deploy,svc,pods
kubectl get deploy demo-mychart -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
helm test demo
helm version
helm version --short
helm version --template '{{.Version}} {{.GoVersion}}{{"\n"}}'
helm repo add bitnami https://charts.bitnami.com/bitnami
helm repo add x notaurl
helm repo list; echo "rc=$?"
helm repo update
helm search repo nginx
helm search hub nginx
helm install x bitnami/nginx
helm install x nginx
helm install x oci://registry-1.docker.io/bitnamicharts/nginx
helm install x oci://registry-1.docker.io/bitnamicharts/nginx --version 18.1.0
helm install x nginx --repo https://charts.bitnami.com/bitnami
helm install x https://example.com/charts/nginx-1.0.0.tgz
helm template x bitnami/nginx
helm show values nginx
helm upgrade x ./nope
helm upgrade --install x ./nope
helm install demo ./nope
helm template x ./python-time-app --show-only 'templates/a{b'
