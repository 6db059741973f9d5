//! jq's builtins written in C (src/builtin.c of jq 1.7.1: their errors are its type_error texts), plus the
//! generators that must not recurse per output here (`range`, `limit`, `first`, `until`, `while`, `repeat`,
//! `inputs`). Regexes are regex-lite's, not Oniguruma: `test`/`match`/`sub` accept RE2-like syntax (no
//! look-around or backreferences) and a bad regex's message is regex-lite's.

use super::eval::{delpaths, err, getpath, setpath, type_err, type_err2, Env, Ev, E, K, P, R};
use super::parse::Ast;
use super::value::{cmp, parse_one, sorted_keys, tojson, V};
use std::rc::Rc;

pub fn tostring(v: &V) -> V {
    match v {
        V::Str(_) => v.clone(),
        _ => V::str(tojson(v)),
    }
}

pub fn split(s: &str, sep: &str) -> V {
    if s.is_empty() {
        return V::arr(vec![]);
    }
    let parts: Vec<V> = if sep.is_empty() {
        s.chars().map(|c| V::str(c.to_string())).collect()
    } else {
        s.split(sep).map(V::str).collect()
    };
    V::arr(parts)
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn escape(s: &str, map: &[(char, &str)]) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match map.iter().find(|m| m.0 == c) {
            Some(m) => o.push_str(m.1),
            None => o.push(c),
        }
    }
    o
}

/// `@name`: f_format in builtin.c.
pub fn format(name: &str, v: &V) -> Result<V, E> {
    let text = || match tostring(v) {
        V::Str(s) => s,
        _ => Rc::from(""),
    };
    Ok(V::str(match name {
        "json" => tojson(v),
        "text" => text().to_string(),
        "csv" | "tsv" => {
            let csv = name == "csv";
            let V::Arr(a) = v else {
                return type_err(v, &format!("cannot be {name}-formatted, only array"));
            };
            let mut cells = Vec::new();
            for x in a.iter() {
                cells.push(match x {
                    V::Null => String::new(),
                    V::Num(n, _) if n.is_nan() => String::new(),
                    V::Bool(_) | V::Num(..) => tojson(x),
                    V::Str(s) if csv => format!("\"{}\"", s.replace('"', "\"\"")),
                    V::Str(s) => escape(s, &[('\t', "\\t"), ('\r', "\\r"), ('\n', "\\n"), ('\\', "\\\\")]),
                    _ => return type_err(x, "is not valid in a csv row"),
                });
            }
            cells.join(if csv { "," } else { "\t" })
        }
        "html" => escape(&text(), &[('&', "&amp;"), ('<', "&lt;"), ('>', "&gt;"), ('\'', "&apos;"), ('"', "&quot;")]),
        "uri" => {
            let mut o = String::new();
            for b in text().bytes() {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    o.push(b as char);
                } else {
                    o.push_str(&format!("%{b:02X}"));
                }
            }
            o
        }
        "sh" => {
            let items = match v {
                V::Arr(a) => a.to_vec(),
                _ => vec![v.clone()],
            };
            let mut words = Vec::new();
            for x in &items {
                words.push(match x {
                    V::Str(s) => format!("'{}'", s.replace('\'', "'\\''")),
                    V::Arr(_) | V::Obj(_) => return type_err(x, "can not be escaped for shell"),
                    _ => tojson(x),
                });
            }
            words.join(" ")
        }
        "base64" => {
            let d = text();
            let d = d.as_bytes();
            let mut o = String::new();
            for ch in d.chunks(3) {
                let n = ch.len();
                let code = ch.iter().fold(0u32, |a, b| (a << 8) | *b as u32) << (8 * (3 - n));
                for j in 0..4 {
                    o.push(if j > n { '=' } else { B64[(code >> (18 - j * 6)) as usize & 63] as char });
                }
            }
            o
        }
        "base64d" => {
            let d = text();
            let mut out = Vec::new();
            let (mut code, mut n) = (0u32, 0);
            for b in d.bytes().take_while(|b| *b != b'=') {
                let Some(x) = B64.iter().position(|c| *c == b) else {
                    return type_err(&V::Str(d.clone()), "is not valid base64 data");
                };
                code = (code << 6) | x as u32;
                n += 1;
                if n == 4 {
                    out.extend([(code >> 16) as u8, (code >> 8) as u8, code as u8]);
                    (code, n) = (0, 0);
                }
            }
            match n {
                3 => out.extend([(code >> 10) as u8, (code >> 2) as u8]),
                2 => out.push((code >> 4) as u8),
                1 => return type_err(&V::Str(d.clone()), "trailing base64 byte found"),
                _ => {}
            }
            String::from_utf8_lossy(&out).into_owned()
        }
        _ => return err(format!("{name} is not a valid format")),
    }))
}

