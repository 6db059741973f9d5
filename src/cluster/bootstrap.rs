//! What a fresh minikube cluster already holds: namespaces, the `kubernetes` and `kube-dns` Services, the node
//! `minikube`, the default StorageClass `standard` (minikube's hostpath provisioner, Immediate binding).
//! These objects were created before the simulation's epoch (the lab's cluster was about a day old); what runs in
//! `kube-system` is added by `system.rs`.

use super::meta;
use super::Cluster;
use crate::json;
use serde_json::Value;

/// How long before the epoch the cluster was created: the lab shows the `kubernetes` Service at 25h, and
/// storage-provisioner's restart (46 s after `minikube start`) at `1 (25h ago)`, so a minute more than 25 hours.
/// How long after registering the minikube node turned Ready (its CNI config written, the kubelet's first
/// ready status post): typically 10 to 20 s on a docker-driver minikube (15 s here).
const NODE_READY_AFTER_MS: i64 = 15_000;
pub(super) const CLUSTER_AGE_MS: i64 = (25 * 60 + 1) * 60 * 1000;

fn backdate(c: &mut Cluster, o: Value) {
    let Ok(stored) = c.create_object(o, false) else { return };
    let mut o = std::rc::Rc::unwrap_or_clone(stored);
    o["metadata"]["creationTimestamp"] = json!(meta::rfc3339_rel(-CLUSTER_AGE_MS));
    let o = {
        let mut v = o;
        if let Some(m) = v.pointer_mut("/metadata").and_then(Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        v
    };
    let now = c.now;
    c.store.put(o, now);
}

pub fn bootstrap(c: &mut Cluster) {
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        backdate(c, json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}));
    }
    for ns in ["default", "kube-node-lease", "kube-public", "kube-system"] {
        if let Some(sa) = c.store.get3("ServiceAccount", ns, "default").cloned() {
            backdate_existing(c, sa);
        }
        if let Some(cm) = c.store.get3("ConfigMap", ns, super::serviceaccount::ROOT_CA_CONFIGMAP).cloned() {
            backdate_existing(c, cm);
        }
    }
    backdate(
        c,
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": "minikube", "labels": {
                "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "minikube", "kubernetes.io/os": "linux",
                "minikube.k8s.io/name": "minikube", "minikube.k8s.io/primary": "true",
                "node-role.kubernetes.io/control-plane": "",
                // kubeadm's LabelExcludeFromExternalLB, set on control-plane nodes.
                "node.kubernetes.io/exclude-from-external-load-balancers": ""},
                // The TTL controller's annotation for a cluster this small, and the kubelet's attach/detach one.
                "annotations": {"node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
            "spec": {"podCIDR": "10.244.0.0/24", "podCIDRs": ["10.244.0.0/24"]},
            "status": {
                "addresses": [{"address": "192.168.49.2", "type": "InternalIP"}, {"address": "minikube", "type": "Hostname"}],
                "capacity": {"cpu": "2", "ephemeral-storage": "102625208Ki", "memory": "8025424Ki", "pods": "110"},
                "allocatable": {"cpu": "2", "ephemeral-storage": "102625208Ki", "memory": "8025424Ki", "pods": "110"},
                "conditions": [
                    {"type": "MemoryPressure", "status": "False", "lastTransitionTime": meta::rfc3339_rel(-CLUSTER_AGE_MS), "reason": "KubeletHasSufficientMemory", "message": "kubelet has sufficient memory available"},
                    {"type": "DiskPressure", "status": "False", "lastTransitionTime": meta::rfc3339_rel(-CLUSTER_AGE_MS), "reason": "KubeletHasNoDiskPressure", "message": "kubelet has no disk pressure"},
                    {"type": "PIDPressure", "status": "False", "lastTransitionTime": meta::rfc3339_rel(-CLUSTER_AGE_MS), "reason": "KubeletHasSufficientPID", "message": "kubelet has sufficient PID available"},
                    {"type": "Ready", "status": "True", "lastTransitionTime": meta::rfc3339_rel(-CLUSTER_AGE_MS + NODE_READY_AFTER_MS), "reason": "KubeletReady", "message": "kubelet is posting ready status"}
                ],
                "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "docker://28.1.1", "kernelVersion": "6.8.0-52-generic",
                    "kubeProxyVersion": "", "kubeletVersion": "v1.35.4", "operatingSystem": "linux", "osImage": "Ubuntu 22.04.5 LTS"}
            }
        }),
    );
    backdate(
        c,
        json!({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "standard",
                "annotations": {"storageclass.kubernetes.io/is-default-class": "true"},
                "labels": {"addonmanager.kubernetes.io/mode": "EnsureExists"}},
            "provisioner": "k8s.io/minikube-hostpath",
            "reclaimPolicy": "Delete",
            "volumeBindingMode": "Immediate"
        }),
    );
    backdate(
        c,
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default",
                "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"clusterIP": "10.96.0.1", "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 8443}]}
        }),
    );
    backdate(
        c,
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kube-dns", "namespace": "kube-system",
                "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"},
                "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS"}},
            "spec": {"clusterIP": "10.96.0.10", "selector": {"k8s-app": "kube-dns"}, "ports": [
                {"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}]}
        }),
    );
    super::system::install_all(c);
}

fn backdate_existing(c: &mut Cluster, mut o: Value) {
    o["metadata"]["creationTimestamp"] = json!(meta::rfc3339_rel(-CLUSTER_AGE_MS));
    let now = c.now;
    c.store.put(o, now);
}
