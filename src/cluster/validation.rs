//! API validation with the API server's field-error texts (`pkg/apis/*/validation`). Each error is one
//! `field.Error` string (`spec.selector: Required value`); the caller wraps them into the `is invalid` message.
//! Values render as JSON, as apimachinery's field errors do since v1.34 (`Invalid value: {"app":"x"}`).

use super::meta::At;
use super::meta::{self, s};
use serde_json::Value;

const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_label(n: &str) -> bool {
    let b = n.as_bytes();
    !b.is_empty()
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
}

pub fn invalid(path: &str, value: &Value, detail: &str) -> String {
    format!("{path}: Invalid value: {value}: {detail}")
}

/// The name rules of each kind (`ValidateStatefulSetName` is a DNS label, Services a DNS-1035 label, most
/// others a DNS subdomain).
pub fn name_errors(kind: &str, name: &str) -> Vec<String> {
    if name.is_empty() {
        return vec!["metadata.name: Required value: name or generateName is required".into()];
    }
    let v = Value::String(name.to_string());
    let mut errs = Vec::new();
    match kind {
        "Service" => {
            if name.len() > 63 {
                errs.push(invalid("metadata.name", &v, "must be no more than 63 characters"));
            }
            if !is_label(name) || !name.as_bytes()[0].is_ascii_lowercase() {
                errs.push(invalid("metadata.name", &v, DNS1035_LABEL));
            }
        }
        "StatefulSet" | "Namespace" => {
            if name.len() > 63 {
                errs.push(invalid("metadata.name", &v, "must be no more than 63 characters"));
            }
            if !is_label(name) {
                errs.push(invalid("metadata.name", &v, DNS1123_LABEL));
            }
        }
        "Event" => {}
        _ => {
            if name.len() > 253 {
                errs.push(invalid("metadata.name", &v, "must be no more than 253 characters"));
            }
            if !name.split('.').all(is_label) {
                errs.push(invalid("metadata.name", &v, DNS1123_SUBDOMAIN));
            }
        }
    }
    errs
}

fn containers(spec: &Value, path: &str, errs: &mut Vec<String>) {
    let cs = spec.get("containers").and_then(Value::as_array);
    match cs {
        None => errs.push(format!("{path}.containers: Required value")),
        Some(cs) if cs.is_empty() => errs.push(format!("{path}.containers: Required value")),
        Some(cs) => {
            for (i, c) in cs.iter().enumerate() {
                let n = s(c, "/name");
                if n.is_empty() {
                    errs.push(format!("{path}.containers[{i}].name: Required value"));
                } else if !is_label(n) {
                    errs.push(invalid(
                        &format!("{path}.containers[{i}].name"),
                        &Value::String(n.into()),
                        DNS1123_LABEL,
                    ));
                }
                if s(c, "/image").trim().is_empty() {
                    errs.push(format!("{path}.containers[{i}].image: Required value"));
                }
            }
        }
    }
}

fn selector_and_template(o: &Value, errs: &mut Vec<String>) {
    let sel = o.at("/spec/selector");
    match sel {
        None | Some(Value::Null) => errs.push("spec.selector: Required value".into()),
        Some(sel) => {
            let empty = sel.get("matchLabels").and_then(Value::as_object).is_none_or(|m| m.is_empty())
                && sel.get("matchExpressions").and_then(Value::as_array).is_none_or(|m| m.is_empty());
            if empty {
                errs.push(invalid("spec.selector", sel, "empty selector is invalid for deployment"));
            }
        }
    }
    let tlabels = o.at("/spec/template/metadata/labels").cloned().unwrap_or(Value::Null);
    if let Some(sel) = sel.filter(|s| !s.is_null()) {
        if !meta::selector_matches(sel, tlabels.as_object()) {
            errs.push(invalid(
                "spec.template.metadata.labels",
                &if tlabels.is_null() { Value::Object(Default::default()) } else { tlabels },
                "`selector` does not match template `labels`",
            ));
        }
    }
    if let Some(spec) = o.at("/spec/template/spec") {
        containers(spec, "spec.template.spec", errs);
        let rp = s(spec, "/restartPolicy");
        if !rp.is_empty() && rp != "Always" {
            errs.push(format!(
                "spec.template.spec.restartPolicy: Unsupported value: \"{rp}\": supported values: \"Always\""
            ));
        }
    } else {
        containers(&Value::Null, "spec.template.spec", errs);
    }
}

