"""The ``Authorization`` and ``WWW-Authenticate`` headers."""

from __future__ import annotations

import base64
import binascii
import typing as t
from collections.abc import Callable

from .structures import CallbackDict

# Attributes WWWAuthenticate keeps on itself; every other attribute name
# reads and writes a parameter.
_WWW_AUTHENTICATE_ATTRS = frozenset({"_type", "_parameters", "_token", "_on_update"})

# Digest requires these parameters to be quoted strings, never bare tokens.
_DIGEST_QUOTED_PARAMS = frozenset({"realm", "domain", "nonce", "opaque", "qop"})


def _split_credentials(value: str) -> tuple[str, str]:
    """Splits a header value into its lower-cased scheme and the rest, with
    surrounding spaces and tabs removed from the rest."""
    head, _, tail = value.partition(" ")
    return head.lower(), tail.strip(" \t")


def _scheme_payload(tail: str) -> tuple[dict[str, str | None] | None, str | None]:
    """Decides whether what follows the scheme is a parameter list or a token,
    returning ``(parameters, None)`` or ``(None, token)``."""
    # base64 tokens may end in "=" padding; any other "=" separates a
    # parameter name from its value.
    if "=" not in tail.rstrip("="):
        return None, tail
    from ..http import parse_dict_header

    return parse_dict_header(tail), None


def _render(scheme: str, token: str | None, params: t.Mapping[str, str | None]) -> str:
    """Formats a scheme followed by its token, or else by its parameters."""
    from ..http import dump_header

    if token is None:
        return f"{scheme.title()} {dump_header(params)}"
    return f"{scheme.title()} {token}"


class _HeaderParts:
    """What both auth headers share: reading parameters and comparing."""

    type: str
    parameters: dict[str, str | None]
    token: str | None

    def _identity(self) -> tuple[object, ...]:
        return (self.type, self.token, self.parameters)

    def __eq__(self, other: object) -> bool:
        # Only the same kind of header compares: an Authorization never
        # equals a WWWAuthenticate.
        related = isinstance(other, _HeaderParts) and (
            isinstance(other, type(self)) or isinstance(self, type(other))
        )
        if not related:
            return NotImplemented
        return self._identity() == t.cast(_HeaderParts, other)._identity()

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def get(self, key: str, default: str | None = None) -> str | None:
        """Returns a parameter, or ``default`` when it is missing."""
        return self.parameters.get(key, default)

    def to_header(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"


class Authorization(_HeaderParts):
    """The parts of an ``Authorization`` request header.

    Depending on the scheme, either :attr:`parameters` or :attr:`token` is
    set. The token of the ``Basic`` scheme is decoded into the ``username``
    and ``password`` parameters.

    ``auth["key"]``, ``auth.key`` and ``auth.get("key")`` read a parameter
    (None when missing), and ``"key" in auth`` tells whether it is there.

    :param auth_type: the scheme, such as ``basic`` or ``bearer``.
    :param data: the parameters.
    :param token: the token, for schemes that send one.
    """

    def __init__(
        self,
        auth_type: str,
        data: dict[str, str | None] | None = None,
        token: str | None = None,
    ) -> None:
        #: The scheme, such as ``basic``, ``digest`` or ``bearer``.
        self.type = auth_type
        #: The parameters parsed from the header.
        self.parameters = {} if data is None else data
        #: The token parsed from the header, for schemes that send one.
        self.token = token

    def __getattr__(self, name: str) -> str | None:
        # Dunder lookups (copy, pickle) and the parameters dict itself must
        # not fall through to a parameter lookup.
        if name == "parameters" or name.startswith("__"):
            raise AttributeError(name)
        return self.parameters.get(name)

    def __getitem__(self, name: str) -> str | None:
        return self.parameters.get(name)

    @classmethod
    def from_header(cls, value: str | None) -> t.Self | None:
        """Parses an ``Authorization`` header value; returns None when it is
        empty, or when a ``Basic`` token is not valid base64 of UTF-8."""
        if not value:
            return None
        scheme, tail = _split_credentials(value)
        if scheme != "basic":
            return cls(scheme, *_scheme_payload(tail))
        try:
            user_pass = base64.b64decode(tail, validate=True).decode()
        except (binascii.Error, UnicodeError):
            return None
        user, _, secret = user_pass.partition(":")
        return cls(scheme, {"username": user, "password": secret})

    def to_header(self) -> str:
        """Returns the header value."""
        if self.type != "basic":
            return _render(self.type, self.token, self.parameters)
        pair = f"{self.username}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")


