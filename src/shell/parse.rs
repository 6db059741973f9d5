//! bash's grammar, for the commands a learner pastes: words with quotes and backslashes, `$VAR`/`${VAR}`,
//! `$(...)`, `$((...))`, `|`, `&&`, `||`, `;`, `&`, `!`, redirections, heredocs, and the compound commands
//! `while`/`until`/`for`/`if`/`case`/`{ }`/`( )`/`(( ))` over as many lines as they take. Parsing is separate
//! from expansion so `$(...)` can run commands in the session that asked for it.
//!
//! Input comes in lines, as bash reads it: [`parse_next`] takes the first complete command of a text, says
//! when the text ends inside one ([`ParseError::Incomplete`]: the terminal shows bash's `> ` and waits for
//! more), and reports bad input in bash's words (`syntax error near unexpected token `fi'`).

/// One piece of a word, before expansion.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Literal text; `quoted` text is never split into fields or globbed.
    Lit { text: String, quoted: bool },
    /// `$NAME` or `${NAME}`; `quoted` when inside double quotes.
    Var { name: String, quoted: bool },
    /// `$(command)`; `quoted` when inside double quotes.
    Cmd { script: String, quoted: bool },
    /// `$((expression))`; `quoted` when inside double quotes.
    Arith { expr: String, quoted: bool },
    /// `(x y z)` after `name=` / `name+=`: an array's elements (only ever a word's last part), and their
    /// text as written, `set -x` shows it.
    Array(Vec<Word>, String),
}

pub type Word = Vec<Part>;

#[derive(Clone, Debug, PartialEq)]
pub enum Redirect {
    /// `> file` (append for `>>`); fd 1 or 2, or 0 for `&>` (both).
    Out { fd: u8, target: Word, append: bool },
    /// `2>&1`
    ErrToOut,
    /// `>&2`, `1>&2`
    OutToErr,
    /// `< file`
    In(Word),
    /// `<<< word`: the word and a newline.
    HereString(Word),
    /// `<<EOF` / `<<'EOF'` / `<<-EOF` with its body, read from the lines after the command's line.
    Heredoc { delimiter: String, expand: bool, strip_tabs: bool, body: String },
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Simple {
    pub words: Vec<Word>,
    pub redirects: Vec<Redirect>,
    /// A compound command in the place of a command name (`while ...; do ...; done > f`): then `words` is
    /// empty and `redirects` apply to the whole compound command.
    pub compound: Option<Box<Compound>>,
    /// `! pipeline`: set on the pipeline's first command; the pipeline's status is negated.
    pub bang: bool,
    /// `name() compound-command`: defines the function (then nothing else is set).
    pub function: Option<(String, Box<Simple>)>,
    /// A function body's words with their text as written, in order (`printcmd` prints them so).
    pub raws: Vec<(Word, String)>,
    /// The line its last word ends on, as bash numbers a simple command (a script's errors name it).
    pub line: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Compound {
    /// `while LIST; do LIST; done`, or `until` (`until: true`).
    Loop { until: bool, cond: List, body: List },
    /// `for NAME in WORDS; do LIST; done`.
    For { var: String, words: Vec<Word>, body: List },
    /// `select NAME in WORDS; do ...; done`: a menu on stderr, a choice read from stdin each round.
    Select { var: String, words: Vec<Word>, body: List },
    /// `for ((INIT; TEST; STEP)); do LIST; done`: the three expressions as bash keeps them (leading blanks
    /// dropped, an empty one is `1`).
    ArithFor { exprs: Box<[String; 3]>, body: List },
    /// `if LIST; then LIST; [elif LIST; then LIST;]... [else LIST;] fi`
    If { branches: Vec<(List, List)>, otherwise: Option<List> },
    /// `case WORD in PATTERN|PATTERN) LIST;; ... esac`
    Case { word: Word, arms: Vec<(Vec<Word>, List, ArmEnd)> },
    /// `{ LIST; }`
    Group(List),
    /// `( LIST )`: variables and the directory it changes stay inside.
    Subshell(List),
    /// `(( EXPRESSION ))`, the text between the parentheses as written (`set -x` shows it so)
    Arith(String),
    /// `[[ EXPRESSION ]]`: its words and operators, evaluated by `cond.rs`.
    Cond(Vec<CondTok>),
}

/// How a `case` arm ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ArmEnd {
    /// `;;`: the `case` is done
    Break,
    /// `;&`: the next arm's commands run too
    FallThrough,
    /// `;;&`: the next arms' patterns are tested
    TestNext,
}

impl ArmEnd {
    fn text(self) -> &'static str {
        match self {
            ArmEnd::Break => ";;",
            ArmEnd::FallThrough => ";&",
            ArmEnd::TestNext => ";;&",
        }
    }
}

