//! Toolbar actions, time controls and the share button. Every cluster action is the shell line a learner
//! would type (shown in the terminal), so the page teaches the commands while it animates them.

use super::share::Action;
use super::{release_for, share, use_ui};
use leptos::prelude::*;

/// The simulated wall clock: the lab's date plus the elapsed simulated time.
pub fn clock_text(now_ms: u64) -> String {
    let t = crate::cluster::EPOCH_UNIX + (now_ms / 1000) as i64;
    let day = t.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", day / 3600, day / 60 % 60, day % 60)
}

#[component]
pub fn TimeControls() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let step = move |_| {
        ui.sim.update_value(|s| s.step());
        ui.refresh(false);
        ui.pump();
        ui.save();
    };
    view! {
        <div class="time" role="group" aria-label=tr("simulated_time")>
            <button
                class="play"
                on:click=move |_| ui.playing.update(|p| *p = !*p)
                aria-pressed=move || ui.playing.get().to_string()
            >
                {move || if ui.playing.get() { tr("pause")() } else { tr("play")() }}
            </button>
            <button on:click=step title=tr("step_title")>
                {tr("step")}
            </button>
            <label>
                {tr("speed")}
                " "
                <select
                    aria-label="Speed"
                    on:change=move |ev| ui.speed.set(event_target_value(&ev).parse().unwrap_or(1.0))
                >
                    {[0.25, 1.0, 10.0, 60.0]
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.to_string() selected=move || ui.speed.get() == s>
                                    {format!("{s}×")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <input
                type="range"
                class="timeline"
                aria-label=tr("timeline")
                title=tr("timeline_title")
                min="0"
                max="1000"
                step="1"
                value="1000"
                prop:value=move || {
                    ui.now.track();
                    "1000"
                }
                on:change=move |ev| {
                    if let Ok(f) = event_target_value(&ev).parse::<f64>() {
                        let now = ui.now.get_untracked() as f64;
                        ui.rewind((now * f / 1000.0) as u64);
                    }
                }
            />
            <span class="clock" aria-label=tr("simulated_time") data-testid="clock">
                {move || clock_text(ui.now.get())}
            </span>
        </div>
    }
}

#[component]
pub fn ShareButton() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let link = RwSignal::new(String::new());
    let share = move |_| {
        let frag = share::to_fragment(&ui.saved());
        let loc = window().location();
        let base = loc.href().unwrap_or_default();
        let base = base.split('#').next().unwrap_or_default().to_string();
        let url = format!("{base}#{frag}");
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
        let _ = window().navigator().clipboard().write_text(&url);
        link.set(url);
    };
    let export = move |_| {
        let json = super::share::to_json(&ui.saved());
        let doc = document();
        if let Ok(a) = doc.create_element("a") {
            let _ = a.set_attribute("href", &super::manifests::data_url("application/json", &json));
            let _ = a.set_attribute("download", "stsplay-session.json");
            if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
                a.click();
            }
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
            let result = text
                .ok_or_else(|| crate::i18n::Message::new("share_err_unreadable"))
                .and_then(|t| super::share::from_json(&t))
                .and_then(|saved| ui.restore(saved));
            match result {
                Ok(()) => {
                    ui.save();
                    ui.notice.set(Some(ui.t().fill("imported", &[("file", &file.name())])));
                }
                Err(e) => {
                    let t = ui.t();
                    ui.notice.set(Some(t.fill("not_imported", &[("file", &file.name()), ("error", &e.render(&t))])))
                }
            }
        });
    };
    view! {
        <div class="share">
            <button on:click=export title=tr("export_title")>{tr("export")}</button>
            <label class="button import">
                {tr("import")}
                <input type="file" accept=".json,application/json" class="visually-hidden" on:change=import/>
            </label>
            <button on:click=share title=tr("share_title")>{tr("share")}</button>
            <Show when=move || !link.get().is_empty()>
                <input
                    class="share-link"
                    readonly
                    aria-label="Share link"
                    prop:value=move || link.get()
                    on:focus=move |ev| {
                        let el: web_sys::HtmlInputElement = event_target(&ev);
                        el.select();
                    }
                />
                <span class="muted" role="status">
                    {move || ui.labels.with(|t| t.fill("copied_chars", &[("n", &link.get().len().to_string())]))}
                </span>
            </Show>
        </div>
    }
}

