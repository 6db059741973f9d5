//! Encodings: Go's `encoding/json` (Sprig's toJson family, Helm's toJson/fromJson), sigs.k8s.io/yaml (Helm's
//! toYaml/fromYaml), BurntSushi/toml (toToml), base64/base32, and the checksums.

use super::args::{arity, list, s, str, R};
use crate::helm::value::Value;
use std::collections::BTreeMap;
use std::fmt::Write;

// ---- JSON -------------------------------------------------------------------------------------------------

/// `json.Marshal` (or `MarshalIndent` with two spaces when `indent`).
pub fn marshal(v: &Value, escape_html: bool, indent: bool) -> Result<String, String> {
    let mut out = String::new();
    marshal_into(&mut out, v, escape_html, if indent { Some(0) } else { None }, 0)?;
    Ok(out)
}

fn newline(out: &mut String, level: Option<usize>) {
    if let Some(l) = level {
        out.push('\n');
        for _ in 0..l {
            out.push_str("  ");
        }
    }
}

fn marshal_into(out: &mut String, v: &Value, html: bool, level: Option<usize>, depth: usize) -> Result<(), String> {
    if depth > 1000 {
        return Err(format!("json: unsupported value: encountered a cycle via {}", v.type_name()));
    }
    match v {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(format!("json: unsupported value: {}", crate::yaml::format_g(*f)));
            }
            out.push_str(&crate::gojson::float(*f));
        }
        Value::Str(st) => crate::gojson::string(out, st, html),
        Value::List(_, l) => {
            out.push('[');
            for (k, x) in l.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline(out, level.map(|l| l + 1));
                marshal_into(out, x, html, level.map(|l| l + 1), depth + 1)?;
            }
            if !l.is_empty() {
                newline(out, level);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            let m = m.borrow();
            for (k, (key, x)) in m.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline(out, level.map(|l| l + 1));
                crate::gojson::string(out, key, html);
                out.push(':');
                if level.is_some() {
                    out.push(' ');
                }
                marshal_into(out, x, html, level.map(|l| l + 1), depth + 1)?;
            }
            if !m.is_empty() {
                newline(out, level);
            }
            out.push('}');
        }
        Value::Object(o) => match o.field("__json") {
            Some(Value::Str(st)) => out.push_str(&st),
            _ => out.push_str("{}"),
        },
    }
    Ok(())
}

/// A template value as the JSON document Go would marshal it to.
pub fn to_serde_json(v: &Value) -> Result<serde_json::Value, String> {
    let text = marshal(v, false, false)?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

pub fn to_json(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(marshal(&a[0], true, false).unwrap_or_default()))
}

pub fn must_to_json(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(marshal(&a[0], true, false)?))
}

pub fn to_pretty_json(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(marshal(&a[0], true, true).unwrap_or_default()))
}

pub fn must_to_pretty_json(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(marshal(&a[0], true, true)?))
}

pub fn to_raw_json(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(marshal(&a[0], false, false)?))
}

pub fn must_to_raw_json(a: &[Value]) -> R {
    to_raw_json(a)
}

/// Go's `encoding/json` syntax check (decode.go's scanner), for its error texts:
/// `invalid character 'x' looking for beginning of value`, `unexpected end of JSON input`, ...
struct JsonScan<'a> {
    b: &'a [u8],
    i: usize,
}

const JSON_EOF: &str = "unexpected end of JSON input";

