//! bash's parameter expansion operators inside `${...}`: `${#x}`, `${x:-w}`/`${x-w}`, `${x:+w}`/`${x+w}`,
//! `${x#p}`/`${x##p}`, `${x%p}`/`${x%%p}`, `${x/p/r}`/`${x//p/r}`, `${x:off}`/`${x:off:len}`. Scripts use them
//! to turn `kubectl get -o name`'s `pod/web-0` into `web-0`. The word after the operator may use `$NAME` and
//! `${NAME}` and quotes; command substitution there is not supported (the parser refuses it as bash would
//! refuse a bad substitution).

use super::glob;

/// The operator form of a `${...}` body, or None when bash would call it a bad substitution.
#[derive(Debug, PartialEq)]
enum Op<'a> {
    Plain(&'a str),
    Length(&'a str),
    /// `:-` / `-` (colon: an empty value counts as unset), `:+` / `+`
    Default {
        name: &'a str,
        colon: bool,
        word: &'a str,
    },
    Alternate {
        name: &'a str,
        colon: bool,
        word: &'a str,
    },
    /// `#`/`##` (prefix) and `%`/`%%` (suffix), shortest or longest match
    Remove {
        name: &'a str,
        prefix: bool,
        longest: bool,
        pattern: &'a str,
    },
    Replace {
        name: &'a str,
        all: bool,
        pattern: &'a str,
        with: &'a str,
    },
    Substring {
        name: &'a str,
        offset: &'a str,
        length: Option<&'a str>,
    },
    /// `^^`/`^` (upper case, all or the first character), `,,`/`,` (lower case); a pattern after them is not
    /// supported
    Case {
        name: &'a str,
        upper: bool,
        all: bool,
    },
}

fn is_name(s: &str) -> bool {
    let special = matches!(s, "?" | "$" | "!" | "#" | "@" | "*" | "-" | "0");
    let (s, sub) = match super::array::subscripted(s) {
        Some((n, sub)) if !sub.is_empty() && !n.is_empty() => (n, true),
        _ => (s, false),
    };
    special
        || (s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        || (!sub && !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
}

/// Where a name's subscript ends in `body` (after the `]` matching the `[` at `at`).
fn subscript_end(body: &str, at: usize) -> Option<usize> {
    let mut depth = 0;
    for (i, c) in body[at..].char_indices() {
        depth += (c == '[') as i32 - (c == ']') as i32;
        if depth == 0 {
            return Some(at + i + 1);
        }
    }
    None
}

fn parse(body: &str) -> Option<Op<'_>> {
    if is_name(body) {
        return Some(Op::Plain(body));
    }
    if let Some(n) = body.strip_prefix('#') {
        return is_name(n).then_some(Op::Length(n));
    }
    // `${!a[@]}`: the array's indices
    if body.starts_with('!') && (body.ends_with("[@]") || body.ends_with("[*]")) && is_name(&body[1..]) {
        return Some(Op::Plain(body));
    }
    let end = body
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_alphanumeric() || c == '_') || (i == 0 && c.is_ascii_digit()))
        .map_or(body.len(), |(i, _)| i);
    let end = match body[end..].starts_with('[') && end > 0 {
        true => subscript_end(body, end)?,
        false => end,
    };
    // one special parameter (`$?`) may take an operator too
    let end = if end == 0 && body.starts_with(['?', '$', '!', '#', '@', '*', '-']) { 1 } else { end };
    let (name, rest) = body.split_at(end);
    if name.is_empty() {
        return None;
    }
    let op = |s: &str| rest.strip_prefix(s);
    Some(if let Some(w) = op(":-") {
        Op::Default { name, colon: true, word: w }
    } else if let Some(w) = op(":+") {
        Op::Alternate { name, colon: true, word: w }
    } else if let Some(w) = op("-") {
        Op::Default { name, colon: false, word: w }
    } else if let Some(w) = op("+") {
        Op::Alternate { name, colon: false, word: w }
    } else if let Some(p) = op("##") {
        Op::Remove { name, prefix: true, longest: true, pattern: p }
    } else if let Some(p) = op("#") {
        Op::Remove { name, prefix: true, longest: false, pattern: p }
    } else if let Some(p) = op("%%") {
        Op::Remove { name, prefix: false, longest: true, pattern: p }
    } else if let Some(p) = op("%") {
        Op::Remove { name, prefix: false, longest: false, pattern: p }
    } else if let Some(r) = op("//").or_else(|| op("/")) {
        let (pattern, with) = r.split_once('/').unwrap_or((r, ""));
        Op::Replace { name, all: rest.starts_with("//"), pattern, with }
    } else if let Some(("", upper, all)) =
        [("^^", true, true), ("^", true, false), (",,", false, true), (",", false, false)]
            .into_iter()
            .find_map(|(o, u, a)| op(o).map(|r| (r, u, a)))
    {
        Op::Case { name, upper, all }
    } else if let Some(r) = op(":") {
        let (offset, length) = match r.split_once(':') {
            Some((o, l)) => (o, Some(l)),
            None => (r, None),
        };
        Op::Substring { name, offset, length }
    } else {
        return None;
    })
}

