//! The StatefulSet controller's guarantees, checked over random action sequences (scale, delete a pod, change
//! the image, move the partition, switch OnDelete/RollingUpdate, fail and recover readiness, let time pass).
//! The whole store history (the watch stream) is replayed after each sequence, so an invariant is checked at
//! the exact moment of every change, not only where the test happened to look:
//! - OrderedReady: a pod is created only when every lower ordinal is Running and Ready
//!   (pkg/controller/statefulset/stateful_set_control.go, processReplica / runForAll, monotonic);
//! - identity: a pod's name, its `statefulset.kubernetes.io/pod-name` label and its claim `www-web-N` agree;
//! - Retain (the default retention): no claim is ever deleted;
//! - at most one pod per ordinal is alive (not terminating) at any moment;
//! - liveness: once faults are cleared and actions stop, the set converges to `replicas` Ready pods, and
//!   under RollingUpdate every pod at or above the partition runs the update revision.
//!
//! A second property runs the same actions plus evictions on a set guarded by a PodDisruptionBudget
//! (`disruption_budget_holds_over_random_sequences`, a third as many sequences).
//!
//! `STSPLAY_PROP_SEQUENCES` sets the number of sequences (default 300, "a few hundred in CI"; the benchmark-size run uses 10000);
//! `STSPLAY_PROP_ONLY=N` replays sequence N alone, printing the pods after every action.
//! (The probe is tcpSocket: nginx answers `/` with 403 while its html volume is empty, as the real one does.)

use serde_json::{json, Value};
use std::collections::BTreeMap;
use stsplay::cluster::{Cluster, Fault, PatchType, Propagation};

mod rng;
use rng::Rng;

const IMAGES: [&str; 2] = ["registry.k8s.io/nginx-slim:0.21", "registry.k8s.io/nginx-slim:0.24"];

fn web() -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "serviceName": "nginx", "replicas": 2,
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": IMAGES[0],
                    "ports": [{"containerPort": 80, "name": "web"}],
                    "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 2},
                    "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
            "volumeClaimTemplates": [{"metadata": {"name": "www"},
                "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]
        }
    })
}

fn ordinal(name: &str) -> Option<u64> {
    name.strip_prefix("web-")?.parse().ok()
}

fn alive(p: &Value) -> bool {
    p["metadata"]["deletionTimestamp"].is_null()
}