fn length(v: &V) -> Result<V, E> {
    Ok(V::num(match v {
        V::Null => 0.0,
        V::Bool(_) => return type_err(v, "has no length"),
        V::Num(n, _) => n.abs(),
        V::Str(s) => s.chars().count() as f64,
        V::Arr(a) => a.len() as f64,
        V::Obj(m) => m.len() as f64,
    }))
}

fn contains(a: &V, b: &V) -> Result<bool, E> {
    Ok(match (a, b) {
        (V::Obj(x), V::Obj(y)) => {
            for (k, bv) in y.iter() {
                match x.iter().find(|e| e.0 == *k) {
                    Some(e) if contains(&e.1, bv)? => {}
                    _ => return Ok(false),
                }
            }
            true
        }
        (V::Arr(x), V::Arr(y)) => {
            for bv in y.iter() {
                let mut found = false;
                for av in x.iter() {
                    if contains(av, bv)? {
                        found = true;
                        break;
                    }
                }
                if !found {
                    return Ok(false);
                }
            }
            true
        }
        (V::Str(x), V::Str(y)) => x.contains(&**y),
        _ => a.kind() == b.kind() && a == b,
    })
}

fn keys(v: &V, sorted: bool) -> Result<V, E> {
    match v {
        V::Obj(m) => {
            let ks = if sorted { sorted_keys(m) } else { m.iter().map(|e| e.0.clone()).collect() };
            Ok(V::arr(ks.into_iter().map(V::Str).collect()))
        }
        V::Arr(a) => Ok(V::arr((0..a.len()).map(|i| V::num(i as f64)).collect())),
        _ => type_err(v, "has no keys"),
    }
}

fn has(v: &V, k: &V) -> Result<V, E> {
    match (v, k) {
        (V::Null, _) => Ok(V::Bool(false)),
        (V::Obj(_), V::Str(s)) => Ok(V::Bool(v.get(s).is_some())),
        (V::Arr(a), V::Num(x, _)) => Ok(V::Bool(!x.is_nan() && *x >= 0.0 && (*x as usize) < a.len())),
        _ => err(format!("Cannot check whether {} has a {} key", v.kind(), k.kind())),
    }
}

fn implode(v: &V) -> Result<V, E> {
    let V::Arr(a) = v else { return err("implode input must be an array") };
    let mut s = String::new();
    for x in a.iter() {
        let V::Num(n, _) = x else {
            return type_err(x, "can't be imploded, unicode codepoint needs to be numeric");
        };
        if n.is_nan() {
            return type_err(x, "can't be imploded, unicode codepoint needs to be numeric");
        }
        s.push(char::from_u32(*n as i64 as u32).unwrap_or('\u{fffd}'));
    }
    Ok(V::str(s))
}

/// Sorted copies of the input array by keys computed per element (`sort_by`, `group_by`, ...).
/// The input array's elements with `[f]` of each, sorted by it (`sort_by`, `group_by`, `min_by`, ...). jq 1.7.1
/// computes `map([f])` first, so a non-array fails as `.[]` does, an object as the C function that gets it.
fn keyed(ev: &mut Ev, f: &Ast, v: &V, env: &Env, msg: &str) -> Result<Vec<(V, V)>, E> {
    let items: Vec<V> = match v {
        V::Arr(a) => a.to_vec(),
        V::Obj(m) => m.iter().map(|e| e.1.clone()).collect(),
        _ => return err(format!("Cannot iterate over {} ({})", v.kind(), super::eval::trunc(v, 15))),
    };
    let mut out = Vec::with_capacity(items.len());
    for x in items {
        let k = V::arr(ev.collect(f, x.clone(), env)?);
        out.push((k, x));
    }
    if let V::Obj(_) = v {
        return type_err2(v, &V::arr(out.into_iter().map(|e| e.0).collect()), msg);
    }
    crate::sort::sort_by(&mut out, |x, y| cmp(&x.0, &y.0));
    Ok(out)
}

