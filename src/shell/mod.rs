//! The shell: one interpreter for the page's terminal and `stsplay run` (kubectl, helm, curl, hey,
//! nslookup, sleep, timeout, heredocs). It owns a [`Cluster`] and a working directory holding the shipped
//! charts (`./python-time-app`, `./scala-time-app`) plus whatever files the session writes.
//!
//! Simulated time passes only through `sleep`, `timeout CMD` around a watch, and the commands that block on
//! the cluster the way the real tools do (`kubectl delete` waiting for the object to go, `rollout status`,
//! `kubectl wait`, `helm --wait`).

pub mod arith;
pub mod array;
pub mod awk;
pub mod builtins;
pub mod cfmt;
pub mod complete;
pub mod cond;
mod coreutils;
mod declare;
mod eval;
mod expr;
mod fileinfo;
mod fileutils;
mod getopts;
pub mod glob;
mod grep;
pub mod helm_cmd;
pub mod helm_create;
pub mod helm_hooks;
mod helm_package;
pub mod history;
pub mod hostcmds;
pub mod jobs;
pub mod jq;
pub mod jsonpath;
pub mod kinds;
pub mod kubectl;
pub mod md5;
pub mod net;
pub mod options;
pub mod param;
pub mod parse;
mod pathname;
pub(crate) mod podshell;
pub mod printcmd;
pub mod printers;
pub mod read;
pub mod sed;
mod select;
mod shopt;
pub mod stream;
pub mod test_cmd;
pub mod textutil;
pub mod trap;
mod watch;
pub mod xargs;
pub mod yamlout;

use std::collections::BTreeMap;

use crate::cluster::Cluster;
use parse::{Connector, Redirect};

/// One command's output, stdout and stderr in the order they were written, and its exit status.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Io {
    pub chunks: Vec<(bool, String)>,
    pub code: i32,
}

impl Io {
    pub fn ok(out: impl Into<String>) -> Io {
        let mut io = Io::default();
        io.out(out);
        io
    }
    pub fn fail(code: i32, err: impl Into<String>) -> Io {
        let mut io = Io { code, ..Default::default() };
        io.err(err);
        io
    }
    /// Appends to stdout.
    pub fn out(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !s.is_empty() {
            self.chunks.push((false, s));
        }
    }
    /// Appends to stderr.
    pub fn err(&mut self, s: impl Into<String>) {
        let s = s.into();
        if !s.is_empty() {
            self.chunks.push((true, s));
        }
    }
    pub fn stdout(&self) -> String {
        self.chunks.iter().filter(|c| !c.0).map(|c| c.1.as_str()).collect()
    }
    pub fn text(&self) -> String {
        self.chunks.iter().map(|c| c.1.as_str()).collect()
    }
    pub fn append(&mut self, other: Io) {
        self.chunks.extend(other.chunks);
        self.code = other.code;
    }
}

/// An interactive session: the cluster, the working directory's files, the environment.
pub struct Session {
    cluster: Cluster,
    /// The working directory's files, by path relative to it (`python-time-app/values.yaml`).
    files: BTreeMap<String, Vec<u8>>,
    /// Directories that hold no file, keys as `files` has them (`mkdir`, `helm create`'s `charts/`, what `rm`
    /// leaves): any other directory exists through the files under it. Saves need not carry them: replaying
    /// the commands makes them again.
    dirs: std::collections::BTreeSet<String>,
    env: BTreeMap<String, String>,
    /// `$RANDOM`'s generator: bash's seed and the value it gave last (see [`next_random`]).
    random: std::cell::Cell<(u32, u32)>,
    /// `<(cmd)`'s outputs by the names they expand to (`/dev/fd/63`), for the command line that made them.
    proc_fds: BTreeMap<String, String>,
    /// `>(...)`s of the command being run: the name its writes go to (a `proc_fds` entry) and the script.
    proc_outs: Vec<(String, String)>,
    /// The standard input of the next pipeline run (a `>(...)`'s script reads what was written to it).
    pipe_in: Option<String>,
    history: Vec<String>,
    last_code: i32,
    /// `kubectl port-forward`s by local port.
    port_forwards: BTreeMap<u16, stream::Forward>,
    /// A `timeout` around the command being run: how much simulated time it may take, in ms.
    deadline: Option<u64>,
    depth: usize,
    /// Running commands: the foreground one (the page's terminal streams it), `&` jobs, their notices.
    jobs: jobs::Jobs,
    /// Whether the command being run prints straight to the terminal (last in its pipeline, not redirected,
    /// not in `$(...)`): only then may it keep running after its line returned.
    to_terminal: bool,
    /// What a background job printed while the current command ran (a port-forward's connection lines);
    /// it goes to the terminal, never into the command's pipe or file.
    job_out: String,
    /// A shell open in a container (`kubectl exec -it POD -- sh`): lines go there until `exit`.
    pub(crate) pod_shell: Option<podshell::PodShell>,
    /// The lines of a command still open (an `if` without its `fi`...): the terminal shows `> ` for more.
    pending: String,
    /// The open heredoc `pending` is reading (the length of `pending` it was found at, delimiter, `<<-`).
    heredoc_wait: Option<(usize, String, bool)>,
    /// Lines read so far (bash numbers heredoc warnings by them).
    lines_read: usize,
    /// `break`/`continue` on their way out of the loops, or an expansion error abandoning the line.
    flow: Option<Flow>,
    /// How many loops the running command is in.
    loop_depth: usize,
    /// Expansion errors of the command being expanded.
    expand_errors: Vec<String>,
    /// What expanding the command printed without stopping it (`bad array subscript`).
    expand_notes: String,
    /// Files `chmod` made executable (keys of `files`): `./script.sh` runs only those.
    executable: std::collections::BTreeSet<String>,
    /// How deeply `eval`/`source` run inside each other (eval.rs).
    eval_depth: usize,
    /// Loop rounds the command line has run (see [`MAX_LINE_ROUNDS`]).
    line_rounds: u32,
    /// What moving the clock may still cost in this command line (see [`LINE_CLOCK_COST`]).
    clock_left: u64,
    /// The clock stopped in this command line for want of `clock_left`: how far the line had moved it, and
    /// whether a command already said so.
    clock_stopped: Option<(u64, bool)>,
    /// The simulated time this command line began at.
    line_began: u64,
    /// The input of each compound command being run that was given one (piped or redirected), innermost
    /// last: the `read`s inside consume it.
    inputs: Vec<read::Input>,
    /// Shell functions by name: the compound command each runs.
    functions: BTreeMap<String, parse::Simple>,
    /// For each function call being run, the variables `local` shadowed, to put back when it returns.
    locals: Vec<Vec<(String, Option<String>)>>,
    /// `set -e`, `-u`, `-x`, `-f`, `-o pipefail`.
    options: options::Options,
    /// The status of the last command substitution of the command being expanded (an assignment's status).
    sub_code: Option<i32>,
    /// Inside a condition or a non-final part of an `&&`/`||` list, where `set -e` does not stop the line.
    errexit_exempt: usize,
    /// How many `( ... )` the running command is in (`set -e` ends only the innermost).
    subshells: usize,
    /// The script being run (`bash FILE`, `./FILE`, `$0` of `bash -c`): a non-interactive bash names it, and
    /// the line of the command, in its own messages.
    script: Option<String>,
    /// The line of the simple command being run (bash's `executing_line_number`).
    lineno: usize,
    /// `trap`'s commands (trap.rs).
    traps: trap::Traps,
    /// The simple command being run, as written (`$BASH_COMMAND`).
    command_text: String,
    /// Where `getopts` stopped (getopts.rs).
    getopts_at: getopts::Position,
}

/// An assignment word, expanded: `name[index]+=value`, or `name=(items)` (the `Err`).
struct Assign {
    name: String,
    index: Option<Result<i64, String>>,
    /// An associative array's key (then `index` is None).
    key: Option<String>,
    append: bool,
    value: Result<String, Vec<String>>,
    /// How `set -x` shows it.
    shown: String,
    /// Its subscript as written (`[-1]`), for an error.
    shown_sub: String,
}

/// The session as `param::expand` reads and changes it.
struct Expander<'a>(&'a mut Session);

impl param::Ctx for Expander<'_> {
    fn get(&mut self, name: &str) -> Option<String> {
        let mut errors = Vec::new();
        let v = self.0.param(name, &mut errors);
        for e in errors {
            // bash says so and goes on with an empty value
            self.0.expand_notes.push_str(&format!("bash: {e}\n"));
        }
        v
    }
    fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let (base, sub) = array::subscripted(name).map_or((name, None), |(n, s)| (n, Some(s)));
        let key = sub.filter(|_| array::is_assoc(&self.0.env, base)).map(|s| self.0.subscript_word(s));
        let sub = sub.filter(|_| key.is_none());
        let index =
            sub.map(|s| self.0.arith(if s.trim().is_empty() { "0" } else { s }).map_err(|e| format!("bash: {e}")));
        let shown_sub = sub.map_or(String::new(), |s| format!("[{s}]"));
        let a = Assign {
            name: base.to_string(),
            index,
            key,
            append: false,
            value: Ok(value.to_string()),
            shown: String::new(),
            shown_sub,
        };
        self.0.assign(a).map_err(|e| e.trim_start_matches("bash: ").to_string())
    }
    fn cmd(&mut self, script: &str) -> String {
        self.0.substitute(script).trim_end_matches('\n').to_string()
    }
    fn arith(&mut self, expr: &str) -> Result<i64, String> {
        self.0.arith(expr)
    }
    fn names(&mut self) -> Vec<String> {
        let names = self.0.env.keys().filter(|k| k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'));
        names.filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).cloned().collect()
    }
    fn attrs(&mut self, name: &str) -> String {
        declare::letters(&self.0.env, name)
    }
    fn extglob(&mut self) -> bool {
        self.0.options.shopt("extglob")
    }
}

/// What stops the commands of a list from running on.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Flow {
    Break(u32),
    Continue(u32),
    /// bash abandons the whole line after an expansion error (`$((1/0))`).
    Abort,
    /// `return N` on its way out of the function.
    Return(i32),
    /// `exit N`: ends a subshell or `$(...)` with N; in the terminal's own shell it ends the command line.
    Exit(i32),
}

