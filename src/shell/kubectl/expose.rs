//! `kubectl expose`, as kubectl's pkg/cmd/expose does it: for each object named (from the server, or as written in
//! `-f` files) that `CanBeExposed` allows (pods, services, deployments, replica sets, replication controllers; not
//! StatefulSets: a StatefulSet's headless Service is written by hand or with `create service clusterip
//! --clusterip=None`), the selector, ports, protocols and labels are read from it (polymorphichelpers) unless the
//! flags give them, and the Service built by `createService` is created (`service/NAME exposed`). Like kubectl, the
//! selector and ports found for the first object are kept for the next ones.

use super::create::{check_output, print};
use super::flags::{self, flag, opt};
use super::mutate::dry_run;
use super::{api_err, name_of, namespace, not_found, read_filenames, resource_args, resource_of};
use crate::cluster::meta;
use crate::json;
use crate::shell::{Io, Session};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// `fmt.Errorf("cannot expose a %s", kind)` with the GroupKind's `Kind.group` form.
fn can_be_exposed(kind: &str, group: &str) -> Result<(), String> {
    match (kind, group) {
        ("Pod" | "Service" | "ReplicationController", "") | ("Deployment" | "ReplicaSet", "apps") => Ok(()),
        (k, "") => Err(format!("error: cannot expose a {k}\n")),
        (k, g) => Err(format!("error: cannot expose a {k}.{g}\n")),
    }
}

fn string_map(v: Option<&Value>) -> BTreeMap<String, String> {
    v.and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string())).collect())
        .unwrap_or_default()
}

/// `MakeLabels`: `k=v` joined by commas (Go's map order; the result is parsed back into a map, so any order does).
fn make_labels(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

/// polymorphichelpers `mapBasedSelectorForObject`.
fn selector_for(obj: &Value) -> Result<String, String> {
    let labels = |p: &str| string_map(obj.pointer(p));
    match meta::kind(obj) {
        "Pod" => {
            let l = labels("/metadata/labels");
            if l.is_empty() {
                return Err("the pod has no labels and cannot be exposed".into());
            }
            Ok(make_labels(&l))
        }
        "Service" => match obj.pointer("/spec/selector") {
            None | Some(Value::Null) => Err("the service has no pod selector set".into()),
            Some(_) => Ok(make_labels(&labels("/spec/selector"))),
        },
        "ReplicationController" => Ok(make_labels(&labels("/spec/selector"))),
        kind => {
            let what = if kind == "Deployment" { "deployment" } else { "replicaset" };
            let ml = labels("/spec/selector/matchLabels");
            if ml.is_empty() {
                return Err(format!("invalid {what}: no selectors, therefore cannot be exposed"));
            }
            let exprs = obj.pointer("/spec/selector/matchExpressions").and_then(Value::as_array);
            if exprs.is_some_and(|e| !e.is_empty()) {
                // Go prints the []LabelSelectorRequirement with %+v; this is its shape for string values
                let parts: Vec<String> = exprs
                    .into_iter()
                    .flatten()
                    .map(|e| {
                        let values: Vec<&str> = e
                            .get("values")
                            .and_then(Value::as_array)
                            .into_iter()
                            .flatten()
                            .filter_map(Value::as_str)
                            .collect();
                        format!(
                            "{{Key:{} Operator:{} Values:[{}]}}",
                            meta::s(e, "/key"),
                            meta::s(e, "/operator"),
                            values.join(" ")
                        )
                    })
                    .collect();
                return Err(format!(
                    "couldn't convert expressions - \"[{}]\" to map-based selector format",
                    parts.join(" ")
                ));
            }
            Ok(make_labels(&ml))
        }
    }
}

/// The pod spec ports are read from (`getPorts`), or None for a Service (`getServicePorts`).
fn pod_spec(obj: &Value) -> Option<&Value> {
    match meta::kind(obj) {
        "Pod" => obj.get("spec"),
        "Service" => None,
        _ => obj.pointer("/spec/template/spec"),
    }
}

/// (port, protocol) in the object's order: containers' ports, or a Service's ports.
fn object_ports(obj: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |p: &Value, field: &str| {
        let port = p.get(field).and_then(Value::as_i64).unwrap_or(0).to_string();
        let protocol = match meta::s(p, "/protocol") {
            "" => "TCP",
            other => other,
        };
        out.push((port, protocol.to_string()));
    };
    match pod_spec(obj) {
        Some(spec) => {
            for c in spec.get("containers").and_then(Value::as_array).into_iter().flatten() {
                for p in c.get("ports").and_then(Value::as_array).into_iter().flatten() {
                    push(p, "containerPort");
                }
            }
        }
        None => {
            for p in obj.pointer("/spec/ports").and_then(Value::as_array).into_iter().flatten() {
                push(p, "port");
            }
        }
    }
    out
}

/// expose.go `parseLabels`.
fn parse_labels(spec: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for part in spec.split(',') {
        let kv: Vec<&str> = part.split('=').collect();
        if kv.len() != 2 {
            return Err(format!("error: unexpected label spec: {part}\n"));
        }
        if kv[0].is_empty() {
            return Err("error: unexpected empty label key\n".into());
        }
        out.insert(kv[0].to_string(), kv[1].to_string());
    }
    Ok(out)
}

/// Go's `strconv.Atoi` as expose reads a port.
fn atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("error: strconv.Atoi: parsing {s:?}: invalid syntax\n"));
    }
    s.parse::<i64>().map_err(|_| format!("error: strconv.Atoi: parsing {s:?}: value out of range\n"))
}

