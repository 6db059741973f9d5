//! A chart from its files, as Helm's `loader.LoadFiles` reads it: `Chart.yaml` into `chart.Metadata` (strings
//! stay strings even when YAML types them: `version: 1.0` is `"1"`, `name: n` is `"false"`), `values.yaml`
//! through `LoadValues`, `templates/` apart, every other file into `.Files`; then `Metadata.Validate`.

use super::value::Value;
use super::values;
use crate::charts::ChartFiles;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// One entry of Chart.yaml's `dependencies` (`chart.Dependency`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    pub name: String,
    pub version: String,
    pub repository: String,
    pub condition: String,
    pub tags: Vec<String>,
    pub enabled: bool,
    /// Strings (`exports.X` of the child) or `{child, parent}` tables.
    pub import_values: Vec<Json>,
    pub alias: String,
}

impl Dependency {
    /// As `MetadataAsMap` exposes it: Go field names, slices as `[]interface {}`.
    pub fn to_value(&self) -> Value {
        let mut m = BTreeMap::new();
        for (k, v) in [
            ("Name", &self.name),
            ("Version", &self.version),
            ("Repository", &self.repository),
            ("Condition", &self.condition),
            ("Alias", &self.alias),
        ] {
            m.insert(k.to_string(), Value::str(v.as_str()));
        }
        m.insert("Tags".into(), Value::list(self.tags.iter().map(|t| Value::str(t.as_str())).collect()));
        m.insert("Enabled".into(), Value::Bool(self.enabled));
        m.insert("ImportValues".into(), Value::list(self.import_values.iter().map(values::to_value).collect()));
        Value::map(m)
    }
}

#[derive(Clone, Debug)]
pub struct Chart {
    /// `.Chart` as Helm 4 exposes it (`MetadataAsMap`), without `Dependencies` and `IsRoot`, which
    /// [`Chart::metadata_value`] adds.
    pub metadata: BTreeMap<String, Value>,
    pub name: String,
    pub version: String,
    pub kube_version: String,
    pub chart_type: String,
    /// The chart's default values (`values.yaml`).
    pub values: Map<String, Json>,
    /// `templates/...` path → text.
    pub templates: BTreeMap<String, String>,
    /// Everything else (`.Files`), path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// `values.schema.json`, if the chart has one.
    pub schema: Option<Vec<u8>>,
    /// Chart.yaml's `dependencies` (`None` when it has none; Helm tells the two apart).
    pub meta_deps: Option<Vec<Dependency>>,
    /// The loaded subcharts (`charts/`), in directory name order.
    pub dependencies: Vec<Chart>,
}

impl Chart {
    /// `.Chart`: the metadata with its (processed) dependencies and whether it is the chart being installed.
    pub fn metadata_value(&self, is_root: bool) -> Value {
        let mut md = self.metadata.clone();
        let deps = self.meta_deps.iter().flatten().map(Dependency::to_value).collect();
        md.insert("Dependencies".into(), Value::list(deps));
        md.insert("IsRoot".into(), Value::Bool(is_root));
        Value::map(md)
    }

    /// A copy under another name (an `alias`): `.Chart.Name`, its values key and template paths change.
    pub fn renamed(&self, name: &str) -> Chart {
        let mut c = self.clone();
        c.name = name.to_string();
        c.metadata.insert("Name".into(), Value::str(name));
        c
    }
}

/// sigs.k8s.io/yaml decoding into a Go `string` field: scalars of other types are printed (floats with
/// 32-bit 'g' formatting); a collection is a JSON type error.
fn string_field(v: Option<&Json>, field: &str) -> Result<String, String> {
    Ok(match v {
        None | Some(Json::Null) => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(Json::Bool(b)) => b.to_string(),
        Some(Json::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if !n.is_f64() => i.to_string(),
            (_, Some(u)) if !n.is_f64() => u.to_string(),
            _ => crate::yaml::format_g32(n.as_f64().unwrap_or(0.0)),
        },
        Some(other) => return Err(json_type_error(other, &format!(".{field}"), "string")),
    })
}

