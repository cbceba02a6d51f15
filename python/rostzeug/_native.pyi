"""Type stubs of the native module built from ``crates/rostzeug-py``."""

def parse_query_pairs(data: bytes, /) -> list[tuple[str, str]]:
    """Parses a query string into ``(name, value)`` pairs, in order.

    Raises :exc:`UnicodeDecodeError` when ``data`` is not UTF-8.
    """

def parse_query_lists(data: bytes, /) -> dict[str, list[str]]:
    """Parses a query string into a dict of each name's values, in order."""
