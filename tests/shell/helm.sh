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
