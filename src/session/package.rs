//! The edited chart as the page downloads it: `NAME-VERSION.tgz`, as `helm package` names it, with Helm's
//! words when Chart.yaml lacks what a package needs. The archive itself is `helm::chart::package_chart`
//! (ustar in gzip stored blocks, `.helmignore` applied), so the page and `helm` share one writer.

use std::collections::BTreeMap;

/// (file name, bytes) of the packaged chart. `files` are paths inside the chart (`values.yaml`,
/// `templates/x.yaml`); the chart's name and version come from its Chart.yaml, as for `helm package`.
pub fn package_chart(files: &BTreeMap<String, Vec<u8>>) -> Result<(String, Vec<u8>), String> {
    let meta = files.get("Chart.yaml").ok_or("Error: Chart.yaml file is missing")?;
    let meta = crate::yaml::load(&String::from_utf8_lossy(meta)).map_err(|e| format!("Error: Chart.yaml: {e}"))?;
    let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
    let (name, version) = (field("name"), field("version"));
    if name.is_empty() || name.contains('/') || name.contains("..") {
        return Err("Error: validation: chart.metadata.name is required".into());
    }
    if version.is_empty() {
        return Err("Error: validation: chart.metadata.version is required".into());
    }
    Ok((format!("{name}-{version}.tgz"), crate::helm::chart::package_chart(files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_without_name_or_version_is_refused_in_helms_words() {
        let mut files = BTreeMap::from([("Chart.yaml".to_string(), b"apiVersion: v2\nname: x\n".to_vec())]);
        assert_eq!(package_chart(&files).unwrap_err(), "Error: validation: chart.metadata.version is required");
        files.insert("Chart.yaml".into(), b"apiVersion: v2\nversion: 1.0.0\n".to_vec());
        assert_eq!(package_chart(&files).unwrap_err(), "Error: validation: chart.metadata.name is required");
        files.clear();
        assert_eq!(package_chart(&files).unwrap_err(), "Error: Chart.yaml file is missing");
    }
}
