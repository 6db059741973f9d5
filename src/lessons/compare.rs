//! The lab's Deployment-vs-StatefulSet table, filled from the live cluster: the first Deployment and the first
//! StatefulSet of the namespace side by side. Values are read from API objects exactly as `kubectl get -o
//! yaml` shows them (names, uids, claims, Services, revisions), never derived from controller rules, so what
//! the table says is what the cluster did. Row labels are i18n keys; values are Kubernetes names and terms.

use super::Observer;
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// An i18n key (`compare_names`, ...).
    pub aspect: &'static str,
    pub deployment: Vec<String>,
    pub statefulset: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub deployment: String,
    pub statefulset: String,
    pub rows: Vec<Row>,
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    path.iter().try_fold(v, |v, k| v.get(k)).and_then(Value::as_str).unwrap_or_default()
}

fn selector(workload: &Value) -> String {
    workload
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default())).collect::<Vec<_>>().join(","))
        .unwrap_or_default()
}

/// Pods of a workload, by name; StatefulSet pods by ordinal (web-2 after web-10 would read wrong).
fn pods(obs: &mut dyn Observer, workload: &Value) -> Vec<Value> {
    let sel = selector(workload);
    if sel.is_empty() {
        return Vec::new();
    }
    let mut pods: Vec<Value> =
        obs.objects("pod", &sel).into_iter().filter(|p| p.pointer("/metadata/deletionTimestamp").is_none()).collect();
    let ordinal = |p: &Value| {
        let n = s(p, &["metadata", "name"]);
        (n.rsplit('-').next().and_then(|o| o.parse::<u64>().ok()).unwrap_or(u64::MAX), n.to_string())
    };
    crate::sort::sort_by_key(&mut pods, ordinal);
    pods
}

fn uid8(p: &Value) -> String {
    s(p, &["metadata", "uid"]).chars().take(8).collect()
}

