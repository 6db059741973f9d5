//! YAML text → JSON value, as Helm reads values and manifests: sigs.k8s.io/yaml's `Unmarshal`, which
//! decodes with go-yaml v2 into `interface{}` (YAML 1.1 typing, anchors, merge keys), turns map keys into
//! strings (`y:` becomes `"true"`) and goes through JSON.

use super::events::{self, Kind, Mark, Style};
use super::resolve::{resolve_plain, Scalar};
use super::YamlError;
use serde_json::{Map, Number, Value};

/// Deepest nesting accepted (go-yaml v2 has no limit): real YAML is a few dozen levels deep, and every layer
/// above (JSON conversion, template values, toYaml) recurses once per level on a small browser stack.
const MAX_DEPTH: usize = 256;
/// Nodes an alias-expanding decode may produce before it is refused ("billion laughs").
const MAX_DECODED: usize = 2_000_000;

enum Node {
    Scalar { value: String, tag: Option<String>, plain: bool, mark: Mark },
    Seq { items: Vec<usize> },
    Map { pairs: Vec<(usize, usize)>, mark: Mark },
    Alias { name: String, target: usize, mark: Mark },
}

fn error(mark: Mark, message: String, with_line: bool) -> YamlError {
    let go = if with_line && mark.line > 0 {
        format!("yaml: line {}: {message}", mark.line + 1)
    } else {
        format!("yaml: {message}")
    };
    YamlError { line: mark.line + 1, column: mark.column + 1, message, go }
}

/// The Go error text go-yaml's parser `fail()` builds, and the real position for an editor.
fn parse_error(e: events::ParseError) -> YamlError {
    // go-yaml: the problem mark's 0-based line, plus one only for scanner errors; a problem on the first
    // line falls back to the context mark's line; line 0 prints no position at all.
    let line =
        if e.problem_mark.line != 0 { e.problem_mark.line + usize::from(e.scanner) } else { e.context_mark.line };
    let go = if line != 0 { format!("yaml: line {line}: {}", e.problem) } else { format!("yaml: {}", e.problem) };
    YamlError { line: e.problem_mark.line + 1, column: e.problem_mark.column + 1, message: e.problem, go }
}

struct Tree {
    nodes: Vec<Node>,
    root: Option<usize>,
}

fn build(input: &str) -> Result<Tree, YamlError> {
    let evs = events::parse(input, false).map_err(parse_error)?;
    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors: std::collections::HashMap<String, usize> = Default::default();
    // Open collections: node index.
    let mut stack: Vec<usize> = Vec::new();
    let mut pending_key: Vec<Option<usize>> = Vec::new();
    let mut root = None;
    for ev in evs {
        let (id, opens) = match ev.kind {
            Kind::StreamStart | Kind::DocumentStart | Kind::DocumentEnd | Kind::StreamEnd => continue,
            Kind::SequenceEnd | Kind::MappingEnd => {
                stack.pop();
                pending_key.pop();
                continue;
            }
            Kind::Alias(name) => {
                let Some(&target) = anchors.get(&name) else {
                    return Err(error(ev.start, format!("unknown anchor '{name}' referenced"), false));
                };
                nodes.push(Node::Alias { name, target, mark: ev.start });
                (nodes.len() - 1, false)
            }
            Kind::Scalar { anchor, tag, value, plain_implicit, style } => {
                let plain = plain_implicit && style == Style::Plain;
                nodes.push(Node::Scalar { value, tag, plain, mark: ev.start });
                let id = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, id);
                }
                (id, false)
            }
            Kind::SequenceStart { anchor, .. } => {
                nodes.push(Node::Seq { items: vec![] });
                let id = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, id);
                }
                (id, true)
            }
            Kind::MappingStart { anchor, .. } => {
                nodes.push(Node::Map { pairs: vec![], mark: ev.start });
                let id = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, id);
                }
                (id, true)
            }
        };
        match stack.last() {
            None => root = Some(id),
            Some(&parent) => {
                let key_slot = pending_key.last_mut().expect("slot per open collection");
                match &mut nodes[parent] {
                    Node::Seq { items, .. } => items.push(id),
                    Node::Map { pairs, .. } => match key_slot.take() {
                        None => *key_slot = Some(id),
                        Some(k) => pairs.push((k, id)),
                    },
                    _ => {}
                }
            }
        }
        if opens {
            if stack.len() >= MAX_DEPTH {
                return Err(error(ev.start, format!("exceeded max depth of {MAX_DEPTH}"), true));
            }
            stack.push(id);
            pending_key.push(None);
        }
    }
    Ok(Tree { nodes, root })
}

