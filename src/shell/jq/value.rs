//! jq's values: JSON with objects in insertion order, numbers that remember the literal they were read from
//! (jq 1.7 prints an uncomputed number as written, canonicalised as decNumber does: `1.000`, `1E+2`), jq's total
//! order over all values, and its JSON reader and printer (error texts of jv_parse.c, number format of jv_dtoa.c).

use std::cmp::Ordering;
use std::rc::Rc;

pub type Map = Vec<(Rc<str>, V)>;

#[derive(Clone, Debug)]
pub enum V {
    Null,
    Bool(bool),
    Num(f64, Option<Rc<str>>),
    Str(Rc<str>),
    Arr(Rc<Vec<V>>),
    Obj(Rc<Map>),
}

/// Nesting deeper than this is refused (the reader, printer, comparisons and drops recurse): the playground's
/// limit, far below jq's own 10,000 for parsing.
pub const MAX_DEPTH: usize = 1000;
/// JSON text nests at most this deep (jq 1.7 allows 10,000): the reader's frames are large in debug builds.
const MAX_PARSE_DEPTH: usize = 400;

impl V {
    pub fn num(x: f64) -> V {
        V::Num(x, None)
    }
    pub fn str(s: impl Into<Rc<str>>) -> V {
        V::Str(s.into())
    }
    pub fn arr(v: Vec<V>) -> V {
        V::Arr(Rc::new(v))
    }
    pub fn kind(&self) -> &'static str {
        match self {
            V::Null => "null",
            V::Bool(_) => "boolean",
            V::Num(..) => "number",
            V::Str(_) => "string",
            V::Arr(_) => "array",
            V::Obj(_) => "object",
        }
    }
    fn rank(&self) -> u8 {
        match self {
            V::Null => 0,
            V::Bool(false) => 1,
            V::Bool(true) => 2,
            V::Num(..) => 3,
            V::Str(_) => 4,
            V::Arr(_) => 5,
            V::Obj(_) => 6,
        }
    }
    pub fn truthy(&self) -> bool {
        !matches!(self, V::Null | V::Bool(false))
    }
    pub fn get(&self, k: &str) -> Option<&V> {
        match self {
            V::Obj(m) => m.iter().find(|e| &*e.0 == k).map(|e| &e.1),
            _ => None,
        }
    }
    /// How deep the value nests, counting no further than `MAX_DEPTH + 1`.
    pub fn depth(&self) -> usize {
        fn go(v: &V, d: usize) -> usize {
            if d > MAX_DEPTH {
                return d;
            }
            match v {
                V::Arr(a) => a.iter().map(|x| go(x, d + 1)).max().unwrap_or(d + 1),
                V::Obj(m) => m.iter().map(|x| go(&x.1, d + 1)).max().unwrap_or(d + 1),
                _ => d,
            }
        }
        go(self, 0)
    }
}

pub fn obj_set(m: &mut Map, k: Rc<str>, v: V) {
    match m.iter_mut().find(|e| e.0 == k) {
        Some(e) => e.1 = v,
        None => m.push((k, v)),
    }
}

pub fn sorted_keys(m: &Map) -> Vec<Rc<str>> {
    let mut k: Vec<Rc<str>> = m.iter().map(|e| e.0.clone()).collect();
    crate::sort::sort(&mut k);
    k
}

