//! The header section of one body part: header lines, and the parameters of
//! `Content-Disposition` and `Content-Type`.
//!
//! Parameters follow Werkzeug's `parse_options_header`: invalid parts are
//! skipped, quoted values lose their quotes and backslash escapes, `%22` in a
//! plain value is a quote, and RFC 2231 continuations (`filename*0=`) and
//! charsets (`filename*=UTF-8''...`) are decoded for ASCII, UTF-8 and
//! ISO-8859-1 only.

use std::borrow::Cow;

use super::Error;

/// Most header lines accepted in one part. Clients send two or three.
pub const MAX_PART_HEADER_COUNT: usize = 64;

/// Whether `byte` may appear in an RFC 9110 token (as Werkzeug's
/// `[\w!#$%&'*+\-.^`|~]` with ASCII `\w`).
fn is_token_byte(byte: u8) -> bool {
    matches!(
        byte,
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'!' | b'#' | b'$' | b'%' | b'&'
            | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'`' | b'|' | b'~'
    )
}

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

fn trim_blanks(text: &str) -> &str {
    text.trim_matches(|c| c == ' ' || c == '\t')
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
        let line = trim_blanks(rest.get(..end).unwrap_or_default());
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
        headers.push((trim_blanks(name).to_owned(), trim_blanks(value).to_owned()));
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

fn lowercase(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    }
}

/// Calls `found` with each raw `key=value` part of the parameters of a
/// header value, in order.
fn for_each_parameter<'r>(rest: &'r str, mut found: impl FnMut(Cow<'r, str>, &'r str)) {
    let bytes = rest.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        let key_end = position
            + bytes
                .get(position..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| is_token_byte(b))
                .count();
        if key_end > position && bytes.get(key_end) == Some(&b'=') {
            let key = rest.get(position..key_end).unwrap_or_default();
            position = key_end + 1;
            let value_end = position
                + bytes
                    .get(position..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&b| is_token_byte(b))
                    .count();
            if value_end > position {
                found(
                    lowercase(key),
                    rest.get(position..value_end).unwrap_or_default(),
                );
                position = value_end;
            } else if bytes.get(position) == Some(&b'"') {
                let mut quote = position + 1;
                let mut closed = false;
                while let Some(&byte) = bytes.get(quote) {
                    if byte == b'\\' && matches!(bytes.get(quote + 1), Some(b'\\' | b'"')) {
                        quote += 2;
                    } else if byte == b'"' {
                        quote += 1;
                        closed = true;
                        break;
                    } else {
                        quote += 1;
                    }
                }
                if !closed {
                    // An unterminated quote ends the parameters.
                    break;
                }
                found(
                    lowercase(key),
                    rest.get(position..quote).unwrap_or_default(),
                );
                position = quote;
            }
        }
        // Go on after the next `;` and the blanks after it.
        let Some(offset) = memchr::memchr(b';', bytes.get(position..).unwrap_or_default()) else {
            break;
        };
        position += offset + 1;
        while matches!(bytes.get(position), Some(b' ' | b'\t')) {
            position += 1;
        }
    }
}

/// Splits the RFC 2231 markers off a parameter name: `name*0*` is
/// `("name", continued, charset)`.
fn split_marker(key: &str) -> (&str, bool, bool) {
    let has_charset = key.ends_with('*');
    let core = if has_charset {
        key.get(..key.len() - 1).unwrap_or_default()
    } else {
        key
    };
    let digits = core.bytes().rev().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let before = core.len() - digits;
        if before > 0 && core.as_bytes().get(before - 1) == Some(&b'*') {
            return (
                core.get(..before - 1).unwrap_or_default(),
                true,
                has_charset,
            );
        }
    }
    (core, false, has_charset)
}

/// Splits `charset'language'value` (RFC 2231 section 4), or `None` when the
/// value does not have that form.
fn split_charset(value: &str) -> Option<(&str, &str)> {
    let (charset, rest) = value.split_once('\'')?;
    let (language, encoded) = rest.split_once('\'')?;
    let plain_token = |text: &str| text.bytes().all(|b| b != b'\'' && is_token_byte(b));
    let valid = plain_token(charset)
        && plain_token(language)
        && !encoded.is_empty()
        && encoded.bytes().all(is_token_byte);
    valid.then_some((charset, encoded))
}

fn decode_bytes(bytes: &[u8], charset: &str, out: &mut String) {
    match charset {
        "iso-8859-1" => out.extend(bytes.iter().map(|&b| char::from(b))),
        "ascii" | "us-ascii" => out.extend(bytes.iter().map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                '\u{FFFD}'
            }
        })),
        _ => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// Decodes text in `charset` (ASCII, UTF-8 or ISO-8859-1), replacing what
/// is invalid with U+FFFD, as Python's `bytes.decode(charset, "replace")`.
pub fn decode_text<'b>(bytes: &'b [u8], charset: &str) -> Cow<'b, str> {
    if charset == "utf-8" || bytes.is_ascii() {
        return String::from_utf8_lossy(bytes);
    }
    let mut out = String::with_capacity(bytes.len());
    decode_bytes(bytes, charset, &mut out);
    Cow::Owned(out)
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

