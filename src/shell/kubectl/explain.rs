//! `kubectl explain`: the field documentation kubectl 1.37 prints from the server's OpenAPI v3 document,
//! rendered as its `plaintext` template does (staging/src/k8s.io/kubectl/pkg/explain/v2/templates/
//! plaintext.tmpl and funcs.go; words wrapped by github.com/mitchellh/go-wordwrap).
//!
//! The schemas are Kubernetes 1.37's for the kinds the playground runs (StatefulSet, Deployment, Pod,
//! Service, PersistentVolumeClaim) and everything their fields refer to, shipped compactly in
//! `explain.json` (written by `scripts/explain-schemas.py`) and expanded here into the v3 document's shape
//! (`allOf: [{$ref}]` beside a field's own description), which `stsplay serve` also serves so the real
//! kubectl explains the same data. Other kinds keep a message saying they are not shipped.

use crate::json;
use serde_json::{Map, Value};
use std::cell::OnceCell;

use super::flags::{self, flag, opt};
use crate::shell::kinds::{self, Resource};
use crate::shell::Io;

const PREFIX: &str = "#/components/schemas/io.k8s.";

thread_local! {
    static SCHEMAS: OnceCell<Value> = const { OnceCell::new() };
    static PROVIDED: OnceCell<&'static str> = const { OnceCell::new() };
}

/// Native builds carry the data. The page does not: it fetches `explain.json` (copied next to the wasm) the first
/// time a line mentions `explain` (src/ui/explain.rs) and hands it to [`provide`], so its 256 KB (46 KB brotli)
/// are downloaded only by learners who use `kubectl explain`.
#[cfg(target_arch = "wasm32")]
fn data() -> Option<&'static str> {
    PROVIDED.with(|p| p.get().copied())
}

#[cfg(not(target_arch = "wasm32"))]
fn data() -> Option<&'static str> {
    Some(PROVIDED.with(|p| *p.get_or_init(|| include_str!("explain.json"))))
}

/// The page's copy of `explain.json`; kept for the page's lifetime (the first one given wins).
pub fn provide(json: String) {
    PROVIDED.with(|p| {
        let _ = p.get_or_init(|| Box::leak(json.into_boxed_str()));
    });
}

/// Whether `kubectl explain` has its data (always, natively).
pub fn is_loaded() -> bool {
    data().is_some()
}

fn with_schemas<R>(f: impl FnOnce(&Value) -> R) -> Option<R> {
    SCHEMAS.with(|cell| {
        if cell.get().is_none() {
            let _ = cell.set(expand_all(data()?));
        }
        cell.get().map(f)
    })
}

/// The `components.schemas` of the v3 documents: every shipped definition by its full name.
fn expand_all(data: &str) -> Value {
    let compact: Map<String, Value> = serde_json::from_str(data).unwrap_or_default();
    let mut out = Map::new();
    for (name, node) in &compact {
        let mut schema = expand(node);
        if let Some(g) = node.get("g").and_then(Value::as_array) {
            let s = |i: usize| g.get(i).and_then(Value::as_str).unwrap_or("");
            schema["x-kubernetes-group-version-kind"] = json!([{"group": s(0), "kind": s(2), "version": s(1)}]);
        }
        out.insert(format!("io.k8s.{name}"), schema);
    }
    Value::Object(out)
}

/// One compact node as the v3 document writes it: a reference beside a description becomes
/// `allOf: [{$ref}]` (kube-openapi's v3 form), which is what makes explain show both descriptions.
fn expand(node: &Value) -> Value {
    let mut out = Map::new();
    let get = |k: &str| node.get(k);
    if let Some(r) = get("$").and_then(Value::as_str) {
        let reference = json!({"$ref": format!("{PREFIX}{r}")});
        if get("d").is_none() {
            return reference;
        }
        out.insert("allOf".into(), json!([reference]));
    }
    if let Some(d) = get("d") {
        out.insert("description".into(), d.clone());
    }
    if let Some(t) = get("t") {
        out.insert("type".into(), t.clone());
    }
    if let Some(f) = get("f") {
        out.insert("format".into(), f.clone());
    }
    if let Some(r) = get("r") {
        out.insert("required".into(), r.clone());
    }
    if let Some(p) = get("p").and_then(Value::as_object) {
        out.insert("properties".into(), Value::Object(p.iter().map(|(k, v)| (k.clone(), expand(v))).collect()));
    }
    if let Some(i) = get("i") {
        out.insert("items".into(), expand(i));
    }
    if let Some(a) = get("a") {
        out.insert("additionalProperties".into(), expand(a));
    }
    Value::Object(out)
}

