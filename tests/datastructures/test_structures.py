"""The dicts and lists of rostzeug.datastructures: the MultiDict family,
immutable variants, CallbackDict and HeaderSet."""

from __future__ import annotations

import copy
import pickle
import warnings

import pytest

from rostzeug import datastructures as ds
from rostzeug.datastructures.structures import _ImmutableOrderedMultiDict
from rostzeug.datastructures.structures import _OrderedMultiDict
from rostzeug.exceptions import BadRequestKeyError

PAIRS = [("a", 1), ("b", 2), ("a", 3), ("c", 4), ("a", 5)]


def ordered(*args: object) -> _OrderedMultiDict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _OrderedMultiDict(*args)


def immutable_ordered(*args: object) -> _ImmutableOrderedMultiDict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _ImmutableOrderedMultiDict(*args)


class TestMultiDict:
    def test_is_a_dict_whose_indexing_gives_the_first_value(self) -> None:
        md = ds.MultiDict(PAIRS)
        assert isinstance(md, dict)
        assert md["a"] == 1
        assert md.getlist("a") == [1, 3, 5]
        assert dict(md) == {"a": 1, "b": 2, "c": 4}
        assert {**md} == {"a": 1, "b": 2, "c": 4}
        assert list(md) == ["a", "b", "c"]
        assert len(md) == 3

    def test_constructors(self) -> None:
        from_mapping = ds.MultiDict({"a": [1, 2], "b": (3,), "c": 4, "empty": []})
        assert list(from_mapping.items(multi=True)) == [
            ("a", 1),
            ("a", 2),
            ("b", 3),
            ("c", 4),
        ]
        assert "empty" not in from_mapping
        copied = ds.MultiDict(from_mapping)
        copied.add("a", 9)
        assert from_mapping.getlist("a") == [1, 2]
        assert ds.MultiDict().to_dict() == {}

    def test_missing_key_is_a_bad_request_key_error(self) -> None:
        md = ds.MultiDict(PAIRS)
        with pytest.raises(BadRequestKeyError) as info:
            md["missing"]
        assert info.value.args == ("missing",)
        md.setlistdefault("empty", [])
        with pytest.raises(BadRequestKeyError):
            md["empty"]

    def test_getlist_returns_a_copy_and_converts(self) -> None:
        md = ds.MultiDict([("n", "1"), ("n", "x"), ("n", "3")])
        values = md.getlist("n")
        values.append("changed")
        assert md.getlist("n") == ["1", "x", "3"]
        assert md.getlist("n", type=int) == [1, 3]
        assert md.getlist("missing") == []
        assert md.get("n", type=int) == 1
        assert md.get("missing", "d") == "d"

    def test_get_with_failing_type_returns_default(self) -> None:
        md = ds.MultiDict([("n", "x"), ("none", None)])
        assert md.get("n", -1, type=int) == -1
        assert md.get("none", -1, type=int) == -1

    def test_set_add_setlist(self) -> None:
        md = ds.MultiDict(PAIRS)
        md["a"] = "one"
        assert md.getlist("a") == ["one"]
        md.add("a", "two")
        assert md.getlist("a") == ["one", "two"]
        source = [7, 8]
        md.setlist("b", source)
        source.clear()
        assert md.getlist("b") == [7, 8]

    def test_setdefault_and_setlistdefault(self) -> None:
        md = ds.MultiDict()
        assert md.setdefault("x", 1) == 1
        assert md.setdefault("x", 2) == 1
        stored = md.setlistdefault("y", [1])
        stored.append(2)
        assert md.getlist("y") == [1, 2]

    def test_views(self) -> None:
        md = ds.MultiDict(PAIRS)
        assert list(md.keys()) == ["a", "b", "c"]
        assert list(md.values()) == [1, 2, 4]
        assert list(md.items()) == [("a", 1), ("b", 2), ("c", 4)]
        assert list(md.lists()) == [("a", [1, 3, 5]), ("b", [2]), ("c", [4])]
        assert list(md.listvalues()) == [[1, 3, 5], [2], [4]]
        assert md.to_dict() == {"a": 1, "b": 2, "c": 4}
        assert md.to_dict(flat=False) == {"a": [1, 3, 5], "b": [2], "c": [4]}

    def test_update_adds_values(self) -> None:
        md = ds.MultiDict([("a", 1)])
        md.update(ds.MultiDict([("a", 2), ("b", 3)]))
        md.update({"a": [4, 5], "empty": []})
        md.update([("c", 6)])
        assert md.getlist("a") == [1, 2, 4, 5]
        assert "empty" not in md
        assert md["c"] == 6

    def test_or_and_ior(self) -> None:
        md = ds.MultiDict([("a", 1)])
        combined = md | {"a": 2}
        assert isinstance(combined, ds.MultiDict)
        assert combined.getlist("a") == [1, 2]
        assert md.getlist("a") == [1]
        md |= [("b", 3)]
        assert md["b"] == 3
        with pytest.raises(TypeError):
            md | [("c", 1)]  # type: ignore[operator]

    def test_pops(self) -> None:
        md = ds.MultiDict(PAIRS)
        assert md.pop("a") == 1
        assert "a" not in md
        assert md.pop("a", "default") == "default"
        with pytest.raises(BadRequestKeyError):
            md.pop("a")
        assert md.poplist("b") == [2]
        assert md.poplist("b") == []
        assert md.popitem() == ("c", 4)
        with pytest.raises(BadRequestKeyError):
            md.popitem()
        with pytest.raises(BadRequestKeyError):
            md.popitemlist()
        md.setlistdefault("empty", [])
        with pytest.raises(BadRequestKeyError):
            md.pop("empty")
        md.setlistdefault("empty", [])
        with pytest.raises(BadRequestKeyError):
            md.popitem()

    def test_repr(self) -> None:
        assert repr(ds.MultiDict([("a", 1), ("a", 2)])) == (
            "MultiDict([('a', 1), ('a', 2)])"
        )

    def test_copies(self) -> None:
        md = ds.MultiDict([("a", [1]), ("a", [2])])
        for shallow in (md.copy(), copy.copy(md)):
            assert type(shallow) is ds.MultiDict
            assert shallow == md
            assert shallow.getlist("a")[0] is md.getlist("a")[0]
            shallow.add("a", 3)
            assert len(md.getlist("a")) == 2
        for deep in (md.deepcopy(), copy.deepcopy(md)):
            assert deep.getlist("a") == [[1], [2]]
            assert deep.getlist("a")[0] is not md.getlist("a")[0]

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    @pytest.mark.parametrize(
        "cls", [ds.MultiDict, ds.ImmutableMultiDict, ds.FileMultiDict]
    )
    def test_pickle(self, cls: type[ds.MultiDict], protocol: int) -> None:
        md = cls([(b"k", 1), (b"k", 2), ("s", "v")])
        loaded = pickle.loads(pickle.dumps(md, protocol))
        assert type(loaded) is cls
        assert loaded == md
        assert list(loaded.items(multi=True)) == list(md.items(multi=True))

    def test_subclass_from_lists(self) -> None:
        class Custom(ds.MultiDict):
            pass

        for cls in (ds.MultiDict, ds.ImmutableMultiDict, ds.FileMultiDict, Custom):
            md = cls._from_lists({"a": [1, 2], "b": [3]})
            assert type(md) is cls
            assert md.getlist("a") == [1, 2]
            assert md["b"] == 3
            assert md == cls([("a", 1), ("a", 2), ("b", 3)])

    def test_combined_from_lists_wraps_one_dict(self) -> None:
        combined = ds.CombinedMultiDict._from_lists({"a": [1, 2]})
        assert type(combined) is ds.CombinedMultiDict
        assert combined.getlist("a") == [1, 2]

    def test_ordered_classes_do_not_build_from_lists(self) -> None:
        # Grouped lists have lost the order across keys these classes keep.
        assert _OrderedMultiDict._from_lists is None
        assert _ImmutableOrderedMultiDict._from_lists is None


