//! cobra/pflag-style flag parsing with kubectl's error texts (`error: unknown flag: --foo` then
//! `See 'kubectl get --help' for usage.`).

use std::collections::BTreeMap;

/// A flag a command accepts: long name, optional shorthand, and whether it takes a value.
#[derive(Clone, Copy)]
pub struct Spec {
    pub long: &'static str,
    pub short: Option<char>,
    pub value: bool,
}

pub const fn flag(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: false }
}

pub const fn opt(long: &'static str, short: Option<char>) -> Spec {
    Spec { long, short, value: true }
}

/// Flags every kubectl command takes.
pub const GLOBAL: &[Spec] = &[
    opt("namespace", Some('n')),
    opt("context", None),
    opt("kubeconfig", None),
    opt("cluster", None),
    opt("user", None),
    opt("v", Some('v')),
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
                inline.unwrap_or_else(|| "true".into())
            };
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
