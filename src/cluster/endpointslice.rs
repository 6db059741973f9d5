//! The EndpointSlice controller (pkg/controller/endpointslice) and the legacy Endpoints controller: one slice per
//! Service with a selector, an endpoint per pod with an IP (ready = Ready and not terminating, or always with
//! `publishNotReadyAddresses`), `hostname` set when the pod's hostname/subdomain name this Service
//! (`ShouldSetHostname`, no headless check).

use super::meta::{self, s};
use super::store::{Key, Store};
use super::{Action, Propagation};
use crate::json;
use serde_json::{Map, Value};

const MANAGED_BY: &str = "endpointslice-controller.k8s.io";

/// The warning the API server attaches to every v1 Endpoints request since v1.33 (KEP-4974); kubectl prints it
/// on stderr as `Warning: ...`.
pub const ENDPOINTS_DEPRECATED: &str = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";

fn pod_ready(p: &Value) -> bool {
    p.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True"))
}

/// A Service port's target on one pod: a number, or a named container port.
fn target_port(svc_port: &Value, pod: &Value) -> Option<i64> {
    match svc_port.get("targetPort") {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(name)) => pod
            .pointer("/spec/containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .flat_map(|c| c.get("ports").and_then(Value::as_array).into_iter().flatten())
            .find(|p| s(p, "/name") == name)
            .and_then(|p| meta::i(p, "/containerPort")),
        _ => meta::i(svc_port, "/port"),
    }
}

