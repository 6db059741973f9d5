//! Routing and the non-streaming handlers: discovery, CRUD, patch, server-side apply, subresources, Tables and
//! `Status` errors, over a [`Cluster`]. Pure: a request and the cluster in, a response (or a streaming plan) out,
//! so it is tested without sockets. Mirrors the apiserver's `pkg/endpoints/handlers` behaviour where kubectl and
//! helm depend on it.

use super::http::{Request, Response};
use super::resources::{self, Resource};
use super::table::{self, IncludeObject};
use crate::cluster::decode::FieldValidation;
use crate::cluster::endpointslice;
use crate::cluster::selector::{FieldSelector, LabelSelector};
use crate::cluster::{ApiError, Cluster, PatchType, Propagation, EPOCH_UNIX};
use serde_json::{json, Value};

/// What the server must do with a request.
#[derive(Debug)]
pub enum Action {
    Respond(Response),
    Watch(WatchPlan),
    FollowLogs(LogPlan),
    Exec(ExecPlan),
}

#[derive(Debug, Clone)]
pub struct Query {
    pub resource: &'static Resource,
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

impl Query {
    pub fn matches(&self, obj: &Value) -> bool {
        let ns = obj.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
        obj.get("kind").and_then(Value::as_str) == Some(self.resource.kind)
            && (!self.resource.namespaced || self.namespace.as_deref().is_none_or(|n| n == ns))
            && self.labels.matches(obj.pointer("/metadata/labels").and_then(Value::as_object))
            && self.fields.matches(obj)
    }
}

#[derive(Debug, Clone)]
pub struct WatchPlan {
    pub query: Query,
    /// Events after this resourceVersion; `None` starts with synthetic ADDED events for what exists now.
    pub since: Option<u64>,
    pub table: Option<IncludeObject>,
    /// `sendInitialEvents=true`: ADDED for what exists, then a bookmark marking the end of them.
    pub initial_events_bookmark: bool,
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Clone)]
pub struct LogPlan {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub timestamps: bool,
}

#[derive(Debug, Clone)]
pub struct ExecPlan {
    pub namespace: String,
    pub pod: String,
    pub container: Option<String>,
    pub command: Vec<String>,
}

/// The simulated clock as Unix milliseconds.
pub fn now_ms(c: &Cluster) -> i64 {
    EPOCH_UNIX * 1000 + c.now() as i64
}

/// The store's current resourceVersion (what lists report and watches resume from).
pub fn current_rv(c: &Cluster) -> u64 {
    c.watch_since(u64::MAX).1
}

pub fn status_error(code: u16, reason: &str, message: &str, details: Option<Value>) -> Response {
    let mut st = json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    });
    if let Some(d) = details {
        st.as_object_mut().unwrap().insert("details".into(), d);
        // keep "code" last as the real server does
        let code = st.as_object_mut().unwrap().remove("code").unwrap();
        st.as_object_mut().unwrap().insert("code".into(), code);
    }
    Response::json(code, &st)
}

fn api_error(e: &ApiError, res: Option<&Resource>, name: Option<&str>) -> Response {
    // `errors.NewBadRequest` carries no details.
    let res = res.filter(|_| e.reason != "BadRequest");
    // `errors.NewInvalid`: the kind (not the resource) and one cause per field error, which kubectl prints.
    if let (Some((qkind, name, causes)), Some(r)) = (e.invalid_causes(), res) {
        let causes: Vec<Value> = causes
            .iter()
            .map(|c| {
                let (field, message) = c.split_once(": ").unwrap_or(("", c));
                json!({"reason": cause_reason(message), "message": message, "field": field})
            })
            .collect();
        let kind = qkind.split('.').next().unwrap_or(&qkind);
        let mut d = json!({"name": name});
        if !r.group.is_empty() {
            d["group"] = json!(r.group);
        }
        d["kind"] = json!(kind);
        d["causes"] = Value::Array(causes);
        return status_error(e.code, &e.reason, &e.message, Some(d));
    }
    let details = res.map(|r| {
        let mut d = json!({});
        if let Some(n) = name.filter(|n| !n.is_empty()) {
            d["name"] = json!(n);
        }
        if !r.group.is_empty() {
            d["group"] = json!(r.group);
        }
        d["kind"] = json!(r.name);
        d
    });
    status_error(e.code, &e.reason, &e.message, details)
}

