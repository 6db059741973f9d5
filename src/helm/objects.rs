//! The Go objects templates see besides plain maps: `.Files` (helm `pkg/engine/files.go`) and `.Capabilities`
//! (`pkg/chart/common/capabilities.go`) with its KubeVersion, APIVersions and HelmVersion.

use super::value::{ElemType, Object, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The Kubernetes version Helm v4.3.1 reports without a cluster (`helm template`).
pub const KUBE_VERSION: &str = "v1.37.0";
/// `.Capabilities.HelmVersion` of helm v4.3.1 as released.
const HELM_GIT_COMMIT: &str = "c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff";
const HELM_GO_VERSION: &str = "go1.27.2";
const KUBE_CLIENT_VERSION: &str = "v1.37";

/// `common.DefaultVersionSet` of helm v4.3.1, in its order (printed by `{{ .Capabilities.APIVersions }}`).
const API_VERSIONS: &[&str] = &[
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "lifecycle.k8s.io/v1alpha1",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
];

fn want_args(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() != n {
        return Err(format!("wrong number of args for {name}: want {n} got {}", args.len()));
    }
    Ok(())
}

fn string_arg(args: &[Value]) -> Result<Rc<str>, String> {
    match &args[0] {
        Value::Str(s) => Ok(s.clone()),
        other => Err(format!("wrong type for value; expected string; got {}", other.type_name())),
    }
}

/// gobwas/glob with '/' as separator, as `.Files.Glob` compiles patterns: `*` and `?` stay inside one path
/// element, `**` crosses elements, `[...]`/`[!...]` classes, `{a,b}` alternatives, `\` escapes.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    // A step budget keeps patterns like `*a*a*a*a*b` from backtracking for ever in a browser tab.
    let mut steps = 200_000u32;
    if pattern.is_ascii() && name.is_ascii() {
        // Bytes are characters here: no per-call conversion (chart loading matches every file).
        return glob_at(pattern.as_bytes(), name.as_bytes(), 0, &mut steps);
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    glob_at(&p, &n, 0, &mut steps)
}

/// A pattern or name unit: a byte of ASCII text or a char.
trait Unit: Copy + Eq + Ord {
    fn is(self, c: u8) -> bool;
}

impl Unit for u8 {
    fn is(self, c: u8) -> bool {
        self == c
    }
}

impl Unit for char {
    fn is(self, c: u8) -> bool {
        self == c as char
    }
}

fn glob_at<U: Unit>(p: &[U], n: &[U], depth: usize, steps: &mut u32) -> bool {
    *steps = steps.saturating_sub(1);
    if depth > 64 || *steps == 0 {
        return false;
    }
    let Some(&first) = p.first() else { return n.is_empty() };
    if first.is(b'*') {
        let double = p.get(1).is_some_and(|c| c.is(b'*'));
        let rest = if double { &p[2..] } else { &p[1..] };
        for i in 0..=n.len() {
            if glob_at(rest, &n[i..], depth + 1, steps) {
                return true;
            }
            if i < n.len() && !double && n[i].is(b'/') {
                return false;
            }
        }
        false
    } else if first.is(b'?') {
        !n.is_empty() && !n[0].is(b'/') && glob_at(&p[1..], &n[1..], depth + 1, steps)
    } else if first.is(b'[') {
        let Some(end) = p.iter().skip(1).position(|c| c.is(b']')).map(|i| i + 1) else {
            return !n.is_empty() && n[0].is(b'[') && glob_at(&p[1..], &n[1..], depth + 1, steps);
        };
        if n.is_empty() {
            return false;
        }
        let mut class = &p[1..end];
        let negate = class.first().is_some_and(|c| c.is(b'!') || c.is(b'^'));
        if negate {
            class = &class[1..];
        }
        let mut hit = false;
        let mut i = 0;
        while i < class.len() {
            if i + 2 < class.len() && class[i + 1].is(b'-') {
                hit |= class[i] <= n[0] && n[0] <= class[i + 2];
                i += 3;
            } else {
                hit |= class[i] == n[0];
                i += 1;
            }
        }
        hit != negate && glob_at(&p[end + 1..], &n[1..], depth + 1, steps)
    } else if first.is(b'{') {
        let Some(end) = p.iter().position(|c| c.is(b'}')) else {
            return !n.is_empty() && n[0].is(b'{') && glob_at(&p[1..], &n[1..], depth + 1, steps);
        };
        p[1..end].split(|c| c.is(b',')).any(|alt| {
            let mut q: Vec<U> = alt.to_vec();
            q.extend_from_slice(&p[end + 1..]);
            glob_at(&q, n, depth + 1, steps)
        })
    } else if first.is(b'\\') && p.len() > 1 {
        !n.is_empty() && n[0] == p[1] && glob_at(&p[2..], &n[1..], depth + 1, steps)
    } else {
        !n.is_empty() && n[0] == first && glob_at(&p[1..], &n[1..], depth + 1, steps)
    }
}

/// `.Files`: the chart's non-template files.
#[derive(Debug)]
pub struct Files(pub BTreeMap<String, Vec<u8>>);

fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl Files {
    fn to_yaml(m: serde_json::Map<String, serde_json::Value>) -> Value {
        let y = crate::yaml::to_yaml(&serde_json::Value::Object(m));
        Value::str(y.strip_suffix('\n').unwrap_or(&y))
    }
}

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    /// `map[string][]byte`: each file's bytes as decimal numbers.
    fn format_v(&self) -> String {
        let items: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{k}:[{}]", v.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(" ")))
            .collect();
        format!("map[{}]", items.join(" "))
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "AsConfig" => {
                let m = self.0.iter().map(|(k, v)| (base(k).to_string(), String::from_utf8_lossy(v).into())).collect();
                Some(Files::to_yaml(m))
            }
            "AsSecrets" => {
                let m = self.0.iter().map(|(k, v)| (base(k).to_string(), base64(v).into())).collect();
                Some(Files::to_yaml(m))
            }
            _ => None,
        }
    }
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        let bytes =
            |v: &Vec<u8>| Value::List(ElemType::Int, Rc::new(v.iter().map(|b| Value::Int(*b as i64)).collect()));
        Some(self.0.iter().map(|(k, v)| (k.clone(), bytes(v))).collect())
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let one = |args: &[Value]| want_args(name, args, 1).and_then(|_| string_arg(args));
        Some(match name {
            "Get" | "GetBytes" => one(args).map(|p| {
                Value::str(self.0.get(&*p).map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default())
            }),
            "Glob" => one(args).map(|p| {
                let m = crate::sort::btree_map(
                    self.0.iter().filter(|(k, _)| glob_match(&p, k)).map(|(k, v)| (k.clone(), v.clone())),
                );
                Value::Object(Rc::new(Files(m)))
            }),
            "Lines" => one(args).map(|p| match self.0.get(&*p) {
                None => Value::strings(vec![]),
                Some(b) => {
                    let s = String::from_utf8_lossy(b);
                    let s = s.strip_suffix('\n').unwrap_or(&s);
                    Value::strings(s.split('\n').map(String::from).collect())
                }
            }),
            "AsConfig" | "AsSecrets" => want_args(name, args, 0).map(|_| self.field(name).unwrap_or(Value::Nil)),
            _ => return None,
        })
    }
}

