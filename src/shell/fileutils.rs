//! Files in the session's working directory: `cp`, `mv`, `rm`, `mkdir`, `rmdir`, `tee`, `find`, `diff`, and
//! `less`/`more`, which print what they would page (the page's terminal scrolls; a pager's keys would have
//! nothing to do). Messages are GNU coreutils 9, findutils 4.9 and diffutils 3.10's.

use super::coreutils::Spec;
use super::{Io, Session};

impl Session {
    /// Every path under `dir` as find walks it, a directory before what it holds: (path, is_dir, depth).
    fn walk(&self, dir: &str, depth: usize, out: &mut Vec<(String, bool, usize)>) {
        for (name, is_dir) in self.entries(dir) {
            let path = format!("{}/{name}", dir.trim_end_matches('/'));
            out.push((path.clone(), is_dir, depth));
            if is_dir {
                self.walk(&path, depth + 1, out);
            }
        }
    }

    /// `rm -v`'s lines for a path: what a directory holds first, as rm's fts walk removes it.
    fn removed(&self, path: &str, out: &mut String) {
        if self.read_file(path).is_ok() {
            out.push_str(&format!("removed '{path}'\n"));
            return;
        }
        for (name, _) in self.entries(path) {
            self.removed(&format!("{}/{name}", path.trim_end_matches('/')), out);
        }
        out.push_str(&format!("removed directory '{path}'\n"));
    }

    /// `rm [-rRfdv] FILE...`.
    pub(super) fn rm(&mut self, args: &[String]) -> Io {
        let long = [("force", 'f'), ("recursive", 'r'), ("dir", 'd'), ("verbose", 'v'), ("interactive", 'i')];
        let spec = Spec { tool: "rm", short: "dfirRv", long: &long, usage_code: 1 };
        let (opts, ops) = match spec.parse(args) {
            Ok(p) => p,
            Err(io) => return io,
        };
        let has = |c: char| opts.iter().any(|(o, _)| *o == c);
        if has('i') {
            return Io::fail(1, "stsplay: rm: -i is not supported here (nothing could answer its questions)\n");
        }
        if ops.is_empty() && !has('f') {
            return spec.usage("missing operand".into());
        }
        let mut io = Io::default();
        for a in &ops {
            let key = self.resolve(a);
            let why = if matches!(a.trim_end_matches('/').rsplit('/').next(), Some("." | "..")) {
                io.err(format!("rm: refusing to remove '.' or '..' directory: skipping '{a}'\n"));
                io.code = 1;
                continue;
            } else if self.files.contains_key(&key) && !a.is_empty() {
                None
            } else if !self.is_dir(a) || a.is_empty() {
                (!has('f')).then_some("No such file or directory")
            } else if has('r') || has('R') || (has('d') && self.entries(a).is_empty()) {
                None
            } else if has('d') {
                Some("Directory not empty")
            } else {
                Some("Is a directory")
            };
            match why {
                Some(why) => {
                    io.err(format!("rm: cannot remove '{a}': {why}\n"));
                    io.code = 1;
                }
                None if self.exists(a) && !a.is_empty() => {
                    if has('v') {
                        let mut out = String::new();
                        self.removed(a, &mut out);
                        io.out(out);
                    }
                    self.remove_tree(&key);
                }
                None => {}
            }
        }
        io
    }

