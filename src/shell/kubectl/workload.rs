//! Verbs that talk to running workloads or wait on them: logs, exec, rollout, port-forward, run, wait.

use crate::json;
use serde_json::Value;

use super::flags::{self, flag, opt};
use super::{api_err, name_of, namespace, not_found, resource, resource_args, Selector};
use crate::cluster::{PatchType, Propagation};
use crate::shell::kinds::Resource;
use crate::shell::stream::{Follow, Forward, Running};
use crate::shell::{printers, Io, Session};

/// Resolves `POD`, `pod/NAME` or a controller (`sts/web`, `deploy/x`) to a pod name.
fn pod_target(s: &Session, ns: &str, arg: &str) -> Result<(String, Option<String>), String> {
    let Some((t, n)) = arg.split_once('/') else { return Ok((arg.to_string(), None)) };
    let res = resource(t)?;
    if res.kind == "Pod" {
        return Ok((n.to_string(), None));
    }
    let obj =
        s.cluster.get(res.kind, ns, n).map_err(|e| if e.code == 404 { not_found(res, n) } else { api_err(&e) })?;
    let sel = obj.pointer("/spec/selector/matchLabels").cloned().unwrap_or(json!({}));
    let mut pods: Vec<Value> = s
        .cluster
        .list("Pod", Some(ns))
        .into_iter()
        .filter(|p| {
            sel.as_object()
                .is_some_and(|m| m.iter().all(|(k, v)| p.pointer("/metadata/labels").and_then(|l| l.get(k)) == Some(v)))
        })
        .collect();
    crate::sort::sort_by(&mut pods, |a, b| name_of(a).cmp(name_of(b)));
    match pods.first() {
        Some(p) => {
            let note = (pods.len() > 1).then(|| format!("Found {} pods, using pod/{}\n", pods.len(), name_of(p)));
            Ok((name_of(p).to_string(), note))
        }
        None => Err(format!("error: no pods found for {}/{n}\n", res.kind_group())),
    }
}

/// Picks the container: `-c`, else the default-container annotation, else the first (saying so when there
/// are several, as kubectl does).
fn container(pod: &Value, c: Option<&str>) -> Result<(String, Option<String>), String> {
    let names: Vec<String> = pod
        .pointer("/spec/containers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string)).collect())
        .unwrap_or_default();
    if let Some(c) = c {
        if !names.iter().any(|n| n == c) {
            let inits: Vec<String> = pod
                .pointer("/spec/initContainers")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string)).collect())
                .unwrap_or_default();
            if inits.iter().any(|n| n == c) {
                return Ok((c.to_string(), None));
            }
            return Err(format!("error: container {c} is not valid for pod {}\n", name_of(pod)));
        }
        return Ok((c.to_string(), None));
    }
    let first = names.first().cloned().unwrap_or_default();
    let note = (names.len() > 1).then(|| format!("Defaulted container \"{first}\" out of: {}\n", names.join(", ")));
    Ok((first, note))
}

