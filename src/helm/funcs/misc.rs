//! Defaults, reflection, semver, time, random values, paths, URLs and Helm's `lookup`.

use super::args::{arity, arity_min, b, deep_equal, empty, i, kind, m, s, str, R};
use crate::helm::value::{Object, Value};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

// ---- defaults and flow ----------------------------------------------------------------------------------------

pub fn default(a: &[Value]) -> R {
    arity_min(a, 1)?;
    match a.get(1) {
        Some(given) if !empty(given) => Ok(given.clone()),
        _ => Ok(a[0].clone()),
    }
}

pub fn empty_fn(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Bool(empty(&a[0])))
}

pub fn coalesce(a: &[Value]) -> R {
    Ok(a.iter().find(|v| !empty(v)).cloned().unwrap_or(Value::Nil))
}

pub fn all(a: &[Value]) -> R {
    Ok(Value::Bool(a.iter().all(|v| !empty(v))))
}

pub fn any(a: &[Value]) -> R {
    Ok(Value::Bool(a.iter().any(|v| !empty(v))))
}

pub fn ternary(a: &[Value]) -> R {
    arity(a, 3)?;
    Ok(if b(&a[2])? { a[0].clone() } else { a[1].clone() })
}

// ---- reflection -----------------------------------------------------------------------------------------------

pub fn type_of(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(a[0].type_name()))
}

pub fn type_is(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(Value::Bool(s(&a[0])? == a[1].type_name()))
}

pub fn type_is_like(a: &[Value]) -> R {
    arity(a, 2)?;
    let (t, have) = (s(&a[0])?, a[1].type_name());
    Ok(Value::Bool(t == have || format!("*{t}") == have))
}

fn kind_name(v: &Value) -> String {
    match v {
        Value::Object(o) if o.type_name() == "time.Duration" => "int64".into(),
        Value::Object(o) if !o.type_name().starts_with('*') => "struct".into(),
        _ => kind(v).into(),
    }
}

pub fn kind_of(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(kind_name(&a[0])))
}

pub fn kind_is(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(Value::Bool(s(&a[0])? == kind_name(&a[1])))
}

pub fn deep_equal_fn(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(Value::Bool(deep_equal(&a[0], &a[1])))
}

// ---- seeded randomness ----------------------------------------------------------------------------------------

/// The seed every render starts from (the renderer calls [`reset_rng`] with it, or with the session's seed).
pub const DEFAULT_SEED: u64 = 0x5EED_CAFE_F00D_D00D;

thread_local! {
    static RNG: Cell<u64> = const { Cell::new(DEFAULT_SEED) };
}

/// Restarts the generator behind `randAlphaNum`, `randInt`, `uuidv4`, `shuffle`: the same seed gives the same
/// values in the same order, so re-rendering an unchanged chart prints the same text.
pub fn reset_rng(seed: u64) {
    RNG.with(|r| r.set(seed));
}

