"""HTTP dates and ages. The standard library's ``email.utils`` defines which
date formats are accepted and what they mean, so it is the oracle here."""

from __future__ import annotations

import email.utils
import random
import time
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from datetime import timezone

import pytest

from rostzeug import http


def _stdlib_parse_date(value: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        # IMF-fixdate, RFC 850 and asctime forms, with stray blanks.
        ("Tue, 15 Mar 2011 17:05:09 GMT  ", datetime(2011, 3, 15, 17, 5, 9)),
        ("Tuesday, 15-Mar-11 17:05:09 GMT", datetime(2011, 3, 15, 17, 5, 9)),
        (" Tue Mar 15 17:05:09 2011", datetime(2011, 3, 15, 17, 5, 9)),
        ("Tue Mar  1 17:05:09 2011", datetime(2011, 3, 1, 17, 5, 9)),
        (" Fri 09 Oct 1207 23:01:02 GMT", datetime(1207, 10, 9, 23, 1, 2)),
        ("Wed, 31 Dec 1969 23:59:59 GMT", datetime(1969, 12, 31, 23, 59, 59)),
        # Two-digit years pivot between 68 and 69; seconds are optional.
        ("15 Mar 69 17:05", datetime(1969, 3, 15, 17, 5)),
        ("15 Mar 68 17.05.09", datetime(2068, 3, 15, 17, 5, 9)),
        ("15 Mar 2011 17:05:09 -0000", datetime(2011, 3, 15, 17, 5, 9)),
    ],
)
def test_parse_date_utc(value: str, expect: datetime) -> None:
    parsed = http.parse_date(value)
    assert parsed == expect.replace(tzinfo=UTC)
    assert parsed is not None
    assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("Tue, 15 Mar 2011 17:05:09 +0100", timedelta(hours=1)),
        ("Tue, 15 Mar 2011 17:05:09 -0130", -timedelta(hours=1, minutes=30)),
        ("Tue, 15 Mar 2011 17:05:09 EST", timedelta(hours=-5)),
        ("Tue, 15 Mar 2011 17:05:09+0100", timedelta(hours=1)),
    ],
)
def test_parse_date_keeps_offsets(value: str, offset: timedelta) -> None:
    parsed = http.parse_date(value)
    assert parsed is not None
    assert parsed.utcoffset() == offset
    assert parsed.replace(tzinfo=None) == datetime(2011, 3, 15, 17, 5, 9)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "garbage",
        "Fri, 32 Mar 2011 00:00:00 GMT",
        "29 Feb 2100 00:00:00",
        "15 Mar 2011 24:00:00",
        "15 Mar 2011 17:05:09 +2400",
        "01 Jan " + "1" * 4301 + " 00:00:00",
    ],
)
def test_parse_date_invalid(value: str | None) -> None:
    assert http.parse_date(value) is None


def test_parse_date_overflow_matches_stdlib() -> None:
    # The standard library raises OverflowError here rather than ValueError.
    value = "06 Nov 99999999999 08:49:37"
    with pytest.raises(OverflowError):
        email.utils.parsedate_to_datetime(value)
    with pytest.raises(OverflowError):
        http.parse_date(value)


_DATE_TOKENS = [
    *("Sun, Sun Sunday, 06 6 Nov nov NOVEMBER 1994 94 69 0 08:49:37".split()),
    *("08:49 8.49.37".split()),
    *("GMT gmt UT EST +0100 -0000 -0130 +2400 - + , 06-Nov-94 1_994 x 33 29".split()),
    *("Feb 2000 1900 -5 1994+0100 08:49:37+0100 : 1994, 08:49:60 9999 10000".split()),
    "\u0661\u0669\u0669\u0664",
    "\u00b21994",
    "e\u017ft",
    "+99999999999999999999",
]


def test_parse_date_agrees_with_stdlib() -> None:
    rng = random.Random(20261122)
    for _ in range(5000):
        separator = rng.choice([" ", "\t", " \u2003 ", ","])
        value = separator.join(
            rng.choice(_DATE_TOKENS) for _ in range(rng.randint(0, 7))
        )
        try:
            expect = _stdlib_parse_date(value)
        except OverflowError:
            with pytest.raises(OverflowError):
                http.parse_date(value)
            continue
        parsed = http.parse_date(value)
        assert parsed == expect, value
        if expect is not None:
            assert parsed is not None
            assert parsed.utcoffset() == expect.utcoffset(), value


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        (datetime(2011, 3, 15, 17, 5, 9, tzinfo=UTC), "Tue, 15 Mar 2011 17:05:09 GMT"),
        # Aware datetimes are converted to GMT; naive ones are taken as UTC.
        (
            datetime(2011, 3, 15, 17, 5, 9, tzinfo=timezone(timedelta(hours=5.5))),
            "Tue, 15 Mar 2011 11:35:09 GMT",
        ),
        (datetime(2011, 3, 15, 17, 5, 9), "Tue, 15 Mar 2011 17:05:09 GMT"),
        # Timestamps are rounded to the microsecond, then the fraction dropped.
        (86399, "Thu, 01 Jan 1970 23:59:59 GMT"),
        (-86400, "Wed, 31 Dec 1969 00:00:00 GMT"),
        (-0.25, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (59.9999996, "Thu, 01 Jan 1970 00:01:00 GMT"),
        # Years below 1000 are padded to four digits.
        (datetime(1, 12, 31), "Mon, 31 Dec 0001 00:00:00 GMT"),
        (datetime(42, 7, 4), "Fri, 04 Jul 0042 00:00:00 GMT"),
        (date(2024, 2, 29), "Thu, 29 Feb 2024 00:00:00 GMT"),
        # A struct_time is local time, as for time.mktime.
        (
            time.gmtime(86400),
            email.utils.formatdate(time.mktime(time.gmtime(86400)), usegmt=True),
        ),
    ],
)
def test_http_date(value: object, expect: str) -> None:
    assert http.http_date(value) == expect  # type: ignore[arg-type]


def test_http_date_now() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    parsed = http.parse_date(http.http_date())
    after = datetime.now(UTC)
    assert parsed is not None
    assert before <= parsed <= after


def test_http_date_agrees_with_stdlib() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        stamp = rng.uniform(-62135596800.0, 253402300799.0)
        for value in (stamp, int(stamp)):
            assert http.http_date(value) == email.utils.formatdate(value, usegmt=True)


@pytest.mark.parametrize("value", [10**30, float("nan"), float("inf"), "x"])
def test_http_date_invalid(value: object) -> None:
    with pytest.raises(Exception) as expected:
        email.utils.formatdate(value, usegmt=True)  # type: ignore[arg-type]
    with pytest.raises(expected.type):
        http.http_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        ("0", timedelta(0)),
        ("3600", timedelta(hours=1)),
        (None, None),
        ("", None),
        ("-1", None),
        ("1.5", None),
        ("abc", None),
        ("99999999999999999999999", None),
    ],
)
def test_parse_age(value: str | None, expect: timedelta | None) -> None:
    assert http.parse_age(value) == expect


def test_dump_age() -> None:
    assert http.dump_age(None) is None
    assert http.dump_age(3600) == "3600"
    assert http.dump_age(timedelta(hours=1, microseconds=5)) == "3600"
    with pytest.raises(ValueError, match="negative"):
        http.dump_age(-1)
