//! `stsplay serve`: the simulated cluster behind a plain-HTTP Kubernetes API on loopback, so the real kubectl
//! and helm work against it. Native only (threads, sockets, the wall clock): the core stays pure, and this
//! module drives it, turning real time scaled by `--speed` into `Cluster::advance` calls.
//!
//! One thread owns the cluster: it answers requests sent to it over a channel and advances the simulated clock
//! between them. One thread accepts connections and one thread per connection parses HTTP (keep-alive) and
//! streams watches, asking the simulation thread for new events every 100 ms.

pub mod api;
pub mod http;
pub mod openapi;
pub mod protobuf;
pub mod resources;
pub mod table;
pub mod websocket;

use crate::cluster::Cluster;
use api::Action;
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often the ticker advances the simulation (real time).
const TICK: Duration = Duration::from_millis(100);
/// How often an idle watch asks for new events (real time).
const WATCH_POLL: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, PartialEq)]
pub struct ServeOptions {
    pub addr: String,
    pub seed: u64,
    /// Simulated seconds per real second.
    pub speed: f64,
    pub kubeconfig: Option<String>,
    /// Print every request to stderr.
    pub log_requests: bool,
    /// Show the simulation's own dates (from 2025-03-15) instead of moving them to the wall clock.
    pub sim_dates: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: "127.0.0.1:6443".into(),
            seed: 0,
            speed: 1.0,
            kubeconfig: None,
            log_requests: false,
            sim_dates: false,
        }
    }
}

/// A request to the simulation thread, which alone owns the cluster (the cluster need not be `Send`: it is
/// created on that thread and never leaves it).
enum Msg {
    Request(Box<http::Request>, Sender<Action>),
    /// Start a watch: the initial events (if it starts from "now") and the resourceVersion to continue from.
    WatchStart(Box<api::WatchPlan>, Sender<(Vec<u8>, u64, Seen)>),
    /// Events after a resourceVersion, encoded, and the version reached.
    WatchPoll(Box<api::WatchPlan>, u64, Seen, Sender<(Vec<u8>, u64, Seen)>),
    Logs(api::LogPlan, Sender<Option<String>>),
    Exec(api::ExecPlan, Sender<Result<crate::cluster::ExecOutput, crate::cluster::ApiError>>),
    /// Runs a caller's function on the cluster (tests drive a frozen cluster's state this way).
    With(Box<dyn FnOnce(&mut Cluster) + Send>),
    Stop,
}

/// The objects a watch currently shows, by (namespace, name).
type Seen = std::collections::BTreeSet<(String, String)>;

fn object_key(o: &serde_json::Value) -> (String, String) {
    let s = |p: &str| o.pointer(p).and_then(|v| v.as_str()).unwrap_or("").to_string();
    (s("/metadata/namespace"), s("/metadata/name"))
}

struct Sim {
    cluster: Cluster,
    /// Real instant at which the simulated clock read `base_ms`.
    anchor: Instant,
    base_ms: u64,
    speed: f64,
}

impl Sim {
    /// Brings the simulated clock up to the scaled wall clock.
    fn catch_up(&mut self) {
        let target = self.base_ms + (self.anchor.elapsed().as_secs_f64() * 1000.0 * self.speed) as u64;
        let now = self.cluster.now();
        if target > now {
            self.cluster.advance(target - now);
        }
    }

    /// Encodes the events after `since` for one watch. As the apiserver's watch cache does, an object that
    /// comes to match the selectors is ADDED and one that stops matching is DELETED for this watch; `seen` holds
    /// the objects the watch currently shows.
    fn watch_lines(&self, plan: &api::WatchPlan, since: u64, seen: &mut Seen) -> (Vec<u8>, u64) {
        let mut lines = Vec::new();
        let (events, latest) = match self.cluster.watch(since) {
            Ok(r) => r,
            Err(e) => {
                // The window no longer holds `since`: as the apiserver, one ERROR event carrying the 410 Status,
                // then the stream ends and the client lists again.
                let status = serde_json::json!({"kind": "Status", "apiVersion": "v1", "metadata": {},
                    "status": "Failure", "message": e.message, "reason": e.reason, "code": e.code});
                return (api::watch_event_line("ERROR", &status), WATCH_GONE);
            }
        };
        for ev in &events {
            let o = &ev.object;
            if o.get("kind").and_then(|k| k.as_str()) != Some(plan.query.resource.kind) {
                continue;
            }
            let k = object_key(o);
            let matches = plan.query.matches(o);
            let was = seen.contains(&k);
            let ty = match (ev.kind, matches, was) {
                ("DELETED", _, true) => {
                    seen.remove(&k);
                    "DELETED"
                }
                ("DELETED", true, false) => "DELETED",
                ("DELETED", false, false) | (_, false, false) => continue,
                (kind, true, true) if kind != "ADDED" => "MODIFIED",
                (_, true, _) => {
                    seen.insert(k);
                    "ADDED"
                }
                (_, false, true) => {
                    seen.remove(&k);
                    "DELETED"
                }
            };
            lines.extend(api::watch_event_line(ty, &api::watch_object(&self.cluster, plan, o)));
        }
        (lines, latest.max(since))
    }

