//! Random header values through the list, dict and options header parsers:
//! none may panic, each stays linear, and quoting round-trips.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rostzeug_core::header::{parse_dict, parse_list, parse_options, quote, unquote};
use rostzeug_fuzz::fuzz_text;

fn parse_all(text: &str) {
    parse_options(text);
    parse_list(text);
    parse_dict(text);
}

fuzz_target!(|data: &[u8]| {
    fuzz_text(
        data,
        |text| {
            parse_all(text);
            // Quoting and unquoting round-trip any value.
            assert_eq!(unquote(&quote(text, false)), text);
        },
        parse_all,
    );
});
