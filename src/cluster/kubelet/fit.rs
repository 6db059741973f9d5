//! The scheduler's NodeResourcesFit filter for the one node: what a pod asks for, what the node's bound pods
//! already hold, and the reasons it does not fit, worded as kube-scheduler words them
//! (pkg/scheduler/framework/plugins/noderesources/fit.go `fitsRequest`, pkg/scheduler/framework/types.go
//! `FitError.Error`).

use crate::cluster::meta::At;
use serde_json::Value;

/// Requests in the scheduler's units: milli-CPU, bytes of memory and of ephemeral storage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Requests {
    pub cpu_m: i64,
    pub memory: i64,
    pub ephemeral: i64,
}

impl Requests {
    fn get(&self, r: &str) -> i64 {
        match r {
            "cpu" => self.cpu_m,
            "memory" => self.memory,
            _ => self.ephemeral,
        }
    }

    fn set(&mut self, r: &str, v: i64) {
        match r {
            "cpu" => self.cpu_m = v,
            "memory" => self.memory = v,
            _ => self.ephemeral = v,
        }
    }

    pub fn add(&mut self, o: &Requests) {
        self.cpu_m += o.cpu_m;
        self.memory += o.memory;
        self.ephemeral += o.ephemeral;
    }

    pub fn sub(&mut self, o: &Requests) {
        self.cpu_m -= o.cpu_m;
        self.memory -= o.memory;
        self.ephemeral -= o.ephemeral;
    }
}

const RESOURCES: [&str; 3] = ["cpu", "memory", "ephemeral-storage"];

/// A quantity as `MilliValue()` (CPU) or `Value()` (the others) reads it: rounded up.
fn quantity(q: &Value, r: &str) -> i64 {
    let Some(canon) = q.as_str().and_then(crate::cluster::quantity::canonical) else { return 0 };
    let split = canon.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(canon.len());
    let (num, suffix) = canon.split_at(split);
    let Ok(n) = num.parse::<i128>() else { return 0 };
    let (exp10, exp2) = match suffix {
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ => (0, 0),
    };
    let exp10 = exp10 + if r == "cpu" { 3 } else { 0 };
    let v = n.saturating_mul(1i128 << exp2);
    let v = if exp10 >= 0 {
        v.saturating_mul(10i128.pow(exp10 as u32))
    } else {
        let d = 10i128.pow((-exp10) as u32);
        v.div_euclid(d) + i128::from(v.rem_euclid(d) != 0)
    };
    v.clamp(0, i64::MAX as i128) as i64
}

/// One resource of a ResourceList total as resource.Quantity arithmetic leaves it: the value in the scheduler's
/// units and whether the quantity carrying it is written in binary units (`None`: not in the list). `Add` keeps the
/// receiver's format; a first entry, or a larger one taken by max, brings its own. `kubectl describe node` prints
/// the format; the scheduler only compares values.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Amount {
    pub value: i64,
    pub binary: Option<bool>,
}

impl Amount {
    fn of(q: Option<&Value>, r: &str) -> Amount {
        let Some(q) = q else { return Amount::default() };
        let binary = q.as_str().and_then(crate::cluster::quantity::canonical).is_some_and(|c| c.ends_with('i'));
        Amount { value: quantity(q, r), binary: Some(binary) }
    }

    fn add(&mut self, o: Amount) {
        match (self.binary, o.binary) {
            (_, None) => {}
            (None, _) => *self = o,
            _ => self.value += o.value,
        }
    }

    fn max(&mut self, o: Amount) {
        if o.binary.is_some() && (self.binary.is_none() || o.value > self.value) {
            *self = o;
        }
    }
}

/// resourcehelper.PodRequests (`field` "requests") or PodLimits ("limits") for one resource, as
/// k8s.io/component-helpers/resource computes them for the scheduler and for `kubectl describe node`: the app
/// containers' sum, each native sidecar added to it and to every later init container's, the largest of that and
/// any init container's, the pod-level value instead for CPU and memory where set, then the runtime overhead
/// (added to a limit only when the pod has a non-zero one). A missing request is not read from the limit: the
/// API server's defaulting (SetDefaults_Pod, `defaults::pod_only`) already copied it.
pub fn pod_amount(pod: &Value, field: &str, r: &str) -> Amount {
    let list = |p: &str| pod.at(p).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    let of = |c: &Value| Amount::of(c.get("resources").and_then(|m| m.get(field)).and_then(|m| m.get(r)), r);
    let mut sum = Amount::default();
    for c in list("/spec/containers") {
        sum.add(of(c));
    }
    let (mut sidecars, mut init_max) = (Amount::default(), Amount::default());
    for c in list("/spec/initContainers") {
        let q = of(c);
        let during = if c.get("restartPolicy").and_then(Value::as_str) == Some("Always") {
            sum.add(q);
            sidecars.add(q);
            sidecars
        } else {
            let mut d = q;
            d.add(sidecars);
            d
        };
        init_max.max(during);
    }
    sum.max(init_max);
    if r != "ephemeral-storage" {
        if let Some(q) = pod.at("/spec/resources").and_then(|m| m.get(field)).and_then(|m| m.get(r)) {
            sum = Amount::of(Some(q), r);
        }
    }
    let overhead = Amount::of(pod.at("/spec/overhead").and_then(|m| m.get(r)), r);
    if field == "requests" || sum.value != 0 {
        sum.add(overhead);
    }
    sum
}

