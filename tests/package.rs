//! The page's "download the chart" archive, checked by the real Helm: `helm lint` passes on it, and `helm
//! template` renders the archive exactly as it renders the same files from a directory (edits included, so
//! nothing is lost or changed in packing). Skipped, saying so, where /work/tools/bin/helm is absent. `KEEP=1`
//! leaves the archives in the temp directory to look at.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use stsplay::session::package::package_chart;

fn helm() -> Option<PathBuf> {
    [std::env::var_os("STSPLAY_HELM").map(PathBuf::from), Some(PathBuf::from("/work/tools/bin/helm/helm"))]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
}

fn run(helm: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(helm).args(args).env("HELM_CACHE_HOME", "/tmp/stsplay-helm-cache").output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
}

#[test]
fn helm_accepts_the_packaged_chart() {
    let Some(helm) = helm() else {
        eprintln!("skipping: helm not found (run scripts/fetch-k8s-tools.sh)");
        return;
    };
    let dir = std::env::temp_dir().join(format!("stsplay-package-{}", std::process::id()));
    for chart in stsplay::charts::names() {
        let mut files: BTreeMap<String, Vec<u8>> = stsplay::charts::files(chart).unwrap().into_iter().collect();
        // A learner's edit, which the archive must carry.
        let values = String::from_utf8(files["values.yaml"].clone()).unwrap();
        let edited = replace_once(&values, "replicaCount: ", "replicaCount: 5\n# was ");
        files.insert("values.yaml".into(), edited.into_bytes());
        let (name, tgz) = package_chart(&files).unwrap();
        assert!(name.starts_with(&format!("{chart}-")) && name.ends_with(".tgz"), "{name}");

        let src = dir.join(chart).join(chart);
        for (path, data) in &files {
            let p = src.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, data).unwrap();
        }
        let archive = dir.join(&name);
        std::fs::write(&archive, &tgz).unwrap();

        let (ok, lint) = run(&helm, &["lint", archive.to_str().unwrap()]);
        assert!(ok && lint.contains("1 chart(s) linted, 0 chart(s) failed"), "helm lint {name}:\n{lint}");
        let (ok, from_tgz) = run(&helm, &["template", "rel", archive.to_str().unwrap()]);
        assert!(ok, "helm template {name}:\n{from_tgz}");
        let (_, from_dir) = run(&helm, &["template", "rel", src.to_str().unwrap()]);
        assert_eq!(from_tgz, from_dir, "{name} renders as its files do");
        assert!(from_tgz.contains("replicas: 5"), "the edit is in the archive");
    }
    if std::env::var_os("KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "the chart has {from:?}");
    text.replacen(from, to, 1)
}
