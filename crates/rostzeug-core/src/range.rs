//! `Range` and `Content-Range` values.
//!
//! Numbers are kept as their decimal digits ([`PlainInt`]) so that values of
//! any size are compared and handed on exactly, as Python integers are.

use std::cmp::Ordering;

use crate::header::trim_space_tab;

/// An integer written as `-?[0-9]+` (Werkzeug's `_plain_int`), of any size.
///
/// Equality and order are those of the value: `007` equals `7`.
#[derive(Clone, Copy, Debug)]
pub struct PlainInt<'a> {
    /// Negative and not zero.
    pub negative: bool,
    /// The magnitude's digits without leading zeros; empty for zero.
    pub digits: &'a str,
    /// How many digits were written, leading zeros included: CPython's
    /// limit on `int(str)` counts these, so a binding needs them to decide
    /// as Werkzeug's `int()` call would.
    pub written_digits: usize,
}

impl<'a> PlainInt<'a> {
    /// Parses `text` stripped of spaces and tabs; only ASCII digits with an
    /// optional leading `-` are accepted (no `+`, `_` or other digits).
    pub fn parse(text: &'a str) -> Option<Self> {
        let text = trim_space_tab(text);
        let (negative, digits) = match text.strip_prefix('-') {
            Some(digits) => (true, digits),
            None => (false, text),
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let written_digits = digits.len();
        let digits = digits.trim_start_matches('0');
        Some(PlainInt {
            negative: negative && !digits.is_empty(),
            digits,
            written_digits,
        })
    }

    pub fn is_zero(self) -> bool {
        self.digits.is_empty()
    }

    /// The value when it fits in an `i64`.
    pub fn to_i64(self) -> Option<i64> {
        if self.digits.len() > 18 {
            return None;
        }
        let magnitude: i64 = if self.digits.is_empty() {
            0
        } else {
            self.digits.parse().ok()?
        };
        Some(if self.negative { -magnitude } else { magnitude })
    }

    fn cmp_magnitude(self, other: PlainInt<'_>) -> Ordering {
        self.digits
            .len()
            .cmp(&other.digits.len())
            .then_with(|| self.digits.cmp(other.digits))
    }
}

impl Ord for PlainInt<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(*other),
            (true, true) => other.cmp_magnitude(*self),
        }
    }
}

impl PartialEq for PlainInt<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PlainInt<'_> {}

impl PartialOrd for PlainInt<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One range of a `Range` header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteRange<'a> {
    /// `-N`: the last N units; `length` is N (never zero).
    Suffix { length: PlainInt<'a> },
    /// `first-` or `first-last`, `last` inclusive as written.
    From {
        first: PlainInt<'a>,
        last: Option<PlainInt<'a>>,
    },
}

/// A parsed `Range` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeHeader<'a> {
    /// The unit as written, stripped of spaces and tabs (Werkzeug lower-cases
    /// it; see [`RangeHeader::units_lowercase`]).
    pub units: &'a str,
    pub ranges: Vec<ByteRange<'a>>,
}

impl RangeHeader<'_> {
    /// The unit lower-cased.
    pub fn units_lowercase(&self) -> String {
        self.units.to_lowercase()
    }
}