/// The shipped schemas, for `stsplay serve`'s OpenAPI v3 documents.
pub fn schemas() -> Value {
    with_schemas(Value::clone).unwrap_or_default()
}

fn resolve<'a>(schemas: &'a Value, schema: &Value) -> Option<&'a Value> {
    let r = schema.get("$ref")?.as_str()?;
    schemas.get(r.strip_prefix("#/components/schemas/")?)
}

const SPECS: &[flags::Spec] =
    &[flag("recursive", Some('R')), opt("api-version", None), opt("output", Some('o')), flags::int("max-depth", None)];

pub fn explain(args: &[String]) -> Result<Io, String> {
    let p = flags::parse("explain", args, SPECS)?;
    let Some(target) = p.args.first() else {
        return Err("error: You must specify the type of resource to explain. Use \"kubectl api-resources\" for a \
                    complete list of supported resources.\n"
            .into());
    };
    if p.args.len() > 1 {
        return Err(
            "error: We accept only this format: explain RESOURCE\nSee 'kubectl explain -h' for help and examples\n"
                .into(),
        );
    }
    // explain.go Validate: the depth is checked before the output format (which needs the server's schemas).
    let max_depth = p.int("max-depth").unwrap_or(0);
    if max_depth < 0 {
        return Err("error: --max-depth must be non-negative\n".into());
    }
    let max_depth = usize::try_from(max_depth).unwrap_or(usize::MAX);
    let recursive = p.has("recursive");
    if max_depth > 0 && !recursive {
        return Err("error: --max-depth requires --recursive\n".into());
    }
    match p.get("output").unwrap_or("plaintext") {
        "plaintext" => {}
        "plaintext-openapiv2" => {
            return Err("error: kubectl explain --output=plaintext-openapiv2 reads the OpenAPI v2 document, which \
                        this playground does not ship; use the default --output=plaintext\n"
                .into())
        }
        other => return Err(format!("error: unrecognized format: {other}\n")),
    }
    let mut parts = target.split('.');
    let name = parts.next().unwrap_or_default();
    let mut fields: Vec<&str> = parts.collect();
    // kubectl prints the mapper's error without its usual "error: " here
    let res = kinds::lookup(name).ok_or_else(|| format!("the server doesn't have a resource type \"{name}\"\n"))?;
    // `statefulsets.apps`: the words after the resource may be its group (kubectl tries the longest match)
    let group: Vec<&str> = res.group.split('.').collect();
    if !res.group.is_empty() && fields.starts_with(&group) {
        fields.drain(..group.len());
    }
    if let Some(v) = p.get("api-version") {
        if v != res.api_version() {
            return Err(format!("error: couldn't find resource for \"{v}, Resource={}\"\n", res.plural));
        }
    }
    with_schemas(|schemas| render(schemas, res, &fields, recursive, max_depth)).unwrap_or_else(|| {
        Err("error: the field documentation kubectl explain reads (explain.json) could not be downloaded; check \
             the connection and run the command again\n"
            .into())
    })
}