fn num_arg(v: &V, what: &str) -> Result<f64, E> {
    match v {
        V::Num(n, _) => Ok(*n),
        _ => type_err(v, what),
    }
}

fn regex(re: &V, flags: &V) -> Result<(regex_lite::Regex, bool, bool), E> {
    let V::Str(src) = re else { return type_err(re, "is not a string") };
    let mut pre = String::new();
    let (mut global, mut noempty) = (false, false);
    match flags {
        V::Null => {}
        V::Str(f) => {
            for c in f.chars() {
                match c {
                    'g' => global = true,
                    'n' => noempty = true,
                    'i' => pre.push('i'),
                    'x' => pre.push('x'),
                    's' => pre.push('s'),
                    'p' => {
                        pre.push('s');
                        noempty = true
                    }
                    'l' => {}
                    _ => return err(format!("{f} is not a valid modifier string")),
                }
            }
        }
        _ => return type_err(flags, "is not a string"),
    }
    let full = if pre.is_empty() { src.to_string() } else { format!("(?{pre}){src}") };
    match regex_lite::Regex::new(&full) {
        Ok(r) => Ok((r, global, noempty)),
        Err(e) => err(format!("{src} (at offset 0) is not a valid regex: {e}")),
    }
}

fn cp(s: &str, byte: usize) -> f64 {
    s[..byte].chars().count() as f64
}

fn match_impl(s: &V, re: &V, flags: &V, test: bool) -> Result<V, E> {
    let V::Str(s) = s else { return type_err(s, "cannot be matched, as it is not a string") };
    let (r, global, noempty) = regex(re, flags)?;
    if test {
        return Ok(V::Bool(r.is_match(s)));
    }
    let names: Vec<Option<&str>> = r.capture_names().skip(1).collect();
    let mut out = Vec::new();
    for c in r.captures_iter(s) {
        let m = c.get(0).map(|m| (m.start(), m.end())).unwrap_or((0, 0));
        if noempty && m.0 == m.1 {
            continue;
        }
        let mut caps = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let nm = name.map(V::str).unwrap_or(V::Null);
            caps.push(V::Obj(Rc::new(match c.get(i + 1) {
                Some(g) => vec![
                    ("offset".into(), V::num(cp(s, g.start()))),
                    ("length".into(), V::num(g.as_str().chars().count() as f64)),
                    ("string".into(), V::str(g.as_str())),
                    ("name".into(), nm),
                ],
                None => vec![
                    ("offset".into(), V::num(-1.0)),
                    ("length".into(), V::num(0.0)),
                    ("string".into(), V::Null),
                    ("name".into(), nm),
                ],
            })));
        }
        out.push(V::Obj(Rc::new(vec![
            ("offset".into(), V::num(cp(s, m.0))),
            ("length".into(), V::num(s[m.0..m.1].chars().count() as f64)),
            ("string".into(), V::str(&s[m.0..m.1])),
            ("captures".into(), V::arr(caps)),
        ])));
        if !global {
            break;
        }
    }
    Ok(V::arr(out))
}

fn broken_down(t: f64) -> V {
    let secs = t.floor() as i64;
    let days = secs.div_euclid(86_400);
    let (y, m, d) = crate::shell::printers::civil_from_days(days);
    let r = secs.rem_euclid(86_400);
    let yday = days - crate::shell::printers::days_from_civil(y, 1, 1);
    let nums = [
        y as f64 - 1900.0 + 1900.0,
        m as f64 - 1.0,
        d as f64,
        (r / 3600) as f64,
        (r / 60 % 60) as f64,
        (r % 60) as f64 + (t - t.floor()),
        (days + 4).rem_euclid(7) as f64,
        yday as f64,
    ];
    V::arr(nums.iter().map(|x| V::num(*x)).collect())
}

fn mktime(v: &V) -> Result<f64, E> {
    let V::Arr(a) = v else { return err("mktime requires array of 6 numbers") };
    let n: Vec<f64> = a.iter().map(|x| if let V::Num(n, _) = x { *n } else { 0.0 }).collect();
    if n.len() < 6 || a.iter().take(6).any(|x| !matches!(x, V::Num(..))) {
        return err("mktime requires array of 6 numbers");
    }
    let days = crate::shell::printers::days_from_civil(n[0] as i64, n[1] as i64 + 1, n[2] as i64);
    Ok((days * 86_400 + n[3] as i64 * 3600 + n[4] as i64 * 60 + n[5].floor() as i64) as f64)
}

