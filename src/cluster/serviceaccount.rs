//! Service account plumbing of the API server side: the ServiceAccount admission plugin's pod mutation
//! (plugin/pkg/admission/serviceaccount/admission.go) and the `kube-root-ca.crt` ConfigMap the
//! root-ca-cert-publisher keeps in every namespace (pkg/controller/certificates/rootcacertpublisher/publisher.go).

use super::meta;
use super::meta::At;
use crate::json;
use serde_json::Value;

/// Where the token volume is mounted (`DefaultAPITokenMountPath`).
pub const TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// Prefix of the volume's generated name (`ServiceAccountVolumeName`).
pub const VOLUME_PREFIX: &str = "kube-api-access-";
pub const ROOT_CA_CONFIGMAP: &str = "kube-root-ca.crt";
/// `WarnOnlyBoundTokenExpirationSeconds` (pkg/serviceaccount): one hour and seven seconds, the odd seven marking
/// tokens whose use after an hour is only warned about.
pub const TOKEN_EXPIRATION_SECONDS: i64 = 3607;
/// Stands in for minikube's cluster CA certificate.
pub const ROOT_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIDBjCCAe6gAwIBAgIBATANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwptaW5p\na3ViZUNBMB4XDTI1MDMxNDE3MDMzNVoXDTM1MDMxMzE3MDMzNVowFTETMBEGA1UE\nAxMKbWluaWt1YmVDQTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAL3d\n-----END CERTIFICATE-----\n";

/// The ConfigMap the publisher creates in a new namespace.
pub fn root_ca_configmap(namespace: &str) -> Value {
    json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": ROOT_CA_CONFIGMAP, "namespace": namespace, "annotations": {
            "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."
        }},
        "data": {"ca.crt": ROOT_CA}
    })
}

/// The plugin's `Admit` for a pod being created: the service account defaults to `default` and must exist
/// (`Err` is the Forbidden cause), then, unless the pod or else the account opts out
/// (`automountServiceAccountToken: false`), every container and init container without a mount at the token
/// path gets the projected token volume, named `kube-api-access-` + `suffix()` unless the pod already has a
/// volume of that prefix. Mirror pods are left alone.
pub fn admit_pod(
    pod: &mut Value,
    namespace: &str,
    account: impl FnOnce(&str) -> Option<Value>,
    suffix: impl FnOnce() -> String,
) -> Result<(), String> {
    if meta::annotation(pod, "kubernetes.io/config.mirror").is_some() {
        return Ok(());
    }
    // v1 conversion reads the deprecated `serviceAccount` when `serviceAccountName` is empty and writes the name
    // back into both (pkg/apis/core/v1/conversion.go), so the stored pod always carries the two, equal.
    let mut name = meta::s(pod, "/spec/serviceAccountName").to_string();
    if name.is_empty() {
        name = meta::s(pod, "/spec/serviceAccount").to_string();
    }
    if name.is_empty() {
        name = "default".into();
    }
    let spec = meta::obj_mut(pod, &["spec"]);
    spec.insert("serviceAccountName".into(), json!(name));
    spec.insert("serviceAccount".into(), json!(name));
    let Some(sa) = account(&name) else {
        return Err(format!(
            "error looking up service account {namespace}/{name}: serviceaccount \"{name}\" not found"
        ));
    };
    let automount = pod
        .at("/spec/automountServiceAccountToken")
        .and_then(Value::as_bool)
        .or_else(|| sa.get("automountServiceAccountToken").and_then(Value::as_bool))
        .unwrap_or(true);
    if automount {
        mount_token(pod, suffix);
    }
    if pod.at("/spec/imagePullSecrets").and_then(Value::as_array).is_none_or(Vec::is_empty) {
        if let Some(secrets) = sa.get("imagePullSecrets").and_then(Value::as_array).filter(|a| !a.is_empty()) {
            let refs: Vec<Value> = secrets.iter().map(|s| json!({"name": meta::s(s, "/name")})).collect();
            meta::obj_mut(pod, &["spec"]).insert("imagePullSecrets".into(), json!(refs));
        }
    }
    Ok(())
}

