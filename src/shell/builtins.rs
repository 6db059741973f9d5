//! The small Unix tools a learner pipes kubectl into (`grep`, `head`, `tail`, `wc -l`, `sort`, `base64`) and
//! the shell's own builtins (`echo`, `cat`, `ls`, `export`, `cd`, `history`, `clear`, `help`).

use super::{Io, Session};

pub const HELP: &str = "StatefulSet Playground shell. Commands:
  kubectl get|describe|logs|exec|apply|create|delete|scale|patch|label|annotate|set image|rollout|
          port-forward|run|wait|api-resources|version|cluster-info
  helm install|upgrade|rollback|uninstall|list|status|history|get values|get manifest|template|
       show values|lint|test|create|package|dependency|pull|version
  curl URL, hey -n N -c C URL, nslookup NAME (also: kubectl exec POD -- nslookup NAME), minikube service NAME
  sleep DURATION, timeout DURATION CMD, watch CMD (the ways simulated time passes besides waiting commands)
  echo, cat, ls, cd, pwd, export, unset, grep, head, tail, wc, sort, uniq, cut, tr, sed, awk, jq, xargs, seq, date, base64, rm, rmdir, mkdir, touch, history,
  cp, mv, tee, find, diff, tac, rev, paste, nl, column -t, expr, sha256sum, md5sum, stat -c, du, basename, dirname,
  less, chmod, bash FILE, ./FILE, eval, source, let, command -v, trap, getopts, shift, shopt,
  clear, test/[ ], break, continue, jobs, kill %N, fg
Shell syntax: quotes, $VAR, ${VAR}, $(cmd), $((1 + 2)), <(cmd) >(cmd), {a,b} {1..3}, |, &&, ||, !, ;, & (a job), > file,
>> file, 2>&1, heredocs (cat <<EOF > f.yaml), for/while/until/if/case/select, { ...; }, ( ... ), over several lines.
In the page: Tab completes, Ctrl-C stops a watch (kubectl get -w, logs -f), Ctrl-L clears.
The working directory holds the shipped charts: ./python-time-app and ./scala-time-app.
";

