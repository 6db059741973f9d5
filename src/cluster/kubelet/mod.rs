//! The node `minikube`: the scheduler's filters and binding (claims bound, nodeSelector, resources and pod count:
//! [`fit`]) and the kubelet's pod lifecycle.
//!
//! Mirrors pkg/kubelet (pod workers, kuberuntime SyncPod/computePodActions, images.imageManager, prober,
//! status manager) at the level a learner can observe: the events (`Scheduled`, `Pulling`, `Pulled`,
//! `Failed`, `BackOff`, `Created`, `Started`, `Killing`, `Unhealthy`), the pod status the API shows
//! (phase, conditions, containerStatuses with state/lastState/restartCount, podIP), and the timing rules:
//! image pull back-off 10 s doubling to 5 min, CrashLoopBackOff 10 s doubling to 5 min reset after 10 min
//! (flowcontrol.Backoff; `doBackOff` in kuberuntime_manager.go), pod-worker requeue after an error
//! after 10-15 s (pod_workers.go `backOffPeriod` with jitter 0.5), graceful termination with SIGTERM and
//! SIGKILL at the end of the grace period.
//!
//! Pure: the kubelet reads API objects through [`ApiView`] and answers with [`Action`]s that the cluster
//! applies; its own randomness is a seeded stream. Hook for the cluster's event loop: call
//! [`Kubelet::sync_pod`] whenever a pod object changes and for every pod [`Kubelet::due`] returns once the
//! clock reaches [`Kubelet::next_wake`]; call [`Kubelet::forget`] when a pod object is gone.

mod access;
pub mod fit;
mod status;

use crate::cluster::meta::At;
pub use status::qos_class;
use status::{crash_line, hosts_file, pod_fqdn, pod_hostname, resolv_conf};

use super::apps::{self, AppEnv, AppKind, Faults, MainProcess, Profile, Reply, Request, Sigterm};
use super::images::{self, ImageRef, PullOutcome};
use super::probes::{self, ContainerView, Handler, Outcome, PortRef, ProbeSpec, ProbeType, TickEffect, Worker};
use super::volumes::{self, ContainerFs, VolumeStore};
use super::ApiError;
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

pub const NODE_NAME: &str = "minikube";
/// minikube's docker driver puts the node at this address.
pub const NODE_IP: &str = "192.168.49.2";
/// The bridge gateway: kubelet probes reach pods from here.
pub const PROBE_SOURCE_IP: &str = "10.244.0.1";
pub const KUBE_PROBE_UA: &str = "kube-probe/1.37";

/// Durations the node model uses (ms). Each is what a minikube node on a laptop typically shows.
pub mod timings {
    /// Pod sandbox (pause container + CNI) until the pod has an IP.
    pub const SANDBOX_MS: u64 = 400;
    /// Container create + start after the image is there.
    pub const CREATE_MS: u64 = 150;
    /// PLEG relist: how soon the kubelet notices a started container and triggers the first readiness run.
    pub const PLEG_MS: u64 = 700;
    /// Status manager deletes a pod object once its containers stopped and volumes are unmounted.
    pub const REMOVE_MS: u64 = 600;
    /// Initial and maximum back-off for image pulls and container restarts (MaxContainerBackOff).
    pub const BACKOFF_INITIAL_MS: u64 = 10_000;
    pub const BACKOFF_MAX_MS: u64 = 300_000;
    /// Pod worker requeue after a failed sync (backOffPeriod), jittered by up to 50 %.
    pub const WORKER_BACKOFF_MS: u64 = 10_000;
    /// A pod's first scheduling back-off (podInitialBackoffDuration); failures on claims and nodeSelector are
    /// simply polled this often.
    pub const SCHEDULER_RETRY_MS: u64 = 1_000;
    /// A `OneShot` command (nslookup, echo) runs this long.
    pub const ONESHOT_MS: u64 = 60;
}
use timings::*;

/// containerLogMaxSize's default: a container's log file is rotated past it.
const LOG_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Read access to the API objects the node needs.
pub trait ApiView {
    fn get(&self, kind: &str, namespace: &str, name: &str) -> Option<Value>;
    /// All objects of a kind, in one namespace or all.
    fn list(&self, kind: &str, namespace: Option<&str>) -> Vec<Value>;
    /// An object's UID ("" when there is no such object); a view over the store reads it without copying the object.
    fn uid(&self, kind: &str, namespace: &str, name: &str) -> String {
        self.get(kind, namespace, name).map(|o| s(&o, &["metadata", "uid"])).unwrap_or_default()
    }
}

/// An Event to record (the cluster turns it into an `Event` object and aggregates repeats into a count).
#[derive(Clone, Debug, PartialEq)]
pub struct EventSpec {
    pub namespace: String,
    /// ObjectReference: kind, namespace, name, uid, apiVersion, and fieldPath for container events.
    pub involved: Value,
    /// `Normal` or `Warning`.
    pub type_: &'static str,
    pub reason: String,
    pub message: String,
    /// `kubelet` or `default-scheduler`.
    pub component: &'static str,
    pub at: u64,
}

/// What the node asks the API server to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The scheduler's binding: set `spec.nodeName` and condition PodScheduled=True.
    Bind {
        namespace: String,
        name: String,
        uid: String,
        node: String,
        at: u64,
    },
    /// Replace `.status` (the status subresource).
    SetStatus {
        namespace: String,
        name: String,
        uid: String,
        status: Value,
    },
    Event(EventSpec),
    /// Final removal of a pod whose containers have stopped after a graceful delete (grace period 0).
    Remove {
        namespace: String,
        name: String,
        uid: String,
    },
}

/// A deterministic stream (SplitMix64) for container IDs, jitter and pull times.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6b75_6265_6c65_7421)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::new();
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(len);
        s
    }
}

/// flowcontrol.Backoff for one key: the window doubles up to the maximum and resets when the event comes
/// more than twice the maximum after the last update (`hasExpired`).
#[derive(Clone, Debug, Default)]
struct Backoff {
    /// (current window, last update)
    entry: Option<(u64, u64)>,
}

impl Backoff {
    fn expired(&self, event: u64) -> bool {
        self.entry.is_none_or(|(_, last)| event.saturating_sub(last) > 2 * BACKOFF_MAX_MS)
    }

    /// `IsInBackOffSince(key, eventTime)`: now − eventTime < window.
    fn in_backoff_since(&self, event: u64, now: u64) -> bool {
        !self.expired(event) && self.entry.is_some_and(|(d, _)| now.saturating_sub(event) < d)
    }

    /// `IsInBackOffSinceUpdate(key, now)`: now − lastUpdate < window.
    fn in_backoff_since_update(&self, now: u64) -> bool {
        !self.expired(now) && self.entry.is_some_and(|(d, last)| now.saturating_sub(last) < d)
    }

    fn next(&mut self, event: u64, now: u64) {
        let d = match self.entry {
            Some((d, _)) if !self.expired(event) => (d * 2).min(BACKOFF_MAX_MS),
            _ => BACKOFF_INITIAL_MS,
        };
        self.entry = Some((d, now));
    }

    fn window(&self) -> u64 {
        self.entry.map(|(d, _)| d).unwrap_or(BACKOFF_INITIAL_MS)
    }
}

/// A container's state as the runtime sees it.
#[derive(Clone, Debug, PartialEq)]
enum CState {
    /// Not created yet, or waiting to be (re)started: `reason`/`message` as in `state.waiting`.
    Waiting {
        reason: String,
        message: Option<String>,
    },
    /// Pulling its image; done at `until` (success or not).
    Pulling {
        until: u64,
        requested: u64,
        pull_ms: u64,
        outcome: PullOutcome,
        cached: bool,
    },
    /// Image present; created and started at `until`.
    Creating {
        until: u64,
    },
    Running {
        started_at: u64,
        listening_at: u64,
        exits_at: Option<(u64, i32)>,
    },
    /// Got SIGTERM (or is being killed); exits at `exits_at` with `code`.
    Stopping {
        started_at: u64,
        exits_at: u64,
        code: i32,
        listening: bool,
        restart: bool,
    },
    Terminated(Terminated),
}

#[derive(Clone, Debug, PartialEq)]
struct Terminated {
    exit_code: i32,
    started_at: u64,
    finished_at: u64,
    container_id: String,
}

impl Terminated {
    fn reason(&self) -> &'static str {
        if self.exit_code == 0 {
            "Completed"
        } else {
            "Error"
        }
    }
}

#[derive(Clone, Debug)]
struct ContainerRt {
    name: String,
    spec: Value,
    image: ImageRef,
    pull_policy: String,
    kind: AppKind,
    profile: Profile,
    main: MainProcess,
    declared_ports: Vec<(u16, Option<String>)>,
    state: CState,
    restart_count: u32,
    /// Number of container instances created so far (the next instance's number).
    instances: u32,
    container_id: String,
    last_terminated: Option<Terminated>,
    workers: Vec<(Worker, u64)>,
    logs: BTreeMap<u32, Vec<(u64, String)>>,
    crash_backoff: Backoff,
    image_backoff: Backoff,
    last_pull_error: Option<String>,
    env: BTreeMap<String, String>,
    fs: ContainerFs,
    ready: bool,
    /// When the kubelet should trigger the first readiness run for the current instance.
    readiness_trigger_at: Option<u64>,
    /// When the script process (`MainProcess::Script`) resumes from its `sleep`.
    poll_at: Option<u64>,
    /// The running instance's script process (`MainProcess::Script`): where it stopped and its variables.
    script: Option<super::script::Process>,
    /// Bytes the script process has logged since the current log file began (see `resume_script`).
    script_log_bytes: usize,
}

