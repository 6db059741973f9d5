//! Server-side printing: `meta.k8s.io/v1` `Table` responses with the columns and cells the real API server
//! produces (kubernetes `pkg/printers/internalversion/printers.go`, `AddHandlers` and the `print*` functions),
//! so `kubectl get` output comes from kubectl's own printer. The server always generates the wide cells;
//! kubectl hides priority-1 columns unless `-o wide`.

use serde_json::{json, Map, Value};

const NAME_DOC: &str = "Name must be unique within a namespace. Is required when creating resources, although some \
resources may allow a client to request the generation of an appropriate name automatically. Name is primarily \
intended for creation idempotence and configuration definition. Cannot be updated. More info: \
https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
const AGE_DOC: &str = "CreationTimestamp is a timestamp representing the server time when this object was created. \
It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. \
It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: \
https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const CONTAINERS_DOC: &str = "Names of each container in the template.";
const IMAGES_DOC: &str = "Images referenced by each container in the template.";

/// (name, type, priority, description); "name"-format for the Name column is added by [`columns`].
type Col = (&'static str, &'static str, u8, &'static str);

fn column_set(kind: &str) -> &'static [Col] {
    match kind {
        "Pod" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Ready", "string", 0, "The aggregate readiness state of this pod for accepting traffic."),
            ("Status", "string", 0, "The aggregate status of the containers in this pod."),
            (
                "Restarts",
                "string",
                0,
                "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
            ),
            ("Age", "string", 0, AGE_DOC),
            ("IP", "string", 1, "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated."),
            ("Node", "string", 1, "NodeName indicates in which node this pod is scheduled."),
            ("Nominated Node", "string", 1, "nominatedNodeName is set only when this pod preempts other pods on the node."),
            ("Readiness Gates", "string", 1, "If specified, all readiness gates will be evaluated for pod readiness."),
        ],
        "StatefulSet" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Ready", "string", 0, "Number of the pod with ready state"),
            ("Age", "string", 0, AGE_DOC),
            ("Containers", "string", 1, CONTAINERS_DOC),
            ("Images", "string", 1, IMAGES_DOC),
        ],
        "Deployment" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Ready", "string", 0, "Number of the pod with ready state"),
            ("Up-to-date", "string", 0, "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            ("Available", "string", 0, "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            ("Age", "string", 0, AGE_DOC),
            ("Containers", "string", 1, CONTAINERS_DOC),
            ("Images", "string", 1, IMAGES_DOC),
            ("Selector", "string", 1, "Label selector for pods."),
        ],
        "ReplicaSet" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Desired", "integer", 0, "Replicas is the number of desired replicas."),
            ("Current", "integer", 0, "Replicas is the most recently observed number of replicas."),
            ("Ready", "integer", 0, "The number of ready replicas for this replica set."),
            ("Age", "string", 0, AGE_DOC),
            ("Containers", "string", 1, CONTAINERS_DOC),
            ("Images", "string", 1, IMAGES_DOC),
            ("Selector", "string", 1, "Selector is a label query over pods that should match the replica count."),
        ],
        // daemonSetColumnDefinitions.
        "DaemonSet" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Desired", "integer", 0, "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            ("Current", "integer", 0, "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
            ("Ready", "integer", 0, "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition."),
            ("Up-to-date", "integer", 0, "The total number of nodes that are running updated daemon pod"),
            ("Available", "integer", 0, "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
            ("Node Selector", "string", 0, "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
            ("Age", "string", 0, AGE_DOC),
            ("Containers", "string", 1, CONTAINERS_DOC),
            ("Images", "string", 1, IMAGES_DOC),
            ("Selector", "string", 1, "A label query over pods that are managed by the daemon set. Must match in order to be controlled. It must match the pod template's labels. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors"),
        ],
        "Service" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Type", "string", 0, "type determines how the Service is exposed."),
            ("Cluster-IP", "string", 0, "clusterIP is the IP address of the service and is usually assigned randomly."),
            ("External-IP", "string", 0, "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            ("Port(s)", "string", 0, "The list of ports that are exposed by this service."),
            ("Age", "string", 0, AGE_DOC),
            ("Selector", "string", 1, "Route service traffic to pods with label keys and values matching this selector."),
        ],
        "PersistentVolumeClaim" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Status", "string", 0, "phase represents the current phase of PersistentVolumeClaim."),
            ("Volume", "string", 0, "volumeName is the binding reference to the PersistentVolume backing this claim."),
            ("Capacity", "string", 0, "capacity represents the actual resources of the underlying volume."),
            ("Access Modes", "string", 0, "accessModes contains the actual access modes the volume backing the PVC has."),
            ("StorageClass", "string", 0, "StorageClass of the pvc"),
            ("VolumeAttributesClass", "string", 0, "VolumeAttributesClass of the pvc"),
            ("Age", "string", 0, AGE_DOC),
            ("VolumeMode", "string", 1, "volumeMode defines what type of volume is required by the claim."),
        ],
        "PersistentVolume" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Capacity", "string", 0, "capacity is the description of the persistent volume's resources and capacity."),
            ("Access Modes", "string", 0, "accessModes contains all ways the volume can be mounted."),
            ("Reclaim Policy", "string", 0, "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
            ("Status", "string", 0, "phase indicates if a volume is available, bound to a claim, or released by a claim."),
            ("Claim", "string", 0, "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
            ("StorageClass", "string", 0, "StorageClass of the pv"),
            ("VolumeAttributesClass", "string", 0, "VolumeAttributesClass of the pv"),
            ("Reason", "string", 0, "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
            ("Age", "string", 0, AGE_DOC),
            ("VolumeMode", "string", 1, "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state."),
        ],
        "Event" => &[
            ("Last Seen", "string", 0, "The time at which the most recent occurrence of this event was recorded."),
            ("Type", "string", 0, "Type of this event (Normal, Warning), new types could be added in the future"),
            ("Reason", "string", 0, "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            ("Object", "string", 0, "The object that this event is about."),
            ("Subobject", "string", 1, "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
            ("Source", "string", 1, "The component reporting this event. Should be a short machine understandable string."),
            ("Message", "string", 0, "A human-readable description of the status of this operation."),
            ("First Seen", "string", 1, "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)"),
            ("Count", "string", 1, "The number of times this event has occurred."),
            ("Name", "string", 1, NAME_DOC),
        ],
        "ControllerRevision" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Controller", "string", 0, "Controller of the object"),
            ("Revision", "string", 0, "Revision indicates the revision of the state represented by Data."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "Namespace" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Status", "string", 0, "The status of the namespace"),
            ("Age", "string", 0, AGE_DOC),
        ],
        "Node" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Status", "string", 0, "The status of the node"),
            ("Roles", "string", 0, "The roles of the node"),
            ("Age", "string", 0, AGE_DOC),
            ("Version", "string", 0, "Kubelet Version reported by the node."),
            ("Internal-IP", "string", 1, "List of addresses reachable to the node."),
            ("External-IP", "string", 1, "List of addresses reachable to the node."),
            ("OS-Image", "string", 1, "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
            ("Kernel-Version", "string", 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
            ("Container-Runtime", "string", 1, "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."),
        ],
        "ConfigMap" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Data", "string", 0, "Data contains the configuration data."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "Secret" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Type", "string", 0, "Used to facilitate programmatic handling of secret data."),
            ("Data", "string", 0, "Data contains the secret data."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "ServiceAccount" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Secrets", "string", 0, "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "Endpoints" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Endpoints", "string", 0, "The set of all endpoints is the union of all subsets."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "EndpointSlice" => &[
            ("Name", "string", 0, NAME_DOC),
            ("AddressType", "string", 0, "addressType specifies the type of address carried by this EndpointSlice."),
            ("Ports", "string", 0, "ports specifies the list of network ports exposed by each endpoint in this slice."),
            ("Endpoints", "string", 0, "endpoints is a list of unique endpoints in this slice."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "Lease" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Holder", "string", 0, "holderIdentity contains the identity of the holder of a current lease."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "PodDisruptionBudget" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Min Available", "string", 0, "The minimum number or percentage of available pods this budget requires."),
            ("Max Unavailable", "string", 0, "The maximum number or percentage of unavailable pods this budget requires."),
            ("Allowed Disruptions", "integer", 0, "Calculated number of pods that may be disrupted at this time."),
            ("Age", "string", 0, AGE_DOC),
        ],
        "StorageClass" => &[
            ("Name", "string", 0, NAME_DOC),
            ("Provisioner", "string", 0, "provisioner indicates the type of the provisioner."),
            ("ReclaimPolicy", "string", 0, "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
            ("VolumeBindingMode", "string", 0, "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
            ("AllowVolumeExpansion", "string", 0, "allowVolumeExpansion shows whether the storage class allow volume expand."),
            ("Age", "string", 0, AGE_DOC),
        ],
        // rest.DefaultTableConvertor, what the server uses for kinds without a printer.
        _ => &[("Name", "string", 0, NAME_DOC), ("Created At", "date", 0, AGE_DOC)],
    }
}

pub fn columns(kind: &str) -> Value {
    Value::Array(
        column_set(kind)
            .iter()
            .map(|(name, ty, prio, doc)| {
                let mut c = json!({"name": name, "type": ty, "format": "", "description": doc, "priority": prio});
                if *name == "Name" {
                    c["format"] = json!("name");
                }
                if *ty == "date" {
                    c["format"] = json!("");
                }
                c
            })
            .collect(),
    )
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// RFC 3339 (`2025-03-15T17:03:35Z`, with optional fraction and offset) to Unix milliseconds.
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut ms = 0;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[start..i];
        if frac.is_empty() {
            return None;
        }
        let padded: String = frac.chars().chain("000".chars()).take(3).collect();
        ms = padded.parse().ok()?;
    }
    let offset_s = match s.get(i..)? {
        "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o.get(1..3)?.parse::<i64>().ok()? * 3600 + o.get(4..6)?.parse::<i64>().ok()? * 60)
        }
        _ => return None,
    };
    let secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset_s;
    Some(secs * 1000 + ms)
}

/// apimachinery `HumanDuration`: one implementation for the shell's printers and the server's tables.
pub use crate::shell::printers::human_duration;

/// `translateTimestampSince`: `<unknown>` for an unset time.
fn since(ts: Option<&Value>, now_ms: i64) -> String {
    match ts.and_then(Value::as_str).and_then(parse_rfc3339_ms) {
        Some(t) => human_duration(now_ms - t),
        None => "<unknown>".into(),
    }
}

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}
fn i(v: &Value, ptr: &str) -> i64 {
    v.pointer(ptr).and_then(Value::as_i64).unwrap_or(0)
}
fn arr<'a>(v: &'a Value, ptr: &str) -> &'a [Value] {
    v.pointer(ptr).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// `labels.FormatLabels`: sorted `k=v` joined by commas, `<none>` when empty.
fn format_labels(m: Option<&Value>) -> String {
    let Some(m) = m.and_then(Value::as_object).filter(|m| !m.is_empty()) else { return "<none>".into() };
    let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
    kv.sort();
    kv.join(",")
}

fn container_cells(obj: &Value) -> (String, String) {
    let cs = arr(obj, "/spec/template/spec/containers");
    let names: Vec<&str> = cs.iter().map(|c| s(c, "/name")).collect();
    let images: Vec<&str> = cs.iter().map(|c| s(c, "/image")).collect();
    (names.join(","), images.join(","))
}

/// `helper.GetAccessModesAsString`: a fixed order, not the object's.
fn access_modes(modes: &[Value]) -> String {
    let has = |m: &str| modes.iter().any(|x| x.as_str() == Some(m));
    let mut out = Vec::new();
    for (full, short) in
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
    {
        if has(full) {
            out.push(short);
        }
    }
    out.join(",")
}

fn pod_cells(pod: &Value, now: i64) -> Vec<Value> {
    let mut restarts = 0i64;
    let mut last_restart: Option<i64> = None;
    let phase = s(pod, "/status/phase");
    let mut reason =
        if s(pod, "/status/reason").is_empty() { phase.to_string() } else { s(pod, "/status/reason").into() };
    for c in arr(pod, "/status/conditions") {
        if s(c, "/type") == "PodScheduled" && s(c, "/reason") == "SchedulingGated" {
            reason = "SchedulingGated".into();
        }
    }
    let init_specs = arr(pod, "/spec/initContainers");
    let restartable =
        |name: &str| init_specs.iter().any(|c| s(c, "/name") == name && s(c, "/restartPolicy") == "Always");
    let mut total = arr(pod, "/spec/containers").len() as i64;
    total += init_specs.iter().filter(|c| s(c, "/restartPolicy") == "Always").count() as i64;
    let mut ready = 0i64;
    let term_time =
        |c: &Value| c.pointer("/lastState/terminated/finishedAt").and_then(Value::as_str).and_then(parse_rfc3339_ms);
    let mut initializing = false;
    let mut restartable_restarts = 0;
    let mut restartable_last: Option<i64> = None;
    for (idx, c) in arr(pod, "/status/initContainerStatuses").iter().enumerate() {
        restarts += i(c, "/restartCount");
        if let Some(t) = term_time(c) {
            last_restart = last_restart.max(Some(t));
        }
        let name = s(c, "/name");
        if restartable(name) {
            restartable_restarts += i(c, "/restartCount");
            if let Some(t) = term_time(c) {
                restartable_last = restartable_last.max(Some(t));
            }
        }
        let term = c.pointer("/state/terminated");
        let waiting_reason = s(c, "/state/waiting/reason");
        if term.is_some() && i(c, "/state/terminated/exitCode") == 0 {
            continue;
        } else if restartable(name) && c.get("started").and_then(Value::as_bool) == Some(true) {
            if c.get("ready").and_then(Value::as_bool) == Some(true) {
                ready += 1;
            }
            continue;
        } else if term.is_some() {
            let r = s(c, "/state/terminated/reason");
            reason = if !r.is_empty() {
                format!("Init:{r}")
            } else if i(c, "/state/terminated/signal") != 0 {
                format!("Init:Signal:{}", i(c, "/state/terminated/signal"))
            } else {
                format!("Init:ExitCode:{}", i(c, "/state/terminated/exitCode"))
            };
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            reason = format!("Init:{waiting_reason}");
        } else {
            reason = format!("Init:{idx}/{}", init_specs.len());
        }
        initializing = true;
        break;
    }
    let initialized =
        arr(pod, "/status/conditions").iter().any(|c| s(c, "/type") == "Initialized" && s(c, "/status") == "True");
    if !initializing || initialized {
        restarts = restartable_restarts;
        last_restart = restartable_last;
        let mut has_running = false;
        for c in arr(pod, "/status/containerStatuses").iter().rev() {
            restarts += i(c, "/restartCount");
            if let Some(t) = term_time(c) {
                last_restart = last_restart.max(Some(t));
            }
            let waiting = s(c, "/state/waiting/reason");
            let term = c.pointer("/state/terminated");
            if !waiting.is_empty() {
                reason = waiting.into();
            } else if term.is_some() && !s(c, "/state/terminated/reason").is_empty() {
                reason = s(c, "/state/terminated/reason").into();
            } else if term.is_some() {
                reason = if i(c, "/state/terminated/signal") != 0 {
                    format!("Signal:{}", i(c, "/state/terminated/signal"))
                } else {
                    format!("ExitCode:{}", i(c, "/state/terminated/exitCode"))
                };
            } else if c.get("ready").and_then(Value::as_bool) == Some(true) && c.pointer("/state/running").is_some() {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready =
                arr(pod, "/status/conditions").iter().any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True");
            reason = if pod_ready { "Running".into() } else { "NotReady".into() };
        }
    }
    let deleting = pod.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
    if deleting && s(pod, "/status/reason") == "NodeLost" {
        reason = "Unknown".into();
    } else if deleting && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }
    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now - t)),
        _ => restarts.to_string(),
    };
    let or_none = |x: &str| if x.is_empty() { "<none>".to_string() } else { x.to_string() };
    let pod_ip = arr(pod, "/status/podIPs").first().map(|p| s(p, "/ip")).unwrap_or("");
    let gates = arr(pod, "/spec/readinessGates");
    let gates_cell = if gates.is_empty() {
        "<none>".to_string()
    } else {
        let conds = arr(pod, "/status/conditions");
        let true_count = gates
            .iter()
            .filter(|g| conds.iter().any(|c| s(c, "/type") == s(g, "/conditionType") && s(c, "/status") == "True"))
            .count();
        format!("{true_count}/{}", gates.len())
    };
    vec![
        json!(s(pod, "/metadata/name")),
        json!(format!("{ready}/{total}")),
        json!(reason),
        json!(restarts_str),
        json!(since(pod.pointer("/metadata/creationTimestamp"), now)),
        json!(or_none(pod_ip)),
        json!(or_none(s(pod, "/spec/nodeName"))),
        json!(or_none(s(pod, "/status/nominatedNodeName"))),
        json!(gates_cell),
    ]
}

