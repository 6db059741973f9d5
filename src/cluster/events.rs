//! `Event` objects (core/v1) as the event recorder writes them: named `<object>.<hex>`, aggregated by
//! (object, type, reason, message, source) into `count`/`lastTimestamp` like client-go's EventCorrelator, and more
//! than [`AGGREGATE_MAX`] similar ones (differing only in message) within [`AGGREGATE_WINDOW_MS`] combined into one
//! "(combined from similar events)" event, as its EventAggregator does (client-go tools/record/events_cache.go);
//! its EventSourceObjectSpamFilter then lets one source write at most [`SPAM_BURST`] events about one object, plus
//! one per [`SPAM_REFILL_MS`] after that.

use super::meta;
use super::store::Store;
use super::EventSpec;
use crate::json;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

/// `defaultAggregateMaxEvents`: the 10th distinct message of a group within the window is combined.
const AGGREGATE_MAX: usize = 10;
/// `defaultAggregateIntervalInSeconds` (600 s) in simulated ms: a group quiet for longer starts afresh.
const AGGREGATE_WINDOW_MS: u64 = 600_000;

/// `defaultSpamBurst`: a source may write this many events about one object at once...
const SPAM_BURST: u64 = 25;
/// ...and one more per `1 / defaultSpamQPS` (300 s), in simulated ms.
const SPAM_REFILL_MS: u64 = 300_000;

/// `maxLruCacheEntries`: each of the recorder's caches forgets its least recently used entry past this many.
const CACHE_ENTRIES: usize = 4096;

