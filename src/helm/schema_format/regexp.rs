//! Format `regex`: whether Go's `regexp.Compile` (regexp/syntax `parse.go`, Perl flags) accepts a pattern, and
//! its error text if not. Only the parser's decisions that can fail are mirrored: what sits on the parse stack
//! (operands, `(` and `|` markers), the last repetition operator, and each operand's nested `{n,m}` counts
//! for `repeatIsValid`, and a lower bound of each operand's tree height (captures and repetitions; Go's concat
//! and alternation nodes, which its parser may merge away, are not counted) for "expression nests too deeply".
//! Not mirrored: "expression too large" (Go's limit of 3.3 million compiled instructions, which real Helm already
//! applies to `(` + 4,000 literal characters + `){1000}`; accepted here), and a height over 1000 that only Go's
//! uncounted nodes would reach.

const MAX_REPEAT: i64 = 1000;
/// parse.go `maxHeight`.
const MAX_HEIGHT: u32 = 1000;

/// A counted repetition inside an operand: its count (max, or min when unbounded) and the ones below it.
struct Rep {
    min: i64,
    max: i64,
    subs: Vec<Rep>,
}

enum Item {
    /// The counted repetitions inside, and the least height Go's tree for it can have.
    Operand(Vec<Rep>, u32),
    /// Whether the group captures (a capture node adds a level; `(?:` does not).
    LeftParen(bool),
    Bar,
}