pub fn reconcile(store: &Store, k: &Key, now: u64) -> Vec<Action> {
    let mut out = Vec::new();
    let existing: Vec<&Value> = store
        .list("EndpointSlice", Some(&k.1))
        .filter(|e| meta::label(e, "kubernetes.io/service-name") == Some(k.2.as_str()))
        .filter(|e| meta::label(e, "endpointslice.kubernetes.io/managed-by") == Some(MANAGED_BY))
        .collect();
    let svc = store.get(k);
    let selector = svc.and_then(|s| s.pointer("/spec/selector")).and_then(Value::as_object).filter(|m| !m.is_empty());
    let (Some(svc), Some(selector)) = (svc.filter(|s| !meta::is_deleting(s)), selector) else {
        // No Service (or no selector): nothing is managed here. The GC removes slices of a deleted Service; the
        // Endpoints controller deletes its object.
        if svc.is_none() && store.get3("Endpoints", &k.1, &k.2).is_some() {
            out.push(Action::Delete {
                key: super::store::key("Endpoints", &k.1, &k.2),
                uid: None,
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        }
        return out;
    };
    let publish_not_ready = svc.pointer("/spec/publishNotReadyAddresses").and_then(Value::as_bool) == Some(true);
    let svc_ports: Vec<Value> = svc.pointer("/spec/ports").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut endpoints = Vec::new();
    let mut ready_addrs = Vec::new();
    let mut not_ready_addrs = Vec::new();
    let mut ports: Option<Vec<Value>> = None;
    for p in store.list("Pod", Some(&k.1)) {
        if !meta::map_selector_matches(selector, meta::labels(p)) {
            continue;
        }
        let ip = s(p, "/status/podIP");
        if ip.is_empty() || matches!(s(p, "/status/phase"), "Succeeded" | "Failed") {
            continue;
        }
        let terminating = meta::is_deleting(p);
        let ready = publish_not_ready || (pod_ready(p) && !terminating);
        let serving = publish_not_ready || pod_ready(p);
        let mut ep = Map::new();
        ep.insert("addresses".into(), json!([ip]));
        ep.insert("conditions".into(), json!({"ready": ready, "serving": serving, "terminating": terminating}));
        let set_hostname = !s(p, "/spec/hostname").is_empty() && s(p, "/spec/subdomain") == k.2;
        if set_hostname {
            ep.insert("hostname".into(), json!(s(p, "/spec/hostname")));
        }
        if !s(p, "/spec/nodeName").is_empty() {
            ep.insert("nodeName".into(), json!(s(p, "/spec/nodeName")));
        }
        ep.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": meta::name(p), "namespace": k.1, "uid": meta::uid(p)}),
        );
        endpoints.push(Value::Object(ep));
        // Go's EndpointAddress field order: ip, hostname, nodeName, targetRef.
        let mut addr = Map::new();
        addr.insert("ip".into(), json!(ip));
        if set_hostname {
            addr.insert("hostname".into(), json!(s(p, "/spec/hostname")));
        }
        addr.insert("nodeName".into(), json!(s(p, "/spec/nodeName")));
        addr.insert(
            "targetRef".into(),
            json!({"kind": "Pod", "name": meta::name(p), "namespace": k.1, "uid": meta::uid(p)}),
        );
        let addr = Value::Object(addr);
        if ready {
            ready_addrs.push(addr);
        } else if !terminating {
            not_ready_addrs.push(addr);
        }
        if ports.is_none() {
            ports = Some(
                svc_ports
                    .iter()
                    .filter_map(|sp| {
                        let port = target_port(sp, p)?;
                        let mut m = Map::new();
                        m.insert("name".into(), json!(s(sp, "/name")));
                        m.insert("port".into(), json!(port));
                        m.insert(
                            "protocol".into(),
                            json!(if s(sp, "/protocol").is_empty() { "TCP" } else { s(sp, "/protocol") }),
                        );
                        Some(Value::Object(m))
                    })
                    .collect(),
            );
        }
    }
    let ports = ports.unwrap_or_default();
    let mut labels = meta::labels(svc).cloned().unwrap_or_default();
    labels.insert("endpointslice.kubernetes.io/managed-by".into(), json!(MANAGED_BY));
    labels.insert("kubernetes.io/service-name".into(), json!(k.2));
    if s(svc, "/spec/clusterIP") == "None" {
        labels.insert("service.kubernetes.io/headless".into(), json!(""));
    }
    let body = |mut base: Value| {
        base["metadata"]["labels"] = Value::Object(labels.clone());
        base["addressType"] = json!("IPv4");
        base["endpoints"] = if endpoints.is_empty() { Value::Null } else { json!(endpoints) };
        base["ports"] = if ports.is_empty() { Value::Null } else { json!(ports) };
        if let Some(m) = base.as_object_mut() {
            m.retain(|_, v| !v.is_null());
        }
        base
    };
    match existing.first() {
        Some(cur) => {
            let mut next = body((*cur).clone());
            if !endpoints.is_empty() || cur.get("endpoints").is_some() {
                next["endpoints"] = json!(endpoints);
            }
            if next != **cur {
                meta::obj_mut(&mut next, &["metadata", "annotations"])
                    .insert("endpoints.kubernetes.io/last-change-trigger-time".into(), json!(meta::rfc3339(now)));
                meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
                out.push(Action::Update { object: next, event: None });
            }
            for extra in &existing[1..] {
                out.push(Action::Delete {
                    key: super::store::key_of(extra),
                    uid: None,
                    propagation: Propagation::Background,
                    grace: None,
                    event: None,
                });
            }
        }
        None => {
            let mut e = body(json!({
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": {"generateName": format!("{}-", k.2), "namespace": k.1,
                    "ownerReferences": [meta::owner_ref(svc, true)]},
            }));
            e["endpoints"] = json!(endpoints);
            out.push(Action::Create { object: e, event: None });
        }
    }
    // Endpoints (v1), still read by `kubectl describe svc`.
    let mut subset = Map::new();
    if !ready_addrs.is_empty() {
        subset.insert("addresses".into(), json!(ready_addrs));
    }
    if !not_ready_addrs.is_empty() {
        subset.insert("notReadyAddresses".into(), json!(not_ready_addrs));
    }
    let ep_ports: Vec<Value> = ports
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if s(&p, "/name").is_empty() {
                p.as_object_mut().map(|m| m.remove("name"));
            }
            p
        })
        .collect();
    if !ep_ports.is_empty() {
        subset.insert("ports".into(), json!(ep_ports));
    }
    let subsets = if subset.contains_key("addresses") || subset.contains_key("notReadyAddresses") {
        json!([subset])
    } else {
        Value::Null
    };
    let mut eps = json!({"apiVersion": "v1", "kind": "Endpoints",
        "metadata": {"name": k.2, "namespace": k.1, "labels": meta::labels(svc).cloned().unwrap_or_default()}});
    if !subsets.is_null() {
        eps["subsets"] = subsets;
    }
    match store.get3("Endpoints", &k.1, &k.2) {
        Some(cur) => {
            let mut next = cur.clone();
            match eps.get("subsets") {
                Some(sub) => next["subsets"] = sub.clone(),
                None => {
                    next.as_object_mut().map(|m| m.remove("subsets"));
                }
            }
            if next != *cur {
                meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
                out.push(Action::Update { object: next, event: None });
            }
        }
        None => out.push(Action::Create { object: eps, event: None }),
    }
    out
}