/// A piece of a `[[ ]]` expression: a word (operators like `==` and `-z` are unquoted words) or one of the
/// tokens the shell's lexer separates (`&&`, `||`, `(`, `)`, `<`, `>`).
#[derive(Clone, Debug, PartialEq)]
pub enum CondTok {
    Word(Word),
    Op(&'static str),
}

impl Simple {
    fn is_empty(&self) -> bool {
        self.words.is_empty() && self.redirects.is_empty() && self.compound.is_none() && self.function.is_none()
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

#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    /// The text ends inside a command (an open `if`, quote, heredoc, a trailing `|`): bash reads more lines.
    Incomplete,
    /// bash's message(s), one per line, without the final newline.
    Syntax(String),
}

/// The first complete command of a text.
#[derive(Debug, PartialEq)]
pub struct Parsed {
    pub list: List,
    /// How many bytes of the text it took, through the newline that ended it and its heredoc bodies.
    pub consumed: usize,
    /// bash's warnings (a heredoc ended by the end of input).
    pub warnings: Vec<String>,
}

/// Parses the first complete command of `text` (a newline ends a command once its compound commands, quotes
/// and heredocs are closed). `None` when the text holds only blanks and comments. `at_eof`: no more input will
/// come, so an open command is bash's `unexpected end of file` instead of [`ParseError::Incomplete`].
/// `first_line` numbers the text's first line (heredoc warnings name the line they started on). A syntax error's
/// `usize` is how much input bash drops with it: the rest of the line it was found on.
pub fn parse_next(text: &str, at_eof: bool, first_line: usize) -> Result<Option<Parsed>, (ParseError, usize)> {
    parse_next_in(text, at_eof, first_line, 4096, false)
}

/// [`parse_next`] in a shell with `shopt -s extglob`: `!(x)`, `@(a|b)`... are words (bash decides when it reads
/// the line, so `shopt -s extglob` acts from the next line on).
pub fn parse_next_ext(
    text: &str,
    at_eof: bool,
    first_line: usize,
    extglob: bool,
) -> Result<Option<Parsed>, (ParseError, usize)> {
    parse_next_in(text, at_eof, first_line, 4096, extglob)
}

/// bash runs a command as soon as the newline that ends it is read, whatever follows; so the parser is given
/// whole lines, as many as the command needs (a window of `window` bytes growing fourfold), and a long script or
/// paste costs each command about its own length, not the length of everything after it.
fn parse_next_in(
    text: &str,
    at_eof: bool,
    first_line: usize,
    mut window: usize,
    extglob: bool,
) -> Result<Option<Parsed>, (ParseError, usize)> {
    while window < text.len() {
        let Some(nl) = text.as_bytes()[..window].iter().rposition(|b| *b == b'\n') else {
            window *= 4;
            continue;
        };
        match parse_whole(&text[..=nl], false, first_line, extglob) {
            // only blanks and comments, or a command the next lines go on: read more
            Ok(None) | Err((ParseError::Incomplete, _)) => window *= 4,
            done => return done,
        }
    }
    parse_whole(text, at_eof, first_line, extglob)
}

/// Where an unfinished text stands in a heredoc's body: its delimiter and whether `<<-` strips tabs. No line
/// but the delimiter can finish the command, so the terminal keeps the lines of a long pasted heredoc without
/// parsing the text again for each one. `None` when the text is unfinished for another reason.
pub fn heredoc_wait(text: &str) -> Option<(String, bool)> {
    let mut p = Parser::new(text, false, 1);
    match p.complete_command() {
        Err(ParseError::Incomplete) => p.lx.waiting.take(),
        _ => None,
    }
}

fn parse_whole(
    text: &str,
    at_eof: bool,
    first_line: usize,
    extglob: bool,
) -> Result<Option<Parsed>, (ParseError, usize)> {
    let mut p = Parser::new(text, at_eof, first_line);
    p.lx.extglob = extglob;
    let skip = |p: &Parser| {
        let at = p.peeked.as_ref().map_or(p.lx.pos, |t| t.0).min(p.lx.chars.len());
        let rest = p.lx.chars[at..].iter().position(|c| *c == '\n').map_or(p.lx.chars.len(), |i| at + i + 1);
        p.lx.chars[..rest].iter().map(|c| c.len_utf8()).sum::<usize>()
    };
    match p.complete_command() {
        Ok(None) => Ok(None),
        Ok(Some(mut list)) => {
            let mut bodies: std::collections::VecDeque<String> = std::mem::take(&mut p.lx.bodies).into();
            fill_heredocs(&mut list, &mut bodies);
            let consumed = p.lx.chars[..p.lx.pos.min(p.lx.chars.len())].iter().map(|c| c.len_utf8()).sum();
            Ok(Some(Parsed { list, consumed, warnings: std::mem::take(&mut p.lx.warnings) }))
        }
        Err(ParseError::Incomplete) => Err((ParseError::Incomplete, text.len())),
        Err(e) => {
            let n = skip(&p);
            Err((e, n))
        }
    }
}

/// Parses a whole text as one list (`$(...)`, a heredoc line, tests): every command in it, in order.
pub fn parse(text: &str) -> Result<List, String> {
    let mut list = List::default();
    let mut rest = text;
    loop {
        match parse_next(rest, true, 1) {
            Ok(None) => return Ok(list),
            Ok(Some(p)) => {
                list.and_ors.extend(p.list.and_ors);
                rest = &rest[p.consumed..];
            }
            Err((ParseError::Syntax(e), _)) => return Err(e),
            Err((ParseError::Incomplete, _)) => return Err("bash: syntax error: unexpected end of file".into()),
        }
    }
}

/// Heredoc bodies were read in the order their redirections appear in the text; they go to the redirections
/// in that order (a compound command's own redirections come after its body).
fn fill_heredocs(list: &mut List, bodies: &mut std::collections::VecDeque<String>) {
    for a in &mut list.and_ors {
        for (_, p) in &mut a.pipelines {
            for s in p {
                // a function's body: its heredocs are the definition's
                let s = match &mut s.function {
                    Some((_, body)) => &mut **body,
                    None => s,
                };
                if let Some(c) = &mut s.compound {
                    match &mut **c {
                        Compound::Loop { cond, body, .. } => {
                            fill_heredocs(cond, bodies);
                            fill_heredocs(body, bodies);
                        }
                        Compound::For { body, .. }
                        | Compound::Select { body, .. }
                        | Compound::ArithFor { body, .. }
                        | Compound::Group(body)
                        | Compound::Subshell(body) => fill_heredocs(body, bodies),
                        Compound::If { branches, otherwise } => {
                            for (c, b) in branches {
                                fill_heredocs(c, bodies);
                                fill_heredocs(b, bodies);
                            }
                            if let Some(o) = otherwise {
                                fill_heredocs(o, bodies);
                            }
                        }
                        Compound::Case { arms, .. } => {
                            for (_, b, _) in arms {
                                fill_heredocs(b, bodies);
                            }
                        }
                        Compound::Arith(_) | Compound::Cond(_) => {}
                    }
                }
                for r in &mut s.redirects {
                    if let Redirect::Heredoc { body, .. } = r {
                        *body = bodies.pop_front().unwrap_or_default();
                    }
                }
            }
        }
    }
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    at_eof: bool,
    /// The line number of `chars[0]`, and how many newlines were passed.
    first_line: usize,
    /// Heredocs opened on the current line (delimiter, `<<-`, line), read at its newline.
    pending: Vec<(String, bool, usize)>,
    bodies: Vec<String>,
    warnings: Vec<String>,
    /// Every word read, by where it starts, with its text as written (`declare -f` prints a function so).
    raws: Vec<(usize, Word, String)>,
    /// The heredoc whose body the text ended in (see [`heredoc_wait`]).
    waiting: Option<(String, bool)>,
    /// `shopt -s extglob`: a `(` after an unquoted `?*+@!` opens a pattern group of the word.
    extglob: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(Word),
    Pipe,
    And,
    Or,
    Semi,
    /// `;;`, `;&` or `;;&`
    DSemi(ArmEnd),
    Amp,
    Newline,
    LParen,
    RParen,
    Redir(Redirect),
}

fn bash_syntax_error(tok: &str) -> ParseError {
    ParseError::Syntax(format!("bash: syntax error near unexpected token `{tok}'"))
}

/// `NAME=`, after which a `~` expands as at a word's start.
fn is_name_eq(s: &str) -> bool {
    let n = &s[..s.len() - 1];
    n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

const UNEXPECTED_EOF: &str = "bash: syntax error: unexpected end of file";

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    /// The input ended inside something still open: more lines, or at the end bash's two messages.
    fn eof_in(&self, what: &str) -> ParseError {
        if self.at_eof {
            ParseError::Syntax(format!("bash: unexpected EOF while looking for matching `{what}'\n{UNEXPECTED_EOF}"))
        } else {
            ParseError::Incomplete
        }
    }

    fn line(&self) -> usize {
        self.first_line + self.chars[..self.pos.min(self.chars.len())].iter().filter(|c| **c == '\n').count()
    }

    /// Reads `$...` after the `$` (already consumed); returns the part.
    fn dollar(&mut self, quoted: bool) -> Result<Part, ParseError> {
        match self.peek() {
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                // quotes inside may hold a `}` (`${x:-"}"}`); nested `${...}` count
                let (mut depth, mut single, mut double) = (0, false, false);
                loop {
                    match self.peek() {
                        Some('}') if depth == 0 && !single && !double => {
                            self.pos += 1;
                            break;
                        }
                        Some(c) => {
                            if !single && !double {
                                depth += (c == '{') as i32 - (c == '}') as i32;
                            }
                            name.push(c);
                            self.pos += 1;
                            match c {
                                '\\' if !single => match self.peek() {
                                    Some(n) => {
                                        name.push(n);
                                        self.pos += 1;
                                    }
                                    None => return Err(self.eof_in("}")),
                                },
                                '\'' if !double && !quoted => single = !single,
                                '"' if !single => double = !double,
                                _ => {}
                            }
                        }
                        None => return Err(self.eof_in("}")),
                    }
                }
                if !super::param::valid(&name) {
                    return Err(ParseError::Syntax(format!("bash: ${{{name}}}: bad substitution")));
                }
                Ok(Part::Var { name, quoted })
            }
            Some('(') => {
                self.pos += 1;
                let start = self.pos;
                let arith = self.peek() == Some('(');
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
                                // `$((a+b))`: the whole inside is one parenthesized expression
                                if arith && script.ends_with(')') && self.chars[self.pos - 2] == ')' {
                                    let inner = &script[1..script.len() - 1];
                                    if balanced(inner) {
                                        return Ok(Part::Arith { expr: inner.to_string(), quoted });
                                    }
                                }
                                return Ok(Part::Cmd { script, quoted });
                            }
                        }
                        _ => {}
                    }
                }
                Err(self.eof_in(")"))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let mut name = String::new();
                while let Some(c) = self.peek().filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    name.push(c);
                    self.pos += 1;
                }
                Ok(Part::Var { name, quoted })
            }
            Some(c) if matches!(c, '?' | '$' | '!' | '#' | '@' | '*' | '-') || c.is_ascii_digit() => {
                self.pos += 1;
                Ok(Part::Var { name: c.to_string(), quoted })
            }
            _ => Ok(Part::Lit { text: "$".into(), quoted }),
        }
    }

    /// An extglob group from its `(` to the matching `)`, taken as it is written (no quotes or expansions
    /// inside it); None when it does not close on this text.
    fn ext_group(&mut self) -> Option<String> {
        let mut depth = 0;
        for (i, c) in self.chars[self.pos..].iter().enumerate() {
            match c {
                '(' => depth += 1,
                ')' if depth == 1 => {
                    let group: String = self.chars[self.pos..=self.pos + i].iter().collect();
                    self.pos += i + 1;
                    return Some(group);
                }
                ')' => depth -= 1,
                '\n' => return None,
                _ => {}
            }
        }
        None
    }

    fn word(&mut self) -> Result<Word, ParseError> {
        let start = self.pos;
        let w = self.word_parts()?;
        if !w.is_empty() {
            self.raws.push((start, w.clone(), self.chars[start..self.pos].iter().collect()));
        }
        Ok(w)
    }

    fn word_parts(&mut self) -> Result<Word, ParseError> {
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
                // `<(cmd)` at a word's start: the command's output as a file (`PROC_SUBST` marks its script);
                // `>(cmd)` a file whose writes are its input (`PROC_OUT`)
                '<' | '>' if self.peek_at(1) == Some('(') && parts.is_empty() && lit.is_empty() => {
                    self.pos += 1;
                    let mark = if c == '<' { PROC_SUBST } else { PROC_OUT };
                    match self.dollar(false)? {
                        Part::Cmd { script, .. } => {
                            parts.push(Part::Cmd { script: format!("{mark}{script}"), quoted: false })
                        }
                        Part::Arith { expr, .. } => {
                            parts.push(Part::Cmd { script: format!("{mark}(({expr}))"), quoted: false })
                        }
                        p => parts.push(p),
                    }
                }
                '(' if self.extglob && !lit_quoted && lit.ends_with(['?', '*', '+', '@', '!']) => {
                    match self.ext_group() {
                        Some(group) => lit.push_str(&group),
                        None => break,
                    }
                }
                ' ' | '\t' | '\n' | '|' | '&' | ';' | '<' | '>' | '(' | ')' => break,
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
                            None => return Err(self.eof_in("'")),
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
                            None => return Err(self.eof_in("\"")),
                        }
                    }
                    if !s.is_empty() {
                        parts.push(Part::Lit { text: s, quoted: true });
                    }
                }
                '$' if self.peek_at(1) == Some('\'') => {
                    self.pos += 2;
                    flush(&mut parts, &mut lit, lit_quoted);
                    lit_quoted = false;
                    let mut s = String::new();
                    loop {
                        match self.peek() {
                            Some('\'') => break,
                            Some(c) => {
                                s.push(c);
                                self.pos += 1;
                                if c == '\\' {
                                    s.extend(self.peek());
                                    self.pos += 1;
                                }
                            }
                            None => return Err(self.eof_in("'")),
                        }
                    }
                    self.pos += 1;
                    parts.push(Part::Lit { text: super::param::ansi_c(&s), quoted: true });
                }
                '$' => {
                    self.pos += 1;
                    flush(&mut parts, &mut lit, lit_quoted);
                    lit_quoted = false;
                    parts.push(self.dollar(false)?);
                }
                // `~` and `~/...` at a word's start: $HOME, never split
                '~' if parts.is_empty()
                    && (lit.is_empty() || (!lit_quoted && lit.ends_with('=') && is_name_eq(&lit)))
                    && matches!(self.peek_at(1), None | Some('/' | ' ' | '\t' | '\n' | ';' | '|' | '&' | ')')) =>
                {
                    self.pos += 1;
                    flush(&mut parts, &mut lit, false);
                    parts.push(Part::Var { name: "HOME".into(), quoted: true });
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

    /// Blanks and backslash-newlines (a line continued).
    fn skip_blanks(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(' ' | '\t'), _) => self.pos += 1,
                (Some('\\'), Some('\n')) => self.pos += 2,
                _ => return,
            }
        }
    }

    /// After a newline: the bodies of the heredocs its line opened.
    fn read_heredocs(&mut self) -> Result<(), ParseError> {
        for (delim, strip_tabs, line) in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            loop {
                if self.pos >= self.chars.len() {
                    if !self.at_eof {
                        self.waiting = Some((delim, strip_tabs));
                        return Err(ParseError::Incomplete);
                    }
                    self.warnings.push(format!(
                        "bash: warning: here-document at line {line} delimited by end-of-file (wanted `{delim}')"
                    ));
                    break;
                }
                let end =
                    self.chars[self.pos..].iter().position(|c| *c == '\n').map_or(self.chars.len(), |i| self.pos + i);
                let text: String = self.chars[self.pos..end].iter().collect();
                self.pos = (end + 1).min(self.chars.len().max(end));
                let text = if strip_tabs { text.trim_start_matches('\t').to_string() } else { text };
                if text == delim {
                    break;
                }
                body.push_str(&text);
                body.push('\n');
            }
            self.bodies.push(body);
        }
        Ok(())
    }

    fn next(&mut self) -> Result<Option<Tok>, ParseError> {
        self.skip_blanks();
        let Some(c) = self.peek() else {
            let continued = self.chars.ends_with(&['\\', '\n']) || self.chars.ends_with(&['\\']);
            if continued && !self.at_eof {
                return Err(ParseError::Incomplete);
            }
            if !self.pending.is_empty() {
                // a heredoc opened on the last line, with no newline after it
                self.read_heredocs()?;
            }
            return Ok(None);
        };
        let tok = match (c, self.peek_at(1)) {
            ('#', _) => {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.pos += 1;
                }
                return self.next();
            }
            ('\n', _) => {
                self.pos += 1;
                self.read_heredocs()?;
                Tok::Newline
            }
            (';', Some(';')) if self.peek_at(2) == Some('&') => {
                self.pos += 3;
                Tok::DSemi(ArmEnd::TestNext)
            }
            (';', Some(';')) => {
                self.pos += 2;
                Tok::DSemi(ArmEnd::Break)
            }
            (';', Some('&')) => {
                self.pos += 2;
                Tok::DSemi(ArmEnd::FallThrough)
            }
            (';', _) => {
                self.pos += 1;
                Tok::Semi
            }
            ('(', _) => {
                self.pos += 1;
                Tok::LParen
            }
            (')', _) => {
                self.pos += 1;
                Tok::RParen
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
            // `&> file`, `&>> file`: both streams (fd 0 stands for them)
            ('&', Some('>')) => {
                self.pos += 2;
                let append = self.peek() == Some('>');
                self.pos += append as usize;
                Tok::Redir(Redirect::Out { fd: 0, target: self.target()?, append })
            }
            ('&', _) => {
                self.pos += 1;
                Tok::Amp
            }
            ('<', Some('<')) if self.peek_at(2) == Some('<') => {
                self.pos += 3;
                Tok::Redir(Redirect::HereString(self.target()?))
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
                    return Err(self.unexpected_here());
                }
                let expand = w.iter().all(|p| matches!(p, Part::Lit { quoted: false, .. }));
                let delimiter = word_source(&w);
                self.pending.push((delimiter.clone(), strip_tabs, self.line()));
                Tok::Redir(Redirect::Heredoc { delimiter, expand, strip_tabs, body: String::new() })
            }
            // `<(cmd)`: a word (process substitution), not a redirection
            ('<' | '>', Some('(')) => Tok::Word(self.word()?),
            ('<', _) => {
                self.pos += 1;
                Tok::Redir(Redirect::In(self.target()?))
            }
            ('>', Some('&')) if self.peek_at(2) == Some('2') => {
                self.pos += 3;
                Tok::Redir(Redirect::OutToErr)
            }
            ('1', Some('>'))
                if self.at_word_start() && self.peek_at(2) == Some('&') && self.peek_at(3) == Some('2') =>
            {
                self.pos += 4;
                Tok::Redir(Redirect::OutToErr)
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
        self.pos == 0 || matches!(self.chars.get(self.pos - 1), Some(' ' | '\t' | ';' | '|' | '&' | '\n' | '(' | ')'))
    }

    /// The token bash names when a redirection has no word after it.
    fn unexpected_here(&self) -> ParseError {
        let next = match (self.peek(), self.peek_at(1)) {
            (None | Some('\n'), _) => "newline".to_string(),
            (Some(a @ ('&' | '|' | ';' | '>' | '<')), Some(b)) if a == b => format!("{a}{b}"),
            (Some(c), _) => c.to_string(),
        };
        bash_syntax_error(&next)
    }

    fn target(&mut self) -> Result<Word, ParseError> {
        self.skip_blanks();
        let w = self.word()?;
        if w.is_empty() {
            return Err(self.unexpected_here());
        }
        Ok(w)
    }
}