    /// `mkdir [-pv] [-m MODE] DIR...` (modes are not kept: every file here is the learner's).
    pub(super) fn mkdir(&mut self, args: &[String]) -> Io {
        let long = [("parents", 'p'), ("verbose", 'v'), ("mode", 'm')];
        let spec = Spec { tool: "mkdir", short: "pvm:", long: &long, usage_code: 1 };
        let (opts, ops) = match spec.parse_operands(args) {
            Ok(p) => p,
            Err(io) => return io,
        };
        let has = |c: char| opts.iter().any(|(o, _)| *o == c);
        let mut io = Io::default();
        for a in &ops {
            // with -p each missing directory on the way is made, named as typed
            let mut steps: Vec<&str> = Vec::new();
            if has('p') {
                steps.extend(a.match_indices('/').map(|(i, _)| &a[..i]).filter(|p| !p.trim_matches('/').is_empty()));
            }
            steps.push(a);
            for (i, step) in steps.iter().enumerate() {
                let key = self.resolve(step);
                let last = i + 1 == steps.len();
                let parent = key.rsplit_once('/').map_or("", |(p, _)| p);
                // outside the home directory the machine's own directories (`/tmp`) are taken as there
                let why = if step.is_empty() || (!self.is_dir_key(parent) && !parent.starts_with('/')) {
                    if self.files.contains_key(parent) {
                        Some("Not a directory")
                    } else {
                        Some("No such file or directory")
                    }
                } else if self.files.contains_key(&key) {
                    Some(if last { "File exists" } else { "Not a directory" })
                } else if self.is_dir(step) {
                    (last && !has('p')).then_some("File exists")
                } else {
                    self.dirs.insert(key);
                    if has('v') {
                        io.out(format!("mkdir: created directory '{step}'\n"));
                    }
                    None
                };
                if let Some(why) = why {
                    io.err(format!("mkdir: cannot create directory ‘{step}’: {why}\n"));
                    io.code = 1;
                    break;
                }
            }
        }
        io
    }

    /// `rmdir [-pv] DIR...`.
    pub(super) fn rmdir(&mut self, args: &[String]) -> Io {
        let spec = Spec { tool: "rmdir", short: "pv", long: &[("parents", 'p'), ("verbose", 'v')], usage_code: 1 };
        let (opts, ops) = match spec.parse_operands(args) {
            Ok(p) => p,
            Err(io) => return io,
        };
        let has = |c: char| opts.iter().any(|(o, _)| *o == c);
        let mut io = Io::default();
        for a in &ops {
            // with -p the parents as typed go too, innermost first, while they are empty
            let mut steps = vec![a.as_str()];
            if has('p') {
                let t = a.trim_end_matches('/');
                steps.extend(t.match_indices('/').rev().map(|(i, _)| &t[..i]).filter(|p| !p.is_empty()));
            }
            for (i, step) in steps.into_iter().enumerate() {
                let why = if self.files.contains_key(&self.resolve(step)) && !step.is_empty() {
                    "Not a directory"
                } else if !self.is_dir(step) || step.is_empty() {
                    "No such file or directory"
                } else if step.trim_end_matches('/').rsplit('/').next() == Some(".") {
                    "Invalid argument"
                } else if !self.entries(step).is_empty() {
                    "Directory not empty"
                } else {
                    if has('v') {
                        io.out(format!("rmdir: removing directory, '{step}'\n"));
                    }
                    self.remove_tree(&self.resolve(step));
                    continue;
                };
                let what = if i > 0 { "directory " } else { "" };
                io.err(format!("rmdir: failed to remove {what}'{step}': {why}\n"));
                io.code = 1;
                break;
            }
        }
        io
    }

    /// Every file under `path` (itself if a file), keys of `files`, relative names.
    fn tree(&self, path: &str) -> Vec<(String, Vec<u8>)> {
        let key = self.resolve(path);
        if let Some(b) = self.files.get(&key) {
            return vec![(String::new(), b.clone())];
        }
        self.dir_files(path).into_iter().collect()
    }

    fn exists(&self, path: &str) -> bool {
        self.read_file(path).is_ok() || self.is_dir(path)
    }

