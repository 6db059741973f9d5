//! The helm commands that work on the learner's machine rather than on releases: `helm create` (writes Helm's
//! scaffold chart into the session's files), `helm version`, and the repository commands `helm repo` and
//! `helm search`, which need the internet the page does not have, so they fail as Helm fails on a machine
//! without a network. Each message was taken from Helm v4.3.1 run that way.

use super::kubectl::flags;
use super::{Io, Session};

/// Helm's `chartName` rule (pkg/chart/v2/util/create.go) and its length limit.
fn validate_chart_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > 250 {
        return Err("chart name must be between 1 and 250 characters".into());
    }
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
        return Err("chart name must match the regular expression \"^[a-zA-Z0-9._-]+$\"".into());
    }
    Ok(())
}

/// A session path as Go's `filepath.Abs` shows it (messages name absolute paths).
pub(super) fn absolute(s: &Session, path: &str) -> String {
    let joined =
        if path.starts_with('/') { path.to_string() } else { format!("{}/{path}", s.env("PWD").unwrap_or("")) };
    format!("/{}", super::normalize(&joined))
}

/// `filepath.Base` and `filepath.Dir` of the argument: the chart's name and the directory it goes in.
fn split_path(arg: &str) -> (String, String) {
    let trimmed = arg.trim_end_matches('/');
    if trimmed.is_empty() {
        return (if arg.is_empty() { "." } else { "/" }.to_string(), arg.to_string());
    }
    match trimmed.rsplit_once('/') {
        Some((dir, base)) => (base.to_string(), if dir.is_empty() { "/".to_string() } else { dir.to_string() }),
        None => (trimmed.to_string(), ".".to_string()),
    }
}

/// `helm create NAME`: cmd/helm/create.go prints `Creating NAME` first, then `chartutil.Create(base, dir)` checks
/// the name and the place and writes the scaffold, warning (on standard output in Helm 4) before overwriting.
pub fn create(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let [arg] = p.args.as_slice() else {
        return Err("Error: \"helm create\" requires 1 argument\n\nUsage:  helm create NAME [flags]\n".into());
    };
    let mut io = Io::ok(format!("Creating {arg}\n"));
    let fail = |mut io: Io, e: String| {
        io.err(format!("Error: {e}\n"));
        io.code = 1;
        Ok(io)
    };
    if let Some(starter) = p.get("starter") {
        // Starters live in Helm's data directory, which the playground's machine does not have.
        let path = if starter.starts_with('/') {
            starter.to_string()
        } else {
            format!("{}/.local/share/helm/starters/{starter}", s.env("HOME").unwrap_or(""))
        };
        return fail(io, format!("could not load {path}: stat {path}: no such file or directory"));
    }
    let (name, dir) = split_path(arg);
    if let Err(e) = validate_chart_name(&name) {
        return fail(io, e);
    }
    // Helm also requires the parent directory to exist (`stat DIR: no such file or directory`); here a missing
    // one is made, as saved sessions from before directories were kept did, which must replay the same.
    if s.read_file(&dir).is_ok() {
        return fail(io, format!("no such directory {}", absolute(s, &dir)));
    }
    let cdir = if dir == "." { name.clone() } else { format!("{dir}/{name}") };
    let cdir_abs = absolute(s, &cdir);
    if s.read_file(&cdir).is_ok() {
        return fail(io, format!("file {cdir_abs} already exists and is not a directory"));
    }
    for (rel, text) in crate::helm::starter::files(&name) {
        let path = format!("{cdir}/{rel}");
        if s.read_file(&path).is_ok() {
            io.out(format!("WARNING: File \"{cdir_abs}/{rel}\" already exists. Overwriting.\n"));
        }
        s.write_file(&path, text.into_bytes());
    }
    s.dirs.insert(s.resolve(&format!("{cdir}/charts")));
    Ok(io)
}

/// `helm version`, `--short`, `--template`.
pub fn version(p: &flags::Parsed) -> Result<Io, String> {
    if let Some(t) = p.get("template") {
        let mut engine = crate::helm::template::Engine::new();
        let out = engine
            .add("version", t)
            .and_then(|()| engine.render("version", &crate::helm::objects::helm_version()))
            .map_err(|e| format!("Error: {e}\n"))?;
        return Ok(Io::ok(out));
    }
    if p.has("short") {
        return Ok(Io::ok(format!("{}\n", crate::helm::objects::helm_version_short())));
    }
    Ok(Io::ok(format!("{}\n", crate::helm::objects::helm_version_text())))
}

const REPO_HELP: &str = "
This command consists of multiple subcommands to interact with chart repositories.

It can be used to add, remove, list, and index chart repositories.

Usage:
  helm repo [command]

Available Commands:
  add         add a chart repository
  index       generate an index file given a directory containing packaged charts
  list        list chart repositories
  remove      remove one or more chart repositories
  update      update information of available charts locally from chart repositories

Flags:
  -h, --help   help for repo

Use \"helm repo [command] --help\" for more information about a command.
";

const SEARCH_HELP: &str = "
Search provides the ability to search for Helm charts in the various places
they can be stored including the Artifact Hub and repositories you have added.
Use search subcommands to search different locations for charts.

Usage:
  helm search [command]

Available Commands:
  hub         search for charts in the Artifact Hub or your own hub instance
  repo        search repositories for a keyword in charts

Flags:
  -h, --help   help for search

Use \"helm search [command] --help\" for more information about a command.
";

/// `helm repo ...`: no repository can be added (its index cannot be fetched), so there never is one.
pub fn repo(p: &flags::Parsed) -> Result<Io, String> {
    let args = &p.args;
    match args.first().map(String::as_str) {
        Some("add") => {
            let [_, _name, url] = args.as_slice() else {
                return Err(
                    "Error: \"helm repo add\" requires 2 arguments\n\nUsage:  helm repo add [NAME] [URL] [flags]\n"
                        .into(),
                );
            };
            let scheme = url.split_once("://").map_or("", |(s, _)| s);
            Err(match scheme {
                "http" | "https" => format!("Error: {}\n", crate::helm::repo_unreachable(url)),
                "oci" => format!(
                    "Error: looks like \"{url}\" is not a valid chart repository or cannot be reached: failed to \
                     perform \"FetchReference\" on source: invalid reference\n"
                ),
                other => format!("Error: could not find protocol handler for: {other}\n"),
            })
        }
        // Helm 4 says so on standard error and succeeds.
        Some("list" | "ls") => Ok(Io::fail(0, "no repositories to show\n")),
        Some("update" | "up") => Err("Error: no repositories found. You must add one before updating\n".into()),
        Some("remove" | "rm") => Err("Error: no repositories configured\n".into()),
        _ => Ok(Io::ok(REPO_HELP)),
    }
}

/// `helm search repo|hub`: no repositories, and no way to reach Artifact Hub.
pub fn search(p: &flags::Parsed) -> Result<Io, String> {
    match p.args.first().map(String::as_str) {
        Some("repo") => Err("Error: no repositories configured\n".into()),
        Some("hub") => Err("Error: unable to perform search against \"https://hub.helm.sh\"\n".into()),
        _ => Ok(Io::ok(SEARCH_HELP)),
    }
}
