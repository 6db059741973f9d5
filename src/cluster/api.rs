//! The API server's write paths: create (defaulting, validation, uid/resourceVersion/generation/timestamps),
//! update (status subresource, optimistic concurrency), patch, `kubectl apply`, delete (graceful pod deletion,
//! finalizers, propagation through the garbage collector).

use super::decode::{self, FieldValidation};
use super::meta::At;
use super::meta::{self, obj_mut};
use super::store::{self, Key};
use super::{defaults, kinds, patch, validation, ApiError, ApplyOutcome, Cluster, PatchType, Propagation};
use serde_json::{json, Map, Value};
use std::rc::Rc;

pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Subresource {
    Main,
    Status,
}

fn kind_info(o: &Value) -> Result<&'static kinds::KindInfo, ApiError> {
    let kind = meta::kind(o);
    if kind.is_empty() {
        return Err(ApiError::bad_request("Object 'Kind' is missing in the object"));
    }
    kinds::by_kind(kind).ok_or_else(|| {
        ApiError::bad_request(format!("no matches for kind \"{kind}\" in version \"{}\"", meta::s(o, "/apiVersion")))
    })
}

fn has_generation(kind: &str) -> bool {
    matches!(kind, "StatefulSet" | "Deployment" | "ReplicaSet" | "DaemonSet" | "PodDisruptionBudget")
}

/// Everything but metadata and status: what a generation counts.
fn spec_part(o: &Value) -> Map<String, Value> {
    o.as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "metadata" | "status" | "apiVersion" | "kind"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// `spec_part(a) == spec_part(b)` without copying either.
fn spec_part_eq(a: &Value, b: &Value) -> bool {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        return spec_part(a) == spec_part(b);
    };
    let spec = |k: &String| !matches!(k.as_str(), "metadata" | "status" | "apiVersion" | "kind");
    a.keys().filter(|k| spec(k)).count() == b.keys().filter(|k| spec(k)).count()
        && a.iter().filter(|(k, _)| spec(k)).all(|(k, v)| b.get(k) == Some(v))
}

/// JSON with object keys sorted, as Go's `json.Marshal` of a map writes it (the last-applied annotation).
pub fn sorted_json(v: &Value) -> String {
    fn canon(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                crate::sort::sort(&mut keys);
                Value::Object(keys.into_iter().map(|k| (k.clone(), canon(&m[k]))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(canon).collect()),
            o => o.clone(),
        }
    }
    serde_json::to_string(&canon(v)).unwrap_or_default()
}

impl Cluster {
    fn default_storage_class(&self) -> Option<String> {
        self.store
            .list("StorageClass", None)
            .find(|sc| meta::annotation(sc, "storageclass.kubernetes.io/is-default-class") == Some("true"))
            .map(|sc| meta::name(sc).to_string())
    }

    /// Fills the namespace of a namespaced object ("default" when missing) and clears it for cluster-scoped ones.
    fn normalize_namespace(&self, o: &mut Value, info: &kinds::KindInfo) {
        let m = obj_mut(o, &["metadata"]);
        if info.namespaced {
            if m.get("namespace").and_then(Value::as_str).is_none_or(str::is_empty) {
                m.insert("namespace".into(), json!("default"));
            }
        } else {
            m.remove("namespace");
        }
    }

