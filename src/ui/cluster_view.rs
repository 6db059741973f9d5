//! The cluster panel: Services on top, a column per StatefulSet ordinal with the pod card above its
//! PersistentVolumeClaim, request dots travelling from the Service to the pod that served them, the
//! StatefulSet's counters and the event log. A claim keeps its column when its pod is gone, so a deleted
//! pod visibly comes back to the same volume.

use super::snapshot::{PodView, PvcView, Snapshot};
use super::{controls, use_ui};
use leptos::prelude::*;

pub const DOT_MS: f64 = 700.0;
const COL: f64 = 180.0;
const CARD_W: f64 = 164.0;
const CARD_H: f64 = 124.0;
const SVC_W: f64 = 176.0;
const SVC_H: f64 = 50.0;
const POD_Y: f64 = 104.0;
const PVC_Y: f64 = 276.0;
const PVC_H: f64 = 54.0;
const HEIGHT: f64 = 344.0;

/// The pod a claim belongs to: `TEMPLATE-STS-N` claims belong to pod `STS-N`.
fn column_of_pvc(c: &PvcView, s: &Snapshot) -> String {
    if !c.bound_to.is_empty() {
        return c.bound_to.clone();
    }
    if let Some(ord) = c.ordinal {
        for sts in &s.sets {
            if c.name.ends_with(&format!("-{}-{ord}", sts.name)) {
                return format!("{}-{ord}", sts.name);
            }
        }
    }
    if let Some(p) = s.pods.iter().find(|p| c.name.ends_with(&format!("-{}", p.name))) {
        return p.name.clone();
    }
    format!("pvc:{}", c.name)
}

/// Column keys (pod names), grouped by owner and sorted by ordinal.
fn columns(s: &Snapshot) -> Vec<String> {
    let mut keys: Vec<String> = s.pods.iter().map(|p| p.name.clone()).collect();
    keys.extend(s.pvcs.iter().map(|c| column_of_pvc(c, s)));
    let sort_key = |k: &String| {
        let (base, ord) =
            k.rsplit_once('-').map_or((k.as_str(), u32::MAX), |(b, o)| (b, o.parse().unwrap_or(u32::MAX)));
        (base.to_string(), ord, k.clone())
    };
    crate::sort::sort_by_key(&mut keys, sort_key);
    keys.dedup();
    keys
}

fn hue(rev: &str) -> u32 {
    rev.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32)) % 360
}

fn status_class(p: &PodView) -> &'static str {
    match p.status.as_str() {
        "Running" if p.ready => "st-ready",
        "Running" => "st-unready",
        "Terminating" => "st-terminating",
        "Pending" | "ContainerCreating" | "PodInitializing" => "st-pending",
        _ => "st-failed",
    }
}

fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let tail: String = name.chars().rev().take(max - 1).collect::<Vec<_>>().into_iter().rev().collect();
    format!("…{tail}")
}

/// `name` cut to `max` characters at its end (a reason reads from its start).
fn short_end(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let head: String = name.chars().take(max - 1).collect();
    format!("{head}…")
}

/// The card's visible lines, in the page's language. The accessible name starts with exactly these words, so
/// what a sighted user reads is what a screen reader or voice control hears (WCAG 2.5.3).
fn card_lines(p: &PodView, t: &crate::i18n::Strings) -> [String; 5] {
    [
        format!("{} {}", p.ordinal.map(|o| format!("#{o}")).unwrap_or_default(), short(&p.name, 16)),
        p.status.clone(),
        t.fill("pod_ready_line", &[("ready", &p.ready_text), ("restarts", &p.restarts.to_string())]),
        // an unscheduled pod serves no visits: the card says why it waits instead (as `describe` would)
        if p.unschedulable.is_empty() {
            format!("{} {}", t.get("pod_visits"), p.visits.as_deref().unwrap_or("–"))
        } else {
            short_end(super::snapshot::first_reason(&p.unschedulable), 19)
        },
        if p.revision.is_empty() { String::new() } else { format!("rev {}", short(&p.revision, 14)) },
    ]
}

