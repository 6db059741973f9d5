//! Data-driven scenarios for the simulated cluster's API server and controllers.
//!
//! Each `tests/cluster_scenarios/*.txt` file is a script of `> command` lines, each followed by the output it must
//! produce. `BLESS=1 cargo test --test cluster_scenarios` rewrites the outputs (review the diff: the expected
//! outputs are the Kubernetes behaviour being claimed). Commands:
//!
//! - `apply` / `create` / `update` followed by an indented YAML manifest (multi-document allowed);
//!   `apply-file FILE [NAME=value...]` applies `manifests/FILE` with its `${NAME=default}` knobs set
//! - `advance 5s|250ms|2m`, `idle` (advance timer to timer until nothing is scheduled, at most 1h)
//! - `delete KIND NAME [orphan|foreground] [grace=N]`, `scale NAME N` (StatefulSet), `fault POD unready|ready|evict`
//! - `patch KIND NAME merge|strategic|json JSON`
//! - observations: `pods`, `pvcs`, `pvs`, `sts NAME`, `events [NAME]` (new events since the last call),
//!   `revisions NAME`, `get KIND NAME [POINTER]`, `list KIND`, `time`
//! - `gate max-unavailable on|off`: the `MaxUnavailableStatefulSet` feature gate
//! - `explain NAME`: the page's one-sentence account of what the StatefulSet controller does or waits for next;
//!   `explain-ru NAME` the same sentence as the page shows it in Russian (`src/i18n/ru.yaml`)
use serde_json::Value;
use stsplay::cluster::basic_node::BasicNode;
use stsplay::cluster::{meta, Cluster, Fault, PatchType, Propagation};

fn yaml_docs(text: &str) -> Vec<Value> {
    use serde::Deserialize;
    serde_norway::Deserializer::from_str(text)
        .filter_map(|d| Value::deserialize(d).ok())
        .filter(|v| !v.is_null())
        .collect()
}

fn kind_of(word: &str) -> String {
    stsplay::cluster::kinds::resolve(word).map(|k| k.kind.to_string()).unwrap_or_else(|| word.to_string())
}

fn parse_ms(t: &str) -> u64 {
    let (num, unit): (String, String) = t.chars().partition(|c| c.is_ascii_digit());
    let n: u64 = num.parse().unwrap_or(0);
    match unit.as_str() {
        "ms" => n,
        "s" => n * 1000,
        "m" => n * 60_000,
        "h" => n * 3_600_000,
        _ => panic!("bad duration {t}"),
    }
}

fn age(c: &Cluster, o: &Value) -> String {
    let t = meta::parse_time(meta::s(o, "/metadata/creationTimestamp")).unwrap_or(0);
    format!("{}s", (c.now() as i64 - t) / 1000)
}

fn pods(c: &Cluster) -> String {
    let mut out = String::new();
    for p in c.list("Pod", Some("default")) {
        let ready = meta::s(&p, "/status/conditions").is_empty()
            && p.pointer("/status/conditions")
                .and_then(Value::as_array)
                .is_some_and(|cs| cs.iter().any(|c| meta::s(c, "/type") == "Ready" && meta::s(c, "/status") == "True"));
        let mut flags = vec![meta::s(&p, "/status/phase").to_string()];
        if ready {
            flags.push("ready".into());
        }
        if meta::is_deleting(&p) {
            flags.push("terminating".into());
        }
        let rev = meta::label(&p, "controller-revision-hash").unwrap_or("-");
        out.push_str(&format!("{} {} rev={} age={}\n", meta::name(&p), flags.join(","), rev, age(c, &p)));
    }
    out
}

