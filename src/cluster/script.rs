//! A container's `sh -c SCRIPT` main process that runs over simulated time. The script is parsed once into
//! a flat program (compound commands compiled to jumps), so a running process is only a program counter,
//! `$?`, its variables and the `for` loops it is inside: it runs until a `sleep N`, and the kubelet resumes it
//! N later. Simple commands (with their pipes and redirections) go to the container's interpreter
//! ([`super::exec::shell`]) with the process's variables overlaid on the container's environment.
//!
//! Invariants: a resume never runs more than [`STEPS_PER_RESUME`] instructions (a loop without `sleep` is a
//! busy process, not a hung simulation); nothing reads a clock but the host's `now`; a script this parser does
//! not follow (functions, `case`, `&`, subshells, here-documents) is not a `Program`, and the caller keeps its
//! older shapes for it.

use super::exec::{self, Host, HttpError, Userland};
use super::ExecOutput;
use std::collections::BTreeMap;

/// How many instructions one resume runs at most. A `while true; do :; done` reaches it every time: the
/// process stays Running (as a busy real one does) and the kubelet resumes it a [`BUSY_SLICE_MS`] later, so
/// simulated time moves on.
pub const STEPS_PER_RESUME: usize = 1_000;
pub const BUSY_SLICE_MS: u64 = 1_000;

#[derive(Clone, Debug, PartialEq)]
enum Instr {
    /// A simple command (a pipeline of them), its source text as written.
    Run(String),
    /// `NAME=value ...` on its own: each value expanded, no command run.
    Assign(Vec<(String, String)>),
    Sleep(String),
    /// A command that never returns (`sleep infinity`, `tail -f`): what it prints at once (if it is run), then
    /// the process waits until it is stopped.
    Block(Option<String>),
    Exit(Option<String>),
    Status(i32),
    Jump(usize),
    JumpIfFail(usize),
    JumpIfOk(usize),
    /// `for NAME in WORDS`: the words expanded once, onto the loop stack.
    ForInit(String),
    /// The next word into NAME, or leave the loop (popping it) to the target.
    ForNext {
        name: String,
        end: usize,
    },
    /// `break`/`continue` out of `pops` `for` loops.
    Leave {
        target: usize,
        pops: usize,
    },
}

/// A parsed script.
#[derive(Clone, Debug, PartialEq)]
pub struct Program(Vec<Instr>);

/// Why a resume stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum Yield {
    Sleep(u64),
    /// Blocked for good: only a signal ends it.
    Forever,
    Exit(i32),
    Busy,
}

/// A running script.
#[derive(Clone, Debug)]
pub struct Process {
    prog: std::rc::Rc<Program>,
    pc: usize,
    status: i32,
    vars: BTreeMap<String, String>,
    fors: Vec<(Vec<String>, usize)>,
}

// ---- lexing ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A word and its byte span in the script.
    Word(String, usize, usize),
    Op(&'static str, usize),
}

fn lex(src: &str) -> Option<Vec<Tok>> {
    let b = src.as_bytes();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' => i += 1,
            b'\\' if b.get(i + 1) == Some(&b'\n') => i += 2,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\n' => {
                toks.push(Tok::Op("\n", i));
                i += 1;
            }
            b';' if b.get(i + 1) == Some(&b';') => return None,
            b';' => {
                toks.push(Tok::Op(";", i));
                i += 1;
            }
            b'&' if b.get(i + 1) == Some(&b'&') => {
                toks.push(Tok::Op("&&", i));
                i += 2;
            }
            b'|' if b.get(i + 1) == Some(&b'|') => {
                toks.push(Tok::Op("||", i));
                i += 2;
            }
            b'|' => {
                toks.push(Tok::Op("|", i));
                i += 1;
            }
            // Background jobs, subshells, here-documents: not followed.
            b'&' | b'(' | b')' => return None,
            b'<' if b.get(i + 1) == Some(&b'<') => return None,
            _ => {
                let start = i;
                i = word_end(b, i)?;
                toks.push(Tok::Word(src[start..i].to_string(), start, i));
            }
        }
    }
    Some(toks)
}

