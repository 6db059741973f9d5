//! PATCH bodies: RFC 6902 JSON patch, RFC 7386 JSON merge patch, and Kubernetes strategic merge patch (lists of
//! containers, ports, volumes, env ... merge by key; `$patch: replace|delete` directives), plus the three-way merge
//! `kubectl apply` computes from the last-applied configuration (k8s.io/apimachinery strategicpatch).

use serde_json::{Map, Value};

/// The merge key of a list field under strategic merge (the `patchMergeKey` tags of k8s.io/api), if it has one.
fn merge_key(field: &str, items: &[Value]) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "ephemeralContainers" | "volumes" | "env" | "imagePullSecrets" => "name",
        "volumeMounts" => "mountPath",
        "volumeDevices" => "devicePath",
        "ownerReferences" => "uid",
        "conditions" => "type",
        "hostAliases" => "ip",
        "topologySpreadConstraints" => "topologyKey",
        "ports" => {
            // Container ports merge on containerPort, Service ports on port.
            if items.iter().any(|i| i.get("containerPort").is_some()) {
                "containerPort"
            } else {
                "port"
            }
        }
        _ => return None,
    })
}

/// List fields of strings that merge as sets (`patchStrategy:"merge"` on a []string).
fn is_primitive_merge_list(field: &str) -> bool {
    field == "finalizers"
}

