//! ControllerRevision naming and hashing (pkg/controller/history/controller_history.go) and the pod-template hash
//! of Deployments: FNV-32 of the data plus the collision count, written with `rand.SafeEncodeString`.

/// FNV-1 32-bit (Go's `hash/fnv` New32, which `HashControllerRevision` uses).
pub fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h = h.wrapping_mul(0x0100_0193);
        h ^= *b as u32;
    }
    h
}

/// FNV-1a 32-bit (`ComputeHash` of pod templates uses `fnv.New32a`).
pub fn fnv32a(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// apimachinery `rand.SafeEncodeString`: each byte maps into the vowel-free alphabet, so decimal digits become
/// `4 5 6 7 8 9 b c d f`.
pub fn safe_encode(s: &str) -> String {
    const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    s.bytes().map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char).collect()
}

/// `HashControllerRevision`: the hash part of a revision name (`web-6c5cc6b8f` → `6c5cc6b8f`).
pub fn revision_hash(data: &str, collision_count: i64) -> String {
    let mut bytes = data.as_bytes().to_vec();
    bytes.extend_from_slice(collision_count.to_string().as_bytes());
    safe_encode(&fnv32(&bytes).to_string())
}

/// `controller.ComputeHash` for a Deployment's pod template (`pod-template-hash`).
pub fn template_hash(template: &str, collision_count: i64) -> String {
    let mut bytes = template.as_bytes().to_vec();
    if collision_count != 0 {
        bytes.extend_from_slice(collision_count.to_string().as_bytes());
    }
    safe_encode(&fnv32a(&bytes).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_use_the_safe_alphabet() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(fnv32a(b""), 0x811c_9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c_292c);
        assert_eq!(fnv32(b"a"), 0x050c_5d7e);
        let h = revision_hash("{}", 0);
        assert!(h.chars().all(|c| "456789bcdf".contains(c)), "{h}");
    }
}
