//! YAML 1.1 scalar typing as go-yaml v2 does it (`resolve.go`): what a plain scalar means, and so also
//! which strings the emitter must quote to keep them strings.

/// A resolved plain scalar.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// A string; `timestamp` marks the YYYY-MM-DD... forms go-yaml tags `!!timestamp` (they decode to the
    /// original text, but the emitter quotes them).
    Str {
        timestamp: bool,
    },
    /// The merge key `<<`.
    Merge,
}

/// Go's `strconv.ParseInt(s, 0, 64)` (base prefixes 0x, 0o, 0b and a leading 0 for octal).
fn go_parse_int(s: &str) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first()? {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let (radix, digits) = if let Some(r) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = body.strip_prefix("0o").or_else(|| body.strip_prefix("0O")) {
        (8, r)
    } else if let Some(r) = body.strip_prefix("0b").or_else(|| body.strip_prefix("0B")) {
        (2, r)
    } else if body.len() > 1 && body.starts_with('0') {
        (8, &body[1..])
    } else {
        (10, body)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let mut v: i128 = 0;
    for c in digits.chars() {
        v = v.checked_mul(radix as i128)?.checked_add(c.to_digit(radix)? as i128)?;
        if v > u64::MAX as i128 + 1 {
            return None;
        }
    }
    Some(if neg { -v } else { v })
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (shared with the emitter's quoting decision).
pub(crate) fn yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - st
    };
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            digits(&mut i);
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// go-yaml's timestamp check: four digits and '-', then one of the layouts it tries with `time.Parse`
/// ("2006-1-2", "2006-1-2 15:4:5.999999999", "2006-1-2T15:4:5.999999999Z07:00" and with 't').
pub fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let mut i = 5;
    let num = |i: &mut usize, max: usize| {
        let st = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - st < max {
            *i += 1;
        }
        (*i > st).then(|| s[st..*i].parse::<u32>().unwrap_or(99))
    };
    let Some(m) = num(&mut i, 2) else { return false };
    if i >= b.len() || b[i] != b'-' || !(1..=12).contains(&m) {
        return false;
    }
    i += 1;
    let Some(d) = num(&mut i, 2) else { return false };
    if !(1..=31).contains(&d) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zoned = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    for (k, max) in [(0, 23), (1, 59), (2, 59)] {
        if k > 0 {
            if i >= b.len() || b[i] != b':' {
                return false;
            }
            i += 1;
        }
        match num(&mut i, 2) {
            Some(v) if v <= max => {}
            _ => return false,
        }
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if num(&mut i, 9).is_none() {
            return false;
        }
    }
    if !zoned {
        return i == b.len();
    }
    if i < b.len() && b[i] == b'Z' {
        return i + 1 == b.len();
    }
    // ±hh:mm
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        let r = &b[i + 1..];
        return r.len() == 5 && r[2] == b':' && r.iter().enumerate().all(|(k, c)| k == 2 || c.is_ascii_digit());
    }
    false
}

/// Resolves a plain (untagged) scalar the way go-yaml v2 does.
pub fn resolve_plain(s: &str) -> Scalar {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => return Scalar::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        "<<" => return Scalar::Merge,
        _ => {}
    }
    let first = s.as_bytes()[0];
    match first {
        b'.' => {
            if let Some(f) = go_parse_float(s) {
                return Scalar::Float(f);
            }
        }
        b'+' | b'-' | b'0'..=b'9' => {
            if is_timestamp(s) {
                return Scalar::Str { timestamp: true };
            }
            let plain = s.replace('_', "");
            if let Some(v) = go_parse_int(&plain) {
                if let Ok(i) = i64::try_from(v) {
                    return Scalar::Int(i);
                }
                if let Ok(u) = u64::try_from(v) {
                    return Scalar::Uint(u);
                }
            }
            if yaml_style_float(&plain) {
                if let Some(f) = go_parse_float(&plain) {
                    return Scalar::Float(f);
                }
            }
        }
        _ => {}
    }
    Scalar::Str { timestamp: false }
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML can reach here; out of range is an error
/// in Go (ParseFloat returns ±Inf with ErrRange, which go-yaml treats as "not a float").
fn go_parse_float(s: &str) -> Option<f64> {
    let ok = s.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !ok {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_typing() {
        let cases: &[(&str, Scalar)] = &[
            ("y", Scalar::Bool(true)),
            ("off", Scalar::Bool(false)),
            ("~", Scalar::Null),
            ("0x1F", Scalar::Int(31)),
            ("017", Scalar::Int(15)),
            ("1_000", Scalar::Int(1000)),
            ("-0b11", Scalar::Int(-3)),
            ("1.10", Scalar::Float(1.1)),
            ("1e3", Scalar::Float(1000.0)),
            (".5", Scalar::Float(0.5)),
            ("18446744073709551615", Scalar::Uint(u64::MAX)),
            ("2001-12-14", Scalar::Str { timestamp: true }),
            ("2001-12-14t21:59:43.10-05:00", Scalar::Str { timestamp: true }),
            ("1.2.3", Scalar::Str { timestamp: false }),
            ("08", Scalar::Float(8.0)),
            ("0x", Scalar::Str { timestamp: false }),
            ("1e", Scalar::Str { timestamp: false }),
            ("yes please", Scalar::Str { timestamp: false }),
        ];
        for (s, want) in cases {
            assert_eq!(&resolve_plain(s), want, "{s}");
        }
    }
}
