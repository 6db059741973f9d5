//! Shell patterns as `case` matches them (fnmatch without flags): `*`, `?`, `[abc]`, `[a-z]`, `[!x]`/`[^x]`;
//! quoted text matches only itself, which the caller expresses by giving those characters as [`Tok::Char`].
//! With `shopt -s extglob`, also ksh's `?(..|..)`, `*(..)`, `+(..)`, `@(..)` and `!(..)` (bash's sm_loop.c
//! `extmatch`), matched by trying every split (the strings are a command's words, short).

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Char(char),
    Any,
    Star,
    Class {
        negate: bool,
        ranges: Vec<(char, char)>,
    },
    /// An extglob group: its operator (`?*+@!`) and its alternatives.
    Ext {
        op: char,
        alts: Vec<Vec<Tok>>,
    },
}

/// Unquoted pattern text. A `[` without its `]` is an ordinary character, as in bash.
pub fn compile(text: &str) -> Vec<Tok> {
    compile_with(text, false)
}

/// Unquoted pattern text, extglob's groups read when `extglob` (`shopt -s extglob`).
pub fn compile_with(text: &str, extglob: bool) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((tok, used)) = extglob.then(|| ext_group(&chars[i..])).flatten() {
            out.push(tok);
            i += used;
            continue;
        }
        match chars[i] {
            '*' => out.push(Tok::Star),
            '?' => out.push(Tok::Any),
            '[' => match class(&chars[i + 1..]) {
                Some((tok, used)) => {
                    out.push(tok);
                    i += used;
                }
                None => out.push(Tok::Char('[')),
            },
            c => out.push(Tok::Char(c)),
        }
        i += 1;
    }
    out
}

