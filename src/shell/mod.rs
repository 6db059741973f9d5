//! The shell: one interpreter for the page's terminal and `stsplay run` (kubectl, helm, curl, hey,
//! nslookup, sleep, timeout, heredocs). It owns a [`Cluster`] and a working directory holding the shipped
//! charts (`./python-time-app`, `./scala-time-app`) plus whatever files the session writes.
//! (Skeleton: the commands are issue 5's work.)

use crate::cluster::Cluster;

/// An interactive session: the cluster, the working directory's files, the environment.
pub struct Session {
    cluster: Cluster,
}

impl Session {
    pub fn new(seed: u64) -> Session {
        Session { cluster: Cluster::new(seed) }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn cluster_mut(&mut self) -> &mut Cluster {
        &mut self.cluster
    }

    /// Runs one command line; returns what the terminal shows (stdout and stderr interleaved as printed).
    pub fn run_line(&mut self, line: &str) -> String {
        format!("bash: {}: command not found\n", line.split_whitespace().next().unwrap_or(""))
    }
}

/// Runs a script against a fresh simulated cluster and returns the transcript (`$ line` then output).
pub fn run_script(script: &str, seed: u64) -> String {
    let mut session = Session::new(seed);
    let mut out = String::new();
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        out.push_str(&format!("$ {line}\n"));
        out.push_str(&session.run_line(line));
    }
    out
}
