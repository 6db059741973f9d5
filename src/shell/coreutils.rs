//! GNU coreutils 9 filters with their options: `cat`, `head`, `tail`, `wc`, `sort`, `uniq`, `tac`, `rev`,
//! `paste`, `basename`, `dirname`. Options are read as getopt_long reads them (bundled, after operands, `--`),
//! and an option a tool here lacks is refused in the tool's words rather than ignored: a filter that
//! silently skipped `-n` printed a wrong answer. `sort` compares bytes, as in the C.UTF-8 locale.

use super::builtins::inputs;
use super::{Io, Session};
use std::cmp::Ordering;

/// One tool's options: short letters (`:` after one that takes a value) and long names mapped to them.
pub(super) struct Spec<'a> {
    pub tool: &'a str,
    pub short: &'a str,
    pub long: &'a [(&'a str, char)],
    /// Exit status of a usage error (`sort` uses 2).
    pub usage_code: i32,
}

/// Options in order (letter, value) and the operands.
pub(super) type Parsed = (Vec<(char, String)>, Vec<String>);

impl Spec<'_> {
    pub(super) fn usage(&self, msg: String) -> Io {
        Io::fail(self.usage_code, format!("{}: {msg}\nTry '{} --help' for more information.\n", self.tool, self.tool))
    }

    fn takes_value(&self, c: char) -> bool {
        self.short.find(c).is_some_and(|i| self.short[i + c.len_utf8()..].starts_with(':'))
    }

    /// As [`Spec::parse`], where at least one operand is required (`mkdir: missing operand`).
    pub(super) fn parse_operands(&self, args: &[String]) -> Result<Parsed, Io> {
        let parsed = self.parse(args)?;
        if parsed.1.is_empty() {
            return Err(self.usage("missing operand".into()));
        }
        Ok(parsed)
    }

    pub(super) fn parse(&self, args: &[String]) -> Result<Parsed, Io> {
        let (mut opts, mut operands) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            i += 1;
            if a == "--" {
                operands.extend(args[i..].iter().cloned());
                break;
            }
            if let Some(long) = a.strip_prefix("--") {
                let (name, inline) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v.to_string())));
                let hits: Vec<&(&str, char)> = self.long.iter().filter(|(n, _)| n.starts_with(name)).collect();
                let hit = hits.iter().find(|(n, _)| *n == name).or(hits.first().filter(|_| hits.len() == 1));
                let Some((full, c)) = hit else {
                    return Err(if hits.is_empty() {
                        self.usage(format!("unrecognized option '{a}'"))
                    } else {
                        self.usage(format!("option '{a}' is ambiguous"))
                    });
                };
                let value = if self.takes_value(*c) {
                    match inline.or_else(|| args.get(i).cloned().inspect(|_| i += 1)) {
                        Some(v) => v,
                        None => return Err(self.usage(format!("option '--{full}' requires an argument"))),
                    }
                } else if inline.is_some() {
                    return Err(self.usage(format!("option '--{full}' doesn't allow an argument")));
                } else {
                    String::new()
                };
                opts.push((*c, value));
                continue;
            }
            let Some(bundle) = a.strip_prefix('-').filter(|b| !b.is_empty()) else {
                operands.push(a.clone());
                continue;
            };
            for (at, c) in bundle.char_indices() {
                if !self.short.contains(c) || c == ':' {
                    return Err(self.usage(format!("invalid option -- '{c}'")));
                }
                if self.takes_value(c) {
                    let rest = &bundle[at + c.len_utf8()..];
                    let v = if !rest.is_empty() {
                        rest.to_string()
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        return Err(self.usage(format!("option requires an argument -- '{c}'")));
                    };
                    opts.push((c, v));
                    break;
                }
                opts.push((c, String::new()));
            }
        }
        Ok((opts, operands))
    }
}

/// What the filter read, with the errors of files it could not.
pub(super) fn read_all(s: &Session, tool: &str, files: &[String], stdin: Option<String>, io: &mut Io) -> String {
    let refs: Vec<&String> = files.iter().collect();
    inputs(s, tool, &refs, stdin, io)
}

/// One operand's text: `-` is standard input (read once), anything else a file.
fn read_operand(s: &Session, f: &str, stdin: &mut Option<String>) -> Result<String, String> {
    if f == "-" {
        return Ok(stdin.take().unwrap_or_default());
    }
    s.read_file(f).map(|b| String::from_utf8_lossy(&b).into_owned())
}

pub(super) fn with_errors(out: String, errs: Io) -> Io {
    let mut r = Io::ok(out);
    r.code = errs.code;
    r.chunks.extend(errs.chunks);
    r
}