fn pvcs(c: &Cluster) -> String {
    let mut out = String::new();
    for p in c.list("PersistentVolumeClaim", Some("default")) {
        let owners: Vec<String> =
            meta::owner_refs(&p).iter().map(|r| format!("{}/{}", meta::s(r, "/kind"), meta::s(r, "/name"))).collect();
        out.push_str(&format!(
            "{} {}{} volume={} capacity={} owners=[{}] age={}\n",
            meta::name(&p),
            meta::s(&p, "/status/phase"),
            if meta::is_deleting(&p) { ",terminating" } else { "" },
            if meta::s(&p, "/spec/volumeName").is_empty() { "-" } else { "pvc-<uid>" },
            meta::s(&p, "/status/capacity/storage"),
            owners.join(","),
            age(c, &p)
        ));
    }
    out
}

fn sts(c: &Cluster, name: &str) -> String {
    match c.get("StatefulSet", "default", name) {
        Err(e) => format!("{}\n", e.kubectl_text()),
        Ok(s) => {
            let st = &s["status"];
            let n = |k: &str| st.get(k).and_then(Value::as_i64).unwrap_or(0);
            format!(
                "replicas={} ready={} current={} updated={} available={} currentRevision={} updateRevision={} generation={} observedGeneration={}\n",
                n("replicas"),
                n("readyReplicas"),
                n("currentReplicas"),
                n("updatedReplicas"),
                n("availableReplicas"),
                meta::s(st, "/currentRevision"),
                meta::s(st, "/updateRevision"),
                meta::i(&s, "/metadata/generation").unwrap_or(0),
                n("observedGeneration"),
            )
        }
    }
}

struct Runner {
    c: Cluster,
    events_seen: std::collections::HashSet<(String, i64)>,
}

impl Runner {
    fn events(&mut self, filter: Option<&str>) -> String {
        let mut evs = self.c.list("Event", None);
        evs.sort_by_key(|e| {
            (
                meta::s(e, "/lastTimestamp").to_string(),
                meta::s(e, "/metadata/resourceVersion").parse::<u64>().unwrap_or(0),
            )
        });
        let mut out = String::new();
        for e in evs {
            let key = (meta::name(&e).to_string(), meta::i(&e, "/count").unwrap_or(1));
            if !self.events_seen.insert(key) {
                continue;
            }
            let obj = meta::s(&e, "/involvedObject/name");
            if filter.is_some_and(|f| f != obj) {
                continue;
            }
            let t = meta::parse_time(meta::s(&e, "/lastTimestamp")).unwrap_or(0) / 1000;
            out.push_str(&format!(
                "{t}s {} {}/{} {} {}\n",
                meta::s(&e, "/type"),
                meta::s(&e, "/involvedObject/kind"),
                obj,
                meta::s(&e, "/reason"),
                meta::s(&e, "/message")
            ));
        }
        out
    }

