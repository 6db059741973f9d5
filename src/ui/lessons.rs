//! The lessons drawer and presenter mode. Lessons are data (`crate::lessons`); this file only shows a step,
//! types its commands into the same terminal a learner uses, and lets the step's check tick it off as the
//! cluster changes. Progress is kept per lesson in localStorage; the open lesson's progress is part of the
//! saved session (`Ui::lesson`), so a share link reopens the lesson at the same step. `#lesson=ID` opens a
//! lesson from its start.
//!
//! Presenter mode (for a projector): large type, high contrast, the cluster view large, the chart panels
//! hidden; Space/→ plays the next command or moves on, ← goes back a step, `H` hides the step's text.

use super::{storage, use_ui};
use crate::i18n::{self, Strings};
use crate::lessons::{self, Lesson, Progress};
use leptos::prelude::*;

const PROGRESS_KEY: &str = "stsplay.lessons";
const LANG_KEY: &str = "stsplay.lang";

/// The saved choice, else the browser's language when we have it, else English.
pub fn initial_lang() -> String {
    storage()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .filter(|l| i18n::languages().iter().any(|(c, _)| c == l))
        .unwrap_or_else(|| i18n::pick(&window().navigator().language().unwrap_or_default()))
}

/// The page's labels in the chosen language.
pub fn strings() -> Memo<Strings> {
    let ui = use_ui();
    Memo::new(move |_| Strings::or_english(&ui.lang.get()))
}

/// The language switch: persisted, and `<html lang>` follows it (screen readers pick their voice from it).
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let ui = use_ui();
    let t = strings();
    Effect::new(move |_| {
        let lang = ui.lang.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", &lang);
        }
    });
    let options = i18n::languages()
        .into_iter()
        .map(|(code, name)| {
            let c = code.clone();
            view! { <option value=code.clone() selected=move || ui.lang.get() == c>{name}</option> }
        })
        .collect_view();
    view! {
        <select
            class="lang"
            aria-label=move || t.with(|t| t.get("language_label"))
            on:change=move |ev| {
                let lang = event_target_value(&ev);
                if let Some(st) = storage() {
                    let _ = st.set_item(LANG_KEY, &lang);
                }
                ui.lang.set(lang);
            }
        >
            {options}
        </select>
    }
}

#[derive(Clone, Copy)]
struct LessonUi {
    /// Captured once: window listeners and timers run outside the component's owner, where context is gone.
    ui: super::Ui,
    /// In the chosen language; the steps (and so progress) are the same in every language.
    lessons: RwSignal<Vec<Lesson>>,
    t: Memo<Strings>,
    open: RwSignal<bool>,
    current: RwSignal<Option<usize>>,
    /// `Ui::lesson`: saved and shared with the session.
    progress: RwSignal<Option<Progress>>,
    /// How many of the current step's commands have been typed.
    typed: RwSignal<usize>,
    /// The step shown (may lag behind progress when the presenter steps back).
    shown: RwSignal<usize>,
    presenter: RwSignal<bool>,
    hide_text: RwSignal<bool>,
    hint: RwSignal<bool>,
}

