//! `jq`, as jq 1.7.1 runs the filters learners pipe kubectl's and helm's JSON into:
//! `jq .status`, `jq -r '.items[] | "\(.metadata.name) \(.status.podIP)"'`, `select(...)`, `{name, claim: ...}`.
//! Options -r -j -c -n -s -e -S -a -R -M -C -f --tab --indent N --arg --argjson --args --jsonargs --slurpfile
//! --rawfile; input from stdin or the session's files (`--seq`, `--stream`, `-L` are unknown options here). Output is never coloured: the terminal is treated as
//! jq's stdout when it is not a tty (`-C` is accepted and ignored). Texts and exit codes are jq 1.7.1's
//! (src/main.c): compile errors exit 3, runtime errors 5, a bad input 2 (`jq: error (at <stdin>:N)` /
//! `jq: parse error: ...`), `-e` 1 for a last output of null/false and 4 for none.
//! Known differences: regexes are regex-lite's (see funcs.rs); syntax errors lack bison's `expecting ...`
//! list; numbers compare as doubles (jq compares two literals as decimals); `$__loc__` is always line 1;
//! dates use UTC on the simulated clock; modules (`import`, `include`), `--seq`, `--stream`, `getpath` on
//! invalid paths and `ltrimstr` oddities beyond jq's own tests are not modelled; the playground's limits
//! (steps, nesting, output size) end a run with a message saying so.

mod eval;
mod funcs;
mod parse;
pub mod value;

use super::{Io, Session};
use eval::{Bind, Env, Ev, Inputs, E, P};
use parse::{Ast, Pat};
use std::collections::HashMap;
use std::rc::Rc;
use value::{dump, Reader, Style, V};

/// Output one run may write: the playground's limit (the terminal is a browser tab).
const OUTPUT_LIMIT: usize = 8 << 20;
const BUILTIN_SRC: &str = include_str!("builtin.jq");

const USAGE_SHORT: &str = "Usage:\tjq [options] <jq filter> [file...]\n\tjq [options] --args <jq filter> [strings...]\n\tjq [options] --jsonargs <jq filter> [JSON_TEXTS...]\n\njq is a tool for processing JSON inputs, applying the given filter to\nits JSON text inputs and producing the filter's results as JSON on\nstandard output.\n\nThe simplest filter is ., which copies jq's input to its output\nunmodified except for formatting. For more advanced filters see\nthe jq(1) manpage (\"man jq\") and/or https://jqlang.github.io/jq/.\n\nExample:\n\n\t$ echo '{\"foo\": 0}' | jq .\n\t{\n\t  \"foo\": 0\n\t}\n\n";
const DIE: &str = "Use jq --help for help with command-line options,\nor see the jq manpage, or online docs  at https://jqlang.github.io/jq\n";

/// The input texts, read value by value as the program asks for them (`input`, `inputs`).
struct Src {
    texts: Vec<(String, String)>,
    cur: usize,
    pos: usize,
    raw: bool,
    /// Where the last value read ended: `<stdin>:N` for error messages.
    at: String,
    failed: Option<String>,
    /// Newlines counted in the current text up to a byte offset, so numbering the lines stays linear.
    counted: (usize, usize),
}

impl Src {
    fn line_at(&mut self, end: usize) -> usize {
        let text = &self.texts[self.cur].1;
        let (to, n) = self.counted;
        if end > to {
            self.counted = (end, n + text[to..end].matches('\n').count());
        }
        self.counted.1
    }

    fn next(&mut self) -> Option<Result<V, String>> {
        loop {
            let (name, text) = self.texts.get(self.cur)?;
            if self.pos >= text.len() {
                self.cur += 1;
                self.pos = 0;
                self.counted = (0, 0);
                continue;
            }
            let rest = &text[self.pos..];
            if self.raw {
                let (line, used) = match rest.find('\n') {
                    Some(i) => (&rest[..i], i + 1),
                    None => (rest, rest.len()),
                };
                let (v, name) = (V::str(line), name.clone());
                self.pos += used;
                self.at = format!("{name}:{}", self.line_at(self.pos));
                return Some(Ok(v));
            }
            let mut r = Reader::new(rest);
            let res = r.next_value();
            let end = self.pos + r.pos;
            // jq reads whole lines: the position counts the newlines up to the end of the value's line.
            let line_end = text[end..].find('\n').map(|i| end + i + 1).unwrap_or(text.len());
            let name = name.clone();
            self.at = format!("{name}:{}", self.line_at(line_end));
            match res {
                Ok(Some(v)) => {
                    // A value glued to the next token (`1x`, `"a"b`): jq's parser reports the bad token.
                    self.pos = end;
                    return Some(Ok(v));
                }
                Ok(None) => {
                    self.cur += 1;
                    self.pos = 0;
                    self.counted = (0, 0);
                }
                Err(e) => {
                    self.cur = self.texts.len();
                    self.failed = Some(e.clone());
                    return Some(Err(e));
                }
            }
        }
    }
}