fn non_negative(o: &Value, ptr: &str, path: &str, errs: &mut Vec<String>) {
    if let Some(v) = meta::i(o, ptr) {
        if v < 0 {
            errs.push(invalid(path, &Value::from(v), "must be greater than or equal to 0"));
        }
    }
}

/// apimachinery's `TotalAnnotationSizeLimitB` (256 KiB of keys and values) and core's `MaxSecretSize` (1 MiB of a
/// ConfigMap's or Secret's data): why `kubectl apply` of a big ConfigMap fails, its last-applied annotation
/// holding a copy of it (`pkg/api/validation/objectmeta.go`, `pkg/apis/core/validation/validation.go`).
const ANNOTATIONS_MAX: usize = 256 << 10;
const DATA_MAX: usize = 1 << 20;

/// The playground's own bound, not Kubernetes': a workload's replicas. The whole cluster runs in a browser tab,
/// where 100,000 pods took minutes and gigabytes; 1,000 is what the benchmarks show stays quick.
pub const MAX_REPLICAS: i64 = 1000;

fn replicas_bound(o: &Value, errs: &mut Vec<String>) {
    if let Some(n) = meta::i(o, "/spec/replicas").filter(|n| *n > MAX_REPLICAS) {
        errs.push(invalid(
            "spec.replicas",
            &Value::from(n),
            &format!("must be less than or equal to {MAX_REPLICAS} in the playground (it runs in your browser)"),
        ));
    }
}

fn too_long(path: &str, max: usize) -> String {
    format!("{path}: Too long: may not be more than {max} bytes")
}

/// The bytes of a map's values (base64 ones decoded, as the API server counts `[]byte`), with its keys if asked.
fn map_bytes(o: &Value, ptr: &str, keys: bool, base64: bool) -> usize {
    let Some(m) = o.at(ptr).and_then(Value::as_object) else { return 0 };
    let len = |v: &Value| {
        let t = v.as_str().unwrap_or("");
        if base64 {
            t.len() / 4 * 3 - t.bytes().rev().take_while(|b| *b == b'=').count()
        } else {
            t.len()
        }
    };
    m.iter().map(|(k, v)| if keys { k.len() } else { 0 } + len(v)).sum()
}

/// Validation of a new object (after defaulting).
pub fn validate_create(o: &Value) -> Vec<String> {
    let mut errs = name_errors(meta::kind(o), meta::name(o));
    if map_bytes(o, "/metadata/annotations", true, false) > ANNOTATIONS_MAX {
        errs.push(too_long("metadata.annotations", ANNOTATIONS_MAX));
    }
    match meta::kind(o) {
        // a field path of one empty name prints as `[]`
        "ConfigMap" if map_bytes(o, "/data", false, false) + map_bytes(o, "/binaryData", false, true) > DATA_MAX => {
            errs.push(too_long("[]", DATA_MAX))
        }
        "Secret" if map_bytes(o, "/data", false, true) + map_bytes(o, "/stringData", false, false) > DATA_MAX => {
            errs.push(too_long("data", DATA_MAX))
        }
        "Pod" => containers(o.get("spec").unwrap_or(&Value::Null), "spec", &mut errs),
        "StatefulSet" => {
            statefulset(o, &mut errs);
            replicas_bound(o, &mut errs);
        }
        "Deployment" | "ReplicaSet" => {
            non_negative(o, "/spec/replicas", "spec.replicas", &mut errs);
            replicas_bound(o, &mut errs);
            selector_and_template(o, &mut errs);
        }
        "PodDisruptionBudget" => pdb_spec(o, &mut errs),
        "Service" => {
            let headless = s(o, "/spec/clusterIP") == "None";
            let ports = o.at("/spec/ports").and_then(Value::as_array).map(Vec::len).unwrap_or(0);
            if ports == 0 && !headless && s(o, "/spec/type") != "ExternalName" {
                errs.push("spec.ports: Required value".into());
            }
        }
        _ => {}
    }
    errs
}

