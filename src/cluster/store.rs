//! The API server's storage: objects keyed by kind/namespace/name (so a list is one ordered range scan, in etcd
//! key order), indexes by UID, by owner UID and of pods by the parent part of their name (controllers find their
//! children without scanning), and the change log that watches and the event loop read.
//!
//! Objects are shared, not copied: the store holds each version behind an `Rc`, the change log holds the same `Rc`,
//! and a write replaces the pointer (a version is never changed in place once stored). The log is compacted to a
//! window of [`WATCH_WINDOW`] changes, as the API server's watch cache and etcd's compaction bound theirs; a
//! watch from before the window gets `410 Gone` (see `Cluster::watch`).

use super::meta;
use serde_json::Value;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::rc::Rc;

/// Kinds kept as their JSON text, decoded when read (as etcd keeps every object as bytes and the API server decodes
/// on read). Events are most of a busy cluster's objects (12,000 for a 1,000-replica rollout) and almost never read
/// back by a controller; as `serde_json::Value` one costs about 4 KB, as text under 1 KB.
const COMPACT_KINDS: [&str; 1] = ["Event"];

fn compact_kind(kind: &str) -> bool {
    COMPACT_KINDS.contains(&kind)
}

/// A stored version kept as JSON text. `value` holds the decoded form once an internal reader asked for a
/// reference to it (a count bump of an Event, say); the public edge ([`Store::get_owned`], [`Store::list_owned`])
/// decodes a fresh copy instead, so listing Events does not grow the store back to full size.
struct Compact {
    /// Shared with the change log's entry for this version.
    text: Rc<str>,
    value: OnceCell<Rc<Value>>,
}

impl Compact {
    fn new(o: &Value) -> Compact {
        Compact { text: serde_json::to_string(o).unwrap_or_default().into(), value: OnceCell::new() }
    }

    fn decode(&self) -> Value {
        // Text this store wrote from a Value always reads back (preserve_order keeps the field order).
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    fn rc(&self) -> &Rc<Value> {
        self.value.get_or_init(|| Rc::new(self.decode()))
    }

    fn owned(&self) -> Value {
        match self.value.get() {
            Some(v) => (**v).clone(),
            None => self.decode(),
        }
    }
}

/// Changes kept for watchers after compaction: at least this many, and every change younger than
/// [`WATCH_FRESH_MS`], as the API server's watch cache keeps them (storage/cacher/watch_cache.go: capacity grows so
/// that events younger than `eventFreshDuration` stay). A watcher that falls further behind gets `410 Gone` and
/// lists again.
pub const WATCH_WINDOW: usize = 1024;
/// `eventFreshDuration` (75 s) in simulated milliseconds.
pub const WATCH_FRESH_MS: u64 = 75_000;

/// One entry of the change log: a shared version of an object.
#[derive(Clone, Debug)]
pub struct Change {
    /// `ADDED`, `MODIFIED`, `DELETED`.
    pub kind: &'static str,
    pub object: Rc<Value>,
    /// Simulated time of the change.
    pub at: u64,
    /// A modification that changed nothing a StatefulSet sync reads: a pod's whose [`Summary`] stayed as it was
    /// (its binding, its container statuses), a set's that only wrote the status counts its own sync computes
    /// ([`super::statefulset::same_sync_inputs`]). The sync need not run for it.
    pub same_summary: bool,
    /// A write of the status subresource: nothing but `.status` (and the resourceVersion) changed.
    pub status_only: bool,
    /// For the [`COMPACT_KINDS`]: the whole version as the store keeps it (JSON text), while `object` holds only
    /// its `apiVersion`, `kind` and `metadata`, all the event loop and the node read. A watcher decodes the text
    /// ([`Change::full`]), so an Event in the watch window costs its text, shared with the store, not a `Value`.
    pub text: Option<Rc<str>>,
}

impl Change {
    /// The whole object of this change.
    pub fn full(&self) -> Value {
        match &self.text {
            Some(t) => serde_json::from_str(t).unwrap_or_else(|_| Value::clone(&self.object)),
            None => Value::clone(&self.object),
        }
    }
}

/// kind, namespace ("" for cluster-scoped), name.
pub type Key = (String, String, String);

pub fn key(kind: &str, namespace: &str, name: &str) -> Key {
    (kind.to_string(), namespace.to_string(), name.to_string())
}

pub fn key_of(o: &Value) -> Key {
    // One lookup of `metadata` for both of its fields.
    let md = meta::field(o, "metadata");
    let field = |f: &str| md.and_then(|m| meta::field(m, f)).and_then(Value::as_str).unwrap_or("");
    key(meta::kind(o), field("namespace"), field("name"))
}

/// What controllers read from an object on every sync, extracted once per write: JSON field lookups cost far more
/// than these fields (a StatefulSet sync walks all of its pods).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub name: String,
    pub uid: String,
    /// Interned by the store (see [`Store::interned`]): equal strings are the same `Rc`.
    pub controller_uid: Option<Rc<str>>,
    pub has_owner_refs: bool,
    pub deleting: bool,
    pub phase: String,
    /// `phase` is Running, Pending, or Failed/Succeeded (terminal): compared once per write, not per sync.
    pub running: bool,
    pub pending: bool,
    pub terminal: bool,
    pub ready: bool,
    /// ms of the Ready condition's last transition to True.
    pub ready_since: Option<i64>,
    /// Interned by the store, as `controller_uid`.
    pub revision: Rc<str>,
    /// `statefulset.kubernetes.io/pod-name` equals the pod's name.
    pub pod_name_label_ok: bool,
    /// (volume name, claim name) of the pod's PVC volumes.
    pub claims: Vec<(String, String)>,
    /// The ordinal of a `PARENT-ORDINAL` name.
    pub ordinal: Option<i64>,
}

