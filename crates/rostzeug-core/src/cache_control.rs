//! `Cache-Control` values.
//!
//! Werkzeug reads them with `parse_dict_header`: a list header (see
//! [`crate::header::parse_list`]) of `key=value` or bare `key` directives, with
//! RFC 2231 `key*=charset''value` decoding.

use std::borrow::Cow;

use crate::header::parse_dict_borrowed;

/// Parses a `Cache-Control` value into its directives, in order, as
/// Werkzeug's `parse_dict_header` does: a repeated directive keeps its first
/// position and its last value; a directive without `=` has no value.
pub fn parse_cache_control(value: &str) -> Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> {
    parse_dict_borrowed(value)
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
    fn many_directives_stay_fast() {
        let value =
            "a=1,".repeat(50_000) + &(0..20_000).map(|i| format!("k{i},")).collect::<String>();
        let started = std::time::Instant::now();
        assert_eq!(parse_cache_control(&value).len(), 20_001);
        assert!(started.elapsed().as_secs() < 2);
    }
}