pub fn logs(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "logs",
        args,
        &[
            flag("follow", Some('f')),
            flag("previous", Some('p')),
            opt("container", Some('c')),
            flags::int("tail", None),
            flags::int("limit-bytes", None),
            flag("timestamps", None),
            opt("since", None),
            flag("all-containers", None),
            opt("selector", Some('l')),
            flag("prefix", None),
        ],
    )?;
    let ns = namespace(&p);
    let Some(target) = p.args.first() else {
        return Err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n".into());
    };
    let mut io = Io::default();
    let (pod_name, note) = pod_target(s, &ns, target)?;
    if let Some(n) = note {
        io.err(n);
    }
    let pod = s.cluster.get("Pod", &ns, &pod_name).map_err(|e| {
        if e.code == 404 {
            format!("error: error from server (NotFound): pods \"{pod_name}\" not found in namespace \"{ns}\"\n")
        } else {
            api_err(&e)
        }
    })?;
    // logs.go Validate, after Complete has found the pod
    if p.int("limit-bytes").is_some_and(|n| n < 0) {
        return Err("error: --limit-bytes must be greater than 0\n".into());
    }
    if p.int("tail").is_some_and(|n| n < -1) {
        return Err("error: --tail must be greater than or equal to -1\n".into());
    }
    let c_arg = p.get("container").map(str::to_string).or_else(|| p.args.get(1).cloned());
    let (c, note) = container(&pod, c_arg.as_deref())?;
    if let Some(n) = note {
        io.err(n);
    }
    // The kubelet starts at the tail, then stops after limitBytes (0 is unset) wherever that falls.
    let tail = |text: String| -> String {
        let mut text = match p.int("tail") {
            Some(n) if n >= 0 => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                lines[lines.len().saturating_sub(n as usize)..].concat()
            }
            _ => text,
        };
        if let Some(n) = p.int("limit-bytes").and_then(|n| usize::try_from(n).ok()).filter(|n| *n > 0) {
            let mut b = std::mem::take(&mut text).into_bytes();
            b.truncate(n);
            text = String::from_utf8_lossy(&b).into_owned();
        }
        text
    };
    let stamps = p.has("timestamps");
    let text = s.cluster.logs_with(&ns, &pod_name, Some(&c), p.has("previous"), stamps).map_err(|e| api_err(&e))?;
    io.out(tail(text.clone()));
    if p.has("follow") {
        if s.deadline.is_none() {
            let read_at = s.cluster.now();
            s.start_running(Running::Follow(Follow {
                namespace: ns,
                pod: pod_name,
                container: c,
                printed: text.len(),
                read_at,
                timestamps: stamps,
            }));
        } else if let Some(budget) = s.deadline {
            let mut seen = text.len();
            let mut spent = 0;
            while spent < budget {
                let step = (budget - spent).min(1000);
                s.advance(step);
                spent += step;
                match s.cluster.logs_with(&ns, &pod_name, Some(&c), false, stamps) {
                    Ok(now) if now.len() > seen => {
                        io.out(now[seen..].to_string());
                        seen = now.len();
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
            io.code = 124;
        }
    }
    Ok(io)
}

pub fn exec(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "exec",
        args,
        &[
            flag("stdin", Some('i')),
            flag("tty", Some('t')),
            opt("container", Some('c')),
            flag("quiet", Some('q')),
            opt("filename", Some('f')),
        ],
    )?;
    let ns = namespace(&p);
    let Some(target) = p.args.first() else {
        return Err("error: pod, type/name or --filename must be specified\n".into());
    };
    let argv: Vec<String> = match &p.after_dash {
        Some(a) => a.clone(),
        None if p.args.len() > 1 => {
            return Err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n".into())
        }
        None => vec![],
    };
    if argv.is_empty() {
        return Err("error: you must specify at least one command for the container\n".into());
    }
    let mut io = Io::default();
    let (pod_name, _) = pod_target(s, &ns, target)?;
    let pod = s.cluster.get("Pod", &ns, &pod_name).map_err(|e| {
        if e.code == 404 {
            format!("Error from server (NotFound): pods \"{pod_name}\" not found\n")
        } else {
            api_err(&e)
        }
    })?;
    let phase = pod.pointer("/status/phase").and_then(Value::as_str).unwrap_or("");
    // exec.go checks the phase before it picks the container
    if matches!(phase, "Succeeded" | "Failed") {
        return Err(format!("error: cannot exec into a container in a completed pod; current phase is {phase}\n"));
    }
    let (c, note) = container(&pod, p.get("container"))?;
    if let Some(n) = note {
        io.err(n);
    }
    if phase != "Running" {
        return Err(format!("error: unable to upgrade connection: container not found (\"{c}\")\n"));
    }
    // `-i` with a bare shell opens it: the following lines run in the container until `exit`.
    // (an image without that shell fails below as any missing executable does)
    let has_shell = |s: &mut Session| {
        let probe = [argv[0].clone(), "-c".into(), "true".into()];
        s.cluster.exec(&ns, &pod_name, Some(&c), &probe).is_ok_and(|o| o.code != 126)
    };
    if p.has("stdin") && crate::shell::podshell::is_shell(&argv) && has_shell(s) {
        let sh = crate::shell::podshell::PodShell::open(s, &ns, &pod_name, &c, &argv, p.has("tty"));
        s.pod_shell = Some(sh);
        return Ok(io);
    }
    let out = s.cluster.exec(&ns, &pod_name, Some(&c), &argv).map_err(|e| api_err(&e))?;
    io.out(out.stdout);
    io.err(out.stderr);
    if out.code != 0 {
        io.err(format!("command terminated with exit code {}\n", out.code));
    }
    io.code = out.code;
    s.cluster.settle();
    Ok(io)
}

fn controller_revisions(s: &Session, ns: &str, kind: &str, name: &str) -> Vec<Value> {
    let mut revs: Vec<Value> = s
        .cluster
        .list("ControllerRevision", Some(ns))
        .into_iter()
        .filter(|r| {
            r.pointer("/metadata/ownerReferences").and_then(Value::as_array).is_some_and(|refs| {
                refs.iter().any(|o| {
                    o.get("kind").and_then(Value::as_str) == Some(kind)
                        && o.get("name").and_then(Value::as_str) == Some(name)
                })
            })
        })
        .collect();
    crate::sort::sort_by_key(&mut revs, |r| r.get("revision").and_then(Value::as_i64).unwrap_or(0));
    revs
}

/// kubectl's StatefulSetStatusViewer / DeploymentStatusViewer: (message, done).
fn rollout_message(res: &Resource, obj: &Value) -> Result<(String, bool), String> {
    let i = |p: &str| obj.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let name = name_of(obj);
    match res.kind {
        "StatefulSet" => {
            let strategy = obj.pointer("/spec/updateStrategy/type").and_then(Value::as_str).unwrap_or("RollingUpdate");
            if strategy != "RollingUpdate" {
                return Err("error: rollout status is only available for RollingUpdate strategy type\n".into());
            }
            let replicas = obj.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
            if i("/status/observedGeneration") == 0 || i("/metadata/generation") > i("/status/observedGeneration") {
                return Ok(("Waiting for statefulset spec update to be observed...\n".into(), false));
            }
            if i("/status/readyReplicas") < replicas {
                return Ok((
                    format!("Waiting for {} pods to be ready...\n", replicas - i("/status/readyReplicas")),
                    false,
                ));
            }
            if let Some(ru) = obj.pointer("/spec/updateStrategy/rollingUpdate").filter(|v| !v.is_null()) {
                if let Some(part) = ru.get("partition").and_then(Value::as_i64) {
                    let updated = i("/status/updatedReplicas");
                    if updated < replicas - part {
                        return Ok((
                            format!(
                                "Waiting for partitioned roll out to finish: {updated} out of {} new pods have been updated...\n",
                                replicas - part
                            ),
                            false,
                        ));
                    }
                    return Ok((
                        format!("partitioned roll out complete: {updated} new pods have been updated...\n"),
                        true,
                    ));
                }
            }
            let upd = obj.pointer("/status/updateRevision").and_then(Value::as_str).unwrap_or("");
            let cur = obj.pointer("/status/currentRevision").and_then(Value::as_str).unwrap_or("");
            if upd != cur {
                return Ok((
                    format!(
                        "waiting for statefulset rolling update to complete {} pods at revision {upd}...\n",
                        i("/status/updatedReplicas")
                    ),
                    false,
                ));
            }
            Ok((
                format!(
                    "statefulset rolling update complete {} pods at revision {cur}...\n",
                    i("/status/currentReplicas")
                ),
                true,
            ))
        }
        "Deployment" => {
            let replicas = obj.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
            if i("/metadata/generation") > i("/status/observedGeneration") {
                return Ok(("Waiting for deployment spec update to be observed...\n".into(), false));
            }
            let updated = i("/status/updatedReplicas");
            let total = i("/status/replicas");
            let available = i("/status/availableReplicas");
            if updated < replicas {
                return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {updated} out of {replicas} new replicas have been updated...\n"), false));
            }
            if total > updated {
                return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {} old replicas are pending termination...\n", total - updated), false));
            }
            if available < updated {
                return Ok((format!("Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...\n"), false));
            }
            Ok((format!("deployment \"{name}\" successfully rolled out\n"), true))
        }
        _ => Err(format!("error: no status viewer has been implemented for {}\n", res.kind)),
    }
}

pub fn rollout(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let Some(sub) = args.first() else {
        return Ok(Io::ok("Manage the rollout of one or many resources.\n\n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets\n\nAvailable Commands:\n  history       View rollout history\n  pause         Mark the provided resource as paused\n  restart       Restart a resource\n  resume        Resume a paused resource\n  status        Show the status of the rollout\n  undo          Undo a previous rollout\n\nUsage:\n  kubectl rollout SUBCOMMAND [options]\n"));
    };
    let cmd = format!("rollout {sub}");
    let p = flags::parse(
        &cmd,
        &args[1..],
        &[
            flag("watch", Some('w')),
            opt("timeout", None),
            flags::int("revision", None),
            flags::int("to-revision", None),
            opt("selector", Some('l')),
            flag("dry-run", None),
            opt("filename", Some('f')),
        ],
    )?;
    let ns = namespace(&p);
    let mut groups = resource_args(&p.args)?;
    // `-l SELECTOR` with a type: the objects of that type it selects
    if let (Some(l), [(res, names)]) = (p.get("selector"), groups.as_mut_slice()) {
        if names.is_empty() {
            let sel = Selector::parse(l)?;
            let objs = s.cluster.list(res.kind, Some(&ns));
            names.extend(objs.iter().filter(|o| sel.matches(o)).map(|o| name_of(o).to_string()));
        }
    }
    if groups.is_empty() || groups.iter().all(|(_, n)| n.is_empty()) {
        return Err("error: required resource not specified\n".to_string());
    }
    let mut io = Io::default();
    for (res, names) in groups {
        for name in names {
            let obj = match s.cluster.get(res.kind, &ns, &name) {
                Ok(o) => o,
                Err(e) if e.code == 404 => return Err(not_found(res, &name)),
                Err(e) => return Err(api_err(&e)),
            };
            match sub.as_str() {
                "status" => {
                    let timeout =
                        p.get("timeout").and_then(crate::shell::parse_sleep).filter(|t| *t > 0).unwrap_or(600_000);
                    let budget = s.wait_budget(capped_wait(&mut io, timeout));
                    let mut last = String::new();
                    let mut spent = 0;
                    // As kubectl wait's loop: the message is the object's, unchanged while the store is.
                    let mut read_at = None;
                    let mut done = false;
                    loop {
                        let version = s.cluster.resource_version();
                        if read_at != Some(version) {
                            let cur = s.cluster.get(res.kind, &ns, &name).map_err(|e| api_err(&e))?;
                            let (msg, finished) = rollout_message(res, &cur)?;
                            if msg != last {
                                io.out(msg.clone());
                                last = msg;
                            }
                            done = finished;
                            read_at = Some(version);
                        }
                        if done || p.get("watch") == Some("false") {
                            break;
                        }
                        if spent >= budget {
                            if s.clock_stopped() {
                                // said once per line: the loop's next tries end at once, quietly
                                io.err(s.clock_note().unwrap_or_default());
                                io.code = 1;
                            } else if s.deadline.is_some() {
                                io.code = 124;
                            } else {
                                io.err("error: timed out waiting for the condition\n");
                                io.code = 1;
                            }
                            break;
                        }
                        if s.to_terminal && s.depth == 0 && io.chunks.iter().all(|c| !c.0) {
                            // its progress lines are out before it waits: a job's output meanwhile follows them
                            s.job_out.push_str(&std::mem::take(&mut io).stdout());
                        }
                        spent += idle_step(s, version, budget - spent);
                    }
                }
                "history" => {
                    // polymorphichelpers.HistoryViewerFor: kinds its visitor knows without a viewer, and the rest
                    let gk =
                        if res.group.is_empty() { res.kind.to_string() } else { format!("{}.{}", res.kind, res.group) };
                    if ["Job", "Pod", "ReplicaSet", "ReplicationController", "CronJob"].contains(&res.kind) {
                        return Err(format!("error: no history viewer has been implemented for \"{gk}\"\n"));
                    }
                    if !["StatefulSet", "DaemonSet", "Deployment"].contains(&res.kind) {
                        let (g, k) = (res.group, res.kind);
                        return Err(format!(
                            "error: error retrieving history for \"{gk}\", no visitor method exists for {{{g} {k}}}\n"
                        ));
                    }
                    // (revision, change cause, the revision's pod template) as polymorphichelpers/history.go reads
                    // them: a ControllerRevision's template (its data patches the whole template in), a
                    // ReplicaSet's with the change cause added to its annotations
                    let revs: Vec<(i64, String, Value)> = if res.kind != "Deployment" {
                        controller_revisions(s, &ns, res.kind, &name)
                            .iter()
                            .map(|r| {
                                let mut t = r.pointer("/data/spec/template").cloned().unwrap_or(Value::Null);
                                if let Some(m) = t.as_object_mut() {
                                    m.remove("$patch");
                                }
                                (r.get("revision").and_then(Value::as_i64).unwrap_or(0), change_cause(r), t)
                            })
                            .collect()
                    } else {
                        let mut v: Vec<(i64, String, Value)> = s
                            .cluster
                            .list("ReplicaSet", Some(&ns))
                            .iter()
                            .filter(|rs| owned_by(rs, "Deployment", &name))
                            .map(|rs| {
                                let rev = rs
                                    .pointer("/metadata/annotations/deployment.kubernetes.io~1revision")
                                    .and_then(Value::as_str)
                                    .and_then(|x| x.parse().ok())
                                    .unwrap_or(0);
                                let mut t = rs.pointer("/spec/template").cloned().unwrap_or(json!({}));
                                if let Some(cause) = rs.pointer("/metadata/annotations/kubernetes.io~1change-cause") {
                                    t["metadata"]["annotations"]["kubernetes.io/change-cause"] = cause.clone();
                                }
                                (rev, change_cause(rs), t)
                            })
                            .collect();
                        crate::sort::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
                        v
                    };
                    if let Some(r) = p.int("revision").filter(|r| *r > 0) {
                        let Some((_, _, t)) = revs.iter().find(|(n, _, _)| *n == r) else {
                            return Err("error: unable to find the specified revision\n".to_string());
                        };
                        let text = super::describe::template_text(t);
                        io.out(format!("{}/{name} with revision #{r}\n{text}\n", res.kind_group()));
                        continue;
                    }
                    let mut lines = vec![vec!["REVISION".to_string(), "CHANGE-CAUSE".to_string()]];
                    for (n, cause, _) in revs {
                        lines.push(vec![n.to_string(), cause]);
                    }
                    io.out(format!("{}/{name} \n", res.kind_group()));
                    io.out(printers::tabwrite_with(&lines, 0, 2));
                    io.out("\n");
                }
                "undo" => io.append(undo(s, res, &ns, &name, &obj, p.int("to-revision"))?),
                "restart" => {
                    if !matches!(res.kind, "StatefulSet" | "Deployment") {
                        return Err(format!("error: {}s \"{name}\" restarting is not supported\n", res.kind_group()));
                    }
                    let now = printers::format_rfc3339(super::now_ms(s));
                    let patch = json!({"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}});
                    s.cluster
                        .patch(res.kind, &ns, &name, &patch, PatchType::StrategicMerge)
                        .map_err(|e| api_err(&e))?;
                    io.out(format!("{}/{name} restarted\n", res.kind_group()));
                }
                "pause" | "resume" => {
                    if res.kind != "Deployment" {
                        return Err(format!(
                            "error: {} \"{name}\" {} is not supported\n",
                            res.plural_group(),
                            if sub == "pause" { "pausing" } else { "resuming" }
                        ));
                    }
                    let want = sub == "pause";
                    let already = obj.pointer("/spec/paused").and_then(Value::as_bool).unwrap_or(false) == want;
                    if already {
                        return Err(format!(
                            "error: {}/{name} is already {}\n",
                            res.kind_group(),
                            if want { "paused" } else { "resumed" }
                        ));
                    }
                    s.cluster
                        .patch(res.kind, &ns, &name, &json!({"spec": {"paused": want}}), PatchType::Merge)
                        .map_err(|e| api_err(&e))?;
                    io.out(format!("{}/{name} {}\n", res.kind_group(), if want { "paused" } else { "resumed" }));
                }
                other => {
                    return Err(format!("error: unknown command \"{other}\" for \"kubectl rollout\"\n"));
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

fn owned_by(obj: &Value, kind: &str, name: &str) -> bool {
    obj.pointer("/metadata/ownerReferences").and_then(Value::as_array).is_some_and(|refs| {
        refs.iter().any(|o| {
            o.get("kind").and_then(Value::as_str) == Some(kind) && o.get("name").and_then(Value::as_str) == Some(name)
        })
    })
}

fn change_cause(obj: &Value) -> String {
    obj.pointer("/metadata/annotations/kubernetes.io~1change-cause")
        .and_then(Value::as_str)
        .unwrap_or("<none>")
        .to_string()
}

/// kubectl polymorphichelpers/rollback.go: StatefulSets go back to a ControllerRevision's template.
fn undo(s: &mut Session, res: &Resource, ns: &str, name: &str, obj: &Value, to: Option<i64>) -> Result<Io, String> {
    let to = to.unwrap_or(0);
    if res.kind == "Deployment" {
        return undo_deployment(s, ns, name, obj, to);
    }
    if res.kind != "StatefulSet" {
        // rollback.go RollbackerFor: the GroupKind, quoted
        let gk = if res.group.is_empty() { res.kind.to_string() } else { format!("{}.{}", res.kind, res.group) };
        return Err(format!("error: no rollbacker has been implemented for {gk:?}\n"));
    }
    let revs = controller_revisions(s, ns, "StatefulSet", name);
    let rev_of = |r: &Value| r.get("revision").and_then(Value::as_i64).unwrap_or(0);
    let target = if to == 0 {
        if revs.len() < 2 {
            return Err("error: no rollout history found for statefulset \"".to_string() + name + "\"\n");
        }
        revs[revs.len() - 2].clone()
    } else {
        revs.iter()
            .find(|r| rev_of(r) == to)
            .cloned()
            .ok_or_else(|| format!("error: unable to find specified revision {to} in history\n"))?
    };
    let mut template = target.pointer("/data/spec/template").cloned().unwrap_or(Value::Null);
    // rollback.go sends the revision's data as a strategic merge patch: its `$patch: replace` directive
    // replaces the template whole and is not itself a field of it
    if let Some(m) = template.as_object_mut() {
        m.remove("$patch");
    }
    let current = obj.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    if strip_nulls(&template) == strip_nulls(&current) {
        return Ok(Io::ok(format!(
            "{}/{name} skipped rollback (current template already matches revision {})\n",
            res.kind_group(),
            rev_of(&target)
        )));
    }
    let mut updated = obj.clone();
    updated["spec"]["template"] = template;
    s.cluster.update(updated).map_err(|e| api_err(&e))?;
    Ok(Io::ok(format!("{}/{name} rolled back\n", res.kind_group())))
}

/// rollback.go DeploymentRollbacker: the template of the ReplicaSet with that revision (the previous one for
/// 0) goes back into the Deployment, without its pod-template-hash label, with the ReplicaSet's annotations.
fn undo_deployment(s: &mut Session, ns: &str, name: &str, obj: &Value, to: i64) -> Result<Io, String> {
    if to < 0 {
        return Err(format!("error: unable to find specified revision {to} in history\n"));
    }
    if obj.pointer("/spec/paused").and_then(Value::as_bool) == Some(true) {
        return Err("error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again\n".into());
    }
    let revision = |rs: &Value| -> i64 {
        rs.pointer("/metadata/annotations/deployment.kubernetes.io~1revision")
            .and_then(Value::as_str)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0)
    };
    let mut sets: Vec<Value> =
        s.cluster.list("ReplicaSet", Some(ns)).into_iter().filter(|rs| owned_by(rs, "Deployment", name)).collect();
    crate::sort::sort_by_key(&mut sets, |rs| revision(rs));
    let target = if to == 0 {
        if sets.len() <= 1 {
            return Err(format!("error: no rollout history found for deployment \"{name}\"\n"));
        }
        sets[sets.len() - 2].clone()
    } else {
        sets.iter()
            .find(|rs| revision(rs) == to)
            .cloned()
            .ok_or_else(|| format!("error: unable to find specified revision {to} in history\n"))?
    };
    let mut template = target.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    if let Some(labels) = template.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        labels.remove("pod-template-hash");
    }
    let current = obj.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    if strip_nulls(&template) == strip_nulls(&current) {
        return Ok(Io::ok(format!(
            "deployment.apps/{name} skipped rollback (current template already matches revision {})\n",
            revision(&target)
        )));
    }
    const SKIP: &[&str] = &[
        "kubectl.kubernetes.io/last-applied-configuration",
        "deployment.kubernetes.io/revision",
        "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
        "deprecated.deployment.rollback.to",
    ];
    let mut annotations = serde_json::Map::new();
    if let Some(a) = obj.pointer("/metadata/annotations").and_then(Value::as_object) {
        for (k, v) in a.iter().filter(|(k, _)| SKIP.contains(&k.as_str())) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    if let Some(a) = target.pointer("/metadata/annotations").and_then(Value::as_object) {
        for (k, v) in a.iter().filter(|(k, _)| !SKIP.contains(&k.as_str())) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    let mut updated = obj.clone();
    updated["spec"]["template"] = template;
    updated["metadata"]["annotations"] = Value::Object(annotations);
    s.cluster.update(updated).map_err(|e| api_err(&e))?;
    Ok(Io::ok(format!("deployment.apps/{name} rolled back\n")))
}

fn strip_nulls(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), strip_nulls(x))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(strip_nulls).collect()),
        o => o.clone(),
    }
}

pub fn port_forward(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse("port-forward", args, &[opt("address", None), opt("pod-running-timeout", None)])?;
    let ns = namespace(&p);
    let Some(target) = p.args.first() else {
        return Err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n".into());
    };
    if p.args.len() < 2 {
        return Err("error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n".into());
    }
    // a Service forwards to one of its pods, on the targetPort behind the given port
    let (pod_name, svc) =
        if let Some(n) = target.strip_prefix("svc/").or_else(|| target.strip_prefix("service/")) {
            let svc = s.cluster.get("Service", &ns, n).map_err(|e| {
                if e.code == 404 {
                    format!("Error from server (NotFound): services \"{n}\" not found\n")
                } else {
                    api_err(&e)
                }
            })?;
            let sel = svc.pointer("/spec/selector").cloned().unwrap_or(json!({}));
            let sel_str: Vec<String> = sel
                .as_object()
                .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect())
                .unwrap_or_default();
            let selector = Selector::parse(&sel_str.join(","))?;
            let pod =
                s.cluster.list("Pod", Some(&ns)).into_iter().find(|p| {
                    selector.matches(p) && p.pointer("/status/phase").and_then(Value::as_str) == Some("Running")
                });
            match pod {
                Some(p) => (name_of(&p).to_string(), Some(svc)),
                None => {
                    return Err("error: unable to forward port because pod is not running. Current status=Pending\n"
                        .to_string())
                }
            }
        } else {
            (pod_target(s, &ns, target)?.0, None)
        };
    let pod = s.cluster.get("Pod", &ns, &pod_name).map_err(|e| {
        if e.code == 404 {
            format!("Error from server (NotFound): pods \"{pod_name}\" not found\n")
        } else {
            api_err(&e)
        }
    })?;
    if pod.pointer("/status/phase").and_then(Value::as_str) != Some("Running") {
        let phase = pod.pointer("/status/phase").and_then(Value::as_str).unwrap_or("Unknown");
        return Err(format!("error: unable to forward port because pod is not running. Current status={phase}\n"));
    }
    let mut forwards: Vec<(u16, u16)> = Vec::new();
    for spec in &p.args[1..] {
        let (local, remote) = match spec.split_once(':') {
            Some((l, r)) => (l.to_string(), r.to_string()),
            None => (spec.clone(), spec.clone()),
        };
        let remote_port: u16 = match remote.parse() {
            Ok(n) => n,
            Err(_) => named_port(&pod, &remote)
                .ok_or_else(|| format!("error: Pod '{pod_name}' does not have a named port '{remote}'\n"))?,
        };
        let remote_port = match &svc {
            Some(svc) => svc_target_port(svc, &pod, remote_port),
            None => remote_port,
        };
        let local: u16 = if local.is_empty() {
            remote_port
        } else {
            local.parse().map_err(|_| format!("error: Error parsing local port '{local}': strconv.ParseUint: parsing \"{local}\": invalid syntax\n"))?
        };
        if s.port_forwards.contains_key(&local) {
            // kubectl's portforward.go: both listeners fail, then it gives up on the port
            return Err(format!("Unable to listen on port {local}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:{local}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:{local}: bind: address already in use]\nerror: unable to listen on any of the requested ports: [{{{local} {remote_port}}}]\n"));
        }
        forwards.push((local, remote_port));
    }
    let mut io = Io::default();
    for (local, remote_port) in &forwards {
        let uid = pod.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or_default().to_string();
        let forward = Forward { namespace: ns.clone(), pod: pod_name.clone(), uid, port: *remote_port };
        s.port_forwards.insert(*local, forward);
        io.out(format!(
            "Forwarding from 127.0.0.1:{local} -> {remote_port}\nForwarding from [::1]:{local} -> {remote_port}\n"
        ));
    }
    s.start_running(Running::PortForward(forwards.iter().map(|f| f.0).collect()));
    Ok(io)
}

fn named_port(pod: &Value, name: &str) -> Option<u16> {
    pod.pointer("/spec/containers")?
        .as_array()?
        .iter()
        .flat_map(|c| c.get("ports").and_then(Value::as_array).cloned().unwrap_or_default())
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))
        .and_then(|p| p.get("containerPort")?.as_u64())
        .map(|p| p as u16)
}

fn svc_target_port(svc: &Value, pod: &Value, port: u16) -> u16 {
    let Some(sp) = svc
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|p| p.get("port").and_then(Value::as_u64) == Some(port as u64)))
    else {
        return port;
    };
    match sp.get("targetPort") {
        Some(Value::Number(n)) => n.as_u64().unwrap_or(port as u64) as u16,
        Some(Value::String(name)) => named_port(pod, name).unwrap_or(port),
        _ => port,
    }
}

