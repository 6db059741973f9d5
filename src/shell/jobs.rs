//! Commands that outlive their line, as an interactive bash runs them: the foreground command (a watch the
//! page's terminal streams until Ctrl-C) and `&` jobs with `jobs`, `wait`, `kill` and `fg`.
//!
//! A job is the rest of its AND-OR list (a stack of lists and loops) plus what it waits for now
//! ([`Running`]): a `sleep` (the simulated time it wakes at), a `kubectl delete` waiting for its objects to
//! go, a watch, `logs -f`, a port-forward.
//! Its commands run when the cluster's clock reaches them: whoever moves the clock (a foreground `sleep`
//! or blocking command through [`Session::advance`], `wait`, the page through [`Session::run_until`]) stops
//! at each job's wake time and steps it there, so a job does the same thing at the same simulated moment
//! however the clock was driven (a replayed page session, a script). What a job prints goes to the terminal
//! when printed: in the page as time passes, in a transcript under the command during which it happened.
//!
//! Where nobody can press Ctrl-C (`stsplay run`, a pipe, `$(...)`) a foreground watch or `logs -f` ends at
//! once, as if interrupted, and a foreground `kubectl port-forward` keeps forwarding until the script ends, as
//! when the lab ran it in a second terminal. `kubectl port-forward ... &` is the way to keep it in one shell
//! (it prints `Handling connection for PORT` per connection, and `kill %1` ends it).
//!
//! Job notices (`[1]+  Done    cmd`) come as interactive bash prints them: right after a foreground command
//! that is not a bash builtin (bash reports changed jobs once it waited for a process, jobs.c wait_for),
//! else before the prompt after the line during which the job ended (notify_and_cleanup). A job that ended
//! at the moment it started (`echo hi &`), or by `kill`, ends after bash printed its next prompt (the child
//! is reaped later), so its notice follows the next line; one that ended while the terminal sat at its
//! prompt also waits for the next line, as bash without `set -b` does. Also `wait` and `while`/`for` loops
//! (one-line, see `Frame`) are as in bash. A job stays in the table, and keeps its number,
//! until its notice is shown (or `jobs` or `wait` reported it). `+`/`-` follow bash's current and previous
//! job: a new job is current, the previous one is the newest job still running; they are chosen again only
//! when one of them leaves the table (jobs.c set_current_job/reset_current, without stopped jobs).
//!
//! `sleep` (also under `timeout`, which cuts it short with 124), `kubectl delete`'s wait and `kubectl
//! wait`/`rollout status` (tried each second without moving the clock, see `resume`) wait on the clock. Known
//! limit: a job's other commands that block in the foreground way (`helm --wait`, `timeout` around anything
//! but `sleep`, `hey`, `kubectl run -i`) run to their end at the moment the job reaches them: the clock jumps
//! through their wait, and the command that moved it returns that much later.

use std::rc::Rc;

use super::parse::{AndOr, Compound, Connector, List, Pipeline, Redirect};
use super::stream::{Retry, Running};
use super::{Io, Session, MAX_WAIT_MS};
use crate::cluster::Cluster;

/// Where a job's AND-OR list has got to: a stack of the lists and loops it is in.
#[derive(Default)]
struct Program {
    stack: Vec<Frame>,
    /// `$?` inside the list.
    code: i32,
    /// Loop rounds run since the clock last moved (a loop that never waits is stopped).
    idle_rounds: u32,
    idle_since: u64,
    /// Since when the current `kubectl wait`/`rollout status` has been waiting, and what its last try
    /// printed (`rollout status` prints its progress line when it changes).
    probing_since: Option<u64>,
    probe_printed: String,
    /// What its first try noted for the later ones (`kubectl wait --for=delete`: the objects' UIDs).
    probe_memo: Option<Vec<String>>,
    /// A `&` job runs in a subshell: its own variables and `set` options (`set -e` inside it ends only it),
    /// swapped in while it runs.
    own: Option<Box<(std::collections::BTreeMap<String, String>, super::options::Options)>>,
}

/// An `if`'s (condition, body) branches and its `else`.
type IfClauses = (Vec<(List, List)>, Option<List>);

enum Frame {
    /// Pipelines with the connector before each (a list's AND-OR lists one after the other).
    Seq {
        items: Rc<Vec<(Connector, Pipeline)>>,
        pos: usize,
    },
    /// `while`/`until`: about to test (`test_next`) or to run the body; `last` is the body's status once it
    /// ran (the loop's status, 0 if it never ran).
    Loop {
        until: bool,
        cond: Rc<Vec<(Connector, Pipeline)>>,
        body: Rc<Vec<(Connector, Pipeline)>>,
        test_next: bool,
        last: Option<i32>,
        /// `for ((;;STEP))`'s step, run before each test but the first
        step: Option<Rc<Vec<(Connector, Pipeline)>>>,
    },
    For {
        var: String,
        values: Vec<String>,
        next: usize,
        body: Rc<Vec<(Connector, Pipeline)>>,
        last: Option<i32>,
    },
    /// `if`: testing branch `next`'s condition (`testing`) or about to.
    If {
        c: Rc<IfClauses>,
        next: usize,
        testing: bool,
    },
    /// A subshell's end: the variables (and directory) it started with come back.
    Restore(std::collections::BTreeMap<String, String>),
    /// Where the output of the compound command above it goes (`done > file`), and its input (`done < file`,
    /// `done <<EOF`), which the `read`s inside consume.
    Redirect {
        out: Option<(String, bool)>,
        err: Option<(String, bool)>,
        err_to_out: bool,
        out_to_err: bool,
        input: Option<super::read::Input>,
    },
}

/// `kubectl wait` and `kubectl rollout status`: they only read, so a job can try one without letting time
/// pass and try it again later, instead of jumping the clock through its wait.
fn reads_until_ready(pipeline: &Pipeline) -> bool {
    let [simple] = pipeline.as_slice() else { return false };
    let words: Vec<String> = simple.words.iter().filter_map(super::parse::literal).collect();
    matches!(words.first().map(String::as_str), Some("kubectl" | "k"))
        && (words.iter().any(|w| w == "wait")
            || (words.iter().any(|w| w == "rollout") && words.iter().any(|w| w == "status")))
}

/// How many times `wait`/`fg` let the jobs they wait for wake before they leave the rest to Ctrl-C (bash
/// would wait for an endless loop forever).
const MAX_WAIT_WAKES: u32 = 1000;

