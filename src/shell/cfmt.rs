//! C's printf conversions (`%-20s`, `%5.1f`, `%03d`, `%x`, `%g`, `%e`, `%c`), shared by bash's `printf` builtin
//! and awk's `printf`/`sprintf`/number output, which both format as C's printf(3) does.

/// One argument as a conversion wants it.
pub trait Arg {
    fn num(&self) -> f64;
    fn text(&self) -> String;
    /// The value of an integer conversion (`%d`, `%x`): C truncates the number.
    fn int(&self) -> f64 {
        self.num().trunc()
    }
    /// What `%c` prints: the first character (awk prints a number's character code instead).
    fn chr(&self) -> String {
        self.text().chars().next().map(String::from).unwrap_or_default()
    }
}

/// A parsed `%...` directive.
#[derive(Default)]
struct Spec {
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    alt: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// Widths and precisions beyond this are cut to it: a `%*d` of 1e15 must not try to fill the page's memory. It
/// is well above what a learner asks for (`printf '%01100000d' 0` makes a file of 1.1 MB to try the API
/// server's 1 MiB limit; at 100,000 it made a file of 100 KB without a word).
const MAX_WIDTH: usize = 16 << 20;

/// Pads to the width: zeros (after the sign) only where C allows them, `zero_ok`.
fn pad(spec: &Spec, body: String, zero_ok: bool) -> String {
    let width = spec.width.unwrap_or(0);
    let len = body.chars().count();
    if len >= width {
        return body;
    }
    let fill = width - len;
    if spec.left {
        format!("{body}{}", " ".repeat(fill))
    } else if spec.zero && zero_ok {
        // Zeros go after the sign.
        let (sign, digits) = match body.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &body[1..]),
            _ => (String::new(), &body[..]),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{body}", " ".repeat(fill))
    }
}

fn signed(spec: &Spec, neg: bool, digits: String) -> String {
    let sign = if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    };
    format!("{sign}{digits}")
}

/// `%e` digits for a non-negative finite value: `d.ddde+XX`.
fn exp_form(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{v:.prec$e}");
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = exp.parse().unwrap_or(0);
    let out = format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper {
        out.to_uppercase()
    } else {
        out
    }
}

fn strip_zeros(s: String) -> String {
    if !s.contains('.') {
        return s;
    }
    let (m, e) = match s.find(['e', 'E']) {
        Some(i) => (s[..i].to_string(), s[i..].to_string()),
        None => (s.clone(), String::new()),
    };
    let m = m.trim_end_matches('0').trim_end_matches('.');
    format!("{m}{e}")
}

/// `%g`: the shorter of `%e` and `%f` at `prec` significant digits, trailing zeros removed (unless `#`).
pub fn general(v: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = prec.max(1);
    if v == 0.0 {
        return if alt { format!("{:.*}", p - 1, 0.0) } else { "0".into() };
    }
    let e_form = exp_form(v, p - 1, upper);
    let x: i32 = e_form.rsplit(['e', 'E']).next().and_then(|e| e.parse().ok()).unwrap_or(0);
    let s = if x < -4 || x >= p as i32 { e_form } else { format!("{v:.*}", (p as i32 - 1 - x).max(0) as usize) };
    if alt {
        s
    } else {
        strip_zeros(s)
    }
}

fn float(spec: &Spec, conv: char, v: f64) -> String {
    if !v.is_finite() {
        let t = if v.is_nan() { "nan" } else { "inf" };
        let t = if conv.is_ascii_uppercase() { t.to_uppercase() } else { t.to_string() };
        return signed(spec, v.is_sign_negative() && !v.is_nan(), t);
    }
    let prec = spec.precision.unwrap_or(6);
    let a = v.abs();
    let digits = match conv {
        'f' | 'F' => format!("{a:.prec$}"),
        'e' | 'E' => exp_form(a, prec, conv == 'E'),
        _ => general(a, prec, spec.alt, conv == 'G'),
    };
    signed(spec, v.is_sign_negative() && v != 0.0, digits)
}

fn integer(spec: &Spec, conv: char, v: f64) -> String {
    let n = if v.is_finite() { v.trunc() } else { 0.0 };
    let neg = n < 0.0;
    let mag = n.abs() as u128;
    let mut digits = match conv {
        'o' => format!("{mag:o}"),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        _ => mag.to_string(),
    };
    if let Some(p) = spec.precision {
        if digits.len() < p {
            digits = format!("{}{digits}", "0".repeat(p - digits.len()));
        }
        if p == 0 && mag == 0 {
            digits.clear();
        }
    }
    if spec.alt && mag != 0 {
        digits = match conv {
            'x' => format!("0x{digits}"),
            'X' => format!("0X{digits}"),
            'o' if !digits.starts_with('0') => format!("0{digits}"),
            _ => digits,
        };
    }
    if matches!(conv, 'd' | 'i') {
        signed(spec, neg, digits)
    } else {
        digits
    }
}

