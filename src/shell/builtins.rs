//! The small Unix tools a learner pipes kubectl into (`grep`, `head`, `tail`, `wc -l`, `sort`, `base64`) and
//! the shell's own builtins (`echo`, `cat`, `ls`, `export`, `cd`, `history`, `clear`, `help`).

use super::{Io, Session};

pub const HELP: &str = "StatefulSet Playground shell. Commands:
  kubectl get|describe|logs|exec|apply|create|delete|scale|patch|label|annotate|set image|rollout|
          port-forward|run|wait|api-resources|version|cluster-info
  helm install|upgrade|rollback|uninstall|list|status|history|get values|get manifest|template|
       show values|lint|test|create|version
  curl URL, hey -n N -c C URL, nslookup NAME (also: kubectl exec POD -- nslookup NAME), minikube service NAME
  sleep DURATION, timeout DURATION CMD (the only ways simulated time passes besides waiting commands)
  echo, cat, ls, cd, pwd, export, unset, grep, head, tail, wc, sort, uniq, cut, tr, sed, awk, xargs, seq, date, base64, rm, touch, history,
  clear, test/[ ], break, continue, jobs, kill %N, fg
Shell syntax: quotes, $VAR, ${VAR}, $(cmd), $((1 + 2)), {a,b} {1..3}, |, &&, ||, !, ;, & (a job), > file,
>> file, 2>&1, heredocs (cat <<EOF > f.yaml), for/while/until/if/case, { ...; }, ( ... ), over several lines.
In the page: Tab completes, Ctrl-C stops a watch (kubectl get -w, logs -f), Ctrl-L clears.
The working directory holds the shipped charts: ./python-time-app and ./scala-time-app.
";

pub fn run(s: &mut Session, argv: &[String], stdin: Option<String>) -> Io {
    let args = &argv[1..];
    match argv[0].as_str() {
        "echo" => echo(args),
        "printf" => printf(args),
        "cat" => cat(s, args, stdin),
        "ls" => ls(s, args),
        "pwd" => Io::ok(format!("{}\n", s.env("PWD").unwrap_or("/"))),
        "cd" => cd(s, args),
        "export" => export(s, args),
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
        "grep" => grep(s, args, stdin),
        "head" => head_tail(s, "head", args, stdin),
        "tail" => head_tail(s, "tail", args, stdin),
        "wc" => wc(s, args, stdin),
        "sort" => sort(s, args, stdin),
        "uniq" => {
            let input = stdin.unwrap_or_default();
            let mut out = String::new();
            let mut prev: Option<&str> = None;
            for l in input.lines() {
                if prev != Some(l) {
                    out.push_str(l);
                    out.push('\n');
                }
                prev = Some(l);
            }
            Io::ok(out)
        }
        "base64" => base64_cmd(s, args, stdin),
        "cut" => super::textutil::cut(s, args, stdin),
        "tr" => super::textutil::tr(args, stdin),
        "xargs" => super::xargs::run(s, args, stdin),
        "sed" => super::sed::run(s, args, stdin),
        "awk" | "mawk" => super::awk::run(s, &argv[0], args, stdin),
        "date" => super::hostcmds::date(s, args),
        "whoami" => super::hostcmds::whoami(s),
        "hostname" => super::hostcmds::hostname(),
        "uname" => super::hostcmds::uname(args),
        "which" => super::hostcmds::which(args),
        "type" => super::hostcmds::type_builtin(s, args),
        "rm" => {
            let mut io = Io::default();
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let key = s.resolve(a);
                if s.files.remove(&key).is_none() {
                    if s.is_dir(a) && args.iter().any(|x| x.starts_with('-') && x.contains('r')) {
                        s.files.retain(|k, _| !k.starts_with(&format!("{key}/")));
                    } else if s.is_dir(a) {
                        io.err(format!("rm: cannot remove '{a}': Is a directory\n"));
                        io.code = 1;
                    } else if !args.iter().any(|x| x == "-f" || x == "-rf") {
                        io.err(format!("rm: cannot remove '{a}': No such file or directory\n"));
                        io.code = 1;
                    }
                }
            }
            io
        }
        "touch" => {
            for a in args {
                let key = s.resolve(a);
                s.files.entry(key).or_default();
            }
            Io::default()
        }
        "mkdir" => Io::default(),
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
                io.err(format!("{tool}: {f}: {e}\n"));
                io.code = if tool == "grep" { 2 } else { 1 };
            }
        }
    }
    text
}

