//! `kubectl diff -f FILE`, as kubectl's pkg/cmd/diff does it: each object of the files is fetched (LIVE, empty when
//! it does not exist yet) and sent as `kubectl apply` would send it with `dryRun=All` (MERGED: the three-way patch
//! against the live object, or a dry-run create of the manifest as written), both printed as YAML into two
//! temporary directories with `managedFields` dropped (`omitManagedFields`) and a Secret's data masked (`Masker`),
//! then `diff -u -N LIVE-dir MERGED-dir` prints what differs, file by file. Nothing else is masked: a spec change
//! shows the generation the server would give it. Exit status: 0 no differences, 1 differences, >1 an error
//! (`CheckDiffErr` adds one to the usual code).

use super::flags::{self, flag, opt};
use super::{name_of, namespace, read_filenames, resource_of};
use crate::cluster::meta;
use crate::shell::{Io, Session};
use serde_json::Value;

/// `CheckDiffErr`: the message as kubectl prints it, and one more than the usual exit code.
fn fail(msg: String) -> Io {
    Io::fail(2, msg)
}

/// kubectl's Masker over a Secret's `data` (not `stringData`): a key on both sides with different values becomes
/// `*** (before)` / `*** (after)`, every other key `***`, so the diff shows which keys change and nothing else.
fn mask_secret(from: &mut Value, to: &mut Value) {
    let (fm, tm) =
        (from.get("data").and_then(Value::as_object).cloned(), to.get("data").and_then(Value::as_object).cloned());
    let mask = |m: &serde_json::Map<String, Value>, other: Option<&serde_json::Map<String, Value>>, changed: &str| {
        m.iter()
            .map(|(k, v)| {
                let word = match other.and_then(|o| o.get(k)) {
                    Some(w) if w != v => changed,
                    _ => "***",
                };
                (k.clone(), Value::String(word.into()))
            })
            .collect::<serde_json::Map<String, Value>>()
    };
    if let Some(f) = &fm {
        from["data"] = Value::Object(mask(f, tm.as_ref(), "*** (before)"));
    }
    if let Some(t) = &tm {
        to["data"] = Value::Object(mask(t, fm.as_ref(), "*** (after)"));
    }
}

fn omit_managed_fields(o: &mut Value) {
    if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
        m.remove("managedFields");
    }
}

/// The file an object is written to: `[group.]version.Kind.namespace.name` (InfoObject.Name).
fn file_name(obj: &Value, ns: &str) -> String {
    let api = meta::s(obj, "/apiVersion");
    let (group, version) = api.rsplit_once('/').unwrap_or(("", api));
    let group = if group.is_empty() { String::new() } else { format!("{group}.") };
    format!("{group}{version}.{}.{ns}.{}", meta::kind(obj), name_of(obj))
}

/// The temporary directory's name. kubectl's come from os.MkdirTemp (`/tmp/LIVE-` and a random uint32); the
/// playground derives the number from the simulated time and the prefix (FNV-1a), so a transcript is reproducible
/// and two diffs at different moments still get different directories.
fn temp_dir(prefix: &str, now_ms: u64) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in prefix.bytes().chain(now_ms.to_le_bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("/tmp/{prefix}-{h}")
}

/// GNU diff's unified output for one pair of files (three lines of context, hunks less than seven lines apart
/// joined), with its `--- name\tmtime` header; None when they are the same.
fn unified(a: &str, b: &str, stamp: &str, old: &str, new: &str) -> Option<String> {
    let hunks = crate::session::diff::patch(old, new);
    if hunks.is_empty() {
        return None;
    }
    let ol: Vec<&str> = old.lines().collect();
    let mut out = format!("--- {a}\t{stamp}\n+++ {b}\t{stamp}\n");
    out.push_str(&crate::shell::fileutils::unified_hunks(&ol, &hunks));
    Some(out)
}

