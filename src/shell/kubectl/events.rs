//! `kubectl events`: the events of a namespace (or all), oldest first, optionally of one object (`--for
//! KIND/NAME`) or type (`--types=Warning`). Mirrors kubectl `pkg/cmd/events/events.go` and `event_printer.go`.

use serde_json::Value;

use super::flags::{self, flag, opt, Spec};
use super::{namespace, now_ms};
use crate::shell::printers::{self, age};
use crate::shell::{kinds, yamlout, Io, Session};

const SPECS: &[Spec] = &[
    flag("all-namespaces", Some('A')),
    flag("watch", Some('w')),
    opt("for", None),
    opt("types", None),
    flag("no-headers", None),
    opt("output", Some('o')),
    flags::int("chunk-size", None),
];

fn st<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or("")
}

pub fn events(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse("events", args, SPECS)?;
    if let Some(a) = p.args.first() {
        return Err(format!("error: unknown command \"{a}\" for \"kubectl events\"\n"));
    }
    // --for TYPE/NAME: the involved object's kind, apiVersion and name
    let target = match p.get("for") {
        Some(f) => match f.split('/').collect::<Vec<_>>()[..] {
            [_] => return Err("error: --for must be in resource/name form\n".into()),
            [r, name] => match kinds::lookup(r) {
                Some(res) => Some((res.kind, res.api_version(), name.to_string())),
                // CheckErr's words for the RESTMapper's no-match error, without the `error: ` prefix
                None => return Err(format!("the server doesn't have a resource type \"{}\"\n", r.to_lowercase())),
            },
            _ => return Err("error: arguments in resource/name form may not have more than one slash\n".into()),
        },
        None => None,
    };
    let types: Vec<String> = p.all("types").iter().flat_map(|t| t.split(',')).map(str::to_string).collect();
    if types.iter().any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning")) {
        return Err("error: valid --types are Normal or Warning\n".into());
    }
    let all = p.has("all-namespaces");
    let ns = namespace(&p);
    let mut evs: Vec<Value> = s
        .cluster
        .list("Event", if all { None } else { Some(ns.as_str()) })
        .into_iter()
        .filter(|e| {
            target.as_ref().is_none_or(|(kind, version, name)| {
                st(e, "/involvedObject/kind") == *kind
                    && st(e, "/involvedObject/apiVersion") == version
                    && st(e, "/involvedObject/name") == name
            }) && (types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(st(e, "/type"))))
        })
        .collect();
    if evs.is_empty() {
        let msg = if all { "No events found.\n".to_string() } else { format!("No events found in {ns} namespace.\n") };
        return Ok(Io { chunks: vec![(true, msg)], code: 0 });
    }
    // eventTime(): the series' last observation, else lastTimestamp, else eventTime; Go's unstable sort
    let when = |e: &Value| {
        let t = |p| printers::parse_time(st(e, p));
        if e.get("series").is_some_and(|v| !v.is_null()) { t("/series/lastObservedTime") } else { None }
            .or_else(|| t("/lastTimestamp"))
            .or_else(|| t("/eventTime"))
            .unwrap_or(i64::MIN)
    };
    super::gosort::sort(&mut evs, |a, b| when(a) < when(b));
    let list = || crate::json!({"apiVersion": "v1", "items": evs, "kind": "EventList", "metadata": {}});
    match p.get("output").unwrap_or("") {
        "" => {}
        "yaml" => return Ok(Io::ok(yamlout::to_yaml(&list()))),
        "json" => return Ok(Io::ok(yamlout::to_json(&list()))),
        // kubectl 1.37.1 prints nothing here (it ignores what its name printer returns for the list)
        "name" => return Ok(Io::default()),
        o => match o.strip_prefix("jsonpath=") {
            Some(t) => return crate::shell::jsonpath::execute(t, &list()).map(Io::ok).map_err(|e| format!("error: {e}")),
            None => return Err(format!("error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,kyaml,name,template,templatefile,yaml\n")),
        },
    }
    let now = now_ms(s);
    let mut lines: Vec<Vec<String>> = Vec::new();
    if !p.has("no-headers") {
        let head = ["NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"];
        lines.push(head[usize::from(!all)..].iter().map(|h| h.to_string()).collect());
    }
    for e in &evs {
        let count = e.get("count").and_then(Value::as_i64).unwrap_or(0);
        let first = match st(e, "/eventTime") {
            "" => age(st(e, "/firstTimestamp"), now),
            t => age(t, now),
        };
        let interval = if e.get("series").is_some_and(|v| !v.is_null()) {
            let n = e.pointer("/series/count").and_then(Value::as_i64).unwrap_or(0);
            format!("{} (x{n} over {first})", age(st(e, "/series/lastObservedTime"), now))
        } else if count > 1 {
            format!("{} (x{count} over {first})", age(st(e, "/lastTimestamp"), now))
        } else {
            first
        };
        let mut row = if all { vec![st(e, "/metadata/namespace").to_string()] } else { Vec::new() };
        row.extend([
            interval,
            st(e, "/type").to_string(),
            st(e, "/reason").to_string(),
            format!("{}/{}", st(e, "/involvedObject/kind"), st(e, "/involvedObject/name")),
            st(e, "/message").trim().to_string(),
        ]);
        lines.push(row);
    }
    Ok(Io::ok(printers::tabwrite(&lines)))
}
