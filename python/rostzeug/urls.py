"""Conversion between URIs (ASCII, percent-encoded, Punycode hosts) and IRIs
(Unicode text, as people read and write URLs)."""

from __future__ import annotations

import codecs
import functools
import re
import typing as t
import urllib.parse
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlencode
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

from .datastructures import iter_multi_items

# The name of the codec error handler that percent-encodes the bytes a decoder
# rejects. It keeps Werkzeug's name, so code that decodes with
# ``errors="werkzeug.url_quote"`` works with either library.
_URL_QUOTE_ERRORS = "werkzeug.url_quote"


def _requote_undecodable(error: t.Any) -> tuple[str, int]:
    """Codec error handler: writes the rejected bytes (or the UTF-8 of the
    rejected characters) as ``%XX`` and goes on after them."""
    return quote(error.object[error.start : error.end], safe=""), error.end


codecs.register_error(_URL_QUOTE_ERRORS, _requote_undecodable)


def _make_partial_unquote(keep_quoted: str) -> t.Callable[[str], str]:
    """Returns a function that percent-decodes a URL part except for the
    escapes of the characters in ``keep_quoted``, which would change the
    part's meaning (or be unsafe) unquoted. Bytes that are not valid UTF-8
    stay percent-encoded."""
    codes = "|".join(f"{ord(c):02X}" for c in sorted(keep_quoted))
    # Runs of escapes that must stay as they are; re.split puts them at the
    # odd indices of its result.
    kept_escapes = re.compile(f"((?:%(?:{codes}))+)", re.IGNORECASE)

    def unquote_part(value: str) -> str:
        if "%" not in value:
            return value
        pieces = kept_escapes.split(value)
        pieces[::2] = [unquote(p, "utf-8", _URL_QUOTE_ERRORS) for p in pieces[::2]]
        return "".join(pieces)

    return unquote_part


# Following https://url.spec.whatwg.org/#percent-encoded-bytes: controls,
# space and "%" stay quoted everywhere, plus what is a delimiter in the part.
_ALWAYS_QUOTED = bytes((*range(0x21), 0x25, 0x7F)).decode("ascii")
_unquote_fragment = _make_partial_unquote(_ALWAYS_QUOTED)
_unquote_query = _make_partial_unquote(_ALWAYS_QUOTED + "&=+#")
_unquote_path = _make_partial_unquote(_ALWAYS_QUOTED + "/?#")
_unquote_userinfo = _make_partial_unquote(_ALWAYS_QUOTED + ":@/?#")

# The characters left unquoted in each part by iri_to_uri: the WHATWG URL
# code points that are not delimiters there, and "%" so that existing escapes
# survive.
_SAFE_PATH = "%!$&'()*+,/:;=@"
_SAFE_QUERY = "%!$&'()*+,/:;=?@"
_SAFE_FRAGMENT = "%!#$&'()*+,/:;=?@"
_SAFE_USERINFO = "%!$&'()*+,;="


def uri_to_iri(uri: str) -> str:
    """Converts a URI to an IRI: escapes of valid UTF-8 become the characters
    they encode, and a Punycode host is decoded.

    Escapes that would change the meaning of their part (such as ``%2F`` in
    the path or ``%26`` in the query), escapes of controls, space and ``%``,
    and bytes that are not valid UTF-8 stay quoted.

    >>> uri_to_iri("https://xn--bcher-kva.example/caf%C3%A9?q=%E2%98%83&r=%FF")
    'https://bücher.example/café?q=☃&r=%FF'

    :param uri: the URI to convert.
    :raises ValueError: when the port is not a number from 0 to 65535.
    """
    parts = urlsplit(uri)
    netloc = parts.netloc
    if netloc:
        netloc = _join_netloc(
            _decode_idna(parts.hostname) if parts.hostname else "",
            parts.port,
            parts.username,
            parts.password,
            _unquote_userinfo,
        )
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            _unquote_path(parts.path),
            _unquote_query(parts.query),
            _unquote_fragment(parts.fragment),
        )
    )