/// `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` (pkg/apis/apps/validation) of an IntOrString.
fn int_or_percent(v: &Value, path: &str, errs: &mut Vec<String>) {
    match v {
        Value::String(t) => {
            let digits = t.strip_suffix('%').filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            match digits {
                None => errs.push(invalid(
                    path,
                    v,
                    "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', \
                     regex used for validation is '[0-9]+%')",
                )),
                Some(d) if d.parse::<u64>().map_or(true, |n| n > 100) => {
                    errs.push(invalid(path, v, "must not be greater than 100%"))
                }
                Some(_) => {}
            }
        }
        v => {
            if v.as_i64().is_some_and(|n| n < 0) {
                errs.push(invalid(path, v, "must be greater than or equal to 0"));
            }
        }
    }
}

/// `ValidatePodDisruptionBudgetSpec` (pkg/apis/policy/validation). The first error's value is the internal spec,
/// which has no JSON tags, so encoding/json names its fields as Go does.
fn pdb_spec(o: &Value, errs: &mut Vec<String>) {
    let spec = o.get("spec").unwrap_or(&Value::Null);
    let field = |f: &str| spec.get(f).filter(|v| !v.is_null());
    let (min, max) = (field("minAvailable"), field("maxUnavailable"));
    if min.is_some() && max.is_some() {
        let go = serde_json::json!({
            "MinAvailable": min, "Selector": field("selector"), "MaxUnavailable": max,
            "UnhealthyPodEvictionPolicy": field("unhealthyPodEvictionPolicy"),
        });
        errs.push(invalid("spec", &go, "minAvailable and maxUnavailable cannot be both set"));
    }
    if let Some(v) = min {
        int_or_percent(v, "spec.minAvailable", errs);
    }
    if let Some(v) = max {
        int_or_percent(v, "spec.maxUnavailable", errs);
    }
    // ValidateLabelSelector: the operators and their values (label key and value syntax not checked here)
    let exprs = field("selector").and_then(|s| s.get("matchExpressions")).and_then(Value::as_array);
    for (i, e) in exprs.into_iter().flatten().enumerate() {
        let path = format!("spec.selector.matchExpressions[{i}]");
        let values = e.get("values").and_then(Value::as_array).map_or(0, Vec::len);
        match s(e, "/operator") {
            "In" | "NotIn" if values == 0 => errs
                .push(format!("{path}.values: Required value: must be specified when `operator` is 'In' or 'NotIn'")),
            "Exists" | "DoesNotExist" if values > 0 => errs.push(format!(
                "{path}.values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
            )),
            "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
            op => errs.push(invalid(
                &format!("{path}.operator"),
                &Value::String(op.into()),
                "not a valid selector operator",
            )),
        }
    }
    let policy = s(o, "/spec/unhealthyPodEvictionPolicy");
    if field("unhealthyPodEvictionPolicy").is_some() && policy != "IfHealthyBudget" && policy != "AlwaysAllow" {
        errs.push(format!(
            "spec.unhealthyPodEvictionPolicy: Unsupported value: \"{policy}\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\""
        ));
    }
}

/// `ValidatePodDisruptionBudgetStatusUpdate` for policy/v1 (conditions are not checked here).
pub fn pdb_status(status: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    for f in ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] {
        non_negative(status, &format!("/{f}"), &format!("status.{f}"), &mut errs);
    }
    errs
}

