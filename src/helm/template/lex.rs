//! The lexer of Go's `text/template/parse` (lex.go), run to completion up front instead of in a goroutine.
//! Trim markers are handled here, as in Go, so the parser never sees them. Items carry byte positions and
//! the line they start on: exec errors report `line:col` from the position, parse errors the line.

use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum T {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords come after everything else: Go prints them as `<name>` in errors.
    Keyword,
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

#[derive(Clone, Debug)]
pub struct Item<'a> {
    pub typ: T,
    pub pos: usize,
    /// For `Error` items, the message; otherwise the source text of the item (borrowed: the parser copies
    /// what it keeps, so lexing allocates nothing per token).
    pub val: Cow<'a, str>,
    pub line: usize,
}

impl std::fmt::Display for Item<'_> {
    /// Go's `item.String()`, used in `unexpected X in Y`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.typ {
            T::Eof => f.write_str("EOF"),
            T::Error => f.write_str(&self.val),
            t if t > T::Keyword => write!(f, "<{}>", self.val),
            _ => {
                if self.val.chars().count() > 10 {
                    let s: String = self.val.chars().take(10).collect();
                    write!(f, "{}...", crate::helm::gofmt::quote(&s))
                } else {
                    f.write_str(&crate::helm::gofmt::quote(&self.val))
                }
            }
        }
    }
}

fn keyword(word: &str) -> Option<T> {
    Some(match word {
        "." => T::Dot,
        "block" => T::Block,
        "break" => T::Break,
        "continue" => T::Continue,
        "define" => T::Define,
        "else" => T::Else,
        "end" => T::End,
        "if" => T::If,
        "range" => T::Range,
        "nil" => T::Nil,
        "template" => T::Template,
        "with" => T::With,
        _ => return None,
    })
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

struct Lexer<'a> {
    input: &'a str,
    pos: usize,
    start: usize,
    paren_depth: i32,
    items: Vec<Item<'a>>,
    /// Line at `start`.
    line: usize,
}

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

/// Lexes the whole input; the last item is `Eof` or `Error`.
pub fn lex(input: &str) -> Vec<Item<'_>> {
    let mut l = Lexer { input, pos: 0, start: 0, paren_depth: 0, items: Vec::new(), line: 1 };
    l.run();
    l.items
}

