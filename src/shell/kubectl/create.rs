//! `kubectl create SUBCOMMAND`: the imperative generators of kubectl's pkg/cmd/create (create_namespace.go,
//! create_serviceaccount.go, create_configmap.go, create_secret.go, create_secret_docker.go,
//! create_deployment.go, create_service.go). Each builds the typed object the way the Go code fills its struct,
//! so `--dry-run=client -o yaml > x.yaml` (the usual way to start a manifest) prints what kubectl prints: the
//! namespace only when `-n` was given, `status: {}` where the Go struct has a non-pointer status, no defaults.
//! Flags are each subcommand's own, so a flag of another subcommand fails in kubectl's words.

use crate::json;
use serde_json::{Map, Value};

use super::flags::{self, flag, int, int32, opt, Spec};
use super::{api_err, resource_of};
use crate::shell::{Io, Session};

/// Flags every generator takes (cmdutil.AddDryRunFlag, PrintFlags, AddValidateFlags, AddFieldManagerFlagVar).
const COMMON: &[Spec] = &[
    flag("dry-run", None),
    opt("output", Some('o')),
    flag("save-config", None),
    opt("validate", None),
    opt("field-manager", None),
    flag("show-managed-fields", None),
    opt("template", None),
    flag("allow-missing-template-keys", None),
];

const DATA_FLAGS: &[Spec] =
    &[opt("from-literal", None), opt("from-file", None), opt("from-env-file", None), flag("append-hash", None)];

/// The generators that exist in kubectl but make kinds the simulated cluster does not have.
const NOT_SIMULATED: &[(&str, &str)] = &[
    ("clusterrole", "ClusterRole"),
    ("clusterrolebinding", "ClusterRoleBinding"),
    ("cronjob", "CronJob"),
    ("cj", "CronJob"),
    ("ingress", "Ingress"),
    ("ing", "Ingress"),
    ("job", "Job"),
    ("priorityclass", "PriorityClass"),
    ("pc", "PriorityClass"),
    ("quota", "ResourceQuota"),
    ("resourcequota", "ResourceQuota"),
    ("role", "Role"),
    ("rolebinding", "RoleBinding"),
];

/// The subcommand words of a `kubectl create` command line, if its first positional word names one.
pub fn subcommand(args: &[String]) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            if !body.contains('=') && takes_value(body, None) {
                i += 1;
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let last = a.chars().nth(1);
            if a.len() == 2 && takes_value("", last) {
                i += 1;
            }
        } else {
            words.push(a.clone());
        }
    }
    let first = words.first()?.as_str();
    let known = matches!(
        first,
        "namespace"
            | "ns"
            | "serviceaccount"
            | "sa"
            | "configmap"
            | "cm"
            | "secret"
            | "deployment"
            | "deploy"
            | "service"
            | "svc"
            | "token"
            | "poddisruptionbudget"
            | "pdb"
    ) || NOT_SIMULATED.iter().any(|(n, _)| *n == first);
    known.then_some(words)
}

fn takes_value(long: &str, short: Option<char>) -> bool {
    let all = [COMMON, DATA_FLAGS, DEPLOYMENT, SERVICE_ALL, DOCKER, TLS, SECRET_TYPE, TOKEN, PDB, flags::GLOBAL];
    all.iter().flat_map(|s| s.iter()).any(|s| s.value && (s.long == long || (short.is_some() && s.short == short)))
}

const TOKEN: &[Spec] = &[
    opt("duration", None),
    opt("audience", None),
    opt("bound-object-kind", None),
    opt("bound-object-name", None),
    opt("bound-object-uid", None),
];
const PDB: &[Spec] = &[opt("min-available", None), opt("max-unavailable", None), opt("selector", None)];
const DEPLOYMENT: &[Spec] = &[opt("image", None), int32("replicas", Some('r')), int32("port", None)];
const SERVICE_ALL: &[Spec] =
    &[opt("tcp", None), opt("clusterip", None), int("node-port", None), opt("external-name", None)];
const SECRET_TYPE: &[Spec] = &[opt("type", None)];
const TLS: &[Spec] = &[opt("cert", None), opt("key", None), flag("append-hash", None)];
const CLUSTER_IP: &[Spec] = &[opt("tcp", None), opt("clusterip", None)];
const NODE_PORT: &[Spec] = &[opt("tcp", None), int("node-port", None)];
const LOAD_BALANCER: &[Spec] = &[opt("tcp", None)];
const EXTERNAL_NAME: &[Spec] = &[opt("tcp", None), opt("external-name", None)];
const DOCKER: &[Spec] = &[
    opt("docker-server", None),
    opt("docker-username", None),
    opt("docker-password", None),
    opt("docker-email", None),
    opt("from-file", None),
    flag("append-hash", None),
];