/// `field.ErrorType`'s reason for a field error's text (`Invalid value: ...` is `FieldValueInvalid`).
fn cause_reason(message: &str) -> &'static str {
    const REASONS: &[(&str, &str)] = &[
        ("Invalid value", "FieldValueInvalid"),
        ("Required value", "FieldValueRequired"),
        ("Forbidden", "FieldValueForbidden"),
        ("Unsupported value", "FieldValueNotSupported"),
        ("Duplicate value", "FieldValueDuplicate"),
        ("Not found", "FieldValueNotFound"),
        ("Too long", "FieldValueTooLong"),
        ("Too many", "FieldValueTooMany"),
        ("Internal error", "InternalError"),
    ];
    REASONS.iter().find(|(p, _)| message.starts_with(p)).map(|(_, r)| *r).unwrap_or("FieldValueInvalid")
}

fn not_found_path() -> Response {
    status_error(404, "NotFound", "the server could not find the requested resource", Some(json!({})))
}

fn bad_request(msg: &str) -> Response {
    status_error(400, "BadRequest", msg, None)
}

fn method_not_allowed(method: &str, what: &str) -> Response {
    status_error(405, "MethodNotAllowed", &format!("{method} is not supported on {what}"), Some(json!({})))
}

/// `GET /version`: the simulated cluster's own version, the one its node and control-plane pods report.
pub fn version() -> Value {
    let v = crate::cluster::K8S_VERSION;
    let (major, minor) = ("1", v.trim_start_matches("v1.").split('.').next().unwrap_or("35"));
    json!({
        "major": major,
        "minor": minor,
        "emulationMajor": major,
        "emulationMinor": minor,
        "minCompatibilityMajor": major,
        "minCompatibilityMinor": (minor.parse::<u32>().unwrap_or(35) - 1).to_string(),
        "gitVersion": v,
        "gitCommit": "stsplay",
        "gitTreeState": "clean",
        "buildDate": "2025-01-15T00:00:00Z",
        "goVersion": "go1.25.0",
        "compiler": "gc",
        "platform": "linux/amd64"
    })
}

fn accepts_table(req: &Request) -> bool {
    req.header("accept").is_some_and(|a| a.split(',').next().unwrap_or("").contains("as=Table"))
}

fn accepts_aggregated(req: &Request) -> bool {
    req.header("accept")
        .is_some_and(|a| a.split(',').next().unwrap_or("").contains("as=APIGroupDiscoveryList") && a.contains("v=v2"))
}

fn aggregated_response(core: bool) -> Response {
    let mut r = Response::json(200, &resources::aggregated(core));
    r.content_type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList".into();
    r
}

/// The parsed resource part of a URL.
#[derive(Debug, PartialEq)]
struct Target<'a> {
    resource: &'static Resource,
    namespace: Option<String>,
    name: Option<String>,
    sub: Option<&'a str>,
}

fn parse_target<'a>(group: &str, version: &str, segs: &[&'a str]) -> Result<Target<'a>, Response> {
    let find = |name: &str| resources::find(group, version, name).ok_or_else(not_found_path);
    match segs {
        [res] => Ok(Target { resource: find(res)?, namespace: None, name: None, sub: None }),
        ["namespaces", ns, res] if resources::find(group, version, res).is_some_and(|r| r.namespaced) => {
            Ok(Target { resource: find(res)?, namespace: Some(ns.to_string()), name: None, sub: None })
        }
        [res, name] => Ok(Target { resource: find(res)?, namespace: None, name: Some(name.to_string()), sub: None }),
        [res, name, sub] => {
            Ok(Target { resource: find(res)?, namespace: None, name: Some(name.to_string()), sub: Some(sub) })
        }
        ["namespaces", ns, res, name] => Ok(Target {
            resource: find(res)?,
            namespace: Some(ns.to_string()),
            name: Some(name.to_string()),
            sub: None,
        }),
        ["namespaces", ns, res, name, sub] => Ok(Target {
            resource: find(res)?,
            namespace: Some(ns.to_string()),
            name: Some(name.to_string()),
            sub: Some(sub),
        }),
        _ => Err(not_found_path()),
    }
}

