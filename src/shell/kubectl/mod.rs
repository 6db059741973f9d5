//! `kubectl` against the simulated cluster: what each verb prints and its errors, as kubectl v1.37 does.

mod create;
mod describe;
mod diff;
mod drain;
mod events;
pub mod explain;
mod expose;
pub mod flags;
mod get;
pub mod gosort;
mod mutate;
mod taint;
mod workload;

use serde_json::Value;

use super::kinds::{self, Resource};
use super::{Io, Session};
use crate::cluster::selector::{FieldSelector, LabelSelector};
use crate::cluster::ApiError;

pub fn run(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    // global flags may come before the verb (`kubectl -n kube-system get pods`, `kubectl --namespace x ...`)
    let mut pre: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() && args[i].starts_with('-') {
        let a = &args[i];
        pre.push(a.clone());
        let takes_value = flags::GLOBAL
            .iter()
            .any(|f| f.value && (a == &format!("--{}", f.long) || f.short.is_some_and(|c| a == &format!("-{c}"))));
        if takes_value && i + 1 < args.len() {
            pre.push(args[i + 1].clone());
            i += 1;
        }
        i += 1;
    }
    let Some(verb) = args.get(i) else {
        return Io::ok(HELP);
    };
    // They join the verb's own flags, before a `--` (what follows it is the container's command line:
    // `kubectl -n kube-system exec deploy/coredns -- sh` must not run `sh -n kube-system`).
    let mut rest: Vec<String> = args[i + 1..].to_vec();
    let at = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    rest.splice(at..at, pre);
    let r = match verb.as_str() {
        "get" => get::get(s, &rest),
        "describe" => describe::describe(s, &rest),
        "events" => events::events(s, &rest),
        "logs" | "log" => workload::logs(s, &rest),
        "exec" => workload::exec(s, &rest),
        "apply" => mutate::apply(s, &rest, stdin, false),
        "diff" => Ok(diff::diff(s, &rest, stdin)),
        "create" => match create::subcommand(&rest) {
            Some(words) => create::run(s, &rest, &words),
            None => mutate::create(s, &rest, stdin),
        },
        "replace" => mutate::apply(s, &rest, stdin, true),
        "expose" => expose::expose(s, &rest, stdin),
        "delete" => mutate::delete(s, &rest, stdin),
        "scale" => mutate::scale(s, &rest),
        "cordon" => drain::cordon(s, &rest, true),
        "uncordon" => drain::cordon(s, &rest, false),
        "drain" => drain::drain(s, &rest),
        "taint" => taint::taint(s, &rest),
        "patch" => mutate::patch(s, &rest),
        "label" => mutate::label(s, &rest, "label"),
        "annotate" => mutate::label(s, &rest, "annotate"),
        "set" => mutate::set(s, &rest),
        "edit" => Err(
            "error: kubectl edit opens an editor, which this terminal does not have.\n\
             Edit the manifest in the playground's editor and `kubectl apply -f FILE`, or use \
             `kubectl patch`, `kubectl scale`, `kubectl set image` or `kubectl label`.\n"
                .to_string(),
        ),
        "explain" => explain::explain(&rest),
        "rollout" => workload::rollout(s, &rest),
        "port-forward" => workload::port_forward(s, &rest),
        "run" => workload::run_pod(s, &rest),
        "wait" => workload::wait(s, &rest),
        "version" => Ok(version()),
        "cluster-info" => Ok(Io::ok(
            "Kubernetes control plane is running at https://192.168.49.2:8443\nCoreDNS is running at https://192.168.49.2:8443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
        )),
        "api-resources" => Ok(api_resources()),
        "api-versions" => Ok(api_versions()),
        "auth" => auth(&rest),
        // minikube without the metrics-server addon: the metrics.k8s.io API is not served (kubectl top's error).
        "top" => match rest.first().map(String::as_str) {
            Some("pod" | "pods" | "po" | "node" | "nodes" | "no") => Err("error: Metrics API not available\n".into()),
            Some(other) => Err(format!("error: unknown command \"{other}\"\nSee 'kubectl top -h' for help and examples\n")),
            None => Err(TOP_HELP.into()),
        },
        "config" => match rest.first().map(String::as_str) {
            Some("current-context") => Ok(Io::ok("minikube\n")),
            Some("get-contexts") => Ok(Io::ok(
                "CURRENT   NAME       CLUSTER    AUTHINFO   NAMESPACE\n*         minikube   minikube   minikube   default\n",
            )),
            _ => Err("error: only `kubectl config current-context` and `get-contexts` are simulated here\n".into()),
        },
        "help" | "--help" | "-h" => Ok(Io::ok(HELP)),
        other => Err(format!("error: unknown command \"{other}\" for \"kubectl\"\n")),
    };
    let mut io = match r {
        Ok(io) => io,
        Err(e) => Io::fail(1, e),
    };
    // klog writes the deprecation warning when the command reads --dry-run, before anything else it prints
    // (a command without the flag failed on it instead)
    if let Some((line, text)) = mutate::dry_run_warning(&rest) {
        if !io.text().contains("unknown flag: --dry-run") {
            let header = klog_header(s.cluster.now(), line);
            io.chunks.insert(0, (true, format!("{header}{text}\n")));
        }
    }
    io
}

