//! The taint-eviction controller (pkg/controller/tainteviction/taint_eviction.go, kube-controller-manager's
//! `taint-eviction-controller`): a pod on a node with NoExecute taints it does not all tolerate is deleted at once;
//! one that tolerates them all, but some for `tolerationSeconds` only, is deleted when the shortest of those runs
//! out, counted from when the controller saw the taints; a taint removed in time cancels it. Each deletion is
//! announced as a Normal `TaintManagerEviction` event "Marking for deletion Pod NS/NAME", each cancelled one as
//! "Cancelling deletion of Pod NS/NAME" (both name the pod without its UID, as the controller's reference does).
//!
//! Like the real controller it keeps state: the NoExecute taints it last saw per node (`taintedNodes`) and its
//! timed work per pod (`TimedWorkerQueue`: a pending deletion, or a finished one, which blocks a second until the
//! pod is gone). It reacts to a node whose NoExecute taints changed and to a pod added, deleted, or whose node or
//! tolerations changed (`PodUpdated` skips every other update). Not modelled: the `DisruptionTarget` condition it
//! writes before deleting (the kubelet model rewrites the pod's conditions and would drop it).

use super::meta::{self, At};
use super::store::{key, Store};
use super::{Action, EventSpec, Propagation, Work};
use crate::json;
use serde_json::Value;
use std::collections::BTreeMap;

const COMPONENT: &str = "taint-eviction-controller";

/// What the controller is asked to look at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A node changed (`NodeUpdated`); nothing happens unless its NoExecute taints did.
    Node(String),
    /// A pod (namespace, name) was added, changed or deleted (`PodUpdated`).
    Pod(String, String),
    /// A timed deletion (namespace, name) is due.
    Fire(String, String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Timed {
    Pending {
        created: u64,
        fire: u64,
    },
    /// The deletion ran; the key stays until the pod is seen gone (`TimedWorkerQueue` keeps a nil worker).
    Done,
}

#[derive(Default)]
pub struct Controller {
    /// NoExecute taints by node, nodes without any left out.
    tainted: BTreeMap<String, Vec<Value>>,
    work: BTreeMap<(String, String), Timed>,
    /// What `PodUpdated` compares: the pod's uid, node and tolerations as last seen.
    seen: BTreeMap<(String, String), (String, String, Value)>,
}

fn no_execute(node: &Value) -> Vec<Value> {
    node.at("/spec/taints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|t| meta::s(t, "/effect") == "NoExecute")
        .cloned()
        .collect()
}

/// v1helper `GetMatchingTolerations`: whether every taint is tolerated, and the first toleration for each.
fn matching_tolerations<'a>(taints: &[Value], spec: &'a Value) -> Option<Vec<&'a Value>> {
    let tolerations = spec.get("tolerations").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    taints
        .iter()
        .map(|t| tolerations.iter().find(|tol| super::daemonset::tolerates(&json!({"tolerations": [tol]}), t)))
        .collect()
}

/// `getMinTolerationTime`: the shortest `tolerationSeconds` in ms, 0 for none or a non-positive one, None when
/// every toleration is forever.
fn min_toleration_ms(used: &[&Value]) -> Option<u64> {
    if used.is_empty() {
        return Some(0);
    }
    let mut min: Option<i64> = None;
    for t in used {
        if let Some(secs) = t.get("tolerationSeconds").and_then(Value::as_i64) {
            if secs <= 0 {
                return Some(0);
            }
            min = Some(min.map_or(secs, |m| m.min(secs)));
        }
    }
    min.map(|s| s as u64 * 1000)
}

fn pod_ref(ns: &str, name: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns}})
}

fn event(ns: &str, name: &str, message: String) -> Action {
    Action::Event(EventSpec {
        regarding: pod_ref(ns, name),
        type_: "Normal",
        reason: "TaintManagerEviction".into(),
        message,
        component: COMPONENT,
        field_path: None,
        host: None,
    })
}

impl Controller {
    /// Whether a pod change can matter: some node has NoExecute taints or some deletion is tracked. Otherwise the
    /// cluster need not queue pod work for the controller at all.
    pub fn active(&self) -> bool {
        !self.tainted.is_empty() || !self.work.is_empty()
    }

    pub fn sync(&mut self, store: &Store, item: &Item, now: u64) -> Vec<Action> {
        let mut out = Vec::new();
        match item {
            Item::Node(name) => self.node_update(store, name, now, &mut out),
            Item::Pod(ns, name) => self.pod_update(store, ns, name, now, &mut out),
            Item::Fire(ns, name) => self.fire(store, ns, name, now, &mut out),
        }
        out
    }

    /// `cancelWorkWithEvent`: a pending deletion is announced as cancelled; a finished one just forgotten.
    fn cancel(&mut self, ns: &str, name: &str, out: &mut Vec<Action>) {
        if let Some(Timed::Pending { .. }) = self.work.remove(&(ns.to_string(), name.to_string())) {
            out.push(event(ns, name, format!("Cancelling deletion of Pod {ns}/{name}")));
        }
    }

    /// `AddWork`: nothing when the pod already has work, pending or done.
    /// Work due now runs in the same sync (a timer would wait for the clock to move; the real worker starts at
    /// once).
    fn add(
        &mut self,
        store: &Store,
        (ns, name): (&str, &str),
        (created, fire): (u64, u64),
        now: u64,
        out: &mut Vec<Action>,
    ) {
        let k = (ns.to_string(), name.to_string());
        if self.work.contains_key(&k) {
            return;
        }
        self.work.insert(k, Timed::Pending { created, fire });
        if fire <= now {
            self.fire(store, ns, name, now, out);
        } else {
            let item = Item::Fire(ns.to_string(), name.to_string());
            out.push(Action::RequeueAt(fire, Work::TaintEviction(item)));
        }
    }

