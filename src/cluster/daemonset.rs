//! The DaemonSet controller (pkg/controller/daemon/daemon_controller.go) for the nodes the cluster has (one):
//! a node that should run the daemon pod (`NodeShouldRunDaemonPod`: its labels match the template's
//! nodeSelector and the pod tolerates its NoSchedule/NoExecute taints) and has none gets one, named by the API
//! server from `generateName: <ds>-` (so `kube-proxy-` + 5 characters of the seeded RNG), pinned to the node by
//! the node-name affinity of `ReplaceDaemonSetPodNodeNameNodeAffinity` and given the tolerations of
//! `AddOrUpdateDaemonPodTolerations`, then bound by the scheduler. A pod being deleted still counts for its node
//! (`podsShouldBeOnNode` creates only when the node has no daemon pod at all), so the replacement comes once the
//! old pod is gone. Status as `updateDaemonSetStatus` counts it. Not modelled: rolling updates of the template
//! (no new ControllerRevision is made), surge, failed-pod back-off, removing pods from nodes that should not run
//! them.

use super::events;
use super::meta::{self, s};
use super::store::{Key, Store};
use super::{Action, Outcome};
use crate::json;
use serde_json::{Map, Value};

const COMPONENT: &str = "daemonset-controller";

/// `NodeShouldRunDaemonPod` for the checks a single-node cluster needs: nodeSelector and taints.
fn should_run(template_spec: &Value, node: &Value) -> bool {
    let labels = meta::labels(node);
    let selected = template_spec
        .get("nodeSelector")
        .and_then(Value::as_object)
        .is_none_or(|sel| sel.iter().all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v)));
    let taints = node.pointer("/spec/taints").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    selected && taints.iter().filter(|t| s(t, "/effect") != "PreferNoSchedule").all(|t| tolerates(template_spec, t))
}

/// Whether a pod spec's tolerations tolerate `taint` (core/v1 `Toleration.ToleratesTaint`).
pub fn tolerates(pod_spec: &Value, taint: &Value) -> bool {
    let tolerations = pod_spec.get("tolerations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    tolerations.iter().any(|t| {
        let key_ok = match s(t, "/operator") {
            "Exists" => s(t, "/key").is_empty() || s(t, "/key") == s(taint, "/key"),
            _ => s(t, "/key") == s(taint, "/key") && s(t, "/value") == s(taint, "/value"),
        };
        key_ok && (s(t, "/effect").is_empty() || s(t, "/effect") == s(taint, "/effect"))
    })
}

/// The node a daemon pod is for: its binding, else the node-name affinity the controller gave it.
fn target_node(p: &Value) -> &str {
    let bound = s(p, "/spec/nodeName");
    if !bound.is_empty() {
        return bound;
    }
    p.pointer(
        "/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchFields/0/values/0",
    )
    .and_then(Value::as_str)
    .unwrap_or("")
}

fn ready(p: &Value) -> bool {
    super::replicaset::pod_ready_since(p).is_some()
}

