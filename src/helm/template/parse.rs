//! Go's `text/template/parse` (parse.go, node.go): the parse tree and the recursive-descent parser, with
//! Go's error wording. Functions are resolved while parsing (Go checks they exist at parse time), so
//! execution never looks a name up.

use super::lex::{lex, Item, T};
use super::Func;
use crate::helm::value::Value;
use std::fmt::{self, Display, Write};
use std::rc::Rc;

/// One parsed template: a file's body or a `define`d/`block` body.
#[derive(Debug)]
pub struct Tree {
    pub name: Rc<str>,
    /// The file it came from; exec errors report locations in it.
    pub parse_name: Rc<str>,
    pub text: Rc<str>,
    pub root: Vec<Node>,
}

#[derive(Debug)]
pub enum Node {
    Text(Box<str>),
    Action(Pipe),
    If(Box<Branch>),
    With(Box<Branch>),
    Range(Box<Branch>),
    Template(Box<TemplateCall>),
    Break,
    Continue,
}

#[derive(Debug)]
pub struct Branch {
    pub pos: usize,
    pub pipe: Pipe,
    pub list: Vec<Node>,
    pub else_list: Option<Vec<Node>>,
}

#[derive(Debug)]
pub struct TemplateCall {
    pub pos: usize,
    pub name: String,
    pub pipe: Option<Pipe>,
}

#[derive(Debug)]
pub struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<Rc<str>>,
    pub cmds: Vec<Cmd>,
}

#[derive(Debug)]
pub struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

#[derive(Debug)]
pub enum Arg {
    /// `.A.B`: idents without dots.
    Field {
        pos: usize,
        idents: Vec<Rc<str>>,
    },
    /// `(pipe).A` or `fn.A`.
    Chain {
        pos: usize,
        node: Box<Arg>,
        fields: Vec<Rc<str>>,
    },
    /// `$x.A.B`: idents[0] is the variable name with its `$`.
    Variable {
        pos: usize,
        idents: Vec<Rc<str>>,
    },
    Dot(usize),
    Nil(usize),
    Bool(usize, bool),
    Number {
        pos: usize,
        text: Box<str>,
        num: Num,
    },
    Str {
        pos: usize,
        quoted: Box<str>,
        value: Value,
    },
    Ident {
        pos: usize,
        name: Rc<str>,
        func: Func,
    },
    Pipe(Box<Pipe>),
}

/// A number constant and the kinds Go's `NumberNode` allows for it.
#[derive(Debug, Clone, Copy)]
pub enum Num {
    Int(i64),
    Float(f64),
    /// Fits uint64 but not int64: an `overflows int` error when used.
    Overflow,
    /// A rune constant like `'a'` (an int32 in Go).
    Char(i64),
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Dot(pos)
            | Arg::Nil(pos)
            | Arg::Bool(pos, _)
            | Arg::Number { pos, .. }
            | Arg::Str { pos, .. }
            | Arg::Ident { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Chain { node, fields, .. } => {
                if let Arg::Pipe(p) = &**node {
                    write!(f, "({p})")?;
                } else {
                    write!(f, "{node}")?;
                }
                for i in fields {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable { idents, .. } => {
                for (n, i) in idents.iter().enumerate() {
                    if n > 0 {
                        f.write_char('.')?;
                    }
                    f.write_str(i)?;
                }
                Ok(())
            }
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Number { text, .. } => f.write_str(text),
            Arg::Str { quoted, .. } => f.write_str(quoted),
            Arg::Ident { name, .. } => f.write_str(name),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl Display for Cmd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(p) = a {
                write!(f, "({p})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl.is_empty() {
            for (i, d) in self.decl.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(d)?;
            }
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, list: &[Node]) -> fmt::Result {
    for n in list {
        write!(f, "{n}")?;
    }
    Ok(())
}

impl Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let branch = |f: &mut fmt::Formatter<'_>, kw: &str, b: &Branch| -> fmt::Result {
            write!(f, "{{{{{kw} {}}}}}", b.pipe)?;
            write_list(f, &b.list)?;
            if let Some(e) = &b.else_list {
                f.write_str("{{else}}")?;
                write_list(f, e)?;
            }
            f.write_str("{{end}}")
        };
        match self {
            Node::Text(t) => f.write_str(t),
            Node::Action(p) => write!(f, "{{{{{p}}}}}"),
            Node::If(b) => branch(f, "if", b),
            Node::With(b) => branch(f, "with", b),
            Node::Range(b) => branch(f, "range", b),
            Node::Template(t) => match &t.pipe {
                Some(p) => write!(f, "{{{{template {} {p}}}}}", crate::helm::gofmt::quote(&t.name)),
                None => write!(f, "{{{{template {}}}}}", crate::helm::gofmt::quote(&t.name)),
            },
            Node::Break => f.write_str("{{break}}"),
            Node::Continue => f.write_str("{{continue}}"),
        }
    }
}

/// Go's `parse.IsEmptyTree`: only space (comments are already dropped).
pub fn is_empty(list: &[Node]) -> bool {
    list.iter()
        .all(|n| matches!(n, Node::Text(t) if t.trim_matches([' ', '\t', '\r', '\n', '\x0b', '\x0c']).is_empty()))
}

/// What ends an item list.
enum End {
    End,
    /// `{{else}}`; `chained` is set for `{{else if`/`{{else with` (the keyword is still pending).
    Else {
        chained: bool,
    },
}

struct Parser<'a> {
    items: Vec<Item<'a>>,
    i: usize,
    furthest: usize,
    parse_name: Rc<str>,
    text: Rc<str>,
    vars: Vec<Rc<str>>,
    range_depth: usize,
    /// Blocks and parentheses open at this point (recursion of this parser).
    nesting: usize,
    funcs: &'a dyn Fn(&str) -> Option<Func>,
    /// Trees made by `define`/`block` while parsing, in order.
    defined: Vec<Tree>,
}

