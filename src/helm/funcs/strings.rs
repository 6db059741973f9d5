//! Sprig's string functions (sprig strings.go, functions.go; goutils and xstrings where Sprig delegates).
//! Go indexes strings by byte: `trunc`, `substr` and `abbrev` cut bytes, so a cut inside a UTF-8 sequence
//! yields the replacement character here where Go would print the raw bytes.

use super::args::{arity, i, s, str, strval, R};
/// Go's `strconv.Quote` (what `%q` prints for a string).
pub use crate::helm::gofmt::quote as go_quote;
use crate::helm::value::{ElemType, Value};
use std::rc::Rc;

/// Bytes `a..b` of `s`, as Go's `s[a:b]` would give them.
fn bytes(s: &str, a: usize, b: usize) -> String {
    String::from_utf8_lossy(&s.as_bytes()[a..b]).into_owned()
}

/// Output longer than this is refused, so a template cannot exhaust the page (Go would just allocate).
pub const MAX_OUTPUT: usize = 16 << 20;

fn too_long(n: usize) -> Result<(), String> {
    if n > MAX_OUTPUT {
        return Err(format!("stsplay: result of {n} bytes is larger than the 16 MiB a render may produce"));
    }
    Ok(())
}

fn go_repeat(s: &str, count: i64) -> Result<String, String> {
    if count < 0 {
        return Err("strings: negative Repeat count".into());
    }
    // Go's own limits come first: a length past int64, then one past the heap's address space (maxAlloc,
    // 1<<48 on 64-bit Linux) that makeslice refuses.
    match (s.len() as i64).checked_mul(count) {
        None => return Err("strings: Repeat output length overflow".into()),
        Some(n) if n > 1 << 48 => return Err("runtime error: makeslice: len out of range".into()),
        _ => {}
    }
    too_long(s.len().saturating_mul(count as usize))?;
    Ok(s.repeat(count as usize))
}

pub fn abbrev(a: &[Value]) -> R {
    arity(a, 2)?;
    let (width, st) = (i(&a[0])?, s(&a[1])?);
    if width < 4 {
        return Ok(str(st));
    }
    Ok(str(abbreviate_full(st, 0, width)))
}

pub fn abbrevboth(a: &[Value]) -> R {
    arity(a, 3)?;
    let (left, right, st) = (i(&a[0])?, i(&a[1])?, s(&a[2])?);
    if right < 4 || (left > 0 && right < 7) {
        return Ok(str(st));
    }
    Ok(str(abbreviate_full(st, left, right)))
}

/// goutils `AbbreviateFull` (callers guarantee max_width >= 4, and >= 7 when there is an offset).
fn abbreviate_full(st: &str, offset: i64, max_width: i64) -> String {
    let len = st.len() as i64;
    if st.is_empty() || len <= max_width {
        return st.to_string();
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return bytes(st, 0, (max_width - 3) as usize) + "...";
    }
    if offset + max_width - 3 < len {
        let rest = bytes(st, offset as usize, st.len());
        return "...".to_string() + &abbreviate_full(&rest, 0, max_width - 3);
    }
    "...".to_string() + &bytes(st, (len - (max_width - 3)) as usize, st.len())
}

pub fn trunc(a: &[Value]) -> R {
    arity(a, 2)?;
    let (c, st) = (i(&a[0])?, s(&a[1])?);
    let len = st.len() as i64;
    if c < 0 && len + c > 0 {
        return Ok(str(bytes(st, (len + c) as usize, st.len())));
    }
    if c >= 0 && len > c {
        return Ok(str(bytes(st, 0, c as usize)));
    }
    Ok(str(st))
}

fn one_string(a: &[Value], f: impl Fn(&str) -> String) -> R {
    arity(a, 1)?;
    Ok(str(f(s(&a[0])?)))
}

/// Go's simple case mappings (one rune to one rune): `ß` stays `ß` in ToUpper.
fn go_upper(c: char) -> char {
    let mut u = c.to_uppercase();
    match (u.next(), u.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// (Only U+0130 `İ` lower-cases to two runes in Unicode's full mapping; Go's simple mapping gives `i`.)
fn go_lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Go's `unicode.IsSpace`.
pub fn go_is_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}')
        || (c as u32 > 0xff && c.is_whitespace())
}