/// Whether parentheses balance in `s` (so `$((a) + (b))` is arithmetic, `$((a); (b))` two subshells).
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// How a token is named in bash's `syntax error near unexpected token` message.
fn tok_name(t: &Option<Tok>) -> String {
    match t {
        None => String::new(),
        Some(Tok::Word(w)) => word_source(w),
        Some(Tok::Pipe) => "|".into(),
        Some(Tok::And) => "&&".into(),
        Some(Tok::Or) => "||".into(),
        Some(Tok::Semi) => ";".into(),
        Some(Tok::DSemi(e)) => e.text().into(),
        Some(Tok::Amp) => "&".into(),
        Some(Tok::Newline) => "newline".into(),
        Some(Tok::LParen) => "(".into(),
        Some(Tok::RParen) => ")".into(),
        Some(Tok::Redir(r)) => match r {
            Redirect::Out { fd: 2, append: true, .. } => "2>>".into(),
            Redirect::Out { fd: 2, .. } => "2>".into(),
            Redirect::Out { append: true, .. } => ">>".into(),
            Redirect::Out { .. } => ">".into(),
            Redirect::ErrToOut => "2>&1".into(),
            Redirect::OutToErr => ">&2".into(),
            Redirect::In(_) => "<".into(),
            Redirect::HereString(_) => "<<<".into(),
            Redirect::Heredoc { strip_tabs: true, .. } => "<<-".into(),
            Redirect::Heredoc { .. } => "<<".into(),
        },
    }
}

