//! The little language lesson checks are written in, so that a teacher can write a check as plainly as the
//! step's prose: `ready('app=nginx') == 2 && file('web-0', 'data/visits') == $visits0`.
//!
//! Grammar (whitespace between tokens is free):
//! ```text
//! expr    := compare ('&&' compare)* | compare ('||' compare)*
//! compare := sum (OP sum)?              OP is one of == != < <= > >=; a bare sum is true when truthy
//! sum     := term (('+' | '-') term)*   numbers, or text that reads as a number (a visits file)
//! term    := NUMBER | 'string' | true | false | $name | FUNC '(' 'arg' (',' 'arg')* ')' | '(' expr ')'
//! ```
//! Functions read the cluster through [`Observer`]: `ready(SELECTOR)` counts Running+Ready pods,
//! `count(KIND, SELECTOR)` counts objects, `exists(KIND/NAME)`, `field(KIND/NAME, PATH)` reads a JSON path
//! (`spec.template.spec.containers[0].image`), `file(POD, PATH)` is what `cat PATH` prints in the pod
//! (trimmed), `phase(POD)` the pod's phase. A function whose object is missing yields null, which compares
//! unequal to everything: a check on something that is not there is simply not met.

use serde_json::Value;
use std::collections::BTreeMap;

/// What checks may look at. `shell::Session` implements it over the simulated cluster; tests may fake it.
pub trait Observer {
    /// Objects of a kubectl-style resource name (`pod`, `sts`, `pvc`...) in the lesson's namespace,
    /// filtered by an equality label selector (`a=b,c=d`; empty selects all).
    fn objects(&mut self, resource: &str, selector: &str) -> Vec<Value>;
    /// What `cat PATH` prints inside the pod, or `None` when the pod or file is not there.
    fn file(&mut self, pod: &str, path: &str) -> Option<String>;
}

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Lit(Value),
    Var(String),
    Call(String, Vec<String>),
    Cmp(Box<Expr>, Op, Box<Expr>),
    /// Terms added (true) or subtracted (false).
    Sum(Vec<(bool, Expr)>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A parsed check; parse once when the lesson loads, so a typo in a lesson is an error at load, not a
/// step that can never tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    source: String,
    expr: Expr,
}

const FUNCS: &[(&str, usize)] =
    &[("ready", 1), ("count", 2), ("exists", 1), ("field", 2), ("file", 2), ("phase", 1), ("restarts", 1)];

