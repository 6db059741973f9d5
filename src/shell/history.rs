//! How bash's `cmdhist` stores a command typed over several lines as one history entry: each later line
//! joined to the entry by what parse.y's `history_delimiting_chars` and bashhist.c's `bash_add_history`
//! choose from the tokens that ended the line before: `; ` after a command, a space after `do`, `then`, `{`,
//! `|`, `&&`..., a newline inside quotes and around a here-document's body (whose lines keep their newline),
//! nothing for a backslash-newline (the backslash goes). A comment line is left out and the next line starts
//! on a new line, as bash 5.2 shows it.

/// The history entry for a complete command's source text, one line per typed line.
pub fn entry(text: &str) -> String {
    let text = text.strip_suffix('\n').unwrap_or(text);
    let mut out = String::new();
    let mut st = Scan::default();
    let mut after_comment = false;
    let mut prev_blank = false;
    for (n, line) in text.split('\n').enumerate() {
        if n == 0 {
            out.push_str(line);
            st.line(line);
            continue;
        }
        if let Some((delim, strip)) = st.heredocs.first().cloned() {
            // a here-document's body: its lines keep their newline, the first one starts a new line
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            let l = if strip { line.trim_start_matches('\t') } else { line };
            if l == delim {
                st.heredocs.remove(0);
            }
            continue;
        }
        let blank = line.trim().is_empty();
        let comment = line.trim_start().starts_with('#') && st.quote.is_none();
        if comment && st.quote.is_none() {
            after_comment = true;
            continue;
        }
        let mut sep = if out.ends_with('\\') && st.quote != Some('\'') {
            out.pop();
            ""
        } else if st.quote.is_some() || after_comment {
            "\n"
        } else if st.array > 0 || (prev_blank && !blank) {
            " "
        } else if line.contains("<<") {
            "\n"
        } else if blank {
            if prev_blank {
                ""
            } else {
                "; "
            }
        } else {
            st.delimiter(line)
        };
        if out.ends_with('\n') && sep.starts_with(';') {
            sep = &sep[1..];
        }
        after_comment = false;
        prev_blank = blank;
        out.push_str(sep);
        out.push_str(line);
        if !blank {
            st.line(line);
        }
    }
    out
}

/// What the lines read so far leave open, and the tokens that ended the last one.
#[derive(Default)]
struct Scan {
    /// An open quote at the end of the text (`'` or `"`).
    quote: Option<char>,
    /// How many `name=(` are open (bash joins an array's lines with a space).
    array: usize,
    /// Here-documents opened and not yet read: delimiter, `<<-`.
    heredocs: Vec<(String, bool)>,
    /// The last two tokens of the last line, roughly as bash's lexer saw them.
    last: String,
    before: String,
}

