//! Commands run inside a container (`kubectl exec`, exec probes, a pod's one-shot command): the small set of
//! tools the lab uses — `cat`, `ls`, `echo`, `hostname`, `env`, `date`, `pwd`, `nslookup`, `curl`, `wget`,
//! `kill`, `sleep`, `true`/`false`, `test`/`[`, the filters `wc`, `grep`, `head`, `tail` — and `sh -c` with `;`,
//! `&&`, `||`, `|`, `>`/`>>`/`2>`/`2>&1`, quotes, `$VAR`, `$?`, `$((arith))` and `$(cmd)`. Loops, `if` and
//! `sleep` over time are a script process's (`super::script`), which runs its simple commands here. Texts follow the real tools: GNU coreutils/dash in the Debian-based images, BusyBox in
//! busybox/curl, BIND's nslookup from dnsutils.

use super::apps::{civil, Nslookup, MONTHS};
use super::dns::{Lookup, DNS_IP};
use super::network::{parse_url, reason_phrase, Url};
use super::volumes::FsError;
use super::ExecOutput;

/// Which userland the image has; it decides the wording of errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Userland {
    Gnu,
    Busybox,
}

/// Why an HTTP request from inside the container failed.
#[derive(Clone, Debug, PartialEq)]
pub enum HttpError {
    Resolve,
    Refused { ip: String },
    Timeout,
}

/// The container as the interpreter sees it.
pub trait Host {
    fn has(&self, binary: &str) -> bool;
    fn userland(&self) -> Userland;
    fn nslookup(&self) -> Nslookup;
    /// BusyBox 1.28's older nslookup output (the StatefulSet tutorial's `busybox:1.28`).
    fn old_busybox(&self) -> bool;
    fn read(&self, path: &str) -> Result<String, FsError>;
    fn write(&mut self, path: &str, content: &str, append: bool) -> Result<(), FsError>;
    fn list(&self, path: &str) -> Result<Vec<String>, FsError>;
    fn env(&self) -> Vec<(String, String)>;
    fn hostname(&self) -> String;
    fn workdir(&self) -> String;
    /// `cd`: the working directory for the rest of this command (an exec never changes the container's).
    fn set_workdir(&mut self, dir: String);
    fn now(&self) -> u64;
    fn lookup(&self, name: &str) -> Lookup;
    fn reverse(&self, ip: &str) -> Option<String>;
    fn http(&mut self, url: &Url) -> Result<(u16, String), HttpError>;
    /// Sends a signal to PID 1; false if the process does not exist.
    fn signal_main(&mut self, signal: i32) -> bool;
    /// `$?` before the command: a script process's last status (`super::script`); 0 for an exec.
    fn status(&self) -> i32 {
        0
    }
}

/// The runtime could not start the executable (see `not_found_output`).
#[derive(Clone, Debug, PartialEq)]
pub struct NotFound(pub String);

/// A missing executable as `kubectl exec` shows it on minikube's Docker runtime (cri-dockerd): the daemon's
/// exec-start handler writes the error and `\r\n` into the attached stdout (moby api/server/router/container/
/// exec.go `postContainerExecStart`) and the exec ends with 126, which kubectl reports as `command terminated
/// with exit code 126`. (containerd would answer with an API error instead: `error: Internal error occurred:
/// error executing command in container: ...`.)
pub fn not_found_output(binary: &str) -> ExecOutput {
    out(
        format!(
            "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{binary}\": \
             executable file not found in $PATH: unknown\r\n"
        ),
        "",
        126,
    )
}

/// Commands every POSIX shell has built in (of those `builtin` runs).
const SHELL_BUILTINS: &[&str] = &["echo", "pwd", "true", "false", "kill", "test", "["];

fn out(stdout: impl Into<String>, stderr: impl Into<String>, code: i32) -> ExecOutput {
    ExecOutput { stdout: stdout.into(), stderr: stderr.into(), code }
}

/// Runs argv as the container runtime would exec it.
pub fn run(host: &mut dyn Host, argv: &[String]) -> Result<ExecOutput, NotFound> {
    let Some(first) = argv.first() else { return Err(NotFound(String::new())) };
    let bin = first.rsplit('/').next().unwrap_or(first);
    if !host.has(bin) {
        return Err(NotFound(first.clone()));
    }
    Ok(builtin(host, bin, &argv[1..], None))
}

