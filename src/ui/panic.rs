//! A panic must never leave a blank page: log it to the console and show a banner the learner can read.
//!
//! Release builds use `panic = "immediate-abort"` (scripts/release-env.sh): a panic is a bare wasm trap, no hook
//! runs, and index.html's error listener shows the same banner. The hook below serves the other builds (the
//! component tests, a stable `trunk build`), where it runs before the abort; the listener then sees the banner
//! already there.

#[cfg(not(panic = "immediate-abort"))]
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(el) = doc.create_element("div") {
                el.set_id("panic-banner");
                let _ = el.set_attribute("role", "alert");
                el.set_text_content(Some(&format!(
                    "The playground hit an internal error and stopped. Your work is saved; reload the page. ({msg})"
                )));
                if let Some(body) = doc.body() {
                    let _ = body.prepend_with_node_1(&el);
                }
            }
        }
    }));
}

/// The hook would never run: a panic aborts before any hook (see above).
#[cfg(panic = "immediate-abort")]
pub fn install() {}