fn strptime(s: &str, fmt: &str) -> Option<V> {
    let (mut y, mut mo, mut d, mut h, mut mi, mut se) = (1900i64, 1i64, 1i64, 0i64, 0i64, 0i64);
    let (sb, fb) = (s.as_bytes(), fmt.as_bytes());
    let (mut i, mut j) = (0, 0);
    while j < fb.len() {
        if fb[j] == b'%' && j + 1 < fb.len() {
            let c = fb[j + 1];
            j += 2;
            if c == b'Z' {
                while i < sb.len() && sb[i].is_ascii_alphabetic() {
                    i += 1;
                }
                continue;
            }
            let max = if c == b'Y' { 4 } else { 2 };
            let st = i;
            while i < sb.len() && i - st < max && sb[i].is_ascii_digit() {
                i += 1;
            }
            let n: i64 = s.get(st..i)?.parse().ok()?;
            match c {
                b'Y' => y = n,
                b'm' => mo = n,
                b'd' | b'e' => d = n,
                b'H' => h = n,
                b'M' => mi = n,
                b'S' => se = n,
                _ => return None,
            }
        } else {
            if sb.get(i) != Some(&fb[j]) {
                return None;
            }
            i += 1;
            j += 1;
        }
    }
    if i != sb.len() {
        return None;
    }
    let days = crate::shell::printers::days_from_civil(y, mo, d);
    Some(broken_down((days * 86_400 + h * 3600 + mi * 60 + se) as f64))
}

fn math(name: &str, x: f64) -> Option<f64> {
    Some(match name {
        "floor" => x.floor(),
        "ceil" => x.ceil(),
        "round" => x.round(),
        "sqrt" => x.sqrt(),
        "fabs" => x.abs(),
        "trunc" => x.trunc(),
        "log" => x.ln(),
        "log2" => x.log2(),
        "log10" => x.log10(),
        "exp" => x.exp(),
        "exp2" => x.exp2(),
        "exp10" => 10f64.powf(x),
        "sin" => x.sin(),
        "cos" => x.cos(),
        "tan" => x.tan(),
        "significand" => {
            if x == 0.0 || !x.is_finite() {
                x
            } else {
                x / 2f64.powi(x.abs().log2().floor() as i32)
            }
        }
        _ => return None,
    })
}