fn base64(b: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[derive(Debug)]
struct KubeVersion;

impl Object for KubeVersion {
    fn type_name(&self) -> &str {
        "common.KubeVersion"
    }
    /// Its `String()` method.
    fn format_v(&self) -> String {
        KUBE_VERSION.into()
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::str(match name {
            "Version" | "GitVersion" | "String" => KUBE_VERSION,
            "Major" => "1",
            "Minor" => "37",
            _ => return None,
        }))
    }
}

#[derive(Debug)]
struct HelmVersion;

/// `helm version`'s data: its default output is Go's `%#v` of this BuildInfo, `--short` and `--template` read
/// its fields (cmd/helm/version.go).
pub fn helm_version() -> Value {
    Value::Object(Rc::new(HelmVersion))
}

/// `helm version` without flags.
pub fn helm_version_text() -> String {
    format!(
        "version.BuildInfo{{Version:\"{}\", GitCommit:\"{HELM_GIT_COMMIT}\", GitTreeState:\"clean\", \
         GoVersion:\"{HELM_GO_VERSION}\", KubeClientVersion:\"{KUBE_CLIENT_VERSION}\"}}",
        crate::HELM_VERSION
    )
}

/// `helm version --short`: the version and `+g` with the commit's first 7 characters.
pub fn helm_version_short() -> String {
    format!("{}+g{}", crate::HELM_VERSION, &HELM_GIT_COMMIT[..7])
}

impl Object for HelmVersion {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }
    /// A struct without `String()`: its fields in order.
    fn format_v(&self) -> String {
        format!("{{{} {HELM_GIT_COMMIT} clean {HELM_GO_VERSION} {KUBE_CLIENT_VERSION}}}", crate::HELM_VERSION)
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(Value::str(match name {
            "Version" => crate::HELM_VERSION,
            "GitCommit" => HELM_GIT_COMMIT,
            "GitTreeState" => "clean",
            "GoVersion" => HELM_GO_VERSION,
            "KubeClientVersion" => KUBE_CLIENT_VERSION,
            _ => return None,
        }))
    }
}

#[derive(Debug)]
struct ApiVersions;

impl Object for ApiVersions {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    fn format_v(&self) -> String {
        format!("[{}]", API_VERSIONS.join(" "))
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match name {
            "Has" => Some(
                want_args(name, args, 1)
                    .and_then(|_| string_arg(args))
                    .map(|v| Value::Bool(API_VERSIONS.contains(&&*v))),
            ),
            _ => None,
        }
    }
}

/// `.Capabilities` without a cluster, as `helm template` has it.
#[derive(Debug)]
pub struct Capabilities;

impl Object for Capabilities {
    fn type_name(&self) -> &str {
        "*common.Capabilities"
    }
    /// Printed as helm v4.3.1 prints it: its fields, the KubeVersion as a plain struct (Version, the
    /// deprecated GitVersion, Major, Minor), not through its String method.
    fn format_v(&self) -> String {
        format!("{{{{{KUBE_VERSION} {KUBE_VERSION} 1 37}} {} {}}}", ApiVersions.format_v(), HelmVersion.format_v())
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "KubeVersion" => Value::Object(Rc::new(KubeVersion)),
            "APIVersions" => Value::Object(Rc::new(ApiVersions)),
            "HelmVersion" => Value::Object(Rc::new(HelmVersion)),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_like_gobwas() {
        assert!(glob_match("files/*.conf", "files/a.conf"));
        assert!(!glob_match("files/*.conf", "files/sub/a.conf"));
        assert!(glob_match("files/**", "files/sub/a.conf"));
        assert!(glob_match("*.{txt,md}", "README.md"));
        assert!(glob_match("[a-c]?.txt", "b1.txt"));
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base64(b"hi\n"), "aGkK");
    }
}
