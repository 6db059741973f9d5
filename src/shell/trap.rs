//! `trap`: the commands a shell runs on its way out (EXIT), after a failing command (ERR, as `set -e` would
//! judge it), when a function returns (RETURN) and on a signal (INT from the page's Ctrl-C, `kill -s SIG $$`).
//! As bash 5.2 (trap.c, builtins/trap.def): a subshell starts with the traps reset but shows its parent's in
//! `trap -p` until it sets one; ERR and RETURN reach functions only with `set -E`/`set -T`.

use std::collections::BTreeMap;

use super::{Flow, Io, Session};

pub const EXIT: u32 = 0;
pub const INT: u32 = 2;
pub const DEBUG: u32 = 65;
pub const ERR: u32 = 66;
pub const RETURN: u32 = 67;

const USAGE: &str = "trap: usage: trap [-lp] [[arg] signal_spec ...]\n";

/// Linux's signal names by number (1 to 31; 34 to 64 are the real-time ones, named as bash names them).
const NAMES: [&str; 31] = [
    "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM",
    "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO",
    "PWR", "SYS",
];

/// The name `trap -p` and `trap -l` show: `EXIT`, `SIGINT`, `SIGRTMIN+3`, `DEBUG`.
pub fn name(n: u32) -> String {
    match n {
        EXIT => "EXIT".into(),
        DEBUG => "DEBUG".into(),
        ERR => "ERR".into(),
        RETURN => "RETURN".into(),
        1..=31 => format!("SIG{}", NAMES[n as usize - 1]),
        32 | 33 => n.to_string(),
        34 => "SIGRTMIN".into(),
        35..=49 => format!("SIGRTMIN+{}", n - 34),
        64 => "SIGRTMAX".into(),
        _ => format!("SIGRTMAX-{}", 64 - n),
    }
}

/// A signal spec as bash's decode_signal reads it outside posix mode: a number, or a name with or without
/// `SIG`, in any case.
pub fn decode(spec: &str) -> Option<u32> {
    if let Ok(n) = spec.parse::<u32>() {
        return (n <= 64).then_some(n);
    }
    let upper = spec.to_ascii_uppercase();
    let bare = upper.strip_prefix("SIG").unwrap_or(&upper);
    (0..=RETURN).filter(|n| !matches!(n, 32 | 33)).find(|&n| {
        let full = name(n);
        full == upper || (n > 0 && n < DEBUG && full.strip_prefix("SIG") == Some(bare))
    })
}

