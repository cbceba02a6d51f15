"""Private helpers shared across modules."""

from __future__ import annotations

import typing as t


def _wsgi_decoding_dance(s: str) -> str:
    """Turns a WSGI "native string" (bytes as latin-1) into text."""
    return s.encode("latin1").decode(errors="replace")


def _wsgi_encoding_dance(s: str) -> str:
    """Turns text into a WSGI "native string" (UTF-8 bytes as latin-1)."""
    return s.encode().decode("latin1")


def _get_environ(obj: t.Any) -> dict[str, t.Any]:
    """Returns the environ of a request object, or the object itself."""
    env = getattr(obj, "environ", obj)
    assert isinstance(env, dict), (
        f"{type(obj).__name__!r} is not a WSGI environment (has to be a dict)"
    )
    return env