/// A native builtin by name and arity; unknown names were refused before the program ran.
pub fn native(ev: &mut Ev, name: &str, args: &[Rc<Ast>], v: V, p: P, env: &Env, k: K) -> R {
    let dp = p.derived_pub();
    let out = match (name, args.len()) {
        ("empty", 0) => return Ok(()),
        ("not", 0) => V::Bool(!v.truthy()),
        ("length", 0) => length(&v)?,
        ("utf8bytelength", 0) => match &v {
            V::Str(s) => V::num(s.len() as f64),
            _ => return type_err(&v, "only strings have UTF-8 byte length"),
        },
        ("keys", 0) => keys(&v, true)?,
        ("keys_unsorted", 0) => keys(&v, false)?,
        ("type", 0) => V::str(v.kind()),
        ("tostring", 0) => tostring(&v),
        ("tojson", 0) => V::str(tojson(&v)),
        ("fromjson", 0) => match &v {
            V::Str(s) => match parse_one(s) {
                Ok(x) => x,
                Err(e) => return err(format!("{e} (while parsing '{s}')")),
            },
            _ => return type_err(&v, "only strings can be parsed"),
        },
        ("tonumber", 0) => match &v {
            V::Num(..) => v.clone(),
            V::Str(s) => match parse_one(s) {
                Ok(x @ V::Num(..)) => x,
                Ok(_) => return type_err(&v, "cannot be parsed as a number"),
                Err(e) => return err(format!("{e} (while parsing '{s}')")),
            },
            _ => return type_err(&v, "cannot be parsed as a number"),
        },
        ("ascii_downcase" | "ascii_upcase", 0) => match &v {
            V::Str(s) => V::str(if name == "ascii_downcase" { s.to_ascii_lowercase() } else { s.to_ascii_uppercase() }),
            _ => return err("explode input must be a string"),
        },
        ("explode", 0) => match &v {
            V::Str(s) => V::arr(s.chars().map(|c| V::num(c as u32 as f64)).collect()),
            _ => return err("explode input must be a string"),
        },
        ("implode", 0) => implode(&v)?,
        // jq 1.7.1: `def reverse: [.[length - 1 - range(0;length)]];`
        ("reverse", 0) => match &v {
            V::Arr(a) => V::arr(a.iter().rev().cloned().collect()),
            V::Bool(_) => return type_err(&v, "has no length"),
            _ if length(&v)? == V::num(0.0) => V::arr(vec![]),
            _ => return err(format!("Cannot index {} with number", v.kind())),
        },
        ("add", 0) => {
            let mut acc = V::Null;
            let items: Vec<V> = match &v {
                V::Arr(a) => a.to_vec(),
                V::Obj(m) => m.iter().map(|e| e.1.clone()).collect(),
                _ => return err(format!("Cannot iterate over {} ({})", v.kind(), super::eval::trunc(&v, 15))),
            };
            for x in items {
                acc = super::eval::binop(super::parse::Op::Add, &acc, &x)?;
            }
            acc
        }
        ("join", 1) => {
            return ev.args_then(args, &v, env, &mut Vec::new(), &mut |ev, a| {
                let items: Vec<V> = match &v {
                    V::Arr(x) => x.to_vec(),
                    V::Obj(m) => m.iter().map(|e| e.1.clone()).collect(),
                    _ => return err(format!("Cannot iterate over {} ({})", v.kind(), super::eval::trunc(&v, 15))),
                };
                if items.is_empty() {
                    return k(ev, V::str(""), dp.clone());
                }
                let mut acc = String::new();
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        match &a[0] {
                            V::Str(s) => acc.push_str(s),
                            V::Null => {}
                            o => return type_err2(&V::str(acc.clone()), o, "cannot be added"),
                        }
                    }
                    match x {
                        V::Null => {}
                        V::Str(s) => acc.push_str(s),
                        V::Num(..) | V::Bool(_) => acc.push_str(&tojson(x)),
                        o => return type_err2(&V::str(acc.clone()), o, "cannot be added"),
                    }
                }
                k(ev, V::str(acc), dp.clone())
            })
        }
        ("sort", 0) => match &v {
            V::Arr(a) => {
                let mut s = a.to_vec();
                crate::sort::sort_by(&mut s, cmp);
                V::arr(s)
            }
            _ => return type_err(&v, "cannot be sorted, as it is not an array"),
        },
        ("sort_by", 1) => V::arr(
            keyed(ev, &args[0], &v, env, "cannot be sorted, as they are not both arrays")?
                .into_iter()
                .map(|e| e.1)
                .collect(),
        ),
        ("group_by", 1) => {
            let mut groups: Vec<(V, Vec<V>)> = Vec::new();
            for (key, x) in keyed(ev, &args[0], &v, env, "cannot be sorted, as they are not both arrays")? {
                match groups.last_mut() {
                    Some(g) if g.0 == key => g.1.push(x),
                    _ => groups.push((key, vec![x])),
                }
            }
            V::arr(groups.into_iter().map(|g| V::arr(g.1)).collect())
        }
        ("unique_by", 1) => {
            let mut out: Vec<(V, V)> = Vec::new();
            for (key, x) in keyed(ev, &args[0], &v, env, "cannot be sorted, as they are not both arrays")? {
                if out.last().is_none_or(|l| l.0 != key) {
                    out.push((key, x));
                }
            }
            V::arr(out.into_iter().map(|e| e.1).collect())
        }
        ("min_by" | "max_by", 1) => {
            let ks = keyed(ev, &args[0], &v, env, "cannot be iterated over")?;
            let pick = if name == "min_by" { ks.first() } else { ks.last() };
            // jq keeps the last of equal maxima and the first of equal minima, as a stable sort's ends do.
            pick.map(|e| e.1.clone()).unwrap_or(V::Null)
        }
        ("min" | "max", 0) => match &v {
            V::Arr(a) => {
                let mut s = a.to_vec();
                crate::sort::sort_by(&mut s, cmp);
                (if name == "min" { s.first() } else { s.last() }).cloned().unwrap_or(V::Null)
            }
            _ => return type_err2(&v, &v, "cannot be iterated over"),
        },
        ("infinite", 0) => V::num(f64::INFINITY),
        ("nan", 0) => V::num(f64::NAN),
        ("isinfinite" | "isnan" | "isnormal", 0) => {
            let x = num_arg(&v, "number required")?;
            V::Bool(match name {
                "isinfinite" => x.is_infinite(),
                "isnan" => x.is_nan(),
                _ => x.is_normal(),
            })
        }
        ("now", 0) => V::num(ev.now),
        ("input_line_number", 0) => V::num(ev.inputs.line() as f64),
        ("input_filename", 0) => V::Null,
        ("env", 0) => ev.env_obj.clone(),
        ("builtins", 0) => V::arr(vec![]),
        ("halt", 0) => return Err(E::Halt(0, V::Null)),
        ("error", 0) => return Err(E::Err(v)),
        ("debug", 0) => {
            ev.debug_line(&v);
            v.clone()
        }
        ("stderr", 0) => {
            let s = tojson(&v);
            ev.note_stderr(&s);
            v.clone()
        }
        ("input", 0) => match ev.inputs.next_input() {
            Some(Ok(x)) => x,
            Some(Err(e)) => return err(e),
            None => return err("No more inputs"),
        },
        ("inputs", 0) => {
            while let Some(x) = ev.inputs.next_input() {
                k(ev, x.map_err(|e| E::Err(V::str(e)))?, dp.clone())?;
            }
            return Ok(());
        }
        ("gmtime" | "localtime", 0) => broken_down(num_arg(&v, "gmtime() requires a number")?),
        ("mktime", 0) => V::num(mktime(&v)?),
        ("path", 1) => {
            for pp in ev.paths_of(&args[0], &v, env)? {
                k(ev, V::Arr(pp), dp.clone())?;
            }
            return Ok(());
        }
        ("range", 2) => {
            return ev.args_then(args, &v, env, &mut Vec::new(), &mut |ev, a| {
                let (V::Num(from, _), V::Num(to, _)) = (&a[0], &a[1]) else {
                    return err("Range bounds must be numeric");
                };
                let mut i = *from;
                while i < *to {
                    ev.steps += 1;
                    if ev.steps > super::eval::STEP_LIMIT {
                        return Err(E::Limit(format!(
                            "the playground's jq stops a program after {} steps",
                            super::eval::STEP_LIMIT
                        )));
                    }
                    k(ev, V::num(i), dp.clone())?;
                    i += 1.0;
                }
                Ok(())
            })
        }
        ("first", 1) => {
            let mut got = None;
            let r = ev.ev(&args[0], v.clone(), p.clone(), env, &mut |_, x, xp| {
                got = Some((x, xp));
                Err(E::Break(usize::MAX))
            });
            match r {
                Ok(()) | Err(E::Break(usize::MAX)) => {}
                Err(e) => return Err(e),
            }
            return match got {
                Some((x, xp)) => k(ev, x, xp),
                None => Ok(()),
            };
        }
        ("limit", 2) => {
            return ev.args_then(&args[..1], &v, env, &mut Vec::new(), &mut |ev, a| {
                let n = num_arg(&a[0], "number required")?;
                if n <= 0.0 {
                    return if n < 0.0 { ev.ev(&args[1], v.clone(), p.clone(), env, k) } else { Ok(()) };
                }
                let mut left = n;
                let mut buf = Vec::new();
                let r = ev.ev(&args[1], v.clone(), p.clone(), env, &mut |_, x, xp| {
                    buf.push((x, xp));
                    left -= 1.0;
                    if left <= 0.0 {
                        Err(E::Break(usize::MAX - 1))
                    } else {
                        Ok(())
                    }
                });
                match r {
                    Ok(()) | Err(E::Break(_)) => {}
                    Err(e) => return Err(e),
                }
                for (x, xp) in buf {
                    k(ev, x, xp)?;
                }
                Ok(())
            })
        }
        ("until", 2) => {
            let mut cur = v.clone();
            loop {
                let c = ev.collect(&args[0], cur.clone(), env)?;
                if c.first().is_some_and(V::truthy) {
                    return k(ev, cur, dp.clone());
                }
                match ev.collect(&args[1], cur, env)?.pop() {
                    Some(n) => cur = n,
                    None => return Ok(()),
                }
            }
        }
        ("repeat", 1) => loop {
            // jq's `def repeat(f): def _repeat: f, _repeat;`: f's outputs on the same input, forever.
            ev.ev(&args[0], v.clone(), p.clone(), env, k)?;
        },
        ("while", 2) => {
            // Depth first, as jq's recursive definition emits: a stack of values still to visit.
            let mut stack = vec![v.clone()];
            while let Some(cur) = stack.pop() {
                if !ev.collect(&args[0], cur.clone(), env)?.first().is_some_and(V::truthy) {
                    continue;
                }
                k(ev, cur.clone(), dp.clone())?;
                let mut next = ev.collect(&args[1], cur, env)?;
                next.reverse();
                stack.extend(next);
                if stack.len() > 1_000_000 {
                    return Err(E::Limit("the playground's jq keeps at most 1000000 pending values".into()));
                }
            }
            return Ok(());
        }
        ("getpath", 1) => {
            return ev.args_then(args, &v, env, &mut Vec::new(), &mut |ev, a| {
                let V::Arr(pp) = &a[0] else { return err("Path must be specified as an array") };
                let r = getpath(&v, pp)?;
                let np = match &p {
                    super::eval::P::Path(base) => {
                        let mut b = (**base).clone();
                        b.extend(pp.iter().cloned());
                        super::eval::P::Path(Rc::new(b))
                    }
                    o => o.clone(),
                };
                k(ev, r, np)
            })
        }
        ("error", 1)
        | ("has", 1)
        | ("contains", 1)
        | ("startswith", 1)
        | ("endswith", 1)
        | ("ltrimstr", 1)
        | ("rtrimstr", 1)
        | ("split", 1)
        | ("setpath", 2)
        | ("delpaths", 1)
        | ("_strindices", 1)
        | ("pow", 2)
        | ("log", 1)
        | ("_match_impl", 3)
        | ("halt_error", 1)
        | ("strftime", 1)
        | ("strptime", 1)
        | ("format", 1) => {
            return ev.args_then(args, &v, env, &mut Vec::new(), &mut |ev, a| {
                let r = native_args(name, &v, a)?;
                k(ev, r, dp.clone())
            })
        }
        _ => match (args.len(), &v) {
            (0, V::Num(x, _)) if math(name, *x).is_some() => V::num(math(name, *x).unwrap_or(0.0)),
            (0, _) if math(name, 0.0).is_some() => return type_err(&v, "number required"),
            _ => return err(format!("{name}/{} is not defined", args.len())),
        },
    };
    k(ev, out, dp)
}