fn service_cells(svc: &Value, now: i64) -> Vec<Value> {
    let ty = s(svc, "/spec/type");
    let ips = arr(svc, "/spec/clusterIPs");
    let internal = ips.first().and_then(Value::as_str).unwrap_or("<none>");
    let ext: Vec<&str> = arr(svc, "/spec/externalIPs").iter().filter_map(Value::as_str).collect();
    let external = match ty {
        "ClusterIP" | "NodePort" if !ext.is_empty() => ext.join(","),
        "ClusterIP" | "NodePort" => "<none>".into(),
        "LoadBalancer" => {
            let mut all: Vec<String> = arr(svc, "/status/loadBalancer/ingress")
                .iter()
                .map(|i| if s(i, "/ip").is_empty() { s(i, "/hostname").to_string() } else { s(i, "/ip").to_string() })
                .collect();
            all.extend(ext.iter().map(|x| x.to_string()));
            if all.is_empty() {
                "<pending>".into()
            } else {
                all.join(",")
            }
        }
        "ExternalName" => s(svc, "/spec/externalName").into(),
        _ => "<unknown>".into(),
    };
    let ports: Vec<String> = arr(svc, "/spec/ports")
        .iter()
        .map(|p| {
            let proto = s(p, "/protocol");
            let node_port = i(p, "/nodePort");
            if node_port > 0 {
                format!("{}:{node_port}/{proto}", i(p, "/port"))
            } else {
                format!("{}/{proto}", i(p, "/port"))
            }
        })
        .collect();
    let ports = if ports.is_empty() { "<none>".into() } else { ports.join(",") };
    vec![
        json!(s(svc, "/metadata/name")),
        json!(ty),
        json!(internal),
        json!(external),
        json!(ports),
        json!(since(svc.pointer("/metadata/creationTimestamp"), now)),
        json!(format_labels(svc.pointer("/spec/selector"))),
    ]
}