impl JsonScan<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn bad(&self, context: &str) -> String {
        match std::str::from_utf8(&self.b[self.i..]).ok().and_then(|t| t.chars().next()) {
            Some(c) => format!("invalid character {} {context}", go_char_quote(c)),
            None => JSON_EOF.into(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn value(&mut self, depth: usize) -> Result<(), String> {
        if depth > 10000 {
            return Err("exceeded max depth".into());
        }
        self.ws();
        match self.peek() {
            None => Err(JSON_EOF.into()),
            Some(b'{') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(self.bad("looking for beginning of object key string"));
                    }
                    self.string()?;
                    self.ws();
                    if self.peek() != Some(b':') {
                        return Err(self.bad("after object key"));
                    }
                    self.i += 1;
                    self.value(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.bad("after object key:value pair")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.value(depth + 1)?;
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(());
                        }
                        _ => return Err(self.bad("after array element")),
                    }
                }
            }
            Some(b'"') => self.string(),
            Some(b't') => self.literal("true"),
            Some(b'f') => self.literal("false"),
            Some(b'n') => self.literal("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.bad("looking for beginning of value")),
        }
    }

    fn literal(&mut self, word: &str) -> Result<(), String> {
        for (k, w) in word.bytes().enumerate() {
            match self.peek() {
                None => return Err(JSON_EOF.into()),
                Some(c) if c == w => self.i += 1,
                Some(_) => {
                    return Err(self.bad(&format!("in literal {word} (expecting '{}')", word.as_bytes()[k] as char)))
                }
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            None => return Err(JSON_EOF.into()),
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.bad("in numeric literal")),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(if self.peek().is_none() {
                    JSON_EOF.into()
                } else {
                    self.bad("after decimal point in numeric literal")
                });
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(if self.peek().is_none() {
                    JSON_EOF.into()
                } else {
                    self.bad("in exponent of numeric literal")
                });
            }
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), String> {
        self.i += 1;
        loop {
            match self.peek() {
                None => return Err(JSON_EOF.into()),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.i += 1;
                    match self.peek() {
                        None => return Err(JSON_EOF.into()),
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            self.i += 1;
                            for _ in 0..4 {
                                match self.peek() {
                                    None => return Err(JSON_EOF.into()),
                                    Some(c) if c.is_ascii_hexdigit() => self.i += 1,
                                    Some(_) => return Err(self.bad("in \\u hexadecimal character escape")),
                                }
                            }
                        }
                        Some(_) => return Err(self.bad("in string escape code")),
                    }
                }
                Some(c) if c < 0x20 => return Err(self.bad("in string literal")),
                Some(_) => self.i += 1,
            }
        }
    }
}

/// `json.Unmarshal`'s syntax error for `text`, if any.
fn json_syntax(text: &str) -> Result<(), String> {
    let mut sc = JsonScan { b: text.as_bytes(), i: 0 };
    sc.value(0)?;
    sc.ws();
    if sc.i < sc.b.len() {
        return Err(sc.bad("after top-level value"));
    }
    Ok(())
}

