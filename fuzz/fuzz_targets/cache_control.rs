//! libFuzzer's entry for the `cache_control` target. The checks are in
//! `rostzeug_fuzz::targets::cache_control`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::cache_control::run(data));
