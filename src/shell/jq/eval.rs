//! The evaluator: every expression calls a continuation once per output, so generators (`range`, `.[]`,
//! `repeat`) stream and `first`/`limit`/`label` stop them early. Path expressions (`path(f)`, the assignment
//! operators, `del`) run the same code carrying each output's path; a value computed on the way breaks the path,
//! and using it as one fails with jq's "Invalid path expression" errors (src/execute.c of jq 1.7.1).

use super::funcs;
use super::parse::{Ast, FnDef, Op, Part, Pat};
use super::value::{cmp, dump, obj_set, tojson, Map, Style, MAX_DEPTH, V};
use std::collections::HashMap;
use std::rc::Rc;

/// The largest string and array one operation may build (`. + .` doubles in one step): the playground's limits.
const STR_LIMIT: usize = 16 << 20;
const ARR_LIMIT: usize = 1_000_000;

/// Evaluation steps one run may take: the playground's limit (`[range(1e9)]`, `repeat(1)` must end).
pub const STEP_LIMIT: u64 = 3_000_000;
/// Nested evaluations (recursion in jq functions, long pipes): the playground's limit. The stack budget below
/// usually ends a deep recursion first; it is measured, since frame sizes differ between builds.
pub const DEPTH_LIMIT: usize = 20_000;
/// Stack the evaluator and parser may use below where `jq` started: within the page's 1 MiB wasm stack, and
/// within the 2 MiB of a test thread for the much larger frames of debug builds.
pub const STACK_BUDGET: usize = if cfg!(debug_assertions) { 1200 << 10 } else { 400 << 10 };

/// The current stack position (stacks grow down on every target this runs on, wasm's shadow stack too).
#[inline(never)]
pub fn sp() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

#[derive(Debug)]
pub enum E {
    Err(V),
    Break(usize),
    Limit(String),
    Halt(i32, V),
    /// An error raised downstream of a `try`, passed through it untouched (the try's id).
    Up(usize, Box<E>),
}

pub type R = Result<(), E>;

pub fn err<X>(msg: impl Into<String>) -> Result<X, E> {
    Err(E::Err(V::str(msg.into())))
}

#[derive(Clone, Debug)]
pub enum P {
    /// Not in a path expression.
    Val,
    Path(Rc<Vec<V>>),
    /// In a path expression, a value that is not a path of the input.
    Broken,
}

impl P {
    pub fn derived_pub(&self) -> P {
        self.derived()
    }
    fn derived(&self) -> P {
        match self {
            P::Val => P::Val,
            _ => P::Broken,
        }
    }
    fn push(&self, k: V) -> P {
        match self {
            P::Path(p) => {
                let mut v = (**p).clone();
                v.push(k);
                P::Path(Rc::new(v))
            }
            o => o.clone(),
        }
    }
}

pub enum Bind {
    Var(Rc<str>, V),
    Func(Rc<FnDef>),
    Closure(Rc<str>, Rc<Ast>, Env),
    Label(Rc<str>, usize),
}

pub struct Node {
    b: Bind,
    up: Env,
}

pub type Env = Option<Rc<Node>>;

pub fn bind(env: &Env, b: Bind) -> Env {
    Some(Rc::new(Node { b, up: env.clone() }))
}

pub type K<'k> = &'k mut dyn FnMut(&mut Ev, V, P) -> R;

/// Where `input`/`inputs` read from: the values after the current one.
pub trait Inputs {
    fn next_input(&mut self) -> Option<Result<V, String>>;
    fn position(&self) -> String;
    fn line(&self) -> usize;
}

pub struct Ev<'a> {
    pub stack_base: usize,
    pub steps: u64,
    depth: usize,
    ids: usize,
    pub defs: HashMap<(Rc<str>, usize), Rc<FnDef>>,
    pub inputs: &'a mut dyn Inputs,
    pub env_obj: V,
    pub stderr: String,
    pub now: f64,
}

pub fn trunc(v: &V, n: usize) -> String {
    let s = tojson(v);
    if s.len() < n {
        return s;
    }
    // jq cuts bytes, even inside a character; the broken tail prints as U+FFFD.
    format!("{}...", String::from_utf8_lossy(&s.as_bytes()[..n - 4]))
}

pub fn type_err<X>(v: &V, msg: &str) -> Result<X, E> {
    err(format!("{} ({}) {msg}", v.kind(), trunc(v, 15)))
}

pub fn type_err2<X>(a: &V, b: &V, msg: &str) -> Result<X, E> {
    err(format!("{} ({}) and {} ({}) {msg}", a.kind(), trunc(a, 15), b.kind(), trunc(b, 15)))
}

fn guard(v: &V) -> Result<(), E> {
    if v.depth() > MAX_DEPTH {
        return Err(E::Limit(format!("the playground's jq builds values at most {MAX_DEPTH} levels deep")));
    }
    Ok(())
}

