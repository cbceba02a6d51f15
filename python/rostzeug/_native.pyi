"""Type stubs of the native module built from ``crates/rostzeug-py``.

``python -m mypy.stubtest rostzeug._native`` (part of ``make test``) checks
them against the built module: names, parameters as the bindings declare
them (every parameter of a PyO3 function may be given by keyword unless its
signature has a ``/``), defaults, and which classes may be subclassed.
"""

import os as _os
import typing as _t
from collections.abc import Iterable as _Iterable
from datetime import date as _date
from datetime import datetime as _datetime
from datetime import timedelta as _timedelta
from time import struct_time as _struct_time
from typing import Self as _Self
from typing import final as _final

from _typeshed.wsgi import WSGIEnvironment as _WSGIEnvironment
from typing_extensions import disjoint_base as _disjoint_base

from .datastructures import MultiDict as _MultiDict
from .routing.converters import BaseConverter as _BaseConverter
from .routing.map import Map as _Map
from .routing.map import MapAdapter as _MapAdapter
from .routing.matcher import StateMachineMatcher as _StateMachineMatcher
from .routing.rules import Rule as _Rule
from .routing.rules import RuleFactory as _RuleFactory
from .wrappers.request import Request as _Request

__all__ = [
    "ChunkedFraming",
    "FileWatcher",
    "MapAdapterBase",
    "MapBase",
    "MultipartDecoder",
    "MultipartParser",
    "ResponseHeadReader",
    "RuleBuilder",
    "RuleMatcher",
    "accept_best_match",
    "adapter_build",
    "adapter_match",
    "compile_rule",
    "dump_cookie",
    "dump_header",
    "dump_options_header",
    "http_date",
    "map_bind_to_environ",
    "merge_slashes",
    "parse_accept",
    "parse_accept_into",
    "parse_cache_control_dict",
    "parse_content_range_spec",
    "parse_cookie",
    "parse_cookie_text",
    "parse_csp_pairs",
    "parse_date",
    "parse_dict_header",
    "parse_etag_lists",
    "parse_list_header",
    "parse_options_header",
    "parse_query",
    "parse_query_lists",
    "parse_query_pairs",
    "parse_range_spec",
    "parse_user_agent",
    "plain_wsgi_header_list",
    "quote_header_value",
    "request_head",
    "set_in_short_header_list",
    "tokenize_rule",
    "unquote_etag",
    "unquote_header_value",
]

# Query strings (crates/rostzeug-py/src/query.rs).

def parse_query_pairs(data: bytes) -> list[tuple[str, str]]:
    """Parses a query string into ``(name, value)`` pairs, in order.

    Raises :exc:`UnicodeDecodeError` when ``data`` is not UTF-8.
    """

def parse_query_lists(data: bytes) -> dict[str, list[str]]:
    """Parses a query string into a dict of each name's values, in order."""

_MDT = _t.TypeVar("_MDT", bound=_MultiDict[str, str])

def parse_query(data: bytes, cls: type[_MDT]) -> _MDT:
    """Parses a query string into an instance of ``cls``, a MultiDict class:
    as ``cls._from_lists(parse_query_lists(data))``, or
    ``cls(parse_query_pairs(data))`` when its ``_from_lists`` is None.
    """

# The pair list of Headers (crates/rostzeug-py/src/header_list.rs).

def set_in_short_header_list(
    items: list[tuple[str, str]], key: str, value: object, limit: int | None
) -> bool:
    """``Headers.set`` on a pair list of fewer than ``limit`` pairs (None for
    no limit) without an index; False, changing nothing, for any other case,
    such as a key or value that is not a plain string."""

def plain_wsgi_header_list(
    items: list[tuple[str, str]], body_length: int | None = None
) -> list[tuple[str, str]] | None:
    """A copy of ``items`` with ``Content-Length`` added if missing and
    ``body_length`` is given; None if a ``Location`` or ``Content-Location``
    header needs rewriting, or a key is not a plain ASCII string."""

# Header grammar, cookies and dates (crates/rostzeug-py/src/http_basic.rs).

def quote_header_value(value: _t.Any, allow_token: bool = True) -> str:
    """Quotes ``str(value)`` unless it is a token."""

def unquote_header_value(value: str) -> str:
    """Removes surrounding quotes and backslash escapes."""

def dump_options_header(header: str | None, options: _t.Mapping[str, _t.Any]) -> str:
    """Joins a header value and its ``key=value`` parameters with ``; ``."""

