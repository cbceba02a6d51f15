//! libFuzzer's entry for the `reloader_fnmatch` target. The checks are in
//! `rostzeug_fuzz::targets::reloader_fnmatch`, which the corpus replay of
//! `cargo test` runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::reloader_fnmatch::run(data));
