//! PodDisruptionBudgets (policy/v1): the disruption controller (pkg/controller/disruption/disruption.go) and the
//! pods' `eviction` subresource that consults it (pkg/registry/core/pod/storage/eviction.go).
//!
//! The controller counts a budget's pods that are Ready and not on their way out, works out how many must stay
//! (`minAvailable`, or the owners' scale minus `maxUnavailable`) and publishes the difference as
//! `disruptionsAllowed`; an eviction may take one of those, records the pod under `disruptedPods` so the next
//! count already leaves it out, and is refused with 429 when none is left. The API server writes the budget's
//! status directly, as the real handler does through its client; a pod it recorded but that was never deleted is
//! forgotten after [`DELETION_TIMEOUT_MS`].

use super::events;
use super::meta::{self, s};
use super::store::{key, key_of, Key, Store};
use super::{Action, ApiError, Cluster, Propagation, Work};
use crate::json;
use serde_json::{Map, Value};

const COMPONENT: &str = "controllermanager";
/// disruption.go `DeletionTimeout`: how long an eviction's entry in `disruptedPods` keeps the pod out of the count.
pub const DELETION_TIMEOUT_MS: u64 = 2 * 60 * 1000;
/// eviction.go `MaxDisruptedPodSize`.
const MAX_DISRUPTED_PODS: usize = 2000;
const BUDGET_MESSAGE: &str = "Cannot evict pod as it would violate the pod's disruption budget.";

/// `podutil.IsPodReady`: the Ready condition is True (the phase is not looked at).
fn ready(p: &Value) -> bool {
    p.pointer("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|cs| cs.iter().any(|c| s(c, "/type") == "Ready" && s(c, "/status") == "True"))
}

/// The budget's pods: a null selector selects nothing, an empty one every pod of the namespace
/// (`metav1.LabelSelectorAsSelector`, policy/v1's meaning).
fn pods_of<'a>(store: &'a Store, pdb: &Value) -> Vec<&'a Value> {
    let sel = pdb.pointer("/spec/selector").unwrap_or(&Value::Null);
    store.list("Pod", Some(meta::namespace(pdb))).filter(|p| meta::selector_matches(sel, meta::labels(p))).collect()
}

/// The budgets whose selector matches a pod (the controller's `GetPodPodDisruptionBudgets`, eviction.go's
/// `getPodDisruptionBudgets`).
pub fn budgets_for<'a>(store: &'a Store, pod: &Value) -> Vec<&'a Value> {
    store
        .list("PodDisruptionBudget", Some(meta::namespace(pod)))
        .filter(|b| meta::selector_matches(b.pointer("/spec/selector").unwrap_or(&Value::Null), meta::labels(pod)))
        .collect()
}

/// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=true)`: an integer as it is, `N%` of `total` rounded up.
fn scaled(v: &Value, total: i64) -> Result<i64, String> {
    match v {
        Value::String(t) => {
            let n = t
                .strip_suffix('%')
                .and_then(|n| n.parse::<i64>().ok())
                .ok_or_else(|| format!("invalid value for IntOrString: invalid value \"{t}\""))?;
            Ok((n * total + 99).div_euclid(100))
        }
        v => Ok(v.as_i64().unwrap_or(0)),
    }
}