/// klog's header for a warning from kubectl's helpers.go: `Wmmdd hh:mm:ss.uuuuuu PID file:line] ` at the
/// simulated time, with a stand-in process id.
fn klog_header(now_ms: u64, line: u32) -> String {
    let t = crate::cluster::meta::rfc3339_micro(now_ms);
    format!("W{}{} {} {:>7} helpers.go:{line}] ", &t[5..7], &t[8..10], &t[11..26], 4243)
}

const HELP: &str = "kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  events          List events

Advanced Commands:
  diff            Diff the live version against a would-be applied version
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  replace         Replace a resource by file name or stdin
  wait            Experimental: Wait for a specific condition on one or many resources

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Cluster Management Commands:
  cluster-info    Display cluster information
  top             Display resource (CPU/memory) usage
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable
  drain           Drain node in preparation for maintenance
  taint           Update the taints on one or more nodes

Other Commands:
  api-resources   Print the supported API resources on the server
  config          Modify kubeconfig files
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use \"kubectl <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";

/// `kubectl version`: the client is the kubectl the playground imitates, the server the cluster's own version;
/// more than one minor version apart, kubectl warns on stderr (pkg/cmd/version/version.go).
fn version() -> Io {
    let (client, server) = (crate::KUBECTL_VERSION, crate::cluster::K8S_VERSION);
    let mut io = Io::ok(format!("Client Version: {client}\nKustomize Version: v5.8.1\nServer Version: {server}\n"));
    let minor =
        |v: &str| v.trim_start_matches("v1.").split('.').next().and_then(|m| m.parse::<i64>().ok()).unwrap_or(0);
    if (minor(client) - minor(server)).abs() > 1 {
        let short = |v: &str| v.trim_start_matches('v').rsplit_once('.').map(|x| x.0.to_string()).unwrap_or_default();
        io.err(format!(
            "Warning: version difference between client ({}) and server ({}) exceeds the supported minor version skew of +/-1\n",
            short(client),
            short(server)
        ));
    }
    io
}

/// `kubectl api-versions`: the group/versions the cluster serves, sorted as strings (so `v1` comes last);
/// authorization.k8s.io is there for `auth can-i`'s SelfSubjectAccessReview.
fn api_versions() -> Io {
    let mut v: Vec<String> = kinds::RESOURCES.iter().map(|r| r.api_version()).collect();
    v.push("authorization.k8s.io/v1".into());
    crate::sort::sort(&mut v);
    v.dedup();
    Io::ok(v.iter().map(|x| format!("{x}\n")).collect::<String>())
}

