//! Cluster DNS as CoreDNS's kubernetes plugin answers it (plugin/kubernetes/kubernetes.go `findServices`,
//! `endpointHostname`; object/endpoint.go), plus the resolver's search path.
//!
//! - `svc.ns.svc.cluster.local`: the ClusterIP; for a headless Service the IPs of its ready endpoints.
//! - `host.svc.ns.svc.cluster.local`: the ready endpoint whose hostname (or dashed IP) is `host`. CoreDNS
//!   answers this for any Service, headless or not (`svc.Headless() || r.endpoint != ""`), which is why the
//!   lab's `nslookup <pod>.<ClusterIP service>` works.
//! - `a-b-c-d.ns.pod.cluster.local`: `pods insecure` echoes the IP.
//! - Only ready endpoints are published (no `publishNotReadyAddresses` unless the Service sets it).
//!
//! Names outside the cluster zone get NXDOMAIN: the simulated cluster has no upstream resolver.
//!
//! Answers come straight from the kubernetes plugin's view of the API, never from CoreDNS's cache: kubeadm's
//! Corefile (the `coredns` ConfigMap, `system.rs`) has `cache 30 { disable success cluster.local; disable denial
//! cluster.local }` since v1.32 (kubernetes/kubernetes#128359, cmd/kubeadm/app/phases/addons/dns/manifests.go,
//! CHANGELOG-1.32 "added disable success and disable denial"), and minikube only adds `log` and a `hosts` block
//! (pkg/minikube/node/start.go `addCoreDNSEntry`). So a pod's name resolves as soon as its endpoint is ready,
//! and an NXDOMAIN asked for before that is not kept.

use super::kubelet::ApiView;
use serde_json::Value;

pub const CLUSTER_DOMAIN: &str = "cluster.local";
/// ClusterIP of `kube-dns` in kube-system.
pub const DNS_IP: &str = "10.96.0.10";
pub const NDOTS: usize = 5;

/// One address behind a Service.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub ip: String,
    pub hostname: Option<String>,
    pub ready: bool,
    /// (port name, port number)
    pub ports: Vec<(String, u16)>,
}

fn str_at<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// A Service's endpoints: from its EndpointSlices when the cluster has them, else its Endpoints object,
/// else computed from the pods its selector matches (what the endpoint controllers would publish:
/// hostname when `spec.hostname` is set and `spec.subdomain` names this Service — ShouldSetHostname).
pub fn service_endpoints(api: &dyn ApiView, svc: &Value) -> Vec<Endpoint> {
    let ns = str_at(svc, "/metadata/namespace");
    let name = str_at(svc, "/metadata/name");
    let slices: Vec<Value> = api
        .list("EndpointSlice", Some(ns))
        .into_iter()
        .filter(|s| str_at(s, "/metadata/labels/kubernetes.io~1service-name") == name)
        .collect();
    if !slices.is_empty() {
        let mut out = Vec::new();
        for sl in &slices {
            let ports: Vec<(String, u16)> = sl
                .get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| (str_at(p, "/name").to_string(), p.get("port").and_then(Value::as_u64).unwrap_or(0) as u16))
                .collect();
            for ep in sl.get("endpoints").and_then(Value::as_array).into_iter().flatten() {
                // endpointsliceReady: a nil ready condition counts as ready.
                let ready = ep.pointer("/conditions/ready").and_then(Value::as_bool).unwrap_or(true);
                let hostname = ep.get("hostname").and_then(Value::as_str).map(String::from);
                for a in ep.get("addresses").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(ip) = a.as_str() {
                        out.push(Endpoint { ip: ip.into(), hostname: hostname.clone(), ready, ports: ports.clone() });
                    }
                }
            }
        }
        return out;
    }
    if let Some(eps) = api.get("Endpoints", ns, name) {
        let mut out = Vec::new();
        for subset in eps.get("subsets").and_then(Value::as_array).into_iter().flatten() {
            let ports: Vec<(String, u16)> = subset
                .get("ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| (str_at(p, "/name").to_string(), p.get("port").and_then(Value::as_u64).unwrap_or(0) as u16))
                .collect();
            for (key, ready) in [("addresses", true), ("notReadyAddresses", false)] {
                for a in subset.get(key).and_then(Value::as_array).into_iter().flatten() {
                    out.push(Endpoint {
                        ip: str_at(a, "/ip").into(),
                        hostname: a.get("hostname").and_then(Value::as_str).map(String::from),
                        ready,
                        ports: ports.clone(),
                    });
                }
            }
        }
        return out;
    }
    endpoints_from_pods(api, svc)
}