fn specs(extra: &[&[Spec]]) -> Vec<Spec> {
    COMMON.iter().chain(extra.iter().flat_map(|s| s.iter())).copied().collect()
}

fn exactly_one_name<'a>(words: &'a [String], path: &str) -> Result<&'a str, String> {
    match words {
        [name] => Ok(name),
        _ => Err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl {path} -h' for help and examples\n",
            words.len()
        )),
    }
}

/// `kubectl create NAME...` for the generators; `words` are the positional words (`subcommand`'s answer).
pub fn run(s: &mut Session, args: &[String], words: &[String]) -> Result<Io, String> {
    let sub = words[0].as_str();
    if let Some((_, kind)) = NOT_SIMULATED.iter().find(|(n, _)| *n == sub) {
        return Err(format!(
            "error: `kubectl create {sub}` is not simulated: the playground's cluster has no {kind} objects\n"
        ));
    }
    if sub == "token" {
        return token(s, args, &words[1..]);
    }
    let (path, extra, names): (String, Vec<&[Spec]>, &[String]) = match sub {
        "secret" | "service" | "svc" => {
            let group = if sub == "secret" { "secret" } else { "service" };
            let types: &[&str] = if group == "secret" {
                &["docker-registry", "generic", "tls"]
            } else {
                &["clusterip", "externalname", "loadbalancer", "nodeport"]
            };
            let Some(ty) = words.get(1) else { return Ok(Io::ok(group_help(group))) };
            if !types.contains(&ty.as_str()) {
                return Err(format!(
                    "error: unknown command \"{}\"\nSee 'kubectl create {group} -h' for help and examples\n",
                    words[1..].join(" ")
                ));
            }
            let extra: Vec<&[Spec]> = match ty.as_str() {
                "generic" => vec![DATA_FLAGS, SECRET_TYPE],
                "docker-registry" => vec![DOCKER],
                "tls" => vec![TLS],
                "clusterip" => vec![CLUSTER_IP],
                "nodeport" => vec![NODE_PORT],
                "loadbalancer" => vec![LOAD_BALANCER],
                _ => vec![EXTERNAL_NAME],
            };
            (format!("create {group} {ty}"), extra, &words[2..])
        }
        "namespace" | "ns" => ("create namespace".into(), vec![], &words[1..]),
        "serviceaccount" | "sa" => ("create serviceaccount".into(), vec![], &words[1..]),
        "configmap" | "cm" => ("create configmap".into(), vec![DATA_FLAGS], &words[1..]),
        "poddisruptionbudget" | "pdb" => ("create poddisruptionbudget".into(), vec![PDB], &words[1..]),
        _ => ("create deployment".into(), vec![DEPLOYMENT], &words[1..]),
    };
    let specs = specs(&extra);
    let p = flags::parse(&path, args, &specs)?;
    let dry = super::mutate::dry_run(&p)?;
    let output = p.get("output").unwrap_or("").to_string();
    check_output(&output)?;
    let name = exactly_one_name(names, &path)?;
    // EnforceNamespace: the generated object names its namespace only when -n was given.
    let explicit_ns = p.get("namespace").map(str::to_string);
    let after_dash = p.after_dash.clone().unwrap_or_default();
    let mut obj = match path.as_str() {
        "create namespace" => {
            json!({"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": name}, "spec": {}, "status": {}})
        }
        "create serviceaccount" => {
            json!({"kind": "ServiceAccount", "apiVersion": "v1", "metadata": meta(name, &explicit_ns, None)})
        }
        "create configmap" => configmap(s, &p, name, &explicit_ns)?,
        "create secret generic" => generic_secret(s, &p, name, &explicit_ns)?,
        "create secret docker-registry" => docker_secret(s, &p, name, &explicit_ns)?,
        "create secret tls" => {
            if p.get("cert").is_none() || p.get("key").is_none() {
                return Err("error: key and cert must be specified\n".into());
            }
            return Err("error: `kubectl create secret tls` is not simulated: the playground cannot parse PEM certificates and keys\n".into());
        }
        "create deployment" => deployment(&p, name, &explicit_ns, &after_dash)?,
        "create poddisruptionbudget" => pdb(&p, name, &explicit_ns)?,
        _ => service(&p, &path, name, &explicit_ns)?,
    };
    let res = resource_of(&obj)?;
    if dry == Some("client") {
        return Ok(Io::ok(print(&obj, &output, &res.kind_group(), dry)?));
    }
    if res.namespaced && explicit_ns.is_none() {
        obj["metadata"]["namespace"] = json!(super::namespace(&p));
    }
    let service_type = obj.pointer("/spec/type").and_then(Value::as_str).unwrap_or("").to_string();
    let failed = |e: &crate::cluster::ApiError| match wrapping(res.kind, &service_type) {
        Some(w) => format!("error: {w}{}\n", e.message),
        None => api_err(e),
    };
    if dry == Some("server") {
        // the server defaults, allocates and validates, and stores nothing
        let checked = s.cluster.create_dry_run(obj).map_err(|e| failed(&e))?;
        return Ok(Io::ok(print(&checked, &output, &res.kind_group(), dry)?));
    }
    let created = s.cluster.create(obj).map_err(|e| failed(&e))?;
    s.cluster.settle();
    Ok(Io::ok(print(&created, &output, &res.kind_group(), None)?))
}

