//! `cut` and `tr`, the coreutils a learner pipes kubectl into (`kubectl create token x | cut -d. -f2`,
//! `kubectl get pods --no-headers | tr -s ' ' | cut -d' ' -f1`), with GNU coreutils 9's options and messages.

use super::{Io, Session};

fn usage_error(tool: &str, msg: &str) -> Io {
    Io::fail(1, format!("{tool}: {msg}\nTry '{tool} --help' for more information.\n"))
}

/// A cut LIST: 1-based inclusive ranges (`N`, `N-M`, `N-`, `-M`), open ends as `usize::MAX`.
fn parse_list(list: &str, what: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for part in list.split([',', ' ']) {
        let num = |t: &str| -> Result<usize, String> {
            match t.parse::<usize>() {
                Ok(0) => Err(format!("{what}s are numbered from 1")),
                Ok(n) => Ok(n),
                Err(_) => Err(format!("invalid {what} value \u{2018}{part}\u{2019}")),
            }
        };
        let range = match part.split_once('-') {
            None => {
                let n = num(part)?;
                (n, n)
            }
            Some(("", "")) => return Err("invalid range with no endpoint: -".into()),
            Some(("", b)) => (1, num(b)?),
            Some((a, "")) => (num(a)?, usize::MAX),
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    return Err("invalid decreasing range".into());
                }
                (a, b)
            }
        };
        out.push(range);
    }
    Ok(out)
}

fn selected(ranges: &[(usize, usize)], i: usize, complement: bool) -> bool {
    ranges.iter().any(|&(a, b)| a <= i && i <= b) != complement
}

pub fn cut(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    let (mut mode, mut list, mut delim, mut out_delim) = (None::<char>, String::new(), None::<String>, None);
    let (mut only_delimited, mut complement, mut files) = (false, false, Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (opt, inline) = if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (long.to_string(), None),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let c = a[1..].chars().next().unwrap_or('-');
            let rest = &a[1 + c.len_utf8()..];
            (c.to_string(), (!rest.is_empty()).then(|| rest.to_string()))
        } else {
            files.push(a.clone());
            continue;
        };
        let mut value = || inline.clone().or_else(|| it.next().cloned());
        match opt.as_str() {
            "f" | "fields" | "c" | "characters" | "b" | "bytes" => {
                if mode.is_some() {
                    return usage_error("cut", "only one list may be specified");
                }
                mode = Some(opt.chars().next().unwrap_or('f'));
                let Some(v) = value() else {
                    return usage_error("cut", &format!("option requires an argument -- '{}'", &opt[..1]));
                };
                list = v;
            }
            "d" | "delimiter" => delim = value(),
            "output-delimiter" => out_delim = value(),
            "s" | "only-delimited" => only_delimited = true,
            "complement" => complement = true,
            "n" => {}
            _ => return usage_error("cut", &format!("invalid option -- '{opt}'")),
        }
    }
    let Some(mode) = mode else {
        return usage_error("cut", "you must specify a list of bytes, characters, or fields");
    };
    let what = if mode == 'f' { "field" } else { "byte/character" };
    let ranges = match parse_list(&list, what) {
        Ok(r) => r,
        Err(e) => return usage_error("cut", &e),
    };
    if mode != 'f' && delim.is_some() {
        return usage_error("cut", "an input delimiter may be specified only when operating on fields");
    }
    if mode != 'f' && only_delimited {
        return usage_error("cut", "suppressing non-delimited lines makes sense\n\tonly when operating on fields");
    }
    let d = match delim.as_deref() {
        None => '\t',
        Some(d) if d.chars().count() == 1 => d.chars().next().unwrap_or('\t'),
        Some("") => '\0',
        Some(_) => return usage_error("cut", "the delimiter must be a single character"),
    };
    let cut_text = |text: &str| {
        let mut out = String::new();
        for line in text.lines() {
            if mode == 'f' {
                if !line.contains(d) {
                    if !only_delimited {
                        out.push_str(line);
                        out.push('\n');
                    }
                    continue;
                }
                let sep = out_delim.clone().unwrap_or_else(|| d.to_string());
                let fields: Vec<&str> = line
                    .split(d)
                    .enumerate()
                    .filter(|(i, _)| selected(&ranges, i + 1, complement))
                    .map(|f| f.1)
                    .collect();
                out.push_str(&fields.join(&sep));
            } else {
                let chars: String = line
                    .chars()
                    .enumerate()
                    .filter(|(i, _)| selected(&ranges, i + 1, complement))
                    .map(|c| c.1)
                    .collect();
                out.push_str(&chars);
            }
            out.push('\n');
        }
        out
    };
    // File by file, so a missing file's message comes between the others' output, as cut writes them.
    let mut io = Io::default();
    if files.is_empty() {
        io.out(cut_text(stdin.as_deref().unwrap_or("")));
    }
    for f in &files {
        let mut one = Io::default();
        let text = super::builtins::inputs(s, "cut", &[f], stdin.clone(), &mut one);
        io.code = io.code.max(one.code);
        io.chunks.extend(one.chunks);
        io.out(cut_text(&text));
    }
    io
}

