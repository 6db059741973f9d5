//! The page (Leptos, CSR). Components only: they hold signals fed from the core and call it; no
//! controller rules or Helm logic live here.
//!
//! State lives in one [`Ui`] of copyable signal handles, given to every component by context. The
//! simulation ([`sim::Sim`]) is not reactive: components call it, then bump the signals that show it.

mod cluster_view;
mod controls;
mod explain_data;
pub use crate::session::diff;
pub mod editor;
pub mod highlight;
mod lessons;
mod manifests;
mod panic;
use crate::session::replay as sim;
pub use crate::session::share;
pub mod snapshot;
mod terminal;
mod theme;

use leptos::prelude::*;
use share::{Action, Saved};
use sim::Sim;
use snapshot::Snapshot;
use std::collections::BTreeMap;

const STORAGE_KEY: &str = "stsplay.session";
const BACKUP_KEY: &str = "stsplay.session.before-link";
const DEFAULT_SEED: u64 = 7;

/// Boots the page: panic banner first, then the app.
pub fn start() {
    panic::install();
    // The static shell index.html paints before the wasm arrives; the app takes its place in the same task, so
    // no frame is blank.
    if let Some(shell) = document().get_element_by_id("boot") {
        shell.remove();
    }
    leptos::mount::mount_to_body(App);
}

/// Mounts the app for component tests (tests/wasm.rs) and keeps it mounted.
pub fn mount_for_test() {
    panic::install();
    leptos::mount::mount_to_body(App);
}

/// One terminal entry: the line as typed (or the toolbar's equivalent) and what it printed.
#[derive(Clone, Debug, PartialEq)]
pub struct TermEntry {
    pub id: u64,
    /// The prompt it was typed at (`$ `, or a container shell's after `kubectl exec -it POD -- sh`).
    pub prompt: String,
    pub line: String,
    pub output: String,
}

/// A request travelling from the Service to the pod that served it.
#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub id: u64,
    /// The Service the request was sent to, and the pod that served it.
    pub service: String,
    pub pod: String,
    /// Page time (performance.now, ms) when it leaves the Service.
    pub start: f64,
}

/// The rendered chart: `helm template` text, or Helm's error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Render {
    pub text: String,
    pub previous: String,
    pub error: Option<String>,
}

#[derive(Clone, Copy)]
pub struct Ui {
    /// The chart in the editor: a shipped one, or a chart directory of the session's working directory.
    pub chart: RwSignal<String>,
    /// The charts the picker offers: the shipped ones, then the working directory's (`Sim::charts`).
    pub charts: RwSignal<Vec<String>>,
    /// The editor's text of the open chart's files (chart → path → text), written into the shell's files (a
    /// logged `Edit`) before the next action runs ([`Ui::commit_edits`]). Shipped charts are files of the
    /// working directory too, so the terminal and the editor see one set of files. Another chart is here only
    /// with changes an older saved session left unwritten; they are written once it is opened.
    pub files: RwSignal<BTreeMap<String, BTreeMap<String, String>>>,
    /// The open chart's files as the working directory held them when last read or written, so the editor can
    /// tell its own changes from the shell's.
    pub base: StoredValue<BTreeMap<String, String>>,
    /// The open working-directory chart's files the editor does not open (binary, too large).
    pub skipped: RwSignal<Vec<String>>,
    pub tab: RwSignal<String>,
    pub render: RwSignal<Render>,
    pub sim: StoredValue<Sim, LocalStorage>,
    pub seed: RwSignal<u64>,
    pub log: RwSignal<Vec<Action>>,
    pub term: RwSignal<Vec<TermEntry>>,
    pub snap: RwSignal<Snapshot>,
    /// Last store version drawn.
    pub seen: StoredValue<u64>,
    pub playing: RwSignal<bool>,
    pub speed: RwSignal<f64>,
    pub now: RwSignal<u64>,
    pub frame: RwSignal<f64>,
    pub dots: RwSignal<Vec<Dot>>,
    pub selected: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
    /// The last save did not fit in the browser's storage (the learner has been told): the log's length then.
    pub save_failed: StoredValue<Option<usize>>,
    pub render_gen: StoredValue<u64>,
    pub next_id: StoredValue<u64>,
    /// The command still running in the terminal (a watch): its `Session::foreground_id` and the entry its
    /// output streams into.
    pub fg: StoredValue<Option<(u64, u64)>>,
    /// Whether a command holds the terminal (no prompt; Ctrl-C ends it).
    pub busy: RwSignal<bool>,
    /// Lines waiting for an earlier one that waits for a download (`kubectl explain`'s data): they run in
    /// the order typed, as a shell reads typed-ahead lines.
    pub queue: StoredValue<LineQueue>,
    /// The prompt for the next line (`$ `, or a container shell's).
    pub prompt: RwSignal<String>,
    /// The lesson open in the drawer (saved and shared with the session).
    pub lesson: RwSignal<Option<crate::lessons::Progress>>,
    /// The language of lessons and labels (`crate::i18n`).
    pub lang: RwSignal<String>,
    /// The page's labels in `lang`, loaded once per switch rather than per label.
    pub labels: Memo<crate::i18n::Strings>,
}

