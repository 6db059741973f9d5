//! cobra/pflag-style flag parsing with kubectl's error texts (`error: unknown flag: --foo` then
//! `See 'kubectl get --help' for usage.`).

use std::collections::BTreeMap;

/// A flag a command accepts: long name, optional shorthand, and whether it takes a value.
#[derive(Clone, Copy)]
pub struct Spec {
    pub long: &'static str,
    pub short: Option<char>,
    pub value: bool,
    /// A number flag is checked when it is set, as pflag's `Value.Set` does: the first bad one ends parsing.
    pub number: Number,
}

/// How a number flag reads its value: `(base, bits)` of the `strconv.ParseInt` call its `Set` makes.
#[derive(Clone, Copy, PartialEq)]
pub enum Number {
    No,
    ParseInt(u32, u32),
}

pub const fn flag(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: false, number: Number::No }
}

pub const fn opt(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: true, number: Number::No }
}

/// pflag's `Int`/`Int64` (`strconv.ParseInt(s, 0, 64)`): `0x`, `0o`, `0b`, a leading `0` and `_` are Go syntax.
pub const fn int(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: true, number: Number::ParseInt(0, 64) }
}

/// pflag's `Int32` (`strconv.ParseInt(s, 0, 32)`).
pub const fn int32(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: true, number: Number::ParseInt(0, 32) }
}

/// Flags every kubectl command takes.
pub const GLOBAL: &[Spec] = &[
    opt("namespace", Some('n')),
    opt("context", None),
    opt("kubeconfig", None),
    opt("cluster", None),
    opt("user", None),
    // klog's `Level.Set`: `strconv.ParseInt(value, 10, 32)`, so base 10 only.
    Spec { long: "v", short: Some('v'), value: true, number: Number::ParseInt(10, 32) },
    opt("request-timeout", None),
];

#[derive(Debug, Default)]
pub struct Parsed {
    pub args: Vec<String>,
    /// Values by long name, in the order given (booleans store "true"/"false").
    pub values: BTreeMap<String, Vec<String>>,
    /// Everything after `--`.
    pub after_dash: Option<Vec<String>>,
}

impl Parsed {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(String::as_str)
    }
    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }
    pub fn has(&self, name: &str) -> bool {
        matches!(self.get(name), Some(v) if v != "false")
    }
    /// The value of a number flag (`int`/`int32`), which `parse` has already checked.
    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(|v| parse_int(v, 0, 64).ok())
    }
}

/// Go's `strconv.ParseInt(s, base, bits)` (base 0 or 10): the number, or the reason of its `NumError`.
pub fn parse_int(s: &str, base: u32, bits: u32) -> Result<i64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    let (neg, digits) = match s.as_bytes().first() {
        None => return Err(SYNTAX),
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = parse_uint(digits, base, bits)?;
    // ParseUint answers an overflow with its maximum, which every cutoff below is under.
    let cutoff = 1u64 << (bits - 1);
    match (neg, un) {
        (false, u) if u >= cutoff => Err("value out of range"),
        (true, u) if u > cutoff => Err("value out of range"),
        (true, u) => Ok((u as i64).wrapping_neg()),
        (false, u) => Ok(u as i64),
    }
}

/// `strconv.ParseUint`: base 0 takes a `0x`/`0o`/`0b` or `0` prefix and `_` separators; an overflow is reported
/// the moment it happens, before any later bad character.
fn parse_uint(s: &str, base: u32, bits: u32) -> Result<u64, &'static str> {
    const SYNTAX: &str = "invalid syntax";
    const RANGE: &str = "value out of range";
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(SYNTAX);
    }
    let base0 = base == 0;
    let (mut base, mut body) = (if base0 { 10u64 } else { base as u64 }, b);
    if base0 && b[0] == b'0' {
        (base, body) = match b.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        };
    }
    let max: u64 = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let cutoff = u64::MAX / base + 1;
    let (mut n, mut underscores) = (0u64, false);
    for &c in body {
        let d = match c.to_ascii_lowercase() {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            c @ b'0'..=b'9' => (c - b'0') as u64,
            c @ b'a'..=b'z' => (c - b'a') as u64 + 10,
            _ => return Err(SYNTAX),
        };
        if d >= base {
            return Err(SYNTAX);
        }
        if n >= cutoff {
            return Err(RANGE);
        }
        n *= base;
        match n.checked_add(d) {
            Some(n1) if n1 <= max => n = n1,
            _ => return Err(RANGE),
        }
    }
    if underscores && !underscore_ok(s) {
        return Err(SYNTAX);
    }
    Ok(n)
}

