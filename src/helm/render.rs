//! Rendering a chart as Helm's install action does for `helm template`: values coalesced over the chart's,
//! every template parsed into one set (`pkg/engine`), non-partials executed, NOTES.txt set apart, manifests
//! split and sorted by kind with hooks apart (`pkg/release/v1/util` SortManifests), then printed as
//! `pkg/cmd/template.go` prints them.

use super::chart::Chart;
/// Go's `strconv.Quote`.
pub use super::gofmt::quote as go_quote;
use super::objects::{Capabilities, Files};
use super::template::Engine;
use super::value::Value;
use super::{values, Manifest, Release, Rendered};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A failed render: Helm's message (after `Error: `), whether `helm template` adds its
/// "Use --debug flag" hint (errors of the render itself), and a log line Helm prints before it.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderError {
    pub message: String,
    pub debug_hint: bool,
    pub log: Option<String>,
}

impl RenderError {
    fn plain(message: String) -> RenderError {
        RenderError { message, debug_hint: false, log: None }
    }
    fn render(message: String) -> RenderError {
        RenderError { message, debug_hint: true, log: None }
    }
    /// What `helm template` writes to standard error.
    pub fn stderr(&self) -> String {
        let mut s = String::new();
        if let Some(l) = &self.log {
            s.push_str(l);
            s.push('\n');
        }
        s.push_str("Error: ");
        s.push_str(&self.message);
        if self.debug_hint {
            s.push_str("\n\nUse --debug flag to render out invalid YAML");
        }
        s.push('\n');
        s
    }
}

/// A value as slog's text handler writes it: bare unless it needs quoting.
pub(crate) fn slog_value(s: &str) -> String {
    if s.is_empty()
        || s.chars().any(|c| c == ' ' || c == '=' || c == '"' || !c.is_ascii_graphic() && !c.is_alphanumeric())
    {
        go_quote(s)
    } else {
        s.to_string()
    }
}

/// Helm's `cleanupParseError`: `parse error at (FILE:LINE): MSG` from Go's `template: FILE:LINE: MSG`.
fn helm_parse_error(filename: &str, go_error: &str) -> String {
    let tokens: Vec<&str> = go_error.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {go_error}");
    }
    format!("parse error at ({}): {}", tokens[1], tokens[tokens.len() - 1])
}

/// `chartutil.ValidateReleaseName`.
fn valid_release_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 53 {
        return false;
    }
    name.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    })
}

/// Helm's `sortTemplates`: deeper paths first, then reverse lexical order.
fn template_order(names: &mut [String]) {
    crate::sort::sort_by(names, |a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

fn is_partial(path: &str) -> bool {
    path.rsplit('/').next().unwrap_or(path).starts_with('_')
}

/// `releaseutil.SplitManifests`: documents at lines starting `---` (with trailing blanks eaten), leading
/// whitespace trimmed, blank documents dropped.
pub fn split_manifests(big: &str) -> Vec<String> {
    let big = big.trim_start();
    let mut docs = Vec::new();
    let mut cur = String::new();
    for line in big.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("---") {
            docs.push(std::mem::take(&mut cur));
            cur.push_str(rest.trim_start_matches([' ', '\t']));
        } else {
            cur.push_str(line);
        }
    }
    docs.push(cur);
    docs.into_iter().filter(|d| !d.trim().is_empty()).map(|d| d.trim_start().to_string()).collect()
}

#[derive(Clone)]
struct Head {
    kind: String,
    annotations: BTreeMap<String, String>,
}

fn go_json_kind(v: &Json) -> &'static str {
    match v {
        Json::Array(_) => "array",
        Json::Object(_) => "object",
        Json::String(_) => "string",
        Json::Number(_) => "number",
        Json::Bool(_) => "bool",
        Json::Null => "null",
    }
}

fn scalar_string(v: &Json) -> Option<String> {
    Some(match v {
        Json::String(s) => s.clone(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) if !n.is_f64() => n.to_string(),
        Json::Number(n) => crate::yaml::format_g32(n.as_f64().unwrap_or(0.0)),
        Json::Null => String::new(),
        _ => return None,
    })
}