/// A word's text when it is all unquoted literal text (the lexer may split it into several parts).
pub fn plain_text(w: &Word) -> Option<String> {
    w.iter()
        .map(|p| match p {
            Part::Lit { text, quoted: false } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// A word as it was written, near enough for an error message.
/// Starts the script of a `<(cmd)` (kept as a command substitution that expands to a file's name).
pub const PROC_SUBST: char = '\u{1}';
/// Marks the script of a `>(...)` (see [`PROC_SUBST`]).
pub const PROC_OUT: char = '\u{2}';

pub fn word_source(w: &Word) -> String {
    w.iter()
        .map(|p| match p {
            Part::Lit { text, .. } => text.clone(),
            Part::Var { name, .. } if super::param::is_plain(name) => format!("${name}"),
            Part::Var { name, .. } => format!("${{{name}}}"),
            Part::Cmd { script, .. } => match (script.strip_prefix(PROC_SUBST), script.strip_prefix(PROC_OUT)) {
                (Some(s), _) => format!("<({s})"),
                (_, Some(s)) => format!(">({s})"),
                _ => format!("$({script})"),
            },
            Part::Arith { expr, .. } => format!("$(({expr}))"),
            Part::Array(_, shown) => format!("({shown})"),
        })
        .collect()
}

/// What ended a list.
#[derive(Debug, PartialEq)]
enum Stop {
    /// One of the reserved words it was told to stop at.
    Word(String),
    RParen,
    DSemi(ArmEnd),
}

struct Parser {
    lx: Lexer,
    peeked: Option<(usize, Option<Tok>)>,
    /// Compound commands read so far: their source span and how bash prints them (`jobs`).
    shown: Vec<(usize, usize, String)>,
    depth: usize,
}

/// Nesting deeper than this is refused (bash has no limit; a pasted text must not exhaust the stack).
const MAX_NESTING: usize = 64;

impl Parser {
    fn new(text: &str, at_eof: bool, first_line: usize) -> Parser {
        let lx = Lexer {
            chars: text.chars().collect(),
            pos: 0,
            at_eof,
            first_line,
            pending: Vec::new(),
            bodies: Vec::new(),
            warnings: Vec::new(),
            raws: Vec::new(),
            waiting: None,
            extglob: false,
        };
        Parser { lx, peeked: None, shown: Vec::new(), depth: 0 }
    }

    /// The next token and where it starts.
    fn peek(&mut self) -> Result<&Option<Tok>, ParseError> {
        if self.peeked.is_none() {
            self.lx.skip_blanks();
            let start = self.lx.pos;
            let t = self.lx.next()?;
            self.peeked = Some((start, t));
        }
        Ok(&self.peeked.as_ref().expect("peeked").1)
    }

    fn take(&mut self) -> Result<Option<Tok>, ParseError> {
        self.peek()?;
        Ok(self.peeked.take().and_then(|p| p.1))
    }

    /// Where the next token starts.
    fn here(&mut self) -> Result<usize, ParseError> {
        self.peek()?;
        Ok(self.peeked.as_ref().map_or(self.lx.pos, |p| p.0))
    }

    /// The end of input where a command must go on: more lines, or bash's error at the end.
    fn eof(&self) -> ParseError {
        if self.lx.at_eof {
            ParseError::Syntax(UNEXPECTED_EOF.into())
        } else {
            ParseError::Incomplete
        }
    }

    /// An error at the token just peeked (the end of input asks for more).
    fn unexpected(&mut self) -> ParseError {
        match self.peek() {
            Ok(None) => self.eof(),
            Ok(t) => {
                let t = t.clone();
                bash_syntax_error(&tok_name(&t))
            }
            Err(e) => e,
        }
    }

    fn reserved(&mut self, words: &[&str]) -> Result<Option<String>, ParseError> {
        Ok(match self.peek()? {
            Some(Tok::Word(w)) => reserved_word(w).filter(|k| words.contains(&k.as_str())),
            _ => None,
        })
    }

    fn skip_newlines(&mut self) -> Result<(), ParseError> {
        while matches!(self.peek()?, Some(Tok::Newline)) {
            self.take()?;
        }
        Ok(())
    }

    /// bash's top level: one command list up to a newline (with everything it opened closed).
    fn complete_command(&mut self) -> Result<Option<List>, ParseError> {
        self.skip_newlines()?;
        if self.peek()?.is_none() {
            return Ok(None);
        }
        let mut list = List::default();
        loop {
            let a = self.and_or_item(&mut list)?;
            if !a {
                break;
            }
        }
        Ok(Some(list))
    }

    /// One AND-OR list and its separator, added to `list`; false once the line (or input) ended.
    fn and_or_item(&mut self, list: &mut List) -> Result<bool, ParseError> {
        let start = self.here()?;
        let mut and_or = self.and_or()?;
        let end = self.lx.pos_before(self.peeked.as_ref().map(|p| p.0));
        let go_on = match self.peek()? {
            Some(Tok::Semi | Tok::Amp) => {
                if self.take()? == Some(Tok::Amp) {
                    and_or.background = true;
                }
                match self.peek()? {
                    Some(Tok::Newline) => {
                        self.take()?;
                        false
                    }
                    None => false,
                    _ => true,
                }
            }
            Some(Tok::Newline) => {
                self.take()?;
                false
            }
            None => false,
            _ => return Err(self.unexpected()),
        };
        and_or.text = self.text(start, end);
        list.and_ors.push(and_or);
        Ok(go_on)
    }

    /// A compound command's list, up to one of the reserved words `stops` (or `)` / `;;` when `close` says so).
    fn compound_list(&mut self, stops: &[&str], close: Option<Tok>) -> Result<(List, Stop), ParseError> {
        let mut list = List::default();
        loop {
            self.skip_newlines()?;
            if let Some(w) = self.reserved(stops)? {
                self.take()?;
                return Ok((list, Stop::Word(w)));
            }
            match self.peek()? {
                None => return Err(self.eof()),
                Some(Tok::RParen) if close == Some(Tok::RParen) => {
                    self.take()?;
                    return Ok((list, Stop::RParen));
                }
                Some(Tok::DSemi(e)) if close == Some(Tok::DSemi(ArmEnd::Break)) => {
                    let e = *e;
                    self.take()?;
                    return Ok((list, Stop::DSemi(e)));
                }
                _ => {}
            }
            let start = self.here()?;
            let mut and_or = self.and_or()?;
            let end = self.lx.pos_before(self.peeked.as_ref().map(|p| p.0));
            match self.peek()? {
                Some(Tok::Semi | Tok::Newline) => {
                    self.take()?;
                }
                Some(Tok::Amp) => {
                    self.take()?;
                    and_or.background = true;
                }
                Some(Tok::RParen) if close == Some(Tok::RParen) => {}
                Some(Tok::DSemi(_)) if close == Some(Tok::DSemi(ArmEnd::Break)) => {}
                None => {}
                _ => return Err(self.unexpected()),
            }
            and_or.text = self.text(start, end);
            list.and_ors.push(and_or);
        }
    }

    /// A list that must not be empty (bash: `then fi` is an error at `fi`).
    fn body(&mut self, stops: &[&str]) -> Result<(List, String), ParseError> {
        let (list, stop) = self.compound_list(stops, None)?;
        let Stop::Word(w) = stop else { return Err(self.eof()) };
        if list.and_ors.is_empty() {
            return Err(bash_syntax_error(&w));
        }
        Ok((list, w))
    }

    fn and_or(&mut self) -> Result<AndOr, ParseError> {
        let mut and_or = AndOr::default();
        let mut conn = Connector::Seq;
        loop {
            let p = self.pipeline()?;
            and_or.pipelines.push((conn, p));
            conn = match self.peek()? {
                Some(Tok::And) => Connector::And,
                Some(Tok::Or) => Connector::Or,
                _ => return Ok(and_or),
            };
            self.take()?;
            self.skip_newlines()?;
        }
    }

    fn pipeline(&mut self) -> Result<Pipeline, ParseError> {
        let mut bang = false;
        while self.reserved(&["!"])?.is_some() {
            self.take()?;
            bang = !bang;
        }
        let mut p = vec![self.command()?];
        p[0].bang = bang;
        while matches!(self.peek()?, Some(Tok::Pipe)) {
            self.take()?;
            self.skip_newlines()?;
            p.push(self.command()?);
        }
        Ok(p)
    }

    fn command(&mut self) -> Result<Simple, ParseError> {
        if matches!(self.peek()?, Some(Tok::Word(w)) if matches!(w.as_slice(), [Part::Lit { quoted: false, text }] if text == "function"))
        {
            return self.function_keyword();
        }
        let start = self.here()?;
        let kw = match self.peek()? {
            Some(Tok::Word(w)) if matches!(w.as_slice(), [Part::Lit { quoted: false, text }] if text == "[[") => {
                Some("[[".to_string())
            }
            Some(Tok::Word(w)) => reserved_word(w),
            Some(Tok::LParen) => Some("(".to_string()),
            None => return Err(self.eof()),
            _ => None,
        };
        let Some(kw) = kw else { return self.simple() };
        if !matches!(kw.as_str(), "if" | "while" | "until" | "for" | "select" | "case" | "{" | "(" | "[[") {
            return Err(self.unexpected());
        }
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError::Syntax("bash: stsplay: compound commands nested too deeply".into()));
        }
        self.take()?;
        let (c, shown) = self.compound(&kw)?;
        self.depth -= 1;
        let end = self.lx.pos_before(self.peeked.as_ref().map(|p| p.0));
        self.shown.retain(|(a, _, _)| *a < start);
        self.shown.push((start, end, shown));
        let mut s = Simple { compound: Some(Box::new(c)), ..Simple::default() };
        loop {
            match self.peek()? {
                Some(Tok::Redir(_)) => {
                    if let Some(Tok::Redir(r)) = self.take()? {
                        s.redirects.push(r);
                    }
                }
                Some(Tok::Word(_) | Tok::LParen) => return Err(self.unexpected()),
                _ => return Ok(s),
            }
        }
    }

    /// `function NAME [()] compound-command`, bash's other way to define a function.
    fn function_keyword(&mut self) -> Result<Simple, ParseError> {
        self.take()?;
        // peeked, not taken, so a syntax error drops the rest of this line only, as bash does
        let name = match self.peek()? {
            Some(Tok::Word(w)) if reserved_word(w).is_none() => word_source(w),
            None => return Err(self.eof()),
            _ => return Err(self.unexpected()),
        };
        self.take()?;
        // `()` after the name, or a subshell as the body
        let paren = matches!(self.peek()?, Some(Tok::LParen));
        if paren && self.lx.chars[self.lx.pos..].iter().find(|c| !matches!(c, ' ' | '\t')) == Some(&')') {
            self.take()?;
            self.take()?;
        }
        self.skip_newlines()?;
        self.function_body(name)
    }

    /// A function's body, which must be a compound command.
    fn function_body(&mut self, name: String) -> Result<Simple, ParseError> {
        let is_compound = match self.peek()? {
            Some(Tok::Word(w)) => {
                reserved_word(w)
                    .is_some_and(|k| matches!(k.as_str(), "if" | "while" | "until" | "for" | "select" | "case" | "{"))
                    || plain_text(w).as_deref() == Some("[[")
            }
            Some(Tok::LParen) => true,
            None => return Err(self.eof()),
            _ => false,
        };
        if !is_compound {
            return Err(self.unexpected());
        }
        let start = self.here()?;
        let mut body = self.command()?;
        let mut raws: Vec<(usize, Word, String)> = Vec::new();
        for (at, w, raw) in self.lx.raws.iter().filter(|r| r.0 >= start) {
            // a word read again (after a look-ahead) is the same word
            if !raws.iter().any(|r| r.0 == *at) {
                raws.push((*at, w.clone(), raw.clone()));
            }
        }
        body.raws = raws.into_iter().map(|(_, w, r)| (w, r)).collect();
        Ok(Simple { function: Some((name, Box::new(body))), ..Simple::default() })
    }

    fn simple(&mut self) -> Result<Simple, ParseError> {
        let mut s = Simple::default();
        loop {
            let at = self.here()?;
            let array = array_follows(&self.lx, at, &s);
            match self.peek()? {
                Some(Tok::Word(_)) => {
                    if let Some(Tok::Word(w)) = self.take()? {
                        s.words.push(w);
                    }
                }
                Some(Tok::Redir(_)) => {
                    if let Some(Tok::Redir(r)) = self.take()? {
                        s.redirects.push(r);
                    }
                }
                Some(Tok::LParen) if array => {
                    self.take()?;
                    let mut elems = Vec::new();
                    let mut shown = Vec::new();
                    loop {
                        let start = self.here()?;
                        match self.take()? {
                            Some(Tok::Word(w)) => {
                                elems.push(w);
                                shown.push(self.lx.chars[start..self.lx.pos].iter().collect::<String>());
                            }
                            Some(Tok::Newline) => {}
                            Some(Tok::RParen) => break,
                            None => return Err(self.eof()),
                            t => return Err(bash_syntax_error(&tok_name(&t))),
                        }
                    }
                    if let Some(w) = s.words.last_mut() {
                        w.push(Part::Array(elems, shown.join(" ")));
                    }
                }
                Some(Tok::LParen) => {
                    // `name() { ...; }`: a function definition; its body is any compound command
                    self.take()?;
                    let name =
                        s.words.first().and_then(plain_text).filter(|_| s.words.len() == 1 && s.redirects.is_empty());
                    let Some(name) = name.filter(|_| matches!(self.peek(), Ok(Some(Tok::RParen)))) else {
                        return Err(self.unexpected());
                    };
                    self.take()?;
                    self.skip_newlines()?;
                    return self.function_body(name);
                }
                _ => break,
            }
        }
        if s.is_empty() {
            return Err(self.unexpected());
        }
        let end = self.here()?.min(self.lx.chars.len());
        s.line = self.lx.first_line + self.lx.chars[..end].iter().filter(|c| **c == '\n').count();
        Ok(s)
    }

    /// The compound command after its first word `kw`, with the text bash prints for it (print_cmd.c).
    fn compound(&mut self, kw: &str) -> Result<(Compound, String), ParseError> {
        match kw {
            "if" => {
                let mut branches = Vec::new();
                let mut otherwise = None;
                loop {
                    let (cond, _) = self.body(&["then"])?;
                    let (then, stop) = self.body(&["elif", "else", "fi"])?;
                    branches.push((cond, then));
                    match stop.as_str() {
                        "elif" => continue,
                        "else" => {
                            otherwise = Some(self.body(&["fi"])?.0);
                            break;
                        }
                        _ => break,
                    }
                }
                let shown = show_if(&branches, otherwise.as_ref());
                Ok((Compound::If { branches, otherwise }, shown))
            }
            "while" | "until" => {
                let (cond, _) = self.body(&["do"])?;
                let (body, _) = self.body(&["done"])?;
                let shown = format!("{kw} {}; do\n    {};\ndone", joined(&cond), indent(&joined(&body)));
                Ok((Compound::Loop { until: kw == "until", cond, body }, shown))
            }
            "for" => self.for_loop(false),
            "select" => self.for_loop(true),
            "case" => self.case(),
            "[[" => self.cond(),
            "{" => {
                let (body, _) = self.body(&["}"])?;
                let shown = format!("{{ {}; }}", joined(&body));
                Ok((Compound::Group(body), shown))
            }
            _ => {
                // `((` right after `(`: an arithmetic command
                if self.peeked.is_none() && self.lx.peek() == Some('(') {
                    if let Some(expr) = self.arith_command() {
                        let shown = format!("(( {} ))", expr.trim());
                        return Ok((Compound::Arith(expr), shown));
                    }
                }
                let (body, stop) = self.compound_list(&[], Some(Tok::RParen))?;
                if body.and_ors.is_empty() || stop != Stop::RParen {
                    return Err(bash_syntax_error(")"));
                }
                let shown = format!("( {} )", joined(&body));
                Ok((Compound::Subshell(body), shown))
            }
        }
    }

    /// `[[ ... ]]` after its `[[`: the tokens up to the `]]` word. Newlines may follow `&&`, `||` and `(`;
    /// `|`, `;` and `&` are syntax errors there, as in bash (so a `=~` regex with `|` or `(` must be quoted
    /// or put in a variable, which bash allows too).
    fn cond(&mut self) -> Result<(Compound, String), ParseError> {
        let mut toks = Vec::new();
        loop {
            let tok = match self.take()? {
                None => return Err(self.eof()),
                Some(t) => t,
            };
            match tok {
                Tok::Word(w) if matches!(w.as_slice(), [Part::Lit { quoted: false, text }] if text == "]]") => break,
                Tok::Word(w) => {
                    let regex_next = plain_text(&w).as_deref() == Some("=~");
                    toks.push(CondTok::Word(w));
                    if regex_next {
                        if let Some(re) = self.raw_regex() {
                            toks.push(CondTok::Word(vec![Part::Lit { text: re, quoted: false }]));
                        }
                    }
                }
                Tok::And => toks.push(CondTok::Op("&&")),
                Tok::Or => toks.push(CondTok::Op("||")),
                Tok::LParen => toks.push(CondTok::Op("(")),
                Tok::RParen => toks.push(CondTok::Op(")")),
                Tok::Redir(Redirect::In(w)) => toks.extend([CondTok::Op("<"), CondTok::Word(w)]),
                Tok::Redir(Redirect::Out { fd: 1, target, append: false }) => {
                    toks.extend([CondTok::Op(">"), CondTok::Word(target)])
                }
                Tok::Newline if matches!(toks.last(), Some(CondTok::Op("&&" | "||" | "("))) => {}
                Tok::Newline => {
                    let last = match toks.last() {
                        Some(CondTok::Word(w)) => plain_text(w).unwrap_or_default(),
                        Some(CondTok::Op(o)) => o.to_string(),
                        None => String::new(),
                    };
                    let binary =
                        ["==", "=", "!=", "=~", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot"];
                    return Err(ParseError::Syntax(if binary.contains(&last.as_str()) {
                        "bash: unexpected argument `newline' to conditional binary operator".into()
                    } else if last.len() == 2 && last.starts_with('-') {
                        "bash: unexpected argument `newline' to conditional unary operator".into()
                    } else {
                        "bash: syntax error near unexpected token `newline'".into()
                    }));
                }
                other => {
                    let text = tok_name(&Some(other));
                    return Err(ParseError::Syntax(format!(
                        "bash: unexpected token `{text}', conditional binary operator expected"
                    )));
                }
            }
        }
        if toks.is_empty() {
            return Err(bash_syntax_error("]]"));
        }
        let shown = toks
            .iter()
            .map(|t| match t {
                CondTok::Word(w) => word_source(w),
                CondTok::Op(o) => o.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ");
        Ok((Compound::Cond(toks), format!("[[ {shown} ]]")))
    }

    /// The word after `=~`, read as bash reads it there: `(`, `)` and `|` belong to the regex, a backslash
    /// escape stays one for the regex. None (the word is lexed as usual) when it has quotes or an expansion.
    fn raw_regex(&mut self) -> Option<String> {
        if self.peeked.is_some() {
            return None;
        }
        let cs = &self.lx.chars;
        let mut i = self.lx.pos;
        while i < cs.len() && matches!(cs[i], ' ' | '\t') {
            i += 1;
        }
        let start = i;
        let mut depth = 0i32;
        while i < cs.len() {
            match cs[i] {
                '(' => depth += 1,
                ')' if depth > 0 => depth -= 1,
                ' ' | '\t' | '\n' | ';' | '&' if depth == 0 => break,
                ')' => break,
                // a `$` that starts an expansion; an anchor `$` (at the end, before `)` or `|`) is the regex's
                '$' if cs
                    .get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '(' | '?')) =>
                {
                    return None
                }
                '\\' => i += 1,
                '\'' | '"' | '`' => return None,
                _ => {}
            }
            i += 1;
        }
        if i == start || depth != 0 {
            return None;
        }
        let re: String = cs[start..i].iter().collect();
        self.lx.pos = i;
        Some(re)
    }

    /// `(( expr ))` after the first `(`: the expression up to the matching `))`, if there is one on the line.
    fn arith_command(&mut self) -> Option<String> {
        let start = self.lx.pos + 1;
        let mut depth = 0i32;
        let mut i = start;
        while i < self.lx.chars.len() && self.lx.chars[i] != '\n' {
            match self.lx.chars[i] {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    if self.lx.chars.get(i + 1) == Some(&')') {
                        let expr: String = self.lx.chars[start..i].iter().collect();
                        self.lx.pos = i + 2;
                        return Some(expr);
                    }
                    return None;
                }
                ')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        None
    }

    /// `for` (or `select`, which has the same shape) after its keyword.
    fn for_loop(&mut self, select: bool) -> Result<(Compound, String), ParseError> {
        if self.peeked.is_none() && !select {
            self.lx.skip_blanks();
            if self.lx.peek() == Some('(') && self.lx.peek_at(1) == Some('(') {
                return self.arith_for();
            }
        }
        let var = match self.take()? {
            Some(Tok::Word(w)) => match literal(&w).filter(|v| is_name(v)) {
                Some(v) => v,
                None => return Err(ParseError::Syntax(format!("bash: `{}': not a valid identifier", word_source(&w)))),
            },
            None => return Err(self.eof()),
            t => return Err(bash_syntax_error(&tok_name(&t))),
        };
        let mut words = Vec::new();
        let mut texts = Vec::new();
        self.skip_newlines()?;
        let has_in = self.reserved(&["in"])?.is_some();
        if has_in {
            self.take()?;
            loop {
                let start = self.here()?;
                match self.peek()? {
                    Some(Tok::Word(_)) => {
                        let Some(Tok::Word(w)) = self.take()? else { unreachable!() };
                        texts.push(self.lx.chars[start..self.lx.pos].iter().collect::<String>().trim().to_string());
                        words.push(w);
                    }
                    Some(Tok::Semi | Tok::Newline) => {
                        self.take()?;
                        break;
                    }
                    _ => return Err(self.unexpected()),
                }
            }
        } else if matches!(self.peek()?, Some(Tok::Semi)) {
            self.take()?;
        }
        self.skip_newlines()?;
        if self.reserved(&["do"])?.is_none() {
            return Err(self.unexpected());
        }
        self.take()?;
        let (body, _) = self.body(&["done"])?;
        let list = if has_in { format!(" in {}", texts.join(" ")) } else { String::new() };
        let kw = if select { "select" } else { "for" };
        let shown = format!("{kw} {var}{list};\ndo\n    {};\ndone", indent(&joined(&body)));
        if !has_in {
            // `for x; do` is `for x in "$@"; do`
            words = vec![vec![Part::Var { name: "@".into(), quoted: true }]];
        }
        match select {
            true => Ok((Compound::Select { var, words, body }, shown)),
            false => Ok((Compound::For { var, words, body }, shown)),
        }
    }

    /// `for ((INIT; TEST; STEP))` from its `((`, then `do LIST; done` or `{ LIST; }` (parse.y's arith_for_command).
    fn arith_for(&mut self) -> Result<(Compound, String), ParseError> {
        let start = self.lx.pos + 2;
        let (mut depth, mut i) = (0usize, start);
        let mut cuts = Vec::new();
        loop {
            match self.lx.chars.get(i) {
                None => return Err(self.lx.eof_in(")")),
                Some('(') => depth += 1,
                Some(')') if depth > 0 => depth -= 1,
                Some(')') if self.lx.chars.get(i + 1) == Some(&')') => break,
                Some(')') => return Err(bash_syntax_error(")")),
                Some(';') if depth == 0 => cuts.push(i),
                _ => {}
            }
            i += 1;
        }
        let text: String = self.lx.chars[start..i].iter().collect();
        self.lx.pos = i + 2;
        let [a, b] = cuts[..] else {
            return Err(ParseError::Syntax(format!(
                "bash: syntax error: arithmetic expression required\nbash: syntax error: `(({text}))'"
            )));
        };
        let part = |s: usize, e: usize| {
            let t: String = self.lx.chars[s..e].iter().collect::<String>().trim_start().to_string();
            if t.is_empty() {
                "1".to_string()
            } else {
                t
            }
        };
        let exprs = Box::new([part(start, a), part(a + 1, b), part(b + 1, i)]);
        if matches!(self.peek()?, Some(Tok::Semi)) {
            self.take()?;
        }
        self.skip_newlines()?;
        let body = match self.reserved(&["do", "{"])? {
            Some(kw) => {
                self.take()?;
                self.body(&[if kw == "do" { "done" } else { "}" }])?.0
            }
            None => return Err(self.unexpected()),
        };
        let shown =
            format!("for (({}; {}; {}))\ndo\n    {};\ndone", exprs[0], exprs[1], exprs[2], indent(&joined(&body)));
        Ok((Compound::ArithFor { exprs, body }, shown))
    }

    fn case(&mut self) -> Result<(Compound, String), ParseError> {
        let word = match self.take()? {
            Some(Tok::Word(w)) => w,
            None => return Err(self.eof()),
            t => return Err(bash_syntax_error(&tok_name(&t))),
        };
        self.skip_newlines()?;
        if self.reserved(&["in"])?.is_none() {
            return Err(self.unexpected());
        }
        self.take()?;
        let mut arms = Vec::new();
        let mut shown_arms = Vec::new();
        loop {
            self.skip_newlines()?;
            if self.reserved(&["esac"])?.is_some() {
                self.take()?;
                break;
            }
            if matches!(self.peek()?, Some(Tok::LParen)) {
                self.take()?;
            }
            let mut patterns = Vec::new();
            loop {
                match self.take()? {
                    Some(Tok::Word(w)) => patterns.push(w),
                    None => return Err(self.eof()),
                    t => return Err(bash_syntax_error(&tok_name(&t))),
                }
                match self.take()? {
                    Some(Tok::Pipe) => continue,
                    Some(Tok::RParen) => break,
                    None => return Err(self.eof()),
                    t => return Err(bash_syntax_error(&tok_name(&t))),
                }
            }
            let (body, stop) = self.compound_list(&["esac"], Some(Tok::DSemi(ArmEnd::Break)))?;
            let end = match stop {
                Stop::DSemi(e) => e,
                _ => ArmEnd::Break,
            };
            shown_arms.push(format!(
                "    {})\n        {}\n    {}",
                patterns.iter().map(word_source).collect::<Vec<_>>().join(" | "),
                indent(&indent(&joined(&body))),
                end.text()
            ));
            arms.push((patterns, body, end));
            if stop == Stop::Word("esac".into()) {
                break;
            }
        }
        let shown = format!("case {} in \n{}\nesac", word_source(&word), shown_arms.join("\n"));
        Ok((Compound::Case { word, arms }, shown))
    }

    /// An AND-OR list's source text from `start` to `end`, with its compound commands as bash prints them.
    fn text(&mut self, start: usize, end: usize) -> String {
        let mut t = String::new();
        let mut at = start;
        let (inside, rest): (Vec<_>, Vec<_>) = self.shown.drain(..).partition(|(a, _, _)| *a >= start && *a < end);
        self.shown = rest;
        for (a, b, s) in inside {
            t.extend(&self.lx.chars[at.min(a)..a]);
            t.push_str(&s);
            at = b;
        }
        t.extend(&self.lx.chars[at.min(end)..end]);
        t.trim().to_string()
    }
}

impl Lexer {
    /// The end of the text read before the token starting at `next` (or before the lexer's position).
    fn pos_before(&self, next: Option<usize>) -> usize {
        next.unwrap_or(self.pos).min(self.chars.len())
    }
}

/// Whether the `(` at `at` opens an array's elements: right after `name=` or `name+=`, in a word that may
/// assign (before the command name, or an argument of `declare`/`local`/`readonly`/`export`).
fn array_follows(lx: &Lexer, at: usize, s: &Simple) -> bool {
    let Some(last) = s.words.last() else { return false };
    let adjacent = at > 0 && lx.chars.get(at - 1) == Some(&'=');
    let first = s.words.first().and_then(plain_text);
    let declaring = matches!(first.as_deref(), Some("declare" | "local" | "readonly" | "export" | "typeset"));
    let assigns = s.words.iter().all(|w| assignment(w).is_some()) || declaring;
    adjacent && assigns && matches!(last.last(), Some(Part::Lit { quoted: false, text }) if text.ends_with('='))
}

/// The reserved word a word is, when it stands where a command name would.
fn reserved_word(w: &Word) -> Option<String> {
    match w.as_slice() {
        [Part::Lit { quoted: false, text }]
            if matches!(
                text.as_str(),
                "if" | "then"
                    | "elif"
                    | "else"
                    | "fi"
                    | "while"
                    | "until"
                    | "for"
                    | "select"
                    | "do"
                    | "done"
                    | "case"
                    | "esac"
                    | "in"
                    | "{"
                    | "}"
                    | "!"
            ) =>
        {
            Some(text.clone())
        }
        _ => None,
    }
}

/// A list's AND-OR lists as print_cmd.c joins them: `; ` between them.
fn joined(l: &List) -> String {
    l.and_ors
        .iter()
        .map(|a| if a.background { format!("{} &", a.text) } else { a.text.clone() })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A nested command's later lines, indented one level more.
fn indent(s: &str) -> String {
    s.replace('\n', "\n    ")
}

fn show_if(branches: &[(List, List)], otherwise: Option<&List>) -> String {
    let mut s = String::new();
    for (i, (c, b)) in branches.iter().enumerate() {
        s.push_str(if i == 0 { "if " } else { "else\n    if " });
        s.push_str(&format!("{}; then\n    {};\n", joined(c), indent(&joined(b))));
    }
    if let Some(o) = otherwise {
        s.push_str(&format!("else\n    {};\n", indent(&joined(o))));
    }
    for _ in 1..branches.len() {
        s.push_str("    fi;\n");
    }
    s.push_str("fi");
    s
}

fn is_name(v: &str) -> bool {
    !v.is_empty()
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !v.starts_with(|c: char| c.is_ascii_digit())
}

/// How many words one brace expansion may make (`{1..1000000000}` would exhaust the page).
const MAX_BRACE_WORDS: usize = 100_000;

/// bash's brace expansion, before any other: `a{b,c}d` is `abd acd`, `{1..3}` is `1 2 3`, `{01..10..3}`,
/// `{a..e}`; nested and repeated groups multiply. Only unquoted text expands; anything else stays as written.
pub fn brace_expand(word: &Word) -> Vec<Word> {
    let mut out = Vec::new();
    brace_into(word, &mut out);
    out
}

fn brace_into(word: &Word, out: &mut Vec<Word>) {
    if out.len() >= MAX_BRACE_WORDS {
        return;
    }
    for (i, part) in word.iter().enumerate() {
        let Part::Lit { text, quoted: false } = part else { continue };
        let chars: Vec<char> = text.chars().collect();
        for open in (0..chars.len()).filter(|k| chars[*k] == '{') {
            let Some((close, alts)) = brace_group(&chars, open) else { continue };
            let prefix: String = chars[..open].iter().collect();
            let suffix: String = chars[close + 1..].iter().collect();
            for alt in alts {
                let mut w = word[..i].to_vec();
                w.push(Part::Lit { text: format!("{prefix}{alt}{suffix}"), quoted: false });
                w.extend_from_slice(&word[i + 1..]);
                brace_into(&w, out);
                if out.len() >= MAX_BRACE_WORDS {
                    return;
                }
            }
            return;
        }
    }
    out.push(word.clone());
}

/// The group opening at `open`: where it closes and its alternatives, if it is one (`{a,b}`, `{1..3}`).
fn brace_group(chars: &[char], open: usize) -> Option<(usize, Vec<String>)> {
    let mut depth = 0;
    let mut commas = Vec::new();
    let mut close = None;
    for (k, c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            ',' if depth == 1 => commas.push(k),
            _ => {}
        }
    }
    let close = close?;
    if !commas.is_empty() {
        let mut alts = Vec::new();
        let mut from = open + 1;
        for k in commas.into_iter().chain([close]) {
            alts.push(chars[from..k].iter().collect());
            from = k + 1;
        }
        return Some((close, alts));
    }
    let inner: String = chars[open + 1..close].iter().collect();
    sequence(&inner).map(|alts| (close, alts))
}

/// `1..5`, `5..1`, `01..10`, `1..10..3`, `a..e`.
fn sequence(inner: &str) -> Option<Vec<String>> {
    let pieces: Vec<&str> = inner.split("..").collect();
    let (a, b, step) = match pieces.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(s.parse::<i64>().ok()?)),
        _ => return None,
    };
    let step = step.map(|s| s.unsigned_abs().max(1)).unwrap_or(1) as i64;
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let zero_padded = |s: &str| s.trim_start_matches('-').len() > 1 && s.trim_start_matches('-').starts_with('0');
        let width = if zero_padded(a) || zero_padded(b) { a.len().max(b.len()) } else { 0 };
        let mut out = Vec::new();
        let mut v = x;
        while (x <= y && v <= y) || (x > y && v >= y) {
            out.push(format!("{v:0width$}"));
            if out.len() >= MAX_BRACE_WORDS {
                break;
            }
            v = if x <= y { v.checked_add(step)? } else { v.checked_sub(step)? };
        }
        return Some(out);
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    let (Some(x), None, Some(y), None) = (ca.next(), ca.next(), cb.next(), cb.next()) else { return None };
    if !x.is_ascii_alphabetic() || !y.is_ascii_alphabetic() {
        return None;
    }
    let (x, y) = (x as i64, y as i64);
    let mut out = Vec::new();
    let mut v = x;
    while (x <= y && v <= y) || (x > y && v >= y) {
        out.push(char::from_u32(v as u32).map(String::from).unwrap_or_default());
        v = if x <= y { v + step } else { v - step };
    }
    Some(out)
}

/// Splits an unquoted expansion result into fields on blanks (IFS default).
pub fn split_fields(s: &str) -> Vec<String> {
    s.split([' ', '\t', '\n']).filter(|f| !f.is_empty()).map(str::to_string).collect()
}

/// Separates a function's arguments in its `$@` (a character no typed argument holds).
pub const ARG_SEP: char = '\u{1f}';

/// Expands a word into zero or more fields, resolving parameters (`var(body, quoted)`, see `param::expand`) and
/// command substitutions via callbacks. `$((...))` goes through `cmd` as the script `((EXPR))`, which no command
/// substitution can be. Callbacks run left to right, once each.
pub fn expand_word(
    word: &Word,
    var: &mut dyn FnMut(&str, bool) -> super::param::Value,
    cmd: &mut dyn FnMut(&str) -> String,
) -> Vec<String> {
    use super::param::Value;
    // Fields are built left to right; an unquoted expansion may end the current field and start new ones.
    let mut fields: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut have = false;
    // "$@" and "${a[@]}" with no items make no word, even beside the empty quoted text of their quotes
    let mut empty_lists = None;
    let add = |fields: &mut Vec<String>, cur: &mut String, have: &mut bool, val: &str, quoted: bool| {
        if quoted {
            cur.push_str(val);
            *have = true;
            return;
        }
        let starts_blank = val.starts_with([' ', '\t', '\n']);
        let ends_blank = val.ends_with([' ', '\t', '\n']);
        let parts = split_fields(val);
        if parts.is_empty() {
            if starts_blank && *have {
                fields.push(std::mem::take(cur));
                *have = false;
            }
            return;
        }
        for (i, f) in parts.iter().enumerate() {
            if i > 0 || (starts_blank && *have) {
                if *have {
                    fields.push(std::mem::take(cur));
                }
                cur.clear();
            }
            cur.push_str(f);
            *have = true;
        }
        if ends_blank {
            fields.push(std::mem::take(cur));
            *have = false;
        }
    };
    for p in word {
        match p {
            Part::Lit { text, .. } if text.is_empty() => {}
            Part::Var { name, quoted: true } if super::param::is_list(name) => empty_lists = empty_lists.or(Some(true)),
            _ => empty_lists = Some(false),
        }
        match p {
            Part::Lit { text, quoted } => {
                cur.push_str(text);
                have = have || *quoted || !text.is_empty();
            }
            Part::Var { name, quoted } => match var(name, *quoted) {
                // "$@", "${a[@]}": each item its own field
                Value::List { items, star: false } if *quoted => {
                    if !items.is_empty() {
                        empty_lists = Some(false);
                    }
                    for (i, item) in items.into_iter().enumerate() {
                        if i > 0 {
                            fields.push(std::mem::take(&mut cur));
                        }
                        cur.push_str(&item);
                        have = true;
                    }
                }
                Value::List { items, .. } => add(&mut fields, &mut cur, &mut have, &items.join(" "), *quoted),
                Value::Text(pieces) => {
                    for (t, q) in pieces {
                        add(&mut fields, &mut cur, &mut have, &t, q || *quoted)
                    }
                }
            },
            // a word that assigns an array expands it elsewhere
            Part::Array(..) => {}
            Part::Cmd { script, quoted } => {
                add(&mut fields, &mut cur, &mut have, cmd(script).trim_end_matches('\n'), *quoted)
            }
            Part::Arith { expr, quoted } => {
                add(&mut fields, &mut cur, &mut have, &cmd(&format!("(({expr}))")), *quoted)
            }
        }
    }
    if have && empty_lists != Some(true) {
        fields.push(cur);
    }
    fields
}

/// Expands a word as one field (assignments: `X=$(cmd)` and `export X=$(cmd)` are never split).
pub fn expand_joined(
    word: &Word,
    var: &mut dyn FnMut(&str, bool) -> super::param::Value,
    cmd: &mut dyn FnMut(&str) -> String,
) -> String {
    let quoted: Word = word
        .iter()
        .map(|p| match p {
            Part::Lit { text, .. } => Part::Lit { text: text.clone(), quoted: true },
            Part::Var { name, .. } => Part::Var { name: name.clone(), quoted: true },
            Part::Cmd { script, .. } => Part::Cmd { script: script.clone(), quoted: true },
            Part::Arith { expr, .. } => Part::Arith { expr: expr.clone(), quoted: true },
            Part::Array(w, t) => Part::Array(w.clone(), t.clone()),
        })
        .collect();
    // one field: the items of "$@" or "${a[@]}" joined by a space, as "$*"
    expand_word(&quoted, var, cmd).join(" ")
}

/// The name a word assigns (`X=...`, `X+=...`, `a[i]=...`), if it is an assignment.
pub fn is_assignment(word: &Word) -> Option<String> {
    assignment(word).map(|a| a.name)
}

/// An assignment word taken apart: `name[subscript]+=value`.
#[derive(Debug)]
pub struct Assignment {
    pub name: String,
    /// The subscript's text as written (`$i`, `i+1`), expanded and evaluated as arithmetic.
    pub subscript: Option<String>,
    /// The subscript as its parts (an associative array's key is expanded from them, quotes and all).
    pub key: Word,
    pub append: bool,
    pub value: Word,
}

pub fn assignment(word: &Word) -> Option<Assignment> {
    let Some(Part::Lit { text, quoted: false }) = word.first() else { return None };
    let name_end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
    if name_end == 0 || text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let name = text[..name_end].to_string();
    // the head up to `=`, across the parts a subscript's expansions split the word into
    let mut head = String::new();
    let mut key: Word = Vec::new();
    for (i, p) in word.iter().enumerate() {
        let Part::Lit { text, quoted: false } = p else {
            head.push_str(&word_source(&vec![p.clone()]));
            key.push(p.clone());
            continue;
        };
        let from = if i == 0 { name_end } else { 0 };
        let mut depth = head.matches('[').count() as i32 - head.matches(']').count() as i32;
        for (at, c) in text[from..].char_indices() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                '=' if depth == 0 => {
                    head.push_str(&text[from..from + at]);
                    key.push(Part::Lit { text: text[from..from + at].to_string(), quoted: false });
                    // the parts between `[` and `]`
                    if let Some(Part::Lit { text, .. }) = key.first_mut() {
                        *text = text.strip_prefix('[').unwrap_or(text).to_string();
                    }
                    if let Some(Part::Lit { text, .. }) = key.last_mut() {
                        let t = text.strip_suffix('+').unwrap_or(text);
                        *text = t.strip_suffix(']').unwrap_or(t).to_string();
                    }
                    let (head, append) = match head.strip_suffix('+') {
                        Some(h) => (h, true),
                        None => (head.as_str(), false),
                    };
                    let subscript = match head {
                        "" => None,
                        h => Some(h.strip_prefix('[')?.strip_suffix(']')?.to_string()),
                    };
                    if subscript.as_ref().is_some_and(|s| s.is_empty() || s.contains([']', '['])) {
                        return None;
                    }
                    let rest = &text[from + at + 1..];
                    let mut value: Word = Vec::new();
                    if !rest.is_empty() {
                        value.push(Part::Lit { text: rest.to_string(), quoted: false });
                    }
                    value.extend_from_slice(&word[i + 1..]);
                    return Some(Assignment { name, subscript, key, append, value });
                }
                _ if depth == 0 && c != '+' => return None,
                _ => {}
            }
        }
        head.push_str(&text[from..]);
        key.push(Part::Lit { text: text[from..].to_string(), quoted: false });
    }
    None
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

    /// Every command of every shell transcript test, parsed through small windows, comes out as from the whole
    /// text: the window only saves work.
    #[test]
    fn windows_parse_as_the_whole_text() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/shell");
        let mut scripts: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        scripts.retain(|p| p.extension().is_some_and(|e| e == "sh"));
        scripts.sort();
        assert!(scripts.len() > 20);
        let all = |text: &str, at_eof: bool, window: usize| {
            let mut out = Vec::new();
            let mut rest = text;
            loop {
                let r = parse_next_in(rest, at_eof, 1, window, false);
                let used = match &r {
                    Ok(Some(p)) => p.consumed,
                    Err((ParseError::Syntax(_), skip)) => *skip,
                    Ok(None) | Err((ParseError::Incomplete, _)) => rest.len(),
                };
                out.push(r);
                rest = &rest[used..];
                if rest.is_empty() {
                    return out;
                }
            }
        };
        for path in scripts {
            let text = std::fs::read_to_string(&path).unwrap();
            for at_eof in [true, false] {
                let whole = all(&text, at_eof, usize::MAX);
                for window in [1, 5, 64, 700] {
                    let got = all(&text, at_eof, window);
                    if let Some(i) = (0..got.len().max(whole.len())).find(|&i| got.get(i) != whole.get(i)) {
                        panic!(
                            "{} through a window of {window} (at_eof {at_eof}), command {i}: {:?}\nwhole text: {:?}",
                            path.display(),
                            got.get(i),
                            whole.get(i)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn heredoc_waits() {
        let cases: &[(&str, Option<(&str, bool)>)] = &[
            ("cat <<EOF\nabc\n", Some(("EOF", false))),
            ("cat <<-'X' > f\n\tabc\n", Some(("X", true))),
            ("cat <<A <<B\na\nA\n", Some(("B", false))),
            ("cat <<EOF\nEOF \n", Some(("EOF", false))),
            ("if true; then\n", None),
            ("echo 'open\n", None),
            ("cat <<EOF\nx\nEOF\n", None),
        ];
        for (text, want) in cases {
            assert_eq!(heredoc_wait(text), want.map(|(d, t)| (d.to_string(), t)), "{text:?}");
        }
    }

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
                            &mut |n, _| {
                                super::super::param::Value::Text(vec![(
                                    match n {
                                        "POD" => "web-0".into(),
                                        "TWO" => "a b".into(),
                                        _ => String::new(),
                                    },
                                    false,
                                )])
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
        let l = parse("cat <<'EOF' > f.yaml\nx: $A\nEOF\necho").unwrap();
        assert_eq!(
            l.and_ors[0].pipelines[0].1[0].redirects[0],
            Redirect::Heredoc { delimiter: "EOF".into(), expand: false, strip_tabs: false, body: "x: $A\n".into() }
        );
        assert_eq!(l.and_ors.len(), 2);
        assert!(parse("a |").is_err());
        assert_eq!(parse("| a").unwrap_err(), "bash: syntax error near unexpected token `|'");
        assert!(parse("echo 'open").is_err());
        assert!(parse("cmd 2>&1 >/dev/null").is_ok());
    }

    #[test]
    fn a_command_ends_where_its_compound_commands_and_heredocs_close() {
        let incomplete = |t: &str| parse_next(t, false, 1).unwrap_err().0 == ParseError::Incomplete;
        for open in ["if true; then\n", "for i in 1\n", "echo 'a\n", "cat <<EOF\nx\n", "a |\n", "a &&\n", "echo \\\n"] {
            assert!(incomplete(open), "{open:?}");
        }
        let p = parse_next("while false\ndo\n  cat <<E\nb\nE\ndone\necho next\n", false, 1).unwrap().unwrap();
        assert_eq!(p.consumed, "while false\ndo\n  cat <<E\nb\nE\ndone\n".len());
        let (e, skip) = parse_next("echo (\necho b\n", false, 1).unwrap_err();
        assert_eq!((e, skip), (ParseError::Syntax("bash: syntax error near unexpected token `newline'".into()), 7));
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
