//! Random `Cache-Control` values: the parser never panics, yields each
//! directive once with a non-empty name, and stays linear.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use rostzeug_core::cache_control::parse_cache_control;
use rostzeug_fuzz::fuzz_text;

fn check(text: &str) {
    let mut seen = HashSet::new();
    for (name, _) in parse_cache_control(text) {
        assert!(!name.is_empty() || text.contains('*'));
        assert!(seen.insert(name.clone()), "directive {name:?} twice");
    }
}

fuzz_target!(|data: &[u8]| {
    fuzz_text(data, check, |long| {
        parse_cache_control(long);
    });
});
