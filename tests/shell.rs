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