type PResult<T> = Result<T, String>;

/// Parses a file; returns its own tree followed by the trees it `define`s. The error is Go's text.
pub fn parse(name: &str, text: &str, funcs: &dyn Fn(&str) -> Option<Func>) -> Result<Vec<Tree>, String> {
    let name: Rc<str> = name.into();
    let source = text;
    let text: Rc<str> = text.into();
    let mut p = Parser {
        items: lex(source),
        i: 0,
        furthest: 0,
        parse_name: name.clone(),
        text: text.clone(),
        vars: vec!["$".into()],
        range_depth: 0,
        nesting: 0,
        funcs,
        defined: Vec::new(),
    };
    let root = p.parse_top()?;
    let mut out = vec![Tree { name: name.clone(), parse_name: name, text, root }];
    let defined = std::mem::take(&mut p.defined);
    // Go's Tree.add: a define with the file's own name replaces an empty file body.
    for t in defined {
        if *t.name == *out[0].name {
            if is_empty(&out[0].root) {
                out[0] = t;
                continue;
            }
            if !is_empty(&t.root) {
                return Err(format!(
                    "template: {}:{}: template: multiple definition of template {:?}",
                    p.parse_name,
                    p.line(),
                    &*t.name
                ));
            }
            continue;
        }
        out.push(t);
    }
    Ok(out)
}

impl<'a> Parser<'a> {
    fn line(&self) -> usize {
        self.items[self.furthest.min(self.items.len() - 1)].line
    }

    fn errorf<X>(&self, msg: impl Display) -> PResult<X> {
        Err(format!("template: {}:{}: {}", self.parse_name, self.line(), msg))
    }