/// What go-yaml decodes a node to (`interface{}`), before sigs.k8s.io/yaml makes it JSON.
enum GoVal {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    Seq(Vec<GoVal>),
    /// Keys already converted to strings as sigs.k8s.io/yaml does; a later duplicate replaces the value.
    Map(Vec<(String, GoVal)>),
}

struct Decoder<'a> {
    t: &'a Tree,
    in_alias: Vec<usize>,
    decoded: usize,
}

const STR_TAG: &str = "tag:yaml.org,2002:str";

impl Decoder<'_> {
    fn scalar(&self, value: &str, tag: &Option<String>, plain: bool, mark: Mark) -> Result<GoVal, YamlError> {
        let tag = tag.as_deref().unwrap_or("");
        if tag.is_empty() && !plain {
            return Ok(GoVal::Str(value.to_string()));
        }
        let resolvable = matches!(
            tag,
            "" | STR_TAG
                | "tag:yaml.org,2002:bool"
                | "tag:yaml.org,2002:int"
                | "tag:yaml.org,2002:float"
                | "tag:yaml.org,2002:null"
                | "tag:yaml.org,2002:timestamp"
        );
        if tag == "tag:yaml.org,2002:binary" {
            return match base64_decode(value) {
                Some(b) => Ok(GoVal::Str(String::from_utf8_lossy(&b).into_owned())),
                None => Err(error(mark, "!!binary value contains invalid base64 data".into(), false)),
            };
        }
        if !resolvable || tag == STR_TAG {
            return Ok(GoVal::Str(value.to_string()));
        }
        let r = resolve_plain(value);
        let want = tag.strip_prefix("tag:yaml.org,2002:").unwrap_or("");
        let (rtag, v) = match r {
            // go-yaml v2 tries the timestamp layouts only untagged or under !!timestamp: `!!float 2024-01-02` is a
            // !!str that cannot be a float.
            Scalar::Str { timestamp: true } if !want.is_empty() && want != "timestamp" => {
                ("str", GoVal::Str(value.to_string()))
            }
            Scalar::Null => ("null", GoVal::Null),
            Scalar::Bool(b) => ("bool", GoVal::Bool(b)),
            Scalar::Int(i) => ("int", GoVal::Int(i)),
            Scalar::Uint(u) => ("int", GoVal::Uint(u)),
            Scalar::Float(f) => ("float", GoVal::Float(f)),
            Scalar::Str { timestamp: true } => ("timestamp", GoVal::Str(value.to_string())),
            Scalar::Str { timestamp: false } | Scalar::Merge => ("str", GoVal::Str(value.to_string())),
        };
        if !want.is_empty() && want != rtag {
            if want == "float" {
                if let GoVal::Int(i) = v {
                    return Ok(GoVal::Float(i as f64));
                }
            }
            return Err(error(mark, format!("cannot decode !!{rtag} `{value}` as a !!{want}"), false));
        }
        Ok(v)
    }

    fn is_merge(&self, id: usize) -> bool {
        matches!(&self.t.nodes[id], Node::Scalar { value, tag, plain, .. }
            if value == "<<" && (*plain || tag.as_deref() == Some("tag:yaml.org,2002:merge")))
    }

    fn decode(&mut self, id: usize) -> Result<GoVal, YamlError> {
        self.decoded += 1;
        if self.decoded > MAX_DECODED {
            return Err(error(Mark::default(), "document contains excessive aliasing".into(), false));
        }
        match &self.t.nodes[id] {
            Node::Scalar { value, tag, plain, mark } => self.scalar(value, tag, *plain, *mark),
            Node::Alias { name, target, .. } => {
                if self.in_alias.contains(target) {
                    return Err(error(Mark::default(), format!("anchor '{name}' value contains itself"), false));
                }
                self.in_alias.push(*target);
                let v = self.decode(*target);
                self.in_alias.pop();
                v
            }
            Node::Seq { items, .. } => {
                let items = items.clone();
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.decode(i)?);
                }
                Ok(GoVal::Seq(out))
            }
            Node::Map { pairs, .. } => {
                let pairs = pairs.clone();
                let mut out = Pairs::default();
                for (k, v) in pairs {
                    if self.is_merge(k) {
                        self.merge(v, &mut out)?;
                        continue;
                    }
                    let key = self.decode(k)?;
                    let val = self.decode(v)?;
                    let key = self.key_string(key, k, &val)?;
                    out.insert(key, val);
                }
                Ok(GoVal::Map(out.pairs))
            }
        }
    }

    fn merge(&mut self, id: usize, out: &mut Pairs) -> Result<(), YamlError> {
        let want_map = |d: &Self, id: usize| {
            let target = match &d.t.nodes[id] {
                Node::Alias { target, .. } => *target,
                _ => id,
            };
            matches!(d.t.nodes[target], Node::Map { .. })
        };
        let fail = || error(Mark::default(), "map merge requires map or sequence of maps as the value".into(), false);
        let ids: Vec<usize> = match &self.t.nodes[id] {
            Node::Seq { items, .. } => items.iter().rev().copied().collect(),
            _ => vec![id],
        };
        for i in ids {
            if !want_map(self, i) {
                return Err(fail());
            }
            if let GoVal::Map(m) = self.decode(i)? {
                for (k, v) in m {
                    out.insert(k, v);
                }
            }
        }
        Ok(())
    }

    /// sigs.k8s.io/yaml's key conversion: strings stay, numbers and booleans are printed, others fail.
    fn key_string(&self, key: GoVal, id: usize, val: &GoVal) -> Result<String, YamlError> {
        Ok(match key {
            GoVal::Str(s) => s,
            GoVal::Int(i) => i.to_string(),
            GoVal::Uint(u) => u.to_string(),
            GoVal::Bool(b) => b.to_string(),
            GoVal::Float(f) => match super::gofloat::format_g32(f).as_str() {
                "+Inf" => ".inf".into(),
                "-Inf" => "-.inf".into(),
                "NaN" => ".nan".into(),
                s => s.into(),
            },
            GoVal::Null => {
                // sigs.k8s.io/yaml's own error, not go-yaml's: no "yaml: " prefix.
                let m = self.mark_of(id);
                let message =
                    format!("unsupported map key of type: %!s(<nil>), key: <nil>, value: {}", go_sharp_v(val));
                return Err(YamlError { line: m.line + 1, column: m.column + 1, go: message.clone(), message });
            }
            GoVal::Seq(_) | GoVal::Map(_) => {
                return Err(error(self.mark_of(id), "invalid map key".into(), false));
            }
        })
    }

    fn mark_of(&self, id: usize) -> Mark {
        match &self.t.nodes[id] {
            Node::Scalar { mark, .. } | Node::Map { mark, .. } | Node::Alias { mark, .. } => *mark,
            Node::Seq { .. } => Mark::default(),
        }
    }
}