pub fn merge_patch(target: &Value, patch: &Value) -> Value {
    match patch {
        Value::Object(p) => {
            let mut out = match target {
                Value::Object(t) => t.clone(),
                _ => Map::new(),
            };
            for (k, v) in p {
                if v.is_null() {
                    out.remove(k);
                } else {
                    let cur = out.get(k).cloned().unwrap_or(Value::Null);
                    out.insert(k.clone(), merge_patch(&cur, v));
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

pub fn strategic_merge(target: &Value, patch: &Value) -> Result<Value, String> {
    smp_value("", target, patch)
}

fn smp_value(field: &str, target: &Value, patch: &Value) -> Result<Value, String> {
    match (target, patch) {
        (_, Value::Object(p)) => {
            match p.get("$patch").and_then(Value::as_str) {
                Some("replace") => {
                    let mut m = p.clone();
                    m.remove("$patch");
                    return Ok(Value::Object(m));
                }
                Some("delete") => return Ok(Value::Null),
                Some(other) => return Err(format!("Unknown patch type: {other} in map: {}", Value::Object(p.clone()))),
                None => {}
            }
            let mut out = match target {
                Value::Object(t) => t.clone(),
                _ => Map::new(),
            };
            for (k, v) in p {
                if k.starts_with("$retainKeys") || k.starts_with("$setElementOrder") {
                    continue;
                }
                if let Some(list) = k.strip_prefix("$deleteFromPrimitiveList/") {
                    if let (Some(Value::Array(cur)), Some(del)) = (out.get(list).cloned(), v.as_array()) {
                        let kept: Vec<Value> = cur.into_iter().filter(|x| !del.contains(x)).collect();
                        out.insert(list.to_string(), Value::Array(kept));
                    }
                    continue;
                }
                if v.is_null() {
                    out.remove(k);
                    continue;
                }
                let cur = out.get(k).cloned().unwrap_or(Value::Null);
                let merged = smp_value(k, &cur, v)?;
                if merged.is_null() {
                    out.remove(k);
                } else {
                    out.insert(k.clone(), merged);
                }
            }
            Ok(Value::Object(out))
        }
        (Value::Array(t), Value::Array(p)) => {
            if p.iter().any(|i| i.get("$patch").and_then(Value::as_str) == Some("replace")) {
                return Ok(Value::Array(p.iter().filter(|i| i.get("$patch").is_none()).cloned().collect()));
            }
            if is_primitive_merge_list(field) {
                let mut out = t.clone();
                for x in p {
                    if !out.contains(x) {
                        out.push(x.clone());
                    }
                }
                return Ok(Value::Array(out));
            }
            let all: Vec<Value> = t.iter().chain(p.iter()).cloned().collect();
            let Some(mk) = merge_key(field, &all) else { return Ok(patch.clone()) };
            let mut out = t.clone();
            for item in p {
                let key = item.get(mk).cloned().unwrap_or(Value::Null);
                let pos = out.iter().position(|x| x.get(mk) == Some(&key) && !key.is_null());
                let delete = item.get("$patch").and_then(Value::as_str) == Some("delete");
                match (pos, delete) {
                    (Some(i), true) => {
                        out.remove(i);
                    }
                    (None, true) => {}
                    (Some(i), false) => {
                        out[i] = smp_value("", &out[i], item)?;
                    }
                    (None, false) => out.push(smp_value("", &Value::Null, item)?),
                }
            }
            Ok(Value::Array(out))
        }
        (_, other) => Ok(strip_directives(other)),
    }
}

fn strip_directives(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter().filter(|(k, _)| !k.starts_with('$')).map(|(k, v)| (k.clone(), strip_directives(v))).collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip_directives).collect()),
        other => other.clone(),
    }
}

/// RFC 6902, with the error texts of evanphx/json-patch (what the API server reports).
pub fn json_patch(target: &Value, ops: &Value) -> Result<Value, String> {
    let ops = ops.as_array().ok_or("json: cannot unmarshal object into Go value of type jsonpatch.Patch")?;
    let mut doc = target.clone();
    for op in ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        match kind {
            "add" => add(&mut doc, path, value_of(op)?)?,
            "remove" => {
                remove(&mut doc, path)?;
            }
            "replace" => {
                remove(&mut doc, path)
                    .map_err(|_| format!("replace operation does not apply: doc is missing key: {path}"))?;
                add(&mut doc, path, value_of(op)?)?;
            }
            "move" | "copy" => {
                let from = op.get("from").and_then(Value::as_str).unwrap_or("");
                let v = doc
                    .pointer(from)
                    .cloned()
                    .ok_or(format!("{kind} operation does not apply: doc is missing from path: {from}"))?;
                if kind == "move" {
                    remove(&mut doc, from)?;
                }
                add(&mut doc, path, v)?;
            }
            "test" => {
                if doc.pointer(path) != Some(value_of(op)?).as_ref() {
                    return Err(format!("testing value {path} failed: test failed"));
                }
            }
            other => return Err(format!("Unexpected kind: {other}")),
        }
    }
    Ok(doc)
}

fn value_of(op: &Value) -> Result<Value, String> {
    op.get("value").cloned().ok_or_else(|| "missing value".to_string())
}

fn unescape(t: &str) -> String {
    t.replace("~1", "/").replace("~0", "~")
}

fn split_parent(path: &str) -> Result<(&str, String), String> {
    let i = path.rfind('/').ok_or_else(|| format!("add operation does not apply: doc is missing path: \"{path}\""))?;
    Ok((&path[..i], unescape(&path[i + 1..])))
}

fn add(doc: &mut Value, path: &str, v: Value) -> Result<(), String> {
    if path.is_empty() {
        *doc = v;
        return Ok(());
    }
    let (parent, last) = split_parent(path)?;
    let missing = || format!("add operation does not apply: doc is missing path: \"{path}\": missing value");
    let p = doc.pointer_mut(parent).ok_or_else(missing)?;
    match p {
        Value::Object(m) => {
            m.insert(last, v);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(v);
            } else {
                let i: usize = last.parse().map_err(|_| missing())?;
                if i > a.len() {
                    return Err(format!("add operation does not apply: doc is missing path: \"{path}\": Unable to access invalid index: {i}"));
                }
                a.insert(i, v);
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn remove(doc: &mut Value, path: &str) -> Result<Value, String> {
    let (parent, last) = split_parent(path)?;
    let missing = || format!("remove operation does not apply: doc is missing path: \"{path}\"");
    match doc.pointer_mut(parent).ok_or_else(missing)? {
        Value::Object(m) => m.remove(&last).ok_or_else(missing),
        Value::Array(a) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            (i < a.len()).then(|| a.remove(i)).ok_or_else(missing)
        }
        _ => Err(missing()),
    }
}

/// `kubectl apply`'s three-way merge: `original` (last applied), `modified` (the new manifest), `live`. Fields the
/// user dropped since the last apply are removed; fields others set (controllers, defaulting) stay.
pub fn three_way(original: &Value, modified: &Value, live: &Value) -> Value {
    tw("", original, modified, live)
}

fn tw(field: &str, original: &Value, modified: &Value, live: &Value) -> Value {
    match (modified, live) {
        (Value::Object(m), Value::Object(l)) => {
            let mut out = l.clone();
            let o = original.as_object();
            if let Some(o) = o {
                for k in o.keys() {
                    if !m.contains_key(k) {
                        out.remove(k);
                    }
                }
            }
            for (k, mv) in m {
                let ov = o.and_then(|o| o.get(k)).unwrap_or(&Value::Null);
                let merged = match l.get(k) {
                    Some(lv) => tw(k, ov, mv, lv),
                    None => mv.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (Value::Array(m), Value::Array(l)) => {
            let all: Vec<Value> = m.iter().chain(l.iter()).cloned().collect();
            let Some(mk) = merge_key(field, &all) else { return modified.clone() };
            let o = original.as_array().map(Vec::as_slice).unwrap_or(&[]);
            let find = |list: &[Value], key: &Value| list.iter().find(|x| x.get(mk) == Some(key)).cloned();
            // Keep the manifest's order; live-only items the user never applied stay after them.
            let mut out = Vec::new();
            for mi in m {
                let key = mi.get(mk).cloned().unwrap_or(Value::Null);
                let oi = find(o, &key).unwrap_or(Value::Null);
                out.push(match find(l, &key) {
                    Some(li) => tw("", &oi, mi, &li),
                    None => mi.clone(),
                });
            }
            for li in l {
                let key = li.get(mk).cloned().unwrap_or(Value::Null);
                if find(m, &key).is_none() && find(o, &key).is_none() {
                    out.push(li.clone());
                }
            }
            Value::Array(out)
        }
        _ => modified.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merge_merges_containers_by_name() {
        let live = json!({"spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:1"}]}});
        let p = json!({"spec": {"containers": [{"name": "b", "image": "y:2"}]}});
        let out = strategic_merge(&live, &p).unwrap();
        assert_eq!(
            out,
            json!({"spec": {"containers": [{"name": "a", "image": "x:1"}, {"name": "b", "image": "y:2"}]}})
        );
        let del = json!({"spec": {"containers": [{"name": "a", "$patch": "delete"}]}});
        assert_eq!(strategic_merge(&out, &del).unwrap()["spec"]["containers"].as_array().unwrap().len(), 1);
        // A merge patch replaces the list.
        assert_eq!(merge_patch(&live, &p)["spec"]["containers"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn json_patch_ops_and_errors() {
        let d = json!({"spec": {"containers": [{"image": "a"}]}});
        let p = json!([{"op": "replace", "path": "/spec/containers/0/image", "value": "b"}]);
        assert_eq!(json_patch(&d, &p).unwrap()["spec"]["containers"][0]["image"], "b");
        let bad = json!([{"op": "replace", "path": "/spec/nope", "value": 1}]);
        assert_eq!(
            json_patch(&d, &bad).unwrap_err(),
            "replace operation does not apply: doc is missing key: /spec/nope"
        );
    }

    #[test]
    fn three_way_drops_removed_fields_and_keeps_others() {
        let original = json!({"metadata": {"labels": {"a": "1", "b": "2"}}, "spec": {"replicas": 2}});
        let modified = json!({"metadata": {"labels": {"a": "1"}}, "spec": {"replicas": 3}});
        let live = json!({"metadata": {"labels": {"a": "1", "b": "2", "c": "3"}, "uid": "u"}, "spec": {"replicas": 2, "x": 1}});
        let out = three_way(&original, &modified, &live);
        assert_eq!(
            out,
            json!({"metadata": {"labels": {"a": "1", "c": "3"}, "uid": "u"}, "spec": {"replicas": 3, "x": 1}})
        );
    }
}
