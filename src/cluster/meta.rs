//! Small accessors over Kubernetes-shaped JSON objects, and the API's time and label-selector formats.

use serde_json::{Map, Value};

/// Maps up to this many entries are searched by comparing keys (see [`get`]).
const SMALL_MAP: usize = 12;

/// `m.get(key)`, comparing keys instead of hashing `key` when the map is small. serde_json's maps hash with
/// SipHash, which costs more than comparing a dozen short keys, and most maps of a Kubernetes object are that
/// small; the controllers and the node look up millions of fields. Keys are unique, so the answer is the same.
#[inline]
pub fn get<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if m.len() > SMALL_MAP {
        return m.get(key);
    }
    let kb = key.as_bytes();
    m.iter().find(|(k, _)| k.len() == kb.len() && k.as_bytes() == kb).map(|(_, v)| v)
}

/// `a == b` for JSON values, with map keys looked up by [`get`] (serde_json's map equality hashes every key of one
/// side) and keys in the same order compared in place, as they are in two versions of one stored object.
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y.iter()).all(|((k, v), (k2, w))| {
                    if k == k2 {
                        json_eq(v, w)
                    } else {
                        get(y, k).is_some_and(|w| json_eq(v, w))
                    }
                })
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| json_eq(v, w)),
        _ => a == b,
    }
}

/// `v.get(key)` for an object (None for anything else), by [`get`].
#[inline]
pub fn field<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => get(m, key),
        _ => None,
    }
}

/// `Value::pointer` without its per-segment allocations (our paths never contain `~` escapes); hot in controllers.
pub fn at<'a>(o: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut cur = o;
    // Segments after the first `/`, split by hand: `str::split` sets up a searcher per call, which showed in
    // profiles of the 1,000-replica run (millions of lookups).
    // Every path starts with `/`: checked as a byte (`str::find` sets up a char searcher, a tenth of a lookup).
    let mut rest = match pointer.as_bytes().first() {
        Some(b'/') => &pointer[1..],
        _ => match pointer.bytes().position(|b| b == b'/') {
            Some(i) => &pointer[i + 1..],
            None => return Some(cur),
        },
    };
    loop {
        let (seg, next) = match rest.bytes().position(|b| b == b'/') {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        cur = match cur {
            Value::Object(m) => get(m, seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
        match next {
            Some(n) => rest = n,
            None => return Some(cur),
        }
    }
}

/// [`at`] as a method, for the hot paths that used `Value::pointer` (which allocates a `String` per segment to
/// unescape `~1`/`~0`); only for literal paths without escapes.
pub trait At {
    fn at(&self, pointer: &str) -> Option<&Value>;
}

impl At for Value {
    fn at(&self, pointer: &str) -> Option<&Value> {
        at(self, pointer)
    }
}

pub fn s<'a>(o: &'a Value, pointer: &str) -> &'a str {
    at(o, pointer).and_then(Value::as_str).unwrap_or("")
}

pub fn i(o: &Value, pointer: &str) -> Option<i64> {
    at(o, pointer).and_then(Value::as_i64)
}

pub fn kind(o: &Value) -> &str {
    s(o, "/kind")
}

pub fn name(o: &Value) -> &str {
    s(o, "/metadata/name")
}

pub fn namespace(o: &Value) -> &str {
    s(o, "/metadata/namespace")
}

pub fn uid(o: &Value) -> &str {
    s(o, "/metadata/uid")
}

pub fn labels(o: &Value) -> Option<&Map<String, Value>> {
    o.at("/metadata/labels").and_then(Value::as_object)
}

pub fn label<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    labels(o).and_then(|l| get(l, key)).and_then(Value::as_str)
}

pub fn annotation<'a>(o: &'a Value, key: &str) -> Option<&'a str> {
    o.at("/metadata/annotations").and_then(|a| field(a, key)).and_then(Value::as_str)
}

pub fn is_deleting(o: &Value) -> bool {
    o.at("/metadata/deletionTimestamp").is_some_and(|v| !v.is_null())
}

