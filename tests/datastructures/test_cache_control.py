"""RequestCacheControl and ResponseCacheControl."""

from __future__ import annotations

import pytest

from rostzeug import datastructures as ds


class TestRequestCacheControl:
    def test_typed_properties(self) -> None:
        cc = ds.RequestCacheControl(
            [("max-age", "10"), ("no-cache", None), ("max-stale", None)]
        )
        assert cc.max_age == 10
        assert cc.no_cache is True
        assert cc.max_stale is True
        assert cc.min_fresh is None
        assert cc.only_if_cached is False
        assert cc.no_store is False
        assert cc.provided

    def test_invalid_number_reads_as_none(self) -> None:
        assert ds.RequestCacheControl([("max-age", "ten")]).max_age is None
        assert ds.RequestCacheControl([("min-fresh", None)]).min_fresh is None

    def test_is_read_only(self) -> None:
        cc = ds.RequestCacheControl([("max-age", "1")])
        with pytest.raises(TypeError):
            cc.max_age = 5
        with pytest.raises(TypeError):
            cc["x"] = "1"

    def test_repr_and_not_provided(self) -> None:
        cc = ds.RequestCacheControl([("max-age", "0"), ("private", "True")])
        assert repr(cc) == "<RequestCacheControl max-age='0' private='True'>"
        assert not ds.RequestCacheControl(None).provided


class TestResponseCacheControl:
    def test_setting_properties_stores_strings_and_reports(self) -> None:
        calls: list[object] = []
        cc = ds.ResponseCacheControl(on_update=calls.append)
        cc.max_age = 60  # type: ignore[assignment]
        assert cc["max-age"] == "60"
        assert cc.max_age == 60
        cc.public = True
        assert "public" in cc and cc["public"] is None
        cc.public = False
        assert "public" not in cc
        cc.no_cache = True
        assert cc.no_cache is True
        cc.no_cache = "Set-Cookie"
        assert cc.no_cache == "Set-Cookie"
        cc.no_cache = False
        assert cc.no_cache is None
        cc.s_maxage = "5"  # type: ignore[assignment]
        del cc.s_maxage
        assert cc.s_maxage is None
        assert len(calls) == 8
        with pytest.raises(ValueError):
            cc.max_age = "soon"  # type: ignore[assignment]

    def test_newer_directives(self) -> None:
        cc = ds.ResponseCacheControl(
            [
                ("must-understand", None),
                ("stale-while-revalidate", "3"),
                ("stale-if-error", "4"),
                ("immutable", None),
            ]
        )
        assert cc.must_understand is True
        assert cc.stale_while_revalidate == 3
        assert cc.stale_if_error == 4
        assert cc.immutable is True

    def test_to_header(self) -> None:
        cc = ds.ResponseCacheControl()
        cc.public = True
        cc.max_age = 30  # type: ignore[assignment]
        assert cc.to_header() == "public, max-age=30"
        assert str(cc) == cc.to_header()

    def test_property_docs(self) -> None:
        assert "max-age" in (ds.ResponseCacheControl.max_age.__doc__ or "")
        doc = ds.ResponseCacheControl.cache_property("x", None, bool).__doc__
        assert "``x``" in doc
