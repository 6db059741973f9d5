//! The Deployment controller (pkg/controller/deployment: sync.go, rolling.go, recreate.go): one ReplicaSet per pod
//! template named `<deployment>-<pod-template-hash>`, rolling updates bounded by maxSurge (rounded up) and
//! maxUnavailable (rounded down), Recreate, revision annotations, `ScalingReplicaSet` events.

use super::api::sorted_json;
use super::events;
use super::history;
use super::meta::{self, s};
use super::store::{key_of, Key, Store};
use super::{Action, Propagation};
use crate::json;
use serde_json::{Map, Value};

const COMPONENT: &str = "deployment-controller";
const HASH_LABEL: &str = "pod-template-hash";

/// `intstr.GetScaledValueFromIntOrPercent`.
fn scaled(v: Option<&Value>, total: i64, round_up: bool) -> i64 {
    match v {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(t)) => match t.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
            Some(p) if round_up => (p * total + 99) / 100,
            Some(p) => p * total / 100,
            None => t.parse().unwrap_or(0),
        },
        _ => 0,
    }
}

fn template_without_hash(rs: &Value) -> Value {
    let mut t = rs.pointer("/spec/template").cloned().unwrap_or(json!({}));
    if let Some(l) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        l.remove(HASH_LABEL);
    }
    t
}

fn replicas(rs: &Value) -> i64 {
    meta::i(rs, "/spec/replicas").unwrap_or(0)
}

fn scale(d: &Value, rs: &Value, to: i64) -> Vec<Action> {
    let from = replicas(rs);
    let mut next = rs.clone();
    next["spec"]["replicas"] = json!(to);
    meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
    let dir = if to > from { "up" } else { "down" };
    vec![
        Action::Update { object: next, event: None },
        Action::Event(events::normal(
            d,
            COMPONENT,
            "ScalingReplicaSet",
            format!("Scaled {dir} replica set {} from {from} to {to}", meta::name(rs)),
        )),
    ]
}

