//! `Event` objects (core/v1) as the event recorder writes them: named `<object>.<hex>`, aggregated by
//! (object, type, reason, message, source) into `count`/`lastTimestamp` like client-go's EventCorrelator, and more
//! than [`AGGREGATE_MAX`] similar ones (differing only in message) within [`AGGREGATE_WINDOW_MS`] combined into one
//! "(combined from similar events)" event, as its EventAggregator does (client-go tools/record/events_cache.go).

use super::meta;
use super::store::Store;
use super::EventSpec;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// `defaultAggregateMaxEvents`: the 10th distinct message of a group within the window is combined.
const AGGREGATE_MAX: usize = 10;
/// `defaultAggregateIntervalInSeconds` (600 s) in simulated ms: a group quiet for longer starts afresh.
const AGGREGATE_WINDOW_MS: u64 = 600_000;

/// `maxLruCacheEntries`: each of the recorder's caches forgets its least recently used entry past this many.
const CACHE_ENTRIES: usize = 4096;

/// groupcache's `lru.Cache` as the recorder uses it: a read or a write makes an entry the newest, and past
/// [`CACHE_ENTRIES`] the oldest is dropped (an event whose key was dropped is created anew, not counted).
#[derive(Default)]
struct Lru<V> {
    map: HashMap<String, (V, u64)>,
    /// Use tick -> key, oldest first.
    order: BTreeMap<u64, String>,
    tick: u64,
}

impl<V: Default> Lru<V> {
    fn touch(&mut self, k: &str) -> bool {
        let Some((_, t)) = self.map.get_mut(k) else { return false };
        self.tick += 1;
        if let Some(key) = self.order.remove(t) {
            self.order.insert(self.tick, key);
        }
        *t = self.tick;
        true
    }

    fn get(&mut self, k: &str) -> Option<&V> {
        self.touch(k).then(|| &self.map[k].0)
    }

    /// The entry for `k`, made the newest (a default one if it was not there).
    fn entry(&mut self, k: &str) -> &mut V {
        if !self.touch(k) {
            self.tick += 1;
            self.map.insert(k.to_string(), (V::default(), self.tick));
            self.order.insert(self.tick, k.to_string());
            if self.map.len() > CACHE_ENTRIES {
                if let Some((_, oldest)) = self.order.pop_first() {
                    self.map.remove(&oldest);
                }
            }
        }
        &mut self.map.get_mut(k).expect("inserted above").0
    }
}

#[derive(Default)]
pub struct Recorder {
    /// Event key (or a group's key for its combined event) -> (namespace, event name): `eventLogger`'s cache.
    seen: Lru<(String, String)>,
    /// Group key (source, object, type, reason) -> (the group's distinct messages, when it last had an event):
    /// `EventAggregator`'s cache.
    groups: Lru<(BTreeSet<String>, u64)>,
    seq: u64,
}

impl Recorder {
    /// The Event object to write for `e` (new or with its count bumped), or None when the object is gone.
    pub fn record(&mut self, store: &Store, mut e: EventSpec, now: u64) -> Option<Value> {
        let r = &e.regarding;
        let ns = match meta::namespace(r) {
            "" => "default".to_string(),
            n => n.to_string(),
        };
        let mut agg = format!(
            "{}|{}|{}|{}|{}|{}|{:?}",
            meta::uid(r),
            e.type_,
            e.reason,
            e.message,
            e.component,
            meta::name(r),
            e.field_path
        );
        // EventAggregate: events of one source about one object with one type and reason, differing in message.
        let group = format!(
            "{}|{}|{}|{}|{}|{}|{}|{}",
            e.component,
            e.host.as_deref().unwrap_or(""),
            meta::kind(r),
            meta::namespace(r),
            meta::name(r),
            meta::uid(r),
            e.type_,
            e.reason
        );
        let (messages, last) = self.groups.entry(&group);
        if now.saturating_sub(*last) > AGGREGATE_WINDOW_MS || messages.is_empty() {
            messages.clear();
        }
        messages.insert(e.message.clone());
        *last = now;
        let combined = messages.len() >= AGGREGATE_MAX;
        if combined {
            // Go pops an arbitrary message to keep the set at the limit; the first in order keeps it deterministic.
            messages.pop_first();
            e.message = format!("(combined from similar events): {}", e.message);
            agg = format!("group|{group}");
        }
        if let Some((ens, ename)) = self.seen.get(&agg) {
            if let Some(mut ev) = store.get_owned("Event", ens, ename) {
                let count = meta::i(&ev, "/count").unwrap_or(1) + 1;
                ev["count"] = json!(count);
                ev["lastTimestamp"] = json!(meta::rfc3339(now));
                // The recorder's patch carries the message too: a combined event shows the latest one.
                ev["message"] = json!(e.message);
                return Some(ev);
            }
        }
        self.seq += 1;
        // Real names are `<object>.<UnixNano in hex>`; the sequence keeps same-instant events distinct.
        let nanos = ((super::EPOCH_UNIX as u64) * 1_000_000_000 + now * 1_000_000 + self.seq) as u128;
        let name = format!("{}.{:x}", meta::name(r), nanos);
        *self.seen.entry(&agg) = (ns.clone(), name.clone());
        let mut involved = json!({
            "kind": meta::kind(r),
            "namespace": meta::namespace(r),
            "name": meta::name(r),
            "uid": meta::uid(r),
            "apiVersion": meta::s(r, "/apiVersion"),
            "resourceVersion": meta::s(r, "/metadata/resourceVersion"),
        });
        if let Some(fp) = &e.field_path {
            involved["fieldPath"] = json!(fp);
        }
        let mut source = json!({"component": e.component});
        if let Some(h) = &e.host {
            source["host"] = json!(h);
        }
        let t = meta::rfc3339(now);
        Some(json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": name, "namespace": ns, "uid": "", "creationTimestamp": t},
            "involvedObject": involved,
            "reason": e.reason,
            "message": e.message,
            "source": source,
            "firstTimestamp": t,
            "lastTimestamp": t,
            "count": 1,
            "type": e.type_,
            "eventTime": null,
            // The aggregator's combined event is a fresh Event without the reporting fields.
            "reportingComponent": if combined { "" } else { e.component },
            "reportingInstance": if combined { String::new() } else { e.host.clone().unwrap_or_default() },
        }))
    }
}

/// What an event keeps of the object it is about: its reference (the recorder's `ObjectReference`), not a copy of
/// the whole object for every event.
pub fn reference(o: &Value) -> Value {
    let mut md = serde_json::Map::new();
    for f in ["name", "namespace", "uid", "resourceVersion"] {
        if let Some(v) = o.get("metadata").and_then(|m| m.get(f)) {
            md.insert(f.into(), v.clone());
        }
    }
    let mut r = serde_json::Map::new();
    for f in ["apiVersion", "kind"] {
        if let Some(v) = o.get(f) {
            r.insert(f.into(), v.clone());
        }
    }
    r.insert("metadata".into(), Value::Object(md));
    Value::Object(r)
}

/// A Normal event from a controller about `regarding`.
pub fn normal(regarding: &Value, component: &'static str, reason: &str, message: String) -> EventSpec {
    EventSpec {
        regarding: reference(regarding),
        type_: "Normal",
        reason: reason.to_string(),
        message,
        component,
        field_path: None,
        host: None,
    }
}

pub fn warning(regarding: &Value, component: &'static str, reason: &str, message: String) -> EventSpec {
    EventSpec { type_: "Warning", ..normal(regarding, component, reason, message) }
}