/// `kubectl auth can-i` and `whoami`. minikube's kubeconfig user holds a client certificate in the
/// system:masters group, which RBAC allows everything, so every question is answered `yes`; a resource type the
/// server does not know is warned about first, as kubectl does.
fn auth(args: &[String]) -> Result<Io, String> {
    match args.first().map(String::as_str) {
        Some("can-i") => {
            let p = flags::parse(
                "auth can-i",
                &args[1..],
                &[
                    flags::flag("all-namespaces", Some('A')),
                    flags::flag("quiet", Some('q')),
                    flags::flag("list", None),
                    flags::opt("subresource", None),
                ],
            )?;
            if p.has("list") {
                return Err(
                    "error: `kubectl auth can-i --list` is not simulated; every request is allowed (system:masters)\n"
                        .into(),
                );
            }
            if p.args.len() != 2 && !(p.args.len() == 1 && p.args[0].starts_with('/')) {
                return Err("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.\n".into());
            }
            let mut io = Io::default();
            if let Some(what) = p.args.get(1) {
                let kind = what.split('/').next().unwrap_or("");
                if !what.starts_with('/') && kinds::lookup(kind).is_none() {
                    io.err(format!("Warning: the server doesn't have a resource type '{kind}'\n\n"));
                }
            }
            if !p.has("quiet") {
                io.out("yes\n");
            }
            Ok(io)
        }
        Some("whoami") => Ok(Io::ok(
            "ATTRIBUTE   VALUE\nUsername    minikube-user\nGroups      [system:masters system:authenticated]\n",
        )),
        Some(other) => Err(format!(
            "error: unknown command \"{other}\" for \"kubectl auth\"\nRun 'kubectl auth --help' for usage.\n"
        )),
        None => Err("error: you must specify a subcommand: can-i, reconcile, whoami\n".into()),
    }
}

fn api_resources() -> Io {
    let mut lines =
        vec![vec!["NAME".to_string(), "SHORTNAMES".into(), "APIVERSION".into(), "NAMESPACED".into(), "KIND".into()]];
    let mut rs: Vec<&Resource> = kinds::RESOURCES.iter().collect();
    // kubectl groups the core group first, then the others by group name
    crate::sort::sort_by_key(&mut rs, |r| (!r.group.is_empty(), r.group, r.plural));
    for r in rs {
        lines.push(vec![
            r.plural.to_string(),
            r.short.join(","),
            r.api_version(),
            r.namespaced.to_string(),
            r.kind.to_string(),
        ]);
    }
    Io::ok(super::printers::tabwrite(&lines))
}

/// The namespace a command works in (`-n`, else `default`).
pub(crate) fn namespace(p: &flags::Parsed) -> String {
    p.get("namespace").unwrap_or("default").to_string()
}

/// `error: the server doesn't have a resource type "foo"`.
pub(crate) fn resource(name: &str) -> Result<&'static Resource, String> {
    kinds::lookup(name).ok_or_else(|| format!("error: the server doesn't have a resource type \"{name}\"\n"))
}

/// `pods "x" not found` as the API server words it.
pub(crate) fn not_found(r: &Resource, name: &str) -> String {
    format!("Error from server (NotFound): {} \"{name}\" not found\n", r.plural_group())
}

pub(crate) fn api_err(e: &ApiError) -> String {
    if let Some(t) = invalid_text(e) {
        return t;
    }
    format!("{}\n", e.kubectl_text())
}

/// kubectl's checkErr for 422 Invalid: `The StatefulSet "web" is invalid: CAUSE`, or one `* CAUSE` line each
/// (cmdutil `MultilineError`), whatever the wrapping message said.
pub(crate) fn invalid_text(e: &ApiError) -> Option<String> {
    let (qkind, name, causes) = e.invalid_causes()?;
    let kind = qkind.split('.').next().unwrap_or(&qkind);
    let prefix = format!("The {kind} \"{name}\" is invalid: ");
    Some(if causes.len() == 1 {
        format!("{prefix}{}\n", causes[0])
    } else {
        format!("{prefix}\n{}", causes.iter().map(|c| format!("* {c}\n")).collect::<String>())
    })
}

