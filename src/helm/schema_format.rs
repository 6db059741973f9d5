//! The `format` keyword as Helm 4 checks it: santhosh-tekuri/jsonschema v6 `format.go` (one validator per
//! built-in format; an unknown name, `idn-hostname` and `idn-email` included, is not checked at all) and the Go
//! library calls those validators make, whose error texts end up in Helm's message: `net/netip.ParseAddr`,
//! `net/url.Parse`, `time.Parse("2006-01-02", …)`, `strconv.Atoi` and `regexp.Compile` (schema_format/regexp.rs).
//!
//! Go slices strings by byte, so the validators work on bytes where Go does (a cut may fall inside a character).
//! Values that are not strings pass every format.

mod regexp;

use super::gofmt::quote as go_quote;

/// The error of format `name` for the string `s`, None when it is valid or the format is not one v6 knows.
pub fn check(name: &str, s: &str) -> Option<String> {
    let r = match name {
        "json-pointer" => json_pointer(s),
        "relative-json-pointer" => relative_json_pointer(s),
        "uuid" => uuid(s),
        "duration" => duration(s.as_bytes()),
        "period" => period(s.as_bytes()),
        "ipv4" => ipv4(s),
        "ipv6" => ipv6(s),
        "hostname" => hostname(s),
        "email" => email(s),
        "date" => date(s.as_bytes()),
        "time" => time(s.as_bytes()),
        "date-time" => date_time(s.as_bytes()),
        "uri" | "iri" => uri(s),
        "uri-reference" | "iri-reference" => uri_reference(s),
        "uri-template" => uri_template(s),
        "semver" => semver(s),
        "regex" => regexp::compile_error(s),
        _ => Ok(()),
    };
    r.err()
}

type R = Result<(), String>;

/// Go's `%q` of a rune (or of a byte, which Go formats as the rune of that number).
fn quote_rune(c: char) -> String {
    let q = go_quote(&c.to_string());
    let inner = &q[1..q.len() - 1];
    format!(
        "'{}'",
        if inner == "\\\"" {
            "\""
        } else if inner == "'" {
            "\\'"
        } else {
            inner
        }
    )
}

// json-pointer, relative-json-pointer --

fn json_pointer(s: &str) -> R {
    if s.is_empty() {
        return Ok(());
    }
    if !s.starts_with('/') {
        return Err("not starting with /".into());
    }
    for tok in s.split('/').skip(1) {
        let mut escape = false;
        for ch in tok.chars() {
            if escape {
                escape = false;
                if ch != '0' && ch != '1' {
                    return Err("~ must be followed by 0 or 1".into());
                }
                continue;
            }
            if ch == '~' {
                escape = true;
                continue;
            }
            // Every other character is allowed: v6 lists the ranges around '/' and '~', which cannot occur here.
        }
        if escape {
            return Err("~ must be followed by 0 or 1".into());
        }
    }
    Ok(())
}

fn relative_json_pointer(s: &str) -> R {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return Err("must start with non-negative integer".into());
    }
    if digits > 1 && s.starts_with('0') {
        return Err("starts with zero".into());
    }
    let rest = &s[digits..];
    if rest == "#" {
        return Ok(());
    }
    json_pointer(rest)
}

// uuid --

fn uuid(s: &str) -> R {
    const LENS: [usize; 5] = [8, 4, 4, 4, 12];
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() != LENS.len() {
        return Err(format!("must have {} elements", LENS.len()));
    }
    for (i, g) in groups.iter().enumerate() {
        if g.len() != LENS[i] {
            return Err(format!("element {} must be {} characters long", i + 1, LENS[i]));
        }
        if let Some(c) = g.chars().find(|c| !c.is_ascii_hexdigit()) {
            return Err(format!("non-hex character {}", quote_rune(c)));
        }
    }
    Ok(())
}

// duration, period --