/// Go's `%#v` of a decoded value, for the few scalars an error message shows.
fn go_sharp_v(v: &GoVal) -> String {
    match v {
        GoVal::Null => "<nil>".into(),
        GoVal::Bool(b) => b.to_string(),
        GoVal::Int(i) => i.to_string(),
        GoVal::Uint(u) => format!("0x{u:x}"),
        GoVal::Float(f) => super::gofloat::format_g(*f),
        GoVal::Str(s) => format!("{s:?}"),
        GoVal::Seq(_) => "[]interface {}{...}".into(),
        GoVal::Map(_) => "map[interface {}]interface {}{...}".into(),
    }
}

/// A mapping being decoded, in key order; a repeated key replaces the earlier value in its place, as Go's map
/// assignment does. Past a few dozen keys they are indexed, so a pasted values file of 250,000 keys decodes in
/// linear time (a search per key had frozen the page's editor for a minute and a half).
#[derive(Default)]
struct Pairs {
    pairs: Vec<(String, GoVal)>,
    index: std::collections::HashMap<String, usize>,
}

impl Pairs {
    const INDEXED: usize = 32;

    fn insert(&mut self, key: String, val: GoVal) {
        if self.pairs.len() < Self::INDEXED {
            match self.pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = val,
                None => self.pairs.push((key, val)),
            }
            return;
        }
        if self.index.is_empty() {
            self.index = self.pairs.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)).collect();
        }
        match self.index.get(&key) {
            Some(&i) => self.pairs[i].1 = val,
            None => {
                self.index.insert(key.clone(), self.pairs.len());
                self.pairs.push((key, val));
            }
        }
    }
}

