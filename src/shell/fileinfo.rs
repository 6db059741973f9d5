//! `sha256sum`, `stat -c` and `du` (GNU coreutils 9) over the session's files. The files have no disk under
//! them: `du` counts them as a fresh ext4 copy would (4 KiB blocks, 4 KiB a directory), which is what it
//! prints for the same files on the lab's Ubuntu machine.

use super::coreutils::Spec;
use super::{Io, Session};

fn missing(tool: &str, f: &str, why: &str) -> String {
    format!("{tool}: {f}: {why}\n")
}

/// `sha256sum [FILE]...`: the digest, two spaces, the name (`-` for standard input). A name with a backslash
/// or newline is escaped and the line starts with `\`, as GNU does.
pub fn sha256sum(s: &Session, args: &[String], stdin: Option<String>) -> Io {
    use sha2::Digest;
    let spec = Spec { tool: "sha256sum", short: "bt", long: &[("binary", 'b'), ("text", 't')], usage_code: 1 };
    let (_, mut files) = match spec.parse(args) {
        Ok(p) => p,
        Err(io) => return io,
    };
    if files.is_empty() {
        files.push("-".into());
    }
    let mut io = Io::default();
    let mut stdin = stdin;
    for f in &files {
        let bytes = match f.as_str() {
            "-" => Ok(stdin.take().unwrap_or_default().into_bytes()),
            _ => s.read_file(f),
        };
        match bytes {
            Ok(b) => {
                let hex: String = sha2::Sha256::digest(&b).iter().map(|x| format!("{x:02x}")).collect();
                let escape = f.contains(['\\', '\n']);
                let name = f.replace('\\', "\\\\").replace('\n', "\\n");
                io.out(format!("{}{hex}  {name}\n", if escape { "\\" } else { "" }));
            }
            Err(why) => {
                io.err(missing("sha256sum", f, &why));
                io.code = 1;
            }
        }
    }
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