fn cat(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-') || a.as_str() == "-").collect();
    let mut io = Io::default();
    let text = inputs(s, "cat", &files, stdin, &mut io);
    let code = io.code;
    let mut r = Io::ok(text);
    r.chunks.extend(io.chunks);
    r.code = code;
    r
}

fn ls(s: &Session, args: &[String]) -> Io {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let all = args.iter().any(|a| a.starts_with('-') && a.contains('a'));
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let targets: Vec<String> =
        if paths.is_empty() { vec![".".into()] } else { paths.iter().map(|p| p.to_string()).collect() };
    let mut io = Io::default();
    let many = targets.len() > 1;
    for (n, t) in targets.iter().enumerate() {
        let key = s.resolve(t);
        if s.files.contains_key(&key) {
            io.out(format!("{t}\n"));
            continue;
        }
        if !s.is_dir(t) {
            io.err(format!("ls: cannot access '{t}': No such file or directory\n"));
            io.code = 2;
            continue;
        }
        let mut names: Vec<(String, bool)> = Vec::new();
        for rel in s.dir_files(t).keys() {
            let (first, is_dir) = match rel.split_once('/') {
                Some((d, _)) => (d.to_string(), true),
                None => (rel.clone(), false),
            };
            if !names.iter().any(|(n, _)| *n == first) && (all || !first.starts_with('.')) {
                names.push((first, is_dir));
            }
        }
        // GNU ls sorts by the locale's collation, which ignores case and leading dots for these names
        crate::sort::sort_by_key(&mut names, |(n, _)| n.trim_start_matches('.').to_lowercase());
        if many {
            if n > 0 {
                io.out("\n");
            }
            io.out(format!("{t}:\n"));
        }
        let mut out = String::new();
        for (name, is_dir) in names {
            if long {
                let size = if is_dir { 4096 } else { s.files.get(&join(&key, &name)).map_or(0, Vec::len) };
                let mode = if is_dir { "drwxr-xr-x" } else { "-rw-r--r--" };
                out.push_str(&format!("{mode} 1 learner learner {size:>5} Mar 15 17:03 {name}\n"));
            } else {
                out.push_str(&name);
                out.push('\n');
            }
        }
        io.out(out);
    }
    io
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
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

fn export(s: &mut Session, args: &[String]) -> Io {
    if args.is_empty() || args[0] == "-p" {
        let out: String =
            s.env.iter().filter(|(k, _)| !k.contains('[')).map(|(k, v)| format!("declare -x {k}=\"{v}\"\n")).collect();
        return Io::ok(out);
    }
    let mut io = Io::default();
    for a in args {
        let (name, value) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (a.as_str(), None),
        };
        if name.is_empty()
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || name.starts_with(|c: char| c.is_ascii_digit())
        {
            io.err(format!("bash: export: `{a}': not a valid identifier\n"));
            io.code = 1;
            continue;
        }
        if let Some(v) = value {
            s.env.insert(name.to_string(), v.to_string());
        } else {
            s.env.entry(name.to_string()).or_default();
        }
    }
    io
}

/// A small regular-expression subset for grep: literals, `.`, `^`, `$`, `*`, `.*`, `[abc]`, and `a|b` with -E
/// (or `\|` in basic mode).
fn re_match(pat: &str, text: &str) -> bool {
    let t: Vec<char> = text.chars().collect();
    re_find(pat, &t, 0).is_some()
}

