//! `stsplay template` against real `helm template` (v4.3.1): every case of tests/golden/cases.txt is run
//! through the CLI as a user runs it, and its exit code, standard output and standard error must equal what
//! real Helm printed (tests/golden/out/NAME.golden, written by scripts/golden.py), byte for byte.
//! Cases listed in tests/golden/known_failures.txt may fail; the list may only shrink: a listed case that
//! passes fails the test until it is removed from the list.

use std::collections::BTreeMap;
use stsplay::cli::{main_with, Host};

struct Fs;

fn repo_root() -> String {
    std::env::current_dir().expect("cwd").to_string_lossy().into_owned()
}

impl Host for Fs {
    fn abs(&self, path: &str) -> String {
        format!("{}/{}", repo_root(), path.trim_start_matches("./"))
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(path).map_err(|_| format!("open {path}: no such file or directory"))
    }
    fn read_dir_tree(&self, path: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
        fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut BTreeMap<String, Vec<u8>>) {
            let Ok(rd) = std::fs::read_dir(dir) else { return };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(root, &p, out);
                } else if let Ok(b) = std::fs::read(&p) {
                    let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                    out.insert(rel, b);
                }
            }
        }
        let root = std::path::Path::new(path);
        if !root.is_dir() {
            return Err(format!("path \"{path}\" not found"));
        }
        let mut out = BTreeMap::new();
        walk(root, root, &mut out);
        Ok(out)
    }
}

/// POSIX-shell-like splitting for cases.txt (quotes and backslashes), as scripts/golden.py's shlex does.
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                have = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                have = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => cur.push(chars.next().unwrap_or('\\')),
                        d => cur.push(d),
                    }
                }
            }
            '\\' => {
                have = true;
                if let Some(d) = chars.next() {
                    cur.push(d);
                }
            }
            c if c.is_whitespace() => {
                if have {
                    args.push(std::mem::take(&mut cur));
                    have = false;
                }
            }
            c => {
                have = true;
                cur.push(c);
            }
        }
    }
    if have {
        args.push(cur);
    }
    args
}

struct Golden {
    code: i32,
    stdout: String,
    stderr: String,
}

fn read_golden(path: &str) -> Golden {
    let b = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e} (run scripts/golden.py)"));
    let text = String::from_utf8(b).expect("utf-8 golden");
    let (code, rest) = text.split_once('\n').expect("exit line");
    let code = code.strip_prefix("exit ").and_then(|c| c.parse().ok()).expect("exit N");
    let section = |rest: &str, name: &str| -> (String, usize) {
        let (head, body) = rest.split_once('\n').expect("section header");
        let n: usize = head
            .strip_prefix(&format!("--- {name} "))
            .and_then(|h| h.strip_suffix(" bytes"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{path}: bad header {head:?}"));
        (body[..n].to_string(), rest.len() - body.len() + n + 1)
    };
    let (stdout, used) = section(rest, "stdout");
    let (stderr, _) = section(&rest[used..], "stderr");
    let root = repo_root();
    Golden { code, stdout: stdout.replace("{ROOT}", &root), stderr: stderr.replace("{ROOT}", &root) }
}

/// The first document (`---` section) that differs, for a readable failure.
fn first_difference(want: &str, got: &str) -> String {
    let w: Vec<&str> = want.split("\n---\n").collect();
    let g: Vec<&str> = got.split("\n---\n").collect();
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied().unwrap_or("<missing>"), g.get(i).copied().unwrap_or("<missing>"));
        if a != b {
            let line =
                a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(a.lines().count().min(b.lines().count()));
            return format!(
                "document {} differs at its line {}:\n  helm:    {:?}\n  stsplay: {:?}",
                i + 1,
                line + 1,
                a.lines().nth(line).unwrap_or("<end>"),
                b.lines().nth(line).unwrap_or("<end>")
            );
        }
    }
    "documents equal, separators differ".into()
}

#[test]
fn template_equals_real_helm() {
    let cases = std::fs::read_to_string("tests/golden/cases.txt").expect("cases.txt");
    let known: Vec<String> = std::fs::read_to_string("tests/golden/known_failures.txt")
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    let (mut passed, mut failed) = (0, 0);
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for line in cases.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let mut args = split_args(line);
        let name = args.remove(0);
        let want = read_golden(&format!("tests/golden/out/{name}.golden"));
        let mut argv = vec!["template".to_string()];
        argv.extend(args);
        let got = main_with(&argv, &Fs);
        let mut problems = Vec::new();
        if got.code != want.code {
            problems.push(format!("exit {} (helm {})", got.code, want.code));
        }
        if got.stdout != want.stdout {
            problems.push(format!("stdout: {}", first_difference(&want.stdout, &got.stdout)));
        }
        if got.stderr != want.stderr {
            problems.push(format!("stderr:\n  helm:    {:?}\n  stsplay: {:?}", want.stderr, got.stderr));
        }
        let is_known = known.contains(&name);
        if problems.is_empty() {
            passed += 1;
            if is_known {
                fixed.push(name);
            }
        } else {
            failed += 1;
            if !is_known {
                unexpected.push(format!("{name}: {}", problems.join("\n")));
            }
        }
    }
    println!("golden: {passed} passed, {failed} failed");
    if !known.is_empty() {
        println!("known failures ({}): {}", known.len(), known.join(" "));
    }
    assert!(fixed.is_empty(), "these now pass; remove them from tests/golden/known_failures.txt: {fixed:?}");
    assert!(unexpected.is_empty(), "{} case(s) differ from real helm:\n{}", unexpected.len(), unexpected.join("\n\n"));
}
