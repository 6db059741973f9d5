//! The StatefulSet controller, mirroring kubernetes/kubernetes pkg/controller/statefulset/
//! (stateful_set_control.go `updateStatefulSet`, stateful_set_utils.go, stateful_pod_control.go).
//! [`reconcile`] reads a store snapshot and returns the actions of one sync, in the order the real controller
//! issues its API calls; the event loop applies them and stops at the first failure, as the real sync returns.

use super::events;
use super::history;
use super::meta::At;
use super::meta::{self, s};
use super::store::{key, key_of, Key, Store, Summary};
use super::{Action, Outcome, Propagation, Work};
use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

const COMPONENT: &str = "statefulset-controller";
pub const REVISION_LABEL: &str = "controller-revision-hash";
pub const POD_NAME_LABEL: &str = "statefulset.kubernetes.io/pod-name";
pub const POD_INDEX_LABEL: &str = "apps.kubernetes.io/pod-index";

/// One pod as the sync sees it: the object and the fields the store extracted at write time. Small, because
/// a sync holds one per replica.
struct PodView<'a> {
    obj: &'a Value,
    sum: &'a Summary,
    ordinal: i64,
}

impl<'a> PodView<'a> {
    fn new(obj: &'a Value, sum: &'a Summary, ordinal: i64) -> PodView<'a> {
        PodView { obj, sum, ordinal }
    }

    fn running_and_ready(&self) -> bool {
        self.sum.running && self.sum.ready
    }

    /// `podutil.IsPodAvailable`: Ready for longer than minReadySeconds (strictly, as `Before(now)`).
    fn available(&self, min_ready_ms: i64, now: i64) -> bool {
        self.sum.ready && (min_ready_ms == 0 || self.sum.ready_since.is_some_and(|t| t + min_ready_ms < now))
    }

    fn unavailable(&self, min_ready_ms: i64, now: i64) -> bool {
        !self.running_and_ready() || self.sum.deleting || !self.available(min_ready_ms, now)
    }
}

/// A replica slot: an existing pod or one to create at this ordinal.
enum Slot<'a> {
    Pod(PodView<'a>),
    New(i64),
}

/// `getParentNameAndOrdinal`: `(.*)-([0-9]+)$`.
pub fn parent_and_ordinal(name: &str) -> Option<(&str, i64)> {
    let (parent, ord) = name.rsplit_once('-')?;
    if ord.is_empty() || !ord.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    ord.parse().ok().map(|o| (parent, o))
}

struct Ctx<'a> {
    store: &'a Store,
    set: &'a Value,
    ns: &'a str,
    name: &'a str,
    uid: &'a str,
    now: i64,
    min_ready_ms: i64,
    monotonic: bool,
    start: i64,
    /// volumeClaimTemplate names.
    templates: Vec<String>,
    /// `spec.replicas` as `in_range` reads it (unset is 1).
    replicas: i64,
    /// (whenDeleted, whenScaled) == Delete: read once per sync, not once per pod.
    policy: (bool, bool),
    actions: Vec<Action>,
}

fn pod_event(set: &Value, verb: &str, pod: &str) -> Outcome {
    let title = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
    let set_name = meta::name(set);
    Outcome {
        ok: events::normal(
            set,
            COMPONENT,
            &format!("Successful{title}"),
            format!("{verb} Pod {pod} in StatefulSet {set_name} successful"),
        ),
        failed: events::warning(
            set,
            COMPONENT,
            &format!("Failed{title}"),
            format!("{verb} Pod {pod} in StatefulSet {set_name} failed"),
        ),
    }
}

fn claim_event(set: &Value, verb: &str, claim: &str, pod: &str) -> Outcome {
    let title = format!("{}{}", verb[..1].to_uppercase(), &verb[1..]);
    let set_name = meta::name(set);
    Outcome {
        ok: events::normal(
            set,
            COMPONENT,
            &format!("Successful{title}"),
            format!("{verb} Claim {claim} Pod {pod} in StatefulSet {set_name} success"),
        ),
        failed: events::warning(
            set,
            COMPONENT,
            &format!("Failed{title}"),
            format!("{verb} Claim {claim} for Pod {pod} in StatefulSet {set_name} failed"),
        ),
    }
}

impl<'a> Ctx<'a> {
    fn policy(&self) -> (bool, bool) {
        self.policy
    }

    fn in_range(&self, ordinal: i64) -> bool {
        ordinal >= self.start && ordinal < self.start + self.replicas
    }

    /// `getPersistentVolumeClaims`: one claim per template, named TEMPLATE-SET-ORDINAL, labelled with the
    /// selector's matchLabels.
    fn claims_for(&self, ordinal: i64) -> Vec<Value> {
        let mut out = Vec::new();
        let match_labels = meta::at(self.set, "/spec/selector/matchLabels").and_then(Value::as_object);
        for t in meta::at(self.set, "/spec/volumeClaimTemplates").and_then(Value::as_array).into_iter().flatten() {
            let mut c = t.clone();
            let claim_name = format!("{}-{}-{ordinal}", meta::name(t), self.name);
            let m = meta::obj_mut(&mut c, &["metadata"]);
            m.insert("name".into(), json!(claim_name));
            m.insert("namespace".into(), json!(self.ns));
            let labels = m.entry("labels").or_insert(json!({}));
            if let (Some(l), Some(ml)) = (labels.as_object_mut(), match_labels) {
                for (k, v) in ml {
                    l.insert(k.clone(), v.clone());
                }
            }
            if let Some(o) = c.as_object_mut() {
                o.remove("status");
                o.insert("apiVersion".into(), json!("v1"));
                o.insert("kind".into(), json!("PersistentVolumeClaim"));
            }
            out.push(c);
        }
        out
    }

