//! Helm's values: files read as YAML 1.1 through JSON (every number a float64), merged file over file
//! (`loader.MergeMaps`), `--set` applied on top, then coalesced over the chart's defaults (a user `null`
//! deletes a default, defaults' own nulls are dropped). Mirrors helm `pkg/chart/v2/loader.LoadValues`,
//! `pkg/cli/values.Options.MergeValues` and `pkg/chart/common/util/coalesce.go`.

use super::strvals;
use super::value::Value;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// Every number from YAML/JSON becomes a float64, as `json.Unmarshal` into `interface{}` makes it.
fn floatify(v: Json) -> Json {
    match v {
        Json::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map(Json::Number).unwrap_or(Json::Null),
        Json::Array(a) => Json::Array(a.into_iter().map(floatify).collect()),
        Json::Object(o) => Json::Object(o.into_iter().map(|(k, v)| (k, floatify(v))).collect()),
        other => other,
    }
}

fn json_kind(v: &Json) -> &'static str {
    match v {
        Json::Array(_) => "array",
        Json::String(_) => "string",
        Json::Number(_) => "number",
        Json::Bool(_) => "bool",
        Json::Object(_) => "object",
        Json::Null => "null",
    }
}

/// A values file's error with the real line of the problem, for an editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValuesError {
    /// Helm's text, e.g. `cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 3: ...`.
    pub message: String,
    /// 1-based line in the whole file, when the problem has one.
    pub line: Option<usize>,
}

/// `loader.LoadValues`: every `---` document of the file merged in order.
pub fn load_values(text: &str) -> Result<Map<String, Json>, ValuesError> {
    let docs = crate::yaml::split_documents(text)
        .map_err(|e| ValuesError { message: format!("error reading yaml document: {e}"), line: None })?;
    let mut values = Map::new();
    for doc in docs {
        let v = crate::yaml::load(&doc.text).map_err(|e| ValuesError {
            message: format!("cannot unmarshal yaml document: error converting YAML to JSON: {}", e.go),
            line: Some(e.line + doc.first_line - 1),
        })?;
        match floatify(v) {
            Json::Object(m) => values = merge_maps(values, m),
            Json::Null => {}
            other => {
                return Err(ValuesError {
                    message: format!(
                        "cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: json: cannot \
                         unmarshal {} into Go value of type map[string]interface {{}}",
                        json_kind(&other)
                    ),
                    line: None,
                })
            }
        }
    }
    Ok(values)
}

/// `loader.MergeMaps`: b over a, maps merged recursively, anything else replaced.
pub fn merge_maps(mut a: Map<String, Json>, b: Map<String, Json>) -> Map<String, Json> {
    for (k, v) in b {
        match (a.get_mut(&k), v) {
            (Some(Json::Object(av)), Json::Object(bv)) => {
                let merged = merge_maps(std::mem::take(av), bv);
                *av = merged;
            }
            (_, v) => {
                a.insert(k, v);
            }
        }
    }
    a
}

/// Which flag a command-line value came from. Helm applies them kind by kind in this order, whatever the
/// command line's order: `--set-json`, `--set`, `--set-string`, `--set-file`, `--set-literal`
/// (`pkg/cli/values.Options.MergeValues`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SetKind {
    Json,
    Set,
    String,
    File,
    Literal,
}

impl SetKind {
    pub const ALL: [SetKind; 5] = [SetKind::Json, SetKind::Set, SetKind::String, SetKind::File, SetKind::Literal];

    pub fn flag(self) -> &'static str {
        match self {
            SetKind::Json => "--set-json",
            SetKind::Set => "--set",
            SetKind::String => "--set-string",
            SetKind::File => "--set-file",
            SetKind::Literal => "--set-literal",
        }
    }
}

/// The error a `--set-file` path gets when nothing can read files (Go's `os.ReadFile` text).
pub fn no_files(path: &str) -> Result<String, String> {
    Err(format!("open {path}: no such file or directory"))
}

/// [`user_values_with`] where `--set-file` paths cannot be read.
pub fn user_values(files: &[(String, String)], sets: &[(SetKind, String)]) -> Result<Map<String, Json>, String> {
    user_values_with(files, sets, &no_files)
}

