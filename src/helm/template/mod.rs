//! Go's `text/template`, as Helm uses it: one template set per chart render (every file's `define`s are
//! visible to every file), `missingkey=zero` nil handling, Helm's engine-bound functions (`include`,
//! `tpl`, `required`, `fail`) and Helm's error formats.
//!
//! Written here rather than wrapping a crate because Helm users meet Go's exact error texts (positions,
//! nil-pointer errors, parse-time `function "x" not defined`) and method calls with arguments
//! (`.Files.Get "x"`), which no Rust template crate reproduces (see ARCHITECTURE.md).
//!
//! Shape: `lex` (lex.go) → `parse` (parse.go/node.go) → `exec` (exec.go + funcs.go). Templates are parsed
//! once; rendering walks the trees by reference and moves values as `Rc`s.
//!
//! Browser limits real Go lacks: nesting (blocks, parentheses, `template`/`include`/`tpl` calls), output
//! size and executed steps are bounded (see [`Limits`]); each limit has its own error text.
//!
//! Functions from `crate::helm::funcs::lookup` are called with the evaluated arguments, after the Go
//! parameter checks `funcs::param_type` describes. Their error text is prefixed `error calling NAME: ` as
//! Go does for a function's returned error, except texts Go produces before calling (argument checks),
//! recognised by their prefix: `wrong number of args for `, `wrong type for value; `, `expected `,
//! `invalid value; `, `cannot assign nil to `.
//!
//! Known differences from Go: no value is a Go func (`call` always fails, in Go's words); named map types
//! print as `map[string]interface {}` in `%T` (Helm's `.Values` is `common.Values`); a map containing
//! itself prints 200 levels deep (Go never returns).

mod exec;
mod lex;
mod parse;

use super::value::Value;
use parse::Tree;
use std::collections::HashMap;
use std::rc::Rc;

/// A function a template can call, resolved when the template is parsed.
#[derive(Clone, Copy, Debug)]
pub enum Func {
    Builtin(Builtin),
    Ext(crate::helm::funcs::Func),
}

/// Go's builtins (text/template funcs.go) and Helm's engine-bound functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    And,
    Or,
    Not,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Len,
    Index,
    Slice,
    Print,
    Printf,
    Println,
    Html,
    Js,
    Urlquery,
    Call,
    Include,
    Tpl,
    Required,
    Fail,
}

fn builtin(name: &str) -> Option<Builtin> {
    use Builtin::*;
    Some(match name {
        "and" => And,
        "or" => Or,
        "not" => Not,
        "eq" => Eq,
        "ne" => Ne,
        "lt" => Lt,
        "le" => Le,
        "gt" => Gt,
        "ge" => Ge,
        "len" => Len,
        "index" => Index,
        "slice" => Slice,
        "print" => Print,
        "printf" => Printf,
        "println" => Println,
        "html" => Html,
        "js" => Js,
        "urlquery" => Urlquery,
        "call" => Call,
        "include" => Include,
        "tpl" => Tpl,
        "required" => Required,
        "fail" => Fail,
        _ => return None,
    })
}

/// Nesting bound for parsing (blocks, parentheses) and execution (those plus template/include/tpl calls).
/// Each level is Rust recursion: about 13 KB in a debug build, so 100 levels fit a 2 MiB test thread and a
/// release wasm build's 1 MiB stack with room to spare; real charts nest a few dozen levels at most.
const MAX_NESTING: usize = 100;

/// Bounds a browser tab needs and Go does not have.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Nesting of `template`/`include`/`tpl` calls, block bodies and parenthesized pipelines: each level
    /// is Rust recursion, and a wasm stack is 1 MiB. Go allows 100000 template levels (1000 in wasm).
    pub max_depth: usize,
    /// Output bytes of one render (including text captured by `include`).
    pub max_output: usize,
    /// Actions, commands and loop iterations executed in one render.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_depth: MAX_NESTING, max_output: 16 << 20, max_steps: 5_000_000 }
    }
}

