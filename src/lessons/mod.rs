//! Guided lessons as data (`src/lessons/*.yaml`, embedded): each step explains, says what to do (commands a
//! "run it"/"show me" button can play), and names a [`Check`] on the simulated cluster that ticks the step off
//! by itself. A step may `remember` values when it begins (pod 0's visit count before the delete), so that
//! its check can compare against them.
//!
//! Invariants: lessons only observe the cluster through [`Observer`] and act through shell command lines,
//! exactly as a learner would; nothing here knows controller rules.

pub mod check;
pub mod compare;
pub mod real;

pub use check::{Check, Observer};

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

const SOURCES: &[(&str, &str)] = &[
    ("lab", include_str!("lab.yaml")),
    ("basics", include_str!("basics.yaml")),
    ("wrong", include_str!("wrong.yaml")),
    ("requests", include_str!("requests.yaml")),
    ("maintenance", include_str!("maintenance.yaml")),
    ("budgets", include_str!("budgets.yaml")),
    ("compare", include_str!("compare.yaml")),
    ("questions", include_str!("questions.yaml")),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonDoc {
    title: String,
    summary: String,
    #[serde(default)]
    real: Real,
    steps: Vec<StepDoc>,
}

/// What repeating a lesson on kind or minikube needs beyond its steps' commands (see `real.rs`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Real {
    /// Charts the learner downloads from the page (`NAME-VERSION.tgz`) and unpacks next to the commands.
    #[serde(default)]
    pub charts: Vec<String>,
    /// Images no registry has (the lab's apps are the learner's own): built locally, loaded into the cluster.
    #[serde(default)]
    pub images: Vec<String>,
    /// Playground-only command lines → what to type on a real cluster instead.
    #[serde(default)]
    pub replace: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepDoc {
    title: String,
    explain: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    run: Vec<String>,
    #[serde(default)]
    remember: BTreeMap<String, String>,
    check: Option<String>,
    hint: Option<String>,
    /// Seconds "show me" may let pass for the check to be met (default 300).
    wait: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub real: Real,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug)]
pub struct Step {
    pub title: String,
    pub explain: String,
    /// Files the step puts in the working directory before its commands (a manifest the text shows).
    pub files: BTreeMap<String, String>,
    /// Command lines, in order; what "show me" types.
    pub run: Vec<String>,
    /// Values captured when the step begins, by name (`$name` in checks).
    pub remember: Vec<(String, Check)>,
    /// `None`: an observation step, done once its commands have run.
    pub check: Option<Check>,
    pub hint: Option<String>,
    pub wait_seconds: u64,
}

/// Every shipped lesson, in menu order, in English. The error names the lesson and the bad field.
pub fn all() -> Result<Vec<Lesson>, String> {
    SOURCES.iter().map(|(id, src)| parse(id, src)).collect()
}