/// Whether bash accepts `${body}`.
pub fn valid(body: &str) -> bool {
    parse(body).is_some()
}

/// Whether bash knows `${body}`'s form though this shell does not: indirection (`${!x}`), assignment and error
/// defaults (`:=`, `=`, `:?`, `?`), `@` transformations, case changes with a pattern.
pub fn unsupported(body: &str) -> bool {
    if let Some(n) = body.strip_prefix('!') {
        return is_name(n.trim_end_matches(['@', '*']));
    }
    let end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
    end > 0 && ["@", "^", ",", "~", ":=", "=", ":?", "?"].iter().any(|o| body[end..].starts_with(o))
}

/// The parameter `set -u` requires to be set for `${body}` to expand: None for the operators that test it
/// (`:-`, `-`, `:+`, `+`) and for `$@`, `$*` and the other special parameters.
pub fn nounset_target(body: &str) -> Option<&str> {
    let name = match parse(body)? {
        Op::Default { .. } | Op::Alternate { .. } => return None,
        Op::Plain(n) | Op::Length(n) => n,
        Op::Remove { name, .. } | Op::Replace { name, .. } | Op::Substring { name, .. } | Op::Case { name, .. } => name,
    };
    let special = matches!(name, "@" | "*" | "#" | "?" | "$" | "!" | "-" | "0")
        || name.starts_with('!')
        || name.ends_with("[@]")
        || name.ends_with("[*]");
    (!special).then_some(name)
}

/// Whether `${body}` is a plain parameter (no operator).
pub fn is_plain(body: &str) -> bool {
    matches!(parse(body), Some(Op::Plain(_)))
}

/// The name a list's item takes while an operator is applied to it (no script names a variable so).
const ITEM: &str = "__stsplay_item";

/// Whether `${body}` makes a list of words (`"${a[@]}"`, `"$@"`: one field each when quoted; `[*]`: joined
/// by a space when quoted): `Some(star)`.
pub fn list_kind(body: &str) -> Option<bool> {
    let name = match parse(body)? {
        Op::Length(_) => return None,
        Op::Plain(n) => n.trim_start_matches('!'),
        Op::Default { name, .. }
        | Op::Alternate { name, .. }
        | Op::Remove { name, .. }
        | Op::Replace { name, .. }
        | Op::Substring { name, .. }
        | Op::Case { name, .. } => name,
    };
    match name {
        "@" => Some(false),
        _ if name.ends_with("[@]") => Some(false),
        _ if name.ends_with("[*]") => Some(true),
        _ => None,
    }
}