impl Inputs for Src {
    fn next_input(&mut self) -> Option<Result<V, String>> {
        self.next()
    }
    fn position(&self) -> String {
        self.at.clone()
    }
    fn line(&self) -> usize {
        self.at.rsplit(':').next().and_then(|n| n.parse().ok()).unwrap_or(0)
    }
}

#[derive(Default)]
struct Opts {
    raw: bool,
    join: bool,
    null_input: bool,
    slurp: bool,
    exit_status: bool,
    raw_input: bool,
    style: Style,
    named: Vec<(Rc<str>, V)>,
    positional: Vec<V>,
    /// `--slurpfile`/`--rawfile` (name, file, raw) and `-f FILE`: read from the session's files once parsed.
    files_args: Vec<(String, String, bool)>,
    from_file: bool,
}

fn compile_error(src: &str, msg: &str, pos: usize) -> String {
    let line_start = src[..pos.min(src.len())].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line_no = src[..line_start].matches('\n').count() + 1;
    let line_end = src[line_start..].find('\n').map(|i| line_start + i + 1).unwrap_or(src.len());
    format!(
        "jq: error: {msg} at <top-level>, line {line_no}:\n{}{}\n",
        &src[line_start..line_end],
        " ".repeat(pos.saturating_sub(line_start))
    )
}

/// Undefined functions and variables, found before the program runs (jq's compile errors).
struct Check<'a> {
    defs: &'a HashMap<(Rc<str>, usize), Rc<parse::FnDef>>,
    errors: Vec<(String, usize)>,
}

