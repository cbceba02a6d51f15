//! libFuzzer's entry for the `csp` target. The checks are in
//! `rostzeug_fuzz::targets::csp`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::csp::run(data));