fn duration(s: &[u8]) -> R {
    let Some(s) = s.strip_prefix(b"P") else {
        return Err("must start with P".into());
    };
    if s.is_empty() {
        return Err("nothing after P".into());
    }
    if let Some(w) = s.strip_suffix(b"W") {
        if w.is_empty() {
            return Err("no number in week".into());
        }
        // Go ranges over runes; any non-ASCII byte is part of a non-digit rune.
        if !w.iter().all(u8::is_ascii_digit) {
            return Err("invalid week".into());
        }
        return Ok(());
    }
    const ALL: [&[u8]; 2] = [b"YMD", b"HMS"];
    for (i, part) in s.split(|&b| b == b'T').enumerate() {
        if i != 0 && part.is_empty() {
            return Err("no time elements".into());
        }
        if i >= ALL.len() {
            return Err("more than one T".into());
        }
        let mut units = ALL[i];
        let mut part = part;
        while !part.is_empty() {
            let digits = part.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err("missing number".into());
            }
            part = &part[digits..];
            let Some(&unit) = part.first() else {
                return Err("missing unit".into());
            };
            match units.iter().position(|&u| u == unit) {
                Some(j) => units = &units[j + 1..],
                None if ALL[i].contains(&unit) => {
                    return Err(format!("unit {} out of order", quote_rune(unit as char)))
                }
                None => return Err(format!("invalid unit {}", quote_rune(unit as char))),
            }
            part = &part[1..];
        }
    }
    Ok(())
}

fn period(s: &[u8]) -> R {
    let Some(slash) = s.iter().position(|&b| b == b'/') else {
        return Err("missing slash".into());
    };
    let (start, end) = (&s[..slash], &s[slash + 1..]);
    if start.starts_with(b"P") {
        duration(start).map_err(|e| format!("invalid start duration: {e}"))?;
        date_time(end).map_err(|e| format!("invalid end date-time: {e}"))
    } else {
        date_time(start).map_err(|e| format!("invalid start date-time: {e}"))?;
        if end.starts_with(b"P") {
            duration(end).map_err(|e| format!("invalid end duration: {e}"))
        } else {
            date_time(end).map_err(|e| format!("invalid end date-time: {e}"))
        }
    }
}

// ipv4, ipv6 --

/// `strconv.Atoi`, with its `*NumError` text.
fn atoi(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(s));
    let range = || format!("strconv.Atoi: parsing {}: value out of range", go_quote(s));
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() {
        return Err(syntax());
    }
    // ParseUint stops at the first non-digit or as soon as the value overflows, whichever comes first.
    let mut n: u64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return Err(syntax());
        }
        n = match n.checked_mul(10).and_then(|n| n.checked_add((b - b'0') as u64)) {
            Some(n) => n,
            None => return Err(range()),
        };
    }
    let limit = if neg { 1u64 << 63 } else { (1u64 << 63) - 1 };
    if n > limit {
        return Err(range());
    }
    Ok(if neg { (n as i128).wrapping_neg() as i64 } else { n as i64 })
}

fn ipv4(s: &str) -> R {
    let groups: Vec<&str> = s.split('.').collect();
    if groups.len() != 4 {
        return Err("expected four decimals".into());
    }
    for g in groups {
        if g.len() > 1 && g.starts_with('0') {
            return Err("leading zeros".into());
        }
        let n = atoi(g)?;
        if !(0..=255).contains(&n) {
            return Err("decimal must be between 0 and 255".into());
        }
    }
    Ok(())
}

fn ipv6(s: &str) -> R {
    if !s.contains(':') {
        return Err("missing colon".into());
    }
    if parse_addr(s.as_bytes())? {
        return Err("zone id is not a part of ipv6 address".into());
    }
    Ok(())
}

/// `netip.ParseAddr`'s error (`ParseAddr("…"): reason (at "…")`), or whether a valid address has an IPv6 zone.
/// Bytes, not text: a URL's host reaches it %-decoded, possibly as invalid UTF-8 that Go quotes as `\xNN`.
fn parse_addr(s: &[u8]) -> Result<bool, String> {
    let fail = |msg: &str, at: &[u8]| {
        let at = if at.is_empty() { String::new() } else { format!(" (at {})", go_quote_bytes(at)) };
        format!("ParseAddr({}): {msg}{at}", go_quote_bytes(s))
    };
    for &b in s {
        match b {
            b'.' => return parse_ipv4_fields(s).map(|_| false).map_err(|(m, at)| fail(m, at)),
            b':' => return parse_ipv6(s).map_err(|(m, at)| fail(m, at)),
            b'%' => return Err(fail("missing IPv6 address", b"")),
            _ => {}
        }
    }
    Err(fail("unable to parse IP", b""))
}

type AddrErr<'a> = (&'static str, &'a [u8]);

