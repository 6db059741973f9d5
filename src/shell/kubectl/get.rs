//! `kubectl get`: tables (one per kind, `kind/name` rows when several kinds are asked for), `-o
//! wide|yaml|json|name|jsonpath|custom-columns`, selectors, `--sort-by`, `--show-labels`, `-w`.
//! Mirrors kubectl `pkg/cmd/get/get.go` and cli-runtime's table printer.

use crate::json;
use serde_json::Value;

use super::flags::{self, flag, opt, Spec};
use super::{field_matches, name_of, namespace, not_found, now_ms, resource_args, Selector};
use crate::shell::kinds::Resource;
use crate::shell::printers::{self, Options};
use crate::shell::stream::{Running, Watch};
use crate::shell::{jsonpath, yamlout, Io, Session};

const SPECS: &[Spec] = &[
    opt("output", Some('o')),
    opt("selector", Some('l')),
    opt("field-selector", None),
    flag("all-namespaces", Some('A')),
    flag("watch", Some('w')),
    flag("watch-only", None),
    flag("show-labels", None),
    flag("show-kind", None),
    flag("no-headers", None),
    flag("ignore-not-found", None),
    opt("sort-by", None),
    opt("label-columns", Some('L')),
    opt("filename", Some('f')),
    super::flags::int("chunk-size", None),
    flag("show-managed-fields", None),
    opt("output-watch-events", None),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Wide,
    Yaml,
    Json,
    Name,
}