/// `cat [-AbeEnstTv]`: numbering, squeezing and showing non-printing characters as GNU cat does.
pub fn cat(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec {
        tool: "cat",
        short: "AbeEnstTuv",
        long: &[
            ("show-all", 'A'),
            ("number-nonblank", 'b'),
            ("show-ends", 'E'),
            ("number", 'n'),
            ("squeeze-blank", 's'),
            ("show-tabs", 'T'),
            ("show-nonprinting", 'v'),
        ],
        usage_code: 1,
    };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let (mut number, mut nonblank, mut ends, mut tabs, mut nonprint, mut squeeze) =
        (false, false, false, false, false, false);
    for (c, _) in &opts {
        match c {
            'A' => (nonprint, ends, tabs) = (true, true, true),
            'b' => nonblank = true,
            'e' => (nonprint, ends) = (true, true),
            'E' => ends = true,
            'n' => number = true,
            's' => squeeze = true,
            't' => (nonprint, tabs) = (true, true),
            'T' => tabs = true,
            'v' => nonprint = true,
            _ => {}
        }
    }
    let mut errs = Io::default();
    let text = read_all(s, "cat", &files, stdin, &mut errs);
    if !(number || nonblank || ends || tabs || nonprint || squeeze) {
        return with_errors(text, errs);
    }
    let mut out = String::new();
    let (mut n, mut blank_run) = (0, 0);
    for line in text.split_inclusive('\n') {
        let (body, nl) = line.strip_suffix('\n').map_or((line, false), |b| (b, true));
        if body.is_empty() && nl {
            blank_run += 1;
            if squeeze && blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        if nonblank && !body.is_empty() || number && !nonblank {
            n += 1;
            out.push_str(&format!("{n:>6}\t"));
        }
        for ch in body.chars() {
            match ch {
                '\t' if tabs => out.push_str("^I"),
                '\t' => out.push('\t'),
                c if nonprint && (c as u32) < 32 => {
                    out.push('^');
                    out.push(char::from_u32(c as u32 + 64).unwrap_or('?'));
                }
                '\u{7f}' if nonprint => out.push_str("^?"),
                c if nonprint && !c.is_ascii() => {
                    // GNU cat -v shows the bytes of a multi-byte character as M- sequences
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        let low = b & 0x7f;
                        out.push_str("M-");
                        match low {
                            0..=31 => {
                                out.push('^');
                                out.push((low + 64) as char);
                            }
                            127 => out.push_str("^?"),
                            _ => out.push(low as char),
                        }
                    }
                }
                c => out.push(c),
            }
        }
        if nl {
            if ends {
                out.push('$');
            }
            out.push('\n');
        }
    }
    with_errors(out, errs)
}

/// A count for head/tail: `N`, with a multiplier suffix (`K`, `M`, `b`, `kB`...), as xstrtoumax reads it.
fn count(tool: &str, what: &str, v: &str) -> Result<(i64, bool, bool), Io> {
    let (sign_plus, sign_minus) = (v.starts_with('+'), v.starts_with('-'));
    let digits = v.trim_start_matches(['+', '-']);
    let split = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
    let (num, suffix) = digits.split_at(split);
    let mult: Option<i64> = match suffix {
        "" => Some(1),
        "b" => Some(512),
        "K" | "KiB" => Some(1024),
        "kB" => Some(1000),
        "M" | "MiB" => Some(1 << 20),
        "MB" => Some(1_000_000),
        "G" | "GiB" => Some(1 << 30),
        "GB" => Some(1_000_000_000),
        _ => None,
    };
    let bad = || {
        let kind = if what == "bytes" { "number of bytes" } else { "number of lines" };
        Io::fail(1, format!("{tool}: invalid {kind}: '{v}'\n"))
    };
    let n: i64 = num.parse().map_err(|_| bad())?;
    let n = n.checked_mul(mult.ok_or_else(bad)?).ok_or_else(bad)?;
    Ok((n, sign_plus, sign_minus))
}