thread_local! {
    /// The page's one `Ui`, for code that runs outside the component tree (window key listeners, timers),
    /// where Leptos has no context to look in.
    static PAGE_UI: std::cell::Cell<Option<Ui>> = const { std::cell::Cell::new(None) };
}

pub fn use_ui() -> Ui {
    use_context::<Ui>().or_else(|| PAGE_UI.with(|u| u.get())).expect("the page's state exists once App has mounted")
}

pub fn release_for(chart: &str) -> String {
    let base = chart.rsplit('/').next().unwrap_or(chart);
    format!("{}-stateful", base.split('-').next().unwrap_or(base))
}

impl Ui {
    fn new() -> Ui {
        let chart = crate::charts::names().first().map(|s| s.to_string()).unwrap_or_default();
        let lang = RwSignal::new(lessons::initial_lang());
        Ui {
            chart: RwSignal::new(chart.clone()),
            charts: RwSignal::new(crate::charts::names().into_iter().map(String::from).collect()),
            base: StoredValue::new(share::shipped(&chart)),
            skipped: RwSignal::new(Vec::new()),
            files: RwSignal::new(BTreeMap::from([(chart.clone(), share::shipped(&chart))])),
            tab: RwSignal::new("values.yaml".into()),
            render: RwSignal::new(Render::default()),
            sim: StoredValue::new_local(Sim::new(DEFAULT_SEED)),
            seed: RwSignal::new(DEFAULT_SEED),
            log: RwSignal::new(Vec::new()),
            term: RwSignal::new(Vec::new()),
            snap: RwSignal::new(Snapshot::default()),
            seen: StoredValue::new(0),
            playing: RwSignal::new(true),
            speed: RwSignal::new(1.0),
            now: RwSignal::new(0),
            frame: RwSignal::new(0.0),
            dots: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            notice: RwSignal::new(None),
            save_failed: StoredValue::new(None),
            render_gen: StoredValue::new(0),
            next_id: StoredValue::new(0),
            fg: StoredValue::new(None),
            busy: RwSignal::new(false),
            queue: StoredValue::new(LineQueue::default()),
            prompt: RwSignal::new("$ ".to_string()),
            lesson: RwSignal::new(None),
            lang,
            labels: Memo::new(move |_| crate::i18n::Strings::or_english(&lang.get())),
        }
    }

