"""The value of a ``User-Agent`` header."""

from __future__ import annotations


class UserAgent:
    """A ``User-Agent`` header value.

    This class does not parse the string: :attr:`platform`,
    :attr:`browser`, :attr:`version` and :attr:`language` are None. To
    parse user agents, set :attr:`rostzeug.wrappers.Request.user_agent_class`
    to :class:`rostzeug.useragents.UserAgent`, or to a subclass of this
    class that fills those attributes in ``__init__``.

    :param string: the header value.
    """

    #: The operating system, if a subclass parsed it.
    platform: str | None = None
    #: The browser name, if a subclass parsed it.
    browser: str | None = None
    #: The browser version, if a subclass parsed it.
    version: str | None = None
    #: The browser language, if a subclass parsed it.
    language: str | None = None

    def __init__(self, string: str) -> None:
        #: The header value as it was received.
        self.string: str = string

    def to_header(self) -> str:
        """Returns the header value."""
        return self.string

    def __str__(self) -> str:
        return self.to_header()

    def __bool__(self) -> bool:
        """True when a browser was recognized, so never for this class."""
        return bool(self.browser)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<{name} {self.browser}/{self.version}>"
