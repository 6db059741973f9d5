//! GNU grep 3.11 on the session's files: basic (`-G`, the default), extended (`-E`) and fixed (`-F`) patterns
//! through the one translation to regex-lite the containers' grep uses (`crate::cluster::exec::grep_matcher`),
//! with grep's selection, output and exit-status rules. regex-lite matches leftmost-first where POSIX
//! matches leftmost-longest: `-o 'ab|abcd'` prints `ab` here, `abcd` in grep.

use super::{Io, Session};
use regex_lite::Regex;

#[derive(Default)]
struct Opts {
    invert: bool,
    count: bool,
    only: bool,
    word: bool,
    line: bool,
    numbers: bool,
    quiet: bool,
    list: Option<bool>,
    names: Option<bool>,
    recursive: bool,
    silent: bool,
    max: Option<usize>,
    after: usize,
    before: usize,
}

fn usage(msg: &str) -> Io {
    let lead = if msg.is_empty() { String::new() } else { format!("grep: {msg}\n") };
    Io::fail(2, format!("{lead}Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"))
}

/// The patterns' regexes, each line of a pattern being one pattern as grep reads them.
fn matchers(patterns: &[String], extended: bool, fixed: bool, icase: bool, o: &Opts) -> Result<Vec<Regex>, Io> {
    let mut out = Vec::new();
    for p in patterns.iter().flat_map(|p| p.split('\n')) {
        let mut text = p.to_string();
        if o.line || o.word {
            // whole line / word: grep wraps the pattern; -w boundaries are checked per match below
            text = if fixed { regex_lite::escape(&text) } else { text };
            let group = if extended || fixed { format!("(?:{text})") } else { format!("\\({text}\\)") };
            text = if o.line { format!("^{group}$") } else { group };
            let ext = extended || fixed;
            match crate::cluster::exec::grep_matcher(&text, ext, false, icase) {
                Some(r) => out.push(r),
                None => return Err(bad_pattern(p, extended)),
            }
            continue;
        }
        match crate::cluster::exec::grep_matcher(&text, extended, fixed, icase) {
            Some(r) => out.push(r),
            None => return Err(bad_pattern(p, extended)),
        }
    }
    Ok(out)
}

/// grep's messages for the usual mistakes in a pattern.
fn bad_pattern(p: &str, extended: bool) -> Io {
    let unmatched = |open: char, close: char| p.matches(open).count() > p.matches(close).count();
    let msg = if p.ends_with('[') && !p.ends_with("\\[") {
        "Invalid regular expression"
    } else if unmatched('[', ']') {
        "Unmatched [, [^, [:, [., or [="
    } else if extended && unmatched('(', ')') || !extended && p.matches("\\(").count() > p.matches("\\)").count() {
        "Unmatched ( or \\("
    } else if extended && p.matches(')').count() > p.matches('(').count() {
        "Unmatched ) or \\)"
    } else if !extended && p.matches("\\{").count() > p.matches("\\}").count() {
        "Unmatched \\{"
    } else if p.ends_with('\\') {
        "Trailing backslash"
    } else {
        "Invalid regular expression"
    };
    Io::fail(2, format!("grep: {msg}\n"))
}

/// Where the patterns match in `line` (all matches, left to right), honouring `-w`.
fn find_all(res: &[Regex], line: &str, word: bool) -> Vec<(usize, usize)> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let mut found = Vec::new();
    let mut at = 0;
    while at <= line.len() {
        let best = res
            .iter()
            .filter_map(|r| {
                let mut from = at;
                loop {
                    let m = r.find_at(line, from)?;
                    let ok = !word
                        || (!is_word(line[..m.start()].chars().next_back())
                            && !is_word(line[m.end()..].chars().next()));
                    if ok {
                        return Some((m.start(), m.end()));
                    }
                    from = line[m.start()..].chars().next().map_or(line.len() + 1, |c| m.start() + c.len_utf8());
                    if from > line.len() {
                        return None;
                    }
                }
            })
            .min_by_key(|(s, e)| (*s, usize::MAX - e));
        let Some((s, e)) = best else { break };
        found.push((s, e));
        at = if e > s { e } else { line[e..].chars().next().map_or(line.len() + 1, |c| e + c.len_utf8()) };
    }
    found
}

