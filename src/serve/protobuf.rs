//! Decoding of the few Kubernetes protobuf bodies real clients send here. Helm's release storage uses a typed
//! client-go clientset, which writes `Secret`s (and deletes with `DeleteOptions`) as
//! `application/vnd.kubernetes.protobuf`, as do kubectl's `create configmap|secret|serviceaccount|namespace|
//! deployment|service`; other kinds are refused with 415 and a message saying so. The envelope is the 4-byte magic
//! `k8s\0` and a `runtime.Unknown` (apimachinery `pkg/runtime/serializer/protobuf/protobuf.go`); field numbers
//! are those of `k8s.io/api/core/v1/generated.proto`, `k8s.io/api/apps/v1/generated.proto` and
//! `k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto`.
//!
//! Deployments and Services are decoded through a schema table (`DEPLOYMENT`, `SERVICE`): field number → JSON
//! name and type, for every field a typed create command can set. Go's marshaller writes every non-pointer field,
//! zero or not, so a zero scalar outside the table is skipped, but a field outside it that carries data is refused
//! rather than dropped: a created object never silently loses what the client sent.

use serde_json::{json, Map, Value};

const MAGIC: &[u8] = b"k8s\0";

#[derive(Debug)]
enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Fixed,
}

/// Splits a message into (field number, value) pairs.
fn fields(mut b: &[u8]) -> Result<Vec<(u64, Field<'_>)>, String> {
    fn varint(b: &mut &[u8]) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = b.split_first().ok_or("truncated varint")?;
            *b = rest;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint too long".into())
    }
    let mut out = Vec::new();
    while !b.is_empty() {
        let key = varint(&mut b)?;
        let f = match key & 7 {
            0 => Field::Varint(varint(&mut b)?),
            2 => {
                let n = varint(&mut b)? as usize;
                if n > b.len() {
                    return Err("truncated field".into());
                }
                let (v, rest) = b.split_at(n);
                b = rest;
                Field::Bytes(v)
            }
            1 => {
                b = b.get(8..).ok_or("truncated fixed64")?;
                Field::Fixed
            }
            5 => {
                b = b.get(4..).ok_or("truncated fixed32")?;
                Field::Fixed
            }
            t => return Err(format!("unsupported wire type {t}")),
        };
        out.push((key >> 3, f));
    }
    Ok(out)
}

