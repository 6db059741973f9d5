//! jq's grammar (src/parser.y of jq 1.7.1, precedences included) as a recursive-descent parser. Syntax errors
//! name the unexpected token as bison does (`unexpected end of file`, `unexpected INVALID_CHARACTER`); bison's
//! `expecting ...` lists are not reproduced.

use super::value::V;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug)]
pub enum Part {
    Lit(String),
    Code(Ast),
}

/// `{$name}`, `{$name: pat}`, `{key: pat}`, `{(expr): pat}`: the variable, the key expression, the sub-pattern.
pub type ObjPat = (Option<Rc<str>>, Option<Ast>, Option<Pat>);

#[derive(Debug)]
pub enum Pat {
    Var(Rc<str>),
    Arr(Vec<Pat>),
    /// `{$name}`, `{$name: pat}`, `{key: pat}`, `{(expr): pat}`.
    Obj(Vec<ObjPat>),
}

#[derive(Debug)]
pub struct FnDef {
    pub name: Rc<str>,
    /// Filter parameters by name; value parameters (`$x`) keep their `$`.
    pub params: Vec<Rc<str>>,
    pub body: Rc<Ast>,
}

#[derive(Debug)]
pub enum Ast {
    Id,
    RecAll,
    Lit(V),
    Str(Option<Rc<str>>, Vec<Part>),
    Format(Rc<str>),
    /// The last flag is `?` right after the suffix: only this step's own error is suppressed.
    Index(Box<Ast>, Box<Ast>, bool),
    Slice(Box<Ast>, Option<Box<Ast>>, Option<Box<Ast>>, bool),
    Iter(Box<Ast>, bool),
    Try(Box<Ast>, Option<Box<Ast>>),
    Arr(Option<Box<Ast>>),
    Obj(Vec<(Ast, Option<Ast>)>),
    Neg(Box<Ast>),
    Pipe(Box<Ast>, Box<Ast>),
    Comma(Box<Ast>, Box<Ast>),
    Bin(Op, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Alt(Box<Ast>, Box<Ast>),
    /// `=` (None), `|=` (Some(None)), arithmetic updates and `//=` (Some(Some(op))), the op's right side.
    Assign(Option<Option<Op>>, Box<Ast>, Box<Ast>),
    If(Vec<(Ast, Ast)>, Option<Box<Ast>>),
    Reduce(Box<Ast>, Pat, Box<Ast>, Box<Ast>),
    Foreach(Box<Ast>, Pat, Box<Ast>, Box<Ast>, Option<Box<Ast>>),
    As(Box<Ast>, Vec<Pat>, Box<Ast>),
    Label(Rc<str>, Box<Ast>),
    Break(Rc<str>, usize),
    Var(Rc<str>, usize),
    Loc,
    Call(Rc<str>, Vec<Rc<Ast>>, usize),
    Def(Rc<FnDef>, Box<Ast>),
}

/// A string literal's pieces: text, or (first field true) the tokens of an interpolation.
type StrPart = (bool, String, Vec<(T, usize)>);

#[derive(Debug, Clone, PartialEq)]
enum T {
    Num(f64, Rc<str>),
    Str(Vec<StrPart>),
    Ident(String),
    Kw(&'static str),
    Field(String),
    Var(String),
    Format(String),
    P(&'static str),
    Loc,
    Invalid,
    Eof,
}

const KEYWORDS: &[&str] = &[
    "as", "def", "module", "import", "include", "if", "then", "else", "elif", "reduce", "foreach", "end", "and", "or",
    "try", "catch", "label", "break",
];
const PUNCT: &[&str] = &[
    "?//=", "?//", "//=", "|=", "+=", "-=", "*=", "/=", "%=", "==", "!=", "<=", ">=", "//", "..", ".", "?", "=", ";",
    ",", ":", "|", "+", "-", "*", "/", "%", "$", "<", ">", "[", "]", "{", "}", "(", ")",
];

pub struct SyntaxError {
    pub msg: String,
    pub pos: usize,
}

fn ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn word(s: &[u8], mut i: usize) -> usize {
    loop {
        while i < s.len() && ident_char(s[i]) {
            i += 1;
        }
        // Module-qualified names (`a::b`) lex as one identifier.
        if s.get(i..i + 2) == Some(b"::") && s.get(i + 2).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            i += 2;
        } else {
            return i;
        }
    }
}

/// Tokens up to the end, or (inside a string interpolation) up to the `)` that closes it.
fn lex(src: &str, mut i: usize, nested: bool) -> Result<(Vec<(T, usize)>, usize), SyntaxError> {
    let s = src.as_bytes();
    let mut out = Vec::new();
    let mut depth: Vec<u8> = Vec::new();
    while i < s.len() {
        let c = s[i];
        if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' {
            i += 1;
            continue;
        }
        if c == b'#' {
            while i < s.len() && s[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        if c.is_ascii_digit() || (c == b'.' && s.get(i + 1).is_some_and(u8::is_ascii_digit)) {
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
            if i < s.len() && s[i] == b'.' {
                i += 1;
                while i < s.len() && s[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if i < s.len() && (s[i] == b'e' || s[i] == b'E') {
                let mut j = i + 1;
                if j < s.len() && (s[j] == b'+' || s[j] == b'-') {
                    j += 1;
                }
                if j < s.len() && s[j].is_ascii_digit() {
                    while j < s.len() && s[j].is_ascii_digit() {
                        j += 1;
                    }
                    i = j;
                }
            }
            let text = &src[start..i];
            let lit = if text.starts_with('.') { format!("0{text}") } else { text.to_string() };
            let lit = if lit.ends_with('.') { format!("{lit}0") } else { lit };
            out.push((T::Num(lit.parse().unwrap_or(0.0), lit.into()), start));
            continue;
        }
        if c == b'"' {
            let (t, end) = lex_string(src, i + 1)?;
            out.push((t, start));
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            i = word(s, i);
            let w = &src[start..i];
            out.push((KEYWORDS.iter().find(|k| **k == w).map(|k| T::Kw(k)).unwrap_or(T::Ident(w.into())), start));
            continue;
        }
        if (c == b'.' || c == b'$' || c == b'@')
            && s.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_' || (c == b'@' && n.is_ascii_digit()))
        {
            i = if c == b'@' {
                (i + 1..s.len()).find(|j| !ident_char(s[*j])).unwrap_or(s.len())
            } else {
                word(s, i + 1)
            };
            let w = src[start + 1..i].to_string();
            out.push((
                match c {
                    b'.' => T::Field(w),
                    b'@' => T::Format(w),
                    _ if w == "__loc__" => T::Loc,
                    _ => T::Var(w),
                },
                start,
            ));
            continue;
        }
        let Some(p) = PUNCT.iter().find(|p| s[i..].starts_with(p.as_bytes())) else {
            out.push((T::Invalid, start));
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // `?//=` is not a token: `?` then `//=`.
        let p = if *p == "?//=" { &"?" } else { p };
        i += p.len();
        match *p {
            "(" | "[" | "{" => depth.push(p.as_bytes()[0]),
            ")" | "]" | "}" => {
                let want = match *p {
                    ")" => b'(',
                    "]" => b'[',
                    _ => b'{',
                };
                if depth.last() == Some(&want) {
                    depth.pop();
                } else if nested && depth.is_empty() && *p == ")" {
                    return Ok((out, i));
                } else {
                    // jq's lexer turns an unbalanced closer into INVALID_CHARACTER.
                    out.push((T::Invalid, start));
                    continue;
                }
            }
            _ => {}
        }
        out.push((T::P(p), start));
    }
    if nested {
        return Err(SyntaxError { msg: "unexpected end of file".into(), pos: s.len() });
    }
    Ok((out, i))
}

fn lex_string(src: &str, mut i: usize) -> Result<(T, usize), SyntaxError> {
    let s = src.as_bytes();
    let mut parts: Vec<StrPart> = Vec::new();
    let mut cur = String::new();
    let mut units: Vec<u16> = Vec::new();
    let flush = |units: &mut Vec<u16>, cur: &mut String| {
        if !units.is_empty() {
            cur.push_str(&String::from_utf16_lossy(units));
            units.clear();
        }
    };
    loop {
        let Some(&c) = s.get(i) else {
            return Err(SyntaxError { msg: "unexpected end of file".into(), pos: s.len() });
        };
        if c != b'\\' || s.get(i + 1) != Some(&b'u') {
            flush(&mut units, &mut cur);
        }
        match c {
            b'"' => {
                parts.push((false, std::mem::take(&mut cur), Vec::new()));
                return Ok((T::Str(parts), i + 1));
            }
            b'\\' => {
                let e = s.get(i + 1).copied().unwrap_or(0);
                i += 2;
                match e {
                    b'(' => {
                        parts.push((false, std::mem::take(&mut cur), Vec::new()));
                        let (toks, end) = lex(src, i, true)?;
                        parts.push((true, String::new(), toks));
                        i = end;
                    }
                    b'n' => cur.push('\n'),
                    b't' => cur.push('\t'),
                    b'r' => cur.push('\r'),
                    b'b' => cur.push('\u{8}'),
                    b'f' => cur.push('\u{c}'),
                    b'/' => cur.push('/'),
                    b'\\' => cur.push('\\'),
                    b'"' => cur.push('"'),
                    b'u' => match src.get(i..i + 4).and_then(|h| u16::from_str_radix(h, 16).ok()) {
                        Some(u) => {
                            units.push(u);
                            i += 4;
                        }
                        None => return Err(SyntaxError { msg: "Invalid escape".into(), pos: i }),
                    },
                    _ => return Err(SyntaxError { msg: "Invalid escape".into(), pos: i }),
                }
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('\u{fffd}');
                cur.push(ch);
                i += ch.len_utf8();
            }
        }
    }
}

fn tok_name(t: &T) -> String {
    match t {
        T::Num(..) => "LITERAL".into(),
        T::Str(_) => "QQSTRING_START".into(),
        T::Ident(_) => "IDENT".into(),
        T::Kw(k) => k.to_string(),
        T::Field(_) => "FIELD".into(),
        T::Var(_) => "BINDING".into(),
        T::Format(_) => "FORMAT".into(),
        T::P(p) if p.len() == 1 => format!("'{p}'"),
        T::P(p) => p.to_string(),
        T::Loc => "$__loc__".into(),
        T::Invalid => "INVALID_CHARACTER".into(),
        T::Eof => "end of file".into(),
    }
}

/// Nesting deeper than this is a syntax error here (the parser recurses; jq's bison stack allows 10,000).
const MAX_NEST: usize = 256;

pub struct Parser {
    base: usize,
    toks: Vec<(T, usize)>,
    i: usize,
    depth: usize,
}

type R<X> = Result<X, SyntaxError>;

pub fn parse(src: &str) -> R<Ast> {
    let (toks, _) = lex(src, 0, false)?;
    let mut p = Parser { base: super::eval::sp(), toks, i: 0, depth: 0 };
    if p.toks.is_empty() {
        return Ok(Ast::Id);
    }
    let e = p.pipe()?;
    if p.peek() != &T::Eof {
        return Err(p.unexpected());
    }
    Ok(e)
}

/// Marks a just-parsed suffix optional (`.a?`, `.[]?`, `.[1:]?`); false if `t` does not end in one.
fn opt_suffix(t: &mut Ast) -> bool {
    match t {
        Ast::Index(_, _, o) | Ast::Slice(_, _, _, o) | Ast::Iter(_, o) if !*o => {
            *o = true;
            true
        }
        _ => false,
    }
}

/// The value of an expression made of literals only (`1`, `null`, `[]`, `{e: 100}`).
fn constant(a: &Ast) -> Option<V> {
    match a {
        Ast::Lit(v) => Some(v.clone()),
        Ast::Str(None, parts) => {
            let mut out = String::new();
            for p in parts {
                let Part::Lit(s) = p else { return None };
                out.push_str(s);
            }
            Some(V::str(out))
        }
        Ast::Arr(None) => Some(V::arr(vec![])),
        Ast::Arr(Some(items)) => {
            let mut out = Vec::new();
            let mut cur: &Ast = items;
            while let Ast::Comma(l, r) = cur {
                out.insert(0, constant(r)?);
                cur = l;
            }
            out.insert(0, constant(cur)?);
            Some(V::arr(out))
        }
        Ast::Obj(ents) => {
            let mut m = Vec::new();
            for (k, v) in ents {
                let (Some(V::Str(k)), Some(v)) = (constant(k), v.as_ref().and_then(constant)) else { return None };
                m.push((k, v));
            }
            Some(V::Obj(Rc::new(m)))
        }
        _ => None,
    }
}

fn bx(a: Ast) -> Box<Ast> {
    Box::new(a)
}

impl Parser {
    fn peek(&self) -> &T {
        self.toks.get(self.i).map(|t| &t.0).unwrap_or(&T::Eof)
    }
    fn pos(&self) -> usize {
        // At the end, bison's location is the last token's (flex does not move it for EOF).
        self.toks.get(self.i).or(self.toks.last()).map(|t| t.1).unwrap_or(0)
    }
    fn next(&mut self) -> T {
        let t = self.peek().clone();
        self.i += 1;
        t
    }
    fn unexpected(&self) -> SyntaxError {
        SyntaxError { msg: format!("syntax error, unexpected {}", tok_name(self.peek())), pos: self.pos() }
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), T::P(q) if *q == p) || matches!(self.peek(), T::Kw(k) if *k == p)
    }
    fn eat(&mut self, p: &str) -> bool {
        let y = self.is(p);
        if y {
            self.i += 1;
        }
        y
    }
    fn expect(&mut self, p: &str) -> R<()> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }
    fn nest<X>(&mut self, f: impl FnOnce(&mut Self) -> R<X>) -> R<X> {
        self.depth += 1;
        if self.depth > MAX_NEST || self.base.saturating_sub(super::eval::sp()) > super::eval::STACK_BUDGET / 2 {
            return Err(SyntaxError {
                msg: format!("the playground's jq nests expressions at most {MAX_NEST} deep"),
                pos: self.pos(),
            });
        }
        let r = f(self);
        self.depth -= 1;
        r
    }

    pub fn pipe(&mut self) -> R<Ast> {
        self.nest(|p| {
            if p.is("def") {
                let d = p.funcdef()?;
                let rest = p.pipe()?;
                return Ok(Ast::Def(Rc::new(d), bx(rest)));
            }
            if p.eat("label") {
                let T::Var(name) = p.next() else {
                    p.i -= 1;
                    return Err(p.unexpected());
                };
                p.expect("|")?;
                let body = p.pipe()?;
                return Ok(Ast::Label(name.into(), bx(body)));
            }
            let lhs = p.comma()?;
            if p.eat("|") {
                let rhs = p.pipe()?;
                return Ok(Ast::Pipe(bx(lhs), bx(rhs)));
            }
            Ok(lhs)
        })
    }

    fn funcdef(&mut self) -> R<FnDef> {
        self.expect("def")?;
        let name = match self.next() {
            T::Ident(n) => n,
            T::Kw(k) => k.to_string(),
            _ => {
                self.i -= 1;
                return Err(self.unexpected());
            }
        };
        let mut params = Vec::new();
        if self.eat("(") {
            loop {
                match self.next() {
                    T::Ident(n) => params.push(n.into()),
                    T::Var(n) => params.push(format!("${n}").into()),
                    _ => {
                        self.i -= 1;
                        return Err(self.unexpected());
                    }
                }
                if self.eat(")") {
                    break;
                }
                self.expect(";")?;
            }
        }
        self.expect(":")?;
        let body = self.pipe()?;
        self.expect(";")?;
        Ok(FnDef { name: name.into(), params, body: Rc::new(body) })
    }

    fn comma(&mut self) -> R<Ast> {
        let mut lhs = self.alt()?;
        while self.eat(",") {
            let rhs = self.alt()?;
            lhs = Ast::Comma(bx(lhs), bx(rhs));
        }
        Ok(lhs)
    }

    fn alt(&mut self) -> R<Ast> {
        let lhs = self.assign()?;
        if self.eat("//") {
            let rhs = self.nest(|p| p.alt())?;
            return Ok(Ast::Alt(bx(lhs), bx(rhs)));
        }
        Ok(lhs)
    }

    fn assign(&mut self) -> R<Ast> {
        let lhs = self.or()?;
        let op = match self.peek() {
            T::P("=") => None,
            T::P("|=") => Some(None),
            T::P("+=") => Some(Some(Op::Add)),
            T::P("-=") => Some(Some(Op::Sub)),
            T::P("*=") => Some(Some(Op::Mul)),
            T::P("/=") => Some(Some(Op::Div)),
            T::P("%=") => Some(Some(Op::Mod)),
            T::P("//=") => Some(Some(Op::Eq)),
            _ => return Ok(lhs),
        };
        self.i += 1;
        // `//=` rides on Op::Eq as a marker (no `==` update exists). The operators are nonassoc and bind tighter
        // than `//`: `.a = null // 1` is `(.a = null) // 1`, and `.a = .b = 1` is a syntax error.
        let rhs = self.nest(|p| p.or())?;
        if matches!(self.peek(), T::P("=" | "|=" | "+=" | "-=" | "*=" | "/=" | "%=" | "//=")) {
            return Err(self.unexpected());
        }
        Ok(Ast::Assign(op, bx(lhs), bx(rhs)))
    }

    fn or(&mut self) -> R<Ast> {
        let mut lhs = self.and()?;
        while self.eat("or") {
            let rhs = self.and()?;
            lhs = Ast::Or(bx(lhs), bx(rhs));
        }
        Ok(lhs)
    }

    fn and(&mut self) -> R<Ast> {
        let mut lhs = self.cmp()?;
        while self.eat("and") {
            let rhs = self.cmp()?;
            lhs = Ast::And(bx(lhs), bx(rhs));
        }
        Ok(lhs)
    }

    fn cmp(&mut self) -> R<Ast> {
        let lhs = self.add()?;
        let op = match self.peek() {
            T::P("==") => Op::Eq,
            T::P("!=") => Op::Ne,
            T::P("<") => Op::Lt,
            T::P("<=") => Op::Le,
            T::P(">") => Op::Gt,
            T::P(">=") => Op::Ge,
            _ => return Ok(lhs),
        };
        self.i += 1;
        let rhs = self.add()?;
        if matches!(self.peek(), T::P("==" | "!=" | "<" | "<=" | ">" | ">=")) {
            return Err(self.unexpected());
        }
        Ok(Ast::Bin(op, bx(lhs), bx(rhs)))
    }

    fn add(&mut self) -> R<Ast> {
        let mut lhs = self.mul()?;
        loop {
            let op = match self.peek() {
                T::P("+") => Op::Add,
                T::P("-") => Op::Sub,
                _ => return Ok(lhs),
            };
            self.i += 1;
            let rhs = self.mul()?;
            lhs = Ast::Bin(op, bx(lhs), bx(rhs));
        }
    }

    fn mul(&mut self) -> R<Ast> {
        let mut lhs = self.unary()?;
        loop {
            let op = match self.peek() {
                T::P("*") => Op::Mul,
                T::P("/") => Op::Div,
                T::P("%") => Op::Mod,
                _ => return Ok(lhs),
            };
            self.i += 1;
            let rhs = self.unary()?;
            lhs = Ast::Bin(op, bx(lhs), bx(rhs));
        }
    }

    fn unary(&mut self) -> R<Ast> {
        if self.eat("-") {
            let e = self.nest(|p| p.mul())?;
            return Ok(Ast::Neg(bx(e)));
        }
        self.postfix()
    }

    /// A term with its suffixes (`.a`, `[e]`, `[]`, `[a:b]`, `?`), then `as $x | body` if it follows.
    fn postfix(&mut self) -> R<Ast> {
        if self.eat("try") {
            let body = self.nest(|p| p.postfix())?;
            let catch = if self.eat("catch") { Some(bx(self.nest(|p| p.postfix())?)) } else { None };
            return Ok(Ast::Try(bx(body), catch));
        }
        let mut t = self.term_suffixes()?;
        // `Exp '?'`: a try around what came before; it is no longer a Term, so `as` cannot follow.
        if self.is("?") {
            while self.eat("?") {
                t = Ast::Try(bx(t), None);
            }
            return Ok(t);
        }
        if self.eat("as") {
            let mut pats = vec![self.pattern()?];
            while self.eat("?//") {
                pats.push(self.pattern()?);
            }
            self.expect("|")?;
            let body = self.pipe()?;
            return Ok(Ast::As(bx(t), pats, bx(body)));
        }
        Ok(t)
    }

    fn suffix(&mut self, t: Ast) -> R<Ast> {
        if self.eat("]") {
            return Ok(Ast::Iter(bx(t), false));
        }
        if self.eat(":") {
            let hi = self.pipe()?;
            self.expect("]")?;
            return Ok(Ast::Slice(bx(t), None, Some(bx(hi)), false));
        }
        let k = self.pipe()?;
        if self.eat(":") {
            let hi = if self.is("]") { None } else { Some(bx(self.pipe()?)) };
            self.expect("]")?;
            return Ok(Ast::Slice(bx(t), Some(bx(k)), hi, false));
        }
        self.expect("]")?;
        Ok(Ast::Index(bx(t), bx(k), false))
    }

    fn pattern(&mut self) -> R<Pat> {
        self.nest(|p| match p.next() {
            T::Var(n) => Ok(Pat::Var(n.into())),
            T::P("[") => {
                let mut v = vec![p.pattern()?];
                while p.eat(",") {
                    v.push(p.pattern()?);
                }
                p.expect("]")?;
                Ok(Pat::Arr(v))
            }
            T::P("{") => {
                let mut v = Vec::new();
                loop {
                    let ent = match p.next() {
                        T::Var(n) => {
                            let sub = if p.eat(":") { Some(p.pattern()?) } else { None };
                            (Some(n.into()), None, sub)
                        }
                        t @ (T::Ident(_) | T::Kw(_) | T::Str(_) | T::P("(")) => {
                            let key = match t {
                                T::Ident(n) => Ast::Lit(V::str(n)),
                                T::Kw(k) => Ast::Lit(V::str(k)),
                                T::Str(_) => {
                                    p.i -= 1;
                                    p.string(None)?
                                }
                                _ => {
                                    let e = p.pipe()?;
                                    p.expect(")")?;
                                    e
                                }
                            };
                            p.expect(":")?;
                            (None, Some(key), Some(p.pattern()?))
                        }
                        _ => {
                            p.i -= 1;
                            return Err(p.unexpected());
                        }
                    };
                    v.push(ent);
                    if p.eat("}") {
                        break;
                    }
                    p.expect(",")?;
                }
                Ok(Pat::Obj(v))
            }
            _ => {
                p.i -= 1;
                Err(p.unexpected())
            }
        })
    }

    fn string(&mut self, fmt: Option<Rc<str>>) -> R<Ast> {
        let T::Str(parts) = self.next() else {
            self.i -= 1;
            return Err(self.unexpected());
        };
        let mut out = Vec::new();
        for (code, lit, toks) in parts {
            if code {
                let mut sub = Parser { base: self.base, toks, i: 0, depth: self.depth };
                let e = sub.pipe()?;
                if sub.peek() != &T::Eof {
                    return Err(sub.unexpected());
                }
                out.push(Part::Code(e));
            } else if !lit.is_empty() {
                out.push(Part::Lit(lit));
            }
        }
        Ok(Ast::Str(fmt, out))
    }

    fn term(&mut self) -> R<Ast> {
        let pos = self.pos();
        match self.next() {
            T::P(".") => {
                if matches!(self.peek(), T::Str(_)) {
                    let s = self.string(None)?;
                    return Ok(Ast::Index(bx(Ast::Id), bx(s), false));
                }
                Ok(Ast::Id)
            }
            T::P("..") => Ok(Ast::RecAll),
            T::Field(f) => Ok(Ast::Index(bx(Ast::Id), bx(Ast::Lit(V::str(f))), false)),
            T::Num(x, lit) => Ok(Ast::Lit(V::Num(x, Some(lit)))),
            T::Str(_) => {
                self.i -= 1;
                self.string(None)
            }
            T::Format(f) => {
                if matches!(self.peek(), T::Str(_)) {
                    return self.string(Some(f.into()));
                }
                Ok(Ast::Format(f.into()))
            }
            T::P("(") => {
                let e = self.pipe()?;
                self.expect(")")?;
                Ok(e)
            }
            T::P("[") => {
                if self.eat("]") {
                    return Ok(Ast::Arr(None));
                }
                let e = self.pipe()?;
                self.expect("]")?;
                Ok(Ast::Arr(Some(bx(e))))
            }
            T::P("{") => self.object(),
            T::Var(n) => Ok(Ast::Var(n.into(), pos)),
            T::Loc => Ok(Ast::Loc),
            T::Kw("break") => match self.next() {
                T::Var(n) => Ok(Ast::Break(n.into(), pos)),
                _ => {
                    self.i -= 1;
                    Err(self.unexpected())
                }
            },
            T::Kw("if") => {
                let mut arms = Vec::new();
                let c = self.pipe()?;
                self.expect("then")?;
                let t = self.pipe()?;
                arms.push((c, t));
                loop {
                    if self.eat("elif") {
                        let c = self.pipe()?;
                        self.expect("then")?;
                        let t = self.pipe()?;
                        arms.push((c, t));
                    } else if self.eat("else") {
                        let e = self.pipe()?;
                        self.expect("end")?;
                        return Ok(Ast::If(arms, Some(bx(e))));
                    } else {
                        self.expect("end")?;
                        return Ok(Ast::If(arms, None));
                    }
                }
            }
            T::Kw(k @ ("reduce" | "foreach")) => {
                let src = self.postfix_no_as()?;
                self.expect("as")?;
                let pat = self.pattern()?;
                self.expect("(")?;
                let init = self.pipe()?;
                self.expect(";")?;
                let upd = self.pipe()?;
                if k == "reduce" {
                    self.expect(")")?;
                    return Ok(Ast::Reduce(bx(src), pat, bx(init), bx(upd)));
                }
                let ext = if self.eat(";") { Some(bx(self.pipe()?)) } else { None };
                self.expect(")")?;
                Ok(Ast::Foreach(bx(src), pat, bx(init), bx(upd), ext))
            }
            T::Kw("label") => {
                let T::Var(name) = self.next() else {
                    self.i -= 1;
                    return Err(self.unexpected());
                };
                self.expect("|")?;
                let body = self.pipe()?;
                Ok(Ast::Label(name.into(), bx(body)))
            }
            T::Kw("def") => {
                self.i -= 1;
                let d = self.funcdef()?;
                let rest = self.pipe()?;
                Ok(Ast::Def(Rc::new(d), bx(rest)))
            }
            T::Ident(name) if !self.is("(") && matches!(name.as_str(), "null" | "true" | "false") => {
                Ok(Ast::Lit(match name.as_str() {
                    "null" => V::Null,
                    n => V::Bool(n == "true"),
                }))
            }
            T::Ident(name) => {
                let mut args = Vec::new();
                if self.eat("(") {
                    loop {
                        args.push(Rc::new(self.pipe()?));
                        if self.eat(")") {
                            break;
                        }
                        self.expect(";")?;
                    }
                }
                Ok(Ast::Call(name.into(), args, pos))
            }
            _ => {
                self.i -= 1;
                Err(self.unexpected())
            }
        }
    }

    /// `reduce`/`foreach` take a postfix term as their source, stopping before `as`.
    fn postfix_no_as(&mut self) -> R<Ast> {
        self.term_suffixes()
    }

    /// A Term: a primary with `.a`, `[e]`, `[]`, `[a:b]` suffixes, each optionally followed by `?`
    /// (which makes only that step's error silent).
    fn term_suffixes(&mut self) -> R<Ast> {
        let next_is = |p: &Self, k: usize, f: fn(&T) -> bool| p.toks.get(p.i + k).is_some_and(|t| f(&t.0));
        let mut can_opt =
            matches!(self.peek(), T::Field(_)) || (self.is(".") && next_is(self, 1, |t| matches!(t, T::Str(_))));
        let mut t = self.nest(|p| p.term())?;
        loop {
            match self.peek().clone() {
                T::Field(f) => {
                    self.i += 1;
                    t = Ast::Index(bx(t), bx(Ast::Lit(V::str(f))), false);
                }
                T::P(".") if next_is(self, 1, |t| matches!(t, T::Str(_))) => {
                    self.i += 1;
                    let s = self.string(None)?;
                    t = Ast::Index(bx(t), bx(s), false);
                }
                T::P(".") if next_is(self, 1, |t| matches!(t, T::P("["))) => {
                    self.i += 1;
                    continue;
                }
                T::P("[") => {
                    self.i += 1;
                    t = self.suffix(t)?;
                }
                T::P("?") if can_opt && opt_suffix(&mut t) => {
                    self.i += 1;
                    can_opt = false;
                    continue;
                }
                _ => return Ok(t),
            }
            can_opt = true;
        }
    }

    fn object(&mut self) -> R<Ast> {
        let mut ents = Vec::new();
        if self.eat("}") {
            return Ok(Ast::Obj(ents));
        }
        loop {
            let pos = self.pos();
            let ent = match self.next() {
                T::Var(n) => {
                    if self.eat(":") {
                        (Ast::Var(n.into(), pos), Some(self.objval()?))
                    } else {
                        (Ast::Lit(V::str(n.clone())), Some(Ast::Var(n.into(), pos)))
                    }
                }
                T::Loc => (Ast::Lit(V::str("__loc__")), Some(Ast::Loc)),
                T::Ident(n) => {
                    let v = if self.eat(":") { Some(self.objval()?) } else { None };
                    (Ast::Lit(V::str(n)), v)
                }
                T::Kw(k) => {
                    let v = if self.eat(":") { Some(self.objval()?) } else { None };
                    (Ast::Lit(V::str(k)), v)
                }
                T::Num(x, lit) => {
                    self.expect(":")?;
                    (Ast::Lit(V::Num(x, Some(lit))), Some(self.objval()?))
                }
                T::Str(_) | T::Format(_) => {
                    self.i -= 1;
                    let fmt = if let T::Format(f) = self.peek().clone() {
                        self.i += 1;
                        Some(f.into())
                    } else {
                        None
                    };
                    let k = self.string(fmt)?;
                    let v = if self.eat(":") { Some(self.objval()?) } else { None };
                    (k, v)
                }
                T::P("(") => {
                    let k = self.pipe()?;
                    // jq folds a constant key at compile time, so a non-string one is a compile error.
                    if let Some(c) = constant(&k).filter(|c| !matches!(c, V::Str(_))) {
                        let msg = format!("Cannot use {} ({}) as object key", c.kind(), super::eval::trunc(&c, 15));
                        return Err(SyntaxError { msg, pos });
                    }
                    self.expect(")")?;
                    self.expect(":")?;
                    (k, Some(self.objval()?))
                }
                _ => {
                    self.i -= 1;
                    return Err(self.unexpected());
                }
            };
            ents.push(ent);
            if self.eat("}") {
                return Ok(Ast::Obj(ents));
            }
            self.expect(",")?;
        }
    }

    /// ExpD: a pipe of terms (or negated terms); `{a: 1 + 2}` is a syntax error in jq.
    fn objval(&mut self) -> R<Ast> {
        self.nest(|p| {
            let lhs = if p.eat("-") { Ast::Neg(bx(p.objval()?)) } else { p.postfix_no_as()? };
            if p.eat("|") {
                let rhs = p.objval()?;
                return Ok(Ast::Pipe(bx(lhs), bx(rhs)));
            }
            Ok(lhs)
        })
    }
}
