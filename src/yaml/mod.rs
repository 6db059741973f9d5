//! YAML as Kubernetes and Helm read and write it (YAML 1.1 via go-yaml v2 and sigs.k8s.io/yaml).

pub mod emit;
pub use emit::to_yaml;

/// A YAML syntax error with a 1-based position, for the editor's marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

/// Checks that `text` is one well-formed YAML document; on failure, where and why.
pub fn check(text: &str) -> Result<(), YamlError> {
    match serde_norway::from_str::<serde_norway::Value>(text) {
        Ok(_) => Ok(()),
        Err(e) => {
            let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
            let message = e.to_string();
            // serde_norway appends " at line L column C"; the position is reported separately.
            let message = match message.find(" at line ") {
                Some(i) => message[..i].to_string(),
                None => message,
            };
            Err(YamlError { line, column, message })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_line_and_column() {
        assert!(check("a: 1\nb: [1, 2]\n").is_ok());
        let e = check("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        let e = check("a:\n  b: 1\n c: 2\n").unwrap_err();
        assert_eq!(e.line, 3, "{e:?}");
    }
}
