//! What runs inside the containers, recognised by image: the lab's time apps, nginx, busybox and a generic
//! fallback. Each model says how long it takes to accept connections, what it does on SIGTERM, which
//! commands its image ships (for `kubectl exec`), what it logs and how it answers HTTP. Apps keep state only
//! in files: the time apps count visits in `data/visits` under their working directory, so the count
//! survives a pod's re-creation only when that directory is a PersistentVolume.

mod nginx;
mod timeapp;

use super::images::ImageRef;
use super::script;
use super::volumes::{ContainerFs, VolumeStore};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppKind {
    /// The lab's Flask app: Moscow time on `/`, visit counter in `data/visits`, port 5000.
    PythonTime,
    /// The lab's bonus app on the JVM: same contract, port 8080, 20-30 s start-up.
    ScalaTime,
    Nginx,
    Busybox,
    /// `curlimages/curl` (Alpine + curl).
    Curl,
    /// `jessie-dnsutils`, the DNS debugging image of the Kubernetes docs.
    DnsUtils,
    /// Anything else the registry serves: a process that runs until stopped and answers on its declared ports.
    Generic,
}

pub fn app_for_image(image: &str) -> AppKind {
    match ImageRef::parse(image).short_name() {
        "python-time-app" => AppKind::PythonTime,
        "scala-time-app" => AppKind::ScalaTime,
        "nginx" | "nginx-slim" => AppKind::Nginx,
        "busybox" => AppKind::Busybox,
        "curl" => AppKind::Curl,
        "jessie-dnsutils" => AppKind::DnsUtils,
        _ => AppKind::Generic,
    }
}

/// How the main process reacts to SIGTERM.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sigterm {
    /// PID 1 without a handler: the kernel drops the signal, so only SIGKILL at the end of the grace period
    /// stops it (exit code 137).
    Ignore,
    /// Exits `after_ms` later with `code`.
    Exit { after_ms: u64, code: i32 },
}

/// Which `nslookup` the image ships: BIND's (dnsutils: `Address:\t10.96.0.10#53`) or BusyBox's (`:53`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nslookup {
    Bind,
    Busybox,
    Missing,
}

/// Static facts about an app image.
#[derive(Clone, Debug)]
pub struct Profile {
    /// Time from process start until it accepts connections.
    pub start_ms: u64,
    pub sigterm: Sigterm,
    pub workdir: &'static str,
    /// Executables on `$PATH` (for `kubectl exec` and probe `exec` commands).
    pub binaries: &'static [&'static str],
    pub nslookup: Nslookup,
    /// Files the image ships (absolute path → content).
    pub image_files: &'static [(&'static str, &'static str)],
    /// The root filesystem's top directories, empty as far as the model goes, so `ls /` looks like the image's
    /// and `echo x > /tmp/f` works as it does in every real image.
    pub root_dirs: &'static [&'static str],
}

/// `ls /` of a Debian 12 image (python:3-slim, nginx, the JVM's): the usrmerge links included.
const DEBIAN_ROOT: &[&str] = &[
    "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/media", "/mnt", "/opt", "/proc", "/root", "/run",
    "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
];
/// `ls /` of busybox:1.36.
const BUSYBOX_ROOT: &[&str] =
    &["/bin", "/dev", "/etc", "/home", "/lib", "/lib64", "/proc", "/root", "/sys", "/tmp", "/usr", "/var"];
/// `ls /` of an Alpine image (curlimages/curl).
const ALPINE_ROOT: &[&str] = &[
    "/bin", "/dev", "/etc", "/home", "/lib", "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv",
    "/sys", "/tmp", "/usr", "/var",
];

const SHELL_TOOLS: &[&str] = &[
    "sh", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false", "wc", "grep",
    "head", "tail",
];

