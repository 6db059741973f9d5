//! Runs every case in tests/template_cases/*.txt through the template engine and compares with what real
//! Helm printed (regenerate with scripts/golden_template.py; the format is described there).
//!
//! The data mirrors what `helm template c` gives a template (release `release-name`, chart `c`), with small
//! stand-ins for Helm's `.Chart`, `.Files` and `.Capabilities` objects. Values are read with serde_norway
//! through JSON, which is YAML 1.2: cases avoid YAML 1.1-only scalars (`y`, `on`, ...) until the YAML 1.1
//! module is used here.

use std::collections::BTreeMap;
use std::rc::Rc;
use stsplay::helm::template::{helm_parse_error, Engine};
use stsplay::helm::value::{Object, Value};

struct Case {
    file: String,
    name: String,
    sections: Vec<(String, String)>,
}

fn parse_cases(file: &str, text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.ends_with('\n') {
        lines.pop();
    }
    let mut cur: Option<(String, Vec<String>)> = None;
    let flush = |cases: &mut Vec<Case>, cur: &mut Option<(String, Vec<String>)>| {
        if let (Some(c), Some((k, v))) = (cases.last_mut(), cur.take()) {
            c.sections.push((k, v.join("\n")));
        }
    };
    for line in lines {
        if let Some(name) = line.strip_prefix("#=== ") {
            flush(&mut cases, &mut cur);
            cases.push(Case { file: file.to_string(), name: name.trim().to_string(), sections: Vec::new() });
        } else if let Some(sec) = line.strip_prefix("#--- ") {
            flush(&mut cases, &mut cur);
            cur = Some((sec.trim().to_string(), Vec::new()));
        } else if let Some((_, v)) = cur.as_mut() {
            v.push(line.to_string());
        }
    }
    flush(&mut cases, &mut cur);
    cases
}

/// Sprig functions the cases use, standing in while `helm::funcs::lookup` lacks them (the real ones win
/// once they exist, so these cases then test them too).
fn stand_ins(engine: &mut Engine) {
    fn num(v: &Value) -> i64 {
        match v {
            Value::Int(i) | Value::Int64(i) => *i,
            Value::Float(f) => *f as i64,
            Value::Str(s) => s.parse().unwrap_or(0),
            _ => 0,
        }
    }
    fn text(v: &Value) -> String {
        match v {
            Value::Nil => String::new(),
            v => stsplay::helm::gofmt::format_v(v),
        }
    }
    let funcs: [(&str, stsplay::helm::funcs::Func); 10] = [
        // Sprig's slice replaces Go's: lists only, other kinds are an error.
        ("slice", |a| match &a[0] {
            Value::List(t, l) => {
                let start = a.get(1).map_or(0, num) as usize;
                let end = a.get(2).map_or(l.len() as i64, num) as usize;
                Ok(Value::List(*t, Rc::new(l[start..end].to_vec())))
            }
            other => Err(format!(
                "list should be type of slice or array but {}",
                match other {
                    Value::Str(_) => "string",
                    Value::Map(_) => "map",
                    _ => "ptr",
                }
            )),
        }),
        ("list", |a| Ok(Value::list(a.to_vec()))),
        ("dict", |a| {
            Ok(Value::map(a.chunks(2).map(|p| (text(&p[0]), p.get(1).cloned().unwrap_or(Value::Nil))).collect()))
        }),
        ("int", |a| Ok(Value::Int(num(&a[0])))),
        ("int64", |a| Ok(Value::Int64(num(&a[0])))),
        ("sub", |a| Ok(Value::Int64(num(&a[0]) - num(&a[1])))),
        ("upper", |a| Ok(Value::str(text(&a[0]).to_uppercase()))),
        ("quote", |a| Ok(Value::str(format!("{:?}", text(&a[0]))))),
        ("nindent", |a| {
            let pad = " ".repeat(num(&a[0]) as usize);
            Ok(Value::str(format!("\n{pad}{}", text(&a[1]).replace('\n', &format!("\n{pad}")))))
        }),
        ("toJson", |a| Ok(Value::str(format!("{:?}", text(&a[0]))))),
    ];
    for (name, f) in funcs {
        if stsplay::helm::funcs::lookup(name).is_none() {
            engine.add_func(name, f);
        }
    }
}

