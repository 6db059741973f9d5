//! Sprig's math (sprig numeric.go, functions.go). Integer math converts every operand with spf13/cast
//! (`ToInt64`: floats truncate, strings parse with base prefixes, anything unconvertible is 0) and returns
//! int64; the `...f` functions go through shopspring/decimal, so `addf 0.1 0.2` is exactly `0.3`.

use super::args::{arity, arity_min, i, s, str, R};
use crate::helm::value::{ElemType, Value};
use std::rc::Rc;

/// cast's `trimZeroDecimal`: `"5.00"` reads as `"5"`.
fn trim_zero_decimal(st: &str) -> &str {
    if let Some((int, frac)) = st.split_once('.') {
        if !frac.is_empty() && frac.bytes().all(|b| b == b'0') {
            return int;
        }
    }
    st
}

/// Go's `strconv.ParseInt(s, 0, 64)` with `_` separators allowed after a base prefix or between digits.
pub fn go_parse_int(st: &str) -> Option<i64> {
    let (neg, body) = match st.as_bytes().first() {
        Some(b'+') => (false, &st[1..]),
        Some(b'-') => (true, &st[1..]),
        _ => (false, st),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d.to_string())
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d.to_string())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_string())
    } else {
        (10, lower.clone())
    };
    // Go's underscoreOK: `_` only between digits (or right after a base prefix).
    let underscore_ok = !digits.ends_with('_') && !digits.contains("__") && (radix != 10 || !digits.starts_with('_'));
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if clean.is_empty() || !underscore_ok {
        return None;
    }
    let v = i128::from_str_radix(&clean, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// spf13/cast `ToInt64`.
pub fn to_i64(v: &Value) -> i64 {
    match v {
        Value::Int(n) | Value::Int64(n) => *n,
        Value::Float(f) => go_f64_to_i64(*f),
        Value::Bool(b) => *b as i64,
        Value::Str(st) => go_parse_int(trim_zero_decimal(st)).unwrap_or(0),
        _ => 0,
    }
}

/// Go's float64-to-int64 conversion on amd64: truncation, and the "integer indefinite" value when out of range.
pub fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; anything at or beyond it does not fit.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// spf13/cast `ToFloat64`.
pub fn to_f64(v: &Value) -> f64 {
    match v {
        Value::Int(n) | Value::Int64(n) => *n as f64,
        Value::Float(f) => *f,
        Value::Bool(b) => *b as i64 as f64,
        Value::Str(st) => go_parse_float(st).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for the forms templates meet (no hex floats).
pub fn go_parse_float(st: &str) -> Option<f64> {
    let t = st.trim_start_matches(['+', '-']).to_ascii_lowercase();
    if matches!(t.as_str(), "inf" | "infinity") {
        return Some(if st.starts_with('-') { f64::NEG_INFINITY } else { f64::INFINITY });
    }
    if t == "nan" {
        return Some(f64::NAN);
    }
    if t.starts_with("0x") || t.is_empty() {
        return None;
    }
    // Go's underscoreOK: `_` only between digits.
    let b = st.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        if c == b'_' && !(k > 0 && b[k - 1].is_ascii_digit() && b.get(k + 1).is_some_and(u8::is_ascii_digit)) {
            return None;
        }
    }
    st.replace('_', "").parse::<f64>().ok().filter(|f| f.is_finite())
}

pub fn atoi(a: &[Value]) -> R {
    arity(a, 1)?;
    let st = s(&a[0])?;
    // strconv.Atoi: decimal only, optional sign; any error gives 0 in Sprig.
    let ok = {
        let b = st.strip_prefix(['+', '-']).unwrap_or(st);
        !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit())
    };
    Ok(Value::Int(if ok { st.parse::<i64>().unwrap_or(0) } else { 0 }))
}

pub fn int(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Int(to_i64(&a[0])))
}

pub fn int64(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Int64(to_i64(&a[0])))
}

pub fn float64(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Float(to_f64(&a[0])))
}

/// `toDecimal`: the `%v` text read as an octal number (`toDecimal "0777"` is 511), 0 when it is not one.
pub fn to_decimal(a: &[Value]) -> R {
    arity(a, 1)?;
    let text = super::args::strval(&a[0]);
    let body = text.strip_prefix(['+', '-']).unwrap_or(&text);
    let v = if body.is_empty() || !body.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
        0
    } else {
        let v = i64::from_str_radix(body, 8).unwrap_or(0);
        if text.starts_with('-') {
            -v
        } else {
            v
        }
    };
    Ok(Value::Int64(v))
}

pub fn add1(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Int64(to_i64(&a[0]).wrapping_add(1)))
}