/// `head`/`tail` `[-n [+-]N] [-c [+-]N] [-q] [-v] [FILE]...` (and the old `-N`), with `==> FILE <==` headers
/// for several files.
pub fn head_tail(s: &Session, tool: &str, args: &[String], stdin: Option<String>) -> Io {
    let is_head = tool == "head";
    // the obsolete `-N` (and tail's `+N`) first: getopt would read it as digits options
    let mut args = args.to_vec();
    if let Some(a) = args.first() {
        let old = a.strip_prefix('-').or_else(|| a.strip_prefix('+').filter(|_| !is_head));
        if old.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())) {
            let v = if a.starts_with('+') { a.clone() } else { a[1..].to_string() };
            args.splice(0..1, ["-n".to_string(), v]);
        }
    }
    let spec = Spec {
        tool,
        short: if is_head { "c:n:qvz" } else { "c:n:qvzfF" },
        long: &[("bytes", 'c'), ("lines", 'n'), ("quiet", 'q'), ("silent", 'q'), ("verbose", 'v'), ("follow", 'f')],
        usage_code: 1,
    };
    let (opts, files) = match spec.parse(&args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let (mut n, mut bytes, mut from_start, mut all_but) = (10i64, false, false, false);
    let (mut quiet, mut verbose) = (false, false);
    for (c, v) in &opts {
        match c {
            'n' | 'c' => {
                let (k, plus, minus) = match count(tool, if *c == 'c' { "bytes" } else { "lines" }, v) {
                    Ok(x) => x,
                    Err(io) => return io,
                };
                (n, bytes) = (k, *c == 'c');
                from_start = !is_head && plus;
                all_but = is_head && minus;
            }
            'q' => (quiet, verbose) = (true, false),
            'v' => (verbose, quiet) = (true, false),
            'f' | 'F' => {
                return Io::fail(1, "stsplay: tail: -f is not supported here (nothing appends to these files)\n")
            }
            _ => {
                return Io::fail(1, format!("stsplay: {tool}: -{c} is not supported here\n"));
            }
        }
    }
    let names: Vec<String> = if files.is_empty() { vec!["-".into()] } else { files };
    let headers = verbose || (names.len() > 1 && !quiet);
    let mut out = String::new();
    let mut errs = Io::default();
    let mut stdin = stdin;
    let mut first = true;
    for f in &names {
        let text = match read_operand(s, f, &mut stdin) {
            Ok(t) => t,
            Err(e) => {
                let what = if e == "Is a directory" { "error reading" } else { "cannot open" };
                let what = format!("{what} '{f}'{}", if e == "Is a directory" { "" } else { " for reading" });
                errs.err(format!("{tool}: {what}: {e}\n"));
                errs.code = 1;
                continue;
            }
        };
        if headers {
            let shown = if f == "-" { "standard input" } else { f.as_str() };
            out.push_str(&format!("{}==> {shown} <==\n", if first { "" } else { "\n" }));
        }
        first = false;
        let n = n.max(0) as usize;
        if bytes {
            let b = text.as_bytes();
            let range = if is_head && all_but {
                0..b.len().saturating_sub(n)
            } else if is_head {
                0..n.min(b.len())
            } else if from_start {
                n.saturating_sub(1).min(b.len())..b.len()
            } else {
                b.len().saturating_sub(n)..b.len()
            };
            out.push_str(&String::from_utf8_lossy(&b[range]));
        } else {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let len = lines.len();
            let picked = if is_head && all_but {
                &lines[..len.saturating_sub(n)]
            } else if is_head {
                &lines[..n.min(len)]
            } else if from_start {
                &lines[n.saturating_sub(1).min(len)..]
            } else {
                &lines[len.saturating_sub(n)..]
            };
            out.push_str(&picked.concat());
        }
    }
    with_errors(out, errs)
}

/// `wc [-clmwL] [FILE]...`: a line per file and a total, in columns as wide as GNU wc makes them.
pub fn wc(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec {
        tool: "wc",
        short: "clLmw",
        long: &[("bytes", 'c'), ("chars", 'm'), ("lines", 'l'), ("max-line-length", 'L'), ("words", 'w')],
        usage_code: 1,
    };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let has = |c: char| opts.iter().any(|(o, _)| *o == c);
    let none = opts.is_empty();
    let show = [none || has('l'), none || has('w'), has('m'), none || has('c'), has('L')];
    let names: Vec<String> = if files.is_empty() { vec![String::new()] } else { files };
    // each operand's counts (none if it could not be read) after its error, in order, as wc prints them
    let mut rows: Vec<(Option<[usize; 5]>, String, String)> = Vec::new();
    let mut code = 0;
    let (mut regular_total, mut min_width) = (0usize, 1usize);
    let mut stdin = stdin;
    for f in &names {
        let mut err = String::new();
        let text = if f.is_empty() || f == "-" {
            min_width = 7; // a pipe is not a regular file
            stdin.take().unwrap_or_default()
        } else {
            match s.read_file(f) {
                Ok(b) => {
                    regular_total += b.len();
                    String::from_utf8_lossy(&b).into_owned()
                }
                Err(e) => {
                    code = 1;
                    err = format!("wc: {f}: {e}\n");
                    // a directory is counted as empty, and is not a regular file
                    if !s.is_dir(f) {
                        rows.push((None, f.clone(), err));
                        continue;
                    }
                    min_width = 7;
                    String::new()
                }
            }
        };
        let longest = text
            .lines()
            .map(|l| l.chars().fold(0, |w, c| if c == '\t' { w / 8 * 8 + 8 } else { w + 1 }))
            .max()
            .unwrap_or(0);
        let counts =
            [text.matches('\n').count(), text.split_whitespace().count(), text.chars().count(), text.len(), longest];
        rows.push((Some(counts), f.clone(), err));
    }
    let shown = show.iter().filter(|x| **x).count();
    // wc.c's compute_number_width: the files it could stat; a single count of a single file is not padded
    let mut width = regular_total.to_string().len().max(min_width);
    if shown == 1 && names.len() == 1 {
        width = 1;
    }
    let line = |counts: &[usize; 5], name: &str| {
        let cells: Vec<String> =
            counts.iter().zip(show).filter(|(_, on)| *on).map(|(n, _)| format!("{n:>width$}")).collect();
        let name = if name.is_empty() { String::new() } else { format!(" {name}") };
        format!("{}{name}\n", cells.join(" "))
    };
    let mut io = Io { code, ..Io::default() };
    for (c, n, e) in &rows {
        io.err(e.clone());
        if let Some(c) = c {
            io.out(line(c, n));
        }
    }
    if names.len() > 1 {
        let mut total = [0usize; 5];
        for c in rows.iter().filter_map(|r| r.0.as_ref()) {
            for k in 0..4 {
                total[k] += c[k];
            }
            total[4] = total[4].max(c[4]);
        }
        io.out(line(&total, "total"));
    }
    io
}