impl Check {
    pub fn parse(source: &str) -> Result<Check, String> {
        let mut p = Parser { s: source.as_bytes(), i: 0 };
        let expr = p.expr()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("check {source:?}: unexpected {:?} at column {}", &source[p.i..], p.i + 1));
        }
        Ok(Check { source: source.to_string(), expr })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the check; `memory` holds the values remembered by earlier steps (`$name`).
    pub fn eval(&self, obs: &mut dyn Observer, memory: &BTreeMap<String, Value>) -> Value {
        eval(&self.expr, obs, memory)
    }

    /// True when the check is met.
    pub fn holds(&self, obs: &mut dyn Observer, memory: &BTreeMap<String, Value>) -> bool {
        truthy(&self.eval(obs, memory))
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(tok.as_bytes()) {
            self.i += tok.len();
            true
        } else {
            false
        }
    }
    fn err(&self, what: &str) -> String {
        format!("check {:?}: expected {what} at column {}", String::from_utf8_lossy(self.s), self.i + 1)
    }
    fn expr(&mut self) -> Result<Expr, String> {
        let first = self.compare()?;
        if self.eat("&&") {
            let mut all = vec![first, self.compare()?];
            while self.eat("&&") {
                all.push(self.compare()?);
            }
            return Ok(Expr::And(all));
        }
        if self.eat("||") {
            let mut any = vec![first, self.compare()?];
            while self.eat("||") {
                any.push(self.compare()?);
            }
            return Ok(Expr::Or(any));
        }
        Ok(first)
    }
    fn sum(&mut self) -> Result<Expr, String> {
        let first = self.term()?;
        let mut terms = vec![(true, first)];
        loop {
            self.ws();
            match self.s.get(self.i) {
                Some(b'+') => {
                    self.i += 1;
                    terms.push((true, self.term()?));
                }
                Some(b'-') => {
                    self.i += 1;
                    terms.push((false, self.term()?));
                }
                _ => break,
            }
        }
        Ok(if terms.len() == 1 { terms.pop().map(|t| t.1).unwrap_or(Expr::Lit(Value::Null)) } else { Expr::Sum(terms) })
    }
    fn compare(&mut self) -> Result<Expr, String> {
        let left = self.sum()?;
        for (tok, op) in [("==", Op::Eq), ("!=", Op::Ne), ("<=", Op::Le), (">=", Op::Ge), ("<", Op::Lt), (">", Op::Gt)]
        {
            if self.eat(tok) {
                let right = self.sum()?;
                return Ok(Expr::Cmp(Box::new(left), op, Box::new(right)));
            }
        }
        Ok(left)
    }
    fn string(&mut self) -> Result<String, String> {
        self.ws();
        if !self.eat("'") {
            return Err(self.err("a 'quoted' argument"));
        }
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i] != b'\'' {
            self.i += 1;
        }
        if self.i == self.s.len() {
            return Err(self.err("a closing quote"));
        }
        let out = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        self.i += 1;
        Ok(out)
    }
    fn ident(&mut self) -> String {
        self.ws();
        let start = self.i;
        while self.i < self.s.len() && (self.s[self.i].is_ascii_alphanumeric() || self.s[self.i] == b'_') {
            self.i += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }
    fn term(&mut self) -> Result<Expr, String> {
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return Err(self.err("a value")) };
        if c == b'(' {
            self.i += 1;
            let e = self.expr()?;
            return if self.eat(")") { Ok(e) } else { Err(self.err("')'")) };
        }
        if c == b'\'' {
            return Ok(Expr::Lit(Value::String(self.string()?)));
        }
        if c == b'$' {
            self.i += 1;
            let name = self.ident();
            return if name.is_empty() { Err(self.err("a name after '$'")) } else { Ok(Expr::Var(name)) };
        }
        if c.is_ascii_digit() {
            let start = self.i;
            self.i += 1;
            while self.i < self.s.len() && (self.s[self.i].is_ascii_digit() || self.s[self.i] == b'.') {
                self.i += 1;
            }
            let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
            let n: f64 = text.parse().map_err(|_| self.err("a number"))?;
            return Ok(Expr::Lit(serde_json::json!(n)));
        }
        let name = self.ident();
        match name.as_str() {
            "true" => return Ok(Expr::Lit(Value::Bool(true))),
            "false" => return Ok(Expr::Lit(Value::Bool(false))),
            "" => return Err(self.err("a value")),
            _ => {}
        }
        let Some(&(_, arity)) = FUNCS.iter().find(|(f, _)| *f == name) else {
            return Err(format!(
                "check {:?}: unknown function {name:?} (known: {})",
                String::from_utf8_lossy(self.s),
                FUNCS.iter().map(|(f, _)| *f).collect::<Vec<_>>().join(", ")
            ));
        };
        if !self.eat("(") {
            return Err(self.err("'(' after a function name"));
        }
        let mut args = vec![self.string()?];
        while self.eat(",") {
            args.push(self.string()?);
        }
        if !self.eat(")") {
            return Err(self.err("')'"));
        }
        if args.len() != arity {
            return Err(format!(
                "check {:?}: {name} takes {arity} argument(s), got {}",
                String::from_utf8_lossy(self.s),
                args.len()
            ));
        }
        Ok(Expr::Call(name, args))
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Numbers and strings that read as numbers compare as numbers, so `file(...)` (text) can be compared with
/// `61` or with a remembered count.
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn compare(a: &Value, op: Op, b: &Value) -> bool {
    if a.is_null() || b.is_null() {
        return op == Op::Ne && !(a.is_null() && b.is_null());
    }
    let ord = match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => (a == b).then_some(std::cmp::Ordering::Equal),
        },
    };
    use std::cmp::Ordering::*;
    match (op, ord) {
        (Op::Eq, Some(Equal)) => true,
        (Op::Ne, o) => o != Some(Equal),
        (Op::Lt, Some(Less)) | (Op::Le, Some(Less | Equal)) => true,
        (Op::Gt, Some(Greater)) | (Op::Ge, Some(Greater | Equal)) => true,
        _ => false,
    }
}

/// Reads `a.b[0].c` from a JSON object; keys with dots go in brackets: `metadata.labels[app.kubernetes.io/name]`.
pub fn json_path<'a>(mut v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut rest = path;
    while !rest.is_empty() {
        rest = rest.strip_prefix('.').unwrap_or(rest);
        if let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            let key = r[..end].trim_matches(|c| c == '\'' || c == '"');
            v = match key.parse::<usize>() {
                Ok(i) => v.get(i)?,
                Err(_) => v.get(key)?,
            };
            rest = &r[end + 1..];
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            v = v.get(&rest[..end])?;
            rest = &rest[end..];
        }
    }
    Some(v)
}

/// True when a pod is Running with condition Ready=True, the StatefulSet controller's `isRunningAndReady`.
pub fn pod_running_and_ready(pod: &Value) -> bool {
    let running = json_path(pod, "status.phase").and_then(Value::as_str) == Some("Running");
    let ready = json_path(pod, "status.conditions")
        .and_then(Value::as_array)
        .map(|cs| cs.iter().any(|c| c["type"] == "Ready" && c["status"] == "True"))
        .unwrap_or(false);
    let terminating = json_path(pod, "metadata.deletionTimestamp").is_some_and(|t| !t.is_null());
    running && ready && !terminating
}

fn named(obs: &mut dyn Observer, kind_name: &str) -> Option<Value> {
    let (kind, name) = kind_name.split_once('/')?;
    obs.objects(kind, "").into_iter().find(|o| o["metadata"]["name"] == name)
}