/// The end of the word at `i`: quotes and `$(...)` keep blanks and operators inside it.
fn word_end(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' => break,
            b'\\' => i += 2,
            b'\'' => i += 1 + b[i + 1..].iter().position(|c| *c == b'\'')? + 1,
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if b[i] == b'$' && b.get(i + 1) == Some(&b'(') {
                        i = paren_end(b, i + 1)?;
                        continue;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return None;
                }
                i += 1;
            }
            b'$' if b.get(i + 1) == Some(&b'(') => i = paren_end(b, i + 1)?,
            _ => i += 1,
        }
    }
    Some(i.min(b.len()))
}

/// Past the `)` that closes the `(` at `i`.
fn paren_end(b: &[u8], mut i: usize) -> Option<usize> {
    let mut depth = 0;
    while i < b.len() {
        match b[i] {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b'\'' => i += b[i + 1..].iter().position(|c| *c == b'\'')? + 1,
            _ => {}
        }
        i += 1;
    }
    None
}

// ---- parsing and compiling --------------------------------------------------------------------------------

const RESERVED: &[&str] = &["do", "done", "then", "elif", "else", "fi", "}", "in"];

struct Compiler<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    k: usize,
    code: Vec<Instr>,
    /// Per enclosing loop: its `continue` target, the `break` jumps to patch, whether it is a `for`.
    loops: Vec<(usize, Vec<usize>, bool)>,
}

/// Parses `sh -c`'s text; None when it uses syntax this module does not follow (or is not valid).
pub fn parse(src: &str) -> Option<Program> {
    let mut c = Compiler { src, toks: lex(src)?, k: 0, code: Vec::new(), loops: Vec::new() };
    c.list(&[])?;
    if c.k < c.toks.len() {
        return None;
    }
    Some(Program(c.code))
}