pub fn profile(kind: AppKind) -> Profile {
    match kind {
        AppKind::PythonTime => Profile {
            // Flask's development server is up in about a second on a laptop.
            start_ms: 1_100,
            sigterm: Sigterm::Ignore,
            workdir: "/app",
            binaries: &[
                "sh", "bash", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                "wc", "grep", "head", "tail", "nslookup", "curl", "wget", "python", "python3",
            ],
            nslookup: Nslookup::Bind,
            image_files: timeapp::PYTHON_FILES,
            root_dirs: DEBIAN_ROOT,
        },
        AppKind::ScalaTime => Profile {
            // JVM start-up plus the HTTP server's warm-up on a minikube node.
            start_ms: 24_000,
            sigterm: Sigterm::Exit { after_ms: 900, code: 143 },
            workdir: "/app",
            binaries: &[
                "sh", "bash", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                "wc", "grep", "head", "tail", "nslookup", "curl", "wget", "java",
            ],
            nslookup: Nslookup::Bind,
            image_files: timeapp::SCALA_FILES,
            root_dirs: DEBIAN_ROOT,
        },
        AppKind::Nginx => Profile {
            start_ms: 150,
            // nginx's master process handles SIGTERM as "fast shutdown".
            sigterm: Sigterm::Exit { after_ms: 100, code: 0 },
            workdir: "/",
            binaries: &[
                "sh", "bash", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                "wc", "grep", "head", "tail", "curl", "nginx",
            ],
            nslookup: Nslookup::Missing,
            image_files: nginx::FILES,
            root_dirs: DEBIAN_ROOT,
        },
        AppKind::Busybox | AppKind::Curl => Profile {
            start_ms: 0,
            // `sleep` as PID 1 has no handler either.
            sigterm: Sigterm::Ignore,
            workdir: "/",
            binaries: if kind == AppKind::Curl {
                &[
                    "sh", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                    "wc", "grep", "head", "tail", "nslookup", "wget", "curl",
                ]
            } else {
                &[
                    "sh", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                    "wc", "grep", "head", "tail", "nslookup", "wget",
                ]
            },
            nslookup: Nslookup::Busybox,
            image_files: &[],
            root_dirs: if kind == AppKind::Curl { ALPINE_ROOT } else { BUSYBOX_ROOT },
        },
        AppKind::DnsUtils => Profile {
            start_ms: 0,
            sigterm: Sigterm::Ignore,
            workdir: "/",
            binaries: &[
                "sh", "bash", "cat", "ls", "echo", "hostname", "pwd", "env", "date", "kill", "sleep", "true", "false",
                "wc", "grep", "head", "tail", "nslookup", "dig",
            ],
            nslookup: Nslookup::Bind,
            image_files: &[],
            root_dirs: DEBIAN_ROOT,
        },
        AppKind::Generic => Profile {
            start_ms: 500,
            sigterm: Sigterm::Exit { after_ms: 200, code: 143 },
            workdir: "/",
            binaries: SHELL_TOOLS,
            nslookup: Nslookup::Missing,
            image_files: &[],
            root_dirs: DEBIAN_ROOT,
        },
    }
}

/// What the container's main process does, from the image's default and the pod's `command`/`args`.
#[derive(Clone, Debug, PartialEq)]
pub enum MainProcess {
    /// The image's server (time app, nginx, generic).
    Server,
    /// Runs for a while, then exits with a code (`sleep 3600`).
    RunFor { ms: u64, code: i32 },
    /// Runs until stopped (`sleep infinity`, or a shell script the model cannot follow).
    Forever,
    /// A short command whose output and exit code come from `exec` at start (`nslookup web-0.nginx`).
    OneShot(Vec<String>),
    /// An `sh -c` script the script module follows (the docs' `until nslookup ...; do ...; sleep 2; done`
    /// init container, `echo ... && sleep 3600`, a logging loop): it runs over simulated time, sleeping,
    /// looping and logging, and exits with its status (`super::script`).
    Script(std::rc::Rc<super::script::Program>),
}

