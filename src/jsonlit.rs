//! The runtime half of `json!` (the `stsplay-macros` crate): reads the text the macro wrote for the literal part of
//! a JSON tree and puts the Rust expressions' values (`holes`, in source order) where it says `@`. The text is
//! written by the macro, never by a user, so it is trusted: no errors, no limits.

use serde_json::{Map, Value};

pub fn build(text: &str, holes: &mut [Value]) -> Value {
    let mut r = Reader { b: text.as_bytes(), i: 0, holes, next: 0 };
    r.value()
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    holes: &'a mut [Value],
    next: usize,
}

impl Reader<'_> {
    fn value(&mut self) -> Value {
        let c = self.b[self.i];
        self.i += 1;
        match c {
            b'{' => {
                let mut m = Map::new();
                if self.b[self.i] == b'}' {
                    self.i += 1;
                    return Value::Object(m);
                }
                loop {
                    let key = match self.value() {
                        Value::String(k) => k,
                        _ => unreachable!("json! keys are strings"),
                    };
                    self.i += 1; // ':'
                    let v = self.value();
                    m.insert(key, v);
                    let c = self.b[self.i];
                    self.i += 1;
                    if c == b'}' {
                        return Value::Object(m);
                    }
                }
            }
            b'[' => {
                let mut a = Vec::new();
                if self.b[self.i] == b']' {
                    self.i += 1;
                    return Value::Array(a);
                }
                loop {
                    a.push(self.value());
                    let c = self.b[self.i];
                    self.i += 1;
                    if c == b']' {
                        return Value::Array(a);
                    }
                }
            }
            b'"' => {
                let start = self.i;
                let mut escaped = false;
                while self.b[self.i] != b'"' {
                    escaped |= self.b[self.i] == b'\\';
                    self.i += 1 + (self.b[self.i] == b'\\') as usize;
                }
                let raw = &self.b[start..self.i];
                self.i += 1;
                let s = if escaped {
                    let mut v = Vec::with_capacity(raw.len());
                    let mut j = 0;
                    while j < raw.len() {
                        j += (raw[j] == b'\\') as usize;
                        v.push(raw[j]);
                        j += 1;
                    }
                    v
                } else {
                    raw.to_vec()
                };
                // the macro wrote the bytes of Rust string literals, so they are UTF-8
                Value::String(String::from_utf8(s).unwrap_or_default())
            }
            b'@' => {
                self.next += 1;
                std::mem::take(&mut self.holes[self.next - 1])
            }
            b't' => Value::Bool(true),
            b'f' => Value::Bool(false),
            b'n' => Value::Null,
            _ => {
                let start = self.i - 1;
                while self.i < self.b.len() && !matches!(self.b[self.i], b',' | b'}' | b']') {
                    self.i += 1;
                }
                // both written by the macro from Rust literals it checked: an i32 or a finite f64
                let n = std::str::from_utf8(&self.b[start..self.i]).unwrap_or_default();
                if n.contains(['.', 'e', 'E']) {
                    Value::from(n.parse::<f64>().unwrap_or_default())
                } else {
                    Value::from(n.parse::<i64>().unwrap_or_default())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// Each case through both macros: equal values and the same text (key order included).
    macro_rules! same {
        ($($t:tt)+) => {{
            let ours = crate::json!($($t)+);
            let theirs = serde_json::json!($($t)+);
            assert_eq!(ours, theirs);
            assert_eq!(ours.to_string(), theirs.to_string());
        }};
    }

    #[test]
    fn equals_serde_json_macro() {
        let name = "web-0";
        let key = String::from("k");
        let n = 7u64;
        let t = |x: i64| format!("t{x}");
        same!(null);
        same!(true);
        same!("plain");
        same!(n);
        same!(-3);
        same!(1.5);
        same!(-2.5e3);
        same!(2_000_001_000);
        same!([]);
        same!({});
        same!({"a": 1, "b": [1, "x", null, true, false, {"c": {}}], "d": -1, "e": 0.25,});
        same!({"z": 1, "a": 2, "z": 3});
        same!({"q": "say \"hi\" \\ \n tab\t é \u{1F600} \x41", "r": r#"raw "x" \n"#});
        same!({"name": name, "n": n, "t": t(-5), "expr": n + 1, "neg": -(n as i64), "s": format!("{name}:{}", n)});
        same!({(&key): 1, (key.clone() + "2"): [name, name], name: {"x": std::iter::repeat_n(1, 2).collect::<Vec<_>>()}});
        same!({"path": std::path::MAIN_SEPARATOR_STR, "c": 'x', "u": 3u8, "f": 1f32, "big": 4_000_000_000u64});
        same!({"line": "a\
                 b", "nested": [[1, [2, [3]]], {"k": [{"v": name}]}]});
    }
}
