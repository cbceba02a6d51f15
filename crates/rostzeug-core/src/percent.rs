//! Percent-decoding with Python's `urllib.parse.unquote` semantics and
//! Werkzeug's `werkzeug.url_quote` error handler: bytes that are not valid
//! UTF-8 after decoding stay percent-encoded (as `%XX`, upper-case hex).

use std::borrow::Cow;
use std::io::Write;

/// Value of an ASCII hex digit, or `None`.
#[inline]
pub(crate) fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Re-quotes, as `%XX`, the bytes of `out[start..]` that are not valid
/// UTF-8; the common valid case costs one check and no copy.
fn requote_invalid_utf8(out: &mut Vec<u8>, start: usize) {
    match out.get(start..) {
        Some(run) if std::str::from_utf8(run).is_err() => {}
        _ => return,
    }
    let run = out.split_off(start);
    for chunk in run.utf8_chunks() {
        out.extend_from_slice(chunk.valid().as_bytes());
        for byte in chunk.invalid() {
            // Writing to a Vec cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Percent-decodes `input`, optionally turning `+` into a space first.
///
/// Matches `urllib.parse.unquote(value.replace("+", " "), "utf-8",
/// "werkzeug.url_quote")`: `%` not followed by two hex digits is kept as is,
/// decoded bytes are read as UTF-8, and invalid sequences are re-quoted.
/// Characters outside ASCII in `input` are copied unchanged, and a decoded
/// sequence never joins across them (Python decodes each ASCII run alone).
pub fn unquote(input: &str, plus_as_space: bool) -> Cow<'_, str> {
    let bytes = input.as_bytes();
    if memchr::memchr(b'%', bytes).is_none() {
        // Without escapes only `+` can change, and a space for a `+` keeps
        // the text valid UTF-8: no decoding needed.
        if plus_as_space && memchr::memchr(b'+', bytes).is_some() {
            return Cow::Owned(input.replace('+', " "));
        }
        return Cow::Borrowed(input);
    }
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    unquote_into(input, plus_as_space, &mut out);
    // Every run is valid UTF-8 now and the characters between them come
    // from `input`, so this cannot fail; the fallback only avoids a panic.
    Cow::Owned(
        String::from_utf8(out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
    )
}

/// Appends the decoding of `input` to `out`, as [`unquote`] decodes it:
/// what `out` gains is valid UTF-8. Callers that decode many short texts
/// reuse one buffer this way instead of allocating a string for each.
pub fn unquote_into(input: &str, plus_as_space: bool, out: &mut Vec<u8>) {
    out.reserve(input.len());
    let mut bytes = input.as_bytes().iter();
    // Where the decoded bytes of the current ASCII run start in `out`.
    let mut run_start = out.len();
    // Whether an escape in the current run decoded to a byte outside ASCII:
    // a run without one is all ASCII, so only such a run needs the UTF-8
    // check when it ends.
    let mut run_decoded_high_byte = false;
    while let Some(&byte) = bytes.next() {
        match byte {
            b'%' => {
                let rest = bytes.as_slice();
                let high = rest.first().copied().and_then(hex_value);
                let low = rest.get(1).copied().and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    let decoded = high << 4 | low;
                    run_decoded_high_byte |= !decoded.is_ascii();
                    out.push(decoded);
                    bytes.nth(1);
                } else {
                    out.push(b'%');
                }
            }
            b'+' if plus_as_space => out.push(b' '),
            0..=0x7F => out.push(byte),
            _ => {
                // A character outside ASCII ends the run; copy it verbatim,
                // with its continuation bytes.
                if run_decoded_high_byte {
                    requote_invalid_utf8(out, run_start);
                    run_decoded_high_byte = false;
                }
                out.push(byte);
                while let Some(&next) = bytes.as_slice().first().filter(|&&b| b & 0xC0 == 0x80) {
                    out.push(next);
                    bytes.next();
                }
                run_start = out.len();
            }
        }
    }
    if run_decoded_high_byte {
        requote_invalid_utf8(out, run_start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(unquote("abc", true), Cow::Borrowed("abc")));
        assert!(matches!(unquote("a+b", false), Cow::Borrowed("a+b")));
    }

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(unquote("a+b%20c", true), "a b c");
        assert_eq!(unquote("a+b%20c", false), "a+b c");
        assert_eq!(unquote("%2B", true), "+");
        assert_eq!(unquote("%C3%A9t%C3%A9", true), "été");
        assert_eq!(unquote("%e2%98%83", true), "\u{2603}");
    }

    #[test]
    fn keeps_incomplete_escapes() {
        assert_eq!(unquote("100%", true), "100%");
        assert_eq!(unquote("%4", true), "%4");
        assert_eq!(unquote("%zz%4g", true), "%zz%4g");
        assert_eq!(unquote("%%41", true), "%A");
    }

    #[test]
    fn requotes_invalid_utf8() {
        assert_eq!(unquote("%FF", true), "%FF");
        assert_eq!(unquote("%ff%41", true), "%FFA");
        assert_eq!(unquote("%C3", true), "%C3");
        assert_eq!(unquote("%E2%98", true), "%E2%98");
        assert_eq!(unquote("%ED%A0%80", true), "%ED%A0%80");
        assert_eq!(unquote("%C0%80x", true), "%C0%80x");
    }

    #[test]
    fn non_ascii_splits_runs() {
        // Python decodes ASCII runs separately, so %C3 + raw é + %A9 is invalid.
        assert_eq!(unquote("%C3é%A9", true), "%C3é%A9");
        assert_eq!(unquote("é+%41ü", true), "é Aü");
    }

    #[test]
    fn unquote_into_appends_what_unquote_returns() {
        let cases = [
            "",
            "abc",
            "a+b",
            "a+b%20c",
            "100%",
            "%zz%4g",
            "%%41",
            "%FF",
            "%ff%41",
            "%C3",
            "%E2%98",
            "%C3é%A9",
            "é+%41ü",
            "%C3%A9t%C3%A9",
            "x%C0%80y",
            "ü",
        ];
        for plus_as_space in [true, false] {
            for case in cases {
                let mut out = b"kept".to_vec();
                unquote_into(case, plus_as_space, &mut out);
                let expected = format!("kept{}", unquote(case, plus_as_space));
                assert_eq!(
                    String::from_utf8(out).as_deref(),
                    Ok(expected.as_str()),
                    "{case}"
                );
            }
        }
    }
}
