//! The golden case format of tests/funcs_cases/*.txt and tests/yaml_emit_cases.txt (see scripts/golden_funcs.py,
//! which writes them from real Helm).

#![allow(dead_code)]

pub struct Case {
    pub file: String,
    pub name: String,
    pub template: String,
    pub values: Option<String>,
    pub output: Option<String>,
    pub error: Option<String>,
}

/// Parses a case file: `=== case NAME`, the template lines, then optional `--- values`, and `--- output` or
/// `--- error`. The last section of a case loses the one blank line that separates cases.
type Sections<'a> = Vec<(String, Vec<&'a str>)>;

pub fn read_cases(path: &str) -> Vec<Case> {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    let mut cases = Vec::new();
    let mut cur: Option<(String, Sections)> = None;
    let finish = |cur: Option<(String, Sections)>, cases: &mut Vec<Case>| {
        let Some((name, mut secs)) = cur else { return };
        if let Some((_, last)) = secs.last_mut() {
            if last.last() == Some(&"") {
                last.pop();
            }
        }
        let get = |k: &str| secs.iter().find(|(n, _)| n == k).map(|(_, l)| l.join("\n"));
        cases.push(Case {
            file: path.to_string(),
            name: name.clone(),
            template: get("template").unwrap_or_default(),
            values: get("values"),
            output: get("output"),
            error: get("error"),
        });
    };
    for line in text.split('\n') {
        if let Some(name) = line.strip_prefix("=== case ") {
            finish(cur.take(), &mut cases);
            cur = Some((name.trim().to_string(), vec![("template".to_string(), Vec::new())]));
        } else if let Some((_, secs)) = cur.as_mut() {
            match line {
                "--- values" | "--- output" | "--- error" => secs.push((line[4..].to_string(), Vec::new())),
                _ => secs.last_mut().expect("template section").1.push(line),
            }
        }
    }
    finish(cur, &mut cases);
    cases
}
