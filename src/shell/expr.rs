//! `expr` (GNU coreutils 9.1's expr.c): `|`, `&`, comparisons, `+ -`, `* / %`, `:` and the keywords `match`,
//! `substr`, `index`, `length`, `+ TOKEN`, each level binding tighter than the one before, as its eval..eval7.
//! Exit status 0 when the result is neither empty nor 0, 1 when it is, 2 for a bad expression. Integers are
//! 128-bit here (GNU's are unbounded). `:` anchors a basic regex at the string's start, read as grep reads it,
//! and takes the longest match there as POSIX does (`expr abc : 'a\|ab'` is 2).

use super::Io;

enum V {
    Int(i128),
    Str(String),
}

impl V {
    fn text(&self) -> String {
        match self {
            V::Int(n) => n.to_string(),
            V::Str(s) => s.clone(),
        }
    }

    /// expr.c's null(): an empty string or an integer zero, written `0`, `00` or `-0` too.
    fn null(&self) -> bool {
        match self {
            V::Int(n) => *n == 0,
            V::Str(s) => {
                let d = s.strip_prefix('-').unwrap_or(s);
                s.is_empty() || (!d.is_empty() && d.bytes().all(|b| b == b'0'))
            }
        }
    }

    fn int(&self) -> Option<i128> {
        match self {
            V::Int(n) => Some(*n),
            V::Str(s) if looks_like_integer(s) => s.parse().ok(),
            V::Str(_) => None,
        }
    }
}

/// An optional `-` and digits only (` 3` and `+3` are strings).
fn looks_like_integer(s: &str) -> bool {
    let d = s.strip_prefix('-').unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

/// coreutils' locale quoting under C.UTF-8, the terminal's locale.
fn q(s: &str) -> String {
    format!("\u{2018}{s}\u{2019}")
}

/// Parentheses and keywords deeper than this are refused (GNU recurses until its stack ends).
const MAX_DEPTH: usize = 200;

struct Expr<'a> {
    args: &'a [String],
    pos: usize,
    depth: usize,
}

type R = Result<V, String>;

impl Expr<'_> {
    fn more(&self) -> bool {
        self.pos < self.args.len()
    }

    fn next_is(&mut self, s: &str) -> bool {
        let hit = self.args.get(self.pos).is_some_and(|a| a == s);
        self.pos += hit as usize;
        hit
    }

    fn prev(&self) -> &str {
        self.pos.checked_sub(1).and_then(|i| self.args.get(i)).map_or("", |s| s.as_str())
    }

    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(format!("stsplay: expr: nesting deeper than {MAX_DEPTH} (the playground's limit)"));
        }
        Ok(())
    }

    /// `|`: the left value unless it is null, then the right one (0 when both are).
    fn or(&mut self, ev: bool) -> R {
        let mut l = self.and(ev)?;
        while self.next_is("|") {
            let r = self.and(ev && l.null())?;
            if l.null() {
                l = if r.null() { V::Int(0) } else { r };
            }
        }
        Ok(l)
    }

    /// `&`: the left value when neither is null, else 0.
    fn and(&mut self, ev: bool) -> R {
        let mut l = self.compare(ev)?;
        while self.next_is("&") {
            let r = self.compare(ev && !l.null())?;
            if l.null() || r.null() {
                l = V::Int(0);
            }
        }
        Ok(l)
    }

    /// Numbers compare as numbers when both sides are integers, else as strings (byte order, the C locale's).
    fn compare(&mut self, ev: bool) -> R {
        let mut l = self.sum(ev)?;
        loop {
            let Some(op) = ["<", "<=", "=", "==", "!=", ">=", ">"].into_iter().find(|o| self.next_is(o)) else {
                return Ok(l);
            };
            let r = self.sum(ev)?;
            if ev {
                let ord = match (l.int(), r.int()) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    _ => l.text().cmp(&r.text()),
                };
                let yes = match op {
                    "<" => ord.is_lt(),
                    "<=" => ord.is_le(),
                    "=" | "==" => ord.is_eq(),
                    "!=" => ord.is_ne(),
                    ">=" => ord.is_ge(),
                    _ => ord.is_gt(),
                };
                l = V::Int(yes as i128);
            }
        }
    }

    fn arith(&mut self, ev: bool, ops: [&str; 3], next: fn(&mut Self, bool) -> R) -> R {
        let mut l = next(self, ev)?;
        loop {
            let Some(op) = ops.into_iter().find(|o| !o.is_empty() && self.next_is(o)) else { return Ok(l) };
            let r = next(self, ev)?;
            if !ev {
                continue;
            }
            let (Some(a), Some(b)) = (l.int(), r.int()) else { return Err("non-integer argument".into()) };
            if matches!(op, "/" | "%") && b == 0 {
                return Err("division by zero".into());
            }
            let v = match op {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" => a.checked_div(b),
                _ => a.checked_rem(b),
            };
            l = V::Int(v.ok_or("stsplay: expr: result beyond 128 bits (GNU's integers are unbounded)")?);
        }
    }

    fn sum(&mut self, ev: bool) -> R {
        self.arith(ev, ["+", "-", ""], |e, ev| e.product(ev))
    }

    fn product(&mut self, ev: bool) -> R {
        self.arith(ev, ["*", "/", "%"], |e, ev| e.colon(ev))
    }

    fn colon(&mut self, ev: bool) -> R {
        let mut l = self.keyword(ev)?;
        while self.next_is(":") {
            let r = self.keyword(ev)?;
            if ev {
                l = matched(&l.text(), &r.text())?;
            }
        }
        Ok(l)
    }

    fn keyword(&mut self, ev: bool) -> R {
        self.deeper()?;
        let v = self.keyword_in(ev);
        self.depth -= 1;
        v
    }

    fn keyword_in(&mut self, ev: bool) -> R {
        if self.next_is("+") {
            if !self.more() {
                return Err(format!("syntax error: missing argument after {}", q("+")));
            }
            self.pos += 1;
            return Ok(V::Str(self.prev().to_string()));
        }
        if self.next_is("length") {
            let s = self.keyword(ev)?.text();
            return Ok(V::Int(s.chars().count() as i128));
        }
        if self.next_is("match") {
            let (l, r) = (self.keyword(ev)?, self.keyword(ev)?);
            return if ev { matched(&l.text(), &r.text()) } else { Ok(V::Int(0)) };
        }
        if self.next_is("index") {
            let (l, r) = (self.keyword(ev)?.text(), self.keyword(ev)?.text());
            let at = l.chars().position(|c| r.contains(c)).map_or(0, |i| i + 1);
            return Ok(V::Int(at as i128));
        }
        if self.next_is("substr") {
            let (s, from, len) = (self.keyword(ev)?.text(), self.keyword(ev)?, self.keyword(ev)?);
            let text = match (from.int(), len.int()) {
                (Some(f), Some(n)) if f > 0 && n > 0 => {
                    let f = usize::try_from(f - 1).unwrap_or(usize::MAX);
                    s.chars().skip(f).take(usize::try_from(n).unwrap_or(usize::MAX)).collect()
                }
                _ => String::new(),
            };
            return Ok(V::Str(text));
        }
        self.operand(ev)
    }

    fn operand(&mut self, ev: bool) -> R {
        if !self.more() {
            return Err(format!("syntax error: missing argument after {}", q(self.prev())));
        }
        if self.next_is("(") {
            let v = self.or(ev)?;
            if !self.more() {
                return Err(format!("syntax error: expecting ')' after {}", q(self.prev())));
            }
            if !self.next_is(")") {
                return Err(format!("syntax error: expecting ')' instead of {}", q(&self.args[self.pos])));
            }
            return Ok(v);
        }
        if self.next_is(")") {
            return Err("syntax error: unexpected ')'".into());
        }
        self.pos += 1;
        Ok(V::Str(self.prev().to_string()))
    }
}

