//! libFuzzer's entry for the `options_header` target. The checks are in
//! `rostzeug_fuzz::targets::options_header`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::options_header::run(data));