    /// The ownerReferences a claim should carry under the retention policy (`updateClaimOwnerRefForSetAndPod`):
    /// whenDeleted=Delete → the set; whenScaled=Delete and the pod condemned → the pod.
    fn claim_refs(&self, claim: &Value, pod: Option<&Value>, ordinal: i64) -> Vec<Value> {
        let (when_deleted, when_scaled) = self.policy();
        let pod_name = format!("{}-{ordinal}", self.name);
        let mut refs: Vec<Value> = meta::owner_refs(claim)
            .iter()
            .filter(|r| {
                let ours_set = s(r, "/kind") == "StatefulSet" && s(r, "/name") == self.name;
                let ours_pod = s(r, "/kind") == "Pod" && s(r, "/name") == pod_name;
                !ours_set && !ours_pod
            })
            .cloned()
            .collect();
        let scaled_down = !self.in_range(ordinal);
        if when_scaled && scaled_down {
            if let Some(p) = pod {
                refs.push(meta::owner_ref(p, true));
            }
        }
        if when_deleted && !(when_scaled && scaled_down) {
            refs.push(meta::owner_ref(self.set, true));
        }
        refs
    }

    /// (template name, claim name) per volumeClaimTemplate.
    fn claim_names(&self, ordinal: i64) -> Vec<(&'a str, String)> {
        self.set
            .at("/spec/volumeClaimTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| (meta::name(t), format!("{}-{}-{ordinal}", meta::name(t), self.name)))
            .collect()
    }

    /// `isClaimOwnerUpToDate` for the claims of an existing pod; returns the claim updates needed.
    fn claim_updates(&self, pod: &Value, ordinal: i64) -> Vec<Value> {
        let mut out = Vec::new();
        // No templates, no claims: the common case skips the lookups below (this runs for every pod on every sync).
        if self.templates.is_empty() {
            return out;
        }
        let retain_all = self.policy() == (false, false);
        // Retain/Retain wants claims without refs to the set or pod; when no claim in the namespace has any owner,
        // there is nothing to look up.
        if retain_all && self.store.count_with_owner_refs("PersistentVolumeClaim", self.ns) == 0 {
            return out;
        }
        for (_, cname) in self.claim_names(ordinal) {
            let Some(entry) = self.store.entry("PersistentVolumeClaim", self.ns, &cname) else { continue };
            // Retain/Retain wants no refs to the set or pod: the common case costs one lookup.
            if retain_all && !entry.sum.has_owner_refs {
                continue;
            }
            let live: &Value = &entry.obj;
            // A ref to an earlier set or pod of the same name is left for the garbage collector.
            let stale = meta::owner_refs(live).iter().any(|r| {
                (s(r, "/kind") == "StatefulSet" && s(r, "/name") == self.name && s(r, "/uid") != self.uid)
                    || (s(r, "/kind") == "Pod" && s(r, "/name") == meta::name(pod) && s(r, "/uid") != meta::uid(pod))
            });
            if stale {
                continue;
            }
            let want = self.claim_refs(live, Some(pod), ordinal);
            let have: Vec<Value> = meta::owner_refs(live).to_vec();
            let uids = |v: &[Value]| {
                let mut u: Vec<(String, bool)> = v
                    .iter()
                    .map(|r| (s(r, "/uid").to_string(), r.get("controller").and_then(Value::as_bool) == Some(true)))
                    .collect();
                crate::sort::sort(&mut u);
                u
            };
            if uids(&want) != uids(&have) {
                let mut next = live.clone();
                let m = meta::obj_mut(&mut next, &["metadata"]);
                if want.is_empty() {
                    m.remove("ownerReferences");
                } else {
                    m.insert("ownerReferences".into(), json!(want));
                }
                m.remove("resourceVersion");
                out.push(next);
            }
        }
        out
    }

    fn delete_pod(&mut self, p: &PodView) {
        let name = meta::name(p.obj).to_string();
        self.actions.push(Action::Delete {
            key: key_of(p.obj),
            uid: Some(meta::uid(p.obj).to_string()),
            propagation: Propagation::Background,
            grace: None,
            event: Some(pod_event(self.set, "delete", &name)),
        });
    }

    /// `createPersistentVolumeClaims`: creates missing claims; a claim in deletion is an error.
    fn create_claims(&mut self, ordinal: i64, pod_name: &str) -> Result<(), String> {
        for mut c in self.claims_for(ordinal) {
            let cname = meta::name(&c).to_string();
            match self.store.get3("PersistentVolumeClaim", self.ns, &cname) {
                Some(live) if meta::is_deleting(live) => return Err(format!("pvc {cname} is being deleted")),
                Some(_) => {}
                None => {
                    // The real controller sets the set's ownerRef (whenDeleted=Delete) right after creating the pod;
                    // creating the claim with it avoids an extra write and ends in the same state.
                    let refs = self.claim_refs(&c, None, ordinal);
                    if !refs.is_empty() {
                        meta::obj_mut(&mut c, &["metadata"]).insert("ownerReferences".into(), json!(refs));
                    }
                    let ev = claim_event(self.set, "create", &cname, pod_name);
                    self.actions.push(Action::Create { object: c, event: Some(ev) });
                }
            }
        }
        Ok(())
    }

    /// `newVersionedStatefulSetPod` + `newStatefulSetPod` + `initIdentity` + `updateStorage`.
    fn new_pod(&self, ordinal: i64, template: &Value, revision: &str) -> Value {
        let pod_name = format!("{}-{ordinal}", self.name);
        let mut labels = meta::at(template, "/metadata/labels").and_then(Value::as_object).cloned().unwrap_or_default();
        labels.insert(REVISION_LABEL.into(), json!(revision));
        labels.insert(POD_NAME_LABEL.into(), json!(pod_name));
        labels.insert(POD_INDEX_LABEL.into(), json!(ordinal.to_string()));
        let mut metadata = Map::new();
        metadata.insert("name".into(), json!(pod_name));
        metadata.insert("generateName".into(), json!(format!("{}-", self.name)));
        metadata.insert("namespace".into(), json!(self.ns));
        metadata.insert("labels".into(), Value::Object(labels));
        if let Some(a) =
            meta::at(template, "/metadata/annotations").filter(|a| a.as_object().is_some_and(|m| !m.is_empty()))
        {
            metadata.insert("annotations".into(), a.clone());
        }
        metadata.insert("ownerReferences".into(), Value::Array(vec![meta::owner_ref(self.set, true)]));
        if let Some(f) = meta::at(template, "/metadata/finalizers") {
            metadata.insert("finalizers".into(), f.clone());
        }
        let mut spec = template.get("spec").cloned().unwrap_or(json!({}));
        spec["hostname"] = json!(pod_name);
        let svc = s(self.set, "/spec/serviceName");
        if !svc.is_empty() {
            spec["subdomain"] = json!(svc);
        }
        let claims = self.claims_for(ordinal);
        let mut volumes: Vec<Value> = Vec::new();
        let mut tnames: Vec<String> = Vec::new();
        for (t, c) in meta::at(self.set, "/spec/volumeClaimTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .zip(&claims)
        {
            tnames.push(meta::name(t).to_string());
            volumes.push(json!({"name": meta::name(t), "persistentVolumeClaim": {"claimName": meta::name(c)}}));
        }
        // Go iterates a map here; sorted names keep the order deterministic.
        crate::sort::sort_by(&mut volumes, |a, b| s(a, "/name").cmp(s(b, "/name")));
        for v in spec.get("volumes").and_then(Value::as_array).into_iter().flatten() {
            if !tnames.iter().any(|n| n == s(v, "/name")) {
                volumes.push(v.clone());
            }
        }
        if !volumes.is_empty() {
            spec["volumes"] = Value::Array(volumes);
        }
        // Moved into the pod (a `json!` hole would copy the metadata and spec through serde's serializer).
        let mut pod = Map::with_capacity(4);
        pod.insert("apiVersion".into(), Value::String("v1".into()));
        pod.insert("kind".into(), Value::String("Pod".into()));
        pod.insert("metadata".into(), Value::Object(metadata));
        pod.insert("spec".into(), spec);
        Value::Object(pod)
    }

    fn identity_and_storage_match(&self, p: &PodView) -> bool {
        // The sync's pods all come from the store's index of pods named `SET-ORDINAL`, so the parent matches.
        let ok_identity = p.sum.pod_name_label_ok;
        if self.templates.is_empty() {
            return ok_identity;
        }
        // TEMPLATE-SET-ORDINAL, compared without building the names.
        let ord = p.ordinal.to_string();
        let ok_storage = self.templates.iter().all(|t| {
            p.sum.claims.iter().any(|(v, claim)| {
                v == t
                    && claim
                        .strip_prefix(t.as_str())
                        .and_then(|r| r.strip_prefix('-'))
                        .and_then(|r| r.strip_prefix(self.name))
                        .and_then(|r| r.strip_prefix('-'))
                        == Some(ord.as_str())
            })
        });
        ok_identity && ok_storage
    }

    /// `UpdateStatefulPod`: repair identity labels and claim ownership; one pod UPDATE and one event.
    fn update_pod(&mut self, p: &PodView) {
        let mut pod = p.obj.clone();
        let pname = meta::name(p.obj).to_string();
        let labels = meta::obj_mut(&mut pod, &["metadata", "labels"]);
        labels.insert(POD_NAME_LABEL.into(), json!(pname));
        labels.insert(POD_INDEX_LABEL.into(), json!(p.ordinal.to_string()));
        meta::obj_mut(&mut pod, &["metadata"]).remove("resourceVersion");
        for c in self.claim_updates(p.obj, p.ordinal) {
            self.actions.push(Action::Update { object: c, event: None });
        }
        let _ = self.create_claims(p.ordinal, &pname);
        let ev = pod_event(self.set, "update", &pname);
        self.actions.push(Action::Update { object: pod, event: Some(ev) });
    }
}

/// The revision's data: the pod template as a `$patch: replace` patch (`getPatch`), as the typed apps/v1 encoding
/// leaves it: nulls, empty lists and empty maps are gone (every such field of a pod template is a pointer, slice
/// or map with `omitempty`), so a manifest's `env: []` or `nodeSelector: {}` names the same revision as none. An
/// empty object stays where the Go field is a struct or a pointer to one (`resources: {}`, `emptyDir: {}`).
pub(crate) fn revision_data(set: &Value) -> Value {
    let mut t = meta::at(set, "/spec/template").cloned().unwrap_or(json!({}));
    drop_omitted(&mut t);
    if let Some(m) = t.as_object_mut() {
        m.insert("$patch".into(), json!("replace"));
    }
    json!({"spec": {"template": t}})
}

fn drop_omitted(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.values_mut().for_each(drop_omitted);
            m.retain(|k, x| !omitted(k, x));
        }
        Value::Array(a) => a.iter_mut().for_each(drop_omitted),
        _ => {}
    }
}

