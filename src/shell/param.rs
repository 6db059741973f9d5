//! bash 5.2's parameter expansion inside `${...}`: `${#x}`, the tests `:-  -  :=  =  :?  ?  :+  +`, the patterns
//! `#  ##  %  %%` and `/  //  /#  /%` (an unquoted `&` in the replacement is the match: patsub_replacement is on by
//! default), the case changes `^  ^^  ,  ,,  ~  ~~` (with a pattern), `:off:len`, `${!name}` (indirection, also to
//! `a[1]` and `a[@]`), `${!prefix*}`/`${!prefix@}`, `${!a[@]}`, and the transformations `@Q @E @P @A @a @U @u @L @K`.
//! The word after an operator is expanded here (quotes, `$x`, `${...}`, `$(...)`, `$((...))`, backquotes, a
//! leading `~`) against a [`Ctx`], the session, so `${x:=$(cmd)}` assigns and `${x:-"a b"}` stays one field.

use super::{array, glob};

/// What an expansion reads and changes: the session's variables, command substitution, arithmetic.
pub trait Ctx {
    /// A parameter's value (`x`, `1`, `a[i]`, `a[@]` as an [`array::join`]ed list, `!a[@]`), None when unset.
    fn get(&mut self, name: &str) -> Option<String>;
    /// `${x:=v}`'s assignment (`a[i]` included).
    fn set(&mut self, name: &str, value: &str) -> Result<(), String>;
    /// `$(...)`'s output, its trailing newlines removed.
    fn cmd(&mut self, script: &str) -> String;
    fn arith(&mut self, expr: &str) -> Result<i64, String>;
    /// The names of the set variables, sorted (`${!prefix*}`).
    fn names(&mut self) -> Vec<String>;
    /// The attribute letters `${x@a}` shows, in bash's order (`a i r x l u`).
    fn attrs(&mut self, name: &str) -> String;
    /// `shopt -s extglob`: `@(a|b)` in a pattern is a group.
    fn extglob(&mut self) -> bool {
        false
    }
}

/// An expansion's result: text in pieces, each quoted (one field, never a pattern) or not; or a list whose items
/// are fields of their own when the `${...}` is quoted (`"$@"`, `"${a[@]}"`), unless `star` joins them.
#[derive(Debug, PartialEq)]
pub enum Value {
    Text(Vec<(String, bool)>),
    List { items: Vec<String>, star: bool },
}

