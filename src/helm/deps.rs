//! Subcharts: which of a chart's dependencies are enabled (`condition`, `tags`), aliases, `import-values`,
//! and values coalesced down the chart tree with `global` handed to every subchart. Mirrors helm
//! `pkg/chart/v2/util/dependencies.go` (ProcessDependencies), `pkg/chart/common/util/coalesce.go`
//! (CoalesceValues/MergeValues) and `pkg/action/install.go` (CheckDependencies), quirks included: the
//! values a subchart's own conditions see are its defaults coalesced over its parent's whole tree, and a
//! chart without a `dependencies:` list keeps every chart in `charts/` without looking further down.

use super::chart::{Chart, Dependency};
use super::values::{coalesce_tables, coalesce_values, concat_prefix, go_v};
use serde_json::{Map, Value as Json};

type Values = Map<String, Json>;

/// Helm's log lines as `helm template` prints them on standard error.
pub struct Log {
    pub lines: Vec<String>,
}

impl Log {
    fn printf(&mut self, msg: String) {
        self.lines.push(format!("level=INFO msg={}", super::render::go_quote(&msg)));
    }
    fn warn(&mut self, msg: &str, attrs: &[(&str, &str)]) {
        let mut line = format!("level=WARN msg={}", super::render::slog_value(msg));
        for (k, v) in attrs {
            line.push_str(&format!(" {k}={}", super::render::slog_value(v)));
        }
        self.lines.push(line);
    }
}

/// `action.CheckDependencies`: every dependency Chart.yaml names must be in `charts/` (by chart name).
pub fn check_dependencies(c: &Chart) -> Result<(), String> {
    let Some(reqs) = &c.meta_deps else { return Ok(()) };
    let missing: Vec<&str> =
        reqs.iter().filter(|r| !c.dependencies.iter().any(|d| d.name == r.name)).map(|r| r.name.as_str()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!("found in Chart.yaml, but missing in charts/ directory: {}", missing.join(", ")))
}

/// `IsCompatibleRange`: a semver constraint check where any parse error means "no".
fn compatible(constraint: &str, version: &str) -> bool {
    let Some(f) = super::funcs::lookup("semverCompare") else { return false };
    matches!(
        f(&[super::value::Value::str(constraint), super::value::Value::str(version)]),
        Ok(super::value::Value::Bool(true))
    )
}

/// Go's `%t` of a value that is not a bool (`type mismatch on sub: %!t(string=x)`).
fn go_t(v: &Json) -> String {
    match v {
        Json::Bool(b) => b.to_string(),
        other => {
            let val = super::values::to_value(other);
            super::gofmt::sprintf("%t", &[val])
        }
    }
}

/// `coalesce`: the chart's defaults under `dest`, then each subchart's under `dest[sub]` with the globals.
pub fn coalesce(c: &Chart, dest: &mut Values, prefix: &str, merge: bool, log: &mut Log) -> Result<(), String> {
    let subs: Vec<&str> = c.dependencies.iter().map(|d| d.name.as_str()).collect();
    let mut warn = Vec::new();
    coalesce_values(&c.values, dest, &concat_prefix(prefix, &c.name), merge, &subs, &mut warn);
    for w in warn {
        log.printf(w);
    }
    for sub in &c.dependencies {
        let mut dv = match dest.remove(&sub.name) {
            None => Map::new(),
            Some(Json::Object(m)) => m,
            Some(other) => return Err(format!("type mismatch on {}: {}", sub.name, go_t(&other))),
        };
        let sub_prefix = concat_prefix(prefix, &c.name);
        coalesce_globals(&mut dv, dest, &sub_prefix, log);
        let r = coalesce(sub, &mut dv, &sub_prefix, merge, log);
        dest.insert(sub.name.clone(), Json::Object(dv));
        r?;
    }
    Ok(())
}

