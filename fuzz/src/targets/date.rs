//! Random date strings: parsing never panics and stays linear, and any valid
//! date formatted as an HTTP date parses back to itself.

use crate::fuzz_text;
use rostzeug_core::date::{format_http_date, parse_date, DateTime, ParsedDate};

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

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_date(long);
    });
}