impl Value {
    /// The value as one string (a list joined by spaces).
    pub fn joined(self) -> String {
        match self {
            Value::Text(ps) => ps.into_iter().map(|p| p.0).collect(),
            Value::List { items, .. } => items.join(" "),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Op<'a> {
    Plain,
    Length,
    /// `-` `=` `?` `+`, with a colon an empty value counts as unset
    Test {
        kind: char,
        colon: bool,
        word: &'a str,
    },
    Remove {
        prefix: bool,
        longest: bool,
        pattern: &'a str,
    },
    /// `anchor`: `/` every match, `#` at the start, `%` at the end, ` ` the first
    Replace {
        anchor: char,
        pattern: &'a str,
        with: &'a str,
    },
    /// `^` upper, `,` lower, `~` toggle; each character matching the pattern (all of them, or the first only)
    Case {
        kind: char,
        all: bool,
        pattern: &'a str,
    },
    Substring {
        offset: &'a str,
        length: Option<&'a str>,
    },
    Transform(char),
    /// `${!prefix*}`, `${!prefix@}`
    Names {
        star: bool,
    },
}

#[derive(Debug)]
struct Param<'a> {
    indirect: bool,
    name: &'a str,
    op: Op<'a>,
}

const SPECIAL: &[char] = &['?', '$', '!', '#', '@', '*', '-'];

fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A parameter name: `x`, `a[sub]`, `12`, or one special character.
fn is_name(s: &str) -> bool {
    if s.len() == 1 && s.starts_with(SPECIAL) {
        return true;
    }
    match array::subscripted(s) {
        Some((n, sub)) if !sub.is_empty() => is_ident(n),
        _ => is_ident(s) || (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
    }
}

/// Where the name at the start of `s` ends.
fn name_end(s: &str) -> Option<usize> {
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return Some(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
    }
    let end = s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(s.len());
    if end == 0 {
        return s.starts_with(SPECIAL).then_some(1);
    }
    if !s[end..].starts_with('[') {
        return Some(end);
    }
    let mut depth = 0;
    for (i, c) in s[end..].char_indices() {
        depth += (c == '[') as i32 - (c == ']') as i32;
        if depth == 0 {
            return Some(end + i + 1);
        }
    }
    None
}

/// Where the first `stop` outside quotes and nested expansions is in `s`.
fn split_at_top(s: &str, stop: char) -> Option<usize> {
    let cs: Vec<(usize, char)> = s.char_indices().collect();
    let (mut depth, mut single, mut double, mut i) = (0i32, false, false, 0);
    while i < cs.len() {
        let c = cs[i].1;
        match c {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '{' | '(' if !single => depth += 1,
            '}' | ')' if !single => depth -= 1,
            _ if c == stop && depth == 0 && !single && !double => return Some(cs[i].0),
            _ => {}
        }
        i += 1;
    }
    None
}

fn parse(body: &str) -> Option<Param<'_>> {
    let plain = |name, op| Some(Param { indirect: false, name, op });
    if body == "#" || body == "!" {
        return plain(body, Op::Plain);
    }
    if let Some(n) = body.strip_prefix('#') {
        if is_name(n) {
            return plain(n, Op::Length);
        }
        // `${#%}`: `$#` with an operator but no word is not a length either
        if n.chars().count() == 1 {
            return None;
        }
    }
    let (indirect, rest) = match body.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, body),
    };
    let end = name_end(rest)?;
    let (name, tail) = rest.split_at(end);
    if indirect {
        if is_ident(name) && (tail == "*" || tail == "@") {
            return plain(name, Op::Names { star: tail == "*" });
        }
        // `${!a[@]}`: the indices, which the lookup gives
        if tail.is_empty() && (name.ends_with("[@]") || name.ends_with("[*]")) {
            return plain(body, Op::Plain);
        }
    }
    if !is_name(name) {
        return None;
    }
    let op = |s: &str| tail.strip_prefix(s);
    let op = if tail.is_empty() {
        Op::Plain
    } else if let Some((kind, colon, word)) = [":-", ":=", ":?", ":+", "-", "=", "?", "+"]
        .iter()
        .find_map(|o| op(o).map(|w| (o.chars().last().unwrap_or('-'), o.len() == 2, w)))
    {
        Op::Test { kind, colon, word }
    } else if let Some((prefix, longest, pattern)) =
        [("##", true, true), ("#", true, false), ("%%", false, true), ("%", false, false)]
            .iter()
            .find_map(|&(o, p, l)| op(o).map(|w| (p, l, w)))
    {
        Op::Remove { prefix, longest, pattern }
    } else if let Some(r) = op("/") {
        let (anchor, r) = match r.chars().next() {
            Some(c @ ('/' | '#' | '%')) => (c, &r[1..]),
            _ => (' ', r),
        };
        let (pattern, with) = match split_at_top(r, '/') {
            Some(i) => (&r[..i], &r[i + 1..]),
            None => (r, ""),
        };
        Op::Replace { anchor, pattern, with }
    } else if let Some(c @ ('^' | ',' | '~')) = tail.chars().next() {
        // bash refuses a case change of `$?`, `$#` and `$-` (not of `$$` or `$!`)
        if matches!(name, "?" | "#" | "-") {
            return None;
        }
        let all = tail[1..].starts_with(c);
        Op::Case { kind: c, all, pattern: &tail[1 + all as usize..] }
    } else if let Some(r) = op(":") {
        match split_at_top(r, ':') {
            Some(i) => Op::Substring { offset: &r[..i], length: Some(&r[i + 1..]) },
            None => Op::Substring { offset: r, length: None },
        }
    } else if let Some(t) = op("@").filter(|t| t.len() == 1 && "QEPAaUuLK".contains(*t)) {
        Op::Transform(t.chars().next().unwrap_or('Q'))
    } else {
        return None;
    };
    Some(Param { indirect, name, op })
}

/// Whether bash accepts `${body}`.
pub fn valid(body: &str) -> bool {
    parse(body).is_some()
}

