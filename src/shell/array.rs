//! bash's indexed arrays, kept in the session's variables: element 0 under the name itself (bash's `$a` is
//! `${a[0]}`, and `a=x` sets it) and element N under `a[N]`, so whatever copies or restores the variables (a
//! subshell, a pipeline's commands, `local`, a job's subshell) carries arrays too. Lists of values (`"$@"`,
//! `"${a[@]}"`) travel through expansion as one string, each item after a [`SEP`], so an empty list and a list
//! of one empty item differ.
//!
//! Associative arrays (`declare -A`, the attribute `A`) keep key `0` under the name as well (`$m` is
//! `${m[0]}`), any other key K under `m[\x01K]`, and the order they were added in under `m[\x02K]`, so that
//! `${!m[@]}` lists them as bash's hash table does (hashlib.c: FNV-1 buckets of 1024, newest first in one).

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

/// Whether `name` was declared `-A`.
pub fn is_assoc(env: &Env, name: &str) -> bool {
    env.get(&format!("{name}[=]")).is_some_and(|a| a.contains('A'))
}

/// Where an associative array keeps the value of key `k`.
pub fn assoc_slot(name: &str, k: &str) -> String {
    if k == "0" {
        name.to_string()
    } else {
        format!("{name}[\u{1}{k}]")
    }
}

fn assoc_seq_key(name: &str, k: &str) -> String {
    format!("{name}[\u{2}{k}]")
}

/// bash's hash_string (FNV-1, 32 bits; its bytes are C's signed chars, so UTF-8's are sign-extended).
fn fnv1(s: &str) -> u32 {
    s.bytes().fold(2_166_136_261u32, |h, b| h.wrapping_mul(16_777_619) ^ b as i8 as i32 as u32)
}

/// The keys, in the order bash's `${!m[@]}` lists them: by bucket, the newest first within one. (bash's
/// table grows past 2,047 keys and then orders them otherwise.)
pub fn assoc_keys(env: &Env, name: &str) -> Vec<String> {
    let from = format!("{name}[\u{1}");
    let mut keys: Vec<(u32, std::cmp::Reverse<u64>, String)> = env
        .range(from.clone()..format!("{name}[\u{2}"))
        .filter_map(|(k, _)| k[from.len()..].strip_suffix(']').map(String::from))
        .chain(env.contains_key(name).then(|| "0".to_string()))
        .map(|k| {
            let seq = env.get(&assoc_seq_key(name, &k)).and_then(|n| n.parse().ok()).unwrap_or(0);
            (fnv1(&k) & 1023, std::cmp::Reverse(seq), k)
        })
        .collect();
    crate::sort::sort(&mut keys);
    keys.into_iter().map(|k| k.2).collect()
}

/// Sets key `k` (a new key counts towards [`MAX_ELEMENTS`] and goes last in its bucket's order).
pub fn assoc_set(env: &mut Env, name: &str, k: &str, v: String) -> Result<(), String> {
    let slot = assoc_slot(name, k);
    if !env.contains_key(&slot) {
        let counter = format!("{name}[\u{3}]");
        let seq: u64 = env.get(&counter).and_then(|n| n.parse().ok()).unwrap_or(0) + 1;
        if seq as usize > MAX_ELEMENTS && assoc_keys(env, name).len() >= MAX_ELEMENTS {
            return Err(too_many(name));
        }
        env.insert(counter, seq.to_string());
        env.insert(assoc_seq_key(name, k), seq.to_string());
    }
    env.insert(slot, v);
    // assigned once, it stays set when its keys are gone (`declare -p` shows `=()`)
    mark(env, name);
    Ok(())
}

pub fn assoc_unset(env: &mut Env, name: &str, k: &str) {
    env.remove(&assoc_slot(name, k));
    env.remove(&assoc_seq_key(name, k));
}