/// A `sort` key: fields from `start` to `end` (1-based, with optional character positions), and its own
/// ordering options.
#[derive(Clone, Default)]
struct Key {
    start: (usize, usize),
    end: Option<(usize, usize)>,
    numeric: bool,
    human: bool,
    reverse: bool,
    fold: bool,
    blanks: bool,
    version: bool,
}

fn parse_key(v: &str) -> Option<Key> {
    let mut k = Key::default();
    let (a, b) = v.split_once(',').map_or((v, None), |(a, b)| (a, Some(b)));
    let pos = |p: &str, k: &mut Key| -> Option<(usize, usize)> {
        let split = p.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(p.len());
        let (num, flags) = p.split_at(split);
        for f in flags.chars() {
            match f {
                'n' => k.numeric = true,
                'h' => k.human = true,
                'r' => k.reverse = true,
                'f' => k.fold = true,
                'b' => k.blanks = true,
                'V' => k.version = true,
                _ => return None,
            }
        }
        let (f, c) = num.split_once('.').map_or((num, None), |(f, c)| (f, Some(c)));
        Some((f.parse().ok()?, c.map_or(Some(0), |c| c.parse().ok())?))
    };
    k.start = pos(a, &mut k)?;
    if k.start.0 == 0 {
        return None;
    }
    if let Some(b) = b {
        k.end = Some(pos(b, &mut k)?);
    }
    Some(k)
}

/// The part of `line` a key covers. Without `-t`, a field is its leading blanks plus the non-blanks after.
fn key_text<'a>(line: &'a str, k: &Key, sep: Option<char>) -> &'a str {
    let fields: Vec<(usize, usize)> = match sep {
        Some(c) => {
            let mut v = Vec::new();
            let mut start = 0;
            for (i, ch) in line.char_indices() {
                if ch == c {
                    v.push((start, i));
                    start = i + ch.len_utf8();
                }
            }
            v.push((start, line.len()));
            v
        }
        None => {
            let mut v = Vec::new();
            let b = line.as_bytes();
            let mut i = 0;
            while i < b.len() {
                let start = i;
                while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
                    i += 1;
                }
                v.push((start, i));
            }
            v
        }
    };
    let at = |(f, c): (usize, usize), is_end: bool| -> usize {
        match fields.get(f.wrapping_sub(1)) {
            None => line.len(),
            Some(&(fs, fe)) => {
                let text = &line[fs..fe];
                let skip = if k.blanks && !is_end { text.len() - text.trim_start().len() } else { 0 };
                if c == 0 {
                    if is_end {
                        fe
                    } else {
                        fs + skip
                    }
                } else {
                    let base = fs + skip;
                    line[base..fe].char_indices().nth(c - if is_end { 0 } else { 1 }).map_or(fe, |(i, _)| base + i)
                }
            }
        }
    };
    let from = at(k.start, false);
    let to = match k.end {
        Some(e) => at(e, true),
        None => line.len(),
    };
    if from >= to {
        ""
    } else {
        &line[from..to]
    }
}

/// GNU sort's `-n`: leading blanks, a sign, digits with a decimal point; anything else is zero.
fn numeric(t: &str) -> f64 {
    let t = t.trim_start_matches([' ', '\t']);
    let end = t
        .char_indices()
        .skip_while(|(i, c)| *i == 0 && *c == '-')
        .find(|(_, c)| !c.is_ascii_digit() && *c != '.')
        .map_or(t.len(), |(i, _)| i);
    let mut num = &t[..end];
    if num.matches('.').count() > 1 {
        let second = num.match_indices('.').nth(1).map_or(num.len(), |(i, _)| i);
        num = &num[..second];
    }
    num.parse().unwrap_or(0.0)
}

