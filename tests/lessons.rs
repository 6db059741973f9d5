//! Every shipped lesson, played as "show me" plays it: each step's files are written, its commands typed,
//! then simulated time runs (in 1 s ticks, up to the step's `wait`) until its check is met. The transcript of
//! each lesson (commands, their output, and when each check was met) is a golden file in tests/lessons/;
//! `BLESS=1 cargo test --test lessons` rewrites them after you have read the difference.
//!
//! It fails when a step's check is already met before the step's commands run (a check that cannot fail
//! teaches nothing), when a check is not met within its wait, and when a transcript changes.

use stsplay::i18n;
use stsplay::lessons::{self, Observer, Progress};
use stsplay::shell::Session;

fn play(lesson: &lessons::Lesson) -> (String, Vec<String>) {
    play_with(lesson, &mut |_, _| {})
}

/// `play`, calling `after` with the session and the transcript once each step is met.
fn play_with(lesson: &lessons::Lesson, after: &mut dyn FnMut(&mut Session, &mut String)) -> (String, Vec<String>) {
    let mut s = Session::new(42);
    let mut progress = Progress::start(lesson, &mut s);
    let mut out = String::new();
    let mut problems = Vec::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n", i + 1, step.title));
        assert_eq!(progress.step, i, "progress is on the step being played");
        if let Some(c) = &step.check {
            if c.holds(&mut s, &progress.memory) {
                problems.push(format!(
                    "step {} ({}): check already met before its commands: {}",
                    i + 1,
                    step.title,
                    c.source()
                ));
            }
        }
        for (path, text) in &step.files {
            s.write_file(path, text.as_bytes().to_vec());
        }
        for cmd in &step.run {
            out.push_str(&format!("$ {cmd}\n"));
            out.push_str(&s.run_line(cmd));
        }
        match &step.check {
            None => progress.observed(lesson, &mut s),
            Some(c) => {
                let mut waited = 0;
                while !progress.poll(lesson, &mut s) && waited < step.wait_seconds {
                    s.cluster_mut().advance(1000);
                    waited += 1;
                }
                if progress.step > i {
                    out.push_str(&format!("-- check met after {waited}s: {}\n", c.source()));
                } else {
                    out.push_str(&format!("-- CHECK NOT MET after {waited}s: {}\n", c.source()));
                    problems.push(format!(
                        "step {} ({}): check not met within {}s: {}",
                        i + 1,
                        step.title,
                        step.wait_seconds,
                        c.source()
                    ));
                    // Go on as a learner pressing "skip" would, so later steps still get played.
                    progress.step = i + 1;
                }
            }
        }
        after(&mut s, &mut out);
    }
    (out, problems)
}

