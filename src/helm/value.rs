//! The dynamic values templates compute with, typed the way Go sees them. Go's type matters to what a
//! template prints: `printf "%d" .Values.port` on a float64 prints `%!d(float64=80)`, `typeOf` prints
//! `[]interface {}`, `eq 1 1.0` is an error. So integers, int64s and floats are kept apart, and lists and
//! maps remember their Go element type.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// Element type of a Go slice; decides what `typeOf`/`printf "%T"` print and how elements are boxed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ElemType {
    /// `[]interface {}`: `list`, values from YAML/JSON.
    Interface,
    /// `[]string`: `splitList`, `keys`, `sortAlpha`.
    String,
    /// `[]int`: `until`, `seq`-like helpers.
    Int,
    /// `[][]interface {}`: `chunk`.
    Lists,
}

type MapRc = Rc<RefCell<BTreeMap<String, Value>>>;
type MapWeak = std::rc::Weak<RefCell<BTreeMap<String, Value>>>;

thread_local! {
    /// Maps whose Go type is not `map[string]interface {}`, by identity, with that type: Chart.yaml's
    /// `annotations` (`map[string]string`: a missing key reads as "") and the chart's `.Values`
    /// (`common.Values`, which Sprig's `dig` refuses and `ternary` names in its error). Templates see the
    /// difference only in type names and in those functions.
    static NAMED_MAPS: RefCell<Vec<(MapWeak, &'static str)>> = const { RefCell::new(Vec::new()) };
}

/// The Go type of a map that is not a plain `map[string]interface {}`.
pub fn map_type(m: &MapRc) -> Option<&'static str> {
    NAMED_MAPS.with(|s| s.borrow().iter().find(|(w, _)| std::ptr::eq(w.as_ptr(), Rc::as_ptr(m))).map(|(_, t)| *t))
}

/// Whether this map is a Go `map[string]string` (see [`Value::string_map`]).
pub fn is_string_map(m: &MapRc) -> bool {
    map_type(m) == Some("map[string]string")
}

/// Something with Go struct fields and methods: `.Release`, `.Chart`, `.Files`, `.Capabilities`, `.Template`.
pub trait Object: fmt::Debug {
    /// Go type name for `%T`/`typeOf`, e.g. `*chart.Metadata`.
    fn type_name(&self) -> &str;
    /// A field or zero-argument method; `None` means "no such field" (a template error in Go).
    fn field(&self, name: &str) -> Option<Value>;
    /// A method called with arguments, e.g. `.Files.Get "x"`. `None` means no such method.
    fn call(&self, _name: &str, _args: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    /// What Go's `fmt` prints for `%v`/`%s` (the Go type's `String()` where it has one, e.g. a KubeVersion).
    fn format_v(&self) -> String {
        format!("{self:?}")
    }
    /// For a Go map type with methods (`.Files` is a `map[string][]byte`): its entries in key order, so
    /// `range` can iterate it. `None` for struct types.
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        None
    }
}

#[derive(Clone, Debug)]
pub enum Value {
    /// Go's untyped nil (a missing map key, `nil`).
    Nil,
    Bool(bool),
    /// Go `int` (results of `int`, `len`, `atoi`, integer constants in templates).
    Int(i64),
    /// Go `int64` (results of `int64`, Sprig's math `add`, `sub`, ...).
    Int64(i64),
    /// Go `float64` (every number that came from values YAML/JSON, float constants).
    Float(f64),
    Str(Rc<str>),
    List(ElemType, Rc<Vec<Value>>),
    /// `map[string]interface {}`; Go's templates and toYaml see keys in sorted order. Shared and mutable like a
    /// Go map: Sprig's `set`, `unset`, `merge` change it in place and every holder (`$d`, `.Values`) sees it.
    Map(Rc<RefCell<BTreeMap<String, Value>>>),
    Object(Rc<dyn Object>),
}

impl Value {
    pub fn str(s: impl Into<Rc<str>>) -> Value {
        Value::Str(s.into())
    }
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(ElemType::Interface, Rc::new(items))
    }
    pub fn strings(items: Vec<String>) -> Value {
        Value::List(ElemType::String, Rc::new(items.into_iter().map(Value::str).collect()))
    }
    pub fn map(m: BTreeMap<String, Value>) -> Value {
        Value::Map(Rc::new(RefCell::new(m)))
    }

    /// A Go `map[string]string` (its values must be strings).
    pub fn string_map(m: BTreeMap<String, Value>) -> Value {
        Value::named_map(m, "map[string]string")
    }

    /// A map of Go type `type_name` (`map[string]string` or `common.Values`).
    pub fn named_map(m: BTreeMap<String, Value>, type_name: &'static str) -> Value {
        let rc = Rc::new(RefCell::new(m));
        NAMED_MAPS.with(|s| {
            let mut s = s.borrow_mut();
            s.retain(|(w, _)| w.strong_count() > 0);
            s.push((Rc::downgrade(&rc), type_name));
        });
        Value::Map(rc)
    }

    /// What a missing key of this map reads as: Go's zero value of its element type.
    pub fn map_zero(m: &MapRc) -> Value {
        if is_string_map(m) {
            Value::str("")
        } else {
            Value::Nil
        }
    }

    /// Go template truthiness (`text/template` `isTrue`): false, 0, nil, and empty string/list/map are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::List(_, l) => !l.is_empty(),
            Value::Map(m) => !m.borrow().is_empty(),
            // A struct is always true; a Go map type with methods (`.Files`) only when it has entries.
            Value::Object(o) => o.map_entries().is_none_or(|e| !e.is_empty()),
        }
    }

    /// The Go type name as `%T` prints it.
    pub fn type_name(&self) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Float(_) => "float64".into(),
            Value::Str(_) => "string".into(),
            Value::List(ElemType::Interface, _) => "[]interface {}".into(),
            Value::List(ElemType::String, _) => "[]string".into(),
            Value::List(ElemType::Int, _) => "[]int".into(),
            Value::List(ElemType::Lists, _) => "[][]interface {}".into(),
            Value::Map(m) => map_type(m).unwrap_or("map[string]interface {}").into(),
            Value::Object(o) => o.type_name().into(),
        }
    }

    /// Helm's values come from JSON: numbers become float64, objects `map[string]interface {}`.
    pub fn from_json(v: &serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::str(s.as_str()),
            serde_json::Value::Array(a) => Value::list(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                Value::map(crate::sort::btree_map(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v)))))
            }
        }
    }
}
