//! The page's simulation: a shell session (which owns the cluster) plus the chart files the page has
//! written into its working directory. Every learner action goes through [`Sim::perform`], live and on
//! replay alike, so a restored or shared session rebuilds the same cluster.

use super::share::{apply_edits, Action};
use crate::cluster::Fault;
use crate::i18n::Message;
use crate::shell::Session;
use std::collections::BTreeMap;

pub struct Sim {
    pub session: Session,
    /// Chart files as last written into the session's working directory (`chart/path` → text).
    written: BTreeMap<String, String>,
    /// What running commands (a watch, jobs) printed as time passed, not yet shown.
    streamed: String,
}

/// What an action printed, and which pod served each request (for the request dots).
pub struct Outcome {
    pub output: String,
    pub served: Vec<String>,
    /// The prompt the line was typed at: `$ `, or a container shell's (`kubectl exec -it POD -- sh`).
    pub prompt: String,
}

impl Sim {
    pub fn new(seed: u64) -> Sim {
        let written = crate::charts::all_files()
            .filter_map(|(p, b)| std::str::from_utf8(b).ok().map(|s| (p.to_string(), s.to_string())))
            .collect();
        Sim { session: Session::new(seed), written, streamed: String::new() }
    }

    pub fn now(&self) -> u64 {
        self.session.cluster().now()
    }

    /// Lets time run to the next thing the cluster has scheduled (a probe, a timer), at most a minute.
    pub fn step(&mut self) {
        let now = self.now();
        let due = self.session.cluster().next_due().filter(|d| *d > now).unwrap_or(now + 1000);
        let due = self.session.next_wake().filter(|w| *w > now).map_or(due, |w| w.min(due));
        self.advance_to(due.min(now + 60_000));
    }

    /// Runs simulated time forward to `at` (never backwards); running commands print what they saw, and
    /// jobs run their commands at the moments they wake (the same moments on replay, whatever the frames).
    pub fn advance_to(&mut self, at: u64) {
        let more = self.session.run_until(at);
        self.streamed.push_str(&more);
    }

    /// What running commands printed since the last call.
    pub fn take_streamed(&mut self) -> String {
        std::mem::take(&mut self.streamed)
    }

    pub fn perform(&mut self, action: &Action) -> Outcome {
        self.advance_to(action.at());
        let prompt = if matches!(action, Action::Run { .. }) { self.session.prompt() } else { "$ ".to_string() };
        let mut out = self.perform_action(action);
        out.prompt = prompt;
        out
    }

    fn perform_action(&mut self, action: &Action) -> Outcome {
        match action {
            Action::Run { line, chart, .. } => {
                let mut output = String::new();
                if let Some((name, edits)) = chart {
                    match apply_edits(name, edits) {
                        Ok(files) => self.write_chart(name, &files),
                        Err(e) => output.push_str(&format!("stsplay: the edited chart could not be rebuilt: {e}\n")),
                    }
                }
                output.push_str(&self.session.run_line(line));
                Outcome { output, served: Vec::new(), prompt: String::new() }
            }
            Action::Requests { n, url, .. } => self.requests(*n, url),
            Action::Write { path, text, .. } => {
                self.session.write_file(path, text.as_bytes().to_vec());
                Outcome { output: String::new(), served: Vec::new(), prompt: String::new() }
            }
            Action::Interrupt { .. } => {
                let c = self.session.interrupt();
                self.streamed.push_str(&c);
                Outcome { output: String::new(), served: Vec::new(), prompt: String::new() }
            }
            Action::Fault { pod, fault, .. } => {
                let f = match fault.as_str() {
                    "kill" => Fault::Exit(137),
                    "unready" => Fault::Readiness(false),
                    "ready" => Fault::Readiness(true),
                    other => {
                        return Outcome {
                            output: format!("stsplay: unknown fault {other:?}\n"),
                            served: Vec::new(),
                            prompt: String::new(),
                        }
                    }
                };
                let output = match self.session.cluster_mut().inject("default", pod, f) {
                    Ok(()) => String::new(),
                    Err(e) => format!("{e}\n"),
                };
                Outcome { output, served: Vec::new(), prompt: String::new() }
            }
        }
    }

    /// Writes the chart files that differ from what the working directory holds.
    fn write_chart(&mut self, chart: &str, files: &BTreeMap<String, String>) {
        for (path, text) in files {
            let key = format!("{chart}/{path}");
            if self.written.get(&key) != Some(text) {
                self.session.write_file(&key, text.as_bytes().to_vec());
                self.written.insert(key, text.clone());
            }
        }
    }