/// `ValidateStatefulSetSpec`.
fn statefulset(o: &Value, errs: &mut Vec<String>) {
    match s(o, "/spec/podManagementPolicy") {
        "OrderedReady" | "Parallel" => {}
        "" => errs.push("spec.podManagementPolicy: Required value".into()),
        p => errs.push(format!(
            "spec.podManagementPolicy: Unsupported value: \"{p}\": supported values: \"OrderedReady\", \"Parallel\""
        )),
    }
    let ru = o.at("/spec/updateStrategy/rollingUpdate").filter(|v| !v.is_null());
    match s(o, "/spec/updateStrategy/type") {
        "RollingUpdate" => {
            if let Some(ru) = ru {
                non_negative(ru, "/partition", "spec.updateStrategy.rollingUpdate.partition", errs);
            }
        }
        "OnDelete" => {
            if let Some(ru) = ru {
                errs.push(invalid(
                    "spec.updateStrategy.rollingUpdate",
                    ru,
                    "only allowed for updateStrategy 'RollingUpdate'",
                ));
            }
        }
        "" => errs.push("spec.updateStrategy: Required value".into()),
        t => errs.push(format!(
            "spec.updateStrategy.type: Unsupported value: \"{t}\": supported values: \"OnDelete\", \"RollingUpdate\""
        )),
    }
    for (f, p) in [
        ("whenDeleted", "/spec/persistentVolumeClaimRetentionPolicy/whenDeleted"),
        ("whenScaled", "/spec/persistentVolumeClaimRetentionPolicy/whenScaled"),
    ] {
        let v = s(o, p);
        if v != "Retain" && v != "Delete" {
            errs.push(format!(
                "spec.persistentVolumeClaimRetentionPolicy.{f}: Unsupported value: \"{v}\": supported values: \"Retain\", \"Delete\""
            ));
        }
    }
    non_negative(o, "/spec/replicas", "spec.replicas", errs);
    non_negative(o, "/spec/minReadySeconds", "spec.minReadySeconds", errs);
    non_negative(o, "/spec/ordinals/start", "spec.ordinals.start", errs);
    selector_and_template(o, errs);
}

/// Validation of an update: the create rules plus what may not change.
pub fn validate_update(new: &Value, old: &Value) -> Vec<String> {
    let mut errs = validate_create(new);
    match meta::kind(new) {
        "StatefulSet" => {
            // ValidateStatefulSetUpdate: compare the spec with the mutable fields blanked out.
            let strip = |o: &Value| {
                let mut spec = o.get("spec").cloned().unwrap_or(Value::Null);
                if let Some(m) = spec.as_object_mut() {
                    for f in [
                        "replicas",
                        "ordinals",
                        "template",
                        "updateStrategy",
                        "revisionHistoryLimit",
                        "persistentVolumeClaimRetentionPolicy",
                        "minReadySeconds",
                    ] {
                        m.remove(f);
                    }
                }
                spec
            };
            if strip(new) != strip(old) {
                errs.push("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden".into());
            }
        }
        "Deployment" | "ReplicaSet" => {
            let (a, b) = (new.at("/spec/selector"), old.at("/spec/selector"));
            if a != b {
                errs.push(invalid("spec.selector", a.unwrap_or(&Value::Null), "field is immutable"));
            }
        }
        "Service" => {
            let (a, b) = (s(new, "/spec/clusterIP"), s(old, "/spec/clusterIP"));
            if !a.is_empty() && a != b {
                errs.push(format!("spec.clusterIPs[0]: Invalid value: [\"{a}\"]: may not change once set"));
            }
        }
        "Pod" => {
            let strip = |o: &Value| {
                let mut spec = o.get("spec").cloned().unwrap_or(Value::Null);
                if let Some(cs) = spec.get_mut("containers").and_then(Value::as_array_mut) {
                    for c in cs {
                        if let Some(m) = c.as_object_mut() {
                            m.remove("image");
                        }
                    }
                }
                if let Some(m) = spec.as_object_mut() {
                    for f in ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds", "nodeName"] {
                        m.remove(f);
                    }
                }
                spec
            };
            if strip(new) != strip(old) {
                errs.push("spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)".into());
            }
        }
        _ => {}
    }
    errs
}
