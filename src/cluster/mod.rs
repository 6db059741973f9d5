//! The simulated cluster: an API server (store, defaulting, validation, patch, watch), the controllers that
//! reconcile it (StatefulSet, Deployment/ReplicaSet, EndpointSlice, garbage collector, PV provisioner), the
//! node side (kubelet, apps, network, DNS) behind [`NodeRuntime`]. Deterministic: a seed and a simulated clock.
//!
//! Objects are Kubernetes-shaped JSON (`serde_json::Value`) exactly as the API server would return them, so
//! printers, `-o yaml`, the UI and the HTTP API all read the same thing. Time is milliseconds since [`EPOCH_RFC3339`];
//! nothing here reads the wall clock.
//!
//! # The event loop
//! Every write goes through the API functions in `api.rs` and lands in the [`store`] change log. [`Cluster::settle`]
//! turns new log entries into zero-time work (a deduplicated FIFO of "sync this controller for this key"), runs it
//! until nothing is left, and calls the node runtime once per round. [`Cluster::advance`] jumps from one due timer
//! to the next (a priority queue of `(time, seq, work)`), settling at each, so idle time costs nothing.
//!
//! Controllers are pure: `reconcile(&observed) -> Vec<Action>`; [`Cluster::apply_actions`] is the one place where
//! actions take effect (through the same API paths as user requests, so defaulting, validation, watch events and
//! the garbage collector apply to them too).
//!
//! # The node hook (for `kubelet.rs`, `probes.rs`, `apps/`, `network.rs`, `dns.rs`, `exec.rs`)
//! The node side implements [`NodeRuntime`] and is installed with [`Cluster::with_runtime`] (or becomes the default
//! in [`Cluster::new`]). Contract:
//! - [`NodeRuntime::sync`] is called after the controllers have settled whenever anything changed in the store
//!   since its last call (`ctx.changes()` lists those watch events), and when a wake-up it asked for with
//!   [`NodeCtx::wake_at`] falls due (then `ctx.changes()` may be empty).
//! - It reads the store through `ctx` (`get`, `list`, `dependents`) and never writes it directly: it pushes
//!   [`Action`]s with [`NodeCtx::act`]. The scheduler's binding is an `Action::Update` of the pod setting
//!   `spec.nodeName` (+ the `PodScheduled` condition in an `Action::UpdateStatus`); kubelet status is
//!   `Action::UpdateStatus(pod)`; events are `Action::Event`; when a terminating pod's containers have stopped, the
//!   kubelet's final delete is `Action::Remove(key)`.
//! - Graceful deletion: the API server sets `deletionTimestamp = now + grace` and `deletionGracePeriodSeconds` on a
//!   scheduled pod and leaves it in the store; the node decides when the containers stop (SIGTERM handling, grace
//!   period) and then removes it. An unscheduled pod is removed by the API server at once.
//! - Randomness only from `ctx.rng()`; time only from `ctx.now()`.
//! - `exec`, `logs`, `http_get` and `inject` (faults for tests and the UI) are forwarded from [`Cluster`].
//! - Durations live in [`timings`].
//!
//! The default is [`node::Node`], the kubelet model. [`basic_node::BasicNode`] (a scripted stand-in: bind, 2 s to
//! Running+Ready, 1 s to stop) stays for the controller scenario tests, as the upstream controller tests use a
//! fake pod control.

pub mod api;
pub mod basic_node;
mod bootstrap;
mod daemonset;
pub mod decode;
pub mod defaults;
mod deployment;
pub mod disruption;
pub mod endpointslice;
pub mod events;
pub mod explain;
mod gc;
pub mod history;
pub mod kinds;
mod lease;
pub mod meta;
pub mod patch;
pub mod quantity;
mod replicaset;
pub mod rng;
pub mod selector;
pub mod serviceaccount;
pub mod statefulset;
pub mod storage;
pub mod store;
mod system;
mod system_exec;
pub mod tainteviction;
/// The Kubernetes version the simulated cluster runs (API server, control plane, kubelet), as minikube set it up.
pub use system::K8S_VERSION;
pub mod timings;
pub mod token;
pub mod validation;

pub mod apps;
pub mod dns;
pub mod exec;
pub mod images;
pub mod kubelet;
pub mod network;
pub mod node;
pub mod probes;
pub mod script;
pub mod volumes;

use meta::At;
use serde_json::Value as Object;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::rc::Rc;
use store::{Change, Key, Store};

/// Simulated time zero: 2025-03-15T17:03:35Z, the moment of the lab report's `helm install`.
pub const EPOCH_RFC3339: &str = "2025-03-15T17:03:35Z";
/// [`EPOCH_RFC3339`] in Unix seconds.
pub const EPOCH_UNIX: i64 = 1_742_058_215;