/// jv_get: `.[k]` on any value.
pub fn index(t: &V, k: &V) -> Result<V, E> {
    match (t, k) {
        (V::Obj(_), V::Str(s)) => Ok(t.get(s).cloned().unwrap_or(V::Null)),
        (V::Arr(a), V::Num(x, _)) => {
            if x.is_nan() {
                return Ok(V::Null);
            }
            let mut i = x.clamp(i32::MIN as f64, i32::MAX as f64) as i64;
            if i < 0 {
                i += a.len() as i64;
            }
            Ok(if i < 0 { V::Null } else { a.get(i as usize).cloned().unwrap_or(V::Null) })
        }
        (V::Arr(_) | V::Str(_), V::Obj(_)) => {
            let (s, e) = slice_bounds(t, k.get("start").unwrap_or(&V::Null), k.get("end").unwrap_or(&V::Null))?;
            Ok(slice(t, s, e))
        }
        (V::Arr(a), V::Arr(b)) => Ok(indices(a, b)),
        (V::Null, V::Str(_) | V::Num(..) | V::Obj(_)) => Ok(V::Null),
        (_, V::Str(s)) if s.len() < 30 => err(format!("Cannot index {} with string \"{s}\"", t.kind())),
        _ => err(format!("Cannot index {} with {}", t.kind(), k.kind())),
    }
}

fn indices(a: &[V], b: &[V]) -> V {
    if b.is_empty() {
        return V::Null;
    }
    let mut out = Vec::new();
    for i in 0..a.len() {
        if a.len() - i >= b.len() && a[i..i + b.len()].iter().zip(b).all(|(x, y)| x == y) {
            out.push(V::num(i as f64));
        }
    }
    V::arr(out)
}

pub fn len_of(t: &V) -> usize {
    match t {
        V::Arr(a) => a.len(),
        V::Str(s) => s.chars().count(),
        _ => 0,
    }
}

/// parse_slice in jv_aux.c: start rounds down, end rounds up, negatives count from the end.
pub fn slice_bounds(t: &V, s: &V, e: &V) -> Result<(usize, usize), E> {
    let len = len_of(t) as f64;
    let e = if matches!(e, V::Null) { &V::num(len) } else { e };
    let s = if matches!(s, V::Null) { &V::num(0.0) } else { s };
    let (V::Num(ds, _), V::Num(de, _)) = (s, e) else {
        return err("Start and end indices of an array slice must be numbers");
    };
    let mut ds = if ds.is_nan() { 0.0 } else { *ds };
    if ds < 0.0 {
        ds += len;
    }
    let ds = ds.clamp(0.0, len);
    let start = ds.floor();
    let mut de = if de.is_nan() { len } else { *de };
    if de < 0.0 {
        de += len;
    }
    if de < 0.0 {
        de = start;
    }
    let mut end = de.min(len).trunc();
    if end < len && end < de {
        end += 1.0;
    }
    let end = end.max(start);
    Ok((start as usize, end as usize))
}

pub fn slice(t: &V, s: usize, e: usize) -> V {
    match t {
        V::Arr(a) => V::arr(a[s..e].to_vec()),
        V::Str(x) => V::str(x.chars().skip(s).take(e - s).collect::<String>()),
        _ => V::Null,
    }
}

pub fn getpath(t: &V, p: &[V]) -> Result<V, E> {
    let Some((k, rest)) = p.split_first() else { return Ok(t.clone()) };
    getpath(&index(t, k)?, rest)
}

pub fn setpath(t: &V, p: &[V], v: V) -> Result<V, E> {
    let Some((k, rest)) = p.split_first() else { return Ok(v) };
    let cur = if matches!(t, V::Null) { V::Null } else { index(t, k)? };
    let nv = setpath(&cur, rest, v)?;
    set(t, k, nv)
}

/// jv_set: `.[k] = v` on one level.
fn set(t: &V, k: &V, v: V) -> Result<V, E> {
    match (t, k) {
        (V::Obj(_) | V::Null, V::Str(s)) => {
            let mut m = match t {
                V::Obj(m) => m.clone(),
                _ => Rc::new(Vec::new()),
            };
            obj_set(Rc::make_mut(&mut m), s.clone(), v);
            Ok(V::Obj(m))
        }
        (V::Arr(_) | V::Null, V::Num(x, _)) => {
            if x.is_nan() {
                return err("Cannot set array element at NaN index");
            }
            let mut a = match t {
                V::Arr(a) => a.clone(),
                _ => Rc::new(Vec::new()),
            };
            let mut i = x.clamp(i32::MIN as f64, i32::MAX as f64) as i64;
            if i < 0 {
                i += a.len() as i64;
                if i < 0 {
                    return err("Out of bounds negative array index");
                }
            }
            if i >= ARR_LIMIT as i64 {
                return Err(E::Limit(format!("the playground's jq makes arrays of at most {ARR_LIMIT} elements")));
            }
            let m = Rc::make_mut(&mut a);
            if i as usize >= m.len() {
                m.resize(i as usize + 1, V::Null);
            }
            m[i as usize] = v;
            Ok(V::Arr(a))
        }
        (V::Arr(_) | V::Null, V::Obj(_)) => {
            let V::Arr(ins) = &v else { return err("A slice of an array can only be assigned another array") };
            let base = match t {
                V::Arr(a) => (**a).clone(),
                _ => Vec::new(),
            };
            let tv = V::arr(base.clone());
            let (s, e) = slice_bounds(&tv, k.get("start").unwrap_or(&V::Null), k.get("end").unwrap_or(&V::Null))?;
            let mut out = base[..s].to_vec();
            out.extend(ins.iter().cloned());
            out.extend(base[e..].iter().cloned());
            Ok(V::arr(out))
        }
        (V::Str(_), V::Obj(_)) => err("Cannot update string slices"),
        _ => err(format!("Cannot update field at {} index of {}", k.kind(), t.kind())),
    }
}

