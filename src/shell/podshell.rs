//! `kubectl exec -it POD -- sh`: an interactive shell inside a container. While it is open, every line the
//! learner types runs in the container (as `sh -c LINE`) instead of on the workstation, under the container
//! shell's own prompt, until `exit`, as in a real terminal. In a `stsplay run` script the following lines go
//! to it the same way, so a transcript reads like the interactive session it replays.

use super::{Io, Session};

/// The open shell: where it runs and how it prompts.
#[derive(Clone, Debug)]
pub struct PodShell {
    pub namespace: String,
    pub pod: String,
    pub container: String,
    /// `bash`, or `sh` (dash on Debian images, ash on BusyBox ones).
    bash: bool,
    gnu: bool,
    /// Without `-t` there is no terminal, so no prompt is printed.
    tty: bool,
    /// Where `cd` took the shell (each line runs as its own `sh -c`, so the shell remembers it here).
    cwd: Option<String>,
}

/// Whether `argv` starts an interactive shell (and nothing else): `sh`, `/bin/bash`, `ash`...
pub fn is_shell(argv: &[String]) -> bool {
    matches!(argv, [one] if matches!(one.rsplit('/').next(), Some("sh" | "bash" | "ash" | "dash")))
}

impl PodShell {
    pub fn open(s: &mut Session, namespace: &str, pod: &str, container: &str, argv: &[String], tty: bool) -> PodShell {
        let bash = argv[0].ends_with("bash");
        // Debian-based images have bash, and dash as `sh`; images built for one tool may have dash alone
        // (kube-proxy's); BusyBox ones have ash only.
        let mut code = |shell: &str| {
            let probe = [shell.to_string(), "-c".to_string(), "true".to_string()];
            s.cluster.exec(namespace, pod, Some(container), &probe).map_or(126, |o| o.code)
        };
        // 126: the runtime found no such executable (a dash the simulation does not run still exists)
        let gnu = code("bash") == 0 || code("dash") != 126;
        PodShell {
            namespace: namespace.to_string(),
            pod: pod.to_string(),
            container: container.to_string(),
            bash,
            gnu,
            tty,
            cwd: None,
        }
    }

    fn run(&self, s: &mut Session, argv: &[&str]) -> Option<crate::cluster::ExecOutput> {
        let argv: Vec<String> = argv.iter().map(|a| a.to_string()).collect();
        s.cluster.exec(&self.namespace, &self.pod, Some(&self.container), &argv).ok()
    }

    /// A line run by the container's shell, from the directory `cd` left it in.
    fn here(&self, s: &mut Session, line: &str) -> Option<crate::cluster::ExecOutput> {
        match &self.cwd {
            Some(dir) => self.run(s, &["sh", "-c", &format!("cd '{dir}'; {line}")]),
            None => self.run(s, &["sh", "-c", line]),
        }
    }

    /// The prompt root gets from the image's shell: bash's `root@HOST:DIR# `, dash's `# `, ash's `DIR # `.
    pub fn prompt(&self, s: &mut Session) -> String {
        if !self.tty {
            return String::new();
        }
        let word =
            |s: &mut Session, cmd: &str| self.here(s, cmd).map(|o| o.stdout.trim().to_string()).unwrap_or_default();
        if self.bash {
            let (host, dir) = (word(s, "hostname"), word(s, "pwd"));
            format!("root@{host}:{dir}# ")
        } else if self.gnu {
            "# ".to_string()
        } else {
            format!("{} # ", word(s, "pwd"))
        }
    }
}

/// One line typed into the open shell.
pub fn line(s: &mut Session, sh: PodShell, line: &str) -> Io {
    let mut io = Io::default();
    let words: Vec<&str> = line.split_whitespace().collect();
    let running = s
        .cluster
        .get("Pod", &sh.namespace, &sh.pod)
        .ok()
        .is_some_and(|p| p.pointer("/status/phase").and_then(serde_json::Value::as_str) == Some("Running"));
    if !running {
        // The container went away under the session (pod deleted, container killed).
        io.err("command terminated with exit code 137\n");
        io.code = 137;
        return io;
    }
    if let Some(&("exit" | "logout")) = words.first() {
        if sh.bash {
            io.out("exit\n");
        }
        let code = words.get(1).and_then(|n| n.parse::<i64>().ok()).map_or(0, |n| n.rem_euclid(256) as i32);
        if code != 0 {
            io.err(format!("command terminated with exit code {code}\n"));
        }
        io.code = code;
        return io;
    }
    let mut sh = sh;
    // The container's `sleep` blocks the terminal for that long: simulated time passes, as on the workstation.
    if let ["sleep", d] = words.as_slice() {
        if let Some(ms) = super::parse_sleep(d) {
            s.advance(ms);
        }
        s.pod_shell = Some(sh);
        return io;
    }
    if let Some(&"cd") = words.first() {
        // Validated by the container's own `cd`; remembered for the lines that follow.
        if let Some(o) = sh.here(s, &format!("{line} && pwd")) {
            match (sh.bash, o.code) {
                (true, c) if c != 0 => {
                    let target = words.get(1).copied().unwrap_or("");
                    io.err(format!("bash: cd: {target}: No such file or directory\n"));
                }
                _ => io.err(o.stderr),
            }
            io.code = o.code;
            if o.code == 0 {
                sh.cwd = Some(o.stdout.trim().to_string());
            }
        }
        s.pod_shell = Some(sh);
        return io;
    }
    s.pod_shell = Some(sh.clone());
    match sh.here(s, line) {
        Some(o) => {
            io.out(o.stdout);
            io.err(if sh.bash { as_bash(&o.stderr) } else { o.stderr });
            io.code = o.code;
        }
        None => {
            s.pod_shell = None;
            io.err("command terminated with exit code 137\n");
            io.code = 137;
        }
    }
    s.cluster.settle();
    io
}

/// The container runs each line with `sh`; bash words its "not found" differently.
fn as_bash(stderr: &str) -> String {
    stderr
        .lines()
        .map(|l| match l.strip_prefix("sh: 1: ").and_then(|r| r.strip_suffix(": not found")) {
            Some(cmd) => format!("bash: {cmd}: command not found\n"),
            None => format!("{l}\n"),
        })
        .collect()
}
