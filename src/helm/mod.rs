//! Helm: the Go template language, Sprig/Helm functions, Helm's value model and chart rendering.
//! Mirrors helm/helm `pkg/engine` and `pkg/chart`; real Helm is the oracle (tests/golden).
//!
//! Sub-modules and who depends on whom (no cycles):
//! - `value`: Go-typed dynamic values.
//! - `gofmt`: Go's `fmt` verbs over `Value` (`%v %s %d %q %05.2f`, `%!d(float64=80)`).
//! - `funcs`: Sprig's and Helm's pure functions (everything that needs no template engine).
//! - `template`: Go `text/template` (lex, parse, exec) plus the engine-bound functions
//!   (`include`, `tpl`, `template`, `required`, `fail`, and Go's builtins).
//! - rendering (`render`, `template_command`): values, --set, chart loading, `helm template` output.

pub mod archive;
pub mod chart;
pub mod deps;
pub mod funcs;
pub mod gofmt;
mod memo;
pub mod objects;
pub mod render;
pub mod schema;
mod schema_format;
pub mod starter;
pub mod strvals;
pub mod template;
pub mod value;
pub mod values;

use crate::charts::ChartFiles;
use crate::cli::{Host, Outcome, TemplateArgs};

/// The release a chart is rendered for (`.Release`).
#[derive(Clone, Debug)]
pub struct Release {
    pub name: String,
    pub namespace: String,
    pub revision: u32,
    /// `.Release.IsUpgrade` (and `IsInstall` is its negation).
    pub is_upgrade: bool,
}

/// One rendering of a chart, as `helm install`/`upgrade`/`template` do it.
#[derive(Clone, Debug)]
pub struct RenderRequest<'a> {
    pub chart: &'a ChartFiles,
    /// Contents of `-f` values files, in order (later wins).
    pub values_files: Vec<String>,
    /// `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal` arguments, in command-line order
    /// (Helm applies them kind by kind, see [`values::SetKind`]).
    pub sets: Vec<(values::SetKind, String)>,
    pub release: Release,
}

