//! The saved session: what localStorage keeps and what a share link carries. Versioned JSON; files are
//! stored as line edits against the shipped chart, so a link for "replicaCount: 3" is a few dozen bytes
//! instead of the whole values.yaml. The link is `#s=N.` (N the format) + base64url(JSON); see ARCHITECTURE.md for the
//! measured sizes and why it is not deflated.
//!
//! Formats: 1 is the session alone; 2 adds the lesson being followed (`lesson`: which lesson, the step, the
//! values it remembered); 3 adds charts made in the terminal (`helm create`, `cp -r`, heredocs): the editor's
//! changes to them are logged as timed `Edit` actions (line edits against the file as the working directory
//! held it at that moment, so a replay applies them after the command that made the chart), `chart` may name
//! such a chart, and `edits` may hold its unlogged changes (against the files at the end of the log); 4 treats
//! the shipped charts the same way (the editor and the terminal share their files, so a `sed -i` shows in the
//! editor): their edits are logged `Edit`s too, and their unlogged ones in `edits` are against their files at
//! the end of the log, no longer against the shipped text. Every format this page ever wrote still opens: old
//! links must keep working; a format 1 or 2 session is read by its own rules (only shipped charts), and a
//! format 1-3 session's shipped-chart edits (and helm lines carrying them) are read as they were meant, so it
//! then is a format 4 session with the same meaning (`replay` does that migration).

use super::diff::Hunk;
use crate::i18n::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The format written; [`READS`] are the formats read.
pub const VERSION: u32 = 4;
pub const READS: &[u32] = &[1, 2, 3, 4];
/// Longer hashes are refused before decoding: a hostile link must not make the page allocate freely.
const MAX_LINK: usize = 512 * 1024;
const MAX_ACTIONS: usize = 5_000;

/// One thing the learner did to the cluster, at a simulated time; replayed in order to rebuild it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Action {
    /// A shell line (terminal or toolbar). Before format 4, helm lines carried a shipped chart's edits in force
    /// when they ran (replayed still; the page no longer writes them).
    #[serde(rename = "r")]
    Run {
        at: u64,
        line: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        chart: Option<(String, Edits)>,
    },
    /// "Send requests": `n` GETs to `url`.
    #[serde(rename = "q")]
    Requests { at: u64, n: u32, url: String },
    /// A file written into the session's working directory (a lesson's manifest).
    #[serde(rename = "w")]
    Write { at: u64, path: String, text: String },
    /// A fault injected into a pod: `kill` (the process exits), `unready`/`ready` (readiness probes).
    #[serde(rename = "f")]
    Fault { at: u64, pod: String, fault: String },
    /// Ctrl-C in the terminal: ends the command still running there (a watch).
    #[serde(rename = "c")]
    Interrupt { at: u64 },
    /// The editor's change to a file of a chart in the working directory (format 3 on; shipped charts too from
    /// format 4): line edits against the file's text at that moment (a missing file counts as empty).
    #[serde(rename = "e")]
    Edit { at: u64, path: String, hunks: Vec<Hunk> },
}

impl Action {
    pub fn at(&self) -> u64 {
        match self {
            Action::Run { at, .. }
            | Action::Requests { at, .. }
            | Action::Fault { at, .. }
            | Action::Write { at, .. }
            | Action::Edit { at, .. }
            | Action::Interrupt { at } => *at,
        }
    }
}

/// Changed files of a chart: path → line edits against the shipped file.
pub type Edits = BTreeMap<String, Vec<Hunk>>;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub v: u32,
    /// The chart shown in the editor: a shipped one, or (format 3 on) a chart directory in the working directory.
    pub chart: String,
    pub seed: u64,
    /// The editor's unlogged edits per chart: against the working directory's files at the end of the log
    /// (format 3 on; for a shipped chart from format 4, before which they were against its shipped files).
    pub edits: BTreeMap<String, Edits>,
    pub log: Vec<Action>,
    /// Simulated time when saved.
    pub now: u64,
    /// The lesson open when saved (format 2 on); its checks see the cluster the log rebuilds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<crate::lessons::Progress>,
}

