//! Go's `encoding/json` text for the two places that must match it byte for byte: Sprig's `toJson` family
//! (helm/funcs/encoding.rs) and the ControllerRevision data a revision name is hashed from (cluster/history.rs).
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