impl Check<'_> {
    fn walk(&mut self, a: &Ast, funcs: &mut Vec<(Rc<str>, usize)>, vars: &mut Vec<Rc<str>>, labels: &mut Vec<Rc<str>>) {
        match a {
            Ast::Id | Ast::RecAll | Ast::Lit(_) | Ast::Format(_) | Ast::Loc => {}
            Ast::Str(_, parts) => {
                for p in parts {
                    if let parse::Part::Code(c) = p {
                        self.walk(c, funcs, vars, labels);
                    }
                }
            }
            Ast::Index(t, k, _) => {
                self.walk(t, funcs, vars, labels);
                self.walk(k, funcs, vars, labels);
            }
            Ast::Slice(t, s, e, _) => {
                self.walk(t, funcs, vars, labels);
                for x in [s, e].into_iter().flatten() {
                    self.walk(x, funcs, vars, labels);
                }
            }
            Ast::Iter(t, _) | Ast::Neg(t) => self.walk(t, funcs, vars, labels),
            Ast::Try(b, c) => {
                self.walk(b, funcs, vars, labels);
                if let Some(c) = c {
                    self.walk(c, funcs, vars, labels);
                }
            }
            Ast::Arr(b) => {
                if let Some(b) = b {
                    self.walk(b, funcs, vars, labels);
                }
            }
            Ast::Obj(ents) => {
                for (k, v) in ents {
                    self.walk(k, funcs, vars, labels);
                    if let Some(v) = v {
                        self.walk(v, funcs, vars, labels);
                    }
                }
            }
            Ast::Pipe(l, r)
            | Ast::Comma(l, r)
            | Ast::Bin(_, l, r)
            | Ast::And(l, r)
            | Ast::Or(l, r)
            | Ast::Alt(l, r)
            | Ast::Assign(_, l, r) => {
                self.walk(l, funcs, vars, labels);
                self.walk(r, funcs, vars, labels);
            }
            Ast::If(arms, e) => {
                for (c, t) in arms {
                    self.walk(c, funcs, vars, labels);
                    self.walk(t, funcs, vars, labels);
                }
                if let Some(e) = e {
                    self.walk(e, funcs, vars, labels);
                }
            }
            Ast::As(src, pats, body) => {
                self.walk(src, funcs, vars, labels);
                let n = vars.len();
                for p in pats {
                    self.pat(p, funcs, vars, labels);
                }
                self.walk(body, funcs, vars, labels);
                vars.truncate(n);
            }
            Ast::Reduce(src, pat, init, upd) | Ast::Foreach(src, pat, init, upd, _) => {
                self.walk(src, funcs, vars, labels);
                self.walk(init, funcs, vars, labels);
                let n = vars.len();
                self.pat(pat, funcs, vars, labels);
                self.walk(upd, funcs, vars, labels);
                if let Ast::Foreach(_, _, _, _, Some(x)) = a {
                    self.walk(x, funcs, vars, labels);
                }
                vars.truncate(n);
            }
            Ast::Label(l, b) => {
                labels.push(l.clone());
                self.walk(b, funcs, vars, labels);
                labels.pop();
            }
            Ast::Break(l, pos) => {
                if !labels.contains(l) {
                    self.errors.push((format!("$*label-{l} is not defined"), *pos));
                }
            }
            Ast::Var(n, pos) => {
                if !vars.contains(n) && &**n != "ENV" && &**n != "__prog_args" {
                    self.errors.push((format!("${n} is not defined"), *pos));
                }
            }
            Ast::Call(name, args, pos) => {
                let known = funcs.iter().any(|f| f.0 == *name && f.1 == args.len())
                    || self.defs.contains_key(&(name.clone(), args.len()))
                    || funcs::NATIVE.iter().any(|f| f.0 == &**name && f.1 == args.len());
                if !known {
                    self.errors.push((format!("{name}/{} is not defined", args.len()), *pos));
                }
                for x in args {
                    self.walk(x, funcs, vars, labels);
                }
            }
            Ast::Def(d, rest) => {
                let (nf, nv) = (funcs.len(), vars.len());
                funcs.push((d.name.clone(), d.params.len()));
                for p in &d.params {
                    match p.strip_prefix('$') {
                        Some(v) => {
                            vars.push(v.into());
                            funcs.push((v.into(), 0));
                        }
                        None => funcs.push((p.clone(), 0)),
                    }
                }
                // A function body sees no labels from outside it.
                let mut inner = Vec::new();
                self.walk(&d.body, funcs, vars, &mut inner);
                funcs.truncate(nf + 1);
                vars.truncate(nv);
                self.walk(rest, funcs, vars, labels);
                funcs.truncate(nf);
            }
        }
    }
    fn pat(&mut self, p: &Pat, funcs: &mut Vec<(Rc<str>, usize)>, vars: &mut Vec<Rc<str>>, labels: &mut Vec<Rc<str>>) {
        match p {
            Pat::Var(n) => vars.push(n.clone()),
            Pat::Arr(ps) => ps.iter().for_each(|x| self.pat(x, funcs, vars, labels)),
            Pat::Obj(ents) => {
                for (n, key, sub) in ents {
                    if let Some(k) = key {
                        self.walk(k, funcs, vars, labels);
                    }
                    if let Some(n) = n {
                        vars.push(n.clone());
                    }
                    if let Some(s) = sub {
                        self.pat(s, funcs, vars, labels);
                    }
                }
            }
        }
    }
}

fn builtin_defs() -> HashMap<(Rc<str>, usize), Rc<parse::FnDef>> {
    let mut defs = HashMap::new();
    let Ok(mut a) = parse::parse(&format!("{BUILTIN_SRC} .")) else { return defs };
    while let Ast::Def(d, rest) = a {
        defs.insert((d.name.clone(), d.params.len()), d);
        a = *rest;
    }
    defs
}