#[test]
fn every_lesson_can_be_completed() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for lesson in lessons::all().expect("lessons load") {
        let (transcript, problems) = play(&lesson);
        let path = format!("{}/tests/lessons/{}.txt", env!("CARGO_MANIFEST_DIR"), lesson.id);
        if bless {
            std::fs::create_dir_all(format!("{}/tests/lessons", env!("CARGO_MANIFEST_DIR"))).unwrap();
            std::fs::write(&path, &transcript).unwrap();
        } else {
            let want = std::fs::read_to_string(&path).unwrap_or_default();
            if want != transcript {
                failures.push(format!(
                    "{}: transcript differs from {path} (BLESS=1 to accept):\n{}",
                    lesson.id,
                    first_diff(&want, &transcript)
                ));
            }
        }
        failures.extend(problems.into_iter().map(|p| format!("{}: {p}", lesson.id)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every lesson exists in every language with the same steps, commands and checks (translations carry words
/// only), keeps inline code (`kubectl ...`, field names) exactly as English has it, and plays to the same end:
/// the Russian lessons are played too and must give the English transcript, step titles aside.
#[test]
fn every_lesson_in_every_language() {
    let en = lessons::all().unwrap();
    let langs = i18n::languages();
    assert!(langs.len() >= 2, "{langs:?}");
    let mut failures = Vec::new();
    for (lang, _) in langs.iter().skip(1) {
        let tr = lessons::all_in(lang).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tr.len(), en.len());
        for (e, t) in en.iter().zip(&tr) {
            let at = |i: usize| format!("{lang}/{}.yaml step {}", e.id, i + 1);
            if i18n::text(&format!("lessons/{lang}/{}.yaml", e.id)).is_none() {
                failures.push(format!("lesson {} has no {lang} translation", e.id));
                continue;
            }
            if t.title == e.title || t.summary == e.summary {
                failures.push(format!("{lang}/{}.yaml: title or summary left in English", e.id));
            }
            if code_spans(&t.summary) != code_spans(&e.summary) {
                failures.push(format!("{lang}/{}.yaml summary: inline code differs from English", e.id));
            }
            for (i, (a, b)) in e.steps.iter().zip(&t.steps).enumerate() {
                let same = a.run == b.run
                    && a.files == b.files
                    && a.check.as_ref().map(|c| c.source()) == b.check.as_ref().map(|c| c.source())
                    && a.wait_seconds == b.wait_seconds;
                if !same {
                    failures.push(format!("{}: commands or check differ from English", at(i)));
                }
                for (x, y) in [
                    (&a.explain, &b.explain),
                    (&a.hint.clone().unwrap_or_default(), &b.hint.clone().unwrap_or_default()),
                ] {
                    if code_spans(x) != code_spans(y) {
                        failures.push(format!(
                            "{}: inline code {:?}, English has {:?}",
                            at(i),
                            code_spans(y),
                            code_spans(x)
                        ));
                    }
                }
            }
            // Step headings are the only words a transcript holds; some follow output with no final newline.
            let strip = |s: String, l: &lessons::Lesson| {
                l.steps
                    .iter()
                    .enumerate()
                    .fold(s, |s, (i, st)| s.replace(&format!("## {}. {}\n", i + 1, st.title), "## \n"))
            };
            let ((et, _), (tt, problems)) = (play(e), play(t));
            failures.extend(problems.into_iter().map(|p| format!("{lang}/{}: {p}", e.id)));
            let (et, tt) = (strip(et, e), strip(tt, t));
            if et != tt {
                failures.push(format!("{lang}/{}: plays differently from English:\n{}", e.id, first_diff(&et, &tt)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn code_spans(s: &str) -> Vec<String> {
    let mut spans: Vec<String> = s.split('`').skip(1).step_by(2).map(str::to_string).collect();
    spans.sort();
    spans
}

/// The live Deployment-vs-StatefulSet table after each step of the comparison lesson: names, uids after the
/// deletes, claims, DNS names and revisions as the cluster has them (golden tests/lessons/compare-table.txt).
#[test]
fn the_comparison_table_follows_the_cluster() {
    let all = lessons::all().unwrap();
    let compare = all.iter().find(|l| l.id == "compare").unwrap();
    let en = i18n::Strings::load("en").unwrap();
    let mut tables = String::new();
    play_with(compare, &mut |s, out| {
        let heading = out.lines().rev().find(|l| l.starts_with("## ")).unwrap_or_default().to_string();
        let table = lessons::compare::table(s).map(|c| lessons::compare::render(&c, |k| en.get(k)));
        tables.push_str(&format!(
            "{heading}\n{}\n",
            table.unwrap_or_else(|| "(no Deployment and StatefulSet yet)\n".into())
        ));
    });
    let path = format!("{}/tests/lessons/compare-table.txt", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &tables).unwrap();
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(want == tables, "{path} differs (BLESS=1 after reading it):\n{}", first_diff(&want, &tables));
}

fn first_diff(want: &str, got: &str) -> String {
    for (n, (a, b)) in want.lines().zip(got.lines()).enumerate() {
        if a != b {
            return format!("line {}:\n- {a}\n+ {b}", n + 1);
        }
    }
    format!("lengths differ: {} vs {} lines", want.lines().count(), got.lines().count())
}

/// The Observer must agree with kubectl: what `ready(...)` counts is what `kubectl get pods` shows as Ready.
#[test]
fn observer_sees_what_kubectl_sees() {
    let mut s = Session::new(1);
    assert!(s.objects("pod", "").is_empty());
    assert_eq!(s.file("nope", "data/visits"), None);
}

/// Each lesson as the script that repeats it on kind and on minikube (goldens in tests/lessons/real/), and
/// real bash accepts every script's syntax (heredocs and quoting included).
#[test]
fn every_lesson_has_a_real_cluster_script() {
    use lessons::real::{script, Tool};
    let en = i18n::Strings::load("en").unwrap();
    let dir = format!("{}/tests/lessons/real", env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("BLESS").is_some();
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    for lesson in lessons::all().unwrap() {
        for tool in [Tool::Kind, Tool::Minikube] {
            let text = script(&lesson, tool, &|k| en.get(k));
            let path = format!("{dir}/{}.{}.sh", lesson.id, tool.name());
            if bless {
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).unwrap_or_default() != text {
                failures.push(format!("{path} differs (BLESS=1 after reading it)"));
            }
            let check = std::process::Command::new("bash").args(["-n", &path]).output().unwrap();
            if !check.status.success() {
                failures.push(format!("bash -n {path}: {}", String::from_utf8_lossy(&check.stderr)));
            }
            for step in &lesson.steps {
                for line in &step.run {
                    let want = lesson.real.replace.get(line).unwrap_or(line);
                    if !text.lines().any(|l| l == want) {
                        failures.push(format!("{path}: lacks {want:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
