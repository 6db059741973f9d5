//! Scenario tests for the node model (kubelet, probes, apps, volumes, DNS, exec). `tests/node/*.scn` are
//! scripts, `*.out` their expected transcripts. A script whose first line is `# cluster` runs against the
//! whole [`Cluster`] (API server, controllers, provisioner, EndpointSlices, the kubelet); the others run
//! against the bare node with a tiny in-test store playing the API server, so the kubelet's own timings are
//! seen without the controllers. Regenerate with `BLESS=1 cargo test --test node` and review the diff.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use stsplay::cluster::kubelet::{Action, ApiView, Kubelet};
use stsplay::cluster::{ApiError, Cluster, ExecOutput, Fault, HttpResponse, Propagation};

/// What a scenario can do, against the bare node or the whole cluster.
trait Backend {
    fn apply_doc(&mut self, v: Value) -> String;
    fn advance(&mut self, ms: u64);
    fn pod_list(&self) -> Vec<Value>;
    fn get_pod(&self, name: &str) -> Option<Value>;
    /// Events recorded since the last call, as printable lines.
    fn new_events(&mut self) -> Vec<String>;
    fn exec(&mut self, pod: &str, argv: &[String]) -> Result<ExecOutput, ApiError>;
    fn logs(&self, pod: &str, previous: bool) -> Result<String, ApiError>;
    fn curl(&mut self, url: &str) -> Result<HttpResponse, String>;
    fn fault(&mut self, pod: &str, which: &str, on: bool);
    fn delete(&mut self, pod: &str, grace: u64);
    /// Backend-specific commands.
    fn extra(&mut self, words: &[&str]) -> Option<String>;
}

// ---- the bare node ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Store {
    objects: BTreeMap<(String, String, String), Value>,
}

impl ApiView for Store {
    fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        self.objects.get(&(kind.to_string(), namespace.to_string(), name.to_string())).cloned()
    }

    fn list(&self, kind: &str, namespace: Option<&str>) -> Vec<Value> {
        self.objects
            .iter()
            .filter(|((k, ns, _), _)| k == kind && namespace.is_none_or(|n| n == ns))
            .map(|(_, v)| v.clone())
            .collect()
    }
}

struct NodeSim {
    store: Store,
    kubelet: Kubelet,
    now: u64,
    uid_counter: u64,
    events: Vec<(u64, String)>,
    events_shown: usize,
    dirty: Vec<(String, String)>,
}

fn key(v: &Value) -> (String, String, String) {
    let ns = v.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("default");
    (
        v["kind"].as_str().unwrap_or("").to_string(),
        ns.to_string(),
        v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string(),
    )
}

fn secs(ms: u64) -> String {
    format!("{}.{:03}s", ms / 1000, ms % 1000)
}

fn parse_duration(s: &str) -> u64 {
    let (n, mult) = if let Some(v) = s.strip_suffix("ms") {
        (v, 1)
    } else if let Some(v) = s.strip_suffix('s') {
        (v, 1000)
    } else if let Some(v) = s.strip_suffix('m') {
        (v, 60_000)
    } else {
        (s, 1000)
    };
    n.parse::<u64>().expect("duration") * mult
}

impl NodeSim {
    fn new(seed: u64) -> NodeSim {
        NodeSim {
            store: Store::default(),
            kubelet: Kubelet::new(seed),
            now: 0,
            uid_counter: 0,
            events: Vec::new(),
            events_shown: 0,
            dirty: Vec::new(),
        }
    }

