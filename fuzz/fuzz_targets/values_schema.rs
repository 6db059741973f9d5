//! values.schema.json validation, `format` checks included: input is a schema, then after a NUL byte a values
//! file, rendered over the shipped chart.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (schema, values) = text.split_once('\0').unwrap_or((&text, ""));
    stsplay::robustness::render_schema(schema, values);
});