    fn next(&mut self) -> Item<'a> {
        let idx = self.i.min(self.items.len() - 1);
        self.i = idx + 1;
        self.furthest = self.furthest.max(idx);
        self.items[idx].clone()
    }

    fn backup(&mut self) {
        self.i -= 1;
    }

    fn peek(&mut self) -> Item<'a> {
        let it = self.next();
        self.backup();
        it
    }

    fn next_non_space(&mut self) -> Item<'a> {
        loop {
            let t = self.next();
            if t.typ != T::Space {
                return t;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item<'a> {
        let t = self.next_non_space();
        self.backup();
        t
    }

    fn unexpected<X>(&self, tok: &Item, context: &str) -> PResult<X> {
        if tok.typ == T::Error {
            return self.errorf(&tok.val);
        }
        self.errorf(format_args!("unexpected {tok} in {context}"))
    }

    fn expect(&mut self, typ: T, context: &str) -> PResult<Item<'a>> {
        let t = self.next_non_space();
        if t.typ != typ {
            return self.unexpected(&t, context);
        }
        Ok(t)
    }

    fn parse_top(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().typ != T::Eof {
            if self.peek().typ == T::LeftDelim {
                let save = self.i;
                self.next();
                if self.next_non_space().typ == T::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = save;
            }
            match self.text_or_action()? {
                Parsed::Node(n) => root.push(n),
                Parsed::End => return self.errorf("unexpected {{end}}"),
                Parsed::Else { .. } => return self.errorf("unexpected {{else}}"),
                Parsed::Nothing => {}
            }
        }
        // A lexer error at the very end still reaches the parser through peek.
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let t = self.next_non_space();
        if t.typ != T::String && t.typ != T::RawString {
            return self.unexpected(&t, context);
        }
        let name = match unquote(&t.val) {
            Ok(Value::Str(s)) => s.to_string(),
            _ => return self.errorf("invalid syntax"),
        };
        self.expect(T::RightDelim, context)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        self.nest()?;
        let (list, end) = self.item_list()?;
        self.nesting -= 1;
        self.vars = saved_vars;
        if !matches!(end, End::End) {
            return self.errorf(format_args!("unexpected {{{{else}}}} in {context}"));
        }
        self.add_defined(name, list)
    }

    fn add_defined(&mut self, name: String, root: Vec<Node>) -> PResult<()> {
        if let Some(old) = self.defined.iter_mut().find(|t| *t.name == *name) {
            if is_empty(&old.root) {
                old.root = root;
                return Ok(());
            }
            if !is_empty(&root) {
                return self.errorf(format_args!(
                    "template: multiple definition of template {}",
                    crate::helm::gofmt::quote(&name)
                ));
            }
            return Ok(());
        }
        self.defined.push(Tree {
            name: name.into(),
            parse_name: self.parse_name.clone(),
            text: self.text.clone(),
            root,
        });
        Ok(())
    }

    fn item_list(&mut self) -> PResult<(Vec<Node>, End)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != T::Eof {
            match self.text_or_action()? {
                Parsed::Node(n) => list.push(n),
                Parsed::End => return Ok((list, End::End)),
                Parsed::Else { chained } => return Ok((list, End::Else { chained })),
                Parsed::Nothing => {}
            }
        }
        self.errorf("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.typ {
            T::Text => Ok(Parsed::Node(Node::Text(t.val[..].into()))),
            T::LeftDelim => self.action(),
            _ => self.unexpected(&t, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let t = self.next_non_space();
        match t.typ {
            T::Block => return self.block_control().map(Parsed::Node),
            T::Break | T::Continue => {
                let what = if t.typ == T::Break { "{{break}}" } else { "{{continue}}" };
                let n = self.next_non_space();
                if n.typ != T::RightDelim {
                    return self.unexpected(&n, what);
                }
                if self.range_depth == 0 {
                    return self.errorf(format_args!("{what} outside {{{{range}}}}"));
                }
                return Ok(Parsed::Node(if t.typ == T::Break { Node::Break } else { Node::Continue }));
            }
            T::Else => {
                let p = self.peek_non_space();
                if p.typ == T::If || p.typ == T::With {
                    return Ok(Parsed::Else { chained: true });
                }
                self.expect(T::RightDelim, "else")?;
                return Ok(Parsed::Else { chained: false });
            }
            T::End => {
                self.expect(T::RightDelim, "end")?;
                return Ok(Parsed::End);
            }
            T::If => return self.control("if").map(|b| Parsed::Node(Node::If(b))),
            T::Range => return self.control("range").map(|b| Parsed::Node(Node::Range(b))),
            T::With => return self.control("with").map(|b| Parsed::Node(Node::With(b))),
            T::Template => return self.template_control().map(Parsed::Node),
            _ => {}
        }
        self.backup();
        let pipe = self.pipeline("command", T::RightDelim)?;
        Ok(Parsed::Node(Node::Action(pipe)))
    }

    fn nest(&mut self) -> PResult<()> {
        self.nesting += 1;
        if self.nesting > super::MAX_NESTING {
            return self.errorf(format_args!(
                "blocks and parentheses nest more than {} deep (a browser limit real Helm lacks)",
                super::MAX_NESTING
            ));
        }
        Ok(())
    }

    fn control(&mut self, context: &'static str) -> PResult<Box<Branch>> {
        self.nest()?;
        let r = self.control_inner(context);
        self.nesting -= 1;
        r
    }

    fn control_inner(&mut self, context: &'static str) -> PResult<Box<Branch>> {
        let nvars = self.vars.len();
        let pipe = self.pipeline(context, T::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, end) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let else_list = match end {
            End::End => None,
            End::Else { chained } => {
                let next = self.peek_non_space().typ;
                if chained && context == "if" && next == T::If {
                    self.next_non_space();
                    Some(vec![Node::If(self.control("if")?)])
                } else if chained && context == "with" && next == T::With {
                    self.next_non_space();
                    Some(vec![Node::With(self.control("with")?)])
                } else {
                    let (list, end) = self.item_list()?;
                    if !matches!(end, End::End) {
                        return self.errorf("expected end; found {{else}}");
                    }
                    Some(list)
                }
            }
        };
        self.vars.truncate(nvars);
        Ok(Box::new(Branch { pos: pipe.pos, pipe, list, else_list }))
    }

    fn template_name(&mut self, t: &Item, context: &str) -> PResult<String> {
        match t.typ {
            T::String | T::RawString => match unquote(&t.val) {
                Ok(Value::Str(s)) => Ok(s.to_string()),
                _ => self.errorf("invalid syntax"),
            },
            _ => self.unexpected(t, context),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = if self.next_non_space().typ != T::RightDelim {
            self.backup();
            Some(self.pipeline(context, T::RightDelim)?)
        } else {
            None
        };
        Ok(Node::Template(Box::new(TemplateCall { pos: t.pos, name, pipe })))
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let t = self.next_non_space();
        let name = self.template_name(&t, context)?;
        let pipe = self.pipeline(context, T::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".into()]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        self.nest()?;
        let (list, end) = self.item_list()?;
        self.nesting -= 1;
        self.vars = saved_vars;
        self.range_depth = saved_depth;
        if !matches!(end, End::End) {
            return self.errorf(format_args!("unexpected {{{{else}}}} in {context}"));
        }
        self.add_defined(name.clone(), list)?;
        Ok(Node::Template(Box::new(TemplateCall { pos: t.pos, name, pipe: Some(pipe) })))
    }

    fn pipeline(&mut self, context: &str, end: T) -> PResult<Pipe> {
        let tok = self.peek_non_space();
        let mut pipe = Pipe { pos: tok.pos, is_assign: false, decl: Vec::new(), cmds: Vec::new() };
        'decls: loop {
            let v = self.peek_non_space();
            if v.typ != T::Variable {
                break;
            }
            let save = self.i;
            self.next_non_space();
            let after = self.peek();
            let next = self.peek_non_space();
            match next.typ {
                T::Assign | T::Declare => {
                    pipe.is_assign = next.typ == T::Assign;
                    self.next_non_space();
                    pipe.decl.push(v.val[..].into());
                    self.vars.push(v.val[..].into());
                }
                T::Char if &next.val[..] == "," => {
                    self.next_non_space();
                    pipe.decl.push(v.val[..].into());
                    self.vars.push(v.val[..].into());
                    if context == "range" && pipe.decl.len() < 2 {
                        match self.peek_non_space().typ {
                            T::Variable | T::RightDelim | T::RightParen => continue 'decls,
                            _ => return self.errorf("range can only initialize variables"),
                        }
                    }
                    return self.errorf(format_args!("too many declarations in {context}"));
                }
                _ => {
                    let _ = after;
                    self.i = save;
                }
            }
            break;
        }
        loop {
            let t = self.next_non_space();
            if t.typ == end {
                if pipe.cmds.is_empty() {
                    return self.errorf(format_args!("missing value for {context}"));
                }
                for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
                    if matches!(
                        c.args[0],
                        Arg::Bool(..) | Arg::Dot(_) | Arg::Nil(_) | Arg::Number { .. } | Arg::Str { .. }
                    ) {
                        return self.errorf(format_args!("non executable command in pipeline stage {}", i + 1));
                    }
                }
                return Ok(pipe);
            }
            match t.typ {
                T::Bool
                | T::CharConstant
                | T::Complex
                | T::Dot
                | T::Field
                | T::Identifier
                | T::Number
                | T::Nil
                | T::RawString
                | T::String
                | T::Variable
                | T::LeftParen => {
                    self.backup();
                    let c = self.command()?;
                    pipe.cmds.push(c);
                }
                _ => return self.unexpected(&t, context),
            }
        }
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let t = self.next();
            match t.typ {
                T::Space => continue,
                T::RightDelim | T::RightParen => self.backup(),
                T::Pipe => {}
                _ => return self.unexpected(&t, "operand"),
            }
            break;
        }
        if cmd.args.is_empty() {
            return self.errorf("empty command");
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if self.peek().typ != T::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields: Vec<Rc<str>> = Vec::new();
        while self.peek().typ == T::Field {
            let f = self.next();
            fields.push(f.val[1..].into());
        }
        Ok(Some(match node {
            Arg::Field { mut idents, .. } => {
                idents.extend(fields);
                Arg::Field { pos: chain_pos, idents }
            }
            Arg::Variable { mut idents, .. } => {
                idents.extend(fields);
                Arg::Variable { pos: chain_pos, idents }
            }
            Arg::Bool(..) | Arg::Str { .. } | Arg::Number { .. } | Arg::Nil(_) | Arg::Dot(_) => {
                let s = node.to_string();
                return self.errorf(format_args!("unexpected . after term {}", crate::helm::gofmt::quote(&s)));
            }
            other => Arg::Chain { pos: chain_pos, node: Box::new(other), fields },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let t = self.next_non_space();
        Ok(Some(match t.typ {
            T::Identifier => match (self.funcs)(&t.val) {
                Some(func) => Arg::Ident { pos: t.pos, name: t.val[..].into(), func },
                None => return self.errorf(format_args!("function {} not defined", crate::helm::gofmt::quote(&t.val))),
            },
            T::Dot => Arg::Dot(t.pos),
            T::Nil => Arg::Nil(t.pos),
            T::Variable => {
                if !self.vars.iter().any(|v| **v == *t.val) {
                    return self.errorf(format_args!("undefined variable {}", crate::helm::gofmt::quote(&t.val)));
                }
                Arg::Variable { pos: t.pos, idents: vec![t.val[..].into()] }
            }
            T::Field => Arg::Field { pos: t.pos, idents: vec![t.val[1..].into()] },
            T::Bool => Arg::Bool(t.pos, &t.val[..] == "true"),
            T::CharConstant | T::Complex | T::Number => {
                let num = match number(&t.val, t.typ) {
                    Ok(n) => n,
                    Err(e) => return self.errorf(e),
                };
                Arg::Number { pos: t.pos, text: t.val[..].into(), num }
            }
            T::LeftParen => {
                self.nest()?;
                let p = self.pipeline("parenthesized pipeline", T::RightParen);
                self.nesting -= 1;
                Arg::Pipe(Box::new(p?))
            }
            T::String | T::RawString => match unquote(&t.val) {
                Ok(value) => Arg::Str { pos: t.pos, quoted: t.val[..].into(), value },
                Err(e) => return self.errorf(e),
            },
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }
}

enum Parsed {
    Node(Node),
    End,
    Else {
        chained: bool,
    },
    #[allow(dead_code)]
    Nothing,
}

/// Go's `strconv.Unquote` for `"..."` and `` `...` `` literals.
pub fn unquote(s: &str) -> Result<Value, String> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(Value::str(raw.replace('\r', "")));
    }
    let inner = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')).ok_or("invalid syntax")?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(unescape(&mut chars, '"')?);
    }
    Ok(Value::str(out))
}

fn unescape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, quote: char) -> Result<char, String> {
    let bad = || "invalid syntax".to_string();
    let c = chars.next().ok_or_else(bad)?;
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| -> Result<u32, String> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = chars.next().and_then(|c| c.to_digit(16)).ok_or_else(bad)?;
            v = v * 16 + d;
        }
        Ok(v)
    };
    Ok(match c {
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        '\\' => '\\',
        '\'' | '"' if c == quote => c,
        'x' => char::from_u32(hex(chars, 2)?).ok_or_else(bad)?,
        'u' => char::from_u32(hex(chars, 4)?).ok_or_else(bad)?,
        'U' => char::from_u32(hex(chars, 8)?).ok_or_else(bad)?,
        '0'..='7' => {
            let mut v = c.to_digit(8).unwrap_or(0);
            for _ in 0..2 {
                v = v * 8 + chars.next().and_then(|c| c.to_digit(8)).ok_or_else(bad)?;
            }
            if v > 255 {
                return Err(bad());
            }
            char::from_u32(v).ok_or_else(bad)?
        }
        _ => return Err(bad()),
    })
}