pub fn main_process(kind: AppKind, command: &[String], args: &[String]) -> MainProcess {
    let argv: Vec<String> = if command.is_empty() && args.is_empty() {
        match kind {
            AppKind::PythonTime | AppKind::ScalaTime | AppKind::Nginx | AppKind::Generic => return MainProcess::Server,
            // BusyBox's default CMD is `sh`, which exits at once without a terminal: the classic
            // "busybox in CrashLoopBackOff, Completed" surprise.
            AppKind::Busybox | AppKind::DnsUtils => return MainProcess::RunFor { ms: 0, code: 0 },
            AppKind::Curl => vec!["curl".into()],
        }
    } else if command.is_empty() {
        match kind {
            AppKind::PythonTime | AppKind::ScalaTime | AppKind::Nginx | AppKind::Generic => return MainProcess::Server,
            AppKind::Curl => std::iter::once("curl".to_string()).chain(args.iter().cloned()).collect(),
            _ => args.to_vec(),
        }
    } else {
        command.iter().chain(args).cloned().collect()
    };
    let name = argv[0].rsplit('/').next().unwrap_or("");
    match name {
        "sleep" => match argv.get(1).map(String::as_str) {
            Some("infinity") => MainProcess::Forever,
            Some(n) => match parse_sleep(n) {
                Some(ms) => MainProcess::RunFor { ms, code: 0 },
                None => MainProcess::OneShot(argv),
            },
            None => MainProcess::OneShot(argv),
        },
        // and the system images' daemons, should the kubelet run a replacement (system_exec.rs lists their images)
        "python"
        | "python3"
        | "java"
        | "nginx"
        | "kube-proxy"
        | "coredns"
        | "etcd"
        | "kube-apiserver"
        | "kube-controller-manager"
        | "kube-scheduler"
        | "storage-provisioner" => MainProcess::Server,
        "sh" | "bash"
            if argv.get(1).map(String::as_str) == Some("-c")
                && argv.get(2).is_some_and(|s| script::parse(s).is_some()) =>
        {
            MainProcess::Script(std::rc::Rc::new(script::parse(&argv[2]).expect("checked above")))
        }
        "sh" | "bash" if argv.iter().any(|a| a.contains("while") || a.contains("sleep") || a.contains("tail -f")) => {
            MainProcess::Forever
        }
        _ => MainProcess::OneShot(argv),
    }
}

/// `sleep` accepts seconds with an optional s/m/h/d suffix (BusyBox and coreutils alike).
pub fn parse_sleep(s: &str) -> Option<u64> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1_000.0),
        'm' => (&s[..s.len() - 1], 60_000.0),
        'h' => (&s[..s.len() - 1], 3_600_000.0),
        'd' => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1_000.0),
    };
    let v: f64 = num.parse().ok()?;
    (v >= 0.0 && v.is_finite()).then_some((v * mult) as u64)
}

/// Switches a lesson or the UI flips on one pod to show what probes and restarts do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// The app answers 503 (readiness and liveness on `/` fail with `statuscode: 503`); lasts until cleared.
    pub unready: bool,
    /// The process hangs: no HTTP answer at all (probes time out). Cleared when the container restarts,
    /// because a fresh process is healthy.
    pub hang: bool,
    /// The process exits with code 1 `crash_after_ms` after each start (CrashLoopBackOff) until cleared.
    pub crash: bool,
    /// Extra start-up time in ms on top of the image's own.
    pub slow_start_ms: u64,
    /// The app's health check answers readiness probes with 503 (user traffic is unaffected); lasts until
    /// cleared.
    pub fail_readiness: bool,
    /// Same for liveness probes; a restarted process is healthy again, so a restart clears it.
    pub fail_liveness: bool,
}

pub const CRASH_AFTER_MS: u64 = 2_000;

/// One HTTP request reaching an app.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub path: &'a str,
    pub port: u16,
    pub client_ip: &'a str,
    pub user_agent: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Response {
        status: u16,
        body: String,
    },
    /// Nothing listens on that port (yet): TCP RST.
    Refused,
    /// Accepted but never answered (a hung process).
    Timeout,
}

/// The running instance an app sees: its files, clock, identity and log.
pub struct AppEnv<'a> {
    pub store: &'a mut VolumeStore,
    pub fs: &'a ContainerFs,
    /// Simulated ms since the cluster epoch.
    pub now: u64,
    pub pod_ip: &'a str,
    pub env: &'a BTreeMap<String, String>,
    pub log: &'a mut Vec<(u64, String)>,
}

/// Port the app's server listens on (the time apps honour `PORT`, like most twelve-factor apps).
pub fn listen_port(kind: AppKind, env: &BTreeMap<String, String>, declared: &[u16]) -> Vec<u16> {
    let from_env = env.get("PORT").and_then(|p| p.parse().ok());
    match kind {
        AppKind::PythonTime => vec![from_env.unwrap_or(5000)],
        AppKind::ScalaTime => vec![from_env.unwrap_or(8080)],
        AppKind::Nginx => vec![80],
        AppKind::Generic => declared.to_vec(),
        _ => Vec::new(),
    }
}

