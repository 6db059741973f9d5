//! Commands that keep running after their line returned: `kubectl get -w`, `kubectl logs -f` and
//! `kubectl port-forward`. The shell stays pure: a [`Running`] command holds where it left off (a
//! resourceVersion, a log offset) and [`Running::poll`] returns what it prints for whatever the cluster did
//! since. Whoever owns the clock drives it: `timeout` in a script advances the cluster and polls in one loop;
//! the page polls after every animation frame and ends the command on Ctrl-C.
//!
//! Output is the same whatever the polling rhythm: watch rows take their AGE from the event's own time.

use serde_json::Value;

use super::kinds::Resource;
use super::kubectl::{name_of, ns_of, Selector};
use super::printers::{self, Options};
use crate::cluster::Cluster;

/// `kubectl get -w`: one row per change of a matching object, in the initial table's column widths
/// (they only grow), as kubectl's watch printer does (`pkg/cmd/get/get.go` watch, tabwriter per row).
pub struct Watch {
    res: &'static Resource,
    names: Vec<String>,
    selector: Option<Selector>,
    /// `None` with `-A`.
    namespace: Option<String>,
    opts: Options,
    widths: Vec<usize>,
    printed_header: bool,
    rv: u64,
}

impl Watch {
    /// A watch that starts after `initial` (the list already printed) at resourceVersion `rv`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        res: &'static Resource,
        names: Vec<String>,
        selector: Option<Selector>,
        namespace: Option<String>,
        opts: Options,
        initial: &[Value],
        watch_only: bool,
        rv: u64,
    ) -> Watch {
        let mut w = Watch {
            res,
            names,
            selector,
            namespace,
            opts,
            widths: Vec::new(),
            printed_header: !initial.is_empty() && !watch_only,
            rv,
        };
        if !initial.is_empty() || watch_only {
            for line in printers::table(res, initial, &w.opts) {
                grow(&line, &mut w.widths);
            }
        }
        w
    }

    /// Rows for every change since the last poll.
    pub fn poll(&mut self, cluster: &Cluster) -> String {
        let (events, latest) = cluster.watch_since(self.rv);
        self.rv = latest;
        let mut out = String::new();
        for ev in events {
            let obj = &ev.object;
            if obj.get("kind").and_then(Value::as_str) != Some(self.res.kind) {
                continue;
            }
            if let Some(ns) = &self.namespace {
                if self.res.namespaced && ns_of(obj) != ns {
                    continue;
                }
            }
            if !self.names.is_empty() && !self.names.iter().any(|n| n == name_of(obj)) {
                continue;
            }
            if self.selector.as_ref().is_some_and(|sel| !sel.matches(obj)) {
                continue;
            }
            let opts = Options { now: crate::cluster::EPOCH_UNIX * 1000 + ev.at as i64, ..self.opts.clone() };
            let row = printers::row(self.res, obj, &opts);
            // kubectl prints every watch event, even when the row reads the same
            if !self.printed_header && !self.opts.no_headers {
                if let Some(h) = printers::table(self.res, &[], &self.opts).first() {
                    grow(h, &mut self.widths);
                    grow(&row, &mut self.widths);
                    out.push_str(&pad(h, &self.widths));
                }
                self.printed_header = true;
            }
            grow(&row, &mut self.widths);
            out.push_str(&pad(&row, &self.widths));
        }
        out
    }
}

fn grow(line: &[String], widths: &mut Vec<usize>) {
    for (i, c) in line.iter().enumerate() {
        if i + 1 == line.len() {
            break;
        }
        let w = (c.chars().count() + 3).max(6);
        if widths.len() <= i {
            widths.push(w);
        } else if widths[i] < w {
            widths[i] = w;
        }
    }
}

fn pad(cells: &[String], widths: &[usize]) -> String {
    let mut s = String::new();
    for (i, c) in cells.iter().enumerate() {
        s.push_str(c);
        if i + 1 < cells.len() {
            let w = widths.get(i).copied().unwrap_or(6);
            for _ in c.chars().count()..w {
                s.push(' ');
            }
        }
    }
    s.push('\n');
    s
}

/// `kubectl logs -f`: the container's log beyond what was printed. Ends when the container it follows is
/// gone or restarted (its log starts over), as the real stream closes then.
pub struct Follow {
    pub(crate) namespace: String,
    pub(crate) pod: String,
    pub(crate) container: String,
    pub(crate) printed: usize,
    /// Simulated time of the last read: the log is only re-read when time moved.
    pub(crate) read_at: u64,
    /// `--timestamps`.
    pub(crate) timestamps: bool,
}

impl Follow {
    /// New log text, or `None` when the stream ended.
    pub fn poll(&mut self, cluster: &Cluster) -> Option<String> {
        if cluster.now() == self.read_at {
            return Some(String::new());
        }
        self.read_at = cluster.now();
        match cluster.logs_with(&self.namespace, &self.pod, Some(&self.container), false, self.timestamps) {
            Ok(text) if text.len() >= self.printed => {
                let new = text.get(self.printed..).unwrap_or("").to_string();
                self.printed = text.len();
                Some(new)
            }
            _ => None,
        }
    }
}

/// Where one local port of a `kubectl port-forward` leads. The session is bound to the pod it started with
/// (its sandbox): a pod recreated under the same name is another pod, so the forward is lost.
#[derive(Clone, Debug)]
pub struct Forward {
    pub namespace: String,
    pub pod: String,
    pub uid: String,
    pub port: u16,
}