/// Go's `parse.newNumber` followed by the type choice of `idealConstant`.
fn number(text: &str, typ: T) -> Result<Num, String> {
    if typ == T::CharConstant {
        let inner = &text[1..text.len() - 1];
        let mut chars = inner.chars().peekable();
        let c = match chars.next() {
            Some('\\') => unescape(&mut chars, '\'')?,
            Some(c) => c,
            None => return Err("invalid syntax".into()),
        };
        if chars.next().is_some() {
            return Err(format!("malformed character constant: {text}"));
        }
        return Ok(Num::Char(c as i64));
    }
    if typ == T::Complex || text.ends_with('i') {
        return Err(format!("illegal number syntax: {}", crate::helm::gofmt::quote(text)));
    }
    let is_hex = text.len() > 2 && {
        let t = text.trim_start_matches(['+', '-']);
        t.starts_with("0x") || t.starts_with("0X")
    };
    let floaty = if is_hex { text.contains(['p', 'P']) } else { text.contains(['.', 'e', 'E', 'p', 'P']) };
    if !floaty {
        if let Some(i) = parse_go_int(text) {
            return Ok(match i {
                IntParse::Int(i) => Num::Int(i),
                IntParse::Uint => Num::Overflow,
            });
        }
    }
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    if is_hex {
        return hex_float(&clean)
            .map(Num::Float)
            .ok_or_else(|| format!("illegal number syntax: {}", crate::helm::gofmt::quote(text)));
    }
    match clean.parse::<f64>() {
        Ok(f) if floaty && f.is_finite() => Ok(Num::Float(f)),
        Ok(_) if !floaty => Err(format!("integer overflow: {}", crate::helm::gofmt::quote(text))),
        _ => Err(format!("illegal number syntax: {}", crate::helm::gofmt::quote(text))),
    }
}