pub fn add(a: &[Value]) -> R {
    Ok(Value::Int64(a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_i64(v)))))
}

pub fn sub(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(Value::Int64(to_i64(&a[0]).wrapping_sub(to_i64(&a[1]))))
}

pub fn div(a: &[Value]) -> R {
    arity(a, 2)?;
    let d = to_i64(&a[1]);
    if d == 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    Ok(Value::Int64(to_i64(&a[0]).wrapping_div(d)))
}

pub fn modulo(a: &[Value]) -> R {
    arity(a, 2)?;
    let d = to_i64(&a[1]);
    if d == 0 {
        return Err("runtime error: integer divide by zero".into());
    }
    Ok(Value::Int64(to_i64(&a[0]).wrapping_rem(d)))
}

pub fn mul(a: &[Value]) -> R {
    arity_min(a, 1)?;
    Ok(Value::Int64(a[1..].iter().fold(to_i64(&a[0]), |acc, v| acc.wrapping_mul(to_i64(v)))))
}

pub fn max(a: &[Value]) -> R {
    arity_min(a, 1)?;
    Ok(Value::Int64(a.iter().map(to_i64).max().unwrap_or(0)))
}

pub fn min(a: &[Value]) -> R {
    arity_min(a, 1)?;
    Ok(Value::Int64(a.iter().map(to_i64).min().unwrap_or(0)))
}

/// Go's `math.Max`/`math.Min`: NaN wins.
pub fn maxf(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let r = a[1..]
        .iter()
        .map(to_f64)
        .fold(to_f64(&a[0]), |x, y| if x.is_nan() || y.is_nan() { f64::NAN } else { x.max(y) });
    Ok(Value::Float(r))
}

pub fn minf(a: &[Value]) -> R {
    arity_min(a, 1)?;
    let r = a[1..]
        .iter()
        .map(to_f64)
        .fold(to_f64(&a[0]), |x, y| if x.is_nan() || y.is_nan() { f64::NAN } else { x.min(y) });
    Ok(Value::Float(r))
}

/// A decimal `m * 10^e`, as shopspring/decimal holds `NewFromFloat` (the shortest digits that read back).
#[derive(Clone, Copy)]
struct Dec {
    m: i128,
    e: i32,
}

impl Dec {
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        let text = format!("{f:e}");
        let (mant, exp) = text.split_once('e')?;
        let neg = mant.starts_with('-');
        let mant = mant.trim_start_matches('-');
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = format!("{int}{frac}");
        let m: i128 = digits.parse().ok()?;
        let e: i32 = exp.parse::<i32>().ok()? - frac.len() as i32;
        Some(Dec { m: if neg { -m } else { m }, e })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.m, self.e).parse().unwrap_or(0.0)
    }

    /// Both at the smaller exponent, or None on overflow.
    fn align(a: Dec, b: Dec) -> Option<(i128, i128, i32)> {
        let e = a.e.min(b.e);
        let scale = |d: Dec| -> Option<i128> { d.m.checked_mul(10i128.checked_pow((d.e - e) as u32)?) };
        Some((scale(a)?, scale(b)?, e))
    }

    fn add(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, e) = Dec::align(a, b)?;
        Some(Dec { m: x.checked_add(y)?, e })
    }

    fn sub(a: Dec, b: Dec) -> Option<Dec> {
        Dec::add(a, Dec { m: -b.m, e: b.e })
    }

    fn mul(a: Dec, b: Dec) -> Option<Dec> {
        Some(Dec { m: a.m.checked_mul(b.m)?, e: a.e + b.e })
    }

    /// shopspring's `Div`: `DivRound` to 16 decimal places, halves away from zero.
    fn div(a: Dec, b: Dec) -> Option<Dec> {
        if b.m == 0 {
            return None;
        }
        // a/b = (a.m / b.m) * 10^(a.e - b.e); want q = round(a/b * 10^16).
        let shift = a.e - b.e + 16;
        let (num, den) = if shift >= 0 {
            (a.m.checked_mul(10i128.checked_pow(shift as u32)?)?, b.m)
        } else {
            (a.m, b.m.checked_mul(10i128.checked_pow((-shift) as u32)?)?)
        };
        let q = num / den;
        let r = num % den;
        let q = if r.checked_mul(2)?.abs() >= den.abs() { q + if (num < 0) != (den < 0) { -1 } else { 1 } } else { q };
        Some(Dec { m: q, e: -16 })
    }
}

/// Sprig's `execDecimalOp` (shopspring panics on division by zero), falling back to float64 arithmetic where the exact decimal would not fit.
#[derive(PartialEq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