/// The pod's effective request, as the scheduler counts it ([`pod_amount`] of each resource).
pub fn pod_requests(pod: &Value) -> Requests {
    let mut out = Requests::default();
    for r in RESOURCES {
        out.set(r, pod_amount(pod, "requests", r).value);
    }
    out
}

/// What the node offers: `status.allocatable` (the pod count as `pods`).
pub fn allocatable(node: &Value) -> (Requests, i64) {
    let mut a = Requests::default();
    for r in RESOURCES {
        a.set(r, node.at("/status/allocatable").and_then(|m| m.get(r)).map_or(0, |q| quantity(q, r)));
    }
    let pods = node.at("/status/allocatable/pods").map_or(0, |q| quantity(q, "pods"));
    (a, pods)
}

/// What does not fit for a pod asking `req` on a node with `pods` bound pods holding `used`, in the order
/// fitsRequest finds it: (resource, requested, used, allocatable).
pub fn shortages(
    req: &Requests,
    used: &Requests,
    pods: usize,
    alloc: &(Requests, i64),
) -> Vec<(&'static str, i64, i64, i64)> {
    let mut out = Vec::new();
    if pods as i64 + 1 > alloc.1 {
        out.push(("pods", 1, pods as i64, alloc.1));
    }
    if *req == Requests::default() {
        return out;
    }
    for r in RESOURCES {
        if alloc.0.get(r) < req.get(r) + used.get(r) {
            out.push((r, req.get(r), used.get(r), alloc.0.get(r)));
        }
    }
    out
}

/// The filter's failure reasons (InsufficientResource.Reason).
pub fn insufficient(req: &Requests, used: &Requests, pods: usize, alloc: &(Requests, i64)) -> Vec<&'static str> {
    shortages(req, used, pods, alloc)
        .into_iter()
        .map(|(r, ..)| match r {
            "pods" => "Too many pods",
            "cpu" => "Insufficient cpu",
            "memory" => "Insufficient memory",
            _ => "Insufficient ephemeral-storage",
        })
        .collect()
}

/// The kubelet's admission of a pod that did not come through the scheduler (`spec.nodeName` set by its author):
/// the same fit, and on failure only the first shortage as (reason, message), as pkg/kubelet/lifecycle/predicate.go
/// words it (`OutOfcpu`, InsufficientResourceError).
pub fn rejection(req: &Requests, used: &Requests, pods: usize, alloc: &(Requests, i64)) -> Option<(String, String)> {
    let (r, requested, used, capacity) = shortages(req, used, pods, alloc).into_iter().next()?;
    Some((
        format!("OutOf{r}"),
        format!("Node didn't have enough resource: {r}, requested: {requested}, used: {used}, capacity: {capacity}"),
    ))
}

/// The TaintToleration filter (pkg/scheduler/framework/plugins/tainttoleration, v1.35): the node's first NoSchedule
/// or NoExecute taint, in the node's order, that none of the pod's tolerations tolerates
/// (`FindMatchingUntoleratedTaint` with `DoNotScheduleTaintsFilterFunc`); PreferNoSchedule only scores. The v1.35
/// filter's reason no longer names the taint (older ones said `{key: value}`): "node(s) had untolerated taint(s)".
pub fn untolerated_taint<'a>(pod: &Value, node: &'a Value) -> Option<&'a Value> {
    let spec = pod.at("/spec").unwrap_or(&Value::Null);
    node.at("/spec/taints").and_then(Value::as_array).into_iter().flatten().find(|t| {
        matches!(t.get("effect").and_then(Value::as_str), Some("NoSchedule" | "NoExecute"))
            && !crate::cluster::daemonset::tolerates(spec, t)
    })
}

/// FitError.Error() for the one node: the filter's reasons as a sorted histogram, then the PostFilter plugins'
/// messages joined by ", " (RunPostFilterPlugins): DynamicResources runs first (applyFeatureGates puts it before
/// DefaultPreemption) and has no claims to free, then preemption's own FitError.
pub fn unschedulable_message(reasons: &[&str], preemption: &str) -> String {
    let mut hist: Vec<String> = reasons.iter().map(|r| format!("1 {r}")).collect();
    crate::sort::sort(&mut hist);
    format!("0/1 nodes are available: {}. no new claims to deallocate, preemption: {preemption}", hist.join(", "))
}