enum IntParse {
    Int(i64),
    Uint,
}

/// `strconv.ParseInt(text, 0, 64)` (and the ParseUint fallback): prefixes 0x/0o/0b/0, underscores.
fn parse_go_int(text: &str) -> Option<IntParse> {
    let (neg, t) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(r) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (8, r)
    } else if let Some(r) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (2, r)
    } else if t.len() > 1 && t.starts_with('0') {
        (8, &t[1..])
    } else {
        (10, t)
    };
    let digits = digits.strip_prefix('_').unwrap_or(digits);
    if digits.is_empty() || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    let u = u64::from_str_radix(&clean, radix).ok()?;
    if neg {
        if u <= i64::MAX as u64 + 1 {
            return Some(IntParse::Int((u as i128).wrapping_neg() as i64));
        }
        return None;
    }
    if u <= i64::MAX as u64 {
        Some(IntParse::Int(u as i64))
    } else {
        Some(IntParse::Uint)
    }
}

/// A hexadecimal float literal (`0x1.8p-2`): hex mantissa, binary exponent.
fn hex_float(text: &str) -> Option<f64> {
    let (neg, t) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let t = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X"))?;
    let (mant, exp) = t.split_once(['p', 'P'])?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let mut v = 0f64;
    for c in int.chars() {
        v = v * 16.0 + c.to_digit(16)? as f64;
    }
    let mut scale = 1.0 / 16.0;
    for c in frac.chars() {
        v += c.to_digit(16)? as f64 * scale;
        scale /= 16.0;
    }
    let v = v * 2f64.powi(exp);
    Some(if neg { -v } else { v })
}
