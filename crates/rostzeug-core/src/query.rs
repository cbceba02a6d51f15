//! Query strings and `application/x-www-form-urlencoded` bodies.
//!
//! Follows `urllib.parse.parse_qsl(qs, keep_blank_values=True,
//! errors="werkzeug.url_quote")`, which is what Werkzeug uses: pairs are
//! separated by `&` only (never `;`), empty pairs are skipped, a pair without
//! `=` has an empty value, `+` is a space, and percent-escapes that do not
//! form valid UTF-8 stay escaped.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::percent::unquote;

/// Decodes one side of a pair; `escaped` says whether it holds a `%` or a
/// `+`, without which it is the text itself.
fn decode(text: &str, escaped: bool) -> Cow<'_, str> {
    if escaped {
        unquote(text, true)
    } else {
        Cow::Borrowed(text)
    }
}

/// The decoded `(name, value)` pairs of a query string, in order.
///
/// Each part is scanned once, byte by byte: query strings are short, and
/// one pass that finds the `&`, the first `=` and any escapes costs less
/// than a search per character of interest.
fn pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    let bytes = query.as_bytes();
    // Where the next part starts.
    let mut start = 0;
    std::iter::from_fn(move || {
        while let Some(rest) = bytes.get(start..).filter(|rest| !rest.is_empty()) {
            let mut length = rest.len();
            let mut equals = None;
            let mut name_escaped = false;
            let mut value_escaped = false;
            for (offset, &byte) in rest.iter().enumerate() {
                match byte {
                    b'&' => {
                        length = offset;
                        break;
                    }
                    b'=' if equals.is_none() => equals = Some(offset),
                    b'%' | b'+' if equals.is_none() => name_escaped = true,
                    b'%' | b'+' => value_escaped = true,
                    _ => {}
                }
            }
            let part = query.get(start..start + length).unwrap_or_default();
            start += length + 1;
            if part.is_empty() {
                continue;
            }
            // The delimiters are ASCII, so these are character boundaries.
            let (name, value) = match equals {
                Some(equals) => (
                    part.get(..equals).unwrap_or_default(),
                    part.get(equals + 1..).unwrap_or_default(),
                ),
                None => (part, ""),
            };
            return Some((decode(name, name_escaped), decode(value, value_escaped)));
        }
        None
    })
}

/// Splits a query string into decoded `(name, value)` pairs, in order.
///
/// Names and values without escapes borrow from `query`.
pub fn parse_pairs(query: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    pairs(query).collect()
}

/// A name of a query string with all its values, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<'a> {
    pub name: Cow<'a, str>,
    /// The first value, kept apart so that a name with one value (the
    /// common case) needs no allocation for its values.
    pub first: Cow<'a, str>,
    /// The values after the first.
    pub more: Vec<Cow<'a, str>>,
}

impl<'a> Group<'a> {
    /// All the values, in order.
    pub fn values(&self) -> impl Iterator<Item = &Cow<'a, str>> {
        std::iter::once(&self.first).chain(&self.more)
    }
}

/// Up to this many distinct names, a name is looked up by comparing it with
/// each name seen so far, which is quicker than hashing for the few names a
/// query string usually has; beyond it, a hash map keeps the lookup constant.
const NAMES_SCANNED: usize = 16;

/// Parses a query string into its names, each once in the order it first
/// appears, with all their values in order: the pairs of [`parse_pairs`]
/// grouped by name.
///
/// Names and values without escapes borrow from `query`.
pub fn parse_groups(query: &str) -> Vec<Group<'_>> {
    // At most one group per `&`-separated part: one allocation.
    let parts = memchr::memchr_iter(b'&', query.as_bytes()).count() + 1;
    let mut groups: Vec<Group<'_>> = Vec::with_capacity(parts.min(NAMES_SCANNED));
    // Position of each name in `groups`; filled once there are more than
    // NAMES_SCANNED names.
    let mut positions: HashMap<Cow<'_, str>, usize> = HashMap::new();
    for (name, value) in pairs(query) {
        let position = if groups.len() <= NAMES_SCANNED {
            groups.iter().position(|group| group.name == name)
        } else {
            positions.get(&name).copied()
        };
        match position.and_then(|position| groups.get_mut(position)) {
            Some(group) => group.more.push(value),
            None => {
                if groups.len() == NAMES_SCANNED {
                    // The map takes over: index the names scanned so far.
                    positions.extend(
                        groups
                            .iter()
                            .enumerate()
                            .map(|(position, group)| (group.name.clone(), position)),
                    );
                }
                if groups.len() >= NAMES_SCANNED {
                    positions.insert(name.clone(), groups.len());
                }
                groups.push(Group {
                    name,
                    first: value,
                    more: Vec::new(),
                });
            }
        }
    }
    groups
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

    fn groups(query: &str) -> Vec<(String, Vec<String>)> {
        parse_groups(query)
            .iter()
            .map(|group| {
                let values = group.values().map(|value| value.to_string()).collect();
                (group.name.to_string(), values)
            })
            .collect()
    }

    /// Groups pairs the obvious (quadratic) way, to check parse_groups.
    fn grouped(pairs: &[(String, String)]) -> Vec<(String, Vec<String>)> {
        let mut result: Vec<(String, Vec<String>)> = Vec::new();
        for (name, value) in pairs {
            match result.iter_mut().find(|(seen, _)| seen == name) {
                Some((_, values)) => values.push(value.clone()),
                None => result.push((name.clone(), vec![value.clone()])),
            }
        }
        result
    }

    #[test]
    fn groups_values_by_name_in_first_appearance_order() {
        assert_eq!(
            groups("b=1&a=2&b=3&c&a=4&%62=5"),
            vec![
                ("b".to_string(), vec!["1".into(), "3".into(), "5".into()]),
                ("a".to_string(), vec!["2".into(), "4".into()]),
                ("c".to_string(), vec![String::new()]),
            ]
        );
        assert!(groups("&&").is_empty());
    }

    #[test]
    fn groups_many_names_like_few() {
        // Enough names to go past the scanned ones into the hash map, with
        // repeats on both sides of that switch.
        let query: Vec<String> = (0..40).map(|i| format!("n{}=v{i}", (i * 7) % 23)).collect();
        let query = query.join("&");
        assert_eq!(groups(&query), grouped(&pairs(&query)));
        let names: Vec<String> = (0..=NAMES_SCANNED).map(|i| format!("k{i}=x")).collect();
        let query = format!("{}&k0=y&k{NAMES_SCANNED}=z", names.join("&"));
        assert_eq!(groups(&query), grouped(&pairs(&query)));
    }

    #[test]
    fn decodes_names_and_values() {
        assert_eq!(
            pairs("na+me=v%C3%A4lue%FF&x%3Dy=%26"),
            owned(&[("na me", "välue%FF"), ("x=y", "&")])
        );
    }
}