/// The parameter `set -u` requires to be set for `${body}` to expand: None for the tests (`:-`, `+`...), lists,
/// the special parameters and indirection.
pub fn nounset_target(body: &str) -> Option<&str> {
    let p = parse(body)?;
    let special = matches!(p.name, "@" | "*" | "#" | "?" | "$" | "!" | "-" | "0")
        || p.indirect
        || p.name.starts_with('!')
        || p.name.ends_with("[@]")
        || p.name.ends_with("[*]");
    match p.op {
        Op::Test { .. } | Op::Names { .. } => None,
        _ => (!special).then_some(p.name),
    }
}

/// Whether `${body}` is a plain parameter (no operator).
pub fn is_plain(body: &str) -> bool {
    matches!(parse(body), Some(Param { indirect: false, op: Op::Plain, .. }))
}

/// Whether `${body}` is a list that makes one field per item when quoted (`"$@"`, `"${a[@]}"`), so that with no
/// items it makes no word at all.
pub fn is_list(body: &str) -> bool {
    match parse(body) {
        Some(Param { op: Op::Names { star }, .. }) => !star,
        Some(Param { indirect: false, name, op }) => {
            (name == "@" || name.ends_with("[@]")) && !matches!(op, Op::Length | Op::Test { .. } | Op::Transform('A'))
        }
        _ => false,
    }
}

/// Whether the name reads a list: `@`, `*`, `a[@]`, `a[*]`; Some(star).
fn list_of(name: &str) -> Option<bool> {
    match name {
        "@" => Some(false),
        "*" => Some(true),
        _ if name.ends_with("[@]") => Some(false),
        _ if name.ends_with("[*]") => Some(true),
        _ => None,
    }
}

/// Expands `${body}`; `quoted` when it stands inside double quotes. An error is bash's message without `bash: `
/// (the line is abandoned).
pub fn expand(body: &str, quoted: bool, cx: &mut dyn Ctx) -> Result<Value, String> {
    let Some(p) = parse(body) else { return Err(format!("${{{body}}}: bad substitution")) };
    let mut name = p.name.to_string();
    if let Op::Names { star } = p.op {
        let items = cx.names().into_iter().filter(|n| n.starts_with(p.name)).collect();
        return Ok(Value::List { items, star });
    }
    if p.indirect {
        let Some(mut target) = cx.get(&name) else { return Err(format!("{name}: invalid indirect expansion")) };
        if list_of(&name).is_some() {
            target = array::split(&target).join(" ");
        }
        if !is_name(&target) || target.starts_with(SPECIAL) && target.len() > 1 {
            return Err(format!("{target}: invalid variable name"));
        }
        name = target;
    }
    if let Some(star) = list_of(&name) {
        return list_op(&name, star, &p.op, quoted, cx);
    }
    if name.starts_with('!') && name.len() > 1 {
        let items = array::split(&cx.get(&name).unwrap_or_default()).into_iter().map(String::from).collect();
        return Ok(Value::List { items, star: name.ends_with("[*]") });
    }
    let v = cx.get(&name);
    scalar_op(&name, v, &p.op, quoted, cx)
}

fn text(s: String) -> Result<Value, String> {
    Ok(Value::Text(vec![(s, false)]))
}