/// `-h`: a number with an SI suffix (`2K` < `1M`).
fn human(t: &str) -> (i32, f64) {
    let t = t.trim_start_matches([' ', '\t']);
    let n = numeric(t);
    let rest = t.trim_start_matches(['-', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    let power = match rest.chars().next() {
        Some('K' | 'k') => 1,
        Some('M') => 2,
        Some('G') => 3,
        Some('T') => 4,
        Some('P') => 5,
        Some('E') => 6,
        _ => 0,
    };
    (if n < 0.0 { -power } else { power }, n)
}

/// `-V`: digit runs compared as numbers, the rest as text.
fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    while !x.is_empty() || !y.is_empty() {
        let xd = x.iter().take_while(|c| !c.is_ascii_digit()).count();
        let yd = y.iter().take_while(|c| !c.is_ascii_digit()).count();
        match x[..xd].cmp(&y[..yd]) {
            Ordering::Equal => {}
            o => return o,
        }
        (x, y) = (&x[xd..], &y[yd..]);
        let xn = x.iter().take_while(|c| c.is_ascii_digit()).count();
        let yn = y.iter().take_while(|c| c.is_ascii_digit()).count();
        let (xs, ys) = (std::str::from_utf8(&x[..xn]).unwrap_or(""), std::str::from_utf8(&y[..yn]).unwrap_or(""));
        let (xs, ys) = (xs.trim_start_matches('0'), ys.trim_start_matches('0'));
        match xs.len().cmp(&ys.len()).then(xs.cmp(ys)) {
            Ordering::Equal => {}
            o => return o,
        }
        (x, y) = (&x[xn..], &y[yn..]);
    }
    Ordering::Equal
}

fn compare_key(a: &str, b: &str, k: &Key) -> Ordering {
    let (a, b) = if k.blanks { (a.trim_start(), b.trim_start()) } else { (a, b) };
    let o = if k.numeric {
        numeric(a).partial_cmp(&numeric(b)).unwrap_or(Ordering::Equal)
    } else if k.human {
        let (x, y) = (human(a), human(b));
        x.0.cmp(&y.0).then(x.1.partial_cmp(&y.1).unwrap_or(Ordering::Equal))
    } else if k.version {
        version_cmp(a, b)
    } else if k.fold {
        a.bytes().map(|c| c.to_ascii_uppercase()).cmp(b.bytes().map(|c| c.to_ascii_uppercase()))
    } else {
        a.as_bytes().cmp(b.as_bytes())
    };
    if k.reverse {
        o.reverse()
    } else {
        o
    }
}

/// `sort [-bcfhnrsuV] [-k KEY]... [-t SEP] [-o FILE] [FILE]...`, byte order (C.UTF-8), with GNU's last-resort
/// whole-line comparison unless `-s` or `-u`.
pub fn sort(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec {
        tool: "sort",
        short: "bcCfhk:no:rst:uV",
        long: &[
            ("ignore-leading-blanks", 'b'),
            ("check", 'c'),
            ("ignore-case", 'f'),
            ("human-numeric-sort", 'h'),
            ("key", 'k'),
            ("numeric-sort", 'n'),
            ("output", 'o'),
            ("reverse", 'r'),
            ("stable", 's'),
            ("field-separator", 't'),
            ("unique", 'u'),
            ("version-sort", 'V'),
        ],
        usage_code: 2,
    };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let mut global = Key { start: (1, 0), ..Key::default() };
    let (mut keys, mut sep, mut stable, mut unique, mut check, mut output) =
        (Vec::new(), None, false, false, None::<bool>, None);
    for (c, v) in &opts {
        match c {
            'b' => global.blanks = true,
            'f' => global.fold = true,
            'h' => global.human = true,
            'n' => global.numeric = true,
            'r' => global.reverse = true,
            'V' => global.version = true,
            's' => stable = true,
            'u' => unique = true,
            'c' => check = Some(true),
            'C' => check = Some(false),
            'o' => output = Some(v.clone()),
            't' => {
                let mut cs = v.chars();
                match (cs.next(), cs.next()) {
                    (Some(c), None) => sep = Some(c),
                    (None, _) => return Io::fail(2, "sort: empty tab\n"),
                    _ => return Io::fail(2, format!("sort: multi-character tab '{v}'\n")),
                }
            }
            'k' => match parse_key(v) {
                Some(k) => keys.push(k),
                None => {
                    return Io::fail(
                        2,
                        format!("sort: invalid number at field start: invalid count at start of '{v}'\n"),
                    )
                }
            },
            _ => {}
        }
    }
    // a key without ordering options of its own takes the global ones
    for k in &mut keys {
        if !(k.numeric || k.human || k.reverse || k.fold || k.blanks || k.version) {
            let (start, end) = (k.start, k.end);
            *k = Key { start, end, ..global.clone() };
        }
    }
    let mut errs = Io::default();
    let text = read_all(s, "sort", &files, stdin, &mut errs);
    // a file it cannot read ends sort before it prints anything
    if errs.code != 0 {
        return errs;
    }
    let mut lines: Vec<&str> = text.lines().collect();
    let cmp = |a: &&str, b: &&str| -> Ordering {
        let by_keys = if keys.is_empty() {
            compare_key(a, b, &global)
        } else {
            keys.iter()
                .map(|k| compare_key(key_text(a, k, sep), key_text(b, k, sep), k))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        };
        if by_keys != Ordering::Equal || stable || unique {
            return by_keys;
        }
        let last = a.as_bytes().cmp(b.as_bytes());
        if global.reverse {
            last.reverse()
        } else {
            last
        }
    };
    if let Some(loud) = check {
        let name = files.first().map_or("-", String::as_str);
        for (i, w) in lines.windows(2).enumerate() {
            let o = cmp(&w[0], &w[1]);
            if o == Ordering::Greater || (unique && o == Ordering::Equal) {
                let mut io = Io { code: 1, ..Io::default() };
                if loud {
                    io.err(format!("sort: {name}:{}: disorder: {}\n", i + 2, w[1]));
                }
                return io;
            }
        }
        return with_errors(String::new(), errs);
    }
    crate::sort::sort_by(&mut lines, cmp);
    if unique {
        lines.dedup_by(|b, a| cmp(a, b) == Ordering::Equal);
    }
    let out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    if let Some(path) = output {
        s.write_output(&path, &out, false);
        return with_errors(String::new(), errs);
    }
    with_errors(out, errs)
}

/// `uniq [-cdiu] [-f N] [-s N] [INPUT [OUTPUT]]`.
pub fn uniq(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec {
        tool: "uniq",
        short: "cdDf:is:uw:z",
        long: &[
            ("count", 'c'),
            ("repeated", 'd'),
            ("skip-fields", 'f'),
            ("ignore-case", 'i'),
            ("skip-chars", 's'),
            ("unique", 'u'),
            ("check-chars", 'w'),
        ],
        usage_code: 1,
    };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let (mut counts, mut repeated, mut uniques, mut icase) = (false, false, false, false);
    let (mut skip_f, mut skip_c, mut check) = (0usize, 0usize, usize::MAX);
    for (c, v) in &opts {
        let num = |v: &str, what: &str| {
            v.parse::<usize>().map_err(|_| Io::fail(1, format!("uniq: {v}: invalid number of {what} to skip\n")))
        };
        match c {
            'c' => counts = true,
            'd' => repeated = true,
            'u' => uniques = true,
            'i' => icase = true,
            'f' => match num(v, "fields") {
                Ok(n) => skip_f = n,
                Err(io) => return io,
            },
            's' => match num(v, "bytes") {
                Ok(n) => skip_c = n,
                Err(io) => return io,
            },
            'w' => match v.parse() {
                Ok(n) => check = n,
                Err(_) => return Io::fail(1, format!("uniq: {v}: invalid number of bytes to compare\n")),
            },
            _ => return Io::fail(1, format!("stsplay: uniq: -{c} is not supported here\n")),
        }
    }
    if files.len() > 2 {
        return spec.usage(format!("extra operand '{}'", files[2]));
    }
    let mut errs = Io::default();
    let text = read_all(s, "uniq", &files[..files.len().min(1)], stdin, &mut errs);
    let key = |l: &str| -> String {
        let mut rest = l;
        for _ in 0..skip_f {
            rest = rest.trim_start_matches([' ', '\t']);
            rest = rest.trim_start_matches(|c: char| c != ' ' && c != '\t');
        }
        let k: String = rest.chars().skip(skip_c).take(check).collect();
        if icase {
            k.to_lowercase()
        } else {
            k
        }
    };
    let mut out = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let k = key(lines[i]);
        let mut j = i + 1;
        while j < lines.len() && key(lines[j]) == k {
            j += 1;
        }
        let n = j - i;
        if (!repeated || n > 1) && (!uniques || n == 1) {
            if counts {
                out.push_str(&format!("{n:>7} "));
            }
            out.push_str(lines[i]);
            out.push('\n');
        }
        i = j;
    }
    if let Some(path) = files.get(1) {
        s.write_output(path, &out, false);
        return with_errors(String::new(), errs);
    }
    with_errors(out, errs)
}

