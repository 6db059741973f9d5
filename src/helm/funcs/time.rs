//! Time as Sprig and Helm handle it, without a clock: `now` is the simulated cluster's epoch
//! (2025-03-15T17:03:35Z) and there are no time zones (Go's `Local` and every named zone are UTC here).
//! Go's `time.Time` and `time.Duration` are template objects printing as Go prints them.

use super::args::{arity, s, str, R};
use crate::helm::value::{Object, Value};
use std::fmt;
use std::rc::Rc;

/// What `now` returns: the simulated cluster's epoch, 2025-03-15T17:03:35Z (seconds since 1970).
pub const NOW_UNIX: i64 = 1_742_058_215;

/// A Go `time.Time` in UTC (the playground has no time zones: `Local` is UTC).
#[derive(Clone, Copy)]
pub struct GoTime {
    pub unix: i64,
    pub nanos: u32,
}

impl fmt::Debug for GoTime {
    /// `time.Time.String()`, which is how `%v` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_time(self, "2006-01-02 15:04:05.999999999 -0700 MST"))
    }
}

impl Object for GoTime {
    fn type_name(&self) -> &str {
        "time.Time"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let c = civil(self.unix);
        Some(match name {
            "Year" => Value::Int(c.year),
            "Day" => Value::Int(c.day as i64),
            "Hour" => Value::Int(c.hour as i64),
            "Minute" => Value::Int(c.min as i64),
            "Second" => Value::Int(c.sec as i64),
            "Unix" => Value::Int64(self.unix),
            "Nanosecond" => Value::Int(self.nanos as i64),
            "YearDay" => Value::Int(c.yday as i64),
            "String" => Value::str(format!("{self:?}")),
            "UTC" | "Local" => Value::Object(Rc::new(*self)),
            "__json" => Value::str(format!("\"{}\"", format_time(self, "2006-01-02T15:04:05.999999999Z07:00"))),
            _ => return None,
        })
    }
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    wday: u32,
    yday: u32,
}