pub fn run(s: &mut Session, argv: &[String], stdin: Option<String>) -> Io {
    let args = &argv[1..];
    match argv[0].as_str() {
        "echo" => echo(args),
        "printf" if args.first().is_some_and(|a| a == "-v") => printf_var(s, args),
        "printf" => printf(args),
        "mapfile" | "readarray" => super::array::mapfile(&mut s.env, &argv[0], args, stdin),
        "cat" => super::coreutils::cat(s, args, stdin),
        // a pager prints what it would page: the page's terminal scrolls
        "less" | "more" => {
            let files: Vec<String> = args.iter().filter(|a| !a.starts_with(['-', '+'])).cloned().collect();
            super::coreutils::cat(s, &files, stdin)
        }
        "cp" | "mv" => s.cp_mv(&argv[0], args),
        "tee" => s.tee(args, stdin),
        "find" => s.find(args),
        "diff" => s.diff(args),
        "ls" => super::coreutils::ls(s, args),
        "pwd" => Io::ok(format!("{}\n", s.env("PWD").unwrap_or("/"))),
        "cd" => cd(s, args),
        "export" => super::declare::run(s, "export", args),
        "env" | "printenv" => {
            let mut out = String::new();
            for (k, v) in s.env.iter().filter(|(k, _)| !k.contains('[')) {
                if args.is_empty() || args.contains(k) {
                    out.push_str(&if args.is_empty() { format!("{k}={v}\n") } else { format!("{v}\n") });
                }
            }
            Io::ok(out)
        }
        "true" | ":" => Io::default(),
        "false" => Io { code: 1, ..Default::default() },
        "grep" => s.grep(args, stdin),
        "head" | "tail" => super::coreutils::head_tail(s, &argv[0], args, stdin),
        "wc" => super::coreutils::wc(s, args, stdin),
        "sort" => super::coreutils::sort(s, args, stdin),
        "uniq" => super::coreutils::uniq(s, args, stdin),
        "tac" | "rev" => super::coreutils::tac_rev(s, &argv[0], args, stdin),
        "paste" => super::coreutils::paste(s, args, stdin),
        "basename" | "dirname" => super::coreutils::base_dir(&argv[0], args),
        "base64" => base64_cmd(s, args, stdin),
        "cut" => super::textutil::cut(s, args, stdin),
        "tr" => super::textutil::tr(args, stdin),
        "nl" => super::textutil::nl(s, args, stdin),
        "column" => super::textutil::column(s, args, stdin),
        "expr" => super::expr::run(args),
        "sha256sum" | "md5sum" => super::fileinfo::checksum(s, &argv[0], args, stdin),
        "stat" => super::fileinfo::stat(s, args),
        "du" => super::fileinfo::du(s, args),
        "xargs" => super::xargs::run(s, args, stdin),
        "sed" => super::sed::run(s, args, stdin),
        "awk" | "mawk" => super::awk::run(s, &argv[0], args, stdin),
        "jq" => super::jq::run(s, args, stdin),
        "date" => super::hostcmds::date(s, args),
        "whoami" => super::hostcmds::whoami(s),
        "hostname" => super::hostcmds::hostname(),
        "uname" => super::hostcmds::uname(args),
        "which" => super::hostcmds::which(args),
        "type" => super::hostcmds::type_builtin(s, args),
        "rm" => s.rm(args),
        "rmdir" => s.rmdir(args),
        "touch" => {
            for a in args {
                if !s.is_dir(a) {
                    let key = s.resolve(a);
                    s.files.entry(key).or_default();
                }
            }
            Io::default()
        }
        "mkdir" => s.mkdir(args),
        "seq" => seq(args),
        "clear" => Io::ok("\x1b[H\x1b[2J\x1b[3J"),
        "history" => {
            let out: String =
                s.history.iter().enumerate().map(|(i, c)| format!("{:>5}  {c}\n", i + 1)).collect();
            Io::ok(out)
        }
        "help" => Io::ok(HELP),
        "exit" => Io::ok("exit\n"),
        "vi" | "vim" | "nano" | "emacs" | "code" => Io::fail(
            127,
            format!(
                "bash: {}: command not found\n(edit files in the playground's editor, or write them with cat <<EOF > FILE)\n",
                argv[0]
            ),
        ),
        other => Io::fail(127, format!("bash: {other}: command not found\n")),
    }
}

