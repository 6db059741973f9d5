//! The resources the server offers, as the real API server's discovery documents describe them (names, kinds,
//! verbs, short names, categories). kubectl resolves `po`, `sts`, `pvc`, `all` from these, so they follow a
//! real 1.37 server's `/api/v1` and `/apis/apps/v1` answers.

use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    /// URL plural (`pods`).
    pub name: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
    pub subresources: &'static [&'static str],
}

const CRUD: &[&str] = &["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const NS_VERBS: &[&str] = &["create", "delete", "get", "list", "patch", "update", "watch"];

macro_rules! res {
    ($g:expr, $v:expr, $name:expr, $sing:expr, $kind:expr, $ns:expr, [$($s:expr),*], [$($c:expr),*], [$($sub:expr),*]) => {
        Resource {
            group: $g,
            version: $v,
            name: $name,
            singular: $sing,
            kind: $kind,
            namespaced: $ns,
            short_names: &[$($s),*],
            categories: &[$($c),*],
            subresources: &[$($sub),*],
        }
    };
}

pub const RESOURCES: &[Resource] = &[
    res!("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"], [], []),
    res!("", "v1", "endpoints", "endpoints", "Endpoints", true, ["ep"], [], []),
    res!("", "v1", "events", "event", "Event", true, ["ev"], [], []),
    res!("", "v1", "limitranges", "limitrange", "LimitRange", true, ["limits"], [], []),
    res!("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], [], ["finalize", "status"]),
    res!("", "v1", "nodes", "node", "Node", false, ["no"], [], ["proxy", "status"]),
    res!(
        "",
        "v1",
        "persistentvolumeclaims",
        "persistentvolumeclaim",
        "PersistentVolumeClaim",
        true,
        ["pvc"],
        [],
        ["status"]
    ),
    res!("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, ["pv"], [], ["status"]),
    res!("", "v1", "pods", "pod", "Pod", true, ["po"], ["all"], ["eviction", "exec", "log", "status"]),
    res!("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, ["quota"], [], ["status"]),
    res!("", "v1", "secrets", "secret", "Secret", true, [], [], []),
    res!("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, ["sa"], [], []),
    res!("", "v1", "services", "service", "Service", true, ["svc"], ["all"], ["status"]),
    res!("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, [], [], []),
    res!("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], ["all"], ["status"]),
    res!("apps", "v1", "deployments", "deployment", "Deployment", true, ["deploy"], ["all"], ["scale", "status"]),
    res!("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], ["all"], ["scale", "status"]),
    res!("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], ["all"], ["scale", "status"]),
    res!(
        "authorization.k8s.io",
        "v1",
        "selfsubjectaccessreviews",
        "selfsubjectaccessreview",
        "SelfSubjectAccessReview",
        false,
        [],
        [],
        []
    ),
    res!(
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        "horizontalpodautoscaler",
        "HorizontalPodAutoscaler",
        true,
        ["hpa"],
        ["all"],
        ["status"]
    ),
    res!("batch", "v1", "jobs", "job", "Job", true, [], ["all"], ["status"]),
    res!("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, [], [], []),
    res!("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, [], [], []),
    res!("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, ["ing"], [], ["status"]),
    res!(
        "policy",
        "v1",
        "poddisruptionbudgets",
        "poddisruptionbudget",
        "PodDisruptionBudget",
        true,
        ["pdb"],
        [],
        ["status"]
    ),
    res!("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, ["sc"], [], []),
];

impl Resource {
    pub fn group_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
    /// `pods`, `statefulsets.apps`: how errors name the resource.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.name.to_string()
        } else {
            format!("{}.{}", self.name, self.group)
        }
    }
    fn verbs(&self) -> &'static [&'static str] {
        if self.kind == "SelfSubjectAccessReview" {
            &["create"]
        } else if self.name == "namespaces" {
            NS_VERBS
        } else {
            CRUD
        }
    }
}

pub fn find(group: &str, version: &str, name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.group == group && r.version == version && r.name == name)
}

pub fn by_kind(kind: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.kind == kind)
}

/// The groups in the order a real server lists them (core first, then registration order).
fn groups() -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = Vec::new();
    for r in RESOURCES.iter().filter(|r| !r.group.is_empty()) {
        if !out.contains(&(r.group, r.version)) {
            out.push((r.group, r.version));
        }
    }
    out
}

pub fn group_known(group: &str, version: &str) -> bool {
    (group.is_empty() && version == "v1") || groups().contains(&(group, version))
}

/// `GET /api`.
pub fn api_versions(server_addr: &str) -> Value {
    json!({
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_addr}]
    })
}

/// `GET /apis`.
pub fn api_group_list() -> Value {
    let groups: Vec<Value> = groups()
        .into_iter()
        .map(|(g, v)| {
            let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
            json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv})
        })
        .collect();
    json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
}

/// `GET /apis/GROUP`.
pub fn api_group(group: &str) -> Option<Value> {
    let (g, v) = groups().into_iter().find(|(g, _)| *g == group)?;
    let gv = json!({"groupVersion": format!("{g}/{v}"), "version": v});
    Some(json!({"kind": "APIGroup", "apiVersion": "v1", "name": g, "versions": [gv.clone()], "preferredVersion": gv}))
}

/// `GET /api/v1`, `GET /apis/GROUP/VERSION`.
pub fn api_resource_list(group: &str, version: &str) -> Option<Value> {
    if !group_known(group, version) {
        return None;
    }
    let mut resources = Vec::new();
    for r in RESOURCES.iter().filter(|r| r.group == group && r.version == version) {
        let mut e = json!({
            "name": r.name,
            "singularName": r.singular,
            "namespaced": r.namespaced,
            "kind": r.kind,
            "verbs": r.verbs(),
        });
        if !r.short_names.is_empty() {
            e["shortNames"] = json!(r.short_names);
        }
        if !r.categories.is_empty() {
            e["categories"] = json!(r.categories);
        }
        resources.push(e);
        for sub in r.subresources {
            let (kind, verbs, grp, ver): (&str, &[&str], Option<&str>, Option<&str>) = match *sub {
                "scale" => ("Scale", &["get", "patch", "update"], Some("autoscaling"), Some("v1")),
                "log" => ("Pod", &["get"], None, None),
                "exec" => ("PodExecOptions", &["create", "get"], None, None),
                "eviction" => ("Eviction", &["create"], Some("policy"), Some("v1")),
                "proxy" => ("NodeProxyOptions", &["create", "delete", "get", "patch", "update"], None, None),
                "finalize" => ("Namespace", &["update"], None, None),
                _ => (r.kind, &["get", "patch", "update"], None, None),
            };
            let mut s = json!({
                "name": format!("{}/{sub}", r.name),
                "singularName": "",
                "namespaced": r.namespaced,
                "kind": kind,
                "verbs": verbs,
            });
            if let (Some(g), Some(v)) = (grp, ver) {
                s["group"] = json!(g);
                s["version"] = json!(v);
            }
            resources.push(s);
        }
    }
    Some(
        json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": if group.is_empty() { version.to_string() } else { format!("{group}/{version}") }, "resources": resources}),
    )
}

/// The aggregated discovery document (`apidiscovery.k8s.io/v2` `APIGroupDiscoveryList`) for `/api` (core) or
/// `/apis` (named groups): one request instead of one per group version.
pub fn aggregated(core: bool) -> Value {
    let pairs: Vec<(&str, &str)> = if core { vec![("", "v1")] } else { groups() };
    let items: Vec<Value> = pairs
        .into_iter()
        .map(|(g, v)| {
            let resources: Vec<Value> = RESOURCES
                .iter()
                .filter(|r| r.group == g && r.version == v)
                .map(|r| {
                    let subs: Vec<Value> = r
                        .subresources
                        .iter()
                        .map(|sub| {
                            let (rk, verbs): (Value, &[&str]) = match *sub {
                                "scale" => (
                                    json!({"group": "autoscaling", "version": "v1", "kind": "Scale"}),
                                    &["get", "patch", "update"],
                                ),
                                "log" => (json!({"group": "", "version": "v1", "kind": "Pod"}), &["get"]),
                                "exec" => (
                                    json!({"group": "", "version": "v1", "kind": "PodExecOptions"}),
                                    &["create", "get"],
                                ),
                                "eviction" => {
                                    (json!({"group": "policy", "version": "v1", "kind": "Eviction"}), &["create"])
                                }
                                "proxy" => (
                                    json!({"group": "", "version": "v1", "kind": "NodeProxyOptions"}),
                                    &["create", "delete", "get", "patch", "update"],
                                ),
                                "finalize" => (json!({"group": "", "version": "v1", "kind": "Namespace"}), &["update"]),
                                _ => (json!({"group": g, "version": v, "kind": r.kind}), &["get", "patch", "update"]),
                            };
                            json!({"subresource": sub, "responseKind": rk, "verbs": verbs})
                        })
                        .collect();
                    let mut e = json!({
                        "resource": r.name,
                        "responseKind": {"group": g, "version": v, "kind": r.kind},
                        "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
                        "singularResource": r.singular,
                        "verbs": r.verbs(),
                    });
                    if !r.short_names.is_empty() {
                        e["shortNames"] = json!(r.short_names);
                    }
                    if !r.categories.is_empty() {
                        e["categories"] = json!(r.categories);
                    }
                    if !subs.is_empty() {
                        e["subresources"] = json!(subs);
                    }
                    e
                })
                .collect();
            json!({
                "metadata": {"name": g, "creationTimestamp": null},
                "versions": [{"version": v, "resources": resources, "freshness": "Current"}]
            })
        })
        .collect();
    json!({"kind": "APIGroupDiscoveryList", "apiVersion": "apidiscovery.k8s.io/v2", "metadata": {}, "items": items})
}
