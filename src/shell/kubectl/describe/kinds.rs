//! The describers of kubectl's pkg/describe/describe.go for the cluster's other kinds: Node, PersistentVolume,
//! StorageClass, Secret, ServiceAccount, Namespace, ReplicaSet, Endpoints, EndpointSlice, and the
//! `GenericDescriber` kubectl falls back to for kinds without one (ControllerRevision, Event). Each was checked
//! line by line against real kubectl 1.37.1 describing the same objects through `stsplay serve`.

use serde_json::Value;

use super::{events, or_none, pod_template, rfc1123z, st, Doc};
use crate::shell::printers::{self, age};
use crate::shell::Session;

fn arr<'a>(v: &'a Value, p: &str) -> &'a [Value] {
    v.pointer(p).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// `labels.FormatLabels`: `k=v` pairs sorted by key and joined by commas, `<none>` when empty.
fn format_pairs(m: Option<&Value>) -> String {
    let mut v: Vec<String> = match m {
        Some(Value::Object(o)) => o.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect(),
        _ => vec![],
    };
    crate::sort::sort(&mut v);
    if v.is_empty() {
        "<none>".into()
    } else {
        v.join(",")
    }
}

fn time_or_zero(t: &str) -> String {
    // An unset metav1.Time prints as Go's zero time.
    printers::parse_time(t).map(rfc1123z).unwrap_or_else(|| "Mon, 01 Jan 0001 00:00:00 +0000".into())
}

/// describeNode.
pub(super) fn node(s: &Session, d: &mut Doc, o: &Value, now: i64) {
    // findNodeRoles: `node-role.kubernetes.io/ROLE` labels and the older `kubernetes.io/role`.
    let mut roles: Vec<String> = Vec::new();
    if let Some(Value::Object(l)) = o.pointer("/metadata/labels") {
        for (k, v) in l {
            if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                if !r.is_empty() {
                    roles.push(r.to_string());
                }
            } else if k == "kubernetes.io/role" {
                if let Some(r) = v.as_str().filter(|r| !r.is_empty()) {
                    roles.push(r.to_string());
                }
            }
        }
    }
    crate::sort::sort(&mut roles);
    roles.dedup();
    d.kv(0, "Roles", if roles.is_empty() { "<none>".into() } else { roles.join(",") });
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    if let Some(t) = printers::parse_time(st(o, "/metadata/creationTimestamp")) {
        d.kv(0, "CreationTimestamp", rfc1123z(t));
    }
    let mut taints = arr(o, "/spec/taints").to_vec();
    // describe.go printTaintsMultilineWithIndent: sorted by effect, then key
    crate::sort::sort_by_key(&mut taints, |t| format!("{},{}", st(t, "/effect"), st(t, "/key")));
    if taints.is_empty() {
        d.kv(0, "Taints", "<none>");
    }
    for (i, t) in taints.iter().enumerate() {
        let text = match st(t, "/value") {
            "" => format!("{}:{}", st(t, "/key"), st(t, "/effect")),
            v => format!("{}={v}:{}", st(t, "/key"), st(t, "/effect")),
        };
        if i == 0 {
            d.kv(0, "Taints", text);
        } else {
            d.lines.push(format!("\t{text}"));
        }
    }
    let unschedulable = o.pointer("/spec/unschedulable").and_then(Value::as_bool).unwrap_or(false);
    d.kv(0, "Unschedulable", unschedulable.to_string());
    if let Some(lease) = s.cluster.node_lease(crate::shell::kubectl::name_of(o)) {
        d.head(0, "Lease");
        d.kv(1, "HolderIdentity", or_unset(st(&lease, "/spec/holderIdentity")));
        d.kv(
            1,
            "AcquireTime",
            printers::parse_time(st(&lease, "/spec/acquireTime")).map(rfc1123z).unwrap_or("<unset>".into()),
        );
        d.kv(
            1,
            "RenewTime",
            printers::parse_time(st(&lease, "/spec/renewTime")).map(rfc1123z).unwrap_or("<unset>".into()),
        );
    }
    let conditions = arr(o, "/status/conditions");
    if !conditions.is_empty() {
        d.head(0, "Conditions");
        d.lines.push("  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage".into());
        d.lines.push("  ----\t------\t-----------------\t------------------\t------\t-------".into());
        for c in conditions {
            // describeNode writes each cell but the last with a trailing space ("%v \t%v \t...").
            d.lines.push(format!(
                "  {} \t{} \t{} \t{} \t{} \t{}",
                st(c, "/type"),
                st(c, "/status"),
                time_or_zero(st(c, "/lastHeartbeatTime")),
                time_or_zero(st(c, "/lastTransitionTime")),
                st(c, "/reason"),
                st(c, "/message")
            ));
        }
    }
    d.head(0, "Addresses");
    for a in arr(o, "/status/addresses") {
        d.kv(1, st(a, "/type"), st(a, "/address"));
    }
    for (title, path) in [("Capacity", "/status/capacity"), ("Allocatable", "/status/allocatable")] {
        if let Some(Value::Object(m)) = o.pointer(path) {
            d.head(0, title);
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort(&mut keys);
            for k in keys {
                d.kv(1, k, m[k].as_str().unwrap_or(""));
            }
        }
    }
    d.head(0, "System Info");
    for (label, key) in [
        ("Machine ID", "machineID"),
        ("System UUID", "systemUUID"),
        ("Boot ID", "bootID"),
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
    ] {
        d.kv(1, label, st(o, &format!("/status/nodeInfo/{key}")));
    }
    // Deprecated and empty since 1.31: printed only when a node still reports it.
    if !st(o, "/status/nodeInfo/kubeProxyVersion").is_empty() {
        d.kv(1, "Kube-Proxy Version", st(o, "/status/nodeInfo/kubeProxyVersion"));
    }
    if !st(o, "/spec/podCIDR").is_empty() {
        d.kv(0, "PodCIDR", st(o, "/spec/podCIDR"));
    }
    let cidrs: Vec<&str> = arr(o, "/spec/podCIDRs").iter().filter_map(Value::as_str).collect();
    if !cidrs.is_empty() {
        d.kv(0, "PodCIDRs", cidrs.join(","));
    }
    if !st(o, "/spec/providerID").is_empty() {
        d.kv(0, "ProviderID", st(o, "/spec/providerID"));
    }
    node_resources(s, d, o, now);
}

