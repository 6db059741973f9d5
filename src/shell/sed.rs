//! `sed` (GNU sed 4.9), for the one-liners learners use on kubectl's output and on their files:
//! `sed -i 's/replicaCount: 2/replicaCount: 3/' python-time-app/values.yaml`, `sed -n '2,5p'`, `sed '/^#/d'`.
//! Commands `s y p d q = a i c` with line, `$` and `/regex/` addresses, ranges and `!`; `-n -e -E -r -i`.
//! Regular expressions are basic (BRE) unless -E, read as grep reads them (`crate::cluster::exec::grep_matcher`).

use super::{Io, Session};
use regex_lite::Regex;

#[derive(Debug)]
enum Addr {
    Line(usize),
    Last,
    Re(Regex),
}

#[derive(Debug)]
enum Cmd {
    Subst { re: Regex, rep: String, global: bool, nth: usize, print: bool },
    Translate(Vec<(char, char)>),
    Print,
    Delete,
    Quit(i32),
    LineNumber,
    Append(String),
    Insert(String),
    Change(String),
    Block(Vec<Command>),
}

#[derive(Debug)]
struct Command {
    /// Index of this command's range state.
    id: usize,
    from: Option<Addr>,
    to: Option<Addr>,
    negate: bool,
    cmd: Cmd,
}

/// A script error in GNU sed's words: `-e expression #N, char C: ...`.
struct ScriptError(usize, String);

fn regex(pat: &str, extended: bool, icase: bool, at: usize) -> Result<Regex, ScriptError> {
    crate::cluster::exec::grep_matcher(pat, extended, false, icase)
        .ok_or_else(|| ScriptError(at, "Invalid preceding regular expression".into()))
}

/// Text up to the unescaped `delim` (an escaped delimiter becomes the delimiter itself); the index after it.
fn delimited(chars: &[char], mut i: usize, delim: char) -> Option<(String, usize)> {
    let mut out = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' if chars.get(i + 1) == Some(&delim) => {
                out.push(delim);
                i += 2;
            }
            '\\' if i + 1 < chars.len() => {
                out.push('\\');
                out.push(chars[i + 1]);
                i += 2;
            }
            c if c == delim => return Some((out, i + 1)),
            '\n' => return None,
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    None
}

/// Adds a parsed command to the innermost open block, or to the script.
fn push(stack: &mut [Command], out: &mut Vec<Command>, c: Command) {
    match stack.last_mut() {
        Some(Command { cmd: Cmd::Block(inner), .. }) => inner.push(c),
        _ => out.push(c),
    }
}

/// Parses a script; `ids` numbers the commands across scripts and blocks (each range keeps its own state).
/// The two delimited parts of `s/A/B/` or `y/A/B/` (any delimiter), and the index after them.
fn two_parts(chars: &[char], i: usize, cmd: char) -> Result<(String, String, usize), ScriptError> {
    let unterminated = || ScriptError(chars.len(), format!("unterminated `{cmd}' command"));
    let &delim = chars.get(i).ok_or_else(|| ScriptError(i, format!("unterminated `{cmd}' command")))?;
    let (a, next) = delimited(chars, i + 1, delim).ok_or_else(unterminated)?;
    let (b, next) = delimited(chars, next, delim).ok_or_else(unterminated)?;
    Ok((a, b, next))
}

