# seed: 1
# Selectors with matchExpressions as metav1.FormatLabelSelector prints them: requirements sorted by key
# alone, in/notin values sorted, Exists as the bare key, DoesNotExist as !key (checked with real kubectl 1.37.1
# describing the same objects through stsplay serve).
cat > sel.yaml <<'EOF'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: web
  replicas: 1
  selector:
    matchLabels: {app: web, a.b: x}
    matchExpressions:
    - {key: tier, operator: In, values: [z, b, a]}
    - {key: app, operator: Exists}
    - {key: gone, operator: DoesNotExist}
    - {key: env, operator: NotIn, values: [prod]}
  template:
    metadata: {labels: {app: web, tier: b, a.b: x}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dep}
spec:
  replicas: 1
  selector:
    matchExpressions:
    - {key: tier, operator: In, values: [z, b]}
  template:
    metadata: {labels: {tier: b}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]
EOF
kubectl apply -f sel.yaml
kubectl describe sts web | head -4
kubectl describe deploy dep | grep Selector
kubectl get deploy -o wide
kubectl get rs -o wide