/// A template error as Go builds it: `chain[0]` is `err.Error()`, the following entries are what
/// `errors.Unwrap` yields in turn (Helm 4's error formatting walks that chain).
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateError {
    pub chain: Vec<String>,
    /// A `template.ExecError` (as opposed to a parse or lookup error).
    pub exec: bool,
}

impl TemplateError {
    pub fn plain(msg: String) -> TemplateError {
        TemplateError { chain: vec![msg], exec: false }
    }

    /// Go's `err.Error()`.
    pub fn message(&self) -> &str {
        &self.chain[0]
    }

    /// What Helm's engine returns for this execution error (`reformatExecErrorMsg` in helm/pkg/engine):
    /// `execution error at (FILE:L:C): MSG` for `required`/`fail`, otherwise Helm 4's multi-line trace.
    pub fn helm_message(&self, filename: &str) -> String {
        helm_exec_error(filename, self)
    }
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// A set of parsed templates, like Go's `*template.Template` with its associated templates.
/// Cloning is cheap (the parsed trees are shared), so a caller can keep an engine per set of template texts
/// and re-render it when only the values change, without parsing again.
#[derive(Default, Clone)]
pub struct Engine {
    templates: HashMap<Rc<str>, Rc<Tree>>,
    extra: HashMap<String, crate::helm::funcs::Func>,
    pub limits: Limits,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Adds (or replaces) a function callable from templates added after this call.
    pub fn add_func(&mut self, name: &str, f: crate::helm::funcs::Func) {
        self.extra.insert(name.to_string(), f);
    }

    fn resolver(&self) -> impl Fn(&str) -> Option<Func> + '_ {
        move |name: &str| resolve(name, &self.extra)
    }

    /// Parses one file under its name (`python-time-app/templates/service.yaml`); its `define`s join the set,
    /// replacing earlier ones of the same name (as Go's `Template.AddParseTree` does), except that an empty
    /// body never replaces a non-empty one. The error is Go's parse error text (`template: NAME:LINE: ...`);
    /// [`helm_parse_error`] turns it into Helm's.
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), String> {
        thread_local! {
            static PARSED: crate::helm::memo::Cache<Result<Vec<Rc<Tree>>, String>> = Default::default();
        }
        let parse = || parse::parse(name, text, &self.resolver()).map(|t| t.into_iter().map(Rc::new).collect());
        // Trees depend on the text and the functions only; with no added functions they are the same for
        // every render, so a re-render after an edit elsewhere parses nothing again.
        let trees = if self.extra.is_empty() {
            crate::helm::memo::get(&PARSED, 128, &format!("{name}\0{text}"), parse)?
        } else {
            parse()?
        };
        for t in trees {
            self.insert(t);
        }
        Ok(())
    }

    fn insert(&mut self, t: Rc<Tree>) {
        if let Some(old) = self.templates.get(&t.name) {
            if parse::is_empty(&t.root) && !parse::is_empty(&old.root) {
                return;
            }
        }
        self.templates.insert(t.name.clone(), t);
    }

    /// Whether a template of that name (a file or a `define`) is in the set.
    pub fn has(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Executes the named template with `data` as dot, as Helm's engine does for one file: `<no value>`
    /// removed from the output, errors in Helm's words (what `helm template` prints after `Error: `).
    pub fn render(&self, name: &str, data: &Value) -> Result<String, String> {
        match self.execute(name, data) {
            Ok(s) => Ok(s),
            Err(e) if e.exec => Err(e.helm_message(name)),
            Err(e) => Err(e.message().to_string()),
        }
    }

    /// Executes the named template; the output is Go's (with `<no value>`), the error Go's.
    pub fn execute(&self, name: &str, data: &Value) -> Result<String, TemplateError> {
        let Some(tree) = self.templates.get(name) else {
            return Err(TemplateError::plain(format!(
                "template: no template {} associated with template \"gotpl\"",
                super::gofmt::quote(name)
            )));
        };
        let out = exec::execute(self, tree, data)?;
        Ok(strip_no_value(out))
    }
}

/// Helm removes every `<no value>` Go printed for a nil (`renderWithReferences`), even one the data contained.
fn strip_no_value(s: String) -> String {
    if s.contains("<no value>") {
        s.replace("<no value>", "")
    } else {
        s
    }
}