/// How many rounds a job's loop may run without the clock moving before it is stopped (bash would spin).
const MAX_IDLE_ROUNDS: u32 = 10_000;

/// Whether `set -e` spares the failed `pipeline` the job just ran: negated, tested by `&&`/`||` (not the
/// last of its AND-OR list), or an `if`'s or a loop's condition.
fn errexit_spares(p: &Program, pipeline: &Pipeline) -> bool {
    let n = p.stack.len();
    let tested = match p.stack.last() {
        Some(Frame::Seq { items, pos }) => items.get(*pos).is_some_and(|(c, _)| *c != Connector::Seq),
        _ => false,
    };
    let condition = match n.checked_sub(2).map(|i| &p.stack[i]) {
        Some(Frame::If { testing, .. }) => *testing,
        Some(Frame::Loop { test_next, .. }) => !*test_next,
        _ => false,
    };
    pipeline.first().is_some_and(|s| s.bang) || tested || condition
}

/// `(( expr ))` as a list of its own (a `for ((;;))` loop's parts).
fn arith_list(expr: &str) -> Rc<Vec<(Connector, Pipeline)>> {
    let simple =
        super::parse::Simple { compound: Some(Box::new(Compound::Arith(expr.to_string()))), ..Default::default() };
    Rc::new(vec![(Connector::Seq, vec![simple])])
}

fn flatten(list: &List) -> Rc<Vec<(Connector, Pipeline)>> {
    // `&` inside a job's loop runs in the job (no jobs within jobs)
    Rc::new(list.and_ors.iter().flat_map(|a| a.pipelines.iter().cloned()).collect())
}

struct Ended {
    /// `Done`, `Exit 1`, `Terminated`...
    status: String,
    code: i32,
    /// The command line whose end shows the notice.
    due_line: u64,
}

pub struct Job {
    pub id: u32,
    pub pid: u32,
    pub text: String,
    prog: Program,
    /// What it waits for; `None` while it runs a command or once it ended.
    run: Option<Running>,
    started_at: u64,
    started_line: u64,
    ended: Option<Ended>,
}

impl Job {
    fn wakes_at(&self, cluster: &Cluster) -> Option<u64> {
        if self.ended.is_some() {
            return None;
        }
        self.run.as_ref().and_then(|r| r.wakes_at(cluster))
    }
}

/// The command holding the terminal.
enum Foreground {
    /// A watch, a port-forward, or a job brought back by `fg`.
    Job(Box<Job>),
    /// `wait` for jobs only Ctrl-C ends (a watch, a port-forward).
    Wait(Vec<u32>),
}

#[derive(Default)]
pub struct Jobs {
    /// The foreground command still running, with a number that changes per command (the page streams
    /// its output into the entry of the command that started it).
    foreground: Option<(u64, Foreground)>,
    fg_seq: u64,
    /// The job table by number: running jobs and ended ones whose notice is not shown yet.
    list: Vec<Job>,
    current: Option<u32>,
    previous: Option<u32>,
    /// `$!`
    last_pid: Option<u32>,
    pid_seq: u32,
    /// Set while a job's commands run: a command that keeps running (or a `sleep`) hands itself over here.
    in_background: bool,
    started: Option<Running>,
    /// Command lines typed so far, and whether one is running.
    line: u64,
    in_line: bool,
    /// A job's `kubectl wait`/`rollout status` being tried without letting time pass: the time it asked to
    /// wait, and whether it did.
    probe: bool,
    probe_spent: u64,
    probe_memo: Option<Vec<String>>,
    blocked: bool,
}

/// The first PID handed out to jobs (`$$` is 4242).
const FIRST_PID: u32 = 4243;

/// How many times the jobs due at one moment are stepped before the clock must move (a job's list runs
/// until it waits, so one round normally does; this only bounds a pathological case).
const MAX_ROUNDS: usize = 64;

impl Session {
    /// A command that keeps running (a watch, `logs -f`, port-forward, a job's `sleep`) after printing what
    /// it had.
    pub(crate) fn start_running(&mut self, r: Running) {
        if self.jobs.in_background {
            self.jobs.started = Some(r);
        } else if self.to_terminal && self.depth == 0 {
            let now = self.cluster.now();
            let job = Job {
                id: 0,
                pid: 0,
                text: String::new(),
                prog: Program::default(),
                run: Some(r),
                started_at: now,
                started_line: self.jobs.line,
                ended: None,
            };
            self.set_foreground(Foreground::Job(Box::new(job)));
        }
        // else nothing can read it: it ends at once (a port-forward's ports stay open, see the module doc)
    }

    fn set_foreground(&mut self, fg: Foreground) {
        self.jobs.fg_seq += 1;
        self.jobs.foreground = Some((self.jobs.fg_seq, fg));
    }

    /// Whether a job's command is running now (its `sleep` waits on the clock instead of moving it).
    pub(crate) fn in_job(&self) -> bool {
        self.jobs.in_background
    }

    /// A job's `kubectl wait`/`rollout status` asks to wait `ms`: noted, the clock stays (see `resume`).
    pub(crate) fn probe_wait(&mut self, ms: u64) -> bool {
        if self.jobs.probe {
            self.jobs.blocked = true;
            self.jobs.probe_spent += ms;
        }
        self.jobs.probe
    }

    /// A job's `kubectl wait` is tried afresh each time: what its first try noted (`None` on the first try,
    /// which may set it), kept until it stops being tried; outside a job's try, no memo.
    pub(crate) fn probe_memo(&mut self) -> Option<&mut Option<Vec<String>>> {
        self.jobs.probe.then_some(&mut self.jobs.probe_memo)
    }

    /// Whether a command still holds the terminal (the page shows no prompt until it ends or Ctrl-C).
    pub fn busy(&self) -> bool {
        self.jobs.foreground.is_some()
    }

    /// Identifies the foreground command while it runs.
    pub fn foreground_id(&self) -> Option<u64> {
        self.jobs.foreground.as_ref().map(|(id, _)| *id)
    }

    /// What running commands printed for the cluster's changes since the last poll, and what jobs due by
    /// now did: the foreground command's output, then the jobs'. Call after the clock moved.
    pub fn poll(&mut self) -> String {
        let mut out = self.poll_foreground();
        out.push_str(&self.poll_jobs());
        out.push_str(&std::mem::take(&mut self.job_out));
        out
    }

