//! `md5sum`/`sha256sum` (and their `-c`), `stat -c` and `du` (GNU coreutils 9) over the session's files. The files have no disk under
//! them: `du` counts them as a fresh ext4 copy would (4 KiB blocks, 4 KiB a directory), which is what it
//! prints for the same files on the lab's Ubuntu machine.

use super::coreutils::Spec;
use super::{Io, Session};

fn missing(tool: &str, f: &str, why: &str) -> String {
    format!("{tool}: {f}: {why}\n")
}

/// `md5sum`/`sha256sum [FILE]...`: the digest, two spaces, the name (`-` for standard input); `--tag` as BSD
/// writes it. A name with a backslash or newline is escaped and the line starts with `\`, as GNU does. `-c`
/// checks a list of such lines (see [`check`]).
pub fn checksum(s: &Session, tool: &str, args: &[String], stdin: Option<String>) -> Io {
    let long = [
        ("binary", 'b'),
        ("check", 'c'),
        ("text", 't'),
        ("tag", 'T'),
        ("quiet", 'Q'),
        ("status", 'S'),
        ("strict", 'X'),
        ("warn", 'w'),
        ("ignore-missing", 'I'),
    ];
    let spec = Spec { tool, short: "bctw", long: &long, usage_code: 1 };
    let (opts, mut files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let has = |c: char| opts.iter().any(|(o, _)| *o == c);
    if files.is_empty() {
        files.push("-".into());
    }
    let mut stdin = stdin;
    if has('c') {
        let flags = CheckFlags {
            quiet: has('Q'),
            status: has('S'),
            strict: has('X'),
            warn: has('w'),
            ignore_missing: has('I'),
        };
        let mut io = Io::default();
        for f in &files {
            let r = check(s, tool, f, &mut stdin, flags);
            io.chunks.extend(r.chunks);
            io.code = io.code.max(r.code);
        }
        return io;
    }
    for (c, name) in [('Q', "quiet"), ('S', "status"), ('X', "strict"), ('w', "warn"), ('I', "ignore-missing")] {
        if has(c) {
            return spec.usage(format!("the --{name} option is meaningful only when verifying checksums"));
        }
    }
    let mut io = Io::default();
    for f in &files {
        let bytes = match f.as_str() {
            "-" => Ok(stdin.take().unwrap_or_default().into_bytes()),
            _ => s.read_file(f),
        };
        match bytes {
            Ok(b) => {
                let hex = digest(tool, &b);
                let escape = f.contains(['\\', '\n']);
                let name = f.replace('\\', "\\\\").replace('\n', "\\n");
                let mark = if escape { "\\" } else { "" };
                io.out(match has('T') {
                    true => format!("{mark}{} ({name}) = {hex}\n", algorithm(tool)),
                    false => format!("{mark}{hex}  {name}\n"),
                });
            }
            Err(why) => {
                io.err(missing(tool, f, &why));
                io.code = 1;
            }
        }
    }
    io
}

fn digest(tool: &str, b: &[u8]) -> String {
    use sha2::Digest;
    let bytes: Vec<u8> = match tool {
        "md5sum" => super::md5::digest(b).to_vec(),
        _ => sha2::Sha256::digest(b).to_vec(),
    };
    bytes.iter().map(|x| format!("{x:02x}")).collect()
}

/// The name `--tag` lines and `-w` warnings give the algorithm.
fn algorithm(tool: &str) -> &'static str {
    if tool == "md5sum" {
        "MD5"
    } else {
        "SHA256"
    }
}

#[derive(Clone, Copy)]
struct CheckFlags {
    quiet: bool,
    status: bool,
    strict: bool,
    warn: bool,
    ignore_missing: bool,
}

