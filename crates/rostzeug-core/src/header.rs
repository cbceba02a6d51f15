//! The shared grammar of HTTP header values: tokens, quoted strings,
//! comma-separated lists, `key=value` dicts and `value; key=value` options
//! headers with RFC 2231 / RFC 5987 continuations and charsets.
//!
//! Every function scans its input once, left to right: an unterminated quoted
//! string or a long run of separators costs linear time, never a rescan.

use std::borrow::Cow;

use crate::ordered_map::OrderedMap;
use crate::percent::hex_value;

/// Whether `byte` is an RFC 9110 `tchar`: letters, digits and
/// ``!#$%&'*+-.^_`|~``.
#[inline]
pub fn is_token_byte(byte: u8) -> bool {
    // One bit per ASCII byte: a shift and a test, cheap enough to inline
    // into every scanning loop.
    byte < 128 && TOKEN_BYTES >> byte & 1 == 1
}

/// The `tchar` bytes as a bit set indexed by byte value.
const TOKEN_BYTES: u128 = {
    let mut set = 0u128;
    let mut byte = 0u8;
    while byte < 128 {
        let is_tchar = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if is_tchar {
            set |= 1 << byte;
        }
        byte += 1;
    }
    set
};

/// Whether `value` is a non-empty token that can be sent without quotes.
pub fn is_token(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(is_token_byte)
}

/// Quotes `value` as an HTTP quoted string, escaping `"` and `\` with a
/// backslash. Tokens are returned unchanged when `allow_token` is set; the
/// empty string always becomes `""`.
pub fn quote(value: &str, allow_token: bool) -> Cow<'_, str> {
    if allow_token && is_token(value) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    Cow::Owned(out)
}

/// Removes backslash escapes: `\x` becomes `x` for any character but a line
/// feed (a backslash before a line feed is kept, as a regular expression `.`
/// would not match it).
fn unescape(inner: &str) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            if let Some(&next) = chars.peek() {
                if next != '\n' {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(ch);
    }
    Cow::Owned(out)
}

/// Reverses [`quote`]: a value that starts and ends with `"` loses the quotes
/// and its backslash escapes; any other value is returned unchanged.
pub fn unquote(value: &str) -> Cow<'_, str> {
    match value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) => unescape(inner),
        None => Cow::Borrowed(value),
    }
}

/// Strips spaces and horizontal tabs (only those) from both ends.
#[inline]
pub fn trim_space_tab(value: &str) -> &str {
    let bytes = value.as_bytes();
    let is_blank = |b: &u8| *b == b' ' || *b == b'\t';
    let start = bytes
        .iter()
        .position(|b| !is_blank(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !is_blank(b))
        .map_or(start, |i| i + 1);
    // Both ends are next to ASCII bytes, so they are char boundaries.
    value.get(start..end).unwrap_or_default()
}

/// Splits `text` at the first `byte` (an ASCII byte), without it. Faster
/// than `str::split_once` with a `char`, which compares through `memcmp`.
#[inline]
pub(crate) fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let index = memchr::memchr(byte, text.as_bytes())?;
    Some((text.get(..index)?, text.get(index + 1..)?))
}

/// The first index at or after `position` that is not a space or a tab.
#[inline]
pub(crate) fn skip_space_tab(bytes: &[u8], mut position: usize) -> usize {
    while matches!(bytes.get(position), Some(b' ' | b'\t')) {
        position += 1;
    }
    position
}

/// Splits a comma-separated list header into its items.
///
/// Commas inside quoted strings do not split. Items are trimmed of spaces and
/// tabs, empty items are dropped, and items that are a whole quoted string are
/// unquoted (a partly quoted item keeps its quotes). A quoted string that is
/// never closed makes the whole header invalid: the result is empty.
pub fn parse_list(value: &str) -> Vec<Cow<'_, str>> {
    let mut items = Vec::new();
    let mut start = 0;
    let mut in_quote = false;
    let mut escaped = false;
    for (index, byte) in value.bytes().enumerate() {
        if escaped {
            escaped = false;
        } else if in_quote {
            match byte {
                b'\\' => escaped = true,
                b'"' => in_quote = false,
                _ => {}
            }
        } else if byte == b',' {
            push_list_item(&mut items, value.get(start..index).unwrap_or_default());
            start = index + 1;
        } else if byte == b'"' {
            in_quote = true;
        }
    }
    if in_quote {
        return Vec::new();
    }
    push_list_item(&mut items, value.get(start..).unwrap_or_default());
    items
}