fn go_char_quote(c: char) -> String {
    match c {
        '\'' => "'\\''".into(),
        '"' => "'\"'".into(),
        c => {
            let q = super::strings::go_quote(&c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn parse_json(text: &str) -> Result<Value, String> {
    json_syntax(text)?;
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => Ok(Value::from_json(&v)),
        Err(e) => Err(e.to_string()),
    }
}

fn go_json_kind(v: &Value) -> &'static str {
    match v {
        Value::List(..) => "array",
        Value::Map(_) => "object",
        Value::Str(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// Helm's `fromJson`: an object, or `{"Error": MESSAGE}`.
pub fn from_json(a: &[Value]) -> R {
    arity(a, 1)?;
    let err = |m: String| Value::map(BTreeMap::from([("Error".to_string(), str(m))]));
    Ok(match parse_json(s(&a[0])?) {
        Ok(v @ Value::Map(_)) => v,
        Ok(Value::Nil) => Value::map(BTreeMap::new()),
        Ok(v) => {
            err(format!("json: cannot unmarshal {} into Go value of type map[string]interface {{}}", go_json_kind(&v)))
        }
        Err(m) => err(m),
    })
}

/// Helm's `fromJsonArray`: a list, or a one-element list holding the error message.
pub fn from_json_array(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(match parse_json(s(&a[0])?) {
        Ok(v @ Value::List(..)) => v,
        Ok(Value::Nil) => list(Vec::new()),
        Ok(v) => list(vec![str(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            go_json_kind(&v)
        ))]),
        Err(m) => list(vec![str(m)]),
    })
}

/// Sprig's `mustFromJson`: any JSON value.
pub fn must_from_json(a: &[Value]) -> R {
    arity(a, 1)?;
    parse_json(s(&a[0])?)
}

// ---- YAML -------------------------------------------------------------------------------------------------

fn yaml_text(v: &Value) -> Result<String, String> {
    let j = to_serde_json(v)?;
    let y = crate::yaml::emit::marshal(&j)?;
    Ok(y.strip_suffix('\n').unwrap_or(&y).to_string())
}

pub fn to_yaml(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(yaml_text(&a[0]).unwrap_or_default()))
}

pub fn must_to_yaml(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(yaml_text(&a[0])?))
}

/// A template value as go-yaml v3 sees the Go value (no JSON round trip: float64 2 prints `2`, 1e6 `1e+06`).
fn v3_doc(v: &Value, depth: usize) -> Result<crate::yaml::emit::Doc, String> {
    use crate::yaml::emit::Doc;
    // Kept well inside the page's stack (a map that contains itself recurses until here).
    if depth > 200 {
        return Err("a map or list nests deeper than 200 levels".into());
    }
    Ok(match v {
        Value::Nil => Doc::Null,
        Value::Bool(b) => Doc::Plain(b.to_string()),
        Value::Int(i) | Value::Int64(i) => Doc::Plain(i.to_string()),
        Value::Float(f) => Doc::Plain(match crate::yaml::format_g(*f).as_str() {
            "+Inf" => ".inf".into(),
            "-Inf" => "-.inf".into(),
            "NaN" => ".nan".into(),
            g => g.into(),
        }),
        Value::Str(s) => Doc::Str(s.to_string()),
        Value::List(_, l) => Doc::Seq(l.iter().map(|x| v3_doc(x, depth + 1)).collect::<Result<_, _>>()?),
        Value::Map(m) => Doc::Map(
            m.borrow().iter().map(|(k, x)| Ok((k.clone(), v3_doc(x, depth + 1)?))).collect::<Result<_, String>>()?,
        ),
        // time.Duration is an int64 that v3 writes through String(); time.Time as RFC 3339.
        Value::Object(o) => match o.type_name() {
            "time.Duration" => Doc::Str(o.format_v()),
            "time.Time" => match o.field("__json") {
                Some(Value::Str(j)) => Doc::Plain(j.trim_matches('"').to_string()),
                _ => Doc::Null,
            },
            t => return Err(format!("cannot marshal type: {t}")),
        },
    })
}

/// Helm's `toYamlPretty`: go-yaml v3's encoder with two-space indents, "" on failure.
pub fn to_yaml_pretty(a: &[Value]) -> R {
    arity(a, 1)?;
    let text = v3_doc(&a[0], 0).map(|d| crate::yaml::emit::to_yaml_v3(&d)).unwrap_or_default();
    Ok(str(text.strip_suffix('\n').unwrap_or(&text)))
}

/// sigs.k8s.io/yaml `Unmarshal`: YAML 1.1 read into JSON, then JSON into Go (numbers become float64).
fn load_yaml(text: &str) -> Result<Value, String> {
    match crate::yaml::load(text) {
        Ok(j) => Ok(Value::from_json(&j)),
        Err(e) => Err(format!("error converting YAML to JSON: {}", e.go)),
    }
}

/// Helm's `fromYaml`: a map, or `{"Error": MESSAGE}`.
pub fn from_yaml(a: &[Value]) -> R {
    arity(a, 1)?;
    let err = |m: String| Value::map(BTreeMap::from([("Error".to_string(), str(m))]));
    Ok(match load_yaml(s(&a[0])?) {
        Ok(v @ Value::Map(_)) => v,
        Ok(Value::Nil) => Value::map(BTreeMap::new()),
        Ok(v) => err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            go_json_kind(&v)
        )),
        Err(m) => err(m),
    })
}

/// Helm's `fromYamlArray`: a list, or a one-element list holding the error message.
pub fn from_yaml_array(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(match load_yaml(s(&a[0])?) {
        Ok(v @ Value::List(..)) => v,
        Ok(Value::Nil) => list(Vec::new()),
        Ok(v) => list(vec![str(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            go_json_kind(&v)
        ))]),
        Err(m) => list(vec![str(m)]),
    })
}

// ---- TOML -------------------------------------------------------------------------------------------------

fn toml_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        toml_string(k)
    }
}

fn toml_string(st: &str) -> String {
    let mut out = String::from("\"");
    for c in st.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_value(v: &Value) -> Result<String, String> {
    if super::args::nests_deeper(v, 100) {
        return Err("toml: values nest deeper than 100 levels".into());
    }
    Ok(match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Float(f) => {
            if f.is_nan() {
                "nan".into()
            } else if f.is_infinite() {
                if *f > 0.0 { "inf" } else { "-inf" }.into()
            } else {
                // strconv's %g, with ".0" added when that reads as an integer.
                let t = crate::yaml::format_g(*f);
                if t.contains('.') || t.contains('e') {
                    t
                } else {
                    t + ".0"
                }
            }
        }
        Value::Str(st) => toml_string(st),
        // BurntSushi/toml checks every element's type before writing an array, and nil has none.
        Value::List(_, l) if l.iter().any(|x| matches!(x, Value::Nil)) => {
            return Err("toml: cannot encode array with nil element".into())
        }
        Value::List(_, l) => {
            let items: Vec<String> = l.iter().map(toml_value).collect::<Result<_, _>>()?;
            format!("[{}]", items.join(", "))
        }
        Value::Map(m) => {
            let m = m.borrow();
            let items: Vec<String> = m
                .iter()
                .filter(|(_, x)| !matches!(x, Value::Nil))
                .map(|(k, x)| Ok(format!("{} = {}", toml_key(k), toml_value(x)?)))
                .collect::<Result<_, String>>()?;
            format!("{{{}}}", items.join(", "))
        }
        Value::Nil => return Err("toml: cannot encode a nil value".into()),
        Value::Object(_) => return Err(format!("toml: cannot encode a value of type {}", v.type_name())),
    })
}