fn list_op(name: &str, star: bool, op: &Op, quoted: bool, cx: &mut dyn Ctx) -> Result<Value, String> {
    let list = cx.get(if name == "*" { "@" } else { name });
    let items: Vec<String> = array::split(list.as_deref().unwrap_or("")).into_iter().map(String::from).collect();
    let base = name.split('[').next().unwrap_or(name);
    match op {
        Op::Plain => Ok(Value::List { items, star }),
        Op::Length => text(items.len().to_string()),
        Op::Test { kind, colon, word } => {
            // null as "$*" joined by spaces would be: several empty items are not
            let unset = items.is_empty() || (*colon && items.join(" ").is_empty());
            match (kind, unset) {
                ('-' | '=' | '?', false) => Ok(Value::List { items, star }),
                ('+', true) => text(String::new()),
                ('-' | '+', _) => Ok(Value::Text(word_pieces(word, quoted, false, cx)?)),
                ('=', _) if name.len() > 1 => Err(format!("{name}: bad array subscript")),
                ('=', _) => Err(format!("${name}: cannot assign in this way")),
                _ => Err(test_error(name, *colon, word, cx)?),
            }
        }
        Op::Substring { offset, length } => {
            let n = items.len() as i64;
            let positional = name.starts_with(['@', '*']);
            // `${@:0}` is $0 and then the arguments
            let mut all = items;
            if positional {
                all.insert(0, "bash".into());
            }
            let total = all.len() as i64;
            let mut start = number(name, offset, cx)?;
            if start < 0 {
                start += n + positional as i64;
                if start < 0 {
                    return Ok(Value::List { items: vec![], star });
                }
            }
            if start > total {
                return Ok(Value::List { items: vec![], star });
            }
            let len = match length {
                Some(l) => match number(name, l, cx)? {
                    n if n < 0 => return Err(format!("{l}: substring expression < 0")),
                    n => n,
                },
                None => total,
            };
            Ok(Value::List { items: all.into_iter().skip(start as usize).take(len as usize).collect(), star })
        }
        Op::Transform('A') => {
            let items: Vec<String> =
                array_pairs(base, cx).iter().map(|(i, v)| format!("[{i}]={}", dquote(v))).collect();
            text(format!("declare -{} {base}=({})", cx.attrs(base), items.join(" ")))
        }
        Op::Transform('K') => {
            let items = array_pairs(base, cx).into_iter().map(|(i, v)| format!("{i} {}", dquote(&v))).collect();
            Ok(Value::List { items, star })
        }
        _ => {
            let mut out = Vec::new();
            for item in items {
                out.push(scalar_op(name, Some(item), op, quoted, cx)?.joined());
            }
            Ok(Value::List { items: out, star })
        }
    }
}

/// An array's indices with their values.
fn array_pairs(base: &str, cx: &mut dyn Ctx) -> Vec<(String, String)> {
    let list = cx.get(&format!("!{base}[@]")).unwrap_or_default();
    let keys: Vec<String> = array::split(&list).into_iter().map(String::from).collect();
    keys.into_iter().map(|k| (k.clone(), cx.get(&format!("{base}[{k}]")).unwrap_or_default())).collect()
}

fn test_error(name: &str, colon: bool, word: &str, cx: &mut dyn Ctx) -> Result<String, String> {
    let msg = match word {
        "" if colon => "parameter null or not set".to_string(),
        "" => "parameter not set".to_string(),
        w => word_pieces(w, false, false, cx)?.into_iter().map(|p| p.0).collect(),
    };
    Ok(format!("{name}: {msg}"))
}

/// An offset or length: arithmetic, its errors prefixed by the parameter's name as bash prints them.
fn number(name: &str, expr: &str, cx: &mut dyn Ctx) -> Result<i64, String> {
    let t: String = word_pieces(expr, true, false, cx)?.into_iter().map(|p| p.0).collect();
    if t.trim().is_empty() {
        return Ok(0);
    }
    cx.arith(&t).map_err(|e| format!("{name}: {e}"))
}