fn push_list_item<'a>(items: &mut Vec<Cow<'a, str>>, item: &'a str) {
    let item = trim_space_tab(item);
    if !item.is_empty() {
        items.push(unquote(item));
    }
}

/// The character sets accepted in `key*=charset'lang'value` parameters.
/// Values in any other charset stay percent-encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Ascii,
    Utf8,
    Latin1,
}

impl Charset {
    /// Looks up a charset name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("ascii") || name.eq_ignore_ascii_case("us-ascii") {
            Some(Self::Ascii)
        } else if name.eq_ignore_ascii_case("utf-8") {
            Some(Self::Utf8)
        } else if name.eq_ignore_ascii_case("iso-8859-1") {
            Some(Self::Latin1)
        } else {
            None
        }
    }

    /// Decodes `bytes`, replacing each undecodable sequence with U+FFFD.
    pub(crate) fn decode_lossy_into(self, bytes: &[u8], out: &mut String) {
        match self {
            Self::Utf8 => out.push_str(&String::from_utf8_lossy(bytes)),
            Self::Latin1 => out.extend(bytes.iter().map(|&b| char::from(b))),
            Self::Ascii => out.extend(bytes.iter().map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    char::REPLACEMENT_CHARACTER
                }
            })),
        }
    }
}

/// Percent-decodes `value` and decodes the bytes in `charset`, replacing
/// invalid sequences with U+FFFD. Characters outside ASCII are copied as they
/// are, and a decoded byte sequence never spans them.
pub fn percent_decode(value: &str, charset: Charset) -> Cow<'_, str> {
    if !value.contains('%') {
        return Cow::Borrowed(value);
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut pending: Vec<u8> = Vec::new();
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
            continue;
        }
        charset.decode_lossy_into(&pending, &mut out);
        pending.clear();
        let start = index;
        index += 1;
        while bytes.get(index).is_some_and(|b| b & 0xC0 == 0x80) {
            index += 1;
        }
        out.push_str(value.get(start..index).unwrap_or_default());
    }
    charset.decode_lossy_into(&pending, &mut out);
    Cow::Owned(out)
}

/// Whether `byte` may appear in the charset or language of an extended value
/// (a token character other than `'`).
#[inline]
fn is_charset_byte(byte: u8) -> bool {
    byte != b'\'' && is_token_byte(byte)
}

/// Splits an RFC 2231 extended value `charset'language'encoded` into the
/// charset and the encoded text. The encoded text must be one or more token
/// characters; a single line feed may follow it when `allow_final_newline`
/// is set (it is dropped).
fn split_extended_value(value: &str, allow_final_newline: bool) -> Option<(&str, &str)> {
    let bytes = value.as_bytes();
    let charset_end = bytes.iter().position(|&b| !is_charset_byte(b))?;
    if bytes.get(charset_end) != Some(&b'\'') {
        return None;
    }
    let language_start = charset_end + 1;
    let language_len = bytes
        .get(language_start..)?
        .iter()
        .position(|&b| !is_charset_byte(b))?;
    let quote = language_start + language_len;
    if bytes.get(quote) != Some(&b'\'') {
        return None;
    }
    let mut encoded = value.get(quote + 1..)?;
    if allow_final_newline {
        encoded = encoded.strip_suffix('\n').unwrap_or(encoded);
    }
    if !is_token(encoded) {
        return None;
    }
    Some((value.get(..charset_end)?, encoded))
}

/// An item of a dict header: the key and its value, if it has one. Both
/// borrow from the header when nothing had to be decoded.
pub type DictItem<'a> = (Cow<'a, str>, Option<Cow<'a, str>>);

/// Parses a list header into `key=value` pairs, in first-seen order with one
/// entry per key (a later value replaces an earlier one in place).
///
/// An item without `=` has no value (`None`); an item with an empty key is
/// dropped. A key ending in `*` takes an RFC 2231 `charset'lang'value` value,
/// which is percent-decoded when the charset is ASCII, UTF-8 or ISO-8859-1.
/// An unclosed quoted string makes the result empty.
pub fn parse_dict(value: &str) -> Vec<(String, Option<String>)> {
    parse_dict_borrowed(value)
        .into_iter()
        .map(|(key, value)| (key.into_owned(), value.map(Cow::into_owned)))
        .collect()
}