    fn watch_start(&self, plan: &api::WatchPlan) -> (Vec<u8>, u64, Seen) {
        let current = api::initial_objects(&self.cluster, &plan.query);
        let seen: Seen = current.iter().map(object_key).collect();
        if let Some(v) = plan.since {
            return (Vec::new(), v, seen);
        }
        let mut lines = Vec::new();
        for o in &current {
            lines.extend(api::watch_event_line("ADDED", &api::watch_object(&self.cluster, plan, o)));
        }
        let rv = api::current_rv(&self.cluster);
        if plan.initial_events_bookmark {
            lines.extend(api::watch_event_line("BOOKMARK", &api::initial_events_end(plan.query.resource, rv)));
        }
        (lines, rv, seen)
    }

    fn serve(&mut self, rx: Receiver<Msg>, addr: &str, real_dates: bool) {
        if real_dates {
            let wall =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
            api::set_time_shift(wall - api::now_ms(&self.cluster));
        }
        loop {
            let msg = match rx.recv_timeout(TICK) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    self.catch_up();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            self.catch_up();
            match msg {
                Msg::Request(req, reply) => {
                    // A bug in the simulation must not take the server down for every later request.
                    let handled = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        api::handle(&mut self.cluster, &req, addr)
                    }));
                    let mut action = handled.unwrap_or_else(|_| {
                        Action::Respond(api::status_error(
                            500,
                            "InternalError",
                            "Internal error occurred: the simulation panicked while handling this request",
                            None,
                        ))
                    });
                    if let Action::Respond(r) = &mut action {
                        shift_response(r);
                    }
                    if req.method != "GET" {
                        self.cluster.settle();
                    }
                    let _ = reply.send(action);
                }
                Msg::WatchStart(plan, reply) => {
                    let _ = reply.send(self.watch_start(&plan));
                }
                Msg::WatchPoll(plan, since, mut seen, reply) => {
                    let (lines, rv) = self.watch_lines(&plan, since, &mut seen);
                    let _ = reply.send((lines, rv, seen));
                }
                Msg::Logs(plan, reply) => {
                    let text = self
                        .cluster
                        .logs_with(&plan.namespace, &plan.pod, plan.container.as_deref(), false, plan.timestamps)
                        .ok();
                    let _ = reply.send(text);
                }
                Msg::Exec(plan, reply) => {
                    let out = self.cluster.exec(&plan.namespace, &plan.pod, plan.container.as_deref(), &plan.command);
                    self.cluster.settle();
                    let _ = reply.send(out);
                }
                Msg::With(f) => f(&mut self.cluster),
                Msg::Stop => return,
            }
        }
    }
}

struct Shared {
    tx: Mutex<Sender<Msg>>,
    log: bool,
    stop: AtomicBool,
    /// Watches being streamed now (tests wait for a client's watch to be in place).
    watches: AtomicUsize,
}

