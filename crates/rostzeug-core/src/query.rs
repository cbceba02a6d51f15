//! Query strings and `application/x-www-form-urlencoded` bodies.
//!
//! Follows `urllib.parse.parse_qsl(qs, keep_blank_values=True,
//! errors="werkzeug.url_quote")`, which is what Werkzeug uses: pairs are
//! separated by `&` only (never `;`), empty pairs are skipped, a pair without
//! `=` has an empty value, `+` is a space, and percent-escapes that do not
//! form valid UTF-8 stay escaped.

use std::borrow::Cow;

use crate::percent::{unquote, unquote_into};

/// The `(name, value)` parts of a query string, in order, before decoding.
///
/// Both splits look for one ASCII byte with `memchr`; slicing a `str` at
/// an ASCII byte always gives whole characters.
pub fn raw_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = query;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'&', rest.as_bytes()).unwrap_or(rest.len());
        let part = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        if part.is_empty() {
            continue;
        }
        return Some(match memchr::memchr(b'=', part.as_bytes()) {
            Some(at) => (
                part.get(..at).unwrap_or_default(),
                part.get(at + 1..).unwrap_or_default(),
            ),
            None => (part, ""),
        });
    })
}

/// The most pairs [`raw_pairs`] can give for `query`: one more than its
/// `&` separators. Callers size their storage with it.
pub fn max_pairs(query: &str) -> usize {
    memchr::memchr_iter(b'&', query.as_bytes()).count() + 1
}

/// Splits a query string into decoded `(name, value)` pairs, in order.
///
/// Names and values without escapes borrow from `query`.
pub fn parse_pairs(query: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    raw_pairs(query)
        .map(|(name, value)| (unquote(name, true), unquote(value, true)))
        .collect()
}

/// Decodes the names and values of [`raw_pairs`] one at a time, as
/// [`parse_pairs`] does, into one buffer that is reused: a caller that
/// copies each result out at once (into a Python string, say) then needs no
/// allocation per escaped name or value.
#[derive(Debug, Default)]
pub struct Decoder {
    buffer: Vec<u8>,
}

impl Decoder {
    /// The decoded `text`: `text` itself when it holds no `%` or `+`,
    /// otherwise the buffer, valid until the next call.
    pub fn decode<'a>(&'a mut self, text: &'a str) -> Cow<'a, str> {
        if !needs_decoding(text) {
            return Cow::Borrowed(text);
        }
        let decoded = self.decode_into_buffer(text);
        // unquote_into leaves valid UTF-8; the lossy conversion only avoids
        // a panic.
        match std::str::from_utf8(decoded) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(decoded),
        }
    }

    /// [`Decoder::decode`] as bytes, which are always valid UTF-8: a caller
    /// that makes a string of them in a way that checks UTF-8 anyway saves
    /// checking it here too.
    pub fn decode_bytes<'a>(&'a mut self, text: &'a str) -> &'a [u8] {
        if !needs_decoding(text) {
            return text.as_bytes();
        }
        self.decode_into_buffer(text)
    }

    fn decode_into_buffer(&mut self, text: &str) -> &[u8] {
        self.buffer.clear();
        unquote_into(text, true, &mut self.buffer);
        &self.buffer
    }
}

/// Whether `text` holds a `%` or `+` to decode.
fn needs_decoding(text: &str) -> bool {
    memchr::memchr2(b'%', b'+', text.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(query: &str) -> Vec<(String, String)> {
        parse_pairs(query)
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    fn owned(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn splits_on_ampersand_only() {
        assert_eq!(
            pairs("a=1&b=2;c=3&a=4"),
            owned(&[("a", "1"), ("b", "2;c=3"), ("a", "4")])
        );
    }

    #[test]
    fn blank_values_and_empty_pairs() {
        assert_eq!(
            pairs("&&a&b=&=c&&"),
            owned(&[("a", ""), ("b", ""), ("", "c")])
        );
        assert!(pairs("").is_empty());
    }

    #[test]
    fn max_pairs_bounds_the_pairs() {
        for query in ["", "a", "a=1&b=2", "&&a&", "a=1&a=2&a=3&"] {
            assert!(raw_pairs(query).count() <= max_pairs(query), "{query}");
        }
        assert_eq!(max_pairs("a=1&b=2&c"), 3);
    }

    #[test]
    fn only_first_equals_splits() {
        assert_eq!(pairs("a=b=c"), owned(&[("a", "b=c")]));
    }

    #[test]
    fn decoder_decodes_like_parse_pairs() {
        let query = "na+me=v%C3%A4lue%FF&plain=text&x%3Dy=%26&a+b&=%2B+&%zz=100%";
        let mut decoder = Decoder::default();
        let decoded: Vec<(String, String)> = raw_pairs(query)
            .map(|(name, value)| {
                let name = decoder.decode(name).into_owned();
                (name, decoder.decode(value).into_owned())
            })
            .collect();
        assert_eq!(decoded, pairs(query));
        assert_eq!(
            decoded,
            owned(&[
                ("na me", "välue%FF"),
                ("plain", "text"),
                ("x=y", "&"),
                ("a b", ""),
                ("", "+ "),
                ("%zz", "100%"),
            ])
        );
    }

    #[test]
    fn decode_bytes_gives_the_utf8_of_decode() {
        let mut decoder = Decoder::default();
        for text in ["plain", "a+b", "v%C3%A4lue%FF", "%zz", "é+%41", ""] {
            let expected = decoder.decode(text).into_owned();
            assert_eq!(decoder.decode_bytes(text), expected.as_bytes(), "{text}");
        }
    }

    #[test]
    fn decoder_borrows_text_without_escapes() {
        let mut decoder = Decoder::default();
        assert!(matches!(decoder.decode("plain"), Cow::Borrowed("plain")));
        assert_eq!(decoder.decode("a+b"), "a b");
        assert!(matches!(decoder.decode("é"), Cow::Borrowed("é")));
    }

    #[test]
    fn decodes_names_and_values() {
        assert_eq!(
            pairs("na+me=v%C3%A4lue%FF&x%3Dy=%26"),
            owned(&[("na me", "välue%FF"), ("x=y", "&")])
        );
    }
}