impl Compiler<'_> {
    fn word(&self) -> Option<&str> {
        match self.toks.get(self.k) {
            Some(Tok::Word(w, ..)) => Some(w),
            _ => None,
        }
    }

    fn op(&self) -> Option<&'static str> {
        match self.toks.get(self.k) {
            Some(Tok::Op(o, _)) => Some(o),
            _ => None,
        }
    }

    fn skip_separators(&mut self) {
        while matches!(self.op(), Some(";" | "\n")) {
            self.k += 1;
        }
    }

    fn skip_newlines(&mut self) {
        while self.op() == Some("\n") {
            self.k += 1;
        }
    }

    fn expect(&mut self, kw: &str) -> Option<()> {
        self.skip_separators();
        (self.word() == Some(kw)).then(|| self.k += 1)
    }

    /// Commands until one of `stop` (a reserved word in command position) or the end.
    fn list(&mut self, stop: &[&str]) -> Option<()> {
        loop {
            self.skip_separators();
            match self.word() {
                None if self.k >= self.toks.len() => return Some(()),
                Some(w) if stop.contains(&w) => return Some(()),
                Some(w) if RESERVED.contains(&w) => return None,
                None => return None,
                Some(_) => {}
            }
            self.and_or()?;
            match self.op() {
                Some(";" | "\n") | None => {}
                _ => return None,
            }
        }
    }

    fn and_or(&mut self) -> Option<()> {
        self.command()?;
        while let Some(op @ ("&&" | "||")) = self.op() {
            self.k += 1;
            self.skip_newlines();
            let jump = self.code.len();
            self.code.push(Instr::Jump(0));
            self.command()?;
            let after = self.code.len();
            self.code[jump] = if op == "&&" { Instr::JumpIfFail(after) } else { Instr::JumpIfOk(after) };
        }
        Some(())
    }

    fn command(&mut self) -> Option<()> {
        match self.word()? {
            "while" | "until" => {
                let until = self.word() == Some("until");
                self.k += 1;
                let top = self.code.len();
                self.list(&["do"])?;
                self.expect("do")?;
                let test = self.code.len();
                self.code.push(Instr::Jump(0));
                self.loops.push((top, Vec::new(), false));
                self.list(&["done"])?;
                self.expect("done")?;
                self.code.push(Instr::Jump(top));
                let end = self.code.len();
                // The loop's status is its body's last, 0 if the body never ran; not the condition's that ended
                // it. Taken as 0 always: a body ending in a failure is the rare case this gets wrong.
                self.code.push(Instr::Status(0));
                self.code[test] = if until { Instr::JumpIfOk(end) } else { Instr::JumpIfFail(end) };
                self.end_loop(end);
            }
            "for" => {
                self.k += 1;
                let name = self.word().filter(|n| is_name(n))?.to_string();
                self.k += 1;
                self.skip_newlines();
                let mut words = String::new();
                if self.word() == Some("in") {
                    self.k += 1;
                    while let Some(Tok::Word(_, a, b)) = self.toks.get(self.k) {
                        words.push_str(&self.src[*a..*b]);
                        words.push(' ');
                        self.k += 1;
                    }
                }
                self.code.push(Instr::ForInit(words));
                let next = self.code.len();
                self.code.push(Instr::ForNext { name, end: 0 });
                self.expect("do")?;
                self.loops.push((next, Vec::new(), true));
                self.list(&["done"])?;
                self.expect("done")?;
                self.code.push(Instr::Jump(next));
                let end = self.code.len();
                if let Instr::ForNext { end: e, .. } = &mut self.code[next] {
                    *e = end;
                }
                self.end_loop(end);
            }
            "if" => {
                self.k += 1;
                let mut to_end = Vec::new();
                loop {
                    self.list(&["then"])?;
                    self.expect("then")?;
                    let test = self.code.len();
                    self.code.push(Instr::Jump(0));
                    self.list(&["elif", "else", "fi"])?;
                    to_end.push(self.code.len());
                    self.code.push(Instr::Jump(0));
                    self.code[test] = Instr::JumpIfFail(self.code.len());
                    match self.word() {
                        Some("elif") => self.k += 1,
                        Some("else") => {
                            self.k += 1;
                            self.list(&["fi"])?;
                            break;
                        }
                        // No branch taken: `if` is 0 (POSIX), whatever its conditions returned.
                        _ => {
                            self.code.push(Instr::Status(0));
                            break;
                        }
                    }
                }
                self.expect("fi")?;
                let end = self.code.len();
                for j in to_end {
                    self.code[j] = Instr::Jump(end);
                }
            }
            "{" => {
                self.k += 1;
                self.list(&["}"])?;
                self.expect("}")?;
            }
            _ => return self.simple(),
        }
        // A compound command's redirections and pipes are not followed.
        match self.op() {
            Some("|") => None,
            _ if self.word().is_some() => None,
            _ => Some(()),
        }
    }

    fn end_loop(&mut self, end: usize) {
        let (_, breaks, _) = self.loops.pop().expect("pushed by the loop");
        for j in breaks {
            if let Instr::Leave { target, .. } = &mut self.code[j] {
                *target = end;
            }
        }
    }

    fn simple(&mut self) -> Option<()> {
        let start = self.k;
        let mut pipe = false;
        loop {
            match self.toks.get(self.k) {
                Some(Tok::Word(..)) => self.k += 1,
                Some(Tok::Op("|", _)) => {
                    pipe = true;
                    self.k += 1;
                    self.skip_newlines();
                }
                _ => break,
            }
        }
        let words: Vec<&str> = self.toks[start..self.k]
            .iter()
            .filter_map(|t| match t {
                Tok::Word(w, ..) => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let (Some(Tok::Word(_, a, _)), Some(Tok::Word(_, _, b))) = (self.toks.get(start), self.toks.get(self.k - 1))
        else {
            return None;
        };
        let text = self.src[*a..*b].to_string();
        let rest = || words[1..].join(" ");
        let simple = !pipe && !redirects(text.as_bytes());
        let instr = match words[0] {
            "sleep" if simple && words == ["sleep", "infinity"] => Instr::Block(None),
            "sleep" if simple && words.len() == 2 => Instr::Sleep(rest()),
            // Following a file waits for more of it for ever (nothing else writes to it here).
            "tail" if words.iter().any(|w| matches!(*w, "-f" | "-F")) => {
                Instr::Block((!words.contains(&"/dev/null")).then_some(text))
            }
            "exit" if simple && words.len() <= 2 => Instr::Exit(words.get(1).map(|w| w.to_string())),
            ":" | "true" if simple => Instr::Status(0),
            "false" if simple => Instr::Status(1),
            kw @ ("break" | "continue") if simple => {
                let n: usize = match words.get(1) {
                    Some(n) => n.parse().ok().filter(|n| *n > 0)?,
                    None => 1,
                };
                // Outside a loop dash ignores them; past the outermost loop they leave the outermost.
                if self.loops.is_empty() {
                    self.code.push(Instr::Status(0));
                    return Some(());
                }
                let depth = n.min(self.loops.len());
                let idx = self.loops.len() - depth;
                let pops = self.loops[idx..].iter().filter(|l| l.2).count();
                let here = self.code.len();
                if kw == "break" {
                    self.loops[idx].1.push(here);
                    Instr::Leave { target: 0, pops }
                } else {
                    // `continue` stays in its own loop: that loop's `for` words are kept.
                    let pops = pops - usize::from(self.loops[idx].2);
                    Instr::Leave { target: self.loops[idx].0, pops }
                }
            }
            _ if simple && words.iter().all(|w| assignment(w).is_some()) => Instr::Assign(
                words.iter().filter_map(|w| assignment(w)).map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            ),
            _ => Instr::Run(text),
        };
        self.code.push(instr);
        Some(())
    }
}

/// Whether a command's text redirects (a `>` or `<` outside quotes and `$(...)`).
fn redirects(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'>' | b'<' => return true,
            b'\\' => i += 1,
            b'\'' | b'"' => i += b[i + 1..].iter().position(|c| *c == b[i]).unwrap_or(b.len()) + 1,
            b'$' if b.get(i + 1) == Some(&b'(') => i = paren_end(b, i + 1).unwrap_or(b.len()) - 1,
            _ => {}
        }
        i += 1;
    }
    false
}

fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    cs.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn assignment(w: &str) -> Option<(&str, &str)> {
    let (n, v) = w.split_once('=')?;
    is_name(n).then_some((n, v))
}

// ---- running --------------------------------------------------------------------------------------------

/// The container's host with the process's variables and `$?` on top.
struct ScriptHost<'a> {
    inner: &'a mut dyn Host,
    vars: &'a BTreeMap<String, String>,
    status: i32,
}

impl Host for ScriptHost<'_> {
    fn has(&self, binary: &str) -> bool {
        self.inner.has(binary)
    }
    fn userland(&self) -> Userland {
        self.inner.userland()
    }
    fn nslookup(&self) -> super::apps::Nslookup {
        self.inner.nslookup()
    }
    fn old_busybox(&self) -> bool {
        self.inner.old_busybox()
    }
    fn read(&self, path: &str) -> Result<String, super::volumes::FsError> {
        self.inner.read(path)
    }
    fn write(&mut self, path: &str, content: &str, append: bool) -> Result<(), super::volumes::FsError> {
        self.inner.write(path, content, append)
    }
    fn list(&self, path: &str) -> Result<Vec<String>, super::volumes::FsError> {
        self.inner.list(path)
    }
    fn env(&self) -> Vec<(String, String)> {
        let mut env: Vec<(String, String)> =
            self.inner.env().into_iter().filter(|(k, _)| !self.vars.contains_key(k)).collect();
        env.extend(self.vars.iter().map(|(k, v)| (k.clone(), v.clone())));
        env
    }
    fn hostname(&self) -> String {
        self.inner.hostname()
    }
    fn workdir(&self) -> String {
        self.inner.workdir()
    }
    fn set_workdir(&mut self, dir: String) {
        self.inner.set_workdir(dir)
    }
    fn now(&self) -> u64 {
        self.inner.now()
    }
    fn lookup(&self, name: &str) -> super::dns::Lookup {
        self.inner.lookup(name)
    }
    fn reverse(&self, ip: &str) -> Option<String> {
        self.inner.reverse(ip)
    }
    fn http(&mut self, url: &super::network::Url) -> Result<(u16, String), HttpError> {
        self.inner.http(url)
    }
    fn signal_main(&mut self, signal: i32) -> bool {
        self.inner.signal_main(signal)
    }
    fn status(&self) -> i32 {
        self.status
    }
}

impl Process {
    pub fn new(prog: std::rc::Rc<Program>) -> Process {
        Process { prog, pc: 0, status: 0, vars: BTreeMap::new(), fors: Vec::new() }
    }

