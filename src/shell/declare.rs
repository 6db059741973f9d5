//! `declare`/`typeset`, `local`, `readonly` and `export` with bash's attributes `-i -l -u -r -x` (and `-a`), and
//! `-f`/`-F`/`-p`. A variable's attributes live among the variables under `NAME[=]` (no subscript is `=`), so
//! whatever copies or restores the variables (subshells, `local`, jobs) carries them, and `unset` drops them.

use super::{array, printcmd, Io, Session};
use std::collections::BTreeMap;

/// The attributes this shell keeps, in the order bash lists them (`declare -p`, `${x@a}`).
const ORDER: &str = "Airxlu";

fn key(name: &str) -> String {
    format!("{name}[=]")
}

/// The letters `${x@a}` and `declare -p` show (`a` first for an array).
pub fn letters(env: &BTreeMap<String, String>, name: &str) -> String {
    let own = env.get(&key(name)).map_or("", String::as_str);
    let a = if array::is_array(env, name) && !own.contains('A') { "a" } else { "" };
    a.to_string() + own
}

pub fn has(env: &BTreeMap<String, String>, name: &str, attr: char) -> bool {
    env.get(&key(name)).is_some_and(|a| a.contains(attr))
}

fn set(env: &mut BTreeMap<String, String>, name: &str, on: &str, off: &str) {
    let mut now = env.get(&key(name)).cloned().unwrap_or_default();
    // -l and -u exclude each other, the later one winning
    if on.contains('l') {
        now = now.replace('u', "");
    }
    if on.contains('u') {
        now = now.replace('l', "");
    }
    let kept: String = ORDER.chars().filter(|c| (now.contains(*c) || on.contains(*c)) && !off.contains(*c)).collect();
    match kept.is_empty() {
        true => env.remove(&key(name)),
        false => env.insert(key(name), kept),
    };
}

/// A value as a variable with `-i`, `-l` or `-u` stores it (`-i`: arithmetic; `+=` adds).
pub fn convert(s: &mut Session, name: &str, old: Option<&str>, v: String) -> Result<String, String> {
    if has(&s.env, name, 'i') {
        let n = s.arith(if v.trim().is_empty() { "0" } else { &v })?;
        let old = match old {
            Some(o) => s.arith(if o.trim().is_empty() { "0" } else { o })?,
            None => 0,
        };
        return Ok(old.wrapping_add(n).to_string());
    }
    let v = old.unwrap_or("").to_string() + &v;
    Ok(match () {
        _ if has(&s.env, name, 'l') => v.to_lowercase(),
        _ if has(&s.env, name, 'u') => v.to_uppercase(),
        _ => v,
    })
}

/// `declare -p NAME`'s line, None when unset and never declared.
pub fn line(env: &BTreeMap<String, String>, name: &str) -> Option<String> {
    let l = letters(env, name);
    let flags = if l.is_empty() { "-".to_string() } else { l };
    if array::is_assoc(env, name) {
        let items = array::assoc_items(env, name);
        let set = !items.is_empty() || env.contains_key(&format!("{name}[]"));
        return Some(if set {
            format!("declare -{flags} {name}=({items})")
        } else {
            format!("declare -{flags} {name}")
        });
    }
    if array::is_array(env, name) {
        let items: Vec<String> = array::indices(env, name)
            .into_iter()
            .map(|i| format!("[{i}]={}", super::param::dquote(&env[&array::key(name, i)])))
            .collect();
        return Some(match items.is_empty() {
            true => format!("declare -{flags} {name}"),
            false => format!("declare -{flags} {name}=({})", items.join(" ")),
        });
    }
    match env.get(name) {
        Some(v) => Some(format!("declare -{flags} {name}={}", super::param::dquote(v))),
        None if env.contains_key(&key(name)) => Some(format!("declare -{flags} {name}")),
        None => None,
    }
}