/// `coalesceGlobals`: the parent's `global` copied into a subchart's values, the parent winning.
fn coalesce_globals(dest: &mut Values, src: &Values, prefix: &str, log: &mut Log) {
    let mut dg = match dest.get("global") {
        None => Map::new(),
        Some(Json::Object(m)) => m.clone(),
        Some(_) => {
            log.printf("warning: skipping globals because destination global is not a table.".into());
            return;
        }
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(Json::Object(m)) => m.clone(),
        Some(_) => {
            log.printf("warning: skipping globals because source global is not a table.".into());
            return;
        }
    };
    for (key, val) in sg {
        match val {
            Json::Object(mut vv) => match dg.get(&key) {
                None => {
                    dg.insert(key, Json::Object(vv));
                }
                Some(Json::Object(destv)) => {
                    let mut w = Vec::new();
                    coalesce_tables(&mut vv, destv.clone(), &concat_prefix(prefix, &key), true, &mut w);
                    for w in w {
                        log.printf(w);
                    }
                    dg.insert(key, Json::Object(vv));
                }
                Some(_) => log.printf(format!("Conflict: cannot merge map onto non-map for {key:?}. Skipping.")),
            },
            val => {
                if matches!(dg.get(&key), Some(Json::Object(_))) {
                    log.printf(format!("key {key} is table. Skipping"));
                } else {
                    dg.insert(key, val);
                }
            }
        }
    }
    dest.insert("global".into(), Json::Object(dg));
}

/// `CoalesceValues` (merge false) or `MergeValues` (true) of a chart over a copy of `vals`.
pub fn coalesce_chart(c: &Chart, vals: &Values, merge: bool, log: &mut Log) -> Result<Values, String> {
    let mut dest = vals.clone();
    coalesce(c, &mut dest, "", merge, log)?;
    Ok(dest)
}

/// `Values.Table`: a dotted path of tables.
fn table<'a>(v: &'a Values, path: &str) -> Result<&'a Values, String> {
    let mut t = v;
    for part in path.split('.') {
        match t.get(part) {
            Some(Json::Object(m)) => t = m,
            _ => return Err(format!("{part:?} is not a table")),
        }
    }
    Ok(t)
}

/// `Values.PathValue`: the non-table value at a dotted path.
fn path_value<'a>(v: &'a Values, path: &str) -> Option<&'a Json> {
    let (tables, key) = match path.rsplit_once('.') {
        Some((t, k)) => (table(v, t).ok()?, k),
        None => (v, path),
    };
    tables.get(key).filter(|x| !x.is_object())
}

fn process_tags(reqs: &mut [Dependency], cvals: &Values, log: &mut Log) {
    let Ok(vt) = table(cvals, "tags") else { return };
    for r in reqs {
        let (mut has_true, mut has_false) = (false, false);
        for k in &r.tags {
            match vt.get(k) {
                Some(Json::Bool(true)) => has_true = true,
                Some(Json::Bool(false)) => has_false = true,
                Some(_) => log.warn("returned non-bool value", &[("tag", k), ("chart", &r.name)]),
                None => {}
            }
        }
        r.enabled = has_true || !has_false;
    }
}

fn process_conditions(reqs: &mut [Dependency], cvals: &Values, cpath: &str, log: &mut Log) {
    for r in reqs {
        for c in r.condition.trim().split(',') {
            if c.is_empty() {
                continue;
            }
            match path_value(cvals, &format!("{cpath}{c}")) {
                Some(Json::Bool(b)) => {
                    r.enabled = *b;
                    break;
                }
                Some(_) => log.warn("returned non-bool value", &[("path", c), ("chart", &r.name)]),
                None => {}
            }
        }
    }
}

