//! `--set`, `--set-string`, `--set-json`, `--set-file` and `--set-literal`: a port of Helm's `pkg/strvals`
//! parsers (same grammar, same type inference, same error texts). Values live in a `serde_json::Value` tree standing for Go's `map[string]any`; integers
//! from `--set` are int64 (serde_json i64), numbers from YAML are float64 (serde_json f64).

use super::gofmt::quote as go_quote;
use serde_json::{Map, Value};

/// Helm's limits (`MaxIndex`, `MaxNestedNameLevel`), plus a nesting bound for `a[0][0]...` that Helm lacks.
const MAX_INDEX: i64 = 65536;
const MAX_NESTED_NAME_LEVEL: usize = 30;
const MAX_LIST_NESTING: usize = 200;

enum Stop {
    Eof,
    Err(String),
}

type R<T> = Result<T, Stop>;

/// Go's name for the dynamic type of a value, as a failed type assertion prints it.
fn go_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "nil",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        Value::String(_) => "string",
        Value::Array(_) => "[]interface {}",
        Value::Object(_) => "map[string]interface {}",
    }
}

fn conversion_panic(v: &Value, want: &str) -> Stop {
    Stop::Err(format!("unable to parse key: interface conversion: interface {{}} is {}, not {want}", go_type(v)))
}

/// How a value after `=` is read: `typedVal` (`--set`, or strings for `--set-string`), one JSON value
/// (`--set-json`), or the contents of the file it names (`--set-file`).
enum Mode<'a> {
    Typed {
        string_only: bool,
    },
    Json,
    File(&'a dyn Fn(&str) -> Result<String, String>),
    /// `--set-literal` (Helm's separate `literalParser`): no `\\` escapes, no `,` between pairs, no `{..}`
    /// lists; everything after `=` is the string.
    Literal,
}

struct Parser<'a> {
    chars: Vec<char>,
    pos: usize,
    mode: Mode<'a>,
}

impl Parser<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }
    fn unread(&mut self) {
        self.pos -= 1;
    }

    /// `runesUntil`: runes up to a stop rune (consumed), with `\x` taking x literally.
    fn until(&mut self, stop: &[char]) -> (String, Option<char>) {
        let mut v = String::new();
        loop {
            match self.read() {
                None => return (v, None),
                Some(c) if stop.contains(&c) => return (v, Some(c)),
                Some('\\') if !matches!(self.mode, Mode::Literal) => match self.read() {
                    None => return (v, None),
                    Some(n) => v.push(n),
                },
                Some(c) => v.push(c),
            }
        }
    }

    /// The parser's `reader`: `typedVal` for `--set`/`--set-string`, a file's contents for `--set-file`.
    fn read_value(&self, v: String) -> Result<Value, Stop> {
        match self.mode {
            Mode::File(read) => read(&v).map(Value::String).map_err(Stop::Err),
            Mode::Typed { string_only: true } => Ok(Value::String(v)),
            _ => Ok(typed(v)),
        }
    }

    /// `emptyVal`: blanks up to a comma or the end mean no value (both consumed); anything else stays.
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    /// `--set-json`'s value: one JSON value decoded from here (Go's `json.Decoder`, numbers as float64),
    /// then blanks and one comma skipped. `None` for an empty value (`a=`, JSON null in Go's map).
    fn json_val(&mut self) -> Result<Value, Stop> {
        if self.empty_val() {
            return Ok(Value::Null);
        }
        let rest: String = self.chars[self.pos..].iter().collect();
        let mut stream = serde_json::Deserializer::from_str(&rest).into_iter::<Value>();
        let v = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) => return Err(Stop::Err(e.to_string())),
            None => return Err(Stop::Err("unexpected end of JSON input".into())),
        };
        let used = rest[..stream.byte_offset()].chars().count();
        self.pos += used;
        self.empty_val();
        Ok(float64s(v))
    }
}

/// Every JSON number decoded into `any` is a float64.
fn float64s(v: Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null),
        Value::Array(a) => Value::Array(a.into_iter().map(float64s).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, float64s(v))).collect()),
        other => other,
    }
}

/// `typedVal`: true/false/null (any case), "0", base-10 int64 without a leading 0, else a string.
fn typed(v: String) -> Value {
    if v.eq_ignore_ascii_case("true") {
        return Value::Bool(true);
    }
    if v.eq_ignore_ascii_case("false") {
        return Value::Bool(false);
    }
    if v.eq_ignore_ascii_case("null") {
        return Value::Null;
    }
    if v == "0" {
        return Value::from(0i64);
    }
    if !v.is_empty() && !v.starts_with('0') {
        if let Some(i) = go_parse_int10(&v) {
            return Value::from(i);
        }
    }
    Value::String(v)
}

