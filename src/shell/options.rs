//! `set`: the shell options scripts turn on (`set -euo pipefail`, `set -x`, `set -f`), `set -- ARGS` (the positional
//! parameters), `set -o` (bash's table), and `set -x`'s quoting of the words it traces.

use super::{array, Io, Session};

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub errexit: bool,
    pub nounset: bool,
    pub xtrace: bool,
    pub pipefail: bool,
    /// `set -f`: no pathname expansion
    pub noglob: bool,
    /// `set -E`: the ERR trap reaches functions and subshells.
    pub errtrace: bool,
    /// `set -T`: the RETURN (and DEBUG) trap reaches functions.
    pub functrace: bool,
    /// A script's shell (not interactive), `Some(true)` for `bash -c`.
    pub script: Option<bool>,
    /// The `shopt` options that differ from their defaults, a bit for each in shopt.rs's table.
    pub shopt_flipped: u64,
}

impl Options {
    /// `$-` as bash 5.2 shows it (flags.c's order), interactive or a script's.
    pub fn dash(&self) -> String {
        let on = |b: bool, c: &'static str| if b { c } else { "" };
        let (e, f, u, x) = (on(self.errexit, "e"), on(self.noglob, "f"), on(self.nounset, "u"), on(self.xtrace, "x"));
        let (big_e, t) = (on(self.errtrace, "E"), on(self.functrace, "T"));
        match self.script {
            None => format!("{e}{f}him{u}{x}B{big_e}H{t}s"),
            Some(c) => format!("{e}{f}h{u}{x}B{big_e}{t}{}", on(c, "c")),
        }
    }

    fn flag(&mut self, c: char) -> Option<&mut bool> {
        Some(match c {
            'e' => &mut self.errexit,
            'u' => &mut self.nounset,
            'x' => &mut self.xtrace,
            'f' => &mut self.noglob,
            'E' => &mut self.errtrace,
            'T' => &mut self.functrace,
            _ => return None,
        })
    }

    fn named(&mut self, name: &str) -> Option<&mut bool> {
        Some(match name {
            "errexit" => &mut self.errexit,
            "nounset" => &mut self.nounset,
            "xtrace" => &mut self.xtrace,
            "pipefail" => &mut self.pipefail,
            "noglob" => &mut self.noglob,
            "errtrace" => &mut self.errtrace,
            "functrace" => &mut self.functrace,
            _ => return None,
        })
    }
}

/// bash's `set -o` names with the values an interactive bash 5.2 starts with; the five above are the session's.
const TABLE: &[(&str, bool)] = &[
    ("allexport", false),
    ("braceexpand", true),
    ("emacs", true),
    ("errexit", false),
    ("errtrace", false),
    ("functrace", false),
    ("hashall", true),
    ("histexpand", true),
    ("history", true),
    ("ignoreeof", false),
    ("interactive-comments", true),
    ("keyword", false),
    ("monitor", true),
    ("noclobber", false),
    ("noexec", false),
    ("noglob", false),
    ("nolog", false),
    ("notify", false),
    ("nounset", false),
    ("onecmd", false),
    ("physical", false),
    ("pipefail", false),
    ("posix", false),
    ("privileged", false),
    ("verbose", false),
    ("vi", false),
    ("xtrace", false),
];

const USAGE: &str = "set: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n";

pub fn set(s: &mut Session, args: &[String]) -> Io {
    if args.is_empty() {
        return Io::ok(variables(s));
    }
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        let on = a.starts_with('-');
        if a == "--" || a == "-" {
            // `set -- a b`: the positional parameters (`set -` alone keeps them)
            if a == "--" || i < args.len() {
                positional(s, &args[i..]);
            }
            return Io::default();
        }
        if !(on || a.starts_with('+')) || a.len() < 2 {
            positional(s, &args[i - 1..]);
            return Io::default();
        }
        for c in a[1..].chars() {
            if c == 'o' {
                let Some(name) = args.get(i) else { return Io::ok(listing(s, on)) };
                i += 1;
                match s.options.named(name) {
                    Some(flag) => *flag = on,
                    None if TABLE.iter().any(|(n, _)| n == name) => {}
                    None => return Io::fail(2, format!("bash: set: {name}: invalid option name\n")),
                }
                continue;
            }
            match s.options.flag(c) {
                Some(flag) => *flag = on,
                // bash's other letters change nothing a playground command can show
                None if "abhkmnptvBCHP".contains(c) => {}
                None => return Io::fail(2, format!("bash: set: {}{c}: invalid option\n{USAGE}", &a[..1])),
            }
        }
    }
    Io::default()
}

/// Every `set -o` option with its value.
pub fn values(s: &mut Session) -> Vec<(&'static str, bool)> {
    TABLE.iter().map(|(name, default)| (*name, s.options.named(name).map_or(*default, |f| *f))).collect()
}

/// `set -o` (a table) or `set +o` (the commands that would restore it).
fn listing(s: &mut Session, table: bool) -> String {
    let mut out = String::new();
    for (name, on) in values(s) {
        if table {
            out.push_str(&format!("{name:<15}\t{}\n", if on { "on" } else { "off" }));
        } else {
            out.push_str(&format!("set {}o {name}\n", if on { '-' } else { '+' }));
        }
    }
    out
}

fn positional(s: &mut Session, args: &[String]) {
    let is_positional = |k: &String| k.chars().all(|c| c.is_ascii_digit()) && k != "0";
    s.env.retain(|k, _| !is_positional(k));
    for (i, a) in args.iter().enumerate() {
        s.env.insert((i + 1).to_string(), a.clone());
    }
    s.env.insert("#".into(), args.len().to_string());
    s.env.insert("@".into(), array::join(args));
    s.env.insert("*".into(), args.join(" "));
}

/// `set` alone: the variables, as bash lists them (`name=value`, quoted when needed; arrays as `declare -p`
/// writes their elements).
fn variables(s: &Session) -> String {
    let mut out = String::new();
    for k in s.env.keys() {
        let name_ok = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !name_ok || k.contains('[') {
            continue;
        }
        if array::is_array(&s.env, k) {
            let line = array::declare_line(&s.env, k, false).unwrap_or_default();
            out.push_str(line.split_once(' ').map_or("", |x| x.1).split_once(' ').map_or("", |x| x.1));
        } else {
            out.push_str(&format!("{k}={}", quote(&s.env[k])));
        }
        out.push('\n');
    }
    out
}

/// A word as `set -x` (and `set`) shows it: as it is when the shell would read it back so, else in single
/// quotes (bash's sh_single_quote, `'\''` for a quote inside).
pub fn quote(w: &str) -> String {
    let special = |c: char| " \t\n'\"\\|&;()<>!{}*[?]^$`".contains(c);
    let needs = w.is_empty() || w.chars().any(special) || w.starts_with(['~', '#']) || w.contains("=~");
    if !needs {
        return w.to_string();
    }
    format!("'{}'", w.replace('\'', "'\\''"))
}
