//! `awk`, as Ubuntu's (mawk 1.3.4) runs the one-liners learners write over kubectl's tables:
//! `awk '{print $1}'`, `awk 'NR>1 && $3 != "Running"'`, `awk -F/ '{print $2}'`, `{n[$3]++} END {for (s in n) print s, n[s]}`.
//! Patterns (BEGIN, END, expressions, /regex/), print/printf, assignments, if/while/for/for-in, next/exit, arrays,
//! fields and NR/NF/FS/OFS, and the string and math functions. Numbers print as mawk prints them (integers whole,
//! others with OFMT `%.6g`, division by zero is inf). Strings are counted in characters where mawk counts bytes.
//! User functions (arrays by reference, scalars by value, extra parameters as locals), range patterns
//! `/a/,/b/`, and `getline` (plain, `getline var`, `< file`, with `close`).
//! Not here: output redirection, `"cmd" | getline`, rand; each is an error.

use super::cfmt::{self, Arg};
use super::{Io, Session};
use regex_lite::Regex;
use std::collections::HashMap;

/// Statements one run may execute before it is stopped (a `while (1)` must not freeze the page).
const STEP_LIMIT: u64 = 5_000_000;
/// mawk's largest field index (`MAX_FIELD`).
const MAX_FIELD: f64 = 32767.0;
/// Expressions nested deeper than this are refused (the parser and evaluator recurse).
const MAX_DEPTH: usize = 200;

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ere(String),
    Name(String),
    /// A name right before `(`: a user function's call, as awk's grammar reads `f(` (FUNCT_ID).
    Call(String),
    Func(String),
    P(&'static str),
    Nl,
    Eof,
}

const PUNCT: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||", "!~", "{", "}", "(", ")", "[",
    "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "~", "?", ":", "=", "$", "|",
];

const FUNCS: &[&str] = &[
    "length", "substr", "index", "split", "sub", "gsub", "match", "tolower", "toupper", "sprintf", "int", "sqrt",
    "exp", "log", "sin", "cos", "atan2", "close",
];

/// Words of the language itself: never a function's name, even before `(`.
const KEYWORDS: &[&str] = &[
    "BEGIN", "END", "function", "if", "else", "while", "for", "do", "break", "continue", "next", "nextfile", "exit",
    "return", "delete", "getline", "print", "printf", "in",
];

fn lex(src: &str) -> Result<Vec<(Tok, usize)>, String> {
    let cs: Vec<char> = src.chars().collect();
    let (mut i, mut line) = (0, 1);
    let mut out: Vec<(Tok, usize)> = Vec::new();
    while i < cs.len() {
        let c = cs[i];
        if c == '\n' {
            out.push((Tok::Nl, line));
            line += 1;
            i += 1;
            continue;
        }
        if c == ' ' || c == '\t' || c == '\r' {
            i += 1;
            continue;
        }
        if c == '\\' && cs.get(i + 1) == Some(&'\n') {
            i += 2;
            line += 1;
            continue;
        }
        if c == '#' {
            while i < cs.len() && cs[i] != '\n' {
                i += 1;
            }
            continue;
        }
        // A slash starts a regex where an operand is expected.
        let operand_done = matches!(
            out.last().map(|t| &t.0),
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Ere(_) | Tok::Name(_) | Tok::P(")") | Tok::P("]") | Tok::P("$"))
        ) || matches!(out.last().map(|t| &t.0), Some(Tok::P("++") | Tok::P("--")));
        if c == '/' && !operand_done {
            let mut re = String::new();
            i += 1;
            loop {
                match cs.get(i) {
                    None | Some('\n') => return Err(format!("line {line}: runaway regular expression /{re} ...")),
                    Some('/') => break,
                    Some('\\') if cs.get(i + 1) == Some(&'/') => {
                        re.push('/');
                        i += 1;
                    }
                    Some('\\') => {
                        re.push('\\');
                        if let Some(n) = cs.get(i + 1) {
                            re.push(*n);
                            i += 1;
                        }
                    }
                    Some(x) => re.push(*x),
                }
                i += 1;
            }
            i += 1;
            out.push((Tok::Ere(re), line));
            continue;
        }
        if c == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match cs.get(i) {
                    None | Some('\n') => return Err(format!("line {line}: runaway string constant \"{s} ...")),
                    Some('"') => break,
                    Some('\\') => {
                        i += 1;
                        match cs.get(i) {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('r') => s.push('\r'),
                            Some('\\') => s.push('\\'),
                            Some('"') => s.push('"'),
                            Some('/') => s.push('/'),
                            Some(o) => {
                                s.push('\\');
                                s.push(*o);
                            }
                            None => s.push('\\'),
                        }
                    }
                    Some(x) => s.push(*x),
                }
                i += 1;
            }
            i += 1;
            out.push((Tok::Str(s), line));
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && cs.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while i < cs.len() && (cs[i].is_ascii_digit() || cs[i] == '.') {
                i += 1;
            }
            if i < cs.len() && (cs[i] == 'e' || cs[i] == 'E') {
                let mut j = i + 1;
                if j < cs.len() && (cs[j] == '+' || cs[j] == '-') {
                    j += 1;
                }
                if j < cs.len() && cs[j].is_ascii_digit() {
                    i = j;
                    while i < cs.len() && cs[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let t: String = cs[start..i].iter().collect();
            out.push((Tok::Num(t.parse().unwrap_or(0.0)), line));
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < cs.len() && (cs[i].is_ascii_alphanumeric() || cs[i] == '_') {
                i += 1;
            }
            let w: String = cs[start..i].iter().collect();
            let tok = if FUNCS.contains(&w.as_str()) {
                Tok::Func(w)
            } else if cs.get(i) == Some(&'(') && !KEYWORDS.contains(&w.as_str()) {
                Tok::Call(w)
            } else {
                Tok::Name(w)
            };
            out.push((tok, line));
            continue;
        }
        let rest: String = cs[i..cs.len().min(i + 2)].iter().collect();
        match PUNCT.iter().find(|p| rest.starts_with(**p)) {
            Some(p) => {
                out.push((Tok::P(p), line));
                i += p.chars().count();
            }
            None => return Err(format!("line {line}: syntax error at or near {c}")),
        }
    }
    out.push((Tok::Eof, line));
    Ok(out)
}

#[derive(Clone, Debug)]
enum Expr {
    Num(f64),
    Str(String),
    Re(Regex),
    Field(Box<Expr>),
    Var(String),
    Elem(String, Vec<Expr>),
    Assign(Box<Expr>, Option<char>, Box<Expr>),
    Incr(Box<Expr>, f64, bool),
    Bin(&'static str, Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Match(bool, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    In(Vec<Expr>, String),
    Call(String, Vec<Expr>),
    /// A user function's call.
    User(String, Vec<Expr>),
    /// `getline [VAR] [< FILE]`
    Getline(Option<Box<Expr>>, Option<Box<Expr>>),
    Group(Box<Expr>),
}

#[derive(Clone, Debug)]
enum Stmt {
    Print(Vec<Expr>),
    Printf(Vec<Expr>),
    Expr(Expr),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>),
    While(Expr, Box<Stmt>),
    For(Option<Expr>, Option<Expr>, Option<Expr>, Box<Stmt>),
    ForIn(String, String, Box<Stmt>),
    Block(Vec<Stmt>),
    Next,
    Exit(Option<Expr>),
    Break,
    Continue,
    Delete(String, Option<Vec<Expr>>),
    Return(Option<Expr>),
}

enum Pattern {
    Begin,
    End,
    All,
    Expr(Expr),
    /// `FROM, TO`: from a record FROM matches through the next one TO matches
    Range(Expr, Expr),
}

