//! Sprig/Helm functions against real Helm: every case in tests/funcs_cases/*.txt (regenerate the expected
//! outputs with scripts/golden_funcs.py).
//!
//! Two runners:
//! - `cases_through_calls`: a deliberately small evaluator for actions made only of function calls, literals,
//!   `.Values.x` and parentheses (no variables, control flow or Go builtins); the cases it cannot read are
//!   counted, not passed. It checks `stsplay::helm::funcs` on its own, independent of the template engine.
//! - `cases_through_engine`: every case through `helm::template::Engine`, the way a chart renders.

mod common;

use std::collections::BTreeMap;
use stsplay::helm::funcs;
use stsplay::helm::gofmt::format_v;
use stsplay::helm::value::Value;

/// Every case file, so a new one cannot be forgotten.
fn all_cases() -> Vec<common::Case> {
    let dir = format!("{}/tests/funcs_cases", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/funcs_cases")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    files.sort();
    files.iter().flat_map(|f| common::read_cases(&format!("tests/funcs_cases/{f}"))).collect()
}

/// The case's values as a chart's values.yaml (the golden script writes the same text plus a final newline).
fn values(case: &common::Case) -> Value {
    let text = case.values.as_ref().map(|v| format!("{v}\n")).unwrap_or_default();
    let defaults = stsplay::helm::values::load_values(&text).expect("values of a case parse");
    let merged = stsplay::helm::values::coalesce(&defaults, serde_json::Map::new());
    stsplay::helm::values::to_value(&serde_json::Value::Object(merged))
}

/// Where an argument came from: Go checks constants and fields against the parameter type before the call.
#[derive(Clone)]
enum Origin {
    /// A literal, with its source text (`"4"`, `3`, `true`, `nil`).
    Const(String),
    Field,
    Other,
}

/// `text/template`'s checks of one argument against a typed parameter (exec.go `evalArg`, `validateType`).
fn go_arg_check(ty: &str, v: &Value, origin: &Origin) -> Result<(), String> {
    match origin {
        Origin::Const(text) => {
            let ok = match (ty, v) {
                (_, Value::Nil) if ty.starts_with("map") => true,
                (_, Value::Nil) => return Err(format!("cannot assign nil to {ty}")),
                ("string", Value::Str(_)) | ("int", Value::Int(_)) | ("bool", Value::Bool(_)) => true,
                ("float64", Value::Int(_) | Value::Float(_)) => true,
                _ => false,
            };
            if ok {
                return Ok(());
            }
            Err(match ty {
                "string" => format!("expected string; found {text}"),
                "int" => format!("expected integer; found {text}"),
                "bool" => format!("expected bool; found {text}"),
                "float64" => format!("expected float; found {text}"),
                _ => format!("can't handle {text} for arg of type {ty}"),
            })
        }
        Origin::Field if matches!(v, Value::Nil) => {
            Err(format!("wrong type for value; expected {ty}; got interface {{}}"))
        }
        _ => Ok(()),
    }
}

/// Why the small evaluator gave up on a case.
#[derive(Debug)]
enum Eval {
    Unsupported(String),
    Failed(String),
}

struct Mini<'a> {
    src: &'a [u8],
    pos: usize,
    values: &'a Value,
    vars: &'a mut BTreeMap<String, Value>,
}

/// Go's `len` and `index` (one key), the builtins the cases lean on.
fn builtin(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    Some(match (name, args) {
        ("len", [Value::Str(s)]) => Ok(Value::Int(s.len() as i64)),
        ("len", [Value::List(_, l)]) => Ok(Value::Int(l.len() as i64)),
        ("len", [Value::Map(m)]) => Ok(Value::Int(m.borrow().len() as i64)),
        ("index", [Value::List(_, l), Value::Int(i)]) => Ok(l.get(*i as usize).cloned().unwrap_or(Value::Nil)),
        ("index", [Value::Map(m), Value::Str(k)]) => Ok(m.borrow().get(&**k).cloned().unwrap_or(Value::Nil)),
        _ => return None,
    })
}

