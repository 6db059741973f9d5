//! The chart panel: a tab per file, a highlighted editor, the error's line marked with its message.
//!
//! The editor is a transparent `<textarea>` over a `<pre>` holding the highlighted copy of the same
//! text; both sit in one scroll box and share font metrics, so the caret lines up with the colours
//! (see ARCHITECTURE.md for why not CodeMirror).

use super::{highlight, share, use_ui};
use leptos::prelude::*;

/// Tab order: values.yaml, Chart.yaml, the templates, then the chart's other text files (.helmignore, README.md,
/// subcharts' files).
pub fn tab_order(files: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    let first = ["values.yaml", "Chart.yaml"];
    let mut tabs: Vec<String> = first.iter().filter(|p| files.contains_key(**p)).map(|p| p.to_string()).collect();
    tabs.extend(files.keys().filter(|p| p.starts_with("templates/")).cloned());
    tabs.extend(files.keys().filter(|p| !p.starts_with("templates/") && !first.contains(&p.as_str())).cloned());
    tabs
}

/// The name Helm gives the chart in its messages (`NAME/templates/x.yaml:3`): Chart.yaml's `name`, which a
/// copied chart keeps from its original, else the directory's last part.
pub fn helm_name(files: &std::collections::BTreeMap<String, String>, dir: &str) -> String {
    files
        .get("Chart.yaml")
        .and_then(|c| c.lines().find_map(|l| l.strip_prefix("name:")))
        .map(|n| n.trim().trim_matches(['"', '\'']).to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| dir.rsplit('/').next().unwrap_or(dir).to_string())
}