impl Session {
    pub fn new(seed: u64) -> Session {
        let files = crate::charts::all_files().map(|(p, b)| (p.to_string(), b.to_vec())).collect();
        let mut env = BTreeMap::new();
        env.insert("HOME".to_string(), "/home/learner".to_string());
        env.insert("USER".to_string(), "learner".to_string());
        env.insert("PWD".to_string(), "/home/learner".to_string());
        // they came from the environment, so bash has them exported
        for k in ["HOME[=]", "USER[=]", "PWD[=]"] {
            env.insert(k.to_string(), "x".to_string());
        }
        Session {
            cluster: Cluster::new(seed),
            files,
            dirs: Default::default(),
            env,
            history: Vec::new(),
            last_code: 0,
            port_forwards: BTreeMap::new(),
            deadline: None,
            depth: 0,
            jobs: jobs::Jobs::default(),
            to_terminal: false,
            job_out: String::new(),
            pod_shell: None,
            pending: String::new(),
            heredoc_wait: None,
            lines_read: 0,
            flow: None,
            loop_depth: 0,
            expand_errors: Vec::new(),
            expand_notes: String::new(),
            proc_fds: BTreeMap::new(),
            proc_outs: Vec::new(),
            pipe_in: None,
            // bash seeds from the clock and its pid; the playground from the session's seed
            random: std::cell::Cell::new(((seed as u32) ^ 0x2545_f491, 0)),
            eval_depth: 0,
            executable: Default::default(),
            line_rounds: 0,
            clock_left: LINE_CLOCK_COST,
            clock_stopped: None,
            line_began: 0,
            inputs: Vec::new(),
            functions: BTreeMap::new(),
            locals: Vec::new(),
            options: options::Options::default(),
            sub_code: None,
            errexit_exempt: 0,
            subshells: 0,
            script: None,
            lineno: 0,
            traps: trap::Traps::default(),
            command_text: String::new(),
            getopts_at: Default::default(),
        }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }

    /// The working directory's files (the editor shows them).
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    pub fn write_file(&mut self, path: &str, bytes: Vec<u8>) {
        self.files.insert(normalize(path), bytes);
    }

    /// Exit status of the last command (`$?`).
    pub fn last_code(&self) -> i32 {
        self.last_code
    }

    /// Runs one command line; returns what the terminal shows (stdout and stderr interleaved as printed).
    /// Lines after the first are the bodies of the first line's heredocs, then further command lines.
    pub fn run_line(&mut self, line: &str) -> String {
        self.run(line).text()
    }

    /// What the terminal shows before the next line: `$ `, or the prompt of a shell open in a container.
    pub fn prompt(&mut self) -> String {
        match self.pod_shell.clone() {
            Some(sh) => sh.prompt(self),
            None if self.continuing() => "> ".to_string(),
            None => "$ ".to_string(),
        }
    }

    /// Like [`Session::run_line`], keeping stdout/stderr apart and the exit status.
    pub fn run(&mut self, text: &str) -> Io {
        if self.depth == 0 {
            self.proc_fds.clear();
        }
        if let Some(sh) = self.pod_shell.take() {
            if self.depth == 0 {
                self.history.push(text.to_string());
            }
            let io = podshell::line(self, sh, text.trim());
            self.last_code = io.code;
            return io;
        }
        // `$(...)` gets all its text at once; the terminal may get a command in several lines
        let at_eof = self.depth > 0;
        if let Some(io) = self.keep_heredoc_line(text) {
            return io;
        }
        let mut src = std::mem::take(&mut self.pending);
        src.push_str(text);
        // an empty line still counts inside an open command (a heredoc's blank line)
        if !text.ends_with('\n') {
            src.push('\n');
        }
        self.run_source(&src, at_eof)
    }

    /// Runs the complete commands of `src`, as bash reads them; an unfinished one waits in `pending` for more
    /// lines unless `at_eof`.
    fn run_source(&mut self, src: &str, at_eof: bool) -> Io {
        let mut io = Io { code: self.last_code, ..Io::default() };
        let top = self.depth == 0;
        if top {
            self.line_started();
        }
        let mut rest = src;
        loop {
            match parse::parse_next_ext(rest, at_eof, self.lines_read + 1, self.options.shopt("extglob")) {
                Ok(None) => {
                    self.lines_read += rest.matches('\n').count();
                    break;
                }
                Ok(Some(p)) => {
                    let text = &rest[..p.consumed];
                    self.lines_read += text.matches('\n').count();
                    for w in p.warnings {
                        io.err(format!("{w}\n"));
                    }
                    if top {
                        // one entry for a command typed over several lines, joined as bash's cmdhist does
                        self.history.push(history::entry(text));
                    }
                    if top {
                        self.line_rounds = 0;
                        (self.clock_left, self.clock_stopped) = (LINE_CLOCK_COST, None);
                        self.line_began = self.cluster.now();
                    }
                    let r = self.run_list(&p.list);
                    io.append(r);
                    self.flow = None;
                    rest = &rest[p.consumed..];
                }
                Err((parse::ParseError::Incomplete, _)) => {
                    self.pending = rest.to_string();
                    if top && rest.contains("<<") {
                        self.heredoc_wait = parse::heredoc_wait(rest).map(|(delim, tabs)| (rest.len(), delim, tabs));
                    }
                    break;
                }
                Err((parse::ParseError::Syntax(e), skip)) => {
                    self.lines_read += rest[..skip].matches('\n').count();
                    // bash finds a bad substitution when it expands the word: status 1, not a syntax error's 2
                    io.code = if e.ends_with("bad substitution") { 1 } else { 2 };
                    io.err(format!("{e}\n"));
                    rest = &rest[skip..];
                }
            }
        }
        if top {
            // what jobs printed since the last command, then bash's notices before the next prompt
            io.out(std::mem::take(&mut self.job_out));
            if let Some(note) = self.clock_note() {
                io.err(note);
            }
            if self.pending.is_empty() {
                io.err(self.line_ended());
            }
        }
        self.last_code = io.code;
        io
    }

    /// A line typed into the body of an open heredoc that is not its delimiter cannot finish the command: it is
    /// kept without parsing the whole command again, so pasting a long heredoc a line at a time stays linear.
    fn keep_heredoc_line(&mut self, text: &str) -> Option<Io> {
        let (len, delim, tabs) = self.heredoc_wait.take()?;
        let line = text.strip_suffix('\n').unwrap_or(text);
        let stripped = if tabs { line.trim_start_matches('\t') } else { line };
        // the wait holds only for the text it was found in (Ctrl-C or the end of input drop that text)
        if self.depth > 0 || len != self.pending.len() || line.contains('\n') || stripped == delim {
            return None;
        }
        self.pending.push_str(line);
        self.pending.push('\n');
        self.heredoc_wait = Some((self.pending.len(), delim, tabs));
        self.line_started();
        let mut io = Io { code: self.last_code, ..Io::default() };
        io.out(std::mem::take(&mut self.job_out));
        Some(io)
    }

