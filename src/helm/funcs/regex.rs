//! Sprig's regex functions over Go's `regexp` (RE2 syntax), here on `regex-lite`: the same leftmost-first
//! semantics and `$1`/`${name}` replacement rules, ASCII-only `\d`/`\w` as in Go. The plain forms panic on a
//! bad pattern (`regexp.MustCompile`), the `must` forms return Go's error; `regexMatch` just says false.

use super::args::{arity, i, s, str, R};
use crate::helm::value::{ElemType, Value};
use regex_lite::Regex;
use std::cell::RefCell;
use std::rc::Rc;

thread_local! {
    /// Recently compiled patterns: a template re-renders on every keystroke and often applies one pattern in a
    /// `range`, so compiling each call again would dominate.
    static CACHE: RefCell<Vec<(String, Regex)>> = const { RefCell::new(Vec::new()) };
}

const CACHE_SIZE: usize = 32;

/// Go's `regexp.Compile` error text (the parser's reason comes from regex-lite, not always in Go's words).
fn compile(re: &str) -> Result<Regex, String> {
    if let Some(r) = CACHE.with(|c| c.borrow().iter().find(|(p, _)| p == re).map(|(_, r)| r.clone())) {
        return Ok(r);
    }
    let r = compile_uncached(re)?;
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_SIZE {
            c.remove(0);
        }
        c.push((re.to_string(), r.clone()));
    });
    Ok(r)
}