#[component]
fn PodCard(key: String) -> impl IntoView {
    let ui = use_ui();
    let key = StoredValue::new(key);
    let pod = Memo::new(move |_| ui.snap.with(|s| key.with_value(|k| s.pods.iter().find(|p| p.name == *k).cloned())));
    let get = move |f: fn(&PodView) -> String| move || pod.with(|p| p.as_ref().map(f).unwrap_or_default());
    let lines =
        Memo::new(move |_| pod.with(|p| ui.labels.with(|t| p.as_ref().map(|p| card_lines(p, t)).unwrap_or_default())));
    let line = move |i: usize| move || lines.with(|l| l[i].clone());
    let select = move || ui.selected.set(Some(key.get_value()));
    view! {
        <Show when=move || pod.with(Option::is_some)>
            <g
                class=move || {
                    pod.with(|p| {
                        let p = p.as_ref().map(status_class).unwrap_or_default();
                        format!("pod {p}")
                    })
                }
                class:selected=move || ui.selected.with(|s| key.with_value(|k| s.as_deref() == Some(k.as_str())))
                data-testid=get(|p| format!("pod-{}", p.name))
                data-phase=get(|p| p.phase.clone())
                data-status=get(|p| p.status.clone())
                data-ready=get(|p| p.ready.to_string())
                data-visits=get(|p| p.visits.clone().unwrap_or_default())
                data-revision=get(|p| p.revision.clone())
                transform=format!("translate(8,{POD_Y})")
                tabindex="0"
                role="button"
                aria-label=move || {
                    let details = pod.with(|p| {
                        p.as_ref().map(|p| format!("{}, IP {}, DNS {}", p.name, p.ip, p.dns)).unwrap_or_default()
                    });
                    lines.with(|l| {
                        let shown: Vec<&str> = l.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
                        format!("{}; {details}", shown.join(" "))
                    })
                }
                // A pod no controller revises (a bare pod) gets a neutral bar: red reads as a failure.
                style=get(|p| match p.revision.is_empty() {
                    true => "--rev:var(--muted)".to_string(),
                    false => format!("--rev:hsl({} 62% 45%)", hue(&p.revision)),
                })
                on:click=move |_| select()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        select();
                    }
                }
            >
                <title>{get(|p| format!("{}\nIP {}\n{}\n{}", p.name, p.ip, p.dns, p.unschedulable).trim_end().to_string())}</title>
                <rect class="card" width=CARD_W height=CARD_H rx="8"></rect>
                <rect class="rev-bar" width="7" height=CARD_H rx="3"></rect>
                // Each line ends in a space SVG does not draw, so the card's text content reads as words, the way
                // its accessible name (which starts with the same lines) does.
                <text x="16" y="24" class="ord">{get(|p| p.ordinal.map(|o| format!("#{o}")).unwrap_or_default())}" "</text>
                <text x="48" y="24" class="pname">{get(|p| short(&p.name, 16))}" "</text>
                <text x="16" y="46" class="status">{line(1)}" "</text>
                <text x="16" y="66" class="ready-line">{line(2)}" "</text>
                <text x="16" y="90" class="visits" class:reason=move || pod.with(|p| p.as_ref().is_some_and(|p| !p.unschedulable.is_empty()))>
                    {line(3)}" "
                </text>
                <text x="16" y="112" class="rev-text">{line(4)}" "</text>
            </g>
        </Show>
    }
}

#[component]
fn PvcBox(key: String) -> impl IntoView {
    let ui = use_ui();
    let pvc = Memo::new(move |_| ui.snap.with(|s| s.pvcs.iter().find(|c| column_of_pvc(c, s) == key).cloned()));
    let get = move |f: fn(&PvcView) -> String| move || pvc.with(|c| c.as_ref().map(f).unwrap_or_default());
    // The visible lines, in the page's language; the accessible name starts with them (WCAG 2.5.3).
    let lines = Memo::new(move |_| {
        pvc.with(|c| {
            ui.labels.with(|t| {
                c.as_ref()
                    .map(|c| {
                        let detached = if c.bound_to.is_empty() {
                            format!(" · {}", t.get("pvc_detached"))
                        } else {
                            String::new()
                        };
                        [format!("PVC {}", short(&c.name, 17)), format!("{} {}{detached}", c.phase, c.capacity)]
                    })
                    .unwrap_or_default()
            })
        })
    });
    let line = move |i: usize| move || lines.with(|l| l[i].clone());
    view! {
        <Show when=move || pvc.with(Option::is_some)>
            <g
                class=move || pvc.with(|c| if c.as_ref().is_some_and(|c| c.bound_to.is_empty()) { "pvc detached" } else { "pvc" })
                data-testid=get(|c| format!("pvc-{}", c.name))
                data-bound-to=get(|c| c.bound_to.clone())
                tabindex="0"
                aria-label=move || {
                    let mounted = pvc.with(|c| {
                        ui.labels.with(|t| match c {
                            Some(c) if !c.bound_to.is_empty() => t.fill("pvc_mounted_by", &[("pod", &c.bound_to)]),
                            _ => t.get("pvc_not_mounted"),
                        })
                    });
                    let name = pvc.with(|c| c.as_ref().map(|c| c.name.clone()).unwrap_or_default());
                    lines.with(|l| format!("{} {}; PersistentVolumeClaim {name}, {mounted}", l[0], l[1]))
                }
                transform=format!("translate(8,{PVC_Y})")
            >
                <title>{get(|c| c.name.clone())}</title>
                <line class="mount" x1=CARD_W / 2.0 y1=POD_Y + CARD_H - PVC_Y x2=CARD_W / 2.0 y2="0"></line>
                <rect class="disk" width=CARD_W height=PVC_H rx="10"></rect>
                <text x="12" y="21" class="pname">{line(0)}" "</text>
                <text x="12" y="41">{line(1)}" "</text>
            </g>
        </Show>
    }
}

