# kubectl explain: the field docs of Kubernetes 1.37's OpenAPI v3 schemas, in kubectl 1.37's plaintext layout.
# tests/serve.rs runs every line here through the real kubectl against `stsplay serve` and requires the same text.
kubectl explain statefulset
kubectl explain sts.spec
kubectl explain statefulset.spec.updateStrategy
kubectl explain sts.spec.updateStrategy.rollingUpdate.partition
kubectl explain sts.spec.persistentVolumeClaimRetentionPolicy
kubectl explain sts.spec.volumeClaimTemplates.spec.resources
kubectl explain pods.spec.containers.ports
kubectl explain pod.spec.containers.readinessProbe.httpGet
kubectl explain sts.spec.updateStrategy.rollingUpdate.maxUnavailable
kubectl explain pvc.spec.resources.requests
kubectl explain pod.metadata.labels
kubectl explain svc.spec.clusterIP
kubectl explain persistentvolumeclaim
kubectl explain pvc --recursive
kubectl explain sts --recursive --max-depth=2
kubectl explain deploy.spec.strategy -R
kubectl explain sts.spec.replicas --api-version=apps/v1
kubectl explain sts.spec.nope
kubectl explain sts.spec.template.spec.containers.nope.deeper
kubectl explain statefulsets.apps
kubectl explain foo
kubectl explain
kubectl explain sts --max-depth=1
kubectl explain sts -o yaml
# not shipped: kinds the playground does not run
kubectl explain configmap
# Lease (coordination.k8s.io/v1): the node heartbeat object in kube-node-lease
kubectl explain lease
kubectl explain leases.spec.renewTime
kubectl explain lease.spec --recursive
kubectl explain pdb
kubectl explain pdb.spec
kubectl explain poddisruptionbudget.spec.minAvailable
kubectl explain pdb.status --recursive
