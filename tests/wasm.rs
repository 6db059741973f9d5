//! Component tests: the Leptos UI mounted in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Leptos applies reactive props in a scheduled effect: let it run.
async fn tick() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

#[wasm_bindgen_test]
async fn app_mounts_with_values_editor() {
    stsplay::ui::mount_for_test();
    tick().await;
    let editor = doc().query_selector("textarea[aria-label='values.yaml']").unwrap().expect("values editor");
    let editor: web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::dyn_into(editor).unwrap();
    assert!(editor.value().contains("replicaCount"), "default values.yaml shown");
    let h1 = doc().query_selector("h1").unwrap().unwrap();
    assert_eq!(h1.text_content().unwrap(), "StatefulSet Playground");
}