fn endpoints_from_pods(api: &dyn ApiView, svc: &Value) -> Vec<Endpoint> {
    let ns = str_at(svc, "/metadata/namespace");
    let name = str_at(svc, "/metadata/name");
    let Some(selector) = svc.pointer("/spec/selector").and_then(Value::as_object) else { return Vec::new() };
    if selector.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for pod in api.list("Pod", Some(ns)) {
        let labels = pod.pointer("/metadata/labels").and_then(Value::as_object);
        let matches = selector.iter().all(|(k, v)| labels.and_then(|l| l.get(k)) == Some(v));
        let ip = str_at(&pod, "/status/podIP");
        if !matches || ip.is_empty() || pod.pointer("/metadata/deletionTimestamp").is_some_and(|d| !d.is_null()) {
            continue;
        }
        let ready = pod
            .pointer("/status/conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| str_at(c, "/type") == "Ready" && str_at(c, "/status") == "True");
        let hostname = (!str_at(&pod, "/spec/hostname").is_empty() && str_at(&pod, "/spec/subdomain") == name)
            .then(|| str_at(&pod, "/spec/hostname").to_string());
        let mut ports = Vec::new();
        for sp in svc.pointer("/spec/ports").and_then(Value::as_array).into_iter().flatten() {
            let target = sp.get("targetPort").or_else(|| sp.get("port"));
            let port = match target {
                Some(Value::Number(n)) => n.as_u64().unwrap_or(0) as u16,
                Some(Value::String(pn)) => pod
                    .pointer("/spec/containers")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .flat_map(|c| c.get("ports").and_then(Value::as_array).cloned().unwrap_or_default())
                    .find(|p| str_at(p, "/name") == pn)
                    .and_then(|p| p.get("containerPort").and_then(Value::as_u64))
                    .unwrap_or(0) as u16,
                _ => 0,
            };
            ports.push((str_at(sp, "/name").to_string(), port));
        }
        out.push(Endpoint { ip: ip.into(), hostname, ready, ports });
    }
    out
}

fn publishes(svc: &Value, ep: &Endpoint) -> bool {
    ep.ready || svc.pointer("/spec/publishNotReadyAddresses").and_then(Value::as_bool) == Some(true)
}

fn is_headless(svc: &Value) -> bool {
    str_at(svc, "/spec/clusterIP") == "None"
}

/// What the server answers for one fully qualified name.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    A(Vec<String>),
    /// The name exists but has no A record (a headless Service without ready endpoints).
    NoData,
    NxDomain,
}

