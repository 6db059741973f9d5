//! What minikube (v1.3x, Kubernetes v1.35, docker driver and runtime) runs in `kube-system` a day after
//! `minikube start`: the control plane as static pods mirrored by the kubelet (`etcd-minikube`,
//! `kube-apiserver-minikube`, `kube-controller-manager-minikube`, `kube-scheduler-minikube`, owned by the Node,
//! on the host network), CoreDNS as kubeadm's `coredns` Deployment scaled to one replica by minikube, kube-proxy as
//! kubeadm's DaemonSet, and the `storage-provisioner` addon as a bare pod on the host network that crashed once
//! while the API server was starting (`1 (25h ago)` restarts). With them: the ServiceAccounts
//! kube-controller-manager creates for its controllers, the kube-system ConfigMaps kubeadm and the API server
//! write, and the API server's own `default/kubernetes` Endpoints and EndpointSlice (192.168.49.2:8443).
//!
//! The pods are steady: they were Running and Ready before the epoch and nothing here runs them. The kubelet is
//! never shown their creation (they cost no simulation time: no probes, no syncs); deleting one removes it and
//! its controller (the ReplicaSet for CoreDNS) replaces it with a pod the kubelet does run. Sources: kubeadm's
//! cmd/kubeadm/app/phases/addons/dns/manifests.go (CoreDNS Deployment, ConfigMap), .../addons/proxy/manifests.go
//! (kube-proxy DaemonSet), cmd/kubeadm/app/phases/controlplane/manifests.go (static pods), minikube's
//! deploy/addons/storage-provisioner/storage-provisioner.yaml.tmpl and its Corefile edits (a `log` line, a
//! `hosts` block for host.minikube.internal); `coredns-7d764666f9-xxxxx` is the ReplicaSet name real v1.35
//! clusters (minikube and kind) print.

use super::meta::{self, rfc3339_rel};
use super::rng::Rng;
use super::serviceaccount::ROOT_CA;
use super::Cluster;
use crate::json;
use serde_json::Value;

/// When `minikube start` ran, relative to the epoch (the lab's cluster was 25 hours old).
const T0: i64 = -super::bootstrap::CLUSTER_AGE_MS;
const NODE_IP: &str = "192.168.49.2";
/// The first address host-local IPAM hands out on minikube's bridge (10.244.0.1 is the bridge itself).
pub const COREDNS_IP: &str = "10.244.0.2";
pub const K8S_VERSION: &str = "v1.35.4";
const COREDNS_IMAGE: &str = "registry.k8s.io/coredns/coredns:v1.13.1";
const ETCD_IMAGE: &str = "registry.k8s.io/etcd:3.6.6-0";
const STORAGE_PROVISIONER_IMAGE: &str = "gcr.io/k8s-minikube/storage-provisioner:v5";
/// `pod-template-hash` of kubeadm's CoreDNS template with v1.13.1 (what v1.35 clusters print). Our own
/// `template_hash` is not Go's `ComputeHash`, so the name is given, not computed.
const COREDNS_HASH: &str = "7d764666f9";

/// `kube-controller-manager --use-service-account-credentials` makes one account per controller; with the
/// accounts of CoreDNS, kube-proxy and the storage provisioner and `default`, what `kubectl get sa -n
/// kube-system` lists on a v1.34/v1.35 single-node cluster.
const KUBE_SYSTEM_ACCOUNTS: &[&str] = &[
    "attachdetach-controller",
    "bootstrap-signer",
    "certificate-controller",
    "clusterrole-aggregation-controller",
    "coredns",
    "cronjob-controller",
    "daemon-set-controller",
    "deployment-controller",
    "disruption-controller",
    "endpoint-controller",
    "endpointslice-controller",
    "endpointslicemirroring-controller",
    "ephemeral-volume-controller",
    "expand-controller",
    "generic-garbage-collector",
    "horizontal-pod-autoscaler",
    "job-controller",
    "kube-proxy",
    "legacy-service-account-token-cleaner",
    "namespace-controller",
    "node-controller",
    "persistent-volume-binder",
    "pod-garbage-collector",
    "pv-protection-controller",
    "pvc-protection-controller",
    "replicaset-controller",
    "replication-controller",
    "resource-claim-controller",
    "resourcequota-controller",
    "root-ca-cert-publisher",
    "service-account-controller",
    "service-cidrs-controller",
    "statefulset-controller",
    "storage-provisioner",
    "token-cleaner",
    "ttl-after-finished-controller",
    "ttl-controller",
    "validatingadmissionpolicy-status-controller",
    "volumeattributesclass-protection-controller",
];

fn t(rel_s: i64) -> String {
    rfc3339_rel(T0 + rel_s * 1000)
}

fn hex(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    while s.len() < n {
        s.push_str(&format!("{:016x}", rng.next_u64()));
    }
    s.truncate(n);
    s
}