class TestImmutable:
    @pytest.mark.parametrize(
        "make",
        [
            lambda: ds.ImmutableMultiDict([("a", 1)]),
            lambda: ds.ImmutableDict({"a": 1}),
            lambda: ds.ImmutableTypeConversionDict({"a": 1}),
            lambda: immutable_ordered([("a", 1)]),
        ],
    )
    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d.__setitem__("a", 2),
            lambda d: d.__delitem__("a"),
            lambda d: d.pop("a"),
            lambda d: d.popitem(),
            lambda d: d.setdefault("b", 1),
            lambda d: d.update({"b": 1}),
            lambda d: d.clear(),
            lambda d: d.__ior__({"b": 1}),
        ],
    )
    def test_changes_raise(self, make, change) -> None:  # type: ignore[no-untyped-def]
        d = make()
        with pytest.raises(TypeError, match="immutable"):
            change(d)
        assert d["a"] == 1

    @pytest.mark.parametrize(
        "change",
        [
            lambda d: d.add("a", 2),
            lambda d: d.setlist("a", [2]),
            lambda d: d.setlistdefault("b", [2]),
            lambda d: d.poplist("a"),
            lambda d: d.popitemlist(),
        ],
    )
    def test_multidict_changes_raise(self, change) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(TypeError):
            change(ds.ImmutableMultiDict([("a", 1)]))

    def test_hash_follows_content(self) -> None:
        a = ds.ImmutableMultiDict([("a", 1), ("a", 2)])
        b = ds.ImmutableMultiDict([("a", 1), ("a", 2)])
        c = ds.ImmutableMultiDict([("a", 1)])
        assert hash(a) == hash(b)
        assert {a, b, c} == {a, c}
        assert hash(ds.ImmutableDict(x=1)) == hash(ds.ImmutableDict(x=1))

    def test_copies_are_mutable_but_copy_copy_is_identity(self) -> None:
        cases = [
            (ds.ImmutableMultiDict([("a", 1)]), ds.MultiDict),
            (ds.ImmutableDict(a=1), dict),
            (ds.ImmutableTypeConversionDict(a=1), ds.TypeConversionDict),
        ]
        for immutable, mutable_type in cases:
            mutable = immutable.copy()
            assert type(mutable) is mutable_type
            mutable["b"] = 2
            assert "b" not in immutable
            assert copy.copy(immutable) is immutable

    def test_reprs(self) -> None:
        assert repr(ds.ImmutableDict(a=1)) == "ImmutableDict({'a': 1})"
        assert repr(ds.ImmutableList([1, 2])) == "ImmutableList([1, 2])"
        assert repr(ds.ImmutableMultiDict([("a", 1)])) == (
            "ImmutableMultiDict([('a', 1)])"
        )

    def test_fromkeys(self) -> None:
        d = ds.ImmutableDict.fromkeys(["a", "b"], 0)
        assert type(d) is ds.ImmutableDict
        assert d == {"a": 0, "b": 0}

    @pytest.mark.parametrize(
        "value",
        [
            ds.ImmutableDict(a=1),
            ds.ImmutableMultiDict([("a", 1), ("a", 2)]),
            ds.ImmutableList([1, 2]),
            ds.ImmutableTypeConversionDict(a=1),
        ],
    )
    def test_pickle(self, value: object) -> None:
        loaded = pickle.loads(pickle.dumps(value))
        assert type(loaded) is type(value)
        assert loaded == value

    def test_immutable_list(self) -> None:
        items = ds.ImmutableList([1, 2, 3])
        assert hash(items) == hash((1, 2, 3))
        for change in (
            lambda: items.append(4),
            lambda: items.extend([4]),
            lambda: items.insert(0, 4),
            lambda: items.pop(),
            lambda: items.remove(1),
            lambda: items.reverse(),
            lambda: items.sort(),
            lambda: items.__setitem__(0, 4),
            lambda: items.__delitem__(0),
            lambda: items.__iadd__([4]),
            lambda: items.__imul__(2),
        ):
            with pytest.raises(TypeError):
                change()
        assert items == [1, 2, 3]


