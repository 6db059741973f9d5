//! The pod status the kubelet reports, and what a container sees of its pod: environment, /etc/hosts,
//! /etc/resolv.conf.

use super::*;

pub(super) fn pod_hostname(pod: &Value) -> String {
    match s(pod, &["spec", "hostname"]) {
        h if h.is_empty() => s(pod, &["metadata", "name"]),
        h => h,
    }
}

/// `hostname.subdomain.ns.svc.cluster.local` when the pod has a subdomain (StatefulSet pods do).
pub(super) fn pod_fqdn(pod: &Value, ns: &str) -> Option<String> {
    let sub = s(pod, &["spec", "subdomain"]);
    (!sub.is_empty()).then(|| format!("{}.{sub}.{ns}.svc.{}", pod_hostname(pod), crate::cluster::dns::CLUSTER_DOMAIN))
}

/// The kubelet-managed /etc/hosts (pkg/kubelet/kubelet_pods.go `managedHostsFileContent`).
pub(super) fn hosts_file(ip: &str, hostname: &str, fqdn: Option<&str>) -> String {
    let mut out = String::from(
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n",
    );
    match fqdn {
        Some(f) => out.push_str(&format!("{ip}\t{f}\t{hostname}\n")),
        None => out.push_str(&format!("{ip}\t{hostname}\n")),
    }
    out
}

/// ClusterFirst DNS policy: CoreDNS plus the namespace search path, ndots 5.
pub(super) fn resolv_conf(ns: &str) -> String {
    let d = crate::cluster::dns::CLUSTER_DOMAIN;
    format!("nameserver {}\nsearch {ns}.svc.{d} svc.{d} {d}\noptions ndots:5\n", crate::cluster::dns::DNS_IP)
}

/// qosClass as the API server computes it at creation (pkg/apis/core/helper/qos ComputePodQOS): init containers
/// count as the app containers do, so an init container without limits makes a pod Burstable.
pub fn qos_class(pod: &Value) -> &'static str {
    let list = |p: &str| pod.at(p).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let containers: Vec<&Value> = list("/spec/containers").iter().chain(list("/spec/initContainers")).collect();
    let mut any = false;
    let mut guaranteed = !containers.is_empty();
    for c in containers {
        let req = c.at("/resources/requests").and_then(Value::as_object);
        let lim = c.at("/resources/limits").and_then(Value::as_object);
        if req.is_some_and(|m| !m.is_empty()) || lim.is_some_and(|m| !m.is_empty()) {
            any = true;
        }
        for r in ["cpu", "memory"] {
            let l = lim.and_then(|m| m.get(r));
            let q = req.and_then(|m| m.get(r)).or(l);
            if l.is_none() || q != l {
                guaranteed = false;
            }
        }
    }
    if guaranteed {
        "Guaranteed"
    } else if any {
        "Burstable"
    } else {
        "BestEffort"
    }
}

pub(super) fn crash_line(kind: AppKind) -> String {
    match kind {
        AppKind::PythonTime => "RuntimeError: fault injected by stsplay: the app crashed".into(),
        _ => "fatal: fault injected by stsplay: the app crashed".into(),
    }
}

pub(super) fn waiting(reason: &str, message: Option<&str>) -> Value {
    let mut m = Map::new();
    m.insert("reason".into(), reason.into());
    if let Some(msg) = message {
        m.insert("message".into(), msg.into());
    }
    json!({ "waiting": m })
}

pub(super) fn terminated_json(t: &Terminated) -> Value {
    json!({"terminated": {
        "exitCode": t.exit_code,
        "reason": t.reason(),
        "startedAt": apps::rfc3339(t.started_at),
        "finishedAt": apps::rfc3339(t.finished_at),
        "containerID": format!("docker://{}", t.container_id),
    }})
}

