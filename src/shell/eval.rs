//! `eval` and `source`/`.`: text run as commands in the current shell (its variables, functions, directory),
//! as bash 5.2 runs them in an interactive shell, error messages included (`bash: eval: line 1: ...`).

use super::{parse, Flow, Io, Session};

/// How deeply `eval` and `source` may nest (a file that sources itself): bash goes on until its stack
/// runs out; the page stops here, saying so.
const MAX_NESTING: usize = 100;

impl Session {
    /// `eval ARGS...`: the arguments joined by spaces, parsed and run here.
    pub(super) fn eval_builtin(&mut self, args: &[String]) -> Io {
        let text = args.join(" ");
        // a script's eval numbers its lines from the eval's own
        match self.script.clone() {
            Some(name) => self.run_text(&format!("{name}: eval"), &text, self.lineno.max(1)),
            None => self.run_text("eval", &text, 1),
        }
    }

    /// `source FILE [ARGS...]` and `. FILE`: the file's commands run here, with ARGS as `$1`... while they run.
    pub(super) fn source_builtin(&mut self, name: &str, args: &[String]) -> Io {
        let Some(file) = args.first() else {
            return Io::fail(
                2,
                format!("bash: {name}: filename argument required\n{name}: usage: {name} filename [arguments]\n"),
            );
        };
        let text = match self.read_file(file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(_) if self.is_dir(file) => return Io::fail(1, format!("bash: {name}: {file}: is a directory\n")),
            Err(e) => return Io::fail(1, format!("bash: {file}: {e}\n")),
        };
        // in a script the sourced file names its own lines
        let scripted = self.script.is_some();
        let who = if scripted { file.clone() } else { format!("bash: {file}") };
        let saved = (self.script.clone(), self.lineno);
        if scripted {
            self.script = Some(file.clone());
        }
        let io = self.source_args(&who, &text, &args[1..]);
        (self.script, self.lineno) = saved;
        io
    }

    fn source_args(&mut self, who: &str, text: &str, args: &[String]) -> Io {
        if args.is_empty() {
            return self.run_text(who, text, 1);
        }
        let saved = self.set_positional(args);
        let io = self.run_text(who, text, 1);
        self.restore_positional(saved);
        io
    }

    /// Parses and runs `text` command by command until a syntax error; `who` is `eval` or the sourced file.
    pub(super) fn run_text(&mut self, who: &str, text: &str, first_line: usize) -> Io {
        if self.eval_depth >= MAX_NESTING {
            self.flow = Some(Flow::Abort);
            return Io::fail(
                1,
                format!(
                    "stsplay: {who}: nested deeper than {MAX_NESTING} levels (bash would go on until it crashes)\n"
                ),
            );
        }
        self.eval_depth += 1;
        let mut io = Io::default();
        let src = if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") };
        let mut rest = src.as_str();
        let mut line = first_line;
        // where the input ends: bash names that line in an end-of-file error or warning
        let end = first_line + text.lines().count();
        loop {
            match parse::parse_next_ext(rest, true, line, self.options.shopt("extglob")) {
                Ok(None) => break,
                Ok(Some(p)) => {
                    line += rest[..p.consumed].matches('\n').count();
                    for w in p.warnings {
                        // a script's warning names the script (`$0` for bash -c) and the line; interactive
                        // bash names neither
                        match (w.strip_prefix("bash: "), &self.script) {
                            (Some(w), Some(name)) if who != "eval" => {
                                io.err(format!("{name}: line {}: {w}\n", end - 1))
                            }
                            _ => io.err(format!("{w}\n")),
                        }
                    }
                    let r = self.run_list(&p.list);
                    io.append(r);
                    rest = &rest[p.consumed..];
                    if self.flow == Some(Flow::Abort) && self.script.is_some() && !who.ends_with("eval") {
                        // a script abandons the line (an arithmetic error, a readonly variable) and goes on
                        self.flow = None;
                    }
                    if self.flow.is_some() {
                        break;
                    }
                }
                Err((parse::ParseError::Syntax(e), skip)) if e.ends_with("bad substitution") => {
                    // found when bash expands the word: the line is abandoned (status 1), the text goes on
                    self.lineno = line + rest[..skip].trim_end_matches('\n').matches('\n').count();
                    io.err(self.in_script(format!("{e}\n")));
                    io.code = 1;
                    line += rest[..skip].matches('\n').count();
                    rest = &rest[skip..];
                }
                Err((parse::ParseError::Syntax(e), skip)) => {
                    // the rest of the text is not run; an interactive bash names a sourced file's line and
                    // echoes it, and an eval's error reads as a typed line's; at the end of the input only
                    // the first of a typed line's two messages, no line echoed
                    let (first, at_end) = e.split_once('\n').map_or((e.as_str(), false), |(f, _)| (f, true));
                    let blank = rest.chars().take_while(|c| c.is_whitespace()).filter(|c| *c == '\n').count();
                    if who == "eval" {
                        io.err(format!("{first}\n"));
                    } else if at_end {
                        io.err(format!("{who}: line {}: {}\n", line + blank, first.trim_start_matches("bash: ")));
                    } else if e.ends_with("syntax error: unexpected end of file") {
                        io.err(format!("{who}: line {end}: syntax error: unexpected end of file\n"));
                    } else {
                        let shown = rest[..skip].trim_end_matches('\n');
                        let e = e.strip_prefix("bash: ").unwrap_or(&e);
                        let at = line + shown.matches('\n').count();
                        let last = shown.rsplit('\n').next().unwrap_or(shown);
                        io.err(format!("{who}: line {at}: {e}\n{who}: line {at}: `{last}'\n"));
                    }
                    io.code = 2;
                    break;
                }
                Err((parse::ParseError::Incomplete, _)) => break,
            }
        }
        self.eval_depth -= 1;
        io
    }
}