thread_local! {
    /// The projected token volume but its name, built once and copied for each pod (a large set creates thousands).
    /// Admission runs after defaulting, so the plugin writes defaultMode (420 = 0644) itself.
    static TOKEN_VOLUME: Value = json!({"name": "", "projected": {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": TOKEN_EXPIRATION_SECONDS, "path": "token"}},
        {"configMap": {"name": ROOT_CA_CONFIGMAP, "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
    ]}});
}

fn mount_token(pod: &mut Value, suffix: impl FnOnce() -> String) {
    let existing = pod
        .at("/spec/volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| meta::s(v, "/name"))
        .find(|n| n.starts_with(VOLUME_PREFIX))
        .map(str::to_string);
    let has_volume = existing.is_some();
    let volume_name = existing.unwrap_or_else(|| format!("{VOLUME_PREFIX}{}", suffix()));
    let mount = json!({"name": volume_name, "readOnly": true, "mountPath": TOKEN_MOUNT_PATH});
    let mut needs_volume = false;
    for list in ["initContainers", "containers"] {
        for c in pod.pointer_mut(&format!("/spec/{list}")).and_then(Value::as_array_mut).into_iter().flatten() {
            let mounts = meta::obj_mut(c, &[]).entry("volumeMounts").or_insert(json!([]));
            if !mounts.is_array() {
                *mounts = json!([]);
            }
            let mounts = mounts.as_array_mut().expect("made an array above");
            if !mounts.iter().any(|m| meta::s(m, "/mountPath") == TOKEN_MOUNT_PATH) {
                mounts.push(mount.clone());
                needs_volume = true;
            }
        }
    }
    if needs_volume && !has_volume {
        let mut volume = TOKEN_VOLUME.with(Value::clone);
        volume["name"] = json!(volume_name);
        let volumes = meta::obj_mut(pod, &["spec"]).entry("volumes").or_insert(json!([]));
        if !volumes.is_array() {
            *volumes = json!([]);
        }
        volumes.as_array_mut().expect("made an array above").push(volume);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admission_follows_the_plugin() {
        let sa = json!({"metadata": {"name": "default"}});
        let mut pod = json!({"spec": {
            "initContainers": [{"name": "i"}],
            "containers": [{"name": "a"}, {"name": "b", "volumeMounts": [{"name": "x", "mountPath": TOKEN_MOUNT_PATH}]}]
        }});
        admit_pod(&mut pod, "ns", |_| Some(sa.clone()), || "abcde".into()).unwrap();
        assert_eq!(pod["spec"]["serviceAccountName"], "default");
        assert_eq!(pod["spec"]["volumes"][0]["name"], "kube-api-access-abcde");
        assert_eq!(pod["spec"]["initContainers"][0]["volumeMounts"][0]["readOnly"], true);
        assert_eq!(pod["spec"]["containers"][0]["volumeMounts"][0]["name"], "kube-api-access-abcde");
        assert_eq!(pod["spec"]["containers"][1]["volumeMounts"].as_array().unwrap().len(), 1);

        let mut off = json!({"spec": {"containers": [{"name": "a"}]}});
        let no_mount = json!({"metadata": {"name": "default"}, "automountServiceAccountToken": false});
        admit_pod(&mut off, "ns", |_| Some(no_mount.clone()), || unreachable!()).unwrap();
        assert!(off["spec"].get("volumes").is_none());
        // The pod's own choice wins over its account's.
        let mut on = json!({"spec": {"automountServiceAccountToken": true, "containers": [{"name": "a"}]}});
        admit_pod(&mut on, "ns", |_| Some(no_mount.clone()), || "q".into()).unwrap();
        assert_eq!(on["spec"]["volumes"][0]["name"], "kube-api-access-q");

        let mut old = json!({"spec": {"serviceAccount": "robot", "containers": []}});
        admit_pod(&mut old, "ns", |n| (n == "robot").then(|| sa.clone()), || "r".into()).unwrap();
        assert_eq!(
            (&old["spec"]["serviceAccountName"], &old["spec"]["serviceAccount"]),
            (&json!("robot"), &json!("robot"))
        );

        let mut missing = json!({"spec": {"serviceAccountName": "robot", "containers": []}});
        let err = admit_pod(&mut missing, "ns", |_| None, || unreachable!()).unwrap_err();
        assert_eq!(err, "error looking up service account ns/robot: serviceaccount \"robot\" not found");
    }
}