/// [`parse_dict`], borrowing from `value` where nothing had to be decoded.
pub fn parse_dict_borrowed(value: &str) -> Vec<DictItem<'_>> {
    let mut result = OrderedMap::new();
    for item in parse_list(value) {
        match item {
            Cow::Borrowed(item) => {
                if let Some((key, value)) = dict_entry(item) {
                    result.insert(Cow::Borrowed(key), value);
                }
            }
            Cow::Owned(item) => {
                if let Some((key, value)) = dict_entry(&item) {
                    let value = value.map(|value| Cow::Owned(value.into_owned()));
                    result.insert(Cow::Owned(key.to_owned()), value);
                }
            }
        }
    }
    result.into_vec()
}

/// Splits one dict item into its key and decoded value; `None` when the key
/// is empty.
fn dict_entry(item: &str) -> Option<(&str, Option<Cow<'_, str>>)> {
    let (key, raw_value) = match split_at_byte(item, b'=') {
        Some((key, raw_value)) => (trim_space_tab(key), Some(trim_space_tab(raw_value))),
        None => (trim_space_tab(item), None),
    };
    if key.is_empty() {
        return None;
    }
    let Some(raw_value) = raw_value else {
        return Some((key, None));
    };
    let Some(base) = key.strip_suffix('*') else {
        return Some((key, Some(unquote(raw_value))));
    };
    let decoded = match split_extended_value(raw_value, true) {
        Some((charset, encoded)) => match Charset::from_name(charset) {
            Some(charset) => percent_decode(encoded, charset),
            None => Cow::Borrowed(encoded),
        },
        None => Cow::Borrowed(raw_value),
    };
    let value = match decoded {
        Cow::Borrowed(decoded) => unquote(decoded),
        Cow::Owned(decoded) => Cow::Owned(unquote(&decoded).into_owned()),
    };
    Some((base, Some(value)))
}

/// Finds the end of the quoted string that starts at `bytes[start] == b'"'`:
/// the index just past the closing quote, or `None` when it is not closed.
/// Only `\\` and `\"` are escapes here; any other backslash is plain text.
fn quoted_string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start + 1;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'\\' if matches!(bytes.get(index + 1), Some(b'\\' | b'"')) => index += 2,
            b'"' => return Some(index + 1),
            _ => index += 1,
        }
    }
    None
}

/// Length of the run of token bytes at the start of `bytes`.
#[inline]
fn token_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !is_token_byte(b))
        .unwrap_or(bytes.len())
}

/// The RFC 2231 markers at the end of a parameter name.
struct ParameterName<'a> {
    base: Cow<'a, str>,
    continuation: bool,
    extended: bool,
}

/// Splits `name*N*`, `name*N` and `name*` into the name and its markers.
fn split_parameter_name(name: Cow<'_, str>) -> ParameterName<'_> {
    let (rest, extended) = match name.strip_suffix('*') {
        Some(rest) => (rest, true),
        None => (name.as_ref(), false),
    };
    let digits_start = rest.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (base_len, continuation) = match rest.get(..digits_start).and_then(|r| r.strip_suffix('*'))
    {
        Some(base) if digits_start < rest.len() => (base.len(), true),
        _ => (rest.len(), false),
    };
    let base = match name {
        Cow::Borrowed(name) => Cow::Borrowed(name.get(..base_len).unwrap_or(name)),
        Cow::Owned(mut name) => {
            name.truncate(base_len);
            Cow::Owned(name)
        }
    };
    ParameterName {
        base,
        continuation,
        extended,
    }
}

/// Calls `found` with each syntactically valid `key=value` part of the
/// parameters of an options header, in order: names lower-cased, values
/// still raw (quoted or encoded). Invalid parts are skipped; an unclosed
/// quoted string ends the parameters.
fn for_each_raw_parameter<'a>(rest: &'a str, mut found: impl FnMut(Cow<'a, str>, &'a str)) {
    let bytes = rest.as_bytes();
    let mut position = 0;
    while position < bytes.len() {
        let tail = bytes.get(position..).unwrap_or_default();
        let key_len = token_len(tail);
        if key_len > 0 && tail.get(key_len) == Some(&b'=') {
            let key = rest.get(position..position + key_len).unwrap_or_default();
            position += key_len + 1;
            let value_tail = bytes.get(position..).unwrap_or_default();
            let value_end = match token_len(value_tail) {
                0 if value_tail.first() == Some(&b'"') => {
                    let Some(end) = quoted_string_end(bytes, position) else {
                        return; // An unclosed quoted string ends the parameters.
                    };
                    Some(end)
                }
                0 => None,
                len => Some(position + len),
            };
            if let Some(end) = value_end {
                found(lowercase(key), rest.get(position..end).unwrap_or_default());
                position = end;
            }
        }
        // Continue after the next `;` and the spaces that follow it.
        match memchr::memchr(b';', bytes.get(position..).unwrap_or_default()) {
            Some(offset) => position = skip_space_tab(bytes, position + offset + 1),
            None => return,
        }
    }
}