    /// Whether the terminal is in the middle of a command (bash's `> ` prompt).
    pub fn continuing(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The input ended (Ctrl-D, the end of a script) inside a command: bash's `unexpected end of file`, or a
    /// heredoc the end of input closed, with bash's warning, which then runs.
    pub fn end_of_input(&mut self) -> String {
        let src = std::mem::take(&mut self.pending);
        if src.is_empty() {
            return String::new();
        }
        self.run_source(&src, true).text()
    }

    fn run_list(&mut self, list: &parse::List) -> Io {
        let mut io = Io::default();
        for and_or in &list.and_ors {
            let (r, holding) =
                if and_or.background { (self.run_background(and_or), false) } else { self.run_and_or(and_or) };
            io.chunks.extend(r.chunks);
            io.code = r.code;
            self.last_code = r.code;
            if holding || self.flow.is_some() {
                // bash waits for it; Ctrl-C (or the end of a script) ends it and drops the rest of the line
                break;
            }
        }
        io
    }

    /// `a && b || c`: each pipeline runs or is skipped by the status before it. Also says whether a command
    /// now holds the terminal (a watch, a port-forward): what follows it on the line does not run.
    fn run_and_or(&mut self, and_or: &parse::AndOr) -> (Io, bool) {
        let mut io = Io::default();
        let mut code = 0;
        for (i, (conn, pipeline)) in and_or.pipelines.iter().enumerate() {
            let skip = match conn {
                Connector::And => code != 0,
                Connector::Or => code == 0,
                Connector::Seq => false,
            };
            if skip {
                continue;
            }
            let before = self.foreground_id();
            // `set -e` spares a status that `&&`/`||` test, and a negated one
            let exempt = i + 1 < and_or.pipelines.len() || pipeline.first().is_some_and(|s| s.bang);
            self.errexit_exempt += exempt as usize;
            let r = self.run_pipeline(pipeline);
            self.errexit_exempt -= exempt as usize;
            code = r.code;
            io.chunks.extend(r.chunks);
            io.code = code;
            self.last_code = code;
            if code != 0 && !exempt && self.errexit_exempt == 0 && self.flow.is_none() {
                self.run_err_trap(&mut io);
                self.last_code = code;
            }
            if code != 0 && !exempt && self.options.errexit && self.errexit_exempt == 0 && self.flow.is_none() {
                // interactive bash exits; the page's shell cannot, so the command line ends; a script exits
                self.flow = Some(if self.script.is_some() { Flow::Exit(code) } else { Flow::Abort });
                if self.depth == 0 && self.subshells == 0 && !self.in_job() {
                    io.err(format!(
                        "stsplay: set -e: bash exits the shell on this status ({code}); here the command line ends\n"
                    ));
                }
            }
            if self.depth == 0 {
                // jobs print what happened while this command let time pass
                io.out(self.poll_jobs_output());
                if waits_for_child(pipeline) {
                    // bash reports the jobs that ended by now once it has waited for a foreground
                    // process (jobs.c wait_for), not only before the prompt
                    io.out(std::mem::take(&mut self.job_out));
                    io.err(self.due_notices());
                }
            }
            if self.depth == 0 && self.foreground_id().is_some() && self.foreground_id() != before {
                return (io, true);
            }
            if self.flow.is_some() {
                break;
            }
        }
        (io, false)
    }

    fn expand(&mut self, word: &parse::Word) -> Vec<String> {
        parse::brace_expand(word)
            .iter()
            .flat_map(|w| {
                let fields = self.expand_mode(w, true);
                self.glob_fields(w, fields)
            })
            .collect()
    }

    fn expand_mode(&mut self, word: &parse::Word, split: bool) -> Vec<String> {
        self.check_unset(word);
        // one pass, left to right: `${x:=1}`, `$((i++))` and `$(...)` act in the order bash runs them
        let cell = std::cell::RefCell::new(self);
        let mut var = |body: &str, quoted: bool| {
            let s: &mut Session = &mut cell.borrow_mut();
            if s.flow == Some(Flow::Abort) {
                return param::Value::Text(Vec::new());
            }
            param::expand(body, quoted, &mut Expander(s)).unwrap_or_else(|e| {
                match e.strip_prefix("stsplay: ") {
                    Some(_) => {
                        s.expand_errors.push(format!("{e}\n"));
                        s.flow = Some(Flow::Abort);
                    }
                    None => {
                        s.expand_error(e);
                        // `${x:?}` ends a script, as an unbound variable does; other errors end only the line
                        let rest = body.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
                        if rest.starts_with(['?', ':']) && rest.trim_start_matches(':').starts_with('?') {
                            s.script_exit();
                        }
                    }
                }
                param::Value::Text(Vec::new())
            })
        };
        let mut cmd = |script: &str| {
            let s: &mut Session = &mut cell.borrow_mut();
            match script.strip_prefix("((").and_then(|s| s.strip_suffix("))")) {
                _ if s.flow == Some(Flow::Abort) => String::new(),
                Some(expr) => s.arith(expr).map(|v| v.to_string()).unwrap_or_else(|e| {
                    s.expand_error(e);
                    String::new()
                }),
                None if script.starts_with(parse::PROC_OUT) => {
                    // a name to write to; what the command writes there is the script's input once it ends
                    let path = format!("/dev/fd/{}", 63 - s.proc_fds.len() % 50);
                    s.proc_fds.insert(path.clone(), String::new());
                    s.proc_outs.push((path.clone(), script[parse::PROC_OUT.len_utf8()..].to_string()));
                    path
                }
                None => match script.strip_prefix(parse::PROC_SUBST) {
                    // bash hands the command a pipe's name, counting down from 63
                    Some(script) => {
                        let out = s.substitute(script);
                        let path = format!("/dev/fd/{}", 63 - s.proc_fds.len() % 50);
                        s.proc_fds.insert(path.clone(), out);
                        path
                    }
                    None => s.substitute(script),
                },
            }
        };
        if split {
            parse::expand_word(word, &mut var, &mut cmd)
        } else {
            vec![parse::expand_joined(word, &mut var, &mut cmd)]
        }
    }

    /// A parameter's value (`$?`, `$1`, `x`, `a[i+1]`, `a[@]`), None when unset; a bad subscript's error is
    /// added to `errors`.
    fn param(&self, name: &str, errors: &mut Vec<String>) -> Option<String> {
        match name {
            "?" => return Some(self.last_code.to_string()),
            "$" => return Some(SHELL_PID.into()),
            "!" => return self.last_background_pid().map(|p| p.to_string()),
            "#" => return Some(self.env.get("#").cloned().unwrap_or_else(|| "0".into())),
            "@" => return Some(self.env.get("@").cloned().unwrap_or_default()),
            "*" => return Some(self.env.get("*").cloned().unwrap_or_default()),
            "-" => return Some(self.options.dash()),
            "RANDOM" => return Some(next_random(&self.random).to_string()),
            "LINENO" if !self.env.contains_key("LINENO") => return Some(self.lineno.to_string()),
            "BASH_COMMAND" => return Some(self.command_text.clone()),
            _ => {}
        }
        let env = &self.env;
        let mut sub = |e: &str| {
            let text = param::expand_word(e, &mut |n| env.get(n).cloned());
            arith::eval(if text.trim().is_empty() { "0" } else { &text }, &mut ReadVars(env))
        };
        let mut word = |w: &str| param::expand_word(w, &mut |n| env.get(n).cloned());
        array::lookup(&self.env, name, &mut sub, &mut word).unwrap_or_else(|e| {
            errors.push(e);
            None
        })
    }

    /// `set -u`: a parameter the word reads that is not set is bash's `unbound variable`, which abandons the
    /// line (`${x:-default}` and `${x+alt}` may read it, as may `$@` and `$*`).
    fn check_unset(&mut self, word: &parse::Word) {
        if !self.options.nounset {
            return;
        }
        for p in word {
            let parse::Part::Var { name, .. } = p else { continue };
            let Some(base) = param::nounset_target(name) else { continue };
            if self.flow != Some(Flow::Abort) && self.param(base, &mut Vec::new()).is_none() {
                let shown =
                    if base.starts_with(|c: char| c.is_ascii_digit()) { format!("${base}") } else { base.to_string() };
                self.expand_error(format!("{shown}: unbound variable"));
                self.script_exit();
            }
        }
    }

    /// An assignment word's value, expanded (`a=(...)`'s elements as words are, a scalar as one field), and
    /// its subscript's value.
    fn expand_assignment(&mut self, a: &parse::Assignment, word: &parse::Word) -> Assign {
        let assoc = array::is_assoc(&self.env, &a.name);
        let key = a.subscript.as_ref().filter(|_| assoc).map(|_| self.expand_mode(&a.key, false).concat());
        let index = a.subscript.as_ref().filter(|_| !assoc).map(|sub| {
            let v = self.arith(if sub.trim().is_empty() { "0" } else { sub });
            v.map_err(|e| format!("bash: {e}"))
        });
        let sub = a.subscript.as_ref().map_or(String::new(), |s| format!("[{s}]"));
        let op = if a.append { "+=" } else { "=" };
        match a.value.as_slice() {
            [parse::Part::Array(words, _)] => {
                let items: Vec<String> = words.iter().flat_map(|w| self.expand(w)).collect();
                let shown = parse::word_source(word);
                Assign { name: a.name.clone(), index, key, append: a.append, value: Err(items), shown, shown_sub: sub }
            }
            v => {
                let value = self.expand_mode(&v.to_vec(), false).concat();
                let shown = format!("{}{sub}{op}{}", a.name, options::quote(&value));
                Assign { name: a.name.clone(), index, key, append: a.append, value: Ok(value), shown, shown_sub: sub }
            }
        }
    }

    /// An associative array's subscript: expanded as a word is, without splitting (`m["a b"]`, `m[$k]`).
    fn subscript_word(&self, sub: &str) -> String {
        param::expand_word(sub, &mut |n| self.env.get(n).cloned())
    }

    /// Sets what an assignment word says: a scalar, an element (`a[i]=v`), or an array's elements.
    fn assign(&mut self, mut a: Assign) -> Result<(), String> {
        if declare::has(&self.env, &a.name, 'r') {
            return Err(format!("bash: {}: readonly variable", a.name));
        }
        if array::is_assoc(&self.env, &a.name) && (a.key.is_some() || a.value.is_err()) {
            return self.assign_assoc(a);
        }
        if declare::letters(&self.env, &a.name).contains(['i', 'l', 'u']) {
            let old = |s: &Self, i: Option<&Result<i64, String>>| match i {
                None => s.env.get(&a.name).cloned(),
                Some(Ok(i)) => {
                    array::resolve(&s.env, &a.name, *i).ok().and_then(|i| s.env.get(&array::key(&a.name, i)).cloned())
                }
                Some(Err(_)) => None,
            };
            let prev = if a.append { old(self, a.index.as_ref()) } else { None };
            a.value = match std::mem::replace(&mut a.value, Ok(String::new())) {
                Ok(v) => Ok(declare::convert(self, &a.name, prev.as_deref(), v).map_err(|e| format!("bash: {e}"))?),
                Err(items) => Err(items
                    .into_iter()
                    .map(|v| declare::convert(self, &a.name, None, v))
                    .collect::<Result<_, _>>()
                    .map_err(|e| format!("bash: {e}"))?),
            };
            a.append &= a.value.is_err();
        }
        if let (true, None, Ok(v)) = (a.name == "RANDOM", &a.index, &a.value) {
            // RANDOM is an integer variable: the value is arithmetic, and seeds the generator
            let seed = self.arith(if v.trim().is_empty() { "0" } else { v }).map_err(|e| format!("bash: {e}"))?;
            self.random.set((seed as u32, 0));
        }
        let env = &mut self.env;
        match (a.index, a.value) {
            (None, Ok(v)) => {
                let v = if a.append { env.get(&a.name).cloned().unwrap_or_default() + &v } else { v };
                env.insert(a.name, v);
            }
            (Some(i), Ok(v)) => {
                let bad = || format!("bash: {}{}: bad array subscript", a.name, a.shown_sub);
                let i = array::resolve(env, &a.name, i?).map_err(|_| bad())?;
                let k = array::key(&a.name, i);
                if !env.contains_key(&k) && array::indices(env, &a.name).len() >= array::MAX_ELEMENTS {
                    return Err(array::too_many(&a.name));
                }
                let v = if a.append { env.get(&k).cloned().unwrap_or_default() + &v } else { v };
                array::mark(env, &a.name);
                env.insert(k, v);
            }
            (None, Err(items)) => {
                let start = if a.append { array::next_index(env, &a.name) } else { 0 };
                if !a.append {
                    if items.len() > array::MAX_ELEMENTS {
                        return Err(array::too_many(&a.name));
                    }
                    let attrs = env.remove(&format!("{}[=]", a.name));
                    array::clear(env, &a.name);
                    env.extend(attrs.map(|v| (format!("{}[=]", a.name), v)));
                }
                array::assign(env, &a.name, start, items)?;
            }
            (Some(_), Err(_)) => return Err(format!("bash: {}: cannot assign list to array member", a.name)),
        }
        Ok(())
    }

    /// `m[k]=v`, `m[k]+=v`, `m=([k]=v ...)` (or `m=(k v ...)`, pairs) and `m+=(...)` for an associative array.
    fn assign_assoc(&mut self, a: Assign) -> Result<(), String> {
        let name = a.name.as_str();
        let element = a.key.is_some();
        let pairs: Vec<(String, String)> = match a.value {
            Ok(v) => vec![(a.key.unwrap_or_default(), v)],
            Err(items) => {
                if !a.append {
                    let attrs = self.env.remove(&format!("{name}[=]"));
                    array::clear(&mut self.env, name);
                    self.env.extend(attrs.map(|v| (format!("{name}[=]"), v)));
                    array::mark(&mut self.env, name);
                }
                fn subscripted(i: &str) -> Option<(&str, &str)> {
                    i.strip_prefix('[').and_then(|r| r.split_once("]="))
                }
                if items.iter().any(|i| subscripted(i).is_some()) {
                    let mut pairs = Vec::new();
                    for i in &items {
                        match subscripted(i) {
                            Some((k, v)) => pairs.push((k.to_string(), v.to_string())),
                            None => self.expand_notes.push_str(&format!(
                                "bash: {name}: '{i}': must use subscript when assigning associative array\n"
                            )),
                        }
                    }
                    pairs
                } else {
                    // bash 5.1's key-value pairs: `m=(k1 v1 k2 v2)`
                    items.chunks(2).map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default())).collect()
                }
            }
        };
        for (k, v) in pairs {
            if k.is_empty() {
                return Err(format!("bash: {name}{}: bad array subscript", a.shown_sub));
            }
            let old = self.env.get(&array::assoc_slot(name, &k)).filter(|_| a.append && element).cloned();
            let v = declare::convert(self, name, old.as_deref(), v).map_err(|e| format!("bash: {e}"))?;
            array::assoc_set(&mut self.env, name, &k, v)?;
        }
        Ok(())
    }

    /// `set -x`'s lines: PS4 (`+ `) with a `+` more for each command substitution it runs in.
    fn trace(&self, lines: &str) -> String {
        lines.lines().map(|l| format!("{} {l}\n", "+".repeat(self.depth + 1))).collect()
    }

    /// bash's own message (`bash: x: command not found`) as a script's shell words it: `s.sh: line 3: x: ...`.
    fn in_script(&self, text: String) -> String {
        let Some(name) = self.script.as_deref().filter(|_| text.contains("bash: ")) else { return text };
        let line = |l: &str| match l.strip_prefix("bash: ") {
            Some(rest) => format!("{name}: line {}: {rest}", self.lineno),
            None => l.to_string(),
        };
        text.split_inclusive('\n').map(line).collect()
    }

    /// A non-interactive shell exits (status 1) where an interactive one abandons the line.
    fn script_exit(&mut self) {
        if self.script.is_some() {
            self.flow = Some(Flow::Exit(1));
        }
    }

    /// An expansion failed: bash prints why and abandons the line (status 1).
    fn expand_error(&mut self, e: String) {
        self.expand_errors.push(format!("bash: {e}\n"));
        self.flow = Some(Flow::Abort);
    }

    /// `$(...)`: runs the script and returns its stdout; its stderr goes to the terminal (the command's notes).
    fn substitute(&mut self, script: &str) -> String {
        if self.depth > 8 {
            return String::new();
        }
        self.depth += 1;
        // its errors reach the terminal with the command it is part of, named by that command's line
        let saved = (self.options, self.lineno, self.script.take());
        // bash (not in posix mode) clears -e in a command substitution's subshell
        self.options.errexit = false;
        let sub = self.traps.for_subshell(self.options.errtrace);
        let traps = std::mem::replace(&mut self.traps, sub);
        let mut r = self.run(script);
        r.code = self.run_exit_trap(r.code, &mut r);
        self.traps = traps;
        (self.options, self.lineno, self.script) = saved;
        self.depth -= 1;
        self.sub_code = Some(r.code);
        self.expand_notes.extend(r.chunks.iter().filter(|c| c.0).map(|c| c.1.as_str()));
        r.stdout()
    }

    /// Runs `script` in a subshell with `input` as its first pipeline's standard input (a `>(...)`), its output
    /// returned.
    fn feed(&mut self, script: &str, input: String) -> Io {
        if self.depth > 8 {
            return Io::default();
        }
        self.pipe_in = Some(input);
        self.depth += 1;
        let saved = (self.options, self.lineno, self.script.take());
        self.options.xtrace = false;
        let sub = self.traps.for_subshell(self.options.errtrace);
        let traps = std::mem::replace(&mut self.traps, sub);
        let env = self.env.clone();
        let r = self.run(script);
        (self.env, self.traps) = (env, traps);
        (self.options, self.lineno, self.script) = saved;
        self.depth -= 1;
        self.pipe_in = None;
        r
    }

    /// Expands `$VAR`, `${VAR}` and `$(...)` in a heredoc body.
    fn expand_text(&mut self, body: &str) -> String {
        let mut out = String::new();
        for (n, line) in body.split_inclusive('\n').enumerate() {
            let _ = n;
            let (content, nl) = match line.strip_suffix('\n') {
                Some(c) => (c, "\n"),
                None => (line, ""),
            };
            // quote the line so the lexer treats everything but `$` and `\` as literal text
            let escaped = content.replace('\\', "\\\\").replace('"', "\\\"").replace('`', "\\`");
            let escaped = escaped.replace("\\\\$", "\\$");
            match parse::parse(&format!("\"{escaped}\"")) {
                Ok(list) => {
                    let word =
                        list.pipelines().next().and_then(|(_, p)| p.first()).and_then(|s| s.words.first()).cloned();
                    match word {
                        Some(w) => out.push_str(&self.expand(&w).join(" ")),
                        None => out.push_str(content),
                    }
                }
                Err(_) => out.push_str(content),
            }
            out.push_str(nl);
        }
        out
    }

    fn run_pipeline(&mut self, pipeline: &parse::Pipeline) -> Io {
        let mut stdin: Option<String> = self.pipe_in.take();
        let mut terminal = Io::default();
        let n = pipeline.len();
        let mut code = 0;
        let mut failed = 0;
        for (idx, simple) in pipeline.iter().enumerate() {
            if simple.line > 0 {
                self.lineno = simple.line;
            }
            if let Some((name, body)) = &simple.function {
                self.functions.insert(name.clone(), (**body).clone());
                code = 0;
                continue;
            }
            if simple.compound.is_none() && self.traps.running == 0 {
                self.command_text = simple.words.iter().map(parse::word_source).collect::<Vec<_>>().join(" ");
            }
            let mut argv: Vec<String> = Vec::new();
            let mut assignments: Vec<Assign> = Vec::new();
            // `local a=(x y)`: the builtin declares `a`, then the elements are assigned
            let mut declared: Vec<Assign> = Vec::new();
            self.sub_code = None;
            for w in &simple.words {
                let declaration = matches!(
                    argv.first().map(String::as_str),
                    Some("export" | "declare" | "typeset" | "local" | "readonly")
                );
                match parse::assignment(w) {
                    Some(a) if argv.is_empty() => {
                        let a = self.expand_assignment(&a, w);
                        assignments.push(a);
                    }
                    Some(a) if declaration && matches!(a.value.last(), Some(parse::Part::Array(..))) => {
                        argv.push(a.name.clone());
                        let a = self.expand_assignment(&a, w);
                        declared.push(a);
                    }
                    Some(_) if declaration => argv.extend(self.expand_mode(w, false)),
                    _ => argv.extend(self.expand(w)),
                }
            }
            let mut out_file: Option<(String, bool)> = None;
            let mut err_file: Option<(String, bool)> = None;
            let mut err_to_out = false;
            let mut out_to_err = false;
            let mut redirect_error: Option<String> = None;
            let mut overridden: Vec<(String, bool)> = Vec::new();
            for r in &simple.redirects {
                match r {
                    Redirect::Heredoc { expand, strip_tabs, body, .. } => {
                        let mut body = body.clone();
                        if *strip_tabs {
                            body = body.lines().map(|l| format!("{}\n", l.trim_start_matches('\t'))).collect();
                        }
                        if *expand {
                            body = self.expand_text(&body);
                        }
                        stdin = Some(body);
                    }
                    Redirect::HereString(w) => {
                        let text = self.expand_mode(w, false).join(" ");
                        stdin = Some(format!("{text}\n"));
                    }
                    Redirect::In(w) => {
                        let path = self.expand(w).join(" ");
                        match self.read_file(&path) {
                            Ok(b) => stdin = Some(String::from_utf8_lossy(&b).into_owned()),
                            Err(e) => redirect_error = Some(format!("bash: {path}: {e}\n")),
                        }
                    }
                    Redirect::Out { fd, target, append } => {
                        let path = self.expand(target).join(" ");
                        if let Some(why) = self.unwritable(&path) {
                            redirect_error.get_or_insert(format!("bash: {path}: {why}\n"));
                        }
                        let earlier = if *fd == 2 {
                            err_file.replace((path, *append))
                        } else {
                            err_to_out |= *fd == 0;
                            out_file.replace((path, *append))
                        };
                        // bash opens every redirection in order: `>a >b` leaves an empty a
                        overridden.extend(earlier);
                    }
                    Redirect::ErrToOut => err_to_out = true,
                    // stdout goes where stderr goes now: a later `2>` does not move it
                    Redirect::OutToErr if err_file.is_some() => out_file = err_file.clone(),
                    Redirect::OutToErr => out_to_err = true,
                }
            }
            let notes = std::mem::take(&mut self.expand_notes);
            terminal.err(self.in_script(notes));
            if !self.expand_errors.is_empty() {
                for e in std::mem::take(&mut self.expand_errors) {
                    terminal.err(self.in_script(e));
                }
                terminal.code = 1;
                return terminal;
            }
            if let Some(e) = redirect_error {
                terminal.err(self.in_script(e));
                code = 1;
                failed = 1;
                stdin = Some(String::new());
                continue;
            }
            for (path, append) in overridden {
                self.write_output(&path, "", append);
            }
            if self.options.xtrace {
                let mut t: Vec<String> = assignments.iter().map(|a| a.shown.clone()).collect();
                if !argv.is_empty() {
                    t.push(argv.iter().map(|a| options::quote(a)).collect::<Vec<_>>().join(" "));
                }
                let trace = self.trace(&t.join("\n"));
                terminal.err(trace);
            }
            if argv.is_empty() && simple.compound.is_none() {
                // the status of the last command substitution, if any ran (`x=$(false)` fails)
                code = self.sub_code.unwrap_or(0);
                for a in assignments {
                    if let Err(e) = self.assign(a) {
                        terminal.err(self.in_script(format!("{e}\n")));
                        code = 1;
                        // the playground's own limit stops the line: a loop would only meet it again; bash
                        // abandons the line at an assignment to a readonly variable
                        if e.starts_with("stsplay:") || e.ends_with("readonly variable") {
                            self.flow = Some(Flow::Abort);
                        }
                    }
                }
                if let Some((path, append)) = &out_file {
                    self.write_output(path, "", *append);
                }
                continue;
            }
            let saved: Vec<(String, Option<String>)> =
                assignments.iter().map(|a| (a.name.clone(), self.env.get(&a.name).cloned())).collect();
            for a in assignments {
                if let Err(e) = self.assign(a) {
                    terminal.err(self.in_script(format!("{e}\n")));
                }
            }
            self.to_terminal = idx + 1 == n && out_file.is_none() && self.depth == 0;
            // each command of a pipeline runs in a subshell (bash without lastpipe): `... | while read x; do
            // n=$x; done` leaves n as it was
            let outer_env = (n > 1).then(|| self.env.clone());
            let io = match &simple.compound {
                Some(c) => {
                    let input = stdin.take().map(read::Input::new);
                    let given = input.is_some();
                    self.inputs.extend(input);
                    let io = self.run_compound(c);
                    if given {
                        self.inputs.pop();
                    }
                    io
                }
                None => {
                    // a child shell and a function's commands name their own lines; a container's shell is not this one
                    let own = !matches!(argv[0].as_str(), "bash" | "sh" | "kubectl" | "k")
                        && !self.functions.contains_key(&argv[0]);
                    let mut io = self.run_argv(&argv, stdin.take());
                    if own && self.script.is_some() {
                        for c in io.chunks.iter_mut().filter(|c| c.0) {
                            c.1 = self.in_script(std::mem::take(&mut c.1));
                        }
                    }
                    io
                }
            };
            for a in declared {
                if let Err(e) = self.assign(a) {
                    terminal.err(format!("{e}\n"));
                }
            }
            if let Some(env) = outer_env {
                self.env = env;
            }
            self.to_terminal = false;
            if self.depth == 0 {
                // what jobs printed meanwhile went to the terminal, not into this command's pipe or file
                terminal.out(std::mem::take(&mut self.job_out));
            }
            for (k, old) in saved {
                match old {
                    Some(v) => self.env.insert(k, v),
                    None => self.env.remove(&k),
                };
            }
            code = io.code;
            if code != 0 {
                failed = code;
            }
            let mut piped = String::new();
            let last = idx + 1 == n;
            for (is_err, text) in io.chunks {
                if !is_err && out_to_err {
                    terminal.err(text);
                    continue;
                }
                let to_out = !is_err || err_to_out;
                if !to_out {
                    match &err_file {
                        Some((p, a)) => self.write_output(p, &text, *a),
                        None => terminal.err(text),
                    }
                    continue;
                }
                if let Some((p, a)) = &out_file {
                    self.write_output(p, &text, *a);
                    // the first write truncates; later chunks append
                    out_file = Some((p.clone(), true));
                } else if last {
                    terminal.out(text);
                } else {
                    piped.push_str(&text);
                }
            }
            if let Some((p, false)) = &out_file {
                // `> file` with no output still creates/truncates the file
                self.write_output(p, "", false);
            }
            if !last {
                stdin = Some(piped);
            }
        }
        // `>(...)`: each script reads what was written to it; its output reaches the terminal after the
        // command's (bash runs it alongside, so its lines come when they come)
        for (path, script) in std::mem::take(&mut self.proc_outs) {
            let input = self.proc_fds.get(&path).cloned().unwrap_or_default();
            let r = self.feed(&script, input);
            terminal.chunks.extend(r.chunks);
        }
        // `set -o pipefail`: the last command that failed decides
        terminal.code = if self.options.pipefail && failed != 0 { failed } else { code };
        if pipeline.first().is_some_and(|s| s.bang) {
            terminal.code = (terminal.code == 0) as i32;
        }
        terminal
    }

    /// A compound command in the foreground.
    fn run_compound(&mut self, c: &parse::Compound) -> Io {
        use parse::Compound;
        match c {
            Compound::Select { var, words, body } => {
                self.loop_depth += 1;
                let io = self.run_select(var, words, body);
                self.loop_depth -= 1;
                io
            }
            Compound::Loop { .. } | Compound::For { .. } | Compound::ArithFor { .. } => {
                self.loop_depth += 1;
                let io = self.run_loop(c);
                self.loop_depth -= 1;
                io
            }
            Compound::If { branches, otherwise } => {
                let mut io = Io::default();
                for (cond, body) in branches {
                    self.errexit_exempt += 1;
                    let r = self.run_list(cond);
                    self.errexit_exempt -= 1;
                    let code = r.code;
                    io.append(r);
                    if self.flow.is_some() {
                        return io;
                    }
                    if code == 0 {
                        io.append(self.run_list(body));
                        return io;
                    }
                }
                match otherwise {
                    Some(o) => io.append(self.run_list(o)),
                    None => io.code = 0,
                }
                io
            }
            Compound::Case { word, arms } => {
                let mut io = Io::default();
                if self.options.xtrace {
                    io.err(self.trace(&format!("case {} in", parse::word_source(word))));
                }
                let Some(chosen) = self.case_arms(word, arms) else { return Io { code: 1, ..io } };
                for i in chosen {
                    io.append(self.run_list(&arms[i].1));
                    if self.flow.is_some() {
                        break;
                    }
                }
                io
            }
            Compound::Group(list) => self.run_list(list),
            Compound::Subshell(list) => {
                // a child process: its variables, options, directory and loop nesting are its own, and an
                // error that abandons the line (or `set -e`) ends only it
                let saved = (self.env.clone(), self.options);
                let sub = self.traps.for_subshell(self.options.errtrace);
                let traps = std::mem::replace(&mut self.traps, sub);
                let loops = std::mem::take(&mut self.loop_depth);
                self.subshells += 1;
                let mut io = self.run_list(list);
                match self.flow.take() {
                    Some(Flow::Exit(n)) => io.code = n,
                    Some(Flow::Abort) if io.code == 0 => io.code = 1,
                    _ => {}
                }
                io.code = self.run_exit_trap(io.code, &mut io);
                self.flow = None;
                self.subshells -= 1;
                (self.env, self.options) = saved;
                self.traps = traps;
                self.loop_depth = loops;
                io
            }
            Compound::Cond(toks) => cond::eval(self, toks),
            Compound::Arith(expr) => {
                let mut io = Io::default();
                io.code = match self.arith_command(expr, &mut io) {
                    Some(true) => 0,
                    _ => 1,
                };
                io
            }
        }
    }

    /// `(( expr ))`, traced as bash traces it: whether it is non-zero, None after an error (which bash
    /// reports and goes on from, unlike an error in `$(( ))`).
    fn arith_command(&mut self, expr: &str, io: &mut Io) -> Option<bool> {
        if self.options.xtrace {
            io.err(self.trace(&format!("(( {expr} ))")));
        }
        match self.arith(expr) {
            Ok(v) => Some(v != 0),
            Err(e) => {
                io.err(format!("bash: ((: {e}\n"));
                None
            }
        }
    }

    /// `let EXPR...`: each is evaluated; an error stops it with status 1.
    fn let_builtin(&mut self, args: &[String]) -> Io {
        let mut code = 1;
        if args.is_empty() {
            return Io::fail(1, "bash: let: expression expected\n");
        }
        for a in args {
            match self.arith(a) {
                Ok(v) => code = (v == 0) as i32,
                Err(e) => return Io::fail(1, format!("bash: let: {e}\n")),
            }
        }
        Io { code, ..Io::default() }
    }

    /// A loop run in the foreground, to its end: where bash would go on until Ctrl-C, it stops after
    /// [`MAX_LOOP_ROUNDS`] rounds, saying so.
    fn run_loop(&mut self, c: &parse::Compound) -> Io {
        let mut io = Io::default();
        let mut last = 0;
        let mut rounds = 0;
        // false when the loop ends here (`break`, too many rounds, a command holding the terminal)
        let mut round = |s: &mut Session, body: &parse::List, io: &mut Io| -> bool {
            let r = s.run_list(body);
            last = r.code;
            io.chunks.extend(r.chunks);
            if !s.loop_flow() {
                return false;
            }
            rounds += 1;
            s.line_rounds += 1;
            if s.line_rounds >= MAX_LINE_ROUNDS {
                // nested loops multiply: the whole command has a budget too
                io.err(format!(
                    "stsplay: stopped the loops after {MAX_LINE_ROUNDS} rounds in one command (the playground's limit; bash would go on)\n"
                ));
                s.flow = Some(Flow::Abort);
                return false;
            }
            if rounds >= MAX_LOOP_ROUNDS {
                io.err(format!(
                    "stsplay: stopped the loop after {MAX_LOOP_ROUNDS} rounds (the playground's limit per loop; bash would go on)\n"
                ));
                return false;
            }
            // a watch or port-forward in the loop holds the terminal: bash waits for it
            !s.busy()
        };
        match c {
            parse::Compound::Loop { until, cond, body } => loop {
                self.errexit_exempt += 1;
                let r = self.run_list(cond);
                self.errexit_exempt -= 1;
                io.chunks.extend(r.chunks);
                if !self.loop_flow() || (r.code == 0) == *until || !round(self, body, &mut io) {
                    break;
                }
            },
            parse::Compound::For { var, words, body } => {
                let values: Vec<String> = words.iter().flat_map(|w| self.expand(w)).collect();
                if self.flow.is_some() {
                    // the words' expansion errors (`failglob`, `$((1/0))`) end the loop before it starts
                    let mut io = Io { code: 1, ..Io::default() };
                    for e in std::mem::take(&mut self.expand_errors) {
                        io.err(self.in_script(e));
                    }
                    return io;
                }
                let shown: Vec<String> = words.iter().map(parse::word_source).collect();
                for v in values {
                    if self.options.xtrace {
                        io.err(self.trace(&format!("for {var} in {}", shown.join(" "))));
                    }
                    self.env.insert(var.clone(), v);
                    if !round(self, body, &mut io) {
                        break;
                    }
                }
            }
            parse::Compound::ArithFor { exprs, body } => {
                let [init, test, step] = &**exprs;
                let mut ok = self.arith_command(init, &mut io).is_some();
                while ok {
                    match self.arith_command(test, &mut io) {
                        Some(true) if round(self, body, &mut io) => {}
                        Some(_) => break,
                        None => ok = false,
                    }
                    ok = ok && self.arith_command(step, &mut io).is_some();
                }
                if !ok {
                    // an expression's error ends the loop with status 1; the line goes on
                    return Io { code: 1, ..io };
                }
            }
            _ => {}
        }
        io.code = last;
        io
    }

    /// After a loop's list ran: whether the loop goes on. `break N`/`continue N` count down through the
    /// loops they leave; an aborted line leaves them all.
    fn loop_flow(&mut self) -> bool {
        match self.flow {
            None => true,
            Some(Flow::Continue(1)) => {
                self.flow = None;
                true
            }
            Some(Flow::Break(1)) => {
                self.flow = None;
                false
            }
            Some(Flow::Break(n)) => {
                self.flow = Some(Flow::Break(n - 1));
                false
            }
            Some(Flow::Continue(n)) => {
                self.flow = Some(Flow::Continue(n - 1));
                false
            }
            Some(Flow::Abort | Flow::Return(_) | Flow::Exit(_)) => false,
        }
    }

    /// `break [N]` / `continue [N]`.
    fn loop_builtin(&mut self, argv: &[String]) -> Io {
        let name = argv[0].as_str();
        let n = match argv.get(1) {
            None => 1,
            Some(a) => match a.parse::<i64>() {
                Ok(n) if n >= 1 => n.min(u32::MAX as i64) as u32,
                Ok(_) if self.loop_depth > 0 => {
                    return Io::fail(1, format!("bash: {name}: {a}: loop count out of range\n"));
                }
                Err(_) if self.loop_depth > 0 => {
                    self.flow = Some(Flow::Break(self.loop_depth as u32));
                    return Io::fail(128, format!("bash: {name}: {a}: numeric argument required\n"));
                }
                _ => 1,
            },
        };
        if self.loop_depth == 0 {
            return Io::fail(0, format!("bash: {name}: only meaningful in a `for', `while', or `until' loop\n"));
        }
        let n = n.min(self.loop_depth as u32);
        self.flow = Some(if name == "break" { Flow::Break(n) } else { Flow::Continue(n) });
        Io::default()
    }

    /// `$((expr))` and `((expr))`: `$` expansions first, then bash's arithmetic over the session's variables.
    fn arith(&mut self, expr: &str) -> Result<i64, String> {
        let expanded = self.expand_text(expr);
        struct Env<'a>(&'a mut BTreeMap<String, String>, &'a std::cell::Cell<(u32, u32)>);
        impl arith::Vars for Env<'_> {
            fn get(&self, name: &str) -> Option<String> {
                if name == "RANDOM" {
                    return Some(next_random(self.1).to_string());
                }
                self.0.get(&arith_key(self.0, name)?).cloned()
            }
            fn set(&mut self, name: &str, value: String) {
                if let Some((n, k)) = array::subscripted(name).filter(|(n, _)| array::is_assoc(self.0, n)) {
                    let _ = array::assoc_set(self.0, n, k, value);
                } else if let Some(k) = arith_key(self.0, name) {
                    if let Some((n, _)) = array::subscripted(name) {
                        array::mark(self.0, n);
                    }
                    self.0.insert(k, value);
                }
            }
            fn assoc(&self, name: &str) -> bool {
                array::is_assoc(self.0, name)
            }
        }
        arith::eval(&expanded, &mut Env(&mut self.env, &self.random))
    }

    /// The arms whose commands a `case` runs, in order: the first whose pattern matches, then on through `;&`
    /// (the next arm, untested) and `;;&` (the next arm that matches). None when the word's expansion failed.
    fn case_arms(
        &mut self,
        word: &parse::Word,
        arms: &[(Vec<parse::Word>, parse::List, parse::ArmEnd)],
    ) -> Option<Vec<usize>> {
        let subject = self.expand_mode(word, false).concat();
        if self.flow.is_some() {
            return None;
        }
        let mut chosen = Vec::new();
        let mut test = true;
        for (i, (patterns, _, end)) in arms.iter().enumerate() {
            if test && !patterns.iter().any(|p| glob::matches(&self.expand_pattern(p), &subject)) {
                continue;
            }
            chosen.push(i);
            match end {
                parse::ArmEnd::Break => break,
                parse::ArmEnd::FallThrough => test = false,
                parse::ArmEnd::TestNext => test = true,
            }
        }
        Some(chosen)
    }

    /// A `case` pattern: quoted text matches itself, the rest is a glob.
    fn expand_pattern(&mut self, word: &parse::Word) -> Vec<glob::Tok> {
        let mut out = Vec::new();
        for part in word {
            let quoted = match part {
                parse::Part::Lit { quoted, .. }
                | parse::Part::Var { quoted, .. }
                | parse::Part::Cmd { quoted, .. }
                | parse::Part::Arith { quoted, .. } => *quoted,
                parse::Part::Array(..) => false,
            };
            let text = self.expand_mode(&vec![part.clone()], false).concat();
            if quoted {
                out.extend(text.chars().map(glob::Tok::Char));
            } else {
                out.extend(glob::compile_with(&text, self.options.shopt("extglob")));
            }
        }
        out
    }

    fn write_output(&mut self, path: &str, text: &str, append: bool) {
        if path == "/dev/null" || path == "/dev/stderr" || path == "/dev/stdout" {
            return;
        }
        if self.proc_outs.iter().any(|(p, _)| p == path) {
            // a pipe: every write goes on
            self.proc_fds.entry(path.to_string()).or_default().push_str(text);
            return;
        }
        let key = self.resolve(path);
        if append {
            self.files.entry(key).or_default().extend_from_slice(text.as_bytes());
        } else {
            self.files.insert(key, text.as_bytes().to_vec());
        }
    }

    /// A path as a key of `files` (relative to the home directory).
    fn resolve(&self, path: &str) -> String {
        let home = self.env.get("HOME").cloned().unwrap_or_default();
        let cwd = self.env.get("PWD").cloned().unwrap_or_default();
        let abs = if path.starts_with('/') {
            path.to_string()
        } else if let Some(rest) = path.strip_prefix("~/") {
            format!("{home}/{rest}")
        } else if path == "~" {
            home.clone()
        } else {
            format!("{cwd}/{path}")
        };
        let norm = normalize(&abs);
        let home_n = normalize(&home);
        if norm == home_n {
            return String::new();
        }
        match norm.strip_prefix(&format!("{home_n}/")) {
            Some(rel) => rel.to_string(),
            None => format!("/{norm}"),
        }
    }

    /// Reads a session file; the error is the OS wording (`No such file or directory`, `Is a directory`).
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, String> {
        if path == "/dev/null" {
            return Ok(Vec::new());
        }
        if let Some(out) = self.proc_fds.get(path) {
            return Ok(out.clone().into_bytes());
        }
        let key = self.resolve(path);
        if let Some(b) = self.files.get(&key) {
            return Ok(b.clone());
        }
        if self.is_dir(path) {
            return Err("Is a directory".into());
        }
        Err("No such file or directory".into())
    }

    pub fn is_dir(&self, path: &str) -> bool {
        self.is_dir_key(&self.resolve(path))
    }

    /// Why a file cannot be written at `path` (bash's and the tools' words), if it cannot. A missing directory
    /// is made (real bash says `No such file or directory`): saved sessions from before directories were kept
    /// write files so, and must replay to the same files.
    fn unwritable(&self, path: &str) -> Option<&'static str> {
        let key = self.resolve(path);
        let parent = key.rsplit_once('/').map_or("", |(p, _)| p);
        if key.is_empty() || self.is_dir_key(&key) {
            Some("Is a directory")
        } else {
            self.files.contains_key(parent).then_some("Not a directory")
        }
    }

    fn is_dir_key(&self, key: &str) -> bool {
        let under = format!("{key}/");
        key.is_empty() || self.dirs.contains(key) || self.files.keys().chain(&self.dirs).any(|k| k.starts_with(&under))
    }

    /// The names directly inside a directory, each with whether it is one, in byte order.
    pub(crate) fn entries(&self, path: &str) -> Vec<(String, bool)> {
        let key = self.resolve(path);
        let prefix = if key.is_empty() { String::new() } else { format!("{key}/") };
        let mut names: BTreeMap<String, bool> = BTreeMap::new();
        for (k, dir) in self.files.keys().map(|k| (k, false)).chain(self.dirs.iter().map(|k| (k, true))) {
            let Some(rel) = k.strip_prefix(&prefix) else { continue };
            let (first, sub) = rel.split_once('/').map_or((rel, false), |(d, _)| (d, true));
            if !first.is_empty() {
                *names.entry(first.to_string()).or_default() |= sub || dir;
            }
        }
        names.into_iter().collect()
    }

    /// Removes a file or a directory with all under it; the directory holding it stays, as on a disk.
    fn remove_tree(&mut self, key: &str) {
        let under = format!("{key}/");
        let gone = |k: &String| k == key || k.starts_with(&under);
        self.files.retain(|k, _| !gone(k));
        self.dirs.retain(|k| !gone(k));
        self.executable.retain(|k| !gone(k));
        if let Some((parent, _)) = key.rsplit_once('/').filter(|(p, _)| !p.is_empty()) {
            self.dirs.insert(parent.to_string());
        }
    }

    /// Every file under a directory, path relative to it → bytes.
    pub fn dir_files(&self, path: &str) -> BTreeMap<String, Vec<u8>> {
        let key = self.resolve(path);
        let prefix = if key.is_empty() { String::new() } else { format!("{key}/") };
        crate::sort::btree_map(
            self.files.iter().filter_map(|(k, v)| k.strip_prefix(&prefix).map(|rel| (rel.to_string(), v.clone()))),
        )
    }

    fn run_argv(&mut self, argv: &[String], stdin: Option<String>) -> Io {
        let args = &argv[1..];
        if argv[0] == "command" {
            return match args.first().map(String::as_str) {
                None => Io::default(),
                Some("-v") => hostcmds::command_v(self, &args[1..]),
                Some("-V") => hostcmds::type_builtin(self, &args[1..]),
                Some(o) if o.starts_with('-') && o.len() > 1 => Io::fail(
                    2,
                    format!("bash: command: {o}: invalid option\ncommand: usage: command [-pVv] command [arg ...]\n"),
                ),
                // the command itself, not a function of that name
                Some(name) => {
                    let f = self.functions.remove(name);
                    let io = self.run_argv(args, stdin);
                    if let Some(f) = f {
                        self.functions.insert(name.to_string(), f);
                    }
                    io
                }
            };
        }
        if let Some(body) = self.functions.get(&argv[0]).cloned() {
            return self.call_function(&argv[0], &body, args, stdin);
        }
        match argv[0].as_str() {
            "return" => self.return_builtin(args),
            "local" | "declare" | "typeset" | "readonly" => declare::run(self, &argv[0], args),
            "eval" => self.eval_builtin(args),
            "bash" | "sh" => self.shell_command(&argv[0], args, stdin),
            "chmod" => self.chmod(args),
            path if path.contains('/') => self.exec_path(path, args, stdin),
            "source" | "." => self.source_builtin(&argv[0], args),
            "watch" => self.watch(args),
            watch::FRAME => self.watch_frame(args),
            "set" => options::set(self, args),
            "exit" => self.exit(args),
            "unset" => self.unset(args),
            "kubectl" | "k" => kubectl::run(self, args, stdin),
            "helm" => helm_cmd::run(self, args),
            "curl" => net::curl(self, args),
            "hey" => net::hey(self, args),
            "nslookup" => net::nslookup_local(self, args),
            "minikube" => net::minikube(self, args),
            "sleep" => self.sleep(args),
            "timeout" => self.timeout(args, stdin),
            "jobs" | "kill" | "fg" | "bg" | "wait" => self.job_builtin(argv),
            "break" | "continue" => self.loop_builtin(argv),
            "test" | "[" => test_cmd::run(self, &argv[0], args),
            "read" => read::run(self, args, stdin),
            "let" => self.let_builtin(args),
            "trap" => trap::builtin(self, args),
            "shift" => self.shift(args),
            "getopts" => self.getopts(args),
            "shopt" => shopt::builtin(self, args),
            _ => builtins::run(self, argv, stdin),
        }
    }

    /// A shell function: its arguments become `$1`..., `$#`, `$@` for the call; `local`s and the positional
    /// parameters are put back when it returns.
    fn call_function(&mut self, name: &str, body: &parse::Simple, args: &[String], stdin: Option<String>) -> Io {
        // bash recurses until FUNCNEST or the stack runs out; here the limit FUNCNEST=100 would set
        if self.locals.len() >= MAX_FUNCTION_NESTING {
            self.flow = Some(Flow::Abort);
            return Io::fail(
                1,
                format!("bash: {name}: maximum function nesting level exceeded ({MAX_FUNCTION_NESTING})\n"),
            );
        }
        // calls share the line's round budget with loops: `f() { f; f; }` would otherwise make 2^100 calls
        self.line_rounds += 1;
        if self.line_rounds >= MAX_LINE_ROUNDS {
            self.flow = Some(Flow::Abort);
            return Io::fail(
                1,
                format!("stsplay: stopped after {MAX_LINE_ROUNDS} function calls and loop rounds in one command (the playground's limit; bash would go on)\n"),
            );
        }
        let saved = self.set_positional(args);
        self.locals.push(Vec::new());
        // ERR and RETURN traps reach a function's commands only with `set -E`/`set -T`, or set in it
        let err_hidden = !self.options.errtrace as usize;
        self.traps.err_hidden += err_hidden;
        let outer_return = self.traps.enter_function();
        let loops = std::mem::take(&mut self.loop_depth);
        let input = stdin.map(read::Input::new);
        let given = input.is_some();
        self.inputs.extend(input);
        let mut io = match &body.compound {
            Some(c) => self.run_compound(c),
            None => Io::default(),
        };
        if given {
            self.inputs.pop();
        }
        self.loop_depth = loops;
        if let Some(Flow::Return(n)) = self.flow {
            io.code = n;
            self.flow = None;
        }
        self.traps.err_hidden -= err_hidden;
        if !matches!(self.flow, Some(Flow::Exit(_))) {
            self.run_return_trap(&mut io);
        }
        self.traps.leave_function(outer_return);
        // a local array goes whole, then what it shadowed comes back
        let frame = self.locals.pop().unwrap_or_default();
        for (k, _) in frame.iter().filter(|(k, _)| !k.contains('[')) {
            array::clear(&mut self.env, k);
        }
        for (k, old) in frame {
            if let Some(v) = old {
                self.env.insert(k, v);
            }
        }
        self.restore_positional(saved);
        io
    }

    /// `$1`... `$#`, `$@`, `$*` for a function call or a sourced file with arguments; what they were comes back
    /// with [`Session::restore_positional`].
    fn set_positional(&mut self, args: &[String]) -> Vec<(String, String)> {
        let saved: Vec<(String, String)> =
            self.env.iter().filter(|(k, _)| is_positional(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        self.env.retain(|k, _| !is_positional(k));
        for (i, a) in args.iter().enumerate() {
            self.env.insert((i + 1).to_string(), a.clone());
        }
        self.env.insert("#".into(), args.len().to_string());
        self.env.insert("@".into(), array::join(args));
        self.env.insert("*".into(), args.join(" "));
        saved
    }

    fn restore_positional(&mut self, saved: Vec<(String, String)>) {
        self.env.retain(|k, _| !is_positional(k));
        self.env.extend(saved);
    }

    /// `exit [N]`: N (or the last status) for the subshell it ends; the terminal's shell prints `exit` as bash
    /// does and stays, as the page cannot close.
    fn exit(&mut self, args: &[String]) -> Io {
        let code = match args.first().map(|a| (a, a.parse::<i64>())) {
            None => self.last_code,
            Some((_, Ok(n))) => (n & 0xff) as i32,
            Some((a, Err(_))) => {
                self.flow = Some(Flow::Exit(2));
                return Io::fail(2, format!("bash: exit: {a}: numeric argument required\n"));
            }
        };
        self.flow = Some(Flow::Exit(code));
        if self.subshells > 0 || self.depth > 0 {
            return Io { code, ..Io::default() };
        }
        // the page's shell stays, but bash runs the EXIT trap on its way out
        let mut io = Io { code, ..Io::ok("exit\n") };
        io.code = self.run_exit_trap(code, &mut io);
        io
    }

    /// `return [N]`: leaves the function with N (or the last command's status).
    fn return_builtin(&mut self, args: &[String]) -> Io {
        if self.locals.is_empty() {
            return Io::fail(1, "bash: return: can only `return' from a function or sourced script\n");
        }
        let code = match args.first() {
            None => self.last_code,
            Some(a) => match a.parse::<i64>() {
                Ok(n) => (n & 0xff) as i32,
                Err(_) => {
                    self.flow = Some(Flow::Return(2));
                    return Io::fail(2, format!("bash: return: {a}: numeric argument required\n"));
                }
            },
        };
        self.flow = Some(Flow::Return(code));
        self.traps.before_return = Some(self.last_code);
        Io { code, ..Io::default() }
    }

    /// `unset NAME`, `unset 'a[i]'` (one element), `unset -f NAME` (a function).
    fn unset(&mut self, args: &[String]) -> Io {
        let mut io = Io::default();
        let functions = args.first().is_some_and(|a| a == "-f");
        for a in args.iter().filter(|a| !a.starts_with('-')) {
            if functions {
                self.functions.remove(a);
                continue;
            }
            if declare::has(&self.env, array::subscripted(a).map_or(a, |x| x.0), 'r') {
                io.err(format!("bash: unset: {a}: cannot unset: readonly variable\n"));
                io.code = 1;
                continue;
            }
            let Some((name, sub)) = array::subscripted(a) else {
                array::clear(&mut self.env, a);
                continue;
            };
            if array::is_assoc(&self.env, name) {
                let k = self.subscript_word(sub);
                if k.is_empty() {
                    io.err(format!("bash: unset: {a}: bad array subscript\n"));
                    io.code = 1;
                }
                array::assoc_unset(&mut self.env, name, &k);
                continue;
            }
            let i = match self.arith(if sub.trim().is_empty() { "0" } else { sub }) {
                Ok(i) => array::resolve(&self.env, name, i),
                Err(e) => Err(e),
            };
            match i {
                Ok(i) => {
                    self.env.remove(&array::key(name, i));
                }
                Err(_) => {
                    io.err(format!("bash: unset: [{sub}]: bad array subscript\n"));
                    io.code = 1;
                }
            }
        }
        io
    }

    fn sleep(&mut self, args: &[String]) -> Io {
        if args.is_empty() {
            return Io::fail(1, "sleep: missing operand\nTry 'sleep --help' for more information.\n");
        }
        let mut total = 0u64;
        for a in args {
            match parse_sleep(a) {
                Some(ms) => total += ms,
                None => {
                    return Io::fail(
                        1,
                        format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information.\n"),
                    )
                }
            }
        }
        let mut io = Io::default();
        if total > MAX_WAIT_MS {
            io.err("stsplay: simulated time moves at most 30d per command; sleeping 30d\n");
        }
        let total = total.min(MAX_WAIT_MS);
        if self.in_job() {
            // a job waits on the clock; whoever moves it wakes the job (at its `timeout`, with 124, if sooner)
            let (wait, code) = match self.deadline {
                Some(d) if d < total => (d, 124),
                _ => (total, 0),
            };
            self.start_running(stream::Running::Sleep(self.cluster.now() + wait));
            io.code = code;
            return io;
        }
        let total = match self.deadline {
            Some(d) if d < total => {
                self.advance(d);
                return Io { code: 124, ..Default::default() };
            }
            _ => total,
        };
        let start = self.cluster.now();
        if !self.advance(total) {
            let done = self.cluster.now() - start;
            if let Some((_, noted @ false)) = &mut self.clock_stopped {
                *noted = true;
                io.err(format!(
                    "stsplay: sleep stopped after {} of {}: the playground's cluster computes a limited amount \
                     per command line (it runs in your browser); sleep again to go on\n",
                    printers::human_duration(done as i64),
                    printers::human_duration(total as i64)
                ));
            }
            io.code = 1;
        }
        io
    }

    /// `timeout DURATION CMD...`: runs CMD with a budget of simulated time; 124 when it ran out.
    fn timeout(&mut self, args: &[String], stdin: Option<String>) -> Io {
        let mut rest = args;
        while let Some(a) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
            if a == "--foreground" || a == "--preserve-status" || a == "-v" || a == "--verbose" {
                rest = &rest[1..];
            } else if a == "-s" || a == "-k" {
                rest = rest.get(2..).unwrap_or(&[]);
            } else if a.starts_with("--signal=") || a.starts_with("--kill-after=") {
                rest = &rest[1..];
            } else {
                return Io::fail(
                    125,
                    format!("timeout: unrecognized option '{a}'\nTry 'timeout --help' for more information.\n"),
                );
            }
        }
        let Some(d) = rest.first() else {
            return Io::fail(125, "timeout: missing operand\nTry 'timeout --help' for more information.\n");
        };
        let Some(ms) = parse_sleep(d) else {
            return Io::fail(
                125,
                format!("timeout: invalid time interval '{d}'\nTry 'timeout --help' for more information.\n"),
            );
        };
        if rest.len() < 2 {
            return Io::fail(125, "timeout: missing operand\nTry 'timeout --help' for more information.\n");
        }
        let outer = self.deadline;
        let ms = ms.min(MAX_WAIT_MS);
        let budget = outer.map_or(ms, |o| o.min(ms));
        self.deadline = Some(budget);
        let start = self.cluster.now();
        let mut io = self.run_argv(&rest[1..], stdin);
        let spent = self.cluster.now() - start;
        self.deadline = outer.map(|o| o.saturating_sub(spent));
        if io.code == 124 || (spent >= budget && io.code != 0) {
            io.code = 124;
        }
        io
    }

    /// Lets simulated time pass (the cluster runs its controllers, kubelet and apps meanwhile, and jobs
    /// run their commands as the clock reaches them); whether it got to the end. It stops early, and stays
    /// stopped for the rest of the command line, once the line has moved the clock as much as it may (see
    /// [`LINE_CLOCK_COST`]): a waiting command then ends as if its time were up, and the line ends with a note.
    pub fn advance(&mut self, ms: u64) -> bool {
        if self.probe_wait(ms) {
            return true;
        }
        let end = self.cluster.now() + ms;
        let (mut pods, mut counted) = (self.cluster.user_pod_count() as u64, self.cluster.now());
        // in steps, so the cluster's timers fire in order, stopping where a job wakes
        while self.cluster.now() < end {
            if self.clock_left == 0 {
                let moved = self.cluster.now() - self.line_began;
                self.clock_stopped.get_or_insert((moved, false));
                return false;
            }
            let now = self.cluster.now();
            let to = self.job_stop_before(end.min(now + 1000));
            self.cluster.advance(to - now);
            self.jobs_after_step();
            // deterministic (counted work, not wall time): a script stops at the same moment every time
            self.clock_left = self.clock_left.saturating_sub((pods * 100 + 1).saturating_mul(to - now));
            if to - counted >= 60_000 {
                (pods, counted) = (self.cluster.user_pod_count() as u64, to);
            }
        }
        true
    }

    /// Whether the clock stopped in this command line (see [`Session::advance`]); a waiting command that ran
    /// out of time for that reason says so with [`Session::clock_note`] instead of its own time-out error.
    pub fn clock_stopped(&self) -> bool {
        self.clock_stopped.is_some()
    }

    /// The note that the clock stopped in this command line, once per line.
    pub fn clock_note(&mut self) -> Option<String> {
        let (moved, noted) = self.clock_stopped.as_mut().filter(|(_, noted)| !*noted)?;
        *noted = true;
        Some(format!(
            "stsplay: the simulated clock stopped after {}: the playground's cluster computes a limited amount per \
             command line (it runs in your browser); the next command goes on from there\n",
            printers::human_duration(*moved as i64)
        ))
    }

    /// How long a blocking command may still wait: the `timeout` budget, or `default`.
    pub fn wait_budget(&self, default: u64) -> u64 {
        self.deadline.unwrap_or(default)
    }

    pub fn env(&self, name: &str) -> Option<&str> {
        self.env.get(name).map(String::as_str)
    }

    pub fn history(&self) -> &[String] {
        &self.history
    }
}

