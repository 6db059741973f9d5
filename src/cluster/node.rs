//! The real node behind the cluster's [`NodeRuntime`] hook: translates store changes into kubelet syncs and
//! the kubelet's actions into API actions (binding as one `pods/binding` write of `spec.nodeName` and
//! PodScheduled, status through the status subresource, events with the node as host, the final removal of a
//! terminated pod).

use super::kubelet::{self, ApiView, Kubelet};
use super::meta;
use super::store::{key, key_of, Key};
use super::{Action, ApiError, EventSpec, ExecOutput, Fault, HttpResponse, NodeCtx, NodeRuntime};
use serde_json::Value;
use std::collections::BTreeSet;

impl ApiView for NodeCtx<'_> {
    fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        NodeCtx::get(self, kind, namespace, name).cloned()
    }

    fn list(&self, kind: &str, namespace: Option<&str>) -> Vec<Value> {
        NodeCtx::list(self, kind, namespace).cloned().collect()
    }

    fn uid(&self, kind: &str, namespace: &str, name: &str) -> String {
        NodeCtx::get(self, kind, namespace, name).map(|o| meta::uid(o).to_string()).unwrap_or_default()
    }
}

/// A status-subresource write of `status` to `o`: the API server takes only the status (and the object's
/// identity) from it, so the rest of the object is not copied.
pub fn status_update(o: &Value, status: Value) -> Value {
    // Built at its final size: a reference without `uid` and `resourceVersion` (no precondition), and the status.
    let md = meta::field(o, "metadata");
    let mut m = serde_json::Map::with_capacity(2);
    for f in ["name", "namespace"] {
        if let Some(v) = md.and_then(|md| meta::field(md, f)) {
            m.insert(f.into(), v.clone());
        }
    }
    let mut u = serde_json::Map::with_capacity(4);
    for f in ["apiVersion", "kind"] {
        if let Some(v) = meta::field(o, f) {
            u.insert(f.into(), v.clone());
        }
    }
    u.insert("metadata".into(), Value::Object(m));
    u.insert("status".into(), status);
    Value::Object(u)
}

/// A mirror pod: the API's copy of a static pod the kubelet runs from a manifest file.
fn is_mirror(pod: &Value) -> bool {
    meta::annotation(pod, "kubernetes.io/config.mirror").is_some()
}

/// The node lifecycle controller's part for a cordon (TaintNodesByCondition, node_lifecycle_controller.go
/// `doNoScheduleTaintingPass`): `spec.unschedulable` goes with the `node.kubernetes.io/unschedulable:NoSchedule`
/// taint, added and removed as the field changes.
fn unschedulable_taint(ctx: &mut NodeCtx<'_>, node: &Value) {
    const KEY: &str = "node.kubernetes.io/unschedulable";
    let want = node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true);
    let taints = node.pointer("/spec/taints").and_then(Value::as_array).cloned().unwrap_or_default();
    let has = taints.iter().any(|t| meta::s(t, "/key") == KEY);
    if want == has {
        return;
    }
    let mut next: Vec<Value> = taints.into_iter().filter(|t| meta::s(t, "/key") != KEY).collect();
    if want {
        next.push(serde_json::json!({"key": KEY, "effect": "NoSchedule"}));
    }
    let mut updated = node.clone();
    let spec = meta::obj_mut(&mut updated, &["spec"]);
    if next.is_empty() {
        spec.remove("taints");
    } else {
        spec.insert("taints".into(), Value::Array(next));
    }
    meta::obj_mut(&mut updated, &["metadata"]).remove("resourceVersion");
    ctx.act(Action::Update { object: updated, event: None });
}

/// The node `minikube` with its kubelet (created on first use, seeded from the cluster's RNG).
#[derive(Default)]
pub struct Node {
    kubelet: Option<Kubelet>,
}

impl Node {
    pub fn new() -> Node {
        Node::default()
    }

    fn kubelet(&mut self, ctx: &mut NodeCtx<'_>) -> &mut Kubelet {
        if self.kubelet.is_none() {
            let mut k = Kubelet::new(ctx.rng().next_u64());
            // Pods that were running before the simulation began (kube-system's) keep their addresses, and their
            // images are on the node (a replacement starts without a pull).
            for p in NodeCtx::list(ctx, "Pod", None) {
                if meta::s(p, "/spec/nodeName") == kubelet::NODE_NAME {
                    k.reserve_ip(meta::s(p, "/status/podIP"));
                    if !matches!(meta::s(p, "/status/phase"), "Succeeded" | "Failed") {
                        k.account(meta::uid(p), p);
                    }
                    for c in p.pointer("/spec/containers").and_then(Value::as_array).into_iter().flatten() {
                        k.preload_image(meta::s(c, "/image"));
                    }
                }
            }
            if let Some(n) = NodeCtx::get(ctx, "Node", "", kubelet::NODE_NAME) {
                k.node_changed(n);
            }
            self.kubelet = Some(k);
        }
        self.kubelet.as_mut().expect("created above")
    }

