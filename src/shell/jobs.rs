//! Commands that outlive their line, as an interactive bash runs them: the foreground command (a watch the
//! page's terminal streams until Ctrl-C) and `&` jobs with `jobs`, `kill` and `fg`.
//!
//! Where nobody can press Ctrl-C (`stsplay run`, a pipe, `$(...)`) a foreground watch or `logs -f` ends at
//! once, as if interrupted, and a foreground `kubectl port-forward` keeps forwarding until the script ends, as
//! when the lab ran it in a second terminal. `kubectl port-forward ... &` is the way to keep it in one shell
//! (it prints `Handling connection for PORT` per connection, and `kill %1` ends it).
//!
//! Job notices (`[1]+  Done    cmd`) follow bash: queued while a command line runs, printed after the next
//! one, where bash prints them before its next prompt.

use super::stream::Running;
use super::{Io, Session};

pub struct Job {
    pub id: u32,
    pub pid: u32,
    pub text: String,
    pub run: Running,
}

#[derive(Default)]
pub struct Jobs {
    /// The foreground command still running, with a number that changes per command (the page streams
    /// its output into the entry of the command that started it).
    foreground: Option<(u64, Running)>,
    fg_seq: u64,
    list: Vec<Job>,
    /// `$!`
    last_pid: Option<u32>,
    pid_seq: u32,
    /// Set while a `&` item runs: a command that keeps running hands itself over here.
    in_background: bool,
    started: Option<Running>,
    /// Notices waiting for the next command line, with their job numbers (not reused until shown).
    queued: Vec<(u32, String)>,
}

/// The first PID handed out to jobs (`$$` is 4242).
const FIRST_PID: u32 = 4243;

impl Session {
    /// A command that keeps running (a watch, `logs -f`, port-forward) after printing what it had.
    pub(crate) fn start_running(&mut self, r: Running) {
        if self.jobs.in_background {
            self.jobs.started = Some(r);
        } else if self.to_terminal && self.depth == 0 {
            self.jobs.fg_seq += 1;
            self.jobs.foreground = Some((self.jobs.fg_seq, r));
        }
        // else nothing can read it: it ends at once (a port-forward's ports stay open, see the module doc)
    }

    /// Whether a command still holds the terminal (the page shows no prompt until it ends or Ctrl-C).
    pub fn busy(&self) -> bool {
        self.jobs.foreground.is_some()
    }

    /// Identifies the foreground command while it runs.
    pub fn foreground_id(&self) -> Option<u64> {
        self.jobs.foreground.as_ref().map(|(id, _)| *id)
    }

    /// What running commands printed for the cluster's changes since the last poll: the foreground
    /// command's output, then the jobs'. Call after the clock moved.
    pub fn poll(&mut self) -> String {
        let mut out = String::new();
        if let Some((_, r)) = &mut self.jobs.foreground {
            match r.poll(&self.cluster) {
                Some(t) => out.push_str(&t),
                None => self.jobs.foreground = None,
            }
        }
        out.push_str(&self.poll_jobs());
        out
    }

    pub(crate) fn poll_jobs_output(&mut self) -> String {
        if self.jobs.list.is_empty() {
            return String::new();
        }
        self.poll_jobs()
    }

    fn poll_jobs(&mut self) -> String {
        let mut out = String::new();
        let mut ended = Vec::new();
        for job in &mut self.jobs.list {
            match job.run.poll(&self.cluster) {
                Some(t) => out.push_str(&t),
                None => ended.push(job.id),
            }
        }
        for id in ended {
            self.end_job(id, "Done");
        }
        out
    }

    /// Ctrl-C: ends the foreground command; bash echoes `^C`.
    pub fn interrupt(&mut self) -> String {
        if let Some((_, r)) = self.jobs.foreground.take() {
            self.stop(r);
        }
        "^C\n".to_string()
    }