fn native_args(name: &str, v: &V, a: &[V]) -> Result<V, E> {
    let s_or = |x: &V| match x {
        V::Str(s) => Some(s.clone()),
        _ => None,
    };
    Ok(match name {
        "error" => return Err(E::Err(a[0].clone())),
        "has" => has(v, &a[0])?,
        "contains" if v.kind() != a[0].kind() => return type_err2(v, &a[0], "cannot have their containment checked"),
        "contains" => V::Bool(contains(v, &a[0])?),
        "startswith" | "endswith" => match (s_or(v), s_or(&a[0])) {
            (Some(s), Some(x)) => V::Bool(if name == "startswith" { s.starts_with(&*x) } else { s.ends_with(&*x) }),
            _ => return err(format!("{name}() requires string inputs")),
        },
        "ltrimstr" | "rtrimstr" => match (s_or(v), s_or(&a[0])) {
            (Some(s), Some(x)) => {
                let r = if name == "ltrimstr" { s.strip_prefix(&*x) } else { s.strip_suffix(&*x) };
                r.map(V::str).unwrap_or_else(|| v.clone())
            }
            _ => v.clone(),
        },
        "split" => match (s_or(v), s_or(&a[0])) {
            (Some(s), Some(x)) => split(&s, &x),
            _ => return err("split input and separator must be strings"),
        },
        "setpath" => {
            let V::Arr(pp) = &a[0] else { return err("Path must be specified as an array") };
            if pp.len() + a[1].depth() > super::value::MAX_DEPTH {
                return Err(E::Limit("the playground's jq builds values at most 1000 levels deep".into()));
            }
            setpath(v, pp, a[1].clone())?
        }
        "delpaths" => {
            let V::Arr(ps) = &a[0] else { return err("Paths must be specified as an array") };
            delpaths(v, ps)?
        }
        "_strindices" => match (s_or(v), s_or(&a[0])) {
            (Some(s), Some(x)) if !x.is_empty() => {
                let mut out = Vec::new();
                let mut from = 0;
                while let Some(i) = s[from..].find(&*x) {
                    out.push(V::num((from + i) as f64));
                    from += i + 1;
                    while !s.is_char_boundary(from) {
                        from += 1;
                    }
                }
                // jq 1.7 reports byte offsets here (a known quirk of _strindices).
                V::arr(out)
            }
            (Some(_), Some(_)) => V::Null,
            _ => return err("_strindices/1 requires string inputs"),
        },
        "pow" => V::num(num_arg(&a[0], "number required")?.powf(num_arg(&a[1], "number required")?)),
        "log" => V::num(num_arg(v, "number required")?.ln()),
        "_match_impl" => match_impl(v, &a[0], &a[1], a[2].truthy())?,
        "halt_error" => {
            let V::Num(n, _) = &a[0] else { return type_err(&a[0], "halt_error/1: number required") };
            return Err(E::Halt(*n as i32, v.clone()));
        }
        "strftime" => {
            let t = match v {
                V::Num(n, _) => *n,
                V::Arr(_) => mktime(v)?,
                _ => return err("strftime/1 requires parsed datetime inputs"),
            };
            let V::Str(f) = &a[0] else { return err("strftime/1 requires a string format") };
            V::str(crate::shell::hostcmds::strftime(f, t.floor() as i64))
        }
        "strptime" => {
            let (Some(s), Some(f)) = (s_or(v), s_or(&a[0])) else {
                return err("strptime/1 requires string inputs and arguments");
            };
            match strptime(&s, &f) {
                Some(x) => x,
                None => return err(format!("date \"{s}\" does not match format \"{f}\"")),
            }
        }
        "format" => {
            let V::Str(f) = &a[0] else { return type_err(&a[0], "is not a valid format") };
            format(f, v)?
        }
        _ => V::Null,
    })
}

