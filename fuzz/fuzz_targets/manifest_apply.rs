//! Manifest apply: the input is a YAML stream given to `kubectl apply -f`.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stsplay::robustness::apply_manifest(&String::from_utf8_lossy(data));
});