pub fn delpaths(t: &V, ps: &[V]) -> Result<V, E> {
    let mut ps: Vec<&V> = ps.iter().collect();
    crate::sort::sort_by(&mut ps, |a, b| cmp(b, a));
    let mut t = t.clone();
    for p in ps {
        let V::Arr(p) = p else { return err(format!("Path must be specified as array, not {}", p.kind())) };
        t = delpath(&t, p)?;
    }
    Ok(t)
}

fn delpath(t: &V, p: &[V]) -> Result<V, E> {
    let Some((k, rest)) = p.split_first() else { return Ok(V::Null) };
    if matches!(t, V::Null) {
        return Ok(V::Null);
    }
    if !rest.is_empty() {
        let child = index(t, k)?;
        if matches!(child, V::Null) {
            return Ok(t.clone());
        }
        return set(t, k, delpath(&child, rest)?);
    }
    match (t, k) {
        (V::Obj(m), V::Str(s)) => Ok(V::Obj(Rc::new(m.iter().filter(|e| e.0 != *s).cloned().collect()))),
        (V::Obj(_), _) => err(format!("Cannot delete {} field of object", k.kind())),
        (V::Arr(a), V::Num(x, _)) => {
            let mut i = *x as i64;
            if i < 0 {
                i += a.len() as i64;
                if i < 0 {
                    return err("Out of bounds negative array index");
                }
            }
            let mut v = (**a).clone();
            if (i as usize) < v.len() {
                v.remove(i as usize);
            }
            Ok(V::arr(v))
        }
        (V::Arr(a), V::Obj(_)) => {
            let (s, e) = slice_bounds(t, k.get("start").unwrap_or(&V::Null), k.get("end").unwrap_or(&V::Null))?;
            let mut v = a[..s].to_vec();
            v.extend(a[e..].iter().cloned());
            Ok(V::arr(v))
        }
        (V::Arr(_), _) => err(format!("Cannot delete {} element of array", k.kind())),
        _ => err(format!("Cannot delete fields from {}", t.kind())),
    }
}

fn num_op(op: Op, x: f64, y: f64) -> f64 {
    match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x * y,
        _ => x / y,
    }
}

/// Deep merge for `*` of two objects.
fn merge(a: &Map, b: &Map) -> Map {
    let mut out = a.clone();
    for (k, v) in b {
        let nv = match (out.iter().find(|e| e.0 == *k).map(|e| &e.1), v) {
            (Some(V::Obj(x)), V::Obj(y)) => V::Obj(Rc::new(merge(x, y))),
            _ => v.clone(),
        };
        obj_set(&mut out, k.clone(), nv);
    }
    out
}

pub fn binop(op: Op, a: &V, b: &V) -> Result<V, E> {
    use std::cmp::Ordering::*;
    let c = || cmp(a, b);
    Ok(match op {
        Op::Eq => V::Bool(c() == Equal),
        Op::Ne => V::Bool(c() != Equal),
        Op::Lt => V::Bool(c() == Less),
        Op::Le => V::Bool(c() != Greater),
        Op::Gt => V::Bool(c() == Greater),
        Op::Ge => V::Bool(c() != Less),
        Op::Add => match (a, b) {
            (V::Null, _) => b.clone(),
            (_, V::Null) => a.clone(),
            (V::Num(x, _), V::Num(y, _)) => V::num(x + y),
            (V::Str(x), V::Str(y)) => {
                if x.len() + y.len() > STR_LIMIT {
                    return Err(E::Limit(format!(
                        "the playground's jq makes strings of at most {} MiB",
                        STR_LIMIT >> 20
                    )));
                }
                V::str(format!("{x}{y}"))
            }
            (V::Arr(x), V::Arr(y)) => {
                if x.len() + y.len() > ARR_LIMIT {
                    return Err(E::Limit(format!("the playground's jq makes arrays of at most {ARR_LIMIT} elements")));
                }
                V::arr(x.iter().chain(y.iter()).cloned().collect())
            }
            (V::Obj(x), V::Obj(y)) => {
                let mut m = (**x).clone();
                for (k, v) in y.iter() {
                    obj_set(&mut m, k.clone(), v.clone());
                }
                V::Obj(Rc::new(m))
            }
            _ => return type_err2(a, b, "cannot be added"),
        },
        Op::Sub => match (a, b) {
            (V::Num(x, _), V::Num(y, _)) => V::num(x - y),
            (V::Arr(x), V::Arr(y)) => V::arr(x.iter().filter(|e| !y.contains(e)).cloned().collect()),
            _ => return type_err2(a, b, "cannot be subtracted"),
        },
        Op::Mul => match (a, b) {
            (V::Num(x, _), V::Num(y, _)) => V::num(num_op(op, *x, *y)),
            (V::Str(s), V::Num(n, _)) | (V::Num(n, _), V::Str(s)) => {
                // jq 1.7 repeats the string ceil(n) times; n <= 0 gives null.
                if *n <= 0.0 {
                    V::Null
                } else {
                    let times = if *n < 1.0 { 1 } else { *n as usize };
                    if s.len().saturating_mul(times) > STR_LIMIT {
                        return Err(E::Limit(format!(
                            "the playground's jq makes strings of at most {} MiB",
                            STR_LIMIT >> 20
                        )));
                    }
                    V::str(s.repeat(times))
                }
            }
            (V::Obj(x), V::Obj(y)) => V::Obj(Rc::new(merge(x, y))),
            _ => return type_err2(a, b, "cannot be multiplied"),
        },
        Op::Div => match (a, b) {
            (V::Num(x, _), V::Num(y, _)) => {
                if *y == 0.0 {
                    return type_err2(a, b, "cannot be divided because the divisor is zero");
                }
                V::num(x / y)
            }
            (V::Str(x), V::Str(y)) => funcs::split(x, y),
            _ => return type_err2(a, b, "cannot be divided"),
        },
        Op::Mod => match (a, b) {
            (V::Num(x, _), V::Num(y, _)) => {
                let (xi, yi) = (x.trunc() as i64, y.trunc() as i64);
                if yi == 0 {
                    return type_err2(a, b, "cannot be divided (remainder) because the divisor is zero");
                }
                V::num((xi.unsigned_abs() % yi.unsigned_abs()) as f64 * if xi < 0 { -1.0 } else { 1.0 })
            }
            _ => return type_err2(a, b, "cannot be divided (remainder)"),
        },
    })
}