/// A quantity in nano-units, and whether it is written in binary (Ki, Mi, ...) units.
pub(crate) fn nano(q: &str) -> Option<(i128, bool)> {
    let canon = crate::cluster::quantity::canonical(q)?;
    let split = canon.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(canon.len());
    let (num, suffix) = canon.split_at(split);
    let n: i128 = num.parse().ok()?;
    let (mult, binary): (i128, bool) = match suffix {
        "n" => (1, false),
        "u" => (1_000, false),
        "m" => (1_000_000, false),
        "" => (1_000_000_000, false),
        "k" => (1_000_000_000_000, false),
        "M" => (10i128.pow(15), false),
        "G" => (10i128.pow(18), false),
        "T" => (10i128.pow(21), false),
        "P" => (10i128.pow(24), false),
        "E" => (10i128.pow(27), false),
        "Ki" => (1_000_000_000 << 10, true),
        "Mi" => (1_000_000_000 << 20, true),
        "Gi" => (1_000_000_000 << 30, true),
        "Ti" => (1_000_000_000 << 40, true),
        "Pi" => (1_000_000_000 << 50, true),
        "Ei" => (1_000_000_000 << 60, true),
        _ => return None,
    };
    Some((n * mult, binary))
}

/// A sum of quantities as `Quantity.String()` writes it, in the format of the first term (`Add` keeps the
/// receiver's format).
fn quantity_text(nanos: i128, binary: bool) -> String {
    if nanos == 0 {
        return "0".into();
    }
    let text = if binary && nanos % (1_000_000_000 << 10) == 0 {
        format!("{}Ki", nanos / (1_000_000_000 << 10))
    } else if binary && nanos % 1_000_000_000 == 0 {
        format!("{}", nanos / 1_000_000_000)
    } else {
        format!("{nanos}n")
    };
    crate::cluster::quantity::canonical(&text).unwrap_or(text)
}

#[derive(Default, Clone, Copy)]
struct Sum {
    nanos: i128,
    binary: Option<bool>,
}