    fn remember(&mut self, pod: &Value) {
        let k = (meta::namespace(pod).to_string(), meta::name(pod).to_string());
        let v = (
            meta::uid(pod).to_string(),
            meta::s(pod, "/spec/nodeName").to_string(),
            pod.at("/spec/tolerations").cloned().unwrap_or(Value::Null),
        );
        self.seen.insert(k, v);
    }

    /// `processPodOnNode`.
    fn process(&mut self, store: &Store, pod: &Value, taints: &[Value], now: u64, out: &mut Vec<Action>) {
        let (ns, name) = (meta::namespace(pod), meta::name(pod));
        if taints.is_empty() {
            self.cancel(ns, name, out);
        }
        let spec = pod.at("/spec").unwrap_or(&Value::Null);
        let Some(used) = matching_tolerations(taints, spec) else {
            self.cancel(ns, name, out);
            self.add(store, (ns, name), (now, now), now, out);
            return;
        };
        let Some(min) = min_toleration_ms(&used) else {
            self.cancel(ns, name, out);
            return;
        };
        let mut created = now;
        if let Some(Timed::Pending { created: c, fire }) = self.work.get(&(ns.to_string(), name.to_string())) {
            created = *c;
            // a deletion counted from earlier stands (its start plus the new minimum is before now plus it), and
            // so does one already due when it is due
            if created < now || *fire == created + min {
                return;
            }
            self.cancel(ns, name, out);
        }
        self.add(store, (ns, name), (created, created + min), now, out);
    }

    /// `handleNodeUpdate`, reached only when the node's NoExecute taints changed (`NodeUpdated`).
    fn node_update(&mut self, store: &Store, node: &str, now: u64, out: &mut Vec<Action>) {
        let taints = store.get3("Node", "", node).map(no_execute).unwrap_or_default();
        if self.tainted.get(node).map_or(taints.is_empty(), |t| *t == taints) {
            return;
        }
        if taints.is_empty() {
            self.tainted.remove(node);
        } else {
            self.tainted.insert(node.to_string(), taints.clone());
        }
        let pods: Vec<Value> =
            store.list("Pod", None).filter(|p| meta::s(p, "/spec/nodeName") == node).cloned().collect();
        for pod in &pods {
            self.remember(pod);
            if taints.is_empty() {
                self.cancel(meta::namespace(pod), meta::name(pod), out);
            } else {
                self.process(store, pod, &taints, now, out);
            }
        }
        if !self.active() {
            // pods are not followed while no node has NoExecute taints; the next taint looks at all of them again
            self.seen.clear();
        }
    }

    /// `handlePodUpdate`, after `PodUpdated`'s filter: a pod seen before with the same node and tolerations is
    /// left alone (its status or labels changed, or its deletion began).
    fn pod_update(&mut self, store: &Store, ns: &str, name: &str, now: u64, out: &mut Vec<Action>) {
        let k = (ns.to_string(), name.to_string());
        let Some(pod) = store.get3("Pod", ns, name) else {
            self.seen.remove(&k);
            self.cancel(ns, name, out);
            return;
        };
        let same = self.seen.get(&k).is_some_and(|(uid, node, tol)| {
            uid == meta::uid(pod)
                && node == meta::s(pod, "/spec/nodeName")
                && *tol == pod.at("/spec/tolerations").cloned().unwrap_or(Value::Null)
        });
        if same {
            return;
        }
        let replaced = self.seen.get(&k).is_some_and(|(uid, ..)| uid != meta::uid(pod));
        self.remember(pod);
        if replaced {
            // the informer saw the old pod's deletion: its finished work is forgotten
            self.cancel(ns, name, out);
        }
        let node = meta::s(pod, "/spec/nodeName");
        let Some(taints) = self.tainted.get(node).cloned() else { return };
        self.process(store, pod, &taints, now, out);
    }

    /// The timed worker's deletion (`deletePodHandler`): the event, then a delete with the pod's own grace period.
    fn fire(&mut self, store: &Store, ns: &str, name: &str, now: u64, out: &mut Vec<Action>) {
        let k = (ns.to_string(), name.to_string());
        match self.work.get(&k) {
            Some(Timed::Pending { fire, .. }) if *fire <= now => {}
            _ => return,
        }
        self.work.insert(k, Timed::Done);
        out.push(event(ns, name, format!("Marking for deletion Pod {ns}/{name}")));
        if store.get3("Pod", ns, name).is_some_and(|p| !meta::is_deleting(p)) {
            out.push(Action::Delete {
                key: key("Pod", ns, name),
                uid: None,
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toleration_seconds_decide_when() {
        let taints = vec![json!({"key": "k", "value": "v", "effect": "NoExecute"})];
        let forever = json!({"tolerations": [{"key": "k", "operator": "Exists"}]});
        let used = matching_tolerations(&taints, &forever).unwrap();
        assert_eq!(min_toleration_ms(&used), None);
        let timed = json!({"tolerations": [{"key": "k", "operator": "Equal", "value": "v", "tolerationSeconds": 30},
            {"operator": "Exists", "tolerationSeconds": 10}]});
        // the first matching toleration counts, not the shortest
        let used = matching_tolerations(&taints, &timed).unwrap();
        assert_eq!(min_toleration_ms(&used), Some(30_000));
        let none = json!({"tolerations": [{"key": "other", "operator": "Exists"}]});
        assert!(matching_tolerations(&taints, &none).is_none());
        let zero = json!({"tolerations": [{"operator": "Exists", "tolerationSeconds": -5}]});
        assert_eq!(min_toleration_ms(&matching_tolerations(&taints, &zero).unwrap()), Some(0));
    }
}
