//! The manifests panel: `helm template` output of the edited chart, one foldable block per document,
//! lines changed by the last edit marked (colour plus a bar in the margin, so not by colour alone).

use super::{diff, highlight, release_for, use_ui};
use leptos::prelude::*;
use std::collections::BTreeSet;

/// Splits `helm template` output into (source, text) documents.
fn documents(text: &str) -> Vec<(String, usize, usize)> {
    // (source, first line index, line count) over the whole text's lines.
    let lines: Vec<&str> = text.split('\n').collect();
    let mut docs: Vec<(String, usize, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if *l == "---" {
            let src = lines.get(i + 1).and_then(|n| n.strip_prefix("# Source: ")).unwrap_or("").to_string();
            docs.push((src, i, 0));
        }
        if let Some(d) = docs.last_mut() {
            d.2 += 1;
        }
    }
    if let Some(d) = docs.last_mut() {
        // The text ends with a newline: its last "line" is empty.
        if lines.last() == Some(&"") {
            d.2 -= 1;
        }
    }
    docs
}

fn docs_html(text: &str, previous: &str, folded: &BTreeSet<String>) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let old: Vec<&str> = previous.split('\n').collect();
    let changed = if previous.is_empty() { vec![false; lines.len()] } else { diff::changed_lines(&old, &lines) };
    let mut out = String::with_capacity(text.len() * 2);
    for (src, first, count) in documents(text) {
        let kind = lines[first..first + count].iter().find_map(|l| l.strip_prefix("kind: ")).unwrap_or("");
        let any_changed = changed[first..first + count].iter().any(|c| *c);
        out.push_str("<details data-src=\"");
        highlight::escape(&src, &mut out);
        out.push('"');
        if !folded.contains(&src) {
            out.push_str(" open");
        }
        out.push_str("><summary>");
        out.push_str("<span class=\"kind\">");
        highlight::escape(kind, &mut out);
        out.push_str("</span> ");
        highlight::escape(&src, &mut out);
        if any_changed {
            out.push_str(" <span class=\"chg-badge\">changed</span>");
        }
        out.push_str("</summary><pre><code>");
        for i in first..first + count {
            if changed[i] {
                out.push_str("<mark class=\"chg\">");
                highlight::line_html(lines[i], &mut out);
                out.push_str("</mark>");
            } else {
                highlight::line_html(lines[i], &mut out);
            }
            out.push('\n');
        }
        out.push_str("</code></pre></details>");
    }
    out
}

/// A `data:` URL for the download link (percent-encoding what a URL cannot hold).
pub fn data_url(mime: &str, text: &str) -> String {
    let mut s = format!("data:{mime};charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:/".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[component]
pub fn ManifestsPanel() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let folded = RwSignal::new(BTreeSet::<String>::new());
    let copied = RwSignal::new(false);
    let html = Memo::new(move |_| {
        let f = folded.get();
        ui.render.with(|r| docs_html(&r.text, &r.previous, &f))
    });
    // <summary> clicks (and Enter/Space on it) toggle the fold; the state survives re-renders.
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) else {
            return;
        };
        let Some(summary) = target.closest("summary").ok().flatten() else { return };
        let Some(src) = summary.parent_element().and_then(|d| d.get_attribute("data-src")) else { return };
        ev.prevent_default();
        folded.update(|f| {
            if !f.remove(&src) {
                f.insert(src);
            }
        });
    };
    let copy = move |_| {
        let text = ui.render.with_untracked(|r| r.text.clone());
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set(true);
        set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
    };
    view! {
        <section class="panel manifests-panel" aria-label="Rendered manifests">
            <div class="panel-head">
                <h2>{tr("manifests")}</h2>
                <code class="cmd">{move || format!("helm template {} ./{}", release_for(&ui.chart.get()), ui.chart.get())}</code>
                <span class="spacer"></span>
                <button on:click=move |_| folded.update(|f| f.clear())>{tr("unfold_all")}</button>
                <button on:click=copy>{move || if copied.get() { tr("copied")() } else { tr("copy")() }}</button>
                <a class="button" download="manifests.yaml" href=move || ui.render.with(|r| data_url("text/yaml", &r.text))>
                    {tr("download")}
                </a>
            </div>
            {move || {
                ui.render
                    .with(|r| r.error.clone())
                    .map(|e| view! { <pre class="render-error" role="alert" data-testid="render-error">{e}</pre> })
            }}
            <div
                class="docs"
                class:stale=move || ui.render.with(|r| r.error.is_some())
                title=move || ui.render.with(|r| r.error.is_some()).then(tr("stale_manifests"))
                data-testid="manifests"
                inner_html=move || html.get()
                on:click=on_click
            ></div>
        </section>
    }
}
