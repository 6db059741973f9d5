//! Every function over awkward arguments: none may panic or run away (a template is user input, rendered on
//! each keystroke), and the same call after the same seed gives the same result.

use super::*;
use crate::helm::value::{ElemType, Value};
use std::collections::BTreeMap;
use std::rc::Rc;

/// The names `lookup` answers, read from its own source so the list cannot fall behind.
fn names() -> Vec<String> {
    let src = include_str!("mod.rs");
    let body = &src[src.find("let f: Func = match name {").expect("lookup's match")..];
    let body = &body[..body.find("_ => return None").expect("lookup's default arm")];
    let mut out = Vec::new();
    for part in body.split('"').skip(1).step_by(2) {
        if part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !part.is_empty() {
            out.push(part.to_string());
        }
    }
    out
}

fn call(name: &str, args: &[Value]) -> Value {
    lookup(name).and_then(|f| f(args).ok()).unwrap_or_else(|| panic!("{name} {args:?}"))
}

fn pool() -> Vec<Value> {
    let cyclic = Value::map(BTreeMap::new());
    if let Value::Map(m) = &cyclic {
        m.borrow_mut().insert("me".into(), cyclic.clone());
    }
    vec![
        Value::Nil,
        Value::Bool(true),
        Value::Int(-1),
        Value::Int(0),
        Value::Int(3),
        Value::Int(i64::MAX),
        Value::Int(i64::MIN),
        Value::Int64(5),
        Value::Float(f64::NAN),
        Value::Float(1e300),
        Value::Float(-0.5),
        Value::str(""),
        Value::str("a,b.c"),
        Value::str("é✓😀 x"),
        Value::str("0x1F"),
        Value::str("2024-01-01"),
        Value::str("[(*"),
        Value::str("1h30m"),
        Value::list(vec![]),
        Value::list(vec![Value::Int(1), Value::str("a"), Value::Nil, Value::list(vec![])]),
        Value::List(ElemType::String, Rc::new(vec![Value::str("b"), Value::str("a")])),
        Value::map(BTreeMap::from([("a".to_string(), Value::Int(1)), ("n".to_string(), Value::map(BTreeMap::new()))])),
        cyclic,
        call("now", &[]),
        call("toDate", &[Value::str("2006"), Value::str("0001")]),
        call("mustToDuration", &[Value::str("-2562047h47m16.854775808s")]),
        call("semver", &[Value::str("1.2.3-rc.1")]),
    ]
}

/// splitmix64, for a fixed sample of argument combinations.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn show(r: &Result<Value, String>) -> String {
    match r {
        // Printing a map that contains itself would not end; its type is enough here.
        Ok(v @ (Value::Map(_) | Value::List(..))) => v.type_name(),
        Ok(v) => format!("{} {}", v.type_name(), crate::helm::gofmt::format_v(v)),
        Err(e) => format!("error {e}"),
    }
}

#[test]
fn every_function_survives_awkward_arguments() {
    let names = names();
    assert!(names.len() > 200, "lookup's names were not found: {}", names.len());
    let pool = pool();
    let mut state = 7u64;
    let mut calls = 0;
    for name in &names {
        let f = lookup(name).unwrap_or_else(|| panic!("{name} is listed but not found"));
        let mut combos: Vec<Vec<Value>> = vec![vec![]];
        combos.extend(pool.iter().map(|v| vec![v.clone()]));
        for n in [2, 3, 4] {
            for _ in 0..60 {
                combos.push((0..n).map(|_| pool[next(&mut state) as usize % pool.len()].clone()).collect());
            }
        }
        for args in combos {
            reset_rng(1);
            let first = show(&f(&args));
            reset_rng(1);
            let again = show(&f(&args));
            assert_eq!(first, again, "{name} is not deterministic for {} args", args.len());
            calls += 2;
        }
    }
    assert!(calls > 50_000);
}

#[test]
fn errors_name_the_function_as_go_does() {
    assert_eq!(
        call_error("upper", "wrong number of args: want 1 got 2"),
        "wrong number of args for upper: want 1 got 2"
    );
    assert_eq!(
        call_error("first", "Cannot find first on type int"),
        "error calling first: Cannot find first on type int"
    );
    assert_eq!(
        call_error("upper", "wrong type for value; expected string; got int"),
        "wrong type for value; expected string; got int"
    );
}
