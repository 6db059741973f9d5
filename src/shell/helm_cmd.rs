//! `helm` against the simulated cluster. Rendering is `crate::helm::render`; releases are stored as Helm 3/4
//! does, in Secrets `sh.helm.release.v1.NAME.vN` (type `helm.sh/release.v1`, labels name/owner/status/version,
//! `data.release` = base64 of the base64 release JSON; Helm also gzips it, and reads ungzipped data too).

use std::collections::BTreeMap;

use crate::json;
use serde_json::Value;

use super::kubectl::flags::{self, flag, opt, Spec};
use super::printers::{format_ansic, format_go_time};
use super::{helm_create, helm_hooks, helm_package};
use super::{Io, Session};
use crate::cluster::Propagation;
use crate::helm::gofmt::quote as go_quote;

const SPECS: &[Spec] = &[
    opt("values", Some('f')),
    opt("set", None),
    opt("set-string", None),
    opt("set-json", None),
    opt("set-file", None),
    opt("set-literal", None),
    // `--dry-run` alone means client; a value needs `--dry-run=server` (pflag NoOptDefVal)
    flag("dry-run", None),
    flag("debug", None),
    flag("install", Some('i')),
    flag("wait", None),
    flag("atomic", None),
    flag("rollback-on-failure", None),
    flag("no-hooks", None),
    flag("logs", None),
    flag("create-namespace", None),
    flag("reuse-values", None),
    flag("reset-values", None),
    flag("generate-name", Some('g')),
    opt("timeout", None),
    opt("output", Some('o')),
    flag("all", Some('a')),
    flag("all-namespaces", Some('A')),
    opt("revision", None),
    opt("show-only", Some('s')),
    opt("version", None),
    flag("keep-history", None),
    opt("max", None),
    opt("repo", None),
    opt("starter", Some('p')),
    opt("template", None),
    flag("short", None),
    flag("force-update", None),
    opt("destination", Some('d')),
    opt("app-version", None),
    flag("dependency-update", Some('u')),
    flag("sign", None),
    opt("key", None),
    opt("keyring", None),
    flag("untar", None),
    opt("untardir", None),
];

fn helm_flag_error(e: String) -> String {
    // kubectl's wording from the shared parser → cobra's as helm prints it
    let first = e.lines().next().unwrap_or("").trim_start_matches("error: ");
    format!("Error: {first}\n")
}

fn now(s: &Session) -> i64 {
    crate::cluster::EPOCH_UNIX * 1000 + s.cluster.now() as i64
}

pub fn run(s: &mut Session, args: &[String]) -> Io {
    let Some(cmd) = args.first() else {
        return Io::ok(HELP);
    };
    let rest = &args[1..];
    let p = match flags::parse(cmd, rest, SPECS) {
        Ok(p) => p,
        Err(e) => return Io::fail(1, helm_flag_error(e)),
    };
    let r = match cmd.as_str() {
        "install" => install(s, &p, false),
        "upgrade" => install(s, &p, true),
        "uninstall" | "delete" | "un" | "del" => uninstall(s, &p),
        "list" | "ls" => list(s, &p),
        "status" => status(s, &p),
        "history" | "hist" => history(s, &p),
        "rollback" => rollback(s, &p),
        "get" => get(s, &p),
        "template" => template(s, &p),
        "show" | "inspect" => show(s, &p),
        "lint" => lint(s, &p),
        "test" => test(s, &p),
        "version" => helm_create::version(&p),
        "create" => helm_create::create(s, &p),
        "package" => helm_package::package(s, &p),
        "dependency" | "dep" | "dependencies" => helm_package::dependency(s, &p),
        "pull" | "fetch" => helm_package::pull(&p),
        "repo" => helm_create::repo(&p),
        "search" => helm_create::search(&p),
        "help" | "--help" | "-h" => Ok(Io::ok(HELP)),
        other => Err(format!("Error: unknown command \"{other}\" for \"helm\"\nRun 'helm --help' for usage.\n")),
    };
    match r {
        Ok(io) => io,
        Err(e) => Io::fail(1, e),
    }
}

const HELP: &str = "The Kubernetes package manager

Usage:
  helm [command]

Available Commands:
  create      create a new chart with the given name
  dependency  manage a chart's dependencies
  get         download extended information of a named release
  history     fetch release history
  install     install a chart
  lint        examine a chart for possible issues
  list        list releases
  package     package a chart directory into a chart archive
  pull        download a chart from a repository and (optionally) unpack it in local directory
  repo        add, list, remove, update, and index chart repositories
  rollback    roll back a release to a previous revision
  search      search for a keyword in charts
  show        show information of a chart
  status      display the status of the named release
  template    locally render templates
  uninstall   uninstall a release
  upgrade     upgrade a release
  version     print the helm version information

Use \"helm [command] --help\" for more information about a command.
";

fn ns(p: &flags::Parsed) -> String {
    p.get("namespace").unwrap_or("default").to_string()
}

/// A stored release, as the JSON inside the release Secret.
fn load_releases(s: &Session, ns: &str, name: &str) -> Vec<Value> {
    let mut out: Vec<Value> = s
        .cluster
        .list("Secret", Some(ns))
        .into_iter()
        .filter(|sec| {
            sec.get("type").and_then(Value::as_str) == Some("helm.sh/release.v1")
                && sec.pointer("/metadata/labels/name").and_then(Value::as_str) == Some(name)
        })
        .filter_map(|sec| {
            let data = sec.pointer("/data/release")?.as_str()?;
            let inner = crate::base64::decode(data)?;
            let json = crate::base64::decode(std::str::from_utf8(&inner).ok()?)?;
            serde_json::from_slice::<Value>(&json).ok()
        })
        .collect();
    crate::sort::sort_by_key(&mut out, |r| r.get("version").and_then(Value::as_i64).unwrap_or(0));
    out
}

fn all_release_names(s: &Session, ns: Option<&str>) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = s
        .cluster
        .list("Secret", ns)
        .into_iter()
        .filter(|sec| sec.get("type").and_then(Value::as_str) == Some("helm.sh/release.v1"))
        .filter_map(|sec| {
            Some((
                sec.pointer("/metadata/namespace")?.as_str()?.to_string(),
                sec.pointer("/metadata/labels/name")?.as_str()?.to_string(),
            ))
        })
        .collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
}

