//! POSIX-ish command lines: words with quotes and backslashes, `$VAR`/`${VAR}`/`$(...)`, `|`, `&&`, `||`,
//! `;`, redirections, heredocs and one-line `while`/`until`/`for` loops. Parsing is separate from expansion
//! so `$(...)` can run commands in the session that asked for it.

/// One piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text; `quoted` text is never split into fields or globbed.
    Lit { text: String, quoted: bool },
    /// `$NAME` or `${NAME}`; `quoted` when inside double quotes.
    Var { name: String, quoted: bool },
    /// `$(command)`; `quoted` when inside double quotes.
    Cmd { script: String, quoted: bool },
}

pub type Word = Vec<Part>;

#[derive(Clone, Debug, PartialEq)]
pub enum Redirect {
    /// `> file` (append for `>>`); fd 1 or 2.
    Out { fd: u8, target: Word, append: bool },
    /// `2>&1`
    ErrToOut,
    /// `< file`
    In(Word),
    /// `<<EOF` / `<<'EOF'` / `<<-EOF`: the body comes from the lines after the command.
    Heredoc { delimiter: String, expand: bool, strip_tabs: bool },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Simple {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// A loop in the place of a command name (`while ...; do ...; done > f`): then `words` is empty and
    /// `redirects` apply to the whole loop.
    pub compound: Option<Box<Compound>>,
}

/// Loops, on one line as the terminal takes them.
#[derive(Clone, Debug, PartialEq)]
pub enum Compound {
    /// `while LIST; do LIST; done`, or `until` (`until: true`).
    Loop { until: bool, cond: List, body: List },
    /// `for NAME in WORDS; do LIST; done`.
    For { var: String, words: Vec<Word>, body: List },
}

impl Simple {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.redirects.is_empty() && self.compound.is_none()
    }
}