/// The leftmost match of `pat` in `t` starting at or after `from`, as a char range, the longest one at that start
/// (POSIX leftmost-longest, which is what `grep -o` prints). `^` only matches at the start of the line.
fn re_find(pat: &str, t: &[char], from: usize) -> Option<(usize, usize)> {
    fn atom_len(p: &[char]) -> usize {
        if p[0] == '[' {
            p.iter().position(|&c| c == ']').map_or(1, |i| i + 1)
        } else if p[0] == '\\' && p.len() > 1 {
            2
        } else {
            1
        }
    }
    fn atom_matches(a: &[char], c: char) -> bool {
        match a[0] {
            '.' => true,
            '[' => {
                let inner = &a[1..a.len().saturating_sub(1)];
                let (neg, inner) = if inner.first() == Some(&'^') { (true, &inner[1..]) } else { (false, inner) };
                let mut hit = false;
                let mut i = 0;
                while i < inner.len() {
                    if i + 2 < inner.len() && inner[i + 1] == '-' {
                        hit |= inner[i] <= c && c <= inner[i + 2];
                        i += 3;
                    } else {
                        hit |= inner[i] == c;
                        i += 1;
                    }
                }
                hit != neg
            }
            '\\' => a.get(1) == Some(&c),
            x => x == c,
        }
    }
    /// How many chars of `t` the longest match of `p` at its start takes.
    fn longest(p: &[char], t: &[char]) -> Option<usize> {
        if p.is_empty() {
            return Some(0);
        }
        if p == ['$'] {
            return t.is_empty().then_some(0);
        }
        let n = atom_len(p);
        if p.get(n) == Some(&'*') {
            let mut best = None;
            let mut i = 0;
            loop {
                if let Some(k) = longest(&p[n + 1..], &t[i..]) {
                    best = best.max(Some(i + k));
                }
                if i < t.len() && atom_matches(&p[..n], t[i]) {
                    i += 1;
                } else {
                    return best;
                }
            }
        }
        if !t.is_empty() && atom_matches(&p[..n], t[0]) {
            longest(&p[n..], &t[1..]).map(|k| k + 1)
        } else {
            None
        }
    }
    let p: Vec<char> = pat.chars().collect();
    if p.first() == Some(&'^') {
        return if from == 0 { longest(&p[1..], t).map(|k| (0, k)) } else { None };
    }
    (from..=t.len()).find_map(|i| longest(&p, &t[i..]).map(|k| (i, i + k)))
}

/// `grep -o`: the non-empty matches of any alternative, left to right, the longest at each start; an empty match
/// moves on by one char, as GNU grep does (it prints nothing for it).
fn only_matching(alts: &[String], word: bool, hay: &[char], line: &[char]) -> Vec<String> {
    let is_word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut out = Vec::new();
    let mut at = 0;
    while at <= hay.len() {
        let mut best: Option<(usize, usize)> = None;
        for p in alts {
            let mut from = at;
            while let Some((s, e)) = re_find(p, hay, from) {
                let whole = !word || (!is_word(s.checked_sub(1).and_then(|i| hay.get(i))) && !is_word(hay.get(e)));
                if whole && e > s {
                    if best.is_none_or(|(bs, be)| s < bs || (s == bs && e > be)) {
                        best = Some((s, e));
                    }
                    break;
                }
                from = s + 1;
            }
        }
        let Some((s, e)) = best else { break };
        out.push(line.get(s..e).unwrap_or(&hay[s..e]).iter().collect());
        at = e;
    }
    out
}