pub fn run_pod(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "run",
        args,
        &[
            opt("image", None),
            opt("restart", None),
            flag("rm", None),
            flag("stdin", Some('i')),
            flag("tty", Some('t')),
            opt("port", None),
            opt("labels", None),
            opt("env", None),
            flag("command", None),
            flag("dry-run", None),
            opt("output", Some('o')),
            flag("attach", None),
        ],
    )?;
    let ns = namespace(&p);
    let Some(image) = p.get("image") else {
        return Err("error: required flag(s) \"image\" not set\n".into());
    };
    let (pod, name) = run_generator(&p, image)?;
    let dry = super::mutate::dry_run(&p)?;
    let output = p.get("output").unwrap_or("");
    let mut pod = pod;
    if dry == Some("client") {
        return Ok(Io::ok(super::create::print(&pod, output, "pod", dry)?));
    }
    pod["metadata"]["namespace"] = json!(ns);
    if dry == Some("server") {
        // the server's answer: defaulted and admitted (service account token volume), stored nowhere
        let checked = s.cluster.create_dry_run(pod).map_err(|e| api_err(&e))?;
        return Ok(Io::ok(super::create::print(&checked, output, "pod", dry)?));
    }
    let created = s.cluster.create(pod).map_err(|e| api_err(&e))?;
    s.cluster.settle();
    let name = name.as_str();
    let interactive = p.has("stdin") || p.has("attach");
    if !interactive {
        return Ok(Io::ok(super::create::print(&created, output, "pod", None)?));
    }
    let mut io = Io::default();
    // wait for the container to start, as kubectl run -i does
    wait_for_phase(s, &ns, name, &["Running", "Succeeded", "Failed"]);
    if p.has("tty") {
        io.err("If you don't see a command prompt, try pressing enter.\n");
    }
    // `run -i` attaches to the container's own process: its output is what the container prints (its log)
    let c = created.pointer("/spec/containers/0");
    if c.is_some_and(|c| c.get("args").is_some() || c.get("command").is_some()) {
        if wait_for_phase(s, &ns, name, &["Succeeded", "Failed"]).as_deref() == Some("Failed") {
            io.code = 1;
        }
        match s.cluster.logs(&ns, name, None, false) {
            Ok(out) => io.out(out),
            Err(e) => {
                io.err(api_err(&e));
                io.code = 1;
            }
        }
    }
    if p.has("rm") {
        let _ = s.cluster.delete("Pod", &ns, name, Propagation::Background, Some(0));
        io.out(format!("pod \"{name}\" deleted from {ns} namespace\n"));
        s.cluster.settle();
    }
    Ok(io)
}