/// `yaml.Unmarshal` into `SimpleHead` (apiVersion, kind, metadata.name, metadata.annotations).
fn head(doc: &str) -> Result<Head, String> {
    let v = crate::yaml::load(doc).map_err(|e| format!("error converting YAML to JSON: {}", e.go))?;
    let decode = |what: &Json, field: &str, ty: &str| {
        format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field {field} of type {ty}",
            go_json_kind(what)
        )
    };
    let o = match &v {
        Json::Null => return Ok(Head { kind: String::new(), annotations: BTreeMap::new() }),
        Json::Object(o) => o,
        other => {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type util.SimpleHead",
                go_json_kind(other)
            ))
        }
    };
    for (k, field) in [("apiVersion", "SimpleHead.apiVersion"), ("kind", "SimpleHead.kind")] {
        if let Some(x) = o.get(k) {
            if scalar_string(x).is_none() {
                return Err(decode(x, field, "string"));
            }
        }
    }
    let kind = o.get("kind").and_then(scalar_string).unwrap_or_default();
    let mut annotations = BTreeMap::new();
    match o.get("metadata") {
        None | Some(Json::Null) => {}
        Some(Json::Object(m)) => {
            if let Some(n) = m.get("name") {
                if scalar_string(n).is_none() {
                    return Err(decode(n, "SimpleHead.metadata.name", "string"));
                }
            }
            match m.get("annotations") {
                None | Some(Json::Null) => {}
                Some(Json::Object(a)) => {
                    for (k, v) in a {
                        let Some(s) = scalar_string(v) else {
                            return Err(decode(v, "SimpleHead.metadata.annotations", "string"));
                        };
                        annotations.insert(k.clone(), s);
                    }
                }
                Some(other) => return Err(decode(other, "SimpleHead.metadata.annotations", "map[string]string")),
            }
        }
        Some(other) => return Err(decode(
            other,
            "SimpleHead.metadata",
            "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }",
        )),
    }
    Ok(Head { kind, annotations })
}

/// `releaseutil.InstallOrder`.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// `lessByKind`: known kinds in install order, unknown kinds after them in name order.
fn kind_less(a: &str, b: &str) -> bool {
    let pa = INSTALL_ORDER.iter().position(|k| *k == a);
    let pb = INSTALL_ORDER.iter().position(|k| *k == b);
    match (pa, pb) {
        (None, None) => a < b,
        (None, _) => false,
        (_, None) => true,
        (Some(x), Some(y)) => x < y,
    }
}