/// `STRING : REGEX`: with a `\(...\)` group the text it matched (empty when none), else how many characters
/// matched from the string's start.
fn matched(s: &str, pat: &str) -> R {
    let Some(re) = crate::cluster::exec::grep_matcher(pat, false, false, false) else {
        let (open, close) = (pat.matches("\\(").count(), pat.matches("\\)").count());
        return Err(match open.cmp(&close) {
            std::cmp::Ordering::Greater => "Unmatched ( or \\(",
            std::cmp::Ordering::Less => "Unmatched ) or \\)",
            std::cmp::Ordering::Equal => "Invalid regular expression",
        }
        .into());
    };
    // POSIX's longest match from the start, where the regex engine takes the first alternative that matches:
    // the longest prefix the whole pattern matches (quadratic, so only for strings of a line's length)
    let whole = regex_lite::Regex::new(&format!("^(?:{})$", re.as_str())).ok().filter(|_| s.len() <= 4096);
    let longest = whole.and_then(|w| {
        let ends = s.char_indices().map(|(i, _)| i).chain([s.len()]).rev();
        ends.into_iter().find_map(|end| w.captures(&s[..end]))
    });
    let caps = longest.or_else(|| re.captures(s).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)));
    Ok(if re.captures_len() > 1 {
        V::Str(caps.and_then(|c| c.get(1)).map_or("", |m| m.as_str()).to_string())
    } else {
        V::Int(caps.and_then(|c| c.get(0)).map_or(0, |m| m.as_str().chars().count()) as i128)
    })
}

pub fn run(args: &[String]) -> Io {
    let args = if args.first().is_some_and(|a| a == "--") { &args[1..] } else { args };
    if args.is_empty() {
        return Io::fail(2, "expr: missing operand\nTry 'expr --help' for more information.\n");
    }
    let mut e = Expr { args, pos: 0, depth: 0 };
    let v = match e.or(true) {
        Ok(_) if e.more() => Err(format!("syntax error: unexpected argument {}", q(&args[e.pos]))),
        v => v,
    };
    match v {
        Ok(v) => Io { code: v.null() as i32, ..Io::ok(format!("{}\n", v.text())) },
        Err(m) if m.starts_with("stsplay:") => Io::fail(2, format!("{m}\n")),
        Err(m) => Io::fail(2, format!("expr: {m}\n")),
    }
}
