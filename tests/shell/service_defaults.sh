# Service defaults (pkg/apis/core/v1/defaults.go SetDefaults_Service) and what the Service REST storage
# allocates (pkg/registry/core/service/storage/alloc.go): IP families, node ports from 30000-32767.
cat > svcs.yaml <<'EOF'
apiVersion: v1
kind: Service
metadata:
  name: np
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - name: http
    port: 80
    nodePort: 30080
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 0
  - name: dns-tcp
    port: 53
---
apiVersion: v1
kind: Service
metadata:
  name: lb-local
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  sessionAffinity: ClientIP
  selector: {app: web}
  ports:
  - port: 443
    targetPort: https
---
apiVersion: v1
kind: Service
metadata:
  name: lb-no-ports
spec:
  type: LoadBalancer
  allocateLoadBalancerNodePorts: false
  selector: {app: web}
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: ext-name
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Service
metadata:
  name: headless-selectorless
spec:
  clusterIP: None
  ports:
  - port: 80
EOF
kubectl apply -f svcs.yaml
kubectl get svc
for s in np lb-local lb-no-ports ext-name headless-selectorless; do kubectl get svc $s -o jsonpath='{.metadata.name}{"\n"}{.spec}{"\n"}'; done
# a node port is taken once
kubectl create service nodeport taken --tcp=80:80 --node-port=30080
kubectl create service nodeport outside --tcp=80:80 --node-port=29999
kubectl get svc np -o yaml
# an update that adds a port gets it a node port; a LoadBalancer turning Local gets a health check port
kubectl patch svc np --type=json -p '[{"op":"add","path":"/spec/ports/-","value":{"name":"extra","port":8080}}]'
kubectl patch svc lb-no-ports -p '{"spec":{"externalTrafficPolicy":"Local"}}'
kubectl get svc np lb-no-ports -o jsonpath='{range .items[*]}{.metadata.name} {.spec.ports[*].nodePort} {.spec.healthCheckNodePort}{"\n"}{end}'
