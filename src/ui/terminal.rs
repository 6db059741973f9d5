//! The terminal: an input running `Session::run`, history on Up/Down, Tab completion (`Session::tab`),
//! Ctrl-C (ends a running watch, else abandons the line), Ctrl-L (clears), a copy button per command, output
//! that scrolls. Enter runs the text; Shift+Enter (or pasting) makes it multi-line, for heredocs such as
//! `cat > f.yaml <<EOF`. A line that leaves a command open (`for ...; do`, `if ...; then`, a heredoc, a
//! trailing `|`) gets bash's `> ` prompt for the next, and Ctrl-C there abandons the command. A watch keeps
//! streaming into its entry as the page's clock advances (`Ui::pump`); while it runs there is no prompt, and a
//! new line interrupts it first, as Ctrl-C would.

use super::{use_ui, TermEntry};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Terminal() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let input = RwSignal::new(String::new());
    let open = RwSignal::new(true);
    // History position: None while editing a fresh line.
    let pos = StoredValue::new(None::<usize>);
    let out_ref = NodeRef::<leptos::html::Div>::new();
    let history = move || ui.sim.with_value(|s| s.session.history().to_vec());
    // Shows something that is not a command (a completion listing, an abandoned line); never logged.
    let show = move |line: String, output: String| {
        let id = ui.id();
        let prompt = ui.prompt.get_untracked();
        ui.term.update(|t| t.push(TermEntry { id, prompt, line, output }));
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        let ctrl = ev.ctrl_key() && !ev.meta_key() && !ev.alt_key();
        let area = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
        let selected =
            area.as_ref().is_some_and(|a| a.selection_start().ok().flatten() != a.selection_end().ok().flatten());
        match key.as_str() {
            "Enter" if !ev.shift_key() => {
                ev.prevent_default();
                let line = input.get_untracked();
                // inside an open command (bash's `> `) an empty line counts: a heredoc's blank line
                if !line.trim().is_empty() || ui.prompt.get_untracked() == "> " {
                    // in the order typed, even while an earlier line waits for a download
                    ui.type_line(line.trim_end());
                }
                input.set(String::new());
                pos.set_value(None);
            }
            // Ctrl-C copies when text is selected, as terminals do
            "c" | "C" if ctrl && !selected => {
                ev.prevent_default();
                if ui.busy.get_untracked() {
                    ui.interrupt();
                } else {
                    show(format!("{}^C", input.get_untracked()), String::new());
                    if ui.prompt.get_untracked() == "> " {
                        // abandons the command still open, as bash does at its `> ` prompt
                        ui.interrupt();
                    }
                }
                input.set(String::new());
                pos.set_value(None);
            }
            "l" | "L" if ctrl => {
                ev.prevent_default();
                // a running watch keeps its entry (emptied) to stream into
                let fg = ui.fg.get_value().map(|(_, id)| id);
                ui.term.update(|t| {
                    t.retain(|e| Some(e.id) == fg);
                    for e in t.iter_mut() {
                        e.output.clear();
                    }
                });
            }
            "Tab" if !ev.shift_key() && !ctrl => {
                ev.prevent_default();
                let Some(area) = area else { return };
                let text = input.get_untracked();
                let cursor = area.selection_end().ok().flatten().map_or(text.len(), |c| c as usize);
                // the cursor is in UTF-16 units; completion works on the text before it
                let before: String = String::from_utf16_lossy(&text.encode_utf16().take(cursor).collect::<Vec<_>>());
                let after = &text[before.len().min(text.len())..];
                let tab = ui.sim.with_value(|s| s.session.tab(&before));
                if let Some(listing) = tab.listing {
                    show(text.clone(), listing);
                }
                if tab.line != before {
                    let new = format!("{}{after}", tab.line);
                    input.set(new.clone());
                    area.set_value(&new);
                    let at = tab.line.encode_utf16().count() as u32;
                    let _ = area.set_selection_range(at, at);
                }
            }
            "ArrowUp" | "ArrowDown" if !input.with_untracked(|i| i.contains('\n')) => {
                ev.prevent_default();
                let h = history();
                if h.is_empty() {
                    return;
                }
                let next = match (key.as_str(), pos.get_value()) {
                    ("ArrowUp", None) => Some(h.len() - 1),
                    ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                    ("ArrowDown", Some(i)) if i + 1 < h.len() => Some(i + 1),
                    _ => None,
                };
                pos.set_value(next);
                input.set(next.map(|i| h[i].clone()).unwrap_or_default());
            }
            _ => {}
        }
    };
    // Keep the newest output in view.
    Effect::new(move |_| {
        ui.term.track();
        if let Some(el) = out_ref.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <section class="panel terminal-panel" aria-label=tr("terminal_panel")>
            <div class="panel-head">
                <h2>{tr("terminal")}</h2>
                <span class="muted">{tr("terminal_intro")}</span>
                <span class="spacer"></span>
                <button
                    aria-expanded=move || open.get().to_string()
                    aria-controls="term-body"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || if open.get() { tr("collapse")() } else { tr("expand")() }}
                </button>
            </div>
            <div id="term-body" class="term-body" class:collapsed=move || !open.get()>
                <div class="term-out" node_ref=out_ref role="log" aria-label="Terminal output" tabindex="0">
                    // re-keyed when the output changes, so a streaming watch redraws its entry: `kubectl get -w`
                    // grows it, `watch` replaces its screen with one often as long (the date differs)
                    <For each=move || ui.term.get() key=|e| (e.id, e.output.len(), output_mark(&e.output)) let:e>
                        <div
                            class="entry"
                            data-running=move || {
                                (ui.busy.get() && ui.fg.get_value().map(|f| f.1) == Some(e.id)).then_some("true")
                            }
                        >
                            {entry_head(&e.prompt, &e.line, ui.labels)}
                            <pre>{clip(&e.output, ui.labels)}</pre>
                        </div>
                    </For>
                </div>
                <div class="term-in" class:busy=move || ui.busy.get()>
                    <span class="prompt" aria-hidden="true">
                        {move || if ui.busy.get() { String::new() } else { ui.prompt.get().trim_end().to_string() }}
                    </span>
                    <textarea
                        rows=move || input.with(|i| i.lines().count().clamp(1, 12).to_string())
                        aria-label="Terminal"
                        placeholder=move || if ui.busy.get() { tr("term_running")() } else { tr("term_placeholder")() }
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

/// The entry's command line with its copy button (none for echoed toolbar actions, listings, `^C` lines).
fn entry_head(prompt: &str, line: &str, labels: Memo<crate::i18n::Strings>) -> Option<impl IntoView> {
    let copy_label = move || labels.with(|t| t.get("copy_command"));
    if line.is_empty() {
        return None;
    }
    let copyable = !line.starts_with('#') && !line.ends_with("^C");
    let text = line.to_string();
    Some(view! {
        <div class="cmdline">
            <span class="prompt" aria-hidden="true">{prompt.to_string()}</span>
            <span class="cmd">{clip(line, labels)}</span>
            {copyable
                .then(|| {
                    view! {
                        <button
                            class="copy"
                            aria-label=copy_label
                            title=copy_label
                            on:click=move |_| {
                                let _ = window().navigator().clipboard().write_text(&text);
                            }
                        >
                            // Drawn, not a glyph: U+29C9 is missing from common fonts (DejaVu, Android's),
                            // where it showed as an empty box.
                            <svg viewBox="0 0 12 12" width="11" height="11" aria-hidden="true">
                                <rect x="3.5" y="0.5" width="8" height="8" fill="none" stroke="currentColor" />
                                <path d="M8.5 9.5v2h-8v-8h2" fill="none" stroke="currentColor" />
                            </svg>
                        </button>
                    }
                })}
        </div>
    })
}

/// Lines of one command's text or output the terminal lays out: a 5 MB paste is 400,000 lines, and laying them
/// out took the browser seconds at each new entry. The first and last halves are shown, with a line saying how
/// many are not (the copy button and the session keep the whole text; `less` and `tail` read the files).
const SHOWN_LINES: usize = 4000;

fn clip(text: &str, labels: Memo<crate::i18n::Strings>) -> String {
    let Some((head, hidden, tail)) = clip_at(text, SHOWN_LINES) else { return text.to_string() };
    let note = labels.with_untracked(|t| t.fill("term_lines_hidden", &[("n", &hidden.to_string())]));
    format!("{}\n{note}\n{}", &text[..head], &text[tail..])
}

/// Where a text longer than `shown` lines is cut: the end of its first half, how many lines are left out, and
/// the start of its last half. `None` when it is shown whole.
fn clip_at(text: &str, shown: usize) -> Option<(usize, usize, usize)> {
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let lines = newlines.len() + usize::from(!text.ends_with('\n') && !text.is_empty());
    if lines <= shown {
        return None;
    }
    let half = shown / 2;
    // the first `half` lines end at newline half-1; the last `half` start after newline lines-half-1
    let head = newlines[half - 1];
    let tail = newlines[lines - half - 1] + 1;
    Some((head, lines - 2 * half, tail))
}

/// A cheap fingerprint of an entry's output for the list's keys: its first and last 128 bytes (FNV-1a).
fn output_mark(out: &str) -> u64 {
    let b = out.as_bytes();
    let ends = b.iter().take(128).chain(b.iter().skip(b.len().saturating_sub(128)));
    ends.fold(0xcbf2_9ce4_8422_2325u64, |h, x| (h ^ u64::from(*x)).wrapping_mul(0x100_0000_01b3))
}
