//! The API server's storage: objects keyed by kind/namespace/name (so a list is one ordered range scan, in etcd
//! key order), indexes by UID and by owner UID (controllers find their children without scanning), and the
//! change log that watches and the event loop read.

use super::meta;
use super::WatchEvent;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// kind, namespace ("" for cluster-scoped), name.
pub type Key = (String, String, String);

pub fn key(kind: &str, namespace: &str, name: &str) -> Key {
    (kind.to_string(), namespace.to_string(), name.to_string())
}

pub fn key_of(o: &Value) -> Key {
    key(meta::kind(o), meta::namespace(o), meta::name(o))
}

/// What controllers read from an object on every sync, extracted once per write: JSON field lookups cost far more
/// than these fields (a StatefulSet sync walks all of its pods).
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub name: String,
    pub uid: String,
    pub controller_uid: Option<String>,
    pub has_owner_refs: bool,
    pub deleting: bool,
    pub phase: String,
    pub ready: bool,
    /// ms of the Ready condition's last transition to True.
    pub ready_since: Option<i64>,
    pub revision: String,
    /// `statefulset.kubernetes.io/pod-name` equals the pod's name.
    pub pod_name_label_ok: bool,
    /// (volume name, claim name) of the pod's PVC volumes.
    pub claims: Vec<(String, String)>,
}

impl Summary {
    pub fn of(o: &Value) -> Summary {
        let md = o.get("metadata");
        let labels = md.and_then(|m| m.get("labels"));
        let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
        let status = o.get("status");
        let ready_cond = status
            .and_then(|s| s.get("conditions"))
            .and_then(Value::as_array)
            .and_then(|cs| cs.iter().find(|c| c.get("type").and_then(Value::as_str) == Some("Ready")));
        let refs = md.and_then(|m| m.get("ownerReferences")).and_then(Value::as_array);
        Summary {
            name: meta::name(o).to_string(),
            uid: meta::uid(o).to_string(),
            controller_uid: meta::controller_ref(o).map(|r| meta::s(r, "/uid").to_string()),
            has_owner_refs: refs.is_some_and(|r| !r.is_empty()),
            deleting: meta::is_deleting(o),
            phase: status.and_then(|s| s.get("phase")).and_then(Value::as_str).unwrap_or("").to_string(),
            ready: ready_cond.is_some_and(|c| c.get("status").and_then(Value::as_str) == Some("True")),
            ready_since: ready_cond
                .and_then(|c| c.get("lastTransitionTime"))
                .and_then(Value::as_str)
                .and_then(meta::parse_time),
            revision: label("controller-revision-hash").unwrap_or("").to_string(),
            pod_name_label_ok: label("statefulset.kubernetes.io/pod-name") == Some(meta::name(o)),
            claims: o
                .get("spec")
                .and_then(|s| s.get("volumes"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    let c = v.get("persistentVolumeClaim")?.get("claimName")?.as_str()?;
                    Some((meta::s(v, "/name").to_string(), c.to_string()))
                })
                .collect(),
        }
    }
}

pub struct Entry {
    pub obj: Value,
    pub sum: Summary,
}

#[derive(Default)]
pub struct Store {
    /// kind → namespace → name: nested so lookups by `&str` need no allocation.
    objects: BTreeMap<String, BTreeMap<String, BTreeMap<String, Entry>>>,
    by_uid: HashMap<String, Key>,
    dependents: HashMap<String, BTreeSet<Key>>,
    rv: u64,
    log: Vec<(u64, WatchEvent)>,
    /// Per (kind, namespace): how many objects carry ownerReferences (lets the StatefulSet sync skip claim lookups
    /// when no claim in the namespace has any).
    with_owner_refs: HashMap<(String, String), usize>,
}

impl Store {
    pub fn get(&self, k: &Key) -> Option<&Value> {
        self.get3(&k.0, &k.1, &k.2)
    }

    pub fn get3(&self, kind: &str, ns: &str, name: &str) -> Option<&Value> {
        self.objects.get(kind)?.get(ns)?.get(name).map(|e| &e.obj)
    }

    pub fn entry(&self, kind: &str, ns: &str, name: &str) -> Option<&Entry> {
        self.objects.get(kind)?.get(ns)?.get(name)
    }

    pub fn by_uid(&self, uid: &str) -> Option<&Value> {
        self.by_uid.get(uid).and_then(|k| self.get(k))
    }