/// `function NAME(PARAMS) { BODY }`
struct Func {
    params: Vec<String>,
    body: Vec<Stmt>,
}

struct Rule {
    pattern: Pattern,
    action: Option<Vec<Stmt>>,
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    depth: usize,
    /// The functions the program defines (found before parsing, so a call may come first), and whether the
    /// parser is in one's body.
    funcs: Vec<String>,
    in_func: bool,
    /// Each call: the function, how many arguments, its line (checked against the definitions at the end).
    calls: Vec<(String, usize, usize)>,
    /// Inside print's list a bare `>` would be redirection, which this awk does not do.
    in_print: bool,
}

type PResult<T> = Result<T, String>;

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].0
    }
    fn next(&mut self) -> Tok {
        let t = self.toks[self.i].0.clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::P(q) if *q == p)
    }
    fn error(&self) -> String {
        let (t, line) = &self.toks[self.i];
        let near = match t {
            Tok::Num(n) => n.to_string(),
            Tok::Str(s) => format!("\"{s}\""),
            Tok::Ere(r) => format!("/{r}/"),
            Tok::Name(n) | Tok::Call(n) | Tok::Func(n) => n.clone(),
            Tok::P(p) => p.to_string(),
            Tok::Nl | Tok::Eof => "end of line".into(),
        };
        format!("line {line}: syntax error at or near {near}")
    }
    fn expect(&mut self, p: &str) -> PResult<()> {
        if self.is(p) {
            self.next();
            Ok(())
        } else {
            Err(self.error())
        }
    }
    fn skip_nl(&mut self) {
        while matches!(self.peek(), Tok::Nl) || self.is(";") {
            self.next();
        }
    }
    fn opt_nl(&mut self) {
        while matches!(self.peek(), Tok::Nl) {
            self.next();
        }
    }

    fn program(&mut self) -> PResult<(Vec<Rule>, HashMap<String, Func>)> {
        let mut rules = Vec::new();
        let mut funcs = HashMap::new();
        for w in self.toks.windows(2) {
            if let (Tok::Name(f), Tok::Name(n) | Tok::Call(n)) = (&w[0].0, &w[1].0) {
                if f == "function" {
                    self.funcs.push(n.clone());
                }
            }
        }
        loop {
            self.skip_nl();
            if matches!(self.peek(), Tok::Eof) {
                let many = self.calls.iter().find(|(f, n, _)| funcs.get(f).is_some_and(|d: &Func| d.params.len() < *n));
                if let Some((f, _, line)) = many {
                    return Err(format!("line {line}: too many arguments in call to {f}"));
                }
                return Ok((rules, funcs));
            }
            if matches!(self.peek(), Tok::Name(n) if n == "function") {
                self.next();
                let line = self.toks[self.i].1;
                let (Tok::Name(name) | Tok::Call(name)) = self.next() else { return Err(self.error()) };
                if funcs.contains_key(&name) {
                    return Err(format!("line {line}: redefinition of {name}"));
                }
                self.expect("(")?;
                let mut params = Vec::new();
                while let Tok::Name(p) = self.peek().clone() {
                    self.next();
                    params.push(p);
                    if !self.is(",") {
                        break;
                    }
                    self.next();
                    self.opt_nl();
                }
                self.expect(")")?;
                self.opt_nl();
                self.in_func = true;
                let body = self.block();
                self.in_func = false;
                funcs.insert(name, Func { params, body: body? });
                continue;
            }
            let pattern = match self.peek().clone() {
                Tok::Name(n) if n == "BEGIN" || n == "END" => {
                    self.next();
                    if n == "BEGIN" {
                        Pattern::Begin
                    } else {
                        Pattern::End
                    }
                }
                Tok::P("{") => Pattern::All,
                Tok::P("}") => {
                    let line = self.toks[self.i].1;
                    return Err(format!(
                        "line {line}: extra '}}'\n{{name}}: line {line}: syntax error at or near end of line"
                    ));
                }
                _ => Pattern::Expr(self.expr()?),
            };
            let pattern = match pattern {
                Pattern::Expr(from) if self.is(",") => {
                    self.next();
                    self.opt_nl();
                    Pattern::Range(from, self.expr()?)
                }
                p => p,
            };
            let action = if self.is("{") { Some(self.block()?) } else { None };
            if action.is_none() && matches!(pattern, Pattern::Begin | Pattern::End) {
                return Err(self.error());
            }
            let had_action = action.is_some();
            rules.push(Rule { pattern, action });
            // After an action the next rule may follow on the same line; after a bare pattern it may not.
            if !had_action && !matches!(self.peek(), Tok::Nl | Tok::Eof) && !self.is(";") {
                return Err(self.error());
            }
        }
    }

    fn block(&mut self) -> PResult<Vec<Stmt>> {
        self.nest(Self::block_inner)
    }

    fn block_inner(&mut self) -> PResult<Vec<Stmt>> {
        self.expect("{")?;
        let mut out = Vec::new();
        loop {
            self.skip_nl();
            if self.is("}") {
                self.next();
                return Ok(out);
            }
            if matches!(self.peek(), Tok::Eof) {
                // mawk counts the end of the program as one more line.
                return Err(format!("line {}: missing }} near end of file", self.toks[self.i].1 + 1));
            }
            out.push(self.stmt()?);
        }
    }

    fn end_simple(&mut self) -> PResult<()> {
        if self.is(";") || matches!(self.peek(), Tok::Nl) {
            self.next();
            Ok(())
        } else if self.is("}") || matches!(self.peek(), Tok::Eof) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    fn simple_or_block(&mut self) -> PResult<Stmt> {
        self.opt_nl();
        if self.is(";") {
            self.next();
            return Ok(Stmt::Block(vec![]));
        }
        self.stmt()
    }

    fn stmt(&mut self) -> PResult<Stmt> {
        self.nest(Self::stmt_inner)
    }

    fn stmt_inner(&mut self) -> PResult<Stmt> {
        if self.is("{") {
            return Ok(Stmt::Block(self.block()?));
        }
        let word = match self.peek() {
            Tok::Name(n) => n.clone(),
            _ => String::new(),
        };
        let s = match word.as_str() {
            "if" => {
                self.next();
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                let then = self.simple_or_block()?;
                // `else` may follow after newlines or a semicolon.
                let save = self.i;
                self.skip_nl();
                let els = if matches!(self.peek(), Tok::Name(n) if n == "else") {
                    self.next();
                    Some(Box::new(self.simple_or_block()?))
                } else {
                    self.i = save;
                    None
                };
                return Ok(Stmt::If(c, Box::new(then), els));
            }
            "while" => {
                self.next();
                self.expect("(")?;
                let c = self.expr()?;
                self.expect(")")?;
                return Ok(Stmt::While(c, Box::new(self.simple_or_block()?)));
            }
            "for" => {
                self.next();
                self.expect("(")?;
                if let (Tok::Name(k), Tok::Name(inw), Tok::Name(arr), Tok::P(")")) = (
                    self.toks[self.i].0.clone(),
                    self.toks.get(self.i + 1).map_or(Tok::Eof, |t| t.0.clone()),
                    self.toks.get(self.i + 2).map_or(Tok::Eof, |t| t.0.clone()),
                    self.toks.get(self.i + 3).map_or(Tok::Eof, |t| t.0.clone()),
                ) {
                    if inw == "in" {
                        self.i += 4;
                        return Ok(Stmt::ForIn(k, arr, Box::new(self.simple_or_block()?)));
                    }
                }
                let init = if self.is(";") { None } else { Some(self.expr()?) };
                self.expect(";")?;
                self.opt_nl();
                let cond = if self.is(";") { None } else { Some(self.expr()?) };
                self.expect(";")?;
                self.opt_nl();
                let step = if self.is(")") { None } else { Some(self.expr()?) };
                self.expect(")")?;
                return Ok(Stmt::For(init, cond, step, Box::new(self.simple_or_block()?)));
            }
            "next" => {
                self.next();
                Stmt::Next
            }
            "break" => {
                self.next();
                Stmt::Break
            }
            "continue" => {
                self.next();
                Stmt::Continue
            }
            "exit" => {
                self.next();
                let code = if self.is(";") || self.is("}") || matches!(self.peek(), Tok::Nl | Tok::Eof) {
                    None
                } else {
                    Some(self.expr()?)
                };
                Stmt::Exit(code)
            }
            "delete" => {
                self.next();
                let Tok::Name(a) = self.next() else { return Err(self.error()) };
                let sub = if self.is("[") {
                    self.next();
                    let l = self.expr_list()?;
                    self.expect("]")?;
                    Some(l)
                } else {
                    None
                };
                Stmt::Delete(a, sub)
            }
            "print" | "printf" => {
                self.next();
                self.in_print = true;
                let args = if self.is(";") || self.is("}") || matches!(self.peek(), Tok::Nl | Tok::Eof) {
                    vec![]
                } else {
                    self.expr_list()?
                };
                self.in_print = false;
                if self.is(">") || self.is("|") {
                    return Err(self.error());
                }
                // print (a, b) is the list in parentheses.
                let args = match args.as_slice() {
                    [Expr::Group(inner)] if matches!(**inner, Expr::Call(ref n, _) if n == "\u{0}list") => {
                        let Expr::Call(_, l) = *inner.clone() else { unreachable!() };
                        l
                    }
                    _ => args,
                };
                if word == "print" {
                    Stmt::Print(args)
                } else {
                    if args.is_empty() {
                        return Err(self.error());
                    }
                    Stmt::Printf(args)
                }
            }
            "return" if !self.in_func => {
                return Err(format!("line {}: return outside function body", self.toks[self.i].1));
            }
            "return" => {
                self.next();
                let value = if self.is(";") || self.is("}") || matches!(self.peek(), Tok::Nl | Tok::Eof) {
                    None
                } else {
                    Some(self.expr()?)
                };
                Stmt::Return(value)
            }
            "function" | "do" | "nextfile" => return Err(self.error()),
            _ => Stmt::Expr(self.expr()?),
        };
        self.end_simple()?;
        Ok(s)
    }

    fn expr_list(&mut self) -> PResult<Vec<Expr>> {
        let mut v = vec![self.expr()?];
        while self.is(",") {
            self.next();
            self.opt_nl();
            v.push(self.expr()?);
        }
        Ok(v)
    }

    /// Runs a recursive step one level deeper; nesting (and left-leaning chains, `grow`) stop at MAX_DEPTH so
    /// that parsing, evaluating and dropping the tree cannot overflow the stack.
    fn nest<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.depth += 1;
        let r = if self.depth > MAX_DEPTH { Err(self.too_deep()) } else { f(self) };
        self.depth -= 1;
        r
    }

    fn too_deep(&self) -> String {
        format!("line {}: program nested too deeply (the playground's limit is {MAX_DEPTH})", self.toks[self.i].1)
    }

    /// A chain `a + b + c ...` builds a tree as deep as it is long.
    fn grow(&self, chain: &mut usize) -> PResult<()> {
        *chain += 1;
        if self.depth + *chain > MAX_DEPTH {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn expr(&mut self) -> PResult<Expr> {
        self.nest(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> PResult<Expr> {
        let lhs = self.ternary()?;
        let op = match self.peek() {
            Tok::P("=") => Some(None),
            Tok::P(p) if p.len() == 2 && p.ends_with('=') && "+-*/%^".contains(&p[..1]) => p.chars().next().map(Some),
            _ => None,
        };
        if let Some(op) = op {
            if matches!(lhs, Expr::Var(_) | Expr::Elem(..) | Expr::Field(_)) {
                self.next();
                self.opt_nl();
                let rhs = self.expr()?;
                return Ok(Expr::Assign(Box::new(lhs), op, Box::new(rhs)));
            }
            return Err(self.error());
        }
        Ok(lhs)
    }

    fn ternary(&mut self) -> PResult<Expr> {
        self.nest(Self::ternary_inner)
    }

    fn ternary_inner(&mut self) -> PResult<Expr> {
        let c = self.or()?;
        if self.is("?") {
            self.next();
            self.opt_nl();
            let a = self.ternary()?;
            self.opt_nl();
            self.expect(":")?;
            self.opt_nl();
            let b = self.ternary()?;
            return Ok(Expr::Cond(Box::new(c), Box::new(a), Box::new(b)));
        }
        Ok(c)
    }

    /// A left-leaning chain `a OP b OP c ...` over `ops`; a newline may follow the operator only for `||` and `&&`.
    fn binary(&mut self, ops: &[&'static str], operand: fn(&mut Self) -> PResult<Expr>) -> PResult<Expr> {
        let mut l = operand(self)?;
        let mut chain = 0;
        while let Some(op) = ops.iter().copied().find(|o| self.is(o)) {
            self.grow(&mut chain)?;
            self.next();
            if matches!(op, "||" | "&&") {
                self.opt_nl();
            }
            l = Expr::Bin(op, Box::new(l), Box::new(operand(self)?));
        }
        Ok(l)
    }

    fn or(&mut self) -> PResult<Expr> {
        self.binary(&["||"], Self::and)
    }

    fn and(&mut self) -> PResult<Expr> {
        self.binary(&["&&"], Self::in_expr)
    }

    fn in_expr(&mut self) -> PResult<Expr> {
        let mut l = self.matching()?;
        let mut chain = 0;
        while matches!(self.peek(), Tok::Name(n) if n == "in") {
            self.grow(&mut chain)?;
            self.next();
            let Tok::Name(a) = self.next() else { return Err(self.error()) };
            let keys = match l {
                Expr::Group(g) => match *g {
                    Expr::Call(n, l) if n == "\u{0}list" => l,
                    other => vec![other],
                },
                other => vec![other],
            };
            l = Expr::In(keys, a);
        }
        Ok(l)
    }

    fn matching(&mut self) -> PResult<Expr> {
        let mut l = self.relational()?;
        let mut chain = 0;
        while self.is("~") || self.is("!~") {
            self.grow(&mut chain)?;
            let neg = self.is("!~");
            self.next();
            l = Expr::Match(neg, Box::new(l), Box::new(self.relational()?));
        }
        Ok(l)
    }

    fn relational(&mut self) -> PResult<Expr> {
        let l = self.concat()?;
        let op = match self.peek() {
            Tok::P(p @ ("<" | "<=" | "==" | "!=" | ">=")) => *p,
            Tok::P(">") if !self.in_print => ">",
            _ => return Ok(l),
        };
        self.next();
        Ok(Expr::Bin(op, Box::new(l), Box::new(self.concat()?)))
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Tok::Num(_) | Tok::Str(_) | Tok::Ere(_) | Tok::Func(_) | Tok::Call(_) => true,
            Tok::Name(n) => n != "in",
            // Not `-`, `+` or `!`: `a -1` subtracts, as awk's grammar decides.
            Tok::P(p) => matches!(*p, "$" | "(" | "++" | "--"),
            _ => false,
        }
    }

    fn concat(&mut self) -> PResult<Expr> {
        let l = self.concat_inner()?;
        if self.is("|") && matches!(self.toks.get(self.i + 1), Some((Tok::Name(n), _)) if n == "getline") {
            return Err(format!(
                "line {}: \"cmd\" | getline is not simulated in the playground (run the command in the shell and pipe it to awk)",
                self.toks[self.i].1
            ));
        }
        Ok(l)
    }

    fn concat_inner(&mut self) -> PResult<Expr> {
        let mut l = self.additive()?;
        let mut chain = 0;
        while self.starts_operand() {
            self.grow(&mut chain)?;
            l = Expr::Concat(Box::new(l), Box::new(self.additive()?));
        }
        Ok(l)
    }

    fn additive(&mut self) -> PResult<Expr> {
        self.binary(&["+", "-"], Self::multiplicative)
    }

    fn multiplicative(&mut self) -> PResult<Expr> {
        self.binary(&["*", "/", "%"], Self::unary)
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.nest(Self::unary_inner)
    }

    fn unary_inner(&mut self) -> PResult<Expr> {
        if self.is("!") {
            self.next();
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.is("-") {
            self.next();
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        if self.is("+") {
            self.next();
            return Ok(Expr::Bin("+", Box::new(Expr::Num(0.0)), Box::new(self.unary()?)));
        }
        self.power()
    }

    fn power(&mut self) -> PResult<Expr> {
        let base = self.postfix()?;
        if self.is("^") {
            self.next();
            // Right-associative, and binds tighter than unary minus on its left only.
            let exp = self.unary()?;
            return Ok(Expr::Bin("^", Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn postfix(&mut self) -> PResult<Expr> {
        self.nest(Self::postfix_inner)
    }

    fn postfix_inner(&mut self) -> PResult<Expr> {
        if self.is("++") || self.is("--") {
            let d = if self.is("++") { 1.0 } else { -1.0 };
            self.next();
            let target = self.postfix()?;
            return Ok(Expr::Incr(Box::new(target), d, true));
        }
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Elem(..) | Expr::Field(_)) && (self.is("++") || self.is("--")) {
            let d = if self.is("++") { 1.0 } else { -1.0 };
            self.next();
            return Ok(Expr::Incr(Box::new(e), d, false));
        }
        Ok(e)
    }

    fn primary(&mut self) -> PResult<Expr> {
        self.nest(Self::primary_inner)
    }

    fn primary_inner(&mut self) -> PResult<Expr> {
        match self.next() {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Ere(r) => match Regex::new(&r) {
                Ok(re) => Ok(Expr::Re(re)),
                Err(_) => Err(format!(
                    "line {}: regular expression compile failed (bad class -- [], [^] or [)\n{r}",
                    self.toks[self.i].1
                )),
            },
            Tok::P("$") => Ok(Expr::Field(Box::new(self.postfix_primary()?))),
            Tok::P("(") => {
                let l = self.expr_list_in_parens()?;
                Ok(l)
            }
            Tok::Func(f) => {
                if f == "length" && !self.is("(") {
                    return Ok(Expr::Call(f, vec![]));
                }
                self.expect("(")?;
                let args = if self.is(")") { vec![] } else { self.expr_list()? };
                self.expect(")")?;
                Ok(Expr::Call(f, args))
            }
            Tok::Call(f) if !self.funcs.contains(&f) => {
                Err(format!("line {}: function {f} never defined", self.toks.last().map_or(0, |t| t.1) + 1))
            }
            Tok::Name(f) | Tok::Call(f) if self.funcs.contains(&f) && self.is("(") => {
                self.next();
                let args = if self.is(")") { vec![] } else { self.expr_list()? };
                self.expect(")")?;
                self.calls.push((f.clone(), args.len(), self.toks[self.i].1));
                Ok(Expr::User(f, args))
            }
            Tok::Name(n) if n == "getline" => {
                let var = match self.peek() {
                    Tok::Name(n) if !KEYWORDS.contains(&n.as_str()) => Some(Box::new(self.primary()?)),
                    Tok::P("$") => Some(Box::new(self.primary()?)),
                    _ => None,
                };
                let file = if self.is("<") {
                    self.next();
                    Some(Box::new(self.postfix()?))
                } else {
                    None
                };
                Ok(Expr::Getline(var, file))
            }
            Tok::Name(n) => {
                if self.is("[") {
                    self.next();
                    let l = self.expr_list()?;
                    self.expect("]")?;
                    return Ok(Expr::Elem(n, l));
                }
                Ok(Expr::Var(n))
            }
            _ => {
                self.i = self.i.saturating_sub(1);
                Err(self.error())
            }
        }
    }

    /// `$` binds to the next primary (and its `++`), as `$NF`, `$i++` read.
    fn postfix_primary(&mut self) -> PResult<Expr> {
        if self.is("-") {
            self.next();
            return Ok(Expr::Neg(Box::new(self.primary()?)));
        }
        if self.is("++") || self.is("--") {
            return self.postfix();
        }
        self.primary()
    }

    fn expr_list_in_parens(&mut self) -> PResult<Expr> {
        let saved = self.in_print;
        self.in_print = false;
        let first = self.expr()?;
        let e = if self.is(",") {
            let mut l = vec![first];
            while self.is(",") {
                self.next();
                self.opt_nl();
                l.push(self.expr()?);
            }
            Expr::Group(Box::new(Expr::Call("\u{0}list".into(), l)))
        } else {
            Expr::Group(Box::new(first))
        };
        self.in_print = saved;
        self.expect(")")?;
        Ok(e)
    }
}

#[derive(Clone, Debug)]
enum V {
    Num(f64),
    Str(String),
    /// A field or other input that looks like a number compares as one.
    StrNum(String),
    Uninit,
}

fn looks_numeric(s: &str) -> Option<f64> {
    let t = s.trim_matches([' ', '\t', '\n']);
    if t.is_empty() || t.contains(['i', 'I', 'n', 'N', 'x', 'X']) {
        return None;
    }
    t.parse::<f64>().ok()
}

/// strtod's longest numeric prefix, as awk converts any string to a number.
fn str_num(s: &str) -> f64 {
    let t = s.trim_start_matches([' ', '\t', '\n']);
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        if j < b.len() && b[j].is_ascii_digit() {
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            i = j;
        }
    }
    t[..i].parse().unwrap_or(0.0)
}

/// A number as awk prints it: whole numbers as integers, others with `%.6g`.
fn num_text(n: f64) -> String {
    if n == n.trunc() && n.abs() < 9_007_199_254_740_992.0 {
        return format!("{}", n as i64);
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if n.is_nan() {
        // x86's invalid operations (0/0, fmod by zero) make a negative NaN, and glibc prints its sign.
        return "-nan".into();
    }
    let body = cfmt::general(n.abs(), 6, false, false);
    if n < 0.0 {
        format!("-{body}")
    } else {
        body
    }
}

impl V {
    fn num(&self) -> f64 {
        match self {
            V::Num(n) => *n,
            V::Str(s) | V::StrNum(s) => str_num(s),
            V::Uninit => 0.0,
        }
    }
    fn text(&self) -> String {
        match self {
            V::Num(n) => num_text(*n),
            V::Str(s) | V::StrNum(s) => s.clone(),
            V::Uninit => String::new(),
        }
    }
    fn truthy(&self) -> bool {
        match self {
            V::Num(n) => *n != 0.0,
            V::Str(s) => !s.is_empty(),
            V::StrNum(s) => looks_numeric(s).map_or(!s.is_empty(), |n| n != 0.0),
            V::Uninit => false,
        }
    }
    fn numeric(&self) -> Option<f64> {
        match self {
            V::Num(n) => Some(*n),
            V::StrNum(s) => looks_numeric(s),
            V::Uninit => Some(0.0),
            V::Str(_) => None,
        }
    }
}

impl Arg for V {
    fn num(&self) -> f64 {
        V::num(self)
    }
    fn text(&self) -> String {
        V::text(self)
    }
    /// `%c` of a number is the character with that code.
    fn chr(&self) -> String {
        match self {
            V::Num(n) => char::from_u32(*n as u32).map(String::from).unwrap_or_default(),
            _ => self.text().chars().next().map(String::from).unwrap_or_default(),
        }
    }
}

enum Flow {
    Normal,
    Next,
    Exit,
    Break,
    Continue,
    Return,
}

/// A user function's call: its parameters' values, and the arrays they name (the caller's, or its own).
#[derive(Default)]
struct Frame {
    locals: HashMap<String, V>,
    arrays: HashMap<String, String>,
    owned: Vec<String>,
}

/// How deeply statements and expressions may nest at run time within function calls (mawk's limit is its
/// evaluation stack's size; the page's is its own stack).
const MAX_RUN_DEPTH: usize = 300;
const CALL_WEIGHT: usize = 4;
/// How `exit` in a function's body leaves every call: an error the run's top turns back into `exit`.
const EXIT: &str = "\u{2}exit";

/// A text read a line at a time: the main input's current file, or one `getline < FILE` opened.
#[derive(Default)]
struct Reader {
    text: String,
    pos: usize,
}

impl Reader {
    fn line(&mut self) -> Option<String> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let end = rest.find('\n').unwrap_or(rest.len());
        self.pos += (end + 1).min(rest.len());
        let line = &rest[..end];
        Some(line.strip_suffix('\r').unwrap_or(line).to_string())
    }
}

struct Machine<'a> {
    session: &'a Session,
    stdin: Option<String>,
    /// The main input: (name, text) of each file in turn (None when it cannot be opened), the next one's index.
    inputs: Vec<(String, Option<String>)>,
    next_input: usize,
    current: Reader,
    /// Files `getline < FILE` reads, by name, until `close` (None: it could not be opened, and the files do
    /// not change while awk runs).
    open: HashMap<String, Option<Reader>>,
    funcs: HashMap<String, std::rc::Rc<Func>>,
    frames: Vec<Frame>,
    depth: usize,
    ret: V,
    vars: HashMap<String, V>,
    /// Arrays keep their keys in insertion order (mawk's own order is its hash table's).
    arrays: HashMap<String, Vec<(String, V)>>,
    fields: Vec<String>,
    record: String,
    out: String,
    exit_code: i32,
    steps: u64,
}

type RResult<T> = Result<T, String>;

impl Machine<'_> {
    fn var(&self, n: &str) -> V {
        if let Some(v) = self.frames.last().and_then(|f| f.locals.get(n)) {
            return v.clone();
        }
        self.vars.get(n).cloned().unwrap_or(V::Uninit)
    }

    /// A variable the language reads itself (OFS, NR...): a parameter of that name does not hide it.
    fn global(&self, n: &str) -> V {
        self.vars.get(n).cloned().unwrap_or(V::Uninit)
    }

    fn set_var(&mut self, n: &str, v: V) {
        match self.frames.last_mut().and_then(|f| f.locals.get_mut(n)) {
            Some(slot) => *slot = v,
            None => {
                self.vars.insert(n.to_string(), v);
            }
        }
    }

    /// Where the array a name means is kept: a parameter's is the caller's array or one of its own.
    fn array_key(&mut self, name: &str) -> String {
        let depth = self.frames.len();
        let Some(f) = self.frames.last_mut().filter(|f| f.locals.contains_key(name)) else { return name.to_string() };
        if let Some(k) = f.arrays.get(name) {
            return k.clone();
        }
        let k = format!("\u{1}{depth}\u{1}{name}");
        f.arrays.insert(name.to_string(), k.clone());
        f.owned.push(k.clone());
        k
    }

    /// The main input's next record, counted in NR and FNR; None at its end.
    fn next_record(&mut self) -> RResult<Option<String>> {
        loop {
            if let Some(line) = self.current.line() {
                let (nr, fnr) = (self.global("NR").num(), self.global("FNR").num());
                self.vars.insert("NR".into(), V::Num(nr + 1.0));
                self.vars.insert("FNR".into(), V::Num(fnr + 1.0));
                return Ok(Some(line));
            }
            let Some((fname, text)) = self.inputs.get(self.next_input).cloned() else { return Ok(None) };
            self.next_input += 1;
            // one that cannot be opened ends the run (status 2), as mawk does
            let Some(text) = text else {
                if self.session.is_dir(&fname) {
                    return Err("\u{0}read error (Is a directory)".into());
                }
                return Err(format!("\u{0}cannot open {fname} (No such file or directory)"));
            };
            self.vars.insert("FILENAME".into(), V::Str(fname));
            self.vars.insert("FNR".into(), V::Num(0.0));
            self.current = Reader { text, pos: 0 };
        }
    }

    /// `getline < FILE`'s next line: None when the file cannot be read (getline's -1).
    fn read_from(&mut self, name: &str) -> Option<Option<String>> {
        if !self.open.contains_key(name) {
            let text = match name {
                "-" | "/dev/stdin" => self.stdin.clone(),
                _ => self.session.read_file(name).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
            };
            self.open.insert(name.to_string(), text.map(|text| Reader { text, pos: 0 }));
        }
        self.open.get_mut(name)?.as_mut().map(Reader::line)
    }

    fn call_user(&mut self, name: &str, args: &[Expr]) -> RResult<V> {
        let Some(func) = self.funcs.get(name).cloned() else { return Ok(V::Uninit) };
        let mut frame = Frame::default();
        for (i, p) in func.params.iter().enumerate() {
            let v = match args.get(i) {
                // a bare name passes its array by reference (and its value, if it is a scalar)
                Some(Expr::Var(n)) => {
                    let k = self.array_key(n);
                    frame.arrays.insert(p.clone(), k);
                    self.var(n)
                }
                Some(e) => self.eval(e)?,
                None => V::Uninit,
            };
            frame.locals.insert(p.clone(), v);
        }
        self.frames.push(frame);
        // a call's own frames weigh as much as a few statements'
        self.depth += CALL_WEIGHT;
        let flow = self.exec(&func.body);
        self.depth -= CALL_WEIGHT;
        if let Some(f) = self.frames.pop() {
            for k in f.owned {
                self.arrays.remove(&k);
            }
        }
        match flow? {
            Flow::Exit => Err(EXIT.into()),
            Flow::Return => Ok(std::mem::replace(&mut self.ret, V::Uninit)),
            _ => Ok(V::Uninit),
        }
    }
    fn fs(&self) -> String {
        self.global("FS").text()
    }

    fn split_record(&mut self) {
        let fs = self.fs();
        self.fields = split_with(&self.record, &fs);
        self.vars.insert("NF".into(), V::Num(self.fields.len() as f64));
    }

    fn rebuild_record(&mut self) {
        let ofs = self.global("OFS").text();
        self.record = self.fields.join(&ofs);
    }

    fn field(&self, i: usize) -> V {
        if i == 0 {
            return V::StrNum(self.record.clone());
        }
        self.fields.get(i - 1).map_or(V::Uninit, |f| V::StrNum(f.clone()))
    }

    fn set_field(&mut self, i: usize, v: String) {
        if i == 0 {
            self.record = v;
            self.split_record();
            return;
        }
        if self.fields.len() < i {
            self.fields.resize(i, String::new());
        }
        self.fields[i - 1] = v;
        self.vars.insert("NF".into(), V::Num(self.fields.len() as f64));
        self.rebuild_record();
    }

    fn key(&mut self, subs: &[Expr]) -> RResult<String> {
        let mut parts = Vec::new();
        for s in subs {
            parts.push(self.eval(s)?.text());
        }
        Ok(parts.join(&self.global("SUBSEP").text()))
    }

    fn array(&mut self, name: &str) -> &mut Vec<(String, V)> {
        let k = self.array_key(name);
        self.arrays.entry(k).or_default()
    }

    fn get_elem(&mut self, name: &str, key: &str) -> V {
        let arr = self.array(name);
        if let Some((_, v)) = arr.iter().find(|(k, _)| k == key) {
            return v.clone();
        }
        // Referencing an element creates it, as awk does.
        arr.push((key.to_string(), V::Uninit));
        V::Uninit
    }

    fn set_elem(&mut self, name: &str, key: String, v: V) {
        let arr = self.array(name);
        match arr.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = v,
            None => arr.push((key, v)),
        }
    }

    fn load(&mut self, target: &Expr) -> RResult<V> {
        self.eval(target)
    }

    fn store(&mut self, target: &Expr, v: V) -> RResult<()> {
        match target {
            Expr::Var(n) => {
                if n == "NF" {
                    let nf = field_index(v.num())?;
                    self.fields.resize(nf, String::new());
                    self.rebuild_record();
                }
                self.set_var(n, v);
            }
            Expr::Elem(n, subs) => {
                let k = self.key(subs)?;
                self.set_elem(n, k, v);
            }
            Expr::Field(i) => {
                let i = field_index(self.eval(i)?.num())?;
                self.set_field(i, v.text());
            }
            _ => {}
        }
        Ok(())
    }

    fn regex_of(&mut self, e: &Expr) -> RResult<Regex> {
        match e {
            Expr::Re(r) => Ok(r.clone()),
            other => {
                let t = self.eval(other)?.text();
                Regex::new(&t)
                    .map_err(|_| format!("run time error: regular expression compile failed (missing operand)\n{t}"))
            }
        }
    }

    /// Evaluation and statements nest on the stack: in a function's calls they are counted, as recursion
    /// multiplies them (a program's own nesting is bounded by the parser's MAX_DEPTH).
    fn deeper<T>(&mut self, f: impl FnOnce(&mut Self) -> RResult<T>) -> RResult<T> {
        self.depth += 1;
        let r = if self.depth > MAX_RUN_DEPTH && !self.frames.is_empty() {
            Err(format!(
                "\u{0}program limit exceeded: function calls nested too deeply (the playground's limit: {MAX_RUN_DEPTH} levels of statements and expressions)"
            ))
        } else {
            f(self)
        };
        self.depth -= 1;
        r
    }

    fn eval(&mut self, e: &Expr) -> RResult<V> {
        self.deeper(|m| m.eval_inner(e))
    }

    fn eval_inner(&mut self, e: &Expr) -> RResult<V> {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(format!("the playground stops an awk program after {STEP_LIMIT} steps"));
        }
        Ok(match e {
            Expr::Num(n) => V::Num(*n),
            Expr::Str(s) => V::Str(s.clone()),
            Expr::Re(r) => V::Num(if r.is_match(&self.record) { 1.0 } else { 0.0 }),
            Expr::Group(g) => self.eval(g)?,
            Expr::Field(i) => {
                let i = field_index(self.eval(i)?.num())?;
                self.field(i)
            }
            Expr::Var(n) => self.var(n),
            Expr::Elem(n, subs) => {
                let k = self.key(subs)?;
                self.get_elem(n, &k)
            }
            Expr::Assign(t, op, rhs) => {
                let r = self.eval(rhs)?;
                let v = match op {
                    None => match r {
                        V::Uninit => V::Uninit,
                        other => other,
                    },
                    Some(o) => {
                        let l = self.load(t)?.num();
                        V::Num(arith(*o, l, r.num()))
                    }
                };
                self.store(t, v.clone())?;
                v
            }
            Expr::Incr(t, d, pre) => {
                let old = self.load(t)?.num();
                self.store(t, V::Num(old + d))?;
                V::Num(if *pre { old + d } else { old })
            }
            Expr::Bin(op, a, b) => match *op {
                "&&" => V::Num(if self.eval(a)?.truthy() && self.eval(b)?.truthy() { 1.0 } else { 0.0 }),
                "||" => V::Num(if self.eval(a)?.truthy() || self.eval(b)?.truthy() { 1.0 } else { 0.0 }),
                "<" | "<=" | "==" | "!=" | ">" | ">=" => {
                    let (x, y) = (self.eval(a)?, self.eval(b)?);
                    let ord = match (x.numeric(), y.numeric()) {
                        (Some(p), Some(q)) => p.partial_cmp(&q),
                        _ => Some(x.text().cmp(&y.text())),
                    };
                    use std::cmp::Ordering::*;
                    let r = match (*op, ord) {
                        ("<", Some(Less)) | ("<=", Some(Less | Equal)) | ("==", Some(Equal)) => true,
                        ("!=", o) => o != Some(Equal),
                        (">", Some(Greater)) | (">=", Some(Greater | Equal)) => true,
                        _ => false,
                    };
                    V::Num(if r { 1.0 } else { 0.0 })
                }
                o => {
                    let (x, y) = (self.eval(a)?.num(), self.eval(b)?.num());
                    V::Num(arith(o.chars().next().unwrap_or('+'), x, y))
                }
            },
            Expr::Not(a) => V::Num(if self.eval(a)?.truthy() { 0.0 } else { 1.0 }),
            Expr::Neg(a) => V::Num(-self.eval(a)?.num()),
            Expr::Concat(a, b) => {
                let x = self.eval(a)?.text();
                V::Str(x + &self.eval(b)?.text())
            }
            Expr::Match(neg, s, r) => {
                let text = self.eval(s)?.text();
                let re = self.regex_of(r)?;
                V::Num(if re.is_match(&text) != *neg { 1.0 } else { 0.0 })
            }
            Expr::Cond(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Expr::In(keys, arr) => {
                let k = self.key(keys)?;
                V::Num(if self.array(arr).iter().any(|(x, _)| *x == k) { 1.0 } else { 0.0 })
            }
            Expr::Call(f, args) => self.call(f, args)?,
            Expr::User(f, args) => self.call_user(f, args)?,
            Expr::Getline(var, file) => {
                let line = match file {
                    None => self.next_record()?,
                    Some(f) => {
                        let name = self.eval(f)?.text();
                        match self.read_from(&name) {
                            Some(l) => l,
                            None => return Ok(V::Num(-1.0)),
                        }
                    }
                };
                let Some(line) = line else { return Ok(V::Num(0.0)) };
                match var {
                    Some(v) => self.store(v, V::StrNum(line))?,
                    None => {
                        self.record = line;
                        self.split_record();
                    }
                }
                V::Num(1.0)
            }
        })
    }

    fn call(&mut self, f: &str, args: &[Expr]) -> RResult<V> {
        let arg = |m: &mut Machine, i: usize| -> RResult<V> {
            match args.get(i) {
                Some(e) => m.eval(e),
                None => Ok(V::Uninit),
            }
        };
        let n = |m: &mut Machine, i: usize| -> RResult<f64> { Ok(arg(m, i)?.num()) };
        Ok(match f {
            "length" => {
                if let Some(Expr::Var(a)) = args.first() {
                    let k = self.array_key(a);
                    if let Some(arr) = self.arrays.get(&k) {
                        return Ok(V::Num(arr.len() as f64));
                    }
                }
                let s = if args.is_empty() { self.record.clone() } else { arg(self, 0)?.text() };
                V::Num(s.chars().count() as f64)
            }
            "substr" => {
                let s: Vec<char> = arg(self, 0)?.text().chars().collect();
                // POSIX: characters from round(m) for round(n), clipped to the string.
                let m = n(self, 1)?.round();
                let end = if args.len() > 2 { m + n(self, 2)?.round() } else { f64::INFINITY };
                let (from, to) = (m.max(1.0), end.min(s.len() as f64 + 1.0));
                if to <= from {
                    V::Str(String::new())
                } else {
                    V::Str(s[(from as usize - 1)..(to as usize - 1)].iter().collect())
                }
            }
            "index" => {
                let (s, t) = (arg(self, 0)?.text(), arg(self, 1)?.text());
                V::Num(s.find(&t).map_or(0, |b| s[..b].chars().count() + 1) as f64)
            }
            "split" => {
                let s = arg(self, 0)?.text();
                let Some(Expr::Var(a)) = args.get(1) else {
                    return Err("split: second argument must be an array".into());
                };
                let fs = if args.len() > 2 { arg(self, 2)?.text() } else { self.fs() };
                let parts = split_with(&s, &fs);
                let arr: Vec<(String, V)> =
                    parts.iter().enumerate().map(|(i, p)| ((i + 1).to_string(), V::StrNum(p.clone()))).collect();
                let len = arr.len();
                let k = self.array_key(a);
                self.arrays.insert(k, arr);
                V::Num(len as f64)
            }
            "sub" | "gsub" => {
                let re = match args.first() {
                    Some(e) => self.regex_of(e)?,
                    None => return Err("sub: not enough arguments".into()),
                };
                let rep = arg(self, 1)?.text();
                let target = args.get(2).cloned().unwrap_or(Expr::Field(Box::new(Expr::Num(0.0))));
                let text = self.eval(&target)?.text();
                let (new, count) = substitute(&re, &text, &rep, f == "gsub");
                if count > 0 {
                    self.store(&target, V::Str(new))?;
                }
                V::Num(count as f64)
            }
            "match" => {
                let s = arg(self, 0)?.text();
                let re = match args.get(1) {
                    Some(e) => self.regex_of(e)?,
                    None => return Err("match: not enough arguments".into()),
                };
                let (start, len) = match re.find(&s) {
                    Some(m) => (s[..m.start()].chars().count() as f64 + 1.0, m.as_str().chars().count() as f64),
                    None => (0.0, -1.0),
                };
                self.vars.insert("RSTART".into(), V::Num(start));
                self.vars.insert("RLENGTH".into(), V::Num(len));
                V::Num(start)
            }
            "tolower" => V::Str(arg(self, 0)?.text().to_lowercase()),
            "toupper" => V::Str(arg(self, 0)?.text().to_uppercase()),
            "sprintf" => {
                let mut vals = Vec::new();
                for i in 0..args.len() {
                    vals.push(arg(self, i)?);
                }
                let fmt = vals.first().map(V::text).unwrap_or_default();
                let refs: Vec<&dyn Arg> = vals.iter().skip(1).map(|v| v as &dyn Arg).collect();
                V::Str(cfmt::format(&fmt, &refs).0)
            }
            "int" => V::Num(n(self, 0)?.trunc()),
            "sqrt" => V::Num(n(self, 0)?.sqrt()),
            "exp" => V::Num(n(self, 0)?.exp()),
            "log" => V::Num(n(self, 0)?.ln()),
            "sin" => V::Num(n(self, 0)?.sin()),
            "cos" => V::Num(n(self, 0)?.cos()),
            "atan2" => {
                let y = n(self, 0)?;
                V::Num(y.atan2(n(self, 1)?))
            }
            "close" => {
                let f = arg(self, 0)?.text();
                V::Num(if self.open.remove(&f).flatten().is_some() { 0.0 } else { -1.0 })
            }
            _ => V::Uninit,
        })
    }

    fn exec(&mut self, stmts: &[Stmt]) -> RResult<Flow> {
        for s in stmts {
            let flow = self.stmt(s)?;
            if !matches!(flow, Flow::Normal) {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn stmt(&mut self, s: &Stmt) -> RResult<Flow> {
        self.deeper(|m| m.stmt_inner(s))
    }

    fn stmt_inner(&mut self, s: &Stmt) -> RResult<Flow> {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(format!("the playground stops an awk program after {STEP_LIMIT} steps"));
        }
        match s {
            Stmt::Print(args) => {
                let line = if args.is_empty() {
                    self.record.clone()
                } else {
                    let mut parts = Vec::new();
                    for a in args {
                        parts.push(self.eval(a)?.text());
                    }
                    parts.join(&self.global("OFS").text())
                };
                self.out.push_str(&line);
                self.out.push_str(&self.global("ORS").text());
            }
            Stmt::Printf(args) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?);
                }
                let fmt = vals[0].text();
                let refs: Vec<&dyn Arg> = vals.iter().skip(1).map(|v| v as &dyn Arg).collect();
                self.out.push_str(&cfmt::format(&fmt, &refs).0);
            }
            Stmt::Expr(e) => {
                self.eval(e)?;
            }
            Stmt::If(c, a, b) => {
                return if self.eval(c)?.truthy() {
                    self.stmt(a)
                } else if let Some(b) = b {
                    self.stmt(b)
                } else {
                    Ok(Flow::Normal)
                };
            }
            Stmt::While(c, body) => {
                while self.eval(c)?.truthy() {
                    match self.stmt(body)? {
                        Flow::Break => break,
                        f @ (Flow::Next | Flow::Exit | Flow::Return) => return Ok(f),
                        _ => {}
                    }
                }
            }
            Stmt::For(init, cond, step, body) => {
                if let Some(i) = init {
                    self.eval(i)?;
                }
                loop {
                    if let Some(c) = cond {
                        if !self.eval(c)?.truthy() {
                            break;
                        }
                    }
                    match self.stmt(body)? {
                        Flow::Break => break,
                        f @ (Flow::Next | Flow::Exit | Flow::Return) => return Ok(f),
                        _ => {}
                    }
                    if let Some(st) = step {
                        self.eval(st)?;
                    }
                }
            }
            Stmt::ForIn(k, arr, body) => {
                let keys: Vec<String> = self.array(arr).iter().map(|(k, _)| k.clone()).collect();
                for key in keys {
                    self.set_var(k, V::StrNum(key));
                    match self.stmt(body)? {
                        Flow::Break => break,
                        f @ (Flow::Next | Flow::Exit | Flow::Return) => return Ok(f),
                        _ => {}
                    }
                }
            }
            Stmt::Block(b) => return self.exec(b),
            Stmt::Next => return Ok(Flow::Next),
            Stmt::Exit(code) => {
                if let Some(c) = code {
                    self.exit_code = self.eval(c)?.num() as i32;
                }
                return Ok(Flow::Exit);
            }
            Stmt::Break => return Ok(Flow::Break),
            Stmt::Continue => return Ok(Flow::Continue),
            Stmt::Return(v) => {
                self.ret = match v {
                    Some(e) => self.eval(e)?,
                    None => V::Uninit,
                };
                return Ok(Flow::Return);
            }
            Stmt::Delete(a, sub) => match sub {
                None => {
                    let k = self.array_key(a);
                    self.arrays.remove(&k);
                }
                Some(s) => {
                    let k = self.key(s)?;
                    self.array(a).retain(|(x, _)| *x != k);
                }
            },
        }
        Ok(Flow::Normal)
    }
}

fn field_index(i: f64) -> RResult<usize> {
    if i < 0.0 {
        return Err(format!("run time error: negative field index ${}", num_text(i)));
    }
    if i > MAX_FIELD {
        return Err(format!("program limit exceeded: maximum number of fields size={}", MAX_FIELD as usize));
    }
    Ok(i as usize)
}

fn arith(op: char, x: f64, y: f64) -> f64 {
    match op {
        '+' => x + y,
        '-' => x - y,
        '*' => x * y,
        '/' => x / y,
        '%' => x % y,
        _ => x.powf(y),
    }
}

/// Field splitting: the default blank separator trims and splits on runs of blanks, a single other character
/// splits on itself, anything longer is a regular expression.
fn split_with(s: &str, fs: &str) -> Vec<String> {
    if fs == " " {
        return s.split([' ', '\t', '\n']).filter(|f| !f.is_empty()).map(String::from).collect();
    }
    if s.is_empty() {
        return vec![];
    }
    if fs.chars().count() == 1 && fs != "\\" {
        return s.split(fs).map(String::from).collect();
    }
    match Regex::new(fs) {
        Ok(re) => re.split(s).map(String::from).collect(),
        Err(_) => vec![s.to_string()],
    }
}

/// sub/gsub: `&` is the match, `\&` a literal ampersand.
fn substitute(re: &Regex, text: &str, rep: &str, global: bool) -> (String, usize) {
    let mut out = String::new();
    let mut last = 0;
    let mut count = 0;
    for m in re.find_iter(text) {
        out.push_str(&text[last..m.start()]);
        let mut cs = rep.chars().peekable();
        while let Some(c) = cs.next() {
            match c {
                '\\' if cs.peek() == Some(&'&') => {
                    cs.next();
                    out.push('&');
                }
                '&' => out.push_str(m.as_str()),
                _ => out.push(c),
            }
        }
        last = m.end();
        count += 1;
        if !global {
            break;
        }
    }
    out.push_str(&text[last..]);
    (out, count)
}

const USAGE: &str = "Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a \"--\" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with \"-W\".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider \"\\n\" a space.
    -W usage         show this message and exit.
";

/// `awk` (or `mawk`, the name it prints in its messages).
pub fn run(s: &Session, name: &str, args: &[String], stdin: Option<String>) -> Io {
    let mut fs = " ".to_string();
    let mut assigns = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "--" {
            i += 1;
            break;
        }
        if let Some(v) = a.strip_prefix("-F") {
            let v = if v.is_empty() {
                i += 1;
                args.get(i).cloned().unwrap_or_default()
            } else {
                v.to_string()
            };
            fs = if v == "t" { "\t".into() } else { v };
        } else if let Some(v) = a.strip_prefix("-v") {
            let v = if v.is_empty() {
                i += 1;
                args.get(i).cloned().unwrap_or_default()
            } else {
                v.to_string()
            };
            match v.split_once('=') {
                Some((k, val)) => assigns.push((k.to_string(), super::cfmt::escapes(val))),
                None => return Io::fail(2, format!("{name}: improper assignment: -v {v}\n")),
            }
        } else if a.starts_with('-') && a.len() > 1 {
            return Io::fail(2, format!("{name}: not an option: {a}\n"));
        } else {
            break;
        }
        i += 1;
    }
    let Some(src) = args.get(i) else {
        return Io::fail(2, USAGE);
    };
    let files: Vec<&String> = args[i + 1..].iter().collect();
    let parser = Parser { toks: vec![], i: 0, depth: 0, funcs: vec![], in_func: false, calls: vec![], in_print: false };
    let (rules, funcs) = match lex(src).and_then(|toks| Parser { toks, ..parser }.program()) {
        Ok(r) => r,
        Err(e) => return Io::fail(2, format!("{name}: {}\n", e.replace("{name}", name))),
    };
    let inputs: Vec<(String, Option<String>)> = if files.is_empty() {
        vec![("-".into(), stdin.clone())]
    } else {
        let read = |f: &String| match f.as_str() {
            "-" => stdin.clone(),
            _ => s.read_file(f).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
        };
        files.iter().map(|f| (f.to_string(), read(f))).collect()
    };
    let mut m = Machine {
        session: s,
        stdin: stdin.clone(),
        inputs,
        next_input: 0,
        current: Reader::default(),
        open: HashMap::new(),
        funcs: funcs.into_iter().map(|(k, f)| (k, std::rc::Rc::new(f))).collect(),
        frames: vec![],
        depth: 0,
        ret: V::Uninit,
        vars: HashMap::new(),
        arrays: HashMap::new(),
        fields: vec![],
        record: String::new(),
        out: String::new(),
        exit_code: 0,
        steps: 0,
    };
    for (k, v) in [("FS", fs.as_str()), ("OFS", " "), ("ORS", "\n"), ("SUBSEP", "\u{1c}")] {
        m.vars.insert(k.into(), V::Str(v.into()));
    }
    m.vars.insert("NR".into(), V::Num(0.0));
    m.vars.insert("NF".into(), V::Num(0.0));
    for (k, v) in assigns {
        let val = if looks_numeric(&v).is_some() { V::StrNum(v) } else { V::Str(v) };
        m.vars.insert(k, val);
    }
    let mut io = Io::default();
    m.vars.insert("FILENAME".into(), V::Str(String::new()));
    m.vars.insert("FNR".into(), V::Num(0.0));
    // an `exit` in a function's body comes back as an error to here
    let act = |m: &mut Machine, a: &[Stmt]| match m.exec(a) {
        Err(e) if e == EXIT => Ok(Flow::Exit),
        r => r,
    };
    let result = (|| -> RResult<()> {
        let mut exited = false;
        for r in rules.iter().filter(|r| matches!(r.pattern, Pattern::Begin)) {
            if let Some(a) = &r.action {
                if matches!(act(&mut m, a)?, Flow::Exit) {
                    exited = true;
                    break;
                }
            }
        }
        let has_main = rules.iter().any(|r| !matches!(r.pattern, Pattern::Begin));
        // whether each range pattern is between its two ends
        let mut in_range = vec![false; rules.len()];
        while !exited && has_main {
            let Some(line) = m.next_record()? else { break };
            m.record = line;
            m.split_record();
            for (ri, r) in rules.iter().enumerate() {
                let hit = match &r.pattern {
                    Pattern::Begin | Pattern::End => false,
                    Pattern::All => true,
                    Pattern::Expr(e) => m.eval(e)?.truthy(),
                    Pattern::Range(from, to) => {
                        if !in_range[ri] {
                            in_range[ri] = m.eval(from)?.truthy();
                        }
                        if in_range[ri] {
                            in_range[ri] = !m.eval(to)?.truthy();
                            true
                        } else {
                            false
                        }
                    }
                };
                if !hit {
                    continue;
                }
                match &r.action {
                    None => {
                        m.out.push_str(&m.record);
                        m.out.push_str(&m.global("ORS").text());
                    }
                    Some(a) => match act(&mut m, a)? {
                        Flow::Next => break,
                        Flow::Exit => {
                            exited = true;
                            break;
                        }
                        _ => {}
                    },
                }
            }
        }
        for r in rules.iter().filter(|r| matches!(r.pattern, Pattern::End)) {
            if let Some(a) = &r.action {
                if matches!(act(&mut m, a)?, Flow::Exit) {
                    break;
                }
            }
        }
        Ok(())
    })();
    io.out(std::mem::take(&mut m.out));
    io.code = m.exit_code;
    if let Err(e) = result.or_else(|e| if e == EXIT { Ok(()) } else { Err(e) }) {
        match e.strip_prefix('\u{0}') {
            Some(open) => io.err(format!("{name}: {open}\n")),
            None => io.err(format!(
                "{name}: {e}\n\tFILENAME=\"{}\" FNR={} NR={}\n",
                m.var("FILENAME").text(),
                num_text(m.var("FNR").num()),
                num_text(m.var("NR").num())
            )),
        }
        io.code = 2;
    }
    io
}
