//! The verbs that change objects: apply, create, replace, delete, scale, patch, label, annotate, set image.

use crate::cluster::decode::FieldValidation;
use crate::json;
use serde_json::Value;

use super::flags::{self, flag, opt, Spec};
use super::{api_err, name_of, namespace, not_found, read_filenames, resource, resource_args, resource_of, Selector};
use crate::cluster::{ApplyOutcome, PatchType, Propagation};
use crate::shell::kinds::Resource;
use crate::shell::stream::{Gone, Running};
use crate::shell::{Io, Session};

/// `--dry-run` values as kubectl's GetDryRunStrategy reads them (cmd/util/helpers.go): `none`, `client`,
/// `server`; `--dry-run` alone and Go booleans are deprecated spellings of client (true) and none (false), with
/// the warning [`dry_run_warning`] prints.
pub(super) fn dry_run(p: &flags::Parsed) -> Result<Option<&str>, String> {
    match p.get("dry-run") {
        None | Some("none") => Ok(None),
        Some(v @ ("client" | "server")) => Ok(Some(v)),
        Some("unchanged") => Ok(Some("client")),
        Some(v) => match go_bool(v) {
            Some(true) => Ok(Some("client")),
            Some(false) => Ok(None),
            None => Err(format!("error: Invalid dry-run value ({v}). Must be \"none\", \"server\", or \"client\".\n")),
        },
    }
}

/// `--validate` as cmdutil's GetValidationDirective reads it: the `fieldValidation` kubectl sends.
fn validation_directive(p: &flags::Parsed) -> Result<FieldValidation, String> {
    match p.get("validate").map(str::to_ascii_lowercase).as_deref() {
        None | Some("true") | Some("strict") => Ok(FieldValidation::Strict),
        Some("warn") => Ok(FieldValidation::Warn),
        Some("false") | Some("ignore") => Ok(FieldValidation::Ignore),
        Some(_) => Err(format!(
            "error: invalid - validate option {:?}; must be one of: strict (or true), warn, ignore (or false)\n",
            p.get("validate").unwrap_or("")
        )),
    }
}

/// Go's strconv.ParseBool.
fn go_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// klog's warning for a deprecated `--dry-run` spelling among `args`, if there is one: the text after its
/// `W0315 17:03:35.000000    4243 helpers.go:714] ` header (the caller adds the header).
pub(super) fn dry_run_warning(args: &[String]) -> Option<(u32, String)> {
    let mut found = None;
    for a in args.iter().take_while(|a| *a != "--") {
        if a == "--dry-run" {
            found = Some((714, "--dry-run is deprecated and can be replaced with --dry-run=client.".to_string()));
        } else if let Some(v) = a.strip_prefix("--dry-run=") {
            found = go_bool(v).map(|b| {
                let to = if b { "client" } else { "none" };
                (728, format!("--dry-run={v} is deprecated (boolean value) and can be replaced with --dry-run={to}."))
            });
        }
    }
    found
}

/// kubectl's printer suffix: ` (dry run)` for client, ` (server dry run)` for server.
pub(super) fn dry_suffix(d: &str) -> &'static str {
    if d == "server" {
        " (server dry run)"
    } else {
        " (dry run)"
    }
}

/// Puts the command's namespace on a namespaced object, or refuses a conflicting one as kubectl does.
fn set_namespace(obj: &mut Value, res: &Resource, ns: &str, explicit: bool) -> Result<(), String> {
    if !res.namespaced {
        return Ok(());
    }
    let current = obj.pointer("/metadata/namespace").and_then(Value::as_str).map(str::to_string);
    match current {
        Some(c) if explicit && c != ns => Err(format!(
            "error: the namespace from the provided object \"{c}\" does not match the namespace \"{ns}\". You must pass '--namespace={c}' to perform this operation.\n"
        )),
        Some(_) => Ok(()),
        None => {
            if let Some(m) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
                m.insert("namespace".into(), json!(ns));
            } else if let Some(o) = obj.as_object_mut() {
                o.insert("metadata".into(), json!({"namespace": ns}));
            }
            Ok(())
        }
    }
}

