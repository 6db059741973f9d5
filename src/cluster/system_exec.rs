//! `kubectl exec` into the control plane's and the add-ons' images, whoever runs the pod (the still kube-system
//! pods of `system.rs`, or a replacement the kubelet runs): they are built to hold their binary and little else,
//! so a command outside that set fails as the container runtime fails it (`exec::not_found_output`). What each
//! image holds, from its build:
//! - coredns: `FROM gcr.io/distroless/static` plus `/coredns` (coredns/coredns Dockerfile).
//! - kube-apiserver, kube-controller-manager, kube-scheduler: the go-runner distroless base plus the binary
//!   (kubernetes build/common.sh, `/go-runner` and `/usr/local/bin/kube-*`).
//! - kube-proxy: distroless-iptables (kubernetes/release images/build/distroless-iptables/distroless-trixie
//!   Dockerfile): dash linked as `/bin/sh`, `cat chmod grep ln rm sleep wc` for the iptables wrapper, the
//!   iptables/ipset/nft/kmod tools, go-runner and kube-proxy.
//! - etcd: kubernetes cluster/images/etcd/Dockerfile: bash-static as `/bin/sh`, `cp`, etcd, etcdctl, etcdutl and
//!   the migrate tools.
//! - storage-provisioner: `FROM scratch` plus `/storage-provisioner` (minikube deploy/storage-provisioner).
//!
//! Tools the model runs (`sh -c`, `cat`, `grep`, `wc`, `sleep`) behave as in any container; the image's own
//! binaries (`etcdctl`, `iptables`, ...) exist but say they are not simulated. Files: the ConfigMap volumes the
//! pod mounts (kube-proxy's `/var/lib/kube-proxy/config.conf`), read-only; nothing else of the image's filesystem.

use super::apps::Nslookup;
use super::dns::Lookup;
use super::exec::{self, Host, HttpError, Userland};
use super::network::Url;
use super::volumes::FsError;
use super::{ApiError, Cluster, ExecOutput};
use serde_json::Value;

const IPTABLES_TOOLS: &[&str] = &[
    "iptables",
    "iptables-save",
    "iptables-restore",
    "ip6tables",
    "ip6tables-save",
    "ip6tables-restore",
    "iptables-legacy",
    "iptables-nft",
    "xtables-legacy-multi",
    "xtables-nft-multi",
    "ipset",
    "nft",
    "kmod",
    "lsmod",
    "modprobe",
    "insmod",
    "rmmod",
    "modinfo",
    "depmod",
];

/// The executables on `$PATH` (or at `/`) in each image, by repository.
fn binaries(image: &str) -> Option<Vec<&'static str>> {
    let repo = image.split('@').next().unwrap_or(image);
    let repo = match repo.rsplit_once(':') {
        Some((r, tag)) if !tag.contains('/') => r,
        _ => repo,
    };
    Some(match repo {
        "registry.k8s.io/coredns/coredns" => vec!["coredns"],
        "registry.k8s.io/kube-apiserver" => vec!["kube-apiserver", "go-runner"],
        "registry.k8s.io/kube-controller-manager" => vec!["kube-controller-manager", "go-runner"],
        "registry.k8s.io/kube-scheduler" => vec!["kube-scheduler", "go-runner"],
        "registry.k8s.io/kube-proxy" => {
            let mut b =
                vec!["kube-proxy", "go-runner", "sh", "dash", "cat", "chmod", "grep", "ln", "rm", "sleep", "wc"];
            b.extend_from_slice(IPTABLES_TOOLS);
            b
        }
        "registry.k8s.io/etcd" => {
            vec!["etcd", "etcdctl", "etcdutl", "sh", "cp", "migrate", "migrate-if-needed.sh"]
        }
        "gcr.io/k8s-minikube/storage-provisioner" => vec!["storage-provisioner"],
        _ => return None,
    })
}

/// The exec when the container's image is one of these, else `None` (the node runtime runs it).
pub fn exec(
    c: &Cluster,
    pod: &Value,
    container: Option<&str>,
    argv: &[String],
) -> Option<Result<ExecOutput, ApiError>> {
    let containers = pod.pointer("/spec/containers").and_then(Value::as_array)?;
    let spec = match container {
        Some(name) => containers.iter().find(|x| x.get("name").and_then(Value::as_str) == Some(name))?,
        None => containers.first()?,
    };
    let name = spec.get("name").and_then(Value::as_str).unwrap_or("");
    let binaries = binaries(spec.get("image").and_then(Value::as_str).unwrap_or(""))?;
    let running = pod
        .pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|s| s.get("name").and_then(Value::as_str) == Some(name)))
        .is_some_and(|s| s.pointer("/state/running").is_some());
    if !running {
        return Some(Err(ApiError {
            code: 400,
            reason: "BadRequest".into(),
            message: format!("unable to upgrade connection: container not found (\"{name}\")"),
        }));
    }
    let mut host = SystemHost { c, pod, spec, binaries, workdir: "/".into() };
    Some(Ok(exec::run(&mut host, argv).unwrap_or_else(|exec::NotFound(bin)| exec::not_found_output(&bin))))
}