fn parse_args(args: &[String], stdin_piped: bool) -> Result<(Opts, String, Vec<String>), Io> {
    let mut o = Opts { style: Style { indent: Some(2), ..Default::default() }, ..Default::default() };
    let (mut program, mut files, mut done) = (None, Vec::new(), false);
    let (mut as_strings, mut as_json) = (false, false);
    let mut i = 0;
    let die = |msg: String| Io::fail(2, format!("{msg}{DIE}"));
    while i < args.len() {
        let a = &args[i];
        let optish = a.starts_with('-') && a[1..].starts_with(|c: char| c == '-' || c.is_ascii_alphabetic());
        if done || !optish {
            if program.is_none() {
                program = Some(a.clone());
            } else if as_strings {
                o.positional.push(V::str(a.as_str()));
            } else if as_json {
                match value::parse_one(a) {
                    Ok(v) => o.positional.push(v),
                    Err(_) => return Err(die("jq: invalid JSON text passed to --jsonargs\n".into())),
                }
            } else {
                files.push(a.clone());
            }
            i += 1;
            continue;
        }
        let two = |i: usize, what: &str, eg: &str| -> Result<(String, String), Io> {
            match (args.get(i + 1), args.get(i + 2)) {
                (Some(n), Some(v)) => Ok((n.clone(), v.clone())),
                _ => Err(die(format!("jq: --{what} takes two parameters (e.g. --{what} {eg})\n"))),
            }
        };
        match a.as_str() {
            "--" => done = true,
            "--tab" => o.style.indent = Some(0),
            "--indent" => {
                let n = args.get(i + 1).and_then(|n| n.parse::<i32>().ok());
                match n {
                    None if args.get(i + 1).is_none() => return Err(die("jq: --indent takes one parameter\n".into())),
                    Some(n) if (-1..=7).contains(&n) => {
                        o.style.indent = if n <= 0 { None } else { Some(n as usize) };
                    }
                    _ => return Err(die("jq: --indent takes a number between -1 and 7\n".into())),
                }
                i += 1;
            }
            "--arg" => {
                let (n, v) = two(i, "arg", "varname value")?;
                if !o.named.iter().any(|e| *e.0 == *n) {
                    o.named.push((n.into(), V::str(v)));
                }
                i += 2;
            }
            "--argjson" => {
                let (n, v) = two(i, "argjson", "varname text")?;
                let Ok(v) = value::parse_one(&v) else {
                    return Err(die("jq: invalid JSON text passed to --argjson\n".into()));
                };
                if !o.named.iter().any(|e| *e.0 == *n) {
                    o.named.push((n.into(), v));
                }
                i += 2;
            }
            "--slurpfile" | "--rawfile" => {
                let which = &a[2..];
                let (n, f) = two(i, which, "varname filename")?;
                if !o.named.iter().any(|e| *e.0 == *n) && !o.files_args.iter().any(|e| e.0 == n) {
                    o.files_args.push((n, f, which == "rawfile"));
                }
                i += 2;
            }
            "--from-file" => o.from_file = true,
            "--args" => (as_strings, as_json) = (true, false),
            "--jsonargs" => (as_strings, as_json) = (false, true),
            "--raw-output" => o.raw = true,
            "--join-output" => (o.raw, o.join) = (true, true),
            "--compact-output" => o.style.indent = None,
            "--null-input" => o.null_input = true,
            "--slurp" => o.slurp = true,
            "--exit-status" => o.exit_status = true,
            "--sort-keys" => o.style.sort = true,
            "--ascii-output" => o.style.ascii = true,
            "--raw-input" => o.raw_input = true,
            "--monochrome-output" | "--color-output" | "--unbuffered" => {}
            "--version" | "-V" => return Err(Io::ok("jq-1.7.1\n")),
            "--help" | "-h" => {
                return Err(Io::ok(format!("jq - commandline JSON processor [version 1.7.1]\n\n{USAGE_SHORT}")))
            }
            s if !s.starts_with("--") && s[1..].chars().all(|c| "rjcnseSaRMChf".contains(c)) => {
                for c in s[1..].chars() {
                    match c {
                        'r' => o.raw = true,
                        'j' => (o.raw, o.join) = (true, true),
                        'c' => o.style.indent = None,
                        'n' => o.null_input = true,
                        's' => o.slurp = true,
                        'e' => o.exit_status = true,
                        'S' => o.style.sort = true,
                        'a' => o.style.ascii = true,
                        'R' => o.raw_input = true,
                        'f' => o.from_file = true,
                        'h' => {
                            return Err(Io::ok(format!(
                                "jq - commandline JSON processor [version 1.7.1]\n\n{USAGE_SHORT}"
                            )))
                        }
                        _ => {}
                    }
                }
            }
            _ => return Err(die(format!("jq: Unknown option {a}\n"))),
        }
        i += 1;
    }
    let program = match program {
        Some(p) => p,
        None if stdin_piped => ".".into(),
        None => {
            return Err(Io::fail(
                2,
                format!("jq - commandline JSON processor [version 1.7.1]\n\n{USAGE_SHORT}For listing the command options, use jq --help.\n"),
            ))
        }
    };
    Ok((o, program, files))
}

