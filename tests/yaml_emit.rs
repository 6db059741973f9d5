//! `crate::yaml::to_yaml` against what real Helm's `toYaml` printed for each JSON document in
//! tests/yaml_emit_cases.txt (regenerate with scripts/golden_funcs.py).

mod common;

#[test]
fn to_yaml_matches_helm() {
    let cases = common::read_cases("tests/yaml_emit_cases.txt");
    assert!(cases.len() > 10);
    let mut failures = Vec::new();
    for case in &cases {
        let json: serde_json::Value = serde_json::from_str(&case.template).expect(&case.name);
        let got = stsplay::yaml::to_yaml(&json);
        // Helm's toYaml trims the one trailing newline of yaml.Marshal.
        let got = got.strip_suffix('\n').unwrap_or(&got);
        let want = case.output.as_deref().expect("yaml cases have outputs");
        if got != want {
            failures.push(format!("--- {}\nwant:\n{want}\ngot:\n{got}", case.name));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
