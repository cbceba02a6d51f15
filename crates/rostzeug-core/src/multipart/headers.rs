//! The header section of one body part: header lines, and the parameters of
//! `Content-Disposition` and `Content-Type`.
//!
//! Parameters follow Werkzeug's `parse_options_header`, which
//! [`crate::header::parse_options_borrowed`] implements (re-exported here as
//! [`parse_options`]).

use std::borrow::Cow;

use super::Error;
use crate::header::{is_token_byte, split_at_byte, trim_space_tab, Charset};
pub use crate::header::{parse_options_borrowed as parse_options, Parameter};

/// Default for the most header lines accepted in one part (see
/// [`super::Decoder::set_part_header_limits`]). Clients send two or three.
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
/// `(name, value)` pairs in order; more than `max_lines` headers (when
/// given) is refused as too large.
///
/// Lines end with CRLF, LF or CR; a line without `:` becomes a header with an
/// empty value, as in Werkzeug.
pub fn parse_header_lines(
    block: &[u8],
    max_lines: Option<usize>,
) -> Result<Vec<(String, String)>, Error> {
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
        if max_lines.is_some_and(|max| headers.len() >= max) {
            return Err(Error::TooLarge(
                "a part has more header lines than max_part_header_lines allows",
            ));
        }
        let (name, value) = split_at_byte(line, b':').unwrap_or((line, ""));
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
        _ => return utf8_lossy(bytes),
    };
    if bytes.is_ascii() {
        return utf8_lossy(bytes);
    }
    let mut out = String::with_capacity(bytes.len());
    charset.decode_lossy_into(bytes, &mut out);
    Cow::Owned(out)
}

/// The `name` and `filename` parameters of a `Content-Disposition` value,
/// as [`parse_options`] reads them.
///
/// The value browsers send, `form-data; name="..."; filename="..."` with
/// nothing to unescape or decode, is read in one pass without building the
/// list of parameters; any other value goes through [`parse_options`].
pub fn disposition_names(value: &str) -> (Option<String>, Option<String>) {
    if let Some((name, filename)) = plain_disposition_names(value) {
        return (name.map(str::to_owned), filename.map(str::to_owned));
    }
    let (_, options) = parse_options(value);
    (
        option(&options, "name").map(str::to_owned),
        option(&options, "filename").map(str::to_owned),
    )
}

/// [`disposition_names`] for a value whose parameters are all `key=token`
/// or `key="text"`, each right after a `;` and blanks and followed by the
/// next `;` or the end, with no `\`, `%` or `*` anywhere: for those,
/// [`parse_options`] takes every value as it stands (a later parameter of
/// the same name replacing an earlier one). `None` for any other value.
fn plain_disposition_names(value: &str) -> Option<(Option<&str>, Option<&str>)> {
    let bytes = value.as_bytes();
    if memchr::memchr3(b'\\', b'%', b'*', bytes).is_some() {
        return None;
    }
    let first_separator = memchr::memchr(b';', bytes)?;
    if trim_space_tab(value.get(..first_separator)?).is_empty() {
        return None;
    }
    let (mut name, mut filename) = (None, None);
    let mut position = first_separator + 1;
    loop {
        while matches!(bytes.get(position), Some(b' ' | b'\t')) {
            position += 1;
        }
        if position == bytes.len() {
            return Some((name, filename));
        }
        let key_end = position + token_len(bytes.get(position..)?);
        if key_end == position || bytes.get(key_end) != Some(&b'=') {
            return None;
        }
        let key = value.get(position..key_end)?;
        let value_start = key_end + 1;
        let (text, value_end) = if bytes.get(value_start) == Some(&b'"') {
            let inner_start = value_start + 1;
            let inner_end = inner_start + memchr::memchr(b'"', bytes.get(inner_start..)?)?;
            (value.get(inner_start..inner_end)?, inner_end + 1)
        } else {
            let end = value_start + token_len(bytes.get(value_start..)?);
            if end == value_start {
                return None;
            }
            (value.get(value_start..end)?, end)
        };
        if key.eq_ignore_ascii_case("name") {
            name = Some(text);
        } else if key.eq_ignore_ascii_case("filename") {
            filename = Some(text);
        }
        match bytes.get(value_end) {
            None => return Some((name, filename)),
            Some(b';') => position = value_end + 1,
            Some(_) => return None,
        }
    }
}