/// The words a `kubectl create` subcommand wraps the API server's error in (`fmt.Errorf("failed to create
/// configmap: %v", err)` in create_configmap.go and its siblings; `%v` does not wrap, so kubectl prints a plain
/// `error:` line, not the status's `Error from server` or `The ConfigMap "x" is invalid`). create_namespace.go
/// returns the error as it is; create_secret.go has no colon.
fn wrapping(kind: &str, service_type: &str) -> Option<String> {
    Some(match kind {
        "ConfigMap" => "failed to create configmap: ".into(),
        "Secret" => "failed to create secret ".into(),
        "Deployment" => "failed to create deployment: ".into(),
        "ServiceAccount" => "failed to create serviceaccount: ".into(),
        "PodDisruptionBudget" => "failed to create poddisruptionbudgets: ".into(),
        "Service" => format!("failed to create {service_type} service: "),
        _ => return None,
    })
}

pub(super) fn check_output(o: &str) -> Result<(), String> {
    if matches!(o, "" | "name" | "yaml" | "json") || o.starts_with("jsonpath=") || o.starts_with("jsonpath-as-json=") {
        return Ok(());
    }
    Err(format!(
        "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml\n"
    ))
}

/// The generated (or created) object as `-o` asks; the plain form is `kind.group/name created`.
pub(super) fn print(obj: &Value, output: &str, kind_group: &str, dry: Option<&str>) -> Result<String, String> {
    let name = obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    Ok(match output {
        "" => format!("{kind_group}/{name} created{}\n", dry.map(super::mutate::dry_suffix).unwrap_or("")),
        "name" => format!("{kind_group}/{name}\n"),
        "yaml" => crate::shell::yamlout::to_yaml(obj),
        // A typed object: encoding/json writes the struct's field order, which the generators follow; the
        // server's answer comes back as kubectl's get prints it.
        "json" if dry.is_some() => crate::shell::yamlout::to_json_in_order(obj),
        "json" => crate::shell::yamlout::to_json(obj),
        o => {
            let t = o.split_once('=').map(|x| x.1).unwrap_or("");
            crate::shell::jsonpath::execute(t, obj)?
        }
    })
}