impl Forward {
    /// The pod the forward leads to, while it is still the pod the forward started with.
    pub fn pod(&self, cluster: &Cluster) -> Option<Value> {
        let pod = cluster.get("Pod", &self.namespace, &self.pod).ok()?;
        (pod.pointer("/metadata/uid").and_then(Value::as_str) == Some(self.uid.as_str())).then_some(pod)
    }
}

/// `kubectl delete` in a job, after it printed `deleted`: waiting for the objects to go (delete_flags.go:
/// `--wait` defaults to true). Checked every 500 ms of simulated time from its start, as the foreground
/// command's loop checks, so the job goes on at the same moment however often the page polls.
pub struct Gone {
    /// (kind, namespace, name, uid): gone means no object of that name with that uid (a controller may
    /// recreate the name).
    pub(crate) targets: Vec<(&'static str, String, String, String)>,
    pub(crate) next_check: u64,
    pub(crate) until: u64,
}

impl Gone {
    fn poll(&mut self, cluster: &Cluster) -> Option<String> {
        let now = cluster.now();
        if now < self.next_check {
            return Some(String::new());
        }
        while self.next_check <= now {
            self.next_check += 500;
        }
        let exists = |(kind, ns, name, uid): &(&str, String, String, String)| {
            cluster.get(kind, ns, name).is_ok_and(|o| o.pointer("/metadata/uid").and_then(Value::as_str) == Some(uid))
        };
        (self.targets.iter().any(exists) && now < self.until).then(String::new)
    }
}

/// A job's `kubectl wait`/`rollout status` between tries (jobs.rs `resume`). It is tried on a one-second grid
/// from its first try until its timeout; a try while the store is as it was at the last one gives the same
/// answer, so it wakes only at the first step at or after the cluster's next timer (nothing else moves the store
/// while the clock runs) or, after a command wrote, at the next step: the same tries with the same output as a
/// try every second, without stopping the clock each second (a `--timeout=100000h` job is tried a handful of
/// times over its 30 days on an idle cluster). Like the foreground loop, it assumes its answer depends on the
/// store only (a Lease's renewTime derived from the clock would not wake it).
pub struct Retry {
    since: u64,
    /// The step of its last try (or of a poll that found the store unchanged, which is as good as one).
    tried_at: u64,
    version: u64,
    /// The step at which its timeout has passed: its last try.
    last: u64,
    /// The step after a write seen between steps.
    pending: Option<u64>,
}

impl Retry {
    /// After a try at the cluster's current time; `since` is its first try, `spent` the time it asked for.
    pub(crate) fn new(cluster: &Cluster, since: u64, spent: u64) -> Retry {
        let now = cluster.now();
        let last = since.saturating_add(spent.div_ceil(1000).saturating_mul(1000));
        Retry { since, tried_at: now, version: cluster.resource_version(), last, pending: None }
    }

    /// The first step at or after `t` that comes after its last try, at most its last.
    fn step_from(&self, t: u64) -> u64 {
        let k = t.max(self.tried_at + 1).saturating_sub(self.since).div_ceil(1000);
        self.since.saturating_add(k.saturating_mul(1000)).min(self.last)
    }

    fn poll(&mut self, cluster: &Cluster) -> Option<String> {
        let now = cluster.now();
        if now >= self.last || self.pending.is_some_and(|p| now >= p) {
            return None;
        }
        let on_step = now >= self.since && (now - self.since) % 1000 == 0;
        if cluster.resource_version() != self.version {
            // a timer wrote on the way to this step: tried now; a command wrote at this moment: at the next
            if on_step && now > self.tried_at {
                return None;
            }
            self.pending.get_or_insert(self.step_from(now + 1));
        } else if on_step {
            self.tried_at = now;
        }
        Some(String::new())
    }

    fn wakes_at(&self, cluster: &Cluster) -> u64 {
        let mut at = self.pending.unwrap_or(self.last);
        if cluster.resource_version() != self.version {
            at = at.min(self.step_from(cluster.now() + 1));
        }
        if let Some(t) = cluster.next_due() {
            at = at.min(self.step_from(t));
        }
        at
    }
}

/// A command still running in the terminal (foreground) or as a job (`&`).
pub enum Running {
    Watch(Watch),
    Follow(Follow),
    /// `kubectl port-forward`: the local ports it listens on (the session's forwarding table holds where
    /// they lead); it prints `Handling connection for PORT` per connection, when a connection is made.
    PortForward(Vec<u16>),
    /// `sleep` in a job: the simulated time it wakes at.
    Sleep(u64),
    /// `kubectl delete` in a job, waiting for the objects to go.
    Gone(Gone),
    /// A job's `kubectl wait`/`rollout status` until its next try.
    Retry(Retry),
}

impl Running {
    /// What the command printed since the last poll; `None` once it has ended by itself.
    pub fn poll(&mut self, cluster: &Cluster) -> Option<String> {
        match self {
            Running::Watch(w) => Some(w.poll(cluster)),
            Running::Follow(f) => f.poll(cluster),
            Running::PortForward(_) => Some(String::new()),
            Running::Sleep(until) => (cluster.now() < *until).then(String::new),
            Running::Gone(g) => g.poll(cluster),
            Running::Retry(r) => r.poll(cluster),
        }
    }

    /// The simulated time at which it may end by itself; `None` for what only a signal or the cluster's
    /// doing ends (a watch, a port-forward, `logs -f`), which `wait` cannot wait out.
    pub fn wakes_at(&self, cluster: &Cluster) -> Option<u64> {
        match self {
            Running::Sleep(until) => Some(*until),
            Running::Gone(g) => Some(g.next_check.min(g.until)),
            Running::Retry(r) => Some(r.wakes_at(cluster)),
            _ => None,
        }
    }
}
