//! The saved and shared session: what the page keeps in localStorage and puts in a share link (chart edits as
//! line diffs against the shipped chart, the learner's actions with their simulated times, the seed), its
//! versioned JSON and URL-fragment encodings, and the line diff they use. Pure, so the CLI, native tests and
//! the fuzzers can decode exactly what the page decodes.
//!
//! Invariant: decoding never trusts its input; a hostile or truncated link is an error message, never a panic.

pub mod diff;
pub mod share;