/// Creates `o` through the API (defaults, admission, a UID) and stores it as it stood before the epoch:
/// created at `T0`, with `status` when given.
fn install(c: &mut Cluster, o: Value, status: Option<Value>) -> Value {
    let stored = match c.create_object(o, false) {
        Ok(s) => s,
        Err(e) => {
            debug_assert!(false, "system object rejected: {}", e.message);
            return Value::Null;
        }
    };
    let mut o = std::rc::Rc::unwrap_or_clone(stored);
    o["metadata"]["creationTimestamp"] = json!(t(0));
    if let Some(st) = status {
        o["status"] = st;
    }
    meta::obj_mut(&mut o, &["metadata"]).remove("resourceVersion");
    let now = c.now;
    (*c.store.put(o, now)).clone()
}

fn container_status(rng: &mut Rng, c: &Value, started: i64, restarts: Option<(i64, i64)>) -> Value {
    let image = meta::s(c, "/image").to_string();
    let repo = image.rsplit_once(':').map_or(image.as_str(), |(r, _)| r);
    let mut st = json!({
        "name": meta::s(c, "/name"),
        "state": {"running": {"startedAt": t(started)}},
        "lastState": {},
        "ready": true,
        "restartCount": 0,
        "image": image,
        // A stand-in digest, as the kubelet model writes for every image.
        "imageID": format!("docker-pullable://{repo}@sha256:{}", hex(rng, 64)),
        "containerID": format!("docker://{}", hex(rng, 64)),
        "started": true,
    });
    if let Some((from, to)) = restarts {
        st["restartCount"] = json!(1);
        st["lastState"] = json!({"terminated": {"exitCode": 1, "reason": "Error", "startedAt": t(from),
            "finishedAt": t(to), "containerID": format!("docker://{}", hex(rng, 64))}});
    }
    let mounts: Vec<Value> = c
        .get("volumeMounts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|vm| {
            let mut m = json!({"name": meta::s(vm, "/name"), "mountPath": meta::s(vm, "/mountPath")});
            if vm.get("readOnly").and_then(Value::as_bool) == Some(true) {
                m["readOnly"] = json!(true);
                m["recursiveReadOnly"] = json!("Disabled");
            }
            m
        })
        .collect();
    if !mounts.is_empty() {
        st["volumeMounts"] = json!(mounts);
    }
    st
}

/// A Running, Ready pod's status as the kubelet last wrote it.
fn running_status(rng: &mut Rng, pod: &Value, ip: &str, started: i64, restarts: Option<(i64, i64)>) -> Value {
    let ready_at = restarts.map_or(started + 1, |(_, to)| to + 1);
    let cond = |ty: &str, at: i64| {
        json!({"type": ty, "observedGeneration": 1, "status": "True", "lastProbeTime": null,
            "lastTransitionTime": t(at)})
    };
    let statuses: Vec<Value> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| container_status(rng, c, restarts.map_or(started, |(_, to)| to + 1), restarts))
        .collect();
    json!({
        "observedGeneration": 1,
        "phase": "Running",
        "conditions": [cond("PodReadyToStartContainers", started), cond("Initialized", started - 1),
            cond("Ready", ready_at), cond("ContainersReady", ready_at), cond("PodScheduled", started - 1)],
        "hostIP": NODE_IP, "hostIPs": [{"ip": NODE_IP}],
        "podIP": ip, "podIPs": [{"ip": ip}],
        "startTime": t(started - 1),
        "containerStatuses": statuses,
        "qosClass": super::kubelet::qos_class(pod),
    })
}

fn host_path(name: &str, path: &str, ty: &str) -> Value {
    json!({"name": name, "hostPath": {"path": path, "type": ty}})
}

fn mount(name: &str, path: &str, read_only: bool) -> Value {
    if read_only {
        json!({"name": name, "mountPath": path, "readOnly": true})
    } else {
        json!({"name": name, "mountPath": path})
    }
}

