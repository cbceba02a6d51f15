//! `Cookie` request headers and `Set-Cookie` response headers.
//!
//! Parsing follows Werkzeug: pairs are separated by `;`, a pair that does not
//! parse is skipped up to the next `;` (so a nameless `=__Host-x=bad` can never
//! be read as a cookie called `__Host-x`), and quoted values lose their
//! backslash and `\ooo` octal escapes.

use std::borrow::Cow;

use crate::header::skip_space_tab;

/// Whether `byte` ends a cookie name: space, tab, `=`, `"` or `;`.
#[inline]
fn ends_name(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'=' | b'"' | b';')
}

/// Whether `byte` ends an unquoted cookie value: space, tab, `"` or `;`.
#[inline]
fn ends_value(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'"' | b';')
}

/// If `bytes[start]` opens a quoted value, the index just past its closing
/// quote. Escapes are a backslash and any byte but a line feed.
fn quoted_value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start + 1;
    loop {
        match bytes.get(index)? {
            b'"' => return Some(index + 1),
            b'\\' => match bytes.get(index + 1)? {
                b'\n' => return None,
                _ => index += 2,
            },
            _ => index += 1,
        }
    }
}

/// Tries to read one `name[=value]` pair at `start`. On success returns the
/// name, the raw value and the position after the pair and its `;`.
fn read_pair(cookie: &str, start: usize) -> Option<(&str, &str, usize)> {
    let bytes = cookie.as_bytes();
    let name_start = skip_space_tab(bytes, start);
    let mut position = name_start;
    while bytes.get(position).is_some_and(|&b| !ends_name(b)) {
        position += 1;
    }
    if position == name_start {
        return None;
    }
    let name = cookie.get(name_start..position)?;
    position = skip_space_tab(bytes, position);
    let mut value = "";
    if bytes.get(position) == Some(&b'=') {
        let value_start = skip_space_tab(bytes, position + 1);
        let value_end = if bytes.get(value_start) == Some(&b'"') {
            quoted_value_end(bytes, value_start)?
        } else {
            let mut end = value_start;
            while bytes.get(end).is_some_and(|&b| !ends_value(b)) {
                end += 1;
            }
            end
        };
        value = cookie.get(value_start..value_end)?;
        position = skip_space_tab(bytes, value_end);
    }
    match bytes.get(position) {
        None => Some((name, value, position)),
        Some(b';') => Some((name, value, position + 1)),
        Some(_) => None,
    }
}

/// Removes the escapes of a quoted cookie value (without its quotes): `\ooo`
/// (first digit 0-3) is an octal byte, `\x` is `x` for any other byte but a
/// line feed. The bytes are then read as UTF-8, invalid sequences becoming
/// U+FFFD.
pub fn unescape_value(inner: &str) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let bytes = inner.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'\\' {
            if let Some(&[a @ b'0'..=b'3', b @ b'0'..=b'7', c @ b'0'..=b'7']) =
                bytes.get(index + 1..index + 4)
            {
                out.push((a - b'0') << 6 | (b - b'0') << 3 | (c - b'0'));
                index += 4;
                continue;
            }
            if let Some(&next) = bytes.get(index + 1) {
                if next != b'\n' {
                    out.push(next);
                    index += 2;
                    continue;
                }
            }
        }
        out.push(byte);
        index += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Parses a `Cookie` header into `(name, value)` pairs, in order. Names may
/// repeat. Pairs without `=` have an empty value.
pub fn parse(cookie: &str) -> Vec<(&str, Cow<'_, str>)> {
    let bytes = cookie.as_bytes();
    let mut pairs = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        match read_pair(cookie, position) {
            Some((name, value, next)) => {
                let value = match value
                    .strip_prefix('"')
                    .and_then(|rest| rest.strip_suffix('"'))
                {
                    Some(inner) if value.len() >= 2 => unescape_value(inner),
                    _ => Cow::Borrowed(value),
                };
                pairs.push((name, value));
                position = next;
            }
            // Skip what does not parse up to and including the next `;`.
            None => match memchr::memchr(b';', bytes.get(position..).unwrap_or_default()) {
                Some(offset) => position += offset + 1,
                None => break,
            },
        }
    }
    pairs
}

/// Reads a string of characters below U+0100 as the bytes they stand for
/// (the WSGI convention for header values) and decodes those bytes as
/// UTF-8. `None` when a character is above U+00FF or the bytes are not UTF-8.
pub fn latin1_to_utf8(value: &str) -> Option<String> {
    let bytes = value
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect::<Option<Vec<u8>>>()?;
    String::from_utf8(bytes).ok()
}

/// Whether `byte` may appear in a cookie value sent without quotes.
#[inline]
fn is_plain_value_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_!#$%&'()*+-./:<=>?@[]^`{|}~".contains(&byte)
}