class TestOrderedMultiDict:
    def test_deprecated_names_warn(self) -> None:
        for module in (ds, ds.structures):
            with pytest.warns(DeprecationWarning, match="'OrderedMultiDict'"):
                assert module.OrderedMultiDict is _OrderedMultiDict
            with pytest.warns(DeprecationWarning, match="OrderedMultiDict"):
                assert module.ImmutableOrderedMultiDict is _ImmutableOrderedMultiDict
        with pytest.warns(DeprecationWarning):
            _OrderedMultiDict()
        with pytest.raises(AttributeError):
            ds.NoSuchName  # noqa: B018

    def test_keeps_order_across_keys(self) -> None:
        omd = ordered(PAIRS)
        assert list(omd.items(multi=True)) == PAIRS
        assert list(omd.items()) == [("a", 1), ("b", 2), ("c", 4)]
        assert list(omd) == ["a", "b", "c"]
        assert list(omd.values()) == [1, 2, 4]
        assert list(omd.lists()) == [("a", [1, 3, 5]), ("b", [2]), ("c", [4])]
        assert omd.getlist("a", type=str) == ["1", "3", "5"]
        omd["b"] = 9
        assert list(omd.items(multi=True))[-1] == ("b", 9)
        del omd["a"]
        assert list(omd.items(multi=True)) == [("c", 4), ("b", 9)]

    def test_equality(self) -> None:
        assert ordered([("a", 1), ("b", 2)]) != ordered([("b", 2), ("a", 1)])
        assert ordered([("a", 1), ("b", 2)]) == ds.MultiDict([("b", 2), ("a", 1)])
        with pytest.raises(TypeError):
            hash(ordered())

    def test_pops_unlink_values(self) -> None:
        omd = ordered(PAIRS)
        assert omd.pop("b") == 2
        assert omd.poplist("c") == [4]
        assert omd.popitemlist() == ("a", [1, 3, 5])
        assert list(omd.items(multi=True)) == []
        with pytest.raises(BadRequestKeyError):
            omd.popitem()
        with pytest.raises(TypeError):
            omd.setlistdefault("x")

    def test_clear_forgets_the_order(self) -> None:
        omd = ordered(PAIRS)
        omd.clear()
        assert list(omd.items(multi=True)) == []
        omd.add("z", 1)
        assert list(omd.items(multi=True)) == [("z", 1)]

    def test_pickle_and_copy_keep_order(self) -> None:
        omd = ordered([("b", 1), ("a", 2), ("b", 3)])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            loaded = pickle.loads(pickle.dumps(omd))
            copied = copy.copy(omd)
        assert list(loaded.items(multi=True)) == [("b", 1), ("a", 2), ("b", 3)]
        assert list(copied.items(multi=True)) == [("b", 1), ("a", 2), ("b", 3)]

    def test_immutable_hash_depends_on_order(self) -> None:
        a = immutable_ordered([("a", 1), ("b", 1), ("a", 2)])
        b = immutable_ordered([("a", 1), ("a", 2), ("b", 1)])
        assert hash(a) != hash(b)
        assert hash(a) == hash(immutable_ordered([("a", 1), ("b", 1), ("a", 2)]))
        with pytest.raises(TypeError):
            a.add("c", 1)


