//! Talking to the apps: `curl`, `hey` (rakyll/hey's report, requester/print.go), `nslookup` and
//! `minikube service`, all answered by the simulated cluster's network.

use serde_json::Value;

use super::{Io, Session};

/// Maps `127.0.0.1:PORT` (a `kubectl port-forward`) and the minikube node's NodePorts to in-cluster URLs.
fn route(s: &Session, url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap_or(url);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().ok()),
        None => (hostport, None),
    };
    if matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        if let Some(fwd) = port.and_then(|p| s.port_forwards.get(&p)) {
            if let Some(ip) = fwd.pod(&s.cluster).and_then(|p| p.pointer("/status/podIP")?.as_str().map(String::from)) {
                return format!("http://{ip}:{}{path}", fwd.port);
            }
        }
    }
    if host == MINIKUBE_IP {
        for svc in s.cluster.list("Service", None) {
            for p in svc.pointer("/spec/ports").and_then(Value::as_array).cloned().unwrap_or_default() {
                if port.is_some() && p.get("nodePort").and_then(Value::as_u64) == port.map(u64::from) {
                    let name = svc.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("");
                    let ns = svc.pointer("/metadata/namespace").and_then(Value::as_str).unwrap_or("");
                    let sp = p.get("port").and_then(Value::as_u64).unwrap_or(80);
                    return format!("http://{name}.{ns}.svc.cluster.local:{sp}{path}");
                }
            }
        }
    }
    if url.starts_with("http://") || url.starts_with("https://") {
        url.to_string()
    } else {
        format!("http://{url}")
    }
}

/// The port of a URL on the workstation itself (where `kubectl port-forward` listens).
fn local_port(url: &str) -> Option<u16> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let hostport = rest.split('/').next()?;
    let (host, port) = hostport.rsplit_once(':')?;
    matches!(host, "127.0.0.1" | "localhost" | "[::1]").then(|| port.parse().ok()).flatten()
}

const MINIKUBE_IP: &str = "192.168.49.2";

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        404 => "NOT FOUND",
        405 => "METHOD NOT ALLOWED",
        500 => "INTERNAL SERVER ERROR",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// curl names the host, not the URL, in `Could not resolve host: HOST`.
fn host_only(e: &str) -> String {
    const P: &str = "Could not resolve host: ";
    match e.find(P) {
        Some(i) => {
            let rest = &e[i + P.len()..];
            let rest = rest.split("://").nth(1).unwrap_or(rest);
            let host = rest.split(['/', ':']).next().unwrap_or(rest);
            format!("{}{P}{host}", &e[..i])
        }
        None => e.to_string(),
    }
}

/// The exit status curl uses for an error text `curl: (N) ...`.
fn curl_code(err: &str) -> i32 {
    err.strip_prefix("curl: (").and_then(|r| r.split(')').next()).and_then(|n| n.parse().ok()).unwrap_or(7)
}