impl Session {
    /// `bash FILE ARGS...`, `bash -c 'CMDS' [NAME ARGS...]`, and `sh` as bash (dash words its errors its own way):
    /// a child shell. Its variables,
    /// functions, options and directory are its own, as a subshell's are (it sees the unexported variables
    /// too, which a real child would not).
    pub(super) fn shell_command(&mut self, name: &str, args: &[String], stdin: Option<String>) -> Io {
        let _ = stdin;
        let mut rest = args;
        let mut flags = String::new();
        while let Some(a) = rest.first().filter(|a| a.starts_with('-') && a.as_str() != "-c" && a.len() > 1) {
            match a.as_str() {
                "-e" | "-x" | "-u" => flags.push_str(&a[1..]),
                "--norc" | "--noprofile" => {}
                _ => return Io::fail(2, format!("{name}: {a}: invalid option\n")),
            }
            rest = &rest[1..];
        }
        match rest.first().map(String::as_str) {
            None => Io::fail(
                1,
                format!("stsplay: {name}: the page's terminal is already a shell; run a script with {name} FILE or {name} -c '...'\n"),
            ),
            Some("-c") => {
                let Some(cmds) = rest.get(1) else {
                    return Io::fail(2, format!("{name}: -c: option requires an argument\n"));
                };
                // `bash -c CMDS NAME ARGS...`: NAME is $0
                let zero = rest.get(2).map_or(name, String::as_str).to_string();
                let script_args = rest.get(3..).unwrap_or(&[]);
                self.child_shell(&format!("{zero}: -c"), &zero, cmds, script_args, &flags)
            }
            Some(file) => {
                let text = match self.read_file(file) {
                    Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                    // bash has set $0 to the file by then
                    Err(e) if self.is_dir(file) => return Io::fail(126, format!("{file}: {file}: {e}\n")),
                    Err(e) => return Io::fail(127, format!("{name}: {file}: {e}\n")),
                };
                self.child_shell(file, file, &text, &rest[1..], &flags)
            }
        }
    }

