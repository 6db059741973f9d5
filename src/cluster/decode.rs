//! The API server's first step on a write: decoding the JSON body into the kind's Go type. A value of the wrong
//! JSON type fails there, before defaulting and validation, with encoding/json's words, and fields the type does
//! not have are dropped (or refused under `fieldValidation=Strict`, as kubectl asks).
//!
//! The decoder is sigs.k8s.io/json (a fork of encoding/json, `internal/golang/encoding/json/decode.go`), called
//! by apimachinery's JSON serializer (`pkg/runtime/serializer/json/json.go`). Its rules, mirrored here:
//! - a type mismatch (`UnmarshalTypeError`) is saved, the first one only, and decoding goes on; the message names
//!   the innermost struct (`d.errorContext.Struct`) and the JSON field names from the top object joined by `.`,
//!   without map keys or array indexes (`ObjectMeta.spec.template.metadata.annotations`);
//! - a type with its own `UnmarshalJSON` (IntOrString, Quantity, Time) that fails stops decoding at once and its
//!   error is returned instead of any saved one; an `UnmarshalTypeError` from inside it gets the same context;
//! - unknown fields are collected apart (`strictFieldStack`: keys and `[i]` indexes, map keys included) and only
//!   reported when decoding succeeded (`strict decoding error: unknown field "spec.foo", unknown field ...`).
//!
//! The Go types come from `gotypes.txt`, written by `scripts/go-decode-types.py` from k8s.io/api and
//! k8s.io/apimachinery. Objects are walked with their keys sorted: kubectl sends an unstructured object, which
//! Go marshals with sorted keys, so that is the order the API server reads.

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("gotypes.txt");

enum Def {
    Struct(Vec<(&'static str, &'static str)>),
    Named(&'static str),
}

fn table() -> &'static HashMap<&'static str, Def> {
    static T: OnceLock<HashMap<&'static str, Def>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = HashMap::new();
        for line in TABLE.lines() {
            if let Some((id, body)) = line.split_once('{') {
                let fields = body.trim_end_matches('}').split(',').filter_map(|f| f.split_once(':')).collect();
                t.insert(id, Def::Struct(fields));
            } else if let Some((id, ty)) = line.split_once('=') {
                t.insert(id, Def::Named(ty));
            }
        }
        t
    })
}

/// What the API server does with fields the type does not have (`metav1.FieldValidation*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldValidation {
    /// Dropped silently.
    Ignore,
    /// Dropped, each named in a `Warning` header (the API server's default).
    Warn,
    /// Refused (kubectl's default, `--validate=strict`).
    Strict,
}

impl FieldValidation {
    /// The `fieldValidation` query parameter (absent: `Warn`). `None` for a value the API server refuses.
    pub fn parse(param: Option<&str>) -> Option<FieldValidation> {
        match param {
            None | Some("") | Some("Warn") => Some(FieldValidation::Warn),
            Some("Ignore") => Some(FieldValidation::Ignore),
            Some("Strict") => Some(FieldValidation::Strict),
            Some(_) => None,
        }
    }
}

/// Why a body could not be decoded, and the unknown fields it held.
#[derive(Debug, Default)]
pub struct Decoded {
    /// The decoding error (`json: cannot unmarshal ...`, a quantity's or base64's error), without the
    /// `X in version "v1" cannot be handled as a X: ` the handler puts before it.
    pub error: Option<String>,
    /// `unknown field "spec.foo"`, in the order the decoder meets them (at most 100, as it keeps).
    pub unknown: Vec<String>,
}

/// The Go type id of a kind's top-level object (`apps.StatefulSet`), if the table has it.
fn root(kind: &str) -> Option<&'static str> {
    let info = super::kinds::by_kind(kind)?;
    let pkg = match info.group {
        "" => "core",
        "apps" => "apps",
        "coordination.k8s.io" => "coord",
        "discovery.k8s.io" => "disc",
        "storage.k8s.io" => "storage",
        "policy" => "policy",
        _ => return None,
    };
    table().get_key_value(format!("{pkg}.{kind}").as_str()).map(|(k, _)| *k)
}

/// Decodes `o` as the API server decodes a body of its kind. Kinds without a Go type in the table pass.
pub fn decode(o: &Value) -> Decoded {
    let mut out = Decoded::default();
    let Some(root) = root(super::meta::kind(o)) else { return out };
    let mut d = Decoder::default();
    match d.value(o, root) {
        Err(e) => out.error = Some(e),
        Ok(()) => out.error = d.saved.take(),
    }
    if out.error.is_none() {
        out.unknown = d.unknown.into_iter().map(|(path, _)| format!("unknown field \"{path}\"")).collect();
    }
    out
}