fn store_release(s: &mut Session, rel: &Value) -> Result<(), String> {
    let name = rel["name"].as_str().unwrap_or("");
    let ns = rel["namespace"].as_str().unwrap_or("default");
    let version = rel["version"].as_i64().unwrap_or(1);
    let status = rel.pointer("/info/status").and_then(Value::as_str).unwrap_or("");
    let payload = crate::base64::encode(serde_json::to_string(rel).unwrap_or_default().as_bytes());
    let secret = json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": format!("sh.helm.release.v1.{name}.v{version}"),
            "namespace": ns,
            "labels": {"name": name, "owner": "helm", "status": status, "version": version.to_string()},
        },
        "type": "helm.sh/release.v1",
        "data": {"release": crate::base64::encode(payload.as_bytes())},
    });
    let key = format!("sh.helm.release.v1.{name}.v{version}");
    if s.cluster.get("Secret", ns, &key).is_ok() {
        s.cluster.update(secret).map_err(|e| format!("Error: {}\n", e.message))?;
    } else {
        s.cluster.create(secret).map_err(|e| format!("Error: {}\n", e.message))?;
    }
    Ok(())
}

struct Inputs {
    values_files: Vec<String>,
    sets: Vec<(crate::helm::values::SetKind, String)>,
    user_values: Value,
}

/// Every `--set*` flag's arguments, by kind.
fn set_args(p: &flags::Parsed) -> Vec<(crate::helm::values::SetKind, String)> {
    let kinds = crate::helm::values::SetKind::ALL;
    kinds.iter().flat_map(|k| p.all(&k.flag()[2..]).into_iter().map(move |x| (*k, x))).collect()
}

/// `--set-file`'s reader over the session's files, with Go's error texts.
fn session_reader(s: &Session) -> impl Fn(&str) -> Result<String, String> + '_ {
    move |path: &str| match s.read_file(path) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(_) if s.is_dir(path) => Err(format!("read {path}: is a directory")),
        Err(_) => Err(format!("open {path}: no such file or directory")),
    }
}

fn inputs(s: &Session, p: &flags::Parsed, base: Option<&Value>) -> Result<Inputs, String> {
    let mut values_files = Vec::new();
    let mut named = Vec::new();
    for f in p.all("values") {
        let b = s.read_file(&f).map_err(|_| format!("open {f}: no such file or directory"))?;
        let text = String::from_utf8_lossy(&b).into_owned();
        named.push((f.clone(), text.clone()));
        values_files.push(text);
    }
    let sets = set_args(p);
    // Helm's own user-values builder (files, then the --set* kinds), over the reused values if any
    let mut user = match base {
        Some(Value::Object(m)) => m.clone(),
        _ => serde_json::Map::new(),
    };
    let given = crate::helm::values::user_values_with(&named, &sets, &session_reader(s))?;
    user = crate::helm::values::merge_maps(user, given);
    Ok(Inputs { values_files, sets, user_values: Value::Object(user) })
}

/// `--debug`'s value sections: what the user gave and what the chart computed from it.
fn debug_values(files: &crate::charts::ChartFiles, user: &Value) -> String {
    let user_map = user.as_object().cloned().unwrap_or_default();
    let defaults = files
        .get("values.yaml")
        .and_then(|b| crate::helm::values::load_values(&String::from_utf8_lossy(b)).ok())
        .unwrap_or_default();
    let computed = crate::helm::values::coalesce(&defaults, user_map.clone());
    format!(
        "USER-SUPPLIED VALUES:\n{}\nCOMPUTED VALUES:\n{}\n",
        crate::yaml::to_yaml(&Value::Object(user_map)),
        crate::yaml::to_yaml(&Value::Object(computed))
    )
}

/// The chart at `path` in the session's files; otherwise Helm's reason, with the `--repo` and `--version` given.
fn chart_files(s: &Session, p: &flags::Parsed, path: &str) -> Result<crate::charts::ChartFiles, String> {
    if !s.is_dir(path) || s.read_file(path).is_ok() {
        return Err(crate::helm::locate_error(path, p.get("repo"), p.get("version")));
    }
    let files = s.dir_files(path);
    if !files.contains_key("Chart.yaml") {
        let abs = super::helm_create::absolute(s, path);
        return Err(format!(
            "unable to detect chart at {abs}/Chart.yaml: open {abs}/Chart.yaml: no such file or directory"
        ));
    }
    Ok(files)
}

fn chart_meta(files: &crate::charts::ChartFiles) -> Value {
    let text = files.get("Chart.yaml").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    crate::yaml::load(&text).unwrap_or(json!({}))
}

fn resource_string(obj: &Value) -> String {
    format!(
        "{} {:?} in namespace {:?}",
        obj.get("kind").and_then(Value::as_str).unwrap_or(""),
        obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or(""),
        obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("")
    )
}

/// helm pkg/action validate.go `checkOwnership`.
fn check_ownership(existing: &Value, release: &str, ns: &str) -> Result<(), String> {
    fn require(m: Option<&Value>, k: &str, v: &str) -> Result<(), String> {
        match m.and_then(|m| m.get(k)).and_then(Value::as_str) {
            None => Err(format!("missing key {k:?}: must be set to {v:?}")),
            Some(a) if a != v => Err(format!("key {k:?} must equal {v:?}: current value is {a:?}")),
            _ => Ok(()),
        }
    }
    let labels = existing.pointer("/metadata/labels");
    let ann = existing.pointer("/metadata/annotations");
    let mut errs = Vec::new();
    if let Err(e) = require(labels, "app.kubernetes.io/managed-by", "Helm") {
        errs.push(format!("label validation error: {e}"));
    }
    if let Err(e) = require(ann, "meta.helm.sh/release-name", release) {
        errs.push(format!("annotation validation error: {e}"));
    }
    if let Err(e) = require(ann, "meta.helm.sh/release-namespace", ns) {
        errs.push(format!("annotation validation error: {e}"));
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(format!("invalid ownership metadata; {}", errs.join("; ")))
    }
}