    fn translate(ctx: &mut NodeCtx<'_>, actions: Vec<kubelet::Action>) {
        for a in actions {
            match a {
                kubelet::Action::Bind { namespace, name, uid, node, .. } => {
                    let Some(pod) = NodeCtx::get(ctx, "Pod", &namespace, &name) else { continue };
                    let qos = kubelet::qos_class(pod);
                    ctx.act(Action::Bind { key: key("Pod", &namespace, &name), uid, node, qos });
                }
                kubelet::Action::SetStatus { namespace, name, uid, status } => {
                    let Some(pod) = NodeCtx::get(ctx, "Pod", &namespace, &name) else { continue };
                    if meta::uid(pod) != uid {
                        continue;
                    }
                    ctx.act(Action::UpdateStatus(status_update(pod, status)));
                }
                kubelet::Action::Event(e) => {
                    let ns = e.namespace.clone();
                    let name = e.involved["name"].as_str().unwrap_or("").to_string();
                    let regarding = NodeCtx::get(ctx, "Pod", &ns, &name)
                        .map(super::events::reference)
                        .unwrap_or_else(|| e.involved.clone());
                    ctx.act(Action::Event(EventSpec {
                        regarding,
                        type_: e.type_,
                        reason: e.reason,
                        message: e.message,
                        component: e.component,
                        field_path: e.involved.get("fieldPath").and_then(Value::as_str).map(String::from),
                        host: (e.component == "kubelet").then(|| kubelet::NODE_NAME.to_string()),
                    }));
                }
                kubelet::Action::Remove { namespace, name, uid } => {
                    let same = NodeCtx::get(ctx, "Pod", &namespace, &name).is_some_and(|p| meta::uid(p) == uid);
                    if same {
                        ctx.act(Action::Remove(key("Pod", &namespace, &name)));
                    }
                }
            }
        }
    }

    fn schedule_wake(&mut self, ctx: &mut NodeCtx<'_>) {
        let now = ctx.now();
        if let Some(w) = self.kubelet.as_ref().and_then(Kubelet::next_wake) {
            ctx.wake_at(w.max(now + 1));
        }
    }
}

impl NodeRuntime for Node {
    fn sync(&mut self, ctx: &mut NodeCtx<'_>) {
        let now = ctx.now();
        self.kubelet(ctx);
        let mut touched: BTreeSet<Key> = BTreeSet::new();
        let mut gone = Vec::new();
        let mut mirrors_gone = Vec::new();
        let mut status_only: BTreeSet<Key> = BTreeSet::new();
        let mut changed_node: Option<std::rc::Rc<Value>> = None;
        // New pods reach the scheduler's queue in creation order (equal priorities, then the queue's timestamps):
        // when they do not all fit, the last created wait, not the last by name.
        let mut arrivals: Vec<Key> = Vec::new();
        for (_, ev) in ctx.changes() {
            let o = &ev.object;
            match meta::kind(o) {
                "Pod" if ev.kind == "DELETED" && is_mirror(o) => mirrors_gone.push(o.clone()),
                "Pod" if ev.kind == "DELETED" => gone.push(meta::uid(o).to_string()),
                // A bound pod whose status alone changed (mostly the kubelet's own status write coming back) is
                // not synced: the kubelet's pod config sees no semantic difference (podsDifferSemantically compares
                // spec, labels, annotations and deletion fields) and only reconciles (HandlePodReconcile runs a sync
                // for readiness gates, which are not modelled).
                "Pod" if ev.kind == "MODIFIED" && ev.status_only && !meta::s(o, "/spec/nodeName").is_empty() => {
                    status_only.insert(key_of(o));
                }
                "Pod" => {
                    if ev.kind == "ADDED" && meta::s(o, "/spec/nodeName").is_empty() {
                        arrivals.push(key_of(o));
                    }
                    touched.insert(key_of(o));
                }
                // A claim that became Bound lets its pods schedule.
                "PersistentVolumeClaim" => {
                    for p in NodeCtx::list(ctx, "Pod", Some(meta::namespace(o))) {
                        if meta::s(p, "/spec/nodeName").is_empty() {
                            touched.insert(key_of(p));
                        }
                    }
                }
                // What the node offers may have changed.
                "Node" if ev.kind != "DELETED" => changed_node = Some(o.clone()),
                _ => {}
            }
        }
        if let Some(n) = &changed_node {
            unschedulable_taint(ctx, n);
        }
        let k = self.kubelet.as_mut().expect("created above");
        if let Some(n) = changed_node {
            k.node_changed(&n);
        }
        for uid in gone {
            k.forget(&uid);
        }
        for (ns, name) in k.due(now) {
            touched.insert(key("Pod", &ns, &name));
        }
        // The kubelet runs a static pod from its manifest and only mirrors it into the API: it never runs the
        // mirror pod (pod_workers skip it), deletes a mirror being deleted at once, and creates it again while the
        // static pod runs (kubelet.go syncPod, mirror_client.go). The containers keep running, so the new
        // mirror has a new UID and age but the old status.
        for old in mirrors_gone {
            let mut again = meta::compact_clone(&old);
            let m = meta::obj_mut(&mut again, &["metadata"]);
            for f in ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"]
            {
                m.remove(f);
            }
            let status = old.get("status").cloned().unwrap_or(Value::Null);
            ctx.act(Action::Create { object: again.clone(), event: None });
            if !status.is_null() {
                ctx.act(Action::UpdateStatus(status_update(&again, status)));
            }
        }
        for (kind, ns, name) in status_only.difference(&touched).cloned().collect::<Vec<_>>() {
            let Some(pod) = ctx.get_shared(&kind, &ns, &name) else { continue };
            if !self.kubelet.as_mut().expect("created above").observe(pod) {
                touched.insert((kind, ns, name));
            }
        }
        let mut order: Vec<Key> = arrivals.into_iter().filter(|k| touched.remove(k)).collect();
        order.extend(touched);
        for (kind, ns, name) in order {
            let Some(pod) = ctx.get_shared(&kind, &ns, &name) else { continue };
            if is_mirror(pod) {
                if meta::is_deleting(pod) {
                    ctx.act(Action::Remove(key_of(pod)));
                }
                continue;
            }
            let actions = self.kubelet.as_mut().expect("created above").sync_pod_shared(pod, ctx, now);
            Self::translate(ctx, actions);
        }
        self.schedule_wake(ctx);
    }