fn running_ready(p: &Value) -> bool {
    alive(p)
        && p["status"]["phase"] == "Running"
        && p["status"]["conditions"]
            .as_array()
            .is_some_and(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
}

fn pods(c: &Cluster) -> Vec<Value> {
    c.list("Pod", Some("default"))
        .into_iter()
        .filter(|p| p["metadata"]["name"].as_str().and_then(ordinal).is_some())
        .collect()
}

/// One random action; returns a description for the failure message.
fn act(c: &mut Cluster, rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => {
            let n = rng.below(5);
            let p = json!({"spec": {"replicas": n}});
            let r = c.patch("StatefulSet", "default", "web", &p, PatchType::Merge);
            format!("scale to {n}: {:?}", r.err())
        }
        1 => {
            let ps = pods(c);
            if ps.is_empty() {
                return "delete: no pod".into();
            }
            let name = ps[rng.below(ps.len() as u64) as usize]["metadata"]["name"].as_str().unwrap_or("").to_string();
            let r = c.delete("Pod", "default", &name, Propagation::Background, None);
            format!("delete pod {name}: {:?}", r.err())
        }
        2 => {
            let img = IMAGES[rng.below(2) as usize];
            let p = json!([{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": img}]);
            let r = c.patch("StatefulSet", "default", "web", &p, PatchType::Json);
            format!("image {img}: {:?}", r.err())
        }
        3 => {
            let part = rng.below(4);
            let p = json!([{"op": "replace", "path": "/spec/updateStrategy",
                            "value": {"type": "RollingUpdate", "rollingUpdate": {"partition": part}}}]);
            let r = c.patch("StatefulSet", "default", "web", &p, PatchType::Json);
            format!("RollingUpdate partition {part}: {:?}", r.err())
        }
        4 => {
            let p = json!([{"op": "replace", "path": "/spec/updateStrategy", "value": {"type": "OnDelete"}}]);
            let r = c.patch("StatefulSet", "default", "web", &p, PatchType::Json);
            format!("OnDelete: {:?}", r.err())
        }
        5 | 6 => {
            let ps = pods(c);
            if ps.is_empty() {
                return "fault: no pod".into();
            }
            let name = ps[rng.below(ps.len() as u64) as usize]["metadata"]["name"].as_str().unwrap_or("").to_string();
            let ok = rng.below(2) == 0;
            let r = c.inject("default", &name, Fault::Readiness(ok));
            format!("readiness {ok} on {name}: {:?}", r.err())
        }
        _ => {
            let ms = 1000 * (1 + rng.below(40));
            c.advance(ms);
            format!("advance {ms} ms")
        }
    }
}

/// Replays the store's history and returns the first broken invariant.
fn check_history(c: &Cluster) -> Result<(), String> {
    let (events, _) = c.watch_since(0);
    let mut live: BTreeMap<String, Value> = BTreeMap::new();
    for e in &events {
        let kind = e.object["kind"].as_str().unwrap_or("");
        let name = e.object["metadata"]["name"].as_str().unwrap_or("").to_string();
        let at = e.at;
        match kind {
            "PersistentVolumeClaim" if e.kind == "DELETED" => {
                return Err(format!("t={at}: claim {name} deleted under the Retain policy"));
            }
            "Pod" => {
                let Some(k) = ordinal(&name) else { continue };
                if e.kind == "ADDED" {
                    for j in 0..k {
                        let lower = format!("web-{j}");
                        match live.get(&lower) {
                            Some(p) if running_ready(p) => {}
                            _ => return Err(format!("t={at}: {name} created while {lower} was not Running and Ready")),
                        }
                    }
                    if e.object["metadata"]["labels"]["statefulset.kubernetes.io/pod-name"] != name.as_str() {
                        return Err(format!("t={at}: {name} has pod-name label {}", e.object["metadata"]["labels"]));
                    }
                    let claims: Vec<&str> = e.object["spec"]["volumes"]
                        .as_array()
                        .map(|vs| vs.iter().filter_map(|v| v["persistentVolumeClaim"]["claimName"].as_str()).collect())
                        .unwrap_or_default();
                    if claims != [format!("www-{name}")] {
                        return Err(format!("t={at}: {name} mounts claims {claims:?}"));
                    }
                    if live.get(&name).is_some_and(alive) {
                        return Err(format!("t={at}: a second live {name}"));
                    }
                }
                if e.kind == "DELETED" {
                    live.remove(&name);
                } else {
                    live.insert(name, e.object.clone());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// After faults are cleared and time passes, the set must settle.
fn check_converges(c: &mut Cluster) -> Result<(), String> {
    for p in pods(c) {
        let name = p["metadata"]["name"].as_str().unwrap_or("").to_string();
        let _ = c.inject("default", &name, Fault::Readiness(true));
    }
    for _ in 0..60 {
        c.advance(10_000);
        for p in pods(c) {
            let name = p["metadata"]["name"].as_str().unwrap_or("").to_string();
            let _ = c.inject("default", &name, Fault::Readiness(true));
        }
    }
    let sts = c.get("StatefulSet", "default", "web").map_err(|e| e.message)?;
    let replicas = sts["spec"]["replicas"].as_u64().unwrap_or(0);
    let ps = pods(c);
    let ready = ps.iter().filter(|p| running_ready(p)).count() as u64;
    if ready != replicas || ps.len() as u64 != replicas {
        let states: Vec<String> = ps
            .iter()
            .map(|p| {
                format!(
                    "{} phase={} deleting={} conditions={} containers={}",
                    p["metadata"]["name"],
                    p["status"]["phase"],
                    !alive(p),
                    p["status"]["conditions"],
                    p["status"]["containerStatuses"]
                )
            })
            .collect();
        return Err(format!(
            "did not converge: {} pods, {ready} ready, replicas {replicas}:\n{}",
            ps.len(),
            states.join("\n")
        ));
    }
    if sts["spec"]["updateStrategy"]["type"] == "RollingUpdate" {
        let part = sts["spec"]["updateStrategy"]["rollingUpdate"]["partition"].as_u64().unwrap_or(0);
        let update = sts["status"]["updateRevision"].as_str().unwrap_or("");
        for p in &ps {
            let name = p["metadata"]["name"].as_str().unwrap_or("");
            let rev = p["metadata"]["labels"]["controller-revision-hash"].as_str().unwrap_or("");
            if ordinal(name).unwrap_or(0) >= part && rev != update {
                return Err(format!("{name} at {rev}, not the update revision {update} (partition {part})"));
            }
        }
    }
    Ok(())
}

#[test]
fn statefulset_invariants_hold_over_random_sequences() {
    let n: u64 = std::env::var("STSPLAY_PROP_SEQUENCES").ok().and_then(|v| v.parse().ok()).unwrap_or(300);
    let only: Option<u64> = std::env::var("STSPLAY_PROP_ONLY").ok().and_then(|v| v.parse().ok());
    let verbose = only.is_some();
    for seq in 0..n {
        if only.is_some_and(|o| o != seq) {
            continue;
        }
        let mut rng = Rng(0x5eed_0000 + seq * 7919);
        let mut c = Cluster::new(seq);
        c.apply(web()).expect("the StatefulSet is accepted");
        let mut log = Vec::new();
        for _ in 0..25 {
            log.push(act(&mut c, &mut rng));
            if verbose {
                let states: Vec<String> = pods(&c)
                    .iter()
                    .map(|p| {
                        format!(
                            "{}:{}:{}{}",
                            p["metadata"]["name"].as_str().unwrap_or(""),
                            &p["metadata"]["uid"].as_str().unwrap_or("")[..4],
                            if running_ready(p) { "R" } else { "-" },
                            if alive(p) { "" } else { "(T)" }
                        )
                    })
                    .collect();
                eprintln!("t={:>6} {:<40} {}", c.now(), log.last().unwrap(), states.join(" "));
            }
        }
        let result = check_history(&c).and_then(|_| check_converges(&mut c)).and_then(|_| check_history(&c));
        if let Err(e) = result {
            panic!("sequence {seq}: {e}\nactions:\n  {}", log.join("\n  "));
        }
    }
}

/// The disruption budget's promise, over random sequences of evictions, readiness faults, scaling and time on a
/// set guarded by `minAvailable: 2` (pkg/controller/disruption, pkg/registry/core/pod/storage/eviction.go):
/// - an eviction that takes a Ready pod leaves at least `minAvailable` other Ready pods alive (the API server
///   settles the controller before it answers, so the budget it reads is never stale here);
/// - after every action the budget's status is what the pods say: `currentHealthy` the alive Ready pods,
///   `expectedPods` every selected pod (an integer `minAvailable` counts pods, not the set's scale),
///   `disruptionsAllowed` the surplus over `desiredHealthy`, and the `DisruptionAllowed` condition agrees.
#[test]
fn disruption_budget_holds_over_random_sequences() {
    let n: u64 = std::env::var("STSPLAY_PROP_SEQUENCES").ok().and_then(|v| v.parse().ok()).unwrap_or(300) / 3;
    for seq in 0..n {
        let mut rng = Rng(0xb0d9_e700 + seq * 7919);
        let mut c = Cluster::new(seq);
        let mut set = web();
        set["spec"]["replicas"] = json!(3);
        c.apply(set).expect("the StatefulSet is accepted");
        let pdb = json!({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "nginx"}}}});
        c.apply(pdb).expect("the budget is accepted");
        let mut log = Vec::new();
        let fail = |log: &[String], e: String| -> ! {
            panic!("sequence {seq}: {e}\nactions:\n  {}", log.join("\n  "));
        };
        for _ in 0..30 {
            if rng.below(3) == 0 {
                let before = pods(&c);
                if before.is_empty() {
                    continue;
                }
                let pick = &before[rng.below(before.len() as u64) as usize];
                let name = pick["metadata"]["name"].as_str().unwrap_or("").to_string();
                let r = c.evict("default", &name, None, false);
                log.push(format!("evict {name}: {:?}", r.as_ref().err().map(|e| &e.error.message)));
                let others =
                    before.iter().filter(|p| p["metadata"]["name"] != name.as_str() && running_ready(p)).count();
                if r.is_ok() && running_ready(pick) && others < 2 {
                    fail(&log, format!("t={}: evicted Ready {name} leaving {others} Ready pods", c.now()));
                }
            } else {
                log.push(act(&mut c, &mut rng));
            }
            let st = c.get("PodDisruptionBudget", "default", "web").map_err(|e| e.message).unwrap()["status"].clone();
            let ps = pods(&c);
            let healthy = ps.iter().filter(|p| running_ready(p)).count() as i64;
            let int = |f: &str| st[f].as_i64().unwrap_or(-1);
            let allowed = if ps.is_empty() { 0 } else { (healthy - 2).max(0) };
            let cond = st["conditions"].as_array().and_then(|cs| cs.iter().find(|c| c["type"] == "DisruptionAllowed"));
            let cond_ok = cond.is_some_and(|c| (c["status"] == "True") == (allowed > 0));
            if int("currentHealthy") != healthy
                || int("expectedPods") != ps.len() as i64
                || int("desiredHealthy") != 2
                || int("disruptionsAllowed") != allowed
                || !cond_ok
            {
                fail(&log, format!("t={}: status {st} for {} pods, {healthy} Ready", c.now(), ps.len()));
            }
        }
    }
}
