//! The chart-author commands: `helm package`, `helm dependency list|update|build` and `helm pull`. They mirror
//! helm v4 `pkg/action/package.go`, `pkg/action/dependency.go`, `pkg/downloader/manager.go` and
//! `internal/resolver/resolver.go`, on a machine with no chart repositories and no network (the page has
//! neither): `file://` dependencies and subcharts already in `charts/` work, anything to fetch fails with the
//! words Go's resolver uses. Each message was checked with Helm v4.3.1 run that way.

use super::kubectl::flags;
use super::{Io, Session};
use crate::helm::chart::{self, Chart, Dependency};
use crate::helm::value::Value;
use serde_json::{Map, Value as Json};

/// `helm package CHART...`: each chart's directory loaded as `loader.LoadDir` does, its version and appVersion
/// replaced when asked, its dependencies checked, then saved as `NAME-VERSION.tgz` in `--destination`.
pub fn package(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    if p.args.is_empty() {
        return Err("Error: need at least one argument, the path to the chart\n".into());
    }
    if p.has("sign") {
        return Err(if p.get("key").unwrap_or("").is_empty() {
            "Error: --key is required for signing a package\n".into()
        } else {
            // The keyring's default place holds nothing on the learner's machine.
            let home = s.env("HOME").unwrap_or("").to_string();
            let ring = p.get("keyring").map_or(format!("{home}/.gnupg/pubring.gpg"), str::to_string);
            format!("Error: open {ring}: no such file or directory\n")
        });
    }
    let mut io = Io::ok(String::new());
    for arg in &p.args {
        if s.read_file(arg).is_err() && !s.is_dir(arg) {
            io.err(format!("Error: stat {arg}: no such file or directory\n"));
            io.code = 1;
            return Ok(io);
        }
        if p.has("dependency-update") {
            // cmd/helm/package.go gives the download manager `io.Discard`: only its error is seen.
            let mut quiet = String::new();
            if let Err(e) = update(s, arg, &mut quiet) {
                io.err(format!("Error: {e}\n"));
                io.code = 1;
                return Ok(io);
            }
        }
        match package_one(s, p, arg) {
            Ok(path) => io.out(format!("Successfully packaged chart and saved it to: {path}\n")),
            Err(e) => {
                io.err(format!("Error: {e}\n"));
                io.code = 1;
                return Ok(io);
            }
        }
    }
    Ok(io)
}

fn package_one(s: &mut Session, p: &flags::Parsed, arg: &str) -> Result<String, String> {
    let (mut files, mut c) = load_dir(s, arg)?;
    if let Some(v) = p.get("version").filter(|v| !v.is_empty()) {
        c.version = v.to_string();
        c.metadata.insert("Version".into(), Value::str(v));
    }
    if !chart::is_semver(&c.version) {
        return Err("invalid semantic version".into());
    }
    if let Some(v) = p.get("app-version").filter(|v| !v.is_empty()) {
        c.metadata.insert("AppVersion".into(), Value::str(v));
    }
    if c.meta_deps.as_ref().is_some_and(|d| !d.is_empty()) {
        crate::helm::deps::check_dependencies(&c)?;
    }
    let dest = p.get("destination").unwrap_or(".");
    let dest = if dest == "." { super::helm_create::absolute(s, ".") } else { dest.to_string() };
    // chartutil.Save writes Chart.yaml from the loaded metadata (sigs.k8s.io/yaml: sorted keys, no comments).
    files.insert("Chart.yaml".into(), metadata_yaml(&c).into_bytes());
    let name = join(&dest, &format!("{}-{}.tgz", c.name, c.version));
    let dir = name.rsplit_once('/').map_or(".", |(d, _)| if d.is_empty() { "/" } else { d });
    if s.read_file(dir).is_ok() {
        return Err(format!("failed to save: is not a directory: {dir}"));
    }
    let mtime = crate::cluster::EPOCH_UNIX as u64 + s.cluster.now() / 1000;
    let tgz = chart::package_chart_at(&files, mtime);
    let key = s.resolve(&name);
    s.files.insert(key, tgz);
    Ok(name)
}