/// `key` in ASCII lower case, borrowed when it already is.
fn lowercase(key: &str) -> Cow<'_, str> {
    if key.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(key.to_ascii_lowercase())
    } else {
        Cow::Borrowed(key)
    }
}

/// The parsed form of a header like `Content-Type`: the main value and its
/// parameters in order, names lower-cased and values decoded.
#[derive(Debug, PartialEq, Eq)]
pub struct OptionsHeader<'a> {
    pub value: &'a str,
    pub parameters: Vec<(String, String)>,
}

/// A parameter of an options header: the lower-cased name and the decoded
/// value, both borrowing from the header when nothing had to change.
pub type Parameter<'a> = (Cow<'a, str>, Cow<'a, str>);

/// Parses a `value; key=value; ...` header.
///
/// Invalid parameters (no value, quoted names, unclosed quotes) are skipped.
/// Quoted values lose their quotes and backslash escapes, and `%22` becomes
/// `"`. `key*=charset'lang'value` values are percent-decoded in the charsets
/// [`Charset`] knows (others stay encoded), and `key*0`, `key*1`, ...
/// continuations are joined in the order they appear.
pub fn parse_options(header: &str) -> OptionsHeader<'_> {
    let (value, parameters) = parse_options_borrowed(header);
    let parameters = parameters
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    OptionsHeader { value, parameters }
}