    fn apply_actions(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Bind { namespace, name, node, at, .. } => {
                    if let Some(p) = self.store.objects.get_mut(&("Pod".into(), namespace.clone(), name.clone())) {
                        p["spec"]["nodeName"] = json!(node);
                        p["status"] = json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True",
                            "lastProbeTime": null, "lastTransitionTime": stsplay::cluster::apps::rfc3339(at)}]});
                        self.dirty.push((namespace, name));
                    }
                }
                Action::SetStatus { namespace, name, status, .. } => {
                    if let Some(p) = self.store.objects.get_mut(&("Pod".into(), namespace, name)) {
                        p["status"] = status;
                    }
                }
                Action::Event(e) => {
                    let obj = format!(
                        "{}/{}",
                        e.involved["kind"].as_str().unwrap_or("").to_lowercase(),
                        e.involved["name"].as_str().unwrap_or("")
                    );
                    self.events.push((e.at, format!("{} {} {} {}", e.type_, e.reason, obj, e.message)));
                }
                Action::Remove { namespace, name, uid } => {
                    self.store.objects.remove(&("Pod".into(), namespace, name));
                    self.kubelet.forget(&uid);
                }
            }
        }
    }

    fn sync(&mut self, ns: &str, name: &str) {
        if let Some(pod) = self.store.get("Pod", ns, name) {
            let actions = self.kubelet.sync_pod(&pod, &self.store, self.now);
            self.apply_actions(actions);
        }
    }

    fn settle(&mut self) {
        let mut guard = 0;
        while let Some((ns, name)) = self.dirty.pop() {
            self.sync(&ns, &name);
            guard += 1;
            assert!(guard < 10_000, "settle does not converge");
        }
    }
}

impl Backend for NodeSim {
    fn apply_doc(&mut self, mut v: Value) -> String {
        let (kind, ns, name) = key(&v);
        if self.store.get(&kind, &ns, &name).is_none() {
            self.uid_counter += 1;
            v["metadata"]["uid"] = json!(format!("uid-{}", self.uid_counter));
        }
        v["metadata"]["namespace"] = json!(ns);
        if kind == "Pod" {
            self.dirty.push((ns.clone(), name.clone()));
        }
        self.store.objects.insert((kind.clone(), ns, name.clone()), v);
        self.settle();
        format!("{} {name} stored", kind.to_lowercase())
    }

    fn advance(&mut self, ms: u64) {
        let target = self.now + ms;
        self.settle();
        while let Some(t) = self.kubelet.next_wake().filter(|t| *t <= target) {
            self.now = self.now.max(t);
            for (ns, name) in self.kubelet.due(self.now) {
                self.sync(&ns, &name);
            }
            self.settle();
        }
        self.now = target;
    }

    fn pod_list(&self) -> Vec<Value> {
        self.store.list("Pod", None)
    }

    fn get_pod(&self, name: &str) -> Option<Value> {
        self.store.get("Pod", "default", name)
    }

    fn new_events(&mut self) -> Vec<String> {
        let mut evs: Vec<&(u64, String)> = self.events[self.events_shown..].iter().collect();
        evs.sort_by_key(|(t, _)| *t);
        let out = evs.iter().map(|(t, e)| format!("{:>9} {e}", secs(*t))).collect();
        self.events_shown = self.events.len();
        out
    }

    fn exec(&mut self, pod: &str, argv: &[String]) -> Result<ExecOutput, ApiError> {
        let r = self.kubelet.exec("default", pod, None, argv, &self.store, self.now);
        self.dirty.push(("default".into(), pod.into()));
        self.settle();
        r
    }

    fn logs(&self, pod: &str, previous: bool) -> Result<String, ApiError> {
        self.kubelet.logs("default", pod, None, previous, false)
    }

    fn curl(&mut self, url: &str) -> Result<HttpResponse, String> {
        self.kubelet.http_get(&self.store, "default", url, self.now)
    }

    fn fault(&mut self, pod: &str, which: &str, on: bool) {
        let which = which.to_string();
        let found = self.kubelet.set_fault("default", pod, |f| match which.as_str() {
            "unavailable" => f.unready = on,
            "readiness" => f.fail_readiness = on,
            "liveness" => f.fail_liveness = on,
            "hang" => f.hang = on,
            "crash" => f.crash = on,
            other => panic!("unknown fault {other}"),
        });
        assert!(found, "no pod {pod} on the node");
    }