#[component]
pub fn ClusterPanel() -> impl IntoView {
    let ui = use_ui();
    let tr = move |k| ui.tr(k);
    let cols = Memo::new(move |_| ui.snap.with(columns));
    let services = Memo::new(move |_| ui.snap.with(|s| s.services.clone()));
    let width = move || {
        let n = cols.with(Vec::len).max(2) as f64 * COL;
        (n.max(services.with(Vec::len) as f64 * (SVC_W + 12.0)) + 16.0).max(400.0)
    };
    let reduce_motion =
        window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().is_some_and(|m| m.matches());
    // A dot leaves the Service the request was sent to.
    let dot_pos = move |d: &super::Dot| -> Option<(f64, f64)> {
        let col = cols.with(|c| c.iter().position(|k| *k == d.pod))? as f64;
        let svc = services.with(|s| s.iter().position(|s| s.name == d.service)).unwrap_or(0);
        let (x0, y0) = (12.0 + svc as f64 * (SVC_W + 12.0) + SVC_W / 2.0, 12.0 + SVC_H);
        let (x1, y1) = (8.0 + col * COL + CARD_W / 2.0, POD_Y + 8.0);
        let t = ui.frame.get();
        let p = if reduce_motion { 1.0 } else { ((t - d.start) / DOT_MS).clamp(0.0, 1.0) };
        (t >= d.start).then_some((x0 + (x1 - x0) * p, y0 + (y1 - y0) * p))
    };
    let sts_line = move || {
        ui.snap.with(|s| {
            s.sets
                .iter()
                .map(|t| {
                    let strategy = if t.strategy == "RollingUpdate" && t.partition > 0 {
                        format!("RollingUpdate, partition {}", t.partition)
                    } else {
                        t.strategy.clone()
                    };
                    format!(
                        "statefulset/{}: replicas {} · ready {} · current {} · updated {} · {} · {} · image {}",
                        t.name, t.replicas, t.ready, t.current, t.updated, strategy, t.policy, t.image
                    )
                })
                .chain(s.budgets.iter().map(super::snapshot::pdb_line))
                .chain(s.nodes.iter().map(super::snapshot::node_line))
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    // The controller's next step, and what it did last, so a learner sees why nothing moves.
    let last_step = move || {
        ui.snap.with(|s| {
            let last = s
                .events
                .iter()
                .rev()
                .find(|e| e.object.starts_with("statefulset/"))
                .map(|e| ui.labels.with(|t| format!(" {} {}", t.get("controller_last"), e.message)))
                .unwrap_or_default();
            let steps: Vec<String> = ui.labels.with(|l| {
                let controller = l.get("controller");
                s.sets.iter().map(|t| format!("{controller} ({}): {}.", t.name, t.step.render(l))).collect()
            });
            if steps.is_empty() {
                String::new()
            } else {
                format!("{}{last}", steps.join(" "))
            }
        })
    };
    let selected_info = move || {
        let sel = ui.selected.get()?;
        let t = ui.labels.get();
        ui.snap.with(|s| {
            s.pods.iter().find(|p| p.name == sel).map(|p| {
                let mut info = format!(
                    "{}: {} · IP {} · DNS {} · {} {}",
                    p.name,
                    p.status,
                    if p.ip.is_empty() { t.get("none_yet") } else { p.ip.clone() },
                    if p.dns.is_empty() { t.get("none") } else { p.dns.clone() },
                    t.get("volumes"),
                    p.claims.join(", ")
                );
                if !p.unschedulable.is_empty() {
                    info.push_str(&format!(" · {}: {}", t.get("pod_unschedulable"), p.unschedulable));
                }
                info
            })
        })
    };
    view! {
        <section class="panel cluster-panel" aria-label="Cluster">
            <div class="panel-head">
                <h2>{tr("cluster")}</h2>
                <span class="muted">{tr("namespace_default")}</span>
            </div>
            <controls::ActionBar/>
            <pre class="sts-status" data-testid="sts-status">{sts_line}</pre>
            <p class="step" aria-live="polite">{last_step}</p>
            <div class="svg-wrap">
                <svg
                    class="cluster"
                    viewBox=move || format!("0 0 {} {HEIGHT}", width())
                    width="100%"
                    style=move || format!("min-width:{:.0}px;max-width:{:.0}px", width() * 0.62, width() * 1.4)
                    role="group"
                    aria-label=tr("cluster_svg")
                >
                    <For each=move || services.get().into_iter().enumerate() key=|(i, s)| (*i, s.name.clone()) let:item>
                        <g
                            class=if item.1.cluster_ip == "None" { "svc headless" } else { "svc" }
                            transform=format!("translate({},12)", 12.0 + item.0 as f64 * (SVC_W + 12.0))
                            data-testid=format!("svc-{}", item.1.name)
                        >
                            <rect width=SVC_W height=SVC_H rx="8"></rect>
                            <text x="10" y="20" class="pname">{format!("svc/{}", short(&item.1.name, 19))}</text>
                            <text x="10" y="39">
                                {if item.1.cluster_ip == "None" {
                                    format!("headless :{}", item.1.port)
                                } else {
                                    format!("{}:{}", item.1.cluster_ip, item.1.port)
                                }}
                            </text>
                        </g>
                    </For>
                    <For each=move || cols.get() key=|k| k.clone() let:key>
                        {
                            let k = key.clone();
                            let x = move || cols.with(|c| c.iter().position(|c| *c == k).unwrap_or(0)) as f64 * COL;
                            view! {
                                <g class="col" transform=move || format!("translate({},0)", x())>
                                    <PvcBox key=key.clone()/>
                                    <PodCard key=key.clone()/>
                                </g>
                            }
                        }
                    </For>
                    <Show when=move || cols.with(Vec::is_empty)>
                        <text x="16" y=POD_Y + 40.0 class="empty">
                            {tr("nothing_installed")}
                        </text>
                    </Show>
                    <For each=move || ui.dots.get() key=|d| d.id let:dot>
                        {
                            let d1 = dot.clone();
                            let d2 = dot.clone();
                            view! {
                                <circle
                                    class="dot"
                                    r="6"
                                    cx=move || dot_pos(&d1).map_or(-20.0, |p| p.0)
                                    cy=move || dot_pos(&d2).map_or(-20.0, |p| p.1)
                                ></circle>
                            }
                        }
                    </For>
                </svg>
            </div>
            <p class="pod-info" aria-live="polite">
                {move || selected_info().unwrap_or_else(tr("select_pod"))}
            </p>
            <h3>{tr("events")}</h3>
            // The log role sits on a wrapper: on the <ol> itself it would replace the list role its items need.
            // Focusable, so keyboard users can scroll it.
            <div class="events" role="log" aria-label=tr("events") tabindex="0">
            <ol>
                <For
                    each=move || ui.snap.with(|s| s.events.iter().rev().take(40).cloned().collect::<Vec<_>>())
                    key=|e| e.key.clone()
                    let:e
                >
                    {
                        let class = if e.kind == "Warning" { "ev warn" } else { "ev" };
                        view! {
                            <li class=class>
                                <span class="ev-kind">{e.kind}</span>
                                <span class="ev-reason">{e.reason}</span>
                                <span class="ev-obj">{e.object}</span>
                                <span class="ev-msg">{e.message}</span>
                            </li>
                        }
                    }
                </For>
            </ol>
            </div>
        </section>
    }
}