fn sort_by_kind(v: &mut [(String, Manifest)]) {
    // Stable, like sort.SliceStable.
    crate::sort::sort_by(v, |(ka, _), (kb, _)| {
        if kind_less(ka, kb) {
            std::cmp::Ordering::Less
        } else if kind_less(kb, ka) {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
}

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// One template to render with the data of the chart it belongs to.
struct Tpl<'c> {
    name: String,
    text: &'c str,
    /// The chart's top-level map (`.Values`, `.Chart`, ...), shared by its templates and by its parent's
    /// `.Subcharts` as in Go, where `.Template` is set in place before each render.
    data: Value,
    base_path: String,
}

/// `recAllTpls`: every template of the chart tree, each with its chart's data; returns the chart's map.
fn all_templates<'c>(
    c: &'c Chart,
    full_path: &str,
    values: Value,
    common: &BTreeMap<String, Value>,
    out: &mut Vec<Tpl<'c>>,
) -> Value {
    let is_root = !full_path.contains('/');
    let mut subcharts = BTreeMap::new();
    for sub in &c.dependencies {
        // A subchart's .Values is its parent's table under its name (shared), or empty.
        let sub_values = match &values {
            Value::Map(m) => match m.borrow().get(&sub.name) {
                Some(v @ Value::Map(_)) => v.clone(),
                _ => Value::map(BTreeMap::new()),
            },
            _ => Value::map(BTreeMap::new()),
        };
        let path = format!("{full_path}/charts/{}", sub.name);
        subcharts.insert(sub.name.clone(), all_templates(sub, &path, sub_values, common, out));
    }
    let mut top = common.clone();
    top.insert("Chart".into(), c.metadata_value(is_root));
    top.insert("Values".into(), values);
    top.insert("Files".into(), Value::Object(Rc::new(Files(c.files.clone()))));
    top.insert("Subcharts".into(), Value::map(subcharts));
    let data = Value::map(top);
    let base_path = format!("{full_path}/templates");
    for (path, text) in &c.templates {
        // A library chart contributes its partials only.
        if c.chart_type == "library" && !is_partial(path) {
            continue;
        }
        out.push(Tpl { name: format!("{full_path}/{path}"), text, data: data.clone(), base_path: base_path.clone() });
    }
    data
}

/// Renders a loaded chart with the user's values (`values::user_values`), as `helm install` does from
/// the point the chart is loaded.
pub fn render_chart(
    chart: &Chart,
    user: serde_json::Map<String, Json>,
    release: &Release,
) -> Result<Rendered, RenderError> {
    if chart.chart_type == "library" {
        return Err(RenderError::plain("library charts are not installable".into()));
    }
    super::deps::check_dependencies(chart).map_err(|e| {
        RenderError::plain(format!(
            "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: {e}"
        ))
    })?;
    if !valid_release_name(&release.name) {
        let msg = format!(
            "release name {:?}: invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53",
            release.name
        );
        let log = format!("level=ERROR msg=\"release name check failed\" error={}", go_quote(&msg));
        return Err(RenderError {
            message: format!("release name check failed: {msg}"),
            debug_hint: false,
            log: Some(log),
        });
    }
    let mut log = super::deps::Log { lines: Vec::new() };
    let processed;
    let chart = if chart.meta_deps.is_some() {
        let mut c = chart.clone();
        if let Err(e) = super::deps::process_dependencies(&mut c, &user, &mut log) {
            log.lines
                .push(format!("level=ERROR msg=\"chart dependencies processing failed\" error={}", slog_value(&e)));
            let lines = std::mem::take(&mut log.lines);
            return Err(RenderError {
                message: format!("chart dependencies processing failed: {e}"),
                debug_hint: false,
                log: Some(lines.join("\n")),
            });
        }
        processed = c;
        &processed
    } else {
        chart
    };
    let vals = super::deps::coalesce_chart(chart, &user, false, &mut log).map_err(|e| RenderError {
        message: e,
        debug_hint: false,
        log: (!log.lines.is_empty()).then(|| log.lines.join("\n")),
    })?;
    let mut warnings = std::mem::take(&mut log.lines);
    let schema_errors = super::schema::validate_chart(chart, &vals);
    if !schema_errors.is_empty() {
        return Err(RenderError {
            message: format!(
                "values don't meet the specifications of the schema(s) in the following chart(s):\n{schema_errors}"
            ),
            debug_hint: false,
            log: (!warnings.is_empty()).then(|| warnings.join("\n")),
        });
    }
    if !chart.kube_version.is_empty() {
        if let Some(f) = super::funcs::lookup("semverCompare") {
            if let Ok(Value::Bool(false)) =
                f(&[Value::str(chart.kube_version.as_str()), Value::str(super::objects::KUBE_VERSION)])
            {
                return Err(RenderError {
                    log: (!warnings.is_empty()).then(|| warnings.join("\n")),
                    ..RenderError::render(format!(
                        "chart requires kubeVersion: {} which is incompatible with Kubernetes {}",
                        chart.kube_version,
                        super::objects::KUBE_VERSION
                    ))
                });
            }
        }
    }
    let name = chart.name.as_str();
    let mut common: BTreeMap<String, Value> = BTreeMap::new();
    common.insert("Capabilities".into(), Value::Object(Rc::new(Capabilities)));
    let mut rel = BTreeMap::new();
    rel.insert("Name".into(), Value::str(release.name.as_str()));
    rel.insert("Namespace".into(), Value::str(release.namespace.as_str()));
    rel.insert("IsUpgrade".into(), Value::Bool(release.is_upgrade));
    rel.insert("IsInstall".into(), Value::Bool(!release.is_upgrade));
    rel.insert("Revision".into(), Value::Int(release.revision as i64));
    rel.insert("Service".into(), Value::str("Helm"));
    common.insert("Release".into(), Value::map(rel));
    let mut tpls = Vec::new();
    // The root chart's .Values is a chartutil.Values (`common.Values` to typeOf, refused by `dig`). A
    // subchart's is too in Go, but its map is also its parent's plain `.Values.sub`, which identity cannot tell
    // apart, so subcharts keep the plain type.
    let root_values = match values::to_value(&Json::Object(vals)) {
        Value::Map(m) => Value::named_map(m.take(), "common.Values"),
        v => v,
    };
    all_templates(chart, name, root_values, &common, &mut tpls);
    let mut names: Vec<String> = tpls.iter().map(|t| t.name.clone()).collect();
    template_order(&mut names);
    let by_name: BTreeMap<&str, &Tpl> = crate::sort::btree_map(tpls.iter().map(|t| (t.name.as_str(), t)));
    // randAlphaNum/uuidv4 restart from the same seed, so re-rendering unchanged input prints the same text.
    crate::helm::funcs::reset_rng(crate::helm::funcs::DEFAULT_SEED);
    let mut engine = Engine::new();
    for full in &names {
        // Helm has logged the coalescing warnings by now, whatever fails next.
        engine.add(full, by_name[full.as_str()].text).map_err(|e| RenderError {
            log: (!warnings.is_empty()).then(|| warnings.join("\n")),
            ..RenderError::render(helm_parse_error(full, &e))
        })?;
    }
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for full in &names {
        if is_partial(full) {
            continue;
        }
        let tpl = by_name[full.as_str()];
        let mut t = BTreeMap::new();
        t.insert("Name".into(), Value::str(full.as_str()));
        t.insert("BasePath".into(), Value::str(tpl.base_path.as_str()));
        if let Value::Map(m) = &tpl.data {
            m.borrow_mut().insert("Template".into(), Value::map(t));
        }
        let out = engine.render(full, &tpl.data).map_err(|e| RenderError {
            log: (!warnings.is_empty()).then(|| warnings.join("\n")),
            ..RenderError::render(e)
        })?;
        files.insert(full.clone(), out);
    }
    let notes_key = format!("{name}/templates/NOTES.txt");
    let notes = files.get(&notes_key).cloned();
    files.retain(|k, _| !k.ends_with("NOTES.txt"));

    let mut generic: Vec<(String, Manifest)> = Vec::new();
    let mut hooks: Vec<(String, Manifest)> = Vec::new();
    for (path, content) in &files {
        if content.trim().is_empty() {
            continue;
        }
        for doc in split_manifests(content) {
            thread_local! {
                static HEADS: super::memo::Cache<Result<Head, String>> = Default::default();
            }
            let h = super::memo::get(&HEADS, 1024, &doc, || head(&doc)).map_err(|e| RenderError {
                log: (!warnings.is_empty()).then(|| warnings.join("\n")),
                ..RenderError::render(format!("YAML parse error on {path}: {e}"))
            })?;
            let m = Manifest { source: path.clone(), text: doc };
            match h.annotations.get("helm.sh/hook") {
                None => generic.push((h.kind, m)),
                Some(types) => {
                    // A hook with an unknown event is skipped altogether, as Helm does.
                    if types.split(',').all(|t| HOOK_EVENTS.contains(&t.trim().to_lowercase().as_str())) {
                        hooks.push((h.kind, m));
                    } else {
                        warnings
                            .push(format!("level=INFO msg=\"skipping unknown hooks\" hookTypes={}", slog_value(types)));
                    }
                }
            }
        }
    }
    sort_by_kind(&mut generic);
    sort_by_kind(&mut hooks);
    Ok(Rendered {
        manifests: generic.into_iter().map(|(_, m)| m).collect(),
        hooks: hooks.into_iter().map(|(_, m)| m).collect(),
        notes,
        warnings,
    })
}

/// `helm template`'s standard output for a render, with `--show-only` applied. The error (a missing
/// `--show-only` template) is Helm's message.
pub fn template_output(r: &Rendered, show_only: &[String]) -> Result<String, String> {
    let mut manifest = String::new();
    for m in &r.manifests {
        manifest.push_str(&format!("---\n# Source: {}\n{}\n", m.source, m.text));
    }
    let mut out = format!("{}\n", manifest.trim());
    for h in &r.hooks {
        out.push_str(&format!("---\n# Source: {}\n{}\n", h.source, h.text));
    }
    if show_only.is_empty() {
        return Ok(out);
    }
    let docs = split_manifests(&out);
    let mut picked = Vec::new();
    for f in show_only {
        let f = f.replace('\\', "/");
        let mut missing = true;
        for d in &docs {
            // "# Source: [^/]+/(.+)" on the first such line.
            let Some(path) = d.lines().find_map(|l| {
                let i = l.find("# Source: ")?;
                let rest = &l[i + "# Source: ".len()..];
                let (chart, p) = rest.split_once('/')?;
                (!chart.is_empty() && !p.is_empty()).then_some(p)
            }) else {
                continue;
            };
            if path_match(&f, path) {
                picked.push(d.clone());
                missing = false;
            }
        }
        if missing {
            return Err(format!("could not find template {f} in chart"));
        }
    }
    Ok(picked.iter().map(|d| format!("---\n{d}\n")).collect())
}

/// Go's `filepath.Match` (`*` and `?` do not cross `/`, `[...]` classes, `\` escapes).
pub(crate) fn path_match(pattern: &str, name: &str) -> bool {
    // `{` is literal for filepath.Match; escaped for the shared glob matcher, which reads `{a,b}`. (This used to
    // escape and call itself, and the escaped pattern still held a `{`: a stack overflow for any `{`.)
    let escaped = pattern.replace('{', "\\{");
    !pattern.contains("**") && super::objects::glob_match(&escaped, name) || pattern == name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_split_like_helm() {
        let mut v: Vec<String> =
            ["c/templates/a.yaml", "c/templates/_h.tpl", "c/templates/tests/t.yaml", "c/templates/b.yaml"]
                .iter()
                .map(|s| s.to_string())
                .collect();
        template_order(&mut v);
        assert_eq!(v, ["c/templates/tests/t.yaml", "c/templates/b.yaml", "c/templates/a.yaml", "c/templates/_h.tpl"]);
        assert_eq!(split_manifests("\n---\na: 1\n---  \nb: 2\n\n--- # c\n"), ["a: 1\n", "b: 2\n\n", "# c\n"]);
        assert!(kind_less("Service", "StatefulSet"));
        assert!(kind_less("StatefulSet", "Aaa"));
        assert!(valid_release_name("python-stateful"));
        assert!(!valid_release_name("Foo"));
    }
}