impl Session {
    pub(super) fn grep(&mut self, args: &[String], stdin: Option<String>) -> Io {
        let mut o = Opts::default();
        let (mut extended, mut fixed, mut icase) = (false, false, false);
        let mut patterns: Vec<String> = Vec::new();
        let mut operands: Vec<String> = Vec::new();
        let mut i = 0;
        let mut only_operands = false;
        while i < args.len() {
            let a = args[i].clone();
            i += 1;
            if only_operands || a == "-" || !a.starts_with('-') {
                operands.push(a);
                continue;
            }
            if a == "--" {
                only_operands = true;
                continue;
            }
            let mut value = |inline: &str, what: char| -> Result<String, Io> {
                if !inline.is_empty() {
                    return Ok(inline.to_string());
                }
                let v =
                    args.get(i).cloned().ok_or_else(|| usage(&format!("option requires an argument -- '{what}'")))?;
                i += 1;
                Ok(v)
            };
            if let Some(long) = a.strip_prefix("--") {
                let (name, inline) = long.split_once('=').map_or((long, ""), |(n, v)| (n, v));
                match name {
                    "invert-match" => o.invert = true,
                    "ignore-case" => icase = true,
                    "count" => o.count = true,
                    "extended-regexp" => extended = true,
                    "fixed-strings" => fixed = true,
                    "basic-regexp" => (extended, fixed) = (false, false),
                    "line-number" => o.numbers = true,
                    "quiet" | "silent" => o.quiet = true,
                    "only-matching" => o.only = true,
                    "word-regexp" => o.word = true,
                    "line-regexp" => o.line = true,
                    "files-with-matches" => o.list = Some(true),
                    "files-without-match" => o.list = Some(false),
                    "with-filename" => o.names = Some(true),
                    "no-filename" => o.names = Some(false),
                    "recursive" | "dereference-recursive" => o.recursive = true,
                    "no-messages" => o.silent = true,
                    "color" | "colour" => {}
                    "regexp" => match value(inline, 'e') {
                        Ok(v) => patterns.push(v),
                        Err(io) => return io,
                    },
                    "max-count" | "after-context" | "before-context" | "context" => {
                        let v = match value(inline, 'm') {
                            Ok(v) => v,
                            Err(io) => return io,
                        };
                        let c = match name {
                            "max-count" => 'm',
                            "after-context" => 'A',
                            "before-context" => 'B',
                            _ => 'C',
                        };
                        if let Err(io) = self.grep_number(&mut o, c, &v) {
                            return io;
                        }
                    }
                    _ => return usage(&format!("unrecognized option '{a}'")),
                }
                continue;
            }
            for (at, ch) in a[1..].char_indices() {
                match ch {
                    'v' => o.invert = true,
                    'i' | 'y' => icase = true,
                    'c' => o.count = true,
                    'E' => (extended, fixed) = (true, false),
                    'F' => (fixed, extended) = (true, false),
                    'G' => (extended, fixed) = (false, false),
                    'n' => o.numbers = true,
                    'q' => o.quiet = true,
                    'o' => o.only = true,
                    'w' => o.word = true,
                    'x' => o.line = true,
                    'l' => o.list = Some(true),
                    'L' => o.list = Some(false),
                    'H' => o.names = Some(true),
                    'h' => o.names = Some(false),
                    'r' | 'R' => o.recursive = true,
                    's' => o.silent = true,
                    'e' | 'm' | 'A' | 'B' | 'C' => {
                        let v = match value(&a[2 + at..], ch) {
                            Ok(v) => v,
                            Err(io) => return io,
                        };
                        if ch == 'e' {
                            patterns.push(v);
                        } else if let Err(io) = self.grep_number(&mut o, ch, &v) {
                            return io;
                        }
                        break;
                    }
                    d if d.is_ascii_digit() => {
                        // `-3` is `-C 3`
                        let digits: String = a[1 + at..].chars().take_while(char::is_ascii_digit).collect();
                        let n = digits.parse().unwrap_or(0);
                        (o.after, o.before) = (n, n);
                        if a[1 + at + digits.len()..].is_empty() {
                            break;
                        }
                    }
                    // GNU grep has these; this one does not
                    'a' | 'b' | 'D' | 'd' | 'f' | 'I' | 'T' | 'U' | 'u' | 'Z' | 'z' | 'P' | 'X' | 'V' => {
                        return Io::fail(2, format!("stsplay: grep: -{ch} is not supported here\n"))
                    }
                    other => return usage(&format!("invalid option -- '{other}'")),
                }
            }
        }
        if patterns.is_empty() {
            if operands.is_empty() {
                return usage("");
            }
            patterns.push(operands.remove(0));
        }
        let res = match matchers(&patterns, extended, fixed, icase, &o) {
            Ok(r) => r,
            Err(io) => return io,
        };
        // the inputs: files, directories walked with -r, standard input
        let mut io = Io::default();
        let mut inputs: Vec<(String, String)> = Vec::new();
        let mut errors = false;
        if operands.is_empty() {
            operands.push(if o.recursive { ".".into() } else { "-".into() });
        }
        let implicit_dot = o.recursive && operands == ["."] && !args.iter().any(|a| a == ".");
        for f in &operands {
            if f == "-" {
                inputs.push(("(standard input)".into(), stdin.clone().unwrap_or_default()));
                continue;
            }
            match self.read_file(f) {
                Ok(b) => inputs.push((f.clone(), String::from_utf8_lossy(&b).into_owned())),
                Err(_) if self.is_dir(f) && o.recursive => {
                    for (rel, b) in self.dir_files(f) {
                        let name =
                            if implicit_dot { rel.clone() } else { format!("{}/{rel}", f.trim_end_matches('/')) };
                        inputs.push((name, String::from_utf8_lossy(&b).into_owned()));
                    }
                }
                Err(e) => {
                    errors = true;
                    if !o.silent {
                        io.err(format!("grep: {f}: {e}\n"));
                    }
                }
            }
        }
        let show_names = o.names.unwrap_or(
            inputs.len() > 1 || o.recursive && !(operands.len() == 1 && self.read_file(&operands[0]).is_ok()),
        );
        let mut any = false;
        let mut out = String::new();
        for (name, text) in &inputs {
            let lines: Vec<&str> = text.lines().collect();
            let mut selected = Vec::new();
            for (n, l) in lines.iter().enumerate() {
                if o.max.is_some_and(|m| selected.len() >= m) {
                    break;
                }
                let hit = !find_all(&res, l, o.word).is_empty();
                if hit != o.invert {
                    selected.push(n);
                }
            }
            any |= !selected.is_empty();
            if o.quiet {
                if any {
                    return Io::default();
                }
                continue;
            }
            let prefix = |n: usize, sep: char| {
                let mut p = String::new();
                if show_names {
                    p.push_str(name);
                    p.push(sep);
                }
                if o.numbers {
                    p.push_str(&(n + 1).to_string());
                    p.push(sep);
                }
                p
            };
            if let Some(with) = o.list {
                if selected.is_empty() != with {
                    out.push_str(name);
                    out.push('\n');
                }
                continue;
            }
            if o.count {
                if show_names {
                    out.push_str(&format!("{name}:"));
                }
                out.push_str(&format!("{}\n", selected.len()));
                continue;
            }
            if o.only {
                let mut prev: Option<usize> = None;
                for &n in &selected {
                    if o.invert {
                        continue;
                    }
                    // the context lines are not shown, but the groups they make are still separated
                    if let Some(p) = prev {
                        if (o.before > 0 || o.after > 0) && n.saturating_sub(o.before) > p + o.after + 1 {
                            out.push_str("--\n");
                        }
                    }
                    prev = Some(n);
                    for (s, e) in find_all(&res, lines[n], o.word) {
                        if e > s {
                            out.push_str(&format!("{}{}\n", prefix(n, ':'), &lines[n][s..e]));
                        }
                    }
                }
                continue;
            }
            // context: groups of selected lines with their neighbours, `--` between groups
            let mut last: Option<usize> = None;
            for (k, &n) in selected.iter().enumerate() {
                let from = n.saturating_sub(o.before);
                let from = last.map_or(from, |l| from.max(l + 1));
                if let Some(l) = last {
                    if from > l + 1 && (o.before > 0 || o.after > 0) {
                        out.push_str("--\n");
                    }
                }
                for (c, l) in lines.iter().enumerate().take(n).skip(from) {
                    out.push_str(&format!("{}{l}\n", prefix(c, '-')));
                }
                out.push_str(&format!("{}{}\n", prefix(n, ':'), lines[n]));
                last = Some(n);
                let next = selected.get(k + 1).copied();
                let until = (n + o.after).min(lines.len().saturating_sub(1));
                let mut c = n + 1;
                while c <= until && next.is_none_or(|x| c < x) {
                    out.push_str(&format!("{}{}\n", prefix(c, '-'), lines[c]));
                    last = Some(c);
                    c += 1;
                }
            }
        }
        if !out.is_empty() {
            io.chunks.insert(0, (false, out));
        }
        io.code = if any {
            0
        } else if errors {
            2
        } else {
            1
        };
        if errors && !o.quiet {
            io.code = 2;
        }
        io
    }

    fn grep_number(&self, o: &mut Opts, c: char, v: &str) -> Result<(), Io> {
        let n: usize = match v.trim().parse::<i64>() {
            Ok(n) if n >= 0 => n as usize,
            Ok(_) if c == 'm' => usize::MAX,
            _ if c == 'm' => return Err(Io::fail(2, "grep: invalid max count\n")),
            _ => return Err(Io::fail(2, format!("grep: {v}: invalid context length argument\n"))),
        };
        match c {
            'm' => o.max = Some(n),
            'A' => o.after = n,
            'B' => o.before = n,
            _ => (o.after, o.before) = (n, n),
        }
        Ok(())
    }
}
