//! Go's `fmt` package over template values: what `printf`, `print`, `println`, Sprig's `toString`, `cat` and
//! `join` print. Go's rules decide the text: `%v` of a float64 uses `%g` with the shortest representation
//! (`1e+06`), a map prints `map[a:1 b:2]`, a wrong verb prints `%!d(float64=80)`.
//! Mirrors go/src/fmt/print.go (argument dispatch, bad verbs) and format.go (padding, numbers), and
//! strconv's float formatting ('e', 'f', 'g' with Go's choice between them).

use super::value::Value;
use std::fmt::Write;

/// `fmt.Sprint(args...)`: spaces between operands when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Value::Str(_)) && !matches!(args[i - 1], Value::Str(_)) {
            out.push(' ');
        }
        out.push_str(&format_v(a));
    }
    out
}

/// `fmt.Sprintln(args...)`: always spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut s = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(&format_v(a));
    }
    s.push('\n');
    s
}

/// `%v` of one value (what `{{ . }}` and `fmt.Sprint` print).
pub fn format_v(v: &Value) -> String {
    let mut out = String::new();
    print_value(&mut out, v, 'v', &Flags::default(), 0);
    out
}

/// Go's `strconv.Quote`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        escape_rune(&mut out, c, '"', false);
    }
    out.push('"');
    out
}

/// Go's `%#U`: `U+0041 'A'`.
pub fn unicode_u(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Go's `unicode.IsPrint`, closely enough: graphic characters and the ASCII space.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    // Format characters (category Cf) and unassigned/private ones Go rejects.
    !matches!(c as u32, 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF | 0xFFFE | 0xFFFF)
}

fn escape_rune(out: &mut String, c: char, quote: char, ascii: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if ascii {
        if (c as u32) < 0x80 && is_print(c) {
            out.push(c);
            return;
        }
    } else if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\x07' => out.push_str("\\a"),
        '\x08' => out.push_str("\\b"),
        '\x0c' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\x0b' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c if (c as u32) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\U{:08x}", c as u32);
        }
    }
}

#[derive(Default, Clone)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    wid: Option<usize>,
    prec: Option<usize>,
    /// `%#v`: Go syntax (`[]interface {}{1, "a"}`).
    sharp_v: bool,
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::with_capacity(format.len() + 8 * args.len());
    let b = format.as_bytes();
    let mut i = 0;
    let mut argn = 0;
    let mut reordered = false;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i] != b'%' {
            i += 1;
        }
        out.push_str(&format[start..i]);
        if i >= b.len() {
            break;
        }
        i += 1; // '%'
        let mut fl = Flags::default();
        while i < b.len() {
            match b[i] {
                b'#' => fl.sharp = true,
                b'0' => fl.zero = true,
                b'+' => fl.plus = true,
                b'-' => fl.minus = true,
                b' ' => fl.space = true,
                _ => break,
            }
            i += 1;
        }
        // Argument index, width.
        let mut good_argnum = true;
        if let Some((n, ni, ok)) = arg_index(b, i, args.len()) {
            i = ni;
            reordered = true;
            if ok {
                argn = n;
            } else {
                good_argnum = false;
            }
        }
        if i < b.len() && b[i] == b'*' {
            i += 1;
            match int_from_arg(args, &mut argn) {
                Some(w) => {
                    if w < 0 {
                        fl.minus = true;
                        fl.wid = Some(w.unsigned_abs() as usize);
                    } else {
                        fl.wid = Some(w as usize);
                    }
                }
                None => out.push_str("%!(BADWIDTH)"),
            }
        } else {
            let (n, ni) = parse_num(b, i);
            if ni > i {
                fl.wid = n;
                i = ni;
            }
        }
        if i < b.len() && b[i] == b'.' {
            i += 1;
            if let Some((n, ni, ok)) = arg_index(b, i, args.len()) {
                i = ni;
                reordered = true;
                if ok {
                    argn = n;
                } else {
                    good_argnum = false;
                }
            }
            if i < b.len() && b[i] == b'*' {
                i += 1;
                match int_from_arg(args, &mut argn) {
                    Some(p) if p >= 0 => fl.prec = Some(p as usize),
                    Some(_) => fl.prec = None,
                    None => out.push_str("%!(BADPREC)"),
                }
            } else {
                let (n, ni) = parse_num(b, i);
                fl.prec = Some(n.unwrap_or(0));
                i = ni;
            }
        }
        if let Some((n, ni, ok)) = arg_index(b, i, args.len()) {
            i = ni;
            reordered = true;
            if ok {
                argn = n;
            } else {
                good_argnum = false;
            }
        }
        if i >= b.len() {
            out.push_str("%!(NOVERB)");
            break;
        }
        let verb = format[i..].chars().next().unwrap_or('%');
        i += verb.len_utf8();
        if fl.minus {
            fl.zero = false;
        }
        if verb == 'v' {
            // %#v is Go syntax; %+v only matters for structs, so neither flag reaches the number formats.
            fl.sharp_v = fl.sharp;
            fl.sharp = false;
            fl.plus = false;
        }
        match verb {
            '%' => out.push('%'),
            _ if !good_argnum => {
                let _ = write!(out, "%!{verb}(BADINDEX)");
            }
            _ if argn >= args.len() => {
                let _ = write!(out, "%!{verb}(MISSING)");
            }
            _ => {
                print_arg(&mut out, &args[argn], verb, &fl);
                argn += 1;
            }
        }
    }
    if !reordered && argn < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[argn..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            match a {
                Value::Nil => out.push_str("<nil>"),
                a => {
                    out.push_str(&a.type_name());
                    out.push('=');
                    print_arg(&mut out, a, 'v', &Flags::default());
                }
            }
        }
        out.push(')');
    }
    out
}

