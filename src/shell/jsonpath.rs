//! kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath) for `-o jsonpath=` and `custom-columns`:
//! text, `{.a.b[0]}`, `[*]`, `['key']`, `..name`, filters `[?(@.type=="Ready")]`, `{range ...}{end}`,
//! string literals `{"\n"}`. Missing keys print nothing, as `kubectl get` allows.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Field(String),
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    All,
    Recursive(String),
    Filter { path: Vec<Seg>, op: Option<(String, Value)> },
}

#[derive(Clone, Debug)]
enum Node {
    Text(String),
    Path(Vec<Seg>),
    Range(Vec<Seg>, Vec<Node>),
}

fn parse_path(src: &str) -> Result<Vec<Seg>, String> {
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut segs = Vec::new();
    if c.first() == Some(&'@') || c.first() == Some(&'$') {
        i = 1;
    }
    while i < c.len() {
        match c[i] {
            '.' if c.get(i + 1) == Some(&'.') => {
                i += 2;
                let start = i;
                while i < c.len() && c[i] != '.' && c[i] != '[' {
                    i += 1;
                }
                segs.push(Seg::Recursive(c[start..i].iter().collect()));
            }
            '.' => {
                i += 1;
                let mut name = String::new();
                while i < c.len() && c[i] != '.' && c[i] != '[' {
                    if c[i] == '\\' && i + 1 < c.len() {
                        i += 1;
                    }
                    name.push(c[i]);
                    i += 1;
                }
                if name == "*" {
                    segs.push(Seg::All);
                } else if !name.is_empty() {
                    segs.push(Seg::Field(name));
                }
            }
            '[' => {
                let close = find_close(&c, i).ok_or_else(|| "unterminated array".to_string())?;
                let inner: String = c[i + 1..close].iter().collect();
                let inner = inner.trim();
                i = close + 1;
                if inner == "*" {
                    segs.push(Seg::All);
                } else if let Some(f) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
                    segs.push(parse_filter(f)?);
                } else if (inner.starts_with('\'') && inner.ends_with('\'') && inner.len() >= 2)
                    || (inner.starts_with('"') && inner.ends_with('"') && inner.len() >= 2)
                {
                    segs.push(Seg::Field(inner[1..inner.len() - 1].to_string()));
                } else if let Some((a, b)) = inner.split_once(':') {
                    let num = |s: &str| -> Result<Option<i64>, String> {
                        let s = s.trim();
                        if s.is_empty() {
                            Ok(None)
                        } else {
                            s.parse().map(Some).map_err(|_| format!("invalid array index {s}"))
                        }
                    };
                    segs.push(Seg::Slice(num(a)?, num(b.split(':').next().unwrap_or(""))?));
                } else {
                    segs.push(Seg::Index(inner.parse().map_err(|_| format!("invalid array index {inner}"))?));
                }
            }
            ' ' => i += 1,
            ch => return Err(format!("unrecognized character in action: U+{:04X} '{ch}'", ch as u32)),
        }
    }
    Ok(segs)
}