/// The map-typed fields of a pod template (`map[string]string`, `ResourceList`): empty, they are omitted.
const MAP_FIELDS: [&str; 6] = ["labels", "annotations", "nodeSelector", "overhead", "limits", "requests"];

fn omitted(key: &str, v: &Value) -> bool {
    v.is_null()
        || v.as_array().is_some_and(Vec::is_empty)
        || (MAP_FIELDS.contains(&key) && v.as_object().is_some_and(Map::is_empty))
}

fn has_omitted(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, x)| omitted(k, x) || has_omitted(x)),
        Value::Array(a) => a.iter().any(has_omitted),
        _ => false,
    }
}

/// `r.data == revision_data(set)` without building the data (this runs for every revision on every sync).
fn revision_data_equals(r: &Value, set: &Value) -> bool {
    let Some(template) = meta::at(set, "/spec/template").and_then(Value::as_object) else {
        return r.get("data") == Some(&revision_data(set));
    };
    if template.contains_key("$patch") {
        return r.get("data") == Some(&revision_data(set));
    }
    let data = r.get("data").and_then(Value::as_object);
    let spec = data.filter(|d| d.len() == 1).and_then(|d| d.get("spec")).and_then(Value::as_object);
    let Some(t) = spec.filter(|s| s.len() == 1).and_then(|s| s.get("template")).and_then(Value::as_object) else {
        return false;
    };
    // Object equality ignores key order, as the built data's would.
    let equal = t.len() == template.len() + 1
        && t.get("$patch").and_then(Value::as_str) == Some("replace")
        && template.iter().all(|(k, v)| t.get(k) == Some(v));
    // A template holding nulls or empty lists differs from its data only by them: compare the built data.
    equal
        || (has_omitted(meta::at(set, "/spec/template").unwrap_or(&Value::Null))
            && r.get("data") == Some(&revision_data(set)))
}