fn http_probe(host: &str, path: &str, port: i64, scheme: &str, failures: i64) -> Value {
    json!({"httpGet": {"host": host, "path": path, "port": port, "scheme": scheme}, "initialDelaySeconds": 10,
        "timeoutSeconds": 15, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": failures})
}

/// A kubeadm static pod as its mirror pod shows it: `tier: control-plane`, owned by the Node, the kubelet's
/// `kubernetes.io/config.*` annotations, host network, `system-node-critical`.
fn static_pod(
    rng: &mut Rng,
    node: &Value,
    component: &str,
    extra_annotations: &[(&str, String)],
    container: Value,
    volumes: Value,
) -> Value {
    let mut annotations = serde_json::Map::new();
    for (k, v) in extra_annotations {
        annotations.insert((*k).into(), json!(v));
    }
    let hash = hex(rng, 32);
    annotations.insert("kubernetes.io/config.hash".into(), json!(hash));
    annotations.insert("kubernetes.io/config.mirror".into(), json!(hash));
    annotations.insert(
        "kubernetes.io/config.seen".into(),
        json!(format!("{}.{:09}Z", t(0).trim_end_matches('Z'), rng.below(1_000_000_000))),
    );
    annotations.insert("kubernetes.io/config.source".into(), json!("file"));
    json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": format!("{component}-minikube"), "namespace": "kube-system",
            "labels": {"component": component, "tier": "control-plane"},
            "annotations": annotations,
            "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "minikube", "uid": meta::uid(node),
                "controller": true}]},
        "spec": {
            "containers": [container],
            "hostNetwork": true,
            "nodeName": "minikube",
            "priority": 2_000_001_000,
            "priorityClassName": "system-node-critical",
            "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "tolerations": [{"operator": "Exists", "effect": "NoExecute"}],
            "volumes": volumes,
        }
    })
}