/// `parseIPv4Fields` over `part` (the address, or its end after an IPv6 prefix).
fn parse_ipv4_fields(part: &[u8]) -> Result<(), AddrErr<'_>> {
    let b = part;
    let (mut val, mut pos, mut dig_len) = (0u32, 0, 0);
    for i in 0..b.len() {
        if b[i].is_ascii_digit() {
            if dig_len == 1 && val == 0 {
                return Err(("IPv4 field has octet with leading zero", b""));
            }
            val = val * 10 + (b[i] - b'0') as u32;
            dig_len += 1;
            if val > 255 {
                return Err(("IPv4 field has value >255", b""));
            }
        } else if b[i] == b'.' {
            if i == 0 || i == b.len() - 1 || b[i - 1] == b'.' {
                return Err(("IPv4 field must have at least one digit", &part[i..]));
            }
            if pos == 3 {
                return Err(("IPv4 address too long", b""));
            }
            pos += 1;
            val = 0;
            dig_len = 0;
        } else {
            return Err(("unexpected character", &part[i..]));
        }
    }
    if pos < 3 {
        return Err(("IPv4 address too short", b""));
    }
    Ok(())
}

fn parse_ipv6(input: &[u8]) -> Result<bool, AddrErr<'_>> {
    let (mut s, zone): (&[u8], &[u8]) = match input.iter().position(|&b| b == b'%') {
        Some(i) => {
            if i + 1 == input.len() {
                return Err(("zone must be a non-empty string", b""));
            }
            (&input[..i], &input[i + 1..])
        }
        None => (input, b""),
    };
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Ok(!zone.is_empty());
        }
    }
    let mut i = 0;
    while i < 16 {
        let b = s;
        let (mut off, mut acc) = (0, 0u32);
        while off < b.len() {
            let Some(d) = (b[off] as char).to_digit(16) else { break };
            acc = (acc << 4) + d;
            if off > 3 {
                return Err(("each group must have 4 or less digits", s));
            }
            if acc > 0xffff {
                return Err(("IPv6 field has value >=2^16", s));
            }
            off += 1;
        }
        if off == 0 {
            return Err(("each colon-separated field must have at least one digit", s));
        }
        if off < b.len() && b[off] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return Err(("embedded IPv4 address must replace the final 2 fields of the address", s));
            }
            if i + 4 > 16 {
                return Err(("too many hex fields to fit an embedded IPv4 at the end of the address", s));
            }
            parse_ipv4_fields(s)?;
            s = b"";
            i += 4;
            break;
        }
        i += 2;
        s = &s[off..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(b":") {
            return Err(("unexpected character, want colon", s));
        } else if s.len() == 1 {
            return Err(("colon must be followed by more characters", s));
        }
        s = &s[1..];
        if s.starts_with(b":") {
            if ellipsis.is_some() {
                return Err(("multiple :: in address", s));
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return Err(("trailing garbage after address", s));
    }
    if i < 16 {
        if ellipsis.is_none() {
            return Err(("address string too short", b""));
        }
    } else if ellipsis.is_some() {
        return Err(("the :: must expand to at least one field of zeros", b""));
    }
    Ok(!zone.is_empty())
}

// hostname, email --

fn hostname(s: &str) -> R {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return Err("more than 253 characters long".into());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Err("label must be 1 to 63 characters long".into());
        }
        if label.starts_with('-') {
            return Err("label starts with hyphen".into());
        }
        if label.ends_with('-') {
            return Err("label ends with hyphen".into());
        }
        if let Some(c) = label.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '-') {
            return Err(format!("invalid character {}", quote_rune(c)));
        }
    }
    Ok(())
}

fn email(s: &str) -> R {
    // The limit checked is 254 though the message says 255, as in v6.
    if s.len() > 254 {
        return Err("more than 255 characters long".into());
    }
    let Some(at) = s.rfind('@') else {
        return Err("missing @".into());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.len() > 64 {
        return Err("local part more than 64 characters long".into());
    }
    // v6.0.1 tested the opening quote twice; the v6.0.3 Helm 4.3.1 links wants both quotes (real Helm: `"a@c`
    // is an invalid character, not a quoted local part).
    if local.len() > 1 && local.starts_with('"') && local.ends_with('"') {
        let inner = &local.as_bytes()[1..local.len() - 1];
        if inner.contains(&b'\\') || inner.contains(&b'"') {
            return Err("backslash and quote are not allowed within quoted local part".into());
        }
    } else {
        if local.starts_with('.') {
            return Err("starts with dot".into());
        }
        if local.ends_with('.') {
            return Err("ends with dot".into());
        }
        if local.contains("..") {
            return Err("consecutive dots".into());
        }
        if let Some(c) = local.chars().find(|c| !c.is_ascii_alphanumeric() && !".!#$%&'*+-/=?^_`{|}~".contains(*c)) {
            return Err(format!("invalid character {}", quote_rune(c)));
        }
    }
    if let Some(ip) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        if let Some(rem) = ip.strip_prefix("IPv6:") {
            return ipv6(rem).map_err(|e| format!("invalid ipv6 address: {e}"));
        }
        return ipv4(ip).map_err(|e| format!("invalid ipv4 address: {e}"));
    }
    hostname(domain).map_err(|e| format!("invalid domain: {e}"))
}

