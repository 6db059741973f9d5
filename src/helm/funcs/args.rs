//! Argument checking as Go's `text/template` does it before calling a Go function (exec.go `evalCall`,
//! `validateType`), and the values Sprig's reflection-based code sees.

use crate::helm::value::{ElemType, Value};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

pub type R = Result<Value, String>;

/// Prefix the functions put on an argument-count error; [`call_error`] names the function there.
const ARITY: &str = "wrong number of args: ";

/// The text Go prints for a failed call of `name` (after `executing "T" at <...>: `): argument count and
/// type problems as they are, anything the function itself returned as `error calling NAME: MSG`.
pub fn call_error(name: &str, msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix(ARITY) {
        format!("wrong number of args for {name}: {rest}")
    } else if msg.starts_with("wrong type for value;") || msg.starts_with("invalid value;") {
        msg.to_string()
    } else {
        format!("error calling {name}: {msg}")
    }
}

pub fn arity(args: &[Value], n: usize) -> Result<(), String> {
    if args.len() != n {
        return Err(format!("{ARITY}want {n} got {}", args.len()));
    }
    Ok(())
}

pub fn arity_min(args: &[Value], n: usize) -> Result<(), String> {
    if args.len() < n {
        return Err(format!("{ARITY}want at least {n} got {}", args.len()));
    }
    Ok(())
}

fn wrong(expected: &str, v: &Value) -> String {
    match v {
        Value::Nil => format!("invalid value; expected {expected}"),
        _ => format!("wrong type for value; expected {expected}; got {}", v.type_name()),
    }
}

/// A Go `string` parameter.
pub fn s(v: &Value) -> Result<&str, String> {
    match v {
        Value::Str(s) => Ok(s),
        _ => Err(wrong("string", v)),
    }
}

/// A Go `int` parameter: only an `int` is assignable (an int64 from `add` or a float64 from values is not).
pub fn i(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => Err(wrong("int", v)),
    }
}

/// A Go `bool` parameter.
pub fn b(v: &Value) -> Result<bool, String> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(wrong("bool", v)),
    }
}

/// A Go `float64` parameter.
pub fn f(v: &Value) -> Result<f64, String> {
    match v {
        Value::Float(f) => Ok(*f),
        _ => Err(wrong("float64", v)),
    }
}

pub type MapRef = Option<Rc<RefCell<BTreeMap<String, Value>>>>;

/// A Go `map[string]interface {}` parameter; a missing value becomes a nil map (`None`).
pub fn m(v: &Value) -> Result<MapRef, String> {
    match v {
        // A map[string]string (Chart annotations, split's result) is another Go type; common.Values converts.
        Value::Map(m) if !crate::helm::value::is_string_map(m) => Ok(Some(m.clone())),
        Value::Nil => Ok(None),
        _ => Err(format!("wrong type for value; expected map[string]interface {{}}; got {}", v.type_name())),
    }
}

/// Go's `reflect.Kind` name of a value, as Sprig's error messages print it.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "invalid",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Int64(_) => "int64",
        Value::Float(_) => "float64",
        Value::Str(_) => "string",
        Value::List(..) => "slice",
        Value::Map(_) => "map",
        Value::Object(_) => "ptr",
    }
}

/// The elements of a slice argument, or Sprig's `Cannot WHAT on type KIND` error (a nil value makes Go's
/// `reflect.TypeOf(nil).Kind()` dereference nil).
pub fn list_or<'a>(v: &'a Value, what: &str) -> Result<&'a Rc<Vec<Value>>, String> {
    match v {
        Value::List(_, l) => Ok(l),
        Value::Nil => Err(NIL_DEREF.into()),
        _ => Err(format!("Cannot {what} on type {}", kind(v))),
    }
}

pub const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

pub fn list(items: Vec<Value>) -> Value {
    Value::List(ElemType::Interface, Rc::new(items))
}

pub fn str(s: impl Into<Rc<str>>) -> Value {
    Value::Str(s.into())
}

/// Sprig's `strval`: strings as they are, anything else as `fmt.Sprintf("%v")`. A map that contains itself
/// (`set $d "me" $d`) has no finite text (Go's fmt recurses until the program dies); it prints a marker.
pub fn strval(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        _ if nests_deeper(v, MAX_PRINT_DEPTH) => "<value nested too deeply to print>".into(),
        _ => crate::helm::gofmt::format_v(v),
    }
}

const MAX_PRINT_DEPTH: usize = 100;

/// Whether lists and maps nest more than `limit` levels (always true for a map that contains itself).
pub fn nests_deeper(v: &Value, limit: usize) -> bool {
    if limit == 0 {
        return matches!(v, Value::List(..) | Value::Map(_));
    }
    match v {
        Value::List(_, l) => l.iter().any(|x| nests_deeper(x, limit - 1)),
        Value::Map(m) => m.borrow().values().any(|x| nests_deeper(x, limit - 1)),
        _ => false,
    }
}

/// Sprig's `empty`: nil, false, 0, "" and empty collections; structs never.
pub fn empty(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Bool(b) => !b,
        Value::Int(i) | Value::Int64(i) => *i == 0,
        Value::Float(f) => *f == 0.0,
        Value::Str(s) => s.is_empty(),
        Value::List(_, l) => l.is_empty(),
        Value::Map(m) => m.borrow().is_empty(),
        Value::Object(_) => false,
    }
}

/// Go's `reflect.DeepEqual` over template values: types must match (`1` and `1.0` differ, so do `[]string`
/// and `[]interface {}`).
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    deep_equal_at(a, b, 0)
}

/// Maps that contain themselves (`set $d "me" $d`) would recurse forever; past this depth they differ.
fn deep_equal_at(a: &Value, b: &Value, depth: usize) -> bool {
    if depth > 1000 {
        return false;
    }
    let deep_equal = |x: &Value, y: &Value| deep_equal_at(x, y, depth + 1);
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(ta, x), Value::List(tb, y)) => {
            ta == tb && x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| deep_equal(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            if Rc::ptr_eq(x, y) {
                return true;
            }
            // reflect.DeepEqual compares Go types first: a common.Values never equals a plain map.
            if crate::helm::value::map_type(x) != crate::helm::value::map_type(y) {
                return false;
            }
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}
