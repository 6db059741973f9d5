//! What the cluster panel draws, read from the API objects (the same JSON kubectl prints). Only reading
//! and labelling here: phases, readiness and revisions come from the objects' status as the core set them.

use crate::cluster::Cluster;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodView {
    pub name: String,
    pub ordinal: Option<u32>,
    /// kubectl's STATUS column idea: Terminating, ContainerCreating, CrashLoopBackOff, or the phase.
    pub status: String,
    pub phase: String,
    pub ready: bool,
    pub ready_text: String,
    pub restarts: u64,
    pub revision: String,
    pub ip: String,
    pub dns: String,
    pub claims: Vec<String>,
    pub visits: Option<String>,
    /// Why the scheduler left the pod Pending (its PodScheduled=False condition's message), if it did.
    pub unschedulable: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PvcView {
    pub name: String,
    pub phase: String,
    pub ordinal: Option<u32>,
    pub bound_to: String,
    pub capacity: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SvcView {
    pub name: String,
    pub cluster_ip: String,
    pub port: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct StsView {
    pub name: String,
    pub replicas: u64,
    pub ready: u64,
    pub current: u64,
    pub updated: u64,
    pub current_revision: String,
    pub update_revision: String,
    pub strategy: String,
    pub partition: u64,
    pub policy: String,
    pub container: String,
    pub image: String,
    /// What the controller does or waits for next (`cluster::explain`), rendered in the page's language.
    pub step: crate::i18n::Message,
}

/// The node as `kubectl get node` and `describe node` summarise it: what decides whether a new pod can land.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeView {
    pub name: String,
    /// kubectl's STATUS column: `Ready`, `NotReady`, with `,SchedulingDisabled` when cordoned.
    pub status: String,
    /// Pods bound to the node and not finished, against `allocatable.pods`.
    pub pods: i64,
    pub max_pods: i64,
    /// Requests of those pods as a share of allocatable, truncated as `describe node` prints them.
    pub cpu_percent: i64,
    pub memory_percent: i64,
    /// `key=value:Effect` (or `key:Effect`) as `describe node` lists taints.
    pub taints: Vec<String>,
}

/// The node's line under the StatefulSet's: a Pending pod's "Too many pods" or "Insufficient cpu" is read here.
pub fn node_line(n: &NodeView) -> String {
    let mut line = format!(
        "node/{}: {} · pods {}/{} · requests cpu {}%, memory {}%",
        n.name, n.status, n.pods, n.max_pods, n.cpu_percent, n.memory_percent
    );
    if !n.taints.is_empty() {
        line.push_str(&format!(" · taints {}", n.taints.join(", ")));
    }
    line
}

/// A PodDisruptionBudget as the disruption controller last wrote its status (`kubectl get pdb`'s numbers).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PdbView {
    pub name: String,
    pub allowed: u64,
    pub healthy: u64,
    pub desired: u64,
    pub expected: u64,
}

/// The budget's line: how many evictions `kubectl drain` may make right now, and why.
pub fn pdb_line(b: &PdbView) -> String {
    format!(
        "pdb/{}: allowed disruptions {} · healthy {} of {}, needs {}",
        b.name, b.allowed, b.healthy, b.expected, b.desired
    )
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventView {
    pub key: String,
    pub kind: String,
    pub reason: String,
    pub object: String,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub pods: Vec<PodView>,
    pub pvcs: Vec<PvcView>,
    pub services: Vec<SvcView>,
    pub sets: Vec<StsView>,
    pub nodes: Vec<NodeView>,
    pub budgets: Vec<PdbView>,
    pub events: Vec<EventView>,
}

fn s(v: &Value, ptr: &str) -> String {
    match v.pointer(ptr) {
        Some(Value::String(x)) => x.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

fn u(v: &Value, ptr: &str) -> u64 {
    v.pointer(ptr).and_then(Value::as_u64).unwrap_or(0)
}

/// The trailing `-N` of a StatefulSet pod or claim name.
pub fn ordinal(name: &str) -> Option<u32> {
    name.rsplit_once('-').and_then(|(_, n)| n.parse().ok())
}

fn pod_view(p: &Value) -> PodView {
    let name = s(p, "/metadata/name");
    let phase = s(p, "/status/phase");
    let statuses = p.pointer("/status/containerStatuses").and_then(Value::as_array).cloned().unwrap_or_default();
    let total = p.pointer("/spec/containers").and_then(Value::as_array).map_or(0, Vec::len);
    let ready_n = statuses.iter().filter(|c| c["ready"] == Value::Bool(true)).count();
    let restarts = statuses.iter().map(|c| c["restartCount"].as_u64().unwrap_or(0)).sum();
    let waiting = statuses.iter().find_map(|c| c.pointer("/state/waiting/reason").and_then(Value::as_str));
    let status = if p.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null()) {
        "Terminating".to_string()
    } else if let Some(w) = waiting {
        w.to_string()
    } else if phase.is_empty() {
        "Pending".to_string()
    } else {
        phase.clone()
    };
    let ready = p
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"));
    let claims = p
        .pointer("/spec/volumes")
        .and_then(Value::as_array)
        .map(|vs| {
            vs.iter()
                .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName")?.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let unschedulable = p
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c["type"] == "PodScheduled" && c["status"] == "False"))
        .map(|c| s(c, "/message"))
        .unwrap_or_default();
    let (host, sub, ns) = (s(p, "/spec/hostname"), s(p, "/spec/subdomain"), s(p, "/metadata/namespace"));
    let dns = if !host.is_empty() && !sub.is_empty() {
        format!("{host}.{sub}.{ns}.svc.cluster.local")
    } else {
        String::new()
    };
    PodView {
        ordinal: ordinal(&name),
        ready,
        ready_text: format!("{ready_n}/{total}"),
        restarts,
        revision: s(p, "/metadata/labels/controller-revision-hash"),
        ip: s(p, "/status/podIP"),
        dns,
        claims,
        status,
        phase,
        name,
        visits: None,
        unschedulable,
    }
}

/// The first of the scheduler's reasons in its message (`0/1 nodes are available: 1 Insufficient cpu, 1 Too many
/// pods. preemption: ...` gives `Insufficient cpu`), for a pod card's one short line.
pub fn first_reason(message: &str) -> &str {
    let list = message.split_once("available: ").map_or(message, |(_, r)| r);
    let first = list.split([',', '.']).next().unwrap_or("").trim();
    first.split_once(' ').filter(|(n, _)| n.parse::<u32>().is_ok()).map_or(first, |(_, r)| r)
}

fn node_view(node: &Value, all_pods: &[Value]) -> NodeView {
    use crate::cluster::kubelet::fit;
    let name = s(node, "/metadata/name");
    let ready = node
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"))
        .map_or("Unknown", |c| if c["status"] == "True" { "Ready" } else { "NotReady" });
    let cordoned = node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true);
    let mut used = fit::Requests::default();
    let mut pods = 0;
    for p in all_pods.iter().filter(|p| s(p, "/spec/nodeName") == name) {
        if !matches!(s(p, "/status/phase").as_str(), "Succeeded" | "Failed") {
            pods += 1;
            used.add(&fit::pod_requests(p));
        }
    }
    let (alloc, max_pods) = fit::allocatable(node);
    let percent = |n: i64, of: i64| if of > 0 { (n as f64 / of as f64 * 100.0) as i64 } else { 0 };
    let taints = node
        .pointer("/spec/taints")
        .and_then(Value::as_array)
        .map(|ts| {
            ts.iter()
                .map(|t| match s(t, "/value").as_str() {
                    "" => format!("{}:{}", s(t, "/key"), s(t, "/effect")),
                    v => format!("{}={v}:{}", s(t, "/key"), s(t, "/effect")),
                })
                .collect()
        })
        .unwrap_or_default();
    NodeView {
        status: if cordoned { format!("{ready},SchedulingDisabled") } else { ready.to_string() },
        pods,
        max_pods,
        cpu_percent: percent(used.cpu_m, alloc.cpu_m),
        memory_percent: percent(used.memory, alloc.memory),
        taints,
        name,
    }
}

/// Reads the cluster. `visits` is asked of each running pod the way the lab did (`cat data/visits`).
pub fn take(cluster: &mut Cluster) -> Snapshot {
    let raw_pods = cluster.list("Pod", Some("default"));
    let mut pods: Vec<PodView> = raw_pods.iter().map(pod_view).collect();
    for p in pods.iter_mut().filter(|p| p.phase == "Running") {
        let argv = ["cat".to_string(), "data/visits".to_string()];
        if let Ok(out) = cluster.exec("default", &p.name, None, &argv) {
            if out.code == 0 {
                p.visits = Some(out.stdout.trim().to_string());
            }
        }
    }
    let pvcs = cluster
        .list("PersistentVolumeClaim", Some("default"))
        .iter()
        .map(|c| {
            let name = s(c, "/metadata/name");
            let bound_to = pods
                .iter()
                .find(|p| p.status != "Terminating" && p.claims.contains(&name))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            PvcView {
                ordinal: ordinal(&name),
                phase: s(c, "/status/phase"),
                capacity: s(c, "/status/capacity/storage"),
                bound_to,
                name,
            }
        })
        .collect();
    let services = cluster
        .list("Service", Some("default"))
        .iter()
        .map(|v| SvcView {
            name: s(v, "/metadata/name"),
            cluster_ip: s(v, "/spec/clusterIP"),
            port: u(v, "/spec/ports/0/port"),
        })
        .collect();
    let sets = cluster
        .list("StatefulSet", Some("default"))
        .iter()
        .map(|v| StsView {
            name: s(v, "/metadata/name"),
            replicas: u(v, "/spec/replicas"),
            ready: u(v, "/status/readyReplicas"),
            current: u(v, "/status/currentReplicas"),
            updated: u(v, "/status/updatedReplicas"),
            current_revision: s(v, "/status/currentRevision"),
            update_revision: s(v, "/status/updateRevision"),
            strategy: s(v, "/spec/updateStrategy/type"),
            partition: u(v, "/spec/updateStrategy/rollingUpdate/partition"),
            policy: s(v, "/spec/podManagementPolicy"),
            container: s(v, "/spec/template/spec/containers/0/name"),
            image: s(v, "/spec/template/spec/containers/0/image"),
            step: crate::cluster::explain::statefulset_step(v, &raw_pods),
        })
        .collect();
    let every_pod = cluster.list("Pod", None);
    let nodes = cluster.list("Node", None).iter().map(|n| node_view(n, &every_pod)).collect();
    let budgets = cluster
        .list("PodDisruptionBudget", Some("default"))
        .iter()
        .map(|b| PdbView {
            name: s(b, "/metadata/name"),
            allowed: u(b, "/status/disruptionsAllowed"),
            healthy: u(b, "/status/currentHealthy"),
            desired: u(b, "/status/desiredHealthy"),
            expected: u(b, "/status/expectedPods"),
        })
        .collect();
    let mut events: Vec<(String, u64, EventView)> = cluster
        .list("Event", Some("default"))
        .iter()
        .map(|e| {
            let count = u(e, "/count");
            let message = s(e, "/message");
            let view = EventView {
                key: s(e, "/metadata/name"),
                kind: s(e, "/type"),
                reason: s(e, "/reason"),
                object: format!("{}/{}", s(e, "/involvedObject/kind").to_lowercase(), s(e, "/involvedObject/name")),
                message: if count > 1 { format!("{message} (×{count})") } else { message },
            };
            (s(e, "/lastTimestamp"), s(e, "/metadata/resourceVersion").parse().unwrap_or(0), view)
        })
        .collect();
    // Oldest first, as `kubectl get events --sort-by=.lastTimestamp` lists them.
    crate::sort::sort_by(&mut events, |a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let mut events: Vec<EventView> = events.into_iter().map(|e| e.2).collect();
    let keep = events.len().saturating_sub(200);
    events.drain(..keep);
    Snapshot { pods, pvcs, services, sets, nodes, budgets, events }
}
