//! The resource types the simulated API server serves, with the names kubectl resolves (`po`, `sts`, `pvc`, ...).

#[derive(Debug, PartialEq, Eq)]
pub struct KindInfo {
    pub kind: &'static str,
    /// The resource (plural) name, as in `pods "x" not found`.
    pub plural: &'static str,
    pub singular: &'static str,
    /// API group; "" for the core group.
    pub group: &'static str,
    pub api_version: &'static str,
    pub namespaced: bool,
    pub short_names: &'static [&'static str],
}

impl KindInfo {
    /// `statefulsets.apps`, `pods`: the group-qualified resource used in API error messages.
    pub fn qualified_plural(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    /// `StatefulSet.apps`, `Pod`: the group-qualified kind used in `is invalid` messages.
    pub fn qualified_kind(&self) -> String {
        if self.group.is_empty() {
            self.kind.to_string()
        } else {
            format!("{}.{}", self.kind, self.group)
        }
    }

    /// `statefulset.apps`, `pod`: the prefix kubectl prints (`statefulset.apps/web created`).
    pub fn kubectl_prefix(&self) -> String {
        let lower = self.kind.to_ascii_lowercase();
        if self.group.is_empty() {
            lower
        } else {
            format!("{lower}.{}", self.group)
        }
    }

    /// Whether writes to the main resource ignore `.status` (the status subresource exists).
    pub fn has_status_subresource(&self) -> bool {
        matches!(
            self.kind,
            "Pod"
                | "StatefulSet"
                | "Deployment"
                | "ReplicaSet"
                | "DaemonSet"
                | "PersistentVolumeClaim"
                | "PersistentVolume"
                | "Service"
                | "Node"
                | "Namespace"
                | "PodDisruptionBudget"
        )
    }
}

macro_rules! k {
    ($kind:expr, $plural:expr, $singular:expr, $group:expr, $av:expr, $ns:expr, [$($s:expr),*]) => {
        KindInfo {
            kind: $kind,
            plural: $plural,
            singular: $singular,
            group: $group,
            api_version: $av,
            namespaced: $ns,
            short_names: &[$($s),*],
        }
    };
}

pub static KINDS: &[KindInfo] = &[
    k!("Pod", "pods", "pod", "", "v1", true, ["po"]),
    k!("Service", "services", "service", "", "v1", true, ["svc"]),
    k!("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", "", "v1", true, ["pvc"]),
    k!("PersistentVolume", "persistentvolumes", "persistentvolume", "", "v1", false, ["pv"]),
    k!("ConfigMap", "configmaps", "configmap", "", "v1", true, ["cm"]),
    k!("Secret", "secrets", "secret", "", "v1", true, []),
    k!("ServiceAccount", "serviceaccounts", "serviceaccount", "", "v1", true, ["sa"]),
    k!("Namespace", "namespaces", "namespace", "", "v1", false, ["ns"]),
    k!("Node", "nodes", "node", "", "v1", false, ["no"]),
    k!("Event", "events", "event", "", "v1", true, ["ev"]),
    k!("Endpoints", "endpoints", "endpoints", "", "v1", true, ["ep"]),
    k!("StatefulSet", "statefulsets", "statefulset", "apps", "apps/v1", true, ["sts"]),
    k!("Deployment", "deployments", "deployment", "apps", "apps/v1", true, ["deploy"]),
    k!("ReplicaSet", "replicasets", "replicaset", "apps", "apps/v1", true, ["rs"]),
    k!("DaemonSet", "daemonsets", "daemonset", "apps", "apps/v1", true, ["ds"]),
    k!("ControllerRevision", "controllerrevisions", "controllerrevision", "apps", "apps/v1", true, []),
    k!("Lease", "leases", "lease", "coordination.k8s.io", "coordination.k8s.io/v1", true, []),
    k!("EndpointSlice", "endpointslices", "endpointslice", "discovery.k8s.io", "discovery.k8s.io/v1", true, []),
    k!("PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", "policy", "policy/v1", true, ["pdb"]),
    k!("StorageClass", "storageclasses", "storageclass", "storage.k8s.io", "storage.k8s.io/v1", false, ["sc"]),
];

/// By kind name (`StatefulSet`).
pub fn by_kind(kind: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.kind == kind)
}

/// By any name kubectl accepts for a resource: plural, singular, short name, kind, or group-qualified
/// (`statefulsets.apps`, `sts`, `StatefulSet`), case-insensitively as kubectl does.
pub fn resolve(name: &str) -> Option<&'static KindInfo> {
    let lower = name.to_ascii_lowercase();
    let (base, group) = match lower.split_once('.') {
        Some((b, g)) => (b.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    KINDS.iter().find(|k| {
        let names = base == k.plural
            || base == k.singular
            || base == k.kind.to_ascii_lowercase()
            || k.short_names.contains(&base.as_str());
        names && group.as_deref().is_none_or(|g| g == k.group || (k.group.is_empty() && g.is_empty()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubectl_names_resolve() {
        assert_eq!(resolve("sts").unwrap().kind, "StatefulSet");
        assert_eq!(resolve("statefulsets.apps").unwrap().kind, "StatefulSet");
        assert_eq!(resolve("PO").unwrap().kind, "Pod");
        assert_eq!(resolve("pvc").unwrap().qualified_plural(), "persistentvolumeclaims");
        assert!(resolve("statefulsets.core").is_none());
        assert_eq!(by_kind("StatefulSet").unwrap().kubectl_prefix(), "statefulset.apps");
    }
}