    /// POST. `generate_name` is honoured (`web-7784b5b74d-` + 5 random characters).
    pub(crate) fn create_object(&mut self, mut o: Value, dry_run: bool) -> Result<Rc<Value>, ApiError> {
        let info = kind_info(&o)?;
        self.normalize_namespace(&mut o, info);
        if meta::name(&o).is_empty() {
            let gen = meta::s(&o, "/metadata/generateName").to_string();
            if !gen.is_empty() {
                let suffix = self.rng.name_suffix(5);
                obj_mut(&mut o, &["metadata"]).insert("name".into(), json!(format!("{gen}{suffix}")));
            }
        }
        let ns = meta::namespace(&o).to_string();
        let name = meta::name(&o).to_string();
        if info.namespaced && self.store.get3("Namespace", "", &ns).is_none() {
            return Err(ApiError::not_found("Namespace", &ns));
        }
        if info.namespaced && meta::is_deleting(self.store.get3("Namespace", "", &ns).unwrap()) {
            return Err(ApiError {
                code: 403,
                reason: "Forbidden".into(),
                message: format!(
                    "{} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                    info.plural
                ),
            });
        }
        if !name.is_empty() && self.store.get3(info.kind, &ns, &name).is_some() {
            return Err(ApiError::already_exists(info.kind, &name));
        }
        let default_class = self.default_storage_class();
        defaults::apply(&mut o, default_class.as_deref());
        defaults::admit_create(&mut o);
        if info.kind == "Pod" {
            let (store, rng) = (&self.store, &mut self.admission_rng);
            let account = |sa: &str| store.get3("ServiceAccount", &ns, sa).cloned();
            super::serviceaccount::admit_pod(&mut o, &ns, account, || rng.name_suffix(5)).map_err(|cause| {
                ApiError {
                    code: 403,
                    reason: "Forbidden".into(),
                    message: format!("pods \"{name}\" is forbidden: {cause}"),
                }
            })?;
        }
        if info.kind == "Service" {
            self.allocate_cluster_ip(&mut o)?;
            self.allocate_node_ports(&mut o)?;
        }
        let errs = validation::validate_create(&o);
        if !errs.is_empty() {
            return Err(ApiError::invalid(info.kind, &name, &errs));
        }
        {
            // BeforeCreate fills the system fields for a dry run too (kubectl diff shows them on a new object).
            // A dry run's uid is derived from what is created and when, not drawn: the cluster's random stream
            // (later names, uids, addresses) stays as it would be without the dry run.
            let uid = if dry_run {
                let mut h: u64 = 0xcbf2_9ce4_8422_2325;
                for b in format!("{}/{ns}/{name}", info.kind).bytes().chain(self.now.to_le_bytes()) {
                    h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
                }
                super::rng::Rng::new(h).uuid()
            } else {
                self.rng.uuid()
            };
            let m = obj_mut(&mut o, &["metadata"]);
            m.insert("uid".into(), json!(uid));
            m.insert("creationTimestamp".into(), json!(meta::rfc3339(self.now)));
            if has_generation(info.kind) {
                m.insert("generation".into(), json!(1));
            }
            for f in ["resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"] {
                m.remove(f);
            }
        }
        if let Some(m) = o.as_object_mut() {
            m.insert("apiVersion".into(), json!(info.api_version));
        }
        if dry_run {
            return Ok(Rc::new(order_fields(o)));
        }
        // A created object was built by inserts (defaults, admission): stored as an exact-size copy.
        let stored = self.store.put(meta::compact(order_fields(o)), self.now);
        if info.kind == "Namespace" {
            let sa = json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": name}});
            let _ = self.create_object(sa, false);
            // The publisher is another component: its object's uid comes from the admission stream, so that
            // adding it did not reshuffle every uid and Service IP drawn after a namespace exists.
            std::mem::swap(&mut self.rng, &mut self.admission_rng);
            let _ = self.create_object(super::serviceaccount::root_ca_configmap(&name), false);
            std::mem::swap(&mut self.rng, &mut self.admission_rng);
        }
        Ok(stored)
    }

    /// Service `clusterIP` allocation from 10.96.0.0/12, random in the dynamic (upper) band as the allocator
    /// prefers since v1.27; `None` stays headless.
    fn allocate_cluster_ip(&mut self, o: &mut Value) -> Result<(), ApiError> {
        let ty = meta::s(o, "/spec/type").to_string();
        if ty == "ExternalName" {
            return Ok(());
        }
        let requested = meta::s(o, "/spec/clusterIP").to_string();
        let used: std::collections::HashSet<String> =
            self.store.list("Service", None).map(|s| meta::s(s, "/spec/clusterIP").to_string()).collect();
        let ip = if requested.is_empty() {
            loop {
                let off = 256 + self.rng.below((1 << 20) - 256 - 1);
                let ip = format!("10.{}.{}.{}", 96 + (off >> 16), (off >> 8) & 0xff, off & 0xff);
                if !used.contains(&ip) {
                    break ip;
                }
            }
        } else {
            if requested != "None" && used.contains(&requested) {
                return Err(ApiError::invalid(
                    "Service",
                    meta::name(o),
                    &[format!("spec.clusterIPs: Invalid value: [\"{requested}\"]: failed to allocate IP {requested}: provided IP is already allocated")],
                ));
            }
            requested
        };
        let spec = obj_mut(o, &["spec"]);
        spec.insert("clusterIP".into(), json!(ip));
        spec.insert("clusterIPs".into(), json!([ip]));
        Ok(())
    }

