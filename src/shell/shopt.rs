//! `shopt`: bash 5.2's table of shell options, listed and set as builtins/shopt.def does. The ones a playground
//! command can show act: `nullglob`, `failglob`, `dotglob`, `globstar` (pathname.rs), `extglob` (parse.rs
//! reads its groups, glob.rs matches them); the rest are kept and listed only. `-o` is `set -o`'s table.

use super::{options, Io, Session};

/// bash 5.2's shopt names in its order, with an interactive shell's defaults (a script's differ in
/// `expand_aliases` only).
const TABLE: &[(&str, bool)] = &[
    ("autocd", false),
    ("assoc_expand_once", false),
    ("cdable_vars", false),
    ("cdspell", false),
    ("checkhash", false),
    ("checkjobs", false),
    ("checkwinsize", true),
    ("cmdhist", true),
    ("compat31", false),
    ("compat32", false),
    ("compat40", false),
    ("compat41", false),
    ("compat42", false),
    ("compat43", false),
    ("compat44", false),
    ("complete_fullquote", true),
    ("direxpand", false),
    ("dirspell", false),
    ("dotglob", false),
    ("execfail", false),
    ("expand_aliases", true),
    ("extdebug", false),
    ("extglob", false),
    ("extquote", true),
    ("failglob", false),
    ("force_fignore", true),
    ("globasciiranges", true),
    ("globskipdots", true),
    ("globstar", false),
    ("gnu_errfmt", false),
    ("histappend", false),
    ("histreedit", false),
    ("histverify", false),
    ("hostcomplete", true),
    ("huponexit", false),
    ("inherit_errexit", false),
    ("interactive_comments", true),
    ("lastpipe", false),
    ("lithist", false),
    ("localvar_inherit", false),
    ("localvar_unset", false),
    ("login_shell", false),
    ("mailwarn", false),
    ("no_empty_cmd_completion", false),
    ("nocaseglob", false),
    ("nocasematch", false),
    ("noexpand_translation", false),
    ("nullglob", false),
    ("patsub_replacement", true),
    ("progcomp", true),
    ("progcomp_alias", false),
    ("promptvars", true),
    ("restricted_shell", false),
    ("shift_verbose", false),
    ("sourcepath", true),
    ("varredir_close", false),
    ("xpg_echo", false),
];

const USAGE: &str = "shopt: usage: shopt [-pqsu] [-o] [optname ...]\n";

fn index(name: &str) -> Option<usize> {
    TABLE.iter().position(|(n, _)| *n == name)
}

impl options::Options {
    /// A shopt option's value: its default, flipped if `shopt` changed it.
    pub fn shopt(&self, name: &str) -> bool {
        index(name).is_some_and(|i| self.shopt_value(i))
    }

    fn shopt_value(&self, i: usize) -> bool {
        let default = TABLE[i].1 && (TABLE[i].0 != "expand_aliases" || self.script.is_none());
        default != (self.shopt_flipped & (1 << i) != 0)
    }

    fn set_shopt(&mut self, i: usize, on: bool) {
        if self.shopt_value(i) != on {
            self.shopt_flipped ^= 1 << i;
        }
    }
}

/// `shopt [-pqsu] [-o] [OPTNAME...]`.
pub fn builtin(s: &mut Session, args: &[String]) -> Io {
    let (mut set, mut unset, mut print, mut quiet, mut o) = (false, false, false, false, false);
    let mut rest = args;
    while let Some(a) = rest.first().filter(|a| a.starts_with('-') && a.len() > 1) {
        rest = &rest[1..];
        if a == "--" {
            break;
        }
        for c in a[1..].chars() {
            match c {
                's' => set = true,
                'u' => unset = true,
                'p' => print = true,
                'q' => quiet = true,
                'o' => o = true,
                _ => return Io::fail(2, format!("bash: shopt: -{c}: invalid option\n{USAGE}")),
            }
        }
    }
    if set && unset {
        return Io::fail(1, "bash: shopt: cannot set and unset shell options simultaneously\n");
    }
    if o {
        return set_o(s, rest, set, unset, print, quiet);
    }
    let mut io = Io::default();
    let line = |name: &str, on: bool| match print {
        true => format!("shopt -{} {name}\n", if on { 's' } else { 'u' }),
        false => format!("{name:<15}\t{}\n", if on { "on" } else { "off" }),
    };
    if rest.is_empty() {
        if !quiet {
            for (i, (name, _)) in TABLE.iter().enumerate() {
                let on = s.options.shopt_value(i);
                if (!set && !unset) || on == set {
                    io.out(line(name, on));
                }
            }
        }
        return io;
    }
    for name in rest {
        let Some(i) = index(name) else {
            io.err(format!("bash: shopt: {name}: invalid shell option name\n"));
            io.code = 1;
            continue;
        };
        if set || unset {
            s.options.set_shopt(i, set);
            continue;
        }
        let on = s.options.shopt_value(i);
        if !on {
            io.code = 1;
        }
        if !quiet {
            io.out(line(name, on));
        }
    }
    io
}

/// `shopt -o`: the `set -o` options by the same verbs.
fn set_o(s: &mut Session, names: &[String], set: bool, unset: bool, print: bool, quiet: bool) -> Io {
    let line = |name: &str, on: bool| match print {
        true => format!("set {}o {name}\n", if on { '-' } else { '+' }),
        false => format!("{name:<15}\t{}\n", if on { "on" } else { "off" }),
    };
    let mut io = Io::default();
    if names.is_empty() {
        if !quiet {
            let all = options::values(s);
            io.out(
                all.iter()
                    .filter(|(_, on)| (!set && !unset) || *on == set)
                    .map(|(n, on)| line(n, *on))
                    .collect::<String>(),
            );
        }
        return io;
    }
    for name in names {
        let Some(on) = options::values(s).into_iter().find(|(n, _)| n == name).map(|(_, on)| on) else {
            io.err(format!("bash: shopt: {name}: invalid option name\n"));
            io.code = 1;
            continue;
        };
        if set || unset {
            let r = options::set(s, &[format!("{}o", if set { '-' } else { '+' }), name.clone()]);
            io.chunks.extend(r.chunks);
            continue;
        }
        if !on {
            io.code = 1;
        }
        if !quiet {
            io.out(line(name, on));
        }
    }
    io
}