#[derive(Debug)]
struct Files(BTreeMap<String, String>);
impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("Get", [Value::Str(p)]) => Some(Ok(Value::str(self.0.get(&**p).cloned().unwrap_or_default()))),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Capabilities;
impl Object for Capabilities {
    fn type_name(&self) -> &str {
        "*common.Capabilities"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "APIVersions" => Some(Value::Object(Rc::new(VersionSet))),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct VersionSet;
impl Object for VersionSet {
    fn type_name(&self) -> &str {
        "common.VersionSet"
    }
    fn field(&self, _name: &str) -> Option<Value> {
        None
    }
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        match (name, args) {
            ("Has", [Value::Str(v)]) => Some(Ok(Value::Bool(matches!(&**v, "v1" | "apps/v1" | "batch/v1")))),
            _ => None,
        }
    }
}

/// Helm drops keys whose value is null when it coalesces values.
fn drop_nulls(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(m) => serde_json::Value::Object(
            m.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, drop_nulls(v))).collect(),
        ),
        serde_json::Value::Array(a) => serde_json::Value::Array(a.into_iter().map(drop_nulls).collect()),
        v => v,
    }
}

fn data(values_yaml: &str, files: BTreeMap<String, String>) -> Value {
    let values: serde_json::Value = if values_yaml.trim().is_empty() {
        serde_json::json!({})
    } else {
        let y: serde_norway::Value = serde_norway::from_str(values_yaml).expect("values YAML");
        drop_nulls(serde_json::to_value(y).expect("values as JSON"))
    };
    let mut top = BTreeMap::new();
    // Helm's .Values is a chartutil.Values (`common.Values`), as in helm::render.
    let values = match Value::from_json(&values) {
        Value::Map(m) => Value::named_map(m.take(), "common.Values"),
        v => v,
    };
    top.insert("Values".to_string(), values);
    let release = serde_json::json!({"Name": "release-name", "Namespace": "default", "Service": "Helm",
        "IsInstall": true, "IsUpgrade": false});
    let mut release = match Value::from_json(&release) {
        Value::Map(m) => m.borrow().clone(),
        _ => unreachable!(),
    };
    release.insert("Revision".into(), Value::Int(1));
    top.insert("Release".to_string(), Value::map(release));
    top.insert(
        "Chart".to_string(),
        Value::from_json(&serde_json::json!({"Name": "c", "Version": "0.1.0", "AppVersion": "1.16.0",
            "APIVersion": "v2"})),
    );
    top.insert("Files".to_string(), Value::Object(Rc::new(Files(files))));
    top.insert("Capabilities".to_string(), Value::Object(Rc::new(Capabilities)));
    top.insert(
        "Template".to_string(),
        Value::from_json(&serde_json::json!({"Name": "c/templates/t.yaml", "BasePath": "c/templates"})),
    );
    Value::map(top)
}

