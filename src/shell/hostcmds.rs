//! The learner's own machine, as the commands that describe it see it: `date` (on the simulated clock, GNU
//! date's default and `+FORMAT`), `whoami`, `hostname`, `uname`, and `which`/`type` for what this shell runs.
//! The machine is the lab report's kind: an Ubuntu box whose user runs kubectl and helm against minikube.

use super::printers::{civil_from_days, MONTHS, WEEKDAYS};
use super::{Io, Session};

pub const HOSTNAME: &str = "playground";
const KERNEL: (&str, &str) = ("6.8.0-52-generic", "#53-Ubuntu SMP PREEMPT_DYNAMIC Sat Jan 11 00:06:25 UTC 2025");

/// The programs this shell runs that live on disk (the rest are bash builtins), with their paths.
pub(super) const PROGRAMS: &[(&str, &str)] = &[
    ("kubectl", "/usr/local/bin/kubectl"),
    ("helm", "/usr/local/bin/helm"),
    ("minikube", "/usr/local/bin/minikube"),
    ("hey", "/usr/local/bin/hey"),
    ("curl", "/usr/bin/curl"),
    ("nslookup", "/usr/bin/nslookup"),
    ("cat", "/usr/bin/cat"),
    ("ls", "/usr/bin/ls"),
    ("grep", "/usr/bin/grep"),
    ("head", "/usr/bin/head"),
    ("tail", "/usr/bin/tail"),
    ("wc", "/usr/bin/wc"),
    ("sort", "/usr/bin/sort"),
    ("uniq", "/usr/bin/uniq"),
    ("cut", "/usr/bin/cut"),
    ("tr", "/usr/bin/tr"),
    ("sed", "/usr/bin/sed"),
    ("awk", "/usr/bin/awk"),
    ("jq", "/usr/bin/jq"),
    ("xargs", "/usr/bin/xargs"),
    ("seq", "/usr/bin/seq"),
    ("base64", "/usr/bin/base64"),
    ("rm", "/usr/bin/rm"),
    ("touch", "/usr/bin/touch"),
    ("mkdir", "/usr/bin/mkdir"),
    ("rmdir", "/usr/bin/rmdir"),
    ("sleep", "/usr/bin/sleep"),
    ("timeout", "/usr/bin/timeout"),
    ("env", "/usr/bin/env"),
    ("date", "/usr/bin/date"),
    ("whoami", "/usr/bin/whoami"),
    ("hostname", "/usr/bin/hostname"),
    ("uname", "/usr/bin/uname"),
    ("which", "/usr/bin/which"),
    ("clear", "/usr/bin/clear"),
    ("watch", "/usr/bin/watch"),
    ("bash", "/usr/bin/bash"),
    ("sh", "/usr/bin/sh"),
    ("chmod", "/usr/bin/chmod"),
    ("cp", "/usr/bin/cp"),
    ("mv", "/usr/bin/mv"),
    ("tee", "/usr/bin/tee"),
    ("find", "/usr/bin/find"),
    ("diff", "/usr/bin/diff"),
    ("less", "/usr/bin/less"),
    ("more", "/usr/bin/more"),
    ("tac", "/usr/bin/tac"),
    ("rev", "/usr/bin/rev"),
    ("paste", "/usr/bin/paste"),
    ("basename", "/usr/bin/basename"),
    ("dirname", "/usr/bin/dirname"),
    ("nl", "/usr/bin/nl"),
    ("column", "/usr/bin/column"),
    ("expr", "/usr/bin/expr"),
    ("sha256sum", "/usr/bin/sha256sum"),
    ("md5sum", "/usr/bin/md5sum"),
    ("stat", "/usr/bin/stat"),
    ("du", "/usr/bin/du"),
];

/// Bash builtins this shell has (`type` says so).
const BUILTINS: &[&str] = &[
    "echo",
    "printf",
    "cd",
    "pwd",
    "export",
    "unset",
    "read",
    "test",
    "[",
    "true",
    "false",
    "history",
    "jobs",
    "kill",
    "fg",
    "bg",
    "wait",
    "break",
    "continue",
    "return",
    "local",
    "help",
    "type",
    ":",
    "eval",
    "source",
    ".",
    "let",
    "command",
    "mapfile",
    "readarray",
    "declare",
    "typeset",
    "readonly",
    "set",
    "shift",
    "exit",
    "unset",
    "trap",
    "getopts",
    "shopt",
];