/// What the command line sets, and what the first object exposed fills in for the rest.
struct Options<'a> {
    p: &'a flags::Parsed,
    selector: String,
    port: String,
    ports: String,
    labels: String,
}

impl Options<'_> {
    /// expose.go `createService`: the Service in the Go struct's field order, as `--dry-run=client` prints it.
    fn service(
        &self,
        default_name: &str,
        protocols: &BTreeMap<String, Vec<String>>,
        ns: Option<&str>,
    ) -> Result<Value, String> {
        let p = self.p;
        if self.selector.is_empty() {
            return Err("error: selector must be specified\n".into());
        }
        let selector = parse_labels(&self.selector)?;
        let labels = if self.labels.is_empty() { None } else { Some(parse_labels(&self.labels)?) };
        let name = p.get("name").filter(|n| !n.is_empty()).unwrap_or(default_name);
        if name.is_empty() {
            return Err("error: name must be specified\n".into());
        }
        let port_string = if self.ports.is_empty() { &self.port } else { &self.ports };
        let protocol_flag = p.get("protocol").unwrap_or("");
        let mut ports: Vec<(String, i64, String)> = Vec::new();
        if !port_string.is_empty() {
            let list: Vec<&str> = port_string.split(',').collect();
            for (i, s) in list.iter().enumerate() {
                let port = atoi(s)?;
                let name = if list.len() > 1 { format!("port-{}", i + 1) } else { String::new() };
                let mut protocol = protocol_flag.to_string();
                if protocol.is_empty() {
                    protocol = "TCP".into();
                    if let Some(found) = protocols.get(*s) {
                        if found.len() == 1 {
                            protocol = found[0].clone();
                        } else {
                            for pr in found {
                                ports.push((format!("port-{}-{}", i + 1, pr.to_lowercase()), port, pr.clone()));
                            }
                            continue;
                        }
                    }
                }
                ports.push((name, port, protocol));
            }
        }
        // intstr.Parse: a number is an int, anything else a name
        let target = |port: i64| match p.get("target-port").filter(|t| !t.is_empty()) {
            Some(t) => t.parse::<i32>().map(|n| json!(n)).unwrap_or_else(|_| json!(t)),
            None => json!(port),
        };
        let ports: Vec<Value> = ports
            .into_iter()
            .map(|(name, port, protocol)| {
                let mut m = Map::new();
                if !name.is_empty() {
                    m.insert("name".into(), json!(name));
                }
                m.insert("protocol".into(), json!(protocol));
                m.insert("port".into(), json!(port));
                m.insert("targetPort".into(), target(port));
                Value::Object(m)
            })
            .collect();
        let mut md = Map::new();
        md.insert("name".into(), json!(name));
        if let Some(ns) = ns {
            md.insert("namespace".into(), json!(ns));
        }
        if let Some(l) = labels.filter(|l| !l.is_empty()) {
            md.insert("labels".into(), json!(l));
        }
        let mut spec = Map::new();
        if !ports.is_empty() {
            spec.insert("ports".into(), json!(ports));
        }
        spec.insert("selector".into(), json!(selector));
        match p.get("cluster-ip").unwrap_or("") {
            "" => {}
            ip => {
                spec.insert("clusterIP".into(), json!(ip));
            }
        }
        let ty = p.get("type").unwrap_or("");
        if !ty.is_empty() {
            spec.insert("type".into(), json!(ty));
        }
        if let Some(ip) = p.get("external-ip").filter(|i| !i.is_empty()) {
            spec.insert("externalIPs".into(), json!([ip]));
        }
        match p.get("session-affinity").unwrap_or("") {
            "" => {}
            a @ ("None" | "ClientIP") => {
                spec.insert("sessionAffinity".into(), json!(a));
            }
            other => return Err(format!("error: unknown session affinity: {other}\n")),
        }
        if ty == "LoadBalancer" {
            if let Some(ip) = p.get("load-balancer-ip").filter(|i| !i.is_empty()) {
                spec.insert("loadBalancerIP".into(), json!(ip));
            }
        }
        Ok(json!({"kind": "Service", "apiVersion": "v1", "metadata": md, "spec": spec,
            "status": {"loadBalancer": {}}}))
    }
}