fn pvc_cells(pvc: &Value, now: i64) -> Vec<Value> {
    let deleting = pvc.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
    let phase = if deleting { "Terminating" } else { s(pvc, "/status/phase") };
    let vol = s(pvc, "/spec/volumeName");
    let (capacity, modes) = if vol.is_empty() {
        (String::new(), String::new())
    } else {
        (s(pvc, "/status/capacity/storage").to_string(), access_modes(arr(pvc, "/status/accessModes")))
    };
    let class = pvc
        .pointer("/metadata/annotations/volume.beta.kubernetes.io~1storage-class")
        .and_then(Value::as_str)
        .unwrap_or_else(|| s(pvc, "/spec/storageClassName"));
    let vac = match s(pvc, "/spec/volumeAttributesClassName") {
        "" => "<unset>",
        x => x,
    };
    let mode = match s(pvc, "/spec/volumeMode") {
        "" => "<unset>",
        x => x,
    };
    vec![
        json!(s(pvc, "/metadata/name")),
        json!(phase),
        json!(vol),
        json!(capacity),
        json!(modes),
        json!(class),
        json!(vac),
        json!(since(pvc.pointer("/metadata/creationTimestamp"), now)),
        json!(mode),
    ]
}

fn pv_cells(pv: &Value, now: i64) -> Vec<Value> {
    let claim = if pv.pointer("/spec/claimRef").is_some_and(|c| !c.is_null()) {
        format!("{}/{}", s(pv, "/spec/claimRef/namespace"), s(pv, "/spec/claimRef/name"))
    } else {
        String::new()
    };
    let deleting = pv.pointer("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null());
    let phase = if deleting { "Terminating" } else { s(pv, "/status/phase") };
    let class = pv
        .pointer("/metadata/annotations/volume.beta.kubernetes.io~1storage-class")
        .and_then(Value::as_str)
        .unwrap_or_else(|| s(pv, "/spec/storageClassName"));
    let unset = |x: &str| if x.is_empty() { "<unset>".to_string() } else { x.to_string() };
    vec![
        json!(s(pv, "/metadata/name")),
        json!(s(pv, "/spec/capacity/storage")),
        json!(access_modes(arr(pv, "/spec/accessModes"))),
        json!(s(pv, "/spec/persistentVolumeReclaimPolicy")),
        json!(phase),
        json!(claim),
        json!(class),
        json!(unset(s(pv, "/spec/volumeAttributesClassName"))),
        json!(s(pv, "/status/reason")),
        json!(since(pv.pointer("/metadata/creationTimestamp"), now)),
        json!(unset(s(pv, "/spec/volumeMode"))),
    ]
}

fn event_cells(ev: &Value, now: i64) -> Vec<Value> {
    let first_ts = ev.pointer("/firstTimestamp").filter(|v| !v.is_null());
    let first = match first_ts {
        Some(t) => since(Some(t), now),
        None => since(ev.pointer("/eventTime"), now),
    };
    let mut last = match ev.pointer("/lastTimestamp").filter(|v| !v.is_null()) {
        Some(t) => since(Some(t), now),
        None => first.clone(),
    };
    let mut count = i(ev, "/count");
    if ev.pointer("/series").is_some_and(|v| !v.is_null()) {
        last = since(ev.pointer("/series/lastObservedTime"), now);
        count = i(ev, "/series/count");
    } else if count == 0 {
        count = 1;
    }
    let kind = s(ev, "/involvedObject/kind").to_lowercase();
    let name = s(ev, "/involvedObject/name");
    let target = if name.is_empty() { kind } else { format!("{kind}/{name}") };
    let component = match s(ev, "/source/component") {
        "" => s(ev, "/reportingComponent"),
        c => c,
    };
    let instance = match s(ev, "/source/host") {
        "" => s(ev, "/reportingInstance"),
        h => h,
    };
    let source = if instance.is_empty() { component.to_string() } else { format!("{component}, {instance}") };
    vec![
        json!(last),
        json!(s(ev, "/type")),
        json!(s(ev, "/reason")),
        json!(target),
        json!(s(ev, "/involvedObject/fieldPath")),
        json!(source),
        json!(s(ev, "/message").trim()),
        json!(first),
        json!(count),
        json!(s(ev, "/metadata/name")),
    ]
}

fn controller_revision_cells(cr: &Value, now: i64) -> Vec<Value> {
    let owner = arr(cr, "/metadata/ownerReferences").iter().find(|o| o.get("controller") == Some(&json!(true)));
    let controller = match owner {
        Some(o) => {
            let api_version = s(o, "/apiVersion");
            let group = api_version.split_once('/').map(|(g, _)| g).unwrap_or("");
            let kind = s(o, "/kind");
            let gk = if group.is_empty() { kind.to_string() } else { format!("{kind}.{group}") };
            format!("{}/{}", gk.to_lowercase(), s(o, "/name"))
        }
        None => "<none>".into(),
    };
    vec![
        json!(s(cr, "/metadata/name")),
        json!(controller),
        json!(i(cr, "/revision")),
        json!(since(cr.pointer("/metadata/creationTimestamp"), now)),
    ]
}

fn node_cells(node: &Value, now: i64) -> Vec<Value> {
    let ready = arr(node, "/status/conditions").iter().find(|c| s(c, "/type") == "Ready");
    let mut status: Vec<&str> = vec![match ready.map(|c| s(c, "/status")) {
        Some("True") => "Ready",
        Some(_) => "NotReady",
        None => "Unknown",
    }];
    if node.pointer("/spec/unschedulable").and_then(Value::as_bool) == Some(true) {
        status.push("SchedulingDisabled");
    }
    let mut roles: Vec<String> = node
        .pointer("/metadata/labels")
        .and_then(Value::as_object)
        .map(|l| {
            l.iter()
                .filter_map(|(k, v)| {
                    if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                        Some(r.to_string())
                    } else if k == "kubernetes.io/role" {
                        v.as_str().map(str::to_string)
                    } else {
                        None
                    }
                })
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default();
    roles.sort();
    let addr = |t: &str| {
        arr(node, "/status/addresses")
            .iter()
            .find(|a| s(a, "/type") == t)
            .map(|a| s(a, "/address").to_string())
            .unwrap_or_else(|| "<none>".into())
    };
    let unknown = |x: &str| if x.is_empty() { "<unknown>".to_string() } else { x.to_string() };
    vec![
        json!(s(node, "/metadata/name")),
        json!(status.join(",")),
        json!(if roles.is_empty() { "<none>".into() } else { roles.join(",") }),
        json!(since(node.pointer("/metadata/creationTimestamp"), now)),
        json!(s(node, "/status/nodeInfo/kubeletVersion")),
        json!(addr("InternalIP")),
        json!(addr("ExternalIP")),
        json!(unknown(s(node, "/status/nodeInfo/osImage"))),
        json!(unknown(s(node, "/status/nodeInfo/kernelVersion"))),
        json!(unknown(s(node, "/status/nodeInfo/containerRuntimeVersion"))),
    ]
}

fn endpoints_cells(ep: &Value, now: i64) -> Vec<Value> {
    let mut list = Vec::new();
    for ss in arr(ep, "/subsets") {
        let ports = arr(ss, "/ports");
        for a in arr(ss, "/addresses") {
            if ports.is_empty() {
                list.push(s(a, "/ip").to_string());
            }
            for p in ports {
                list.push(format!("{}:{}", s(a, "/ip"), i(p, "/port")));
            }
        }
    }
    let cell = if list.is_empty() {
        "<none>".to_string()
    } else if list.len() > 3 {
        format!("{} + {} more...", list[..3].join(","), list.len() - 3)
    } else {
        list.join(",")
    };
    vec![json!(s(ep, "/metadata/name")), json!(cell), json!(since(ep.pointer("/metadata/creationTimestamp"), now))]
}

fn endpointslice_cells(es: &Value, now: i64) -> Vec<Value> {
    let ports: Vec<String> = arr(es, "/ports").iter().map(|p| i(p, "/port").to_string()).collect();
    let ports = if ports.is_empty() { "<unset>".into() } else { ports.join(",") };
    let addrs: Vec<String> = arr(es, "/endpoints")
        .iter()
        .flat_map(|e| arr(e, "/addresses").iter().filter_map(Value::as_str))
        .map(String::from)
        .collect();
    let eps = if addrs.is_empty() {
        "<unset>".to_string()
    } else if addrs.len() > 3 {
        format!("{} + {} more...", addrs[..3].join(","), addrs.len() - 3)
    } else {
        addrs.join(",")
    };
    vec![
        json!(s(es, "/metadata/name")),
        json!(s(es, "/addressType")),
        json!(ports),
        json!(eps),
        json!(since(es.pointer("/metadata/creationTimestamp"), now)),
    ]
}

fn cells(kind: &str, o: &Value, now: i64) -> Vec<Value> {
    let name = json!(s(o, "/metadata/name"));
    let age = json!(since(o.pointer("/metadata/creationTimestamp"), now));
    match kind {
        "Pod" => pod_cells(o, now),
        "Service" => service_cells(o, now),
        "PersistentVolumeClaim" => pvc_cells(o, now),
        "PersistentVolume" => pv_cells(o, now),
        "Event" => event_cells(o, now),
        "ControllerRevision" => controller_revision_cells(o, now),
        "Node" => node_cells(o, now),
        "Endpoints" => endpoints_cells(o, now),
        "EndpointSlice" => endpointslice_cells(o, now),
        "StatefulSet" => {
            let (c, im) = container_cells(o);
            let ready = format!("{}/{}", i(o, "/status/readyReplicas"), i(o, "/spec/replicas"));
            vec![name, json!(ready), age, json!(c), json!(im)]
        }
        "Deployment" => {
            let (c, im) = container_cells(o);
            let ready = format!("{}/{}", i(o, "/status/readyReplicas"), i(o, "/spec/replicas"));
            vec![
                name,
                json!(ready),
                json!(i(o, "/status/updatedReplicas")),
                json!(i(o, "/status/availableReplicas")),
                age,
                json!(c),
                json!(im),
                json!(crate::shell::printers::format_selector(o.pointer("/spec/selector"))),
            ]
        }
        "ReplicaSet" => {
            let (c, im) = container_cells(o);
            vec![
                name,
                json!(i(o, "/spec/replicas")),
                json!(i(o, "/status/replicas")),
                json!(i(o, "/status/readyReplicas")),
                age,
                json!(c),
                json!(im),
                json!(crate::shell::printers::format_selector(o.pointer("/spec/selector"))),
            ]
        }
        "DaemonSet" => {
            let (c, im) = container_cells(o);
            vec![
                name,
                json!(i(o, "/status/desiredNumberScheduled")),
                json!(i(o, "/status/currentNumberScheduled")),
                json!(i(o, "/status/numberReady")),
                json!(i(o, "/status/updatedNumberScheduled")),
                json!(i(o, "/status/numberAvailable")),
                json!(format_labels(o.pointer("/spec/template/spec/nodeSelector"))),
                age,
                json!(c),
                json!(im),
                json!(crate::shell::printers::format_selector(o.pointer("/spec/selector"))),
            ]
        }
        "Namespace" => vec![name, json!(s(o, "/status/phase")), age],
        "ConfigMap" => {
            let n = o.get("data").and_then(Value::as_object).map_or(0, Map::len)
                + o.get("binaryData").and_then(Value::as_object).map_or(0, Map::len);
            vec![name, json!(n), age]
        }
        "Secret" => {
            let n = o.get("data").and_then(Value::as_object).map_or(0, Map::len);
            vec![name, json!(s(o, "/type")), json!(n), age]
        }
        "ServiceAccount" => vec![name, json!(arr(o, "/secrets").len()), age],
        "Lease" => vec![name, json!(s(o, "/spec/holderIdentity")), age],
        // printPodDisruptionBudget: IntOrString's String(), N/A when unset
        "PodDisruptionBudget" => {
            let bound = |p: &str| match o.pointer(p) {
                Some(Value::String(t)) => json!(t),
                Some(Value::Number(n)) => json!(n.to_string()),
                _ => json!("N/A"),
            };
            vec![
                name,
                bound("/spec/minAvailable"),
                bound("/spec/maxUnavailable"),
                json!(i(o, "/status/disruptionsAllowed")),
                age,
            ]
        }
        "StorageClass" => {
            let default =
                o.pointer("/metadata/annotations/storageclass.kubernetes.io~1is-default-class").and_then(Value::as_str)
                    == Some("true");
            let n =
                if default { format!("{} (default)", s(o, "/metadata/name")) } else { s(o, "/metadata/name").into() };
            let or = |p: &str, d: &str| if s(o, p).is_empty() { d.to_string() } else { s(o, p).to_string() };
            let expand = o.get("allowVolumeExpansion").and_then(Value::as_bool).unwrap_or(false);
            vec![
                json!(n),
                json!(s(o, "/provisioner")),
                json!(or("/reclaimPolicy", "Delete")),
                json!(or("/volumeBindingMode", "Immediate")),
                json!(expand.to_string()),
                age,
            ]
        }
        _ => vec![name, o.pointer("/metadata/creationTimestamp").cloned().unwrap_or(Value::Null)],
    }
}

/// What a row carries besides its cells (`includeObject`): `None`, `Metadata` (the default), `Object`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncludeObject {
    None,
    Metadata,
    Object,
}

impl IncludeObject {
    pub fn parse(v: Option<&str>) -> IncludeObject {
        match v {
            Some("None") => IncludeObject::None,
            Some("Object") => IncludeObject::Object,
            _ => IncludeObject::Metadata,
        }
    }
}

fn row(kind: &str, o: &Value, now: i64, include: IncludeObject) -> Value {
    let mut r = json!({"cells": cells(kind, o, now)});
    if kind == "Pod" {
        match s(o, "/status/phase") {
            "Succeeded" => {
                r["conditions"] = json!([{"type": "Completed", "status": "True", "reason": "Succeeded", "message": "The pod has completed successfully."}])
            }
            "Failed" => {
                r["conditions"] =
                    json!([{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}])
            }
            _ => {}
        }
    }
    r["object"] = match include {
        IncludeObject::None => Value::Null,
        IncludeObject::Object => o.clone(),
        IncludeObject::Metadata => json!({
            "kind": "PartialObjectMetadata",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": o.get("metadata").cloned().unwrap_or(json!({})),
        }),
    };
    r
}

/// A `Table` of `objects` of one kind, as of `now_ms` (Unix milliseconds: the simulated clock).
pub fn table(kind: &str, objects: &[Value], now_ms: i64, resource_version: &str, include: IncludeObject) -> Value {
    let rows: Vec<Value> = objects.iter().map(|o| row(kind, o, now_ms, include)).collect();
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
        "columnDefinitions": columns(kind),
        "rows": rows,
    })
}