    /// A label in the page's language, for `view!`: it follows the language switch.
    pub fn tr(&self, key: &'static str) -> impl Fn() -> String + Copy + 'static {
        let labels = self.labels;
        move || labels.with(|t| t.get(key))
    }

    /// The page's labels in the chosen language (`crate::i18n`).
    pub fn t(&self) -> crate::i18n::Strings {
        crate::i18n::Strings::or_english(&self.lang.get_untracked())
    }

    pub fn id(&self) -> u64 {
        self.next_id.update_value(|n| *n += 1);
        self.next_id.get_value()
    }

    /// The current chart's files (shipped files until edited).
    pub fn chart_files(&self) -> BTreeMap<String, String> {
        let chart = self.chart.get_untracked();
        self.files.with_untracked(|f| f.get(&chart).cloned()).unwrap_or_else(|| share::shipped(&chart))
    }

    /// Every file of the current chart as Helm reads it (binary files too), with the editor's text.
    pub fn chart_bytes(&self) -> crate::charts::ChartFiles {
        let chart = self.chart.get_untracked();
        let mut all = self.sim.with_value(|s| s.chart_bytes(&chart));
        for (p, t) in self.chart_files() {
            all.insert(p, t.into_bytes());
        }
        all
    }

    /// Whether the open chart is one of the working directory's rather than a shipped one.
    pub fn in_dir(&self) -> bool {
        !sim::is_shipped(&self.chart.get_untracked())
    }

    /// Writes the editor's changes to the open chart into the shell's files, each a logged `Edit` at the
    /// present moment, so commands from now on (and a replay, after the command that made the chart) see them.
    pub fn commit_edits(&self) {
        let chart = self.chart.get_untracked();
        let buffer = self.chart_files();
        let base = self.base.get_value();
        let at = self.sim.with_value(Sim::now);
        let mut actions = Vec::new();
        for (path, text) in &buffer {
            let old = base.get(path).map_or("", String::as_str);
            if base.get(path) != Some(text) {
                actions.push(Action::Edit { at, path: format!("{chart}/{path}"), hunks: diff::patch(old, text) });
            }
        }
        if actions.is_empty() {
            return;
        }
        self.sim.update_value(|s| {
            for a in &actions {
                s.perform(a);
            }
        });
        self.base.set_value(buffer);
        self.log.update(|l| l.extend(actions));
    }

    /// Follows the working directory after commands ran or time passed: the picker's charts, and the open
    /// chart's files (a file the shell changed, `sed -i` on a shipped chart's values.yaml too, replaces the
    /// editor's copy unless the learner changed it too; a new file gets a tab; a chart removed from under the
    /// editor falls back to a shipped chart, a shipped chart removed there stays as the editor holds it).
    pub fn sync_dir(&self) {
        let charts = self.sim.with_value(Sim::charts);
        if self.charts.with_untracked(|c| *c != charts) {
            self.charts.set(charts);
        }
        let chart = self.chart.get_untracked();
        if self.base.with_value(|b| self.sim.with_value(|s| s.dir_chart_is(&chart, b))) {
            return;
        }
        let Some(dir) = self.sim.with_value(|s| s.dir_chart(&chart)) else {
            if !self.in_dir() {
                return;
            }
            let shown = crate::charts::names().first().map(|s| s.to_string()).unwrap_or_default();
            let t = self.t();
            self.notice.set(Some(t.fill("notice_chart_gone", &[("chart", &chart), ("shown", &shown)])));
            // Nothing to write back: the editor's copy of a removed chart goes with it.
            self.files.update(|f| {
                f.remove(&chart);
            });
            self.open_chart(&shown);
            return;
        };
        let mut buffer = self.chart_files();
        let kept: Vec<String> = self
            .base
            .with_value(|base| sim::follow_dir(base, &mut buffer, &dir.texts))
            .into_iter()
            .map(|p| format!("{chart}/{p}"))
            .collect();
        if !kept.is_empty() {
            let t = self.t();
            self.notice.set(Some(t.fill("notice_edit_conflict", &[("files", &kept.join(", "))])));
        }
        if !buffer.contains_key(&self.tab.get_untracked()) {
            self.tab.set(if buffer.contains_key("values.yaml") { "values.yaml".into() } else { "Chart.yaml".into() });
        }
        self.base.set_value(dir.texts);
        self.skipped.set(dir.skipped);
        self.files.update(|f| {
            f.insert(chart, buffer);
        });
        self.render_now();
    }

    /// Reads a chart's files as the editor's starting point (`base`, `skipped`).
    fn read_dir(&self, chart: &str) -> BTreeMap<String, String> {
        let (texts, skipped) = self.sim.with_value(|s| match s.dir_chart(chart) {
            Some(d) => (d.texts, d.skipped),
            None => (s.chart_texts(chart).unwrap_or_default(), Vec::new()),
        });
        self.base.set_value(texts.clone());
        self.skipped.set(skipped);
        texts
    }

    /// Opens a chart in the editor: the editor's pending changes to the chart it leaves are written first.
    pub fn open_chart(&self, name: &str) {
        self.commit_edits();
        let old = self.chart.get_untracked();
        let texts = self.read_dir(name);
        self.files.update(|f| {
            f.remove(&old);
            f.entry(name.to_string()).or_insert(texts);
        });
        self.chart.set(name.to_string());
        self.tab.set("values.yaml".into());
        self.render_now();
        self.save();
    }

    pub fn set_file(&self, path: &str, text: String) {
        let chart = self.chart.get_untracked();
        self.files.update(|f| {
            f.entry(chart.clone()).or_insert_with(|| share::shipped(&chart)).insert(path.to_string(), text);
        });
        self.schedule_render();
    }

    /// Re-renders after the learner pauses typing; an older pending render is dropped.
    pub fn schedule_render(&self) {
        self.render_gen.update_value(|g| *g += 1);
        let gen = self.render_gen.get_value();
        let ui = *self;
        set_timeout(
            move || {
                if ui.render_gen.get_value() == gen {
                    ui.render_now();
                    ui.save();
                }
            },
            std::time::Duration::from_millis(200),
        );
    }

    pub fn render_now(&self) {
        let started = now_ms();
        self.render_chart();
        // Measured by scripts/page-metrics.mjs (keystroke-to-manifest, after the debounce).
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-render-ms", &format!("{:.2}", now_ms() - started));
        }
    }