fn control_plane(c: &mut Cluster, rng: &mut Rng) {
    let Some(node) = c.store.get3("Node", "", "minikube").cloned() else { return };
    let certs = "/var/lib/minikube/certs";
    let ca_mounts = || {
        vec![
            mount("ca-certs", "/etc/ssl/certs", true),
            mount("etc-ca-certificates", "/etc/ca-certificates", true),
            mount("k8s-certs", "/var/lib/minikube/certs", true),
            mount("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", true),
            mount("usr-share-ca-certificates", "/usr/share/ca-certificates", true),
        ]
    };
    let ca_volumes = || {
        vec![
            host_path("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate"),
            host_path("etc-ca-certificates", "/etc/ca-certificates", "DirectoryOrCreate"),
            host_path("k8s-certs", "/var/lib/minikube/certs", "DirectoryOrCreate"),
            host_path("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates", "DirectoryOrCreate"),
            host_path("usr-share-ca-certificates", "/usr/share/ca-certificates", "DirectoryOrCreate"),
        ]
    };
    let args = |list: &[String]| json!(list);
    let etcd = json!({
        "name": "etcd", "image": ETCD_IMAGE, "imagePullPolicy": "IfNotPresent",
        "command": args(&[
            "etcd".into(),
            format!("--advertise-client-urls=https://{NODE_IP}:2379"),
            format!("--cert-file={certs}/etcd/server.crt"),
            "--client-cert-auth=true".into(),
            "--data-dir=/var/lib/minikube/etcd".into(),
            "--feature-gates=InitialCorruptCheck=true".into(),
            format!("--initial-advertise-peer-urls=https://{NODE_IP}:2380"),
            format!("--initial-cluster=minikube=https://{NODE_IP}:2380"),
            format!("--key-file={certs}/etcd/server.key"),
            format!("--listen-client-urls=https://127.0.0.1:2379,https://{NODE_IP}:2379"),
            "--listen-metrics-urls=http://127.0.0.1:2381".into(),
            format!("--listen-peer-urls=https://{NODE_IP}:2380"),
            "--name=minikube".into(),
            format!("--peer-cert-file={certs}/etcd/peer.crt"),
            "--peer-client-cert-auth=true".into(),
            format!("--peer-key-file={certs}/etcd/peer.key"),
            format!("--peer-trusted-ca-file={certs}/etcd/ca.crt"),
            "--proxy-refresh-interval=70000".into(),
            "--snapshot-count=10000".into(),
            format!("--trusted-ca-file={certs}/etcd/ca.crt"),
            "--watch-progress-notify-interval=5s".into(),
        ]),
        "resources": {"requests": {"cpu": "100m", "memory": "100Mi"}},
        "livenessProbe": http_probe("127.0.0.1", "/livez", 2381, "HTTP", 8),
        "readinessProbe": {"httpGet": {"host": "127.0.0.1", "path": "/readyz", "port": 2381, "scheme": "HTTP"},
            "timeoutSeconds": 15, "periodSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "startupProbe": http_probe("127.0.0.1", "/readyz", 2381, "HTTP", 24),
        "volumeMounts": [mount("etcd-data", "/var/lib/minikube/etcd", false),
            mount("etcd-certs", "/var/lib/minikube/certs/etcd", false)],
    });
    let etcd_pod = static_pod(
        rng,
        &node,
        "etcd",
        &[("kubeadm.kubernetes.io/etcd.advertise-client-urls", format!("https://{NODE_IP}:2379"))],
        etcd,
        json!([
            host_path("etcd-certs", "/var/lib/minikube/certs/etcd", "DirectoryOrCreate"),
            host_path("etcd-data", "/var/lib/minikube/etcd", "DirectoryOrCreate")
        ]),
    );
    let apiserver = json!({
        "name": "kube-apiserver", "image": format!("registry.k8s.io/kube-apiserver:{K8S_VERSION}"),
        "imagePullPolicy": "IfNotPresent",
        "command": args(&[
            "kube-apiserver".into(),
            format!("--advertise-address={NODE_IP}"),
            "--allow-privileged=true".into(),
            "--authorization-mode=Node,RBAC".into(),
            format!("--client-ca-file={certs}/ca.crt"),
            "--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota".into(),
            "--enable-bootstrap-token-auth=true".into(),
            format!("--etcd-cafile={certs}/etcd/ca.crt"),
            format!("--etcd-certfile={certs}/apiserver-etcd-client.crt"),
            format!("--etcd-keyfile={certs}/apiserver-etcd-client.key"),
            "--etcd-servers=https://127.0.0.1:2379".into(),
            format!("--kubelet-client-certificate={certs}/apiserver-kubelet-client.crt"),
            format!("--kubelet-client-key={certs}/apiserver-kubelet-client.key"),
            "--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname".into(),
            format!("--proxy-client-cert-file={certs}/front-proxy-client.crt"),
            format!("--proxy-client-key-file={certs}/front-proxy-client.key"),
            "--requestheader-allowed-names=front-proxy-client".into(),
            format!("--requestheader-client-ca-file={certs}/front-proxy-ca.crt"),
            "--requestheader-extra-headers-prefix=X-Remote-Extra-".into(),
            "--requestheader-group-headers=X-Remote-Group".into(),
            "--requestheader-username-headers=X-Remote-User".into(),
            "--secure-port=8443".into(),
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local".into(),
            format!("--service-account-key-file={certs}/sa.pub"),
            format!("--service-account-signing-key-file={certs}/sa.key"),
            "--service-cluster-ip-range=10.96.0.0/12".into(),
            format!("--tls-cert-file={certs}/apiserver.crt"),
            format!("--tls-private-key-file={certs}/apiserver.key"),
        ]),
        "resources": {"requests": {"cpu": "250m"}},
        "livenessProbe": http_probe(NODE_IP, "/livez", 8443, "HTTPS", 8),
        "readinessProbe": {"httpGet": {"host": NODE_IP, "path": "/readyz", "port": 8443, "scheme": "HTTPS"},
            "timeoutSeconds": 15, "periodSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "startupProbe": http_probe(NODE_IP, "/livez", 8443, "HTTPS", 24),
        "volumeMounts": ca_mounts(),
    });
    let apiserver_pod = static_pod(
        rng,
        &node,
        "kube-apiserver",
        &[("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", format!("{NODE_IP}:8443"))],
        apiserver,
        json!(ca_volumes()),
    );
    let mut cm_mounts = ca_mounts();
    cm_mounts.insert(2, mount("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", false));
    cm_mounts.insert(4, mount("kubeconfig", "/etc/kubernetes/controller-manager.conf", true));
    let mut cm_volumes = ca_volumes();
    cm_volumes.insert(
        2,
        host_path("flexvolume-dir", "/usr/libexec/kubernetes/kubelet-plugins/volume/exec", "DirectoryOrCreate"),
    );
    cm_volumes.insert(4, host_path("kubeconfig", "/etc/kubernetes/controller-manager.conf", "FileOrCreate"));
    let kcm_conf = "/etc/kubernetes/controller-manager.conf";
    let controller_manager = json!({
        "name": "kube-controller-manager",
        "image": format!("registry.k8s.io/kube-controller-manager:{K8S_VERSION}"),
        "imagePullPolicy": "IfNotPresent",
        "command": args(&[
            "kube-controller-manager".into(),
            "--allocate-node-cidrs=true".into(),
            format!("--authentication-kubeconfig={kcm_conf}"),
            format!("--authorization-kubeconfig={kcm_conf}"),
            "--bind-address=127.0.0.1".into(),
            format!("--client-ca-file={certs}/ca.crt"),
            "--cluster-cidr=10.244.0.0/16".into(),
            "--cluster-name=mk".into(),
            format!("--cluster-signing-cert-file={certs}/ca.crt"),
            format!("--cluster-signing-key-file={certs}/ca.key"),
            "--controllers=*,bootstrapsigner,tokencleaner".into(),
            format!("--kubeconfig={kcm_conf}"),
            "--leader-elect=false".into(),
            format!("--requestheader-client-ca-file={certs}/front-proxy-ca.crt"),
            format!("--root-ca-file={certs}/ca.crt"),
            format!("--service-account-private-key-file={certs}/sa.key"),
            "--service-cluster-ip-range=10.96.0.0/12".into(),
            "--use-service-account-credentials=true".into(),
        ]),
        "resources": {"requests": {"cpu": "200m"}},
        "livenessProbe": http_probe("127.0.0.1", "/healthz", 10257, "HTTPS", 8),
        "startupProbe": http_probe("127.0.0.1", "/healthz", 10257, "HTTPS", 24),
        "volumeMounts": cm_mounts,
    });
    let cm_pod = static_pod(rng, &node, "kube-controller-manager", &[], controller_manager, json!(cm_volumes));
    let sched_conf = "/etc/kubernetes/scheduler.conf";
    let scheduler = json!({
        "name": "kube-scheduler", "image": format!("registry.k8s.io/kube-scheduler:{K8S_VERSION}"),
        "imagePullPolicy": "IfNotPresent",
        "command": args(&[
            "kube-scheduler".into(),
            format!("--authentication-kubeconfig={sched_conf}"),
            format!("--authorization-kubeconfig={sched_conf}"),
            "--bind-address=127.0.0.1".into(),
            format!("--kubeconfig={sched_conf}"),
            "--leader-elect=false".into(),
        ]),
        "resources": {"requests": {"cpu": "100m"}},
        "livenessProbe": http_probe("127.0.0.1", "/livez", 10259, "HTTPS", 8),
        "readinessProbe": {"httpGet": {"host": "127.0.0.1", "path": "/readyz", "port": 10259, "scheme": "HTTPS"},
            "timeoutSeconds": 15, "periodSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "startupProbe": http_probe("127.0.0.1", "/livez", 10259, "HTTPS", 24),
        "volumeMounts": [mount("kubeconfig", sched_conf, true)],
    });
    let sched_pod = static_pod(
        rng,
        &node,
        "kube-scheduler",
        &[],
        scheduler,
        json!([host_path("kubeconfig", sched_conf, "FileOrCreate")]),
    );
    for (pod, started) in [(etcd_pod, 2), (apiserver_pod, 2), (cm_pod, 2), (sched_pod, 2)] {
        let status = running_status(rng, &pod, NODE_IP, started, None);
        install(c, pod, Some(status));
    }
}

fn corefile() -> String {
    // kubeadm's Corefile (cmd/kubeadm/app/phases/addons/dns/manifests.go; the `disable` lines since v1.32,
    // kubernetes/kubernetes#128359) with minikube's two edits (pkg/minikube/node/start.go addCoreDNSEntry: `log`
    // before `errors`, `hosts` before `forward`). dns.rs answers as this Corefile says: cluster.local uncached.
    "\
.:53 {
    log
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    hosts {
       192.168.49.1 host.minikube.internal
       fallthrough
    }
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"
    .to_string()
}

fn coredns(c: &mut Cluster, rng: &mut Rng) {
    let template = json!({
        "metadata": {"labels": {"k8s-app": "kube-dns"}},
        "spec": {
            "priorityClassName": "system-cluster-critical",
            "serviceAccountName": "coredns",
            "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100,
                "podAffinityTerm": {"labelSelector": {"matchExpressions": [{"key": "k8s-app", "operator": "In",
                    "values": ["kube-dns"]}]}, "topologyKey": "kubernetes.io/hostname"}}]}},
            "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "containers": [{
                "name": "coredns", "image": COREDNS_IMAGE, "imagePullPolicy": "IfNotPresent",
                "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                "args": ["-conf", "/etc/coredns/Corefile"],
                "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": true}],
                "ports": [
                    {"containerPort": 53, "name": "dns", "protocol": "UDP"},
                    {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                    {"containerPort": 9153, "name": "metrics", "protocol": "TCP"},
                    {"containerPort": 8080, "name": "liveness-probe", "protocol": "TCP"},
                    {"containerPort": 8181, "name": "readiness-probe", "protocol": "TCP"}],
                "livenessProbe": {"httpGet": {"path": "/health", "port": "liveness-probe", "scheme": "HTTP"},
                    "initialDelaySeconds": 60, "timeoutSeconds": 5, "successThreshold": 1, "failureThreshold": 5},
                "readinessProbe": {"httpGet": {"path": "/ready", "port": "readiness-probe", "scheme": "HTTP"}},
                "securityContext": {"allowPrivilegeEscalation": false,
                    "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}, "readOnlyRootFilesystem": true},
            }],
            "dnsPolicy": "Default",
            "volumes": [{"name": "config-volume", "configMap": {"name": "coredns",
                "items": [{"key": "Corefile", "path": "Corefile"}]}}],
        }
    });
    // kubeadm creates two replicas; minikube scales the Deployment to one right after (`rescaled to 1`).
    let d = install(
        c,
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "coredns", "namespace": "kube-system", "labels": {"k8s-app": "kube-dns"},
                "annotations": {"deployment.kubernetes.io/revision": "1"}},
            "spec": {"replicas": 1, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                "selector": {"matchLabels": {"k8s-app": "kube-dns"}}, "template": template}}),
        None,
    );
    let mut rs_template = d.pointer("/spec/template").cloned().unwrap_or_default();
    rs_template["metadata"]["labels"]["pod-template-hash"] = json!(COREDNS_HASH);
    let rs_name = format!("coredns-{COREDNS_HASH}");
    let rs = install(
        c,
        json!({"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": rs_name, "namespace": "kube-system",
                "labels": {"k8s-app": "kube-dns", "pod-template-hash": COREDNS_HASH},
                "annotations": {"deployment.kubernetes.io/desired-replicas": "1",
                    "deployment.kubernetes.io/max-replicas": "2", "deployment.kubernetes.io/revision": "1"},
                "ownerReferences": [meta::owner_ref(&d, true)]},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"k8s-app": "kube-dns",
                "pod-template-hash": COREDNS_HASH}}, "template": rs_template.clone()}}),
        None,
    );
    let mut pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": format!("{rs_name}-{}", rng.name_suffix(5)), "namespace": "kube-system",
            "generateName": format!("{rs_name}-"),
            "labels": rs_template.pointer("/metadata/labels").cloned().unwrap_or_default(),
            "ownerReferences": [meta::owner_ref(&rs, true)]},
        "spec": rs_template.get("spec").cloned().unwrap_or_default()});
    pod["spec"]["nodeName"] = json!("minikube");
    pod["spec"]["priority"] = json!(2_000_000_000);
    let status = running_status(rng, &pod, COREDNS_IP, 14, None);
    install(c, pod, Some(status));
}