/// create_pdb.go: `Validate`'s checks in order, then the budget as `createPodDisruptionBudgets` fills it (the
/// selector through `metav1.ParseToLabelSelector`: equalities become matchLabels, the rest matchExpressions by key,
/// values sorted; its status's counts are not omitempty, so they print as zeros).
fn pdb(p: &flags::Parsed, name: &str, ns: &Option<String>) -> Result<Value, String> {
    use crate::cluster::selector::{LabelSelector, Requirement};
    let (min, max, sel) = (p.get("min-available"), p.get("max-unavailable"), p.get("selector").unwrap_or(""));
    let (min, max) = (min.filter(|v| !v.is_empty()), max.filter(|v| !v.is_empty()));
    if sel.is_empty() {
        return Err("error: a selector must be specified\n".into());
    }
    if min.is_none() && max.is_none() {
        return Err("error: one of min-available or max-unavailable must be specified\n".into());
    }
    if min.is_some() && max.is_some() {
        return Err("error: min-available and max-unavailable cannot be both specified\n".into());
    }
    let number_or_percent = |v: &str| {
        let d = v.strip_suffix('%').unwrap_or(v);
        !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
    };
    for (flag, v) in [("min-available", min), ("max-unavailable", max)] {
        if v.is_some_and(|v| !number_or_percent(v)) {
            return Err(format!("error: invalid format specified for {flag}\n"));
        }
    }
    let parsed =
        LabelSelector::parse(sel).map_err(|e| format!("error: couldn't parse the selector string \"{sel}\": {e}\n"))?;
    let mut reqs = parsed.0;
    crate::sort::sort_by(&mut reqs, |a, b| req_key(a).cmp(req_key(b)));
    let (mut labels, mut exprs) = (Map::new(), Vec::new());
    for r in reqs {
        let (key, op, mut values) = match r {
            Requirement::Eq(k, v) => {
                labels.insert(k, json!(v));
                continue;
            }
            Requirement::NotEq(..) => return Err("error: \"!=\" is not a valid label selector operator\n".into()),
            Requirement::In(k, v) => (k, "In", v),
            Requirement::NotIn(k, v) => (k, "NotIn", v),
            Requirement::Exists(k) => (k, "Exists", vec![]),
            Requirement::NotExists(k) => (k, "DoesNotExist", vec![]),
        };
        crate::sort::sort(&mut values);
        values.dedup();
        let mut e = Map::new();
        e.insert("key".into(), json!(key));
        e.insert("operator".into(), json!(op));
        if !values.is_empty() {
            e.insert("values".into(), json!(values));
        }
        exprs.push(Value::Object(e));
    }
    let mut selector = Map::new();
    if !labels.is_empty() {
        selector.insert("matchLabels".into(), Value::Object(labels));
    }
    if !exprs.is_empty() {
        selector.insert("matchExpressions".into(), Value::Array(exprs));
    }
    // intstr.Parse: a number is an int, anything else (a percentage) a string
    let int_or_string = |v: &str| v.parse::<i32>().map(|n| json!(n)).unwrap_or_else(|_| json!(v));
    let mut spec = Map::new();
    if let Some(v) = min {
        spec.insert("minAvailable".into(), int_or_string(v));
    }
    spec.insert("selector".into(), Value::Object(selector));
    if let Some(v) = max {
        spec.insert("maxUnavailable".into(), int_or_string(v));
    }
    Ok(json!({"kind": "PodDisruptionBudget", "apiVersion": "policy/v1", "metadata": meta(name, ns, None),
        "spec": spec,
        "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}}))
}

fn req_key(r: &crate::cluster::selector::Requirement) -> &str {
    use crate::cluster::selector::Requirement::*;
    match r {
        Eq(k, _) | NotEq(k, _) | In(k, _) | NotIn(k, _) | Exists(k) | NotExists(k) => k,
    }
}

fn meta(name: &str, ns: &Option<String>, labels: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(name));
    if let Some(ns) = ns {
        m.insert("namespace".into(), json!(ns));
    }
    if let Some(l) = labels {
        m.insert("labels".into(), l);
    }
    Value::Object(m)
}

/// `validation.IsConfigMapKey` (apimachinery util/validation): the messages joined as kubectl joins them.
fn config_key_errors(key: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if key.len() > 253 {
        errs.push("must be no more than 253 characters");
    }
    if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)) {
        errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
    }
    match key {
        "." => errs.push("must not be '.'"),
        ".." => errs.push("must not be '..'"),
        k if k.starts_with("..") => errs.push("must not start with '..'"),
        _ => {}
    }
    errs
}

/// `validation.IsEnvVarName`, which keys of `--from-env-file` must pass first.
pub(super) fn env_name_errors(key: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    let ok_first = key.bytes().next().is_some_and(|b| b.is_ascii_alphabetic() || b"-._".contains(&b));
    if !ok_first || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)) {
        errs.push("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')");
    }
    match key {
        "." => errs.push("must not be '.'"),
        ".." => errs.push("must not be '..'"),
        k if k.starts_with("..") => errs.push("must not start with '..'"),
        _ => {}
    }
    errs
}