fn pat_vars(p: &Pat, out: &mut Vec<Rc<str>>) {
    match p {
        Pat::Var(n) => out.push(n.clone()),
        Pat::Arr(v) => v.iter().for_each(|x| pat_vars(x, out)),
        Pat::Obj(v) => {
            for (n, _, sub) in v {
                if let Some(n) = n {
                    out.push(n.clone());
                }
                if let Some(s) = sub {
                    pat_vars(s, out);
                }
            }
        }
    }
}

impl<'a> Ev<'a> {
    pub fn new(inputs: &'a mut dyn Inputs, env_obj: V, now: f64) -> Self {
        Ev {
            stack_base: sp(),
            steps: 0,
            depth: 0,
            ids: 0,
            defs: HashMap::new(),
            inputs,
            env_obj,
            stderr: String::new(),
            now,
        }
    }

    fn id(&mut self) -> usize {
        self.ids += 1;
        self.ids
    }

    /// Every output of `a` on `v`, in value mode.
    pub fn collect(&mut self, a: &Ast, v: V, env: &Env) -> Result<Vec<V>, E> {
        let mut out = Vec::new();
        self.ev(a, v, P::Val, env, &mut |_, x, _| {
            out.push(x);
            Ok(())
        })?;
        Ok(out)
    }

