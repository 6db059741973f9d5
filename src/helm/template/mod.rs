//! Go's `text/template`, as Helm uses it: one template set per chart render (every file's `define`s are
//! visible to every file), `missingkey=zero`-like nil handling, Helm's engine-bound functions.
//! (Skeleton: the engine is issue 3's work.)

use super::value::Value;

/// A set of parsed templates, like Go's `*template.Template` with its associated templates.
#[derive(Default)]
pub struct Engine {
    files: Vec<(String, String)>,
}

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Parses one file under its name (`python-time-app/templates/service.yaml`); its `define`s join the set.
    /// The error is Go's parse error text (`template: NAME:LINE: ...`).
    pub fn add(&mut self, name: &str, text: &str) -> Result<(), String> {
        self.files.push((name.to_string(), text.to_string()));
        Ok(())
    }

    /// Executes the named template with `data` as dot. The error is Go's execution error text
    /// (`template: NAME:LINE:COL: executing "NAME" at <...>: ...`).
    pub fn render(&self, name: &str, _data: &Value) -> Result<String, String> {
        self.files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| format!("template: no template {name:?} associated with template \"gotpl\""))
    }
}