fn manifest_objects(text: &str, ns: &str) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for doc in crate::yaml::split_documents(text)? {
        let v = crate::yaml::load(&doc.text).map_err(|e| e.go)?;
        if let Value::Object(mut m) = v {
            let kind = m.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
            let meta = m.entry("metadata").or_insert_with(|| json!({}));
            if let Some(md) = meta.as_object_mut() {
                let namespaced = crate::shell::kinds::by_kind(&kind).is_none_or(|r| r.namespaced);
                if namespaced && !md.contains_key("namespace") {
                    md.insert("namespace".into(), json!(ns));
                }
            }
            out.push(Value::Object(m));
        }
    }
    Ok(out)
}

fn annotate_owner(obj: &mut Value, release: &str, ns: &str) {
    let md = obj.as_object_mut().and_then(|m| m.get_mut("metadata")).and_then(Value::as_object_mut);
    if let Some(md) = md {
        let ann = md.entry("annotations").or_insert_with(|| json!({}));
        if let Some(a) = ann.as_object_mut() {
            a.insert("meta.helm.sh/release-name".into(), json!(release));
            a.insert("meta.helm.sh/release-namespace".into(), json!(ns));
        }
    }
}

fn join_manifests(ms: &[crate::helm::Manifest]) -> String {
    ms.iter().map(|m| format!("---\n# Source: {}\n{}\n", m.source, m.text.trim_end_matches('\n'))).collect()
}

fn status_block(rel: &Value, resources: Option<String>) -> String {
    let ts = rel.pointer("/info/last_deployed").and_then(Value::as_i64).unwrap_or(0);
    let mut out = format!(
        "NAME: {}\nLAST DEPLOYED: {}\nNAMESPACE: {}\nSTATUS: {}\nREVISION: {}\nDESCRIPTION: {}\n",
        rel["name"].as_str().unwrap_or(""),
        format_ansic(ts),
        rel["namespace"].as_str().unwrap_or(""),
        rel.pointer("/info/status").and_then(Value::as_str).unwrap_or(""),
        rel["version"].as_i64().unwrap_or(0),
        rel.pointer("/info/description").and_then(Value::as_str).unwrap_or(""),
    );
    if let Some(r) = resources.filter(|r| !r.is_empty()) {
        out.push_str(&format!("RESOURCES:\n{r}\n"));
    }
    let has_tests = rel["hooks"].as_array().is_some_and(|h| h.iter().any(|x| x["test"].as_bool() == Some(true)));
    if !has_tests {
        out.push_str("TEST SUITE: None\n");
    }
    out.push_str(&helm_hooks::test_suite(rel));
    if let Some(n) = rel.pointer("/info/notes").and_then(Value::as_str).filter(|n| !n.trim().is_empty()) {
        out.push_str(&format!("NOTES:\n{}\n", n.trim()));
    }
    out
}

fn install(s: &mut Session, p: &flags::Parsed, upgrade: bool) -> Result<Io, String> {
    let mut io = Io::default();
    if let Err(e) = install_into(s, p, upgrade, &mut io) {
        io.err(e);
        io.code = 1;
    }
    Ok(io)
}

