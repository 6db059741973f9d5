//! The OpenAPI documents kubectl and helm ask for. (Filled in with what the real clients turn out to need.)

use super::http::Response;
use serde_json::{json, Value};

pub fn v2() -> Response {
    super::api::status_error(404, "NotFound", "the server could not find the requested resource", Some(json!({})))
}

pub fn v3_index() -> Value {
    json!({"paths": {}})
}

pub fn v3_group(_path: &str) -> Response {
    super::api::status_error(404, "NotFound", "the server could not find the requested resource", Some(json!({})))
}