fn render(schemas: &Value, res: &Resource, fields: &[&str], recursive: bool, max_depth: usize) -> Result<Io, String> {
    let root = schemas.as_object().and_then(|m| {
        m.values().find(|s| {
            let gvk = s.pointer("/x-kubernetes-group-version-kind/0");
            gvk.is_some_and(|g| g["group"] == res.group && g["version"] == res.version && g["kind"] == res.kind)
        })
    });
    let Some(root) = root else {
        return Err(format!(
            "error: kubectl explain is not simulated for {}: this playground ships the field documentation of \
             statefulsets, deployments, pods, services, persistentvolumeclaims, leases and poddisruptionbudgets only.\n",
            res.plural
        ));
    };
    let mut out = String::new();
    if !res.group.is_empty() {
        out.push_str(&format!("GROUP:      {}\n", res.group));
    }
    out.push_str(&format!("KIND:       {}\nVERSION:    {}\n\n", res.kind, res.version));
    let r = Renderer { schemas, recursive, max_depth };
    let body = r.output(root, &[], fields);
    if body.is_empty() {
        // the template has printed the header when it finds no such field
        let mut io = Io::fail(1, format!("error: field \"{}\" does not exist\n", fields.last().unwrap_or(&"")));
        io.chunks.insert(0, (false, out));
        return Ok(io);
    }
    out.push_str(&body);
    out.push('\n');
    Ok(Io::ok(out))
}

struct Renderer<'a> {
    schemas: &'a Value,
    recursive: bool,
    max_depth: usize,
}