/// `getExpectedScale`: the sum of the scales of the controllers of the pods (a Deployment's for the pods of its
/// ReplicaSets), and the pods that have no controller.
fn expected_scale(store: &Store, pods: &[&Value]) -> Result<(i64, Vec<String>), String> {
    let mut scales: Vec<(String, i64)> = Vec::new();
    let mut unmanaged = Vec::new();
    for p in pods {
        let Some(r) = meta::controller_ref(p) else {
            unmanaged.push(meta::name(p).to_string());
            continue;
        };
        if scales.iter().any(|(u, _)| u == s(r, "/uid")) {
            continue;
        }
        let ns = meta::namespace(p);
        let owner = store.get(&key(s(r, "/kind"), ns, s(r, "/name"))).filter(|o| meta::uid(o) == s(r, "/uid"));
        // the finders in order: ReplicationController (none here), Deployment through its ReplicaSet,
        // ReplicaSet, StatefulSet; then the scale subresource, which no other kind here has
        let found = match (s(r, "/kind"), owner) {
            ("ReplicaSet", Some(rs)) => match meta::controller_ref(rs).filter(|d| s(d, "/kind") == "Deployment") {
                Some(d) => store
                    .get(&key("Deployment", ns, s(d, "/name")))
                    .filter(|o| meta::uid(o) == s(d, "/uid"))
                    .map(|o| (meta::uid(o).to_string(), meta::i(o, "/spec/replicas").unwrap_or(1))),
                None => Some((meta::uid(rs).to_string(), meta::i(rs, "/spec/replicas").unwrap_or(1))),
            },
            ("StatefulSet" | "Deployment", Some(o)) => {
                Some((meta::uid(o).to_string(), meta::i(o, "/spec/replicas").unwrap_or(1)))
            }
            _ => None,
        };
        match found {
            Some((uid, n)) => {
                if !scales.iter().any(|(u, _)| *u == uid) {
                    scales.push((uid, n));
                }
            }
            None => return Err(format!("found no controllers for pod \"{}\"", meta::name(p))),
        }
    }
    Ok((scales.iter().map(|(_, n)| n).sum(), unmanaged))
}

/// `getExpectedPodCount`: (expected pods, desired healthy, unmanaged pods).
fn expected_count(store: &Store, pdb: &Value, pods: &[&Value]) -> Result<(i64, i64, Vec<String>), String> {
    if let Some(max) = pdb.pointer("/spec/maxUnavailable").filter(|v| !v.is_null()) {
        let (expected, unmanaged) = expected_scale(store, pods)?;
        let desired = (expected - scaled(max, expected)?).max(0);
        return Ok((expected, desired, unmanaged));
    }
    match pdb.pointer("/spec/minAvailable") {
        Some(Value::String(_)) => {
            let (expected, unmanaged) = expected_scale(store, pods)?;
            let desired = scaled(&pdb["spec"]["minAvailable"], expected)?;
            Ok((expected, desired, unmanaged))
        }
        Some(v) if !v.is_null() => Ok((pods.len() as i64, v.as_i64().unwrap_or(0), Vec::new())),
        _ => Ok((0, 0, Vec::new())),
    }
}

/// `metav1.LabelSelector`'s generated `String()`, as `%v` of the selector prints in the UnmanagedPods event.
fn selector_go_string(sel: &Value) -> String {
    if sel.is_null() {
        return "nil".into();
    }
    let mut labels: Vec<(&String, &Value)> =
        sel.get("matchLabels").and_then(Value::as_object).map(|m| m.iter().collect()).unwrap_or_default();
    crate::sort::sort_by(&mut labels, |a, b| a.0.cmp(b.0));
    let labels: String = labels.iter().map(|(k, v)| format!("{k}: {},", v.as_str().unwrap_or(""))).collect();
    let exprs: String = sel
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| {
            let values: Vec<&str> =
                e.get("values").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
            format!(
                "LabelSelectorRequirement{{Key:{},Operator:{},Values:[]string{{{}}},}},",
                s(e, "/key"),
                s(e, "/operator"),
                values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(",")
            )
        })
        .collect();
    format!("&LabelSelector{{MatchLabels:map[string]string{{{labels}}},MatchExpressions:[]LabelSelectorRequirement{{{exprs}}},}}")
}

/// `pdbhelper.UpdateDisruptionAllowedCondition` through `apimeta.SetStatusCondition`: the transition time moves
/// only when the status does.
fn set_condition(status: &mut Map<String, Value>, allowed: bool, reason: &str, message: &str, now: u64) {
    let observed = status.get("observedGeneration").cloned().unwrap_or(json!(0));
    let value = if allowed { "True" } else { "False" };
    let conds = status.entry("conditions").or_insert_with(|| json!([]));
    if !conds.is_array() {
        *conds = json!([]);
    }
    let list = conds.as_array_mut().expect("an array");
    let old = list.iter().position(|c| s(c, "/type") == "DisruptionAllowed");
    let since = old
        .map(|i| &list[i])
        .filter(|c| s(c, "/status") == value)
        .and_then(|c| c.get("lastTransitionTime").cloned())
        .unwrap_or_else(|| json!(meta::rfc3339(now)));
    let c = json!({"type": "DisruptionAllowed", "status": value, "observedGeneration": observed,
        "lastTransitionTime": since, "reason": reason, "message": message});
    match old {
        Some(i) => list[i] = c,
        None => list.push(c),
    }
}

