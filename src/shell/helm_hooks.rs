//! Helm hooks and `--wait` as Helm 4 runs them: hooks of one event in weight-then-name order
//! (pkg/action/hooks.go execHook), each created after its `before-hook-creation` predecessor is gone, Pods and
//! Jobs waited for until they finish, `hook-succeeded`/`hook-failed` deleting them afterwards; `--wait`
//! checks workloads with kstatus' rules (sigs.k8s.io/cli-utils pkg/kstatus/status/core.go), which is where
//! Helm 4's "resource StatefulSet/default/x not ready. status: InProgress, message: Replicas: 1/2" comes from.

use crate::json;
use serde_json::Value;

use super::printers::format_ansic;
use super::Session;
use crate::cluster::Propagation;

/// Simulated time of a release timestamp (unix ms, as the release records them).
fn stamp(s: &Session) -> i64 {
    crate::cluster::EPOCH_UNIX * 1000 + s.cluster().now() as i64
}

/// The object a stored hook creates, with its namespace.
fn hook_object(hook: &Value, ns: &str) -> Option<Value> {
    let mut obj = crate::yaml::load(hook["manifest"].as_str()?).ok()?;
    let md = obj.get_mut("metadata")?.as_object_mut()?;
    md.entry("namespace").or_insert_with(|| json!(ns));
    Some(obj)
}

fn annotation<'a>(obj: &'a Value, key: &str) -> Option<&'a str> {
    obj.pointer("/metadata/annotations").and_then(|a| a.get(key)).and_then(Value::as_str)
}

fn events(obj: &Value) -> Vec<String> {
    annotation(obj, "helm.sh/hook").unwrap_or("").split(',').map(|e| e.trim().to_string()).collect()
}

/// Whether the stored hook runs on `event` (`test`, `pre-install`, ...).
pub fn has_event(hook: &Value, event: &str) -> bool {
    hook_object(hook, "default")
        .is_some_and(|o| events(&o).iter().any(|e| e == event || (event == "test" && e == "test-success")))
}

fn kind_name(obj: &Value) -> (String, String, String) {
    let s = |p: &str| obj.pointer(p).and_then(Value::as_str).unwrap_or("").to_string();
    (s("/kind"), s("/metadata/namespace"), s("/metadata/name"))
}

/// Runs the release's hooks for `event`, recording each one's last run in the release. The error is
/// Helm's, without the `Error: ` prefix.
pub fn run(s: &mut Session, rel: &mut Value, event: &str, timeout_ms: u64) -> Result<(), String> {
    let ns = rel["namespace"].as_str().unwrap_or("default").to_string();
    let mut order: Vec<(i64, String, usize)> = Vec::new();
    for (i, h) in rel["hooks"].as_array().cloned().unwrap_or_default().iter().enumerate() {
        let Some(obj) = hook_object(h, &ns) else { continue };
        if !has_event(h, event) {
            continue;
        }
        let weight = annotation(&obj, "helm.sh/hook-weight").and_then(|w| w.trim().parse().ok()).unwrap_or(0);
        order.push((weight, kind_name(&obj).2, i));
    }
    crate::sort::sort(&mut order);
    for (_, _, i) in order {
        let Some(obj) = hook_object(&rel["hooks"][i], &ns) else { continue };
        let (kind, ons, name) = kind_name(&obj);
        let policies: Vec<String> = annotation(&obj, "helm.sh/hook-delete-policy")
            .unwrap_or("before-hook-creation")
            .split(',')
            .map(|p| p.trim().to_string())
            .collect();
        if policies.iter().any(|p| p == "before-hook-creation") {
            delete_and_wait(s, &kind, &ons, &name, timeout_ms);
        }
        let started = stamp(s);
        rel["hooks"][i]["last_run"] = json!({"started_at": started, "completed_at": 0, "phase": "Running"});
        if let Err(e) = s.cluster_mut().create(obj.clone()) {
            rel["hooks"][i]["last_run"]["phase"] = json!("Failed");
            return Err(format!(
                "warning: Hook {event} {} failed: {}",
                rel["hooks"][i]["path"].as_str().unwrap_or(""),
                e.message
            ));
        }
        s.cluster_mut().settle();
        let outcome = wait_finished(s, &kind, &ons, &name, timeout_ms);
        let phase = if outcome.is_ok() { "Succeeded" } else { "Failed" };
        rel["hooks"][i]["last_run"]["completed_at"] = json!(stamp(s));
        rel["hooks"][i]["last_run"]["phase"] = json!(phase);
        let policy = if outcome.is_ok() { "hook-succeeded" } else { "hook-failed" };
        if policies.iter().any(|p| p == policy) {
            delete_and_wait(s, &kind, &ons, &name, timeout_ms);
        }
        outcome?;
    }
    Ok(())
}

