//! `stsplay serve`: the simulated cluster behind a plain-HTTP Kubernetes API on loopback, so the real kubectl
//! and helm work against it. Native only (threads, sockets, the wall clock): the core stays pure, and this
//! module drives it, turning real time scaled by `--speed` into `Cluster::advance` calls.
//!
//! One thread accepts connections, one thread per connection answers requests (keep-alive), one ticker
//! advances the simulation. All of them share the cluster behind a mutex; a condition variable wakes the
//! watches whenever the cluster may have changed.

pub mod api;
pub mod http;
pub mod openapi;
pub mod resources;
pub mod selector;
pub mod table;

use crate::cluster::Cluster;
use api::Action;
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How often the ticker advances the simulation (real time).
const TICK: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, PartialEq)]
pub struct ServeOptions {
    pub addr: String,
    pub seed: u64,
    /// Simulated seconds per real second.
    pub speed: f64,
    pub kubeconfig: Option<String>,
    /// Print every request to stderr.
    pub log_requests: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions { addr: "127.0.0.1:6443".into(), seed: 0, speed: 1.0, kubeconfig: None, log_requests: false }
    }
}

struct Sim {
    cluster: Cluster,
    /// Real instant at which the simulated clock read `base_ms`.
    anchor: Instant,
    base_ms: u64,
}

impl Sim {
    /// Brings the simulated clock up to the scaled wall clock.
    fn catch_up(&mut self, speed: f64) {
        let target = self.base_ms + (self.anchor.elapsed().as_secs_f64() * 1000.0 * speed) as u64;
        let now = self.cluster.now();
        if target > now {
            self.cluster.advance(target - now);
        }
    }
}

struct Shared {
    sim: Mutex<Sim>,
    changed: Condvar,
    speed: f64,
    log: bool,
    addr: String,
    stop: AtomicBool,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Sim> {
        // A panic in one connection must not take the whole server down with a poisoned lock.
        let mut g = self.sim.lock().unwrap_or_else(|p| p.into_inner());
        g.catch_up(self.speed);
        g
    }
}

/// A running server. Dropping it does not stop it; call [`Server::stop`].
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Binds and starts serving in background threads.
    pub fn start(opts: &ServeOptions) -> Result<Server, String> {
        let listener = TcpListener::bind(&opts.addr).map_err(|e| format!("listen tcp {}: {e}", opts.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let mut cluster = Cluster::new(opts.seed);
        cluster.settle();
        let base_ms = cluster.now();
        let shared = Arc::new(Shared {
            sim: Mutex::new(Sim { cluster, anchor: Instant::now(), base_ms }),
            changed: Condvar::new(),
            speed: if opts.speed.is_finite() && opts.speed > 0.0 { opts.speed } else { 1.0 },
            log: opts.log_requests,
            addr: addr.to_string(),
            stop: AtomicBool::new(false),
        });
        let ticker = shared.clone();
        std::thread::spawn(move || {
            while !ticker.stop.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                drop(ticker.lock());
                ticker.changed.notify_all();
            }
        });
        let acceptor = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if acceptor.stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let conn = acceptor.clone();
                std::thread::spawn(move || serve_connection(&conn, stream));
            }
        });
        Ok(Server { addr, shared })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // wake the acceptor
        let _ = TcpStream::connect(self.addr);
        self.shared.changed.notify_all();
    }
}

/// A kubeconfig for a server at `url` with no authentication.
pub fn kubeconfig(url: &str) -> String {
    format!(
        "apiVersion: v1
kind: Config
clusters:
- cluster:
    server: {url}
  name: stsplay
contexts:
- context:
    cluster: stsplay
    namespace: default
    user: stsplay
  name: stsplay
current-context: stsplay
preferences: {{}}
users:
- name: stsplay
  user: {{}}
"
    )
}

fn serve_connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(read_half);
    let mut w = stream;
    loop {
        let req = match http::read_request(&mut reader) {
            Ok(r) => r,
            Err(http::ReadError::Bad(msg)) => {
                let _ = http::write_response(&mut w, &api::status_error(400, "BadRequest", &msg, None), true);
                return;
            }
            Err(_) => return,
        };
        if shared.log {
            eprintln!("stsplay serve: {}", req.summary());
        }
        let action = {
            let mut sim = shared.lock();
            let a = api::handle(&mut sim.cluster, &req, &shared.addr);
            if req.method != "GET" {
                sim.cluster.settle();
            }
            a
        };
        if req.method != "GET" {
            shared.changed.notify_all();
        }
        let keep = http::keep_alive(&req);
        let ok = match action {
            Action::Respond(resp) => {
                if shared.log && resp.status >= 400 {
                    eprintln!("stsplay serve:   -> {} {}", resp.status, String::from_utf8_lossy(&resp.body));
                }
                http::write_response(&mut w, &resp, !keep).is_ok()
            }
            Action::Watch(plan) => {
                stream_watch(shared, &mut w, &plan);
                false
            }
            Action::FollowLogs(plan) => {
                follow_logs(shared, &mut w, &plan);
                false
            }
            Action::Exec(plan) => {
                let resp = api::status_error(
                    400,
                    "BadRequest",
                    &format!(
                        "exec in {}/{} ({:?}) is not supported by stsplay serve yet",
                        plan.namespace, plan.pod, plan.command
                    ),
                    None,
                );
                http::write_response(&mut w, &resp, !keep).is_ok()
            }
        };
        if !ok || !keep {
            return;
        }
    }
}

