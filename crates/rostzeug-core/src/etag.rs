//! Entity tags: `If-Match` / `If-None-Match` lists and single `ETag` values.
//!
//! Lenient as Werkzeug is: besides `"tag"` and `W/"tag"`, unquoted tags are
//! accepted, and an item that is neither is skipped up to the next comma.

use crate::header::skip_space_tab;

/// A parsed `If-Match` / `If-None-Match` value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EntityTags<'a> {
    /// The value was exactly `*`.
    pub star: bool,
    /// Strong tags in header order, without quotes. An empty quoted tag
    /// (`""`) is the empty string.
    pub strong: Vec<&'a str>,
    /// Weak tags (`W/"..."`), in header order, without quotes.
    pub weak: Vec<&'a str>,
}

/// Parses a comma-separated list of entity tags.
pub fn parse_etags(value: &str) -> EntityTags<'_> {
    let mut tags = EntityTags::default();
    if value == "*" {
        tags.star = true;
        return tags;
    }
    let bytes = value.as_bytes();
    // Next `"` at or after a position; positions only grow, so each quote is
    // searched for once.
    let mut next_quote = QuoteFinder::new(bytes);
    let mut pos = 0;
    while pos < bytes.len() {
        match match_tag(bytes, pos, &mut next_quote) {
            Some(found) => {
                let tag = value.get(found.start..found.end).unwrap_or_default();
                if found.weak {
                    tags.weak.push(tag);
                } else {
                    tags.strong.push(tag);
                }
                pos = found.next;
            }
            None => match memchr::memchr(b',', bytes.get(pos..).unwrap_or_default()) {
                Some(offset) => pos += offset + 1,
                None => break,
            },
        }
    }
    tags
}

struct QuoteFinder<'a> {
    bytes: &'a [u8],
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl<'a> QuoteFinder<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        QuoteFinder { bytes, last: None }
    }

    /// Index of the first `"` at or after `from`. Callers ask with growing
    /// `from`, so the previous answer usually still holds and every byte is
    /// searched about once.
    fn find(&mut self, from: usize) -> Option<usize> {
        if let Some((searched_from, found)) = self.last {
            if searched_from <= from && found.is_none_or(|quote| quote >= from) {
                return found;
            }
        }
        let found = memchr::memchr(b'"', self.bytes.get(from..).unwrap_or_default())
            .map(|offset| from + offset);
        self.last = Some((from, found));
        found
    }
}

struct FoundTag {
    weak: bool,
    start: usize,
    end: usize,
    /// Where the next item starts: after the comma, or the end.
    next: usize,
}

/// After a tag ending at `end`: optional spaces, then a comma or the end.
fn item_end(bytes: &[u8], end: usize) -> Option<usize> {
    let pos = skip_space_tab(bytes, end);
    match bytes.get(pos) {
        None => Some(pos),
        Some(b',') => Some(pos + 1),
        Some(_) => None,
    }
}

/// Bytes allowed in an unquoted tag: anything but `"`, space, tab and comma.
fn unquoted_len(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| !matches!(b, b'"' | b' ' | b'\t' | b','))
        .count()
}

/// Matches one item at `pos`: spaces, an optional `W/`, a quoted or unquoted
/// tag, spaces, then a comma or the end. When `W/` starts the item but what
/// follows is not a tag, `W/` itself is tried as an unquoted tag.
fn match_tag(bytes: &[u8], pos: usize, quotes: &mut QuoteFinder<'_>) -> Option<FoundTag> {
    let start = skip_space_tab(bytes, pos);
    let has_weak_marker = matches!(bytes.get(start..start + 2), Some([b'W' | b'w', b'/']));
    let tag_start = if has_weak_marker { start + 2 } else { start };

    if bytes.get(tag_start) == Some(&b'"') {
        if let Some(close) = quotes.find(tag_start + 1) {
            if let Some(next) = item_end(bytes, close + 1) {
                return Some(FoundTag {
                    weak: has_weak_marker,
                    start: tag_start + 1,
                    end: close,
                    next,
                });
            }
        }
    }
    // An unquoted tag runs to the first syntax character; if what follows is
    // not a comma or the end, no shorter run can match either.
    let run = unquoted_len(bytes, tag_start);
    if run > 0 {
        let end = tag_start + run;
        return item_end(bytes, end).map(|next| FoundTag {
            weak: has_weak_marker,
            start: tag_start,
            end,
            next,
        });
    }
    if has_weak_marker {
        // `W/` followed by a syntax character: `W/` is the unquoted tag.
        return item_end(bytes, tag_start).map(|next| FoundTag {
            weak: false,
            start,
            end: tag_start,
            next,
        });
    }
    None
}

