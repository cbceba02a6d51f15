from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from rostzeug import user_agent
from rostzeug._native import parse_user_agent
from rostzeug.test import EnvironBuilder
from rostzeug.useragents import UserAgent
from rostzeug.wrappers import BaseRequest
from rostzeug.wrappers import Request
from rostzeug.wrappers import UserAgentMixin

CORPUS = Path(__file__).parent / "data" / "user_agents.tsv"
FIELDS = ("platform", "browser", "version", "language")

Parts = tuple[str | None, str | None, str | None, str | None]


class Row(NamedTuple):
    line: int
    string: str
    werkzeug: Parts
    ours: Parts
    reason: str


def _value(text: str) -> str | None:
    return None if text == "-" else text


def _load() -> list[Row]:
    rows = []
    lines = CORPUS.read_text("utf-8").splitlines()
    body = [(n, line) for n, line in enumerate(lines, 1) if not line.startswith("#")]
    assert body[0][1].split("\t") == [
        "user_agent",
        *FIELDS,
        "ours",
        "reason",
    ]
    for number, line in body[1:]:
        string, platform, browser, version, language, ours, reason = line.split("\t")
        werkzeug: Parts = (
            _value(platform),
            _value(browser),
            _value(version),
            _value(language),
        )
        changed: dict[str, str | None] = dict(zip(FIELDS, werkzeug))
        for change in ours.split():
            field, _, value = change.partition("=")
            assert field in FIELDS, f"line {number}: unknown field {field!r}"
            changed[field] = _value(value)
        ours_parts: Parts = (
            changed["platform"],
            changed["browser"],
            changed["version"],
            changed["language"],
        )
        rows.append(Row(number, string, werkzeug, ours_parts, reason))
    return rows


ROWS = _load()


def _parts(agent: UserAgent) -> Parts:
    return (agent.platform, agent.browser, agent.version, agent.language)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"line{row.line}")
def test_corpus(row: Row) -> None:
    assert _parts(UserAgent(row.string)) == row.ours


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"line{row.line}")
def test_corpus_without_corrections_is_werkzeug_2_0(row: Row) -> None:
    assert parse_user_agent(row.string, as_werkzeug_2_0=True) == row.werkzeug


def test_corpus_is_large_and_varied() -> None:
    assert len(ROWS) >= 300
    assert len({row.string for row in ROWS}) == len(ROWS)
    everything = "\n".join(row.string for row in ROWS)
    for needle in [
        "Chrome/131", "Firefox/133", "Version/18", "Edg/131", "Edge/18", "EdgA/",
        "EdgiOS/", "OPR/", "Opera/9.80", "MSIE 6.0", "Trident/7.0", "SamsungBrowser/",
        "UCBrowser/", "YaBrowser/", "CriOS/", "FxiOS/", "iPhone", "iPad", "Android 14",
        "CrOS", "Googlebot/", "bingbot/", "Yahoo! Slurp", "Baiduspider/", "YandexBot/",
        "DuckDuckBot/", "Applebot/", "GPTBot/", "curl/", "Wget/", "python-requests/",
        "aiohttp/", "Go-http-client/", "Java/", "okhttp/", "Apache-HttpClient/",
        "PlayStation", "Xbox", "Nintendo", "SMART-TV", "Web0S", "Roku", "Lynx/",
    ]:  # fmt: skip
        assert needle in everything, needle


def test_each_difference_is_explained() -> None:
    differing = [row for row in ROWS if row.ours != row.werkzeug]
    assert differing
    for row in ROWS:
        assert bool(row.reason) == (row.ours != row.werkzeug), f"line {row.line}"


