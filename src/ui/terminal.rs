//! The terminal: an input running `Session::run_line`, history on Up/Down, output that scrolls. Enter runs
//! the text; Shift+Enter (or pasting) makes it multi-line, for heredocs such as `cat > f.yaml <<EOF`.

use super::use_ui;
use leptos::prelude::*;

#[component]
pub fn Terminal() -> impl IntoView {
    let ui = use_ui();
    let input = RwSignal::new(String::new());
    let open = RwSignal::new(true);
    // History position: None while editing a fresh line.
    let pos = StoredValue::new(None::<usize>);
    let out_ref = NodeRef::<leptos::html::Div>::new();
    let history = move || {
        ui.term.with_untracked(|t| {
            t.iter().filter(|e| !e.line.starts_with('#')).map(|e| e.line.clone()).collect::<Vec<_>>()
        })
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" if !ev.shift_key() => {
            ev.prevent_default();
            let line = input.get_untracked();
            if line.trim() == "clear" {
                ui.term.set(Vec::new());
            } else if !line.trim().is_empty() {
                ui.run(line.trim_end());
            }
            input.set(String::new());
            pos.set_value(None);
        }
        "ArrowUp" | "ArrowDown" if !input.with_untracked(|i| i.contains('\n')) => {
            ev.prevent_default();
            let h = history();
            if h.is_empty() {
                return;
            }
            let next = match (ev.key().as_str(), pos.get_value()) {
                ("ArrowUp", None) => Some(h.len() - 1),
                ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowDown", Some(i)) if i + 1 < h.len() => Some(i + 1),
                _ => None,
            };
            pos.set_value(next);
            input.set(next.map(|i| h[i].clone()).unwrap_or_default());
        }
        "l" if ev.ctrl_key() => {
            ev.prevent_default();
            ui.term.set(Vec::new());
        }
        _ => {}
    };
    // Keep the newest output in view.
    Effect::new(move |_| {
        ui.term.track();
        if let Some(el) = out_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <section class="panel terminal-panel" aria-label="Terminal panel">
            <div class="panel-head">
                <h2>"Terminal"</h2>
                <span class="muted">"kubectl, helm, curl, nslookup … (the same shell as stsplay run)"</span>
                <span class="spacer"></span>
                <button
                    aria-expanded=move || open.get().to_string()
                    aria-controls="term-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { "Collapse" } else { "Expand" }}
                </button>
            </div>
            <div id="term-body" class="term-body" class:collapsed=move || !open.get()>
            <div class="term-out" node_ref=out_ref role="log" aria-label="Terminal output" tabindex="0">
                <For each=move || ui.term.get() key=|e| e.id let:e>
                    <div class="entry">
                        <div class="cmdline">
                            <span class="prompt" aria-hidden="true">"$ "</span>
                            {e.line}
                        </div>
                        <pre>{e.output}</pre>
                    </div>
                </For>
            </div>
            <div class="term-in">
                <span class="prompt" aria-hidden="true">"$"</span>
                <textarea
                    rows=move || input.with(|i| i.lines().count().clamp(1, 12).to_string())
                    aria-label="Terminal"
                    placeholder="kubectl get po,sts,svc,pvc"
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=on_key
                ></textarea>
            </div>
            </div>
        </section>
    }
}
