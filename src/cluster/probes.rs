//! Liveness, readiness and startup probes as the kubelet's prober runs them (pkg/kubelet/prober/worker.go,
//! prober.go). One worker per container and probe type ticks every `periodSeconds` from the moment the
//! kubelet first synced the pod (not from container start); a tick is skipped while the container is not
//! running, during `initialDelaySeconds`, and — for liveness/readiness — until the startup probe succeeded.
//! A result is published only after `failureThreshold` (or `successThreshold`) equal results in a row;
//! liveness/startup failures put the worker on hold until a new container instance appears.

use serde_json::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProbeType {
    Startup,
    Liveness,
    Readiness,
}

impl ProbeType {
    /// As the kubelet's events spell it (`Readiness probe failed: ...`).
    pub fn title(self) -> &'static str {
        match self {
            ProbeType::Startup => "Startup",
            ProbeType::Liveness => "Liveness",
            ProbeType::Readiness => "Readiness",
        }
    }

    pub fn lower(self) -> &'static str {
        match self {
            ProbeType::Startup => "startup",
            ProbeType::Liveness => "liveness",
            ProbeType::Readiness => "readiness",
        }
    }

    fn field(self) -> &'static str {
        match self {
            ProbeType::Startup => "startupProbe",
            ProbeType::Liveness => "livenessProbe",
            ProbeType::Readiness => "readinessProbe",
        }
    }

    /// worker.go `initialValue`: readiness starts as Failure (not ready until proven), liveness as Success,
    /// startup as Unknown (the container has not started until the probe says so).
    fn initial(self) -> Option<bool> {
        match self {
            ProbeType::Readiness => Some(false),
            ProbeType::Liveness => Some(true),
            ProbeType::Startup => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum PortRef {
    Number(u16),
    Name(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Handler {
    HttpGet { path: String, port: PortRef, scheme: String },
    TcpSocket { port: PortRef },
    Exec { command: Vec<String> },
    Grpc { port: u16 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProbeSpec {
    pub handler: Handler,
    pub initial_delay_s: u64,
    pub period_s: u64,
    pub timeout_s: u64,
    pub success_threshold: u32,
    pub failure_threshold: u32,
}

fn port_ref(v: &Value) -> PortRef {
    match v {
        Value::Number(n) => PortRef::Number(n.as_u64().unwrap_or(0) as u16),
        Value::String(s) => s.parse().map(PortRef::Number).unwrap_or_else(|_| PortRef::Name(s.clone())),
        _ => PortRef::Number(0),
    }
}

impl ProbeSpec {
    /// Reads `container.<type>Probe` with the API defaults (pkg/apis/core/v1/defaults.go `SetDefaults_Probe`:
    /// period 10, timeout 1, thresholds 1/3).
    pub fn from_container(container: &Value, ty: ProbeType) -> Option<ProbeSpec> {
        let p = container.get(ty.field())?;
        let handler = if let Some(h) = p.get("httpGet") {
            Handler::HttpGet {
                path: h.get("path").and_then(Value::as_str).unwrap_or("/").to_string(),
                port: port_ref(h.get("port").unwrap_or(&Value::Null)),
                scheme: h.get("scheme").and_then(Value::as_str).unwrap_or("HTTP").to_string(),
            }
        } else if let Some(h) = p.get("tcpSocket") {
            Handler::TcpSocket { port: port_ref(h.get("port").unwrap_or(&Value::Null)) }
        } else if let Some(h) = p.get("exec") {
            Handler::Exec {
                command: h
                    .get("command")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(|s| s.as_str().map(String::from)).collect())
                    .unwrap_or_default(),
            }
        } else if let Some(h) = p.get("grpc") {
            Handler::Grpc { port: h.get("port").and_then(Value::as_u64).unwrap_or(0) as u16 }
        } else {
            return None;
        };
        let num = |k: &str, d: u64| p.get(k).and_then(Value::as_u64).unwrap_or(d);
        Some(ProbeSpec {
            handler,
            initial_delay_s: num("initialDelaySeconds", 0),
            period_s: num("periodSeconds", 10).max(1),
            timeout_s: num("timeoutSeconds", 1).max(1),
            success_threshold: num("successThreshold", 1).max(1) as u32,
            failure_threshold: num("failureThreshold", 3).max(1) as u32,
        })
    }
}

/// The outcome of one probe attempt.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Success,
    /// With the prober's output text, which goes into the `Unhealthy` event.
    Failure(String),
}

/// What a tick asks of the kubelet.
#[derive(Clone, Debug, PartialEq)]
pub enum TickEffect {
    /// Nothing to run (not running, initial delay, waiting for startup, on hold).
    Skipped,
    /// Ran; `published` is Some when the result reached its threshold and was set in the results manager
    /// (a liveness or startup Failure there means: kill the container).
    Ran { outcome: Outcome, published: Option<bool> },
}

/// One prober worker (worker.go).
#[derive(Clone, Debug)]
pub struct Worker {
    pub ty: ProbeType,
    pub spec: ProbeSpec,
    /// The tick grid's origin: when the worker started.
    anchor: u64,
    container_instance: Option<u32>,
    last_result: Option<bool>,
    result_run: u32,
    on_hold: bool,
    /// The result the kubelet acts on (resultsManager); None before the worker saw this container.
    pub published: Option<bool>,
}

/// The container as the worker sees it at a tick.
pub struct ContainerView {
    /// Instance number (restartCount) of the current container, None when none exists yet.
    pub instance: Option<u32>,
    /// `state.running.startedAt` of the current instance, when running.
    pub running_since: Option<u64>,
    /// Startup probe passed (or there is none).
    pub started: bool,
    pub pod_deleting: bool,
}

impl Worker {
    pub fn new(ty: ProbeType, spec: ProbeSpec, anchor: u64) -> Worker {
        Worker {
            ty,
            spec,
            anchor,
            container_instance: None,
            last_result: None,
            result_run: 0,
            on_hold: false,
            published: None,
        }
    }

    /// The first tick strictly after `t`.
    pub fn next_tick_after(&self, t: u64) -> u64 {
        let period = self.spec.period_s * 1000;
        if t < self.anchor {
            return self.anchor;
        }
        self.anchor + ((t - self.anchor) / period + 1) * period
    }

    /// Whether `t` lies on this worker's tick grid.
    pub fn ticks_at(&self, t: u64) -> bool {
        t >= self.anchor && (t - self.anchor) % (self.spec.period_s * 1000) == 0
    }

    /// Records that the worker noticed a (new) container instance, without probing: what happens when the
    /// kubelet's status update triggers an immediate readiness run during the initial delay.
    pub fn observe(&mut self, c: &ContainerView) {
        if c.instance.is_some() && c.instance != self.container_instance {
            self.container_instance = c.instance;
            self.published = self.ty.initial();
            self.on_hold = false;
        }
    }

    /// Runs one tick at `now`; `probe` performs the actual check only when the worker decides to.
    pub fn tick(&mut self, now: u64, c: &ContainerView, probe: impl FnOnce() -> Outcome) -> TickEffect {
        self.observe(c);
        if self.on_hold {
            return TickEffect::Skipped;
        }
        let Some(since) = c.running_since else {
            if self.container_instance.is_some() && self.published != Some(false) {
                self.published = Some(false);
                return TickEffect::Ran { outcome: Outcome::Failure(String::new()), published: Some(false) };
            }
            return TickEffect::Skipped;
        };
        // Liveness and startup stop during graceful deletion, reporting success for a quiet shutdown.
        if c.pod_deleting && self.ty != ProbeType::Readiness {
            self.published = Some(true);
            return TickEffect::Skipped;
        }
        // worker.go compares whole seconds: int32(time.Since(startedAt).Seconds()) < InitialDelaySeconds.
        if (now.saturating_sub(since) / 1000) < self.spec.initial_delay_s {
            return TickEffect::Skipped;
        }
        if (self.ty == ProbeType::Startup) == c.started {
            return TickEffect::Skipped;
        }
        let outcome = probe();
        let ok = outcome == Outcome::Success;
        if self.last_result == Some(ok) {
            self.result_run += 1;
        } else {
            self.last_result = Some(ok);
            self.result_run = 1;
        }
        let below = if ok {
            self.result_run < self.spec.success_threshold
        } else {
            self.result_run < self.spec.failure_threshold
        };
        if below {
            return TickEffect::Ran { outcome, published: None };
        }
        self.published = Some(ok);
        if self.ty != ProbeType::Readiness && !ok {
            self.on_hold = true;
            self.result_run = 0;
        }
        TickEffect::Ran { outcome, published: Some(ok) }
    }
}

/// The prober's failure texts (pkg/probe/http, pkg/probe/tcp): what follows `Readiness probe failed: `.
pub fn http_status_failure(code: u16) -> String {
    format!("HTTP probe failed with statuscode: {code}")
}

pub fn http_refused(url: &str, ip: &str, port: u16) -> String {
    format!("Get \"{url}\": dial tcp {ip}:{port}: connect: connection refused")
}

pub fn http_timeout(url: &str) -> String {
    format!("Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)")
}

pub fn tcp_refused(ip: &str, port: u16) -> String {
    format!("dial tcp {ip}:{port}: connect: connection refused")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn running(since: u64) -> ContainerView {
        ContainerView { instance: Some(0), running_since: Some(since), started: true, pod_deleting: false }
    }

    #[test]
    fn defaults_follow_the_api() {
        let c = json!({"livenessProbe": {"httpGet": {"path": "/", "port": "http"}}});
        let s = ProbeSpec::from_container(&c, ProbeType::Liveness).unwrap();
        assert_eq!((s.period_s, s.timeout_s, s.success_threshold, s.failure_threshold), (10, 1, 1, 3));
        assert_eq!(
            s.handler,
            Handler::HttpGet { path: "/".into(), port: PortRef::Name("http".into()), scheme: "HTTP".into() }
        );
        assert!(ProbeSpec::from_container(&c, ProbeType::Readiness).is_none());
    }

    /// A script of probe outcomes against the published results, for each threshold rule of worker.go.
    #[test]
    fn thresholds_publish_only_after_runs() {
        let cases: &[(ProbeType, u32, u32, &str, &str)] = &[
            // type, success threshold, failure threshold, outcomes (+/-), result set after each ('.' = none)
            (ProbeType::Readiness, 1, 3, "+--+---+", "T..T..FT"),
            (ProbeType::Readiness, 2, 1, "+++-++", ".TTF.T"),
            // After the third failure the worker is on hold: later successes are not even run.
            (ProbeType::Liveness, 1, 3, "--+---++", "..T..F.."),
        ];
        for (ty, st, ft, outcomes, want) in cases {
            let spec = ProbeSpec {
                handler: Handler::TcpSocket { port: PortRef::Number(80) },
                initial_delay_s: 0,
                period_s: 10,
                timeout_s: 1,
                success_threshold: *st,
                failure_threshold: *ft,
            };
            let mut w = Worker::new(*ty, spec, 0);
            let mut got = String::new();
            for (i, o) in outcomes.chars().enumerate() {
                let out = if o == '+' { Outcome::Success } else { Outcome::Failure("x".into()) };
                got.push(match w.tick(i as u64 * 10_000, &running(0), || out) {
                    TickEffect::Ran { published: Some(true), .. } => 'T',
                    TickEffect::Ran { published: Some(false), .. } => 'F',
                    _ => '.',
                });
            }
            assert_eq!(got, *want, "{ty:?} {outcomes}");
        }
    }

    #[test]
    fn initial_delay_counts_whole_seconds_from_container_start() {
        let spec = ProbeSpec {
            handler: Handler::TcpSocket { port: PortRef::Number(80) },
            initial_delay_s: 10,
            period_s: 5,
            timeout_s: 1,
            success_threshold: 1,
            failure_threshold: 3,
        };
        let mut w = Worker::new(ProbeType::Readiness, spec, 0);
        assert_eq!(w.tick(10_000, &running(500), || Outcome::Success), TickEffect::Skipped);
        assert!(matches!(w.tick(15_000, &running(500), || Outcome::Success), TickEffect::Ran { .. }));
        assert_eq!(w.next_tick_after(15_000), 20_000);
    }
}