/// Quotes a `Set-Cookie` value when it has characters RFC 6265 does not allow
/// bare: the value's UTF-8 bytes are wrapped in `"`, with `"` and `\`
/// backslash-escaped and control bytes, `,`, `;` and non-ASCII bytes written
/// as `\ooo` octal escapes (as Python's `http.cookies` does).
pub fn quote_value(value: &str) -> Cow<'_, str> {
    if value.bytes().all(is_plain_value_byte) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    out.push('"');
    for byte in value.bytes() {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(byte));
            }
            0x00..=0x19 | b',' | b';' | 0x7F..=0xFF => {
                out.push('\\');
                out.push(char::from(b'0' + (byte >> 6)));
                out.push(char::from(b'0' + ((byte >> 3) & 7)));
                out.push(char::from(b'0' + (byte & 7)));
            }
            _ => out.push(char::from(byte)),
        }
    }
    out.push('"');
    Cow::Owned(out)
}

/// Whether `byte` stays as it is in a cookie `Path`: unreserved characters
/// plus ``%!$&'()*+,/:=@`` (the URL path-segment set without `;`, keeping
/// existing escapes).
#[inline]
fn is_path_safe_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"_.-~%!$&'()*+,/:=@".contains(&byte)
}

/// Percent-encodes a cookie path's UTF-8 bytes outside the safe set.
pub fn quote_path(path: &str) -> Cow<'_, str> {
    if path.bytes().all(is_path_safe_byte) {
        return Cow::Borrowed(path);
    }
    let hex = |nibble: u8| char::from_digit(u32::from(nibble), 16).map(|c| c.to_ascii_uppercase());
    let mut out = String::with_capacity(path.len() + 8);
    for byte in path.bytes() {
        if is_path_safe_byte(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.extend(hex(byte >> 4));
            out.extend(hex(byte & 15));
        }
    }
    Cow::Owned(out)
}

/// Why a cookie domain cannot be encoded.
#[derive(Debug, PartialEq, Eq)]
pub enum DomainError {
    /// A label before the last is empty or longer than 63 characters.
    EmptyOrLongLabel,
    /// The last label is longer than 63 characters.
    LongLabel,
    /// The domain has characters outside ASCII and needs IDNA encoding.
    NotAscii,
}

/// Prepares a cookie `Domain`: drops a `:port` suffix and leading dots, then
/// checks the labels the way Python's `idna` codec checks an ASCII name (it
/// does not change case). Non-ASCII names are reported as
/// [`DomainError::NotAscii`] for the caller to IDNA-encode.
pub fn prepare_domain(domain: &str) -> Result<&str, DomainError> {
    let host = domain.split(':').next().unwrap_or_default();
    let host = host.trim_start_matches('.');
    if !host.is_ascii() {
        return Err(DomainError::NotAscii);
    }
    let mut labels = host.split('.').peekable();
    while let Some(label) = labels.next() {
        if labels.peek().is_some() {
            if label.is_empty() || label.len() >= 64 {
                return Err(DomainError::EmptyOrLongLabel);
            }
        } else if label.len() >= 64 {
            return Err(DomainError::LongLabel);
        }
    }
    Ok(host)
}

/// The canonical spelling of a `SameSite` value given in any ASCII case.
pub fn samesite_name(value: &str) -> Option<&'static str> {
    ["Strict", "Lax", "None"]
        .into_iter()
        .find(|name| name.eq_ignore_ascii_case(value))
}

/// One attribute of a `Set-Cookie` header.
#[derive(Debug, PartialEq, Eq)]
pub enum Attribute<'a> {
    /// Left out.
    Absent,
    /// Written as the bare name, like `Secure`.
    Flag,
    /// Written as `Name=value`.
    Value(Cow<'a, str>),
}

