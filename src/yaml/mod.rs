//! YAML as Kubernetes and Helm read and write it: YAML 1.1 through go-yaml v2 and sigs.k8s.io/yaml.
//! - `load`: one document → JSON (`y`/`on` are booleans, `y:` is the key `"true"`, anchors and merge keys,
//!   quoted scalars stay strings), errors in go-yaml's words with the real position beside them.
//! - `split_documents`: the `---` splitting Helm applies to values files (k8s.io/apimachinery YAMLReader).
//! - `to_yaml`: the go-yaml v2 emitter as `toYaml`/`kubectl -o yaml` print.

pub mod emit;
mod events;
pub(crate) mod gofloat;
mod load;
mod resolve;

pub use emit::to_yaml;
pub use gofloat::{format_g, format_g32};
pub use load::load;

/// A YAML error: `go` is the text Go's yaml package returns (`yaml: line 3: did not find expected key`,
/// with go-yaml's line numbering, one low for parser errors); `line`/`column` are the real 1-based position
/// of the problem for an editor's marker; `message` is the problem alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub go: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Checks that `text` is YAML Helm would accept as values (every `---` document); on failure, where and why.
pub fn check(text: &str) -> Result<(), YamlError> {
    let mut offset = 0;
    for doc in split_documents(text).map_err(|m| YamlError { line: 1, column: 1, message: m.clone(), go: m })? {
        load(&doc.text).map_err(|mut e| {
            e.line += doc.first_line - 1;
            e
        })?;
        offset += 1;
    }
    let _ = offset;
    Ok(())
}

/// One document of a multi-document stream; `first_line` is the 1-based line of the whole text it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub text: String,
    pub first_line: usize,
}

/// Splits a stream the way k8s.io/apimachinery's `YAMLReader` does for Helm's values files: a line starting
/// with `---` ends a document (only spaces or a comment may follow it); empty documents are skipped;
/// lines end in `\n` (a `\r\n` loses its `\r`). The error is `YAMLReader`'s.
pub fn split_documents(text: &str) -> Result<Vec<Document>, String> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    let mut start = 1;
    let lines: Vec<&str> = if text.is_empty() { vec![] } else { text.split_inclusive('\n').collect() };
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.strip_suffix('\n').unwrap_or(raw);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim();
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(format!("invalid Yaml document separator: {trimmed}"));
            }
            if !cur.is_empty() {
                docs.push(Document { text: std::mem::take(&mut cur), first_line: start });
            }
            start = i + 2;
            continue;
        }
        if cur.is_empty() {
            start = i + 1;
        }
        cur.push_str(line);
        cur.push('\n');
    }
    if !cur.is_empty() {
        docs.push(Document { text: cur, first_line: start });
    }
    Ok(docs)
}

#[cfg(test)]
mod tests;