fn scalar_op(name: &str, v: Option<String>, op: &Op, quoted: bool, cx: &mut dyn Ctx) -> Result<Value, String> {
    let val = || v.clone().unwrap_or_default();
    match *op {
        Op::Plain => text(val()),
        Op::Length => text(val().chars().count().to_string()),
        Op::Names { .. } => text(String::new()),
        Op::Test { kind, colon, word } => {
            let set = v.as_ref().is_some_and(|v| !(colon && v.is_empty()));
            match (kind, set) {
                ('-' | '=' | '?', true) => text(val()),
                ('+', false) => text(String::new()),
                ('-' | '+', _) => Ok(Value::Text(word_pieces(word, quoted, false, cx)?)),
                ('=', _) => {
                    if !is_ident(name.split('[').next().unwrap_or("")) {
                        return Err(format!("${name}: cannot assign in this way"));
                    }
                    let value: String = word_pieces(word, quoted, false, cx)?.into_iter().map(|p| p.0).collect();
                    cx.set(name, &value)?;
                    text(cx.get(name).unwrap_or(value))
                }
                _ => Err(test_error(name, colon, word, cx)?),
            }
        }
        Op::Remove { prefix, longest, pattern } => {
            let pat = pattern_of(&word_pieces(pattern, quoted, true, cx)?, cx.extglob());
            text(remove(&val(), &pat, prefix, longest))
        }
        // an unset variable stays empty (a set, empty one may match `/#` or `*`)
        Op::Replace { .. } if v.is_none() => text(String::new()),
        Op::Replace { anchor, pattern, with } => {
            let pat = pattern_of(&word_pieces(pattern, quoted, true, cx)?, cx.extglob());
            let with = word_pieces(with, quoted, true, cx)?;
            text(replace(&val(), &pat, &with, anchor))
        }
        Op::Case { kind, all, pattern } => {
            let pat = if pattern.is_empty() {
                vec![glob::Tok::Any]
            } else {
                pattern_of(&word_pieces(pattern, quoted, true, cx)?, cx.extglob())
            };
            let mut out = String::new();
            for (i, c) in val().chars().enumerate() {
                let hit = (all || i == 0) && glob::matches(&pat, c.encode_utf8(&mut [0; 4]));
                let up = match kind {
                    '^' => true,
                    ',' => false,
                    _ => c.is_lowercase(),
                };
                match hit {
                    true if up => out.extend(c.to_uppercase()),
                    true => out.extend(c.to_lowercase()),
                    false => out.push(c),
                }
            }
            text(out)
        }
        Op::Substring { offset, length } => {
            let v: Vec<char> = val().chars().collect();
            let len = v.len() as i64;
            let mut start = number(name, offset, cx)?;
            let length_text = length;
            let length = length.map(|l| number(name, l, cx)).transpose()?;
            if start < 0 {
                start += len;
            }
            if start < 0 || start > len {
                return text(String::new());
            }
            let end = match length {
                None => len,
                Some(l) if l < 0 => match len + l {
                    e if e < start => return Err(format!("{}: substring expression < 0", length_text.unwrap_or(""))),
                    e => e,
                },
                Some(l) => (start + l).min(len),
            };
            text(v[start as usize..end as usize].iter().collect())
        }
        Op::Transform(t) => {
            let Some(v) = v else { return text(String::new()) };
            text(match t {
                'Q' | 'K' => squote(&v),
                'E' => ansi_c(&v),
                'P' if v.contains(['\\', '$', '`']) => {
                    return Err(format!("stsplay: ${{{name}@P}}: prompt escapes are not supported in this shell"))
                }
                'P' => v,
                'U' => v.to_uppercase(),
                'L' => v.to_lowercase(),
                'u' => {
                    let mut cs = v.chars();
                    cs.next().map_or(String::new(), |c| c.to_uppercase().chain(cs).collect())
                }
                'a' => cx.attrs(name.split('[').next().unwrap_or(name)),
                _ => {
                    let base = name.split('[').next().unwrap_or(name);
                    match cx.attrs(base) {
                        a if a.is_empty() => format!("{name}={}", squote(&v)),
                        a => format!("declare -{a} {name}={}", squote(&v)),
                    }
                }
            })
        }
    }
}

