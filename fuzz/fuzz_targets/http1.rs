//! libFuzzer's entry for the `http1` target. The checks are in
//! `rostzeug_fuzz::targets::http1`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::http1::run(data));