pub fn expose(s: &mut Session, args: &[String], stdin: Option<String>) -> Result<Io, String> {
    let p = flags::parse(
        "expose",
        args,
        &[
            opt("protocol", None),
            opt("port", None),
            opt("type", None),
            opt("load-balancer-ip", None),
            opt("selector", None),
            opt("labels", Some('l')),
            opt("target-port", None),
            opt("external-ip", None),
            opt("name", None),
            opt("session-affinity", None),
            opt("cluster-ip", None),
            opt("field-manager", None),
            opt("overrides", None),
            opt("override-type", None),
            flag("dry-run", None),
            flag("save-config", None),
            flag("record", None),
            opt("output", Some('o')),
            opt("template", None),
            flag("allow-missing-template-keys", None),
            flag("show-managed-fields", None),
            opt("filename", Some('f')),
            flag("recursive", Some('R')),
        ],
    )?;
    let dry = dry_run(&p)?;
    let output = p.get("output").unwrap_or("").to_string();
    check_output(&output)?;
    if p.get("overrides").is_some() {
        return Err("error: `kubectl expose --overrides` is not simulated here\n".into());
    }
    let ns = namespace(&p);
    let explicit_ns = p.get("namespace").map(str::to_string);
    // The builder's objects: `-f` files as written (not read back from the server), else TYPE NAME from it.
    let mut objects: Vec<Result<Value, String>> = Vec::new();
    let files = p.all("filename");
    if !files.is_empty() {
        for (_, docs) in read_filenames(s, &files, &stdin)? {
            objects.extend(docs.into_iter().map(Ok));
        }
    }
    let groups = resource_args(&p.args)?;
    if files.is_empty() && groups.is_empty() {
        return Err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n".into());
    }
    if groups.iter().any(|(_, names)| names.is_empty()) {
        return Err("error: resource(s) were provided, but no name was specified\n".into());
    }
    for (res, names) in groups {
        for n in names {
            objects.push(match s.cluster.get(res.kind, &ns, &n) {
                Ok(o) => Ok(o),
                Err(e) if e.code == 404 => Err(not_found(res, &n)),
                Err(e) => Err(api_err(&e)),
            });
        }
    }
    let mut o = Options {
        p: &p,
        selector: p.get("selector").unwrap_or("").to_string(),
        port: p.get("port").unwrap_or("").to_string(),
        ports: String::new(),
        labels: p.get("labels").unwrap_or("").to_string(),
    };
    let mut io = Io::default();
    // ContinueOnError: each object's error is printed and the rest still run
    let mut failed = Vec::new();
    for obj in objects {
        match expose_one(s, &mut o, obj, dry, &output, &explicit_ns, &ns) {
            Ok(text) => io.out(text),
            Err(e) => failed.push(e),
        }
    }
    if !failed.is_empty() {
        io.code = 1;
        for e in failed {
            io.err(e);
        }
    }
    Ok(io)
}

#[allow(clippy::too_many_arguments)]
fn expose_one(
    s: &mut Session,
    o: &mut Options,
    obj: Result<Value, String>,
    dry: Option<&str>,
    output: &str,
    explicit_ns: &Option<String>,
    ns: &str,
) -> Result<String, String> {
    let obj = obj?;
    let res = resource_of(&obj)?;
    can_be_exposed(res.kind, res.group)?;
    // a Service name is a DNS-1035 label: at most 63 characters
    let default_name: String = name_of(&obj).chars().take(63).collect();
    if o.selector.is_empty() {
        o.selector = selector_for(&obj)
            .map_err(|e| format!("error: couldn't retrieve selectors via --selector flag or introspection: {e}\n"))?;
    }
    let headless = o.p.get("cluster-ip") == Some("None");
    let found = object_ports(&obj);
    if o.port.is_empty() {
        let mut unique: Vec<&str> = Vec::new();
        for (port, _) in &found {
            if !unique.contains(&port.as_str()) {
                unique.push(port);
            }
        }
        match unique.as_slice() {
            [] if !headless => return Err("error: couldn't find port via --port flag or introspection\n".into()),
            [] => {}
            [one] => o.port = one.to_string(),
            many => o.ports = many.join(","),
        }
    }
    let mut protocols: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (port, protocol) in found {
        protocols.entry(port).or_default().push(protocol);
    }
    if o.labels.is_empty() {
        o.labels = make_labels(&string_map(obj.pointer("/metadata/labels")));
    }
    let mut service = o.service(&default_name, &protocols, explicit_ns.as_deref())?;
    if dry == Some("client") {
        return print(&service, output, "service", dry).map(|t| exposed(t, output));
    }
    service["metadata"]["namespace"] = json!(ns);
    let made = if dry == Some("server") { s.cluster.create_dry_run(service) } else { s.cluster.create(service) };
    let made = made.map_err(|e| api_err(&e))?;
    s.cluster.settle();
    print(&made, output, "service", dry).map(|t| exposed(t, output))
}

/// The printer's operation is `exposed`, where the create printer's is `created`.
fn exposed(text: String, output: &str) -> String {
    if output.is_empty() {
        text.replacen(" created", " exposed", 1)
    } else {
        text
    }
}