class TestCombinedMultiDict:
    def make(self) -> ds.CombinedMultiDict:
        first = ds.MultiDict([("a", "1"), ("b", "x")])
        second = ds.MultiDict([("a", "2"), ("c", "3")])
        return ds.CombinedMultiDict([first, second])

    def test_reads_search_the_dicts_in_order(self) -> None:
        combined = self.make()
        assert combined["a"] == "1"
        assert combined["c"] == "3"
        assert combined.getlist("a") == ["1", "2"]
        assert combined.getlist("a", type=int) == [1, 2]
        assert combined.get("b", type=int) is None
        assert combined.get("a", type=int) == 1
        assert "c" in combined and "z" not in combined
        assert len(combined) == 3
        assert sorted(combined) == ["a", "b", "c"]
        assert sorted(combined.items()) == [("a", "1"), ("b", "x"), ("c", "3")]
        assert sorted(combined.items(multi=True)) == [
            ("a", "1"),
            ("a", "2"),
            ("b", "x"),
            ("c", "3"),
        ]
        assert dict(combined.lists()) == {"a": ["1", "2"], "b": ["x"], "c": ["3"]}
        assert combined.to_dict(flat=False)["a"] == ["1", "2"]
        with pytest.raises(BadRequestKeyError):
            combined["z"]

    def test_follows_changes_and_copies_are_mutable(self) -> None:
        combined = self.make()
        combined.dicts[1].add("d", "4")
        assert combined["d"] == "4"
        copied = combined.copy()
        assert type(copied) is ds.MultiDict
        copied["z"] = "new"
        assert "z" not in combined
        with pytest.raises(TypeError):
            combined["z"] = "x"
        with pytest.raises(TypeError):
            ds.CombinedMultiDict.fromkeys(["a"])

    def test_repr_and_pickle(self) -> None:
        combined = self.make()
        assert repr(combined).startswith("CombinedMultiDict([MultiDict(")
        loaded = pickle.loads(pickle.dumps(combined))
        assert type(loaded) is ds.CombinedMultiDict
        assert loaded.getlist("a") == ["1", "2"]