/// Unix milliseconds as RFC 3339 UTC, with `frac` fractional digits (0, or 1..=9 padded with zeros past ms).
pub fn format_rfc3339_ms(ms: i64, frac: usize) -> String {
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // civil_from_days (Howard Hinnant)
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let mut out = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, rem / 60 % 60, rem % 60);
    if frac > 0 {
        let digits: String = format!("{milli:03}").chars().chain(std::iter::repeat('0')).take(frac).collect();
        out.push('.');
        out.push_str(&digits);
    }
    out.push('Z');
    out
}

/// Moves every RFC 3339 UTC timestamp in `v` by `shift_ms`. The server shows the simulation's dates moved to
/// the wall clock (so kubectl's own age computations, as in `describe`, agree with the server's), and moves
/// client-sent dates back.
pub fn shift_times(v: &mut Value, shift_ms: i64) {
    match v {
        Value::String(s) => {
            let b = s.as_bytes();
            if shift_ms != 0 && b.len() >= 20 && b[4] == b'-' && b[10] == b'T' && s.ends_with('Z') {
                if let Some(ms) = parse_rfc3339_ms(s) {
                    *s = if shift_ms % 1000 == 0 {
                        // whole seconds (the server's shifts): the fraction stays digit for digit, nanoseconds too
                        format!("{}{}", &format_rfc3339_ms(ms + shift_ms, 0)[..19], &s[19..])
                    } else {
                        format_rfc3339_ms(ms + shift_ms, s.find('.').map_or(0, |dot| s.len() - dot - 2))
                    };
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| shift_times(x, shift_ms)),
        Value::Object(m) => m.values_mut().for_each(|x| shift_times(x, shift_ms)),
        _ => {}
    }
}
