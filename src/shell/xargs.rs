//! `xargs` (GNU findutils 4.9): builds command lines from standard input, the usual way to act on a list
//! (`kubectl get pods -o name | xargs kubectl delete`, `... | xargs -I {} kubectl logs {}`).

use super::{Io, Session};

fn usage_error(msg: &str) -> Io {
    Io::fail(1, format!("xargs: {msg}\nTry 'xargs --help' for more information.\n"))
}

/// xargs' own word splitting: blanks and newlines separate, quotes group (within one line), backslash escapes.
fn words(input: &str) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut chars = input.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            '\'' | '"' => {
                has = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some('\n') | None => {
                            return Err(if c == '\'' {
                                "unmatched single quote; by default quotes are special to xargs unless you use the -0 option"
                            } else {
                                "unmatched double quote; by default quotes are special to xargs unless you use the -0 option"
                            })
                        }
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\\' => {
                has = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            _ => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        out.push(cur);
    }
    Ok(out)
}

pub fn run(s: &mut Session, args: &[String], stdin: Option<String>) -> Io {
    let (mut per_call, mut replace, mut no_empty, mut trace) = (None::<usize>, None::<String>, false, false);
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += 1;
        let mut value = |flag: char, inline: &str| -> Result<String, Io> {
            if !inline.is_empty() {
                return Ok(inline.to_string());
            }
            let v =
                args.get(i).cloned().ok_or_else(|| usage_error(&format!("option requires an argument -- '{flag}'")));
            i += 1;
            v
        };
        let (flag, inline) = match a.strip_prefix("--") {
            Some("no-run-if-empty") => ('r', ""),
            Some("verbose") => ('t', ""),
            Some(l) => match l.split_once('=') {
                Some(("max-args", v)) => ('n', v),
                Some(("replace", v)) => ('I', v),
                _ => return usage_error(&format!("unrecognized option '{a}'")),
            },
            None => (a[1..].chars().next().unwrap_or('-'), &a[1 + a[1..].chars().next().map_or(0, char::len_utf8)..]),
        };
        match flag {
            'n' => {
                let v = match value('n', inline) {
                    Ok(v) => v,
                    Err(io) => return io,
                };
                match v.parse::<usize>() {
                    Ok(0) => return usage_error(&format!("value {v} for -n option should be >= 1")),
                    Ok(n) => per_call = Some(n),
                    Err(_) => return usage_error(&format!("invalid number \"{v}\" for -n option")),
                }
            }
            'I' => match value('I', inline) {
                Ok(v) => replace = Some(v),
                Err(io) => return io,
            },
            'r' => no_empty = true,
            't' => trace = true,
            'x' => {}
            other => return usage_error(&format!("invalid option -- '{other}'")),
        }
    }
    let command: Vec<String> = if i < args.len() { args[i..].to_vec() } else { vec!["echo".into()] };
    let input = stdin.unwrap_or_default();
    // -I takes whole lines (leading blanks dropped); otherwise xargs' words.
    let items: Vec<String> = if replace.is_some() {
        input.lines().map(|l| l.trim_start().to_string()).filter(|l| !l.is_empty()).collect()
    } else {
        match words(&input) {
            Ok(w) => w,
            Err(e) => return Io::fail(1, format!("xargs: {e}\n")),
        }
    };
    let calls: Vec<Vec<String>> = match &replace {
        Some(r) => items.iter().map(|it| command.iter().map(|w| w.replace(r.as_str(), it)).collect()).collect(),
        None if items.is_empty() => {
            if no_empty {
                vec![]
            } else {
                vec![command.clone()]
            }
        }
        None => items
            .chunks(per_call.unwrap_or(items.len()))
            .map(|chunk| command.iter().chain(chunk).cloned().collect())
            .collect(),
    };
    let mut io = Io::default();
    for argv in calls {
        if trace {
            io.err(format!("{}\n", argv.join(" ")));
        }
        let one = s.run_argv(&argv, None);
        let code = one.code;
        io.chunks.extend(one.chunks);
        match code {
            0 => {}
            127 => {
                // xargs execs the program itself, so the message is the exec's, not bash's.
                let _ = io.chunks.pop();
                io.err(format!("xargs: {}: No such file or directory\n", argv[0]));
                io.code = 127;
                return io;
            }
            255 => {
                io.err(format!("xargs: {}: exited with status 255; aborting\n", argv[0]));
                io.code = 124;
                return io;
            }
            _ => io.code = 123,
        }
    }
    io
}

#[cfg(test)]
mod tests {
    #[test]
    fn words_split_as_xargs_does() {
        assert_eq!(super::words("a  'b c'\n\"d\"e\\ f").unwrap(), ["a", "b c", "de f"]);
        assert!(super::words("it's").is_err());
    }
}