/// Streams watch events until the client goes away, the timeout passes or the server stops.
fn stream_watch(shared: &Shared, w: &mut TcpStream, plan: &api::WatchPlan) {
    let Ok(mut out) = http::Chunked::start(w, 200, "application/json") else { return };
    let deadline = plan.timeout_secs.map(|s| Instant::now() + Duration::from_secs(s));
    let mut lines: Vec<u8> = Vec::new();
    let mut rv = {
        let sim = shared.lock();
        match plan.since {
            Some(v) => v,
            None => {
                for o in api::initial_objects(&sim.cluster, &plan.query) {
                    lines.extend(api::watch_event_line("ADDED", &api::watch_object(&sim.cluster, plan, &o)));
                }
                let rv = api::current_rv(&sim.cluster);
                if plan.initial_events_bookmark {
                    lines.extend(api::watch_event_line("BOOKMARK", &api::initial_events_end(plan.query.resource, rv)));
                }
                rv
            }
        }
    };
    if !lines.is_empty() && out.send(&lines).is_err() {
        return;
    }
    loop {
        if shared.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = out.finish();
            return;
        }
        lines.clear();
        {
            let sim = shared.lock();
            let (events, latest) = sim.cluster.watch_since(rv);
            for ev in &events {
                if plan.query.matches(&ev.object) {
                    let obj = api::watch_object(&sim.cluster, plan, &ev.object);
                    lines.extend(api::watch_event_line(ev.kind, &obj));
                }
            }
            rv = rv.max(latest);
            if lines.is_empty() {
                let guard = shared.changed.wait_timeout(sim, Duration::from_secs(1));
                drop(guard);
                // a cheap liveness probe: a write to a closed socket fails on the next send
                continue;
            }
        }
        if out.send(&lines).is_err() {
            return;
        }
    }
}

fn follow_logs(shared: &Shared, w: &mut TcpStream, plan: &api::LogPlan) {
    let Ok(mut out) = http::Chunked::start(w, 200, "text/plain") else { return };
    let mut sent = 0usize;
    loop {
        let text = {
            let sim = shared.lock();
            match sim.cluster.logs(&plan.namespace, &plan.pod, plan.container.as_deref(), false) {
                Ok(t) => t,
                Err(_) => {
                    drop(sim);
                    let _ = out.finish();
                    return;
                }
            }
        };
        if text.len() < sent {
            // the container restarted: its log starts over
            sent = 0;
        }
        if text.len() > sent {
            if out.send(text[sent..].as_bytes()).is_err() {
                return;
            }
            sent = text.len();
        }
        if shared.stop.load(Ordering::Relaxed) {
            let _ = out.finish();
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `stsplay serve`: starts the server, writes the kubeconfig, then serves until killed.
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let server = Server::start(opts)?;
    let url = server.url();
    if let Some(path) = &opts.kubeconfig {
        std::fs::write(path, kubeconfig(&url)).map_err(|e| format!("writing {path}: {e}"))?;
    }
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "stsplay serve: Kubernetes API of the simulated cluster at {url} (seed {}, speed {}x)",
        opts.seed, opts.speed
    );
    if let Some(path) = &opts.kubeconfig {
        let _ = writeln!(err, "  KUBECONFIG={path} kubectl get pods");
        let _ = writeln!(err, "  helm --kubeconfig {path} install python-stateful ./charts/python-time-app");
    }
    loop {
        std::thread::park();
    }
}

/// Parses `stsplay serve` flags (everything after `serve`).
pub fn parse_args(args: &[String]) -> Result<ServeOptions, String> {
    let mut o = ServeOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (flag, inline) = match a.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline.clone().or_else(|| it.next().cloned()).ok_or_else(|| format!("flag needs an argument: {name}"))
        };
        match flag {
            "--addr" => o.addr = value("--addr")?,
            "--seed" => {
                let v = value("--seed")?;
                o.seed =
                    v.parse().map_err(|_| format!("invalid argument \"{v}\" for \"--seed\" flag: not a number"))?;
            }
            "--speed" => {
                let v = value("--speed")?;
                o.speed = v.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0).ok_or_else(|| {
                    format!("invalid argument \"{v}\" for \"--speed\" flag: must be a positive number")
                })?;
            }
            "--kubeconfig" => o.kubeconfig = Some(value("--kubeconfig")?),
            "-v" | "--log-requests" => o.log_requests = true,
            other => return Err(format!("unknown flag: {other}")),
        }
    }
    Ok(o)
}

/// The `serve` subcommand as the binary runs it: returns the exit code on failure (it serves forever otherwise).
pub fn main(args: &[String]) -> i32 {
    match parse_args(args) {
        Err(e) => {
            eprintln!("Error: {e}\nRun 'stsplay --help' for usage.");
            2
        }
        Ok(o) => match run(&o) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        },
    }
}