/// `trap -l` (and `kill -l`): five to a line, as bash lays them out.
pub fn listing() -> String {
    let mut out = String::new();
    for (i, n) in (1..=64).filter(|n| !matches!(n, 32 | 33)).enumerate() {
        out.push_str(&format!("{n:>2}) {}", name(n)));
        out.push(if i % 5 == 4 { '\n' } else { '\t' });
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[derive(Clone, Debug, Default)]
pub struct Traps {
    /// The command for each signal set (an empty one ignores it).
    pub set: BTreeMap<u32, String>,
    /// A subshell's parent's traps: `trap -p` shows them until the subshell sets one (bash 5.2).
    shown: Option<BTreeMap<u32, String>>,
    /// How many function calls deep `trap ... RETURN` was set in the function being run: its return runs it.
    return_depth: Option<usize>,
    /// Function calls that do not see the ERR trap (no `set -E`).
    pub err_hidden: usize,
    /// A trap's command is running: ERR does not fire inside it.
    pub running: usize,
    /// `$?` as the RETURN trap sees it: the status before `return` ran.
    pub before_return: Option<i32>,
}

impl Traps {
    /// What a subshell (`( ... )`, `$( ... )`) starts with: ignored signals stay ignored, the rest are reset;
    /// ERR stays with `set -E`.
    pub fn for_subshell(&self, errtrace: bool) -> Traps {
        let kept = self.set.iter().filter(|(n, c)| c.is_empty() || (errtrace && **n == ERR));
        Traps {
            set: kept.map(|(n, c)| (*n, c.clone())).collect(),
            shown: Some(self.shown.clone().unwrap_or_else(|| self.set.clone())),
            ..Traps::default()
        }
    }

    /// What a new shell process (`bash FILE`) starts with: only what was ignored.
    pub fn for_child(&self) -> Traps {
        let set = self.set.iter().filter(|(_, c)| c.is_empty()).map(|(n, c)| (*n, c.clone())).collect();
        Traps { set, ..Traps::default() }
    }

    /// A function call begins: a RETURN trap set in it is its own (what the caller's was comes back after).
    pub fn enter_function(&mut self) -> Option<usize> {
        self.return_depth.take()
    }

    pub fn leave_function(&mut self, outer: Option<usize>) {
        self.return_depth = outer;
    }

    pub fn command(&self, n: u32) -> Option<&str> {
        self.set.get(&n).map(String::as_str).filter(|c| !c.is_empty())
    }

    fn print(&self, which: Option<&[u32]>) -> String {
        let shown = self.shown.as_ref().unwrap_or(&self.set);
        let line = |(n, c): (&u32, &String)| format!("trap -- '{}' {}\n", c.replace('\'', "'\\''"), name(*n));
        match which {
            None => shown.iter().map(line).collect(),
            Some(ns) => ns.iter().filter_map(|n| shown.get_key_value(n)).map(line).collect(),
        }
    }
}

/// `trap [-lp] [[ARG] SIGNAL...]`.
pub fn builtin(s: &mut Session, args: &[String]) -> Io {
    let mut rest = args;
    let (mut list, mut print) = (false, false);
    while let Some(a) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        if a == "--" {
            rest = &rest[1..];
            break;
        }
        for c in a[1..].chars() {
            match c {
                'l' => list = true,
                'p' => print = true,
                _ => return Io::fail(2, format!("bash: trap: -{c}: invalid option\n{USAGE}")),
            }
        }
        rest = &rest[1..];
    }
    if list {
        return Io::ok(listing());
    }
    let mut io = Io::default();
    if print || rest.is_empty() {
        if rest.is_empty() {
            return Io::ok(s.traps.print(None));
        }
        let mut ns = Vec::new();
        for a in rest {
            match decode(a) {
                Some(n) => ns.push(n),
                None => {
                    io.err(format!("bash: trap: {a}: invalid signal specification\n"));
                    io.code = 1;
                }
            }
        }
        io.out(s.traps.print(Some(&ns)));
        return io;
    }
    // `trap SIG` and `trap - SIG...` reset; a first operand that is a number is a signal too (POSIX)
    let reset = rest[0] == "-" || (rest.len() == 1 && decode(&rest[0]).is_some()) || rest[0].parse::<u32>().is_ok();
    let (action, specs) = match reset {
        true if rest[0] == "-" => (None, &rest[1..]),
        true => (None, rest),
        false if rest.len() == 1 => return Io::fail(2, USAGE),
        false => (Some(rest[0].clone()), &rest[1..]),
    };
    let depth = s.function_depth();
    let traps = &mut s.traps;
    for a in specs {
        let Some(n) = decode(a) else {
            io.err(format!("bash: trap: {a}: invalid signal specification\n"));
            io.code = 1;
            continue;
        };
        if traps.shown.is_some() {
            // the subshell's own traps from now on
            traps.shown = None;
        }
        match &action {
            Some(cmd) => {
                traps.set.insert(n, cmd.clone());
            }
            None => {
                traps.set.remove(&n);
            }
        }
        if n == RETURN {
            traps.return_depth = Some(depth);
        }
    }
    io
}

impl Session {
    /// Runs the trap for signal `n` as `eval` would, with `$?` as it was; says nothing when none is set. The
    /// status and the flow of the commands around it come back after it, unless it ran `exit`.
    pub(super) fn run_trap(&mut self, n: u32) -> Io {
        let Some(cmd) = self.traps.command(n).map(str::to_string) else { return Io::default() };
        let (code, flow) = (self.last_code, self.flow.take());
        self.traps.running += 1;
        // as eval would, numbered from the line the shell was at (`$LINENO` there is that line)
        let who = self.script.as_ref().map_or("eval".to_string(), |name| format!("{name}: eval"));
        let mut io = self.run_text(&who, &cmd, self.lineno.max(1));
        self.traps.running -= 1;
        match self.flow {
            Some(Flow::Exit(_)) => {}
            _ => {
                self.flow = flow;
                self.last_code = code;
                io.code = code;
            }
        }
        io
    }

    /// A shell ends (a script, a subshell) with `code`: its EXIT trap runs, which may `exit` with another.
    pub(super) fn run_exit_trap(&mut self, code: i32, io: &mut Io) -> i32 {
        if self.traps.command(EXIT).is_none() {
            return code;
        }
        let flow = self.flow.take();
        self.last_code = code;
        let r = self.run_trap(EXIT);
        self.traps.set.remove(&EXIT);
        io.chunks.extend(r.chunks);
        let code = match self.flow.take() {
            Some(Flow::Exit(n)) => n,
            _ => code,
        };
        self.flow = flow;
        code
    }

    /// A command failed where `set -e` would act: the ERR trap runs, unless the function it is in does not see
    /// it (no `set -E`) or a trap is running.
    pub(super) fn run_err_trap(&mut self, io: &mut Io) {
        if self.traps.err_hidden > 0 || self.traps.running > 0 || self.traps.command(ERR).is_none() {
            return;
        }
        let r = self.run_trap(ERR);
        io.chunks.extend(r.chunks);
    }

    /// A function returns: its RETURN trap runs if it set it (or with `set -T`).
    pub(super) fn run_return_trap(&mut self, io: &mut Io) {
        let before = self.traps.before_return.take();
        let own = self.traps.return_depth == Some(self.function_depth()) || self.options.functrace;
        if !own || self.traps.command(RETURN).is_none() || self.traps.running > 0 {
            return;
        }
        let code = self.last_code;
        self.last_code = before.unwrap_or(code);
        let r = self.run_trap(RETURN);
        self.last_code = code;
        io.chunks.extend(r.chunks);
    }

    fn function_depth(&self) -> usize {
        self.locals.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_specs_decode_as_bash_reads_them() {
        for (spec, want) in [
            ("EXIT", Some(0)),
            ("exit", Some(0)),
            ("0", Some(0)),
            ("int", Some(2)),
            ("SIGTERM", Some(15)),
            ("sigrtmin+1", Some(35)),
            ("RTMAX", Some(64)),
            ("ERR", Some(ERR)),
            ("SIGERR", None),
            ("32", Some(32)),
            ("65", None),
            ("BAR", None),
        ] {
            assert_eq!(decode(spec), want, "{spec}");
        }
    }
}

#[cfg(test)]
mod interrupt_tests {
    use crate::shell::Session;

    /// The page's Ctrl-C ends the foreground command, then the shell's INT trap runs, as bash's does.
    #[test]
    fn ctrl_c_runs_the_int_trap() {
        let mut s = Session::new(1);
        s.run_line("trap 'echo caught $?' INT");
        s.run_line("helm install web ./python-time-app");
        s.run_line("kubectl get pods -w");
        assert!(s.busy());
        assert_eq!(s.interrupt(), "^C\ncaught 130\n");
        s.run_line("trap '' INT");
        s.run_line("kubectl get pods -w");
        assert_eq!(s.interrupt(), "^C\n");
    }
}