pub fn reconcile(store: &Store, k: &Key) -> Vec<Action> {
    let Some(d) = store.get(k) else { return Vec::new() };
    if meta::is_deleting(d) {
        return Vec::new();
    }
    let (ns, name, uid) = (meta::namespace(d), meta::name(d), meta::uid(d));
    let mut out = Vec::new();
    let mut rss: Vec<&Value> = store.dependents_of_kind(uid, "ReplicaSet").filter(|r| !meta::is_deleting(r)).collect();
    crate::sort::sort_by_key(&mut rss, |r| {
        (meta::parse_time(s(r, "/metadata/creationTimestamp")).unwrap_or(0), meta::name(r).to_string())
    });
    let template = d.pointer("/spec/template").cloned().unwrap_or(json!({}));
    let desired = meta::i(d, "/spec/replicas").unwrap_or(1);
    let recreate = s(d, "/spec/strategy/type") == "Recreate";
    let ru = d.pointer("/spec/strategy/rollingUpdate");
    let mut max_surge = if recreate { 0 } else { scaled(ru.and_then(|r| r.get("maxSurge")), desired, true) };
    let mut max_unavailable =
        if recreate { 0 } else { scaled(ru.and_then(|r| r.get("maxUnavailable")), desired, false) };
    if !recreate && max_surge == 0 && max_unavailable == 0 {
        max_unavailable = 1;
    }
    max_surge = max_surge.max(0);
    let new_rs = rss.iter().copied().find(|r| template_without_hash(r) == template);
    let old: Vec<&Value> = rss.iter().copied().filter(|r| Some(*r) != new_rs).collect();
    let max_revision = rss
        .iter()
        .filter_map(|r| meta::annotation(r, "deployment.kubernetes.io/revision").and_then(|v| v.parse::<i64>().ok()))
        .max()
        .unwrap_or(0);
    let total: i64 = rss.iter().map(|r| replicas(r)).sum();
    let old_active: i64 = old.iter().map(|r| meta::i(r, "/status/replicas").unwrap_or(0)).sum();

    let Some(new_rs) = new_rs else {
        // A new template: a new ReplicaSet, scaled as the strategy allows.
        let collision = meta::i(d, "/status/collisionCount").unwrap_or(0);
        // `ComputeHash` hashes the Go struct, whose zero creationTimestamp is there whether or not JSON shows it;
        // our JSON stand-in for that dump keeps the field so names do not move with the API's omitzero.
        let mut hashed = template.clone();
        meta::obj_mut(&mut hashed, &["metadata"]).entry("creationTimestamp").or_insert(Value::Null);
        let hash = history::template_hash(&sorted_json(&hashed), collision);
        let rs_name = format!("{name}-{hash}");
        let initial = if recreate {
            if old_active > 0 || old.iter().any(|r| replicas(r) > 0) {
                0
            } else {
                desired
            }
        } else if old.is_empty() {
            desired
        } else {
            (desired + max_surge - total).clamp(0, desired)
        };
        let mut t = template.clone();
        meta::obj_mut(&mut t, &["metadata", "labels"]).insert(HASH_LABEL.into(), json!(hash));
        let mut labels = t.pointer("/metadata/labels").and_then(Value::as_object).cloned().unwrap_or_default();
        labels.insert(HASH_LABEL.into(), json!(hash));
        let mut selector = d.pointer("/spec/selector").cloned().unwrap_or(json!({}));
        meta::obj_mut(&mut selector, &["matchLabels"]).insert(HASH_LABEL.into(), json!(hash));
        let mut annotations = Map::new();
        annotations.insert("deployment.kubernetes.io/desired-replicas".into(), json!(desired.to_string()));
        annotations.insert("deployment.kubernetes.io/max-replicas".into(), json!((desired + max_surge).to_string()));
        annotations.insert("deployment.kubernetes.io/revision".into(), json!((max_revision + 1).to_string()));
        let rs = json!({
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": rs_name, "namespace": ns, "labels": labels, "annotations": annotations,
                "ownerReferences": [meta::owner_ref(d, true)]},
            "spec": {"replicas": initial, "minReadySeconds": meta::i(d, "/spec/minReadySeconds").unwrap_or(0),
                "selector": selector, "template": t},
        });
        out.push(Action::Create { object: rs, event: None });
        if initial > 0 {
            out.push(Action::Event(events::normal(
                d,
                COMPONENT,
                "ScalingReplicaSet",
                format!("Scaled up replica set {rs_name} from 0 to {initial}"),
            )));
        }
        let mut next = d.clone();
        meta::obj_mut(&mut next, &["metadata", "annotations"])
            .insert("deployment.kubernetes.io/revision".into(), json!((max_revision + 1).to_string()));
        meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
        out.push(Action::Update { object: next, event: None });
        return out;
    };

    // An old template again (a rollback): its ReplicaSet becomes the newest revision, the one it had goes to
    // revision-history (sync.go getNewReplicaSet, util.SetNewReplicaSetAnnotations).
    let rev_of =
        |r: &Value| meta::annotation(r, "deployment.kubernetes.io/revision").and_then(|v| v.parse::<i64>().ok());
    let max_old = old.iter().filter_map(|r| rev_of(r)).max().unwrap_or(0);
    let own = rev_of(new_rs).unwrap_or(0);
    if own <= max_old {
        let mut rs = new_rs.clone();
        let history = meta::annotation(new_rs, "deployment.kubernetes.io/revision-history").map(str::to_string);
        let history = match history.filter(|h| !h.is_empty()) {
            Some(h) => format!("{h},{own}"),
            None => own.to_string(),
        };
        let ann = meta::obj_mut(&mut rs, &["metadata", "annotations"]);
        ann.insert("deployment.kubernetes.io/revision".into(), json!((max_old + 1).to_string()));
        ann.insert("deployment.kubernetes.io/revision-history".into(), json!(history));
        meta::obj_mut(&mut rs, &["metadata"]).remove("resourceVersion");
        out.push(Action::Update { object: rs, event: None });
        let mut next = d.clone();
        meta::obj_mut(&mut next, &["metadata", "annotations"])
            .insert("deployment.kubernetes.io/revision".into(), json!((max_old + 1).to_string()));
        meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
        out.push(Action::Update { object: next, event: None });
        return out;
    }

    if recreate {
        // recreate.go: old ReplicaSets to zero, wait for their pods to go, then the new one to full size.
        for r in &old {
            if replicas(r) > 0 {
                out.extend(scale(d, r, 0));
            }
        }
        let old_pods = store
            .list("Pod", Some(ns))
            .any(|p| meta::controller_ref(p).is_some_and(|c| old.iter().any(|r| meta::uid(r) == s(c, "/uid"))));
        if out.is_empty() && !old_pods && replicas(new_rs) != desired {
            out.extend(scale(d, new_rs, desired));
        }
    } else if replicas(new_rs) > desired {
        out.extend(scale(d, new_rs, desired));
    } else {
        // rolling.go reconcileNewReplicaSet, then reconcileOldReplicaSets.
        let max_total = desired + max_surge;
        let up = (max_total - total).min(desired - replicas(new_rs));
        if up > 0 {
            out.extend(scale(d, new_rs, replicas(new_rs) + up));
        } else {
            let min_available = desired - max_unavailable;
            let new_unavailable = replicas(new_rs) - meta::i(new_rs, "/status/availableReplicas").unwrap_or(0);
            let mut budget = total - min_available - new_unavailable;
            // cleanupUnhealthyReplicas: unavailable old pods go first.
            let mut after: Vec<(&Value, i64)> = old.iter().map(|r| (*r, replicas(r))).collect();
            for (r, n) in after.iter_mut() {
                if budget <= 0 {
                    break;
                }
                let unhealthy = *n - meta::i(r, "/status/availableReplicas").unwrap_or(0);
                let cut = unhealthy.min(budget).max(0);
                if cut > 0 {
                    *n -= cut;
                    budget -= cut;
                }
            }
            // scaleDownOldReplicaSetsForRollingUpdate: within what stays available.
            let available: i64 = rss.iter().map(|r| meta::i(r, "/status/availableReplicas").unwrap_or(0)).sum();
            let mut down = available - min_available;
            for (r, n) in after.iter_mut() {
                if down <= 0 {
                    break;
                }
                let cut = (*n).min(down).min(meta::i(r, "/status/availableReplicas").unwrap_or(0)).max(0);
                *n -= cut;
                down -= cut;
            }
            for (r, n) in after {
                if n != replicas(r) {
                    out.extend(scale(d, r, n));
                }
            }
        }
    }

    // cleanupDeployment: keep revisionHistoryLimit old ReplicaSets that are scaled to zero.
    let limit = meta::i(d, "/spec/revisionHistoryLimit").unwrap_or(10);
    let idle: Vec<&&Value> =
        old.iter().filter(|r| replicas(r) == 0 && meta::i(r, "/status/replicas").unwrap_or(0) == 0).collect();
    if idle.len() as i64 > limit {
        for r in &idle[..idle.len() - limit as usize] {
            out.push(Action::Delete {
                key: key_of(r),
                uid: None,
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        }
    }

    // Status.
    let sum = |p: &str| rss.iter().map(|r| meta::i(r, p).unwrap_or(0)).sum::<i64>();
    let (st_replicas, ready, available) =
        (sum("/status/replicas"), sum("/status/readyReplicas"), sum("/status/availableReplicas"));
    let updated = meta::i(new_rs, "/status/replicas").unwrap_or(0);
    let mut st = Map::new();
    st.insert("observedGeneration".into(), json!(meta::i(d, "/metadata/generation").unwrap_or(1)));
    let mut put = |k: &str, v: i64| {
        if v != 0 {
            st.insert(k.into(), json!(v));
        }
    };
    put("replicas", st_replicas);
    put("updatedReplicas", updated);
    put("readyReplicas", ready);
    put("availableReplicas", available);
    put("unavailableReplicas", (st_replicas - available).max(desired - available).max(0));
    let avail_ok = available >= desired - max_unavailable;
    let mut conditions = vec![json!({
        "type": "Available",
        "status": if avail_ok { "True" } else { "False" },
        "reason": if avail_ok { "MinimumReplicasAvailable" } else { "MinimumReplicasUnavailable" },
        "message": if avail_ok { "Deployment has minimum availability." } else { "Deployment does not have minimum availability." },
    })];
    let complete = updated == desired && st_replicas == desired && available == desired;
    conditions.push(json!({
        "type": "Progressing",
        "status": "True",
        "reason": if complete { "NewReplicaSetAvailable" } else { "ReplicaSetUpdated" },
        "message": if complete {
            format!("ReplicaSet \"{}\" has successfully progressed.", meta::name(new_rs))
        } else {
            format!("ReplicaSet \"{}\" is progressing.", meta::name(new_rs))
        },
    }));
    // Keep transition times of unchanged conditions so the status settles.
    let old_conds = d.pointer("/status/conditions").and_then(Value::as_array).cloned().unwrap_or_default();
    for c in conditions.iter_mut() {
        let prev = old_conds.iter().find(|o| s(o, "/type") == s(c, "/type"));
        let same = prev.is_some_and(|p| s(p, "/status") == s(c, "/status") && s(p, "/reason") == s(c, "/reason"));
        let t = match prev {
            Some(p) if same => p.get("lastTransitionTime").cloned().unwrap_or(Value::Null),
            _ => json!("{now}"),
        };
        c["lastTransitionTime"] = t.clone();
        c["lastUpdateTime"] = t;
    }
    st.insert("conditions".into(), json!(conditions));
    let st = Value::Object(st);
    if d.get("status") != Some(&st) {
        let mut next = d.clone();
        next["status"] = st;
        out.push(Action::UpdateStatus(next));
    }
    out
}