impl Summary {
    pub fn of(o: &Value) -> Summary {
        let md = meta::field(o, "metadata");
        let labels = md.and_then(|m| meta::field(m, "labels"));
        let label = |k: &str| labels.and_then(|l| meta::field(l, k)).and_then(Value::as_str);
        let status = meta::field(o, "status");
        let ready_cond = status
            .and_then(|s| meta::field(s, "conditions"))
            .and_then(Value::as_array)
            .and_then(|cs| cs.iter().find(|c| meta::field(c, "type").and_then(Value::as_str) == Some("Ready")));
        let refs = md.and_then(|m| meta::field(m, "ownerReferences")).and_then(Value::as_array);
        let phase = status.and_then(|s| meta::field(s, "phase")).and_then(Value::as_str).unwrap_or("");
        Summary {
            running: phase == "Running",
            pending: phase == "Pending",
            terminal: matches!(phase, "Failed" | "Succeeded"),
            name: meta::name(o).to_string(),
            uid: meta::uid(o).to_string(),
            controller_uid: meta::controller_ref(o).map(|r| Rc::from(meta::s(r, "/uid"))),
            has_owner_refs: refs.is_some_and(|r| !r.is_empty()),
            deleting: meta::is_deleting(o),
            phase: phase.to_string(),
            ready: ready_cond.is_some_and(|c| meta::field(c, "status").and_then(Value::as_str) == Some("True")),
            ready_since: ready_cond
                .and_then(|c| meta::field(c, "lastTransitionTime"))
                .and_then(Value::as_str)
                .and_then(meta::parse_time),
            revision: Rc::from(label("controller-revision-hash").unwrap_or("")),
            pod_name_label_ok: label("statefulset.kubernetes.io/pod-name") == Some(meta::name(o)),
            claims: meta::field(o, "spec")
                .and_then(|s| meta::field(s, "volumes"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    let c = meta::field(meta::field(v, "persistentVolumeClaim")?, "claimName")?.as_str()?;
                    Some((meta::s(v, "/name").to_string(), c.to_string()))
                })
                .collect(),
            ordinal: super::statefulset::parent_and_ordinal(meta::name(o)).map(|(_, o)| o),
        }
    }
}

#[derive(Clone)]
pub struct Entry {
    pub obj: Rc<Value>,
    pub sum: Rc<Summary>,
}

