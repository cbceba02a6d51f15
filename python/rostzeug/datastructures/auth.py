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


class Authorization:
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
        if data is None:
            data = {}
        #: The parameters parsed from the header.
        self.parameters = data
        #: The token parsed from the header, for schemes that send one.
        self.token = token

    def __getattr__(self, name: str) -> str | None:
        # Special and internal names are never parameters; looking them up in
        # the parameters would break copying and pickling.
        if name.startswith("__") or name == "parameters":
            raise AttributeError(name)
        return self.parameters.get(name)

    def __getitem__(self, name: str) -> str | None:
        return self.parameters.get(name)

    def get(self, key: str, default: str | None = None) -> str | None:
        """Returns a parameter, or ``default`` when it is missing."""
        return self.parameters.get(key, default)

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Authorization):
            return NotImplemented
        return (
            other.type == self.type
            and other.token == self.token
            and other.parameters == self.parameters
        )

    @classmethod
    def from_header(cls, value: str | None) -> t.Self | None:
        """Parses an ``Authorization`` header value; returns None when it is
        empty, or when a ``Basic`` token is not valid base64 of UTF-8."""
        if not value:
            return None

        scheme, _, rest = value.partition(" ")
        scheme = scheme.lower()
        rest = rest.strip(" \t")

        if scheme == "basic":
            try:
                decoded = base64.b64decode(rest, validate=True).decode()
            except (binascii.Error, UnicodeError):
                return None
            username, _, password = decoded.partition(":")
            return cls(scheme, {"username": username, "password": password})

        # An "=" that is not trailing base64 padding means parameters.
        if "=" in rest.rstrip("="):
            from ..http import parse_dict_header

            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self) -> str:
        """Returns the header value."""
        if self.type == "basic":
            credentials = f"{self.username}:{self.password}".encode()
            return f"Basic {base64.b64encode(credentials).decode('ascii')}"
        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        from ..http import dump_header

        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"


class WWWAuthenticate:
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
        self._type = auth_type.lower()
        self._parameters: dict[str, str | None] = CallbackDict(
            values, lambda _: self._trigger_on_update()
        )
        self._token = token
        self._on_update: Callable[[WWWAuthenticate], None] | None = None

    def _trigger_on_update(self) -> None:
        if self._on_update is not None:
            self._on_update(self)

    @property
    def type(self) -> str:
        """The scheme, such as ``basic``, ``digest`` or ``bearer``."""
        return self._type

    @type.setter
    def type(self, value: str) -> None:
        self._type = value
        self._trigger_on_update()

    @property
    def parameters(self) -> dict[str, str | None]:
        """The parameters of the header. Changing the dict updates the
        header."""
        return self._parameters

    @parameters.setter
    def parameters(self, value: dict[str, str]) -> None:
        self._parameters = CallbackDict(value, lambda _: self._trigger_on_update())
        self._trigger_on_update()

    @property
    def token(self) -> str | None:
        """The token, for schemes that use one instead of parameters."""
        return self._token

    @token.setter
    def token(self, value: str | None) -> None:
        self._token = value
        self._trigger_on_update()

    def __getitem__(self, key: str) -> str | None:
        return self.parameters.get(key)

    def __setitem__(self, key: str, value: str | None) -> None:
        if value is None:
            if key in self.parameters:
                del self.parameters[key]
        else:
            self.parameters[key] = value
        self._trigger_on_update()

    def __delitem__(self, key: str) -> None:
        if key in self.parameters:
            del self.parameters[key]
            self._trigger_on_update()

    def __getattr__(self, name: str) -> str | None:
        # Special and internal names are never parameters; looking them up in
        # the parameters would break copying and pickling.
        if name.startswith("__") or name in _WWW_AUTHENTICATE_ATTRS:
            raise AttributeError(name)
        return self[name]

    def __setattr__(self, name: str, value: str | None) -> None:
        if name in _WWW_AUTHENTICATE_ATTRS:
            super().__setattr__(name, value)
        else:
            self[name] = value

    def __delattr__(self, name: str) -> None:
        del self[name]

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WWWAuthenticate):
            return NotImplemented
        return (
            other.type == self.type
            and other.token == self.token
            and other.parameters == self.parameters
        )

    def get(self, key: str, default: str | None = None) -> str | None:
        """Returns a parameter, or ``default`` when it is missing."""
        return self.parameters.get(key, default)

    @classmethod
    def from_header(cls, value: str | None) -> t.Self | None:
        """Parses a ``WWW-Authenticate`` header value; returns None when it
        is empty."""
        if not value:
            return None

        scheme, _, rest = value.partition(" ")
        scheme = scheme.lower()
        rest = rest.strip(" \t")

        # An "=" that is not trailing base64 padding means parameters.
        if "=" in rest.rstrip("="):
            from ..http import parse_dict_header

            return cls(scheme, parse_dict_header(rest), None)
        return cls(scheme, None, rest)

    def to_header(self) -> str:
        """Returns the header value."""
        from ..http import dump_header
        from ..http import quote_header_value

        if self.token is not None:
            return f"{self.type.title()} {self.token}"
        if not self.parameters:
            return self.type.title()
        if self.type == "digest":
            items = []
            for key, value in self.parameters.items():
                # Digest requires these to be quoted strings, never tokens.
                if key in {"realm", "domain", "nonce", "opaque", "qop"}:
                    value = quote_header_value(value, allow_token=False)
                else:
                    value = quote_header_value(value)
                items.append(f"{key}={value}")
            return f"Digest {', '.join(items)}"
        return f"{self.type.title()} {dump_header(self.parameters)}"

    def __str__(self) -> str:
        return self.to_header()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.to_header()}>"
