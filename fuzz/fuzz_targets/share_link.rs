//! Share-link decoding: the input is a URL fragment.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stsplay::robustness::decode_share_link(&String::from_utf8_lossy(data));
});