    /// Runs the clock to `at` (never backwards), stopping at each job's wake time so it runs its next
    /// commands at that moment; returns what running commands printed. The page drives time through this.
    pub fn run_until(&mut self, at: u64) -> String {
        let mut out = String::new();
        loop {
            let now = self.cluster.now();
            let next = self.next_wake().filter(|w| *w > now && *w < at).unwrap_or(at);
            if next > now {
                self.cluster.advance(next - now);
            }
            out.push_str(&self.poll());
            if self.cluster.now() >= at {
                return out;
            }
        }
    }

    /// The earliest simulated time a job (or the foreground job) waits for.
    pub fn next_wake(&self) -> Option<u64> {
        let fg = match &self.jobs.foreground {
            Some((_, Foreground::Job(j))) => j.wakes_at(&self.cluster),
            _ => None,
        };
        self.jobs.list.iter().filter_map(|j| j.wakes_at(&self.cluster)).chain(fg).min()
    }

    /// Called before a command moves the clock to `until`: the next moment it must stop at to step jobs.
    pub(crate) fn job_stop_before(&self, until: u64) -> u64 {
        if self.jobs.in_background {
            return until;
        }
        let now = self.cluster.now();
        self.jobs
            .list
            .iter()
            .filter_map(|j| j.wakes_at(&self.cluster))
            .filter(|w| *w > now)
            .min()
            .map_or(until, |w| w.min(until))
    }

    /// After the clock moved under a foreground command: the jobs due run; what they print goes to the
    /// terminal, never into the command's pipe or file.
    pub(crate) fn jobs_after_step(&mut self) {
        if self.jobs.in_background || self.jobs.list.is_empty() {
            return;
        }
        let out = self.poll_jobs();
        self.job_out.push_str(&out);
    }

    fn poll_foreground(&mut self) -> String {
        let Some((fid, fg)) = self.jobs.foreground.take() else { return String::new() };
        match fg {
            Foreground::Wait(ids) => {
                if ids.iter().any(|id| self.jobs.list.iter().any(|j| j.id == *id && j.ended.is_none())) {
                    self.jobs.foreground = Some((fid, Foreground::Wait(ids)));
                }
                String::new()
            }
            Foreground::Job(mut job) => {
                let out = self.step(&mut job).text();
                if job.ended.is_none() {
                    self.jobs.foreground = Some((fid, Foreground::Job(job)));
                } else {
                    self.last_code = job.ended.map_or(0, |e| e.code);
                }
                out
            }
        }
    }

    pub(crate) fn poll_jobs_output(&mut self) -> String {
        if self.jobs.list.is_empty() {
            return String::new();
        }
        self.poll_jobs()
    }

    /// Steps every job that has something to do at the current moment.
    fn poll_jobs(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..MAX_ROUNDS {
            let ids: Vec<u32> = self.jobs.list.iter().filter(|j| j.ended.is_none()).map(|j| j.id).collect();
            let mut again = false;
            for id in ids {
                let Some(pos) = self.jobs.list.iter().position(|j| j.id == id) else { continue };
                // the job leaves the table while its commands run (they may look at the table: `jobs`, a
                // curl through another job's port-forward) and comes back at its place
                let mut job = self.jobs.list.remove(pos);
                let io = self.step(&mut job);
                out.push_str(&io.text());
                let now = self.cluster.now();
                again |= job.ended.is_none() && job.wakes_at(&self.cluster).is_some_and(|w| w <= now);
                let pos = self.jobs.list.iter().position(|j| j.id > job.id).unwrap_or(self.jobs.list.len());
                self.jobs.list.insert(pos, job);
            }
            if !again {
                break;
            }
        }
        out
    }

    /// Lets a job go on: polls what it waits for and, once that ended, runs the rest of its list until it
    /// waits again or ends.
    fn step(&mut self, job: &mut Job) -> Io {
        let mut io = Io::default();
        if job.ended.is_some() {
            return io;
        }
        if let Some(run) = &mut job.run {
            match run.poll(&self.cluster) {
                Some(text) => {
                    io.out(text);
                    return io;
                }
                None => {
                    job.run = None;
                }
            }
        }
        // a sleep of 0 or a delete with nothing to wait for goes on at once
        for _ in 0..MAX_ROUNDS {
            let (r, started) = self.resume(&mut job.prog);
            io.chunks.extend(r.chunks);
            match started {
                Some(mut run) => match run.poll(&self.cluster) {
                    Some(text) => {
                        io.out(text);
                        job.run = Some(run);
                        return io;
                    }
                    None => continue,
                },
                None if job.prog.stack.is_empty() => {
                    let code = job.prog.code;
                    let status = if code == 0 { "Done".to_string() } else { format!("Exit {code}") };
                    self.finish(job, status, code, false);
                    return io;
                }
                None => {}
            }
        }
        io
    }