def iri_to_uri(iri: str) -> str:
    """Converts an IRI to a URI: characters outside ASCII and the ones that
    are not valid in their part are percent-encoded as UTF-8, and the host is
    encoded to Punycode. Existing escapes are left alone, so converting a URI
    returns it unchanged.

    >>> iri_to_uri("https://bücher.example/café?q=☃&r=%FF")
    'https://xn--bcher-kva.example/caf%C3%A9?q=%E2%98%83&r=%FF'

    :param iri: the IRI to convert.
    :raises ValueError: when the port is not a number from 0 to 65535.
    :raises UnicodeError: when the host cannot be encoded with IDNA.
    """
    parts = urlsplit(iri)
    netloc = parts.netloc
    if netloc:
        netloc = _join_netloc(
            _encode_idna(parts.hostname) if parts.hostname else "",
            parts.port,
            parts.username,
            parts.password,
            _quote_userinfo,
        )
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_SAFE_PATH),
            quote(parts.query, safe=_SAFE_QUERY),
            quote(parts.fragment, safe=_SAFE_FRAGMENT),
        )
    )


def _quote_userinfo(value: str) -> str:
    return quote(value, safe=_SAFE_USERINFO)


def _join_netloc(
    host: str,
    port: int | None,
    username: str | None,
    password: str | None,
    convert_userinfo: t.Callable[[str], str],
) -> str:
    """Builds the netloc from its converted host and its other parts. An empty
    username or password and port 0 are kept, since they are present in the
    URL."""
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    if username is not None:
        userinfo = convert_userinfo(username)
        if password is not None:
            userinfo = f"{userinfo}:{convert_userinfo(password)}"
        netloc = f"{userinfo}@{netloc}"
    return netloc


# Before Python 3.12, urlunsplit drops the "//" of schemes it does not know
# to have a netloc, which turns "itms-services://?..." into
# "itms-services:?...".
if "itms-services" not in urllib.parse.uses_netloc:
    urllib.parse.uses_netloc.append("itms-services")


# Python's idna codec costs microseconds per host, far more than the rest of a
# conversion, while an application sees few distinct hosts; so both directions
# are memoized, as urlsplit itself is.
_IDNA_CACHE_SIZE = 512


@functools.lru_cache(maxsize=_IDNA_CACHE_SIZE)
def _encode_idna(host: str) -> str:
    """Encodes a host to Punycode (IDNA 2003, as Python's codec does)."""
    return host.encode("idna").decode("ascii")


@functools.lru_cache(maxsize=_IDNA_CACHE_SIZE)
def _decode_idna(domain: str) -> str:
    """Decodes a Punycode host. Labels that are not valid IDNA stay as they
    are; a host that is not ASCII is taken as decoded already.

    Python's ``idna`` codec raises a plain :exc:`UnicodeError` before 3.13,
    so that is what is caught.
    """
    if not domain.isascii():
        return domain
    whole = _idna_or_none(domain)
    if whole is not None:
        return whole
    return ".".join(_idna_or_none(label) or label for label in domain.split("."))


def _idna_or_none(text: str) -> str | None:
    """The IDNA decoding of ASCII ``text``, or None where it is not valid."""
    try:
        return text.encode("ascii").decode("idna")
    except UnicodeError:
        return None


def _urlencode(
    query: t.Mapping[str, t.Any] | t.Iterable[tuple[str, t.Any]],
) -> str:
    """Encodes query items as ``application/x-www-form-urlencoded``, leaving
    out items whose value is None. Characters that need no escape in a query
    (https://url.spec.whatwg.org/#percent-encoded-bytes) stay as they are."""
    items = [item for item in iter_multi_items(query) if item[1] is not None]
    return urlencode(items, safe="!$'()*,/:;?@")