    /// Objects of `kind`, in `namespace` or all, in key order.
    pub fn list<'a>(&'a self, kind: &str, namespace: Option<&str>) -> impl Iterator<Item = &'a Value> + 'a {
        let by_ns = self.objects.get(kind);
        let one = namespace.map(String::from);
        by_ns
            .into_iter()
            .flat_map(|m| m.iter())
            .filter(move |(ns, _)| one.as_ref().is_none_or(|o| o == *ns))
            .flat_map(|(_, names)| names.values().map(|e| &e.obj))
    }

    /// Objects of `kind` in `namespace` whose name starts with `prefix` (a range scan: a StatefulSet's `web-*` pods).
    pub fn list_prefix<'a>(
        &'a self,
        kind: &str,
        namespace: &str,
        prefix: &str,
    ) -> impl Iterator<Item = &'a Entry> + 'a {
        let names = self.objects.get(kind).and_then(|m| m.get(namespace));
        let prefix = prefix.to_string();
        names
            .into_iter()
            .flat_map(move |m| {
                m.range(prefix.clone()..).take_while({
                    let prefix = prefix.clone();
                    move |(n, _)| n.starts_with(&prefix)
                })
            })
            .map(|(_, v)| v)
    }

    /// Objects whose ownerReferences name `owner_uid`.
    pub fn dependents<'a>(&'a self, owner_uid: &str) -> impl Iterator<Item = &'a Value> + 'a {
        self.dependents.get(owner_uid).into_iter().flatten().filter_map(|k| self.get(k))
    }

    /// Dependents of one kind, without touching the others (a set's revisions among its thousand pods).
    pub fn dependents_of_kind<'a>(&'a self, owner_uid: &str, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
        // The set is ordered by kind first, so one kind is one range.
        let lo = key(kind, "", "");
        self.dependents
            .get(owner_uid)
            .into_iter()
            .flat_map(move |set| set.range(lo.clone()..).take_while(move |k| k.0 == kind))
            .filter_map(|k| self.get(k))
    }

    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    /// Writes `o` (a new or changed object) with the next resourceVersion; returns the stored copy.
    pub fn put(&mut self, mut o: Value, at: u64) -> Value {
        self.rv += 1;
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        let k = key_of(&o);
        let entry = Entry { sum: Summary::of(&o), obj: o.clone() };
        let old = self
            .objects
            .entry(k.0.clone())
            .or_default()
            .entry(k.1.clone())
            .or_default()
            .insert(k.2.clone(), entry)
            .map(|e| e.obj);
        if let Some(old) = &old {
            self.unindex(&k, old);
        }
        self.index(&k, &o);
        let kind = if old.is_some() { "MODIFIED" } else { "ADDED" };
        self.log.push((self.rv, WatchEvent { kind, object: o.clone(), at }));
        o
    }

    /// Removes the object for good (the API's final delete).
    pub fn remove(&mut self, k: &Key, at: u64) -> Option<Value> {
        let mut o = self.objects.get_mut(&k.0)?.get_mut(&k.1)?.remove(&k.2)?.obj;
        self.unindex(k, &o);
        self.rv += 1;
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        self.log.push((self.rv, WatchEvent { kind: "DELETED", object: o.clone(), at }));
        Some(o)
    }

    /// Number of `kind` objects in `namespace` that have ownerReferences.
    pub fn count_with_owner_refs(&self, kind: &str, namespace: &str) -> usize {
        self.with_owner_refs.get(&(kind.to_string(), namespace.to_string())).copied().unwrap_or(0)
    }

    fn index(&mut self, k: &Key, o: &Value) {
        if !meta::owner_refs(o).is_empty() {
            *self.with_owner_refs.entry((k.0.clone(), k.1.clone())).or_default() += 1;
        }
        let uid = meta::uid(o);
        if !uid.is_empty() {
            self.by_uid.insert(uid.to_string(), k.clone());
        }
        for r in meta::owner_refs(o) {
            if let Some(u) = r.get("uid").and_then(Value::as_str) {
                self.dependents.entry(u.to_string()).or_default().insert(k.clone());
            }
        }
    }

    fn unindex(&mut self, k: &Key, o: &Value) {
        if !meta::owner_refs(o).is_empty() {
            if let Some(n) = self.with_owner_refs.get_mut(&(k.0.clone(), k.1.clone())) {
                *n -= 1;
            }
        }
        let uid = meta::uid(o);
        if self.by_uid.get(uid) == Some(k) {
            self.by_uid.remove(uid);
        }
        for r in meta::owner_refs(o) {
            if let Some(u) = r.get("uid").and_then(Value::as_str) {
                if let Some(set) = self.dependents.get_mut(u) {
                    set.remove(k);
                    if set.is_empty() {
                        self.dependents.remove(u);
                    }
                }
            }
        }
    }

    /// Log entries with resourceVersion > `since`.
    pub fn log_since(&self, since: u64) -> &[(u64, WatchEvent)] {
        let start = self.log.partition_point(|(rv, _)| *rv <= since);
        &self.log[start..]
    }
}