/// grep's pattern as a regex: basic syntax (BRE, the default) has `+ ? | ( ) { }` as literals and GNU's
/// `\+ \? \| \( \) \{ \}` as operators, the other way round from `-E`; `-F` is a fixed string. None when the
/// pattern does not compile.
pub fn grep_matcher(pat: &str, extended: bool, fixed: bool, icase: bool) -> Option<regex_lite::Regex> {
    let mut re = String::new();
    if fixed {
        re = regex_lite::escape(pat);
    } else if extended {
        re.push_str(pat);
    } else {
        let chars: Vec<char> = pat.chars().collect();
        let mut cs = chars.iter().copied().enumerate().peekable();
        // Where an anchor can be one (POSIX BRE): `^` first or after `\(` / `\|`, `$` last or before `\)` / `\|`;
        // anywhere else both are literals (`s/v: ^2/v: 1/` matches a caret).
        let opens = |i: usize| i == 0 || (i >= 2 && chars[i - 2] == '\\' && matches!(chars[i - 1], '(' | '|'));
        let closes = |i: usize| {
            i + 1 == chars.len() || (chars.get(i + 1) == Some(&'\\') && matches!(chars.get(i + 2), Some(')' | '|')))
        };
        while let Some((i, c)) = cs.next() {
            match c {
                '^' if !opens(i) => re.push_str("\\^"),
                '$' if !closes(i) => re.push_str("\\$"),
                '*' if opens(i) || (i >= 1 && chars[i - 1] == '^' && opens(i - 1)) => re.push_str("\\*"),
                '[' => {
                    // A bracket expression is copied as it is (a `]` first is a member, `\` is literal in POSIX).
                    re.push('[');
                    let mut first = true;
                    while let Some((_, b)) = cs.next() {
                        match b {
                            '^' if first => {
                                re.push('^');
                                continue;
                            }
                            '[' if matches!(cs.peek(), Some((_, ':' | '.' | '='))) => {
                                // `[:alpha:]` and friends, copied through their closing `:]`.
                                re.push('[');
                                let mut prev = ' ';
                                for (_, x) in cs.by_ref() {
                                    re.push(x);
                                    if x == ']' && matches!(prev, ':' | '.' | '=') {
                                        break;
                                    }
                                    prev = x;
                                }
                            }
                            ']' if !first => {
                                re.push(']');
                                break;
                            }
                            '\\' | '[' | ']' | '&' | '~' | '-' if b != '-' || first => {
                                re.push('\\');
                                re.push(b);
                            }
                            _ => re.push(b),
                        }
                        first = false;
                    }
                }
                '\\' => match cs.next().map(|(_, o)| o) {
                    Some(o @ ('+' | '?' | '|' | '(' | ')' | '{' | '}')) => re.push(o),
                    Some(o) => {
                        re.push('\\');
                        re.push(o);
                    }
                    None => re.push_str("\\\\"),
                },
                '+' | '?' | '|' | '(' | ')' | '{' | '}' => {
                    re.push('\\');
                    re.push(c);
                }
                _ => re.push(c),
            }
        }
    }
    regex_lite::RegexBuilder::new(&re).case_insensitive(icase).build().ok()
}

/// What a filter reads: its file operands (a file that cannot be read says so on `o` and sets its status to 1)
/// or, without any, its standard input. `-` is standard input too.
fn inputs(
    host: &dyn Host,
    bin: &str,
    files: &[String],
    stdin: &str,
    o: &mut ExecOutput,
) -> Vec<(Option<String>, String)> {
    if files.is_empty() {
        return vec![(None, stdin.to_string())];
    }
    let gnu = host.userland() == Userland::Gnu;
    let mut found = Vec::new();
    for f in files {
        if f == "-" {
            found.push((Some("(standard input)".to_string()), stdin.to_string()));
            continue;
        }
        match host.read(f) {
            Ok(text) => found.push((Some(f.clone()), text)),
            Err(e) => {
                let why = if e == FsError::IsDir { "Is a directory" } else { "No such file or directory" };
                // coreutils' head/tail name the open that failed; grep, wc and BusyBox's grep name the file
                let msg = match (bin, gnu) {
                    ("head" | "tail", true) if e != FsError::IsDir => {
                        format!("{bin}: cannot open '{f}' for reading: {why}")
                    }
                    ("head" | "tail" | "wc", false) if e != FsError::IsDir => format!("{bin}: can't open '{f}': {why}"),
                    _ => format!("{bin}: {f}: {why}"),
                };
                o.stderr.push_str(&msg);
                o.stderr.push('\n');
                o.code = 1;
            }
        }
    }
    found
}