impl Sum {
    fn text(&self) -> String {
        quantity_text(self.nanos, self.binary.unwrap_or(false))
    }
}

/// One pod's request or limit for a resource as describeNodeResource gets it (resourcehelper.PodRequests and
/// PodLimits), the very sum the scheduler counts, with the format its quantity keeps.
fn pod_resource(pod: &Value, kind: &str, name: &str) -> Sum {
    let a = crate::cluster::kubelet::fit::pod_amount(pod, kind, name);
    let unit: i128 = if name == "cpu" { 1_000_000 } else { 1_000_000_000 };
    Sum { nanos: i128::from(a.value) * unit, binary: a.binary }
}

/// describeNodeResource: the node's non-terminated pods with their requests and limits as a share of
/// what is allocatable, then the totals.
fn node_resources(s: &Session, d: &mut Doc, node: &Value, now: i64) {
    let name = crate::shell::kubectl::name_of(node);
    let pods: Vec<Value> = s
        .cluster
        .list("Pod", None)
        .into_iter()
        .filter(|p| st(p, "/spec/nodeName") == name && !matches!(st(p, "/status/phase"), "Succeeded" | "Failed"))
        .collect();
    let alloc = |r: &str| nano(st(node, &format!("/status/allocatable/{r}"))).map(|x| x.0).unwrap_or(0);
    // Go divides milli-values for CPU and whole values for the others, as float64, then truncates.
    let pct = |n: i128, r: &str| -> i64 {
        let a = alloc(r);
        if a == 0 {
            return 0;
        }
        let (n, a) = if r == "cpu" { (n / 1_000_000, a / 1_000_000) } else { (n / 1_000_000_000, a / 1_000_000_000) };
        if a == 0 {
            0
        } else {
            (n as f64 / a as f64 * 100.0) as i64
        }
    };
    d.kv(0, "Non-terminated Pods", format!("({} in total)", pods.len()));
    d.lines.push("  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge".into());
    d.lines.push("  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---".into());
    let mut totals = [Sum::default(); 6];
    for p in &pods {
        let cells: Vec<(Sum, &str)> = vec![
            (pod_resource(p, "requests", "cpu"), "cpu"),
            (pod_resource(p, "limits", "cpu"), "cpu"),
            (pod_resource(p, "requests", "memory"), "memory"),
            (pod_resource(p, "limits", "memory"), "memory"),
        ];
        let text: Vec<String> = cells.iter().map(|(q, r)| format!("{} ({}%)", q.text(), pct(q.nanos, r))).collect();
        d.lines.push(format!(
            "  {}\t{}\t\t{}\t{}\t{}\t{}\t{}",
            st(p, "/metadata/namespace"),
            st(p, "/metadata/name"),
            text[0],
            text[1],
            text[2],
            text[3],
            age(st(p, "/metadata/creationTimestamp"), now)
        ));
        for (i, (q, _)) in cells.iter().enumerate() {
            add_sum(&mut totals[i], q);
        }
        add_sum(&mut totals[4], &pod_resource(p, "requests", "ephemeral-storage"));
        add_sum(&mut totals[5], &pod_resource(p, "limits", "ephemeral-storage"));
    }
    d.head(0, "Allocated resources");
    d.lines.push("  (Total limits may be over 100 percent, i.e., overcommitted.)".into());
    d.lines.push("  Resource\tRequests\tLimits".into());
    d.lines.push("  --------\t--------\t------".into());
    for (label, r, req, lim) in [
        ("cpu", "cpu", totals[0], totals[1]),
        ("memory", "memory", totals[2], totals[3]),
        ("ephemeral-storage", "ephemeral-storage", totals[4], totals[5]),
    ] {
        d.lines.push(format!(
            "  {label}\t{} ({}%)\t{} ({}%)",
            req.text(),
            pct(req.nanos, r),
            lim.text(),
            pct(lim.nanos, r)
        ));
    }
}

fn add_sum(total: &mut Sum, q: &Sum) {
    if q.binary.is_some() || q.nanos != 0 {
        total.nanos += q.nanos;
        if total.binary.is_none() {
            total.binary = q.binary;
        }
    }
}

fn or_unset(s: &str) -> String {
    if s.is_empty() {
        "<unset>".into()
    } else {
        s.to_string()
    }
}