/// Parses a `Range` header as Werkzeug does; `None` when it is malformed.
///
/// Ranges must be in ascending, non-overlapping order; a suffix range
/// (`-N`, N > 0) may only come last; `first-last` needs `first <= last`.
pub fn parse_range(value: &str) -> Option<RangeHeader<'_>> {
    let (units, ranges_text) = value.split_once('=')?;
    // Where the previous range ended (exclusive): none yet, open, or after
    // an inclusive last position.
    enum Previous<'a> {
        Nothing,
        Open,
        Last(PlainInt<'a>),
    }
    let mut previous = Previous::Nothing;
    let mut ranges = Vec::new();
    for item in ranges_text.split(',') {
        let item = trim_space_tab(item);
        if !item.contains('-') {
            return None;
        }
        if item.starts_with('-') {
            if matches!(previous, Previous::Open) {
                return None;
            }
            let begin = PlainInt::parse(item)?;
            if begin.is_zero() {
                return None;
            }
            ranges.push(ByteRange::Suffix {
                length: PlainInt {
                    negative: false,
                    ..begin
                },
            });
            previous = Previous::Open;
            continue;
        }
        let (first, last) = item.split_once('-')?;
        let first = PlainInt::parse(first)?;
        match previous {
            Previous::Open => return None,
            Previous::Last(previous_last) if first <= previous_last => return None,
            _ => {}
        }
        let last_text = trim_space_tab(last);
        let last = if last_text.is_empty() {
            previous = Previous::Open;
            None
        } else {
            let last = PlainInt::parse(last_text)?;
            if first > last {
                return None;
            }
            previous = Previous::Last(last);
            Some(last)
        };
        ranges.push(ByteRange::From { first, last });
    }
    Some(RangeHeader {
        units: trim_space_tab(units),
        ranges,
    })
}

/// A parsed `Content-Range` header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentRangeHeader<'a> {
    /// Everything before the first space.
    pub units: &'a str,
    /// `first` and inclusive `last`, or `None` for `*`.
    pub range: Option<(PlainInt<'a>, PlainInt<'a>)>,
    /// The complete length, or `None` for `*`.
    pub length: Option<PlainInt<'a>>,
}