    /// Runs a job's list from where it stopped until a command waits (returned) or the list ends.
    fn resume(&mut self, p: &mut Program) -> (Io, Option<Running>) {
        let saved = (self.to_terminal, self.deadline.take(), self.last_code, self.jobs.in_background);
        // the foreground command's loops and `break` are not the job's
        let outer = (std::mem::take(&mut self.loop_depth), self.flow.take());
        self.jobs.in_background = true;
        self.last_code = p.code;
        if let Some(own) = &mut p.own {
            std::mem::swap(&mut self.env, &mut own.0);
            std::mem::swap(&mut self.options, &mut own.1);
        }
        let mut io = Io::default();
        let mut started = None;
        if self.cluster.now() != p.idle_since {
            p.idle_since = self.cluster.now();
            p.idle_rounds = 0;
        }
        while let Some(top) = p.stack.last_mut() {
            let pipeline = match top {
                Frame::Seq { items, pos } => match items.get(*pos) {
                    None => {
                        p.stack.pop();
                        continue;
                    }
                    Some((conn, pipeline)) => {
                        *pos += 1;
                        let skip = match conn {
                            Connector::And => p.code != 0,
                            Connector::Or => p.code == 0,
                            Connector::Seq => false,
                        };
                        if skip {
                            continue;
                        }
                        pipeline.clone()
                    }
                },
                Frame::Loop { until, cond, body, test_next, last, step } => {
                    if *test_next {
                        *test_next = false;
                        let step = last.and(step.clone());
                        if last.is_some() {
                            *last = Some(p.code);
                        }
                        let cond = cond.clone();
                        p.stack.push(Frame::Seq { items: cond, pos: 0 });
                        if let Some(items) = step {
                            p.stack.push(Frame::Seq { items, pos: 0 });
                        }
                    } else if (p.code == 0) == *until {
                        p.code = last.unwrap_or(0);
                        p.stack.pop();
                    } else {
                        *test_next = true;
                        *last = Some(last.unwrap_or(0));
                        let body = body.clone();
                        p.stack.push(Frame::Seq { items: body, pos: 0 });
                        if !self.loop_round(p, &mut io) {
                            break;
                        }
                    }
                    continue;
                }
                Frame::For { var, values, next, body, last } => {
                    if last.is_some() {
                        *last = Some(p.code);
                    }
                    match values.get(*next) {
                        Some(v) => {
                            *next += 1;
                            *last = Some(last.unwrap_or(0));
                            self.env.insert(var.clone(), v.clone());
                            let body = body.clone();
                            p.stack.push(Frame::Seq { items: body, pos: 0 });
                            if !self.loop_round(p, &mut io) {
                                break;
                            }
                        }
                        None => {
                            p.code = last.unwrap_or(0);
                            p.stack.pop();
                        }
                    }
                    continue;
                }
                Frame::If { c, next, testing } => {
                    let (branches, otherwise) = &**c;
                    if !*testing {
                        *testing = true;
                        let cond = flatten(&branches[*next].0);
                        p.stack.push(Frame::Seq { items: cond, pos: 0 });
                    } else if p.code == 0 {
                        let body = flatten(&branches[*next].1);
                        p.stack.pop();
                        p.stack.push(Frame::Seq { items: body, pos: 0 });
                    } else if *next + 1 < branches.len() {
                        *next += 1;
                        *testing = false;
                    } else {
                        let otherwise = otherwise.as_ref().map(flatten);
                        p.stack.pop();
                        match otherwise {
                            Some(items) => p.stack.push(Frame::Seq { items, pos: 0 }),
                            None => p.code = 0,
                        }
                    }
                    continue;
                }
                Frame::Restore(_) => {
                    if let Some(Frame::Restore(env)) = p.stack.pop() {
                        self.env = env;
                    }
                    continue;
                }
                Frame::Redirect { .. } => {
                    p.stack.pop();
                    continue;
                }
            };
            if let [simple] = pipeline.as_slice() {
                if let Some(c) = &simple.compound {
                    self.enter_loop(p, c, simple);
                    continue;
                }
            }
            self.jobs.started = None;
            let probe = reads_until_ready(&pipeline);
            if probe {
                self.jobs.probe = true;
                self.jobs.probe_spent = 0;
                self.jobs.blocked = false;
                self.jobs.probe_memo = p.probe_memo.take();
            }
            // what other jobs printed before is not this command's output
            let earlier = std::mem::take(&mut self.job_out);
            self.loop_depth = p.stack.iter().filter(|f| matches!(f, Frame::Loop { .. } | Frame::For { .. })).count();
            // the input of the innermost compound command given one, for the `read`s in this command
            let fed = p.stack.iter_mut().rposition(|f| matches!(f, Frame::Redirect { input: Some(_), .. }));
            if let Some(Frame::Redirect { input, .. }) = fed.map(|i| &mut p.stack[i]) {
                self.inputs.extend(input.take());
            }
            let mut r = self.run_pipeline(&pipeline);
            if let Some(Frame::Redirect { input, .. }) = fed.map(|i| &mut p.stack[i]) {
                *input = self.inputs.pop();
            }
            r.out(std::mem::replace(&mut self.job_out, earlier));
            self.jobs.probe = false;
            p.probe_memo = self.jobs.probe_memo.take();
            if probe && self.jobs.blocked {
                // it would have waited: tried again a second later (its foreground loop's step), until
                // what it waits for holds or its own timeout has passed on the clock
                let now = self.cluster.now();
                let since = *p.probing_since.get_or_insert(now);
                if now - since < self.jobs.probe_spent {
                    if let Some(Frame::Seq { pos, .. }) = p.stack.last_mut() {
                        *pos -= 1;
                    }
                    let printed = r.stdout();
                    if printed != p.probe_printed {
                        io.out(printed.clone());
                        p.probe_printed = printed;
                    }
                    started = Some(Running::Retry(Retry::new(&self.cluster, since, self.jobs.probe_spent)));
                    break;
                }
            }
            p.probing_since = None;
            p.probe_memo = None;
            let r = match std::mem::take(&mut p.probe_printed) {
                // its progress line is already out
                shown if !shown.is_empty() => {
                    let mut r = r;
                    if let Some((false, first)) = r.chunks.first_mut() {
                        if let Some(rest) = first.strip_prefix(shown.as_str()) {
                            *first = rest.to_string();
                        }
                    }
                    r
                }
                _ => r,
            };
            p.code = r.code;
            self.last_code = r.code;
            if r.code != 0 && self.options.errexit && self.flow.is_none() && !errexit_spares(p, &pipeline) {
                self.flow = Some(super::Flow::Abort);
            }
            if let Some(flow) = self.flow.take() {
                self.leave_loops(p, flow);
            }
            // the innermost `done > file` of the loops it runs in
            let redirect = p.stack.iter().rev().find_map(|f| match f {
                Frame::Redirect { out, err, err_to_out, out_to_err, .. } => {
                    Some((out.clone(), err.clone(), *err_to_out, *out_to_err))
                }
                _ => None,
            });
            match redirect {
                None => io.chunks.extend(r.chunks),
                Some((out, err, err_to_out, out_to_err)) => {
                    for (is_err, text) in r.chunks {
                        let is_err = is_err || out_to_err;
                        let target = if is_err && !err_to_out { &err } else { &out };
                        match target {
                            Some((path, _)) => self.write_output(path, &text, true),
                            None => io.chunks.push((is_err && !err_to_out, text)),
                        }
                    }
                }
            }
            if let Some(run) = self.jobs.started.take() {
                started = Some(run);
                break;
            }
        }
        (self.to_terminal, self.deadline, self.last_code, self.jobs.in_background) = saved;
        (self.loop_depth, self.flow) = outer;
        if let Some(own) = &mut p.own {
            std::mem::swap(&mut self.env, &mut own.0);
            std::mem::swap(&mut self.options, &mut own.1);
        }
        (io, started)
    }