fn delete_and_wait(s: &mut Session, kind: &str, ns: &str, name: &str, budget: u64) {
    if s.cluster().get(kind, ns, name).is_err() {
        return;
    }
    let _ = s.cluster_mut().delete(kind, ns, name, Propagation::Background, None);
    let mut spent = 0;
    while spent < budget && s.cluster().get(kind, ns, name).is_ok() {
        s.advance(1000);
        spent += 1000;
    }
}

/// Pods and Jobs run to the end (Helm waits on them); anything else is done once created.
fn wait_finished(s: &mut Session, kind: &str, ns: &str, name: &str, budget: u64) -> Result<(), String> {
    if !matches!(kind, "Pod" | "Job") {
        return Ok(());
    }
    let mut spent = 0;
    loop {
        let obj = s.cluster().get(kind, ns, name).ok();
        let phase = obj.as_ref().and_then(|o| o.pointer("/status/phase")).and_then(Value::as_str).unwrap_or("");
        let job_cond = |t: &str| {
            obj.as_ref()
                .and_then(|o| o.pointer("/status/conditions"))
                .and_then(Value::as_array)
                .is_some_and(|cs| cs.iter().any(|c| c["type"] == t && c["status"] == "True"))
        };
        let (done, failed) = match kind {
            "Pod" => (phase == "Succeeded", phase == "Failed"),
            _ => (job_cond("Complete"), job_cond("Failed")),
        };
        if done {
            return Ok(());
        }
        if failed {
            let what = if kind == "Pod" { format!("pod {name} failed") } else { format!("job {name} failed") };
            return Err(format!("resource {kind}/{ns}/{name} not ready. status: Failed, message: {what}"));
        }
        if spent >= budget {
            // real helm 4.3.1 for a test Pod still running at the deadline (a Job's wording is not checked)
            let what = if kind == "Pod" { "Pod in progress" } else { "Job in progress" };
            return Err(format!(
                "resource {kind}/{ns}/{name} not ready. status: InProgress, message: {what}\ncontext deadline exceeded"
            ));
        }
        s.advance(1000);
        spent += 1000;
    }
}

