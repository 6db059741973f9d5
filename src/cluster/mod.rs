//! The simulated cluster: an API server (store, defaulting, validation, patch, watch), the controllers that
//! reconcile it (StatefulSet, Deployment/ReplicaSet, EndpointSlice, garbage collector, PV provisioner), the
//! kubelet running the lab's apps, Services and DNS. Deterministic: a seed and a simulated clock.
//!
//! Objects are Kubernetes-shaped JSON (`serde_json::Value`) exactly as the API server would return them, so
//! printers, `-o yaml`, the UI and the HTTP API all read the same thing.
//!
//! Time is milliseconds since [`EPOCH`]; nothing here reads the wall clock.
//! (Skeleton: the API is fixed so the shell and UI can be written against it; the behaviour is issue 4's work.)

use serde_json::Value as Object;

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
    /// What kubectl prints for it: `Error from server (NotFound): pods "x" not found`.
    pub fn kubectl_text(&self) -> String {
        format!("Error from server ({}): {}", self.reason, self.message)
    }
}

/// `propagationPolicy` of a delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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

/// The whole simulated cluster.
pub struct Cluster {
    now: u64,
    seed: u64,
}

impl Cluster {
    /// A fresh single-node cluster (like minikube/kind): namespaces default/kube-system, the `kubernetes`
    /// Service, a default StorageClass `standard`, CoreDNS at 10.96.0.10.
    pub fn new(seed: u64) -> Cluster {
        Cluster { now: 0, seed }
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Simulated milliseconds since [`EPOCH_UNIX`].
    pub fn now(&self) -> u64 {
        self.now
    }

    /// Lets `ms` of simulated time pass, running every controller, kubelet and app step that falls due.
    pub fn advance(&mut self, ms: u64) {
        self.now += ms;
    }

    /// Runs whatever is due at the current instant (zero-time reconciliation after an API call).
    pub fn settle(&mut self) {}

    /// One object by kind (`Pod`, `StatefulSet`, ...), namespace (ignored for cluster-scoped kinds) and name.
    pub fn get(&self, _kind: &str, _namespace: &str, _name: &str) -> Result<Object, ApiError> {
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// All objects of a kind, in one namespace or all (`None`), sorted by namespace then name.
    pub fn list(&self, _kind: &str, _namespace: Option<&str>) -> Vec<Object> {
        Vec::new()
    }

    /// `POST`: creates the object (defaulting and validating it as the API server does).
    pub fn create(&mut self, obj: Object) -> Result<Object, ApiError> {
        let _ = obj;
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// `kubectl apply` (client-side, with the last-applied annotation) or Helm's create/update of a manifest.
    pub fn apply(&mut self, obj: Object) -> Result<(Object, ApplyOutcome), ApiError> {
        self.create(obj).map(|o| (o, ApplyOutcome::Created))
    }

    /// `PUT`: replaces the object (resourceVersion checked when given).
    pub fn update(&mut self, obj: Object) -> Result<Object, ApiError> {
        self.create(obj)
    }

    /// `PATCH`.
    pub fn patch(
        &mut self,
        _kind: &str,
        _namespace: &str,
        _name: &str,
        _patch: &Object,
        _ty: PatchType,
    ) -> Result<Object, ApiError> {
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// `DELETE` with a propagation policy and an optional grace period in seconds.
    pub fn delete(
        &mut self,
        _kind: &str,
        _namespace: &str,
        _name: &str,
        _propagation: Propagation,
        _grace_seconds: Option<u64>,
    ) -> Result<Object, ApiError> {
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// Every store change with resourceVersion greater than `since`, oldest first, and the latest version.
    pub fn watch_since(&self, _since: u64) -> (Vec<WatchEvent>, u64) {
        (Vec::new(), 0)
    }

    /// Container logs (`kubectl logs`), `previous` for the last terminated instance.
    pub fn logs(
        &self,
        _namespace: &str,
        _pod: &str,
        _container: Option<&str>,
        _previous: bool,
    ) -> Result<String, ApiError> {
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// Runs a command in a container (`cat data/visits`, `nslookup NAME`, `ls`, `sh -c ...`).
    pub fn exec(
        &mut self,
        _namespace: &str,
        _pod: &str,
        _container: Option<&str>,
        _argv: &[String],
    ) -> Result<ExecOutput, ApiError> {
        Err(ApiError { code: 500, reason: "InternalError".into(), message: "the cluster is not built yet".into() })
    }

    /// An HTTP GET to a URL inside the cluster (Service DNS name, pod DNS name, cluster IP or pod IP), from a
    /// client in `from_namespace` (search path for short names). Errors are curl's (`curl: (6) Could not
    /// resolve host: x`, `curl: (7) Failed to connect to ...`).
    pub fn http_get(&mut self, _from_namespace: &str, url: &str) -> Result<HttpResponse, String> {
        Err(format!("curl: (6) Could not resolve host: {url}"))
    }
}
