//! API defaulting, as `pkg/apis/*/v1/defaults.go` and the admission plugins (DefaultStorageClass,
//! StorageObjectInUseProtection, ServiceAccount) leave objects before they are stored.

use super::meta::{default_field, obj_mut, s};
use crate::json;
use serde_json::Value;

/// Admission on create only (StorageObjectInUseProtection): claims get the `kubernetes.io/pvc-protection` finalizer.
pub fn admit_create(o: &mut Value) {
    // PrepareForCreate (pkg/registry/policy/poddisruptionbudget/strategy.go) clears a budget's status; its counts
    // are not omitempty, so they show as zeros until the disruption controller's first sync
    if super::meta::kind(o) == "PodDisruptionBudget" {
        if let Some(m) = o.as_object_mut() {
            m.insert(
                "status".into(),
                json!({"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0}),
            );
        }
    }
    if super::meta::kind(o) == "PersistentVolumeClaim" {
        let m = obj_mut(o, &["metadata"]);
        let f = m.entry("finalizers").or_insert(json!([]));
        if let Some(a) = f.as_array_mut() {
            if !a.iter().any(|x| x == "kubernetes.io/pvc-protection") {
                a.push(json!("kubernetes.io/pvc-protection"));
            }
        }
    }
}

/// Defaults an object of any kind in place. `default_class` is the default StorageClass, if any.
pub fn apply(o: &mut Value, default_class: Option<&str>) {
    match super::meta::kind(o) {
        "Pod" => {
            pod_spec(obj_spec(o, &["spec"]));
            pod_only(obj_spec(o, &["spec"]));
            // The Priority admission plugin resolves the two built-in classes (scheduling.SystemPriorityClasses:
            // system-node-critical 2000001000, system-cluster-critical 2000000000); the cluster has no others.
            let priority = match o.pointer("/spec/priorityClassName").and_then(Value::as_str) {
                Some("system-node-critical") => 2_000_001_000,
                Some("system-cluster-critical") => 2_000_000_000,
                _ => 0,
            };
            default_field(o, &["spec"], "priority", json!(priority));
            default_field(o, &["spec"], "preemptionPolicy", json!("PreemptLowerPriority"));
            default_field(o, &["spec"], "enableServiceLinks", json!(true));
            default_toleration_seconds(obj_spec(o, &["spec"]));
            default_field(o, &["status"], "phase", json!("Pending"));
            // PrepareForCreate (pkg/registry/core/pod/strategy.go) stores the class the defaulted pod has.
            let qos = super::kubelet::qos_class(o);
            default_field(o, &["status"], "qosClass", json!(qos));
        }
        "StatefulSet" => statefulset(o),
        "Deployment" => {
            default_field(o, &["spec"], "replicas", json!(1));
            default_field(o, &["spec"], "revisionHistoryLimit", json!(10));
            default_field(o, &["spec"], "progressDeadlineSeconds", json!(600));
            default_field(o, &["spec", "strategy"], "type", json!("RollingUpdate"));
            if s(o, "/spec/strategy/type") == "RollingUpdate" {
                default_field(o, &["spec", "strategy", "rollingUpdate"], "maxSurge", json!("25%"));
                default_field(o, &["spec", "strategy", "rollingUpdate"], "maxUnavailable", json!("25%"));
            }
            template(o);
        }
        "ReplicaSet" => {
            default_field(o, &["spec"], "replicas", json!(1));
            template(o);
        }
        // SetDefaults_DaemonSet.
        "DaemonSet" => {
            default_field(o, &["spec"], "revisionHistoryLimit", json!(10));
            default_field(o, &["spec", "updateStrategy"], "type", json!("RollingUpdate"));
            if s(o, "/spec/updateStrategy/type") == "RollingUpdate" {
                default_field(o, &["spec", "updateStrategy", "rollingUpdate"], "maxUnavailable", json!(1));
                default_field(o, &["spec", "updateStrategy", "rollingUpdate"], "maxSurge", json!(0));
            }
            template(o);
        }
        "Service" => service(o),
        "PersistentVolumeClaim" => pvc(o, default_class),
        "PersistentVolume" => {
            canonical_quantities(o.pointer_mut("/spec/capacity"));
            default_field(o, &["spec"], "persistentVolumeReclaimPolicy", json!("Retain"));
            default_field(o, &["spec"], "volumeMode", json!("Filesystem"));
            default_field(o, &["status"], "phase", json!("Pending"));
        }
        "Namespace" => {
            default_field(o, &["spec"], "finalizers", json!(["kubernetes"]));
            default_field(o, &["status"], "phase", json!("Active"));
            let name = super::meta::name(o).to_string();
            default_field(o, &["metadata", "labels"], "kubernetes.io/metadata.name", json!(name));
        }
        "Secret" => {
            default_field(o, &[], "type", json!("Opaque"));
            // stringData is write-only: converting v1 to the internal Secret (pkg/apis/core/v1/conversion.go)
            // writes each entry into data, over a key data already has, and nothing keeps stringData.
            if let Some(Value::Object(strings)) = o.as_object_mut().and_then(|m| m.remove("stringData")) {
                if let (false, Some(m)) = (strings.is_empty(), o.as_object_mut()) {
                    let data = m.entry("data").or_insert_with(|| json!({}));
                    if !data.is_object() {
                        *data = json!({});
                    }
                    if let Some(data) = data.as_object_mut() {
                        for (k, v) in strings {
                            let text = v.as_str().unwrap_or("");
                            data.insert(k, json!(crate::base64::encode(text.as_bytes())));
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// `SetDefaults_Service` (pkg/apis/core/v1/defaults.go), then the IP family fields the Service REST storage's
/// allocator fills (`initIPFamilyFields`, pkg/registry/core/service/storage/alloc.go) on this single-stack IPv4
/// cluster: none for ExternalName, both families and RequireDualStack for a headless Service without selector.
fn service(o: &mut Value) {
    default_field(o, &["spec"], "type", json!("ClusterIP"));
    default_field(o, &["spec"], "sessionAffinity", json!("None"));
    match s(o, "/spec/sessionAffinity") {
        "None" => {
            obj_mut(o, &["spec"]).remove("sessionAffinityConfig");
        }
        "ClientIP" if o.pointer("/spec/sessionAffinityConfig/clientIP/timeoutSeconds").is_none_or(Value::is_null) => {
            obj_mut(o, &["spec"])
                .insert("sessionAffinityConfig".into(), json!({"clientIP": {"timeoutSeconds": 10800}}));
        }
        _ => {}
    }
    if let Some(ports) = o.pointer_mut("/spec/ports").and_then(Value::as_array_mut) {
        for p in ports {
            default_field(p, &[], "protocol", json!("TCP"));
            // intstr.FromInt32(0) and FromString("") both mean unset
            let unset = match p.get("targetPort") {
                None | Some(Value::Null) => true,
                Some(Value::String(t)) => t.is_empty(),
                Some(n) => n.as_i64() == Some(0),
            };
            if unset {
                let port = p.get("port").cloned().unwrap_or(Value::Null);
                if let Some(m) = p.as_object_mut() {
                    m.insert("targetPort".into(), port);
                }
            }
        }
    }
    let ty = s(o, "/spec/type").to_string();
    // service.ExternallyAccessible: NodePort, LoadBalancer, or a ClusterIP Service with external IPs
    let external_ips = o.pointer("/spec/externalIPs").and_then(Value::as_array).is_some_and(|a| !a.is_empty());
    if ty == "NodePort" || ty == "LoadBalancer" || (ty == "ClusterIP" && external_ips) {
        default_field(o, &["spec"], "externalTrafficPolicy", json!("Cluster"));
    }
    if matches!(ty.as_str(), "NodePort" | "LoadBalancer" | "ClusterIP") {
        default_field(o, &["spec"], "internalTrafficPolicy", json!("Cluster"));
    }
    if ty == "LoadBalancer" {
        default_field(o, &["spec"], "allocateLoadBalancerNodePorts", json!(true));
    }
    if ty != "ExternalName" {
        let selectorless = o.pointer("/spec/selector").and_then(Value::as_object).is_none_or(|m| m.is_empty());
        if s(o, "/spec/clusterIP") == "None" && selectorless {
            default_field(o, &["spec"], "ipFamilyPolicy", json!("RequireDualStack"));
            if s(o, "/spec/ipFamilyPolicy") != "SingleStack" {
                default_field(o, &["spec"], "ipFamilies", json!(["IPv4", "IPv6"]));
            }
        } else {
            default_field(o, &["spec"], "ipFamilies", json!(["IPv4"]));
            default_field(o, &["spec"], "ipFamilyPolicy", json!("SingleStack"));
        }
        default_field(o, &["spec"], "ipFamilies", json!(["IPv4"]));
    }
    default_field(o, &["status"], "loadBalancer", json!({}));
}

/// The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds): a pod that does
/// not already tolerate the NoExecute `not-ready` / `unreachable` taints (a toleration with that key or no key, and
/// effect NoExecute or none) gets a 300 s toleration for each appended to the ones it has.
fn default_toleration_seconds(spec: &mut Value) {
    let Some(m) = spec.as_object_mut() else { return };
    let list = m.entry("tolerations").or_insert_with(|| json!([]));
    let Some(list) = list.as_array_mut() else { return };
    for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] {
        let tolerated =
            list.iter().any(|t| [key, ""].contains(&s(t, "/key")) && matches!(s(t, "/effect"), "" | "NoExecute"));
        if !tolerated {
            list.push(json!({"effect": "NoExecute", "key": key, "operator": "Exists", "tolerationSeconds": 300}));
        }
    }
}

fn obj_spec<'a>(o: &'a mut Value, path: &[&str]) -> &'a mut Value {
    obj_mut(o, path);
    let mut cur = o;
    for p in path {
        cur = cur.get_mut(*p).unwrap();
    }
    cur
}

/// Since Kubernetes 1.34 a zero `creationTimestamp` is omitted (`omitzero`), so templates no longer carry
/// `creationTimestamp: null` (the 1.33 and 1.34 revisions in pkg/controller/statefulset/testdata differ by it).
fn template(o: &mut Value) {
    pod_spec(obj_spec(o, &["spec", "template", "spec"]));
    obj_mut(o, &["spec", "template", "metadata"]);
}

fn pvc(o: &mut Value, default_class: Option<&str>) {
    claim_quantities(o);
    default_field(o, &["spec"], "volumeMode", json!("Filesystem"));
    if let Some(c) = default_class {
        default_field(o, &["spec"], "storageClassName", json!(c));
    }
    default_field(o, &["status"], "phase", json!("Pending"));
}

/// `SetDefaults_StatefulSet` (pkg/apis/apps/v1/defaults.go). Subtle: `rollingUpdate: {partition: 0}` is created
/// only when `updateStrategy.type` was empty; an explicit `type: RollingUpdate` keeps `rollingUpdate` nil.
fn statefulset(o: &mut Value) {
    default_field(o, &["spec"], "replicas", json!(1));
    default_field(o, &["spec"], "podManagementPolicy", json!("OrderedReady"));
    default_field(o, &["spec"], "revisionHistoryLimit", json!(10));
    if s(o, "/spec/updateStrategy/type").is_empty() {
        default_field(o, &["spec", "updateStrategy"], "type", json!("RollingUpdate"));
        default_field(o, &["spec", "updateStrategy"], "rollingUpdate", json!({}));
    }
    if s(o, "/spec/updateStrategy/type") == "RollingUpdate"
        && o.pointer("/spec/updateStrategy/rollingUpdate").is_some_and(Value::is_object)
    {
        default_field(o, &["spec", "updateStrategy", "rollingUpdate"], "partition", json!(0));
    }
    default_field(o, &["spec", "persistentVolumeClaimRetentionPolicy"], "whenDeleted", json!("Retain"));
    default_field(o, &["spec", "persistentVolumeClaimRetentionPolicy"], "whenScaled", json!("Retain"));
    if let Some(vcts) = o.pointer_mut("/spec/volumeClaimTemplates").and_then(Value::as_array_mut) {
        for t in vcts {
            default_field(t, &[], "apiVersion", json!("v1"));
            default_field(t, &[], "kind", json!("PersistentVolumeClaim"));
            claim_quantities(t);
            default_field(t, &["spec"], "volumeMode", json!("Filesystem"));
            default_field(t, &["status"], "phase", json!("Pending"));
        }
    }
    template(o);
}

fn probe(p: &mut Value) {
    default_field(p, &[], "timeoutSeconds", json!(1));
    default_field(p, &[], "periodSeconds", json!(10));
    default_field(p, &[], "successThreshold", json!(1));
    default_field(p, &[], "failureThreshold", json!(3));
    if p.get("httpGet").is_some_and(Value::is_object) {
        default_field(p, &["httpGet"], "scheme", json!("HTTP"));
        default_field(p, &["httpGet"], "path", json!("/"));
    }
}

/// Quantities are stored in canonical form (resource.Quantity's JSON encoding), numbers included (`cpu: 1`).
fn canonical_quantities(list: Option<&mut Value>) {
    for (_, q) in list.and_then(Value::as_object_mut).into_iter().flatten() {
        let text = match q {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => continue,
        };
        if let Some(c) = super::quantity::canonical(&text) {
            *q = json!(c);
        }
    }
}

fn claim_quantities(claim: &mut Value) {
    canonical_quantities(claim.pointer_mut("/spec/resources/requests"));
    canonical_quantities(claim.pointer_mut("/spec/resources/limits"));
}

/// `SetDefaults_ObjectFieldSelector`: a fieldRef's apiVersion is v1.
fn field_ref(holder: &mut Value) {
    if holder.get("fieldRef").is_some_and(Value::is_object) {
        default_field(holder, &["fieldRef"], "apiVersion", json!("v1"));
    }
}

/// `SetDefaults_Volume` and the volume sources' defaults (v1/defaults.go): a volume with no source is an
/// emptyDir; ConfigMap, Secret, downward API and projected volumes get mode 0644 (420); hostPath's type "".
fn volume(v: &mut Value) {
    let Some(m) = v.as_object() else { return };
    if m.keys().all(|k| k == "name") {
        default_field(v, &[], "emptyDir", json!({}));
    }
    for src in ["configMap", "secret", "downwardAPI", "projected"] {
        if v.get(src).is_some_and(Value::is_object) {
            default_field(v, &[src], "defaultMode", json!(420));
        }
    }
    if v.get("hostPath").is_some_and(Value::is_object) {
        default_field(v, &["hostPath"], "type", json!(""));
    }
    canonical_size(v.pointer_mut("/emptyDir/sizeLimit"));
    for item in v.pointer_mut("/downwardAPI/items").and_then(Value::as_array_mut).into_iter().flatten() {
        field_ref(item);
    }
    for src in v.pointer_mut("/projected/sources").and_then(Value::as_array_mut).into_iter().flatten() {
        for item in src.pointer_mut("/downwardAPI/items").and_then(Value::as_array_mut).into_iter().flatten() {
            field_ref(item);
        }
    }
}

fn canonical_size(q: Option<&mut Value>) {
    let Some(q) = q else { return };
    let text = match q {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return,
    };
    if let Some(c) = super::quantity::canonical(&text) {
        *q = json!(c);
    }
}

/// `SetDefaults_PodSpec` and `SetDefaults_Container`.
/// Convert_core_PodSpec_To_v1_PodSpec (pkg/apis/core/v1/conversion.go): the deprecated `serviceAccount` is an
/// alias that names the account when `serviceAccountName` is empty, and is always written back as a copy of it,
/// so a pod (or template) naming its account shows both fields and one naming none shows neither.
fn service_account_alias(spec: &mut Value) {
    let Some(m) = spec.as_object_mut() else { return };
    let alias = m.remove("serviceAccount").and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let name = match m.get("serviceAccountName").and_then(Value::as_str) {
        Some(n) if !n.is_empty() => n.to_string(),
        _ if !alias.is_empty() => {
            m.insert("serviceAccountName".into(), json!(alias));
            alias
        }
        _ => return,
    };
    m.insert("serviceAccount".into(), json!(name));
}

pub fn pod_spec(spec: &mut Value) {
    service_account_alias(spec);
    for v in spec.get_mut("volumes").and_then(Value::as_array_mut).into_iter().flatten() {
        volume(v);
    }
    canonical_quantities(spec.get_mut("overhead"));
    default_field(spec, &[], "restartPolicy", json!("Always"));
    default_field(spec, &[], "terminationGracePeriodSeconds", json!(30));
    default_field(spec, &[], "dnsPolicy", json!("ClusterFirst"));
    default_field(spec, &[], "schedulerName", json!("default-scheduler"));
    default_field(spec, &[], "securityContext", json!({}));
    for list in ["initContainers", "containers"] {
        if let Some(cs) = spec.get_mut(list).and_then(Value::as_array_mut) {
            for c in cs {
                let image = s(c, "/image").to_string();
                let policy = if image_tag_is_latest(&image) { "Always" } else { "IfNotPresent" };
                default_field(c, &[], "imagePullPolicy", json!(policy));
                default_field(c, &[], "terminationMessagePath", json!("/dev/termination-log"));
                default_field(c, &[], "terminationMessagePolicy", json!("File"));
                default_field(c, &[], "resources", json!({}));
                canonical_quantities(c.pointer_mut("/resources/limits"));
                canonical_quantities(c.pointer_mut("/resources/requests"));
                for e in c.get_mut("env").and_then(Value::as_array_mut).into_iter().flatten() {
                    if let Some(from) = e.get_mut("valueFrom") {
                        field_ref(from);
                    }
                }
                if let Some(ports) = c.get_mut("ports").and_then(Value::as_array_mut) {
                    for p in ports {
                        default_field(p, &[], "protocol", json!("TCP"));
                    }
                }
                for pr in ["livenessProbe", "readinessProbe", "startupProbe"] {
                    if let Some(p) = c.get_mut(pr).filter(|p| p.is_object()) {
                        probe(p);
                    }
                }
            }
        }
    }
}

/// What `SetDefaults_Pod` adds and `SetDefaults_PodSpec` does not, so a pod gets it and a pod template does not:
/// a limit stands in for the missing request of the same resource (containers and init containers, after the
/// quantities are canonical), and with `hostNetwork` a container port's hostPort is its containerPort.
/// Not mirrored: the PodLevelResources defaults of `spec.resources` (defaultPodRequests/defaultPodLimits).
fn pod_only(spec: &mut Value) {
    let host_network = spec.get("hostNetwork").and_then(Value::as_bool) == Some(true);
    for list in ["initContainers", "containers"] {
        for c in spec.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
            if let Some(limits) = c.pointer("/resources/limits").and_then(Value::as_object).cloned() {
                let res = obj_mut(c, &["resources"]);
                let req = res.entry("requests").or_insert_with(|| json!({}));
                if let Some(req) = req.as_object_mut() {
                    for (k, v) in limits {
                        req.entry(k).or_insert(v);
                    }
                }
            }
            if !host_network {
                continue;
            }
            for p in c.get_mut("ports").and_then(Value::as_array_mut).into_iter().flatten() {
                let port = p.get("containerPort").cloned().unwrap_or(Value::Null);
                if p.get("hostPort").and_then(Value::as_i64).unwrap_or(0) == 0 {
                    if let Some(m) = p.as_object_mut() {
                        m.insert("hostPort".into(), port);
                    }
                }
            }
        }
    }
}

/// `image` with no tag or tag `latest` (and no digest) is pulled Always.
fn image_tag_is_latest(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        None => true,
        Some((_, tag)) => tag == "latest",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statefulset_update_strategy_defaults_follow_defaults_go() {
        let mut a = json!({"kind": "StatefulSet", "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "nginx"}]}}}});
        apply(&mut a, None);
        assert_eq!(a["spec"]["updateStrategy"], json!({"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}));
        assert_eq!(a["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"], "Always");
        let mut b = json!({"kind": "StatefulSet", "spec": {"updateStrategy": {"type": "RollingUpdate"}}});
        apply(&mut b, None);
        assert_eq!(b["spec"]["updateStrategy"], json!({"type": "RollingUpdate"}));
    }
}