    fn run(&mut self, cmd: &str, body: &str) -> String {
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let c = &mut self.c;
        match words.as_slice() {
            ["apply"] | ["create"] | ["update"] => {
                let mut out = String::new();
                for doc in yaml_docs(body) {
                    let kind = stsplay::cluster::kinds::by_kind(meta::kind(&doc)).map(|k| k.kubectl_prefix());
                    let prefix = format!("{}/{}", kind.unwrap_or_default(), meta::name(&doc));
                    let r = match words[0] {
                        "apply" => c.apply(doc).map(|(_, o)| format!("{prefix} {}", format!("{o:?}").to_lowercase())),
                        "create" => c.create(doc).map(|_| format!("{prefix} created")),
                        _ => c.update(doc).map(|_| format!("{prefix} replaced")),
                    };
                    out.push_str(&match r {
                        Ok(s) => s,
                        Err(e) => e.kubectl_text(),
                    });
                    out.push('\n');
                }
                out
            }
            ["apply-file", file, vars @ ..] => {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/cluster_scenarios/manifests")
                    .join(file);
                let text = substitute(&std::fs::read_to_string(path).expect("manifest"), vars);
                self.run("apply", &text)
            }
            ["advance", d] => {
                c.advance(parse_ms(d));
                String::new()
            }
            ["idle"] => {
                let limit = c.now() + 3_600_000;
                while let Some(t) = c.next_due() {
                    if t > limit {
                        break;
                    }
                    c.advance(t.saturating_sub(c.now()));
                }
                format!("t={}s\n", c.now() / 1000)
            }
            ["time"] => format!("t={}s\n", c.now() as f64 / 1000.0),
            ["delete", kind, name, rest @ ..] => {
                let mut prop = Propagation::Background;
                let mut grace = None;
                for r in rest {
                    match *r {
                        "orphan" => prop = Propagation::Orphan,
                        "foreground" => prop = Propagation::Foreground,
                        g if g.starts_with("grace=") => grace = g[6..].parse().ok(),
                        other => panic!("bad delete option {other}"),
                    }
                }
                let kind = kind_of(kind);
                match c.delete(&kind, "default", name, prop, grace) {
                    Ok(_) => format!(
                        "{} \"{name}\" deleted\n",
                        stsplay::cluster::kinds::by_kind(&kind).unwrap().kubectl_prefix()
                    ),
                    Err(e) => format!("{}\n", e.kubectl_text()),
                }
            }
            ["scale-deploy", name, n] => {
                let p = serde_json::json!({"spec": {"replicas": n.parse::<i64>().unwrap()}});
                match c.patch("Deployment", "default", name, &p, PatchType::Merge) {
                    Ok(_) => format!("deployment.apps/{name} scaled\n"),
                    Err(e) => format!("{}\n", e.kubectl_text()),
                }
            }
            ["scale", name, n] => {
                let p = serde_json::json!({"spec": {"replicas": n.parse::<i64>().unwrap()}});
                match c.patch("StatefulSet", "default", name, &p, PatchType::Merge) {
                    Ok(_) => format!("statefulset.apps/{name} scaled\n"),
                    Err(e) => format!("{}\n", e.kubectl_text()),
                }
            }
            ["patch", kind, name, ty, ..] => {
                let json_text = cmd.splitn(5, ' ').nth(4).unwrap_or("");
                let p: Value = serde_json::from_str(json_text).expect("patch JSON");
                let ty = match *ty {
                    "merge" => PatchType::Merge,
                    "json" => PatchType::Json,
                    _ => PatchType::StrategicMerge,
                };
                let kind = kind_of(kind);
                match c.patch(&kind, "default", name, &p, ty) {
                    Ok(_) => format!(
                        "{}/{name} patched\n",
                        stsplay::cluster::kinds::by_kind(&kind).unwrap().kubectl_prefix()
                    ),
                    Err(e) => format!("{}\n", e.kubectl_text()),
                }
            }
            ["explain", name] => {
                let set = c.get("StatefulSet", "default", name).expect("statefulset");
                format!("{}\n", stsplay::cluster::explain::statefulset_step(&set, &c.list("Pod", Some("default"))))
            }
            ["explain-ru", name] => {
                let set = c.get("StatefulSet", "default", name).expect("statefulset");
                let step = stsplay::cluster::explain::statefulset_step(&set, &c.list("Pod", Some("default")));
                format!("{}\n", step.render(&stsplay::i18n::Strings::load("ru").expect("ru.yaml")))
            }
            ["gate", "max-unavailable", v] => {
                c.gate_max_unavailable_statefulset = *v == "on";
                String::new()
            }
            ["fault", pod, what] => {
                let f = match *what {
                    "unready" => Fault::Readiness(false),
                    "ready" => Fault::Readiness(true),
                    "evict" => Fault::Evict,
                    other => panic!("bad fault {other}"),
                };
                match c.inject("default", pod, f) {
                    Ok(()) => String::new(),
                    Err(e) => format!("{e}\n"),
                }
            }
            ["pods"] => pods(c),
            ["pvcs"] => pvcs(c),
            ["pvs"] => {
                let mut out = String::new();
                for pv in c.list("PersistentVolume", None) {
                    out.push_str(&format!(
                        "{} {} claim={}/{} reclaim={}\n",
                        if meta::name(&pv).starts_with("pvc-") { "pvc-<uid>" } else { meta::name(&pv) },
                        meta::s(&pv, "/status/phase"),
                        meta::s(&pv, "/spec/claimRef/namespace"),
                        meta::s(&pv, "/spec/claimRef/name"),
                        meta::s(&pv, "/spec/persistentVolumeReclaimPolicy")
                    ));
                }
                out
            }
            ["sts", name] => sts(c, name),
            ["events"] => self.events(None),
            ["events", name] => self.events(Some(name)),
            ["revisions", name] => {
                let mut out = String::new();
                for r in c.list("ControllerRevision", Some("default")) {
                    if meta::controller_ref(&r).is_some_and(|o| meta::s(o, "/name") == *name) {
                        out.push_str(&format!(
                            "{} revision={}\n",
                            meta::name(&r),
                            meta::i(&r, "/revision").unwrap_or(0)
                        ));
                    }
                }
                out
            }
            ["get", kind, name, rest @ ..] => {
                let kind = kind_of(kind);
                match c.get(&kind, "default", name) {
                    Err(e) => format!("{}\n", e.kubectl_text()),
                    Ok(o) => {
                        let v = match rest.first() {
                            Some(p) => o.pointer(p).cloned().unwrap_or(Value::Null),
                            None => o,
                        };
                        format!("{}\n", serde_json::to_string(&v).unwrap())
                    }
                }
            }
            ["list", kind] => {
                let kind = kind_of(kind);
                c.list(&kind, None).iter().map(|o| format!("{}/{}\n", meta::namespace(o), meta::name(o))).collect()
            }
            _ => panic!("unknown scenario command: {cmd}"),
        }
    }
}