fn json_type_error(v: &Json, field: &str, go_type: &str) -> String {
    let kind = match v {
        Json::Array(_) => "array",
        Json::Object(_) => "object",
        Json::String(_) => "string",
        Json::Number(_) => "number",
        Json::Bool(_) => "bool",
        Json::Null => "null",
    };
    format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go struct field {field} of type {go_type}")
}

fn string_list(v: Option<&Json>, field: &str) -> Result<Value, String> {
    match v {
        None | Some(Json::Null) => Ok(Value::list(vec![])),
        Some(Json::Array(a)) => {
            let mut out = Vec::new();
            for x in a {
                out.push(Value::str(string_field(Some(x), field)?));
            }
            Ok(Value::list(out))
        }
        Some(other) => Err(json_type_error(other, &format!(".{field}"), "[]string")),
    }
}

fn struct_list(v: Option<&Json>, field: &str, fields: &[(&str, &str)]) -> Result<Value, String> {
    let items = match v {
        None | Some(Json::Null) => return Ok(Value::list(vec![])),
        Some(Json::Array(a)) => a,
        Some(other) => return Err(json_type_error(other, &format!(".{field}"), "[]*chart.Maintainer")),
    };
    let mut out = Vec::new();
    for it in items {
        let o = match it {
            Json::Object(o) => o.clone(),
            Json::Null => {
                out.push(Value::Nil);
                continue;
            }
            other => return Err(json_type_error(other, &format!(".{field}"), "chart.Maintainer")),
        };
        let mut m = BTreeMap::new();
        for (go, json) in fields {
            let v = o.get(*json);
            m.insert(go.to_string(), Value::str(string_field(v, json)?));
        }
        out.push(Value::map(m));
    }
    Ok(Value::list(out))
}

/// Masterminds/semver `NewVersion` (what `isValidSemver` checks): optional `v`, one to three numeric parts,
/// optional `-prerelease` and `+metadata`.
pub fn is_semver(s: &str) -> bool {
    let s = s.strip_prefix('v').unwrap_or(s);
    let (core, _meta) = s.split_once('+').unwrap_or((s, ""));
    let (core, pre) = match core.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (core, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if parts.iter().any(|p| p.len() > 1 && p.starts_with('0')) {
        return false;
    }
    match pre {
        Some(p) => {
            !p.is_empty()
                && p.split('.').all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        }
        None => true,
    }
}

/// One `.helmignore` rule (helm `pkg/ignore`).
struct Rule {
    pattern: String,
    negate: bool,
    must_dir: bool,
    /// No `/` in the pattern: it is matched against the last path element.
    base_only: bool,
    /// No glob syntax: a plain comparison (most of helm create's rules), without the matcher's cost.
    literal: bool,
}

fn parse_rules(text: &str) -> Result<Vec<Rule>, String> {
    let mut rules = Vec::new();
    // `AddDefaults` runs after the file's rules: dotfiles in templates/ are never loaded.
    for (i, line) in text.lines().chain(std::iter::once("templates/.?*")).enumerate() {
        let line = if i == 0 { line.trim_start_matches('\u{feff}') } else { line };
        let mut rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            continue;
        }
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        let negate = rule.starts_with('!');
        if negate {
            rule = &rule[1..];
        }
        let must_dir = rule.ends_with('/');
        let rule = rule.trim_end_matches('/');
        let (pattern, base_only) = match rule.strip_prefix('/') {
            Some(r) => (r.to_string(), false),
            None => (rule.to_string(), !rule.contains('/')),
        };
        let literal = !pattern.contains(['*', '?', '[', '\\']);
        rules.push(Rule { pattern, negate, must_dir, base_only, literal });
    }
    Ok(rules)
}

/// `Rules.Ignore` for one path (file or directory), with its odd negation logic kept.
fn rule_ignores(rules: &[Rule], path: &str, is_dir: bool) -> bool {
    for r in rules {
        let name = if r.base_only { path.rsplit('/').next().unwrap_or(path) } else { path };
        let m = if r.literal { r.pattern == name } else { super::render::path_match(&r.pattern, name) };
        if r.negate {
            if (r.must_dir && !is_dir) || !m {
                return true;
            }
            continue;
        }
        if r.must_dir && !is_dir {
            continue;
        }
        if m {
            return true;
        }
    }
    false
}

