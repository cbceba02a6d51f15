"""Converters: the typed placeholders of URL rules (``<int:id>``).

A converter has a ``regex`` that says which text a placeholder matches, a
``weight`` that orders rules whose placeholders compete for the same text,
``to_python`` that turns the matched text into a value, and ``to_url`` that
turns a value back into URL text. The built-in converters are matched and
converted by the native engine unless a subclass changes that behaviour.
"""

from __future__ import annotations

import re
import typing as t
import uuid
from urllib.parse import quote

if t.TYPE_CHECKING:
    from .map import Map

#: Characters left as they are in a path segment
#: (https://url.spec.whatwg.org/#url-path-segment-string).
_SEGMENT_SAFE = "!$&'()*+,/:;=@"


class ValidationError(ValueError):
    """Raised by a converter's :meth:`~BaseConverter.to_python` when the
    matched text is not a valid value; the URL then does not match.
    """


class BaseConverter:
    """Base of all converters.

    A subclass that sets its own ``regex`` containing a ``/`` gets
    ``part_isolating = False`` automatically (unless it sets
    ``part_isolating`` itself): such a placeholder may span several path
    segments.

    :param map: the :class:`~rostzeug.routing.Map` the rule belongs to.
    """

    #: The regular expression (Python syntax) a placeholder matches.
    regex = "[^/]+"
    #: Orders competing placeholders: a lower weight is tried first.
    weight = 100
    #: Whether the placeholder stays within one ``/``-separated segment.
    part_isolating = True

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        # An inherited regex keeps the parent's setting; a new one decides it.
        if "regex" in cls.__dict__ and "part_isolating" not in cls.__dict__:
            cls.part_isolating = "/" not in cls.regex

    def __init__(self, map: Map, *args: t.Any, **kwargs: t.Any) -> None:
        self.map = map

    def to_python(self, value: str) -> t.Any:
        """Turn the matched text into the value passed to the view."""
        return value

    def to_url(self, value: t.Any) -> str:
        """Turn a value into URL text, percent-encoding what a path segment
        cannot hold."""
        return quote(str(value), safe=_SEGMENT_SAFE)


class UnicodeConverter(BaseConverter):
    """The default converter: any text within one path segment.

    ::

        Rule("/pages/<page>")
        Rule("/<string(length=2):lang_code>")

    :param map: the :class:`~rostzeug.routing.Map`.
    :param minlength: the shortest accepted text, at least 1.
    :param maxlength: the longest accepted text, or no limit.
    :param length: an exact length, overriding the other two.
    """

    def __init__(
        self,
        map: Map,
        minlength: int = 1,
        maxlength: int | None = None,
        length: int | None = None,
    ) -> None:
        super().__init__(map)
        if length is None and minlength == 1 and maxlength is None:
            # The common ``<name>`` placeholder: no number to format.
            self.regex = "[^/]{1,}"
            return
        if length is not None:
            count = f"{{{int(length)}}}"
        else:
            upper = "" if maxlength is None else str(int(maxlength))
            count = f"{{{int(minlength)},{upper}}}"
        self.regex = f"[^/]{count}"


class AnyConverter(BaseConverter):
    """Matches exactly one of the given items, which are identifiers or
    quoted strings::

        Rule('/<any(about, help, imprint, "foo,bar"):page_name>')

    Building a URL checks the value against the items too.

    :param map: the :class:`~rostzeug.routing.Map`.
    :param items: the accepted texts, as positional arguments.
    """

    def __init__(self, map: Map, *items: str) -> None:
        super().__init__(map)
        self.items = set(items)
        self.regex = "(?:" + "|".join(re.escape(item) for item in items) + ")"

    def to_url(self, value: t.Any) -> str:
        if value in self.items:
            return str(value)
        choices = ", ".join(f"'{item}'" for item in sorted(self.items))
        raise ValueError(f"'{value}' is not one of {choices}")


class PathConverter(BaseConverter):
    """Like the default converter, but the text may contain slashes, so it
    can take the rest of a path::

        Rule("/<path:wikipage>")
        Rule("/<path:wikipage>/edit")

    :param map: the :class:`~rostzeug.routing.Map`.
    """

    part_isolating = False
    regex = "[^/].*?"
    weight = 200


class NumberConverter(BaseConverter):
    """Shared behaviour of :class:`IntegerConverter` and
    :class:`FloatConverter`.

    :internal:
    """

    weight = 50
    #: Turns the matched text, or a value to build, into a number.
    num_convert: t.Callable[[t.Any], t.Any] = int

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        if signed:
            self.regex = self.signed_regex
        super().__init__(map)
        self.fixed_digits = fixed_digits
        self.min = min
        self.max = max
        self.signed = signed

    def to_python(self, value: str) -> t.Any:
        if self.fixed_digits and len(value) != self.fixed_digits:
            raise ValidationError()
        try:
            number = self.num_convert(value)
        except ValueError as e:
            # Also the path of digit strings longer than int() accepts.
            raise ValidationError() from e
        if self.min is not None and number < self.min:
            raise ValidationError()
        if self.max is not None and number > self.max:
            raise ValidationError()
        return number

    def to_url(self, value: t.Any) -> str:
        text = str(self.num_convert(value))
        if self.fixed_digits:
            text = text.zfill(self.fixed_digits)
        return text

    @property
    def signed_regex(self) -> str:
        """The class regex with an optional leading minus sign."""
        return f"-?{self.regex}"


class IntegerConverter(NumberConverter):
    """Accepts integers::

        Rule("/page/<int:page>")
        Rule("/page/<int(signed=True):page>")

    Only unsigned values match unless ``signed`` is set.

    :param map: the :class:`~rostzeug.routing.Map`.
    :param fixed_digits: the exact number of digits in the URL, zero-padded
        when building (``4`` matches ``/0001``); 0 for any length.
    :param min: the smallest accepted value.
    :param max: the largest accepted value.
    :param signed: accept negative values too.
    """

    regex = r"\d+"


class FloatConverter(NumberConverter):
    """Accepts decimal numbers written with a point::

        Rule("/probability/<float:probability>")
        Rule("/offset/<float(signed=True):offset>")

    :param map: the :class:`~rostzeug.routing.Map`.
    :param min: the smallest accepted value.
    :param max: the largest accepted value.
    :param signed: accept negative values too.
    """

    regex = r"\d+\.\d+"
    num_convert = float

    def __init__(
        self,
        map: Map,
        min: float | None = None,
        max: float | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(map, min=min, max=max, signed=signed)  # type: ignore[arg-type]


class UUIDConverter(BaseConverter):
    """Accepts UUIDs in their hyphenated form, in either case, and gives
    :class:`uuid.UUID` values::

        Rule("/object/<uuid:identifier>")

    :param map: the :class:`~rostzeug.routing.Map`.
    """

    regex = (
        r"[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-"
        r"[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}"
    )

    def to_python(self, value: str) -> uuid.UUID:
        return uuid.UUID(value)

    def to_url(self, value: uuid.UUID) -> str:
        return str(value)


#: The converters every map knows, by the names rules use.
DEFAULT_CONVERTERS: t.Mapping[str, type[BaseConverter]] = {
    "default": UnicodeConverter,
    "string": UnicodeConverter,
    "any": AnyConverter,
    "path": PathConverter,
    "int": IntegerConverter,
    "float": FloatConverter,
    "uuid": UUIDConverter,
}
