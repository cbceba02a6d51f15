"""Parsing and formatting of HTTP headers and values."""

from __future__ import annotations

import typing as t

# Reason phrases as Werkzeug spells them (a few differ from http.HTTPStatus).
_STATUS_LINES = """\
100 Continue
101 Switching Protocols
102 Processing
103 Early Hints
200 OK
201 Created
202 Accepted
203 Non Authoritative Information
204 No Content
205 Reset Content
206 Partial Content
207 Multi Status
208 Already Reported
226 IM Used
300 Multiple Choices
301 Moved Permanently
302 Found
303 See Other
304 Not Modified
305 Use Proxy
306 Switch Proxy
307 Temporary Redirect
308 Permanent Redirect
400 Bad Request
401 Unauthorized
402 Payment Required
403 Forbidden
404 Not Found
405 Method Not Allowed
406 Not Acceptable
407 Proxy Authentication Required
408 Request Timeout
409 Conflict
410 Gone
411 Length Required
412 Precondition Failed
413 Request Entity Too Large
414 Request URI Too Long
415 Unsupported Media Type
416 Requested Range Not Satisfiable
417 Expectation Failed
418 I'm a teapot
421 Misdirected Request
422 Unprocessable Entity
423 Locked
424 Failed Dependency
425 Too Early
426 Upgrade Required
428 Precondition Required
429 Too Many Requests
431 Request Header Fields Too Large
449 Retry With
451 Unavailable For Legal Reasons
500 Internal Server Error
501 Not Implemented
502 Bad Gateway
503 Service Unavailable
504 Gateway Timeout
505 HTTP Version Not Supported
506 Variant Also Negotiates
507 Insufficient Storage
508 Loop Detected
510 Not Extended
511 Network Authentication Failed
"""
HTTP_STATUS_CODES: dict[int, str] = {
    int(code): reason
    for code, reason in (line.split(" ", 1) for line in _STATUS_LINES.splitlines())
}


def quote_header_value(value: t.Any, allow_token: bool = True) -> str:
    """Quotes a header value when it is not a plain token."""
    value_str = str(value)
    if not value_str:
        return '""'
    if allow_token and all(c.isalnum() or c in "!#$%&'*+-.^_`|~" for c in value_str):
        return value_str
    escaped = value_str.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def dump_options_header(header: str | None, options: t.Mapping[str, t.Any]) -> str:
    """Joins a header value and its ``key=value`` parameters with ``; ``.
    Parameters whose value is None are left out."""
    segments = [] if header is None else [header]
    for key, value in options.items():
        if value is None:
            continue
        if key[-1] == "*":
            segments.append(f"{key}={value}")
        else:
            segments.append(f"{key}={quote_header_value(value)}")
    return "; ".join(segments)