impl Scan {
    fn line(&mut self, line: &str) {
        let cs: Vec<char> = line.chars().collect();
        let mut words: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut i = 0;
        let flush = |cur: &mut String, words: &mut Vec<String>| {
            if !cur.is_empty() {
                words.push(std::mem::take(cur));
            }
        };
        while i < cs.len() {
            let c = cs[i];
            match self.quote {
                Some('\'') => {
                    if c == '\'' {
                        self.quote = None;
                    }
                    cur.push(c);
                }
                Some(_) => {
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        self.quote = None;
                    }
                    cur.push(c);
                }
                None => match c {
                    '\\' => {
                        cur.push(c);
                        if let Some(n) = cs.get(i + 1) {
                            cur.push(*n);
                        }
                        i += 1;
                    }
                    '\'' | '"' => {
                        self.quote = Some(c);
                        cur.push(c);
                    }
                    '#' if cur.is_empty() => break,
                    ' ' | '\t' => flush(&mut cur, &mut words),
                    '<' if cs.get(i + 1) == Some(&'<') && cs.get(i + 2) != Some(&'<') => {
                        flush(&mut cur, &mut words);
                        let strip = cs.get(i + 2) == Some(&'-');
                        let mut j = i + 2 + strip as usize;
                        while cs.get(j).is_some_and(|c| *c == ' ' || *c == '\t') {
                            j += 1;
                        }
                        let start = j;
                        while cs.get(j).is_some_and(|c| !" \t;&|<>()".contains(*c)) {
                            j += 1;
                        }
                        let delim: String = cs[start..j].iter().filter(|c| !matches!(c, '\'' | '"' | '\\')).collect();
                        if !delim.is_empty() {
                            self.heredocs.push((delim, strip));
                        }
                        words.push("<<".into());
                        i = j;
                        continue;
                    }
                    '(' if cur.ends_with('=') => {
                        self.array += 1;
                        cur.push(c);
                    }
                    ')' if self.array > 0 => {
                        self.array -= 1;
                        cur.push(c);
                    }
                    ';' | '&' | '|' | '(' | ')' | '<' | '>' => {
                        flush(&mut cur, &mut words);
                        // operators as one token: `&&`, `||`, `;;`, `;&`, `;;&`, `()`
                        let mut op = c.to_string();
                        while cs.get(i + 1).is_some_and(|n| ";&|".contains(*n) && op.len() < 3 && c != '(' && c != ')')
                        {
                            i += 1;
                            op.push(cs[i]);
                        }
                        words.push(op);
                    }
                    _ => cur.push(c),
                },
            }
            i += 1;
        }
        flush(&mut cur, &mut words);
        let mut it = words.into_iter().rev();
        if let Some(l) = it.next() {
            self.last = l;
            self.before = it.next().unwrap_or_else(|| ";".into());
        }
    }

    /// The characters that join the next line (`line`) to the entry.
    fn delimiter(&self, line: &str) -> &'static str {
        let (last, before) = (self.last.as_str(), self.before.as_str());
        let command_position = matches!(before, ";" | "&" | "|" | "&&" | "||" | "(" | "{" | ")" | ";;" | "do" | "then");
        let reserved = ["do", "then", "else", "if", "while", "until", "case", "{", "!"];
        match last {
            ")" if before == "(" => " ",
            ")" => "; ",
            ";" | "&" | "|" | "&&" | "||" | "(" | ";;" | ";&" | ";;&" => " ",
            "in" if !command_position => " ",
            w if reserved.contains(&w) && (command_position || self.last == self.before) => " ",
            _ if before == "function" || before == "case" => " ",
            _ if before == "for" => {
                if line.trim_start().starts_with("in") {
                    " "
                } else {
                    ";"
                }
            }
            _ => "; ",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::entry;

    /// Each entry as bash 5.2 shows it in `history` after the same lines were typed (checked under `script`).
    #[test]
    fn multi_line_commands_join_as_bash_joins_them() {
        for (typed, want) in [
            ("for i in 1 2; do\necho $i\ndone", "for i in 1 2; do echo $i; done"),
            ("if true\nthen\n  echo a\nfi", "if true; then   echo a; fi"),
            ("cat <<EOF\nx\nEOF", "cat <<EOF\nx\nEOF\n"),
            ("echo a \\\nb", "echo a b"),
            ("true &&\necho and", "true && echo and"),
            ("true |\ncat", "true | cat"),
            ("f() {\necho x\n}", "f() { echo x; }"),
            ("case x in\nx) echo y;;\nesac", "case x in x) echo y;; esac"),
            ("echo \"a\nb\"", "echo \"a\nb\""),
            ("for i in 1\n\ndo echo $i; done", "for i in 1;  do echo $i; done"),
            ("while false\n# a comment\ndo :; done", "while false\ndo :; done"),
            ("{\necho g\n}", "{ echo g; }"),
            ("(\necho s\n)", "( echo s; )"),
            ("a=(1\n2)", "a=(1 2)"),
        ] {
            assert_eq!(entry(typed), want, "{typed:?}");
        }
    }
}