/// An API error as the API server returns it (`metav1.Status`).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP code: 404, 409, 422, 400, 403, 500.
    pub code: u16,
    /// `NotFound`, `AlreadyExists`, `Conflict`, `Invalid`, `BadRequest`, `Forbidden`, `InternalError`.
    pub reason: String,
    /// The message kubectl prints after `Error from server (REASON): `.
    pub message: String,
}

impl ApiError {
    /// What kubectl prints for it: `Error from server (NotFound): pods "x" not found`; for `Invalid`, kubectl's
    /// own form `The StatefulSet "web" is invalid: spec: Forbidden: ...` (several causes on `* ` lines).
    pub fn kubectl_text(&self) -> String {
        if self.reason == "Invalid" {
            if let Some((head, causes)) = self.message.split_once(" is invalid: ") {
                if let Some((kind, name)) = head.split_once(" \"") {
                    let kind = kind.split('.').next().unwrap_or(kind);
                    let s = format!("The {kind} \"{name} is invalid");
                    let list = causes.strip_prefix('[').and_then(|c| c.strip_suffix(']'));
                    return match list {
                        Some(l) => {
                            let items: Vec<String> = split_causes(l).iter().map(|c| format!("* {c}")).collect();
                            format!("{s}: \n{}", items.join("\n"))
                        }
                        None => format!("{s}: {causes}"),
                    };
                }
            }
        }
        if self.reason.is_empty() {
            // a Status without a reason (the eviction's 500 for two budgets)
            return format!("Error from server: {}", self.message);
        }
        format!("Error from server ({}): {}", self.reason, self.message)
    }

    pub fn not_found(kind: &str, name: &str) -> ApiError {
        let res = kinds::by_kind(kind).map(|k| k.qualified_plural()).unwrap_or_else(|| kind.to_ascii_lowercase());
        ApiError { code: 404, reason: "NotFound".into(), message: format!("{res} \"{name}\" not found") }
    }

    pub fn already_exists(kind: &str, name: &str) -> ApiError {
        let res = kinds::by_kind(kind).map(|k| k.qualified_plural()).unwrap_or_else(|| kind.to_ascii_lowercase());
        ApiError { code: 409, reason: "AlreadyExists".into(), message: format!("{res} \"{name}\" already exists") }
    }

    pub fn conflict(kind: &str, name: &str) -> ApiError {
        let res = kinds::by_kind(kind).map(|k| k.qualified_plural()).unwrap_or_else(|| kind.to_ascii_lowercase());
        ApiError {
            code: 409,
            reason: "Conflict".into(),
            message: format!("Operation cannot be fulfilled on {res} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"),
        }
    }

    /// `StatusReasonInvalid`: `StatefulSet.apps "web" is invalid: cause` or `...: [cause1, cause2]`.
    pub fn invalid(kind: &str, name: &str, causes: &[String]) -> ApiError {
        let qk = kinds::by_kind(kind).map(|k| k.qualified_kind()).unwrap_or_else(|| kind.to_string());
        let body = if causes.len() == 1 { causes[0].clone() } else { format!("[{}]", causes.join(", ")) };
        ApiError { code: 422, reason: "Invalid".into(), message: format!("{qk} \"{name}\" is invalid: {body}") }
    }

    /// An `Invalid` error's parts, read back from its message: the qualified kind (`StatefulSet.apps`), the name
    /// and each field error (`spec.replicas: Invalid value: -1: must be ...`), as `metav1.StatusDetails` carries
    /// them and kubectl prints them.
    pub fn invalid_causes(&self) -> Option<(String, String, Vec<String>)> {
        if self.reason != "Invalid" {
            return None;
        }
        let msg = self.message.as_str();
        let start = msg.find(" is invalid: ")?;
        let head = &msg[..start];
        let name_start = head.rfind(" \"")?;
        let name = head[name_start + 2..].trim_end_matches('"');
        let qkind = head[..name_start].rsplit(' ').next().unwrap_or("");
        let body = &msg[start + " is invalid: ".len()..];
        let causes = match body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
            Some(list) => split_causes(list),
            None => vec![body.to_string()],
        };
        Some((qkind.to_string(), name.to_string(), causes))
    }

    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { code: 400, reason: "BadRequest".into(), message: message.into() }
    }

    /// `StatusReasonInternalError`: `Internal error occurred: ...`.
    pub fn internal(message: &str) -> ApiError {
        ApiError { code: 500, reason: "InternalError".into(), message: format!("Internal error occurred: {message}") }
    }
}

/// Splits `a: x, b: y` at the `, ` that starts the next field path (values can contain commas).
fn split_causes(l: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in l.split(", ") {
        let starts_field = part.split(':').next().is_some_and(|f| {
            !f.is_empty() && !f.contains(' ') && f.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        }) && part.contains(": ");
        match out.last_mut() {
            Some(last) if !starts_field => {
                last.push_str(", ");
                last.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
    }
    out
}

/// `propagationPolicy` of a delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Propagation {
    #[default]
    Background,
    Foreground,
    Orphan,
}

/// Patch content types the API server accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Json,
    Merge,
    StrategicMerge,
}