/// Formats `fmt` with `args` (each directive takes the next one; a missing one is 0 or empty); returns the text
/// and how many arguments were used. `%%` is a percent sign; an unknown conversion is copied as written.
pub fn format(fmt: &str, args: &[&dyn Arg]) -> (String, usize) {
    let mut out = String::new();
    let mut used = 0;
    let next = |used: &mut usize| {
        let a = args.get(*used).copied();
        *used += 1;
        a
    };
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut spec = Spec::default();
        while let Some(&c) = chars.get(i) {
            match c {
                '-' => spec.left = true,
                '0' => spec.zero = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '#' => spec.alt = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize, used: &mut usize| -> Option<usize> {
            if chars.get(*i) == Some(&'*') {
                *i += 1;
                let n = next(used).map_or(0.0, |a| a.num());
                return Some((n.max(0.0) as usize).min(MAX_WIDTH));
            }
            let s = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            (*i > s).then(|| chars[s..*i].iter().collect::<String>().parse().unwrap_or(MAX_WIDTH).min(MAX_WIDTH))
        };
        spec.width = number(&mut i, &mut used);
        if chars.get(i) == Some(&'.') {
            i += 1;
            spec.precision = Some(number(&mut i, &mut used).unwrap_or(0));
        }
        // Length modifiers mean nothing here.
        while chars.get(i).is_some_and(|c| "hlLqjzt".contains(*c)) {
            i += 1;
        }
        let Some(&conv) = chars.get(i) else {
            out.extend(&chars[start..]);
            break;
        };
        i += 1;
        let body = match conv {
            '%' => {
                out.push('%');
                continue;
            }
            's' => {
                let t = next(&mut used).map(|a| a.text()).unwrap_or_default();
                let t = match spec.precision {
                    Some(p) => t.chars().take(p).collect(),
                    None => t,
                };
                pad(&spec, t, false)
            }
            'c' => {
                let t = next(&mut used).map(|a| a.chr()).unwrap_or_default();
                pad(&spec, t, false)
            }
            'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
                let v = next(&mut used).map_or(0.0, |a| a.int());
                // C ignores the 0 flag of an integer conversion with a precision.
                pad(&spec, integer(&spec, conv, v), spec.precision.is_none())
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' => {
                let v = next(&mut used).map_or(0.0, |a| a.num());
                pad(&spec, float(&spec, conv, v), true)
            }
            _ => chars[start..i].iter().collect(),
        };
        out.push_str(&body);
    }
    (out, used)
}

/// A bash `printf` argument: numeric conversions read it as bash does (`0x`, leading `0` octal, `'c`).
struct BashArg<'a>(&'a str, std::cell::RefCell<Vec<String>>);

impl Arg for BashArg<'_> {
    fn num(&self) -> f64 {
        let t = self.0.trim_start();
        if let Some(c) = t.strip_prefix(['\'', '"']) {
            return c.chars().next().map_or(0.0, |c| c as u32 as f64);
        }
        let (neg, body) = match t.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let parsed = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            i64::from_str_radix(h, 16).ok().map(|v| v as f64)
        } else if body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit()) {
            i64::from_str_radix(body, 8).ok().map(|v| v as f64)
        } else if body.is_empty() && t.is_empty() {
            Some(0.0)
        } else {
            body.parse::<f64>().ok().filter(|_| !body.contains(['i', 'I', 'n', 'N']))
        };
        match parsed {
            Some(v) => {
                if neg {
                    -v
                } else {
                    v
                }
            }
            None => {
                // The longest numeric prefix is used; bash complains and the status becomes 1.
                self.1.borrow_mut().push(format!("bash: printf: {}: invalid number\n", self.0));
                let digits: String = body.chars().take_while(char::is_ascii_digit).collect();
                let v = digits.parse::<f64>().unwrap_or(0.0);
                if neg {
                    -v
                } else {
                    v
                }
            }
        }
    }
    fn text(&self) -> String {
        self.0.to_string()
    }
    /// An integer conversion takes integers only: `3.5` is an invalid number that prints as 3.
    fn int(&self) -> f64 {
        let v = self.num();
        let t = self.0.trim();
        let integral = !t.contains(['.', 'e', 'E']) || t.starts_with("0x") || t.starts_with("0X");
        if integral || !self.1.borrow().is_empty() || t.starts_with(['\'', '"']) {
            return v.trunc();
        }
        self.1.borrow_mut().push(format!("bash: printf: {}: invalid number\n", self.0));
        v.trunc()
    }
}

