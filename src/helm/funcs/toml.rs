//! Helm's `fromToml`: TOML read as BurntSushi/toml decodes it into `map[string]interface {}` (integers int64,
//! floats float64, datetimes time.Time), or `{"Error": MESSAGE}`. Errors carry BurntSushi's
//! `toml: line N (last key "k"): ` prefix; the reasons are ours where its wording is not reproduced.

use super::args::{arity, s, str, R};
use super::time::{parse_time, GoTime};
use crate::helm::value::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

type Table = BTreeMap<String, Value>;

struct P<'a> {
    b: &'a [u8],
    i: usize,
    line: usize,
    last_key: String,
}

impl P<'_> {
    /// BurntSushi's lexer and table errors carry no key.
    fn err_nokey(&self, msg: impl Into<String>) -> String {
        format!("toml: line {}: {}", self.line, msg.into())
    }

    fn err(&self, msg: impl Into<String>) -> String {
        format!("toml: line {} (last key {}): {}", self.line, super::strings::go_quote(&self.last_key), msg.into())
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    /// Spaces, comments and newlines (inside arrays).
    fn ws_nl(&mut self) {
        loop {
            self.ws();
            match self.peek() {
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.i += 1;
                    }
                }
                Some(b'\n') => {
                    self.i += 1;
                    self.line += 1;
                }
                Some(b'\r') => self.i += 1,
                _ => return,
            }
        }
    }

    fn key_part(&mut self) -> Result<String, String> {
        self.ws();
        match self.peek() {
            Some(b'"') | Some(b'\'') => match self.string()? {
                Value::Str(s) => Ok(s.to_string()),
                _ => Err(self.err("bad key")),
            },
            _ => {
                let start = self.i;
                while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
                    self.i += 1;
                }
                if start == self.i {
                    return Err(self.err(format!("expected a key but found {}", self.found())));
                }
                Ok(String::from_utf8_lossy(&self.b[start..self.i]).into_owned())
            }
        }
    }

    fn found(&self) -> String {
        match std::str::from_utf8(&self.b[self.i..]).ok().and_then(|t| t.chars().next()) {
            None => "EOF".into(),
            Some(c) => format!("'{c}'"),
        }
    }

    fn key(&mut self) -> Result<Vec<String>, String> {
        let mut parts = vec![self.key_part()?];
        loop {
            self.ws();
            if self.peek() == Some(b'.') {
                self.i += 1;
                parts.push(self.key_part()?);
            } else {
                return Ok(parts);
            }
        }
    }

    fn string(&mut self) -> Result<Value, String> {
        let q = self.b[self.i];
        let multi = self.b[self.i..].starts_with(if q == b'"' { b"\"\"\"" } else { b"'''" });
        self.i += if multi { 3 } else { 1 };
        if multi && self.peek() == Some(b'\n') {
            self.i += 1;
            self.line += 1;
        }
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else { return Err(self.err("unexpected EOF; expected string end")) };
            if multi && self.b[self.i..].starts_with(if q == b'"' { b"\"\"\"" } else { b"'''" }) {
                self.i += 3;
                return Ok(Value::str(out));
            }
            if !multi && c == q {
                self.i += 1;
                return Ok(Value::str(out));
            }
            if c == b'\n' {
                if !multi {
                    return Err(self.err("strings cannot contain newlines"));
                }
                self.line += 1;
            }
            if c == b'\\' && q == b'"' {
                self.i += 1;
                let e = self.peek().ok_or_else(|| self.err("unexpected EOF"))?;
                self.i += 1;
                match e {
                    b'n' => out.push('\n'),
                    b't' => out.push('\t'),
                    b'r' => out.push('\r'),
                    b'b' => out.push('\u{8}'),
                    b'f' => out.push('\u{c}'),
                    b'"' => out.push('"'),
                    b'\\' => out.push('\\'),
                    b'u' | b'U' => {
                        let n = if e == b'u' { 4 } else { 8 };
                        let hex = std::str::from_utf8(self.b.get(self.i..self.i + n).unwrap_or(b"")).unwrap_or("");
                        let ch = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                        out.push(ch.ok_or_else(|| self.err(format!("invalid escape: '\\{}{hex}'", e as char)))?);
                        self.i += n;
                    }
                    b'\n' if multi => {
                        self.line += 1;
                        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                            if self.peek() == Some(b'\n') {
                                self.line += 1;
                            }
                            self.i += 1;
                        }
                    }
                    other => return Err(self.err(format!("invalid escape in string '\\{}'", other as char))),
                }
                continue;
            }
            let w =
                std::str::from_utf8(&self.b[self.i..]).ok().and_then(|t| t.chars().next()).map_or(1, char::len_utf8);
            out.push_str(&String::from_utf8_lossy(&self.b[self.i..self.i + w]));
            self.i += w;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > 100 {
            return Err(self.err("values nest too deeply"));
        }
        self.ws();
        match self.peek() {
            None | Some(b'\n') => Err(self.err("unexpected EOF; expected value")),
            Some(b'"' | b'\'') => self.string(),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws_nl();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                        return Ok(Value::list(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.ws_nl();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {}
                        _ => {
                            return Err(
                                self.err(format!("expected a comma or array terminator ']', but got {}", self.found()))
                            )
                        }
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let t = Rc::new(RefCell::new(Table::new()));
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Map(t));
                }
                loop {
                    let k = self.key()?;
                    self.ws();
                    if self.peek() != Some(b'=') {
                        return Err(self.err(format!("expected '=' but found {}", self.found())));
                    }
                    self.i += 1;
                    let v = self.value(depth + 1)?;
                    let (last, path) = k.split_last().expect("keys have a part");
                    let dup = || self.err(format!("Key '{}' has already been defined.", k.join(".")));
                    let target = descend_shared(&t, path, true).map_err(|_| dup())?;
                    if target.borrow().contains_key(last) {
                        return Err(dup());
                    }
                    target.borrow_mut().insert(last.clone(), v);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Map(t));
                        }
                        _ => {
                            return Err(self.err(format!(
                                "expected a comma or inline table terminator '}}', but got {}",
                                self.found()
                            )))
                        }
                    }
                }
            }
            _ => {
                let start = self.i;
                loop {
                    match self.peek() {
                        None | Some(b',' | b']' | b'}' | b'\n' | b'#' | b'\r' | b'\t') => break,
                        // A datetime may have one space between its date and its time.
                        Some(b' ') => {
                            let date_so_far = self.i - start == 10 && self.b[start + 4] == b'-';
                            if !(date_so_far && self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit)) {
                                break;
                            }
                            self.i += 1;
                        }
                        Some(_) => self.i += 1,
                    }
                }
                let raw = String::from_utf8_lossy(&self.b[start..self.i]).to_string();
                self.scalar(&raw)
            }
        }
    }

    fn scalar(&self, raw: &str) -> Result<Value, String> {
        match raw {
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "inf" | "+inf" => return Ok(Value::Float(f64::INFINITY)),
            "-inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
            "nan" | "+nan" | "-nan" => return Ok(Value::Float(f64::NAN)),
            _ => {}
        }
        let clean = raw.replace('_', "");
        let body = clean.trim_start_matches(['+', '-']);
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(d) = clean.strip_prefix(prefix) {
                return i64::from_str_radix(d, radix)
                    .map(Value::Int64)
                    .map_err(|_| self.err(format!("invalid integer {raw:?}")));
            }
        }
        if !body.is_empty() && body.bytes().all(|c| c.is_ascii_digit()) {
            if body.len() > 1 && body.starts_with('0') {
                return Err(self.err(format!("invalid integer {raw:?}: leading zeros are not allowed")));
            }
            return clean
                .parse::<i64>()
                .map(Value::Int64)
                .map_err(|_| self.err(format!("{raw:?} is out of range for int64")));
        }
        if body.bytes().next().is_some_and(|c| c.is_ascii_digit())
            && body.bytes().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
            && (body.contains('.') || body.contains(['e', 'E']))
            && !(raw.len() >= 10 && raw.as_bytes().get(4) == Some(&b'-'))
        {
            if let Ok(f) = clean.parse::<f64>() {
                return Ok(Value::Float(f));
            }
        }
        for layout in [
            "2006-01-02T15:04:05.999999999Z07:00",
            "2006-01-02 15:04:05.999999999Z07:00",
            "2006-01-02t15:04:05.999999999Z07:00",
            "2006-01-02T15:04:05.999999999",
            "2006-01-02 15:04:05.999999999",
            "2006-01-02",
            "15:04:05.999999999",
        ] {
            if let Ok(t) = parse_time(layout, raw) {
                return Ok(Value::Object(Rc::new(GoTime { unix: t.unix, nanos: t.nanos })));
            }
        }
        Err(self.err(format!("expected value but found {raw:?} instead")))
    }
}