/// The key/value pairs of `--from-file`, `--from-literal` and `--from-env-file`, in kubectl's order (files,
/// then literals; an env file alone), as bytes.
fn data_sources(s: &Session, p: &flags::Parsed) -> Result<Vec<(String, Vec<u8>)>, String> {
    let env_files = p.all("from-env-file");
    let (files, literals) = (file_source_list(p), p.all("from-literal"));
    if !env_files.is_empty() && (!files.is_empty() || !literals.is_empty()) {
        return Err("error: from-env-file cannot be combined with from-file or from-literal\n".into());
    }
    let mut out = file_sources(s, &files)?;
    for lit in &literals {
        match lit.split_once('=') {
            Some((k, v)) if !k.is_empty() => out.push((k.to_string(), v.as_bytes().to_vec())),
            _ => return Err(format!("error: invalid literal source {lit}, expected key=value\n")),
        }
    }
    // cmdutil's env-file reader (pkg/cmd/util/env_file.go): a BOM on the first line, leading spaces, `#`
    // comments, `KEY=VALUE` split at the first `=`, a bare `KEY` taking the shell's variable.
    for path in &env_files {
        let b = s.read_file(path).map_err(|_| format!("error: error reading {path}: no such file or directory\n"))?;
        let text = String::from_utf8_lossy(&b).into_owned();
        for (n, line) in text.split('\n').enumerate() {
            let line = if n == 0 { line.trim_start_matches('\u{feff}') } else { line };
            let line = line.trim_start();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (k, v) = match line.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (line.to_string(), s.env(line).unwrap_or("").to_string()),
            };
            let errs = env_name_errors(&k);
            if !errs.is_empty() {
                return Err(format!("error: {k:?} is not a valid key name: {}\n", errs.join(";")));
            }
            out.push((k, v.into_bytes()));
        }
    }
    Ok(out)
}

/// `--from-file=[KEY=]PATH`, a string-slice flag: each value is a comma list, and an empty value adds nothing
/// (pflag's readAsCSV reads no record from it).
fn file_source_list(p: &flags::Parsed) -> Vec<String> {
    p.all("from-file").iter().filter(|f| !f.is_empty()).flat_map(|f| f.split(',')).map(str::to_string).collect()
}

/// The sources of `--from-file`, each split as cmdutil's `ParseFileSource` does (the key defaults to the path's
/// base name; an `=` at either end, or two, is refused) and then read.
fn file_sources(s: &Session, files: &[String]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    for f in files {
        let (key, path) = match f.matches('=').count() {
            0 => (f.trim_end_matches('/').rsplit('/').next().unwrap_or(f).to_string(), f.to_string()),
            1 if f.starts_with('=') => return Err(format!("error: key name for file path {} missing\n", &f[1..])),
            1 if f.ends_with('=') => {
                return Err(format!("error: file path for key name {} missing\n", &f[..f.len() - 1]))
            }
            1 => f.split_once('=').map(|(k, p)| (k.to_string(), p.to_string())).unwrap_or_default(),
            _ => return Err("error: key names or file paths cannot contain '='\n".into()),
        };
        let b = s.read_file(&path).map_err(|_| format!("error: error reading {path}: no such file or directory\n"))?;
        out.push((key, b));
    }
    Ok(out)
}

fn configmap(s: &Session, p: &flags::Parsed, name: &str, ns: &Option<String>) -> Result<Value, String> {
    let (mut data, mut binary) = (Map::new(), Map::new());
    for (k, v) in data_sources(s, p)? {
        let errs = config_key_errors(&k);
        if !errs.is_empty() {
            return Err(format!("error: {k:?} is not a valid key name for a ConfigMap: {}\n", errs.join(";")));
        }
        if data.contains_key(&k) || binary.contains_key(&k) {
            return Err(format!(
                "error: cannot add key {k:?}, another key by that name already exists in Data for ConfigMap {name:?}\n"
            ));
        }
        match String::from_utf8(v) {
            Ok(text) => data.insert(k, json!(text)),
            Err(e) => binary.insert(k, json!(crate::base64::encode(e.as_bytes()))),
        };
    }
    let mut name = name.to_string();
    if p.has("append-hash") {
        let mut m = vec![("data", Value::Object(data.clone())), ("kind", json!("ConfigMap")), ("name", json!(name))];
        if !binary.is_empty() {
            m.insert(0, ("binaryData", Value::Object(binary.clone())));
        }
        name = format!("{name}-{}", content_hash(&m));
    }
    let mut o = json!({"kind": "ConfigMap", "apiVersion": "v1", "metadata": meta(&name, ns, None)});
    if !data.is_empty() {
        o["data"] = Value::Object(data);
    }
    if !binary.is_empty() {
        o["binaryData"] = Value::Object(binary);
    }
    Ok(o)
}