pub fn trim(a: &[Value]) -> R {
    one_string(a, |x| x.trim_matches(go_is_space).to_string())
}

pub fn upper(a: &[Value]) -> R {
    one_string(a, |x| x.chars().map(go_upper).collect())
}

pub fn lower(a: &[Value]) -> R {
    one_string(a, |x| x.chars().map(go_lower).collect())
}

/// Go's deprecated `strings.Title`: upper-cases each letter that follows a separator.
pub fn title(a: &[Value]) -> R {
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphanumeric() {
            return false;
        }
        go_is_space(c)
    }
    one_string(a, |x| {
        let mut prev = ' ';
        x.chars()
            .map(|c| {
                let out = if is_separator(prev) { go_upper(c) } else { c };
                prev = c;
                out
            })
            .collect()
    })
}

/// goutils `Uncapitalize`: the first letter of every space-separated word lower-cased.
pub fn untitle(a: &[Value]) -> R {
    one_string(a, |x| {
        let mut next = true;
        x.chars()
            .map(|c| {
                if go_is_space(c) {
                    next = true;
                    c
                } else if next {
                    next = false;
                    go_lower(c)
                } else {
                    c
                }
            })
            .collect()
    })
}

pub fn substr(a: &[Value]) -> R {
    arity(a, 3)?;
    let (start, end, st) = (i(&a[0])?, i(&a[1])?, s(&a[2])?);
    let len = st.len() as i64;
    let (lo, hi) = if start < 0 {
        (0, end)
    } else if end < 0 || end > len {
        (start, len)
    } else {
        (start, end)
    };
    // Go's bounds panic names the length only when the bound is past it.
    if start < 0 && end < 0 {
        return Err(format!("runtime error: slice bounds out of range [:{end}]"));
    }
    if start < 0 && end > len {
        return Err(format!("runtime error: slice bounds out of range [:{end}] with length {len}"));
    }
    if lo > hi {
        return Err(format!("runtime error: slice bounds out of range [{lo}:{hi}]"));
    }
    Ok(str(bytes(st, lo as usize, hi as usize)))
}

pub fn repeat(a: &[Value]) -> R {
    arity(a, 2)?;
    let (count, st) = (i(&a[0])?, s(&a[1])?);
    Ok(str(go_repeat(st, count)?))
}

pub fn trim_all(a: &[Value]) -> R {
    arity(a, 2)?;
    let (cut, st) = (s(&a[0])?, s(&a[1])?);
    Ok(str(st.trim_matches(|c| cut.contains(c))))
}

pub fn trim_suffix(a: &[Value]) -> R {
    arity(a, 2)?;
    let (suf, st) = (s(&a[0])?, s(&a[1])?);
    Ok(str(st.strip_suffix(suf).unwrap_or(st)))
}

pub fn trim_prefix(a: &[Value]) -> R {
    arity(a, 2)?;
    let (pre, st) = (s(&a[0])?, s(&a[1])?);
    Ok(str(st.strip_prefix(pre).unwrap_or(st)))
}

pub fn nospace(a: &[Value]) -> R {
    one_string(a, |x| x.chars().filter(|&c| !go_is_space(c)).collect())
}

pub fn initials(a: &[Value]) -> R {
    one_string(a, |x| {
        let mut out = String::new();
        let mut gap = true;
        for c in x.chars() {
            if go_is_space(c) {
                gap = true;
            } else if gap {
                out.push(c);
                gap = false;
            }
        }
        out
    })
}

/// goutils `SwapCase`: upper to lower, lower to upper, and a lower-case letter after whitespace to title case.
pub fn swapcase(a: &[Value]) -> R {
    one_string(a, |x| {
        let mut ws = true;
        x.chars()
            .map(|c| {
                if c.is_uppercase() {
                    ws = false;
                    go_lower(c)
                } else if c.is_lowercase() {
                    ws = false;
                    go_upper(c)
                } else {
                    ws = go_is_space(c);
                    c
                }
            })
            .collect()
    })
}

// xstrings' identifier case conversion (huandu/xstrings convert.go), word by word as it splits them.

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || go_is_space(c)
}

