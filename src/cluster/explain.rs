//! What a StatefulSet's controller is doing or waiting for, in one sentence, read from the set and its pods as
//! the controller observes them. It narrates the rules `statefulset.rs` follows (kubernetes
//! `pkg/controller/statefulset/stateful_set_control.go`: in-range replicas first in ordinal order, then condemned
//! pods from the highest ordinal, then the update from the highest ordinal down to the partition) so the page can
//! say *why* nothing moves. It decides nothing; the scenario transcripts (`explain NAME`) pin it against what the
//! controller then does.

use serde_json::Value;

use crate::i18n::Message;

struct PodState {
    name: String,
    ordinal: i64,
    revision: String,
    deleting: bool,
    failed: bool,
    running_ready: bool,
    /// What kubectl's STATUS column would show while it is not Running and Ready (API words, or our phrase).
    reason: Message,
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
    let word = |w: &str| Message::new("plain").arg("text", w);
    let reason = match (deleting, waiting, phase) {
        (true, _, _) => word("Terminating"),
        (_, Some(w), _) => word(w),
        (_, None, "Running") => Message::new("step_not_ready"),
        (_, None, "") => word("Pending"),
        (_, None, ph) => word(ph),
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
fn broken(reason: &Message) -> bool {
    let word = reason.args.first().map(|(_, a)| a);
    let is = |w: &str| word == Some(&crate::i18n::Arg::Text(w.to_string()));
    ["ErrImagePull", "ImagePullBackOff", "CrashLoopBackOff", "InvalidImageName", "Error"].into_iter().any(is)
}

/// `a, b and c`, the "and" in the page's language.
fn list(names: &[String]) -> Message {
    match names {
        [init @ .., last] if !init.is_empty() => {
            Message::new("step_list_and").arg("init", init.join(", ")).arg("last", last.clone())
        }
        _ => Message::new("plain").arg("text", names.first().cloned().unwrap_or_default()),
    }
}

/// The controller's next step for `set`, given the pods of its namespace: a sentence the page renders in its
/// language (`step_*` in `src/i18n/LANG.yaml`); its `Display` is the English one.
pub fn statefulset_step(set: &Value, pods: &[Value]) -> Message {
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
    let at = |rev: &str| (!rev.is_empty()).then(|| Message::new("step_at_revision").arg("rev", rev));
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
                Some(Message::new("step_before_creating").arg("pod", format!("{name}-{}", o + 1)))
            } else if let (true, Some(b)) = (updating, below_old) {
                Some(Message::new("step_before_replacing").arg("pod", b.name.clone()))
            } else {
                None
            };
            match pod(o) {
                None => {
                    let key = if updating { "step_recreating" } else { "step_creating" };
                    return Message::new(key)
                        .arg("pod", format!("{name}-{o}"))
                        .opt("at", at(update_rev))
                        .opt("next", next);
                }
                Some(p) if p.deleting => return Message::new("step_terminating").arg("pod", p.name.clone()),
                Some(p) if p.failed => {
                    return Message::new("step_failed").arg("pod", p.name.clone()).msg("reason", p.reason.clone())
                }
                Some(p) if !p.running_ready => {
                    let stale =
                        !on_delete && !update_rev.is_empty() && p.revision != update_rev && o >= start + partition;
                    let hint = if stale {
                        Some(Message::new("step_hint_stale").arg("rev", p.revision.clone()).arg("update", update_rev))
                    } else if broken(&p.reason) {
                        Some(Message::new("step_hint_broken"))
                    } else {
                        None
                    };
                    return Message::new("step_waiting_ready")
                        .arg("pod", p.name.clone())
                        .msg("reason", p.reason.clone())
                        .opt("next", next)
                        .opt("hint", hint);
                }
                Some(_) => {}
            }
        }
    } else if !missing.is_empty() {
        return Message::new("step_parallel_creating").msg("pods", list(&missing));
    }

    // 2. Condemned pods, highest ordinal first (processCondemned).
    let mut condemned: Vec<&PodState> = mine.iter().filter(|p| p.ordinal < start || p.ordinal >= end).collect();
    crate::sort::sort_by_key(&mut condemned, |p| std::cmp::Reverse(p.ordinal));
    if let Some(top) = condemned.first() {
        if !ordered {
            let names: Vec<String> = condemned.iter().map(|p| p.name.clone()).collect();
            return Message::new("step_parallel_deleting").msg("pods", list(&names));
        }
        let then = condemned.get(1).map(|n| Message::new("step_before_deleting").arg("pod", n.name.clone()));
        return if top.deleting {
            Message::new("step_scale_down_waiting").arg("pod", top.name.clone()).opt("then", then)
        } else {
            Message::new("step_scale_down").arg("pod", top.name.clone())
        };
    }

    let not_ready: Vec<String> = mine.iter().filter(|p| !p.running_ready).map(|p| p.name.clone()).collect();
    if !ordered && !not_ready.is_empty() && !updating {
        return Message::new("step_parallel_starting").msg("pods", list(&not_ready));
    }

    // 3. The update.
    let old: Vec<&PodState> = mine.iter().filter(|p| p.revision != update_rev && !update_rev.is_empty()).collect();
    if on_delete {
        if !old.is_empty() {
            let names: Vec<String> = old.iter().map(|p| p.name.clone()).collect();
            let key = if names.len() == 1 { "step_on_delete_one" } else { "step_on_delete_many" };
            return Message::new(key).msg("pods", list(&names)).opt("at", at(current_rev));
        }
    } else {
        // Slots from the highest index down to the partition (a slot index, not an ordinal).
        for p in mine.iter().rev().filter(|p| p.ordinal >= start + partition && p.ordinal < end) {
            if p.revision != update_rev && !p.deleting {
                return Message::new("step_rolling_replacing").opt("at", at(update_rev)).arg("pod", p.name.clone());
            }
            if !p.running_ready {
                let below = mine
                    .iter()
                    .rev()
                    .find(|q| q.ordinal < p.ordinal && q.ordinal >= start + partition && q.revision != update_rev);
                let Some(below) = below else { break };
                let hint = broken(&p.reason).then(|| Message::new("step_hint_stalled"));
                return Message::new("step_rolling_waiting")
                    .arg("pod", p.name.clone())
                    .msg("reason", p.reason.clone())
                    .arg("below", below.name.clone())
                    .opt("hint", hint);
            }
        }
        let held: Vec<String> = old.iter().filter(|p| p.ordinal < start + partition).map(|p| p.name.clone()).collect();
        if !held.is_empty() {
            let key = if held.len() == 1 { "step_partition_one" } else { "step_partition_many" };
            return Message::new(key)
                .arg("partition", partition.to_string())
                .msg("pods", list(&held))
                .opt("at", at(current_rev));
        }
    }
    if !not_ready.is_empty() {
        return Message::new("step_waiting").msg("pods", list(&not_ready));
    }
    let ready = mine.iter().filter(|p| p.running_ready).count();
    Message::new("step_steady")
        .arg("ready", ready.to_string())
        .arg("replicas", replicas.to_string())
        .opt("at", at(update_rev))
}