/// Commands joined by `|`.
pub type Pipeline = Vec<Simple>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;` or a newline
    Seq,
    And,
    Or,
}

/// An AND-OR list: pipelines joined by `&&`/`||` (the first one's connector is `Seq`). bash's `&` ends a
/// whole AND-OR list, so `a && b &` runs `a && b` as one background job, while `a; b &` backgrounds only `b`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AndOr {
    pub pipelines: Vec<(Connector, Pipeline)>,
    /// Ended by `&`: runs as one background job.
    pub background: bool,
    /// Its source text, as `jobs` shows it.
    pub text: String,
}

/// A command line: AND-OR lists separated by `;`, `&` or newlines.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct List {
    pub and_ors: Vec<AndOr>,
}

impl List {
    /// Every pipeline in order, with the connector before it.
    pub fn pipelines(&self) -> impl Iterator<Item = &(Connector, Pipeline)> {
        self.and_ors.iter().flat_map(|a| a.pipelines.iter())
    }
}

/// The heredoc delimiters a line opens, in order, so a reader knows how many body lines to collect.
pub fn heredoc_delimiters(line: &str) -> Vec<String> {
    match parse(line) {
        Ok(list) => list
            .pipelines()
            .flat_map(|(_, p)| p.iter())
            .flat_map(|s| s.redirects.iter())
            .filter_map(|r| match r {
                Redirect::Heredoc { delimiter, .. } => Some(delimiter.clone()),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    _src: &'a str,
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(Word),
    Pipe,
    And,
    Or,
    Semi,
    Amp,
    Redir(Redirect),
}

fn bash_syntax_error(tok: &str) -> String {
    format!("bash: syntax error near unexpected token `{tok}'")
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    /// Reads `$...` after the `$` (already consumed); returns the part.
    fn dollar(&mut self, quoted: bool) -> Result<Part, String> {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            name.push(c);
                            self.pos += 1;
                        }
                        None => return Err("bash: unexpected EOF while looking for matching `}'".into()),
                    }
                }
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(format!("bash: ${{{name}}}: bad substitution"));
                }
                Ok(Part::Var { name, quoted })
            }
            Some('(') => {
                self.pos += 1;
                let start = self.pos;
                let mut depth = 1;
                let mut in_single = false;
                let mut in_double = false;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match c {
                        '\\' if !in_single => self.pos += 1,
                        '\'' if !in_double => in_single = !in_single,
                        '"' if !in_single => in_double = !in_double,
                        '(' if !in_single && !in_double => depth += 1,
                        ')' if !in_single && !in_double => {
                            depth -= 1;
                            if depth == 0 {
                                let script: String = self.chars[start..self.pos - 1].iter().collect();
                                return Ok(Part::Cmd { script, quoted });
                            }
                        }
                        _ => {}
                    }
                }
                Err("bash: unexpected EOF while looking for matching `)'".into())
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    name.push(c);
                    self.pos += 1;
                }
                Ok(Part::Var { name, quoted })
            }
            Some(c) if c == '?' || c == '$' || c == '!' || c.is_ascii_digit() => {
                self.pos += 1;
                Ok(Part::Var { name: c.to_string(), quoted })
            }
            _ => Ok(Part::Lit { text: "$".into(), quoted }),
        }
    }

    fn word(&mut self) -> Result<Word, String> {
        let mut parts: Word = Vec::new();
        let mut lit = String::new();
        let mut lit_quoted = false;
        fn flush(parts: &mut Word, lit: &mut String, quoted: bool) {
            if !lit.is_empty() {
                parts.push(Part::Lit { text: std::mem::take(lit), quoted });
            }
        }
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\n' | '|' | '&' | ';' | '<' | '>' => break,
                '\\' => {
                    self.pos += 1;
                    if let Some(n) = self.peek() {
                        self.pos += 1;
                        if n != '\n' {
                            if !lit_quoted {
                                flush(&mut parts, &mut lit, false);
                            }
                            lit_quoted = true;
                            lit.push(n);
                        }
                    }
                }
                '\'' => {
                    self.pos += 1;
                    flush(&mut parts, &mut lit, lit_quoted);
                    let mut s = String::new();
                    loop {
                        match self.peek() {
                            Some('\'') => {
                                self.pos += 1;
                                break;
                            }
                            Some(c) => {
                                s.push(c);
                                self.pos += 1;
                            }
                            None => return Err("bash: unexpected EOF while looking for matching `''".into()),
                        }
                    }
                    parts.push(Part::Lit { text: s, quoted: true });
                }
                '"' => {
                    self.pos += 1;
                    flush(&mut parts, &mut lit, lit_quoted);
                    let mut s = String::new();
                    // An empty "" must still make a (quoted, empty) word.
                    parts.push(Part::Lit { text: String::new(), quoted: true });
                    loop {
                        match self.peek() {
                            Some('"') => {
                                self.pos += 1;
                                break;
                            }
                            Some('\\') => {
                                self.pos += 1;
                                match self.peek() {
                                    Some(n @ ('"' | '\\' | '$' | '`')) => {
                                        s.push(n);
                                        self.pos += 1;
                                    }
                                    Some('\n') => self.pos += 1,
                                    _ => s.push('\\'),
                                }
                            }
                            Some('$') => {
                                self.pos += 1;
                                if !s.is_empty() {
                                    parts.push(Part::Lit { text: std::mem::take(&mut s), quoted: true });
                                }
                                parts.push(self.dollar(true)?);
                            }
                            Some(c) => {
                                s.push(c);
                                self.pos += 1;
                            }
                            None => return Err("bash: unexpected EOF while looking for matching `\"'".into()),
                        }
                    }
                    if !s.is_empty() {
                        parts.push(Part::Lit { text: s, quoted: true });
                    }
                }
                '$' => {
                    self.pos += 1;
                    flush(&mut parts, &mut lit, lit_quoted);
                    lit_quoted = false;
                    parts.push(self.dollar(false)?);
                }
                _ => {
                    if lit_quoted {
                        flush(&mut parts, &mut lit, true);
                        lit_quoted = false;
                    }
                    lit.push(c);
                    self.pos += 1;
                }
            }
        }
        flush(&mut parts, &mut lit, lit_quoted);
        Ok(parts)
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.pos += 1;
        }
    }

    fn next(&mut self) -> Result<Option<Tok>, String> {
        self.skip_blanks();
        let Some(c) = self.peek() else { return Ok(None) };
        let tok = match (c, self.peek_at(1)) {
            ('#', _) => {
                self.pos = self.chars.len();
                return Ok(None);
            }
            ('\n', _) | (';', _) => {
                self.pos += 1;
                Tok::Semi
            }
            ('|', Some('|')) => {
                self.pos += 2;
                Tok::Or
            }
            ('|', _) => {
                self.pos += 1;
                Tok::Pipe
            }
            ('&', Some('&')) => {
                self.pos += 2;
                Tok::And
            }
            ('&', Some('>')) => {
                self.pos += 2;
                Tok::Redir(Redirect::Out { fd: 1, target: self.target()?, append: false })
            }
            ('&', _) => {
                self.pos += 1;
                Tok::Amp
            }
            ('<', Some('<')) => {
                self.pos += 2;
                let strip_tabs = if self.peek() == Some('-') {
                    self.pos += 1;
                    true
                } else {
                    false
                };
                self.skip_blanks();
                let w = self.word()?;
                if w.is_empty() {
                    return Err(bash_syntax_error("newline"));
                }
                let expand = w.iter().all(|p| matches!(p, Part::Lit { quoted: false, .. }));
                let delimiter: String = w
                    .iter()
                    .map(|p| match p {
                        Part::Lit { text, .. } => text.clone(),
                        Part::Var { name, .. } => format!("${name}"),
                        Part::Cmd { script, .. } => format!("$({script})"),
                    })
                    .collect();
                Tok::Redir(Redirect::Heredoc { delimiter, expand, strip_tabs })
            }
            ('<', _) => {
                self.pos += 1;
                Tok::Redir(Redirect::In(self.target()?))
            }
            ('>', _) => {
                self.pos += 1;
                let append = if self.peek() == Some('>') {
                    self.pos += 1;
                    true
                } else {
                    false
                };
                Tok::Redir(Redirect::Out { fd: 1, target: self.target()?, append })
            }
            ('2', Some('>')) if self.at_word_start() => {
                self.pos += 2;
                if self.peek() == Some('&') && self.peek_at(1) == Some('1') {
                    self.pos += 2;
                    Tok::Redir(Redirect::ErrToOut)
                } else {
                    let append = if self.peek() == Some('>') {
                        self.pos += 1;
                        true
                    } else {
                        false
                    };
                    Tok::Redir(Redirect::Out { fd: 2, target: self.target()?, append })
                }
            }
            _ => Tok::Word(self.word()?),
        };
        Ok(Some(tok))
    }

    fn at_word_start(&self) -> bool {
        self.pos == 0 || matches!(self.chars.get(self.pos - 1), Some(' ' | '\t' | ';' | '|' | '&'))
    }

    fn target(&mut self) -> Result<Word, String> {
        self.skip_blanks();
        let w = self.word()?;
        if w.is_empty() {
            let next = match self.peek() {
                None | Some('\n') => "newline".to_string(),
                Some(c) => c.to_string(),
            };
            return Err(bash_syntax_error(&next));
        }
        Ok(w)
    }
}