impl Renderer<'_> {
    /// The template's "output": follows the field path, then prints the description and the field list.
    fn output(&self, schema: &Value, history: &[String], path: &[&str]) -> String {
        let reference = schema.get("$ref").and_then(Value::as_str).unwrap_or("").to_string();
        let mut next = history.to_vec();
        next.push(reference.clone());
        let resolved = resolve(self.schemas, schema).unwrap_or(schema);
        if path.is_empty() {
            let mut out = String::from("DESCRIPTION:\n");
            let mut d = self.description(resolved);
            if d.is_empty() {
                d = "<empty>".into();
            }
            out.push_str(&indent(4, &wrap(76, &d)));
            out.push('\n');
            let fields = self.field_list(resolved, 1, &[]);
            if !fields.is_empty() {
                out.push_str("FIELDS:\n");
                out.push_str(&fields);
            }
            return out;
        }
        if !reference.is_empty() && history.contains(&reference) {
            return String::new();
        }
        if let Some(sub) = resolved.get("properties").and_then(|p| p.get(path[0])) {
            let mut out = String::new();
            if path.len() == 1 {
                out.push_str(&format!("FIELD: {} <{}>\n\n\n", path[0], self.type_guess(sub)));
            }
            out.push_str(&self.output(sub, &[], &path[1..]));
            return out;
        }
        if let Some(items) = resolved.get("items") {
            return self.output(items, &next, path);
        }
        if let Some(ap) = resolved.get("additionalProperties").filter(|a| a.is_object()) {
            return self.output(ap, &next, path);
        }
        for sub in resolved.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            let out = self.output(sub, &next, path);
            if !out.is_empty() {
                return out;
            }
        }
        String::new()
    }

    /// A schema's description and those of the schemas it is made of (allOf, items, map values).
    fn description(&self, schema: &Value) -> String {
        let s = resolve(self.schemas, schema).unwrap_or(schema);
        let mut out = String::new();
        if let Some(d) = s.get("description").and_then(Value::as_str).filter(|d| !d.is_empty()) {
            out.push_str(d);
            out.push('\n');
        }
        for sub in s.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            out.push_str(&self.description(sub));
        }
        if let Some(items) = s.get("items") {
            out.push_str(&self.description(items));
        }
        if let Some(ap) = s.get("additionalProperties").filter(|a| a.is_object()) {
            out.push_str(&self.description(ap));
        }
        out
    }

    /// The template's "fieldList": each property (sorted, as Go's template ranges over a map) with its type,
    /// description or, recursively, its own fields; a reference already on the way down ends the walk.
    fn field_list(&self, schema: &Value, level: usize, history: &[String]) -> String {
        let reference = schema.get("$ref").and_then(Value::as_str).unwrap_or("").to_string();
        if !reference.is_empty() && history.contains(&reference) {
            return String::new();
        }
        if self.max_depth > 0 && level > self.max_depth {
            return String::new();
        }
        let mut next = history.to_vec();
        next.push(reference);
        let resolved = resolve(self.schemas, schema).unwrap_or(schema);
        let mut out = String::new();
        if let Some(props) = resolved.get("properties").and_then(Value::as_object) {
            let mut names: Vec<&String> = props.keys().collect();
            crate::sort::sort(&mut names);
            for name in names {
                out.push_str(&self.field_detail(name, resolved, level));
                if self.recursive {
                    out.push_str(&self.field_list(&props[name], level + 1, &next));
                }
            }
        }
        for sub in resolved.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            out.push_str(&self.field_list(sub, level, &next));
        }
        if let Some(items) = resolved.get("items") {
            out.push_str(&self.field_list(items, level, &next));
        }
        if let Some(ap) = resolved.get("additionalProperties").filter(|a| a.is_object()) {
            out.push_str(&self.field_list(ap, level, &next));
        }
        out
    }

    fn field_detail(&self, name: &str, schema: &Value, level: usize) -> String {
        let n = level * 2;
        let field = &schema["properties"][name];
        let mut out = format!("{}{name}\t<{}>", " ".repeat(n), self.type_guess(field));
        let required = schema.get("required").and_then(Value::as_array);
        if required.is_some_and(|r| r.iter().any(|x| x == name)) {
            out.push_str(" -required-");
        }
        out.push('\n');
        if !self.recursive {
            let d = field.get("description").and_then(Value::as_str).unwrap_or("<no description>");
            out.push_str(&indent(n + 2, &wrap(78 - n, d)));
            out.push_str("\n\n");
        }
        out
    }

    /// The template's "typeGuess": `string`, `Object`, `[]Container`, `map[string]string`, the referenced
    /// schema's name when it is an object.
    fn type_guess(&self, schema: &Value) -> String {
        if let Some(items) = schema.get("items") {
            return format!("[]{}", self.type_guess(items));
        }
        if let Some(ap) = schema.get("additionalProperties").filter(|a| a.is_object()) {
            return format!("map[string]{}", self.type_guess(ap));
        }
        let all_of = schema.get("allOf").and_then(Value::as_array);
        if let (Some([only]), None) = (all_of.map(Vec::as_slice), schema.get("properties")) {
            return self.type_guess(only);
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let target = resolve(self.schemas, schema);
            return match target.and_then(|t| t.get("type")).and_then(Value::as_str) {
                Some(t) if t != "object" => t.to_string(),
                _ => {
                    let name = r.rsplit('/').next().unwrap_or("");
                    let last = name.rsplit('.').next().unwrap_or("");
                    if last.is_empty() { "Object" } else { last }.to_string()
                }
            };
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") | None | Some("") => "Object".into(),
            Some(t) => t.to_string(),
        }
    }
}

/// kubectl's template `indent`: every line prefixed.
fn indent(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// go-wordwrap 1.0.1 `WrapString`: breaks at whitespace so lines stay within `lim` characters where words
/// allow; existing line breaks are kept, a word longer than the limit overflows.
fn wrap(lim: usize, s: &str) -> String {
    let mut buf = String::new();
    let mut current = 0usize;
    let (mut word, mut space) = (String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space_len <= lim {
                    buf.push_str(&space);
                }
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.clear();
            space_len = 0;
            buf.push('\n');
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                buf.push_str(&space);
                buf.push_str(&word);
                space.clear();
                space_len = 0;
                word.clear();
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + space_len + word_len > lim && word_len < lim {
                buf.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_as_go_wordwrap() {
        assert_eq!(wrap(10, "aaa bbb ccc ddd"), "aaa bbb\nccc ddd");
        assert_eq!(wrap(5, "abcdefgh ij"), "abcdefgh\nij");
        assert_eq!(wrap(20, "one\n\ntwo"), "one\n\ntwo");
    }
}
