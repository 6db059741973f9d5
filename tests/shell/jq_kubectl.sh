# seed: 3
# jq over what kubectl and helm print, as learners pipe it. The JSON is saved to files first so that every jq line
# here could be checked against a real jq on the same bytes (scripts/jq_diff_fuzz.py compares filters at random).
helm install web ./python-time-app --set replicaCount=2
sleep 60
kubectl get sts web-python-time-app -o json > sts.json
kubectl get pods -o json > pods.json
kubectl get pod web-python-time-app-0 -o json > pod0.json
helm get values web -o json > values.json
kubectl get sts web-python-time-app -o json | jq .status
jq '.spec.replicas, .status.readyReplicas' sts.json
jq -r '.items[] | "\(.metadata.name) \(.status.podIP)"' pods.json
jq '.items | length' pods.json
jq '.items[] | select(.status.phase=="Running") | .metadata.name' pods.json
jq '.spec.volumes[] | {name, claim: .persistentVolumeClaim.claimName}' pod0.json
jq .replicaCount values.json
jq -c '.spec.template.spec.containers[] | {name, image, ports: [.ports[]?.containerPort]}' sts.json
jq -r '.items[] | [.metadata.name, .status.phase, (.status.containerStatuses[0].restartCount | tostring)] | @tsv' pods.json
jq -c '[.items[] | {(.metadata.name): .spec.nodeName}] | add' pods.json
jq -r '.metadata.labels | to_entries[] | "\(.key)=\(.value)"' pod0.json
jq '.metadata | keys' pod0.json
jq -c '.spec.volumeClaimTemplates[0].spec.resources' sts.json
jq '.items[0].status.conditions | map(select(.status == "True")) | map(.type)' pods.json
jq -e '.status.readyReplicas == .spec.replicas' sts.json; echo "ready: $?"
jq '.spec.template.spec.containers[0].image |= "python:3.13" | .spec.template.spec.containers[0].image' sts.json
jq 'del(.metadata.managedFields, .status) | .metadata | keys' sts.json
kubectl get pods -o json | jq -r '.items[].metadata.name' | while read p; do echo "pod: $p"; done
kubectl get pods -o json | jq '.items[] | .metadata.name' | head -1
jq '.items[0].metadata.name' nothing.json; echo "rc=$?"
jq '.spec.replicas | .x' sts.json; echo "rc=$?"
type jq; which jq