fn kube_proxy(c: &mut Cluster, rng: &mut Rng) {
    let template = json!({
        "metadata": {"labels": {"k8s-app": "kube-proxy"}},
        "spec": {
            "containers": [{
                "name": "kube-proxy", "image": format!("registry.k8s.io/kube-proxy:{K8S_VERSION}"),
                "imagePullPolicy": "IfNotPresent",
                "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                    "--hostname-override=$(NODE_NAME)"],
                "securityContext": {"privileged": true},
                "volumeMounts": [{"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                    {"mountPath": "/run/xtables.lock", "name": "xtables-lock"},
                    {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": true}],
                "env": [{"name": "NODE_NAME", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
            }],
            "hostNetwork": true,
            "serviceAccountName": "kube-proxy",
            "volumes": [{"name": "kube-proxy", "configMap": {"name": "kube-proxy"}},
                {"name": "xtables-lock", "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
                {"name": "lib-modules", "hostPath": {"path": "/lib/modules"}}],
            "tolerations": [{"operator": "Exists"}],
            "nodeSelector": {"kubernetes.io/os": "linux"},
            "priorityClassName": "system-node-critical",
        }
    });
    let ds = install(
        c,
        json!({"apiVersion": "apps/v1", "kind": "DaemonSet",
            "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"k8s-app": "kube-proxy"},
                "annotations": {"deprecated.daemonset.template.generation": "1"}},
            "spec": {"selector": {"matchLabels": {"k8s-app": "kube-proxy"}}, "template": template,
                "updateStrategy": {"type": "RollingUpdate"}}}),
        None,
    );
    let ds_template = ds.pointer("/spec/template").cloned().unwrap_or_default();
    // The DaemonSet controller hashes its template with `ComputeHash` (a dump of the Go struct); this is the
    // JSON stand-in the Deployment model uses, so the name differs from a real cluster's.
    let hash = super::history::template_hash(&super::history::go_marshal(&ds_template), 0);
    install(
        c,
        json!({"apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": format!("kube-proxy-{hash}"), "namespace": "kube-system",
                "labels": {"controller-revision-hash": hash, "k8s-app": "kube-proxy"},
                "ownerReferences": [meta::owner_ref(&ds, true)]},
            "data": {"spec": {"template": {"$patch": "replace", "metadata": ds_template["metadata"].clone(),
                "spec": ds_template["spec"].clone()}}},
            "revision": 1}),
        None,
    );
    let mut labels = ds_template.pointer("/metadata/labels").cloned().unwrap_or_default();
    labels["controller-revision-hash"] = json!(hash);
    labels["pod-template-generation"] = json!("1");
    let mut spec = ds_template.get("spec").cloned().unwrap_or_default();
    spec["nodeName"] = json!("minikube");
    spec["priority"] = json!(2_000_001_000);
    // What the DaemonSet controller adds to every pod it creates (util.AddOrUpdateDaemonPodTolerations and the
    // node-name affinity of ReplaceDaemonSetPodNodeNameNodeAffinity).
    spec["affinity"] = json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["minikube"]}]}]}}});
    spec["tolerations"] = json!([
        {"operator": "Exists"},
        {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"},
        {"key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"},
    ]);
    let pod = json!({"apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": format!("kube-proxy-{}", rng.name_suffix(5)), "namespace": "kube-system",
            "generateName": "kube-proxy-", "labels": labels,
            "ownerReferences": [meta::owner_ref(&ds, true)]},
        "spec": spec});
    let status = running_status(rng, &pod, NODE_IP, 14, None);
    install(c, pod, Some(status));
    // The DaemonSet controller's status for one scheduled, ready, up-to-date pod.
    let mut ds = ds;
    ds["status"] = json!({"currentNumberScheduled": 1, "numberMisscheduled": 0, "desiredNumberScheduled": 1,
        "numberReady": 1, "observedGeneration": 1, "updatedNumberScheduled": 1, "numberAvailable": 1});
    meta::obj_mut(&mut ds, &["metadata"]).remove("resourceVersion");
    let now = c.now;
    c.store.put(ds, now);
}