fn is_table(v: &Value) -> bool {
    matches!(v, Value::Map(_))
}

fn is_table_array(v: &Value) -> bool {
    matches!(v, Value::List(_, l) if !l.is_empty() && l.iter().all(is_table))
}

/// BurntSushi/toml `Encoder.Encode` of a map: plain keys first, then sub-tables and arrays of tables, sorted;
/// keys are indented two spaces per table level, headers one level less; only top-level tables and arrays of
/// tables get a blank line before them.
fn toml_table(out: &mut String, m: &BTreeMap<String, Value>, path: &[String], depth: usize) -> Result<(), String> {
    if depth > 100 {
        return Err("toml: tables nest deeper than 100 levels".into());
    }
    let indent = "  ".repeat(path.len());
    for (k, v) in m {
        if matches!(v, Value::Nil) || is_table(v) || is_table_array(v) {
            continue;
        }
        let _ = writeln!(out, "{indent}{} = {}", toml_key(k), toml_value(v)?);
    }
    for (k, v) in m {
        let mut p = path.to_vec();
        p.push(toml_key(k));
        if let Value::Map(sm) = v {
            if p.len() == 1 && !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "{indent}[{}]", p.join("."));
            toml_table(out, &sm.borrow(), &p, depth + 1)?;
        } else if is_table_array(v) {
            let Value::List(_, l) = v else { continue };
            for t in l.iter() {
                let Value::Map(sm) = t else { continue };
                if !out.is_empty() {
                    out.push('\n');
                }
                let _ = writeln!(out, "{indent}[[{}]]", p.join("."));
                toml_table(out, &sm.borrow(), &p, depth + 1)?;
            }
        }
    }
    Ok(())
}

fn toml_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Map(m) => {
            let mut out = String::new();
            toml_table(&mut out, &m.borrow(), &[], 0)?;
            Ok(out)
        }
        // BurntSushi/toml writes other top-level values as they would appear after `key = `.
        other => toml_value(other),
    }
}

pub fn to_toml(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(toml_text(&a[0]).unwrap_or_else(|e| e)))
}

pub fn must_to_toml(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(toml_text(&a[0])?))
}