/// The user-supplied values of one render: `-f` files in order, then the command-line values kind by kind
/// (see [`SetKind`]). `files` are (name as given, contents); `read` gives a `--set-file` path's contents
/// or Go's error text. Errors are Helm's text without `Error: `.
pub fn user_values_with(
    files: &[(String, String)],
    sets: &[(SetKind, String)],
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Map<String, Json>, String> {
    let mut base = Map::new();
    for (name, text) in files {
        let m = load_values(text).map_err(|e| format!("failed to parse {name}: {}", e.message))?;
        base = merge_maps(base, m);
    }
    for kind in SetKind::ALL {
        for (_, s) in sets.iter().filter(|(k, _)| *k == kind) {
            let r = match kind {
                SetKind::Json => {
                    let t = s.trim();
                    if t.starts_with('{') {
                        // A whole JSON object is merged like a values file.
                        match serde_json::from_str::<Json>(t) {
                            Ok(Json::Object(m)) => {
                                base = merge_maps(base, floatify_map(m));
                                Ok(())
                            }
                            _ => return Err(format!("failed parsing --set-json data JSON: {s}")),
                        }
                    } else {
                        // Helm drops the parser's reason here.
                        strvals::parse_json(s, &mut base).map_err(|_| format!("failed parsing --set-json data {s}"))?;
                        Ok(())
                    }
                }
                SetKind::Set => strvals::parse_into(s, &mut base, false),
                SetKind::String => strvals::parse_into(s, &mut base, true),
                SetKind::File => strvals::parse_file(s, &mut base, read),
                SetKind::Literal => strvals::parse_literal(s, &mut base),
            };
            r.map_err(|e| format!("failed parsing {} data: {e}", kind.flag()))?;
        }
    }
    Ok(base)
}

fn floatify_map(m: Map<String, Json>) -> Map<String, Json> {
    m.into_iter().map(|(k, v)| (k, floatify(v))).collect()
}

fn clean_nil_values(m: &mut Map<String, Json>) {
    m.retain(|_, v| !v.is_null());
    for v in m.values_mut() {
        if let Json::Object(sub) = v {
            clean_nil_values(sub);
        }
    }
}

/// Go's `%v` of a decoded JSON value (what Helm's coalesce warnings print).
pub fn go_v(v: &Json) -> String {
    match v {
        Json::Null => "<nil>".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) if n.is_f64() => crate::yaml::format_g(n.as_f64().unwrap_or(0.0)),
        Json::Number(n) => n.to_string(),
        Json::String(s) => s.clone(),
        Json::Array(a) => format!("[{}]", a.iter().map(go_v).collect::<Vec<_>>().join(" ")),
        Json::Object(o) => {
            let sorted: BTreeMap<&String, &Json> = crate::sort::btree_map(o.iter());
            format!("map[{}]", sorted.iter().map(|(k, v)| format!("{k}:{}", go_v(v))).collect::<Vec<_>>().join(" "))
        }
    }
}

/// `concatPrefix`: dotted names in Helm's warnings.
pub fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}.{b}")
    }
}

/// `coalesceTablesFullKey`: `src` under the authoritative `dst`. Coalescing (`merge` false) lets a user's
/// null delete a default; merging keeps nulls. `prefix` names the table in the warnings Helm logs.
pub fn coalesce_tables(
    dst: &mut Map<String, Json>,
    mut src: Map<String, Json>,
    prefix: &str,
    merge: bool,
    warn: &mut Vec<String>,
) {
    let src_non_nil: Vec<String> = src.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k.clone()).collect();
    for (k, v) in dst.iter() {
        if v.is_null() {
            src.insert(k.clone(), Json::Null);
        }
    }
    for (k, val) in src {
        let full = concat_prefix(prefix, &k);
        match dst.get_mut(&k) {
            Some(Json::Null) if !merge && src_non_nil.contains(&k) => {
                dst.remove(&k);
            }
            None => {
                dst.insert(k, val);
            }
            Some(dv) => match (dv, val) {
                (Json::Object(dv), Json::Object(sv)) => coalesce_tables(dv, sv, &full, merge, warn),
                (_, val @ Json::Object(_)) => {
                    warn.push(format!("warning: cannot overwrite table with non table for {full} ({})", go_v(&val)))
                }
                (Json::Object(_), val) if !val.is_null() => warn.push(format!(
                    "warning: destination for {full} is a table. Ignoring non-table value ({})",
                    go_v(&val)
                )),
                _ => {}
            },
        }
    }
}