fn parse_num(b: &[u8], mut i: usize) -> (Option<usize>, usize) {
    let start = i;
    let mut n: usize = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        n = n.saturating_mul(10).saturating_add((b[i] - b'0') as usize);
        if n > 1_000_000 {
            return (None, i);
        }
        i += 1;
    }
    if i == start {
        (None, i)
    } else {
        (Some(n), i)
    }
}

/// `[n]` explicit argument index: (index, next position, ok).
fn arg_index(b: &[u8], i: usize, nargs: usize) -> Option<(usize, usize, bool)> {
    if i >= b.len() || b[i] != b'[' {
        return None;
    }
    let mut j = i + 1;
    while j < b.len() && b[j] != b']' {
        j += 1;
    }
    if j >= b.len() {
        return Some((0, b.len(), false));
    }
    let s = std::str::from_utf8(&b[i + 1..j]).unwrap_or("");
    match s.parse::<usize>() {
        Ok(n) if n >= 1 && n <= nargs => Some((n - 1, j + 1, true)),
        _ => Some((0, j + 1, false)),
    }
}

fn int_from_arg(args: &[Value], argn: &mut usize) -> Option<i64> {
    let a = args.get(*argn)?;
    *argn += 1;
    match a {
        Value::Int(i) | Value::Int64(i) if i.unsigned_abs() <= 1_000_000 => Some(*i),
        _ => None,
    }
}

fn pad(out: &mut String, s: &str, fl: &Flags) {
    let Some(wid) = fl.wid else {
        out.push_str(s);
        return;
    };
    let n = s.chars().count();
    if n >= wid {
        out.push_str(s);
        return;
    }
    let padc = if fl.zero && !fl.minus { '0' } else { ' ' };
    if fl.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', wid - n));
    } else {
        out.extend(std::iter::repeat_n(padc, wid - n));
        out.push_str(s);
    }
}

fn bad_verb(out: &mut String, v: &Value, verb: char, fl: &Flags) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    match v {
        Value::Nil => out.push_str("<nil>"),
        v => {
            out.push_str(&v.type_name());
            out.push('=');
            print_arg(out, v, 'v', fl);
        }
    }
    out.push(')');
}

fn print_arg(out: &mut String, v: &Value, verb: char, fl: &Flags) {
    if verb == 'T' {
        pad(out, &v.type_name(), fl);
        return;
    }
    match v {
        Value::Nil => {
            if verb == 'v' {
                pad(out, "<nil>", fl);
            } else {
                bad_verb(out, v, verb, fl);
            }
        }
        _ => print_value(out, v, verb, fl, 0),
    }
}