fn saved_progress() -> Vec<Progress> {
    storage()
        .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_progress(p: &Progress) {
    let mut all = saved_progress();
    all.retain(|q| q.lesson != p.lesson);
    all.push(p.clone());
    if let Some(st) = storage() {
        let _ = st.set_item(PROGRESS_KEY, &serde_json::to_string(&all).unwrap_or_default());
    }
}

/// `#lesson=ID` (alone or after other hash parameters) opens that lesson.
fn lesson_from_hash() -> Option<String> {
    let hash = window().location().hash().ok()?;
    hash.trim_start_matches('#').split('&').find_map(|kv| kv.strip_prefix("lesson=").map(str::to_string))
}

impl LessonUi {
    fn lesson(&self) -> Option<Lesson> {
        let i = self.current.get()?;
        self.lessons.with(|l| l.get(i).cloned())
    }

    fn start(&self, index: usize) {
        let ui = self.ui;
        let Some(lesson) = self.lessons.with_untracked(|l| l.get(index).cloned()) else { return };
        let resumed = saved_progress().into_iter().find(|p| p.lesson == lesson.id);
        let progress = match resumed {
            Some(p) => p,
            None => ui.sim.try_update_value(|s| Progress::start(&lesson, &mut s.session)).unwrap_or_default(),
        };
        self.shown.set(progress.step);
        self.typed.set(0);
        self.hint.set(false);
        save_progress(&progress);
        self.progress.set(Some(progress));
        self.current.set(Some(index));
        self.open.set(true);
        ui.save();
    }

    /// Shows the lesson the restored session was following (a share link opens the drawer on it).
    fn resume(&self, p: &Progress, open: bool) {
        match self.lessons.with_untracked(|l| l.iter().position(|x| x.id == p.lesson)) {
            Some(i) => {
                self.shown.set(p.step);
                self.current.set(Some(i));
                save_progress(p);
                self.open.set(open);
            }
            None => self.progress.set(None),
        }
    }

    fn close_lesson(&self) {
        self.current.set(None);
        self.progress.set(None);
        self.ui.save();
    }

    /// Re-checks the current step against the cluster (called whenever the cluster changed).
    fn poll(&self) {
        let Some(lesson) = self.lesson() else { return };
        let ui = self.ui;
        let Some(mut p) = self.progress.get_untracked() else { return };
        let moved = ui.sim.try_update_value(|s| p.poll(&lesson, &mut s.session)).unwrap_or(false);
        if moved {
            self.typed.set(0);
            self.hint.set(false);
            if self.shown.get_untracked() + 1 >= p.step {
                self.shown.set(p.step);
            }
            save_progress(&p);
            self.progress.set(Some(p));
            ui.save();
        }
    }

    /// Types the step's next command into the terminal; after the last one, an observation step is done.
    fn type_next(&self) {
        let Some(lesson) = self.lesson() else { return };
        let Some(mut p) = self.progress.get_untracked() else { return };
        let ui = self.ui;
        let Some(step) = lesson.steps.get(p.step) else { return };
        let n = self.typed.get_untracked();
        if n == 0 {
            for (path, text) in &step.files {
                ui.write_file(path, text);
            }
        }
        if let Some(cmd) = step.run.get(n) {
            ui.run(cmd);
            self.typed.set(n + 1);
        }
        if self.typed.get_untracked() >= step.run.len() && step.check.is_none() {
            ui.sim.update_value(|s| p.observed(&lesson, &mut s.session));
            self.typed.set(0);
            self.shown.set(p.step);
            save_progress(&p);
            self.progress.set(Some(p));
            ui.save();
        } else {
            self.poll();
        }
    }

    fn restart(&self) {
        let Some(i) = self.current.get_untracked() else { return };
        let Some(lesson) = self.lesson() else { return };
        let mut all = saved_progress();
        all.retain(|q| q.lesson != lesson.id);
        if let Some(st) = storage() {
            let _ = st.set_item(PROGRESS_KEY, &serde_json::to_string(&all).unwrap_or_default());
        }
        self.start(i);
    }
}

/// The lab's comparison table with the cluster's live values: the first Deployment and StatefulSet side by side.
#[component]
fn CompareTable() -> impl IntoView {
    let ui = use_ui();
    let t = strings();
    let table = move || {
        ui.snap.track();
        ui.sim.try_update_value(|s| lessons::compare::table(&mut s.session)).flatten()
    };
    move || {
        let t = t.get();
        let Some(c) = table() else {
            return view! { <p class="muted">{t.get("compare_none")}</p> }.into_any();
        };
        let cell = |v: Vec<String>| v.into_iter().map(|x| view! { <div>{x}</div> }).collect_view();
        let rows = c
            .rows
            .into_iter()
            .map(|r| {
                view! {
                    <tr>
                        <th scope="row">{t.get(r.aspect)}</th>
                        <td>{cell(r.deployment)}</td>
                        <td>{cell(r.statefulset)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="compare" data-testid="compare-table">
                <caption>{t.get("compare_title")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.get("compare_aspect")}</th>
                        <th scope="col">{format!("deployment/{}", c.deployment)}</th>
                        <th scope="col">{format!("statefulset/{}", c.statefulset)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    }
}

/// Downloads `chart` with the learner's edits as `NAME-VERSION.tgz`, a package `helm install` accepts.
#[component]
fn DownloadChart(chart: String) -> impl IntoView {
    let ui = use_ui();
    let t = strings();
    let label = chart.clone();
    let download = move |_| {
        // The chart as the editor holds it (shipped or working-directory files, binary ones included).
        let files = ui.chart_bytes();
        match crate::session::package::package_chart(&files) {
            Ok((name, bytes)) => {
                let b64: String = super::share::base64url_encode(&bytes)
                    .chars()
                    .map(|c| match c {
                        '-' => '+',
                        '_' => '/',
                        c => c,
                    })
                    .collect();
                let pad = "=".repeat((4 - b64.len() % 4) % 4);
                if let Ok(a) = document().create_element("a") {
                    let _ = a.set_attribute("href", &format!("data:application/gzip;base64,{b64}{pad}"));
                    let _ = a.set_attribute("download", &name);
                    if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
                        a.click();
                    }
                }
            }
            Err(e) => ui.notice.set(Some(e)),
        }
    };
    view! {
        <button class="download-chart" on:click=download title=move || t.with(|t| t.get("download_chart_title"))>
            {move || t.with(|t| format!("{} · {label}", t.get("download_chart")))}
        </button>
    }
}

/// The lesson as the exact commands for kind or minikube, and its charts to download.
#[component]
fn RealCluster(lesson: Lesson) -> impl IntoView {
    use crate::lessons::real::{script, Tool};
    let t = strings();
    let tool = RwSignal::new(Tool::Kind);
    let charts = lesson.real.charts.clone();
    let text = move || t.with(|t| script(&lesson, tool.get(), &|k| t.get(k)));
    let pick = move |which: Tool| {
        view! {
            <button aria-pressed=move || (tool.get() == which).to_string() on:click=move |_| tool.set(which)>
                {which.name()}
            </button>
        }
    };
    view! {
        <details class="real-cluster" data-testid="real-cluster">
            <summary>{move || t.with(|t| t.get("real_cluster"))}</summary>
            <p class="muted">{move || t.with(|t| t.get("real_cluster_intro"))}</p>
            <div class="lesson-actions" role="group" aria-label="kind / minikube">
                {pick(Tool::Kind)}
                {pick(Tool::Minikube)}
            </div>
            {charts.into_iter().map(|c| view! { <DownloadChart chart=c/> }).collect_view()}
            <pre class="real-script" tabindex="0" aria-label=move || t.with(|t| t.get("real_cluster"))>
                {text}
            </pre>
        </details>
    }
}

/// Text with its `backquoted` spans as <code> (commands, field names).
fn with_code(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                view! { <code>{part.to_string()}</code> }.into_any()
            } else {
                part.to_string().into_any()
            }
        })
        .collect_view()
}

fn in_lang(lang: &str) -> Vec<Lesson> {
    lessons::all_in(lang).or_else(|_| lessons::all()).unwrap_or_default()
}

fn set_presenter(on: bool) {
    if let Some(body) = document().body() {
        let _ = body.class_list().toggle_with_force("presenter", on);
    }
}

#[component]
pub fn LessonsPanel() -> impl IntoView {
    let ui = use_ui();
    let load_error = lessons::all_in(&ui.lang.get_untracked()).err();
    let lu = LessonUi {
        ui,
        lessons: RwSignal::new(in_lang(&ui.lang.get_untracked())),
        t: strings(),
        open: RwSignal::new(false),
        current: RwSignal::new(None),
        progress: ui.lesson,
        typed: RwSignal::new(0),
        shown: RwSignal::new(0),
        presenter: RwSignal::new(false),
        hide_text: RwSignal::new(false),
        hint: RwSignal::new(false),
    };
    let from_link = window().location().hash().is_ok_and(|h| h.trim_start_matches('#').starts_with("s="));
    if let Some(p) = ui.lesson.get_untracked() {
        lu.resume(&p, from_link);
    } else if let Some(id) = lesson_from_hash() {
        if let Some(i) = lu.lessons.with_untracked(|l| l.iter().position(|x| x.id == id)) {
            lu.start(i);
        }
    }
    Effect::new(move |prev: Option<String>| {
        let lang = ui.lang.get();
        if prev.is_some_and(|p| p != lang) {
            lu.lessons.set(in_lang(&lang));
        }
        lang
    });
    // The cluster changed (snapshot redrawn): maybe the step is done.
    Effect::new(move |_| {
        ui.snap.track();
        lu.poll();
    });
    Effect::new(move |_| set_presenter(lu.presenter.get()));
    let _keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !lu.presenter.get_untracked() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        match ev.key().as_str() {
            " " | "ArrowRight" | "PageDown" => {
                ev.prevent_default();
                let behind = lu.progress.get_untracked().is_some_and(|p| lu.shown.get_untracked() < p.step);
                if behind {
                    lu.shown.update(|s| *s += 1);
                } else {
                    lu.type_next();
                }
            }
            "ArrowLeft" | "PageUp" => {
                ev.prevent_default();
                lu.shown.update(|s| *s = s.saturating_sub(1));
            }
            "h" | "H" => lu.hide_text.update(|h| *h = !*h),
            "Escape" => lu.presenter.set(false),
            _ => {}
        }
    });

    let menu = move || {
        let t = lu.t.get();
        lu.lessons.with(|all| {
            all.iter()
                .enumerate()
                .map(|(i, l)| {
                    let done = saved_progress().iter().find(|p| p.lesson == l.id).map(|p| p.step).unwrap_or(0);
                    let total = l.steps.len();
                    view! {
                        <li>
                            <button class="lesson-pick" on:click=move |_| lu.start(i)>
                                <strong>{l.title.clone()}</strong>
                                <span class="muted">
                                    {t.fill("steps_done", &[("done", &done.to_string()), ("total", &total.to_string())])}
                                </span>
                            </button>
                            <p class="muted">{with_code(&l.summary)}</p>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    let step_view = move || {
        let lesson = lu.lesson()?;
        let p = lu.progress.get()?;
        let t = lu.t.get();
        let total = lesson.steps.len();
        if p.step >= total && lu.shown.get() >= total {
            return Some(
                view! {
                    <div class="lesson-step done" data-testid="lesson-finished">
                        <h3>{t.get("lesson_complete")}</h3>
                        <p>{t.fill("all_steps_done", &[("total", &total.to_string()), ("title", &lesson.title)])}</p>
                        <button on:click=move |_| lu.restart()>{t.get("start_again")}</button>
                    </div>
                }
                .into_any(),
            );
        }
        let shown = lu.shown.get().min(total - 1);
        let step = lesson.steps[shown].clone();
        let current = shown == p.step;
        let typed = if current { lu.typed.get() } else { step.run.len() };
        let status = t.get(if shown < p.step {
            "status_done"
        } else if step.check.is_some() {
            "status_waiting"
        } else {
            "status_run"
        });
        let cmds = step
            .run
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c2 = c.clone();
                let (label, run) = (t.fill("run_cmd", &[("cmd", c)]), t.get("run"));
                view! {
                    <li class:ran=move || i < typed>
                        <code>{c.clone()}</code>
                        <button
                            class="run-it"
                            disabled=!current
                            on:click=move |_| {
                                if i == lu.typed.get_untracked() {
                                    lu.type_next();
                                } else {
                                    lu.ui.run(&c2);
                                }
                            }
                            aria-label=label
                        >
                            {run}
                        </button>
                    </li>
                }
            })
            .collect_view();
        let hint = step.hint.clone();
        Some(
            view! {
                <div class="lesson-step" data-testid="lesson-step">
                    <p class="muted">
                        {t.fill("step_of", &[("n", &(shown + 1).to_string()), ("total", &total.to_string())])}
                    </p>
                    <h3>{step.title.clone()}</h3>
                    <div class="explain" class:hidden=move || lu.hide_text.get()>
                        {step.explain.split("\n\n").map(|para| view! { <p>{with_code(para)}</p> }).collect_view()}
                    </div>
                    <ol class="cmds">{cmds}</ol>
                    <p class="step-status" role="status" data-testid="lesson-status">{status}</p>
                    <div class="lesson-actions">
                        <button
                            disabled=!current
                            on:click=move |_| lu.type_next()
                            title=t.get("show_me_title")
                        >
                            {t.get("show_me")}
                        </button>
                        {hint
                            .map(|h| {
                                view! {
                                    <button on:click=move |_| lu.hint.update(|v| *v = !*v)>{t.get("hint")}</button>
                                    <p class="hint" class:hidden=move || !lu.hint.get()>{with_code(&h)}</p>
                                }
                            })}
                        <button on:click=move |_| lu.shown.update(|s| *s = s.saturating_sub(1)) disabled=shown == 0>
                            {t.get("back")}
                        </button>
                        <button on:click=move |_| lu.shown.update(|s| *s += 1) disabled={shown >= p.step}>
                            {t.get("forward")}
                        </button>
                    </div>
                </div>
            }
            .into_any(),
        )
    };

    view! {
        <button
            class="lessons-toggle"
            aria-expanded=move || lu.open.get().to_string()
            aria-controls="lessons-drawer"
            on:click=move |_| lu.open.update(|o| *o = !*o)
        >
            {move || lu.t.with(|t| t.get("lessons"))}
        </button>
        <aside
            id="lessons-drawer"
            class="lessons-drawer"
            class:open=move || lu.open.get()
            aria-label=move || lu.t.with(|t| t.get("lessons"))
            data-testid="lessons"
        >
            <div class="panel-head">
                <h2>
                    {move || lu.lesson().map(|l| l.title).unwrap_or_else(|| lu.t.with(|t| t.get("lessons")))}
                </h2>
                <button on:click=move |_| lu.presenter.update(|p| *p = !*p) aria-pressed=move || lu.presenter.get().to_string()>
                    {move || lu.t.with(|t| t.get("present"))}
                </button>
                <button on:click=move |_| lu.close_lesson() disabled=move || lu.current.get().is_none()>
                    {move || lu.t.with(|t| t.get("all_lessons"))}
                </button>
                <button on:click=move |_| lu.open.set(false) aria-label=move || lu.t.with(|t| t.get("close_lessons"))>
                    "×"
                </button>
            </div>
            {load_error.map(|e| view! { <p class="render-error" role="alert">{e}</p> })}
            {move || match lu.current.get() {
                None => view! { <ul class="lesson-menu">{menu()}</ul> }.into_any(),
                Some(_) => step_view().into_any(),
            }}
            {move || (lu.lesson().is_some_and(|l| l.id == "compare")).then(|| view! { <CompareTable/> })}
            {move || match lu.lesson() {
                Some(l) => view! { <RealCluster lesson=l/> }.into_any(),
                None => {
                    let chart = ui.chart.get();
                    view! { <DownloadChart chart=chart/> }.into_any()
                }
            }}
            <p class="muted keys" class:hidden=move || !lu.presenter.get()>
                {move || lu.t.with(|t| t.get("presenter_keys"))}
            </p>
        </aside>
    }
}
