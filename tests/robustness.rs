//! Short mutation-fuzzing runs of every robustness entry point (src/robustness.rs), seeded from real inputs:
//! the shipped charts, the lessons' commands and manifests. The long runs are cargo-fuzz's (`./x fuzz`);
//! these catch regressions on every `cargo test`. A panic fails the test and prints the input that caused it.
//! `STSPLAY_FUZZ_ITERS` raises the number of mutations per seed (default 40).

use stsplay::robustness as r;

mod rng;
use rng::Rng;

fn pick(rng: &mut Rng, n: usize) -> usize {
    rng.below(n as u64) as usize
}

/// Tokens that matter to the grammars under test; inserting them reaches deeper than random bytes.
const DICT: &[&str] = &[
    "{{",
    "}}",
    "{{-",
    "-}}",
    "|",
    "$",
    "$x :=",
    ".Values",
    "(",
    ")",
    "\"",
    "'",
    "`",
    "\\",
    "\n",
    ":",
    "- ",
    "---\n",
    "&a",
    "*a",
    "!!str",
    "[",
    "]",
    "{",
    "}",
    ",",
    "=",
    "a.b=c",
    "null",
    "1e309",
    "-1",
    "99999999999999999999",
    "include",
    "tpl",
    "range",
    "end",
    "else",
    "define",
    "printf \"%d\"",
    "toYaml",
    "nindent",
    "kubectl",
    "helm",
    "--set",
    "-o",
    "jsonpath={",
    "$(",
    "<<EOF",
    "&&",
    ";",
    "sleep 1h",
    "timeout",
    "\u{0}",
    "é",
    "\t",
];

fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + pick(rng, 4) {
        let n = chars.len();
        match pick(rng, 6) {
            0 if n > 0 => {
                let a = pick(rng, n);
                let b = (a + 1 + pick(rng, 16)).min(n);
                chars.drain(a..b);
            }
            1 if n > 0 => {
                let a = pick(rng, n);
                let b = (a + 1 + pick(rng, 32)).min(n);
                let copy: Vec<char> = chars[a..b].to_vec();
                let at = pick(rng, n + 1);
                chars.splice(at..at, copy);
            }
            2 | 3 => {
                let at = pick(rng, n + 1);
                chars.splice(at..at, DICT[pick(rng, DICT.len())].chars());
            }
            4 if n > 0 => {
                let at = pick(rng, n);
                chars[at] = (b' ' + pick(rng, 95) as u8) as char;
            }
            _ => chars.truncate(pick(rng, n + 1)),
        }
    }
    chars.into_iter().collect()
}

fn iters() -> usize {
    std::env::var("STSPLAY_FUZZ_ITERS").ok().and_then(|v| v.parse().ok()).unwrap_or(40)
}

fn run(name: &str, seeds: &[String], f: impl Fn(&str)) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ name.len() as u64);
    for seed in seeds {
        f(seed);
        for _ in 0..iters() {
            let input = mutate(&mut rng, seed);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&input)));
            if result.is_err() {
                panic!("{name} panicked on input:\n{input:?}");
            }
        }
    }
}

fn chart_text(path: &str) -> String {
    let files = stsplay::charts::files("python-time-app").expect("shipped chart");
    String::from_utf8_lossy(files.get(path).map(Vec::as_slice).unwrap_or_default()).into_owned()
}