/// Nesting beyond which a value prints as `...`: maps are shared and mutable (`set`), so a map can contain
/// itself, which Go would print until its stack overflows.
const MAX_PRINT_DEPTH: usize = 200;
/// Output beyond which printing a collection stops (shared structure can be exponentially large); the
/// engine's own output bound then reports the error.
const MAX_PRINT_BYTES: usize = (16 << 20) + 64;

fn print_value(out: &mut String, v: &Value, verb: char, fl: &Flags, depth: usize) {
    if depth > MAX_PRINT_DEPTH {
        out.push_str("...");
        return;
    }
    if fl.sharp_v {
        return print_go_syntax(out, v, fl, depth);
    }
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, fl),
            _ => bad_verb(out, v, verb, fl),
        },
        Value::Int(i) | Value::Int64(i) => fmt_integer_verb(out, v, *i, verb, fl),
        Value::Float(f) => match verb {
            'v' => fmt_float(out, *f, 'g', None, fl),
            'g' | 'G' | 'e' | 'E' | 'f' | 'F' | 'b' | 'x' | 'X' => {
                let prec = match verb {
                    'e' | 'E' | 'f' | 'F' => Some(6),
                    _ => None,
                };
                fmt_float(out, *f, verb, prec, fl)
            }
            _ => bad_verb(out, v, verb, fl),
        },
        Value::Str(s) => match verb {
            'v' | 's' => fmt_s(out, s, fl),
            'q' => fmt_q(out, s, fl),
            'x' | 'X' => fmt_sx(out, s, verb == 'X', fl),
            _ => bad_verb(out, v, verb, fl),
        },
        Value::List(_, l) => {
            out.push('[');
            for (i, e) in l.iter().enumerate() {
                if out.len() > MAX_PRINT_BYTES {
                    break;
                }
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, e, verb, fl, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, e)) in m.borrow().iter().enumerate() {
                if out.len() > MAX_PRINT_BYTES {
                    break;
                }
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, &Value::str(k.as_str()), verb, fl, depth);
                out.push(':');
                print_value(out, e, verb, fl, depth + 1);
            }
            out.push(']');
        }
        Value::Object(o) => match verb {
            'v' | 's' => pad(out, &o.format_v(), fl),
            _ => bad_verb(out, v, verb, fl),
        },
    }
}

fn fmt_s(out: &mut String, s: &str, fl: &Flags) {
    match fl.prec {
        Some(p) => {
            let t: String = s.chars().take(p).collect();
            pad(out, &t, fl)
        }
        None => pad(out, s, fl),
    }
}

fn fmt_q(out: &mut String, s: &str, fl: &Flags) {
    let s: String = match fl.prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    };
    if fl.sharp && !s.contains('`') && s.chars().all(|c| c == '\t' || (is_print(c) && c != '\u{FEFF}')) {
        pad(out, &format!("`{s}`"), fl);
        return;
    }
    let mut q = String::from("\"");
    for c in s.chars() {
        escape_rune(&mut q, c, '"', fl.plus);
    }
    q.push('"');
    pad(out, &q, fl)
}

fn fmt_sx(out: &mut String, s: &str, upper: bool, fl: &Flags) {
    let bytes = s.as_bytes();
    let n = fl.prec.map_or(bytes.len(), |p| p.min(bytes.len()));
    let mut t = String::new();
    for (i, b) in bytes[..n].iter().enumerate() {
        if fl.space && i > 0 {
            t.push(' ');
        }
        if fl.sharp && (fl.space || i == 0) {
            t.push_str(if upper { "0X" } else { "0x" });
        }
        if upper {
            let _ = write!(t, "{b:02X}");
        } else {
            let _ = write!(t, "{b:02x}");
        }
    }
    pad(out, &t, fl)
}

