//! Sprig's and Helm's functions that need no template engine: strings, lists, dicts, math, types, encoding,
//! regex, semver, defaults, `toYaml`/`fromYaml`/`toJson`/`fromJson`/`toToml`, `lookup`.
//! The engine-bound ones (`include`, `tpl`, `template`, `required`, `fail`, Go builtins) live in `template`.
//! Errors are the text Go/Sprig would put after `error calling NAME: `.
//! (Skeleton: the function library is issue 3's work.)

use super::value::Value;

/// A function callable from templates.
pub type Func = fn(&[Value]) -> Result<Value, String>;

/// The function named `name`, if Sprig/Helm define it. A template using any other name fails to parse with
/// `function "name" not defined`, as in Go.
pub fn lookup(name: &str) -> Option<Func> {
    match name {
        "quote" => Some(quote),
        _ => None,
    }
}

fn quote(args: &[Value]) -> Result<Value, String> {
    let parts: Vec<String> =
        args.iter().filter(|a| !matches!(a, Value::Nil)).map(|a| format!("{:?}", super::gofmt::format_v(a))).collect();
    Ok(Value::str(parts.join(" ")))
}
