//! The kubelet's node Lease (`kube-node-lease/<node>`, coordination.k8s.io/v1), its heartbeat.
//!
//! The kubelet renews it every 10 s: `renewInterval` is a quarter of `nodeLeaseDurationSeconds` (40 s,
//! pkg/kubelet/nodelease and component-helpers/apimachinery/lease/controller.go). Storing each renewal would be a
//! write every 10 simulated seconds, which would shift every resourceVersion a learner sees and cost the big
//! simulations for nothing they show, so the Lease is derived from the clock when asked for: the last renewal
//! on the node's 10-second beat since it registered (the controller's small jitter is not modelled).

use crate::json;
use serde_json::Value;

use super::{meta, Cluster};

const LEASE_DURATION_SECONDS: i64 = 40;
/// The kubelet's `nodeStatusReportFrequency`: with a Lease for the heartbeat, it posts an unchanged node status
/// only every 5 minutes, and each post stamps the conditions' lastHeartbeatTime.
const STATUS_REPORT_MS: i64 = 5 * 60 * 1000;
const RENEW_INTERVAL_MS: i64 = LEASE_DURATION_SECONDS * 1000 / 4;

impl Cluster {
    /// The node's Lease as the API would return it now, or `None` when there is no such node.
    pub fn node_lease(&self, node: &str) -> Option<Value> {
        let n = self.store.get3("Node", "", node)?;
        let created = meta::parse_time(n.pointer("/metadata/creationTimestamp")?.as_str()?)?;
        let now = self.now() as i64;
        let since = (now - created).max(0);
        let renew = now - since % RENEW_INTERVAL_MS;
        Some(json!({
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"name": node, "namespace": "kube-node-lease",
                "uid": lease_uid(n.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or(node)),
                // each renewal is a write on a real server; the latest one here is the store's
                "resourceVersion": self.resource_version().to_string(),
                "creationTimestamp": n.pointer("/metadata/creationTimestamp").cloned().unwrap_or(Value::Null),
                "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node,
                    "uid": n.pointer("/metadata/uid").cloned().unwrap_or(Value::Null)}]},
            "spec": {"holderIdentity": node, "leaseDurationSeconds": LEASE_DURATION_SECONDS,
                // a MicroTime; renewals fall on whole seconds since the node registered on one
                "renewTime": meta::rfc3339_rel(renew).replace('Z', ".000000Z")}
        }))
    }
}

/// A node as the API returns it now: its conditions' lastHeartbeatTime is the kubelet's latest status post on
/// its 5-minute beat since registration, derived like the Lease instead of stored (a real post also bumps the
/// node's resourceVersion; here it stays).
pub(super) fn with_heartbeat(node: &mut Value, now: i64) {
    let Some(created) = node.pointer("/metadata/creationTimestamp").and_then(Value::as_str).and_then(meta::parse_time)
    else {
        return;
    };
    let beat = now - (now - created).max(0) % STATUS_REPORT_MS;
    let text = meta::rfc3339_rel(beat);
    if let Some(conds) = node.pointer_mut("/status/conditions").and_then(Value::as_array_mut) {
        for c in conds {
            if let Some(m) = c.as_object_mut() {
                m.insert("lastHeartbeatTime".into(), json!(text));
            }
        }
    }
}

/// A stable UUID for a node's Lease, hashed from the node's (FNV-1a over two seeds) so reading it draws
/// nothing from the cluster's random stream.
fn lease_uid(node_uid: &str) -> String {
    let fnv = |seed: u64| node_uid.bytes().fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
    let (a, b) = (fnv(0xcbf29ce484222325), fnv(0x84222325cbf29ce4));
    let hex = format!("{a:016x}{b:016x}");
    // version 4, RFC 4122 variant, as the API server's uuid.NewUUID() makes them
    format!("{}-{}-4{}-{:x}{}-{}", &hex[0..8], &hex[8..12], &hex[13..16], 8 | (b >> 60) & 3, &hex[17..20], &hex[20..32])
}
