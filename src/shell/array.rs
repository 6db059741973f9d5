//! bash's indexed arrays, kept in the session's variables: element 0 under the name itself (bash's `$a` is
//! `${a[0]}`, and `a=x` sets it) and element N under `a[N]`, so whatever copies or restores the variables (a
//! subshell, a pipeline's commands, `local`, a job's subshell) carries arrays too. Lists of values (`"$@"`,
//! `"${a[@]}"`) travel through expansion as one string, each item after a [`SEP`], so an empty list and a list
//! of one empty item differ.

use std::collections::BTreeMap;

pub use super::parse::ARG_SEP as SEP;

/// How many elements one array may hold (`a+=("${a[@]}")` in a loop doubles it each round).
pub const MAX_ELEMENTS: usize = 10_000;

type Env = BTreeMap<String, String>;

/// A list as expansion carries it.
pub fn join<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let mut s = String::new();
    for i in items {
        s.push(SEP);
        s.push_str(i.as_ref());
    }
    s
}

/// The items of a list made by [`join`].
pub fn split(list: &str) -> Vec<&str> {
    list.split(SEP).skip(1).collect()
}

pub fn key(name: &str, idx: usize) -> String {
    if idx == 0 {
        name.to_string()
    } else {
        format!("{name}[{idx}]")
    }
}

/// The set indices of `name`, in order.
pub fn indices(env: &Env, name: &str) -> Vec<usize> {
    let from = format!("{name}[");
    let to = format!("{name}\\");
    let mut idx: Vec<usize> =
        env.range(from.clone()..to).filter_map(|(k, _)| k[from.len()..].strip_suffix(']')?.parse().ok()).collect();
    crate::sort::sort(&mut idx);
    if env.contains_key(name) {
        idx.insert(0, 0);
    }
    idx
}

pub fn values(env: &Env, name: &str) -> Vec<String> {
    indices(env, name).into_iter().filter_map(|i| env.get(&key(name, i)).cloned()).collect()
}

/// Marks `name` as an array (`declare -p` shows `a=(x)` as one, `"${a[@]}"` of `a=()` is set but empty).
pub fn mark(env: &mut Env, name: &str) {
    env.insert(format!("{name}[]"), String::new());
}

/// Whether `name` is an array (assigned as one, or with an element other than 0).
pub fn is_array(env: &Env, name: &str) -> bool {
    // `NAME[=]` holds its attributes (declare.rs), not an element
    env.range(format!("{name}[")..format!("{name}\\")).any(|(k, _)| !k.ends_with("[=]"))
}

/// `unset name`: the variable and every element.
pub fn clear(env: &mut Env, name: &str) {
    env.remove(name);
    let keys: Vec<String> = env.range(format!("{name}[")..format!("{name}\\")).map(|(k, _)| k.clone()).collect();
    for k in keys {
        env.remove(&k);
    }
}

/// Sets elements from `start` on (`a=(...)` after [`clear`], `a+=(...)` after the last index).
pub fn assign(env: &mut Env, name: &str, start: usize, items: Vec<String>) -> Result<(), String> {
    if indices(env, name).len() + items.len() > MAX_ELEMENTS {
        return Err(too_many(name));
    }
    mark(env, name);
    for (i, v) in items.into_iter().enumerate() {
        env.insert(key(name, start + i), v);
    }
    Ok(())
}

pub fn too_many(name: &str) -> String {
    format!("stsplay: {name}: an array holds at most {MAX_ELEMENTS} elements here")
}

/// The index after the last one (`a+=(x)` appends there).
pub fn next_index(env: &Env, name: &str) -> usize {
    indices(env, name).last().map_or(0, |i| i + 1)
}

/// Where a subscript's value points: a negative one counts back from the end (bash: `bad array subscript`
/// before the first element).
pub fn resolve(env: &Env, name: &str, i: i64) -> Result<usize, String> {
    if i >= 0 {
        return usize::try_from(i).map_err(|_| format!("{name}: bad array subscript"));
    }
    let end = next_index(env, name) as i64;
    usize::try_from(end + i).map_err(|_| format!("{name}: bad array subscript"))
}

/// A `name[subscript]` split in two; None for a plain name.
pub fn subscripted(name: &str) -> Option<(&str, &str)> {
    let (n, rest) = name.split_once('[')?;
    Some((n, rest.strip_suffix(']')?))
}

/// The value of a parameter as `${...}` reads it: `a`, `a[N]` (the subscript is arithmetic over `arith`),
/// `a[@]`/`a[*]` (every element, as a list), `!a[@]` (the indices, as a list). None when unset.
pub fn lookup(
    env: &Env,
    name: &str,
    arith: &mut dyn FnMut(&str) -> Result<i64, String>,
) -> Result<Option<String>, String> {
    if let Some(n) = name.strip_prefix('!') {
        let (n, _) = subscripted(n).unwrap_or((n, ""));
        return Ok(Some(join(indices(env, n).iter().map(|i| i.to_string()))));
    }
    let Some((n, sub)) = subscripted(name) else { return Ok(env.get(name).cloned()) };
    if sub == "@" || sub == "*" {
        if n == "@" || n == "*" {
            return Ok(env.get("@").cloned());
        }
        let vals = values(env, n);
        return Ok((!vals.is_empty() || is_array(env, n)).then(|| join(vals)));
    }
    let i = arith(sub)?;
    if i < 0 && next_index(env, n) == 0 {
        return Ok(None);
    }
    Ok(env.get(&key(n, resolve(env, n, i)?)).cloned())
}

/// `declare -p NAME`'s line.
pub fn declare_line(env: &Env, name: &str, exported: bool) -> Option<String> {
    let q = |v: &str| {
        let mut s = String::from('"');
        for c in v.chars() {
            if matches!(c, '"' | '\\' | '$' | '`') {
                s.push('\\');
            }
            s.push(c);
        }
        s.push('"');
        s
    };
    let flag = if exported { "x" } else { "-" };
    if is_array(env, name) {
        let items: Vec<String> =
            indices(env, name).into_iter().map(|i| format!("[{i}]={}", q(&env[&key(name, i)]))).collect();
        let flag = if exported { "ax" } else { "a" };
        return Some(format!("declare -{flag} {name}=({})", items.join(" ")));
    }
    Some(format!("declare -{flag} {name}={}", q(env.get(name)?)))
}