/// describePersistentVolume.
pub(super) fn pv(d: &mut Doc, o: &Value, now: i64) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    let fins: Vec<&str> = arr(o, "/metadata/finalizers").iter().filter_map(Value::as_str).collect();
    d.kv(0, "Finalizers", format!("[{}]", fins.join(" ")));
    d.kv(0, "StorageClass", st(o, "/spec/storageClassName"));
    if !st(o, "/metadata/deletionTimestamp").is_empty() {
        d.kv(0, "Status", format!("Terminating (lasts {})", age(st(o, "/metadata/deletionTimestamp"), now)));
    } else {
        d.kv(0, "Status", st(o, "/status/phase"));
    }
    match o.pointer("/spec/claimRef") {
        Some(c) => d.kv(0, "Claim", format!("{}/{}", st(c, "/namespace"), st(c, "/name"))),
        None => d.kv(0, "Claim", ""),
    }
    d.kv(0, "Reclaim Policy", st(o, "/spec/persistentVolumeReclaimPolicy"));
    d.kv(0, "Access Modes", printers::access_modes(arr(o, "/spec/accessModes")));
    d.kv(0, "VolumeMode", or_none_str(st(o, "/spec/volumeMode"), "Filesystem"));
    d.kv(0, "Capacity", st(o, "/spec/capacity/storage"));
    match o.pointer("/spec/nodeAffinity") {
        None => d.kv(0, "Node Affinity", "<none>"),
        Some(_) => {
            d.head(0, "Node Affinity");
            d.lines.push("  Required Terms:".into());
            for (i, term) in arr(o, "/spec/nodeAffinity/required/nodeSelectorTerms").iter().enumerate() {
                let exprs: Vec<String> = arr(term, "/matchExpressions")
                    .iter()
                    .map(|e| {
                        let vals: Vec<&str> = arr(e, "/values").iter().filter_map(Value::as_str).collect();
                        format!("{} {} [{}]", st(e, "/key"), st(e, "/operator").to_lowercase(), vals.join(", "))
                    })
                    .collect();
                d.lines.push(format!("    Term {i}:\t{}", exprs.join(", ")));
            }
        }
    }
    d.kv(0, "Message", st(o, "/status/message"));
    d.head(0, "Source");
    let spec = o.get("spec").cloned().unwrap_or(Value::Null);
    if let Some(h) = spec.get("hostPath") {
        d.lines.push("    Type:\tHostPath (bare host directory volume)".into());
        d.lines.push(format!("    Path:\t{}", st(h, "/path")));
        d.lines.push(format!("    HostPathType:\t{}", st(h, "/type")));
    } else if let Some(l) = spec.get("local") {
        d.lines.push("    Type:\tLocalVolume (a persistent volume backed by local storage on a node)".into());
        d.lines.push(format!("    Path:\t{}", st(l, "/path")));
    } else if let Some(n) = spec.get("nfs") {
        d.lines.push("    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)".into());
        d.lines.push(format!("    Server:\t{}", st(n, "/server")));
        d.lines.push(format!("    Path:\t{}", st(n, "/path")));
        d.lines.push(format!("    ReadOnly:\t{}", n.get("readOnly").and_then(Value::as_bool).unwrap_or(false)));
    } else if let Some(c) = spec.get("csi") {
        d.lines.push("    Type:\tCSI (a Container Storage Interface (CSI) volume source)".into());
        d.lines.push(format!("    Driver:\t{}", st(c, "/driver")));
        d.lines.push(format!("    FSType:\t{}", st(c, "/fsType")));
        d.lines.push(format!("    VolumeHandle:\t{}", st(c, "/volumeHandle")));
        d.lines.push(format!("    ReadOnly:\t{}", c.get("readOnly").and_then(Value::as_bool).unwrap_or(false)));
    }
}

fn or_none_str(s: &str, default: &str) -> String {
    if s.is_empty() {
        default.to_string()
    } else {
        s.to_string()
    }
}