/// One line of a checksum list as digest.c's split_3 reads it: `HASH  NAME`, `HASH *NAME`, or the BSD
/// `ALGO (NAME) = HASH`; a leading `\` means the name is escaped. None when it is not such a line.
fn split_line<'a>(line: &'a str, tool: &str, hex_len: usize) -> Option<(&'a str, String)> {
    let line = line.trim_start_matches([' ', '\t']);
    let (escaped, line) = match line.strip_prefix('\\') {
        Some(l) => (true, l),
        None => (false, line),
    };
    let (hash, name) = match line.strip_prefix(algorithm(tool)).and_then(|l| l.strip_prefix(" (")) {
        Some(rest) => {
            let (name, hash) = rest.rsplit_once(") = ")?;
            (hash, name)
        }
        None => {
            let hash = line.get(..hex_len)?;
            let rest = line[hex_len..].strip_prefix([' ', '\t'])?;
            (hash, rest.strip_prefix([' ', '*']).unwrap_or(rest))
        }
    };
    if hash.len() != hex_len || !hash.bytes().all(|b| b.is_ascii_hexdigit()) || name.is_empty() {
        return None;
    }
    let name = if escaped { name.replace("\\n", "\n").replace("\\\\", "\\") } else { name.to_string() };
    Some((hash, name))
}

/// `-c LIST`: each listed file's digest against the list's; `NAME: OK`/`FAILED`, then coreutils' warnings.
fn check(s: &Session, tool: &str, list: &str, stdin: &mut Option<String>, flags: CheckFlags) -> Io {
    let mut io = Io::default();
    let text = match list {
        "-" => stdin.take().unwrap_or_default(),
        _ => match s.read_file(list) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(why) => return Io::fail(1, missing(tool, list, &why)),
        },
    };
    let hex_len = if tool == "md5sum" { 32 } else { 64 };
    let (mut formatted, mut misformatted, mut unreadable, mut mismatched, mut verified) = (0, 0, 0, 0, 0);
    for (n, line) in text.lines().enumerate() {
        // comments and (coreutils 9.1) blank lines are skipped
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let Some((hash, name)) = split_line(line, tool, hex_len) else {
            misformatted += 1;
            if flags.warn {
                let shown = if list == "-" { "standard input" } else { list };
                io.err(format!("{tool}: {shown}: {}: improperly formatted {} checksum line\n", n + 1, algorithm(tool)));
            }
            continue;
        };
        formatted += 1;
        let bytes = match name.as_str() {
            "-" => Ok(stdin.take().unwrap_or_default().into_bytes()),
            _ => s.read_file(&name),
        };
        let Ok(bytes) = bytes else {
            if flags.ignore_missing && s.read_file(&name).is_err() && !s.is_dir(&name) {
                continue;
            }
            unreadable += 1;
            io.err(missing(tool, &name, &s.read_file(&name).err().unwrap_or_default()));
            if !flags.status {
                io.out(format!("{name}: FAILED open or read\n"));
            }
            continue;
        };
        verified += 1;
        let ok = digest(tool, &bytes).eq_ignore_ascii_case(hash);
        if !ok {
            mismatched += 1;
        }
        if !flags.status && (!ok || !flags.quiet) {
            io.out(format!("{name}: {}\n", if ok { "OK" } else { "FAILED" }));
        }
    }
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
    if formatted == 0 {
        let shown = if list == "-" { "standard input" } else { list };
        io.err(format!("{tool}: {shown}: no properly formatted checksum lines found\n"));
    } else if !flags.status {
        if misformatted > 0 {
            let what = plural(misformatted, "line is", "lines are");
            io.err(format!("{tool}: WARNING: {what} improperly formatted\n"));
        }
        if unreadable > 0 {
            let what = plural(unreadable, "listed file", "listed files");
            io.err(format!("{tool}: WARNING: {what} could not be read\n"));
        }
        if mismatched > 0 {
            let what = plural(mismatched, "computed checksum", "computed checksums");
            io.err(format!("{tool}: WARNING: {what} did NOT match\n"));
        }
        if flags.ignore_missing && verified == 0 {
            io.err(format!("{tool}: {list}: no file was verified\n"));
        }
    }
    let good = formatted > 0
        && mismatched == 0
        && unreadable == 0
        && (!flags.strict || misformatted == 0)
        && (!flags.ignore_missing || verified > 0);
    io.code = (!good) as i32;
    io
}