/// Standard base64 as Go's `base64.StdEncoding.DecodeString` (line breaks are not allowed by it, but
/// libyaml has already folded the scalar).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let b = s.as_bytes();
    if b.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::new();
    for (i, chunk) in b.chunks(4).enumerate() {
        let last = i == b.len() / 4 - 1;
        let pad = chunk.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = n << 6 | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

fn to_json(v: GoVal) -> Result<Value, String> {
    Ok(match v {
        GoVal::Null => Value::Null,
        GoVal::Bool(b) => Value::Bool(b),
        GoVal::Int(i) => Value::Number(i.into()),
        GoVal::Uint(u) => Value::Number(u.into()),
        GoVal::Float(f) => match Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => return Err(format!("json: unsupported value: {}", super::gofloat::format_g(f))),
        },
        GoVal::Str(s) => Value::String(s),
        GoVal::Seq(items) => Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?),
        GoVal::Map(mut pairs) => {
            // json.Marshal writes a map in sorted key order, so the first unsupported value is the first there.
            crate::sort::sort_by(&mut pairs, |a, b| a.0.cmp(&b.0));
            let mut m = Map::new();
            for (k, v) in pairs {
                m.insert(k, to_json(v)?);
            }
            Value::Object(m)
        }
    })
}

/// One YAML document as sigs.k8s.io/yaml reads it into JSON. `Ok(Value::Null)` for an empty document.
/// The error's `go` text is what Go's `yaml.Unmarshal` returns, without sigs.k8s.io/yaml's
/// "error converting YAML to JSON: " prefix.
pub fn load(input: &str) -> Result<Value, YamlError> {
    let tree = build(input)?;
    let Some(root) = tree.root else { return Ok(Value::Null) };
    let mut d = Decoder { t: &tree, in_alias: vec![], decoded: 0 };
    let v = d.decode(root)?;
    to_json(v).map_err(|m| YamlError { line: 1, column: 1, message: m.clone(), go: m })
}

#[cfg(test)]
mod tests {
    /// A repeated key takes the last value, below and above the size where the keys are indexed, in a plain
    /// mapping and through a merge key.
    #[test]
    fn repeated_keys_replace_in_place_at_any_size() {
        for n in [3, 31, 32, 33, 100] {
            let keys: String = (0..n).map(|i| format!("  k{i}: {i}\n")).collect();
            let text = format!("base: &b\n{keys}  k1: again\nm:\n  <<: *b\n  k0: own\n  k{}: last\n", n - 1);
            let v = super::load(&text).unwrap();
            let base = v["base"].as_object().unwrap();
            // a Go map: JSON has its keys sorted
            let mut want: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            want.sort();
            assert_eq!(base.keys().cloned().collect::<Vec<_>>(), want);
            assert_eq!(base["k1"], "again");
            let m = v["m"].as_object().unwrap();
            assert_eq!(m.len(), n);
            assert_eq!(
                (&m["k0"], &m["k1"], &m[&format!("k{}", n - 1)]),
                (&"own".into(), &"again".into(), &"last".into())
            );
        }
    }
}