/// Builds a `Set-Cookie` header value from a name, an already quoted value
/// and the attributes in order. The name's UTF-8 bytes are written as
/// Latin-1 characters (the WSGI convention for header values).
pub fn format_set_cookie(name: &str, value: &str, attributes: &[(&str, Attribute<'_>)]) -> String {
    let mut out = String::with_capacity(name.len() + value.len() + 96);
    if name.is_ascii() {
        out.push_str(name);
    } else {
        out.extend(name.bytes().map(char::from));
    }
    out.push('=');
    out.push_str(value);
    for (attribute, setting) in attributes {
        match setting {
            Attribute::Absent => continue,
            Attribute::Flag => {
                out.push_str("; ");
                out.push_str(attribute);
            }
            Attribute::Value(text) => {
                out.push_str("; ");
                out.push_str(attribute);
                out.push('=');
                out.push_str(text);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(cookie: &str) -> Vec<(String, String)> {
        parse(cookie)
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.into_owned()))
            .collect()
    }

    fn owned(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_pairs_and_skips_invalid_parts() {
        assert_eq!(
            pairs(
                "dismiss-top=6; CP=null*; a=42; b=\"\\\";\"; ; fo234{=bar;blub=Blah; \
                 \"__Secure-c\"=d;==__Host-eq=bad;__Host-eq=good;"
            ),
            owned(&[
                ("dismiss-top", "6"),
                ("CP", "null*"),
                ("a", "42"),
                ("b", "\";"),
                ("fo234{", "bar"),
                ("blub", "Blah"),
                ("__Host-eq", "good"),
            ])
        );
    }

    #[test]
    fn nameless_cookie_does_not_shadow() {
        assert_eq!(pairs("=__Host-x=bad; b=1"), owned(&[("b", "1")]));
        assert_eq!(pairs("=__Host-x=bad"), owned(&[]));
    }

    #[test]
    fn spaces_and_missing_values() {
        assert_eq!(
            pairs("first=IamTheFirst ; a=1; oops ; a=2 ;second = andMeTwo;"),
            owned(&[
                ("first", "IamTheFirst"),
                ("a", "1"),
                ("oops", ""),
                ("a", "2"),
                ("second", "andMeTwo"),
            ])
        );
        assert_eq!(pairs("a=b c; d=e"), owned(&[("d", "e")]));
        assert_eq!(pairs("a b=c; d"), owned(&[("d", "")]));
        assert!(pairs("; ; ").is_empty());
    }

    #[test]
    fn quoted_values() {
        assert_eq!(pairs(r#"foo="foo\054bar""#), owned(&[("foo", "foo,bar")]));
        assert_eq!(pairs(r#"a="\342\230\203""#), owned(&[("a", "\u{2603}")]));
        assert_eq!(pairs(r#"a="\377""#), owned(&[("a", "\u{FFFD}")]));
        assert_eq!(pairs(r#"a="\400""#), owned(&[("a", "400")]));
        assert_eq!(pairs(r#"a="x\\y""#), owned(&[("a", "x\\y")]));
        // Unterminated quotes or text after the closing quote: skipped.
        assert_eq!(pairs("a=\"xyz; b=2"), owned(&[("b", "2")]));
        assert_eq!(pairs("a=\"x\"y; b=2"), owned(&[("b", "2")]));
        assert_eq!(pairs("a=\"x\\\n\"; b=2"), owned(&[("b", "2")]));
    }

    #[test]
    fn latin1_round_trip() {
        assert_eq!(latin1_to_utf8("fÃ¶").as_deref(), Some("fö"));
        assert_eq!(latin1_to_utf8("\u{ff}"), None);
        assert_eq!(latin1_to_utf8("\u{20ac}"), None);
    }

    #[test]
    fn quotes_values() {
        assert_eq!(quote_value("?foo"), "?foo");
        assert_eq!(quote_value("xxx="), "xxx=");
        assert_eq!(quote_value("bar baz"), "\"bar baz\"");
        assert_eq!(quote_value("\u{2603}"), "\"\\342\\230\\203\"");
        assert_eq!(quote_value("a\"b\\c;d,e"), "\"a\\\"b\\\\c\\073d\\054e\"");
        assert_eq!(quote_value("\x1a\x7f"), "\"\x1a\\177\"");
        assert_eq!(quote_value(""), "");
    }

    #[test]
    fn quotes_paths_and_checks_domains() {
        assert_eq!(quote_path("/a b/ü;x"), "/a%20b/%C3%BC%3Bx");
        assert_eq!(quote_path("/%41,=@"), "/%41,=@");
        assert_eq!(prepare_domain(".Example.com:8080"), Ok("Example.com"));
        assert_eq!(prepare_domain("localhost"), Ok("localhost"));
        assert_eq!(prepare_domain("a..b"), Err(DomainError::EmptyOrLongLabel));
        assert_eq!(prepare_domain("a."), Ok("a."));
        assert_eq!(prepare_domain(&"x".repeat(64)), Err(DomainError::LongLabel));
        assert_eq!(prepare_domain("☃.com"), Err(DomainError::NotAscii));
    }

    #[test]
    fn formats_set_cookie() {
        let header = format_set_cookie(
            "fö",
            "1",
            &[
                ("Domain", Attribute::Absent),
                ("Secure", Attribute::Flag),
                ("Path", Attribute::Value(Cow::Borrowed("/"))),
            ],
        );
        assert_eq!(header, "fÃ¶=1; Secure; Path=/");
        assert_eq!(samesite_name("lax"), Some("Lax"));
        assert_eq!(samesite_name("bogus"), None);
    }

    #[test]
    fn long_inputs_are_linear() {
        let header = "\"".repeat(200_000);
        assert!(pairs(&header).is_empty());
        let header = format!("a=\"{}", "\\\\".repeat(100_000));
        assert!(pairs(&header).is_empty());
        let header = "a=b;".repeat(50_000);
        assert_eq!(pairs(&header).len(), 50_000);
    }
}