fn storage_provisioner(c: &mut Cluster, rng: &mut Rng) {
    let last_applied = r#"{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"addonmanager.kubernetes.io/mode":"Reconcile","integration-test":"storage-provisioner"},"name":"storage-provisioner","namespace":"kube-system"},"spec":{"containers":[{"command":["/storage-provisioner"],"image":"gcr.io/k8s-minikube/storage-provisioner:v5","imagePullPolicy":"IfNotPresent","name":"storage-provisioner","volumeMounts":[{"mountPath":"/tmp","name":"tmp"}]}],"hostNetwork":true,"serviceAccountName":"storage-provisioner","volumes":[{"hostPath":{"path":"/tmp","type":"Directory"},"name":"tmp"}]}}"#;
    let pod = json!({"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": "storage-provisioner", "namespace": "kube-system",
        "labels": {"addonmanager.kubernetes.io/mode": "Reconcile", "integration-test": "storage-provisioner"},
        "annotations": {"kubectl.kubernetes.io/last-applied-configuration": format!("{last_applied}\n")}},
    "spec": {
        "serviceAccountName": "storage-provisioner",
        "hostNetwork": true,
        "nodeName": "minikube",
        "containers": [{"name": "storage-provisioner", "image": STORAGE_PROVISIONER_IMAGE,
            "command": ["/storage-provisioner"], "imagePullPolicy": "IfNotPresent",
            "volumeMounts": [{"mountPath": "/tmp", "name": "tmp"}]}],
        "volumes": [{"name": "tmp", "hostPath": {"path": "/tmp", "type": "Directory"}}],
    }});
    let pod = install(c, pod, None);
    // It starts before the API server answers, exits 1 when it cannot reach it, and is restarted at once.
    let status = running_status(rng, &pod, NODE_IP, 15, Some((15, 46)));
    let mut pod = pod;
    pod["status"] = status;
    meta::obj_mut(&mut pod, &["metadata"]).remove("resourceVersion");
    let now = c.now;
    c.store.put(pod, now);
}