/// Splits `TYPE NAME...` or `TYPE/NAME ...` arguments into (resource, names) groups.
pub(crate) fn resource_args(args: &[String]) -> Result<Vec<(&'static Resource, Vec<String>)>, String> {
    let mut out: Vec<(&'static Resource, Vec<String>)> = Vec::new();
    if args.is_empty() {
        return Ok(out);
    }
    if args.iter().any(|a| a.contains('/')) {
        for a in args {
            let Some((t, n)) = a.split_once('/') else {
                return Err("error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n".to_string());
            };
            let r = resource(t)?;
            match out.iter_mut().find(|(x, _)| x.kind == r.kind) {
                Some((_, names)) => names.push(n.to_string()),
                None => out.push((r, vec![n.to_string()])),
            }
        }
        return Ok(out);
    }
    for t in args[0].split(',').filter(|t| !t.is_empty()) {
        if t == "all" {
            for a in kinds::ALL {
                out.push((resource(a)?, vec![]));
            }
        } else {
            out.push((resource(t)?, vec![]));
        }
    }
    // `TYPE1,TYPE2 NAME...`: each type with those names (the builder's ResourceTypeOrNameArgs)
    let names: Vec<String> = args[1..].to_vec();
    for group in out.iter_mut() {
        group.1 = names.clone();
    }
    Ok(out)
}

/// `-l`: the API server's label selector grammar (crate::cluster::selector), with kubectl's `error: ` prefix on bad
/// input; matched against an object's labels.
pub(crate) struct Selector(LabelSelector);

impl Selector {
    pub fn parse(s: &str) -> Result<Selector, String> {
        LabelSelector::parse(s).map(Selector).map_err(|e| format!("error: {e}\n"))
    }

    pub fn matches(&self, obj: &Value) -> bool {
        self.0.matches(obj.pointer("/metadata/labels").and_then(Value::as_object))
    }
}

/// `--field-selector` with `=`, `==` and `!=`, parsed and matched as the API server does.
pub(crate) fn field_matches(sel: &str, obj: &Value) -> Result<bool, String> {
    let sel = FieldSelector::parse(sel).map_err(|e| format!("error: {e}\n"))?;
    Ok(sel.matches(obj))
}

pub(crate) fn name_of(obj: &Value) -> &str {
    obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("")
}

pub(crate) fn ns_of(obj: &Value) -> &str {
    obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("")
}

/// Unix milliseconds of the simulated "now".
pub(crate) fn now_ms(s: &Session) -> i64 {
    crate::cluster::EPOCH_UNIX * 1000 + s.cluster.now() as i64
}

/// Parses manifests (one or more YAML documents, or JSON) into objects; a `List` is flattened.
pub(crate) fn parse_manifests(text: &str, source: &str) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    let docs = crate::yaml::split_documents(text).map_err(|e| format!("error: error parsing {source}: {e}\n"))?;
    for doc in docs {
        let v = crate::yaml::load(&doc.text)
            .map_err(|e| format!("error: error parsing {source}: error converting YAML to JSON: {}\n", e.go))?;
        match v {
            Value::Null => {}
            Value::Object(ref m) if m.get("kind").and_then(Value::as_str) == Some("List") => {
                if let Some(Value::Array(items)) = m.get("items") {
                    out.extend(items.iter().cloned());
                }
            }
            Value::Object(_) => out.push(v),
            _ => {
                return Err(format!(
                    "error: error validating \"{source}\": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false\n"
                ))
            }
        }
    }
    for o in &out {
        let mut missing = Vec::new();
        if o.get("apiVersion").and_then(Value::as_str).is_none() {
            missing.push("apiVersion not set");
        }
        if o.get("kind").and_then(Value::as_str).is_none() {
            missing.push("kind not set");
        }
        if !missing.is_empty() {
            return Err(format!(
                "error: error validating \"{source}\": error validating data: [{}]; if you choose to ignore these errors, turn validation off with --validate=false\n",
                missing.join(", ")
            ));
        }
        if let Some(e) = crate::cluster::decode::metadata_error(o) {
            return Err(format!("error: unable to decode \"{source}\": {e}\n"));
        }
    }
    Ok(out)
}

