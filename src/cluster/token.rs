//! Service account tokens as the API server's TokenRequest issues them: the kubelet's projected
//! `kube-api-access-*` token and `kubectl create token`. A token is a JWT (header.claims.signature, base64url);
//! the claims are those of pkg/serviceaccount/claims.go, and their JSON keys come out sorted at every level
//! because go-jose's builder round-trips the claims through a map. The signature has RS256's length (256 bytes)
//! but signs nothing: no key exists to verify it against (the API server's JWKS is not served).

use super::{ApiError, Cluster};
use crate::json;
use serde_json::{Map, Value};

/// The API server's issuer and default audience in minikube (`--service-account-issuer`).
pub const ISSUER: &str = "https://kubernetes.default.svc.cluster.local";
/// The kubelet asks for 3607 s so the API server can tell it apart and extend it
/// (pkg/registry/core/serviceaccount/storage/token.go, `--service-account-extend-token-expiration`, default on).
pub const KUBELET_EXPIRATION_SECONDS: i64 = 3607;
/// How far an extended token lasts: one year (`ExpirationExtensionSeconds`).
const EXTENDED_SECONDS: i64 = 365 * 24 * 3600;
/// TokenRequest's default when no expiration is asked for.
pub const DEFAULT_EXPIRATION_SECONDS: i64 = 3600;

/// A (name, uid) pair the claims name.
pub type Ref<'a> = (&'a str, &'a str);

/// What a token is issued for.
pub struct Request<'a> {
    pub namespace: &'a str,
    pub account: Ref<'a>,
    pub pod: Option<Ref<'a>>,
    pub secret: Option<Ref<'a>>,
    pub node: Option<Ref<'a>>,
    pub audiences: &'a [String],
    /// Unix seconds.
    pub issued_at: i64,
    pub expiration_seconds: i64,
}

fn b64(bytes: &[u8]) -> String {
    crate::base64::encode_url(bytes)
}

fn named((name, uid): Ref) -> Value {
    json!({"name": name, "uid": uid})
}

/// Deterministic bytes standing in for the key's randomness (a seeded cluster issues the same tokens): FNV-1a of
/// the seed expanded by splitmix64. No hash would make the signature verifiable, so the cheapest one serves (a
/// SHA-256 chain here cost the 1,000-replica benchmark 8 % of its instructions).
fn digest_chain(seed: &[u8], len: usize) -> Vec<u8> {
    let mut x = seed.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ *b as u64).wrapping_mul(0x100_0000_01b3));
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The `jti` claim: a random UUID (ServiceAccountTokenJTI, on since 1.30), here derived from the request.
fn token_id(seed: &[u8]) -> String {
    let mut b = digest_chain(seed, 16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

thread_local! {
    /// The `kid` header: minikube's stands for a hash of its public key; one key, so one value, made once.
    static KID: String = b64(&digest_chain(b"minikube service account signing key", 32));
}

/// Issues the token: claims in go-jose's sorted order, `kid` as minikube's (a hash of its public key).
pub fn issue(r: &Request) -> String {
    let extended = r.pod.is_some() && r.expiration_seconds == KUBELET_EXPIRATION_SECONDS;
    let exp = r.issued_at + if extended { EXTENDED_SECONDS } else { r.expiration_seconds };
    let seed = format!(
        "{}/{}/{}/{}/{}",
        r.namespace,
        r.account.1,
        r.pod.map_or("", |p| p.1),
        r.secret.map_or("", |s| s.1),
        r.issued_at
    );
    let mut k8s = Map::new();
    k8s.insert("namespace".into(), json!(r.namespace));
    if let Some(n) = r.node {
        k8s.insert("node".into(), named(n));
    }
    if let Some(p) = r.pod {
        k8s.insert("pod".into(), named(p));
    }
    if let Some(s) = r.secret {
        k8s.insert("secret".into(), named(s));
    }
    k8s.insert("serviceaccount".into(), named(r.account));
    if extended {
        k8s.insert("warnafter".into(), json!(r.issued_at + KUBELET_EXPIRATION_SECONDS));
    }
    let claims = json!({
        "aud": r.audiences,
        "exp": exp,
        "iat": r.issued_at,
        "iss": ISSUER,
        "jti": token_id(seed.as_bytes()),
        "kubernetes.io": Value::Object(k8s),
        "nbf": r.issued_at,
        "sub": format!("system:serviceaccount:{}:{}", r.namespace, r.account.0),
    });
    let kid = KID.with(String::clone);
    let head = format!(
        "{}.{}",
        b64(format!("{{\"alg\":\"RS256\",\"kid\":\"{kid}\"}}").as_bytes()),
        b64(claims.to_string().as_bytes())
    );
    let sig = b64(&digest_chain(head.as_bytes(), 256));
    format!("{head}.{sig}")
}

fn as_ref(o: &Option<(String, String)>) -> Option<Ref<'_>> {
    o.as_ref().map(|(n, u)| (n.as_str(), u.as_str()))
}

/// The bound object of `kubectl create token --bound-object-kind/-name/-uid`.
pub struct Bound<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub uid: Option<&'a str>,
}