/// `coalesceValues`: a chart's defaults under the values `v` given for it. `prefix` is the chart's dotted
/// path in warnings (`parent.sub`); a default table for one of `subcharts` is always merged (nulls kept).
pub fn coalesce_values(
    defaults: &Map<String, Json>,
    v: &mut Map<String, Json>,
    prefix: &str,
    merge: bool,
    subcharts: &[&str],
    warn: &mut Vec<String>,
) {
    for (key, val) in defaults {
        match v.get_mut(key) {
            Some(Json::Null) if !merge => {
                v.remove(key);
            }
            Some(Json::Object(dest)) => match val {
                Json::Object(src) => {
                    let merge = merge || subcharts.contains(&key.as_str());
                    let mut src = src.clone();
                    if !merge {
                        clean_nil_values(&mut src);
                    }
                    coalesce_tables(dest, src, &concat_prefix(prefix, key), merge, warn);
                }
                Json::Null => {}
                _ => warn.push(format!("warning: skipped value for {prefix}.{key}: Not a table.")),
            },
            Some(_) => {}
            None => {
                if !merge && val.is_null() {
                    continue;
                }
                let mut val = val.clone();
                if let (false, Json::Object(sub)) = (merge, &mut val) {
                    clean_nil_values(sub);
                }
                v.insert(key.clone(), val);
            }
        }
    }
}

/// `CoalesceValues` for a chart without dependencies: the user's values over the chart's defaults.
pub fn coalesce(defaults: &Map<String, Json>, mut user: Map<String, Json>) -> Map<String, Json> {
    coalesce_values(defaults, &mut user, "chart", false, &[], &mut Vec::new());
    user
}

/// A values tree as templates see it: float64 numbers, int64 for `--set` integers, `map[string]interface {}`.
pub fn to_value(v: &Json) -> Value {
    match v {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => Value::Int64(i),
            _ => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::str(s.as_str()),
        Json::Array(a) => Value::list(a.iter().map(to_value).collect()),
        Json::Object(o) => Value::map(crate::sort::btree_map(o.iter().map(|(k, v)| (k.clone(), to_value(v))))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Json) -> Map<String, Json> {
        match v {
            Json::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    #[test]
    fn coalesce_like_helm_4_3() {
        // Measured with helm v4.3.1 (values.yaml and -f below, `toYaml .Values`).
        let defaults = load_values("a: {b: 1, c: null, h: 2}\nd: null\nk: {x: 1}\nl: [1, null]\n").unwrap();
        let user =
            user_values(&[("u.yaml".into(), "a: {b: null, i: null}\ne: null\nf: {g: null}\nk: null\n".into())], &[])
                .unwrap();
        let got = Json::Object(coalesce(&defaults, user));
        assert_eq!(got, json!({"a": {"h": 2.0, "i": null}, "e": null, "f": {"g": null}, "l": [1.0, null]}));
        let user = user_values(&[], &[(SetKind::Set, "a.h=null,m=null,a.j.k=1".into())]).unwrap();
        let got = Json::Object(coalesce(&defaults, user));
        assert_eq!(got, json!({"a": {"b": 1.0, "j": {"k": 1}}, "k": {"x": 1.0}, "l": [1.0, null], "m": null}));
    }

    #[test]
    fn files_merge_and_fail_like_helm() {
        let m = load_values("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(Json::Object(m), json!({"a": 1.0, "b": 2.0}));
        let e = user_values(&[("bad1.yaml".into(), "a: 1\nb:\n  c: 2\n d: 3\n".into())], &[]).unwrap_err();
        assert_eq!(
            e,
            "failed to parse bad1.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 3: \
             did not find expected key"
        );
        let e = user_values(&[("list.yaml".into(), "- 1\n".into())], &[]).unwrap_err();
        assert_eq!(
            e,
            "failed to parse list.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while decoding JSON: \
             json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
        let e = user_values(&[], &[(SetKind::Set, "a".into())]).unwrap_err();
        assert_eq!(e, "failed parsing --set data: key \"a\" has no value");
        // --set-string applies after --set whatever the order given.
        let m = user_values(&[], &[(SetKind::String, "a=1".into()), (SetKind::Set, "a=2".into())]).unwrap();
        assert_eq!(Json::Object(m), json!({"a": "1"}));
        let _ = obj(json!({}));
    }
}
