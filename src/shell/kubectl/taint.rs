//! `kubectl taint`, as kubectl's pkg/cmd/taint (taint.go, utils.go) does it: the arguments split into nodes and
//! taint changes, each change parsed and validated before the server is asked anything, then per node the new
//! taint list (the added taints first, then the old ones they did not replace, less the removed ones) written as a
//! strategic-merge patch, and `node/NAME tainted|untainted|modified` printed.

use super::flags::{self, flag, opt};
use super::mutate::dry_run;
use super::{api_err, Selector};
use crate::cluster::{meta, PatchType};
use crate::json;
use crate::shell::{Io, Session};
use serde_json::Value;

/// A taint as the command line gives it (corev1.Taint without timeAdded, which kubectl never sets).
#[derive(Clone, Debug, PartialEq)]
struct Taint {
    key: String,
    value: String,
    effect: String,
}

impl Taint {
    fn of(v: &Value) -> Taint {
        Taint {
            key: meta::s(v, "/key").into(),
            value: meta::s(v, "/value").into(),
            effect: meta::s(v, "/effect").into(),
        }
    }

    /// The API object in the Go struct's field order (key, value, effect), value omitted when empty.
    fn to_value(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("key".into(), json!(self.key));
        if !self.value.is_empty() {
            m.insert("value".into(), json!(self.value));
        }
        if !self.effect.is_empty() {
            m.insert("effect".into(), json!(self.effect));
        }
        Value::Object(m)
    }

    /// corev1 `Taint.ToString`.
    fn to_go_string(&self) -> String {
        match (self.effect.is_empty(), self.value.is_empty()) {
            (true, true) => self.key.clone(),
            (true, false) => format!("{}={}:", self.key, self.value),
            (false, true) => format!("{}:{}", self.key, self.effect),
            (false, false) => format!("{}={}:{}", self.key, self.value, self.effect),
        }
    }

    /// `MatchTaint`: same key and effect.
    fn matches(&self, o: &Taint) -> bool {
        self.key == o.key && self.effect == o.effect
    }
}

const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, anchored.
fn qualified_token(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(|l| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    })
}

/// apimachinery's `validation.IsQualifiedName`.
fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                if prefix.len() > 253 {
                    errs.push("prefix part must be no more than 253 characters".to_string());
                }
                if !dns1123_subdomain(prefix) {
                    errs.push(format!("prefix part {DNS1123_SUBDOMAIN_MSG}"));
                }
            }
            name
        }
        _ => {
            return vec![format!(
                "a qualified name {QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".into());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".into());
    }
    if !qualified_token(name) {
        errs.push(format!("name part {QUALIFIED_NAME_MSG}"));
    }
    errs
}

/// apimachinery's `validation.IsValidLabelValue`.
fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !value.is_empty() && !qualified_token(value) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// utils.go `parseTaint`: `key=value:effect`, `key:effect` or `key`.
fn parse_taint(st: &str) -> Result<Taint, String> {
    let parts: Vec<&str> = st.split(':').collect();
    let (key, value, effect) = match parts.as_slice() {
        [key] => (key.to_string(), String::new(), String::new()),
        [kv, effect] => {
            if !matches!(*effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute") {
                return Err(format!("invalid taint effect: {effect}, unsupported taint effect"));
            }
            let kv: Vec<&str> = kv.split('=').collect();
            if kv.len() > 2 {
                return Err(format!("invalid taint spec: {st}"));
            }
            let value = kv.get(1).map(|v| v.to_string()).unwrap_or_default();
            let errs = label_value_errors(&value);
            if kv.len() == 2 && !errs.is_empty() {
                return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
            }
            (kv[0].to_string(), value, effect.to_string())
        }
        _ => return Err(format!("invalid taint spec: {st}")),
    };
    let errs = qualified_name_errors(&key);
    if !errs.is_empty() {
        return Err(format!("invalid taint spec: {st}, {}", errs.join("; ")));
    }
    Ok(Taint { key, value, effect })
}

/// utils.go `parseTaints`: the taints to add and to remove (`...-`).
fn parse_taints(specs: &[String]) -> Result<(Vec<Taint>, Vec<Taint>), String> {
    let (mut add, mut remove) = (Vec::<Taint>::new(), Vec::new());
    for spec in specs {
        if let Some(t) = spec.strip_suffix('-') {
            let t = parse_taint(t)?;
            remove.push(Taint { key: t.key, value: String::new(), effect: t.effect });
        } else {
            let t = parse_taint(spec)?;
            if t.effect.is_empty() {
                return Err(format!("invalid taint spec: {spec}"));
            }
            if add.iter().any(|a| a.matches(&t)) {
                // `%v` of the Go struct: Key, Value, Effect and the nil TimeAdded
                return Err(format!(
                    "duplicated taints with the same key and effect: {{{} {} {} <nil>}}",
                    t.key, t.value, t.effect
                ));
            }
            add.push(t);
        }
    }
    Ok((add, remove))
}

