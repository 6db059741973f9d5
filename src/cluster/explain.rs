//! What a StatefulSet's controller is doing or waiting for, in one sentence, read from the set and its pods as
//! the controller observes them. It narrates the rules `statefulset.rs` follows (kubernetes
//! `pkg/controller/statefulset/stateful_set_control.go`: in-range replicas first in ordinal order, then condemned
//! pods from the highest ordinal, then the update from the highest ordinal down to the partition) so the page can
//! say *why* nothing moves. It decides nothing; the scenario transcripts (`explain NAME`) pin it against what the
//! controller then does.

use serde_json::Value;

struct PodState {
    name: String,
    ordinal: i64,
    revision: String,
    deleting: bool,
    failed: bool,
    running_ready: bool,
    /// What kubectl's STATUS column would show while it is not Running and Ready.
    reason: String,
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

fn pod_state(p: &Value, set_name: &str) -> Option<PodState> {
    let name = s(p, "/metadata/name").to_string();
    let ordinal = name.strip_prefix(set_name)?.strip_prefix('-')?.parse().ok()?;
    let phase = s(p, "/status/phase");
    let ready = p
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True"));
    let deleting = p.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
    let statuses = p.pointer("/status/containerStatuses").and_then(Value::as_array);
    let waiting = statuses.and_then(|cs| cs.iter().find_map(|c| c.pointer("/state/waiting/reason")?.as_str()));
    let reason = match (deleting, waiting, phase) {
        (true, _, _) => "Terminating".to_string(),
        (_, Some(w), _) => w.to_string(),
        (_, None, "Running") => "Running, not Ready".to_string(),
        (_, None, "") => "Pending".to_string(),
        (_, None, ph) => ph.to_string(),
    };
    Some(PodState {
        revision: s(p, "/metadata/labels/controller-revision-hash").to_string(),
        failed: matches!(phase, "Failed" | "Succeeded"),
        running_ready: phase == "Running" && ready && !deleting,
        deleting,
        reason,
        ordinal,
        name,
    })
}

/// The waiting reasons that do not go away by themselves: the pod needs a fixed template (and, under
/// OrderedReady, a manual delete: the documented "forced rollback").
fn broken(reason: &str) -> bool {
    matches!(reason, "ErrImagePull" | "ImagePullBackOff" | "CrashLoopBackOff" | "InvalidImageName" | "Error")
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The controller's next step for `set`, given the pods of its namespace.
pub fn statefulset_step(set: &Value, pods: &[Value]) -> String {
    let name = s(set, "/metadata/name");
    let uid = s(set, "/metadata/uid");
    let replicas = set.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
    let start = set.pointer("/spec/ordinals/start").and_then(Value::as_i64).unwrap_or(0);
    let ordered = s(set, "/spec/podManagementPolicy") != "Parallel";
    let on_delete = s(set, "/spec/updateStrategy/type") == "OnDelete";
    let partition = set.pointer("/spec/updateStrategy/rollingUpdate/partition").and_then(Value::as_i64).unwrap_or(0);
    let update_rev = s(set, "/status/updateRevision");
    let current_rev = s(set, "/status/currentRevision");
    let owned = |p: &&Value| {
        p.pointer("/metadata/ownerReferences")
            .and_then(Value::as_array)
            .is_some_and(|rs| rs.iter().any(|r| s(r, "/uid") == uid && r["controller"] == Value::Bool(true)))
    };
    let mut mine: Vec<PodState> = pods.iter().filter(owned).filter_map(|p| pod_state(p, name)).collect();
    crate::sort::sort_by_key(&mut mine, |p| p.ordinal);
    let end = start + replicas;
    let pod = |o: i64| mine.iter().find(|p| p.ordinal == o);
    let at = |rev: &str| if rev.is_empty() { String::new() } else { format!(" at revision {rev}") };
    let updating = !update_rev.is_empty() && update_rev != current_rev;

    // 1. In-range replicas, in ordinal order (processReplica).
    let missing: Vec<String> = (start..end).filter(|o| pod(*o).is_none()).map(|o| format!("{name}-{o}")).collect();
    if ordered {
        for o in start..end {
            let below_old = mine
                .iter()
                .rev()
                .find(|q| q.ordinal < o && q.ordinal >= start + partition && q.revision != update_rev && !on_delete);
            let next = if o + 1 < end && pod(o + 1).is_none() {
                format!(" before creating {name}-{}", o + 1)
            } else if let (true, Some(b)) = (updating, below_old) {
                format!(" before replacing {}", b.name)
            } else {
                String::new()
            };
            match pod(o) {
                None => {
                    let verb = if updating { "recreating" } else { "creating" };
                    return format!(
                        "{verb} {name}-{o}{}; OrderedReady waits for it to be Running and Ready{next}",
                        at(update_rev)
                    );
                }
                Some(p) if p.deleting => {
                    return format!("waiting for {} to terminate; it comes back with the same name and volume", p.name);
                }
                Some(p) if p.failed => return format!("{} has {}: deleting it to recreate it", p.name, p.reason),
                Some(p) if !p.running_ready => {
                    let stale =
                        !on_delete && !update_rev.is_empty() && p.revision != update_rev && o >= start + partition;
                    let hint = if stale {
                        format!(
                            " (it runs revision {}, not the update revision: delete it and it comes back at {update_rev}, the forced rollback)",
                            p.revision
                        )
                    } else if broken(&p.reason) {
                        " (it will not get there by itself: fix the template, then delete the pod)".to_string()
                    } else {
                        String::new()
                    };
                    return format!("waiting for {} ({}) to be Running and Ready{next}{hint}", p.name, p.reason);
                }
                Some(_) => {}
            }
        }
    } else if !missing.is_empty() {
        return format!("creating {} at once (Parallel: no waiting on each other)", list(&missing));
    }

    // 2. Condemned pods, highest ordinal first (processCondemned).
    let mut condemned: Vec<&PodState> = mine.iter().filter(|p| p.ordinal < start || p.ordinal >= end).collect();
    crate::sort::sort_by_key(&mut condemned, |p| std::cmp::Reverse(p.ordinal));
    if let Some(top) = condemned.first() {
        if !ordered {
            let names: Vec<String> = condemned.iter().map(|p| p.name.clone()).collect();
            return format!("scaling down: deleting {} at once (Parallel)", list(&names));
        }
        let then = condemned.get(1).map(|n| format!(" before deleting {}", n.name)).unwrap_or_default();
        return if top.deleting {
            format!("scaling down: waiting for {} to terminate{then}", top.name)
        } else {
            format!("scaling down: deleting {} (the highest ordinal goes first, one at a time)", top.name)
        };
    }

    let not_ready: Vec<String> = mine.iter().filter(|p| !p.running_ready).map(|p| p.name.clone()).collect();
    if !ordered && !not_ready.is_empty() && !updating {
        return format!("{} starting (Parallel does not wait for them)", list(&not_ready));
    }

    // 3. The update.
    let old: Vec<&PodState> = mine.iter().filter(|p| p.revision != update_rev && !update_rev.is_empty()).collect();
    if on_delete {
        if !old.is_empty() {
            let names: Vec<String> = old.iter().map(|p| p.name.clone()).collect();
            return format!(
                "OnDelete: {} keep{} the old template{} until you delete {}",
                list(&names),
                if names.len() == 1 { "s" } else { "" },
                at(current_rev),
                if names.len() == 1 { "it" } else { "them" }
            );
        }
    } else {
        // Slots from the highest index down to the partition (a slot index, not an ordinal).
        for p in mine.iter().rev().filter(|p| p.ordinal >= start + partition && p.ordinal < end) {
            if p.revision != update_rev && !p.deleting {
                return format!(
                    "rolling update{}: replacing {} next (the highest ordinal goes first)",
                    at(update_rev),
                    p.name
                );
            }
            if !p.running_ready {
                let below = mine
                    .iter()
                    .rev()
                    .find(|q| q.ordinal < p.ordinal && q.ordinal >= start + partition && q.revision != update_rev);
                let Some(below) = below else { break };
                let hint = if broken(&p.reason) {
                    ": a broken update stalls here until the template is fixed and the pod deleted (forced rollback)"
                } else {
                    ""
                };
                return format!(
                    "rolling update: waiting for {} ({}) to be Running and Ready before replacing {}{hint}",
                    p.name, p.reason, below.name
                );
            }
        }
        let held: Vec<String> = old.iter().filter(|p| p.ordinal < start + partition).map(|p| p.name.clone()).collect();
        if !held.is_empty() {
            return format!(
                "partition {partition}: {} stay{}{}; lower the partition to update {}",
                list(&held),
                if held.len() == 1 { "s" } else { "" },
                at(current_rev),
                if held.len() == 1 { "it" } else { "them" }
            );
        }
    }
    if !not_ready.is_empty() {
        return format!("waiting for {} to be Running and Ready", list(&not_ready));
    }
    let ready = mine.iter().filter(|p| p.running_ready).count();
    format!("steady: {ready}/{replicas} Running and Ready{}", at(update_rev))
}
