//! `[[ ... ]]` as bash evaluates it: words are expanded without field splitting or globbing, `==`/`=`/`!=`
//! match the right side as a glob pattern (its quoted parts literally), `=~` as an extended regular expression
//! (the whole match and its groups in the array `BASH_REMATCH`), `<`/`>` compare strings, `&&`, `||`, `!` and
//! `( )` combine; the `test` operators (`-z`, `-f`, `-eq` ...) are `test_cmd`'s.

use super::parse::{CondTok, Part, Word};
use super::{array, glob, test_cmd, Io, Session};

pub fn eval(s: &mut Session, toks: &[CondTok]) -> Io {
    let mut e = Eval { s, toks, pos: 0, negated: false, trace: String::new() };
    let mut io = e.run();
    // `set -x` shows each test as it is made, before what it printed
    let trace = std::mem::take(&mut e.trace);
    io.chunks.insert(0, (true, trace));
    io.chunks.retain(|c| !c.1.is_empty());
    io
}

impl Eval<'_> {
    fn run(&mut self) -> Io {
        match self.or() {
            Ok(v) if self.pos == self.toks.len() => Io { code: (!v) as i32, ..Io::default() },
            Ok(_) => Io::fail(
                2,
                format!("bash: syntax error in conditional expression: unexpected token `{}'\n", self.shown()),
            ),
            Err(m) if m.is_empty() => Io { code: 2, ..Io::default() },
            Err(m) => Io::fail(2, format!("bash: {m}\n")),
        }
    }

    /// `set -x`'s line for one test: `[[ ! -z two words ]]`, a pattern's quoted characters escaped.
    fn traced(&mut self, parts: &[&str]) {
        if self.s.options.xtrace {
            let bang = if std::mem::take(&mut self.negated) { "! " } else { "" };
            let line = self.s.trace(&format!("[[ {bang}{} ]]", parts.join(" ")));
            self.trace.push_str(&line);
        }
    }

    /// A pattern as `set -x` shows it: its quoted characters each behind a backslash.
    fn shown_pattern(&mut self, w: &Word) -> String {
        if !self.s.options.xtrace || w.iter().any(|p| matches!(p, Part::Cmd { .. })) {
            return super::parse::word_source(w);
        }
        let mut out = String::new();
        for p in w {
            let v = self.s.expand_mode(&vec![p.clone()], false).concat();
            match p {
                Part::Lit { quoted: false, .. } | Part::Var { quoted: false, .. } => out.push_str(&v),
                _ => v.chars().for_each(|c| {
                    out.push('\\');
                    out.push(c)
                }),
            }
        }
        out
    }
}

/// The unquoted literal text of a word (how bash recognises an operator).
use super::parse::plain_text as lit;

struct Eval<'a> {
    s: &'a mut Session,
    toks: &'a [CondTok],
    pos: usize,
    /// The test being made is under a `!` (`set -x` shows it).
    negated: bool,
    trace: String,
}

