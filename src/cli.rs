//! The `stsplay` command line: argument parsing, help texts and exit codes, as pure functions of
//! (argv, a file reader) so they are tested natively. Exit codes: 0 ok, 1 the command failed, 2 usage error.

use std::collections::BTreeMap;

/// What a CLI invocation produced. The binary prints `stdout`/`stderr` and exits with `code`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Outcome {
    fn ok(stdout: String) -> Self {
        Outcome { stdout, stderr: String::new(), code: 0 }
    }
    fn fail(code: i32, stderr: String) -> Self {
        Outcome { stdout: String::new(), stderr, code }
    }
}

/// Access to the outside world the CLI needs, so tests can give it a fake one.
pub trait Host {
    /// A file's bytes (`-` is standard input).
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
    /// Every file under a directory, relative path → bytes; `Err` if it is not a directory.
    fn read_dir_tree(&self, path: &str) -> Result<BTreeMap<String, Vec<u8>>, String>;
    /// The path made absolute as Go's `filepath.Abs` does (Helm prints chart paths that way in errors).
    fn abs(&self, path: &str) -> String {
        path.to_string()
    }
}

pub const USAGE: &str =
    "StatefulSet Playground: Kubernetes StatefulSets with real Helm rendering and a simulated cluster.

Usage:
  stsplay template [NAME] CHART [flags]   render a chart as `helm template` does
  stsplay run FILE [--seed N]             run a shell script against a fresh simulated cluster (FILE may be -)
  stsplay serve [--addr 127.0.0.1:6443] [--seed N] [--speed X] [--kubeconfig FILE] [--sim-dates] [-v]
                                          serve the simulated cluster as a Kubernetes API for real kubectl/helm
  stsplay --version                       print the version and the tool versions it imitates
  stsplay --help                          print this help

Template flags:
  -f, --values FILE        values file (repeatable; later files win)
      --set K=V            set values on the command line (repeatable; Helm's strvals syntax)
      --set-string K=V     like --set, but every value is a string
      --set-json K=JSON    set JSON values (or merge a whole JSON object: --set-json '{\"k\": 1}')
      --set-file K=PATH    set a value to the contents of a file
      --set-literal K=V    set one literal string (everything after the first = is the value)
  -n, --namespace NS       release namespace (default \"default\")
  -s, --show-only PATH     only show manifests rendered from the given template (repeatable)

Examples:
  stsplay template python-stateful charts/python-time-app
  stsplay template python-stateful charts/python-time-app --set replicaCount=3 -f my-values.yaml
  stsplay run tests/scenarios/lab-report.sh --seed 7
";

/// Parsed `stsplay template` arguments, in Helm's terms.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TemplateArgs {
    pub release: String,
    pub chart: String,
    pub values_files: Vec<String>,
    /// `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal` in command-line order.
    pub sets: Vec<(crate::helm::values::SetKind, String)>,
    pub namespace: String,
    pub show_only: Vec<String>,
}

/// Parsed `stsplay run` arguments.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RunArgs {
    pub file: String,
    pub seed: u64,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Template(TemplateArgs),
    Run(RunArgs),
}

fn usage_error(msg: &str) -> String {
    format!("Error: {msg}\nRun 'stsplay --help' for usage.\n")
}

/// Takes the value of a flag given as `--flag=v`, `--flag v` or `-f v`.
fn flag_value(arg: &str, names: &[&str], rest: &mut std::slice::Iter<'_, String>) -> Option<Result<String, String>> {
    for n in names {
        if arg == *n {
            return Some(rest.next().cloned().ok_or_else(|| format!("flag needs an argument: {n}")));
        }
        if let Some(v) = arg.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
            return Some(Ok(v.to_string()));
        }
    }
    None
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some((sub, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    match sub.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "-V" | "--version" | "version" => Ok(Command::Version),
        "template" => parse_template(rest).map(Command::Template),
        "run" => parse_run(rest).map(Command::Run),
        other => Err(format!("unknown command \"{other}\" for \"stsplay\"")),
    }
}

fn parse_template(args: &[String]) -> Result<TemplateArgs, String> {
    let mut t = TemplateArgs { namespace: "default".into(), ..Default::default() };
    let mut positional = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = flag_value(a, &["-f", "--values"], &mut it) {
            t.values_files.push(v?);
        } else if let Some((kind, v)) =
            crate::helm::values::SetKind::ALL.iter().find_map(|k| flag_value(a, &[k.flag()], &mut it).map(|v| (*k, v)))
        {
            t.sets.push((kind, v?));
        } else if let Some(v) = flag_value(a, &["-n", "--namespace"], &mut it) {
            t.namespace = v?;
        } else if let Some(v) = flag_value(a, &["-s", "--show-only"], &mut it) {
            t.show_only.push(v?);
        } else if a.starts_with('-') && a.len() > 1 {
            // cobra's wording, as helm prints it
            return Err(if a.starts_with("--") {
                format!("unknown flag: {}", a.split('=').next().unwrap_or(a))
            } else {
                format!("unknown shorthand flag: '{}' in {a}", &a[1..2])
            });
        } else {
            positional.push(a.clone());
        }
    }
    match positional.len() {
        1 => {
            // helm generates a name when none is given; we use Helm's documented placeholder.
            t.release = "release-name".into();
            t.chart = positional.remove(0);
        }
        2 => {
            t.chart = positional.remove(1);
            t.release = positional.remove(0);
        }
        0 => return Err("\"stsplay template\" requires at least 1 argument (the chart)".into()),
        n => return Err(format!("\"stsplay template\" accepts at most 2 arguments, received {n}")),
    }
    Ok(t)
}

