//! Go's `encoding/json` text for the two places that must match it byte for byte: Sprig's `toJson` family
//! (helm/funcs/encoding.rs), the ControllerRevision data a revision name is hashed from (cluster/history.rs) and
//! the content kubectl's `--append-hash` suffix is hashed from (shell/kubectl/create.rs).
use std::fmt::Write;

/// `floatEncoder`: plain digits from 1e-6 up to 1e21, else an exponent without Go's two-digit padding.
pub fn float(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let g = format!("{f:e}");
        // Rust prints 1e-7 / 1.5e21; Go prints 1e-07 / 1.5e+21 and then strips the exponent's zero padding.
        let (m, e) = g.split_once('e').unwrap_or((&g, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{m}e{}{}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    format!("{f}")
}

/// A JSON string as `encodeState.string` writes it; `escape_html` is `SetEscapeHTML` (on for `json.Marshal`).
pub fn string(out: &mut String, st: &str, escape_html: bool) {
    out.push('"');
    for c in st.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `json.Marshal` of a decoded JSON value (`interface{}`): numbers are float64, map keys sorted, HTML escaped.
pub fn marshal(out: &mut String, v: &serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&float(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => string(out, s, true),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                marshal(out, x);
            }
            out.push(']');
        }
        Value::Object(m) => {
            // Go sorts map keys by their bytes, which is how `str` orders.
            let mut keys: Vec<&String> = m.keys().collect();
            crate::sort::sort(&mut keys);
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, k, true);
                out.push(':');
                marshal(out, &m[k]);
            }
            out.push('}');
        }
    }
}
