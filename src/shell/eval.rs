//! `eval` and `source`/`.`: text run as commands in the current shell (its variables, functions, directory),
//! as bash 5.2 runs them in an interactive shell, error messages included (`bash: eval: line 1: ...`).

use super::{parse, Flow, Io, Session};

/// How deeply `eval` and `source` may nest (a file that sources itself): bash goes on until its stack
/// runs out; the page stops here, saying so.
const MAX_NESTING: usize = 100;

impl Session {
    /// `eval ARGS...`: the arguments joined by spaces, parsed and run here.
    pub(super) fn eval_builtin(&mut self, args: &[String]) -> Io {
        let text = args.join(" ");
        self.run_text("eval", &text)
    }

    /// `source FILE [ARGS...]` and `. FILE`: the file's commands run here, with ARGS as `$1`... while they run.
    pub(super) fn source_builtin(&mut self, name: &str, args: &[String]) -> Io {
        let Some(file) = args.first() else {
            return Io::fail(
                2,
                format!("bash: {name}: filename argument required\n{name}: usage: {name} filename [arguments]\n"),
            );
        };
        let text = match self.read_file(file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => return Io::fail(1, format!("bash: {file}: {e}\n")),
        };
        if args.len() == 1 {
            return self.run_text(file, &text);
        }
        let positional = |k: &String| k.chars().all(|c| c.is_ascii_digit()) || matches!(k.as_str(), "#" | "@" | "*");
        let saved: Vec<(String, String)> =
            self.env.iter().filter(|(k, _)| positional(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        self.env.retain(|k, _| !positional(k));
        let rest = &args[1..];
        for (i, a) in rest.iter().enumerate() {
            self.env.insert((i + 1).to_string(), a.clone());
        }
        self.env.insert("#".into(), rest.len().to_string());
        self.env.insert("@".into(), super::array::join(rest));
        self.env.insert("*".into(), rest.join(" "));
        let io = self.run_text(file, &text);
        self.env.retain(|k, _| !positional(k));
        self.env.extend(saved);
        io
    }

    /// Parses and runs `text` command by command until a syntax error; `who` is `eval` or the sourced file.
    fn run_text(&mut self, who: &str, text: &str) -> Io {
        if self.eval_depth >= MAX_NESTING {
            self.flow = Some(Flow::Abort);
            return Io::fail(
                1,
                format!(
                    "stsplay: {who}: nested deeper than {MAX_NESTING} levels (bash would go on until it crashes)\n"
                ),
            );
        }
        self.eval_depth += 1;
        let mut io = Io::default();
        let src = format!("{text}\n");
        let mut rest = src.as_str();
        let mut line = 1;
        loop {
            match parse::parse_next(rest, true, line) {
                Ok(None) => break,
                Ok(Some(p)) => {
                    line += rest[..p.consumed].matches('\n').count();
                    for w in p.warnings {
                        io.err(format!("{w}\n"));
                    }
                    let r = self.run_list(&p.list);
                    io.append(r);
                    rest = &rest[p.consumed..];
                    if self.flow.is_some() {
                        break;
                    }
                }
                Err((parse::ParseError::Syntax(e), skip)) => {
                    // the rest of the text is not run; an interactive bash names a sourced file's line and
                    // echoes it, and an eval's error reads as a typed line's
                    if who == "eval" {
                        io.err(format!("{e}\n"));
                    } else {
                        let shown = rest[..skip].trim_end_matches('\n');
                        let e = e.strip_prefix("bash: ").unwrap_or(&e);
                        let at = line + shown.matches('\n').count();
                        let last = shown.rsplit('\n').next().unwrap_or(shown);
                        io.err(format!("bash: {who}: line {at}: {e}\nbash: {who}: line {at}: `{last}'\n"));
                    }
                    io.code = 2;
                    break;
                }
                Err((parse::ParseError::Incomplete, _)) => break,
            }
        }
        self.eval_depth -= 1;
        io
    }
}