/// Runs one tool; `stdin` is the previous pipeline stage's output.
fn builtin(host: &mut dyn Host, bin: &str, args: &[String], stdin: Option<&str>) -> ExecOutput {
    let gnu = host.userland() == Userland::Gnu;
    let input = stdin.unwrap_or("");
    match bin {
        "test" | "[" => super::script::test(host, bin, args),
        "cat" if args.is_empty() => out(input, "", 0),
        "wc" => {
            let flag = args.iter().find(|a| a.starts_with('-') && a.len() > 1).map(String::as_str);
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with('-') || a.len() == 1).cloned().collect();
            let mut o = out("", "", 0);
            let mut rows: Vec<([usize; 3], Option<String>)> = Vec::new();
            for (name, text) in inputs(host, bin, &files, input, &mut o) {
                let counts = [text.matches('\n').count(), text.split_whitespace().count(), text.len()];
                rows.push((counts, name));
            }
            if files.len() > 1 {
                let total = rows.iter().fold([0; 3], |t, (c, _)| [t[0] + c[0], t[1] + c[1], t[2] + c[2]]);
                rows.push((total, Some("total".into())));
            }
            // GNU pads every count to the digits of the bytes read from files (7 for standard input); BusyBox
            // to 9; a lone count is not padded (BusyBox) or padded to that width (GNU)
            let bytes: usize = rows.iter().filter(|(_, n)| n.as_deref() != Some("total")).map(|(c, _)| c[2]).sum();
            let width = if files.is_empty() { 7 } else { bytes.to_string().len() };
            for (c, name) in rows {
                let mut line = match flag {
                    Some("-l") | Some("-w") | Some("-c") => {
                        let v = c[match flag {
                            Some("-l") => 0,
                            Some("-w") => 1,
                            _ => 2,
                        }];
                        if gnu && !files.is_empty() {
                            format!("{v:>width$}")
                        } else {
                            format!("{v}")
                        }
                    }
                    _ if gnu => format!("{:>width$} {:>width$} {:>width$}", c[0], c[1], c[2]),
                    _ => format!("{:>9} {:>9} {:>9}", c[0], c[1], c[2]),
                };
                if let Some(n) = name {
                    line.push(' ');
                    line.push_str(&n);
                }
                o.stdout.push_str(&line);
                o.stdout.push('\n');
            }
            o
        }
        "grep" => {
            let mut flags = String::new();
            let mut pattern: Option<String> = None;
            let mut files: Vec<String> = Vec::new();
            let mut k = 0;
            while k < args.len() {
                let a = &args[k];
                k += 1;
                if a == "-e" {
                    pattern = args.get(k).cloned();
                    k += 1;
                } else if a.starts_with('-') && a.len() > 1 {
                    flags.push_str(&a[1..]);
                } else if pattern.is_none() {
                    pattern = Some(a.clone());
                } else {
                    files.push(a.clone());
                }
            }
            let Some(pat) = pattern else {
                return out("", "Usage: grep [OPTION]... PATTERNS [FILE]...\n", 2);
            };
            let has = |c: char| flags.contains(c);
            let Some(matcher) = grep_matcher(&pat, has('E'), has('F'), has('i')) else {
                // GNU grep's words for what did not compile (regcomp's messages)
                let why = if pat.contains('[') {
                    "Unmatched [, [^, [:, [., or [="
                } else if pat.contains('(') {
                    "Unmatched ( or \\("
                } else if pat.contains('{') {
                    "Unmatched \\{"
                } else {
                    "Invalid regular expression"
                };
                return out("", format!("grep: {why}\n"), 2);
            };
            let mut o = out("", "", 0);
            let mut any = false;
            // one file at a time: `-q` stops at the first match and never opens the files after it
            let each: Vec<&[String]> = if files.is_empty() { vec![&[]] } else { files.chunks(1).collect() };
            for f in each {
                if has('q') && any {
                    break;
                }
                for (name, text) in inputs(host, bin, f, input, &mut o) {
                    let hits: Vec<(usize, &str)> =
                        text.lines().enumerate().filter(|(_, l)| matcher.is_match(l) != has('v')).collect();
                    any |= !hits.is_empty();
                    if has('q') {
                        continue;
                    }
                    // more than one file: each line (or count) says which file it is from
                    let prefix = match &name {
                        Some(n) if files.len() > 1 => format!("{n}:"),
                        _ => String::new(),
                    };
                    if has('c') {
                        o.stdout.push_str(&format!("{prefix}{}\n", hits.len()));
                    } else if has('n') {
                        o.stdout.extend(hits.iter().map(|(i, l)| format!("{prefix}{}:{l}\n", i + 1)));
                    } else {
                        o.stdout.extend(hits.iter().map(|(_, l)| format!("{prefix}{l}\n")));
                    }
                }
            }
            // 2 when a file could not be read (unless -q found a line), else 1 when nothing matched
            o.code = if any && has('q') {
                0
            } else if o.code != 0 {
                2
            } else if any {
                0
            } else {
                1
            };
            o
        }
        "head" | "tail" => {
            let mut n = 10usize;
            let mut files: Vec<String> = Vec::new();
            let mut k = 0;
            while k < args.len() {
                let a = &args[k];
                k += 1;
                if a == "-n" {
                    n = args.get(k).and_then(|v| v.parse().ok()).unwrap_or(10);
                    k += 1;
                } else if let Some(v) = a.strip_prefix("-n").and_then(|v| v.parse().ok()) {
                    n = v;
                } else if let Some(v) = a.strip_prefix('-').and_then(|v| v.parse().ok()) {
                    n = v;
                } else if !a.starts_with('-') || a.len() == 1 {
                    files.push(a.clone());
                }
            }
            let mut o = out("", "", 0);
            let sources = inputs(host, bin, &files, input, &mut o);
            let many = files.len() > 1;
            for (i, (name, text)) in sources.iter().enumerate() {
                if many {
                    let gap = if i > 0 { "\n" } else { "" };
                    o.stdout.push_str(&format!("{gap}==> {} <==\n", name.as_deref().unwrap_or("")));
                }
                let lines: Vec<&str> = text.lines().collect();
                let pick =
                    if bin == "head" { &lines[..n.min(lines.len())] } else { &lines[lines.len().saturating_sub(n)..] };
                o.stdout.extend(pick.iter().map(|l| format!("{l}\n")));
            }
            o
        }
        "sh" | "bash" => match args {
            [flag, script, ..] if flag == "-c" => shell(host, script),
            [] => out("", "", 0),
            [file, ..] => out("", format!("{bin}: 0: cannot open {file}: No such file\n"), 2),
        },
        "cat" => {
            let mut o = out("", "", 0);
            for f in args {
                match host.read(f) {
                    Ok(c) => o.stdout.push_str(&c),
                    // A read never fails for a read-only mount.
                    Err(FsError::NotFound | FsError::ReadOnly) => {
                        o.stderr.push_str(&if gnu {
                            format!("cat: {f}: No such file or directory\n")
                        } else {
                            format!("cat: can't open '{f}': No such file or directory\n")
                        });
                        o.code = 1;
                    }
                    Err(FsError::IsDir) => {
                        o.stderr.push_str(&if gnu {
                            format!("cat: {f}: Is a directory\n")
                        } else {
                            "cat: read error: Is a directory\n".into()
                        });
                        o.code = 1;
                    }
                }
            }
            o
        }
        "ls" => {
            let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
            let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let targets: Vec<String> =
                if paths.is_empty() { vec![".".into()] } else { paths.iter().map(|s| s.to_string()).collect() };
            let mut o = out("", "", 0);
            let many = targets.len() > 1;
            for (k, t) in targets.iter().enumerate() {
                match host.list(t) {
                    Ok(names) => {
                        if many {
                            o.stdout.push_str(&format!("{}{t}:\n", if k > 0 { "\n" } else { "" }));
                        }
                        if all {
                            o.stdout.push_str(".\n..\n");
                        }
                        for n in names.iter().filter(|n| all || !n.starts_with('.')) {
                            o.stdout.push_str(&format!("{n}\n"));
                        }
                    }
                    Err(_) => {
                        o.stderr.push_str(&if gnu {
                            format!("ls: cannot access '{t}': No such file or directory\n")
                        } else {
                            format!("ls: {t}: No such file or directory\n")
                        });
                        o.code = if gnu { 2 } else { 1 };
                    }
                }
            }
            o
        }
        "echo" => {
            let (newline, words) = match args.first().map(String::as_str) {
                Some("-n") => (false, &args[1..]),
                _ => (true, args),
            };
            out(format!("{}{}", words.join(" "), if newline { "\n" } else { "" }), "", 0)
        }
        "hostname" => out(format!("{}\n", host.hostname()), "", 0),
        "pwd" => out(format!("{}\n", host.workdir()), "", 0),
        "env" | "printenv" => {
            if let Some(name) = args.first() {
                return match host.env().into_iter().find(|(k, _)| k == name) {
                    Some((_, v)) => out(format!("{v}\n"), "", 0),
                    None => out("", "", 1),
                };
            }
            out(host.env().into_iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>(), "", 0)
        }
        "date" => out(format!("{}\n", date_text(host.now())), "", 0),
        "true" | "sleep" => out("", "", 0),
        "false" => out("", "", 1),
        "kill" => kill(host, args),
        "nslookup" => nslookup(host, args),
        "curl" => curl(host, args),
        "wget" => wget(host, args),
        "python" | "python3" => out("", "", 0),
        "java" => out("", "Usage: java [options] <mainclass> [args...]\n", 1),
        "nginx" => out("", "nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)\n", 1),
        other => out("", format!("{other}: not supported in this simulation\n"), 1),
    }
}