    /// `cp [-r] SRC... DEST` and `mv SRC... DEST`.
    pub(super) fn cp_mv(&mut self, tool: &str, args: &[String]) -> Io {
        let mut recursive = tool == "mv";
        let mut ops = Vec::new();
        for a in args {
            match a.as_str() {
                "-r" | "-R" | "-a" | "--recursive" | "-rf" | "-fr" | "-rv" => recursive = true,
                "-f" | "-v" | "-i" | "-n" | "-p" => {}
                o if o.starts_with('-') && o.len() > 1 => {
                    return Io::fail(
                        1,
                        format!(
                            "{tool}: invalid option -- '{}'\nTry '{tool} --help' for more information.\n",
                            &o[1..2]
                        ),
                    )
                }
                _ => ops.push(a.clone()),
            }
        }
        if ops.len() < 2 {
            let msg = match ops.first() {
                None => "missing file operand".to_string(),
                Some(f) => format!("missing destination file operand after '{f}'"),
            };
            return Io::fail(1, format!("{tool}: {msg}\nTry '{tool} --help' for more information.\n"));
        }
        let dest = ops.pop().unwrap_or_default();
        let into_dir = self.is_dir(&dest) && self.read_file(&dest).is_err();
        if ops.len() > 1 && !into_dir {
            let why = if self.exists(&dest) { "Not a directory" } else { "No such file or directory" };
            return Io::fail(1, format!("{tool}: target '{dest}': {why}\n"));
        }
        let mut io = Io::default();
        for src in &ops {
            if !self.exists(src) {
                io.err(format!("{tool}: cannot stat '{src}': No such file or directory\n"));
                io.code = 1;
                continue;
            }
            let src_is_dir = self.read_file(src).is_err();
            if src_is_dir && !recursive {
                io.err(format!("{tool}: -r not specified; omitting directory '{src}'\n"));
                io.code = 1;
                continue;
            }
            let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
            let target = if into_dir { format!("{}/{base}", dest.trim_end_matches('/')) } else { dest.clone() };
            let (sk, tk) = (self.resolve(src), self.resolve(&target));
            let onto_file = src_is_dir && self.files.contains_key(&tk);
            if sk == tk || tk.starts_with(&format!("{sk}/")) || onto_file {
                let why = if sk == tk {
                    format!("'{src}' and '{target}' are the same file")
                } else if onto_file {
                    format!("cannot overwrite non-directory '{target}' with directory '{src}'")
                } else if tool == "mv" {
                    format!("cannot move '{src}' to a subdirectory of itself, '{target}'")
                } else {
                    format!("cannot copy a directory, '{src}', into itself, '{target}'")
                };
                io.err(format!("{tool}: {why}\n"));
                io.code = 1;
                continue;
            }
            let exec: Vec<(String, bool)> = self
                .tree(src)
                .into_iter()
                .map(|(rel, _)| {
                    let k = if rel.is_empty() { sk.clone() } else { format!("{sk}/{rel}") };
                    (rel, self.executable.contains(&k))
                })
                .collect();
            for ((rel, bytes), (_, x)) in self.tree(src).into_iter().zip(exec) {
                let to = if rel.is_empty() { tk.clone() } else { format!("{tk}/{rel}") };
                if x {
                    self.executable.insert(to.clone());
                }
                self.files.insert(to, bytes);
            }
            let empty: Vec<String> = self.dirs.iter().filter_map(|d| d.strip_prefix(&sk)).map(String::from).collect();
            self.dirs.extend(empty.iter().filter(|r| r.is_empty() || r.starts_with('/')).map(|r| format!("{tk}{r}")));
            if tool == "mv" {
                self.remove_tree(&sk);
            }
        }
        io
    }