fn claims(p: &Value) -> Vec<String> {
    p.pointer("/spec/volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.pointer("/persistentVolumeClaim/claimName").and_then(Value::as_str))
        .map(str::to_string)
        .collect()
}

fn none_if_empty(v: Vec<String>) -> Vec<String> {
    if v.is_empty() {
        vec!["—".into()]
    } else {
        v
    }
}

/// Services whose selector picks these pods (as the endpoints controller matches them).
fn services(obs: &mut dyn Observer, pods: &[Value]) -> Vec<Value> {
    obs.objects("service", "")
        .into_iter()
        .filter(|svc| {
            let Some(sel) = svc.pointer("/spec/selector").and_then(Value::as_object) else { return false };
            !sel.is_empty()
                && pods
                    .iter()
                    .any(|p| sel.iter().all(|(k, v)| p.pointer("/metadata/labels").and_then(|l| l.get(k)) == Some(v)))
        })
        .collect()
}

pub fn table(obs: &mut dyn Observer) -> Option<Comparison> {
    let deploy = obs.objects("deployment", "").into_iter().next()?;
    let sts = obs.objects("statefulset", "").into_iter().next()?;
    let (dpods, spods) = (pods(obs, &deploy), pods(obs, &sts));
    let ns = |o: &Value| s(o, &["metadata", "namespace"]).to_string();
    let name_uid = |p: &Value| format!("{} (uid {}…)", s(p, &["metadata", "name"]), uid8(p));

    let names = Row {
        aspect: "compare_names",
        deployment: none_if_empty(dpods.iter().map(|p| s(p, &["metadata", "name"]).to_string()).collect()),
        statefulset: none_if_empty(spods.iter().map(|p| s(p, &["metadata", "name"]).to_string()).collect()),
    };
    let identity = Row {
        aspect: "compare_identity",
        deployment: none_if_empty(dpods.iter().map(name_uid).collect()),
        statefulset: none_if_empty(spods.iter().map(name_uid).collect()),
    };
    let storage = |pods: &[Value]| {
        none_if_empty(
            pods.iter()
                .flat_map(|p| claims(p).into_iter().map(move |c| format!("{} → pvc/{c}", s(p, &["metadata", "name"]))))
                .collect(),
        )
    };
    let storage = Row { aspect: "compare_storage", deployment: storage(&dpods), statefulset: storage(&spods) };

    let dns_deploy = services(obs, &dpods)
        .iter()
        .map(|svc| format!("{}.{}.svc.cluster.local", s(svc, &["metadata", "name"]), ns(svc)))
        .collect();
    let governing = s(&sts, &["spec", "serviceName"]).to_string();
    let headless = services(obs, &spods).into_iter().find(|svc| s(svc, &["metadata", "name"]) == governing);
    let dns_sts = match headless {
        Some(svc) => spods
            .iter()
            .map(|p| format!("{}.{governing}.{}.svc.cluster.local", s(p, &["metadata", "name"]), ns(&svc)))
            .collect(),
        None => Vec::new(),
    };
    let dns = Row { aspect: "compare_dns", deployment: none_if_empty(dns_deploy), statefulset: none_if_empty(dns_sts) };

    let strategy = |o: &Value, field: &str| {
        let st = o.pointer(&format!("/spec/{field}")).cloned().unwrap_or_default();
        let mut out = st.get("type").and_then(Value::as_str).unwrap_or("RollingUpdate").to_string();
        if let Some(ru) = st.get("rollingUpdate").and_then(Value::as_object) {
            for (k, v) in ru {
                out.push_str(&format!(" {k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_string)));
            }
        }
        out
    };
    let mut upd_deploy = vec![strategy(&deploy, "strategy")];
    let rs_sel = selector(&deploy);
    let mut sets: Vec<Value> = obs.objects("replicaset", &rs_sel);
    crate::sort::sort_by_key(&mut sets, |r| s(r, &["metadata", "name"]).to_string());
    for rs in sets.iter().filter(|r| r.pointer("/spec/replicas").and_then(Value::as_u64).unwrap_or(0) > 0) {
        let hash = s(rs, &["metadata", "labels", "pod-template-hash"]);
        let on: Vec<&str> = dpods
            .iter()
            .filter(|p| s(p, &["metadata", "labels", "pod-template-hash"]) == hash)
            .map(|p| s(p, &["metadata", "name"]))
            .collect();
        upd_deploy.push(format!("rs/{}: {}", s(rs, &["metadata", "name"]), on.join(", ")));
    }
    let update_rev = s(&sts, &["status", "updateRevision"]).to_string();
    let mut upd_sts = vec![strategy(&sts, "updateStrategy")];
    for p in &spods {
        let rev = s(p, &["metadata", "labels", "controller-revision-hash"]);
        let mark = if !update_rev.is_empty() && rev == update_rev { " ✓" } else { "" };
        upd_sts.push(format!("{}: {rev}{mark}", s(p, &["metadata", "name"])));
    }
    let update = Row { aspect: "compare_update", deployment: upd_deploy, statefulset: upd_sts };

    Some(Comparison {
        deployment: s(&deploy, &["metadata", "name"]).to_string(),
        statefulset: s(&sts, &["metadata", "name"]).to_string(),
        rows: vec![names, identity, storage, dns, update],
    })
}

/// The table as text (the native golden test and `--` CLI output read it this way).
pub fn render(c: &Comparison, label: impl Fn(&str) -> String) -> String {
    let mut out =
        format!("{} | deployment/{} | statefulset/{}\n", label("compare_aspect"), c.deployment, c.statefulset);
    for r in &c.rows {
        let n = r.deployment.len().max(r.statefulset.len());
        for i in 0..n {
            let head = if i == 0 { label(r.aspect) } else { String::new() };
            let cell = |v: &[String]| v.get(i).cloned().unwrap_or_default();
            out.push_str(&format!("{head} | {} | {}\n", cell(&r.deployment), cell(&r.statefulset)));
        }
    }
    out
}