/// `processDependencyEnabled`: aliases applied, disabled dependencies removed, recursively.
fn process_enabled(c: &mut Chart, v: &Values, path: &str, log: &mut Log) -> Result<(), String> {
    let Some(mut reqs) = c.meta_deps.take() else { return Ok(()) };
    let existing = std::mem::take(&mut c.dependencies);
    let mut deps: Vec<Chart> = existing
        .iter()
        .filter(|e| !reqs.iter().any(|r| e.name == r.name && compatible(&r.version, &e.version)))
        .cloned()
        .collect();
    for r in reqs.iter_mut() {
        if let Some(found) = existing.iter().find(|e| e.name == r.name && compatible(&r.version, &e.version)) {
            deps.push(if r.alias.is_empty() { found.clone() } else { found.renamed(&r.alias) });
        }
        if !r.alias.is_empty() {
            r.name = r.alias.clone();
        }
    }
    c.dependencies = deps;
    for r in reqs.iter_mut() {
        r.enabled = true;
    }
    c.meta_deps = Some(reqs);
    let cvals = coalesce_chart(c, v, false, log)?;
    let reqs = c.meta_deps.as_mut().expect("set above");
    process_tags(reqs, &cvals, log);
    process_conditions(reqs, &cvals, path, log);
    let removed: Vec<String> = reqs.iter().filter(|r| !r.enabled).map(|r| r.name.clone()).collect();
    reqs.retain(|r| !removed.contains(&r.name));
    c.dependencies.retain(|d| !removed.contains(&d.name));
    for t in c.dependencies.iter_mut() {
        let sub_path = format!("{path}{}.", t.name);
        process_enabled(t, &cvals, &sub_path, log)?;
    }
    // Go appends the kept entries to a nil slice: none kept is "no dependencies" again.
    if c.meta_deps.as_ref().is_some_and(|r| r.is_empty()) {
        c.meta_deps = None;
    }
    Ok(())
}

/// `pathToMap`: `a.b` and a table become `{a: {b: table}}`.
fn path_to_map(path: &str, data: Values) -> Values {
    if path == "." {
        return data;
    }
    let mut cur = data;
    for part in path.rsplit('.') {
        let mut m = Map::new();
        m.insert(part.to_string(), Json::Object(cur));
        cur = m;
    }
    cur
}

/// `processImportValues` (merge mode, as ProcessDependencies runs it): children's exported tables become
/// the parent's defaults, under the parent's own values.
fn process_import_values(c: &mut Chart, log: &mut Log) -> Result<(), String> {
    if c.meta_deps.is_none() {
        return Ok(());
    }
    let cvals = coalesce_chart(c, &Map::new(), true, log)?;
    let mut b = Map::new();
    let mut warn = Vec::new();
    for r in c.meta_deps.iter_mut().flatten() {
        let mut out = Vec::new();
        for iv in &r.import_values {
            match iv {
                Json::Object(iv) => {
                    let child = go_v(iv.get("child").unwrap_or(&Json::Null));
                    let parent = go_v(iv.get("parent").unwrap_or(&Json::Null));
                    let mut pair = Map::new();
                    pair.insert("child".into(), Json::String(child.clone()));
                    pair.insert("parent".into(), Json::String(parent.clone()));
                    out.push(Json::Object(pair));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vv) => coalesce_tables(&mut b, path_to_map(&parent, vv.clone()), "", true, &mut warn),
                        Err(e) => {
                            log.warn("ImportValues missing table from chart", &[("chart", &r.name), ("error", &e)])
                        }
                    }
                }
                Json::String(iv) => {
                    let child = format!("exports.{iv}");
                    let mut pair = Map::new();
                    pair.insert("child".into(), Json::String(child.clone()));
                    pair.insert("parent".into(), Json::String(".".into()));
                    out.push(Json::Object(pair));
                    match table(&cvals, &format!("{}.{child}", r.name)) {
                        Ok(vm) => coalesce_tables(&mut b, vm.clone(), "", true, &mut warn),
                        Err(e) => log.warn("ImportValues missing table", &[("error", &e)]),
                    }
                }
                _ => {}
            }
        }
        r.import_values = out;
    }
    let mut vals = cvals;
    coalesce_tables(&mut vals, b, "", true, &mut warn);
    for w in warn {
        log.printf(w);
    }
    c.values = vals;
    Ok(())
}

fn process_import_values_rec(c: &mut Chart, log: &mut Log) -> Result<(), String> {
    for d in c.dependencies.iter_mut() {
        process_import_values_rec(d, log)?;
    }
    process_import_values(c, log)
}

/// `chartutil.ProcessDependencies`: the chart tree as it will be rendered for the user's values.
pub fn process_dependencies(c: &mut Chart, user: &Values, log: &mut Log) -> Result<(), String> {
    process_enabled(c, user, "", log)?;
    process_import_values_rec(c, log)
}
