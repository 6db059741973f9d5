//! Go's `fmt` package over template values: what `printf`, `print`, `println`, Sprig's `toString`, `cat` and
//! `join` print. Go's rules decide the text: `%v` of a float64 uses `%g` with the shortest representation
//! (`1e+06`), a map prints `map[a:1 b:2]`, a wrong verb prints `%!d(float64=80)`.
//! (Skeleton: the full verb set is issue 3's work.)

use super::value::Value;

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
    let mut s = args.iter().map(format_v).collect::<Vec<_>>().join(" ");
    s.push('\n');
    s
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    // Skeleton: only %v and %s, so callers can be wired before the full implementation lands.
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            match chars.next() {
                Some('%') => out.push('%'),
                Some(_) => out.push_str(&it.next().map(format_v).unwrap_or_else(|| "%!v(MISSING)".into())),
                None => out.push_str("%!(NOVERB)"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `%v` of one value.
pub fn format_v(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) | Value::Int64(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.to_string(),
        Value::List(_, l) => format!("[{}]", l.iter().map(format_v).collect::<Vec<_>>().join(" ")),
        Value::Map(m) => {
            format!("map[{}]", m.iter().map(|(k, v)| format!("{k}:{}", format_v(v))).collect::<Vec<_>>().join(" "))
        }
        Value::Object(o) => format!("{o:?}"),
    }
}