/// What `kubectl apply` reports: `created`, `configured`, `unchanged`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApplyOutcome {
    Created,
    Configured,
    Unchanged,
}

/// One change in the store, in resourceVersion order; the UI animates from these.
#[derive(Clone, Debug)]
pub struct WatchEvent {
    /// `ADDED`, `MODIFIED`, `DELETED`.
    pub kind: &'static str,
    pub object: Object,
    /// Simulated time of the change.
    pub at: u64,
}

impl From<&Change> for WatchEvent {
    fn from(c: &Change) -> WatchEvent {
        WatchEvent { kind: c.kind, object: c.full(), at: c.at }
    }
}

/// Output of `kubectl exec POD -- argv...`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecOutput {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// An HTTP response from an app in the cluster (`curl`, `hey`, the page's "send requests").
#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: String,
    /// The pod that served it (`namespace/name`), so the UI can draw the request's path.
    pub served_by: Option<String>,
}

/// A fault a test or the UI injects into a pod's containers (the node runtime decides what it means).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Readiness probes fail (`false`) or pass again (`true`).
    Readiness(bool),
    /// Liveness probes fail (`false`) or pass again (`true`).
    Liveness(bool),
    /// The node evicts the pod: phase Failed, reason Evicted.
    Evict,
    /// The main process exits with this code.
    Exit(i32),
    /// The main process exits with code 1 shortly after every start (CrashLoopBackOff) while on.
    Crash(bool),
    /// The process stops answering (probes time out) until the container restarts.
    Hang,
    /// The app answers every request with 503 (users and probes alike) while on.
    Unavailable(bool),
}

/// An event to record (`kubectl get events`, `describe`): on success of an action, or always for `Action::Event`.
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    /// The object the event is about (kind, namespace, name, uid, apiVersion are copied).
    pub regarding: Object,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    pub message: String,
    /// `statefulset-controller`, `kubelet`, `default-scheduler`, ...
    pub component: &'static str,
    /// Kubelet events name the container: `spec.containers{nginx}`.
    pub field_path: Option<String>,
    /// Kubelet events carry the node name.
    pub host: Option<String>,
}

/// What a controller or the node wants done. Applied in order by [`Cluster::apply_actions`]; an action that fails
/// records its `on_error` event and ends the batch (the controller's sync returned the error).
#[derive(Clone, Debug)]
pub enum Action {
    /// POST (with defaulting and validation).
    Create {
        object: Object,
        event: Option<Outcome>,
    },
    /// PUT of the main resource.
    Update {
        object: Object,
        event: Option<Outcome>,
    },
    /// PUT of the status subresource.
    UpdateStatus(Object),
    /// DELETE with a propagation policy and grace period (None: the object's default).
    Delete {
        key: Key,
        uid: Option<String>,
        propagation: Propagation,
        grace: Option<u64>,
        event: Option<Outcome>,
    },
    /// Final removal of a terminated pod (the kubelet's delete with grace 0).
    Remove(Key),
    /// The scheduler's `pods/binding` POST for the pod with this uid: node name, PodScheduled and `qosClass`.
    Bind {
        key: Key,
        uid: String,
        node: String,
        qos: &'static str,
    },
    Event(EventSpec),
    /// Run this controller again for this key at the given time (minReadySeconds, back-off).
    RequeueAt(u64, Work),
}

/// The events of an action: `ok` on success, `failed` (message gets ` error: <err>`) on failure.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub ok: EventSpec,
    pub failed: EventSpec,
}

/// A unit of controller work, deduplicated in the zero-time queue and ordered in the timer heap.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Work {
    StatefulSet(Key),
    Deployment(Key),
    ReplicaSet(Key),
    DaemonSet(Key),
    /// A PodDisruptionBudget (the disruption controller).
    Disruption(Key),
    EndpointSlice(Key),
    Provision(Key),
    PvcProtection(Key),
    /// Dependents of a removed owner (by UID).
    GcOrphans(String),
    /// An object in deletion with the `foregroundDeletion` or `orphan` finalizer.
    GcFinalize(Key),
    /// The taint-eviction controller's work (a node's NoExecute taints, a pod, a timed deletion).
    TaintEviction(tainteviction::Item),
    /// Wake the node runtime.
    Node,
}

