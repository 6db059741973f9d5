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

pub mod funcs;
pub mod gofmt;
pub mod strvals;
pub mod template;
pub mod value;
pub mod values;

use crate::charts::ChartFiles;
use crate::cli::{Host, TemplateArgs};

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
    /// `--set` (false) and `--set-string` (true) arguments, in order.
    pub sets: Vec<(bool, String)>,
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
}

/// Renders a chart; the error is Helm's text (`Error: ...`) without a trailing newline.
/// (Filled in by issue 3's rendering work.)
pub fn render(_req: &RenderRequest) -> Result<Rendered, String> {
    Err("Error: the Helm engine is not built yet".into())
}

/// `stsplay template`: what `helm template` prints for the chart on disk, or Helm's error text.
/// (Filled in by the rendering work of issue 3; until then it says so plainly.)
pub fn template_command(_args: &TemplateArgs, _host: &dyn Host) -> Result<String, String> {
    Err("Error: stsplay template: the Helm engine is not built yet\n".into())
}
