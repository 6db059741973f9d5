//! `kubectl describe`: pod, statefulset, deployment, daemonset, service, pvc and configmap here, the other kinds
//! in `describe/kinds.rs`; laid out as kubectl's describe.go does: `Key:\tvalue` lines through a tabwriter with padding 2, nested sections
//! indented by two spaces, and the object's Events table.

use serde_json::Value;

use super::flags::{self, flag, opt};
use super::{api_err, name_of, namespace, not_found, now_ms, resource_args, Selector};
use crate::shell::printers::{self, age, format_labels};
use crate::shell::{Io, Session};

mod kinds;
pub(crate) use kinds::nano;

fn st<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or("")
}

fn or_none(s: &str) -> String {
    if s.is_empty() {
        "<none>".into()
    } else {
        s.to_string()
    }
}

/// Writes `Key:\tvalue` lines; multi-line label maps continue on `\t` lines.
struct Doc {
    lines: Vec<String>,
}

impl Doc {
    fn kv(&mut self, indent: usize, k: &str, v: impl Into<String>) {
        self.lines.push(format!("{}{k}:\t{}", "  ".repeat(indent), v.into()));
    }
    fn head(&mut self, indent: usize, k: &str) {
        self.lines.push(format!("{}{k}:", "  ".repeat(indent)));
    }
    /// describe.go printAnnotationsMultiline: the last-applied annotation is skipped; long or multi-line
    /// values go on their own lines, shortened to 138 characters.
    fn annotations(&mut self, indent: usize, m: Option<&Value>) {
        let mut keys: Vec<(&String, String)> = match m {
            Some(Value::Object(o)) => o
                .iter()
                .filter(|(k, _)| k.as_str() != "kubectl.kubernetes.io/last-applied-configuration")
                .map(|(k, v)| (k, v.as_str().unwrap_or("").trim_end_matches('\n').to_string()))
                .collect(),
            _ => vec![],
        };
        if keys.is_empty() {
            self.kv(indent, "Annotations", "<none>");
            return;
        }
        crate::sort::sort(&mut keys);
        let pad = "  ".repeat(indent);
        for (i, (k, v)) in keys.iter().enumerate() {
            let first = if i == 0 { format!("{pad}Annotations:\t") } else { format!("{pad}\t") };
            if v.len() + k.len() + 2 > 140 || v.contains('\n') {
                self.lines.push(format!("{first}{k}:"));
                for l in v.split('\n') {
                    let short = match l.char_indices().nth(138) {
                        Some((cut, _)) => format!("{}...", &l[..cut]),
                        None => l.to_string(),
                    };
                    self.lines.push(format!("{pad}\t  {short}"));
                }
            } else {
                self.lines.push(format!("{first}{k}: {v}"));
            }
        }
    }

    fn map(&mut self, indent: usize, k: &str, m: Option<&Value>) {
        if k == "Annotations" {
            return self.annotations(indent, m);
        }
        let items: Vec<String> = match m {
            Some(Value::Object(o)) if !o.is_empty() => {
                let mut v: Vec<String> = o.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
                crate::sort::sort(&mut v);
                v
            }
            _ => vec!["<none>".into()],
        };
        for (i, it) in items.iter().enumerate() {
            let it = it.clone();
            if i == 0 {
                self.kv(indent, k, it);
            } else {
                self.lines.push(format!("{}\t{it}", "  ".repeat(indent)));
            }
        }
    }
    fn render(&self) -> String {
        let cells: Vec<Vec<String>> = self.lines.iter().map(|l| l.split('\t').map(str::to_string).collect()).collect();
        printers::tabwrite_with(&cells, 0, 2)
    }
}