/// Percent-decodes `text` like `urllib.parse.unquote(text, charset,
/// "replace")`: each run of ASCII is decoded on its own, other characters are
/// kept as they are.
fn percent_decode(text: &str, charset: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut pending = Vec::new();
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let high = bytes.get(index + 1).copied().and_then(hex_value);
            let low = bytes.get(index + 2).copied().and_then(hex_value);
            if let (Some(high), Some(low)) = (high, low) {
                pending.push(high << 4 | low);
                index += 3;
                continue;
            }
        }
        if byte.is_ascii() {
            pending.push(byte);
            index += 1;
        } else {
            decode_bytes(&pending, charset, &mut out);
            pending.clear();
            let start = index;
            index += 1;
            while bytes.get(index).is_some_and(|b| b & 0xC0 == 0x80) {
                index += 1;
            }
            out.push_str(text.get(start..index).unwrap_or_default());
        }
    }
    decode_bytes(&pending, charset, &mut out);
    out
}

/// Removes the quotes and backslash escapes of a quoted value, and turns
/// `%22` into a quote as browsers encode it in form data.
fn unquote_plain(value: &str) -> Cow<'_, str> {
    let unquoted = match value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) if inner.contains('\\') => {
            let mut out = String::with_capacity(inner.len());
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                if c == '\\' {
                    match chars.next() {
                        Some('\n') => out.push_str("\\\n"),
                        Some(next) => out.push(next),
                        None => out.push('\\'),
                    }
                } else {
                    out.push(c);
                }
            }
            Cow::Owned(out)
        }
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(value),
    };
    if unquoted.contains("%22") {
        Cow::Owned(unquoted.replace("%22", "\""))
    } else {
        unquoted
    }
}

const SAFE_CHARSETS: [&str; 4] = ["ascii", "us-ascii", "utf-8", "iso-8859-1"];

/// A parameter given in RFC 2231 pieces: its name, the pieces so far, and
/// the charset the first piece gave.
type Continued<'h> = (Cow<'h, str>, Vec<Cow<'h, str>>, Option<String>);

/// A parsed parameter: values borrow from the header when nothing had to
/// be decoded.
pub type Parameter<'h> = (Cow<'h, str>, Cow<'h, str>);

/// Keeps the first `len` bytes of a parameter name.
fn truncated(key: Cow<'_, str>, len: usize) -> Cow<'_, str> {
    match key {
        Cow::Borrowed(key) => Cow::Borrowed(key.get(..len).unwrap_or(key)),
        Cow::Owned(mut key) => {
            key.truncate(len);
            Cow::Owned(key)
        }
    }
}

/// Parses a header value with `;`-separated parameters into the value and
/// the parameters (names lower-cased; a later parameter replaces an earlier
/// one of the same name).
pub fn parse_options(header: &str) -> (&str, Vec<Parameter<'_>>) {
    let (value, rest) = header.split_once(';').unwrap_or((header, ""));
    let value = trim_blanks(value);
    let rest = trim_blanks(rest);
    if value.is_empty() || rest.is_empty() {
        return (value, Vec::new());
    }

    let mut options: Vec<Parameter<'_>> = Vec::new();
    let mut continued: Vec<Continued<'_>> = Vec::new();
    for_each_parameter(rest, |key, raw| {
        let (name_len, is_continued, has_charset) = {
            let (name, is_continued, has_charset) = split_marker(&key);
            (name.len(), is_continued, has_charset)
        };
        let name = truncated(key, name_len);
        let mut charset: Option<String> = None;
        let decoded = if has_charset {
            let mut raw_value = raw;
            if let Some((given, encoded)) = split_charset(raw) {
                charset = Some(given.to_ascii_lowercase());
                raw_value = encoded;
            }
            if charset.as_deref().is_none_or(str::is_empty) && is_continued {
                charset = continued
                    .iter()
                    .find(|(known, _, _)| *known == name)
                    .and_then(|(_, _, known_charset)| known_charset.clone());
            }
            match charset.as_deref() {
                Some(safe) if SAFE_CHARSETS.contains(&safe) => {
                    Cow::Owned(percent_decode(raw_value, safe))
                }
                _ => Cow::Borrowed(raw_value),
            }
        } else {
            unquote_plain(raw)
        };

        if is_continued {
            options.retain(|(known, _)| *known != name);
            let charset = charset.filter(|given| !given.is_empty());
            match continued.iter_mut().find(|(known, _, _)| *known == name) {
                Some((_, pieces, known_charset)) => {
                    pieces.push(decoded);
                    if charset.is_some() {
                        *known_charset = charset;
                    }
                }
                None => continued.push((name, vec![decoded], charset)),
            }
        } else {
            continued.retain(|(known, _, _)| *known != name);
            match options.iter_mut().find(|(known, _)| *known == name) {
                Some((_, existing)) => *existing = decoded,
                None => options.push((name, decoded)),
            }
        }
    });
    for (name, pieces, _) in continued {
        let joined = Cow::Owned(pieces.concat());
        match options.iter_mut().find(|(known, _)| *known == name) {
            Some((_, existing)) => *existing = joined,
            None => options.push((name, joined)),
        }
    }
    (value, options)
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

    #[test]
    fn markers() {
        assert_eq!(split_marker("filename*0*"), ("filename", true, true));
        assert_eq!(split_marker("filename*12"), ("filename", true, false));
        assert_eq!(split_marker("filename*"), ("filename", false, true));
        assert_eq!(split_marker("a12*"), ("a12", false, true));
        assert_eq!(split_marker("name"), ("name", false, false));
    }
}
