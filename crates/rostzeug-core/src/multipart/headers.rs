//! The header section of one body part: header lines, and the parameters of
//! `Content-Disposition` and `Content-Type`.
//!
//! Parameters follow Werkzeug's `parse_options_header`, which
//! [`crate::header::parse_options_borrowed`] implements (re-exported here as
//! [`parse_options`]).

use std::borrow::Cow;

use super::Error;
pub use crate::header::{parse_options_borrowed as parse_options, Parameter};
use crate::header::{trim_space_tab, Charset};

/// Most header lines accepted in one part. Clients send two or three.
pub const MAX_PART_HEADER_COUNT: usize = 64;

/// Replaces each line break followed by a space or tab with one space, so a
/// header folded over several lines becomes one line.
fn unfold(block: &[u8]) -> Cow<'_, [u8]> {
    let folded = memchr::memchr2_iter(b'\r', b'\n', block)
        .any(|at| matches!(block.get(at + 1), Some(b' ' | b'\t')));
    if !folded {
        return Cow::Borrowed(block);
    }
    let mut out = Vec::with_capacity(block.len());
    let mut index = 0;
    while let Some(&byte) = block.get(index) {
        let after = |offset: usize| block.get(index + offset).copied();
        let is_blank = |value: Option<u8>| matches!(value, Some(b' ' | b'\t'));
        let folded = match byte {
            b'\r' if after(1) == Some(b'\n') && is_blank(after(2)) => 3,
            b'\r' | b'\n' if is_blank(after(1)) => 2,
            _ => 0,
        };
        if folded == 0 {
            out.push(byte);
            index += 1;
        } else {
            out.push(b' ');
            index += folded;
        }
    }
    Cow::Owned(out)
}

/// Parses the header section of a part (without its final blank line) into
/// `(name, value)` pairs in order.
///
/// Lines end with CRLF, LF or CR; a line without `:` becomes a header with an
/// empty value, as in Werkzeug.
pub fn parse_header_lines(block: &[u8]) -> Result<Vec<(String, String)>, Error> {
    let text = unfold(block);
    let text = std::str::from_utf8(&text).map_err(|_| {
        Error::Malformed("a part's headers are not valid UTF-8; send them as UTF-8".into())
    })?;
    let mut headers = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let end = memchr::memchr2(b'\r', b'\n', rest.as_bytes()).unwrap_or(rest.len());
        let line = trim_space_tab(rest.get(..end).unwrap_or_default());
        rest = rest.get(end + 1..).unwrap_or_default();
        if line.is_empty() {
            continue;
        }
        if headers.len() == MAX_PART_HEADER_COUNT {
            return Err(Error::TooLarge(
                "a part has more header lines than the limit of 64",
            ));
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        headers.push((
            trim_space_tab(name).to_owned(),
            trim_space_tab(value).to_owned(),
        ));
    }
    Ok(headers)
}

/// The value of the first header called `name` (ASCII case-insensitive).
pub fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Decodes text in `charset` (ASCII, UTF-8 or ISO-8859-1), replacing what
/// is invalid with U+FFFD, as Python's `bytes.decode(charset, "replace")`.
/// `charset` is a lower-case name as [`super::Part::charset`] gives it; any
/// other name decodes as UTF-8.
pub fn decode_text<'b>(bytes: &'b [u8], charset: &str) -> Cow<'b, str> {
    let charset = match charset {
        "iso-8859-1" => Charset::Latin1,
        "ascii" | "us-ascii" => Charset::Ascii,
        _ => return String::from_utf8_lossy(bytes),
    };
    if bytes.is_ascii() {
        return String::from_utf8_lossy(bytes);
    }
    let mut out = String::with_capacity(bytes.len());
    charset.decode_lossy_into(bytes, &mut out);
    Cow::Owned(out)
}

/// The value of the parameter `name` in parsed options.
pub fn option<'o>(options: &'o [Parameter<'_>], name: &str) -> Option<&'o str> {
    options
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(header: &str) -> Vec<Parameter<'_>> {
        parse_options(header).1
    }

    fn get(header: &str, name: &str) -> Option<String> {
        option(&opts(header), name).map(str::to_owned)
    }

    #[test]
    fn header_lines_unfold_and_trim() {
        let headers =
            parse_header_lines(b"A: 1\r\nB:\t two\r\n\tthree \nC\rD : x:y").unwrap_or_default();
        assert_eq!(
            headers,
            vec![
                ("A".to_owned(), "1".to_owned()),
                ("B".to_owned(), "two three".to_owned()),
                ("C".to_owned(), String::new()),
                ("D".to_owned(), "x:y".to_owned()),
            ]
        );
    }

    #[test]
    fn header_lines_reject_invalid_utf8_and_too_many() {
        assert!(matches!(
            parse_header_lines(b"A: \xff"),
            Err(Error::Malformed(_))
        ));
        let many = "X: y\r\n".repeat(MAX_PART_HEADER_COUNT);
        assert!(parse_header_lines(many.as_bytes()).is_ok());
        let too_many = "X: y\r\n".repeat(MAX_PART_HEADER_COUNT + 1);
        assert!(matches!(
            parse_header_lines(too_many.as_bytes()),
            Err(Error::TooLarge(_))
        ));
    }

    #[test]
    fn plain_and_quoted_parameters() {
        let header = r#"form-data; name="a \"b\" c"; filename=x.txt; Name=second"#;
        assert_eq!(parse_options(header).0, "form-data");
        assert_eq!(get(header, "name").as_deref(), Some("second"));
        assert_eq!(get(header, "filename").as_deref(), Some("x.txt"));
        assert_eq!(
            get(r#"form-data; name="a \"b\" c""#, "name").as_deref(),
            Some(r#"a "b" c"#)
        );
        assert_eq!(
            get(r#"form-data; filename="x%22y.txt""#, "filename").as_deref(),
            Some("x\"y.txt")
        );
    }

    #[test]
    fn invalid_parts_are_skipped() {
        let header = r#"form-data; junk; =x; name="ok"; filename="unterminated"#;
        assert_eq!(get(header, "name").as_deref(), Some("ok"));
        assert_eq!(get(header, "filename"), None);
        assert!(opts("form-data").is_empty());
        assert!(opts("; name=x").is_empty());
    }

    #[test]
    fn rfc2231_charset_and_continuations() {
        assert_eq!(
            get(
                "attachment; filename*=UTF-8''%E2%82%AC%20rates.txt",
                "filename"
            )
            .as_deref(),
            Some("€ rates.txt")
        );
        assert_eq!(
            get("attachment; filename*=iso-8859-1'en'%A3.txt", "filename").as_deref(),
            Some("£.txt")
        );
        assert_eq!(
            get("attachment; filename*=ascii''%FFa", "filename").as_deref(),
            Some("\u{FFFD}a")
        );
        // An unknown charset leaves the value as sent.
        assert_eq!(
            get("attachment; filename*=koi8-r''%C1", "filename").as_deref(),
            Some("%C1")
        );
        let continued = "form-data; name=rfc2231; filename*0*=ascii''a%20b%20; \
                         filename*1*=c%20d%20; filename*2=\"e f.txt\"";
        assert_eq!(
            get(continued, "filename").as_deref(),
            Some("a b c d e f.txt")
        );
        // A plain parameter after a continued one replaces it.
        assert_eq!(
            get("x; filename*0=a; filename=b", "filename").as_deref(),
            Some("b")
        );
    }
}
