# helm's errors and chart commands (rendering comes from the Helm engine).
helm
helm frob
helm install
helm install python-stateful
helm install x ./nope
helm install x ./python-time-app --bogus
helm list
helm ls -A
helm status nope
helm uninstall
helm uninstall nope
helm history nope
helm show values ./python-time-app | head -5
helm lint ./python-time-app
helm upgrade x
helm upgrade x ./python-time-app
helm template python-stateful ./python-time-app --show-only templates/service.yaml
helm install --dry-run --debug python-stateful ./python-time-app --set replicaCount=3 2>&1 | grep -v "^  " | head -16
helm install python-stateful ./python-time-app -f nope.yaml
echo 'replicaCount: [' > bad.yaml
helm install python-stateful ./python-time-app -f bad.yaml
helm install python-stateful ./python-time-app --set replicaCount=1
helm install python-stateful ./python-time-app
helm list
helm get values python-stateful
sleep 30
helm upgrade python-stateful ./python-time-app --reuse-values --set replicaCount=2
helm get values python-stateful
helm history python-stateful
helm rollback python-stateful 1
helm history python-stateful
helm status python-stateful | head -6
helm get manifest python-stateful | grep -c "^kind:"
kubectl get secrets
helm uninstall python-stateful
kubectl get sts,secrets
helm install a ./python-time-app -n lab
helm install a ./python-time-app -n lab --create-namespace | head -4
helm ls -A
