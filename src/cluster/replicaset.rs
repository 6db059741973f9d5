//! The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): keeps `replicas` active pods named
//! `<rs>-<5 random characters>`, deleting the least valuable pods first (`getPodsToDelete` ranking), and reports
//! replicas/fullyLabeled/ready/available counts.

use super::events;
use super::meta::{self, s};
use super::store::{key_of, Key, Store};
use super::{Action, Outcome, Propagation, Work};
use crate::json;
use serde_json::{Map, Value};

const COMPONENT: &str = "replicaset-controller";
/// `BurstReplicas`: at most this many creations or deletions per sync.
const BURST: i64 = 500;

pub fn pod_ready_since(p: &Value) -> Option<Option<i64>> {
    let c = p
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "Ready"))?;
    (s(c, "/status") == "True").then(|| meta::parse_time(s(c, "/lastTransitionTime")))
}

/// `podutil.IsPodAvailable`.
pub fn available(p: &Value, min_ready_ms: i64, now: i64) -> bool {
    match pod_ready_since(p) {
        Some(since) => min_ready_ms == 0 || since.is_some_and(|t| t + min_ready_ms < now),
        None => false,
    }
}

fn active(p: &Value) -> bool {
    !meta::is_deleting(p) && !matches!(s(p, "/status/phase"), "Succeeded" | "Failed")
}

pub fn reconcile(store: &Store, k: &Key, now: u64) -> Vec<Action> {
    let Some(rs) = store.get(k) else { return Vec::new() };
    let (ns, name, uid) = (meta::namespace(rs), meta::name(rs), meta::uid(rs));
    let selector = rs.pointer("/spec/selector").cloned().unwrap_or(Value::Null);
    let mut out = Vec::new();
    let mut pods: Vec<Value> = Vec::new();
    for p in store.list("Pod", Some(ns)) {
        match meta::controller_ref(p) {
            Some(r) if s(r, "/uid") == uid => pods.push(p.clone()),
            None if !meta::is_deleting(rs) && active(p) && meta::selector_matches(&selector, meta::labels(p)) => {
                let mut a = p.clone();
                let mut refs = meta::owner_refs(p).to_vec();
                refs.push(meta::owner_ref(rs, true));
                meta::obj_mut(&mut a, &["metadata"]).insert("ownerReferences".into(), json!(refs));
                meta::obj_mut(&mut a, &["metadata"]).remove("resourceVersion");
                out.push(Action::Update { object: a.clone(), event: None });
                pods.push(a);
            }
            _ => {}
        }
    }
    let min_ready = meta::i(rs, "/spec/minReadySeconds").unwrap_or(0) * 1000;
    let nowi = now as i64;
    let act: Vec<&Value> = pods.iter().filter(|p| active(p)).collect();
    let want = meta::i(rs, "/spec/replicas").unwrap_or(1);
    let diff = act.len() as i64 - want;
    if !meta::is_deleting(rs) {
        if diff < 0 {
            let template = rs.pointer("/spec/template").cloned().unwrap_or(json!({}));
            for _ in 0..(-diff).min(BURST) {
                let mut md = Map::new();
                md.insert("generateName".into(), json!(format!("{name}-")));
                md.insert("namespace".into(), json!(ns));
                md.insert("labels".into(), template.pointer("/metadata/labels").cloned().unwrap_or(json!({})));
                if let Some(a) = template.pointer("/metadata/annotations") {
                    md.insert("annotations".into(), a.clone());
                }
                md.insert("ownerReferences".into(), json!([meta::owner_ref(rs, true)]));
                let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": md,
                    "spec": template.get("spec").cloned().unwrap_or(json!({}))});
                let ev = Outcome {
                    ok: events::normal(rs, COMPONENT, "SuccessfulCreate", "Created pod: {name}".into()),
                    failed: events::warning(rs, COMPONENT, "FailedCreate", "Error creating".into()),
                };
                out.push(Action::Create { object: pod, event: Some(ev) });
            }
        } else if diff > 0 {
            // getPodsToDelete: unassigned < assigned, Pending < Unknown < Running, not ready < ready, ready for less
            // time, more restarts, newer first.
            let mut ranked = act.clone();
            let phase_rank = |p: &Value| match s(p, "/status/phase") {
                "Pending" => 0,
                "Unknown" => 1,
                _ => 2,
            };
            crate::sort::sort_by_key(&mut ranked, |p| {
                (
                    !s(p, "/spec/nodeName").is_empty(),
                    phase_rank(p),
                    pod_ready_since(p).is_some(),
                    std::cmp::Reverse(pod_ready_since(p).flatten().unwrap_or(i64::MIN)),
                    std::cmp::Reverse(meta::parse_time(s(p, "/metadata/creationTimestamp")).unwrap_or(0)),
                    meta::name(p).to_string(),
                )
            });
            for p in ranked.iter().take(diff.min(BURST) as usize) {
                let ev = Outcome {
                    ok: events::normal(rs, COMPONENT, "SuccessfulDelete", format!("Deleted pod: {}", meta::name(p))),
                    failed: events::warning(
                        rs,
                        COMPONENT,
                        "FailedDelete",
                        format!("Error deleting pod {}", meta::name(p)),
                    ),
                };
                out.push(Action::Delete {
                    key: key_of(p),
                    uid: Some(meta::uid(p).to_string()),
                    propagation: Propagation::Background,
                    grace: None,
                    event: Some(ev),
                });
            }
        }
    }
    // calculateStatus over the pods observed at the start of the sync.
    let template_labels = rs.pointer("/spec/template/metadata/labels").and_then(Value::as_object);
    let fully = act
        .iter()
        .filter(|p| {
            template_labels.is_none_or(|tl| tl.iter().all(|(k2, v)| meta::labels(p).and_then(|l| l.get(k2)) == Some(v)))
        })
        .count() as i64;
    let ready =
        act.iter().filter(|p| s(p, "/status/phase") == "Running" && pod_ready_since(p).is_some()).count() as i64;
    let avail =
        act.iter().filter(|p| s(p, "/status/phase") == "Running" && available(p, min_ready, nowi)).count() as i64;
    let mut st = Map::new();
    st.insert("replicas".into(), json!(act.len()));
    for (key, v) in [("fullyLabeledReplicas", fully), ("readyReplicas", ready), ("availableReplicas", avail)] {
        if v != 0 {
            st.insert(key.into(), json!(v));
        }
    }
    st.insert("observedGeneration".into(), json!(meta::i(rs, "/metadata/generation").unwrap_or(1)));
    let st = Value::Object(st);
    if rs.get("status") != Some(&st) {
        let mut next = rs.clone();
        next["status"] = st;
        out.push(Action::UpdateStatus(next));
    }
    if min_ready > 0 {
        if let Some(at) = act
            .iter()
            .filter(|p| !available(p, min_ready, nowi))
            .filter_map(|p| pod_ready_since(p).flatten())
            .map(|t| t + min_ready + 1)
            .min()
        {
            out.push(Action::RequeueAt(at.max(nowi) as u64, Work::ReplicaSet(k.clone())));
        }
    }
    out
}