struct SystemHost<'a> {
    c: &'a Cluster,
    pod: &'a Value,
    spec: &'a Value,
    binaries: Vec<&'static str>,
    workdir: String,
}

impl SystemHost<'_> {
    /// The ConfigMap volume mounted at the longest prefix of `path`, and the rest of the path.
    fn config_map(&self, path: &str) -> Option<(Value, String)> {
        let mounts = self.spec.get("volumeMounts").and_then(Value::as_array)?;
        let m = mounts
            .iter()
            .filter_map(|m| {
                let at = m.get("mountPath").and_then(Value::as_str)?.trim_end_matches('/');
                let rest = path.strip_prefix(at)?;
                (rest.is_empty() || rest.starts_with('/')).then(|| (at.len(), m, rest.trim_start_matches('/')))
            })
            .max_by_key(|(len, _, _)| *len)?;
        let vol = m.1.get("name").and_then(Value::as_str)?;
        let volumes = self.pod.pointer("/spec/volumes").and_then(Value::as_array)?;
        let v = volumes.iter().find(|v| v.get("name").and_then(Value::as_str) == Some(vol))?;
        let cm_name = v.pointer("/configMap/name").and_then(Value::as_str)?;
        let ns = self.pod.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
        let cm = self.c.get("ConfigMap", ns, cm_name).ok()?;
        Some((cm.get("data").cloned().unwrap_or(Value::Null), m.2.to_string()))
    }

    fn absolute(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else {
            format!("{}/{path}", self.workdir.trim_end_matches('/'))
        }
    }
}

impl Host for SystemHost<'_> {
    fn has(&self, binary: &str) -> bool {
        self.binaries.contains(&binary)
    }
    fn userland(&self) -> Userland {
        Userland::Gnu
    }
    fn nslookup(&self) -> Nslookup {
        Nslookup::Missing
    }
    fn old_busybox(&self) -> bool {
        false
    }
    fn read(&self, path: &str) -> Result<String, FsError> {
        let (data, key) = self.config_map(&self.absolute(path)).ok_or(FsError::NotFound)?;
        data.get(&key).and_then(Value::as_str).map(str::to_string).ok_or(FsError::NotFound)
    }
    /// The model keeps no writable layer for these images: every write fails (a known limit: kube-proxy's and
    /// etcd's real root filesystems are writable).
    fn write(&mut self, _path: &str, _content: &str, _append: bool) -> Result<(), FsError> {
        Err(FsError::ReadOnly)
    }
    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        match self.config_map(&self.absolute(path)) {
            Some((Value::Object(data), rest)) if rest.is_empty() => Ok(data.keys().cloned().collect()),
            _ => Err(FsError::NotFound),
        }
    }
    fn env(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("PATH".to_string(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()),
            ("HOSTNAME".to_string(), self.hostname()),
        ];
        for e in self.spec.get("env").and_then(Value::as_array).into_iter().flatten() {
            let name = e.get("name").and_then(Value::as_str).unwrap_or("").to_string();
            let value = match e.pointer("/valueFrom/fieldRef/fieldPath").and_then(Value::as_str) {
                Some("spec.nodeName") => self.pod.pointer("/spec/nodeName").and_then(Value::as_str).unwrap_or(""),
                Some("status.podIP") => self.pod.pointer("/status/podIP").and_then(Value::as_str).unwrap_or(""),
                Some(_) => "",
                None => e.get("value").and_then(Value::as_str).unwrap_or(""),
            };
            out.push((name, value.to_string()));
        }
        out.push(("HOME".to_string(), "/root".to_string()));
        out
    }
    /// A host-network pod has the node's name (all of these but CoreDNS).
    fn hostname(&self) -> String {
        let host_network = self.pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true);
        let name = if host_network { "/spec/nodeName" } else { "/metadata/name" };
        self.pod.pointer(name).and_then(Value::as_str).unwrap_or("").to_string()
    }
    fn workdir(&self) -> String {
        self.workdir.clone()
    }
    fn set_workdir(&mut self, dir: String) {
        self.workdir = dir;
    }
    fn now(&self) -> u64 {
        self.c.now()
    }
    /// No image here ships a resolver or an HTTP client, so these are never asked.
    fn lookup(&self, _name: &str) -> Lookup {
        Lookup::NxDomain
    }
    fn reverse(&self, _ip: &str) -> Option<String> {
        None
    }
    fn http(&mut self, _url: &Url) -> Result<(u16, String), HttpError> {
        Err(HttpError::Resolve)
    }
    /// No image here ships `kill`.
    fn signal_main(&mut self, _signal: i32) -> bool {
        false
    }
}