pub fn curl(s: &mut Session, args: &[String]) -> Io {
    let mut silent = false;
    let mut show_err = false;
    let mut include = false;
    let mut head = false;
    let mut fail = false;
    let mut out_file: Option<String> = None;
    let mut write_out: Option<String> = None;
    let mut urls = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-s" | "--silent" => silent = true,
            "-S" | "--show-error" => show_err = true,
            "-sS" | "-Ss" => {
                silent = true;
                show_err = true
            }
            "-i" | "--include" => include = true,
            "-I" | "--head" => head = true,
            "-f" | "--fail" => fail = true,
            "-L" | "--location" | "-v" | "--verbose" | "-k" | "--insecure" => {}
            "-si" | "-is" => {
                silent = true;
                include = true
            }
            "-o" | "--output" => out_file = it.next().cloned(),
            "-w" | "--write-out" => write_out = it.next().cloned(),
            "-X" | "--request" | "-m" | "--max-time" | "--connect-timeout" | "-H" | "--header" => {
                it.next();
            }
            a if a.starts_with('-') && a.len() > 1 => {
                return Io::fail(
                    2,
                    format!(
                    "curl: option {a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n"
                ),
                )
            }
            _ => urls.push(a.clone()),
        }
    }
    if urls.is_empty() {
        return Io::fail(
            2,
            "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
        );
    }
    let mut io = Io::default();
    for url in urls {
        if let Some(port) = local_port(&url) {
            match s.port_forwards.get(&port) {
                None => {
                    let host = if url.contains("localhost") { "localhost" } else { "127.0.0.1" };
                    if !silent || show_err {
                        io.err(format!(
                            "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server\n"
                        ));
                    }
                    io.code = 7;
                    continue;
                }
                Some(fwd) if fwd.pod(&s.cluster).is_none() => {
                    // The forward's pod is gone (or is a new pod of the same name): kubectl accepts the
                    // connection, the runtime's error stream reports the missing sandbox, kubectl closes the
                    // connection unanswered and, the stream connection closed, exits with "lost connection to
                    // pod" (client-go tools/portforward/portforward.go handleConnection, forward). Its
                    // listeners close with it, so later connections are refused.
                    s.lose_forward(port);
                    if !silent || show_err {
                        io.err("curl: (52) Empty reply from server\n");
                    }
                    io.code = 52;
                    continue;
                }
                Some(_) => {}
            }
        }
        let target = route(s, &url);
        if let Some(note) = local_port(&url).filter(|p| s.port_forwards.contains_key(p)).and_then(|p| s.forward_used(p))
        {
            s.job_out.push_str(&note);
        }
        match s.cluster.http_get("default", &target) {
            Ok(resp) => {
                let mut text = String::new();
                if include || head {
                    text.push_str(&format!(
                        "HTTP/1.1 {} {}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
                        resp.status,
                        reason(resp.status),
                        resp.body.len()
                    ));
                }
                if fail && resp.status >= 400 {
                    if !silent || show_err {
                        io.err(format!("curl: (22) The requested URL returned error: {}\n", resp.status));
                    }
                    io.code = 22;
                    continue;
                }
                if !head {
                    text.push_str(&resp.body);
                }
                match out_file.as_deref() {
                    Some("/dev/null") => {}
                    Some(f) => {
                        let path = f.to_string();
                        s.write_output(&path, &text, false);
                    }
                    None => io.out(text),
                }
                if let Some(w) = &write_out {
                    io.out(w.replace("%{http_code}", &resp.status.to_string()).replace("\\n", "\n"));
                }
            }
            Err(e) => {
                let e = host_only(&e);
                if !silent || show_err {
                    io.err(format!("{}\n", e.trim_end()));
                }
                if let Some(w) = &write_out {
                    io.out(w.replace("%{http_code}", "000").replace("\\n", "\n"));
                }
                io.code = curl_code(&e);
            }
        }
    }
    s.cluster.settle();
    io
}

/// A small deterministic generator (splitmix64) for hey's latencies, seeded from the cluster.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// hey.go's usage text (the learner's workstation has 8 cores).
const HEY_USAGE: &str = "Usage: hey [options...] <url>

Options:
  -n  Number of requests to run. Default is 200.
  -c  Number of workers to run concurrently. Total number of requests cannot
      be smaller than the concurrency level. Default is 50.
  -q  Rate limit, in queries per second (QPS) per worker. Default is no rate limit.
  -z  Duration of application to send requests. When duration is reached,
      application stops and exits. If duration is specified, n is ignored.
      Examples: -z 10s -z 3m.
  -o  Output type. If none provided, a summary is printed.
      \"csv\" is the only supported alternative. Dumps the response
      metrics in comma-separated values format.

  -m  HTTP method, one of GET, POST, PUT, DELETE, HEAD, OPTIONS.
  -H  Custom HTTP header. You can specify as many as needed by repeating the flag.
      For example, -H \"Accept: text/html\" -H \"Content-Type: application/xml\" .
  -t  Timeout for each request in seconds. Default is 20, use 0 for infinite.
  -A  HTTP Accept header.
  -d  HTTP request body.
  -D  HTTP request body from file. For example, /home/user/file.txt or ./file.txt.
  -T  Content-type, defaults to \"text/html\".
  -U  User-Agent, defaults to version \"hey/0.0.1\".
  -a  Basic authentication, username:password.
  -x  HTTP Proxy address as host:port.
  -h2 Enable HTTP/2.

  -host\tHTTP Host header.

  -disable-compression  Disable compression.
  -disable-keepalive    Disable keep-alive, prevents re-use of TCP
                        connections between different HTTP requests.
  -disable-redirects    Disable following of HTTP redirects
  -cpus                 Number of used cpu cores.
                        (default for current machine is 8 cores)