    /// `nodePort`s for NodePort and LoadBalancer Services, from 30000-32767. As the allocator does since v1.27
    /// (`pkg/registry/core/service/portallocator`, KEP-3668), dynamic ports come from the upper band first (above
    /// an offset of min(max(16, size/32), 128)), leaving the lower band to ports users ask for.
    fn allocate_node_ports(&mut self, o: &mut Value) -> Result<(), ApiError> {
        const BASE: u32 = 30000;
        const SIZE: u32 = 2768;
        if !matches!(meta::s(o, "/spec/type"), "NodePort" | "LoadBalancer") {
            return Ok(());
        }
        // the ports every other Service holds (an update may keep or give back its own)
        let own = (meta::namespace(o).to_string(), meta::name(o).to_string());
        let mut used: std::collections::HashSet<i64> = self
            .store
            .list("Service", None)
            .filter(|s| (meta::namespace(s), meta::name(s)) != (own.0.as_str(), own.1.as_str()))
            .flat_map(|s| {
                let ports = s.at("/spec/ports").and_then(Value::as_array).into_iter().flatten();
                ports
                    .filter_map(|p| p.get("nodePort").and_then(Value::as_i64))
                    .chain(meta::i(s, "/spec/healthCheckNodePort"))
            })
            .filter(|n| *n != 0)
            .collect();
        let name = meta::name(o).to_string();
        let offset = (SIZE / 32).clamp(16, 128);
        let mut next_port = |used: &mut std::collections::HashSet<i64>| -> Result<i64, ApiError> {
            if used.len() >= (SIZE - offset) as usize {
                return Err(ApiError::internal("failed to allocate a nodePort: range is full"));
            }
            loop {
                let n = i64::from(BASE + offset + self.rng.below(SIZE - offset));
                if used.insert(n) {
                    return Ok(n);
                }
            }
        };
        let take = |used: &mut std::collections::HashSet<i64>, i: usize, n: i64| -> Result<(), ApiError> {
            let err = if !(i64::from(BASE)..i64::from(BASE + SIZE)).contains(&n) {
                format!(
                    "provided port is not in the valid range. The range of valid ports is {BASE}-{}",
                    BASE + SIZE - 1
                )
            } else if !used.insert(n) {
                "provided port is already allocated".to_string()
            } else {
                return Ok(());
            };
            Err(ApiError::invalid("Service", &name, &[format!("spec.ports[{i}].nodePort: Invalid value: {n}: {err}")]))
        };
        // shouldAllocateNodePorts: a LoadBalancer may opt out, and then only requested ports are taken
        let allocate = meta::s(o, "/spec/type") == "NodePort"
            || o.pointer("/spec/allocateLoadBalancerNodePorts").and_then(Value::as_bool) != Some(false);
        let Some(ports) = o.pointer_mut("/spec/ports").and_then(Value::as_array_mut) else { return Ok(()) };
        let requested: Vec<(Option<i64>, Option<i64>)> = ports
            .iter()
            .map(|p| (p.get("port").and_then(Value::as_i64), p.get("nodePort").and_then(Value::as_i64)))
            .collect();
        // initNodePorts: ports with the same number (TCP and UDP 53) share one node port
        let mut by_port: std::collections::HashMap<Option<i64>, i64> = std::collections::HashMap::new();
        for (i, p) in ports.iter_mut().enumerate() {
            let (port, own) = requested[i];
            if own.is_none() && !allocate {
                continue;
            }
            let n = match by_port.get(&port) {
                None => {
                    let n = match requested.iter().find(|(q, n)| *q == port && n.is_some()) {
                        Some((_, Some(n))) => {
                            take(&mut used, i, *n)?;
                            *n
                        }
                        _ => next_port(&mut used)?,
                    };
                    by_port.insert(port, n);
                    n
                }
                Some(&shared) => match own {
                    Some(n) if n != shared => {
                        take(&mut used, i, n)?;
                        n
                    }
                    _ => shared,
                },
            };
            if let Some(m) = p.as_object_mut() {
                m.insert("nodePort".into(), json!(n));
            }
        }
        // NeedsHealthCheck: a LoadBalancer keeping client addresses gets a health check port as well
        let local = meta::s(o, "/spec/type") == "LoadBalancer" && meta::s(o, "/spec/externalTrafficPolicy") == "Local";
        if local && meta::i(o, "/spec/healthCheckNodePort").unwrap_or(0) == 0 {
            let n = next_port(&mut used)?;
            obj_mut(o, &["spec"]).insert("healthCheckNodePort".into(), json!(n));
        }
        Ok(())
    }

    /// PUT of the main resource or the status subresource.
    pub(crate) fn update_object(&mut self, o: Value, sub: Subresource) -> Result<Rc<Value>, ApiError> {
        self.update_object_as(o, sub, false)
    }

