//! Random date strings: parsing may not panic and must stay linear, and any
//! valid date formatted as an HTTP date must parse back to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::date::{format_http_date, parse_date, DateTime, ParsedDate};

fn check_long(text: &str) {
    let _ = parse_date(text);
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
    if let ParsedDate::Valid(parsed) = parse_date(text) {
        let formatted = format_http_date(
            parsed.year,
            parsed.month,
            parsed.day,
            parsed.hour,
            parsed.minute,
            parsed.second,
        );
        assert_eq!(
            parse_date(&formatted),
            ParsedDate::Valid(DateTime {
                offset: Some(0),
                ..parsed
            })
        );
    }
});