    /// Forgets the foreground command without stopping what it set up (`stsplay run` after each command).
    pub fn detach(&mut self) {
        self.jobs.foreground = None;
    }

    fn stop(&mut self, r: Running) {
        if let Running::PortForward(ports) = r {
            for p in ports {
                self.port_forwards.remove(&p);
            }
        }
    }

    /// Text a background job printed while another command ran (`Handling connection for 8080`): goes to
    /// the terminal when the job is in the background, nowhere when it is a script's detached forward.
    pub(crate) fn forward_used(&mut self, port: u16) -> Option<String> {
        let held = |r: &Running| matches!(r, Running::PortForward(p) if p.contains(&port));
        let fg = self.jobs.foreground.as_ref().is_some_and(|(_, r)| held(r));
        (fg || self.jobs.list.iter().any(|j| held(&j.run))).then(|| format!("Handling connection for {port}\n"))
    }

    /// A connection to `port` found the forward's pod gone: the `kubectl port-forward` holding it prints the
    /// connection and its error and exits 1, releasing all its ports. A script's detached forward (nobody
    /// sees its terminal) just closes.
    pub(crate) fn lose_forward(&mut self, port: u16) {
        let held = |r: &Running| matches!(r, Running::PortForward(p) if p.contains(&port));
        let lost = format!("Handling connection for {port}\nerror: lost connection to pod\n");
        if let Some(id) = self.jobs.list.iter().find(|j| held(&j.run)).map(|j| j.id) {
            self.job_out.push_str(&lost);
            self.end_job(id, "Exit 1");
        } else if self.jobs.foreground.as_ref().is_some_and(|(_, r)| held(r)) {
            self.job_out.push_str(&lost);
            if let Some((_, r)) = self.jobs.foreground.take() {
                self.stop(r);
            }
        } else {
            // the detached forward's other ports belong to the same kubectl process: find them by its pod
            let gone = self.port_forwards.get(&port).map(|f| (f.namespace.clone(), f.pod.clone(), f.uid.clone()));
            self.port_forwards.retain(|_, f| Some((f.namespace.clone(), f.pod.clone(), f.uid.clone())) != gone);
        }
    }

    /// Runs the `&` item `text` through `run`: prints `[N] PID`, keeps it as a job when it is still running.
    pub(crate) fn run_background(&mut self, text: &str, run: impl FnOnce(&mut Session) -> Io) -> Io {
        let live = self.jobs.list.iter().map(|j| j.id);
        let id = live.chain(self.jobs.queued.iter().map(|q| q.0)).max().unwrap_or(0) + 1;
        let pid = FIRST_PID + self.jobs.pid_seq;
        self.jobs.pid_seq += 1;
        self.jobs.last_pid = Some(pid);
        let mut io = Io::default();
        io.err(format!("[{id}] {pid}\n"));
        self.jobs.in_background = true;
        self.jobs.started = None;
        let r = run(self);
        self.jobs.in_background = false;
        io.chunks.extend(r.chunks);
        let job = Job { id, pid, text: text.to_string(), run: Running::PortForward(Vec::new()) };
        self.jobs.list.push(job);
        match self.jobs.started.take() {
            Some(run) => {
                if let Some(j) = self.jobs.list.last_mut() {
                    j.run = run;
                }
            }
            None => {
                let status = if r.code == 0 { "Done".to_string() } else { format!("Exit {}", r.code) };
                self.end_job(id, &status);
            }
        }
        io.code = 0;
        io
    }

    /// Whether the `&` job being run has a command that keeps running (the rest of its list waits for it).
    pub(crate) fn background_started(&self) -> bool {
        self.jobs.in_background && self.jobs.started.is_some()
    }

    /// `$!`
    pub fn last_background_pid(&self) -> Option<u32> {
        self.jobs.last_pid
    }

