//! Tab completion for the page's terminal, as bash with kubectl's and helm's completion scripts offers it:
//! commands, kubectl verbs, resource types, object names (`pod/NAME` too), helm verbs and releases, files.
//! [`Session::tab`] is what one Tab press does to the line: complete, extend to the common prefix, or list
//! the candidates in readline's columns.

use super::{kinds, kubectl, Session};

const COMMANDS: &[&str] = &[
    "awk",
    "base64",
    "basename",
    "bash",
    "cat",
    "cd",
    "chmod",
    "clear",
    "column",
    "cp",
    "curl",
    "cut",
    "date",
    "diff",
    "dirname",
    "du",
    "echo",
    "eval",
    "export",
    "expr",
    "fg",
    "find",
    "getopts",
    "grep",
    "head",
    "helm",
    "help",
    "hey",
    "history",
    "hostname",
    "jobs",
    "jq",
    "kill",
    "kubectl",
    "less",
    "let",
    "ls",
    "mapfile",
    "minikube",
    "mkdir",
    "more",
    "mv",
    "nl",
    "nslookup",
    "paste",
    "printf",
    "pwd",
    "readarray",
    "rev",
    "rm",
    "rmdir",
    "sed",
    "sh",
    "md5sum",
    "sha256sum",
    "shift",
    "shopt",
    "sleep",
    "sort",
    "source",
    "stat",
    "tac",
    "tail",
    "tee",
    "timeout",
    "touch",
    "tr",
    "trap",
    "type",
    "uname",
    "uniq",
    "unset",
    "watch",
    "wc",
    "which",
    "whoami",
    "xargs",
];
const KUBECTL_VERBS: &[&str] = &[
    "annotate",
    "api-resources",
    "apply",
    "cluster-info",
    "config",
    "cordon",
    "create",
    "delete",
    "describe",
    "diff",
    "drain",
    "edit",
    "events",
    "exec",
    "explain",
    "expose",
    "get",
    "label",
    "logs",
    "patch",
    "port-forward",
    "replace",
    "rollout",
    "run",
    "scale",
    "set",
    "taint",
    "uncordon",
    "version",
    "wait",
];
const HELM_VERBS: &[&str] = &[
    "create",
    "dependency",
    "get",
    "history",
    "install",
    "lint",
    "list",
    "package",
    "pull",
    "repo",
    "rollback",
    "search",
    "show",
    "status",
    "template",
    "test",
    "uninstall",
    "upgrade",
];

/// What one Tab press does to the line.
#[derive(Clone, Debug, PartialEq)]
pub struct Tab {
    /// The line after completing (unchanged when nothing or several things match).
    pub line: String,
    /// Several candidates and nothing more to add: the listing bash prints under the prompt.
    pub listing: Option<String>,
}