const APPLY_SPECS: &[Spec] = &[
    opt("filename", Some('f')),
    flag("recursive", Some('R')),
    flag("dry-run", None),
    opt("output", Some('o')),
    flag("server-side", None),
    flag("force", None),
    opt("validate", None),
    opt("field-manager", None),
    flag("save-config", None),
];

pub fn apply(s: &mut Session, args: &[String], stdin: Option<String>, replace: bool) -> Result<Io, String> {
    let verb = if replace { "replace" } else { "apply" };
    let p = flags::parse(verb, args, APPLY_SPECS)?;
    let files = p.all("filename");
    if files.is_empty() {
        return Err(if replace {
            "error: must specify --filename to replace\n".into()
        } else {
            "error: must specify one of -f and -k\n".into()
        });
    }
    if !p.args.is_empty() {
        return Err(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl {verb} -h' for help and examples\n",
            p.args.join(" ")
        ));
    }
    let dry = dry_run(&p)?;
    let fv = validation_directive(&p)?;
    super::create::check_output(p.get("output").unwrap_or(""))?;
    let ns = namespace(&p);
    let explicit_ns = p.get("namespace").is_some();
    let mut io = Io::default();
    for (source, objs) in read_filenames(s, &files, &stdin)? {
        for mut obj in objs {
            let res = match resource_of(&obj) {
                Ok(r) => r,
                Err(e) => {
                    io.err(e);
                    io.code = 1;
                    continue;
                }
            };
            set_namespace(&mut obj, res, &ns, explicit_ns)?;
            let name = name_of(&obj).to_string();
            let target_ns = obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
            let output = p.get("output").unwrap_or("");
            if let Some(d) = dry {
                let existed = s.cluster.get(res.kind, &target_ns, &name).is_ok();
                if !matches!(output, "" | "name") && !replace {
                    // what the apply would store: the server's dry run; a client dry run patches the live object
                    // itself (no server defaulting, so no new generation) or prints the annotated manifest
                    let shown = if d == "client" && !existed {
                        last_applied(obj)
                    } else {
                        let mut o = match s.cluster.apply_dry_run(obj) {
                            Ok((o, _)) => o,
                            Err(e) => {
                                io.err(super::api_err(&e));
                                io.code = 1;
                                continue;
                            }
                        };
                        if d == "client" {
                            let live = s.cluster.get(res.kind, &target_ns, &name).ok();
                            if let Some(g) = live.as_ref().and_then(|l| l.pointer("/metadata/generation")) {
                                o["metadata"]["generation"] = g.clone();
                            }
                        }
                        o
                    };
                    io.out(super::create::print(&shown, output, &res.kind_group(), Some(d))?);
                    continue;
                }
                let verb = if existed { "configured" } else { "created" };
                if output == "name" {
                    io.out(format!("{}/{name}\n", res.kind_group()));
                } else {
                    io.out(format!("{}/{name} {verb}{}\n", res.kind_group(), dry_suffix(d)));
                }
                continue;
            }
            // apply.go creates what does not exist yet, and a refused create reads "error when creating".
            let existed = s.cluster.get(res.kind, &target_ns, &name).is_ok();
            let r = if replace {
                s.cluster.update_as(obj, fv).map(|(o, w)| (o, ApplyOutcome::Configured, w))
            } else {
                s.cluster.apply_as(obj, fv)
            };
            match r {
                Ok((stored, outcome, warnings)) => {
                    for w in warnings {
                        io.err(format!("Warning: {w}\n"));
                    }
                    let word = match (replace, outcome) {
                        (true, _) => "replaced",
                        (_, ApplyOutcome::Created) => "created",
                        (_, ApplyOutcome::Configured) => "configured",
                        (_, ApplyOutcome::Unchanged) => "unchanged",
                    };
                    match p.get("output").unwrap_or("") {
                        "" => io.out(format!("{}/{name} {word}\n", res.kind_group())),
                        "name" => io.out(format!("{}/{name}\n", res.kind_group())),
                        o => io.out(super::create::print(&stored, o, &res.kind_group(), None)?),
                    }
                }
                Err(e) if e.reason == "Invalid" => {
                    io.err(super::api_err(&e));
                    io.code = 1;
                }
                Err(e) => {
                    let when = match (replace, !existed || e.code == 404 || e.reason == "AlreadyExists") {
                        (true, _) => "replacing",
                        (_, true) => "creating",
                        _ => "applying",
                    };
                    io.err(format!(
                        "Error from server ({}): error when {when} \"{source}\": {}\n",
                        e.reason, e.message
                    ));
                    io.code = 1;
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

/// The manifest with the last-applied annotation kubectl puts on it (CreateApplyAnnotation): what a client dry run
/// of `apply` prints for a new object.
fn last_applied(mut obj: Value) -> Value {
    const KEY: &str = "kubectl.kubernetes.io/last-applied-configuration";
    let md = obj.get_mut("metadata").and_then(Value::as_object_mut);
    let Some(md) = md else { return obj };
    let annotations = md.entry("annotations").or_insert_with(|| json!({}));
    if let Some(a) = annotations.as_object_mut() {
        a.remove(KEY);
    }
    let text = format!("{}\n", crate::cluster::api::sorted_json(&obj));
    obj["metadata"]["annotations"][KEY] = json!(text);
    obj
}

const CREATE_SPECS: &[Spec] = &[
    opt("filename", Some('f')),
    flag("dry-run", None),
    opt("output", Some('o')),
    opt("image", None),
    opt("replicas", Some('r')),
    opt("port", None),
    opt("from-literal", None),
    opt("from-file", None),
    opt("tcp", None),
    opt("type", None),
    flag("save-config", None),
    opt("validate", None),
];

pub fn create(s: &mut Session, args: &[String], stdin: Option<String>) -> Result<Io, String> {
    let p = flags::parse("create", args, CREATE_SPECS)?;
    let ns = namespace(&p);
    let dry = dry_run(&p)?;
    let fv = validation_directive(&p)?;
    let files = p.all("filename");
    // -o prints the object (the file's with a client dry run, the server's answer otherwise), not the sentence
    let output = p.get("output").unwrap_or("").to_string();
    super::create::check_output(&output)?;
    if !files.is_empty() {
        let mut io = Io::default();
        for (source, objs) in read_filenames(s, &files, &stdin)? {
            for mut obj in objs {
                let res = resource_of(&obj)?;
                set_namespace(&mut obj, res, &ns, p.get("namespace").is_some())?;
                if dry == Some("client") {
                    io.out(super::create::print(&obj, &output, &res.kind_group(), dry)?);
                    continue;
                }
                match s.cluster.create_as(obj, fv, dry.is_some()) {
                    Ok((created, warnings)) => {
                        for w in warnings {
                            io.err(format!("Warning: {w}\n"));
                        }
                        io.out(super::create::print(&created, &output, &res.kind_group(), dry)?)
                    }
                    Err(e) if e.reason == "Invalid" => {
                        io.err(super::api_err(&e));
                        io.code = 1;
                    }
                    Err(e) => {
                        io.err(format!(
                            "Error from server ({}): error when creating \"{source}\": {}\n",
                            e.reason, e.message
                        ));
                        io.code = 1;
                    }
                }
            }
        }
        s.cluster.settle();
        return Ok(io);
    }
    // The generators (`create deployment|service|...`) are create.rs; any other word is an argument `create` has none for.
    if p.args.is_empty() {
        return Err("error: must specify one of -f and -k\n".into());
    }
    Err(format!("error: Unexpected args: [{}]\nSee 'kubectl create -h' for help and examples\n", p.args.join(" ")))
}

const DELETE_SPECS: &[Spec] = &[
    opt("filename", Some('f')),
    opt("selector", Some('l')),
    flag("all", None),
    flag("all-namespaces", Some('A')),
    opt("cascade", None),
    flags::int("grace-period", None),
    flag("force", None),
    flag("now", None),
    opt("wait", None),
    opt("timeout", None),
    flag("ignore-not-found", None),
    flag("recursive", Some('R')),
    flag("dry-run", None),
    opt("output", Some('o')),
    opt("field-selector", None),
];

pub fn delete(s: &mut Session, args: &[String], stdin: Option<String>) -> Result<Io, String> {
    let p = flags::parse("delete", args, DELETE_SPECS)?;
    let ns = namespace(&p);
    let propagation = match p.get("cascade").unwrap_or("background") {
        "background" | "true" => Propagation::Background,
        "foreground" => Propagation::Foreground,
        "orphan" | "false" => Propagation::Orphan,
        other => {
            return Err(format!(
                "error: invalid cascade value ({other}). Must be \"background\", \"foreground\", or \"orphan\"\n"
            ))
        }
    };
    let force = p.has("force");
    let mut grace: Option<u64> = p.int("grace-period").and_then(|n| u64::try_from(n).ok());
    if p.has("now") {
        grace = Some(1);
    }
    if force && grace.is_none() {
        grace = Some(0);
    }
    if grace == Some(0) && !force {
        // kubectl turns --grace-period=0 without --force into 1s
        grace = Some(1);
    }
    let wait = p.get("wait").map(|w| w != "false").unwrap_or(true);
    let dry = dry_run(&p)?;

    // collect targets
    let mut targets: Vec<(&'static Resource, String, String)> = Vec::new();
    let mut io = Io::default();
    let files = p.all("filename");
    if !files.is_empty() {
        for (_, objs) in read_filenames(s, &files, &stdin)? {
            for obj in objs {
                let res = resource_of(&obj)?;
                let ons = obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(&ns).to_string();
                targets.push((res, ons, name_of(&obj).to_string()));
            }
        }
    } else {
        if p.args.is_empty() {
            return Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n".into());
        }
        let groups = resource_args(&p.args)?;
        let selector = match p.get("selector") {
            Some(l) => Some(Selector::parse(l)?),
            None => None,
        };
        for (res, names) in groups {
            if names.is_empty() {
                if selector.is_none() && !p.has("all") && p.get("field-selector").is_none() {
                    return Err("error: resource(s) were provided, but no name was specified\n".to_string());
                }
                let list_ns = if res.namespaced && !p.has("all-namespaces") { Some(ns.as_str()) } else { None };
                for o in s.cluster.list(res.kind, list_ns) {
                    if selector.as_ref().is_some_and(|sel| !sel.matches(&o)) {
                        continue;
                    }
                    if let Some(f) = p.get("field-selector") {
                        if !super::field_matches(f, &o)? {
                            continue;
                        }
                    }
                    targets.push((res, super::ns_of(&o).to_string(), name_of(&o).to_string()));
                }
            } else {
                for n in names {
                    targets.push((res, ns.clone(), n));
                }
            }
        }
        if targets.is_empty() && io.chunks.is_empty() {
            let msg = if p.has("all-namespaces") {
                "No resources found\n".to_string()
            } else {
                format!("No resources found in {ns} namespace.\n")
            };
            if !p.args.iter().any(|a| a.contains('/')) && !p.args.iter().skip(1).any(|_| true) {
                io.err(msg);
                return Ok(io);
            }
        }
    }
    if force {
        io.err("Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n");
    }
    let mut deleted: Vec<(&'static Resource, String, String, String)> = Vec::new();
    for (res, tns, name) in targets {
        if let Some(d) = dry {
            io.out(format!("{} \"{name}\" deleted{}\n", res.kind_group(), dry_suffix(d)));
            continue;
        }
        match s.cluster.delete(res.kind, &tns, &name, propagation, grace) {
            Ok(obj) => {
                let uid = obj.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or("").to_string();
                let word = if force { "force deleted" } else { "deleted" };
                // kubectl >= 1.34 names the namespace (kubectl pkg/cmd/delete/delete.go PrintObj)
                let suffix = if res.namespaced { format!(" from {tns} namespace") } else { String::new() };
                io.out(format!("{} \"{name}\" {word}{suffix}\n", res.kind_group()));
                deleted.push((res, tns, name, uid));
            }
            Err(e) if e.code == 404 => {
                if !p.has("ignore-not-found") {
                    io.err(not_found(res, &name));
                    io.code = 1;
                }
            }
            Err(e) => {
                io.err(api_err(&e));
                io.code = 1;
            }
        }
    }
    s.cluster.settle();
    // --wait (default): return once the objects are gone (kubectl delete_flags.go: wait defaults to true)
    if wait && !deleted.is_empty() && dry.is_none() && s.in_job() {
        // a job waits on the clock like its `sleep` (jobs.rs)
        let now = s.cluster.now();
        let targets = deleted.into_iter().map(|(r, n, name, uid)| (r.kind, n, name, uid)).collect();
        s.start_running(Running::Gone(Gone { targets, next_check: now, until: now + 600_000 }));
    } else if wait && !deleted.is_empty() && dry.is_none() {
        if s.to_terminal && s.depth == 0 && io.chunks.iter().all(|c| !c.0) {
            // kubectl prints each deletion before it waits (delete.go DeleteResult): a job's output during
            // the wait comes after it
            s.job_out.push_str(&std::mem::take(&mut io).stdout());
        }
        let budget = s.wait_budget(600_000);
        let mut spent = 0;
        // gone means: no object of that name with the deleted one's uid (a controller may recreate the name)
        let exists = |s: &Session, (r, n, name, uid): &(&Resource, String, String, String)| {
            s.cluster
                .get(r.kind, n, name)
                .is_ok_and(|o| o.pointer("/metadata/uid").and_then(Value::as_str) == Some(uid))
        };
        while spent < budget && deleted.iter().any(|d| exists(s, d)) {
            s.advance(500);
            spent += 500;
        }
        if spent >= budget && s.deadline.is_some() {
            io.code = 124;
        }
    }
    Ok(io)
}

pub fn scale(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "scale",
        args,
        &[
            flags::int("replicas", None),
            flags::int("current-replicas", None),
            opt("selector", Some('l')),
            flag("all", None),
            opt("filename", Some('f')),
            opt("timeout", None),
            flag("dry-run", None),
        ],
    )?;
    let dry = dry_run(&p)?;
    let Some(n) = p.int("replicas") else {
        return Err("error: required flag(s) \"replicas\" not set\n".into());
    };
    if n < 0 {
        return Err(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n".into()
        );
    }
    let ns = namespace(&p);
    let groups = resource_args(&p.args)?;
    if groups.is_empty() {
        return Err("error: required resource not specified\n".into());
    }
    let mut io = Io::default();
    for (res, names) in groups {
        if !matches!(res.kind, "StatefulSet" | "Deployment" | "ReplicaSet") {
            io.err(format!("error: no scaler has been implemented for {{\"{}\" \"{}\"}}\n", res.group, res.kind));
            io.code = 1;
            continue;
        }
        if names.is_empty() {
            return Err("error: resource(s) were provided, but no name was specified\n".into());
        }
        for name in names {
            if let Some(cur) = p.int("current-replicas") {
                let obj = s.cluster.get(res.kind, &ns, &name).map_err(|e| api_err(&e))?;
                let have = obj.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1);
                if cur != have {
                    io.err(format!("error: Expected replicas to be {cur}, was {have}\n"));
                    io.code = 1;
                    continue;
                }
            }
            // scale.go: a dry run prints what it would have scaled; the object (which the builder fetched, so a
            // missing one is NotFound as usual) is left as it is
            let done = match dry {
                Some(_) => s.cluster.get(res.kind, &ns, &name).map(drop),
                None => {
                    s.cluster.patch(res.kind, &ns, &name, &json!({"spec": {"replicas": n}}), PatchType::Merge).map(drop)
                }
            };
            match done {
                Ok(()) => io.out(format!("{}/{name} scaled{}\n", res.kind_group(), dry.map_or("", dry_suffix))),
                Err(e) if e.code == 404 => {
                    io.err(not_found(res, &name));
                    io.code = 1;
                }
                Err(e) => {
                    io.err(api_err(&e));
                    io.code = 1;
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

/// The parts of an object a patch can change that kubectl compares to say `(no change)`: the status only for a
/// patch of the status subresource (other status changes are the controllers' while the patch settles).
fn comparable(mut v: Value, status: bool) -> Value {
    if let Some(m) = v.get_mut("metadata").and_then(Value::as_object_mut) {
        for k in ["resourceVersion", "generation", "managedFields"] {
            m.remove(k);
        }
    }
    if let Some(m) = v.as_object_mut() {
        m.remove(if status { "spec" } else { "status" });
    }
    v
}

pub fn patch(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "patch",
        args,
        &[
            opt("patch", Some('p')),
            opt("patch-file", None),
            opt("type", None),
            opt("filename", Some('f')),
            flag("dry-run", None),
            opt("output", Some('o')),
            opt("subresource", None),
        ],
    )?;
    let ns = namespace(&p);
    let text = match (p.get("patch"), p.get("patch-file")) {
        (Some(t), _) => t.to_string(),
        (None, Some(f)) => String::from_utf8_lossy(
            &s.read_file(f)
                .map_err(|e| format!("error: unable to read patch file: open {f}: {}\n", e.to_lowercase()))?,
        )
        .into_owned(),
        _ => return Err("error: must specify --patch or --patch-file containing the contents of the patch\n".into()),
    };
    let ty = match p.get("type").unwrap_or("strategic") {
        "strategic" => PatchType::StrategicMerge,
        "merge" => PatchType::Merge,
        "json" => PatchType::Json,
        other => return Err(format!("error: --type must be one of [json merge strategic], not \"{other}\"\n")),
    };
    let patch: Value =
        crate::yaml::load(&text).map_err(|e| format!("error: unable to parse \"{text}\": {}\n", e.go))?;
    let groups = resource_args(&p.args)?;
    if groups.is_empty() || groups.iter().all(|(_, n)| n.is_empty()) {
        return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n".into());
    }
    let sub = p.get("subresource").unwrap_or("");
    let mut io = Io::default();
    for (res, names) in groups {
        for name in names {
            let before = match s.cluster.get(res.kind, &ns, &name) {
                Ok(o) => o,
                Err(e) if e.code == 404 => {
                    io.err(not_found(res, &name));
                    io.code = 1;
                    continue;
                }
                Err(e) => return Err(api_err(&e)),
            };
            // The scale subresource answers with an autoscaling/v1 Scale, which kubectl names.
            let (before, shown) = match sub {
                "scale" => (crate::cluster::api::scale_of(&before), "scale.autoscaling".to_string()),
                _ => (before, res.kind_group()),
            };
            match s.cluster.patch_subresource(res.kind, &ns, &name, &patch, ty, sub) {
                Ok(after) => {
                    let same = comparable(before, sub == "status") == comparable(after, sub == "status");
                    let note = if same { " (no change)" } else { "" };
                    io.out(format!("{shown}/{name} patched{note}\n"));
                }
                Err(e) => {
                    io.err(api_err(&e));
                    io.code = 1;
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

/// `kubectl label` and `kubectl annotate`: `k=v` sets, `k-` removes; an existing value needs `--overwrite`.
pub fn label(s: &mut Session, args: &[String], verb: &str) -> Result<Io, String> {
    let p = flags::parse(
        verb,
        args,
        &[
            flag("overwrite", None),
            opt("selector", Some('l')),
            flag("all", None),
            flag("list", None),
            flag("dry-run", None),
            opt("resource-version", None),
        ],
    )?;
    let ns = namespace(&p);
    let field = if verb == "label" { "labels" } else { "annotations" };
    let past = if verb == "label" { "labeled" } else { "annotated" };
    let (changes, targets): (Vec<String>, Vec<String>) =
        p.args.iter().cloned().partition(|a| a.contains('=') || (a.ends_with('-') && !a.contains('/')));
    if targets.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n".into());
    }
    if changes.is_empty() {
        return Err(format!(
            "error: at least one {} update is required\n",
            if verb == "label" { "label" } else { "annotation" }
        ));
    }
    let groups = resource_args(&targets)?;
    let selector = match p.get("selector") {
        Some(l) => Some(Selector::parse(l)?),
        None => None,
    };
    let mut io = Io::default();
    for (res, names) in groups {
        let objs: Vec<Value> = if names.is_empty() {
            s.cluster
                .list(res.kind, if res.namespaced { Some(ns.as_str()) } else { None })
                .into_iter()
                .filter(|o| selector.as_ref().is_none_or(|sel| sel.matches(o)))
                .collect()
        } else {
            let mut v = Vec::new();
            for n in &names {
                match s.cluster.get(res.kind, &ns, n) {
                    Ok(o) => v.push(o),
                    Err(e) if e.code == 404 => {
                        io.err(not_found(res, n));
                        io.code = 1;
                    }
                    Err(e) => return Err(api_err(&e)),
                }
            }
            v
        };
        for obj in objs {
            let name = name_of(&obj).to_string();
            let current = obj.pointer(&format!("/metadata/{field}")).cloned().unwrap_or(json!({}));
            let mut patch = serde_json::Map::new();
            let mut removed_only = true;
            let mut refused = false;
            for c in &changes {
                if let Some(k) = c.strip_suffix('-').filter(|_| !c.contains('=')) {
                    patch.insert(k.to_string(), Value::Null);
                } else if let Some((k, v)) = c.split_once('=') {
                    removed_only = false;
                    if let Some(old) = current.get(k).and_then(Value::as_str) {
                        if old != v && !p.has("overwrite") {
                            io.err(format!("error: '{k}' already has a value ({old}), and --overwrite is false\n"));
                            io.code = 1;
                            refused = true;
                            break;
                        }
                    }
                    patch.insert(k.to_string(), json!(v));
                }
            }
            if refused {
                continue;
            }
            let body = json!({"metadata": {field: patch}});
            match s.cluster.patch(res.kind, &ns, &name, &body, PatchType::Merge) {
                Ok(after) => {
                    let word = if comparable(obj, false) == comparable(after, false) {
                        "not labeled".replace("labeled", past)
                    } else if removed_only && verb == "label" {
                        "unlabeled".to_string()
                    } else {
                        past.to_string()
                    };
                    io.out(format!("{}/{name} {word}\n", res.kind_group()));
                }
                Err(e) => {
                    io.err(api_err(&e));
                    io.code = 1;
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

/// `kubectl set image KIND/NAME CONTAINER=IMAGE...`.
pub fn set(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let Some(sub) = args.first() else {
        return Err("error: Usage: kubectl set SUBCOMMAND\nAvailable: image\n".into());
    };
    if sub != "image" {
        return Err(format!("error: unknown command \"{sub}\" for \"kubectl set\" (only `set image` is simulated)\n"));
    }
    let p = flags::parse(
        "set image",
        &args[1..],
        &[
            flag("all", None),
            opt("selector", Some('l')),
            flag("local", None),
            flag("dry-run", None),
            opt("output", Some('o')),
        ],
    )?;
    let ns = namespace(&p);
    let (pairs, targets): (Vec<String>, Vec<String>) = p.args.iter().cloned().partition(|a| a.contains('='));
    if pairs.is_empty() || targets.is_empty() {
        return Err("error: resources and container/image pairs must be specified\n".into());
    }
    let mut io = Io::default();
    for (res, names) in resource_args(&targets)? {
        for name in names {
            let mut obj = s.cluster.get(res.kind, &ns, &name).map_err(|e| {
                if e.code == 404 {
                    not_found(res, &name)
                } else {
                    api_err(&e)
                }
            })?;
            let ptr = if res.kind == "Pod" { "/spec/containers" } else { "/spec/template/spec/containers" };
            let containers = obj
                .pointer_mut(ptr)
                .and_then(Value::as_array_mut)
                .ok_or_else(|| format!("error: {}/{name} has no pod template\n", res.kind_group()))?;
            for pair in &pairs {
                let (c, image) = pair.split_once('=').unwrap_or((pair, ""));
                let mut hit = false;
                for cont in containers.iter_mut() {
                    if c == "*" || cont.get("name").and_then(Value::as_str) == Some(c) {
                        cont["image"] = json!(image);
                        hit = true;
                    }
                }
                if !hit {
                    return Err(format!("error: unable to find container named \"{c}\"\n"));
                }
            }
            match s.cluster.update(obj) {
                Ok(_) => io.out(format!("{}/{name} image updated\n", res.kind_group())),
                Err(e) => {
                    io.err(api_err(&e));
                    io.code = 1;
                }
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

#[allow(dead_code)]
fn kind_of(name: &str) -> Result<&'static Resource, String> {
    resource(name)
}