    /// Runs from where the process stopped until it sleeps, exits or has used its steps; the commands'
    /// output (stdout, then stderr, per command) is appended to `log`.
    pub fn resume(&mut self, host: &mut dyn Host, log: &mut String) -> Yield {
        let prog = self.prog.clone();
        for _ in 0..STEPS_PER_RESUME {
            let Some(instr) = prog.0.get(self.pc) else { return Yield::Exit(self.status) };
            self.pc += 1;
            match instr {
                Instr::Run(text) => {
                    let o = match exec::try_shell(&mut self.host(host), text) {
                        Ok(o) => o,
                        Err(e) => return self.fail(host, log, &e),
                    };
                    log.push_str(&o.stdout);
                    log.push_str(&o.stderr);
                    self.status = o.code;
                }
                Instr::Assign(pairs) => {
                    self.status = 0;
                    for (name, raw) in pairs {
                        let v = self.expand(host, raw).map(|w| w.join(" "));
                        match v {
                            Ok(v) => {
                                self.vars.insert(name.clone(), v);
                            }
                            Err(e) => return self.fail(host, log, &e),
                        }
                    }
                }
                Instr::Sleep(raw) => {
                    let arg = match self.expand(host, raw) {
                        Ok(w) => w.join(" "),
                        Err(e) => return self.fail(host, log, &e),
                    };
                    match super::apps::parse_sleep(&arg) {
                        // `sleep 0` gives up nothing: the loop around it goes on within this resume's steps.
                        Some(0) => self.status = 0,
                        Some(ms) => {
                            self.status = 0;
                            return Yield::Sleep(ms);
                        }
                        None => {
                            let msg = match host.userland() {
                                Userland::Gnu => format!(
                                    "sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n"
                                ),
                                Userland::Busybox => format!("sleep: invalid number '{arg}'\n"),
                            };
                            log.push_str(&msg);
                            self.status = 1;
                        }
                    }
                }
                Instr::Block(text) => {
                    if let Some(text) = text {
                        let o = self.shell(host, text);
                        log.push_str(&o.stdout);
                        log.push_str(&o.stderr);
                    }
                    return Yield::Forever;
                }
                Instr::Exit(arg) => {
                    let Some(raw) = arg else { return Yield::Exit(self.status) };
                    let n = match self.expand(host, raw) {
                        Ok(w) => w.join(" "),
                        Err(e) => return self.fail(host, log, &e),
                    };
                    return match n.parse::<i64>() {
                        Ok(v) => Yield::Exit(v.rem_euclid(256) as i32),
                        Err(_) => self.fail(host, log, &format!("exit: Illegal number: {n}")),
                    };
                }
                Instr::Status(s) => self.status = *s,
                Instr::Jump(t) => self.pc = *t,
                Instr::JumpIfFail(t) if self.status != 0 => self.pc = *t,
                Instr::JumpIfOk(t) if self.status == 0 => self.pc = *t,
                Instr::JumpIfFail(_) | Instr::JumpIfOk(_) => {}
                Instr::ForInit(raw) => match self.expand(host, raw) {
                    Ok(words) => self.fors.push((words, 0)),
                    Err(e) => return self.fail(host, log, &e),
                },
                Instr::ForNext { name, end } => {
                    let (words, at) = self.fors.last_mut().expect("ForInit runs first");
                    match words.get(*at).cloned() {
                        Some(w) => {
                            *at += 1;
                            self.vars.insert(name.clone(), w);
                        }
                        None => {
                            self.fors.pop();
                            self.pc = *end;
                            self.status = 0;
                        }
                    }
                }
                Instr::Leave { target, pops } => {
                    self.fors.truncate(self.fors.len().saturating_sub(*pops));
                    self.pc = *target;
                    self.status = 0;
                }
            }
        }
        Yield::Busy
    }

    fn host<'a>(&'a self, inner: &'a mut dyn Host) -> ScriptHost<'a> {
        ScriptHost { inner, vars: &self.vars, status: self.status }
    }

    fn shell(&self, host: &mut dyn Host, text: &str) -> ExecOutput {
        exec::shell(&mut self.host(host), text)
    }

    fn expand(&self, host: &mut dyn Host, raw: &str) -> Result<Vec<String>, String> {
        exec::expand_words(&mut self.host(host), raw)
    }

    /// A shell error ends a non-interactive shell with 2, its message in the shell's words.
    fn fail(&self, host: &mut dyn Host, log: &mut String, e: &str) -> Yield {
        log.push_str(&match host.userland() {
            Userland::Gnu => format!("sh: 1: {e}\n"),
            Userland::Busybox => format!("sh: {e}\n"),
        });
        Yield::Exit(2)
    }
}

