//! Random `Cache-Control` values: the parser never panics, yields each
//! directive once with a non-empty name, and stays linear.

use std::collections::HashSet;

use crate::fuzz_text;
use rostzeug_core::cache_control::parse_cache_control;

fn check(text: &str) {
    let mut seen = HashSet::new();
    for (name, _) in parse_cache_control(text) {
        assert!(!name.is_empty() || text.contains('*'));
        assert!(seen.insert(name.clone()), "directive {name:?} twice");
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_cache_control(long);
    });
}