thread_local! {
    /// Milliseconds from the simulation's dates to the dates clients see (see [`table::shift_times`]); set by
    /// the one thread that owns a server's cluster.
    static TIME_SHIFT: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// Sets the shift, in whole seconds: most API dates have no fraction, so a shift with one would not round-trip.
pub fn set_time_shift(ms: i64) {
    TIME_SHIFT.with(|t| t.set(ms.div_euclid(1000) * 1000));
}

pub fn time_shift() -> i64 {
    TIME_SHIFT.with(|t| t.get())
}

/// Decodes a request body, with the client's dates moved back to the simulation's.
fn decode_body(req: &Request) -> Result<Value, Response> {
    let mut v = decode_body_raw(req)?;
    table::shift_times(&mut v, -time_shift());
    Ok(v)
}

/// Decodes a request body: JSON, or YAML for server-side apply (`application/apply-patch+yaml`).
fn decode_body_raw(req: &Request) -> Result<Value, Response> {
    let ct = req.header("content-type").unwrap_or("application/json");
    if req.body.is_empty() {
        return Err(bad_request("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf"));
    }
    if ct.contains("yaml") {
        let text = String::from_utf8_lossy(&req.body);
        serde_norway::from_str::<Value>(&text).map_err(|e| bad_request(&format!("error decoding YAML: {e}")))
    } else if ct.contains("protobuf") {
        super::protobuf::decode(&req.body).map_err(|e| status_error(415, "UnsupportedMediaType", &e, None))
    } else {
        serde_json::from_slice(&req.body).map_err(|e| bad_request(&format!("error decoding JSON: {e}")))
    }
}

fn list_kind(res: &Resource) -> String {
    format!("{}List", res.kind)
}

fn with_type_meta(res: &Resource, mut obj: Value) -> Value {
    if let Some(m) = obj.as_object_mut() {
        if !m.contains_key("kind") {
            let mut out = serde_json::Map::new();
            out.insert("kind".into(), json!(res.kind));
            out.insert("apiVersion".into(), json!(res.group_version()));
            out.extend(std::mem::take(m));
            return Value::Object(out);
        }
    }
    obj
}

pub fn handle(c: &mut Cluster, req: &Request, server_addr: &str) -> Action {
    let path = req.path.trim_end_matches('/');
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let get = req.method == "GET";
    let respond = |v: Value| Action::Respond(Response::json(200, &v));
    match segs.as_slice() {
        [] if get => respond(json!({"paths": ["/api", "/api/v1", "/apis", "/openapi/v2", "/openapi/v3", "/version"]})),
        ["version"] if get => respond(version()),
        ["healthz" | "livez" | "readyz"] if get => Action::Respond(Response::text(200, "ok")),
        ["api"] if get && accepts_aggregated(req) => Action::Respond(aggregated_response(true)),
        ["apis"] if get && accepts_aggregated(req) => Action::Respond(aggregated_response(false)),
        ["api"] if get => respond(resources::api_versions(server_addr)),
        ["apis"] if get => respond(resources::api_group_list()),
        ["api", "v1"] if get => respond(resources::api_resource_list("", "v1").unwrap()),
        ["apis", g] if get => match resources::api_group(g) {
            Some(v) => respond(v),
            None => Action::Respond(not_found_path()),
        },
        ["apis", g, v] if get => match resources::api_resource_list(g, v) {
            Some(v) => respond(v),
            None => Action::Respond(not_found_path()),
        },
        ["openapi", "v2"] if get => Action::Respond(super::openapi::v2()),
        ["openapi", "v3"] if get => respond(super::openapi::v3_index()),
        ["openapi", "v3", rest @ ..] if get => Action::Respond(super::openapi::v3_group(&rest.join("/"))),
        ["api", "v1", rest @ ..] => resource_request(c, req, "", "v1", rest),
        ["apis", g, v, rest @ ..] if resources::group_known(g, v) => resource_request(c, req, g, v, rest),
        _ => Action::Respond(not_found_path()),
    }
}

fn param_bool(req: &Request, name: &str) -> bool {
    matches!(req.param(name), Some("true") | Some("1"))
}

fn resource_request(c: &mut Cluster, req: &Request, group: &str, version: &str, segs: &[&str]) -> Action {
    let mut segs = segs.to_vec();
    // The deprecated `/watch/` path prefix is the same as `?watch=true`.
    let legacy_watch = segs.first() == Some(&"watch");
    if legacy_watch {
        segs.remove(0);
    }
    let t = match parse_target(group, version, &segs) {
        Ok(t) => t,
        Err(r) => return Action::Respond(r),
    };
    let res = t.resource;
    if res.namespaced && t.name.is_some() && t.namespace.is_none() {
        return Action::Respond(not_found_path());
    }
    if let Some(sub) = t.sub {
        if !res.subresources.contains(&sub) {
            return Action::Respond(not_found_path());
        }
    }
    if res.kind == "SelfSubjectAccessReview" {
        return Action::Respond(access_review(req));
    }
    let action = target_request(c, req, t, legacy_watch);
    // Every v1 Endpoints request is answered with the deprecation warning (KEP-4974); kubectl prints it as
    // `Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice`.
    match action {
        Action::Respond(mut r) if res.kind == "Endpoints" => {
            r.extra_headers.push(("Warning".into(), format!("299 - \"{}\"", endpointslice::ENDPOINTS_DEPRECATED)));
            Action::Respond(r)
        }
        a => a,
    }
}

fn target_request(c: &mut Cluster, req: &Request, t: Target, legacy_watch: bool) -> Action {
    let res = t.resource;
    let ns = t.namespace.clone().unwrap_or_default();
    let name = t.name.clone();
    let watch = legacy_watch || param_bool(req, "watch");
    match (req.method.as_str(), name, t.sub) {
        ("GET", None, None) | ("GET", Some(_), None) if watch => watch_plan(req, &t),
        ("GET", None, None) => Action::Respond(list(c, req, &t)),
        ("GET", Some(n), None) => Action::Respond(match c.get(res.kind, &ns, &n) {
            Ok(o) if accepts_table(req) => {
                let include = IncludeObject::parse(req.param("includeObject"));
                let rv = o.pointer("/metadata/resourceVersion").and_then(Value::as_str).unwrap_or("").to_string();
                Response::json(200, &table::table(res.kind, &[o], now_ms(c), &rv, include))
            }
            Ok(o) => Response::json(200, &with_type_meta(res, o)),
            Err(e) => api_error(&e, Some(res), Some(&n)),
        }),
        ("POST", None, None) => Action::Respond(create(c, req, &t)),
        ("PUT", Some(n), None) => Action::Respond(update(c, req, &t, &n, false)),
        ("PATCH", Some(n), None) => Action::Respond(patch(c, req, &t, &n, "")),
        ("DELETE", Some(n), None) => Action::Respond(delete(c, req, &t, &n)),
        ("DELETE", None, None) => Action::Respond(delete_collection(c, req, &t)),
        (_, Some(n), Some("status")) => Action::Respond(match req.method.as_str() {
            "GET" => match c.get(res.kind, &ns, &n) {
                Ok(o) => Response::json(200, &with_type_meta(res, o)),
                Err(e) => api_error(&e, Some(res), Some(&n)),
            },
            "PUT" => update(c, req, &t, &n, true),
            "PATCH" => patch(c, req, &t, &n, "status"),
            m => method_not_allowed(m, "status"),
        }),
        (_, Some(n), Some("scale")) => Action::Respond(scale(c, req, res, &ns, &n)),
        ("POST", Some(n), Some("eviction")) => Action::Respond(evict(c, req, res, &ns, &n)),
        ("GET", Some(n), Some("log")) => {
            if let Err(e) = c.get("Pod", &ns, &n) {
                return Action::Respond(api_error(&e, Some(res), Some(&n)));
            }
            let container = req.param("container").map(str::to_string);
            if param_bool(req, "follow") {
                let timestamps = param_bool(req, "timestamps");
                return Action::FollowLogs(LogPlan { namespace: ns, pod: n, container, timestamps });
            }
            let (previous, stamps) = (param_bool(req, "previous"), param_bool(req, "timestamps"));
            Action::Respond(match c.logs_with(&ns, &n, container.as_deref(), previous, stamps) {
                Ok(text) => Response::text(200, &tail(&text, req.param("tailLines"))),
                Err(e) => api_error(&e, Some(res), Some(&n)),
            })
        }
        ("GET" | "POST", Some(n), Some("exec")) => {
            let command: Vec<String> =
                req.query.iter().filter(|(k, _)| k == "command").map(|(_, v)| v.clone()).collect();
            if let Err(e) = c.get("Pod", &ns, &n) {
                return Action::Respond(api_error(&e, Some(res), Some(&n)));
            }
            if command.is_empty() {
                return Action::Respond(bad_request("you must specify at least 1 command"));
            }
            Action::Exec(ExecPlan {
                namespace: ns,
                pod: n,
                container: req.param("container").map(str::to_string),
                command,
            })
        }
        (m, _, _) => Action::Respond(method_not_allowed(m, res.name)),
    }
}

/// `POST pods/NAME/eviction` (eviction.go's `Create`): a Success status, or the budget's refusal with its cause.
fn evict(c: &mut Cluster, req: &Request, res: &Resource, ns: &str, name: &str) -> Response {
    let body = match decode_body(req) {
        Ok(b) => b,
        Err(r) => return r,
    };
    if body.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("") != name {
        return bad_request("name in URL does not match name in Eviction object");
    }
    let opts = body.get("deleteOptions").cloned().unwrap_or(json!({}));
    let dry = dry_run(req) || opts.get("dryRun").and_then(Value::as_array).is_some_and(|d| !d.is_empty());
    let grace = opts.get("gracePeriodSeconds").and_then(Value::as_i64).map(|g| g.max(0) as u64);
    match c.evict(ns, name, grace, dry) {
        Ok(()) => Response::json(
            201,
            &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}),
        ),
        Err(e) if e.error.reason.is_empty() => Response::json(
            e.error.code,
            &json!({"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                "message": e.error.message, "code": e.error.code}),
        ),
        Err(e) => match e.budget_cause {
            Some(cause) => {
                let mut d = json!({"causes": [{"reason": "DisruptionBudget", "message": cause}]});
                if e.retry_after > 0 {
                    d["retryAfterSeconds"] = json!(e.retry_after);
                }
                let mut r = status_error(e.error.code, &e.error.reason, &e.error.message, Some(d));
                if e.retry_after > 0 {
                    r.extra_headers.push(("Retry-After".into(), e.retry_after.to_string()));
                }
                r
            }
            None => api_error(&e.error, Some(res), Some(name)),
        },
    }
}

/// `kubectl auth can-i`: the server has no authentication or authorization, so everything is allowed.
fn access_review(req: &Request) -> Response {
    if req.method != "POST" {
        return method_not_allowed(&req.method, "selfsubjectaccessreviews");
    }
    // kubectl may send the review as protobuf; only the answer matters to it
    let spec = decode_body(req).ok().and_then(|b| b.get("spec").cloned()).unwrap_or(json!({}));
    Response::json(
        201,
        &json!({
            "kind": "SelfSubjectAccessReview",
            "apiVersion": "authorization.k8s.io/v1",
            "metadata": {},
            "spec": spec,
            "status": {"allowed": true, "reason": "stsplay serve does not authorize: every request is allowed"},
        }),
    )
}

/// `tailLines`: the last N lines of a log.
pub fn tail(text: &str, tail_lines: Option<&str>) -> String {
    let Some(n) = tail_lines.and_then(|n| n.parse::<usize>().ok()) else { return text.to_string() };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    lines[lines.len().saturating_sub(n)..].concat()
}

fn query_for(req: &Request, t: &Target) -> Result<Query, Response> {
    let labels = LabelSelector::parse(req.param("labelSelector").unwrap_or("")).map_err(|e| bad_request(&e))?;
    let mut fields = FieldSelector::parse(req.param("fieldSelector").unwrap_or("")).map_err(|e| bad_request(&e))?;
    if let Some(e) = fields.unsupported(t.resource.kind) {
        return Err(bad_request(&e));
    }
    if let Some(n) = &t.name {
        fields.0.push(("metadata.name".into(), true, n.clone()));
    }
    Ok(Query { resource: t.resource, namespace: t.namespace.clone(), labels, fields })
}

fn matching(c: &Cluster, q: &Query) -> Vec<Value> {
    let ns = if q.resource.namespaced { q.namespace.as_deref() } else { None };
    c.list(q.resource.kind, ns).into_iter().filter(|o| q.matches(o)).collect()
}

fn list(c: &Cluster, req: &Request, t: &Target) -> Response {
    let q = match query_for(req, t) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let mut items = matching(c, &q);
    let rv = current_rv(c).to_string();
    // `limit`/`continue`: the continue token is the index of the next item (the list is name-ordered and a
    // client pages through it within moments, so an index is stable enough here).
    let start: usize = req.param("continue").and_then(|t| t.parse().ok()).unwrap_or(0);
    let limit: usize = req.param("limit").and_then(|l| l.parse().ok()).filter(|l| *l > 0).unwrap_or(usize::MAX);
    let total = items.len();
    items = items.into_iter().skip(start).take(limit).collect();
    let next = start.saturating_add(limit);
    let mut meta = json!({"resourceVersion": rv});
    if next < total {
        meta["continue"] = json!(next.to_string());
        meta["remainingItemCount"] = json!(total - next);
    }
    if accepts_table(req) {
        let mut tbl =
            table::table(t.resource.kind, &items, now_ms(c), &rv, IncludeObject::parse(req.param("includeObject")));
        tbl["metadata"] = meta;
        return Response::json(200, &tbl);
    }
    Response::json(
        200,
        &json!({"kind": list_kind(t.resource), "apiVersion": t.resource.group_version(), "metadata": meta, "items": items}),
    )
}

fn watch_plan(req: &Request, t: &Target) -> Action {
    let q = match query_for(req, t) {
        Ok(q) => q,
        Err(r) => return Action::Respond(r),
    };
    let since = match req.param("resourceVersion") {
        None | Some("") | Some("0") => None,
        Some(v) => match v.parse::<u64>() {
            Ok(v) => Some(v),
            Err(_) => return Action::Respond(bad_request(&format!("invalid resource version: {v}"))),
        },
    };
    Action::Watch(WatchPlan {
        query: q,
        since,
        table: accepts_table(req).then(|| IncludeObject::parse(req.param("includeObject"))),
        initial_events_bookmark: param_bool(req, "sendInitialEvents"),
        timeout_secs: req.param("timeoutSeconds").and_then(|s| s.parse().ok()),
    })
}

/// Makes the object's namespace agree with the URL's, as the apiserver's `rest.EnsureObjectNamespaceMatchesRequestNamespace` does.
fn fix_namespace(obj: &mut Value, t: &Target) -> Result<(), Response> {
    let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) else {
        return Err(status_error(422, "Invalid", "metadata: Required value: name or generateName is required", None));
    };
    if !t.resource.namespaced {
        meta.remove("namespace");
        return Ok(());
    }
    let url_ns = t.namespace.clone().unwrap_or_default();
    match meta.get("namespace").and_then(Value::as_str) {
        None | Some("") => {
            meta.insert("namespace".into(), json!(url_ns));
            Ok(())
        }
        Some(n) if n == url_ns => Ok(()),
        Some(_) => {
            Err(bad_request("the namespace of the provided object does not match the namespace sent on the request"))
        }
    }
}

