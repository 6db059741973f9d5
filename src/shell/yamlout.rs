//! `kubectl get -o yaml|json`: sigs.k8s.io/yaml (JSON → go-yaml v2) and Go's `json.MarshalIndent` with four
//! spaces. Both see the object as a Go map, so keys come out sorted.
//! Known gap: go-yaml v2 folds plain scalars longer than 80 columns; this writer keeps them on one line.

use serde_json::Value;

/// YAML 1.1 words and numbers that a plain scalar would turn into something other than a string.
fn needs_double_quotes(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | ".inf" | "-.inf" | "+.inf" | ".nan"
    ) {
        return true;
    }
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if t.is_empty() {
        return false;
    }
    let num_like = t.chars().all(|c| c.is_ascii_digit() || c == '_' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')
        && t.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && t.chars().any(|c| c.is_ascii_digit());
    let hex = t.starts_with("0x") && t.len() > 2 && t[2..].chars().all(|c| c.is_ascii_hexdigit());
    let sexagesimal = t.contains(':') && t.split(':').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    num_like || hex || sexagesimal
}

fn needs_single_quotes(s: &str) -> bool {
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-` or `?` or `:` followed by a non-space can still be plain in YAML, but go-yaml quotes a leading indicator.
        return !(matches!(first, '-' | '?' | ':') && s.len() > 1 && !s[1..].starts_with(' '));
    }
    s.starts_with(' ')
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains('\t')
        || s.chars().any(|c| c.is_control())
}

fn scalar(s: &str) -> String {
    if needs_double_quotes(s) {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else if needs_single_quotes(s) {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_string()
    }
}

fn sorted_keys(m: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut k: Vec<&String> = m.keys().collect();
    k.sort();
    k
}

fn write_value(v: &Value, indent: usize, out: &mut String) {
    // `v` follows a `key:` or `- ` already written; scalars go on the same line.
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            write_map(m, indent, out);
        }
        Value::Object(_) => out.push_str(" {}\n"),
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            write_seq(a, indent, out);
        }
        Value::Array(_) => out.push_str(" []\n"),
        Value::String(s) if s.contains('\n') => {
            let chomp = if s.ends_with('\n') { "" } else { "-" };
            out.push_str(&format!(" |{chomp}\n"));
            let body = s.strip_suffix('\n').unwrap_or(s);
            for line in body.split('\n') {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        other => {
            out.push(' ');
            out.push_str(&scalar_of(other));
            out.push('\n');
        }
    }
}

fn scalar_of(v: &Value) -> String {
    match v {
        Value::String(s) => scalar(s),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn write_map(m: &serde_json::Map<String, Value>, indent: usize, out: &mut String) {
    for k in sorted_keys(m) {
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar(k));
        out.push(':');
        let v = &m[k];
        // go-yaml v2 writes a sequence under a key at the key's own indentation
        let child = if matches!(v, Value::Array(_)) { indent } else { indent + 2 };
        write_value(v, child, out);
    }
}

fn write_seq(a: &[Value], indent: usize, out: &mut String) {
    for v in a {
        out.push_str(&" ".repeat(indent));
        out.push('-');
        match v {
            Value::Object(m) if !m.is_empty() => {
                // the first key shares the dash's line
                let mut inner = String::new();
                write_map(m, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            Value::Array(x) if !x.is_empty() => {
                let mut inner = String::new();
                write_seq(x, indent + 2, &mut inner);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            other => write_value(other, indent + 2, out),
        }
    }
}

/// An object as `kubectl get -o yaml` prints it.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) => write_map(m, 0, &mut out),
        Value::Array(a) => write_seq(a, 0, &mut out),
        other => {
            out.push_str(&scalar_of(other));
            out.push('\n');
        }
    }
    out
}

fn json_indent(v: &Value, level: usize, out: &mut String) {
    let pad = "    ".repeat(level);
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            let keys = sorted_keys(m);
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&pad);
                out.push_str("    ");
                out.push_str(&go_json_string(k));
                out.push_str(": ");
                json_indent(&m[*k], level + 1, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad);
            out.push('}');
        }
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&pad);
                out.push_str("    ");
                json_indent(x, level + 1, out);
                if i + 1 < a.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => out.push_str(&go_json_string(s)),
        other => out.push_str(&other.to_string()),
    }
}

/// Go's encoding/json escapes `<`, `>` and `&` in strings (HTML-safe by default).
fn go_json_string(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// An object as `kubectl get -o json` prints it.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    json_indent(v, 0, &mut out);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_like_go_yaml_v2() {
        let v = json!({"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "web-0", "labels": {"a": "true", "b": "1"}},
            "spec": {"containers": [{"name": "c", "args": ["--x", "y: z"], "ports": []}], "data": "a\nb\n"}});
        assert_eq!(
            to_yaml(&v),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    a: \"true\"\n    b: \"1\"\n  name: web-0\nspec:\n  containers:\n  - args:\n    - --x\n    - 'y: z'\n    name: c\n    ports: []\n  data: |\n    a\n    b\n"
        );
    }

    #[test]
    fn json_with_four_spaces() {
        let v = json!({"b": [1, {"x": "<a>"}], "a": {}});
        assert_eq!(to_json(&v), "{\n    \"a\": {},\n    \"b\": [\n        1,\n        {\n            \"x\": \"\\u003ca\\u003e\"\n        }\n    ]\n}\n");
    }
}