    /// Counts a loop round; a loop that goes round without the clock moving is stopped, as nobody could
    /// stop it (bash would spin, printing).
    fn loop_round(&mut self, p: &mut Program, io: &mut Io) -> bool {
        p.idle_rounds += 1;
        if p.idle_rounds < MAX_IDLE_ROUNDS {
            return true;
        }
        io.err(format!("stsplay: stopped a loop that ran {MAX_IDLE_ROUNDS} rounds without letting time pass\n"));
        p.stack.clear();
        p.code = 1;
        false
    }

    /// `break N`/`continue N` in a job: the frames of the loops it leaves go; an abandoned line ends the job.
    fn leave_loops(&mut self, p: &mut Program, flow: super::Flow) {
        let (mut left, leave_last) = match flow {
            super::Flow::Break(n) => (n, true),
            super::Flow::Continue(n) => (n, false),
            super::Flow::Abort | super::Flow::Return(_) | super::Flow::Exit(_) => {
                p.stack.clear();
                return;
            }
        };
        while let Some(top) = p.stack.last() {
            let is_loop = matches!(top, Frame::Loop { .. } | Frame::For { .. });
            if is_loop && left <= 1 {
                if leave_last {
                    p.stack.pop();
                    p.code = 0;
                }
                return;
            }
            if is_loop {
                left -= 1;
            }
            if let Some(Frame::Restore(env)) = p.stack.pop() {
                self.env = env;
            }
        }
    }

    /// A compound command met in a job's list: its frames (and its redirections) go on the stack.
    fn enter_loop(&mut self, p: &mut Program, c: &Compound, simple: &super::parse::Simple) {
        if !simple.redirects.is_empty() {
            let (mut out, mut err, mut err_to_out, mut out_to_err, mut input) = (None, None, false, false, None);
            for r in &simple.redirects {
                match r {
                    Redirect::Out { fd, target, append } => {
                        let path = self.expand(target).join(" ");
                        // `>` truncates once, then the loop's commands append
                        if !append {
                            self.write_output(&path, "", false);
                        }
                        if *fd == 2 {
                            err = Some((path, true));
                        } else {
                            err_to_out |= *fd == 0;
                            out = Some((path, true));
                        }
                    }
                    Redirect::ErrToOut => err_to_out = true,
                    Redirect::OutToErr => out_to_err = true,
                    Redirect::In(w) => {
                        let path = self.expand(w).join(" ");
                        let text = self.read_file(&path).map(|b| String::from_utf8_lossy(&b).into_owned());
                        input = Some(super::read::Input::new(text.unwrap_or_default()));
                    }
                    Redirect::HereString(w) => {
                        let text = self.expand_mode(w, false).join(" ");
                        input = Some(super::read::Input::new(format!("{text}\n")));
                    }
                    Redirect::Heredoc { expand, body, .. } => {
                        let text = if *expand { self.expand_text(body) } else { body.clone() };
                        input = Some(super::read::Input::new(text));
                    }
                }
            }
            p.stack.push(Frame::Redirect { out, err, err_to_out, out_to_err, input });
        }
        let frame = match c {
            Compound::Loop { until, cond, body } => Frame::Loop {
                until: *until,
                cond: flatten(cond),
                body: flatten(body),
                test_next: true,
                last: None,
                step: None,
            },
            Compound::ArithFor { exprs, body } => {
                let [init, test, step] = &**exprs;
                p.stack.push(Frame::Loop {
                    until: false,
                    cond: arith_list(test),
                    body: flatten(body),
                    test_next: true,
                    last: None,
                    step: Some(arith_list(step)),
                });
                Frame::Seq { items: arith_list(init), pos: 0 }
            }
            Compound::For { var, words, body } => Frame::For {
                var: var.clone(),
                values: words.iter().flat_map(|w| self.expand(w)).collect(),
                next: 0,
                body: flatten(body),
                last: None,
            },
            Compound::If { branches, otherwise } => {
                Frame::If { c: Rc::new((branches.clone(), otherwise.clone())), next: 0, testing: false }
            }
            Compound::Group(list) => Frame::Seq { items: flatten(list), pos: 0 },
            Compound::Subshell(list) => {
                p.stack.push(Frame::Restore(self.env.clone()));
                Frame::Seq { items: flatten(list), pos: 0 }
            }
            Compound::Case { word, arms } => {
                p.code = 0;
                let chosen = self.case_arms(word, arms).unwrap_or_default();
                if chosen.is_empty() {
                    return;
                }
                let items: Vec<_> = chosen.iter().flat_map(|i| flatten(&arms[*i].1).to_vec()).collect();
                Frame::Seq { items: Rc::new(items), pos: 0 }
            }
            Compound::Cond(toks) => {
                p.code = super::cond::eval(self, toks).code;
                return;
            }
            // a menu in a job reads its input at once (bash's would wait on the terminal)
            Compound::Select { .. } => {
                p.code = self.run_compound(c).code;
                return;
            }
            Compound::Arith(expr) => {
                p.code = match self.arith(expr) {
                    Ok(v) => (v == 0) as i32,
                    Err(_) => 1,
                };
                return;
            }
        };
        p.stack.push(frame);
    }

