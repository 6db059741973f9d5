//! Sprig's dict functions (sprig dict.go). Go maps are references: `set`, `unset` and `merge` change the map
//! they are given, which templates rely on (`$_ := set $d "k" "v"`). `keys` and `values` follow Go's map order,
//! which is random; here it is sorted, one of the orders Go may print.

use super::args::{arity, arity_min, empty, m, s, str, strval, MapRef, R};
use crate::helm::value::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

type Map = BTreeMap<String, Value>;

/// Nested maps deeper than this are taken for a cycle (a map `set` into itself).
const MAX_DEPTH: usize = 1000;

pub fn dict(a: &[Value]) -> R {
    let mut d = Map::new();
    for pair in a.chunks(2) {
        d.insert(strval(&pair[0]), pair.get(1).cloned().unwrap_or_else(|| str("")));
    }
    Ok(Value::map(d))
}

fn map_value(r: MapRef) -> Value {
    match r {
        Some(m) => Value::Map(m),
        None => Value::map(Map::new()),
    }
}

pub fn get(a: &[Value]) -> R {
    arity(a, 2)?;
    let (d, k) = (m(&a[0])?, s(&a[1])?);
    Ok(d.and_then(|d| d.borrow().get(k).cloned()).unwrap_or_else(|| str("")))
}

pub fn set(a: &[Value]) -> R {
    arity(a, 3)?;
    let (d, k) = (m(&a[0])?, s(&a[1])?);
    let Some(d) = d else { return Err("assignment to entry in nil map".into()) };
    d.borrow_mut().insert(k.to_string(), a[2].clone());
    Ok(Value::Map(d))
}

pub fn unset(a: &[Value]) -> R {
    arity(a, 2)?;
    let (d, k) = (m(&a[0])?, s(&a[1])?);
    if let Some(d) = &d {
        d.borrow_mut().remove(k);
    }
    Ok(map_value(d))
}

pub fn has_key(a: &[Value]) -> R {
    arity(a, 2)?;
    let (d, k) = (m(&a[0])?, s(&a[1])?);
    Ok(Value::Bool(d.is_some_and(|d| d.borrow().contains_key(k))))
}

pub fn pluck(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let k = s(&a[0])?;
    let mut out = Vec::new();
    for d in &a[1..] {
        if let Some(v) = m(d)?.and_then(|d| d.borrow().get(k).cloned()) {
            out.push(v);
        }
    }
    Ok(super::args::list(out))
}

pub fn keys(a: &[Value]) -> R {
    let mut out = Vec::new();
    for d in a {
        if let Some(d) = m(d)? {
            out.extend(d.borrow().keys().cloned());
        }
    }
    Ok(Value::strings(out))
}

pub fn values(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(super::args::list(m(&a[0])?.map(|d| d.borrow().values().cloned().collect()).unwrap_or_default()))
}

pub fn pick(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let d = m(&a[0])?;
    let mut out = Map::new();
    for k in &a[1..] {
        let k = s(k)?;
        if let Some(v) = d.as_ref().and_then(|d| d.borrow().get(k).cloned()) {
            out.insert(k.to_string(), v);
        }
    }
    Ok(Value::map(out))
}

pub fn omit(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let d = m(&a[0])?;
    let drop: Vec<&str> = a[1..].iter().map(s).collect::<Result<_, _>>()?;
    let out: Map = d
        .map(|d| {
            crate::sort::btree_map(
                d.borrow().iter().filter(|(k, _)| !drop.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())),
            )
        })
        .unwrap_or_default();
    Ok(Value::map(out))
}

/// mergo's `deepMerge` for `map[string]interface {}`: nested maps merge in place; without `overwrite` a key is
/// filled only where the destination lacks it or holds an empty value, with `overwrite` every source value wins
/// (even an empty one) except where both sides are maps.
fn merge_into(dst: &Rc<RefCell<Map>>, src: &Rc<RefCell<Map>>, overwrite: bool, depth: usize) {
    if depth > MAX_DEPTH || Rc::ptr_eq(dst, src) {
        return;
    }
    let entries: Vec<(String, Value)> = src.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, sv) in entries {
        let dv = dst.borrow().get(&k).cloned();
        if matches!(sv, Value::Nil) {
            if overwrite {
                dst.borrow_mut().insert(k, Value::Nil);
            }
            continue;
        }
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&sv, &dv) {
            merge_into(dm, sm, overwrite, depth + 1);
            if !empty(dv.as_ref().unwrap_or(&Value::Nil)) {
                continue;
            }
        }
        if let Some(d) = &dv {
            if !empty(d) && matches!(sv, Value::List(..)) && !overwrite {
                continue;
            }
        }
        if overwrite || dv.as_ref().is_none_or(empty) {
            dst.borrow_mut().insert(k, sv);
        }
    }
}