struct SyntaxError(&'static str, String);

pub fn compile_error(s: &str) -> Result<(), String> {
    Parser { s, stack: Vec::new() }
        .parse()
        .map_err(|SyntaxError(code, expr)| format!("error parsing regexp: {code}: `{expr}`"))
}

const INVALID_CHAR_RANGE: &str = "invalid character class range";
const INVALID_ESCAPE: &str = "invalid escape sequence";
const INVALID_NAMED_CAPTURE: &str = "invalid named capture";
const INVALID_PERL_OP: &str = "invalid or unsupported Perl syntax";
const INVALID_REPEAT_OP: &str = "invalid nested repetition operator";
const INVALID_REPEAT_SIZE: &str = "invalid repeat count";
const MISSING_BRACKET: &str = "missing closing ]";
const MISSING_PAREN: &str = "missing closing )";
const NESTING_DEPTH: &str = "expression nests too deeply";
const MISSING_REPEAT_ARGUMENT: &str = "missing argument to repetition operator";
const TRAILING_BACKSLASH: &str = "trailing backslash at end of expression";
const UNEXPECTED_PAREN: &str = "unexpected )";

/// `repeatIsValid`: the product of nested counts stays within `n` copies of the innermost thing.
fn repeat_is_valid(reps: &[Rep], n: i64) -> bool {
    reps.iter().all(|r| {
        if r.max == 0 {
            return true;
        }
        let m = if r.max < 0 { r.min } else { r.max };
        if m > n {
            return false;
        }
        repeat_is_valid(&r.subs, if m > 0 { n / m } else { n })
    })
}

/// POSIX classes `[:name:]` (perl_groups.go).
const POSIX: [&str; 14] = [
    "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "word",
    "xdigit",
];

/// `unicodeTable`'s names, compared after `canonicalName`: general categories and their aliases, then the
/// scripts of the Unicode version Helm 4.3.1's Go carries (checked against real Helm: the Unicode 16/17 scripts
/// but Chisoi are known).
const UNICODE_NAMES: &[&str] = &[
    "Any",
    "Assigned",
    "ASCII",
    "LC",
    "C",
    "Cc",
    "Cf",
    "Cn",
    "Co",
    "Cs",
    "L",
    "Ll",
    "Lm",
    "Lo",
    "Lt",
    "Lu",
    "M",
    "Mc",
    "Me",
    "Mn",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Pe",
    "Pf",
    "Pi",
    "Po",
    "Ps",
    "S",
    "Sc",
    "Sk",
    "Sm",
    "So",
    "Z",
    "Zl",
    "Zp",
    "Zs",
    "Cased_Letter",
    "Close_Punctuation",
    "Combining_Mark",
    "Connector_Punctuation",
    "Control",
    "Currency_Symbol",
    "Dash_Punctuation",
    "Decimal_Number",
    "Enclosing_Mark",
    "Final_Punctuation",
    "Format",
    "Initial_Punctuation",
    "Letter",
    "Letter_Number",
    "Line_Separator",
    "Lowercase_Letter",
    "Mark",
    "Math_Symbol",
    "Modifier_Letter",
    "Modifier_Symbol",
    "Nonspacing_Mark",
    "Number",
    "Open_Punctuation",
    "Other",
    "Other_Letter",
    "Other_Number",
    "Other_Punctuation",
    "Other_Symbol",
    "Paragraph_Separator",
    "Private_Use",
    "Punctuation",
    "Separator",
    "Space_Separator",
    "Spacing_Mark",
    "Surrogate",
    "Symbol",
    "Titlecase_Letter",
    "Unassigned",
    "Uppercase_Letter",
    "cntrl",
    "digit",
    "punct", // scripts:
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Beria_Erfe",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Garay",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Gurung_Khema",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Kirat_Rai",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Ol_Onal",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "Sidetic",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Sunuwar",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Tai_Yo",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Todhri",
    "Tolong_Siki",
    "Toto",
    "Tulu_Tigalari",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

/// `canonicalName`: first letter upper, the rest lower, without `_`, `-` and spaces.
fn canonical(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().filter(|c| !matches!(c, '_' | '-' | ' ')) {
        if out.is_empty() {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

fn is_unicode_name(name: &str) -> bool {
    let c = canonical(name);
    UNICODE_NAMES.iter().any(|n| canonical(n) == c)
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

fn next_char(t: &str) -> Option<(char, &str)> {
    let c = t.chars().next()?;
    Some((c, &t[c.len_utf8()..]))
}

struct Parser<'a> {
    s: &'a str,
    stack: Vec<Item>,
}

impl<'a> Parser<'a> {
    /// The text of `s` from suffix `from` up to suffix `to` (Go's `before[:len(before)-len(after)]`).
    fn span(&self, from: &str, to: &str) -> String {
        from[..from.len() - to.len()].to_string()
    }

    fn operand(&mut self) {
        self.stack.push(Item::Operand(Vec::new(), 1));
    }

    /// `checkHeight`: the whole expression is the error's text.
    fn check_height(&self, height: u32) -> Result<(), SyntaxError> {
        if height > MAX_HEIGHT {
            return Err(SyntaxError(NESTING_DEPTH, self.s.into()));
        }
        Ok(())
    }

    /// `concat`/`alternate` down to the topmost `(`: everything above it becomes one operand.
    fn collapse(&mut self, keep_bars: bool) {
        let (mut reps, mut height) = (Vec::new(), 1);
        while let Some(top) = self.stack.last() {
            match top {
                Item::LeftParen(_) => break,
                Item::Bar if keep_bars => break,
                _ => {}
            }
            if let Some(Item::Operand(r, h)) = self.stack.pop() {
                reps.extend(r);
                height = height.max(h);
            }
        }
        self.stack.push(Item::Operand(reps, height));
    }

    fn parse(&mut self) -> Result<(), SyntaxError> {
        let s = self.s;
        let mut t = s;
        let mut last_repeat: &str = "";
        while !t.is_empty() {
            let mut repeat: &str = "";
            match t.as_bytes()[0] {
                b'(' => {
                    if t.as_bytes().get(1) == Some(&b'?') {
                        t = self.perl_flags(t)?;
                    } else {
                        self.stack.push(Item::LeftParen(true));
                        t = &t[1..];
                    }
                }
                b'|' => {
                    self.collapse(true);
                    self.stack.push(Item::Bar);
                    t = &t[1..];
                }
                b')' => {
                    if !self.stack.iter().any(|i| matches!(i, Item::LeftParen(_))) {
                        return Err(SyntaxError(UNEXPECTED_PAREN, s.into()));
                    }
                    self.collapse(false);
                    let (reps, mut height) = match self.stack.pop() {
                        Some(Item::Operand(r, h)) => (r, h),
                        _ => (Vec::new(), 1),
                    };
                    if let Some(Item::LeftParen(true)) = self.stack.pop() {
                        height += 1;
                        self.check_height(height)?;
                    }
                    self.stack.push(Item::Operand(reps, height));
                    t = &t[1..];
                }
                b'^' | b'$' | b'.' => {
                    self.operand();
                    t = &t[1..];
                }
                b'[' => t = self.class(t)?,
                b'*' | b'+' | b'?' => {
                    let before = t;
                    t = self.repeat(None, before, &t[1..], last_repeat)?;
                    repeat = before;
                }
                b'{' => {
                    let before = t;
                    match parse_repeat(t) {
                        None => {
                            self.operand();
                            t = &t[1..];
                        }
                        Some((min, max, after)) => {
                            if !(0..=MAX_REPEAT).contains(&min) || max > MAX_REPEAT || (max >= 0 && min > max) {
                                return Err(SyntaxError(INVALID_REPEAT_SIZE, self.span(before, after)));
                            }
                            t = self.repeat(Some((min, max)), before, after, last_repeat)?;
                            repeat = before;
                        }
                    }
                }
                b'\\' => t = self.backslash(t)?,
                _ => {
                    let (_, rest) = next_char(t).unwrap_or(('\0', ""));
                    self.operand();
                    t = rest;
                }
            }
            last_repeat = repeat;
        }
        self.collapse(false);
        if self.stack.len() != 1 {
            return Err(SyntaxError(MISSING_PAREN, s.into()));
        }
        Ok(())
    }

    /// `repeat`: `*`, `+`, `?` (counts None) or `{min,max}` on the operand on top of the stack.
    fn repeat(
        &mut self,
        counts: Option<(i64, i64)>,
        before: &'a str,
        after: &'a str,
        last_repeat: &'a str,
    ) -> Result<&'a str, SyntaxError> {
        let after = after.strip_prefix('?').unwrap_or(after);
        if !last_repeat.is_empty() {
            return Err(SyntaxError(INVALID_REPEAT_OP, self.span(last_repeat, after)));
        }
        let Some(Item::Operand(sub, height)) = self.stack.pop() else {
            return Err(SyntaxError(MISSING_REPEAT_ARGUMENT, self.span(before, after)));
        };
        self.check_height(height + 1)?;
        match counts {
            None => self.stack.push(Item::Operand(sub, height + 1)),
            Some((min, max)) => {
                let reps = vec![Rep { min, max, subs: sub }];
                let valid = !(min >= 2 || max >= 2) || repeat_is_valid(&reps, MAX_REPEAT);
                self.stack.push(Item::Operand(reps, height + 1));
                if !valid {
                    return Err(SyntaxError(INVALID_REPEAT_SIZE, self.span(before, after)));
                }
            }
        }
        Ok(after)
    }

    /// `parsePerlFlags`: `(?P<name>`, `(?<name>`, `(?flags)`, `(?flags:`.
    fn perl_flags(&mut self, s: &'a str) -> Result<&'a str, SyntaxError> {
        let b = s.as_bytes();
        let with_p = b.len() > 4 && b[2] == b'P' && b[3] == b'<';
        let with_name = b.len() > 3 && b[2] == b'<';
        if with_p || with_name {
            let start = if with_p { 4 } else { 3 };
            let Some(end) = s.find('>') else {
                return Err(SyntaxError(INVALID_NAMED_CAPTURE, s.into()));
            };
            let name = &s[start..end];
            if name.is_empty() || !name.chars().all(|c| c == '_' || is_alnum(c)) {
                return Err(SyntaxError(INVALID_NAMED_CAPTURE, s[..end + 1].into()));
            }
            self.stack.push(Item::LeftParen(true));
            return Ok(&s[end + 1..]);
        }
        let mut t = &s[2..];
        let (mut negated, mut saw_flag) = (false, false);
        while let Some((c, rest)) = next_char(t) {
            t = rest;
            match c {
                'i' | 'm' | 's' | 'U' => saw_flag = true,
                '-' if !negated => {
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    if c == ':' {
                        self.stack.push(Item::LeftParen(false));
                    }
                    return Ok(t);
                }
                _ => break,
            }
        }
        Err(SyntaxError(INVALID_PERL_OP, self.span(s, t)))
    }

    fn backslash(&mut self, t: &'a str) -> Result<&'a str, SyntaxError> {
        match t.as_bytes().get(1) {
            Some(b'A' | b'b' | b'B' | b'z') => {
                self.operand();
                return Ok(&t[2..]);
            }
            Some(b'C') => return Err(SyntaxError(INVALID_ESCAPE, t[..2].into())),
            Some(b'Q') => {
                let lit = &t[2..];
                let (lit, rest) = lit.split_once("\\E").unwrap_or((lit, ""));
                for _ in lit.chars() {
                    self.operand();
                }
                return Ok(rest);
            }
            _ => {}
        }
        if let Some(rest) = self.unicode_class(t)? {
            self.operand();
            return Ok(rest);
        }
        if let Some(rest) = perl_class(t) {
            self.operand();
            return Ok(rest);
        }
        let (_, rest) = escape(t)?;
        self.operand();
        Ok(rest)
    }

    /// `parseUnicodeClass`: `\pL`, `\p{Name}`, `\P{^Name}`; None when `t` is not one.
    fn unicode_class(&self, s: &'a str) -> Result<Option<&'a str>, SyntaxError> {
        if !(s.starts_with("\\p") || s.starts_with("\\P")) {
            return Ok(None);
        }
        let t = &s[2..];
        let (seq, mut name, rest) = match next_char(t) {
            Some(('{', _)) => {
                let Some(end) = s.find('}') else {
                    return Err(SyntaxError(INVALID_CHAR_RANGE, s.into()));
                };
                (&s[..end + 1], &s[3..end], &s[end + 1..])
            }
            Some((c, rest)) => (&s[..2 + c.len_utf8()], &s[2..2 + c.len_utf8()], rest),
            None => (s, "", ""),
        };
        if let Some(n) = name.strip_prefix('^') {
            name = n;
        }
        if !is_unicode_name(name) {
            return Err(SyntaxError(INVALID_CHAR_RANGE, seq.into()));
        }
        Ok(Some(rest))
    }

    /// `parseClass`: a bracketed class starting at `s`.
    fn class(&mut self, s: &'a str) -> Result<&'a str, SyntaxError> {
        let mut t = &s[1..];
        if t.starts_with('^') {
            t = &t[1..];
        }
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some(i) = t[2..].find(":]") {
                    let name = &t[..i + 4];
                    let inner = &t[2..i + 2];
                    if !POSIX.contains(&inner.strip_prefix('^').unwrap_or(inner)) {
                        return Err(SyntaxError(INVALID_CHAR_RANGE, name.into()));
                    }
                    t = &t[i + 4..];
                    continue;
                }
            }
            if let Some(rest) = self.unicode_class(t)? {
                t = rest;
                continue;
            }
            if let Some(rest) = perl_class(t) {
                t = rest;
                continue;
            }
            let range = t;
            let lo;
            (lo, t) = class_char(t, s)?;
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let hi;
                (hi, t) = class_char(&t[1..], s)?;
                if hi < lo {
                    return Err(SyntaxError(INVALID_CHAR_RANGE, self.span(range, t)));
                }
            }
        }
        self.operand();
        Ok(&t[1..])
    }
}

/// `parsePerlClassEscape`: `\d`, `\D`, `\s`, `\S`, `\w`, `\W`.
fn perl_class(t: &str) -> Option<&str> {
    let b = t.as_bytes();
    (b.len() >= 2 && b[0] == b'\\' && b"dDsSwW".contains(&b[1])).then(|| &t[2..])
}

/// `parseClassChar`: one character of a class, maybe escaped.
fn class_char<'a>(s: &'a str, whole: &str) -> Result<(u32, &'a str), SyntaxError> {
    if s.is_empty() {
        return Err(SyntaxError(MISSING_BRACKET, whole.into()));
    }
    if s.starts_with('\\') {
        return escape(s);
    }
    let (c, rest) = next_char(s).unwrap_or(('\0', ""));
    Ok((c as u32, rest))
}

/// `parseRepeat`: `{n}`, `{n,}`, `{n,m}` as (min, max, rest), max -1 for no bound, min -1 for a number too big.
fn parse_repeat(s: &str) -> Option<(i64, i64, &str)> {
    let s = s.strip_prefix('{')?;
    let (mut min, s) = parse_int(s)?;
    let (max, s) = match s.strip_prefix(',') {
        None => (min, s),
        Some(s) if s.starts_with('}') => (-1, s),
        Some(s) => {
            let (max, s) = parse_int(s)?;
            if max < 0 {
                min = -1;
            }
            (max, s)
        }
    };
    Some((min, max, s.strip_prefix('}')?))
}

/// `parseInt`: digits without a leading zero; -1 once the value reaches 10⁸.
fn parse_int(s: &str) -> Option<(i64, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits >= 2 && s.starts_with('0')) {
        return None;
    }
    let mut n: i64 = 0;
    for b in s[..digits].bytes() {
        if n >= 100_000_000 {
            n = -1;
            break;
        }
        n = n * 10 + (b - b'0') as i64;
    }
    Some((n, &s[digits..]))
}

/// `parseEscape`: the character of a `\` escape at the start of `s`.
fn escape(s: &str) -> Result<(u32, &str), SyntaxError> {
    let t = &s[1..];
    let Some((c, mut t)) = next_char(t) else {
        return Err(SyntaxError(TRAILING_BACKSLASH, String::new()));
    };
    let invalid = |t: &str| Err(SyntaxError(INVALID_ESCAPE, s[..s.len() - t.len()].into()));
    let octal = |t: &str| t.as_bytes().first().is_some_and(|b| (b'0'..=b'7').contains(b));
    match c {
        '1'..='7' if !octal(t) => invalid(t),
        '0'..='7' => {
            let mut r = c as u32 - '0' as u32;
            for _ in 1..3 {
                if !octal(t) {
                    break;
                }
                r = r * 8 + (t.as_bytes()[0] - b'0') as u32;
                t = &t[1..];
            }
            Ok((r, t))
        }
        'x' => {
            let Some((c, rest)) = next_char(t) else { return invalid(t) };
            t = rest;
            if c == '{' {
                let (mut r, mut nhex) = (0u32, 0);
                loop {
                    let Some((c, rest)) = next_char(t) else { return invalid(t) };
                    t = rest;
                    if c == '}' {
                        break;
                    }
                    let Some(v) = c.to_digit(16) else { return invalid(t) };
                    r = r * 16 + v;
                    if r > 0x10FFFF {
                        return invalid(t);
                    }
                    nhex += 1;
                }
                if nhex == 0 {
                    return invalid(t);
                }
                return Ok((r, t));
            }
            let x = c.to_digit(16);
            let (y, rest) = match next_char(t) {
                Some((c, rest)) => (c.to_digit(16), rest),
                None => (None, t),
            };
            t = rest;
            match (x, y) {
                (Some(x), Some(y)) => Ok((x * 16 + y, t)),
                _ => invalid(t),
            }
        }
        'a' => Ok((7, t)),
        'f' => Ok((12, t)),
        'n' => Ok((10, t)),
        'r' => Ok((13, t)),
        't' => Ok((9, t)),
        'v' => Ok((11, t)),
        c if c.is_ascii() && !is_alnum(c) => Ok((c as u32, t)),
        _ => invalid(t),
    }
}