/// Removes the fields the Go type does not have, as decoding into it drops them. Returns whether any were.
pub fn prune(o: &mut Value) -> bool {
    let Some(root) = root(super::meta::kind(o)) else { return false };
    let mut d = Decoder::default();
    if d.value(o, root).is_err() || d.unknown.is_empty() {
        return false;
    }
    for (_, pointer) in d.unknown.iter().rev() {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(m) = o.pointer_mut(parent).and_then(Value::as_object_mut) {
            m.shift_remove(&key);
        }
    }
    true
}

/// Writes each whole float as an integer. kubectl turns YAML into JSON through float64, which Go writes as
/// `2` for `2.0`, so that is what the API server decodes (into an int32 as well as a float64) and stores.
pub fn integral_floats(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(integral_floats),
        Value::Object(m) => m.values_mut().for_each(integral_floats),
        _ => {}
    }
}

/// kubectl's own decoding of a manifest's metadata (cli-runtime's mapper reads it into `metav1.ObjectMeta` to
/// find name and namespace), which fails before any request: `error: unable to decode "FILE": ERR`.
pub fn metadata_error(o: &Value) -> Option<String> {
    let m = o.get("metadata")?;
    let mut d = Decoder { context_struct: "metadataOnlyObject", fields: vec!["metadata".into()], ..Default::default() };
    match d.value(m, "meta.ObjectMeta") {
        Err(e) => Some(e),
        Ok(()) => d.saved,
    }
}

#[derive(Default)]
struct Decoder {
    /// `d.errorContext`: the struct whose field is being decoded and the field names from the top.
    context_struct: &'static str,
    fields: Vec<String>,
    /// `d.strictFieldStack` as text, and the JSON pointer of the same place (to prune).
    strict: String,
    pointer: String,
    saved: Option<String>,
    unknown: Vec<(String, String)>,
}

/// How `reflect.Type.String()` prints a table type: package ids become the Go package names.
fn display(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut rest = ty;
    while let Some(i) = rest.find(|c: char| c.is_ascii_lowercase()) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
        let word = &rest[..end];
        let name = match word {
            "core" | "apps" | "coord" | "disc" | "storage" | "policy" | "meta" if rest[end..].starts_with('.') => "v1",
            w => w,
        };
        out.push_str(name);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The number as the request carried it. kubectl converts YAML to JSON through float64, so `3.0` arrives as `3`
/// (and fits an int32) while `1.5` stays `1.5`; Go writes floats outside [1e-6, 1e21) in `e` form.
fn number_text(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or(0.0);
    let a = f.abs();
    if a != 0.0 && !(1e-6..1e21).contains(&a) {
        let e = format!("{f:e}");
        return match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x}"),
            _ => e,
        };
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    f.to_string()
}

/// `strconv.ParseInt`/`ParseUint` of the number's text with the Go kind's size.
fn fits(text: &str, ty: &str) -> bool {
    let (signed, bits) = match ty {
        "int8" => (true, 8),
        "int16" => (true, 16),
        "int32" => (true, 32),
        "int" | "int64" => (true, 64),
        "uint8" => (false, 8),
        "uint16" => (false, 16),
        "uint32" => (false, 32),
        _ => (false, 64),
    };
    if signed {
        text.parse::<i64>().is_ok_and(|n| bits == 64 || (n >= -(1 << (bits - 1)) && n < (1 << (bits - 1))))
    } else {
        text.parse::<u64>().is_ok_and(|n| bits == 64 || n < (1 << bits))
    }
}

/// The raw JSON text a custom `UnmarshalJSON` receives (for quantities given as bool, array or object).
fn raw(v: &Value) -> String {
    match v {
        Value::Number(n) => number_text(n),
        other => other.to_string(),
    }
}

/// `resource.ParseQuantity`'s error for `s`, if any (apimachinery `pkg/api/resource/quantity.go`:
/// `parseQuantityString`, then the suffix lookup).
pub fn quantity_error(s: &str) -> Option<&'static str> {
    const FORMAT: &str = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    const SUFFIX: &str = "unable to parse quantity's suffix";
    let b = s.as_bytes();
    if b.is_empty() {
        return Some(FORMAT);
    }
    let mut pos = usize::from(matches!(b[0], b'-' | b'+'));
    let digits = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    pos = digits(pos);
    if pos == b.len() {
        return None;
    }
    if b[pos] == b'.' {
        pos = digits(pos + 1);
        if pos == b.len() {
            return None;
        }
    }
    let suffix_start = pos;
    pos += b[pos..].iter().take_while(|c| b"eEinumkKMGTP".contains(c)).count();
    if pos < b.len() && matches!(b[pos], b'-' | b'+') {
        pos += 1;
    }
    if digits(pos) != b.len() {
        return Some(FORMAT);
    }
    let suffix = &s[suffix_start..];
    let known = matches!(suffix, "" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E")
        || matches!(suffix, "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei")
        || (suffix.len() > 1 && suffix.starts_with(['e', 'E']) && suffix[1..].parse::<i64>().is_ok());
    (!known).then_some(SUFFIX)
}

