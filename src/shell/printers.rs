//! kubectl's human-readable output as pure functions over Kubernetes-shaped JSON objects: the column sets and
//! cells of kubernetes/kubernetes `pkg/printers/internalversion/printers.go`, apimachinery's
//! `duration.HumanDuration`, and cli-runtime's tabwriter (minwidth 6, padding 3, last column unpadded).

use serde_json::Value;

use super::kinds::Resource;

/// Go's `duration.HumanDuration` for a duration in milliseconds (k8s.io/apimachinery/pkg/util/duration).
pub fn human_duration(ms: i64) -> String {
    // Go truncates toward zero: int(d.Seconds()).
    let seconds = ms / 1000;
    if seconds < -1 {
        return "<invalid>".into();
    } else if seconds < 0 {
        return "0s".into();
    } else if seconds < 60 * 2 {
        return format!("{seconds}s");
    }
    let minutes = seconds / 60;
    if minutes < 10 {
        let s = seconds % 60;
        return if s == 0 { format!("{minutes}m") } else { format!("{minutes}m{s}s") };
    } else if minutes < 60 * 3 {
        return format!("{minutes}m");
    }
    let hours = seconds / 3600;
    if hours < 8 {
        let m = minutes % 60;
        if m == 0 {
            format!("{hours}h")
        } else {
            format!("{hours}h{m}m")
        }
    } else if hours < 48 {
        format!("{hours}h")
    } else if hours < 24 * 8 {
        let h = hours % 24;
        if h == 0 {
            format!("{}d", hours / 24)
        } else {
            format!("{}d{h}h", hours / 24)
        }
    } else if hours < 24 * 365 * 2 {
        format!("{}d", hours / 24)
    } else if hours < 24 * 365 * 8 {
        let dy = (hours / 24) % 365;
        if dy == 0 {
            format!("{}y", hours / 24 / 365)
        } else {
            format!("{}y{dy}d", hours / 24 / 365)
        }
    } else {
        format!("{}y", hours / 24 / 365)
    }
}

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses an RFC 3339 timestamp (`2025-03-15T17:03:35Z`, optional fraction and offset) to Unix milliseconds.
pub fn parse_time(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || (b[10] != b'T' && b[10] != b't') || b[13] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, sec) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &s[19..];
    let mut ms = 0;
    if let Some(f) = rest.strip_prefix('.') {
        let digits: String = f.chars().take_while(|c| c.is_ascii_digit()).collect();
        rest = &f[digits.len()..];
        let padded = format!("{digits:0<3}");
        ms = padded[..3].parse::<i64>().ok()?;
    }
    let offset = match rest {
        "Z" | "z" => 0,
        o if o.len() == 6 => {
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (o[1..3].parse::<i64>().ok()? * 60 + o[4..6].parse::<i64>().ok()?) * 60
        }
        _ => return None,
    };
    Some(((days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) - offset) * 1000 + ms)
}

/// Unix milliseconds → `2025-03-15T17:03:35Z` (what the API server writes).
pub fn format_rfc3339(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86400));
    let t = secs.rem_euclid(86400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", t / 3600, t / 60 % 60, t % 60)
}

pub(crate) const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
pub(crate) const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Go's `time.ANSIC` layout (`Mon Jan _2 15:04:05 2006`) in UTC, as Helm prints LAST DEPLOYED.
pub fn format_ansic(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let days = secs.div_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let t = secs.rem_euclid(86400);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} {y}",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[m as usize - 1],
        d,
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Go's `Time.String()` for a UTC time (`2025-03-15 17:03:35.5 +0000 UTC`), as `helm list` prints UPDATED.
pub fn format_go_time(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86400));
    let t = secs.rem_euclid(86400);
    let frac = unix_ms.rem_euclid(1000);
    let frac = if frac == 0 { String::new() } else { format!(".{frac:03}").trim_end_matches('0').to_string() };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}{frac} +0000 UTC", t / 3600, t / 60 % 60, t % 60)
}

/// cli-runtime's tabwriter: every cell but the last of a line is padded to its column's width, which is the
/// widest cell plus 3, and at least 6. Lines with fewer cells end their column block (Go's text/tabwriter).
pub fn tabwrite(lines: &[Vec<String>]) -> String {
    tabwrite_with(lines, 6, 3)
}

