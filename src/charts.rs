//! The charts the playground ships (`charts/`), embedded at build time by build.rs. They are real charts:
//! the same files install on a real cluster with `helm install`.

use std::collections::BTreeMap;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/charts_embedded.rs"));
}

/// A chart as a virtual file tree: path relative to the chart root (`templates/service.yaml`) → bytes.
pub type ChartFiles = BTreeMap<String, Vec<u8>>;

/// Names of the shipped charts (top-level directories under charts/).
pub fn names() -> Vec<&'static str> {
    let mut v: Vec<&str> = embedded::FILES.iter().filter_map(|(p, _)| p.split_once('/').map(|(d, _)| d)).collect();
    v.dedup();
    v
}

/// The files of one shipped chart, or `None` if no such chart ships.
pub fn files(name: &str) -> Option<ChartFiles> {
    let prefix = format!("{name}/");
    let m: ChartFiles = crate::sort::btree_map(
        embedded::FILES.iter().filter_map(|(p, b)| p.strip_prefix(&prefix).map(|rel| (rel.to_string(), b.to_vec()))),
    );
    (!m.is_empty()).then_some(m)
}

/// Every shipped file, `chart/relative/path` → bytes; what `stsplay run` puts in its working directory.
pub fn all_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    embedded::FILES.iter().copied()
}
