//! Reaching into running containers: `kubectl logs`, `kubectl exec`, HTTP requests to apps (probes, curl,
//! Services), and the fault switches of lessons and the UI.

use super::status::pod_hostname;
use super::*;

impl Kubelet {
    pub(super) fn find_pod(&self, namespace: &str, name: &str) -> Option<&PodRt> {
        self.pods.values().find(|p| p.namespace == namespace && p.name == name && !p.removed)
    }

    pub(super) fn container_index(p: &PodRt, container: Option<&str>) -> Result<usize, ApiError> {
        match container {
            // kubectl's default container is the first regular one.
            None => Ok(p.n_init.min(p.containers.len().saturating_sub(1))),
            Some(c) => p.containers.iter().position(|x| x.name == c).ok_or_else(|| ApiError {
                code: 400,
                reason: "BadRequest".into(),
                message: format!("container {c} is not valid for pod {}", p.name),
            }),
        }
    }

    /// Whether this kubelet runs the pod (it never ran the ones that were running before the simulation).
    pub fn knows(&self, namespace: &str, pod: &str) -> bool {
        self.find_pod(namespace, pod).is_some()
    }

    /// `kubectl logs`: the current instance's output, or with `previous` the last terminated one's.
    pub fn logs(
        &self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        previous: bool,
        timestamps: bool,
    ) -> Result<String, ApiError> {
        let not_found =
            || ApiError { code: 404, reason: "NotFound".into(), message: format!("pods \"{pod}\" not found") };
        let Some(p) = self.find_pod(namespace, pod) else { return Err(not_found()) };
        let i = Self::container_index(p, container)?;
        let c = &p.containers[i];
        let bad = |message: String| ApiError { code: 400, reason: "BadRequest".into(), message };
        let current = match &c.state {
            CState::Running { .. } | CState::Stopping { .. } => c.instances.checked_sub(1),
            CState::Terminated(_) => c.instances.checked_sub(1),
            _ => None,
        };
        let instance = if previous {
            let prev = match &c.state {
                CState::Terminated(_) => c.instances.checked_sub(2),
                _ if current.is_some() => c.instances.checked_sub(2),
                _ => c.instances.checked_sub(1),
            };
            prev.ok_or_else(|| {
                bad(format!("previous terminated container \"{}\" in pod \"{}\" not found", c.name, p.name))
            })?
        } else {
            match current {
                Some(i) => i,
                None => match (&c.state, c.instances.checked_sub(1)) {
                    (CState::Waiting { reason, .. }, Some(last)) if reason == "CrashLoopBackOff" => last,
                    (CState::Waiting { reason, .. }, _) => {
                        return Err(bad(format!(
                            "container \"{}\" in pod \"{}\" is waiting to start: {reason}",
                            c.name, p.name
                        )))
                    }
                    _ => {
                        return Err(bad(format!(
                            "container \"{}\" in pod \"{}\" is waiting to start: ContainerCreating",
                            c.name, p.name
                        )))
                    }
                },
            }
        };
        let mut lines: Vec<&(u64, String)> = c.logs.get(&instance).map(|v| v.iter().collect()).unwrap_or_default();
        crate::sort::sort_by_key(&mut lines, |(t, _)| *t);
        // `--timestamps`: the kubelet prefixes each line with the runtime's time in RFC3339NanoFixed
        // (pkg/kubelet/kuberuntime/logs/logs.go timeFormatOut), nine digits whatever the precision.
        Ok(lines
            .iter()
            .map(|(t, l)| match timestamps {
                true => format!("{} {l}\n", crate::cluster::meta::rfc3339_nano(*t)),
                false => format!("{l}\n"),
            })
            .collect())
    }

    /// Makes the main process of the pod's first running container exit now with `code`.
    pub fn exit_main(&mut self, namespace: &str, pod: &str, code: i32, now: u64) -> bool {
        self.schedule_stale();
        let Some(p) = self.pods.values_mut().find(|p| p.namespace == namespace && p.name == pod && !p.removed) else {
            return false;
        };
        for c in &mut p.containers {
            if let CState::Running { exits_at, .. } = &mut c.state {
                *exits_at = Some((now, code));
                return true;
            }
        }
        true
    }

