//! `Accept`, `Accept-Language`, `Accept-Charset` and `Accept-Encoding`.
//!
//! Parsing follows Werkzeug's `parse_accept_header`: the value is a list
//! header (see [`crate::header::parse_list`]), each item a value with
//! `;`-separated parameters parsed by [`crate::header::parse_options_borrowed`]
//! (RFC 2231 charsets and continuations included). A `q` parameter must look like
//! `-?digits[.digits]` and lie in `0..=1`, or the item is dropped; other
//! parameters are written back onto the value. Matching follows Werkzeug's
//! `Accept.best_match` and `LanguageAccept.best_match`.

use std::borrow::Cow;
use std::cmp::Ordering;

use crate::header::{
    is_token_byte, parse_list, parse_options_borrowed, quote, split_at_byte, trim_space_tab,
};

/// The quality of an accepted value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quality {
    /// No `q` parameter: quality 1 (Werkzeug stores the integer `1`).
    Implicit,
    /// A valid `q` parameter, in `0.0..=1.0`.
    Explicit(f64),
}

impl Quality {
    /// The quality as a number.
    pub fn value(self) -> f64 {
        match self {
            Quality::Implicit => 1.0,
            Quality::Explicit(q) => q,
        }
    }
}

/// One accepted value: the value with its parameters other than `q`, and its
/// quality.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptItem<'a> {
    pub value: Cow<'a, str>,
    pub quality: Quality,
}

/// How specific a value is, which decides the order of equal qualities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Specificity {
    /// `Accept`, `LanguageAccept`, `CharsetAccept`: anything but `*` is more
    /// specific than `*`.
    Plain,
    /// `MIMEAccept`: compared part by part (type, subtype, parameters), a
    /// part other than `*` being more specific, and more parts more specific.
    MediaType,
}

/// How an offered value is compared with an accepted one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchRule {
    /// Case-insensitive equality, `*` matching anything (`Accept`).
    Plain,
    /// Case-insensitive equality with `-` and `_` the same, `*` matching
    /// anything, then the primary-subtag fallbacks of `LanguageAccept`.
    Language,
}

/// Parses an accept header into its items, in header order.
///
/// An unclosed quoted string makes the whole list empty, as in Werkzeug.
pub fn parse_accept(value: &str) -> Vec<AcceptItem<'_>> {
    let list = parse_list(value);
    let mut items = Vec::with_capacity(list.len());
    for list_item in list {
        let parsed = match list_item {
            Cow::Borrowed(item) => parse_item(item),
            Cow::Owned(item) => parse_item(&item).map(|parsed| AcceptItem {
                value: Cow::Owned(parsed.value.into_owned()),
                quality: parsed.quality,
            }),
        };
        items.extend(parsed);
    }
    items
}

/// Parses a parsed accept header in the order Werkzeug's `Accept` keeps: most
/// specific first, then highest quality, ties in header order.
pub fn parse_accept_sorted(value: &str, specificity: Specificity) -> Vec<AcceptItem<'_>> {
    let mut items = parse_accept(value);
    sort_items(&mut items, specificity);
    items
}

