//! The garbage collector (pkg/controller/garbagecollector): deletes dependents whose owners are all gone, orphans
//! dependents for `propagationPolicy=Orphan`, and deletes dependents before their owner for `Foreground`.

use super::meta;
use super::store::{key_of, Key, Store};
use super::{Action, Propagation};
use crate::json;
use serde_json::Value;

fn remove_refs_to(o: &Value, owner_uid: &str) -> Value {
    let mut d = o.clone();
    let refs: Vec<Value> = meta::owner_refs(o).iter().filter(|r| meta::s(r, "/uid") != owner_uid).cloned().collect();
    let m = meta::obj_mut(&mut d, &["metadata"]);
    if refs.is_empty() {
        m.remove("ownerReferences");
    } else {
        m.insert("ownerReferences".into(), json!(refs));
    }
    m.remove("resourceVersion");
    d
}

/// The owner with `owner_uid` was removed: delete dependents with no remaining owner, drop the dangling reference
/// from the others.
pub fn orphans(store: &Store, owner_uid: &str) -> Vec<Action> {
    let mut out = Vec::new();
    for d in store.dependents(owner_uid) {
        let alive = meta::owner_refs(d).iter().any(|r| {
            let u = meta::s(r, "/uid");
            u != owner_uid && store.by_uid(u).is_some()
        });
        if alive {
            out.push(Action::Update { object: remove_refs_to(d, owner_uid), event: None });
        } else if !meta::is_deleting(d) {
            out.push(Action::Delete {
                key: key_of(d),
                uid: Some(meta::uid(d).to_string()),
                propagation: Propagation::Background,
                grace: None,
                event: None,
            });
        }
    }
    out
}

/// An owner in deletion holding `orphan` or `foregroundDeletion`.
pub fn finalize(store: &Store, k: &Key) -> Vec<Action> {
    let Some(o) = store.get(k) else { return Vec::new() };
    if !meta::is_deleting(o) {
        return Vec::new();
    }
    let uid = meta::uid(o).to_string();
    let finalizers = meta::finalizers(o);
    let mut out = Vec::new();
    let drop_finalizer = |f: &str| {
        let mut next = o.clone();
        let rest: Vec<String> = finalizers.iter().filter(|x| *x != f).cloned().collect();
        let m = meta::obj_mut(&mut next, &["metadata"]);
        if rest.is_empty() {
            m.remove("finalizers");
        } else {
            m.insert("finalizers".into(), json!(rest));
        }
        m.remove("resourceVersion");
        Action::Update { object: next, event: None }
    };
    if finalizers.iter().any(|f| f == "orphan") {
        for d in store.dependents(&uid) {
            out.push(Action::Update { object: remove_refs_to(d, &uid), event: None });
        }
        out.push(drop_finalizer("orphan"));
    } else if finalizers.iter().any(|f| f == "foregroundDeletion") {
        let mut blocking = false;
        for d in store.dependents(&uid) {
            let blocks = meta::owner_refs(d).iter().any(|r| {
                meta::s(r, "/uid") == uid && r.get("blockOwnerDeletion").and_then(Value::as_bool) == Some(true)
            });
            blocking |= blocks;
            if !meta::is_deleting(d) {
                out.push(Action::Delete {
                    key: key_of(d),
                    uid: Some(meta::uid(d).to_string()),
                    propagation: Propagation::Foreground,
                    grace: None,
                    event: None,
                });
            }
        }
        if !blocking {
            out.push(drop_finalizer("foregroundDeletion"));
        }
    }
    out
}