fn install_into(s: &mut Session, p: &flags::Parsed, upgrade: bool, io: &mut Io) -> Result<(), String> {
    let verb = if upgrade { "upgrade" } else { "install" };
    if p.has("atomic") {
        io.err("Flag --atomic has been deprecated, use --rollback-on-failure instead\n");
    }
    let timeout = timeout_of(p)?;
    let mut args = p.args.clone();
    if !upgrade && p.has("generate-name") && args.len() == 1 {
        args.insert(0, format!("{}-{}", chart_name_guess(&args[0]), 1_742_058_215 + s.cluster.now() / 1000));
    }
    let usage = if upgrade { "helm upgrade [RELEASE] [CHART] [flags]" } else { "helm install [NAME] [CHART] [flags]" };
    if args.is_empty() || (upgrade && args.len() < 2) {
        let need = if upgrade { 2 } else { 1 };
        return Err(format!(
            "Error: \"helm {verb}\" requires {} argument{}\n\nUsage:  {usage}\n",
            if upgrade { "exactly 2".to_string() } else { format!("at least {need}") },
            if need == 1 { "" } else { "s" }
        ));
    }
    if args.len() == 1 {
        return Err("Error: INSTALLATION FAILED: must either provide a name or specify --generate-name\n".into());
    }
    if args.len() > 2 {
        return Err(format!("Error: \"helm {verb}\" accepts at most 2 arguments\n\nUsage:  {usage}\n"));
    }
    let (name, chart_path) = (args[0].clone(), args[1].clone());
    let namespace = ns(p);
    let dry = p.get("dry-run").filter(|d| *d != "false" && *d != "none").map(str::to_string);
    let history = load_releases(s, &namespace, &name);
    let last = history.last().cloned();
    let is_upgrade = upgrade
        && last.as_ref().is_some_and(|r| r.pointer("/info/status").and_then(Value::as_str) != Some("uninstalled"));
    // Where Helm wraps an error (pkg/cmd/install.go, upgrade.go): `helm install` wraps everything after its
    // arguments in INSTALLATION FAILED; `helm upgrade` only what its action's Run returns, after the chart and
    // values are read; `upgrade --install` of a new release returns the install's errors as they are.
    let installs_instead = upgrade && !is_upgrade && p.has("install");
    let fail_prefix = match (upgrade, installs_instead) {
        (false, _) => "INSTALLATION FAILED: ",
        (true, true) => "",
        (true, false) => "UPGRADE FAILED: ",
    };
    let pre_prefix = if upgrade { "" } else { fail_prefix };
    if installs_instead {
        io.out(format!("Release \"{name}\" does not exist. Installing it now.\n"));
    }
    let files = chart_files(s, p, &chart_path).map_err(|e| format!("Error: {pre_prefix}{e}\n"))?;
    if p.has("debug") {
        // Helm 4 logs these through slog on standard error
        let home = s.env("HOME").unwrap_or("/home/learner").to_string();
        let abs = if chart_path.starts_with('/') {
            chart_path.clone()
        } else {
            format!("{home}/{}", chart_path.trim_start_matches("./").trim_end_matches('/'))
        };
        let chart_name = chart_meta(&files)["name"].as_str().unwrap_or("").to_string();
        io.err(format!(
            "level=DEBUG msg=\"Original chart version\" version=\"\"\nlevel=DEBUG msg=\"Chart path\" path={abs}\nlevel=DEBUG msg=\"number of dependencies in the chart\" chart={chart_name} dependencies=0\n"
        ));
    }
    let base = if p.has("reuse-values") { last.as_ref().map(|r| r["config"].clone()) } else { None };
    let inp = inputs(s, p, base.as_ref()).map_err(|e| format!("Error: {pre_prefix}{e}\n"))?;
    // The action's own checks come after the chart and values are read.
    if upgrade && !is_upgrade && !installs_instead {
        return Err(format!("Error: UPGRADE FAILED: \"{name}\" has no deployed releases\n"));
    }
    if !upgrade
        && last.as_ref().is_some_and(|r| r.pointer("/info/status").and_then(Value::as_str) != Some("uninstalled"))
    {
        return Err("Error: INSTALLATION FAILED: cannot re-use a name that is still in use\n".into());
    }
    let revision = history.last().and_then(|r| r["version"].as_i64()).unwrap_or(0) + 1;
    let mut values_files = Vec::new();
    if let Some(b) = &base {
        values_files.push(crate::shell::yamlout::to_yaml(b));
    }
    values_files.extend(inp.values_files.clone());
    let req = crate::helm::RenderRequest {
        chart: &files,
        values_files,
        sets: inp.sets.clone(),
        release: crate::helm::Release {
            name: name.clone(),
            namespace: namespace.clone(),
            revision: revision as u32,
            is_upgrade,
        },
    };
    let names: Vec<String> = (1..=req.values_files.len()).map(|i| format!("values-{i}.yaml")).collect();
    let rendered = crate::helm::render_with(&req, &names, &session_reader(s)).map_err(|e| {
        let e = e.trim_end().trim_start_matches("Error: ");
        format!("Error: {fail_prefix}{e}\n")
    })?;
    let manifest = join_manifests(&rendered.manifests);
    let meta = chart_meta(&files);
    let hooks: Vec<Value> = rendered
        .hooks
        .iter()
        .map(|h| json!({"path": h.source, "manifest": h.text, "test": h.text.contains("helm.sh/hook\": test") || h.text.contains("helm.sh/hook: test")}))
        .collect();
    let mut rel = json!({
        "name": name,
        "namespace": namespace,
        "version": revision,
        "info": {
            "first_deployed": last.as_ref().and_then(|r| r.pointer("/info/first_deployed").cloned()).unwrap_or(json!(now(s))),
            "last_deployed": now(s),
            "status": if dry.is_some() { if is_upgrade { "pending-upgrade" } else { "pending-install" } } else { "deployed" },
            "description": if dry.is_some() { "Dry run complete" } else if is_upgrade { "Upgrade complete" } else { "Install complete" },
            "notes": rendered.notes.clone().unwrap_or_default(),
        },
        "chart": {"metadata": {"name": meta["name"], "version": meta["version"], "appVersion": meta["appVersion"]}},
        "config": inp.user_values,
        "manifest": manifest,
        "hooks": hooks,
    });
    if dry.is_some() {
        let mut out = status_block(&rel, None);
        // helm prints DESCRIPTION, HOOKS and MANIFEST for a dry run, then the notes
        let notes_at = out.find("NOTES:\n").unwrap_or(out.len());
        let tail = out.split_off(notes_at);
        out = out.replace("TEST SUITE: None\n", "");
        if p.has("debug") {
            out.push_str(&debug_values(&files, &rel["config"]));
        }
        out.push_str("HOOKS:\n");
        out.push_str(&join_manifests(&rendered.hooks));
        out.push_str("MANIFEST:\n");
        out.push_str(&manifest);
        out.push('\n');
        out.push_str(&tail);
        io.out(out);
        return Ok(());
    }
    if s.cluster.get("Namespace", "", &namespace).is_err() {
        if !p.has("create-namespace") {
            return Err(format!(
                "Error: {fail_prefix}create: failed to create: namespaces \"{namespace}\" not found\n"
            ));
        }
        let ns_obj = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}});
        s.cluster.create(ns_obj).map_err(|e| format!("Error: {fail_prefix}{}\n", e.message))?;
    }
    let objs = manifest_objects(&manifest, &namespace).map_err(|e| format!("Error: {fail_prefix}{e}\n"))?;
    // ownership check before anything is created (helm action.existingResourceConflict)
    let old_objs = if is_upgrade {
        manifest_objects(last.as_ref().and_then(|r| r["manifest"].as_str()).unwrap_or(""), &namespace)
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    for o in &objs {
        let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
        let n = o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
        let ons = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
        if let Ok(existing) = s.cluster.get(kind, ons, n) {
            let ours = old_objs
                .iter()
                .any(|x| x.get("kind") == o.get("kind") && x.pointer("/metadata/name") == o.pointer("/metadata/name"));
            if !ours {
                if let Err(e) = check_ownership(&existing, &name, &namespace) {
                    let what =
                        if is_upgrade { "Unable to continue with update" } else { "Unable to continue with install" };
                    return Err(format!(
                        "Error: {fail_prefix}{what}: {} exists and cannot be imported into the current release: {e}\n",
                        resource_string(o)
                    ));
                }
            }
        }
    }
    let (pre, post) = if is_upgrade { ("pre-upgrade", "post-upgrade") } else { ("pre-install", "post-install") };
    if !p.has("no-hooks") {
        if let Err(e) = helm_hooks::run(s, &mut rel, pre, timeout) {
            return Err(release_failed(s, &mut rel, is_upgrade, &format!("failed {pre}: {e}"), fail_prefix));
        }
    }
    for mut o in objs.clone() {
        annotate_owner(&mut o, &name, &namespace);
        let kind = o.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
        let n = o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        let ons = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        let api_version = o.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
        let existed = s.cluster.get(&kind, &ons, &n).is_ok();
        let r = if existed { s.cluster.update(o) } else { s.cluster.create(o) };
        if let Err(e) = r {
            // Helm 4 applies server-side (pkg/kube/client.go patchResourceServerSide) and names the object by
            // its GroupVersionKind; an upgrade's new object fails in `update` as "failed to create resource"
            let (group, version) = api_version.rsplit_once('/').unwrap_or(("", &api_version));
            let mut what =
                format!("server-side apply failed for object {ons}/{n} {group}/{version}, Kind={kind}: {}", e.message);
            if is_upgrade && !existed {
                what = format!("failed to create resource: {what}");
            }
            rel["info"]["status"] = json!("failed");
            let verb = if is_upgrade { "Upgrade" } else { "Release" };
            rel["info"]["description"] = json!(format!("{verb} \"{name}\" failed: {what}"));
            let _ = store_release(s, &rel);
            // upgrade.go's failRelease logs through slog's text handler before the command prints the error
            let warn = if is_upgrade {
                format!("level=WARN msg=\"upgrade failed\" name={name} error={}\n", crate::helm::gofmt::quote(&what))
            } else {
                String::new()
            };
            return Err(format!("{warn}Error: {fail_prefix}{what}\n"));
        }
    }
    // resources the new revision no longer renders are deleted
    for o in &old_objs {
        if !objs
            .iter()
            .any(|x| x.get("kind") == o.get("kind") && x.pointer("/metadata/name") == o.pointer("/metadata/name"))
        {
            let _ = s.cluster.delete(
                o.get("kind").and_then(Value::as_str).unwrap_or(""),
                o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(""),
                o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or(""),
                Propagation::Background,
                None,
            );
        }
    }
    if let Some(prev) = last.as_ref().filter(|_| is_upgrade) {
        let mut prev = prev.clone();
        prev["info"]["status"] = json!("superseded");
        store_release(s, &prev)?;
    }
    store_release(s, &rel)?;
    s.cluster.settle();
    let rollback_on_failure = p.has("atomic") || p.has("rollback-on-failure");
    let mut failure = None;
    if p.has("wait") || rollback_on_failure {
        let budget = s.wait_budget(timeout);
        failure = helm_hooks::wait_ready(s, &objs, budget).err();
    }
    if failure.is_none() && !p.has("no-hooks") {
        failure = helm_hooks::run(s, &mut rel, post, timeout).err().map(|e| format!("failed {post}: {e}"));
        store_release(s, &rel)?;
    }
    if let Some(e) = failure {
        let plain = release_failed(s, &mut rel, is_upgrade, &e, fail_prefix);
        if !rollback_on_failure {
            return Err(plain);
        }
        if !is_upgrade {
            remove_release(s, &namespace, &name);
            return Err(format!(
                "Error: {fail_prefix}release {name} failed, and has been uninstalled due to rollback-on-failure being set: {e}\n"
            ));
        }
        let prev = history.iter().rev().find(|r| r.pointer("/info/status").and_then(Value::as_str) != Some("failed"));
        let prev_v = prev.and_then(|r| r["version"].as_i64()).unwrap_or(0);
        let rolled = rollback_to(s, &namespace, &name, prev_v).and_then(|(rel2, objs2)| {
            let mut rel2 = rel2;
            let budget = s.wait_budget(timeout);
            match helm_hooks::wait_ready(s, &objs2, budget) {
                Ok(()) => Ok(()),
                Err(e2) => {
                    rel2["info"]["status"] = json!("failed");
                    rel2["info"]["description"] = json!(format!("Release \"{name}\" failed: {e2}"));
                    store_release(s, &rel2)?;
                    Err(format!("release {name} failed: {e2}"))
                }
            }
        });
        return Err(upgrade_warning(true, &name, &e)
            + &match rolled {
            Ok(()) => format!(
                "Error: {fail_prefix}release {name} failed, and has been rolled back due to rollback-on-failure being set: {e}\n"
            ),
            Err(e2) => format!(
                "Error: {fail_prefix}an error occurred while rolling back the release. original upgrade error: {e}: {}\n",
                e2.trim_start_matches("Error: ").trim_end()
            ),
        });
    }
    if is_upgrade {
        io.out(format!("Release \"{name}\" has been upgraded. Happy Helming!\n"));
    }
    io.out(status_block(&rel, None));
    Ok(())
}

