//! Label and field selectors as the API server parses them (`k8s.io/apimachinery/pkg/labels/selector.go`,
//! `pkg/fields/selector.go`), with the errors it returns for bad ones. One grammar for every face: the shell's
//! `-l`/`--field-selector`, the lessons' checks and `stsplay serve`'s `?labelSelector=`.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Requirement {
    Eq(String, String),
    NotEq(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    NotExists(String),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelSelector(pub Vec<Requirement>);

/// Splits at commas that are not inside parentheses.
fn split_top(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

fn values_list(s: &str) -> Option<Vec<String>> {
    let inner = s.trim().strip_prefix('(')?.strip_suffix(')')?;
    Some(inner.split(',').map(|v| v.trim().to_string()).collect())
}

impl LabelSelector {
    pub fn parse(s: &str) -> Result<LabelSelector, String> {
        let mut reqs = Vec::new();
        if s.trim().is_empty() {
            return Ok(LabelSelector(reqs));
        }
        for part in split_top(s) {
            let p = part.trim();
            if p.is_empty() {
                return Err(format!("unable to parse requirement: found '', expected: identifier in {s:?}"));
            }
            let words: Vec<&str> = p.splitn(2, char::is_whitespace).collect();
            let req = if let Some(k) = p.strip_prefix('!') {
                Requirement::NotExists(k.trim().to_string())
            } else if let Some((k, v)) = p.split_once("!=") {
                Requirement::NotEq(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = p.split_once("==") {
                Requirement::Eq(k.trim().into(), v.trim().into())
            } else if let Some((k, v)) = p.split_once('=') {
                Requirement::Eq(k.trim().into(), v.trim().into())
            } else if words.len() == 2 && words[1].trim_start().starts_with("notin") {
                let vals = values_list(words[1].trim_start().trim_start_matches("notin"))
                    .ok_or_else(|| format!("unable to parse requirement: {p:?}"))?;
                Requirement::NotIn(words[0].into(), vals)
            } else if words.len() == 2 && words[1].trim_start().starts_with("in") {
                let vals = values_list(words[1].trim_start().trim_start_matches("in"))
                    .ok_or_else(|| format!("unable to parse requirement: {p:?}"))?;
                Requirement::In(words[0].into(), vals)
            } else if words.len() == 1 {
                Requirement::Exists(p.to_string())
            } else {
                return Err(format!("unable to parse requirement: {p:?}"));
            };
            reqs.push(req);
        }
        Ok(LabelSelector(reqs))
    }

    pub fn matches(&self, labels: Option<&serde_json::Map<String, Value>>) -> bool {
        let get = |k: &str| labels.and_then(|l| l.get(k)).and_then(|v| v.as_str());
        self.0.iter().all(|r| match r {
            Requirement::Eq(k, v) => get(k) == Some(v.as_str()),
            Requirement::NotEq(k, v) => get(k) != Some(v.as_str()),
            Requirement::In(k, vs) => get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Requirement::NotIn(k, vs) => !get(k).is_some_and(|x| vs.iter().any(|v| v == x)),
            Requirement::Exists(k) => get(k).is_some(),
            Requirement::NotExists(k) => get(k).is_none(),
        })
    }
}

/// A field selector: `metadata.name=web-0,status.phase!=Running`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FieldSelector(pub Vec<(String, bool, String)>);

impl FieldSelector {
    pub fn parse(s: &str) -> Result<FieldSelector, String> {
        let mut out = Vec::new();
        for p in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, eq, v) = if let Some((k, v)) = p.split_once("!=") {
                (k, false, v)
            } else if let Some((k, v)) = p.split_once("==") {
                (k, true, v)
            } else if let Some((k, v)) = p.split_once('=') {
                (k, true, v)
            } else {
                return Err(format!("invalid selector: '{s}'; can't understand '{p}'"));
            };
            out.push((k.trim().to_string(), eq, v.trim().to_string()));
        }
        Ok(FieldSelector(out))
    }

    /// The API server's refusal of a field label `kind` cannot be selected by: the labels each kind's
    /// field-label conversion accepts (k8s.io/kubernetes pkg/apis/core/v1/conversion.go, apps/v1, batch/v1), the
    /// others only metadata.name and metadata.namespace (DefaultMetaV1FieldSelectorConversion).
    pub fn unsupported(&self, kind: &str) -> Option<String> {
        let own: &[&str] = match kind {
            "Pod" => &[
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.podIPs",
                "status.nominatedNodeName",
            ],
            "Event" => &[
                "involvedObject.kind",
                "involvedObject.namespace",
                "involvedObject.name",
                "involvedObject.uid",
                "involvedObject.apiVersion",
                "involvedObject.resourceVersion",
                "involvedObject.fieldPath",
                "reason",
                "reportingComponent",
                "source",
                "type",
            ],
            "Node" => &["spec.unschedulable"],
            "Namespace" => &["status.phase"],
            "Secret" => &["type"],
            "ReplicationController" | "ReplicaSet" => &["status.replicas"],
            "Job" => &["status.successful"],
            _ => &[],
        };
        let (k, _, _) = self.0.iter().find(|(k, _, _)| {
            !own.contains(&k.as_str())
                && k != "metadata.name"
                && !(k == "metadata.namespace" && kind != "Node" && kind != "Namespace")
        })?;
        Some(if own.is_empty() {
            format!("{k:?} is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
        } else {
            format!("field label not supported: {k}")
        })
    }

    /// The value a field path has on an object; missing fields read as "" like the server's field sets do.
    fn field<'a>(obj: &'a Value, path: &str) -> &'a str {
        let mut cur = obj;
        for seg in path.split('.') {
            match cur.get(seg) {
                Some(v) => cur = v,
                None => return "",
            }
        }
        cur.as_str().unwrap_or("")
    }

    pub fn matches(&self, obj: &Value) -> bool {
        self.0.iter().all(|(k, eq, v)| {
            let actual = match obj.pointer(&format!("/{}", k.replace('.', "/"))) {
                Some(Value::Bool(b)) => b.to_string(),
                Some(Value::Number(n)) => n.to_string(),
                // the server's field sets write unset bools and counts as Go's zero values
                None if matches!(k.as_str(), "spec.unschedulable" | "spec.hostNetwork") => "false".into(),
                None if matches!(k.as_str(), "status.replicas" | "status.successful") => "0".into(),
                _ => Self::field(obj, k).to_string(),
            };
            (actual == *v) == *eq
        })
    }

    /// The name a `metadata.name=` selector pins, as kubectl's `--wait` and `get NAME -w` send.
    pub fn pinned_name(&self) -> Option<&str> {
        self.0.iter().find(|(k, eq, _)| k == "metadata.name" && *eq).map(|(_, _, v)| v.as_str())
    }
}