/// A tr SET: ranges, `[:class:]`, backslash escapes.
fn expand_set(set: &str) -> Vec<char> {
    const CLASSES: &[(&str, &str)] = &[
        ("[:lower:]", "abcdefghijklmnopqrstuvwxyz"),
        ("[:upper:]", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ("[:digit:]", "0123456789"),
        ("[:space:]", " \t\n\r\x0b\x0c"),
        ("[:blank:]", " \t"),
        ("[:punct:]", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    ];
    let mut raw = Vec::new();
    let mut rest = set;
    while !rest.is_empty() {
        if let Some((name, chars)) = CLASSES.iter().find(|(n, _)| rest.starts_with(n)) {
            raw.extend(chars.chars().map(|c| (c, true)));
            rest = &rest[name.len()..];
            continue;
        }
        if rest.starts_with("[:alpha:]") || rest.starts_with("[:alnum:]") {
            raw.extend(('a'..='z').chain('A'..='Z').map(|c| (c, true)));
            if rest.starts_with("[:alnum:]") {
                raw.extend(('0'..='9').map(|c| (c, true)));
            }
            rest = &rest[9..];
            continue;
        }
        let mut chars = rest.chars();
        let c = chars.next().unwrap_or('\0');
        let (c, len) = if c == '\\' {
            match chars.next() {
                Some('n') => ('\n', 2),
                Some('t') => ('\t', 2),
                Some('r') => ('\r', 2),
                Some('\\') => ('\\', 2),
                Some(o) => (o, 1 + o.len_utf8()),
                None => ('\\', 1),
            }
        } else {
            (c, c.len_utf8())
        };
        raw.push((c, false));
        rest = &rest[len..];
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        if i + 2 < raw.len() && raw[i + 1] == ('-', false) && !raw[i].1 && raw[i].0 <= raw[i + 2].0 {
            out.extend(raw[i].0..=raw[i + 2].0);
            i += 3;
        } else {
            out.push(raw[i].0);
            i += 1;
        }
    }
    out
}

pub fn tr(args: &[String], stdin: Option<String>) -> Io {
    let (mut delete, mut squeeze, mut complement) = (false, false, false);
    let mut sets = Vec::new();
    for a in args {
        match a.strip_prefix('-').filter(|f| !f.is_empty() && sets.is_empty()) {
            Some(flags) if flags.chars().all(|c| "dscC".contains(c)) => {
                for c in flags.chars() {
                    match c {
                        'd' => delete = true,
                        's' => squeeze = true,
                        _ => complement = true,
                    }
                }
            }
            _ => sets.push(a.as_str()),
        }
    }
    // Translating needs two sets, and so does deleting while squeezing; -d or -s alone needs one.
    let need = if delete != squeeze { 1 } else { 2 };
    if sets.is_empty() {
        return usage_error("tr", "missing operand");
    }
    if sets.len() < need {
        let why = if delete && squeeze {
            "Two strings must be given when both deleting and squeezing repeats."
        } else {
            "Two strings must be given when translating."
        };
        return usage_error("tr", &format!("missing operand after \u{2018}{}\u{2019}\n{why}", sets[0]));
    }
    if sets.len() > need && (delete && !squeeze) {
        return usage_error("tr", &format!("extra operand \u{2018}{}\u{2019}\nOnly one string may be given when deleting without squeezing repeats.", sets[need]));
    }
    let set1 = expand_set(sets[0]);
    let set2 = sets.get(1).map(|s| expand_set(s)).unwrap_or_default();
    let in1 = |c: char| set1.contains(&c) != complement;
    let text = stdin.unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    for c in text.chars() {
        let mapped = if delete {
            if in1(c) {
                continue;
            }
            c
        } else if !set2.is_empty() && !complement {
            match set1.iter().rposition(|&x| x == c) {
                Some(i) => *set2.get(i).or(set2.last()).unwrap_or(&c),
                None => c,
            }
        } else if !set2.is_empty() && in1(c) {
            *set2.last().unwrap_or(&c)
        } else {
            c
        };
        // -s squeezes the last set given: SET1 alone, or SET2 after translating or deleting.
        let squeezable = if set2.is_empty() { in1(mapped) } else { set2.contains(&mapped) };
        if squeeze && squeezable && last == Some(mapped) {
            continue;
        }
        out.push(mapped);
        last = Some(mapped);
    }
    Io::ok(out)
}

/// `nl [-b a|t|n|pBRE] [-n ln|rn|rz] [-w N] [-s SEP] [-v N] [-i N] [FILE]...` (GNU coreutils 9): numbers the
/// lines, by default those that are not empty, right-aligned in 6 columns and a tab. The numbering goes on
/// across files; logical pages (`\:\:\:` section lines) are not read.
pub fn nl(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    use super::coreutils::Spec;
    let long = [
        ("body-numbering", 'b'),
        ("number-format", 'n'),
        ("number-width", 'w'),
        ("number-separator", 's'),
        ("starting-line-number", 'v'),
        ("line-increment", 'i'),
    ];
    let spec = Spec { tool: "nl", short: "b:n:w:s:v:i:", long: &long, usage_code: 1 };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let (mut body, mut format, mut width, mut sep, mut next, mut step) = ("t".to_string(), "rn", 6, "\t", 1i64, 1i64);
    let q = |v: &str| format!("\u{2018}{v}\u{2019}");
    for (c, v) in &opts {
        // a bad number is an error without the usage hint
        let bad = |what: &str, why: &str| Io::fail(1, format!("nl: invalid {what}: {}{why}\n", q(v)));
        match c {
            'b' if matches!(v.as_str(), "a" | "t" | "n") || v.starts_with('p') => body = v.clone(),
            'b' => return spec.usage(format!("invalid body numbering style: {}", q(v))),
            'n' if matches!(v.as_str(), "ln" | "rn" | "rz") => format = v.as_str(),
            'n' => return spec.usage(format!("invalid line numbering format: {}", q(v))),
            'w' => match v.parse::<i64>() {
                Ok(n) if n > i32::MAX as i64 => {
                    return bad("line number field width", ": Value too large for defined data type")
                }
                Ok(n) if n > 0 => width = (n as usize).min(1 << 12),
                Ok(_) => return bad("line number field width", ": Numerical result out of range"),
                _ => return bad("line number field width", ""),
            },
            's' => sep = v.as_str(),
            'v' | 'i' => match v.parse::<i64>() {
                Ok(n) if *c == 'v' => next = n,
                Ok(n) => step = n,
                Err(_) if *c == 'v' => return bad("starting line number", ""),
                Err(_) => return bad("line number increment", ""),
            },
            _ => {}
        }
    }
    let pattern = match body.strip_prefix('p') {
        Some(p) => match crate::cluster::exec::grep_matcher(p, false, false, false) {
            Some(re) => Some(re),
            None => return Io::fail(1, format!("nl: {}\n", "Invalid regular expression")),
        },
        None => None,
    };
    let mut io = Io::default();
    let mut number = |text: &str, out: &mut String| {
        for line in text.lines() {
            let numbered = match body.as_str() {
                "a" => true,
                "t" => !line.is_empty(),
                "n" => false,
                _ => pattern.as_ref().is_some_and(|re| re.is_match(line)),
            };
            if numbered {
                match format {
                    "ln" => out.push_str(&format!("{next:<width$}")),
                    "rz" if next < 0 => {
                        out.push_str(&format!("-{:0>w$}", next.unsigned_abs(), w = width.saturating_sub(1)))
                    }
                    "rz" => out.push_str(&format!("{next:0>width$}")),
                    _ => out.push_str(&format!("{next:>width$}")),
                }
                out.push_str(sep);
                next = next.wrapping_add(step);
            } else {
                out.extend(std::iter::repeat_n(' ', width + sep.chars().count()));
            }
            out.push_str(line);
            out.push('\n');
        }
    };
    // file by file: a last line without its newline is a line of its own, and errors come in their place
    let mut out = String::new();
    if files.is_empty() {
        number(stdin.as_deref().unwrap_or(""), &mut out);
    }
    for f in &files {
        let mut one = Io::default();
        let text = super::builtins::inputs(s, "nl", &[f], stdin.clone(), &mut one);
        number(&text, &mut out);
        if !one.chunks.is_empty() {
            io.out(std::mem::take(&mut out));
        }
        io.code = io.code.max(one.code);
        io.chunks.extend(one.chunks);
    }
    io.out(out);
    io
}

/// `column -t [-s SEPARATORS] [-o STRING] [FILE]...` (util-linux 2.38): a table whose columns are as wide as
/// their widest cell and two spaces apart. Blank lines are left out; without -s runs of blanks separate the
/// cells, with -s each separator character does. Without -t column fills the screen's width, which this
/// terminal does not simulate.
pub fn column(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    use super::coreutils::Spec;
    let long = [("table", 't'), ("separator", 's'), ("output-separator", 'o'), ("fillrows", 'x')];
    let spec = Spec { tool: "column", short: "ts:o:x", long: &long, usage_code: 1 };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let has = |c: char| opts.iter().any(|(o, _)| *o == c);
    let value = |c: char| opts.iter().rev().find(|(o, _)| *o == c).map(|(_, v)| v.as_str());
    if has('t') && has('x') {
        return Io::fail(1, "column: mutually exclusive arguments: --table --fillrows\n");
    }
    if !has('t') {
        return Io::fail(1, "stsplay: column: only column -t (a table) is simulated here\n");
    }
    let mut errs = Io::default();
    let text = super::coreutils::read_all(s, "column", &files, stdin, &mut errs);
    let seps = value('s');
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.trim_matches([' ', '\t']).is_empty())
        .map(|l| match seps {
            Some(sep) => l.split(|c| sep.contains(c)).collect(),
            None => l.split([' ', '\t']).filter(|c| !c.is_empty()).collect(),
        })
        .collect();
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let gap = value('o').unwrap_or("  ");
    let mut out = String::new();
    for row in &rows {
        for (i, w) in widths.iter().enumerate() {
            let cell = row.get(i).copied().unwrap_or("");
            if i + 1 == columns {
                out.push_str(cell);
            } else {
                out.push_str(&format!("{cell:<w$}{gap}"));
            }
        }
        out.push('\n');
    }
    super::coreutils::with_errors(out, errs)
}