fn chart_name_guess(path: &str) -> String {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or("chart").to_string()
}

/// A multi-line description in `helm history`'s table: its first line, ending in `...` (what real Helm 4.3
/// showed for a failed `--wait`, whose error carries "\ncontext deadline exceeded").
fn one_line(desc: &str) -> String {
    match desc.split_once('\n') {
        Some((first, _)) => {
            let keep = first.chars().count().saturating_sub(3);
            format!("{}...", first.chars().take(keep).collect::<String>())
        }
        None => desc.to_string(),
    }
}

/// Helm's `--timeout` (default 5m0s), refused in pflag's words when it is not a Go duration.
fn timeout_of(p: &flags::Parsed) -> Result<u64, String> {
    match p.get("timeout") {
        None => Ok(300_000),
        Some(t) => helm_hooks::go_duration(t).ok_or_else(|| {
            let why =
                if t.chars().all(|c| c.is_ascii_digit()) { "missing unit in duration" } else { "invalid duration" };
            format!("Error: invalid argument \"{t}\" for \"--timeout\" flag: time: {why} \"{t}\"\n")
        }),
    }
}

/// Marks the release failed as Helm records it; returns the error Helm prints without rollback.
fn release_failed(s: &mut Session, rel: &mut Value, is_upgrade: bool, e: &str, fail_prefix: &str) -> String {
    let name = rel["name"].as_str().unwrap_or("").to_string();
    rel["info"]["status"] = json!("failed");
    let what = if is_upgrade { format!("Upgrade \"{name}\" failed") } else { format!("Release \"{name}\" failed") };
    rel["info"]["description"] = json!(format!("{what}: {e}"));
    let _ = store_release(s, rel);
    format!("{}Error: {fail_prefix}{e}\n", upgrade_warning(is_upgrade, &name, e))
}

/// Helm 4 logs a failed upgrade's error through slog (`%q`) before handling it.
fn upgrade_warning(is_upgrade: bool, name: &str, e: &str) -> String {
    if !is_upgrade {
        return String::new();
    }
    format!("level=WARN msg=\"upgrade failed\" name={name} error={}\n", go_quote(e))
}

/// Deletes a release's objects and records (the uninstall `--rollback-on-failure` does).
fn remove_release(s: &mut Session, namespace: &str, name: &str) {
    let history = load_releases(s, namespace, name);
    if let Some(last) = history.last() {
        for o in manifest_objects(last["manifest"].as_str().unwrap_or(""), namespace).unwrap_or_default().iter().rev() {
            let (k, n) = (o["kind"].as_str().unwrap_or(""), o.pointer("/metadata/name").and_then(Value::as_str));
            let ons = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(namespace);
            let _ = s.cluster.delete(k, ons, n.unwrap_or(""), Propagation::Background, None);
        }
    }
    for r in &history {
        let key = format!("sh.helm.release.v1.{name}.v{}", r["version"].as_i64().unwrap_or(0));
        let _ = s.cluster.delete("Secret", namespace, &key, Propagation::Background, None);
    }
    s.cluster.settle();
}

