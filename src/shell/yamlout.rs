//! `kubectl get -o yaml|json`: sigs.k8s.io/yaml (JSON → go-yaml v2, the shared emitter in `crate::yaml`) and Go's
//! `json.MarshalIndent` with four spaces. Both see the object as a Go map, so keys come out sorted.

use serde_json::Value;

/// An object as `kubectl get -o yaml` prints it.
pub fn to_yaml(v: &Value) -> String {
    crate::yaml::to_yaml(v)
}

fn sorted_keys(m: &serde_json::Map<String, Value>) -> Vec<&String> {
    let mut k: Vec<&String> = m.keys().collect();
    crate::sort::sort(&mut k);
    k
}

fn json_indent(v: &Value, level: usize, out: &mut String, sorted: bool) {
    let pad = "    ".repeat(level);
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push_str("{\n");
            let keys = if sorted { sorted_keys(m) } else { m.keys().collect() };
            for (i, k) in keys.iter().enumerate() {
                out.push_str(&pad);
                out.push_str("    ");
                out.push_str(&go_json_string(k));
                out.push_str(": ");
                json_indent(&m[*k], level + 1, out, sorted);
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
                json_indent(x, level + 1, out, sorted);
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
    serde_json::to_string(s).unwrap_or_default().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// An object as `kubectl get -o json` prints it.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    json_indent(v, 0, &mut out, true);
    out.push('\n');
    out
}

/// A typed object as kubectl prints it with `-o json` (a generator's output): encoding/json writes the Go
/// struct's field order, which the object was built in.
pub fn to_json_in_order(v: &Value) -> String {
    let mut out = String::new();
    json_indent(v, 0, &mut out, false);
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
