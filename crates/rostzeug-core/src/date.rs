//! HTTP dates: parsing the formats Python's `email.utils.parsedate_to_datetime`
//! accepts (RFC 5322, RFC 850 and asctime forms, two-digit years, zone names
//! and numeric offsets) with exactly its results, and formatting IMF-fixdate.
//!
//! The parser reproduces Python's string semantics where they matter: `split`
//! on Python whitespace, `int()` accepting any Unicode decimal digit, signs and
//! underscores (up to 4300 digits), and `str.isdigit` for the year check.

/// Day names in Python's `timetuple` order (Monday first).
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Zone names and their offsets written as `±hhmm` numbers.
const ZONES: [(&str, i32); 14] = [
    ("UT", 0),
    ("UTC", 0),
    ("GMT", 0),
    ("Z", 0),
    ("AST", -400),
    ("ADT", -300),
    ("EST", -500),
    ("EDT", -400),
    ("CST", -600),
    ("CDT", -500),
    ("MST", -700),
    ("MDT", -600),
    ("PST", -800),
    ("PDT", -700),
];

/// First code point (digit zero) of every run of Unicode decimal digits
/// (general category Nd, Unicode 14.0); each run holds the digits 0 to 9.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66,
    0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90,
    0x1b50, 0x1bb0, 0x1c40, 0x1c50, 0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0, 0x11450, 0x114d0, 0x11650,
    0x116c0, 0x11730, 0x118e0, 0x11950, 0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50,
    0x1d7ce, 0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950, 0x1fbf0,
];

/// Characters with a digit value that are not decimal digits (superscripts,
/// circled digits, ...): `str.isdigit` accepts them, `int()` does not.
const OTHER_DIGITS: [(u32, u32); 20] = [
    (0xb2, 0xb3),
    (0xb9, 0xb9),
    (0x1369, 0x1371),
    (0x19da, 0x19da),
    (0x2070, 0x2070),
    (0x2074, 0x2079),
    (0x2080, 0x2089),
    (0x2460, 0x2468),
    (0x2474, 0x247c),
    (0x2488, 0x2490),
    (0x24ea, 0x24ea),
    (0x24f5, 0x24fd),
    (0x24ff, 0x24ff),
    (0x2776, 0x277e),
    (0x2780, 0x2788),
    (0x278a, 0x2792),
    (0x10a40, 0x10a43),
    (0x10e60, 0x10e68),
    (0x11052, 0x1105a),
    (0x1f100, 0x1f10a),
];

/// The most digits Python's `int()` reads from a string by default.
const MAX_INT_DIGITS: usize = 4300;

/// Value of a Unicode decimal digit.
fn decimal_value(ch: char) -> Option<u32> {
    let code = u32::from(ch);
    let index = DECIMAL_ZEROS.partition_point(|&zero| zero <= code);
    let zero = *DECIMAL_ZEROS.get(index.checked_sub(1)?)?;
    let value = code - zero;
    (value < 10).then_some(value)
}

/// Python's `str.isdigit` for one character.
fn is_python_digit(ch: char) -> bool {
    let code = u32::from(ch);
    decimal_value(ch).is_some()
        || OTHER_DIGITS
            .iter()
            .any(|&(lo, hi)| lo <= code && code <= hi)
}

/// Python's `str.isspace` for one character.
fn is_python_space(ch: char) -> bool {
    ch.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&ch)
}

/// An integer as Python's `int()` reads it: exact when it fits in `i128`,
/// otherwise only its sign is kept (such values overflow everything below).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Int {
    Exact(i128),
    Huge { negative: bool },
}

/// Python's `int(text)` for text without surrounding whitespace: an optional
/// ASCII sign, then decimal digits of any script with single underscores
/// between them. `None` where Python raises `ValueError`.
fn python_int(text: &str) -> Option<Int> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    let mut value: Option<i128> = Some(0);
    let mut count = 0usize;
    let mut previous_was_digit = false;
    for ch in digits.chars() {
        if ch == '_' {
            if !previous_was_digit {
                return None;
            }
            previous_was_digit = false;
            continue;
        }
        let digit = decimal_value(ch)?;
        count += 1;
        previous_was_digit = true;
        value = value
            .and_then(|v| v.checked_mul(10))
            .and_then(|v| v.checked_add(i128::from(digit)));
    }
    if !previous_was_digit || count > MAX_INT_DIGITS {
        return None;
    }
    Some(match value {
        Some(v) => Int::Exact(if negative { -v } else { v }),
        None => Int::Huge { negative },
    })
}