/// Whether a sync of `new` decides as a sync of `old` would: they differ at most in their resourceVersion and the
/// status counts a sync computes and never reads (`replicas`, `readyReplicas`, ...). A sync reads the status's
/// `currentRevision`, `currentReplicas` and `collisionCount`, and compares the whole status with the one it computes,
/// which is the same for the same pods. So the set's own status write does not need one more sync to find that
/// nothing is left to do (the real controller runs it; it returns without a write).
pub fn same_sync_inputs(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else { return false };
    o.len() == n.len()
        && o.iter().all(|(k, v)| {
            let Some(nv) = n.get(k) else { return false };
            match k.as_str() {
                "status" => {
                    ["currentRevision", "currentReplicas", "collisionCount"].iter().all(|f| v.get(f) == nv.get(f))
                }
                "metadata" => match (v.as_object(), nv.as_object()) {
                    (Some(a), Some(b)) => {
                        a.len() == b.len()
                            && a.iter().all(|(f, x)| {
                                f == "resourceVersion" || meta::get(b, f).is_some_and(|y| meta::json_eq(x, y))
                            })
                    }
                    _ => false,
                },
                _ => meta::json_eq(v, nv),
            }
        })
}

/// [`same_sync_inputs`] for a write of the status subresource, which copies every field but `status` from the live
/// version and sets `apiVersion`: only those two can differ (the metadata's resourceVersion aside).
pub fn same_sync_inputs_after_status_write(old: &Value, new: &Value) -> bool {
    let (Some(o), Some(n)) = (old.as_object(), new.as_object()) else { return false };
    o.len() == n.len()
        && o.iter().all(|(k, v)| {
            let Some(nv) = meta::get(n, k) else { return false };
            match k.as_str() {
                "status" => {
                    ["currentRevision", "currentReplicas", "collisionCount"].iter().all(|f| v.get(f) == nv.get(f))
                }
                "apiVersion" => v == nv,
                _ => true,
            }
        })
}

/// One sync of the StatefulSet at `k`.
pub fn reconcile(store: &Store, k: &Key, now: u64, gate_max_unavailable: bool) -> Vec<Action> {
    let (actions, counted) = sync(store, k, now, gate_max_unavailable, true);
    // The counted sync must decide exactly as the walk over every pod: debug builds (every test) check each one.
    #[cfg(debug_assertions)]
    if counted {
        let (walked, _) = sync(store, k, now, gate_max_unavailable, false);
        assert_eq!(format!("{actions:?}"), format!("{walked:?}"), "counted and walked syncs of {k:?} differ");
    }
    let _ = counted;
    actions
}