fn parse(script: &str, extended: bool, ids: &mut usize) -> Result<Vec<Command>, ScriptError> {
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0;
    // The open blocks, outermost first: each `{`'s own command (its `cmd` collecting the block's commands).
    let mut stack: Vec<Command> = Vec::new();
    let mut out = Vec::new();
    let skip_ws = |i: &mut usize| {
        while *i < chars.len() && (chars[*i] == ' ' || chars[*i] == '\t') {
            *i += 1;
        }
    };
    let addr = |i: &mut usize| -> Result<Option<Addr>, ScriptError> {
        if *i < chars.len() && chars[*i].is_ascii_digit() {
            let start = *i;
            while *i < chars.len() && chars[*i].is_ascii_digit() {
                *i += 1;
            }
            let n: usize = chars[start..*i].iter().collect::<String>().parse().unwrap_or(0);
            if n == 0 {
                return Err(ScriptError(*i, "invalid usage of line address 0".into()));
            }
            return Ok(Some(Addr::Line(n)));
        }
        if *i < chars.len() && chars[*i] == '$' {
            *i += 1;
            return Ok(Some(Addr::Last));
        }
        if *i < chars.len() && chars[*i] == '/' {
            let Some((pat, next)) = delimited(&chars, *i + 1, '/') else {
                return Err(ScriptError(chars.len(), "unterminated address regex".into()));
            };
            *i = next;
            let icase = *i < chars.len() && chars[*i] == 'I';
            if icase {
                *i += 1;
            }
            return Ok(Some(Addr::Re(regex(&pat, extended, icase, *i)?)));
        }
        Ok(None)
    };
    loop {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == ';') {
            i += 1;
        }
        if i >= chars.len() {
            if !stack.is_empty() {
                // GNU reports it at char 0: the end of the script is found only after parsing.
                return Err(ScriptError(0, "unmatched `{'".into()));
            }
            return Ok(out);
        }
        if chars[i] == '}' {
            let Some(block) = stack.pop() else {
                return Err(ScriptError(i + 1, "unexpected `}'".into()));
            };
            i += 1;
            push(&mut stack, &mut out, block);
            continue;
        }
        let from = addr(&mut i)?;
        let mut to = None;
        if from.is_some() && i < chars.len() && chars[i] == ',' {
            i += 1;
            to = addr(&mut i)?;
            if to.is_none() {
                return Err(ScriptError(i + 1, "unexpected `,'".into()));
            }
        }
        skip_ws(&mut i);
        let mut negate = false;
        while i < chars.len() && chars[i] == '!' {
            negate = true;
            i += 1;
            skip_ws(&mut i);
        }
        let Some(&c) = chars.get(i) else {
            return Err(ScriptError(i, "missing command".into()));
        };
        i += 1;
        let text_arg = |i: &mut usize| -> String {
            // GNU's one-line forms: `a text`, `a\text`, `a\` + newline + text.
            if *i < chars.len() && chars[*i] == '\\' {
                *i += 1;
                if *i < chars.len() && chars[*i] == '\n' {
                    *i += 1;
                }
            } else {
                while *i < chars.len() && (chars[*i] == ' ' || chars[*i] == '\t') {
                    *i += 1;
                }
            }
            let start = *i;
            while *i < chars.len() && chars[*i] != '\n' {
                *i += 1;
            }
            chars[start..*i].iter().collect()
        };
        if c == '{' {
            // Blocks run recursively; GNU sed has no limit, the page's stack has.
            if stack.len() >= 100 {
                return Err(ScriptError(i, "blocks nested too deeply (the playground's limit is 100)".into()));
            }
            stack.push(Command { id: *ids, from, to, negate, cmd: Cmd::Block(Vec::new()) });
            *ids += 1;
            continue;
        }
        let cmd = match c {
            's' => {
                let (pat, rep, next) = two_parts(&chars, i, 's')?;
                i = next;
                let (mut global, mut nth, mut print, mut icase) = (false, 1usize, false, false);
                while i < chars.len() && !matches!(chars[i], ';' | '\n' | '}') && !chars[i].is_whitespace() {
                    match chars[i] {
                        'g' => global = true,
                        'p' => print = true,
                        'I' | 'i' => icase = true,
                        d if d.is_ascii_digit() => nth = d.to_digit(10).unwrap_or(1).max(1) as usize,
                        _ => return Err(ScriptError(i + 1, "unknown option to `s'".into())),
                    }
                    i += 1;
                }
                Cmd::Subst { re: regex(&pat, extended, icase, i)?, rep, global, nth, print }
            }
            'y' => {
                let (src, dst, next) = two_parts(&chars, i, 'y')?;
                i = next;
                if src.chars().count() != dst.chars().count() {
                    return Err(ScriptError(i, "strings for `y' command are different lengths".into()));
                }
                Cmd::Translate(src.chars().zip(dst.chars()).collect())
            }
            'p' => Cmd::Print,
            'd' => Cmd::Delete,
            '=' => Cmd::LineNumber,
            'q' => {
                skip_ws(&mut i);
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                Cmd::Quit(chars[start..i].iter().collect::<String>().parse().unwrap_or(0))
            }
            'a' => Cmd::Append(text_arg(&mut i)),
            'i' => Cmd::Insert(text_arg(&mut i)),
            'c' => Cmd::Change(text_arg(&mut i)),
            other => return Err(ScriptError(i, format!("unknown command: `{other}'"))),
        };
        skip_ws(&mut i);
        if i < chars.len() && !matches!(chars[i], ';' | '\n' | '}') {
            return Err(ScriptError(i + 1, "extra characters after command".into()));
        }
        push(&mut stack, &mut out, Command { id: *ids, from, to, negate, cmd });
        *ids += 1;
    }
}