def dump_header(iterable: dict[str, _t.Any] | _t.Iterable[_t.Any]) -> str:
    """Joins items, or a dict's ``key=value`` pairs, with ``, ``."""

def parse_list_header(value: str) -> list[str]:
    """Splits a comma-separated header into its items."""

def parse_dict_header(value: str) -> dict[str, str | None]:
    """Parses a comma-separated list of ``key=value`` items."""

def parse_options_header(value: str | None) -> tuple[str, dict[str, str]]:
    """Parses ``value; key=value; ...`` into the value and its parameters."""

def parse_cookie(
    header: _WSGIEnvironment | str | None,
    cls: type[_MultiDict[str, str]] | None = None,
) -> _MultiDict[str, str]:
    """Parses a ``Cookie`` header from a WSGI environ or WSGI string."""

def parse_cookie_text(
    cookie: str | None = None,
    cls: type[_MultiDict[str, str]] | None = None,
) -> _MultiDict[str, str]:
    """Parses a ``Cookie`` header given as text."""

def dump_cookie(
    key: str,
    value: str = "",
    max_age: _timedelta | int | None = None,
    expires: str | _datetime | int | float | None = None,
    path: str | None = "/",
    domain: str | None = None,
    secure: bool = False,
    httponly: bool = False,
    sync_expires: bool = True,
    max_size: int = 4093,
    samesite: str | None = None,
    partitioned: bool = False,
) -> str:
    """Builds a ``Set-Cookie`` header value."""

def parse_date(value: str | None) -> _datetime | None:
    """Parses an HTTP date into an aware datetime, or ``None``."""

def http_date(
    timestamp: _datetime | _date | int | float | _struct_time | None = None,
) -> str:
    """Formats a datetime, date or timestamp as an HTTP date."""

# Structured header values (crates/rostzeug-py/src/http_structured.rs).

_T = _t.TypeVar("_T")
_A = _t.TypeVar("_A", bound=list[tuple[str, float]])

def parse_accept(value: str, order: int) -> list[tuple[str, float]]:
    """Parses an accept header into ``(value, quality)`` tuples.

    ``order`` 0 keeps header order, 1 sorts as ``Accept`` does (values other
    than ``*`` first, then by quality), 2 as ``MIMEAccept`` does (part by
    part specificity, then quality); ties keep header order. The quality is
    the int ``1`` when the item has no ``q`` parameter.

    Raises :exc:`ValueError` for another ``order``.
    """

def parse_accept_into(cls: type[_A], value: str, order: int) -> _A:
    """Parses an accept header into a new ``cls`` (made with ``cls.__new__``,
    its constructor is not called): the tuples of :func:`parse_accept` in
    ``order`` 1 or 2 are appended and ``provided`` is set to True.

    Raises :exc:`ValueError` for another ``order``.
    """

def accept_best_match(
    accepted: _Iterable[tuple[str, float]],
    offered: _Iterable[str],
    default: _T,
    language: bool,
) -> str | _T:
    """Returns the item of ``offered`` the ``accepted`` list (as an
    ``Accept`` keeps it) prefers, or ``default``.

    With ``language``, values compare as ``LanguageAccept`` compares them,
    primary subtag fallbacks included; otherwise as ``Accept`` does.
    Raises :exc:`TypeError` when ``offered`` holds something other than str.
    """

def parse_cache_control_dict(value: str) -> dict[str, str | None]:
    """Parses a ``Cache-Control`` value into its directives."""

def parse_csp_pairs(value: str) -> list[tuple[str, str]]:
    """Parses a ``Content-Security-Policy`` value into ``(directive, value)``
    pairs, in order."""

def parse_etag_lists(value: str) -> tuple[bool, list[str | None], list[str | None]]:
    """Parses ``If-Match``/``If-None-Match`` into ``(star, strong, weak)``;
    an empty quoted tag is None."""

def unquote_etag(value: str) -> tuple[str, bool] | tuple[None, None]:
    """Splits an entity tag into ``(tag, weak)``; ``(None, None)`` if empty."""

def parse_range_spec(value: str) -> tuple[str, list[tuple[int, int | None]]] | None:
    """Parses a ``Range`` value into ``(units, ranges)`` with exclusive stops,
    or None when it is malformed."""