/// `${x@Q}`: single quotes, or bash's `$'...'` when the value holds control characters.
pub fn squote(v: &str) -> String {
    if !v.chars().any(|c| c.is_control()) {
        return format!("'{}'", v.replace('\'', "'\\''"));
    }
    let mut s = String::from("$'");
    for c in v.chars() {
        match c {
            '\x07' => s.push_str("\\a"),
            '\x08' => s.push_str("\\b"),
            '\x1b' => s.push_str("\\E"),
            '\x0c' => s.push_str("\\f"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            '\x0b' => s.push_str("\\v"),
            '\\' | '\'' => {
                s.push('\\');
                s.push(c);
            }
            c if c.is_control() && (c as u32) < 0x80 => s.push_str(&format!("\\{:03o}", c as u32)),
            c => s.push(c),
        }
    }
    s + "'"
}

/// `$'...'` and `${x@E}`: backslash escapes as bash's ansicstr reads them.
pub fn ansi_c(s: &str) -> String {
    let (mut out, mut pending) = (String::new(), String::new());
    let mut cs = s.chars().peekable();
    while let Some(c) = cs.next() {
        let special = match (c, cs.peek().copied()) {
            ('\\', Some(n @ ('\'' | '"' | '?'))) => Some(n.to_string()),
            ('\\', Some('c')) => {
                cs.next();
                Some(cs.next().map_or("\\c".into(), |x| char::from((x as u8 & 0x1f) * x.is_ascii() as u8).to_string()))
            }
            ('\\', Some(u @ ('u' | 'U'))) => {
                cs.next();
                let mut v = 0;
                let mut n = 0;
                while let Some(d) = cs.peek().and_then(|c| c.to_digit(16)).filter(|_| n < if u == 'u' { 4 } else { 8 })
                {
                    v = v * 16 + d;
                    n += 1;
                    cs.next();
                }
                Some(if n == 0 { format!("\\{u}") } else { char::from_u32(v).map_or(String::new(), String::from) })
            }
            ('\\', Some(n)) => {
                pending.push(c);
                pending.push(n);
                cs.next();
                continue;
            }
            _ => None,
        };
        match special {
            Some(t) => {
                if matches!(t.as_str(), "'" | "\"" | "?") {
                    cs.next();
                }
                out.push_str(&super::cfmt::escapes(&std::mem::take(&mut pending)));
                out.push_str(&t);
            }
            None => pending.push(c),
        }
    }
    out + &super::cfmt::escapes(&pending)
}

/// `declare -p`'s double quotes (`$'...'` for control characters).
pub fn dquote(v: &str) -> String {
    if v.chars().any(|c| c.is_control()) {
        return squote(v);
    }
    let mut s = String::from('"');
    for c in v.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            s.push('\\');
        }
        s.push(c);
    }
    s + "\""
}

/// The pattern the pieces make: quoted text matches only itself.
fn pattern_of(pieces: &[(String, bool)], extglob: bool) -> Vec<glob::Tok> {
    let mut out = Vec::new();
    for (t, q) in pieces {
        match q {
            true => out.extend(t.chars().map(glob::Tok::Char)),
            false => out.extend(glob::compile_with(t, extglob)),
        }
    }
    out
}