fn find_close(c: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for (j, &ch) in c.iter().enumerate().skip(open) {
        match (quote, ch) {
            (Some(q), x) if x == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(ch),
            (None, '[') => depth += 1,
            (None, ']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn parse_filter(f: &str) -> Result<Seg, String> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((l, r)) = f.split_once(op) {
            let r = r.trim();
            let val = if (r.starts_with('"') && r.ends_with('"')) || (r.starts_with('\'') && r.ends_with('\'')) {
                Value::String(r[1..r.len() - 1].to_string())
            } else if let Ok(n) = r.parse::<f64>() {
                serde_json::json!(n)
            } else {
                Value::String(r.to_string())
            };
            return Ok(Seg::Filter { path: parse_path(l.trim())?, op: Some((op.to_string(), val)) });
        }
    }
    Ok(Seg::Filter { path: parse_path(f.trim())?, op: None })
}

fn parse_template(t: &str) -> Result<Vec<Node>, String> {
    let mut stack: Vec<(Vec<Seg>, Vec<Node>)> = vec![(vec![], vec![])];
    let c: Vec<char> = t.chars().collect();
    let mut i = 0;
    let mut text = String::new();
    while i < c.len() {
        if c[i] != '{' {
            text.push(c[i]);
            i += 1;
            continue;
        }
        if !text.is_empty() {
            stack.last_mut().unwrap().1.push(Node::Text(std::mem::take(&mut text)));
        }
        // find the matching close brace, honouring quotes
        let mut j = i + 1;
        let mut quote: Option<char> = None;
        while j < c.len() {
            match (quote, c[j]) {
                (Some(q), x) if x == q => quote = None,
                (Some(_), '\\') => j += 1,
                (None, '"') => quote = Some('"'),
                (None, '}') => break,
                _ => {}
            }
            j += 1;
        }
        if j >= c.len() {
            return Err("unclosed action".into());
        }
        let action: String = c[i + 1..j].iter().collect();
        let action = action.trim();
        i = j + 1;
        if let Some(r) = action.strip_prefix("range ") {
            stack.push((parse_path(r.trim())?, vec![]));
        } else if action == "end" {
            if stack.len() < 2 {
                return Err("not in range, nothing to end".into());
            }
            let (p, body) = stack.pop().unwrap();
            stack.last_mut().unwrap().1.push(Node::Range(p, body));
        } else if action.starts_with('"') && action.ends_with('"') && action.len() >= 2 {
            let lit = unescape(&action[1..action.len() - 1]);
            stack.last_mut().unwrap().1.push(Node::Text(lit));
        } else if action.starts_with('\'') && action.ends_with('\'') && action.len() >= 2 {
            stack.last_mut().unwrap().1.push(Node::Text(action[1..action.len() - 1].to_string()));
        } else {
            stack.last_mut().unwrap().1.push(Node::Path(parse_path(action)?));
        }
    }
    if !text.is_empty() {
        stack.last_mut().unwrap().1.push(Node::Text(text));
    }
    if stack.len() != 1 {
        return Err("unclosed range".into());
    }
    Ok(stack.pop().unwrap().1)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn eval<'a>(segs: &[Seg], roots: Vec<&'a Value>) -> Result<Vec<&'a Value>, String> {
    let mut cur = roots;
    for seg in segs {
        let mut next = Vec::new();
        for v in cur {
            match seg {
                Seg::Field(name) => {
                    if let Some(x) = v.get(name.as_str()) {
                        next.push(x);
                    }
                }
                Seg::Index(i) => {
                    if let Value::Array(a) = v {
                        let idx = if *i < 0 { a.len() as i64 + i } else { *i };
                        match a.get(idx as usize).filter(|_| idx >= 0) {
                            Some(x) => next.push(x),
                            None => return Err(format!("array index out of bounds: index {i}, length {}", a.len())),
                        }
                    }
                }
                Seg::Slice(a, b) => {
                    if let Value::Array(arr) = v {
                        let len = arr.len() as i64;
                        let fix = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                        let s = fix(a.unwrap_or(0));
                        let e = fix(b.unwrap_or(len));
                        if s < e {
                            next.extend(arr[s as usize..e as usize].iter());
                        }
                    }
                }
                Seg::All => match v {
                    Value::Array(a) => next.extend(a.iter()),
                    Value::Object(m) => next.extend(m.values()),
                    _ => {}
                },
                Seg::Recursive(name) => collect_recursive(v, name, &mut next),
                Seg::Filter { path, op } => {
                    let items: Vec<&Value> = match v {
                        Value::Array(a) => a.iter().collect(),
                        other => vec![other],
                    };
                    for item in items {
                        let found = eval(path, vec![item]).unwrap_or_default();
                        let keep = match op {
                            None => !found.is_empty(),
                            Some((op, want)) => found.iter().any(|f| compare(f, op, want)),
                        };
                        if keep {
                            next.push(item);
                        }
                    }
                }
            }
        }
        cur = next;
    }
    Ok(cur)
}

fn compare(v: &Value, op: &str, want: &Value) -> bool {
    match (v, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            match op {
                "==" => a == b,
                "!=" => a != b,
                "<" => a < b,
                ">" => a > b,
                "<=" => a <= b,
                _ => a >= b,
            }
        }
        _ => {
            let a = text(v);
            let b = text(want);
            match op {
                "==" => a == b,
                "!=" => a != b,
                _ => false,
            }
        }
    }
}

fn collect_recursive<'a>(v: &'a Value, name: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => {
            if let Some(x) = m.get(name) {
                out.push(x);
            }
            for x in m.values() {
                collect_recursive(x, name, out);
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_recursive(x, name, out);
            }
        }
        _ => {}
    }
}

/// A value as the JSONPath printer writes it: strings bare, everything else as JSON.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => sorted_json(other),
    }
}

