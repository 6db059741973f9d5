//! The page's simulation: a shell session (which owns the cluster) plus the chart files the page has
//! written into its working directory. Every learner action goes through [`Sim::perform`], live and on
//! replay alike, so a restored or shared session rebuilds the same cluster.
//!
//! The editor shows the shipped charts and every other chart directory of the working directory
//! ([`chart_dirs`]), all read from and written to the shell's files (one set of files: `sed -i` in the terminal
//! shows in the editor, an edit shows in `cat`), each change logged as a timed [`Action::Edit`]. Sessions
//! saved before format 4 carried a shipped chart's edits on helm lines instead; those are still replayed.

use super::share::{apply_edits, Action};
use crate::cluster::Fault;
use crate::i18n::Message;
// paths keyed as the shell keys its files, so an edit reads what it replaces
use crate::shell::normalize;
use crate::shell::Session;
use std::collections::BTreeMap;

pub struct Sim {
    pub session: Session,
    /// Chart files as a format 1-3 helm line's edits last wrote them (`chart/path` → text): such a line wrote
    /// only the files that differ from this, so the shell's own changes stayed.
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
            Action::Edit { path, hunks, .. } => {
                let key = normalize(path);
                let base = self.session.files().get(&key).map(|b| String::from_utf8_lossy(b).into_owned());
                let output = match super::diff::apply(base.as_deref().unwrap_or(""), hunks) {
                    Ok(text) => {
                        self.session.write_file(&key, text.into_bytes());
                        String::new()
                    }
                    Err(e) => format!("stsplay: the editor's change to {key} could not be replayed: {e}\n"),
                };
                Outcome { output, served: Vec::new(), prompt: String::new() }
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

    /// The charts the editor offers: the shipped ones, then the working directory's others.
    pub fn charts(&self) -> Vec<String> {
        let mut v: Vec<String> = crate::charts::names().into_iter().map(String::from).collect();
        v.extend(chart_dirs(self.session.files()));
        v
    }

    /// A working-directory chart's files as the editor opens them; `None` when there is no such chart.
    pub fn dir_chart(&self, chart: &str) -> Option<DirChart> {
        let mut c = DirChart::default();
        for (rel, bytes) in under(self.session.files(), chart) {
            match std::str::from_utf8(bytes) {
                Ok(t) if bytes.len() <= EDIT_MAX => {
                    c.texts.insert(rel.to_string(), t.to_string());
                }
                _ => c.skipped.push(rel.to_string()),
            }
        }
        c.texts.contains_key("Chart.yaml").then_some(c)
    }

    /// A chart's editable files as the working directory holds them; a shipped chart removed there is its
    /// shipped text (the editor keeps showing it), any other missing chart `None`.
    pub fn chart_texts(&self, chart: &str) -> Option<BTreeMap<String, String>> {
        let shipped = || Some(super::share::shipped(chart)).filter(|f| !f.is_empty());
        self.dir_chart(chart).map(|d| d.texts).or_else(shipped)
    }

    /// Whether a working-directory chart's editable files are exactly `texts` (no copy made).
    pub fn dir_chart_is(&self, chart: &str, texts: &BTreeMap<String, String>) -> bool {
        let mut n = 0;
        for (rel, bytes) in under(self.session.files(), chart) {
            if bytes.len() > EDIT_MAX || std::str::from_utf8(bytes).is_err() {
                continue;
            }
            n += 1;
            if texts.get(rel).map(String::as_bytes) != Some(bytes) {
                return false;
            }
        }
        n == texts.len()
    }

    /// Every file of a chart in the working directory (binary ones too), for rendering; a shipped chart
    /// removed there renders as shipped.
    pub fn chart_bytes(&self, chart: &str) -> crate::charts::ChartFiles {
        let files = crate::sort::btree_map(under(self.session.files(), chart).map(|(r, b)| (r.to_string(), b.clone())));
        match files.is_empty() {
            true => crate::charts::files(chart).unwrap_or_default(),
            false => files,
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

/// Files over this size are not opened in the editor: a textarea holding megabytes makes every keystroke slow.
pub const EDIT_MAX: usize = 256 * 1024;

/// A working-directory chart as the editor sees it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DirChart {
    /// Its text files (UTF-8, at most [`EDIT_MAX`] bytes), by path inside the chart.
    pub texts: BTreeMap<String, String>,
    /// The files the editor does not open (binary, or too large); they still render and install.
    pub skipped: Vec<String>,
}

/// The chart directories of the working directory other than the shipped charts: every directory under the
/// home directory holding a `Chart.yaml`, except those inside another chart (its subcharts), in name order.
pub fn chart_dirs(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    // Keys come sorted, but `a-b/Chart.yaml` sorts before `a/Chart.yaml`; the shipped names are in it for `inside`.
    let mut dirs: Vec<&str> = files
        .keys()
        .filter_map(|k| k.strip_suffix("/Chart.yaml"))
        .filter(|d| !d.starts_with('/'))
        .chain(crate::charts::names())
        .collect();
    crate::sort::sort(&mut dirs);
    dirs.dedup();
    let inside = |d: &str| dirs.iter().any(|c| d.len() > c.len() && d.starts_with(c) && d.as_bytes()[c.len()] == b'/');
    dirs.iter().filter(|d| !is_shipped(d) && !inside(d)).map(|d| d.to_string()).collect()
}

/// Brings the editor's copy of a working-directory chart (`buffer`) up to the directory's files (`now`), given
/// the files as the editor last read or wrote them (`base`): a file the shell changed, made or removed takes the
/// directory's version unless the learner changed it too; then the learner's text is kept (it is written over
/// the shell's change before the next action) and its path returned, so the page can say so.
pub fn follow_dir(
    base: &BTreeMap<String, String>,
    buffer: &mut BTreeMap<String, String>,
    now: &BTreeMap<String, String>,
) -> Vec<String> {
    let mut kept = Vec::new();
    for p in base.keys().chain(now.keys().filter(|k| !base.contains_key(*k))) {
        let (was, is) = (base.get(p), now.get(p));
        if was == is {
            continue;
        }
        if buffer.get(p) != was {
            kept.push(p.clone());
            continue;
        }
        match is {
            Some(t) => buffer.insert(p.clone(), t.clone()),
            None => buffer.remove(p),
        };
    }
    kept
}

/// Whether the editor's chart is a shipped one (edits against the embedded files) or a directory's.
pub fn is_shipped(chart: &str) -> bool {
    crate::charts::names().contains(&chart)
}

/// The files under a directory key, by path inside it.
fn under<'a>(files: &'a BTreeMap<String, Vec<u8>>, dir: &str) -> impl Iterator<Item = (&'a str, &'a Vec<u8>)> {
    let prefix = format!("{dir}/");
    let n = prefix.len();
    files.range(prefix.clone()..).take_while(move |(k, _)| k.starts_with(&prefix)).map(move |(k, v)| (&k[n..], v))
}

/// What the terminal shows for an injected fault (there is no kubectl command for it).
pub fn fault_echo(pod: &str, fault: &str) -> String {
    match fault {
        "kill" => format!("# kill the main process of {pod} (exit 137)"),
        "unready" => format!("# make the readiness probe of {pod} fail"),
        _ => format!("# let the readiness probe of {pod} pass again"),
    }
}

/// A saved session rebuilt: the simulation at the saved time, the chart the editor shows and the files per
/// edited chart, the terminal's lines (what was typed, what it printed, streamed output included) and the
/// command still running in the foreground (its `Session::foreground_id`, the index of its terminal line).
pub struct Replayed {
    pub sim: Sim,
    /// The saved chart, or the first shipped one when the saved chart's directory is gone at the saved time
    /// (a rewind to before `helm create`); `gone` names it then.
    pub chart: String,
    pub gone: Option<String>,
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    /// (prompt, line, output) per terminal entry.
    pub term: Vec<(String, String, String)>,
    pub fg: Option<(u64, usize)>,
}

/// Replays a saved session's actions on a fresh cluster with its seed; the page (restore, rewind, share
/// links) and the native tests go through this one function.
pub fn replay(saved: &super::share::Saved) -> Result<Replayed, Message> {
    // Before format 4 a shipped chart's edits were against its shipped files, whatever the log did to them.
    let old = |c: &str| saved.v < 4 && is_shipped(c);
    let mut edited = BTreeMap::new();
    for (chart, edits) in saved.edits.iter().filter(|(c, _)| old(c)) {
        edited.insert(chart.clone(), apply_edits(chart, edits)?);
    }
    if saved.v < 3 && !is_shipped(&saved.chart) {
        return Err(Message::new("replay_err_chart").arg("chart", saved.chart.clone()));
    }
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
            Action::Write { .. } | Action::Interrupt { .. } | Action::Edit { .. } => {
                // An edit that cannot be replayed (a hand-made link) says so in the terminal.
                if !out.output.is_empty() {
                    term.push((String::new(), String::new(), out.output));
                }
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
    // Unlogged edits apply to the chart's files as the log left them. Before format 4 the editor showed a
    // shipped chart's edited files as edited and the others as shipped, but only the edited ones were ever
    // written: the others are the shell's (a `sed -i` there stays).
    let mut files = BTreeMap::new();
    for (chart, edits) in &saved.edits {
        let Some(mut texts) = sim.chart_texts(chart) else { continue };
        if let Some(e) = edited.get_mut(chart) {
            texts.extend(edits.keys().filter_map(|p| e.remove_entry(p)));
            files.insert(chart.clone(), texts);
            continue;
        }
        for (path, hunks) in edits {
            let base = texts.get(path).map_or("", String::as_str);
            let text = super::diff::apply(base, hunks)
                .map_err(|e| Message::new("share_err_file").arg("path", format!("{chart}/{path}")).arg("error", e))?;
            texts.insert(path.clone(), text);
        }
        files.insert(chart.clone(), texts);
    }
    if !files.contains_key(&saved.chart) {
        if let Some(t) = sim.chart_texts(&saved.chart) {
            files.insert(saved.chart.clone(), t);
        }
    }
    let gone = (!files.contains_key(&saved.chart)).then(|| saved.chart.clone());
    let chart = match gone {
        Some(_) => crate::charts::names().first().map(|s| s.to_string()).unwrap_or_default(),
        None => saved.chart.clone(),
    };
    files.entry(chart.clone()).or_insert_with(|| sim.chart_texts(&chart).unwrap_or_default());
    Ok(Replayed { sim, chart, gone, files, term, fg })
}

/// Where a rewind keeps the editor's text for a chart that did not exist yet at the moment gone back to.
pub const KEEP_DIR: &str = "rewound";

/// A session gone back in time ([`rewind`]): the replay, the log it now holds, and the files it kept.
pub struct Rewound {
    pub replayed: Replayed,
    pub saved: super::share::Saved,
    /// Files of the editor written back at the moment gone back to.
    pub kept: Vec<String>,
    /// The same for charts that did not exist at that moment: written under [`KEEP_DIR`] instead.
    pub aside: Vec<String>,
}

/// Goes back to simulated time `t`: the log is replayed up to `t` and later actions are dropped, as an undo,
/// but what the learner typed in the editor is not: every file changed in the editor after `t` (a logged
/// `Edit`, an unlogged edit in `saved.edits`, a format 1-3 helm line's chart edits) keeps its text of now,
/// written back at `t` as an `Edit`, or, when its chart did not exist yet, as a file under [`KEEP_DIR`] (the
/// page says which). `now` is the simulation `saved` was taken from; `saved` is in the page's format.
pub fn rewind(now: &Sim, saved: &super::share::Saved, t: u64) -> Result<Rewound, Message> {
    let mut keep: BTreeMap<String, String> = BTreeMap::new();
    let files = now.session.files();
    for action in saved.log.iter().filter(|a| a.at() > t) {
        let paths: Vec<String> = match action {
            Action::Edit { path, .. } => vec![normalize(path)],
            Action::Run { chart: Some((c, edits)), .. } => {
                edits.keys().map(|p| normalize(&format!("{c}/{p}"))).collect()
            }
            _ => continue,
        };
        for p in paths {
            if let Some(text) = files.get(&p).and_then(|b| String::from_utf8(b.clone()).ok()) {
                keep.insert(p, text);
            }
        }
    }
    for (chart, edits) in &saved.edits {
        let base = now.chart_texts(chart).unwrap_or_default();
        for (path, hunks) in edits {
            if let Ok(text) = super::diff::apply(base.get(path).map_or("", String::as_str), hunks) {
                keep.insert(normalize(&format!("{chart}/{path}")), text);
            }
        }
    }
    let mut back = saved.clone();
    back.log.retain(|a| a.at() <= t);
    back.now = t;
    back.edits.clear();
    let mut r = replay(&back)?;
    let charts = r.sim.charts();
    let (mut kept, mut aside) = (Vec::new(), Vec::new());
    for (path, text) in keep {
        let was = r.sim.session.files().get(&path).map(|b| String::from_utf8_lossy(b).into_owned());
        if was.as_deref() == Some(text.as_str()) {
            continue;
        }
        let action = if charts.iter().any(|c| path.strip_prefix(c.as_str()).is_some_and(|r| r.starts_with('/'))) {
            kept.push(path.clone());
            Action::Edit { at: t, hunks: super::diff::patch(was.as_deref().unwrap_or(""), &text), path }
        } else {
            let path = format!("{KEEP_DIR}/{path}");
            aside.push(path.clone());
            Action::Write { at: t, path, text }
        };
        r.sim.perform(&action);
        back.log.push(action);
    }
    if let Some(texts) = r.sim.chart_texts(&r.chart) {
        r.files.insert(r.chart.clone(), texts);
    }
    Ok(Rewound { replayed: r, saved: back, kept, aside })
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