/// The value of `${body}`; `var` looks a parameter up (unset reads as None). A list (see [`list_kind`]) is
/// read and made as `array::join` does, each operator applied to every item.
pub fn expand(body: &str, var: &mut dyn FnMut(&str) -> Option<String>) -> Result<String, String> {
    use super::array;
    let Some(op) = parse(body) else { return Err(format!("${{{body}}}: bad substitution")) };
    if list_kind(body).is_some() {
        let (name, op_text) = match &op {
            Op::Plain(_) => return Ok(var(body).unwrap_or_default()),
            Op::Length(_) => unreachable!("lengths are not lists"),
            Op::Default { name, .. }
            | Op::Alternate { name, .. }
            | Op::Remove { name, .. }
            | Op::Replace { name, .. }
            | Op::Substring { name, .. }
            | Op::Case { name, .. } => (*name, &body[name.len()..]),
        };
        let list = var(name);
        let items: Vec<String> = array::split(list.as_deref().unwrap_or("")).into_iter().map(String::from).collect();
        return Ok(match op {
            Op::Default { colon, word: w, .. } | Op::Alternate { colon, word: w, .. } => {
                let empty = items.is_empty() || (colon && items.concat().is_empty());
                let default = matches!(op, Op::Default { .. });
                match (empty == default, default) {
                    (true, _) => array::join([expand_word(w, var)]),
                    (false, true) => list.unwrap_or_default(),
                    (false, false) => String::new(),
                }
            }
            Op::Substring { offset, length, .. } => {
                let num = |s: &str, var: &mut dyn FnMut(&str) -> Option<String>| {
                    expand_word(s, var).trim().parse::<i64>().unwrap_or(0)
                };
                let n = items.len() as i64;
                // `${@:1}` starts at $1, the list's first item
                let mut start = num(offset, var) - (name == "@") as i64;
                if start < 0 {
                    start = (start + n + (name == "@") as i64).max(0);
                }
                let len = length.map_or(n, |l| num(l, var)).max(0);
                array::join(items.iter().skip(start as usize).take(len as usize))
            }
            _ => {
                let mut out = Vec::new();
                for item in &items {
                    let mut one = |n: &str| if n == ITEM { Some(item.clone()) } else { var(n) };
                    out.push(expand(&format!("{ITEM}{op_text}"), &mut one)?);
                }
                array::join(out)
            }
        });
    }
    let word = |w: &str, var: &mut dyn FnMut(&str) -> Option<String>| expand_word(w, var);
    Ok(match op {
        Op::Plain(n) => var(n).unwrap_or_default(),
        Op::Length(n) if list_kind(n).is_some() => super::array::split(&var(n).unwrap_or_default()).len().to_string(),
        Op::Length(n) => var(n).unwrap_or_default().chars().count().to_string(),
        Op::Default { name, colon, word: w } => match var(name) {
            Some(v) if !(colon && v.is_empty()) => v,
            _ => word(w, var),
        },
        Op::Alternate { name, colon, word: w } => match var(name) {
            Some(v) if !(colon && v.is_empty()) => word(w, var),
            _ => String::new(),
        },
        Op::Remove { name, prefix, longest, pattern } => {
            let v = var(name).unwrap_or_default();
            let pat = glob::compile(&word(pattern, var));
            remove(&v, &pat, prefix, longest)
        }
        Op::Replace { name, all, pattern, with } => {
            let v = var(name).unwrap_or_default();
            let pat = glob::compile(&word(pattern, var));
            let with = word(with, var);
            replace(&v, &pat, &with, all)
        }
        Op::Substring { name, offset, length } => {
            let v: Vec<char> = var(name).unwrap_or_default().chars().collect();
            let num = |s: &str, var: &mut dyn FnMut(&str) -> Option<String>| -> Result<i64, String> {
                let t = word(s, var);
                let t = t.trim();
                if t.is_empty() {
                    return Ok(0);
                }
                t.parse::<i64>().map_err(|_| format!("{t}: syntax error: operand expected (error token is \"{t}\")"))
            };
            let len = v.len() as i64;
            let mut start = num(offset, var)?;
            if start < 0 {
                start += len;
            }
            if start < 0 || start > len {
                return Ok(String::new());
            }
            let end = match length {
                None => len,
                Some(l) => {
                    let l = num(l, var)?;
                    if l < 0 {
                        let e = len + l;
                        if e < start {
                            return Err(format!("{l}: substring expression < 0"));
                        }
                        e
                    } else {
                        (start + l).min(len)
                    }
                }
            };
            v[start as usize..end as usize].iter().collect()
        }
        Op::Case { name, upper, all } => {
            let v = var(name).unwrap_or_default();
            let conv = |c: char| if upper { c.to_uppercase().collect::<String>() } else { c.to_lowercase().collect() };
            let mut cs = v.chars();
            match (all, cs.next()) {
                (true, _) => v.chars().map(conv).collect(),
                (false, Some(first)) => conv(first) + cs.as_str(),
                (false, None) => String::new(),
            }
        }
    })
}

