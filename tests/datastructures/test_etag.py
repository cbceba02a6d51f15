"""ETags."""

from __future__ import annotations

import pytest

from rostzeug import datastructures as ds
from rostzeug.http import generate_etag


def test_strong_and_weak_tags() -> None:
    tags = ds.ETags(["a", "b"], ["w"])
    assert "a" in tags and "w" not in tags
    assert tags.contains_weak("w") and tags.is_weak("w") and tags.is_strong("a")
    assert tags.as_set() == {"a", "b"}
    assert tags.as_set(include_weak=True) == {"a", "b", "w"}
    assert len(tags) == 2
    assert sorted(tags) == ["a", "b"]
    assert tags
    assert not ds.ETags()


def test_star() -> None:
    star = ds.ETags(["ignored"], star_tag=True)
    assert "anything" in star
    assert star.to_header() == "*"
    assert len(star) == 0
    assert repr(star) == "<ETags '*'>"


def test_raw_tags() -> None:
    tags = ds.ETags(["a"], ["w"])
    assert tags.contains_raw('"a"')
    assert tags.contains_raw('W/"w"')
    assert not tags.contains_raw('"w"')


def test_header() -> None:
    header = ds.ETags(["a"], ["w"]).to_header()
    assert header == '"a", W/"w"'
    assert str(ds.ETags(["a"])) == '"a"'


def test_call_checks_tag_or_data() -> None:
    data = b"body"
    tags = ds.ETags([generate_etag(data)], ["w"])
    assert tags(data=data)
    assert tags(etag="w", include_weak=True)
    assert not tags(etag="w")
    # Unlike ``in``, a call does not treat "*" as a match.
    assert not ds.ETags(star_tag=True)("x")
    with pytest.raises(TypeError, match="'data' is required"):
        tags()