    /// The node evicts the pod (memory pressure): containers killed, phase Failed, reason Evicted. The object
    /// stays until someone deletes it (the StatefulSet controller does).
    pub fn evict(&mut self, namespace: &str, pod: &str, now: u64) -> bool {
        self.schedule_stale();
        let Some(p) = self.pods.values_mut().find(|p| p.namespace == namespace && p.name == pod && !p.removed) else {
            return false;
        };
        for c in &mut p.containers {
            if let CState::Running { started_at, .. } | CState::Stopping { started_at, .. } = c.state {
                let term =
                    Terminated { exit_code: 137, started_at, finished_at: now, container_id: c.container_id.clone() };
                c.last_terminated = Some(term.clone());
                c.state = CState::Terminated(term);
                c.ready = false;
            }
        }
        p.terminal_phase = Some("Failed");
        p.evicted = true;
        for cond in ["Ready", "ContainersReady"] {
            p.conditions.insert(cond, (false, now));
        }
        true
    }

    /// Flips a fault on the current pod of that name.
    pub fn set_fault(&mut self, namespace: &str, pod: &str, f: impl FnOnce(&mut Faults)) -> bool {
        self.schedule_stale();
        match self.pods.values_mut().find(|p| p.namespace == namespace && p.name == pod && !p.removed) {
            Some(p) => {
                f(&mut p.faults);
                true
            }
            None => false,
        }
    }
}

/// The container an exec or a probe's command runs in.
struct PodHost<'a> {
    k: &'a mut Kubelet,
    p: &'a mut PodRt,
    i: usize,
    api: &'a dyn ApiView,
    t: u64,
}

impl crate::cluster::exec::Host for PodHost<'_> {
    fn has(&self, binary: &str) -> bool {
        self.p.containers[self.i].profile.binaries.contains(&binary)
    }

    fn userland(&self) -> crate::cluster::exec::Userland {
        match self.p.containers[self.i].kind {
            AppKind::Busybox | AppKind::Curl => crate::cluster::exec::Userland::Busybox,
            _ => crate::cluster::exec::Userland::Gnu,
        }
    }

    fn nslookup(&self) -> apps::Nslookup {
        self.p.containers[self.i].profile.nslookup
    }

    fn old_busybox(&self) -> bool {
        let c = &self.p.containers[self.i];
        c.kind == AppKind::Busybox && c.image.tag == "1.28"
    }

    fn read(&self, path: &str) -> Result<String, volumes::FsError> {
        self.p.containers[self.i].fs.read(&self.k.volumes, path)
    }

    fn write(&mut self, path: &str, content: &str, append: bool) -> Result<(), volumes::FsError> {
        let fs = &self.p.containers[self.i].fs;
        let text = if append {
            format!("{}{content}", fs.read(&self.k.volumes, path).unwrap_or_default())
        } else {
            content.to_string()
        };
        fs.write(&mut self.k.volumes, path, text)
    }

    fn list(&self, path: &str) -> Result<Vec<String>, volumes::FsError> {
        self.p.containers[self.i].fs.list(&self.k.volumes, path)
    }

    fn env(&self) -> Vec<(String, String)> {
        let env = &self.p.containers[self.i].env;
        // PATH and HOSTNAME come first and HOME last, as a container runtime lays them out.
        let mut out: Vec<(String, String)> = Vec::new();
        for k in ["PATH", "HOSTNAME"] {
            if let Some(v) = env.get(k) {
                out.push((k.into(), v.clone()));
            }
        }
        out.extend(
            env.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "PATH" | "HOSTNAME" | "HOME"))
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        if let Some(v) = env.get("HOME") {
            out.push(("HOME".into(), v.clone()));
        }
        out
    }

    fn hostname(&self) -> String {
        pod_hostname(&self.p.pod)
    }

    fn workdir(&self) -> String {
        self.p.containers[self.i].fs.workdir.clone()
    }

    fn set_workdir(&mut self, dir: String) {
        self.p.containers[self.i].fs.workdir = dir;
    }

    fn now(&self) -> u64 {
        self.t
    }

    fn lookup(&self, name: &str) -> crate::cluster::dns::Lookup {
        let mut cache = self.k.dns_cache.borrow_mut();
        crate::cluster::dns::lookup_cached(self.api, &mut cache, name, &self.p.namespace, self.t)
    }

    fn reverse(&self, ip: &str) -> Option<String> {
        crate::cluster::dns::reverse(self.api, ip)
    }

    fn http(&mut self, url: &crate::cluster::network::Url) -> Result<(u16, String), crate::cluster::exec::HttpError> {
        use crate::cluster::exec::HttpError;
        let own_ip = self.p.ip.clone().unwrap_or_default();
        let (ip, port) = if url.host == "localhost" || url.host == "127.0.0.1" {
            (own_ip.clone(), url.port)
        } else {
            let dns = (self.k.dns_cache.get_mut(), self.t);
            match crate::cluster::network::route(self.api, dns, &self.p.namespace, &url.host, url.port, &mut self.k.rng)
            {
                Ok(d) => (d.ip, d.port),
                Err(crate::cluster::network::RouteError::Resolve) => return Err(HttpError::Resolve),
                Err(crate::cluster::network::RouteError::Refused { ip }) => return Err(HttpError::Refused { ip }),
                Err(crate::cluster::network::RouteError::Timeout { .. }) => return Err(HttpError::Timeout),
            }
        };
        let reply = if ip == own_ip {
            self.k.serve_pod(self.p, port, &url.path, &own_ip, "curl/8.11.1", self.t)
        } else {
            self.k.serve_ip(&ip, port, &url.path, &own_ip, "curl/8.11.1", self.t)
        };
        match reply {
            Reply::Response { status, body } => Ok((status, body)),
            Reply::Refused => Err(HttpError::Refused { ip }),
            Reply::Timeout => Err(HttpError::Timeout),
        }
    }

    fn signal_main(&mut self, signal: i32) -> bool {
        let c = &mut self.p.containers[self.i];
        if let (CState::Running { exits_at, .. }, Sigterm::Exit { after_ms, code }) = (&mut c.state, c.profile.sigterm)
        {
            // SIGKILL from inside the container cannot reach its PID 1; handled signals end it.
            if signal != 9 && exits_at.is_none_or(|(t, _)| t > self.t + after_ms) {
                *exits_at = Some((self.t + after_ms, if signal == 15 { code } else { 128 + signal }));
                let inst = c.instances.saturating_sub(1);
                let lines = apps::shutdown_logs(c.kind, self.t);
                c.logs.entry(inst).or_default().extend(lines.into_iter().map(|l| (self.t, l)));
            }
        }
        true
    }
}

