//! Entry points for robustness testing: the fuzz targets (`fuzz/`, cargo-fuzz, `./x fuzz`) and the short
//! mutation runs every `cargo test` does (`tests/robustness.rs`) drive the same functions, so a crash the
//! fuzzer finds can be replayed as a plain test. Each takes arbitrary text and must return without panicking
//! or hanging, whatever the text is; their results are deliberately ignored.

use crate::charts;
use crate::helm::{self, Release, RenderRequest};
use crate::shell::Session;

fn release() -> Release {
    Release { name: "fuzz".into(), namespace: "default".into(), revision: 1, is_upgrade: false }
}

/// A values file plus `--set` arguments (one per line; `s:`, `j:`, `l:` prefixes for `--set-string`,
/// `--set-json`, `--set-literal`), rendered over the shipped chart.
pub fn render_values(values: &str, sets: &str) {
    let Some(chart) = charts::files("python-time-app") else { return };
    let sets = sets
        .lines()
        .take(16)
        .map(|l| {
            use helm::values::SetKind;
            match l.split_at_checked(2) {
                Some(("s:", rest)) => (SetKind::String, rest.to_string()),
                Some(("j:", rest)) => (SetKind::Json, rest.to_string()),
                Some(("l:", rest)) => (SetKind::Literal, rest.to_string()),
                _ => (SetKind::Set, l.to_string()),
            }
        })
        .collect();
    let req = RenderRequest { chart: &chart, values_files: vec![values.to_string()], sets, release: release() };
    let _ = helm::render(&req);
}

/// A `values.schema.json` and (after a NUL, in the fuzz target) a values file, rendered over the shipped chart,
/// which ships no schema: the schema validator and its `format` checks see whatever the text holds.
pub fn render_schema(schema: &str, values: &str) {
    let Some(mut chart) = charts::files("python-time-app") else { return };
    chart.insert("values.schema.json".into(), schema.as_bytes().to_vec());
    let req = RenderRequest { chart: &chart, values_files: vec![values.to_string()], sets: vec![], release: release() };
    let _ = helm::render(&req);
}

/// A template in place of the shipped chart's StatefulSet template, rendered with the chart's values.
pub fn render_template(template: &str) {
    let Some(mut chart) = charts::files("python-time-app") else { return };
    chart.insert("templates/statefulset.yaml".into(), template.as_bytes().to_vec());
    let req = RenderRequest { chart: &chart, values_files: vec![], sets: vec![], release: release() };
    let _ = helm::render(&req);
}

/// Command lines typed one after another into a fresh session (at most 12 lines of 400 bytes, so one input
/// cannot ask for unbounded work by sheer length).
pub fn shell_lines(text: &str) {
    let mut s = Session::new(7);
    for line in text.lines().take(12) {
        let cut = line.char_indices().nth(400).map(|(i, _)| i).unwrap_or(line.len());
        let _ = s.run_line(&line[..cut]);
    }
}

/// A YAML stream applied to a fresh cluster object by object (as `kubectl apply -f` would), then a minute
/// of simulated time so controllers and kubelet act on whatever was accepted.
pub fn apply_manifest(text: &str) {
    let mut s = Session::new(11);
    let Ok(docs) = crate::yaml::split_documents(text) else { return };
    for doc in docs.iter().take(16) {
        let Ok(obj) = crate::yaml::load(&doc.text) else { break };
        if obj.is_object() {
            let _ = s.cluster_mut().apply(obj);
        }
    }
    s.cluster_mut().advance(60_000);
}

/// A share link's fragment (what follows `#` in the URL), decoded as the page decodes it, and if it decodes,
/// replayed: its chart edits applied and its first actions' command lines run.
pub fn decode_share_link(fragment: &str) {
    use crate::session::share;
    let Ok(Some(saved)) = share::from_fragment(fragment) else { return };
    for (chart, edits) in saved.edits.iter().take(4) {
        let _ = share::apply_edits(chart, edits);
    }
    let _ = share::to_fragment(&saved);
}
