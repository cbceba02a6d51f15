//! libFuzzer's entry for the `routing` target. The checks are in
//! `rostzeug_fuzz::targets::routing`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::routing::run(data));