/// The shipped text files of a chart (UTF-8 ones; binary files are never edited).
pub fn shipped(chart: &str) -> BTreeMap<String, String> {
    crate::sort::btree_map(
        crate::charts::files(chart)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(p, b)| String::from_utf8(b).ok().map(|s| (p, s))),
    )
}

pub fn edits_of(chart: &str, files: &BTreeMap<String, String>) -> Edits {
    let base = shipped(chart);
    files
        .iter()
        .filter(|(p, t)| base.get(*p) != Some(*t))
        .map(|(p, t)| (p.clone(), super::diff::patch(base.get(p).map_or("", String::as_str), t)))
        .collect()
}

/// The chart's files with `edits` applied; an edit to a file the chart does not ship starts from empty.
pub fn apply_edits(chart: &str, edits: &Edits) -> Result<BTreeMap<String, String>, Message> {
    let mut files = shipped(chart);
    if files.is_empty() && !edits.is_empty() {
        return Err(Message::new("share_err_chart").arg("chart", chart));
    }
    for (path, hunks) in edits {
        let base = files.get(path).map_or("", String::as_str);
        let text = super::diff::apply(base, hunks)
            .map_err(|e| Message::new("share_err_file").arg("path", path.clone()).arg("error", e))?;
        files.insert(path.clone(), text);
    }
    Ok(files)
}

pub fn to_json(s: &Saved) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

pub fn from_json(text: &str) -> Result<Saved, Message> {
    let s: Saved =
        serde_json::from_str(text).map_err(|e| Message::new("share_err_not_session").arg("error", e.to_string()))?;
    if !READS.contains(&s.v) {
        return Err(another_version(&s.v.to_string()));
    }
    if s.v == 1 && s.lesson.is_some() {
        return Err(Message::new("share_err_lesson_v1"));
    }
    if s.v < 3 {
        // Before format 3 the page knew only the shipped charts: another name is an error, as it always was.
        let names = crate::charts::names();
        if let Some(c) = std::iter::once(&s.chart).chain(s.edits.keys()).find(|c| !names.contains(&c.as_str())) {
            return Err(Message::new("replay_err_chart").arg("chart", c.clone()));
        }
        if s.log.iter().any(|a| matches!(a, Action::Edit { .. })) {
            return Err(Message::new("share_err_edit_old").arg("format", s.v.to_string()));
        }
    }
    if s.log.len() > MAX_ACTIONS {
        return Err(Message::new("share_err_actions")
            .arg("n", s.log.len().to_string())
            .arg("max", MAX_ACTIONS.to_string()));
    }
    if s.log.windows(2).any(|w| w[0].at() > w[1].at()) || s.log.last().is_some_and(|a| a.at() > s.now) {
        return Err(Message::new("share_err_order"));
    }
    Ok(s)
}

/// The URL fragment for a session: `s=N.` (N its format) + base64url of its JSON.
pub fn to_fragment(s: &Saved) -> String {
    format!("s={VERSION}.{}", base64url_encode(to_json(s).as_bytes()))
}

/// Reads a fragment (without `#`). `Ok(None)` when it holds no session at all.
pub fn from_fragment(frag: &str) -> Result<Option<Saved>, Message> {
    let Some(body) = frag.strip_prefix("s=") else { return Ok(None) };
    if body.len() > MAX_LINK {
        return Err(Message::new("share_err_size").arg("kb", (body.len() / 1024).to_string()));
    }
    let (ver, data) = body.split_once('.').ok_or_else(|| Message::new("share_err_cut"))?;
    if !READS.iter().any(|v| v.to_string() == ver) {
        return Err(another_version(ver));
    }
    let bytes = base64url_decode(data).ok_or_else(|| Message::new("share_err_base64"))?;
    let text = String::from_utf8(bytes).map_err(|_| Message::new("share_err_utf8"))?;
    let s = from_json(&text)?;
    if s.v.to_string() != ver {
        return Err(Message::new("share_err_marked").arg("marked", ver).arg("holds", s.v.to_string()));
    }
    Ok(Some(s))
}

fn another_version(ver: &str) -> Message {
    let reads = READS.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    Message::new("share_err_version").arg("format", ver).arg("reads", reads)
}

pub use crate::base64::{decode_url as base64url_decode, encode_url as base64url_encode};
