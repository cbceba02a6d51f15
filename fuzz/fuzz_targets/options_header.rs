//! Random header values through the list, dict and options header parsers:
//! none may panic, each must stay linear, and quoting must round-trip.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::header::{parse_dict, parse_list, parse_options, quote, unquote};

fn check_long(text: &str) {
    let _ = parse_options(text);
    let _ = parse_list(text);
    let _ = parse_dict(text);
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
    let _ = parse_options(text);
    let _ = parse_list(text);
    let _ = parse_dict(text);
    // Quoting and unquoting round-trip any value.
    assert_eq!(unquote(&quote(text, false)), text);
});