/// Parses a `Content-Range` header (`units first-last/length`, with `*` for
/// an unknown range or length) as Werkzeug does; `None` when it is malformed
/// or the range is not valid for the length.
pub fn parse_content_range(value: &str) -> Option<ContentRangeHeader<'_>> {
    let value = trim_space_tab(value);
    let (units, range_def) = value.split_once(' ').unwrap_or((value, ""));
    let (range_text, length_text) = range_def.split_once('/')?;
    let length = if length_text == "*" {
        None
    } else {
        Some(PlainInt::parse(length_text)?)
    };
    if range_text == "*" {
        if length.is_some_and(|length| length.negative) {
            return None;
        }
        return Some(ContentRangeHeader {
            units,
            range: None,
            length,
        });
    }
    let (first, last) = range_text.split_once('-')?;
    let first = PlainInt::parse(first)?;
    let last = PlainInt::parse(last)?;
    // Werkzeug's is_byte_range_valid: first < last + 1, 0 <= first, and
    // first < length when the length is known (the end is not checked
    // against the length).
    let valid = first <= last && !first.negative && length.is_none_or(|length| first < length);
    valid.then_some(ContentRangeHeader {
        units,
        range: Some((first, last)),
        length,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZERO: PlainInt<'static> = PlainInt {
        negative: false,
        digits: "",
        written_digits: 1,
    };

    fn int(text: &str) -> PlainInt<'_> {
        PlainInt::parse(text).unwrap_or(ZERO)
    }

    #[test]
    fn plain_ints() {
        assert_eq!(
            PlainInt::parse(" -007\t").and_then(PlainInt::to_i64),
            Some(-7)
        );
        assert_eq!(PlainInt::parse("-0"), Some(ZERO));
        for bad in ["", "-", "+1", "1_0", "1 0", "--1", "\u{1FBF1}"] {
            assert_eq!(PlainInt::parse(bad), None, "{bad}");
        }
        assert!(int("99999999999999999999") > int("9999999999999999999"));
        assert!(int("-5") < int("-4"));
        assert!(int("-5") < int("0"));
        assert_eq!(int("99999999999999999999").to_i64(), None);
        let padded = int(" -0007 ");
        assert_eq!((padded.digits, padded.written_digits), ("7", 4));
        assert_eq!(padded, int("-7"));
    }

    type Ranges = Vec<(Option<i64>, Option<i64>)>;

    fn ranges(value: &str) -> Option<(String, Ranges)> {
        let parsed = parse_range(value)?;
        let units = parsed.units_lowercase();
        let ranges = parsed
            .ranges
            .iter()
            .map(|range| match range {
                ByteRange::Suffix { length } => (length.to_i64().map(|n| -n), None),
                ByteRange::From { first, last } => {
                    (first.to_i64(), last.and_then(|l| l.to_i64()).map(|l| l + 1))
                }
            })
            .collect();
        Some((units, ranges))
    }

    #[test]
    fn range_headers() {
        let bytes = |r: Ranges| Some(("bytes".to_string(), r));
        assert_eq!(ranges("bytes=52-"), bytes(vec![(Some(52), None)]));
        assert_eq!(ranges("bytes=52-99"), bytes(vec![(Some(52), Some(100))]));
        assert_eq!(
            ranges("bytes=52-99,-1000"),
            bytes(vec![(Some(52), Some(100)), (Some(-1000), None)])
        );
        assert_eq!(ranges("bytes = 1 - 100"), bytes(vec![(Some(1), Some(101))]));
        assert_eq!(
            ranges("bytes=0-0,1-1"),
            bytes(vec![(Some(0), Some(1)), (Some(1), Some(2))])
        );
        assert_eq!(ranges("bytes=0--0"), bytes(vec![(Some(0), Some(1))]));
        assert_eq!(
            ranges("AWesomes=0-999"),
            Some(("awesomes".to_string(), vec![(Some(0), Some(1000))]))
        );
    }

    #[test]
    fn invalid_ranges() {
        for value in [
            "",
            "bytes",
            "bytes=52",
            "bytes=-",
            "bytes=bad",
            "bytes=bad-1",
            "bytes=-bad",
            "bytes=52-99, bad",
            "bytes=-0",
            "bytes=-00",
            "bytes=5-4",
            "bytes=0-5,5-6",
            "bytes=0-5,3-8",
            "bytes=-5,0-1",
            "bytes=-5,-6",
            "bytes=5-,6-7",
            "bytes=1-+2",
            "bytes=1-1_0",
            "bytes=5--3",
            "bytes=,0-1",
            "bytes=0-1,",
        ] {
            assert_eq!(ranges(value), None, "{value}");
        }
    }

    type Content<'a> = (&'a str, Option<(i64, i64)>, Option<i64>);

    fn content(value: &str) -> Option<Content<'_>> {
        let parsed = parse_content_range(value)?;
        let range = parsed.range.map(|(first, last)| {
            (
                first.to_i64().unwrap_or(-1),
                last.to_i64().unwrap_or(-1) + 1,
            )
        });
        Some((
            parsed.units,
            range,
            parsed.length.and_then(PlainInt::to_i64),
        ))
    }

    #[test]
    fn content_ranges() {
        assert_eq!(
            content("bytes 0-98/*"),
            Some(("bytes", Some((0, 99)), None))
        );
        assert_eq!(
            content("bytes 0-99/100"),
            Some(("bytes", Some((0, 100)), Some(100)))
        );
        assert_eq!(content(" bytes */100 "), Some(("bytes", None, Some(100))));
        assert_eq!(content("bytes */*"), Some(("bytes", None, None)));
        assert_eq!(
            content("bytes 0 - 98/ 5"),
            Some(("bytes", Some((0, 99)), Some(5)))
        );
        assert_eq!(
            content("bytes 0-200/100"),
            Some(("bytes", Some((0, 201)), Some(100)))
        );
    }

    #[test]
    fn invalid_content_ranges() {
        for value in [
            "",
            "bytes",
            "bytes 0-98/*asdfsa",
            "bytes */-1",
            "bytes 0-98",
            "bytes 98/100",
            "bytes 5-4/10",
            "bytes 10-11/10",
            "bytes -1-5/10",
            "bytes 1-+2/3",
            "bytes 1_23-125/*",
            "bytes */\u{1FBF1}",
            "bytes 0-1/-0",
        ] {
            assert_eq!(content(value), None, "{value}");
        }
    }
}