/// `tac` and `rev`: lines last first, or each line's characters last first.
pub fn tac_rev(s: &Session, tool: &str, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec { tool, short: "", long: &[], usage_code: 1 };
    let (_, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let mut errs = Io::default();
    let text = read_all(s, tool, &files, stdin, &mut errs);
    let out = if tool == "tac" {
        let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
        lines.reverse();
        lines.concat()
    } else {
        text.split_inclusive('\n')
            .map(|l| {
                let (body, nl) = l.strip_suffix('\n').map_or((l, ""), |b| (b, "\n"));
                format!("{}{nl}", body.chars().rev().collect::<String>())
            })
            .collect()
    };
    with_errors(out, errs)
}

/// `paste [-s] [-d LIST] [FILE]...`: lines side by side, or (`-s`) each file's lines on one line.
pub fn paste(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    let spec = Spec { tool: "paste", short: "d:sz", long: &[("delimiters", 'd'), ("serial", 's')], usage_code: 1 };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let serial = opts.iter().any(|(c, _)| *c == 's');
    let delims: Vec<String> = match opts.iter().rev().find(|(c, _)| *c == 'd') {
        None => vec!["\t".into()],
        Some((_, d)) => {
            let mut v = Vec::new();
            let mut cs = d.chars();
            while let Some(c) = cs.next() {
                v.push(match c {
                    '\\' => match cs.next() {
                        Some('n') => "\n".into(),
                        Some('t') => "\t".into(),
                        Some('0') => String::new(),
                        Some(o) => o.to_string(),
                        None => {
                            return Io::fail(
                                1,
                                format!("paste: delimiter list ends with an unescaped backslash: {d}\n"),
                            )
                        }
                    },
                    c => c.to_string(),
                });
            }
            if v.is_empty() {
                vec![String::new()]
            } else {
                v
            }
        }
    };
    let names: Vec<String> = if files.is_empty() { vec!["-".into()] } else { files };
    let mut errs = Io::default();
    let mut stdin = stdin;
    let mut columns: Vec<Vec<String>> = Vec::new();
    for f in &names {
        let text = match read_operand(s, f, &mut stdin) {
            Ok(t) => t,
            Err(e) => return Io::fail(1, format!("paste: {f}: {e}\n")),
        };
        columns.push(text.lines().map(str::to_string).collect());
    }
    let join = |cells: &[String]| -> String {
        let mut line = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                line.push_str(&delims[(i - 1) % delims.len()]);
            }
            line.push_str(c);
        }
        line.push('\n');
        line
    };
    let out: String = if serial {
        columns.iter().map(|c| join(c)).collect()
    } else {
        let rows = columns.iter().map(Vec::len).max().unwrap_or(0);
        (0..rows)
            .map(|r| join(&columns.iter().map(|c| c.get(r).cloned().unwrap_or_default()).collect::<Vec<_>>()))
            .collect()
    };
    errs.code = 0;
    with_errors(out, errs)
}