fn echo(args: &[String]) -> Io {
    let mut newline = true;
    let mut escapes = false;
    let mut rest = args;
    while let Some(a) = rest.first() {
        match a.as_str() {
            "-n" => newline = false,
            "-e" => escapes = true,
            "-E" => escapes = false,
            "-ne" | "-en" => {
                newline = false;
                escapes = true
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    let mut s = rest.join(" ");
    if escapes {
        s = s.replace("\\n", "\n").replace("\\t", "\t");
    }
    if newline {
        s.push('\n');
    }
    Io::ok(s)
}

fn printf(args: &[String]) -> Io {
    let Some(fmt) = args.first() else {
        return Io::fail(2, "printf: usage: printf [-v var] format [arguments]\n");
    };
    let (out, errs, code) = super::cfmt::bash_printf(fmt, &args[1..]);
    // bash's messages go straight to standard error, its output is buffered until the command ends.
    let mut io = Io::fail(code, errs);
    io.out(out);
    io
}

/// `printf -v NAME FORMAT [ARGUMENTS]`: the output into a variable.
fn printf_var(s: &mut Session, args: &[String]) -> Io {
    let usage = "printf: usage: printf [-v var] format [arguments]\n";
    let Some(name) = args.get(1) else {
        return Io::fail(2, format!("bash: printf: -v: option requires an argument\n{usage}"));
    };
    let valid = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Io::fail(2, format!("bash: printf: `{name}': not a valid identifier\n"));
    }
    let Some(fmt) = args.get(2) else { return Io::fail(2, usage) };
    let (out, errs, code) = super::cfmt::bash_printf(fmt, &args[3..]);
    s.env.insert(name.clone(), out);
    Io::fail(code, errs)
}

/// The input of a filter: named files (in order) or standard input.
pub(super) fn inputs(s: &Session, tool: &str, files: &[&String], stdin: Option<String>, io: &mut Io) -> String {
    if files.is_empty() {
        return stdin.unwrap_or_default();
    }
    let mut text = String::new();
    for f in files {
        if f.as_str() == "-" {
            text.push_str(stdin.as_deref().unwrap_or(""));
            continue;
        }
        match s.read_file(f) {
            Ok(b) => text.push_str(&String::from_utf8_lossy(&b)),
            Err(e) => {
                // each tool words a directory's read error its own way
                io.err(match tool {
                    "sort" if s.is_dir(f) => format!("sort: read failed: {f}: {e}\n"),
                    "sort" => format!("sort: cannot read: {f}: {e}\n"),
                    "uniq" if s.is_dir(f) => format!("uniq: error reading '{f}'\n"),
                    "tac" if s.is_dir(f) => format!("tac: {f}: read error: Invalid argument\n"),
                    _ => format!("{tool}: {f}: {e}\n"),
                });
                io.code = if tool == "grep" || tool == "sort" { 2 } else { 1 };
            }
        }
    }
    text
}

fn cd(s: &mut Session, args: &[String]) -> Io {
    let target = args.first().cloned().unwrap_or_else(|| "~".into());
    if !s.is_dir(&target) {
        let why =
            if s.files.contains_key(&s.resolve(&target)) { "Not a directory" } else { "No such file or directory" };
        return Io::fail(1, format!("bash: cd: {target}: {why}\n"));
    }
    let key = s.resolve(&target);
    let home = s.env.get("HOME").cloned().unwrap_or_default();
    let pwd = if key.is_empty() {
        home
    } else if key.starts_with('/') {
        key
    } else {
        format!("{home}/{key}")
    };
    s.env.insert("PWD".into(), pwd);
    Io::default()
}

fn base64_cmd(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let decode = args.iter().any(|a| a == "-d" || a == "--decode" || a == "-D");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let mut io = Io::default();
    let text = inputs(s, "base64", &files, stdin, &mut io);
    if decode {
        match crate::base64::decode(&text) {
            Some(b) => io.out(String::from_utf8_lossy(&b).into_owned()),
            None => {
                io.err("base64: invalid input\n");
                io.code = 1;
            }
        }
    } else {
        let enc = crate::base64::encode(text.as_bytes());
        let mut out = String::new();
        for chunk in enc.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
            out.push('\n');
        }
        io.out(out);
    }
    io
}

/// GNU `seq [-s SEP] [FIRST [INCREMENT]] LAST`, for the integers loops count with.
fn seq(args: &[String]) -> Io {
    let mut sep = "\n".to_string();
    let mut nums = Vec::new();
    let mut equal_width = false;
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
            "-w" | "--equal-width" => equal_width = true,
            "-s" => sep = rest.next().cloned().unwrap_or_default(),
            s if s.starts_with("-s") => sep = s[2..].to_string(),
            s => nums.push(s.to_string()),
        }
    }
    let usage = |what: String| Io::fail(1, format!("seq: {what}\nTry 'seq --help' for more information.\n"));
    if nums.is_empty() {
        return usage("missing operand".into());
    }
    if nums.len() > 3 {
        return usage(format!("extra operand '{}'", nums[3]));
    }
    let mut v = Vec::new();
    for n in &nums {
        match n.parse::<i64>() {
            Ok(x) => v.push(x),
            Err(_) if n.parse::<f64>().is_ok() => {
                return Io::fail(1, "stsplay: seq counts in whole numbers here\n");
            }
            Err(_) => return usage(format!("invalid floating point argument: '{n}'")),
        }
    }
    let (first, step, last) = match v.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        _ => unreachable!(),
    };
    if step == 0 {
        return usage(format!("invalid Zero increment value: '{}'", nums[1]));
    }
    // a learner's `seq 1 100000000` must not fill the page: at most a million numbers
    let mut out = Vec::new();
    let mut x = first;
    // -w: zeros after the sign, to the width of the wider end
    let width = if equal_width { first.to_string().len().max(last.to_string().len()) } else { 0 };
    while (step > 0 && x <= last) || (step < 0 && x >= last) {
        out.push(format!("{x:0width$}"));
        if out.len() >= 1_000_000 {
            break;
        }
        let Some(n) = x.checked_add(step) else { break };
        x = n;
    }
    if out.is_empty() {
        return Io::default();
    }
    Io::ok(format!("{}\n", out.join(&sep)))
}
