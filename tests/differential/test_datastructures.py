"""Random sequences of MultiDict and Headers operations, applied to a
rostzeug and a Werkzeug object side by side: every result and the state
after every step must match."""

from __future__ import annotations

import copy
import typing as t

import werkzeug.datastructures as wds
from hypothesis import given
from hypothesis import strategies as st

import rostzeug.datastructures as rds

from .compare import plain
from .compare import same
from .deliberate import deliberate

key = st.sampled_from(
    ["a", "b", "A", "Content-Type", "content-type", "x-y", "", "\u00e9"]
)
text_value = st.one_of(
    st.sampled_from(["1", "2", "x", "", " 42 ", "-3", "a\nb", "a\rb", "\u00e9", "1.5"]),
    st.integers(-3, 3),
)


class Other(t.NamedTuple):
    """An argument that is itself a datastructure: built per library."""

    kind: str
    items: list[tuple[str, t.Any]]


def build(arg: t.Any, lib: t.Any) -> t.Any:
    if isinstance(arg, Other):
        if arg.kind == "dict":
            return dict(arg.items)
        if arg.kind == "list":
            return list(arg.items)
        return getattr(lib, arg.kind)(arg.items)
    if isinstance(arg, tuple):
        return tuple(build(a, lib) for a in arg)
    return arg


def other(kinds: list[str]) -> st.SearchStrategy[Other]:
    return st.builds(
        Other, st.sampled_from(kinds), st.lists(st.tuples(key, text_value), max_size=3)
    )


def apply(
    ops: list[tuple[str, tuple[t.Any, ...], dict[str, t.Any]]],
    ours: t.Any,
    theirs: t.Any,
) -> None:
    for name, args, kwargs in ops:
        before = plain(ours)
        # Building an argument may raise too, as a Headers with a newline.
        result = same(
            lambda: getattr(ours, name)(*build(args, rds), **kwargs),  # noqa: B023
            lambda: getattr(theirs, name)(*build(args, wds), **kwargs),  # noqa: B023
        )
        if result == ("raised", "ValueError") and plain(ours) != plain(theirs):
            # Werkzeug stores the values before the bad one; rostzeug
            # changes nothing. The states differ from here on: stop.
            deliberate("headers-unchanged-on-invalid-value")
            assert plain(ours) == before
            return
        assert plain(ours) == plain(theirs), f"state differs after {name}{args}"
    same(
        lambda: str(ours) if isinstance(ours, rds.Headers) else None,
        lambda: str(theirs) if isinstance(theirs, wds.Headers) else None,
    )
    same(lambda: plain(copy.deepcopy(ours)), lambda: plain(copy.deepcopy(theirs)))
    same(lambda: plain(ours.copy()), lambda: plain(theirs.copy()))


def op(
    name: str, *args: st.SearchStrategy[t.Any], **kwargs: st.SearchStrategy[t.Any]
) -> st.SearchStrategy[t.Any]:
    return st.tuples(st.just(name), st.tuples(*args), st.fixed_dictionaries(kwargs))


conv = st.sampled_from([int, str, float])

multidict_ops = st.one_of(
    op("__setitem__", key, text_value),
    op("__getitem__", key),
    op("__delitem__", key),
    op("__contains__", key),
    op("__len__"),
    op("add", key, text_value),
    op("get", key),
    op("get", key, text_value, conv),
    op("getlist", key),
    op("getlist", key, conv),
    op("setlist", key, st.lists(text_value, max_size=3)),
    op("setdefault", key, text_value),
    op("setlistdefault", key, st.lists(text_value, max_size=2)),
    op("pop", key),
    op("pop", key, text_value),
    op("poplist", key),
    op("popitem"),
    op("popitemlist"),
    op("update", other(["MultiDict", "dict", "list"])),
    op("to_dict"),
    op("to_dict", flat=st.booleans()),
    op("items", multi=st.booleans()),
    op("keys"),
    op("values"),
    op("lists"),
    op("listvalues"),
    op("clear"),
    op("__iter__"),
    op("__eq__", other(["MultiDict", "dict"])),
)


@given(
    st.lists(st.tuples(key, text_value), max_size=4),
    st.lists(multidict_ops, max_size=12),
)
def test_multidict_operations(initial, ops):
    apply(ops, rds.MultiDict(initial), wds.MultiDict(initial))