/// `basename NAME [SUFFIX]`, `basename -a|-s SUFFIX NAME...` and `dirname NAME...`.
pub fn base_dir(tool: &str, args: &[String]) -> Io {
    let spec = if tool == "basename" {
        Spec { tool, short: "as:z", long: &[("multiple", 'a'), ("suffix", 's'), ("zero", 'z')], usage_code: 1 }
    } else {
        Spec { tool, short: "z", long: &[("zero", 'z')], usage_code: 1 }
    };
    let (opts, names) = match spec.parse_operands(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let strip = |p: &str| -> String {
        let t = p.trim_end_matches('/');
        if t.is_empty() {
            return if p.is_empty() { String::new() } else { "/".into() };
        }
        t.to_string()
    };
    let mut out = String::new();
    if tool == "dirname" {
        for n in &names {
            let t = strip(n);
            let d = match t.rfind('/') {
                None => ".".to_string(),
                Some(i) => {
                    let d = t[..i].trim_end_matches('/');
                    if d.is_empty() {
                        "/".into()
                    } else {
                        d.to_string()
                    }
                }
            };
            out.push_str(&d);
            out.push('\n');
        }
        return Io::ok(out);
    }
    let suffix = opts.iter().rev().find(|(c, _)| *c == 's').map(|(_, v)| v.clone());
    let multiple = suffix.is_some() || opts.iter().any(|(c, _)| *c == 'a');
    let (names, suffix) = if multiple {
        (names, suffix)
    } else if names.len() > 2 {
        return spec.usage(format!("extra operand '{}'", names[2]));
    } else {
        (vec![names[0].clone()], names.get(1).cloned())
    };
    for n in &names {
        let t = strip(n);
        let mut b = t.rsplit('/').next().unwrap_or("").to_string();
        if t == "/" {
            b = "/".into();
        }
        if let Some(sfx) = suffix.as_deref().filter(|s| !s.is_empty()) {
            if b.len() > sfx.len() && b.ends_with(sfx) {
                b.truncate(b.len() - sfx.len());
            }
        }
        out.push_str(&b);
        out.push('\n');
    }
    Io::ok(out)
}

/// How the lab machine's en_US.UTF-8 collation (glibc's strcoll, which `ls` and bash's globbing use) orders
/// names: letters and digits first, case and punctuation ignored (`charts` before `Chart.yaml`, `.x` among
/// the x's); on a tie punctuation, then lower case, comes first.
pub(super) fn collation_key(name: &str) -> (String, Vec<(bool, u32)>) {
    let primary = name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let tie = name
        .chars()
        .map(|c| (c.is_alphanumeric(), c.to_lowercase().next().unwrap_or(c) as u32 * 2 + c.is_uppercase() as u32));
    (primary, tie.collect())
}

/// `ls [-1aAdlhrRS] [FILE]...`. Names sort as the lab machine's en_US.UTF-8 collation puts them
/// ([`collation_key`]); at the terminal they are laid out in columns as GNU ls -C does, one per line in a
/// pipe. Every file is dated at the playground's start, owned by the learner.
pub fn ls(s: &Session, args: &[String]) -> Io {
    let spec = Spec {
        tool: "ls",
        short: "1aAdhlrRSC",
        long: &[
            ("all", 'a'),
            ("almost-all", 'A'),
            ("directory", 'd'),
            ("human-readable", 'h'),
            ("reverse", 'r'),
            ("recursive", 'R'),
        ],
        usage_code: 2,
    };
    // colours are for a terminal that shows them; the page's does not
    let args: Vec<String> = args.iter().filter(|a| !a.starts_with("--color")).cloned().collect();
    let (opts, paths) = match spec.parse(&args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let has = |c: char| opts.iter().any(|(o, _)| *o == c);
    let (long, all, almost, dir_itself, human) = (has('l'), has('a'), has('A'), has('d'), has('h'));
    let one_per_line = has('1') || !s.to_terminal;
    let width: usize = s.env("COLUMNS").and_then(|c| c.parse().ok()).filter(|w| *w > 0).unwrap_or(80);
    // (name as shown, is_dir, size, subdirectories)
    type Entry = (String, bool, usize, usize);
    let entry = |name: &str, path: &str| -> Entry {
        let key = s.resolve(path);
        match s.files.get(&key) {
            // an executable file shows as one with subdirectories would not: its links stay 1, see render
            Some(b) => (name.to_string(), false, b.len(), usize::from(s.executable.contains(&key))),
            None => (name.to_string(), true, 4096, s.entries(path).iter().filter(|e| e.1).count()),
        }
    };
    let order = |v: &mut Vec<Entry>| {
        crate::sort::sort_by_key(v, |e| collation_key(&e.0));
        if has('S') {
            crate::sort::sort_by(v, |a, b| b.2.cmp(&a.2));
        }
        if has('r') {
            v.reverse();
        }
    };
    let size_text = |n: usize| -> String {
        if !human || n < 1024 {
            return n.to_string();
        }
        let (mut v, mut unit) = (n as f64 / 1024.0, 'K');
        for u in ['M', 'G', 'T'] {
            if v < 1024.0 {
                break;
            }
            (v, unit) = (v / 1024.0, u);
        }
        if v < 10.0 {
            format!("{:.1}{unit}", (v * 10.0).ceil() / 10.0)
        } else {
            format!("{}{unit}", v.ceil() as u64)
        }
    };
    let render = |entries: &[Entry], total: bool| -> String {
        let mut out = String::new();
        if long {
            if total {
                let blocks: usize = entries.iter().map(|e| e.2.div_ceil(4096) * 4).sum();
                out.push_str(&format!("total {}\n", if human { size_text(blocks * 1024) } else { blocks.to_string() }));
            }
            let sizes: Vec<String> = entries.iter().map(|e| size_text(e.2)).collect();
            let links: Vec<String> = entries.iter().map(|e| if e.1 { e.3 + 2 } else { 1 }.to_string()).collect();
            let sw = sizes.iter().map(String::len).max().unwrap_or(1);
            let lw = links.iter().map(String::len).max().unwrap_or(1);
            for ((e, size), link) in entries.iter().zip(&sizes).zip(&links) {
                let mode = match (e.1, e.3) {
                    (true, _) => "drwxr-xr-x",
                    (false, 1) => "-rwxr-xr-x",
                    _ => "-rw-r--r--",
                };
                out.push_str(&format!("{mode} {link:>lw$} learner learner {size:>sw$} Mar 15 17:03 {}\n", e.0));
            }
            return out;
        }
        let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        if one_per_line || names.is_empty() {
            return names.iter().map(|n| format!("{n}\n")).collect();
        }
        // GNU ls -C: the most columns that fit, each as wide as its longest name plus two, filled down
        let len = |n: &str| n.chars().count();
        let mut layout = (1, vec![names.iter().map(|n| len(n)).max().unwrap_or(0)]);
        for cols in (2..=names.len()).rev() {
            let rows = names.len().div_ceil(cols);
            if rows * (cols - 1) >= names.len() {
                continue;
            }
            let widths: Vec<usize> =
                (0..cols).map(|c| names.iter().skip(c * rows).take(rows).map(|n| len(n)).max().unwrap_or(0)).collect();
            let total: usize = widths.iter().sum::<usize>() + 2 * (cols - 1);
            if total < width {
                layout = (cols, widths);
                break;
            }
        }
        let (cols, widths) = layout;
        let rows = names.len().div_ceil(cols);
        for r in 0..rows {
            let mut line = String::new();
            for (c, w) in widths.iter().enumerate() {
                let Some(n) = names.get(c * rows + r) else { break };
                line.push_str(n);
                if names.get((c + 1) * rows + r).is_some() {
                    line.push_str(&" ".repeat(w + 2 - len(n)));
                }
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    };
    let targets: Vec<String> = if paths.is_empty() { vec![".".into()] } else { paths };
    let mut io = Io::default();
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    for t in &targets {
        let key = s.resolve(t);
        if s.files.contains_key(&key) || (dir_itself && s.is_dir(t)) {
            files.push(entry(t, t));
        } else if s.is_dir(t) {
            dirs.push(t.clone());
        } else {
            io.err(format!("ls: cannot access '{t}': No such file or directory\n"));
            io.code = 2;
        }
    }
    order(&mut files);
    let mut out = render(&files, false);
    let many = targets.len() > 1 || has('R');
    // -R lists each directory's subdirectories after it, depth first
    let mut stack: Vec<String> = dirs.into_iter().rev().collect();
    let mut i = 0;
    while let Some(t) = stack.pop() {
        let mut names: Vec<Entry> = Vec::new();
        for (first, _) in s.entries(&t).iter().filter(|(n, _)| all || almost || !n.starts_with('.')) {
            names.push(entry(first, &format!("{}/{first}", t.trim_end_matches('/'))));
        }
        if all {
            names.push(entry(".", &t));
            names.push(entry("..", &format!("{t}/..")));
        }
        order(&mut names);
        if has('R') {
            let subs = names.iter().filter(|e| e.1 && e.0 != "." && e.0 != "..");
            let subs: Vec<String> = subs.map(|e| format!("{}/{}", t.trim_end_matches('/'), e.0)).collect();
            stack.extend(subs.into_iter().rev());
        }
        if many {
            if !out.is_empty() || i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{t}:\n"));
        }
        out.push_str(&render(&names, true));
        i += 1;
    }
    io.out(out);
    io
}