/// bash's `$RANDOM` (variables.c's brand): Park and Miller's minimal standard generator, its two halves
/// folded to 15 bits, never the same value twice in a row; `RANDOM=N` seeds it, so `RANDOM=42; echo $RANDOM`
/// prints what bash prints.
fn next_random(state: &std::cell::Cell<(u32, u32)>) -> u32 {
    let (mut seed, last) = state.get();
    let value = loop {
        let x = if seed == 0 { 123_459_876 } else { seed } as i64;
        let (h, l) = (x / 127_773, x % 127_773);
        let t = 16_807 * l - 2_836 * h;
        seed = if t < 0 { t + 0x7fff_ffff } else { t } as u32;
        let v = ((seed >> 16) ^ (seed & 0xffff)) & 32_767;
        if v != last {
            break v;
        }
    };
    state.set((seed, value));
    value
}

/// The variables as a subscript's arithmetic reads them (an assignment there is not kept).
struct ReadVars<'a>(&'a BTreeMap<String, String>);

impl arith::Vars for ReadVars<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0.get(&arith_key(self.0, name)?).cloned()
    }
    fn set(&mut self, _: &str, _: String) {}
    fn assoc(&self, name: &str) -> bool {
        array::is_assoc(self.0, name)
    }
}

/// The variable an arithmetic name stands for: `a[N]` is an element (N < 0 counts from the end).
fn arith_key(env: &BTreeMap<String, String>, name: &str) -> Option<String> {
    match array::subscripted(name) {
        None => Some(name.to_string()),
        Some((n, k)) if array::is_assoc(env, n) => Some(array::assoc_slot(n, k)),
        Some((n, i)) => Some(array::key(n, array::resolve(env, n, i.parse().ok()?).ok()?)),
    }
}

