//! `Cache-Control` values, and the comma-separated list grammar they share
//! with `Accept` and other list headers.
//!
//! The list grammar follows Werkzeug's `parse_list_header`: items are split on
//! commas outside double quotes (a backslash escapes the next character inside
//! quotes), each item is stripped of spaces and tabs, empty items are dropped,
//! an item quoted as a whole is unquoted, and an unclosed quote anywhere makes
//! the whole list empty. Directives then follow `parse_dict_header`: `key=value`
//! or a bare `key`, with RFC 2231 `key*=charset''value` decoding.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::Hash;

/// Whether `byte` is a `tchar` of RFC 9110 (what Werkzeug calls token chars).
#[inline]
pub(crate) fn is_token_byte(byte: u8) -> bool {
    matches!(
        byte,
        b'0'..=b'9'
            | b'a'..=b'z'
            | b'A'..=b'Z'
            | b'!'
            | b'#'
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
    )
}

/// Strips spaces and tabs (and nothing else) from both ends.
#[inline]
pub(crate) fn strip_space_tab(text: &str) -> &str {
    let bytes = text.as_bytes();
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
    text.get(start..end).unwrap_or_default()
}

/// Splits `text` at the first `byte` (an ASCII byte), without it.
#[inline]
pub(crate) fn split_at_byte(text: &str, byte: u8) -> Option<(&str, &str)> {
    let index = memchr::memchr(byte, text.as_bytes())?;
    Some((text.get(..index)?, text.get(index + 1..)?))
}

/// Splits a comma-separated list into its raw items, stripped of spaces and
/// tabs, empty ones dropped, still quoted.
///
/// Returns `None` when a quoted string is not closed, which Werkzeug treats
/// as an empty list.
pub(crate) fn split_list_items(value: &str) -> Option<Vec<&str>> {
    let bytes = value.as_bytes();
    let mut items = Vec::new();
    let mut item_start = 0;
    let mut in_quote = false;
    let mut escaped = false;
    for (index, &byte) in bytes.iter().enumerate() {
        if escaped {
            escaped = false;
        } else if in_quote {
            match byte {
                b'\\' => escaped = true,
                b'"' => in_quote = false,
                _ => {}
            }
        } else if byte == b',' {
            push_list_item(&mut items, value.get(item_start..index));
            item_start = index + 1;
        } else if byte == b'"' {
            in_quote = true;
        }
    }
    if in_quote {
        return None;
    }
    push_list_item(&mut items, value.get(item_start..));
    Some(items)
}

fn push_list_item<'a>(items: &mut Vec<&'a str>, item: Option<&'a str>) {
    let item = strip_space_tab(item.unwrap_or_default());
    if !item.is_empty() {
        items.push(item);
    }
}

/// Removes the surrounding double quotes of `value` and its backslash escapes
/// (a backslash followed by any character but a newline stands for that
/// character). Values not quoted as a whole are returned unchanged.
pub(crate) fn unquote_header_value(value: &str) -> Cow<'_, str> {
    let inner = match value
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    {
        Some(inner) => inner,
        None => return Cow::Borrowed(value),
    };
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

/// Splits an RFC 2231 extended value `charset'language'encoded` into the
/// lower-cased charset and the still percent-encoded text, as Werkzeug's
/// charset pattern does (a single trailing newline is tolerated).
pub(crate) fn split_ext_value(value: &str) -> Option<(String, &str)> {
    let value = value.strip_suffix('\n').unwrap_or(value);
    let (charset, rest) = value.split_once('\'')?;
    let (language, encoded) = rest.split_once('\'')?;
    let charset_ok = charset.bytes().all(is_token_byte);
    let language_ok = language.bytes().all(is_token_byte);
    let encoded_ok = !encoded.is_empty() && encoded.bytes().all(is_token_byte);
    (charset_ok && language_ok && encoded_ok).then(|| (charset.to_ascii_lowercase(), encoded))
}