/// Upper-cases a zone name like Python's `str.upper`, as far as it can still
/// spell an ASCII zone name; `None` for anything else.
fn zone_upper(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            _ if ch.is_ascii() => out.push(ch.to_ascii_uppercase()),
            '\u{df}' => out.push_str("SS"),
            '\u{131}' => out.push('I'),
            '\u{17f}' => out.push('S'),
            '\u{fb05}' | '\u{fb06}' => out.push_str("ST"),
            _ => return None,
        }
    }
    Some(out)
}

/// Month number of an English month name or abbreviation (any ASCII case).
fn month_number(name: &str) -> Option<u8> {
    let position = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(name))
        .or_else(|| {
            FULL_MONTHS
                .iter()
                .position(|m| m.eq_ignore_ascii_case(name))
        })?;
    u8::try_from(position + 1).ok()
}

fn is_day_name(name: &str) -> bool {
    WEEKDAYS.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// A date read from a header, before range checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RawDate {
    year: Int,
    month: u8,
    day: Int,
    hour: Int,
    minute: Int,
    second: Int,
    /// Offset east of UTC in seconds; `None` for no zone or `-0000`.
    offset: Option<Int>,
}

/// `email.utils._parsedate_tz`, step by step.
fn read_date(value: &str) -> Option<RawDate> {
    let mut data: Vec<&str> = value
        .split(is_python_space)
        .filter(|part| !part.is_empty())
        .collect();
    let first = *data.first()?;
    if first.ends_with(',') || is_day_name(first) {
        data.remove(0);
    } else if let Some(comma) = first.rfind(',') {
        if let Some(slot) = data.first_mut() {
            *slot = first.get(comma + 1..)?;
        }
    }
    if data.len() == 3 {
        let head: &str = data.first().copied()?;
        let pieces: Vec<&str> = head.split('-').collect();
        if pieces.len() == 3 {
            data.splice(0..1, pieces);
        }
    }
    if data.len() == 4 {
        let last = *data.get(3)?;
        let sign = last.find('+').or_else(|| last.find('-'));
        match sign {
            Some(split) if split > 0 => {
                data.truncate(3);
                data.push(last.get(..split)?);
                data.push(last.get(split..)?);
            }
            _ => data.push(""),
        }
    }
    let &[mut dd, mm, mut yy, mut tm, mut tz, ..] = data.as_slice() else {
        return None;
    };
    if dd.is_empty() || mm.is_empty() || yy.is_empty() {
        return None;
    }
    let month = match month_number(mm) {
        Some(month) => month,
        None => {
            let month = month_number(dd)?;
            dd = mm;
            month
        }
    };
    dd = dd.strip_suffix(',').unwrap_or(dd);
    if yy.find(':').is_some_and(|colon| colon > 0) {
        std::mem::swap(&mut yy, &mut tm);
    }
    if let Some(stripped) = yy.strip_suffix(',') {
        if stripped.is_empty() {
            return None;
        }
        yy = stripped;
    }
    if !yy.chars().next().is_some_and(is_python_digit) {
        std::mem::swap(&mut yy, &mut tz);
    }
    tm = tm.strip_suffix(',').unwrap_or(tm);
    let clock: Vec<&str> = tm.split(':').collect();
    let (thh, tmm, tss) = match *clock.as_slice() {
        [h, m] => (h, m, "0"),
        [h, m, s] => (h, m, s),
        [single] if single.contains('.') => {
            match *single.split('.').collect::<Vec<_>>().as_slice() {
                [h, m] => (h, m, "0"),
                [h, m, s] => (h, m, s),
                _ => return None,
            }
        }
        _ => return None,
    };
    let mut year = python_int(yy)?;
    let day = python_int(dd)?;
    let hour = python_int(thh)?;
    let minute = python_int(tmm)?;
    let second = python_int(tss)?;
    if let Int::Exact(y) = year {
        if y < 100 {
            year = Int::Exact(if y > 68 { y + 1900 } else { y + 2000 });
        }
    }

    // Upper-casing never changes digits or signs, so numbers are read from
    // the original text.
    let named = zone_upper(tz).and_then(|name| ZONES.iter().find(|(zone, _)| *zone == name));
    let mut offset: Option<Int> = match named {
        Some(&(_, hhmm)) => Some(Int::Exact(i128::from(hhmm))),
        None => python_int(tz),
    };
    if offset == Some(Int::Exact(0)) && tz.starts_with('-') {
        offset = None;
    }
    let offset = offset.map(|hhmm| match hhmm {
        Int::Exact(n) => {
            let magnitude = n.unsigned_abs();
            let seconds = (magnitude / 100)
                .checked_mul(3600)
                .and_then(|s| s.checked_add(magnitude % 100 * 60))
                .and_then(|s| i128::try_from(s).ok());
            match seconds {
                Some(s) => Int::Exact(if n < 0 { -s } else { s }),
                None => Int::Huge { negative: n < 0 },
            }
        }
        huge => huge,
    });
    Some(RawDate {
        year,
        month,
        day,
        hour,
        minute,
        second,
        offset,
    })
}