fn grep(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let mut invert = false;
    let mut icase = false;
    let mut count = false;
    let mut extended = false;
    let mut word = false;
    let mut numbers = false;
    let mut quiet = false;
    let mut only = false;
    // Lines of context after and before each match (-A, -B, -C), as `kubectl describe … | grep -A3 Tolerations`.
    let (mut after, mut before) = (0usize, 0usize);
    let mut patterns: Vec<String> = Vec::new();
    let mut files: Vec<&String> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a.starts_with('-') && a.len() > 1 && !a.starts_with("--") {
            for (i, ch) in a[1..].char_indices() {
                match ch {
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'E' => extended = true,
                    'n' => numbers = true,
                    'q' => quiet = true,
                    'o' => only = true,
                    'F' | 's' => {}
                    'w' => word = true,
                    'A' | 'B' | 'C' => {
                        let rest = &a[2 + i..];
                        let arg = if rest.is_empty() { it.next().cloned().unwrap_or_default() } else { rest.to_string() };
                        let Ok(n) = arg.parse::<usize>() else {
                            return Io::fail(2, format!("grep: {arg}: invalid context length argument\n"));
                        };
                        if ch != 'B' {
                            after = n;
                        }
                        if ch != 'A' {
                            before = n;
                        }
                        break;
                    }
                    'e' => {
                        if let Some(p) = it.next() {
                            patterns.push(p.clone());
                        }
                    }
                    other => {
                        return Io::fail(
                            2,
                            format!("grep: invalid option -- '{other}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"),
                        )
                    }
                }
            }
        } else if patterns.is_empty() {
            patterns.push(a.clone());
        } else {
            files.push(a);
        }
    }
    if patterns.is_empty() {
        return Io::fail(2, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    }
    let mut io = Io::default();
    let text = inputs(s, "grep", &files, stdin, &mut io);
    let alts: Vec<String> = patterns
        .iter()
        .flat_map(|p| {
            let split: Vec<String> = if extended {
                p.split('|').map(str::to_string).collect()
            } else {
                p.split("\\|").map(str::to_string).collect()
            };
            split
        })
        .map(|p| if icase { p.to_lowercase() } else { p })
        .collect();
    let lines: Vec<&str> = text.lines().collect();
    let hits: Vec<bool> = lines
        .iter()
        .map(|line| {
            let hay = if icase { line.to_lowercase() } else { line.to_string() };
            let hit = alts.iter().any(|p| {
                if word {
                    hay.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| re_match(&format!("^{p}$"), w))
                } else {
                    re_match(p, &hay)
                }
            });
            hit != invert
        })
        .collect();
    let n = hits.iter().filter(|h| **h).count();
    // GNU grep: matches as `N:line`, context lines as `N-line` under -n, and `--` between non-adjacent groups.
    let mut out = String::new();
    let mut last: Option<usize> = None;
    for (i, _) in hits.iter().enumerate().filter(|(_, h)| **h) {
        let from = i.saturating_sub(before).max(last.map_or(0, |l| l + 1));
        let to = (i + after).min(lines.len() - 1);
        if (before > 0 || after > 0) && last.is_some_and(|l| from > l + 1) {
            out.push_str("--\n");
        }
        for (j, line) in lines.iter().enumerate().take(to + 1).skip(from) {
            if last.is_some_and(|l| j <= l) {
                continue;
            }
            last = Some(j);
            // -o prints the matched parts of selected lines only: no context lines (the `--` between groups
            // stays), nothing at all with -v.
            if only {
                if hits[j] && !invert {
                    let hay: Vec<char> = if icase { line.to_lowercase() } else { line.to_string() }.chars().collect();
                    let chars: Vec<char> = line.chars().collect();
                    let line = if chars.len() == hay.len() { &chars[..] } else { &hay[..] };
                    for m in only_matching(&alts, word, &hay, line) {
                        if numbers {
                            out.push_str(&format!("{}:", j + 1));
                        }
                        out.push_str(&m);
                        out.push('\n');
                    }
                }
                continue;
            }
            if numbers {
                out.push_str(&format!("{}{}", j + 1, if hits[j] { ':' } else { '-' }));
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    let err_code = io.code;
    let mut r = Io::ok(if quiet {
        String::new()
    } else if count {
        format!("{n}\n")
    } else {
        out
    });
    r.chunks.extend(io.chunks);
    r.code = if err_code != 0 {
        2
    } else if n == 0 {
        1
    } else {
        0
    };
    r
}

fn head_tail(s: &mut Session, tool: &str, args: &[String], stdin: Option<String>) -> Io {
    let mut n: i64 = 10;
    let mut from_start = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let val = if a == "-n" {
            it.next().cloned()
        } else if let Some(v) = a.strip_prefix("-n") {
            Some(v.to_string())
        } else if let Some(v) = a.strip_prefix("--lines=") {
            Some(v.to_string())
        } else if a.starts_with('-') && a.len() > 1 && a[1..].chars().all(|c| c.is_ascii_digit()) {
            Some(a[1..].to_string())
        } else if a.starts_with('-') && a.len() > 1 {
            return Io::fail(
                1,
                format!("{tool}: invalid option -- '{}'\nTry '{tool} --help' for more information.\n", &a[1..2]),
            );
        } else {
            files.push(a);
            None
        };
        if let Some(v) = val {
            let v2 = v.strip_prefix('+').map(|x| {
                from_start = true;
                x.to_string()
            });
            match v2.unwrap_or(v.clone()).parse::<i64>() {
                Ok(x) => n = x,
                Err(_) => return Io::fail(1, format!("{tool}: invalid number of lines: '{v}'\n")),
            }
        }
    }
    let mut io = Io::default();
    let text = inputs(s, tool, &files, stdin, &mut io);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let len = lines.len() as i64;
    let picked: Vec<&str> = if tool == "head" {
        let k = if n < 0 { (len + n).max(0) } else { n.min(len) };
        lines[..k as usize].to_vec()
    } else if from_start {
        let k = (n - 1).clamp(0, len);
        lines[k as usize..].to_vec()
    } else {
        let k = n.clamp(0, len);
        lines[(len - k) as usize..].to_vec()
    };
    let code = io.code;
    let mut r = Io::ok(picked.concat());
    r.chunks.extend(io.chunks);
    r.code = code;
    r
}

fn wc(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a[1..].to_string()).collect();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let mut io = Io::default();
    let text = inputs(s, "wc", &files, stdin, &mut io);
    let l = text.matches('\n').count();
    let w = text.split_whitespace().count();
    let c = text.len();
    let mut parts = Vec::new();
    let all = flags.is_empty();
    if all || flags.contains('l') {
        parts.push(l);
    }
    if all || flags.contains('w') {
        parts.push(w);
    }
    if all || flags.contains('c') || flags.contains('m') {
        parts.push(c);
    }
    let name = files.first().map(|f| format!(" {f}")).unwrap_or_default();
    let line = if parts.len() == 1 && files.is_empty() {
        format!("{}\n", parts[0])
    } else {
        let width = if files.is_empty() { 7 } else { parts.iter().map(|p| p.to_string().len()).max().unwrap_or(1) };
        let cells: Vec<String> = parts.iter().map(|p| format!("{p:>width$}")).collect();
        format!("{}{name}\n", cells.join(" "))
    };
    let code = io.code;
    let mut r = Io::ok(line);
    r.chunks.extend(io.chunks);
    r.code = code;
    r
}

