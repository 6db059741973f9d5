//! Helm: the Go template language, Sprig/Helm functions, Helm's value model and chart rendering.
//! Mirrors helm/helm `pkg/engine` and `pkg/chart`; real Helm is the oracle (tests/golden).

pub mod value;

use crate::cli::{Host, TemplateArgs};

/// `stsplay template`: what `helm template` prints for the chart on disk, or Helm's error text.
/// (Filled in by the rendering work of issue 3; until then it says so plainly.)
pub fn template_command(_args: &TemplateArgs, _host: &dyn Host) -> Result<String, String> {
    Err("Error: stsplay template: the Helm engine is not built yet\n".into())
}