/// splitmix64.
fn next_u64() -> u64 {
    RNG.with(|r| {
        let mut z = r.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        r.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

pub fn rand_below(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        next_u64() % n
    }
}

fn rand_from(a: &[Value], alphabet: &[u8]) -> R {
    arity(a, 1)?;
    let n = i(&a[0])?;
    // goutils refuses a negative count; Sprig then prints "".
    if n < 0 {
        return Ok(str(""));
    }
    if n as usize > super::strings::MAX_OUTPUT {
        return Err("stsplay: a random string that long is not built".into());
    }
    Ok(str((0..n).map(|_| alphabet[rand_below(alphabet.len() as u64) as usize] as char).collect::<String>()))
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub fn rand_alpha_num(a: &[Value]) -> R {
    rand_from(a, ALNUM)
}

pub fn rand_alpha(a: &[Value]) -> R {
    rand_from(a, &ALNUM[..52])
}

pub fn rand_numeric(a: &[Value]) -> R {
    rand_from(a, &ALNUM[52..])
}

pub fn rand_ascii(a: &[Value]) -> R {
    let printable: Vec<u8> = (32u8..=126).collect();
    rand_from(a, &printable)
}

/// `randBytes N`: N random bytes, base64-encoded.
pub fn rand_bytes(a: &[Value]) -> R {
    arity(a, 1)?;
    let n = i(&a[0])?;
    if n < 0 {
        return Err("runtime error: makeslice: len out of range".into());
    }
    if n as usize > super::strings::MAX_OUTPUT {
        return Err("stsplay: that many random bytes are not built".into());
    }
    let bytes: String = (0..n).map(|_| rand_below(256) as u8 as char).collect();
    super::encoding::b64enc_bytes(&bytes.chars().map(|c| c as u8).collect::<Vec<u8>>())
}

pub fn rand_int(a: &[Value]) -> R {
    arity(a, 2)?;
    let (lo, hi) = (i(&a[0])?, i(&a[1])?);
    if hi <= lo {
        return Err("invalid argument to Intn".into());
    }
    Ok(Value::Int(lo + rand_below((hi - lo) as u64) as i64))
}

pub fn uuidv4(a: &[Value]) -> R {
    arity(a, 0)?;
    let (x, y) = (next_u64(), next_u64());
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&x.to_be_bytes());
    bytes[8..].copy_from_slice(&y.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(str(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])))
}

// ---- semver ---------------------------------------------------------------------------------------------------

/// A Masterminds/semver v3 `*Version`.
#[derive(Clone, PartialEq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    metadata: String,
    original: String,
}

impl Version {
    /// `semver.NewVersion`: `v` prefix and missing minor/patch allowed.
    pub fn parse(text: &str) -> Option<Version> {
        let body = text.strip_prefix('v').unwrap_or(text);
        let (body, metadata) = match body.split_once('+') {
            Some((b, m)) => (b, m.to_string()),
            None => (body, String::new()),
        };
        let (core, pre) = match body.split_once('-') {
            Some((c, p)) => (c, p.to_string()),
            None => (body, String::new()),
        };
        let ident_ok = |x: &str| {
            x.is_empty()
                || x.split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        };
        if !ident_ok(&pre) || !ident_ok(&metadata) || (text.contains('-') && pre.is_empty() && body.ends_with('-')) {
            return None;
        }
        let nums: Vec<&str> = core.split('.').collect();
        if nums.is_empty()
            || nums.len() > 3
            || nums.iter().any(|n| n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()))
        {
            return None;
        }
        let num = |k: usize| nums.get(k).map_or(Some(0), |n| n.parse::<u64>().ok());
        Some(Version { major: num(0)?, minor: num(1)?, patch: num(2)?, pre, metadata, original: text.to_string() })
    }

    fn cmp(&self, o: &Version) -> std::cmp::Ordering {
        use std::cmp::Ordering::*;
        let c = (self.major, self.minor, self.patch).cmp(&(o.major, o.minor, o.patch));
        if c != Equal {
            return c;
        }
        match (self.pre.is_empty(), o.pre.is_empty()) {
            (true, true) => Equal,
            (true, false) => Greater,
            (false, true) => Less,
            (false, false) => {
                let (a, b): (Vec<&str>, Vec<&str>) = (self.pre.split('.').collect(), o.pre.split('.').collect());
                for (x, y) in a.iter().zip(b.iter()) {
                    let c = match (x.parse::<u64>(), y.parse::<u64>()) {
                        (Ok(p), Ok(q)) => p.cmp(&q),
                        (Ok(_), Err(_)) => Less,
                        (Err(_), Ok(_)) => Greater,
                        _ => x.cmp(y),
                    };
                    if c != Equal {
                        return c;
                    }
                }
                a.len().cmp(&b.len())
            }
        }
    }

    fn text(&self) -> String {
        let mut t = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            t += &format!("-{}", self.pre);
        }
        if !self.metadata.is_empty() {
            t += &format!("+{}", self.metadata);
        }
        t
    }
}