/// Compact JSON with object keys sorted, as Go's encoding/json writes a map.
pub fn sorted_json(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort(&mut keys);
            let body: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", serde_json::to_string(k).unwrap_or_default(), sorted_json(&m[*k])))
                .collect();
            format!("{{{}}}", body.join(","))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(sorted_json).collect::<Vec<_>>().join(",")),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn exec(nodes: &[Node], root: &Value, cur: &Value, out: &mut String) -> Result<(), String> {
    for n in nodes {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Path(p) => {
                let vals = eval(p, vec![cur])?;
                let _ = root;
                let parts: Vec<String> = vals.iter().map(|v| text(v)).collect();
                out.push_str(&parts.join(" "));
            }
            Node::Range(p, body) => {
                for v in eval(p, vec![cur])? {
                    exec(body, root, v, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Runs a template over an object; the error is kubectl's wording after `error: `.
pub fn execute(template: &str, obj: &Value) -> Result<String, String> {
    let nodes = parse_template(template).map_err(|e| format!("error parsing jsonpath {template}, {e}"))?;
    let mut out = String::new();
    exec(&nodes, obj, obj, &mut out).map_err(|e| format!("error executing jsonpath \"{template}\": Error executing template: {e}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{template}\n\tobject given to jsonpath engine was:\n\t\t{}\n\n", go_map_repr(obj)))?;
    Ok(out)
}

/// Evaluates a single path (custom-columns); results joined with commas.
pub fn column(path: &str, obj: &Value) -> Result<String, String> {
    let p = path.trim().trim_start_matches('{').trim_end_matches('}');
    let p = if p.starts_with('.') || p.starts_with('[') { p.to_string() } else { format!(".{p}") };
    let segs = parse_path(&p)?;
    let vals = eval(&segs, vec![obj]).unwrap_or_default();
    if vals.is_empty() {
        return Ok("<none>".into());
    }
    Ok(vals.iter().map(|v| text(v)).collect::<Vec<_>>().join(","))
}

/// The values a single path finds (kubectl's `--sort-by` compares the first; `-o jsonpath-as-json` prints them).
pub fn values(path: &str, obj: &Value) -> Result<Vec<Value>, String> {
    let p = path.trim().trim_start_matches('{').trim_end_matches('}');
    let p = if p.starts_with('.') || p.starts_with('[') { p.to_string() } else { format!(".{p}") };
    Ok(eval(&parse_path(&p)?, vec![obj])?.into_iter().cloned().collect())
}

/// Go's `%#v` of the unstructured object, as kubectl's jsonpath error prints it.
fn go_map_repr(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort(&mut keys);
            let body: Vec<String> = keys.iter().map(|k| format!("{:?}:{}", k, go_map_repr(&m[*k]))).collect();
            format!("map[string]interface {{}}{{{}}}", body.join(", "))
        }
        Value::Array(a) => {
            format!("[]interface {{}}{{{}}}", a.iter().map(go_map_repr).collect::<Vec<_>>().join(", "))
        }
        Value::String(s) => format!("{s:?}"),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "interface {}(nil)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates() {
        let list = json!({"items": [
            {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}},
             "spec": {"containers": [{"ports": [{"containerPort": 5000}]}]},
             "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
            {"metadata": {"name": "b"}, "status": {"conditions": [{"type": "Ready", "status": "False"}]}}]});
        assert_eq!(execute("{.items[0].metadata.name}", &list).unwrap(), "a");
        assert_eq!(execute("{.items[*].metadata.name}", &list).unwrap(), "a b");
        assert_eq!(execute("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", &list).unwrap(), "a\nb\n");
        assert_eq!(execute("{.items[0].spec.containers[0].ports[0].containerPort}", &list).unwrap(), "5000");
        assert_eq!(execute("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", &list).unwrap(), "x");
        assert_eq!(execute("{.items[0].metadata.labels['app.kubernetes.io/name']}", &list).unwrap(), "x");
        assert_eq!(execute("{.items[*].status.conditions[?(@.type==\"Ready\")].status}", &list).unwrap(), "True False");
        assert_eq!(execute("{.items[0].metadata.missing}", &list).unwrap(), "");
        assert_eq!(execute("name: {..name}", &json!({"a": {"name": "n"}})).unwrap(), "name: n");
        let e = execute("{.items[0].metadata.name}", &json!({"items": []})).unwrap_err();
        assert!(e.starts_with("error executing jsonpath \"{.items[0].metadata.name}\": Error executing template: array index out of bounds: index 0, length 0."), "{e}");
        assert_eq!(column(".metadata.name", &list["items"][1]).unwrap(), "b");
        assert_eq!(column(".spec.nodeName", &list["items"][1]).unwrap(), "<none>");
    }
}