// date, time, date-time --

/// `time.quote`: every byte outside printable ASCII as `\xNN`.
fn time_quote(s: &[u8]) -> String {
    let mut out = String::from("\"");
    for &b in s {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7f => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02x}")),
        }
    }
    out.push('"');
    out
}

fn leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// `time.Parse("2006-01-02", s)`: the layout's three fields, then the day against its month.
fn date(value: &[u8]) -> R {
    const LAYOUT: &str = "2006-01-02";
    let cannot = |elem: &[u8], layout_elem: &str| {
        format!(
            "parsing time {} as \"{LAYOUT}\": cannot parse {} as \"{layout_elem}\"",
            time_quote(value),
            time_quote(elem)
        )
    };
    let message = |m: &str| format!("parsing time {}{m}", time_quote(value));
    let digit = |s: &[u8], i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    // Two fixed digits (`getnum(s, true)`).
    let two =
        |s: &[u8]| -> Option<i64> { (digit(s, 0) && digit(s, 1)).then(|| ((s[0] - b'0') * 10 + (s[1] - b'0')) as i64) };
    let mut v = value;
    // 2006: four bytes starting with a digit, read by time's atoi (which takes a sign, never first here).
    if v.len() < 4 || !digit(v, 0) || !v[1..4].iter().all(u8::is_ascii_digit) {
        return Err(cannot(v, "2006"));
    }
    let year = std::str::from_utf8(&v[..4]).ok().and_then(|y| y.parse::<i64>().ok()).unwrap_or(0);
    v = &v[4..];
    v = v.strip_prefix(b"-").ok_or_else(|| cannot(v, "-"))?;
    let Some(month) = two(v) else { return Err(cannot(v, "01")) };
    v = &v[2..];
    if !(1..=12).contains(&month) {
        return Err(message(": month out of range"));
    }
    v = v.strip_prefix(b"-").ok_or_else(|| cannot(v, "-"))?;
    let Some(day) = two(v) else { return Err(cannot(v, "02")) };
    v = &v[2..];
    if !v.is_empty() {
        return Err(message(&format!(": extra text: {}", time_quote(v))));
    }
    let days = match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day < 1 || day > days {
        return Err(message(": day out of range"));
    }
    Ok(())
}

/// `strconv.Atoi` of a short token, as a number or nothing (the callers drop Go's error text).
fn small_atoi(tok: &[u8]) -> Option<i64> {
    atoi(std::str::from_utf8(tok).ok()?).ok()
}

fn time(s: &[u8]) -> R {
    if s.len() < 9 {
        return Err("less than 9 characters long".into());
    }
    if s[2] != b':' || s[5] != b':' {
        return Err("missing colon in correct place".into());
    }
    let mut hms = [0i64; 3];
    for (i, tok) in [&s[0..2], &s[3..5], &s[6..8]].iter().enumerate() {
        let Some(n) = small_atoi(tok) else {
            return Err("invalid hour/min/sec".into());
        };
        if n < 0 {
            return Err("non-positive hour/min/sec".into());
        }
        hms[i] = n;
    }
    let [mut h, mut m, sec] = hms;
    if h > 23 || m > 59 || sec > 60 {
        return Err("hour/min/sec out of range".into());
    }
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix(b".") {
        let digits = frac.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err("no digits in second fraction".into());
        }
        rest = &frac[digits..];
    }
    if rest != b"z" && rest != b"Z" {
        if rest.len() != 6 {
            return Err("offset must be 6 characters long".into());
        }
        let sign = match rest[0] {
            b'+' => -1,
            b'-' => 1,
            _ => return Err("offset must begin with plus/minus".into()),
        };
        let off = &rest[1..];
        if off[2] != b':' {
            return Err("missing colon in offset in correct place".into());
        }
        let mut zhm = [0i64; 2];
        for (i, tok) in [&off[0..2], &off[3..5]].iter().enumerate() {
            let Some(n) = small_atoi(tok) else {
                return Err("invalid hour/min in offset".into());
            };
            if n < 0 {
                return Err("non-positive hour/min in offset".into());
            }
            zhm[i] = n;
        }
        if zhm[0] > 23 || zhm[1] > 59 {
            return Err("hour/min in offset out of range".into());
        }
        let mut hm = (h * 60 + m) + sign * (zhm[0] * 60 + zhm[1]);
        if hm < 0 {
            hm += 24 * 60;
        }
        (h, m) = (hm / 60, hm % 60);
    }
    if sec >= 60 && (h != 23 || m != 59) {
        return Err("invalid leap second".into());
    }
    Ok(())
}