/// `helm test RELEASE [--logs] [--timeout D]`: runs the release's test hooks (helm create's
/// test-connection Pod), prints the release with its TEST SUITE, and the pods' logs with `--logs`.
fn test(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    if p.args.len() != 1 {
        return Err("Error: \"helm test\" requires 1 argument\n\nUsage:  helm test [RELEASE] [flags]\n".into());
    }
    let name = &p.args[0];
    let namespace = ns(p);
    let timeout = timeout_of(p)?;
    let mut rel = load_releases(s, &namespace, name).pop().ok_or("Error: release: not found\n")?;
    let budget = s.wait_budget(timeout);
    let result = helm_hooks::run(s, &mut rel, "test", budget);
    store_release(s, &rel)?;
    let ts = rel.pointer("/info/last_deployed").and_then(Value::as_i64).unwrap_or(0);
    let mut out = format!(
        "NAME: {name}\nLAST DEPLOYED: {}\nNAMESPACE: {namespace}\nSTATUS: {}\nREVISION: {}\nDESCRIPTION: {}\n",
        format_ansic(ts),
        rel.pointer("/info/status").and_then(Value::as_str).unwrap_or(""),
        rel["version"].as_i64().unwrap_or(0),
        rel.pointer("/info/description").and_then(Value::as_str).unwrap_or(""),
    );
    out.push_str(&helm_hooks::test_suite(&rel));
    if p.has("logs") {
        for h in rel["hooks"].as_array().cloned().unwrap_or_default() {
            if !helm_hooks::has_event(&h, "test") || h.get("last_run").is_none() {
                continue;
            }
            let Ok(obj) = crate::yaml::load(h["manifest"].as_str().unwrap_or("")) else { continue };
            if obj["kind"] != "Pod" {
                continue;
            }
            let pod = obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
            for c in obj.pointer("/spec/containers").and_then(Value::as_array).cloned().unwrap_or_default() {
                let cname = c["name"].as_str().unwrap_or("");
                let logs = s.cluster.logs(&namespace, pod, Some(cname), false).unwrap_or_default();
                out.push_str(&format!("\nPOD LOGS: {pod} ({cname})\n{logs}\n"));
            }
        }
    }
    let mut io = Io::ok(out);
    if let Err(e) = result {
        io.err(format!("Error: {e}\n"));
        io.code = 1;
    }
    Ok(io)
}

fn uninstall(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    if p.args.is_empty() {
        return Err("Error: \"helm uninstall\" requires at least 1 argument\n\nUsage:  helm uninstall RELEASE_NAME [...] [flags]\n".into());
    }
    let namespace = ns(p);
    let mut io = Io::default();
    for name in &p.args {
        let history = load_releases(s, &namespace, name);
        let Some(last) = history.last() else {
            return Err(format!("Error: uninstall: Release not loaded: {name}: release: not found\n"));
        };
        let objs = manifest_objects(last["manifest"].as_str().unwrap_or(""), &namespace).unwrap_or_default();
        // helm deletes in reverse install order
        for o in objs.iter().rev() {
            let _ = s.cluster.delete(
                o.get("kind").and_then(Value::as_str).unwrap_or(""),
                o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(""),
                o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or(""),
                Propagation::Background,
                None,
            );
        }
        for r in &history {
            let v = r["version"].as_i64().unwrap_or(0);
            let key = format!("sh.helm.release.v1.{name}.v{v}");
            if p.has("keep-history") {
                let mut r = r.clone();
                r["info"]["status"] = json!("uninstalled");
                store_release(s, &r)?;
            } else {
                let _ = s.cluster.delete("Secret", &namespace, &key, Propagation::Background, None);
            }
        }
        io.out(format!("release \"{name}\" uninstalled\n"));
    }
    s.cluster.settle();
    Ok(io)
}

fn list(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let all_ns = p.has("all-namespaces");
    let namespace = ns(p);
    let mut rows = vec![vec![
        "NAME".to_string(),
        "NAMESPACE".into(),
        "REVISION".into(),
        "UPDATED".into(),
        "STATUS".into(),
        "CHART".into(),
        "APP VERSION".into(),
    ]];
    for (rns, name) in all_release_names(s, if all_ns { None } else { Some(&namespace) }) {
        let Some(r) = load_releases(s, &rns, &name).pop() else { continue };
        let status = r.pointer("/info/status").and_then(Value::as_str).unwrap_or("");
        if !p.has("all") && !matches!(status, "deployed" | "failed") {
            continue;
        }
        let chart = format!(
            "{}-{}",
            r.pointer("/chart/metadata/name").and_then(Value::as_str).unwrap_or(""),
            r.pointer("/chart/metadata/version").and_then(Value::as_str).unwrap_or("")
        );
        rows.push(vec![
            name.clone(),
            rns.clone(),
            r["version"].as_i64().unwrap_or(0).to_string(),
            format_go_time(r.pointer("/info/last_deployed").and_then(Value::as_i64).unwrap_or(0)),
            status.to_string(),
            chart,
            r.pointer("/chart/metadata/appVersion").and_then(Value::as_str).unwrap_or("").to_string(),
        ]);
    }
    Ok(Io::ok(uitable(&rows)))
}

/// gosuri/uitable as Helm uses it: every cell padded to its column's width, cells joined by a tab.
fn uitable(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut w = vec![0; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count().min(60));
        }
    }
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r.iter().enumerate().map(|(i, c)| format!("{c:<width$}", width = w[i])).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

fn status(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let Some(name) = p.args.first() else {
        return Err("Error: \"helm status\" requires 1 argument\n\nUsage:  helm status RELEASE_NAME [flags]\n".into());
    };
    let rels = load_releases(s, &ns(p), name);
    let r = match p.get("revision").and_then(|r| r.parse::<i64>().ok()) {
        Some(v) => rels.into_iter().find(|r| r["version"].as_i64() == Some(v)),
        None => rels.into_iter().last(),
    };
    let r = r.ok_or("Error: release: not found\n")?;
    let resources = resources_text(s, &r);
    Ok(Io::ok(status_block(&r, Some(resources))))
}