/// `date`'s default format: `Sat Mar 15 17:03:40 UTC 2025`.
pub fn date_text(now: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now, 0);
    let days = (super::EPOCH_UNIX + (now / 1000) as i64).div_euclid(86_400);
    let dow = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    format!("{dow} {} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}", MONTHS[mo as usize - 1])
}

fn kill(host: &mut dyn Host, args: &[String]) -> ExecOutput {
    let mut signal = 15;
    let mut pids = Vec::new();
    for a in args {
        if let Some(sig) = a.strip_prefix('-') {
            signal = match sig {
                "9" | "KILL" | "SIGKILL" => 9,
                "2" | "INT" | "SIGINT" => 2,
                "15" | "TERM" | "SIGTERM" => 15,
                _ => 15,
            };
        } else {
            pids.push(a.clone());
        }
    }
    let mut o = out("", "", 0);
    for p in pids {
        if p == "1" {
            host.signal_main(signal);
        } else {
            o.stderr.push_str(&format!("sh: kill: ({p}) - No such process\n"));
            o.code = 1;
        }
    }
    o
}

fn nslookup(host: &mut dyn Host, args: &[String]) -> ExecOutput {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return out("", "", 1);
    };
    let style = host.nslookup();
    let old = host.old_busybox();
    let mut o = out("", "", 0);
    if old {
        o.stdout
            .push_str(&format!("Server:    {DNS_IP}\nAddress 1: {DNS_IP} kube-dns.kube-system.svc.cluster.local\n\n"));
    } else {
        let sep = if style == Nslookup::Bind { "#" } else { ":" };
        o.stdout.push_str(&format!("Server:\t\t{DNS_IP}\nAddress:\t{DNS_IP}{sep}53\n\n"));
    }
    // A reverse lookup when given an address.
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        let arpa = format!("{}.in-addr.arpa", name.split('.').rev().collect::<Vec<_>>().join("."));
        match host.reverse(name) {
            Some(ptr) if old => o.stdout.push_str(&format!("Name:      {name}\nAddress 1: {name} {ptr}\n")),
            Some(ptr) => o.stdout.push_str(&format!("{arpa}\tname = {ptr}.\n\n")),
            None if old => {
                o.stdout.push_str(&format!("Name:      {name}\nAddress 1: {name}\n"));
            }
            None => {
                o.stdout.push_str(&format!("** server can't find {arpa}: NXDOMAIN\n\n"));
                o.code = 1;
            }
        }
        return o;
    }
    match host.lookup(name) {
        Lookup::Found { fqdn, ips } => {
            if old {
                o.stdout.push_str(&format!("Name:      {name}\n"));
                for (k, ip) in ips.iter().enumerate() {
                    match host.reverse(ip) {
                        Some(ptr) => o.stdout.push_str(&format!("Address {}: {ip} {ptr}\n", k + 1)),
                        None => o.stdout.push_str(&format!("Address {}: {ip}\n", k + 1)),
                    }
                }
            } else {
                for ip in &ips {
                    o.stdout.push_str(&format!("Name:\t{fqdn}\nAddress: {ip}\n"));
                }
                o.stdout.push('\n');
            }
        }
        Lookup::NoData { fqdn } => {
            if old {
                o.stderr.push_str(&format!("nslookup: can't resolve '{name}'\n"));
            } else {
                o.stdout.push_str(&format!("*** Can't find {fqdn}: No answer\n\n"));
            }
            o.code = 1;
        }
        Lookup::NxDomain => {
            if old {
                o.stderr.push_str(&format!("nslookup: can't resolve '{name}'\n"));
            } else {
                o.stdout.push_str(&format!("** server can't find {name}: NXDOMAIN\n\n"));
            }
            o.code = 1;
        }
    }
    o
}