fn date_time(s: &[u8]) -> R {
    if s.len() < 20 {
        return Err("less than 20 characters long".into());
    }
    if s[10] != b't' && s[10] != b'T' {
        return Err("11th character must be t or T".into());
    }
    date(&s[..10]).map_err(|e| format!("invalid date element: {e}"))?;
    time(&s[11..]).map_err(|e| format!("invalid time element: {e}"))
}

// uri, uri-reference, iri, iri-reference, uri-template --

#[derive(Clone, Copy, PartialEq)]
enum Enc {
    Path,
    PathSegment,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// net/url `shouldEscape`.
fn should_escape(c: u8, mode: Enc) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if (mode == Enc::Host || mode == Enc::Zone) && b"!$&'()*+,;=:[]<>\"".contains(&c) {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => {
            return match mode {
                Enc::Path => c == b'?',
                Enc::PathSegment => matches!(c, b'/' | b';' | b',' | b'?'),
                Enc::UserPassword => matches!(c, b'@' | b'/' | b'?' | b':'),
                Enc::Fragment => false,
                Enc::Host | Enc::Zone => true,
            }
        }
        _ => {}
    }
    !(mode == Enc::Fragment && matches!(c, b'!' | b'(' | b')' | b'*'))
}

/// `strconv.Quote` of bytes that may end inside a character (Go cuts `%` escapes by byte): `\xNN` for each
/// byte that is not part of a whole UTF-8 character.
fn go_quote_bytes(b: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in b.utf8_chunks() {
        let q = go_quote(chunk.valid());
        out.push_str(&q[1..q.len() - 1]);
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02x}"));
        }
    }
    out.push('"');
    out
}

/// net/url `unescape`: the decoded bytes or its error text.
fn unescape(s: &str, mode: Enc) -> Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let escape_err = |e: &[u8]| format!("invalid URL escape {}", go_quote_bytes(e));
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if i + 2 >= b.len() || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit() {
                    return Err(escape_err(&b[i..(i + 3).min(b.len())]));
                }
                let v = u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap_or(0);
                if mode == Enc::Host && v < 0x80 && &s[i..i + 3] != "%25" {
                    return Err(escape_err(&b[i..i + 3]));
                }
                if mode == Enc::Zone && &s[i..i + 3] != "%25" && v != b' ' && should_escape(v, Enc::Host) {
                    return Err(escape_err(&b[i..i + 3]));
                }
                out.push(v);
                i += 3;
            }
            c => {
                if (mode == Enc::Host || mode == Enc::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!("invalid character {} in host name", go_quote(&(c as char).to_string())));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn escape(s: &[u8], mode: Enc) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &c in s {
        if should_escape(c, mode) {
            out.extend_from_slice(format!("%{c:02X}").as_bytes());
        } else {
            out.push(c);
        }
    }
    out
}

fn valid_optional_port(port: &str) -> bool {
    port.is_empty() || port.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|r| r.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(r))
}

struct Url {
    scheme: String,
    host: String,
    raw_path: String,
}

