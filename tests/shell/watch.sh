# watch (procps-ng 4.0.2) in a script: one screen where the terminal cannot be held, screens until a timeout
# runs out, each starting with the clear the page's terminal honours; the page's Ctrl-C path is a unit test
watch -v
watch
watch -z kubectl get pods
watch -n abc date
watch -n
watch --zz date
watch -g date
helm install web ./python-time-app
watch -n 5 kubectl get pods
timeout 5s watch -n 2 date
timeout 12s watch -n 4 -t 'kubectl get pods --no-headers | wc -l'
timeout 1h watch -n 60 date | tail -3