/// `POST .../serviceaccounts/NAME/token` (TokenREST.Create): checks the request as the API server does and issues.
pub fn request(
    cluster: &Cluster,
    namespace: &str,
    account: &str,
    expiration_seconds: Option<i64>,
    audiences: &[String],
    bound: Option<Bound>,
) -> Result<String, ApiError> {
    let invalid = |cause: String| ApiError {
        code: 422,
        reason: "Invalid".into(),
        message: format!("TokenRequest.authentication.k8s.io \"{account}\" is invalid: {cause}"),
    };
    let expiration = expiration_seconds.unwrap_or(DEFAULT_EXPIRATION_SECONDS);
    // pkg/apis/authentication/validation: ValidateTokenRequest.
    if expiration < 600 {
        return Err(invalid(format!(
            "spec.expirationSeconds: Invalid value: {expiration}: may not specify a duration less than 10 minutes"
        )));
    }
    if expiration > 1 << 32 {
        return Err(invalid(format!(
            "spec.expirationSeconds: Invalid value: {expiration}: may not specify a duration larger than 2^32 seconds"
        )));
    }
    let sa = cluster.get("ServiceAccount", namespace, account)?;
    let uid = |o: &Value| o.pointer("/metadata/uid").and_then(Value::as_str).unwrap_or("").to_string();
    let sa_uid = uid(&sa);
    let mut pod = None;
    let mut secret = None;
    let mut node = None;
    if let Some(b) = bound {
        let obj = cluster.get(b.kind, namespace, b.name)?;
        let obj_uid = uid(&obj);
        if b.uid.is_some_and(|u| u != obj_uid) {
            // NewConflict with the kind as the resource (token.go), so `on Pod "b"`, not `on pods "b"`.
            return Err(ApiError {
                code: 409,
                reason: "Conflict".into(),
                message: format!(
                    "Operation cannot be fulfilled on {} \"{}\": the UID in the bound object reference ({}) does \
                     not match the UID in record. The object might have been deleted and then recreated",
                    b.kind,
                    b.name,
                    b.uid.unwrap_or("")
                ),
            });
        }
        match b.kind {
            "Pod" => {
                // ServiceAccountTokenPodNodeInfo: a scheduled pod's token also names its node.
                let node_name = obj.pointer("/spec/nodeName").and_then(Value::as_str).unwrap_or("").to_string();
                if !node_name.is_empty() {
                    let node_uid = cluster.get("Node", "", &node_name).map(|n| uid(&n)).unwrap_or_default();
                    node = Some((node_name, node_uid));
                }
                pod = Some((b.name.to_string(), obj_uid));
            }
            "Secret" => secret = Some((b.name.to_string(), obj_uid)),
            _ => node = Some((b.name.to_string(), obj_uid)),
        }
    }
    let audiences = if audiences.is_empty() { vec![ISSUER.to_string()] } else { audiences.to_vec() };
    Ok(issue(&Request {
        namespace,
        account: (account, &sa_uid),
        pod: as_ref(&pod),
        secret: as_ref(&secret),
        node: as_ref(&node),
        audiences: &audiences,
        issued_at: crate::cluster::EPOCH_UNIX + (cluster.now() / 1000) as i64,
        expiration_seconds: expiration,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(token: &str) -> Value {
        let part = token.split('.').nth(1).unwrap();
        serde_json::from_slice(&crate::base64::decode_url(part).unwrap()).unwrap()
    }

    #[test]
    fn kubelet_tokens_are_extended_and_name_pod_and_node() {
        let aud = vec![ISSUER.to_string()];
        let t = issue(&Request {
            namespace: "default",
            account: ("default", "sa-uid"),
            pod: Some(("web-0", "pod-uid")),
            secret: None,
            node: Some(("minikube", "node-uid")),
            audiences: &aud,
            issued_at: 1_742_058_215,
            expiration_seconds: KUBELET_EXPIRATION_SECONDS,
        });
        let c = claims(&t);
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["aud", "exp", "iat", "iss", "jti", "kubernetes.io", "nbf", "sub"]);
        assert_eq!(c["exp"], 1_742_058_215 + 365 * 24 * 3600);
        assert_eq!(c["kubernetes.io"]["warnafter"], 1_742_058_215 + 3607);
        assert_eq!(c["kubernetes.io"]["node"]["name"], "minikube");
        assert_eq!(c["sub"], "system:serviceaccount:default:default");
        // RS256 signs with a 2048-bit key: 256 bytes, 342 base64url characters.
        assert_eq!(t.rsplit('.').next().unwrap().len(), 342);
    }

    #[test]
    fn requested_tokens_last_what_was_asked() {
        let aud = vec!["vault".to_string()];
        let t = issue(&Request {
            namespace: "ns",
            account: ("app", "u"),
            pod: None,
            secret: None,
            node: None,
            audiences: &aud,
            issued_at: 100,
            expiration_seconds: KUBELET_EXPIRATION_SECONDS,
        });
        let c = claims(&t);
        assert_eq!(c["exp"], 100 + 3607);
        assert!(c["kubernetes.io"].get("warnafter").is_none());
        assert_eq!(c["aud"], json!(["vault"]));
    }
}
