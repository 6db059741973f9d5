//! Transcript tests for the shell: each `tests/shell/*.sh` runs against a fresh simulated cluster (seed from a
//! `# seed: N` first line, else 0) and must print exactly `tests/shell/*.out`.
//! `BLESS=1 cargo test --test shell` rewrites the `.out` files; check every changed line against the real
//! tool's format (kubectl/helm/curl) before committing it — the outputs are what the playground claims.
use std::path::Path;

fn seed_of(script: &str) -> u64 {
    script.lines().next().and_then(|l| l.strip_prefix("# seed:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

#[test]
fn transcripts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shell");
    let bless = std::env::var_os("BLESS").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut ran = 0;
    for path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "sh")) {
        let script = std::fs::read_to_string(path).unwrap();
        let got = stsplay::shell::run_script(&script, seed_of(&script));
        let out = path.with_extension("out");
        ran += 1;
        if bless {
            std::fs::write(&out, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&out).unwrap_or_default();
        if got != want {
            let line = got.lines().zip(want.lines()).position(|(a, b)| a != b).unwrap_or(0);
            failures.push(format!(
                "{}: first difference at line {}\n  got:  {:?}\n  want: {:?}",
                path.display(),
                line + 1,
                got.lines().nth(line).unwrap_or("<end>"),
                want.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(ran > 0, "no transcripts in {}", dir.display());
    assert!(failures.is_empty(), "{}\n(BLESS=1 cargo test --test shell rewrites them)", failures.join("\n"));
}

#[test]
fn same_seed_same_transcript() {
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shell/lab_report.sh")).unwrap();
    assert_eq!(stsplay::shell::run_script(&script, 7), stsplay::shell::run_script(&script, 7));
}

/// The page's terminal keeps a watch running while its clock advances in uneven frames, and Ctrl-C ends it:
/// what it printed must be what `timeout` prints for the same span of simulated time in a script.
#[test]
fn a_streamed_watch_prints_what_timeout_prints() {
    use stsplay::shell::Session;
    for (cmd, span) in [("kubectl get pods -w", 95_000u64), ("kubectl get sts -w -o wide", 40_000)] {
        let mut live = Session::new(3);
        live.run_line("helm install web ./python-time-app");
        let mut got = live.run_line(cmd);
        assert!(live.busy(), "{cmd} holds the terminal");
        let frames = [16u64, 250, 1000, 33, 5000, 7];
        let mut spent = 0;
        for f in frames.iter().cycle() {
            let step = (*f).min(span - spent);
            live.cluster_mut().advance(step);
            spent += step;
            got.push_str(&live.poll());
            if spent == span {
                break;
            }
        }
        got.push_str(&live.interrupt());
        assert!(!live.busy());
        live.cluster_mut().advance(10_000);
        assert_eq!(live.poll(), "", "an interrupted watch prints nothing more");

        let mut script = Session::new(3);
        script.run_line("helm install web ./python-time-app");
        let want = script.run_line(&format!("timeout {}s {cmd}", span / 1000));
        assert!(want.lines().count() > 3, "the watch saw changes: {want}");
        assert_eq!(got, format!("{want}^C\n"), "{cmd}");
    }
}

/// Where nobody can press Ctrl-C (a script, a pipe, a file) a watch ends at once.
#[test]
fn watches_only_keep_running_in_the_terminal() {
    use stsplay::shell::Session;
    let mut s = Session::new(1);
    for line in ["kubectl get pods -w | grep web", "kubectl get pods -w > out.txt", "echo $(kubectl get pods -w)"] {
        s.run_line(line);
        assert!(!s.busy(), "{line}");
    }
    s.run_line("kubectl get pods -w");
    assert!(s.busy());
    s.detach();
    assert!(!s.busy());
}

/// A job does the same thing at the same simulated moment whoever moves the clock: the page's uneven frames
/// (`Session::run_until`) or a script's `sleep`; its output and the cluster afterwards are the same.
#[test]
fn a_job_runs_at_its_moment_whatever_drives_the_clock() {
    use stsplay::shell::Session;
    let start = |s: &mut Session| {
        s.run_line("helm install web ./python-time-app --wait");
        s.run_line("sleep 30 && kubectl delete pod web-python-time-app-0 && sleep 0.7 && echo deleted &")
    };
    let mut script = Session::new(4);
    let started = start(&mut script);
    assert_eq!(started, "[1] 4243\n", "the prompt is back at once");
    let mut want = script.run_line("sleep 90");
    want.push_str(&script.run_line("true"));
    assert!(want.contains("pod \"web-python-time-app-0\" deleted") && want.contains("deleted\n[1]+  Done"), "{want}");

    let mut live = Session::new(4);
    start(&mut live);
    let end = live.cluster().now() + 90_000;
    let mut got = String::new();
    for f in [16u64, 250, 1000, 33, 5000, 7, 12_345].iter().cycle() {
        let at = (live.cluster().now() + f).min(end);
        got.push_str(&live.run_until(at));
        if at == end {
            break;
        }
    }
    got.push_str(&live.run_line("true"));
    assert_eq!(got, want);
    for line in ["kubectl get pods -o wide", "kubectl get events --sort-by=.metadata.creationTimestamp"] {
        assert_eq!(live.run_line(line), script.run_line(line), "{line}");
    }
}

/// A job that never ends (a watch, a port-forward) blocks neither a script's end nor its `wait` or `fg`
/// (nobody can press Ctrl-C there: they return as a watch does); `wait` lets a long sleep run out.
#[test]
fn endless_jobs_never_hang() {
    let t = stsplay::shell::run_script(
        "kubectl get pods -w &\nsleep 2d && echo later &\nwait %1\nwait\nfg %1\nsleep 1 && echo end &\n",
        1,
    );
    assert!(t.contains("$ wait\nlater\n[2]+  Done                    sleep 2d && echo later\n$ fg %1\n"), "{t}");
    assert!(t.ends_with("$ fg %1\nkubectl get pods -w\n$ sleep 1 && echo end &\n[1] 4245\n"), "{t}");
}

/// A loop nobody can stop ends: in the foreground after 1,000 rounds, in a job after 10,000 rounds that let
/// no time pass, each saying so; a job's loop that sleeps goes on with the clock.
#[test]
fn endless_loops_stop() {
    use stsplay::shell::Session;
    let mut s = Session::new(1);
    let fg = s.run_line("while true; do echo y; done");
    assert_eq!(fg.lines().filter(|l| *l == "y").count(), 1000);
    assert!(
        fg.ends_with(
            "stsplay: stopped the loop after 1000 rounds (the playground's limit per loop; bash would go on)\n"
        ),
        "{fg}"
    );
    let bg = s.run_line("until false; do true; done &");
    assert!(bg.ends_with("stsplay: stopped a loop that ran 10000 rounds without letting time pass\n"), "{bg}");
    assert!(s.run_line("true").contains("[1]+  Exit 1"));
    s.run_line("while true; do echo tick; sleep 10; done &");
    let t = s.run_until(s.cluster().now() + 3_600_000);
    assert_eq!(t.lines().count(), 360, "one tick per 10 s for an hour");
    assert!(s.run_line("jobs").contains("Running"));
}

/// The page's terminal types a compound command line by line: bash's `> ` prompt while it is open, nothing
/// runs until it closes, and Ctrl-C at `> ` abandons it (printing nothing, `$?` 130) as bash does.
#[test]
fn the_terminal_continues_an_open_command_and_ctrl_c_abandons_it() {
    use stsplay::shell::Session;
    let mut s = Session::new(1);
    let mut typed = Vec::new();
    for line in ["for i in 1 2; do", "  echo \"round $i\"", "done"] {
        typed.push((s.prompt(), s.run_line(line)));
    }
    assert_eq!(
        typed,
        [("$ ".into(), String::new()), ("> ".into(), String::new()), ("> ".into(), "round 1\nround 2\n".into())]
    );
    assert_eq!(s.prompt(), "$ ");
    assert_eq!(s.run_line("if true; then"), "");
    assert_eq!(s.prompt(), "> ");
    assert_eq!(s.interrupt(), "", "no watch to stop: only the open command goes");
    assert_eq!((s.prompt(), s.run_line("echo $?")), ("$ ".to_string(), "130\n".to_string()));
    assert_eq!(s.run_line("fi"), "bash: syntax error near unexpected token `fi'\n");
    // a heredoc's blank line is part of its body
    for line in ["cat <<EOF", "a", "", "b"] {
        assert_eq!(s.run_line(line), "");
    }
    assert_eq!(s.run_line("EOF"), "a\n\nb\n");
    // bash keeps a here-document's lines with their newline, the delimiter's too
    assert_eq!(s.history().last().map(String::as_str), Some("cat <<EOF\na\n\nb\nEOF\n"));
    // a compound command typed over lines is one entry, as bash's cmdhist joins it
    for line in ["for i in 1 2; do", "  echo \"round $i\"", "done"] {
        s.run_line(line);
    }
    assert_eq!(s.history().last().map(String::as_str), Some("for i in 1 2; do   echo \"round $i\"; done"));
}
