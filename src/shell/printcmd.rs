//! A function as `declare -f` and `type` print it: bash's print_cmd.c re-formatting (`f () ` and `{ ` lines,
//! four spaces a level, `;` after each command of a loop or `if` body, `for x in ...;` then `do` on its own
//! line, `case` arms with `;;` under them, redirections normalized as `1>&2`), with each word as written.

use super::parse::{ArmEnd, Compound, CondTok, Connector, List, Part, Redirect, Simple, Word};

struct Printer<'a> {
    /// The body's words as written, in order, and how many were used.
    raws: &'a [(Word, String)],
    next: usize,
    /// Heredoc bodies to print after the current command's line.
    heredocs: String,
}

/// `NAME () \n{ ...\n}`: the whole definition, without a final newline.
pub fn function(name: &str, body: &Simple) -> String {
    let mut p = Printer { raws: &body.raws, next: 0, heredocs: String::new() };
    let text = match body.compound.as_deref() {
        Some(Compound::Group(list)) => p.group(list, 0) + &p.redirects(&body.redirects),
        // bash puts any other compound body in braces
        _ => format!("{{ \n    {}\n}}", p.simple(body, 1)),
    };
    format!("{name} () \n{text}")
}

fn pad(level: usize) -> String {
    "    ".repeat(level)
}