/// run.go and its BasicPod generator: the Pod kubectl sends, with its checks in the order kubectl makes them
/// (labels, env, restart policy, output format, NAME, port, attach options; each order seen with kubectl 1.37.1).
/// Fields follow the Go structs' order for `-o json`; the namespace is named only when `-n` was given.
fn run_generator(p: &flags::Parsed, image: &str) -> Result<(Value, String), String> {
    let mut labels = serde_json::Map::new();
    for spec in p.get("labels").unwrap_or("").split(',').filter(|_| p.get("labels").is_some_and(|l| !l.is_empty())) {
        match spec.split('=').collect::<Vec<_>>()[..] {
            ["", _] => return Err("error: unexpected empty label key\n".into()),
            [k, v] => labels.insert(k.to_string(), json!(v)),
            _ => return Err(format!("error: unexpected label spec: {spec}\n")),
        };
    }
    let mut env = Vec::new();
    for e in p.all("env") {
        // A name that IsEnvVarName refuses (an empty one too) makes the whole entry invalid.
        match e.split_once('=') {
            // EnvVar.value is `omitempty`.
            Some((k, "")) if super::create::env_name_errors(k).is_empty() => env.push(json!({"name": k})),
            Some((k, v)) if super::create::env_name_errors(k).is_empty() => env.push(json!({"name": k, "value": v})),
            _ => return Err(format!("error: invalid env: {e}\n")),
        }
    }
    let restart = p.get("restart").unwrap_or("Always");
    if !matches!(restart, "Always" | "OnFailure" | "Never") {
        return Err(format!("error: invalid restart policy: {restart}, valid values are: Always, OnFailure, Never\n"));
    }
    super::create::check_output(p.get("output").unwrap_or(""))?;
    let Some(name) = p.args.first() else {
        return Err("error: NAME is required for run\n".into());
    };
    // strconv.Atoi: base 10, an optional sign, 64 bits.
    let port = match p.get("port").filter(|v| !v.is_empty()) {
        Some(v) => Some(flags::parse_int(v, 10, 64).map_err(|_| "error: --port must be a number\n")?),
        None => None,
    };
    let attach = p.has("stdin") || p.has("tty") || p.has("attach");
    if attach && super::mutate::dry_run(p)?.is_some() {
        return Err("error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\n".into());
    }
    if p.has("rm") && !attach {
        return Err("error: --rm should only be used for attached containers\n".into());
    }
    if labels.is_empty() {
        labels.insert("run".into(), json!(name));
    }
    let mut c = serde_json::Map::new();
    c.insert("name".into(), json!(name));
    c.insert("image".into(), json!(image));
    // Words after NAME and after `--` are the container's arguments, or its command with --command.
    let words: Vec<&String> = p.args[1..].iter().chain(p.after_dash.iter().flatten()).collect();
    if !words.is_empty() {
        c.insert(if p.has("command") { "command" } else { "args" }.into(), json!(words));
    }
    if let Some(port) = port {
        c.insert("ports".into(), json!([{"containerPort": port}]));
    }
    if !env.is_empty() {
        c.insert("env".into(), json!(env));
    }
    c.insert("resources".into(), json!({}));
    if p.has("stdin") {
        c.insert("stdin".into(), json!(true));
        c.insert("stdinOnce".into(), json!(true));
    }
    if p.has("tty") {
        c.insert("tty".into(), json!(true));
    }
    let mut meta = serde_json::Map::new();
    meta.insert("name".into(), json!(name));
    if let Some(ns) = p.get("namespace") {
        meta.insert("namespace".into(), json!(ns));
    }
    meta.insert("labels".into(), Value::Object(labels));
    let pod = json!({"kind": "Pod", "apiVersion": "v1", "metadata": meta,
        "spec": {"containers": [c], "restartPolicy": restart, "dnsPolicy": "ClusterFirst"}, "status": {}});
    Ok((pod, name.clone()))
}