/// readline's listing (complete.c rl_display_match_list): columns as wide as the longest candidate plus
/// two, as many as fit the screen, filled top to bottom.
pub fn columns(cands: &[String], screen: usize) -> String {
    let max = cands.iter().map(|c| c.chars().count()).max().unwrap_or(0) + 2;
    let mut per_row = (screen / max).max(1);
    if per_row != 1 && per_row * max == screen {
        per_row -= 1;
    }
    let rows = cands.len().div_ceil(per_row);
    let mut out = String::new();
    for r in 0..rows {
        let mut line = String::new();
        for c in 0..per_row {
            let Some(cand) = cands.get(r + c * rows) else { break };
            line.push_str(cand);
            if cands.get(r + (c + 1) * rows).is_some() {
                line.push_str(&" ".repeat(max - cand.chars().count()));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

impl Session {
    /// One Tab press on `line` (the text before the cursor).
    pub fn tab(&self, line: &str) -> Tab {
        let cands = self.complete(line);
        let partial = if line.ends_with(' ') { "" } else { line.rsplit(' ').next().unwrap_or("") };
        let head = &line[..line.len() - partial.len()];
        match cands.as_slice() {
            [] => Tab { line: line.to_string(), listing: None },
            [one] => {
                let space = if one.ends_with('/') { "" } else { " " };
                Tab { line: format!("{head}{one}{space}"), listing: None }
            }
            many => {
                let mut common = many[0].clone();
                for c in &many[1..] {
                    let n = common.chars().zip(c.chars()).take_while(|(a, b)| a == b).count();
                    common = common.chars().take(n).collect();
                }
                if common.len() > partial.len() {
                    Tab { line: format!("{head}{common}"), listing: None }
                } else {
                    Tab { line: line.to_string(), listing: Some(columns(many, 80)) }
                }
            }
        }
    }

    /// Tab completion for the terminal: candidates for the last word of `line` (commands, kubectl verbs,
    /// resource types, object names of the type before, helm releases and verbs, file paths), sorted.
    pub fn complete(&self, line: &str) -> Vec<String> {
        let words: Vec<&str> = line.split_whitespace().collect();
        let partial = if line.ends_with(' ') || line.is_empty() { "" } else { words.last().copied().unwrap_or("") };
        let done: Vec<&str> = if partial.is_empty() { words.clone() } else { words[..words.len() - 1].to_vec() };
        let prev = done.last().copied().unwrap_or("");
        let mut cands: Vec<String> = Vec::new();
        let files = |s: &Session| -> Vec<String> {
            let (dir, _) = partial.rsplit_once('/').unwrap_or(("", partial));
            let base = if dir.is_empty() { String::new() } else { format!("{dir}/") };
            let entries = s.entries(if dir.is_empty() { "." } else { dir });
            entries.into_iter().map(|(n, d)| format!("{base}{n}{}", if d { "/" } else { "" })).collect::<Vec<_>>()
        };
        match done.first().copied() {
            None => cands.extend(COMMANDS.iter().map(|c| c.to_string())),
            Some("kubectl") | Some("k") => {
                let verb = done.get(1).copied();
                if matches!(prev, "-f" | "--filename") {
                    cands = files(self);
                } else if let Some((res, _)) = partial.split_once('/').and_then(|(t, n)| Some((kinds::lookup(t)?, n))) {
                    let t = &partial[..partial.find('/').unwrap_or(0)];
                    cands.extend(
                        self.cluster
                            .list(res.kind, Some("default"))
                            .iter()
                            .map(|o| format!("{t}/{}", kubectl::name_of(o))),
                    );
                } else if done.len() == 1 {
                    cands.extend(KUBECTL_VERBS.iter().map(|c| c.to_string()));
                } else if matches!(prev, "-n" | "--namespace") {
                    cands.extend(self.cluster.list("Namespace", None).iter().map(|o| kubectl::name_of(o).to_string()));
                } else if verb == Some("rollout") && done.len() == 2 {
                    cands.extend(["history", "pause", "restart", "resume", "status", "undo"].map(String::from));
                } else if done.len() == 2 && verb.is_some_and(|v| !matches!(v, "exec" | "logs" | "port-forward")) {
                    cands.extend(kinds::RESOURCES.iter().map(|r| r.plural.to_string()));
                    cands.extend(kinds::RESOURCES.iter().flat_map(|r| r.short.iter().map(|s| s.to_string())));
                } else {
                    let kind = if matches!(verb, Some("exec" | "logs" | "port-forward")) {
                        Some("Pod")
                    } else {
                        done.get(2).and_then(|t| kinds::lookup(t)).map(|r| r.kind)
                    };
                    if let Some(kind) = kind {
                        cands.extend(
                            self.cluster.list(kind, Some("default")).iter().map(|o| kubectl::name_of(o).to_string()),
                        );
                    }
                }
            }
            Some("helm") => {
                if done.len() == 1 {
                    cands.extend(HELM_VERBS.iter().map(|c| c.to_string()));
                } else if matches!(prev, "-f" | "--values") || done.len() >= 3 {
                    cands = files(self);
                } else {
                    let mut rel: Vec<String> = self
                        .cluster
                        .list("Secret", Some("default"))
                        .iter()
                        .filter_map(|s| s.pointer("/metadata/labels/name").and_then(|v| v.as_str()).map(str::to_string))
                        .collect();
                    rel.dedup();
                    cands.extend(rel);
                }
            }
            Some(_) => cands = files(self),
        }
        cands.retain(|c| c.starts_with(partial));
        crate::sort::sort(&mut cands);
        cands.dedup();
        cands
    }
}

#[cfg(test)]
mod completion_tests {
    use super::*;

    #[test]
    fn completes_commands_kinds_names_and_files() {
        let mut s = Session::new(1);
        assert_eq!(s.complete("kub"), vec!["kubectl"]);
        assert!(s.complete("kubectl ge").contains(&"get".to_string()));
        assert_eq!(s.complete("kubectl get statef"), vec!["statefulsets"]);
        assert_eq!(s.complete("kubectl expl"), vec!["explain"]);
        assert_eq!(s.complete("kubectl explain statef"), vec!["statefulsets"]);
        assert_eq!(s.complete("kubectl get svc kube"), vec!["kubernetes"]);
        assert_eq!(s.complete("cat python-time-app/Ch"), vec!["python-time-app/Chart.yaml"]);
        assert_eq!(s.complete("helm install x ./py"), vec!["./python-time-app/"]);
        assert_eq!(s.complete("helm install x py"), vec!["python-time-app/"]);
        s.run_line("echo hi > notes.txt");
        assert_eq!(s.complete("kubectl apply -f no"), vec!["notes.txt"]);
        assert_eq!(s.complete("kubectl describe svc/ku"), vec!["svc/kubernetes"]);
        s.run_line("helm create mychart");
        assert_eq!(s.complete("cd mychart/ch"), vec!["mychart/charts/"]);
    }

    #[test]
    fn one_tab_completes_extends_or_lists() {
        let s = Session::new(1);
        assert_eq!(s.tab("kubectl get statef").line, "kubectl get statefulsets ");
        assert_eq!(s.tab("cat python-time-app/te").line, "cat python-time-app/templates/");
        // `kubectl get p` matches pods, po, persistentvolumes, ...: the common prefix is `p` already
        let t = s.tab("kubectl get p");
        assert_eq!(t.line, "kubectl get p");
        let listing = t.listing.unwrap_or_default();
        assert!(listing.contains("pods") && listing.contains("pvc"), "{listing}");
        assert_eq!(s.tab("kubectl get persistentvolumec").line, "kubectl get persistentvolumeclaims ");
        assert_eq!(s.tab("zzz").listing, None);
    }

    #[test]
    fn listing_fills_columns_top_to_bottom() {
        let c: Vec<String> = ["a", "bb", "ccc", "d", "e"].iter().map(|s| s.to_string()).collect();
        // max 3 + 2 = 5 wide; 12 / 5 = 2 per row; 3 rows
        assert_eq!(columns(&c, 12), "a    d\nbb   e\nccc\n");
    }
}
