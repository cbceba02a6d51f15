"""Bugs in routing code."""

from __future__ import annotations

from rostzeug.routing import BaseConverter
from rostzeug.routing import Map
from rostzeug.routing import Rule


class YearConverter(BaseConverter):
    regex = r"\d{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    # A converter's URL part is a str.
    def to_url(self, value: int) -> bytes:  # expect: override reportIncompatibleMethodOverride
        return str(value).encode()


url_map = Map([Rule("/<year:year>", endpoint="year")], converters={"year": YearConverter})


def build() -> None:
    adapter = url_map.bind("example.com")
    # ``build`` gives a str.
    url: bytes = adapter.build("year", {"year": 2024})  # expect: assignment reportAssignmentType

    # ``match`` gives a pair: the endpoint and the arguments.
    arguments: dict[str, int] = adapter.match("/2024")  # expect: assignment reportAssignmentType

    # A rule's path is a str.
    Rule(b"/bytes", endpoint="bytes")  # expect: arg-type reportArgumentType

    # Map takes rule factories, not paths.
    Map(["/a", "/b"])  # expect: list-item reportArgumentType
    print(url, arguments)
