//! libFuzzer's entry for the `cookie` target. The checks are in
//! `rostzeug_fuzz::targets::cookie`, which the corpus replay of `cargo test`
//! runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::cookie::run(data));