    fn render_chart(&self) {
        let chart = self.chart.get_untracked();
        let files = self.chart_bytes();
        let req = crate::helm::RenderRequest {
            chart: &files,
            values_files: Vec::new(),
            sets: Vec::new(),
            release: crate::helm::Release {
                name: release_for(&chart),
                namespace: "default".into(),
                revision: 1,
                is_upgrade: false,
            },
        };
        let result = crate::helm::render(&req);
        self.render.update(|r| match result {
            Ok(out) => {
                let mut text = String::new();
                for m in out.manifests.iter().chain(&out.hooks) {
                    text.push_str("---\n# Source: ");
                    text.push_str(&m.source);
                    text.push('\n');
                    text.push_str(m.text.trim_end_matches('\n'));
                    text.push('\n');
                }
                r.previous = std::mem::replace(&mut r.text, text);
                r.error = None;
            }
            Err(e) => r.error = Some(e),
        });
    }

    /// Runs an action on the simulation, shows its output in the terminal and logs it for replay.
    pub fn perform(&self, action: Action, echo: &str) {
        self.commit_edits();
        let out = self.sim.try_update_value(|s| s.perform(&action));
        let Some(out) = out else { return };
        let start = now_ms();
        let service = match &action {
            Action::Requests { url, .. } => {
                let host = url.split("://").nth(1).unwrap_or(url);
                host.split(['.', ':', '/']).next().unwrap_or_default().to_string()
            }
            _ => String::new(),
        };
        let mut dots: Vec<Dot> = Vec::new();
        for (i, pod) in out.served.into_iter().enumerate().filter(|(_, p)| !p.is_empty()) {
            dots.push(Dot { id: self.id(), service: service.clone(), pod, start: start + 70.0 * i as f64 });
        }
        if !dots.is_empty() {
            self.dots.update(|d| d.extend(dots));
        }
        let id = self.id();
        let streamed = self.sim.try_update_value(Sim::take_streamed).unwrap_or_default();
        let interrupt = matches!(action, Action::Interrupt { .. });
        let fg = self.fg.get_value();
        self.term.update(|t| {
            append_streamed(t, fg, &streamed);
            if !interrupt {
                let mut output = out.output;
                keep_last_screen(&mut output);
                t.push(TermEntry { id, prompt: out.prompt, line: echo.to_string(), output });
            }
            let extra = t.len().saturating_sub(300);
            t.drain(..extra);
        });
        self.track_foreground((!interrupt).then_some(id));
        if let Some(p) = self.sim.try_update_value(|s| s.session.prompt()) {
            self.prompt.set(p);
        }
        self.log.update(|l| l.push(action));
        self.sync_dir();
        self.refresh(true);
        self.save();
    }

