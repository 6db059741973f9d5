//! `Event` objects (core/v1) as the event recorder writes them: named `<object>.<hex>`, aggregated by
//! (object, type, reason, message, source) into `count`/`lastTimestamp` like client-go's EventCorrelator.

use super::meta;
use super::store::Store;
use super::EventSpec;
use serde_json::{json, Value};
use std::collections::HashMap;

#[derive(Default)]
pub struct Recorder {
    /// Aggregation key -> (namespace, event name).
    seen: HashMap<String, (String, String)>,
    seq: u64,
}

impl Recorder {
    /// The Event object to write for `e` (new or with its count bumped), or None when the object is gone.
    pub fn record(&mut self, store: &Store, e: EventSpec, now: u64) -> Option<Value> {
        let r = &e.regarding;
        let ns = match meta::namespace(r) {
            "" => "default".to_string(),
            n => n.to_string(),
        };
        let agg = format!(
            "{}|{}|{}|{}|{}|{}|{:?}",
            meta::uid(r),
            e.type_,
            e.reason,
            e.message,
            e.component,
            meta::name(r),
            e.field_path
        );
        if let Some((ens, ename)) = self.seen.get(&agg) {
            if let Some(mut ev) = store.get_owned("Event", ens, ename) {
                let count = meta::i(&ev, "/count").unwrap_or(1) + 1;
                ev["count"] = json!(count);
                ev["lastTimestamp"] = json!(meta::rfc3339(now));
                return Some(ev);
            }
        }
        self.seq += 1;
        // Real names are `<object>.<UnixNano in hex>`; the sequence keeps same-instant events distinct.
        let nanos = ((super::EPOCH_UNIX as u64) * 1_000_000_000 + now * 1_000_000 + self.seq) as u128;
        let name = format!("{}.{:x}", meta::name(r), nanos);
        self.seen.insert(agg, (ns.clone(), name.clone()));
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
            "reportingComponent": e.component,
            "reportingInstance": e.host.clone().unwrap_or_default(),
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