fn chart_templates() -> Vec<String> {
    let files = stsplay::charts::files("python-time-app").expect("shipped chart");
    files
        .iter()
        .filter(|(k, _)| k.starts_with("templates/"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .collect()
}

fn lesson_commands() -> Vec<String> {
    let lessons = stsplay::lessons::all().expect("lessons load");
    let mut cmds: Vec<String> = lessons.iter().flat_map(|l| l.steps.iter().flat_map(|s| s.run.clone())).collect();
    cmds.dedup();
    // A few lines at a time: later commands see the state earlier ones made.
    cmds.chunks(4).map(|c| c.join("\n")).collect()
}

#[test]
fn values_and_set_never_panic() {
    let values = chart_text("values.yaml");
    let seeds = vec![
        format!("{values}\0replicaCount=3\ns:image.tag=1.0"),
        "a: {b: [1, 2, {c: d}]}\0a.b[0]=x\na.b[5].c=y\na={1,2}".to_string(),
        "x: &a [1]\ny: *a\nz: yes\n\0name=null\nk\\.dotted=v".to_string(),
    ];
    run("values_and_set", &seeds, |s| {
        let (v, sets) = s.split_once('\0').unwrap_or((s, ""));
        r::render_values(v, sets)
    });
}

/// The schema seeds are the fuzz target's (fuzz/corpus/values_schema/seed-*): a draft-07 schema (the drafts
/// whose `format` Helm asserts) per group of formats with a value for each, then after a NUL the values file.
#[test]
fn values_schema_never_panics() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/values_schema");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .expect("schema seeds")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("seed-"))
        .map(|e| std::fs::read_to_string(e.path()).expect("seed is text"))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 5, "the schema seeds are in {dir}");
    run("values_schema", &seeds, |s| {
        let (schema, values) = s.split_once('\0').unwrap_or((s, ""));
        r::render_schema(schema, values)
    });
}

#[test]
fn templates_never_panic() {
    run("template", &chart_templates(), r::render_template);
}

#[test]
fn shell_lines_never_panic() {
    let mut seeds = lesson_commands();
    // compound commands, open and closed across lines, and bad syntax: the parser's bounds and errors
    for script in [
        "compound.sh",
        "conditionals.sh",
        "syntax_errors.sh",
        "awk.sh",
        "sed.sh",
        "printf.sh",
        "textutil.sh",
        "coreutils.sh",
        "grep_gnu.sh",
        "globbing.sh",
        "fileutils.sh",
        "scripts.sh",
        "eval_source.sh",
        "watch.sh",
        "helm_package.sh",
        "jq.sh",
    ] {
        let text = std::fs::read_to_string(format!("{}/tests/shell/{script}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        seeds.extend(lines.chunks(12).take(2).map(|c| c.join("\n")));
    }
    run("shell_line", &seeds, r::shell_lines);
}

#[test]
fn manifest_apply_never_panics() {
    let lessons = stsplay::lessons::all().expect("lessons load");
    let seeds: Vec<String> =
        lessons.iter().flat_map(|l| l.steps.iter().flat_map(|s| s.files.values().cloned())).collect();
    assert!(!seeds.is_empty(), "the lessons ship manifests to seed from");
    run("manifest_apply", &seeds, r::apply_manifest);
}

#[test]
fn share_links_never_panic() {
    use stsplay::session::share;
    let chart = "python-time-app";
    let mut files = share::shipped(chart);
    if let Some(v) = files.get_mut("values.yaml") {
        *v = v.replace("replicaCount: ", "replicaCount: 4\n# was ");
    }
    let saved = share::Saved {
        v: share::VERSION,
        chart: chart.into(),
        seed: 7,
        edits: [(chart.to_string(), share::edits_of(chart, &files))].into_iter().collect(),
        log: Vec::new(),
        now: 12_000,
        lesson: Some(stsplay::lessons::Progress {
            lesson: "lab".into(),
            step: 4,
            memory: [("v0".to_string(), serde_json::json!(17))].into(),
        }),
    };
    let link = share::to_fragment(&saved);
    // The link round-trips, and its JSON body mutated as text and re-encoded reaches the decoder's depths.
    assert!(matches!(share::from_fragment(&link), Ok(Some(_))), "a fresh link decodes: {link}");
    let json = share::to_json(&saved);
    let mutated_bodies: Vec<String> = {
        let mut rng = 0x1234_5678u64;
        (0..iters())
            .map(|_| {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let cut = (rng as usize) % json.len().max(1);
                let mut j = json.clone();
                j.insert_str(cut, DICT[(rng >> 20) as usize % DICT.len()]);
                format!("s={}.{}", share::VERSION, share::base64url_encode(j.as_bytes()))
            })
            .collect()
    };
    let mut seeds = vec![link, "s=".into(), "lesson=lab&s=1.".into(), "s=999.AAAA".into()];
    seeds.extend(mutated_bodies);
    run("share_link", &seeds, r::decode_share_link);
}