fn descend_shared(root: &Rc<RefCell<Table>>, path: &[String], create: bool) -> Result<Rc<RefCell<Table>>, ()> {
    let mut cur = root.clone();
    for k in path {
        let next = cur.borrow().get(k).cloned();
        let table = match next {
            Some(Value::Map(m)) => m,
            Some(Value::List(_, l)) => match l.last() {
                Some(Value::Map(m)) => m.clone(),
                _ => return Err(()),
            },
            Some(_) => return Err(()),
            None if create => {
                let m = Rc::new(RefCell::new(Table::new()));
                cur.borrow_mut().insert(k.clone(), Value::Map(m.clone()));
                m
            }
            None => return Err(()),
        };
        cur = table;
    }
    Ok(cur)
}

fn parse(text: &str) -> Result<Table, String> {
    let root = Rc::new(RefCell::new(Table::new()));
    let mut cur = root.clone();
    let mut p = P { b: text.as_bytes(), i: 0, line: 1, last_key: String::new() };
    // Table headers seen: `[t]` twice is an error even though the table exists.
    let mut defined = std::collections::HashSet::new();
    loop {
        p.ws_nl();
        let Some(c) = p.peek() else { break };
        if c == b'[' {
            let array = p.b[p.i..].starts_with(b"[[");
            p.i += if array { 2 } else { 1 };
            let key = p.key()?;
            p.last_key = key.join(".");
            p.ws();
            let close: &[u8] = if array { b"]]" } else { b"]" };
            if !p.b[p.i..].starts_with(close) {
                return Err(p.err(format!("expected a table terminator but found {}", p.found())));
            }
            p.i += close.len();
            let (last, path) = key.split_last().expect("keys have a part");
            let parent = descend_shared(&root, path, true).map_err(|_| {
                p.err(format!("Key '{}' was already created and cannot be used as an array.", p.last_key))
            })?;
            let existing = parent.borrow().get(last).cloned();
            cur = if array {
                let t = Rc::new(RefCell::new(Table::new()));
                let mut items = match existing {
                    None => Vec::new(),
                    Some(Value::List(_, l)) => l.to_vec(),
                    Some(_) => return Err(p.err(format!("Key '{}' was already created as a hash.", p.last_key))),
                };
                items.push(Value::Map(t.clone()));
                parent.borrow_mut().insert(last.clone(), Value::list(items));
                t
            } else {
                if !defined.insert(p.last_key.clone()) {
                    return Err(p.err_nokey(format!("Key '{}' has already been defined.", p.last_key)));
                }
                match existing {
                    None => {
                        let t = Rc::new(RefCell::new(Table::new()));
                        parent.borrow_mut().insert(last.clone(), Value::Map(t.clone()));
                        t
                    }
                    Some(Value::Map(m)) => m,
                    Some(_) => return Err(p.err(format!("Key '{}' has already been defined.", p.last_key))),
                }
            };
        } else {
            let key = p.key()?;
            p.last_key = key.join(".");
            p.ws();
            if p.peek() != Some(b'=') {
                return Err(p.err(format!("expected key separator '=', but got {} instead", p.found())));
            }
            p.i += 1;
            let v = p.value(0)?;
            let (last, path) = key.split_last().expect("keys have a part");
            let target = descend_shared(&cur, path, true)
                .map_err(|_| p.err(format!("Key '{}' has already been defined.", p.last_key)))?;
            if target.borrow().contains_key(last) {
                return Err(p.err(format!("Key '{}' has already been defined.", p.last_key)));
            }
            target.borrow_mut().insert(last.clone(), v);
        }
        p.ws();
        match p.peek() {
            None | Some(b'\n' | b'#' | b'\r') => {}
            _ => {
                return Err(p.err_nokey(format!(
                    "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
                    p.found()
                )))
            }
        }
    }
    let t = root.borrow().clone();
    Ok(t)
}

pub fn from_toml(a: &[Value]) -> R {
    arity(a, 1)?;
    Ok(match parse(s(&a[0])?) {
        Ok(t) => Value::map(t),
        Err(e) => Value::map(BTreeMap::from([("Error".to_string(), str(e))])),
    })
}