fn sort(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let flags: String = args.iter().filter(|a| a.starts_with('-')).map(|a| a[1..].to_string()).collect();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let mut io = Io::default();
    let text = inputs(s, "sort", &files, stdin, &mut io);
    let mut lines: Vec<&str> = text.lines().collect();
    if flags.contains('n') {
        let key = |l: &str| l.split_whitespace().next().and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
        crate::sort::sort_by(&mut lines, |a, b| key(a).partial_cmp(&key(b)).unwrap_or(std::cmp::Ordering::Equal));
    } else {
        crate::sort::sort(&mut lines);
    }
    if flags.contains('r') {
        lines.reverse();
    }
    if flags.contains('u') {
        lines.dedup();
    }
    let out: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let code = io.code;
    let mut r = Io::ok(out);
    r.chunks.extend(io.chunks);
    r.code = code;
    r
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
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match a.as_str() {
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
    while (step > 0 && x <= last) || (step < 0 && x >= last) {
        out.push(x.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_subset_and_base64() {
        assert!(re_match("^web-[0-9]", "web-1 Running"));
        assert!(!re_match("^web$", "web-1"));
        assert!(re_match("Run.*ing", "xx Running"));
        assert_eq!(crate::base64::encode(b"hello"), "aGVsbG8=");
        assert_eq!(crate::base64::decode("aGVsbG8=").unwrap(), b"hello");
    }
}