/// `declare -p`'s `[k]="v" ` for each key (bash ends each with a space), quoting a key as bash does when it
/// holds a character the shell would read (sh_contains_shell_metas).
pub fn assoc_items(env: &Env, name: &str) -> String {
    let mut out = String::new();
    for k in assoc_keys(env, name) {
        let metas = k
            .chars()
            .enumerate()
            .any(|(i, c)| " \t\n'\"\\|&;()<>!{}*[?]^$`".contains(c) || (i == 0 && matches!(c, '~' | '#')));
        let shown = if metas { super::param::dquote(&k) } else { k.clone() };
        let v = env.get(&assoc_slot(name, &k)).map_or("", String::as_str);
        out.push_str(&format!("[{shown}]={} ", super::param::dquote(v)));
    }
    out
}

/// `mapfile`/`readarray [-t] [-n COUNT] [-s COUNT] [-d DELIM] [ARRAY]`: standard input's lines as the
/// elements of ARRAY (MAPFILE by default), each with its newline unless -t.
pub fn mapfile(env: &mut Env, tool: &str, args: &[String], stdin: Option<String>) -> super::Io {
    use super::Io;
    let (mut trim, mut count, mut skip, mut delim, mut name) = (false, 0usize, 0usize, '\n', "MAPFILE");
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(flag) = a.strip_prefix('-').filter(|f| !f.is_empty()) else {
            name = a;
            break;
        };
        let mut value = |what: &str| -> Result<usize, Io> {
            let v = it.next().map_or("", String::as_str);
            v.parse().map_err(|_| Io::fail(1, format!("bash: {tool}: {v}: invalid {what}\n")))
        };
        let r = match flag {
            "t" => {
                trim = true;
                Ok(())
            }
            "n" => value("line count").map(|n| count = n),
            "s" => value("line count").map(|n| skip = n),
            "d" => {
                delim = it.next().and_then(|d| d.chars().next()).unwrap_or('\0');
                Ok(())
            }
            _ => Err(Io::fail(
                2,
                format!("bash: {tool}: {a}: invalid option\n{tool}: usage: {tool} [-d delim] [-n count] [-O origin] [-s count] [-t] [-u fd] [-C callback] [-c quantum] [array]\n"),
            )),
        };
        if let Err(io) = r {
            return io;
        }
    }
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Io::fail(1, format!("bash: {tool}: `{name}': not a valid identifier\n"));
    }
    let text = stdin.unwrap_or_default();
    let lines = text.split_inclusive(delim).skip(skip).take(if count == 0 { usize::MAX } else { count });
    let items: Vec<String> =
        lines.map(|l| if trim { l.strip_suffix(delim).unwrap_or(l) } else { l }.to_string()).collect();
    clear(env, name);
    match assign(env, name, 0, items) {
        Ok(()) => Io::default(),
        Err(e) => Io::fail(1, format!("{e}\n")),
    }
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
    word: &mut dyn FnMut(&str) -> String,
) -> Result<Option<String>, String> {
    if let Some(n) = name.strip_prefix('!') {
        let (n, _) = subscripted(n).unwrap_or((n, ""));
        if is_assoc(env, n) {
            return Ok(Some(join(assoc_keys(env, n))));
        }
        return Ok(Some(join(indices(env, n).iter().map(|i| i.to_string()))));
    }
    let Some((n, sub)) = subscripted(name) else { return Ok(env.get(name).cloned()) };
    if sub == "@" || sub == "*" {
        if n == "@" || n == "*" {
            return Ok(env.get("@").cloned());
        }
        if is_assoc(env, n) {
            return Ok(Some(join(assoc_keys(env, n).iter().filter_map(|k| env.get(&assoc_slot(n, k))))));
        }
        let vals = values(env, n);
        return Ok((!vals.is_empty() || is_array(env, n)).then(|| join(vals)));
    }
    if is_assoc(env, n) {
        return Ok(env.get(&assoc_slot(n, &word(sub))).cloned());
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
    if is_assoc(env, name) {
        return Some(format!("declare -A {name}=({})", assoc_items(env, name)));
    }
    if is_array(env, name) {
        let items: Vec<String> =
            indices(env, name).into_iter().map(|i| format!("[{i}]={}", q(&env[&key(name, i)]))).collect();
        let flag = if exported { "ax" } else { "a" };
        return Some(format!("declare -{flag} {name}=({})", items.join(" ")));
    }
    Some(format!("declare -{flag} {name}={}", q(env.get(name)?)))
}
