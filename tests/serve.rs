//! `stsplay serve`: the HTTP layer and the API routing as data-driven transcripts (always run), server-side
//! tables from fixture objects (always run), and the real kubectl and helm driven against a running server
//! (run when the binaries are present; `scripts/fetch-k8s-tools.sh` fetches them into target/k8s-tools).

use serde_json::{json, Value};
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::process::Command;
use stsplay::serve::{api, http, table};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve").join(name)
}

/// Compares `actual` with the golden file, or rewrites it under STSPLAY_UPDATE=1.
fn golden(name: &str, actual: &str) {
    let path = data(name);
    if std::env::var_os("STSPLAY_UPDATE").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{name} differs from the golden file (first differing line {}):\n--- expected\n{}\n--- actual\n{}\n\
             (STSPLAY_UPDATE=1 rewrites it)",
            first + 1,
            expected.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}

fn escape(b: &[u8]) -> String {
    String::from_utf8_lossy(b).replace('\r', "\\r").replace('\n', "\\n")
}

#[test]
fn http_requests_parse_as_the_transcript_says() {
    let text = std::fs::read_to_string(data("http-requests.txt")).unwrap();
    let mut out = String::new();
    for block in text.split("=== ").skip(1) {
        let (title, rest) = block.split_once('\n').unwrap();
        let raw = rest.split("--- parsed").next().unwrap();
        let wire: String =
            raw.lines().map(|l| if l == "<empty>" { "\r\n".to_string() } else { format!("{l}\r\n") }).collect();
        out.push_str(&format!("=== {title}\n{raw}--- parsed\n"));
        let mut r = BufReader::new(Cursor::new(wire.into_bytes()));
        match http::read_request(&mut r) {
            Ok(req) => {
                out.push_str(&format!("method={} path={}\n", req.method, req.path));
                for (k, v) in &req.query {
                    out.push_str(&format!("query {k}={v}\n"));
                }
                for (k, v) in &req.headers {
                    out.push_str(&format!("header {k}: {v}\n"));
                }
                if req.body.is_empty() {
                    out.push_str("body 0 bytes\n");
                } else {
                    out.push_str(&format!("body {} bytes: {}\n", req.body.len(), escape(&req.body)));
                }
                out.push_str(&format!("keep-alive={}\n", http::keep_alive(&req)));
            }
            Err(e) => out.push_str(&format!("error: {e:?}\n")),
        }
    }
    let header: String = text.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    golden("http-requests.txt", &format!("{header}{out}"));
}

#[test]
fn responses_are_framed_for_go_clients() {
    let mut buf = Vec::new();
    http::write_response(&mut buf, &http::Response::json(404, &json!({"kind": "Status"})), false).unwrap();
    let mut chunked = Vec::new();
    {
        let mut c = http::Chunked::start(&mut chunked, 200, "application/json").unwrap();
        c.send(b"{\"type\":\"ADDED\"}\n").unwrap();
        c.send(b"").unwrap();
        c.finish().unwrap();
    }
    let transcript = format!("{}\n=== chunked\n{}\n", escape(&buf), escape(&chunked));
    golden("http-responses.txt", &transcript);
}

/// Pretty JSON cut to `max` lines, so big documents stay reviewable in the transcript.
fn cut(v: &Value, max: usize) -> String {
    let text = serde_json::to_string_pretty(v).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= max {
        return text;
    }
    format!("{}\n... ({} more lines)", lines[..max].join("\n"), lines.len() - max)
}

#[test]
fn api_routes_and_errors_follow_the_transcript() {
    let text = std::fs::read_to_string(data("api-requests.txt")).unwrap();
    let mut cluster = stsplay::cluster::Cluster::new(0);
    let mut out = String::new();
    for block in text.split("\n> ").skip(1) {
        let (head, rest) = block.split_once('\n').unwrap_or((block, ""));
        let (headers, body) = rest.split_once("\n\n").unwrap_or((rest, ""));
        let mut wire = format!("{head} HTTP/1.1\r\n");
        for h in headers.lines().filter(|l| !l.is_empty()) {
            wire.push_str(&format!("{h}\r\n"));
        }
        wire.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        let req = http::read_request(&mut BufReader::new(Cursor::new(wire.into_bytes()))).unwrap();
        out.push_str(&format!("> {head}\n"));
        match api::handle(&mut cluster, &req, "127.0.0.1:6443") {
            api::Action::Respond(r) => {
                out.push_str(&format!("< {} {}\n", r.status, r.content_type));
                match serde_json::from_slice::<Value>(&r.body) {
                    Ok(v) => out.push_str(&format!("{}\n", cut(&v, 25))),
                    Err(_) => out.push_str(&format!("{}\n", escape(&r.body))),
                }
            }
            api::Action::Watch(p) => out.push_str(&format!("< watch {}\n", p.query.resource.name)),
            api::Action::FollowLogs(p) => out.push_str(&format!("< follow logs of {}\n", p.pod)),
            api::Action::Exec(p) => out.push_str(&format!("< exec {:?}\n", p.command)),
        }
    }
    golden("api-transcript.txt", &out);
}