impl<'a> Lexer<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.input.as_bytes()
    }

    fn rest(&self) -> &'a str {
        &self.input[self.pos..]
    }

    fn peek_char(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Moves `start` to `pos`, counting the newlines skipped.
    fn ignore(&mut self) {
        self.line += self.input[self.start..self.pos].bytes().filter(|&b| b == b'\n').count();
        self.start = self.pos;
    }

    fn emit(&mut self, typ: T) {
        let val = Cow::Borrowed(&self.input[self.start..self.pos]);
        self.items.push(Item { typ, pos: self.start, val, line: self.line });
        self.ignore();
    }

    fn error(&mut self, msg: String) {
        self.items.push(Item { typ: T::Error, pos: self.start, val: Cow::Owned(msg), line: self.line });
    }

    fn run(&mut self) {
        loop {
            // Text up to the next action.
            match self.rest().find(LEFT) {
                Some(x) => {
                    let delim_at = self.pos + x;
                    let after = &self.input[delim_at + LEFT.len()..];
                    let mut text_end = delim_at;
                    if has_left_trim(after) {
                        let t = self.input[self.start..delim_at].trim_end_matches([' ', '\t', '\r', '\n']);
                        text_end = self.start + t.len();
                    }
                    if text_end > self.start {
                        self.pos = text_end;
                        self.emit(T::Text);
                    }
                    self.pos = delim_at;
                    self.ignore();
                    if !self.left_delim() {
                        return;
                    }
                }
                None => {
                    self.pos = self.input.len();
                    if self.pos > self.start {
                        self.emit(T::Text);
                    }
                    self.emit(T::Eof);
                    return;
                }
            }
        }
    }

    /// At `{{`. Returns false when lexing stopped (error).
    fn left_delim(&mut self) -> bool {
        self.pos += LEFT.len();
        let trim = has_left_trim(self.rest());
        let after_marker = if trim { 2 } else { 0 };
        if self.input[self.pos + after_marker..].starts_with("/*") {
            self.pos += after_marker;
            self.ignore();
            return self.comment();
        }
        self.emit(T::LeftDelim);
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        self.inside_action()
    }

    fn comment(&mut self) -> bool {
        self.pos += 2;
        let Some(i) = self.rest().find("*/") else {
            self.error("unclosed comment".into());
            return false;
        };
        self.pos += i + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            self.error("comment ends before closing delimiter".into());
            return false;
        }
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            self.pos += left_trim_len(self.rest());
        }
        self.ignore();
        true
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let r = self.rest();
        if r.starts_with(RIGHT) {
            return (true, false);
        }
        if has_right_trim(r) && r[2..].starts_with(RIGHT) {
            return (true, true);
        }
        (false, false)
    }

    fn right_delim(&mut self) {
        let trim = has_right_trim(self.rest());
        if trim {
            self.pos += 2;
            self.ignore();
        }
        self.pos += RIGHT.len();
        self.emit(T::RightDelim);
        if trim {
            self.pos += left_trim_len(self.rest());
            self.ignore();
        }
    }

    fn inside_action(&mut self) -> bool {
        loop {
            let (delim, _) = self.at_right_delim();
            if delim {
                if self.paren_depth == 0 {
                    self.right_delim();
                    return true;
                }
                self.error("unclosed left paren".into());
                return false;
            }
            let Some(c) = self.peek_char() else {
                self.error("unclosed action".into());
                return false;
            };
            match c {
                ' ' | '\t' | '\r' | '\n' => {
                    if !self.space() {
                        self.right_delim();
                        return true;
                    }
                }
                ':' => {
                    self.pos += 1;
                    if self.peek_char() != Some('=') {
                        self.error("expected :=".into());
                        return false;
                    }
                    self.pos += 1;
                    self.emit(T::Declare);
                }
                '|' => {
                    self.pos += 1;
                    self.emit(T::Pipe);
                }
                '"' => {
                    if !self.quote() {
                        return false;
                    }
                }
                '`' => {
                    self.pos += 1;
                    match self.rest().find('`') {
                        Some(i) => {
                            self.pos += i + 1;
                            self.emit(T::RawString);
                        }
                        None => {
                            self.error("unterminated raw quoted string".into());
                            return false;
                        }
                    }
                }
                '$' => {
                    self.pos += 1;
                    if !self.field_or_variable(T::Variable) {
                        return false;
                    }
                }
                '\'' => {
                    if !self.char_const() {
                        return false;
                    }
                }
                '.' => {
                    let next = self.bytes().get(self.pos + 1).copied();
                    if next.is_some_and(|b| !b.is_ascii_digit()) {
                        self.pos += 1;
                        if !self.field_or_variable(T::Field) {
                            return false;
                        }
                    } else if !self.number() {
                        return false;
                    }
                }
                '+' | '-' | '0'..='9' => {
                    if !self.number() {
                        return false;
                    }
                }
                '(' => {
                    self.pos += 1;
                    self.emit(T::LeftParen);
                    self.paren_depth += 1;
                }
                ')' => {
                    self.pos += 1;
                    if self.paren_depth == 0 {
                        self.error("unexpected right paren".into());
                        return false;
                    }
                    self.paren_depth -= 1;
                    self.emit(T::RightParen);
                }
                '=' => {
                    self.pos += 1;
                    self.emit(T::Assign);
                }
                c if is_alnum(c) => {
                    if !self.identifier() {
                        return false;
                    }
                }
                c if c.is_ascii() && !c.is_ascii_control() => {
                    self.pos += 1;
                    self.emit(T::Char);
                }
                c => {
                    self.pos += c.len_utf8();
                    self.error(format!("unrecognized character in action: {}", crate::helm::gofmt::unicode_u(c)));
                    return false;
                }
            }
        }
    }

    /// A run of spaces. Returns false when the run was the single space of a ` -}}` (then we are at it).
    fn space(&mut self) -> bool {
        let mut n = 0;
        while self.bytes().get(self.pos).is_some_and(|&b| is_space(b)) {
            self.pos += 1;
            n += 1;
        }
        // A trim-marked closing delimiter: the last space belongs to it.
        let before = &self.input[self.pos - 1..];
        if has_right_trim(before) && before[2..].starts_with(RIGHT) {
            self.pos -= 1;
            if n == 1 {
                return false;
            }
        }
        self.emit(T::Space);
        true
    }

    fn at_terminator(&self) -> bool {
        match self.peek_char() {
            None => true,
            Some(c) => matches!(c, ' ' | '\t' | '\r' | '\n' | '.' | ',' | '|' | ':' | ')' | '(' | '}'),
        }
    }

    fn identifier(&mut self) -> bool {
        while let Some(c) = self.peek_char() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let c = self.peek_char().unwrap_or('\0');
            self.pos += c.len_utf8();
            self.error(format!("bad character {}", crate::helm::gofmt::unicode_u(c)));
            return false;
        }
        let word = &self.input[self.start..self.pos];
        let typ = match keyword(word) {
            Some(k) => k,
            None if word == "true" || word == "false" => T::Bool,
            None => T::Identifier,
        };
        self.emit(typ);
        true
    }

    fn field_or_variable(&mut self, typ: T) -> bool {
        if self.at_terminator() {
            self.emit(if typ == T::Variable { T::Variable } else { T::Dot });
            return true;
        }
        while let Some(c) = self.peek_char() {
            if !is_alnum(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        if !self.at_terminator() {
            let c = self.peek_char().unwrap_or('\0');
            self.pos += c.len_utf8();
            self.error(format!("bad character {}", crate::helm::gofmt::unicode_u(c)));
            return false;
        }
        self.emit(typ);
        true
    }

    fn char_const(&mut self) -> bool {
        self.pos += 1;
        loop {
            match self.peek_char() {
                Some('\\') => {
                    self.pos += 1;
                    match self.peek_char() {
                        Some('\n') | None => {
                            self.error("unterminated character constant".into());
                            return false;
                        }
                        Some(c) => self.pos += c.len_utf8(),
                    }
                }
                Some('\n') | None => {
                    self.error("unterminated character constant".into());
                    return false;
                }
                Some('\'') => {
                    self.pos += 1;
                    break;
                }
                Some(c) => self.pos += c.len_utf8(),
            }
        }
        self.emit(T::CharConstant);
        true
    }

    fn quote(&mut self) -> bool {
        self.pos += 1;
        loop {
            match self.peek_char() {
                Some('\\') => {
                    self.pos += 1;
                    match self.peek_char() {
                        Some('\n') | None => {
                            self.error("unterminated quoted string".into());
                            return false;
                        }
                        Some(c) => self.pos += c.len_utf8(),
                    }
                }
                Some('\n') | None => {
                    self.error("unterminated quoted string".into());
                    return false;
                }
                Some('"') => {
                    self.pos += 1;
                    break;
                }
                Some(c) => self.pos += c.len_utf8(),
            }
        }
        self.emit(T::String);
        true
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek_char() {
            Some(c) if valid.contains(c) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek_char().is_some_and(is_alnum) {
            let c = self.peek_char().unwrap_or('\0');
            self.pos += c.len_utf8();
            return false;
        }
        true
    }

    fn number(&mut self) -> bool {
        if !self.scan_number() {
            let s = self.input[self.start..self.pos].to_string();
            self.error(format!("bad number syntax: {}", crate::helm::gofmt::quote(&s)));
            return false;
        }
        if matches!(self.peek_char(), Some('+' | '-')) {
            if !self.scan_number() || !self.input[..self.pos].ends_with('i') {
                let s = self.input[self.start..self.pos].to_string();
                self.error(format!("bad number syntax: {}", crate::helm::gofmt::quote(&s)));
                return false;
            }
            self.emit(T::Complex);
        } else {
            self.emit(T::Number);
        }
        true
    }
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1])
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0]) && b[1] == b'-'
}

fn left_trim_len(s: &str) -> usize {
    s.len() - s.trim_start_matches([' ', '\t', '\r', '\n']).len()
}
