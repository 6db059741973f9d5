//! bash's `read` builtin: one line of the command's input into variables, split on `IFS`.
//!
//! Its input is what was piped or redirected into the `read` itself, or else the input of the compound command
//! it runs in (`kubectl get pods -o name | while read p; do ...; done`, `while read l; do ...; done < file`),
//! which successive `read`s consume line by line. The terminal is never read: a learner's next line is a command.

use super::{Io, Session};

const USAGE: &str = "read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n";

/// The input of a compound command, consumed by the `read`s inside it.
#[derive(Debug, Default)]
pub struct Input {
    text: String,
    pos: usize,
}

impl Input {
    pub fn new(text: String) -> Input {
        Input { text, pos: 0 }
    }

    /// The next line up to `delim` (without it) and whether `delim` ended it; None at the end of the input.
    fn line(&mut self, delim: char) -> Option<(String, bool)> {
        let rest = &self.text[self.pos..];
        if rest.is_empty() {
            return None;
        }
        match rest.find(delim) {
            Some(i) => {
                self.pos += i + delim.len_utf8();
                Some((rest[..i].to_string(), true))
            }
            None => {
                self.pos = self.text.len();
                Some((rest.to_string(), false))
            }
        }
    }
}

pub fn run(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let mut raw = false;
    let mut delim = '\n';
    let mut array_name: Option<String> = None;
    let mut names: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if !names.is_empty() || a == "-" || !a.starts_with('-') {
            names.push(a);
            continue;
        }
        if a == "--" {
            names.extend(args[i..].iter().map(String::as_str));
            break;
        }
        let opts = a[1..].char_indices();
        for (at, c) in opts {
            match c {
                'r' => raw = true,
                // -s (no echo) and -e (readline) only matter on a terminal, which `read` never reads here
                's' | 'e' => {}
                'a' | 'd' | 'i' | 'n' | 'N' | 'p' | 't' | 'u' => {
                    let inline = &a[1 + at + 1..];
                    let value = if !inline.is_empty() {
                        inline.to_string()
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        return Io::fail(2, format!("bash: read: -{c}: option requires an argument\n{USAGE}"));
                    };
                    match c {
                        'd' => delim = value.chars().next().unwrap_or('\0'),
                        'a' => array_name = Some(value),
                        // the prompt is shown only when the input is a terminal
                        'p' | 'i' => {}
                        _ => return Io::fail(2, format!("stsplay: read -{c} is not supported in this shell\n")),
                    }
                    break;
                }
                _ => return Io::fail(2, format!("bash: read: -{c}: invalid option\n{USAGE}")),
            }
        }
    }
    if let Some(bad) = names.iter().copied().chain(array_name.as_deref()).find(|n| !is_identifier(n)) {
        return Io::fail(1, format!("bash: read: `{bad}': not a valid identifier\n"));
    }
    let mut own;
    let input = match stdin {
        Some(text) => {
            own = Input::new(text);
            &mut own
        }
        None => match s.inputs.last_mut() {
            Some(input) => input,
            None => {
                return Io::fail(
                    1,
                    "stsplay: read: this terminal does not read from the keyboard; give read its input with a \
                     pipe or a redirect (kubectl get pods -o name | while read p; do ...; done)\n",
                )
            }
        },
    };
    let (line, complete) = next_line(input, delim, raw);
    let ifs = s.env("IFS").unwrap_or(" \t\n").to_string();
    let line = line.unwrap_or_default();
    if let Some(name) = array_name {
        // every field an element
        super::array::clear(&mut s.env, &name);
        if let Err(e) = super::array::assign(&mut s.env, &name, 0, split(&line, &ifs, usize::MAX)) {
            return Io::fail(1, format!("{e}\n"));
        }
        return Io { code: if complete { 0 } else { 1 }, ..Io::default() };
    }
    let values: Vec<(String, String)> = if names.is_empty() {
        vec![("REPLY".to_string(), line.iter().map(|(c, _)| *c).collect())]
    } else {
        split(&line, &ifs, names.len())
            .into_iter()
            .chain(std::iter::repeat(String::new()))
            .zip(&names)
            .map(|(v, n)| (n.to_string(), v))
            .collect()
    };
    for (k, v) in values {
        s.env.insert(k, v);
    }
    Io { code: if complete { 0 } else { 1 }, ..Io::default() }
}

/// The next logical line: without `-r` a backslash quotes the next character (which then never separates
/// fields) and a backslash-newline joins lines. Returns the characters with whether each was quoted (None at
/// the end of the input), and whether the delimiter was found.
fn next_line(input: &mut Input, delim: char, raw: bool) -> (Option<Vec<(char, bool)>>, bool) {
    let mut out: Option<Vec<(char, bool)>> = None;
    loop {
        let Some((part, found)) = input.line(delim) else { return (out, false) };
        let text = out.get_or_insert_with(Vec::new);
        if raw {
            text.extend(part.chars().map(|c| (c, false)));
            return (out, found);
        }
        let mut chars = part.chars();
        let mut continued = false;
        while let Some(c) = chars.next() {
            if c != '\\' {
                text.push((c, false));
            } else if let Some(n) = chars.next() {
                text.push((n, true));
            } else {
                // a backslash before the delimiter: the line goes on
                continued = found;
            }
        }
        if !continued {
            return (out, found);
        }
    }
}

/// bash's field splitting for `read`: IFS whitespace around fields is dropped, other IFS characters each end a
/// field; the last name takes the rest of the line (its trailing IFS whitespace dropped). Quoted characters
/// never separate.
fn split(line: &[(char, bool)], ifs: &str, names: usize) -> Vec<String> {
    let text = |cs: &[(char, bool)]| cs.iter().map(|(c, _)| *c).collect::<String>();
    if ifs.is_empty() {
        return vec![text(line)];
    }
    let white = |&(c, q): &(char, bool)| !q && ifs.contains(c) && c.is_ascii_whitespace();
    let sep = |&(c, q): &(char, bool)| !q && ifs.contains(c);
    let skip_white = |cs: &[(char, bool)]| cs.iter().position(|x| !white(x)).unwrap_or(cs.len());
    let mut fields = Vec::new();
    let mut rest = &line[skip_white(line)..];
    while fields.len() + 1 < names && !rest.is_empty() {
        let end = rest.iter().position(sep).unwrap_or(rest.len());
        fields.push(text(&rest[..end]));
        rest = &rest[end..];
        // one separator: surrounding whitespace plus at most one non-whitespace IFS character
        rest = &rest[skip_white(rest)..];
        if rest.first().is_some_and(|x| sep(x) && !white(x)) {
            rest = &rest[1..];
            rest = &rest[skip_white(rest)..];
        }
    }
    let keep = rest.iter().rposition(|x| !white(x)).map_or(0, |i| i + 1);
    let last = &rest[..keep];
    if !last.is_empty() || fields.len() + 1 == names {
        fields.push(text(last));
    }
    fields
}

fn is_identifier(n: &str) -> bool {
    let mut c = n.chars();
    c.next().is_some_and(|f| f == '_' || f.is_ascii_alphabetic()) && c.all(|x| x == '_' || x.is_ascii_alphanumeric())
}
