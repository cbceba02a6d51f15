//! Random header values through the list, dict and options header parsers:
//! none may panic, each stays linear, and quoting round-trips.

use crate::fuzz_text;
use rostzeug_core::header::{parse_dict, parse_list, parse_options, quote, unquote};

fn parse_all(text: &str) {
    parse_options(text);
    parse_list(text);
    parse_dict(text);
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(
        data,
        |text| {
            parse_all(text);
            // Quoting and unquoting round-trip any value.
            assert_eq!(unquote(&quote(text, false)), text);
        },
        parse_all,
    );
}