/// The node side of the cluster (kubelet, scheduler, apps, network, DNS). See the module docs for the contract.
pub trait NodeRuntime {
    fn sync(&mut self, ctx: &mut NodeCtx<'_>);

    fn logs(
        &self,
        ctx: &NodeCtx<'_>,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
        timestamps: bool,
    ) -> Result<String, ApiError> {
        let _ = (container, previous, timestamps);
        ctx.get("Pod", namespace, pod).map(|_| String::new()).ok_or_else(|| ApiError::not_found("Pod", pod))
    }

    fn exec(
        &mut self,
        ctx: &mut NodeCtx<'_>,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<ExecOutput, ApiError> {
        let _ = (ctx, namespace, container);
        let _ = pod;
        Ok(ExecOutput {
            stdout: String::new(),
            stderr: format!(
                "exec: \"{}\": not supported by this node runtime\n",
                argv.first().map(String::as_str).unwrap_or("")
            ),
            code: 126,
        })
    }

    fn http_get(&mut self, ctx: &mut NodeCtx<'_>, from_namespace: &str, url: &str) -> Result<HttpResponse, String> {
        let _ = (ctx, from_namespace);
        Err(format!("curl: (6) Could not resolve host: {url}"))
    }

    /// Injects a fault into a pod's containers.
    fn inject(&mut self, ctx: &mut NodeCtx<'_>, namespace: &str, pod: &str, fault: Fault) -> Result<(), String>;
}

/// The node runtime's view of the cluster during one call.
pub struct NodeCtx<'a> {
    now: u64,
    store: &'a Store,
    rng: &'a mut rng::Rng,
    changes: &'a [(u64, Change)],
    actions: Vec<Action>,
    wakeups: Vec<u64>,
}

impl<'a> NodeCtx<'a> {
    pub fn now(&self) -> u64 {
        self.now
    }
    pub fn rng(&mut self) -> &mut rng::Rng {
        self.rng
    }
    /// Watch events since the runtime's previous sync (resourceVersion, event).
    pub fn changes(&self) -> &[(u64, Change)] {
        self.changes
    }
    /// Borrows from the store, not from the context, so a runtime can read an object while it acts on the context
    /// (no copy of a pod per kubelet step).
    pub fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<&'a Object> {
        self.store.get3(kind, namespace, name)
    }
    pub fn list(&self, kind: &str, namespace: Option<&str>) -> impl Iterator<Item = &Object> {
        self.store.list(kind, namespace)
    }
    /// The stored version itself, for a runtime that keeps the object it last saw (shared, not copied).
    pub fn get_shared(&self, kind: &str, namespace: &str, name: &str) -> Option<&'a Rc<Object>> {
        self.store.get3_rc(kind, namespace, name)
    }
    pub fn dependents(&self, owner_uid: &str) -> impl Iterator<Item = &Object> {
        self.store.dependents(owner_uid)
    }
    pub fn act(&mut self, a: Action) {
        self.actions.push(a);
    }
    /// Asks to be synced again at simulated time `at` (ms).
    pub fn wake_at(&mut self, at: u64) {
        self.wakeups.push(at);
    }
}

/// The whole simulated cluster.
pub struct Cluster {
    now: u64,
    seed: u64,
    rng: rng::Rng,
    /// The node side's own stream (IPs, pull times, load balancing), derived from the same seed, so adding an
    /// object on the API side does not reshuffle every pod IP and vice versa.
    node_rng: rng::Rng,
    /// The ServiceAccount admission plugin's stream (token volume names), apart for the same reason.
    admission_rng: rng::Rng,
    store: Store,
    node: Box<dyn NodeRuntime>,
    /// Zero-time work, FIFO and deduplicated.
    queue: VecDeque<Work>,
    queued: HashSet<Work>,
    timers: BinaryHeap<Reverse<(u64, u64, Work)>>,
    timer_seq: u64,
    /// Log position up to which changes have been turned into work.
    dispatched: u64,
    /// Log position up to which the node runtime has seen changes.
    node_seen: u64,
    node_wake: bool,
    events: events::Recorder,
    /// The set the last sync was for and the resourceVersions its writes took, `(from, to]`, until dispatched.
    set_sync_writes: Option<(Key, u64, u64)>,
    taint_eviction: tainteviction::Controller,
    /// Controller syncs run so far (a cost measure for tests).
    pub syncs: u64,
    /// Whether the `MaxUnavailableStatefulSet` feature gate is on. Off (the default) is v1.34 and v1.35.4-v1.36;
    /// on is v1.37, with the fix for Parallel rollouts stalling on a broken old pod (PR #137666).
    pub gate_max_unavailable_statefulset: bool,
}

impl Cluster {
    /// A fresh single-node cluster (like minikube): namespaces default/kube-system/kube-public/kube-node-lease, the
    /// `kubernetes` Service, kube-dns at 10.96.0.10, node `minikube`, a default StorageClass `standard`.
    pub fn new(seed: u64) -> Cluster {
        Cluster::with_runtime(seed, Box::new(node::Node::new()))
    }