/// Parses one command line (heredoc bodies are not part of it).
pub fn parse(line: &str) -> Result<List, String> {
    let mut lx = Lexer { chars: line.chars().collect(), pos: 0, _src: line };
    let (list, stop) = parse_list(&mut lx, &[])?;
    match stop {
        Some(w) => Err(bash_syntax_error(&w)),
        None => Ok(list),
    }
}

/// Words that end a list inside a loop when they stand where a command name would.
const RESERVED: &[&str] = &["do", "done", "then", "else", "elif", "fi", "in", "}"];

/// A list up to the end of input or to one of the reserved words `stops` in command position (returned).
fn parse_list(lx: &mut Lexer, stops: &[&str]) -> Result<(List, Option<String>), String> {
    let mut list = List::default();
    let mut and_or = AndOr::default();
    let mut pipeline: Pipeline = Vec::new();
    let mut simple = Simple::default();
    let mut pending = Connector::Seq;
    let mut last_was_op: Option<&'static str> = None;
    let mut item_start = lx.pos;
    // loops in the item being read: their source span and how bash prints them (`jobs`)
    let mut shown: Vec<(usize, usize, String)> = Vec::new();
    let text = |lx: &Lexer, from: usize, to: usize, shown: &mut Vec<(usize, usize, String)>| {
        let mut t = String::new();
        let mut at = from;
        for (a, b, s) in shown.drain(..) {
            t.extend(&lx.chars[at..a]);
            t.push_str(&s);
            at = b;
        }
        t.extend(&lx.chars[at.min(to)..to]);
        t.trim().to_string()
    };
    let mut stop = None;
    loop {
        let tok_start = lx.pos;
        let tok = lx.next()?;
        match tok {
            Some(Tok::Word(w)) if simple.is_empty() && pipeline_start(&w, stops) => {
                let kw = literal(&w).unwrap_or_default();
                if stops.contains(&kw.as_str()) {
                    stop = Some(kw);
                    break;
                }
                if RESERVED.contains(&kw.as_str()) {
                    return Err(bash_syntax_error(&kw));
                }
                let (c, s) = parse_compound(lx, &kw)?;
                simple.compound = Some(Box::new(c));
                shown.push((tok_start, lx.pos, s));
                last_was_op = None;
            }
            Some(Tok::Word(w)) => {
                if simple.compound.is_some() {
                    return Err(bash_syntax_error(&literal(&w).unwrap_or_default()));
                }
                simple.words.push(w);
                last_was_op = None;
            }
            Some(Tok::Redir(r)) => {
                simple.redirects.push(r);
                last_was_op = None;
            }
            Some(Tok::Pipe) => {
                if simple.words.is_empty() && simple.compound.is_none() {
                    return Err(bash_syntax_error("|"));
                }
                pipeline.push(std::mem::take(&mut simple));
                last_was_op = Some("|");
            }
            Some(t @ (Tok::And | Tok::Or | Tok::Semi | Tok::Amp)) => {
                let sym = match t {
                    Tok::And => "&&",
                    Tok::Or => "||",
                    Tok::Amp => "&",
                    _ => ";",
                };
                if simple.is_empty() {
                    // `do;` has an empty list before the `;`
                    let empty_body = !stops.is_empty() && list.and_ors.is_empty();
                    if sym == ";" && pipeline.is_empty() && last_was_op.is_none() && !empty_body {
                        item_start = lx.pos;
                        continue;
                    }
                    return Err(bash_syntax_error(sym));
                }
                pipeline.push(std::mem::take(&mut simple));
                and_or.pipelines.push((pending, std::mem::take(&mut pipeline)));
                pending = match t {
                    Tok::And => Connector::And,
                    Tok::Or => Connector::Or,
                    _ => Connector::Seq,
                };
                if pending == Connector::Seq {
                    and_or.background = sym == "&";
                    and_or.text = text(lx, item_start, tok_start, &mut shown);
                    list.and_ors.push(std::mem::take(&mut and_or));
                    item_start = lx.pos;
                }
                last_was_op = if sym == ";" || sym == "&" { None } else { Some(sym) };
            }
            None => break,
        }
    }
    let end = if stop.is_some() { lx.pos - stop.as_ref().map_or(0, |w| w.chars().count()) } else { lx.chars.len() };
    if simple.is_empty() {
        if let Some(op) = last_was_op {
            // `a |` / `a &&` at the end: bash would ask for more input; a one-line shell can only refuse.
            return Err(format!("bash: syntax error: unexpected end of file after `{op}'"));
        }
    } else {
        pipeline.push(simple);
        and_or.pipelines.push((pending, pipeline));
        and_or.text = text(lx, item_start, end, &mut shown);
        list.and_ors.push(and_or);
    }
    Ok((list, stop))
}

