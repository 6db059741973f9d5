//! Share links, natively: every link format the page ever wrote still opens (frozen links in tests/share/*.link,
//! each replayed to the transcript in the matching .txt; `BLESS=1` rewrites the transcripts, never the links),
//! and a link made in the middle of a lesson reopens that lesson at the same step, with the same remembered
//! values, on a cluster rebuilt to the same state, from which the lesson can be finished.

use std::collections::BTreeMap;
use stsplay::lessons::{self, Progress};
use stsplay::session::replay::{replay, Sim};
use stsplay::session::share::{self, Action, Saved};

const CHART: &str = "python-time-app";

fn dir() -> String {
    format!("{}/tests/share", env!("CARGO_MANIFEST_DIR"))
}

/// What a link restores: its format, the lesson, edited lines, every terminal entry, and the cluster after.
fn transcript(link: &str) -> String {
    let saved = match share::from_fragment(link.trim()) {
        Ok(Some(s)) => s,
        Ok(None) => return "no session in this link\n".into(),
        Err(e) => return format!("refused: {e}\n"),
    };
    let mut out = format!("format {} · chart {} · seed {} · now {} ms\n", saved.v, saved.chart, saved.seed, saved.now);
    match &saved.lesson {
        None => out.push_str("lesson: none\n"),
        Some(p) => out.push_str(&format!(
            "lesson: {} at step {} · remembers {}\n",
            p.lesson,
            p.step + 1,
            serde_json::to_string(&p.memory).unwrap()
        )),
    }
    let mut r = match replay(&saved) {
        Ok(r) => r,
        Err(e) => return format!("{out}replay refused: {e}\n"),
    };
    let shipped = share::shipped(&saved.chart);
    for (path, text) in &r.files[&saved.chart] {
        if shipped.get(path) != Some(text) {
            let changed: Vec<&str> = text.lines().filter(|l| !shipped[path].lines().any(|s| s == *l)).collect();
            out.push_str(&format!("edited {path}: {changed:?}\n"));
        }
    }
    for (prompt, line, output) in &r.term {
        out.push_str(&format!("{prompt}{line}\n{output}"));
    }
    out.push_str("$ kubectl get pods,pvc\n");
    out.push_str(&r.sim.session.run_line("kubectl get pods,pvc"));
    out
}

#[test]
fn every_link_format_still_opens() {
    let bless = std::env::var_os("BLESS").is_some();
    let mut links: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "link"))
        .collect();
    links.sort();
    let formats: Vec<u32> = links
        .iter()
        .filter_map(|p| share::from_fragment(std::fs::read_to_string(p).unwrap().trim()).ok().flatten())
        .map(|s| s.v)
        .collect();
    for v in share::READS {
        assert!(formats.contains(v), "no frozen link of format {v} in tests/share/ (freeze one when a format ships)");
    }
    let mut failures = Vec::new();
    for link in links {
        let got = transcript(&std::fs::read_to_string(&link).unwrap());
        let golden = link.with_extension("txt");
        if bless {
            std::fs::write(&golden, &got).unwrap();
        } else if std::fs::read_to_string(&golden).unwrap_or_default() != got {
            failures.push(format!("{}: transcript differs (BLESS=1 after reading it):\n{got}", golden.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The page's way through the first `steps` steps of a lesson: files and commands as logged actions at the
/// simulated time they ran, time passing in 1 s frames until each check is met.
fn follow(lesson: &lessons::Lesson, steps: usize) -> (Sim, Saved) {
    let mut sim = Sim::new(7);
    let mut log = Vec::new();
    let mut progress = Progress::start(lesson, &mut sim.session);
    for step in &lesson.steps[..steps] {
        for (path, text) in &step.files {
            log.push(Action::Write { at: sim.now(), path: path.clone(), text: text.clone() });
        }
        for line in &step.run {
            let chart = line.starts_with("helm ").then(|| (CHART.to_string(), share::Edits::new()));
            log.push(Action::Run { at: sim.now(), line: line.clone(), chart });
        }
        let from = log.len() - step.run.len() - step.files.len();
        for a in &log[from..] {
            sim.perform(a);
        }
        if step.check.is_none() {
            progress.observed(lesson, &mut sim.session);
        }
        for _ in 0..step.wait_seconds {
            if progress.poll(lesson, &mut sim.session) || step.check.is_none() {
                break;
            }
            let t = sim.now() + 1000;
            sim.advance_to(t);
        }
    }
    let saved = Saved {
        v: share::VERSION,
        chart: CHART.into(),
        seed: 7,
        edits: BTreeMap::new(),
        log,
        now: sim.now(),
        lesson: Some(progress),
    };
    (sim, saved)
}

#[test]
fn a_lesson_link_reopens_the_lesson_where_it_was() {
    let all = lessons::all().unwrap();
    let lab = all.iter().find(|l| l.id == "lab").unwrap();
    // Step 5 remembers pod 0's visits and uid when it begins: the link must carry them.
    let (mut sim, saved) = follow(lab, 4);
    let p = saved.lesson.clone().unwrap();
    assert_eq!(p.step, 4);
    assert!(p.memory.contains_key("uid0") && p.memory.contains_key("visits0"), "{:?}", p.memory);

    let link = share::to_fragment(&saved);
    assert!(link.starts_with("s=2."), "{link}");
    let opened = share::from_fragment(&link).unwrap().unwrap();
    assert_eq!(opened, saved);
    let mut r = replay(&opened).unwrap();
    let look = "kubectl get pods,pvc -o wide; kubectl exec python-stateful-python-time-app-0 -- cat data/visits";
    assert_eq!(r.sim.session.run_line(look), sim.session.run_line(look), "the link rebuilds the same cluster");

    // The reopened lesson goes on from there to the end, as the learner's own would.
    let mut p = opened.lesson.unwrap();
    for (i, step) in lab.steps.iter().enumerate().skip(p.step) {
        for (path, text) in &step.files {
            r.sim.session.write_file(path, text.as_bytes().to_vec());
        }
        for line in &step.run {
            r.sim.session.run_line(line);
        }
        if step.check.is_none() {
            p.observed(lab, &mut r.sim.session);
        }
        let mut waited = 0;
        while p.step == i && waited < step.wait_seconds {
            p.poll(lab, &mut r.sim.session);
            r.sim.session.cluster_mut().advance(1000);
            waited += 1;
        }
        assert!(p.step > i, "step {} ({}) of the reopened lesson was not met", i + 1, step.title);
    }
    assert!(p.finished(lab));
}

#[test]
fn a_link_to_a_lesson_or_step_that_does_not_exist_is_refused() {
    let (_, mut saved) = follow(&lessons::all().unwrap()[0], 1);
    // (lesson, step, English words, the same in the Russian page)
    let cases = [("nosuch", 0, "lesson named \"nosuch\"", "урок «nosuch»"), ("lab", 99, "at step 100", "шаг 100")];
    let ru = stsplay::i18n::Strings::load("ru").unwrap();
    for (lesson, step, words, ru_words) in cases {
        saved.lesson = Some(Progress { lesson: lesson.into(), step, memory: BTreeMap::new() });
        let opened = share::from_fragment(&share::to_fragment(&saved)).unwrap().unwrap();
        let err = replay(&opened).err().unwrap_or_default();
        assert!(err.to_string().contains(words), "{err:?} should say {words:?}");
        assert!(err.render(&ru).contains(ru_words), "{} should say {ru_words:?}", err.render(&ru));
    }
}