fn secret_from(data: Vec<(String, Vec<u8>)>) -> Result<Map<String, Value>, String> {
    let mut m = Map::new();
    for (k, v) in data {
        let errs = config_key_errors(&k);
        if !errs.is_empty() {
            return Err(format!("error: {k:?} is not valid key name for a Secret {}\n", errs.join(";")));
        }
        if m.contains_key(&k) {
            return Err(format!("error: cannot add key {k}, another key by that name already exists\n"));
        }
        m.insert(k, json!(crate::base64::encode(&v)));
    }
    Ok(m)
}

fn finish_secret(mut name: String, ns: &Option<String>, data: Map<String, Value>, ty: &str, hash: bool) -> Value {
    if hash {
        let m = vec![
            ("data", Value::Object(data.clone())),
            ("kind", json!("Secret")),
            ("name", json!(name)),
            ("type", json!(ty)),
        ];
        name = format!("{name}-{}", content_hash(&m));
    }
    let mut o = json!({"kind": "Secret", "apiVersion": "v1", "metadata": meta(&name, ns, None)});
    if !data.is_empty() {
        o["data"] = Value::Object(data);
    }
    if !ty.is_empty() {
        o["type"] = json!(ty);
    }
    o
}

fn generic_secret(s: &Session, p: &flags::Parsed, name: &str, ns: &Option<String>) -> Result<Value, String> {
    let data = secret_from(data_sources(s, p)?)?;
    Ok(finish_secret(name.to_string(), ns, data, p.get("type").unwrap_or(""), p.has("append-hash")))
}

/// create_secret_docker.go: a `.dockerconfigjson` of `{"auths":{SERVER:{username,password,email,auth}}}`.
fn docker_secret(s: &Session, p: &flags::Parsed, name: &str, ns: &Option<String>) -> Result<Value, String> {
    let files = file_source_list(p);
    let data = if !files.is_empty() {
        secret_from(file_sources(s, &files)?)?
    } else {
        let (user, pass) = (p.get("docker-username").unwrap_or(""), p.get("docker-password").unwrap_or(""));
        // The server has a default, so only an explicit `--docker-server=` leaves it empty.
        let server = p.get("docker-server").unwrap_or("https://index.docker.io/v1/");
        if user.is_empty() || pass.is_empty() || server.is_empty() {
            return Err("error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required\n".into());
        }
        let email = p.get("docker-email").unwrap_or("");
        let mut entry = String::new();
        entry.push_str("{\"username\":");
        crate::gojson::string(&mut entry, user, true);
        entry.push_str(",\"password\":");
        crate::gojson::string(&mut entry, pass, true);
        if !email.is_empty() {
            entry.push_str(",\"email\":");
            crate::gojson::string(&mut entry, email, true);
        }
        entry.push_str(",\"auth\":");
        crate::gojson::string(&mut entry, &crate::base64::encode(format!("{user}:{pass}").as_bytes()), true);
        entry.push('}');
        let mut cfg = String::from("{\"auths\":{");
        crate::gojson::string(&mut cfg, server, true);
        cfg.push(':');
        cfg.push_str(&entry);
        cfg.push_str("}}");
        let mut m = Map::new();
        m.insert(".dockerconfigjson".into(), json!(crate::base64::encode(cfg.as_bytes())));
        m
    };
    Ok(finish_secret(name.to_string(), ns, data, "kubernetes.io/dockerconfigjson", p.has("append-hash")))
}

/// kubectl's hash suffix (pkg/util/hash/hash.go): SHA-256 of the object's key fields as Go's json.Marshal
/// writes a map (keys sorted), the first ten hex digits with 0, 1, 3, a, e swapped for g, h, k, m, t so the
/// suffix never spells a word or reads as a number.
fn content_hash(fields: &[(&str, Value)]) -> String {
    use sha2::Digest;
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        crate::gojson::string(&mut out, k, true);
        out.push(':');
        crate::gojson::marshal(&mut out, v);
    }
    out.push('}');
    let digest = sha2::Sha256::digest(out.as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    hex.chars()
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

/// create_deployment.go: one container per image, named after the image (`generateDeployment`).
fn deployment(p: &flags::Parsed, name: &str, ns: &Option<String>, command: &[String]) -> Result<Value, String> {
    let images: Vec<String> = p.all("image").iter().flat_map(|i| i.split(',')).map(str::to_string).collect();
    if images.is_empty() {
        return Err("error: required flag(s) \"image\" not set\n".into());
    }
    if images.len() > 1 && !command.is_empty() {
        return Err("error: cannot specify multiple --image options and command\n".into());
    }
    let replicas = p.int("replicas").unwrap_or(1);
    let port = p.int("port").unwrap_or(-1);
    let labels = json!({"app": name});
    let mut containers = Vec::new();
    for image in &images {
        let mut c = Map::new();
        c.insert("name".into(), json!(container_name(image)));
        c.insert("image".into(), json!(image));
        if !command.is_empty() {
            c.insert("command".into(), json!(command));
        }
        if port >= 0 {
            c.insert("ports".into(), json!([{"containerPort": port}]));
        }
        c.insert("resources".into(), json!({}));
        containers.push(Value::Object(c));
    }
    Ok(json!({"kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta(name, ns, Some(labels.clone())),
        "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}},
            "strategy": {}},
        "status": {}}))
}