/// GNU date's `+FORMAT` for the conversions scripts use; others are printed as written.
pub(super) fn strftime(fmt: &str, unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let t = unix.rem_euclid(86_400);
    let (h, mi, s) = (t / 3600, t / 60 % 60, t % 60);
    let dow = days.rem_euclid(7) as usize;
    let mut out = String::new();
    let mut cs = fmt.chars();
    while let Some(c) = cs.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(k) = cs.next() else {
            out.push('%');
            break;
        };
        let yday = days - super::printers::days_from_civil(y, 1, 1) + 1;
        match k {
            'Y' => out.push_str(&y.to_string()),
            'y' => out.push_str(&format!("{:02}", y % 100)),
            'm' => out.push_str(&format!("{m:02}")),
            'd' => out.push_str(&format!("{d:02}")),
            'e' => out.push_str(&format!("{d:>2}")),
            'H' => out.push_str(&format!("{h:02}")),
            'I' => out.push_str(&format!("{:02}", (h + 11) % 12 + 1)),
            'p' => out.push_str(if h < 12 { "AM" } else { "PM" }),
            'M' => out.push_str(&format!("{mi:02}")),
            'S' => out.push_str(&format!("{s:02}")),
            's' => out.push_str(&unix.to_string()),
            'N' => out.push_str("000000000"),
            'T' => out.push_str(&format!("{h:02}:{mi:02}:{s:02}")),
            'R' => out.push_str(&format!("{h:02}:{mi:02}")),
            'D' => out.push_str(&format!("{m:02}/{d:02}/{:02}", y % 100)),
            'F' => out.push_str(&format!("{y}-{m:02}-{d:02}")),
            'a' => out.push_str(WEEKDAYS[dow]),
            'b' | 'h' => out.push_str(MONTHS[m as usize - 1]),
            'j' => out.push_str(&format!("{yday:03}")),
            'u' => out.push_str(&((dow + 3) % 7 + 1).to_string()),
            'w' => out.push_str(&((dow + 4) % 7).to_string()),
            'Z' => out.push_str("UTC"),
            'z' => out.push_str("+0000"),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '%' => out.push('%'),
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    out
}

/// `date` on the simulated clock, in UTC (the machine's zone): GNU's default layout, `-u`, `-R`, `-I`, `+FORMAT`.
pub fn date(s: &Session, args: &[String]) -> Io {
    let unix = crate::cluster::EPOCH_UNIX + (s.cluster().now() / 1000) as i64;
    let mut fmt = "%a %b %e %H:%M:%S %Z %Y".to_string();
    for a in args {
        match a.as_str() {
            "-u" | "--utc" | "--universal" => {}
            "-R" | "--rfc-email" => fmt = "%a, %d %b %Y %H:%M:%S %z".into(),
            "-I" | "--iso-8601" | "-Idate" => fmt = "%F".into(),
            "-Iseconds" => fmt = "%FT%H:%M:%S+00:00".into(),
            f if f.starts_with('+') => fmt = f[1..].to_string(),
            other => {
                return Io::fail(1, format!("date: invalid date \u{2018}{other}\u{2019}\n"));
            }
        }
    }
    Io::ok(format!("{}\n", strftime(&fmt, unix)))
}

pub fn uname(args: &[String]) -> Io {
    let fields = [
        ('s', "Linux"),
        ('n', HOSTNAME),
        ('r', KERNEL.0),
        ('v', KERNEL.1),
        ('m', "x86_64"),
        ('p', "x86_64"),
        ('i', "x86_64"),
        ('o', "GNU/Linux"),
    ];
    let mut want: Vec<char> = Vec::new();
    for a in args {
        match a.as_str() {
            "-a" | "--all" => want = fields.iter().map(|f| f.0).collect(),
            f if f.starts_with('-') && f.len() > 1 && f[1..].chars().all(|c| "snrvmpio".contains(c)) => {
                want.extend(f[1..].chars())
            }
            f if f.starts_with('-') => {
                return Io::fail(
                    1,
                    format!(
                        "uname: invalid option -- '{}'\nTry 'uname --help' for more information.\n",
                        f[1..].chars().next().unwrap_or('-')
                    ),
                )
            }
            f => {
                return Io::fail(
                    1,
                    format!("uname: extra operand \u{2018}{f}\u{2019}\nTry 'uname --help' for more information.\n"),
                )
            }
        }
    }
    if want.is_empty() {
        want.push('s');
    }
    let words: Vec<&str> = fields.iter().filter(|(k, _)| want.contains(k)).map(|f| f.1).collect();
    Io::ok(format!("{}\n", words.join(" ")))
}

pub fn whoami(s: &Session) -> Io {
    Io::ok(format!("{}\n", s.env("USER").unwrap_or("learner")))
}

pub fn hostname() -> Io {
    Io::ok(format!("{HOSTNAME}\n"))
}

/// `which NAME...`: the path of each program; nothing (status 1) for builtins and unknown names.
pub fn which(args: &[String]) -> Io {
    let mut io = Io::default();
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        match PROGRAMS.iter().find(|(n, _)| n == a) {
            Some((_, p)) => io.out(format!("{p}\n")),
            None => io.code = 1,
        }
    }
    io
}

/// `command -v NAME...`: how bash would run each name (its path, or the name of a function, builtin or
/// reserved word); status 1 when none is found.
pub fn command_v(s: &Session, args: &[String]) -> Io {
    const KEYWORDS: &[&str] =
        &["if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac"];
    let mut io = Io { code: (!args.is_empty()) as i32, ..Io::default() };
    for a in args {
        let line = if a == "k" {
            "alias k='kubectl'".to_string()
        } else if s.functions.contains_key(a) || BUILTINS.contains(&a.as_str()) || KEYWORDS.contains(&a.as_str()) {
            a.clone()
        } else if let Some((_, p)) = PROGRAMS.iter().find(|(n, _)| n == a) {
            p.to_string()
        } else {
            continue;
        };
        io.out(format!("{line}\n"));
        io.code = 0;
    }
    io
}

/// `type NAME...`: function, builtin, alias (`k`) or file, as bash describes them.
pub fn type_builtin(s: &Session, args: &[String]) -> Io {
    let mut io = Io::default();
    for a in args {
        if a == "k" {
            io.out("k is aliased to `kubectl'\n");
        } else if let Some(body) = s.functions.get(a) {
            io.out(format!("{a} is a function\n{}\n", super::printcmd::function(a, body)));
        } else if BUILTINS.contains(&a.as_str()) {
            io.out(format!("{a} is a shell builtin\n"));
        } else if let Some((_, p)) = PROGRAMS.iter().find(|(n, _)| n == a) {
            io.out(format!("{a} is {p}\n"));
        } else {
            io.err(format!("bash: type: {a}: not found\n"));
            io.code = 1;
        }
    }
    io
}
