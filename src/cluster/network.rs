//! Getting a TCP connection to a pod: URL parsing, DNS, and kube-proxy's Service handling (iptables mode:
//! each new connection to a ClusterIP picks one ready endpoint uniformly at random; a Service without
//! ready endpoints REJECTs, so clients see "connection refused"). Headless names resolve to pod IPs
//! directly; CoreDNS's `loadbalance` shuffles them and the client takes the first.

use super::dns::{self, Lookup};
use super::kubelet::{ApiView, Rng};
use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub struct Url {
    pub scheme: String,
    pub host: String,
    pub port: u16,
    /// Path with query, at least `/`.
    pub path: String,
}

/// Parses what curl accepts: `http://h:p/x`, `h:p/x`, `h`.
pub fn parse_url(text: &str) -> Result<Url, String> {
    let (scheme, rest) = match text.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("http".to_string(), text),
    };
    if scheme != "http" && scheme != "https" {
        return Err(format!("curl: (1) Protocol \"{scheme}\" not supported"));
    }
    let (hostport, path) = match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => (&rest[..i], rest[i..].to_string()),
        Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse().map_err(|_| {
                "curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535".to_string()
            })?,
        ),
        None => (hostport, if scheme == "https" { 443 } else { 80 }),
    };
    if host.is_empty() {
        return Err("curl: (3) URL rejected: No host part in the URL".into());
    }
    Ok(Url { scheme, host: host.to_string(), port, path })
}

/// Where a connection ends up.
#[derive(Clone, Debug, PartialEq)]
pub struct Dest {
    pub ip: String,
    pub port: u16,
    /// The Service that carried it, for the UI (`namespace/name`).
    pub via_service: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RouteError {
    /// DNS failed.
    Resolve,
    /// Nothing accepts the connection (no ready endpoints, nothing listening).
    Refused { ip: String },
    /// Packets go nowhere (a ClusterIP port the Service does not define).
    Timeout { ip: String },
}

fn service_by_ip(api: &dyn ApiView, ip: &str) -> Option<Value> {
    api.list("Service", None).into_iter().find(|s| s.pointer("/spec/clusterIP").and_then(Value::as_str) == Some(ip))
}

/// Resolves `host` from a client in `namespace` at `now` (through CoreDNS's cache) and, for a ClusterIP, lets
/// kube-proxy pick an endpoint.
pub fn route(
    api: &dyn ApiView,
    (cache, now): (&mut dns::Cache, u64),
    namespace: &str,
    host: &str,
    port: u16,
    rng: &mut Rng,
) -> Result<Dest, RouteError> {
    let ip = match dns::lookup_cached(api, cache, host, namespace, now) {
        Lookup::Found { ips, .. } => {
            if ips.len() > 1 {
                ips[rng.below(ips.len() as u64) as usize].clone()
            } else {
                ips[0].clone()
            }
        }
        _ => return Err(RouteError::Resolve),
    };
    let Some(svc) = service_by_ip(api, &ip) else { return Ok(Dest { ip, port, via_service: None }) };
    let ns = svc.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
    let name = svc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
    let Some(sp) = svc
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .and_then(|ps| ps.iter().find(|p| p.get("port").and_then(Value::as_u64) == Some(port as u64)).cloned())
    else {
        return Err(RouteError::Timeout { ip });
    };
    let port_name = sp.get("name").and_then(Value::as_str).unwrap_or("").to_string();
    let ready: Vec<dns::Endpoint> = dns::service_endpoints(api, &svc).into_iter().filter(|e| e.ready).collect();
    if ready.is_empty() {
        return Err(RouteError::Refused { ip });
    }
    let ep = &ready[rng.below(ready.len() as u64) as usize];
    let target = ep
        .ports
        .iter()
        .find(|(n, _)| *n == port_name)
        .map(|(_, p)| *p)
        .or_else(|| sp.get("targetPort").and_then(Value::as_u64).map(|p| p as u16))
        .unwrap_or(port);
    Ok(Dest { ip: ep.ip.clone(), port: target, via_service: Some(format!("{ns}/{name}")) })
}

/// HTTP reason phrases for status lines.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_as_curl_does() {
        let u = parse_url("web-0.nginx").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("web-0.nginx", 80, "/"));
        let u = parse_url("http://10.244.0.5:5000/visits").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("10.244.0.5", 5000, "/visits"));
        assert!(parse_url("ftp://x").is_err());
    }
}
