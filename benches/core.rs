//! Benchmarks of the core, natively (`./x bench`, i.e. `cargo bench --bench core`). A tiny harness on
//! purpose: medians of repeated runs and the peak heap of one run, no heavy benchmark crate in every
//! `cargo test` build. Numbers go into README.md's table; nothing here asserts a time.

use mimalloc::MiMalloc;
use serde_json::json;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};
use std::time::{Duration, Instant};
use stsplay::cluster::{Cluster, PatchType};
use stsplay::helm::{self, Release, RenderRequest};

/// Counts live and peak heap bytes so a benchmark can report its memory, over the allocator the CLI uses
/// (mimalloc, see Cargo.toml).
/// Counting is on only for the first (measured-for-memory) run: the atomics cost about a tenth of a render,
/// which would otherwise be timed too.
struct Counting;
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { MiMalloc.alloc(l) };
        if COUNTING.load(Relaxed) {
            let live = LIVE.fetch_add(l.size() as isize, Relaxed) + l.size() as isize;
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { MiMalloc.dealloc(p, l) };
        if COUNTING.load(Relaxed) {
            LIVE.fetch_sub(l.size() as isize, Relaxed);
        }
    }
    /// mimalloc's own realloc (often in place), as the CLI gets it; counted as the default one would be (the new
    /// block before the old one is freed), so the peak means what it meant before.
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { MiMalloc.realloc(p, l, new_size) };
        if COUNTING.load(Relaxed) {
            let live = LIVE.fetch_add(new_size as isize, Relaxed) + new_size as isize;
            PEAK.fetch_max(live, Relaxed);
            LIVE.fetch_sub(l.size() as isize, Relaxed);
        }
        q
    }
}
#[global_allocator]
static A: Counting = Counting;

/// Runs `f` repeatedly for about `budget` (at least 5 times) and prints the median and the peak heap
/// growth of the first run.
fn bench(name: &str, budget: Duration, mut f: impl FnMut() -> String) {
    if !wanted(name) {
        return;
    }
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let cpu0 = cpu_time();
    let t = Instant::now();
    let note = f();
    let mut times = vec![t.elapsed()];
    COUNTING.store(false, Relaxed);
    // Frees of memory allocated before counting began take LIVE below zero; the peak is the most the run
    // itself had allocated at once.
    let peak = PEAK.load(Relaxed).max(0) as usize;
    // STSPLAY_BENCH_ONCE=1: the measured-for-memory run only, for valgrind (callgrind/cachegrind instruction counts).
    let once = std::env::var_os("STSPLAY_BENCH_ONCE").is_some();
    let start = Instant::now();
    while !once && (times.len() < 5 || (start.elapsed() < budget && times.len() < 1000)) {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    let cpu = match (cpu0, cpu_time()) {
        (Some(a), Some(b)) => format!("cpu/run {:>10}", fmt((b - a) / times.len() as u32)),
        _ => String::new(),
    };
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<58} median {:>10}   {cpu}   runs {:>4}   peak heap {:>8}   {note}",
        fmt(median),
        times.len(),
        format!("{:.1} MB", peak as f64 / 1e6)
    );
}

/// This process's user + system CPU time (Linux `/proc/self/stat`, 10 ms ticks): unlike the wall-clock median it
/// does not grow when other work shares the machine's cores.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn fmt(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

fn release(name: &str) -> Release {
    Release { name: name.into(), namespace: "default".into(), revision: 1, is_upgrade: false }
}

