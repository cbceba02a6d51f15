"""Private helpers shared across modules."""

from __future__ import annotations

import logging
import typing as t

if t.TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

    from .wrappers.request import Request

# The logger keeps Werkzeug's name so that logging configured for Werkzeug
# (levels, handlers, filters) applies unchanged.
_LOGGER_NAME = "werkzeug"
_logger: logging.Logger | None = None


def _wsgi_decoding_dance(s: str) -> str:
    """Turns a WSGI "native string" (bytes as latin-1) into text."""
    return str(s.encode("latin-1"), "utf-8", "replace")


def _wsgi_encoding_dance(s: str) -> str:
    """Turns text into a WSGI "native string" (UTF-8 bytes as latin-1)."""
    return str(s.encode("utf-8"), "latin-1")


def _get_environ(obj: WSGIEnvironment | Request) -> WSGIEnvironment:
    """Returns the environ of a request object, or the object itself."""
    found = getattr(obj, "environ", obj)
    if isinstance(found, dict):
        return found
    raise AssertionError(
        f"{type(obj).__name__!r} is not a WSGI environment (has to be a dict)"
    )


def _has_level_handler(logger: logging.Logger) -> bool:
    """Whether some handler on the way up from ``logger`` would emit records
    at the logger's effective level."""
    level = logger.getEffectiveLevel()
    return any(
        handler.level <= level
        for node in _propagation_chain(logger)
        for handler in node.handlers
    )


def _propagation_chain(logger: logging.Logger) -> t.Iterator[logging.Logger]:
    """Yields ``logger`` and then each ancestor its records reach, stopping
    after the first one that does not propagate."""
    node: logging.Logger | None = logger
    while node is not None:
        yield node
        node = node.parent if node.propagate else None


def _log(type: str, message: str, *args: t.Any, **kwargs: t.Any) -> None:
    """Logs ``message`` at the level named by ``type`` (``"info"``,
    ``"warning"``, ...) to the ``werkzeug`` logger.

    On first use the logger gets the level INFO if it has none, and a stderr
    handler if nothing would emit its records, so that messages of the
    development server show up without any logging configuration.
    """
    global _logger

    if _logger is None:
        _logger = logging.getLogger(_LOGGER_NAME)
        if _logger.level == logging.NOTSET:
            _logger.setLevel(logging.INFO)
        if not _has_level_handler(_logger):
            _logger.addHandler(logging.StreamHandler())

    getattr(_logger, type)(message.rstrip(), *args, **kwargs)
