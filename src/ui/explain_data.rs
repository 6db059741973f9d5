//! `kubectl explain`'s field documentation is not in the wasm (src/shell/kubectl/explain.rs): the page fetches
//! `explain.json`, copied next to index.html by Trunk, the first time a line mentions `explain`, and replays a
//! restored session that used it once it has arrived. A learner who never runs it never downloads it; offline,
//! the command says it could not download it, and the next try fetches again.

use super::Ui;
use crate::session::share::Action;
use crate::shell::kubectl::explain;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Whether running `line` has to wait for the data.
pub fn needed(line: &str) -> bool {
    line.contains("explain") && !explain::is_loaded()
}

/// Fetches the data (a relative URL, so it works under a sub-path too); a failure leaves it missing.
pub async fn load() {
    if !explain::is_loaded() {
        if let Some(text) = fetch_text("explain.json").await {
            explain::provide(text);
        }
    }
}

async fn fetch_text(url: &str) -> Option<String> {
    let resp = JsFuture::from(web_sys::window()?.fetch_with_str(url)).await.ok()?;
    let resp: web_sys::Response = resp.dyn_into().ok()?;
    if !resp.ok() {
        return None;
    }
    JsFuture::from(resp.text().ok()?).await.ok()?.as_string()
}

/// After the boot's replay: a session whose lines ran `kubectl explain` was replayed without the data, so it is
/// replayed again once the data is here.
pub fn after_boot(ui: Ui) {
    let used = ui.log.with_untracked(|log| log.iter().any(|a| matches!(a, Action::Run { line, .. } if needed(line))));
    if used {
        leptos::task::spawn_local(async move {
            load().await;
            if explain::is_loaded() {
                let _ = ui.restore(ui.saved());
            }
        });
    }
}