/// `buildPodSpec`'s container name: the image's last path element without tag or digest, cut at 63
/// characters (validation.DNS1123LabelMaxLength).
fn container_name(image: &str) -> String {
    let base = image.rsplit('/').next().unwrap_or(image);
    let base = base.split('@').next().unwrap_or(base);
    let base = base.split(':').next().unwrap_or(base);
    base.chars().take(63).collect()
}

/// `validation.IsValidPortName`, as create_service.go checks a named target port.
fn port_name_errors(name: &str) -> Vec<&'static str> {
    let mut errs = Vec::new();
    if name.len() > 15 {
        errs.push("must be no more than 15 characters");
    }
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if !name.bytes().any(|b| b.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)");
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens");
    }
    if name.starts_with('-') || name.ends_with('-') {
        errs.push("must not begin or end with a hyphen");
    }
    errs
}

/// `parsePorts`: `PORT[:TARGET]`, the port as a 16-bit unsigned number (strconv.ParseUint's words), the
/// target as intstr.Parse reads it: a number (checked 1-65535) or a port name.
fn parse_tcp(spec: &str) -> Result<(i64, Value), String> {
    let mut parts = spec.split(':');
    let first = parts.next().unwrap_or("");
    let port = match first.parse::<u64>() {
        Ok(n) if n <= 65535 => n as i64,
        Ok(_) => return Err(format!("error: strconv.ParseUint: parsing {first:?}: value out of range\n")),
        Err(_) if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(format!("error: strconv.ParseUint: parsing {first:?}: value out of range\n"))
        }
        Err(_) => return Err(format!("error: strconv.ParseUint: parsing {first:?}: invalid syntax\n")),
    };
    let Some(target) = parts.next() else { return Ok((port, json!(port))) };
    match target.parse::<i64>() {
        Ok(n) => {
            // intstr.FromInt keeps the low 32 bits of an out-of-range number.
            let n = n as i32 as i64;
            if !(1..=65535).contains(&n) {
                return Err("error: must be between 1 and 65535, inclusive\n".into());
            }
            Ok((port, json!(n)))
        }
        Err(_) => {
            let errs = port_name_errors(target);
            if !errs.is_empty() {
                return Err(format!("error: {}\n", errs.join(",")));
            }
            Ok((port, json!(target)))
        }
    }
}

/// create_service.go's `createService`.
fn service(p: &flags::Parsed, path: &str, name: &str, ns: &Option<String>) -> Result<Value, String> {
    let ty = match path.rsplit(' ').next().unwrap_or("") {
        "clusterip" => "ClusterIP",
        "nodeport" => "NodePort",
        "loadbalancer" => "LoadBalancer",
        _ => "ExternalName",
    };
    let tcp: Vec<String> = p.all("tcp").iter().flat_map(|t| t.split(',')).map(str::to_string).collect();
    let cluster_ip = p.get("clusterip").unwrap_or("");
    let external = p.get("external-name").unwrap_or("");
    // cobra's required-flag check asks whether the flag was given, so `--external-name=` reaches the name check.
    if ty == "ExternalName" && p.get("external-name").is_none() {
        return Err("error: required flag(s) \"external-name\" not set\n".into());
    }
    if tcp.is_empty() && ty != "ExternalName" && cluster_ip != "None" {
        return Err("error: at least one tcp port specifier must be provided\n".into());
    }
    if ty == "ExternalName" && !is_dns1123_subdomain(external) {
        return Err(format!("error: invalid service external name {external}\n"));
    }
    // An `Int` flag (64 bits): a number past int32 is the API server's to reject, as a port out of range.
    let node_port = p.int("node-port").unwrap_or(0);
    let mut ports = Vec::new();
    for t in &tcp {
        let (port, target) = parse_tcp(t)?;
        let mut sp = Map::new();
        sp.insert("name".into(), json!(t.replace(':', "-")));
        sp.insert("protocol".into(), json!("TCP"));
        sp.insert("port".into(), json!(port));
        sp.insert("targetPort".into(), target);
        if node_port != 0 {
            sp.insert("nodePort".into(), json!(node_port));
        }
        ports.push(Value::Object(sp));
    }
    let labels = json!({"app": name});
    let mut spec = Map::new();
    if !ports.is_empty() {
        spec.insert("ports".into(), json!(ports));
    }
    spec.insert("selector".into(), labels.clone());
    if !cluster_ip.is_empty() {
        spec.insert("clusterIP".into(), json!(cluster_ip));
    }
    spec.insert("type".into(), json!(ty));
    if !external.is_empty() {
        spec.insert("externalName".into(), json!(external));
    }
    Ok(json!({"kind": "Service", "apiVersion": "v1", "metadata": meta(name, ns, Some(labels)), "spec": spec,
        "status": {"loadBalancer": {}}}))
}