/// `helm status`'s RESOURCES: the release's objects as they are now, one `==> VERSION/KIND` table per kind in
/// install order, each object through its own tabwriter as Helm's printer does, then the pods their selectors
/// pick as one `v1/Pod(related)` list (pkg/cmd/status.go, kube.Client.Get with related pods).
fn resources_text(s: &Session, rel: &Value) -> String {
    let namespace = rel["namespace"].as_str().unwrap_or("default");
    let objs = manifest_objects(rel["manifest"].as_str().unwrap_or(""), namespace).unwrap_or_default();
    let opts = crate::shell::printers::Options { now: now(s), ..Default::default() };
    let mut kinds: Vec<(String, String)> = Vec::new();
    let mut tables: BTreeMap<String, String> = BTreeMap::new();
    let mut related: Vec<Value> = Vec::new();
    let pods = s.cluster.list("Pod", Some(namespace));
    for o in &objs {
        let kind = o["kind"].as_str().unwrap_or("");
        let n = o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
        let ons = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or(namespace);
        let (Some(res), Ok(live)) = (crate::shell::kinds::by_kind(kind), s.cluster.get(kind, ons, n)) else { continue };
        let key = format!("{}/{kind}", res.version);
        let text = tables.entry(key.clone()).or_insert_with(|| {
            kinds.push((key.clone(), kind.to_string()));
            String::new()
        });
        let mut lines = crate::shell::printers::table(res, std::slice::from_ref(&live), &opts);
        if !text.is_empty() {
            lines.remove(0);
        }
        text.push_str(&crate::shell::printers::tabwrite(&lines));
        let selector = live
            .pointer("/spec/selector/matchLabels")
            .or_else(|| (kind == "Service").then(|| live.pointer("/spec/selector")).flatten())
            .and_then(Value::as_object);
        if let Some(sel) = selector.filter(|m| !m.is_empty()) {
            for p in &pods {
                let labels = p.pointer("/metadata/labels").and_then(Value::as_object);
                let matches = labels.is_some_and(|l| sel.iter().all(|(k, v)| l.get(k) == Some(v)));
                if matches && !related.iter().any(|r| r.pointer("/metadata/name") == p.pointer("/metadata/name")) {
                    related.push(p.clone());
                }
            }
        }
    }
    let mut out = String::new();
    for (key, _) in &kinds {
        out.push_str(&format!("==> {key}\n{}\n", tables[key]));
    }
    if let (false, Some(res)) = (related.is_empty(), crate::shell::kinds::by_kind("Pod")) {
        crate::sort::sort_by_key(&mut related, |p| {
            p.pointer("/metadata/name").and_then(Value::as_str).map(str::to_string)
        });
        let lines = crate::shell::printers::table(res, &related, &opts);
        out.push_str(&format!("==> v1/Pod(related)\n{}\n", crate::shell::printers::tabwrite(&lines)));
    }
    out
}

fn history(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let Some(name) = p.args.first() else {
        return Err("Error: \"helm history\" requires 1 argument\n\nUsage:  helm history RELEASE_NAME [flags]\n".into());
    };
    let rels = load_releases(s, &ns(p), name);
    if rels.is_empty() {
        return Err("Error: release: not found\n".into());
    }
    let mut rows = vec![vec![
        "REVISION".to_string(),
        "UPDATED".into(),
        "STATUS".into(),
        "CHART".into(),
        "APP VERSION".into(),
        "DESCRIPTION".into(),
    ]];
    for r in rels {
        rows.push(vec![
            r["version"].as_i64().unwrap_or(0).to_string(),
            format_ansic(r.pointer("/info/last_deployed").and_then(Value::as_i64).unwrap_or(0)),
            r.pointer("/info/status").and_then(Value::as_str).unwrap_or("").to_string(),
            format!(
                "{}-{}",
                r.pointer("/chart/metadata/name").and_then(Value::as_str).unwrap_or(""),
                r.pointer("/chart/metadata/version").and_then(Value::as_str).unwrap_or("")
            ),
            r.pointer("/chart/metadata/appVersion").and_then(Value::as_str).unwrap_or("").to_string(),
            one_line(r.pointer("/info/description").and_then(Value::as_str).unwrap_or("")),
        ]);
    }
    Ok(Io::ok(uitable(&rows)))
}

fn rollback(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let Some(name) = p.args.first() else {
        return Err("Error: \"helm rollback\" requires at least 1 argument\n\nUsage:  helm rollback <RELEASE> [REVISION] [flags]\n".into());
    };
    let namespace = ns(p);
    let rels = load_releases(s, &namespace, name);
    let Some(last) = rels.last().cloned() else {
        return Err("Error: release: not found\n".into());
    };
    let cur = last["version"].as_i64().unwrap_or(0);
    let target_v = match p.args.get(1) {
        Some(v) => v.parse::<i64>().map_err(|_| format!("Error: strconv.Atoi: parsing {v:?}: invalid syntax\n"))?,
        None => cur - 1,
    };

    rollback_to(s, &namespace, name, target_v)?;
    Ok(Io::ok("Rollback was a success! Happy Helming!\n"))
}

/// Applies revision `target_v`'s manifest as a new revision ("Rollback to N"); returns it and its objects.
fn rollback_to(s: &mut Session, namespace: &str, name: &str, target_v: i64) -> Result<(Value, Vec<Value>), String> {
    let rels = load_releases(s, namespace, name);
    let last = rels.last().cloned().ok_or("Error: release: not found\n")?;
    let cur = last["version"].as_i64().unwrap_or(0);
    let target = rels
        .iter()
        .find(|r| r["version"].as_i64() == Some(target_v))
        .cloned()
        .ok_or_else(|| format!("Error: release has no {target_v} version\n"))?;
    let objs = manifest_objects(target["manifest"].as_str().unwrap_or(""), namespace).unwrap_or_default();
    for mut o in objs.clone() {
        annotate_owner(&mut o, name, namespace);
        let kind = o.get("kind").and_then(Value::as_str).unwrap_or("").to_string();
        let n = o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        let ons = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        let r = if s.cluster.get(&kind, &ons, &n).is_ok() { s.cluster.update(o) } else { s.cluster.create(o) };
        r.map_err(|e| format!("Error: {}\n", e.message))?;
    }
    let mut prev = last.clone();
    if prev.pointer("/info/status").and_then(Value::as_str) == Some("deployed") {
        prev["info"]["status"] = json!("superseded");
        store_release(s, &prev)?;
    }
    let mut rel = target.clone();
    rel["version"] = json!(cur + 1);
    rel["info"]["status"] = json!("deployed");
    rel["info"]["description"] = json!(format!("Rollback to {target_v}"));
    rel["info"]["last_deployed"] = json!(now(s));
    store_release(s, &rel)?;
    s.cluster.settle();
    Ok((rel, objs))
}

