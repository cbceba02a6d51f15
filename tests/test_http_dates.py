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
        ("Sun, 06 Nov 1994 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", datetime(1994, 11, 6, 8, 49, 37)),
        (" Sun Nov  6 08:49:37 1994", datetime(1994, 11, 6, 8, 49, 37)),
        (" Sun 02 Feb 1343 08:49:37 GMT", datetime(1343, 2, 2, 8, 49, 37)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", datetime(1970, 1, 1)),
        ("06 Nov 69 08:49", datetime(1969, 11, 6, 8, 49)),
        ("06 Nov 68 08.49.01", datetime(2068, 11, 6, 8, 49, 1)),
        ("06 Nov 1994 08:49:37 -0000", datetime(1994, 11, 6, 8, 49, 37)),
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
        ("Sun, 06 Nov 1994 08:49:37 +0100", timedelta(hours=1)),
        ("Sun, 06 Nov 1994 08:49:37 -0130", -timedelta(hours=1, minutes=30)),
        ("Sun, 06 Nov 1994 08:49:37 EST", timedelta(hours=-5)),
        ("Sun, 06 Nov 1994 08:49:37+0100", timedelta(hours=1)),
    ],
)
def test_parse_date_keeps_offsets(value: str, offset: timedelta) -> None:
    parsed = http.parse_date(value)
    assert parsed is not None
    assert parsed.utcoffset() == offset
    assert parsed.replace(tzinfo=None) == datetime(1994, 11, 6, 8, 49, 37)


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "foo",
        "Thu, 33 Jan 1970 00:00:00 GMT",
        "29 Feb 1900 00:00:00",
        "06 Nov 1994 24:00:00",
        "06 Nov 1994 08:49:37 +2400",
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
        (
            datetime(1994, 11, 6, 8, 49, 37, tzinfo=UTC),
            "Sun, 06 Nov 1994 08:49:37 GMT",
        ),
        (
            datetime(1994, 11, 6, 8, 49, 37, tzinfo=timezone(timedelta(hours=-8))),
            "Sun, 06 Nov 1994 16:49:37 GMT",
        ),
        (datetime(1994, 11, 6, 8, 49, 37), "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (-0.5, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (0.9999996, "Thu, 01 Jan 1970 00:00:01 GMT"),
        (datetime(1, 1, 1), "Mon, 01 Jan 0001 00:00:00 GMT"),
        (datetime(999, 1, 1), "Tue, 01 Jan 0999 00:00:00 GMT"),
        (date(2020, 1, 1), "Wed, 01 Jan 2020 00:00:00 GMT"),
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
