//! libFuzzer's entry for the `user_agent` target. The checks are in
//! `rostzeug_fuzz::targets::user_agent`, which the corpus replay of
//! `cargo test` runs too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rostzeug_fuzz::targets::user_agent::run(data));