impl fmt::Debug for Version {
    /// `%v` prints a `*Version` through its `String()` method.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl Object for Version {
    fn type_name(&self) -> &str {
        "*semver.Version"
    }
    fn field(&self, name: &str) -> Option<Value> {
        Some(match name {
            "Major" => Value::Int64(self.major as i64),
            "Minor" => Value::Int64(self.minor as i64),
            "Patch" => Value::Int64(self.patch as i64),
            "Prerelease" => Value::str(self.pre.as_str()),
            "Metadata" => Value::str(self.metadata.as_str()),
            "Original" => Value::str(self.original.as_str()),
            "String" => Value::str(self.text()),
            "__json" => Value::str(format!("\"{}\"", self.text())),
            _ => return None,
        })
    }
}

pub fn semver(a: &[Value]) -> R {
    arity(a, 1)?;
    let v = Version::parse(s(&a[0])?).ok_or("invalid semantic version")?;
    Ok(Value::Object(Rc::new(v)))
}

/// One comparator of a constraint: operator, version, and which parts were wildcards or missing.
struct Comparator {
    op: String,
    v: Version,
    major_dirty: bool,
    minor_dirty: bool,
    patch_dirty: bool,
    dirty: bool,
}

fn parse_comparator(tok: &str) -> Option<Comparator> {
    let op_len = tok.len() - tok.trim_start_matches(['=', '!', '<', '>', '~', '^']).len();
    let (op, ver) = tok.split_at(op_len);
    let ver = ver.trim();
    let ver = ver.strip_prefix('v').unwrap_or(ver);
    let (core, suffix) = match ver.find(['-', '+']) {
        Some(k) => (&ver[..k], &ver[k..]),
        None => (ver, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let wild = |p: Option<&&str>| p.is_none_or(|p| matches!(*p, "x" | "X" | "*"));
    let major_wild = matches!(parts[0], "x" | "X" | "*");
    let minor_dirty = wild(parts.get(1));
    let patch_dirty = wild(parts.get(2));
    let num = |p: Option<&&str>| -> String {
        match p {
            Some(p) if !matches!(*p, "x" | "X" | "*") => p.to_string(),
            _ => "0".into(),
        }
    };
    let text = format!("{}.{}.{}{suffix}", num(parts.first()), num(parts.get(1)), num(parts.get(2)));
    let v = Version::parse(&text)?;
    let op = match op {
        "" => "=",
        "=>" => ">=",
        "=<" => "<=",
        "~>" => "~",
        o => o,
    };
    if !matches!(op, "=" | "!=" | ">" | "<" | ">=" | "<=" | "~" | "^") {
        return None;
    }
    Some(Comparator {
        op: op.to_string(),
        v,
        major_dirty: major_wild,
        minor_dirty: minor_dirty || major_wild,
        patch_dirty: patch_dirty || minor_dirty || major_wild,
        dirty: major_wild || minor_dirty || patch_dirty,
    })
}

fn check(c: &Comparator, v: &Version) -> bool {
    use std::cmp::Ordering::*;
    if !v.pre.is_empty() && c.v.pre.is_empty() {
        return false;
    }
    let ord = v.cmp(&c.v);
    let next = |major: bool| {
        let mut n = c.v.clone();
        n.pre.clear();
        if major {
            n.major += 1;
            n.minor = 0;
        } else {
            n.minor += 1;
        }
        n.patch = 0;
        n
    };
    // The exclusive upper end of a wildcard or tilde range.
    let range_end = || if c.minor_dirty { next(true) } else { next(false) };
    match c.op.as_str() {
        // `*`/`x`: any version (any release, given the pre-release rule above).
        "=" | ">=" | "<=" | "~" | "^" if c.major_dirty => true,
        "!=" | ">" | "<" if c.major_dirty => false,
        "=" if c.dirty => ord != Less && v.cmp(&range_end()) == Less,
        "=" => ord == Equal,
        "!=" if c.dirty => !(ord != Less && v.cmp(&range_end()) == Less),
        "!=" => ord != Equal,
        ">" if c.dirty => {
            if v.major != c.v.major {
                v.major > c.v.major
            } else if c.minor_dirty {
                false
            } else {
                v.minor > c.v.minor
            }
        }
        ">" => ord == Greater,
        ">=" => ord != Less,
        "<" => ord == Less,
        "<=" if c.dirty => v.cmp(&range_end()) == Less,
        "<=" => ord != Greater,
        "~" => ord != Less && v.cmp(&range_end()) == Less,
        "^" => {
            if ord == Less {
                return false;
            }
            let end = if c.v.major > 0 || c.minor_dirty {
                next(true)
            } else if c.v.minor > 0 || c.patch_dirty {
                next(false)
            } else {
                let mut n = c.v.clone();
                n.pre.clear();
                n.patch += 1;
                n
            };
            v.cmp(&end) == Less
        }
        _ => false,
    }
}

/// A Masterminds/semver v3 constraint: `||`-separated groups of comparators joined by commas or spaces, with
/// hyphen ranges (`1.2 - 1.4`).
fn parse_constraint(text: &str) -> Option<Vec<Vec<Comparator>>> {
    let mut groups = Vec::new();
    for g in text.split("||") {
        let toks: Vec<&str> = g.split([',', ' ']).filter(|t| !t.is_empty()).collect();
        let mut cs = Vec::new();
        let mut k = 0;
        // Operators may be separated from their version by spaces (`>= 1.2`).
        let mut pending_op = String::new();
        while k < toks.len() {
            let t = toks[k];
            if toks.get(k + 1) == Some(&"-") && k + 2 < toks.len() {
                cs.push(parse_comparator(&format!(">={t}"))?);
                cs.push(parse_comparator(&format!("<={}", toks[k + 2]))?);
                k += 3;
                continue;
            }
            if t.chars().all(|c| "=!<>~^".contains(c)) {
                pending_op = t.to_string();
                k += 1;
                continue;
            }
            cs.push(parse_comparator(&format!("{pending_op}{t}"))?);
            pending_op.clear();
            k += 1;
        }
        if cs.is_empty() || !pending_op.is_empty() {
            return None;
        }
        groups.push(cs);
    }
    Some(groups)
}

pub fn semver_compare(a: &[Value]) -> R {
    arity(a, 2)?;
    let (c, v) = (s(&a[0])?, s(&a[1])?);
    let groups = parse_constraint(c).ok_or_else(|| format!("improper constraint: {}", super::strings::go_quote(c)))?;
    let v = Version::parse(v).ok_or("invalid semantic version")?;
    Ok(Value::Bool(groups.iter().any(|g| g.iter().all(|c| check(c, &v)))))
}

// ---- paths (Go's path package) ------------------------------------------------------------------------------

/// Go's `path.Clean`.
pub fn clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            x => out.push(x),
        }
    }
    let body = out.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