/// `@(a|b)` at the start of `chars`: the group and how many characters it took; None without its `)`.
fn ext_group(chars: &[char]) -> Option<(Tok, usize)> {
    let op = *chars.first().filter(|c| "?*+@!".contains(**c))?;
    if chars.get(1) != Some(&'(') {
        return None;
    }
    let (mut depth, mut start, mut alts) = (0, 2, Vec::new());
    for (i, c) in chars.iter().enumerate().skip(2) {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            '|' | ')' if depth == 0 => {
                alts.push(compile_with(&chars[start..i].iter().collect::<String>(), true));
                start = i + 1;
                if *c == ')' {
                    return Some((Tok::Ext { op, alts }, i + 1));
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether `text` has an extglob group (`shopt -s extglob` makes it a pattern).
pub fn has_ext(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|i| ext_group(&chars[i..]).is_some())
}

/// A bracket expression after its `[`: the token and how many characters it took, `]` included.
fn class(chars: &[char]) -> Option<(Tok, usize)> {
    let mut i = 0;
    let negate = matches!(chars.first(), Some('!' | '^'));
    if negate {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && !first {
            return Some((Tok::Class { negate, ranges }, i + 1));
        }
        first = false;
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars[i + 2..].iter().collect();
            if let Some(end) = rest.find(":]") {
                let named: &[(char, char)] = match &rest[..end] {
                    "alpha" => &[('a', 'z'), ('A', 'Z')],
                    "digit" => &[('0', '9')],
                    "alnum" => &[('a', 'z'), ('A', 'Z'), ('0', '9')],
                    "upper" => &[('A', 'Z')],
                    "lower" => &[('a', 'z')],
                    "space" => &[(' ', ' '), ('\t', '\r')],
                    "blank" => &[(' ', ' '), ('\t', '\t')],
                    "xdigit" => &[('0', '9'), ('a', 'f'), ('A', 'F')],
                    "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
                    "cntrl" => &[('\0', '\x1f'), ('\x7f', '\x7f')],
                    "print" => &[(' ', '~')],
                    "graph" => &[('!', '~')],
                    _ => &[],
                };
                ranges.extend_from_slice(named);
                i += 2 + rest[..end].chars().count() + 2;
                continue;
            }
        }
        if chars.get(i + 1) == Some(&'-') && chars.get(i + 2).is_some_and(|e| *e != ']') {
            ranges.push((c, chars[i + 2]));
            i += 3;
        } else {
            ranges.push((c, c));
            i += 1;
        }
    }
    None
}

fn one(t: &Tok, c: char) -> bool {
    match t {
        Tok::Char(x) => *x == c,
        Tok::Any => true,
        Tok::Class { negate, ranges } => ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *negate,
        Tok::Star | Tok::Ext { .. } => false,
    }
}

/// Whether all of `s` matches `p`, which holds extglob groups: each group tries every length it could take.
fn ext_matches(p: &[Tok], s: &[char]) -> bool {
    let Some((first, rest)) = p.split_first() else { return s.is_empty() };
    match first {
        Tok::Star => (0..=s.len()).any(|k| ext_matches(rest, &s[k..])),
        Tok::Ext { op, alts } => (0..=s.len()).any(|k| {
            let (head, tail) = s.split_at(k);
            let any = || alts.iter().any(|a| ext_matches(a, head));
            let ok = match op {
                '@' => any(),
                '?' => head.is_empty() || any(),
                '*' => repeats(alts, head),
                '+' => any() || (!head.is_empty() && repeats(alts, head)),
                _ => !any(),
            };
            ok && ext_matches(rest, tail)
        }),
        t => s.first().is_some_and(|c| one(t, *c)) && ext_matches(rest, &s[1..]),
    }
}

/// Whether `s` is zero or more pieces, each matching one of `alts`.
fn repeats(alts: &[Vec<Tok>], s: &[char]) -> bool {
    s.is_empty() || (1..=s.len()).any(|k| alts.iter().any(|a| ext_matches(a, &s[..k])) && repeats(alts, &s[k..]))
}

/// Whether the whole of `s` matches the pattern.
pub fn matches(pattern: &[Tok], s: &str) -> bool {
    let s: Vec<char> = s.chars().collect();
    if pattern.iter().any(|t| matches!(t, Tok::Ext { .. })) {
        return ext_matches(pattern, &s);
    }
    let (mut p, mut i) = (0, 0);
    // the last `*` seen and where its match would go on: backtracking to it is enough (linear in practice)
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        match pattern.get(p) {
            Some(Tok::Star) => {
                star = Some((p, i));
                p += 1;
            }
            Some(t) if one(t, s[i]) => {
                p += 1;
                i += 1;
            }
            _ => match star {
                Some((sp, si)) => {
                    p = sp + 1;
                    i = si + 1;
                    star = Some((sp, si + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|t| *t == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_like_fnmatch() {
        for (p, s, want) in [
            ("*", "", true),
            ("web-*", "web-0", true),
            ("web-?", "web-10", false),
            ("*-[0-9]", "web-3", true),
            ("[!a]*", "abc", false),
            ("[^a]*", "bbc", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
            ("[ab", "[ab", true),
            ("[]]", "]", true),
        ] {
            assert_eq!(matches(&compile(p), s), want, "{p} {s}");
        }
    }

    #[test]
    fn extglob_groups_match_as_bash_does() {
        for (p, s, want) in [
            ("@(ab|c)", "ab", true),
            ("@(ab|c)", "abc", false),
            ("*.@(yaml|yml)", "a.yml", true),
            ("!(*.txt)", "a.txt", false),
            ("!(*.txt)", "a.log", true),
            ("+([0-9])", "123", true),
            ("+([0-9])", "", false),
            ("*([0-9])x", "x", true),
            ("?(a)b", "ab", true),
            ("?(a)b", "aab", false),
            ("web-+([0-9])", "web-10", true),
            ("@(a|b", "@(a|b", true),
        ] {
            assert_eq!(matches(&compile_with(p, true), s), want, "{p} {s}");
        }
        assert_eq!(compile_with("@(a)", false).len(), 4);
    }
}