pub fn owner_refs(o: &Value) -> &[Value] {
    o.at("/metadata/ownerReferences").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// The ownerReference with `controller: true`, if any.
pub fn controller_ref(o: &Value) -> Option<&Value> {
    owner_refs(o).iter().find(|r| field(r, "controller").and_then(Value::as_bool) == Some(true))
}

pub fn finalizers(o: &Value) -> Vec<String> {
    o.at("/metadata/finalizers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|f| f.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

/// A deep copy whose maps and arrays hold exactly their entries. `Value::clone` gives every map room for as many
/// entries as its hash table (indexmap's `clone_from`), and maps built by `insert` double as they grow: up to half
/// of a stored object's entries (112 bytes each) would be empty room, held for as long as the version is.
pub fn compact_clone(v: &Value) -> Value {
    match v {
        // A map without maps inside (labels, an ownerReference, a port, a condition) is copied into a map with room
        // for exactly its entries by `clone_from`, which copies the hash table instead of hashing every key again:
        // the copy of a scalar or of a list of scalars is exact-size already.
        Value::Object(m) if m.values().all(flat) => {
            let mut out = Map::with_capacity(m.len());
            out.clone_from(m);
            Value::Object(out)
        }
        Value::Object(m) => Value::Object(m.iter().map(|(k, x)| (k.clone(), compact_clone(x))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(compact_clone).collect()),
        other => other.clone(),
    }
}

/// A scalar, or a list of scalars: what `Value::clone` copies at its exact size.
fn flat(v: &Value) -> bool {
    match v {
        Value::Object(_) => false,
        Value::Array(a) => a.iter().all(|x| !x.is_object() && !x.is_array()),
        _ => true,
    }
}

/// [`compact_clone`] of a value we own: keys, strings and leaves move instead of being copied, and only maps and
/// arrays (and strings with spare room) are rebuilt at their exact size.
pub fn compact(v: Value) -> Value {
    match v {
        // As in `compact_clone`: copying a flat map's strings costs less than hashing its keys into a new table.
        Value::Object(m) if m.values().all(flat) => {
            let mut out = Map::with_capacity(m.len());
            out.clone_from(&m);
            Value::Object(out)
        }
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(mut k, x)| {
                    k.shrink_to_fit();
                    (k, compact(x))
                })
                .collect(),
        ),
        Value::Array(a) => {
            // Collecting from `into_iter` reuses the old buffer, room and all.
            let mut out: Vec<Value> = a.into_iter().map(compact).collect();
            out.shrink_to_fit();
            Value::Array(out)
        }
        Value::String(mut s) => {
            s.shrink_to_fit();
            Value::String(s)
        }
        other => other,
    }
}

/// A mutable object at `path`, created (as `{}`) along the way when missing or null.
pub fn obj_mut<'a>(o: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut cur = o;
    for p in path {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let m = cur.as_object_mut().unwrap();
        let e = m.entry(p.to_string()).or_insert(Value::Null);
        if !e.is_object() {
            *e = Value::Object(Map::new());
        }
        cur = e;
    }
    if !cur.is_object() {
        *cur = Value::Object(Map::new());
    }
    cur.as_object_mut().unwrap()
}

/// Sets `key` on the object at `path` only when it is absent or null (API defaulting).
pub fn default_field(o: &mut Value, path: &[&str], key: &str, v: Value) {
    let m = obj_mut(o, path);
    if m.get(key).is_none_or(Value::is_null) {
        m.insert(key.to_string(), v);
    }
}

pub fn owner_ref(owner: &Value, controller: bool) -> Value {
    crate::json!({
        "apiVersion": s(owner, "/apiVersion"),
        "kind": kind(owner),
        "name": name(owner),
        "uid": uid(owner),
        "controller": controller,
        "blockOwnerDeletion": true,
    })
}

/// `metav1.LabelSelector` matching: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). An empty
/// selector matches everything, a null one nothing (as `metav1.LabelSelectorAsSelector`).
pub fn selector_matches(selector: &Value, labels: Option<&Map<String, Value>>) -> bool {
    if selector.is_null() {
        return false;
    }
    let get = |k: &str| labels.and_then(|l| get(l, k)).and_then(Value::as_str);
    if let Some(ml) = field(selector, "matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            if get(k) != v.as_str() {
                return false;
            }
        }
    }
    if let Some(exprs) = selector.get("matchExpressions").and_then(Value::as_array) {
        for e in exprs {
            let key = s(e, "/key");
            let values: Vec<&str> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let ok = match s(e, "/operator") {
                "In" => get(key).is_some_and(|v| values.contains(&v)),
                "NotIn" => get(key).is_none_or(|v| !values.contains(&v)),
                "Exists" => get(key).is_some(),
                "DoesNotExist" => get(key).is_none(),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

/// A plain `key=value` map selector (Service `.spec.selector`): empty or missing selects nothing, as Services do.
pub fn map_selector_matches(selector: &Map<String, Value>, labels: Option<&Map<String, Value>>) -> bool {
    !selector.is_empty() && selector.iter().all(|(k, v)| labels.and_then(|l| get(l, k)) == Some(v))
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's civil_from_days.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn split(rel_ms: i64) -> (i64, u32, u32, i64) {
    let unix = super::EPOCH_UNIX + rel_ms.div_euclid(1000);
    let (y, mo, d) = civil(unix.div_euclid(86_400));
    (y, mo, d, unix.rem_euclid(86_400))
}

/// Simulated ms to the API's `metav1.Time` (`2025-03-15T17:03:35Z`, whole seconds).
pub fn rfc3339(ms: u64) -> String {
    rfc3339_rel(ms as i64)
}

/// Like [`rfc3339`] for any time relative to the epoch, also before it (bootstrap objects).
pub fn rfc3339_rel(rel_ms: i64) -> String {
    let (y, mo, d, sod) = split(rel_ms);
    time_text(y, mo, d, sod / 3600, sod / 60 % 60, sod % 60)
}

/// `{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z`, written digit by digit: the kubelet and the event recorder
/// stamp tens of thousands of these in a large rollout, and `format!` costs twenty times as much.
pub fn time_text(y: i64, mo: u32, d: u32, h: i64, mi: i64, s: i64) -> String {
    if !(0..=9999).contains(&y) || mo > 99 || d > 99 || !(0..100).contains(&h) || !(0..100).contains(&mi) {
        return format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
    }
    if !(0..100).contains(&s) {
        return format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z");
    }
    let two = |v: u32| [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8];
    let y = y as u32;
    let mut b = [0u8; 20];
    b[..4].copy_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
    ]);
    b[4] = b'-';
    b[5..7].copy_from_slice(&two(mo));
    b[7] = b'-';
    b[8..10].copy_from_slice(&two(d));
    b[10] = b'T';
    b[11..13].copy_from_slice(&two(h as u32));
    b[13] = b':';
    b[14..16].copy_from_slice(&two(mi as u32));
    b[16] = b':';
    b[17..19].copy_from_slice(&two(s as u32));
    b[19] = b'Z';
    b.iter().map(|&c| c as char).collect()
}

/// Simulated ms to `metav1.MicroTime` (`2025-03-15T17:03:35.123000Z`).
pub fn rfc3339_micro(ms: u64) -> String {
    let (y, mo, d, sod) = split(ms as i64);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}.{:06}Z", sod / 3600, sod / 60 % 60, sod % 60, ms % 1000 * 1000)
}