#[derive(Clone, Debug)]
struct PodRt {
    namespace: String,
    name: String,
    uid: String,
    first_sync: u64,
    sandbox_ready_at: u64,
    sandbox_ready: bool,
    ip: Option<String>,
    restart_policy: String,
    grace_s: u64,
    containers: Vec<ContainerRt>,
    deleting_since: Option<u64>,
    remove_at: Option<u64>,
    removed: bool,
    resync_at: Option<u64>,
    /// Per-condition (status, lastTransitionTime).
    conditions: BTreeMap<&'static str, (bool, u64)>,
    faults: Faults,
    /// A digest of the status last sent ([`status_digest`]): a copy of it would cost as much as the pod's own.
    last_status: Option<u64>,
    /// The pod's spec and metadata the kubelet saw last.
    pod: Rc<Value>,
    terminal_phase: Option<&'static str>,
    mounts_ready: bool,
    evicted: bool,
    /// `containers[..n_init]` are the init containers, run one at a time to completion before the rest start.
    n_init: usize,
}

impl PodRt {
    /// Whether every init container has exited with 0 (the pod is Initialized).
    fn initialized(&self) -> bool {
        self.containers[..self.n_init].iter().all(|c| match &c.state {
            CState::Terminated(t) => t.exit_code == 0 && !c.sidecar(),
            // A sidecar (restartPolicy Always) counts once it has started.
            CState::Running { .. } => c.sidecar(),
            _ => false,
        })
    }
}

impl ContainerRt {
    /// A native sidecar: an init container with `restartPolicy: Always` (KEP-753), started in init order and
    /// then kept running, and restarted, next to the app.
    fn sidecar(&self) -> bool {
        self.spec.get("restartPolicy").and_then(Value::as_str) == Some("Always")
    }
}

/// The node.
pub struct Kubelet {
    rng: Rng,
    pods: BTreeMap<String, PodRt>,
    /// Images on the node (by display reference).
    images: BTreeSet<String>,
    /// Pulls are serialised (serializeImagePulls=true): the next pull can start at this time.
    pull_free_at: u64,
    /// When each image's first successful pull completes (queued pulls of it become manifest checks).
    image_ready_at: BTreeMap<String, u64>,
    /// Pod IPs in use; host-local IPAM hands out the next free address after the last one.
    ips_in_use: BTreeSet<u8>,
    last_ip: u8,
    /// Unschedulable pods by uid: the scheduler's unschedulable queue.
    pending_schedule: BTreeMap<String, Pending>,
    pending_seq: u64,
    /// The scheduler's cache of the node: each bound pod not yet Succeeded or Failed with its requests (the
    /// scheduler's pod informer leaves terminal pods out), and their sum.
    bound: HashMap<String, fit::Requests>,
    used: fit::Requests,
    /// What the node offered when last seen.
    allocatable: Option<(fit::Requests, i64)>,
    /// Pods the kubelet's admission refused.
    rejected: BTreeSet<String>,
    pub volumes: VolumeStore,
    /// CoreDNS's cache, which every pod's lookups go through (a cell: lookups happen behind `&self`).
    pub dns_cache: RefCell<crate::cluster::dns::Cache>,
    /// Each pod's next due time, kept as pods change, so a node sync does not ask every pod what is due.
    schedule: RefCell<Schedule>,
}

/// A pod the scheduler could not place, waiting for its next attempt.
struct Pending {
    at: u64,
    namespace: String,
    name: String,
    /// The PodScheduled=False message written, and since when the condition is False.
    message: String,
    since: u64,
    last_try: u64,
    attempts: u32,
    /// The order pods first failed in: retried pods go in it (the queue sorts equal priorities by time queued).
    seq: u64,
    /// Failed on the node's resources: retried when something frees room (an assigned pod deleted or finished, the
    /// node updated), after its back-off, or when it has waited in the unschedulable queue for five minutes.
    /// Other failures are polled every [`SCHEDULER_RETRY_MS`] (a simplification: claims binding and node label
    /// changes show at once) and record their event once per message.
    fit: bool,
}

/// podMaxInUnschedulablePodsDuration (pkg/scheduler/backend/queue/scheduling_queue.go): how long a pod stays in
/// the unschedulable queue before it is tried again without any event.
const UNSCHEDULABLE_FLUSH_MS: u64 = 300_000;

/// The pod's back-off after `attempts` failed attempts: 1 s doubling to 10 s (podInitialBackoffDuration,
/// podMaxBackoffDuration).
fn scheduler_backoff(attempts: u32) -> u64 {
    (SCHEDULER_RETRY_MS << attempts.saturating_sub(1).min(4)).min(10_000)
}

/// Pods by next due time. `sync_pod` keeps it exact for the pod it ran; the other entry points that change pods
/// (exec, HTTP, faults, eviction) mark it stale and it is rebuilt before it is next read.
#[derive(Default)]
struct Schedule {
    valid: bool,
    by_time: BTreeSet<(u64, String)>,
    of: HashMap<String, u64>,
}

impl Schedule {
    fn set(&mut self, uid: &str, next: Option<u64>) {
        if let Some(t) = self.of.remove(uid) {
            self.by_time.remove(&(t, uid.to_string()));
        }
        if let Some(t) = next {
            self.of.insert(uid.to_string(), t);
            self.by_time.insert((t, uid.to_string()));
        }
    }
}

fn s(v: &Value, path: &[&str]) -> String {
    let mut cur = v;
    for p in path {
        match crate::cluster::meta::field(cur, p) {
            Some(x) => cur = x,
            None => return String::new(),
        }
    }
    cur.as_str().map(String::from).unwrap_or_default()
}

pub fn pod_key(pod: &Value) -> (String, String, String) {
    let ns = s(pod, &["metadata", "namespace"]);
    (if ns.is_empty() { "default".into() } else { ns }, s(pod, &["metadata", "name"]), s(pod, &["metadata", "uid"]))
}

fn involved(pod: &PodRt, field: Option<String>) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), "Pod".into());
    m.insert("namespace".into(), pod.namespace.clone().into());
    m.insert("name".into(), pod.name.clone().into());
    m.insert("uid".into(), pod.uid.clone().into());
    m.insert("apiVersion".into(), "v1".into());
    if let Some(f) = field {
        m.insert("fieldPath".into(), f.into());
    }
    Value::Object(m)
}

fn container_field(pod: &PodRt, idx: usize) -> Option<String> {
    let list = if idx < pod.n_init { "initContainers" } else { "containers" };
    Some(format!("spec.{list}{{{}}}", pod.containers[idx].name))
}