pub fn run(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let (mut o, mut program, files) = match parse_args(args, stdin.is_some()) {
        Ok(x) => x,
        Err(io) => return io,
    };
    if o.from_file {
        match s.read_file(&program) {
            Ok(b) => program = String::from_utf8_lossy(&b).into_owned(),
            Err(e) => return Io::fail(2, format!("jq: Could not open {program}: {e}\n")),
        }
    }
    for (name, f, raw) in std::mem::take(&mut o.files_args) {
        let which = if raw { "rawfile" } else { "slurpfile" };
        let text = match s.read_file(&f) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => return Io::fail(2, format!("jq: Bad JSON in --{which} {name} {f}: Could not open {f}: {e}\n")),
        };
        let v = if raw {
            V::str(text)
        } else {
            let mut r = Reader::new(&text);
            let mut items = Vec::new();
            loop {
                match r.next_value() {
                    Ok(Some(v)) => items.push(v),
                    Ok(None) => break,
                    Err(e) => return Io::fail(2, format!("jq: Bad JSON in --{which} {name} {f}: {e}\n")),
                }
            }
            V::arr(items)
        };
        o.named.push((name.into(), v));
    }
    let mut io = Io::default();
    let ast = match parse::parse(&program) {
        Ok(a) => a,
        Err(e) => {
            let msg = if e.msg.starts_with("syntax error") {
                format!("{} (Unix shell quoting issues?)", e.msg)
            } else {
                e.msg
            };
            return Io::fail(3, format!("{}jq: 1 compile error\n", compile_error(&program, &msg, e.pos)));
        }
    };
    let defs = builtin_defs();
    let mut check = Check { defs: &defs, errors: Vec::new() };
    let mut vars: Vec<Rc<str>> = o.named.iter().map(|e| e.0.clone()).collect();
    vars.push("ARGS".into());
    check.walk(&ast, &mut Vec::new(), &mut vars, &mut Vec::new());
    if !check.errors.is_empty() {
        let n = check.errors.len();
        let mut err: String = check.errors.iter().map(|(m, p)| compile_error(&program, m, *p)).collect();
        err.push_str(&format!("jq: {n} compile error{}\n", if n == 1 { "" } else { "s" }));
        return Io::fail(3, err);
    }
    // Inputs: the named files, else stdin.
    let mut texts = Vec::new();
    let mut open_failed = false;
    if files.is_empty() {
        texts.push(("<stdin>".to_string(), stdin.unwrap_or_default()));
    }
    for f in &files {
        match s.read_file(f) {
            Ok(b) => texts.push((f.clone(), String::from_utf8_lossy(&b).into_owned())),
            Err(e) => {
                io.err(format!("jq: error: Could not open file {f}: {e}\n"));
                open_failed = true;
            }
        }
    }
    let env_obj = V::Obj(Rc::new(
        s.env
            .iter()
            .filter(|(k, _)| !k.contains('['))
            .map(|(k, v)| (Rc::from(k.as_str()), V::str(v.as_str())))
            .collect(),
    ));
    let now = (crate::cluster::EPOCH_UNIX as f64) + s.cluster().now() as f64 / 1000.0;
    let mut src =
        Src { texts, cur: 0, pos: 0, raw: o.raw_input, at: "<unknown>".into(), failed: None, counted: (0, 0) };
    let named = V::Obj(Rc::new(o.named.clone()));
    let args_obj = V::Obj(Rc::new(vec![("positional".into(), V::arr(o.positional.clone())), ("named".into(), named)]));
    let mut env: Env = None;
    env = eval::bind(&env, Bind::Var("ARGS".into(), args_obj));
    for (n, v) in &o.named {
        env = eval::bind(&env, Bind::Var(n.clone(), v.clone()));
    }
    // Slurped or null input is decided before the program starts.
    let mut first: Option<V> = None;
    if o.null_input {
        first = Some(V::Null);
    } else if o.slurp {
        if o.raw_input {
            let all: String = src.texts.iter().map(|t| t.1.as_str()).collect();
            src.cur = src.texts.len();
            first = Some(V::str(all));
        } else {
            let mut items = Vec::new();
            loop {
                match src.next() {
                    Some(Ok(v)) => items.push(v),
                    Some(Err(e)) => {
                        io.err(format!("jq: parse error: {e}\n"));
                        io.code = 5;
                        return io;
                    }
                    None => break,
                }
            }
            first = Some(V::arr(items));
        }
    }
    let mut out = String::new();
    let (mut ret, mut last_result): (i32, i32) = (-4, -1);
    let mut halted = false;
    let mut budget_hit = false;
    {
        let mut ev = Ev::new(&mut src, env_obj, now);
        ev.defs = defs;
        let mut pending = first.take();
        let single = pending.is_some();
        loop {
            let input = match pending.take() {
                Some(v) => v,
                None if single => break,
                None => match ev.inputs.next_input() {
                    Some(Ok(v)) => v,
                    Some(Err(e)) => {
                        flush(&mut io, &mut out, &mut ev.stderr);
                        io.err(format!("jq: parse error: {e}\n"));
                        ret = 5;
                        break;
                    }
                    None => break,
                },
            };
            ret = -4;
            let r = ev.ev(&ast, input, P::Val, &env.clone(), &mut |ev, v, _| {
                if !ev.stderr.is_empty() {
                    // stderr lines (debug, stderr) stay in order with the outputs around them.
                    flush(&mut io, &mut out, &mut ev.stderr);
                }
                if o.raw && matches!(v, V::Str(_)) {
                    // With -a, jq writes raw strings as escaped JSON strings, quotes included (main.c).
                    match &v {
                        V::Str(_) if o.style.ascii => out.push_str(&dump(&v, o.style)),
                        V::Str(s) => out.push_str(s),
                        _ => {}
                    }
                    ret = 0;
                } else {
                    ret = if v.truthy() { 0 } else { -1 };
                    if o.style.ascii || o.style.sort || o.style.indent.is_some() {
                        out.push_str(&dump(&v, o.style));
                    } else {
                        out.push_str(&value::tojson(&v));
                    }
                }
                if !o.join {
                    out.push('\n');
                }
                if out.len() > OUTPUT_LIMIT {
                    return Err(E::Limit(format!("the playground's jq writes at most {} MiB", OUTPUT_LIMIT >> 20)));
                }
                Ok(())
            });
            flush(&mut io, &mut out, &mut ev.stderr);
            match r {
                // An uncaught `error(null)` ends the program silently, as backtracking does (main.c).
                Ok(()) | Err(E::Err(V::Null)) => {}
                Err(E::Err(v)) => {
                    let at = at_of(&mut ev);
                    match &v {
                        V::Str(m) => io.err(format!("jq: error (at {at}): {m}\n")),
                        _ => io.err(format!("jq: error (at {at}) (not a string): {}\n", value::tojson(&v))),
                    }
                    ret = 5;
                }
                Err(E::Break(_)) => {
                    io.err(format!("jq: error (at {}): break\n", at_of(&mut ev)));
                    ret = 5;
                }
                Err(E::Limit(m)) => {
                    io.err(format!("jq: error: {m}\n"));
                    ret = 5;
                    budget_hit = true;
                }
                Err(E::Halt(code, v)) => {
                    match &v {
                        V::Str(m) => io.err(m.to_string()),
                        V::Null => {}
                        _ => io.err(format!("{}\n", value::tojson(&v))),
                    }
                    ret = code;
                    halted = true;
                }
                Err(E::Up(_, e)) => {
                    io.err(format!("jq: error: {e:?}\n"));
                    ret = 5;
                }
            }
            if ret <= 0 && ret != -4 {
                last_result = if ret != -1 { 1 } else { 0 };
            }
            if halted || budget_hit {
                break;
            }
        }
    }
    let _ = last_result;
    if open_failed && !halted {
        ret = 2;
    }
    io.code = if o.exit_status && !halted {
        if ret != -4 {
            ret.abs()
        } else {
            match last_result {
                -1 => 4,
                0 => 1,
                _ => 0,
            }
        }
    } else if ret > 0 || halted {
        ret
    } else {
        0
    };
    io
}

fn at_of(ev: &mut Ev) -> String {
    ev.inputs.position()
}

fn flush(io: &mut Io, out: &mut String, err: &mut String) {
    io.out(std::mem::take(out));
    io.err(std::mem::take(err));
}
