//! A small YAML + Go-template highlighter. It only colours what a learner needs to tell apart (keys,
//! comments, template actions, strings, scalars, document markers); it never decides validity, so a
//! wrong guess costs a colour, not a wrong answer. Output is HTML for a `<pre>` drawn behind a
//! transparent textarea, so it must keep every character in place: one output line per input line.

/// Escapes text for HTML element content.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

fn span(class: &str, text: &str, out: &mut String) {
    if text.is_empty() {
        return;
    }
    out.push_str("<span class=\"");
    out.push_str(class);
    out.push_str("\">");
    escape(text, out);
    out.push_str("</span>");
}

/// Highlights one line.
pub fn line_html(line: &str, out: &mut String) {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    escape(indent, out);
    if trimmed.starts_with('#') {
        return span("c", trimmed, out);
    }
    if trimmed == "---" || trimmed.starts_with("--- ") || trimmed == "..." {
        return span("d", trimmed, out);
    }
    let mut rest = trimmed;
    // Sequence dashes.
    while let Some(r) = rest.strip_prefix("- ") {
        span("p", "- ", out);
        rest = r;
    }
    if rest == "-" {
        return span("p", rest, out);
    }
    // A mapping key: text before the first ": " (or a trailing ':') outside quotes and template actions.
    if let Some(k) = key_end(rest) {
        span("k", &rest[..k], out);
        span("p", ":", out);
        rest = &rest[k + 1..];
    }
    scalar_html(rest, out);
}

fn key_end(s: &str) -> Option<usize> {
    if s.starts_with("{{") || s.starts_with('"') || s.starts_with('\'') {
        return None;
    }
    let b = s.as_bytes();
    for i in 0..b.len() {
        match b[i] {
            b':' if i + 1 == b.len() || b[i + 1] == b' ' => return (i > 0).then_some(i),
            b'{' | b'#' | b'"' | b'\'' if i == 0 => return None,
            b'{' if b.get(i + 1) == Some(&b'{') => return None,
            _ => {}
        }
    }
    None
}

/// The value part: template actions, quoted strings, trailing comments, plain scalars.
fn scalar_html(s: &str, out: &mut String) {
    let mut i = 0;
    let mut plain_start = 0;
    let b = s.as_bytes();
    let flush = |from: usize, to: usize, out: &mut String| {
        if from < to {
            plain(&s[from..to], out);
        }
    };
    while i < b.len() {
        if s[i..].starts_with("{{") {
            flush(plain_start, i, out);
            let end = s[i..].find("}}").map(|e| i + e + 2).unwrap_or(s.len());
            span("t", &s[i..end], out);
            i = end;
            plain_start = i;
        } else if b[i] == b'"' || b[i] == b'\'' {
            flush(plain_start, i, out);
            let q = b[i];
            let mut j = i + 1;
            while j < b.len() && b[j] != q {
                if b[j] == b'\\' && q == b'"' {
                    j += 1;
                }
                j += 1;
            }
            let end = (j + 1).min(b.len());
            span("s", &s[i..end], out);
            i = end;
            plain_start = i;
        } else if b[i] == b'#' && (i == 0 || b[i - 1] == b' ') {
            flush(plain_start, i, out);
            span("c", &s[i..], out);
            return;
        } else {
            i += s[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    flush(plain_start, b.len(), out);
}

/// Plain scalars: numbers, booleans and null get their own colour; the rest stays default.
fn plain(s: &str, out: &mut String) {
    let t = s.trim();
    let lead = &s[..s.len() - s.trim_start().len()];
    let trail = &s[lead.len() + t.len()..];
    let class = match t {
        "true" | "false" | "True" | "False" | "yes" | "no" | "null" | "~" => Some("b"),
        _ if !t.is_empty() && t.parse::<f64>().is_ok() => Some("n"),
        "|" | ">" | "|-" | ">-" | "{}" | "[]" => Some("p"),
        _ => None,
    };
    escape(lead, out);
    match class {
        Some(c) => span(c, t, out),
        None => escape(t, out),
    }
    escape(trail, out);
}

/// Highlights a whole file; `error_line` (1-based) is wrapped in an error marker. A trailing space
/// line keeps the overlay as tall as the textarea when the text ends in a newline.
/// Texts longer than this (bytes) are not coloured.
pub const PLAIN_ABOVE: usize = 256 * 1024;

pub fn to_html(text: &str, error_line: Option<usize>) -> String {
    // a pasted file of megabytes is shown uncoloured, as large files are in editors: the browser took seconds
    // to lay out a span per token of 250,000 lines at each keystroke
    let plain = text.len() > PLAIN_ABOVE;
    let mut out = String::with_capacity(text.len() * 2);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let marked = error_line == Some(i + 1);
        if marked {
            out.push_str("<mark class=\"errline\">");
        }
        if plain {
            escape(line, &mut out);
        } else {
            line_html(line, &mut out);
        }
        if marked {
            out.push_str("</mark>");
        }
    }
    out.push_str("\n ");
    out
}