/// Simulated ms to Go's RFC3339NanoFixed (`2025-03-15T17:03:35.123000000Z`), as container log timestamps are.
pub fn rfc3339_nano(ms: u64) -> String {
    let whole = rfc3339(ms);
    format!("{}.{:03}000000Z", &whole[..whole.len() - 1], ms % 1000)
}

/// The inverse of [`rfc3339`]: simulated ms, negative for times before the epoch (the bootstrap objects).
pub fn parse_time(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| t.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, se) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let frac_ms = match t.get(19..20) {
        Some(".") => {
            let digits: String = t[20..].chars().take_while(char::is_ascii_digit).collect();
            let padded = format!("{digits:0<3}");
            padded[..3].parse::<u64>().ok()?
        }
        _ => 0,
    };
    // days_from_civil
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if mo > 2 { mo - 3 } else { mo + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let unix = days * 86_400 + h * 3600 + mi * 60 + se;
    Some((unix - super::EPOCH_UNIX) * 1000 + frac_ms as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn times_round_trip_from_the_lab_epoch() {
        assert_eq!(rfc3339(0), "2025-03-15T17:03:35Z");
        assert_eq!(rfc3339(86_400_000 + 1000), "2025-03-16T17:03:36Z");
        assert_eq!(rfc3339_micro(1234), "2025-03-15T17:03:36.234000Z");
        for ms in [0, 1000, 90_061_000, 400 * 86_400_000] {
            assert_eq!(parse_time(&rfc3339(ms)), Some(ms as i64));
        }
        assert_eq!(parse_time(&rfc3339_micro(1234)), Some(1234));
        assert_eq!(parse_time("2025-03-14T16:03:35Z"), Some(-25 * 3600 * 1000));
    }

    #[test]
    fn time_text_writes_what_format_writes() {
        let mut seed = 7u64;
        for i in 0..20_000i64 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let r = (seed >> 33) as i64;
            // Mostly valid times, and some outside every field's two or four digits (the format! fallback).
            let (y, mo, d) = if i % 10 == 0 {
                (r % 20_000 - 5_000, (r % 150) as u32, (r % 120) as u32)
            } else {
                (1970 + r % 100, 1 + (r % 12) as u32, 1 + (r % 28) as u32)
            };
            let (h, mi, se) =
                if i % 7 == 0 { (r % 130 - 10, r % 70, r % 110 - 5) } else { (r % 24, r % 60, (r >> 7) % 60) };
            assert_eq!(time_text(y, mo, d, h, mi, se), format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{se:02}Z"));
        }
        assert_eq!(rfc3339_rel(-25 * 3600 * 1000), "2025-03-14T16:03:35Z");
    }

    #[test]
    fn json_eq_is_value_eq() {
        let a = json!({"a": 1, "b": {"c": [1, {"d": null}], "e": "x"}, "f": [true]});
        let reordered = json!({"f": [true], "b": {"e": "x", "c": [1, {"d": null}]}, "a": 1});
        assert!(json_eq(&a, &reordered) && a == reordered);
        for other in [
            json!({"a": 1, "b": {"c": [1, {"d": 0}], "e": "x"}, "f": [true]}),
            json!({"a": 1, "b": {"c": [1, {"d": null}], "e": "x"}}),
            json!({"a": 1, "b": {"c": [1, {"d": null}], "e": "x"}, "g": [true]}),
            json!({"a": 1.0, "b": {"c": [1, {"d": null}], "e": "x"}, "f": [true]}),
            json!([1]),
        ] {
            assert_eq!(json_eq(&a, &other), a == other, "{other}");
            assert!(!json_eq(&a, &other));
        }
    }

    #[test]
    fn at_agrees_with_pointer() {
        let o = json!({"a": {"b": [10, {"c": "x"}], "": 1}, "n": null});
        for p in ["", "/a", "/a/b", "/a/b/0", "/a/b/1/c", "/a/b/2", "/a/", "/n", "/n/x", "/missing", "/a/b/x"] {
            assert_eq!(at(&o, p), o.pointer(p), "{p}");
        }
    }

    #[test]
    fn compact_keeps_the_value() {
        let mut s = String::with_capacity(64);
        s.push('x');
        let mut a = Vec::with_capacity(9);
        a.push(json!({"k": s}));
        let v = json!({"a": a, "b": {"c": 1, "d": [true, null]}});
        assert_eq!(compact(v.clone()), v);
        assert_eq!(compact_clone(&v), v);
    }

    #[test]
    fn label_selectors() {
        let l = json!({"app": "nginx", "tier": "web"});
        let l = l.as_object();
        assert!(selector_matches(&json!({"matchLabels": {"app": "nginx"}}), l));
        assert!(!selector_matches(&json!({"matchLabels": {"app": "x"}}), l));
        assert!(selector_matches(
            &json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]}),
            l
        ));
        assert!(!selector_matches(&json!({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}), l));
        assert!(selector_matches(&json!({}), l));
        assert!(!selector_matches(&Value::Null, l));
    }
}
