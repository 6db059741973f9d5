//! Pathname expansion: a field with an unquoted `*`, `?` or `[...]` becomes the paths of the session's files
//! it matches, component by component, sorted as the lab machine's locale sorts them (as `ls` does, strcoll); no match
//! leaves the word as it is, unless `shopt -s nullglob` (the word goes) or `failglob` (bash's `no match` error).
//! A leading `.` must be matched by a `.` unless `dotglob`, and `.`/`..` never match (bash 5.2's `globskipdots`).
//! `globstar`: a `**` component is any number of directories (and the files in them when it is last);
//! `extglob`: `@(a|b)`-style groups (glob.rs).

use super::glob::{self, Tok};
use super::parse::{Part, Word};
use super::Session;

fn has_glob(s: &str, extglob: bool) -> bool {
    s.contains(['*', '?', '[']) || (extglob && glob::has_ext(s))
}

/// Whether pathname expansion would treat `s` as a pattern (`[a` alone is not one).
fn is_pattern(s: &str, extglob: bool) -> bool {
    has_glob(s, extglob) && glob::compile_with(s, extglob).iter().any(|t| !matches!(t, Tok::Char(_)))
}

impl Session {
    /// The fields of `word` after pathname expansion. Which characters are quoted is read from the word: a
    /// word whose glob characters are all quoted (`"*.yaml"`) is left alone.
    pub(super) fn glob_fields(&mut self, word: &Word, fields: Vec<String>) -> Vec<String> {
        let ext = self.options.shopt("extglob");
        let unquoted_source = word.iter().any(|p| match p {
            Part::Lit { text, quoted: false } => has_glob(text, ext),
            Part::Var { quoted: false, .. } | Part::Cmd { quoted: false, .. } => true,
            _ => false,
        });
        let quoted_glob = word.iter().any(|p| matches!(p, Part::Lit { text, quoted: true } if has_glob(text, ext)));
        if !unquoted_source || quoted_glob || self.options.noglob {
            return fields;
        }
        let mut out = Vec::new();
        for f in fields {
            if !is_pattern(&f, ext) {
                out.push(f);
                continue;
            }
            let found = self.glob_paths(&f);
            if !found.is_empty() {
                out.extend(found);
            } else if self.options.shopt("failglob") {
                // the command does not run: a script goes on with the next, the terminal's line ends
                if self.flow.is_none() {
                    self.expand_error(format!("no match: {f}"));
                }
            } else if !self.options.shopt("nullglob") {
                out.push(f);
            }
        }
        out
    }

    /// Everything under `base` (`""` for here), depth first: directories, and files unless `dirs_only`.
    fn descendants(&self, base: &str, dirs_only: bool, out: &mut Vec<String>) {
        let dot = self.options.shopt("dotglob");
        for (name, is_dir) in self.entries(if base.is_empty() { "." } else { base }) {
            if name.starts_with('.') && !dot {
                continue;
            }
            let path = if base.is_empty() { name } else { format!("{}/{name}", base.trim_end_matches('/')) };
            if is_dir {
                out.push(path.clone());
                self.descendants(&path, dirs_only, out);
            } else if !dirs_only {
                out.push(path);
            }
        }
    }

    fn glob_paths(&self, pattern: &str) -> Vec<String> {
        let ext = self.options.shopt("extglob");
        let (dot, globstar) = (self.options.shopt("dotglob"), self.options.shopt("globstar"));
        let mut starred = false;
        let abs = pattern.starts_with('/');
        let dir_only = pattern.ends_with('/');
        let comps: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
        // the components before the first pattern are a directory taken as it is (`/home/learner/*`)
        let fixed = comps.iter().take_while(|c| !has_glob(c, ext)).count();
        let base = comps[..fixed].join("/");
        let base = if abs { format!("/{base}") } else { base };
        if !base.is_empty() && !self.is_dir(&base) {
            return Vec::new();
        }
        let mut cands: Vec<String> = vec![base];
        for (i, comp) in comps.iter().enumerate().skip(fixed) {
            let last = i + 1 == comps.len();
            let join = |base: &str, name: &str| match base {
                "" => name.to_string(),
                "/" => format!("/{name}"),
                b => format!("{b}/{name}"),
            };
            let mut next = Vec::new();
            if globstar && *comp == "**" {
                // zero directories (the base itself, `d/` when last), then every one below it
                starred = true;
                for base in &cands {
                    match (last, base.is_empty()) {
                        (_, true) => {}
                        (true, false) if !dir_only => next.push(format!("{base}/")),
                        _ => next.push(base.clone()),
                    }
                    if !last && base.is_empty() {
                        next.push(String::new());
                    }
                    self.descendants(base, !last || dir_only, &mut next);
                }
                cands = next;
                continue;
            }
            for base in &cands {
                let dir = if base.is_empty() { "." } else { base.as_str() };
                if !has_glob(comp, ext) {
                    let p = join(base, comp);
                    if self.is_dir(&p) || (last && self.read_file(&p).is_ok()) {
                        next.push(p);
                    }
                    continue;
                }
                let toks: Vec<Tok> = glob::compile_with(comp, ext);
                let mut hits: Vec<(String, bool)> = self
                    .entries(dir)
                    .into_iter()
                    .filter(|(n, _)| !n.starts_with('.') || comp.starts_with('.') || dot)
                    .filter(|(n, is_dir)| (*is_dir || (last && !dir_only)) && glob::matches(&toks, n))
                    .collect();
                crate::sort::sort_by_key(&mut hits, |(n, _)| super::coreutils::collation_key(n));
                next.extend(hits.into_iter().map(|(n, _)| join(base, &n)));
            }
            cands = next;
            if cands.is_empty() {
                break;
            }
        }
        if dir_only {
            cands.iter_mut().for_each(|c| c.push('/'));
        }
        if starred {
            // bash sorts what a `**` found as one list
            crate::sort::sort_by_key(&mut cands, |c| super::coreutils::collation_key(c));
            cands.dedup();
        }
        cands
    }
}