/// `test`/`[` as the shells' builtins decide by argument count (POSIX; dash's and BusyBox's test.c):
/// strings, integers and the file tests the container's filesystem can answer. `-a`/`-o` are not followed.
pub fn test(host: &mut dyn Host, bin: &str, args: &[String]) -> ExecOutput {
    let gnu = host.userland() == Userland::Gnu;
    let fail = |msg: String| ExecOutput {
        stdout: String::new(),
        stderr: if gnu { format!("sh: 1: {bin}: {msg}\n") } else { format!("sh: {msg}\n") },
        code: 2,
    };
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if bin == "[" {
        if args.last() != Some(&"]") {
            return fail("missing ]".into());
        }
        args.pop();
    }
    let int = |s: &str| -> Result<i64, String> {
        s.trim().parse().map_err(|_| if gnu { format!("Illegal number: {s}") } else { format!("invalid number '{s}'") })
    };
    let file = |op: &str, path: &str| -> bool {
        match (op, host.read(path)) {
            ("-d", Err(super::volumes::FsError::IsDir)) => true,
            ("-e" | "-r" | "-w" | "-x", Err(super::volumes::FsError::IsDir)) => true,
            ("-f" | "-e" | "-r" | "-w" | "-x", Ok(_)) => true,
            ("-s", Ok(text)) => !text.is_empty(),
            _ => false,
        }
    };
    fn unary(op: &str) -> bool {
        matches!(op, "-n" | "-z" | "-f" | "-d" | "-e" | "-s" | "-r" | "-w" | "-x")
    }
    let eval = |a: &[&str]| -> Result<bool, String> {
        match a {
            [] => Ok(false),
            [s] => Ok(!s.is_empty()),
            ["-n", s] => Ok(!s.is_empty()),
            ["-z", s] => Ok(s.is_empty()),
            [op, p] if unary(op) => Ok(file(op, p)),
            [l, op, r] => match *op {
                "=" | "==" => Ok(l == r),
                "!=" => Ok(l != r),
                "-eq" => Ok(int(l)? == int(r)?),
                "-ne" => Ok(int(l)? != int(r)?),
                "-lt" => Ok(int(l)? < int(r)?),
                "-le" => Ok(int(l)? <= int(r)?),
                "-gt" => Ok(int(l)? > int(r)?),
                "-ge" => Ok(int(l)? >= int(r)?),
                _ => Err(format!("{op}: binary operator expected")),
            },
            _ => Err("unexpected operator".into()),
        }
    };
    let result = match args.as_slice() {
        ["!", rest @ ..] if !rest.is_empty() && rest.len() <= 3 => eval(rest).map(|b| !b),
        a if a.len() <= 3 => eval(a),
        _ => Err("unexpected operator".into()),
    };
    match result {
        Ok(b) => ExecOutput { stdout: String::new(), stderr: String::new(), code: i32::from(!b) },
        Err(e) => fail(e),
    }
}

/// `$((EXPR))` as dash evaluates it (intmax_t, C precedence): numbers, variables (unset or empty is 0),
/// `+ - * / %`, comparisons, `!`, `&&`, `||` and parentheses.
pub fn arith(expr: &str, var: &dyn Fn(&str) -> String) -> Result<i64, String> {
    let toks = arith_lex(expr, var)?;
    let mut p = Arith { toks, k: 0, src: expr };
    let v = p.or()?;
    if p.k < p.toks.len() {
        return Err(p.err());
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq)]
enum ATok {
    Num(i64),
    Op(&'static str),
}

fn arith_lex(expr: &str, var: &dyn Fn(&str) -> String) -> Result<Vec<ATok>, String> {
    const OPS: &[&str] = &["<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "!", "(", ")"];
    let b = expr.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let n = expr[s..i].parse().map_err(|_| format!("arithmetic expression: expecting EOF: \"{expr}\""))?;
            out.push(ATok::Num(n));
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let s = i + usize::from(c == b'$');
            i = s;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let v = var(&expr[s..i]);
            let v = v.trim();
            let n = if v.is_empty() { 0 } else { v.parse().map_err(|_| format!("Illegal number: {v}"))? };
            out.push(ATok::Num(n));
        } else if let Some(op) = OPS.iter().find(|o| expr[i..].starts_with(**o)) {
            out.push(ATok::Op(op));
            i += op.len();
        } else {
            return Err(format!("arithmetic expression: expecting primary: \"{expr}\""));
        }
    }
    Ok(out)
}