impl Printer<'_> {
    /// A word as written: the next recorded word equal to it, else rebuilt from its parts.
    fn word(&mut self, w: &Word) -> String {
        let (head, array) = match w.last() {
            Some(Part::Array(_, shown)) => (&w[..w.len() - 1], Some(shown)),
            _ => (&w[..], None),
        };
        let found = self.raws[self.next.min(self.raws.len())..].iter().position(|(rw, _)| rw.as_slice() == head);
        let text = match found {
            Some(i) => {
                self.next += i + 1;
                self.raws[self.next - 1].1.clone()
            }
            None => head.iter().map(part).collect(),
        };
        match array {
            Some(shown) => format!("{text}({shown})"),
            None => text,
        }
    }

    fn list(&mut self, l: &List, level: usize) -> String {
        let mut out = String::new();
        for (i, ao) in l.and_ors.iter().enumerate() {
            for (j, (conn, pipeline)) in ao.pipelines.iter().enumerate() {
                if j > 0 {
                    out.push_str(if *conn == Connector::And { " && " } else { " || " });
                }
                if pipeline.first().is_some_and(|s| s.bang) {
                    out.push_str("! ");
                }
                let cmds: Vec<String> = pipeline.iter().map(|s| self.simple(s, level)).collect();
                out.push_str(&cmds.join(" | "));
            }
            let last = i + 1 == l.and_ors.len();
            let heredocs = std::mem::take(&mut self.heredocs);
            if ao.background {
                out.push_str(if last { " &" } else { " & " });
            }
            out.push_str(&heredocs);
            if !last && !ao.background {
                out.push_str(if heredocs.is_empty() { ";\n" } else { "\n" });
                out.push_str(&pad(level));
            }
        }
        out
    }

    /// A body inside a loop or `if`: each command ends with `;` (a heredoc's already ends its line).
    fn body(&mut self, l: &List, level: usize) -> String {
        let text = self.list(l, level);
        let end = if text.ends_with('\n') || text.ends_with('&') { "" } else { ";" };
        format!("{}{text}{end}\n", pad(level))
    }

    fn group(&mut self, l: &List, level: usize) -> String {
        format!("{{ \n{}{}\n{}}}", pad(level + 1), self.list(l, level + 1), pad(level))
    }

    fn simple(&mut self, s: &Simple, level: usize) -> String {
        if let Some((name, body)) = &s.function {
            return function(name, body).replace('\n', &format!("\n{}", pad(level)));
        }
        let mut out = match s.compound.as_deref() {
            Some(c) => self.compound(c, level),
            None => s.words.iter().map(|w| self.word(w)).collect::<Vec<_>>().join(" "),
        };
        let r = self.redirects(&s.redirects);
        if !out.is_empty() && !r.is_empty() {
            out.push(' ');
        }
        out + &r
    }

    fn redirects(&mut self, rs: &[Redirect]) -> String {
        let mut out = Vec::new();
        for r in rs {
            out.push(match r {
                Redirect::Out { fd, target, append } => {
                    let t = self.word(target);
                    let op = if *append { ">>" } else { ">" };
                    match (fd, t.strip_prefix('&')) {
                        (1, Some(n)) => format!("1>&{n}"),
                        (1, None) => format!("{op} {t}"),
                        (0, _) => format!("&{op} {t}"),
                        _ => format!("{fd}{op} {t}"),
                    }
                }
                Redirect::ErrToOut => "2>&1".into(),
                Redirect::OutToErr => "1>&2".into(),
                Redirect::In(w) => format!("< {}", self.word(w)),
                Redirect::HereString(w) => format!("<<< {}", self.word(w)),
                Redirect::Heredoc { delimiter, expand, strip_tabs, body } => {
                    let shown = self.raws[self.next.min(self.raws.len())..]
                        .iter()
                        .position(|(w, _)| super::parse::word_source(w) == *delimiter)
                        .map(|i| {
                            self.next += i + 1;
                            self.raws[self.next - 1].1.clone()
                        });
                    let shown =
                        shown.unwrap_or_else(|| if *expand { delimiter.clone() } else { format!("'{delimiter}'") });
                    self.heredocs.push_str(&format!("\n{body}{delimiter}\n"));
                    format!("<<{}{shown}", if *strip_tabs { "-" } else { "" })
                }
            });
        }
        out.join(" ")
    }

    fn compound(&mut self, c: &Compound, level: usize) -> String {
        let p = pad(level);
        match c {
            Compound::Group(l) => self.group(l, level),
            Compound::Subshell(l) => format!("( {} )", self.list(l, level)),
            Compound::Arith(e) => format!("(( {} ))", e.trim()),
            Compound::Loop { until, cond, body } => {
                let kw = if *until { "until" } else { "while" };
                let cond = self.list(cond, level);
                format!("{kw} {cond}; do\n{}{p}done", self.body(body, level + 1))
            }
            Compound::For { var, words, body } | Compound::Select { var, words, body } => {
                let kw = if matches!(c, Compound::Select { .. }) { "select" } else { "for" };
                let words: Vec<String> = words.iter().map(|w| self.word(w)).collect();
                let words = words.join(" ");
                format!("{kw} {var} in {words};\n{p}do\n{}{p}done", self.body(body, level + 1))
            }
            Compound::ArithFor { exprs, body } => {
                let [a, b, c] = &**exprs;
                format!("for (({a}; {b}; {c}))\n{p}do\n{}{p}done", self.body(body, level + 1))
            }
            Compound::If { branches, otherwise } => self.if_(branches, otherwise.as_ref(), level),
            Compound::Case { word, arms } => {
                let mut out = format!("case {} in \n", self.word(word));
                for (pats, body, end) in arms {
                    let pats: Vec<String> = pats.iter().map(|w| self.word(w)).collect();
                    let text = self.list(body, level + 2);
                    let text = if text.is_empty() { String::new() } else { format!("{}{text}", pad(level + 2)) };
                    let end = match end {
                        ArmEnd::Break => ";;",
                        ArmEnd::FallThrough => ";&",
                        ArmEnd::TestNext => ";;&",
                    };
                    out.push_str(&format!(
                        "{}{})\n{text}\n{}{end}\n",
                        pad(level + 1),
                        pats.join(" | "),
                        pad(level + 1)
                    ));
                }
                out + &p + "esac"
            }
            Compound::Cond(toks) => {
                let toks: Vec<String> = toks
                    .iter()
                    .map(|t| match t {
                        CondTok::Word(w) => self.word(w),
                        CondTok::Op(o) => o.to_string(),
                    })
                    .collect();
                format!("[[ {} ]]", toks.join(" "))
            }
        }
    }

    /// `elif` is printed as an `if` inside `else`, as bash does.
    fn if_(&mut self, branches: &[(List, List)], otherwise: Option<&List>, level: usize) -> String {
        let p = pad(level);
        let Some(((cond, then), rest)) = branches.split_first() else { return String::new() };
        let mut out = format!("if {}; then\n{}", self.list(cond, level), self.body(then, level + 1));
        if !rest.is_empty() {
            let inner = self.if_(rest, otherwise, level + 1);
            out.push_str(&format!("{p}else\n{}{inner};\n", pad(level + 1)));
        } else if let Some(o) = otherwise {
            out.push_str(&format!("{p}else\n{}", self.body(o, level + 1)));
        }
        out + &p + "fi"
    }
}

/// A word rebuilt from its parts (when no text as written was kept).
fn part(p: &Part) -> String {
    match p {
        Part::Lit { text, quoted: false } => text.clone(),
        Part::Lit { text, quoted: true } if !text.contains('\'') => format!("'{text}'"),
        Part::Lit { text, .. } => format!("\"{}\"", text.replace(['"', '\\', '$', '`'], "\\$0")),
        Part::Var { name, quoted } => {
            let v = if super::param::is_plain(name) && !name.contains('[') {
                format!("${name}")
            } else {
                format!("${{{name}}}")
            };
            if *quoted {
                format!("\"{v}\"")
            } else {
                v
            }
        }
        Part::Cmd { .. } => super::parse::word_source(&vec![p.clone()]),
        Part::Arith { expr, .. } => format!("$(({expr}))"),
        Part::Array(_, shown) => format!("({shown})"),
    }
}