fn merge_all(a: &[Value], overwrite: bool) -> R {
    arity_min(a, 1)?;
    let dst = m(&a[0])?;
    let srcs: Vec<MapRef> = a[1..].iter().map(m).collect::<Result<_, _>>()?;
    let dst = match dst {
        Some(d) => d,
        None => Rc::new(RefCell::new(Map::new())),
    };
    for src in srcs.into_iter().flatten() {
        merge_into(&dst, &src, overwrite, 0);
    }
    Ok(Value::Map(dst))
}

pub fn merge(a: &[Value]) -> R {
    merge_all(a, false)
}

pub fn must_merge(a: &[Value]) -> R {
    merge_all(a, false)
}

pub fn merge_overwrite(a: &[Value]) -> R {
    merge_all(a, true)
}

pub fn must_merge_overwrite(a: &[Value]) -> R {
    merge_all(a, true)
}

/// copystructure's `Copy`: new maps and lists all the way down.
pub fn copy_value(v: &Value, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("deepCopy error: a map or list nests deeper than 1000 levels (a cycle?)".into());
    }
    Ok(match v {
        Value::Map(m) => {
            let mut out = Map::new();
            for (k, x) in m.borrow().iter() {
                out.insert(k.clone(), copy_value(x, depth + 1)?);
            }
            Value::map(out)
        }
        Value::List(t, l) => {
            Value::List(*t, Rc::new(l.iter().map(|x| copy_value(x, depth + 1)).collect::<Result<_, _>>()?))
        }
        other => other.clone(),
    })
}

pub fn deep_copy(a: &[Value]) -> R {
    arity(a, 1)?;
    // copystructure keeps the Go type: a copy of .Values is still a common.Values.
    match (copy_value(&a[0], 0)?, &a[0]) {
        (Value::Map(c), Value::Map(m)) => match crate::helm::value::map_type(m) {
            Some(t) => Ok(Value::named_map(c.take(), t)),
            None => Ok(Value::Map(c)),
        },
        (c, _) => Ok(c),
    }
}

pub fn must_deep_copy(a: &[Value]) -> R {
    deep_copy(a)
}

fn type_assert_map(v: &Value) -> Result<Rc<RefCell<Map>>, String> {
    match v {
        Value::Map(m) if crate::helm::value::map_type(m).is_none() => Ok(m.clone()),
        Value::Nil => Err("interface conversion: interface {} is nil, not map[string]interface {}".into()),
        other => {
            Err(format!("interface conversion: interface {{}} is {}, not map[string]interface {{}}", other.type_name()))
        }
    }
}

/// `dig "a" "b" DEFAULT $dict`: the value at a.b, or DEFAULT where a key is missing.
pub fn dig(a: &[Value]) -> R {
    if a.len() < 3 {
        return Err("dig needs at least three arguments".into());
    }
    let mut d = type_assert_map(&a[a.len() - 1])?;
    let default = &a[a.len() - 2];
    let ks: Vec<&str> = a[..a.len() - 2]
        .iter()
        .map(|k| match k {
            Value::Str(k) => Ok(&**k),
            Value::Nil => Err("interface conversion: interface {} is nil, not string".to_string()),
            other => Err(format!("interface conversion: interface {{}} is {}, not string", other.type_name())),
        })
        .collect::<Result<_, _>>()?;
    for (n, k) in ks.iter().enumerate() {
        let step = d.borrow().get(*k).cloned();
        let Some(step) = step else { return Ok(default.clone()) };
        if n + 1 == ks.len() {
            return Ok(step);
        }
        d = type_assert_map(&step)?;
    }
    Ok(default.clone())
}