    fn delete(&mut self, pod: &str, grace: u64) {
        let t = stsplay::cluster::apps::rfc3339(self.now);
        if let Some(p) = self.store.objects.get_mut(&("Pod".into(), "default".into(), pod.to_string())) {
            p["metadata"]["deletionTimestamp"] = json!(t);
            p["metadata"]["deletionGracePeriodSeconds"] = json!(grace);
        }
        self.dirty.push(("default".into(), pod.to_string()));
        self.settle();
    }

    fn extra(&mut self, words: &[&str]) -> Option<String> {
        match words {
            ["pvc", name, volume] => {
                self.apply_doc(json!({"kind": "PersistentVolumeClaim", "metadata": {"name": name},
                    "spec": {"volumeName": volume}, "status": {"phase": "Bound"}}));
                Some(String::new())
            }
            ["pvc-pending", name] => {
                self.apply_doc(json!({"kind": "PersistentVolumeClaim", "metadata": {"name": name}, "spec": {},
                    "status": {"phase": "Pending"}}));
                Some(String::new())
            }
            _ => None,
        }
    }
}

// ---- the whole cluster -----------------------------------------------------------------------------------

struct ClusterSim {
    c: Cluster,
    seen: BTreeMap<String, i64>,
}

impl Backend for ClusterSim {
    fn apply_doc(&mut self, v: Value) -> String {
        let kind = v["kind"].as_str().unwrap_or("").to_lowercase();
        let name = v.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        match self.c.apply(v) {
            Ok((_, o)) => format!("{kind}/{name} {}", format!("{o:?}").to_lowercase()),
            Err(e) => e.kubectl_text(),
        }
    }

    fn advance(&mut self, ms: u64) {
        self.c.advance(ms);
    }

    fn pod_list(&self) -> Vec<Value> {
        self.c.list("Pod", Some("default"))
    }

    fn get_pod(&self, name: &str) -> Option<Value> {
        self.c.get("Pod", "default", name).ok()
    }

    fn new_events(&mut self) -> Vec<String> {
        let mut evs: Vec<Value> = self
            .c
            .list("Event", Some("default"))
            .into_iter()
            .filter(|e| e.pointer("/involvedObject/kind").and_then(Value::as_str) == Some("Pod"))
            .collect();
        evs.sort_by(|a, b| {
            let t = |e: &Value| e["lastTimestamp"].as_str().unwrap_or("").to_string();
            t(a).cmp(&t(b)).then(a["metadata"]["name"].as_str().cmp(&b["metadata"]["name"].as_str()))
        });
        let mut out = Vec::new();
        for e in evs {
            let name = e["metadata"]["name"].as_str().unwrap_or("").to_string();
            let count = e["count"].as_i64().unwrap_or(1);
            if self.seen.get(&name) == Some(&count) {
                continue;
            }
            self.seen.insert(name, count);
            let at = e["lastTimestamp"].as_str().unwrap_or("");
            out.push(format!(
                "{} {} {} pod/{} {}{}",
                at.get(11..19).unwrap_or(at),
                e["type"].as_str().unwrap_or(""),
                e["reason"].as_str().unwrap_or(""),
                e.pointer("/involvedObject/name").and_then(Value::as_str).unwrap_or(""),
                e["message"].as_str().unwrap_or(""),
                if count > 1 { format!(" (x{count})") } else { String::new() }
            ));
        }
        out
    }

    fn exec(&mut self, pod: &str, argv: &[String]) -> Result<ExecOutput, ApiError> {
        self.c.exec("default", pod, None, argv)
    }

    fn logs(&self, pod: &str, previous: bool) -> Result<String, ApiError> {
        self.c.logs("default", pod, None, previous)
    }

    fn curl(&mut self, url: &str) -> Result<HttpResponse, String> {
        self.c.http_get("default", url)
    }