/// Replaces `${NAME=default}` with `NAME=value` from `vars` or the default.
fn substitute(text: &str, vars: &[&str]) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("${") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').expect("unterminated ${") + i;
        let (name, default) = rest[i + 2..end].split_once('=').expect("${NAME=default}");
        let v = vars.iter().find_map(|v| v.strip_prefix(name).and_then(|r| r.strip_prefix('='))).unwrap_or(default);
        out.push_str(v);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Splits a scenario into (command, indented body, expected output) triples.
fn parse(text: &str) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    let mut in_body = false;
    for line in text.lines() {
        if let Some(cmd) = line.strip_prefix("> ") {
            out.push((cmd.trim().to_string(), String::new(), String::new()));
            in_body = true;
            continue;
        }
        let Some(last) = out.last_mut() else { continue };
        if in_body && line.starts_with("  ") {
            last.1.push_str(&line[2..]);
            last.1.push('\n');
            continue;
        }
        in_body = false;
        last.2.push_str(line);
        last.2.push('\n');
    }
    out
}

fn render(steps: &[(String, String, String)], outputs: &[String], preamble: &str) -> String {
    let mut s = preamble.to_string();
    for ((cmd, body, _), outp) in steps.iter().zip(outputs) {
        s.push_str(&format!("> {cmd}\n"));
        for l in body.lines() {
            s.push_str(&format!("  {l}\n"));
        }
        s.push_str(outp);
    }
    s
}

#[test]
fn scenarios() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cluster_scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let preamble: String = text.lines().take_while(|l| !l.starts_with("> ")).map(|l| format!("{l}\n")).collect();
        let steps = parse(&text);
        let mut r =
            Runner { c: Cluster::with_runtime(1, Box::new(BasicNode::default())), events_seen: Default::default() };
        let outputs: Vec<String> = steps.iter().map(|(cmd, body, _)| r.run(cmd, body)).collect();
        let actual = render(&steps, &outputs, &preamble);
        if actual != text {
            if bless {
                std::fs::write(&f, &actual).unwrap();
            } else {
                failures.push(format!("{}:\n{}", f.display(), diff(&text, &actual)));
            }
        }
    }
    assert!(failures.is_empty(), "scenario mismatches (BLESS=1 to accept):\n{}", failures.join("\n"));
}

fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            out.push_str(&format!(
                "line {}:\n  expected: {}\n  actual:   {}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
            if out.len() > 3000 {
                break;
            }
        }
    }
    out
}
