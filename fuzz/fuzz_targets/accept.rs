//! libFuzzer's entry for the `accept` target. The checks are in
//! `rostzeug_fuzz::targets::accept`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::accept::run(data));