/// The replacement with `&` and `\1`..`\9` filled in; `\n` is a newline, `\&` a literal `&`.
fn expand(rep: &str, caps: &regex_lite::Captures) -> String {
    let mut out = String::new();
    let mut cs = rep.chars();
    while let Some(c) = cs.next() {
        match c {
            '&' => out.push_str(caps.get(0).map_or("", |m| m.as_str())),
            '\\' => match cs.next() {
                Some(d @ '0'..='9') => {
                    out.push_str(caps.get(d.to_digit(10).unwrap_or(0) as usize).map_or("", |m| m.as_str()))
                }
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

fn substitute(line: &str, re: &Regex, rep: &str, global: bool, nth: usize) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut replaced = false;
    for (n, caps) in re.captures_iter(line).enumerate() {
        let m = caps.get(0)?;
        if n + 1 < nth {
            continue;
        }
        out.push_str(&line[last..m.start()]);
        out.push_str(&expand(rep, &caps));
        last = m.end();
        replaced = true;
        if !global {
            break;
        }
    }
    replaced.then(|| {
        out.push_str(&line[last..]);
        out
    })
}

/// Why a line's cycle ended early.
enum Stop {
    /// `d` or `c`: no auto-print.
    Delete,
    Quit(i32),
}

struct Run {
    quiet: bool,
    /// For each command id: whether its range is open.
    active: Vec<bool>,
}

impl Run {
    fn matches(a: &Addr, n: usize, last: bool, line: &str) -> bool {
        match a {
            Addr::Line(k) => *k == n,
            Addr::Last => last,
            Addr::Re(re) => re.is_match(line),
        }
    }

    fn selected(&mut self, c: &Command, n: usize, last: bool, line: &str) -> bool {
        let hit = match (&c.from, &c.to) {
            (None, _) => true,
            (Some(a), None) => Self::matches(a, n, last, line),
            (Some(a), Some(b)) => {
                if self.active[c.id] {
                    // A line-number end at or before the current line closes the range (GNU).
                    let end = match b {
                        Addr::Line(k) => n >= *k,
                        _ => Self::matches(b, n, last, line),
                    };
                    if end {
                        self.active[c.id] = false;
                    }
                    true
                } else if Self::matches(a, n, last, line) {
                    self.active[c.id] = !matches!(b, Addr::Line(k) if *k <= n);
                    true
                } else {
                    false
                }
            }
        };
        hit != c.negate
    }

    #[allow(clippy::too_many_arguments)]
    fn exec(
        &mut self,
        cmds: &[Command],
        space: &mut String,
        append: &mut String,
        n: usize,
        last: bool,
        out: &mut String,
    ) -> Option<Stop> {
        for c in cmds {
            if !self.selected(c, n, last, space) {
                continue;
            }
            match &c.cmd {
                Cmd::Subst { re, rep, global, nth, print } => {
                    if let Some(new) = substitute(space, re, rep, *global, *nth) {
                        *space = new;
                        if *print {
                            out.push_str(space);
                            out.push('\n');
                        }
                    }
                }
                Cmd::Translate(map) => {
                    *space = space.chars().map(|c| map.iter().find(|(f, _)| *f == c).map_or(c, |(_, t)| *t)).collect()
                }
                Cmd::Print => {
                    out.push_str(space);
                    out.push('\n');
                }
                Cmd::Delete => return Some(Stop::Delete),
                Cmd::LineNumber => out.push_str(&format!("{n}\n")),
                Cmd::Quit(code) => return Some(Stop::Quit(*code)),
                Cmd::Append(t) => {
                    append.push_str(t);
                    append.push('\n');
                }
                Cmd::Insert(t) => {
                    out.push_str(t);
                    out.push('\n');
                }
                Cmd::Change(t) => {
                    out.push_str(t);
                    out.push('\n');
                    return Some(Stop::Delete);
                }
                Cmd::Block(inner) => {
                    if let Some(stop) = self.exec(inner, space, append, n, last, out) {
                        return Some(stop);
                    }
                }
            }
        }
        None
    }

    /// The lines through the script; `Some(status)` when `q` ended it.
    fn text(&mut self, cmds: &[Command], text: &str, out: &mut String) -> Option<i32> {
        let lines: Vec<&str> = text.lines().collect();
        for (k, l) in lines.iter().enumerate() {
            let (mut space, mut append) = (l.to_string(), String::new());
            let stop = self.exec(cmds, &mut space, &mut append, k + 1, k + 1 == lines.len(), out);
            if !matches!(stop, Some(Stop::Delete)) && !self.quiet {
                out.push_str(&space);
                out.push('\n');
            }
            out.push_str(&append);
            if let Some(Stop::Quit(code)) = stop {
                return Some(code);
            }
        }
        None
    }
}

const USAGE: &str = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...

  -n, --quiet, --silent
                 suppress automatic printing of pattern space
  -e script, --expression=script
                 add the script to the commands to be executed
  -i[SUFFIX], --in-place[=SUFFIX]
                 edit files in place (makes backup if SUFFIX supplied)
  -E, -r, --regexp-extended
                 use extended regular expressions in the script
                 (for portability use POSIX -E).
";

pub fn run(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let (mut quiet, mut extended, mut in_place, mut scripts, mut files) = (false, false, None, Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-n" | "--quiet" | "--silent" => quiet = true,
            "-E" | "-r" | "--regexp-extended" => extended = true,
            "-e" => match it.next() {
                Some(e) => scripts.push(e.clone()),
                None => return Io::fail(1, format!("sed: option requires an argument -- 'e'\n{USAGE}")),
            },
            "--in-place" => in_place = Some(String::new()),
            _ if a.starts_with("--expression=") => scripts.push(a["--expression=".len()..].to_string()),
            _ if a.starts_with("--in-place=") => in_place = Some(a["--in-place=".len()..].to_string()),
            _ if a.starts_with("-i") => in_place = Some(a[2..].to_string()),
            _ if a.starts_with('-') && a.len() > 1 && a[1..].chars().all(|c| "nEr".contains(c)) => {
                quiet |= a.contains('n');
                extended |= a.contains('E') || a.contains('r');
            }
            _ if a.starts_with('-') && a.len() > 1 => {
                return Io::fail(
                    1,
                    format!("sed: invalid option -- '{}'\n{USAGE}", a[1..].chars().next().unwrap_or('-')),
                )
            }
            _ => files.push(a.clone()),
        }
    }
    if scripts.is_empty() {
        if files.is_empty() {
            return Io::fail(1, USAGE);
        }
        scripts.push(files.remove(0));
    }
    let (mut cmds, mut ids) = (Vec::new(), 0);
    for (k, sc) in scripts.iter().enumerate() {
        match parse(sc, extended, &mut ids) {
            Ok(c) => cmds.extend(c),
            Err(ScriptError(at, msg)) => {
                return Io::fail(1, format!("sed: -e expression #{}, char {at}: {msg}\n", k + 1))
            }
        }
    }
    let mut run = Run { active: vec![false; ids], quiet };
    let mut io = Io::default();
    if in_place.is_some() && files.is_empty() {
        return Io::fail(1, "sed: no input files\n");
    }
    if files.is_empty() {
        let mut out = String::new();
        let code = run.text(&cmds, stdin.as_deref().unwrap_or(""), &mut out);
        io.out(out);
        io.code = code.unwrap_or(0);
        return io;
    }
    // Files are one stream (line numbers and `$` run across them), except with -i, which edits each apart.
    let mut stream = String::new();
    for f in &files {
        match s.read_file(f) {
            Ok(b) => {
                let text = String::from_utf8_lossy(&b).into_owned();
                if let Some(suffix) = &in_place {
                    let mut each = Run { active: vec![false; ids], quiet };
                    let mut out = String::new();
                    let code = each.text(&cmds, &text, &mut out);
                    if !suffix.is_empty() {
                        s.write_file(&format!("{f}{suffix}"), b);
                    }
                    s.write_file(f, out.into_bytes());
                    if let Some(c) = code {
                        io.code = c;
                        return io;
                    }
                } else {
                    stream.push_str(&text);
                    if !text.is_empty() && !text.ends_with('\n') {
                        stream.push('\n');
                    }
                }
            }
            // a directory stops sed (status 4)
            Err(_) if s.is_dir(f) => {
                let why = if in_place.is_some() {
                    "couldn't edit {f}: not a regular file"
                } else {
                    "read error on {f}: Is a directory"
                };
                io.err(format!("sed: {}\n", why.replace("{f}", f)));
                io.code = 4;
                break;
            }
            Err(e) => {
                io.err(format!("sed: can't read {f}: {e}\n"));
                io.code = 2;
            }
        }
    }
    if in_place.is_none() {
        let mut out = String::new();
        let code = run.text(&cmds, &stream, &mut out);
        let status = io.code;
        io.out(out);
        io.code = code.unwrap_or(status);
    }
    io
}
