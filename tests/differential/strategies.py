"""Hypothesis strategies for the pieces of HTTP and URL grammar: they draw
mostly well-formed values with a share of near misses (stray separators,
quotes, spaces, non-ASCII), where parsers tend to differ."""

from __future__ import annotations

from hypothesis import strategies as st

TCHAR = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
SEPARATORS = ' \t,;=/"\\()<>@:?[]{}*'


def pieces(alphabet: list[str], max_size: int) -> st.SearchStrategy[str]:
    """Strings joined from drawn pieces of ``alphabet`` (each may be longer
    than one character)."""
    return st.lists(st.sampled_from(alphabet), max_size=max_size).map("".join)


token = st.text(TCHAR, min_size=1, max_size=8)
# Text that a header value may hold, with separators and a few non-ASCII.
noise = st.text(
    st.sampled_from([*TCHAR[:20], *SEPARATORS, "é", "\u2603", "%", "\x7f", "\x00"]),
    max_size=8,
)
header_text = st.one_of(
    token,
    noise,
    st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=12),
)


@st.composite
def quoted_string(draw: st.DrawFn) -> str:
    inner = draw(pieces([*TCHAR[:12], " ", ",", ";", "=", '\\"', "\\\\", "é"], 8))
    # Sometimes an unterminated quote.
    return f'"{inner}' + draw(st.sampled_from(['"', '"', '"', ""]))


value = st.one_of(token, quoted_string(), noise)
ows = st.sampled_from(["", "", " ", "  ", "\t"])


@st.composite
def parameter(draw: st.DrawFn) -> str:
    name = draw(st.one_of(token, token.map(lambda n: n + "*"), noise))
    if draw(st.booleans()) and draw(st.booleans()):
        return name
    val = draw(
        st.one_of(
            value,
            # RFC 2231 / 5987 extended values.
            st.builds(
                lambda cs, lang, v: f"{cs}'{lang}'{v}",
                st.sampled_from(["UTF-8", "utf-8", "iso-8859-1", "bogus", ""]),
                st.sampled_from(["", "en"]),
                st.text("abc%20E2%98%83é'", max_size=10),
            ),
        )
    )
    return f"{name}{draw(ows)}={draw(ows)}{val}"


@st.composite
def options_header(draw: st.DrawFn) -> str:
    head = draw(st.one_of(token, st.builds("{}/{}".format, token, token), noise))
    params = draw(st.lists(parameter(), max_size=4))
    sep = draw(st.sampled_from([";", "; ", " ;", ";;"]))
    return sep.join([head, *params]) if params else head


@st.composite
def list_header(draw: st.DrawFn, item: st.SearchStrategy[str] = value) -> str:
    items = draw(st.lists(st.one_of(item, parameter()), max_size=5))
    sep = draw(st.sampled_from([",", ", ", " , ", ",,"]))
    return sep.join(items)


qvalue = st.one_of(
    st.sampled_from(
        [
            "1",
            "0",
            "0.5",
            "1.0",
            "0.001",
            "0.0001",
            "1.5",
            "-1",
            "abc",
            "",
            "1e0",
            " 0.3",
            "NaN",
            "inf",
        ]
    ),
    st.floats(0, 1).map(lambda f: f"{f:.3f}"),
)


@st.composite
def accept_header(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(0, 5))):
        base = draw(
            st.one_of(
                st.sampled_from(
                    [
                        "*/*",
                        "text/*",
                        "text/html",
                        "application/json",
                        "*",
                        "en",
                        "en-US",
                        "de-CH",
                        "gzip",
                        "utf-8",
                        "image/*;level=1",
                    ]
                ),
                token,
                st.builds("{}/{}".format, token, token),
            )
        )
        params = draw(
            st.lists(
                st.one_of(st.builds("q={}".format, qvalue), parameter()), max_size=2
            )
        )
        items.append(";".join([base, *params]))
    return draw(st.sampled_from([",", ", "])).join(items)