/// kstatus' verdict on a workload: `None` when current, else the message of why it is in progress.
pub fn in_progress(obj: &Value) -> Option<String> {
    let int = |p: &str, d: i64| obj.pointer(p).and_then(Value::as_i64).unwrap_or(d);
    let spec = int("/spec/replicas", 1);
    let replicas = int("/status/replicas", 0);
    let ready = int("/status/readyReplicas", 0);
    let updated = int("/status/updatedReplicas", 0);
    let generation = int("/metadata/generation", 0);
    let observed = int("/status/observedGeneration", 0);
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    if observed < generation {
        return Some(format!("{kind} generation is {generation}, but latest observed generation is {observed}"));
    }
    match kind {
        "StatefulSet" => {
            if spec > replicas {
                return Some(format!("Replicas: {replicas}/{spec}"));
            }
            if spec > ready {
                return Some(format!("Ready: {ready}/{spec}"));
            }
            if replicas > spec {
                return Some(format!("Pending termination: {}", replicas - spec));
            }
            if let Some(partition) = obj.pointer("/spec/updateStrategy/rollingUpdate/partition").and_then(Value::as_i64)
            {
                if updated < spec - partition {
                    return Some(format!("updated: {updated}/{}", spec - partition));
                }
                return None;
            }
            let current = int("/status/currentReplicas", 0);
            if spec > current {
                return Some(format!("current: {current}/{spec}"));
            }
            let cur = obj.pointer("/status/currentRevision");
            if cur != obj.pointer("/status/updateRevision") {
                return Some("Waiting for updated revision to match current".into());
            }
            None
        }
        "Deployment" => {
            let available = int("/status/availableReplicas", 0);
            if spec > replicas {
                return Some(format!("Replicas: {replicas}/{spec}"));
            }
            if spec > updated {
                return Some(format!("Updated: {updated}/{spec}"));
            }
            if replicas > spec {
                return Some(format!("Pending termination: {}", replicas - spec));
            }
            if updated > available {
                return Some(format!("Available: {available}/{updated}"));
            }
            if spec > ready {
                return Some(format!("Ready: {ready}/{spec}"));
            }
            None
        }
        _ => None,
    }
}

/// `--wait`: until every workload of the release is current, or Helm's error for the first that is not.
pub fn wait_ready(s: &mut Session, objs: &[Value], budget: u64) -> Result<(), String> {
    let mut spent = 0;
    loop {
        let mut pending = None;
        for o in objs {
            let (kind, ns, name) = kind_name(o);
            if !matches!(kind.as_str(), "StatefulSet" | "Deployment") {
                continue;
            }
            if let Some(msg) = s.cluster().get(&kind, &ns, &name).ok().as_ref().and_then(in_progress) {
                pending = Some(format!("resource {kind}/{ns}/{name} not ready. status: InProgress, message: {msg}"));
                break;
            }
        }
        let Some(msg) = pending else { return Ok(()) };
        if spent >= budget {
            return Err(format!("{msg}\ncontext deadline exceeded"));
        }
        s.advance(1000);
        spent += 1000;
    }
}

/// The `TEST SUITE:` blocks of `helm status` and `helm test`, for the test hooks that ran.
pub fn test_suite(rel: &Value) -> String {
    let mut out = String::new();
    for h in rel["hooks"].as_array().cloned().unwrap_or_default() {
        if !has_event(&h, "test") {
            continue;
        }
        let Some(run) = h.get("last_run").filter(|r| r["started_at"].as_i64().unwrap_or(0) != 0) else { continue };
        let name = hook_object(&h, "default").map(|o| kind_name(&o).2).unwrap_or_default();
        out.push_str(&format!(
            "TEST SUITE:     {name}\nLast Started:   {}\nLast Completed: {}\nPhase:          {}\n",
            format_ansic(run["started_at"].as_i64().unwrap_or(0)),
            format_ansic(run["completed_at"].as_i64().unwrap_or(0)),
            run["phase"].as_str().unwrap_or("")
        ));
    }
    out
}

/// Helm's `--timeout` (a Go duration: `300s`, `5m0s`, `1m30s`) in ms.
pub fn go_duration(text: &str) -> Option<u64> {
    let mut total = 0f64;
    let mut num = String::new();
    let mut chars = text.chars().peekable();
    if text == "0" {
        return Some(0);
    }
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            num.push(c);
            continue;
        }
        let unit = match (c, chars.peek()) {
            ('m', Some('s')) => {
                chars.next();
                1.0
            }
            ('h', _) => 3_600_000.0,
            ('m', _) => 60_000.0,
            ('s', _) => 1000.0,
            _ => return None,
        };
        total += num.parse::<f64>().ok()? * unit;
        num.clear();
    }
    num.is_empty().then_some(total as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations() {
        assert_eq!(go_duration("5m0s"), Some(300_000));
        assert_eq!(go_duration("1m30s"), Some(90_000));
        assert_eq!(go_duration("250ms"), Some(250));
        assert_eq!(go_duration("3"), None);
        assert_eq!(go_duration("x"), None);
    }
}
