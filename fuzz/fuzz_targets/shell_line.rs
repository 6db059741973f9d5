//! Shell command parsing and execution: each input line is typed into one session.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    stsplay::robustness::shell_lines(&String::from_utf8_lossy(data));
});
