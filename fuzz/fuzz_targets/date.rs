//! Random date strings: parsing never panics and stays linear, and any valid
//! date formatted as an HTTP date parses back to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::date::{format_http_date, parse_date, DateTime, ParsedDate};
use rostzeug_fuzz::fuzz_text;

fn check(text: &str) {
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
}

fuzz_target!(|data: &[u8]| {
    fuzz_text(data, check, |long| {
        parse_date(long);
    });
});