fn eval(e: &Expr, obs: &mut dyn Observer, mem: &BTreeMap<String, Value>) -> Value {
    match e {
        Expr::Lit(v) => v.clone(),
        Expr::Var(n) => mem.get(n).cloned().unwrap_or(Value::Null),
        Expr::And(all) => Value::Bool(all.iter().all(|e| truthy(&eval(e, obs, mem)))),
        Expr::Or(any) => Value::Bool(any.iter().any(|e| truthy(&eval(e, obs, mem)))),
        Expr::Sum(terms) => {
            let mut total = 0.0;
            for (plus, t) in terms {
                let Some(n) = as_number(&eval(t, obs, mem)) else { return Value::Null };
                total += if *plus { n } else { -n };
            }
            serde_json::json!(total)
        }
        Expr::Cmp(a, op, b) => Value::Bool(compare(&eval(a, obs, mem), *op, &eval(b, obs, mem))),
        Expr::Call(f, args) => match (f.as_str(), args.as_slice()) {
            ("ready", [sel]) => obs.objects("pod", sel).iter().filter(|p| pod_running_and_ready(p)).count().into(),
            ("count", [kind, sel]) => obs.objects(kind, sel).len().into(),
            ("exists", [kn]) => Value::Bool(named(obs, kn).is_some()),
            ("field", [kn, path]) => named(obs, kn).and_then(|o| json_path(&o, path).cloned()).unwrap_or(Value::Null),
            ("file", [pod, path]) => {
                obs.file(pod, path).map(|s| Value::String(s.trim().to_string())).unwrap_or(Value::Null)
            }
            ("phase", [pod]) => named(obs, &format!("pod/{pod}"))
                .and_then(|p| json_path(&p, "status.phase").cloned())
                .unwrap_or(Value::Null),
            ("restarts", [pod]) => named(obs, &format!("pod/{pod}"))
                .and_then(|p| json_path(&p, "status.containerStatuses").cloned())
                .and_then(|cs| cs.as_array().map(|a| a.iter().filter_map(|c| c["restartCount"].as_u64()).sum::<u64>()))
                .map(Value::from)
                .unwrap_or(Value::Null),
            _ => Value::Null,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Fake(Vec<Value>);
    impl Observer for Fake {
        fn objects(&mut self, resource: &str, selector: &str) -> Vec<Value> {
            let kind = if resource == "pod" { "Pod" } else { "StatefulSet" };
            self.0
                .iter()
                .filter(|o| o["kind"] == kind)
                .filter(|o| {
                    selector.split(',').filter(|s| !s.is_empty()).all(|kv| {
                        let (k, v) = kv.split_once('=').unwrap();
                        o["metadata"]["labels"][k] == v
                    })
                })
                .cloned()
                .collect()
        }
        fn file(&mut self, pod: &str, _path: &str) -> Option<String> {
            (pod == "web-0").then(|| "61\n".to_string())
        }
    }

    fn pod(name: &str, ready: bool) -> Value {
        json!({"kind": "Pod", "metadata": {"name": name, "labels": {"app": "nginx"}},
               "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": if ready {"True"} else {"False"}}],
                          "containerStatuses": [{"restartCount": 2}]}})
    }

    #[test]
    fn checks_read_the_cluster() {
        let mut f = Fake(vec![pod("web-0", true), pod("web-1", false)]);
        let mem = BTreeMap::from([("v".to_string(), json!("61"))]);
        for (src, want) in [
            ("ready('app=nginx') == 1", true),
            ("ready('app=nginx') >= 2", false),
            ("count('pod', 'app=nginx') == 2 && exists('pod/web-1')", true),
            ("exists('pod/web-2') || phase('web-1') == 'Running'", true),
            ("file('web-0', 'data/visits') == $v && file('web-0', 'data/visits') > 60", true),
            ("file('web-1', 'data/visits') == $v", false),
            ("file('web-1', 'data/visits') != 3", true),
            ("restarts('web-0') == 2", true),
            ("file('web-0', 'data/visits') + 1 - $v == 1", true),
            ("file('web-0', 'data/visits') + file('web-1', 'data/visits') >= 0", false),
            ("field('pod/web-0', 'metadata.labels.app') == 'nginx'", true),
            ("field('pod/web-0', 'status.conditions[0].status') == 'True'", true),
            ("$missing", false),
        ] {
            let c = Check::parse(src).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.holds(&mut f, &mem), want, "{src}");
        }
    }

    #[test]
    fn typos_are_load_errors() {
        for (src, err) in [
            ("redy('a=b') == 1", "unknown function \"redy\""),
            ("ready('a=b' == 1", "expected ')'"),
            ("ready(a=b)", "expected a 'quoted' argument"),
            ("count('pod') == 1", "count takes 2 argument(s), got 1"),
            ("ready('x') == 1 )", "unexpected \")\" at column 17"),
        ] {
            let e = Check::parse(src).unwrap_err();
            assert!(e.contains(err), "{src}: {e}");
        }
    }
}