fn curl(host: &mut dyn Host, args: &[String]) -> ExecOutput {
    let mut include = false;
    let mut fail = false;
    let mut url = None;
    let mut skip = false;
    for (k, a) in args.iter().enumerate() {
        if skip {
            skip = false;
            continue;
        }
        match a.as_str() {
            "-i" | "--include" => include = true,
            "-f" | "--fail" => fail = true,
            "-s" | "--silent" | "-S" | "-sS" | "-L" | "-v" | "-k" => {}
            "-o" | "-m" | "--max-time" | "-H" | "-X" | "-w" => skip = k + 1 < args.len(),
            f if f.starts_with('-') && f.len() > 1 => {
                include |= f.contains('i');
                fail |= f.contains('f');
            }
            u => url = Some(u.to_string()),
        }
    }
    let Some(url) = url else {
        return out("", "curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
    };
    let url = match parse_url(&url) {
        Ok(u) => u,
        Err(e) => return out("", format!("{e}\n"), 3),
    };
    match host.http(&url) {
        Ok((status, body)) => {
            if fail && status >= 400 {
                return out("", format!("curl: (22) The requested URL returned error: {status}\n"), 22);
            }
            let mut o = out("", "", 0);
            if include {
                o.stdout.push_str(&format!(
                    "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    reason_phrase(status),
                    body.len()
                ));
            }
            o.stdout.push_str(&body);
            o
        }
        Err(HttpError::Resolve) => out("", format!("curl: (6) Could not resolve host: {}\n", url.host), 6),
        Err(HttpError::Refused { .. }) => out(
            "",
            format!(
                "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server\n",
                url.host, url.port
            ),
            7,
        ),
        // curl has no default total timeout; the simulation stops where `--max-time 300` would.
        Err(HttpError::Timeout) => {
            out("", "curl: (28) Operation timed out after 300000 milliseconds with 0 bytes received\n", 28)
        }
    }
}

fn wget(host: &mut dyn Host, args: &[String]) -> ExecOutput {
    let quiet = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('q'));
    let to_stdout =
        args.windows(2).any(|w| w[0].ends_with('O') && w[1] == "-") || args.iter().any(|a| a == "-O-" || a == "-qO-");
    let Some(url) = args.iter().rev().find(|a| !a.starts_with('-') && *a != "-").cloned() else {
        return out("", "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n", 1);
    };
    let url = match parse_url(&url) {
        Ok(u) => u,
        Err(_) => return out("", format!("wget: bad address '{url}'\n"), 1),
    };
    let mut o = out("", "", 0);
    if !quiet {
        o.stderr.push_str(&format!("Connecting to {}:{} ...\n", url.host, url.port));
    }
    match host.http(&url) {
        Ok((status, body)) if status < 400 => {
            if to_stdout {
                o.stdout.push_str(&body);
            } else {
                let _ = host.write("index.html", &body, false);
                if !quiet {
                    o.stderr.push_str("saving to 'index.html'\n");
                }
            }
        }
        Ok((status, _)) => {
            o.stderr.push_str(&format!("wget: server returned error: HTTP/1.1 {status} {}\n", reason_phrase(status)));
            o.code = 1;
        }
        Err(HttpError::Resolve) => {
            o.stderr.push_str(&format!("wget: bad address '{}'\n", url.host));
            o.code = 1;
        }
        Err(HttpError::Refused { ip }) => {
            o.stderr.push_str(&format!("wget: can't connect to remote host ({ip}): Connection refused\n"));
            o.code = 1;
        }
        Err(HttpError::Timeout) => {
            o.stderr.push_str("wget: download timed out\n");
            o.code = 1;
        }
    }
    o
}