    /// `tee [-a] FILE...`: standard input to each file and to standard output.
    pub(super) fn tee(&mut self, args: &[String], stdin: Option<String>) -> Io {
        let append = args.iter().any(|a| a == "-a" || a == "--append");
        let text = stdin.unwrap_or_default();
        let mut io = Io::ok(text.clone());
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            match self.unwritable(f) {
                Some(why) => {
                    io.err(format!("tee: {f}: {why}\n"));
                    io.code = 1;
                }
                None => self.write_output(f, &text, append),
            }
        }
        io
    }

    /// `find [PATH...] [-name PAT] [-iname PAT] [-type f|d] [-maxdepth N] [-mindepth N] [-empty] [-print]`.
    pub(super) fn find(&self, args: &[String]) -> Io {
        let split = args.iter().position(|a| a.starts_with('-') && a.len() > 1).unwrap_or(args.len());
        let mut roots: Vec<String> = args[..split].to_vec();
        if roots.is_empty() {
            roots.push(".".into());
        }
        let (mut name, mut iname, mut kind, mut maxd, mut mind) = (None, None, None, usize::MAX, 0usize);
        let mut empty = false;
        let mut it = args[split..].iter();
        while let Some(a) = it.next() {
            let mut value =
                || it.next().cloned().ok_or_else(|| Io::fail(1, format!("find: missing argument to `{a}'\n")));
            match a.as_str() {
                "-name" | "-iname" => {
                    let v = match value() {
                        Ok(v) => v,
                        Err(io) => return io,
                    };
                    if a == "-name" {
                        name = Some(super::glob::compile(&v));
                    } else {
                        iname = Some(super::glob::compile(&v.to_lowercase()));
                    }
                }
                "-type" => match value() {
                    Ok(t) if t == "f" || t == "d" => kind = Some(t),
                    Ok(t) => return Io::fail(1, format!("find: Unknown argument to -type: {t}\n")),
                    Err(io) => return io,
                },
                "-maxdepth" | "-mindepth" => {
                    let v = match value() {
                        Ok(v) => v,
                        Err(io) => return io,
                    };
                    let Ok(n) = v.parse::<usize>() else {
                        return Io::fail(1, format!("find: Expected a positive decimal integer argument to {a}, but got `{v}'\n"));
                    };
                    if a == "-maxdepth" {
                        maxd = n;
                    } else {
                        mind = n;
                    }
                }
                "-print" => {}
                "-empty" => empty = true,
                other => return Io::fail(1, format!("stsplay: find: {other} is not supported here (-name, -iname, -type, -maxdepth, -mindepth, -empty, -print are)\n")),
            }
        }
        let mut io = Io::default();
        let mut out = String::new();
        for root in &roots {
            if !self.exists(root) {
                io.err(format!("find: ‘{root}’: No such file or directory\n"));
                io.code = 1;
                continue;
            }
            let mut entries: Vec<(String, bool, usize)> = vec![(root.clone(), self.read_file(root).is_err(), 0)];
            if self.read_file(root).is_err() {
                // readdir order is the file system's; names in byte order here
                self.walk(root, 1, &mut entries);
            }
            for (path, is_dir, depth) in entries {
                let base = path.rsplit('/').next().unwrap_or(&path);
                let ok = depth >= mind
                    && depth <= maxd
                    && name.as_ref().is_none_or(|p| super::glob::matches(p, base))
                    && iname.as_ref().is_none_or(|p| super::glob::matches(p, &base.to_lowercase()))
                    && kind.as_deref().is_none_or(|k| (k == "d") == is_dir)
                    && (!empty
                        || self.read_file(&path).map_or_else(|_| self.entries(&path).is_empty(), |b| b.is_empty()));
                if ok {
                    out.push_str(&path);
                    out.push('\n');
                }
            }
        }
        let code = io.code;
        let mut r = Io::ok(out);
        r.chunks.extend(io.chunks);
        r.code = code;
        r
    }

    /// `diff [-u] OLD NEW`: the normal format, or unified with three lines of context. Exit 1 when they differ.
    pub(super) fn diff(&self, args: &[String]) -> Io {
        let unified = args.iter().any(|a| a == "-u" || a == "--unified");
        if let Some(o) = args.iter().find(|a| a.starts_with('-') && !["-u", "--unified"].contains(&a.as_str())) {
            return Io::fail(2, format!("stsplay: diff: {o} is not supported here (-u is)\n"));
        }
        let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let [a, b] = files.as_slice() else {
            let msg = match files.len() {
                0 => "missing operand".to_string(),
                1 => format!("missing operand after '{}'", files[0]),
                _ => format!("extra operand '{}'", files[2]),
            };
            return Io::fail(2, format!("diff: {msg}\ndiff: Try 'diff --help' for more information.\n"));
        };
        let read = |f: &str| self.read_file(f).map(|b| String::from_utf8_lossy(&b).into_owned());
        let (old, new) = match (read(a), read(b)) {
            (Ok(x), Ok(y)) => (x, y),
            (Err(e), _) => return Io::fail(2, format!("diff: {a}: {e}\n")),
            (_, Err(e)) => return Io::fail(2, format!("diff: {b}: {e}\n")),
        };
        let ol: Vec<&str> = old.lines().collect();
        let hunks = crate::session::diff::patch(&old, &new);
        if hunks.is_empty() {
            return Io::default();
        }
        let mut out = String::new();
        let range = |start: usize, n: usize| {
            if n == 1 {
                format!("{}", start + 1)
            } else {
                format!("{},{}", start + 1, start + n)
            }
        };
        if !unified {
            let mut shift: isize = 0;
            for h in &hunks {
                let (at, del, ins) = (h.0, h.1, h.2.len());
                let new_at = (at as isize + shift) as usize;
                let head = match (del, ins) {
                    (0, _) => format!("{}a{}", at, range(new_at, ins)),
                    (_, 0) => format!("{}d{}", range(at, del), new_at),
                    _ => format!("{}c{}", range(at, del), range(new_at, ins)),
                };
                out.push_str(&head);
                out.push('\n');
                for l in &ol[at..at + del] {
                    out.push_str(&format!("< {l}\n"));
                }
                if del > 0 && ins > 0 {
                    out.push_str("---\n");
                }
                for l in &h.2 {
                    out.push_str(&format!("> {l}\n"));
                }
                shift += ins as isize - del as isize;
            }
        } else {
            let stamp = "2025-03-15 17:03:35.000000000 +0000";
            out.push_str(&format!("--- {a}\t{stamp}\n+++ {b}\t{stamp}\n"));
            out.push_str(&unified_hunks(&ol, &hunks));
        }
        Io { chunks: vec![(false, out)], code: 1 }
    }
}