    pub fn with_runtime(seed: u64, node: Box<dyn NodeRuntime>) -> Cluster {
        let mut c = Cluster {
            now: 0,
            seed,
            rng: rng::Rng::new(seed),
            node_rng: rng::Rng::new(seed ^ 0x6e6f_6465),
            admission_rng: rng::Rng::new(seed ^ 0x0073_6163),
            store: Store::default(),
            node,
            queue: VecDeque::new(),
            queued: HashSet::new(),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            dispatched: 0,
            node_seen: 0,
            node_wake: false,
            events: events::Recorder::default(),
            set_sync_writes: None,
            taint_eviction: tainteviction::Controller::default(),
            gate_max_unavailable_statefulset: false,
            syncs: 0,
        };
        bootstrap::bootstrap(&mut c);
        c.settle();
        c
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated milliseconds since [`EPOCH_UNIX`].
    pub fn now(&self) -> u64 {
        self.now
    }

    pub fn rng(&mut self) -> &mut rng::Rng {
        &mut self.rng
    }

    /// Lets `ms` of simulated time pass, running every controller, kubelet and app step that falls due, jumping
    /// straight from one due item to the next.
    pub fn advance(&mut self, ms: u64) {
        let target = self.now.saturating_add(ms);
        self.settle();
        while let Some(Reverse((at, _, _))) = self.timers.peek() {
            if *at > target {
                break;
            }
            self.now = self.now.max(*at);
            while let Some(Reverse((at, _, _))) = self.timers.peek() {
                if *at > self.now {
                    break;
                }
                let Reverse((_, _, w)) = self.timers.pop().unwrap();
                if w == Work::Node {
                    self.node_wake = true;
                } else {
                    self.enqueue(w);
                }
            }
            self.settle();
        }
        self.now = target;
        self.settle();
    }

    /// How many of the learner's pods exist (outside kube-system, whose pods cost next to nothing): what moving
    /// the clock costs grows with it (their probes, the node runtime's passes).
    pub fn user_pod_count(&self) -> usize {
        self.store.list("Pod", None).filter(|p| meta::namespace(p) != "kube-system").count()
    }

    /// The time of the next timer, if any (for "run until idle" drivers).
    pub fn next_due(&self) -> Option<u64> {
        self.timers.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Runs whatever is due at the current instant (zero-time reconciliation after an API call).
    pub fn settle(&mut self) {
        // A controller bug must not hang the page: cap the zero-time rounds.
        let mut budget: u64 = 2_000_000;
        loop {
            self.dispatch();
            if let Some(w) = self.queue.pop_front() {
                self.queued.remove(&w);
                self.run(w);
            } else if self.node_wake || self.node_seen < self.store.resource_version() {
                self.run_node();
            } else {
                break;
            }
            budget -= 1;
            if budget == 0 {
                break;
            }
        }
        // Every reader inside the cluster has seen the log up to here; watchers outside keep a window.
        let seen = self.dispatched.min(self.node_seen);
        let before = self.now.saturating_sub(store::WATCH_FRESH_MS);
        self.store.compact(store::WATCH_WINDOW, before, seen);
    }

    fn enqueue(&mut self, w: Work) {
        if self.queued.insert(w.clone()) {
            self.queue.push_back(w);
        }
    }

    fn timer(&mut self, at: u64, w: Work) {
        self.timer_seq += 1;
        self.timers.push(Reverse((at.max(self.now), self.timer_seq, w)));
    }

    /// Turns new change-log entries into controller work.
    fn dispatch(&mut self) {
        let rv = self.store.resource_version();
        if self.dispatched >= rv {
            return;
        }
        let mut work = Vec::new();
        for (at_rv, ev) in self.store.log_since(self.dispatched) {
            self.work_for_change(*at_rv, ev, &mut work);
        }
        self.dispatched = rv;
        self.set_sync_writes = None;
        for w in work {
            self.enqueue(w);
        }
    }

    fn work_for_change(&self, rv: u64, ev: &Change, out: &mut Vec<Work>) {
        let o = &ev.object;
        let k = store::key_of(o);
        let ns = meta::namespace(o);
        if ev.kind == "DELETED" {
            out.push(Work::GcOrphans(meta::uid(o).to_string()));
        }
        if meta::is_deleting(o) {
            let f = meta::finalizers(o);
            if f.iter().any(|f| f == "foregroundDeletion" || f == "orphan") {
                out.push(Work::GcFinalize(k.clone()));
            }
        }
        // A dependent that changed or left may unblock its owner's foreground deletion.
        for r in meta::owner_refs(o) {
            if let Some(owner) = r.get("uid").and_then(Object::as_str).and_then(|u| self.store.by_uid(u)) {
                if meta::is_deleting(owner) && meta::finalizers(owner).iter().any(|f| f == "foregroundDeletion") {
                    out.push(Work::GcFinalize(store::key_of(owner)));
                }
            }
        }
        match meta::kind(o) {
            "Pod" => {
                disruption::work_for_pod(&self.store, o, out);
                match meta::controller_ref(o) {
                    Some(r) => {
                        let owner = store::key(meta::s(r, "/kind"), ns, meta::s(r, "/name"));
                        match owner.0.as_str() {
                            // The set's sync reads its pods only through their summaries: a change that left the
                            // summary as it was would sync to the same actions (none), so it is not queued. The
                            // real controller syncs and finds nothing to do; the history is the same.
                            "StatefulSet" if ev.kind == "MODIFIED" && ev.same_summary => {}
                            "StatefulSet" => out.push(Work::StatefulSet(owner)),
                            "ReplicaSet" => out.push(Work::ReplicaSet(owner)),
                            "DaemonSet" => out.push(Work::DaemonSet(owner)),
                            _ => {}
                        }
                    }
                    None => {
                        // An orphan may be adopted by a matching controller.
                        for s in self.store.list("StatefulSet", Some(ns)) {
                            if meta::selector_matches(s.at("/spec/selector").unwrap_or(&Object::Null), meta::labels(o))
                            {
                                out.push(Work::StatefulSet(store::key_of(s)));
                            }
                        }
                    }
                }
                for svc in self.store.list("Service", Some(ns)) {
                    let sel = svc.at("/spec/selector").and_then(Object::as_object);
                    if sel.is_some_and(|sel| meta::map_selector_matches(sel, meta::labels(o))) {
                        out.push(Work::EndpointSlice(store::key_of(svc)));
                    }
                }
                // A status write changes neither the pod's node nor its tolerations, all the taint-eviction
                // controller reads (and it reads nothing while no node has NoExecute taints).
                if !ev.status_only && self.taint_eviction.active() {
                    let item = tainteviction::Item::Pod(ns.to_string(), meta::name(o).to_string());
                    out.push(Work::TaintEviction(item));
                }
                if ev.kind == "DELETED"
                    || meta::is_deleting(o)
                    || matches!(meta::s(o, "/status/phase"), "Succeeded" | "Failed")
                {
                    for v in o.at("/spec/volumes").and_then(Object::as_array).into_iter().flatten() {
                        let claim = meta::s(v, "/persistentVolumeClaim/claimName");
                        if !claim.is_empty() {
                            out.push(Work::PvcProtection(store::key("PersistentVolumeClaim", ns, claim)));
                        }
                    }
                }
            }
            // The set's own status write, changing nothing its next sync reads (see `same_sync_inputs`). A status
            // written by anyone else is synced, so the controller puts its own counts back.
            "StatefulSet"
                if ev.kind == "MODIFIED"
                    && ev.same_summary
                    && self
                        .set_sync_writes
                        .as_ref()
                        .is_some_and(|(sk, from, to)| *sk == k && *from < rv && rv <= *to) => {}
            "StatefulSet" => out.push(Work::StatefulSet(k)),
            "Deployment" => out.push(Work::Deployment(k)),
            "DaemonSet" => out.push(Work::DaemonSet(k)),
            "ReplicaSet" => {
                out.push(Work::ReplicaSet(k));
                if let Some(r) = meta::controller_ref(o) {
                    out.push(Work::Deployment(store::key("Deployment", ns, meta::s(r, "/name"))));
                }
            }
            "PersistentVolumeClaim" => {
                out.push(Work::Provision(k.clone()));
                out.push(Work::PvcProtection(k));
                if let Some(r) = meta::owner_refs(o).iter().find(|r| meta::s(r, "/kind") == "StatefulSet") {
                    out.push(Work::StatefulSet(store::key("StatefulSet", ns, meta::s(r, "/name"))));
                }
                // A stale claim leaving unblocks its set (PodClaimIsStale).
                if ev.kind == "DELETED" {
                    for s in self.store.list("StatefulSet", Some(ns)) {
                        if meta::name(o).contains(&format!("-{}-", meta::name(s))) {
                            out.push(Work::StatefulSet(store::key_of(s)));
                        }
                    }
                }
            }
            "Service" => out.push(Work::EndpointSlice(k)),
            "PodDisruptionBudget" if ev.kind != "DELETED" => out.push(Work::Disruption(k)),
            "Node" => out.push(Work::TaintEviction(tainteviction::Item::Node(meta::name(o).to_string()))),
            "Namespace" if ev.kind == "ADDED" => {}
            _ => {}
        }
    }

    fn run(&mut self, w: Work) {
        self.syncs += 1;
        let actions = match &w {
            Work::GcOrphans(uid) => gc::orphans(&self.store, uid),
            Work::GcFinalize(k) => gc::finalize(&self.store, k),
            Work::PvcProtection(k) => storage::pvc_protection(&self.store, k),
            Work::Provision(k) => storage::provision(&self.store, k, self.now),
            Work::StatefulSet(k) => {
                statefulset::reconcile(&self.store, k, self.now, self.gate_max_unavailable_statefulset)
            }
            Work::EndpointSlice(k) => endpointslice::reconcile(&self.store, k, self.now),
            Work::ReplicaSet(k) => replicaset::reconcile(&self.store, k, self.now),
            Work::DaemonSet(k) => daemonset::reconcile(&self.store, k, self.now),
            Work::Disruption(k) => disruption::reconcile(&self.store, k, self.now),
            Work::TaintEviction(item) => self.taint_eviction.sync(&self.store, item, self.now),
            Work::Deployment(k) => {
                let now = meta::rfc3339(self.now);
                let mut a = deployment::reconcile(&self.store, k);
                // Condition timestamps are stamped here, where the time is known.
                for act in a.iter_mut() {
                    if let Action::UpdateStatus(o) = act {
                        if let Some(cs) = o.pointer_mut("/status/conditions").and_then(Object::as_array_mut) {
                            for c in cs {
                                for f in ["lastTransitionTime", "lastUpdateTime"] {
                                    if c.get(f).and_then(Object::as_str) == Some("{now}") {
                                        c[f] = Object::String(now.clone());
                                    }
                                }
                            }
                        }
                    }
                }
                a
            }
            Work::Node => {
                self.node_wake = true;
                Vec::new()
            }
        };
        let from = self.store.resource_version();
        self.apply_actions(actions);
        if let Work::StatefulSet(k) = w {
            self.set_sync_writes = Some((k, from, self.store.resource_version()));
        }
    }

    fn run_node(&mut self) {
        self.node_wake = false;
        let seen = self.node_seen;
        self.node_seen = self.store.resource_version();
        let mut ctx = NodeCtx {
            now: self.now,
            store: &self.store,
            rng: &mut self.node_rng,
            changes: self.store.log_since(seen),
            actions: Vec::new(),
            wakeups: Vec::new(),
        };
        self.node.sync(&mut ctx);
        let (actions, wakeups) = (ctx.actions, ctx.wakeups);
        for at in wakeups {
            self.timer(at, Work::Node);
        }
        self.apply_actions(actions);
    }

    /// Runs `f` with the node runtime and a context, then applies what it asked for.
    fn with_node<R>(&mut self, f: impl FnOnce(&mut dyn NodeRuntime, &mut NodeCtx<'_>) -> R) -> R {
        self.settle();
        let mut ctx = NodeCtx {
            now: self.now,
            store: &self.store,
            rng: &mut self.node_rng,
            changes: &[],
            actions: Vec::new(),
            wakeups: Vec::new(),
        };
        let r = f(self.node.as_mut(), &mut ctx);
        let (actions, wakeups) = (ctx.actions, ctx.wakeups);
        for at in wakeups {
            self.timer(at, Work::Node);
        }
        self.apply_actions(actions);
        self.settle();
        r
    }

    /// The one place where controller and node actions take effect.
    pub fn apply_actions(&mut self, actions: Vec<Action>) {
        for a in actions {
            let (result, outcome) = match a {
                Action::Create { object, mut event } => {
                    let r = self.create_object(object, false);
                    // Generated names are known only once created (`Created pod: web-7784b5b74d-xftgw`).
                    if let (Ok(o), Some(ev)) = (&r, event.as_mut()) {
                        ev.ok.message = ev.ok.message.replace("{name}", meta::name(o));
                    }
                    (r.map(|_| ()), event)
                }
                Action::Update { object, event } => {
                    (self.update_object(object, api::Subresource::Main).map(|_| ()), event)
                }
                Action::UpdateStatus(object) => {
                    (self.update_object(object, api::Subresource::Status).map(|_| ()), None)
                }
                Action::Delete { key, uid, propagation, grace, event } => {
                    let r = match (&uid, self.store.get(&key)) {
                        (Some(u), Some(o)) if meta::uid(o) != u => Err(ApiError::not_found(&key.0, &key.2)),
                        _ => self.delete_object(&key, propagation, grace).map(|_| ()),
                    };
                    (r, event)
                }
                Action::Remove(key) => {
                    self.store.remove(&key, self.now);
                    (Ok(()), None)
                }
                Action::Bind { key, uid, node, qos } => (self.bind_pod(&key, &uid, &node, qos).map(|_| ()), None),
                Action::Event(e) => {
                    self.record(e);
                    (Ok(()), None)
                }
                Action::RequeueAt(at, w) => {
                    self.timer(at, w);
                    (Ok(()), None)
                }
            };
            match (result, outcome) {
                (Ok(()), Some(o)) => self.record(o.ok),
                (Ok(()), None) => {}
                (Err(e), Some(mut o)) => {
                    o.failed.message = format!("{} error: {}", o.failed.message, e.message);
                    self.record(o.failed);
                    break;
                }
                (Err(_), None) => break,
            }
        }
    }

    fn record(&mut self, e: EventSpec) {
        let now = self.now;
        if let Some(ev) = self.events.record(&self.store, e, now) {
            self.store.put(ev, now);
        }
    }

    /// One object by kind (`Pod`, `StatefulSet`, ...), namespace (ignored for cluster-scoped kinds) and name.
    pub fn get(&self, kind: &str, namespace: &str, name: &str) -> Result<Object, ApiError> {
        let ns = if kinds::by_kind(kind).is_some_and(|k| !k.namespaced) { "" } else { namespace };
        if kind == "Lease" && namespace == "kube-node-lease" {
            // The kubelets' node leases are derived from the clock (lease.rs); any other Lease is stored.
            if let Some(l) = self.node_lease(name) {
                return Ok(l);
            }
        }
        let mut o = self.store.get_owned(kind, ns, name).ok_or_else(|| ApiError::not_found(kind, name))?;
        if kind == "Node" {
            lease::with_heartbeat(&mut o, self.now as i64);
        }
        Ok(o)
    }

    /// All objects of a kind, in one namespace or all (`None`), sorted by namespace then name.
    pub fn list(&self, kind: &str, namespace: Option<&str>) -> Vec<Object> {
        let ns = if kinds::by_kind(kind).is_some_and(|k| !k.namespaced) { None } else { namespace };
        if kind == "Lease" && ns.is_none_or(|n| n == "kube-node-lease") {
            let nodes = self.store.list_owned("Node", None);
            let mut all: Vec<Object> = nodes.iter().filter_map(|n| self.node_lease(meta::name(n))).collect();
            all.extend(self.store.list_owned(kind, ns));
            let key = |o: &Object| (meta::namespace(o).to_string(), meta::name(o).to_string());
            crate::sort::sort_by(&mut all, |a, b| key(a).cmp(&key(b)));
            return all;
        }
        let mut list = self.store.list_owned(kind, ns);
        if kind == "Node" {
            for n in &mut list {
                lease::with_heartbeat(n, self.now as i64);
            }
        }
        list
    }

    /// The store's latest resourceVersion (what a list returns, where a watch starts).
    pub fn resource_version(&self) -> u64 {
        self.store.resource_version()
    }

    /// Every store change with resourceVersion greater than `since`, oldest first, and the latest version.
    /// The log keeps a window (the latest [`store::WATCH_WINDOW`] changes and every change of the last
    /// [`store::WATCH_FRESH_MS`]): a `since` older than the window is the API server's `410 Gone` ("too old resource
    /// version", reason `Expired`), after which a client lists again.
    pub fn watch(&self, since: u64) -> Result<(Vec<WatchEvent>, u64), ApiError> {
        let compacted = self.store.compacted();
        if since < compacted {
            // storage/cacher/watch_cache.go: errors.NewResourceExpired("too old resource version: %d (%d)").
            return Err(ApiError {
                code: 410,
                reason: "Expired".into(),
                message: format!("too old resource version: {since} ({compacted})"),
            });
        }
        let events = self.store.log_since(since).iter().map(|(_, c)| WatchEvent::from(c)).collect();
        Ok((events, self.store.resource_version()))
    }

    /// [`Cluster::watch`] for callers that keep up (they poll at least once per window of changes): when `since`
    /// has been compacted away, the changes still kept.
    pub fn watch_since(&self, since: u64) -> (Vec<WatchEvent>, u64) {
        let since = since.max(self.store.compacted());
        self.watch(since).unwrap_or_default()
    }

    /// Container logs (`kubectl logs`), `previous` for the last terminated instance.
    pub fn logs(
        &self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
    ) -> Result<String, ApiError> {
        self.logs_with(namespace, pod, container, previous, false)
    }

    /// [`Cluster::logs`] with each line's time in front of it (`kubectl logs --timestamps`).
    pub fn logs_with(
        &self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
        timestamps: bool,
    ) -> Result<String, ApiError> {
        let mut rng = self.node_rng.clone();
        let ctx = NodeCtx {
            now: self.now,
            store: &self.store,
            rng: &mut rng,
            changes: &[],
            actions: Vec::new(),
            wakeups: Vec::new(),
        };
        self.node.logs(&ctx, namespace, pod, container, previous, timestamps)
    }

    /// Runs a command in a container (`cat data/visits`, `nslookup NAME`, `ls`, `sh -c ...`).
    pub fn exec(
        &mut self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
    ) -> Result<ExecOutput, ApiError> {
        let object = self.get("Pod", namespace, pod)?;
        if let Some(r) = system_exec::exec(self, &object, container, argv) {
            return r;
        }
        self.with_node(|n, ctx| n.exec(ctx, namespace, pod, container, argv))
    }

    /// An HTTP GET to a URL inside the cluster (Service DNS name, pod DNS name, cluster IP or pod IP), from a
    /// client in `from_namespace` (search path for short names). Errors are curl's (`curl: (6) Could not
    /// resolve host: x`, `curl: (7) Failed to connect to ...`).
    pub fn http_get(&mut self, from_namespace: &str, url: &str) -> Result<HttpResponse, String> {
        self.with_node(|n, ctx| n.http_get(ctx, from_namespace, url))
    }

    /// Injects a fault into a pod (readiness/liveness failing, eviction, process exit).
    pub fn inject(&mut self, namespace: &str, pod: &str, fault: Fault) -> Result<(), String> {
        self.with_node(|n, ctx| n.inject(ctx, namespace, pod, fault))
    }
}