/// Whether bash runs a process for the pipeline and waits for it (anything but its builtins), after which
/// it reports ended jobs. `wait` reports them too.
fn waits_for_child(pipeline: &parse::Pipeline) -> bool {
    const BUILTINS: &[&str] = &[
        ".", ":", "[", "alias", "bg", "cd", "declare", "echo", "eval", "exit", "export", "false", "fg", "hash", "help",
        "history", "jobs", "kill", "let", "local", "printf", "pwd", "read", "readonly", "return", "set", "shift",
        "source", "getopts", "shift", "shopt", "test", "trap", "true", "type", "ulimit", "umask", "unalias", "unset",
    ];
    pipeline.iter().any(|s| {
        let first = s.words.iter().find(|w| parse::is_assignment(w).is_none());
        match first.and_then(parse::literal) {
            Some(name) => !BUILTINS.contains(&name.as_str()),
            None => first.is_some(),
        }
    })
}

fn is_positional(k: &str) -> bool {
    (k.chars().all(|c| c.is_ascii_digit()) && k != "0") || matches!(k, "#" | "@" | "*")
}

/// `$$`: the shell's process id, the same in its subshells and scripts.
pub const SHELL_PID: &str = "4242";

/// How many rounds a loop in the foreground runs at most (nobody can press Ctrl-C while it runs).
pub const MAX_LOOP_ROUNDS: u32 = 1000;