impl Kubelet {
    /// Runs a command in container `i` of a pod that is currently taken out of the map.
    pub(super) fn exec_in_pod(
        &mut self,
        p: &mut PodRt,
        i: usize,
        argv: &[String],
        api: &dyn ApiView,
        t: u64,
    ) -> crate::cluster::ExecOutput {
        // `cd` inside the command moves only this command: the container keeps its working directory.
        let workdir = p.containers[i].fs.workdir.clone();
        let mut host = PodHost { k: self, p, i, api, t };
        let result = crate::cluster::exec::run(&mut host, argv);
        p.containers[i].fs.workdir = workdir;
        match result {
            Ok(o) => o,
            Err(crate::cluster::exec::NotFound(bin)) => crate::cluster::ExecOutput {
                stdout: String::new(),
                stderr: format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{bin}\": executable file not found in $PATH: unknown\n"
                ),
                code: 126,
            },
        }
    }

    /// Runs `f` against the container as an exec's host; the container keeps its working directory.
    pub(super) fn run_in_pod<R>(
        &mut self,
        p: &mut PodRt,
        i: usize,
        api: &dyn ApiView,
        t: u64,
        f: impl FnOnce(&mut dyn crate::cluster::exec::Host) -> R,
    ) -> R {
        let workdir = p.containers[i].fs.workdir.clone();
        let r = f(&mut PodHost { k: self, p, i, api, t });
        p.containers[i].fs.workdir = workdir;
        r
    }

    /// A request to whichever container of the pod listens on `port`.
    pub(super) fn serve_pod(&mut self, p: &mut PodRt, port: u16, path: &str, client: &str, ua: &str, t: u64) -> Reply {
        self.schedule_stale();
        for i in 0..p.containers.len() {
            if self.listening(p, i, port, t) {
                return self.serve_container(p, i, port, path, client, ua, t);
            }
        }
        Reply::Refused
    }

    /// A request to a pod IP on this node.
    pub(super) fn serve_ip(&mut self, ip: &str, port: u16, path: &str, client: &str, ua: &str, t: u64) -> Reply {
        let Some(uid) =
            self.pods.iter().find(|(_, p)| p.ip.as_deref() == Some(ip) && !p.removed).map(|(u, _)| u.clone())
        else {
            // No such pod: SYNs go unanswered.
            return Reply::Timeout;
        };
        let mut p = self.pods.remove(&uid).expect("found above");
        let r = self.serve_pod(&mut p, port, path, client, ua, t);
        self.pods.insert(uid, p);
        r
    }

    /// `kubectl exec`: runs argv in a running container. Errors are the API's (kubectl prints them after
    /// `error: `); a non-zero `code` is what kubectl reports as `command terminated with exit code N`.
    pub fn exec(
        &mut self,
        namespace: &str,
        pod: &str,
        container: Option<&str>,
        argv: &[String],
        api: &dyn ApiView,
        now: u64,
    ) -> Result<crate::cluster::ExecOutput, ApiError> {
        self.schedule_stale();
        let Some(uid) = self.find_pod(namespace, pod).map(|p| p.uid.clone()) else {
            return Err(ApiError {
                code: 404,
                reason: "NotFound".into(),
                message: format!("pods \"{pod}\" not found"),
            });
        };
        let mut p = self.pods.remove(&uid).expect("found above");
        let result = (|| {
            let i = Self::container_index(&p, container)?;
            let running = matches!(p.containers[i].state, CState::Running { .. } | CState::Stopping { .. });
            if !running {
                return Err(ApiError {
                    code: 400,
                    reason: "BadRequest".into(),
                    message: format!(
                        "unable to upgrade connection: container not found (\"{}\")",
                        p.containers[i].name
                    ),
                });
            }
            let mut host = PodHost { k: self, p: &mut p, i, api, t: now };
            use crate::cluster::exec;
            Ok(exec::run(&mut host, argv).unwrap_or_else(|exec::NotFound(bin)| exec::not_found_output(&bin)))
        })();
        self.pods.insert(uid, p);
        result
    }

    /// An HTTP GET from a client in `namespace` (the learner's curl, the page's load generator). Errors are
    /// curl's messages.
    pub fn http_get(
        &mut self,
        api: &dyn ApiView,
        namespace: &str,
        url: &str,
        now: u64,
    ) -> Result<crate::cluster::HttpResponse, String> {
        self.schedule_stale();
        let u = crate::cluster::network::parse_url(url)?;
        let dest = match crate::cluster::network::route(
            api,
            (self.dns_cache.get_mut(), now),
            namespace,
            &u.host,
            u.port,
            &mut self.rng,
        ) {
            Ok(d) => d,
            Err(crate::cluster::network::RouteError::Resolve) => {
                return Err(format!("curl: (6) Could not resolve host: {}", u.host))
            }
            Err(crate::cluster::network::RouteError::Refused { .. }) => {
                return Err(format!(
                    "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                    u.host, u.port
                ))
            }
            Err(crate::cluster::network::RouteError::Timeout { .. }) => {
                return Err("curl: (28) Operation timed out after 300000 milliseconds with 0 bytes received".into())
            }
        };
        let served_by = self
            .pods
            .values()
            .find(|p| p.ip.as_deref() == Some(dest.ip.as_str()) && !p.removed)
            .map(|p| format!("{}/{}", p.namespace, p.name));
        match self.serve_ip(&dest.ip, dest.port, &u.path, PROBE_SOURCE_IP, "curl/8.11.1", now) {
            Reply::Response { status, body } => Ok(crate::cluster::HttpResponse { status, body, served_by }),
            Reply::Refused => Err(format!(
                "curl: (7) Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                u.host, u.port
            )),
            Reply::Timeout => {
                Err("curl: (28) Operation timed out after 300000 milliseconds with 0 bytes received".into())
            }
        }
    }
}