def parse_content_range_spec(
    value: str,
) -> tuple[str, int | None, int | None, int | None] | None:
    """Parses a ``Content-Range`` value into ``(units, start, stop, length)``
    with an exclusive stop, or None when it is malformed or invalid."""

# User agents (crates/rostzeug-py/src/user_agent.rs).

def parse_user_agent(
    value: str, /, as_werkzeug_2_0: bool = False
) -> tuple[str | None, str | None, str | None, str | None]:
    """Parses a ``User-Agent`` value into ``(platform, browser, version,
    language)`` as Werkzeug 2.0's parsing user agent did, with the
    corrections :mod:`rostzeug.useragents` lists unless ``as_werkzeug_2_0``;
    a part not found is None."""

# Multipart bodies (crates/rostzeug-py/src/multipart.rs).

_PartHeaders = list[tuple[str, str]]

# The events of MultipartDecoder.next_event, by their first item.
_MultipartEvent = (
    tuple[_t.Literal[0], bytes]
    | tuple[_t.Literal[1], str | None, _PartHeaders]
    | tuple[_t.Literal[2], str | None, str, _PartHeaders]
    | tuple[_t.Literal[3], bytes, bool]
    | tuple[_t.Literal[4], bytes]
)

@_final
class MultipartDecoder:
    """Event decoder behind :class:`rostzeug.sansio.multipart.MultipartDecoder`.

    ``next_event`` returns None when more data is needed, else a tuple whose
    first item is the kind: ``(0, preamble)``, ``(1, name, headers)`` for a
    field, ``(2, name, filename, headers)`` for a file, ``(3, data,
    more_data)``, ``(4, epilogue)``. Raises :exc:`ValueError` for a malformed
    body and ``RequestEntityTooLarge`` when a limit is exceeded.

    A part's header section is limited to ``max_part_header_size`` bytes
    (16384 when not given; also to ``max_form_memory_size``) and
    ``max_part_header_lines`` lines (64 when not given); None removes a
    limit.
    """

    def __new__(
        cls,
        boundary: bytes,
        max_form_memory_size: int | None = None,
        max_parts: int | None = None,
        *,
        max_part_header_size: int | None = ...,
        max_part_header_lines: int | None = ...,
    ) -> _Self: ...
    def receive_data(self, data: bytes | None) -> None: ...
    def next_event(self) -> _MultipartEvent | None: ...
    @property
    def state(
        self,
    ) -> _t.Literal["PREAMBLE", "PART", "DATA_START", "DATA", "EPILOGUE", "COMPLETE"]:
        """The name of the current state, as in ``State``."""
    @property
    def complete(self) -> bool: ...

@_final
class MultipartParser:
    """Batch ``multipart/form-data`` parser for form parsing.

    ``parse(fields, write)`` adds each finished field, its value decoded by
    its part's charset, to ``fields``: a ``(name, value)`` tuple to a list,
    or the value to the name's list of values in a dict. It passes
    the data of the current file to ``write``, and returns ``(name, filename,
    headers)`` when a file starts (call it again with that file's ``write``)
    or None when the input is used up or the body is finished. The data of
    fields and the header section of each part count against
    ``max_form_memory_size``; files do not. The preamble and epilogue are
    dropped as they arrive; ``max_outer_size`` limits each of them. Raises
    :exc:`ValueError` for a malformed body and ``RequestEntityTooLarge``
    when a limit is exceeded.

    ``buffer_size`` is 65536 when not given (None reads a byte at a time);
    the header limits are those of :class:`MultipartDecoder`.
    """

    def __new__(
        cls,
        boundary: bytes,
        max_form_memory_size: int | None = None,
        max_parts: int | None = None,
        buffer_size: int | None = ...,
        *,
        max_part_header_size: int | None = ...,
        max_part_header_lines: int | None = ...,
        max_outer_size: int | None = None,
    ) -> _Self: ...
    def receive_data(self, data: bytes | None) -> None: ...
    def read_size(self) -> int:
        """How many bytes to read next, at most ``buffer_size``: inside a
        file, as many as end the chunk at a multiple of the write alignment
        (the largest power of two up to ``buffer_size``, at least 64 KiB)
        when possible, so that whole chunks are written without a copy."""
    def parse(
        self,
        fields: list[tuple[str | None, str]] | dict[str | None, list[str]],
        write: _t.Callable[[bytes], object] | None = None,
    ) -> tuple[str | None, str, _PartHeaders] | None:
        """A file's data goes to ``write`` in pieces that start at multiples
        of the write alignment in the file, each chunk once the next one
        has arrived; the rest when its part ends."""
    @property
    def finished(self) -> bool:
        """Whether the closing boundary and the end of the body were read."""

