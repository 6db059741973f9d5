//! Light and dark themes: the system's choice by default (`prefers-color-scheme` in the stylesheet), or the
//! learner's, kept in localStorage and applied as `data-theme` on the root element, which the stylesheet
//! lets win over the media query.

use super::storage;
use leptos::prelude::*;

const KEY: &str = "stsplay.theme";

fn apply(theme: &str) {
    if let Some(root) = document().document_element() {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let saved = storage().and_then(|s| s.get_item(KEY).ok().flatten()).unwrap_or_default();
    let theme = RwSignal::new(if matches!(saved.as_str(), "light" | "dark") { saved } else { "system".into() });
    apply(&theme.get_untracked());
    let change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        apply(&v);
        if let Some(s) = storage() {
            let _ = if v == "system" { s.remove_item(KEY) } else { s.set_item(KEY, &v) };
        }
        theme.set(v);
    };
    let labels = super::use_ui().labels;
    let tr = move |k: &'static str| move || labels.with(|t| t.get(k));
    view! {
        <label class="theme">
            <span class="visually-hidden">{tr("theme")}</span>
            <select aria-label="Theme" on:change=change title=tr("theme_title")>
                {[("system", "theme_system"), ("light", "theme_light"), ("dark", "theme_dark")]
                    .into_iter()
                    .map(|(v, label)| {
                        view! {
                            <option value=v selected=move || theme.get() == v>
                                {tr(label)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