    /// `./script.sh ARGS...`: a file run as a script, if `chmod` made it executable.
    pub(super) fn exec_path(&mut self, path: &str, args: &[String], stdin: Option<String>) -> Io {
        // a program by its full path (`/usr/bin/awk`)
        if let Some((name, _)) = super::hostcmds::PROGRAMS.iter().find(|(_, p)| *p == path) {
            let mut argv = vec![name.to_string()];
            argv.extend_from_slice(args);
            return self.run_argv(&argv, stdin);
        }
        let key = self.resolve(path);
        if self.is_dir(path) && !self.files.contains_key(&key) {
            return Io::fail(126, format!("bash: {path}: Is a directory\n"));
        }
        let Ok(bytes) = self.read_file(path) else {
            return Io::fail(127, format!("bash: {path}: No such file or directory\n"));
        };
        if !self.executable.contains(&key) {
            return Io::fail(126, format!("bash: {path}: Permission denied\n"));
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let interp = text.lines().next().and_then(|l| l.strip_prefix("#!")).map(|l| l.trim().to_string());
        if let Some(i) =
            interp.filter(|i| !["/bin/bash", "/bin/sh", "/usr/bin/env bash", "/usr/bin/bash"].contains(&i.as_str()))
        {
            let _ = stdin;
            return Io::fail(126, format!("stsplay: {path}: the playground runs shell scripts only, not {i}\n"));
        }
        self.child_shell(path, path, &text, args, "")
    }

    /// `who` labels its syntax errors (`s.sh: line 2: ...`), `zero` is its `$0`; `flags` are `bash -e`'s letters.
    fn child_shell(&mut self, who: &str, zero: &str, text: &str, args: &[String], flags: &str) -> Io {
        let saved = (self.env.clone(), self.options, self.functions.clone());
        self.options.script = Some(who != zero);
        // a new bash has shopt's defaults
        self.options.shopt_flipped = 0;
        self.options.errexit |= flags.contains('e');
        self.options.nounset |= flags.contains('u');
        self.options.xtrace |= flags.contains('x');
        let named = (self.script.replace(zero.to_string()), self.lineno);
        let jobs_before = self.last_job();
        let loops = std::mem::take(&mut self.loop_depth);
        self.subshells += 1;
        // the whole environment comes back after, with the parent's positional parameters
        self.set_positional(args);
        self.env.insert("0".into(), zero.to_string());
        // a new bash starts its option parsing over
        self.env.insert("OPTIND".into(), "1".into());
        let getopts_at = std::mem::take(&mut self.getopts_at);
        // a new process: what its parent ignored stays ignored, no other trap is there
        let child = self.traps.for_child();
        let traps = std::mem::replace(&mut self.traps, child);
        let mut io = self.run_text(who, text, 1);
        match self.flow.take() {
            Some(Flow::Exit(n)) => io.code = n,
            Some(Flow::Abort) if io.code == 0 => io.code = 1,
            _ => {}
        }
        io.code = self.run_exit_trap(io.code, &mut io);
        self.flow = None;
        self.traps = traps;
        self.getopts_at = getopts_at;
        self.subshells -= 1;
        (self.env, self.options, self.functions) = saved;
        (self.script, self.lineno) = named;
        self.forget_jobs_after(jobs_before);
        self.loop_depth = loops;
        io
    }

    /// `chmod MODE FILE...`: only the execute bits matter here (`./script.sh`); `+x`, `u+x`, `a-x`, `755`.
    pub(super) fn chmod(&mut self, args: &[String]) -> Io {
        let ops: Vec<&String> = args.iter().filter(|a| !a.starts_with("-R") && a.as_str() != "-v").collect();
        let (Some(mode), files) = (ops.first(), &ops[ops.len().min(1)..]) else {
            return Io::fail(1, "chmod: missing operand\nTry 'chmod --help' for more information.\n");
        };
        if files.is_empty() {
            return Io::fail(
                1,
                format!("chmod: missing operand after '{mode}'\nTry 'chmod --help' for more information.\n"),
            );
        }
        let exec = if mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            Some(mode.bytes().any(|b| (b - b'0') & 1 == 1))
        } else if mode.contains("+x") || mode.contains("=rwx") || mode.contains("+rwx") {
            Some(true)
        } else if mode.contains("-x") {
            Some(false)
        } else if mode.split(',').all(|m| m.trim_start_matches(['u', 'g', 'o', 'a']).starts_with(['+', '-', '='])) {
            None
        } else {
            return Io::fail(1, format!("chmod: invalid mode: '{mode}'\nTry 'chmod --help' for more information.\n"));
        };
        let mut io = Io::default();
        for f in files {
            let key = self.resolve(f);
            if self.read_file(f).is_err() && !self.is_dir(f) {
                io.err(format!("chmod: cannot access '{f}': No such file or directory\n"));
                io.code = 1;
                continue;
            }
            match exec {
                Some(true) => {
                    self.executable.insert(key);
                }
                Some(false) => {
                    self.executable.remove(&key);
                }
                None => {}
            }
        }
        io
    }
}