";

pub fn hey(s: &mut Session, args: &[String]) -> Io {
    let usage = HEY_USAGE;
    let exit = |msg: &str| -> Io {
        let m = if msg.is_empty() { String::new() } else { format!("{msg}\n\n") };
        Io::fail(1, format!("{m}{usage}\n"))
    };
    let mut n: usize = 200;
    let mut c: usize = 50;
    let mut url: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-n" | "-c" | "-q" | "-z" | "-m" | "-t" | "-o" | "-H" | "-A" | "-d" | "-D" | "-T" | "-U" | "-a" | "-x"
            | "-host" | "-cpus" => {
                let Some(v) = it.next() else { return Io::fail(2, format!("flag needs an argument: {a}\n{usage}")) };
                if a == "-n" || a == "-c" {
                    match v.parse::<usize>() {
                        Ok(x) if a == "-n" => n = x,
                        Ok(x) => c = x,
                        Err(_) => {
                            return Io::fail(2, format!("invalid value \"{v}\" for flag {a}: parse error\n{usage}"))
                        }
                    }
                }
            }
            "-h2" | "-disable-compression" | "-disable-keepalive" | "-disable-redirects" => {}
            x if x.starts_with('-') => return Io::fail(2, format!("flag provided but not defined: {x}\n{usage}")),
            _ => url = Some(a.clone()),
        }
    }
    let Some(url) = url else { return exit("") };
    if n == 0 || c == 0 {
        return exit("-n and -c cannot be smaller than 1.");
    }
    if n < c {
        return exit("-n cannot be less than -c.");
    }
    if n > 100_000 {
        return Io::fail(1, "stsplay: hey is limited to 100000 requests in the playground\n");
    }
    let target = route(s, &url);
    let mut rng = Rng(s.cluster.seed() ^ s.cluster.now().wrapping_mul(0x9E37) ^ n as u64);
    let mut lats = Vec::new();
    let mut codes: std::collections::BTreeMap<u16, usize> = Default::default();
    let mut errors: std::collections::BTreeMap<String, usize> = Default::default();
    let mut size_total = 0usize;
    let (mut conn, mut dns, mut req, mut wait, mut read) = (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        match s.cluster.http_get("default", &target) {
            Ok(r) => {
                // latency model: a few milliseconds of app time plus network jitter
                let w = 0.0015 + rng.unit() * 0.008;
                let cd = if rng.unit() < (c as f64 / n as f64) { 0.0004 + rng.unit() * 0.001 } else { 0.0 };
                let rq = rng.unit() * 0.00004;
                let rd = 0.00002 + rng.unit() * 0.0001;
                lats.push(w + cd + rq + rd);
                conn.push(cd);
                dns.push(0.0);
                req.push(rq);
                wait.push(w);
                read.push(rd);
                *codes.entry(r.status).or_default() += 1;
                size_total += r.body.len();
            }
            Err(e) => {
                // Go's net/http wording for what curl calls (6) and (7)
                let host = host_only(&e);
                let why = if let Some(h) = host.split("Could not resolve host: ").nth(1) {
                    format!("dial tcp: lookup {} on 10.96.0.10:53: no such host", h.trim())
                } else {
                    let addr = target.split("://").nth(1).unwrap_or(&target).split('/').next().unwrap_or("");
                    let addr = if addr.contains(':') { addr.to_string() } else { format!("{addr}:80") };
                    format!("dial tcp {addr}: connect: connection refused")
                };
                let msg = format!("Get \"{url}\": {why}");
                *errors.entry(msg).or_default() += 1;
            }
        }
    }
    let total = lats.iter().sum::<f64>() / c as f64 + 0.002;
    s.advance((total * 1000.0).ceil() as u64);
    let mut out = String::new();
    if !lats.is_empty() {
        let len = lats.len() as f64;
        let avg = lats.iter().sum::<f64>() / len;
        let mut sorted = lats.clone();
        crate::sort::sort_by(&mut sorted, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
        let (fastest, slowest) = (sorted[0], sorted[sorted.len() - 1]);
        out.push_str("Summary:\n");
        out.push_str(&format!("  Total:\t{total:.4} secs\n"));
        out.push_str(&format!("  Slowest:\t{slowest:.4} secs\n"));
        out.push_str(&format!("  Fastest:\t{fastest:.4} secs\n"));
        out.push_str(&format!("  Average:\t{avg:.4} secs\n"));
        out.push_str(&format!("  Requests/sec:\t{:.4}\n", len / total));
        if size_total > 0 {
            out.push_str(&format!("  Total data:\t{size_total} bytes\n"));
            out.push_str(&format!("  Size/request:\t{} bytes\n", size_total / lats.len()));
        }
        // histogram: 10 equal buckets between fastest and slowest
        let bc = 10;
        let bs = (slowest - fastest) / bc as f64;
        let mut buckets: Vec<f64> = (0..bc).map(|i| fastest + bs * i as f64).collect();
        buckets.push(slowest);
        let mut counts = vec![0usize; bc + 1];
        let (mut bi, mut i, mut max) = (0, 0, 0);
        while i < sorted.len() {
            if sorted[i] <= buckets[bi] {
                i += 1;
                counts[bi] += 1;
                max = max.max(counts[bi]);
            } else if bi < buckets.len() - 1 {
                bi += 1;
            } else {
                break;
            }
        }
        out.push_str("\nResponse time histogram:\n");
        for (b, cnt) in buckets.iter().zip(&counts) {
            let bar = (cnt * 40 + max / 2).checked_div(max).unwrap_or(0);
            out.push_str(&format!("  {b:.3} [{cnt}]\t|{}\n", "∎".repeat(bar)));
        }
        out.push_str("\nLatency distribution:\n");
        let pctls = [10, 25, 50, 75, 90, 95, 99];
        let mut data = [0.0f64; 7];
        let mut j = 0;
        for (k, v) in sorted.iter().enumerate() {
            if j >= pctls.len() {
                break;
            }
            if k * 100 / sorted.len() >= pctls[j] {
                data[j] = *v;
                j += 1;
            }
        }
        for (p, d) in pctls.iter().zip(data) {
            if d > 0.0 {
                out.push_str(&format!("  {p}% in {d:.4} secs\n"));
            }
        }
        out.push_str("\nDetails (average, fastest, slowest):");
        for (tag, v) in [
            ("DNS+dialup", &conn),
            ("DNS-lookup", &dns),
            ("req write", &req),
            ("resp wait", &wait),
            ("resp read", &read),
        ] {
            let mut v = v.clone();
            let a = v.iter().sum::<f64>() / len;
            crate::sort::sort_by(&mut v, |a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            out.push_str(&format!("\n  {tag}:\t {a:.4} secs, {:.4} secs, {:.4} secs", v[0], v[v.len() - 1]));
        }
        out.push_str("\n\nStatus code distribution:\n");
        for (code, num) in &codes {
            out.push_str(&format!("  [{code}]\t{num} responses\n"));
        }
    }
    if !errors.is_empty() {
        out.push_str("\nError distribution:\n");
        for (e, num) in &errors {
            out.push_str(&format!("  [{num}]\t{e}\n"));
        }
    }
    out.push('\n');
    Io::ok(out)
}

/// `nslookup NAME` typed on the workstation: answered as from a pod in `default` (the cluster's resolver).
pub fn nslookup_local(s: &mut Session, args: &[String]) -> Io {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return Io::fail(1, "Usage: nslookup NAME (interactive mode is not supported here)\n");
    };
    let pods = s.cluster.list("Pod", Some("default"));
    let runner = pods.iter().find(|p| p.pointer("/status/phase").and_then(Value::as_str) == Some("Running"));
    let Some(p) = runner else {
        return Io::fail(1, ";; connection timed out; no servers could be reached\n\n");
    };
    let pod = p.pointer("/metadata/name").and_then(Value::as_str).unwrap_or("").to_string();
    match s.cluster.exec("default", &pod, None, &["nslookup".to_string(), name.clone()]) {
        Ok(o) => {
            let mut io = Io::ok(o.stdout);
            io.err(o.stderr);
            io.code = o.code;
            io
        }
        Err(e) => Io::fail(1, format!("{}\n", e.kubectl_text())),
    }
}