/// How many loop rounds one command line runs at most, all its nested loops together.
pub const MAX_LINE_ROUNDS: u32 = 5000;

/// How deeply shell functions may call each other (bash's FUNCNEST set to this).
pub const MAX_FUNCTION_NESTING: usize = 100;

/// The most simulated time one command may let pass (so a typo like `sleep 100y` cannot hang the page).
pub const MAX_WAIT_MS: u64 = 30 * 86_400_000;

/// What one command line may spend moving the clock, in hundredths of a pod-millisecond: the time moved
/// times the learner's pods, plus a hundredth for the cluster itself (a month of an empty cluster costs 24 ms,
/// as much as seven hours of one pod). 200,000 pod-seconds: a day and a bit of the lab's two pods, an hour of
/// fifty, three minutes of a thousand. A pod-second with probes costs 1 µs natively at two pods and 4 to 12 µs
/// at a thousand (measured with `sleep`, `kubectl wait` and `rollout status` while a StatefulSet scales to
/// 1,000), so a line stays within about two seconds natively and a few in the page; before this bound a
/// `rollout status` of a 1,000-replica scale-up took 84 s natively.
const LINE_CLOCK_COST: u64 = 200_000 * 1000 * 100;

/// `sleep` arguments: a number with an optional `s`, `m`, `h`, `d` suffix (GNU sleep).
pub fn parse_sleep(a: &str) -> Option<u64> {
    let (num, mult) = match a.chars().last()? {
        's' => (&a[..a.len() - 1], 1000.0),
        'm' => (&a[..a.len() - 1], 60_000.0),
        'h' => (&a[..a.len() - 1], 3_600_000.0),
        'd' => (&a[..a.len() - 1], 86_400_000.0),
        _ => (a, 1000.0),
    };
    let n: f64 = num.parse().ok()?;
    if !(0.0..1e12).contains(&n) || num.starts_with('+') {
        return None;
    }
    Some((n * mult).round() as u64)
}