/// The pods named `PARENT-ORDINAL` for one parent, by name and by ordinal, with counts kept as pods are written:
/// what a StatefulSet sync reads from a thousand pods (status counts, revisions, whether every slot is filled) is
/// then a few numbers, not a walk (`statefulset::reconcile`'s fast path; the walk stays for everything else).
#[derive(Default)]
pub struct PodGroup {
    by_name: BTreeMap<String, Entry>,
    /// The same pods by ordinal: `web-1` and `web-01` share one (both parse to 1, as `getParentNameAndOrdinal`).
    by_ordinal: BTreeMap<i64, Vec<Entry>>,
    /// Ordinals held by more than one pod.
    pub shared_ordinals: usize,
    /// Pods per controller UID (interned, compared by pointer; `None`: no controller).
    pub controllers: Vec<(Option<Rc<str>>, usize)>,
    /// Pods a sync's processReplica would act on by themselves: terminal and not yet being deleted, or with a wrong
    /// pod-name label.
    pub needing_repair: usize,
    /// Per revision label (interned): the pods carrying it.
    pub revisions: Vec<RevisionCount>,
    /// Ordinals (with how many pods hold each) of the pods not Running and Ready, or being deleted: unavailable
    /// to a rolling update without minReadySeconds.
    pub unavailable: BTreeMap<i64, usize>,
}

/// The pods of a [`PodGroup`] with one revision label.
#[derive(Clone, Debug)]
pub struct RevisionCount {
    pub revision: Rc<str>,
    pub pods: usize,
    /// Running and Ready (`isRunningAndReady`).
    pub running_ready: usize,
    /// Not being deleted.
    pub live: usize,
    /// Ordinals (with how many pods hold each) of the pods not being deleted.
    pub live_ordinals: BTreeMap<i64, usize>,
}

impl PodGroup {
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The pods in name order.
    pub fn by_name(&self) -> impl DoubleEndedIterator<Item = &Entry> {
        self.by_name.values()
    }

    /// Ordinals in `range` with their pods, ascending.
    pub fn ordinals(&self, range: std::ops::Range<i64>) -> impl DoubleEndedIterator<Item = (i64, &[Entry])> {
        self.by_ordinal.range(range).map(|(o, v)| (*o, v.as_slice()))
    }

    /// The lowest and highest ordinal held.
    pub fn ordinal_bounds(&self) -> Option<(i64, i64)> {
        Some((*self.by_ordinal.first_key_value()?.0, *self.by_ordinal.last_key_value()?.0))
    }

    fn count(&mut self, sum: &Summary, ordinal: i64, add: bool) {
        let mark = |m: &mut BTreeMap<i64, usize>, by: bool| {
            if !by {
                return;
            }
            if add {
                *m.entry(ordinal).or_default() += 1;
            } else if let Some(n) = m.get_mut(&ordinal) {
                *n -= 1;
                if *n == 0 {
                    m.remove(&ordinal);
                }
            }
        };
        mark(&mut self.unavailable, !(sum.running && sum.ready) || sum.deleting);
        let step = |n: &mut usize, by: bool| {
            if by {
                if add {
                    *n += 1
                } else {
                    *n -= 1
                }
            }
        };
        let same = |a: &Option<Rc<str>>, b: &Option<Rc<str>>| match (a, b) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        match self.controllers.iter().position(|(c, _)| same(c, &sum.controller_uid)) {
            Some(i) => {
                step(&mut self.controllers[i].1, true);
                if self.controllers[i].1 == 0 {
                    self.controllers.swap_remove(i);
                }
            }
            None => self.controllers.push((sum.controller_uid.clone(), 1)),
        }
        step(&mut self.needing_repair, (sum.terminal && !sum.deleting) || !sum.pod_name_label_ok);
        let i = match self.revisions.iter().position(|r| Rc::ptr_eq(&r.revision, &sum.revision)) {
            Some(i) => i,
            None => {
                self.revisions.push(RevisionCount {
                    revision: sum.revision.clone(),
                    pods: 0,
                    running_ready: 0,
                    live: 0,
                    live_ordinals: BTreeMap::new(),
                });
                self.revisions.len() - 1
            }
        };
        let r = &mut self.revisions[i];
        step(&mut r.pods, true);
        step(&mut r.running_ready, sum.running && sum.ready);
        step(&mut r.live, !sum.deleting);
        mark(&mut r.live_ordinals, !sum.deleting);
        if r.pods == 0 {
            self.revisions.swap_remove(i);
        }
    }