/// `ConditionsAreUpToDate`.
fn conditions_up_to_date(pdb: &Value) -> bool {
    let Some(c) = pdb
        .pointer("/status/conditions")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| s(c, "/type") == "DisruptionAllowed"))
    else {
        return false;
    };
    if meta::i(pdb, "/status/observedGeneration") != meta::i(pdb, "/metadata/generation") {
        return false;
    }
    if meta::i(pdb, "/status/disruptionsAllowed").unwrap_or(0) > 0 {
        s(c, "/status") == "True" && s(c, "/reason") == "SufficientPods"
    } else {
        s(c, "/status") == "False" && s(c, "/reason") == "InsufficientPods"
    }
}

/// The status fields in the order `PodDisruptionBudgetStatus` declares them.
fn status_of(
    observed: i64,
    disrupted: &Map<String, Value>,
    allowed: i64,
    current: i64,
    desired: i64,
    expected: i64,
) -> Map<String, Value> {
    let mut st = Map::new();
    if observed != 0 {
        st.insert("observedGeneration".into(), json!(observed));
    }
    if !disrupted.is_empty() {
        st.insert("disruptedPods".into(), Value::Object(disrupted.clone()));
    }
    st.insert("disruptionsAllowed".into(), json!(allowed));
    st.insert("currentHealthy".into(), json!(current));
    st.insert("desiredHealthy".into(), json!(desired));
    st.insert("expectedPods".into(), json!(expected));
    st
}