pub fn wait(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "wait",
        args,
        &[
            opt("for", None),
            opt("timeout", None),
            opt("selector", Some('l')),
            flag("all", None),
            flag("all-namespaces", Some('A')),
        ],
    )?;
    let ns = namespace(&p);
    let Some(cond) = p.get("for") else {
        return Err("error: --for must be specified\n".into());
    };
    let mut io = Io::default();
    let timeout = p.get("timeout").and_then(crate::shell::parse_sleep).unwrap_or(30_000);
    let budget = s.wait_budget(capped_wait(&mut io, timeout));
    let mut targets: Vec<(&'static Resource, String)> = Vec::new();
    let selector = match p.get("selector") {
        Some(l) => Some(Selector::parse(l)?),
        None => None,
    };
    for (res, names) in resource_args(&p.args)? {
        if names.is_empty() {
            for o in s.cluster.list(res.kind, Some(&ns)) {
                if selector.as_ref().is_none_or(|sel| sel.matches(&o)) {
                    targets.push((res, name_of(&o).to_string()));
                }
            }
        } else {
            for n in names {
                targets.push((res, n));
            }
        }
    }
    // wait.go IsDeleted: the objects found when the wait began are waited for by UID, so one deleted and made
    // again under its name (a StatefulSet's pod) counts as deleted; one missing then is not waited for, and
    // nothing found is no error. A job's later tries read what its first try found.
    let mut uids: Vec<String> = Vec::new();
    if cond == "delete" {
        let uid_of = |s: &Session, res: &Resource, n: &str| {
            s.cluster.get(res.kind, &ns, n).ok().and_then(|o| o.pointer("/metadata/uid")?.as_str().map(str::to_string))
        };
        let first: Vec<String> = targets
            .iter()
            .map(|(res, n)| format!("{}/{n}/{}", res.kind, uid_of(s, res, n).unwrap_or_default()))
            .collect();
        let noted = match s.probe_memo() {
            Some(memo) => memo.get_or_insert(first).clone(),
            None => first,
        };
        let all = std::mem::take(&mut targets);
        for entry in noted {
            let mut parts = entry.splitn(3, '/');
            let (kind, n, uid) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            let Some(res) = all.iter().map(|t| t.0).find(|r| r.kind == kind) else { continue };
            if !uid.is_empty() {
                targets.push((res, n.to_string()));
                uids.push(uid.to_string());
            }
        }
    } else if targets.is_empty() {
        return Err("error: no matching resources found\n".into());
    }
    let uid_wanted = |i: usize| uids.get(i).map(String::as_str).unwrap_or("");
    let check = |s: &Session, res: &Resource, n: &str, i: usize| -> Result<bool, String> {
        let obj = s.cluster.get(res.kind, &ns, n);
        if cond == "delete" {
            return Ok(obj.map_or(true, |o| o.pointer("/metadata/uid").and_then(Value::as_str) != Some(uid_wanted(i))));
        }
        let obj = obj.map_err(|e| if e.code == 404 { not_found(res, n) } else { api_err(&e) })?;
        if let Some(c) = cond.strip_prefix("condition=") {
            let (ty, want) = c.split_once('=').unwrap_or((c, "True"));
            return Ok(obj.pointer("/status/conditions").and_then(Value::as_array).is_some_and(|cs| {
                cs.iter().any(|x| {
                    x.get("type").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(ty))
                        && x.get("status").and_then(Value::as_str).is_some_and(|v| v.eq_ignore_ascii_case(want))
                })
            }));
        }
        if let Some(j) = cond.strip_prefix("jsonpath=") {
            let (path, want) = j.split_once('=').unwrap_or((j, ""));
            return Ok(crate::shell::jsonpath::column(path, &obj).map(|v| v == want).unwrap_or(false));
        }
        Err(format!("error: unrecognized condition: \"{cond}\"\n"))
    };
    let mut spent = 0;
    for (i, (res, n)) in targets.into_iter().enumerate() {
        // The condition reads only the store: while no write happened it cannot have changed, and a second's
        // step costs nothing next to the check, so a long --timeout stays cheap.
        let mut checked_at = None;
        loop {
            let version = s.cluster.resource_version();
            if checked_at != Some(version) {
                if check(s, res, &n, i)? {
                    io.out(format!("{}/{n} condition met\n", res.kind_group()));
                    break;
                }
                checked_at = Some(version);
            }
            if spent >= budget {
                if s.clock_stopped() {
                    io.err(s.clock_note().unwrap_or_default());
                } else {
                    io.err(format!("error: timed out waiting for the condition on {}/{n}\n", res.plural_group()));
                }
                io.code = 1;
                return Ok(io);
            }
            spent += idle_step(s, version, budget - spent);
        }
    }
    Ok(io)
}