    fn fault(&mut self, pod: &str, which: &str, on: bool) {
        let f = match which {
            "unavailable" => Fault::Unavailable(on),
            "readiness" => Fault::Readiness(!on),
            "liveness" => Fault::Liveness(!on),
            "hang" => Fault::Hang,
            "crash" => Fault::Crash(on),
            "evict" => Fault::Evict,
            other => panic!("unknown fault {other}"),
        };
        self.c.inject("default", pod, f).expect("inject");
    }

    fn delete(&mut self, pod: &str, grace: u64) {
        self.c.delete("Pod", "default", pod, Propagation::Background, Some(grace)).expect("delete");
    }

    fn extra(&mut self, words: &[&str]) -> Option<String> {
        match words {
            ["get", kind, name, ptr] => {
                let v =
                    self.c.get(kind, "default", name).ok().and_then(|p| p.pointer(ptr).cloned()).unwrap_or(Value::Null);
                Some(format!("{}\n", serde_json::to_string_pretty(&v).unwrap()))
            }
            ["scale", sts, n] => {
                let patch = json!({"spec": {"replicas": n.parse::<u64>().unwrap()}});
                let r = self.c.patch("StatefulSet", "default", sts, &patch, stsplay::cluster::PatchType::Merge);
                Some(match r {
                    Ok(_) => String::new(),
                    Err(e) => format!("{}\n", e.kubectl_text()),
                })
            }
            _ => None,
        }
    }
}

// ---- the script ------------------------------------------------------------------------------------------

/// A compact pod table: READY and STATUS follow kubectl's printPod rules; RESTARTS shows the last exit's
/// clock time instead of an age so transcripts do not depend on when they are printed.
fn pods_table(pods: &[Value]) -> String {
    let mut out = format!("{:<10} {:<6} {:<18} {:<16} {}\n", "NAME", "READY", "STATUS", "RESTARTS", "IP");
    for p in pods {
        let cs = p.pointer("/status/containerStatuses").and_then(Value::as_array).cloned().unwrap_or_default();
        let total = p.pointer("/spec/containers").and_then(Value::as_array).map(|a| a.len()).unwrap_or(0);
        let ready = cs.iter().filter(|c| c["ready"] == json!(true) && c["state"].get("running").is_some()).count();
        let phase = p.pointer("/status/phase").and_then(Value::as_str).unwrap_or("Pending").to_string();
        let mut reason = p.pointer("/status/reason").and_then(Value::as_str).unwrap_or(&phase).to_string();
        let mut restarts = 0;
        let mut last: Option<String> = None;
        for c in cs.iter().rev() {
            restarts += c["restartCount"].as_u64().unwrap_or(0);
            if let Some(r) = c.pointer("/state/waiting/reason").and_then(Value::as_str) {
                reason = r.to_string();
            } else if let Some(r) = c.pointer("/state/terminated/reason").and_then(Value::as_str) {
                reason = r.to_string();
            }
            if let Some(f) = c.pointer("/lastState/terminated/finishedAt").and_then(Value::as_str) {
                last = Some(f.to_string());
            }
        }
        if p.pointer("/metadata/deletionTimestamp").is_some_and(|d| !d.is_null())
            && phase != "Succeeded"
            && phase != "Failed"
        {
            reason = "Terminating".into();
        }
        let restarts = match last {
            Some(f) if restarts > 0 => format!("{restarts} (at {})", &f[11..19]),
            _ => restarts.to_string(),
        };
        out.push_str(&format!(
            "{:<10} {:<6} {:<18} {:<16} {}\n",
            p["metadata"]["name"].as_str().unwrap_or(""),
            format!("{ready}/{total}"),
            reason,
            restarts,
            p.pointer("/status/podIP").and_then(Value::as_str).unwrap_or("<none>")
        ));
    }
    out
}