pub fn describe(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "describe",
        args,
        &[opt("selector", Some('l')), flag("all-namespaces", Some('A')), flag("show-events", None)],
    )?;
    let ns = namespace(&p);
    if p.args.is_empty() {
        return Err("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples\n".into());
    }
    let selector = match p.get("selector") {
        Some(l) => Some(Selector::parse(l)?),
        None => None,
    };
    let mut io = Io::default();
    let all_ns = p.has("all-namespaces");
    let mut found: Vec<(&'static str, Value)> = Vec::new();
    let groups = resource_args(&p.args)?;
    // `describe TYPE NAME` with no such object describes every object whose name starts with NAME
    // (DescribeMatchingResources); other forms report the NotFound.
    let prefix_form = p.args.len() == 2 && !p.args[0].contains('/');
    let mut by_prefix = false;
    for (res, names) in &groups {
        // The server's deprecation warning for v1 Endpoints, which kubectl prints once.
        if res.kind == "Endpoints" && !io.chunks.iter().any(|(err, _)| *err) {
            io.err(format!("Warning: {}\n", crate::cluster::endpointslice::ENDPOINTS_DEPRECATED));
        }
        let list_ns = if !res.namespaced || all_ns { None } else { Some(ns.as_str()) };
        if names.is_empty() {
            for o in s.cluster.list(res.kind, list_ns) {
                if selector.as_ref().is_none_or(|sel| sel.matches(&o)) {
                    found.push((res.kind, o));
                }
            }
            continue;
        }
        for n in names {
            match s.cluster.get(res.kind, &ns, n) {
                Ok(o) => found.push((res.kind, o)),
                Err(e) if e.code == 404 => {
                    let matching: Vec<Value> = if prefix_form {
                        s.cluster
                            .list(res.kind, list_ns)
                            .into_iter()
                            .filter(|o| name_of(o).starts_with(n.as_str()))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    if matching.is_empty() {
                        io.err(not_found(res, n));
                        io.code = 1;
                    }
                    by_prefix |= !matching.is_empty();
                    found.extend(matching.into_iter().map(|o| (res.kind, o)));
                }
                Err(e) => return Err(api_err(&e)),
            }
        }
    }
    // Since 1.37 (kubernetes#137145) describing more than one object skips their events unless
    // --show-events is given: one events query per object was too many.
    let show_events = match p.get("show-events") {
        Some(v) => v != "false",
        None => found.len() <= 1,
    };
    let docs: Vec<String> = found.iter().map(|(kind, o)| describe_one(s, kind, o, show_events)).collect();
    if docs.is_empty() && io.code == 0 {
        io.err(format!("No resources found in {ns} namespace.\n"));
    }
    // The descriptions come before the NotFound errors, but after the server's warning, which kubectl prints as
    // the response arrives (checked with real kubectl: `describe ep -A` starts with it).
    let warned = io.chunks.first().is_some_and(|(err, text)| *err && text.starts_with("Warning: "));
    // DescribeMatchingResources prints each description and a newline; the others go between blank lines
    let text = if by_prefix { docs.iter().map(|d| format!("{d}\n")).collect() } else { docs.join("\n\n") };
    io.chunks.insert(usize::from(warned), (false, text));
    Ok(io)
}

fn describe_one(s: &Session, kind: &str, o: &Value, show_events: bool) -> String {
    let now = now_ms(s);
    let mut d = Doc { lines: Vec::new() };
    d.kv(0, "Name", name_of(o));
    if !st(o, "/metadata/namespace").is_empty() {
        d.kv(0, "Namespace", st(o, "/metadata/namespace"));
    }
    match kind {
        "Pod" => pod(&mut d, o, now),
        "StatefulSet" => statefulset(s, &mut d, o),
        "Deployment" => deployment(s, &mut d, o),
        "DaemonSet" => daemonset(s, &mut d, o),
        "Service" => service(s, &mut d, o),
        "PersistentVolumeClaim" => pvc(s, &mut d, o),
        "Node" => kinds::node(s, &mut d, o, now),
        "PersistentVolume" => kinds::pv(&mut d, o, now),
        "StorageClass" => kinds::storage_class(&mut d, o),
        "PodDisruptionBudget" => kinds::pod_disruption_budget(&mut d, o),
        "Secret" => {
            kinds::secret(&mut d, o);
            return d.render();
        }
        "ServiceAccount" => kinds::service_account(&mut d, o),
        "Namespace" => {
            kinds::namespace(&mut d, o);
            return d.render();
        }
        "ReplicaSet" => kinds::replica_set(s, &mut d, o),
        "Endpoints" => kinds::endpoints(&mut d, o),
        // describeEndpointSliceV1 ends with the events, as the others (real kubectl prints `Events: <none>`).
        "EndpointSlice" => kinds::endpoint_slice(&mut d, o),
        "ControllerRevision" | "Event" | "Lease" => return kinds::generic(s, o, now, show_events),
        "ConfigMap" => {
            d.map(0, "Labels", o.pointer("/metadata/labels"));
            d.map(0, "Annotations", o.pointer("/metadata/annotations"));
            d.lines.push(String::new());
            d.lines.push("Data".into());
            d.lines.push("====".into());
            // keys sorted (slices.Sorted(maps.Keys(...))), binary data as its decoded size
            let sorted = |p: &str| {
                let mut m: Vec<(String, Value)> =
                    o.get(p).and_then(Value::as_object).cloned().unwrap_or_default().into_iter().collect();
                crate::sort::sort_by(&mut m, |a, b| a.0.cmp(&b.0));
                m
            };
            for (k, v) in sorted("data") {
                d.lines.push(format!("{k}:"));
                d.lines.push("----".into());
                d.lines.push(v.as_str().unwrap_or("").to_string());
                d.lines.push(String::new());
            }
            d.lines.push(String::new());
            d.lines.push("BinaryData".into());
            d.lines.push("====".into());
            for (k, v) in sorted("binaryData") {
                let n = crate::base64::decode(v.as_str().unwrap_or("")).map_or(0, |b| b.len());
                d.lines.push(format!("{k}: {n} bytes"));
            }
            d.lines.push(String::new());
        }
        _ => {
            d.map(0, "Labels", o.pointer("/metadata/labels"));
            d.map(0, "Annotations", o.pointer("/metadata/annotations"));
        }
    }
    if !show_events {
        return d.render();
    }
    match events(s, kind, o, now) {
        None => {
            d.kv(0, "Events", "<none>");
            d.render()
        }
        Some(table) => {
            let mut out = d.render();
            out.push_str(&table);
            out
        }
    }
}

fn pod(d: &mut Doc, o: &Value, now: i64) {
    d.kv(0, "Priority", o.pointer("/spec/priority").and_then(Value::as_i64).unwrap_or(0).to_string());
    // describePod prints these two only when set (static pods have no service account).
    if !st(o, "/spec/priorityClassName").is_empty() {
        d.kv(0, "Priority Class Name", st(o, "/spec/priorityClassName"));
    }
    if !st(o, "/spec/serviceAccountName").is_empty() {
        d.kv(0, "Service Account", st(o, "/spec/serviceAccountName"));
    }
    let node = st(o, "/spec/nodeName");
    let host_ip = st(o, "/status/hostIP");
    d.kv(0, "Node", if node.is_empty() { "<none>".into() } else { format!("{node}/{host_ip}") });
    if let Some(t) = printers::parse_time(st(o, "/status/startTime")) {
        d.kv(0, "Start Time", rfc1123z(t));
    }
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    // A finished pod shows its phase even while deleted; "lasts" is the time since deletionTimestamp, which is
    // still ahead during the grace period, so HumanDuration says <invalid> as real kubectl does.
    let phase = st(o, "/status/phase");
    match printers::parse_time(st(o, "/metadata/deletionTimestamp")) {
        Some(at) if !matches!(phase, "Failed" | "Succeeded") => {
            d.kv(0, "Status", format!("Terminating (lasts {})", printers::human_duration(now - at)));
            let grace = o.pointer("/metadata/deletionGracePeriodSeconds").and_then(Value::as_i64).unwrap_or(0);
            d.kv(0, "Termination Grace Period", format!("{grace}s"));
        }
        _ => d.kv(0, "Status", phase),
    }
    for (label, key) in [("Reason", "/status/reason"), ("Message", "/status/message")] {
        if !st(o, key).is_empty() {
            d.kv(0, label, st(o, key));
        }
    }
    if !st(o, "/spec/securityContext/seccompProfile/type").is_empty() {
        d.kv(0, "SeccompProfile", st(o, "/spec/securityContext/seccompProfile/type"));
    }
    d.kv(0, "IP", st(o, "/status/podIP"));
    match o.pointer("/status/podIPs").and_then(Value::as_array) {
        Some(ips) if !ips.is_empty() => {
            d.head(0, "IPs");
            for ip in ips {
                d.kv(1, "IP", st(ip, "/ip"));
            }
        }
        _ => d.kv(0, "IPs", "<none>"),
    }
    if let Some(r) = controller(o) {
        d.kv(0, "Controlled By", r);
    }
    // describeContainers: the init containers (when there are any) above the regular ones.
    if let Some(init) = o.pointer("/spec/initContainers").and_then(Value::as_array).filter(|a| !a.is_empty()) {
        containers(d, "", "Init Containers", init, o.pointer("/status/initContainerStatuses"), now);
    }
    let specs = o.pointer("/spec/containers").and_then(Value::as_array).cloned().unwrap_or_default();
    containers(d, "", "Containers", &specs, o.pointer("/status/containerStatuses"), now);
    let conds = o.pointer("/status/conditions").and_then(Value::as_array).cloned().unwrap_or_default();
    if !conds.is_empty() {
        d.head(0, "Conditions");
        d.lines.push("  Type\tStatus".into());
        for c in conds {
            d.lines.push(format!("  {} \t{} ", st(&c, "/type"), st(&c, "/status")));
        }
    }
    volumes(d, "", o.pointer("/spec/volumes"));
    d.kv(0, "QoS Class", or_none(st(o, "/status/qosClass")));
    d.map(0, "Node-Selectors", o.pointer("/spec/nodeSelector"));
    tolerations(d, 0, o.pointer("/spec/tolerations"));
}

/// printTolerationsMultilineWithIndent: sorted by key (Go's sort.Slice, stable for so few), `KEY[=VALUE][:EFFECT]`,
/// ` op=Exists` for an Exists toleration without value (no space when it has neither key nor effect: it tolerates
/// everything), ` for Ns`; further lines start at the value column.
fn tolerations(d: &mut Doc, indent: usize, list: Option<&Value>) {
    let mut list: Vec<&Value> = list.and_then(Value::as_array).map(|a| a.iter().collect()).unwrap_or_default();
    crate::sort::sort_by(&mut list, |a, b| st(a, "/key").cmp(st(b, "/key")));
    if list.is_empty() {
        d.kv(indent, "Tolerations", "<none>");
    }
    for (i, t) in list.into_iter().enumerate() {
        let (key, value, effect) = (st(t, "/key"), st(t, "/value"), st(t, "/effect"));
        let mut s = key.to_string();
        if !value.is_empty() {
            s.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            s.push_str(&format!(":{effect}"));
        }
        if st(t, "/operator") == "Exists" && value.is_empty() {
            s.push_str(if key.is_empty() && effect.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(secs) = t.get("tolerationSeconds").and_then(Value::as_i64) {
            s.push_str(&format!(" for {secs}s"));
        }
        if i == 0 {
            d.kv(indent, "Tolerations", s);
        } else {
            d.lines.push(format!("\t{s}"));
        }
    }
}

/// describe.go describeContainerPorts: `80/TCP (web)`, and the host side `0/TCP (web)`.
fn port_strings(c: &Value) -> (String, String) {
    let ports = c.get("ports").and_then(Value::as_array).cloned().unwrap_or_default();
    if ports.is_empty() {
        return ("<none>".into(), "<none>".into());
    }
    let one = |p: &Value, n: i64| {
        let name = st(p, "/name");
        let base = format!("{n}/{}", or_tcp(st(p, "/protocol")));
        if name.is_empty() {
            base
        } else {
            format!("{base} ({name})")
        }
    };
    let cp: Vec<String> =
        ports.iter().map(|p| one(p, p.get("containerPort").and_then(Value::as_i64).unwrap_or(0))).collect();
    let hp: Vec<String> =
        ports.iter().map(|p| one(p, p.get("hostPort").and_then(Value::as_i64).unwrap_or(0))).collect();
    (cp.join(", "), hp.join(", "))
}

fn or_tcp(p: &str) -> &str {
    if p.is_empty() {
        "TCP"
    } else {
        p
    }
}

/// One `Containers:` (or `Init Containers:`) block of `kubectl describe pod`, as describe.go's describeContainers.
/// describeContainers: `space` is "" for a pod and "  " for a pod template, whose names get one more space.
fn containers(d: &mut Doc, space: &str, title: &str, specs: &[Value], statuses: Option<&Value>, now: i64) {
    d.lines.push(format!("{space}{title}:"));
    let statuses = statuses.and_then(Value::as_array).cloned().unwrap_or_default();
    for c in specs {
        let name = st(c, "/name");
        d.lines.push(format!("  {}{name}:", if space.is_empty() { "" } else { " " }));
        let cs = statuses.iter().find(|x| st(x, "/name") == name);
        // describeContainerBasicInfo: a container with a status shows both IDs, empty while it waits for its image.
        if let Some(cs) = cs {
            d.kv(2, "Container ID", st(cs, "/containerID"));
        }
        d.kv(2, "Image", st(c, "/image"));
        if let Some(cs) = cs {
            d.kv(2, "Image ID", st(cs, "/imageID"));
        }
        // Plural labels when the list has a comma (describeContainerBasicInfo).
        let (port, host_port) = port_strings(c);
        d.kv(2, if port.contains(',') { "Ports" } else { "Port" }, port);
        d.kv(2, if host_port.contains(',') { "Host Ports" } else { "Host Port" }, host_port);
        // describeContainerCommand: one line per word, multi-line words split.
        for (label, key) in [("Command", "command"), ("Args", "args")] {
            if let Some(words) = c.get(key).and_then(Value::as_array).filter(|a| !a.is_empty()) {
                d.head(2, label);
                for w in words {
                    for line in w.as_str().unwrap_or("").split('\n') {
                        d.lines.push(format!("      {line}"));
                    }
                }
            }
        }
        if let Some(cs) = cs {
            container_state(d, "State", cs.get("state"), now);
            if cs.pointer("/lastState/terminated").is_some() {
                container_state(d, "Last State", cs.get("lastState"), now);
            }
            d.kv(2, "Ready", if cs.get("ready").and_then(Value::as_bool) == Some(true) { "True" } else { "False" });
            d.kv(2, "Restart Count", cs.get("restartCount").and_then(Value::as_i64).unwrap_or(0).to_string());
        }
        resources(d, c);
        for (label, key) in
            [("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")]
        {
            if let Some(pr) = c.get(key) {
                d.kv(2, label, probe(pr));
            }
        }
        match c.get("env").and_then(Value::as_array) {
            Some(env) if !env.is_empty() => {
                d.head(2, "Environment");
                for e in env {
                    match e.pointer("/valueFrom/fieldRef") {
                        // describeContainerEnvVars: the value fieldpath.ExtractFieldPathAsString resolves, then
                        // `(apiVersion:fieldPath)`. Only paths it cannot resolve (`spec.nodeName`) and templates are
                        // printed right: the pod's metadata values are not looked up here (they print empty).
                        Some(f) => {
                            let path = st(f, "/fieldPath");
                            d.kv(3, st(e, "/name"), format!(" ({}:{path})", st(f, "/apiVersion")));
                        }
                        None => d.kv(3, st(e, "/name"), st(e, "/value")),
                    }
                }
            }
            _ => d.kv(2, "Environment", "<none>"),
        }
        mounts(d, c);
    }
}

/// describe.go describeVolumes: `space` is "" for a pod and "  " for a pod template (whose volume names get one
/// more space); each source's lines sit at LEVEL_2 either way, as the print*VolumeSource functions write them.
fn volumes(d: &mut Doc, space: &str, list: Option<&Value>) {
    let list = list.and_then(Value::as_array).cloned().unwrap_or_default();
    if list.is_empty() {
        d.lines.push(format!("{space}Volumes:\t<none>"));
        return;
    }
    d.lines.push(format!("{space}Volumes:"));
    let flag = |r: &Value, k: &str| r.get(k).and_then(Value::as_bool).unwrap_or(false).to_string();
    for v in list {
        d.lines.push(format!("  {}{}:", if space.is_empty() { "" } else { " " }, st(&v, "/name")));
        if let Some(h) = v.get("hostPath") {
            d.kv(2, "Type", "HostPath (bare host directory volume)");
            d.kv(2, "Path", st(h, "/path"));
            d.kv(2, "HostPathType", h.get("type").and_then(Value::as_str).unwrap_or("<none>"));
        } else if let Some(e) = v.get("emptyDir") {
            // printEmptyDirVolumeSource: a zero (or absent) sizeLimit is `<unset>`.
            let limit = quantity_string(e.get("sizeLimit")).filter(|q| !q.trim_start_matches(['0', '.']).is_empty());
            d.kv(2, "Type", "EmptyDir (a temporary directory that shares a pod's lifetime)");
            d.kv(2, "Medium", st(e, "/medium"));
            d.kv(2, "SizeLimit", limit.unwrap_or_else(|| "<unset>".into()));
        } else if let Some(sec) = v.get("secret") {
            d.kv(2, "Type", "Secret (a volume populated by a Secret)");
            d.kv(2, "SecretName", st(sec, "/secretName"));
            d.kv(2, "Optional", flag(sec, "optional"));
        } else if let Some(cm) = v.get("configMap") {
            d.kv(2, "Type", "ConfigMap (a volume populated by a ConfigMap)");
            d.kv(2, "Name", st(cm, "/name"));
            d.kv(2, "Optional", flag(cm, "optional"));
        } else if let Some(c) = v.get("persistentVolumeClaim") {
            d.kv(2, "Type", "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
            d.kv(2, "ClaimName", st(c, "/claimName"));
            d.kv(2, "ReadOnly", flag(c, "readOnly"));
        } else if let Some(da) = v.get("downwardAPI") {
            d.kv(2, "Type", "DownwardAPI (a volume populated by information about the pod)");
            d.head(2, "Items");
            for item in da.get("items").and_then(Value::as_array).into_iter().flatten() {
                for from in ["/fieldRef/fieldPath", "/resourceFieldRef/resource"] {
                    if let Some(f) = item.pointer(from).and_then(Value::as_str) {
                        d.lines.push(format!("      {f} -> {}", st(item, "/path")));
                    }
                }
            }
        } else if let Some(pr) = v.get("projected") {
            // printProjectedVolumeSource: one entry per source, in the pod's order.
            d.kv(2, "Type", "Projected (a volume that contains injected data from multiple sources)");
            for src in pr.get("sources").and_then(Value::as_array).into_iter().flatten() {
                if let Some(sec) = src.get("secret") {
                    d.kv(2, "SecretName", st(sec, "/name"));
                    d.kv(2, "Optional", flag(sec, "optional"));
                } else if src.get("downwardAPI").is_some() {
                    d.kv(2, "DownwardAPI", "true");
                } else if let Some(cm) = src.get("configMap") {
                    d.kv(2, "ConfigMapName", st(cm, "/name"));
                    d.kv(2, "Optional", flag(cm, "optional"));
                } else if let Some(t) = src.get("serviceAccountToken") {
                    d.kv(
                        2,
                        "TokenExpirationSeconds",
                        t.get("expirationSeconds").and_then(Value::as_i64).unwrap_or(0).to_string(),
                    );
                }
            }
        } else {
            // The sources the playground cannot run (cloud disks, NFS, CSI…) print as describe.go's default case.
            d.lines.push("  <unknown>".into());
        }
    }
}

/// Quantity.String(): the canonical form, whether the manifest gave a string or a bare number.
fn quantity_string(q: Option<&Value>) -> Option<String> {
    let text = match q? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(crate::cluster::quantity::canonical(&text).unwrap_or(text))
}

/// describe.go describeResources at LEVEL_2: `Limits:` then `Requests:`, each resource sorted by name.
fn resources(d: &mut Doc, c: &Value) {
    for (label, key) in [("Limits", "/resources/limits"), ("Requests", "/resources/requests")] {
        let Some(m) = c.pointer(key).and_then(Value::as_object).filter(|m| !m.is_empty()) else { continue };
        d.head(2, label);
        let mut names: Vec<&String> = m.keys().collect();
        crate::sort::sort_by(&mut names, |a, b| a.cmp(b));
        for n in names {
            d.kv(3, n, quantity_string(m.get(n)).unwrap_or_default());
        }
    }
}

/// describeContainerVolumes: `Mounts:` then the mounts sorted by path, each `PATH from VOLUME (ro|rw[,path="sub"])`,
/// or `<none>` in the value column.
fn mounts(d: &mut Doc, c: &Value) {
    match c.get("volumeMounts").and_then(Value::as_array) {
        Some(m) if !m.is_empty() => {
            d.head(2, "Mounts");
            let mut m: Vec<&Value> = m.iter().collect();
            crate::sort::sort_by_key(&mut m, |v| st(v, "/mountPath").to_string());
            for v in m {
                let ro = if v.get("readOnly").and_then(Value::as_bool) == Some(true) { "ro" } else { "rw" };
                let sub = st(v, "/subPath");
                let flags = if sub.is_empty() { ro.to_string() } else { format!("{ro},path={sub:?}") };
                d.lines.push(format!("      {} from {} ({flags})", st(v, "/mountPath"), st(v, "/name")));
            }
        }
        _ => d.kv(2, "Mounts", "<none>"),
    }
}

fn container_state(d: &mut Doc, label: &str, state: Option<&Value>, _now: i64) {
    let Some(state) = state else { return };
    if let Some(r) = state.get("running") {
        d.kv(2, label, "Running");
        if let Some(t) = printers::parse_time(st(r, "/startedAt")) {
            d.kv(3, "Started", rfc1123z(t));
        }
    } else if let Some(w) = state.get("waiting") {
        d.kv(2, label, "Waiting");
        d.kv(3, "Reason", st(w, "/reason"));
    } else if let Some(t) = state.get("terminated") {
        d.kv(2, label, "Terminated");
        d.kv(3, "Reason", st(t, "/reason"));
        d.kv(3, "Exit Code", t.get("exitCode").and_then(Value::as_i64).unwrap_or(0).to_string());
        if let Some(x) = printers::parse_time(st(t, "/startedAt")) {
            d.kv(3, "Started", rfc1123z(x));
        }
        if let Some(x) = printers::parse_time(st(t, "/finishedAt")) {
            d.kv(3, "Finished", rfc1123z(x));
        }
    }
}

/// describe.go DescribeProbe, as kubectl 1.37.1 prints it:
/// `http-get http://:http/ delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3`.
fn probe(p: &Value) -> String {
    let n = |k: &str, def: i64| p.get(k).and_then(Value::as_i64).unwrap_or(def);
    let attrs = format!(
        "delay={}s timeout={}s period={}s successThreshold={} failureThreshold={}",
        n("initialDelaySeconds", 0),
        n("timeoutSeconds", 1),
        n("periodSeconds", 10),
        n("successThreshold", 1),
        n("failureThreshold", 3)
    );
    if let Some(h) = p.get("httpGet") {
        let port = match h.get("port") {
            Some(Value::Number(x)) => x.to_string(),
            Some(Value::String(x)) => x.clone(),
            _ => String::new(),
        };
        let scheme = st(h, "/scheme").to_lowercase();
        let scheme = if scheme.is_empty() { "http".into() } else { scheme };
        return format!("http-get {scheme}://{}:{port}{} {attrs}", st(h, "/host"), st(h, "/path"));
    }
    if let Some(t) = p.get("tcpSocket") {
        let port = t.get("port").map(|x| x.to_string().trim_matches('"').to_string()).unwrap_or_default();
        return format!("tcp-socket :{port} {attrs}");
    }
    if let Some(e) = p.get("exec") {
        let cmd: Vec<&str> = e
            .get("command")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    format!("unknown {attrs}")
}

fn controller(o: &Value) -> Option<String> {
    o.pointer("/metadata/ownerReferences")?
        .as_array()?
        .iter()
        .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
        .map(|r| format!("{}/{}", st(r, "/kind"), st(r, "/name")))
}

fn statefulset(s: &Session, d: &mut Doc, o: &Value) {
    if let Some(t) = printers::parse_time(st(o, "/metadata/creationTimestamp")) {
        d.kv(0, "CreationTimestamp", rfc1123z(t));
    }
    d.kv(0, "Selector", printers::format_selector(o.pointer("/spec/selector")));
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.kv(0, "Service Name", st(o, "/spec/serviceName"));
    d.kv(
        0,
        "Pod Management Policy",
        match st(o, "/spec/podManagementPolicy") {
            "" => "OrderedReady",
            p => p,
        },
    );
    d.kv(
        0,
        "Replicas",
        format!(
            "{} desired | {} total",
            o.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1),
            o.pointer("/status/replicas").and_then(Value::as_i64).unwrap_or(0)
        ),
    );
    d.kv(0, "Update Strategy", st(o, "/spec/updateStrategy/type"));
    if let Some(pt) = o.pointer("/spec/updateStrategy/rollingUpdate/partition").and_then(Value::as_i64) {
        d.kv(1, "Partition", pt.to_string());
    }
    if let Some(r) = o.pointer("/spec/persistentVolumeClaimRetentionPolicy") {
        d.head(0, "Persistent Volume Claim Retention Policy");
        d.kv(
            1,
            "WhenDeleted",
            match st(r, "/whenDeleted") {
                "" => "Retain",
                x => x,
            },
        );
        d.kv(
            1,
            "WhenScaled",
            match st(r, "/whenScaled") {
                "" => "Retain",
                x => x,
            },
        );
    }
    let ns = st(o, "/metadata/namespace");
    let sel_labels = o.pointer("/spec/selector/matchLabels").cloned();
    let pods: Vec<Value> =
        s.cluster
            .list("Pod", Some(ns))
            .into_iter()
            .filter(|p| {
                sel_labels.as_ref().and_then(Value::as_object).is_some_and(|m| {
                    m.iter().all(|(k, v)| p.pointer("/metadata/labels").and_then(|l| l.get(k)) == Some(v))
                })
            })
            .collect();
    pods_status(d, &pods);
    pod_template(d, o.pointer("/spec/template").unwrap_or(&Value::Null));
    let vcts = o.pointer("/spec/volumeClaimTemplates").and_then(Value::as_array).cloned().unwrap_or_default();
    if vcts.is_empty() {
        d.kv(0, "Volume Claims", "<none>");
    } else {
        d.head(0, "Volume Claims");
    }
    for v in vcts {
        d.kv(1, "Name", st(&v, "/metadata/name"));
        d.kv(1, "StorageClass", st(&v, "/spec/storageClassName"));
        d.map(1, "Labels", v.pointer("/metadata/labels"));
        d.map(1, "Annotations", v.pointer("/metadata/annotations"));
        d.kv(1, "Capacity", st(&v, "/spec/resources/requests/storage"));
        let modes: Vec<&str> = v
            .pointer("/spec/accessModes")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        d.kv(1, "Access Modes", format!("[{}]", modes.join(" ")));
    }
}

/// describe.go describeDaemonSet. Its count lines carry no tab, so they end the aligned block above them.
fn daemonset(s: &Session, d: &mut Doc, o: &Value) {
    d.kv(0, "Selector", printers::format_selector(o.pointer("/spec/selector")));
    d.kv(0, "Node-Selector", printers::format_labels(o.pointer("/spec/template/spec/nodeSelector")));
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    let num = |f: &str| o.pointer(&format!("/status/{f}")).and_then(Value::as_i64).unwrap_or(0);
    for (label, f) in [
        ("Desired Number of Nodes Scheduled", "desiredNumberScheduled"),
        ("Current Number of Nodes Scheduled", "currentNumberScheduled"),
        ("Number of Nodes Scheduled with Up-to-date Pods", "updatedNumberScheduled"),
        ("Number of Nodes Scheduled with Available Pods", "numberAvailable"),
        ("Number of Nodes Misscheduled", "numberMisscheduled"),
    ] {
        d.lines.push(format!("{label}: {}", num(f)));
    }
    // getPodStatusForController: the pods the DaemonSet controls.
    let pods: Vec<Value> = s
        .cluster
        .list("Pod", Some(st(o, "/metadata/namespace")))
        .into_iter()
        .filter(|p| {
            p.pointer("/metadata/ownerReferences")
                .and_then(Value::as_array)
                .is_some_and(|rs| rs.iter().any(|r| st(r, "/uid") == st(o, "/metadata/uid")))
        })
        .collect();
    pods_status(d, &pods);
    pod_template(d, o.pointer("/spec/template").unwrap_or(&Value::Null));
}

/// describe.go describeDeployment. The new ReplicaSet is the oldest owned one whose template, without its
/// pod-template-hash label, is the Deployment's (deploymentutil.FindNewReplicaSet); the old ones listed are the
/// others that still want pods (FindOldReplicaSets' required set).
fn deployment(s: &Session, d: &mut Doc, o: &Value) {
    if let Some(t) = printers::parse_time(st(o, "/metadata/creationTimestamp")) {
        d.kv(0, "CreationTimestamp", rfc1123z(t));
    }
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.kv(0, "Selector", printers::format_selector(o.pointer("/spec/selector")));
    let num = |p: &str| o.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    d.kv(
        0,
        "Replicas",
        format!(
            "{} desired | {} updated | {} total | {} available | {} unavailable",
            o.pointer("/spec/replicas").and_then(Value::as_i64).unwrap_or(1),
            num("/status/updatedReplicas"),
            num("/status/replicas"),
            num("/status/availableReplicas"),
            num("/status/unavailableReplicas")
        ),
    );
    d.kv(0, "StrategyType", st(o, "/spec/strategy/type"));
    d.kv(0, "MinReadySeconds", num("/spec/minReadySeconds").to_string());
    if let Some(ru) = o.pointer("/spec/strategy/rollingUpdate") {
        let int_or_string = |k: &str| match ru.get(k) {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        d.kv(
            0,
            "RollingUpdateStrategy",
            format!("{} max unavailable, {} max surge", int_or_string("maxUnavailable"), int_or_string("maxSurge")),
        );
    }
    pod_template(d, o.pointer("/spec/template").unwrap_or(&Value::Null));
    let conds = o.pointer("/status/conditions").and_then(Value::as_array).cloned().unwrap_or_default();
    if !conds.is_empty() {
        d.head(0, "Conditions");
        d.lines.push("  Type\tStatus\tReason".into());
        d.lines.push("  ----\t------\t------".into());
        for c in conds {
            d.lines.push(format!("  {} \t{}\t{}", st(&c, "/type"), st(&c, "/status"), st(&c, "/reason")));
        }
    }
    let uid = st(o, "/metadata/uid");
    let mut owned: Vec<Value> = s
        .cluster
        .list("ReplicaSet", Some(st(o, "/metadata/namespace")))
        .into_iter()
        .filter(|r| {
            r.pointer("/metadata/ownerReferences").and_then(Value::as_array).is_some_and(|refs| {
                refs.iter().any(|x| x.get("controller").and_then(Value::as_bool) == Some(true) && st(x, "/uid") == uid)
            })
        })
        .collect();
    crate::sort::sort_by_key(&mut owned, |r| {
        (printers::parse_time(st(r, "/metadata/creationTimestamp")).unwrap_or(0), st(r, "/metadata/name").to_string())
    });
    let template = o.pointer("/spec/template").cloned().unwrap_or(Value::Null);
    let without_hash = |r: &Value| {
        let mut t = r.pointer("/spec/template").cloned().unwrap_or(Value::Null);
        if let Some(l) = t.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
            l.remove("pod-template-hash");
        }
        t
    };
    let new_rs = owned.iter().position(|r| without_hash(r) == template);
    let list = |rss: Vec<&Value>| {
        if rss.is_empty() {
            return "<none>".to_string();
        }
        let one = |r: &Value| {
            let n = |p: &str| r.pointer(p).and_then(Value::as_i64).unwrap_or(0);
            format!("{} ({}/{} replicas created)", st(r, "/metadata/name"), n("/status/replicas"), n("/spec/replicas"))
        };
        rss.into_iter().map(one).collect::<Vec<_>>().join(", ")
    };
    let old: Vec<&Value> = owned
        .iter()
        .enumerate()
        .filter(|(i, r)| Some(*i) != new_rs && r.pointer("/spec/replicas").and_then(Value::as_i64) != Some(0))
        .map(|(_, r)| r)
        .collect();
    d.kv(0, "OldReplicaSets", list(old));
    d.kv(0, "NewReplicaSet", list(new_rs.map(|i| &owned[i]).into_iter().collect()));
}

/// describe.go DescribePodTemplate, shared by the StatefulSet and Deployment describers.
/// The `Pods Status:` line of the workload describers (getPodStatusForController): pods by phase, Pending
/// counted as Waiting.
fn pods_status(d: &mut Doc, pods: &[Value]) {
    let count = |ph: &str| pods.iter().filter(|p| st(p, "/status/phase") == ph).count();
    d.kv(
        0,
        "Pods Status",
        format!(
            "{} Running / {} Waiting / {} Succeeded / {} Failed",
            count("Running"),
            count("Pending"),
            count("Succeeded"),
            count("Failed")
        ),
    );
}

/// describe.DescribePodTemplate written straight to a buffer, as `rollout history --revision` prints it: the
/// `Key:\tvalue` lines keep their tabs (no tabwriter), continuation lines start at the tab.
pub(crate) fn template_text(t: &Value) -> String {
    let mut d = Doc { lines: Vec::new() };
    pod_template(&mut d, t);
    d.lines
        .iter()
        .map(|l| {
            let bare = l.trim_start_matches(' ');
            format!("{}\n", if bare.starts_with('\t') { bare } else { l })
        })
        .collect()
}

fn pod_template(d: &mut Doc, t: &Value) {
    d.head(0, "Pod Template");
    d.map(1, "Labels", t.pointer("/metadata/labels"));
    if t.pointer("/metadata/annotations").and_then(Value::as_object).is_some_and(|m| !m.is_empty()) {
        d.map(1, "Annotations", t.pointer("/metadata/annotations"));
    }
    if let Some(sa) = t.pointer("/spec/serviceAccountName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        d.kv(1, "Service Account", sa);
    }
    // describeContainers with the "  " space, so container names sit three spaces in.
    if let Some(init) = t.pointer("/spec/initContainers").and_then(Value::as_array).filter(|a| !a.is_empty()) {
        containers(d, "  ", "Init Containers", init, None, 0);
    }
    let specs = t.pointer("/spec/containers").and_then(Value::as_array).cloned().unwrap_or_default();
    containers(d, "  ", "Containers", &specs, None, 0);
    volumes(d, "  ", t.pointer("/spec/volumes"));
    if let Some(pc) = t.pointer("/spec/priorityClassName").and_then(Value::as_str).filter(|s| !s.is_empty()) {
        d.kv(1, "Priority Class Name", pc);
    }
    d.map(1, "Node-Selectors", t.pointer("/spec/nodeSelector"));
    tolerations(d, 1, t.pointer("/spec/tolerations"));
}

fn service(s: &Session, d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.kv(0, "Selector", format_labels(o.pointer("/spec/selector")));
    d.kv(0, "Type", st(o, "/spec/type"));
    // describeService writes the policy only when it is set (ExternalName Services have none)
    if !st(o, "/spec/ipFamilyPolicy").is_empty() {
        d.kv(0, "IP Family Policy", st(o, "/spec/ipFamilyPolicy"));
    }
    let fam: Vec<&str> = o
        .pointer("/spec/ipFamilies")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    d.kv(0, "IP Families", if fam.is_empty() { "<none>".into() } else { fam.join(",") });
    d.kv(0, "IP", st(o, "/spec/clusterIP"));
    let ips: Vec<&str> = o
        .pointer("/spec/clusterIPs")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    d.kv(0, "IPs", if ips.is_empty() { "<none>".into() } else { ips.join(",") });
    let list = |p: &str| -> String {
        let v: Vec<&str> = o
            .pointer(p)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        v.join(",")
    };
    // describe.go describeService: the optional lines, each only when set
    for (k, v) in [
        ("External IPs", list("/spec/externalIPs")),
        ("Desired LoadBalancer IP", st(o, "/spec/loadBalancerIP").to_string()),
        ("External Name", st(o, "/spec/externalName").to_string()),
        ("LoadBalancer Ingress", ingress(o)),
    ] {
        if !v.is_empty() {
            d.kv(0, k, v);
        }
    }
    let ns = st(o, "/metadata/namespace");
    for p in o.pointer("/spec/ports").and_then(Value::as_array).cloned().unwrap_or_default() {
        let pname = if st(&p, "/name").is_empty() { "<unset>".to_string() } else { st(&p, "/name").to_string() };
        let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
        d.kv(0, "Port", format!("{pname}  {port}/{}", or_tcp(st(&p, "/protocol"))));
        let tp = match p.get("targetPort") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(x)) => x.clone(),
            _ => port.to_string(),
        };
        d.kv(0, "TargetPort", format!("{tp}/{}", or_tcp(st(&p, "/protocol"))));
        if let Some(ap) = p.get("appProtocol").and_then(Value::as_str) {
            d.kv(0, "AppProtocol", ap);
        }
        if let Some(np) = p.get("nodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
            d.kv(0, "NodePort", format!("{pname}  {np}/{}", or_tcp(st(&p, "/protocol"))));
        }
        d.kv(0, "Endpoints", service_endpoints(s, ns, name_of(o), st(&p, "/name")));
    }
    d.kv(0, "Session Affinity", st(o, "/spec/sessionAffinity"));
    let etp = st(o, "/spec/externalTrafficPolicy");
    if !etp.is_empty() {
        d.kv(0, "External Traffic Policy", etp);
    }
    if let Some(itp) = o.pointer("/spec/internalTrafficPolicy").and_then(Value::as_str) {
        d.kv(0, "Internal Traffic Policy", itp);
    }
    if let Some(hc) = o.pointer("/spec/healthCheckNodePort").and_then(Value::as_i64).filter(|n| *n != 0) {
        d.kv(0, "HealthCheck NodePort", hc.to_string());
    }
    for (k, v) in [
        ("LoadBalancer Source Ranges", list("/spec/loadBalancerSourceRanges")),
        ("Traffic Distribution", st(o, "/spec/trafficDistribution").to_string()),
    ] {
        if !v.is_empty() {
            d.kv(0, k, v);
        }
    }
}

/// describe.go buildIngressString: each ingress's IP (with ` (ipMode)` when set) or else its hostname.
fn ingress(o: &Value) -> String {
    let items = o.pointer("/status/loadBalancer/ingress").and_then(Value::as_array).cloned().unwrap_or_default();
    let texts: Vec<String> = items
        .iter()
        .map(|i| match (st(i, "/ip"), i.get("ipMode").and_then(Value::as_str)) {
            ("", _) => st(i, "/hostname").to_string(),
            (ip, Some(mode)) => format!("{ip} ({mode})"),
            (ip, None) => ip.to_string(),
        })
        .collect();
    texts.join(", ")
}

/// describe.go formatEndpointSlices over the Service's EndpointSlices for the port named `port_name`: ready (or
/// unknown) endpoints as `ip:port` (the first address; bare for a slice without ports), three at most then ` + N
/// more...`, `<none>` without slices.
fn service_endpoints(s: &Session, ns: &str, name: &str, port_name: &str) -> String {
    let slices: Vec<Value> = s
        .cluster
        .list("EndpointSlice", Some(ns))
        .into_iter()
        .filter(|e| st(e, "/metadata/labels/kubernetes.io~1service-name") == name)
        .collect();
    if slices.is_empty() {
        return "<none>".into();
    }
    let (mut list, mut more, mut count) = (Vec::new(), false, 0);
    for sl in &slices {
        let endpoints = sl.get("endpoints").and_then(Value::as_array).cloned().unwrap_or_default();
        let ports = sl.get("ports").and_then(Value::as_array).cloned().unwrap_or_default();
        let wanted: Vec<Option<i64>> = if ports.is_empty() {
            vec![None]
        } else {
            ports
                .iter()
                .filter(|p| st(p, "/name") == port_name)
                .map(|p| p.get("port").and_then(Value::as_i64))
                .collect()
        };
        for port in wanted {
            for e in &endpoints {
                if list.len() == 3 {
                    more = true;
                }
                if e.pointer("/conditions/ready").and_then(Value::as_bool) == Some(false) {
                    continue;
                }
                if !more {
                    let addr = e.pointer("/addresses/0").and_then(Value::as_str).unwrap_or("");
                    list.push(match port {
                        Some(p) if addr.contains(':') => format!("[{addr}]:{p}"),
                        Some(p) => format!("{addr}:{p}"),
                        None => addr.to_string(),
                    });
                }
                count += 1;
            }
        }
    }
    let ret = list.join(",");
    if more {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

fn pvc(s: &Session, d: &mut Doc, o: &Value) {
    d.kv(0, "StorageClass", st(o, "/spec/storageClassName"));
    let status =
        if o.pointer("/metadata/deletionTimestamp").is_some() { "Terminating" } else { st(o, "/status/phase") };
    d.kv(0, "Status", status);
    d.kv(0, "Volume", st(o, "/spec/volumeName"));
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    let fin: Vec<&str> = o
        .pointer("/metadata/finalizers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    d.kv(0, "Finalizers", format!("[{}]", fin.join(" ")));
    let bound = !st(o, "/spec/volumeName").is_empty();
    d.kv(0, "Capacity", if bound { st(o, "/status/capacity/storage") } else { "" });
    let modes: Vec<&str> = o
        .pointer("/status/accessModes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let short: Vec<&str> = modes
        .iter()
        .map(|m| match *m {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            _ => "RWOP",
        })
        .collect();
    d.kv(0, "Access Modes", if bound { short.join(",") } else { String::new() });
    d.kv(
        0,
        "VolumeMode",
        match st(o, "/spec/volumeMode") {
            "" => "Filesystem",
            m => m,
        },
    );
    let users: Vec<String> = s
        .cluster
        .list("Pod", Some(st(o, "/metadata/namespace")))
        .iter()
        .filter(|p| {
            p.pointer("/spec/volumes")
                .and_then(Value::as_array)
                .is_some_and(|vs| vs.iter().any(|v| st(v, "/persistentVolumeClaim/claimName") == name_of(o)))
        })
        .map(|p| name_of(p).to_string())
        .collect();
    d.kv(0, "Used By", if users.is_empty() { "<none>".into() } else { users.join(", ") });
}

/// The Events section: `Type  Reason  Age  From  Message` (tabwriter padding 2), or `<none>`.
fn events(s: &Session, kind: &str, o: &Value, now: i64) -> Option<String> {
    let uid = st(o, "/metadata/uid");
    let name = name_of(o);
    let ns = st(o, "/metadata/namespace");
    let mut evs: Vec<Value> = s
        .cluster
        .list("Event", if ns.is_empty() { None } else { Some(ns) })
        .into_iter()
        .filter(|e| {
            st(e, "/involvedObject/kind") == kind
                && st(e, "/involvedObject/name") == name
                // describe's field selector names the object's UID: an event whose reference has none (the
                // taint-eviction controller's) is not the object's
                && (uid.is_empty() || st(e, "/involvedObject/uid") == uid)
        })
        .collect();
    if evs.is_empty() {
        return None;
    }
    // kubectl/pkg/util/event: Go's unstable sort.Sort on lastTimestamp alone (unset: the zero time, first)
    let ts = |e: &Value| printers::parse_time(st(e, "/lastTimestamp")).unwrap_or(i64::MIN);
    super::gosort::sort(&mut evs, |a, b| ts(a) < ts(b));
    let mut lines: Vec<Vec<String>> = vec![
        vec!["  Type".into(), "Reason".into(), "Age".into(), "From".into(), "Message".into()],
        vec!["  ----".into(), "------".into(), "----".into(), "----".into(), "-------".into()],
    ];
    for e in evs {
        let count = e.get("count").and_then(Value::as_i64).unwrap_or(1);
        let last = age(st(&e, "/lastTimestamp"), now);
        let a =
            if count > 1 { format!("{last} (x{count} over {})", age(st(&e, "/firstTimestamp"), now)) } else { last };
        let from = match st(&e, "/source/component") {
            "" => st(&e, "/reportingComponent").to_string(),
            c => c.to_string(),
        };
        // real kubectl 1.37 describe prefixes the message with the event's field path (seen with the binary)
        let msg = match st(&e, "/involvedObject/fieldPath") {
            "" => st(&e, "/message").trim().to_string(),
            fp => format!("{fp}: {}", st(&e, "/message").trim()),
        };
        lines.push(vec![format!("  {}", st(&e, "/type")), st(&e, "/reason").into(), a, from, msg]);
    }
    Some(format!("Events:\n{}", printers::tabwrite_with(&lines, 0, 2)))
}

/// Go's `time.RFC1123Z` in UTC: `Sat, 15 Mar 2025 17:03:35 +0000`.
fn rfc1123z(unix_ms: i64) -> String {
    let a = printers::format_ansic(unix_ms); // "Sat Mar 15 17:03:35 2025"
    let parts: Vec<&str> = a.split_whitespace().collect();
    if parts.len() == 5 {
        format!("{}, {:0>2} {} {} {} +0000", parts[0], parts[2], parts[1], parts[4], parts[3])
    } else {
        a
    }
}