/// The word after an operator: `$NAME`/`${NAME}` replaced, quotes removed.
pub fn expand_word(w: &str, var: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let cs: Vec<char> = w.chars().collect();
    let mut i = 0;
    let mut single = false;
    while i < cs.len() {
        let c = cs[i];
        i += 1;
        match c {
            '\'' if !single => single = true,
            '\'' => single = false,
            '"' if !single => {}
            '\\' if !single && i < cs.len() => {
                out.push(cs[i]);
                i += 1;
            }
            '$' if !single && i < cs.len() => {
                let braced = cs[i] == '{';
                let start = if braced { i + 1 } else { i };
                let mut end = start;
                while end < cs.len() && (cs[end].is_ascii_alphanumeric() || cs[end] == '_') {
                    end += 1;
                }
                if end == start {
                    out.push('$');
                    continue;
                }
                let name: String = cs[start..end].iter().collect();
                out.push_str(&var(&name).unwrap_or_default());
                i = if braced && cs.get(end) == Some(&'}') { end + 1 } else { end };
            }
            _ => out.push(c),
        }
    }
    out
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

fn replace(v: &str, pat: &[glob::Tok], with: &str, all: bool) -> String {
    if pat.is_empty() {
        return v.to_string();
    }
    let ends = char_ends(v);
    let mut out = String::new();
    let mut i = 0;
    while i < ends.len() - 1 {
        let from = ends[i];
        // the longest match starting here
        let hit = ends[i + 1..].iter().rev().find(|&&to| glob::matches(pat, &v[from..to]));
        match hit {
            Some(&to) => {
                out.push_str(with);
                if !all {
                    out.push_str(&v[to..]);
                    return out;
                }
                i = ends.iter().position(|&e| e == to).unwrap_or(ends.len() - 1);
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

    #[test]
    fn operators_as_bash_applies_them() {
        let mut var = |n: &str| match n {
            "p" => Some("pod/web-0".to_string()),
            "f" => Some("a.tar.gz".to_string()),
            "e" => Some(String::new()),
            _ => None,
        };
        let cases = [
            ("p#pod/", "web-0"),
            ("p#*/", "web-0"),
            ("f#*.", "tar.gz"),
            ("f##*.", "gz"),
            ("f%.*", "a.tar"),
            ("f%%.*", "a"),
            ("#p", "9"),
            ("u:-x y", "x y"),
            ("e:-d", "d"),
            ("e-d", ""),
            ("u-\"$p\"", "pod/web-0"),
            ("p:+set", "set"),
            ("u:+set", ""),
            ("p/web/db", "pod/db-0"),
            ("f//./_", "a_tar_gz"),
            ("p:4", "web-0"),
            ("p:4:3", "web"),
            ("p: -1", "0"),
            ("p^^", "POD/WEB-0"),
            ("p^", "Pod/web-0"),
            ("f,,", "a.tar.gz"),
        ];
        for (body, want) in cases {
            assert_eq!(expand(body, &mut var).as_deref(), Ok(want), "${{{body}}}");
        }
        assert!(!valid("p^^x") && !valid("1a") && !valid("") && !valid("p@Q"));
        assert!(unsupported("p^^x") && unsupported("p@Q") && unsupported("!p") && unsupported("x:=1"));
        assert!(!unsupported("1a") && !unsupported(""));
    }
}