/// [`parse_options`], borrowing from `header` where nothing had to change.
pub fn parse_options_borrowed(header: &str) -> (&str, Vec<Parameter<'_>>) {
    let (value, rest) = split_at_byte(header, b';').unwrap_or((header, ""));
    let value = trim_space_tab(value);
    let rest = trim_space_tab(rest);
    if value.is_empty() || rest.is_empty() {
        return (value, Vec::new());
    }

    let mut options: OrderedMap<Cow<'_, str>, Cow<'_, str>> = OrderedMap::new();
    // The pieces joined so far, and the charset the last piece that named one gave.
    let mut continuations: OrderedMap<Cow<'_, str>, (String, Option<String>)> = OrderedMap::new();

    for_each_raw_parameter(rest, |name, raw_value| {
        let ParameterName {
            base,
            continuation,
            extended,
        } = split_parameter_name(name);
        let mut charset_name: Option<String> = None;
        let decoded = if extended {
            let mut encoded = raw_value;
            if let Some((charset, text)) = split_extended_value(raw_value, false) {
                charset_name = Some(charset.to_ascii_lowercase());
                encoded = text;
            }
            if charset_name.as_deref().is_none_or(str::is_empty) && continuation {
                charset_name = continuations
                    .get(&base)
                    .and_then(|(_, charset)| charset.clone());
            }
            match charset_name.as_deref().and_then(Charset::from_name) {
                Some(charset) => percent_decode(encoded, charset),
                None => Cow::Borrowed(encoded),
            }
        } else {
            let unquoted = unquote(raw_value);
            if unquoted.contains("%22") {
                Cow::Owned(unquoted.replace("%22", "\""))
            } else {
                unquoted
            }
        };

        if continuation {
            options.remove(&base);
            let charset_name = charset_name.filter(|c| !c.is_empty());
            match continuations.get_mut(&base) {
                Some((joined, charset)) => {
                    joined.push_str(&decoded);
                    if charset_name.is_some() {
                        *charset = charset_name;
                    }
                }
                None => continuations.insert(base, (decoded.into_owned(), charset_name)),
            }
        } else {
            continuations.remove(&base);
            options.insert(base, decoded);
        }
    });

    let mut parameters = options.into_vec();
    parameters.extend(
        continuations
            .into_vec()
            .into_iter()
            .map(|(name, (joined, _))| (name, Cow::Owned(joined))),
    );
    (value, parameters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(header: &str) -> (String, Vec<(String, String)>) {
        let parsed = parse_options(header);
        (parsed.value.to_owned(), parsed.parameters)
    }

    fn params(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn quote_and_unquote() {
        assert_eq!(quote("abc", true), "abc");
        assert_eq!(quote("abc", false), "\"abc\"");
        assert_eq!(quote("", true), "\"\"");
        assert_eq!(quote("a b\"c\\", true), "\"a b\\\"c\\\\\"");
        assert_eq!(unquote("\"a b\\\"c\\\\\""), "a b\"c\\");
        assert_eq!(unquote("\"a\\xb\""), "axb");
        assert_eq!(unquote("\"a\\\nb\""), "a\\\nb");
        assert_eq!(unquote("\""), "\"");
        assert_eq!(unquote("abc\""), "abc\"");
        assert_eq!(unquote("\"\""), "");
        assert_eq!(unquote("\"a\\\nb\\\""), "a\\\nb\\");
        assert_eq!(unquote("\"\\é\""), "é");
    }

    #[test]
    fn list_header() {
        let list =
            |v: &str| -> Vec<String> { parse_list(v).into_iter().map(Cow::into_owned).collect() };
        assert_eq!(list("a b, c"), ["a b", "c"]);
        assert_eq!(list("a b, \"c, d\""), ["a b", "c, d"]);
        assert_eq!(list("\"a\\\"b\", c"), ["a\"b", "c"]);
        assert_eq!(list("a\"b,c\", \"d e\""), ["a\"b,c\"", "d e"]);
        assert_eq!(list("a, ,,b,"), ["a", "b"]);
        assert_eq!(list(r#"a b, "c, d", ,,e\,"#), ["a b", "c, d", "e\\"]);
        assert!(list("a, \"b, c\", \"d, e").is_empty());
        assert!(list("").is_empty());
    }

    #[test]
    fn dict_header() {
        let dict = |v: &str| parse_dict(v);
        assert_eq!(
            dict("foo=\"bar baz\", blah=42"),
            vec![
                ("foo".into(), Some("bar baz".into())),
                ("blah".into(), Some("42".into()))
            ]
        );
        assert_eq!(
            dict("foo, bar="),
            vec![("foo".into(), None), ("bar".into(), Some(String::new()))]
        );
        assert!(dict("=foo, =").is_empty());
        assert!(dict("a=1, b=\"2, 3\", c=\"4, d=5").is_empty());
        assert_eq!(
            dict("a=1, b=2, a=3"),
            vec![
                ("a".into(), Some("3".into())),
                ("b".into(), Some("2".into()))
            ]
        );
        assert_eq!(
            dict("a*=UTF-8''%C2%B5, b*=BAD''%62, c*=x"),
            vec![
                ("a".into(), Some("µ".into())),
                ("b".into(), Some("%62".into())),
                ("c".into(), Some("x".into()))
            ]
        );
    }

    #[test]
    fn extended_values() {
        assert_eq!(
            split_extended_value("UTF-8''a%20b", false),
            Some(("UTF-8", "a%20b"))
        );
        assert_eq!(
            split_extended_value("utf-8'en'x'y", false),
            Some(("utf-8", "x'y"))
        );
        assert_eq!(split_extended_value("utf-8''x\n", false), None);
        assert_eq!(
            split_extended_value("utf-8''x\n", true),
            Some(("utf-8", "x"))
        );
        assert_eq!(split_extended_value("utf-8''", true), None);
        assert_eq!(split_extended_value("utf-8'x", false), None);
    }

    #[test]
    fn parameter_name_markers() {
        let split = |name: &'static str| {
            let parsed = split_parameter_name(Cow::Borrowed(name));
            (parsed.base, parsed.continuation, parsed.extended)
        };
        assert_eq!(split("filename*0*"), ("filename".into(), true, true));
        assert_eq!(split("filename*12"), ("filename".into(), true, false));
        assert_eq!(split("filename*"), ("filename".into(), false, true));
        assert_eq!(split("a12*"), ("a12".into(), false, true));
        assert_eq!(split("a**"), ("a*".into(), false, true));
        assert_eq!(split("name"), ("name".into(), false, false));
    }

    #[test]
    fn options_header_basics() {
        assert_eq!(options(""), (String::new(), vec![]));
        assert_eq!(options(";a=b"), (String::new(), vec![]));
        assert_eq!(options("v;"), ("v".into(), vec![]));
        assert_eq!(options(" , a "), (", a".into(), vec![]));
        assert_eq!(
            options("v;a=b;c=d;"),
            ("v".into(), params(&[("a", "b"), ("c", "d")]))
        );
        assert_eq!(options("v;  ; a=b ; ").1, params(&[("a", "b")]));
        assert!(options("v;a").1.is_empty());
        assert!(options("v;a=").1.is_empty());
        assert!(options("v;=b").1.is_empty());
        assert!(options("v;a=µ").1.is_empty());
        assert_eq!(options("v; FileName=x").1, params(&[("filename", "x")]));
    }

    #[test]
    fn options_header_quoting() {
        assert_eq!(
            options("v;a=\"';'\";b=\"µ\";").1,
            params(&[("a", "';'"), ("b", "µ")])
        );
        assert_eq!(
            options("v;a=\"b\\\"c\";d=e").1,
            params(&[("a", "b\"c"), ("d", "e")])
        );
        assert_eq!(options("v;a=\"c:\\\\\"").1, params(&[("a", "c:\\")]));
        assert!(options("v;a=\"c:\\\"").1.is_empty());
        assert_eq!(options("v;a=\"b%22c\"").1, params(&[("a", "b\"c")]));
        let long = format!("v;a=\"{}", "\\".repeat(100_000));
        assert!(options(&long).1.is_empty());
    }

    #[test]
    fn options_header_charsets_and_continuations() {
        assert_eq!(options("v;a*=b").1, params(&[("a", "b")]));
        assert_eq!(options("v;a*=ASCII'en'b").1, params(&[("a", "b")]));
        assert_eq!(options("v;a*=US-ASCII''%62").1, params(&[("a", "b")]));
        assert_eq!(options("v;a*=UTF-8''%C2%B5").1, params(&[("a", "µ")]));
        assert_eq!(
            options("v;a*=US-ASCII''%C2%B5").1,
            params(&[("a", "\u{FFFD}\u{FFFD}")])
        );
        assert_eq!(options("v;a*=iso-8859-1''%B5").1, params(&[("a", "µ")]));
        assert_eq!(options("v;a*=BAD''%62").1, params(&[("a", "%62")]));
        assert_eq!(
            options("v;a*=UTF-8'''%F0%9F%90%8D'.txt").1,
            params(&[("a", "'🐍'.txt")])
        );
        assert_eq!(
            options("v;a*0=b;a*1=c;d=e").1,
            params(&[("d", "e"), ("a", "bc")])
        );
        assert_eq!(options("v;a*0*=b").1, params(&[("a", "b")]));
        assert_eq!(
            options("v;a*0*=UTF-8''b;a*1=c;a*2*=%C2%B5").1,
            params(&[("a", "bcµ")])
        );
        // A plain parameter replaces a continuation and the other way round.
        assert_eq!(options("v;a*0=b;a=c").1, params(&[("a", "c")]));
        assert_eq!(
            options("v;a=c;x=y;a*0=b").1,
            params(&[("x", "y"), ("a", "b")])
        );
    }

    #[test]
    fn many_parameters_keep_dict_order() {
        let mut header = String::from("v");
        for i in 0..20 {
            header.push_str(&format!(";p{i}=x;c{i}*0=a"));
        }
        header.push_str(";p3*0=y;c3=z;p0=w");
        let parsed = options(&header).1;
        assert_eq!(parsed.len(), 40);
        assert_eq!(parsed.first(), Some(&("p0".to_string(), "w".to_string())));
        assert!(parsed.contains(&("c3".to_string(), "z".to_string())));
        assert_eq!(parsed.last(), Some(&("p3".to_string(), "y".to_string())));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b", Charset::Utf8), "a b");
        assert_eq!(percent_decode("%zz%4", Charset::Utf8), "%zz%4");
        assert_eq!(percent_decode("%FF", Charset::Utf8), "\u{FFFD}");
        assert_eq!(percent_decode("%E9", Charset::Latin1), "é");
        assert_eq!(percent_decode("%E9x", Charset::Ascii), "\u{FFFD}x");
        assert_eq!(
            percent_decode("a%C3%A9%FF%4", Charset::Utf8),
            "aé\u{FFFD}%4"
        );
        // Characters outside ASCII are kept as sent, whatever the charset.
        assert_eq!(percent_decode("é%E9", Charset::Latin1), "éé");
        assert_eq!(percent_decode("é%41", Charset::Ascii), "éA");
        assert_eq!(
            percent_decode("%C3é%A9", Charset::Utf8),
            "\u{FFFD}é\u{FFFD}"
        );
    }

    #[test]
    fn long_separator_runs_are_linear() {
        let header = format!("v{}", ";".repeat(200_000));
        assert!(parse_options(&header).parameters.is_empty());
        let header = format!("v;{}", "a=\"x\";".repeat(50_000));
        assert_eq!(parse_options(&header).parameters.len(), 1);
        let list = ",".repeat(200_000);
        assert!(parse_list(&list).is_empty());
    }
}
