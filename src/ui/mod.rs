//! The page (Leptos, CSR). Components only: they hold signals fed from the core and call it; no
//! controller rules or Helm logic live here.

mod panic;

use leptos::prelude::*;

/// Boots the page: panic banner first, then the app.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(App);
}

/// Mounts the app for component tests (tests/wasm.rs) and keeps it mounted.
pub fn mount_for_test() {
    panic::install();
    leptos::mount::mount_to_body(App);
}

fn default_values() -> String {
    crate::charts::files("python-time-app")
        .and_then(|f| f.get("values.yaml").map(|b| String::from_utf8_lossy(b).into_owned()))
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let (values, set_values) = signal(default_values());
    let error = Memo::new(move |_| values.with(|v| crate::yaml::check(v).err()));
    view! {
        <header class="topbar">
            <h1>"StatefulSet Playground"</h1>
        </header>
        <main class="layout">
            <section class="panel chart-panel" aria-labelledby="chart-h">
                <h2 id="chart-h">"Chart: python-time-app"</h2>
                <textarea
                    class="editor"
                    aria-label="values.yaml"
                    spellcheck="false"
                    prop:value=values
                    on:input=move |ev| set_values.set(event_target_value(&ev))
                ></textarea>
                <p class="status" role="status" data-testid="values-error">
                    {move || match error.get() {
                        Some(e) => format!("values.yaml:{}:{}: {}", e.line, e.column, e.message),
                        None => String::new(),
                    }}
                </p>
            </section>
            <section class="panel" aria-label="Rendered manifests"></section>
            <section class="panel" aria-label="Cluster"></section>
        </main>
    }
}
