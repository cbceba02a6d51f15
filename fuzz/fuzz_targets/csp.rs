//! Random `Content-Security-Policy` values: the parser never panics, names are
//! non-empty without separators, and it stays linear.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::csp::parse_csp;
use rostzeug_fuzz::fuzz_text;

fn check(text: &str) {
    for (directive, value) in parse_csp(text) {
        assert!(!directive.contains([';', ' ']));
        assert!(!value.contains(';'));
    }
}

fuzz_target!(|data: &[u8]| {
    fuzz_text(data, check, |long| {
        parse_csp(long);
    });
});
