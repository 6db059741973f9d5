//! bash's arithmetic (`$(( ))`, `(( ))`): 64-bit integers that wrap, C's operators and precedence, names read
//! as variables (an unset or empty one is 0, one holding an expression is evaluated), assignments write them.
//! Errors are bash's (expr.c): `division by 0 (error token is "0")`, `syntax error: operand expected`.

/// Reads and writes the shell's variables.
pub trait Vars {
    fn get(&self, name: &str) -> Option<String>;
    fn set(&mut self, name: &str, value: String);
    /// Whether `name` is an associative array (its subscripts are keys, not arithmetic).
    fn assoc(&self, _name: &str) -> bool {
        false
    }
}

/// Evaluates `expr`; the error is bash's message without the `bash: ` prefix.
pub fn eval(expr: &str, vars: &mut dyn Vars) -> Result<i64, String> {
    eval_depth(expr, vars, 0)
}

/// How deep a variable holding an expression may refer to another (bash: `expression recursion level exceeded`).
const MAX_RECURSION: usize = 1024;

fn eval_depth(expr: &str, vars: &mut dyn Vars, depth: usize) -> Result<i64, String> {
    let toks = lex(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut p = P { toks, pos: 0, expr: expr.to_string(), vars, depth, skip: 0, divisor_at: 0, nest: 0 };
    let v = p.comma()?;
    if p.pos < p.toks.len() {
        return Err(p.error("syntax error in expression"));
    }
    Ok(v)
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(i64),
    Name(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "<<=", ">>=", "**", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=",
    "^=", "|=", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~", "?", ":", "=", "(", ")", ",",
];

fn lex(s: &str) -> Result<Vec<(T, usize)>, String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'#' || b[i] == b'_') {
                i += 1;
            }
            let text = &s[start..i];
            out.push((T::Num(number(text).ok_or_else(|| invalid_number(text))?), start));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            // `a[i+1]`: an array element, its subscript evaluated when it is read or written
            if b.get(i) == Some(&b'[') {
                let mut depth = 0;
                while i < b.len() {
                    depth += (b[i] == b'[') as i32 - (b[i] == b']') as i32;
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
                if depth != 0 {
                    return Err(format!(
                        "{}: syntax error: invalid arithmetic operator (error token is \"{}\")",
                        s.trim_start(),
                        &s[start..]
                    ));
                }
            }
            out.push((T::Name(s[start..i].to_string()), start));
        } else {
            let Some(op) = OPS.iter().find(|o| s[i..].starts_with(**o)) else {
                // bash quotes the expression and the token with their trailing blanks
                let rest = &s[i..];
                return Err(format!(
                    "{}: syntax error: invalid arithmetic operator (error token is \"{rest}\")",
                    s.trim_start()
                ));
            };
            i += op.len();
            out.push((T::Op(op), start));
        }
    }
    Ok(out)
}

fn invalid_number(text: &str) -> String {
    format!("{text}: value too great for base (error token is \"{text}\")")
}

/// `10`, `0x1f`, `017`, `2#101`.
fn number(t: &str) -> Option<i64> {
    if let Some((base, digits)) = t.split_once('#') {
        let base: u32 = base.parse().ok().filter(|b| (2..=36).contains(b))?;
        return i64::from_str_radix(digits, base).ok();
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    if t.len() > 1 && t.starts_with('0') {
        return i64::from_str_radix(&t[1..], 8).ok();
    }
    t.parse::<u64>().ok().map(|v| v as i64)
}

struct P<'a> {
    toks: Vec<(T, usize)>,
    pos: usize,
    expr: String,
    vars: &'a mut dyn Vars,
    depth: usize,
    /// Inside the side of `&&`, `||` or `?:` that is not evaluated: no assignments, no division errors.
    skip: usize,
    /// Where the right operand of the operator being applied starts (a division by 0 names it).
    divisor_at: usize,
    /// How deep unary operators and parentheses nest now.
    nest: usize,
}

/// How deep parentheses and unary operators may nest.
const MAX_NEST: usize = 200;

