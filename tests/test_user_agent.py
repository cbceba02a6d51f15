from __future__ import annotations

from rostzeug.user_agent import UserAgent

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def test_keeps_the_string_and_parses_nothing() -> None:
    agent = UserAgent(FIREFOX)
    assert agent.string == FIREFOX
    assert str(agent) == FIREFOX
    assert agent.to_header() == FIREFOX
    assert agent.platform is None
    assert agent.browser is None
    assert agent.version is None
    assert agent.language is None


def test_is_false_without_a_browser() -> None:
    assert not UserAgent(FIREFOX)
    assert not UserAgent("")


def test_repr_names_browser_and_version() -> None:
    assert repr(UserAgent(FIREFOX)) == "<UserAgent None/None>"


class ParsingUserAgent(UserAgent):
    def __init__(self, string: str) -> None:
        super().__init__(string)
        product = string.rsplit(" ", 1)[-1]
        self.browser, _, self.version = product.partition("/")
        self.platform = "linux" if "Linux" in string else None


def test_a_subclass_fills_in_the_attributes() -> None:
    agent = ParsingUserAgent(FIREFOX)
    assert agent
    assert agent.browser == "Firefox"
    assert agent.version == "128.0"
    assert agent.platform == "linux"
    assert repr(agent) == "<ParsingUserAgent Firefox/128.0>"
    assert agent.to_header() == FIREFOX


def test_a_subclass_that_finds_no_browser_is_false() -> None:
    assert not ParsingUserAgent("")