fn string(f: &Field) -> String {
    match f {
        Field::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

/// A `map<string, string|bytes>` entry.
fn map_entry(b: &[u8], bytes_value: bool) -> Result<(String, Value), String> {
    let (mut k, mut v) = (String::new(), Value::String(String::new()));
    for (n, f) in fields(b)? {
        match (n, &f) {
            (1, _) => k = string(&f),
            (2, Field::Bytes(x)) if bytes_value => v = json!(crate::base64::encode(x)),
            (2, _) => v = json!(string(&f)),
            _ => {}
        }
    }
    Ok((k, v))
}

/// `metav1.Time`: seconds and nanos, as RFC 3339 (what JSON carries); `None` for Go's zero time.
fn time(b: &[u8]) -> Result<Option<Value>, String> {
    // metav1.Time marshals Go's zero time as an empty message (apimachinery `pkg/apis/meta/v1/time_proto.go`).
    if b.is_empty() {
        return Ok(None);
    }
    let mut secs = 0i64;
    for (n, f) in fields(b)? {
        if let (1, Field::Varint(v)) = (n, f) {
            secs = v as i64;
        }
    }
    // time.Time{} is 0001-01-01T00:00:00Z
    if secs <= -62_135_596_800 {
        return Ok(None);
    }
    Ok(Some(json!(super::table::format_rfc3339_ms(secs * 1000, 0))))
}

fn object_meta(b: &[u8]) -> Result<Value, String> {
    let mut m = Map::new();
    let mut labels = Map::new();
    let mut annotations = Map::new();
    let mut finalizers = Vec::new();
    for (n, f) in fields(b)? {
        match (n, &f) {
            (1, _) => drop(m.insert("name".into(), json!(string(&f)))),
            (2, _) => drop(m.insert("generateName".into(), json!(string(&f)))),
            (3, _) => drop(m.insert("namespace".into(), json!(string(&f)))),
            (5, _) => drop(m.insert("uid".into(), json!(string(&f)))),
            (6, _) => drop(m.insert("resourceVersion".into(), json!(string(&f)))),
            // Go's protobuf marshalling writes zero scalars and zero times too; JSON omits them.
            (7, Field::Varint(v)) if *v != 0 => drop(m.insert("generation".into(), json!(*v as i64))),
            (8, Field::Bytes(x)) => {
                if let Some(t) = time(x)? {
                    m.insert("creationTimestamp".into(), t);
                }
            }
            (9, Field::Bytes(x)) => {
                if let Some(t) = time(x)? {
                    m.insert("deletionTimestamp".into(), t);
                }
            }
            (11, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, false)?;
                labels.insert(k, v);
            }
            (12, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, false)?;
                annotations.insert(k, v);
            }
            (14, _) => finalizers.push(json!(string(&f))),
            _ => {}
        }
    }
    m.retain(|_, v| v.as_str() != Some(""));
    if !labels.is_empty() {
        m.insert("labels".into(), Value::Object(labels));
    }
    if !annotations.is_empty() {
        m.insert("annotations".into(), Value::Object(annotations));
    }
    if !finalizers.is_empty() {
        m.insert("finalizers".into(), Value::Array(finalizers));
    }
    Ok(Value::Object(m))
}

fn data_object(kind: &str, raw: &[u8]) -> Result<Value, String> {
    let mut obj = Map::new();
    obj.insert("kind".into(), json!(kind));
    obj.insert("apiVersion".into(), json!("v1"));
    let (mut data, mut binary, mut string_data) = (Map::new(), Map::new(), Map::new());
    for (n, f) in fields(raw)? {
        match (kind, n, &f) {
            (_, 1, Field::Bytes(x)) => drop(obj.insert("metadata".into(), object_meta(x)?)),
            ("Secret", 2, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, true)?;
                data.insert(k, v);
            }
            ("Secret", 3, _) => drop(obj.insert("type".into(), json!(string(&f)))),
            ("Secret", 4, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, false)?;
                string_data.insert(k, v);
            }
            ("Secret", 5, Field::Varint(v)) | ("ConfigMap", 4, Field::Varint(v)) => {
                drop(obj.insert("immutable".into(), json!(*v != 0)))
            }
            ("ConfigMap", 2, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, false)?;
                data.insert(k, v);
            }
            ("ConfigMap", 3, Field::Bytes(x)) => {
                let (k, v) = map_entry(x, true)?;
                binary.insert(k, v);
            }
            _ => {}
        }
    }
    for (k, m) in [("data", data), ("binaryData", binary), ("stringData", string_data)] {
        if !m.is_empty() {
            obj.insert(k.into(), Value::Object(m));
        }
    }
    Ok(Value::Object(obj))
}

/// `ServiceAccount` (`kubectl create serviceaccount`) and `Namespace` (`kubectl create namespace`): metadata plus
/// the few fields those commands set.
fn small_object(kind: &str, raw: &[u8]) -> Result<Value, String> {
    let mut obj = Map::new();
    obj.insert("kind".into(), json!(kind));
    obj.insert("apiVersion".into(), json!("v1"));
    let mut finalizers = Vec::new();
    for (n, f) in fields(raw)? {
        match (kind, n, &f) {
            (_, 1, Field::Bytes(x)) => drop(obj.insert("metadata".into(), object_meta(x)?)),
            ("ServiceAccount", 4, Field::Varint(v)) => {
                drop(obj.insert("automountServiceAccountToken".into(), json!(*v != 0)))
            }
            ("Namespace", 2, Field::Bytes(x)) => {
                for (sn, sf) in fields(x)? {
                    if sn == 1 {
                        finalizers.push(json!(string(&sf)));
                    }
                }
            }
            _ => {}
        }
    }
    if !finalizers.is_empty() {
        obj.insert("spec".into(), json!({"finalizers": finalizers}));
    }
    Ok(Value::Object(obj))
}