/// Reads `-f` arguments: files, directories (their .yaml/.yml/.json files in name order) and `-` (stdin).
pub(crate) fn read_filenames(
    s: &Session,
    files: &[String],
    stdin: &Option<String>,
) -> Result<Vec<(String, Vec<Value>)>, String> {
    let mut out = Vec::new();
    for f in files {
        if f == "-" {
            let text = stdin.clone().unwrap_or_default();
            out.push(("STDIN".to_string(), parse_manifests(&text, "STDIN")?));
        } else if f.starts_with("http://") || f.starts_with("https://") {
            return Err(format!(
                "error: unable to read URL \"{f}\", server reported 0 , status code=0 (the playground has no internet; write the manifest with cat <<EOF > file.yaml)\n"
            ));
        } else if let Ok(b) = s.read_file(f) {
            out.push((f.clone(), parse_manifests(&String::from_utf8_lossy(&b), f)?));
        } else if s.is_dir(f) {
            for (rel, b) in s.dir_files(f) {
                if rel.contains('/') {
                    continue;
                }
                if rel.ends_with(".yaml") || rel.ends_with(".yml") || rel.ends_with(".json") {
                    let path = format!("{}/{rel}", f.trim_end_matches('/'));
                    let docs = parse_manifests(&String::from_utf8_lossy(&b), &path)?;
                    out.push((path, docs));
                }
            }
        } else {
            return Err(format!("error: the path \"{f}\" does not exist\n"));
        }
    }
    Ok(out)
}

/// The resource of a manifest object, or kubectl's error for an unknown kind.
pub(crate) fn resource_of(obj: &Value) -> Result<&'static Resource, String> {
    let kind = obj.get("kind").and_then(Value::as_str).unwrap_or("");
    let api = obj.get("apiVersion").and_then(Value::as_str).unwrap_or("");
    kinds::by_kind(kind).filter(|r| r.api_version() == api).ok_or_else(|| {
        format!(
            "error: resource mapping not found for name: \"{}\" namespace: \"{}\" from \"\": no matches for kind \"{kind}\" in version \"{api}\"\nensure CRDs are installed first\n",
            name_of(obj),
            ns_of(obj)
        )
    })
}

/// `kubectl top` without a subcommand prints its help (kubectl 1.37.1) and fails.
const TOP_HELP: &str = "Display resource (CPU/memory) usage.

 This command provides a view of recent resource consumption for nodes and pods. It fetches metrics from the Metrics Server, which aggregates this data from the kubelet on each node. The Metrics Server must be installed and running in the cluster for this command to work.

 The metrics shown are specifically optimized for Kubernetes autoscaling decisions, such as those made by the Horizontal Pod Autoscaler (HPA) and Vertical Pod Autoscaler (VPA). Because of this, the values may not match those from standard OS tools like 'top', as the metrics are designed to provide a stable signal for autoscalers rather than for pinpoint accuracy.

 FAQ for Metrics Server: https://github.com/kubernetes-sigs/metrics-server/blob/master/FAQ.md

 When to use this command:

  *  For on-the-fly spot-checks of resource usage (e.g. identify which pods are consuming the most resources at a glance, or get a quick sense of the load on your nodes)
  *  Understand current resource consumption patterns
  *  Validate the behavior of your HPA or VPA configurations by seeing the metrics they use for scaling decisions.

 It is not intended to be a replacement for full-featured monitoring solutions. Its primary design goal is to provide a low-overhead signal for autoscalers, not to be a perfectly accurate monitoring tool. For high-accuracy reporting, historical analysis, dashboarding, or alerting, you should use a dedicated monitoring solution.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use \"kubectl top <command> --help\" for more information about a given command.
Use \"kubectl options\" for a list of global command-line options (applies to all commands).
";