/// Lines the process prints when it starts.
pub fn startup_logs(kind: AppKind, env: &mut AppEnv<'_>, port: u16) -> Vec<String> {
    match kind {
        AppKind::PythonTime | AppKind::ScalaTime => timeapp::startup_logs(kind, env, port),
        AppKind::Nginx => nginx::startup_logs(env.now),
        _ => Vec::new(),
    }
}

/// Lines the process prints on SIGTERM (only those that handle it).
pub fn shutdown_logs(kind: AppKind, now: u64) -> Vec<String> {
    match kind {
        AppKind::Nginx => nginx::shutdown_logs(now),
        AppKind::ScalaTime => vec![format!("{} INFO  TimeServer - Shutting down", timeapp::jvm_stamp(now))],
        _ => Vec::new(),
    }
}

/// Serves one request on a running, listening app.
pub fn serve(kind: AppKind, env: &mut AppEnv<'_>, faults: &Faults, req: &Request<'_>) -> Reply {
    if faults.hang {
        return Reply::Timeout;
    }
    match kind {
        AppKind::PythonTime | AppKind::ScalaTime => timeapp::serve(kind, env, faults, req),
        AppKind::Nginx => nginx::serve(env, faults, req),
        _ => {
            if faults.unready {
                Reply::Response { status: 503, body: "Service Unavailable\n".into() }
            } else {
                Reply::Response { status: 200, body: "OK\n".into() }
            }
        }
    }
}

/// `2025-03-15T17:03:35Z` + ms → (year, month, day, hour, minute, second) in UTC.
pub fn civil(now_ms: u64, offset_hours: i64) -> (i64, u32, u32, u32, u32, u32) {
    let secs = super::EPOCH_UNIX + (now_ms / 1000) as i64 + offset_hours * 3600;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y, m, d, (rem / 3600) as u32, (rem % 3600 / 60) as u32, (rem % 60) as u32)
}

pub const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// RFC 3339 with second precision, as the API server writes timestamps.
pub fn rfc3339(now_ms: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(now_ms, 0);
    crate::cluster::meta::time_text(y, mo, d, h as i64, mi as i64, s as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_the_lab_install_time() {
        assert_eq!(rfc3339(0), "2025-03-15T17:03:35Z");
        assert_eq!(rfc3339(86_400_000 * 17 + 25_000), "2025-04-01T17:04:00Z");
    }

    #[test]
    fn main_process_follows_command_and_image_default() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            main_process(AppKind::Busybox, &s(&["sleep", "3600"]), &[]),
            MainProcess::RunFor { ms: 3_600_000, code: 0 }
        );
        assert_eq!(main_process(AppKind::Busybox, &[], &[]), MainProcess::RunFor { ms: 0, code: 0 });
        assert_eq!(main_process(AppKind::PythonTime, &[], &[]), MainProcess::Server);
        assert_eq!(
            main_process(AppKind::Busybox, &s(&["nslookup", "web-0.nginx"]), &[]),
            MainProcess::OneShot(s(&["nslookup", "web-0.nginx"]))
        );
        assert_eq!(main_process(AppKind::Busybox, &s(&["sleep", "infinity"]), &[]), MainProcess::Forever);
        let docs = "until nslookup myservice; do echo waiting for myservice; sleep 2; done";
        for script in ["echo The app is running! && sleep 3600", docs] {
            assert!(matches!(main_process(AppKind::Busybox, &s(&["sh", "-c", script]), &[]), MainProcess::Script(_)));
        }
        assert!(matches!(
            main_process(AppKind::Busybox, &s(&["sh", "-c", "echo hi; sleep 5; exit 3"]), &[]),
            MainProcess::Script(_)
        ));
        // What the script module does not parse keeps the older shape.
        assert_eq!(
            main_process(AppKind::Busybox, &s(&["sh", "-c", "while true; do sleep 1; done &"]), &[]),
            MainProcess::Forever
        );
    }
}
