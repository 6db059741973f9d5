//! Storage controllers: the dynamic provisioner for StorageClass `standard` (minikube's `k8s.io/minikube-hostpath`,
//! PV `pvc-<claim uid>` as pv_controller.go `getProvisionedVolumeNameForClaim`), the binder, the reclaim of
//! released volumes, and the `kubernetes.io/pvc-protection` finalizer (a claim in use by a pod waits).

use super::events;
use super::meta::{self, s};
use super::store::{key_of, Key, Store};
use super::{timings, Action, Propagation, Work};
use crate::json;
use serde_json::Value;

const PROVISIONER_COMPONENT: &str = "persistentvolume-controller";

/// Claim `k` changed (or its provisioning timer fired).
pub fn provision(store: &Store, k: &Key, now: u64) -> Vec<Action> {
    let Some(pvc) = store.get(k) else { return released(store, k) };
    if meta::is_deleting(pvc) || s(pvc, "/status/phase") != "Pending" || !s(pvc, "/spec/volumeName").is_empty() {
        return Vec::new();
    }
    let class_name = s(pvc, "/spec/storageClassName");
    let Some(class) = store.get3("StorageClass", "", class_name).filter(|_| !class_name.is_empty()) else {
        return Vec::new();
    };
    let wffc = s(class, "/volumeBindingMode") == "WaitForFirstConsumer";
    if wffc && meta::annotation(pvc, "volume.kubernetes.io/selected-node").is_none() {
        return Vec::new();
    }
    let provisioner = s(class, "/provisioner").to_string();
    // The external provisioner starts when the claim is first seen and finishes PROVISION_MS later.
    let seen = meta::annotation(pvc, "volume.kubernetes.io/storage-provisioner").is_some();
    if !seen {
        let mut next = pvc.clone();
        let a = meta::obj_mut(&mut next, &["metadata", "annotations"]);
        a.insert("volume.beta.kubernetes.io/storage-provisioner".into(), json!(provisioner));
        a.insert("volume.kubernetes.io/storage-provisioner".into(), json!(provisioner));
        meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
        let claim = format!("{}/{}", k.1, k.2);
        return vec![
            Action::Update { object: next, event: None },
            Action::Event(events::normal(
                pvc,
                PROVISIONER_COMPONENT,
                "ExternalProvisioning",
                format!("Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered."),
            )),
            Action::Event(events::normal(
                pvc,
                "k8s.io/minikube-hostpath_minikube",
                "Provisioning",
                format!("External provisioner is provisioning volume for claim \"{claim}\""),
            )),
            Action::RequeueAt(now + timings::PROVISION_MS, Work::Provision(k.clone())),
        ];
    }
    // The hostpath provisioner answers about PROVISION_MS after the claim appears.
    let due =
        meta::parse_time(s(pvc, "/metadata/creationTimestamp")).unwrap_or(0).max(0) as u64 + timings::PROVISION_MS;
    if now < due {
        return vec![Action::RequeueAt(due, Work::Provision(k.clone()))];
    }
    let pv_name = format!("pvc-{}", meta::uid(pvc));
    if store.get3("PersistentVolume", "", &pv_name).is_some() {
        return Vec::new();
    }
    let storage = pvc.pointer("/spec/resources/requests/storage").cloned().unwrap_or(json!("1Gi"));
    let modes = pvc.pointer("/spec/accessModes").cloned().unwrap_or(json!(["ReadWriteOnce"]));
    let pv = json!({
        "apiVersion": "v1",
        "kind": "PersistentVolume",
        "metadata": {
            "name": pv_name,
            "annotations": {"hostPathProvisionerIdentity": "minikube", "pv.kubernetes.io/provisioned-by": provisioner},
            "finalizers": ["kubernetes.io/pv-protection"],
        },
        "spec": {
            "accessModes": modes,
            "capacity": {"storage": storage},
            "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": k.2, "namespace": k.1,
                "resourceVersion": s(pvc, "/metadata/resourceVersion"), "uid": meta::uid(pvc)},
            "hostPath": {"path": format!("/tmp/hostpath-provisioner/{}/{}", k.1, k.2), "type": ""},
            "persistentVolumeReclaimPolicy": s(class, "/reclaimPolicy"),
            "storageClassName": class_name,
            "volumeMode": "Filesystem",
        },
        "status": {"phase": "Bound", "lastPhaseTransitionTime": meta::rfc3339(now)},
    });
    let mut claim = pvc.clone();
    claim["spec"]["volumeName"] = json!(pv_name);
    let a = meta::obj_mut(&mut claim, &["metadata", "annotations"]);
    a.insert("pv.kubernetes.io/bind-completed".into(), json!("yes"));
    a.insert("pv.kubernetes.io/bound-by-controller".into(), json!("yes"));
    meta::obj_mut(&mut claim, &["metadata"]).remove("resourceVersion");
    let mut bound = claim.clone();
    bound["status"] = json!({"phase": "Bound", "accessModes": modes, "capacity": {"storage": storage}});
    vec![
        Action::Create { object: pv, event: None },
        Action::Event(events::normal(
            pvc,
            "k8s.io/minikube-hostpath_minikube",
            "ProvisioningSucceeded",
            format!("Successfully provisioned volume {pv_name}"),
        )),
        Action::Update { object: claim, event: None },
        Action::UpdateStatus(bound),
    ]
}

/// The claim is gone: its dynamically provisioned volume is Released, then deleted under reclaim policy Delete.
fn released(store: &Store, k: &Key) -> Vec<Action> {
    let mut out = Vec::new();
    for pv in store.list("PersistentVolume", None) {
        if s(pv, "/spec/claimRef/name") != k.2 || s(pv, "/spec/claimRef/namespace") != k.1 || meta::is_deleting(pv) {
            continue;
        }
        if s(pv, "/spec/persistentVolumeReclaimPolicy") == "Delete" {
            let mut next = pv.clone();
            meta::obj_mut(&mut next, &["metadata"]).remove("finalizers");
            meta::obj_mut(&mut next, &["metadata"]).remove("resourceVersion");
            out.push(Action::Update { object: next, event: None });
            out.push(Action::Delete {
                key: key_of(pv),
                uid: None,
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        } else if s(pv, "/status/phase") != "Released" {
            let mut next = pv.clone();
            next["status"]["phase"] = json!("Released");
            out.push(Action::UpdateStatus(next));
        }
    }
    out
}

/// `kubernetes.io/pvc-protection`: a claim in deletion keeps its finalizer while a non-terminated pod uses it.
pub fn pvc_protection(store: &Store, k: &Key) -> Vec<Action> {
    let Some(pvc) = store.get(k) else { return Vec::new() };
    if !meta::is_deleting(pvc) || !meta::finalizers(pvc).iter().any(|f| f == "kubernetes.io/pvc-protection") {
        return Vec::new();
    }
    let in_use = store.list("Pod", Some(&k.1)).any(|p| {
        !matches!(s(p, "/status/phase"), "Succeeded" | "Failed")
            && p.pointer("/spec/volumes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .any(|v| s(v, "/persistentVolumeClaim/claimName") == k.2)
    });
    if in_use {
        return Vec::new();
    }
    let mut next = pvc.clone();
    let rest: Vec<String> = meta::finalizers(pvc).into_iter().filter(|f| f != "kubernetes.io/pvc-protection").collect();
    let m = meta::obj_mut(&mut next, &["metadata"]);
    if rest.is_empty() {
        m.remove("finalizers");
    } else {
        m.insert("finalizers".into(), json!(rest));
    }
    m.remove("resourceVersion");
    vec![Action::Update { object: next, event: None }]
}
