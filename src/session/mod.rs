//! The saved and shared session: what the page keeps in localStorage and puts in a share link (chart edits as
//! line diffs against the shipped chart, the learner's actions with their simulated times, the seed, the
//! lesson being followed), its versioned JSON and URL-fragment encodings, the line diff they use, and the
//! replay that rebuilds a cluster from them. Pure, so the CLI, native tests and the fuzzers decode and replay
//! exactly what the page does.
//!
//! Invariant: decoding never trusts its input; a hostile or truncated link is an error message, never a panic.

pub mod diff;
pub mod package;
pub mod replay;
pub mod share;