/// How a field of a typed message becomes JSON. `Int`/`Str`/`Bool` are Go fields tagged `omitempty` (a zero is
/// left out, as the JSON encoder would); `IntKeep` is a field JSON always carries (`port`, `containerPort`) or a
/// pointer (`replicas`: present means set, even to 0).
#[derive(Clone, Copy)]
enum Ty {
    Str,
    Int,
    IntKeep,
    Bool,
    Meta,
    Msg(&'static [Fld]),
    RepMsg(&'static [Fld]),
    RepStr,
    MapStr,
    /// `map<string, resource.Quantity>` (limits, requests).
    MapQuantity,
    IntOrString,
    /// Read and dropped: a status sent on create, which the API server resets anyway.
    Skip,
}

type Fld = (u64, &'static str, Ty);

const LABEL_REQUIREMENT: &[Fld] = &[(1, "key", Ty::Str), (2, "operator", Ty::Str), (3, "values", Ty::RepStr)];
const LABEL_SELECTOR: &[Fld] =
    &[(1, "matchLabels", Ty::MapStr), (2, "matchExpressions", Ty::RepMsg(LABEL_REQUIREMENT))];
const CONTAINER_PORT: &[Fld] = &[
    (1, "name", Ty::Str),
    (2, "hostPort", Ty::Int),
    (3, "containerPort", Ty::IntKeep),
    (4, "protocol", Ty::Str),
    (5, "hostIP", Ty::Str),
];
const ENV_VAR: &[Fld] = &[(1, "name", Ty::Str), (2, "value", Ty::Str)];
const RESOURCES: &[Fld] = &[(1, "limits", Ty::MapQuantity), (2, "requests", Ty::MapQuantity)];
const CONTAINER: &[Fld] = &[
    (1, "name", Ty::Str),
    (2, "image", Ty::Str),
    (3, "command", Ty::RepStr),
    (4, "args", Ty::RepStr),
    (5, "workingDir", Ty::Str),
    (6, "ports", Ty::RepMsg(CONTAINER_PORT)),
    (7, "env", Ty::RepMsg(ENV_VAR)),
    (8, "resources", Ty::Msg(RESOURCES)),
    (13, "terminationMessagePath", Ty::Str),
    (14, "imagePullPolicy", Ty::Str),
    (16, "stdin", Ty::Bool),
    (17, "stdinOnce", Ty::Bool),
    (18, "tty", Ty::Bool),
    (20, "terminationMessagePolicy", Ty::Str),
];
const POD_SPEC: &[Fld] = &[
    (2, "containers", Ty::RepMsg(CONTAINER)),
    (3, "restartPolicy", Ty::Str),
    (4, "terminationGracePeriodSeconds", Ty::IntKeep),
    (6, "dnsPolicy", Ty::Str),
    (7, "nodeSelector", Ty::MapStr),
    (8, "serviceAccountName", Ty::Str),
    (9, "serviceAccount", Ty::Str),
    (11, "hostNetwork", Ty::Bool),
    (12, "hostPID", Ty::Bool),
    (13, "hostIPC", Ty::Bool),
    (16, "hostname", Ty::Str),
    (17, "subdomain", Ty::Str),
    (19, "schedulerName", Ty::Str),
    (20, "initContainers", Ty::RepMsg(CONTAINER)),
];
const POD_TEMPLATE: &[Fld] = &[(1, "metadata", Ty::Meta), (2, "spec", Ty::Msg(POD_SPEC))];
const ROLLING_UPDATE_DEPLOYMENT: &[Fld] = &[(1, "maxUnavailable", Ty::IntOrString), (2, "maxSurge", Ty::IntOrString)];
const DEPLOYMENT_STRATEGY: &[Fld] = &[(1, "type", Ty::Str), (2, "rollingUpdate", Ty::Msg(ROLLING_UPDATE_DEPLOYMENT))];
const DEPLOYMENT_SPEC: &[Fld] = &[
    (1, "replicas", Ty::IntKeep),
    (2, "selector", Ty::Msg(LABEL_SELECTOR)),
    (3, "template", Ty::Msg(POD_TEMPLATE)),
    (4, "strategy", Ty::Msg(DEPLOYMENT_STRATEGY)),
    (5, "minReadySeconds", Ty::Int),
    (6, "revisionHistoryLimit", Ty::IntKeep),
    (7, "paused", Ty::Bool),
    (9, "progressDeadlineSeconds", Ty::IntKeep),
];
const DEPLOYMENT: &[Fld] = &[(1, "metadata", Ty::Meta), (2, "spec", Ty::Msg(DEPLOYMENT_SPEC)), (3, "status", Ty::Skip)];
const SERVICE_PORT: &[Fld] = &[
    (1, "name", Ty::Str),
    (2, "protocol", Ty::Str),
    (3, "port", Ty::IntKeep),
    (4, "targetPort", Ty::IntOrString),
    (5, "nodePort", Ty::Int),
    (6, "appProtocol", Ty::Str),
];
const SERVICE_SPEC: &[Fld] = &[
    (1, "ports", Ty::RepMsg(SERVICE_PORT)),
    (2, "selector", Ty::MapStr),
    (3, "clusterIP", Ty::Str),
    (4, "type", Ty::Str),
    (5, "externalIPs", Ty::RepStr),
    (7, "sessionAffinity", Ty::Str),
    (8, "loadBalancerIP", Ty::Str),
    (10, "externalName", Ty::Str),
    (11, "externalTrafficPolicy", Ty::Str),
    (13, "publishNotReadyAddresses", Ty::Bool),
    (17, "ipFamilyPolicy", Ty::Str),
    (18, "clusterIPs", Ty::RepStr),
    (19, "ipFamilies", Ty::RepStr),
    (22, "internalTrafficPolicy", Ty::Str),
];
const SERVICE: &[Fld] = &[(1, "metadata", Ty::Meta), (2, "spec", Ty::Msg(SERVICE_SPEC)), (3, "status", Ty::Skip)];
/// k8s.io/api/policy/v1/generated.proto, what `kubectl create poddisruptionbudget` sends.
const PDB_SPEC: &[Fld] = &[
    (1, "minAvailable", Ty::IntOrString),
    (2, "selector", Ty::Msg(LABEL_SELECTOR)),
    (3, "maxUnavailable", Ty::IntOrString),
    (4, "unhealthyPodEvictionPolicy", Ty::Str),
];
const PDB: &[Fld] = &[(1, "metadata", Ty::Meta), (2, "spec", Ty::Msg(PDB_SPEC)), (3, "status", Ty::Skip)];

/// True for what Go writes for a zero non-pointer field: varint 0 or an empty string/message.
fn is_zero(f: &Field) -> bool {
    matches!(f, Field::Varint(0) | Field::Fixed) || matches!(f, Field::Bytes(b) if b.is_empty())
}

fn int(f: &Field) -> i64 {
    match f {
        // int32/int64 fields are varints; a negative int32 is sign-extended to 64 bits on the wire.
        Field::Varint(v) => *v as i64,
        _ => 0,
    }
}

/// `intstr.IntOrString`: type (0 Int, 1 String), intVal, strVal.
fn int_or_string(b: &[u8]) -> Result<Value, String> {
    let (mut is_str, mut i, mut s) = (false, 0, String::new());
    for (n, f) in fields(b)? {
        match n {
            1 => is_str = int(&f) == 1,
            2 => i = int(&f),
            3 => s = string(&f),
            _ => {}
        }
    }
    Ok(if is_str { json!(s) } else { json!(i) })
}

/// Decodes one message of a schema table into a JSON object.
fn message(b: &[u8], schema: &[Fld], path: &str) -> Result<Map<String, Value>, String> {
    let mut m = Map::new();
    for (n, f) in fields(b)? {
        let Some(&(_, name, ty)) = schema.iter().find(|(k, _, _)| *k == n) else {
            if is_zero(&f) {
                continue;
            }
            return Err(format!("protobuf field {n} of {path} is not supported by stsplay serve; send JSON"));
        };
        let at = format!("{path}.{name}");
        let bytes = match &f {
            Field::Bytes(x) => *x,
            _ => &[][..],
        };
        match ty {
            Ty::Str => {
                let s = string(&f);
                if !s.is_empty() {
                    m.insert(name.into(), json!(s));
                }
            }
            Ty::Int => {
                if int(&f) != 0 {
                    m.insert(name.into(), json!(int(&f) as i32));
                }
            }
            Ty::IntKeep => drop(m.insert(name.into(), json!(int(&f) as i32))),
            Ty::Bool => {
                if int(&f) != 0 {
                    m.insert(name.into(), json!(true));
                }
            }
            Ty::Meta => drop(m.insert(name.into(), object_meta(bytes)?)),
            Ty::Msg(s) => drop(m.insert(name.into(), Value::Object(message(bytes, s, &at)?))),
            Ty::RepMsg(s) => {
                let item = Value::Object(message(bytes, s, &at)?);
                if let Some(a) = m.entry(name).or_insert_with(|| json!([])).as_array_mut() {
                    a.push(item);
                }
            }
            Ty::RepStr => {
                if let Some(a) = m.entry(name).or_insert_with(|| json!([])).as_array_mut() {
                    a.push(json!(string(&f)));
                }
            }
            Ty::MapStr | Ty::MapQuantity => {
                let (k, mut v) = map_entry(bytes, false)?;
                if matches!(ty, Ty::MapQuantity) {
                    // resource.Quantity is a message whose field 1 is its string form.
                    let raw = match fields(bytes)?.into_iter().find(|(n, _)| *n == 2) {
                        Some((_, Field::Bytes(q))) => q,
                        _ => &[][..],
                    };
                    v = json!(fields(raw)?.iter().find(|(n, _)| *n == 1).map(|(_, f)| string(f)).unwrap_or_default());
                }
                if let Some(o) = m.entry(name).or_insert_with(|| json!({})).as_object_mut() {
                    o.insert(k, v);
                }
            }
            Ty::IntOrString => drop(m.insert(name.into(), int_or_string(bytes)?)),
            Ty::Skip => {}
        }
    }
    Ok(m)
}

fn typed_object(kind: &str, api_version: &str, schema: &[Fld], raw: &[u8]) -> Result<Value, String> {
    let mut obj = Map::new();
    obj.insert("kind".into(), json!(kind));
    obj.insert("apiVersion".into(), json!(api_version));
    obj.extend(message(raw, schema, kind)?);
    Ok(Value::Object(obj))
}

fn delete_options(raw: &[u8]) -> Result<Value, String> {
    let mut o = Map::new();
    o.insert("kind".into(), json!("DeleteOptions"));
    o.insert("apiVersion".into(), json!("v1"));
    let mut dry = Vec::new();
    for (n, f) in fields(raw)? {
        match (n, &f) {
            (1, Field::Varint(v)) => drop(o.insert("gracePeriodSeconds".into(), json!(*v as i64))),
            (3, Field::Varint(v)) => drop(o.insert("orphanDependents".into(), json!(*v != 0))),
            (4, _) => drop(o.insert("propagationPolicy".into(), json!(string(&f)))),
            (5, _) => dry.push(json!(string(&f))),
            _ => {}
        }
    }
    if !dry.is_empty() {
        o.insert("dryRun".into(), Value::Array(dry));
    }
    Ok(Value::Object(o))
}

/// policy/v1 `Eviction` (k8s.io/api/policy/v1/generated.proto): metadata 1, deleteOptions 2; `kubectl drain`
/// POSTs it to `pods/NAME/eviction`.
fn eviction(raw: &[u8]) -> Result<Value, String> {
    let mut o = Map::new();
    o.insert("kind".into(), json!("Eviction"));
    o.insert("apiVersion".into(), json!("policy/v1"));
    for (n, f) in fields(raw)? {
        match (n, f) {
            (1, Field::Bytes(b)) => drop(o.insert("metadata".into(), object_meta(b)?)),
            (2, Field::Bytes(b)) => {
                let mut d = delete_options(b)?;
                if let Some(m) = d.as_object_mut() {
                    m.remove("kind");
                    m.remove("apiVersion");
                }
                o.insert("deleteOptions".into(), d);
            }
            _ => {}
        }
    }
    Ok(Value::Object(o))
}

/// Decodes a protobuf-encoded object into its JSON form.
pub fn decode(body: &[u8]) -> Result<Value, String> {
    let rest = body.strip_prefix(MAGIC).ok_or("protobuf body without the k8s magic prefix")?;
    let (mut kind, mut raw) = (String::new(), &[][..]);
    for (n, f) in fields(rest)? {
        match (n, f) {
            (1, Field::Bytes(tm)) => {
                for (tn, tf) in fields(tm)? {
                    if tn == 2 {
                        kind = string(&tf);
                    }
                }
            }
            (2, Field::Bytes(r)) => raw = r,
            _ => {}
        }
    }
    match kind.as_str() {
        "Secret" | "ConfigMap" => data_object(&kind, raw),
        "ServiceAccount" | "Namespace" => small_object(&kind, raw),
        "Deployment" => typed_object("Deployment", "apps/v1", DEPLOYMENT, raw),
        "Service" => typed_object("Service", "v1", SERVICE, raw),
        "PodDisruptionBudget" => typed_object("PodDisruptionBudget", "policy/v1", PDB, raw),
        "DeleteOptions" => delete_options(raw),
        "Eviction" => eviction(raw),
        other => Err(format!("protobuf bodies of kind {other:?} are not supported by stsplay serve; send JSON")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                return;
            }
            out.push(b | 0x80);
        }
    }
    fn bytes(n: u64, data: &[u8], out: &mut Vec<u8>) {
        varint(n << 3 | 2, out);
        varint(data.len() as u64, out);
        out.extend_from_slice(data);
    }

    #[test]
    fn decodes_a_helm_release_secret() {
        let mut meta = Vec::new();
        bytes(1, b"sh.helm.release.v1.web.v1", &mut meta);
        let mut label = Vec::new();
        bytes(1, b"owner", &mut label);
        bytes(2, b"helm", &mut label);
        bytes(11, &label, &mut meta);
        let mut secret = Vec::new();
        bytes(1, &meta, &mut secret);
        let mut entry = Vec::new();
        bytes(1, b"release", &mut entry);
        bytes(2, &[1, 2, 3], &mut entry);
        bytes(2, &entry, &mut secret);
        bytes(3, b"helm.sh/release.v1", &mut secret);
        let mut tm = Vec::new();
        bytes(1, b"v1", &mut tm);
        bytes(2, b"Secret", &mut tm);
        let mut unknown = MAGIC.to_vec();
        bytes(1, &tm, &mut unknown);
        bytes(2, &secret, &mut unknown);
        let v = decode(&unknown).unwrap();
        assert_eq!(
            v,
            json!({"kind": "Secret", "apiVersion": "v1",
                   "metadata": {"name": "sh.helm.release.v1.web.v1", "labels": {"owner": "helm"}},
                   "type": "helm.sh/release.v1", "data": {"release": "AQID"}})
        );
        assert!(decode(b"{}").is_err());
        assert!(decode(&unknown[..unknown.len() - 3]).is_err());
    }
}