    fn put(&mut self, name: &str, ordinal: i64, e: &Entry) {
        let at = self.by_ordinal.entry(ordinal).or_default();
        match self.by_name.get_mut(name) {
            Some(slot) => {
                let old = std::mem::replace(slot, e.clone());
                if let Some(x) = at.iter_mut().find(|x| x.sum.name == name) {
                    *x = e.clone();
                }
                self.count(&old.sum, ordinal, false);
            }
            None => {
                self.by_name.insert(name.to_string(), e.clone());
                at.push(e.clone());
                if at.len() == 2 {
                    self.shared_ordinals += 1;
                }
            }
        }
        self.count(&e.sum, ordinal, true);
    }

    fn remove(&mut self, name: &str, ordinal: i64) {
        let Some(old) = self.by_name.remove(name) else { return };
        self.count(&old.sum, ordinal, false);
        if let Some(at) = self.by_ordinal.get_mut(&ordinal) {
            at.retain(|x| x.sum.name != name);
            match at.len() {
                0 => {
                    self.by_ordinal.remove(&ordinal);
                }
                1 => self.shared_ordinals -= 1,
                _ => {}
            }
        }
    }
}

#[derive(Default)]
pub struct Store {
    /// kind → namespace → name: nested so lookups by `&str` need no allocation.
    objects: BTreeMap<String, BTreeMap<String, BTreeMap<String, Entry>>>,
    /// The [`COMPACT_KINDS`], kind → namespace → name, as text.
    compact: BTreeMap<String, BTreeMap<String, BTreeMap<String, Compact>>>,
    by_uid: HashMap<String, Key>,
    dependents: HashMap<String, BTreeSet<Key>>,
    /// Pods by namespace and the parent part of their name (`web` for `web-3`): a StatefulSet's candidates (its
    /// pods and orphans it may adopt) without a prefix scan of every pod of the namespace, with the counts its
    /// sync takes (see [`PodGroup`]).
    pods_by_parent: HashMap<(String, String), PodGroup>,
    rv: u64,
    log: Vec<(u64, Change)>,
    /// Changes up to this resourceVersion have been compacted away.
    compacted: u64,
    /// Owner UIDs and revision names of stored summaries, one `Rc` per distinct string: a sync compares its
    /// set's UID and revisions with a thousand pods' by pointer.
    interned: HashSet<Rc<str>>,
    /// Per (kind, namespace): how many objects carry ownerReferences (lets the StatefulSet sync skip claim lookups
    /// when no claim in the namespace has any).
    with_owner_refs: HashMap<(String, String), usize>,
}

impl Store {
    pub fn get(&self, k: &Key) -> Option<&Value> {
        self.get3(&k.0, &k.1, &k.2)
    }

    pub fn get3(&self, kind: &str, ns: &str, name: &str) -> Option<&Value> {
        self.get3_rc(kind, ns, name).map(|o| &**o)
    }

    /// A copy of the stored version (the public edge: a compact kind is decoded, not cached).
    pub fn get_owned(&self, kind: &str, ns: &str, name: &str) -> Option<Value> {
        if compact_kind(kind) {
            return self.compact.get(kind)?.get(ns)?.get(name).map(Compact::owned);
        }
        self.get3(kind, ns, name).cloned()
    }

    /// Copies of the objects [`Store::list`] yields.
    pub fn list_owned(&self, kind: &str, namespace: Option<&str>) -> Vec<Value> {
        if compact_kind(kind) {
            return self
                .compact
                .get(kind)
                .into_iter()
                .flat_map(|m| m.iter())
                .filter(|(ns, _)| namespace.is_none_or(|o| o == *ns))
                .flat_map(|(_, names)| names.values().map(Compact::owned))
                .collect();
        }
        self.list(kind, namespace).cloned().collect()
    }

    /// The stored version itself, to share rather than copy.
    pub fn get_rc(&self, k: &Key) -> Option<&Rc<Value>> {
        self.get3_rc(&k.0, &k.1, &k.2)
    }

    pub fn get3_rc(&self, kind: &str, ns: &str, name: &str) -> Option<&Rc<Value>> {
        if compact_kind(kind) {
            return self.compact.get(kind)?.get(ns)?.get(name).map(Compact::rc);
        }
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
        let compact = self.compact.get(kind);
        let one_c = one.clone();
        by_ns
            .into_iter()
            .flat_map(|m| m.iter())
            .filter(move |(ns, _)| one.as_ref().is_none_or(|o| o == *ns))
            .flat_map(|(_, names)| names.values().map(|e| &*e.obj))
            .chain(
                compact
                    .into_iter()
                    .flat_map(|m| m.iter())
                    .filter(move |(ns, _)| one_c.as_ref().is_none_or(|o| o == *ns))
                    .flat_map(|(_, names)| names.values().map(|c| &**c.rc())),
            )
    }