# The HTTP proxy's connection to the upstream server
# (crates/rostzeug-py/src/http1.rs).

@_final
class ResponseHeadReader:
    """Collects the head of an upstream HTTP/1.x response as its bytes
    arrive, one response at a time, skipping interim (1xx) responses.

    ``feed(data, request_was_head)`` returns None until the final head is
    complete, then ``(status, reason, headers, content_length, chunked,
    keep_alive, received)``: the headers without hop-by-hop ones (and those
    the ``Connection`` header names) as title-cased ``(name, value)`` pairs,
    the body's length (0 without a body, -1 when chunked or read until
    close), whether the connection can carry another request after the
    body, and the bytes received after the head. Raises :exc:`ValueError`
    for an invalid or oversized head.
    """

    def __new__(cls) -> _Self: ...
    def feed(
        self, data: bytes, request_was_head: bool
    ) -> tuple[int, str, list[tuple[str, str]], int, bool, bool, bytes] | None: ...
    @property
    def started(self) -> bool:
        """Whether part of a head has been received."""
    def clear(self) -> None:
        """Forgets a partly received head."""

@_final
class ChunkedFraming:
    """The framing of a chunked body: chunk-size lines, the line endings
    after chunk data, and the trailer section, read incrementally.

    ``feed(data, position)`` reads framing from ``data[position:]`` and
    returns the position after it with the size of the chunk data that
    starts there: -1 when ``data`` is used up, 0 at the end of the body.
    The caller passes on that much data before feeding the bytes after it.
    Raises :exc:`ValueError` for malformed framing.
    """

    def __new__(cls) -> _Self: ...
    def feed(self, data: bytes, position: int) -> tuple[int, int]: ...

def request_head(
    method: str,
    target: str,
    environ: _WSGIEnvironment,
    skipped: _t.Container[str],
    headers: list[tuple[str, str]],
) -> bytes:
    """The request line and header section of a request: the environ's
    ``HTTP_*`` headers whose keys are not in ``skipped`` (named by
    title-casing the key), then ``headers``. Values are written as latin-1.
    Raises :exc:`ValueError` for a method or name that is not a token and a
    value with CR, LF, NUL or characters above U+00FF."""

# The reloader (crates/rostzeug-py/src/reloader.rs).

@_final
class FileWatcher:
    """Watches directories through the operating system's change
    notifications and reports the first change of a file whose path matches
    one of the ``include`` :mod:`fnmatch` patterns and none of ``exclude``.

    Trees are watched directory by directory, without entering directories
    below one of ``skip_prefixes`` or named as one of ``skip_names``;
    directories created later inside a tree are added as they appear.

    Raises :exc:`OSError` when the notification service cannot start.
    """

    def __new__(
        cls,
        include: _t.Sequence[str],
        exclude: _t.Sequence[str],
        skip_prefixes: _t.Sequence[str | _os.PathLike[str]],
        skip_names: _t.Sequence[str],
    ) -> _Self: ...
    @property
    def backend(
        self,
    ) -> _t.Literal["inotify", "fsevents", "kqueue", "windows", "poll", "other"]:
        """The notification service: ``"inotify"``, ``"fsevents"``,
        ``"kqueue"``, ``"windows"``, ``"poll"``, or ``"other"`` for one this
        version does not know."""
    def watch(self, path: str | _os.PathLike[str], recursive: bool = True) -> None:
        """Watches the directory ``path``, with the directories below it when
        ``recursive``; :exc:`OSError` if it cannot (it does not exist, or the
        system's watch limit is reached)."""
    def unwatch(self, path: str | _os.PathLike[str]) -> None:
        """Stops watching ``path`` (and what its tree covered); a directory
        whose watch is gone already is no error."""
    def watched(self) -> list[str]:
        """The directories that have a watch now."""
    def wait(self, timeout: float) -> str | None:
        """Blocks, without the GIL, until a matching change arrives and
        returns its path, or returns ``None`` after ``timeout`` seconds.
        Events the system dropped (its queue overflowed) count as a change of
        the directory it names, or of the first watched tree."""

# URL routing (crates/rostzeug-py/src/routing.rs).

_RoutingToken = str | tuple[str, str | None, str]