    /// Ctrl-C in the terminal: ends the running command (logged, so a replay stops it at the same moment).
    pub fn interrupt(&self) {
        let at = self.sim.with_value(Sim::now);
        self.perform(Action::Interrupt { at }, "");
    }

    /// Shows what running commands printed as time passed.
    pub fn pump(&self) {
        let streamed = self.sim.try_update_value(Sim::take_streamed).unwrap_or_default();
        if !streamed.is_empty() {
            let fg = self.fg.get_value();
            self.term.update(|t| append_streamed(t, fg, &streamed));
        }
        self.track_foreground(None);
        // Background jobs write files as time passes.
        self.sync_dir();
    }

    /// Remembers which entry the foreground command streams into (`started`: the entry just added).
    fn track_foreground(&self, started: Option<u64>) {
        let fid = self.sim.with_value(|s| s.session.foreground_id());
        let fg = match (fid, self.fg.get_value()) {
            (None, _) => None,
            (Some(f), Some((old, entry))) if f == old => Some((old, entry)),
            (Some(f), _) => started.map(|e| (f, e)),
        };
        self.fg.set_value(fg);
        if self.busy.get_untracked() != fg.is_some() {
            self.busy.set(fg.is_some());
        }
    }

    /// Writes a file into the session's working directory, logged so a replay writes it too.
    pub fn write_file(&self, path: &str, text: &str) {
        self.commit_edits();
        let at = self.sim.with_value(Sim::now);
        let action = Action::Write { at, path: path.to_string(), text: text.to_string() };
        self.sim.update_value(|s| {
            s.perform(&action);
        });
        self.log.update(|l| l.push(action));
        self.sync_dir();
    }

    /// A shell line from the toolbar or a lesson; helm lines take the edited chart with them. A line that
    /// needs `kubectl explain`'s data runs once it is downloaded (explain_data.rs); lines after it wait.
    pub fn run(&self, line: &str) {
        self.enqueue(Queued { line: line.to_string(), typed: false });
    }

    /// A line typed in the terminal: as [`Ui::run`], and when it runs it first interrupts a command
    /// holding the terminal, as Ctrl-C would; `clear` empties the terminal at its turn.
    pub fn type_line(&self, line: &str) {
        self.enqueue(Queued { line: line.to_string(), typed: true });
    }

    fn enqueue(&self, q: Queued) {
        self.queue.update_value(|lq| lq.lines.push_back(q));
        if !self.queue.with_value(|lq| lq.waiting) {
            self.drain();
        }
    }

    /// Runs queued lines in order until one has to wait for the download; it resumes the queue.
    fn drain(&self) {
        while let Some(q) = self.queue.try_update_value(|lq| lq.lines.pop_front()).flatten() {
            if explain_data::needed(&q.line) {
                self.queue.update_value(|lq| lq.waiting = true);
                let ui = *self;
                leptos::task::spawn_local(async move {
                    explain_data::load().await;
                    ui.run_queued(&q);
                    ui.queue.update_value(|lq| lq.waiting = false);
                    ui.drain();
                });
                return;
            }
            self.run_queued(&q);
        }
    }