fn fmt_integer_verb(out: &mut String, v: &Value, i: i64, verb: char, fl: &Flags) {
    match verb {
        'v' | 'd' => fmt_integer(out, i, 10, false, verb, fl),
        'b' => fmt_integer(out, i, 2, false, verb, fl),
        'o' | 'O' => fmt_integer(out, i, 8, false, verb, fl),
        'x' => fmt_integer(out, i, 16, false, verb, fl),
        'X' => fmt_integer(out, i, 16, true, verb, fl),
        'c' => {
            let c = u32::try_from(i).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            pad(out, &c.to_string(), fl)
        }
        'q' => {
            let c = u32::try_from(i).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
            let mut q = String::from("'");
            escape_rune(&mut q, c, '\'', fl.plus);
            q.push('\'');
            pad(out, &q, fl)
        }
        'U' => {
            let mut s = format!("U+{:04X}", i);
            if fl.sharp {
                if let Some(c) = u32::try_from(i).ok().and_then(char::from_u32).filter(|&c| is_print(c)) {
                    let _ = write!(s, " '{c}'");
                }
            }
            pad(out, &s, fl)
        }
        _ => bad_verb(out, v, verb, fl),
    }
}

/// Go's `fmt.fmtInteger`.
fn fmt_integer(out: &mut String, i: i64, base: u32, upper: bool, verb: char, fl: &Flags) {
    let negative = i < 0;
    let u = i.unsigned_abs();
    let mut prec = 0usize;
    if let Some(p) = fl.prec {
        prec = p;
        if p == 0 && u == 0 {
            let f2 = Flags { zero: false, ..fl.clone() };
            pad(out, "", &f2);
            return;
        }
    } else if fl.zero && !fl.minus {
        if let Some(w) = fl.wid {
            prec = w;
            if negative || fl.plus || fl.space {
                prec = prec.saturating_sub(1);
            }
        }
    }
    let mut digits = match base {
        2 => format!("{u:b}"),
        8 => format!("{u:o}"),
        16 if upper => format!("{u:X}"),
        16 => format!("{u:x}"),
        _ => u.to_string(),
    };
    if digits.len() < prec {
        digits = "0".repeat(prec - digits.len()) + &digits;
    }
    let mut prefix = String::new();
    if fl.sharp {
        match base {
            2 => prefix.push_str("0b"),
            8 if !digits.starts_with('0') => prefix.push('0'),
            16 => prefix.push_str(if upper { "0X" } else { "0x" }),
            _ => {}
        }
    }
    if verb == 'O' {
        prefix = "0o".into();
    }
    let sign = if negative {
        "-"
    } else if fl.plus {
        "+"
    } else if fl.space {
        " "
    } else {
        ""
    };
    let s = format!("{sign}{prefix}{digits}");
    let f2 = Flags { zero: false, ..fl.clone() };
    pad(out, &s, &f2)
}

/// Decimal digits and decimal-point position of |v| (`0.d1d2... × 10^dp`), shortest or to `sig` digits.
fn digits(v: f64, sig: Option<usize>) -> (String, i32) {
    let s = match sig {
        Some(n) => format!("{:.*e}", n.max(1) - 1, v.abs()),
        None => format!("{:e}", v.abs()),
    };
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = e.parse().unwrap_or(0);
    let mut d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
    while d.len() > 1 && d.ends_with('0') {
        d.pop();
    }
    if d == "0" {
        return (d, 1);
    }
    (d, exp + 1)
}

/// strconv.FormatFloat for 'e', 'f', 'g' (prec None = shortest), without the sign.
fn format_float_abs(v: f64, verb: char, prec: Option<usize>) -> String {
    let upper = verb.is_ascii_uppercase();
    match verb.to_ascii_lowercase() {
        'e' => {
            let (d, dp) = match prec {
                Some(p) => {
                    let s = format!("{:.*e}", p, v.abs());
                    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                    let d: String = m.chars().filter(|c| c.is_ascii_digit()).collect();
                    let exp: i32 = e.parse().unwrap_or(0);
                    (d, if v == 0.0 { 1 } else { exp + 1 })
                }
                None => digits(v, None),
            };
            fmt_e(&d, dp, prec.unwrap_or(d.len().saturating_sub(1)), upper)
        }
        'f' => match prec {
            Some(p) => format!("{:.*}", p, v.abs()),
            None => {
                let (d, dp) = digits(v, None);
                fmt_f(&d, dp, (d.len() as i32 - dp).max(0) as usize)
            }
        },
        _ => {
            // 'g'
            let shortest = prec.is_none();
            let p = prec.map(|p| p.max(1));
            let (d, dp) = digits(v, p);
            let nd = d.len() as i32;
            let mut eprec = p.map_or(nd, |p| p as i32);
            if !shortest && eprec > nd && nd >= dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = dp - 1;
            if exp < -4 || exp >= eprec {
                fmt_e(&d, dp, (nd - 1).max(0) as usize, upper)
            } else {
                fmt_f(&d, dp, (nd - dp).max(0) as usize)
            }
        }
    }
}