/// One sync of a budget (`trySync`, with `failSafe` when the expected count cannot be worked out).
pub fn reconcile(store: &Store, k: &Key, now: u64) -> Vec<Action> {
    let Some(pdb) = store.get(k) else { return Vec::new() };
    let mut out = Vec::new();
    let pods = pods_of(store, pdb);
    if pods.is_empty() {
        out.push(Action::Event(events::normal(pdb, COMPONENT, "NoPods", "No matching pods found".into())));
    }
    let generation = meta::i(pdb, "/metadata/generation").unwrap_or(1);
    let old_conditions = pdb.pointer("/status/conditions").cloned();
    let (expected, desired, unmanaged) = match expected_count(store, pdb, &pods) {
        Ok(v) => v,
        Err(e) => {
            out.push(Action::Event(events::warning(
                pdb,
                COMPONENT,
                "CalculateExpectedPodCountFailed",
                format!("Failed to calculate the number of expected pods: {e}"),
            )));
            let mut next = pdb.clone();
            let st = meta::obj_mut(&mut next, &["status"]);
            st.insert("disruptionsAllowed".into(), json!(0));
            set_condition(st, false, "SyncFailed", &e, now);
            if next.get("status") != pdb.get("status") {
                out.push(Action::UpdateStatus(next));
            }
            return out;
        }
    };
    if !unmanaged.is_empty() {
        out.push(Action::Event(events::warning(
            pdb,
            COMPONENT,
            "UnmanagedPods",
            format!(
                "Pods selected by this PodDisruptionBudget (selector: {}) were found to be unmanaged. As a result, the \
                 status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account \
                 for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.",
                selector_go_string(pdb.pointer("/spec/selector").unwrap_or(&Value::Null))
            ),
        )));
    }
    // buildDisruptedPodMap: an evicted pod stays out of the count until it is deleting or its time is up
    let mut disrupted = Map::new();
    let mut recheck: Option<u64> = None;
    let recorded = pdb.pointer("/status/disruptedPods").and_then(Value::as_object);
    for p in &pods {
        if meta::is_deleting(p) {
            continue;
        }
        let Some(at) = recorded.and_then(|m| m.get(meta::name(p))) else { continue };
        let deadline = meta::parse_time(at.as_str().unwrap_or("")).unwrap_or(0).max(0) as u64 + DELETION_TIMEOUT_MS;
        if deadline < now {
            // the message names the namespace twice, as disruption.go's Eventf arguments do
            let ns = meta::namespace(pdb);
            out.push(Action::Event(events::warning(
                p,
                COMPONENT,
                "NotDeleted",
                format!("Pod was expected by PDB {ns}/{ns} to be deleted but it wasn't"),
            )));
        } else {
            recheck = Some(recheck.map_or(deadline, |r| r.min(deadline)));
            disrupted.insert(meta::name(p).to_string(), at.clone());
        }
    }
    let current =
        pods.iter().filter(|p| !meta::is_deleting(p) && !disrupted.contains_key(meta::name(p)) && ready(p)).count()
            as i64;
    let allowed = if expected <= 0 { 0 } else { (current - desired).max(0) };
    let same = meta::i(pdb, "/status/currentHealthy").unwrap_or(0) == current
        && meta::i(pdb, "/status/desiredHealthy").unwrap_or(0) == desired
        && meta::i(pdb, "/status/expectedPods").unwrap_or(0) == expected
        && meta::i(pdb, "/status/disruptionsAllowed").unwrap_or(0) == allowed
        && recorded.cloned().unwrap_or_default() == disrupted
        && meta::i(pdb, "/status/observedGeneration").unwrap_or(0) == generation
        && conditions_up_to_date(pdb);
    if !same {
        let mut st = status_of(generation, &disrupted, allowed, current, desired, expected);
        if let Some(c) = old_conditions {
            st.insert("conditions".into(), c);
        }
        let (ok, reason) = if allowed > 0 { (true, "SufficientPods") } else { (false, "InsufficientPods") };
        set_condition(&mut st, ok, reason, "", now);
        let mut next = pdb.clone();
        next["status"] = Value::Object(st);
        out.push(Action::UpdateStatus(next));
    }
    if let Some(at) = recheck {
        out.push(Action::RequeueAt(at, Work::Disruption(k.clone())));
    }
    out
}

/// Why an eviction was refused: the API error, and for a budget's 429 the `DisruptionBudget` cause and the
/// `Retry-After` seconds the status carries.
#[derive(Clone, Debug, PartialEq)]
pub struct EvictionError {
    pub error: ApiError,
    pub budget_cause: Option<String>,
    pub retry_after: u32,
}

impl From<ApiError> for EvictionError {
    fn from(error: ApiError) -> EvictionError {
        EvictionError { error, budget_cause: None, retry_after: 0 }
    }
}

fn too_many_requests(cause: String, retry_after: u32) -> EvictionError {
    EvictionError {
        error: ApiError { code: 429, reason: "TooManyRequests".into(), message: BUDGET_MESSAGE.into() },
        budget_cause: Some(cause),
        retry_after,
    }
}

fn forbidden(pdb: &str, why: &str) -> EvictionError {
    EvictionError::from(ApiError {
        code: 403,
        reason: "Forbidden".into(),
        message: format!("poddisruptionbudget.policy \"{pdb}\" is forbidden: {why}"),
    })
}

impl Cluster {
    /// `POST pods/NAME/eviction` (policy/v1 Eviction): deletes the pod if its budget allows, taking one of the
    /// budget's allowed disruptions; `grace` is the eviction's `deleteOptions.gracePeriodSeconds`.
    pub fn evict(
        &mut self,
        namespace: &str,
        name: &str,
        grace: Option<u64>,
        dry_run: bool,
    ) -> Result<(), EvictionError> {
        self.settle();
        let r = self.evict_pod(namespace, name, grace, dry_run);
        self.settle();
        r
    }

