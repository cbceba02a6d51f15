"""The parsing user agent of Werkzeug's original documentation.

Werkzeug's ``UserAgentMixin`` used to fill ``request.user_agent.platform``,
``browser``, ``version`` and ``language`` from the ``User-Agent`` header.
Werkzeug 2.1 removed that parser, and the default
:attr:`~rostzeug.wrappers.Request.user_agent_class` of Werkzeug 3.1, which
rostzeug keeps, is :class:`rostzeug.user_agent.UserAgent`, which parses
nothing. :class:`UserAgent` here brings the parser back, as an opt-in::

    from rostzeug.useragents import UserAgent
    from rostzeug.wrappers import Request

    class ParsingRequest(Request):
        user_agent_class = UserAgent

    request = ParsingRequest(environ)
    request.user_agent.browser   # "firefox"
    request.user_agent.version   # "133.0"

The parsing is native and gives the results of Werkzeug 2.0.3's parser,
the last one Werkzeug shipped: the same keywords, tested in the same order,
so the same names (``"windows"``, ``"macos"``, ``"iphone"``...; ``"chrome"``,
``"firefox"``, ``"msie"``, ``"google"``...), except where 2.0.3 is wrong
for current browsers and robots:

- **Robots named inside the comment.** Googlebot's and bingbot's current
  desktop strings put ``Googlebot/2.1`` or ``bingbot/2.0`` in the
  parenthesized comment and ``Chrome/...`` after it; 2.0.3 looked only
  after the last ``)`` and said ``chrome``. The robots 2.0.3 knows
  (Googlebot, msnbot, Baiduspider, bingbot) are named wherever their
  keyword is, with the version that follows it.
- **Firefox and Opera for iOS.** They identify as ``FxiOS/`` and
  ``OPiOS/``; 2.0.3 said ``safari`` (the WebKit every iOS browser embeds)
  while it already said ``chrome`` and ``edge`` for ``CriOS/`` and
  ``EdgiOS/``. They are ``firefox`` and ``opera``, with their own version.
- **A language is two letters.** 2.0.3 took any two word characters
  between semicolons, so every Android 10+ browser (``Linux; Android 13;
  Pixel 7``) had the language ``"13"``, and Android's WebView marker
  (``; wv)``) the language ``"wv"``. A language now starts with two
  letters and is not ``wv``; the search goes on past what is not one, so
  ``Linux; U; Android 10; en-US`` gives ``"en-US"``.

Browsers 2.0.3 had no name for keep the name 2.0.3 gave: Samsung
Internet, Yandex, Vivaldi, Brave and other Chromium browsers are
``chrome`` with the Chromium version, as code written against 2.0.3's
names expects. ``tests/data/user_agents.tsv`` holds the strings these
results are checked on, with 2.0.3's answers and each difference.

Characters are classified as Python 3.11's ``re`` module does
(case-insensitive Unicode matching, ``\\s``, ``\\w``, ``\\d``), so the answers
are 2.0.3's (corrections aside) whatever characters the string holds, and
the work grows linearly with its length (2.0.3's regular expressions
backtrack on some strings).

.. versionadded:: 0.1
    Werkzeug 3.1 has no parsing user agent.
"""

from __future__ import annotations

import typing as t

from ._native import parse_user_agent
from .user_agent import UserAgent as _BaseUserAgent

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

__all__ = ["UserAgent"]


class UserAgent(_BaseUserAgent):
    """A ``User-Agent`` header value, parsed.

    Set it as :attr:`~rostzeug.wrappers.Request.user_agent_class` to have
    :attr:`~rostzeug.wrappers.Request.user_agent` parsed. Each attribute is
    None when the string does not say it.

    :param environ_or_string: the header value, or a WSGI environ to read
        ``HTTP_USER_AGENT`` from (as the original documentation allowed).
    """

    #: The operating system: ``"windows"``, ``"macos"``, ``"linux"``,
    #: ``"android"``, ``"iphone"``, ``"ipad"``, ``"chromeos"``, a BSD, ...
    platform: str | None
    #: The browser or robot: ``"chrome"``, ``"firefox"``, ``"safari"``,
    #: ``"edge"``, ``"opera"``, ``"msie"``, ``"google"``, ``"bing"``, ...
    browser: str | None
    #: The version that follows the browser's keyword, such as ``"133.0"``.
    version: str | None
    #: The language tag of the string, such as ``"en-US"``; modern browsers
    #: rarely send one (``Accept-Language`` says it).
    language: str | None

    def __init__(self, environ_or_string: WSGIEnvironment | str) -> None:
        if type(environ_or_string) is not str and isinstance(environ_or_string, dict):
            string = environ_or_string.get("HTTP_USER_AGENT", "")
        else:
            string = environ_or_string
        self.string = string
        # Parsed at once: the request makes its user agent only when asked
        # for it, and the parts are then plain attributes.
        self.platform, self.browser, self.version, self.language = parse_user_agent(
            string
        )