fn config_maps(c: &mut Cluster) {
    let cm = |name: &str, data: Value| {
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "kube-system"},
            "data": data})
    };
    let kube_proxy_conf = "\
apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  acceptContentTypes: \"\"
  burst: 0
  contentType: \"\"
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpCloseWaitTimeout: 0s
  tcpEstablishedTimeout: 0s
enableProfiling: false
healthzBindAddress: \"\"
hostnameOverride: \"\"
iptables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: \"\"
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
metricsBindAddress: 0.0.0.0:10249
mode: \"\"
nodePortAddresses: null
oomScoreAdj: null
portRange: \"\"
showHiddenMetricsForAlphaFeatures: false
";
    let kubeconfig = "\
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://control-plane.minikube.internal:8443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
";
    let cluster_configuration = format!(
        "\
apiServer:
  certSANs:
  - 127.0.0.1
  - localhost
  - {NODE_IP}
  extraArgs:
  - name: enable-admission-plugins
    value: NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,NodeRestriction,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /var/lib/minikube/certs
clusterName: mk
controlPlaneEndpoint: control-plane.minikube.internal:8443
controllerManager:
  extraArgs:
  - name: allocate-node-cidrs
    value: \"true\"
  - name: leader-elect
    value: \"false\"
dns: {{}}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/minikube/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: {K8S_VERSION}
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/12
proxy: {{}}
scheduler:
  extraArgs:
  - name: leader-elect
    value: \"false\"
"
    );
    let kubelet = "\
apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /var/lib/minikube/certs/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: unix:///var/run/cri-dockerd.sock
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
hairpinMode: hairpin-veth
healthzBindAddress: 127.0.0.1
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: \"0\"
    text:
      infoBufferSize: \"0\"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 15m0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