    fn run_queued(&self, q: &Queued) {
        if !q.typed {
            // a toolbar or lesson line is a command of its own, not the next line of one left open
            if self.prompt.get_untracked() == "> " {
                self.interrupt();
            }
            return self.run_now(&q.line);
        }
        if self.busy.get_untracked() {
            self.interrupt();
        }
        if q.line.trim() == "clear" {
            self.term.set(Vec::new());
        } else {
            self.run_now(&q.line);
        }
    }

    fn run_now(&self, line: &str) {
        // The editor's changes are written before it (`perform` → `commit_edits`), so the line reads them.
        let at = self.sim.with_value(Sim::now);
        self.perform(Action::Run { at, line: line.to_string(), chart: None }, line);
    }

    /// Redraws the cluster when the store changed (or always, after an action that may change visits).
    pub fn refresh(&self, force: bool) {
        let (version, now) = self.sim.with_value(|s| (s.session.cluster().watch_since(u64::MAX).1, s.now()));
        self.now.set(now);
        if force || version != self.seen.get_value() {
            self.seen.set_value(version);
            if let Some(snap) = self.sim.try_update_value(|s| snapshot::take(s.session.cluster_mut())) {
                self.snap.set(snap);
            }
        }
    }

    pub fn saved(&self) -> Saved {
        let open = self.chart.get_untracked();
        let edits = self.files.with_untracked(|all| {
            all.iter()
                .map(|(c, f)| {
                    // Changes not yet written, against the chart's files.
                    let base = match *c == open {
                        true => self.base.get_value(),
                        false => self.sim.with_value(|s| s.chart_texts(c)).unwrap_or_default(),
                    };
                    let e = crate::sort::btree_map(
                        f.iter()
                            .filter(|(p, t)| base.get(*p) != Some(*t))
                            .map(|(p, t)| (p.clone(), diff::patch(base.get(p).map_or("", String::as_str), t))),
                    );
                    (c.clone(), e)
                })
                .filter(|(_, e): &(String, share::Edits)| !e.is_empty())
                .collect()
        });
        Saved {
            v: share::VERSION,
            chart: self.chart.get_untracked(),
            seed: self.seed.get_untracked(),
            edits,
            log: self.log.get_untracked(),
            now: self.sim.with_value(Sim::now),
            lesson: self.lesson.get_untracked(),
        }
    }

    pub fn save(&self) {
        if let Some(st) = storage() {
            // a browser keeps about 5 MB per site: a bigger session (a long paste) goes on in the tab, but a
            // reload would bring back the last one that fitted, so the learner is told once, and how to keep it
            let actions = self.log.with_untracked(Vec::len);
            // the log only grows until a rewind or a reset: one that did not fit will not fit with more in it
            if self.save_failed.get_value().is_some_and(|n| actions >= n) {
                return;
            }
            let saved = st.set_item(STORAGE_KEY, &share::to_json(&self.saved())).is_ok();
            if !saved && self.save_failed.get_value().is_none() {
                self.notice.set(Some(self.t().get("notice_save_full")));
            }
            self.save_failed.set_value((!saved).then_some(actions));
        }
    }