/// `base64.StdEncoding.Decode`'s `CorruptInputError` offset for `s`, if it is not valid (newlines are skipped).
fn base64_error(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let nl = |c: u8| c == b'\n' || c == b'\r';
    let mut si = 0;
    loop {
        let mut j = 0;
        while j < 4 {
            if si == b.len() {
                return match j {
                    0 => None,
                    _ => Some(si - j),
                };
            }
            let c = b[si];
            si += 1;
            if nl(c) {
                continue;
            }
            if c == b'=' {
                match j {
                    0 | 1 => return Some(si - 1),
                    2 => {
                        while si < b.len() && nl(b[si]) {
                            si += 1;
                        }
                        if si == b.len() {
                            return Some(b.len());
                        }
                        if b[si] != b'=' {
                            return Some(si - 1);
                        }
                        si += 1;
                    }
                    _ => {}
                }
                while si < b.len() && nl(b[si]) {
                    si += 1;
                }
                return (si < b.len()).then_some(si);
            }
            if !valid(c) {
                return Some(si - 1);
            }
            j += 1;
        }
    }
}

impl Decoder {
    fn type_error(&self, what: &str, ty: &str) -> String {
        if self.context_struct.is_empty() && self.fields.is_empty() {
            return format!("json: cannot unmarshal {what} into Go value of type {}", display(ty));
        }
        let name = self.context_struct.rsplit('.').next().unwrap_or("");
        format!(
            "json: cannot unmarshal {what} into Go struct field {name}.{} of type {}",
            self.fields.join("."),
            display(ty)
        )
    }

    fn save(&mut self, e: String) {
        if self.saved.is_none() {
            self.saved = Some(e);
        }
    }

    fn mismatch(&mut self, v: &Value, ty: &str) {
        let e = self.type_error(json_kind(v), ty);
        self.save(e);
    }

    fn push_key(&mut self, key: &str) -> (usize, usize) {
        let mark = (self.strict.len(), self.pointer.len());
        if !self.strict.is_empty() {
            self.strict.push('.');
        }
        self.strict.push_str(key);
        self.pointer.push('/');
        self.pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
        mark
    }

    fn pop(&mut self, mark: (usize, usize)) {
        self.strict.truncate(mark.0);
        self.pointer.truncate(mark.1);
    }