/// describeStorageClass: annotations and parameters as one `k=v,...` line, unset fields as `<unset>`.
pub(super) fn storage_class(d: &mut Doc, o: &Value) {
    let ann = o.pointer("/metadata/annotations");
    let default = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"]
        .iter()
        .any(|k| ann.and_then(|a| a.get(*k)).and_then(Value::as_str) == Some("true"));
    d.kv(0, "IsDefaultClass", if default { "Yes" } else { "No" });
    d.kv(0, "Annotations", format_pairs(ann));
    d.kv(0, "Provisioner", st(o, "/provisioner"));
    d.kv(0, "Parameters", format_pairs(o.get("parameters")));
    d.kv(
        0,
        "AllowVolumeExpansion",
        o.get("allowVolumeExpansion").and_then(Value::as_bool).map(|b| b.to_string()).unwrap_or("<unset>".into()),
    );
    let opts: Vec<&str> = arr(o, "/mountOptions").iter().filter_map(Value::as_str).collect();
    d.kv(0, "MountOptions", if opts.is_empty() { "<none>".into() } else { opts.join(", ") });
    d.kv(0, "ReclaimPolicy", or_unset(st(o, "/reclaimPolicy")));
    d.kv(0, "VolumeBindingMode", or_unset(st(o, "/volumeBindingMode")));
}

/// describePodDisruptionBudgetV1: no labels or annotations; the bound that is set (minAvailable first), the
/// selector and the controller's four counts.
pub(super) fn pod_disruption_budget(d: &mut Doc, o: &Value) {
    let int_or_string = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
    let set = |f: &str| o.pointer(f).filter(|v| !v.is_null());
    if let Some(v) = set("/spec/minAvailable") {
        d.kv(0, "Min available", int_or_string(v));
    } else if let Some(v) = set("/spec/maxUnavailable") {
        d.kv(0, "Max unavailable", int_or_string(v));
    }
    match set("/spec/selector") {
        Some(sel) => d.kv(0, "Selector", printers::format_selector(Some(sel))),
        None => d.kv(0, "Selector", "<unset>"),
    }
    d.head(0, "Status");
    for (label, field) in [
        ("Allowed disruptions", "disruptionsAllowed"),
        ("Current", "currentHealthy"),
        ("Desired", "desiredHealthy"),
        ("Total", "expectedPods"),
    ] {
        let n = o.pointer(&format!("/status/{field}")).and_then(Value::as_i64).unwrap_or(0);
        d.kv(2, label, n.to_string());
    }
}

/// describeSecret: the data's sizes, never its values; no events.
pub(super) fn secret(d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.lines.push(String::new());
    d.kv(0, "Type", st(o, "/type"));
    d.lines.push(String::new());
    d.lines.push("Data".into());
    d.lines.push("====".into());
    if let Some(Value::Object(m)) = o.get("data") {
        let mut keys: Vec<&String> = m.keys().collect();
        crate::sort::sort(&mut keys);
        for k in keys {
            let len = crate::base64::decode(m[k].as_str().unwrap_or("")).map(|b| b.len()).unwrap_or(0);
            d.kv(0, k, format!("{len} bytes"));
        }
    }
}

/// describeServiceAccount (1.37 prints only the image pull secrets of the old three lists).
pub(super) fn service_account(d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    let names: Vec<&str> = arr(o, "/imagePullSecrets").iter().map(|r| st(r, "/name")).collect();
    if names.is_empty() {
        d.kv(0, "Image pull secrets", "<none>");
    }
    for (i, n) in names.iter().enumerate() {
        if i == 0 {
            d.kv(0, "Image pull secrets", *n);
        } else {
            d.lines.push(format!("\t{n}"));
        }
    }
}

/// describeNamespace: the cluster has no ResourceQuota or LimitRange objects, which kubectl reports.
pub(super) fn namespace(d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.kv(0, "Status", st(o, "/status/phase"));
    d.lines.push(String::new());
    d.lines.push("No resource quota.".into());
    d.lines.push(String::new());
    d.lines.push("No LimitRange resource.".into());
}