pub fn diff(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let p = match flags::parse(
        "diff",
        args,
        &[
            opt("filename", Some('f')),
            flag("recursive", Some('R')),
            opt("kustomize", Some('k')),
            flag("server-side", None),
            flag("force-conflicts", None),
            opt("field-manager", None),
            opt("selector", Some('l')),
            flag("prune", None),
            opt("prune-allowlist", None),
            flag("show-managed-fields", None),
            flag("show-secrets", None),
            flags::int("concurrency", None),
        ],
    ) {
        Ok(p) => p,
        // diff's flag error handler is a UsageErrorf through CheckDiffErr
        Err(e) => {
            return fail(
                e.replace("See 'kubectl diff --help' for usage.", "See 'kubectl diff -h' for help and examples"),
            )
        }
    };
    if !p.args.is_empty() {
        return fail(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples\n",
            p.args.join(" ")
        ));
    }
    let files = p.all("filename");
    if files.is_empty() {
        return fail("error: must specify one of -f and -k\n".into());
    }
    if p.has("force-conflicts") && !p.has("server-side") {
        return fail("error: --force-conflicts only works with --server-side\n".into());
    }
    if p.has("server-side") || p.has("prune") || p.get("kustomize").is_some() {
        return fail("error: kubectl diff --server-side, --prune and -k are not simulated here\n".into());
    }
    let ns = namespace(&p);
    let explicit_ns = p.get("namespace").is_some();
    let docs = match read_filenames(s, &files, &stdin) {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    let selector = match p.get("selector").map(super::Selector::parse).transpose() {
        Ok(sel) => sel,
        Err(e) => return fail(e),
    };
    let now = s.cluster.now();
    let (live_dir, merged_dir) = (temp_dir("LIVE", now), temp_dir("MERGED", now));
    // the files' modification time, as diff prints it (the playground's clock is UTC)
    let t = crate::cluster::meta::rfc3339_micro(now);
    let stamp = format!("{} {}000 +0000", &t[..10], &t[11..26]);
    let mut files_out: Vec<(String, String, String)> = Vec::new();
    for (_, objs) in docs {
        for mut obj in objs {
            if selector.as_ref().is_some_and(|sel| !sel.matches(&obj)) {
                continue;
            }
            let res = match resource_of(&obj) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            let obj_ns = if res.namespaced {
                match meta::namespace(&obj) {
                    "" => ns.clone(),
                    n if explicit_ns && n != ns => {
                        return fail(format!(
                            "error: the namespace from the provided object \"{n}\" does not match the namespace \"{ns}\". You must pass '--namespace={n}' to perform this operation.\n"
                        ))
                    }
                    n => n.to_string(),
                }
            } else {
                String::new()
            };
            if res.namespaced {
                obj["metadata"]["namespace"] = Value::String(obj_ns.clone());
            }
            let name = name_of(&obj).to_string();
            let live = s.cluster.get(res.kind, &obj_ns, &name).ok();
            let merged = match &live {
                // the manifest as written is created (no last-applied annotation: diff's Merged does not add it)
                None => s.cluster.create_dry_run(obj.clone()),
                Some(_) => s.cluster.apply_dry_run(obj.clone()).map(|(o, _)| o),
            };
            let mut merged = match merged {
                Ok(m) => m,
                Err(e) => return fail(super::api_err(&e)),
            };
            let mut live = live.unwrap_or(Value::Null);
            if !p.has("show-managed-fields") {
                omit_managed_fields(&mut live);
                omit_managed_fields(&mut merged);
            }
            if !p.has("show-secrets") && res.kind == "Secret" {
                mask_secret(&mut live, &mut merged);
            }
            let yaml = |o: &Value| if o.is_null() { String::new() } else { crate::shell::yamlout::to_yaml(o) };
            files_out.push((file_name(&obj, &obj_ns), yaml(&live), yaml(&merged)));
        }
    }
    // diff walks the two directories in name order
    crate::sort::sort_by(&mut files_out, |a, b| a.0.cmp(&b.0));
    let mut io = Io::default();
    for (name, old, new) in files_out {
        let (a, b) = (format!("{live_dir}/{name}"), format!("{merged_dir}/{name}"));
        if let Some(text) = unified(&a, &b, &stamp, &old, &new) {
            io.out(format!("diff -u -N {a} {b}\n{text}"));
            io.code = 1;
        }
    }
    io
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn unified_hunks_as_gnu_diff_prints_them() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n";
        let new = "a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\nn\n";
        let got = unified("x", "y", "T", old, new).unwrap();
        assert_eq!(
            got,
            "--- x\tT\n+++ y\tT\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -10,5 +10,5 @@\n j\n k\n l\n-m\n+M\n n\n"
        );
        assert_eq!(unified("x", "y", "T", "", "a\n").unwrap(), "--- x\tT\n+++ y\tT\n@@ -0,0 +1 @@\n+a\n");
        assert!(unified("x", "y", "T", old, old).is_none());
    }

    #[test]
    fn secrets_are_masked_as_kubectl_masks_them() {
        let mut from = json!({"data": {"a": "MQ==", "b": "Mg=="}});
        let mut to = json!({"data": {"a": "MQ==", "b": "Mw==", "c": "NA=="}});
        mask_secret(&mut from, &mut to);
        assert_eq!(from, json!({"data": {"a": "***", "b": "*** (before)"}}));
        assert_eq!(to, json!({"data": {"a": "***", "b": "*** (after)", "c": "***"}}));
    }
}