    /// Pods in `namespace` named `PARENT-ORDINAL` for this parent, in name order (`getParentNameAndOrdinal`).
    pub fn pods_of_parent<'a>(&'a self, namespace: &str, parent: &str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.pod_group(namespace, parent).into_iter().flat_map(PodGroup::by_name)
    }

    /// The pods named `PARENT-ORDINAL` for this parent, with their counts (None: there are none).
    pub fn pod_group(&self, namespace: &str, parent: &str) -> Option<&PodGroup> {
        self.pods_by_parent.get(&(namespace.to_string(), parent.to_string()))
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

    fn intern(&mut self, s: &str) -> Rc<str> {
        if let Some(r) = self.interned.get(s) {
            return r.clone();
        }
        let r: Rc<str> = Rc::from(s);
        self.interned.insert(r.clone());
        r
    }

    /// The shared copy of `s` if a stored summary holds it. A summary's interned field equals `s` exactly when it
    /// is this `Rc` (pointer equality); `None` means no stored summary holds `s`.
    pub fn interned(&self, s: &str) -> Option<&Rc<str>> {
        self.interned.get(s)
    }

    pub fn resource_version(&self) -> u64 {
        self.rv
    }

    /// Writes `o` (a new or changed object) with the next resourceVersion; returns the stored version.
    pub fn put(&mut self, o: Value, at: u64) -> Rc<Value> {
        self.put_with(o, at, false)
    }

    /// [`Store::put`] telling watchers whether the write was one of the status subresource.
    pub fn put_with(&mut self, mut o: Value, at: u64, status_only: bool) -> Rc<Value> {
        self.rv += 1;
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        let k = key_of(&o);
        if compact_kind(&k.0) {
            return self.put_compact(k, o, at);
        }
        let o = Rc::new(o);
        let mut sum = Summary::of(&o);
        sum.revision = self.intern(&sum.revision);
        sum.controller_uid = sum.controller_uid.map(|u| self.intern(&u));
        let entry = Entry { sum: Rc::new(sum), obj: o.clone() };
        self.index_name(&k, Some(&entry));
        // Kind and namespace maps exist for almost every write: look them up before allocating keys.
        if !self.objects.get(&k.0).is_some_and(|m| m.contains_key(&k.1)) {
            self.objects.entry(k.0.clone()).or_default().entry(k.1.clone()).or_default();
        }
        let names = self.objects.get_mut(&k.0).and_then(|m| m.get_mut(&k.1)).expect("inserted above");
        let mut same_summary = false;
        let old = match names.get_mut(&k.2) {
            Some(e) => {
                let old = std::mem::replace(e, entry);
                same_summary = old.sum == e.sum
                    && (k.0 != "StatefulSet"
                        || if status_only {
                            let same = super::statefulset::same_sync_inputs_after_status_write(&old.obj, &e.obj);
                            debug_assert_eq!(same, super::statefulset::same_sync_inputs(&old.obj, &e.obj));
                            same
                        } else {
                            super::statefulset::same_sync_inputs(&old.obj, &e.obj)
                        });
                Some(old.obj)
            }
            None => {
                names.insert(k.2.clone(), entry);
                None
            }
        };
        match &old {
            // Most writes change neither identity nor ownership: the indexes stay as they are. A status write
            // leaves the metadata as it was.
            Some(_) if status_only => {}
            Some(old) if meta::uid(old) == meta::uid(&o) && meta::owner_refs(old) == meta::owner_refs(&o) => {}
            Some(old) => {
                self.unindex(&k, old);
                self.index(&k, &o);
            }
            None => self.index(&k, &o),
        }
        let kind = if old.is_some() { "MODIFIED" } else { "ADDED" };
        self.log.push((self.rv, Change { kind, object: o.clone(), at, same_summary, status_only, text: None }));
        o
    }

    /// [`Store::put`] for a compact kind: the store keeps the text, the change log the value (until compaction).
    fn put_compact(&mut self, k: Key, o: Value, at: u64) -> Rc<Value> {
        let c = Compact::new(&o);
        let text = c.text.clone();
        let mut stub = serde_json::Map::new();
        for f in ["apiVersion", "kind", "metadata"] {
            if let Some(v) = o.get(f) {
                stub.insert(f.into(), v.clone());
            }
        }
        let stub = Rc::new(Value::Object(stub));
        let o = Rc::new(o);
        let names = self.compact.entry(k.0.clone()).or_default().entry(k.1.clone()).or_default();
        let old = names.insert(k.2.clone(), c).map(|c| c.owned());
        match &old {
            Some(old) if meta::uid(old) == meta::uid(&o) && meta::owner_refs(old) == meta::owner_refs(&o) => {}
            Some(old) => {
                self.unindex(&k, old);
                self.index(&k, &o);
            }
            None => self.index(&k, &o),
        }
        let kind = if old.is_some() { "MODIFIED" } else { "ADDED" };
        self.log.push((
            self.rv,
            Change { kind, object: stub, at, same_summary: false, status_only: false, text: Some(text) },
        ));
        o
    }

    /// Removes the object for good (the API's final delete).
    pub fn remove(&mut self, k: &Key, at: u64) -> Option<Rc<Value>> {
        let o = if compact_kind(&k.0) {
            Rc::new(self.compact.get_mut(&k.0)?.get_mut(&k.1)?.remove(&k.2)?.owned())
        } else {
            self.objects.get_mut(&k.0)?.get_mut(&k.1)?.remove(&k.2)?.obj
        };
        self.unindex(k, &o);
        self.index_name(k, None);
        self.rv += 1;
        // The DELETED event carries the deletion's resourceVersion; the stored version stays as it was.
        let mut o = Rc::unwrap_or_clone(o);
        meta::obj_mut(&mut o, &["metadata"]).insert("resourceVersion".into(), Value::String(self.rv.to_string()));
        let o = Rc::new(o);
        self.log.push((
            self.rv,
            Change { kind: "DELETED", object: o.clone(), at, same_summary: false, status_only: false, text: None },
        ));
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
            if let Some(u) = meta::field(r, "uid").and_then(Value::as_str) {
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
            if let Some(u) = meta::field(r, "uid").and_then(Value::as_str) {
                if let Some(set) = self.dependents.get_mut(u) {
                    set.remove(k);
                    if set.is_empty() {
                        self.dependents.remove(u);
                    }
                }
            }
        }
    }

    /// Keeps the pods-by-parent index pointing at the latest version (`None`: the pod is gone).
    fn index_name(&mut self, k: &Key, entry: Option<&Entry>) {
        let Some((parent, ordinal)) = (k.0 == "Pod").then(|| super::statefulset::parent_and_ordinal(&k.2)).flatten()
        else {
            return;
        };
        let pk = (k.1.clone(), parent.to_string());
        if let Some(e) = entry {
            self.pods_by_parent.entry(pk).or_default().put(&k.2, ordinal, e);
        } else if let Some(g) = self.pods_by_parent.get_mut(&pk) {
            g.remove(&k.2, ordinal);
            if g.is_empty() {
                self.pods_by_parent.remove(&pk);
            }
        }
    }

    /// Log entries with resourceVersion > `since` (those still in the window: see [`Store::compacted`]).
    pub fn log_since(&self, since: u64) -> &[(u64, Change)] {
        let start = self.log.partition_point(|(rv, _)| *rv <= since);
        &self.log[start..]
    }

    /// The resourceVersion up to which changes have been compacted away (0: none).
    pub fn compacted(&self) -> u64 {
        self.compacted
    }

    /// Drops changes older than the last `keep` that happened at or before `before` (simulated ms), but never one
    /// after `upto` (a reader that has not seen it yet).
    pub fn compact(&mut self, keep: usize, before: u64, upto: u64) {
        // Compacting in batches of a quarter window keeps the cost of moving the log per change constant.
        if self.log.len() < keep + keep / 4 + 1 {
            return;
        }
        let by_count = self.log.len() - keep;
        let by_reader = self.log.partition_point(|(rv, _)| *rv <= upto);
        let by_age = self.log.partition_point(|(_, c)| c.at <= before);
        let n = by_count.min(by_reader).min(by_age);
        if n == 0 {
            return;
        }
        self.compacted = self.log[n - 1].0;
        self.log.drain(..n);
    }
}