    /// PUT, or with `dry_run` everything but the write (the object the server would store, as `dryRun=All`
    /// answers).
    fn update_object_as(&mut self, mut o: Value, sub: Subresource, dry_run: bool) -> Result<Rc<Value>, ApiError> {
        let info = kind_info(&o)?;
        self.normalize_namespace(&mut o, info);
        let k = store::key_of(&o);
        let live = self.store.get_rc(&k).cloned().ok_or_else(|| ApiError::not_found(info.kind, &k.2))?;
        let rv = meta::s(&o, "/metadata/resourceVersion");
        if !rv.is_empty() && rv != meta::s(&live, "/metadata/resourceVersion") {
            return Err(ApiError::conflict(info.kind, &k.2));
        }
        // Set when the write is known to change the object, so the whole-object comparison below is skipped.
        let mut changed = false;
        if sub == Subresource::Status {
            // The live object with the new status; the old status is not copied only to be dropped.
            let status = o.as_object_mut().and_then(|m| m.remove("status"));
            let same_version = live.get("apiVersion").and_then(Value::as_str) == Some(info.api_version);
            let same_status = match (live.get("status"), status.as_ref()) {
                (Some(a), Some(b)) => meta::json_eq(a, b),
                _ => false,
            };
            if same_version && same_status {
                return Ok(live);
            }
            if let Some(st) = status.as_ref().filter(|_| info.kind == "PodDisruptionBudget") {
                let errs = validation::pdb_status(st);
                if !errs.is_empty() {
                    return Err(ApiError::invalid(info.kind, &k.2, &errs));
                }
            }
            changed = same_version && status.is_some();
            o = match (live.as_object(), status) {
                (Some(lm), Some(st)) => {
                    // Exact-size copies: this version is kept (store, watch log) while a pod runs.
                    let mut next = Map::with_capacity(lm.len() + 1);
                    let mut st = Some(meta::compact(st));
                    for (k, v) in lm {
                        let v = if k == "status" { st.take().unwrap_or(Value::Null) } else { meta::compact_clone(v) };
                        next.insert(k.clone(), v);
                    }
                    if let Some(st) = st {
                        next.insert("status".into(), st);
                    }
                    Value::Object(next)
                }
                _ => Value::clone(&live),
            };
        } else {
            // System-owned metadata and (with a status subresource) status come from the live object.
            let lm = live.get("metadata");
            let m = obj_mut(&mut o, &["metadata"]);
            for f in ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"] {
                match lm.and_then(|lm| lm.get(f)) {
                    Some(v) => m.insert(f.into(), v.clone()),
                    None => m.remove(f),
                };
            }
            if info.has_status_subresource() {
                if let Some(m) = o.as_object_mut() {
                    match live.get("status") {
                        Some(s) => m.insert("status".into(), s.clone()),
                        None => m.remove("status"),
                    };
                }
            }
            let default_class = self.default_storage_class();
            defaults::apply(&mut o, default_class.as_deref());
            if info.kind == "Service" && meta::s(&o, "/spec/clusterIP").is_empty() {
                let ip = live.at("/spec/clusterIP").cloned().unwrap_or(Value::Null);
                obj_mut(&mut o, &["spec"]).insert("clusterIP".into(), ip);
                let ips = live.at("/spec/clusterIPs").cloned().unwrap_or(Value::Null);
                obj_mut(&mut o, &["spec"]).insert("clusterIPs".into(), ips);
            }
            if info.kind == "Service" {
                keep_node_ports(&mut o, &live);
                // updateNodePorts: ports added by the update get node ports too
                self.allocate_node_ports(&mut o)?;
            }
            let errs = validation::validate_update(&o, &live);
            if !errs.is_empty() {
                return Err(ApiError::invalid(info.kind, &k.2, &errs));
            }
            if has_generation(info.kind) && !spec_part_eq(&o, &live) {
                let g = meta::i(&live, "/metadata/generation").unwrap_or(1) + 1;
                obj_mut(&mut o, &["metadata"]).insert("generation".into(), json!(g));
            }
        }
        if let Some(m) = o.as_object_mut() {
            m.insert("apiVersion".into(), json!(info.api_version));
        }
        obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), live["metadata"]["resourceVersion"].clone());
        // A status write is built from the live object, field by field, so it is already in order.
        let o = if sub == Subresource::Status { o } else { order_fields(o) };
        if !changed && meta::json_eq(&o, &live) {
            return Ok(live);
        }
        if dry_run {
            return Ok(Rc::new(o));
        }
        let graceful_pod = info.kind == "Pod" && meta::i(&o, "/metadata/deletionGracePeriodSeconds").unwrap_or(0) > 0;
        if meta::is_deleting(&o) && meta::finalizers(&o).is_empty() && !graceful_pod {
            return Ok(self.store.remove(&k, self.now).unwrap_or_else(|| Rc::new(o)));
        }
        Ok(self.store.put_with(o, self.now, sub == Subresource::Status))
    }

    /// The `pods/binding` subresource: `spec.nodeName` and the condition PodScheduled=True in ONE write, as
    /// `BindingREST.setPodNodeAndMetadata` does them in one `GuaranteedUpdate` (kubernetes
    /// pkg/registry/core/pod/storage/storage.go; `podutil.UpdatePodCondition` keeps the old transition time when
    /// the status does not change, and drops the reason and message of an earlier PodScheduled=False). `qos` is
    /// written with it, as before (defaulting stores BestEffort at creation).
    pub(crate) fn bind_pod(&mut self, k: &Key, uid: &str, node: &str, qos: &str) -> Result<Rc<Value>, ApiError> {
        let live = self.store.get_rc(k).cloned().ok_or_else(|| ApiError::not_found(&k.0, &k.2))?;
        if meta::uid(&live) != uid {
            return Err(ApiError::conflict(&k.0, &k.2));
        }
        if meta::is_deleting(&live) {
            return Err(ApiError::conflict(&k.0, &k.2));
        }
        let bound = meta::s(&live, "/spec/nodeName");
        if !bound.is_empty() {
            return Err(ApiError::conflict(&k.0, &k.2));
        }
        let now = meta::rfc3339(self.now);
        let Some(lm) = live.as_object() else { return Err(ApiError::not_found(&k.0, &k.2)) };
        // Exact-size copies, as every stored version (see `update_object`).
        let mut next = Map::with_capacity(lm.len() + 1);
        for (key, v) in lm {
            let v = match key.as_str() {
                "spec" => {
                    let mut spec = meta::compact_clone(v);
                    if let Some(m) = spec.as_object_mut() {
                        m.insert("nodeName".into(), json!(node));
                    }
                    spec
                }
                "status" => continue,
                _ => meta::compact_clone(v),
            };
            next.insert(key.clone(), v);
        }
        let old = live.get("status");
        let mut conditions: Vec<Value> =
            old.and_then(|s| s.get("conditions")).and_then(Value::as_array).cloned().unwrap_or_default();
        let scheduled = |ltt: Value| json!({"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": ltt});
        match conditions.iter_mut().find(|c| meta::s(c, "/type") == "PodScheduled") {
            Some(c) => {
                let ltt = match c.get("status").and_then(Value::as_str) {
                    Some("True") => c.get("lastTransitionTime").cloned().unwrap_or(Value::Null),
                    _ => json!(now),
                };
                *c = scheduled(ltt);
            }
            None => conditions.push(scheduled(json!(now))),
        }
        let mut status = Map::new();
        status.insert("phase".into(), old.and_then(|s| s.get("phase")).cloned().unwrap_or_else(|| json!("Pending")));
        status.insert("conditions".into(), Value::Array(conditions));
        for (key, v) in old.and_then(Value::as_object).into_iter().flatten() {
            if !matches!(key.as_str(), "phase" | "conditions" | "qosClass") {
                status.insert(key.clone(), v.clone());
            }
        }
        status.insert("qosClass".into(), json!(qos));
        next.insert("status".into(), meta::compact(Value::Object(status)));
        Ok(self.store.put(Value::Object(next), self.now))
    }

    /// DELETE: graceful for scheduled pods, held by finalizers, propagation via the garbage collector.
    pub(crate) fn delete_object(
        &mut self,
        k: &Key,
        propagation: Propagation,
        grace: Option<u64>,
    ) -> Result<Rc<Value>, ApiError> {
        let live = self.store.get_rc(k).cloned().ok_or_else(|| ApiError::not_found(&k.0, &k.2))?;
        let mut o = Value::clone(&live);
        let mut finalizers = meta::finalizers(&o);
        let extra = match propagation {
            Propagation::Foreground => Some("foregroundDeletion"),
            Propagation::Orphan => Some("orphan"),
            Propagation::Background => None,
        };
        if let Some(f) = extra {
            if !finalizers.iter().any(|x| x == f) && !meta::is_deleting(&live) {
                finalizers.push(f.to_string());
            }
        }
        let is_pod = k.0 == "Pod";
        let scheduled = !meta::s(&o, "/spec/nodeName").is_empty();
        let terminal = matches!(meta::s(&o, "/status/phase"), "Succeeded" | "Failed");
        let pod_grace = if is_pod && scheduled && !terminal {
            Some(
                grace.unwrap_or_else(|| meta::i(&o, "/spec/terminationGracePeriodSeconds").unwrap_or(30).max(0) as u64),
            )
        } else if is_pod {
            Some(0)
        } else {
            None
        };
        if meta::is_deleting(&live) {
            // A second delete may only shorten a pod's grace period.
            if let (Some(g), Some(old)) = (pod_grace, meta::i(&live, "/metadata/deletionGracePeriodSeconds")) {
                if (g as i64) < old {
                    let m = obj_mut(&mut o, &["metadata"]);
                    m.insert("deletionGracePeriodSeconds".into(), json!(g));
                    m.insert("deletionTimestamp".into(), json!(meta::rfc3339(self.now + g * 1000)));
                    if g == 0 && meta::finalizers(&o).is_empty() {
                        return Ok(self.store.remove(k, self.now).unwrap_or_else(|| Rc::new(o)));
                    }
                    return Ok(self.store.put(o, self.now));
                }
            }
            return Ok(live);
        }
        let g = pod_grace.unwrap_or(0);
        if g > 0 || !finalizers.is_empty() {
            let m = obj_mut(&mut o, &["metadata"]);
            m.insert("deletionTimestamp".into(), json!(meta::rfc3339(self.now + g * 1000)));
            m.insert("deletionGracePeriodSeconds".into(), json!(g));
            if !finalizers.is_empty() {
                m.insert("finalizers".into(), json!(finalizers));
            }
            return Ok(self.store.put(o, self.now));
        }
        Ok(self.store.remove(k, self.now).unwrap_or_else(|| Rc::new(o)))
    }

    /// `POST`: creates the object (decoding, defaulting and validating it as the API server does), with the
    /// field validation kubectl and Helm ask for (`Strict`).
    pub fn create(&mut self, obj: Value) -> Result<Value, ApiError> {
        self.create_as(obj, FieldValidation::Strict, false).map(|(o, _)| o)
    }

    /// Defaults and validates without storing (`--dry-run=server`).
    pub fn create_dry_run(&mut self, obj: Value) -> Result<Value, ApiError> {
        self.create_as(obj, FieldValidation::Strict, true).map(|(o, _)| o)
    }

    /// `POST` with a `fieldValidation` directive: the object and the warnings the response carries.
    pub fn create_as(
        &mut self,
        mut obj: Value,
        fv: FieldValidation,
        dry_run: bool,
    ) -> Result<(Value, Vec<String>), ApiError> {
        let warnings = decode_request(&mut obj, fv)?;
        let r = self.create_object(obj, dry_run);
        if !dry_run {
            self.settle();
        }
        r.map(|o| (Rc::unwrap_or_clone(o), warnings))
    }

    /// `PUT`: replaces the object (resourceVersion checked when given).
    pub fn update(&mut self, obj: Value) -> Result<Value, ApiError> {
        self.update_as(obj, FieldValidation::Strict).map(|(o, _)| o)
    }

    /// `PUT` with a `fieldValidation` directive.
    pub fn update_as(&mut self, mut obj: Value, fv: FieldValidation) -> Result<(Value, Vec<String>), ApiError> {
        let warnings = decode_request(&mut obj, fv)?;
        let r = self.update_object(obj, Subresource::Main);
        self.settle();
        r.map(|o| (Rc::unwrap_or_clone(o), warnings))
    }

    /// `PUT .../status`.
    pub fn update_status(&mut self, obj: Value) -> Result<Value, ApiError> {
        let r = self.update_object(obj, Subresource::Status);
        self.settle();
        r.map(Rc::unwrap_or_clone)
    }

    /// `PATCH`.
    pub fn patch(
        &mut self,
        kind: &str,
        namespace: &str,
        name: &str,
        p: &Value,
        ty: PatchType,
    ) -> Result<Value, ApiError> {
        self.patch_subresource(kind, namespace, name, p, ty, "")
    }

    /// `PATCH` of the object (`sub` empty) or of its `status` subresource. The patch applies to the whole object,
    /// then the status strategy keeps only the status (PrepareForUpdate copies the old spec and metadata back), so
    /// `{"spec":...}` sent to status is accepted and changes nothing. A kind without the subresource has no such
    /// path: the server's 404 for an unknown URL.
    pub fn patch_subresource(
        &mut self,
        kind: &str,
        namespace: &str,
        name: &str,
        p: &Value,
        ty: PatchType,
        sub: &str,
    ) -> Result<Value, ApiError> {
        let status = match sub {
            "" => false,
            "status" if kinds::by_kind(kind).is_some_and(|k| k.has_status_subresource()) => true,
            "scale" if matches!(kind, "StatefulSet" | "Deployment" | "ReplicaSet") => {
                return self.patch_scale(kind, namespace, name, p, ty)
            }
            _ => {
                return Err(ApiError {
                    code: 404,
                    reason: "NotFound".into(),
                    message: "the server could not find the requested resource".into(),
                })
            }
        };
        let live = self.get(kind, namespace, name)?;
        let mut next = match ty {
            PatchType::Merge => Ok(patch::merge_patch(&live, p)),
            PatchType::StrategicMerge => patch::strategic_merge(&live, p),
            PatchType::Json => patch::json_patch(&live, p),
        }
        .map_err(|e| ApiError { code: 422, reason: "Invalid".into(), message: e })?;
        // A patch applies to the version it read; keep identity fields from the live object.
        for f in ["kind", "apiVersion"] {
            next[f] = live[f].clone();
        }
        let m = obj_mut(&mut next, &["metadata"]);
        m.insert("name".into(), json!(name));
        m.remove("resourceVersion");
        if !meta::namespace(&live).is_empty() {
            m.insert("namespace".into(), json!(namespace));
        }
        // The patched object is converted into the Go type (`FromUnstructuredWithValidation` in the patch
        // handler): known-wrong here, its errors are worded as a decoded body's, and unknown fields are dropped
        // (a Strict patch refuses them as `patch: Invalid value: "map[...]"`).
        decode_request(&mut next, FieldValidation::Ignore)?;
        let r = self.update_object(next, if status { Subresource::Status } else { Subresource::Main });
        self.settle();
        r.map(Rc::unwrap_or_clone)
    }

    /// The `scale` subresource (ScaleREST in pkg/registry/apps/*/storage): the patch applies to the autoscaling/v1
    /// Scale the object shows, and only its `spec.replicas` reaches the object; the answer is the new Scale.
    fn patch_scale(&mut self, kind: &str, ns: &str, name: &str, p: &Value, ty: PatchType) -> Result<Value, ApiError> {
        let scale = scale_of(&self.get(kind, ns, name)?);
        let next = match ty {
            PatchType::Merge => Ok(patch::merge_patch(&scale, p)),
            PatchType::StrategicMerge => patch::strategic_merge(&scale, p),
            PatchType::Json => patch::json_patch(&scale, p),
        }
        .map_err(|e| ApiError { code: 422, reason: "Invalid".into(), message: e })?;
        // Decoding into the Go Scale: encoding/json's words for a value an int32 cannot hold; none is 0.
        let replicas = match next.at("/spec/replicas") {
            None | Some(Value::Null) => 0,
            Some(Value::Number(n)) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) => n.as_i64().unwrap_or(0),
            Some(v) => {
                let what = match v {
                    Value::Number(n) => format!("number {n}"),
                    Value::String(_) => "string".into(),
                    Value::Bool(_) => "bool".into(),
                    Value::Array(_) => "array".into(),
                    _ => "object".into(),
                };
                return Err(ApiError::bad_request(format!(
                    "json: cannot unmarshal {what} into Go struct field ScaleSpec.spec.replicas of type int32"
                )));
            }
        };
        if replicas < 0 {
            return Err(ApiError {
                code: 422,
                reason: "Invalid".into(),
                message: format!(
                    "Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: {replicas}: must be greater \
                     than or equal to 0"
                ),
            });
        }
        let o = self.patch(kind, ns, name, &json!({"spec": {"replicas": replicas}}), PatchType::Merge)?;
        Ok(scale_of(&o))
    }

    /// `kubectl apply` (client-side): creates with the last-applied annotation, or three-way merges the manifest
    /// into the live object.
    pub fn apply(&mut self, obj: Value) -> Result<(Value, ApplyOutcome), ApiError> {
        self.apply_as(obj, FieldValidation::Strict).map(|(o, outcome, _)| (o, outcome))
    }

    /// `kubectl apply` with a `--validate` directive: also the warnings the server sent.
    pub fn apply_as(
        &mut self,
        mut obj: Value,
        fv: FieldValidation,
    ) -> Result<(Value, ApplyOutcome, Vec<String>), ApiError> {
        let info = kind_info(&obj)?;
        let warnings = decode_request(&mut obj, fv)?;
        let (o, outcome) = self.apply_decoded(obj, info, false)?;
        Ok((o, outcome, warnings))
    }

    /// What `kubectl apply` would make of the manifest, stored nowhere: the patch kubectl sends with
    /// `dryRun=All`, as `kubectl diff` (its MERGED side) and `apply --dry-run=server` ask for it.
    pub fn apply_dry_run(&mut self, mut obj: Value) -> Result<(Value, ApplyOutcome), ApiError> {
        let info = kind_info(&obj)?;
        decode_request(&mut obj, FieldValidation::Strict)?;
        self.apply_decoded(obj, info, true)
    }

    fn apply_decoded(
        &mut self,
        obj: Value,
        info: &'static kinds::KindInfo,
        dry_run: bool,
    ) -> Result<(Value, ApplyOutcome), ApiError> {
        let mut manifest = obj;
        self.normalize_namespace(&mut manifest, info);
        // kubectl's GetModifiedConfiguration sets annotations to {} when absent, so last-applied shows it
        obj_mut(&mut manifest, &["metadata", "annotations"]).remove(LAST_APPLIED);
        let mut annotated = manifest.clone();
        let last = format!("{}\n", sorted_json(&manifest));
        obj_mut(&mut annotated, &["metadata", "annotations"]).insert(LAST_APPLIED.into(), json!(last));
        let k = store::key_of(&annotated);
        let Some(live) = self.store.get(&k).cloned() else {
            let r = self.create_object(annotated, dry_run).map(|o| (Rc::unwrap_or_clone(o), ApplyOutcome::Created));
            if !dry_run {
                self.settle();
            }
            return r;
        };
        let original: Value =
            meta::annotation(&live, LAST_APPLIED).and_then(|t| serde_json::from_str(t).ok()).unwrap_or(Value::Null);
        let mut merged = patch::three_way(&original, &annotated, &live);
        obj_mut(&mut merged, &["metadata"]).remove("resourceVersion");
        let before = self.store.resource_version();
        let r = self.update_object_as(merged, Subresource::Main, dry_run);
        if dry_run {
            return r.map(|o| {
                let same = meta::json_eq(&o, &live);
                let outcome = if same { ApplyOutcome::Unchanged } else { ApplyOutcome::Configured };
                (Rc::unwrap_or_clone(o), outcome)
            });
        }
        let outcome =
            if self.store.resource_version() == before { ApplyOutcome::Unchanged } else { ApplyOutcome::Configured };
        self.settle();
        r.map(|o| (Rc::unwrap_or_clone(o), outcome))
    }

    /// `DELETE` with a propagation policy and an optional grace period in seconds.
    pub fn delete(
        &mut self,
        kind: &str,
        namespace: &str,
        name: &str,
        propagation: Propagation,
        grace_seconds: Option<u64>,
    ) -> Result<Value, ApiError> {
        let info = kinds::by_kind(kind).ok_or_else(|| ApiError::not_found(kind, name))?;
        let ns = if info.namespaced { namespace } else { "" };
        let r = self.delete_object(&store::key(kind, ns, name), propagation, grace_seconds);
        self.settle();
        r.map(Rc::unwrap_or_clone)
    }
}