/// Length of the run of token bytes at the start of `bytes`.
fn token_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&byte| !is_token_byte(byte))
        .unwrap_or(bytes.len())
}

/// `bytes` as UTF-8, invalid sequences replaced with U+FFFD; the check of
/// valid text, the usual case, is quicker than the lossy decoder's.
fn utf8_lossy(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
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
        let headers = parse_header_lines(b"A: 1\r\nB:\t two\r\n\tthree \nC\rD : x:y", None)
            .unwrap_or_default();
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
            parse_header_lines(b"A: \xff", None),
            Err(Error::Malformed(_))
        ));
        let many = "X: y\r\n".repeat(MAX_PART_HEADER_COUNT);
        assert!(parse_header_lines(many.as_bytes(), Some(MAX_PART_HEADER_COUNT)).is_ok());
        assert!(parse_header_lines(many.as_bytes(), Some(2)).is_err());
        assert!(parse_header_lines(many.as_bytes(), None).is_ok());
        let too_many = "X: y\r\n".repeat(MAX_PART_HEADER_COUNT + 1);
        assert!(matches!(
            parse_header_lines(too_many.as_bytes(), Some(MAX_PART_HEADER_COUNT)),
            Err(Error::TooLarge(_))
        ));
    }

    #[test]
    fn disposition_names_match_parse_options() {
        let headers = [
            r#"form-data; name="field""#,
            r#"form-data; name="upload"; filename="backup.tar""#,
            r#"form-data;name=plain;filename="with space.txt""#,
            r#"form-data; NAME="upper"; FileName="x""#,
            r#"form-data; name="first"; name="second""#,
            r#"form-data; name="""#,
            r#"form-data; name="ünï"; filename="日本.txt""#,
            r#"form-data; other="x"; name="n"; size=12"#,
            "form-data; \tname=\"tab\"",
            "form-data; name=\"a\";",
            "form-data; name=\"a\"; ",
            "form-data;",
            "form-data",
            "; name=\"no value\"",
            r#"form-data; name="a" ; filename="spaced""#,
            r#"form-data; name="a"x; filename="junk after""#,
            r#"form-data; name="a\"b"; filename="escaped""#,
            r#"form-data; name="x%22y""#,
            r#"form-data; name*=UTF-8''%C3%A9"#,
            r#"form-data; name*0="a"; name*1="b""#,
            r#"form-data; name="unclosed"#,
            r#"form-data; name=; filename="empty token""#,
            r#"form-data; ="no key"; name="n""#,
            r#"form-data; name"#,
            "form-data; name=a b",
        ];
        for header in headers {
            let (_, options) = parse_options(header);
            let expected = (
                option(&options, "name").map(str::to_owned),
                option(&options, "filename").map(str::to_owned),
            );
            assert_eq!(disposition_names(header), expected, "{header}");
        }
        // Every value made of up to five of these pieces after each start.
        let pieces = [
            ";",
            " ",
            "name=",
            "filename=",
            "NaMe",
            "=",
            "\"",
            "\"v\"",
            "v",
            "é",
            "%22",
            "\\",
            "*",
            "a b",
        ];
        let mut values = vec![
            String::new(),
            "form-data;".to_owned(),
            "form-data; ".to_owned(),
        ];
        for _ in 0..5 {
            let longer: Vec<String> = values
                .iter()
                .flat_map(|value| pieces.iter().map(move |piece| format!("{value}{piece}")))
                .collect();
            for value in &longer {
                let (_, options) = parse_options(value);
                let expected = (
                    option(&options, "name").map(str::to_owned),
                    option(&options, "filename").map(str::to_owned),
                );
                assert_eq!(disposition_names(value), expected, "{value}");
            }
            values = longer;
        }
        // The common values take the single pass.
        assert_eq!(
            plain_disposition_names(r#"form-data; name="upload"; filename="b.tar""#),
            Some((Some("upload"), Some("b.tar")))
        );
        assert_eq!(plain_disposition_names(r#"form-data; name="x%22y""#), None);
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