class TestTypeConversionDict:
    def test_get(self) -> None:
        d = ds.TypeConversionDict(n="1", bad="x")
        assert d.get("n", type=int) == 1
        assert d.get("bad", 0, type=int) == 0
        assert d.get("missing", 5) == 5

    def test_other_errors_propagate(self) -> None:
        d = ds.TypeConversionDict(n="1")
        with pytest.raises(KeyError):
            d.get("n", type=lambda value: {}[value])


class TestCallbackDict:
    def test_calls_on_each_change_only(self) -> None:
        calls: list[object] = []
        d = ds.CallbackDict({"a": 1, "b": 2}, calls.append)
        d["a"]
        d.get("a")
        d.pop("missing", None)
        d.setdefault("a", 5)
        d.copy()
        assert calls == []
        d["c"] = 3
        del d["c"]
        d.pop("a")
        d.setdefault("x", 1)
        d.update(y=2)
        d.update()
        d |= {"z": 3}
        d.popitem()
        d.clear()
        assert len(calls) == 9
        assert all(call is d for call in calls)
        with pytest.raises(KeyError):
            d.pop("missing")
        assert len(calls) == 9
        assert repr(ds.CallbackDict({"a": 1})) == "<CallbackDict {'a': 1}>"


class TestHeaderSet:
    def test_case_insensitive_set_that_keeps_casing(self) -> None:
        calls: list[object] = []
        hs = ds.HeaderSet(["Accept", "Cookie"], on_update=calls.append)
        assert "accept" in hs and 42 not in hs
        hs.add("ACCEPT")
        assert calls == []
        hs.add("Origin")
        assert list(hs) == ["Accept", "Cookie", "Origin"]
        assert hs.find("COOKIE") == 1 and hs.find("x") == -1
        assert hs.index("origin") == 2
        with pytest.raises(IndexError):
            hs.index("x")
        assert hs.as_set() == {"accept", "cookie", "origin"}
        assert hs.as_set(preserve_casing=True) == {"Accept", "Cookie", "Origin"}
        assert len(calls) == 1
        assert repr(hs) == "HeaderSet(['Accept', 'Cookie', 'Origin'])"

    def test_remove_with_other_casing_keeps_list_and_set_in_step(self) -> None:
        hs = ds.HeaderSet(["Accept", "Cookie"])
        hs.remove("ACCEPT")
        assert list(hs) == ["Cookie"]
        assert len(hs) == 1
        with pytest.raises(KeyError):
            hs.remove("accept")
        hs.discard("accept")

    def test_item_access(self) -> None:
        hs = ds.HeaderSet(["a", "b"])
        hs[0] = "C"
        assert "c" in hs and "a" not in hs
        del hs[1]
        assert list(hs) == ["C"]
        hs.clear()
        assert not hs

    def test_to_header(self) -> None:
        hs = ds.HeaderSet(["gzip", "needs quoting"])
        assert hs.to_header() == 'gzip, "needs quoting"'
        assert str(hs) == hs.to_header()


@pytest.mark.parametrize(
    ("value", "expect"),
    [
        (
            {"a": "x", "b": ["1", "2"], "c": ("3",), "d": []},
            [("a", "x"), ("b", "1"), ("b", "2"), ("c", "3")],
        ),
        (ds.MultiDict([("a", 1), ("a", 2)]), [("a", 1), ("a", 2)]),
        ([("a", b"x"), ("a", "y")], [("a", b"x"), ("a", "y")]),
        ({"a": b"ab"}, [("a", b"ab")]),
    ],
)
def test_iter_multi_items(value: object, expect: list[tuple[object, object]]) -> None:
    assert list(ds.iter_multi_items(value)) == expect  # type: ignore[arg-type]
