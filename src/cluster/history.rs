//! ControllerRevision naming and hashing (pkg/controller/history/controller_history.go) and the pod-template hash
//! of Deployments: FNV-32 of the data plus the collision count, written with `rand.SafeEncodeString`.

use serde_json::Value;

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

/// `HashControllerRevision`: the hash part of a revision name (`web-6c5cc6b8f` → `6c5cc6b8f`). The StatefulSet
/// controller always passes a collision count (`status.collisionCount`, 0 when unset), so its decimal text is
/// always hashed after the data.
pub fn revision_hash(data: &str, collision_count: i64) -> String {
    let mut bytes = data.as_bytes().to_vec();
    bytes.extend_from_slice(collision_count.to_string().as_bytes());
    safe_encode(&fnv32(&bytes).to_string())
}

/// `ControllerRevisionName`: a prefix longer than 223 bytes is cut so the name stays within 253.
pub fn revision_name(prefix: &str, hash: &str) -> String {
    let mut end = prefix.len().min(223);
    // Object names are ASCII, so the cut never splits a character; the loop only guards against a panic.
    while !prefix.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}-{hash}", &prefix[..end])
}

/// Go's `json.Marshal` of the `map[string]interface{}` that `getPatch` (pkg/controller/statefulset/
/// stateful_set_utils.go) builds by unmarshalling the encoded StatefulSet: keys sorted, every number a float64
/// (`%f`-like below 1e21 and from 1e-6, exponent form outside), `<`, `>`, `&`, U+2028 and U+2029 escaped as
/// `\u00XX`. These bytes are what the revision's name hashes, so they must be Go's exactly.
pub fn go_marshal(v: &Value) -> String {
    let mut out = String::new();
    crate::gojson::marshal(&mut out, v);
    out
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

    /// The raw data and names of kubernetes/kubernetes pkg/controller/statefulset/stateful_set_compatibility_test.go
    /// (1.33) and testdata/compatibility_revision_1.34.0.json, made by real controllers.
    #[test]
    fn upstream_revisions_hash_to_their_recorded_names() {
        let v133 = r#"{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}"#;
        let v134 = v133.replace(r#","creationTimestamp":null"#, "");
        for (raw, name) in [(v133, "test-c77f6d978"), (&v134, "test-776999688b")] {
            assert_eq!(revision_name("test", &revision_hash(raw, 0)), name);
            // Re-marshalled from a parsed map, the bytes come out the same.
            assert_eq!(go_marshal(&serde_json::from_str(raw).unwrap()), raw);
        }
    }

    /// tests/cluster_scenarios/manifests/upstream_revisions.yaml: manifests whose revision name real clusters
    /// recorded, defaulted by our API server and hashed by our controller code.
    #[test]
    fn recorded_revision_names_come_out_of_defaulting_and_hashing() {
        use serde::Deserialize;
        let text = include_str!("../../tests/cluster_scenarios/manifests/upstream_revisions.yaml");
        let mut checked = 0;
        for doc in serde_norway::Deserializer::from_str(text) {
            let mut set = Value::deserialize(doc).unwrap();
            let ann = |k: &str| set["metadata"]["annotations"][k].as_str().unwrap_or_default().to_string();
            let (want, old) = (ann("stsplay.test/revision"), ann("stsplay.test/creation-timestamp-null") == "true");
            crate::cluster::defaults::apply(&mut set, None);
            let mut data = crate::cluster::statefulset::revision_data(&set);
            if old {
                data["spec"]["template"]["metadata"]["creationTimestamp"] = Value::Null;
            }
            let name = set["metadata"]["name"].as_str().unwrap();
            assert_eq!(revision_name(name, &revision_hash(&go_marshal(&data), 0)), want, "{}", go_marshal(&data));
            checked += 1;
        }
        assert_eq!(checked, 6);
    }

    #[test]
    fn go_marshal_escapes_and_numbers_as_encoding_json() {
        let v = serde_json::json!({"b": "a<b>&c\u{2028}\n", "a": [1, 1.5, 1e21, 0.0000001, -0.0, 9007199254740993u64]});
        assert_eq!(
            go_marshal(&v),
            r#"{"a":[1,1.5,1e+21,1e-7,-0,9007199254740992],"b":"a\u003cb\u003e\u0026c\u2028\n"}"#
        );
        assert_eq!(revision_name(&"x".repeat(300), "h").len(), 225);
    }
}