fn fmt_e(d: &str, dp: i32, prec: usize, upper: bool) -> String {
    let mut s = String::new();
    let first = d.chars().next().unwrap_or('0');
    s.push(first);
    if prec > 0 {
        s.push('.');
        let rest: String = d.chars().skip(1).chain(std::iter::repeat('0')).take(prec).collect();
        s.push_str(&rest);
    }
    let exp = if d == "0" { 0 } else { dp - 1 };
    s.push(if upper { 'E' } else { 'e' });
    s.push(if exp < 0 { '-' } else { '+' });
    let a = exp.unsigned_abs();
    if a < 10 {
        s.push('0');
    }
    let _ = write!(s, "{a}");
    s
}

fn fmt_f(d: &str, dp: i32, prec: usize) -> String {
    let mut s = String::new();
    if dp > 0 {
        for k in 0..dp as usize {
            s.push(d.as_bytes().get(k).map_or('0', |&b| b as char));
        }
    } else {
        s.push('0');
    }
    if prec > 0 {
        s.push('.');
        for k in 0..prec as i32 {
            let idx = dp + k;
            let c = if idx < 0 { '0' } else { d.as_bytes().get(idx as usize).map_or('0', |&b| b as char) };
            s.push(c);
        }
    }
    s
}

/// Go's `fmt.fmtFloat` (sign, padding, Inf/NaN) around strconv's digits.
fn fmt_float(out: &mut String, v: f64, verb: char, default_prec: Option<usize>, fl: &Flags) {
    let prec = fl.prec.or(default_prec);
    let mut num = if v.is_nan() {
        "+NaN".to_string()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        let verb = if verb == 'v' { 'g' } else { verb };
        let body = match verb {
            'b' => format_float_b(v),
            'x' | 'X' => format_float_x(v, verb == 'X', prec),
            _ => format_float_abs(v, verb, prec),
        };
        let neg = v.is_sign_negative();
        format!("{}{body}", if neg { '-' } else { '+' })
    };
    if fl.space && num.starts_with('+') && !fl.plus {
        num.replace_range(0..1, " ");
    }
    if num[1..].starts_with("Inf") || num[1..].starts_with("NaN") {
        if num[1..].starts_with("NaN") && !fl.space && !fl.plus {
            num.remove(0);
        }
        let f2 = Flags { zero: false, ..fl.clone() };
        pad(out, &num, &f2);
        return;
    }
    if fl.sharp && verb != 'b' {
        num = sharp_float(&num, verb, prec);
    }
    if fl.plus || !num.starts_with('+') {
        if fl.zero && !fl.minus {
            if let Some(w) = fl.wid {
                if w > num.len() {
                    out.push_str(&num[..1]);
                    out.extend(std::iter::repeat_n('0', w - num.len()));
                    out.push_str(&num[1..]);
                    return;
                }
            }
        }
        pad(out, &num, fl);
        return;
    }
    pad(out, &num[1..], fl);
}

/// strconv's 'b' format: `mantissa p exponent` with an integer mantissa (`4503599627370496p-50`).
fn format_float_b(v: f64) -> String {
    let bits = v.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1u64 << 52) - 1);
    let e = if exp == 0 {
        -1074
    } else {
        mant |= 1 << 52;
        exp - 1075
    };
    format!("{mant}p{}{e}", if e >= 0 { "+" } else { "" })
}

