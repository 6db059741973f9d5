# -o with a dry run prints the object, not the sentence (kubectl create/apply/run through their printers): a client
# dry run the manifest kubectl built (apply adds its last-applied annotation), a server dry run what the server
# would store, with the uid and creation time BeforeCreate gives it (the uid is derived here, not drawn).
cat <<'YAML' > cm.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
YAML
kubectl create -f cm.yaml --dry-run=client -o yaml
kubectl create -f cm.yaml --dry-run=server -o yaml
kubectl create -f cm.yaml --dry-run=server
kubectl create -f cm.yaml -o name
kubectl create -f cm.yaml -o yaml
sed -i 's/settings/limits/' cm.yaml
kubectl apply -f cm.yaml --dry-run=client -o yaml
kubectl apply -f cm.yaml --dry-run=client -o name
kubectl apply -f cm.yaml -o name
sed -i 's/fast/slow/' cm.yaml
kubectl apply -f cm.yaml --dry-run=server -o jsonpath='{.data.mode}{"\n"}'
kubectl apply -f cm.yaml --dry-run=client -o jsonpath='{.data.mode}{"\n"}'
kubectl get configmap limits -o jsonpath='{.data.mode}{"\n"}'
kubectl apply -f cm.yaml -o yaml
kubectl apply -f cm.yaml -o wide
kubectl run tmp --image=nginx --dry-run=server -o jsonpath='{.metadata.name} {.spec.containers[0].imagePullPolicy}{"\n"}'
kubectl run tmp --image=nginx --dry-run=server -o yaml | grep -A3 volumeMounts
kubectl get pods