/// utils.go `reorganizeTaints`: the operation's word and the new list, or the removals that found nothing.
fn reorganize(
    old: &[Taint],
    overwrite: bool,
    add: &[Taint],
    remove: &[Taint],
) -> (&'static str, Vec<Taint>, Vec<String>) {
    let mut new: Vec<Taint> = add.to_vec();
    for o in old {
        if !new.iter().any(|t| t.matches(o)) {
            new.push(o.clone());
        }
    }
    let added = old.len() != new.len();
    let (mut errs, mut deleted) = (Vec::new(), false);
    for r in remove {
        let before = new.len();
        new.retain(|t| if r.effect.is_empty() { t.key != r.key } else { !r.matches(t) });
        // deleteTaints reports only whether the last removal found something
        deleted = new.len() != before;
        if !deleted {
            errs.push(format!("taint {:?} not found", r.to_go_string()));
        }
    }
    let word = if (added && deleted) || overwrite {
        "modified"
    } else if added {
        "tainted"
    } else {
        "untainted"
    };
    (word, new, errs)
}

pub fn taint(s: &mut Session, args: &[String]) -> Result<Io, String> {
    let p = flags::parse(
        "taint",
        args,
        &[
            flag("overwrite", None),
            flag("all", None),
            opt("selector", Some('l')),
            flag("dry-run", None),
            opt("output", Some('o')),
            opt("validate", None),
            opt("field-manager", None),
            flag("allow-missing-template-keys", None),
            flag("show-managed-fields", None),
            opt("template", None),
        ],
    )?;
    let dry = dry_run(&p)?;
    let output = p.get("output").unwrap_or("").to_string();
    super::create::check_output(&output)?;
    // taint.go Complete: the resources come before the first taint change
    let (mut resources, mut changes) = (Vec::new(), Vec::new());
    for a in &p.args {
        let is_taint = a.contains('=') || a.contains(':') || a.ends_with('-');
        match (changes.is_empty(), is_taint) {
            (_, true) => changes.push(a.clone()),
            (true, false) => resources.push(a.clone()),
            (false, false) => {
                return Err(format!("error: all resources must be specified before taint changes: {a}\n"))
            }
        }
    }
    if resources.is_empty() {
        return Err("error: one or more resources must be specified as <resource> <name>\n".into());
    }
    if changes.is_empty() {
        return Err("error: at least one taint update is required\n".into());
    }
    let (add, remove) =
        parse_taints(&changes).map_err(|e| format!("error: {e}\nSee 'kubectl taint -h' for help and examples\n"))?;
    // Validate: the type must be the nodes' (the RESTMapper's NoMatch error has no `error: ` prefix)
    let rtype = resources[0].to_lowercase();
    let res = crate::shell::kinds::lookup(&rtype)
        .ok_or_else(|| format!("the server doesn't have a resource type \"{rtype}\"\n"))?;
    if res.kind != "Node" {
        return Err(format!("error: invalid resource type {rtype}, only node types are supported\n"));
    }
    let conflicts: Vec<String> = add
        .iter()
        .flat_map(|a| remove.iter().filter(move |r| r.key == a.key && (r.effect.is_empty() || r.effect == a.effect)))
        .map(|r| format!("{}={}", r.key, r.effect))
        .collect();
    if !conflicts.is_empty() {
        return Err(format!(
            "error: can not both modify and remove the following taint(s) in the same command: {}\n",
            conflicts.join(", ")
        ));
    }
    let (all, selector) = (p.has("all"), p.get("selector").filter(|l| !l.is_empty()));
    if all && selector.is_some() {
        return Err("error: setting 'all' parameter with a non empty selector is prohibited\n".into());
    }
    if !all && selector.is_none() && resources.len() < 2 {
        return Err("error: at least one resource name must be specified since 'all' parameter is not set\n".into());
    }
    // The builder's visit: each node, its errors collected (ContinueOnError) and printed together at the end.
    let mut errors: Vec<String> = Vec::new();
    let mut nodes: Vec<Result<Value, String>> = Vec::new();
    if all || selector.is_some() {
        let sel = selector.map(Selector::parse).transpose()?;
        for n in s.cluster.list("Node", None) {
            if sel.as_ref().is_none_or(|sel| sel.matches(&n)) {
                nodes.push(Ok(n));
            }
        }
    } else {
        for name in &resources[1..] {
            nodes.push(s.cluster.get("Node", "", name).map_err(|e| api_err(&e).trim_end().to_string()));
        }
    }
    let mut io = Io::default();
    for node in nodes {
        let node = match node {
            Ok(n) => n,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let name = meta::name(&node).to_string();
        let old: Vec<Taint> =
            node.pointer("/spec/taints").and_then(Value::as_array).into_iter().flatten().map(Taint::of).collect();
        if !p.has("overwrite") {
            let existing: Vec<&str> = add
                .iter()
                .flat_map(|a| old.iter().filter(move |o| o.matches(a)).map(move |_| a.key.as_str()))
                .collect();
            if !existing.is_empty() {
                errors.push(format!(
                    "node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    existing.join(",")
                ));
                continue;
            }
        }
        let (word, new, errs) = reorganize(&old, p.has("overwrite"), &add, &remove);
        if !errs.is_empty() {
            // an aggregate, which CheckErr flattens with the others
            errors.extend(errs);
            continue;
        }
        // A two-way strategic patch of the taints: the list has no merge key, so it is replaced whole.
        let list = if new.is_empty() { Value::Null } else { Value::Array(new.iter().map(Taint::to_value).collect()) };
        let body = json!({"spec": {"taints": list}});
        let shown = if dry.is_some() {
            let mut after = node.clone();
            let spec = meta::obj_mut(&mut after, &["spec"]);
            if new.is_empty() {
                spec.remove("taints");
            } else {
                spec.insert("taints".into(), body["spec"]["taints"].clone());
            }
            after
        } else {
            match s.cluster.patch("Node", "", &name, &body, PatchType::StrategicMerge) {
                Ok(after) => after,
                Err(e) => {
                    errors.push(api_err(&e).trim_end().to_string());
                    continue;
                }
            }
        };
        // The printer's operation replaces the one PrintFlagsWithDryRunStrategy set: no `(dry run)` here.
        io.out(match output.as_str() {
            "" => format!("node/{name} {word}\n"),
            o => super::create::print(&shown, o, "node", dry)?,
        });
    }
    // CheckErr: one error with its `error: ` prefix (a server's Status has its own words), several a line each
    if !errors.is_empty() {
        io.code = 1;
        if errors.len() == 1 && !errors[0].starts_with("Error from server") {
            io.err(format!("error: {}\n", errors[0]));
        } else {
            for e in errors {
                io.err(format!("{e}\n"));
            }
        }
    }
    s.cluster.settle();
    Ok(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taint_specs_parse_as_kubectl_parses_them() {
        let t = parse_taint("dedicated=special-user:NoSchedule").unwrap();
        assert_eq!(t.to_go_string(), "dedicated=special-user:NoSchedule");
        assert_eq!(parse_taint("example.com/gpu:NoExecute").unwrap().to_go_string(), "example.com/gpu:NoExecute");
        assert_eq!(parse_taint("k").unwrap().to_go_string(), "k");
        assert!(parse_taint("Example.com/x:NoSchedule").unwrap_err().contains("prefix part a lowercase RFC 1123"));
        assert!(parse_taint("a/b/c:NoSchedule").unwrap_err().contains("a qualified name must consist"));
        assert_eq!(parse_taint("k=v:Never").unwrap_err(), "invalid taint effect: Never, unsupported taint effect");
        let long = format!("k={}:NoSchedule", "v".repeat(64));
        assert!(parse_taint(&long).unwrap_err().ends_with(", must be no more than 63 characters"));
    }

    #[test]
    fn reorganize_words_the_outcome() {
        let t = |s: &str| parse_taint(s).unwrap();
        let old = vec![t("a=1:NoSchedule"), t("b:NoExecute")];
        let (word, new, errs) = reorganize(&old, false, &[t("c=2:NoSchedule")], &[]);
        assert_eq!((word, new.len(), errs.len()), ("tainted", 3, 0));
        assert_eq!(new[0].key, "c");
        let (word, new, _) = reorganize(&old, false, &[], &[t("a")]);
        assert_eq!((word, new.len()), ("untainted", 1));
        let (word, _, _) = reorganize(&old, false, &[t("c:NoSchedule")], &[t("b:NoExecute")]);
        assert_eq!(word, "modified");
        let (_, _, errs) = reorganize(&old, false, &[], &[t("x:NoSchedule"), t("y")]);
        assert_eq!(errs, ["taint \"x:NoSchedule\" not found", "taint \"y\" not found"]);
    }
}
