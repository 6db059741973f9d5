# seed: 2
# kubectl rollout undo for Deployments (kubectl's DeploymentRollbacker): back to the previous ReplicaSet's
# template, to a given revision, skipped when it already matches, refused while paused.
kubectl create deployment web --image=nginx:1.27 --replicas=2
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}{"\n"}'
kubectl rollout history deployment/web
kubectl rollout undo deployment/web --to-revision=3
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout pause deployment/web
kubectl rollout undo deployment/web
kubectl rollout resume deployment/web
kubectl get rs
kubectl rollout undo svc/kubernetes
kubectl explain sts.spec.updateStrategy.type