/// groupcache's `lru.Cache` as the recorder uses it: a read or a write makes an entry the newest, and past
/// [`CACHE_ENTRIES`] the oldest is dropped (an event whose key was dropped is created anew, not counted).
#[derive(Default)]
struct Lru<V> {
    /// Hashed a word at a time ([`super::kubelet::Mix`]): the keys are long (an event's reason and message among
    /// them) and built by the cluster itself, so SipHash's resistance to chosen keys buys nothing.
    map: HashMap<String, (V, u64), BuildHasherDefault<super::kubelet::Mix>>,
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

/// What `eventLogger` remembers of an event it saw: its name, how often it happened and since when. It counts events
/// the spam filter then drops, so the next one written carries the whole count.
#[derive(Default)]
struct Seen {
    namespace: String,
    name: String,
    count: i64,
    first: String,
}

/// One source's token bucket for one object (flowcontrol's token bucket over golang.org/x/time/rate): full at
/// first, one token back per [`SPAM_REFILL_MS`]. Kept in ms-of-refill units so the arithmetic is exact.
#[derive(Default)]
struct Bucket {
    /// `None`: not seen yet, so full.
    state: Option<(u64, u64)>,
}

impl Bucket {
    fn try_accept(&mut self, now: u64) -> bool {
        let full = SPAM_BURST * SPAM_REFILL_MS;
        let (tokens, last) = self.state.unwrap_or((full, now));
        let tokens = (tokens + now.saturating_sub(last)).min(full);
        let ok = tokens >= SPAM_REFILL_MS;
        self.state = Some((if ok { tokens - SPAM_REFILL_MS } else { tokens }, now.max(last)));
        ok
    }
}

#[derive(Default)]
pub struct Recorder {
    /// Event key (or a group's key for its combined event) -> what was seen of it: `eventLogger`'s cache.
    seen: Lru<Seen>,
    /// Source + object -> its token bucket: `EventSourceObjectSpamFilter`'s cache.
    spam: Lru<Bucket>,
    /// Group key (source, object, type, reason) -> (the group's distinct messages, when it last had an event):
    /// `EventAggregator`'s cache.
    groups: Lru<(BTreeSet<String>, u64)>,
    seq: u64,
}

impl Recorder {
    /// The Event object to write for `e` (new or with its count bumped), or None when the spam filter drops it.
    pub fn record(&mut self, store: &Store, mut e: EventSpec, now: u64) -> Option<Value> {
        // The reference's fields, looked up once (every lookup hashes its key).
        let r = &e.regarding;
        let md = meta::field(r, "metadata");
        let field = |f: &str| md.and_then(|m| meta::field(m, f)).and_then(Value::as_str).unwrap_or("");
        let (r_kind, r_ns, r_name, r_uid) = (meta::kind(r), field("namespace"), field("name"), field("uid"));
        let r_api = meta::s(r, "/apiVersion");
        let ns = match r_ns {
            "" => "default".to_string(),
            n => n.to_string(),
        };
        let mut agg =
            format!("{}|{}|{}|{}|{}|{}|{:?}", r_uid, e.type_, e.reason, e.message, e.component, r_name, e.field_path);
        // The event's source and the object it is about: the start of the aggregator's and the spam filter's keys.
        let source_object =
            format!("{}|{}|{}|{}|{}|{}", e.component, e.host.as_deref().unwrap_or(""), r_kind, r_ns, r_name, r_uid);
        // EventAggregate: events of one source about one object with one type and reason, differing in message.
        let group = format!("{source_object}|{}|{}", e.type_, e.reason);
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
        // eventObserve: count the event whatever the spam filter decides next.
        let t = meta::rfc3339(now);
        let seen = self.seen.entry(&agg);
        let repeat = seen.count > 0;
        if repeat {
            seen.count += 1;
        } else {
            self.seq += 1;
            // Real names are `<object>.<UnixNano in hex>`; the sequence keeps same-instant events distinct.
            let nanos = ((super::EPOCH_UNIX as u64) * 1_000_000_000 + now * 1_000_000 + self.seq) as u128;
            *seen = Seen { namespace: ns, name: format!("{}.{:x}", r_name, nanos), count: 1, first: t.clone() };
        }
        let (ns, name, count, first) = (seen.namespace.clone(), seen.name.clone(), seen.count, seen.first.clone());
        // The spam filter's key: source and involved object, not the reason (getSpamKey). kube-scheduler records
        // through the events.k8s.io library (client-go tools/events), which has no such filter.
        if e.component != "default-scheduler" {
            let spam = format!("{source_object}|{r_api}");
            if !self.spam.entry(&spam).try_accept(now) {
                return None;
            }
        }
        if repeat {
            if let Some(mut ev) = store.get_owned("Event", &ns, &name) {
                ev["count"] = json!(count);
                ev["lastTimestamp"] = json!(t);
                // The recorder's patch carries the message too: a combined event shows the latest one.
                ev["message"] = json!(e.message);
                return Some(ev);
            }
            // recordEvent: a patch that finds no event creates it, with the count and first time observed.
        }
        // Built field by field into maps of their final size (a dozen thousand events in a large rollout).
        let str = |s: &str| Value::String(s.to_string());
        let mut involved = Map::with_capacity(7);
        for (k, v) in [
            ("kind", r_kind),
            ("namespace", r_ns),
            ("name", r_name),
            ("uid", r_uid),
            ("apiVersion", r_api),
            ("resourceVersion", meta::s(r, "/metadata/resourceVersion")),
        ] {
            involved.insert(k.into(), str(v));
        }
        if let Some(fp) = &e.field_path {
            involved.insert("fieldPath".into(), str(fp));
        }
        let mut source = Map::with_capacity(2);
        source.insert("component".into(), str(e.component));
        if let Some(h) = &e.host {
            source.insert("host".into(), str(h));
        }
        let mut md = Map::with_capacity(4);
        md.insert("name".into(), Value::String(name));
        md.insert("namespace".into(), Value::String(ns));
        md.insert("uid".into(), str(""));
        md.insert("creationTimestamp".into(), str(&t));
        // The aggregator's combined event is a fresh Event without the reporting fields.
        let (reporting_component, reporting_instance) = if combined {
            (String::new(), String::new())
        } else {
            (e.component.to_string(), e.host.clone().unwrap_or_default())
        };
        let mut ev = Map::with_capacity(15);
        ev.insert("apiVersion".into(), str("v1"));
        ev.insert("kind".into(), str("Event"));
        ev.insert("metadata".into(), Value::Object(md));
        ev.insert("involvedObject".into(), Value::Object(involved));
        ev.insert("reason".into(), Value::String(e.reason));
        ev.insert("message".into(), Value::String(e.message));
        ev.insert("source".into(), Value::Object(source));
        ev.insert("firstTimestamp".into(), Value::String(first));
        ev.insert("lastTimestamp".into(), Value::String(t));
        ev.insert("count".into(), Value::from(count));
        ev.insert("type".into(), str(e.type_));
        ev.insert("eventTime".into(), Value::Null);
        ev.insert("reportingComponent".into(), Value::String(reporting_component));
        ev.insert("reportingInstance".into(), Value::String(reporting_instance));
        Some(Value::Object(ev))
    }
}

/// What an event keeps of the object it is about: its reference (the recorder's `ObjectReference`), not a copy of
/// the whole object for every event.
pub fn reference(o: &Value) -> Value {
    let mut md = serde_json::Map::with_capacity(4);
    for f in ["name", "namespace", "uid", "resourceVersion"] {
        if let Some(v) = meta::field(o, "metadata").and_then(|m| meta::field(m, f)) {
            md.insert(f.into(), v.clone());
        }
    }
    let mut r = serde_json::Map::with_capacity(3);
    for f in ["apiVersion", "kind"] {
        if let Some(v) = meta::field(o, f) {
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