    fn logs(
        &self,
        ctx: &NodeCtx<'_>,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
        timestamps: bool,
    ) -> Result<String, ApiError> {
        match &self.kubelet {
            // A pod running since before the simulation (kube-system's) wrote its output before the epoch, which
            // is not modelled: it has no lines rather than no pod.
            Some(k) if !k.knows(namespace, pod) && NodeCtx::get(ctx, "Pod", namespace, pod).is_some() => {
                Ok(String::new())
            }
            Some(k) => k.logs(namespace, pod, container, previous, timestamps),
            None => {
                NodeCtx::get(ctx, "Pod", namespace, pod).ok_or_else(|| ApiError::not_found("Pod", pod))?;
                Err(ApiError {
                    code: 400,
                    reason: "BadRequest".into(),
                    message: format!("container in pod \"{pod}\" is waiting to start: ContainerCreating"),
                })
            }
        }
    }

    fn exec(
        &mut self,
        ctx: &mut NodeCtx<'_>,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<ExecOutput, ApiError> {
        let now = ctx.now();
        self.kubelet(ctx);
        let k = self.kubelet.as_mut().expect("created above");
        let r = k.exec(namespace, pod, container, argv, ctx, now);
        self.schedule_wake(ctx);
        r
    }

    fn http_get(&mut self, ctx: &mut NodeCtx<'_>, from_namespace: &str, url: &str) -> Result<HttpResponse, String> {
        let now = ctx.now();
        self.kubelet(ctx);
        let k = self.kubelet.as_mut().expect("created above");
        k.http_get(ctx, from_namespace, url, now)
    }

    fn inject(&mut self, ctx: &mut NodeCtx<'_>, namespace: &str, pod: &str, fault: Fault) -> Result<(), String> {
        let now = ctx.now();
        self.kubelet(ctx);
        let k = self.kubelet.as_mut().expect("created above");
        let found = match fault {
            Fault::Readiness(ok) => k.set_fault(namespace, pod, |f| f.fail_readiness = !ok),
            Fault::Liveness(ok) => k.set_fault(namespace, pod, |f| f.fail_liveness = !ok),
            Fault::Exit(code) => k.exit_main(namespace, pod, code, now),
            Fault::Evict => k.evict(namespace, pod, now),
            Fault::Crash(on) => k.set_fault(namespace, pod, |f| f.crash = on),
            Fault::Hang => k.set_fault(namespace, pod, |f| f.hang = true),
            Fault::Unavailable(on) => k.set_fault(namespace, pod, |f| f.unready = on),
        };
        if !found {
            return Err(format!("pods \"{pod}\" not found"));
        }
        // The fault takes effect at the kubelet's next steps: sync the pod now.
        if let Some(p) = ctx.get_shared("Pod", namespace, pod).cloned() {
            let actions = self.kubelet.as_mut().expect("created above").sync_pod_shared(&p, ctx, now);
            Self::translate(ctx, actions);
        }
        self.schedule_wake(ctx);
        Ok(())
    }
}
