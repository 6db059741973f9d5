//! Values YAML + `--set` parsing through a full render of the shipped chart: input is a values file, then
//! after a NUL byte one `--set` argument per line (a leading `s:` makes it `--set-string`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (values, sets) = text.split_once('\0').unwrap_or((&text, ""));
    stsplay::robustness::render_values(values, sets);
});