impl Mini<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && (self.src[self.pos] as char).is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// pipeline := command ('|' command)*
    fn pipeline(&mut self) -> Result<Value, Eval> {
        let mut v = self.command(None)?;
        loop {
            self.skip_ws();
            if self.peek() == Some(b'|') {
                self.pos += 1;
                v = self.command(Some(v))?;
            } else {
                return Ok(v);
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.pos < self.src.len() && (self.src[self.pos].is_ascii_alphanumeric() || self.src[self.pos] == b'_') {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.src[start..self.pos]).into_owned()
    }

    fn command(&mut self, piped: Option<Value>) -> Result<Value, Eval> {
        self.skip_ws();
        if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let save = self.pos;
            let name = self.ident();
            if !matches!(name.as_str(), "true" | "false" | "nil") {
                let f = funcs::lookup(&name);
                if f.is_none() && !matches!(name.as_str(), "len" | "index") {
                    return Err(Eval::Unsupported(format!("function {name}")));
                }
                let mut args = Vec::new();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None | Some(b'|') | Some(b')') => break,
                        _ => {
                            let start = self.pos;
                            let v = self.operand()?;
                            let text = String::from_utf8_lossy(&self.src[start..self.pos]).into_owned();
                            let origin = match self.src[start] {
                                b'"' | b'`' | b'-' | b'0'..=b'9' => Origin::Const(text),
                                b'.' => Origin::Field,
                                _ if matches!(text.as_str(), "true" | "false" | "nil") => Origin::Const(text),
                                _ => Origin::Other,
                            };
                            if let Some(ty) = funcs::param_type(&name, args.len()) {
                                go_arg_check(ty, &v, &origin).map_err(Eval::Failed)?;
                            }
                            args.push(v);
                        }
                    }
                }
                if let Some(p) = piped {
                    args.push(p);
                }
                let Some(f) = f else {
                    return builtin(&name, &args)
                        .unwrap_or_else(|| Err(format!("{name} of these arguments")))
                        .map_err(|e| Eval::Unsupported(format!("builtin {e}")));
                };
                return f(&args).map_err(|e| Eval::Failed(funcs::call_error(&name, &e)));
            }
            self.pos = save;
        }
        let v = self.operand()?;
        if piped.is_some() {
            return Err(Eval::Unsupported("piping into a non-function".into()));
        }
        Ok(v)
    }

    fn operand(&mut self) -> Result<Value, Eval> {
        self.skip_ws();
        match self.peek() {
            Some(b'(') => {
                self.pos += 1;
                let v = self.pipeline()?;
                self.skip_ws();
                if self.peek() != Some(b')') {
                    return Err(Eval::Unsupported("unclosed (".into()));
                }
                self.pos += 1;
                Ok(v)
            }
            Some(b'"') => self.string(),
            Some(b'`') => {
                let end =
                    self.src[self.pos + 1..].iter().position(|&c| c == b'`').ok_or(Eval::Unsupported("`".into()))?;
                let s = String::from_utf8_lossy(&self.src[self.pos + 1..self.pos + 1 + end]).into_owned();
                self.pos += end + 2;
                Ok(Value::str(s))
            }
            Some(b'.') | Some(b'$') => {
                let mut v = if self.peek() == Some(b'$') {
                    self.pos += 1;
                    let name = self.ident();
                    self.vars.get(&name).cloned().ok_or_else(|| Eval::Unsupported(format!("variable ${name}")))?
                } else {
                    Value::map(BTreeMap::from([("Values".to_string(), self.values.clone())]))
                };
                if self.peek() == Some(b'.') {
                    self.pos += 1;
                }
                while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                    let field = self.ident();
                    v = match &v {
                        Value::Map(m) => m.borrow().get(&field).cloned().unwrap_or(Value::Nil),
                        _ => return Err(Eval::Unsupported("field of a non-map".into())),
                    };
                    if self.peek() == Some(b'.') {
                        self.pos += 1;
                    }
                }
                Ok(v)
            }
            Some(c) if c == b'-' || c.is_ascii_digit() => {
                let start = self.pos;
                self.pos += 1;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'+' || c == b'-') {
                    self.pos += 1;
                }
                let t = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
                if let Ok(i) = t.parse::<i64>() {
                    Ok(Value::Int(i))
                } else if let Ok(f) = t.parse::<f64>() {
                    Ok(Value::Float(f))
                } else {
                    Err(Eval::Unsupported(format!("number {t}")))
                }
            }
            Some(c) if c.is_ascii_alphabetic() => match self.ident().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                "nil" => Ok(Value::Nil),
                // A function name as an argument is a call without arguments.
                name => {
                    let f = funcs::lookup(name).ok_or_else(|| Eval::Unsupported(format!("function {name}")))?;
                    f(&[]).map_err(|e| Eval::Failed(funcs::call_error(name, &e)))
                }
            },
            other => Err(Eval::Unsupported(format!("operand {:?}", other.map(|c| c as char)))),
        }
    }

    fn string(&mut self) -> Result<Value, Eval> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(Eval::Unsupported("unterminated string".into())) };
            self.pos += 1;
            match c {
                b'"' => return Ok(Value::str(out)),
                b'\\' => {
                    let e = self.peek().ok_or(Eval::Unsupported("escape".into()))?;
                    self.pos += 1;
                    out.push(match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'"' => '"',
                        b'\\' => '\\',
                        _ => return Err(Eval::Unsupported(format!("escape \\{}", e as char))),
                    });
                }
                _ => {
                    // Copy one UTF-8 sequence.
                    let start = self.pos - 1;
                    while self.peek().is_some_and(|b| (b & 0xC0) == 0x80) {
                        self.pos += 1;
                    }
                    out.push_str(std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("\u{fffd}"));
                }
            }
        }
    }
}

