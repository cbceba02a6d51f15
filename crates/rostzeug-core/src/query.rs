//! Query strings and `application/x-www-form-urlencoded` bodies.
//!
//! Follows `urllib.parse.parse_qsl(qs, keep_blank_values=True,
//! errors="werkzeug.url_quote")`, which is what Werkzeug uses: pairs are
//! separated by `&` only (never `;`), empty pairs are skipped, a pair without
//! `=` has an empty value, `+` is a space, and percent-escapes that do not
//! form valid UTF-8 stay escaped.

use std::borrow::Cow;

use crate::percent::unquote;

/// Splits a query string into decoded `(name, value)` pairs, in order.
///
/// Values without escapes borrow from `query`.
pub fn parse_pairs(query: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (unquote(name, true), unquote(value, true))
        })
        .collect()
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
    fn only_first_equals_splits() {
        assert_eq!(pairs("a=b=c"), owned(&[("a", "b=c")]));
    }

    #[test]
    fn decodes_names_and_values() {
        assert_eq!(
            pairs("na+me=v%C3%A4lue%FF&x%3Dy=%26"),
            owned(&[("na me", "välue%FF"), ("x=y", "&")])
        );
    }
}