/// The API server decodes a write's body into the kind's Go type before anything else (defaulting happens
/// in that decoding, then admission, then validation): a value of the wrong type is refused there, as are
/// unknown fields under `Strict` (otherwise dropped). The handlers (`endpoints/handlers/create.go`,
/// `update.go`) word it through `transformDecodeError`.
fn decode_request(o: &mut Value, fv: FieldValidation) -> Result<Vec<String>, ApiError> {
    decode::integral_floats(o);
    let d = decode::decode(o);
    let kind = meta::kind(o);
    let api_version = meta::s(o, "/apiVersion");
    let version = api_version.rsplit('/').next().unwrap_or("");
    let wrap =
        |e: &str| ApiError::bad_request(format!("{kind} in version \"{version}\" cannot be handled as a {kind}: {e}"));
    if let Some(e) = d.error {
        return Err(wrap(&e));
    }
    if d.unknown.is_empty() {
        return Ok(Vec::new());
    }
    match fv {
        FieldValidation::Strict => Err(wrap(&format!("strict decoding error: {}", d.unknown.join(", ")))),
        FieldValidation::Warn => {
            decode::prune(o);
            Ok(d.unknown)
        }
        FieldValidation::Ignore => {
            decode::prune(o);
            Ok(Vec::new())
        }
    }
}