impl Shared {
    /// Asks the simulation thread; `None` once it has stopped.
    fn ask<T>(&self, make: impl FnOnce(Sender<T>) -> Msg) -> Option<T> {
        let (tx, rx) = channel();
        self.tx.lock().unwrap_or_else(|p| p.into_inner()).send(make(tx)).ok()?;
        rx.recv().ok()
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
        let (tx, rx) = channel();
        let (seed, speed, addr_s, real_dates) = (opts.seed, opts.speed, addr.to_string(), !opts.sim_dates);
        // speed 0 freezes the clock: only [`Server::with_cluster`] moves it
        let speed = if speed.is_finite() && speed >= 0.0 { speed } else { 1.0 };
        std::thread::spawn(move || {
            let mut cluster = Cluster::new(seed);
            cluster.settle();
            let base_ms = cluster.now();
            let mut sim = Sim { cluster, anchor: Instant::now(), base_ms, speed };
            sim.serve(rx, &addr_s, real_dates);
        });
        let shared = Arc::new(Shared {
            tx: Mutex::new(tx),
            log: opts.log_requests,
            stop: AtomicBool::new(false),
            watches: AtomicUsize::new(0),
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

    /// How many watch streams are open.
    pub fn active_watches(&self) -> usize {
        self.shared.watches.load(Ordering::SeqCst)
    }

    /// Runs `f` on the simulation thread, between requests, and returns its result (`None` once stopped).
    pub fn with_cluster<T: Send + 'static>(&self, f: impl FnOnce(&mut Cluster) -> T + Send + 'static) -> Option<T> {
        self.shared.ask(|tx: Sender<T>| {
            Msg::With(Box::new(move |c: &mut Cluster| {
                let _ = tx.send(f(c));
            }))
        })
    }

    pub fn stop(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        let _ = self.shared.tx.lock().map(|t| t.send(Msg::Stop));
        // wake the acceptor
        let _ = TcpStream::connect(self.addr);
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
        let keep = http::keep_alive(&req);
        // the exec upgrade needs the request's headers after the simulation has routed it
        let req_copy = http::Request { body: Vec::new(), ..req.clone() };
        let Some(action) = shared.ask(|tx| Msg::Request(Box::new(req), tx)) else { return };
        let ok = match action {
            Action::Respond(resp) => {
                if shared.log && resp.status >= 400 {
                    eprintln!("stsplay serve:   -> {} {}", resp.status, String::from_utf8_lossy(&resp.body));
                }
                http::write_response(&mut w, &resp, !keep).is_ok()
            }
            Action::Watch(plan) => {
                shared.watches.fetch_add(1, Ordering::SeqCst);
                stream_watch(shared, &mut w, plan);
                shared.watches.fetch_sub(1, Ordering::SeqCst);
                false
            }
            Action::FollowLogs(plan) => {
                follow_logs(shared, &mut w, &plan);
                false
            }
            Action::Exec(plan) => {
                exec(shared, &mut w, &req_copy, plan);
                false
            }
        };
        if !ok || !keep {
            return;
        }
    }
}

/// Moves the dates in a JSON response to the wall clock.
fn shift_response(r: &mut http::Response) {
    let shift = api::time_shift();
    if shift == 0 || !r.content_type.starts_with("application/json") {
        return;
    }
    if let Ok(mut v) = serde_json::from_slice::<serde_json::Value>(&r.body) {
        table::shift_times(&mut v, shift);
        r.body = serde_json::to_vec(&v).unwrap_or_default();
    }
}

/// `pods/exec`: runs the command in the simulation, then answers with a WebSocket session carrying its output
/// and exit status (or with a plain error response when it cannot run).
fn exec(shared: &Shared, w: &mut TcpStream, req: &http::Request, plan: api::ExecPlan) {
    let protocol = match websocket::negotiate(req) {
        Ok(p) => p,
        Err(msg) => {
            let _ = http::write_response(w, &api::status_error(400, "BadRequest", &msg, None), true);
            return;
        }
    };
    let argv = plan.command.clone();
    match shared.ask(|tx| Msg::Exec(plan, tx)) {
        Some(Ok(out)) => {
            let status = websocket::exit_status(&argv, out.code);
            let _ = websocket::write_session(w, req, protocol, out.stdout.as_bytes(), out.stderr.as_bytes(), &status);
        }
        Some(Err(e)) => {
            let _ = http::write_response(w, &api::status_error(e.code, &e.reason, &e.message, None), true);
        }
        None => {}
    }
}

/// Whether the peer has closed its side (a watch has nothing else to read from it).
fn peer_closed(s: &TcpStream) -> bool {
    if s.set_nonblocking(true).is_err() {
        return true;
    }
    let mut b = [0u8; 1];
    let closed = matches!(s.peek(&mut b), Ok(0));
    let _ = s.set_nonblocking(false);
    closed
}

/// The resourceVersion a watch poll answers with when the watch has expired (410 Gone).
const WATCH_GONE: u64 = u64::MAX;

/// Streams watch events until the client goes away, the timeout passes or the server stops.
fn stream_watch(shared: &Shared, w: &mut TcpStream, plan: api::WatchPlan) {
    let probe = w.try_clone().ok();
    let Ok(mut out) = http::Chunked::start(w, 200, "application/json") else { return };
    let deadline = plan.timeout_secs.map(|s| Instant::now() + Duration::from_secs(s));
    let plan = Box::new(plan);
    let Some((lines, mut rv, mut seen)) = shared.ask(|tx| Msg::WatchStart(plan.clone(), tx)) else { return };
    if out.send(&lines).is_err() {
        return;
    }
    loop {
        if shared.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| Instant::now() >= d) {
            let _ = out.finish();
            return;
        }
        let Some((lines, next, now_seen)) = shared.ask(|tx| Msg::WatchPoll(plan.clone(), rv, seen.clone(), tx)) else {
            return;
        };
        if next == WATCH_GONE {
            let _ = out.send(&lines);
            let _ = out.finish();
            return;
        }
        rv = next;
        seen = now_seen;
        if lines.is_empty() {
            if probe.as_ref().is_none_or(peer_closed) {
                return;
            }
            std::thread::sleep(WATCH_POLL);
            continue;
        }
        if out.send(&lines).is_err() {
            return;
        }
    }
}

fn follow_logs(shared: &Shared, w: &mut TcpStream, plan: &api::LogPlan) {
    let probe = w.try_clone().ok();
    let Ok(mut out) = http::Chunked::start(w, 200, "text/plain") else { return };
    let mut sent = 0usize;
    loop {
        let Some(text) = shared.ask(|tx| Msg::Logs(plan.clone(), tx)).flatten() else {
            let _ = out.finish();
            return;
        };
        if text.len() < sent {
            // the container restarted: its log starts over
            sent = 0;
        }
        if text.len() > sent {
            if out.send(&text.as_bytes()[sent..]).is_err() {
                return;
            }
            sent = text.len();
        } else if probe.as_ref().is_none_or(peer_closed) {
            return;
        }
        if shared.stop.load(Ordering::Relaxed) {
            let _ = out.finish();
            return;
        }
        std::thread::sleep(WATCH_POLL);
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
            "--sim-dates" => o.sim_dates = true,
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