/// Sorts items by descending (specificity, quality), keeping the order of
/// equal items.
pub fn sort_items(items: &mut Vec<AcceptItem<'_>>, specificity: Specificity) {
    match specificity {
        Specificity::Plain => items.sort_by(|a, b| {
            let key = |item: &AcceptItem<'_>| (item.value != "*", item.quality.value());
            compare_desc(key(a), key(b))
        }),
        Specificity::MediaType => {
            let mut keyed: Vec<(Vec<bool>, f64, AcceptItem<'_>)> = items
                .drain(..)
                .map(|item| {
                    (
                        media_type_specificity(&item.value),
                        item.quality.value(),
                        item,
                    )
                })
                .collect();
            keyed.sort_by(|a, b| b.0.cmp(&a.0).then(total(b.1, a.1)));
            items.extend(keyed.into_iter().map(|(_, _, item)| item));
        }
    }
}

fn compare_desc(a: (bool, f64), b: (bool, f64)) -> Ordering {
    b.0.cmp(&a.0).then(total(b.1, a.1))
}

/// Compares qualities, which are never NaN.
fn total(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

/// For each part of a media type split at `/` and at `;` (with the spaces and
/// tabs around a `;`), whether it is something other than `*`.
pub fn media_type_specificity(value: &str) -> Vec<bool> {
    let mut parts = Vec::new();
    let mut after_semicolon = false;
    let mut rest = value;
    loop {
        let end = rest.find(['/', ';']).unwrap_or(rest.len());
        let delimiter = rest.as_bytes().get(end).copied();
        let mut part = rest.get(..end).unwrap_or_default();
        if after_semicolon {
            part = part.trim_start_matches([' ', '\t']);
        }
        if delimiter == Some(b';') {
            part = part.trim_end_matches([' ', '\t']);
        }
        parts.push(part != "*");
        match delimiter {
            None => return parts,
            Some(byte) => {
                after_semicolon = byte == b';';
                rest = rest.get(end + 1..).unwrap_or_default();
            }
        }
    }
}

/// Parses one list item `value;param=...`; `None` when its `q` is invalid.
fn parse_item(item: &str) -> Option<AcceptItem<'_>> {
    if let Some(simple) = parse_simple_item(item) {
        return simple;
    }
    let (base, mut params) = parse_options_borrowed(item);
    let mut quality = Quality::Implicit;
    if let Some(q_index) = params.iter().position(|(key, _)| key == "q") {
        let (_, q) = params.remove(q_index);
        quality = Quality::Explicit(parse_quality(trim_space_tab(&q))?);
    }
    if params.is_empty() {
        return Some(AcceptItem {
            value: Cow::Borrowed(base),
            quality,
        });
    }
    let mut value = String::with_capacity(item.len() + 8);
    value.push_str(base);
    for (key, param) in &params {
        value.push_str("; ");
        value.push_str(key);
        value.push('=');
        if key.ends_with('*') {
            value.push_str(param);
        } else {
            value.push_str(&quote(param, true));
        }
    }
    Some(AcceptItem {
        value: Cow::Owned(value),
        quality,
    })
}

/// The common shapes `value` and `value;q=token` without allocating;
/// `None` when the item needs the full parameter parser.
fn parse_simple_item(item: &str) -> Option<Option<AcceptItem<'_>>> {
    let Some((value, rest)) = split_at_byte(item, b';') else {
        return Some(Some(AcceptItem {
            value: Cow::Borrowed(trim_space_tab(item)),
            quality: Quality::Implicit,
        }));
    };
    let value = trim_space_tab(value);
    let rest = trim_space_tab(rest);
    let q = match rest.as_bytes() {
        [b'q' | b'Q', b'=', ..] => rest.get(2..)?,
        _ => return None,
    };
    // `%22` would be unescaped, and other bytes start other parameters.
    if value.is_empty() || q.is_empty() || !q.bytes().all(|b| is_token_byte(b) && b != b'%') {
        return None;
    }
    Some(parse_quality(q).map(|quality| AcceptItem {
        value: Cow::Borrowed(value),
        quality: Quality::Explicit(quality),
    }))
}

/// Validates and converts a quality: `-?digits(.digits)?` within `0..=1`.
fn parse_quality(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match split_at_byte(digits, b'.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !fraction.is_none_or(all_digits) {
        return None;
    }
    let quality = short_decimal(whole, fraction)
        .map(|magnitude| {
            if digits.len() < text.len() {
                -magnitude
            } else {
                magnitude
            }
        })
        .or_else(|| text.parse().ok())?;
    (0.0..=1.0).contains(&quality).then_some(quality)
}

/// The value of `whole.fraction` (already checked to be ASCII digits) when
/// it has at most 15 digits, without the general float parser: the digits
/// then form an integer below 2^53 and the divisor a power of ten below
/// 10^16, both exact in an `f64`, so the one correctly rounded division
/// gives the nearest `f64` to the decimal, which is what parsing gives.
fn short_decimal(whole: &str, fraction: Option<&str>) -> Option<f64> {
    if whole.len() + fraction.map_or(0, str::len) > 15 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut divisor: u64 = 1;
    for byte in whole.bytes() {
        mantissa = mantissa * 10 + u64::from(byte - b'0');
    }
    for byte in fraction.unwrap_or_default().bytes() {
        mantissa = mantissa * 10 + u64::from(byte - b'0');
        divisor *= 10;
    }
    // At most 15 digits: the integer and the power of ten are exact.
    #[allow(clippy::cast_precision_loss)]
    Some(mantissa as f64 / divisor as f64)
}