fn names(env: &BTreeMap<String, String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for k in env.keys() {
        let n = k.strip_suffix("[=]").unwrap_or(k);
        let ok = n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if ok && out.last().map(String::as_str) != Some(n) && !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    crate::sort::sort(&mut out);
    out
}

/// `declare`, `typeset`, `local`, `readonly`, `export` (`builtin` says which) with their arguments.
pub fn run(s: &mut Session, builtin: &str, args: &[String]) -> Io {
    let mut io = Io::default();
    let (mut on, mut off) = (String::new(), String::new());
    let (mut print, mut funcs, mut fnames, mut global) = (false, false, false, false);
    let _ = &mut funcs;
    let mut rest = args;
    while let Some(a) = rest.first() {
        let Some(flags) = a.strip_prefix(['-', '+']).filter(|f| !f.is_empty() && a != "--") else {
            if a == "--" {
                rest = &rest[1..];
            }
            break;
        };
        let plus = a.starts_with('+');
        for c in flags.chars() {
            let allowed = match builtin {
                "export" => "fnp",
                "readonly" => "aAfp",
                _ => "aAfFgiIlnprtux",
            };
            if !allowed.contains(c) {
                let usage = match builtin {
                    "export" => "export [-fn] [name[=value] ...] or export -p",
                    "readonly" => "readonly [-aAf] [name[=value] ...] or readonly -p",
                    "local" => "local [option] name[=value] ...",
                    b => &format!("{b} [-aAfFgiIlnrtux] [name[=value] ...] or {b} -p [-aAfFilnrtux] [name ...]"),
                };
                return Io::fail(2, format!("bash: {builtin}: -{c}: invalid option\n{builtin}: usage: {usage}\n"));
            }
            match c {
                'n' | 't' | 'I' => {
                    return Io::fail(2, format!("stsplay: {builtin} -{c}: not supported in this shell\n"))
                }
                'p' => print = true,
                'f' => funcs = true,
                'F' => fnames = true,
                'g' => global = true,
                c if plus => off.push(c),
                c => on.push(c),
            }
        }
        rest = &rest[1..];
    }
    match builtin {
        "readonly" => on.push('r'),
        "export" if off.is_empty() => on.push('x'),
        _ => {}
    }
    if funcs || fnames {
        return functions(s, rest, fnames);
    }
    if print || (rest.is_empty() && builtin != "local") {
        let want: Vec<String> = if rest.is_empty() { names(&s.env) } else { rest.to_vec() };
        let only: String = on.chars().filter(|c| *c != 'a').collect();
        for n in want {
            match line(&s.env, &n) {
                Some(l) if rest.is_empty() && !only.chars().all(|c| has(&s.env, &n, c)) => drop(l),
                Some(l) => io.out(format!("{l}\n")),
                None if rest.is_empty() => {}
                None => {
                    io.err(format!("bash: {builtin}: {n}: not found\n"));
                    io.code = 1;
                }
            }
        }
        return io;
    }
    if builtin == "local" && s.locals.is_empty() {
        return Io::fail(1, "bash: local: can only be used in a function\n");
    }
    let local = (builtin == "local" || (!global && matches!(builtin, "declare" | "typeset"))) && !s.locals.is_empty();
    for a in rest {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        let (name, append) = match name.strip_suffix('+') {
            Some(n) if value.is_some() => (n, true),
            _ => (name, false),
        };
        let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            io.err(format!("bash: {builtin}: `{a}': not a valid identifier\n"));
            io.code = 1;
            continue;
        }
        let (assoc, indexed) = (array::is_assoc(&s.env, name), array::is_array(&s.env, name));
        let conversion = match () {
            _ if local => None,
            _ if on.contains('A') && indexed && !assoc => Some("indexed to associative"),
            _ if on.contains('a') && assoc => Some("associative to indexed"),
            _ => None,
        };
        if let Some(what) = conversion {
            io.err(format!("bash: {builtin}: {name}: cannot convert {what} array\n"));
            io.code = 1;
            continue;
        }
        let readonly = has(&s.env, name, 'r');
        if readonly && (value.is_some() || off.contains('r') || local) {
            io.err(format!("bash: {builtin}: {name}: readonly variable\n"));
            io.code = 1;
            continue;
        }
        if local {
            if let Some(frame) = s.locals.last_mut() {
                if !frame.iter().any(|(k, _)| k == name) {
                    frame.push((name.to_string(), s.env.get(name).cloned()));
                    let from = format!("{name}[");
                    let to = format!("{name}\\");
                    frame.extend(s.env.range(from..to).map(|(k, v)| (k.clone(), Some(v.clone()))));
                    // a new local starts unset and without attributes
                    array::clear(&mut s.env, name);
                }
            }
        }
        // the attributes first, so the value is converted by them; readonly last, after the value
        let (now, later) = on.chars().partition::<String, _>(|c| *c != 'r');
        set(&mut s.env, name, &now, &off);
        if on.contains('a') {
            array::mark(&mut s.env, name);
        }
        if let Some(v) = value {
            let old = if append { s.env.get(name).cloned() } else { None };
            match convert(s, name, old.as_deref(), v.to_string()) {
                Ok(v) => {
                    s.env.insert(name.to_string(), v);
                }
                Err(e) => {
                    io.err(format!("bash: {e}\n"));
                    io.code = 1;
                }
            }
        }
        set(&mut s.env, name, &later, "");
        // declared without a value: known to `declare -p`, still unset
        if !s.env.contains_key(name) && !array::is_array(&s.env, name) {
            s.env.entry(key(name)).or_default();
        }
    }
    io
}

/// `declare -f [NAME...]` (the definitions) and `-F` (the names).
fn functions(s: &Session, names: &[String], only_names: bool) -> Io {
    let mut io = Io::default();
    let all: Vec<String> = s.functions.keys().cloned().collect();
    let list = if names.is_empty() { all } else { names.to_vec() };
    for n in list {
        match s.functions.get(&n) {
            Some(_) if only_names && names.is_empty() => io.out(format!("declare -f {n}\n")),
            Some(_) if only_names => io.out(format!("{n}\n")),
            Some(body) => io.out(format!("{}\n", printcmd::function(&n, body))),
            None => io.code = 1,
        }
    }
    io
}