/// `parseHost`, as of the Go Helm 4.3.1 is built with (bracketed hosts must be IPv6 addresses).
fn parse_host(scheme: &str, host: &str) -> Result<String, String> {
    match host.rfind('[') {
        Some(i) if i > 0 => Err("invalid IP-literal".into()),
        Some(_) => {
            let Some(close) = host.rfind(']') else {
                return Err("missing ']' in host".into());
            };
            let colon_port = &host[close + 1..];
            if !valid_optional_port(colon_port) {
                return Err(format!("invalid port {} after host", go_quote(colon_port)));
            }
            let port = unescape(colon_port, Enc::Host)?;
            let hostname = &host[1..close];
            let unescaped = match hostname.find("%25") {
                Some(z) => {
                    let mut h = unescape(&hostname[..z], Enc::Host)?;
                    h.extend(unescape(&hostname[z..], Enc::Zone)?);
                    h
                }
                None => unescape(hostname, Enc::Host)?,
            };
            match parse_addr(&unescaped) {
                Err(e) => return Err(format!("invalid host: {e}")),
                Ok(_) if !unescaped.contains(&b':') => return Err("invalid IP-literal".into()),
                Ok(_) => {}
            }
            Ok(format!("[{}]{}", String::from_utf8_lossy(&unescaped), String::from_utf8_lossy(&port)))
        }
        None => {
            if let Some(mut i) = host.find(':') {
                // Only http and https insist that a host has no second colon (go.dev/issue/75223).
                let last = host.rfind(':').unwrap_or(i);
                if last != i && scheme != "http" && scheme != "https" {
                    i = last;
                }
                let colon_port = &host[i..];
                if !valid_optional_port(colon_port) {
                    return Err(format!("invalid port {} after host", go_quote(colon_port)));
                }
            }
            Ok(String::from_utf8_lossy(&unescape(host, Enc::Host)?).into_owned())
        }
    }
}

/// net/url `parse` (viaRequest false): what the format validators read of the URL, or the error's reason.
fn parse_no_frag(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".into());
    }
    let mut url = Url { scheme: String::new(), host: String::new(), raw_path: String::new() };
    if raw == "*" {
        return Ok(url);
    }
    // getScheme
    let mut rest = raw;
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' if i > 0 => {}
            b':' if i == 0 => return Err("missing protocol scheme".into()),
            b':' => {
                url.scheme = raw[..i].to_ascii_lowercase();
                rest = &raw[i + 1..];
                break;
            }
            _ => break,
        }
    }
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        rest = &rest[..rest.len() - 1];
    } else if let Some(q) = rest.find('?') {
        rest = &rest[..q];
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            return Ok(url);
        }
        if rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return Err("first path segment in URL cannot contain colon".into());
        }
    }
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let authority = &rest[2..];
        let (authority, path) = match authority.find('/') {
            Some(i) => (&authority[..i], &authority[i..]),
            None => (authority, ""),
        };
        rest = path;
        let at = authority.rfind('@');
        url.host = parse_host(&url.scheme, at.map_or(authority, |i| &authority[i + 1..]))?;
        if let Some(i) = at {
            let userinfo = &authority[..i];
            if !valid_userinfo(userinfo) {
                return Err("net/url: invalid userinfo".into());
            }
            let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            unescape(user, Enc::UserPassword)?;
            unescape(pass, Enc::UserPassword)?;
        }
    }
    // setPath: RawPath is kept only when the default escaping of the decoded path differs from it.
    let path = unescape(rest, Enc::Path)?;
    if escape(&path, Enc::Path) != rest.as_bytes() {
        url.raw_path = rest.to_string();
    }
    Ok(url)
}

/// `url.Parse` with its `parse "…": reason` error.
fn url_parse(raw: &str) -> Result<Url, String> {
    let (u, frag) = raw.split_once('#').unwrap_or((raw, ""));
    let url = parse_no_frag(u).map_err(|e| format!("parse {}: {e}", go_quote(u)))?;
    if !frag.is_empty() {
        unescape(frag, Enc::Fragment).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
    }
    Ok(url)
}

/// `parseURL` of format.go: url.Parse plus a check of an IPv6 host, which Go's parser leaves to its caller.
fn parse_url(s: &str) -> Result<Url, String> {
    let u = url_parse(s)?;
    // URL.Hostname: the host without a valid port and without brackets.
    let mut host = u.host.as_str();
    if let Some(colon) = host.rfind(':') {
        if valid_optional_port(&host[colon..]) {
            host = &host[..colon];
        }
    }
    if let Some(h) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        host = h;
    }
    if host.contains(':') {
        if !u.host.contains('[') || !u.host.contains(']') {
            return Err("ipv6 address not enclosed in brackets".into());
        }
        ipv6(host).map_err(|e| format!("invalid ipv6 address: {e}"))?;
    }
    Ok(u)
}