/// Whether the directory loader skips this file: an ignored directory on its way or the file itself.
fn ignored(path: &str, rules: &[Rule]) -> bool {
    path.match_indices('/').any(|(i, _)| rule_ignores(rules, &path[..i], true)) || rule_ignores(rules, path, false)
}

/// The chart's files as a `.tgz` that real Helm installs (`helm install NAME chart.tgz`), named
/// `NAME/...` after Chart.yaml's name, without what `.helmignore` names, dated at the playground's epoch
/// so the bytes are the same every time.
/// See [`super::archive::package_chart`] for how it differs from `helm package`.
pub fn package_chart(files: &ChartFiles) -> Vec<u8> {
    package_chart_at(files, crate::cluster::EPOCH_UNIX as u64)
}

/// [`package_chart`] with the files dated at `mtime` (seconds since 1970): `helm package` in the terminal
/// dates them at the simulated clock.
pub fn package_chart_at(files: &ChartFiles, mtime: u64) -> Vec<u8> {
    let name = files
        .get("Chart.yaml")
        .and_then(|b| crate::yaml::load(&String::from_utf8_lossy(b)).ok())
        .and_then(|m| string_field(m.get("name"), "name").ok())
        .filter(|n| !n.is_empty() && !n.contains('/'))
        .unwrap_or_else(|| "chart".into());
    // `helm package` leaves out what .helmignore names.
    let rules =
        files.get(".helmignore").and_then(|b| parse_rules(&String::from_utf8_lossy(b)).ok()).unwrap_or_default();
    let kept: ChartFiles =
        files.iter().filter(|(p, _)| !ignored(p, &rules)).map(|(p, b)| (p.clone(), b.clone())).collect();
    super::archive::package_chart(&name, &kept, mtime)
}

/// Helm 4's loader picks the chart format by Chart.yaml's `apiVersion` before loading anything.
pub fn check_api_version(chart_yaml: &[u8]) -> Result<(), String> {
    let meta = crate::yaml::load(&String::from_utf8_lossy(chart_yaml))
        .map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {}", e.go))?;
    let api = match &meta {
        Json::Object(o) => {
            string_field(o.get("apiVersion"), "apiVersion").map_err(|e| format!("cannot load Chart.yaml: {e}"))?
        }
        _ => String::new(),
    };
    match api.as_str() {
        "" | "v1" | "v2" => Ok(()),
        // Helm 4.3 loads v3 charts but its install action refuses them.
        "v3" => Err("invalid chart apiVersion".into()),
        _ => Err("unsupported chart version".into()),
    }
}

/// Loads a chart directory (its files, relative path → bytes) as `loader.LoadDir` does: `.helmignore` rules
/// and a UTF-8 byte order mark stripped from every file, then [`load_files`]. The error is Helm's text
/// (without `Error: `).
pub fn load(files: &ChartFiles) -> Result<Chart, String> {
    let rules =
        parse_rules(&files.get(".helmignore").map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default())?;
    let kept: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(path, _)| !ignored(path, &rules))
        .map(|(path, bytes)| (path.as_str(), bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(bytes)))
        .collect();
    load_files(&kept)
}

fn dependency(v: &Json) -> Result<Option<Dependency>, String> {
    let o = match v {
        Json::Object(o) => o,
        Json::Null => return Ok(None),
        other => return Err(json_type_error(other, ".dependencies", "chart.Dependency")),
    };
    let s = |k: &str| string_field(o.get(k), &format!("dependencies.{k}"));
    let tags = match o.get("tags") {
        None | Some(Json::Null) => vec![],
        Some(Json::Array(a)) => {
            a.iter().map(|t| string_field(Some(t), "dependencies.tags")).collect::<Result<_, _>>()?
        }
        Some(other) => return Err(json_type_error(other, ".dependencies.tags", "[]string")),
    };
    let import_values = match o.get("import-values") {
        None | Some(Json::Null) => vec![],
        Some(Json::Array(a)) => a.clone(),
        Some(other) => return Err(json_type_error(other, ".dependencies.import-values", "[]interface {}")),
    };
    let enabled = match o.get("enabled") {
        None | Some(Json::Null) => false,
        Some(Json::Bool(b)) => *b,
        Some(other) => return Err(json_type_error(other, ".dependencies.enabled", "bool")),
    };
    Ok(Some(Dependency {
        name: s("name")?,
        version: s("version")?,
        repository: s("repository")?,
        condition: s("condition")?,
        tags,
        enabled,
        import_values,
        alias: s("alias")?,
    }))
}