    /// Goes back to simulated time `t`: the session is replayed from the start up to `t` (the simulation is
    /// deterministic); actions after `t` are dropped, as in an undo, but not the learner's text in the editor
    /// (`replay::rewind`), and the page says what it kept.
    pub fn rewind(&self, t: u64) {
        self.commit_edits();
        let saved = self.saved();
        if t >= saved.now {
            return;
        }
        let tr = self.t();
        match self.sim.with_value(|s| sim::rewind(s, &saved, t)) {
            Ok(rw) => {
                self.notice.set(None);
                self.show(rw.saved, rw.replayed);
                let mut notes: Vec<String> = self.notice.get_untracked().into_iter().collect();
                if !rw.kept.is_empty() {
                    notes.push(tr.fill("notice_rewind_kept", &[("files", &rw.kept.join(", "))]));
                }
                if !rw.aside.is_empty() {
                    notes.push(tr.fill("notice_rewind_aside", &[("files", &rw.aside.join(", "))]));
                }
                if !notes.is_empty() {
                    self.notice.set(Some(notes.join(" ")));
                }
                self.render_now();
            }
            Err(e) => self.notice.set(Some(tr.fill("notice_rewind_failed", &[("error", &e.render(&tr))]))),
        }
        self.save();
    }

    /// Rebuilds everything from a saved session by replaying its actions on a fresh cluster.
    pub fn restore(&self, saved: Saved) -> Result<(), crate::i18n::Message> {
        let r = crate::session::replay::replay(&saved)?;
        self.show(saved, r);
        Ok(())
    }

    /// Shows a replayed session.
    fn show(&self, saved: Saved, r: sim::Replayed) {
        let term: Vec<TermEntry> = r
            .term
            .into_iter()
            .map(|(prompt, line, output)| TermEntry { id: self.id(), prompt, line, output })
            .collect();
        let fg = r.fg.map(|(f, i)| (f, term[i].id));
        self.sim.set_value(r.sim);
        if let Some(p) = self.sim.try_update_value(|s| s.session.prompt()) {
            self.prompt.set(p);
        }
        if let Some(gone) = &r.gone {
            let t = self.t();
            self.notice.set(Some(t.fill("notice_chart_gone", &[("chart", gone), ("shown", &r.chart)])));
        }
        self.read_dir(&r.chart);
        self.charts.set(self.sim.with_value(Sim::charts));
        if !r.files.get(&r.chart).is_some_and(|f| f.contains_key(&self.tab.get_untracked())) {
            self.tab.set("values.yaml".into());
        }
        self.chart.set(r.chart);
        self.files.set(r.files);
        self.seed.set(saved.seed);
        self.log.set(saved.log);
        self.term.set(term);
        self.fg.set_value(fg);
        self.busy.set(fg.is_some());
        self.lesson.set(saved.lesson);
        self.refresh(true);
    }
}

/// Lines typed (or sent by the toolbar) while an earlier one waits for a download.
#[derive(Default)]
pub struct LineQueue {
    lines: std::collections::VecDeque<Queued>,
    /// A line is waiting for the download; the rest run after it.
    waiting: bool,
}

struct Queued {
    line: String,
    /// Typed in the terminal (interrupts a running command first) rather than sent by the toolbar.
    typed: bool,
}

/// Appends streamed output to the entry of the running command `fg` (else the newest entry).
fn append_streamed(term: &mut [TermEntry], fg: Option<(u64, u64)>, text: &str) {
    if text.is_empty() {
        return;
    }
    let at = fg.and_then(|(_, id)| term.iter().rposition(|e| e.id == id)).or(term.len().checked_sub(1));
    if let Some(i) = at {
        term[i].output.push_str(text);
        keep_last_screen(&mut term[i].output);
    }
}

/// A clear-screen in a command's output (`clear` in a script, each of `watch`'s screens) leaves only what
/// follows it, as a terminal shows it.
fn keep_last_screen(output: &mut String) {
    if let Some(i) = output.rfind("\x1b[2J") {
        let rest = &output[i + 4..];
        *output = rest.strip_prefix("\x1b[3J").unwrap_or(rest).to_string();
    }
}

pub use crate::session::replay::fault_echo;

pub fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

