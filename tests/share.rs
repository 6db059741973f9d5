//! Share links, natively: every link format the page ever wrote still opens (frozen links in tests/share/*.link,
//! each replayed to the transcript in the matching .txt; `BLESS=1` rewrites the transcripts, never the links),
//! and a link made in the middle of a lesson reopens that lesson at the same step, with the same remembered
//! values, on a cluster rebuilt to the same state, from which the lesson can be finished. A chart made in the
//! terminal (format 3) is edited through timed `Edit` actions replayed after the command that made it.

use std::collections::BTreeMap;
use stsplay::lessons::{self, Progress};
use stsplay::session::diff;
use stsplay::session::replay::{chart_dirs, follow_dir, replay, rewind, Sim};
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
    if let Some(gone) = &r.gone {
        out.push_str(&format!("chart {gone} is gone; the editor shows {}\n", r.chart));
    }
    // A working-directory chart's unlogged edits show against its files as the log left them.
    let shipped = match r.sim.dir_chart(&r.chart) {
        Some(dir) if r.gone.is_none() && !stsplay::charts::names().contains(&r.chart.as_str()) => dir.texts,
        _ => share::shipped(&r.chart),
    };
    for (path, text) in &r.files[&r.chart] {
        if shipped.get(path) != Some(text) {
            let base = shipped.get(path).map_or("", String::as_str);
            let changed: Vec<&str> = text.lines().filter(|l| !base.lines().any(|s| s == *l)).collect();
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
    assert!(link.starts_with(&format!("s={}.", share::VERSION)), "{link}");
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

/// A session that makes a chart with `helm create`, edits it in the page (a logged edit at 1.5 s, after the
/// command at 1 s that made the chart), installs it, writes another chart with a heredoc, and leaves one more edit unlogged in the editor.
fn helm_create_session() -> Saved {
    let mut sim = Sim::new(7);
    let mut log = Vec::new();
    let run = |sim: &mut Sim, log: &mut Vec<Action>, at: u64, line: &str| {
        let a = Action::Run { at, line: line.into(), chart: None };
        sim.perform(&a);
        log.push(a);
    };
    run(&mut sim, &mut log, 1000, "helm create mychart");
    let values = sim.dir_chart("mychart").expect("helm create makes a chart").texts["values.yaml"].clone();
    let edited = values.replace("replicaCount: 1", "replicaCount: 3");
    let edit = Action::Edit { at: 1500, path: "mychart/values.yaml".into(), hunks: diff::patch(&values, &edited) };
    sim.perform(&edit);
    log.push(edit);
    run(&mut sim, &mut log, 2000, "helm install web ./mychart");
    let heredoc = "cat > notes/Chart.yaml <<EOF\napiVersion: v2\nname: notes\nversion: 0.1.0\nEOF";
    run(&mut sim, &mut log, 2000, heredoc);
    let unlogged = edited.replace("tag: \"\"", "tag: \"1.29\"");
    Saved {
        v: share::VERSION,
        chart: "mychart".into(),
        seed: 7,
        edits: [("mychart".to_string(), [("values.yaml".to_string(), diff::patch(&edited, &unlogged))].into())].into(),
        log,
        now: 30_000,
        lesson: None,
    }
}

#[test]
fn a_chart_made_in_the_terminal_is_edited_and_shared() {
    let saved = helm_create_session();
    let link = share::to_fragment(&saved);
    let opened = share::from_fragment(&link).unwrap().unwrap();
    assert_eq!(opened, saved);
    if std::env::var_os("FREEZE_V3").is_some() {
        // How tests/share/v3-helm-create-edit.link was made; frozen links are never rewritten afterwards.
        std::fs::write(format!("{}/v3-helm-create-edit.link", dir()), format!("{link}\n")).unwrap();
    }
    let mut r = replay(&opened).unwrap();
    assert_eq!((r.chart.as_str(), r.gone.as_deref()), ("mychart", None));
    assert_eq!(chart_dirs(r.sim.session.files()), ["mychart", "notes"], "both charts are offered to the editor");
    let pods = r.sim.session.run_line("kubectl get deploy web-mychart -o jsonpath='{.spec.replicas}'");
    assert_eq!(pods, "3", "the logged edit was in the chart helm installed");
    assert!(r.files["mychart"]["values.yaml"].contains("tag: \"1.29\""), "the unlogged edit is in the editor");
    assert!(!r.sim.dir_chart("mychart").unwrap().texts["values.yaml"].contains("1.29"), "and not yet in the file");

    // The same edit logged before the command that makes the chart has nothing to apply to: the terminal says so.
    let mut early = saved.clone();
    early.log.swap(0, 1);
    if let Action::Edit { at, .. } = &mut early.log[0] {
        *at = 500;
    }
    let r = replay(&early).unwrap();
    assert!(r.term[0].2.contains("could not be replayed"), "{:?}", r.term[0]);

    // Rewound to before `helm create`, the chart is gone: the editor falls back to a shipped chart.
    let mut rewound = saved.clone();
    rewound.log.retain(|a| a.at() <= 900);
    rewound.now = 900;
    let r = replay(&rewound).unwrap();
    assert_eq!((r.chart.as_str(), r.gone.as_deref()), (CHART, Some("mychart")));
    assert!(!r.files.contains_key("mychart"));

    // Format 2 knew only shipped charts: such a link naming another chart, or holding an edit, is refused.
    let mut old = saved.clone();
    old.v = 2;
    let err = share::from_json(&share::to_json(&old)).unwrap_err();
    assert!(err.to_string().contains("mychart"), "{err}");
    old.chart = CHART.into();
    old.edits.clear();
    let err = share::from_json(&share::to_json(&old)).unwrap_err();
    assert!(err.to_string().contains("format 2 session cannot hold"), "{err}");
}

#[test]
fn chart_directories_are_found_without_subcharts_or_shipped_ones() {
    // (files in the working directory, charts offered besides the shipped ones)
    let cases: &[(&[&str], &[&str])] = &[
        (&["python-time-app/Chart.yaml", "notes.txt"], &[]),
        (&["a/Chart.yaml", "a/charts/sub/Chart.yaml", "a-b/Chart.yaml"], &["a", "a-b"]),
        (&["deep/er/Chart.yaml", "values.yaml", "/tmp/x/Chart.yaml", "Chart.yaml"], &["deep/er"]),
        (&["python-time-app/charts/sub/Chart.yaml", "c/values.yaml"], &[]),
    ];
    for (files, want) in cases {
        let map: BTreeMap<String, Vec<u8>> = files.iter().map(|f| (f.to_string(), b"name: x\n".to_vec())).collect();
        assert_eq!(&chart_dirs(&map), want, "{files:?}");
    }
}

#[test]
fn the_editor_follows_the_shell_unless_the_learner_changed_the_same_file() {
    // (file as last read, the editor's text, the directory's now, the editor's text after, kept); "-" is no file.
    let cases = [
        ("a", "a", "b", "b", false),
        ("a", "x", "a", "x", false),
        ("a", "x", "b", "x", true),
        ("-", "-", "new", "new", false),
        ("a", "a", "-", "-", false),
        ("a", "x", "-", "x", true),
        ("-", "x", "y", "x", true),
    ];
    let map = |t: &str| -> BTreeMap<String, String> {
        if t == "-" {
            BTreeMap::new()
        } else {
            [("values.yaml".to_string(), t.to_string())].into()
        }
    };
    for (base, buffer, now, after, kept) in cases {
        let mut b = map(buffer);
        let got = follow_dir(&map(base), &mut b, &map(now));
        assert_eq!((b, !got.is_empty()), (map(after), kept), "{base} {buffer} {now}");
    }
}

#[test]
fn binary_and_huge_files_of_a_chart_are_not_opened_but_still_render() {
    let mut sim = Sim::new(7);
    sim.perform(&Action::Run { at: 0, line: "helm create big".into(), chart: None });
    // (file, bytes, opened in the editor)
    let huge = vec![b'#'; stsplay::session::replay::EDIT_MAX + 1];
    let cases: [(&str, Vec<u8>, bool); 3] = [
        ("big/charts/dep-1.0.0.tgz", vec![0x1f, 0x8b, 0x08, 0xff], false),
        ("big/templates/huge.yaml", huge, false),
        ("big/templates/small.yaml", b"# fits\n".to_vec(), true),
    ];
    for (path, bytes, _) in &cases {
        sim.session.write_file(path, bytes.clone());
    }
    let dir = sim.dir_chart("big").unwrap();
    let all = sim.chart_bytes("big");
    for (path, bytes, opened) in &cases {
        let rel = path.strip_prefix("big/").unwrap();
        assert_eq!(dir.texts.contains_key(rel), *opened, "{path} opened");
        assert_eq!(dir.skipped.iter().any(|s| s == rel), !opened, "{path} named as not opened");
        assert_eq!(all.get(rel), Some(bytes), "{path} is still part of the chart");
    }
    assert!(sim.dir_chart_is("big", &dir.texts));
    let mut changed = dir.texts.clone();
    changed.insert("templates/small.yaml".into(), "# edited\n".into());
    assert!(!sim.dir_chart_is("big", &changed), "a changed file is seen");
    changed.remove("templates/small.yaml");
    assert!(!sim.dir_chart_is("big", &changed), "a file the editor lacks is seen");
}

/// A format 4 session: a chart made with `helm create` and edited in the page (logged at 1.5 s), `sed -i` on the
/// shipped chart's values.yaml in the terminal (2 s), the learner's own edit of that file in the editor, which
/// followed the sed (logged at 2.5 s), `helm install` of the shipped chart (2.6 s), and an edit of mychart left
/// unlogged in the editor.
fn shared_files_session() -> Saved {
    let mut sim = Sim::new(7);
    let mut log = Vec::new();
    let mut act = |sim: &mut Sim, a: Action| {
        sim.perform(&a);
        log.push(a);
    };
    let run = |at: u64, line: &str| Action::Run { at, line: line.into(), chart: None };
    let edit = |sim: &Sim, at: u64, path: &str, from: &str, to: &str| {
        let text = String::from_utf8(sim.session.files()[path].clone()).unwrap();
        assert!(text.contains(from), "{path} holds {from:?}");
        Action::Edit { at, path: path.into(), hunks: diff::patch(&text, &text.replacen(from, to, 1)) }
    };
    act(&mut sim, run(1000, "helm create mychart"));
    let e = edit(&sim, 1500, "mychart/values.yaml", "replicaCount: 1", "replicaCount: 2");
    act(&mut sim, e);
    act(&mut sim, run(2000, &format!("sed -i 's/replicaCount: 2/replicaCount: 3/' {CHART}/values.yaml")));
    let e = edit(&sim, 2500, &format!("{CHART}/values.yaml"), "replicaCount: 3", "replicaCount: 3\n# three");
    act(&mut sim, e);
    act(&mut sim, run(2600, &format!("helm install python-stateful ./{CHART}")));
    let values = sim.dir_chart("mychart").unwrap().texts["values.yaml"].clone();
    let unlogged = diff::patch(&values, &values.replace("tag: \"\"", "tag: \"1.29\""));
    Saved {
        v: share::VERSION,
        chart: "mychart".into(),
        seed: 7,
        edits: [("mychart".to_string(), [("values.yaml".to_string(), unlogged)].into())].into(),
        log,
        now: 3000,
        lesson: None,
    }
}

/// The lines of a file that hold one of the markers the session above changes.
fn marks(sim: &Sim, path: &str) -> Vec<String> {
    let text = sim.session.files().get(path).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
    let wanted = ["replicaCount:", "# three", "tag: \"1.29\""];
    text.lines().filter(|l| wanted.iter().any(|w| l.contains(w))).map(|l| l.trim().to_string()).collect()
}

#[test]
fn the_terminal_and_the_editor_share_a_shipped_charts_files() {
    let saved = shared_files_session();
    if std::env::var_os("FREEZE_V4").is_some() {
        // How tests/share/v4-shared-files.link was made; frozen links are never rewritten afterwards.
        std::fs::write(format!("{}/v4-shared-files.link", dir()), format!("{}\n", share::to_fragment(&saved))).unwrap();
    }
    let r = replay(&share::from_fragment(&share::to_fragment(&saved)).unwrap().unwrap()).unwrap();
    let replicas = "kubectl get sts python-stateful-python-time-app -o jsonpath='{.spec.replicas}'";
    let mut sim = r.sim;
    assert_eq!(sim.session.run_line(replicas), "3", "helm installed what the sed and the editor left");
    assert_eq!(marks(&sim, &format!("{CHART}/values.yaml")), ["replicaCount: 3", "# three"]);
    assert!(r.files["mychart"]["values.yaml"].contains("tag: \"1.29\""), "the unlogged edit is in the editor");

    // Unlogged edits of a shipped chart were against its shipped text before format 4, against its files since;
    // before format 4 the files without edits were never written, so the shell's text (the sed's) is theirs.
    let values = share::shipped(CHART)["values.yaml"].clone();
    let four = diff::patch(&values, &values.replace("replicaCount: 2", "replicaCount: 4"));
    let chart_yaml = share::shipped(CHART)["Chart.yaml"].clone();
    let desc = diff::patch(&chart_yaml, &format!("{chart_yaml}# mine\n"));
    // (format, edited file, its hunks, the editor's replicaCount line)
    let cases = [
        (3, "values.yaml", &four, "replicaCount: 4"),
        (4, "values.yaml", &four, "replicaCount: 4"),
        (3, "Chart.yaml", &desc, "replicaCount: 3"),
    ];
    for (v, path, hunks, want) in cases {
        let mut s = saved.clone();
        (s.v, s.chart) = (v, CHART.into());
        s.edits = [(CHART.to_string(), [(path.to_string(), hunks.clone())].into())].into();
        s.log.retain(|a| !matches!(a, Action::Edit { path, .. } if path.starts_with(CHART)));
        let r = replay(&s).unwrap();
        let text = &r.files[CHART]["values.yaml"];
        let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("replicaCount")).collect();
        assert_eq!(lines, [want], "format {v}, {path} edited");
        assert_eq!(marks(&r.sim, &format!("{CHART}/values.yaml")), ["replicaCount: 3"], "the file is the sed's");
        assert_eq!(
            r.files[CHART][path].lines().last(),
            diff::apply(&share::shipped(CHART)[path], hunks).unwrap().lines().last()
        );
    }
}

#[test]
fn rewinding_keeps_what_the_learner_typed_in_the_editor() {
    let saved = shared_files_session();
    let now = replay(&saved).unwrap().sim;
    let (mine, shipped) = ("mychart/values.yaml", format!("{CHART}/values.yaml"));
    let aside = format!("rewound/{mine}");
    // (gone back to, files written back, files kept aside, then: mychart's values, the shipped values, aside)
    type Case<'a> = (u64, &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let cases: &[Case] = &[
        // Only the unlogged edit came after 2.8 s.
        (2800, &[mine], &[], &["replicaCount: 2", "tag: \"1.29\""], &["replicaCount: 3", "# three"], &[]),
        // The editor's change to the shipped values after 2.2 s is kept with the sed under it, which it followed.
        (2200, &[mine, &shipped], &[], &["replicaCount: 2", "tag: \"1.29\""], &["replicaCount: 3", "# three"], &[]),
        (1800, &[mine, &shipped], &[], &["replicaCount: 2", "tag: \"1.29\""], &["replicaCount: 3", "# three"], &[]),
        // Before mychart existed: its text goes aside, the shipped chart's is written back.
        (500, &[&shipped], &[&aside], &[], &["replicaCount: 3", "# three"], &["replicaCount: 2", "tag: \"1.29\""]),
    ];
    for (t, kept, set_aside, want_mine, want_shipped, want_aside) in cases {
        let rw = rewind(&now, &saved, *t).unwrap();
        assert_eq!((&rw.kept, &rw.aside), (&strings(kept), &strings(set_aside)), "at {t}");
        let sim = &rw.replayed.sim;
        let got = (marks(sim, mine), marks(sim, &shipped), marks(sim, &aside));
        assert_eq!(got, (strings(want_mine), strings(want_shipped), strings(want_aside)), "at {t}");
        assert!(rw.saved.log.iter().all(|a| a.at() <= *t) && rw.saved.now == *t, "nothing after {t} is left");
        // What the rewind wrote is logged: the session it leaves replays to the same files.
        let again = replay(&rw.saved).unwrap();
        assert_eq!(again.sim.session.files(), sim.session.files(), "at {t}");
        assert_eq!(again.files, rw.replayed.files, "at {t}");
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}