fn uri(s: &str) -> R {
    if parse_url(s)?.scheme.is_empty() {
        return Err("relative url".into());
    }
    Ok(())
}

fn uri_reference(s: &str) -> R {
    if s.contains('\\') {
        return Err("contains \\".into());
    }
    parse_url(s).map(|_| ())
}

fn uri_template(s: &str) -> R {
    let u = parse_url(s)?;
    for tok in u.raw_path.split('/') {
        let tok = unescape(tok, Enc::PathSegment).map_err(|e| format!("percent decode failed: {e}"))?;
        let mut want = true;
        for &c in &tok {
            let got = match c {
                b'{' => true,
                b'}' => false,
                _ => continue,
            };
            if got != want {
                return Err("nested curly braces".into());
            }
            want = !want;
        }
        if !want {
            return Err("no matching closing brace".into());
        }
    }
    Ok(())
}

// semver --

fn semver(s: &str) -> R {
    let mut s = s;
    if let Some(i) = s.find('+') {
        let build = &s[i + 1..];
        if build.is_empty() {
            return Err("build is empty".into());
        }
        for id in build.split('.') {
            if id.is_empty() {
                return Err("build identifier is empty".into());
            }
            if let Some(c) = id.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '-') {
                return Err(format!("invalid character {} in build identifier", quote_rune(c)));
            }
        }
        s = &s[..i];
    }
    if let Some(i) = s.find('-') {
        for id in s[i + 1..].split('.') {
            if id.is_empty() {
                return Err("pre-release identifier is empty".into());
            }
            if let Some(c) = id.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '-') {
                return Err(format!("invalid character {} in pre-release identifier", quote_rune(c)));
            }
            if id.bytes().all(|b| b.is_ascii_digit()) && id.len() > 1 && id.starts_with('0') {
                return Err("pre-release numeric identifier starts with zero".into());
            }
        }
        s = &s[..i];
    }
    let versions: Vec<&str> = s.split('.').collect();
    if versions.len() != 3 {
        return Err("versionCore must have 3 numbers separated by dot".into());
    }
    for (v, name) in versions.iter().zip(["major", "minor", "patch"]) {
        if v.is_empty() {
            return Err(format!("{name} is empty"));
        }
        if v.len() > 1 && v.starts_with('0') {
            return Err(format!("{name} starts with zero"));
        }
        if !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{name} contains non-digit"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// Bad input never panics: every format over strings built from the characters the validators slice at,
    /// multi-byte ones included (Go cuts by byte, Rust would panic at a cut inside a character).
    #[test]
    fn no_input_panics() {
        const FORMATS: [&str; 22] = [
            "json-pointer",
            "relative-json-pointer",
            "uuid",
            "duration",
            "period",
            "ipv4",
            "ipv6",
            "hostname",
            "email",
            "date",
            "time",
            "date-time",
            "uri",
            "iri",
            "uri-reference",
            "iri-reference",
            "uri-template",
            "semver",
            "regex",
            "idn-email",
            "idn-hostname",
            "unknown",
        ];
        let alphabet: Vec<char> = "0129aAfFzZ:./-+%@[]{}()\\?*|^$#TtWPé€𝄞~_,<> \t\n'\"".chars().collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Valid values mutated in a few places reach the validators' later steps; random strings the early ones.
        let samples = [
            "2024-01-01T12:00:00.5+01:00/P1Y2M3DT4H5M6S",
            "http://u:p@[fe80::1%25en0]:80/{a}/b?q#f",
            "::ffff:1.2.3.4",
            "\"a\"@[IPv6:::1]",
            "1.2.3-a.1+b.2",
            "(?P<n>a{2,3})[\\d\\p{Greek}[:alpha:]]|\\x{41}",
            "0/a~0b",
        ];
        for i in 0..20_000 {
            let mut chars: Vec<char> = if i % 2 == 0 {
                samples[(next() % samples.len() as u64) as usize].chars().collect()
            } else {
                (0..next() % 28).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect()
            };
            for _ in 0..next() % 4 {
                if !chars.is_empty() {
                    let at = (next() % chars.len() as u64) as usize;
                    chars[at] = alphabet[(next() % alphabet.len() as u64) as usize];
                }
            }
            let s: String = chars.into_iter().collect();
            for f in FORMATS {
                let _ = super::check(f, &s);
            }
        }
    }
}