struct Arith<'a> {
    toks: Vec<ATok>,
    k: usize,
    src: &'a str,
}

impl Arith<'_> {
    fn err(&self) -> String {
        format!("arithmetic expression: expecting primary: \"{}\"", self.src)
    }

    fn eat(&mut self, ops: &[&'static str]) -> Option<&'static str> {
        match self.toks.get(self.k) {
            Some(ATok::Op(o)) if ops.contains(o) => {
                self.k += 1;
                Some(o)
            }
            _ => None,
        }
    }

    fn binary(
        &mut self,
        ops: &[&'static str],
        next: fn(&mut Self) -> Result<i64, String>,
        f: fn(&str, i64, i64) -> Result<i64, String>,
    ) -> Result<i64, String> {
        let mut v = next(self)?;
        while let Some(op) = self.eat(ops) {
            let r = next(self)?;
            v = f(op, v, r)?;
        }
        Ok(v)
    }

    fn or(&mut self) -> Result<i64, String> {
        self.binary(&["||"], Self::and, |_, a, b| Ok(i64::from(a != 0 || b != 0)))
    }
    fn and(&mut self) -> Result<i64, String> {
        self.binary(&["&&"], Self::eq, |_, a, b| Ok(i64::from(a != 0 && b != 0)))
    }
    fn eq(&mut self) -> Result<i64, String> {
        self.binary(&["==", "!="], Self::rel, |op, a, b| Ok(i64::from((a == b) == (op == "=="))))
    }
    fn rel(&mut self) -> Result<i64, String> {
        self.binary(&["<=", ">=", "<", ">"], Self::add, |op, a, b| {
            Ok(i64::from(match op {
                "<=" => a <= b,
                ">=" => a >= b,
                "<" => a < b,
                _ => a > b,
            }))
        })
    }
    fn add(&mut self) -> Result<i64, String> {
        self.binary(&["+", "-"], Self::mul, |op, a, b| {
            Ok(if op == "+" { a.wrapping_add(b) } else { a.wrapping_sub(b) })
        })
    }
    fn mul(&mut self) -> Result<i64, String> {
        self.binary(&["*", "/", "%"], Self::unary, |op, a, b| match op {
            "*" => Ok(a.wrapping_mul(b)),
            _ if b == 0 => Err("arithmetic expression: division by zero".into()),
            "/" => Ok(a.wrapping_div(b)),
            _ => Ok(a.wrapping_rem(b)),
        })
    }
    fn unary(&mut self) -> Result<i64, String> {
        match self.eat(&["-", "+", "!", "("]) {
            Some("-") => Ok(self.unary()?.wrapping_neg()),
            Some("+") => self.unary(),
            Some("!") => Ok(i64::from(self.unary()? == 0)),
            Some(_) => {
                let v = self.or()?;
                self.eat(&[")"]).ok_or_else(|| self.err())?;
                Ok(v)
            }
            None => match self.toks.get(self.k) {
                Some(ATok::Num(n)) => {
                    self.k += 1;
                    Ok(*n)
                }
                _ => Err(self.err()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_follows_c_precedence() {
        let var = |n: &str| if n == "i" { "41".to_string() } else { String::new() };
        assert_eq!(arith("i+1", &var), Ok(42));
        assert_eq!(arith("1 + 2 * (3 - 1) % 3", &var), Ok(2));
        assert_eq!(arith("$i < 5 || unset == 0", &var), Ok(1));
        assert!(arith("1 / 0", &var).is_err());
        assert!(arith("1 +", &var).is_err());
    }

    #[test]
    fn parses_what_it_follows_and_refuses_the_rest() {
        assert!(parse("i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); sleep 1; done").is_some());
        assert!(
            parse("for f in a b; do if [ $f = a ]; then continue; elif true; then break; else :; fi; done").is_some()
        );
        assert!(parse("echo hi; sleep 5; exit 3").is_some());
        for unsupported in ["sleep 1 &", "(echo a)", "case x in x) ;; esac", "while true; do echo; done | tail", "fi"] {
            assert_eq!(parse(unsupported), None, "{unsupported}");
        }
    }
}