/// Whether a word in command position is a reserved word this parser acts on.
fn pipeline_start(w: &Word, stops: &[&str]) -> bool {
    matches!(w.as_slice(), [Part::Lit { quoted: false, text }]
        if stops.contains(&text.as_str()) || RESERVED.contains(&text.as_str())
            || matches!(text.as_str(), "while" | "until" | "for"))
}

/// The list up to the reserved word `want`, which must come; bash's error otherwise.
fn parse_until(lx: &mut Lexer, want: &str) -> Result<List, String> {
    match parse_list(lx, &[want])? {
        (list, Some(_)) if !list.and_ors.is_empty() => Ok(list),
        (_, Some(w)) => Err(bash_syntax_error(&w)),
        (_, None) => Err("bash: syntax error: unexpected end of file".into()),
    }
}

/// `while`/`until`/`for` after its keyword, with the text bash prints for it (print_cmd.c: the body
/// indented four spaces, its commands joined by `; `).
fn parse_compound(lx: &mut Lexer, kw: &str) -> Result<(Compound, String), String> {
    let joined = |l: &List| l.and_ors.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join("; ");
    if kw == "for" {
        let var = match lx.next()? {
            Some(Tok::Word(w)) => literal(&w)
                .filter(|v| is_name(v))
                .ok_or_else(|| format!("bash: `{}': not a valid identifier", literal(&w).unwrap_or_default()))?,
            _ => return Err(bash_syntax_error("newline")),
        };
        let mut words = Vec::new();
        let mut texts = Vec::new();
        let mut tok = lx.next()?;
        if matches!(&tok, Some(Tok::Word(w)) if literal(w).as_deref() == Some("in")) {
            loop {
                let start = lx.pos;
                tok = lx.next()?;
                match tok {
                    Some(Tok::Word(w)) => {
                        texts.push(lx.chars[start..lx.pos].iter().collect::<String>().trim().to_string());
                        words.push(w);
                    }
                    _ => break,
                }
            }
        }
        // `;` or a newline, then `do`
        if matches!(tok, Some(Tok::Semi)) {
            tok = lx.next()?;
        }
        if !matches!(&tok, Some(Tok::Word(w)) if literal(w).as_deref() == Some("do")) {
            return Err(bash_syntax_error("newline"));
        }
        let body = parse_until(lx, "done")?;
        let shown = format!("for {var} in {};\ndo\n    {};\ndone", texts.join(" "), joined(&body));
        return Ok((Compound::For { var, words, body }, shown));
    }
    let cond = parse_until(lx, "do")?;
    let body = parse_until(lx, "done")?;
    let shown = format!("{kw} {}; do\n    {};\ndone", joined(&cond), joined(&body));
    Ok((Compound::Loop { until: kw == "until", cond, body }, shown))
}

