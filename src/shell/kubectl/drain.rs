//! `kubectl cordon`, `uncordon` and `drain`, as kubectl's pkg/cmd/drain and pkg/drain do them: a cordon sets the
//! node's `spec.unschedulable` (the scheduler then leaves new pods Pending, "node(s) were unschedulable"); a drain
//! cordons, picks the node's pods through drain's filters (DaemonSet-managed, mirror, emptyDir, unmanaged) and
//! evicts the rest through the eviction subresource ([`crate::cluster::Cluster::evict`]), retrying every 5 s
//! while a PodDisruptionBudget answers 429, and waits until each is gone, all within `--timeout`.

use super::flags::{self, flag, opt};
use super::mutate::dry_run;
use super::{api_err, Selector};
use crate::cluster::{meta, Propagation};
use crate::json;
use crate::shell::{Io, Session};
use serde_json::Value;

fn usage(verb: &str) -> String {
    format!("error: USAGE: {verb} NODE [flags]\nSee 'kubectl {verb} -h' for help and examples\n")
}

/// The nodes named by the arguments (`minikube`, `node/minikube`) or by `-l`.
fn nodes(s: &Session, p: &flags::Parsed, verb: &str) -> Result<Vec<String>, String> {
    if let Some(l) = p.get("selector") {
        let sel = Selector::parse(l)?;
        return Ok(s
            .cluster
            .list("Node", None)
            .iter()
            .filter(|n| sel.matches(n))
            .map(|n| meta::name(n).into())
            .collect());
    }
    if p.args.is_empty() {
        return Err(usage(verb));
    }
    let mut out = Vec::new();
    for a in &p.args {
        let name = match a.split_once('/') {
            Some(("node" | "nodes" | "no", n)) => n,
            // kubectl would fetch the object and print it `skipped`; the playground's drain takes nodes only
            Some(_) => return Err(format!("stsplay: kubectl {verb} here takes nodes only: {a}\n")),
            None => a,
        };
        s.cluster.get("Node", "", name).map_err(|e| api_err(&e))?;
        out.push(name.to_string());
    }
    Ok(out)
}

/// Sets `spec.unschedulable` (cordon.go `UpdateIfRequired`/`PatchOrReplace`) and says what it did.
fn cordon_node(s: &mut Session, name: &str, desired: bool, dry: Option<&str>, io: &mut Io) {
    let verb = if desired { "cordon" } else { "uncordon" };
    let node = s.cluster.get("Node", "", name).unwrap_or(Value::Null);
    let now = node.pointer("/spec/unschedulable").and_then(Value::as_bool).unwrap_or(false);
    let suffix = match dry {
        Some("server") => " (server dry run)",
        Some(_) => " (dry run)",
        None => "",
    };
    if now == desired {
        io.out(format!("node/{name} already {verb}ed{suffix}\n"));
        return;
    }
    if dry != Some("client") {
        // the helper's patch: true is set, false is the field's zero value, which omitempty drops
        let value = if desired { json!(true) } else { Value::Null };
        let patch = json!({"spec": {"unschedulable": value}});
        if dry.is_none() {
            if let Err(e) = s.cluster.patch("Node", "", name, &patch, crate::cluster::PatchType::StrategicMerge) {
                io.err(format!("error: unable to {verb} node \"{name}\": {}\n", api_err(&e).trim_end()));
                return;
            }
        }
    }
    io.out(format!("node/{name} {verb}ed{suffix}\n"));
}

pub fn cordon(s: &mut Session, args: &[String], desired: bool) -> Result<Io, String> {
    let verb = if desired { "cordon" } else { "uncordon" };
    let p = flags::parse(verb, args, &[opt("selector", Some('l')), flag("dry-run", None)])?;
    let dry = dry_run(&p)?;
    let mut io = Io::default();
    for name in nodes(s, &p, verb)? {
        cordon_node(s, &name, desired, dry, &mut io);
    }
    Ok(io)
}