    pub fn ev(&mut self, a: &Ast, v: V, p: P, env: &Env, k: K) -> R {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(E::Limit(format!("the playground's jq stops a program after {STEP_LIMIT} steps")));
        }
        if self.depth >= DEPTH_LIMIT {
            return Err(E::Limit("the playground's jq limits how deeply evaluation nests (recursion)".into()));
        }
        if self.stack_base.saturating_sub(sp()) > STACK_BUDGET {
            return Err(E::Limit("the playground's jq limits how deeply evaluation nests (recursion)".into()));
        }
        self.depth += 1;
        let r = self.ev_inner(a, v, p, env, k);
        self.depth -= 1;
        r
    }

    fn ev_inner(&mut self, a: &Ast, v: V, p: P, env: &Env, k: K) -> R {
        // The common nodes stay here; the rest live in `ev_cold`, so this frame (one per nesting level) stays small.
        match a {
            Ast::Id => k(self, v, p),
            Ast::RecAll => self.recurse_all(v, p, k),
            Ast::Lit(x) => k(self, x.clone(), p.derived()),
            Ast::Iter(t, opt) => self.ev(t, v, p, env, &mut |ev, tv, tp| ev.each(tv, tp, *opt, k)),
            Ast::Pipe(l, r) => self.ev(l, v, p, env, &mut |ev, x, xp| ev.ev(r, x, xp, env, k)),
            Ast::Comma(l, r) => {
                self.ev(l, v.clone(), p.clone(), env, k)?;
                self.ev(r, v, p, env, k)
            }
            Ast::If(arms, els) => self.if_arm(arms, 0, els, v, p, env, k),
            Ast::Var(name, _) => {
                let x = self.var(name, env);
                k(self, x, p.derived())
            }
            Ast::Def(d, rest) => {
                let e2 = bind(env, Bind::Func(d.clone()));
                self.ev(rest, v, p, &e2, k)
            }
            Ast::Call(name, args, _) => self.call(name, args, v, p, env, k),
            _ => self.ev_cold(a, v, p, env, k),
        }
    }

    #[inline(never)]
    fn ev_cold(&mut self, a: &Ast, v: V, p: P, env: &Env, k: K) -> R {
        match a {
            Ast::Loc => {
                let m = vec![("file".into(), V::str("<top-level>")), ("line".into(), V::num(1.0))];
                k(self, V::Obj(Rc::new(m)), p.derived())
            }
            Ast::Format(f) => {
                let s = funcs::format(f, &v)?;
                k(self, s, p.derived())
            }
            Ast::Str(fmt, parts) => self.interp(fmt, parts, parts.len(), String::new(), &v, &p, env, k),
            Ast::Index(t, key, opt) => {
                let keys = self.collect(key, v.clone(), env)?;
                for kv in keys {
                    self.ev(t, v.clone(), p.clone(), env, &mut |ev, tv, tp| {
                        if let P::Broken = tp {
                            return err(format!(
                                "Invalid path expression near attempt to access element {} of {}",
                                trunc(&kv, 15),
                                trunc(&tv, 30)
                            ));
                        }
                        match index(&tv, &kv) {
                            Ok(r) => k(ev, r, tp.push(kv.clone())),
                            Err(E::Err(_)) if *opt => Ok(()),
                            Err(e) => Err(e),
                        }
                    })?;
                }
                Ok(())
            }
            Ast::Slice(t, s, e, opt) => {
                let ss = match s {
                    Some(s) => self.collect(s, v.clone(), env)?,
                    None => vec![V::Null],
                };
                let es = match e {
                    Some(e) => self.collect(e, v.clone(), env)?,
                    None => vec![V::Null],
                };
                for ev_ in &es {
                    for sv in &ss {
                        let key = V::Obj(Rc::new(vec![("start".into(), sv.clone()), ("end".into(), ev_.clone())]));
                        self.ev(t, v.clone(), p.clone(), env, &mut |ev, tv, tp| {
                            if let P::Broken = tp {
                                return err(format!(
                                    "Invalid path expression near attempt to access element {} of {}",
                                    trunc(&key, 15),
                                    trunc(&tv, 30)
                                ));
                            }
                            let r = match &tv {
                                V::Null => Ok(V::Null),
                                V::Arr(_) | V::Str(_) => index(&tv, &key),
                                _ => err(format!("Cannot index {} with object", tv.kind())),
                            };
                            match r {
                                Ok(r) => k(ev, r, tp.push(key.clone())),
                                Err(E::Err(_)) if *opt => Ok(()),
                                Err(e) => Err(e),
                            }
                        })?;
                    }
                }
                Ok(())
            }
            Ast::Try(body, catch) => {
                let id = self.id();
                let r = self.ev(body, v, p.clone(), env, &mut |ev, x, xp| {
                    k(ev, x, xp).map_err(|e| match e {
                        E::Up(..) | E::Err(_) => E::Up(id, Box::new(e)),
                        o => o,
                    })
                });
                match r {
                    Err(E::Up(i, e)) if i == id => match *e {
                        E::Up(j, inner) if j == id => Err(*inner),
                        other => Err(other),
                    },
                    Err(E::Err(ev_)) => match catch {
                        // `error(null)` caught by a bare try/`?` is swallowed; a catch body gets null.
                        Some(c) => self.ev(c, ev_, p.derived(), env, k),
                        None => Ok(()),
                    },
                    other => other,
                }
            }
            Ast::Arr(body) => {
                let items = match body {
                    Some(b) => self.collect(b, v, env)?,
                    None => Vec::new(),
                };
                let arr = V::arr(items);
                guard(&arr)?;
                k(self, arr, p.derived())
            }
            Ast::Obj(ents) => self.object(ents, 0, Vec::new(), &v, &p, env, k),
            Ast::Neg(e) => self.ev(e, v.clone(), P::Val, env, &mut |ev, x, _| match x {
                V::Num(n, _) => k(ev, V::num(-n), p.derived()),
                _ => type_err(&x, "cannot be negated"),
            }),
            Ast::Bin(op, l, r) => {
                let rs = self.collect(r, v.clone(), env)?;
                for rv in rs {
                    self.ev(l, v.clone(), P::Val, env, &mut |ev, lv, _| {
                        let out = binop(*op, &lv, &rv)?;
                        k(ev, out, p.derived())
                    })?;
                }
                Ok(())
            }
            Ast::And(l, r) | Ast::Or(l, r) => {
                let is_and = matches!(a, Ast::And(..));
                self.ev(l, v.clone(), P::Val, env, &mut |ev, lv, _| {
                    if lv.truthy() != is_and {
                        return k(ev, V::Bool(!is_and), p.derived());
                    }
                    ev.ev(r, v.clone(), P::Val, env, &mut |ev, rv, _| k(ev, V::Bool(rv.truthy()), p.derived()))
                })
            }
            Ast::Alt(l, r) => {
                // Truthy outputs of the left side stream out; errors are not caught (a FORK, not a try).
                let mut found = false;
                self.ev(l, v.clone(), p.clone(), env, &mut |ev, x, xp| {
                    if x.truthy() {
                        found = true;
                        return k(ev, x, xp);
                    }
                    Ok(())
                })?;
                if !found {
                    return self.ev(r, v, p, env, k);
                }
                Ok(())
            }
            Ast::As(src, pats, body) => {
                let mut all = Vec::new();
                if pats.len() > 1 {
                    pats.iter().for_each(|pt| pat_vars(pt, &mut all));
                }
                self.ev(src, v.clone(), P::Val, env, &mut |ev, x, _| {
                    let mut base = env.clone();
                    for n in &all {
                        base = bind(&base, Bind::Var(n.clone(), V::Null));
                    }
                    for (i, pat) in pats.iter().enumerate() {
                        let last = i + 1 == pats.len();
                        let r = ev.destructure(pat, x.clone(), &v, &base, &mut |ev, e2| {
                            ev.ev(body, v.clone(), p.clone(), &e2, k)
                        });
                        match r {
                            Err(E::Err(e)) if !last => {
                                let _ = e;
                                continue;
                            }
                            r => return r,
                        }
                    }
                    Ok(())
                })
            }
            Ast::Reduce(src, pat, init, upd) => self.ev(init, v.clone(), p.clone(), env, &mut |ev, iv, ip| {
                let mut acc = Some((iv, ip));
                ev.ev(src, v.clone(), P::Val, env, &mut |ev, x, _| {
                    ev.destructure(pat, x, &v, env, &mut |ev, e2| {
                        let (cur, cp) = acc.take().unwrap_or((V::Null, P::Val));
                        let mut last = None;
                        ev.ev(upd, cur, cp, &e2, &mut |_, u, up| {
                            last = Some((u, up));
                            Ok(())
                        })?;
                        acc = Some(last.unwrap_or((V::Null, p.derived())));
                        Ok(())
                    })
                })?;
                let (r, rp) = acc.take().unwrap_or((V::Null, p.derived()));
                k(ev, r, rp)
            }),
            Ast::Foreach(src, pat, init, upd, ext) => self.ev(init, v.clone(), P::Val, env, &mut |ev, iv, _| {
                let mut acc = iv;
                ev.ev(src, v.clone(), P::Val, env, &mut |ev, x, _| {
                    ev.destructure(pat, x, &v, env, &mut |ev, e2| {
                        let cur = acc.clone();
                        ev.ev(upd, cur, P::Val, &e2, &mut |ev, u, _| {
                            acc = u.clone();
                            match ext {
                                Some(x) => ev.ev(x, u, P::Val, &e2, &mut |ev, o, _| k(ev, o, p.derived())),
                                None => k(ev, u, p.derived()),
                            }
                        })
                    })
                })
            }),
            Ast::Label(name, body) => {
                let id = self.id();
                let e2 = bind(env, Bind::Label(name.clone(), id));
                match self.ev(body, v, p, &e2, k) {
                    Err(E::Break(i)) if i == id => Ok(()),
                    r => r,
                }
            }
            Ast::Break(name, _) => {
                let mut e = env.clone();
                while let Some(n) = e {
                    if let Bind::Label(l, id) = &n.b {
                        if l == name {
                            return Err(E::Break(*id));
                        }
                    }
                    e = n.up.clone();
                }
                err("break")
            }
            Ast::Assign(op, lhs, rhs) => self.assign(*op, lhs, rhs, v, p, env, k),
            _ => unreachable!("handled in ev_inner"),
        }
    }

    fn var(&self, name: &str, env: &Env) -> V {
        let mut e = env;
        while let Some(n) = e {
            if let Bind::Var(x, val) = &n.b {
                if &**x == name {
                    return val.clone();
                }
            }
            e = &n.up;
        }
        if name == "ENV" {
            return self.env_obj.clone();
        }
        V::Null
    }

    #[inline(never)]
    fn each(&mut self, tv: V, tp: P, opt: bool, k: K) -> R {
        if let P::Broken = tp {
            return err(format!("Invalid path expression near attempt to iterate through {}", trunc(&tv, 30)));
        }
        match &tv {
            V::Arr(a) => {
                for (i, x) in a.iter().enumerate() {
                    k(self, x.clone(), tp.push(V::num(i as f64)))?;
                }
                Ok(())
            }
            V::Obj(m) => {
                for (key, x) in m.iter() {
                    k(self, x.clone(), tp.push(V::Str(key.clone())))?;
                }
                Ok(())
            }
            _ if opt => Ok(()),
            _ => err(format!("Cannot iterate over {} ({})", tv.kind(), trunc(&tv, 15))),
        }
    }

    #[inline(never)]
    fn recurse_all(&mut self, v: V, p: P, k: K) -> R {
        k(self, v.clone(), p.clone())?;
        if matches!(v, V::Arr(_) | V::Obj(_)) {
            self.depth += 1;
            let r = self.each(v, p, true, &mut |ev, x, xp| ev.recurse_all(x, xp, k));
            self.depth -= 1;
            r?;
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn interp(
        &mut self,
        fmt: &Option<Rc<str>>,
        parts: &[Part],
        n: usize,
        suffix: String,
        v: &V,
        p: &P,
        env: &Env,
        k: K,
    ) -> R {
        if n == 0 {
            return k(self, V::str(suffix), p.derived());
        }
        match &parts[n - 1] {
            Part::Lit(s) => self.interp(fmt, parts, n - 1, format!("{s}{suffix}"), v, p, env, k),
            Part::Code(c) => self.ev(c, v.clone(), P::Val, env, &mut |ev, x, _| {
                let s = match fmt {
                    Some(f) => funcs::format(f, &x)?,
                    None => funcs::tostring(&x),
                };
                let V::Str(s) = s else { return Ok(()) };
                ev.interp(fmt, parts, n - 1, format!("{s}{suffix}"), v, p, env, k)
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn object(&mut self, ents: &[(Ast, Option<Ast>)], i: usize, acc: Map, v: &V, p: &P, env: &Env, k: K) -> R {
        let Some((ka, va)) = ents.get(i) else {
            let o = V::Obj(Rc::new(acc));
            guard(&o)?;
            return k(self, o, p.derived());
        };
        self.ev(ka, v.clone(), P::Val, env, &mut |ev, key, _| {
            let V::Str(ks) = &key else {
                return err(format!("Cannot use {} ({}) as object key", key.kind(), trunc(&key, 15)));
            };
            let mut go = |ev: &mut Ev, val: V| {
                let mut m = acc.clone();
                obj_set(&mut m, ks.clone(), val);
                ev.object(ents, i + 1, m, v, p, env, k)
            };
            match va {
                Some(va) => ev.ev(va, v.clone(), P::Val, env, &mut |ev, val, _| go(ev, val)),
                None => {
                    let val = index(v, &key)?;
                    go(ev, val)
                }
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn if_arm(&mut self, arms: &[(Ast, Ast)], i: usize, els: &Option<Box<Ast>>, v: V, p: P, env: &Env, k: K) -> R {
        let Some((c, t)) = arms.get(i) else {
            return match els {
                Some(e) => self.ev(e, v, p, env, k),
                None => k(self, v, p),
            };
        };
        self.ev(c, v.clone(), P::Val, env, &mut |ev, cv, _| {
            if cv.truthy() {
                ev.ev(t, v.clone(), p.clone(), env, k)
            } else {
                ev.if_arm(arms, i + 1, els, v.clone(), p.clone(), env, k)
            }
        })
    }

    /// Binds a pattern's variables for each way the value matches it (object keys from generators give several).
    #[inline(never)]
    fn destructure(&mut self, pat: &Pat, x: V, dot: &V, env: &Env, k: &mut dyn FnMut(&mut Ev, Env) -> R) -> R {
        match pat {
            Pat::Var(n) => k(self, bind(env, Bind::Var(n.clone(), x))),
            Pat::Arr(ps) => self.destr_arr(ps, 0, &x, dot, env.clone(), k),
            Pat::Obj(ents) => self.destr_obj(ents, 0, &x, dot, env.clone(), k),
        }
    }

    fn destr_arr(&mut self, ps: &[Pat], i: usize, x: &V, dot: &V, env: Env, k: &mut dyn FnMut(&mut Ev, Env) -> R) -> R {
        let Some(p) = ps.get(i) else { return k(self, env) };
        if !matches!(x, V::Arr(_) | V::Null) {
            return err(format!("Cannot index {} with number", x.kind()));
        }
        let item = index(x, &V::num(i as f64))?;
        self.destructure(p, item, dot, &env, &mut |ev, e2| ev.destr_arr(ps, i + 1, x, dot, e2, k))
    }

    fn destr_obj(
        &mut self,
        ents: &[super::parse::ObjPat],
        i: usize,
        x: &V,
        dot: &V,
        env: Env,
        k: &mut dyn FnMut(&mut Ev, Env) -> R,
    ) -> R {
        let Some((name, key, sub)) = ents.get(i) else { return k(self, env) };
        let keys = match (name, key) {
            (Some(n), _) => vec![V::Str(n.clone())],
            (None, Some(ka)) => self.collect(ka, dot.clone(), &env)?,
            _ => vec![],
        };
        for kv in keys {
            let V::Str(_) = &kv else {
                return err(format!("Cannot index {} with {}", x.kind(), kv.kind()));
            };
            let item = index(x, &kv)?;
            let e1 = match name {
                Some(n) => bind(&env, Bind::Var(n.clone(), item.clone())),
                None => env.clone(),
            };
            match sub {
                Some(sp) => {
                    self.destructure(sp, item, dot, &e1, &mut |ev, e2| ev.destr_obj(ents, i + 1, x, dot, e2, k))?
                }
                None => self.destr_obj(ents, i + 1, x, dot, e1, k)?,
            }
        }
        Ok(())
    }

    /// All paths `f` selects in `v`, in order.
    pub fn paths_of(&mut self, f: &Ast, v: &V, env: &Env) -> Result<Vec<Rc<Vec<V>>>, E> {
        let mut out = Vec::new();
        self.ev(f, v.clone(), P::Path(Rc::new(Vec::new())), env, &mut |_, x, xp| match xp {
            P::Path(pp) => {
                out.push(pp);
                Ok(())
            }
            _ => err(format!("Invalid path expression with result {}", trunc(&x, 30))),
        })?;
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn assign(&mut self, op: Option<Option<Op>>, lhs: &Ast, rhs: &Ast, v: V, p: P, env: &Env, k: K) -> R {
        match op {
            Some(None) => {
                let paths = self.paths_of(lhs, &v, env)?;
                let mut acc = v;
                let mut dels = Vec::new();
                for pp in paths {
                    let old = getpath(&acc, &pp)?;
                    let mut first = None;
                    let id = self.id();
                    let r = self.ev(rhs, old, P::Val, env, &mut |_, u, _| {
                        first = Some(u);
                        Err(E::Break(id))
                    });
                    match r {
                        Ok(()) | Err(E::Break(_)) => {}
                        Err(e) => return Err(e),
                    }
                    match first {
                        Some(u) => {
                            guard_path(&pp, &u)?;
                            acc = setpath(&acc, &pp, u)?
                        }
                        None => dels.push(V::Arr(pp)),
                    }
                }
                let out = delpaths(&acc, &dels)?;
                k(self, out, p.derived())
            }
            _ => {
                let vals = self.collect(rhs, v.clone(), env)?;
                for rv in vals {
                    let paths = self.paths_of(lhs, &v, env)?;
                    let mut acc = v.clone();
                    for pp in paths {
                        let nv = match op {
                            None => rv.clone(),
                            Some(Some(Op::Eq)) => {
                                let old = getpath(&acc, &pp)?;
                                if old.truthy() {
                                    old
                                } else {
                                    rv.clone()
                                }
                            }
                            Some(Some(o)) => binop(o, &getpath(&acc, &pp)?, &rv)?,
                            Some(None) => unreachable!(),
                        };
                        guard_path(&pp, &nv)?;
                        acc = setpath(&acc, &pp, nv)?;
                    }
                    k(self, acc, p.derived())?;
                }
                Ok(())
            }
        }
    }

    /// Calls a function: the user's and jq-defined ones by lexical scope, then the native builtins.
    #[inline(never)]
    fn call(&mut self, name: &Rc<str>, args: &[Rc<Ast>], v: V, p: P, env: &Env, k: K) -> R {
        let mut e = env;
        while let Some(n) = e {
            match &n.b {
                Bind::Func(d) if d.name == *name && d.params.len() == args.len() => {
                    let d = d.clone();
                    return self.call_def(&d, Some(n.clone()), args, v, p, env, k);
                }
                Bind::Closure(c, body, cenv) if c == name && args.is_empty() => {
                    let (body, cenv) = (body.clone(), cenv.clone());
                    return self.ev(&body, v, p, &cenv, k);
                }
                _ => {}
            }
            e = &n.up;
        }
        if let Some(d) = self.defs.get(&(name.clone(), args.len())).cloned() {
            return self.call_def(&d, None, args, v, p, env, k);
        }
        funcs::native(self, name, args, v, p, env, k)
    }

    #[allow(clippy::too_many_arguments)]
    #[inline(never)]
    fn call_def(&mut self, d: &Rc<FnDef>, home: Env, args: &[Rc<Ast>], v: V, p: P, env: &Env, k: K) -> R {
        let mut e2 = home;
        let mut vals = Vec::new();
        for (pn, a) in d.params.iter().zip(args) {
            match pn.strip_prefix('$') {
                Some(n) => {
                    e2 = bind(&e2, Bind::Closure(n.into(), a.clone(), env.clone()));
                    vals.push((Rc::<str>::from(n), a.clone()));
                }
                None => e2 = bind(&e2, Bind::Closure(pn.clone(), a.clone(), env.clone())),
            }
        }
        self.bind_vals(&vals, 0, &e2, v, env, &mut |ev, e3, v| ev.ev(&d.body, v, p.clone(), &e3, k))
    }

    #[allow(clippy::type_complexity)]
    #[inline(never)]
    fn bind_vals(
        &mut self,
        vals: &[(Rc<str>, Rc<Ast>)],
        i: usize,
        e: &Env,
        v: V,
        caller: &Env,
        k: &mut dyn FnMut(&mut Ev, Env, V) -> R,
    ) -> R {
        let Some((n, a)) = vals.get(i) else { return k(self, e.clone(), v) };
        self.ev(a, v.clone(), P::Val, caller, &mut |ev, x, _| {
            let e2 = bind(e, Bind::Var(n.clone(), x));
            ev.bind_vals(vals, i + 1, &e2, v.clone(), caller, k)
        })
    }

    /// Values of a native builtin's arguments, every combination, the last argument varying slowest as jq's
    /// bytecode for C functions does.
    pub fn args_then(
        &mut self,
        args: &[Rc<Ast>],
        v: &V,
        env: &Env,
        got: &mut Vec<V>,
        k: &mut dyn FnMut(&mut Ev, &[V]) -> R,
    ) -> R {
        if got.len() == args.len() {
            let mut vals = got.clone();
            vals.reverse();
            return k(self, &vals);
        }
        let a = &args[args.len() - 1 - got.len()];
        self.ev(a, v.clone(), P::Val, env, &mut |ev, x, _| {
            got.push(x);
            let r = ev.args_then(args, v, env, got, k);
            got.pop();
            r
        })
    }

    pub fn note_stderr(&mut self, s: &str) {
        if self.stderr.len() < 1 << 20 {
            self.stderr.push_str(s);
        }
    }

    pub fn debug_line(&mut self, v: &V) {
        let s = format!("[\"DEBUG:\",{}]\n", dump(v, Style::default()));
        self.note_stderr(&s);
    }
}

fn guard_path(p: &[V], v: &V) -> Result<(), E> {
    if p.len() + v.depth() > MAX_DEPTH {
        return Err(E::Limit(format!("the playground's jq builds values at most {MAX_DEPTH} levels deep")));
    }
    Ok(())
}