immutable_ops = st.one_of(
    multidict_ops,
    op("__hash__"),
)


@given(
    st.sampled_from(["ImmutableMultiDict", "CombinedMultiDict"]),
    st.lists(st.tuples(key, text_value), max_size=4),
    st.lists(st.tuples(key, text_value), max_size=4),
    st.lists(immutable_ops, max_size=8),
)
def test_immutable_multidict_operations(kind, first, second, ops):
    if kind == "CombinedMultiDict":
        ours = rds.CombinedMultiDict([rds.MultiDict(first), rds.MultiDict(second)])
        theirs = wds.CombinedMultiDict([wds.MultiDict(first), wds.MultiDict(second)])
    else:
        ours, theirs = rds.ImmutableMultiDict(first), wds.ImmutableMultiDict(first)
    apply(ops, ours, theirs)


index = st.integers(-4, 4)
a_slice = st.builds(
    slice,
    st.one_of(st.none(), index),
    st.one_of(st.none(), index),
    st.sampled_from([None, 1, 2, -1]),
)
header_value = st.one_of(
    text_value, st.sampled_from(["text/html; charset=utf-8", "a\x00b", "\u2603"])
)
header_pair = st.tuples(key, header_value)
header_kwargs = st.dictionaries(
    st.sampled_from(["charset", "filename", "q", "name_x"]),
    st.one_of(st.none(), st.sampled_from(["utf-8", "a b", "\u00e9.txt", "x"])),
    max_size=2,
)

headers_ops = st.one_of(
    op("__getitem__", st.one_of(key, index, a_slice)),
    op("__setitem__", key, header_value),
    op("__setitem__", index, header_pair),
    op("__setitem__", a_slice, st.lists(header_pair, max_size=2)),
    op("__delitem__", st.one_of(key, index, a_slice)),
    op("__contains__", key),
    op("__len__"),
    op("__iter__"),
    op("__eq__", other(["Headers"])),
    st.tuples(st.just("add"), st.tuples(key, header_value), header_kwargs),
    st.tuples(st.just("set"), st.tuples(key, header_value), header_kwargs),
    op("add_header", key, header_value),
    op("setdefault", key, header_value),
    op("setlist", key, st.lists(header_value, max_size=2)),
    op("setlistdefault", key, st.lists(header_value, max_size=2)),
    op("get", key),
    op("get", key, text_value, conv),
    op("getlist", key),
    op("getlist", key, conv),
    op("get_all", key),
    op("remove", key),
    op("pop"),
    op("pop", st.one_of(key, index)),
    op("pop", key, text_value),
    op("popitem"),
    op("extend", other(["Headers", "MultiDict", "dict", "list"])),
    op("update", other(["Headers", "MultiDict", "dict", "list"])),
    op("items", lower=st.booleans()),
    op("keys", lower=st.booleans()),
    op("values"),
    op("to_wsgi_list"),
    op("clear"),
    op("__str__"),
)


@given(
    st.lists(
        header_pair.filter(lambda p: "\n" not in str(p[1]) and "\r" not in str(p[1])),
        max_size=4,
    ),
    st.lists(headers_ops, max_size=12),
)
def test_headers_operations(initial, ops):
    apply(ops, rds.Headers(initial), wds.Headers(initial))


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "CONTENT_TYPE",
                "CONTENT_LENGTH",
                "HTTP_HOST",
                "HTTP_X_Y",
                "HTTP_",
                "SERVER_NAME",
            ]
        ),
        st.sampled_from(["a", "", "1", "\u00e9"]),
        max_size=5,
    ),
    st.lists(
        st.sampled_from(
            [
                op("__getitem__", key),
                op("get", key),
                op("__contains__", key),
                op("__len__"),
                op("__iter__"),
                op("keys"),
                op("items"),
                op("to_wsgi_list"),
                op("__setitem__", key, text_value),
                op("add", key, text_value),
            ]
        ).flatmap(lambda s: s),
        max_size=6,
    ),
)
def test_environ_headers_operations(environ, ops):
    apply(ops, rds.EnvironHeaders(dict(environ)), wds.EnvironHeaders(dict(environ)))