// ---- base64, base32 -----------------------------------------------------------------------------------------

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Encodes `data` in groups of `group` input bytes to `chars` output characters of `bits` bits each, padded.
fn encode_base(data: &[u8], alphabet: &[u8], bits: u32, group: usize, chars: usize) -> String {
    let mut out = String::new();
    for chunk in data.chunks(group) {
        let mut acc: u64 = 0;
        for k in 0..group {
            acc = (acc << 8) | *chunk.get(k).unwrap_or(&0) as u64;
        }
        let used = (chunk.len() * 8).div_ceil(bits as usize);
        for k in 0..chars {
            if k < used {
                let shift = (group as u32 * 8) - bits * (k as u32 + 1);
                out.push(alphabet[((acc >> shift) & ((1 << bits) - 1)) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's base64 decoder (base32's rules differ: [`decode_b32`]): `\r` and `\n` are skipped; any other stray character, misplaced `=` or short final
/// group is `illegal base64 data at input byte N` (N counts the skipped newlines too).
fn decode_base(
    text: &str,
    alphabet: &[u8],
    bits: u32,
    group: usize,
    chars: usize,
    name: &str,
) -> Result<Vec<u8>, String> {
    let err = |n: usize| format!("illegal {name} data at input byte {n}");
    let src: Vec<(usize, u8)> = text.bytes().enumerate().filter(|(_, b)| *b != b'\r' && *b != b'\n').collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < src.len() {
        let quantum = &src[k..(k + chars).min(src.len())];
        if quantum.len() < chars {
            // Go reads the short quantum up to its first bad byte; a '=' after two characters then wants a
            // second one and reports the input's end.
            for (j, (pos, b)) in quantum.iter().enumerate() {
                if *b == b'=' {
                    return Err(err(if j == 2 { text.len() } else { *pos }));
                }
                if !alphabet.contains(b) {
                    return Err(err(*pos));
                }
            }
            return Err(err(quantum.first().map_or(text.len(), |q| q.0)));
        }
        let mut acc: u64 = 0;
        let mut n = 0;
        for (j, (pos, b)) in quantum.iter().enumerate() {
            if *b == b'=' {
                // Padding: the rest of the quantum must be padding and nothing may follow.
                if j < 2 || quantum[j..].iter().any(|(_, c)| *c != b'=') {
                    return Err(err(*pos));
                }
                // Valid padding, but more input follows: Go points at the first byte after the padding.
                if let Some((next, _)) = src.get(k + chars) {
                    return Err(err(*next));
                }
                break;
            }
            let Some(v) = alphabet.iter().position(|c| c == b) else { return Err(err(*pos)) };
            acc = (acc << bits) | v as u64;
            n += 1;
        }
        acc <<= bits * (chars - n) as u32;
        let nbytes = (n * bits as usize) / 8;
        for j in 0..nbytes {
            out.push((acc >> ((group - 1 - j) * 8)) as u8);
        }
        k += chars;
    }
    Ok(out)
}

pub fn b64enc_bytes(b: &[u8]) -> R {
    Ok(str(encode_base(b, B64, 6, 3, 4)))
}

pub fn b64enc(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(encode_base(s(&a[0])?.as_bytes(), B64, 6, 3, 4)))
}

pub fn b64dec(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(match decode_base(s(&a[0])?, B64, 6, 3, 4, "base64") {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => e,
    }))
}

pub fn b32enc(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(encode_base(s(&a[0])?.as_bytes(), B32, 5, 5, 8)))
}

pub fn b32dec(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(match decode_b32(s(&a[0])?) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(n) => format!("illegal base32 data at input byte {n}"),
    }))
}

/// Go's `base32.StdEncoding.DecodeString` (encoding/base32 `decode`), whose rules differ from base64's: newlines
/// are removed first (offsets count what is left), a quantum ends at its padding and whatever follows a
/// complete padding is ignored, input that ends without padding is an error at the quantum's start.
fn decode_b32(text: &str) -> Result<Vec<u8>, usize> {
    let src: Vec<u8> = text.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    let olen = src.len();
    let (mut i, mut end) = (0, false);
    let mut out = Vec::new();
    while i < olen && !end {
        let (mut acc, mut dlen, mut j) = (0u64, 8, 0);
        while j < 8 {
            if i == olen {
                return Err(olen - j);
            }
            let c = src[i];
            i += 1;
            let rest = olen - i;
            if c == b'=' && j >= 2 && rest < 8 {
                if rest + j < 7 {
                    return Err(olen);
                }
                if let Some(k) = (0..7 - j).find(|&k| rest > k && src[i + k] != b'=') {
                    return Err(i + k - 1);
                }
                if matches!(j, 3 | 6) {
                    return Err(i - 1);
                }
                (dlen, end) = (j, true);
                break;
            }
            let v = B32.iter().position(|x| *x == c).ok_or(i - 1)?;
            acc |= (v as u64) << (35 - 5 * j);
            j += 1;
        }
        let n = [0, 0, 1, 0, 2, 3, 0, 4, 5][dlen];
        out.extend((0..n).map(|k| (acc >> (32 - 8 * k)) as u8));
    }
    Ok(out)
}

// ---- checksums ----------------------------------------------------------------------------------------------

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn sha1sum(a: &[Value]) -> R {
    use sha1::Digest;
    arity(a, 1)?;
    Ok(str(hex(&sha1::Sha1::digest(s(&a[0])?.as_bytes()))))
}

pub fn sha256sum(a: &[Value]) -> R {
    use sha2::Digest;
    arity(a, 1)?;
    Ok(str(hex(&sha2::Sha256::digest(s(&a[0])?.as_bytes()))))
}

pub fn sha512sum(a: &[Value]) -> R {
    use sha2::Digest;
    arity(a, 1)?;
    Ok(str(hex(&sha2::Sha512::digest(s(&a[0])?.as_bytes()))))
}

pub fn adler32sum(a: &[Value]) -> R {
    arity(a, 1)?;
    let (mut x, mut y) = (1u32, 0u32);
    for b in s(&a[0])?.bytes() {
        x = (x + b as u32) % 65521;
        y = (y + x) % 65521;
    }
    Ok(str(((y << 16) | x).to_string()))
}
