//! Random `Cookie` headers: parsing may not panic and must stay linear, and
//! any value quoted for `Set-Cookie` must parse back to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::cookie::{latin1_to_utf8, parse, quote_path, quote_value};

fn check_long(text: &str) {
    let _ = parse(text);
}

fuzz_target!(|data: &[u8]| {
    // A leading 0xFF (never valid UTF-8) selects the linearity check: the
    // rest, repeated to 64 KiB, must parse within libFuzzer's time limit.
    if let Some((&0xFF, rest)) = data.split_first() {
        if let Ok(text) = std::str::from_utf8(rest) {
            if !text.is_empty() {
                check_long(&text.repeat((64 * 1024) / text.len() + 1));
            }
        }
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let pairs = parse(text);
    // A parsed name is never empty and never holds a separator.
    for (name, _) in &pairs {
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
});
