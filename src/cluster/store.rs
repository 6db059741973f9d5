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

#[derive(Default)]
pub struct Store {
    objects: BTreeMap<Key, Value>,
    by_uid: HashMap<String, Key>,
    dependents: HashMap<String, BTreeSet<Key>>,
    rv: u64,
    log: Vec<(u64, WatchEvent)>,
}

impl Store {
    pub fn get(&self, k: &Key) -> Option<&Value> {
        self.objects.get(k)
    }

    pub fn get3(&self, kind: &str, ns: &str, name: &str) -> Option<&Value> {
        self.objects.get(&key(kind, ns, name))
    }

    pub fn by_uid(&self, uid: &str) -> Option<&Value> {
        self.by_uid.get(uid).and_then(|k| self.objects.get(k))
    }

    /// Objects of `kind`, in `namespace` or all, in key order.
    pub fn list<'a>(&'a self, kind: &str, namespace: Option<&str>) -> impl Iterator<Item = &'a Value> + 'a {
        let lo = key(kind, namespace.unwrap_or(""), "");
        let kind = kind.to_string();
        let ns = namespace.map(String::from);
        self.objects
            .range(lo..)
            .take_while(move |(k, _)| k.0 == kind && ns.as_ref().is_none_or(|n| &k.1 == n))
            .map(|(_, v)| v)
    }

    /// Objects of `kind` in `namespace` whose name starts with `prefix` (a range scan: a StatefulSet's `web-*` pods).
    pub fn list_prefix<'a>(
        &'a self,
        kind: &str,
        namespace: &str,
        prefix: &str,
    ) -> impl Iterator<Item = &'a Value> + 'a {
        let lo = key(kind, namespace, prefix);
        let (kind, ns, prefix) = (kind.to_string(), namespace.to_string(), prefix.to_string());
        self.objects
            .range(lo..)
            .take_while(move |(k, _)| k.0 == kind && k.1 == ns && k.2.starts_with(&prefix))
            .map(|(_, v)| v)
    }

    /// Objects whose ownerReferences name `owner_uid`.
    pub fn dependents<'a>(&'a self, owner_uid: &str) -> impl Iterator<Item = &'a Value> + 'a {
        self.dependents.get(owner_uid).into_iter().flatten().filter_map(|k| self.objects.get(k))
    }

    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    /// Writes `o` (a new or changed object) with the next resourceVersion; returns the stored copy.
    pub fn put(&mut self, mut o: Value, at: u64) -> Value {
        self.rv += 1;
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        let k = key_of(&o);
        let old = self.objects.insert(k.clone(), o.clone());
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
        let mut o = self.objects.remove(k)?;
        self.unindex(k, &o);
        self.rv += 1;
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        self.log.push((self.rv, WatchEvent { kind: "DELETED", object: o.clone(), at }));
        Some(o)
    }

    fn index(&mut self, k: &Key, o: &Value) {
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