/// CoreDNS's answer for an A query on a fully qualified name (trailing dot optional).
pub fn answer(api: &dyn ApiView, fqdn: &str) -> Answer {
    let name = fqdn.trim_end_matches('.').to_ascii_lowercase();
    let Some(rest) = name.strip_suffix(&format!(".{CLUSTER_DOMAIN}")) else { return Answer::NxDomain };
    let labels: Vec<&str> = rest.split('.').collect();
    match labels.as_slice() {
        [ip, _ns, "pod"] => {
            let dotted = ip.replace('-', ".");
            if dotted.split('.').count() == 4 && dotted.split('.').all(|o| o.parse::<u8>().is_ok()) {
                Answer::A(vec![dotted])
            } else {
                Answer::NxDomain
            }
        }
        [svc, ns, "svc"] => match api.get("Service", ns, svc) {
            None => Answer::NxDomain,
            Some(s) if is_headless(&s) => {
                let ips: Vec<String> =
                    service_endpoints(api, &s).into_iter().filter(|e| publishes(&s, e)).map(|e| e.ip).collect();
                if ips.is_empty() {
                    Answer::NoData
                } else {
                    Answer::A(dedup(ips))
                }
            }
            Some(s) => match str_at(&s, "/spec/clusterIP") {
                "" => Answer::NoData,
                ip => Answer::A(vec![ip.to_string()]),
            },
        },
        [host, svc, ns, "svc"] => match api.get("Service", ns, svc) {
            None => Answer::NxDomain,
            Some(s) => {
                let ips: Vec<String> = service_endpoints(api, &s)
                    .into_iter()
                    .filter(|e| publishes(&s, e))
                    .filter(|e| e.hostname.as_deref().unwrap_or(&e.ip.replace('.', "-")) == *host)
                    .map(|e| e.ip)
                    .collect();
                if ips.is_empty() {
                    Answer::NxDomain
                } else {
                    Answer::A(dedup(ips))
                }
            }
        },
        _ => Answer::NxDomain,
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// The search list of a pod in `namespace` (ClusterFirst).
pub fn search_path(namespace: &str) -> Vec<String> {
    vec![format!("{namespace}.svc.{CLUSTER_DOMAIN}"), format!("svc.{CLUSTER_DOMAIN}"), CLUSTER_DOMAIN.to_string()]
}

/// The result of resolving a name as a client with a search path.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    Found { fqdn: String, ips: Vec<String> },
    NoData { fqdn: String },
    NxDomain,
}

/// CoreDNS's cache plugin in front of the kubernetes plugin (one for the cluster: minikube runs one CoreDNS
/// replica). With kubeadm's Corefile it stores nothing the model answers: `disable success cluster.local` and
/// `disable denial cluster.local` make plugin/cache/cache.go `WriteMsg` return before storing any answer in the
/// cluster zone (`pexcept`/`nexcept`), and names outside it would be forwarded upstream, which the model lacks
/// (they get NXDOMAIN, not cached either). Kept as the one place a pod's query passes through.
#[derive(Clone, Debug, Default)]
pub struct Cache;

impl Cache {
    /// The answer a client gets at `now`.
    pub fn answer(&mut self, api: &dyn ApiView, fqdn: &str, _now: u64) -> Answer {
        answer(api, &fqdn.trim_end_matches('.').to_ascii_lowercase())
    }
}

/// Resolves `name` the way the resolver does with `options ndots:5`: names with fewer dots try the search
/// list first, then the name itself; a trailing dot means absolute. Straight from the kubernetes plugin, without
/// the cache (`lookup_cached` is what pods see).
pub fn lookup(api: &dyn ApiView, name: &str, namespace: &str) -> Lookup {
    resolve(name, namespace, |fqdn| answer(api, fqdn))
}

/// `lookup` as a pod sees it at `now`: every query the search path makes goes through CoreDNS's cache.
pub fn lookup_cached(api: &dyn ApiView, cache: &mut Cache, name: &str, namespace: &str, now: u64) -> Lookup {
    resolve(name, namespace, |fqdn| cache.answer(api, fqdn, now))
}

fn resolve(name: &str, namespace: &str, mut ask: impl FnMut(&str) -> Answer) -> Lookup {
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return Lookup::Found { fqdn: name.to_string(), ips: vec![name.to_string()] };
    }
    let mut candidates = Vec::new();
    if let Some(abs) = name.strip_suffix('.') {
        candidates.push(abs.to_string());
    } else {
        let dots = name.matches('.').count();
        let searched = search_path(namespace).into_iter().map(|d| format!("{name}.{d}"));
        if dots >= NDOTS {
            candidates.push(name.to_string());
            candidates.extend(searched);
        } else {
            candidates.extend(searched);
            candidates.push(name.to_string());
        }
    }
    let mut nodata = None;
    for c in candidates {
        match ask(&c) {
            Answer::A(ips) => return Lookup::Found { fqdn: c, ips },
            Answer::NoData if nodata.is_none() => nodata = Some(c),
            _ => {}
        }
    }
    match nodata {
        Some(fqdn) => Lookup::NoData { fqdn },
        None => Lookup::NxDomain,
    }
}

/// PTR: the name CoreDNS gives an IP (a Service's ClusterIP or a ready endpoint).
pub fn reverse(api: &dyn ApiView, ip: &str) -> Option<String> {
    for svc in api.list("Service", None) {
        let ns = str_at(&svc, "/metadata/namespace");
        let name = str_at(&svc, "/metadata/name");
        if str_at(&svc, "/spec/clusterIP") == ip {
            return Some(format!("{name}.{ns}.svc.{CLUSTER_DOMAIN}"));
        }
        for e in service_endpoints(api, &svc) {
            if e.ip == ip && publishes(&svc, &e) {
                let host = e.hostname.clone().unwrap_or_else(|| ip.replace('.', "-"));
                return Some(format!("{host}.{name}.{ns}.svc.{CLUSTER_DOMAIN}"));
            }
        }
    }
    None
}