/// Go's `printValue` as Helm shows it: nil prints nothing (Helm drops `<no value>`).
fn print(v: &Value) -> String {
    match v {
        Value::Nil => String::new(),
        v => format_v(v),
    }
}

fn mini_render(template: &str, values: &Value) -> Result<String, Eval> {
    let mut vars = BTreeMap::new();
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let mut text = &rest[..open];
        let mut body_start = open + 2;
        if rest[body_start..].starts_with("- ") {
            text = text.trim_end();
            body_start += 1;
        }
        out.push_str(text);
        let close = rest[body_start..].find("}}").ok_or(Eval::Unsupported("unclosed action".into()))? + body_start;
        let mut body = &rest[body_start..close];
        let trim_after = body.ends_with(" -");
        if trim_after {
            body = &body[..body.len() - 1];
        }
        if body.trim_start().starts_with("/*") {
            return Err(Eval::Unsupported("comments".into()));
        }
        // `$name := pipeline` declares, and prints nothing.
        let trimmed = body.trim_start();
        let (assign, expr) = match trimmed.split_once(":=") {
            Some((lhs, rhs)) if lhs.trim().starts_with('$') && !lhs.contains('"') => {
                (Some(lhs.trim()[1..].to_string()), rhs)
            }
            _ => (None, body),
        };
        let mut m = Mini { src: expr.as_bytes(), pos: 0, values, vars: &mut vars };
        let v = m.pipeline()?;
        m.skip_ws();
        if m.pos != expr.len() {
            return Err(Eval::Unsupported(format!("trailing {:?}", &expr[m.pos..])));
        }
        match assign {
            Some(name) => {
                vars.insert(name, v);
            }
            None => out.push_str(&print(&v)),
        }
        rest = &rest[close + 2..];
        if trim_after {
            rest = rest.trim_start();
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[test]
fn cases_through_calls() {
    let cases = all_cases();
    assert!(cases.len() > 90, "case files went missing: {}", cases.len());
    let (mut ran, mut failures, mut unsupported) = (0, Vec::new(), Vec::new());
    for case in &cases {
        let values = values(case);
        funcs::reset_rng(funcs::DEFAULT_SEED);
        match (mini_render(&case.template, &values), &case.output, &case.error) {
            (Err(Eval::Unsupported(why)), _, _) => unsupported.push(format!("{}: {why}", case.name)),
            (Ok(got), Some(want), _) => {
                ran += 1;
                if &got != want {
                    failures.push(format!("{} / {}\nwant: {want:?}\ngot:  {got:?}", case.file, case.name));
                }
            }
            (Err(Eval::Failed(msg)), _, Some(want)) => {
                ran += 1;
                // Helm's text puts the message after `at <...>: ` (or on the last line in Helm 4.3's layout).
                if !want.trim_end().ends_with(&msg) {
                    failures.push(format!("{} / {}\nwant error: {want:?}\ngot error:  {msg:?}", case.file, case.name));
                }
            }
            (Ok(got), None, Some(want)) => {
                ran += 1;
                failures.push(format!("{} / {}\nwant error: {want:?}\ngot output: {got:?}", case.file, case.name));
            }
            (Err(Eval::Failed(msg)), Some(want), _) => {
                ran += 1;
                failures.push(format!("{} / {}\nwant: {want:?}\ngot error: {msg:?}", case.file, case.name));
            }
            (_, None, None) => panic!("{}: no expected output; run scripts/golden_funcs.py", case.name),
        }
    }
    eprintln!("{ran} cases ran through the function calls; {} need the engine:", unsupported.len());
    for u in &unsupported {
        eprintln!("  {u}");
    }
    assert!(ran * 2 > cases.len(), "most cases should be readable without the engine ({ran} of {})", cases.len());
    assert!(failures.is_empty(), "{} of {ran} cases differ from Helm:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Every case as `helm install --dry-run` renders it: the template is the notes file `<<TEMPLATE>>` of chart
/// `c`, errors are compared whole, in Helm's words.
#[test]
fn cases_through_engine() {
    const NAME: &str = "c/templates/NOTES.txt";
    let cases = all_cases();
    let mut failures = Vec::new();
    for case in &cases {
        let data = Value::map(BTreeMap::from([("Values".to_string(), values(case))]));
        funcs::reset_rng(funcs::DEFAULT_SEED);
        let mut engine = stsplay::helm::template::Engine::new();
        let got = engine
            .add(NAME, &format!("<<{}>>", case.template))
            .map_err(|e| stsplay::helm::template::helm_parse_error(NAME, &e))
            .and_then(|()| engine.render(NAME, &data));
        let ok = match (&got, &case.output, &case.error) {
            (Ok(out), Some(want), _) => {
                out.strip_prefix("<<").and_then(|o| o.strip_suffix(">>")) == Some(want.as_str())
            }
            (Err(e), _, Some(want)) => e == want,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{} / {}\nwant: {:?}\ngot:  {got:?}",
                case.file,
                case.name,
                case.output.as_ref().or(case.error.as_ref())
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from Helm:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
