//! Stable sorting that costs the page one sort, not one per element type.
//!
//! `slice::sort_by` is monomorphised for every element type and comparator: in the release wasm that was 45
//! copies of driftsort (about 3.5 KB each, 158 KB after wasm-opt, 9 % of the code). These functions sort a
//! permutation of indices with one non-generic merge sort behind a `dyn` comparator and then move the elements,
//! so each call site adds only a closure and a swap loop. The order is the same as `slice::sort_by`'s: stable,
//! equal elements keep their relative order. Speed is not a concern at the sizes sorted here (a few thousand
//! objects at most); the merge sort is O(n log n).
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let perm = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, perm);
}

/// `v.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `pairs.collect::<BTreeMap<_, _>>()`: the standard `FromIterator` sorts the pairs first, one more sort in the
/// wasm per key/value type; inserting them one by one needs none. Equal keys: the last value wins, as with `collect`.
pub fn btree_map<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut m = BTreeMap::new();
    m.extend(pairs);
    m
}

/// The stable sorted order of `0..n` under `cmp` (bottom-up merge sort).
#[inline(never)]
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut b[lo..hi] {
                // Take from the right run only when it is strictly smaller: that keeps the sort stable.
                if j < hi && (i >= mid || cmp(a[j], a[i]) == Ordering::Less) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Rearranges `v` so that the new `v[i]` is the old `v[perm[i]]`, following each cycle of the permutation.
fn permute<T>(v: &mut [T], mut perm: Vec<usize>) {
    for start in 0..perm.len() {
        let mut cur = start;
        while perm[cur] != cur {
            let next = std::mem::replace(&mut perm[cur], cur);
            if next == start {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Against the standard library's stable sort on seeded pseudo-random inputs with many equal keys, so a
    /// wrong merge or an unstable tie shows as a different order of the tagged elements.
    #[test]
    fn same_order_as_std_stable_sort() {
        let mut seed = 0x9e37_79b9_u64;
        for len in (0..70).chain([255, 256, 257, 1000]) {
            let v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 7) as u8, i)
                })
                .collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            let mut std = v.clone();
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "len {len}");
            let mut all = v.clone();
            sort(&mut all);
            let mut std_all = v;
            std_all.sort();
            assert_eq!(all, std_all, "len {len}");
        }
    }

    /// Every slice sort in code the page ships goes through this module; a new `v.sort()` would quietly add
    /// another copy of the standard library's sort to the wasm. Native-only code (`serve`) and tests may sort freely.
    #[test]
    fn the_page_code_sorts_only_through_this_module() {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                let skip =
                    p.ends_with("serve") || p.ends_with("sort.rs") || p.ends_with("tests.rs") || p.ends_with("bin");
                if p.is_dir() && !skip {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") && !skip {
                    let text = std::fs::read_to_string(&p).unwrap();
                    let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
                    for (i, line) in shipped.lines().enumerate() {
                        let hits = [".sort(", ".sort_by(", ".sort_by_key(", ".sort_unstable"];
                        if hits.iter().any(|h| line.contains(h)) && !line.trim_start().starts_with("//") {
                            out.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut found);
        assert!(found.is_empty(), "use crate::sort::* instead of slice sorts:\n{}", found.join("\n"));
    }
}