pub fn get(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let mut p = flags::parse("get", args, SPECS)?;
    // `-f FILE`: the objects the manifests name, as `kind/name` arguments.
    let files = p.all("filename");
    if !files.is_empty() && p.args.is_empty() {
        for (_, docs) in super::read_filenames(s, &files, &None)? {
            for d in docs {
                let kind = d.get("kind").and_then(Value::as_str).unwrap_or("").to_lowercase();
                p.args.push(format!("{kind}/{}", name_of(&d)));
            }
        }
    }
    if p.args.is_empty() {
        return Err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n".into());
    }
    let groups = resource_args(&p.args)?;
    let ns = namespace(&p);
    let all_ns = p.has("all-namespaces");
    let field_sel = p.get("field-selector").map(str::to_string);
    // kubectl leaves -l to the server: a bad one is its BadRequest, as the builder's EnhanceListError words it
    let selector = match p.get("selector") {
        Some(l) => Some(Selector::parse(l).map_err(|e| {
            let f = field_sel.as_deref().unwrap_or("");
            let e = e.trim_start_matches("error: ").trim_end();
            groups
                .iter()
                .map(|(r, _)| {
                    let gvr = format!("{}/{}, Resource={}", r.group, r.version, r.plural);
                    format!("Error from server (BadRequest): Unable to find {gvr:?} that match label selector {l:?}, field selector {f:?}: {e}\n")
                })
                .collect::<String>()
        })?),
        None => None,
    };
    let output = p.get("output").unwrap_or("").to_string();
    let (format, template, columns) = parse_output(&output)?;
    // rows say kind/name when the lists that came back are of several types (get.go multipleGVKsRequested)
    let mut multi = p.args[0].contains(',') || p.args[0] == "all" || groups.len() > 1;
    let mut refused = 0;

    let mut io = Io::default();
    // Printed once per command, as kubectl's deduplicating warning handler does with the server's header.
    if groups.iter().any(|(r, _)| r.kind == "Endpoints") {
        io.err(format!("Warning: {}\n", crate::cluster::endpointslice::ENDPOINTS_DEPRECATED));
    }
    let mut found: Vec<(&'static Resource, Vec<Value>)> = Vec::new();
    let mut errors = String::new();
    let any_names = groups.iter().any(|(_, n)| !n.is_empty());
    for (res, names) in &groups {
        let mut objs = Vec::new();
        if names.is_empty() {
            // a field the server cannot select this kind by: its BadRequest, for this type only
            let fs = field_sel.as_deref().and_then(|f| crate::cluster::selector::FieldSelector::parse(f).ok());
            if let Some(e) = fs.and_then(|f| f.unsupported(res.kind)) {
                let gvr = format!("{}/{}, Resource={}", res.group, res.version, res.plural);
                let (l, f) = (p.get("selector").unwrap_or(""), field_sel.as_deref().unwrap_or(""));
                errors.push_str(&format!("Error from server (BadRequest): Unable to find {gvr:?} that match label selector {l:?}, field selector {f:?}: {e}\n"));
                refused += 1;
                multi = groups.len() - refused > 1;
                continue;
            }
            let list_ns = if !res.namespaced || all_ns { None } else { Some(ns.as_str()) };
            for o in s.cluster.list(res.kind, list_ns) {
                if selector.as_ref().is_some_and(|sel| !sel.matches(&o)) {
                    continue;
                }
                if let Some(f) = &field_sel {
                    if !field_matches(f, &o)? {
                        continue;
                    }
                }
                objs.push(o);
            }
        } else {
            for n in names {
                match s.cluster.get(res.kind, &ns, n) {
                    Ok(o) => objs.push(o),
                    Err(e) if e.code == 404 => {
                        if !p.has("ignore-not-found") {
                            errors.push_str(&not_found(res, n));
                        }
                    }
                    Err(e) => errors.push_str(&super::api_err(&e)),
                }
            }
        }
        if let Some(sort) = p.get("sort-by") {
            sort_by(&mut objs, sort)?;
        }
        found.push((res, objs));
    }
    let total: usize = found.iter().map(|(_, o)| o.len()).sum();
    let now = now_ms(s);
    // only names were asked for and none exists: kubectl prints just the errors
    let nothing_named = any_names && total == 0 && groups.iter().all(|(_, n)| !n.is_empty());

    match format {
        _ if nothing_named => {}
        Format::Name => {
            for (res, objs) in &found {
                for o in objs {
                    io.out(format!("{}/{}\n", res.kind_group(), name_of(o)));
                }
            }
        }
        Format::Yaml | Format::Json if template.is_none() => {
            let v = single_or_list(&found, any_names);
            io.out(if format == Format::Yaml { yamlout::to_yaml(&v) } else { yamlout::to_json(&v) });
        }
        // jsonpath-as-json with one path: what it finds as one indented JSON array (client-go PrintResults)
        _ if template.is_some()
            && output.starts_with("jsonpath-as-json=")
            && !template.as_deref().unwrap_or("").contains("}{") =>
        {
            let v = single_or_list(&found, any_names);
            match jsonpath::values(template.as_deref().unwrap_or(""), &v) {
                Ok(vals) => io.out(yamlout::to_json(&Value::Array(vals))),
                Err(e) => {
                    io.err(format!("error: {e}\n"));
                    io.code = 1;
                }
            }
        }
        _ if template.is_some() => {
            let v = single_or_list(&found, any_names);
            match jsonpath::execute(template.as_deref().unwrap_or(""), &v) {
                Ok(t) => io.out(t),
                Err(e) => {
                    io.err(format!("error: {e}"));
                    io.code = 1;
                }
            }
        }
        _ if columns.is_some() => {
            let cols = columns.unwrap_or_default();
            let mut lines = Vec::new();
            if !p.has("no-headers") {
                lines.push(cols.iter().map(|(h, _)| h.clone()).collect());
            }
            for (_, objs) in &found {
                for o in objs {
                    let mut row = Vec::new();
                    for (_, path) in &cols {
                        row.push(jsonpath::column(path, o).map_err(|e| format!("error: {e}\n"))?);
                    }
                    lines.push(row);
                }
            }
            if total > 0 {
                io.out(printers::tabwrite(&lines));
            }
        }
        _ => {
            let o = Options {
                wide: format == Format::Wide,
                now,
                with_kind: multi || p.has("show-kind"),
                with_namespace: all_ns,
                show_labels: p.has("show-labels"),
                no_headers: p.has("no-headers"),
            };
            let label_cols: Vec<String> =
                p.all("label-columns").iter().flat_map(|l| l.split(',').map(str::to_string)).collect();
            let mut blocks = Vec::new();
            for (res, objs) in &found {
                if objs.is_empty() {
                    continue;
                }
                let mut lines = printers::table(res, objs, &o);
                if !label_cols.is_empty() {
                    for (i, line) in lines.iter_mut().enumerate() {
                        // the -L columns come before --show-labels' LABELS column
                        let labels = if o.show_labels { line.pop() } else { None };
                        for l in &label_cols {
                            if i == 0 && !o.no_headers {
                                line.push(l.rsplit('/').next().unwrap_or(l).to_uppercase());
                            } else {
                                let obj = &objs[if o.no_headers { i } else { i - 1 }];
                                let v = obj.pointer("/metadata/labels").and_then(|m| m.get(l.as_str()));
                                line.push(v.and_then(Value::as_str).unwrap_or("").to_string());
                            }
                        }
                        line.extend(labels);
                    }
                }
                blocks.push(printers::tabwrite(&lines));
            }
            if p.has("watch-only") {
                blocks.clear();
            }
            io.out(blocks.join("\n"));
        }
    }
    if total == 0
        && !any_names
        && errors.is_empty()
        && format != Format::Name
        && template.is_none()
        && (matches!(format, Format::Table | Format::Wide) || columns_requested(&output))
    {
        let res0 = found.first().map(|(r, _)| *r);
        let msg = if all_ns || res0.is_some_and(|r| !r.namespaced) {
            "No resources found\n".to_string()
        } else {
            format!("No resources found in {ns} namespace.\n")
        };
        io.err(msg);
    }
    if !errors.is_empty() {
        io.err(errors);
        io.code = 1;
    }
    if (p.has("watch") || p.has("watch-only")) && io.code == 0 {
        watch(s, &p, &found, selector, all_ns, &ns, format, &mut io)?;
    }
    Ok(io)
}

fn columns_requested(output: &str) -> bool {
    output.starts_with("custom-columns")
}

type Columns = Vec<(String, String)>;

fn parse_output(o: &str) -> Result<(Format, Option<String>, Option<Columns>), String> {
    Ok(match o {
        "" => (Format::Table, None, None),
        "wide" => (Format::Wide, None, None),
        "yaml" => (Format::Yaml, None, None),
        "json" => (Format::Json, None, None),
        "name" => (Format::Name, None, None),
        _ => {
            if let Some(t) = o.strip_prefix("jsonpath=").or_else(|| o.strip_prefix("jsonpath-as-json=")) {
                (Format::Table, Some(t.to_string()), None)
            } else if let Some(c) = o.strip_prefix("custom-columns=") {
                let mut cols = Vec::new();
                for spec in c.split(',') {
                    let Some((h, path)) = spec.split_once(':') else {
                        return Err(format!(
                            "error: unexpected custom-columns spec: {spec}, expected <header>:<json-path-expr>\n"
                        ));
                    };
                    cols.push((h.to_string(), path.to_string()));
                }
                (Format::Table, None, Some(cols))
            } else {
                return Err(format!(
                    "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n"
                ));
            }
        }
    })
}

/// One object when exactly one was named, else a `List` as kubectl builds it.
fn single_or_list(found: &[(&'static Resource, Vec<Value>)], named: bool) -> Value {
    let items: Vec<Value> = found.iter().flat_map(|(_, o)| o.iter().cloned()).collect();
    if named && items.len() == 1 && found.len() == 1 {
        return items.into_iter().next().unwrap_or(Value::Null);
    }
    json!({"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}})
}

/// kubectl's `--sort-by` (kubectl/pkg/cmd/get/sorter.go): Go's unstable `sort.Sort` over the first value the
/// path finds; a row without one sorts first, two quantities (numbers too) compare by value (`isLess`), other
/// values as strings.
fn sort_by(objs: &mut Vec<Value>, expr: &str) -> Result<(), String> {
    let keys: Vec<Option<String>> = objs
        .iter()
        .map(|o| {
            jsonpath::values(expr, o)
                .ok()
                .and_then(|v| v.into_iter().next())
                .filter(|v| !v.is_null())
                .map(|v| jsonpath::text(&v))
        })
        .collect();
    let quantities: Vec<Option<i128>> =
        keys.iter().map(|k| k.as_deref().and_then(super::describe::nano).map(|q| q.0)).collect();
    let perm = super::gosort::order(objs.len(), &mut |i, j| match (&keys[i], &keys[j]) {
        (None, _) => true,
        (_, None) => false,
        (Some(a), Some(b)) => match (quantities[i], quantities[j]) {
            (Some(x), Some(y)) => x < y,
            _ => a < b,
        },
    });
    let mut slots: Vec<Option<Value>> = objs.drain(..).map(Some).collect();
    objs.extend(perm.into_iter().filter_map(|i| slots[i].take()));
    Ok(())
}

/// `-w`: after the list, one row per change (see [`Watch`]). Inside a `timeout` the watch runs its budget of
/// simulated time here; printing to the page's terminal it keeps running there (the page's clock drives it
/// until Ctrl-C); anywhere else (a script, a pipe) it ends at once, as if interrupted.
#[allow(clippy::too_many_arguments)]
fn watch(
    s: &mut Session,
    p: &flags::Parsed,
    found: &[(&'static Resource, Vec<Value>)],
    selector: Option<Selector>,
    all_ns: bool,
    ns: &str,
    format: Format,
    io: &mut Io,
) -> Result<(), String> {
    if found.len() != 1 {
        return Err("error: you may only specify a single resource type\n".into());
    }
    let (res, initial) = (found[0].0, &found[0].1);
    let names: Vec<String> = p.args.iter().skip(1).cloned().collect();
    let o = Options {
        wide: format == Format::Wide,
        now: now_ms(s),
        with_kind: false,
        with_namespace: all_ns,
        show_labels: p.has("show-labels"),
        no_headers: p.has("no-headers"),
    };
    let (_, rv) = s.cluster.watch_since(u64::MAX);
    let namespace = (!all_ns).then(|| ns.to_string());
    let mut w = Watch::new(res, names, selector, namespace, o, initial, p.has("watch-only"), rv);
    match s.deadline {
        Some(budget) => {
            let mut spent = 0u64;
            while spent < budget {
                let step = (budget - spent).min(1000);
                s.advance(step);
                spent += step;
                if s.to_terminal {
                    // what jobs printed meanwhile, in its place among the watch's rows
                    io.out(std::mem::take(&mut s.job_out));
                }
                io.out(w.poll(&s.cluster));
            }
            io.code = 124;
        }
        None => s.start_running(Running::Watch(w)),
    }
    Ok(())
}