fn run(b: &mut dyn Backend, script: &str) -> String {
    let mut out = String::new();
    let mut lines = script.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        out.push_str(&format!("> {line}\n"));
        let words: Vec<String> = shell_words(line);
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        match w.as_slice() {
            ["apply"] => {
                let mut yaml = String::new();
                for l in lines.by_ref() {
                    if l.trim() == "---end" {
                        break;
                    }
                    yaml.push_str(l);
                    yaml.push('\n');
                }
                for doc in yaml.split("\n---\n") {
                    let v: Value = serde_norway::from_str(doc).expect("yaml");
                    out.push_str(&b.apply_doc(v));
                    out.push('\n');
                }
            }
            ["advance", d] => b.advance(parse_duration(d)),
            ["pods"] => out.push_str(&pods_table(&b.pod_list())),
            ["events"] => {
                for e in b.new_events() {
                    out.push_str(&e);
                    out.push('\n');
                }
            }
            ["get", name, ptr] => {
                let v = b.get_pod(name).and_then(|p| p.pointer(ptr).cloned()).unwrap_or(Value::Null);
                out.push_str(&serde_json::to_string_pretty(&v).unwrap());
                out.push('\n');
            }
            ["exec", name, "--", argv @ ..] => {
                let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
                match b.exec(name, &argv) {
                    Ok(o) => {
                        out.push_str(&o.stdout);
                        if !o.stderr.is_empty() {
                            out.push_str(&format!("[stderr] {}", o.stderr));
                        }
                        if o.code != 0 {
                            out.push_str(&format!("[exit {}]\n", o.code));
                        }
                    }
                    Err(e) => out.push_str(&format!("[api {} {}] {}\n", e.code, e.reason, e.message)),
                }
            }
            ["logs", name, rest @ ..] => match b.logs(name, rest.contains(&"--previous")) {
                Ok(l) => out.push_str(&l),
                Err(e) => out.push_str(&format!("[api {} {}] {}\n", e.code, e.reason, e.message)),
            },
            ["curl", url] => match b.curl(url) {
                Ok(r) => out.push_str(&format!("{} via {} {}", r.status, r.served_by.unwrap_or_default(), r.body)),
                Err(e) => out.push_str(&format!("{e}\n")),
            },
            ["curl-many", n, url] => {
                let mut by: BTreeMap<String, u32> = BTreeMap::new();
                for _ in 0..n.parse::<u32>().unwrap() {
                    let k = match b.curl(url) {
                        Ok(r) => format!("{} {}", r.status, r.served_by.unwrap_or_default()),
                        Err(e) => e,
                    };
                    *by.entry(k).or_default() += 1;
                }
                for (k, v) in by {
                    out.push_str(&format!("{v:>5} {k}\n"));
                }
            }
            ["fault", name, which, onoff] => b.fault(name, which, *onoff == "on"),
            ["delete", name, grace] => b.delete(name, grace.parse().unwrap()),
            other => match b.extra(other) {
                Some(text) => out.push_str(&text),
                None => panic!("unknown scenario command {other:?}"),
            },
        }
    }
    out
}

/// Splits like a shell: whitespace, with single and double quotes grouping.
fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, ' ') => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any {
        out.push(cur);
    }
    out
}

#[test]
fn scenarios() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node");
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
    names.sort();
    for path in names.into_iter().filter(|p| p.extension().is_some_and(|e| e == "scn")) {
        let script = std::fs::read_to_string(&path).unwrap();
        let seed =
            script.lines().find_map(|l| l.strip_prefix("# seed ")).and_then(|s| s.trim().parse().ok()).unwrap_or(1);
        let got = if script.starts_with("# cluster") {
            run(&mut ClusterSim { c: Cluster::new(seed), seen: BTreeMap::new() }, &script)
        } else {
            run(&mut NodeSim::new(seed), &script)
        };
        let expected_path = path.with_extension("out");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            failures.push(format!("{}:\n--- got ---\n{got}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