    fn requests(&mut self, n: u32, url: &str) -> Outcome {
        let mut served = Vec::new();
        let mut by_pod: BTreeMap<String, u32> = BTreeMap::new();
        let mut errors: BTreeMap<String, u32> = BTreeMap::new();
        for _ in 0..n {
            match self.session.cluster_mut().http_get("default", url) {
                Ok(r) => {
                    let pod = r.served_by.unwrap_or_default();
                    let pod = pod.rsplit('/').next().unwrap_or_default().to_string();
                    *by_pod
                        .entry(format!("{} from {}", r.status, if pod.is_empty() { "?" } else { &pod }))
                        .or_default() += 1;
                    served.push(pod);
                }
                Err(e) => *errors.entry(e).or_default() += 1,
            }
        }
        let mut output = format!("sent {n} request(s) to {url}\n");
        for (k, c) in by_pod.iter().chain(&errors) {
            output.push_str(&format!("  {c} × {k}\n"));
        }
        Outcome { output, served, prompt: String::new() }
    }
}

/// What the terminal shows for an injected fault (there is no kubectl command for it).
pub fn fault_echo(pod: &str, fault: &str) -> String {
    match fault {
        "kill" => format!("# kill the main process of {pod} (exit 137)"),
        "unready" => format!("# make the readiness probe of {pod} fail"),
        _ => format!("# let the readiness probe of {pod} pass again"),
    }
}

/// A saved session rebuilt: the simulation at the saved time, the chart files per edited chart, the
/// terminal's lines (what was typed, what it printed, streamed output included) and the command still
/// running in the foreground (its `Session::foreground_id`, the index of its terminal line).
pub struct Replayed {
    pub sim: Sim,
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    /// (prompt, line, output) per terminal entry.
    pub term: Vec<(String, String, String)>,
    pub fg: Option<(u64, usize)>,
}

/// Replays a saved session's actions on a fresh cluster with its seed; the page (restore, rewind, share
/// links) and the native tests go through this one function.
pub fn replay(saved: &super::share::Saved) -> Result<Replayed, Message> {
    let mut files = BTreeMap::new();
    for (chart, edits) in &saved.edits {
        files.insert(chart.clone(), apply_edits(chart, edits)?);
    }
    if !crate::charts::names().contains(&saved.chart.as_str()) {
        return Err(Message::new("replay_err_chart").arg("chart", saved.chart.clone()));
    }
    files.entry(saved.chart.clone()).or_insert_with(|| super::share::shipped(&saved.chart));
    if let Some(p) = &saved.lesson {
        let lessons = crate::lessons::all().map_err(|e| Message::new("plain").arg("text", e))?;
        let lesson = lessons
            .iter()
            .find(|l| l.id == p.lesson)
            .ok_or_else(|| Message::new("replay_err_lesson").arg("lesson", p.lesson.clone()))?;
        if p.step > lesson.steps.len() {
            return Err(Message::new("replay_err_step")
                .arg("step", (p.step + 1).to_string())
                .arg("lesson", p.lesson.clone())
                .arg("steps", lesson.steps.len().to_string()));
        }
    }
    let mut sim = Sim::new(saved.seed);
    let mut term: Vec<(String, String, String)> = Vec::new();
    let mut fg: Option<(u64, usize)> = None;
    for action in &saved.log {
        let out = sim.perform(action);
        append_streamed(&mut term, fg, &sim.take_streamed());
        let line = match action {
            Action::Run { line, .. } => line.clone(),
            Action::Requests { n, url, .. } => format!("# send {n} request(s) to {url}"),
            Action::Fault { pod, fault, .. } => fault_echo(pod, fault),
            Action::Write { .. } | Action::Interrupt { .. } => {
                fg = fg.filter(|_| sim.session.busy());
                continue;
            }
        };
        term.push((out.prompt, line, out.output));
        let entry = term.len() - 1;
        fg = match (sim.session.foreground_id(), fg) {
            (None, _) => None,
            (Some(f), Some((old, e))) if f == old => Some((old, e)),
            (Some(f), _) => Some((f, entry)),
        };
    }
    sim.advance_to(saved.now);
    append_streamed(&mut term, fg, &sim.take_streamed());
    Ok(Replayed { sim, files, term, fg })
}

/// Streamed output (a watch, `logs -f`) belongs to the entry of the command still running, else the newest.
fn append_streamed(term: &mut [(String, String, String)], fg: Option<(u64, usize)>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(i) = fg.map(|(_, i)| i).or(term.len().checked_sub(1)) {
        term[i].2.push_str(text);
    }
}