/// `loader.LoadFiles`: a chart from in-memory files (no `.helmignore`; subcharts under `charts/` are
/// loaded the same way, `charts/NAME.tgz` archives unpacked).
pub fn load_files(files: &[(&str, &[u8])]) -> Result<Chart, String> {
    let Some(chart_yaml) = files.iter().find(|(p, _)| *p == "Chart.yaml").map(|(_, b)| *b) else {
        return Err("Chart.yaml file is missing".into());
    };
    let meta = crate::yaml::load(&String::from_utf8_lossy(chart_yaml))
        .map_err(|e| format!("cannot load Chart.yaml: error converting YAML to JSON: {}", e.go))?;
    let meta = match meta {
        Json::Object(o) => o,
        Json::Null => Map::new(),
        other => {
            let kind = match other {
                Json::Array(_) => "array",
                Json::String(_) => "string",
                Json::Number(_) => "number",
                _ => "bool",
            };
            return Err(format!(
                "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type chart.Metadata"
            ));
        }
    };
    let load_err = |e: String| format!("cannot load Chart.yaml: {e}");
    let s = |k: &str| string_field(meta.get(k), k).map_err(load_err);
    let mut api_version = s("apiVersion")?;
    if api_version.is_empty() {
        api_version = "v1".into();
    }
    let name = s("name")?;
    let version = s("version")?;
    let chart_type = s("type")?;
    let kube_version = s("kubeVersion")?;
    let annotations = match meta.get("annotations") {
        None | Some(Json::Null) => Value::string_map(BTreeMap::new()),
        Some(Json::Object(o)) => {
            let mut m = BTreeMap::new();
            for (k, v) in o {
                m.insert(k.clone(), Value::str(string_field(Some(v), "annotations").map_err(load_err)?));
            }
            Value::string_map(m)
        }
        Some(other) => return Err(load_err(json_type_error(other, ".annotations", "map[string]string"))),
    };
    let mut md = BTreeMap::new();
    for (go, json) in [
        ("Name", "name"),
        ("Home", "home"),
        ("Version", "version"),
        ("Description", "description"),
        ("Icon", "icon"),
        ("Condition", "condition"),
        ("Tags", "tags"),
        ("AppVersion", "appVersion"),
        ("KubeVersion", "kubeVersion"),
        ("Type", "type"),
    ] {
        md.insert(go.to_string(), Value::str(s(json)?));
    }
    md.insert("APIVersion".into(), Value::str(api_version.as_str()));
    md.insert("Sources".into(), string_list(meta.get("sources"), "sources").map_err(load_err)?);
    md.insert("Keywords".into(), string_list(meta.get("keywords"), "keywords").map_err(load_err)?);
    let maintainers =
        struct_list(meta.get("maintainers"), "maintainers", &[("Name", "name"), ("Email", "email"), ("URL", "url")])
            .map_err(load_err)?;
    let null_maintainer = match &maintainers {
        Value::List(_, l) => l.iter().any(|m| matches!(m, Value::Nil)),
        _ => false,
    };
    md.insert("Maintainers".into(), maintainers);
    let meta_deps = match meta.get("dependencies") {
        None | Some(Json::Null) => None,
        Some(Json::Array(a)) => Some(a.iter().map(dependency).collect::<Result<Vec<_>, _>>().map_err(load_err)?),
        Some(other) => return Err(load_err(json_type_error(other, ".dependencies", "[]*chart.Dependency"))),
    };
    md.insert("Deprecated".into(), Value::Bool(matches!(meta.get("deprecated"), Some(Json::Bool(true)))));
    md.insert("Annotations".into(), annotations);

    let mut chart = Chart {
        metadata: md,
        name: name.clone(),
        version: version.clone(),
        kube_version,
        chart_type: chart_type.clone(),
        values: Map::new(),
        templates: BTreeMap::new(),
        files: BTreeMap::new(),
        schema: None,
        meta_deps: None,
        dependencies: Vec::new(),
    };
    // Subchart files by the first path element under charts/, in name order (Go walks a map here, so its
    // order is random; no output depends on it).
    let mut subcharts: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    for (path, bytes) in files {
        let (path, bytes) = (*path, *bytes);
        if path == "Chart.yaml" {
            continue;
        }
        if path == "values.yaml" {
            thread_local! {
                static VALUES: super::memo::Cache<Result<Map<String, Json>, String>> = Default::default();
            }
            let text = String::from_utf8_lossy(bytes);
            chart.values = super::memo::get(&VALUES, 64, &text, || {
                values::load_values(&text).map_err(|e| format!("cannot load values.yaml: {}", e.message))
            })?;
        } else if path == "values.schema.json" {
            chart.schema = Some(bytes.to_vec());
        } else if path == "Chart.lock" {
            // Only `helm dependency` reads the lock file.
        } else if path.starts_with("templates/") {
            chart.templates.insert(path.to_string(), String::from_utf8_lossy(bytes).into_owned());
        } else if let Some(sub) = path.strip_prefix("charts/") {
            if path.ends_with(".prov") {
                chart.files.insert(path.to_string(), bytes.to_vec());
                continue;
            }
            let dir = sub.split('/').next().unwrap_or(sub);
            subcharts.entry(dir).or_default().push((sub, bytes));
        } else {
            chart.files.insert(path.to_string(), bytes.to_vec());
        }
    }
    // Metadata.Validate, in its order.
    if name.is_empty() {
        return Err("validation: chart.metadata.name is required".into());
    }
    if name == "." || name == ".." {
        return Err(format!("validation: chart.metadata.name {name:?} is not allowed"));
    }
    if name.contains('/') {
        return Err(format!("validation: chart.metadata.name {name:?} is invalid"));
    }
    if version.is_empty() {
        return Err("validation: chart.metadata.version is required".into());
    }
    if !is_semver(&version) {
        return Err(format!("validation: chart.metadata.version {version:?} is invalid"));
    }
    if !(chart_type.is_empty() || chart_type == "application" || chart_type == "library") {
        return Err("validation: chart.metadata.type must be application or library".into());
    }
    if null_maintainer {
        return Err("validation: maintainers must not contain empty or null nodes".into());
    }
    if let Some(deps) = &meta_deps {
        let mut seen = std::collections::BTreeSet::new();
        for d in deps {
            let Some(d) = d else {
                return Err("validation: dependencies must not contain empty or null nodes".into());
            };
            if !d.alias.is_empty() && !d.alias.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                return Err(format!("validation: dependency {:?} has disallowed characters in the alias", d.name));
            }
            let key = if d.alias.is_empty() { &d.name } else { &d.alias };
            if !seen.insert(key.clone()) {
                return Err(format!("validation: more than one dependency with name or alias {key:?}"));
            }
        }
    }
    chart.meta_deps = meta_deps.map(|d| d.into_iter().flatten().collect());
    for (dir, files) in subcharts {
        if dir.starts_with(['_', '.']) {
            continue;
        }
        let sub = if dir.ends_with(".tgz") {
            match files.as_slice() {
                [(n, data)] if *n == dir => super::archive::load_archive(data),
                _ => {
                    let got = files.first().map(|(n, _)| *n).unwrap_or("");
                    return Err(format!("error unpacking subchart tar in {name}: expected {dir}, got {got}"));
                }
            }
        } else {
            // Files directly in charts/ that are not a chart's directory are dropped.
            let inner: Vec<(&str, &[u8])> =
                files.iter().filter_map(|(p, b)| p.split_once('/').map(|(_, rest)| (rest, *b))).collect();
            load_files(&inner)
        };
        chart.dependencies.push(sub.map_err(|e| format!("error unpacking subchart {dir} in {name}: {e}"))?);
    }
    Ok(chart)
}