/// A valid date: proleptic Gregorian, year 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset east of UTC in seconds (strictly within a day), or `None` when
    /// the header gave no usable zone (the time is then UTC).
    pub offset: Option<i32>,
}

/// The outcome of [`parse_date`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsedDate {
    Valid(DateTime),
    /// Not a date, or a field out of range.
    Invalid,
    /// A number too large for Python's `datetime` (Python raises
    /// `OverflowError` here instead of `ValueError`).
    Overflow,
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Converts to a C `int` the way Python's argument parsing does.
fn c_int(value: Int) -> Option<i32> {
    match value {
        Int::Exact(v) => i32::try_from(v).ok(),
        Int::Huge { .. } => None,
    }
}

/// Parses an HTTP (RFC 5322 style) date with the rules and results of
/// `email.utils.parsedate_to_datetime`.
pub fn parse_date(value: &str) -> ParsedDate {
    let Some(raw) = read_date(value) else {
        return ParsedDate::Invalid;
    };
    // The zone is built first, as `timezone(timedelta(seconds=...))`.
    let offset = match raw.offset {
        None => None,
        Some(Int::Huge { .. }) => return ParsedDate::Overflow,
        Some(Int::Exact(seconds)) => {
            if seconds.div_euclid(86_400).abs() > 999_999_999 {
                return ParsedDate::Overflow;
            }
            match i32::try_from(seconds) {
                Ok(s) if s.abs() < 86_400 => Some(s),
                _ => return ParsedDate::Invalid,
            }
        }
    };
    let fields = [raw.year, raw.day, raw.hour, raw.minute, raw.second].map(c_int);
    let [Some(year), Some(day), Some(hour), Some(minute), Some(second)] = fields else {
        return ParsedDate::Overflow;
    };
    if !(1..=9999).contains(&year)
        || day < 1
        || day > i32::from(days_in_month(year, raw.month))
        || !(0..24).contains(&hour)
        || !(0..60).contains(&minute)
        || !(0..60).contains(&second)
    {
        return ParsedDate::Invalid;
    }
    let narrow = |v: i32| u8::try_from(v).unwrap_or_default();
    ParsedDate::Valid(DateTime {
        year,
        month: raw.month,
        day: narrow(day),
        hour: narrow(hour),
        minute: narrow(minute),
        second: narrow(second),
        offset,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date `days` after 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year,
        u8::try_from(month).unwrap_or_default(),
        u8::try_from(day).unwrap_or_default(),
    )
}

/// Formats a UTC date and time as an IMF-fixdate:
/// `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn format_http_date(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> String {
    let weekday = (days_from_civil(year, month, day) + 3).rem_euclid(7);
    let weekday = WEEKDAYS
        .get(usize::try_from(weekday).unwrap_or_default())
        .copied()
        .unwrap_or_default();
    let month_name = MONTHS
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or_default();
    let four_digit_year = match u16::try_from(year) {
        Ok(year) if year <= 9999 => year,
        _ => {
            return format!(
                "{weekday}, {day:02} {month_name} {year:04} {hour:02}:{minute:02}:{second:02} GMT"
            )
        }
    };
    // Written digit by digit: `format!` costs twenty times as much, and every
    // Date, Expires and Set-Cookie header goes through here.
    let mut out = String::with_capacity(29);
    out.push_str(weekday);
    out.push_str(", ");
    push_digits(&mut out, u16::from(day), 2);
    out.push(' ');
    out.push_str(month_name);
    out.push(' ');
    push_digits(&mut out, four_digit_year, 4);
    out.push(' ');
    push_digits(&mut out, u16::from(hour), 2);
    out.push(':');
    push_digits(&mut out, u16::from(minute), 2);
    out.push(':');
    push_digits(&mut out, u16::from(second), 2);
    out.push_str(" GMT");
    out
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
fn push_digits(out: &mut String, value: u16, width: u32) {
    for exponent in (0..width).rev() {
        let digit = value / 10u16.pow(exponent) % 10;
        out.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
    }
}

/// Formats a Unix timestamp in whole seconds; `None` when the date falls
/// outside the years 1 to 9999.
pub fn format_unix_timestamp(timestamp: i64) -> Option<String> {
    let days = timestamp.div_euclid(86_400);
    let seconds = timestamp.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let year = i32::try_from(year)
        .ok()
        .filter(|y| (1..=9999).contains(y))?;
    let hour = u8::try_from(seconds / 3600).ok()?;
    let minute = u8::try_from(seconds / 60 % 60).ok()?;
    let second = u8::try_from(seconds % 60).ok()?;
    Some(format_http_date(year, month, day, hour, minute, second))
}

/// The whole second a float timestamp falls in, after Python rounds it to
/// microseconds (half to even); `None` for NaN, infinities and values
/// outside `i64`.
pub fn float_timestamp_seconds(timestamp: f64) -> Option<i64> {
    if !timestamp.is_finite() {
        return None;
    }
    let mut whole = timestamp.trunc();
    let micros = round_half_even((timestamp - whole) * 1e6);
    if micros >= 1e6 {
        whole += 1.0;
    } else if micros < 0.0 {
        whole -= 1.0;
    }
    // i64::MAX is not exactly representable; stay strictly inside the range.
    if !(-9.2e18..9.2e18).contains(&whole) {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    Some(whole as i64)
}

fn round_half_even(value: f64) -> f64 {
    let rounded = value.round();
    if (value - rounded).abs() == 0.5 {
        2.0 * (value / 2.0).round()
    } else {
        rounded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(year: i32, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> ParsedDate {
        ParsedDate::Valid(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset: None,
        })
    }

    fn with_offset(date: ParsedDate, offset: i32) -> ParsedDate {
        match date {
            ParsedDate::Valid(dt) => ParsedDate::Valid(DateTime {
                offset: Some(offset),
                ..dt
            }),
            other => other,
        }
    }

    #[test]
    fn the_three_http_formats() {
        let expected = with_offset(utc(1994, 11, 6, 8, 49, 37), 0);
        assert_eq!(parse_date("Sun, 06 Nov 1994 08:49:37 GMT"), expected);
        assert_eq!(parse_date("Sunday, 06-Nov-94 08:49:37 GMT"), expected);
        assert_eq!(
            parse_date(" Sun Nov  6 08:49:37 1994"),
            utc(1994, 11, 6, 8, 49, 37)
        );
        assert_eq!(
            parse_date(" Sun 02 Feb 1343 08:49:37 GMT"),
            with_offset(utc(1343, 2, 2, 8, 49, 37), 0)
        );
    }

    #[test]
    fn zones_and_offsets() {
        let base = utc(1994, 11, 6, 8, 49, 37);
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 +0100"),
            with_offset(base, 3600)
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 -0130"),
            with_offset(base, -5400)
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 EST"),
            with_offset(base, -18000)
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 e\u{17f}t"),
            with_offset(base, -18000)
        );
        assert_eq!(parse_date("06 Nov 1994 08:49:37 -0000"), base);
        assert_eq!(parse_date("06 Nov 1994 08:49:37 bogus"), base);
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37+0100"),
            with_offset(base, 3600)
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 \u{661}\u{660}\u{660}"),
            with_offset(base, 3600)
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 +2400"),
            ParsedDate::Invalid
        );
        assert_eq!(
            parse_date("06 Nov 1994 08:49:37 +99999999999999999"),
            ParsedDate::Overflow
        );
    }

    #[test]
    fn python_number_rules() {
        assert_eq!(
            parse_date("06 Nov 1_994 08:49:37"),
            utc(1994, 11, 6, 8, 49, 37)
        );
        assert_eq!(
            parse_date("\u{666} Nov 1994 08:49:37"),
            utc(1994, 11, 6, 8, 49, 37)
        );
        assert_eq!(parse_date("06 Nov 69 08:49"), utc(1969, 11, 6, 8, 49, 0));
        assert_eq!(parse_date("06 Nov 68 08.49.01"), utc(2068, 11, 6, 8, 49, 1));
        assert_eq!(
            parse_date("06 Nov 99999999999 08:49:37"),
            ParsedDate::Overflow
        );
        assert_eq!(parse_date("06 Nov 1994 08:49:60"), ParsedDate::Invalid);
        assert_eq!(
            parse_date("Thu, 33 Jan 1970 00:00:00 GMT"),
            ParsedDate::Invalid
        );
        assert_eq!(parse_date("29 Feb 1900 00:00:00"), ParsedDate::Invalid);
        assert_eq!(
            parse_date("29 Feb 2000 00:00:00"),
            utc(2000, 2, 29, 0, 0, 0)
        );
        let long_year = format!("01 Jan {} 00:00:00", "1".repeat(MAX_INT_DIGITS + 1));
        assert_eq!(parse_date(&long_year), ParsedDate::Invalid);
    }

    #[test]
    fn rejects_garbage() {
        for value in [
            "",
            "   ",
            "foo",
            "Sun, 06 Nov",
            "06 Foo 1994 08:49:37",
            "1 2 3 4 5",
        ] {
            assert_eq!(parse_date(value), ParsedDate::Invalid, "{value:?}");
        }
        let long = "1 ".repeat(100_000);
        assert_eq!(parse_date(&long), ParsedDate::Invalid);
    }

    #[test]
    fn http_date_digits_match_format() {
        for (year, day, hour, minute, second) in [
            (1, 1, 0, 0, 0),
            (9, 9, 9, 9, 9),
            (99, 10, 10, 10, 10),
            (999, 28, 23, 59, 59),
            (2026, 31, 12, 5, 7),
            (9999, 31, 23, 59, 60),
            (10000, 1, 0, 0, 0),
            (-5, 1, 0, 0, 0),
        ] {
            let expected = format!("{day:02} Jan {year:04} {hour:02}:{minute:02}:{second:02} GMT");
            let formatted = format_http_date(year, 1, day, hour, minute, second);
            assert_eq!(formatted.get(5..), Some(expected.as_str()), "{year}");
        }
    }

    #[test]
    fn formats_dates() {
        assert_eq!(
            format_http_date(1994, 11, 6, 8, 49, 37),
            "Sun, 06 Nov 1994 08:49:37 GMT"
        );
        assert_eq!(
            format_http_date(1, 1, 1, 0, 0, 0),
            "Mon, 01 Jan 0001 00:00:00 GMT"
        );
        assert_eq!(
            format_http_date(999, 1, 1, 0, 0, 0),
            "Tue, 01 Jan 0999 00:00:00 GMT"
        );
        assert_eq!(
            format_unix_timestamp(0).as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert_eq!(
            format_unix_timestamp(-1).as_deref(),
            Some("Wed, 31 Dec 1969 23:59:59 GMT")
        );
        assert_eq!(format_unix_timestamp(253_402_300_800), None);
        assert_eq!(float_timestamp_seconds(-0.5), Some(-1));
        assert_eq!(float_timestamp_seconds(0.9999996), Some(1));
        assert_eq!(float_timestamp_seconds(1.5), Some(1));
        assert_eq!(float_timestamp_seconds(f64::NAN), None);
    }

    #[test]
    fn civil_round_trip() {
        for days in [-719_162, -1, 0, 1, 10_957, 2_932_896] {
            let (year, month, day) = civil_from_days(days);
            let year = i32::try_from(year).unwrap_or_default();
            assert_eq!(days_from_civil(year, month, day), days);
        }
    }
}