    /// Ctrl-C: ends the foreground command; bash echoes `^C`. `wait` returns 130 and leaves the jobs running.
    /// At bash's `> ` prompt it abandons the open command instead, printing nothing more.
    pub fn interrupt(&mut self) -> String {
        if self.jobs.foreground.is_none() && !self.pending.is_empty() {
            self.pending.clear();
            self.last_code = 130;
            return String::new();
        }
        if let Some((_, fg)) = self.jobs.foreground.take() {
            if let Foreground::Job(mut job) = fg {
                if let Some(r) = job.run.take() {
                    self.stop(r);
                }
            }
            self.last_code = 130;
            // bash runs the shell's INT trap once the interrupted command is gone
            let trapped = self.run_trap(super::trap::INT).text();
            return format!("^C\n{trapped}");
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

    fn holds(job: &Job, port: u16) -> bool {
        job.ended.is_none() && matches!(&job.run, Some(Running::PortForward(p)) if p.contains(&port))
    }

    fn fg_holds(&self, port: u16) -> bool {
        matches!(&self.jobs.foreground, Some((_, Foreground::Job(j))) if Self::holds(j, port))
    }

    /// Text a background job printed while another command ran (`Handling connection for 8080`): goes to
    /// the terminal when the job is in the background, nowhere when it is a script's detached forward.
    pub(crate) fn forward_used(&mut self, port: u16) -> Option<String> {
        let held = self.fg_holds(port) || self.jobs.list.iter().any(|j| Self::holds(j, port));
        held.then(|| format!("Handling connection for {port}\n"))
    }

    /// A connection to `port` found the forward's pod gone: the `kubectl port-forward` holding it prints the
    /// connection and its error and exits 1, releasing all its ports. A script's detached forward (nobody
    /// sees its terminal) just closes.
    pub(crate) fn lose_forward(&mut self, port: u16) {
        let lost = format!("Handling connection for {port}\nerror: lost connection to pod\n");
        if let Some(pos) = self.jobs.list.iter().position(|j| Self::holds(j, port)) {
            self.job_out.push_str(&lost);
            let mut job = self.jobs.list.remove(pos);
            // kubectl exits as curl sees the connection close: bash reaps it after its next prompt
            self.finish(&mut job, "Exit 1".to_string(), 1, true);
            self.jobs.list.insert(pos, job);
        } else if self.fg_holds(port) {
            self.job_out.push_str(&lost);
            if let Some((_, Foreground::Job(mut job))) = self.jobs.foreground.take() {
                if let Some(r) = job.run.take() {
                    self.stop(r);
                }
            }
        } else {
            // the detached forward's other ports belong to the same kubectl process: find them by its pod
            let gone = self.port_forwards.get(&port).map(|f| (f.namespace.clone(), f.pod.clone(), f.uid.clone()));
            self.port_forwards.retain(|_, f| Some((f.namespace.clone(), f.pod.clone(), f.uid.clone())) != gone);
        }
    }

    /// Starts the `&` list `and_or` as a job: prints `[N] PID`, runs its commands until one waits.
    pub(crate) fn run_background(&mut self, and_or: &AndOr) -> Io {
        let id = self.jobs.list.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        let pid = FIRST_PID + self.jobs.pid_seq;
        self.jobs.pid_seq += 1;
        self.jobs.last_pid = Some(pid);
        let mut job = self.new_job(id, pid, and_or);
        job.prog.own = Some(Box::new((self.env.clone(), self.options)));
        // a new job is the current one; the previous is the newest job still running (set_current_job)
        let running = self.jobs.list.iter().filter(|j| j.ended.is_none()).map(|j| j.id).max();
        self.jobs.current = Some(id);
        self.jobs.previous = running;
        let mut io = Io::default();
        // job control (the number, the notices) is an interactive shell's; a script's jobs run silently
        if self.script.is_none() {
            io.err(format!("[{id}] {pid}\n"));
        }
        let r = self.step(&mut job);
        io.chunks.extend(r.chunks);
        self.jobs.list.push(job);
        io.code = 0;
        io
    }

    /// A job about to run `and_or` from its start.
    fn new_job(&self, id: u32, pid: u32, and_or: &AndOr) -> Job {
        Job {
            id,
            pid,
            text: and_or.text.trim().to_string(),
            prog: Program {
                stack: vec![Frame::Seq { items: Rc::new(and_or.pipelines.clone()), pos: 0 }],
                ..Program::default()
            },
            run: None,
            started_at: self.cluster.now(),
            started_line: self.jobs.line,
            ended: None,
        }
    }

    /// A command list that holds the terminal until Ctrl-C (`watch`'s loop): it runs as a job does, from
    /// the foreground, without a job number. Where nobody can press Ctrl-C it is not started.
    pub(crate) fn run_in_foreground(&mut self, and_or: &AndOr) -> Io {
        if !self.to_terminal || self.depth > 0 || self.jobs.in_background {
            return Io::default();
        }
        let mut job = self.new_job(0, 0, and_or);
        let io = self.step(&mut job);
        if job.ended.is_none() {
            self.set_foreground(Foreground::Job(Box::new(job)));
        }
        io
    }

    /// `$!`
    pub fn last_background_pid(&self) -> Option<u32> {
        self.jobs.last_pid
    }

    fn mark(&self, id: u32) -> char {
        if self.jobs.current == Some(id) {
            '+'
        } else if self.jobs.previous == Some(id) {
            '-'
        } else {
            ' '
        }
    }

    /// A job ended (by itself, or `killed`): its notice is due after this line, or after the next one when
    /// bash would have reaped it only after printing its next prompt.
    fn finish(&mut self, job: &mut Job, status: String, code: i32, killed: bool) {
        let now = self.cluster.now();
        let line = self.jobs.line;
        let instant = job.started_at == now && job.started_line == line;
        let due_line = if killed || instant || !self.jobs.in_line { line + 1 } else { line };
        job.ended = Some(Ended { status, code, due_line });
        if let Some(r) = job.run.take() {
            self.stop(r);
        }
    }

    fn notice(&self, job: &Job) -> String {
        let status = job.ended.as_ref().map_or("", |e| e.status.as_str());
        format!("[{}]{}  {status:<24}{}\n", job.id, self.mark(job.id), job.text)
    }

    /// Takes ended jobs out of the table once reported; the current and previous job are chosen again when
    /// one of them left (reset_current: the newest running job, and the newest running one before it).
    /// A script ended: the jobs it started that ended go without a notice (it had no job control).
    pub(crate) fn forget_jobs_after(&mut self, id: u32) {
        let ended: Vec<u32> = self.jobs.list.iter().filter(|j| j.id > id && j.ended.is_some()).map(|j| j.id).collect();
        self.remove_reported(&ended);
    }

    /// The highest job number in use.
    pub(crate) fn last_job(&self) -> u32 {
        self.jobs.list.iter().map(|j| j.id).max().unwrap_or(0)
    }

    fn remove_reported(&mut self, ids: &[u32]) {
        self.jobs.list.retain(|j| !ids.contains(&j.id));
        let gone = |id: Option<u32>| id.is_some_and(|i| ids.contains(&i));
        if gone(self.jobs.current) || gone(self.jobs.previous) {
            let running: Vec<u32> = self.jobs.list.iter().filter(|j| j.ended.is_none()).map(|j| j.id).collect();
            self.jobs.current = running.iter().max().copied();
            self.jobs.previous = self.jobs.current.and_then(|c| running.iter().filter(|i| **i < c).max().copied());
        }
    }

    /// Marks the start of a command line typed at the prompt.
    pub(crate) fn line_started(&mut self) {
        self.jobs.line += 1;
        self.jobs.in_line = true;
    }

    /// The notices due before the next prompt, in job order; those jobs leave the table.
    pub(crate) fn line_ended(&mut self) -> String {
        let text = self.due_notices();
        self.jobs.in_line = false;
        text
    }

    /// The notices due by now, in job order; those jobs leave the table.
    pub(crate) fn due_notices(&mut self) -> String {
        if self.script.is_some() {
            return String::new();
        }
        let line = self.jobs.line;
        let due: Vec<u32> = self
            .jobs
            .list
            .iter()
            .filter(|j| j.ended.as_ref().is_some_and(|e| e.due_line <= line))
            .map(|j| j.id)
            .collect();
        let text: String = self.jobs.list.iter().filter(|j| due.contains(&j.id)).map(|j| self.notice(j)).collect();
        self.remove_reported(&due);
        text
    }

    /// `jobs`, `wait`, `kill`, `fg`, `bg`.
    pub(crate) fn job_builtin(&mut self, argv: &[String]) -> Io {
        let args = &argv[1..];
        match argv[0].as_str() {
            "jobs" => self.jobs_list(args),
            "kill" => self.kill(args),
            "wait" => self.wait(args),
            "bg" => {
                let spec = args.first().map(String::as_str).unwrap_or("%+");
                match self.find_job(spec) {
                    Some(j) if j.ended.is_none() => {
                        Io::fail(0, format!("bash: bg: job {} already in background\n", j.id))
                    }
                    Some(_) => Io::fail(1, "bash: bg: job has terminated\n"),
                    None => Io::fail(1, format!("bash: bg: {}: no such job\n", shown_spec(args))),
                }
            }
            _ => self.fg(args),
        }
    }

    fn jobs_list(&mut self, args: &[String]) -> Io {
        let mut long = false;
        let mut pids = false;
        let mut specs = Vec::new();
        for a in args {
            match a.as_str() {
                "-l" => long = true,
                "-p" => pids = true,
                s if s.starts_with('-') && s.len() > 1 => {
                    return Io::fail(
                        2,
                        format!(
                            "bash: jobs: {s}: invalid option\njobs: usage: jobs [-lnprs] [jobspec ...] or jobs -x command [args]\n"
                        ),
                    )
                }
                s => specs.push(s.to_string()),
            }
        }
        let mut io = Io::default();
        let mut shown = Vec::new();
        if specs.is_empty() {
            shown = self.jobs.list.iter().map(|j| j.id).collect();
        }
        for s in &specs {
            match self.find_job(s) {
                Some(j) => shown.push(j.id),
                None => {
                    io.err(format!("bash: jobs: {s}: no such job\n"));
                    io.code = 1;
                }
            }
        }
        let mut out = String::new();
        for id in &shown {
            let Some(j) = self.jobs.list.iter().find(|j| j.id == *id) else { continue };
            if pids {
                out.push_str(&format!("{}\n", j.pid));
                continue;
            }
            // pretty_print_job: "[%d]%c ", then with -l the pid as "%5ld", then " " and the status
            let pid = if long { format!("{:>5}", j.pid) } else { String::new() };
            let line = match &j.ended {
                Some(e) => format!("{pid} {:<24}{}", e.status, j.text),
                None => format!("{pid} {:<24}{} &", "Running", j.text),
            };
            out.push_str(&format!("[{}]{} {line}\n", j.id, self.mark(j.id)));
        }
        io.chunks.insert(0, (false, out));
        io.chunks.retain(|c| !c.1.is_empty());
        // bash has now told the learner about the ended ones
        if !pids {
            let ended: Vec<u32> = shown
                .iter()
                .copied()
                .filter(|id| self.jobs.list.iter().any(|j| j.id == *id && j.ended.is_some()))
                .collect();
            self.remove_reported(&ended);
        }
        io
    }

    fn kill(&mut self, args: &[String]) -> Io {
        let mut status = "Terminated";
        let mut signal = 15;
        let mut targets = Vec::new();
        let mut rest = args.iter();
        while let Some(a) = rest.next() {
            match a.as_str() {
                "-9" | "-KILL" | "-SIGKILL" => status = "Killed",
                "-2" | "-INT" | "-SIGINT" => status = "Interrupt",
                "-15" | "-TERM" | "-SIGTERM" => {}
                "-s" | "-n" => match rest.next().map(String::as_str) {
                    Some("9" | "KILL" | "SIGKILL") => status = "Killed",
                    Some("2" | "INT" | "SIGINT") => status = "Interrupt",
                    Some(other) => signal = super::trap::decode(other).unwrap_or(15),
                    _ => {}
                },
                o if o.starts_with('-') && super::trap::decode(&o[1..]).is_some_and(|n| n > 0 && n < 65) => {
                    signal = super::trap::decode(&o[1..]).unwrap_or(15);
                }
                _ => targets.push(a.clone()),
            }
        }
        signal = match status {
            "Killed" => 9,
            "Interrupt" => 2,
            _ => signal,
        };
        if targets.is_empty() {
            return Io::fail(
                2,
                "kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n",
            );
        }
        let code = match status {
            "Killed" => 137,
            "Interrupt" => 130,
            _ => 143,
        };
        let mut io = Io::default();
        for t in targets {
            if t == super::SHELL_PID {
                // the shell itself: its trap for the signal runs; else a script ends as the signal's default
                // does (an interactive bash ignores TERM and INT)
                match self.traps.set.get(&signal) {
                    Some(_) => io.append(self.run_trap(signal)),
                    None if self.script.is_some() && ![17, 18, 23, 28].contains(&signal) => {
                        self.flow = Some(super::Flow::Exit(128 + signal as i32));
                        io.err(if signal == 15 { "Terminated\n".to_string() } else { String::new() });
                    }
                    None => {}
                }
                continue;
            }
            let job = match t.strip_prefix('%') {
                Some(_) => self.find_job(&t),
                None => t.parse::<u32>().ok().and_then(|p| self.jobs.list.iter().find(|j| j.pid == p)),
            };
            match job.map(|j| (j.id, j.pid, j.ended.is_some())) {
                Some((id, _, false)) => {
                    if let Some(pos) = self.jobs.list.iter().position(|j| j.id == id) {
                        let mut job = self.jobs.list.remove(pos);
                        self.finish(&mut job, status.to_string(), code, true);
                        self.jobs.list.insert(pos, job);
                    }
                }
                Some((_, pid, true)) => {
                    io.err(format!("bash: kill: ({pid}) - No such process\n"));
                    io.code = 1;
                }
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

    /// Lets the clock run until the jobs `ids` ended, or until those left can only end by a signal or by
    /// something other than time (a watch, a port-forward) or look endless (a loop that has woken
    /// [`MAX_WAIT_WAKES`] times): those are returned.
    fn wait_out(&mut self, ids: &[u32]) -> Vec<u32> {
        let start = self.cluster.now();
        let mut wakes = 0;
        while wakes < MAX_WAIT_WAKES {
            let live: Vec<&Job> = self.jobs.list.iter().filter(|j| ids.contains(&j.id) && j.ended.is_none()).collect();
            let wake = live.iter().filter_map(|j| j.wakes_at(&self.cluster)).min();
            // a `kubectl wait` between tries ends by its own timeout, so its wakes (at each timer of a busy
            // cluster) are not counted as an endless loop's would be
            let mut due = live.iter().filter(|j| j.wakes_at(&self.cluster) == wake);
            if !due.all(|j| matches!(j.run, Some(Running::Retry(_)))) {
                wakes += 1;
            }
            let live: Vec<u32> = live.iter().map(|j| j.id).collect();
            let Some(wake) = wake else { return live };
            let now = self.cluster.now();
            if wake.saturating_sub(start) > MAX_WAIT_MS {
                return live;
            }
            if wake > now {
                if !self.advance(wake - now) {
                    // the line may move the clock no further: the terminal holds the wait, as for a job that
                    // only a signal ends, and the page's clock goes on from there
                    return live;
                }
            } else {
                let out = self.poll_jobs();
                self.job_out.push_str(&out);
            }
        }
        self.jobs.list.iter().filter(|j| ids.contains(&j.id) && j.ended.is_none()).map(|j| j.id).collect()
    }

    /// `wait [%N|PID ...]`: bash's wait builtin. Status: the last job waited for (0 for all).
    fn wait(&mut self, args: &[String]) -> Io {
        if self.jobs.in_background {
            return Io::default();
        }
        let mut io = Io::default();
        let mut ids = Vec::new();
        for a in args {
            let job = match a.strip_prefix('%') {
                Some(_) => self.find_job(a),
                None => match a.parse::<u32>() {
                    Ok(p) => self.jobs.list.iter().find(|j| j.pid == p),
                    Err(_) => {
                        io.err(format!("bash: wait: `{a}': not a pid or valid job spec\n"));
                        io.code = 2;
                        continue;
                    }
                },
            };
            match job {
                Some(j) => ids.push(j.id),
                None if a.starts_with('%') => {
                    io.err(format!("bash: wait: {a}: no such job\n"));
                    io.code = 127;
                }
                None => {
                    io.err(format!("bash: wait: pid {a} is not a child of this shell\n"));
                    io.code = 127;
                }
            }
        }
        let all = args.is_empty();
        if all {
            ids = self.jobs.list.iter().map(|j| j.id).collect();
        }
        let left = self.wait_out(&ids);
        io.out(std::mem::take(&mut self.job_out));
        if !left.is_empty() {
            // only Ctrl-C ends this wait: the terminal holds it (a script goes on, as after a watch)
            if self.to_terminal && self.depth == 0 {
                self.set_foreground(Foreground::Wait(left));
            }
            return io;
        }
        if !all {
            if let Some(last) = ids.last().and_then(|id| self.jobs.list.iter().find(|j| j.id == *id)) {
                io.code = last.ended.as_ref().map_or(0, |e| e.code);
            }
        }
        io
    }

    /// `fg [%N]`: prints the job's command and runs it in the foreground; it ends without a notice.
    fn fg(&mut self, args: &[String]) -> Io {
        let spec = args.first().map(String::as_str).unwrap_or("%+");
        let Some((id, ended)) = self.find_job(spec).map(|j| (j.id, j.ended.is_some())) else {
            return Io::fail(1, format!("bash: fg: {}: no such job\n", shown_spec(args)));
        };
        if ended || self.jobs.in_background {
            return Io::fail(1, "bash: fg: job has terminated\n");
        }
        let text = self.jobs.list.iter().find(|j| j.id == id).map(|j| j.text.clone()).unwrap_or_default();
        let mut io = Io::ok(format!("{text}\n"));
        let left = self.wait_out(&[id]);
        io.out(std::mem::take(&mut self.job_out));
        let Some(pos) = self.jobs.list.iter().position(|j| j.id == id) else { return io };
        let job = self.jobs.list.remove(pos);
        self.remove_reported(&[id]);
        match job.ended {
            Some(e) => io.code = e.code,
            None if !left.is_empty() && self.to_terminal && self.depth == 0 => {
                self.set_foreground(Foreground::Job(Box::new(job)));
            }
            // where nobody can press Ctrl-C it ends as a foreground watch does (a port-forward's ports stay)
            None => {}
        }
        io
    }

    /// A job by bash's jobspec: `%N`, `%+`/`%%`/`%` (current), `%-` (previous), `%str` (command starts
    /// with), `%?str` (contains), or a bare number as `fg 1` takes it.
    fn find_job(&self, spec: &str) -> Option<&Job> {
        let s = spec.strip_prefix('%').unwrap_or(spec);
        let id = match s {
            "" | "+" | "%" => self.jobs.current,
            "-" => self.jobs.previous,
            n if n.parse::<u32>().is_ok() => n.parse().ok(),
            q if q.starts_with('?') => {
                let hits: Vec<u32> = self.jobs.list.iter().filter(|j| j.text.contains(&q[1..])).map(|j| j.id).collect();
                (hits.len() == 1).then(|| hits[0])
            }
            p => {
                let hits: Vec<u32> = self.jobs.list.iter().filter(|j| j.text.starts_with(p)).map(|j| j.id).collect();
                (hits.len() == 1).then(|| hits[0])
            }
        };
        id.and_then(|id| self.jobs.list.iter().find(|j| j.id == id))
    }
}

fn shown_spec(args: &[String]) -> String {
    args.first().cloned().unwrap_or_else(|| "current".to_string())
}