/// FNV-1a of the parts' concatenation, without building it: a stable digest for image IDs (the same image always
/// has the same digest).
fn fnv_parts(parts: &[&str]) -> u64 {
    parts
        .iter()
        .flat_map(|p| p.bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

impl Kubelet {
    pub fn new(seed: u64) -> Kubelet {
        let mut rng = Rng::new(seed);
        // host-local IPAM starts after whatever earlier pods used; the seed stands for that history.
        let last_ip = 2 + rng.below(200) as u8;
        Kubelet {
            rng,
            pods: BTreeMap::new(),
            images: BTreeSet::new(),
            pull_free_at: 0,
            image_ready_at: BTreeMap::new(),
            ips_in_use: BTreeSet::new(),
            last_ip,
            pending_schedule: BTreeMap::new(),
            pending_seq: 0,
            bound: HashMap::new(),
            used: fit::Requests::default(),
            allocatable: None,
            rejected: BTreeSet::new(),
            volumes: VolumeStore::default(),
            dns_cache: RefCell::default(),
            schedule: RefCell::new(Schedule::default()),
        }
    }

    /// The schedule, rebuilt from every pod when stale.
    fn due_times(&self) -> std::cell::Ref<'_, Schedule> {
        if !self.schedule.borrow().valid {
            let mut s = Schedule { valid: true, ..Schedule::default() };
            for (uid, p) in &self.pods {
                s.set(uid, self.pod_next(p));
            }
            *self.schedule.borrow_mut() = s;
        }
        self.schedule.borrow()
    }

    /// Some pod changed outside `sync_pod`: its due time is recomputed (with every other) before the next read.
    pub(super) fn schedule_stale(&mut self) {
        self.schedule.get_mut().valid = false;
    }

    /// Marks an image as already on the node (what earlier labs left in the cache).
    pub fn preload_image(&mut self, image: &str) {
        self.images.insert(ImageRef::parse(image).display);
    }

    fn event(
        &self,
        pod: &PodRt,
        field: Option<String>,
        type_: &'static str,
        reason: &str,
        message: String,
        at: u64,
    ) -> Action {
        Action::Event(EventSpec {
            namespace: pod.namespace.clone(),
            involved: involved(pod, field),
            type_,
            reason: reason.into(),
            message,
            component: "kubelet",
            at,
        })
    }

    /// Earliest time anything on the node is due.
    pub fn next_wake(&self) -> Option<u64> {
        let pods = self.due_times().by_time.first().map(|(t, _)| *t);
        let sched = self.pending_schedule.values().map(|p| p.at);
        pods.into_iter().chain(sched).min()
    }

    /// Pods (namespace, name) with something due at or before `now`.
    pub fn due(&self, now: u64) -> Vec<(String, String)> {
        // In pod (uid) order, as a walk over every pod would give them.
        let mut uids: Vec<String> =
            self.due_times().by_time.iter().take_while(|(t, _)| *t <= now).map(|(_, u)| u.clone()).collect();
        crate::sort::sort(&mut uids);
        let mut out: Vec<(String, String)> =
            uids.iter().filter_map(|u| self.pods.get(u)).map(|p| (p.namespace.clone(), p.name.clone())).collect();
        let mut retry: Vec<&Pending> = self.pending_schedule.values().filter(|p| p.at <= now).collect();
        crate::sort::sort_by_key(&mut retry, |p| p.seq);
        out.extend(retry.into_iter().map(|p| (p.namespace.clone(), p.name.clone())));
        out
    }

    /// Keeps an address host-local IPAM handed out before this kubelet's history began (a pod already running
    /// when the simulation starts) from being given to another pod.
    pub fn reserve_ip(&mut self, ip: &str) {
        if let Some(last) = ip.strip_prefix("10.244.0.").and_then(|o| o.parse().ok()) {
            self.ips_in_use.insert(last);
        }
    }

    /// A newer version of a pod the kubelet runs, with nothing but its status changed: kept as the pod's latest
    /// version without a sync (so the one it replaces can go). False when the kubelet does not run this pod.
    pub fn observe(&mut self, pod: &Rc<Value>) -> bool {
        let (_, _, uid) = pod_key(pod);
        match self.pods.get_mut(&uid) {
            Some(p) if !p.removed => {
                p.pod = pod.clone();
                true
            }
            _ => false,
        }
    }

    /// A pod bound to the node, as the scheduler's cache adds it: its requests count against the node's room.
    pub fn account(&mut self, uid: &str, pod: &Value) {
        let r = fit::pod_requests(pod);
        if let Some(old) = self.bound.insert(uid.to_string(), r) {
            self.used.sub(&old);
        }
        self.used.add(&r);
    }

    /// A bound pod deleted or finished: its room is free, and the pods that did not fit are tried again.
    fn unaccount(&mut self, uid: &str) {
        if let Some(old) = self.bound.remove(uid) {
            self.used.sub(&old);
            self.requeue();
        }
    }

    /// The Node object changed: the pods that did not fit are tried again only when what it offers changed
    /// (NodeResourcesFit's queueing hint skips other node updates, a label for one).
    pub fn node_changed(&mut self, node: &Value) {
        let alloc = fit::allocatable(node);
        if self.allocatable.replace(alloc) != Some(alloc) {
            self.requeue();
        }
    }

    /// Something changed that may let unschedulable pods fit (the node, or an assigned pod gone): the scheduler
    /// moves them out of the unschedulable queue, each to be tried once its back-off has passed.
    fn requeue(&mut self) {
        for p in self.pending_schedule.values_mut().filter(|p| p.fit) {
            p.at = p.at.min(p.last_try + scheduler_backoff(p.attempts));
        }
    }

    /// The pod object is gone from the API: drop its runtime state, its IP and its emptyDirs.
    pub fn forget(&mut self, uid: &str) {
        self.pending_schedule.remove(uid);
        self.rejected.remove(uid);
        self.unaccount(uid);
        self.schedule.get_mut().set(uid, None);
        if let Some(p) = self.pods.remove(uid) {
            if let Some(ip) = p.ip.as_deref().and_then(|ip| ip.strip_prefix("10.244.0.")).and_then(|o| o.parse().ok()) {
                self.ips_in_use.remove(&ip);
            }
            self.volumes.drop_prefix(&format!("emptydir/{uid}/"));
            self.volumes.drop_prefix(&format!("rootfs/{uid}/"));
            self.volumes.drop_prefix(&format!("cm/{uid}/"));
        }
    }

    /// The fault switches of a pod (by uid), for the UI and lessons.
    pub fn faults_mut(&mut self, uid: &str) -> Option<&mut Faults> {
        self.schedule_stale();
        self.pods.get_mut(uid).map(|p| &mut p.faults)
    }

    pub fn pod_ip(&self, uid: &str) -> Option<String> {
        self.pods.get(uid).and_then(|p| p.ip.clone())
    }

    fn pod_next(&self, p: &PodRt) -> Option<u64> {
        if p.removed {
            return None;
        }
        // A running minimum, no allocation: this runs for every pod on every node sync.
        let mut t: Option<u64> = None;
        let mut push = |v: u64| t = Some(t.map_or(v, |m| m.min(v)));
        if !p.sandbox_ready {
            push(p.sandbox_ready_at);
        }
        p.resync_at.into_iter().for_each(&mut push);
        p.remove_at.into_iter().for_each(&mut push);
        for c in &p.containers {
            match &c.state {
                CState::Pulling { until, .. } | CState::Creating { until } => push(*until),
                CState::Running { exits_at: Some((e, _)), .. } => push(*e),
                CState::Stopping { exits_at, .. } => push(*exits_at),
                _ => {}
            }
            c.readiness_trigger_at.into_iter().for_each(&mut push);
            if matches!(c.state, CState::Running { exits_at: None, .. } | CState::Stopping { .. }) {
                c.poll_at.into_iter().for_each(&mut push);
            }
            if matches!(c.state, CState::Running { .. } | CState::Stopping { .. }) {
                c.workers.iter().for_each(|(_, next)| push(*next));
            }
        }
        t
    }

    /// Brings one pod up to date at `now`: schedules it, or runs every kubelet step due by then, in time
    /// order, and reports the resulting status.
    pub fn sync_pod(&mut self, pod: &Value, api: &dyn ApiView, now: u64) -> Vec<Action> {
        self.sync_pod_shared(&Rc::new(pod.clone()), api, now)
    }

    /// [`Kubelet::sync_pod`] keeping the stored version itself (shared) as the pod it last saw.
    pub fn sync_pod_shared(&mut self, pod: &Rc<Value>, api: &dyn ApiView, now: u64) -> Vec<Action> {
        let (_, _, uid) = pod_key(pod);
        let node = s(pod, &["spec", "nodeName"]);
        let mut out = Vec::new();
        if node.is_empty() {
            self.schedule(pod, api, now, &mut out);
            return out;
        }
        self.pending_schedule.remove(&uid);
        if node != NODE_NAME {
            return out;
        }
        let deleting = pod.at("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
        if self.rejected.contains(&uid) {
            // Nothing runs: a delete removes it at once.
            if deleting {
                out.push(Action::Remove {
                    namespace: s(pod, &["metadata", "namespace"]),
                    name: s(pod, &["metadata", "name"]),
                    uid,
                });
            }
            return out;
        }
        if !self.pods.contains_key(&uid) {
            let terminal = matches!(s(pod, &["status", "phase"]).as_str(), "Succeeded" | "Failed");
            // Bound by the scheduler (counted already), or created with `spec.nodeName` set: then the kubelet's
            // admission runs the scheduler's fit itself and rejects what does not fit (kubelet.go rejectPod).
            if !terminal && !self.bound.contains_key(&uid) {
                if let Some(rejected) = self.admit(pod, api, now) {
                    self.rejected.insert(uid);
                    out.extend(rejected);
                    return out;
                }
            }
            let rt = self.new_pod(pod, now);
            self.pods.insert(uid.clone(), rt);
            if !terminal {
                self.account(&uid, pod);
            }
        }
        let mut p = self.pods.remove(&uid).expect("inserted above");
        p.pod = pod.clone();
        if p.deleting_since.is_none() && deleting {
            p.deleting_since = Some(now);
            if let Some(g) = pod.at("/metadata/deletionGracePeriodSeconds").and_then(Value::as_u64) {
                p.grace_s = g;
            }
            self.begin_termination(&mut p, now, &mut out);
        }
        while let Some(t) = self.pod_next(&p).filter(|t| *t <= now) {
            self.step(&mut p, t, api, &mut out);
        }
        if self.schedule.get_mut().valid {
            let next = self.pod_next(&p);
            self.schedule.get_mut().set(&uid, next);
        }
        self.pods.insert(uid.clone(), p);
        let p = &self.pods[&uid];
        if !p.removed {
            let status = self.status(p, pod);
            if matches!(status.get("phase").and_then(Value::as_str), Some("Succeeded" | "Failed")) {
                self.unaccount(&uid);
            }
            let p = &self.pods[&uid];
            let digest = status_digest(&status);
            if p.last_status != Some(digest) {
                out.push(Action::SetStatus {
                    namespace: p.namespace.clone(),
                    name: p.name.clone(),
                    uid: uid.clone(),
                    status,
                });
                self.pods.get_mut(&uid).expect("present").last_status = Some(digest);
            }
        }
        out
    }

    /// Admission of a pod the scheduler did not place: None when it fits, else the status and event of its
    /// rejection (phase Failed with the reason and "Pod was rejected: " message, nothing started).
    fn admit(&self, pod: &Value, api: &dyn ApiView, now: u64) -> Option<Vec<Action>> {
        let node = api.get("Node", "", NODE_NAME)?;
        let req = fit::pod_requests(pod);
        let (reason, message) = fit::rejection(&req, &self.used, self.bound.len(), &fit::allocatable(&node))?;
        let (ns, name, uid) = pod_key(pod);
        let involved = json!({"kind": "Pod", "namespace": ns, "name": name, "uid": uid, "apiVersion": "v1"});
        Some(vec![
            Action::Event(EventSpec {
                namespace: ns.clone(),
                involved,
                type_: "Warning",
                reason: reason.clone(),
                message: message.clone(),
                component: "kubelet",
                at: now,
            }),
            Action::SetStatus {
                namespace: ns,
                name,
                uid,
                status: json!({"phase": "Failed", "reason": reason, "message": format!("Pod was rejected: {message}"),
                    "startTime": apps::rfc3339(now), "qosClass": qos_class(pod)}),
            },
        ])
    }

    /// The scheduler's part for the one node: the volume binding prefilter (minikube's `standard` class binds
    /// immediately, so a claim is unbound only briefly), then the filters in the default profile's order, the first
    /// failure ending the node's run (NodeAffinity's nodeSelector before NodeResourcesFit).
    fn schedule(&mut self, pod: &Value, api: &dyn ApiView, now: u64, out: &mut Vec<Action>) {
        let (ns, name, uid) = pod_key(pod);
        if pod.at("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null()) {
            // Never scheduled: nothing runs, so the object can go at once.
            self.pending_schedule.remove(&uid);
            out.push(Action::Remove { namespace: ns, name, uid });
            return;
        }
        // A pod waiting in the unschedulable queue is not tried on its own updates (a pending pod's requests and
        // nodeSelector cannot change), only when its time comes.
        if self.pending_schedule.get(&uid).is_some_and(|p| p.fit && p.at > now) {
            return;
        }
        let claims: Vec<String> = pod
            .at("/spec/volumes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|v| v.at("/persistentVolumeClaim/claimName").and_then(Value::as_str).map(String::from))
            .collect();
        let mut missing = None;
        let mut unbound = false;
        for c in &claims {
            match api.get("PersistentVolumeClaim", &ns, c) {
                None => missing = Some(c.clone()),
                Some(pvc) if s(&pvc, &["status", "phase"]) != "Bound" => unbound = true,
                _ => {}
            }
        }
        let node = api.get("Node", "", NODE_NAME);
        let node_matches = pod.at("/spec/nodeSelector").and_then(Value::as_object).is_none_or(|sel| {
            let labels = node.as_ref().and_then(|n| n.at("/metadata/labels")).and_then(Value::as_object);
            crate::cluster::meta::map_selector_matches(sel, labels)
        });
        // The NodeUnschedulable filter, which runs first: a cordoned node takes only pods that tolerate its
        // `node.kubernetes.io/unschedulable:NoSchedule` taint (DaemonSet pods do), whether or not the node
        // lifecycle controller has added the taint yet (plugins/nodeunschedulable).
        let cordoned = node.as_ref().is_some_and(|n| n.at("/spec/unschedulable") == Some(&Value::Bool(true)))
            && !crate::cluster::daemonset::tolerates(
                pod.at("/spec").unwrap_or(&Value::Null),
                &json!({"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}),
            );
        // TaintToleration, next in the profile: a NoSchedule or NoExecute taint the pod does not tolerate.
        let untolerated = !cordoned && node.as_ref().is_some_and(|n| fit::untolerated_taint(pod, n).is_some());
        let node_matches = node_matches && !cordoned && !untolerated;
        // Without a Node object (a bare kubelet under test) there is no allocatable to check against.
        let short = match &node {
            Some(n) if node_matches => {
                fit::insufficient(&fit::pod_requests(pod), &self.used, self.bound.len(), &fit::allocatable(n))
            }
            _ => Vec::new(),
        };
        if missing.is_none() && !unbound && node_matches && short.is_empty() {
            self.pending_schedule.remove(&uid);
            self.account(&uid, pod);
            out.push(Action::Bind {
                namespace: ns.clone(),
                name: name.clone(),
                uid: uid.clone(),
                node: NODE_NAME.into(),
                at: now,
            });
            out.push(Action::Event(EventSpec {
                namespace: ns.clone(),
                involved: json!({"kind": "Pod", "namespace": ns, "name": name, "uid": uid, "apiVersion": "v1"}),
                type_: "Normal",
                reason: "Scheduled".into(),
                message: format!("Successfully assigned {ns}/{name} to {NODE_NAME}"),
                component: "default-scheduler",
                at: now,
            }));
            return;
        }
        // The scheduler's message for this case (volumebinding / framework diagnosis).
        let message = match &missing {
            Some(c) => format!(
                "0/1 nodes are available: persistentvolumeclaim \"{c}\" not found. preemption: 0/1 nodes are available: \
                 1 Preemption is not helpful for scheduling."
            ),
            None if unbound => "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. \
                                preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling."
                .to_string(),
            // NodeUnschedulable, TaintToleration and NodeAffinity fail as UnschedulableAndUnresolvable: preemption
            // cannot help.
            None if cordoned => fit::unschedulable_message(
                &["node(s) were unschedulable"],
                "0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            ),
            None if untolerated => fit::unschedulable_message(
                &["node(s) had untolerated taint(s)"],
                "0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            ),
            None if !node_matches => fit::unschedulable_message(
                &["node(s) didn't match Pod's node affinity/selector"],
                "0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            ),
            None => fit::unschedulable_message(&short, fit::preemption_message(pod)),
        };
        let fit_failure = missing.is_none() && !unbound && node_matches;
        let prev = self.pending_schedule.remove(&uid);
        let attempts = prev.as_ref().map_or(0, |p| p.attempts) + 1;
        let since = prev.as_ref().map_or(now, |p| p.since);
        let seq = prev.as_ref().map_or_else(
            || {
                self.pending_seq += 1;
                self.pending_seq
            },
            |p| p.seq,
        );
        let changed = prev.as_ref().is_none_or(|p| p.message != message);
        let at = now + if fit_failure { UNSCHEDULABLE_FLUSH_MS } else { SCHEDULER_RETRY_MS };
        self.pending_schedule.insert(
            uid.clone(),
            Pending {
                at,
                namespace: ns.clone(),
                name: name.clone(),
                message: message.clone(),
                since,
                last_try: now,
                attempts,
                seq,
                fit: fit_failure,
            },
        );
        // The scheduler updates PodScheduled only when it changes (updatePod), keeping its transition time while
        // it stays False; it records FailedScheduling on every attempt (the events library counts repeats), and
        // the polled failures here are not real attempts.
        if changed {
            out.push(Action::SetStatus {
                namespace: ns.clone(),
                name: name.clone(),
                uid: uid.clone(),
                status: json!({
                    "phase": "Pending",
                    "conditions": [{
                        "type": "PodScheduled", "status": "False", "lastProbeTime": null,
                        "lastTransitionTime": apps::rfc3339(since), "reason": "Unschedulable", "message": message,
                    }],
                    "qosClass": qos_class(pod),
                }),
            });
        }
        if changed || fit_failure {
            out.push(Action::Event(EventSpec {
                namespace: ns.clone(),
                involved: json!({"kind": "Pod", "namespace": ns, "name": name, "uid": uid, "apiVersion": "v1"}),
                type_: "Warning",
                reason: "FailedScheduling".into(),
                message,
                component: "default-scheduler",
                at: now,
            }));
        }
    }

    fn new_pod(&mut self, pod: &Rc<Value>, now: u64) -> PodRt {
        let (namespace, name, uid) = pod_key(pod);
        let list = |k: &str| pod.pointer(k).and_then(Value::as_array).cloned().unwrap_or_default();
        let init = list("/spec/initContainers");
        let n_init = init.len();
        let containers = init
            .into_iter()
            .chain(list("/spec/containers"))
            .map(|c| {
                let image = ImageRef::parse(&s(&c, &["image"]));
                let kind = apps::app_for_image(&s(&c, &["image"]));
                let strs = |k: &str| -> Vec<String> {
                    c.get(k)
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                        .unwrap_or_default()
                };
                let main = apps::main_process(kind, &strs("command"), &strs("args"));
                let declared_ports = c
                    .get("ports")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        (
                            p.get("containerPort").and_then(Value::as_u64).unwrap_or(0) as u16,
                            p.get("name").and_then(Value::as_str).map(String::from),
                        )
                    })
                    .collect();
                let workers = [ProbeType::Startup, ProbeType::Liveness, ProbeType::Readiness]
                    .into_iter()
                    .filter_map(|ty| ProbeSpec::from_container(&c, ty).map(|spec| (Worker::new(ty, spec, now), now)))
                    .collect();
                let pull_policy = match s(&c, &["imagePullPolicy"]) {
                    p if p.is_empty() => image.default_pull_policy().to_string(),
                    p => p,
                };
                let profile = apps::profile(kind);
                ContainerRt {
                    name: s(&c, &["name"]),
                    spec: c.clone(),
                    image,
                    pull_policy,
                    kind,
                    main,
                    declared_ports,
                    state: CState::Waiting { reason: "ContainerCreating".into(), message: None },
                    restart_count: 0,
                    instances: 0,
                    container_id: String::new(),
                    last_terminated: None,
                    workers,
                    logs: BTreeMap::new(),
                    crash_backoff: Backoff::default(),
                    image_backoff: Backoff::default(),
                    last_pull_error: None,
                    env: BTreeMap::new(),
                    fs: ContainerFs {
                        mounts: Vec::new(),
                        read_only: Vec::new(),
                        rootfs: String::new(),
                        image_files: BTreeMap::new(),
                        image_dirs: &[],
                        workdir: match s(&c, &["workingDir"]) {
                            w if w.is_empty() => profile.workdir.to_string(),
                            w => w,
                        },
                    },
                    profile,
                    ready: false,
                    readiness_trigger_at: None,
                    poll_at: None,
                    script: None,
                    script_log_bytes: 0,
                }
            })
            .collect();
        PodRt {
            namespace,
            name,
            uid,
            first_sync: now,
            sandbox_ready_at: now + SANDBOX_MS,
            sandbox_ready: false,
            ip: None,
            restart_policy: match s(pod, &["spec", "restartPolicy"]) {
                p if p.is_empty() => "Always".into(),
                p => p,
            },
            grace_s: pod.at("/spec/terminationGracePeriodSeconds").and_then(Value::as_u64).unwrap_or(30),
            containers,
            deleting_since: None,
            remove_at: None,
            removed: false,
            resync_at: None,
            conditions: [("PodReadyToStartContainers", (false, now)), ("Initialized", (n_init == 0, now))]
                .into_iter()
                .chain([("Ready", (false, now)), ("ContainersReady", (false, now))])
                .collect(),
            faults: Faults::default(),
            last_status: None,
            pod: pod.clone(),
            terminal_phase: None,
            mounts_ready: false,
            evicted: false,
            n_init,
        }
    }

    fn allocate_ip(&mut self) -> String {
        for i in 1..=252u16 {
            let cand = ((self.last_ip as u16 - 2 + i) % 253 + 2) as u8;
            if !self.ips_in_use.contains(&cand) {
                self.ips_in_use.insert(cand);
                self.last_ip = cand;
                return format!("10.244.0.{cand}");
            }
        }
        "10.244.0.254".into()
    }

    /// One time-ordered step at `t`.
    fn step(&mut self, p: &mut PodRt, t: u64, api: &dyn ApiView, out: &mut Vec<Action>) {
        if p.remove_at.is_some_and(|r| r <= t) {
            p.remove_at = None;
            p.removed = true;
            out.push(Action::Remove { namespace: p.namespace.clone(), name: p.name.clone(), uid: p.uid.clone() });
            return;
        }
        if !p.sandbox_ready && p.sandbox_ready_at <= t {
            p.sandbox_ready = true;
            // A host-network pod has the node's address, not one of the pod network's.
            let host_network = p.pod.pointer("/spec/hostNetwork").and_then(Value::as_bool) == Some(true);
            p.ip = Some(if host_network { NODE_IP.to_string() } else { self.allocate_ip() });
            p.conditions.insert("PodReadyToStartContainers", (true, t));
        }
        let resync = p.resync_at.is_some_and(|r| r <= t);
        if resync {
            p.resync_at = None;
        }
        for i in 0..p.containers.len() {
            let state = p.containers[i].state.clone();
            match state {
                CState::Pulling { until, requested, pull_ms, outcome, cached } if until <= t => {
                    self.finish_pull(p, i, t, requested, pull_ms, outcome, cached, out);
                }
                CState::Creating { until } if until <= t => self.start_container(p, i, t, api, out),
                CState::Running { started_at, exits_at: Some((e, code)), .. } if e <= t => {
                    self.container_exited(p, i, started_at, t, code);
                }
                CState::Stopping { started_at, exits_at, code, restart, .. } if exits_at <= t => {
                    self.container_exited(p, i, started_at, t, code);
                    if restart && p.deleting_since.is_none() {
                        self.create_container(p, i, t, out);
                    }
                }
                _ => {}
            }
        }
        for i in 0..p.containers.len() {
            if p.containers[i].poll_at.is_some_and(|at| at <= t) {
                self.resume_script(p, i, t, api);
            }
        }
        self.run_probes(p, t, api, out);
        if p.deleting_since.is_some() {
            let all_stopped = p.containers.iter().all(|c| {
                !matches!(
                    c.state,
                    CState::Running { .. } | CState::Stopping { .. } | CState::Creating { .. } | CState::Pulling { .. }
                )
            });
            if all_stopped && p.remove_at.is_none() && !p.removed {
                // Since v1.27 the kubelet writes a terminal phase before the object goes (PR #115331).
                let failed = p.containers.iter().any(|c| c.last_terminated.as_ref().is_some_and(|t| t.exit_code != 0));
                p.terminal_phase = Some(if failed { "Failed" } else { "Succeeded" });
                p.remove_at = Some(t + REMOVE_MS);
            }
            return;
        }
        self.sync_containers(p, t, resync, api, out);
        self.update_readiness(p, t);
    }

    /// computePodActions + SyncPod: start what should run, in spec order, one blocking step at a time.
    /// A container waiting after a failure is retried only when the pod worker's requeue comes due
    /// (`resync`), not on every probe tick.
    fn sync_containers(&mut self, p: &mut PodRt, t: u64, resync: bool, api: &dyn ApiView, out: &mut Vec<Action>) {
        if !p.sandbox_ready || p.terminal_phase.is_some() {
            return;
        }
        if !p.mounts_ready {
            if !self.mount_volumes(p, t, api) {
                p.resync_at = Some(t + 2_000);
                return;
            }
            p.mounts_ready = true;
        }
        if p.n_init > 0 && p.conditions.get("Initialized").is_some_and(|(ok, _)| !ok) && p.initialized() {
            p.conditions.insert("Initialized", (true, t));
        }
        let mut requeue = false;
        for i in 0..p.containers.len() {
            // Init containers run in order, each to completion, before the next (kuberuntime
            // computeInitContainerActions): any of them not done yet blocks everything after it.
            let c = &p.containers[i];
            let init = i < p.n_init && !c.sidecar();
            match &c.state {
                CState::Pulling { .. } | CState::Creating { .. } => return,
                CState::Running { .. } | CState::Stopping { .. } if init => return,
                CState::Running { .. } | CState::Stopping { .. } => continue,
                CState::Terminated(term) if init && term.exit_code == 0 => continue,
                CState::Terminated(term) => {
                    let should = match p.restart_policy.as_str() {
                        _ if c.sidecar() => true,
                        "Never" => false,
                        "OnFailure" => term.exit_code != 0,
                        // An init container is retried on failure whatever the policy says, except Never.
                        _ => !init || term.exit_code != 0,
                    };
                    if !should {
                        if init {
                            // A failed init container under restartPolicy Never fails the pod.
                            p.terminal_phase = Some("Failed");
                            return;
                        }
                        continue;
                    }
                    let finished = term.finished_at;
                    if c.crash_backoff.in_backoff_since(finished, t) {
                        let window = c.crash_backoff.window();
                        let msg = format!(
                            "back-off {} restarting failed container={} pod={}_{}({})",
                            images::go_duration_ms(window),
                            c.name,
                            p.name,
                            p.namespace,
                            p.uid
                        );
                        let ev = format!(
                            "Back-off restarting failed container {} in pod {}_{}({})",
                            c.name, p.name, p.namespace, p.uid
                        );
                        out.push(self.event(p, container_field(p, i), "Warning", "BackOff", ev, t));
                        p.containers[i].state =
                            CState::Waiting { reason: "CrashLoopBackOff".into(), message: Some(msg) };
                        requeue = true;
                        if init {
                            break;
                        }
                        continue;
                    }
                    p.containers[i].crash_backoff.next(finished, t);
                    self.create_container(p, i, t, out);
                    return;
                }
                CState::Waiting { reason, .. } => {
                    let after_failure = matches!(
                        reason.as_str(),
                        "ErrImagePull" | "ImagePullBackOff" | "CrashLoopBackOff" | "ErrImageNeverPull"
                    );
                    if after_failure && !resync {
                        if init {
                            break;
                        }
                        continue;
                    }
                    if reason == "CrashLoopBackOff" {
                        // Back to the exited state's rules: the terminated record is lastState.
                        if let Some(term) = c.last_terminated.clone() {
                            p.containers[i].state = CState::Terminated(term);
                            // Re-evaluate this container at the same instant.
                            return self.sync_containers(p, t, resync, api, out);
                        }
                    }
                    if self.create_container(p, i, t, out) {
                        return;
                    }
                    requeue = true;
                    if init {
                        break;
                    }
                }
            }
        }
        if requeue {
            let jitter = (WORKER_BACKOFF_MS as f64 * 0.5 * self.rng.unit()) as u64;
            p.resync_at = Some(t + WORKER_BACKOFF_MS + jitter);
        }
    }

    /// Resolves the pod's volumes to volume-store keys; false while a claim is not bound yet.
    fn mount_volumes(&mut self, p: &mut PodRt, t: u64, api: &dyn ApiView) -> bool {
        let mut keys: BTreeMap<String, String> = BTreeMap::new();
        let mut read_only_volumes = BTreeSet::new();
        for v in p.pod.at("/spec/volumes").and_then(Value::as_array).cloned().unwrap_or_default() {
            let vname = s(&v, &["name"]);
            let key = if let Some(claim) = v.at("/persistentVolumeClaim/claimName").and_then(Value::as_str) {
                match api.get("PersistentVolumeClaim", &p.namespace, claim) {
                    Some(pvc) if !s(&pvc, &["spec", "volumeName"]).is_empty() => {
                        volumes::pv_key(&s(&pvc, &["spec", "volumeName"]))
                    }
                    _ => return false,
                }
            } else if let Some(cm) = v.at("/configMap/name").and_then(Value::as_str) {
                let key = format!("cm/{}/{vname}", p.uid);
                if let Some(obj) = api.get("ConfigMap", &p.namespace, cm) {
                    for (k, val) in obj.get("data").and_then(Value::as_object).into_iter().flatten() {
                        self.volumes.write(&key, k, val.as_str().unwrap_or("").to_string());
                    }
                }
                key
            } else if let Some(sources) = v.at("/projected/sources").and_then(Value::as_array) {
                let key = format!("cm/{}/{vname}", p.uid);
                for (path, content) in projected_files(&p.pod, sources, t, api) {
                    self.volumes.write(&key, &path, content);
                }
                key
            } else if let Some(sec) = v.at("/secret/secretName").and_then(Value::as_str) {
                let key = format!("cm/{}/{vname}", p.uid);
                if let Some(obj) = api.get("Secret", &p.namespace, sec) {
                    for (k, val) in obj.get("data").and_then(Value::as_object).into_iter().flatten() {
                        let raw = crate::base64::decode(val.as_str().unwrap_or("")).unwrap_or_default();
                        let decoded = String::from_utf8_lossy(&raw).into_owned();
                        self.volumes.write(&key, k, decoded);
                    }
                }
                key
            } else {
                volumes::empty_dir_key(&p.uid, &vname)
            };
            // ConfigMap, Secret, downward API and projected volumes are always mounted read-only (the kubelet's
            // atomic writer volumes, since the 2018 subPath fix), whatever the mount says.
            if ["configMap", "secret", "downwardAPI", "projected"].iter().any(|src| v.get(*src).is_some()) {
                read_only_volumes.insert(vname.clone());
            }
            keys.insert(vname, key);
        }
        for c in &mut p.containers {
            c.fs.read_only = c
                .spec
                .get("volumeMounts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter(|m| {
                    m.get("readOnly").and_then(Value::as_bool) == Some(true)
                        || read_only_volumes.contains(&s(m, &["name"]))
                })
                .map(|m| {
                    let mut path = s(m, &["mountPath"]);
                    while path.len() > 1 && path.ends_with('/') {
                        path.pop();
                    }
                    path
                })
                .collect();
            c.fs.mounts = c
                .spec
                .get("volumeMounts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|m| {
                    let key = keys.get(&s(m, &["name"]))?;
                    let mut path = s(m, &["mountPath"]);
                    while path.len() > 1 && path.ends_with('/') {
                        path.pop();
                    }
                    let sub = s(m, &["subPath"]);
                    let key = if sub.is_empty() { key.clone() } else { format!("{key}/{sub}") };
                    Some((path, key))
                })
                .collect();
        }
        true
    }

    /// Ensures the image, then creates and starts an instance; false when it cannot proceed now (pull
    /// failure or back-off), true when a blocking step (pull or create) is under way.
    fn create_container(&mut self, p: &mut PodRt, i: usize, t: u64, out: &mut Vec<Action>) -> bool {
        let field = container_field(p, i);
        let c = &p.containers[i];
        let display = c.image.display.clone();
        let present = self.images.contains(&display);
        let policy = c.pull_policy.clone();
        if policy == "Never" && !present {
            let msg = format!("Container image \"{display}\" is not present with pull policy of Never");
            out.push(self.event(p, field.clone(), "Warning", "ErrImageNeverPull", msg.clone(), t));
            p.containers[i].state = CState::Waiting { reason: "ErrImageNeverPull".into(), message: Some(msg) };
            return false;
        }
        if present && policy != "Always" {
            out.push(self.event(
                p,
                field,
                "Normal",
                "Pulled",
                format!("Container image \"{display}\" already present on machine"),
                t,
            ));
            p.containers[i].state = CState::Creating { until: t + CREATE_MS };
            return true;
        }
        if c.image_backoff.in_backoff_since_update(t) {
            let msg = format!("Back-off pulling image \"{display}\"");
            out.push(self.event(p, field.clone(), "Normal", "BackOff", msg.clone(), t));
            out.push(self.event(p, field, "Warning", "Failed", "Error: ImagePullBackOff".into(), t));
            let detail = match &c.last_pull_error {
                Some(e) => format!("{msg}: ErrImagePull: {e}"),
                None => msg,
            };
            p.containers[i].state = CState::Waiting { reason: "ImagePullBackOff".into(), message: Some(detail) };
            return false;
        }
        out.push(self.event(p, field, "Normal", "Pulling", format!("Pulling image \"{display}\""), t));
        let outcome = images::pull(&c.image);
        let jitter = self.rng.unit();
        let start = t.max(self.pull_free_at);
        // A pull queued behind another pull of the same image finds the layers there: only the manifest
        // round-trip remains.
        let layers_there = present || self.image_ready_at.get(&display).is_some_and(|r| *r <= start);
        let pull_ms = match (&outcome, layers_there) {
            (PullOutcome::Found(_), true) | (PullOutcome::Missing(_), _) => images::manifest_check_ms(jitter),
            (PullOutcome::Found(size), false) => images::pull_duration_ms(*size, jitter),
        };
        let until = start + pull_ms;
        self.pull_free_at = until;
        if matches!(outcome, PullOutcome::Found(_)) {
            self.image_ready_at.entry(display.clone()).or_insert(until);
        }
        p.containers[i].state = CState::Pulling { until, requested: t, pull_ms, outcome, cached: present };
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn finish_pull(
        &mut self,
        p: &mut PodRt,
        i: usize,
        t: u64,
        requested: u64,
        pull_ms: u64,
        outcome: PullOutcome,
        _cached: bool,
        out: &mut Vec<Action>,
    ) {
        let field = container_field(p, i);
        let display = p.containers[i].image.display.clone();
        match outcome {
            PullOutcome::Found(size) => {
                self.images.insert(display.clone());
                let msg = format!(
                    "Successfully pulled image \"{display}\" in {} ({} including waiting). Image size: {size} bytes.",
                    images::go_duration_ms(pull_ms),
                    images::go_duration_ms(t - requested)
                );
                out.push(self.event(p, field, "Normal", "Pulled", msg, t));
                p.containers[i].last_pull_error = None;
                p.containers[i].state = CState::Creating { until: t + CREATE_MS };
            }
            PullOutcome::Missing(err) => {
                out.push(self.event(
                    p,
                    field.clone(),
                    "Warning",
                    "Failed",
                    format!("Failed to pull image \"{display}\": {err}"),
                    t,
                ));
                out.push(self.event(p, field, "Warning", "Failed", "Error: ErrImagePull".into(), t));
                p.containers[i].image_backoff.next(t, t);
                p.containers[i].last_pull_error = Some(err.clone());
                p.containers[i].state = CState::Waiting { reason: "ErrImagePull".into(), message: Some(err) };
                let jitter = (WORKER_BACKOFF_MS as f64 * 0.5 * self.rng.unit()) as u64;
                p.resync_at = Some(t + WORKER_BACKOFF_MS + jitter);
            }
        }
    }

    fn start_container(&mut self, p: &mut PodRt, i: usize, t: u64, api: &dyn ApiView, out: &mut Vec<Action>) {
        let field = container_field(p, i);
        let name = p.containers[i].name.clone();
        out.push(self.event(p, field.clone(), "Normal", "Created", format!("Created container: {name}"), t));
        out.push(self.event(p, field, "Normal", "Started", format!("Started container {name}"), t));
        let instance = p.containers[i].instances;
        let id = self.rng.hex(64);
        let env = self.container_env(p, i, api);
        let ip = p.ip.clone().unwrap_or_default();
        let hostname = pod_hostname(&p.pod);
        let fqdn = pod_fqdn(&p.pod, &p.namespace);
        let faults = p.faults.clone();
        let c = &mut p.containers[i];
        // restartCount is the new container's attempt number (kuberuntime's Attempt metadata).
        c.restart_count = instance;
        c.instances += 1;
        c.container_id = id;
        c.env = env;
        c.fs.rootfs = volumes::rootfs_key(&p.uid, &c.name, instance);
        c.fs.image_files = c.profile.image_files.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        c.fs.image_dirs = c.profile.root_dirs;
        c.fs.image_files.insert("/etc/hostname".into(), format!("{hostname}\n"));
        c.fs.image_files.insert("/etc/hosts".into(), hosts_file(&ip, &hostname, fqdn.as_deref()));
        c.fs.image_files.insert("/etc/resolv.conf".into(), resolv_conf(&p.namespace));
        let start_ms = c.profile.start_ms + faults.slow_start_ms;
        let exits_at = match &c.main {
            MainProcess::RunFor { ms, code } => Some((t + ms, *code)),
            MainProcess::OneShot(_) => Some((t + ONESHOT_MS, 0)),
            _ if faults.crash => Some((t + apps::CRASH_AFTER_MS, 1)),
            _ => None,
        };
        c.state = CState::Running { started_at: t, listening_at: t + start_ms, exits_at };
        c.ready = false;
        if c.workers.iter().any(|(w, _)| w.ty == ProbeType::Readiness) {
            c.readiness_trigger_at = Some(t + PLEG_MS);
        }
        for (w, next) in &mut c.workers {
            *next = w.next_tick_after(t.saturating_sub(1));
        }
        // The process's own start-up output.
        let port = apps::listen_port(c.kind, &c.env, &c.declared_ports.iter().map(|(p, _)| *p).collect::<Vec<_>>())
            .first()
            .copied()
            .unwrap_or(80);
        let mut log = Vec::new();
        let lines = {
            let mut env = AppEnv {
                store: &mut self.volumes,
                fs: &c.fs,
                now: t + start_ms,
                pod_ip: &ip,
                env: &c.env,
                log: &mut log,
            };
            // A `command` replaces the image's entrypoint: a script in the nginx image prints no nginx start-up.
            if let MainProcess::Script(_) = c.main {
                Vec::new()
            } else {
                apps::startup_logs(c.kind, &mut env, port)
            }
        };
        let entry = c.logs.entry(instance).or_default();
        entry.extend(lines.into_iter().map(|l| (t + start_ms, l)));
        if let MainProcess::OneShot(argv) = p.containers[i].main.clone() {
            let result = self.exec_in_pod(p, i, &argv, api, t);
            let c = &mut p.containers[i];
            let text = format!("{}{}", result.stdout, result.stderr);
            let entry = c.logs.entry(instance).or_default();
            entry.extend(text.lines().map(|l| (t, l.to_string())));
            if let CState::Running { exits_at, .. } = &mut c.state {
                *exits_at = Some((t + ONESHOT_MS, result.code));
            }
        }
        if let MainProcess::Script(prog) = &p.containers[i].main {
            // A new instance starts the script afresh: no variables or loop state survive a restart.
            p.containers[i].script = Some(super::script::Process::new(prog.clone()));
            p.containers[i].script_log_bytes = 0;
            p.containers[i].poll_at = Some(t);
            self.resume_script(p, i, t, api);
        }
        if faults.crash {
            let c = &mut p.containers[i];
            c.logs.entry(instance).or_default().push((t + apps::CRASH_AFTER_MS, crash_line(c.kind)));
        }
    }

    /// Runs a script process from where it slept until it sleeps again (the next resume is then due), exits
    /// (the container exits as any other main process) or has used its steps (a busy loop: resumed a slice
    /// later). Everything it prints is logged at `t`.
    /// A stopping script runs on through its grace period (see `stop`) and may still end first.
    fn resume_script(&mut self, p: &mut PodRt, i: usize, t: u64, api: &dyn ApiView) {
        if !matches!(p.containers[i].state, CState::Running { exits_at: None, .. } | CState::Stopping { .. }) {
            return;
        }
        let Some(mut process) = p.containers[i].script.take() else { return };
        let mut log = String::new();
        let step = self.run_in_pod(p, i, api, t, |host| process.resume(host, &mut log));
        let c = &mut p.containers[i];
        c.script = Some(process);
        let inst = c.instances.saturating_sub(1);
        let entry = c.logs.entry(inst).or_default();
        // The kubelet rotates a container's log file at containerLogMaxSize (10Mi by default, kubelet config
        // v1beta1 defaults) and `kubectl logs` reads the current file only: a script printing in a busy loop
        // loses its older lines instead of growing the simulation's memory without bound.
        c.script_log_bytes += log.len();
        if c.script_log_bytes > LOG_MAX_BYTES {
            entry.clear();
            c.script_log_bytes = log.len();
        }
        entry.extend(log.lines().map(|l| (t, l.to_string())));
        match step {
            super::script::Yield::Sleep(ms) => c.poll_at = Some(t + ms),
            super::script::Yield::Forever => c.poll_at = None,
            super::script::Yield::Busy => c.poll_at = Some(t + super::script::BUSY_SLICE_MS),
            super::script::Yield::Exit(code) => {
                c.poll_at = None;
                c.script = None;
                match &mut c.state {
                    CState::Running { exits_at, .. } => *exits_at = Some((t + ONESHOT_MS, code)),
                    CState::Stopping { exits_at, code: c, .. } if t + ONESHOT_MS < *exits_at => {
                        *exits_at = t + ONESHOT_MS;
                        *c = code;
                    }
                    _ => {}
                }
            }
        }
    }

    fn container_exited(&mut self, p: &mut PodRt, i: usize, started_at: u64, t: u64, code: i32) {
        let c = &mut p.containers[i];
        let term = Terminated { exit_code: code, started_at, finished_at: t, container_id: c.container_id.clone() };
        c.last_terminated = Some(term.clone());
        c.state = CState::Terminated(term);
        c.ready = false;
        c.readiness_trigger_at = None;
        c.poll_at = None;
        // A fresh process is healthy again.
        p.faults.hang = false;
        p.faults.fail_liveness = false;
    }

    /// SIGTERM to every container (pod deletion): `Killing` events, exit per the app's SIGTERM handling or
    /// SIGKILL at the end of the grace period.
    fn begin_termination(&mut self, p: &mut PodRt, t: u64, out: &mut Vec<Action>) {
        for i in 0..p.containers.len() {
            match p.containers[i].state.clone() {
                CState::Running { started_at, listening_at, .. } => {
                    let msg = format!("Stopping container {}", p.containers[i].name);
                    out.push(self.event(p, container_field(p, i), "Normal", "Killing", msg, t));
                    self.stop(p, i, started_at, listening_at <= t, t, false);
                }
                CState::Pulling { .. } | CState::Creating { .. } => {
                    p.containers[i].state = CState::Waiting { reason: "ContainerCreating".into(), message: None };
                }
                CState::Stopping { .. } => {}
                _ => {
                    if matches!(p.containers[i].state, CState::Waiting { .. }) {
                        // Never started: nothing to stop.
                    }
                }
            }
        }
        p.resync_at = Some(t);
    }

    fn stop(&mut self, p: &mut PodRt, i: usize, started_at: u64, listening: bool, t: u64, restart: bool) {
        let grace = p.grace_s * 1000;
        let c = &mut p.containers[i];
        // A shell script as PID 1 has no SIGTERM handler, and the kernel drops a signal PID 1 does not handle
        // (pid_namespaces(7)): it runs on until the grace period's SIGKILL, whatever the image's own server does.
        let sigterm = if matches!(c.main, MainProcess::Script(_)) { Sigterm::Ignore } else { c.profile.sigterm };
        let (exits_at, code) = match sigterm {
            Sigterm::Exit { after_ms, code } if after_ms < grace => (t + after_ms, code),
            _ => (t + grace, 137),
        };
        if let Sigterm::Exit { after_ms, .. } = sigterm {
            let inst = c.instances.saturating_sub(1);
            let lines = apps::shutdown_logs(c.kind, t + after_ms.min(grace));
            c.logs.entry(inst).or_default().extend(lines.into_iter().map(|l| (t, l)));
        }
        c.state = CState::Stopping {
            started_at,
            exits_at,
            code,
            listening: listening && sigterm == Sigterm::Ignore,
            restart,
        };
    }

    fn run_probes(&mut self, p: &mut PodRt, t: u64, api: &dyn ApiView, out: &mut Vec<Action>) {
        for i in 0..p.containers.len() {
            let (running_since, instance) = match &p.containers[i].state {
                CState::Running { started_at, .. } => {
                    (Some(*started_at), Some(p.containers[i].instances.saturating_sub(1)))
                }
                CState::Stopping { started_at, .. } => {
                    (Some(*started_at), Some(p.containers[i].instances.saturating_sub(1)))
                }
                _ => (None, None),
            };
            let started =
                p.containers[i].workers.iter().all(|(w, _)| w.ty != ProbeType::Startup || w.published == Some(true));
            let view = ContainerView { instance, running_since, started, pod_deleting: p.deleting_since.is_some() };
            let manual = p.containers[i].readiness_trigger_at.is_some_and(|r| r <= t);
            if manual {
                p.containers[i].readiness_trigger_at = None;
            }
            for w in 0..p.containers[i].workers.len() {
                let (ref worker, next) = p.containers[i].workers[w];
                let is_manual = manual && worker.ty == ProbeType::Readiness;
                if next > t && !is_manual {
                    continue;
                }
                if next <= t {
                    p.containers[i].workers[w].1 = worker.next_tick_after(t);
                }
                let spec = p.containers[i].workers[w].0.spec.clone();
                let ty = p.containers[i].workers[w].0.ty;
                let mut worker = p.containers[i].workers[w].0.clone();
                let effect = worker.tick(t, &view, || self.probe(p, i, ty, &spec, api, t));
                p.containers[i].workers[w].0 = worker;
                let TickEffect::Ran { outcome, published } = effect else { continue };
                if let Outcome::Failure(msg) = &outcome {
                    if running_since.is_some() {
                        let text = format!("{} probe failed: {msg}", ty.title());
                        out.push(self.event(p, container_field(p, i), "Warning", "Unhealthy", text, t));
                    }
                }
                if published == Some(false) && ty != ProbeType::Readiness && p.deleting_since.is_none() {
                    if let CState::Running { started_at, listening_at, .. } = p.containers[i].state {
                        let name = p.containers[i].name.clone();
                        let msg = format!("Container {name} failed {} probe, will be restarted", ty.lower());
                        out.push(self.event(p, container_field(p, i), "Normal", "Killing", msg, t));
                        // doBackOff looks at the previous exited instance, not the one being killed.
                        let c = &mut p.containers[i];
                        let restart = match &c.last_terminated {
                            Some(prev) if c.crash_backoff.in_backoff_since(prev.finished_at, t) => false,
                            Some(prev) => {
                                let f = prev.finished_at;
                                c.crash_backoff.next(f, t);
                                true
                            }
                            None => {
                                c.crash_backoff.next(t, t);
                                true
                            }
                        };
                        self.stop(p, i, started_at, listening_at <= t, t, restart);
                    }
                }
            }
        }
    }

    /// Runs one probe against the container's app.
    fn probe(
        &mut self,
        p: &mut PodRt,
        i: usize,
        ty: ProbeType,
        spec: &ProbeSpec,
        api: &dyn ApiView,
        t: u64,
    ) -> Outcome {
        // A probe-specific fault: the app's health check for this probe reports failure.
        let forced = match ty {
            ProbeType::Readiness => p.faults.fail_readiness,
            ProbeType::Liveness => p.faults.fail_liveness,
            ProbeType::Startup => false,
        };
        let saved = p.faults.unready;
        p.faults.unready |= forced;
        let outcome = self.probe_inner(p, i, spec, api, t);
        p.faults.unready = saved;
        outcome
    }

    fn probe_inner(&mut self, p: &mut PodRt, i: usize, spec: &ProbeSpec, api: &dyn ApiView, t: u64) -> Outcome {
        let ip = p.ip.clone().unwrap_or_default();
        let declared = p.containers[i].declared_ports.clone();
        let resolve = |port: &PortRef| -> u16 {
            match port {
                PortRef::Number(n) => *n,
                PortRef::Name(name) => {
                    declared.iter().find(|(_, n)| n.as_deref() == Some(name)).map(|(p, _)| *p).unwrap_or(0)
                }
            }
        };
        match &spec.handler {
            Handler::HttpGet { path, port, scheme } => {
                let port = resolve(port);
                let url = format!("{}://{ip}:{port}{path}", scheme.to_lowercase());
                match self.serve_container(p, i, port, path, PROBE_SOURCE_IP, KUBE_PROBE_UA, t) {
                    Reply::Refused => Outcome::Failure(probes::http_refused(&url, &ip, port)),
                    Reply::Timeout => Outcome::Failure(probes::http_timeout(&url)),
                    Reply::Response { status, .. } if (200..400).contains(&status) => Outcome::Success,
                    Reply::Response { status, .. } => Outcome::Failure(probes::http_status_failure(status)),
                }
            }
            Handler::TcpSocket { port } => {
                let port = resolve(port);
                // A hung process still has its socket open: the TCP handshake succeeds.
                if self.listening(p, i, port, t) {
                    Outcome::Success
                } else {
                    Outcome::Failure(probes::tcp_refused(&ip, port))
                }
            }
            Handler::Grpc { port } => {
                if self.listening(p, i, *port, t) && !p.faults.unready && !p.faults.hang {
                    Outcome::Success
                } else {
                    Outcome::Failure(format!(
                        "timeout: failed to connect service \"{ip}:{port}\" within 1s: context deadline exceeded"
                    ))
                }
            }
            Handler::Exec { command } => {
                let r = self.exec_in_pod(p, i, command, api, t);
                if r.code == 0 {
                    Outcome::Success
                } else {
                    Outcome::Failure(format!("{}{}", r.stdout, r.stderr).trim_end().to_string())
                }
            }
        }
    }

    fn listening(&self, p: &PodRt, i: usize, port: u16, t: u64) -> bool {
        let c = &p.containers[i];
        let live = match c.state {
            CState::Running { listening_at, .. } => listening_at <= t,
            CState::Stopping { listening, .. } => listening,
            _ => false,
        };
        let ports = apps::listen_port(c.kind, &c.env, &c.declared_ports.iter().map(|(p, _)| *p).collect::<Vec<_>>());
        live && ports.contains(&port)
    }

    /// An HTTP request to one container of a pod, served by its app (probes, curl, Services).
    #[allow(clippy::too_many_arguments)]
    fn serve_container(
        &mut self,
        p: &mut PodRt,
        i: usize,
        port: u16,
        path: &str,
        client: &str,
        ua: &str,
        t: u64,
    ) -> Reply {
        if !self.listening(p, i, port, t) {
            return Reply::Refused;
        }
        let c = &mut p.containers[i];
        let ip = p.ip.clone().unwrap_or_default();
        let inst = c.instances.saturating_sub(1);
        let log = c.logs.entry(inst).or_default();
        let mut env = AppEnv { store: &mut self.volumes, fs: &c.fs, now: t, pod_ip: &ip, env: &c.env, log };
        apps::serve(c.kind, &mut env, &p.faults, &Request { path, port, client_ip: client, user_agent: ua })
    }

    fn update_readiness(&mut self, p: &mut PodRt, t: u64) {
        let n_init = p.n_init;
        for c in p.containers.iter_mut().enumerate().filter(|(i, c)| *i >= n_init || c.sidecar()).map(|(_, c)| c) {
            let running = matches!(c.state, CState::Running { .. } | CState::Stopping { .. });
            let started = c.workers.iter().all(|(w, _)| w.ty != ProbeType::Startup || w.published == Some(true));
            let readiness =
                c.workers.iter().find(|(w, _)| w.ty == ProbeType::Readiness).map(|(w, _)| w.published == Some(true));
            c.ready = running && started && readiness.unwrap_or(true);
        }
        let regular = &p.containers[n_init..];
        let all = !regular.is_empty() && regular.iter().all(|c| c.ready);
        for cond in ["Ready", "ContainersReady"] {
            if p.conditions.get(cond).map(|(v, _)| *v) != Some(all) {
                p.conditions.insert(cond, (all, t));
            }
        }
    }
}

/// The files of a projected volume (the service account token volume the admission plugin adds): a bound
/// token, keys of a ConfigMap or Secret (all, or the listed `items`), downward API fields.
fn projected_files(pod: &Value, sources: &[Value], t: u64, api: &dyn ApiView) -> Vec<(String, String)> {
    let ns = s(pod, &["metadata", "namespace"]);
    let mut out = Vec::new();
    for src in sources {
        if let Some(t_src) = src.get("serviceAccountToken") {
            let path = s(t_src, &["path"]);
            out.push((
                path,
                service_account_token(pod, t, t_src.get("expirationSeconds").and_then(Value::as_i64), api),
            ));
        }
        for (kind, field) in [("ConfigMap", "configMap"), ("Secret", "secret")] {
            let Some(r) = src.get(field) else { continue };
            let Some(obj) = api.get(kind, &ns, &s(r, &["name"])) else { continue };
            let data = obj.get("data").and_then(Value::as_object).cloned().unwrap_or_default();
            let value = |k: &str| {
                let v = data.get(k).and_then(Value::as_str).unwrap_or("");
                if kind == "Secret" {
                    String::from_utf8_lossy(&crate::base64::decode(v).unwrap_or_default()).into_owned()
                } else {
                    v.to_string()
                }
            };
            match r.get("items").and_then(Value::as_array) {
                Some(items) => out.extend(
                    items
                        .iter()
                        .filter(|i| data.contains_key(&s(i, &["key"])))
                        .map(|i| (s(i, &["path"]), value(&s(i, &["key"])))),
                ),
                None => out.extend(data.keys().map(|k| (k.clone(), value(k)))),
            }
        }
        for item in src.at("/downwardAPI/items").and_then(Value::as_array).into_iter().flatten() {
            let field = s(item, &["fieldRef", "fieldPath"]);
            let text = match field.as_str() {
                "metadata.namespace" => ns.clone(),
                "metadata.name" => s(pod, &["metadata", "name"]),
                "metadata.uid" => s(pod, &["metadata", "uid"]),
                "spec.serviceAccountName" => s(pod, &["spec", "serviceAccountName"]),
                _ => continue,
            };
            out.push((s(item, &["path"]), text));
        }
    }
    out
}

/// The kubelet's token for the pod (its TokenRequest, bound to the pod, for the volume source's expirationSeconds).
fn service_account_token(pod: &Value, t: u64, expiration: Option<i64>, api: &dyn ApiView) -> String {
    let ns = s(pod, &["metadata", "namespace"]);
    let account = s(pod, &["spec", "serviceAccountName"]);
    let node = s(pod, &["spec", "nodeName"]);
    let (account_uid, node_uid) = (api.uid("ServiceAccount", &ns, &account), api.uid("Node", "", &node));
    let (name, pod_uid) = (s(pod, &["metadata", "name"]), s(pod, &["metadata", "uid"]));
    let audiences = [crate::cluster::token::ISSUER.to_string()];
    crate::cluster::token::issue(&crate::cluster::token::Request {
        namespace: &ns,
        account: (&account, &account_uid),
        pod: Some((&name, &pod_uid)),
        secret: None,
        node: (!node.is_empty()).then_some((node.as_str(), node_uid.as_str())),
        audiences: &audiences,
        issued_at: crate::cluster::EPOCH_UNIX + (t / 1000) as i64,
        expiration_seconds: expiration.unwrap_or(crate::cluster::token::DEFAULT_EXPIRATION_SECONDS),
    })
}

/// A 64-bit digest of `v` that agrees with `Value`'s equality: object fields are combined in any order (a map
/// compares equal whatever its key order), numbers keep their kind (`1` and `1.0` differ). Only compared with an
/// earlier digest of the same pod's status, to skip a write that would change nothing.
fn status_digest(v: &Value) -> u64 {
    use std::hash::{Hash, Hasher};
    fn walk(v: &Value, h: &mut Mix) {
        match v {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => (1u8, b).hash(h),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => (2u8, u).hash(h),
                (None, Some(i)) => (3u8, i).hash(h),
                _ => (4u8, n.as_f64().map(f64::to_bits)).hash(h),
            },
            Value::String(s) => (5u8, s).hash(h),
            Value::Array(a) => {
                (6u8, a.len()).hash(h);
                for x in a {
                    walk(x, h);
                }
            }
            Value::Object(m) => {
                let mut sum = 0u64;
                for (k, x) in m {
                    let mut e = Mix::default();
                    k.hash(&mut e);
                    walk(x, &mut e);
                    sum = sum.wrapping_add(e.finish());
                }
                (7u8, m.len(), sum).hash(h);
            }
        }
    }
    let mut h = Mix::default();
    walk(v, &mut h);
    h.finish()
}

/// A fast 64-bit hasher for [`status_digest`] and the event recorder's caches (SipHash's flooding resistance buys
/// nothing here, and it was a tenth of a kubelet sync). Each step (rotate, xor a word, multiply by an odd constant) is a bijection of the
/// state, so two inputs that differ in one word always differ; `finish` mixes as MurmurHash3's fmix64.
#[derive(Default)]
pub(crate) struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.write_u64(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        self.write_u64(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
    }

    fn write_u64(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }

    fn write_u8(&mut self, b: u8) {
        self.write_u64(b as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}