/// xstrings `isAlphabet`: a letter that is not a CJK ideograph.
fn is_alphabet(c: char) -> bool {
    c.is_alphabetic() && !matches!(c as u32, 0x4E00..=0x9FCC | 0x3400..=0x4D85 | 0x20000..=0x2B81D)
}

/// Go's `unicode.IsPunct` for the ASCII range and general punctuation (an approximation beyond it).
fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    matches!(c as u32, 0x2010..=0x2027 | 0x2030..=0x205E | 0x3001..=0x3003 | 0xFF01..=0xFF0F)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

/// xstrings `nextWord`: the kind and text of the first word, and the rest.
fn next_word(st: &str) -> (Word, &str, &str) {
    let mut it = st.char_indices().peekable();
    let Some((_, r)) = it.next() else { return (Word::Invalid, "", "") };
    let end_while = |from: usize, f: &dyn Fn(char) -> bool| -> usize {
        st[from..].char_indices().find(|&(_, c)| !f(c)).map_or(st.len(), |(k, _)| from + k)
    };
    let first = r.len_utf8();
    let (wt, end) = if is_connector(r) {
        (Word::Connector, end_while(first, &is_connector))
    } else if is_punct(r) {
        (Word::Punct, end_while(first, &is_punct))
    } else if r.is_uppercase() {
        let rest = &st[first..];
        match rest.chars().next() {
            None => (Word::Upper, first),
            Some(c) if c.is_uppercase() => {
                // A run of capitals; its last one starts the next word when a lower-case letter follows.
                let run_end = end_while(first, &|c: char| c.is_uppercase());
                let next = st[run_end..].chars().next();
                if next.is_some_and(is_alphabet) {
                    let last = st[..run_end].chars().next_back().map_or(0, char::len_utf8);
                    (Word::Upper, run_end - last)
                } else {
                    (Word::Upper, run_end)
                }
            }
            Some(c) if is_alphabet(c) => {
                (Word::Upper, end_while(first, &|c: char| is_alphabet(c) && !c.is_uppercase()))
            }
            Some(_) => (Word::Upper, first),
        }
    } else if is_alphabet(r) {
        (Word::Alphabet, end_while(first, &|c: char| is_alphabet(c) && !c.is_uppercase()))
    } else if r.is_numeric() {
        (Word::Number, end_while(first, &|c: char| c.is_numeric()))
    } else {
        (
            Word::Other,
            end_while(first, &|c: char| !(is_connector(c) || is_alphabet(c) || c.is_numeric() || is_punct(c))),
        )
    };
    (wt, &st[..end], &st[end..])
}