/// describeReplicaSet.
pub(super) fn replica_set(s: &Session, d: &mut Doc, o: &Value) {
    d.kv(0, "Selector", printers::format_selector(o.pointer("/spec/selector")));
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    if let Some(c) = super::controller(o) {
        d.kv(0, "Controlled By", c);
    }
    let num = |p: &str| o.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    d.kv(0, "Replicas", format!("{} current / {} desired", num("/status/replicas"), num("/spec/replicas")));
    let uid = st(o, "/metadata/uid");
    let pods: Vec<Value> = s
        .cluster
        .list("Pod", Some(st(o, "/metadata/namespace")))
        .into_iter()
        .filter(|p| arr(p, "/metadata/ownerReferences").iter().any(|r| st(r, "/uid") == uid))
        .collect();
    super::pods_status(d, &pods);
    if let Some(t) = o.pointer("/spec/template") {
        pod_template(d, t);
    }
    let conds = arr(o, "/status/conditions");
    if !conds.is_empty() {
        d.head(0, "Conditions");
        d.lines.push("  Type\tStatus\tReason".into());
        d.lines.push("  ----\t------\t------".into());
        for c in conds {
            d.lines.push(format!("  {}\t{}\t{}", st(c, "/type"), st(c, "/status"), st(c, "/reason")));
        }
    }
}

/// describeEndpoints: each subset's ready and not-ready addresses and its ports.
pub(super) fn endpoints(d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.head(0, "Subsets");
    for subset in arr(o, "/subsets") {
        let ips = |p: &str| -> String {
            let v: Vec<&str> = arr(subset, p).iter().map(|a| st(a, "/ip")).collect();
            or_none(&v.join(","))
        };
        d.kv(1, "Addresses", ips("/addresses"));
        d.kv(1, "NotReadyAddresses", ips("/notReadyAddresses"));
        let ports = arr(subset, "/ports");
        if !ports.is_empty() {
            d.head(1, "Ports");
            d.lines.push("    Name\tPort\tProtocol".into());
            d.lines.push("    ----\t----\t--------".into());
            for p in ports {
                let name = match st(p, "/name") {
                    "" => "<unset>",
                    n => n,
                };
                let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
                d.lines.push(format!("    {name}\t{port}\t{}", st(p, "/protocol")));
            }
        }
        d.lines.push(String::new());
    }
}

/// describeEndpointSliceV1 (it prints no events).
pub(super) fn endpoint_slice(d: &mut Doc, o: &Value) {
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    d.kv(0, "AddressType", st(o, "/addressType"));
    let ports = arr(o, "/ports");
    if ports.is_empty() {
        d.kv(0, "Ports", "<unset>");
    } else {
        d.head(0, "Ports");
        d.lines.push("  Name\tPort\tProtocol".into());
        d.lines.push("  ----\t----\t--------".into());
        for p in ports {
            let name = or_unset(st(p, "/name"));
            let port = p.get("port").and_then(Value::as_i64).map(|n| n.to_string()).unwrap_or("<unset>".into());
            d.lines.push(format!("  {name}\t{port}\t{}", or_unset(st(p, "/protocol"))));
        }
    }
    d.head(0, "Endpoints");
    let eps = arr(o, "/endpoints");
    if eps.is_empty() {
        d.lines.push("  <none>".into());
    }
    for e in eps {
        let addrs: Vec<&str> = arr(e, "/addresses").iter().filter_map(Value::as_str).collect();
        d.lines.push(format!("  - Addresses:\t{}", addrs.join(",")));
        d.head(2, "Conditions");
        let ready = e.pointer("/conditions/ready").and_then(Value::as_bool).map(|b| b.to_string());
        d.kv(3, "Ready", ready.unwrap_or("<unset>".into()));
        d.kv(2, "Hostname", or_unset(st(e, "/hostname")));
        if let Some(t) = e.get("targetRef") {
            d.kv(2, "TargetRef", format!("{}/{}", st(t, "/kind"), st(t, "/name")));
        }
        d.kv(2, "NodeName", or_unset(st(e, "/nodeName")));
        d.kv(2, "Zone", or_unset(st(e, "/zone")));
    }
}

/// The `GenericDescriber`: the common header, then every other field of the object in key order with
/// `smartLabelFor` names, as printUnstructuredContent walks it.
pub(super) fn generic(s: &Session, o: &Value, now: i64, show_events: bool) -> String {
    let mut d = Doc { lines: Vec::new() };
    d.kv(0, "Name", st(o, "/metadata/name"));
    d.kv(0, "Namespace", st(o, "/metadata/namespace"));
    d.map(0, "Labels", o.pointer("/metadata/labels"));
    d.map(0, "Annotations", o.pointer("/metadata/annotations"));
    let skip = [
        ".metadata.managedFields",
        ".metadata.name",
        ".metadata.namespace",
        ".metadata.labels",
        ".metadata.annotations",
    ];
    if let Value::Object(m) = o {
        unstructured(&mut d, 0, m, "", &skip);
    }
    if !show_events {
        return d.render();
    }
    let kind = st(o, "/kind");
    match events(s, kind, o, now) {
        None => {
            d.kv(0, "Events", "<none>");
            d.render()
        }
        Some(table) => d.render() + &table,
    }
}