    fn evict_pod(&mut self, ns: &str, name: &str, grace: Option<u64>, dry_run: bool) -> Result<(), EvictionError> {
        let pod_key = key("Pod", ns, name);
        let pod = self.store.get(&pod_key).cloned().ok_or_else(|| ApiError::not_found("Pod", name))?;
        // canIgnorePDB: a pod that is not running yet, has finished or is already going disrupts nothing more
        let ignore = matches!(s(&pod, "/status/phase"), "Succeeded" | "Failed" | "Pending") || meta::is_deleting(&pod);
        if !ignore {
            let budgets: Vec<Value> = budgets_for(&self.store, &pod).into_iter().cloned().collect();
            if budgets.len() > 1 {
                // returned as a Status of code 500 without a reason: kubectl prints `Error from server: ...`
                return Err(EvictionError::from(ApiError {
                    code: 500,
                    reason: String::new(),
                    message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does \
                              not support."
                        .into(),
                }));
            }
            if let Some(pdb) = budgets.first() {
                let unhealthy_goes = !ready(&pod)
                    && (s(pdb, "/spec/unhealthyPodEvictionPolicy") == "AlwaysAllow" || {
                        // IfHealthyBudget (and unset): an unready pod may go while the others keep the budget
                        let (cur, des) = (
                            meta::i(pdb, "/status/currentHealthy").unwrap_or(0),
                            meta::i(pdb, "/status/desiredHealthy").unwrap_or(0),
                        );
                        cur >= des && des > 0
                    });
                if !unhealthy_goes {
                    self.check_and_decrement(pdb, name, dry_run)?;
                }
            }
        }
        if dry_run {
            return Ok(());
        }
        self.delete_object(&pod_key, Propagation::Background, grace).map(|_| ()).map_err(EvictionError::from)
    }

    /// eviction.go `checkAndDecrement`.
    fn check_and_decrement(&mut self, pdb: &Value, pod: &str, dry_run: bool) -> Result<(), EvictionError> {
        let name = meta::name(pdb);
        let st = |f: &str| meta::i(pdb, &format!("/status/{f}")).unwrap_or(0);
        if st("observedGeneration") < meta::i(pdb, "/metadata/generation").unwrap_or(1) {
            return Err(too_many_requests(
                format!("The disruption budget {name} is still being processed by the server."),
                10,
            ));
        }
        let allowed = st("disruptionsAllowed");
        if allowed < 0 {
            return Err(forbidden(name, "pdb disruptions allowed is negative"));
        }
        let disrupted = pdb.pointer("/status/disruptedPods").and_then(Value::as_object).map_or(0, Map::len);
        if disrupted > MAX_DISRUPTED_PODS {
            return Err(forbidden(
                name,
                "DisruptedPods map too big - too many evictions not confirmed by PDB controller",
            ));
        }
        if allowed == 0 {
            return Err(too_many_requests(
                format!(
                    "The disruption budget {name} needs {} healthy pods and has {} currently",
                    st("desiredHealthy"),
                    st("currentHealthy")
                ),
                0,
            ));
        }
        if dry_run {
            return Ok(());
        }
        let mut next = pdb.clone();
        let now = self.now;
        let status = meta::obj_mut(&mut next, &["status"]);
        status.insert("disruptionsAllowed".into(), json!(allowed - 1));
        if allowed - 1 == 0 {
            set_condition(status, false, "InsufficientPods", "", now);
        }
        // disruptedPods sits before disruptionsAllowed in the Go struct
        let mut ordered = Map::new();
        let mut pods = status.remove("disruptedPods").and_then(|v| v.as_object().cloned()).unwrap_or_default();
        pods.insert(pod.to_string(), json!(meta::rfc3339(now)));
        for (k, v) in std::mem::take(status) {
            if k == "disruptionsAllowed" {
                ordered.insert("disruptedPods".into(), Value::Object(std::mem::take(&mut pods)));
            }
            ordered.insert(k, v);
        }
        *status = ordered;
        self.update_object(next, super::api::Subresource::Status).map(|_| ()).map_err(EvictionError::from)
    }
}

/// The budgets a changed pod wakes (the controller's pod handlers).
pub fn work_for_pod(store: &Store, pod: &Value, out: &mut Vec<Work>) {
    for b in budgets_for(store, pod) {
        out.push(Work::Disruption(key_of(b)));
    }
}