/// Fixture objects (YAML documents after a `# now: RFC3339` line) rendered as the server's Table, one line per
/// row, cells separated by ` | `; the header marks priority-1 (wide) columns with `*`.
#[test]
fn tables_have_the_real_servers_columns_and_cells() {
    let mut out = String::new();
    let mut names: Vec<_> = std::fs::read_dir(data("tables")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for path in names.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(path).unwrap();
        let now = text.lines().next().and_then(|l| l.strip_prefix("# now: ")).expect("first line: # now: TIME");
        let now_ms = table::parse_rfc3339_ms(now.trim()).unwrap();
        let objects: Vec<Value> = text
            .split("\n---\n")
            .filter_map(|d| serde_norway::from_str::<Value>(d).ok())
            .filter(|v| v.is_object())
            .collect();
        let kind = objects[0]["kind"].as_str().unwrap().to_string();
        let t = table::table(&kind, &objects, now_ms, "1", table::IncludeObject::Metadata);
        let cols: Vec<String> = t["columnDefinitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| format!("{}{}", c["name"].as_str().unwrap(), if c["priority"] == 1 { "*" } else { "" }))
            .collect();
        out.push_str(&format!(
            "=== {} ({kind}, now {now})\n{}\n",
            path.file_name().unwrap().to_string_lossy(),
            cols.join(" | ")
        ));
        for row in t["rows"].as_array().unwrap() {
            let cells: Vec<String> = row["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| match c {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            out.push_str(&format!("{}\n", cells.join(" | ")));
            assert_eq!(row["object"]["kind"], "PartialObjectMetadata");
        }
    }
    golden("tables/tables.golden", &out);
}

/// apimachinery `duration.HumanDuration`, at the boundaries listed in the reference notes.
#[test]
fn human_durations() {
    let cases = [
        (-2000, "<invalid>"),
        (-1000, "0s"),
        (0, "0s"),
        (59_999, "59s"),
        (60_000, "60s"),
        (119_000, "119s"),
        (120_000, "2m"),
        (155_000, "2m35s"),
        (540_000, "9m"),
        (599_000, "9m59s"),
        (600_000, "10m"),
        (179 * 60_000, "179m"),
        (180 * 60_000, "3h"),
        (252 * 60_000, "4h12m"),
        (25 * 3_600_000, "25h"),
        (50 * 3_600_000, "2d2h"),
        (190 * 3_600_000, "7d22h"),
        (9 * 86_400_000, "9d"),
        (364 * 86_400_000, "364d"),
        (731 * 86_400_000, "2y1d"),
        (3000 * 86_400_000, "8y"),
    ];
    let got: Vec<(i64, String)> = cases.iter().map(|(ms, _)| (*ms, table::human_duration(*ms))).collect();
    let want: Vec<(i64, String)> = cases.iter().map(|(ms, s)| (*ms, s.to_string())).collect();
    assert_eq!(got, want);
}

// ---- the real clients ----

fn tool(name: &str) -> Option<PathBuf> {
    let candidates = [
        std::env::var_os(format!("STSPLAY_{}", name.to_uppercase())).map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/k8s-tools").join(name)),
        Some(PathBuf::from(format!("/work/tools/bin/{name}/{name}"))),
    ];
    candidates.into_iter().flatten().find(|p| p.is_file())
}

struct Env {
    server: stsplay::serve::Server,
    kubeconfig: PathBuf,
    kubectl: PathBuf,
    helm: Option<PathBuf>,
    _dir: TempDir,
}

struct TempDir(PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        self.server.stop();
    }
}

/// A server on an ephemeral port, or the reason the real-client tests cannot run here.
fn env(speed: f64) -> Result<Env, String> {
    let kubectl = tool("kubectl").ok_or("kubectl not found (run scripts/fetch-k8s-tools.sh)")?;
    if stsplay::cluster::Cluster::new(0).list("Namespace", None).is_empty() {
        return Err("the simulated cluster has no namespaces yet (cluster store not built)".into());
    }
    let dir = std::env::temp_dir().join(format!("stsplay-serve-{}-{}", std::process::id(), rand_suffix()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let opts = stsplay::serve::ServeOptions { addr: "127.0.0.1:0".into(), speed, ..Default::default() };
    let server = stsplay::serve::Server::start(&opts)?;
    let kubeconfig = dir.join("kubeconfig");
    std::fs::write(&kubeconfig, stsplay::serve::kubeconfig(&server.url())).map_err(|e| e.to_string())?;
    Ok(Env { server, kubeconfig, kubectl, helm: tool("helm"), _dir: TempDir(dir) })
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

struct Run {
    stdout: String,
    stderr: String,
    ok: bool,
}

impl Env {
    fn kubectl(&self, args: &[&str]) -> Run {
        self.run(&self.kubectl, args)
    }
    fn run(&self, bin: &Path, args: &[&str]) -> Run {
        let out = Command::new(bin)
            .args(args)
            .env("KUBECONFIG", &self.kubeconfig)
            .env("HOME", &self._dir.0)
            .env("HELM_CACHE_HOME", self._dir.0.join("helm-cache"))
            .env("HELM_CONFIG_HOME", self._dir.0.join("helm-config"))
            .env("HELM_DATA_HOME", self._dir.0.join("helm-data"))
            .output()
            .expect("run tool");
        Run {
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            ok: out.status.success(),
        }
    }
    /// Polls `kubectl args` until `pred` holds on its stdout (the simulation runs in scaled real time).
    fn kubectl_until(&self, args: &[&str], pred: impl Fn(&str) -> bool) -> Run {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let r = self.kubectl(args);
            if pred(&r.stdout) || std::time::Instant::now() > deadline {
                return r;
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
    }
}

/// Whether the simulated cluster runs the StatefulSet controller yet: checked in-process, on simulated time.
fn controllers_built() -> bool {
    let mut c = stsplay::cluster::Cluster::new(0);
    let docs: Vec<Value> = WEB.split("\n---\n").map(|d| serde_norway::from_str(d).unwrap()).collect();
    for d in docs {
        let _ = c.apply(d);
    }
    c.settle();
    c.advance(60_000);
    !c.list("Pod", Some("default")).is_empty()
}

macro_rules! need_env {
    ($speed:expr) => {
        need_env!($speed, false)
    };
    ($speed:expr, $controllers:expr) => {
        match env($speed).and_then(|e| {
            if $controllers && !controllers_built() {
                Err("the simulated cluster creates no pods for a StatefulSet yet (controllers not built)".to_string())
            } else {
                Ok(e)
            }
        }) {
            Ok(e) => e,
            Err(why) => {
                eprintln!("skipping: {why}");
                return;
            }
        }
    };
}

/// Column names of a kubectl table header.
fn header(out: &str) -> Vec<String> {
    let line = out.lines().next().unwrap_or("");
    line.split("  ").map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

#[test]
fn kubectl_get_namespaces() {
    let e = need_env!(1.0);
    let r = e.kubectl(&["get", "ns"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(header(&r.stdout), ["NAME", "STATUS", "AGE"]);
    let names: Vec<&str> = r.stdout.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert!(names.contains(&"default") && names.contains(&"kube-system"), "{}", r.stdout);
    let r = e.kubectl(&["get", "pod", "nope"]);
    assert!(!r.ok);
    assert_eq!(r.stderr, "Error from server (NotFound): pods \"nope\" not found\n");
    let r = e.kubectl(&["get", "frobs"]);
    assert_eq!(r.stderr, "error: the server doesn't have a resource type \"frobs\"\n");
    let r = e.kubectl(&["auth", "can-i", "delete", "statefulsets"]);
    assert_eq!(r.stdout, "yes\n", "{}", r.stderr);
    // kubectl's typed create commands send protobuf bodies
    let r = e.kubectl(&["create", "serviceaccount", "internal-app"]);
    assert_eq!((r.stdout.as_str(), r.stderr.as_str()), ("serviceaccount/internal-app created\n", ""));
    let r = e.kubectl(&["create", "configmap", "cm", "--from-literal=greeting=hello"]);
    assert_eq!(r.stdout, "configmap/cm created\n", "{}", r.stderr);
    let r = e.kubectl(&["get", "configmap", "cm", "-o", "jsonpath={.data.greeting}"]);
    assert_eq!(r.stdout, "hello");
    let r = e.kubectl(&["create", "namespace", "lab"]);
    assert_eq!(r.stdout, "namespace/lab created\n", "{}", r.stderr);
    let r = e.kubectl(&["create", "service", "nodeport", "nginx", "--tcp=80:8080", "--node-port=30080"]);
    assert_eq!(r.stdout, "service/nginx created\n", "{}", r.stderr);
    let r = e.kubectl(&["create", "service", "nodeport", "again", "--tcp=80:8080", "--node-port=30080"]);
    assert_eq!(
        r.stderr,
        "error: failed to create NodePort service: Service \"again\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated\n"
    );
    let r = e.kubectl(&["create", "service", "loadbalancer", "lb", "--tcp=80:8080"]);
    assert_eq!(r.stdout, "service/lb created\n", "{}", r.stderr);
    let r = e.kubectl(&["get", "svc", "nginx", "lb", "-o", "jsonpath={.items[*].spec.ports[0].nodePort}"]);
    let ports: Vec<u32> = r.stdout.split(' ').filter_map(|p| p.parse().ok()).collect();
    assert!(ports.len() == 2 && ports[0] == 30080 && (30086..32768).contains(&ports[1]), "{}", r.stdout);
    let r = e.kubectl(&["create", "deployment", "hello", "--image=nginx:1.27", "--replicas=2", "--port=80"]);
    assert_eq!(r.stdout, "deployment.apps/hello created\n", "{}", r.stderr);
    let r = e.kubectl(&["get", "deploy", "hello", "-o", "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}"]);
    assert_eq!(r.stdout, "2 hello nginx:1.27 80");
    let r = e.kubectl_until(&["get", "pods", "-l", "app=hello", "--no-headers"], |o| o.matches("Running").count() == 2);
    assert_eq!(r.stdout.matches("Running").count(), 2, "{}{}", r.stdout, r.stderr);
}

const WEB: &str = "apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels: {app: nginx}
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector: {app: nginx}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: 1Gi
";

#[test]
fn kubectl_apply_watch_and_delete_a_statefulset() {
    let e = need_env!(20.0, true);
    let manifest = e._dir.0.join("web.yaml");
    std::fs::write(&manifest, WEB).unwrap();

    // `get pods -w` prints the list, then one row per change, until it is stopped. It starts before the apply
    // (the server says when its watch is open), so it sees every change the apply causes.
    let mut watch = Command::new(&e.kubectl)
        .args(["get", "pods", "-w", "-l", "app=nginx"])
        .env("KUBECONFIG", &e.kubeconfig)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while e.server.active_watches() == 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    let r = e.kubectl(&["apply", "-f", manifest.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout, "service/nginx created\nstatefulset.apps/web created\n");
    // A second apply leaves the Service unchanged. The StatefulSet shows `configured` as on a real cluster: the
    // server defaults fields inside volumeClaimTemplates (volumeMode, status), a list without a merge key, so
    // kubectl's three-way merge (computed client-side) replaces the list.
    let r = e.kubectl(&["apply", "-f", manifest.to_str().unwrap()]);
    assert_eq!(r.stdout, "service/nginx unchanged\nstatefulset.apps/web configured\n", "{}", r.stderr);

    let ready = e.kubectl_until(&["get", "sts", "web"], |o| o.contains("2/2"));
    assert!(ready.stdout.contains("2/2"), "StatefulSet never became ready:\n{}", ready.stdout);
    // kubectl prints the watch's rows at its own pace: read until web-1's Running row (or a deadline), then stop it
    let seen = read_in_background(watch.stdout.take().unwrap());
    wait_for(&seen, |t| {
        t.lines().any(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            c.len() > 2 && c[0] == "web-1" && c[1] == "1/1" && c[2] == "Running"
        })
    });
    let _ = watch.kill();
    let _ = watch.wait();
    let watched = seen.lock().unwrap().clone();
    let rows: Vec<Vec<&str>> = watched.lines().skip(1).map(|l| l.split_whitespace().collect()).collect();
    assert!(rows.iter().any(|r| r[0] == "web-0" && r[2] == "Pending"), "{watched}");
    assert!(rows.iter().any(|r| r[0] == "web-1" && r[1] == "1/1" && r[2] == "Running"), "{watched}");
    let first_web1 = rows.iter().position(|r| r[0] == "web-1").unwrap();
    let web0_running = rows.iter().position(|r| r[0] == "web-0" && r[2] == "Running").unwrap();
    assert!(web0_running < first_web1, "OrderedReady: web-1 appeared before web-0 ran:\n{watched}");

    let r = e.kubectl(&["get", "po,sts,svc,pvc"]);
    assert!(r.ok, "{}", r.stderr);
    let blocks: Vec<&str> = r.stdout.split("\n\n").collect();
    assert_eq!(blocks.len(), 4, "{}", r.stdout);
    assert_eq!(header(blocks[0]), ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]);
    assert_eq!(header(blocks[1]), ["NAME", "READY", "AGE"]);
    assert_eq!(header(blocks[2]), ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]);
    assert_eq!(
        header(blocks[3]),
        ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"]
    );
    assert!(blocks[0].contains("pod/web-0") && blocks[1].contains("statefulset.apps/web"), "{}", r.stdout);
    assert!(blocks[2].contains("service/nginx") && blocks[2].contains("None"), "{}", r.stdout);
    assert!(blocks[3].contains("persistentvolumeclaim/www-web-1") && blocks[3].contains("Bound"), "{}", r.stdout);

    let uid_before = e.kubectl(&["get", "pod", "web-0", "-o", "jsonpath={.metadata.uid}"]).stdout;
    let r = e.kubectl(&["delete", "pod", "web-0"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout, "pod \"web-0\" deleted from default namespace\n");
    let back = e.kubectl_until(&["get", "pod", "web-0", "-o", "jsonpath={.metadata.uid} {.status.phase}"], |o| {
        o.ends_with(" Running") && !o.starts_with(&uid_before)
    });
    assert!(back.stdout.ends_with(" Running") && !back.stdout.starts_with(&uid_before), "{}", back.stdout);
    let r = e.kubectl(&["delete", "pod", "web-0", "--wait=false"]);
    assert!(r.ok, "{}", r.stderr);

    // A pod that stops matching a watch's selector is DELETED for that watch, and ADDED when it matches again.
    let mut watch = Command::new(&e.kubectl)
        .args(["get", "pods", "-l", "app=nginx", "-w", "--output-watch-events"])
        .env("KUBECONFIG", &e.kubeconfig)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let seen = read_in_background(watch.stdout.take().unwrap());
    // the list comes first; the watch then starts from the list's resourceVersion, so nothing after it is missed
    wait_for(&seen, |t| t.lines().any(|l| l.starts_with("ADDED") && l.contains("web-1")));
    assert!(e.kubectl(&["label", "pod", "web-1", "app-"]).ok);
    wait_for(&seen, |t| t.lines().any(|l| l.starts_with("DELETED") && l.contains("web-1")));
    assert!(e.kubectl(&["label", "pod", "web-1", "app=nginx"]).ok);
    let relabelled = |t: &str| {
        t.lines()
            .skip_while(|l| !(l.starts_with("DELETED") && l.contains("web-1")))
            .any(|l| l.starts_with("ADDED") && l.contains("web-1"))
    };
    wait_for(&seen, relabelled);
    let _ = watch.kill();
    let _ = watch.wait();
    let text = seen.lock().unwrap().clone();
    assert!(relabelled(&text), "{text}");
}

/// The real `kubectl drain` evicts through `pods/NAME/eviction` (policy/v1 Eviction, as protobuf): two budgets over
/// a pod are the handler's 500, one budget with no disruption left its 429, which drain retries every 5 s until
/// its `--timeout`; the words are drain.go's around the API server's messages.
#[test]
fn kubectl_drain_meets_a_disruption_budget() {
    let e = need_env!(20.0, true);
    assert!(e.kubectl(&["create", "deployment", "nginx", "--image=nginx", "--replicas=2"]).ok);
    let ready = e.kubectl_until(&["get", "deploy", "nginx"], |o| o.contains("2/2"));
    assert!(ready.stdout.contains("2/2"), "{}", ready.stdout);
    let r = e.kubectl(&["create", "pdb", "need-two", "--selector=app=nginx", "--min-available=2"]);
    assert_eq!(r.stdout, "poddisruptionbudget.policy/need-two created\n", "{}", r.stderr);
    assert!(e.kubectl(&["create", "pdb", "also", "--selector=app=nginx", "--max-unavailable=1"]).ok);
    let pdbs = e.kubectl_until(&["get", "pdb"], |o| o.lines().any(|l| l.starts_with("also ") && l.contains(" 1 ")));
    assert_eq!(header(&pdbs.stdout), ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"]);
    let drain = ["drain", "minikube", "--ignore-daemonsets", "--pod-selector=app=nginx", "--timeout=1s"];
    let r = e.kubectl(&drain);
    assert!(!r.ok);
    assert!(
        r.stderr.contains(
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support."
        ),
        "{}",
        r.stderr
    );
    assert!(e.kubectl(&["delete", "pdb", "also"]).ok);
    let r = e.kubectl(&drain);
    assert!(!r.ok);
    let pod = r.stdout.lines().find_map(|l| l.strip_prefix("evicting pod default/")).unwrap_or("?").to_string();
    let line = format!(
        "error when evicting pods/\"{pod}\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate \
         the pod's disruption budget."
    );
    assert!(r.stderr.lines().any(|l| l == line), "{}", r.stderr);
    assert!(r
        .stderr
        .contains(&format!("error when evicting pods/\"{pod}\" -n \"default\": global timeout reached: 1s")));
    let pods = e.kubectl(&["get", "pods", "-l", "app=nginx", "-o", "name"]);
    assert_eq!(pods.stdout.lines().count(), 2, "{}", pods.stdout);
}

/// Collects a child's output as it comes.
fn read_in_background(mut out: impl std::io::Read + Send + 'static) -> std::sync::Arc<std::sync::Mutex<String>> {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = seen.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = out.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    seen
}

/// Waits (at most a minute) until the collected output satisfies `pred`.
fn wait_for(seen: &std::sync::Mutex<String>, pred: impl Fn(&str) -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !pred(&seen.lock().unwrap()) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn helm_install_the_lab_chart() {
    let e = need_env!(20.0);
    let Some(helm) = e.helm.clone() else {
        eprintln!("skipping: helm not found (run scripts/fetch-k8s-tools.sh)");
        return;
    };
    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("charts/python-time-app");
    let r =
        e.run(&helm, &["install", "python-stateful", chart.to_str().unwrap(), "--set", "podAnnotations.lesson=one"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("STATUS: deployed") && r.stdout.contains("REVISION: 1"), "{}", r.stdout);
    let template_annotations = || {
        e.kubectl(&[
            "get",
            "sts",
            "python-stateful-python-time-app",
            "-o",
            "jsonpath={.spec.template.metadata.annotations}",
        ])
        .stdout
    };
    assert_eq!(template_annotations(), r#"{"lesson":"one"}"#);
    let r = e.run(&helm, &["list"]);
    assert!(r.stdout.lines().nth(1).is_some_and(|l| l.starts_with("python-stateful")), "{}", r.stdout);
    let r = e.kubectl(&["get", "secrets", "-l", "owner=helm"]);
    assert!(r.stdout.contains("sh.helm.release.v1.python-stateful.v1"), "{}", r.stdout);
    let r = e.kubectl(&["get", "po,sts,svc,pvc"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("service/python-stateful-python-time-app"), "{}", r.stdout);
    if controllers_built() {
        // `kubectl exec` over WebSocket: the visit counter the app keeps on its volume
        let pod = "python-stateful-python-time-app-0";
        let running = e.kubectl_until(&["get", "pod", pod, "-o", "jsonpath={.status.phase}"], |o| o == "Running");
        assert_eq!(running.stdout, "Running");
        // The app writes data/visits on its first request (a probe); Running can come before that.
        let r = e.kubectl_until(&["exec", pod, "--", "cat", "data/visits"], |o| o.trim().parse::<u64>().is_ok());
        assert!(r.ok, "{}", r.stderr);
        assert!(r.stdout.trim().parse::<u64>().is_ok(), "not a count: {:?}", r.stdout);
        let r = e.kubectl(&["exec", "nope", "--", "ls"]);
        assert_eq!(r.stderr, "Error from server (NotFound): pods \"nope\" not found\n");
        let r = e.kubectl(&["rollout", "status", "sts/python-stateful-python-time-app", "--timeout=60s"]);
        assert!(r.ok && r.stdout.lines().last().unwrap_or("").contains("roll"), "{}{}", r.stdout, r.stderr);
    }
    let r = e.run(&helm, &["upgrade", "python-stateful", chart.to_str().unwrap(), "--set", "replicaCount=3"]);
    assert!(r.ok, "{}", r.stderr);
    assert!(r.stdout.contains("REVISION: 2"), "{}", r.stdout);
    // server-side apply removes what helm no longer applies
    assert_eq!(template_annotations(), "");
    let r = e.kubectl(&["get", "sts", "python-stateful-python-time-app", "-o", "jsonpath={.spec.replicas}"]);
    assert_eq!(r.stdout, "3");
    let r = e.run(&helm, &["uninstall", "python-stateful"]);
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout, "release \"python-stateful\" uninstalled\n");
}

/// The server moves simulated dates to the wall clock and back; only whole RFC 3339 UTC strings move, with
/// their fraction kept digit for digit (the shifts are whole seconds).
#[test]
fn dates_move_by_the_shift_and_back() {
    let original = json!({
        "metadata": {"creationTimestamp": "2025-03-15T17:03:35Z", "name": "2025-03-15T17:03:35Z-ish"},
        "eventTime": "2025-03-15T17:04:35.123456Z",
        "series": [{"lastObservedTime": "2024-12-31T23:59:59.5Z"}],
        "count": 3,
    });
    let mut v = original.clone();
    table::shift_times(&mut v, 86_400_000 * 366 + 2000);
    assert_eq!(
        v,
        json!({
            "metadata": {"creationTimestamp": "2026-03-16T17:03:37Z", "name": "2025-03-15T17:03:35Z-ish"},
            "eventTime": "2026-03-16T17:04:37.123456Z",
            "series": [{"lastObservedTime": "2026-01-02T00:00:01.5Z"}],
            "count": 3,
        })
    );
    table::shift_times(&mut v, -(86_400_000 * 366 + 2000));
    assert_eq!(v["metadata"], original["metadata"]);
    assert_eq!(v["series"], original["series"]);
}

/// A kubectl table with the columns that depend on the clock or on random names masked (AGE, VOLUME,
/// CLUSTER-IP), so a run in scaled real time compares with a run on the simulated clock.
fn comparable(table_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for block in table_text.trim_end().split("\n\n") {
        let mut lines = block.lines();
        let Some(head) = lines.next() else { continue };
        // column start offsets from the header (kubectl pads with at least 3 spaces)
        let mut starts = vec![0];
        let b = head.as_bytes();
        for i in 1..b.len() {
            if b[i] != b' ' && b[i - 1] == b' ' && i >= 2 && b[i - 2] == b' ' {
                starts.push(i);
            }
        }
        let cols: Vec<String> = starts
            .iter()
            .enumerate()
            .map(|(k, s)| head[*s..starts.get(k + 1).copied().unwrap_or(head.len())].trim().to_string())
            .collect();
        out.push(cols.join(" | "));
        for l in lines {
            let cells: Vec<String> = starts
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let end = starts.get(k + 1).copied().unwrap_or(l.len()).min(l.len());
                    let cell = l.get(*s..end).unwrap_or("").trim();
                    match cols[k].as_str() {
                        "AGE" | "VOLUME" | "CLUSTER-IP" => "*".to_string(),
                        _ => cell.to_string(),
                    }
                })
                .collect();
            out.push(cells.join(" | "));
        }
        out.push(String::new());
    }
    out
}

/// The issue's comparison: the lab's commands through real helm/kubectl against `stsplay serve`, and through
/// `stsplay run` on the simulated clock, print the same rows, statuses and counts once the cluster has settled.
#[test]
fn real_clients_print_what_stsplay_run_prints() {
    let e = need_env!(20.0, true);
    let Some(helm) = e.helm.clone() else {
        eprintln!("skipping: helm not found (run scripts/fetch-k8s-tools.sh)");
        return;
    };
    let script = "helm install python-stateful ./python-time-app\nsleep 60\nkubectl get po,sts,svc,pvc\n\
                  kubectl delete pod python-stateful-python-time-app-0\nsleep 60\nkubectl get pods\n\
                  kubectl scale sts python-stateful-python-time-app --replicas=3\nsleep 60\nkubectl get pods,pvc\n\
                  kubectl scale sts python-stateful-python-time-app --replicas=1\nsleep 120\nkubectl get pods,pvc\n";
    let transcript = stsplay::shell::run_script(script, 0);
    let outputs: Vec<&str> = transcript.split("$ ").skip(1).map(|b| b.split_once('\n').map_or("", |x| x.1)).collect();
    assert_eq!(outputs.len(), 12, "{transcript}");
    let expected = comparable(outputs[2]);
    assert!(
        expected.contains(&"pod/python-stateful-python-time-app-0 | 1/1 | Running | 0 | *".to_string()),
        "{expected:?}"
    );
    assert!(expected.contains(&"NAME | TYPE | CLUSTER-IP | EXTERNAL-IP | PORT(S) | AGE".to_string()), "{expected:?}");

    let chart = Path::new(env!("CARGO_MANIFEST_DIR")).join("charts/python-time-app");
    let r = e.run(&helm, &["install", "python-stateful", chart.to_str().unwrap()]);
    assert!(r.ok, "{}", r.stderr);
    let settled = |o: &str| {
        let c = comparable(o);
        c.iter().filter(|l| l.contains(" | 1/1 | Running | ")).count() == 2
    };
    e.kubectl_until(&["get", "pods"], settled);
    let served = e.kubectl(&["get", "po,sts,svc,pvc"]);
    assert_eq!(comparable(&served.stdout), comparable(outputs[2]), "real:\n{}\nrun:\n{}", served.stdout, outputs[2]);

    let r = e.kubectl(&["delete", "pod", "python-stateful-python-time-app-0"]);
    assert_eq!(r.stdout, outputs[3]);
    let served = e.kubectl_until(&["get", "pods"], settled);
    assert_eq!(comparable(&served.stdout), comparable(outputs[5]), "real:\n{}\nrun:\n{}", served.stdout, outputs[5]);

    // scaling up adds a pod and its claim; scaling down removes pods and keeps every claim (Retain)
    // settled: exactly n pods, all ready (a pod on its way out may show Terminating, Error or Completed)
    let running = |n: usize| {
        move |o: &str| {
            let c = comparable(o);
            let pods: Vec<&String> = c.iter().filter(|l| l.starts_with("pod/")).collect();
            pods.len() == n && pods.iter().all(|l| l.contains(" | 1/1 | Running | ")) && !o.contains("Pending")
        }
    };
    for (replicas, out) in [("3", 8), ("1", 11)] {
        let r = e.kubectl(&["scale", "sts", "python-stateful-python-time-app", &format!("--replicas={replicas}")]);
        assert_eq!(r.stdout, outputs[out - 2]);
        let served = e.kubectl_until(&["get", "pods,pvc"], running(replicas.parse().unwrap()));
        assert_eq!(
            comparable(&served.stdout),
            comparable(outputs[out]),
            "real:\n{}\nrun:\n{}",
            served.stdout,
            outputs[out]
        );
    }
}

/// Timestamps that are not quite RFC 3339 are left alone rather than misread (or panicking).
#[test]
fn odd_timestamps_are_not_dates() {
    for s in ["2025-03-15T17:03:35+0é:0", "2025-03-15T17:03:35", "2025-3-15T17:03:35Z", "", "2025-03-15T17:03:35.Z"] {
        assert_eq!(table::parse_rfc3339_ms(s), None, "{s:?}");
    }
    assert_eq!(table::parse_rfc3339_ms("2025-03-15T19:03:35+02:00"), table::parse_rfc3339_ms("2025-03-15T17:03:35Z"));
}

/// Bad input never panics: seeded random requests (paths, methods, headers, bodies, raw bytes) through the HTTP
/// parser, the API and the protobuf decoder.
#[test]
fn random_requests_never_panic() {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let pick = |n: u64, xs: &[&'static str]| xs[(n % xs.len() as u64) as usize];
    let segs = [
        "api",
        "apis",
        "v1",
        "apps",
        "namespaces",
        "default",
        "pods",
        "web-0",
        "log",
        "exec",
        "scale",
        "status",
        "watch",
        "statefulsets",
        "%zz",
        "..",
        "",
        "services",
        "secrets",
        "openapi",
        "v3",
        "nope",
        "persistentvolumes",
    ];
    let methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "BREW"];
    let cts = [
        "application/json",
        "application/merge-patch+json",
        "application/json-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
        "application/vnd.kubernetes.protobuf",
        "text/plain",
    ];
    let bodies = [
        "",
        "{}",
        "[]",
        "null",
        "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}",
        "{\"metadata\": 5}",
        "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":-1}]",
        "k8s\u{0}\n\u{6}\n\u{2}v1\u{12}\u{6}Secret\u{12}\u{ff}",
        "kind: StatefulSet\nmetadata: {name: web}\nspec: {replicas: two}",
        "{\"propagationPolicy\": 3}",
    ];
    let queries = [
        "",
        "watch=true",
        "labelSelector=a%20in%20(",
        "fieldSelector=a",
        "limit=-1",
        "continue=zz",
        "resourceVersion=x&watch=1",
        "fieldManager=helm",
        "command=ls",
        "tailLines=abc",
        "propagationPolicy=Orphan&gracePeriodSeconds=-5",
    ];
    let mut cluster = stsplay::cluster::Cluster::new(0);
    for _ in 0..600 {
        let n = next() % 6 + 1;
        let mut path: Vec<&str> = (0..n).map(|_| pick(next(), &segs)).collect();
        // half the paths start where real resources live, so the handlers behind the router are reached too
        if next() % 2 == 0 {
            let prefix = pick(
                next(),
                &["api/v1/namespaces/default", "apis/apps/v1/namespaces/default", "api/v1", "apis/apps/v1"],
            );
            path.insert(0, prefix);
            path.truncate(3);
        }
        let accept = if next() % 2 == 0 { "application/json;as=Table;v=v1;g=meta.k8s.io" } else { "*/*" };
        let body = pick(next(), &bodies);
        let wire = format!(
            "{} /{}?{} HTTP/1.1\r\nAccept: {accept}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n{body}",
            pick(next(), &methods),
            path.join("/"),
            pick(next(), &queries),
            pick(next(), &cts),
            body.len()
        );
        if let Ok(req) = http::read_request(&mut BufReader::new(Cursor::new(wire.into_bytes()))) {
            let _ = api::handle(&mut cluster, &req, "127.0.0.1:6443");
        }
        let raw: Vec<u8> = (0..(next() % 200)).map(|_| (next() % 256) as u8).collect();
        let _ = http::read_request(&mut BufReader::new(Cursor::new(raw.clone())));
        let mut pb = b"k8s\0".to_vec();
        pb.extend_from_slice(&raw);
        let _ = stsplay::serve::protobuf::decode(&pb);
    }
}

/// `kubectl explain` in the shell prints what the real kubectl 1.37 prints from `stsplay serve`'s OpenAPI v3
/// documents (the same shipped schemas): every line of tests/shell/explain.sh but the kinds not shipped.
#[test]
fn kubectl_explain_prints_what_the_real_one_prints() {
    let e = need_env!(1.0);
    let out = std::fs::read_to_string(data("../shell/explain.out")).unwrap();
    let mut compared = 0;
    for block in out.split("$ kubectl explain").skip(1) {
        let (line, want) = block.split_once('\n').unwrap_or((block, ""));
        if line.contains("configmap") {
            continue;
        }
        let mut args = vec!["explain"];
        args.extend(line.split_whitespace());
        let r = e.kubectl(&args);
        assert_eq!(format!("{}{}", r.stdout, r.stderr), want, "kubectl explain{line}");
        compared += 1;
    }
    assert!(compared > 10, "{compared} lines compared");
}

// ---- differential check: our kubectl against the real one on the same frozen cluster ----

thread_local! {
    /// The shell that runs our kubectl, on the server's simulation thread: it borrows the server's cluster for
    /// each line, so both kubectls read the very same objects.
    static SHELL: std::cell::RefCell<Option<stsplay::shell::Session>> = const { std::cell::RefCell::new(None) };
}

struct Ours {
    stdout: String,
    stderr: String,
    code: i32,
}

/// Runs one shell line on the server's cluster, then moves the clock to the next whole second (so the ages the
/// two kubectls compute from whole-second dates round alike).
fn run_ours(server: &stsplay::serve::Server, line: &str) -> Ours {
    let line = line.to_string();
    server
        .with_cluster(move |c| {
            let io = SHELL.with(|s| {
                let mut s = s.borrow_mut();
                let sh = s.get_or_insert_with(|| stsplay::shell::Session::new(0));
                std::mem::swap(sh.cluster_mut(), c);
                let io = sh.run(&line);
                std::mem::swap(sh.cluster_mut(), c);
                io
            });
            let (stdout, stderr) = io.chunks.iter().fold((String::new(), String::new()), |(mut o, mut e), (err, t)| {
                if *err { &mut e } else { &mut o }.push_str(t);
                (o, e)
            });
            c.advance((1000 - c.now() % 1000) % 1000);
            Ours { stdout, stderr, code: io.code }
        })
        .expect("server running")
}

/// Makes the served dates read as the wall clock, to the second, as the next client sees them.
fn align_dates(c: &stsplay::cluster::Cluster) {
    let wall = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    api::set_time_shift(wall - api::now_ms(c));
}

/// The real kubectl's output with the served dates moved back to the simulation's: RFC 3339 (`2026-...T...Z`,
/// any fraction kept) and RFC 1123Z as describe prints them (`Thu, 26 Nov 2026 02:17:58 +0000`).
fn unshift_dates(text: &str, shift: i64) -> String {
    use stsplay::shell::printers::{format_ansic, format_rfc3339, parse_time};
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        // 2006-01-02T15:04:05
        if digits(i..i + 4) && text.get(i + 4..i + 5) == Some("-") && text.get(i + 10..i + 11) == Some("T") {
            if let Some(ms) = text.get(i..i + 19).and_then(|s| parse_time(&format!("{s}Z"))) {
                out.push_str(&format_rfc3339(ms - shift)[..19]);
                i += 19;
                continue;
            }
        }
        // Mon, 02 Jan 2006 15:04:05 +0000
        if text.get(i + 3..i + 5) == Some(", ") && text.get(i + 25..i + 31) == Some(" +0000") {
            let (d, m, y, t) =
                (text.get(i + 5..i + 7), text.get(i + 8..i + 11), text.get(i + 12..i + 16), text.get(i + 17..i + 25));
            if let (Some(d), Some(m), Some(y), Some(t)) = (d, m, y, t) {
                let mo = MONTHS.iter().position(|x| *x == m).map_or(0, |p| p + 1);
                if let Some(ms) = parse_time(&format!("{y}-{mo:02}-{d}T{t}Z")) {
                    let a = format_ansic(ms - shift); // "Sat Mar 15 17:03:35 2025"
                    let p: Vec<&str> = a.split_whitespace().collect();
                    out.push_str(&format!("{}, {:0>2} {} {} {} +0000", p[0], p[2], p[1], p[4], p[3]));
                    i += 31;
                    continue;
                }
            }
        }
        let ch = text[i..].chars().next().unwrap();
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Seconds of a kubectl age (`45s`, `2m35s`, `3h`, `2d2h`, `8y`), or `None` for any other word.
fn age_secs(word: &str) -> Option<i64> {
    let (mut total, mut num, mut any) = (0i64, String::new(), false);
    for c in word.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            'y' => 365 * 86_400,
            _ => return None,
        };
        total += num.parse::<i64>().ok()? * unit;
        num.clear();
        any = true;
    }
    (any && num.is_empty()).then_some(total)
}

/// Whether two outputs are the same but for ages the real kubectl computed up to a second later (its clock
/// runs on while it starts; event times with a fraction then round up a second sooner): word by word, each
/// differing pair must be ages where the real one is at most one of our age's units (or a second) older.
fn same_but_later_ages(real: &str, ours: &str) -> bool {
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect()
    };
    let (r, o) = (words(real), words(ours));
    // the same lines but for the ages and the padding around them: runs of spaces as one, tabs kept
    let shape = |t: &str| -> Vec<String> {
        t.lines()
            .map(|l| {
                let mut out = String::new();
                for w in l.split_inclusive([' ', '\t', '(', ')']) {
                    let (word, sep) = w.split_at(w.len() - w.ends_with([' ', '\t', '(', ')']) as usize);
                    out.push_str(if age_secs(word).is_some() { "@" } else { word });
                    if !(sep == " " && out.ends_with(' ')) {
                        out.push_str(sep);
                    }
                }
                out
            })
            .collect()
    };
    r.len() == o.len()
        && shape(real) == shape(ours)
        && r.iter().zip(&o).all(|(a, b)| {
            a == b
                || match (age_secs(a), age_secs(b)) {
                    (Some(x), Some(y)) => {
                        let unit = [86_400 * 365, 86_400, 3600, 60].into_iter().find(|u| y >= 10 * u).unwrap_or(1);
                        (0..=unit.max(1)).contains(&(x - y))
                    }
                    _ => false,
                }
        })
}

/// Differential check. tests/serve/kubectl-diff.txt lists shell lines that set the cluster's state (`$ LINE`)
/// and kubectl commands (`kubectl` left out) that must print the same stdout, stderr and exit status through
/// our kubectl and through the real one against `stsplay serve`; `~ ARGS` marks a known difference (the comment
/// above it says why), which must still differ. Our outputs are also kept in tests/serve/kubectl-diff.out (so
/// they stay pinned where the real kubectl is missing; STSPLAY_UPDATE=1 rewrites it). The comparison with the
/// real one goes to target/kubectl-diff.out.
#[test]
fn our_kubectl_prints_what_the_real_one_prints() {
    let e = match env(0.0) {
        Ok(e) => Some(e),
        Err(why) => {
            eprintln!("comparing with the recorded outputs only: {why}");
            None
        }
    };
    let own;
    let server = match &e {
        Some(e) => &e.server,
        None => {
            let opts = stsplay::serve::ServeOptions { addr: "127.0.0.1:0".into(), speed: 0.0, ..Default::default() };
            own = stsplay::serve::Server::start(&opts).unwrap();
            &own
        }
    };
    let text = std::fs::read_to_string(data("kubectl-diff.txt")).unwrap();
    let (mut report, mut recorded, mut failures, mut compared) = (String::new(), String::new(), Vec::new(), 0);
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // `@ PATH`: a manifest (under tests/serve/) both kubectls can read by its file name.
        if let Some(file) = line.strip_prefix("@ ") {
            let bytes = std::fs::read(data(file)).unwrap();
            let name = Path::new(file).file_name().unwrap().to_str().unwrap().to_string();
            if let Some(e) = &e {
                std::fs::write(e._dir.0.join(&name), &bytes).unwrap();
            }
            server
                .with_cluster(move |_| {
                    SHELL.with(|s| {
                        s.borrow_mut().get_or_insert_with(|| stsplay::shell::Session::new(0)).write_file(&name, bytes)
                    })
                })
                .expect("server running");
            recorded.push_str(&format!("@ {file}\n"));
            continue;
        }
        if let Some(setup) = line.strip_prefix("$ ") {
            let r = run_ours(server, setup);
            report.push_str(&format!("$ {setup}\n{}{}", r.stdout, r.stderr));
            recorded.push_str(&format!("$ {setup}\n"));
            continue;
        }
        let (known, args) = match line.strip_prefix("~ ") {
            Some(a) => (true, a),
            None => (false, line),
        };
        compared += 1;
        let ours = run_ours(server, &format!("kubectl {args}"));
        recorded.push_str(&format!("$ kubectl {args}\n{}{}[exit {}]\n", ours.stdout, ours.stderr, ours.code));
        let Some(e) = &e else { continue };
        let want = (ours.stdout.clone(), ours.stderr.clone(), ours.code);
        let mut real = (String::new(), String::new(), 0);
        // The ages agree unless the wall clock's second ticks while the real kubectl runs: again, started just
        // after a second begins.
        for attempt in 0..3 {
            if attempt > 0 {
                let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
                std::thread::sleep(std::time::Duration::from_millis((1000 - ms % 1000) as u64 + 5));
            }
            let shift = e
                .server
                .with_cluster(|c| {
                    align_dates(c);
                    api::time_shift()
                })
                .unwrap();
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!("'{}' {args}", e.kubectl.display()))
                .current_dir(&e._dir.0)
                .env("KUBECONFIG", &e.kubeconfig)
                .env("HOME", &e._dir.0)
                .env("TZ", "UTC")
                .output()
                .expect("run kubectl");
            real = (
                unshift_dates(&String::from_utf8_lossy(&out.stdout), shift),
                unshift_dates(&String::from_utf8_lossy(&out.stderr), shift),
                out.status.code().unwrap_or(-1),
            );
            if real == want || known {
                break;
            }
        }
        let same = real == want
            || (real.2 == want.2 && same_but_later_ages(&real.0, &want.0) && same_but_later_ages(&real.1, &want.1));
        let verdict = match (same, real == want) {
            (true, true) => "SAME",
            (true, false) => "SAME (ages a second apart)",
            _ if known => "KNOWN",
            _ => "DIFF",
        };
        report.push_str(&format!(
            "{verdict} line {}: kubectl {args}\n--- real (exit {})\n{}{}",
            n + 1,
            real.2,
            real.0,
            real.1
        ));
        if real != want {
            report.push_str(&format!("--- ours (exit {})\n{}{}", ours.code, ours.stdout, ours.stderr));
        }
        if same == known {
            failures.push(format!("line {}: kubectl {args}", n + 1));
        }
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/kubectl-diff.out");
    if e.is_some() {
        let _ = std::fs::write(&path, &report);
    }
    assert!(compared > 0);
    assert!(
        failures.is_empty(),
        "{} of {compared} commands differ from the real kubectl (or a known difference is gone), report in {}:\n{}",
        failures.len(),
        path.display(),
        failures.join("\n")
    );
    if e.is_none() {
        server.stop();
    }
    golden("kubectl-diff.out", &recorded);
}