fn lower_word(out: &mut String, wt: Word, w: &str, connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.push_str(w);
        return;
    }
    for c in w.chars() {
        if is_connector(c) {
            out.push(connector);
        } else if c.is_uppercase() {
            out.push(go_lower(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings `camelCaseToLowerCase` (ToSnakeCase, ToKebabCase).
fn camel_to_lower(st: &str, connector: char) -> String {
    let mut out = String::new();
    if st.is_empty() {
        return out;
    }
    let (mut wt, mut word, mut rest) = next_word(st);
    while !rest.is_empty() {
        if wt != Word::Connector {
            lower_word(&mut out, wt, word, connector);
        }
        let (prev, last) = (wt, word);
        (wt, word, rest) = next_word(rest);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    lower_word(&mut out, wt, word, connector);
                    (wt, word, rest) = next_word(rest);
                }
                if !matches!(wt, Word::Invalid | Word::Punct | Word::Connector) {
                    out.push(connector);
                }
            }
            Word::Connector => lower_word(&mut out, prev, last, connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if rest.is_empty() {
                    continue;
                }
                let num = word;
                (wt, word, rest) = next_word(rest);
                if wt != Word::Alphabet {
                    lower_word(&mut out, Word::Number, num, connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                lower_word(&mut out, Word::Number, num, connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    lower_word(&mut out, wt, word, connector);
                    (wt, word, rest) = next_word(rest);
                }
                if !matches!(wt, Word::Invalid | Word::Connector | Word::Punct) {
                    out.push(connector);
                }
            }
        }
    }
    lower_word(&mut out, wt, word, connector);
    out
}

pub fn snakecase(a: &[Value]) -> R {
    one_string(a, |x| camel_to_lower(x, '_'))
}

pub fn kebabcase(a: &[Value]) -> R {
    one_string(a, |x| camel_to_lower(x, '-'))
}

/// xstrings `ToCamelCase` (Sprig's `camelcase`): connectors dropped and the letter after them upper-cased,
/// leading connectors kept.
pub fn camelcase(a: &[Value]) -> R {
    one_string(a, |x| {
        let mut out = String::new();
        let mut cs = x.chars();
        let mut r0 = None;
        for c in cs.by_ref() {
            if !is_connector(c) {
                r0 = Some(go_upper(c));
                break;
            }
            out.push(c);
        }
        let Some(mut r0) = r0 else { return out };
        for c in cs {
            let r1 = r0;
            r0 = c;
            if is_connector(r0) && is_connector(r1) {
                out.push(r1);
                continue;
            }
            if is_connector(r1) {
                r0 = go_upper(r0);
            } else {
                out.push(r1);
            }
        }
        out.push(r0);
        out
    })
}

/// goutils `WrapCustom` (byte offsets, words longer than the width are not broken unless `long_words`).
fn wrap_custom(st: &str, width: i64, nl: &str, long_words: bool) -> String {
    if st.is_empty() {
        return String::new();
    }
    let nl = if nl.is_empty() { "\n" } else { nl };
    let width = width.max(1) as usize;
    let b = st.as_bytes();
    let len = b.len();
    let mut offset = 0;
    let mut out = String::new();
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(sp) = space {
            out.push_str(&bytes(st, offset, offset + sp));
            out.push_str(nl);
            offset += sp + 1;
        } else if long_words {
            out.push_str(&bytes(st, offset, width + offset));
            out.push_str(nl);
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.push_str(&bytes(st, offset, len));
                    offset = len;
                }
                Some(ix) => {
                    out.push_str(&bytes(st, offset, ix + end));
                    out.push_str(nl);
                    offset = ix + end + 1;
                }
            }
        }
    }
    out.push_str(&bytes(st, offset, len));
    out
}

pub fn wrap(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(str(wrap_custom(s(&a[1])?, i(&a[0])?, "", false)))
}

pub fn wrap_with(a: &[Value]) -> R {
    arity(a, 3)?;
    Ok(str(wrap_custom(s(&a[2])?, i(&a[0])?, s(&a[1])?, true)))
}

fn two_strings(a: &[Value], f: impl Fn(&str, &str) -> bool) -> R {
    arity(a, 2)?;
    Ok(Value::Bool(f(s(&a[0])?, s(&a[1])?)))
}

pub fn contains(a: &[Value]) -> R {
    two_strings(a, |sub, st| st.contains(sub))
}

pub fn has_prefix(a: &[Value]) -> R {
    two_strings(a, |p, st| st.starts_with(p))
}

pub fn has_suffix(a: &[Value]) -> R {
    two_strings(a, |p, st| st.ends_with(p))
}

pub fn quote(a: &[Value]) -> R {
    let parts: Vec<String> = a.iter().filter(|v| !matches!(v, Value::Nil)).map(|v| go_quote(&strval(v))).collect();
    Ok(str(parts.join(" ")))
}

pub fn squote(a: &[Value]) -> R {
    let parts: Vec<String> =
        a.iter().filter(|v| !matches!(v, Value::Nil)).map(|v| format!("'{}'", strval(v))).collect();
    Ok(str(parts.join(" ")))
}

pub fn cat(a: &[Value]) -> R {
    let parts: Vec<String> = a.iter().filter(|v| !matches!(v, Value::Nil)).map(strval).collect();
    Ok(str(parts.join(" ")))
}

fn indent_str(spaces: i64, v: &str) -> Result<String, String> {
    let pad = go_repeat(" ", spaces)?;
    too_long(v.len().saturating_add(pad.len().saturating_mul(1 + v.matches('\n').count())))?;
    Ok(pad.clone() + &v.replace('\n', &("\n".to_string() + &pad)))
}