fn decimal_op(first: f64, rest: &[Value], which: Op) -> R {
    type Ops = (fn(Dec, Dec) -> Option<Dec>, fn(f64, f64) -> f64);
    let (op, float_op): Ops = match which {
        Op::Add => (Dec::add, |x, y| x + y),
        Op::Sub => (Dec::sub, |x, y| x - y),
        Op::Mul => (Dec::mul, |x, y| x * y),
        Op::Div => (Dec::div, |x, y| x / y),
    };
    let mut acc_f = first;
    let mut acc = Dec::from_f64(first);
    for v in rest {
        let x = to_f64(v);
        if which == Op::Div && x == 0.0 {
            return Err("decimal division by 0".into());
        }
        acc = acc.and_then(|d| Dec::from_f64(x).and_then(|e| op(d, e)));
        acc_f = float_op(acc_f, x);
    }
    Ok(Value::Float(acc.map_or(acc_f, Dec::to_f64)))
}

pub fn add1f(a: &[Value]) -> R {
    arity(a, 1)?;
    decimal_op(to_f64(&a[0]), &[Value::Int(1)], Op::Add)
}

pub fn addf(a: &[Value]) -> R {
    decimal_op(0.0, a, Op::Add)
}

pub fn subf(a: &[Value]) -> R {
    arity_min(a, 1)?;
    decimal_op(to_f64(&a[0]), &a[1..], Op::Sub)
}

pub fn mulf(a: &[Value]) -> R {
    arity_min(a, 1)?;
    decimal_op(to_f64(&a[0]), &a[1..], Op::Mul)
}

pub fn divf(a: &[Value]) -> R {
    arity_min(a, 1)?;
    decimal_op(to_f64(&a[0]), &a[1..], Op::Div)
}

pub fn floor(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Float(to_f64(&a[0]).floor()))
}

pub fn ceil(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Float(to_f64(&a[0]).ceil()))
}

/// `round VALUE PLACES [ROUND_ON]`: Sprig's own rounding (fraction >= ROUND_ON, default .5, rounds up).
pub fn round(a: &[Value]) -> R {
    arity_min(a, 2)?;
    let val = to_f64(&a[0]);
    let places = i(&a[1])? as f64;
    let round_on = match a.get(2) {
        Some(v) => super::args::f(v)?,
        None => 0.5,
    };
    let pow = 10f64.powf(places);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let r = if frac >= round_on { digit.ceil() } else { digit.floor() };
    Ok(Value::Float(r / pow))
}

/// Sprig's `untilStep`, bounded so a template cannot build a list that exhausts the page.
pub fn until_step_vec(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, String> {
    const MAX: i64 = 1_000_000;
    let mut v = Vec::new();
    if stop < start {
        if step >= 0 {
            return Ok(v);
        }
        let mut k = start;
        while k > stop {
            v.push(k);
            k = k.saturating_add(step);
            if v.len() as i64 > MAX {
                return Err(format!("stsplay: a list of more than {MAX} numbers is not built"));
            }
        }
        return Ok(v);
    }
    if step <= 0 {
        return Ok(v);
    }
    let mut k = start;
    while k < stop {
        v.push(k);
        k = k.saturating_add(step);
        if v.len() as i64 > MAX {
            return Err(format!("stsplay: a list of more than {MAX} numbers is not built"));
        }
    }
    Ok(v)
}

fn ints(v: Vec<i64>) -> Value {
    Value::List(ElemType::Int, Rc::new(v.into_iter().map(Value::Int).collect()))
}

pub fn until(a: &[Value]) -> R {
    arity(a, 1)?;
    let n = i(&a[0])?;
    Ok(ints(until_step_vec(0, n, if n < 0 { -1 } else { 1 })?))
}

pub fn until_step(a: &[Value]) -> R {
    arity(a, 3)?;
    Ok(ints(until_step_vec(i(&a[0])?, i(&a[1])?, i(&a[2])?)?))
}

/// `seq`: like GNU seq, a space-separated string.
pub fn seq(a: &[Value]) -> R {
    let p: Vec<i64> = a.iter().map(i).collect::<Result<_, _>>()?;
    let v = match p.as_slice() {
        [end] => {
            let inc = if *end < 1 { -1 } else { 1 };
            until_step_vec(1, end.saturating_add(inc), inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step_vec(*start, end.saturating_add(step), step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if *step > 0 {
                    return Ok(str(""));
                }
            }
            until_step_vec(*start, end.saturating_add(inc), *step)?
        }
        _ => Vec::new(),
    };
    Ok(str(v.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" ")))
}
