//! A scripted stand-in for the node side, used by the controller scenario tests (as the upstream controller
//! tests use a fake pod control) and as the default runtime until the real kubelet lands: it binds a pod to
//! `minikube` once its claims are Bound, shows ContainerCreating, is Running and Ready [`START_MS`] later, and
//! removes a terminating pod [`STOP_MS`] after its deletion (an app that exits promptly on SIGTERM).
//! Readiness and eviction are controlled through [`Fault`]s; it runs no probes, apps, exec or network.

use super::events;
use super::meta::{self, s};
use super::store::{key_of, Key};
use super::{Action, Fault, NodeCtx, NodeRuntime};
use crate::json;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Scheduled → Running+Ready.
pub const START_MS: u64 = 2_000;
/// deletionTimestamp set → containers stopped and the pod removed.
pub const STOP_MS: u64 = 1_000;

#[derive(Default)]
pub struct BasicNode {
    /// Pods not yet settled (uid → key): pending, starting or terminating.
    tracked: BTreeMap<String, Key>,
    start_due: HashMap<String, u64>,
    stop_due: HashMap<String, u64>,
    unschedulable_reported: HashSet<String>,
    unready: HashSet<(String, String)>,
    next_ip: u32,
}

fn condition(t: &str, status: bool, now: u64) -> Value {
    json!({"type": t, "status": if status { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": meta::rfc3339(now)})
}

fn container_statuses(pod: &Value, state: Value, ready: bool) -> Value {
    let cs: Vec<Value> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|c| {
            json!({
                "name": s(c, "/name"),
                "state": state,
                "lastState": {},
                "ready": ready,
                "restartCount": 0,
                "image": s(c, "/image"),
                "imageID": "",
                "started": state.get("running").is_some(),
            })
        })
        .collect();
    Value::Array(cs)
}

impl BasicNode {
    fn claims_bound(ctx: &NodeCtx<'_>, pod: &Value) -> bool {
        let ns = meta::namespace(pod);
        pod.pointer("/spec/volumes").and_then(Value::as_array).into_iter().flatten().all(|v| {
            let claim = s(v, "/persistentVolumeClaim/claimName");
            claim.is_empty()
                || ctx.get("PersistentVolumeClaim", ns, claim).is_some_and(|c| s(c, "/status/phase") == "Bound")
        })
    }

    fn step(&mut self, ctx: &mut NodeCtx<'_>, uid: &str, k: &Key) -> bool {
        let now = ctx.now();
        let Some(pod) = ctx.get(&k.0, &k.1, &k.2).filter(|p| meta::uid(p) == uid).cloned() else { return false };
        if meta::is_deleting(&pod) {
            let grace_ms = meta::i(&pod, "/metadata/deletionGracePeriodSeconds").unwrap_or(0).max(0) as u64 * 1000;
            let due = *self.stop_due.entry(uid.to_string()).or_insert(now + grace_ms.min(STOP_MS));
            if now >= due {
                ctx.act(Action::Remove(k.clone()));
                return false;
            }
            ctx.wake_at(due);
            return true;
        }
        let phase = s(&pod, "/status/phase");
        if phase == "Failed" || phase == "Succeeded" {
            return false;
        }
        if s(&pod, "/spec/nodeName").is_empty() {
            if !Self::claims_bound(ctx, &pod) {
                if self.unschedulable_reported.insert(uid.to_string()) {
                    let mut st = pod.clone();
                    st["status"]["conditions"] = json!([{
                        "type": "PodScheduled", "status": "False", "lastProbeTime": null,
                        "lastTransitionTime": meta::rfc3339(now), "reason": "Unschedulable",
                        "message": "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
                    }]);
                    ctx.act(Action::UpdateStatus(st));
                    ctx.act(Action::Event(events::warning(&pod, "default-scheduler", "FailedScheduling",
                        "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.".into())));
                }
                return true;
            }
            let mut bound = pod.clone();
            bound["spec"]["nodeName"] = json!("minikube");
            meta::obj_mut(&mut bound, &["metadata"]).remove("resourceVersion");
            ctx.act(Action::Update { object: bound.clone(), event: None });
            ctx.act(Action::Event(events::normal(
                &pod,
                "default-scheduler",
                "Scheduled",
                format!("Successfully assigned {}/{} to minikube", k.1, k.2),
            )));
            return true;
        }
        if phase == "Pending" {
            let due = match self.start_due.get(uid) {
                Some(d) => *d,
                None => {
                    let d = now + START_MS;
                    self.start_due.insert(uid.to_string(), d);
                    let mut st = pod.clone();
                    st["status"] = json!({
                        "phase": "Pending",
                        "conditions": [condition("PodReadyToStartContainers", false, now), condition("Initialized", true, now),
                            condition("Ready", false, now), condition("ContainersReady", false, now), condition("PodScheduled", true, now)],
                        "hostIP": "192.168.49.2", "hostIPs": [{"ip": "192.168.49.2"}],
                        "startTime": meta::rfc3339(now),
                        "containerStatuses": container_statuses(&pod, json!({"waiting": {"reason": "ContainerCreating"}}), false),
                        "qosClass": "BestEffort",
                    });
                    ctx.act(Action::UpdateStatus(st));
                    d
                }
            };
            if now < due {
                ctx.wake_at(due);
                return true;
            }
            self.next_ip += 1;
            let ip = format!("10.244.0.{}", 2 + self.next_ip % 250);
            let ready = !self.unready.contains(&(k.1.clone(), k.2.clone()));
            let mut st = pod.clone();
            let started = meta::s(&pod, "/status/startTime").to_string();
            st["status"] = json!({
                "phase": "Running",
                "conditions": [condition("PodReadyToStartContainers", true, now), condition("Initialized", true, now),
                    condition("Ready", ready, now), condition("ContainersReady", ready, now), condition("PodScheduled", true, now)],
                "hostIP": "192.168.49.2", "hostIPs": [{"ip": "192.168.49.2"}],
                "podIP": ip, "podIPs": [{"ip": ip}],
                "startTime": started,
                "containerStatuses": container_statuses(&pod, json!({"running": {"startedAt": meta::rfc3339(now)}}), ready),
                "qosClass": "BestEffort",
            });
            ctx.act(Action::UpdateStatus(st));
            self.start_due.remove(uid);
            return false;
        }
        false
    }

    fn set_ready(ctx: &mut NodeCtx<'_>, pod: &Value, ready: bool) {
        if s(pod, "/status/phase") != "Running" {
            return;
        }
        let now = ctx.now();
        let mut st = pod.clone();
        if let Some(conds) = st.pointer_mut("/status/conditions").and_then(Value::as_array_mut) {
            for c in conds {
                if matches!(s(c, "/type"), "Ready" | "ContainersReady") && (s(c, "/status") == "True") != ready {
                    *c = condition(s(c, "/type"), ready, now);
                }
            }
        }
        if let Some(cs) = st.pointer_mut("/status/containerStatuses").and_then(Value::as_array_mut) {
            for c in cs {
                c["ready"] = json!(ready);
            }
        }
        ctx.act(Action::UpdateStatus(st));
    }
}

impl NodeRuntime for BasicNode {
    fn sync(&mut self, ctx: &mut NodeCtx<'_>) {
        let mut touched: Vec<(String, Key)> = Vec::new();
        for (_, ev) in ctx.changes() {
            let o = &ev.object;
            match meta::kind(o) {
                "Pod" if ev.kind != "DELETED" => touched.push((meta::uid(o).to_string(), key_of(o))),
                "Pod" => {
                    let uid = meta::uid(o);
                    self.tracked.remove(uid);
                    self.start_due.remove(uid);
                    self.stop_due.remove(uid);
                }
                // A claim becoming Bound may let a pending pod schedule.
                "PersistentVolumeClaim" => {
                    let ns = meta::namespace(o).to_string();
                    for p in ctx.list("Pod", Some(&ns)) {
                        if s(p, "/spec/nodeName").is_empty() {
                            touched.push((meta::uid(p).to_string(), key_of(p)));
                        }
                    }
                }
                _ => {}
            }
        }
        for (u, k) in touched {
            self.tracked.insert(u, k);
        }
        let all: Vec<(String, Key)> = self.tracked.iter().map(|(u, k)| (u.clone(), k.clone())).collect();
        for (uid, k) in all {
            if !self.step(ctx, &uid, &k) {
                self.tracked.remove(&uid);
            }
        }
    }

    fn inject(&mut self, ctx: &mut NodeCtx<'_>, namespace: &str, pod: &str, fault: Fault) -> Result<(), String> {
        let id = (namespace.to_string(), pod.to_string());
        // Readiness faults stick to the name, so a recreated pod of that name is broken too (a bad version).
        if let Fault::Readiness(ok) = fault {
            if ok {
                self.unready.remove(&id);
            } else {
                self.unready.insert(id.clone());
            }
        }
        let p = ctx.get("Pod", namespace, pod).cloned().ok_or_else(|| format!("pods \"{pod}\" not found"))?;
        match fault {
            Fault::Readiness(ok) => Self::set_ready(ctx, &p, ok),
            Fault::Evict => {
                let mut st = p.clone();
                st["status"]["phase"] = json!("Failed");
                st["status"]["reason"] = json!("Evicted");
                st["status"]["message"] = json!("The node was low on resource: memory. ");
                ctx.act(Action::UpdateStatus(st));
            }
            Fault::Liveness(_) | Fault::Exit(_) | Fault::Crash(_) | Fault::Hang | Fault::Unavailable(_) => {
                return Err("not modelled by the basic node".into())
            }
        }
        Ok(())
    }
}