/// `stat -c FORMAT FILE...` (also `--format=`, `--printf=`) with `%s` (size), `%n` (name), `%F` (type) and
/// `%%`; stat's other fields (owner, times, inode) are not simulated and say so.
pub fn stat(s: &Session, args: &[String]) -> Io {
    let long = [("format", 'c'), ("printf", 'p'), ("dereference", 'L')];
    let spec = Spec { tool: "stat", short: "c:Lp:", long: &long, usage_code: 1 };
    let (opts, files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    if files.is_empty() {
        return spec.usage("missing operand".into());
    }
    let Some((kind, format)) = opts.iter().rev().find(|(c, _)| *c != 'L') else {
        return Io::fail(1, "stsplay: stat: only stat -c FORMAT (%s %n %F) is simulated here\n");
    };
    let mut io = Io::default();
    for f in &files {
        let (size, what) = if s.is_dir(f) {
            (4096, "directory")
        } else {
            match s.read_file(f) {
                Ok(b) if b.is_empty() => (0, "regular empty file"),
                Ok(b) => (b.len(), "regular file"),
                Err(why) => {
                    io.err(format!("stat: cannot statx '{f}': {why}\n"));
                    io.code = 1;
                    continue;
                }
            }
        };
        let mut out = String::new();
        let mut cs = format.chars();
        while let Some(c) = cs.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match cs.next() {
                Some('s') => out.push_str(&size.to_string()),
                Some('n') => out.push_str(f),
                Some('F') => out.push_str(what),
                Some('%') => out.push('%'),
                None => out.push('%'),
                Some(o) => return Io::fail(1, format!("stsplay: stat: %{o} is not simulated here (%s %n %F are)\n")),
            }
        }
        // --printf prints its format as it is (escapes aside); -c ends each file's line
        let out = if *kind == 'p' { super::cfmt::escapes(&out) } else { out + "\n" };
        io.out(out);
    }
    io
}

/// Disk usage in KiB of `path` as ext4 stores it: 4 KiB blocks for each non-empty file and each directory.
/// Each directory under it is reported through `each` (deepest first), as du lists them.
fn usage(s: &Session, path: &str, each: &mut dyn FnMut(&str, u64)) -> u64 {
    if !s.is_dir(path) {
        return s.read_file(path).map_or(0, |b| (b.len() as u64).div_ceil(4096) * 4);
    }
    let mut total = 4;
    for (name, _) in s.entries(path) {
        let child = if path.ends_with('/') { format!("{path}{name}") } else { format!("{path}/{name}") };
        total += usage(s, &child, each);
    }
    each(path, total);
    total
}

/// du -h's size: KiB scaled by 1024 and rounded up, one decimal below 10.
fn human(kib: u64) -> String {
    if kib == 0 {
        return "0".into();
    }
    let (mut v, mut unit) = (kib as f64, 'K');
    for u in ['M', 'G', 'T'] {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    if v < 10.0 {
        format!("{:.1}{unit}", (v * 10.0).ceil() / 10.0)
    } else {
        format!("{}{unit}", v.ceil())
    }
}

/// `du [-s] [-h] [FILE]...`
pub fn du(s: &Session, args: &[String]) -> Io {
    let long = [("summarize", 's'), ("human-readable", 'h')];
    let spec = Spec { tool: "du", short: "sh", long: &long, usage_code: 1 };
    let (opts, mut files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    let (sum, h) = (opts.iter().any(|o| o.0 == 's'), opts.iter().any(|o| o.0 == 'h'));
    if files.is_empty() {
        files.push(".".into());
    }
    let show = |k: u64| if h { human(k) } else { k.to_string() };
    let mut io = Io::default();
    for f in &files {
        if !s.is_dir(f) && s.read_file(f).is_err() {
            io.err(format!("du: cannot access '{f}': No such file or directory\n"));
            io.code = 1;
            continue;
        }
        let mut lines = String::new();
        let total = usage(s, f, &mut |p, k| {
            if !sum && p != f {
                lines.push_str(&format!("{}\t{p}\n", show(k)));
            }
        });
        io.out(format!("{lines}{}\t{f}\n", show(total)));
    }
    io
}