impl Parser<'_> {
    /// The rest of the input, as `--set-literal` takes a value.
    fn rest(&mut self) -> String {
        let v = self.chars[self.pos..].iter().collect();
        self.pos = self.chars.len();
        v
    }

    fn key(&mut self, data: &mut Map<String, Value>, mut level: usize) -> R<()> {
        let stops: &[char] = if matches!(self.mode, Mode::Literal) { &['=', '[', '.'] } else { &['=', '[', ',', '.'] };
        let (k, last) = self.until(stops);
        match last {
            None => {
                if k.is_empty() {
                    return Err(Stop::Eof);
                }
                Err(Stop::Err(format!("key {} has no value", go_quote(&k))))
            }
            Some('[') => {
                let i = self.key_index().map_err(|e| match e {
                    Stop::Err(m) => Stop::Err(format!("error parsing index: {m}")),
                    Stop::Eof => Stop::Eof,
                })?;
                let list = match data.get(&k) {
                    None => vec![],
                    Some(Value::Array(a)) => a.clone(),
                    Some(other) => return Err(conversion_panic(other, "[]interface {}")),
                };
                let (list, r) = self.list_item(list, i, level, 0);
                set(data, &k, Value::Array(list));
                r
            }
            Some('=') if matches!(self.mode, Mode::Literal) => {
                let v = self.rest();
                set(data, &k, Value::String(v));
                Ok(())
            }
            Some('=') if matches!(self.mode, Mode::Json) => {
                let v = self.json_val()?;
                set(data, &k, v);
                Ok(())
            }
            Some('=') => match self.val_list() {
                Ok(vl) => {
                    set(data, &k, Value::Array(vl));
                    Ok(())
                }
                Err(ListErr::Eof) => {
                    set(data, &k, Value::String(String::new()));
                    Err(Stop::Eof)
                }
                Err(ListErr::NotList) => {
                    let (rs, _) = self.until(&[',']);
                    let v = self.read_value(rs)?;
                    set(data, &k, v);
                    Ok(())
                }
                Err(ListErr::Msg(m)) => Err(Stop::Err(m)),
            },
            Some(',') => {
                set(data, &k, Value::String(String::new()));
                Err(Stop::Err(format!("key {} has no value (cannot end with ,)", go_quote(&k))))
            }
            _ => {
                level += 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(Stop::Err(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    )));
                }
                let mut inner = match data.get(&k) {
                    None => Map::new(),
                    Some(Value::Object(m)) => m.clone(),
                    Some(other) => return Err(conversion_panic(other, "map[string]interface {}")),
                };
                let e = self.key(&mut inner, level);
                if e.is_ok() && inner.is_empty() {
                    return Err(Stop::Err(format!("key map {} has no value", go_quote(&k))));
                }
                if !inner.is_empty() {
                    set(data, &k, Value::Object(inner));
                }
                e
            }
        }
    }

    fn key_index(&mut self) -> R<i64> {
        let (v, last) = self.until(&[']']);
        if last.is_none() {
            return Err(Stop::Eof);
        }
        go_atoi(&v).map_err(Stop::Err)
    }

    fn list_item(&mut self, mut list: Vec<Value>, i: i64, level: usize, depth: usize) -> (Vec<Value>, R<()>) {
        if i < 0 {
            return (list, Err(Stop::Err(format!("negative {i} index not allowed"))));
        }
        if depth > MAX_LIST_NESTING {
            return (list, Err(Stop::Err(format!("list nesting is deeper than {MAX_LIST_NESTING}"))));
        }
        let (k, last) = self.until(&['[', '.', '=']);
        if !k.is_empty() {
            // Go formats the []rune with %q: each rune quoted, space-separated, in brackets.
            let runes: Vec<String> =
                k.chars().map(|c| format!("'{}'", if c == '\'' { "\\'".into() } else { c.to_string() })).collect();
            return (list, Err(Stop::Err(format!("unexpected data at end of array index: [{}]", runes.join(" ")))));
        }
        match last {
            None => (list, Err(Stop::Eof)),
            Some('=') if matches!(self.mode, Mode::Literal) => {
                let v = self.rest();
                set_index(list, i, Value::String(v))
            }
            Some('=') if matches!(self.mode, Mode::Json) => match self.json_val() {
                Ok(v) => set_index(list, i, v),
                Err(e) => (list, Err(e)),
            },
            Some('=') => match self.val_list() {
                Ok(vl) => set_index(list, i, Value::Array(vl)),
                Err(ListErr::Eof) => set_index(list, i, Value::String(String::new())),
                Err(ListErr::NotList) => {
                    let (rs, _) = self.until(&[',']);
                    match self.read_value(rs) {
                        Ok(v) => set_index(list, i, v),
                        Err(e) => (list, Err(e)),
                    }
                }
                Err(ListErr::Msg(m)) => (list, Err(Stop::Err(m))),
            },
            Some('[') => {
                let next = match self.key_index() {
                    Ok(n) => n,
                    Err(Stop::Err(m)) => return (list, Err(Stop::Err(format!("error parsing index: {m}")))),
                    Err(Stop::Eof) => return (list, Err(Stop::Eof)),
                };
                let crt = match list.get(i as usize) {
                    Some(Value::Array(a)) => a.clone(),
                    Some(Value::Null) | None => vec![],
                    Some(other) => {
                        let e = conversion_panic(other, "[]interface {}");
                        return (list, Err(e));
                    }
                };
                let (l2, r) = self.list_item(crt, next, level, depth + 1);
                if r.is_err() {
                    return (list, r);
                }
                set_index(list, i, Value::Array(l2))
            }
            _ => {
                let mut inner = match list.get(i as usize) {
                    Some(Value::Object(m)) => m.clone(),
                    Some(_) => {
                        list[i as usize] = Value::Object(Map::new());
                        Map::new()
                    }
                    None => Map::new(),
                };
                if let Err(e) = self.key(&mut inner, level) {
                    return (list, Err(e));
                }
                set_index(list, i, Value::Object(inner))
            }
        }
    }

    fn val_list(&mut self) -> Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread();
                return Err(ListErr::NotList);
            }
        }
        let mut list = vec![];
        loop {
            let (rs, last) = self.until(&[',', '}']);
            match last {
                None => return Err(ListErr::Msg("list must terminate with '}'".into())),
                Some('}') => {
                    if let Some(c) = self.read() {
                        if c != ',' {
                            self.unread();
                        }
                    }
                    return match self.read_value(rs) {
                        Ok(v) => {
                            list.push(v);
                            Ok(list)
                        }
                        Err(Stop::Err(m)) => Err(ListErr::Msg(m)),
                        Err(Stop::Eof) => Err(ListErr::Eof),
                    };
                }
                _ => match self.read_value(rs) {
                    Ok(v) => list.push(v),
                    Err(Stop::Err(m)) => return Err(ListErr::Msg(m)),
                    Err(Stop::Eof) => return Err(ListErr::Eof),
                },
            }
        }
    }
}