pub fn now_ms() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Loads the session: a share link wins over the saved one; a broken link leaves the saved one untouched.
fn boot(ui: Ui) {
    let hash = window().location().hash().unwrap_or_default();
    let from_link = share::from_fragment(hash.trim_start_matches('#'));
    let saved = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match from_link {
        Ok(Some(link)) => match ui.restore(link) {
            Ok(()) => {
                if let (Some(st), Some(old)) = (storage(), saved) {
                    let _ = st.set_item(BACKUP_KEY, &old);
                }
                ui.notice.set(Some(ui.t().get("notice_link_opened")));
                ui.save();
                return;
            }
            Err(e) => ui.notice.set(Some(ui.t().fill("notice_link_failed", &[("error", &e.render(&ui.t()))]))),
        },
        Ok(None) => {}
        Err(e) => ui.notice.set(Some(ui.t().fill("notice_link_failed", &[("error", &e.render(&ui.t()))]))),
    }
    if let Some(text) = saved {
        if let Err(e) = share::from_json(&text).and_then(|s| ui.restore(s)) {
            ui.notice.set(Some(ui.t().fill("notice_saved_failed", &[("error", &e.render(&ui.t()))])));
        }
    }
}

/// The clock: every animation frame lets `elapsed × speed` of simulated time pass while playing.
fn run_loop(ui: Ui) {
    let last = StoredValue::new(now_ms());
    let last_save = StoredValue::new(now_ms());
    fn frame(ui: Ui, last: StoredValue<f64>, last_save: StoredValue<f64>) {
        request_animation_frame(move || {
            let t = now_ms();
            // A background tab or a breakpoint must not fast-forward the cluster by minutes.
            let elapsed = (t - last.get_value()).clamp(0.0, 100.0);
            last.set_value(t);
            if ui.playing.get_untracked() {
                let dt = (elapsed * ui.speed.get_untracked()).round() as u64;
                if dt > 0 {
                    ui.sim.update_value(|s| {
                        let at = s.now() + dt;
                        s.advance_to(at)
                    });
                    ui.refresh(false);
                    ui.pump();
                }
                if t - last_save.get_value() > 2000.0 {
                    last_save.set_value(t);
                    ui.save();
                }
            }
            if ui.dots.with_untracked(|d| !d.is_empty()) {
                ui.frame.set(t);
                ui.dots.update(|d| d.retain(|dot| t - dot.start < cluster_view::DOT_MS + 200.0));
            }
            frame(ui, last, last_save);
        });
    }
    frame(ui, last, last_save);
}

#[component]
pub fn App() -> impl IntoView {
    let ui = Ui::new();
    provide_context(ui);
    PAGE_UI.with(|u| u.set(Some(ui)));
    boot(ui);
    explain_data::after_boot(ui);
    // The chart's first render runs in the next task: the page's first task (starting the wasm, mounting the
    // view) stays shorter, and Lighthouse counts every task's time over 50 ms as blocking (TBT).
    set_timeout(move || ui.render_now(), std::time::Duration::ZERO);
    ui.refresh(true);
    run_loop(ui);
    // Leaving the page mid-debounce must not lose the last keystrokes.
    let _ = window_event_listener_untyped("pagehide", move |_| ui.save());
    view! {
        <header class="topbar">
            <h1>"StatefulSet Playground"</h1>
            <controls::TimeControls/>
            <controls::ShareButton/>
            <lessons::LanguageSwitch/>
            <theme::ThemeSwitch/>
        </header>
        {move || {
            ui.notice
                .get()
                .map(|n| {
                    view! {
                        <div class="notice" role="alert">
                            <span>{n}</span>
                            <button on:click=move |_| ui.notice.set(None) aria-label=move || ui.t().get("dismiss")>
                                "×"
                            </button>
                        </div>
                    }
                })
        }}
        <main class="layout">
            <editor::ChartPanel/>
            <manifests::ManifestsPanel/>
            <cluster_view::ClusterPanel/>
            <terminal::Terminal/>
        </main>
        <lessons::LessonsPanel/>
    }
}
