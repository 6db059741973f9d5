//! `test` and `[ ... ]` as bash's test.c evaluates them: POSIX's rules by argument count (so `[ -n ]` is true
//! and `[ = = = ]` compares), then `!`, `( )`, `-a`, `-o` for longer expressions. Files are the session's.

use super::{Io, Session};

/// `test ARGS` or `[ ARGS ]` (`name` is `test` or `[`).
pub fn run(s: &Session, name: &str, args: &[String]) -> Io {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if name == "[" {
        if args.last() != Some(&"]") {
            return Io::fail(2, "bash: [: missing `]'\n");
        }
        args.pop();
    }
    let mut t = Test { s, args: &args, pos: 0 };
    match t.posix() {
        Ok(true) => Io::default(),
        Ok(false) => Io { code: 1, ..Io::default() },
        Err(e) => Io::fail(2, format!("bash: {name}: {e}\n")),
    }
}

/// A unary test (`-z`, `-f` ...) as `[[ ]]` uses it.
pub fn unary(s: &Session, op: &str, arg: &str) -> bool {
    Test { s, args: &[], pos: 0 }.unary(op, arg)
}

/// A binary test (`-eq`, `-nt` ...) as `[[ ]]` uses it.
pub fn binary(s: &Session, a: &str, op: &str, b: &str) -> Result<bool, String> {
    Test { s, args: &[], pos: 0 }.binary(a, op, b)
}

/// Whether `op` is a unary or a binary operator of `test`.
pub fn is_unary(op: &str) -> bool {
    UNARY.contains(&op)
}

pub fn is_binary(op: &str) -> bool {
    BINARY.contains(&op)
}

struct Test<'a> {
    s: &'a Session,
    args: &'a [&'a str],
    pos: usize,
}

const UNARY: &[&str] = &["-z", "-n", "-e", "-f", "-d", "-s", "-r", "-w", "-x", "-a", "-L", "-h", "-t", "-p", "-S"];
const BINARY: &[&str] = &["=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"];

impl Test<'_> {
    fn posix(&mut self) -> Result<bool, String> {
        let a = self.args;
        let r = match a.len() {
            0 => false,
            1 => !a[0].is_empty(),
            2 if a[0] == "!" => a[1].is_empty(),
            2 if UNARY.contains(&a[0]) => self.unary(a[0], a[1]),
            2 => return Err(format!("{}: unary operator expected", a[0])),
            3 if BINARY.contains(&a[1]) => self.binary(a[0], a[1], a[2])?,
            3 if a[1] == "-a" => !a[0].is_empty() && !a[2].is_empty(),
            3 if a[1] == "-o" => !a[0].is_empty() || !a[2].is_empty(),
            3 if a[0] == "!" => !self.sub(&a[1..])?,
            3 if a[0] == "(" && a[2] == ")" => !a[1].is_empty(),
            3 => return Err(format!("{}: binary operator expected", a[1])),
            4 if a[0] == "!" => !self.sub(&a[1..])?,
            4 if a[0] == "(" && a[3] == ")" => self.sub(&a[1..3])?,
            _ => {
                let v = self.or()?;
                if self.pos < a.len() {
                    return Err("too many arguments".into());
                }
                v
            }
        };
        Ok(r)
    }

    fn sub(&self, args: &[&str]) -> Result<bool, String> {
        Test { s: self.s, args, pos: 0 }.posix()
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.args.get(self.pos) == Some(&"-o") {
            self.pos += 1;
            let r = self.and()?;
            v = v || r;
        }
        Ok(v)
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.term()?;
        while self.args.get(self.pos) == Some(&"-a") {
            self.pos += 1;
            let r = self.term()?;
            v = v && r;
        }
        Ok(v)
    }

    fn term(&mut self) -> Result<bool, String> {
        let a = self.args;
        let Some(&first) = a.get(self.pos) else {
            return Err("argument expected".to_string());
        };
        if first == "!" {
            self.pos += 1;
            // `! ! ! ...` recurses once per `!`: a pasted line of thousands is refused, not a stack overflow
            if self.pos > 1000 {
                return Err("too many arguments".into());
            }
            return Ok(!self.term()?);
        }
        if first == "(" {
            self.pos += 1;
            if self.pos > 1000 {
                return Err("too many arguments".into());
            }
            let v = self.or()?;
            if a.get(self.pos) != Some(&")") {
                return Err("`)' expected".into());
            }
            self.pos += 1;
            return Ok(v);
        }
        if let (Some(op), Some(rhs)) = (a.get(self.pos + 1), a.get(self.pos + 2)) {
            if BINARY.contains(op) {
                self.pos += 3;
                return self.binary(first, op, rhs);
            }
        }
        if UNARY.contains(&first) {
            let Some(arg) = a.get(self.pos + 1) else {
                return Err(format!("{first}: unary operator expected"));
            };
            self.pos += 2;
            return Ok(self.unary(first, arg));
        }
        self.pos += 1;
        Ok(!first.is_empty())
    }

    fn unary(&self, op: &str, arg: &str) -> bool {
        let file = self.s.read_file(arg).ok();
        let dir = self.s.is_dir(arg);
        match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-f" => file.is_some(),
            "-d" => dir,
            "-s" => file.is_some_and(|b| !b.is_empty()) || dir,
            "-e" | "-a" | "-r" | "-w" => file.is_some() || dir,
            "-x" => dir,
            // no links, terminals, pipes or sockets among the session's files
            _ => false,
        }
    }

    fn binary(&self, a: &str, op: &str, b: &str) -> Result<bool, String> {
        let int = |v: &str| -> Result<i64, String> {
            v.trim().parse::<i64>().map_err(|_| format!("{v}: integer expression expected"))
        };
        Ok(match op {
            "=" | "==" => a == b,
            "!=" => a != b,
            "<" => a < b,
            ">" => a > b,
            "-eq" => int(a)? == int(b)?,
            "-ne" => int(a)? != int(b)?,
            "-lt" => int(a)? < int(b)?,
            "-le" => int(a)? <= int(b)?,
            "-gt" => int(a)? > int(b)?,
            "-ge" => int(a)? >= int(b)?,
            // the session's files carry no times or inodes
            _ => false,
        })
    }
}