fn unstructured(d: &mut Doc, level: usize, m: &serde_json::Map<String, Value>, prefix: &str, skip: &[&str]) {
    let mut keys: Vec<&String> = m.keys().collect();
    crate::sort::sort(&mut keys);
    let pad = "  ".repeat(level);
    for k in keys {
        let path = format!("{prefix}.{k}");
        if skip.contains(&path.as_str()) {
            continue;
        }
        match &m[k] {
            Value::Object(child) => {
                d.lines.push(format!("{pad}{}:", smart_label(k)));
                unstructured(d, level + 1, child, &path, skip);
            }
            Value::Array(items) => {
                d.lines.push(format!("{pad}{}:", smart_label(k)));
                for it in items {
                    match it {
                        Value::Object(child) => unstructured(d, level + 1, child, &path, skip),
                        other => d.lines.push(format!("{pad}  {}", go_v(other))),
                    }
                }
            }
            other => d.lines.push(format!("{pad}{}:\t{}", smart_label(k), go_v(other))),
        }
    }
}

/// Go's `%v` of a decoded JSON scalar (integers are int64 in unstructured objects, others float64).
fn go_v(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        Value::Number(n) => crate::yaml::gofloat::format_g(n.as_f64().unwrap_or(0.0)),
        other => other.to_string(),
    }
}

/// smartLabelFor: `dnsPolicy` → `Dns Policy`, `uid` → `UID`; a name with anything but letters and `-` is kept.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let acronyms = ["API", "URL", "UID", "OSB", "GUID"];
    camel_split(field)
        .into_iter()
        .filter(|p| p != "_")
        .map(|p| {
            let up = p.to_uppercase();
            if acronyms.contains(&up.as_str()) {
                up
            } else {
                let mut c = p.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// fatih/camelcase's Split: runs of one character class (lower, upper, digit, other); an upper-case run
/// followed by a lower-case one gives its last letter to it (`IPs` → `I`, `Ps`).
fn camel_split(s: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_lowercase() {
            1
        } else if c.is_uppercase() {
            2
        } else if c.is_numeric() {
            3
        } else {
            4
        }
    };
    let mut runs: Vec<Vec<char>> = Vec::new();
    let mut last = 0;
    for c in s.chars() {
        let k = class(c);
        if k == last {
            if let Some(r) = runs.last_mut() {
                r.push(c);
            }
        } else {
            runs.push(vec![c]);
        }
        last = k;
    }
    for i in 0..runs.len().saturating_sub(1) {
        if runs[i][0].is_uppercase() && runs[i + 1][0].is_lowercase() {
            if let Some(c) = runs[i].pop() {
                runs[i + 1].insert(0, c);
            }
        }
    }
    runs.into_iter().filter(|r| !r.is_empty()).map(|r| r.into_iter().collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_labels_as_kubectl_names_fields() {
        assert_eq!(smart_label("dnsPolicy"), "Dns Policy");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("podIPs"), "Pod I Ps");
        assert_eq!(smart_label("$patch"), "$patch");
        assert_eq!(smart_label("terminationGracePeriodSeconds"), "Termination Grace Period Seconds");
    }

    #[test]
    fn sums_keep_the_first_terms_format() {
        let total = |qs: &[&str]| {
            let mut t = Sum::default();
            for (nanos, binary) in qs.iter().filter_map(|q| nano(q)) {
                add_sum(&mut t, &Sum { nanos, binary: Some(binary) });
            }
            t.text()
        };
        assert_eq!(total(&["100m", "250m", "200m", "100m", "100m"]), "750m");
        assert_eq!(total(&["70Mi", "100Mi"]), "170Mi");
        assert_eq!(total(&["1G", "64Mi"]), "1067108864");
    }
}