/// Percent-decodes `encoded` in one of the charsets Werkzeug accepts for
/// RFC 2231 values, replacing undecodable bytes with U+FFFD; `None` for any
/// other charset (the value then stays as it is).
pub(crate) fn decode_ext_value<'a>(encoded: &'a str, charset: &str) -> Option<Cow<'a, str>> {
    #[derive(Clone, Copy)]
    enum Charset {
        Ascii,
        Utf8,
        Latin1,
    }
    let charset = match charset {
        "ascii" | "us-ascii" => Charset::Ascii,
        "utf-8" => Charset::Utf8,
        "iso-8859-1" => Charset::Latin1,
        _ => return None,
    };
    if !encoded.contains('%') && encoded.is_ascii() {
        return Some(Cow::Borrowed(encoded));
    }
    let bytes = encoded.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex = |offset: usize| {
            bytes
                .get(index + offset)
                .and_then(|b| (*b as char).to_digit(16))
        };
        match (byte, hex(1), hex(2)) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits always fit in a byte.
                decoded.push((high * 16 + low) as u8);
                index += 3;
            }
            _ => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    let text = match charset {
        Charset::Utf8 => String::from_utf8_lossy(&decoded).into_owned(),
        Charset::Latin1 => decoded.iter().map(|&b| char::from(b)).collect(),
        Charset::Ascii => decoded
            .iter()
            .map(|&b| {
                if b.is_ascii() {
                    char::from(b)
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
    };
    Some(Cow::Owned(text))
}

/// An insertion-ordered map with Python `dict` semantics: assigning to an
/// existing key keeps its position, removing and re-adding moves it to the end.
/// Small maps are searched linearly; larger ones get a hash index so that
/// adversarial inputs with many keys stay linear.
pub(crate) struct OrderedMap<K, V> {
    entries: Vec<Option<(K, V)>>,
    index: Option<HashMap<K, usize>>,
    live: usize,
}

const LINEAR_SEARCH_LIMIT: usize = 8;

impl<K: Eq + Hash + Clone, V> OrderedMap<K, V> {
    pub(crate) fn new() -> Self {
        OrderedMap {
            entries: Vec::new(),
            index: None,
            live: 0,
        }
    }

    fn position(&self, key: &K) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self
                .entries
                .iter()
                .position(|entry| entry.as_ref().is_some_and(|(k, _)| k == key)),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub(crate) fn get_mut(&mut self, key: &K) -> Option<&mut V> {
        let position = self.position(key)?;
        self.entries
            .get_mut(position)
            .and_then(|entry| entry.as_mut())
            .map(|(_, value)| value)
    }

    pub(crate) fn insert(&mut self, key: K, value: V) {
        if let Some(slot) = self.get_mut(&key) {
            *slot = value;
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.entries.len());
        } else if self.entries.len() >= LINEAR_SEARCH_LIMIT {
            let mut index: HashMap<K, usize> = self
                .entries
                .iter()
                .enumerate()
                .filter_map(|(i, entry)| entry.as_ref().map(|(k, _)| (k.clone(), i)))
                .collect();
            index.insert(key.clone(), self.entries.len());
            self.index = Some(index);
        }
        self.entries.push(Some((key, value)));
        self.live += 1;
    }

    pub(crate) fn remove(&mut self, key: &K) -> Option<V> {
        let position = self.position(key)?;
        if let Some(index) = &mut self.index {
            index.remove(key);
        }
        let (_, value) = self.entries.get_mut(position)?.take()?;
        self.live -= 1;
        Some(value)
    }

    pub(crate) fn into_entries(self) -> impl Iterator<Item = (K, V)> {
        self.entries.into_iter().flatten()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &(K, V)> {
        self.entries.iter().flatten()
    }
}

/// Parses a `Cache-Control` value into its directives, in order, as
/// Werkzeug's `parse_dict_header` does: a repeated directive keeps its first
/// position and its last value; a directive without `=` has no value.
pub fn parse_cache_control(value: &str) -> Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> {
    let mut directives: OrderedMap<Cow<'_, str>, Option<Cow<'_, str>>> = OrderedMap::new();
    for raw_item in split_list_items(value).unwrap_or_default() {
        let item = unquote_header_value(raw_item);
        let (key, value) = match item {
            Cow::Borrowed(item) => {
                let (key, value) = split_directive(item);
                (Cow::Borrowed(key), value.map(Cow::Borrowed))
            }
            Cow::Owned(item) => {
                let (key, value) = split_directive(&item);
                (
                    Cow::Owned(key.to_owned()),
                    value.map(|v| Cow::Owned(v.to_owned())),
                )
            }
        };
        if key.is_empty() {
            continue;
        }
        let Some(value) = value else {
            directives.insert(key, None);
            continue;
        };
        let (key, value) = decode_directive(key, value);
        directives.insert(key, Some(value));
    }
    directives.into_entries().collect()
}

/// Splits `key=value` at the first `=`, both stripped of spaces and tabs.
fn split_directive(item: &str) -> (&str, Option<&str>) {
    match item.split_once('=') {
        Some((key, value)) => (strip_space_tab(key), Some(strip_space_tab(value))),
        None => (strip_space_tab(item), None),
    }
}

/// Applies RFC 2231 decoding to `key*=charset''value` and unquotes the value.
fn decode_directive<'a>(key: Cow<'a, str>, value: Cow<'a, str>) -> (Cow<'a, str>, Cow<'a, str>) {
    let Some(stem) = key.strip_suffix('*') else {
        return (key, unquote_owned(value));
    };
    let stem: Cow<'a, str> = match &key {
        Cow::Borrowed(key) => Cow::Borrowed(key.get(..stem.len()).unwrap_or_default()),
        Cow::Owned(_) => Cow::Owned(stem.to_owned()),
    };
    // With a charset marker the value becomes the encoded part, decoded only
    // when the charset is one of the accepted ones.
    let split = split_ext_value(&value).map(|(charset, encoded)| {
        decode_ext_value(encoded, &charset)
            .unwrap_or(Cow::Borrowed(encoded))
            .into_owned()
    });
    match split {
        Some(text) => (stem, unquote_owned(Cow::Owned(text))),
        None => (stem, unquote_owned(value)),
    }
}