pub fn tabwrite_with(lines: &[Vec<String>], minwidth: usize, padding: usize) -> String {
    let ncols = lines.iter().map(|l| l.len()).max().unwrap_or(0);
    let mut widths = vec![vec![0usize; ncols]; lines.len()];
    for col in 0..ncols {
        let mut i = 0;
        while i < lines.len() {
            if lines[i].len() <= col + 1 {
                i += 1;
                continue;
            }
            // a block of consecutive lines that have a cell in this column (not counting the last cell)
            let start = i;
            let mut width = minwidth;
            while i < lines.len() && lines[i].len() > col + 1 {
                width = width.max(lines[i][col].chars().count() + padding);
                i += 1;
            }
            for w in widths.iter_mut().take(i).skip(start) {
                w[col] = width;
            }
        }
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        let mut s = String::new();
        for (c, cell) in line.iter().enumerate() {
            s.push_str(cell);
            if c + 1 < line.len() {
                for _ in cell.chars().count()..widths[i][c] {
                    s.push(' ');
                }
            }
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

/// What a table should include, as kubectl's print flags say.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub wide: bool,
    /// Unix milliseconds "now" for AGE.
    pub now: i64,
    /// Print `kind/name` in the NAME column (several kinds requested).
    pub with_kind: bool,
    /// `-A`: a NAMESPACE column first.
    pub with_namespace: bool,
    pub show_labels: bool,
    pub no_headers: bool,
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    get(v, path).and_then(Value::as_str).unwrap_or("")
}

fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut cur = v;
    for p in path {
        cur = match cur {
            Value::Object(m) => m.get(*p)?,
            Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn i(v: &Value, path: &[&str]) -> i64 {
    get(v, path).and_then(Value::as_i64).unwrap_or(0)
}

fn arr<'a>(v: &'a Value, path: &[&str]) -> &'a [Value] {
    get(v, path).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// `translateTimestampSince`: `<unknown>` when unset.
pub fn age(ts: &str, now: i64) -> String {
    match parse_time(ts) {
        Some(t) => human_duration(now - t),
        None => "<unknown>".into(),
    }
}

fn created(obj: &Value, o: &Options) -> String {
    age(s(obj, &["metadata", "creationTimestamp"]), o.now)
}

/// `labels.FormatLabels`: sorted `k=v` joined by commas, `<none>` when empty.
pub fn format_labels(m: Option<&Value>) -> String {
    let Some(Value::Object(m)) = m else { return "<none>".into() };
    if m.is_empty() {
        return "<none>".into();
    }
    let mut kv: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or(""))).collect();
    crate::sort::sort(&mut kv);
    kv.join(",")
}

/// `metav1.FormatLabelSelector`: the selector as `LabelSelectorAsSelector(...).String()` writes it. Requirements
/// are sorted by key alone (apimachinery labels/selector.go `Add`, a stable sort for the few a selector has), the
/// values of `in`/`notin` sorted on output (`safeSort`); an unknown operator makes the conversion fail: `<error>`.
pub fn format_selector(sel: Option<&Value>) -> String {
    let Some(sel) = sel.filter(|s| !s.is_null()) else { return "<none>".into() };
    let mut reqs: Vec<(String, String)> = Vec::new();
    if let Some(Value::Object(m)) = sel.get("matchLabels") {
        for (k, v) in m {
            reqs.push((k.clone(), format!("{k}={}", v.as_str().unwrap_or(""))));
        }
    }
    for e in arr(sel, &["matchExpressions"]) {
        let key = s(e, &["key"]);
        let mut vals: Vec<&str> = arr(e, &["values"]).iter().filter_map(Value::as_str).collect();
        crate::sort::sort(&mut vals);
        let text = match s(e, &["operator"]) {
            "In" => format!("{key} in ({})", vals.join(",")),
            "NotIn" => format!("{key} notin ({})", vals.join(",")),
            "Exists" => key.to_string(),
            "DoesNotExist" => format!("!{key}"),
            _ => return "<error>".into(),
        };
        reqs.push((key.to_string(), text));
    }
    crate::sort::sort_by(&mut reqs, |a, b| a.0.cmp(&b.0));
    if reqs.is_empty() {
        "<none>".into()
    } else {
        reqs.into_iter().map(|r| r.1).collect::<Vec<_>>().join(",")
    }
}

fn layout_containers(containers: &[Value]) -> (String, String) {
    let names: Vec<&str> = containers.iter().map(|c| s(c, &["name"])).collect();
    let images: Vec<&str> = containers.iter().map(|c| s(c, &["image"])).collect();
    (names.join(","), images.join(","))
}

/// `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that fixed order.
pub fn access_modes(modes: &[Value]) -> String {
    let has = |m: &str| modes.iter().any(|v| v.as_str() == Some(m));
    let mut out = Vec::new();
    for (long, short) in
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
    {
        if has(long) {
            out.push(short);
        }
    }
    out.join(",")
}

/// Column headers for a resource (upper-cased column names), wide columns included when asked.
pub fn headers(kind: &str, wide: bool) -> Vec<&'static str> {
    let (base, extra): (&[&str], &[&str]) = match kind {
        "Pod" => {
            (&["NAME", "READY", "STATUS", "RESTARTS", "AGE"], &["IP", "NODE", "NOMINATED NODE", "READINESS GATES"])
        }
        "StatefulSet" => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        "Deployment" => (&["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        "ReplicaSet" => (&["NAME", "DESIRED", "CURRENT", "READY", "AGE"], &["CONTAINERS", "IMAGES", "SELECTOR"]),
        "DaemonSet" => (
            &["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        "Service" => (&["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], &["SELECTOR"]),
        "PersistentVolumeClaim" => (
            &["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"],
            &["VOLUMEMODE"],
        ),
        "PersistentVolume" => (
            &[
                "NAME",
                "CAPACITY",
                "ACCESS MODES",
                "RECLAIM POLICY",
                "STATUS",
                "CLAIM",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "REASON",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        "Endpoints" => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        "EndpointSlice" => (&["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], &[]),
        "Event" => (&["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], &[]),
        "ControllerRevision" => (&["NAME", "CONTROLLER", "REVISION", "AGE"], &[]),
        "ConfigMap" => (&["NAME", "DATA", "AGE"], &[]),
        "Secret" => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        "ServiceAccount" => (&["NAME", "SECRETS", "AGE"], &[]),
        "Node" => (
            &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            &["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"],
        ),
        "Namespace" => (&["NAME", "STATUS", "AGE"], &[]),
        "Lease" => (&["NAME", "HOLDER", "AGE"], &[]),
        "PodDisruptionBudget" => (&["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], &[]),
        "StorageClass" => {
            (&["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], &[])
        }
        _ => (&["NAME", "AGE"], &[]),
    };
    let mut h = base.to_vec();
    if wide {
        if kind == "Event" {
            // the wide event table interleaves its extra columns (printEvent's options.Wide branch)
            return vec![
                "LAST SEEN",
                "TYPE",
                "REASON",
                "OBJECT",
                "SUBOBJECT",
                "SOURCE",
                "MESSAGE",
                "FIRST SEEN",
                "COUNT",
                "NAME",
            ];
        }
        h.extend_from_slice(extra);
    }
    h
}

/// One row's cells, in [`headers`] order.
pub fn cells(kind: &str, obj: &Value, o: &Options) -> Vec<String> {
    let name = s(obj, &["metadata", "name"]).to_string();
    match kind {
        "Pod" => pod_cells(obj, o),
        "StatefulSet" => {
            let mut c =
                vec![name, format!("{}/{}", i(obj, &["status", "readyReplicas"]), replicas(obj)), created(obj, o)];
            if o.wide {
                let (n, im) = layout_containers(arr(obj, &["spec", "template", "spec", "containers"]));
                c.extend([n, im]);
            }
            c
        }
        "Deployment" => {
            let mut c = vec![
                name,
                format!("{}/{}", i(obj, &["status", "readyReplicas"]), replicas(obj)),
                i(obj, &["status", "updatedReplicas"]).to_string(),
                i(obj, &["status", "availableReplicas"]).to_string(),
                created(obj, o),
            ];
            if o.wide {
                let (n, im) = layout_containers(arr(obj, &["spec", "template", "spec", "containers"]));
                c.extend([n, im, format_selector(get(obj, &["spec", "selector"]))]);
            }
            c
        }
        "ReplicaSet" => {
            let mut c = vec![
                name,
                replicas(obj).to_string(),
                i(obj, &["status", "replicas"]).to_string(),
                i(obj, &["status", "readyReplicas"]).to_string(),
                created(obj, o),
            ];
            if o.wide {
                let (n, im) = layout_containers(arr(obj, &["spec", "template", "spec", "containers"]));
                c.extend([n, im, format_selector(get(obj, &["spec", "selector"]))]);
            }
            c
        }
        // printDaemonSet.
        "DaemonSet" => {
            let mut c = vec![name];
            for f in [
                "desiredNumberScheduled",
                "currentNumberScheduled",
                "numberReady",
                "updatedNumberScheduled",
                "numberAvailable",
            ] {
                c.push(i(obj, &["status", f]).to_string());
            }
            c.push(format_labels(get(obj, &["spec", "template", "spec", "nodeSelector"])));
            c.push(created(obj, o));
            if o.wide {
                let (n, im) = layout_containers(arr(obj, &["spec", "template", "spec", "containers"]));
                c.extend([n, im, format_selector(get(obj, &["spec", "selector"]))]);
            }
            c
        }
        "Service" => {
            let ips = arr(obj, &["spec", "clusterIPs"]);
            let cluster_ip = match ips.first().and_then(Value::as_str) {
                Some(ip) => ip.to_string(),
                None => match s(obj, &["spec", "clusterIP"]) {
                    "" => "<none>".to_string(),
                    ip => ip.to_string(),
                },
            };
            let ty = s(obj, &["spec", "type"]);
            let external: Vec<&str> = arr(obj, &["spec", "externalIPs"]).iter().filter_map(Value::as_str).collect();
            let external = match ty {
                "ClusterIP" | "NodePort" if !external.is_empty() => external.join(","),
                "ClusterIP" | "NodePort" => "<none>".into(),
                "LoadBalancer" => {
                    let mut lb: Vec<&str> = arr(obj, &["status", "loadBalancer", "ingress"])
                        .iter()
                        .filter_map(|g| g.get("ip").or(g.get("hostname")).and_then(Value::as_str))
                        .collect();
                    crate::sort::sort(&mut lb);
                    lb.dedup();
                    let mut r = lb.join(",");
                    if !o.wide && r.len() > 16 {
                        r = format!("{}...", &r[..13]);
                    }
                    let mut all: Vec<String> = if r.is_empty() { vec![] } else { vec![r] };
                    all.extend(external.iter().map(|s| s.to_string()));
                    if all.is_empty() {
                        "<pending>".into()
                    } else {
                        all.join(",")
                    }
                }
                "ExternalName" => s(obj, &["spec", "externalName"]).to_string(),
                _ => "<unknown>".into(),
            };
            let ports: Vec<String> = arr(obj, &["spec", "ports"])
                .iter()
                .map(|p| {
                    let proto = match s(p, &["protocol"]) {
                        "" => "TCP",
                        x => x,
                    };
                    let np = i(p, &["nodePort"]);
                    if np > 0 {
                        format!("{}:{np}/{proto}", i(p, &["port"]))
                    } else {
                        format!("{}/{proto}", i(p, &["port"]))
                    }
                })
                .collect();
            let ports = if ports.is_empty() { "<none>".into() } else { ports.join(",") };
            let mut c = vec![name, ty.to_string(), cluster_ip, external, ports, created(obj, o)];
            if o.wide {
                c.push(format_labels(get(obj, &["spec", "selector"])));
            }
            c
        }
        "PersistentVolumeClaim" => {
            let phase = if get(obj, &["metadata", "deletionTimestamp"]).is_some() {
                "Terminating"
            } else {
                s(obj, &["status", "phase"])
            };
            let volume = s(obj, &["spec", "volumeName"]).to_string();
            let (capacity, modes) = if volume.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    s(obj, &["status", "capacity", "storage"]).to_string(),
                    access_modes(arr(obj, &["status", "accessModes"])),
                )
            };
            let vac = match get(obj, &["spec", "volumeAttributesClassName"]).and_then(Value::as_str) {
                Some(v) => v.to_string(),
                None => "<unset>".into(),
            };
            let mut c = vec![name, phase.to_string(), volume, capacity, modes, pvc_class(obj), vac, created(obj, o)];
            if o.wide {
                c.push(match s(obj, &["spec", "volumeMode"]) {
                    "" => "<unset>".into(),
                    m => m.to_string(),
                });
            }
            c
        }
        "PersistentVolume" => {
            let claim = match get(obj, &["spec", "claimRef"]) {
                Some(r) => format!("{}/{}", s(r, &["namespace"]), s(r, &["name"])),
                None => String::new(),
            };
            let phase = if get(obj, &["metadata", "deletionTimestamp"]).is_some() {
                "Terminating"
            } else {
                s(obj, &["status", "phase"])
            };
            let vac = match get(obj, &["spec", "volumeAttributesClassName"]).and_then(Value::as_str) {
                Some(v) => v.to_string(),
                None => "<unset>".into(),
            };
            let mut c = vec![
                name,
                s(obj, &["spec", "capacity", "storage"]).to_string(),
                access_modes(arr(obj, &["spec", "accessModes"])),
                s(obj, &["spec", "persistentVolumeReclaimPolicy"]).to_string(),
                phase.to_string(),
                claim,
                s(obj, &["spec", "storageClassName"]).to_string(),
                vac,
                s(obj, &["status", "reason"]).to_string(),
                created(obj, o),
            ];
            if o.wide {
                c.push(match s(obj, &["spec", "volumeMode"]) {
                    "" => "<unset>".into(),
                    m => m.to_string(),
                });
            }
            c
        }
        "Endpoints" => vec![name, format_endpoints(obj), created(obj, o)],
        "EndpointSlice" => {
            let ports: Vec<String> = arr(obj, &["ports"])
                .iter()
                .map(|p| match p.get("port").and_then(Value::as_i64) {
                    Some(n) => n.to_string(),
                    None => p.get("name").and_then(Value::as_str).unwrap_or("*").to_string(),
                })
                .collect();
            let addrs: Vec<String> = arr(obj, &["endpoints"])
                .iter()
                .flat_map(|e| arr(e, &["addresses"]).iter().filter_map(Value::as_str).map(str::to_string))
                .collect();
            vec![
                name,
                s(obj, &["addressType"]).to_string(),
                list_with_more(&ports),
                list_with_more(&addrs),
                created(obj, o),
            ]
        }
        "Event" => event_cells(obj, o),
        "ControllerRevision" => {
            let controller = arr(obj, &["metadata", "ownerReferences"])
                .iter()
                .find(|r| r.get("controller").and_then(Value::as_bool) == Some(true))
                .map(|r| {
                    let group = s(r, &["apiVersion"]).rsplit_once('/').map(|(g, _)| g).unwrap_or("");
                    let kind = s(r, &["kind"]).to_lowercase();
                    let gk = if group.is_empty() { kind } else { format!("{kind}.{group}") };
                    format!("{gk}/{}", s(r, &["name"]))
                })
                .unwrap_or_else(|| "<none>".into());
            vec![name, controller, i(obj, &["revision"]).to_string(), created(obj, o)]
        }
        "ConfigMap" => {
            let n = get(obj, &["data"]).and_then(Value::as_object).map_or(0, |m| m.len())
                + get(obj, &["binaryData"]).and_then(Value::as_object).map_or(0, |m| m.len());
            vec![name, n.to_string(), created(obj, o)]
        }
        "Secret" => {
            let n = get(obj, &["data"]).and_then(Value::as_object).map_or(0, |m| m.len());
            vec![name, s(obj, &["type"]).to_string(), n.to_string(), created(obj, o)]
        }
        "ServiceAccount" => vec![name, arr(obj, &["secrets"]).len().to_string(), created(obj, o)],
        "Node" => node_cells(obj, o),
        "Namespace" => vec![name, s(obj, &["status", "phase"]).to_string(), created(obj, o)],
        "Lease" => vec![name, s(obj, &["spec", "holderIdentity"]).to_string(), created(obj, o)],
        // printPodDisruptionBudget: IntOrString's String(), N/A when unset
        "PodDisruptionBudget" => {
            let int_or_string = |f: &str| match get(obj, &["spec", f]) {
                Some(Value::String(t)) => t.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => "N/A".into(),
            };
            let allowed = get(obj, &["status", "disruptionsAllowed"]).and_then(Value::as_i64).unwrap_or(0);
            vec![
                name,
                int_or_string("minAvailable"),
                int_or_string("maxUnavailable"),
                allowed.to_string(),
                created(obj, o),
            ]
        }
        "StorageClass" => {
            let ann = get(obj, &["metadata", "annotations"]);
            let default = ann.is_some_and(|a| {
                a.get("storageclass.kubernetes.io/is-default-class").and_then(Value::as_str) == Some("true")
                    || a.get("storageclass.beta.kubernetes.io/is-default-class").and_then(Value::as_str) == Some("true")
            });
            let n = if default { format!("{name} (default)") } else { name };
            vec![
                n,
                s(obj, &["provisioner"]).to_string(),
                match s(obj, &["reclaimPolicy"]) {
                    "" => "Delete".into(),
                    p => p.to_string(),
                },
                match s(obj, &["volumeBindingMode"]) {
                    "" => "Immediate".into(),
                    p => p.to_string(),
                },
                get(obj, &["allowVolumeExpansion"]).and_then(Value::as_bool).unwrap_or(false).to_string(),
                created(obj, o),
            ]
        }
        _ => vec![name, created(obj, o)],
    }
}

fn replicas(obj: &Value) -> i64 {
    // spec.replicas is defaulted to 1 by the API server; a missing field here means the same.
    get(obj, &["spec", "replicas"]).and_then(Value::as_i64).unwrap_or(1)
}

fn pvc_class(obj: &Value) -> String {
    // helper.GetPersistentVolumeClaimClass: the beta annotation wins over the field.
    if let Some(c) =
        get(obj, &["metadata", "annotations", "volume.beta.kubernetes.io/storage-class"]).and_then(Value::as_str)
    {
        return c.to_string();
    }
    s(obj, &["spec", "storageClassName"]).to_string()
}

fn list_with_more(list: &[String]) -> String {
    const MAX: usize = 3;
    if list.len() > MAX {
        return format!("{} + {} more...", list[..MAX].join(","), list.len() - MAX);
    }
    if list.is_empty() {
        "<unset>".into()
    } else {
        list.join(",")
    }
}

/// printers.go `formatEndpoints` with no port filter: `ip:port` pairs, at most 3, then `+ N more...`.
fn format_endpoints(obj: &Value) -> String {
    let subsets = arr(obj, &["subsets"]);
    if subsets.is_empty() {
        return "<none>".into();
    }
    let mut list = Vec::new();
    let mut count = 0;
    for ss in subsets {
        let addrs = arr(ss, &["addresses"]);
        let ports = arr(ss, &["ports"]);
        if ports.is_empty() {
            for a in addrs {
                count += 1;
                if list.len() < 3 {
                    list.push(s(a, &["ip"]).to_string());
                }
            }
        } else {
            for p in ports {
                for a in addrs {
                    count += 1;
                    if list.len() < 3 {
                        list.push(format!("{}:{}", s(a, &["ip"]), i(p, &["port"])));
                    }
                }
            }
        }
    }
    let ret = list.join(",");
    if count > 3 {
        format!("{ret} + {} more...", count - 3)
    } else {
        ret
    }
}

fn event_cells(obj: &Value, o: &Options) -> Vec<String> {
    let first = match s(obj, &["firstTimestamp"]) {
        "" => age(s(obj, &["eventTime"]), o.now),
        t => age(t, o.now),
    };
    let mut last = match s(obj, &["lastTimestamp"]) {
        "" => first.clone(),
        t => age(t, o.now),
    };
    let mut count = i(obj, &["count"]);
    if let Some(series) = get(obj, &["series"]) {
        last = age(s(series, &["lastObservedTime"]), o.now);
        count = i(series, &["count"]);
    } else if count == 0 {
        count = 1;
    }
    let kind = s(obj, &["involvedObject", "kind"]).to_lowercase();
    let target = match s(obj, &["involvedObject", "name"]) {
        "" => kind,
        n => format!("{kind}/{n}"),
    };
    let msg = s(obj, &["message"]).trim().to_string();
    if o.wide {
        let comp = match s(obj, &["source", "component"]) {
            "" => s(obj, &["reportingComponent"]),
            c => c,
        };
        let host = match s(obj, &["source", "host"]) {
            "" => s(obj, &["reportingInstance"]),
            h => h,
        };
        let source = if host.is_empty() { comp.to_string() } else { format!("{comp}, {host}") };
        vec![
            last,
            s(obj, &["type"]).to_string(),
            s(obj, &["reason"]).to_string(),
            target,
            s(obj, &["involvedObject", "fieldPath"]).to_string(),
            source,
            msg,
            first,
            count.to_string(),
            s(obj, &["metadata", "name"]).to_string(),
        ]
    } else {
        vec![last, s(obj, &["type"]).to_string(), s(obj, &["reason"]).to_string(), target, msg]
    }
}

fn node_cells(obj: &Value, o: &Options) -> Vec<String> {
    let mut status: Vec<String> = Vec::new();
    if let Some(c) = arr(obj, &["status", "conditions"]).iter().find(|c| s(c, &["type"]) == "Ready") {
        status.push(if s(c, &["status"]) == "True" { "Ready".into() } else { "NotReady".into() });
    }
    if status.is_empty() {
        status.push("Unknown".into());
    }
    if get(obj, &["spec", "unschedulable"]).and_then(Value::as_bool) == Some(true) {
        status.push("SchedulingDisabled".into());
    }
    let mut roles: Vec<String> = Vec::new();
    if let Some(Value::Object(l)) = get(obj, &["metadata", "labels"]) {
        for (k, v) in l {
            if let Some(r) = k.strip_prefix("node-role.kubernetes.io/") {
                if !r.is_empty() {
                    roles.push(r.to_string());
                }
            } else if k == "kubernetes.io/role" && v.as_str().is_some_and(|v| !v.is_empty()) {
                roles.push(v.as_str().unwrap_or("").to_string());
            }
        }
    }
    crate::sort::sort(&mut roles);
    roles.dedup();
    let roles = if roles.is_empty() { "<none>".into() } else { roles.join(",") };
    let mut c = vec![
        s(obj, &["metadata", "name"]).to_string(),
        status.join(","),
        roles,
        created(obj, o),
        s(obj, &["status", "nodeInfo", "kubeletVersion"]).to_string(),
    ];
    if o.wide {
        let addr = |t: &str| {
            arr(obj, &["status", "addresses"])
                .iter()
                .find(|a| s(a, &["type"]) == t)
                .map(|a| s(a, &["address"]).to_string())
                .unwrap_or_else(|| "<none>".into())
        };
        let or_unknown = |v: &str| if v.is_empty() { "<unknown>".to_string() } else { v.to_string() };
        c.extend([
            addr("InternalIP"),
            addr("ExternalIP"),
            or_unknown(s(obj, &["status", "nodeInfo", "osImage"])),
            or_unknown(s(obj, &["status", "nodeInfo", "kernelVersion"])),
            or_unknown(s(obj, &["status", "nodeInfo", "containerRuntimeVersion"])),
        ]);
    }
    c
}

/// `printPod`: READY, STATUS (phase/reason, init containers, waiting/terminated reasons from the last
/// container to the first, Terminating), RESTARTS with `(… ago)`, AGE; wide IP/NODE/NOMINATED/READINESS GATES.
fn pod_cells(pod: &Value, o: &Options) -> Vec<String> {
    let mut restarts = 0i64;
    let mut restartable_restarts = 0i64;
    let mut total = arr(pod, &["spec", "containers"]).len();
    let mut ready = 0;
    let mut last_restart: Option<i64> = None;
    let mut last_restartable: Option<i64> = None;
    let phase = s(pod, &["status", "phase"]);
    let mut reason = match s(pod, &["status", "reason"]) {
        "" => phase.to_string(),
        r => r.to_string(),
    };
    for c in arr(pod, &["status", "conditions"]) {
        if s(c, &["type"]) == "PodScheduled" && s(c, &["reason"]) == "SchedulingGated" {
            reason = "SchedulingGated".into();
        }
    }
    let init_specs = arr(pod, &["spec", "initContainers"]);
    let restartable =
        |name: &str| init_specs.iter().any(|c| s(c, &["name"]) == name && s(c, &["restartPolicy"]) == "Always");
    total += init_specs.iter().filter(|c| s(c, &["restartPolicy"]) == "Always").count();
    let finished = |c: &Value| parse_time(s(c, &["lastState", "terminated", "finishedAt"]));
    let mut initializing = false;
    for (idx, c) in arr(pod, &["status", "initContainerStatuses"]).iter().enumerate() {
        restarts += i(c, &["restartCount"]);
        if let Some(t) = finished(c) {
            last_restart = Some(last_restart.map_or(t, |l: i64| l.max(t)));
        }
        let name = s(c, &["name"]);
        if restartable(name) {
            restartable_restarts += i(c, &["restartCount"]);
            if let Some(t) = finished(c) {
                last_restartable = Some(last_restartable.map_or(t, |l: i64| l.max(t)));
            }
        }
        let term = get(c, &["state", "terminated"]);
        let waiting_reason = s(c, &["state", "waiting", "reason"]);
        if term.is_some_and(|t| i(t, &["exitCode"]) == 0) {
            continue;
        } else if restartable(name) && get(c, &["started"]).and_then(Value::as_bool) == Some(true) {
            if get(c, &["ready"]).and_then(Value::as_bool) == Some(true) {
                ready += 1;
            }
            continue;
        } else if let Some(t) = term {
            reason = match s(t, &["reason"]) {
                "" if i(t, &["signal"]) != 0 => format!("Init:Signal:{}", i(t, &["signal"])),
                "" => format!("Init:ExitCode:{}", i(t, &["exitCode"])),
                r => format!("Init:{r}"),
            };
        } else if !waiting_reason.is_empty() && waiting_reason != "PodInitializing" {
            reason = format!("Init:{waiting_reason}");
        } else {
            reason = format!("Init:{idx}/{}", init_specs.len());
        }
        initializing = true;
        break;
    }
    let initialized = arr(pod, &["status", "conditions"])
        .iter()
        .any(|c| s(c, &["type"]) == "Initialized" && s(c, &["status"]) == "True");
    if !initializing || initialized {
        restarts = restartable_restarts;
        last_restart = last_restartable;
        let mut has_running = false;
        for c in arr(pod, &["status", "containerStatuses"]).iter().rev() {
            restarts += i(c, &["restartCount"]);
            if let Some(t) = finished(c) {
                last_restart = Some(last_restart.map_or(t, |l: i64| l.max(t)));
            }
            let waiting = s(c, &["state", "waiting", "reason"]);
            let term = get(c, &["state", "terminated"]);
            if !waiting.is_empty() {
                reason = waiting.to_string();
            } else if let Some(t) = term {
                reason = match s(t, &["reason"]) {
                    "" if i(t, &["signal"]) != 0 => format!("Signal:{}", i(t, &["signal"])),
                    "" => format!("ExitCode:{}", i(t, &["exitCode"])),
                    r => r.to_string(),
                };
            } else if get(c, &["ready"]).and_then(Value::as_bool) == Some(true)
                && get(c, &["state", "running"]).is_some()
            {
                has_running = true;
                ready += 1;
            }
        }
        if reason == "Completed" && has_running {
            let pod_ready = arr(pod, &["status", "conditions"])
                .iter()
                .any(|c| s(c, &["type"]) == "Ready" && s(c, &["status"]) == "True");
            reason = if pod_ready { "Running".into() } else { "NotReady".into() };
        }
    }
    let deleting = get(pod, &["metadata", "deletionTimestamp"]).is_some_and(|v| !v.is_null());
    if deleting && s(pod, &["status", "reason"]) == "NodeLost" {
        reason = "Unknown".into();
    } else if deleting && phase != "Succeeded" && phase != "Failed" {
        reason = "Terminating".into();
    }
    let restarts_str = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(o.now - t)),
        _ => restarts.to_string(),
    };
    let mut c = vec![
        s(pod, &["metadata", "name"]).to_string(),
        format!("{ready}/{total}"),
        reason,
        restarts_str,
        created(pod, o),
    ];
    if o.wide {
        let ip = arr(pod, &["status", "podIPs"])
            .first()
            .map(|p| s(p, &["ip"]).to_string())
            .or_else(|| Some(s(pod, &["status", "podIP"]).to_string()))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "<none>".into());
        let or_none = |v: &str| if v.is_empty() { "<none>".to_string() } else { v.to_string() };
        let gates = arr(pod, &["spec", "readinessGates"]);
        let gates = if gates.is_empty() {
            "<none>".to_string()
        } else {
            let conds = arr(pod, &["status", "conditions"]);
            let t = gates
                .iter()
                .filter(|g| {
                    conds
                        .iter()
                        .find(|c| s(c, &["type"]) == s(g, &["conditionType"]))
                        .is_some_and(|c| s(c, &["status"]) == "True")
                })
                .count();
            format!("{t}/{}", gates.len())
        };
        c.extend([
            ip,
            or_none(s(pod, &["spec", "nodeName"])),
            or_none(s(pod, &["status", "nominatedNodeName"])),
            gates,
        ]);
    }
    c
}

/// A whole table for one resource type: header (unless `no_headers`) and one row per object.
pub fn table(res: &Resource, objs: &[Value], o: &Options) -> Vec<Vec<String>> {
    let mut lines = Vec::new();
    let mut header: Vec<String> = headers(res.kind, o.wide).iter().map(|h| h.to_string()).collect();
    if o.with_namespace && res.namespaced {
        header.insert(0, "NAMESPACE".into());
    }
    if o.show_labels {
        header.push("LABELS".into());
    }
    if !o.no_headers {
        lines.push(header);
    }
    for obj in objs {
        lines.push(row(res, obj, o));
    }
    lines
}

/// One object's row, with the NAMESPACE/kind prefix/LABELS decorations.
pub fn row(res: &Resource, obj: &Value, o: &Options) -> Vec<String> {
    let mut c = cells(res.kind, obj, o);
    let name_col = if res.kind == "Event" { None } else { Some(0) };
    if let (true, Some(n)) = (o.with_kind, name_col) {
        c[n] = format!("{}/{}", res.kind_group(), s(obj, &["metadata", "name"]));
    }
    if o.with_namespace && res.namespaced {
        c.insert(0, s(obj, &["metadata", "namespace"]).to_string());
    }
    if o.show_labels {
        c.push(format_labels(get(obj, &["metadata", "labels"])));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn human_duration_matches_apimachinery() {
        let cases = [
            (0, "0s"),
            (20, "20s"),
            (60, "60s"),
            (119, "119s"),
            (120, "2m"),
            (121, "2m1s"),
            (155, "2m35s"),
            (540, "9m"),
            (599, "9m59s"),
            (601, "10m"),
            (780, "13m"),
            (179 * 60 + 59, "179m"),
            (3 * 3600, "3h"),
            (3 * 3600 + 60, "3h1m"),
            (4 * 3600 + 12 * 60, "4h12m"),
            (8 * 3600, "8h"),
            (25 * 3600, "25h"),
            (47 * 3600 + 59 * 60, "47h"),
            (48 * 3600, "2d"),
            (50 * 3600, "2d2h"),
            ((7 * 24 + 22) * 3600, "7d22h"),
            (9 * 86400, "9d"),
            (364 * 86400, "364d"),
            (730 * 86400, "2y"),
            (800 * 86400, "2y70d"),
            (-1, "0s"),
            (-2, "<invalid>"),
        ];
        for (secs, want) in cases {
            assert_eq!(human_duration(secs * 1000), want, "{secs}s");
        }
    }

    #[test]
    fn times() {
        let t = parse_time("2025-03-15T17:03:35Z").unwrap();
        assert_eq!(t, crate::cluster::EPOCH_UNIX * 1000);
        assert_eq!(format_rfc3339(t), "2025-03-15T17:03:35Z");
        assert_eq!(format_ansic(t), "Sat Mar 15 17:03:35 2025");
        assert_eq!(format_ansic(parse_time("2025-03-16T15:55:01Z").unwrap()), "Sun Mar 16 15:55:01 2025");
        assert_eq!(format_ansic(parse_time("2025-04-03T01:02:03Z").unwrap()), "Thu Apr  3 01:02:03 2025");
        assert_eq!(parse_time("2025-03-15T17:03:35.250+01:00").unwrap(), t - 3600 * 1000 + 250);
        assert_eq!(format_go_time(t + 500), "2025-03-15 17:03:35.5 +0000 UTC");
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn tabwriter_pads_all_but_the_last_column() {
        let t = tabwrite(&[
            vec!["NAME".into(), "READY".into(), "AGE".into()],
            vec!["web".into(), "2/2".into(), "9d".into()],
        ]);
        assert_eq!(t, "NAME   READY   AGE\nweb    2/2     9d\n");
    }

    #[test]
    fn pod_status_reasons() {
        let now = parse_time("2025-03-15T21:15:35Z").unwrap();
        let o = Options { now, ..Default::default() };
        let pod = |status: Value, deleting: bool| {
            let mut p = json!({
                "metadata": {"name": "web-0", "creationTimestamp": "2025-03-15T17:03:35Z"},
                "spec": {"containers": [{"name": "app", "image": "nginx"}]},
                "status": status,
            });
            if deleting {
                p["metadata"]["deletionTimestamp"] = json!("2025-03-15T21:15:30Z");
            }
            p
        };
        let running = json!({"phase": "Running", "containerStatuses": [{"name": "app", "ready": true,
            "restartCount": 1, "state": {"running": {}},
            "lastState": {"terminated": {"finishedAt": "2025-03-15T17:03:35Z", "exitCode": 137}}}]});
        assert_eq!(pod_cells(&pod(running.clone(), false), &o), ["web-0", "1/1", "Running", "1 (4h12m ago)", "4h12m"]);
        assert_eq!(pod_cells(&pod(running, true), &o)[2], "Terminating");
        let creating = json!({"phase": "Pending", "containerStatuses": [{"name": "app", "ready": false,
            "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}}}]});
        assert_eq!(pod_cells(&pod(creating, false), &o)[1..3], ["0/1", "ContainerCreating"]);
        let crash = json!({"phase": "Running", "containerStatuses": [{"name": "app", "ready": false,
            "restartCount": 3, "state": {"waiting": {"reason": "CrashLoopBackOff"}},
            "lastState": {"terminated": {"finishedAt": "2025-03-15T21:15:15Z", "exitCode": 1}}}]});
        assert_eq!(pod_cells(&pod(crash, false), &o)[2..4], ["CrashLoopBackOff", "3 (20s ago)"]);
        let mut init = pod(
            json!({"phase": "Pending", "initContainerStatuses": [
            {"name": "a", "state": {"terminated": {"exitCode": 0}}},
            {"name": "b", "state": {"running": {}}}]}),
            false,
        );
        init["spec"]["initContainers"] = json!([{"name": "a"}, {"name": "b"}]);
        assert_eq!(pod_cells(&init, &o)[2], "Init:1/2");
        let o_wide = Options { wide: true, ..o };
        let p = pod(json!({"phase": "Pending"}), false);
        assert_eq!(pod_cells(&p, &o_wide)[5..], ["<none>", "<none>", "<none>", "<none>"]);
    }

    #[test]
    fn service_and_pvc_cells() {
        let now = parse_time("2025-03-15T17:16:35Z").unwrap();
        let o = Options { now, ..Default::default() };
        let svc = json!({"metadata": {"name": "nginx", "creationTimestamp": "2025-03-15T17:03:35Z"},
            "spec": {"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "ports": [{"port": 80, "protocol": "TCP"}]}});
        assert_eq!(cells("Service", &svc, &o), ["nginx", "ClusterIP", "None", "<none>", "80/TCP", "13m"]);
        let pending = json!({"metadata": {"name": "www-web-0", "creationTimestamp": "2025-03-15T17:03:35Z"},
            "spec": {"storageClassName": "standard", "resources": {"requests": {"storage": "1Gi"}}},
            "status": {"phase": "Pending"}});
        assert_eq!(
            cells("PersistentVolumeClaim", &pending, &o),
            ["www-web-0", "Pending", "", "", "", "standard", "<unset>", "13m"]
        );
    }
}