/// bash's backslash escapes in a printf format (and `%b` arguments).
pub fn escapes(s: &str) -> String {
    let mut out = String::new();
    let mut cs = s.chars().peekable();
    while let Some(c) = cs.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match cs.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('e') => out.push('\x1b'),
            Some('\\') => out.push('\\'),
            Some(d @ '0'..='7') => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match cs.peek().and_then(|c| c.to_digit(8)) {
                        Some(x) => {
                            v = v * 8 + x;
                            cs.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('?'));
            }
            Some('x') => {
                let mut v = 0;
                let mut n = 0;
                while n < 2 {
                    match cs.peek().and_then(|c| c.to_digit(16)) {
                        Some(x) => {
                            v = v * 16 + x;
                            cs.next();
                            n += 1;
                        }
                        None => break,
                    }
                }
                if n == 0 {
                    out.push_str("\\x");
                } else {
                    out.push(char::from_u32(v).unwrap_or('?'));
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// bash's `printf FORMAT [ARGS]`: the format is reused while arguments remain; `%b` expands escapes in its
/// argument. Returns standard output, the error messages and the status.
pub fn bash_printf(fmt: &str, args: &[String]) -> (String, String, i32) {
    let fmt = escapes(fmt);
    // %b: its argument's escapes are expanded, then it is a %s.
    let (fmt, b_slots, conversions): (String, Vec<usize>, usize) = {
        let mut f = String::new();
        let mut slots = Vec::new();
        let mut k = 0;
        let mut cs = fmt.chars().peekable();
        while let Some(c) = cs.next() {
            f.push(c);
            if c == '%' {
                if cs.peek() == Some(&'%') {
                    f.push(cs.next().unwrap_or('%'));
                    continue;
                }
                while let Some(&n) = cs.peek() {
                    cs.next();
                    if n == 'b' {
                        f.push('s');
                        slots.push(k);
                        break;
                    }
                    f.push(n);
                    if n.is_ascii_alphabetic() {
                        break;
                    }
                }
                k += 1;
            }
        }
        (f, slots, k)
    };
    // one pass of the format takes at most a conversion's argument and its `*` width and precision each: it is
    // given that many, not every argument left (`printf '%s\n' $(cat big)` stays linear)
    let per_pass = conversions + 2 * fmt.matches('*').count();
    let errors = std::cell::RefCell::new(Vec::new());
    let mut out = String::new();
    let mut rest: &[String] = args;
    loop {
        let expanded: Vec<String> = rest
            .iter()
            .take(per_pass)
            .enumerate()
            .map(|(i, a)| if b_slots.contains(&i) { escapes(a) } else { a.clone() })
            .collect();
        let owned: Vec<BashArg> = expanded.iter().map(|a| BashArg(a, std::cell::RefCell::new(Vec::new()))).collect();
        let refs: Vec<&dyn Arg> = owned.iter().map(|a| a as &dyn Arg).collect();
        let (text, used) = format(&fmt, &refs);
        out.push_str(&text);
        for a in &owned {
            errors.borrow_mut().extend(a.1.borrow().iter().cloned());
        }
        if used == 0 || used >= rest.len() {
            break;
        }
        rest = &rest[used..];
    }
    let errs = errors.into_inner().concat();
    let code = if errs.is_empty() { 0 } else { 1 };
    (out, errs, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct N(f64);
    impl Arg for N {
        fn num(&self) -> f64 {
            self.0
        }
        fn text(&self) -> String {
            self.0.to_string()
        }
    }
    struct S(&'static str);
    impl Arg for S {
        fn num(&self) -> f64 {
            0.0
        }
        fn text(&self) -> String {
            self.0.into()
        }
    }

    /// Expected strings from glibc's printf(1) for the same directives.
    #[test]
    fn conversions_match_glibc() {
        let cases: &[(&str, &dyn Arg, &str)] = &[
            ("%5d|", &N(42.0), "   42|"),
            ("%-5d|", &N(42.0), "42   |"),
            ("%05d", &N(-42.0), "-0042"),
            ("%+d", &N(7.0), "+7"),
            ("%x", &N(255.0), "ff"),
            ("%X", &N(255.0), "FF"),
            ("%o", &N(255.0), "377"),
            ("%#x", &N(255.0), "0xff"),
            ("%.2f", &N(1.23456), "1.23"),
            ("%8.3f|", &N(-1.23456), "  -1.235|"),
            ("%e", &N(12345.678), "1.234568e+04"),
            ("%g", &N(1e6), "1e+06"),
            ("%g", &N(123456.0), "123456"),
            ("%g", &N(0.0001), "0.0001"),
            ("%g", &N(0.00001), "1e-05"),
            ("%.3g", &N(1.23456), "1.23"),
            ("%G", &N(1e-10), "1E-10"),
            ("%-10s|", &S("web-0"), "web-0     |"),
            ("%.3s", &S("abcdef"), "abc"),
            ("%c", &S("xyz"), "x"),
            ("%5.3d", &N(7.0), "  007"),
            ("%%", &N(0.0), "%"),
        ];
        for (f, a, want) in cases {
            assert_eq!(format(f, &[*a]).0, *want, "{f}");
        }
    }
}