// ---- sh -c ----------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Semi,
    And,
    Or,
    /// `>`/`>>`, and `2>`/`2>>` for standard error (`stderr`).
    Redirect {
        append: bool,
        stderr: bool,
    },
    Pipe,
}

/// Splits a script into words and operators, expanding quotes, `$VAR`, `${VAR}` and `$(cmd)`.
fn lex(host: &mut dyn Host, script: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut i = 0;
    let flush = |word: &mut String, in_word: &mut bool, toks: &mut Vec<Tok>| {
        if *in_word {
            toks.push(Tok::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' => flush(&mut word, &mut in_word, &mut toks),
            ';' => {
                flush(&mut word, &mut in_word, &mut toks);
                toks.push(Tok::Semi);
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                flush(&mut word, &mut in_word, &mut toks);
                toks.push(Tok::And);
                i += 1;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                flush(&mut word, &mut in_word, &mut toks);
                toks.push(Tok::Or);
                i += 1;
            }
            '|' => {
                flush(&mut word, &mut in_word, &mut toks);
                toks.push(Tok::Pipe);
            }
            '>' => {
                // `2>` right after a blank is standard error's; a `2` inside a word (`a2>f`) is the word's.
                let stderr = in_word && word == "2" && (i < 2 || matches!(chars[i - 2], ' ' | '\t' | '\n' | ';'));
                if stderr || (in_word && word == "1" && (i < 2 || chars[i - 2] == ' ')) {
                    word.clear();
                    in_word = false;
                }
                flush(&mut word, &mut in_word, &mut toks);
                let append = chars.get(i + 1) == Some(&'>');
                if append {
                    i += 1;
                }
                toks.push(Tok::Redirect { append, stderr });
            }
            '\'' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    word.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err("Syntax error: Unterminated quoted string".into());
                }
            }
            '"' => {
                in_word = true;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '$' {
                        i = expand(host, &chars, i, &mut word)?;
                        continue;
                    }
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        i += 1;
                    }
                    word.push(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err("Syntax error: Unterminated quoted string".into());
                }
            }
            '$' => {
                in_word = true;
                i = expand(host, &chars, i, &mut word)?;
                continue;
            }
            '\\' if i + 1 < chars.len() => {
                in_word = true;
                word.push(chars[i + 1]);
                i += 1;
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
        i += 1;
    }
    flush(&mut word, &mut in_word, &mut toks);
    Ok(toks)
}