/// Helm's function map overrides Go's builtins (Go's `findFunction` checks the template's funcs first):
/// Helm's own `include`/`tpl`/`required`/`fail` (which replaces Sprig's), then Sprig's, where only
/// `slice` shadows a Go builtin. Other Go builtin names stay Go's whatever `lookup` offers.
fn resolve(name: &str, extra: &HashMap<String, crate::helm::funcs::Func>) -> Option<Func> {
    let b = builtin(name);
    if let Some(b) = b.filter(|&b| b != Builtin::Slice) {
        return Some(Func::Builtin(b));
    }
    if let Some(f) = extra.get(name) {
        return Some(Func::Ext(*f));
    }
    crate::helm::funcs::lookup(name).map(Func::Ext).or(b.map(Func::Builtin))
}

/// Helm's `cleanupParseError`: `parse error at (FILE:LINE): MSG` from Go's parse error text.
pub fn helm_parse_error(filename: &str, go_error: &str) -> String {
    let tokens: Vec<&str> = go_error.split(": ").collect();
    if tokens.len() == 1 {
        return format!("parse error in ({filename}): {go_error}");
    }
    format!("parse error at ({}): {}", tokens[1], tokens[tokens.len() - 1])
}

const WARN_START: &str = "HELM_ERR_START";
const WARN_END: &str = "HELM_ERR_END";

/// Helm 4's `reformatExecErrorMsg` (helm/pkg/engine/engine.go).
fn helm_exec_error(filename: &str, err: &TemplateError) -> String {
    let msg = err.message();
    let tokens: Vec<&str> = msg.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return format!("execution error in ({filename}): {msg}");
    }
    let location = tokens[1];
    // warnRegex is greedy: first start marker to last end marker.
    if let (Some(a), Some(b)) = (tokens[2].find(WARN_START), tokens[2].rfind(WARN_END)) {
        if a + WARN_START.len() <= b {
            return format!("execution error at ({location}): {}", &tokens[2][a + WARN_START.len()..b]);
        }
    }
    let mut locs: Vec<Traceable> = Vec::new();
    for e in &err.chain {
        match parse_traceable(e) {
            Some(t) => {
                if locs.last() != Some(&t) {
                    locs.push(t);
                }
            }
            None => return msg.to_string(),
        }
    }
    let mut out = String::new();
    for t in &locs {
        if !t.location.is_empty() {
            out.push_str(&t.location);
            out.push_str("\n  ");
        }
        if !t.function.is_empty() {
            out.push_str(&t.function);
            out.push_str("\n    ");
        }
        if !t.message.is_empty() {
            out.push_str(&t.message);
            out.push('\n');
        }
    }
    out.trim().to_string()
}

#[derive(PartialEq)]
struct Traceable {
    location: String,
    message: String,
    function: String,
}

fn parse_traceable(s: &str) -> Option<Traceable> {
    let rem = s.strip_prefix("template: ")?;
    if rem.starts_with("no template ") {
        return Some(Traceable { location: String::new(), message: s.to_string(), function: String::new() });
    }
    let cut_chained = |m: &str| -> String {
        match m.find(" template:") {
            Some(i) => m[..i].to_string(),
            None => m.to_string(),
        }
    };
    if let Some(i) = rem.find(": executing ") {
        let name = &rem[..i];
        let after = &rem[i + ": executing ".len()..];
        let parsed = (|| {
            let a = after.strip_prefix('"')?;
            let q = a.find('"')?;
            let func = &a[..q];
            let at = a[q + 1..].strip_prefix(" at <")?;
            let j = at.find(">: ")?;
            Some(Traceable {
                location: name.to_string(),
                message: cut_chained(&at[j + 3..]),
                function: format!("executing \"{func}\" at <{}>:", &at[..j]),
            })
        })();
        if parsed.is_some() {
            return parsed;
        }
    }
    let sep = rem.rfind(": ")?;
    Some(Traceable { location: rem[..sep].to_string(), message: cut_chained(&rem[sep + 2..]), function: String::new() })
}
