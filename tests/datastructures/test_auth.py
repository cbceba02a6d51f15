"""Authorization and WWWAuthenticate."""

from __future__ import annotations

import copy
import pickle

from rostzeug import datastructures as ds


class TestAuthorization:
    def test_basic(self) -> None:
        auth = ds.Authorization.from_header("Basic dXNlcjpwYXNzOndvcmQ=")
        assert auth is not None
        assert auth.type == "basic"
        assert auth.username == "user"
        assert auth["password"] == "pass:word"
        assert auth.get("missing", "d") == "d"
        assert "username" in auth
        assert auth.nothing is None
        assert auth.to_header() == "Basic dXNlcjpwYXNzOndvcmQ="
        assert repr(auth) == "<Authorization Basic dXNlcjpwYXNzOndvcmQ=>"

    def test_invalid_basic_and_empty(self) -> None:
        assert ds.Authorization.from_header("Basic !!!") is None
        assert ds.Authorization.from_header("Basic /w==") is None
        assert ds.Authorization.from_header("") is None
        assert ds.Authorization.from_header(None) is None

    def test_token_and_parameters(self) -> None:
        bearer = ds.Authorization.from_header("Bearer abc.def==")
        assert bearer is not None
        assert bearer.token == "abc.def=="
        assert bearer.parameters == {}
        assert bearer.to_header() == "Bearer abc.def=="
        digest = ds.Authorization.from_header('Digest username="u", nc=1')
        assert digest is not None
        assert digest.token is None
        assert digest.parameters == {"username": "u", "nc": "1"}
        assert digest.to_header() == "Digest username=u, nc=1"

    def test_equality_copy_pickle(self) -> None:
        auth = ds.Authorization("basic", {"username": "u", "password": "p"})
        assert auth == ds.Authorization("basic", {"username": "u", "password": "p"})
        assert auth != ds.Authorization("bearer", token="t")
        for other in (
            copy.copy(auth),
            copy.deepcopy(auth),
            pickle.loads(pickle.dumps(auth)),
        ):
            assert other == auth


class TestWWWAuthenticate:
    def test_parameter_changes_report(self) -> None:
        calls: list[object] = []
        www = ds.WWWAuthenticate("Basic", {"realm": "site"})
        www._on_update = calls.append
        assert www.type == "basic"
        assert www.realm == "site"
        for change in (
            lambda: setattr(www, "realm", "other"),
            lambda: www.__setitem__("charset", "UTF-8"),
            lambda: www.parameters.__setitem__("x", "y"),
            lambda: delattr(www, "x"),
            lambda: setattr(www, "charset", None),
        ):
            before = len(calls)
            change()
            assert len(calls) > before
        assert www.parameters == {"realm": "other"}
        assert "realm" in www and www.get("missing", "d") == "d"
        del www.missing
        assert www.missing is None

    def test_other_attributes_are_parameters(self) -> None:
        # As in Werkzeug, setting any attribute but the private ones sets a
        # parameter, even one named like a property.
        www = ds.WWWAuthenticate("basic")
        www.token = "abc"
        assert www.parameters == {"token": "abc"}
        assert www.token is None

    def test_headers(self) -> None:
        assert ds.WWWAuthenticate("basic").to_header() == "Basic"
        assert (
            ds.WWWAuthenticate("basic", {"realm": "site"}).to_header()
            == "Basic realm=site"
        )
        digest = ds.WWWAuthenticate("digest", {"realm": "r", "algorithm": "MD5"})
        assert digest.to_header() == 'Digest realm="r", algorithm=MD5'
        assert ds.WWWAuthenticate("bearer", token="t").to_header() == "Bearer t"
        assert repr(ds.WWWAuthenticate("bearer", token="t")) == (
            "<WWWAuthenticate Bearer t>"
        )

    def test_from_header(self) -> None:
        www = ds.WWWAuthenticate.from_header('Digest realm="r", qop="auth"')
        assert www is not None
        assert www.parameters == {"realm": "r", "qop": "auth"}
        token = ds.WWWAuthenticate.from_header("Negotiate abc=")
        assert token is not None and token.token == "abc="
        assert ds.WWWAuthenticate.from_header("") is None

    def test_copy(self) -> None:
        www = ds.WWWAuthenticate("basic", {"realm": "site"})
        assert copy.deepcopy(www) == www