pub fn path_base(a: &[Value]) -> R {
    arity(a, 1)?;
    let p = s(&a[0])?;
    if p.is_empty() {
        return Ok(str("."));
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return Ok(str("/"));
    }
    Ok(str(t.rsplit('/').next().unwrap_or(t)))
}

pub fn path_dir(a: &[Value]) -> R {
    arity(a, 1)?;
    let p = s(&a[0])?;
    let dir = match p.rfind('/') {
        Some(k) => &p[..k + 1],
        None => "",
    };
    Ok(str(clean(dir)))
}

pub fn path_clean(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(clean(s(&a[0])?)))
}

pub fn path_ext(a: &[Value]) -> R {
    arity(a, 1)?;
    let p = s(&a[0])?;
    for (k, c) in p.char_indices().rev() {
        if c == '/' {
            break;
        }
        if c == '.' {
            return Ok(str(&p[k..]));
        }
    }
    Ok(str(""))
}

pub fn path_is_abs(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(Value::Bool(s(&a[0])?.starts_with('/')))
}

// ---- URLs (Go's net/url, the parts Sprig uses) -------------------------------------------------------------------

fn unescape(st: &str) -> String {
    let b = st.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut k = 0;
    while k < b.len() {
        if b[k] == b'%' && k + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&st[k + 1..k + 3], 16) {
                out.push(v);
                k += 3;
                continue;
            }
        }
        out.push(b[k]);
        k += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn url_parse(a: &[Value]) -> R {
    arity(a, 1)?;
    let mut rest = s(&a[0])?.to_string();
    let mut d = BTreeMap::new();
    let mut fragment = String::new();
    if let Some(k) = rest.find('#') {
        fragment = unescape(&rest[k + 1..]);
        rest.truncate(k);
    }
    let mut scheme = String::new();
    if let Some(k) = rest.find(':') {
        let cand = &rest[..k];
        if !cand.is_empty()
            && cand.starts_with(|c: char| c.is_ascii_alphabetic())
            && cand.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        {
            scheme = cand.to_ascii_lowercase();
            rest = rest[k + 1..].to_string();
        }
    }
    let mut query = String::new();
    if let Some(k) = rest.find('?') {
        query = rest[k + 1..].to_string();
        rest.truncate(k);
    }
    let (mut host, mut userinfo, mut opaque, mut path) = (String::new(), String::new(), String::new(), String::new());
    if !scheme.is_empty() && !rest.starts_with('/') {
        opaque = rest;
    } else if let Some(auth_rest) = rest.strip_prefix("//") {
        let k = auth_rest.find('/').unwrap_or(auth_rest.len());
        let auth = &auth_rest[..k];
        path = unescape(&auth_rest[k..]);
        match auth.rfind('@') {
            Some(at) => {
                userinfo = auth[..at].to_string();
                host = auth[at + 1..].to_string();
            }
            None => host = auth.to_string(),
        }
    } else {
        path = unescape(&rest);
    }
    let hostname = if host.starts_with('[') {
        host[1..host.find(']').unwrap_or(host.len())].to_string()
    } else {
        host.split(':').next().unwrap_or("").to_string()
    };
    for (k, v) in [
        ("scheme", scheme),
        ("host", host),
        ("hostname", hostname),
        ("path", path),
        ("query", query),
        ("opaque", opaque),
        ("fragment", fragment),
        ("userinfo", userinfo),
    ] {
        d.insert(k.to_string(), str(v));
    }
    Ok(Value::map(d))
}