class WWWAuthenticate(_HeaderParts):
    """The parts of a ``WWW-Authenticate`` response header. Setting
    ``Response.www_authenticate`` to an instance (or a list of them) sets the
    header, and later changes to the instance update it.

    Depending on the scheme, either :attr:`parameters` or :attr:`token`
    should be set. ``auth["key"]`` and ``auth.key`` get, set and delete a
    parameter (setting None deletes it); ``auth.get("key")`` and
    ``"key" in auth`` read them.

    :param auth_type: the scheme, such as ``basic`` or ``bearer``;
        lower-cased.
    :param values: the parameters.
    :param token: the token, for schemes that use one.
    """

    def __init__(
        self,
        auth_type: str,
        values: dict[str, str | None] | None = None,
        token: str | None = None,
    ):
        self._on_update: Callable[[WWWAuthenticate], None] | None = None
        self._type = auth_type.lower()
        self._token = token
        self._parameters: dict[str, str | None] = self._watched(values)

    def _watched(self, values: t.Any) -> dict[str, str | None]:
        """Wraps parameters so that changing them notifies the owner."""
        return CallbackDict(values, lambda _: self._changed())

    def _changed(self) -> None:
        listener = self._on_update
        if listener is not None:
            listener(self)

    @property
    def type(self) -> str:
        """The scheme, such as ``basic``, ``digest`` or ``bearer``."""
        return self._type

    @type.setter
    def type(self, value: str) -> None:
        self._type = value
        self._changed()

    @property
    def parameters(self) -> dict[str, str | None]:
        """The parameters of the header. Changing the dict updates the
        header."""
        return self._parameters

    @parameters.setter
    def parameters(self, value: dict[str, str | None]) -> None:
        self._parameters = self._watched(value)
        self._changed()

    @property
    def token(self) -> str | None:
        """The token, for schemes that use one instead of parameters."""
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value
        self._changed()

    def __getitem__(self, key: str) -> str | None:
        return self.parameters.get(key)

    def __setitem__(self, key: str, value: str | None) -> None:
        # None means "remove"; either way the header is rewritten.
        if value is not None:
            self.parameters[key] = value
        else:
            self.parameters.pop(key, None)
        self._changed()

    def __delitem__(self, key: str) -> None:
        if key not in self.parameters:
            return
        del self.parameters[key]
        self._changed()

    def __getattr__(self, name: str) -> str | None:
        # Dunder lookups (copy, pickle) and the private slots must not fall
        # through to a parameter lookup.
        if name in _WWW_AUTHENTICATE_ATTRS or name.startswith("__"):
            raise AttributeError(name)
        return self[name]

    def __setattr__(self, name: str, value: str | None) -> None:
        if name not in _WWW_AUTHENTICATE_ATTRS:
            self[name] = value
            return
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        del self[name]

    @classmethod
    def from_header(cls, value: str | None) -> t.Self | None:
        """Parses a ``WWW-Authenticate`` header value; returns None when it
        is empty."""
        if not value:
            return None
        scheme, tail = _split_credentials(value)
        return cls(scheme, *_scheme_payload(tail))

    def to_header(self) -> str:
        """Returns the header value."""
        if self.token is None and not self.parameters:
            return self.type.title()
        if self.token is not None or self.type != "digest":
            return _render(self.type, self.token, self.parameters)
        from ..http import quote_header_value

        fields = ", ".join(
            f"{name}="
            + quote_header_value(val, allow_token=name not in _DIGEST_QUOTED_PARAMS)
            for name, val in self.parameters.items()
        )
        return f"Digest {fields}"
