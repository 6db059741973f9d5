//! Languages. Texts live in YAML, not code: `src/i18n/LANG.yaml` holds the page's own labels by key and
//! `src/lessons/LANG/ID.yaml` the lessons' texts (build.rs embeds whatever files are there). English is the
//! source: lessons are written in English with their commands and checks, other languages translate the
//! words only, so a translation can never change what a step does.

use serde::Deserialize;
use std::collections::BTreeMap;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/texts_embedded.rs"));
}

pub const DEFAULT: &str = "en";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StringsDoc {
    language: String,
    strings: BTreeMap<String, String>,
}

fn doc(lang: &str) -> Result<StringsDoc, String> {
    let path = format!("i18n/{lang}.yaml");
    let src = text(&path).ok_or_else(|| format!("no language {lang:?}"))?;
    let json = crate::yaml::load(src).map_err(|e| format!("{path}: {e}"))?;
    serde_json::from_value(json).map_err(|e| format!("{path}: {e}"))
}

/// An embedded text file by its path under `src/` (`i18n/ru.yaml`, `lessons/ru/lab.yaml`).
pub fn text(path: &str) -> Option<&'static str> {
    embedded::TEXTS.iter().find(|(p, _)| *p == path).map(|(_, t)| *t)
}

/// (code, name in its own language), English first.
pub fn languages() -> Vec<(String, String)> {
    let mut codes: Vec<&str> = embedded::TEXTS
        .iter()
        .filter_map(|(p, _)| p.strip_prefix("i18n/")?.strip_suffix(".yaml"))
        .filter(|c| !c.contains('/'))
        .collect();
    crate::sort::sort_by_key(&mut codes, |c| (*c != DEFAULT, *c));
    codes.into_iter().filter_map(|c| doc(c).ok().map(|d| (c.to_string(), d.language))).collect()
}

/// The language to show for a browser's `navigator.language` (`ru-RU` → `ru`), English when we lack it.
pub fn pick(preferred: &str) -> String {
    let base = preferred.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
    if languages().iter().any(|(c, _)| *c == base) {
        base
    } else {
        DEFAULT.to_string()
    }
}

/// The page's labels in `lang`, English where the translation lacks a key.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    pub fn load(lang: &str) -> Result<Strings, String> {
        let mut all = doc(DEFAULT)?.strings;
        if lang != DEFAULT {
            let d = doc(lang)?;
            if let Some(k) = d.strings.keys().find(|k| !all.contains_key(*k)) {
                return Err(format!("i18n/{lang}.yaml: key {k:?} is not in i18n/{DEFAULT}.yaml"));
            }
            all.extend(d.strings);
        }
        Ok(Strings(all))
    }

    /// `load`, falling back to English (and to the keys themselves if even that failed to load).
    pub fn or_english(lang: &str) -> Strings {
        Strings::load(lang).or_else(|_| Strings::load(DEFAULT)).unwrap_or_default()
    }

    /// Never fails: a missing key shows as itself, so a typo is visible on the page rather than a panic.
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// `get` with `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        args.iter().fold(self.get(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }
}

/// A sentence the core says to the page (the controller's step, why a share link cannot open): a key of
/// `LANG.yaml` and its `{name}` values, which may be sentences themselves, so the page says it in its own
/// language while the core stays free of any. `Display` gives the English text, which transcripts pin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Names, numbers, API words and other text that is the same in every language.
    Text(String),
    Msg(Message),
}

impl Message {
    pub fn new(key: &'static str) -> Message {
        Message { key, args: Vec::new() }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Message {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    pub fn msg(mut self, name: &'static str, value: Message) -> Message {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// A value that is either a sentence or nothing (an optional clause).
    pub fn opt(self, name: &'static str, value: Option<Message>) -> Message {
        match value {
            Some(m) => self.msg(name, m),
            None => self.arg(name, ""),
        }
    }

    pub fn render(&self, strings: &Strings) -> String {
        let values: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, a)| match a {
                Arg::Text(t) => (*k, t.clone()),
                Arg::Msg(m) => (*k, m.render(strings)),
            })
            .collect();
        let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        strings.fill(self.key, &pairs)
    }
}

thread_local! {
    static ENGLISH: Strings = Strings::or_english(DEFAULT);
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&ENGLISH.with(|en| self.render(en)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_itself_and_translates_every_label() {
        let langs = languages();
        assert_eq!(langs.first().map(|l| l.0.as_str()), Some(DEFAULT));
        assert!(langs.iter().any(|(c, n)| c == "ru" && n == "Русский"), "{langs:?}");
        let en = doc(DEFAULT).unwrap().strings;
        for (code, _) in &langs {
            let d = doc(code).unwrap_or_else(|e| panic!("{e}"));
            let missing: Vec<_> = en.keys().filter(|k| !d.strings.contains_key(*k)).collect();
            assert!(missing.is_empty(), "i18n/{code}.yaml lacks {missing:?}");
            for (k, v) in &d.strings {
                let holes = |s: &str| {
                    let mut h: Vec<_> = s.split('{').skip(1).filter_map(|p| p.split_once('}')).map(|p| p.0).collect();
                    crate::sort::sort(&mut h);
                    h.into_iter().map(str::to_string).collect::<Vec<_>>()
                };
                assert_eq!(holes(v), holes(&en[k]), "i18n/{code}.yaml {k}: the same placeholders as English");
            }
            Strings::load(code).unwrap();
        }
    }

    #[test]
    fn browser_languages_map_to_ours() {
        for (nav, want) in [("ru-RU", "ru"), ("ru", "ru"), ("en-US", "en"), ("de-DE", "en"), ("", "en"), ("RU", "ru")] {
            assert_eq!(pick(nav), want, "{nav}");
        }
        let s = Strings::load("ru").unwrap();
        assert_eq!(s.fill("step_of", &[("n", "2"), ("total", "12")]), "Шаг 2 из 12");
        assert_eq!(s.get("no_such_key"), "no_such_key");
    }
}