/// One second of a wait loop. A job's try lets no time pass (jobs.rs `probe_wait`), so when the clock stayed
/// and the store is as it was, nothing can change before the budget is spent: the rest is asked for at once
/// instead of a million more rounds of a 30-day --timeout.
fn idle_step(s: &mut Session, version: u64, left: u64) -> u64 {
    let now = s.cluster.now();
    s.advance(1000);
    if s.cluster.now() == now && s.cluster.resource_version() == version && left > 1000 {
        s.advance(left - 1000);
        return left;
    }
    1000
}

/// A wait's --timeout within what one command may let pass (as `sleep`, src/shell/mod.rs), saying so when cut.
fn capped_wait(io: &mut Io, ms: u64) -> u64 {
    if ms > crate::shell::MAX_WAIT_MS {
        io.err("stsplay: simulated time moves at most 30d per command; waiting 30d\n");
    }
    ms.min(crate::shell::MAX_WAIT_MS)
}

/// Lets simulated time pass, a second at a time and at most two minutes, until the pod reaches one of
/// `phases`; returns that phase (`None` when it did not get there in time).
fn wait_for_phase(s: &mut Session, ns: &str, name: &str, phases: &[&str]) -> Option<String> {
    let mut spent = 0;
    loop {
        let phase = s
            .cluster
            .get("Pod", ns, name)
            .ok()
            .and_then(|o| o.pointer("/status/phase").and_then(Value::as_str).map(str::to_string));
        if phase.as_deref().is_some_and(|p| phases.contains(&p)) {
            return phase;
        }
        if spent >= 120_000 {
            return None;
        }
        s.advance(1000);
        spent += 1000;
    }
}
