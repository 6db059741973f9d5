//! Scenario tests for the node model (kubelet, probes, apps, volumes, DNS, exec), driven without the API
//! server: `tests/node/*.scn` are scripts, `*.out` their expected transcripts. A tiny in-test store plays the
//! API server's part (applies the kubelet's actions, assigns resourceVersions nowhere — the kubelet does not
//! look at them). Regenerate a transcript with `BLESS=1 cargo test --test node` and review the diff.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use stsplay::cluster::kubelet::{Action, ApiView, Kubelet};

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

struct Sim {
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

impl Sim {
    fn new(seed: u64) -> Sim {
        Sim {
            store: Store::default(),
            kubelet: Kubelet::new(seed),
            now: 0,
            uid_counter: 0,
            events: Vec::new(),
            events_shown: 0,
            dirty: Vec::new(),
        }
    }

    fn apply(&mut self, mut v: Value) {
        let (kind, ns, name) = key(&v);
        if let Some(old) = self.store.get(&kind, &ns, &name) {
            // Keep identity and status, as an update would.
            v["metadata"]["uid"] = old["metadata"]["uid"].clone();
            if v.get("status").is_none() {
                if let Some(st) = old.get("status") {
                    v["status"] = st.clone();
                }
            }
        } else {
            self.uid_counter += 1;
            v["metadata"]["uid"] = json!(format!("uid-{}", self.uid_counter));
        }
        v["metadata"]["namespace"] = json!(ns);
        if kind == "Pod" {
            self.dirty.push((ns.clone(), name.clone()));
        }
        self.store.objects.insert((kind, ns, name), v);
    }

    fn apply_actions(&mut self, actions: Vec<Action>) {
        for a in actions {
            match a {
                Action::Bind { namespace, name, node, at, .. } => {
                    if let Some(p) = self.store.objects.get_mut(&("Pod".into(), namespace.clone(), name.clone())) {
                        p["spec"]["nodeName"] = json!(node);
                        p["status"] = json!({"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": stsplay::cluster::apps::rfc3339(at)}]});
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

    fn pods(&self) -> String {
        let mut out = format!("{:<10} {:<6} {:<18} {:<16} {}\n", "NAME", "READY", "STATUS", "RESTARTS", "IP");
        for p in self.store.list("Pod", None) {
            let cs = p.pointer("/status/containerStatuses").and_then(Value::as_array).cloned().unwrap_or_default();
            let total = p.pointer("/spec/containers").and_then(Value::as_array).map(|a| a.len()).unwrap_or(0);
            let ready = cs.iter().filter(|c| c["ready"] == json!(true) && c["state"].get("running").is_some()).count();
            let phase = p.pointer("/status/phase").and_then(Value::as_str).unwrap_or("Pending").to_string();
            let mut reason = phase.clone();
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
            if p.pointer("/metadata/deletionTimestamp").is_some() && phase != "Succeeded" && phase != "Failed" {
                reason = "Terminating".into();
            }
            let restarts = match last {
                Some(f) if restarts > 0 => format!("{restarts} (at {})", &f[11..19]),
                _ => restarts.to_string(),
            };
            let ip = p.pointer("/status/podIP").and_then(Value::as_str).unwrap_or("<none>");
            out.push_str(&format!(
                "{:<10} {:<6} {:<18} {:<16} {}\n",
                p["metadata"]["name"].as_str().unwrap_or(""),
                format!("{ready}/{total}"),
                reason,
                restarts,
                ip
            ));
        }
        out
    }

    fn run(&mut self, script: &str) -> String {
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
                        self.apply(v);
                    }
                    self.settle();
                }
                ["pvc", name, volume] => {
                    self.apply(json!({"kind": "PersistentVolumeClaim", "metadata": {"name": name}, "spec": {"volumeName": volume}, "status": {"phase": "Bound"}}));
                }
                ["pvc-pending", name] => {
                    self.apply(json!({"kind": "PersistentVolumeClaim", "metadata": {"name": name}, "spec": {}, "status": {"phase": "Pending"}}));
                }
                ["advance", d] => self.advance(parse_duration(d)),
                ["pods"] => out.push_str(&self.pods()),
                ["events"] => {
                    let mut evs: Vec<&(u64, String)> = self.events[self.events_shown..].iter().collect();
                    evs.sort_by_key(|(t, _)| *t);
                    for (t, e) in evs {
                        out.push_str(&format!("{:>9} {e}\n", secs(*t)));
                    }
                    self.events_shown = self.events.len();
                }
                ["get", name, ptr] => {
                    let v = self
                        .store
                        .get("Pod", "default", name)
                        .and_then(|p| p.pointer(ptr).cloned())
                        .unwrap_or(Value::Null);
                    out.push_str(&serde_json::to_string_pretty(&v).unwrap());
                    out.push('\n');
                }
                ["exec", name, "--", argv @ ..] => {
                    let argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
                    match self.kubelet.exec("default", name, None, &argv, &self.store, self.now) {
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
                    self.settle();
                }
                ["logs", name, rest @ ..] => {
                    match self.kubelet.logs("default", name, None, rest.contains(&"--previous")) {
                        Ok(l) => out.push_str(&l),
                        Err(e) => out.push_str(&format!("[api {} {}] {}\n", e.code, e.reason, e.message)),
                    }
                }
                ["curl", url] => match self.kubelet.http_get(&self.store, "default", url, self.now) {
                    Ok(r) => out.push_str(&format!("{} via {} {}", r.status, r.served_by.unwrap_or_default(), r.body)),
                    Err(e) => out.push_str(&format!("{e}\n")),
                },
                ["curl-many", n, url] => {
                    let mut by: BTreeMap<String, u32> = BTreeMap::new();
                    for _ in 0..n.parse::<u32>().unwrap() {
                        let k = match self.kubelet.http_get(&self.store, "default", url, self.now) {
                            Ok(r) => format!("{} {}", r.status, r.served_by.unwrap_or_default()),
                            Err(e) => e,
                        };
                        *by.entry(k).or_default() += 1;
                    }
                    for (k, v) in by {
                        out.push_str(&format!("{v:>5} {k}\n"));
                    }
                }
                ["fault", name, which, onoff] => {
                    let on = *onoff == "on";
                    let which = which.to_string();
                    let found = self.kubelet.set_fault("default", name, |f| match which.as_str() {
                        "unready" => f.unready = on,
                        "hang" => f.hang = on,
                        "crash" => f.crash = on,
                        other => panic!("unknown fault {other}"),
                    });
                    assert!(found, "no pod {name} on the node");
                }
                ["delete", name, grace] => {
                    let t = stsplay::cluster::apps::rfc3339(self.now);
                    if let Some(p) = self.store.objects.get_mut(&("Pod".into(), "default".into(), name.to_string())) {
                        p["metadata"]["deletionTimestamp"] = json!(t);
                        p["metadata"]["deletionGracePeriodSeconds"] = json!(grace.parse::<u64>().unwrap());
                    }
                    self.dirty.push(("default".into(), name.to_string()));
                    self.settle();
                }
                other => panic!("unknown scenario command {other:?}"),
            }
        }
        out
    }
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
        let got = Sim::new(seed).run(&script);
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