/// Names the native builtins answer to, with their arity (the compile-time check of undefined functions).
pub const NATIVE: &[(&str, usize)] = &[
    ("empty", 0),
    ("not", 0),
    ("length", 0),
    ("utf8bytelength", 0),
    ("keys", 0),
    ("keys_unsorted", 0),
    ("type", 0),
    ("tostring", 0),
    ("tojson", 0),
    ("fromjson", 0),
    ("tonumber", 0),
    ("ascii_downcase", 0),
    ("ascii_upcase", 0),
    ("explode", 0),
    ("implode", 0),
    ("reverse", 0),
    ("add", 0),
    ("join", 1),
    ("sort", 0),
    ("sort_by", 1),
    ("group_by", 1),
    ("unique_by", 1),
    ("min_by", 1),
    ("max_by", 1),
    ("min", 0),
    ("max", 0),
    ("infinite", 0),
    ("nan", 0),
    ("isinfinite", 0),
    ("isnan", 0),
    ("isnormal", 0),
    ("now", 0),
    ("input_line_number", 0),
    ("input_filename", 0),
    ("env", 0),
    ("builtins", 0),
    ("halt", 0),
    ("error", 0),
    ("debug", 0),
    ("stderr", 0),
    ("input", 0),
    ("inputs", 0),
    ("gmtime", 0),
    ("localtime", 0),
    ("mktime", 0),
    ("path", 1),
    ("range", 2),
    ("first", 1),
    ("limit", 2),
    ("until", 2),
    ("while", 2),
    ("repeat", 1),
    ("getpath", 1),
    ("error", 1),
    ("has", 1),
    ("contains", 1),
    ("startswith", 1),
    ("endswith", 1),
    ("ltrimstr", 1),
    ("rtrimstr", 1),
    ("split", 1),
    ("setpath", 2),
    ("delpaths", 1),
    ("_strindices", 1),
    ("pow", 2),
    ("log", 1),
    ("_match_impl", 3),
    ("halt_error", 1),
    ("strftime", 1),
    ("strptime", 1),
    ("format", 1),
    ("floor", 0),
    ("ceil", 0),
    ("round", 0),
    ("sqrt", 0),
    ("fabs", 0),
    ("trunc", 0),
    ("log", 0),
    ("log2", 0),
    ("log10", 0),
    ("exp", 0),
    ("exp2", 0),
    ("exp10", 0),
    ("sin", 0),
    ("cos", 0),
    ("tan", 0),
    ("significand", 0),
];