impl Kubelet {
    /// The pod's `.status` as the kubelet's status manager writes it (field order of the Go structs).
    pub(super) fn status(&self, p: &PodRt, pod: &Value) -> Value {
        let generation = pod.at("/metadata/generation").and_then(Value::as_i64).unwrap_or(1);
        let mut statuses = Vec::new();
        let mut init_statuses = Vec::new();
        let (mut waiting_n, mut running_n, mut stopped_n, mut succeeded_n) = (0, 0, 0, 0);
        let mut unready = Vec::new();
        let mut incomplete = Vec::new();
        // A container not created yet waits as ContainerCreating, or PodInitializing in a pod with init
        // containers (kubelet_pods.go convertToAPIContainerStatuses, defaultWaitingState).
        let default_wait = if p.n_init > 0 { "PodInitializing" } else { "ContainerCreating" };
        for (idx, c) in p.containers.iter().enumerate() {
            let init = idx < p.n_init;
            let (state, started) = match &c.state {
                CState::Waiting { reason, message } if reason == "ContainerCreating" => {
                    (waiting(default_wait, message.as_deref()), false)
                }
                CState::Waiting { reason, message } => (waiting(reason, message.as_deref()), false),
                CState::Pulling { .. } | CState::Creating { .. } => (waiting(default_wait, None), false),
                CState::Running { started_at, .. } | CState::Stopping { started_at, .. } => {
                    (json!({"running": {"startedAt": apps::rfc3339(*started_at)}}), true)
                }
                CState::Terminated(t) => (terminated_json(t), false),
            };
            let done = match &c.state {
                CState::Terminated(t) => t.exit_code == 0 && !c.sidecar(),
                CState::Running { .. } => c.sidecar(),
                _ => false,
            };
            if init && !done {
                incomplete.push(c.name.clone());
            }
            match &c.state {
                _ if init => {}
                CState::Running { .. } | CState::Stopping { .. } => running_n += 1,
                CState::Terminated(t) => {
                    stopped_n += 1;
                    if t.exit_code == 0 {
                        succeeded_n += 1;
                    }
                }
                _ if c.last_terminated.is_some() => stopped_n += 1,
                _ => waiting_n += 1,
            }
            let started_flag =
                started && c.workers.iter().all(|(w, _)| w.ty != ProbeType::Startup || w.published == Some(true));
            if !c.ready && !init {
                unready.push(c.name.clone());
            }
            // lastState holds the previous instance while the current one runs or waits to restart.
            let last = match (&c.state, &c.last_terminated) {
                (CState::Terminated(_), _) => json!({}),
                (_, Some(t)) => terminated_json(t),
                _ => json!({}),
            };
            let created = c.instances > 0;
            let mut m = Map::with_capacity(10);
            m.insert("name".into(), c.name.clone().into());
            m.insert("state".into(), state);
            m.insert("lastState".into(), last);
            m.insert("ready".into(), c.ready.into());
            m.insert("restartCount".into(), c.restart_count.into());
            m.insert("image".into(), s(&c.spec, &["image"]).into());
            let image_id = if created || self.images.contains(&c.image.display) && c.last_terminated.is_some() {
                let repo = c.image.repository.strip_prefix("docker.io/library/").unwrap_or(&c.image.repository);
                let part = |salt: &str| fnv_parts(&[salt, &c.image.display]);
                format!(
                    "docker-pullable://{repo}@sha256:{:016x}{:016x}{:016x}{:016x}",
                    part("a"),
                    part("b"),
                    part("c"),
                    part("d")
                )
            } else {
                String::new()
            };
            m.insert("imageID".into(), image_id.into());
            if created {
                m.insert("containerID".into(), format!("docker://{}", c.container_id).into());
            }
            m.insert("started".into(), started_flag.into());
            let mounts: Vec<Value> = c
                .spec
                .get("volumeMounts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|vm| {
                    let mut o = Map::with_capacity(4);
                    o.insert("name".into(), s(vm, &["name"]).into());
                    o.insert("mountPath".into(), s(vm, &["mountPath"]).into());
                    if vm.get("readOnly").and_then(Value::as_bool) == Some(true) {
                        o.insert("readOnly".into(), true.into());
                        o.insert("recursiveReadOnly".into(), "Disabled".into());
                    }
                    Value::Object(o)
                })
                .collect();
            if !mounts.is_empty() {
                m.insert("volumeMounts".into(), mounts.into());
            }
            if init {
                init_statuses.push(Value::Object(m));
            } else {
                statuses.push(Value::Object(m));
            }
        }
        // kubelet_pods.go getPhase.
        let phase = if let Some(ph) = p.terminal_phase {
            ph
        } else if waiting_n > 0 {
            "Pending"
        } else if running_n > 0 {
            "Running"
        } else if stopped_n > 0 {
            match p.restart_policy.as_str() {
                "Always" => "Running",
                "OnFailure" if stopped_n == succeeded_n => "Succeeded",
                "OnFailure" => "Running",
                _ if stopped_n == succeeded_n => "Succeeded",
                _ => "Failed",
            }
        } else {
            "Pending"
        };
        let cond = |ty: &str, ok: bool, at: u64, reason: Option<&str>, message: Option<String>| {
            let mut m = Map::with_capacity(7);
            m.insert("type".into(), ty.into());
            m.insert("observedGeneration".into(), generation.into());
            m.insert("status".into(), if ok { "True" } else { "False" }.into());
            m.insert("lastProbeTime".into(), Value::Null);
            m.insert("lastTransitionTime".into(), apps::rfc3339(at).into());
            if let Some(r) = reason {
                m.insert("reason".into(), r.into());
            }
            if let Some(msg) = message {
                m.insert("message".into(), msg.into());
            }
            Value::Object(m)
        };
        let terminal = p.terminal_phase.is_some();
        let (ready_reason, ready_msg) = if terminal {
            (Some("PodCompleted"), None)
        } else if unready.is_empty() {
            (None, None)
        } else {
            (Some("ContainersNotReady"), Some(format!("containers with unready status: [{}]", unready.join(" "))))
        };
        let get = |k: &str| p.conditions.get(k).copied().unwrap_or((false, p.first_sync));
        let (sandbox, sandbox_at) = get("PodReadyToStartContainers");
        let (_, init_at) = get("Initialized");
        let (ready, ready_at) = get("Ready");
        let (cready, cready_at) = get("ContainersReady");
        // The scheduler wrote PodScheduled; keep its times, in the condition's field order.
        let scheduled = match pod
            .at("/status/conditions")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().find(|c| s(c, &["type"]) == "PodScheduled"))
        {
            Some(c) => {
                let mut m = Map::with_capacity(7);
                m.insert("type".into(), "PodScheduled".into());
                m.insert("observedGeneration".into(), generation.into());
                for k in ["status", "lastProbeTime", "lastTransitionTime", "reason", "message"] {
                    if let Some(v) = c.get(k) {
                        m.insert(k.into(), v.clone());
                    }
                }
                Value::Object(m)
            }
            None => cond("PodScheduled", true, p.first_sync, None, None),
        };
        let conditions = vec![
            cond("PodReadyToStartContainers", sandbox && !terminal, sandbox_at, None, None),
            if incomplete.is_empty() {
                cond("Initialized", true, init_at, if terminal { Some("PodCompleted") } else { None }, None)
            } else {
                let msg = format!("containers with incomplete status: [{}]", incomplete.join(" "));
                cond("Initialized", false, init_at, Some("ContainersNotInitialized"), Some(msg))
            },
            cond("Ready", ready && !terminal, ready_at, ready_reason, ready_msg.clone()),
            cond("ContainersReady", cready && !terminal, cready_at, ready_reason, ready_msg),
            scheduled,
        ];
        let mut st = Map::with_capacity(14);
        st.insert("observedGeneration".into(), generation.into());
        st.insert("phase".into(), phase.into());
        st.insert("conditions".into(), conditions.into());
        if p.evicted {
            st.insert("message".into(), "The node was low on resource: memory. ".into());
            st.insert("reason".into(), "Evicted".into());
        }
        st.insert("hostIP".into(), NODE_IP.into());
        st.insert("hostIPs".into(), json!([{"ip": NODE_IP}]));
        if let Some(ip) = &p.ip {
            st.insert("podIP".into(), ip.clone().into());
            st.insert("podIPs".into(), json!([{"ip": ip}]));
        }
        st.insert("startTime".into(), apps::rfc3339(p.first_sync).into());
        if p.n_init > 0 {
            st.insert("initContainerStatuses".into(), init_statuses.into());
        }
        st.insert("containerStatuses".into(), statuses.into());
        st.insert("qosClass".into(), qos_class(pod).into());
        Value::Object(st)
    }

    /// The container's environment: the image's, the pod spec's (values and simple fieldRefs), the Service
    /// links of the namespace (enableServiceLinks defaults to true), HOSTNAME and HOME.
    pub(super) fn container_env(&self, p: &PodRt, i: usize, api: &dyn ApiView) -> BTreeMap<String, String> {
        let c = &p.containers[i];
        let mut env: BTreeMap<String, String> = BTreeMap::new();
        env.insert("PATH".into(), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
        env.insert("HOSTNAME".into(), pod_hostname(&p.pod));
        env.insert("HOME".into(), "/root".into());
        if p.pod.at("/spec/enableServiceLinks").and_then(Value::as_bool) != Some(false) {
            for svc in api.list("Service", Some(&p.namespace)) {
                let ip = s(&svc, &["spec", "clusterIP"]);
                if ip.is_empty() || ip == "None" {
                    continue;
                }
                let name = s(&svc, &["metadata", "name"]).to_uppercase().replace('-', "_");
                let ports = svc.at("/spec/ports").and_then(Value::as_array).cloned().unwrap_or_default();
                for (k, port) in ports.iter().enumerate() {
                    let num = port.get("port").and_then(Value::as_u64).unwrap_or(0);
                    let proto = match s(port, &["protocol"]) {
                        p if p.is_empty() => "TCP".to_string(),
                        p => p,
                    };
                    let lp = proto.to_lowercase();
                    if k == 0 {
                        env.insert(format!("{name}_SERVICE_HOST"), ip.clone());
                        env.insert(format!("{name}_SERVICE_PORT"), num.to_string());
                        env.insert(format!("{name}_PORT"), format!("{lp}://{ip}:{num}"));
                    }
                    let pn = s(port, &["name"]);
                    if !pn.is_empty() {
                        env.insert(
                            format!("{name}_SERVICE_PORT_{}", pn.to_uppercase().replace('-', "_")),
                            num.to_string(),
                        );
                    }
                    let base = format!("{name}_PORT_{num}_{proto}");
                    env.insert(base.clone(), format!("{lp}://{ip}:{num}"));
                    env.insert(format!("{base}_PROTO"), lp.clone());
                    env.insert(format!("{base}_PORT"), num.to_string());
                    env.insert(format!("{base}_ADDR"), ip.clone());
                }
            }
        }
        for e in c.spec.get("env").and_then(Value::as_array).into_iter().flatten() {
            let name = s(e, &["name"]);
            let value = if let Some(v) = e.get("value") {
                v.as_str().unwrap_or("").to_string()
            } else if let Some(path) = e.at("/valueFrom/fieldRef/fieldPath").and_then(Value::as_str) {
                match path {
                    "metadata.name" => p.name.clone(),
                    "metadata.namespace" => p.namespace.clone(),
                    "metadata.uid" => p.uid.clone(),
                    "status.podIP" => p.ip.clone().unwrap_or_default(),
                    "status.hostIP" => NODE_IP.into(),
                    "spec.nodeName" => NODE_NAME.into(),
                    "spec.serviceAccountName" => s(&p.pod, &["spec", "serviceAccountName"]),
                    _ => String::new(),
                }
            } else if let Some(r) = e.at("/valueFrom/configMapKeyRef") {
                api.get("ConfigMap", &p.namespace, &s(r, &["name"]))
                    .and_then(|cm| {
                        cm.pointer(&format!("/data/{}", s(r, &["key"]))).and_then(Value::as_str).map(String::from)
                    })
                    .unwrap_or_default()
            } else if let Some(r) = e.at("/valueFrom/secretKeyRef") {
                api.get("Secret", &p.namespace, &s(r, &["name"]))
                    .and_then(|sec| {
                        sec.pointer(&format!("/data/{}", s(r, &["key"])))
                            .and_then(Value::as_str)
                            .and_then(crate::base64::decode)
                            .and_then(|b| String::from_utf8(b).ok())
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            };
            env.insert(name, value);
        }
        env
    }
}