/// Where a Helm error points in the chart: (file, line). Helm names files `CHART/templates/x.yaml:LINE`.
pub fn locate(error: &str, chart: &str) -> Option<(String, usize)> {
    let prefix = format!("{chart}/");
    let mut rest = error;
    while let Some(i) = rest.find(&prefix) {
        let after = &rest[i + prefix.len()..];
        let end = after.find(|c: char| c == ':' || c == ')' || c.is_whitespace()).unwrap_or(after.len());
        let path = &after[..end];
        let line = after[end..].strip_prefix(':').and_then(|l| {
            let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        });
        if let Some(line) = line {
            return Some((path.to_string(), line));
        }
        if !path.is_empty() && (path.ends_with(".yaml") || path.ends_with(".tpl") || path.ends_with(".txt")) {
            // "YAML parse error on CHART/templates/x.yaml: ... yaml: line N: ..." (line in the rendered output).
            let line = after
                .find("line ")
                .and_then(|j| after[j + 5..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok());
            return Some((path.to_string(), line.unwrap_or(1)));
        }
        rest = after;
    }
    None
}

/// The error to show under the editor for `path`: its own YAML syntax error first, else Helm's error if it
/// names this file. (line, column, message).
fn file_error(path: &str, text: &str, render_error: Option<&str>, chart: &str) -> Option<(usize, usize, String)> {
    if path.ends_with("values.yaml") || path == "Chart.yaml" {
        if let Err(e) = crate::yaml::check(text) {
            return Some((e.line, e.column, e.message));
        }
        return None;
    }
    let err = render_error?;
    let (p, line) = locate(err, chart)?;
    let first = err.trim_start_matches("Error: ").lines().next().unwrap_or_default();
    (p == path).then(|| (line, 0, first.to_string()))
}

#[component]
pub fn ChartPanel() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let files = Memo::new(move |_| {
        let chart = ui.chart.get();
        ui.files.with(|f| f.get(&chart).cloned()).unwrap_or_else(|| share::shipped(&chart))
    });
    let tabs = Memo::new(move |_| files.with(tab_order));
    let text = Memo::new(move |_| {
        let tab = ui.tab.get();
        files.with(|f| f.get(&tab).cloned().unwrap_or_default())
    });
    let error = Memo::new(move |_| {
        let render_error = ui.render.with(|r| r.error.clone());
        let chart = files.with(|f| helm_name(f, &ui.chart.get()));
        ui.tab.with(|tab| text.with(|t| file_error(tab, t, render_error.as_deref(), &chart)))
    });
    let error_line = move || error.with(|e| e.as_ref().map(|e| e.0));
    let gutter = move || {
        let n = text.with(|t| t.split('\n').count());
        let err = error_line();
        let mut s = String::with_capacity(n * 4);
        for i in 1..=n {
            if err == Some(i) {
                s.push_str(&format!("<mark class=\"errline\" title=\"error on this line\">{i}</mark>\n"));
            } else {
                s.push_str(&format!("{i}\n"));
            }
        }
        s
    };
    let switch_chart = move |ev: leptos::ev::Event| ui.open_chart(&event_target_value(&ev));
    let in_dir = Memo::new(move |_| !crate::session::replay::is_shipped(&ui.chart.get()));
    let option = move |n: String| {
        let v = n.clone();
        view! { <option value=v selected=move || ui.chart.with(|c| *c == n)>{n.clone()}</option> }
    };
    let options = move || {
        let (shipped, dir): (Vec<String>, Vec<String>) =
            ui.charts.get().into_iter().partition(|c| crate::session::replay::is_shipped(c));
        let dir = (!dir.is_empty()).then(|| {
            view! { <optgroup label=tr("charts_dir")>{dir.into_iter().map(option).collect_view()}</optgroup> }
        });
        view! {
            <optgroup label=tr("charts_shipped")>{shipped.into_iter().map(option).collect_view()}</optgroup>
            {dir}
        }
    };
    let reset_file = move |_| {
        let path = ui.tab.get_untracked();
        let shipped = share::shipped(&ui.chart.get_untracked());
        ui.set_file(&path, shipped.get(&path).cloned().unwrap_or_default());
        ui.save();
    };
    let reset_chart = move |_| {
        let chart = ui.chart.get_untracked();
        // Files the learner added to the chart stay (they are files of the working directory, with tabs).
        ui.files.update(|f| f.entry(chart.clone()).or_default().extend(share::shipped(&chart)));
        ui.render_now();
        ui.save();
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        let delta: isize = match ev.key().as_str() {
            "ArrowRight" => 1,
            "ArrowLeft" => -1,
            _ => return,
        };
        let list = tabs.get_untracked();
        let cur = list.iter().position(|t| *t == ui.tab.get_untracked()).unwrap_or(0) as isize;
        let next = (cur + delta).rem_euclid(list.len().max(1) as isize) as usize;
        if let Some(t) = list.get(next) {
            ui.tab.set(t.clone());
            if let Some(el) = document().get_element_by_id(&tab_id(t)) {
                let _ = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&el).map(|e| e.focus());
            }
        }
    };
    // Tab inserts two spaces (YAML has no tabs); Escape then Tab leaves the editor, so keyboard users are not trapped.
    let escaped = StoredValue::new(false);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            escaped.set_value(true);
            return;
        }
        if ev.key() == "Tab" && !ev.shift_key() && !escaped.get_value() {
            ev.prevent_default();
            let ta: web_sys::HtmlTextAreaElement = event_target(&ev);
            let (start, end) =
                (ta.selection_start().ok().flatten().unwrap_or(0), ta.selection_end().ok().flatten().unwrap_or(0));
            let _ = ta.set_range_text_with_start_and_end("  ", start, end);
            let _ = ta.set_selection_range(start + 2, start + 2);
            ui.set_file(&ui.tab.get_untracked(), ta.value());
        }
        escaped.set_value(false);
    };
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-h">
            <div class="panel-head">
                <h2 id="chart-h">{tr("chart")}</h2>
                <select aria-label=tr("chart") on:change=switch_chart>
                    {options}
                </select>
                <span class="spacer"></span>
                // A working-directory chart has no shipped version to go back to.
                <button on:click=reset_file title=tr("reset_file_title") class:hidden=in_dir>{tr("reset_file")}</button>
                <button on:click=reset_chart title=tr("reset_chart_title") class:hidden=in_dir>
                    {tr("reset_chart")}
                </button>
            </div>
            {move || {
                in_dir
                    .get()
                    .then(|| {
                        let t = ui.labels.get();
                        let hint = t.fill("dir_chart_hint", &[("chart", &ui.chart.get())]);
                        let skipped = ui.skipped.with(|s| {
                            (!s.is_empty())
                                .then(|| {
                                    let kb = (crate::session::replay::EDIT_MAX / 1024).to_string();
                                    t.fill("files_skipped", &[("kb", &kb), ("files", &s.join(", "))])
                                })
                        });
                        view! {
                            <p class="dir-hint muted" data-testid="dir-hint">
                                {hint}
                                {skipped.map(|s| view! { <br/>{s} })}
                            </p>
                        }
                    })
            }}
            <div class="tabs" role="tablist" aria-label=tr("chart_files") on:keydown=on_tab_key>
                <For each=move || tabs.get() key=|t| t.clone() let:path>
                    {
                        let p = path.clone();
                        let selected = Memo::new(move |_| ui.tab.with(|t| *t == p));
                        let p2 = path.clone();
                        let label = path.strip_prefix("templates/").unwrap_or(&path).to_string();
                        view! {
                            <button
                                role="tab"
                                id=tab_id(&path)
                                class="tab"
                                aria-selected=move || selected.get().to_string()
                                aria-controls="chart-editor"
                                tabindex=move || if selected.get() { "0" } else { "-1" }
                                title=path.clone()
                                on:click=move |_| ui.tab.set(p2.clone())
                            >
                                {label}
                            </button>
                        }
                    }
                </For>
            </div>
            <div class="code" id="chart-editor" role="tabpanel" aria-label=tr("file_editor")>
                <pre class="gutter" aria-hidden="true" inner_html=gutter></pre>
                <div class="stack">
                    <pre
                        class="hl"
                        aria-hidden="true"
                        inner_html=move || text.with(|t| highlight::to_html(t, error_line()))
                    ></pre>
                    <textarea
                        aria-label=move || ui.tab.get()
                        aria-invalid=move || error.with(|e| e.is_some()).to_string()
                        aria-describedby="editor-status"
                        spellcheck="false"
                        autocapitalize="off"
                        autocomplete="off"
                        wrap="off"
                        prop:value=move || text.get()
                        on:input=move |ev| ui.set_file(&ui.tab.get_untracked(), event_target_value(&ev))
                        on:keydown=on_key
                    ></textarea>
                </div>
            </div>
            <div class="status-row">
            <p class="status" id="editor-status" role="status" data-testid="values-error">
                {move || {
                    error
                        .get()
                        .map(|(line, col, msg)| {
                            let tab = ui.tab.get();
                            if col > 0 { format!("{tab}:{line}:{col}: {msg}") } else { format!("{tab}:{line}: {msg}") }
                        })
                        .unwrap_or_default()
                }}
            </p>
            {move || {
                error_line()
                    .map(|line| {
                        let label = ui.labels.with(|t| t.fill("go_to_line", &[("line", &line.to_string())]));
                        view! { <button class="goto" on:click=move |_| goto_line(line)>{label}</button> }
                    })
            }}
            </div>
        </section>
    }
}

/// Puts the caret at the start of `line` and scrolls it into view.
fn goto_line(line: usize) {
    let Some(ta) = document()
        .query_selector("#chart-editor textarea")
        .ok()
        .flatten()
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(e).ok())
    else {
        return;
    };
    let text = ta.value();
    // Offsets in UTF-16 units, as the DOM counts them.
    let offset: usize = text.split('\n').take(line.saturating_sub(1)).map(|l| l.encode_utf16().count() + 1).sum();
    let _ = ta.focus();
    let _ = ta.set_selection_range(offset as u32, offset as u32);
    if let Some(scroller) = document().get_element_by_id("chart-editor") {
        let lh = scroller.scroll_height() as f64 / text.split('\n').count().max(1) as f64;
        scroller.set_scroll_top(((line as f64 - 4.0) * lh).max(0.0) as i32);
    }
}

fn tab_id(path: &str) -> String {
    format!("tab-{}", path.replace(['/', '.'], "-"))
}
