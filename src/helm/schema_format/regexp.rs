//! Format `regex`: Go's `regexp.Compile` error for a pattern (regexp/syntax `parse.go`).

pub fn compile_error(s: &str) -> Result<(), String> {
    regex_lite::Regex::new(s).map(|_| ()).map_err(|_| format!("error parsing regexp: `{s}`"))
}