def tokenize_rule(rule: str) -> list[_RoutingToken]:
    """The tokens of a rule string: ``"/"`` for a slash, the text of a
    static piece, or ``(converter, arguments, name)`` for a placeholder
    (``converter`` is ``"default"`` when not written, ``arguments`` None).

    Raises :exc:`ValueError` ``malformed url rule: ...`` when the string is
    not a rule.
    """

def merge_slashes(path: str) -> str:
    """``path`` with every run of slashes replaced by one slash."""

def compile_rule(
    rule: _Rule, map: _Map, domain_rule: str, path_rule: str
) -> tuple[list[tuple[bool, str]], dict[str, _BaseConverter]]:
    """``Rule.compile``'s reading of the rule strings: the trace (static
    text, ``"/"`` and variable names, with ``"|"`` between domain and path)
    and the converters by variable name, each made as
    ``rule.get_converter`` makes it (called when a subclass overrides it).
    Adds every variable name to ``rule.arguments``.

    Raises :exc:`ValueError` for a malformed rule and :exc:`LookupError` for
    a converter the map does not have."""

@_disjoint_base
class RuleMatcher:
    """The routing state machine of a map, the base class of
    ``StateMachineMatcher``. Rules are added with their converters;
    :meth:`_match` finds the rule for a path and converts the matched
    values. The constructor takes any arguments, for subclasses, and
    ignores them."""

    merge_slashes: bool
    """Whether a failed match is tried again with runs of slashes merged."""

    def __new__(cls, *_args: object, **_kwargs: object) -> _Self: ...
    def _add_rule(self, rule: _Rule) -> None:
        """Adds a bound rule, reading its ``_domain_rule``, ``_path_rule``,
        ``_converters`` (their ``regex``, ``weight`` and ``part_isolating``),
        ``methods``, ``websocket``, ``strict_slashes`` and ``merge_slashes``.
        Built-in ``to_python`` methods are run natively.

        Raises :exc:`ValueError` when a rule string is malformed, and the
        error of ``re.compile`` when a converter's regex does not compile."""
    def _bind_rule(
        self,
        rule: _Rule,
        map: _Map,
    ) -> None:
        """``Rule.bind`` (with the settings of ``map``) and
        :meth:`_add_rule` in one step, for a rule whose class keeps
        ``Rule.bind`` and ``Rule.compile``; a build-only rule is bound and
        compiled only.

        Raises :exc:`RuntimeError` when the rule is bound already, and what
        ``Rule.compile`` and :meth:`_add_rule` raise."""
    def _add_factories(
        self,
        map: _Map,
        factories: _Iterable[_RuleFactory],
        by_endpoint: dict[_t.Any, list[_Rule]],
        add_other: _t.Callable[[_RuleFactory], object],
    ) -> None:
        """``Map.add`` for each of ``factories``: an instance of ``Rule``
        itself goes through :meth:`_bind_rule` and is appended to its
        endpoint's list in ``by_endpoint``; any other factory is passed to
        ``add_other``."""
    def _rules(self) -> list[_Rule]:
        """The rules added, in the order they were added."""
    def _update(self) -> None:
        """Orders the transitions by weight after rules were added."""
    def _match(
        self, domain: str, path: str, method: str, websocket: bool
    ) -> tuple[_Rule, dict[str, _t.Any]]:
        """The rule matching ``domain`` and ``path`` and its converted
        values with its defaults, as ``StateMachineMatcher.match``.

        Raises ``NoMatch``, ``RequestPath`` or ``RequestAliasRedirect`` from
        :mod:`rostzeug.routing.exceptions`."""

@_t.overload
def adapter_match(
    adapter: _MapAdapter,
    path_info: str | None,
    method: str | None,
    return_rule: _t.Literal[False],
    query_args: _t.Mapping[str, _t.Any] | str | None,
    websocket: bool | None,
) -> tuple[_t.Any, _t.Mapping[str, _t.Any]]: ...
@_t.overload
def adapter_match(
    adapter: _MapAdapter,
    path_info: str | None,
    method: str | None,
    return_rule: _t.Literal[True],
    query_args: _t.Mapping[str, _t.Any] | str | None,
    websocket: bool | None,
) -> tuple[_Rule, _t.Mapping[str, _t.Any]]: ...
@_t.overload
def adapter_match(
    adapter: _MapAdapter,
    path_info: str | None,
    method: str | None,
    return_rule: bool,
    query_args: _t.Mapping[str, _t.Any] | str | None,
    websocket: bool | None,
) -> tuple[_t.Any, _t.Mapping[str, _t.Any]]:
    """``MapAdapter.match`` in one call for the common case; every other
    case is handed to ``adapter._match`` with the same arguments."""