/// `filepath.Join`: joined and cleaned (`./x/../y/` + `a.tgz` is `y/a.tgz`).
fn join(dir: &str, file: &str) -> String {
    let abs = dir.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in dir.split('/').chain([file]) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if abs => {}
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if abs {
        format!("/{joined}")
    } else {
        joined
    }
}

/// `loader.LoadDir`: Helm 4 reads Chart.yaml first to pick the chart format.
fn load_dir(s: &Session, arg: &str) -> Result<(crate::charts::ChartFiles, Chart), String> {
    let abs = super::helm_create::absolute(s, arg);
    let files = s.dir_files(arg);
    let Some(meta) = files.get("Chart.yaml") else {
        let why = if s.read_file(arg).is_ok() { "not a directory" } else { "no such file or directory" };
        return Err(format!("unable to detect chart at {abs}/Chart.yaml: open {abs}/Chart.yaml: {why}"));
    };
    chart::check_api_version(meta)?;
    let c = chart::load(&files)?;
    Ok((files, c))
}

/// `loader.Load` (dependency list): a directory, or a file that must be a chart archive.
fn load_any(s: &Session, arg: &str) -> Result<Chart, String> {
    if let Ok(bytes) = s.read_file(arg) {
        return crate::helm::archive::load_file(arg, &bytes);
    }
    if !s.is_dir(arg) {
        return Err(format!("stat {arg}: no such file or directory"));
    }
    chart::load(&s.dir_files(arg))
}

/// Chart.yaml as `chartutil.Save` writes it: `chart.Metadata` through JSON (empty fields left out).
fn metadata_yaml(c: &Chart) -> String {
    let mut m = Map::new();
    for (go, json) in [
        ("Name", "name"),
        ("Home", "home"),
        ("Sources", "sources"),
        ("Version", "version"),
        ("Description", "description"),
        ("Keywords", "keywords"),
        ("Maintainers", "maintainers"),
        ("Icon", "icon"),
        ("APIVersion", "apiVersion"),
        ("Condition", "condition"),
        ("Tags", "tags"),
        ("AppVersion", "appVersion"),
        ("Deprecated", "deprecated"),
        ("Annotations", "annotations"),
        ("KubeVersion", "kubeVersion"),
        ("Type", "type"),
    ] {
        if let Some(v) = c.metadata.get(go).map(omit_empty).filter(|v| !v.is_null()) {
            m.insert(json.into(), v);
        }
    }
    if let Some(deps) = c.meta_deps.as_ref().filter(|d| !d.is_empty()) {
        m.insert("dependencies".into(), Json::Array(deps.iter().map(|d| dependency_json(d, true)).collect()));
    }
    crate::yaml::emit::marshal(&Json::Object(m)).unwrap_or_default()
}

/// A metadata value as `omitempty` JSON: `null` when Go leaves it out; maintainers' Go keys become JSON keys.
fn omit_empty(v: &Value) -> Json {
    match v {
        Value::Str(s) if !s.is_empty() => Json::String(s.to_string()),
        Value::Bool(true) => Json::Bool(true),
        Value::List(_, l) if !l.is_empty() => Json::Array(
            l.iter()
                .map(|x| match x {
                    Value::Map(_) => {
                        let o = crate::helm::funcs::encoding::to_serde_json(x).unwrap_or_default();
                        let mut out = Map::new();
                        for (go, json) in [("Name", "name"), ("Email", "email"), ("URL", "url")] {
                            if let Some(s) = o.get(go).and_then(Json::as_str).filter(|s| !s.is_empty()) {
                                out.insert(json.into(), Json::String(s.into()));
                            }
                        }
                        Json::Object(out)
                    }
                    other => omit_empty(other),
                })
                .collect(),
        ),
        Value::Map(m) if !m.borrow().is_empty() => crate::helm::funcs::encoding::to_serde_json(v).unwrap_or_default(),
        _ => Json::Null,
    }
}