/// `validation.IsDNS1123Subdomain`: at most 253 characters of lower-case labels separated by dots.
fn is_dns1123_subdomain(v: &str) -> bool {
    v.len() <= 253
        && v.split('.').all(|l| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn group_help(group: &str) -> String {
    if group == "secret" {
        "Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n\nUse \"kubectl create secret <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n".into()
    } else {
        "Create a service using a specified subcommand.\n\nAliases:\nservice, svc\n\nAvailable Commands:\n  clusterip      Create a ClusterIP service\n  externalname   Create an ExternalName service\n  loadbalancer   Create a LoadBalancer service\n  nodeport       Create a NodePort service\n\nUsage:\n  kubectl create service [flags] [options]\n\nUse \"kubectl create service <command> --help\" for more information about a given command.\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n".into()
    }
}

/// `kubectl create token SA` (create_token.go): kubectl's own checks in its order, then the API server's
/// TokenRequest (`crate::cluster::token::request`); prints the token.
fn token(s: &mut Session, args: &[String], names: &[String]) -> Result<Io, String> {
    let specs = specs(&[TOKEN]);
    let p = flags::parse("create token", args, &specs)?;
    let name = exactly_one_name(names, "create token")?;
    let duration = match p.get("duration") {
        None => 0i64,
        Some(d) => {
            let (neg, body) = d.strip_prefix('-').map_or((false, d.trim_start_matches('+')), |b| (true, b));
            let ms = crate::shell::helm_hooks::go_duration(body).ok_or_else(|| {
                format!(
                    "error: invalid argument \"{d}\" for \"--duration\" flag: time: invalid duration \"{d}\"\n\
                     See 'kubectl create token --help' for usage.\n"
                )
            })? as i64;
            if neg && ms > 0 {
                return Err("error: --duration must be greater than or equal to 0\n".into());
            }
            if ms % 1000 != 0 {
                return Err("error: --duration cannot be expressed in units less than seconds\n".into());
            }
            ms / 1000
        }
    };
    let audiences = p.all("audience");
    if audiences.iter().any(String::is_empty) {
        return Err("error: --audience must not be an empty string\n".into());
    }
    let kind = p.get("bound-object-kind").unwrap_or("");
    let bound = if kind.is_empty() {
        for f in ["bound-object-name", "bound-object-uid"] {
            if p.get(f).is_some_and(|v| !v.is_empty()) {
                return Err(format!("error: --{f} can only be set if --bound-object-kind is provided\n"));
            }
        }
        None
    } else {
        if !["Node", "Pod", "Secret"].contains(&kind) {
            return Err("error: supported --bound-object-kind values are Node, Pod, Secret\n".into());
        }
        let Some(obj_name) = p.get("bound-object-name").filter(|n| !n.is_empty()) else {
            return Err("error: --bound-object-name is required if --bound-object-kind is provided\n".into());
        };
        Some(crate::cluster::token::Bound {
            kind,
            name: obj_name,
            uid: p.get("bound-object-uid").filter(|u| !u.is_empty()),
        })
    };
    if p.get("output").is_some_and(|o| !o.is_empty()) {
        return Err("error: `kubectl create token -o` is not simulated: it prints the token only\n".into());
    }
    let ns = super::namespace(&p);
    let expiration = (duration > 0).then_some(duration);
    match crate::cluster::token::request(s.cluster(), &ns, name, expiration, &audiences, bound) {
        Ok(t) => Ok(Io::ok(format!("{t}\n"))),
        Err(e) => Err(format!("error: failed to create token: {}\n", e.message)),
    }
}