fn get(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let (Some(what), Some(name)) = (p.args.first(), p.args.get(1)) else {
        return Err(
            "Error: \"helm get values\" requires 1 argument\n\nUsage:  helm get values RELEASE_NAME [flags]\n".into()
        );
    };
    let rel = load_releases(s, &ns(p), name).pop().ok_or("Error: release: not found\n")?;
    match what.as_str() {
        "values" => {
            let cfg = &rel["config"];
            let empty = cfg.as_object().is_none_or(|m| m.is_empty());
            let body = if empty { "null\n".to_string() } else { crate::shell::yamlout::to_yaml(cfg) };
            if p.get("output") == Some("json") {
                return Ok(Io::ok(format!(
                    "{}\n",
                    if empty { "null".into() } else { crate::shell::jsonpath::sorted_json(cfg) }
                )));
            }
            Ok(Io::ok(format!("USER-SUPPLIED VALUES:\n{body}")))
        }
        "manifest" => Ok(Io::ok(rel["manifest"].as_str().unwrap_or("").to_string())),
        "notes" => {
            Ok(Io::ok(format!("NOTES:\n{}\n", rel.pointer("/info/notes").and_then(Value::as_str).unwrap_or("").trim())))
        }
        "hooks" => Ok(Io::ok(
            rel["hooks"]
                .as_array()
                .map(|h| {
                    h.iter()
                        .map(|x| {
                            format!(
                                "---\n# Source: {}\n{}\n",
                                x["path"].as_str().unwrap_or(""),
                                x["manifest"].as_str().unwrap_or("").trim_end()
                            )
                        })
                        .collect::<String>()
                })
                .unwrap_or_default(),
        )),
        other => Err(format!("Error: unknown command \"{other}\" for \"helm get\"\n")),
    }
}

/// A Host over the session's files, so `helm template` here is the same code path as `stsplay template`.
struct SessionHost<'a>(&'a Session);

impl crate::cli::Host for SessionHost<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        self.0.read_file(path).map_err(|_| format!("open {path}: no such file or directory"))
    }
    fn read_dir_tree(&self, path: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
        if !self.0.is_dir(path) {
            return Err(format!("path \"{path}\" not found"));
        }
        Ok(self.0.dir_files(path))
    }
    fn abs(&self, path: &str) -> String {
        super::helm_create::absolute(self.0, path)
    }
}

fn template(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let mut t = crate::cli::TemplateArgs { namespace: ns(p), ..Default::default() };
    match p.args.len() {
        1 => {
            t.release = "release-name".into();
            t.chart = p.args[0].clone();
        }
        2 => {
            t.release = p.args[0].clone();
            t.chart = p.args[1].clone();
        }
        0 => return Err(
            "Error: \"helm template\" requires at least 1 argument\n\nUsage:  helm template [NAME] [CHART] [flags]\n"
                .into(),
        ),
        _ => return Err(
            "Error: \"helm template\" accepts at most 2 arguments\n\nUsage:  helm template [NAME] [CHART] [flags]\n"
                .into(),
        ),
    }
    t.values_files = p.all("values");
    t.show_only = p.all("show-only");
    t.sets = set_args(p);
    let o = crate::helm::template_command(&t, &SessionHost(s));
    let mut io = Io::ok(o.stdout);
    io.err(o.stderr);
    io.code = o.code;
    Ok(io)
}

fn show(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let (Some(what), Some(chart)) = (p.args.first(), p.args.get(1)) else {
        return Err(
            "Error: \"helm show values\" requires 1 argument\n\nUsage:  helm show values [CHART] [flags]\n".into()
        );
    };
    if !matches!(what.as_str(), "values" | "chart" | "readme" | "crds" | "all") {
        return Err(format!("Error: unknown command \"{what}\" for \"helm show\"\n"));
    }
    let text =
        helm_package::show(s, what, chart, p.get("repo"), p.get("version")).map_err(|e| format!("Error: {e}\n"))?;
    Ok(Io::ok(text))
}

fn lint(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let chart = p.args.first().cloned().unwrap_or_else(|| ".".into());
    let mut out = format!("==> Linting {chart}\n");
    let files = match chart_files(s, p, &chart) {
        Ok(f) => f,
        Err(_) => {
            out.push_str(&format!("Error unable to check Chart.yaml file in chart: stat {chart}/Chart.yaml: no such file or directory\n\nError: 1 chart(s) linted, 1 chart(s) failed\n"));
            return Ok(Io { chunks: vec![(false, out)], code: 1 });
        }
    };
    let meta = chart_meta(&files);
    if meta.get("icon").is_none() {
        out.push_str("[INFO] Chart.yaml: icon is recommended\n");
    }
    let inp = inputs(s, p, None).map_err(|e| format!("Error: {e}\n"))?;
    let req = crate::helm::RenderRequest {
        chart: &files,
        values_files: inp.values_files,
        sets: inp.sets,
        release: crate::helm::Release { name: "test-release".into(), namespace: ns(p), revision: 1, is_upgrade: false },
    };
    let names: Vec<String> = (1..=req.values_files.len()).map(|i| format!("values-{i}.yaml")).collect();
    match crate::helm::render_with(&req, &names, &session_reader(s)) {
        Ok(_) => {
            out.push_str("\n1 chart(s) linted, 0 chart(s) failed\n");
            Ok(Io::ok(out))
        }
        Err(e) => {
            out.push_str(&format!(
                "[ERROR] templates/: {}\n\nError: 1 chart(s) linted, 1 chart(s) failed\n",
                e.trim_start_matches("Error: ").trim_end()
            ));
            Ok(Io { chunks: vec![(false, out)], code: 1 })
        }
    }
}
