"""The type parameters of the datastructures at runtime: subscripting the
generic classes, subclassing a subscripted class, and the methods the
read-only mixins declare for type checkers against those they install."""

from __future__ import annotations

import ast
import inspect
import typing as t

import pytest

from rostzeug import datastructures as ds
from rostzeug.datastructures import mixins

# Classes generic in a key and a value type.
KEY_VALUE_CLASSES = [
    ds.TypeConversionDict,
    ds.ImmutableTypeConversionDict,
    ds.MultiDict,
    ds.ImmutableMultiDict,
    ds.CombinedMultiDict,
    ds.ImmutableDict,
    ds.CallbackDict,
    ds.ImmutableDictMixin,
    ds.ImmutableMultiDictMixin,
    ds.UpdateDictMixin,
]


@pytest.mark.parametrize("cls", KEY_VALUE_CLASSES, ids=lambda cls: cls.__name__)
def test_key_value_classes_take_two_type_arguments(cls: type) -> None:
    alias = cls[str, int]  # type: ignore[index]
    assert t.get_origin(alias) is cls
    assert t.get_args(alias) == (str, int)


def test_immutable_list_takes_an_item_type() -> None:
    alias = ds.ImmutableList[int]
    assert t.get_origin(alias) is ds.ImmutableList
    assert alias([1, 2]) == [1, 2]


@pytest.mark.parametrize(
    "cls",
    [ds.MultiDict, ds.ImmutableMultiDict, ds.TypeConversionDict, ds.ImmutableDict],
    ids=lambda cls: cls.__name__,
)
def test_a_subscripted_class_builds_instances_of_the_class(cls: type) -> None:
    made = cls[str, int]([("a", 1)])  # type: ignore[index]
    assert type(made) is cls
    assert made["a"] == 1


def test_multidict_of_str_keeps_its_behaviour() -> None:
    md = ds.MultiDict[str, str]([("a", "1"), ("a", "x"), ("b", "2")])
    assert md.getlist("a", type=int) == [1]
    assert md.get("a", type=int) == 1
    assert md.get("b", -1, type=int) == 2
    assert md.to_dict(flat=False) == {"a": ["1", "x"], "b": ["2"]}


def test_subclasses_of_subscripted_classes_are_plain_subclasses() -> None:
    class Form(ds.MultiDict[str, str]):
        pass

    class ReadOnlyForm(ds.ImmutableMultiDict[str, str]):
        pass

    form = Form([("a", "b"), ("a", "c")])
    assert form.getlist("a") == ["b", "c"]
    assert Form.__mro__[1] is ds.MultiDict

    read_only = ReadOnlyForm([("a", "b")])
    assert read_only["a"] == "b"
    assert hash(read_only) == hash(ReadOnlyForm([("a", "b")]))
    with pytest.raises(TypeError, match="immutable"):
        read_only.add("a", "c")


def _declared_for_type_checkers(cls: type) -> set[str]:
    """The methods in the ``if t.TYPE_CHECKING:`` block of a mixin's body."""
    tree = ast.parse(inspect.getsource(mixins))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == cls.__name__:
            return {
                stmt.name
                for block in node.body
                if isinstance(block, ast.If)
                and ast.unparse(block.test) == "t.TYPE_CHECKING"
                for stmt in block.body
                if isinstance(stmt, ast.FunctionDef)
            }
    raise AssertionError(f"{cls.__name__} not found in {mixins.__file__}")


@pytest.mark.parametrize(
    ("cls", "refused"),
    [
        (ds.ImmutableListMixin, mixins._LIST_CHANGES),
        (ds.ImmutableDictMixin, mixins._DICT_CHANGES),
        (ds.ImmutableMultiDictMixin, mixins._MULTIDICT_CHANGES),
        (ds.ImmutableHeadersMixin, mixins._HEADERS_CHANGES),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_mixins_declare_the_methods_they_refuse(cls: type, refused: list[str]) -> None:
    # The class decorator installs the refusing methods at runtime; the
    # declarations are what type checkers see in their place.
    assert _declared_for_type_checkers(cls) == set(refused)
    for name in refused:
        method = cls.__dict__[name]
        assert method.__qualname__ == f"{cls.__qualname__}.{name}"