/// A chart as large as a big real one: 50 templates over a 2,000-line values file.
fn large_chart() -> stsplay::charts::ChartFiles {
    let mut files = stsplay::charts::files("python-time-app").expect("shipped chart");
    let mut values = String::new();
    for i in 0..50 {
        values.push_str(&format!("svc{i}:\n  enabled: true\n  port: {}\n  labels:\n", 8000 + i));
        for j in 0..18 {
            values.push_str(&format!("    key{j}: value-{i}-{j}\n"));
        }
        values.push_str("  env:\n");
        for j in 0..18 {
            values.push_str(&format!("    - name: VAR_{j}\n      value: \"{j}\"\n"));
        }
    }
    files.insert("values.yaml".into(), values.into_bytes());
    files.retain(|k, _| !k.starts_with("templates/") || k.ends_with(".tpl"));
    for i in 0..50 {
        let t = format!(
            r#"{{{{- with .Values.svc{i} }}}}{{{{- if .enabled }}}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{{{ printf "%s-svc{i}" $.Release.Name | trunc 63 | trimSuffix "-" }}}}
  labels:
    {{{{- toYaml .labels | nindent 4 }}}}
data:
  port: {{{{ .port | quote }}}}
  {{{{- range .env }}}}
  {{{{ .name }}}}: {{{{ .value | quote }}}}
  {{{{- end }}}}
{{{{- end }}}}{{{{- end }}}}
"#
        );
        files.insert(format!("templates/cm{i}.yaml"), t.into_bytes());
    }
    files
}

fn statefulset(replicas: u32, image: &str) -> serde_json::Value {
    json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "serviceName": "nginx", "replicas": replicas, "podManagementPolicy": "Parallel",
            "selector": {"matchLabels": {"app": "nginx"}},
            "template": {"metadata": {"labels": {"app": "nginx"}},
                "spec": {"containers": [{"name": "nginx", "image": image, "ports": [{"containerPort": 80, "name": "web"}]}]}}
        }
    })
}

fn ready(c: &Cluster) -> i64 {
    c.get("StatefulSet", "default", "web").ok().and_then(|s| s["status"]["readyReplicas"].as_i64()).unwrap_or(0)
}

fn updated(c: &Cluster) -> i64 {
    c.get("StatefulSet", "default", "web").ok().and_then(|s| s["status"]["updatedReplicas"].as_i64()).unwrap_or(0)
}

/// Gives the node room for `pods` pods. minikube's kubelet allows 110 (kube-system runs 7 of them), and the
/// scheduler leaves the rest Pending ("Too many pods"); these rows measure a node whose kubelet was started with a
/// larger maxPods (`minikube start --extra-config=kubelet.max-pods=N`), which advertises N as its pod capacity.
fn room_for(c: &mut Cluster, pods: u32) -> Result<(), String> {
    let mut node = c.get("Node", "", "minikube").map_err(|e| e.message)?;
    for f in ["capacity", "allocatable"] {
        node["status"][f]["pods"] = json!(pods.to_string());
    }
    c.update_status(node).map(|_| ()).map_err(|e| e.message)
}

/// Advances in 10 s steps until `done` or a simulated day; returns simulated seconds taken.
fn run_until(c: &mut Cluster, mut done: impl FnMut(&Cluster) -> bool) -> u64 {
    let start = c.now();
    while !done(c) && c.now() - start < 86_400_000 {
        c.advance(10_000);
    }
    (c.now() - start) / 1000
}

/// Benchmarks run when their name contains one of the non-flag arguments (or when none is given).
fn wanted(name: &str) -> bool {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()))
}

