//! The OpenAPI documents real clients ask for, cut to what they read.
//!
//! kubectl (`apply`, `create`, `replace`) decides whether the server validates fields itself by looking, in the
//! OpenAPI v3 document of the object's group version, for a PATCH operation tagged with the object's
//! `x-kubernetes-group-version-kind` that takes a `fieldValidation` query parameter
//! (cli-runtime `resource/query_param_verifier_v3.go`). When it finds one it sends `fieldValidation=Strict` and
//! skips client-side validation, which would otherwise need the full schemas. The operations carry no request
//! body, so kubectl's apply computes strategic merge patches from its compiled-in types
//! (`apply/patcher.go` `gvkSupportsPatchOpenAPIV3` is false) instead of from schemas we do not serve.
//! `components.schemas` holds the shipped field documentation (`shell::kubectl::explain`) for `kubectl explain`;
//! the same schemas in every document, as a real group-version document holds every schema it refers to.
//! OpenAPI v2 is not served: with v3 present no client asks for it.

use super::http::Response;
use super::resources::RESOURCES;
use serde_json::{json, Value};

/// A stable tag for the documents; clients cache by it.
const HASH: &str = "stsplay-3";

fn gv_paths() -> Vec<(String, &'static str, &'static str)> {
    let mut out: Vec<(String, &str, &str)> = vec![("api/v1".into(), "", "v1")];
    for r in RESOURCES.iter().filter(|r| !r.group.is_empty()) {
        let p = format!("apis/{}/{}", r.group, r.version);
        if !out.iter().any(|(x, _, _)| *x == p) {
            out.push((p, r.group, r.version));
        }
    }
    out
}

pub fn v2() -> Response {
    super::api::status_error(404, "NotFound", "the server could not find the requested resource", Some(json!({})))
}

/// `GET /openapi/v3`: the index of per-group-version documents.
pub fn v3_index() -> Value {
    let mut paths = serde_json::Map::new();
    for (p, _, _) in gv_paths() {
        paths.insert(p.clone(), json!({"serverRelativeURL": format!("/openapi/v3/{p}?hash={HASH}")}));
    }
    json!({"paths": paths})
}

fn query_param(name: &str) -> Value {
    json!({"name": name, "in": "query", "schema": {"type": "string", "uniqueItems": true}})
}

/// `GET /openapi/v3/api/v1`, `/openapi/v3/apis/GROUP/VERSION`.
pub fn v3_group(path: &str) -> Response {
    let Some((_, group, version)) = gv_paths().into_iter().find(|(p, _, _)| p == path) else {
        return super::api::status_error(
            404,
            "NotFound",
            "the server could not find the requested resource",
            Some(json!({})),
        );
    };
    let mut paths = serde_json::Map::new();
    // reviews are only created, never patched
    for r in
        RESOURCES.iter().filter(|r| r.group == group && r.version == version && r.kind != "SelfSubjectAccessReview")
    {
        let prefix = if group.is_empty() { "/api/v1".to_string() } else { format!("/apis/{group}/{version}") };
        let url = if r.namespaced {
            format!("{prefix}/namespaces/{{namespace}}/{}/{{name}}", r.name)
        } else {
            format!("{prefix}/{}/{{name}}", r.name)
        };
        let params: Vec<Value> =
            ["dryRun", "fieldManager", "fieldValidation", "force"].iter().map(|p| query_param(p)).collect();
        paths.insert(
            url,
            json!({
                "patch": {
                    "description": format!("partially update the specified {}", r.kind),
                    "operationId": format!("patch{}", r.kind),
                    "parameters": params,
                    "responses": {"200": {"description": "OK"}},
                    "x-kubernetes-action": "patch",
                    "x-kubernetes-group-version-kind": {"group": group, "kind": r.kind, "version": version},
                }
            }),
        );
    }
    Response::json(
        200,
        &json!({
            "openapi": "3.0.0",
            "info": {"title": "Kubernetes", "version": crate::KUBECTL_VERSION},
            "paths": paths,
            // the field docs `kubectl explain` reads (the kinds the playground ships them for)
            "components": {"schemas": crate::shell::kubectl::explain::schemas()},
        }),
    )
}