/// What drain does with one of the node's pods: the first of its filters that keeps the pod decides
/// (drain.go `filterPods`), else the last one's warning stands.
enum Verdict {
    Evict(Option<&'static str>),
    Keep(Option<&'static str>),
    Refuse(&'static str),
}

fn verdict(s: &Session, pod: &Value, p: &flags::Parsed) -> Verdict {
    let finished = matches!(meta::s(pod, "/status/phase"), "Succeeded" | "Failed");
    let owner = pod
        .pointer("/metadata/ownerReferences")
        .and_then(Value::as_array)
        .and_then(|refs| refs.iter().find(|r| r.get("controller").and_then(Value::as_bool) == Some(true)));
    let mut warning = None;
    // daemonSetFilter
    if let Some(o) = owner.filter(|o| meta::s(o, "/kind") == "DaemonSet" && meta::s(o, "/apiVersion") == "apps/v1") {
        if !finished {
            let ds = meta::s(o, "/name");
            match s.cluster.get("DaemonSet", meta::namespace(pod), ds) {
                Err(_) if p.has("force") => warning = Some("daemonsets.apps not found"),
                Err(_) => return Verdict::Refuse("daemonsets.apps not found"),
                Ok(_) if !p.has("ignore-daemonsets") => {
                    return Verdict::Refuse("DaemonSet-managed Pods (use --ignore-daemonsets to ignore)")
                }
                Ok(_) => return Verdict::Keep(Some("ignoring DaemonSet-managed Pods")),
            }
        }
    }
    // mirrorPodFilter: a static pod's mirror cannot be evicted; the kubelet owns it
    if meta::annotation(pod, "kubernetes.io/config.mirror").is_some() {
        return Verdict::Keep(None);
    }
    // localStorageFilter
    let empty_dir = pod
        .pointer("/spec/volumes")
        .and_then(Value::as_array)
        .is_some_and(|vs| vs.iter().any(|v| v.get("emptyDir").is_some()));
    if empty_dir && !finished {
        if !(p.has("delete-emptydir-data") || p.has("delete-local-data")) {
            return Verdict::Refuse("Pods with local storage (use --delete-emptydir-data to override)");
        }
        warning = Some("deleting Pods with local storage");
    }
    // unreplicatedFilter
    if owner.is_none() && !finished {
        if !p.has("force") {
            return Verdict::Refuse("Pods that declare no controller (use --force to override)");
        }
        warning = Some("deleting Pods that declare no controller");
    }
    Verdict::Evict(warning)
}

/// Go's `utilerrors.Aggregate.Error()`: one error as it is, several in brackets.
fn aggregate(errs: &[String]) -> String {
    match errs {
        [one] => one.clone(),
        _ => format!("[{}]", errs.join(", ")),
    }
}

/// `ns/name` lists per message, in the order the messages first came (Go's map order is random; this is one).
fn grouped(items: &[(&'static str, String)]) -> Vec<String> {
    let mut order: Vec<(&str, Vec<&str>)> = Vec::new();
    for (msg, pod) in items {
        match order.iter_mut().find(|(m, _)| m == msg) {
            Some((_, pods)) => pods.push(pod),
            None => order.push((msg, vec![pod])),
        }
    }
    order.into_iter().map(|(m, pods)| format!("{m}: {}", pods.join(", "))).collect()
}

pub fn drain(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "drain",
        args,
        &[
            flag("ignore-daemonsets", None),
            flag("force", None),
            flag("delete-emptydir-data", None),
            flag("delete-local-data", None),
            flag("disable-eviction", None),
            flags::int("grace-period", None),
            opt("timeout", None),
            opt("pod-selector", None),
            opt("selector", Some('l')),
            flags::int("skip-wait-for-delete-timeout", None),
            flags::int("chunk-size", None),
            flag("dry-run", None),
        ],
    )?;
    let dry = dry_run(&p)?;
    let timeout = match p.get("timeout") {
        None => 0,
        Some(t) => crate::shell::helm_hooks::go_duration(t).ok_or_else(|| {
            format!("error: invalid argument \"{t}\" for \"--timeout\" flag: time: invalid duration \"{t}\"\n")
        })?,
    };
    let pod_selector = p.get("pod-selector").map(Selector::parse).transpose()?;
    let names = nodes(s, &p, "drain")?;
    let mut io = Io::default();
    for name in &names {
        cordon_node(s, name, true, dry, &mut io);
    }
    // each node's errors, as drain's aggregate of aggregates
    let mut pending: Vec<&str> = Vec::new();
    let mut fatal: Vec<Vec<String>> = Vec::new();
    for name in &names {
        if let Err(errs) = drain_node(s, name, &p, dry, timeout, pod_selector.as_ref(), &mut io) {
            io.err(format!(
                "error: unable to drain node \"{name}\" due to error: {}, continuing command...\n",
                aggregate(&errs)
            ));
            pending.push(name);
            fatal.push(errs);
        }
    }
    if !pending.is_empty() {
        io.err("There are pending nodes to be drained:\n");
        for n in pending {
            io.err(format!(" {n}\n"));
        }
        // kubectl's CheckErr: one error is `error: ...`; an aggregate of several, a line each without the prefix
        let lines: Vec<String> = match fatal.as_slice() {
            [one] if one.len() == 1 => vec![format!("error: {}", one[0])],
            [one] => one.clone(),
            all => all.iter().map(|e| aggregate(e)).collect(),
        };
        for l in lines {
            io.err(format!("{l}\n"));
        }
        io.code = 1;
    }
    Ok(io)
}

/// One node's part of a drain (drain.go `deleteOrEvictPodsSimple`): its pods through the filters, then evicted
/// and waited for; the errors that leave it pending.
fn drain_node(
    s: &mut Session,
    name: &str,
    p: &flags::Parsed,
    dry: Option<&str>,
    timeout: u64,
    pod_selector: Option<&Selector>,
    io: &mut Io,
) -> Result<(), Vec<String>> {
    let pods: Vec<Value> = s
        .cluster
        .list("Pod", None)
        .into_iter()
        .filter(|o| meta::s(o, "/spec/nodeName") == name)
        .filter(|o| pod_selector.as_ref().is_none_or(|sel| sel.matches(o)))
        .collect();
    let (mut evict, mut warnings, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for pod in &pods {
        let id = format!("{}/{}", meta::namespace(pod), meta::name(pod));
        match verdict(s, pod, p) {
            Verdict::Evict(w) => {
                if let Some(w) = w {
                    warnings.push((w, id));
                }
                evict.push(pod);
            }
            Verdict::Keep(w) => warnings.extend(w.map(|w| (w, id))),
            Verdict::Refuse(e) => errors.push((e, id)),
        }
    }
    if !errors.is_empty() {
        let errs: Vec<String> = grouped(&errors).into_iter().map(|e| format!("cannot delete {e}")).collect();
        return Err(errs);
    }
    if !warnings.is_empty() {
        io.err(format!("Warning: {}\n", grouped(&warnings).join("; ")));
    }
    if dry == Some("client") {
        for pod in &evict {
            io.out(format!("evicting pod {}/{} (dry run)\n", meta::namespace(pod), meta::name(pod)));
        }
        io.out(format!("node/{name} drained (dry run)\n"));
        return Ok(());
    }
    let grace = p.int("grace-period").filter(|g| *g >= 0).map(|g| g as u64);
    if p.has("disable-eviction") {
        return delete_pods(s, name, &evict, grace, timeout, io);
    }
    evict_pods(s, name, &evict, grace, dry == Some("server"), timeout, io)?;
    io.out(format!("node/{name} drained\n"));
    Ok(())
}

/// Go's `time.Duration.String()` of whole milliseconds (`20s`, `1m0s`, `1m30.5s`, `500ms`).
fn go_duration_string(ms: u64) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (h, m, sec, frac) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    let mut secs = sec.to_string();
    if frac > 0 {
        secs = format!("{secs}.{}", format!("{frac:03}").trim_end_matches('0'));
    }
    match (h, m) {
        (0, 0) => format!("{secs}s"),
        (0, m) => format!("{m}m{secs}s"),
        (h, m) => format!("{h}h{m}m{secs}s"),
    }
}

/// Where one pod stands in drain.go's `evictPods` goroutine: trying to evict (again at a time, after a 429), or
/// evicted and waited for (its uid, as `waitForDelete` compares it).
enum Eviction {
    TryAt(u64),
    Waiting(String),
    Done,
}

/// drain.go `evictPods`: each pod is evicted, retried every 5 s while its budget answers 429, then waited for
/// until it is gone; the global `--timeout` ends both. The real command runs a goroutine per pod; here the pods
/// take their turns in list order each simulated second.
fn evict_pods(
    s: &mut Session,
    node: &str,
    pods: &[&Value],
    grace: Option<u64>,
    server_dry_run: bool,
    timeout: u64,
    io: &mut Io,
) -> Result<(), Vec<String>> {
    let budget = s.wait_budget(if timeout == 0 { crate::shell::MAX_WAIT_MS } else { timeout });
    let start = s.cluster.now();
    let mut state: Vec<Eviction> = pods.iter().map(|_| Eviction::TryAt(start)).collect();
    let mut errors: Vec<String> = Vec::new();
    loop {
        let now = s.cluster.now();
        // a goroutine that wakes from its sleep at the deadline finds the context done before it evicts
        let expired = now - start >= budget;
        for (pod, st) in pods.iter().zip(state.iter_mut()) {
            let (ns, pod_name) = (meta::namespace(pod), meta::name(pod));
            match st {
                Eviction::TryAt(at) if *at <= now && !expired => {
                    let suffix = if server_dry_run { " (server dry run)" } else { "" };
                    io.out(format!("evicting pod {ns}/{pod_name}{suffix}\n"));
                    match s.cluster.evict(ns, pod_name, grace, server_dry_run) {
                        Ok(()) if server_dry_run => *st = Eviction::Done,
                        Ok(()) => *st = Eviction::Waiting(meta::uid(pod).to_string()),
                        Err(e) if e.error.code == 404 => *st = Eviction::Done,
                        Err(e) if e.error.code == 429 => {
                            io.err(format!(
                                "error when evicting pods/\"{pod_name}\" -n \"{ns}\" (will retry after 5s): {}\n",
                                e.error.message
                            ));
                            *st = Eviction::TryAt(now + 5000);
                        }
                        Err(e) => {
                            errors.push(format!(
                                "error when evicting pods/\"{pod_name}\" -n \"{ns}\": {}",
                                e.error.message
                            ));
                            *st = Eviction::Done;
                        }
                    }
                }
                _ => {}
            }
        }
        // waitForDelete polls at once, so this turn's evictions are looked at in it: a pod is done when it is
        // gone or replaced by a pod of the same name (a StatefulSet's) with a new UID
        for (pod, st) in pods.iter().zip(state.iter_mut()) {
            let (ns, pod_name) = (meta::namespace(pod), meta::name(pod));
            if let Eviction::Waiting(uid) = st {
                if !s.cluster.get("Pod", ns, pod_name).is_ok_and(|o| meta::uid(&o) == *uid) {
                    io.out(format!("pod/{pod_name} evicted\n"));
                    *st = Eviction::Done;
                }
            }
        }
        if state.iter().all(|st| matches!(st, Eviction::Done)) {
            break;
        }
        if s.cluster.now() - start >= budget || s.clock_stopped() {
            let why = if s.clock_stopped() {
                s.clock_note().unwrap_or_default().trim_end().to_string()
            } else {
                format!("global timeout reached: {}", go_duration_string(timeout))
            };
            for (pod, st) in pods.iter().zip(&state) {
                let (ns, pod_name) = (meta::namespace(pod), meta::name(pod));
                match st {
                    Eviction::TryAt(_) => {
                        // the goroutine wakes from its 5 s sleep, says it is evicting again, then sees the deadline
                        io.out(format!("evicting pod {ns}/{pod_name}\n"));
                        errors.push(format!("error when evicting pods/\"{pod_name}\" -n \"{ns}\": {why}"));
                    }
                    Eviction::Waiting(_) => errors.push(format!(
                        "error when waiting for pod \"{pod_name}\" in namespace \"{ns}\" to terminate: {why}"
                    )),
                    Eviction::Done => {}
                }
            }
            break;
        }
        s.advance(1000);
    }
    if errors.is_empty() {
        return Ok(());
    }
    pending_pods(s, node, pods, &errors, io);
    Err(errors)
}

/// deleteOrEvictPodsSimple on an error: the node's pods that are still there.
fn pending_pods(s: &Session, node: &str, pods: &[&Value], errors: &[String], io: &mut Io) {
    let left: Vec<&str> = pods
        .iter()
        .filter(|p| {
            s.cluster
                .get("Pod", meta::namespace(p), meta::name(p))
                .is_ok_and(|o| meta::s(&o, "/spec/nodeName") == node && meta::uid(&o) == meta::uid(p))
        })
        .map(|p| meta::name(p))
        .collect();
    if !left.is_empty() {
        io.err(format!("There are pending pods in node \"{node}\" when an error occurred: {}\n", aggregate(errors)));
        for pod_name in left {
            io.err(format!("pod/{pod_name}\n"));
        }
    }
}

/// drain.go `deletePods` (`--disable-eviction`): every pod deleted, then all waited for together.
fn delete_pods(
    s: &mut Session,
    node: &str,
    pods: &[&Value],
    grace: Option<u64>,
    timeout: u64,
    io: &mut Io,
) -> Result<(), Vec<String>> {
    let mut waiting = Vec::new();
    for pod in pods {
        let (ns, pod_name) = (meta::namespace(pod), meta::name(pod));
        if s.cluster.delete("Pod", ns, pod_name, Propagation::Background, grace).is_ok() {
            waiting.push((ns.to_string(), pod_name.to_string(), meta::uid(pod).to_string()));
        }
    }
    let budget = s.wait_budget(if timeout == 0 { crate::shell::MAX_WAIT_MS } else { timeout });
    let mut spent = 0;
    loop {
        waiting.retain(|(ns, pod_name, uid)| {
            let there = s.cluster.get("Pod", ns, pod_name).is_ok_and(|o| meta::uid(&o) == uid);
            if !there {
                io.out(format!("pod/{pod_name} deleted\n"));
            }
            there
        });
        if waiting.is_empty() || spent >= budget || s.clock_stopped() {
            break;
        }
        s.advance(1000);
        spent += 1000;
    }
    if waiting.is_empty() {
        io.out(format!("node/{node} drained\n"));
        return Ok(());
    }
    // waitForDelete's own timeout: wait.ErrWaitTimeout's words
    let errs = vec![if s.clock_stopped() {
        s.clock_note().unwrap_or_default().trim_end().to_string()
    } else {
        "timed out waiting for the condition".to_string()
    }];
    pending_pods(s, node, pods, &errs, io);
    Err(errs)
}