/// jq's order: null < false < true < numbers < strings < arrays < objects; objects compare their sorted key
/// sets first, then the values key by key; NaN sorts as null does (jv.c jv_cmp).
pub fn cmp(a: &V, b: &V) -> Ordering {
    match (a, b) {
        (V::Num(x, _), V::Num(y, _)) => {
            if x.is_nan() {
                return cmp(&V::Null, b);
            }
            if y.is_nan() {
                return cmp(a, &V::Null);
            }
            x.partial_cmp(y).unwrap_or(Ordering::Equal)
        }
        (V::Str(x), V::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
        (V::Arr(x), V::Arr(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                let o = cmp(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (V::Obj(x), V::Obj(y)) => {
            let (kx, ky) = (sorted_keys(x), sorted_keys(y));
            let o = kx.cmp(&ky);
            if o != Ordering::Equal {
                return o;
            }
            for k in &kx {
                let o = cmp(a.get(k).unwrap_or(&V::Null), b.get(k).unwrap_or(&V::Null));
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        }
        _ => a.rank().cmp(&b.rank()),
    }
}

impl PartialEq for V {
    fn eq(&self, o: &V) -> bool {
        cmp(self, o) == Ordering::Equal
    }
}

/// A number as jq 1.7 prints a computed double: 17 significant digits at most, shortest round trip, exponent
/// form outside 1e-5..1e17 as jv_dtoa.c's freedtoa formats it; infinities print as the largest double.
pub fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        return "null".into();
    }
    let x = x.clamp(-f64::MAX, f64::MAX);
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let e = format!("{:e}", x.abs());
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let decpt = exp.parse::<i32>().unwrap_or(0) + 1;
    let nd = digits.len() as i32;
    let mut s = String::from(if x < 0.0 { "-" } else { "" });
    if decpt <= -4 || decpt > nd + 15 {
        s.push_str(&digits[..1]);
        if nd > 1 {
            s.push('.');
            s.push_str(&digits[1..]);
        }
        let ex = decpt - 1;
        s.push_str(&format!("e{}{:02}", if ex < 0 { '-' } else { '+' }, ex.abs()));
    } else if decpt <= 0 {
        s.push_str("0.");
        s.push_str(&"0".repeat((-decpt) as usize));
        s.push_str(&digits);
    } else if decpt >= nd {
        s.push_str(&digits);
        s.push_str(&"0".repeat((decpt - nd) as usize));
    } else {
        s.push_str(&digits[..decpt as usize]);
        s.push('.');
        s.push_str(&digits[decpt as usize..]);
    }
    s
}

/// A JSON number literal as decNumber's to-scientific-string writes it (what jq 1.7 prints for a number it
/// read and did not compute on).
fn canon_literal(lit: &str) -> String {
    let (neg, body) = match lit.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, lit),
    };
    let (mant, exp) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (body, 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let all = format!("{int}{frac}");
    let coef = all.trim_start_matches('0');
    let coef = if coef.is_empty() { "0" } else { coef };
    let exp = exp - frac.len() as i64;
    let nd = coef.len() as i64;
    let adj = exp + nd - 1;
    let mut s = String::from(if neg { "-" } else { "" });
    if exp <= 0 && adj >= -6 {
        if exp == 0 {
            s.push_str(coef);
        } else if nd > -exp {
            let p = (nd + exp) as usize;
            s.push_str(&coef[..p]);
            s.push('.');
            s.push_str(&coef[p..]);
        } else {
            s.push_str("0.");
            s.push_str(&"0".repeat((-exp - nd) as usize));
            s.push_str(coef);
        }
    } else {
        s.push_str(&coef[..1]);
        if nd > 1 {
            s.push('.');
            s.push_str(&coef[1..]);
        }
        s.push_str(&format!("E{}{}", if adj < 0 { '-' } else { '+' }, adj.abs()));
    }
    s
}

pub fn num_text(x: f64, lit: &Option<Rc<str>>) -> String {
    match lit {
        Some(l) if !x.is_nan() => canon_literal(l),
        _ => fmt_num(x),
    }
}

#[derive(Clone, Copy, Default)]
pub struct Style {
    /// Spaces per level; `None` is compact output (`-c`, `--indent 0`); `Some(0)` is a tab (`--tab`).
    pub indent: Option<usize>,
    pub sort: bool,
    pub ascii: bool,
}

pub fn escape_into(s: &str, ascii: bool, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ascii && !c.is_ascii() => {
                let mut b = [0u16; 2];
                for u in c.encode_utf16(&mut b) {
                    out.push_str(&format!("\\u{:04x}", u));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub fn dump(v: &V, st: Style) -> String {
    let mut out = String::new();
    dump_into(v, st, 0, &mut out);
    out
}

fn newline(st: Style, lvl: usize, out: &mut String) {
    if let Some(n) = st.indent {
        out.push('\n');
        if n == 0 {
            out.push_str(&"\t".repeat(lvl));
        } else {
            out.push_str(&" ".repeat(n * lvl));
        }
    }
}

fn dump_into(v: &V, st: Style, lvl: usize, out: &mut String) {
    match v {
        V::Null => out.push_str("null"),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Num(x, l) => out.push_str(&num_text(*x, l)),
        V::Str(s) => escape_into(s, st.ascii, out),
        V::Arr(a) if a.is_empty() => out.push_str("[]"),
        V::Obj(m) if m.is_empty() => out.push_str("{}"),
        V::Arr(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(st, lvl + 1, out);
                dump_into(x, st, lvl + 1, out);
            }
            newline(st, lvl, out);
            out.push(']');
        }
        V::Obj(m) => {
            out.push('{');
            let mut ents: Vec<&(Rc<str>, V)> = m.iter().collect();
            if st.sort {
                crate::sort::sort_by(&mut ents, |a, b| a.0.cmp(&b.0));
            }
            for (i, (k, x)) in ents.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(st, lvl + 1, out);
                escape_into(k, st.ascii, out);
                out.push(':');
                if st.indent.is_some() {
                    out.push(' ');
                }
                dump_into(x, st, lvl + 1, out);
            }
            newline(st, lvl, out);
            out.push('}');
        }
    }
}

pub fn tojson(v: &V) -> String {
    dump(v, Style::default())
}

/// jq's streaming JSON reader over one text: values one after another, whitespace between them; errors carry
/// jv_parse.c's words and its line/column count.
pub struct Reader<'a> {
    s: &'a [u8],
    pub pos: usize,
    base: usize,
}

impl<'a> Reader<'a> {
    pub fn new(s: &'a str) -> Self {
        Reader { s: s.as_bytes(), pos: 0, base: super::eval::sp() }
    }
    fn ws(&mut self) {
        while self.pos < self.s.len() && matches!(self.s[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }
    /// Line and column as jv_parse.c reports them: the line counts newlines consumed, the column is the
    /// offset after the last newline.
    fn at(&self, pos: usize) -> String {
        let pos = pos.min(self.s.len());
        let line = self.s[..pos].iter().filter(|b| **b == b'\n').count() + 1;
        let col = pos - self.s[..pos].iter().rposition(|b| *b == b'\n').map(|i| i + 1).unwrap_or(0);
        format!("at line {line}, column {col}")
    }
    fn err(&self, msg: &str, pos: usize) -> String {
        format!("{msg} {}", self.at(pos))
    }
    /// The next value, `Ok(None)` at the end of the text.
    pub fn next_value(&mut self) -> Result<Option<V>, String> {
        self.ws();
        if self.pos >= self.s.len() {
            return Ok(None);
        }
        let v = self.value(0)?;
        // jq reports a token glued to a finished value when it reads the next one; a number needs its delimiter.
        Ok(Some(v))
    }
    fn value(&mut self, depth: usize) -> Result<V, String> {
        if depth >= MAX_PARSE_DEPTH || self.base.saturating_sub(super::eval::sp()) > super::eval::STACK_BUDGET {
            return Err(format!(
                "Exceeds the playground's depth limit for parsing ({MAX_PARSE_DEPTH} levels) {}",
                self.at(self.pos)
            ));
        }
        self.ws();
        let Some(&c) = self.s.get(self.pos) else {
            return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1));
        };
        match c {
            b'{' => {
                self.pos += 1;
                let mut m: Map = Vec::new();
                self.ws();
                if self.s.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    return Ok(V::Obj(Rc::new(m)));
                }
                loop {
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b'"') => {}
                        None => return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1)),
                        Some(b'}') => return Err(self.err("Expected another key-value pair", self.pos + 1)),
                        Some(_) => {
                            self.bad_token()?;
                            return Err(self.err("Object keys must be strings", self.pos + 1));
                        }
                    }
                    let k = self.string()?;
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b':') => self.pos += 1,
                        None => return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1)),
                        Some(_) => return Err(self.err("Object keys must be strings", self.pos + 1)),
                    }
                    let v = self.value(depth + 1)?;
                    obj_set(&mut m, k.into(), v);
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b',') => {
                            self.pos += 1;
                            self.ws();
                            if self.s.get(self.pos) == Some(&b'}') {
                                return Err(self.err("Expected another key-value pair", self.pos + 1));
                            }
                        }
                        Some(b'}') => {
                            self.pos += 1;
                            return Ok(V::Obj(Rc::new(m)));
                        }
                        None => return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1)),
                        Some(_) => return Err(self.err("Expected separator between values", self.pos + 1)),
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut a = Vec::new();
                self.ws();
                if self.s.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    return Ok(V::arr(a));
                }
                loop {
                    a.push(self.value(depth + 1)?);
                    self.ws();
                    match self.s.get(self.pos) {
                        Some(b',') => {
                            self.pos += 1;
                            self.ws();
                            if self.s.get(self.pos) == Some(&b']') {
                                return Err(self.err("Expected another array element", self.pos + 1));
                            }
                        }
                        Some(b']') => {
                            self.pos += 1;
                            return Ok(V::arr(a));
                        }
                        None => return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1)),
                        Some(_) => return Err(self.err("Expected separator between values", self.pos + 1)),
                    }
                }
            }
            b'"' => Ok(V::str(self.string()?)),
            b']' | b'}' => Err(self.err("Unmatched ']' or '}'", self.pos + 1)),
            b',' => Err(self.err("Expected value before ','", self.pos + 1)),
            b':' => Err(self.err("':' not as part of an object", self.pos + 1)),
            _ => self.bad_token(),
        }
    }
    /// A bare token: a number or true/false/null, anything else is jq's "Invalid literal" family.
    fn bad_token(&mut self) -> Result<V, String> {
        let start = self.pos;
        while self.pos < self.s.len() && !b" \t\n\r[]{},:\"".contains(&self.s[self.pos]) {
            self.pos += 1;
        }
        let tok = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or("");
        // jq reports a bad token after consuming its delimiter, or at EOF.
        let (at, eof) = if self.pos >= self.s.len() { (self.s.len(), " at EOF") } else { (self.pos + 1, "") };
        let word = tok.starts_with(['t', 'f', 'n']);
        match tok {
            "true" => Ok(V::Bool(true)),
            "false" => Ok(V::Bool(false)),
            "null" => Ok(V::Null),
            "nan" => Ok(V::num(f64::NAN)),
            _ if word => Err(self.err(&format!("Invalid literal{eof}"), at)),
            _ => {
                let ok = tok.bytes().all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
                    && !tok.starts_with(['+', '.'])
                    && !tok.ends_with('.');
                match tok.parse::<f64>() {
                    Ok(x) if ok => Ok(V::Num(x, Some(tok.into()))),
                    _ => Err(self.err(&format!("Invalid numeric literal{eof}"), at)),
                }
            }
        }
    }
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out = String::new();
        let mut units: Vec<u16> = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.pos) else {
                return Err(self.err("Unfinished JSON term at EOF", self.s.len() + 1));
            };
            self.pos += 1;
            if c != b'\\' && !units.is_empty() {
                out.push_str(&String::from_utf16_lossy(&units));
                units.clear();
            }
            match c {
                b'"' => return Ok(out),
                b'\\' => {
                    let e = self.s.get(self.pos).copied().unwrap_or(0);
                    self.pos += 1;
                    if e != b'u' && !units.is_empty() {
                        out.push_str(&String::from_utf16_lossy(&units));
                        units.clear();
                    }
                    match e {
                        b'n' => out.push('\n'),
                        b't' => out.push('\t'),
                        b'r' => out.push('\r'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'/' => out.push('/'),
                        b'\\' => out.push('\\'),
                        b'"' => out.push('"'),
                        b'u' => {
                            let h = self.s.get(self.pos..self.pos + 4).and_then(|h| std::str::from_utf8(h).ok());
                            match h.and_then(|h| u16::from_str_radix(h, 16).ok()) {
                                Some(u) => {
                                    units.push(u);
                                    self.pos += 4;
                                }
                                None => return Err(self.err("Invalid escape", self.pos + 1)),
                            }
                        }
                        _ => return Err(self.err("Invalid escape", self.pos + 1)),
                    }
                }
                _ => {
                    // Whole UTF-8 sequences are copied at once (the text is a &str, so they are valid).
                    let start = self.pos - 1;
                    let mut end = self.pos;
                    while end < self.s.len() && (self.s[end] & 0xC0) == 0x80 {
                        end += 1;
                    }
                    out.push_str(std::str::from_utf8(&self.s[start..end]).unwrap_or("\u{fffd}"));
                    self.pos = end;
                }
            }
        }
    }
}

/// `fromjson`/`tonumber`/`--argjson`: exactly one value in the text.
pub fn parse_one(s: &str) -> Result<V, String> {
    let mut r = Reader::new(s);
    match r.next_value()? {
        None => Err("Expected JSON value".into()),
        Some(v) => {
            r.ws();
            if r.pos < r.s.len() {
                return Err(r.err("Unexpected extra JSON values", r.pos + 1));
            }
            Ok(v)
        }
    }
}