/// The words of `text` after quote removal and expansion (a `for` list, an assignment's value, `sleep`'s
/// argument); an operator in it is an error.
pub fn expand_words(host: &mut dyn Host, text: &str) -> Result<Vec<String>, String> {
    lex(host, text)?
        .into_iter()
        .map(|t| match t {
            Tok::Word(w) => Ok(w),
            _ => Err(format!("Syntax error: bad word: {text}")),
        })
        .collect()
}

/// Expands the `$...` at `chars[i]` into `word`; returns the index after it.
fn expand(host: &mut dyn Host, chars: &[char], i: usize, word: &mut String) -> Result<usize, String> {
    let next = chars.get(i + 1).copied();
    match next {
        Some('(') if chars.get(i + 2) == Some(&'(') => {
            let close = (i + 3..chars.len().saturating_sub(1)).find(|&j| chars[j] == ')' && chars[j + 1] == ')');
            let close = close.ok_or("Syntax error: Missing '))'")?;
            let expr: String = chars[i + 3..close].iter().collect();
            let env = host.env();
            let var = |n: &str| env.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap_or_default();
            word.push_str(&super::script::arith(&expr, &var)?.to_string());
            Ok(close + 2)
        }
        Some('(') => {
            let mut depth = 0;
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= chars.len() {
                return Err("Syntax error: end of file unexpected (expecting \")\")".into());
            }
            let inner: String = chars[i + 2..j].iter().collect();
            let o = shell(host, &inner);
            word.push_str(o.stdout.trim_end_matches('\n'));
            Ok(j + 1)
        }
        Some('{') => {
            let end = chars[i..].iter().position(|c| *c == '}').map(|p| p + i).ok_or("Syntax error: Missing '}'")?;
            let name: String = chars[i + 2..end].iter().collect();
            word.push_str(&host.env().into_iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_default());
            Ok(end + 1)
        }
        Some('?') => {
            word.push_str(&host.status().to_string());
            Ok(i + 2)
        }
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().collect();
            word.push_str(&host.env().into_iter().find(|(k, _)| *k == name).map(|(_, v)| v).unwrap_or_default());
            Ok(j)
        }
        _ => {
            word.push('$');
            Ok(i + 1)
        }
    }
}

#[derive(Clone)]
enum Sink {
    Out,
    Err,
    Null,
    File(String, bool),
}

/// One pipeline stage: its words, its redirections (file, append, standard error's).
type Stage = (Vec<String>, Vec<(String, bool, bool)>);

/// `sh -c SCRIPT`: lists of pipelines joined by `;`, `&&`, `||`; each command may redirect its output.
/// Joins `path` onto `base` and folds `.` and `..`, as the shell's `cd` does logically.
fn join_path(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if path.starts_with('/') { Vec::new() } else { base.split('/').collect() };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined: Vec<&str> = parts.into_iter().filter(|s| !s.is_empty()).collect();
    format!("/{}", joined.join("/"))
}

fn cd(host: &mut dyn Host, target: Option<&str>) -> ExecOutput {
    let gnu = host.userland() == Userland::Gnu;
    let target = target.unwrap_or("/root");
    let dir = join_path(&host.workdir(), target);
    match host.read(&dir) {
        Err(FsError::IsDir) => {
            host.set_workdir(dir);
            out("", "", 0)
        }
        _ if dir == "/" => {
            host.set_workdir(dir);
            out("", "", 0)
        }
        _ if gnu => out("", format!("sh: 1: cd: can't cd to {target}\n"), 2),
        _ => out("", format!("sh: cd: can't cd to {target}: No such file or directory\n"), 2),
    }
}

pub fn shell(host: &mut dyn Host, script: &str) -> ExecOutput {
    try_shell(host, script).unwrap_or_else(|e| out("", format!("sh: 1: {e}\n"), 2))
}