/// `chart.Dependency` as encoding/json writes it, in the struct's field order (the lock digest hashes it).
fn dependency_json(d: &Dependency, full: bool) -> Json {
    let mut m = Map::new();
    m.insert("name".into(), Json::String(d.name.clone()));
    if !d.version.is_empty() {
        m.insert("version".into(), Json::String(d.version.clone()));
    }
    m.insert("repository".into(), Json::String(d.repository.clone()));
    if full {
        if !d.condition.is_empty() {
            m.insert("condition".into(), Json::String(d.condition.clone()));
        }
        if !d.tags.is_empty() {
            m.insert("tags".into(), Json::Array(d.tags.iter().map(|t| Json::String(t.clone())).collect()));
        }
        if d.enabled {
            m.insert("enabled".into(), Json::Bool(true));
        }
        if !d.import_values.is_empty() {
            m.insert("import-values".into(), Json::Array(d.import_values.clone()));
        }
        if !d.alias.is_empty() {
            m.insert("alias".into(), Json::String(d.alias.clone()));
        }
    }
    Json::Object(m)
}

/// `resolver.HashReq`: sha256 of the JSON of the requirements and the lock.
fn hash_req(req: &[Dependency], lock: &[Dependency]) -> String {
    use sha2::Digest;
    let arr = |ds: &[Dependency], full| Json::Array(ds.iter().map(|d| dependency_json(d, full)).collect());
    let text = Json::Array(vec![arr(req, true), arr(lock, false)]).to_string();
    let sum = sha2::Sha256::digest(text.as_bytes());
    format!("sha256:{}", sum.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Masterminds/semver: whether `version` satisfies `constraint`, or the constraint's parse error.
fn satisfies(constraint: &str, version: &str) -> Result<bool, String> {
    let f = crate::helm::funcs::lookup("semverCompare").ok_or("semverCompare")?;
    match f(&[Value::str(constraint), Value::str(version)]) {
        Ok(Value::Bool(b)) => Ok(b),
        Ok(_) => Ok(false),
        Err(e) if e.contains("improper constraint") => Err(e),
        Err(_) => Ok(false),
    }
}

/// `helm dependency list|update|build` (and its aliases).
pub fn dependency(s: &mut Session, p: &flags::Parsed) -> Result<Io, String> {
    let sub = p.args.first().map(String::as_str);
    let chart = p.args.get(1).map_or(".", String::as_str);
    if p.args.len() > 2 {
        let use_ = match sub {
            Some("list" | "ls") => "list CHART",
            Some("update" | "up") => "update CHART",
            _ => "build CHART",
        };
        return Err(format!(
            "Error: \"helm dependency {}\" accepts at most 1 argument\n\nUsage:  helm dependency {use_} [flags]\n",
            use_.split(' ').next().unwrap_or("")
        ));
    }
    let mut out = String::new();
    let r = match sub {
        Some("list" | "ls") => list(s, chart, &mut out),
        Some("update" | "up") => update(s, chart, &mut out),
        Some("build") => build(s, chart, &mut out),
        _ => return Ok(Io::ok(DEPENDENCY_HELP)),
    };
    let mut io = Io::ok(out);
    if let Err(e) = r {
        io.err(format!("Error: {e}\n"));
        io.code = 1;
    }
    Ok(io)
}

fn list(s: &Session, chart: &str, out: &mut String) -> Result<(), String> {
    let c = load_any(s, chart)?;
    let Some(deps) = &c.meta_deps else {
        out.push_str(&format!("WARNING: no dependencies at {}\n", join(chart, "charts")));
        return Ok(());
    };
    let mut rows = vec![["NAME", "VERSION", "REPOSITORY", "STATUS"].map(String::from)];
    for d in deps {
        rows.push([d.name.clone(), d.version.clone(), d.repository.clone(), status(s, chart, d, &c).into()]);
    }
    // gosuri/uitable: every cell padded to its column's width, cells joined by a tab.
    let widths: Vec<usize> = (0..4).map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0)).collect();
    for r in &rows {
        let cells: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out.push('\n');
    // printMissing: what charts/ holds that Chart.yaml does not name.
    let dir = join(chart, "charts");
    let mut entries: Vec<String> = s
        .dir_files(&dir)
        .keys()
        .map(|k| k.split_once('/').map_or(k.clone(), |(d, _)| d.to_string()))
        .filter(|e| s.is_dir(&join(&dir, e)) || e.ends_with(".tgz"))
        .collect();
    entries.dedup();
    for e in entries {
        let path = join(&dir, &e);
        match load_any(s, &path) {
            Err(_) => out.push_str(&format!("WARNING: {path:?} is not a chart.\n")),
            Ok(sc) if !deps.iter().any(|d| d.name == sc.name) => {
                out.push_str(&format!("WARNING: {path:?} is not in Chart.yaml.\n"))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// `dependencyStatus`: an archive `charts/NAME-*.tgz` first (`ok`), else the loaded subchart (`unpacked`).
fn status(s: &Session, chart: &str, d: &Dependency, parent: &Chart) -> &'static str {
    let dir = join(chart, "charts");
    let prefix = format!("{}-", d.name);
    let archives: Vec<String> = s
        .dir_files(&dir)
        .keys()
        .filter(|k| !k.contains('/') && k.starts_with(&prefix) && k.ends_with(".tgz"))
        .cloned()
        .collect();
    let version_status = |v: &str| {
        if v == d.version {
            return None;
        }
        match satisfies(&d.version, v) {
            Err(_) => Some("invalid version"),
            Ok(_) if !chart::is_semver(v) => Some("invalid version"),
            Ok(false) => Some("wrong version"),
            Ok(true) => None,
        }
    };
    let archive_status = |a: &str| match load_any(s, &join(&dir, a)) {
        Err(_) => "corrupt",
        Ok(c) if c.name != d.name => "misnamed",
        Ok(c) => version_status(&c.version).unwrap_or("ok"),
    };
    let found: Vec<&String> = if archives.len() > 1 {
        archives.iter().filter(|a| is_strict_semver(&a[prefix.len()..a.len() - 4])).collect()
    } else {
        archives.iter().collect()
    };
    match found.len() {
        1 => return archive_status(found[0]),
        0 => {}
        _ => return "too many matches",
    }
    match parent.dependencies.iter().rfind(|c| c.name == d.name) {
        None => "missing",
        Some(c) => version_status(&c.version).unwrap_or("unpacked"),
    }
}

/// `semver.StrictNewVersion`: exactly MAJOR.MINOR.PATCH, no `v`, no leading zeros.
fn is_strict_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p.len() == 1 || !p.starts_with('0')))
        && chart::is_semver(v)
}

/// `Manager.Build`: from Chart.lock if there is one (and it matches Chart.yaml), else an update.
fn build(s: &mut Session, chart: &str, out: &mut String) -> Result<(), String> {
    let c = manager_load(s, chart)?;
    let Some(lock) = s.read_file(&join(chart, "Chart.lock")).ok().and_then(|b| lock_of(&b)) else {
        return update(s, chart, out);
    };
    let req = c.meta_deps.clone().unwrap_or_default();
    resolve_repo_names(s, chart, &req)?;
    if hash_req(&req, &lock.1) != lock.0 {
        return Err("the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). Please update the dependencies with 'helm dependency update'".into());
    }
    download_all(s, chart, &lock.1, out).map(|_| ())
}

/// Chart.lock's digest and dependencies.
fn lock_of(bytes: &[u8]) -> Option<(String, Vec<Dependency>)> {
    let v = crate::yaml::load(&String::from_utf8_lossy(bytes)).ok()?;
    let digest = v.get("digest")?.as_str()?.to_string();
    let field = |d: &Json, k: &str| d.get(k).and_then(Json::as_str).unwrap_or("").to_string();
    let deps = v.get("dependencies").and_then(Json::as_array).map_or(vec![], |a| {
        a.iter()
            .map(|d| Dependency {
                name: field(d, "name"),
                version: field(d, "version"),
                repository: field(d, "repository"),
                ..Dependency::default()
            })
            .collect()
    });
    Some((digest, deps))
}

fn manager_load(s: &Session, chart: &str) -> Result<Chart, String> {
    if s.read_file(chart).is_ok() {
        return Err("only unpacked charts can be updated".into());
    }
    if !s.is_dir(chart) {
        return Err(format!("could not find {chart}: stat {chart}: no such file or directory"));
    }
    load_dir(s, chart).map(|(_, c)| c)
}

/// `GetLocalPath`: a `file://` repository (or `charts/NAME`) relative to the chart, which must exist.
fn local_path(s: &Session, repo: &str, chart: &str) -> Result<String, String> {
    let p = repo.strip_prefix("file://").unwrap_or(repo);
    let path = if p.starts_with('/') { join(p, "") } else { join(chart, p) };
    if s.is_dir(&path) || s.read_file(&path).is_ok() {
        Ok(path)
    } else {
        Err(format!("directory {path} not found"))
    }
}

/// `resolveRepoNames` with no repositories added (the playground cannot add any): `file://` paths must exist,
/// OCI references and URLs pass, anything else names a repository Helm does not know.
fn resolve_repo_names(s: &Session, chart: &str, req: &[Dependency]) -> Result<(), String> {
    let mut missing = Vec::new();
    for d in req.iter().filter(|d| !d.repository.is_empty()) {
        if d.repository.starts_with("file://") {
            local_path(s, &d.repository, chart)?;
        } else if !d.repository.starts_with("oci://") && !is_request_uri(&d.repository) {
            missing.push(d.repository.as_str());
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let mut e = format!("no repository definition for {}. Please add them via 'helm repo add'", missing.join(", "));
    if missing.iter().any(|r| !r.contains("//") && !r.starts_with('@') && !r.starts_with("alias:")) {
        e.push_str("\nNote that repositories must be URLs or aliases. For example, to refer to the \"example\"\nrepository, use \"https://charts.example.com/\" or \"@example\" instead of\n\"example\". Don't forget to add the repo, too ('helm repo add').");
    }
    Err(e)
}

/// `url.ParseRequestURI` succeeds: an absolute path, or `scheme:` with a valid scheme.
fn is_request_uri(r: &str) -> bool {
    if r.starts_with('/') {
        return true;
    }
    match r.split_once(':') {
        Some((scheme, _)) => {
            scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        }
        None => false,
    }
}

/// `Manager.Update`: resolve every dependency to a version, put each into `charts/`, write Chart.lock.
fn update(s: &mut Session, chart: &str, out: &mut String) -> Result<(), String> {
    let c = manager_load(s, chart)?;
    let Some(req) = c.meta_deps.clone() else { return Ok(()) };
    resolve_repo_names(s, chart, &req)?;
    // ensureMissingRepos: a repository URL nobody added is fetched once, under a name made from its hash.
    let unmanaged: Vec<&Dependency> = req
        .iter()
        .filter(|d| {
            !d.repository.is_empty() && !d.repository.starts_with("file://") && !d.repository.starts_with("oci://")
        })
        .collect();
    if !unmanaged.is_empty() {
        out.push_str("Getting updates for unmanaged Helm repositories...\n");
        for d in &unmanaged {
            let why = match d.repository.split_once("://") {
                Some(("http" | "https", _)) => {
                    crate::helm::unreachable(&format!("{}/index.yaml", d.repository.trim_end_matches('/')))
                }
                _ => format!("could not find protocol handler for: {}", d.repository.split(':').next().unwrap_or("")),
            };
            out.push_str(&format!(
                "...Unable to get an update from the {:?} chart repository:\n\t{why}\n",
                d.repository
            ));
        }
    }
    // resolver.Resolve
    let mut lock = Vec::new();
    let mut missing = Vec::new();
    for d in &req {
        satisfies(&d.version, "0.0.0")
            .map_err(|e| format!("dependency {:?} has an invalid version/constraint format: {e}", d.name))?;
        if d.repository.is_empty() {
            local_path(s, &format!("charts/{}", d.name), chart)?;
            lock.push(Dependency { name: d.name.clone(), version: d.version.clone(), ..Dependency::default() });
        } else if d.repository.starts_with("file://") {
            let path = local_path(s, &d.repository, chart)?;
            let (_, sub) = load_dir(s, &path)?;
            if !chart::is_semver(&sub.version) {
                continue;
            }
            if !satisfies(&d.version, &sub.version).unwrap_or(false) {
                missing.push(format!("{:?} (repository {:?}, version {:?})", d.name, d.repository, d.version));
                continue;
            }
            lock.push(Dependency {
                name: d.name.clone(),
                version: sub.version,
                repository: d.repository.clone(),
                ..Dependency::default()
            });
        } else if d.repository.starts_with("oci://") {
            if !chart::is_semver(&d.version) {
                let url = format!("{}/{}", d.repository.trim_end_matches('/'), d.name);
                let tags = crate::helm::locate_error(&url, None, None);
                return Err(format!("could not retrieve list of tags for repository {}: {tags}", d.repository));
            }
            lock.push(Dependency {
                name: d.name.clone(),
                version: d.version.clone(),
                repository: d.repository.clone(),
                ..Dependency::default()
            });
        } else {
            let key = {
                use sha2::Digest;
                let sum = sha2::Sha256::digest(d.repository.as_bytes());
                format!("helm-manager-{}", sum.iter().map(|b| format!("{b:02x}")).collect::<String>())
            };
            let home = s.env("HOME").unwrap_or("").to_string();
            return Err(format!("no cached repository for {key} found. (try 'helm repo update'): open {home}/.cache/helm/repository/{key}-index.yaml: no such file or directory"));
        }
    }
    if !missing.is_empty() {
        return Err(format!("can't get a valid version for {} subchart(s): {}. Make sure a matching chart version exists in the repo, or change the version constraint in Chart.yaml", missing.len(), missing.join(", ")));
    }
    let lock = download_all(s, chart, &lock, out)?;
    let digest = hash_req(&req, &lock);
    let lock_path = join(chart, "Chart.lock");
    if s.read_file(&lock_path).ok().and_then(|b| lock_of(&b)).is_some_and(|(d, _)| d == digest) {
        return Ok(());
    }
    let mut m = Map::new();
    m.insert("dependencies".into(), Json::Array(lock.iter().map(|d| dependency_json(d, false)).collect()));
    m.insert("digest".into(), Json::String(digest));
    m.insert("generated".into(), Json::String(rfc3339_nano(s.cluster.now())));
    let text = crate::yaml::emit::marshal(&Json::Object(m)).unwrap_or_default();
    let key = s.resolve(&lock_path);
    s.files.insert(key, text.into_bytes());
    Ok(())
}

/// Go's `time.RFC3339Nano` of a simulated time (trailing zeros of the fraction dropped).
fn rfc3339_nano(ms: u64) -> String {
    let t = crate::cluster::meta::rfc3339(ms);
    match ms % 1000 {
        0 => t,
        f => format!("{}.{}Z", &t[..t.len() - 1], format!("{f:03}").trim_end_matches('0')),
    }
}

/// `downloadAll`: each dependency's archive into `charts/` (returns the lock with the versions put there).
fn download_all(
    s: &mut Session,
    chart: &str,
    deps: &[Dependency],
    out: &mut String,
) -> Result<Vec<Dependency>, String> {
    let dest = join(chart, "charts");
    if s.read_file(&dest).is_ok() {
        return Err(format!("{:?} is not a directory", dest));
    }
    out.push_str(&format!("Saving {} charts\n", deps.len()));
    let mut lock = deps.to_vec();
    let mut saved: Vec<(String, Vec<u8>)> = Vec::new();
    let fail = |out: &mut String, e: String| {
        out.push_str(&format!("Save error occurred:  {e}\n"));
        Err(e)
    };
    for d in lock.iter_mut() {
        if d.repository.is_empty() {
            out.push_str(&format!(
                "Dependency {} did not declare a repository. Assuming it exists in the charts directory\n",
                d.name
            ));
            let path = join(&dest, &d.name);
            let (_, sub) = load_dir(s, &path).map_err(|e| format!("unable to load chart '{path}': {e}"))?;
            satisfies(&d.version, "0.0.0")
                .map_err(|e| format!("dependency {} has an invalid version/constraint format: {e}", d.name))?;
            if !satisfies(&d.version, &sub.version).unwrap_or(false) {
                return fail(
                    out,
                    format!(
                        "dependency {} at version {} does not satisfy the constraint {}",
                        d.name, sub.version, d.version
                    ),
                );
            }
        } else if d.repository.starts_with("file://") {
            let path = local_path(s, &d.repository, chart)?;
            let (mut files, sub) = load_dir(s, &path)?;
            if !satisfies(&d.version, &sub.version).unwrap_or(false) {
                return fail(out, format!("can't get a valid version for dependency {}", d.name));
            }
            files.insert("Chart.yaml".into(), metadata_yaml(&sub).into_bytes());
            let mtime = crate::cluster::EPOCH_UNIX as u64 + s.cluster.now() / 1000;
            saved.push((format!("{}-{}.tgz", sub.name, sub.version), chart::package_chart_at(&files, mtime)));
            d.version = sub.version;
        } else {
            out.push_str(&format!("Downloading {} from repo {}\n", d.name, d.repository));
            let url = format!("{}/{}", d.repository.trim_end_matches('/'), d.name);
            let why = crate::helm::locate_error(&url, None, Some(&d.version));
            return fail(out, format!("could not download {url}: {why}"));
        }
    }
    // safeMoveDeps: the new archives replace what was there; other archives go unless a local dependency's.
    let locals: Vec<&str> = lock.iter().filter(|d| d.repository.is_empty()).map(|d| d.name.as_str()).collect();
    let old: Vec<String> = s.dir_files(&dest).into_keys().filter(|k| !k.contains('/')).collect();
    for (name, tgz) in &saved {
        let key = s.resolve(&join(&dest, name));
        s.files.insert(key, tgz.clone());
    }
    out.push_str("Deleting outdated charts\n");
    for f in old {
        if saved.iter().any(|(n, _)| *n == f) {
            continue;
        }
        let path = join(&dest, &f);
        match load_any(s, &path) {
            Err(e) => out.push_str(&format!("Could not verify {path} for deletion: {e} (Skipping)\n")),
            Ok(c) if locals.contains(&c.name.as_str()) => {}
            Ok(_) => {
                let key = s.resolve(&path);
                s.remove_tree(&key);
            }
        }
    }
    Ok(lock)
}

/// `helm pull`: every reference is fetched, and there is no network (nor a repository) to fetch from.
pub fn pull(p: &flags::Parsed) -> Result<Io, String> {
    let Some(chart) = p.args.first() else {
        return Err("Error: \"helm pull\" requires at least 1 argument\n\nUsage:  helm pull [chart URL | repo/chartname] [...] [flags]\n".into());
    };
    let why = if chart.starts_with("oci://") || chart.contains("://") || p.get("repo").is_some_and(|r| !r.is_empty()) {
        crate::helm::locate_error(chart, p.get("repo"), p.get("version"))
    } else {
        // Unlike install, pull never looks for a local directory: `./mychart` names the repository `.`.
        match chart.split_once('/') {
            Some((repo, _)) => format!("repo {repo} not found"),
            None => format!("non-absolute URLs should be in form of repo_name/path_to_chart, got: {chart}"),
        }
    };
    Err(format!("Error: {why}\n"))
}

const DEPENDENCY_HELP: &str = "
Manage the dependencies of a chart.

Helm charts store their dependencies in 'charts/'. For chart developers, it is
often easier to manage dependencies in 'Chart.yaml' which declares all
dependencies.

The dependency commands operate on that file, making it easy to synchronize
between the desired dependencies and the actual dependencies stored in the
'charts/' directory.

For example, this Chart.yaml declares two dependencies:

    # Chart.yaml
    dependencies:
    - name: nginx
      version: \"1.2.3\"
      repository: \"https://example.com/charts\"
    - name: memcached
      version: \"3.2.1\"
      repository: \"https://another.example.com/charts\"


The 'name' should be the name of a chart, where that name must match the name
in that chart's 'Chart.yaml' file.

The 'version' field should contain a semantic version or version range.

The 'repository' URL should point to a Chart Repository. Helm expects that by
appending '/index.yaml' to the URL, it should be able to retrieve the chart
repository's index. Note: 'repository' can be an alias. The alias must start
with 'alias:' or '@'.

Starting from 2.2.0, repository can be defined as the path to the directory of
the dependency charts stored locally. The path should start with a prefix of
\"file://\". For example,

    # Chart.yaml
    dependencies:
    - name: nginx
      version: \"1.2.3\"
      repository: \"file://../dependency_chart/nginx\"

If the dependency chart is retrieved locally, it is not required to have the
repository added to helm by \"helm add repo\". Version matching is also supported
for this case.

Usage:
  helm dependency [command]

Aliases:
  dependency, dep, dependencies

Available Commands:
  build       rebuild the charts/ directory based on the Chart.lock file
  list        list the dependencies for the given chart
  update      update charts/ based on the contents of Chart.yaml

Flags:
  -h, --help   help for dependency

Use \"helm dependency [command] --help\" for more information about a command.
";

/// `helm show chart|values|readme|crds|all` (pkg/action/show.go): Chart.yaml as the loader read it (marshalled,
/// so comments are gone), the raw values.yaml, the README, the CRDs, from a directory or a chart archive.
pub fn show(s: &Session, what: &str, chart: &str, repo: Option<&str>, version: Option<&str>) -> Result<String, String> {
    let files = if s.is_dir(chart) && s.read_file(chart).is_err() {
        s.dir_files(chart)
    } else if let Ok(bytes) = s.read_file(chart) {
        crate::helm::archive::load_file(&super::helm_create::absolute(s, chart), &bytes)?;
        crate::helm::archive::load_archive_files(&bytes)?.into_iter().collect()
    } else {
        return Err(crate::helm::locate_error(chart, repo, version));
    };
    let c = if files.contains_key("Chart.yaml") {
        chart::load(&files)?
    } else {
        return Err("Chart.yaml file is missing".into());
    };
    let all = what == "all";
    let mut out = String::new();
    if what == "chart" || all {
        out.push_str(&metadata_yaml(&c));
        out.push('\n');
    }
    if what == "values" || all {
        if let Some(v) = files.get("values.yaml") {
            if all {
                out.push_str("---\n");
            }
            out.push_str(&String::from_utf8_lossy(v.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(v)));
            out.push('\n');
        }
    }
    if what == "readme" || all {
        let readme =
            c.files.iter().find(|(n, _)| ["readme.md", "readme.txt", "readme"].contains(&n.to_lowercase().as_str()));
        if let Some((_, data)) = readme {
            if all {
                out.push_str("---\n");
            }
            out.push_str(&String::from_utf8_lossy(data));
            out.push('\n');
        }
    }
    if what == "crds" || all {
        let is_crd = |n: &str| n.starts_with("crds/") && [".yaml", ".yml", ".json"].iter().any(|e| n.ends_with(e));
        for (_, data) in c.files.iter().filter(|(n, _)| is_crd(n)) {
            if !data.starts_with(b"---") {
                out.push_str("---\n");
            }
            out.push_str(&String::from_utf8_lossy(data));
            out.push('\n');
        }
    }
    Ok(out)
}