";
    for o in [
        cm("coredns", json!({"Corefile": corefile()})),
        cm(
            "extension-apiserver-authentication",
            json!({
                "client-ca-file": ROOT_CA,
                "requestheader-allowed-names": "[\"front-proxy-client\"]",
                "requestheader-client-ca-file": ROOT_CA,
                "requestheader-extra-headers-prefix": "[\"X-Remote-Extra-\"]",
                "requestheader-group-headers": "[\"X-Remote-Group\"]",
                "requestheader-username-headers": "[\"X-Remote-User\"]",
            }),
        ),
        cm("kube-apiserver-legacy-service-account-token-tracking", json!({"since": t(0)[..10].to_string()})),
        cm("kube-proxy", json!({"config.conf": kube_proxy_conf, "kubeconfig.conf": kubeconfig})),
        cm("kubeadm-config", json!({"ClusterConfiguration": cluster_configuration})),
        cm("kubelet-config", json!({"kubelet": kubelet})),
    ] {
        install(c, o, None);
    }
    let mut cluster_info = cm(
        "cluster-info",
        json!({"kubeconfig": format!(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {}\n    server: https://control-plane.minikube.internal:8443\n  name: \"\"\ncontexts: null\ncurrent-context: \"\"\nkind: Config\npreferences: {{}}\nusers: null\n",
        crate::base64::encode(ROOT_CA.as_bytes()))}),
    );
    cluster_info["metadata"]["namespace"] = json!("kube-public");
    install(c, cluster_info, None);
}

/// The API server's own endpoints for `default/kubernetes` (the master endpoint reconciler writes both; the
/// EndpointSlice controller leaves a Service without a selector alone).
fn apiserver_endpoints(c: &mut Cluster) {
    install(
        c,
        json!({"apiVersion": "v1", "kind": "Endpoints",
            "metadata": {"name": "kubernetes", "namespace": "default",
                "labels": {"endpointslice.kubernetes.io/skip-mirror": "true"}},
            "subsets": [{"addresses": [{"ip": NODE_IP}], "ports": [{"name": "https", "port": 8443, "protocol": "TCP"}]}]}),
        None,
    );
    install(
        c,
        json!({"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {"name": "kubernetes", "namespace": "default",
                "labels": {"kubernetes.io/service-name": "kubernetes"}},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [NODE_IP], "conditions": {"ready": true}}],
            "ports": [{"name": "https", "port": 8443, "protocol": "TCP"}]}),
        None,
    );
}

/// Every string equal to `from` becomes `to` (the times controllers stamped while the boot state settled).
fn retime(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::String(s) if s == from => *s = to.to_string(),
        Value::Array(a) => a.iter_mut().for_each(|x| retime(x, from, to)),
        Value::Object(m) => m.values_mut().for_each(|x| retime(x, from, to)),
        _ => {}
    }
}

/// Adds the system objects. Their names and UIDs come from streams of their own, so the learner's objects get
/// the names and UIDs they had before these existed.
pub(super) fn install_all(c: &mut Cluster) {
    let seed = c.seed;
    let mut rng = Rng::new(seed ^ 0x6b75_6265_2d73_7973);
    let api_rng = std::mem::replace(&mut c.rng, Rng::new(seed ^ 0x6b73_2d61_7069));
    let adm_rng = std::mem::replace(&mut c.admission_rng, Rng::new(seed ^ 0x6b73_2d61_646d));
    for sa in KUBE_SYSTEM_ACCOUNTS.iter().filter(|n| **n != "default") {
        install(
            c,
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": sa, "namespace": "kube-system"}}),
            None,
        );
    }
    config_maps(c);
    apiserver_endpoints(c);
    control_plane(c, &mut rng);
    kube_proxy(c, &mut rng);
    coredns(c, &mut rng);
    storage_provisioner(c, &mut rng);
    // The controllers' own writes (the kube-dns EndpointSlice and Endpoints) draw from the API's stream, as
    // they did before these objects existed.
    c.rng = api_rng;
    c.admission_rng = adm_rng;
    // The node runtime never sees these pods start: they were running before the epoch.
    c.node_seen = c.store.resource_version();
    let from = c.store.resource_version();
    c.settle();
    // What the controllers wrote while settling (the kube-dns EndpointSlice and Endpoints, the CoreDNS
    // Deployment's and ReplicaSet's status) happened 25 hours ago too.
    let epoch = meta::rfc3339(0);
    let changed: Vec<super::store::Key> =
        c.store.log_since(from).iter().map(|(_, ch)| super::store::key_of(&ch.object)).collect();
    for k in changed {
        let Some(o) = c.store.get(&k).cloned() else { continue };
        let mut o = o;
        let created_now = meta::s(&o, "/metadata/creationTimestamp") == epoch;
        retime(&mut o, &epoch, &t(15));
        if created_now {
            o["metadata"]["creationTimestamp"] = json!(t(0));
        }
        meta::obj_mut(&mut o, &["metadata"]).remove("resourceVersion");
        let now = c.now;
        c.store.put(o, now);
    }
    c.node_seen = c.store.resource_version();
    c.settle();
}