impl P<'_> {
    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some((T::Op(o), _)) => Some(o),
            _ => None,
        }
    }

    /// bash's message: the expression, what went wrong, and the text from the offending token on.
    fn error(&self, what: &str) -> String {
        // bash's lasttp: the token it looked at last, which at the end of input stays on the final one
        let at = self.toks.get(self.pos.min(self.toks.len().saturating_sub(1))).map_or(self.expr.len(), |t| t.1);
        let token = self.expr[at..].trim_start();
        format!("{}: {what} (error token is \"{token}\")", self.expr.trim_start())
    }

    /// A name as the variables know it: `a[i+1]` with its subscript's value, `a[3]`.
    fn element(&mut self, name: &str) -> Result<String, String> {
        let Some((n, sub)) = name.strip_suffix(']').and_then(|x| x.split_once('[')) else { return Ok(name.into()) };
        if self.depth >= MAX_RECURSION {
            return Err(format!("{name}: expression recursion level exceeded (error token is \"{name}\")"));
        }
        if self.vars.assoc(n) {
            return Ok(name.into());
        }
        let i = eval_depth(sub, self.vars, self.depth + 1)?;
        Ok(format!("{n}[{i}]"))
    }

    fn var(&mut self, name: &str) -> Result<i64, String> {
        let name = &self.element(name)?;
        let v = self.vars.get(name).unwrap_or_default();
        let v = v.trim();
        if v.is_empty() {
            return Ok(0);
        }
        if let Some(n) = number(v) {
            return Ok(n);
        }
        if let Some(n) = v.strip_prefix('-').and_then(number) {
            return Ok(n.wrapping_neg());
        }
        if self.depth >= MAX_RECURSION {
            return Err(format!("{v}: expression recursion level exceeded (error token is \"{v}\")"));
        }
        eval_depth(v, self.vars, self.depth + 1)
    }

    fn assign(&mut self, name: &str, v: i64) -> Result<(), String> {
        if self.skip == 0 {
            let name = self.element(name)?;
            self.vars.set(&name, v.to_string());
        }
        Ok(())
    }

    fn comma(&mut self) -> Result<i64, String> {
        let mut v = self.assignment()?;
        while self.peek_op() == Some(",") {
            self.pos += 1;
            v = self.assignment()?;
        }
        Ok(v)
    }

    fn assignment(&mut self) -> Result<i64, String> {
        if let (Some((T::Name(n), _)), Some((T::Op(op), _))) = (self.toks.get(self.pos), self.toks.get(self.pos + 1)) {
            let (n, op) = (n.clone(), *op);
            if op.ends_with('=') && !matches!(op, "==" | "!=" | "<=" | ">=") {
                self.pos += 2;
                let rhs_at = self.pos;
                let rhs = self.assignment()?;
                let v = if op == "=" {
                    rhs
                } else {
                    let old = self.var(&n)?;
                    self.divisor_at = rhs_at;
                    self.binary(&op[..op.len() - 1], old, rhs)?
                };
                self.assign(&n, v)?;
                return Ok(v);
            }
        }
        self.ternary()
    }

    fn ternary(&mut self) -> Result<i64, String> {
        let c = self.binary_level(0)?;
        if self.peek_op() != Some("?") {
            return Ok(c);
        }
        self.pos += 1;
        if c == 0 {
            self.skip += 1;
        }
        let a = self.assignment()?;
        if c == 0 {
            self.skip -= 1;
        }
        if self.peek_op() != Some(":") {
            return Err(self.error("expected `:'"));
        }
        self.pos += 1;
        if c != 0 {
            self.skip += 1;
        }
        let b = self.ternary()?;
        if c != 0 {
            self.skip -= 1;
        }
        Ok(if c != 0 { a } else { b })
    }

    fn binary_level(&mut self, level: usize) -> Result<i64, String> {
        const LEVELS: &[&[&str]] = &[
            &["||"],
            &["&&"],
            &["|"],
            &["^"],
            &["&"],
            &["==", "!="],
            &["<", ">", "<=", ">="],
            &["<<", ">>"],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        if level == LEVELS.len() {
            return self.power();
        }
        let mut v = self.binary_level(level + 1)?;
        while let Some(op) = self.peek_op().filter(|o| LEVELS[level].contains(o)) {
            self.pos += 1;
            let short = (op == "&&" && v == 0) || (op == "||" && v != 0);
            if short {
                self.skip += 1;
            }
            let rhs_at = self.pos;
            let rhs = self.binary_level(level + 1);
            self.divisor_at = rhs_at;
            if short {
                self.skip -= 1;
            }
            let rhs = rhs?;
            v = match op {
                "&&" => (v != 0 && rhs != 0) as i64,
                "||" => (v != 0 || rhs != 0) as i64,
                _ => self.binary(op, v, rhs)?,
            };
        }
        Ok(v)
    }

    fn binary(&mut self, op: &str, a: i64, b: i64) -> Result<i64, String> {
        Ok(match op {
            "+" => a.wrapping_add(b),
            "-" => a.wrapping_sub(b),
            "*" => a.wrapping_mul(b),
            "/" | "%" if b == 0 => {
                if self.skip > 0 {
                    return Ok(0);
                }
                // the error token is the divisor's text
                let at = self.divisor_at.min(self.toks.len().saturating_sub(1));
                let saved = std::mem::replace(&mut self.pos, at);
                let e = self.error("division by 0");
                self.pos = saved;
                return Err(e);
            }
            "/" => a.wrapping_div(b),
            "%" => a.wrapping_rem(b),
            "<<" => a.wrapping_shl(b as u32),
            ">>" => a.wrapping_shr(b as u32),
            "&" => a & b,
            "|" => a | b,
            "^" => a ^ b,
            "==" => (a == b) as i64,
            "!=" => (a != b) as i64,
            "<" => (a < b) as i64,
            ">" => (a > b) as i64,
            "<=" => (a <= b) as i64,
            ">=" => (a >= b) as i64,
            "**" => {
                if b < 0 {
                    return Err(self.error("exponent less than 0"));
                }
                a.wrapping_pow(b.min(u32::MAX as i64) as u32)
            }
            _ => 0,
        })
    }

    fn power(&mut self) -> Result<i64, String> {
        let base = self.unary()?;
        if self.peek_op() == Some("**") {
            self.pos += 1;
            let e = self.power()?;
            return self.binary("**", base, e);
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<i64, String> {
        // `((((1))))` and `- - 1` recurse; a pasted expression must not exhaust the stack
        self.nest += 1;
        if self.nest > MAX_NEST {
            return Err(self.error("expression recursion level exceeded"));
        }
        let v = self.unary_inner();
        self.nest -= 1;
        v
    }

    fn unary_inner(&mut self) -> Result<i64, String> {
        match self.peek_op() {
            Some(op @ ("-" | "+" | "!" | "~")) => {
                self.pos += 1;
                let v = self.unary()?;
                Ok(match op {
                    "-" => v.wrapping_neg(),
                    "!" => (v == 0) as i64,
                    "~" => !v,
                    _ => v,
                })
            }
            Some(op @ ("++" | "--")) => {
                self.pos += 1;
                let Some((T::Name(n), _)) = self.toks.get(self.pos).cloned() else {
                    return Err(self.error("syntax error: operand expected"));
                };
                self.pos += 1;
                let v = self.var(&n)?;
                let v = if op == "++" { v.wrapping_add(1) } else { v.wrapping_sub(1) };
                self.assign(&n, v)?;
                Ok(v)
            }
            _ => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<i64, String> {
        match self.toks.get(self.pos).cloned() {
            Some((T::Num(n), _)) => {
                self.pos += 1;
                Ok(n)
            }
            Some((T::Name(name), _)) => {
                self.pos += 1;
                let v = self.var(&name)?;
                if let Some(op @ ("++" | "--")) = self.peek_op() {
                    self.pos += 1;
                    self.assign(&name, if op == "++" { v.wrapping_add(1) } else { v.wrapping_sub(1) })?;
                }
                Ok(v)
            }
            Some((T::Op("("), _)) => {
                self.pos += 1;
                let v = self.comma()?;
                if self.peek_op() != Some(")") {
                    return Err(self.error("missing `)'"));
                }
                self.pos += 1;
                Ok(v)
            }
            _ => Err(self.error("syntax error: operand expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    impl Vars for BTreeMap<String, String> {
        fn get(&self, name: &str) -> Option<String> {
            BTreeMap::get(self, name).cloned()
        }
        fn set(&mut self, name: &str, value: String) {
            self.insert(name.to_string(), value);
        }
    }

    #[test]
    fn evaluates_as_bash_does() {
        let mut v: BTreeMap<String, String> = [("x".to_string(), "5".to_string())].into();
        for (e, want) in [
            ("x*2+1", 11),
            ("2**10", 1024),
            ("7%3", 1),
            ("-x", -5),
            ("x>3", 1),
            ("x==5?1:2", 1),
            ("(1+2)*3", 9),
            ("0x10 + 010 + 2#11", 27),
            ("1 || 1/0", 1),
            ("", 0),
        ] {
            assert_eq!(eval(e, &mut v), Ok(want), "{e}");
        }
        assert_eq!(eval("i++", &mut v), Ok(0));
        assert_eq!(eval("i+=10", &mut v), Ok(11));
        assert_eq!(eval("x/0", &mut v).unwrap_err(), "x/0: division by 0 (error token is \"0\")");
        assert_eq!(eval("1+", &mut v).unwrap_err(), "1+: syntax error: operand expected (error token is \"+\")");
        let deep = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
        assert!(eval(&deep, &mut v).unwrap_err().contains("expression recursion level exceeded"));
    }
}
