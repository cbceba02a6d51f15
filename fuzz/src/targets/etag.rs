//! Random entity tag lists: the parsers never panic, no tag holds a quote
//! (quoted tags end at the first one, unquoted tags stop before it), and the
//! work stays linear (unclosed quotes and long runs included).

use crate::fuzz_text;
use rostzeug_core::etag::{parse_etags, unquote_etag};

fn check(text: &str) {
    let tags = parse_etags(text);
    for tag in tags.strong.iter().chain(&tags.weak) {
        assert!(!tag.contains('"'));
    }
    if let Some((tag, _)) = unquote_etag(text) {
        assert!(text.contains(tag));
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_etags(long);
    });
}
