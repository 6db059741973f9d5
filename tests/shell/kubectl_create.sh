# seed: 1
# kubectl create's generators (pkg/cmd/create): what `--dry-run=client -o yaml|json` prints, each subcommand's own
# flags and errors. Every dry-run line here was compared with real kubectl 1.37.1's output for the same command.
printf 'hello' > f.txt
printf '# c\n  A=1\nB\nC=x=y\n' > e.env
B=bee
export B
kubectl create cm c --from-file=f.txt --from-file=k=f.txt --dry-run=client -o json
kubectl create cm c --from-env-file=e.env --dry-run=client -o yaml
kubectl create cm c --from-env-file=e.env --from-literal=x=1 --dry-run=client
kubectl create cm c --from-literal='a b=v' --dry-run=client
kubectl create cm c --from-literal=..a=v --dry-run=client
kubectl create cm c --from-literal==v --dry-run=client
kubectl create cm c --from-literal=a=1 --from-literal=a=2 --dry-run=client
kubectl create cm c --from-literal=a=1 --append-hash --dry-run=client -o name
kubectl create secret generic s --from-literal=a=1 --dry-run=client -o yaml
kubectl create secret generic s --from-literal=a=1 --append-hash --dry-run=client -o name
kubectl create secret generic c --from-literal='a b=1' --dry-run=client
kubectl create secret docker-registry r --docker-server=ex.com --docker-username=u --docker-password=p --dry-run=client -o yaml
kubectl create secret docker-registry r --dry-run=client
kubectl create secret foo x
kubectl create deployment x --image=busybox:1.36 --port=80 -r 2 --dry-run=client -o yaml -- sleep 3600
kubectl create deployment x --image=a --image=b --dry-run=client -- sleep 1
kubectl create deployment x --image=a --tcp=5
kubectl create deployment x --image=a -n foo --dry-run=client -o yaml
kubectl create service clusterip web --clusterip=None --tcp=80:80 --dry-run=client -o yaml
kubectl create service clusterip web --dry-run=client
kubectl create service clusterip a --tcp=80:http --tcp=81,82:a-b --dry-run=client -o json
kubectl create service clusterip a --tcp=70000 --dry-run=client
kubectl create service clusterip a --tcp=80:HTTP --dry-run=client
kubectl create service nodeport a --clusterip=None --dry-run=client
kubectl create service externalname ex --external-name=Bad_Name --dry-run=client
kubectl create foo x
kubectl create
kubectl create deployment a --image=x --port=99999999999 --dry-run=client
kubectl create service nodeport a --tcp=80 --node-port=99999999999 --dry-run=client
# Edge values, each compared with kubectl 1.37.1: an empty --from-file adds nothing (a string slice reads no
# record from ""), ParseFileSource's '=' rules, a given but empty --external-name or --docker-server, and number
# flags read as Go's strconv.ParseInt(s, 0, bits) reads them (0x, 0o, 0b, a leading 0, '_'; the first digit that
# overflows ends parsing).
kubectl create cm c --from-file= --dry-run=client
kubectl create cm c --from-file==x --dry-run=client
kubectl create cm c --from-file=k= --dry-run=client
kubectl create cm c --from-file=a=b=f.txt --dry-run=client
kubectl create secret generic s --from-file==f.txt --dry-run=client
kubectl create secret docker-registry r --docker-server= --docker-username=u --docker-password=p --dry-run=client
kubectl create secret docker-registry r --from-file= --dry-run=client
kubectl create service externalname ex --external-name= --dry-run=client
kubectl create deployment a --image=x -r 0x10 --port=1_000 --dry-run=client -o json
kubectl create deployment a --image=x -r 99999999999x --dry-run=client
kubectl create deployment a --image=x --port=08 --dry-run=client
kubectl create service nodeport a --tcp=80 --node-port=-0b11 --dry-run=client -o jsonpath='{.spec.ports[0].nodePort}{"\n"}'
# kubectl run's BasicPod generator: labels, env, restart policy, output format, NAME, port, attach options are
# checked in that order; words after NAME are the container's arguments (its command with --command).
kubectl run x --image=a --port=80 --env=A=1 --env=B= --labels=a=b,c=d --command --dry-run=client -o json -- sleep 1
kubectl run x y --image=a -n foo --restart=Never --dry-run=client -o yaml -- z
kubectl run x --image=a --labels=a=b=c --env=A --dry-run=client
kubectl run x --image=a --labels==b --dry-run=client
kubectl run x --image=a --env=1A=b --restart=Bad --dry-run=client
kubectl run x --image=a --restart=Bad -o wide --dry-run=client
kubectl run --image=a -o bad
kubectl run --image=a --port=x
kubectl run x --image=a --port=0x10 -it --dry-run=client
kubectl run x --image=a -it --dry-run=client
kubectl run x --image=a --rm --dry-run=client
# The same generators for real: the object goes to the cluster, -o prints what the server stored.
kubectl create service clusterip nginx --clusterip=None --tcp=80:80
kubectl create deployment web --image=nginx:1.27 -r 2 -o name
kubectl create cm settings --from-literal=mode=fast
kubectl create cm settings --from-literal=mode=slow
kubectl get svc nginx
kubectl get cm settings -o jsonpath='{.data.mode}{"\n"}'
kubectl create deployment web2 --image=nginx:1.27 --dry-run=client -o yaml > web2.yaml
kubectl apply -f web2.yaml
kubectl get deploy
# The API server's size limits: 1 MiB of a ConfigMap's or a Secret's data, 256 KiB of annotations, which the
# copy kubectl apply keeps of a big ConfigMap goes over. create_secret.go words its wrapper without a colon.
printf '%01100000d' 0 > big.txt; wc -c big.txt
kubectl create configmap big --from-file=big.txt
kubectl create secret generic big --from-file=big.txt
kubectl create secret generic small --from-literal=a=b
kubectl create secret generic small --from-literal=a=b
printf '%0300000d' 0 > mid.txt
kubectl create configmap mid --from-file=mid.txt --dry-run=client -o yaml > mid.yaml
kubectl apply -f mid.yaml
kubectl create -f mid.yaml
kubectl get cm mid -o jsonpath='{.data.mid\.txt}' | wc -c
