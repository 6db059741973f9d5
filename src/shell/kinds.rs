//! The resource types kubectl knows in this cluster: names, short names, groups and scope, as
//! `kubectl api-resources` lists them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resource {
    pub kind: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub short: &'static [&'static str],
    /// API group ("" for core).
    pub group: &'static str,
    pub version: &'static str,
    pub namespaced: bool,
}

impl Resource {
    /// `pod`, `statefulset.apps`: the prefix kubectl prints in `kind/name` rows and messages.
    pub fn kind_group(&self) -> String {
        let k = self.kind.to_lowercase();
        if self.group.is_empty() {
            k
        } else {
            format!("{k}.{}", self.group)
        }
    }

    /// `pods`, `statefulsets.apps`: the resource name used in API error messages.
    pub fn plural_group(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_string()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_string()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }
}

macro_rules! res {
    ($kind:expr, $plural:expr, $singular:expr, [$($s:expr),*], $group:expr, $version:expr, $ns:expr) => {
        Resource {
            kind: $kind,
            plural: $plural,
            singular: $singular,
            short: &[$($s),*],
            group: $group,
            version: $version,
            namespaced: $ns,
        }
    };
}

pub const RESOURCES: &[Resource] = &[
    res!("ConfigMap", "configmaps", "configmap", ["cm"], "", "v1", true),
    res!("Endpoints", "endpoints", "endpoints", ["ep"], "", "v1", true),
    res!("Event", "events", "event", ["ev"], "", "v1", true),
    res!("Namespace", "namespaces", "namespace", ["ns"], "", "v1", false),
    res!("Node", "nodes", "node", ["no"], "", "v1", false),
    res!("PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", ["pvc"], "", "v1", true),
    res!("PersistentVolume", "persistentvolumes", "persistentvolume", ["pv"], "", "v1", false),
    res!("Pod", "pods", "pod", ["po"], "", "v1", true),
    res!("Secret", "secrets", "secret", [], "", "v1", true),
    res!("ServiceAccount", "serviceaccounts", "serviceaccount", ["sa"], "", "v1", true),
    res!("Service", "services", "service", ["svc"], "", "v1", true),
    res!("ControllerRevision", "controllerrevisions", "controllerrevision", [], "apps", "v1", true),
    res!("DaemonSet", "daemonsets", "daemonset", ["ds"], "apps", "v1", true),
    res!("Deployment", "deployments", "deployment", ["deploy"], "apps", "v1", true),
    res!("ReplicaSet", "replicasets", "replicaset", ["rs"], "apps", "v1", true),
    res!("StatefulSet", "statefulsets", "statefulset", ["sts"], "apps", "v1", true),
    res!("Lease", "leases", "lease", [], "coordination.k8s.io", "v1", true),
    res!("EndpointSlice", "endpointslices", "endpointslice", [], "discovery.k8s.io", "v1", true),
    res!("PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", ["pdb"], "policy", "v1", true),
    res!("StorageClass", "storageclasses", "storageclass", ["sc"], "storage.k8s.io", "v1", false),
];

/// Resolves what a user typed (`po`, `pods`, `Pod`, `statefulsets.apps`, `sts`) to a resource.
pub fn lookup(name: &str) -> Option<&'static Resource> {
    let lower = name.to_lowercase();
    let (base, group) = match lower.split_once('.') {
        Some((b, g)) => (b.to_string(), Some(g.to_string())),
        None => (lower.clone(), None),
    };
    RESOURCES.iter().find(|r| {
        let name_ok = r.plural == base || r.singular == base || r.short.contains(&base.as_str());
        let group_ok = match &group {
            None => true,
            Some(g) => r.group == g || (r.group.is_empty() && g == "v1"),
        };
        name_ok && group_ok
    })
}

/// The resource of an object's `kind`.
pub fn by_kind(kind: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.kind == kind)
}

/// What `kubectl get all` lists, in kubectl's order.
pub const ALL: &[&str] = &["pods", "services", "daemonsets", "deployments", "replicasets", "statefulsets"];