fn parse_run(args: &[String]) -> Result<RunArgs, String> {
    let mut r = RunArgs::default();
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = flag_value(a, &["--seed"], &mut it) {
            let v = v?;
            r.seed = v.parse().map_err(|_| format!("invalid argument \"{v}\" for \"--seed\" flag: not a number"))?;
        } else if a.starts_with('-') && a != "-" {
            return Err(format!("unknown flag: {}", a.split('=').next().unwrap_or(a)));
        } else if file.replace(a.clone()).is_some() {
            return Err("\"stsplay run\" accepts 1 argument (the script)".into());
        }
    }
    r.file = file.ok_or("\"stsplay run\" requires 1 argument (the script, or - for standard input)")?;
    Ok(r)
}

/// Runs one invocation against `host`. Never panics on bad input.
pub fn main_with(args: &[String], host: &dyn Host) -> Outcome {
    let cmd = match parse(args) {
        Ok(c) => c,
        Err(e) => return Outcome::fail(2, usage_error(&e)),
    };
    match cmd {
        Command::Help => Outcome::ok(USAGE.to_string()),
        Command::Version => Outcome::ok(format!(
            "stsplay {} (imitates helm {} and kubectl {})\n",
            env!("CARGO_PKG_VERSION"),
            crate::HELM_VERSION,
            crate::KUBECTL_VERSION
        )),
        Command::Template(t) => crate::helm::template_command(&t, host),
        Command::Run(r) => {
            let script = match host.read(&r.file) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => return Outcome::fail(1, format!("stsplay: {e}\n")),
            };
            let transcript = crate::shell::run_script(&script, r.seed);
            Outcome::ok(transcript)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoFiles;
    impl Host for NoFiles {
        fn read(&self, path: &str) -> Result<Vec<u8>, String> {
            Err(format!("open {path}: no such file or directory"))
        }
        fn read_dir_tree(&self, path: &str) -> Result<BTreeMap<String, Vec<u8>>, String> {
            Err(format!("path \"{path}\" not found"))
        }
    }

    fn run(args: &[&str]) -> Outcome {
        let v: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        main_with(&v, &NoFiles)
    }

    #[test]
    fn help_and_version_exit_zero() {
        assert_eq!(run(&[]).code, 0);
        assert!(run(&["--help"]).stdout.contains("stsplay template"));
        let v = run(&["--version"]);
        assert_eq!(v.code, 0);
        assert!(v.stdout.contains("helm v4.3.1"), "{}", v.stdout);
    }

    #[test]
    fn usage_errors_exit_two() {
        let o = run(&["frobnicate"]);
        assert_eq!(o.code, 2);
        assert_eq!(
            o.stderr,
            "Error: unknown command \"frobnicate\" for \"stsplay\"\nRun 'stsplay --help' for usage.\n"
        );
        assert_eq!(run(&["template"]).code, 2);
        assert_eq!(run(&["template", "a", "b", "c"]).code, 2);
        assert!(run(&["template", "x", "--bogus"]).stderr.contains("unknown flag: --bogus"));
        assert!(run(&["template", "x", "-q"]).stderr.contains("unknown shorthand flag: 'q' in -q"));
        assert!(run(&["template", "x", "--set"]).stderr.contains("flag needs an argument: --set"));
        assert_eq!(run(&["run"]).code, 2);
        assert!(run(&["run", "s.sh", "--seed", "x"]).stderr.contains("invalid argument \"x\""));
    }

    #[test]
    fn template_flags_in_helm_terms() {
        let args: Vec<String> = [
            "template",
            "rel",
            "./c",
            "-f",
            "a.yaml",
            "--values=b.yaml",
            "--set",
            "x=1",
            "--set-string=y=2",
            "--set-json",
            "j=[1]",
            "--set-file=f=p.txt",
            "--set-literal",
            "l=a,b",
            "-n",
            "ns",
            "-s",
            "templates/s.yaml",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let Command::Template(t) = parse(&args).unwrap() else { panic!() };
        assert_eq!(t.release, "rel");
        assert_eq!(t.chart, "./c");
        assert_eq!(t.values_files, ["a.yaml", "b.yaml"]);
        use crate::helm::values::SetKind;
        let sets: Vec<(SetKind, &str)> = t.sets.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            sets,
            [
                (SetKind::Set, "x=1"),
                (SetKind::String, "y=2"),
                (SetKind::Json, "j=[1]"),
                (SetKind::File, "f=p.txt"),
                (SetKind::Literal, "l=a,b")
            ]
        );
        assert_eq!(t.namespace, "ns");
        assert_eq!(t.show_only, ["templates/s.yaml"]);
        let Command::Template(t) = parse(&["template".into(), "./c".into()]).unwrap() else { panic!() };
        assert_eq!((t.release.as_str(), t.chart.as_str()), ("release-name", "./c"));
    }

    #[test]
    fn run_missing_file_fails_with_one() {
        let o = run(&["run", "nope.sh"]);
        assert_eq!(o.code, 1);
        assert!(o.stderr.contains("nope.sh"));
    }
}