/// strconv's 'x' format: `0x1.8p+01`, shortest unless a precision is given.
fn format_float_x(v: f64, upper: bool, prec: Option<usize>) -> String {
    let a = v.abs();
    let (mut mant, mut exp) = if a == 0.0 {
        (0u64, 0i64)
    } else {
        let bits = a.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i64;
        let m = bits & ((1u64 << 52) - 1);
        if e == 0 {
            // Subnormal: normalise so the leading bit is at position 52.
            let shift = m.leading_zeros() as i64 - 11;
            (m << shift, -1022 - shift)
        } else {
            (m | (1 << 52), e - 1023)
        }
    };
    // 52 fraction bits are 13 hex digits.
    let mut digits = 13usize;
    if let Some(p) = prec {
        if p < 13 {
            let drop = 4 * (13 - p) as u32;
            let half = 1u64 << (drop - 1);
            let rem = mant & ((1u64 << drop) - 1);
            mant >>= drop;
            if rem > half || (rem == half && mant & 1 == 1) {
                mant += 1;
            }
            if mant >> (4 * p as u32) >= 2 {
                mant >>= 1;
                exp += 1;
            }
            mant <<= drop;
        }
        digits = p;
    }
    let frac = mant & ((1u64 << 52) - 1);
    let mut hex = format!("{frac:013x}");
    if prec.is_none() {
        while hex.ends_with('0') {
            hex.pop();
        }
    } else if digits > 13 {
        hex.extend(std::iter::repeat_n('0', digits - 13));
    } else {
        hex.truncate(digits);
    }
    let lead = if mant == 0 { '0' } else { '1' };
    let mut s = format!("0x{lead}");
    if !hex.is_empty() {
        s.push('.');
        s.push_str(&hex);
    }
    let _ = write!(s, "p{}{:02}", if exp >= 0 { '+' } else { '-' }, exp.abs());
    if upper {
        s = s.to_uppercase();
    }
    s
}

/// The `#` flag of Go's fmtFloat: keep a decimal point and, for %g/%x, trailing zeros up to the precision.
fn sharp_float(num: &str, verb: char, prec: Option<usize>) -> String {
    let mut digits: i64 = match verb {
        'v' | 'g' | 'G' | 'x' => prec.map_or(6, |p| p as i64),
        _ => 0,
    };
    let b = num.as_bytes();
    let mut body = num.to_string();
    let mut tail = String::new();
    let mut has_point = false;
    let mut saw_nonzero = false;
    for i in 1..b.len() {
        match b[i] {
            b'.' => has_point = true,
            b'p' | b'P' => {
                tail = num[i..].to_string();
                body = num[..i].to_string();
                break;
            }
            b'e' | b'E' if verb != 'x' && verb != 'X' => {
                tail = num[i..].to_string();
                body = num[..i].to_string();
                break;
            }
            c => {
                if c != b'0' {
                    saw_nonzero = true;
                }
                if saw_nonzero {
                    digits -= 1;
                }
            }
        }
    }
    if !has_point {
        if body.len() == 2 && body.as_bytes()[1] == b'0' {
            digits -= 1;
        }
        body.push('.');
    }
    while digits > 0 {
        body.push('0');
        digits -= 1;
    }
    body + &tail
}

/// `%#v` (print.go's sharpV paths): strings quoted, collections with their Go type.
fn print_go_syntax(out: &mut String, v: &Value, fl: &Flags, depth: usize) {
    if depth > MAX_PRINT_DEPTH {
        out.push_str("...");
        return;
    }
    let plain = Flags { sharp_v: false, ..Flags::default() };
    let elem = |out: &mut String, e: &Value| match e {
        // A nil inside an interface{} slot.
        Value::Nil => out.push_str("interface {}(nil)"),
        e => print_go_syntax(out, e, &plain, depth + 1),
    };
    match v {
        Value::Nil => pad(out, "<nil>", fl),
        Value::Str(s) => pad(out, &quote(s), fl),
        Value::List(_, l) => {
            out.push_str(&v.type_name());
            out.push('{');
            for (i, e) in l.iter().enumerate() {
                if out.len() > MAX_PRINT_BYTES {
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                elem(out, e);
            }
            out.push('}');
        }
        Value::Map(m) => {
            out.push_str(&v.type_name());
            out.push('{');
            for (i, (k, e)) in m.borrow().iter().enumerate() {
                if out.len() > MAX_PRINT_BYTES {
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&quote(k));
                out.push(':');
                elem(out, e);
            }
            out.push('}');
        }
        v => {
            let f2 = Flags { sharp_v: false, ..fl.clone() };
            print_value(out, v, 'v', &f2, depth)
        }
    }
}
