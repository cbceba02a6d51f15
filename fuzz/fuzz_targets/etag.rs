//! Random entity tag lists: the parsers never panic, no tag holds a quote
//! (quoted tags end at the first one, unquoted tags stop before it), and the
//! work stays linear on 100 KiB inputs (unclosed quotes and long runs
//! included).

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::etag::{parse_etags, unquote_etag};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tags = parse_etags(text);
    for tag in tags.strong.iter().chain(&tags.weak) {
        assert!(!tag.contains('"'));
    }
    if let Some((tag, _)) = unquote_etag(text) {
        assert!(text.contains(tag));
    }
    if !text.is_empty() {
        let long = text.repeat((100 * 1024) / text.len() + 1);
        let _ = parse_etags(&long);
    }
});