/// One sync; with `may_count`, a set whose pods are all in order takes its decisions from the store's counts
/// ([`super::store::PodGroup`]) instead of walking every pod. Returns the actions and whether it counted.
fn sync(store: &Store, k: &Key, now: u64, gate_max_unavailable: bool, may_count: bool) -> (Vec<Action>, bool) {
    let Some(set) = store.get(k) else { return (Vec::new(), false) };
    let (ns, name, uid) = (meta::namespace(set), meta::name(set), meta::uid(set));
    let mut cx = Ctx {
        store,
        set,
        ns,
        name,
        uid,
        now: now as i64,
        min_ready_ms: meta::i(set, "/spec/minReadySeconds").unwrap_or(0) * 1000,
        monotonic: s(set, "/spec/podManagementPolicy") != "Parallel",
        start: meta::i(set, "/spec/ordinals/start").unwrap_or(0),
        templates: meta::at(set, "/spec/volumeClaimTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| meta::name(t).to_string())
            .collect(),
        replicas: meta::i(set, "/spec/replicas").unwrap_or(1),
        policy: (
            s(set, "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted") == "Delete",
            s(set, "/spec/persistentVolumeClaimRetentionPolicy/whenScaled") == "Delete",
        ),
        actions: Vec::new(),
    };
    let selector = meta::at(set, "/spec/selector").unwrap_or(&Value::Null);
    let set_uid = store.interned(uid);
    let deleting_set = meta::is_deleting(set);

    // The counted sync covers the common case of a large set: Parallel, no claims, no minReadySeconds, the gate off,
    // and pods that are all the set's own, each in its own slot within the replicas, none mislabelled or terminal
    // and not yet being deleted (processReplica leaves a terminal pod in deletion alone).
    // Then processReplica only creates the missing pods, nothing is condemned, and the rolling update looks at the
    // slots from the top down only as far as the walk would.
    let group = store.pod_group(ns, name);
    let counted = may_count
        && !deleting_set
        && !cx.monotonic
        && cx.templates.is_empty()
        && cx.min_ready_ms == 0
        && !gate_max_unavailable
        && group.is_none_or(|g| {
            let all_ours = matches!(g.controllers.as_slice(), [(Some(c), n)]
                if set_uid.is_some_and(|s| Rc::ptr_eq(c, s)) && *n == g.len());
            all_ours
                && g.shared_ordinals == 0
                && g.needing_repair == 0
                && g.ordinal_bounds().is_some_and(|(lo, hi)| cx.in_range(lo) && cx.in_range(hi))
        });

    // Pods: ours, plus orphans of our name that match the selector (ClaimPods adopts them).
    let mut adopted: Vec<(Value, Summary)> = Vec::new();
    let mut owned: Vec<(&Value, &Summary)> = Vec::new();
    for e in (!counted).then(|| store.pods_of_parent(ns, name)).into_iter().flatten() {
        let p: &Value = &e.obj;
        match &e.sum.controller_uid {
            Some(u) if set_uid.is_some_and(|s| Rc::ptr_eq(u, s)) => owned.push((p, &*e.sum)),
            Some(_) => {}
            None => {
                if !deleting_set && !e.sum.deleting && meta::selector_matches(selector, meta::labels(p)) {
                    let mut a = p.clone();
                    let mut refs = meta::owner_refs(p).to_vec();
                    refs.push(meta::owner_ref(set, true));
                    meta::obj_mut(&mut a, &["metadata"]).insert("ownerReferences".into(), json!(refs));
                    meta::obj_mut(&mut a, &["metadata"]).remove("resourceVersion");
                    let mut sum = Summary::of(&a);
                    // Interned like the stored summaries, so revisions compare by pointer below.
                    if let Some(r) = store.interned(&sum.revision) {
                        sum.revision = r.clone();
                    }
                    adopted.push((a, sum));
                }
            }
        }
    }
    for (a, _) in &adopted {
        cx.actions.push(Action::Update { object: a.clone(), event: None });
    }

    // Revisions (getStatefulSetRevisions).
    // Only the revisions among the set's dependents: the pods (its other dependents) are not touched.
    let mut revisions: Vec<&Value> = store.dependents_of_kind(uid, "ControllerRevision").collect();
    crate::sort::sort_by_key(&mut revisions, |r| (meta::i(r, "/revision").unwrap_or(0), meta::name(r).to_string()));
    let mut collision = meta::i(set, "/status/collisionCount").unwrap_or(0);
    let next_number = revisions.last().and_then(|r| meta::i(r, "/revision")).unwrap_or(0) + 1;
    let last_equal = revisions.iter().rev().find(|r| revision_data_equals(r, set));
    // Borrowed from the store unless this sync makes a new or renumbered revision.
    let update_rev: Cow<Value> = if let Some(last_equal) = last_equal {
        if revisions.last().map(|r| meta::name(r)) == Some(meta::name(last_equal)) {
            Cow::Borrowed(*last_equal)
        } else {
            // Rolling back to an older template renumbers that revision.
            let mut r = (**last_equal).clone();
            r["revision"] = json!(next_number);
            meta::obj_mut(&mut r, &["metadata"]).remove("resourceVersion");
            cx.actions.push(Action::Update { object: r.clone(), event: None });
            Cow::Owned(r)
        }
    } else {
        let data = revision_data(set);
        let data_text = history::go_marshal(&data);
        // The stored data is those raw bytes, so it reads back with sorted keys.
        let data: Value = serde_json::from_str(&data_text).unwrap_or(data);
        let (rev_name, hash) = loop {
            let hash = history::revision_hash(&data_text, collision);
            let n = history::revision_name(name, &hash);
            match store.get3("ControllerRevision", ns, &n) {
                Some(existing) if existing.get("data") != Some(&data) => collision += 1,
                _ => break (n, hash),
            }
        };
        let mut labels =
            meta::at(set, "/spec/template/metadata/labels").and_then(Value::as_object).cloned().unwrap_or_default();
        labels.insert("controller.kubernetes.io/hash".into(), json!(hash));
        let mut md = json!({"name": rev_name, "namespace": ns, "labels": labels, "ownerReferences": [meta::owner_ref(set, true)]});
        if let Some(a) = meta::at(set, "/metadata/annotations").and_then(Value::as_object) {
            let mut a = a.clone();
            a.remove(super::api::LAST_APPLIED);
            if !a.is_empty() {
                md["annotations"] = Value::Object(a);
            }
        }
        let r = json!({"apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": md, "data": data, "revision": next_number});
        if store.get3("ControllerRevision", ns, &rev_name).is_none() {
            cx.actions.push(Action::Create { object: r.clone(), event: None });
        }
        Cow::Owned(r)
    };
    let update_name = meta::name(&update_rev).to_string();
    let status_current = s(set, "/status/currentRevision");
    let current_rev: &Value =
        revisions.iter().find(|r| meta::name(r) == status_current).copied().unwrap_or(update_rev.as_ref());
    let current_name = meta::name(current_rev).to_string();
    // A pod's revision is one of these exactly when it is the interned copy (or, for a name no stored pod
    // carries, when the strings match: an adopted pod's label).
    let (update_rc, current_rc) = (store.interned(&update_name), store.interned(&current_name));
    let same = |r: &Rc<str>, name: &str, interned: Option<&Rc<str>>| match interned {
        Some(i) => Rc::ptr_eq(r, i),
        None => &**r == name,
    };
    let is_update = |r: &Rc<str>| same(r, &update_name, update_rc);
    let is_current = |r: &Rc<str>| same(r, &current_name, current_rc);
    // `new_pod` reads labels, annotations, finalizers and spec: a revision's `$patch` key is never read.
    let empty = Value::Object(Map::new());
    let current_template = meta::at(current_rev, "/data/spec/template").unwrap_or(&empty);
    let update_template = meta::at(set, "/spec/template").unwrap_or(&empty);

    // Partition pods into replica slots and condemned pods. The same pass takes the status counts
    // (computeReplicaStatus over the pods observed at the start of the sync) and the revisions the pods carry:
    // a sync runs for every pod change, over every pod of the set, so it walks them once here and once in
    // processReplica below.
    let replicas_n = meta::i(set, "/spec/replicas").unwrap_or(1).max(0);
    let (min_ready, nowi) = (cx.min_ready_ms, cx.now);
    let rolling = s(set, "/spec/updateStrategy/type") == "RollingUpdate";
    let ru = meta::at(set, "/spec/updateStrategy/rollingUpdate").filter(|v| v.is_object());
    let partition = ru.map(|r| meta::i(r, "/partition").unwrap_or(0));
    let status_current_replicas = meta::i(set, "/status/currentReplicas").unwrap_or(0);
    let mut st = Status::default();
    // A set's pods carry one or two distinct revisions: a short list, checked against the last one added first,
    // costs less than hashing every pod's label on every sync.
    let mut distinct: Vec<&Rc<str>> = Vec::new();
    let mut deleted_for_update = 0;
    // When the next Ready pod turns available (minReadySeconds).
    let mut next_available: Option<i64> = None;
    if counted {
        let n = group.map_or(0, |g| g.len());
        for r in group.into_iter().flat_map(|g| &g.revisions) {
            distinct.push(&r.revision);
            st.replicas += r.pods as i64;
            // Without minReadySeconds, available is Ready.
            st.ready += r.running_ready as i64;
            st.available += r.running_ready as i64;
            if is_current(&r.revision) {
                st.current += r.live as i64;
            }
            if is_update(&r.revision) {
                st.updated += r.live as i64;
            }
        }
        let (lo, hi) = (cx.start, cx.start + replicas_n);
        // processReplica: every pod is in order, so only the empty slots, ascending, get a pod.
        if (n as i64) < replicas_n {
            let mut held = group.into_iter().flat_map(|g| g.ordinals(lo..hi)).map(|(o, _)| o).peekable();
            for ord in lo..hi {
                if held.next_if_eq(&ord).is_some() {
                    continue;
                }
                let use_current = rolling
                    && ((ru.is_none() && ord < cx.start + status_current_replicas)
                        || partition.is_some_and(|p| ord < cx.start + p));
                let (template, revision) =
                    if use_current { (current_template, &current_name) } else { (update_template, &update_name) };
                let pod = cx.new_pod(ord, template, revision);
                let ev = pod_event(set, "create", &format!("{name}-{ord}"));
                cx.actions.push(Action::Create { object: pod, event: Some(ev) });
            }
        }
        // The rolling update from the highest slot down: delete the first old pod, stop at an empty slot or an
        // unavailable pod.
        let update_min = partition.unwrap_or(0).max(0);
        if rolling && update_min < replicas_n && n as i64 == replicas_n {
            // Every slot is filled: the walk stops at the highest pod that is old and live (deleted) or unavailable,
            // found in the group's ordinal indexes.
            let g = group.expect("replicas_n > 0 pods");
            let from = lo + update_min;
            let highest = |m: &BTreeMap<i64, usize>| m.range(from..hi).next_back().map(|(o, _)| *o);
            let old = g.revisions.iter().filter(|r| !is_update(&r.revision)).filter_map(|r| highest(&r.live_ordinals));
            // The highest old live pod is deleted unless an unavailable pod above it stops the walk first.
            if let Some(ord) = old.max().filter(|o| Some(*o) >= highest(&g.unavailable)) {
                let e = g.ordinals(ord..ord + 1).next().and_then(|(_, pods)| pods.first()).expect("a live pod");
                cx.delete_pod(&PodView::new(&e.obj, &e.sum, ord));
                deleted_for_update = 1;
            }
        } else if rolling && update_min < replicas_n {
            let mut expect = hi - 1;
            for (ord, pods) in group.into_iter().flat_map(|g| g.ordinals(lo + update_min..hi).rev()) {
                let Some(e) = pods.first().filter(|_| ord == expect) else { break };
                let p = PodView::new(&e.obj, &e.sum, ord);
                if !is_update(&p.sum.revision) && !p.sum.deleting {
                    cx.delete_pod(&p);
                    deleted_for_update = 1;
                    break;
                }
                if p.unavailable(min_ready, nowi) {
                    break;
                }
                expect -= 1;
            }
        }
    } else {
        let mut slots: Vec<Slot> = (0..replicas_n).map(|i| Slot::New(cx.start + i)).collect();
        let mut condemned: Vec<PodView> = Vec::new();
        // Whether processReplica below can act on any pod: a slot without a pod (filled counts those with one), a
        // terminal pod, a pod with a wrong identity label, or any pod when claims are involved.
        let mut filled = 0;
        let mut replica_work = !cx.templates.is_empty();
        for (p, sum) in owned.iter().copied().chain(adopted.iter().map(|(a, s)| (a, s))) {
            let r = &sum.revision;
            if !distinct.last().is_some_and(|d| Rc::ptr_eq(d, r)) && !distinct.iter().any(|d| Rc::ptr_eq(d, r)) {
                distinct.push(r);
            }
            let Some(ord) = sum.ordinal else { continue };
            let view = PodView::new(p, sum, ord);
            st.replicas += 1;
            if view.running_and_ready() {
                st.ready += 1;
                if view.available(min_ready, nowi) {
                    st.available += 1;
                }
            }
            if !sum.deleting {
                if is_current(r) {
                    st.current += 1;
                }
                if is_update(r) {
                    st.updated += 1;
                }
            }
            if cx.in_range(ord) {
                replica_work |= sum.terminal || !sum.pod_name_label_ok;
                let slot = &mut slots[(ord - cx.start) as usize];
                if matches!(slot, Slot::New(_)) {
                    filled += 1;
                }
                *slot = Slot::Pod(view);
            } else {
                condemned.push(view);
            }
        }
        crate::sort::sort_by_key(&mut condemned, |p| std::cmp::Reverse(p.ordinal));

        // The first unhealthy pod: lowest unavailable slot, else lowest unavailable condemned pod. Only condemned pods
        // read it, so a sync without any does not look for it.
        let first_unavailable: Option<i64> = if condemned.is_empty() {
            None
        } else {
            slots
                .iter()
                .find_map(|sl| match sl {
                    Slot::New(o) => Some(*o),
                    Slot::Pod(p) => p.unavailable(min_ready, nowi).then_some(p.ordinal),
                })
                .or_else(|| condemned.iter().rev().find(|p| p.unavailable(min_ready, nowi)).map(|p| p.ordinal))
        };

        let mut stopped = deleting_set;
        // Under Parallel, with every slot filled by a live, correctly labelled pod and no claims to look after,
        // processReplica has nothing to do for any pod (the common sync of a large set: a pod changed readiness).
        let nothing_to_replicate = !cx.monotonic && filled == slots.len() && !replica_work;
        if !stopped && !nothing_to_replicate {
            // processReplica over the slots, ascending.
            for slot in &slots {
                let monotonic = cx.monotonic;
                match slot {
                    Slot::Pod(p) => {
                        if p.sum.terminal {
                            if !p.sum.deleting {
                                cx.delete_pod(p);
                            }
                            if monotonic {
                                stopped = true;
                                break;
                            }
                            continue;
                        }
                        // Without volumeClaimTemplates there is no claim to create.
                        if p.sum.pending && !cx.templates.is_empty() {
                            let pname = p.sum.name.clone();
                            if let Err(e) = cx.create_claims(p.ordinal, &pname) {
                                let mut ev = pod_event(set, "create", &pname).failed;
                                ev.message = format!("{} error: {e}", ev.message);
                                cx.actions.push(Action::Event(ev));
                                stopped = true;
                                break;
                            }
                        }
                        if monotonic && (p.sum.deleting || !p.running_and_ready() || !p.available(min_ready, nowi)) {
                            stopped = true;
                            break;
                        }
                        // Without templates there are no claims to update (skips a call per pod and sync).
                        let claims_ok = cx.templates.is_empty() || cx.claim_updates(p.obj, p.ordinal).is_empty();
                        // Without templates, identity is the pod-name label alone (the common case, decided inline).
                        let identity_ok = if cx.templates.is_empty() {
                            p.sum.pod_name_label_ok
                        } else {
                            cx.identity_and_storage_match(p)
                        };
                        if !(identity_ok && claims_ok) {
                            cx.update_pod(p);
                        }
                    }
                    Slot::New(ord) => {
                        let ord = *ord;
                        let pname = format!("{name}-{ord}");
                        // PodClaimIsStale: with whenScaled=Delete, a claim still owned by an earlier pod of this name
                        // blocks until the garbage collector has removed it.
                        if cx.policy().1 {
                            let stale = cx.claims_for(ord).iter().any(|c| {
                                store.get3("PersistentVolumeClaim", ns, meta::name(c)).is_some_and(|live| {
                                    meta::owner_refs(live)
                                        .iter()
                                        .any(|r| s(r, "/kind") == "Pod" && s(r, "/name") == pname)
                                })
                            });
                            if stale {
                                if monotonic {
                                    stopped = true;
                                    break;
                                }
                                continue;
                            }
                        }
                        if let Err(e) = cx.create_claims(ord, &pname) {
                            let mut ev = pod_event(set, "create", &pname).failed;
                            ev.message = format!("{} error: {e}", ev.message);
                            cx.actions.push(Action::Event(ev));
                            stopped = true;
                            break;
                        }
                        // Below the partition (or, without rollingUpdate, below currentReplicas) a pod comes back at the
                        // current revision; otherwise at the update revision.
                        let use_current = rolling
                            && ((ru.is_none() && ord < cx.start + status_current_replicas)
                                || partition.is_some_and(|p| ord < cx.start + p));
                        let pod = if use_current {
                            cx.new_pod(ord, current_template, &current_name)
                        } else {
                            cx.new_pod(ord, update_template, &update_name)
                        };
                        let ev = pod_event(set, "create", &pname);
                        cx.actions.push(Action::Create { object: pod, event: Some(ev) });
                        if monotonic {
                            stopped = true;
                            break;
                        }
                    }
                }
            }
        }

        if !stopped {
            // Claims of condemned pods get the ownership the retention policy asks for before the pods go.
            for p in &condemned {
                for c in cx.claim_updates(p.obj, p.ordinal) {
                    cx.actions.push(Action::Update { object: c, event: None });
                }
            }
            // processCondemned, highest ordinal first.
            for p in &condemned {
                if p.sum.deleting {
                    if cx.monotonic {
                        stopped = true;
                        break;
                    }
                    continue;
                }
                let first = first_unavailable == Some(p.ordinal);
                if cx.monotonic && (!p.running_and_ready() || !p.available(min_ready, nowi)) && !first {
                    stopped = true;
                    break;
                }
                cx.delete_pod(p);
                if cx.monotonic {
                    stopped = true;
                    break;
                }
            }
        }

        if !stopped && rolling {
            let update_min = partition.unwrap_or(0).max(0) as usize;
            if gate_max_unavailable {
                // updateStatefulSetAfterInvariantEstablished, as of v1.37 (PR #137666): under Parallel, old-revision
                // pods that are already unavailable go first and outside the budget ("phase 1"), so a broken pod left
                // behind by a reverted rollout is replaced instead of stalling it (#137409, the v1.35.0-1.35.3
                // regression); then available old pods go, within maxUnavailable minus what is unavailable.
                let max_unavailable =
                    ru.and_then(|r| r.get("maxUnavailable")).map(|v| scaled_value(v, replicas_n)).unwrap_or(1).max(1);
                let unavailable = slots
                    .iter()
                    .filter(|sl| match sl {
                        Slot::New(_) => true,
                        Slot::Pod(p) => p.unavailable(min_ready, nowi),
                    })
                    .count() as i64;
                let old = |p: &PodView| !is_update(&p.sum.revision) && !p.sum.deleting;
                if !cx.monotonic {
                    for sl in slots[update_min.min(slots.len())..].iter().rev() {
                        if let Slot::Pod(p) = sl {
                            if old(p) && p.unavailable(min_ready, nowi) {
                                cx.delete_pod(p);
                                deleted_for_update += 1;
                            }
                        }
                    }
                }
                if unavailable <= max_unavailable {
                    let mut to_delete = max_unavailable - unavailable;
                    let mut t = slots.len();
                    while t > update_min && to_delete > 0 {
                        t -= 1;
                        if let Slot::Pod(p) = &slots[t] {
                            // Under Parallel the unavailable ones went in phase 1.
                            if old(p) && (cx.monotonic || !p.unavailable(min_ready, nowi)) {
                                cx.delete_pod(p);
                                deleted_for_update += 1;
                                to_delete -= 1;
                            }
                        }
                    }
                }
            } else {
                let mut t = slots.len();
                while t > update_min {
                    t -= 1;
                    match &slots[t] {
                        Slot::Pod(p) if !is_update(&p.sum.revision) && !p.sum.deleting => {
                            cx.delete_pod(p);
                            deleted_for_update = 1;
                            break;
                        }
                        Slot::Pod(p) if !p.unavailable(min_ready, nowi) => {}
                        _ => break,
                    }
                }
            }
        }

        if cx.min_ready_ms > 0 {
            next_available = slots
                .iter()
                .filter_map(|sl| if let Slot::Pod(p) = sl { Some(p) } else { None })
                .filter(|p| p.running_and_ready() && !p.available(min_ready, nowi))
                .filter_map(|p| p.sum.ready_since)
                .map(|t| t + min_ready + 1)
                .min();
        }
    }

    // Status: the counts taken above.
    st.current -= deleted_for_update;
    let (mut current_name, mut current) = (current_name, st.current);
    if rolling && st.updated == replicas_n && st.ready == replicas_n && st.replicas == replicas_n {
        current = st.updated;
        current_name = update_name.clone();
    }
    let mut status = Map::new();
    status.insert("observedGeneration".into(), json!(meta::i(set, "/metadata/generation").unwrap_or(1)));
    status.insert("replicas".into(), json!(st.replicas));
    let mut put = |k: &str, v: i64| {
        if v != 0 {
            status.insert(k.into(), json!(v));
        }
    };
    put("readyReplicas", st.ready);
    put("currentReplicas", current);
    put("updatedReplicas", st.updated);
    status.insert("currentRevision".into(), json!(current_name));
    status.insert("updateRevision".into(), json!(update_name));
    status.insert("collisionCount".into(), json!(collision));
    status.insert("availableReplicas".into(), json!(st.available));
    let new_status = Value::Object(status);
    if !set.get("status").is_some_and(|s| meta::json_eq(s, &new_status)) {
        // The status subresource takes only the status; the reference keeps the resourceVersion it was read at.
        let mut next = events::reference(set);
        next["status"] = new_status;
        cx.actions.push(Action::UpdateStatus(next));
    }

    // Availability changes with time alone: sync again when the next Ready pod turns available.
    if let Some(at) = next_available {
        cx.actions.push(Action::RequeueAt(at.max(nowi) as u64, Work::StatefulSet(k.clone())));
    }

    // truncateHistory: keep revisionHistoryLimit non-live revisions.
    let limit = meta::i(set, "/spec/revisionHistoryLimit").unwrap_or(10);
    let mut live: Vec<&str> = vec![current_name.as_str(), update_name.as_str(), status_current];
    live.extend(distinct.iter().map(|r| &***r));
    let hist: Vec<&&Value> = revisions.iter().filter(|r| !live.contains(&meta::name(r))).collect();
    if limit >= 0 && hist.len() as i64 > limit {
        for r in &hist[..hist.len() - limit as usize] {
            cx.actions.push(Action::Delete {
                key: key("ControllerRevision", ns, meta::name(r)),
                uid: None,
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        }
    }
    (cx.actions, counted)
}

#[derive(Default)]
struct Status {
    replicas: i64,
    ready: i64,
    available: i64,
    current: i64,
    updated: i64,
}

/// `intstr.GetScaledValueFromIntOrPercent(v, total, roundUp=false)`.
fn scaled_value(v: &Value, total: i64) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap_or(1),
        Value::String(t) => match t.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) {
            Some(p) => p * total / 100,
            None => t.parse().unwrap_or(1),
        },
        _ => 1,
    }
}