/// `strconv.underscoreOK`: each `_` sits between digits (a base prefix counts as one).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let (mut saw, mut i, mut hex) = (b'^', 0, false);
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        (i, saw, hex) = (2, b'0', b[1].eq_ignore_ascii_case(&b'x'));
    }
    while i < b.len() {
        let c = b[i];
        i += 1;
        if c.is_ascii_digit() || hex && c.is_ascii_hexdigit() {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else if saw == b'_' {
            return false;
        } else {
            saw = b'!';
        }
    }
    saw != b'_'
}

/// pflag's `failf` text for a value its `Set` refused.
fn invalid_argument(spec: &Spec, v: &str, reason: &str) -> String {
    let name = match spec.short {
        Some(c) => format!("-{c}, --{}", spec.long),
        None => format!("--{}", spec.long),
    };
    let q = crate::helm::gofmt::quote;
    format!("invalid argument {} for {} flag: strconv.ParseInt: parsing {}: {reason}", q(v), q(&name), q(v))
}

/// Parses `args` for `cmd` (the words after `kubectl`, e.g. `get`); errors are kubectl's full text.
pub fn parse(cmd: &str, args: &[String], specs: &[Spec]) -> Result<Parsed, String> {
    let all: Vec<&Spec> = specs.iter().chain(GLOBAL.iter()).collect();
    let usage = |msg: String| format!("error: {msg}\nSee 'kubectl {cmd} --help' for usage.\n");
    let mut p = Parsed::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.after_dash = Some(args[i..].to_vec());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = all.iter().find(|s| s.long == name) else {
                return Err(usage(format!("unknown flag: --{name}")));
            };
            let v = if spec.value {
                match inline {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(usage(format!("flag needs an argument: --{name}"))),
                }
            } else {
                // cobra's NoOptDefVal: `--dry-run` alone is "unchanged" (kubectl warns and runs a client dry run)
                inline.unwrap_or_else(|| if spec.long == "dry-run" { "unchanged".into() } else { "true".into() })
            };
            check(spec, &v).map_err(usage)?;
            p.values.entry(spec.long.to_string()).or_default().push(v);
        } else if a.starts_with('-') && a.len() > 1 {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(spec) = all.iter().find(|s| s.short == Some(c)) else {
                    return Err(usage(format!("unknown shorthand flag: '{c}' in {a}")));
                };
                if spec.value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let v = if !rest.is_empty() {
                        rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                    } else if i < args.len() {
                        i += 1;
                        args[i - 1].clone()
                    } else {
                        return Err(usage(format!("flag needs an argument: '{c}' in {a}")));
                    };
                    check(spec, &v).map_err(usage)?;
                    p.values.entry(spec.long.to_string()).or_default().push(v);
                    break;
                }
                p.values.entry(spec.long.to_string()).or_default().push("true".into());
                j += 1;
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

fn check(spec: &Spec, v: &str) -> Result<(), String> {
    match spec.number {
        Number::No => Ok(()),
        Number::ParseInt(base, bits) => parse_int(v, base, bits).map(|_| ()).map_err(|r| invalid_argument(spec, v, r)),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    /// Each answer is what Go's strconv.ParseInt gives for the same input (Go 1.24 spec and strconv tests).
    #[test]
    fn parse_int_is_gos() {
        let range = Err("value out of range");
        let syntax = Err("invalid syntax");
        let cases: &[(&str, u32, u32, Result<i64, &str>)] = &[
            ("0x10", 0, 64, Ok(16)),
            ("-0x10", 0, 64, Ok(-16)),
            ("0b101", 0, 64, Ok(5)),
            ("0o17", 0, 64, Ok(15)),
            ("017", 0, 64, Ok(15)),
            ("08", 0, 64, syntax),
            ("0x", 0, 64, syntax),
            ("1_000", 0, 64, Ok(1000)),
            ("1__0", 0, 64, syntax),
            ("_1", 0, 64, syntax),
            ("1_", 0, 64, syntax),
            ("0x_1", 0, 64, Ok(1)),
            ("1_0", 10, 64, syntax),
            ("0x1", 10, 32, syntax),
            ("+5", 0, 64, Ok(5)),
            ("", 0, 64, syntax),
            ("-", 0, 64, syntax),
            ("9223372036854775807", 0, 64, Ok(i64::MAX)),
            ("9223372036854775808", 0, 64, range),
            ("-9223372036854775808", 0, 64, Ok(i64::MIN)),
            ("-9223372036854775809", 0, 64, range),
            ("2147483648", 0, 32, range),
            ("-2147483648", 0, 32, Ok(-2147483648)),
            ("99999999999x", 0, 32, range),
            ("99999999999999999999", 0, 64, range),
            ("x99999999999999999999", 0, 64, syntax),
        ];
        for (s, base, bits, want) in cases {
            assert_eq!(parse_int(s, *base, *bits), *want, "{s} base {base} bits {bits}");
        }
    }
}