@st.composite
def cache_control_header(draw: st.DrawFn) -> str:
    names = st.sampled_from(
        [
            "max-age",
            "s-maxage",
            "no-cache",
            "no-store",
            "no-transform",
            "public",
            "private",
            "must-revalidate",
            "max-stale",
            "min-fresh",
            "only-if-cached",
            "immutable",
            "stale-while-revalidate",
            "stale-if-error",
            "must-understand",
            "proxy-revalidate",
        ]
    )
    items = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.one_of(names, token))
        arg = draw(
            st.one_of(
                st.none(), st.integers(-5, 10**6).map(str), st.just("1" * 30), value
            )
        )
        items.append(name if arg is None else f"{name}={arg}")
    return ", ".join(items)


digits = st.one_of(
    st.integers(0, 2000).map(str),
    st.integers(0, 2**70).map(str),
    st.sampled_from(["", "-1", "+1", "1_0", " 1", "0x1", "\u0661"]),
)


@st.composite
def range_header(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["bytes", "bytes", "Bytes", "items", ""]))
    specs = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            specs.append(f"{draw(digits)}-{draw(digits)}")
        elif kind == 1:
            specs.append(f"{draw(digits)}-")
        else:
            specs.append(f"-{draw(digits)}")
    sep = draw(st.sampled_from([",", ", ", " ,"]))
    return f"{unit}{draw(st.sampled_from(['=', ' =', '']))}{sep.join(specs)}"


@st.composite
def content_range_header(draw: st.DrawFn) -> str:
    unit = draw(st.sampled_from(["bytes", "bytes", "items", ""]))
    span = draw(
        st.one_of(st.just("*"), st.builds("{}-{}".format, digits, digits), digits)
    )
    length = draw(st.one_of(st.just("*"), digits))
    return f"{unit}{draw(st.sampled_from([' ', '  ', '']))}{span}/{length}"


@st.composite
def etag_header(draw: st.DrawFn) -> str:
    tags = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(st.one_of(st.text(TCHAR[:30] + " ,", max_size=6), noise))
        form = draw(st.sampled_from(['"{}"', 'W/"{}"', 'w/"{}"', "{}", "*", '"{}']))
        tags.append(form.format(tag))
    return draw(st.sampled_from([",", ", "])).join(tags)


weekday = st.sampled_from(
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Foo"]
)
month = st.sampled_from(
    [
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "jan",
        "Xyz",
    ]
)


@st.composite
def http_date_text(draw: st.DrawFn) -> str:
    day = draw(st.integers(0, 32))
    year = draw(
        st.one_of(st.integers(1, 9999), st.integers(0, 99), st.integers(10000, 99999))
    )
    hour, minute, second = (draw(st.integers(0, 61)) for _ in range(3))
    tz = draw(
        st.sampled_from(["GMT", "UTC", "+0000", "-0130", "+2359", "", "PST", "Z"])
    )
    fmt = draw(st.integers(0, 3))
    wd, mon = draw(weekday), draw(month)
    clock = f"{hour:02d}:{minute:02d}:{second:02d}"
    if fmt == 0:
        return f"{wd}, {day:02d} {mon} {year:04d} {clock} {tz}"
    if fmt == 1:
        return f"{wd}, {day:02d}-{mon}-{year % 100:02d} {clock} {tz}"
    if fmt == 2:
        return f"{wd} {mon} {day:2d} {hour:02d}:{minute:02d}:{second:02d} {year}"
    return draw(
        st.one_of(
            header_text,
            st.sampled_from(["", " ", "0", "-1", "Thu, 01 Jan 1970 00:00:00 GMT"]),
        )
    )


@st.composite
def cookie_header(draw: st.DrawFn) -> str:
    pairs = []
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.one_of(token, noise, st.just("")))
        val = draw(
            st.one_of(
                token, quoted_string(), noise, st.just(""), st.just('"\\303\\244"')
            )
        )
        pairs.append(
            draw(st.sampled_from(["{}={}", "{}", "{} = {}"])).format(name, val)
        )
    return draw(st.sampled_from([";", "; ", " ;"])).join(pairs)


path_piece = pieces(
    [
        *"abcAZ09-_.~ %/\\:?#[]@!$&'()*+,;=é\u2603\x00\x7f",
        "..",
        "%2F",
        "%C3%A9",
        "%FF",
        "%",
    ],
    10,
)