fn unquote_owned(value: Cow<'_, str>) -> Cow<'_, str> {
    match value {
        Cow::Borrowed(text) => unquote_header_value(text),
        Cow::Owned(text) => Cow::Owned(unquote_header_value(&text).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directives(value: &str) -> Vec<(String, Option<String>)> {
        parse_cache_control(value)
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.map(Cow::into_owned)))
            .collect()
    }

    fn owned(items: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
            .collect()
    }

    #[test]
    fn list_items_split_outside_quotes() {
        assert_eq!(
            split_list_items(r#"a b, "c, d", ,,e\,"#),
            Some(vec!["a b", "\"c, d\"", "e\\"])
        );
        assert_eq!(
            split_list_items(r#"a"b,c", "d e""#),
            Some(vec!["a\"b,c\"", "\"d e\""])
        );
        assert_eq!(split_list_items(r#"a, "b\", c"#), None);
        assert_eq!(split_list_items(""), Some(vec![]));
    }

    #[test]
    fn unquotes_only_whole_quoted_values() {
        assert_eq!(unquote_header_value(r#""a\"b\\c""#), "a\"b\\c");
        assert_eq!(unquote_header_value(r#"a"b""#), "a\"b\"");
        assert_eq!(unquote_header_value("\"\""), "");
        assert_eq!(unquote_header_value("\""), "\"");
        assert_eq!(unquote_header_value("\"a\\\nb\\\""), "a\\\nb\\");
        assert_eq!(unquote_header_value("\"\\é\""), "é");
    }

    #[test]
    fn ext_values() {
        assert_eq!(
            split_ext_value("UTF-8''a%20b"),
            Some(("utf-8".to_string(), "a%20b"))
        );
        assert_eq!(
            split_ext_value("utf-8'en'x'y"),
            Some(("utf-8".to_string(), "x'y"))
        );
        assert_eq!(split_ext_value("utf-8''"), None);
        assert_eq!(split_ext_value("utf-8'x"), None);
        assert_eq!(
            decode_ext_value("a%C3%A9%FF%4", "utf-8").as_deref(),
            Some("aé\u{FFFD}%4")
        );
        assert_eq!(decode_ext_value("%E9", "iso-8859-1").as_deref(), Some("é"));
        assert_eq!(
            decode_ext_value("%E9x", "ascii").as_deref(),
            Some("\u{FFFD}x")
        );
        assert_eq!(decode_ext_value("x", "koi8-r"), None);
    }

    #[test]
    fn cache_control_directives() {
        assert_eq!(
            directives("max-age=0, no-cache"),
            owned(&[("max-age", Some("0")), ("no-cache", None)])
        );
        assert_eq!(
            directives(r#"private, community="UCI""#),
            owned(&[("private", None), ("community", Some("UCI"))])
        );
        assert_eq!(
            directives("foo, bar=, =x, ="),
            owned(&[("foo", None), ("bar", Some(""))])
        );
        assert_eq!(directives(r#"a=1, b="2, 3", c="4, d=5"#), owned(&[]));
    }

    #[test]
    fn repeated_directive_keeps_first_position_last_value() {
        assert_eq!(
            directives("a=1, b, a=2"),
            owned(&[("a", Some("2")), ("b", None)])
        );
    }

    #[test]
    fn charset_directives_are_decoded() {
        assert_eq!(
            directives("x*=UTF-8''%C3%A9t%C3%A9, y*=koi8-r''%41, z*=plain"),
            owned(&[("x", Some("été")), ("y", Some("%41")), ("z", Some("plain"))])
        );
    }

    #[test]
    fn ordered_map_has_dict_semantics() {
        let mut map = OrderedMap::new();
        for i in 0..20 {
            map.insert(i, i);
        }
        map.insert(3, 30);
        assert_eq!(map.remove(&5), Some(5));
        map.insert(5, 50);
        assert!(map.get_mut(&19).is_some());
        let keys: Vec<i32> = map.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.first(), Some(&0));
        assert_eq!(keys.get(3), Some(&3));
        assert_eq!(keys.last(), Some(&5));
        assert_eq!(map.get_mut(&3).copied(), Some(30));
    }

    #[test]
    fn many_directives_stay_fast() {
        let value =
            "a=1,".repeat(50_000) + &(0..20_000).map(|i| format!("k{i},")).collect::<String>();
        let started = std::time::Instant::now();
        assert_eq!(parse_cache_control(&value).len(), 20_001);
        assert!(started.elapsed().as_secs() < 2);
    }
}