#[component]
pub fn ActionBar() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let requests = RwSignal::new(10u32);
    let replicas = RwSignal::new(3u32);
    let partition = RwSignal::new(0u32);
    let image = RwSignal::new(String::new());
    let sts = move || ui.snap.with(|s| s.sets.first().map(|t| (t.name.clone(), t.container.clone(), t.image.clone())));
    let release = move || release_for(&ui.chart.get_untracked());
    let helm = move |verb: &'static str| {
        move |_| {
            let chart = ui.chart.get_untracked();
            let line = match verb {
                "uninstall" => format!("helm uninstall {}", release()),
                v => format!("helm {v} {} ./{chart}", release()),
            };
            ui.run(&line);
        }
    };
    let target_url = move || {
        ui.snap.with(|s| {
            s.services
                .iter()
                .find(|v| v.cluster_ip != "None" && !v.cluster_ip.is_empty() && v.name != "kubernetes")
                .map(|v| {
                    if v.port == 80 {
                        format!("http://{}/", v.name)
                    } else {
                        format!("http://{}:{}/", v.name, v.port)
                    }
                })
        })
    };
    let send = move |n: u32| {
        let Some(url) = target_url() else {
            let id = ui.id();
            ui.term.update(|t| {
                t.push(super::TermEntry {
                    id,
                    prompt: "$ ".into(),
                    line: "# send requests".into(),
                    output: format!("{}\n", ui.t().get("no_service")),
                })
            });
            return;
        };
        let at = ui.sim.with_value(super::sim::Sim::now);
        ui.perform(Action::Requests { at, n, url: url.clone() }, &format!("# send {n} request(s) to {url}"));
    };
    let on_sts = move |f: &dyn Fn(&str, &str) -> String| {
        if let Some((name, container, _)) = sts() {
            ui.run(&f(&name, &container));
        } else {
            let id = ui.id();
            ui.term.update(|t| {
                t.push(super::TermEntry {
                    id,
                    prompt: "$ ".into(),
                    line: "# statefulset action".into(),
                    output: format!("{}\n", ui.t().get("no_statefulset")),
                })
            });
        }
    };
    let target_pod = move || {
        ui.selected.get_untracked().or_else(|| ui.snap.with_untracked(|s| s.pods.first().map(|p| p.name.clone())))
    };
    let delete_pod = move |_| {
        if let Some(p) = target_pod() {
            ui.run(&format!("kubectl delete pod {p} --wait=false"));
        }
    };
    let fault = move |fault: &'static str| {
        move |_| {
            if let Some(pod) = target_pod() {
                let at = ui.sim.with_value(super::sim::Sim::now);
                let echo = super::fault_echo(&pod, fault);
                ui.perform(Action::Fault { at, pod, fault: fault.to_string() }, &echo);
            }
        }
    };
    // podManagementPolicy is immutable, so switching it is what an engineer does by hand: orphan the pods (they
    // keep running), then let Helm recreate the set with the new value, and the new set adopts them.
    let switch_policy = move |policy: &'static str| {
        move |_| {
            let installed = sts().is_some();
            on_sts(&|s, _| format!("kubectl delete statefulset {s} --cascade=orphan"));
            if !installed {
                return;
            }
            let values = ui.chart_files().get("values.yaml").cloned().unwrap_or_default();
            let chart = ui.chart.get_untracked();
            match with_top_level_value(&values, "podManagementPolicy", policy) {
                Some(edited) => {
                    ui.set_file("values.yaml", edited);
                    ui.run(&format!("helm upgrade {} ./{chart}", release()));
                }
                None => ui.run(&format!("helm upgrade {} ./{chart} --set podManagementPolicy={policy}", release())),
            }
        }
    };
    let num = |ev: &leptos::ev::Event| event_target_value(ev).parse::<u32>().ok();
    view! {
        // Form fields and regions keep the English names tests use in every language (they have no name from
        // content that could disagree with a translated label); buttons are named by their visible text.
        <div class="actions" role="toolbar" aria-label=tr("cluster_actions")>
            // A button's accessible name is its visible text in every language (WCAG 2.5.3: voice control users say
            // what they see), so the English names tests rely on are those of the default language.
            <div class="group">
                <button on:click=helm("install")>{tr("install")}</button>
                <button on:click=helm("upgrade")>{tr("upgrade")}</button>
                <button on:click=helm("uninstall")>{tr("uninstall")}</button>
            </div>
            <div class="group">
                <label>
                    {tr("requests")}
                    " "
                    <input
                        type="number"
                        min="1"
                        max="500"
                        aria-label="Number of requests"
                        prop:value=move || requests.get().to_string()
                        on:change=move |ev| requests.set(num(&ev).unwrap_or(10).clamp(1, 500))
                    />
                </label>
                <button on:click=move |_| send(requests.get_untracked())>
                    {tr("send_requests")}
                </button>
                <button on:click=move |_| send(1) title=tr("browser_tab_title")>{tr("browser_tab")}</button>
            </div>
            <div class="group">
                <label>
                    {tr("pod")}
                    " "
                    <select
                        aria-label="Pod"
                        on:change=move |ev| ui.selected.set(Some(event_target_value(&ev)).filter(|s| !s.is_empty()))
                    >
                        <option value="">{tr("first_pod")}</option>
                        <For
                            each=move || ui.snap.with(|s| s.pods.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
                            key=|n| n.clone()
                            let:n
                        >
                            {
                                let n2 = n.clone();
                                view! {
                                    <option value=n.clone() selected=move || ui.selected.with(|s| s.as_deref() == Some(n2.as_str()))>
                                        {n.clone()}
                                    </option>
                                }
                            }
                        </For>
                    </select>
                </label>
                <button on:click=delete_pod>{tr("delete_pod")}</button>
                <button on:click=fault("kill") title=tr("kill_container_title")>
                    {tr("kill_container")}
                </button>
                <button on:click=fault("unready")>{tr("fail_readiness")}</button>
                <button on:click=fault("ready")>{tr("recover_readiness")}</button>
            </div>
            <div class="group">
                <label>
                    {tr("replicas")}
                    " "
                    <input
                        type="number"
                        min="0"
                        max="20"
                        aria-label="Replicas"
                        prop:value=move || replicas.get().to_string()
                        on:change=move |ev| replicas.set(num(&ev).unwrap_or(1).min(20))
                    />
                </label>
                <button on:click=move |_| {
                    let n = replicas.get_untracked();
                    on_sts(&|s, _| format!("kubectl scale statefulset {s} --replicas={n}"))
                }>{tr("scale")}</button>
            </div>
            <div class="group">
                <label>
                    {tr("image")}
                    " "
                    <input
                        type="text"
                        aria-label="Image"
                        placeholder=move || sts().map(|s| s.2).unwrap_or_default()
                        prop:value=move || image.get()
                        on:input=move |ev| image.set(event_target_value(&ev))
                    />
                </label>
                <button on:click=move |_| {
                    let img = image.get_untracked();
                    if !img.trim().is_empty() {
                        on_sts(&|s, c| format!("kubectl set image statefulset/{s} {c}={}", img.trim()))
                    }
                }>{tr("set_image")}</button>
            </div>
            <div class="group">
                <label>
                    {tr("partition")}
                    " "
                    <input
                        type="number"
                        min="0"
                        max="20"
                        aria-label=tr("partition")
                        prop:value=move || partition.get().to_string()
                        on:change=move |ev| partition.set(num(&ev).unwrap_or(0).min(20))
                    />
                </label>
                <button on:click=move |_| {
                    let p = partition.get_untracked();
                    on_sts(&|s, _| {
                        format!(
                            "kubectl patch statefulset {s} -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\",\"rollingUpdate\":{{\"partition\":{p}}}}}}}}}'"
                        )
                    })
                }>{tr("set_partition")}</button>
                <button on:click=move |_| {
                    on_sts(&|s, _| {
                        format!(
                            "kubectl patch statefulset {s} --type merge -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}}}}'"
                        )
                    })
                }>"OnDelete"</button>
                <button on:click=move |_| {
                    on_sts(&|s, _| {
                        format!(
                            "kubectl patch statefulset {s} --type merge -p '{{\"spec\":{{\"updateStrategy\":{{\"type\":\"RollingUpdate\"}}}}}}'"
                        )
                    })
                }>"RollingUpdate"</button>
            </div>
            <div class="group">
                <button
                    on:click=switch_policy("OrderedReady")
                    title=tr("ordered_ready_title")
                >
                    "OrderedReady"
                </button>
                <button
                    on:click=switch_policy("Parallel")
                    title=tr("parallel_title")
                >
                    "Parallel"
                </button>
            </div>
        </div>
    }
}

/// `values.yaml` with a top-level `key: value` line replaced (comments and everything else kept), or `None`
/// when the file has no such line.
fn with_top_level_value(values: &str, key: &str, value: &str) -> Option<String> {
    let prefix = format!("{key}:");
    let mut found = false;
    let lines: Vec<String> = values
        .split('\n')
        .map(|l| {
            if !found && l.starts_with(&prefix) {
                found = true;
                format!("{prefix} {value}")
            } else {
                l.to_string()
            }
        })
        .collect();
    found.then(|| lines.join("\n"))
}