/// Where the `close` matching the opener just before `from` is (quotes and nesting skipped).
fn closing(cs: &[char], from: usize, open: char, close: char) -> Option<usize> {
    let (mut depth, mut single, mut double, mut i) = (1, false, false, from);
    while i < cs.len() {
        match cs[i] {
            '\\' if !single => i += 1,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            c if c == open && !single && !double => depth += 1,
            c if c == close && !single && !double => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The word after an operator, expanded into pieces (text, quoted inside the word). `outer`: the `${...}` is in
/// double quotes, where single quotes are literal, except in a pattern or replacement (`pattern`).
fn word_pieces(w: &str, outer: bool, pattern: bool, cx: &mut dyn Ctx) -> Result<Vec<(String, bool)>, String> {
    let cs: Vec<char> = w.chars().collect();
    let mut out: Vec<(String, bool)> = Vec::new();
    let push = |out: &mut Vec<(String, bool)>, t: &str, q: bool| match out.last_mut() {
        Some(last) if last.1 == q => last.0.push_str(t),
        _ => out.push((t.to_string(), q)),
    };
    let mut dq = false;
    let mut i = 0;
    if cs.first() == Some(&'~') && !outer && matches!(cs.get(1), None | Some('/')) {
        push(&mut out, &cx.get("HOME").unwrap_or_default(), true);
        i = 1;
    }
    while i < cs.len() {
        let c = cs[i];
        i += 1;
        // in a pattern or replacement only the word's own quotes protect (`"${f%$p}"` is a pattern)
        let q = dq || (outer && !pattern);
        match c {
            '$' if cs.get(i) == Some(&'\'') && !dq => {
                let mut end = i + 1;
                while end < cs.len() && cs[end] != '\'' {
                    end += 1 + (cs[end] == '\\') as usize;
                }
                push(&mut out, &ansi_c(&cs[i + 1..end.min(cs.len())].iter().collect::<String>()), true);
                i = end + 1;
            }
            '\\' if i < cs.len() => {
                let n = cs[i];
                if (dq || (outer && !pattern)) && !matches!(n, '$' | '`' | '"' | '\\') {
                    push(&mut out, "\\", true);
                } else {
                    push(&mut out, n.encode_utf8(&mut [0; 4]), true);
                    i += 1;
                }
            }
            '\'' if !dq && (!outer || pattern) => {
                let end = cs[i..].iter().position(|&c| c == '\'').map_or(cs.len(), |e| i + e);
                push(&mut out, &cs[i..end].iter().collect::<String>(), true);
                i = end + 1;
            }
            '"' => {
                dq = !dq;
                push(&mut out, "", true);
            }
            '`' => {
                let end = (i..cs.len()).find(|&j| cs[j] == '`' && cs[j - 1] != '\\').unwrap_or(cs.len());
                let out_text = cx.cmd(&cs[i..end].iter().collect::<String>());
                push(&mut out, &out_text, q);
                i = end + 1;
            }
            '$' if cs.get(i) == Some(&'{') => {
                let end = closing(&cs, i + 1, '{', '}').ok_or_else(|| format!("${{{w}}}: bad substitution"))?;
                let body: String = cs[i + 1..end].iter().collect();
                match expand(&body, q, cx)? {
                    Value::Text(ps) => ps.iter().for_each(|(t, iq)| push(&mut out, t, *iq || q)),
                    list => push(&mut out, &list.joined(), q),
                }
                i = end + 1;
            }
            '$' if cs.get(i) == Some(&'(') => {
                let end = closing(&cs, i + 1, '(', ')').unwrap_or(cs.len());
                let inner: String = cs[i + 1..end.min(cs.len())].iter().collect();
                let v = match inner.strip_prefix('(').and_then(|e| e.strip_suffix(')')) {
                    Some(expr) => cx.arith(expr)?.to_string(),
                    None => cx.cmd(&inner),
                };
                push(&mut out, &v, q);
                i = end + 1;
            }
            '$' if i < cs.len() => {
                let rest: String = cs[i..].iter().collect();
                let n = match rest.chars().next() {
                    Some(d) if d.is_ascii_digit() => 1,
                    _ => rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len()),
                };
                let n = if n == 0 && rest.starts_with(SPECIAL) { 1 } else { n };
                if n == 0 {
                    push(&mut out, "$", q);
                    continue;
                }
                let name: String = rest.chars().take(n).collect();
                match expand(&name, q, cx)? {
                    Value::Text(ps) => ps.iter().for_each(|(t, iq)| push(&mut out, t, *iq || q)),
                    list => push(&mut out, &list.joined(), q),
                }
                i += n;
            }
            c => push(&mut out, c.encode_utf8(&mut [0; 4]), q),
        }
    }
    Ok(out)
}

/// The word after an operator with `$NAME`/`${NAME}` replaced and quotes removed (an array subscript's text).
pub fn expand_word(w: &str, var: &mut dyn FnMut(&str) -> Option<String>) -> String {
    struct Vars<'a>(&'a mut dyn FnMut(&str) -> Option<String>);
    impl Ctx for Vars<'_> {
        fn get(&mut self, name: &str) -> Option<String> {
            (self.0)(name)
        }
        fn set(&mut self, _: &str, _: &str) -> Result<(), String> {
            Err("stsplay: an assignment is not supported here".into())
        }
        fn cmd(&mut self, _: &str) -> String {
            String::new()
        }
        fn arith(&mut self, e: &str) -> Result<i64, String> {
            e.trim().parse().map_err(|_| format!("{e}: not supported here"))
        }
        fn names(&mut self) -> Vec<String> {
            Vec::new()
        }
        fn attrs(&mut self, _: &str) -> String {
            String::new()
        }
    }
    word_pieces(w, false, false, &mut Vars(var)).map(|ps| ps.into_iter().map(|p| p.0).collect()).unwrap_or_default()
}

fn char_ends(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect()
}

fn remove(v: &str, pat: &[glob::Tok], prefix: bool, longest: bool) -> String {
    let ends = char_ends(v);
    let mut cuts: Vec<usize> = ends.clone();
    if longest == prefix {
        cuts.reverse();
    }
    for at in cuts {
        let (kept, gone) = if prefix { (&v[at..], &v[..at]) } else { (&v[..at], &v[at..]) };
        if glob::matches(pat, gone) {
            return kept.to_string();
        }
    }
    v.to_string()
}