fn is_name(v: &str) -> bool {
    !v.is_empty()
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !v.starts_with(|c: char| c.is_ascii_digit())
}

/// Splits an unquoted expansion result into fields on blanks (IFS default).
pub fn split_fields(s: &str) -> Vec<String> {
    s.split([' ', '\t', '\n']).filter(|f| !f.is_empty()).map(str::to_string).collect()
}

/// Expands a word into zero or more fields, resolving variables and command substitutions via callbacks.
pub fn expand_word(
    word: &Word,
    var: &mut dyn FnMut(&str) -> String,
    cmd: &mut dyn FnMut(&str) -> String,
) -> Vec<String> {
    // Fields are built left to right; an unquoted expansion may end the current field and start new ones.
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    for p in word {
        let (val, quoted) = match p {
            Part::Lit { text, quoted } => {
                cur.push_str(text);
                have = have || *quoted || !text.is_empty();
                continue;
            }
            Part::Var { name, quoted } => (var(name), *quoted),
            Part::Cmd { script, quoted } => (cmd(script).trim_end_matches('\n').to_string(), *quoted),
        };
        if quoted {
            cur.push_str(&val);
            have = true;
            continue;
        }
        let starts_blank = val.starts_with([' ', '\t', '\n']);
        let ends_blank = val.ends_with([' ', '\t', '\n']);
        let parts = split_fields(&val);
        if parts.is_empty() {
            if starts_blank && have {
                fields.push(std::mem::take(&mut cur));
                have = false;
            }
            continue;
        }
        for (i, f) in parts.iter().enumerate() {
            if i > 0 || (starts_blank && have) {
                if have {
                    fields.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            cur.push_str(f);
            have = true;
        }
        if ends_blank {
            fields.push(std::mem::take(&mut cur));
            have = false;
        }
    }
    if have {
        fields.push(cur);
    }
    fields
}

/// Expands a word as one field (assignments: `X=$(cmd)` and `export X=$(cmd)` are never split).
pub fn expand_joined(word: &Word, var: &mut dyn FnMut(&str) -> String, cmd: &mut dyn FnMut(&str) -> String) -> String {
    let quoted: Word = word
        .iter()
        .map(|p| match p {
            Part::Lit { text, .. } => Part::Lit { text: text.clone(), quoted: true },
            Part::Var { name, .. } => Part::Var { name: name.clone(), quoted: true },
            Part::Cmd { script, .. } => Part::Cmd { script: script.clone(), quoted: true },
        })
        .collect();
    expand_word(&quoted, var, cmd).concat()
}

/// The literal text of a word when it has no expansions (for assignments like `export X=...`).
pub fn is_assignment(word: &Word) -> Option<String> {
    let Some(Part::Lit { text, quoted: false }) = word.first() else { return None };
    let (name, _) = text.split_once('=')?;
    (!name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit()))
    .then(|| name.to_string())
}

/// The word's text when it is only literal text (a command name as typed).
pub fn literal(word: &Word) -> Option<String> {
    word.iter()
        .map(|p| match p {
            Part::Lit { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(line: &str) -> Vec<Vec<String>> {
        let list = parse(line).unwrap();
        list.pipelines()
            .flat_map(|(_, p)| p.iter())
            .map(|s| {
                s.words
                    .iter()
                    .flat_map(|w| {
                        expand_word(
                            w,
                            &mut |n| match n {
                                "POD" => "web-0".into(),
                                "TWO" => "a b".into(),
                                _ => String::new(),
                            },
                            &mut |c| format!("<{c}>\n"),
                        )
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn quotes_variables_and_substitution() {
        assert_eq!(fields("echo 'a b' \"c $POD\" d\\ e"), vec![vec!["echo", "a b", "c web-0", "d e"]]);
        assert_eq!(fields("echo $TWO \"$TWO\" ${POD}x $NONE \"\""), vec![vec!["echo", "a", "b", "a b", "web-0x", ""]]);
        assert_eq!(
            fields("echo $(kubectl get po -o name)"),
            vec![vec!["echo", "<kubectl", "get", "po", "-o", "name>"]]
        );
        assert_eq!(
            fields(r#"kubectl get pods -l "app=x,b=y" -o jsonpath="{.items[0].metadata.name}""#),
            vec![vec!["kubectl", "get", "pods", "-l", "app=x,b=y", "-o", "jsonpath={.items[0].metadata.name}"]]
        );
    }

    #[test]
    fn operators_and_redirections() {
        let l = parse("a | grep x && b; c || d # comment").unwrap();
        let conns: Vec<_> = l.pipelines().map(|(c, p)| (*c, p.len())).collect();
        assert_eq!(conns, vec![(Connector::Seq, 2), (Connector::And, 1), (Connector::Seq, 1), (Connector::Or, 1)]);
        let l = parse("cat <<'EOF' > f.yaml").unwrap();
        assert_eq!(
            l.and_ors[0].pipelines[0].1[0].redirects[0],
            Redirect::Heredoc { delimiter: "EOF".into(), expand: false, strip_tabs: false }
        );
        assert_eq!(heredoc_delimiters("kubectl apply -f - <<EOF"), vec!["EOF"]);
        assert!(parse("a |").is_err());
        assert_eq!(parse("| a").unwrap_err(), "bash: syntax error near unexpected token `|'");
        assert!(parse("echo 'open").is_err());
        assert!(parse("cmd 2>&1 >/dev/null").is_ok());
    }

    #[test]
    fn ampersand_ends_a_whole_and_or_list() {
        // (text, background) per AND-OR list, as bash groups them
        for (line, want) in [
            ("a && b &", vec![("a && b", true)]),
            ("a; b &", vec![("a", false), ("b", true)]),
            ("a || b && c & d", vec![("a || b && c", true), ("d", false)]),
            ("a | b & c && d &", vec![("a | b", true), ("c && d", true)]),
        ] {
            let got: Vec<_> = parse(line).unwrap().and_ors.iter().map(|a| (a.text.clone(), a.background)).collect();
            let want: Vec<_> = want.into_iter().map(|(t, b)| (t.to_string(), b)).collect();
            assert_eq!(got, want, "{line}");
        }
        assert_eq!(parse("a & && b").unwrap_err(), "bash: syntax error near unexpected token `&&'");
        assert_eq!(parse("a && & b").unwrap_err(), "bash: syntax error near unexpected token `&'");
    }
}