fn escape_path(p: &str) -> String {
    let mut out = String::new();
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn url_join(a: &[Value]) -> R {
    arity(a, 1)?;
    let d = m(&a[0])?;
    let get = |k: &str| -> Result<String, String> {
        match d.as_ref().and_then(|d| d.borrow().get(k).cloned()) {
            None => Ok(String::new()),
            Some(Value::Str(v)) => Ok(v.to_string()),
            Some(other) => {
                Err(format!("unable to parse {k} key, must be of type string, but {} found", other.type_name()))
            }
        }
    };
    let (scheme, host, path, query, opaque, fragment, user) =
        (get("scheme")?, get("host")?, get("path")?, get("query")?, get("opaque")?, get("fragment")?, get("userinfo")?);
    let mut out = String::new();
    if !scheme.is_empty() {
        out += &scheme;
        out.push(':');
    }
    if !opaque.is_empty() {
        out += &opaque;
    } else {
        if !scheme.is_empty() || !host.is_empty() || !user.is_empty() {
            if !host.is_empty() || !path.is_empty() || !user.is_empty() {
                out += "//";
            }
            if !user.is_empty() {
                out += &user;
                out.push('@');
            }
            out += &host;
        }
        if !path.is_empty() && !path.starts_with('/') && !host.is_empty() {
            out.push('/');
        }
        out += &escape_path(&path);
    }
    if !query.is_empty() {
        out.push('?');
        out += &query;
    }
    if !fragment.is_empty() {
        out.push('#');
        out += &escape_path(&fragment);
    }
    Ok(str(out))
}

// ---- Helm --------------------------------------------------------------------------------------------------------

/// `lookup` as `helm template` has it: no cluster, so always an empty map.
pub fn lookup_fn(a: &[Value]) -> R {
    arity(a, 4)?;
    for v in a {
        s(v)?;
    }
    Ok(Value::map(BTreeMap::new()))
}

pub fn hello(a: &[Value]) -> R {
    arity(a, 0)?;
    Ok(str("Hello!"))
}

pub fn unsupported(_: &[Value]) -> R {
    Err("not available in the playground (no key or certificate generation, no network, no time zones)".into())
}