/// DefaultPreemption's answer for a pod that failed the fit: a pod with `preemptionPolicy: Never` may not preempt
/// (PodEligibleToPreemptOthers); otherwise SelectVictimsOnNode looks for pods of lower priority, and a pod of the
/// default priority 0 finds none (kube-system's pods have the system classes' priorities above it). A pod of a
/// higher priority than some bound pod would preempt them: not modelled (the cluster has no PriorityClasses of
/// its own, and the system classes are for kube-system's pods).
pub fn preemption_message(pod: &Value) -> &'static str {
    if pod.at("/spec/preemptionPolicy").and_then(Value::as_str) == Some("Never") {
        "not eligible due to preemptionPolicy=Never."
    } else {
        "0/1 nodes are available: 1 No preemption victims found for incoming pod."
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_follow_pod_requests() {
        // fit.go's worked example: init containers 2 CPU/1G and 2 CPU/3G, containers 2 CPU/1G and 1 CPU/1G.
        let pod = json!({"spec": {
            "initContainers": [{"resources": {"requests": {"cpu": "2", "memory": "1G"}}},
                               {"resources": {"requests": {"cpu": "2", "memory": "3G"}}}],
            "containers": [{"resources": {"requests": {"cpu": "2", "memory": "1G"}}},
                           {"resources": {"requests": {"cpu": "1", "memory": "1G"}}}]}});
        assert_eq!(pod_requests(&pod), Requests { cpu_m: 3000, memory: 3_000_000_000, ephemeral: 0 });
        // A sidecar adds to the app containers and runs during the later init containers; overhead is added;
        // 0.1m rounds up to 1m.
        let pod = json!({"spec": {
            "initContainers": [{"restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}},
                               {"resources": {"requests": {"cpu": "1"}}}],
            "containers": [{"resources": {"requests": {"cpu": "0.0001", "memory": "64Mi"}}}],
            "overhead": {"cpu": "250m"}}});
        assert_eq!(pod_requests(&pod), Requests { cpu_m: 1350, memory: 64 << 20, ephemeral: 0 });
    }

    #[test]
    fn amounts_keep_the_format_quantity_arithmetic_keeps() {
        let pod = json!({"spec": {
            "initContainers": [{"restartPolicy": "Always", "resources": {"requests": {"memory": "64Mi"}}},
                               {"resources": {"requests": {"cpu": "1500m"}}}],
            "containers": [{"resources": {"requests": {"cpu": "1", "memory": "1G"}, "limits": {"memory": "200Mi"}}}],
            "overhead": {"cpu": "250m", "memory": "10Mi"}}});
        // Add keeps the first term's format; a larger init container brings its own.
        let mem = pod_amount(&pod, "requests", "memory");
        assert_eq!(mem, Amount { value: 1_000_000_000 + (74 << 20), binary: Some(false) });
        assert_eq!(pod_amount(&pod, "requests", "cpu"), Amount { value: 1750, binary: Some(false) });
        // Overhead goes only onto a limit the pod has.
        assert_eq!(pod_amount(&pod, "limits", "memory"), Amount { value: 210 << 20, binary: Some(true) });
        assert_eq!(pod_amount(&pod, "limits", "cpu"), Amount::default());
    }

    #[test]
    fn reasons_and_message() {
        let node = json!({"status": {"allocatable": {"cpu": "2", "memory": "8025424Ki", "pods": "110"}}});
        let alloc = allocatable(&node);
        let used = Requests { cpu_m: 1500, memory: 0, ephemeral: 0 };
        let req = Requests { cpu_m: 1000, memory: 9 << 30, ephemeral: 0 };
        let reasons = insufficient(&req, &used, 110, &alloc);
        assert_eq!(reasons, ["Too many pods", "Insufficient cpu", "Insufficient memory"]);
        assert_eq!(
            unschedulable_message(&reasons, preemption_message(&json!({}))),
            "0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods. no new claims to \
             deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
        );
        assert!(insufficient(&Requests::default(), &used, 109, &alloc).is_empty());
        // The kubelet reports only the first: the pod count before the resources.
        assert_eq!(
            rejection(&req, &used, 110, &alloc),
            Some((
                "OutOfpods".into(),
                "Node didn't have enough resource: pods, requested: 1, used: 110, capacity: 110".into()
            ))
        );
        assert_eq!(
            rejection(&req, &used, 3, &alloc).map(|r| r.1),
            Some("Node didn't have enough resource: cpu, requested: 1000, used: 1500, capacity: 2000".into())
        );
    }
}
