//! Execution (Go's text/template exec.go and funcs.go) over `Value`.
//!
//! Go distinguishes a nil stored in an interface slot (a map value, a list element) from "no value":
//! a field of the first is `nil pointer evaluating interface {}.x`, a field of the second is nothing.
//! Pipelines always drop the slot (exec.go evalPipeline), so only field chains, range elements and range
//! variables carry the `slot` flag.

use super::parse::{Arg, Branch, Cmd, Node, Num, Pipe, TemplateCall, Tree};
use super::{Builtin, Engine, Func, Limits, TemplateError};
use crate::helm::gofmt;
use crate::helm::value::{ElemType, Value};
use std::collections::HashMap;
use std::rc::Rc;

type Set = HashMap<Rc<str>, Rc<Tree>>;

pub(super) enum Flow {
    Err(TemplateError),
    Break,
    Continue,
}

type R<T> = Result<T, Flow>;

/// A value with Go's "came from an interface slot" bit.
#[derive(Clone)]
struct Slot {
    v: Value,
    slot: bool,
}

impl Slot {
    fn plain(v: Value) -> Slot {
        Slot { v, slot: false }
    }
}

/// The node errors are reported at (Go's `state.node`).
#[derive(Clone, Copy)]
enum At<'a> {
    None,
    Arg(&'a Arg),
    Cmd(&'a Cmd),
    Pipe(&'a Pipe),
    Node(&'a Node),
}

struct Frame<'a> {
    tree: &'a Tree,
    vars: Vec<(Rc<str>, Slot)>,
    at: At<'a>,
}

struct Shared {
    limits: Limits,
    steps: u64,
    depth: usize,
    output: usize,
    /// Helm's `includedNames`: active `include` calls per name.
    included: HashMap<String, usize>,
}

struct Exec<'a, 'e> {
    /// Template sets, innermost (`tpl`'s) first.
    sets: Vec<&'a Set>,
    engine: &'e Engine,
    sh: &'a mut Shared,
}

pub(super) fn execute(engine: &Engine, tree: &Tree, data: &Value) -> Result<String, TemplateError> {
    let mut sh = Shared { limits: engine.limits, steps: 0, depth: 0, output: 0, included: HashMap::new() };
    let mut ex = Exec { sets: vec![&engine.templates], engine, sh: &mut sh };
    ex.run(tree, Slot::plain(data.clone()))
}

fn location(tree: &Tree, pos: usize) -> String {
    let text = &tree.text[..pos.min(tree.text.len())];
    let line = 1 + text.bytes().filter(|&b| b == b'\n').count();
    let col = match text.rfind('\n') {
        Some(i) => pos - (i + 1),
        None => pos,
    };
    format!("{}:{}:{}", tree.parse_name, line, col)
}

fn at_info(at: At<'_>) -> Option<(usize, String)> {
    Some(match at {
        At::None => return None,
        At::Arg(a) => (a.pos(), a.to_string()),
        At::Cmd(c) => (c.pos, c.to_string()),
        At::Pipe(p) => (p.pos, p.to_string()),
        At::Node(n) => (
            match n {
                Node::Action(p) => p.pos,
                Node::If(b) | Node::With(b) | Node::Range(b) => b.pos,
                Node::Template(t) => t.pos,
                _ => 0,
            },
            n.to_string(),
        ),
    })
}

/// Errors Go reports while checking arguments, before calling a function (so not `error calling`).
/// `text/template`'s `evalArg` for a parameter of Go type `ty` (from `funcs::param_type`): constants of the
/// wrong kind and missing fields fail before the call, in Go's words.
fn go_arg_check(ty: &str, a: &Arg, v: &mut Value) -> Option<String> {
    let map = ty.starts_with("map");
    let found = |want: &str| {
        Some(match want {
            "string" => format!("expected string; found {a}"),
            "int" => format!("expected integer; found {a}"),
            "bool" => format!("expected bool; found {a}"),
            "float64" => format!("expected float; found {a}"),
            _ => format!("can't handle {a} for arg of type {ty}"),
        })
    };
    match a {
        Arg::Nil(_) if map => None,
        Arg::Nil(_) => Some(format!("cannot assign nil to {ty}")),
        Arg::Str { .. } if ty == "string" => None,
        Arg::Number { .. } if ty == "float64" || (ty == "int" && matches!(v, Value::Int(_))) => None,
        // parse.NumberNode marks a float constant with an integral value (`1e6`, `3.0`) IsInt too, so an int
        // parameter takes it as that integer.
        Arg::Number { .. } if ty == "int" && matches!(*v, Value::Float(x) if x.fract() == 0.0 && x.abs() < 9.2e18) => {
            if let Value::Float(x) = *v {
                *v = Value::Int(x as i64);
            }
            None
        }
        Arg::Bool(..) if ty == "bool" => None,
        Arg::Str { .. } | Arg::Number { .. } | Arg::Bool(..) => found(ty),
        Arg::Field { .. } | Arg::Chain { .. } if matches!(v, Value::Nil) => {
            Some(format!("wrong type for value; expected {ty}; got interface {{}}"))
        }
        _ => None,
    }
}

/// `validateType` for a value that is not a constant: a nil is an invalid value (a nil map is fine), anything
/// else must already be of the parameter's Go type.
fn go_validate_type(ty: &str, v: &Value) -> Option<String> {
    // Go's types must match exactly: a map[string]string is not a map[string]interface {}.
    let fits = match v {
        Value::Nil => ty.starts_with("map"),
        // A named map type (common.Values) is assignable to its underlying map[string]interface {}.
        Value::Map(m) if ty == "map[string]interface {}" => !crate::helm::value::is_string_map(m),
        v => ty == v.type_name(),
    };
    match (fits, v) {
        (true, _) => None,
        (false, Value::Nil) => Some(format!("invalid value; expected {ty}")),
        (false, v) => Some(format!("wrong type for value; expected {ty}; got {}", v.type_name())),
    }
}

fn is_arg_check_error(e: &str) -> bool {
    ["wrong number of args for ", "wrong type for value; ", "expected ", "invalid value; ", "cannot assign nil to "]
        .iter()
        .any(|p| e.starts_with(p))
}

impl<'a, 'e> Exec<'a, 'e> {
    fn run(&mut self, tree: &'a Tree, dot: Slot) -> Result<String, TemplateError> {
        let mut f = Frame { tree, vars: vec![("$".into(), dot.clone())], at: At::None };
        let mut out = String::new();
        match self.walk_list(&mut f, &dot, &tree.root, &mut out) {
            Ok(()) => Ok(out),
            Err(Flow::Err(e)) => Err(e),
            // The parser rejects break/continue outside range.
            Err(_) => Ok(out),
        }
    }

    fn errorf(&self, f: &Frame<'a>, msg: impl Into<String>) -> Flow {
        Flow::Err(self.error_wrap(f, msg.into(), None))
    }

    /// Go's `state.errorf`; `wrapped` is the `%w` operand whose text is already in `msg`.
    fn error_wrap(&self, f: &Frame<'a>, msg: String, wrapped: Option<TemplateError>) -> TemplateError {
        let name = &f.tree.name;
        let text = match at_info(f.at) {
            None => format!("template: {name}: {msg}"),
            Some((pos, ctx)) => {
                format!("template: {}: executing {} at <{ctx}>: {msg}", location(f.tree, pos), gofmt::quote(name))
            }
        };
        let mut chain = vec![text.clone(), text];
        if let Some(w) = wrapped {
            chain.extend(w.chain);
        }
        TemplateError { chain, exec: true }
    }

    fn step(&mut self, f: &Frame<'a>) -> R<()> {
        self.sh.steps += 1;
        if self.sh.steps > self.sh.limits.max_steps {
            return Err(self.errorf(
                f,
                format!(
                    "the template ran more than {} steps (a browser limit real Helm lacks)",
                    self.sh.limits.max_steps
                ),
            ));
        }
        Ok(())
    }

    fn write(&mut self, f: &Frame<'a>, out: &mut String, s: &str) -> R<()> {
        self.sh.output += s.len();
        if self.sh.output > self.sh.limits.max_output {
            return Err(self.errorf(
                f,
                format!("the output grew past {} bytes (a browser limit real Helm lacks)", self.sh.limits.max_output),
            ));
        }
        out.push_str(s);
        Ok(())
    }

    fn lookup(&self, name: &str) -> Option<&'a Tree> {
        self.sets.iter().find_map(|s| s.get(name)).map(|t| &**t)
    }

    fn walk_list(&mut self, f: &mut Frame<'a>, dot: &Slot, list: &'a [Node], out: &mut String) -> R<()> {
        for n in list {
            self.walk(f, dot, n, out)?;
        }
        Ok(())
    }

    fn walk(&mut self, f: &mut Frame<'a>, dot: &Slot, node: &'a Node, out: &mut String) -> R<()> {
        if let Node::Text(t) = node {
            // Go marks text nodes too, but only a browser limit can fail here: name the enclosing action.
            return self.write(f, out, t);
        }
        f.at = At::Node(node);
        match node {
            Node::Text(_) => unreachable!(),
            Node::Action(pipe) => {
                self.step(f)?;
                let v = self.eval_pipeline(f, dot, pipe)?;
                if pipe.decl.is_empty() {
                    f.at = At::Node(node);
                    match &v {
                        Value::Nil => self.write(f, out, "<no value>")?,
                        // The common case needs no formatting.
                        Value::Str(s) => self.write(f, out, s)?,
                        v => self.write(f, out, &gofmt::format_v(v))?,
                    }
                }
                Ok(())
            }
            Node::If(b) => self.walk_if_with(f, dot, b, false, out),
            Node::With(b) => self.walk_if_with(f, dot, b, true, out),
            Node::Range(b) => self.walk_range(f, dot, node, b, out),
            Node::Template(t) => self.walk_template(f, dot, node, t, out),
            Node::Break => Err(Flow::Break),
            Node::Continue => Err(Flow::Continue),
        }
    }

    fn walk_if_with(&mut self, f: &mut Frame<'a>, dot: &Slot, b: &'a Branch, with: bool, out: &mut String) -> R<()> {
        self.step(f)?;
        let mark = f.vars.len();
        let val = self.eval_pipeline(f, dot, &b.pipe)?;
        self.enter(f)?;
        let r = if val.truthy() {
            if with {
                self.walk_list(f, &Slot::plain(val), &b.list, out)
            } else {
                self.walk_list(f, dot, &b.list, out)
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(f, dot, e, out)
        } else {
            Ok(())
        };
        self.leave();
        f.vars.truncate(mark);
        r
    }

    fn walk_range(&mut self, f: &mut Frame<'a>, dot: &Slot, node: &'a Node, b: &'a Branch, out: &mut String) -> R<()> {
        f.at = At::Node(node);
        let outer = f.vars.len();
        let val = self.eval_pipeline(f, dot, &b.pipe)?;
        let mark = f.vars.len();
        self.enter(f)?;
        let mut ran = false;
        let r = (|| -> R<()> {
            let mut one = |this: &mut Self, f: &mut Frame<'a>, index: Slot, elem: Slot| -> R<bool> {
                this.step(f)?;
                let d = &b.pipe.decl;
                if !d.is_empty() {
                    if b.pipe.is_assign {
                        if d.len() > 1 {
                            this.set_var(f, &d[0], index.clone())?;
                        } else {
                            this.set_var(f, &d[0], elem.clone())?;
                        }
                    } else {
                        let n = f.vars.len();
                        f.vars[n - 1].1 = elem.clone();
                    }
                }
                if d.len() > 1 {
                    if b.pipe.is_assign {
                        this.set_var(f, &d[1], elem.clone())?;
                    } else {
                        let n = f.vars.len();
                        f.vars[n - 2].1 = index;
                    }
                }
                let r = this.walk_list(f, &elem, &b.list, out);
                f.vars.truncate(mark);
                match r {
                    Ok(()) | Err(Flow::Continue) => Ok(true),
                    Err(Flow::Break) => Ok(false),
                    Err(e) => Err(e),
                }
            };
            match &val {
                Value::List(et, items) => {
                    let slot = *et == ElemType::Interface;
                    for (i, v) in items.iter().enumerate() {
                        ran = true;
                        if !one(self, f, Slot::plain(Value::Int(i as i64)), Slot { v: v.clone(), slot })? {
                            break;
                        }
                    }
                }
                Value::Map(m) => {
                    // A snapshot: the body may `set` into the map it ranges over (Go allows that).
                    let entries: Vec<(String, Value)> =
                        m.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    for (k, v) in entries.iter() {
                        ran = true;
                        if !one(self, f, Slot::plain(Value::str(k.as_str())), Slot { v: v.clone(), slot: true })? {
                            break;
                        }
                    }
                }
                Value::Int(n) | Value::Int64(n) => {
                    if b.pipe.decl.len() > 1 {
                        return Err(self.errorf(
                            f,
                            format!("can't use {} to iterate over more than one variable", gofmt::format_v(&val)),
                        ));
                    }
                    let int64 = matches!(val, Value::Int64(_));
                    for i in 0..*n {
                        ran = true;
                        let e = if int64 { Value::Int64(i) } else { Value::Int(i) };
                        if !one(self, f, Slot::plain(Value::Nil), Slot::plain(e))? {
                            break;
                        }
                    }
                }
                Value::Nil => {}
                Value::Object(o) if o.map_entries().is_some() => {
                    for (k, v) in o.map_entries().unwrap_or_default() {
                        ran = true;
                        if !one(self, f, Slot::plain(Value::str(k.as_str())), Slot { v, slot: true })? {
                            break;
                        }
                    }
                }
                other => {
                    return Err(self.errorf(f, format!("range can't iterate over {}", gofmt::format_v(other))));
                }
            }
            Ok(())
        })();
        self.leave();
        r?;
        if !ran {
            if let Some(e) = &b.else_list {
                self.walk_list(f, dot, e, out)?;
            }
        }
        f.vars.truncate(outer);
        Ok(())
    }

    fn walk_template(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        node: &'a Node,
        t: &'a TemplateCall,
        out: &mut String,
    ) -> R<()> {
        f.at = At::Node(node);
        let Some(tree) = self.lookup(&t.name) else {
            return Err(self.errorf(f, format!("template {} not defined", gofmt::quote(&t.name))));
        };
        self.enter(f)?;
        let newdot = match &t.pipe {
            Some(p) => match self.eval_pipeline(f, dot, p) {
                Ok(v) => v,
                Err(e) => {
                    self.leave();
                    return Err(e);
                }
            },
            None => Value::Nil,
        };
        let newdot = Slot::plain(newdot);
        let mut nf = Frame { tree, vars: vec![("$".into(), newdot.clone())], at: At::None };
        let r = self.walk_list(&mut nf, &newdot, &tree.root, out);
        self.leave();
        r
    }

    /// Counts one level of Rust recursion (template call, block body, parenthesized pipeline), so a
    /// template can never overflow the stack; `leave` undoes it.
    fn enter(&mut self, f: &Frame<'a>) -> R<()> {
        if self.sh.depth >= self.sh.limits.max_depth {
            return Err(self.errorf(
                f,
                format!(
                    "exceeded maximum template depth ({}): templates, blocks and parentheses nest deeper than a \
                     browser allows (real Helm has no such limit)",
                    self.sh.limits.max_depth
                ),
            ));
        }
        self.sh.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.sh.depth -= 1;
    }

    fn set_var(&self, f: &mut Frame<'a>, name: &str, v: Slot) -> R<()> {
        match f.vars.iter_mut().rev().find(|(n, _)| **n == *name) {
            Some(slot) => {
                slot.1 = v;
                Ok(())
            }
            None => Err(self.errorf(f, format!("undefined variable: {name}"))),
        }
    }

    fn var_value(&self, f: &Frame<'a>, name: &str) -> R<Slot> {
        match f.vars.iter().rev().find(|(n, _)| **n == *name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.errorf(f, format!("undefined variable: {name}"))),
        }
    }

    fn eval_pipeline(&mut self, f: &mut Frame<'a>, dot: &Slot, pipe: &'a Pipe) -> R<Value> {
        f.at = At::Pipe(pipe);
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            self.step(f)?;
            value = Some(self.eval_command(f, dot, cmd, value)?.v);
        }
        let value = value.unwrap_or(Value::Nil);
        for d in &pipe.decl {
            if pipe.is_assign {
                self.set_var(f, d, Slot::plain(value.clone()))?;
            } else {
                f.vars.push((d.clone(), Slot::plain(value.clone())));
            }
        }
        Ok(value)
    }

    fn eval_nested_pipeline(&mut self, f: &mut Frame<'a>, dot: &Slot, pipe: &'a Pipe) -> R<Value> {
        self.enter(f)?;
        let r = self.eval_pipeline(f, dot, pipe);
        self.leave();
        r
    }

    fn not_a_function(&self, f: &Frame<'a>, args: &'a [Arg], final_: &Option<Value>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            return Err(self.errorf(f, format!("can't give argument to non-function {}", args[0])));
        }
        Ok(())
    }

    fn eval_command(&mut self, f: &mut Frame<'a>, dot: &Slot, cmd: &'a Cmd, final_: Option<Value>) -> R<Slot> {
        let first = &cmd.args[0];
        match first {
            Arg::Field { idents, .. } => {
                f.at = At::Arg(first);
                return self.eval_field_chain(f, dot, dot.clone(), first, idents, &cmd.args, final_);
            }
            Arg::Chain { .. } => return self.eval_chain(f, dot, first, &cmd.args, final_),
            Arg::Ident { name, func, .. } => {
                return self.eval_function(f, dot, first, name, *func, At::Cmd(cmd), &cmd.args, final_).map(Slot::plain)
            }
            Arg::Pipe(p) => {
                self.not_a_function(f, &cmd.args, &final_)?;
                return self.eval_nested_pipeline(f, dot, p).map(Slot::plain);
            }
            Arg::Variable { .. } => return self.eval_variable(f, dot, first, &cmd.args, final_),
            _ => {}
        }
        f.at = At::Arg(first);
        self.not_a_function(f, &cmd.args, &final_)?;
        match first {
            Arg::Bool(_, b) => Ok(Slot::plain(Value::Bool(*b))),
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Err(self.errorf(f, "nil is not a command")),
            Arg::Number { num, text, .. } => self.ideal_constant(f, *num, text).map(Slot::plain),
            Arg::Str { value, .. } => Ok(Slot::plain(value.clone())),
            _ => Err(self.errorf(f, format!("can't evaluate command {}", gofmt::quote(&first.to_string())))),
        }
    }

    fn ideal_constant(&self, f: &Frame<'a>, num: Num, text: &str) -> R<Value> {
        match num {
            Num::Int(i) | Num::Char(i) => Ok(Value::Int(i)),
            Num::Float(x) => Ok(Value::Float(x)),
            Num::Overflow => Err(self.errorf(f, format!("{text} overflows int"))),
        }
    }

    fn eval_chain(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        chain: &'a Arg,
        args: &'a [Arg],
        final_: Option<Value>,
    ) -> R<Slot> {
        let Arg::Chain { node, fields, .. } = chain else { unreachable!() };
        f.at = At::Arg(chain);
        if matches!(**node, Arg::Nil(_)) {
            return Err(self.errorf(f, format!("indirection through explicit nil in {chain}")));
        }
        let recv = self.eval_arg(f, dot, node)?;
        self.eval_field_chain(f, dot, Slot::plain(recv), chain, fields, args, final_)
    }

    fn eval_variable(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        var: &'a Arg,
        args: &'a [Arg],
        final_: Option<Value>,
    ) -> R<Slot> {
        let Arg::Variable { idents, .. } = var else { unreachable!() };
        f.at = At::Arg(var);
        let value = self.var_value(f, &idents[0])?;
        if idents.len() == 1 {
            self.not_a_function(f, args, &final_)?;
            return Ok(value);
        }
        self.eval_field_chain(f, dot, value, var, &idents[1..], args, final_)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        mut recv: Slot,
        node: &'a Arg,
        idents: &'a [Rc<str>],
        args: &'a [Arg],
        final_: Option<Value>,
    ) -> R<Slot> {
        let n = idents.len();
        for id in &idents[..n - 1] {
            recv = self.eval_field(f, dot, id, node, &[], None, recv)?;
        }
        self.eval_field(f, dot, &idents[n - 1], node, args, final_, recv)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        name: &str,
        node: &'a Arg,
        args: &'a [Arg],
        final_: Option<Value>,
        recv: Slot,
    ) -> R<Slot> {
        let typ = if recv.slot { "interface {}".to_string() } else { recv.v.type_name() };
        let has_args = args.len() > 1 || final_.is_some();
        match &recv.v {
            Value::Nil => {
                if recv.slot {
                    return Err(self.errorf(f, format!("nil pointer evaluating {typ}.{name}")));
                }
                Ok(Slot::plain(Value::Nil))
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(f, format!("{name} is not a method but has arguments")));
                }
                Ok(Slot { v: m.borrow().get(name).cloned().unwrap_or_else(|| Value::map_zero(m)), slot: true })
            }
            Value::Object(o) => {
                let o = o.clone();
                if !has_args {
                    if let Some(v) = o.field(name) {
                        let slot = matches!(v, Value::Nil);
                        return Ok(Slot { v, slot });
                    }
                }
                // A method: evaluate its arguments like a function's.
                let mut argv = Vec::with_capacity(args.len());
                for a in args.iter().skip(1) {
                    argv.push(self.eval_arg(f, dot, a)?);
                }
                if let Some(fv) = final_ {
                    argv.push(fv);
                }
                match o.call(name, &argv) {
                    Some(Ok(v)) => Ok(Slot::plain(v)),
                    Some(Err(e)) => {
                        f.at = At::Arg(node);
                        if is_arg_check_error(&e) {
                            return Err(self.errorf(f, e));
                        }
                        let inner = TemplateError::plain(e.clone());
                        Err(Flow::Err(self.error_wrap(f, format!("error calling {name}: {e}"), Some(inner))))
                    }
                    None => {
                        if has_args && o.field(name).is_some() {
                            return Err(
                                self.errorf(f, format!("{name} has arguments but cannot be invoked as function"))
                            );
                        }
                        Err(self.errorf(f, format!("can't evaluate field {name} in type {typ}")))
                    }
                }
            }
            _ => Err(self.errorf(f, format!("can't evaluate field {name} in type {typ}"))),
        }
    }

    /// Go's `evalArg` for an `interface{}`/`reflect.Value` parameter.
    fn eval_arg(&mut self, f: &mut Frame<'a>, dot: &Slot, a: &'a Arg) -> R<Value> {
        f.at = At::Arg(a);
        Ok(match a {
            Arg::Dot(_) => dot.v.clone(),
            Arg::Nil(_) => Value::Nil,
            Arg::Field { idents, .. } => {
                self.eval_field_chain(f, dot, dot.clone(), a, idents, std::slice::from_ref(a), None)?.v
            }
            Arg::Variable { .. } => self.eval_variable(f, dot, a, &[], None)?.v,
            Arg::Pipe(p) => self.eval_nested_pipeline(f, dot, p)?,
            Arg::Ident { name, func, .. } => self.eval_function(f, dot, a, name, *func, At::Arg(a), &[], None)?,
            Arg::Chain { .. } => self.eval_chain(f, dot, a, &[], None)?.v,
            Arg::Bool(_, b) => Value::Bool(*b),
            Arg::Number { num, text, .. } => self.ideal_constant(f, *num, text)?,
            Arg::Str { value, .. } => value.clone(),
        })
    }

    /// A `string` parameter: Go's evalArg/validateType wording for the wrong kind of argument.
    fn want_string(&self, f: &mut Frame<'a>, a: Option<&'a Arg>, v: &Value) -> R<Rc<str>> {
        if let Value::Str(s) = v {
            return Ok(s.clone());
        }
        if let Some(a) = a {
            f.at = At::Arg(a);
            if matches!(a, Arg::Bool(..) | Arg::Number { .. } | Arg::Dot(_)) && !matches!(a, Arg::Dot(_)) {
                return Err(self.errorf(f, format!("expected string; found {a}")));
            }
            if matches!(a, Arg::Nil(_)) {
                return Err(self.errorf(f, "cannot assign nil to string"));
            }
        }
        if matches!(v, Value::Nil) {
            return Err(self.errorf(f, "invalid value; expected string"));
        }
        Err(self.errorf(f, format!("wrong type for value; expected string; got {}", v.type_name())))
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_function(
        &mut self,
        f: &mut Frame<'a>,
        dot: &Slot,
        ident: &'a Arg,
        name: &str,
        func: Func,
        call_node: At<'a>,
        args: &'a [Arg],
        final_: Option<Value>,
    ) -> R<Value> {
        f.at = At::Arg(ident);
        let args: &'a [Arg] = if args.is_empty() { args } else { &args[1..] };
        let num_in = args.len() + usize::from(final_.is_some());
        let b = match func {
            Func::Builtin(b) => b,
            Func::Ext(ext) => {
                // Go's evalCall checks the count against the signature before evaluating any argument.
                if let Some(msg) = crate::helm::funcs::arity_error(name, num_in, args.len()) {
                    return Err(self.errorf(f, msg));
                }
                let mut argv = Vec::with_capacity(num_in);
                for (k, a) in args.iter().enumerate() {
                    let mut v = self.eval_arg(f, dot, a)?;
                    if let Some(ty) = crate::helm::funcs::param_type(name, k) {
                        if let Some(msg) = go_arg_check(ty, a, &mut v) {
                            f.at = At::Arg(a);
                            return Err(self.errorf(f, msg));
                        }
                        // validateType runs after the argument was evaluated, so Go reports it at the last node
                        // that evaluation visited (inside a parenthesised pipeline: its last argument).
                        if let Some(msg) = go_validate_type(ty, &v) {
                            return Err(self.errorf(f, msg));
                        }
                    }
                    argv.push(v);
                }
                if let Some(v) = final_ {
                    // Go checks the piped value last, still positioned where evaluating the arguments left it.
                    if let Some(msg) =
                        crate::helm::funcs::param_type(name, args.len()).and_then(|ty| go_validate_type(ty, &v))
                    {
                        return Err(self.errorf(f, msg));
                    }
                    argv.push(v);
                }
                return match ext(&argv) {
                    Ok(v) => Ok(v),
                    Err(e) => {
                        // funcs reports its argument count without the name; Go's text has it.
                        let e = match e.strip_prefix("wrong number of args: ") {
                            Some(rest) => format!("wrong number of args for {name}: {rest}"),
                            None => e,
                        };
                        if is_arg_check_error(&e) {
                            f.at = At::Arg(ident);
                            return Err(self.errorf(f, e));
                        }
                        f.at = call_node;
                        let inner = TemplateError::plain(e.clone());
                        Err(Flow::Err(self.error_wrap(f, format!("error calling {name}: {e}"), Some(inner))))
                    }
                };
            }
        };
        use Builtin::*;
        // Arity, as Go checks it before evaluating arguments: (fixed, variadic).
        let (fixed, variadic) = match b {
            And | Or | Eq | Index | Slice | Printf | Call => (1, true),
            Print | Println | Html | Js | Urlquery => (0, true),
            Not | Len | Fail => (1, false),
            Ne | Lt | Le | Gt | Ge | Include | Tpl | Required => (2, false),
        };
        if variadic && num_in < fixed {
            return Err(
                self.errorf(f, format!("wrong number of args for {name}: want at least {fixed} got {}", args.len()))
            );
        }
        if !variadic && num_in != fixed {
            return Err(self.errorf(f, format!("wrong number of args for {name}: want {fixed} got {num_in}")));
        }
        if b == And || b == Or {
            let mut v = Value::Nil;
            for a in args {
                v = self.eval_arg(f, dot, a)?;
                if v.truthy() == (b == Or) {
                    return Ok(v);
                }
            }
            if let Some(fv) = final_ {
                v = fv;
            }
            return Ok(v);
        }
        let mut argv = Vec::with_capacity(num_in);
        for a in args {
            argv.push(self.eval_arg(f, dot, a)?);
        }
        if let Some(v) = final_ {
            argv.push(v);
        }
        let arg_node = |i: usize| args.get(i);
        let result: Result<Value, TemplateError> = match b {
            Not => Ok(Value::Bool(!argv[0].truthy())),
            Eq => cmp_eq(&argv[0], &argv[1..]).map(Value::Bool).map_err(TemplateError::plain),
            Ne => cmp_eq(&argv[0], &argv[1..2]).map(|x| Value::Bool(!x)).map_err(TemplateError::plain),
            Lt => cmp_lt(&argv[0], &argv[1]).map(Value::Bool).map_err(TemplateError::plain),
            Le => cmp_le(&argv[0], &argv[1]).map(Value::Bool).map_err(TemplateError::plain),
            Gt => cmp_le(&argv[0], &argv[1]).map(|x| Value::Bool(!x)).map_err(TemplateError::plain),
            Ge => cmp_lt(&argv[0], &argv[1]).map(|x| Value::Bool(!x)).map_err(TemplateError::plain),
            // A nil that came from a map or variable slot is an interface holding nil; a nil constant or a
            // function's nil result reaches Go's len as the zero reflect.Value, whose Type() panics.
            Len if matches!(argv[0], Value::Nil)
                && !matches!(args.first(), Some(Arg::Field { .. } | Arg::Chain { .. } | Arg::Variable { .. })) =>
            {
                Err(TemplateError::plain("reflect: call of reflect.Value.Type on zero Value".to_string()))
            }
            Len => length(&argv[0]).map(Value::Int).map_err(TemplateError::plain),
            Index => index(&argv[0], &argv[1..]).map_err(TemplateError::plain),
            Slice => slice(&argv[0], &argv[1..]).map_err(TemplateError::plain),
            Print => Ok(Value::str(gofmt::sprint(&argv))),
            Println => Ok(Value::str(gofmt::sprintln(&argv))),
            Printf => {
                let fmt = self.want_string(f, arg_node(0), &argv[0])?;
                Ok(Value::str(gofmt::sprintf(&fmt, &argv[1..])))
            }
            Html => Ok(Value::str(html_escape(&eval_args_string(&argv)))),
            Js => Ok(Value::str(js_escape(&eval_args_string(&argv)))),
            Urlquery => Ok(Value::str(query_escape(&eval_args_string(&argv)))),
            // No template value is a Go func, so call always fails, in Go's words.
            Call => Err(TemplateError::plain(match &argv[0] {
                Value::Nil => "call of nil".to_string(),
                v => format!(
                    "non-function {} of type {}",
                    args.first().map(|a| a.to_string()).unwrap_or_default(),
                    v.type_name()
                ),
            })),
            Required => {
                let warn = self.want_string(f, arg_node(0), &argv[0])?;
                match &argv[1] {
                    Value::Nil => Err(TemplateError::plain(format!("{}{warn}{}", super::WARN_START, super::WARN_END))),
                    Value::Str(s) if s.is_empty() => {
                        Err(TemplateError::plain(format!("{}{warn}{}", super::WARN_START, super::WARN_END)))
                    }
                    v => Ok(v.clone()),
                }
            }
            Fail => {
                let msg = self.want_string(f, arg_node(0), &argv[0])?;
                Err(TemplateError::plain(format!("{}{msg}{}", super::WARN_START, super::WARN_END)))
            }
            Include => {
                let tname = self.want_string(f, arg_node(0), &argv[0])?;
                self.include(f, &tname, &argv[1]).map(Value::str)
            }
            Tpl => {
                let text = self.want_string(f, arg_node(0), &argv[0])?;
                self.tpl(f, &text, &argv[1]).map(Value::str)
            }
            And | Or => unreachable!(),
        };
        result.map_err(|e| {
            f.at = call_node;
            let msg = format!("error calling {name}: {}", e.chain[0]);
            Flow::Err(self.error_wrap(f, msg, Some(e)))
        })
    }

    /// Helm's `include`: executes a named template into a string, sharing the set.
    fn include(&mut self, f: &Frame<'a>, name: &str, data: &Value) -> Result<String, TemplateError> {
        let Some(tree) = self.lookup(name) else {
            return Err(TemplateError::plain(format!(
                "template: no template {} associated with template \"gotpl\"",
                gofmt::quote(name)
            )));
        };
        let count = self.sh.included.get(name).copied();
        if let Some(v) = count {
            if v > 1000 {
                return Err(TemplateError {
                    chain: vec![
                        format!("rendering template has a nested reference name: {name}: unable to execute template"),
                        "unable to execute template".into(),
                    ],
                    exec: false,
                });
            }
        }
        if let Err(Flow::Err(e)) = self.enter(f) {
            return Err(e);
        }
        *self.sh.included.entry(name.to_string()).or_insert(0) += 1;
        let r = self.run(tree, Slot::plain(data.clone()));
        if let Some(c) = self.sh.included.get_mut(name) {
            *c -= 1;
        }
        self.leave();
        r
    }

    /// Helm's `tpl`: parses text as a template named "gotpl" in a copy of the set (its `define`s stay
    /// local to it) and executes it with `vals` as dot.
    fn tpl(&mut self, f: &Frame<'a>, text: &str, vals: &Value) -> Result<String, TemplateError> {
        let resolver = self.engine.resolver();
        let trees = match super::parse::parse("gotpl", text, &resolver) {
            Ok(t) => t,
            Err(e) => {
                return Err(TemplateError {
                    chain: vec![format!("cannot parse template {}: {e}", gofmt::quote(text)), e],
                    exec: false,
                })
            }
        };
        let mut local: Set = HashMap::new();
        let mut main: Option<Rc<Tree>> = None;
        for t in trees {
            let t = Rc::new(t);
            if main.is_none() {
                main = Some(t.clone());
            }
            local.insert(t.name.clone(), t);
        }
        let main = main.expect("parse returns the main tree first");
        if let Err(Flow::Err(e)) = self.enter(f) {
            return Err(e);
        }
        let r = {
            let mut sets: Vec<&Set> = vec![&local];
            sets.extend(self.sets.iter().copied());
            let mut sub = Exec { sets, engine: self.engine, sh: &mut *self.sh };
            sub.run(&main, Slot::plain(vals.clone()))
        };
        self.leave();
        match r {
            Ok(s) => Ok(super::strip_no_value(s)),
            Err(e) => {
                let mut chain =
                    vec![format!("error during tpl function execution for {}: {}", gofmt::quote(text), e.chain[0])];
                chain.extend(e.chain);
                Err(TemplateError { chain, exec: false })
            }
        }
    }
}