/// Every shipped lesson with its texts in `lang` (`src/lessons/LANG/ID.yaml`); commands, files and checks are
/// always the English file's, so every language plays the same lesson. A lesson not translated yet is English.
pub fn all_in(lang: &str) -> Result<Vec<Lesson>, String> {
    let mut lessons = all()?;
    if lang != crate::i18n::DEFAULT {
        for l in &mut lessons {
            if let Some(src) = crate::i18n::text(&format!("lessons/{lang}/{}.yaml", l.id)) {
                translate(l, lang, src)?;
            }
        }
    }
    Ok(lessons)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextsDoc {
    title: String,
    summary: String,
    steps: Vec<StepTexts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepTexts {
    title: String,
    explain: String,
    hint: Option<String>,
}

/// Puts a translation's texts over an English lesson, step by step; it must match the English steps one
/// for one (same count, a hint exactly where English has one).
pub fn translate(lesson: &mut Lesson, lang: &str, src: &str) -> Result<(), String> {
    let name = format!("lesson {} ({lang})", lesson.id);
    let json = crate::yaml::load(src).map_err(|e| format!("{name}: {e}"))?;
    let doc: TextsDoc = serde_json::from_value(json).map_err(|e| format!("{name}: {e}"))?;
    if doc.steps.len() != lesson.steps.len() {
        return Err(format!("{name}: {} steps, the English lesson has {}", doc.steps.len(), lesson.steps.len()));
    }
    for (i, (step, t)) in lesson.steps.iter_mut().zip(doc.steps).enumerate() {
        if step.hint.is_some() != t.hint.is_some() {
            return Err(format!("{name}, step {} ({}): a hint only where the English step has one", i + 1, t.title));
        }
        step.title = t.title;
        step.explain = t.explain.trim_end().to_string();
        step.hint = t.hint;
    }
    lesson.title = doc.title;
    lesson.summary = doc.summary.trim_end().to_string();
    Ok(())
}

pub fn parse(id: &str, src: &str) -> Result<Lesson, String> {
    // Through the project's own YAML loader (as Kubernetes reads YAML: to JSON first), so the page needs no
    // second YAML library.
    let json = crate::yaml::load(src).map_err(|e| format!("lesson {id}: {e}"))?;
    let doc: LessonDoc = serde_json::from_value(json).map_err(|e| format!("lesson {id}: {e}"))?;
    let steps = doc
        .steps
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let ctx = |e: String| format!("lesson {id}, step {} ({}): {e}", i + 1, s.title);
            let check = s.check.as_deref().map(Check::parse).transpose().map_err(ctx)?;
            let remember = s
                .remember
                .iter()
                .map(|(k, v)| Check::parse(v).map(|c| (k.clone(), c)))
                .collect::<Result<Vec<_>, _>>()
                .map_err(ctx)?;
            Ok(Step {
                title: s.title.clone(),
                explain: s.explain.trim_end().to_string(),
                files: s.files.clone(),
                run: s.run.clone(),
                remember,
                check,
                hint: s.hint.clone(),
                wait_seconds: s.wait.unwrap_or(300),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    if let Some(line) = doc.real.replace.keys().find(|l| !steps.iter().any(|s: &Step| s.run.contains(l))) {
        return Err(format!("lesson {id}: real.replace names {line:?}, which no step runs"));
    }
    if let Some(c) = doc.real.charts.iter().find(|c| !crate::charts::names().contains(&c.as_str())) {
        return Err(format!("lesson {id}: real.charts names {c:?}, which the playground does not ship"));
    }
    Ok(Lesson {
        id: id.to_string(),
        title: doc.title,
        summary: doc.summary.trim_end().to_string(),
        real: doc.real,
        steps,
    })
}

/// A learner's way through one lesson; small and serialisable so it can live in localStorage and in a link.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, Deserialize)]
pub struct Progress {
    pub lesson: String,
    /// Index of the step being worked on (== steps.len() when finished).
    pub step: usize,
    pub memory: BTreeMap<String, Value>,
}

impl Progress {
    /// Starts a lesson at its first step (capturing what that step remembers).
    pub fn start(lesson: &Lesson, obs: &mut dyn Observer) -> Progress {
        let mut p = Progress { lesson: lesson.id.clone(), step: 0, memory: BTreeMap::new() };
        p.begin(lesson, obs);
        p
    }

    fn begin(&mut self, lesson: &Lesson, obs: &mut dyn Observer) {
        if let Some(step) = lesson.steps.get(self.step) {
            for (name, expr) in &step.remember {
                let v = expr.eval(obs, &self.memory);
                self.memory.insert(name.clone(), v);
            }
        }
    }

    pub fn finished(&self, lesson: &Lesson) -> bool {
        self.step >= lesson.steps.len()
    }

    /// Looks at the cluster; if the current step's check is met, ticks it and moves on (possibly over
    /// several steps). Observation steps move on only through [`Progress::observed`]. Returns whether
    /// anything was ticked.
    pub fn poll(&mut self, lesson: &Lesson, obs: &mut dyn Observer) -> bool {
        let mut moved = false;
        while let Some(step) = lesson.steps.get(self.step) {
            match &step.check {
                Some(c) if c.holds(obs, &self.memory) => {
                    self.step += 1;
                    moved = true;
                    self.begin(lesson, obs);
                }
                _ => break,
            }
        }
        moved
    }

    /// The learner ran the current observation step's commands (or pressed "next").
    pub fn observed(&mut self, lesson: &Lesson, obs: &mut dyn Observer) {
        if lesson.steps.get(self.step).is_some_and(|s| s.check.is_none()) {
            self.step += 1;
            self.begin(lesson, obs);
        }
    }
}

/// Lessons look at the learner's own session, in the `default` namespace, as `kubectl` would.
impl Observer for crate::shell::Session {
    fn objects(&mut self, resource: &str, selector: &str) -> Vec<Value> {
        // The same resource names and label selectors as `kubectl get RESOURCE -l SELECTOR`.
        let Some(res) = crate::shell::kinds::lookup(resource) else { return Vec::new() };
        let Ok(sel) = crate::shell::kubectl::Selector::parse(selector) else { return Vec::new() };
        self.cluster().list(res.kind, Some("default")).into_iter().filter(|o| sel.matches(o)).collect()
    }

    fn file(&mut self, pod: &str, path: &str) -> Option<String> {
        let out = self.cluster_mut().exec("default", pod, None, &["cat".to_string(), path.to_string()]).ok()?;
        (out.code == 0).then_some(out.stdout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lessons_load() {
        let lessons = all().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            lessons.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["lab", "basics", "wrong", "requests", "maintenance", "budgets", "compare", "questions"]
        );
        for l in &lessons {
            assert!(!l.steps.is_empty(), "{} has no steps", l.id);
            for s in &l.steps {
                assert!(!s.explain.is_empty() && (!s.run.is_empty() || s.check.is_some()), "{}: {}", l.id, s.title);
            }
        }
    }

    #[test]
    fn a_bad_check_names_lesson_and_step() {
        let e = parse("x", "title: t\nsummary: s\nsteps:\n- title: one\n  explain: e\n  check: \"redy('a') == 1\"\n")
            .unwrap_err();
        assert!(e.starts_with("lesson x, step 1 (one): check"), "{e}");
        let e = parse("x", "title: t\nsummary: s\nsteps:\n- title: one\n  explain: e\n  chek: x\n").unwrap_err();
        assert!(e.contains("unknown field `chek`"), "{e}");
    }
}
