"""Headers and EnvironHeaders: lookups, changes, the newline guard, and the
lookup index staying right whatever changes the list."""

from __future__ import annotations

import copy
import pickle
import random

import pytest

from rostzeug import datastructures as ds
from rostzeug.exceptions import BadRequestKeyError

NEWLINES = ["a\nb", "a\r\nb", "a\rb", "\n", "trailing\r"]


def sample() -> ds.Headers:
    return ds.Headers(
        [
            ("Content-Type", "text/plain"),
            ("X-Multi", "1"),
            ("Set-Cookie", "a=1"),
            ("x-multi", "2"),
            ("Set-Cookie", "b=2"),
        ]
    )


class TestHeaders:
    def test_lookups_ignore_case(self) -> None:
        h = sample()
        assert h["content-type"] == h["CONTENT-TYPE"] == "text/plain"
        assert h.get("X-MULTI") == "1"
        assert h.getlist("x-Multi") == ["1", "2"]
        assert h.get_all("set-cookie") == ["a=1", "b=2"]
        assert "SET-COOKIE" in h
        assert "missing" not in h
        assert 42 not in h
        assert h.get("missing") is None
        assert h.get("missing", "d") == "d"
        assert h.getlist("missing") == []

    def test_missing_key_is_a_bad_request_key_error(self) -> None:
        with pytest.raises(BadRequestKeyError) as info:
            sample()["missing"]
        assert info.value.args == ("missing",)

    def test_type_conversion_skips_value_errors_only(self) -> None:
        h = ds.Headers([("N", "1"), ("N", "x"), ("N", "3")])
        assert h.get("n", type=int) == 1
        assert h.getlist("n", type=int) == [1, 3]
        assert ds.Headers([("N", "x")]).get("n", -1, type=int) == -1
        with pytest.raises(KeyError):
            h.get("n", type=lambda value: {}[value])

    def test_getlist_returns_a_copy(self) -> None:
        h = sample()
        values = h.getlist("x-multi")
        values.append("3")
        assert h.getlist("x-multi") == ["1", "2"]

    def test_int_and_slice_indexing(self) -> None:
        h = sample()
        assert h[0] == ("Content-Type", "text/plain")
        assert h[-1] == ("Set-Cookie", "b=2")
        part = h[1:3]
        assert type(part) is ds.Headers
        assert list(part) == [("X-Multi", "1"), ("Set-Cookie", "a=1")]
        h[0] = ("Content-Type", 5)
        assert h["content-type"] == "5"
        h[1:3] = [("A", 1)]
        assert list(h.keys()) == ["Content-Type", "A", "x-multi", "Set-Cookie"]
        del h[0]
        assert "content-type" not in h
        del h[:2]
        assert list(h) == [("Set-Cookie", "b=2")]

    def test_set_replaces_the_first_and_drops_the_rest(self) -> None:
        h = sample()
        h.set("X-MULTI", "new")
        assert list(h) == [
            ("Content-Type", "text/plain"),
            ("X-MULTI", "new"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ]
        h.set("New", 1)
        assert h[-1] == ("New", "1")
        h["content-type"] = "text/html"
        assert h[0] == ("content-type", "text/html")
        assert len(h) == 5

    def test_set_on_short_lists_matches_lower_case_comparison(self) -> None:
        # The short-list path compares ASCII keys byte-wise; keys that
        # str.lower() folds onto ASCII (the Kelvin sign onto "k") must still
        # match as they do in the generic path.
        h = ds.Headers([("\u212aey", "a"), ("Other", "b"), ("KEY", "c")])
        h.set("key", "new")
        assert list(h) == [("key", "new"), ("Other", "b")]
        h = ds.Headers([("A", "1"), ("a", "2"), ("B", "3"), ("a", "4")])
        h.set("A", "x")
        assert list(h) == [("A", "x"), ("B", "3")]

    def test_set_checks_values_on_short_lists(self) -> None:
        h = ds.Headers([("A", "1")])
        with pytest.raises(ValueError, match="newline"):
            h.set("A", "bad\r\nInjected: 1")
        assert list(h) == [("A", "1")]

        class Text(str):
            pass

        h.set("A", Text("sub"))
        h.set("B", 2)
        assert list(h) == [("A", "sub"), ("B", "2")]
        assert type(h["A"]) is Text

    def test_setlist_setdefault_setlistdefault(self) -> None:
        h = sample()
        h.setlist("Content-Type", ["a", "b"])
        assert h[0] == ("Content-Type", "a")
        assert h[-1] == ("Content-Type", "b")
        h.setlist("set-cookie", [])
        assert "Set-Cookie" not in h
        h.setlist("Gen", (str(i) for i in range(2)))
        assert h.getlist("gen") == ["0", "1"]
        assert h.setdefault("gen", "x") == "0"
        assert h.setdefault("Fresh", 7) == "7"
        assert h.setlistdefault("gen", ["x"]) == ["0", "1"]
        assert h.setlistdefault("Other", ["x", "y"]) == ["x", "y"]

    def test_add_with_parameters(self) -> None:
        h = ds.Headers()
        h.add("Content-Disposition", "attachment", filename="a b.txt")
        assert h["content-disposition"] == 'attachment; filename="a b.txt"'
        h.add_header("X", "y", some_option="1")
        assert h["x"] == "y; some-option=1"
        h.set("X", "z", q="2")
        assert h.getlist("x") == ["z; q=2"]

    def test_remove_and_pops(self) -> None:
        h = sample()
        h.remove("SET-COOKIE")
        h.remove("missing")
        assert list(h.keys(lower=True)) == ["content-type", "x-multi", "x-multi"]
        assert h.pop("X-Multi") == "1"
        assert "x-multi" not in h
        assert h.pop("missing", None) is None
        with pytest.raises(KeyError):
            h.pop("missing")
        h.extend([("A", "1"), ("B", "2")])
        assert h.pop() == ("B", "2")
        assert h.pop(0) == ("Content-Type", "text/plain")
        assert h.popitem() == ("A", "1")
        assert not h
        h.add("C", "3")
        h.clear()
        assert list(h) == []
        del h["missing"]

    def test_extend_keeps_and_update_replaces(self) -> None:
        h = ds.Headers([("A", "0"), ("B", "1")])
        h.extend(ds.Headers([("a", "2")]), c="3")
        h.extend({"b": ["4", "5"]})
        h.extend(ds.MultiDict([("d", "6"), ("d", "7")]))
        assert h.getlist("a") == ["0", "2"]
        assert h.getlist("b") == ["1", "4", "5"]
        assert h.getlist("d") == ["6", "7"]
        h.update(ds.Headers([("A", "x"), ("A", "y")]), b="z")
        h.update({"c": ("p", "q")})
        h.update([("d", "only")])
        assert h.getlist("a") == ["x", "y"]
        assert h.getlist("b") == ["z"]
        assert h.getlist("c") == ["p", "q"]
        assert h.getlist("d") == ["only"]
        with pytest.raises(TypeError):
            h.extend({"x": "1"}, {"y": "2"})  # type: ignore[call-arg]

    def test_or_and_ior(self) -> None:
        h = ds.Headers([("A", "1")])
        joined = h | {"B": "2", "A": "3"}
        assert type(joined) is ds.Headers
        assert list(joined) == [("A", "3"), ("B", "2")]
        assert list(h) == [("A", "1")]
        h |= [("C", "4")]
        assert h["c"] == "4"
        with pytest.raises(TypeError):
            h | [("D", "5")]  # type: ignore[operator]

    def test_equality_ignores_key_case_and_order(self) -> None:
        a = ds.Headers([("X-A", "1"), ("X-B", "2")])
        b = ds.Headers([("x-b", "2"), ("x-a", "1")])
        assert a == b
        assert a != ds.Headers([("X-A", "2")])
        assert a != [("X-A", "1"), ("X-B", "2")]
        with pytest.raises(TypeError):
            hash(a)

    def test_str_repr_and_wsgi_list(self) -> None:
        h = ds.Headers([("A", "1"), ("B", 2)])
        assert str(h) == "A: 1\r\nB: 2\r\n\r\n"
        assert str(ds.Headers()) == "\r\n"
        assert repr(h) == "Headers([('A', '1'), ('B', '2')])"
        wsgi = h.to_wsgi_list()
        assert type(wsgi) is list
        assert wsgi == [("A", "1"), ("B", "2")]
        wsgi.append(("C", "3"))
        assert "c" not in h

    def test_values_become_strings(self) -> None:
        h = ds.Headers({"Int": 1, "Many": [1.5, None]})
        assert list(h) == [("Int", "1"), ("Many", "1.5"), ("Many", "None")]

    def test_copies_are_independent(self) -> None:
        h = sample()
        h["content-type"]  # the index exists and must not be shared
        for other in (h.copy(), copy.copy(h), copy.deepcopy(h)):
            assert type(other) is ds.Headers
            assert other == h
            other.add("X-Multi", "3")
            other.set("Content-Type", "changed")
            assert h.getlist("x-multi") == ["1", "2"]
            assert h["content-type"] == "text/plain"

    @pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
    def test_pickle(self, protocol: int) -> None:
        h = sample()
        h["content-type"]
        loaded = pickle.loads(pickle.dumps(h, protocol))
        assert type(loaded) is ds.Headers
        assert list(loaded) == list(h)
        assert loaded.getlist("set-cookie") == ["a=1", "b=2"]
        loaded.add("x-multi", "3")
        assert loaded.getlist("X-Multi") == ["1", "2", "3"]

    def test_subclass_keeps_its_type(self) -> None:
        class Custom(ds.Headers):
            pass

        h = Custom([("A", "1")])
        assert type(h.copy()) is Custom
        assert type(h[:1]) is Custom
        assert type(h | {"B": "2"}) is Custom
        assert h != ds.Headers([("A", "1")])


class TestNewlineGuard:
    @pytest.mark.parametrize("value", NEWLINES)
    @pytest.mark.parametrize(
        "change",
        [
            lambda h, v: h.add("X", v),
            lambda h, v: h.add_header("X", v),
            lambda h, v: h.set("X", v),
            lambda h, v: h.__setitem__("X", v),
            lambda h, v: h.__setitem__(0, ("X", v)),
            lambda h, v: h.__setitem__(slice(0, 1), [("X", v)]),
            lambda h, v: h.setlist("X", ["ok", v]),
            lambda h, v: h.setdefault("New", v),
            lambda h, v: h.extend([("A", "ok"), ("X", v)]),
            lambda h, v: h.extend({"X": v}),
            lambda h, v: h.extend(X=v),
            lambda h, v: h.update({"X": [v]}),
            lambda h, v: h.add("X", "ok", option=v),
            lambda h, v: h.set("X", "ok", option=v),
            lambda h, v: ds.Headers([("A", "ok"), ("X", v)]),
            lambda h, v: ds.Headers({"X": v}),
        ],
    )
    def test_newlines_are_rejected_and_nothing_changes(self, change, value) -> None:  # type: ignore[no-untyped-def]
        h = ds.Headers([("Keep", "1")])
        with pytest.raises(ValueError, match="newline") as info:
            change(h, value)
        assert "CR or LF" in str(info.value)
        assert list(h) == [("Keep", "1")]

    def test_other_control_characters_pass(self) -> None:
        # Werkzeug rejects CR and LF only; the server refuses the rest.
        h = ds.Headers([("X", "a\tb")])
        assert h["x"] == "a\tb"

    def test_non_string_value_is_checked_after_conversion(self) -> None:
        class Sneaky:
            def __str__(self) -> str:
                return "a\r\nInjected: 1"

        with pytest.raises(ValueError):
            ds.Headers().add("X", Sneaky())


class TestIndexConsistency:
    """The lookup index must answer like a scan of the list after any mix of
    changes, including changes made to ``_list`` directly."""

    KEYS = ["A", "a", "B", "b", "Content-Type", "content-type", "X"]

    def expected(self, pairs: list[tuple[str, str]], key: str) -> list[str]:
        return [v for k, v in pairs if k.lower() == key.lower()]

    def check(self, h: ds.Headers) -> None:
        pairs = list(h._list)
        for key in self.KEYS:
            values = self.expected(pairs, key)
            assert h.getlist(key) == values
            assert (key in h) == bool(values)
            assert h.get(key) == (values[0] if values else None)

    def test_random_operations(self) -> None:
        rng = random.Random(1234)
        h = ds.Headers()
        for step in range(3000):
            key = rng.choice(self.KEYS)
            value = str(step)
            op = rng.randrange(15)
            if op == 0:
                h.add(key, value)
            elif op == 1:
                h.set(key, value)
            elif op == 2:
                h.remove(key)
            elif op == 3:
                h.setlist(key, [value] * rng.randrange(3))
            elif op == 4:
                h.extend([(key, value), (rng.choice(self.KEYS), value)])
            elif op == 5 and h:
                del h[rng.randrange(len(h))]
            elif op == 6 and h:
                h[rng.randrange(len(h))] = (key, value)
            elif op == 7:
                h._list.append((key, value))
            elif op == 8 and h:
                h._list.remove(h._list[0])
            elif op == 9:
                h._list[:] = h._list[::-1]
            elif op == 10:
                h._list = [*h._list, (key, value)]
            elif op == 11 and h:
                h.pop(key, None)
            elif op == 12 and h:
                h.popitem()
            elif op == 13:
                h.update({key: [value, value + "'"]})
            elif op == 14:
                h._list += [(key, value)]
            if rng.random() < 0.5:
                self.check(h)
        self.check(h)

    @pytest.mark.parametrize("prefill", [0, 3, 7, 8, 20])
    def test_scanned_and_indexed_lists_agree_with_a_plain_list(
        self, prefill: int
    ) -> None:
        # Short lists are scanned and longer ones indexed: both must change
        # the pairs as the plain list operations below do.
        rng = random.Random(prefill)
        h = ds.Headers()
        model: list[tuple[str, str]] = []
        for i in range(prefill):
            pair = (f"P{i % 5}", str(i))
            h.add(*pair)
            model.append(pair)

        def matching(key: str) -> list[int]:
            return [i for i, (k, _) in enumerate(model) if k.lower() == key.lower()]

        for step in range(400):
            key = rng.choice([*self.KEYS, "P1", "p3"])
            value = str(step)
            op = rng.randrange(5)
            if op == 0:
                h.add(key, value)
                model.append((key, value))
            elif op == 1:
                h.set(key, value)
                positions = matching(key)
                if positions:
                    model[positions[0]] = (key, value)
                    for i in reversed(positions[1:]):
                        del model[i]
                else:
                    model.append((key, value))
            elif op == 2:
                h.remove(key)
                model[:] = [
                    pair for i, pair in enumerate(model) if i not in matching(key)
                ]
            elif op == 3:
                assert h.pop(key, None) == (
                    model[matching(key)[0]][1] if matching(key) else None
                )
                model[:] = [
                    pair for i, pair in enumerate(model) if i not in matching(key)
                ]
            elif op == 4 and len(model) > prefill:
                # Keep the length around where it started.
                popped = h.popitem()
                assert popped == model.pop()
            assert list(h) == model
            self.check(h)

    def test_list_is_the_pairs(self) -> None:
        h = sample()
        assert isinstance(h._list, list)
        assert h._list == list(h)
        h["content-type"]
        h._list.insert(0, ("Content-Type", "first"))
        assert h["content-type"] == "first"
        h._list.clear()
        assert "content-type" not in h


class TestEnvironHeaders:
    ENVIRON = {
        "HTTP_HOST": "example.org",
        "HTTP_X_FORWARDED_FOR": "10.0.0.1",
        "CONTENT_TYPE": "text/html",
        "CONTENT_LENGTH": "",
        "HTTP_CONTENT_TYPE": "ignored",
        "HTTP_CONTENT_LENGTH": "ignored",
        "wsgi.version": (1, 0),
    }

    def test_reads_the_environ(self) -> None:
        h = ds.EnvironHeaders(self.ENVIRON)
        assert h["Host"] == "example.org"
        assert h["x-forwarded-for"] == "10.0.0.1"
        assert h["Content-Type"] == "text/html"
        assert h.get("content-length") == ""
        assert h.get("Content-Length", type=int) is None
        assert h.get("missing", "d") == "d"
        assert "HOST" in h and "missing" not in h and 42 not in h
        assert h.getlist("x-forwarded-for") == ["10.0.0.1"]
        assert h.getlist("content-length") == []
        assert list(h) == [
            ("Host", "example.org"),
            ("X-Forwarded-For", "10.0.0.1"),
            ("Content-Type", "text/html"),
        ]
        assert len(h) == 3
        assert h.to_wsgi_list() == list(h)
        assert str(h) == (
            "Host: example.org\r\nX-Forwarded-For: 10.0.0.1\r\n"
            "Content-Type: text/html\r\n\r\n"
        )

    def test_missing_keys(self) -> None:
        h = ds.EnvironHeaders({})
        with pytest.raises(KeyError):
            h["Host"]
        with pytest.raises(BadRequestKeyError):
            h[42]  # type: ignore[index]
        assert not h

    def test_is_a_view(self) -> None:
        environ = {"HTTP_X": "1"}
        h = ds.EnvironHeaders(environ)
        environ["HTTP_Y"] = "2"
        assert h["y"] == "2"
        assert h == ds.EnvironHeaders(environ)
        assert h != ds.EnvironHeaders(dict(environ))

    @pytest.mark.parametrize(
        "change",
        [
            lambda h: h.add("X", "1"),
            lambda h: h.add_header("X", "1"),
            lambda h: h.set("X", "1"),
            lambda h: h.setlist("X", ["1"]),
            lambda h: h.setdefault("X", "1"),
            lambda h: h.setlistdefault("X", ["1"]),
            lambda h: h.extend({"X": "1"}),
            lambda h: h.update({"X": "1"}),
            lambda h: h.remove("X"),
            lambda h: h.pop("X"),
            lambda h: h.popitem(),
            lambda h: h.__setitem__("X", "1"),
            lambda h: h.__delitem__("X"),
            lambda h: h.__ior__({"X": "1"}),
            lambda h: h.insert(0, ("X", "1")),
            lambda h: h.copy(),
            lambda h: h | {"X": "1"},
        ],
    )
    def test_is_read_only(self, change) -> None:  # type: ignore[no-untyped-def]
        environ = {"HTTP_X": "0"}
        with pytest.raises(TypeError):
            change(ds.EnvironHeaders(environ))
        assert environ == {"HTTP_X": "0"}

    def test_headers_copy_the_view(self) -> None:
        h = ds.Headers(ds.EnvironHeaders({"HTTP_X_A": "1", "CONTENT_TYPE": "t"}))
        assert list(h) == [("X-A", "1"), ("Content-Type", "t")]
