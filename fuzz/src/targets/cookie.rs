//! Random `Cookie` headers: parsing never panics and stays linear, and any
//! value quoted for `Set-Cookie` parses back to itself.

use crate::fuzz_text;
use rostzeug_core::cookie::{latin1_to_utf8, parse, quote_path, quote_value};

fn check(text: &str) {
    // A parsed name is never empty and never holds a separator.
    for (name, _) in parse(text) {
        assert!(!name.is_empty());
        assert!(!name.contains([';', '=', ' ', '\t', '"']));
    }
    let _ = latin1_to_utf8(text);
    let _ = quote_path(text);

    let header = format!("k={}", quote_value(text));
    let parsed = parse(&header);
    assert_eq!(parsed.len(), 1);
    if let Some((name, value)) = parsed.first() {
        assert_eq!(*name, "k");
        assert_eq!(value, text);
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse(long);
    });
}