    fn mark(&self, id: u32) -> char {
        let mut ids: Vec<u32> = self.jobs.list.iter().map(|j| j.id).collect();
        crate::sort::sort(&mut ids);
        match ids.iter().rev().position(|i| *i == id) {
            Some(0) => '+',
            Some(1) => '-',
            _ => ' ',
        }
    }

    fn end_job(&mut self, id: u32, status: &str) {
        let mark = self.mark(id);
        let Some(pos) = self.jobs.list.iter().position(|j| j.id == id) else { return };
        let job = self.jobs.list.remove(pos);
        self.jobs.queued.push((id, format!("[{id}]{mark}  {status:<24}{}\n", job.text)));
        self.stop(job.run);
    }

    /// Notices queued before this command line; the caller prints them after it.
    pub(crate) fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.jobs.queued).into_iter().map(|q| q.1).collect()
    }

    /// `jobs`, `kill`, `fg`.
    pub(crate) fn job_builtin(&mut self, argv: &[String]) -> Io {
        let args = &argv[1..];
        match argv[0].as_str() {
            "jobs" => {
                let mut out = String::new();
                for j in &self.jobs.list {
                    let pid = if args.iter().any(|a| a == "-l") { format!("{} ", j.pid) } else { String::new() };
                    out.push_str(&format!("[{}]{}  {pid}{:<24}{} &\n", j.id, self.mark(j.id), "Running", j.text));
                }
                Io::ok(out)
            }
            "kill" => {
                let mut status = "Terminated";
                let mut targets = Vec::new();
                for a in args {
                    match a.as_str() {
                        "-9" | "-KILL" | "-SIGKILL" => status = "Killed",
                        "-2" | "-INT" | "-SIGINT" => status = "Interrupt",
                        "-15" | "-TERM" | "-SIGTERM" | "-s" => {}
                        _ => targets.push(a.clone()),
                    }
                }
                if targets.is_empty() {
                    return Io::fail(
                        2,
                        "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
                    );
                }
                let mut io = Io::default();
                for t in targets {
                    let job = match t.strip_prefix('%') {
                        Some(n) => self.find_job(n),
                        None => t.parse::<u32>().ok().and_then(|p| self.jobs.list.iter().find(|j| j.pid == p)),
                    };
                    match job.map(|j| j.id) {
                        Some(id) => self.end_job(id, status),
                        None if t.starts_with('%') => {
                            io.err(format!("bash: kill: {t}: no such job\n"));
                            io.code = 1;
                        }
                        None if t.parse::<u32>().is_ok() => {
                            io.err(format!("bash: kill: ({t}) - No such process\n"));
                            io.code = 1;
                        }
                        None => {
                            io.err(format!("bash: kill: {t}: arguments must be process or job IDs\n"));
                            io.code = 1;
                        }
                    }
                }
                io
            }
            _ => {
                // fg
                let spec = args.first().map(|a| a.trim_start_matches('%')).unwrap_or("+");
                let Some(id) = self.find_job(spec).map(|j| j.id) else {
                    let shown = args.first().map(String::as_str).unwrap_or("current");
                    return Io::fail(1, format!("bash: fg: {shown}: no such job\n"));
                };
                let pos = self.jobs.list.iter().position(|j| j.id == id).unwrap_or(0);
                let job = self.jobs.list.remove(pos);
                let io = Io::ok(format!("{}\n", job.text));
                self.start_running(job.run);
                io
            }
        }
    }

    fn find_job(&self, spec: &str) -> Option<&Job> {
        match spec {
            "" | "+" | "%" => self.jobs.list.iter().max_by_key(|j| j.id),
            "-" => {
                let mut ids: Vec<u32> = self.jobs.list.iter().map(|j| j.id).collect();
                crate::sort::sort(&mut ids);
                let id = ids.iter().rev().nth(1).copied()?;
                self.jobs.list.iter().find(|j| j.id == id)
            }
            n => {
                let id: u32 = n.parse().ok()?;
                self.jobs.list.iter().find(|j| j.id == id)
            }
        }
    }
}
