//! Template parse + execute: the input replaces the chart's statefulset template.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stsplay::robustness::render_template(&String::from_utf8_lossy(data));
});
