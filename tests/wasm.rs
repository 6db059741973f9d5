//! Component tests: the Leptos UI mounted in headless Chromium (wasm-bindgen-test), plus the page's
//! pure helpers (highlighter, line diff, share format, error locator) driven by tables of cases.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::{GetUntracked, UpdateValue, WithUntracked, WithValue};
use stsplay::ui::{diff, editor, highlight, share, snapshot};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Leptos applies reactive props in a scheduled effect: let it run.
async fn tick(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

fn text_of(sel: &str) -> String {
    doc().query_selector(sel).unwrap().unwrap_or_else(|| panic!("{sel} missing")).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_mounts_and_marks_yaml_errors() {
    let _ = web_sys::window().unwrap().local_storage().unwrap().unwrap().clear();
    stsplay::ui::mount_for_test();
    tick(30).await;
    let editor = doc().query_selector("textarea[aria-label='values.yaml']").unwrap().expect("values editor");
    let editor: web_sys::HtmlTextAreaElement = editor.dyn_into().unwrap();
    assert!(editor.value().contains("replicaCount"), "default values.yaml shown");
    assert_eq!(text_of("h1"), "StatefulSet Playground");
    for label in ["Rendered manifests", "Cluster", "Terminal"] {
        assert!(doc().query_selector(&format!("[aria-label='{label}']")).unwrap().is_some(), "{label} present");
    }
    for tab in ["tab-values-yaml", "tab-Chart-yaml", "tab-templates-service-yaml"] {
        assert!(doc().get_element_by_id(tab).is_some(), "{tab}: a tab per chart file");
    }

    // Typing a broken line: the status names file:line:column and the gutter marks that line.
    editor.set_value("replicaCount: 2\nimage:\n  repository: x\n tag: [\n");
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick(30).await;
    let status = text_of("[data-testid=values-error]");
    assert!(status.starts_with("values.yaml:"), "status: {status}");
    let line: usize = status.split(':').nth(1).unwrap().parse().unwrap();
    assert_eq!(text_of(".gutter mark.errline"), line.to_string());
    assert_eq!(editor.get_attribute("aria-invalid").as_deref(), Some("true"));

    editor.set_value("replicaCount: 3\n");
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick(30).await;
    assert_eq!(text_of("[data-testid=values-error]"), "");
    assert!(doc().query_selector(".gutter mark.errline").unwrap().is_none());

    // A chart made in the terminal: the picker offers it, its files get tabs, an edit renders and is in the
    // shell's file before the next command, and removing the chart sends the editor back to a shipped one.
    let ui = stsplay::ui::use_ui();
    ui.type_line("helm create mychart");
    tick(30).await;
    assert!(doc().query_selector("select option[value='mychart']").unwrap().is_some(), "the picker offers mychart");
    ui.open_chart("mychart");
    tick(30).await;
    for tab in ["tab-values-yaml", "tab-templates-deployment-yaml", "tab--helmignore"] {
        assert!(doc().get_element_by_id(tab).is_some(), "{tab}: a tab per file of the made chart");
    }
    assert!(text_of("[data-testid=dir-hint]").contains("./mychart"));
    let editor: web_sys::HtmlTextAreaElement =
        doc().query_selector("textarea[aria-label='values.yaml']").unwrap().unwrap().dyn_into().unwrap();
    editor.set_value(&editor.value().replace("replicaCount: 1", "replicaCount: 4"));
    editor.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    tick(400).await;
    assert!(text_of("[data-testid=manifests]").contains("replicas: 4"), "the manifests render the edited chart");
    ui.type_line("grep -c 'replicaCount: 4' mychart/values.yaml");
    tick(30).await;
    let last = text_of(".term-out > div:last-child pre");
    assert_eq!(last, "1\n", "the edit was written before the command ran");
    let saved = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("stsplay.session").unwrap();
    assert!(saved.unwrap_or_default().contains("{\"e\":{"), "the write is logged for replay");
    ui.type_line("echo '# made in the terminal' > mychart/templates/extra.yaml");
    tick(30).await;
    assert!(doc().get_element_by_id("tab-templates-extra-yaml").is_some(), "a file the shell makes gets a tab");
    // A second later (whatever the frames did), the chart is removed.
    let edited_at =
        ui.log.with_untracked(|l| l.iter().rev().find_map(|a| matches!(a, share::Action::Edit { .. }).then(|| a.at())));
    let edited_at = edited_at.expect("the edit is a logged action");
    ui.sim.update_value(|s| s.advance_to(s.now() + 1000));
    ui.type_line("rm -r mychart");
    tick(30).await;
    assert_eq!(ui.chart.get_untracked(), stsplay::charts::names()[0]);
    assert!(text_of(".notice").contains("mychart"), "the learner is told why the editor changed chart");
    assert!(doc().query_selector("select option[value='mychart']").unwrap().is_none());

    // The timeline goes back to the moment of the edit: the replay makes the chart, then applies the edit.
    ui.rewind(edited_at);
    tick(30).await;
    assert!(doc().query_selector("select option[value='mychart']").unwrap().is_some(), "the chart is back");
    let values = ui.sim.with_value(|s| s.dir_chart("mychart").map(|d| d.texts["values.yaml"].clone()));
    assert!(values.unwrap_or_default().contains("replicaCount: 4"), "with the edit replayed after helm create");
}

#[wasm_bindgen_test]
fn tabs_and_chart_names_for_any_chart() {
    // (files of a chart, tab order)
    let cases: &[(&[&str], &[&str])] = &[
        (&["templates/a.yaml", "Chart.yaml", "values.yaml"], &["values.yaml", "Chart.yaml", "templates/a.yaml"]),
        (
            &[".helmignore", "Chart.yaml", "charts/s/Chart.yaml", "templates/b.yaml"],
            &["Chart.yaml", "templates/b.yaml", ".helmignore", "charts/s/Chart.yaml"],
        ),
    ];
    for (files, want) in cases {
        let map = files.iter().map(|f| (f.to_string(), String::new())).collect();
        assert_eq!(&editor::tab_order(&map), want, "{files:?}");
    }
    // (Chart.yaml, directory, the name Helm's messages use)
    let names = [
        ("apiVersion: v2\nname: python-time-app\n", "my-copy", "python-time-app"),
        ("name: \"quoted\"\n", "x", "quoted"),
        ("version: 1\n", "charts/sub", "sub"),
    ];
    for (chart_yaml, dir, want) in names {
        let map = [("Chart.yaml".to_string(), chart_yaml.to_string())].into();
        assert_eq!(editor::helm_name(&map, dir), want, "{chart_yaml:?}");
    }
}

#[wasm_bindgen_test]
fn pod_card_reason_is_the_schedulers_first() {
    // (PodScheduled=False message as kube-scheduler words it, the card's short line)
    let cases = [
        (
            "0/1 nodes are available: 1 Insufficient cpu. no new claims to deallocate, preemption: 0/1 nodes are \
             available: 1 No preemption victims found for incoming pod.",
            "Insufficient cpu",
        ),
        ("0/1 nodes are available: 1 Insufficient cpu, 1 Too many pods. preemption: x", "Insufficient cpu"),
        (
            "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are \
             available: 1 Preemption is not helpful for scheduling.",
            "pod has unbound immediate PersistentVolumeClaims",
        ),
        (
            "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. x",
            "node(s) didn't match Pod's node affinity/selector",
        ),
        ("something else", "something else"),
        ("", ""),
    ];
    for (message, want) in cases {
        assert_eq!(snapshot::first_reason(message), want, "{message}");
    }
}

#[wasm_bindgen_test]
fn highlighter_keeps_text_and_classifies_tokens() {
    // (line, expected HTML)
    let cases = [
        ("replicaCount: 1", r#"<span class="k">replicaCount</span><span class="p">:</span> <span class="n">1</span>"#),
        ("  # a <comment>", r#"  <span class="c"># a &lt;comment&gt;</span>"#),
        ("---", r#"<span class="d">---</span>"#),
        (
            "  name: {{ include \"x\" . }}",
            r#"  <span class="k">name</span><span class="p">:</span> <span class="t">{{ include "x" . }}</span>"#,
        ),
        (
            "- port: \"http\" # why",
            r#"<span class="p">- </span><span class="k">port</span><span class="p">:</span> <span class="s">"http"</span> <span class="c"># why</span>"#,
        ),
        ("{{- if .Values.x }}", r#"<span class="t">{{- if .Values.x }}</span>"#),
        ("url: http://a:80/b", r#"<span class="k">url</span><span class="p">:</span> http://a:80/b"#),
        ("enabled: false", r#"<span class="k">enabled</span><span class="p">:</span> <span class="b">false</span>"#),
        ("key: a & b", r#"<span class="k">key</span><span class="p">:</span> a &amp; b"#),
    ];
    for (line, want) in cases {
        let mut got = String::new();
        highlight::line_html(line, &mut got);
        assert_eq!(got, want, "line {line:?}");
    }
    // The overlay keeps one output line per input line, whatever the input.
    let text = "a: 1\n\n  b: \"x\n{{ broken\n";
    let html = highlight::to_html(text, Some(2));
    assert_eq!(html.matches('\n').count(), text.matches('\n').count() + 1);
    assert!(html.contains("<mark class=\"errline\"></mark>"));
    // A pasted file of megabytes is escaped, not coloured, with its lines and error mark kept.
    let big = format!("{}<x>: 1\n", "k: v\n".repeat(highlight::PLAIN_ABOVE / 5));
    let html = highlight::to_html(&big, Some(2));
    assert_eq!(html.matches('\n').count(), big.matches('\n').count() + 1);
    assert!(!html.contains("<span"));
    assert!(html.starts_with("k: v\n<mark class=\"errline\">k: v</mark>\n"));
    assert!(html.ends_with("&lt;x&gt;: 1\n\n "));
}

#[wasm_bindgen_test]
fn line_diff_round_trips_and_marks_changes() {
    // (old, new, changed lines of new)
    let cases: &[(&str, &str, &[usize])] = &[
        ("a\nb\nc\n", "a\nb\nc\n", &[]),
        ("a\nb\nc\n", "a\nB\nc\n", &[1]),
        ("a\nb\nc\n", "a\nb\nx\ny\nc\n", &[2, 3]),
        ("a\nb\nc\n", "c\n", &[]),
        ("", "x\ny", &[0, 1]),
        ("a\nb\nc\nd\n", "a\nc\nd\ne\n", &[3]),
        ("replicaCount: 1\nimage: x\n", "replicaCount: 3\nimage: x", &[0]),
    ];
    for (old, new, want) in cases {
        let hunks = diff::patch(old, new);
        assert_eq!(diff::apply(old, &hunks).as_deref(), Ok(*new), "patch {old:?} -> {new:?}: {hunks:?}");
        let (o, n): (Vec<&str>, Vec<&str>) = (old.split('\n').collect(), new.split('\n').collect());
        let got: Vec<usize> =
            diff::changed_lines(&o, &n).iter().enumerate().filter(|(_, c)| **c).map(|(i, _)| i).collect();
        assert_eq!(&got, want, "changed lines {old:?} -> {new:?}");
    }
    let err = diff::apply("a\nb", &[diff::Hunk(5, 1, vec![])]).unwrap_err();
    assert!(err.contains("does not fit"), "{err}");
}

fn sample() -> share::Saved {
    let chart = stsplay::charts::names()[0].to_string();
    let mut files = share::shipped(&chart);
    let v = files.get_mut("values.yaml").unwrap();
    *v = v.replacen("replicaCount: 1", "replicaCount: 2", 1) + "# ünïcode ✓\n";
    share::Saved {
        v: share::VERSION,
        chart: chart.clone(),
        seed: 7,
        edits: [(chart.clone(), share::edits_of(&chart, &files))].into(),
        log: vec![
            share::Action::Run { at: 0, line: "helm install x ./c".into(), chart: None },
            share::Action::Requests { at: 1500, n: 10, url: "http://x/".into() },
        ],
        now: 2000,
        lesson: Some(stsplay::lessons::Progress { lesson: "lab".into(), step: 3, memory: Default::default() }),
    }
}

#[wasm_bindgen_test]
fn share_links_round_trip_and_refuse_bad_input() {
    let s = sample();
    let frag = share::to_fragment(&s);
    assert!(frag.starts_with(&format!("s={}.", share::VERSION)));
    assert!(frag.len() < 700, "a one-line edit and two actions make a short link ({} chars)", frag.len());
    assert_eq!(share::from_fragment(&frag), Ok(Some(s.clone())));
    let files = share::apply_edits(&s.chart, &s.edits[&s.chart]).unwrap();
    assert!(files["values.yaml"].contains("replicaCount: 2") && files["values.yaml"].ends_with("✓\n"));
    assert_eq!(share::from_fragment(""), Ok(None));
    assert_eq!(share::from_fragment("section-2"), Ok(None));

    let json = share::to_json(&s);
    let reordered = json.replace("\"now\":2000", "\"now\":1");
    // (fragment, words the error must contain)
    let v = share::VERSION;
    let bad: Vec<(String, &str)> = vec![
        ("s=1.%%%".into(), "not base64url"),
        ("s=1".into(), "cut short"),
        ("s=9.e30".into(), "another version"),
        (format!("s=1.{}", share::base64url_encode(b"{\"v\":1")), "not a playground session"),
        (format!("s=1.{}", share::base64url_encode(&[0xff, 0xfe])), "not UTF-8"),
        (format!("s=1.{}", share::base64url_encode(reordered.as_bytes())), "time order"),
        (format!("s=1.{}", "A".repeat(600 * 1024)), "KB long"),
        (
            format!("s={v}.{}", share::base64url_encode(json.replace(&format!("\"v\":{v}"), "\"v\":99").as_bytes())),
            "another version",
        ),
        (format!("s=1.{}", share::base64url_encode(json.as_bytes())), "marked format 1"),
    ];
    for (frag, words) in bad {
        let err = share::from_fragment(&frag).expect_err(&frag[..frag.len().min(40)]);
        assert!(err.to_string().contains(words), "{err:?} should say {words:?}");
    }
    for data in [&b""[..], b"f", b"fo", b"foo", b"foob", &[0u8, 255, 128, 7]] {
        assert_eq!(share::base64url_decode(&share::base64url_encode(data)).as_deref(), Some(data));
    }
}

#[wasm_bindgen_test]
fn helm_errors_point_at_file_and_line() {
    let cases = [
        ("Error: parse error at (python-time-app/templates/service.yaml:12): unexpected \"}\"", Some(("templates/service.yaml", 12))),
        (
            "Error: template: python-time-app/templates/statefulset.yaml:30:20: executing \"x\" at <.Values.a.b>: nil pointer",
            Some(("templates/statefulset.yaml", 30)),
        ),
        (
            "Error: YAML parse error on python-time-app/templates/service.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key",
            Some(("templates/service.yaml", 7)),
        ),
        ("Error: the Helm engine is not built yet", None),
    ];
    for (err, want) in cases {
        let got = editor::locate(err, "python-time-app");
        assert_eq!(got.as_ref().map(|(p, l)| (p.as_str(), *l)), want, "{err}");
    }
}