# Checked against Werkzeug 2.0.3's parser when written; none of these is
# changed by the corrections.
EDGE_CASES: list[tuple[str, Parts]] = [
    ("", (None, None, None, None)),
    (" ", (None, None, None, None)),
    (")", (None, None, None, None)),
    ("\x00", (None, None, None, None)),
    # Non-ASCII: Arabic-Indic digits are digits; the long s is `s`, the dotless
    # i and the dotted capital I are `i`.
    ("Firefox/١٢", (None, "firefox", "١٢", None)),
    ("\u017fafari/1.0", (None, "safari", "1.0", None)),
    (
        "Moz\u0131lla/5.0 (W\u0130ndows) Firefox/9.9",
        ("windows", "firefox", "9.9", None),
    ),
    ("é; fr;", (None, None, None, "fr")),
    # `²` is a word character but no digit: a version cannot start with it.
    ("Firefox/1²", (None, "firefox", None, None)),
    ("Firefox/12²", (None, "firefox", "12", None)),
    # Lone surrogates, as `surrogateescape` decoding leaves them.
    ("\udc80 (Windows; fr) Firefox/12.0 \udcff", ("windows", "firefox", "12.0", "fr")),
    ("\udc80\udc80 (de) Firefox/\udc8012.0", (None, "firefox", None, "de")),
    # Control characters: \x1c-\x1f, \x85 and \xa0 are white space as in
    # Python, NUL is not.
    (
        "Mozilla/5.0 (X11; Linux x86_64; de-AT) Gecko/20100101 Firefox/\x1c128.0",
        ("linux", "firefox", "128.0", "de-AT"),
    ),
    ("Firefox/\x0b1.5", (None, "firefox", "1.5", None)),
    ("MSIE\xa05.5", (None, "msie", "5.5", None)),
    (
        "Mozilla/5.0 (Macintosh; Mac\xa0OS\xa0X; ja)\x85Safari/1.2",
        ("macos", "safari", "1.2", "ja"),
    ),
    (
        "Mozilla/5.0 (Windows NT 10.0;\x00fr;) Chrome/1.2",
        ("windows", "chrome", "1.2", None),
    ),
    # IE 11's `Trident/... rv:` has to be on one line.
    (
        "Mozilla/5.0 (Windows NT 6.1; Trident/7.0;\n rv:11.0) like Gecko",
        ("windows", None, None, None),
    ),
    (
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)\r\n Chrome/131.0",
        ("macos", "chrome", "131.0", None),
    ),
]


@pytest.mark.parametrize(("string", "expected"), EDGE_CASES)
def test_edge_cases(string: str, expected: Parts) -> None:
    assert _parts(UserAgent(string)) == expected
    assert parse_user_agent(string, as_werkzeug_2_0=True) == expected


def test_huge_strings() -> None:
    firefox = " (Windows; en-GB) Firefox/133.0"
    agent = UserAgent("x" * 1_000_000 + firefox)
    assert _parts(agent) == ("windows", "firefox", "133.0", "en-GB")
    # Inputs that make backtracking regular expressions quadratic.
    assert _parts(UserAgent("Trident/\n" * 100_000 + " rv:11.0")) == (
        None,
        None,
        None,
        None,
    )
    assert UserAgent(" " * 500_000 + "; " * 250_000 + "en;").language == "en"
    assert UserAgent("ab;" + "0" * 1_000_000).version is None
    assert UserAgent("Chrome/" + "1" * 1_000_000).version == "1" * 1_000_000


def test_corrections_only_with_default() -> None:
    android = "Mozilla/5.0 (Linux; Android 13; Pixel 7) Chrome/116.0.0.0 Mobile"
    assert parse_user_agent(android, as_werkzeug_2_0=True)[3] == "13"
    assert parse_user_agent(android)[3] is None
    assert UserAgent(android).language is None


def test_is_the_werkzeug_3_base_class() -> None:
    string = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
    agent = UserAgent(string)
    assert isinstance(agent, user_agent.UserAgent)
    assert agent.string == string
    assert str(agent) == string
    assert agent.to_header() == string
    assert agent
    assert repr(agent) == "<UserAgent firefox/133.0>"
    assert not UserAgent("")
    assert repr(UserAgent("")) == "<UserAgent None/None>"


def test_takes_an_environ() -> None:
    headers = [("User-Agent", "curl/8.5.0 (Windows)")]
    environ = EnvironBuilder(headers=headers).get_environ()
    agent = UserAgent(environ)
    assert agent.string == "curl/8.5.0 (Windows)"
    assert agent.platform == "windows"
    assert UserAgent({}).string == ""


SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def test_request_parses_when_asked_to() -> None:
    class ParsingRequest(Request):
        user_agent_class = UserAgent

    environ = EnvironBuilder(headers=[("User-Agent", SAFARI)]).get_environ()
    request = ParsingRequest(environ)
    assert isinstance(request.user_agent, UserAgent)
    assert request.user_agent.platform == "iphone"
    assert request.user_agent.browser == "safari"
    assert request.user_agent.version == "18.1"
    assert request.user_agent.language is None
    assert request.user_agent is request.user_agent

    missing = ParsingRequest(EnvironBuilder().get_environ()).user_agent
    assert missing.string == ""
    assert not missing


def test_the_default_request_still_parses_nothing() -> None:
    environ = EnvironBuilder(headers=[("User-Agent", SAFARI)]).get_environ()
    agent = Request(environ).user_agent
    assert type(agent) is user_agent.UserAgent
    assert agent.browser is None
    assert Request.user_agent_class is user_agent.UserAgent


def test_the_original_mixin_composition() -> None:
    class LegacyRequest(BaseRequest, UserAgentMixin):
        user_agent_class = UserAgent

    environ = EnvironBuilder(headers=[("User-Agent", SAFARI)]).get_environ()
    agent = LegacyRequest(environ).user_agent
    assert (agent.platform, agent.browser, agent.version) == (
        "iphone",
        "safari",
        "18.1",
    )
