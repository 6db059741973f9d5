//! `getopts` and `shift`, the two builtins a script's option loop is made of
//! (`while getopts ":ab:" opt; do case $opt in ...; done; shift $((OPTIND-1))`), as bash 5.2's getopts.def and
//! getopt.c (sh_getopt) do them: OPTIND counts words, a position inside a word of grouped letters (`-ab`) is
//! kept between calls until OPTIND is assigned, and errors are `$0: illegal option -- x` unless the optstring
//! starts with `:` (silent: the letter goes to OPTARG) or OPTERR=0.

use super::{Io, Session};

const USAGE: &str = "getopts: usage: getopts optstring name [arg ...]\n";

/// Where getopts stopped: the OPTIND it left and the letter inside that word it goes on from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Position {
    optind: i64,
    letter: usize,
}

impl Session {
    /// `shift [N]`: drops the first N positional parameters; more than there are is status 1, silently.
    pub(super) fn shift(&mut self, args: &[String]) -> Io {
        if args.len() > 1 {
            // a special builtin's usage error: a script exits, an interactive shell abandons the line
            self.flow = Some(super::Flow::Abort);
            self.script_exit();
            return Io::fail(1, "bash: shift: too many arguments\n");
        }
        let n = match args.first().map(|a| (a, a.trim().parse::<i64>())) {
            None => 1,
            Some((_, Ok(n))) if n >= 0 => n as usize,
            Some((a, Ok(_))) => return Io::fail(1, format!("bash: shift: {a}: shift count out of range\n")),
            Some((a, Err(_))) => return Io::fail(1, format!("bash: shift: {a}: numeric argument required\n")),
        };
        let all = self.positional();
        if n > all.len() {
            return Io { code: 1, ..Io::default() };
        }
        self.set_positional(&all[n..]);
        Io::default()
    }

    fn positional(&self) -> Vec<String> {
        let count = self.env.get("#").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        (1..=count).map(|i| self.env.get(&i.to_string()).cloned().unwrap_or_default()).collect()
    }

    /// `getopts OPTSTRING NAME [ARG...]`: the next option of ARGs (else of the positional parameters) into
    /// NAME; status 1 at their end.
    pub(super) fn getopts(&mut self, args: &[String]) -> Io {
        let [optstring, name, rest @ ..] = args else { return Io::fail(2, USAGE) };
        let identifier = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return Io::fail(1, format!("bash: getopts: `{name}': not a valid identifier\n"));
        }
        let words = if rest.is_empty() { self.positional() } else { rest.to_vec() };
        let (silent, letters) = match optstring.strip_prefix(':') {
            Some(l) => (true, l),
            None => (false, optstring.as_str()),
        };
        let report = !silent && self.env.get("OPTERR").is_none_or(|v| v.trim() != "0");
        let mut optind = self.env.get("OPTIND").and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(1).max(1);
        // an OPTIND set since the last call starts over at the beginning of that word
        let mut letter = match self.getopts_at {
            Position { optind: at, letter } if at == optind && letter > 0 => letter,
            _ => 0,
        };
        let mut io = Io::default();
        let word = words.get(optind as usize - 1).map(|w| w.chars().collect::<Vec<char>>());
        let word = match word {
            Some(w) if letter > 0 && letter < w.len() => w,
            Some(w) if w.len() > 1 && w[0] == '-' && !(w.len() == 2 && w[1] == '-') => {
                letter = 1;
                w
            }
            Some(w) => {
                if w == ['-', '-'] {
                    optind += 1;
                }
                return self.getopts_end(name, optind);
            }
            None => return self.getopts_end(name, optind),
        };
        let c = word[letter];
        letter += 1;
        let zero = self.env.get("0").filter(|z| !z.is_empty()).cloned().unwrap_or_else(|| "bash".into());
        let at_end = letter >= word.len();
        let known = c != ':' && letters.contains(c);
        let takes_arg = known && letters.split(c).nth(1).is_some_and(|after| after.starts_with(':'));
        let (value, optarg): (String, Option<String>) = if !known {
            if report {
                io.err(format!("{zero}: illegal option -- {c}\n"));
            }
            if at_end {
                (optind, letter) = (optind + 1, 0);
            }
            ("?".into(), silent.then(|| c.to_string()))
        } else if takes_arg {
            let attached: String = word[letter..].iter().collect();
            (optind, letter) = (optind + 1, 0);
            if !at_end {
                (c.to_string(), Some(attached))
            } else if let Some(next) = words.get(optind as usize - 1) {
                optind += 1;
                (c.to_string(), Some(next.clone()))
            } else if silent {
                (":".into(), Some(c.to_string()))
            } else {
                if report {
                    io.err(format!("{zero}: option requires an argument -- {c}\n"));
                }
                ("?".into(), None)
            }
        } else {
            if at_end {
                (optind, letter) = (optind + 1, 0);
            }
            (c.to_string(), None)
        };
        self.getopts_at = Position { optind, letter };
        self.env.insert("OPTIND".into(), optind.to_string());
        match optarg {
            Some(a) => self.env.insert("OPTARG".into(), a),
            None => self.env.remove("OPTARG"),
        };
        if let Err(e) = self.set_var(name, &value) {
            io.err(format!("{e}\n"));
            io.code = 1;
        }
        io
    }

    /// NAME=VALUE as an assignment would set it (a readonly NAME is an error).
    fn set_var(&mut self, name: &str, value: &str) -> Result<(), String> {
        super::param::Ctx::set(&mut super::Expander(self), name, value).map_err(|e| format!("bash: {e}"))
    }

    /// No option is left: NAME is `?`, OPTIND the first word after the options, status 1.
    fn getopts_end(&mut self, name: &str, optind: i64) -> Io {
        self.getopts_at = Position::default();
        self.env.insert("OPTIND".into(), optind.to_string());
        self.env.remove("OPTARG");
        let mut io = Io { code: 1, ..Io::default() };
        if let Err(e) = self.set_var(name, "?") {
            io.err(format!("{e}\n"));
        }
        io
    }
}