enum ListErr {
    Eof,
    NotList,
    Msg(String),
}

fn set(data: &mut Map<String, Value>, key: &str, val: Value) {
    if !key.is_empty() {
        data.insert(key.to_string(), val);
    }
}

fn set_index(mut list: Vec<Value>, index: i64, val: Value) -> (Vec<Value>, R<()>) {
    if index < 0 {
        return (list, Err(Stop::Err(format!("negative {index} index not allowed"))));
    }
    if index > MAX_INDEX {
        return (
            list,
            Err(Stop::Err(format!("index of {index} is greater than maximum supported index of {MAX_INDEX}"))),
        );
    }
    let i = index as usize;
    if list.len() <= i {
        list.resize(i + 1, Value::Null);
    }
    list[i] = val;
    (list, Ok(()))
}

/// `strconv.ParseInt(s, 10, 64)`.
fn go_parse_int10(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse().ok()
}

/// `strconv.Atoi` with its error text.
fn go_atoi(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("strconv.Atoi: parsing {}: invalid syntax", go_quote(s)));
    }
    s.strip_prefix('+')
        .unwrap_or(s)
        .parse()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", go_quote(s)))
}

/// `strvals.ParseInto` (`string_only` = false) / `ParseIntoString` (true): applies one `--set` argument to
/// `dest`. The error is the strvals error text.
pub fn parse_into(s: &str, dest: &mut Map<String, Value>, string_only: bool) -> Result<(), String> {
    run(Parser { chars: s.chars().collect(), pos: 0, mode: Mode::Typed { string_only } }, dest)
}