/// The pattern as regex-lite should read it, or Go's error for stacked repetition operators (`a**`, `a+?*`,
/// `a{2}{3}`: RE2 with Perl flags refuses them, regex-lite accepts them; the quoted text runs from the first
/// operator to the end of the second, regexp/syntax `repeat`'s lastRepeat). A `{` that does not start a
/// well-formed `{n}`, `{n,}` or `{n,m}` is a literal to Go, an error to regex-lite: it is escaped.
fn go_syntax(re: &str) -> Result<String, String> {
    let b = re.as_bytes();
    let (mut i, mut last, mut out) = (0, None, String::with_capacity(re.len()));
    while i < b.len() {
        let op = match b[i] {
            b'*' | b'+' | b'?' => 1,
            b'{' => {
                let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit() || **c == b',').count();
                let body = &re[i + 1..i + 1 + n];
                let mut parts = body.splitn(2, ',');
                let (min, max) = (parts.next().unwrap_or(""), parts.next());
                // parseInt: digits without a leading zero; a bare `{n,}` has no maximum.
                let int = |t: &str| !(t.is_empty() || t.contains(',') || t.len() > 1 && t.starts_with('0'));
                let valid = int(min) && max.is_none_or(|m| m.is_empty() || int(m));
                if valid && b.get(i + 1 + n) == Some(&b'}') {
                    let num = |t: &str| t.parse::<u64>().unwrap_or(u64::MAX);
                    let (lo, hi) = (num(min), max.filter(|m| !m.is_empty()).map(num));
                    if lo > 1000 || hi.is_some_and(|h| h > 1000 || lo > h) {
                        return Err(format!("invalid repeat count: `{}`", &re[i..i + n + 2]));
                    }
                    n + 2
                } else {
                    out.push('\\');
                    0
                }
            }
            _ => 0,
        };
        let start = i;
        if op == 0 {
            last = None;
            match b[i] {
                b'\\' => i += 2,
                b'[' => {
                    // A class is one atom; a ']' first in it (after an optional '^') is literal.
                    i += 1 + usize::from(b.get(i + 1) == Some(&b'^'));
                    i += usize::from(b.get(i) == Some(&b']'));
                    while i < b.len() && b[i] != b']' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        } else {
            i += op + usize::from(b.get(i + op) == Some(&b'?'));
            if let Some(first) = last {
                return Err(format!("invalid nested repetition operator: `{}`", &re[first..i]));
            }
            last = Some(start);
        }
        i = i.min(b.len());
        // Escapes and classes may end inside a multi-byte character: copy up to the next boundary.
        while !re.is_char_boundary(i) {
            i += 1;
        }
        out.push_str(&re[start..i]);
    }
    Ok(out)
}

fn compile_uncached(re: &str) -> Result<Regex, String> {
    let pattern = go_syntax(re).map_err(|e| format!("error parsing regexp: {e}"))?;
    Regex::new(&pattern).map_err(|e| {
        let reason = e.to_string();
        let reason = reason.lines().last().unwrap_or("").trim().trim_start_matches("error: ");
        // regex-lite's reasons in the words of Go's regexp/syntax (the quoted part is the whole pattern, where
        // Go quotes only the offending piece for some errors).
        let go = if reason.contains("open group without closing") || reason.contains("expected closing ')'") {
            "missing closing )"
        } else if reason.contains("closing ')' without matching") {
            "unexpected )"
        } else if reason.contains("unclosed character class")
            || reason.contains("character class") && reason.contains("unclosed")
        {
            "missing closing ]"
        } else if reason.contains("repetition operator must be applied") {
            "missing argument to repetition operator"
        } else if reason.contains("invalid range in character class") {
            "invalid character class range"
        } else if reason.contains("unrecognized escape sequence") {
            "invalid escape sequence"
        } else if reason.contains("saw end of pattern before it finished") {
            "trailing backslash at end of expression"
        } else {
            reason
        };
        format!("error parsing regexp: {go}: `{re}`")
    })
}

/// `regexp.MustCompile`'s panic text.
fn must_compile(re: &str) -> Result<Regex, String> {
    compile(re).map_err(|e| format!("regexp: Compile({}): {e}", go_backquote(re)))
}

/// Go's `strconv.Quote`-or-backquote choice of `regexp.quote`: backquoted when it can be.
fn go_backquote(re: &str) -> String {
    if !re.contains('`') && re.chars().all(|c| c == '\t' || !c.is_control()) {
        format!("`{re}`")
    } else {
        super::strings::go_quote(re)
    }
}

fn strings(v: Vec<&str>) -> Value {
    Value::List(ElemType::String, Rc::new(v.into_iter().map(str).collect()))
}

pub fn regex_match(a: &[Value]) -> R {
    arity(a, 2)?;
    let (re, st) = (s(&a[0])?, s(&a[1])?);
    Ok(Value::Bool(compile(re).is_ok_and(|r| r.is_match(st))))
}

pub fn must_regex_match(a: &[Value]) -> R {
    arity(a, 2)?;
    let (re, st) = (s(&a[0])?, s(&a[1])?);
    Ok(Value::Bool(compile(re)?.is_match(st)))
}

fn find_all(r: &Regex, st: &str, n: i64) -> Vec<(usize, usize)> {
    let limit = if n < 0 { usize::MAX } else { n as usize };
    // Go drops an empty match that abuts the previous match.
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in r.find_iter(st) {
        if out.len() >= limit {
            break;
        }
        if m.start() == m.end() && out.last().is_some_and(|&(_, e)| e == m.start()) {
            continue;
        }
        out.push((m.start(), m.end()));
    }
    out
}

fn find_all_impl(a: &[Value], compile: fn(&str) -> Result<Regex, String>) -> R {
    arity(a, 3)?;
    let (re, st, n) = (s(&a[0])?, s(&a[1])?, i(&a[2])?);
    let r = compile(re)?;
    if n == 0 {
        return Ok(Value::List(ElemType::String, Rc::new(Vec::new())));
    }
    Ok(strings(find_all(&r, st, n).into_iter().map(|(b, e)| &st[b..e]).collect()))
}

pub fn regex_find_all(a: &[Value]) -> R {
    find_all_impl(a, must_compile)
}

pub fn must_regex_find_all(a: &[Value]) -> R {
    find_all_impl(a, compile)
}

fn find_impl(a: &[Value], compile: fn(&str) -> Result<Regex, String>) -> R {
    arity(a, 2)?;
    let (re, st) = (s(&a[0])?, s(&a[1])?);
    Ok(str(compile(re)?.find(st).map_or("", |m| m.as_str())))
}

pub fn regex_find(a: &[Value]) -> R {
    find_impl(a, must_compile)
}

pub fn must_regex_find(a: &[Value]) -> R {
    find_impl(a, compile)
}

fn replace_impl(a: &[Value], compile: fn(&str) -> Result<Regex, String>, literal: bool) -> R {
    arity(a, 3)?;
    let (re, st, repl) = (s(&a[0])?, s(&a[1])?, s(&a[2])?);
    let r = compile(re)?;
    let out = if literal {
        r.replace_all(st, regex_lite::NoExpand(repl)).into_owned()
    } else {
        r.replace_all(st, repl).into_owned()
    };
    if out.len() > super::strings::MAX_OUTPUT {
        return Err("stsplay: result larger than the 16 MiB a render may produce".into());
    }
    Ok(str(out))
}

pub fn regex_replace_all(a: &[Value]) -> R {
    replace_impl(a, must_compile, false)
}

pub fn must_regex_replace_all(a: &[Value]) -> R {
    replace_impl(a, compile, false)
}

pub fn regex_replace_all_literal(a: &[Value]) -> R {
    replace_impl(a, must_compile, true)
}

pub fn must_regex_replace_all_literal(a: &[Value]) -> R {
    replace_impl(a, compile, true)
}

/// Go's `Regexp.Split`.
fn split_impl(a: &[Value], compile: fn(&str) -> Result<Regex, String>) -> R {
    arity(a, 3)?;
    let (re, st, n) = (s(&a[0])?, s(&a[1])?, i(&a[2])?);
    let r = compile(re)?;
    if n == 0 {
        return Ok(Value::List(ElemType::String, Rc::new(Vec::new())));
    }
    if !re.is_empty() && st.is_empty() {
        return Ok(strings(vec![""]));
    }
    let mut parts: Vec<&str> = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for (b, e) in find_all(&r, st, n) {
        if n > 0 && parts.len() as i64 == n - 1 {
            break;
        }
        end = b;
        if e != 0 {
            parts.push(&st[beg..end]);
        }
        beg = e;
    }
    if end != st.len() {
        parts.push(&st[beg..]);
    }
    Ok(strings(parts))
}

pub fn regex_split(a: &[Value]) -> R {
    split_impl(a, must_compile)
}

pub fn must_regex_split(a: &[Value]) -> R {
    split_impl(a, compile)
}

pub fn regex_quote_meta(a: &[Value]) -> R {
    arity(a, 1)?;
    let mut out = String::new();
    for c in s(&a[0])?.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    Ok(str(out))
}
