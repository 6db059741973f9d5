//! Pathname expansion: a field with an unquoted `*`, `?` or `[...]` becomes the paths of the session's files
//! it matches, component by component, sorted as the lab machine's locale sorts them (as `ls` does, strcoll); no match
//! leaves the word as it is (bash without `nullglob`). A leading `.` must be matched by a `.` (no
//! `dotglob`), and `.`/`..` never match (bash 5.2's `globskipdots`).

use super::glob::{self, Tok};
use super::parse::{Part, Word};
use super::Session;

fn has_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

impl Session {
    /// The fields of `word` after pathname expansion. Which characters are quoted is read from the word: a
    /// word whose glob characters are all quoted (`"*.yaml"`) is left alone.
    pub(super) fn glob_fields(&self, word: &Word, fields: Vec<String>) -> Vec<String> {
        let unquoted_source = word.iter().any(|p| match p {
            Part::Lit { text, quoted: false } => has_glob(text),
            Part::Var { quoted: false, .. } | Part::Cmd { quoted: false, .. } => true,
            _ => false,
        });
        let quoted_glob = word.iter().any(|p| matches!(p, Part::Lit { text, quoted: true } if has_glob(text)));
        if !unquoted_source || quoted_glob || self.options.noglob {
            return fields;
        }
        let mut out = Vec::new();
        for f in fields {
            if !has_glob(&f) {
                out.push(f);
                continue;
            }
            let found = self.glob_paths(&f);
            if found.is_empty() {
                out.push(f);
            } else {
                out.extend(found);
            }
        }
        out
    }

    fn glob_paths(&self, pattern: &str) -> Vec<String> {
        let abs = pattern.starts_with('/');
        let dir_only = pattern.ends_with('/');
        let comps: Vec<&str> = pattern.split('/').filter(|c| !c.is_empty()).collect();
        // the components before the first pattern are a directory taken as it is (`/home/learner/*`)
        let fixed = comps.iter().take_while(|c| !has_glob(c)).count();
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
            for base in &cands {
                let dir = if base.is_empty() { "." } else { base.as_str() };
                if !has_glob(comp) {
                    let p = join(base, comp);
                    if self.is_dir(&p) || (last && self.read_file(&p).is_ok()) {
                        next.push(p);
                    }
                    continue;
                }
                let toks: Vec<Tok> = glob::compile(comp);
                let mut hits: Vec<(String, bool)> = self
                    .entries(dir)
                    .into_iter()
                    .filter(|(n, _)| !n.starts_with('.') || comp.starts_with('.'))
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
        cands
    }
}