    /// Decodes `v` into the Go type `ty`; `Err` is an error that stops decoding.
    fn value(&mut self, v: &Value, ty: &'static str) -> Result<(), String> {
        let ty = ty.trim_start_matches('*');
        // `null` leaves every Go value as it is (custom unmarshalers included accept it).
        if v.is_null() {
            return Ok(());
        }
        match ty {
            // intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into its int32.
            "intstr.IntOrString" => {
                return match v {
                    Value::String(_) => Ok(()),
                    Value::Number(n) => {
                        let text = number_text(n);
                        match fits(&text, "int32") {
                            true => Ok(()),
                            false => Err(self.type_error(&format!("number {text}"), "int32")),
                        }
                    }
                    _ => Err(self.type_error(json_kind(v), "int32")),
                };
            }
            // resource.Quantity.UnmarshalJSON: the text without quotes, trimmed, through ParseQuantity.
            "resource.Quantity" => {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => raw(other),
                };
                return match quantity_error(text.trim()) {
                    Some(e) => Err(e.to_string()),
                    None => Ok(()),
                };
            }
            // metav1.Time/MicroTime/Duration unmarshal a string first.
            "meta.Time" | "meta.MicroTime" | "meta.Duration" => {
                return match v {
                    Value::String(_) => Ok(()),
                    _ => Err(self.type_error(json_kind(v), "string")),
                };
            }
            // Kept as raw JSON.
            "runtime.RawExtension" | "meta.FieldsV1" => return Ok(()),
            _ => {}
        }
        // A named type (`v1.Protocol`, `v1.ResourceList`) decodes as what it is defined as, printed by its name.
        let def = table().get_key_value(ty);
        let shape: &'static str = match def {
            Some((_, Def::Named(under))) => under,
            _ => ty,
        };
        if let Some(elem) = shape.strip_prefix("[]") {
            match v {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let mark = (self.strict.len(), self.pointer.len());
                        self.strict.push_str(&format!("[{i}]"));
                        self.pointer.push_str(&format!("/{i}"));
                        self.value(item, elem)?;
                        self.pop(mark);
                    }
                }
                // []byte is base64 text; a bad one is saved as base64's own error, without context.
                Value::String(s) if elem == "uint8" => {
                    if let Some(at) = base64_error(s) {
                        self.save(format!("illegal base64 data at input byte {at}"));
                    }
                }
                _ => self.mismatch(v, ty),
            }
            return Ok(());
        }
        if let Some(rest) = shape.strip_prefix("map[") {
            let Some((_, elem)) = rest.split_once(']') else { return Ok(()) };
            let Value::Object(m) = v else {
                self.mismatch(v, ty);
                return Ok(());
            };
            for (k, item) in sorted(m) {
                let mark = self.push_key(k);
                self.value(item, elem)?;
                self.pop(mark);
            }
            return Ok(());
        }
        match shape {
            "string" if !v.is_string() => self.mismatch(v, ty),
            "bool" if !v.is_boolean() => self.mismatch(v, ty),
            "float32" | "float64" if !v.is_number() => self.mismatch(v, ty),
            "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16" | "uint32" | "uint64" => match v
            {
                Value::Number(n) => {
                    let text = number_text(n);
                    if !fits(&text, shape) {
                        let e = self.type_error(&format!("number {text}"), ty);
                        self.save(e);
                    }
                }
                _ => self.mismatch(v, ty),
            },
            _ => {
                if let Some((id, Def::Struct(fields))) = def {
                    let Value::Object(m) = v else {
                        self.mismatch(v, ty);
                        return Ok(());
                    };
                    for (k, item) in sorted(m) {
                        let Some((name, fty)) = fields.iter().find(|(n, _)| *n == k.as_str()) else {
                            if self.unknown.len() < 100 {
                                let mark = self.push_key(k);
                                self.unknown.push((self.strict.clone(), self.pointer.clone()));
                                self.pop(mark);
                            }
                            continue;
                        };
                        let outer = std::mem::replace(&mut self.context_struct, id);
                        self.fields.push(name.to_string());
                        let mark = self.push_key(k);
                        self.value(item, fty)?;
                        self.pop(mark);
                        self.fields.pop();
                        self.context_struct = outer;
                    }
                }
            }
        }
        Ok(())
    }
}

fn sorted(m: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<_> = m.iter().collect();
    crate::sort::sort_by(&mut v, |a, b| a.0.cmp(b.0));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_the_table_names_is_defined() {
        let known = |t: &str| {
            matches!(
                t,
                "string"
                    | "bool"
                    | "int"
                    | "int32"
                    | "int64"
                    | "uint8"
                    | "float64"
                    | "intstr.IntOrString"
                    | "resource.Quantity"
                    | "meta.Time"
                    | "meta.MicroTime"
                    | "meta.Duration"
                    | "runtime.RawExtension"
                    | "meta.FieldsV1"
            ) || table().contains_key(t)
        };
        for (id, def) in table() {
            let types: Vec<&str> = match def {
                Def::Struct(fs) => fs.iter().map(|(_, t)| *t).collect(),
                Def::Named(t) => vec![*t],
            };
            for t in types {
                for word in t.split(|c: char| "*[]".contains(c)).filter(|w| !w.is_empty() && *w != "map") {
                    assert!(known(word), "{id}: {word}");
                }
            }
        }
        for k in super::super::kinds::KINDS {
            assert!(root(k.kind).is_some(), "{}", k.kind);
        }
    }

    #[test]
    fn base64_offsets_are_go_s() {
        for (s, want) in [
            ("aGVsbG8=", None),
            ("aGVsbG8", Some(4)),
            ("hello!", Some(5)),
            ("a===", Some(1)),
            ("aGk=x", Some(4)),
            ("aGVs\nbG8=", None),
            ("", None),
        ] {
            assert_eq!(base64_error(s), want, "{s}");
        }
    }

    #[test]
    fn quantities_as_parse_quantity_sees_them() {
        for (s, bad) in [("1", false), ("500m", false), ("1.5Gi", false), ("1e3", false), ("-1", false), ("1Gx", true)]
        {
            assert_eq!(quantity_error(s).is_some(), bad, "{s}");
        }
        assert_eq!(quantity_error("1kk"), Some("unable to parse quantity's suffix"));
    }
}