fn civil(unix: i64) -> Civil {
    let days = unix.div_euclid(86400);
    let secs = unix.rem_euclid(86400) as u32;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let cum = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let yday = cum[(month - 1) as usize] + day + if leap && month > 2 { 1 } else { 0 };
    Civil {
        year,
        month,
        day,
        hour: secs / 3600,
        min: secs / 60 % 60,
        sec: secs % 60,
        wday: (days + 4).rem_euclid(7) as u32,
        yday,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// Go's `Time.Format` with the reference layout `Mon Jan 2 15:04:05 MST 2006`, for a UTC time.
pub fn format_time(t: &GoTime, layout: &str) -> String {
    let c = civil(t.unix);
    let mut out = String::new();
    let mut rest = layout;
    while !rest.is_empty() {
        let (tok, len): (Option<String>, usize) = {
            let r = rest;
            let starts = |p: &str| r.starts_with(p);
            if starts("January") {
                (Some(MONTHS[c.month as usize - 1].into()), 7)
            } else if starts("Jan") {
                (Some(MONTHS[c.month as usize - 1][..3].into()), 3)
            } else if starts("Monday") {
                (Some(DAYS[c.wday as usize].into()), 6)
            } else if starts("Mon") {
                (Some(DAYS[c.wday as usize][..3].into()), 3)
            } else if starts("MST") {
                (Some("UTC".into()), 3)
            } else if starts("2006") {
                (Some(format!("{:04}", c.year)), 4)
            } else if starts("002") {
                (Some(format!("{:03}", c.yday)), 3)
            } else if starts("01") {
                (Some(format!("{:02}", c.month)), 2)
            } else if starts("02") {
                (Some(format!("{:02}", c.day)), 2)
            } else if starts("03") {
                (Some(format!("{:02}", if c.hour % 12 == 0 { 12 } else { c.hour % 12 })), 2)
            } else if starts("04") {
                (Some(format!("{:02}", c.min)), 2)
            } else if starts("05") {
                (Some(format!("{:02}", c.sec)), 2)
            } else if starts("06") {
                (Some(format!("{:02}", c.year.rem_euclid(100))), 2)
            } else if starts("15") {
                (Some(format!("{:02}", c.hour)), 2)
            } else if starts("__2") {
                (Some(format!("{:>3}", c.yday)), 3)
            } else if starts("_2") {
                (Some(format!("{:>2}", c.day)), 2)
            } else if starts("1") {
                (Some(c.month.to_string()), 1)
            } else if starts("2") {
                (Some(c.day.to_string()), 1)
            } else if starts("3") {
                (Some((if c.hour % 12 == 0 { 12 } else { c.hour % 12 }).to_string()), 1)
            } else if starts("4") {
                (Some(c.min.to_string()), 1)
            } else if starts("5") {
                (Some(c.sec.to_string()), 1)
            } else if starts("PM") {
                (Some(if c.hour >= 12 { "PM" } else { "AM" }.into()), 2)
            } else if starts("pm") {
                (Some(if c.hour >= 12 { "pm" } else { "am" }.into()), 2)
            } else if let Some(z) =
                ["Z07:00:00", "-07:00:00", "Z070000", "-070000", "Z07:00", "-07:00", "Z0700", "-0700", "Z07", "-07"]
                    .iter()
                    .find(|z| starts(z))
            {
                let v = if z.starts_with('Z') {
                    "Z".to_string()
                } else {
                    match z.len() {
                        3 => "+00".into(),
                        5 => "+0000".into(),
                        6 => "+00:00".into(),
                        7 => "+000000".into(),
                        _ => "+00:00:00".into(),
                    }
                };
                (Some(v), z.len())
            } else if (starts(".") || starts(","))
                && r[1..].starts_with(['0', '9'])
                && !r[1..].trim_start_matches(r.as_bytes()[1] as char).starts_with(|ch: char| ch.is_ascii_digit())
            {
                let digit = r.as_bytes()[1] as char;
                let n = r[1..].len() - r[1..].trim_start_matches(digit).len();
                let frac = format!("{:09}", t.nanos);
                let frac = &frac[..n.min(9)];
                let v = if digit == '0' {
                    format!("{}{frac}", &r[..1])
                } else {
                    let trimmed = frac.trim_end_matches('0');
                    if trimmed.is_empty() {
                        String::new()
                    } else {
                        format!("{}{trimmed}", &r[..1])
                    }
                };
                (Some(v), n + 1)
            } else {
                (None, r.chars().next().map_or(1, char::len_utf8))
            }
        };
        match tok {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out
}

fn now_time() -> GoTime {
    GoTime { unix: NOW_UNIX, nanos: 0 }
}

pub fn now(a: &[Value]) -> R {
    arity(a, 0)?;
    Ok(Value::Object(Rc::new(now_time())))
}

/// Sprig's `toDate`-free reading of a date argument: a time, or Unix seconds as int/int64; anything else is now.
fn time_arg(v: &Value) -> GoTime {
    match v {
        Value::Int(n) | Value::Int64(n) => GoTime { unix: *n, nanos: 0 },
        Value::Object(o) if o.type_name() == "time.Time" => match o.field("Unix") {
            Some(Value::Int64(u)) => GoTime { unix: u, nanos: 0 },
            _ => now_time(),
        },
        _ => now_time(),
    }
}

fn time_arg_exact(v: &Value) -> GoTime {
    match v {
        Value::Object(o) if o.type_name() == "time.Time" => {
            let unix = match o.field("Unix") {
                Some(Value::Int64(u)) => u,
                _ => NOW_UNIX,
            };
            let nanos = match o.field("Nanosecond") {
                Some(Value::Int(n)) => n as u32,
                _ => 0,
            };
            GoTime { unix, nanos }
        }
        other => time_arg(other),
    }
}

pub fn date(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(str(format_time(&time_arg(&a[1]), s(&a[0])?)))
}

/// Time zones other than UTC are not modelled: every zone formats as UTC.
pub fn date_in_zone(a: &[Value]) -> R {
    arity(a, 3)?;
    s(&a[2])?;
    Ok(str(format_time(&time_arg(&a[1]), s(&a[0])?)))
}

pub fn html_date(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(str(format_time(&time_arg(&a[0]), "2006-01-02")))
}

pub fn html_date_in_zone(a: &[Value]) -> R {
    arity(a, 2)?;
    s(&a[1])?;
    Ok(str(format_time(&time_arg(&a[0]), "2006-01-02")))
}

pub fn unix_epoch(a: &[Value]) -> R {
    arity(a, 1)?;
    match &a[0] {
        Value::Object(o) if o.type_name() == "time.Time" => Ok(str(time_arg(&a[0]).unix.to_string())),
        other => Err(format!("wrong type for value; expected time.Time; got {}", other.type_name())),
    }
}

// ---- durations --------------------------------------------------------------------------------------------------

/// A Go `time.Duration` (nanoseconds).
#[derive(Clone, Copy)]
pub struct GoDuration(pub i64);

impl fmt::Debug for GoDuration {
    /// `Duration.String()`, which is how `%v` prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&duration_string(self.0))
    }
}

impl Object for GoDuration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let d = self.0;
        Some(match name {
            "String" => Value::str(duration_string(d)),
            "Seconds" => Value::Float(d as f64 / 1e9),
            "Minutes" => Value::Float(d as f64 / 6e10),
            "Hours" => Value::Float(d as f64 / 3.6e12),
            "Milliseconds" => Value::Int64(d / 1_000_000),
            "Microseconds" => Value::Int64(d / 1_000),
            "Nanoseconds" => Value::Int64(d),
            "__json" => Value::str(d.to_string()),
            _ => return None,
        })
    }
}

/// The digits of `v / 10^prec` after the point, trailing zeros dropped (Go's `fmtFrac`), and the integer part.
fn frac(v: u64, prec: u32) -> (String, u64) {
    let p = 10u64.pow(prec);
    let f = v % p;
    if f == 0 {
        return (String::new(), v / p);
    }
    let digits = format!("{f:0width$}", width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / p)
}

/// Go's `Duration.String()`: `1h2m3.5s`, `2m0s`, `150ms`, `1.5µs`, `0s`.
pub fn duration_string(d: i64) -> String {
    let neg = d < 0;
    let u = d.unsigned_abs();
    let body = if u < 1_000_000_000 {
        let (prec, unit) = match u {
            0 => return "0s".into(),
            1..=999 => (0, "ns"),
            1_000..=999_999 => (3, "µs"),
            _ => (6, "ms"),
        };
        let (f, i) = frac(u, prec);
        format!("{i}{f}{unit}")
    } else {
        let (f, secs) = frac(u, 9);
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        if h > 0 {
            format!("{h}h{m}m{s}{f}s")
        } else if secs >= 60 {
            format!("{m}m{s}{f}s")
        } else {
            format!("{s}{f}s")
        }
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// The `quote` of Go's time package (its parse errors): printable ASCII as is with `"` and `\` escaped, every
/// byte of anything else as `\xNN` (not strconv's `\n` or literal UTF-8).
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='\u{7f}' => out.push(c),
            _ => {
                for b in c.to_string().bytes() {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// Go's `time.ParseDuration` (integer arithmetic with its overflow rules; the fraction goes through float64).
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let quoted = time_quote(text);
    let invalid = || format!("time: invalid duration {quoted}");
    let mut s = text;
    let neg = s.starts_with('-');
    if s.starts_with(['-', '+']) {
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s.starts_with('.') || s.starts_with(|c: char| c.is_ascii_digit())) {
            return Err(invalid());
        }
        let int_len = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mut v: u64 = 0;
        for b in s[..int_len].bytes() {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add((b - b'0') as u64))
                .filter(|&v| v <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        s = &s[int_len..];
        let (mut f, mut scale) = (0u64, 1f64);
        let mut frac_len = 0;
        if let Some(rest) = s.strip_prefix('.') {
            frac_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let mut overflow = false;
            for b in rest[..frac_len].bytes() {
                if overflow {
                    continue;
                }
                match f.checked_mul(10).and_then(|x| x.checked_add((b - b'0') as u64)).filter(|&x| x <= 1 << 63) {
                    Some(x) => {
                        f = x;
                        scale *= 10.0;
                    }
                    None => overflow = true,
                }
            }
            s = &rest[frac_len..];
        }
        if int_len == 0 && frac_len == 0 {
            return Err(invalid());
        }
        let unit_len = s.len() - s.trim_start_matches(|c: char| c != '.' && !c.is_ascii_digit()).len();
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let mult: u64 = match unit {
            "" => return Err(format!("time: missing unit in duration {quoted}")),
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {quoted}", time_quote(unit))),
        };
        v = v.checked_mul(mult).filter(|&v| v <= 1 << 63).ok_or_else(invalid)?;
        if f > 0 {
            v = v
                .checked_add((f as f64 * (mult as f64 / scale)) as u64)
                .filter(|&v| v <= 1 << 63)
                .ok_or_else(invalid)?;
        }
        d = d.checked_add(v).filter(|&d| d <= 1 << 63).ok_or_else(invalid)?;
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > i64::MAX as u64 {
        return Err(invalid());
    }
    Ok(d as i64)
}

fn duration_value(ns: i64) -> Value {
    Value::Object(Rc::new(GoDuration(ns)))
}

fn duration_arg(v: &Value) -> Option<i64> {
    match v {
        Value::Object(o) if o.type_name() == "time.Duration" => match o.field("Nanoseconds") {
            Some(Value::Int64(n)) => Some(n),
            _ => None,
        },
        _ => None,
    }
}

/// Sprig's `duration`: seconds (an int64 or a decimal string) as a Duration's text.
pub fn duration(a: &[Value]) -> R {
    arity(a, 1)?;
    let n: i64 = match &a[0] {
        Value::Str(t) => t.parse().unwrap_or(0),
        Value::Int64(n) => *n,
        _ => 0,
    };
    Ok(str(duration_string(n.saturating_mul(1_000_000_000))))
}

/// Sprig's `durationRound`: the largest whole unit (`2h`, `3mo`, `1y`).
pub fn duration_round(a: &[Value]) -> R {
    arity(a, 1)?;
    let d: i64 = match &a[0] {
        Value::Str(t) => parse_duration(t).unwrap_or(0),
        Value::Int64(n) => *n,
        v if is_time(v) => NOW_UNIX.saturating_sub(time_arg(v).unix).saturating_mul(1_000_000_000),
        _ => duration_arg(&a[0]).unwrap_or(0),
    };
    let u = d.unsigned_abs();
    const H: u64 = 3_600_000_000_000;
    for (size, unit) in
        [(H * 24 * 365, "y"), (H * 24 * 30, "mo"), (H * 24, "d"), (H, "h"), (60_000_000_000, "m"), (1_000_000_000, "s")]
    {
        if u > size {
            return Ok(str(format!("{}{unit}", u / size)));
        }
    }
    Ok(str("0s"))
}

fn is_time(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.type_name() == "time.Time")
}

/// Sprig's `ago`: time since the date, to the second (the playground's now is the cluster epoch).
pub fn ago(a: &[Value]) -> R {
    arity(a, 1)?;
    let t = time_arg(&a[0]);
    let ns = NOW_UNIX.saturating_sub(t.unix).saturating_mul(1_000_000_000).saturating_sub(t.nanos as i64);
    // Round to the second, halves away from zero (Go's Duration.Round).
    let r = (ns as f64 / 1e9).round() as i64;
    Ok(str(duration_string(r.saturating_mul(1_000_000_000))))
}

fn time_value(t: GoTime) -> Value {
    Value::Object(Rc::new(t))
}

fn modify(a: &[Value]) -> Result<(Result<i64, String>, GoTime), String> {
    arity(a, 2)?;
    let d = parse_duration(s(&a[0])?);
    if !is_time(&a[1]) {
        return Err(format!("wrong type for value; expected time.Time; got {}", a[1].type_name()));
    }
    Ok((d, time_arg_exact(&a[1])))
}

fn add(t: GoTime, ns: i64) -> GoTime {
    let total = t.nanos as i64 + ns.rem_euclid(1_000_000_000);
    GoTime {
        unix: t.unix + ns.div_euclid(1_000_000_000) + total / 1_000_000_000,
        nanos: (total % 1_000_000_000) as u32,
    }
}

pub fn date_modify(a: &[Value]) -> R {
    let (d, t) = modify(a)?;
    Ok(time_value(match d {
        Ok(ns) => add(t, ns),
        Err(_) => t,
    }))
}

pub fn must_date_modify(a: &[Value]) -> R {
    let (d, t) = modify(a)?;
    Ok(time_value(add(t, d?)))
}

/// Helm's duration helpers read a Duration, a Go duration string, or seconds (number or numeric string).
fn as_duration(v: &Value) -> Result<i64, String> {
    const MAX_S: f64 = 9_223_372_036.854_775;
    let from_secs = |f: f64| -> Result<i64, String> {
        if f.is_nan() || f.is_infinite() {
            return Err(format!("invalid duration seconds: {}", crate::yaml::format_g(f)));
        }
        if f.abs() > MAX_S {
            return Err(format!("duration seconds overflow: {}", crate::yaml::format_g(f)));
        }
        Ok((f * 1e9) as i64)
    };
    match v {
        Value::Str(t) => {
            let t = t.trim_matches(super::strings::go_is_space);
            if t.is_empty() {
                return Err("empty duration".into());
            }
            if let Ok(d) = parse_duration(t) {
                return Ok(d);
            }
            match super::math::go_parse_float(t) {
                Some(f) => from_secs(f),
                None => Err(format!("could not parse duration {}", super::strings::go_quote(t))),
            }
        }
        Value::Nil => Err("invalid duration".into()),
        Value::Int(n) | Value::Int64(n) => {
            if n.unsigned_abs() > 9_223_372_036 {
                return Err(format!("duration seconds overflow: {n}"));
            }
            Ok(n * 1_000_000_000)
        }
        Value::Float(f) => from_secs(*f),
        other => duration_arg(other).ok_or_else(|| format!("unsupported duration type {}", other.type_name())),
    }
}

pub fn must_to_duration(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(duration_value(as_duration(&a[0])?))
}

fn per(a: &[Value], f: fn(i64) -> Value, zero: Value) -> R {
    arity(a, 1)?;
    Ok(as_duration(&a[0]).map(f).unwrap_or(zero))
}

pub fn duration_seconds(a: &[Value]) -> R {
    per(a, |d| Value::Float(d as f64 / 1e9), Value::Float(0.0))
}

pub fn duration_milliseconds(a: &[Value]) -> R {
    per(a, |d| Value::Int64(d / 1_000_000), Value::Int64(0))
}

pub fn duration_microseconds(a: &[Value]) -> R {
    per(a, |d| Value::Int64(d / 1_000), Value::Int64(0))
}

pub fn duration_nanoseconds(a: &[Value]) -> R {
    per(a, Value::Int64, Value::Int64(0))
}

/// Go's `Duration.Minutes`/`Hours` split whole and fractional parts to keep precision.
fn split_units(d: i64, unit: i64) -> f64 {
    (d / unit) as f64 + (d % unit) as f64 / unit as f64
}

pub fn duration_minutes(a: &[Value]) -> R {
    per(a, |d| Value::Float(split_units(d, 60_000_000_000)), Value::Float(0.0))
}

pub fn duration_hours(a: &[Value]) -> R {
    per(a, |d| Value::Float(split_units(d, 3_600_000_000_000)), Value::Float(0.0))
}

pub fn duration_days(a: &[Value]) -> R {
    per(a, |d| Value::Float(split_units(d, 3_600_000_000_000) / 24.0), Value::Float(0.0))
}

pub fn duration_weeks(a: &[Value]) -> R {
    per(a, |d| Value::Float(split_units(d, 3_600_000_000_000) / 24.0 / 7.0), Value::Float(0.0))
}

/// Go's `Duration.Round` / `Truncate` to a multiple of `m`.
fn round_to(a: &[Value], round: bool) -> R {
    arity(a, 2)?;
    let Ok(d) = as_duration(&a[0]) else { return Ok(duration_value(0)) };
    let Ok(m) = as_duration(&a[1]) else { return Ok(duration_value(d)) };
    if m <= 0 {
        return Ok(duration_value(d));
    }
    // Go's Round: halves away from zero, saturating at the int64 ends.
    let (d, m) = (d as i128, m as i128);
    let r = d % m;
    let out = if !round {
        d - r
    } else if d < 0 {
        if -r * 2 < m {
            d - r
        } else {
            d - r - m
        }
    } else if r * 2 < m {
        d - r
    } else {
        d - r + m
    };
    Ok(duration_value(out.clamp(i64::MIN as i128, i64::MAX as i128) as i64))
}

pub fn duration_round_to(a: &[Value]) -> R {
    round_to(a, true)
}

pub fn duration_truncate_to(a: &[Value]) -> R {
    round_to(a, false)
}

// ---- parsing (toDate) -------------------------------------------------------------------------------------------

/// The layout element at the start of `r` (Go's `nextStdChunk`), as the reference text it stands for.
fn std_chunk(r: &str) -> Option<&'static str> {
    const CHUNKS: [&str; 42] = [
        "January",
        "Jan",
        "Monday",
        "Mon",
        "MST",
        "2006",
        "002",
        "01",
        "02",
        "03",
        "04",
        "05",
        "06",
        "15",
        "__2",
        "_2",
        "Z07:00:00",
        "-07:00:00",
        "Z070000",
        "-070000",
        "Z07:00",
        "-07:00",
        "Z0700",
        "-0700",
        "Z07",
        "-07",
        "PM",
        "pm",
        "1",
        "2",
        "3",
        "4",
        "5",
        ".000000000",
        ".000000",
        ".000",
        ".999999999",
        ".999999",
        ".999",
        ".0",
        ".9",
        ",000",
    ];
    if r.starts_with(['.', ',']) && r.len() > 1 {
        let d = r.as_bytes()[1];
        if d == b'0' || d == b'9' {
            let n = r[1..].bytes().take_while(|&c| c == d).count();
            if !r[1 + n..].starts_with(|c: char| c.is_ascii_digit()) {
                // `,000` parses like `.000`; lengths beyond the listed ones behave like the nearest shorter one.
                return CHUNKS
                    .iter()
                    .filter(|c| c.starts_with('.') && c.as_bytes()[1] == d && c.len() <= n + 1)
                    .max_by_key(|c| c.len())
                    .copied();
            }
        }
        return None;
    }
    CHUNKS.iter().find(|c| r.starts_with(**c)).copied()
}

fn take_num(v: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((v[..n].parse().ok()?, &v[n..]))
}

/// Go's `time.Parse(layout, value)` in UTC, for the layout elements `format_time` prints.
pub fn parse_time(layout: &str, value: &str) -> Result<GoTime, String> {
    let err = |rest: &str, elem: &str| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            time_quote(value),
            time_quote(layout),
            time_quote(rest),
            time_quote(elem)
        )
    };
    let (mut year, mut month, mut day, mut hour, mut min, mut sec, mut nanos) =
        (1i64, 1i64, 1i64, 0i64, 0i64, 0i64, 0u32);
    let mut pm: Option<bool> = None;
    let mut offset: i64 = 0;
    let (mut l, mut v) = (layout, value);
    while !l.is_empty() {
        let Some(chunk) = std_chunk(l) else {
            let c = l.chars().next().unwrap_or(' ');
            if !v.starts_with(c) {
                // Go names the literal text up to the next layout element.
                let lit_end =
                    l.char_indices().skip(1).find(|&(k, _)| std_chunk(&l[k..]).is_some()).map_or(l.len(), |(k, _)| k);
                return Err(err(v, &l[..lit_end]));
            }
            l = &l[c.len_utf8()..];
            v = &v[c.len_utf8()..];
            continue;
        };
        // A fraction element is as long as its run of 0s or 9s (`.0000` too).
        let clen = if chunk.starts_with('.') {
            1 + l[1..].bytes().take_while(|&c| c == l.as_bytes()[1]).count()
        } else {
            chunk.len()
        };
        let elem = &l[..clen];
        l = &l[clen..];
        let bad = || err(v, elem);
        let num = |min, max| take_num(v, min, max).ok_or_else(bad);
        match chunk {
            "2006" => (year, v) = num(4, 4)?,
            "06" => {
                let (y, rest) = num(2, 2)?;
                (year, v) = (if y >= 69 { 1900 + y } else { 2000 + y }, rest);
            }
            "01" => (month, v) = num(2, 2)?,
            "1" => (month, v) = num(1, 2)?,
            "02" => (day, v) = num(2, 2)?,
            "2" => (day, v) = num(1, 2)?,
            "_2" => {
                let t = v.strip_prefix(' ').unwrap_or(v);
                (day, v) = take_num(t, 1, 2).ok_or_else(bad)?;
            }
            "15" => (hour, v) = num(1, 2)?,
            "03" => (hour, v) = num(2, 2)?,
            "3" => (hour, v) = num(1, 2)?,
            "04" => (min, v) = num(2, 2)?,
            "4" => (min, v) = num(1, 2)?,
            "05" => (sec, v) = num(2, 2)?,
            "5" => (sec, v) = num(1, 2)?,
            "002" => (_, v) = num(3, 3)?,
            "Jan" | "January" => {
                let k = MONTHS
                    .iter()
                    .position(|m| {
                        let name = if chunk == "Jan" { &m[..3] } else { m };
                        v.get(..name.len()).is_some_and(|p| p.eq_ignore_ascii_case(name))
                    })
                    .ok_or_else(bad)?;
                v = &v[if chunk == "Jan" { 3 } else { MONTHS[k].len() }..];
                month = k as i64 + 1;
            }
            "Mon" | "Monday" => {
                let k = DAYS
                    .iter()
                    .position(|d| {
                        let name = if chunk == "Mon" { &d[..3] } else { d };
                        v.get(..name.len()).is_some_and(|p| p.eq_ignore_ascii_case(name))
                    })
                    .ok_or_else(bad)?;
                v = &v[if chunk == "Mon" { 3 } else { DAYS[k].len() }..];
            }
            "PM" | "pm" => {
                let t = v.get(..2).ok_or_else(bad)?.to_ascii_uppercase();
                pm = Some(match t.as_str() {
                    "PM" => true,
                    "AM" => false,
                    _ => return Err(bad()),
                });
                v = &v[2..];
            }
            "MST" => {
                let n = v.bytes().take_while(u8::is_ascii_uppercase).count();
                if n < 3 {
                    return Err(bad());
                }
                v = &v[n..];
            }
            z if z.starts_with('Z') || z.starts_with('-') => {
                if z.starts_with('Z') && v.starts_with('Z') {
                    v = &v[1..];
                    continue;
                }
                let sign = match v.as_bytes().first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(bad()),
                };
                let (h, rest) = take_num(&v[1..], 2, 2).ok_or_else(bad)?;
                let mut rest = rest;
                let mut m = 0;
                if z.len() > 3 {
                    rest = if z.contains(':') { rest.strip_prefix(':').ok_or_else(bad)? } else { rest };
                    (m, rest) = take_num(rest, 2, 2).ok_or_else(bad)?;
                }
                offset = sign * (h * 3600 + m * 60);
                v = rest;
            }
            f if f.starts_with(['.', ',']) => {
                // Go accepts a fraction after seconds whether or not the layout has one.
                if !v.starts_with(['.', ',']) {
                    if f.as_bytes()[1] == b'9' {
                        continue;
                    }
                    return Err(bad());
                }
                let n = v[1..].bytes().take_while(u8::is_ascii_digit).count();
                let digits = format!("{:0<9}", &v[1..1 + n.min(9)]);
                nanos = digits.parse().unwrap_or(0);
                v = &v[1 + n..];
            }
            _ => return Err(bad()),
        }
        // A fraction of a second may follow seconds even when the layout does not name it.
        if matches!(chunk, "05" | "5") && v.starts_with('.') && !l.starts_with(['.', ',']) {
            let n = v[1..].bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 {
                nanos = format!("{:0<9}", &v[1..1 + n.min(9)]).parse().unwrap_or(0);
                v = &v[1 + n..];
            }
        }
    }
    if !v.is_empty() {
        return Err(format!("parsing time {}: extra text: {}", time_quote(value), time_quote(v)));
    }
    if let Some(pm) = pm {
        if hour > 12 {
            return Err(format!("parsing time {}: hour out of range", time_quote(value)));
        }
        if pm && hour < 12 {
            hour += 12;
        } else if !pm && hour == 12 {
            hour = 0;
        }
    }
    let range = |what: &str| format!("parsing time {}: {what} out of range", time_quote(value));
    if !(1..=12).contains(&month) {
        return Err(range("month"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let dim = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month as usize - 1];
    if day < 1 || day > dim {
        return Err(range("day"));
    }
    if hour > 23 {
        return Err(range("hour"));
    }
    if min > 59 {
        return Err(range("minute"));
    }
    if sec > 59 {
        return Err(range("second"));
    }
    Ok(GoTime { unix: days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec - offset, nanos })
}

/// Howard Hinnant's days-from-civil: days since 1970-01-01.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Go's zero `time.Time` (what `toDate` gives for text it cannot parse).
const ZERO_TIME: GoTime = GoTime { unix: -62_135_596_800, nanos: 0 };

pub fn to_date(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(time_value(parse_time(s(&a[0])?, s(&a[1])?).unwrap_or(ZERO_TIME)))
}

pub fn must_to_date(a: &[Value]) -> R {
    arity(a, 2)?;
    Ok(time_value(parse_time(s(&a[0])?, s(&a[1])?)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fractional_layout() {
        let t = parse_time("2006-01-02T15:04:05.000Z", "2024-01-02T03:04:05.250Z");
        assert!(t.is_ok(), "{:?}", t.err());
    }
}
