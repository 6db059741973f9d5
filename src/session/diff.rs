//! Line diffs: which manifest lines changed since the last render, and the compact edits a share link
//! stores instead of whole files. Common prefix and suffix are trimmed first, so a typical edit (a few
//! lines) leaves a tiny middle for the quadratic LCS; past a size cap the middle is treated as replaced.

/// One replacement: at line `at` of the old text (0-based), drop `del` lines and insert `ins`.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hunk(pub usize, pub usize, pub Vec<String>);

const LCS_CELLS_MAX: usize = 4_000_000;

/// For each line of `new`, whether it is absent from a longest common subsequence with `old`.
pub fn changed_lines(old: &[&str], new: &[&str]) -> Vec<bool> {
    let mut changed = vec![false; new.len()];
    for h in hunks(old, new) {
        let start = h.0 as isize + h.3;
        for i in 0..h.2 {
            changed[(start + i as isize) as usize] = true;
        }
    }
    changed
}

/// (old index, old count deleted, new count inserted, offset of new index relative to old index).
fn hunks(old: &[&str], new: &[&str]) -> Vec<(usize, usize, usize, isize)> {
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let max_suf = old.len().min(new.len()) - pre;
    let suf = old.iter().rev().zip(new.iter().rev()).take(max_suf).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    if a.is_empty() && b.is_empty() {
        return Vec::new();
    }
    if a.len().saturating_mul(b.len()) > LCS_CELLS_MAX || a.is_empty() || b.is_empty() {
        return vec![(pre, a.len(), b.len(), 0)];
    }
    // lcs[i][j] = LCS length of a[i..] and b[j..].
    let w = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] =
                if a[i] == b[j] { lcs[(i + 1) * w + j + 1] + 1 } else { lcs[(i + 1) * w + j].max(lcs[i * w + j + 1]) };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    let mut cur: Option<(usize, usize, usize, isize)> = None;
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.extend(cur.take());
            i += 1;
            j += 1;
            continue;
        }
        let h = cur.get_or_insert((pre + i, 0, 0, j as isize - i as isize));
        if j < b.len() && (i == a.len() || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
            h.2 += 1;
            j += 1;
        } else {
            h.1 += 1;
            i += 1;
        }
    }
    out.extend(cur);
    out
}

/// The edits turning `old` into `new`, split on '\n' (so a trailing newline is kept exactly).
pub fn patch(old: &str, new: &str) -> Vec<Hunk> {
    let (o, n): (Vec<&str>, Vec<&str>) = (old.split('\n').collect(), new.split('\n').collect());
    hunks(&o, &n)
        .into_iter()
        .map(|(at, del, ins, off)| {
            let from = (at as isize + off) as usize;
            Hunk(at, del, n[from..from + ins].iter().map(|s| s.to_string()).collect())
        })
        .collect()
}

/// Applies [`patch`]'s hunks; a hunk outside the text (a link made against another chart version) is an error.
pub fn apply(old: &str, hunks: &[Hunk]) -> Result<String, String> {
    let lines: Vec<&str> = old.split('\n').collect();
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut pos = 0;
    for Hunk(at, del, ins) in hunks {
        if *at < pos || at.checked_add(*del).is_none_or(|e| e > lines.len()) {
            return Err(format!("an edit at line {} does not fit the file ({} lines)", at + 1, lines.len()));
        }
        out.extend_from_slice(&lines[pos..*at]);
        out.extend(ins.iter().map(String::as_str));
        pos = at + del;
    }
    out.extend_from_slice(&lines[pos..]);
    Ok(out.join("\n"))
}
