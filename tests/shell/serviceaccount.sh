# The ServiceAccount admission plugin and the root CA publisher: every namespace holds kube-root-ca.crt; a pod
# gets serviceAccountName default and the projected kube-api-access-xxxxx volume, mounted read-only in every
# container, and its token, ca.crt and namespace files come from that volume (not writable).
# automountServiceAccountToken: false (on the pod, or on its account when the pod says nothing) leaves the
# volume out; a pod naming an account that does not exist is refused.
kubectl get configmap
kubectl create namespace team
kubectl get configmap -n team
kubectl run web --image=nginx:1.27
sleep 10
kubectl get pod web -o jsonpath='{.spec.serviceAccountName} {.spec.volumes[0].name} {.spec.containers[0].volumeMounts}{"\n"}'
kubectl get pod web -o jsonpath='{.spec.volumes[0].projected}{"\n"}'
kubectl exec web -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
echo
kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
kubectl exec web -- sh -c 'echo x > /var/run/secrets/kubernetes.io/serviceaccount/token'
kubectl describe pod web
cat <<'YAML' > quiet.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: quiet
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata:
  name: quiet
spec:
  serviceAccountName: quiet
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Pod
metadata:
  name: loud
spec:
  serviceAccountName: quiet
  automountServiceAccountToken: true
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
YAML
kubectl apply -f quiet.yaml
kubectl get pod quiet -o jsonpath='{.spec.volumes}{"\n"}'
kubectl get pod quiet -o jsonpath='{.spec.serviceAccountName} {.spec.serviceAccount}{"\n"}'
kubectl get pod loud -o jsonpath='{.spec.volumes[*].name}{"\n"}'
sleep 10
kubectl exec quiet -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl describe pod quiet
cat <<'YAML' > ghost.yaml
apiVersion: v1
kind: Pod
metadata:
  name: ghost
spec:
  serviceAccountName: ghost
  containers:
  - name: app
    image: busybox:1.36
YAML
kubectl apply -f ghost.yaml
cat <<'YAML' > mounts.yaml
apiVersion: v1
kind: Pod
metadata:
  name: mounts
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: cfg, mountPath: /z/cfg, subPath: a}
    - {name: cfg, mountPath: /a/cfg}
  volumes:
  - name: cfg
    configMap: {name: kube-root-ca.crt}
YAML
kubectl apply -f mounts.yaml
sleep 5
kubectl describe pod mounts
kubectl exec mounts -- sh -c 'echo x > /a/cfg/new'
# The deprecated spec.serviceAccount is an alias (pkg/apis/core/v1/conversion.go): it names the account when
# serviceAccountName is empty, and the API server writes it back as a copy of serviceAccountName, in pods and in
# pod templates alike (so it is in a StatefulSet's revision data and hash); a template naming no account has neither.
cat <<'YAML' > alias.yaml
apiVersion: v1
kind: Pod
metadata:
  name: alias
spec:
  serviceAccount: quiet
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: named
spec:
  selector:
    matchLabels: {app: named}
  template:
    metadata:
      labels: {app: named}
    spec:
      serviceAccountName: quiet
      containers:
      - name: app
        image: busybox:1.36
YAML
kubectl apply -f alias.yaml
kubectl create deployment plain --image=nginx:1.27
kubectl get pod alias -o jsonpath='{.spec.serviceAccountName} {.spec.serviceAccount}{"\n"}'
kubectl get deploy -o jsonpath='{range .items[*]}{.metadata.name} [{.spec.template.spec.serviceAccountName}] [{.spec.template.spec.serviceAccount}]{"\n"}{end}'