pub fn indent(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(str(indent_str(i(&a[0])?, s(&a[1])?)?))
}

pub fn nindent(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(str("\n".to_string() + &indent_str(i(&a[0])?, s(&a[1])?)?))
}

pub fn replace(a: &[Value]) -> R {
    arity(a, 3)?;
    let (old, new, src) = (s(&a[0])?, s(&a[1])?, s(&a[2])?);
    if old.is_empty() {
        // Go inserts `new` before every rune and at the end.
        too_long(src.len().saturating_add(new.len().saturating_mul(src.chars().count() + 1)))?;
        let mut out = String::new();
        for c in src.chars() {
            out.push_str(new);
            out.push(c);
        }
        out.push_str(new);
        return Ok(str(out));
    }
    too_long(src.len().saturating_add(new.len().saturating_sub(old.len()).saturating_mul(src.matches(old).count())))?;
    Ok(str(src.replace(old, new)))
}

pub fn plural(a: &[Value]) -> R {
    arity(a, 3)?;
    let (one, many, n) = (s(&a[0])?, s(&a[1])?, i(&a[2])?);
    Ok(str(if n == 1 { one } else { many }))
}

pub fn to_string(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(strval(&a[0])))
}

/// Sprig's `strslice`: a list's non-nil elements as strings; a scalar as a one-element list; nil as empty.
pub fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(_, l) => l.iter().filter(|x| !matches!(x, Value::Nil)).map(strval).collect(),
        Value::Nil => Vec::new(),
        _ => vec![strval(v)],
    }
}

pub fn to_strings(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::strings(strslice(&a[0])))
}

/// Go's `strings.Split`: an empty separator splits after each UTF-8 sequence.
fn go_split<'a>(st: &'a str, sep: &str, n: i64) -> Vec<&'a str> {
    if n == 0 {
        return Vec::new();
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    if sep.is_empty() {
        let mut parts: Vec<&str> = Vec::new();
        let mut rest = st;
        while !rest.is_empty() {
            if parts.len() + 1 == limit {
                parts.push(rest);
                return parts;
            }
            let w = rest.chars().next().map_or(1, char::len_utf8);
            parts.push(&rest[..w]);
            rest = &rest[w..];
        }
        return parts;
    }
    st.splitn(limit, sep).collect()
}

/// Sprig's split/splitn result, a Go `map[string]string` keyed `_0`, `_1`, ...
fn index_map(parts: Vec<&str>) -> Value {
    Value::string_map(crate::sort::btree_map(parts.into_iter().enumerate().map(|(k, p)| (format!("_{k}"), str(p)))))
}

pub fn split(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(index_map(go_split(s(&a[1])?, s(&a[0])?, -1)))
}

pub fn splitn(a: &[Value]) -> R {
    arity(a, 3)?;
    let (sep, n, st) = (s(&a[0])?, i(&a[1])?, s(&a[2])?);
    Ok(index_map(go_split(st, sep, n)))
}

pub fn split_list(a: &[Value]) -> R {
    arity(a, 2)?;
    let parts = go_split(s(&a[1])?, s(&a[0])?, -1);
    Ok(Value::List(ElemType::String, Rc::new(parts.into_iter().map(str).collect())))
}

pub fn join(a: &[Value]) -> R {
    arity(a, 2)?;
    let sep = s(&a[0])?;
    Ok(str(strslice(&a[1]).join(sep)))
}

pub fn sort_alpha(a: &[Value]) -> R {
    arity(a, 1)?;
    let mut v = match &a[0] {
        Value::List(..) => strslice(&a[0]),
        other => vec![strval(other)],
    };
    crate::sort::sort(&mut v);
    Ok(Value::strings(v))
}

/// xstrings `Shuffle` is random; here it is a seeded permutation of the runes.
pub fn shuffle(a: &[Value]) -> R {
    arity(a, 1)?;
    let mut cs: Vec<char> = s(&a[0])?.chars().collect();
    for k in (1..cs.len()).rev() {
        let j = super::misc::rand_below(k as u64 + 1) as usize;
        cs.swap(k, j);
    }
    Ok(str(cs.into_iter().collect::<String>()))
}
