//! The `stsplay` binary as a user runs it: exit codes and where output goes.
use std::process::Command;

fn stsplay(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stsplay")).args(args).output().expect("run stsplay")
}

#[test]
fn help_version_and_usage_errors() {
    let o = stsplay(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("StatefulSet Playground"));

    let o = stsplay(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("stsplay "));

    let o = stsplay(&["nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown command \"nope\""));
}

#[test]
fn run_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_stsplay"))
        .args(["run", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"# a comment\n\nfrobnicate --now\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("$ frobnicate --now\n"), "{out}");
    assert!(!out.contains("a comment"));
}