/// Compares two values for `Accept`: case-insensitive equality.
fn plain_equal(offered: &str, accepted: &str) -> bool {
    if offered.is_ascii() && accepted.is_ascii() {
        offered.eq_ignore_ascii_case(accepted)
    } else {
        offered.to_lowercase() == accepted.to_lowercase()
    }
}

/// Compares two language tags: case-insensitive, `-` and `_` the same.
fn language_equal(offered: &str, accepted: &str) -> bool {
    let fold = |b: u8| {
        if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        }
    };
    if offered.is_ascii() && accepted.is_ascii() {
        offered.len() == accepted.len()
            && offered
                .bytes()
                .zip(accepted.bytes())
                .all(|(a, b)| fold(a) == fold(b))
    } else {
        offered.to_lowercase().replace('_', "-") == accepted.to_lowercase().replace('_', "-")
    }
}

/// The primary subtag: everything before the first `-` or `_`.
fn primary_subtag(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Werkzeug's `Accept.best_match` over already ordered `accepted` items with
/// plain specificity: the index of the offered value whose first matching
/// accepted item has the highest quality (ties: the more specific item, then
/// the first offered).
fn best_match_with<S: AsRef<str>>(
    accepted: &[(&str, f64)],
    offered: &[S],
    matches: impl Fn(&str, &str) -> bool,
) -> Option<usize> {
    let mut result = None;
    let mut best_quality = -1.0;
    let mut best_specificity = -1;
    for (index, server_item) in offered.iter().enumerate() {
        let server_item = server_item.as_ref();
        let Some(&(client_item, quality)) = accepted
            .iter()
            .find(|(client_item, _)| *client_item == "*" || matches(server_item, client_item))
        else {
            continue;
        };
        let specificity = i8::from(client_item != "*");
        if quality <= 0.0 || quality < best_quality {
            continue;
        }
        if quality > best_quality || specificity > best_specificity {
            result = Some(index);
            best_quality = quality;
            best_specificity = specificity;
        }
    }
    result
}

/// Picks the best of `offered` for the `accepted` items (in the order the
/// `Accept` object keeps them), returning its index.
pub fn best_match<S: AsRef<str>>(
    accepted: &[(&str, f64)],
    offered: &[S],
    rule: MatchRule,
) -> Option<usize> {
    match rule {
        MatchRule::Plain => best_match_with(accepted, offered, plain_equal),
        MatchRule::Language => best_language_match(accepted, offered),
    }
}

fn best_language_match<S: AsRef<str>>(accepted: &[(&str, f64)], offered: &[S]) -> Option<usize> {
    if let Some(index) = best_match_with(accepted, offered, language_equal) {
        return Some(index);
    }
    // The accepted primary subtags, re-sorted as a plain Accept would.
    let mut primaries: Vec<(&str, f64)> = accepted
        .iter()
        .map(|&(tag, quality)| (primary_subtag(tag), quality))
        .collect();
    primaries.sort_by(|a, b| compare_desc((a.0 != "*", a.1), (b.0 != "*", b.1)));
    if let Some(index) = best_match_with(&primaries, offered, plain_equal) {
        return Some(index);
    }
    // The offered primary subtags; the answer is the first offered value
    // that starts with the winning subtag.
    let offered_primaries: Vec<&str> = offered
        .iter()
        .map(|tag| primary_subtag(tag.as_ref()))
        .collect();
    let winner = best_match_with(accepted, &offered_primaries, language_equal)?;
    let subtag = offered_primaries.get(winner)?;
    offered
        .iter()
        .position(|tag| tag.as_ref().starts_with(subtag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(value: &str) -> Vec<(String, Option<f64>)> {
        parse_accept(value)
            .into_iter()
            .map(|item| {
                let q = match item.quality {
                    Quality::Implicit => None,
                    Quality::Explicit(q) => Some(q),
                };
                (item.value.into_owned(), q)
            })
            .collect()
    }

    fn sorted(value: &str, specificity: Specificity) -> Vec<String> {
        parse_accept_sorted(value, specificity)
            .into_iter()
            .map(|item| item.value.into_owned())
            .collect()
    }

    #[test]
    fn short_qualities_parse_as_the_float_parser_does() {
        let mut texts: Vec<String> = Vec::new();
        for whole in ["0", "1", "00", "-0", "-1"] {
            texts.push(whole.to_owned());
            for fraction in 0..=1000 {
                texts.push(format!("{whole}.{fraction}"));
                texts.push(format!("{whole}.{fraction:03}"));
            }
        }
        texts.push("0.123456789012345".to_owned());
        texts.push("0.1234567890123456789".to_owned());
        for text in &texts {
            let expected = text.parse::<f64>().ok().filter(|q| (0.0..=1.0).contains(q));
            let parsed = parse_quality(text);
            assert_eq!(
                parsed.map(f64::to_bits),
                expected.map(f64::to_bits),
                "{text}"
            );
        }
    }

    #[test]
    fn qualities() {
        assert_eq!(
            items("en-us,ru;q=0.5, de ; q = 1"),
            vec![
                ("en-us".into(), None),
                ("ru".into(), Some(0.5)),
                ("de".into(), None)
            ]
        );
        assert_eq!(items("de ; q=1"), vec![("de".into(), Some(1.0))]);
        assert_eq!(
            items("a;q=0, b;q=-0, c;q=1.000"),
            vec![
                ("a".into(), Some(0.0)),
                ("b".into(), Some(-0.0)),
                ("c".into(), Some(1.0))
            ]
        );
    }

    #[test]
    fn invalid_qualities_drop_the_item() {
        for q in [
            "q=.5",
            "q=+0.5",
            "q=0.5_1",
            "q=1.",
            "q=5",
            "q=1.01",
            "q=-1",
            "q=x",
            "q*=UTF-8''%F0%9F%AF%B0.%F0%9F%AF%B5",
        ] {
            assert_eq!(
                items(&format!("en,jp;{q}")),
                vec![("en".into(), None)],
                "{q}"
            );
        }
        assert_eq!(items("jp;q=\"0.5\""), vec![("jp".into(), Some(0.5))]);
        // Not a parameter at all, so the default quality.
        assert_eq!(items("jp;q="), vec![("jp".into(), None)]);
        assert_eq!(items("jp;q*=UTF-8''0.25"), vec![("jp".into(), Some(0.25))]);
    }

    #[test]
    fn parameters_are_rewritten() {
        assert_eq!(
            items("application/x-special; z=\"a b\";q=0.5"),
            vec![("application/x-special; z=\"a b\"".into(), Some(0.5))]
        );
        assert_eq!(
            items("application/foo;quiet=no; bar=baz;q=0.6"),
            vec![("application/foo; quiet=no; bar=baz".into(), Some(0.6))]
        );
        assert_eq!(
            items("text/html;Level=1;junk;x=\"\""),
            vec![("text/html; level=1; x=\"\"".into(), None)]
        );
        assert_eq!(
            items("a;x=\"q\\\"%22\""),
            vec![("a; x=\"q\\\"\\\"\"".into(), None)]
        );
        assert_eq!(
            items("a;x*0=ab;x*1=cd;y=1"),
            vec![("a; y=1; x=abcd".into(), None)]
        );
        assert_eq!(
            items("a;x*0*=UTF-8''%C3%A9;x*1*=%C3%A9"),
            vec![("a; x=\"éé\"".into(), None)]
        );
        assert_eq!(items("a;x*=koi8-r''%41"), vec![("a; x=%41".into(), None)]);
        assert_eq!(items("a;x**=1"), vec![("a; x*=1".into(), None)]);
        // A continued piece takes the charset of the first, and characters
        // outside ASCII are kept as sent.
        assert_eq!(
            items("a;x*0*=iso-8859-1''%E9;x*1*=\"é%E9\""),
            vec![("a; x=\"é\\\"éé\\\"\"".into(), None)]
        );
        assert_eq!(
            items("\"a;x=\\\"unclosed;q=0.1\""),
            vec![("a".into(), None)]
        );
    }

    #[test]
    fn list_edge_cases() {
        assert_eq!(
            items(";q=0.5,,\"b\""),
            vec![("".into(), None), ("b".into(), None)]
        );
        assert!(items("a, \"b").is_empty());
        assert_eq!(items("foo="), vec![("foo=".into(), None)]);
    }

    #[test]
    fn sorting() {
        assert_eq!(
            sorted("*;q=1,a;q=0.5,b,c;q=0.5,d;q=0.9", Specificity::Plain),
            ["b", "d", "a", "c", "*"]
        );
        assert_eq!(
            sorted(
                "text/*, text/html, text/html;level=1, */*",
                Specificity::MediaType
            ),
            ["text/html; level=1", "text/html", "text/*", "*/*"]
        );
        assert_eq!(
            sorted(
                "foo=,application/xml,*/*;q=0.5,text/html;q=0.9",
                Specificity::MediaType
            ),
            ["application/xml", "text/html", "foo=", "*/*"]
        );
    }

    #[test]
    fn media_type_parts() {
        assert_eq!(media_type_specificity("text/*"), [true, false]);
        assert_eq!(
            media_type_specificity("*/*;  *  ;*/ *"),
            [false, false, false, false, true]
        );
        assert_eq!(media_type_specificity("*"), [false]);
    }

    fn pick(header: &str, offered: &[&str], rule: MatchRule) -> Option<String> {
        let items = parse_accept_sorted(header, Specificity::Plain);
        let accepted: Vec<(&str, f64)> = items
            .iter()
            .map(|item| (item.value.as_ref(), item.quality.value()))
            .collect();
        best_match(&accepted, offered, rule).and_then(|i| offered.get(i).map(|s| s.to_string()))
    }

    #[test]
    fn plain_matching() {
        assert_eq!(
            pick("a;q=0.5,B", &["a", "b"], MatchRule::Plain).as_deref(),
            Some("b")
        );
        assert_eq!(
            pick("a;q=0.5,*;q=0.5", &["x", "a"], MatchRule::Plain).as_deref(),
            Some("a")
        );
        assert_eq!(pick("a;q=0", &["a"], MatchRule::Plain), None);
        assert_eq!(pick("", &["a"], MatchRule::Plain), None);
    }

    #[test]
    fn language_matching() {
        let header = "de-AT,de;q=0.8,en;q=0.5";
        assert_eq!(
            pick(header, &["en", "de"], MatchRule::Language).as_deref(),
            Some("de")
        );
        assert_eq!(
            pick(header, &["en", "de_at"], MatchRule::Language).as_deref(),
            Some("de_at")
        );
        assert_eq!(
            pick("en-US", &["en", "fr"], MatchRule::Language).as_deref(),
            Some("en")
        );
        assert_eq!(
            pick("en", &["fr", "en-GB", "en-US"], MatchRule::Language).as_deref(),
            Some("en-GB")
        );
        assert_eq!(
            pick("de-CH", &["en-US", "de-DE"], MatchRule::Language),
            None
        );
        assert_eq!(
            pick("de-CH", &["en-US", "de"], MatchRule::Language).as_deref(),
            Some("de")
        );
        assert_eq!(pick("fr", &["en", "de"], MatchRule::Language), None);
        assert_eq!(
            pick("*;q=0.1,fr", &["en", "fr"], MatchRule::Language).as_deref(),
            Some("fr")
        );
    }

    #[test]
    fn long_inputs_stay_fast() {
        let started = std::time::Instant::now();
        let inputs = [
            ",".repeat(200_000),
            "\"".to_string() + &"\\\\".repeat(100_000),
            "a;".to_string() + &"x=\"".repeat(50_000),
            "a;".to_string() + &(0..30_000).map(|i| format!("k{i}=v;")).collect::<String>(),
            "a;".to_string()
                + &(0..30_000)
                    .map(|i| format!("k*{i}*=utf-8''%41;"))
                    .collect::<String>(),
            "a;".to_string() + &" ".repeat(200_000),
            "*/*".to_string() + &";".repeat(200_000),
        ];
        for input in &inputs {
            let _ = parse_accept_sorted(input, Specificity::MediaType);
        }
        assert!(started.elapsed().as_secs() < 3);
    }
}