pub fn reconcile(store: &Store, k: &Key, _now: u64) -> Vec<Action> {
    let Some(ds) = store.get(k) else { return Vec::new() };
    let (ns, uid) = (meta::namespace(ds), meta::uid(ds));
    let template = ds.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let template_spec = template.get("spec").cloned().unwrap_or(json!({}));
    let pods: Vec<&Value> =
        store.list("Pod", Some(ns)).filter(|p| meta::controller_ref(p).is_some_and(|r| s(r, "/uid") == uid)).collect();
    // The current revision's hash: the ControllerRevision of the set with the highest revision.
    let hash = store
        .list("ControllerRevision", Some(ns))
        .filter(|r| meta::controller_ref(r).is_some_and(|o| s(o, "/uid") == uid))
        .max_by_key(|r| meta::i(r, "/revision").unwrap_or(0))
        .map(|r| s(r, "/metadata/labels/controller-revision-hash").to_string())
        .unwrap_or_default();
    let generation = meta::i(ds, "/metadata/generation").unwrap_or(1);
    let mut out = Vec::new();
    let (mut desired, mut scheduled, mut misscheduled, mut ready_n, mut updated) = (0, 0, 0, 0, 0);
    for node in store.list("Node", None) {
        let node_name = meta::name(node);
        let on_node: Vec<&&Value> = pods.iter().filter(|p| target_node(p) == node_name).collect();
        let runs = should_run(&template_spec, node);
        if runs {
            desired += 1;
        }
        if !on_node.is_empty() {
            if runs {
                scheduled += 1;
            } else {
                misscheduled += 1;
            }
        }
        let live: Vec<&&&Value> = on_node.iter().filter(|p| !meta::is_deleting(p)).collect();
        ready_n += live.iter().filter(|p| ready(p)).count() as i64;
        updated += live.iter().filter(|p| s(p, "/metadata/labels/controller-revision-hash") == hash).count() as i64;
        if runs && on_node.is_empty() && !meta::is_deleting(ds) {
            out.push(Action::Create {
                object: new_pod(ds, &template, node_name, &hash, generation),
                event: Some(created(ds)),
            });
        }
    }
    // updateDaemonSetStatus; numberUnavailable is omitted when zero.
    let mut st = Map::new();
    st.insert("currentNumberScheduled".into(), json!(scheduled));
    st.insert("numberMisscheduled".into(), json!(misscheduled));
    st.insert("desiredNumberScheduled".into(), json!(desired));
    st.insert("numberReady".into(), json!(ready_n));
    st.insert("observedGeneration".into(), json!(generation));
    st.insert("updatedNumberScheduled".into(), json!(updated));
    st.insert("numberAvailable".into(), json!(ready_n));
    if desired > ready_n {
        st.insert("numberUnavailable".into(), json!(desired - ready_n));
    }
    let st = Value::Object(st);
    if ds.get("status") != Some(&st) {
        let mut next = ds.clone();
        next["status"] = st;
        out.push(Action::UpdateStatus(next));
    }
    out
}

fn created(ds: &Value) -> Outcome {
    Outcome {
        ok: events::normal(ds, COMPONENT, "SuccessfulCreate", "Created pod: {name}".into()),
        failed: events::warning(ds, COMPONENT, "FailedCreate", "Error creating".into()),
    }
}

/// The pod `syncNodes` creates for `node`.
fn new_pod(ds: &Value, template: &Value, node: &str, hash: &str, generation: i64) -> Value {
    let mut labels = template.pointer("/metadata/labels").cloned().unwrap_or(json!({}));
    if !hash.is_empty() {
        labels["controller-revision-hash"] = json!(hash);
    }
    labels["pod-template-generation"] = json!(generation.to_string());
    let mut md = Map::new();
    md.insert("generateName".into(), json!(format!("{}-", meta::name(ds))));
    md.insert("namespace".into(), json!(meta::namespace(ds)));
    md.insert("labels".into(), labels);
    if let Some(a) = template.pointer("/metadata/annotations") {
        md.insert("annotations".into(), a.clone());
    }
    md.insert("ownerReferences".into(), json!([meta::owner_ref(ds, true)]));
    let mut spec = template.get("spec").cloned().unwrap_or(json!({}));
    spec["affinity"] = json!({"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": [node]}]}]}}});
    // AddOrUpdateDaemonPodTolerations: added after the template's own, network-unavailable for host-network pods.
    let mut tolerations = spec.get("tolerations").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut add = vec![
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ];
    if spec.get("hostNetwork").and_then(Value::as_bool) == Some(true) {
        add.push(("node.kubernetes.io/network-unavailable", "NoSchedule"));
    }
    for (key, effect) in add {
        if !tolerations.iter().any(|t| s(t, "/key") == key && s(t, "/effect") == effect) {
            tolerations.push(json!({"key": key, "operator": "Exists", "effect": effect}));
        }
    }
    spec["tolerations"] = json!(tolerations);
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": md, "spec": spec})
}