impl Eval<'_> {
    fn peek_op(&self) -> Option<String> {
        match self.toks.get(self.pos)? {
            CondTok::Op(o) => Some(o.to_string()),
            CondTok::Word(w) => lit(w),
        }
    }

    fn shown(&self) -> String {
        match self.toks.get(self.pos) {
            Some(CondTok::Op(o)) => o.to_string(),
            Some(CondTok::Word(w)) => super::parse::word_source(w),
            None => "]]".into(),
        }
    }

    fn or(&mut self) -> Result<bool, String> {
        let mut v = self.and()?;
        while self.peek_op().as_deref() == Some("||") && matches!(self.toks[self.pos], CondTok::Op(_)) {
            self.pos += 1;
            // bash does not evaluate the right side once the left decides
            let r = self.and_lazy(v)?;
            v = v || r;
        }
        Ok(v)
    }

    fn and_lazy(&mut self, decided: bool) -> Result<bool, String> {
        if decided {
            self.skip_and()?;
            Ok(true)
        } else {
            self.and()
        }
    }

    fn and(&mut self) -> Result<bool, String> {
        let mut v = self.not()?;
        while self.peek_op().as_deref() == Some("&&") && matches!(self.toks[self.pos], CondTok::Op(_)) {
            self.pos += 1;
            if v {
                v = self.not()?;
            } else {
                self.skip_not()?;
            }
        }
        Ok(v)
    }

    /// Parses without evaluating (the side `&&`/`||` skips): nothing is expanded, so no command runs.
    fn skip_and(&mut self) -> Result<(), String> {
        self.skip_not()?;
        while self.peek_op().as_deref() == Some("&&") && matches!(self.toks[self.pos], CondTok::Op(_)) {
            self.pos += 1;
            self.skip_not()?;
        }
        Ok(())
    }

    fn skip_not(&mut self) -> Result<(), String> {
        let start = self.pos;
        let mut depth = 0i32;
        while let Some(t) = self.toks.get(self.pos) {
            match t {
                CondTok::Op("(") => depth += 1,
                CondTok::Op(")") if depth == 0 => break,
                CondTok::Op(")") => depth -= 1,
                CondTok::Op("&&" | "||") if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        if self.pos == start {
            return Err("syntax error in conditional expression".into());
        }
        Ok(())
    }

    fn not(&mut self) -> Result<bool, String> {
        if self.peek_op().as_deref() == Some("!") && self.pos + 1 < self.toks.len() {
            self.pos += 1;
            self.negated = true;
            let v = !self.not()?;
            self.negated = false;
            return Ok(v);
        }
        self.primary()
    }

    fn word(&mut self) -> Result<Word, String> {
        match self.toks.get(self.pos) {
            Some(CondTok::Word(w)) => {
                self.pos += 1;
                Ok(w.clone())
            }
            _ => Err(format!("unexpected token `{}', conditional binary operator expected", self.shown())),
        }
    }

    fn value(&mut self, w: &Word) -> String {
        self.s.expand_mode(w, false).concat()
    }

    fn primary(&mut self) -> Result<bool, String> {
        if matches!(self.toks.get(self.pos), Some(CondTok::Op("("))) {
            self.pos += 1;
            let v = self.or()?;
            if !matches!(self.toks.get(self.pos), Some(CondTok::Op(")"))) {
                return Err(format!("unexpected token `{}', expected `)'", self.shown()));
            }
            self.pos += 1;
            return Ok(v);
        }
        let first = self.word()?;
        // a unary operator with an operand after it
        if let Some(op) = lit(&first).filter(|o| test_cmd::is_unary(o)) {
            let op = op.as_str();
            if matches!(self.toks.get(self.pos), Some(CondTok::Word(_)))
                && !self.peek_op().is_some_and(|o| o == "==" || o == "=" || o == "!=" || o == "=~")
            {
                let operand = self.word()?;
                let v = self.value(&operand);
                self.traced(&[op, &v]);
                return Ok(test_cmd::unary(self.s, op, &v));
            }
        }
        let Some(op) = self.peek_op() else {
            let v = self.value(&first);
            self.traced(&[&v]);
            return Ok(!v.is_empty());
        };
        let binary = matches!(op.as_str(), "==" | "=" | "!=" | "=~" | "<" | ">") || test_cmd::is_binary(&op);
        if !binary || matches!(op.as_str(), "&&" | "||" | ")") {
            if matches!(op.as_str(), "&&" | "||" | ")") {
                let v = self.value(&first);
                self.traced(&[&v]);
                return Ok(!v.is_empty());
            }
            return Err(format!("unexpected token `{op}', conditional binary operator expected"));
        }
        self.pos += 1;
        let right = self.word()?;
        let left = self.value(&first);
        if self.s.options.xtrace {
            let shown = match op.as_str() {
                "==" | "=" | "!=" => self.shown_pattern(&right),
                _ => self.value(&right),
            };
            self.traced(&[&left, &op, &shown]);
        }
        match op.as_str() {
            "==" | "=" | "!=" => {
                let pattern = self.s.expand_pattern(&right);
                Ok(glob::matches(&pattern, &left) == (op != "!="))
            }
            "=~" => {
                let all_quoted = right.iter().all(|p| !matches!(p, Part::Lit { quoted: false, .. }));
                let re = self.value(&right);
                let re = if all_quoted { regex_lite::escape(&re) } else { re };
                // an invalid regex is status 2 in bash, without a message
                let Ok(rx) = regex_lite::Regex::new(&re) else { return Err(String::new()) };
                // the whole match and each group's (an unmatched group's is empty), or none
                let groups: Vec<String> = rx.captures(&left).map_or(Vec::new(), |c| {
                    (0..c.len()).map(|i| c.get(i).map_or("", |m| m.as_str()).to_string()).collect()
                });
                let env = &mut self.s.env;
                array::clear(env, "BASH_REMATCH");
                let matched = !groups.is_empty();
                let _ = array::assign(env, "BASH_REMATCH", 0, groups);
                Ok(matched)
            }
            "<" => Ok(left < self.value(&right)),
            ">" => Ok(left > self.value(&right)),
            _ => {
                let r = self.value(&right);
                // inside [[ ]] the operands of -eq and friends are arithmetic expressions
                let num = |s: &mut Session, v: &str| s.arith(if v.trim().is_empty() { "0" } else { v });
                if matches!(op.as_str(), "-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge") {
                    let a = num(self.s, &left)?;
                    let b = num(self.s, &r)?;
                    return test_cmd::binary(self.s, &a.to_string(), &op, &b.to_string());
                }
                test_cmd::binary(self.s, &left, &op, &r)
            }
        }
    }
}
