//! Random `Content-Security-Policy` values: the parser never panics, names are
//! non-empty without separators, and it stays linear.

use crate::fuzz_text;
use rostzeug_core::csp::parse_csp;

fn check(text: &str) {
    for (directive, value) in parse_csp(text) {
        assert!(!directive.contains([';', ' ']));
        assert!(!value.contains(';'));
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_csp(long);
    });
}