/// apiVersion, kind, metadata, spec, then the rest, status last: the order the API server serializes.
/// An update that leaves out a port's `nodePort` keeps the one allocated to the same port before, as the
/// Service REST storage's `patchAllocatedValues` does, instead of releasing and re-allocating it.
/// The autoscaling/v1 Scale of a workload: its replicas, and the selector as a label query string.
pub fn scale_of(o: &Value) -> Value {
    let mut sel: Vec<String> = o
        .at("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
        .collect();
    crate::sort::sort(&mut sel);
    let mut m = Map::new();
    for k in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
        if let Some(v) = o.at("/metadata").and_then(|lm| lm.get(k)) {
            m.insert(k.into(), v.clone());
        }
    }
    json!({
        "kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": m,
        "spec": {"replicas": o.at("/spec/replicas").cloned().unwrap_or(json!(1))},
        "status": {"replicas": o.at("/status/replicas").cloned().unwrap_or(json!(0)), "selector": sel.join(",")},
    })
}

fn keep_node_ports(o: &mut Value, live: &Value) {
    let local =
        |v: &Value| meta::s(v, "/spec/type") == "LoadBalancer" && meta::s(v, "/spec/externalTrafficPolicy") == "Local";
    if local(o) && local(live) && meta::i(o, "/spec/healthCheckNodePort").unwrap_or(0) == 0 {
        if let Some(n) = live.at("/spec/healthCheckNodePort").cloned() {
            obj_mut(o, &["spec"]).insert("healthCheckNodePort".into(), n);
        }
    }
    let old: Vec<Value> = live.at("/spec/ports").and_then(Value::as_array).cloned().unwrap_or_default();
    let Some(ports) = o.pointer_mut("/spec/ports").and_then(Value::as_array_mut) else { return };
    for p in ports.iter_mut().filter(|p| p.get("nodePort").is_none()) {
        let same = old.iter().find(|q| q.get("port") == p.get("port") && q.get("name") == p.get("name"));
        if let (Some(n), Some(m)) = (same.and_then(|q| q.get("nodePort")), p.as_object_mut()) {
            m.insert("nodePort".into(), n.clone());
        }
    }
}

fn order_fields(o: Value) -> Value {
    let Value::Object(mut m) = o else { return o };
    let mut out = Map::with_capacity(m.len());
    for k in ["apiVersion", "kind", "metadata", "spec"] {
        if let Some(v) = m.remove(k) {
            out.insert(k.into(), v);
        }
    }
    if let Some(Value::Object(md)) = out.get_mut("metadata") {
        let mut sorted = Map::with_capacity(md.len());
        for k in [
            "name",
            "generateName",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "labels",
            "annotations",
            "ownerReferences",
            "finalizers",
        ] {
            if let Some(v) = md.remove(k) {
                sorted.insert(k.into(), v);
            }
        }
        sorted.append(md);
        // Go serializes maps with sorted keys.
        for k in ["labels", "annotations"] {
            if let Some(Value::Object(m)) = sorted.get_mut(k) {
                m.sort_keys();
            }
        }
        *md = sorted;
    }
    let status = m.remove("status");
    for (k, v) in m {
        out.insert(k, v);
    }
    if let Some(s) = status {
        out.insert("status".into(), s);
    }
    Value::Object(out)
}
