//! `json!` with serde_json's syntax and result, compiled to data instead of code. serde_json's macro expands every
//! key and value into its own allocation, insert and drop code (the kube-system objects alone were 42 KB of wasm);
//! this one writes the literal part of the tree as a compact text and evaluates only the Rust expressions in it
//! (in source order, each through `serde_json::to_value` as serde_json's macro does), then one shared function,
//! `crate::jsonlit::build`, reads the text and puts the expressions' values in their places.
//!
//! The text: `{` `}` `[` `]` with `,` between items and `:` after keys, strings in `"` with only `\"` and `\\`
//! escaped, integers and floats as written (without `_`), `t` `f` `n` for true, false and null, and `@` for the
//! next expression's value (a key or a value). Only the proc_macro API is used, so the build needs no crate.

use proc_macro::{Delimiter, Group, Literal, Punct, Spacing, TokenStream, TokenTree};

#[proc_macro]
pub fn json(input: TokenStream) -> TokenStream {
    let toks: Vec<TokenTree> = input.into_iter().collect();
    let mut out = Out { text: String::new(), holes: Vec::new() };
    match value_kind(&toks) {
        // a lone expression: exactly serde_json's expansion, no text to read
        Kind::Expr => return to_value(&toks),
        _ => out.value(&toks),
    }
    let mut holes = TokenStream::new();
    for h in out.holes {
        holes.extend(h);
        holes.extend([TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    }
    let mut call: TokenStream = "crate::jsonlit::build".parse().unwrap();
    let mut args = TokenStream::new();
    args.extend([TokenTree::Literal(Literal::string(&out.text)), TokenTree::Punct(Punct::new(',', Spacing::Alone))]);
    args.extend([TokenTree::Punct(Punct::new('&', Spacing::Alone))]);
    args.extend(["mut".parse::<TokenStream>().unwrap()]);
    args.extend([TokenTree::Group(Group::new(Delimiter::Bracket, holes))]);
    call.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, args))]);
    call
}

struct Out {
    text: String,
    holes: Vec<TokenStream>,
}

enum Kind {
    Object,
    Array,
    Str(String),
    Num(String),
    Word(char),
    Expr,
}

fn value_kind(toks: &[TokenTree]) -> Kind {
    match toks {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Brace => Kind::Object,
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => Kind::Array,
        [TokenTree::Ident(i)] => match i.to_string().as_str() {
            "null" => Kind::Word('n'),
            "true" => Kind::Word('t'),
            "false" => Kind::Word('f'),
            _ => Kind::Expr,
        },
        [TokenTree::Literal(l)] => literal_kind(&l.to_string(), false),
        [TokenTree::Punct(p), TokenTree::Literal(l)] if p.as_char() == '-' => literal_kind(&l.to_string(), true),
        _ => Kind::Expr,
    }
}

/// Strings and unsuffixed decimal numbers become text; anything else (suffixes, chars, byte strings, hex) is an
/// expression, so its type and value stay Rust's.
fn literal_kind(s: &str, neg: bool) -> Kind {
    if let Some(v) = unquote(s) {
        return if neg { Kind::Expr } else { Kind::Str(v) };
    }
    let digits: String = s.chars().filter(|&c| c != '_').collect();
    let is_int = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    // `1.5` and `2e3` (f64 in json!); a leading `0` followed by a digit is left to Rust (octal look-alikes).
    let is_float = !is_int
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'-' || b == b'+')
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && (digits.contains('.') || digits.contains('e') || digits.contains('E'))
        && !digits.ends_with('.');
    if is_int && (digits.len() == 1 || !digits.starts_with('0')) && digits.parse::<i32>().is_ok() {
        // json! gives an unsuffixed integer the type i32
        return Kind::Num(if neg { format!("-{digits}") } else { digits });
    }
    if is_float && digits.parse::<f64>().is_ok_and(f64::is_finite) {
        return Kind::Num(if neg { format!("-{digits}") } else { digits });
    }
    Kind::Expr
}

