//! The shell: one interpreter for the page's terminal and `stsplay run` (kubectl, helm, curl, hey,
//! nslookup, sleep, heredocs).

/// Runs a script against a fresh simulated cluster and returns the transcript (`$ line` then output).
/// (Filled in by issue 5.)
pub fn run_script(script: &str, _seed: u64) -> String {
    let mut out = String::new();
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        out.push_str(&format!("$ {line}\nbash: {}: command not found\n", line.split_whitespace().next().unwrap_or("")));
    }
    out
}