def adapter_build(
    adapter: _MapAdapter,
    endpoint: _t.Any,
    values: _t.Mapping[str, _t.Any] | None,
    method: str | None,
    force_external: bool,
    append_unknown: bool,
    url_scheme: str | None,
) -> str:
    """``MapAdapter.build`` in one call for the common case; every other
    case is handed to ``adapter._build`` with the same arguments."""

def map_bind_to_environ(
    map: _Map,
    environ: _WSGIEnvironment | _Request,
    server_name: str | None,
    subdomain: str | None,
) -> _MapAdapter:
    """``Map.bind_to_environ`` in one call for a plain environ (a ``Host``
    header with a plain host name, ASCII paths, no server name given);
    every other case is handed to ``map._bind_to_environ``."""

@_disjoint_base
class MapBase:
    """The attributes of ``Map`` that the native paths read, as fields.
    The constructor takes any arguments, for subclasses, and ignores
    them."""

    _matcher: _StateMachineMatcher
    _rules_by_endpoint: dict[_t.Any, list[_Rule]]
    _remap: bool
    host_matching: bool
    redirect_defaults: bool
    sort_parameters: bool

    def __new__(cls, *_args: object, **_kwargs: object) -> _Self: ...
    def bind_to_environ(
        self,
        environ: _WSGIEnvironment | _Request,
        server_name: str | None = None,
        subdomain: str | None = None,
    ) -> _MapAdapter:
        """``Map.bind_to_environ``: plain environs natively, every other
        case by ``_bind_to_environ``."""

@_disjoint_base
class MapAdapterBase:
    """The attributes of ``MapAdapter`` that the native paths read, as
    fields. The constructor takes any arguments, for subclasses, and
    ignores them."""

    map: _Map
    server_name: str
    script_name: str
    subdomain: str | None
    url_scheme: str
    path_info: str
    default_method: str
    query_args: _t.Mapping[str, _t.Any] | str | None
    websocket: bool

    def __new__(cls, *_args: object, **_kwargs: object) -> _Self: ...
    @_t.overload
    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: _t.Literal[False] = False,
        query_args: _t.Mapping[str, _t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[_t.Any, _t.Mapping[str, _t.Any]]: ...
    @_t.overload
    def match(
        self,
        path_info: str | None = None,
        method: str | None = None,
        return_rule: _t.Literal[True] = True,
        query_args: _t.Mapping[str, _t.Any] | str | None = None,
        websocket: bool | None = None,
    ) -> tuple[_Rule, _t.Mapping[str, _t.Any]]:
        """``MapAdapter.match``: the common case natively, every other by
        ``_match``."""
    def build(
        self,
        endpoint: _t.Any,
        values: _t.Mapping[str, _t.Any] | None = None,
        method: str | None = None,
        force_external: bool = False,
        append_unknown: bool = True,
        url_scheme: str | None = None,
    ) -> str:
        """``MapAdapter.build``: the common case natively, every other by
        ``_build``."""

@_final
class RuleBuilder:
    """Builds the URLs of one rule from a template made once.

    ``converters`` holds ``(name, converter, conversion, fixed_digits)`` per
    placeholder, where ``conversion`` says how a value becomes URL text (0
    ``quote(str(value))``, 1 ``str(int)`` zero-filled, 2 ``str(value)``, 3
    by calling ``converter.to_url``); ``fixed`` holds the URL text of
    placeholders that have a default; ``default_names`` the names of all the
    rule's defaults, which are never put into the query string.
    """

    def __new__(
        cls,
        rule: _Rule,
        domain_rule: str,
        path_rule: str,
        converters: _t.Sequence[tuple[str, _BaseConverter, int, int]],
        fixed: dict[str, str],
        default_names: frozenset[str],
    ) -> _Self: ...
    def build(
        self, values: _t.Mapping[str, _t.Any], append_unknown: bool
    ) -> tuple[str, str] | None:
        """The domain part and path of the rule's URL for ``values``, with
        the other values as query string when ``append_unknown`` (through
        ``rule._encode_query_vars``); None when a converter raises
        ``ValidationError``."""