/// GNU diff's unified hunks (three lines of context; hunks closer than 2×3 lines share one @@ block) of `old`'s
/// lines and the edits that make the new text; `diff -u` and `kubectl diff` print them under their headers.
pub(crate) fn unified_hunks(ol: &[&str], hunks: &[crate::session::diff::Hunk]) -> String {
    let mut out = String::new();
    let mut groups: Vec<Vec<&crate::session::diff::Hunk>> = Vec::new();
    for h in hunks {
        match groups.last_mut() {
            Some(g) if h.0 <= g.last().map_or(0, |p| p.0 + p.1) + 6 => g.push(h),
            _ => groups.push(vec![h]),
        }
    }
    let mut shift: isize = 0;
    for g in groups {
        let first = g[0];
        let last = g[g.len() - 1];
        let start = first.0.saturating_sub(3);
        let end = (last.0 + last.1 + 3).min(ol.len());
        let new_start = (start as isize + shift) as usize;
        let mut body = String::new();
        let (mut oc, mut nc) = (0, 0);
        let mut i = start;
        for h in &g {
            for l in &ol[i..h.0] {
                body.push_str(&format!(" {l}\n"));
                (oc, nc) = (oc + 1, nc + 1);
            }
            for l in &ol[h.0..h.0 + h.1] {
                body.push_str(&format!("-{l}\n"));
                oc += 1;
            }
            for l in &h.2 {
                body.push_str(&format!("+{l}\n"));
                nc += 1;
            }
            shift += h.2.len() as isize - h.1 as isize;
            i = h.0 + h.1;
        }
        for l in &ol[i..end] {
            body.push_str(&format!(" {l}\n"));
            (oc, nc) = (oc + 1, nc + 1);
        }
        let r = |s: usize, n: usize| match n {
            0 => format!("{s},0"),
            1 => format!("{}", s + 1),
            n => format!("{},{n}", s + 1),
        };
        out.push_str(&format!("@@ -{} +{} @@\n{body}", r(start, oc), r(new_start, nc)));
    }
    out
}