/// `strvals.ParseJSON`: `key=JSON` pairs (`--set-json` when the argument is not a JSON object).
pub fn parse_json(s: &str, dest: &mut Map<String, Value>) -> Result<(), String> {
    run(Parser { chars: s.chars().collect(), pos: 0, mode: Mode::Json }, dest)
}

/// `strvals.ParseIntoFile`: `key=PATH` pairs, each value the contents of the file `read` returns.
pub fn parse_file(
    s: &str,
    dest: &mut Map<String, Value>,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<(), String> {
    run(Parser { chars: s.chars().collect(), pos: 0, mode: Mode::File(read) }, dest)
}

/// `strvals.ParseLiteralInto`: one `key=rest of the argument`, the value always a string.
pub fn parse_literal(s: &str, dest: &mut Map<String, Value>) -> Result<(), String> {
    run(Parser { chars: s.chars().collect(), pos: 0, mode: Mode::Literal }, dest)
}

fn run(mut p: Parser, dest: &mut Map<String, Value>) -> Result<(), String> {
    loop {
        match p.key(dest, 0) {
            Ok(()) => {}
            Err(Stop::Eof) => return Ok(()),
            Err(Stop::Err(m)) => return Err(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn set(s: &str) -> Result<Value, String> {
        let mut m = Map::new();
        parse_into(s, &mut m, false).map(|_| Value::Object(m))
    }

    #[test]
    fn helm_strvals_cases() {
        // From helm's pkg/strvals parser_test.go expectations.
        assert_eq!(set("name=value").unwrap(), json!({"name": "value"}));
        assert_eq!(set("long_int_string=1234567890").unwrap(), json!({"long_int_string": 1234567890}));
        assert_eq!(set("boolean=true").unwrap(), json!({"boolean": true}));
        assert_eq!(set("is_null=null").unwrap(), json!({"is_null": null}));
        assert_eq!(set("zero=0").unwrap(), json!({"zero": 0}));
        assert_eq!(set("leading_zeros=00009").unwrap(), json!({"leading_zeros": "00009"}));
        assert_eq!(set("name1=value1,name2=value2").unwrap(), json!({"name1": "value1", "name2": "value2"}));
        assert_eq!(set("name1=,name2=value2").unwrap(), json!({"name1": "", "name2": "value2"}));
        assert_eq!(
            set("name1=one\\,two,name2=three\\,four").unwrap(),
            json!({"name1": "one,two", "name2": "three,four"})
        );
        assert_eq!(set("outer.inner=value").unwrap(), json!({"outer": {"inner": "value"}}));
        assert_eq!(
            set("outer.inner1=value,outer.inner2=value2").unwrap(),
            json!({"outer": {"inner1": "value", "inner2": "value2"}})
        );
        assert_eq!(set("name1.name2=").unwrap(), json!({"name1": {"name2": ""}}));
        assert_eq!(set("list={one,two,three}").unwrap(), json!({"list": ["one", "two", "three"]}));
        assert_eq!(set("list[0]=foo").unwrap(), json!({"list": ["foo"]}));
        assert_eq!(
            set("list[0].foo=bar,list[0].hello=world").unwrap(),
            json!({"list": [{"foo": "bar", "hello": "world"}]})
        );
        assert_eq!(set("list[2]=foo").unwrap(), json!({"list": [null, null, "foo"]}));
        assert_eq!(set("nested[0][0]=1").unwrap(), json!({"nested": [[1]]}));
        assert_eq!(set("a\\.b=c").unwrap(), json!({"a.b": "c"}));
        assert_eq!(set("name").unwrap_err(), "key \"name\" has no value");
        assert_eq!(set("name1,name2=").unwrap_err(), "key \"name1\" has no value (cannot end with ,)");
        assert_eq!(set("name1.=name2").unwrap_err(), "key map \"name1\" has no value");
        assert_eq!(
            set("list[1.5]=x").unwrap_err(),
            "error parsing index: strconv.Atoi: parsing \"1.5\": invalid syntax"
        );
        assert_eq!(set("list[-1]=x").unwrap_err(), "negative -1 index not allowed");
        assert_eq!(set("list={1,2").unwrap_err(), "list must terminate with '}'");
        assert_eq!(
            set("a=1,a.b=2").unwrap_err(),
            "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"
        );
        assert_eq!(set("list[0]x=1").unwrap_err(), "unexpected data at end of array index: ['x']");
        let mut m = Map::new();
        parse_into("a=1,b=true", &mut m, true).unwrap();
        assert_eq!(Value::Object(m), json!({"a": "1", "b": "true"}));
    }
}