/// The value of a Rust string literal (`"..."` with escapes, or raw `r#"..."#`), None for anything else.
fn unquote(s: &str) -> Option<String> {
    if let Some(raw) = s.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes + 1..raw.len().checked_sub(hashes + 1)?)?;
        return Some(body.to_string());
    }
    let body = s.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut it = body.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            '0' => out.push('\0'),
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'x' => {
                let h: String = [it.next()?, it.next()?].iter().collect();
                out.push(char::from(u8::from_str_radix(&h, 16).ok()?));
            }
            'u' => {
                if it.next()? != '{' {
                    return None;
                }
                let mut h = String::new();
                loop {
                    match it.next()? {
                        '}' => break,
                        '_' => {}
                        d => h.push(d),
                    }
                }
                out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
            }
            // a line continuation: the newline and the next line's leading whitespace are dropped
            '\n' => {
                while it.peek().is_some_and(|c| c.is_whitespace()) {
                    it.next();
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

impl Out {
    fn value(&mut self, toks: &[TokenTree]) {
        match value_kind(toks) {
            Kind::Object => {
                let TokenTree::Group(g) = &toks[0] else { unreachable!() };
                self.object(g.stream())
            }
            Kind::Array => {
                let TokenTree::Group(g) = &toks[0] else { unreachable!() };
                self.text.push('[');
                for (i, item) in split_commas(g.stream()).iter().enumerate() {
                    if i > 0 {
                        self.text.push(',');
                    }
                    self.value(item);
                }
                self.text.push(']');
            }
            Kind::Str(s) => self.string(&s),
            Kind::Num(n) => self.text.push_str(&n),
            Kind::Word(c) => self.text.push(c),
            Kind::Expr => {
                self.text.push('@');
                self.holes.push(to_value(toks));
            }
        }
    }

    fn object(&mut self, stream: TokenStream) {
        self.text.push('{');
        for (i, entry) in split_commas(stream).iter().enumerate() {
            if i > 0 {
                self.text.push(',');
            }
            let colon = key_end(entry).unwrap_or_else(|| panic!("json!: expected `key: value` in an object"));
            let (key, value) = (&entry[..colon], &entry[colon + 1..]);
            match key {
                [TokenTree::Literal(l)] if unquote(&l.to_string()).is_some() => {
                    self.string(&unquote(&l.to_string()).unwrap())
                }
                _ => {
                    // serde_json: `($($key)+).into()` into the map's String key
                    self.text.push('@');
                    let mut s: TokenStream = "::serde_json::Value::String".parse().unwrap();
                    let mut inner: TokenStream = "::std::convert::Into::<::std::string::String>::into".parse().unwrap();
                    inner.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, key.iter().cloned().collect()))]);
                    s.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, inner))]);
                    self.holes.push(s);
                }
            }
            self.text.push(':');
            if value.is_empty() {
                panic!("json!: a key without a value");
            }
            self.value(value);
        }
        self.text.push('}');
    }

    fn string(&mut self, s: &str) {
        self.text.push('"');
        for c in s.chars() {
            if c == '"' || c == '\\' {
                self.text.push('\\');
            }
            self.text.push(c);
        }
        self.text.push('"');
    }
}

/// `::serde_json::to_value(&(EXPR)).unwrap()`, serde_json's expansion of an expression.
fn to_value(toks: &[TokenTree]) -> TokenStream {
    let mut s: TokenStream = "::serde_json::to_value".parse().unwrap();
    let mut arg = TokenStream::new();
    arg.extend([TokenTree::Punct(Punct::new('&', Spacing::Alone))]);
    arg.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, toks.iter().cloned().collect()))]);
    s.extend([TokenTree::Group(Group::new(Delimiter::Parenthesis, arg))]);
    s.extend(".unwrap()".parse::<TokenStream>().unwrap());
    s
}

/// Items between top-level commas (a trailing comma allowed). Commas inside generics (`f::<A, B>()`) are not
/// told apart, as in serde_json's object values.
fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for t in stream {
        match &t {
            TokenTree::Punct(p) if p.as_char() == ',' => items.push(Vec::new()),
            _ => items.last_mut().unwrap().push(t),
        }
    }
    if items.last().is_some_and(Vec::is_empty) {
        items.pop();
    }
    items
}

/// The `:` that ends a key: the first one that is not half of a `::`.
fn key_end(entry: &[TokenTree]) -> Option<usize> {
    let mut i = 0;
    while i < entry.len() {
        if let TokenTree::Punct(p) = &entry[i] {
            if p.as_char() == ':' {
                if p.spacing() == Spacing::Joint
                    && matches!(entry.get(i + 1), Some(TokenTree::Punct(q)) if q.as_char() == ':')
                {
                    i += 2;
                    continue;
                }
                return Some(i);
            }
        }
        i += 1;
    }
    None
}