fn kind(v: &Value) -> u8 {
    match v {
        Value::Bool(_) => 1,
        Value::Int(_) | Value::Int64(_) => 3,
        Value::Float(_) => 4,
        Value::Str(_) => 5,
        _ => 0,
    }
}

/// Go's `eq` (text/template funcs.go).
pub(crate) fn cmp_eq(a: &Value, rest: &[Value]) -> Result<bool, String> {
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let k1 = kind(a);
    for b in rest {
        let k2 = kind(b);
        let truth = if k1 != k2 {
            if !matches!(a, Value::Nil) && !matches!(b, Value::Nil) {
                return Err(format!("incompatible types for comparison: {} and {}", a.type_name(), b.type_name()));
            }
            false
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                (Value::Nil, _) | (_, Value::Nil) => matches!(a, Value::Nil) && matches!(b, Value::Nil),
                _ => {
                    if a.type_name() != b.type_name() {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            gofmt::sprintf("%s", std::slice::from_ref(a)),
                            a.type_name(),
                            b.type_name(),
                            gofmt::format_v(b)
                        ));
                    }
                    return Err(format!(
                        "non-comparable type {}: {}",
                        gofmt::sprintf("%s", std::slice::from_ref(b)),
                        b.type_name()
                    ));
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Go's `lt`.
pub(crate) fn cmp_lt(a: &Value, b: &Value) -> Result<bool, String> {
    let (k1, k2) = (kind(a), kind(b));
    if k1 == 0 || k2 == 0 {
        return Err("invalid type for comparison".into());
    }
    if k1 != k2 {
        return Err(format!("incompatible types for comparison: {} and {}", a.type_name(), b.type_name()));
    }
    Ok(match (a, b) {
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::Int(x) | Value::Int64(x), Value::Int(y) | Value::Int64(y)) => x < y,
        (Value::Str(x), Value::Str(y)) => x < y,
        _ => return Err("invalid type for comparison".into()),
    })
}

pub(crate) fn cmp_le(a: &Value, b: &Value) -> Result<bool, String> {
    if cmp_lt(a, b)? {
        return Ok(true);
    }
    cmp_eq(a, std::slice::from_ref(b))
}

fn length(v: &Value) -> Result<i64, String> {
    Ok(match v {
        Value::Str(s) => s.len() as i64,
        Value::List(_, l) => l.len() as i64,
        Value::Map(m) => m.borrow().len() as i64,
        Value::Object(o) if o.map_entries().is_some() => o.map_entries().map_or(0, |e| e.len()) as i64,
        Value::Nil => return Err("len of nil pointer".into()),
        other => return Err(format!("len of type {}", elem_type_name(other))),
    })
}

fn index_arg(i: &Value, cap: usize) -> Result<usize, String> {
    let x = match i {
        Value::Int(x) | Value::Int64(x) => *x,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => return Err(format!("cannot index slice/array with type {}", other.type_name())),
    };
    if x < 0 || x as usize > cap {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

/// Go's `index`.
fn index(item: &Value, idx: &[Value]) -> Result<Value, String> {
    let mut item = item.clone();
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".into());
    }
    for i in idx {
        item = match &item {
            Value::List(_, l) => {
                let x = index_arg(i, l.len())?;
                if x == l.len() {
                    return Err("reflect: slice index out of range".into());
                }
                l[x].clone()
            }
            Value::Str(s) => {
                let x = index_arg(i, s.len())?;
                if x == s.len() {
                    return Err("reflect: string index out of range".into());
                }
                Value::Int(s.as_bytes()[x] as i64)
            }
            Value::Map(m) => match i {
                Value::Str(k) => m.borrow().get(&**k).cloned().unwrap_or_else(|| Value::map_zero(m)),
                Value::Nil => return Err("value is nil; should be of type string".into()),
                other => return Err(format!("value has type {}; should be string", other.type_name())),
            },
            Value::Nil => return Err("index of nil pointer".into()),
            other => return Err(format!("can't index item of type {}", elem_type_name(other))),
        };
    }
    Ok(item)
}

/// Go's `slice`.
fn slice(item: &Value, idx: &[Value]) -> Result<Value, String> {
    if matches!(item, Value::Nil) {
        return Err("slice of untyped nil".into());
    }
    if idx.len() > 3 {
        return Err(format!("too many slice indexes: {}", idx.len()));
    }
    let cap = match item {
        Value::Str(s) => {
            if idx.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            s.len()
        }
        Value::List(_, l) => l.len(),
        other => return Err(format!("can't slice item of type {}", other.type_name())),
    };
    let mut ix = [0usize, cap, cap];
    for (n, i) in idx.iter().enumerate() {
        ix[n] = index_arg(i, cap)?;
    }
    if ix[0] > ix[1] {
        return Err(format!("invalid slice index: {} > {}", ix[0], ix[1]));
    }
    if idx.len() == 3 && ix[1] > ix[2] {
        return Err(format!("invalid slice index: {} > {}", ix[1], ix[2]));
    }
    Ok(match item {
        Value::Str(s) => match s.get(ix[0]..ix[1]) {
            Some(sub) => Value::str(sub),
            None => Value::str(String::from_utf8_lossy(&s.as_bytes()[ix[0]..ix[1]]).into_owned()),
        },
        Value::List(et, l) => Value::List(*et, Rc::new(l[ix[0]..ix[1]].to_vec())),
        _ => unreachable!(),
    })
}

/// Go's `evalArgs` for html/js/urlquery: a lone string as is, otherwise `fmt.Sprint`.
fn eval_args_string(args: &[Value]) -> String {
    if let [Value::Str(s)] = args {
        return s.to_string();
    }
    // printableValue turns a nil into the string "<no value>" before fmt sees it.
    let args: Vec<Value> =
        args.iter().map(|a| if matches!(a, Value::Nil) { Value::str("<no value>") } else { a.clone() }).collect();
    gofmt::sprint(&args)
}

/// The type Go names after `indirect` strips the pointer (`len of type common.Capabilities`).
fn elem_type_name(v: &Value) -> String {
    let t = v.type_name();
    match t.strip_prefix('*') {
        Some(e) => e.to_string(),
        None => t,
    }
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