/// `minikube service NAME [--url] [-n NS]`: the NodePort URL on the minikube node.
pub fn minikube(s: &mut Session, args: &[String]) -> Io {
    if args.first().map(String::as_str) == Some("ip") {
        return Io::ok(format!("{MINIKUBE_IP}\n"));
    }
    if args.first().map(String::as_str) != Some("service") {
        return Io::fail(1, "minikube: only `minikube service NAME [--url]` and `minikube ip` are simulated here\n");
    }
    let mut ns = "default".to_string();
    let mut url_only = false;
    let mut name = None;
    let mut it = args[1..].iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--url" => url_only = true,
            "-n" | "--namespace" => ns = it.next().cloned().unwrap_or(ns),
            x if x.starts_with("--namespace=") => ns = x["--namespace=".len()..].to_string(),
            x if x.starts_with('-') => return Io::fail(1, format!("Error: unknown flag: {x}\n")),
            x => name = Some(x.to_string()),
        }
    }
    let Some(name) = name else {
        return Io::fail(1, "❌  Exiting due to MK_USAGE: You must specify service name(s) or --all\n");
    };
    let svc = match s.cluster.get("Service", &ns, &name) {
        Ok(v) => v,
        Err(_) => {
            return Io::fail(
                1,
                format!("\n❌  Exiting due to SVC_NOT_FOUND: Service '{name}' was not found in '{ns}' namespace.\nYou may select another namespace by using 'minikube service {name} -n <namespace>'. Or list out all the services using 'minikube service list'\n\n"),
            )
        }
    };
    let ports: Vec<(u64, u64)> = svc
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| {
                    Some((p.get("port")?.as_u64()?, p.get("nodePort").and_then(Value::as_u64).unwrap_or(0)))
                })
                .collect()
        })
        .unwrap_or_default();
    let node_ports: Vec<&(u64, u64)> = ports.iter().filter(|(_, np)| *np > 0).collect();
    if node_ports.is_empty() {
        return Io::ok(format!(
            "|-----------|{d}|-------------|--------------|\n| NAMESPACE | {n} | TARGET PORT |     URL      |\n|-----------|{d}|-------------|--------------|\n| {ns:<9} | {name} |             | No node port |\n|-----------|{d}|-------------|--------------|\n😿  service {ns}/{name} has no node port\n",
            d = "-".repeat(name.len() + 2),
            n = format_args!("{:^width$}", "NAME", width = name.len()),
        ));
    }
    let urls: Vec<String> = node_ports.iter().map(|(_, np)| format!("http://{MINIKUBE_IP}:{np}")).collect();
    if url_only {
        return Io::ok(urls.iter().map(|u| format!("{u}\n")).collect::<String>());
    }
    let mut out = String::new();
    for ((port, _), url) in node_ports.iter().zip(&urls) {
        out.push_str(&format!("| {ns} | {name} | {port} | {url} |\n"));
    }
    out.push_str(&format!("🎉  Opening service {ns}/{name} in default browser...\n"));
    Io::ok(out)
}