/// `${v/p/r}`: the longest match at each place, `&` in the replacement's unquoted text standing for it.
fn replace(v: &str, pat: &[glob::Tok], with: &[(String, bool)], anchor: char) -> String {
    let with_for =
        |m: &str| -> String { with.iter().map(|(t, q)| if *q { t.clone() } else { t.replace('&', m) }).collect() };
    let ends = char_ends(v);
    if v.is_empty() && anchor != '#' && anchor != '%' {
        return if !pat.is_empty() && glob::matches(pat, "") { with_for("") } else { String::new() };
    }
    match anchor {
        '#' => {
            let hit = ends.iter().rev().find(|&&to| glob::matches(pat, &v[..to]));
            return hit.map_or(v.to_string(), |&to| with_for(&v[..to]) + &v[to..]);
        }
        '%' => {
            let hit = ends.iter().find(|&&from| glob::matches(pat, &v[from..]));
            return hit.map_or(v.to_string(), |&from| v[..from].to_string() + &with_for(&v[from..]));
        }
        _ if pat.is_empty() => return v.to_string(),
        _ => {}
    }
    // without `*` a pattern matches exactly one character per token: one place to try, not every end (a
    // `${big//a/b}` stays linear, where bash itself takes minutes)
    let fixed = (!pat.contains(&glob::Tok::Star)).then_some(pat.len());
    let mut out = String::new();
    let mut i = 0;
    while i < ends.len() - 1 {
        let from = ends[i];
        let hit = match fixed {
            Some(n) => (i + n < ends.len() && glob::matches(pat, &v[from..ends[i + n]])).then_some(i + n),
            None => (i + 1..ends.len()).rev().find(|&j| glob::matches(pat, &v[from..ends[j]])),
        };
        match hit {
            Some(j) => {
                out.push_str(&with_for(&v[from..ends[j]]));
                if anchor != '/' {
                    return out + &v[ends[j]..];
                }
                i = j;
            }
            None => {
                out.push_str(&v[from..ends[i + 1]]);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Vars;
    impl Ctx for Vars {
        fn get(&mut self, n: &str) -> Option<String> {
            match n {
                "p" => Some("pod/web-0".to_string()),
                "f" => Some("a.tar.gz".to_string()),
                "e" => Some(String::new()),
                "r" => Some("p".to_string()),
                _ => None,
            }
        }
        fn set(&mut self, _: &str, _: &str) -> Result<(), String> {
            Ok(())
        }
        fn cmd(&mut self, s: &str) -> String {
            s.to_uppercase()
        }
        fn arith(&mut self, e: &str) -> Result<i64, String> {
            e.trim().parse().map_err(|_| e.to_string())
        }
        fn names(&mut self) -> Vec<String> {
            vec!["e".into(), "f".into(), "p".into()]
        }
        fn attrs(&mut self, _: &str) -> String {
            String::new()
        }
    }

    #[test]
    fn operators_as_bash_applies_them() {
        let cases = [
            ("p#pod/", "web-0"),
            ("f##*.", "gz"),
            ("f%%.*", "a"),
            ("#p", "9"),
            ("u:-x y", "x y"),
            ("e-d", ""),
            ("u-\"$p\"", "pod/web-0"),
            ("p/web/<&>", "pod/<web>-0"),
            ("p/web/\"&\"", "pod/&-0"),
            ("f//./_", "a_tar_gz"),
            ("f/#a/b", "b.tar.gz"),
            ("f/%gz/z", "a.tar.z"),
            ("p: -1", "0"),
            ("p^^[a-o]", "pOD/wEB-0"),
            ("!r", "pod/web-0"),
            ("u:-$(x)", "X"),
            ("e@Q", "''"),
        ];
        for (body, want) in cases {
            assert_eq!(expand(body, false, &mut Vars).map(Value::joined).as_deref(), Ok(want), "${{{body}}}");
        }
        assert_eq!(expand("u:?gone", false, &mut Vars), Err("u: gone".into()));
        assert!(!valid("p^^x)") || valid("p^^x"));
        assert!(!valid("1a") && !valid("") && !valid("p@Z") && !valid("p!"));
    }
}
