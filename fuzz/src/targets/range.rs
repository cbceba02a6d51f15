//! Random `Range` and `Content-Range` values: the parsers never panic, what
//! they accept is valid (ascending, non-overlapping ranges, suffixes last and
//! non-zero; content ranges within their length), and they stay linear.

use crate::fuzz_text;
use rostzeug_core::range::{parse_content_range, parse_range, ByteRange};

fn check(text: &str) {
    for value in [text.to_owned(), format!("bytes={text}")] {
        if let Some(header) = parse_range(&value) {
            let count = header.ranges.len();
            for (index, range) in header.ranges.iter().enumerate() {
                match range {
                    ByteRange::Suffix { length } => {
                        assert!(!length.is_zero() && index + 1 == count)
                    }
                    ByteRange::From { first, last } => {
                        assert!(!first.negative);
                        assert!(last.is_none_or(|last| *first <= last));
                        assert!(last.is_some() || index + 1 == count);
                    }
                }
            }
            for pair in header.ranges.windows(2) {
                if let [ByteRange::From {
                    last: Some(last), ..
                }, ByteRange::From { first, .. }] = pair
                {
                    assert!(first > last);
                }
            }
        }
    }
    for value in [text.to_owned(), format!("bytes {text}")] {
        if let Some(content) = parse_content_range(&value) {
            if let Some((first, last)) = content.range {
                assert!(!first.negative && first <= last);
                assert!(content.length.is_none_or(|length| first < length));
            }
        }
    }
}

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    fuzz_text(data, check, |long| {
        parse_range(long);
        parse_content_range(long);
    });
}
