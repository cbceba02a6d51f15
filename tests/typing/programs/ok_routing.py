"""URL routing with a custom converter."""

from __future__ import annotations

from typing import Any
from typing import assert_type

from rostzeug.exceptions import HTTPException
from rostzeug.routing import BaseConverter
from rostzeug.routing import Map
from rostzeug.routing import MapAdapter
from rostzeug.routing import Rule
from rostzeug.routing import Submount
from rostzeug.test import EnvironBuilder
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


class ListConverter(BaseConverter):
    """Matches comma-separated values."""

    regex = r"[^/]+(?:,[^/]+)*"

    def to_python(self, value: str) -> list[str]:
        return value.split(",")

    def to_url(self, value: list[str]) -> str:
        quote = super().to_url
        return ",".join(quote(item) for item in value)


url_map = Map(
    [
        Rule("/", endpoint="index"),
        Rule("/user/<int:user_id>", endpoint="user", methods=["GET", "POST"]),
        Rule("/tags/<list:tags>", endpoint="tags"),
        Submount("/api", [Rule("/items/<uuid:item>", endpoint="item")]),
    ],
    converters={"list": ListConverter},
    strict_slashes=False,
)


def dispatch(request: Request) -> Response:
    adapter = url_map.bind_to_environ(request.environ)
    assert_type(adapter, MapAdapter)
    try:
        endpoint, values = adapter.match()
    except HTTPException as error:
        return error.get_response(request.environ)
    url = adapter.build("user", {"user_id": 1}, force_external=True)
    assert_type(url, str)
    rule, arguments = adapter.match("/user/1", return_rule=True)
    assert_type(rule, Rule)
    assert_type(rule.endpoint, Any)
    return Response(f"{endpoint} {dict(values)} {url} {rule.rule} {dict(arguments)}")


def links() -> list[str]:
    adapter = url_map.bind("example.com", "/")
    return [
        adapter.build("index"),
        adapter.build("tags", {"tags": ["a", "b"]}),
        adapter.build("user", {"user_id": 2}, method="POST"),
    ]


def smoke() -> None:
    assert links() == ["/", "/tags/a,b", "/user/2"]
    request = Request(EnvironBuilder(path="/user/7").get_environ())
    text = dispatch(request).get_data(as_text=True)
    assert text.startswith("user {'user_id': 7} http://localhost/user/1"), text
    request = Request(EnvironBuilder(path="/nowhere").get_environ())
    assert dispatch(request).status_code == 404