/// A rendered manifest: `source` is what Helm prints after `# Source: ` (`python-time-app/templates/service.yaml`).
#[derive(Clone, Debug, PartialEq)]
pub struct Manifest {
    pub source: String,
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct Rendered {
    /// Non-hook manifests in Helm's install order (what `helm template` prints).
    pub manifests: Vec<Manifest>,
    /// Hook manifests (`helm.sh/hook` annotated), printed by `helm template` after the others.
    pub hooks: Vec<Manifest>,
    /// Rendered `templates/NOTES.txt`, if the chart has one.
    pub notes: Option<String>,
    /// Log lines Helm writes to standard error while rendering (`level=INFO msg="warning: ..."`).
    pub warnings: Vec<String>,
}

/// Forgets the parsed templates, values files and manifest heads kept between renders (see `memo`), so the
/// next render does all its work: for measuring a first render.
pub fn clear_caches() {
    memo::clear_all();
}

/// Renders a chart; the error is Helm's text (`Error: ...`) without a trailing newline. Values files are
/// named `values-1.yaml`, ... in errors; use [`render_named`] to give their real names. `--set-file`
/// paths cannot be read; use [`render_with`] to read them.
pub fn render(req: &RenderRequest) -> Result<Rendered, String> {
    let names: Vec<String> = (1..=req.values_files.len()).map(|i| format!("values-{i}.yaml")).collect();
    render_with(req, &names, &values::no_files)
}

/// [`render`] with the names the values files were given (`-f my-values.yaml`), for Helm's error texts.
pub fn render_named(req: &RenderRequest, names: &[String]) -> Result<Rendered, String> {
    render_with(req, names, &values::no_files)
}

/// [`render_named`] where `read` gives a `--set-file` path's contents (or Go's error text for it).
pub fn render_with(
    req: &RenderRequest,
    names: &[String],
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Rendered, String> {
    let files: Vec<(String, String)> = req
        .values_files
        .iter()
        .enumerate()
        .map(|(i, t)| (names.get(i).cloned().unwrap_or_else(|| format!("values-{}.yaml", i + 1)), t.clone()))
        .collect();
    let user = values::user_values_with(&files, &req.sets, read).map_err(|e| format!("Error: {e}"))?;
    let chart = chart::load(req.chart).map_err(|e| format!("Error: {e}"))?;
    render::render_chart(&chart, user, &req.release).map_err(|e| {
        let s = e.stderr();
        s.strip_suffix('\n').unwrap_or(&s).to_string()
    })
}

/// Why Helm cannot use a chart reference that is neither a directory nor a file here, in the order of Helm's
/// `LocateChart` (pkg/action/install.go) and the downloader's `ResolveChartVersion`: an OCI reference or a URL is
/// fetched, a path that starts with `.` or `/` is only ever a path, anything else names `REPO/CHART` in a
/// repository the user added (the playground has none: `helm repo add` cannot reach the internet either).
/// Fetches fail as Go's resolver does on a machine without a network: the page has no internet to offer.
pub fn locate_error(chart: &str, repo_url: Option<&str>, version: Option<&str>) -> String {
    if let Some(rest) = chart.strip_prefix("oci://") {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (path, tag) = match path.rsplit_once(':') {
            Some((p, t)) if !t.contains('/') => (p, Some(t)),
            _ => (path, None),
        };
        if host.is_empty() || path.is_empty() {
            return "failed to perform \"FetchReference\" on source: invalid reference".into();
        }
        return match tag.or(version.filter(|v| !v.is_empty())) {
            Some(t) => format!(
                "failed to perform \"FetchReference\" on source: {}",
                unreachable(&format!("https://{host}/v2/{path}/manifests/{t}"))
            ),
            None => unreachable(&format!("https://{host}/v2/{path}/tags/list")),
        };
    }
    if chart.starts_with('.') || chart.starts_with('/') {
        return format!("path \"{chart}\" not found");
    }
    if let Some(url) = repo_url.filter(|u| !u.is_empty()) {
        return repo_unreachable(url);
    }
    if chart.starts_with("https://") || chart.starts_with("http://") {
        return unreachable(chart);
    }
    match chart.split_once('/') {
        Some((repo, _)) => format!("repo {repo} not found"),
        None => format!("non-absolute URLs should be in form of repo_name/path_to_chart, got: {chart}"),
    }
}

/// `helm repo add` / `--repo`: the index of a chart repository cannot be fetched.
pub fn repo_unreachable(url: &str) -> String {
    let url = url.trim_end_matches('/');
    format!(
        "looks like \"{url}\" is not a valid chart repository or cannot be reached: {}",
        unreachable(&format!("{url}/index.yaml"))
    )
}

/// Go's net/http error for a URL whose host does not resolve. The resolver is systemd-resolved's stub, which
/// the Ubuntu machines of the lab report use.
pub fn unreachable(url: &str) -> String {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let hostport = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = hostport.rsplit_once('@').map_or(hostport, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    format!("Get \"{url}\": dial tcp: lookup {host} on 127.0.0.53:53: no such host")
}

/// `stsplay template`: what `helm template` prints for the chart on disk (standard output and error, exit code).
pub fn template_command(args: &TemplateArgs, host: &dyn Host) -> Outcome {
    match template_run(args, host) {
        Ok((stdout, stderr)) => Outcome { stdout, stderr, code: 0 },
        Err(stderr) => Outcome { stdout: String::new(), stderr, code: 1 },
    }
}

fn template_run(args: &TemplateArgs, host: &dyn Host) -> Result<(String, String), String> {
    let err = |m: String| format!("Error: {m}\n");
    // Helm's order: locate the chart, read values (files, --set), load the chart, then render.
    let chart_path = args.chart.trim_end_matches('/');
    // A directory, or a file: a packaged chart (`helm package`'s .tgz).
    let source = match host.read_dir_tree(chart_path) {
        Ok(files) => Ok(files),
        Err(_) => match host.read(chart_path) {
            Ok(bytes) => Err(bytes),
            Err(_) => return Err(err(locate_error(&args.chart, None, None))),
        },
    };
    let mut values_files = Vec::new();
    for f in &args.values_files {
        let bytes = host.read(f).map_err(err)?;
        values_files.push((f.clone(), String::from_utf8_lossy(&bytes).into_owned()));
    }
    let read = |path: &str| match host.read(path) {
        Ok(b) => Ok(String::from_utf8_lossy(&b).into_owned()),
        Err(_) if host.read_dir_tree(path).is_ok() => Err(format!("read {path}: is a directory")),
        Err(e) => Err(e),
    };
    let user = values::user_values_with(&values_files, &args.sets, &read).map_err(err)?;
    let abs = host.abs(chart_path);
    let chart = match &source {
        Err(bytes) => archive::load_file(&abs, bytes).map_err(err)?,
        Ok(files) => {
            let Some(chart_yaml) = files.get("Chart.yaml") else {
                return Err(err(format!(
                    "unable to detect chart at {abs}/Chart.yaml: open {abs}/Chart.yaml: no such file or directory"
                )));
            };
            chart::check_api_version(chart_yaml).map_err(err)?;
            chart::load(files).map_err(err)?
        }
    };
    let release =
        Release { name: args.release.clone(), namespace: args.namespace.clone(), revision: 1, is_upgrade: false };
    let rendered = render::render_chart(&chart, user, &release).map_err(|e| e.stderr())?;
    let log: String = rendered.warnings.iter().map(|w| format!("{w}\n")).collect();
    let out = render::template_output(&rendered, &args.show_only).map_err(|e| format!("{log}{}", err(e)))?;
    Ok((out, log))
}