/// Splits a single entity tag into its value and whether it is weak, as
/// Werkzeug's `unquote_etag`: `W/` or `w/` marks it weak, surrounding quotes
/// are removed when both are there. `None` for the empty string.
pub fn unquote_etag(etag: &str) -> Option<(&str, bool)> {
    if etag.is_empty() {
        return None;
    }
    let (rest, weak) = match etag.get(..2) {
        Some("W/" | "w/") => (etag.get(2..).unwrap_or_default(), true),
        _ => (etag, false),
    };
    if rest.starts_with('"') && rest.ends_with('"') {
        return Some((rest.get(1..rest.len() - 1).unwrap_or_default(), weak));
    }
    Some((rest, weak))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(value: &str) -> (Vec<&str>, Vec<&str>) {
        let parsed = parse_etags(value);
        assert!(!parsed.star);
        (parsed.strong, parsed.weak)
    }

    #[test]
    fn star() {
        assert!(parse_etags("*").star);
        assert_eq!(tags(" *"), (vec!["*"], vec![]));
    }

    #[test]
    fn strong_weak_and_unquoted() {
        assert_eq!(
            tags(r#""foo", "bar", W/"baz", blar"#),
            (vec!["foo", "bar", "blar"], vec!["baz"])
        );
        assert_eq!(
            tags(r#"w/x, W/"a, b" , "" "#),
            (vec![""], vec!["x", "a, b"])
        );
    }

    #[test]
    fn invalid_items_are_skipped_to_the_next_comma() {
        assert_eq!(tags(r#""foo"bar, b"#), (vec!["b"], vec![]));
        assert_eq!(tags(r#"foo"bar", b"#), (vec!["b"], vec![]));
        assert_eq!(tags(r#"a b, c,,d"#), (vec!["c", "d"], vec![]));
        assert_eq!(tags(r#""a,b" x, c"#), (vec!["c"], vec![]));
    }

    #[test]
    fn weak_marker_alone_is_an_unquoted_tag() {
        assert_eq!(tags("W/"), (vec!["W/"], vec![]));
        assert_eq!(tags("W/ , x"), (vec!["W/", "x"], vec![]));
        assert_eq!(tags(r#"W/"unclosed"#), (vec![], vec![]));
        assert_eq!(tags(r#"W/ "x""#), (vec![], vec![]));
    }

    #[test]
    fn unquote_single() {
        assert_eq!(unquote_etag(r#""foo""#), Some(("foo", false)));
        assert_eq!(unquote_etag(r#"W/"foo""#), Some(("foo", true)));
        assert_eq!(unquote_etag("w/foo"), Some(("foo", true)));
        assert_eq!(unquote_etag("\""), Some(("", false)));
        assert_eq!(unquote_etag("W/\""), Some(("", true)));
        assert_eq!(unquote_etag("\"a"), Some(("\"a", false)));
        assert_eq!(unquote_etag(""), None);
    }

    #[test]
    fn long_inputs_stay_fast() {
        let started = std::time::Instant::now();
        for input in [
            "\"a,".repeat(100_000),
            "W/\"".repeat(100_000),
            " ".repeat(300_000) + "x\"",
            "\",".repeat(100_000),
            "a\"".repeat(100_000),
        ] {
            let _ = parse_etags(&input);
        }
        assert!(started.elapsed().as_secs() < 2);
    }
}
