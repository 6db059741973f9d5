//! Shell patterns as `case` matches them (fnmatch without flags): `*`, `?`, `[abc]`, `[a-z]`, `[!x]`/`[^x]`;
//! quoted text matches only itself, which the caller expresses by giving those characters as [`Tok::Char`].

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Char(char),
    Any,
    Star,
    Class { negate: bool, ranges: Vec<(char, char)> },
}

/// Unquoted pattern text. A `[` without its `]` is an ordinary character, as in bash.
pub fn compile(text: &str) -> Vec<Tok> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
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

/// Whether the whole of `s` matches the pattern.
pub fn matches(pattern: &[Tok], s: &str) -> bool {
    let s: Vec<char> = s.chars().collect();
    let (mut p, mut i) = (0, 0);
    // the last `*` seen and where its match would go on: backtracking to it is enough (linear in practice)
    let mut star: Option<(usize, usize)> = None;
    while i < s.len() {
        let one = |t: &Tok, c: char| match t {
            Tok::Char(x) => *x == c,
            Tok::Any => true,
            Tok::Class { negate, ranges } => ranges.iter().any(|(a, b)| *a <= c && c <= *b) != *negate,
            Tok::Star => false,
        };
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
}