/// [`shell`], with a syntax or expansion error apart: such an error ends a non-interactive shell, so a script
/// process (`super::script`) exits on it where a command's own failure only sets `$?`.
pub fn try_shell(host: &mut dyn Host, script: &str) -> Result<ExecOutput, String> {
    let gnu = host.userland() == Userland::Gnu;
    let toks = lex(host, script)?;
    let mut total = out("", "", 0);
    let mut k = 0;
    let mut skip_next = false;
    while k < toks.len() {
        // One pipeline: stages separated by `|`, each with an optional redirection.
        let mut stages: Vec<Stage> = vec![(Vec::new(), Vec::new())];
        while k < toks.len() {
            match &toks[k] {
                Tok::Word(w) => stages.last_mut().expect("one stage").0.push(w.clone()),
                Tok::Redirect { append, stderr } => {
                    k += 1;
                    match toks.get(k) {
                        Some(Tok::Word(f)) => {
                            stages.last_mut().expect("one stage").1.push((f.clone(), *append, *stderr))
                        }
                        _ => return Ok(out(total.stdout, "sh: 1: Syntax error: newline unexpected\n", 2)),
                    }
                }
                Tok::Pipe => stages.push((Vec::new(), Vec::new())),
                _ => break,
            }
            k += 1;
        }
        let op = toks.get(k).cloned();
        k += 1;
        if !skip_next && stages.iter().any(|(w, _)| !w.is_empty()) {
            let mut piped: Option<String> = None;
            let mut code = 0;
            for (words, redirects) in stages {
                if words.is_empty() {
                    return Ok(out(total.stdout, "sh: 1: Syntax error: \"|\" unexpected\n", 2));
                }
                let bin = words[0].rsplit('/').next().unwrap_or("").to_string();
                // `cd` is the shell's own too: later commands of this script resolve paths from there.
                if words[0] == "cd" {
                    let o = cd(host, words.get(1).map(String::as_str));
                    total.stderr.push_str(&o.stderr);
                    code = o.code;
                    piped = Some(String::new());
                    continue;
                }
                // `exit [N]` is the shell's own: it ends the script with N (default: the last status).
                if words[0] == "exit" {
                    let code = match words.get(1) {
                        None => total.code,
                        Some(n) => match n.parse::<i64>() {
                            Ok(v) => v.rem_euclid(256) as i32,
                            Err(_) => {
                                total.stderr.push_str(&format!("sh: 1: exit: Illegal number: {n}\n"));
                                2
                            }
                        },
                    };
                    total.stdout.push_str(&piped.unwrap_or_default());
                    total.code = code;
                    return Ok(total);
                }
                // dash, ash and bash run these themselves, so a shell finds them in an image without the binaries
                let mut o = if host.has(&bin) || SHELL_BUILTINS.contains(&bin.as_str()) {
                    builtin(host, &bin, &words[1..], piped.as_deref())
                } else if gnu {
                    out("", format!("sh: 1: {}: not found\n", words[0]), 127)
                } else {
                    out("", format!("sh: {}: not found\n", words[0]), 127)
                };
                // Where fd 1 and fd 2 point, redirection by redirection as the shell dup2s them: `>/dev/null 2>&1`
                // silences both, `2>&1 >/dev/null` only standard output.
                let mut sinks = [Sink::Out, Sink::Err];
                for (file, append, stderr) in redirects {
                    sinks[usize::from(stderr)] = match file.as_str() {
                        "&1" => sinks[0].clone(),
                        "&2" => sinks[1].clone(),
                        "/dev/null" => Sink::Null,
                        f => Sink::File(f.to_string(), append),
                    };
                }
                let streams = [std::mem::take(&mut o.stdout), std::mem::take(&mut o.stderr)];
                let mut written: Vec<String> = Vec::new();
                for (sink, text) in sinks.into_iter().zip(streams) {
                    let (file, append) = match sink {
                        Sink::Out => {
                            o.stdout.push_str(&text);
                            continue;
                        }
                        Sink::Err => {
                            o.stderr.push_str(&text);
                            continue;
                        }
                        Sink::Null => continue,
                        Sink::File(f, append) => {
                            let again = written.contains(&f);
                            (f, append || again)
                        }
                    };
                    written.push(file.clone());
                    if let Err(e) = host.write(&file, &text, append) {
                        // dash's and BusyBox ash's openredirect wordings (ENOENT has its own in each).
                        let why = match e {
                            FsError::IsDir => "Is a directory",
                            FsError::ReadOnly => "Read-only file system",
                            FsError::NotFound if gnu => "Directory nonexistent",
                            FsError::NotFound => "nonexistent directory",
                        };
                        o.stderr.push_str(&if gnu {
                            format!("sh: 1: cannot create {file}: {why}\n")
                        } else {
                            format!("sh: can't create {file}: {why}\n")
                        });
                        o.code = 2;
                    }
                }
                total.stderr.push_str(&o.stderr);
                code = o.code;
                piped = Some(o.stdout);
            }
            total.stdout.push_str(&piped.unwrap_or_default());
            total.code = code;
        }
        skip_next = match op {
            Some(Tok::And) => total.code != 0,
            Some(Tok::Or) => total.code == 0,
            _ => false,
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_matches_gnu_default_format() {
        assert_eq!(date_text(0), "Sat Mar 15 17:03:35 UTC 2025");
        assert_eq!(date_text(86_400_000 * 17), "Tue Apr  1 17:03:35 UTC 2025");
    }
}