/// Helm's parse order: deeper paths first, then reverse lexical order (later parses win for `define`s).
fn helm_order(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

fn run(case: &Case) -> Result<String, String> {
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let mut files = BTreeMap::new();
    let mut values = "";
    for (k, v) in &case.sections {
        if let Some(path) = k.strip_prefix("file ") {
            let path = path.trim();
            if path.starts_with("templates/") {
                templates.insert(format!("c/{path}"), v.clone());
            } else {
                files.insert(path.to_string(), v.clone());
            }
        } else if k == "template" {
            templates.insert("c/templates/t.yaml".into(), v.clone());
        } else if k == "values" {
            values = v;
        }
    }
    let mut names: Vec<String> = templates.keys().cloned().collect();
    helm_order(&mut names);
    let mut engine = Engine::new();
    stand_ins(&mut engine);
    for n in &names {
        engine.add(n, &templates[n]).map_err(|e| helm_parse_error(n, &e))?;
    }
    engine.render("c/templates/t.yaml", &data(values, files))
}

#[test]
fn template_cases_match_helm() {
    // template_limits holds the browser's bounds, which real Helm lacks: written by hand, not regenerated.
    let mut paths: Vec<_> = ["template_cases", "template_limits"]
        .iter()
        .flat_map(|d| std::fs::read_dir(format!("{}/tests/{d}", env!("CARGO_MANIFEST_DIR"))).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut total = 0;
    for p in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")) {
        let file = p.file_name().unwrap().to_string_lossy().to_string();
        for case in parse_cases(&file, &std::fs::read_to_string(p).unwrap()) {
            total += 1;
            let want = case.sections.iter().find(|(k, _)| k == "output" || k == "error");
            let Some((kind, want)) = want else {
                failures
                    .push(format!("{}: {}: no expected result (run scripts/golden_template.py)", case.file, case.name));
                continue;
            };
            let got = run(&case);
            let ok = match (&got, kind.as_str()) {
                (Ok(out), "output") => out == want,
                (Err(e), "error") => e == want,
                _ => false,
            };
            if !ok {
                failures.push(format!("{}: {}\n  want {kind}: {want:?}\n  got: {got:?}", case.file, case.name));
            }
        }
    }
    assert!(total > 0, "no cases found");
    assert!(
        failures.is_empty(),
        "{} of {total} template cases differ from Helm:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Bad input never panics or hangs: seeded random templates made of template fragments parse and render
/// to a result (usually an error) every time.
#[test]
fn random_templates_never_panic() {
    const PIECES: &[&str] = &[
        "{{",
        "}}",
        "{{-",
        "-}}",
        " ",
        "\n",
        "\t",
        ".",
        ".Values",
        ".a",
        ".b",
        "$",
        "$x",
        ":=",
        "=",
        "|",
        "(",
        ")",
        "\"s\"",
        "`r`",
        "'c'",
        "1",
        "-2",
        "3.5",
        "0x1p-2",
        "1e400",
        "99999999999999999999",
        "true",
        "nil",
        "if",
        "else",
        "end",
        "range",
        "with",
        "define",
        "template",
        "block",
        "break",
        "continue",
        "\"t\"",
        "print",
        "printf",
        "\"%d %s %v %x %5.2f %[2]*d\"",
        "len",
        "index",
        "slice",
        "eq",
        "lt",
        "and",
        "or",
        "not",
        "include",
        "tpl",
        "required",
        "fail",
        "call",
        "html",
        "js",
        "urlquery",
        "println",
        "/*",
        "*/",
        ",",
        "é",
        "\\",
        "\"",
        "{{ range $i, $v := . }}",
        "{{ end }}",
        "{{ if . }}",
        "{{ else }}",
        "{{ define \"t\" }}",
        "{{ template \"t\" . }}",
        "{{ include \"t\" . }}",
        "{{ tpl \"{{ . }}\" . }}",
    ];
    let mut state = 0x5eed_u64;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let values = "a: [1, x, {b: 2}]\nb: {c: null, d: 3.5}\n";
    let mut rendered = 0;
    for _ in 0..20000 {
        let n = 1 + next() % 40;
        let text: String = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
        let mut engine = Engine::new();
        stand_ins(&mut engine);
        if engine.add("c/templates/t.yaml", &text).is_ok() {
            rendered += 1;
            let _ = engine.render("c/templates/t.yaml", &data(values, BTreeMap::new()));
        }
    }
    assert!(rendered > 100, "too few random templates parsed ({rendered}) to exercise execution");
}