fn main() {
    let want = wanted;
    let budget = Duration::from_secs(2);

    if want("helm render: shipped python-time-app chart")
        || want("helm render: shipped python-time-app chart, first render (caches cleared)")
        || want("helm render: large chart (50 templates, 2,000-line values)")
    {
        let chart = stsplay::charts::files("python-time-app").expect("shipped chart");
        bench("helm render: shipped python-time-app chart", budget, || {
            let req = RenderRequest {
                chart: &chart,
                values_files: vec![],
                sets: vec![],
                release: release("python-stateful"),
            };
            match helm::render(&req) {
                Ok(r) => format!("{} manifests", r.manifests.len()),
                Err(e) => format!("error: {}", e.lines().next().unwrap_or("")),
            }
        });
        bench("helm render: shipped python-time-app chart, first render (caches cleared)", budget, || {
            helm::clear_caches();
            let req = RenderRequest {
                chart: &chart,
                values_files: vec![],
                sets: vec![],
                release: release("python-stateful"),
            };
            match helm::render(&req) {
                Ok(r) => format!("{} manifests", r.manifests.len()),
                Err(e) => format!("error: {}", e.lines().next().unwrap_or("")),
            }
        });
        let big = large_chart();
        bench("helm render: large chart (50 templates, 2,000-line values)", budget, || {
            let req = RenderRequest { chart: &big, values_files: vec![], sets: vec![], release: release("big") };
            match helm::render(&req) {
                Ok(r) => format!("{} manifests", r.manifests.len()),
                Err(e) => format!("error: {}", e.lines().next().unwrap_or("")),
            }
        });
    }

    if want("cluster: 1,000-replica StatefulSet, create + rolling update") {
        bench("cluster: 1,000-replica StatefulSet, create + rolling update", budget, || {
            let mut c = Cluster::new(1);
            if let Err(e) = room_for(&mut c, 1010) {
                return format!("error: {e}");
            }
            if let Err(e) = c.apply(statefulset(1000, "registry.k8s.io/nginx-slim:0.21")) {
                return format!("error: {}", e.message);
            }
            let create = run_until(&mut c, |c| ready(c) == 1000);
            let patch = json!([{"op": "replace", "path": "/spec/template/spec/containers/0/image",
                                "value": "registry.k8s.io/nginx-slim:0.24"}]);
            if let Err(e) = c.patch("StatefulSet", "default", "web", &patch, PatchType::Json) {
                return format!("error: {}", e.message);
            }
            let update = run_until(&mut c, |c| updated(c) == 1000 && ready(c) == 1000);
            format!("simulated: create {create}s, update {update}s; {} syncs, {} writes", c.syncs, c.resource_version())
        });
    }

    if want("cluster: one 16 ms frame, 200 pods, 10 requests") {
        let mut c = Cluster::new(2);
        let setup = room_for(&mut c, 210)
            .and_then(|_| c.apply(statefulset(200, "registry.k8s.io/nginx-slim:0.21")).map_err(|e| e.message));
        let svc = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "namespace": "default"},
                         "spec": {"selector": {"app": "nginx"}, "ports": [{"port": 80}]}});
        let _ = c.apply(svc);
        run_until(&mut c, |c| ready(c) == 200);
        bench("cluster: one 16 ms frame, 200 pods, 10 requests", budget, || {
            c.advance(16);
            let ok = (0..10).filter(|_| c.http_get("default", "http://nginx/").is_ok()).count();
            match &setup {
                Ok(_) => format!("{} ready, {ok}/10 requests ok", ready(&c)),
                Err(e) => format!("error: {e}"),
            }
        });
    }

    // Issue 8's "a 5 MB paste never freezes the tab": the terminal receives a paste a line at a time, and
    // each of these once took time quadratic in its input (minutes, or hours, for 5 MB).
    if want("terminal: a 5 MB paste") {
        let body = "line of text\n".repeat(400_000);
        let words = "ab ".repeat(1_600_000);
        bench("terminal: a 5 MB paste (a heredoc, line by line), then jq -R, printf, ${a//a/b}", budget, || {
            let mut s = stsplay::shell::Session::new(1);
            s.run_line("cat > f <<'EOF'");
            for line in body.lines() {
                s.run_line(line);
            }
            s.run_line("EOF");
            let jq = s.run_line("jq -R . f | wc -l");
            let printf = s.run_line("printf '%s\\n' $(cat f) | wc -l");
            let replace = s.run_line(&format!("a='{words}'; echo ${{a//a/b}} | wc -c"));
            format!("{} {} {}", jq.trim(), printf.trim(), replace.trim())
        });
    }
}
