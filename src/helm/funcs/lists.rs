//! Sprig's list functions (sprig list.go). The plain and `must` forms fail the same way in a template: the plain
//! one panics with the error, and `text/template` reports a panic like a returned error.

use super::args::{arity, arity_min, deep_equal, empty, i, kind, list, list_or, NIL_DEREF, R};
use super::math::to_i64;
use crate::helm::value::{ElemType, Value};
use std::rc::Rc;

pub fn list_fn(a: &[Value]) -> R {
    Ok(list(a.to_vec()))
}

pub fn must_push(a: &[Value]) -> R {
    arity(a, 2)?;
    let mut v = list_or(&a[0], "push")?.to_vec();
    v.push(a[1].clone());
    Ok(list(v))
}

pub fn must_prepend(a: &[Value]) -> R {
    arity(a, 2)?;
    let l = list_or(&a[0], "prepend")?;
    let mut v = Vec::with_capacity(l.len() + 1);
    v.push(a[1].clone());
    v.extend(l.iter().cloned());
    Ok(list(v))
}

pub fn must_first(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(list_or(&a[0], "find first")?.first().cloned().unwrap_or(Value::Nil))
}

pub fn must_last(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(list_or(&a[0], "find last")?.last().cloned().unwrap_or(Value::Nil))
}

/// `rest` and `initial` of an empty list are a nil `[]interface {}` (prints `[]`).
pub fn must_rest(a: &[Value]) -> R {
    arity(a, 1)?;
    let l = list_or(&a[0], "find rest")?;
    Ok(list(l.iter().skip(1).cloned().collect()))
}

pub fn must_initial(a: &[Value]) -> R {
    arity(a, 1)?;
    let l = list_or(&a[0], "find initial")?;
    Ok(list(l.iter().take(l.len().saturating_sub(1)).cloned().collect()))
}

pub fn must_reverse(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(list(list_or(&a[0], "find reverse")?.iter().rev().cloned().collect()))
}

pub fn must_compact(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(list(list_or(&a[0], "compact")?.iter().filter(|v| !empty(v)).cloned().collect()))
}

pub fn must_uniq(a: &[Value]) -> R {
    arity(a, 1)?;
    let mut out: Vec<Value> = Vec::new();
    for v in list_or(&a[0], "find uniq")?.iter() {
        if !out.iter().any(|o| deep_equal(o, v)) {
            out.push(v.clone());
        }
    }
    Ok(list(out))
}

pub fn must_without(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let omit = &a[1..];
    Ok(list(
        list_or(&a[0], "find without")?.iter().filter(|v| !omit.iter().any(|o| deep_equal(o, v))).cloned().collect(),
    ))
}

pub fn must_has(a: &[Value]) -> R {
    arity(a, 2)?;
    if matches!(a[1], Value::Nil) {
        return Ok(Value::Bool(false));
    }
    Ok(Value::Bool(list_or(&a[1], "find has")?.iter().any(|v| deep_equal(&a[0], v))))
}

/// Sprig's `slice LIST [START [END]]` (it replaces Go's builtin `slice` in Helm's function map); the result keeps
/// the list's element type, and an empty list gives nil.
pub fn must_slice(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let l = match &a[0] {
        Value::List(_, l) => l,
        Value::Nil => return Err(NIL_DEREF.into()),
        other => return Err(format!("list should be type of slice or array but {}", kind(other))),
    };
    if l.is_empty() {
        return Ok(Value::Nil);
    }
    let start = a.get(1).map_or(0, to_i64);
    let end = a.get(2).map_or(l.len() as i64, to_i64);
    if start < 0 || end < start || end > l.len() as i64 {
        return Err("reflect.Value.Slice: slice index out of bounds".into());
    }
    let Value::List(t, _) = &a[0] else { unreachable!() };
    Ok(Value::List(*t, Rc::new(l[start as usize..end as usize].to_vec())))
}

pub fn concat(a: &[Value]) -> R {
    let mut out = Vec::new();
    for v in a {
        match v {
            Value::List(_, l) => out.extend(l.iter().cloned()),
            Value::Nil => return Err(NIL_DEREF.into()),
            other => return Err(format!("Cannot concat type {} as list", kind(other))),
        }
    }
    Ok(list(out))
}

pub fn must_chunk(a: &[Value]) -> R {
    arity(a, 2)?;
    let size = i(&a[0])?;
    // Sprig words chunk's panic without the "on" of its other list functions.
    let l = list_or(&a[1], "chunk").map_err(|e| e.replace("chunk on type", "chunk type"))?;
    if size <= 0 {
        return Err("runtime error: makeslice: len out of range".into());
    }
    // A size beyond the list is one chunk (and must not wrap to 0 in a 32-bit usize).
    let size = size.min(l.len().max(1) as i64) as usize;
    Ok(Value::List(ElemType::Lists, Rc::new(l.chunks(size).map(|c| list(c.to_vec())).collect())))
}