/// A path as the session keys its files: `.` and empty parts dropped, `..` taken back.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// Runs a script against a fresh simulated cluster and returns the transcript: its lines typed one by one
/// into the interactive shell, each after the prompt it was typed at (`$ `, bash's `> ` inside a command,
/// heredoc and continued lines), with what the shell printed. Blank and comment lines between commands are
/// not shown. At the end, an open command meets the end of input as bash's Ctrl-D does.
pub fn run_script(script: &str, seed: u64) -> String {
    let mut session = Session::new(seed);
    let mut out = String::new();
    for line in script.lines() {
        let trimmed = line.trim();
        if !session.continuing() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        out.push_str(&session.prompt());
        out.push_str(line);
        out.push('\n');
        out.push_str(&session.run_line(line));
        session.detach();
    }
    if session.continuing() {
        out.push_str("> ");
        out.push_str(&session.end_of_input());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredocs_files_and_pipes() {
        let mut s = Session::new(1);
        let script = "export APP=web\ncat <<EOF > m.yaml\nname: $APP\nraw: \\$APP\nEOF\ncat m.yaml | grep name\necho hi && false || echo recovered\nls python-time-app | head -n 2";
        let mut t = String::new();
        for c in script.lines() {
            t.push_str(&s.run_line(c));
        }
        assert_eq!(t, "name: web\nrecovered\nChart.yaml\nREADME.md\n".replace("recovered", "hi\nrecovered"));
        assert_eq!(s.read_file("m.yaml").unwrap(), b"name: web\nraw: $APP\n");
        assert_eq!(s.run_line("cat nope.yaml"), "cat: nope.yaml: No such file or directory\n");
        assert_eq!(s.run_line("frobnicate --now"), "bash: frobnicate: command not found\n");
    }

    #[test]
    fn sleep_moves_the_clock() {
        let mut s = Session::new(1);
        s.run_line("sleep 2m");
        assert_eq!(s.cluster().now(), 120_000);
        s.run_line("sleep 1.5");
        assert_eq!(s.cluster().now(), 121_500);
        assert_eq!(
            s.run_line("sleep x"),
            "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n"
        );
        let io = s.run("timeout 10s sleep 1m");
        assert_eq!(io.code, 124);
        assert_eq!(s.cluster().now(), 131_500);
    }

    /// Lines of an open heredoc are kept without parsing again (`keep_heredoc_line`): typed a line at a time,
    /// a script must leave the same files and print the same as given at once.
    #[test]
    fn heredoc_lines_kept_unparsed_end_as_parsed() {
        let script = "cat <<'A' >a <<-B >b; echo one\nA \n 'open\n$(\nA\n\tx\n\tB\ncat a b\n\
                      cat <<'EOF' | wc -l\n\"\nEOF\necho two\ncat <<X\nnot closed\n";
        let mut by_line = Session::new(1);
        let mut printed = String::new();
        for line in script.lines() {
            printed.push_str(&by_line.run_line(line));
        }
        printed.push_str(&by_line.end_of_input());
        let mut at_once = Session::new(1);
        let all = at_once.run_line(script.trim_end_matches('\n')) + &at_once.end_of_input();
        assert_eq!(printed, all);
        assert!(printed.starts_with("one\nx\n1\ntwo\n"), "{printed}");
        assert_eq!(by_line.read_file("a").unwrap(), b"");
        assert_eq!(by_line.read_file("b").unwrap(), b"x\n");
    }

    #[test]
    fn script_transcript_echoes_continuations() {
        let t = run_script("# c\n\necho a \\\n  b\ncat <<EOF\nx\nEOF\n", 0);
        assert_eq!(t, "$ echo a \\\n>   b\na b\n$ cat <<EOF\n> x\n> EOF\nx\n");
    }
}