fn check_kind(obj: &mut Value, res: &Resource) -> Result<(), Response> {
    if !obj.is_object() {
        return Err(bad_request(&format!(
            "{} in version \"{}\" cannot be handled as a {}: the body is not a JSON object",
            res.kind, res.version, res.kind
        )));
    }
    match obj.get("kind").and_then(Value::as_str) {
        None | Some("") => {
            obj["kind"] = json!(res.kind);
            obj["apiVersion"] = json!(res.group_version());
            Ok(())
        }
        Some(k) if k == res.kind => Ok(()),
        Some(k) => Err(bad_request(&format!(
            "the kind in the data ({k}) does not match the kind this endpoint serves ({})",
            res.kind
        ))),
    }
}

fn dry_run(req: &Request) -> bool {
    req.param("dryRun") == Some("All")
}

fn create(c: &mut Cluster, req: &Request, t: &Target) -> Response {
    let mut obj = match decode_body(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if let Err(r) = check_kind(&mut obj, t.resource).and_then(|_| fix_namespace(&mut obj, t)) {
        return r;
    }
    let name = obj.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
    let fv = match field_validation(req, "CreateOptions") {
        Ok(fv) => fv,
        Err(r) => return r,
    };
    match c.create_as(obj, fv, dry_run(req)) {
        Ok((o, warnings)) => with_warnings(Response::json(201, &o), &warnings),
        Err(e) => api_error(&e, Some(t.resource), Some(&name)),
    }
}

/// The `fieldValidation` directive (`ValidateFieldValidation` refuses other values before anything is decoded).
fn field_validation(req: &Request, options: &str) -> Result<FieldValidation, Response> {
    let v = req.param("fieldValidation");
    FieldValidation::parse(v).ok_or_else(|| {
        status_error(
            422,
            "Invalid",
            &format!(
                "{options}.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"{}\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"",
                v.unwrap_or("")
            ),
            Some(json!({"group": "meta.k8s.io", "kind": options})),
        )
    })
}

/// Each dropped unknown field as a `Warning` header, as `addStrictDecodingWarnings` records them.
fn with_warnings(mut r: Response, warnings: &[String]) -> Response {
    for w in warnings {
        r.extra_headers.push(("Warning".into(), format!("299 - {}", serde_json::to_string(w).unwrap_or_default())));
    }
    r
}

/// `PUT` of the object, or of its `status` subresource (which changes only the status).
fn update(c: &mut Cluster, req: &Request, t: &Target, name: &str, status: bool) -> Response {
    let mut obj = match decode_body(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    if let Err(r) = check_kind(&mut obj, t.resource).and_then(|_| fix_namespace(&mut obj, t)) {
        return r;
    }
    if obj.pointer("/metadata/name").and_then(Value::as_str) != Some(name) {
        return bad_request("the name of the object does not match the name on the URL");
    }
    let fv = match field_validation(req, "UpdateOptions") {
        Ok(fv) => fv,
        Err(r) => return r,
    };
    if dry_run(req) {
        return Response::json(200, &obj);
    }
    let r = if status { c.update_status(obj).map(|o| (o, Vec::new())) } else { c.update_as(obj, fv) };
    match r {
        Ok((o, warnings)) => with_warnings(Response::json(200, &o), &warnings),
        Err(e) => api_error(&e, Some(t.resource), Some(name)),
    }
}

fn patch(c: &mut Cluster, req: &Request, t: &Target, name: &str, sub: &str) -> Response {
    let ct = req.header("content-type").unwrap_or("").split(';').next().unwrap_or("").trim().to_string();
    let ns = t.namespace.clone().unwrap_or_default();
    let known = [
        "application/json-patch+json",
        "application/merge-patch+json",
        "application/strategic-merge-patch+json",
        "application/apply-patch+yaml",
    ];
    let body = match decode_body(req) {
        Ok(b) => b,
        Err(r) if known.contains(&ct.as_str()) => return r,
        Err(_) => Value::Null,
    };
    let ty = match ct.as_str() {
        "application/json-patch+json" => PatchType::Json,
        "application/merge-patch+json" => PatchType::Merge,
        "application/strategic-merge-patch+json" => PatchType::StrategicMerge,
        "application/apply-patch+yaml" | "application/apply-patch+json" => return apply(c, req, t, name, body),
        other => {
            return status_error(
                415,
                "UnsupportedMediaType",
                &format!("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {other})"),
                None,
            )
        }
    };
    if dry_run(req) {
        return match c.get(t.resource.kind, &ns, name) {
            Ok(o) => Response::json(200, &o),
            Err(e) => api_error(&e, Some(t.resource), Some(name)),
        };
    }
    match c.patch_subresource(t.resource.kind, &ns, name, &body, ty, sub) {
        Ok(o) => Response::json(200, &o),
        Err(e) => api_error(&e, Some(t.resource), Some(name)),
    }
}

thread_local! {
    /// The configuration each field manager last applied to each object, `(kind, namespace, name, manager)`:
    /// what server-side apply needs to remove the fields a manager stopped applying. Kept by the one thread that
    /// owns a server's cluster, in memory only (the cluster itself is not persisted either).
    static APPLIED: std::cell::RefCell<std::collections::HashMap<(String, String, String, String), Value>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// Server-side apply (Helm 4 installs and upgrades this way). The applied configuration creates the object when
/// it is missing; otherwise it is merged three-way with what the same field manager applied last, so fields it
/// no longer applies are removed and fields set by others (controllers, defaulting, other managers) stay. Not
/// modelled: `managedFields` and conflicts between managers (`force` is accepted and not needed).
fn apply(c: &mut Cluster, req: &Request, t: &Target, name: &str, mut obj: Value) -> Response {
    let Some(manager) = req.param("fieldManager").filter(|m| !m.is_empty()).map(str::to_string) else {
        return bad_request("PATCH, application/apply-patch+yaml requests must have a fieldManager query parameter");
    };
    if let Err(r) = check_kind(&mut obj, t.resource).and_then(|_| fix_namespace(&mut obj, t)) {
        return r;
    }
    match obj.pointer("/metadata/name").and_then(Value::as_str) {
        Some(n) if n == name => {}
        None => obj["metadata"]["name"] = json!(name),
        Some(_) => return bad_request("the name of the object does not match the name on the URL"),
    }
    let ns = t.namespace.clone().unwrap_or_default();
    match c.get(t.resource.kind, &ns, name) {
        Err(e) if e.code == 404 => {
            if dry_run(req) {
                return Response::json(201, &obj);
            }
            let key = (t.resource.kind.to_string(), ns.clone(), name.to_string(), manager);
            match c.create(obj.clone()) {
                Ok(o) => {
                    APPLIED.with(|a| a.borrow_mut().insert(key, obj));
                    Response::json(201, &o)
                }
                Err(e) => api_error(&e, Some(t.resource), Some(name)),
            }
        }
        Err(e) => api_error(&e, Some(t.resource), Some(name)),
        Ok(live) => {
            let key = (t.resource.kind.to_string(), ns.clone(), name.to_string(), manager);
            let original = APPLIED.with(|a| a.borrow().get(&key).cloned()).unwrap_or(Value::Null);
            let merged = crate::cluster::patch::three_way(&original, &obj, &live);
            if dry_run(req) {
                return Response::json(200, &merged);
            }
            match c.update(merged) {
                Ok(o) => {
                    APPLIED.with(|a| a.borrow_mut().insert(key, obj));
                    Response::json(200, &o)
                }
                Err(e) => api_error(&e, Some(t.resource), Some(name)),
            }
        }
    }
}

fn delete_options(req: &Request) -> Result<(Propagation, Option<u64>), Response> {
    let body: Value = if req.body.is_empty() { json!({}) } else { decode_body(req)? };
    let prop = body
        .get("propagationPolicy")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| req.param("propagationPolicy").map(str::to_string));
    let propagation = match prop.as_deref() {
        None | Some("") | Some("Background") => Propagation::Background,
        Some("Foreground") => Propagation::Foreground,
        Some("Orphan") => Propagation::Orphan,
        Some(p) => {
            return Err(status_error(
                422,
                "Invalid",
                &format!("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{p}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""),
                None,
            ))
        }
    };
    let orphan = body.get("orphanDependents").and_then(Value::as_bool) == Some(true);
    let grace = body
        .get("gracePeriodSeconds")
        .and_then(Value::as_i64)
        .or_else(|| req.param("gracePeriodSeconds").and_then(|g| g.parse().ok()))
        .map(|g| g.max(0) as u64);
    Ok((if orphan { Propagation::Orphan } else { propagation }, grace))
}

fn delete(c: &mut Cluster, req: &Request, t: &Target, name: &str) -> Response {
    let (prop, grace) = match delete_options(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let ns = t.namespace.clone().unwrap_or_default();
    if dry_run(req) {
        return match c.get(t.resource.kind, &ns, name) {
            Ok(o) => Response::json(200, &o),
            Err(e) => api_error(&e, Some(t.resource), Some(name)),
        };
    }
    match c.delete(t.resource.kind, &ns, name, prop, grace) {
        Ok(o) => Response::json(200, &o),
        Err(e) => api_error(&e, Some(t.resource), Some(name)),
    }
}

fn delete_collection(c: &mut Cluster, req: &Request, t: &Target) -> Response {
    let (prop, grace) = match delete_options(req) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let q = match query_for(req, t) {
        Ok(q) => q,
        Err(r) => return r,
    };
    let mut deleted = Vec::new();
    for o in matching(c, &q) {
        let ns = o.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("").to_string();
        let name = o.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
        if let Ok(d) = c.delete(t.resource.kind, &ns, &name, prop, grace) {
            deleted.push(d);
        }
    }
    Response::json(
        200,
        &json!({"kind": list_kind(t.resource), "apiVersion": t.resource.group_version(), "metadata": {}, "items": deleted}),
    )
}

fn scale_of(o: &Value) -> Value {
    let sel = o.pointer("/spec/selector/matchLabels").and_then(Value::as_object).map(|m| {
        let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
        kv.sort();
        kv.join(",")
    });
    let meta = o.get("metadata").cloned().unwrap_or(json!({}));
    let mut m = json!({});
    for k in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
        if let Some(v) = meta.get(k) {
            m[k] = v.clone();
        }
    }
    json!({
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": m,
        "spec": {"replicas": o.pointer("/spec/replicas").cloned().unwrap_or(json!(1))},
        "status": {"replicas": o.pointer("/status/replicas").cloned().unwrap_or(json!(0)), "selector": sel.unwrap_or_default()},
    })
}

fn scale(c: &mut Cluster, req: &Request, res: &Resource, ns: &str, name: &str) -> Response {
    let current = match c.get(res.kind, ns, name) {
        Ok(o) => o,
        Err(e) => return api_error(&e, Some(res), Some(name)),
    };
    let replicas = match req.method.as_str() {
        "GET" => return Response::json(200, &scale_of(&current)),
        "PUT" => match decode_body(req) {
            Ok(b) => b.pointer("/spec/replicas").cloned(),
            Err(r) => return r,
        },
        "PATCH" => {
            let body = match decode_body(req) {
                Ok(b) => b,
                Err(r) => return r,
            };
            let ct = req.header("content-type").unwrap_or("");
            if ct.contains("json-patch") {
                let ops = body.as_array().cloned().unwrap_or_default();
                ops.iter()
                    .find(|op| op.get("path").and_then(Value::as_str) == Some("/spec/replicas"))
                    .and_then(|op| op.get("value").cloned())
            } else {
                body.pointer("/spec/replicas").cloned()
            }
        }
        m => return method_not_allowed(m, "scale"),
    };
    let Some(replicas) = replicas.filter(|r| r.as_i64().is_some_and(|n| n >= 0)) else {
        return status_error(
            422,
            "Invalid",
            &format!("Scale.autoscaling \"{name}\" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0"),
            None,
        );
    };
    match c.patch(res.kind, ns, name, &json!({"spec": {"replicas": replicas}}), PatchType::Merge) {
        Ok(o) => Response::json(200, &scale_of(&o)),
        Err(e) => api_error(&e, Some(res), Some(name)),
    }
}

/// Encodes one watch event the way the apiserver does (`metav1.WatchEvent` JSON, one per line).
pub fn watch_event_line(ty: &str, object: &Value) -> Vec<u8> {
    let mut ev = json!({"type": ty, "object": object});
    table::shift_times(&mut ev, time_shift());
    let mut line = serde_json::to_vec(&ev).unwrap_or_default();
    line.push(b'\n');
    line
}

/// The object a watch event carries: the object itself or a one-row Table.
pub fn watch_object(c: &Cluster, plan: &WatchPlan, obj: &Value) -> Value {
    match plan.table {
        Some(include) => {
            let rv = obj.pointer("/metadata/resourceVersion").and_then(Value::as_str).unwrap_or("").to_string();
            table::table(plan.query.resource.kind, std::slice::from_ref(obj), now_ms(c), &rv, include)
        }
        None => obj.clone(),
    }
}

/// The bookmark that ends the initial events of a `sendInitialEvents=true` watch.
pub fn initial_events_end(res: &Resource, rv: u64) -> Value {
    json!({
        "kind": res.kind,
        "apiVersion": res.group_version(),
        "metadata": {"resourceVersion": rv.to_string(), "annotations": {"k8s.io/initial-events-end": "true"}},
    })
}

/// Objects that exist now and match, for a watch that starts from "now" (synthetic ADDED events).
pub fn initial_objects(c: &Cluster, q: &Query) -> Vec<Value> {
    matching(c, q)
}
