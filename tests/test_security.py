from __future__ import annotations

import hashlib
import ntpath
import os
import sys
import types

import pytest

from rostzeug import security
from rostzeug.security import SALT_CHARS
from rostzeug.security import check_password_hash
from rostzeug.security import gen_salt
from rostzeug.security import generate_password_hash
from rostzeug.security import safe_join

# Cheap parameters keep the tests fast; the defaults get their own tests.
FAST_SCRYPT = "scrypt:1024:8:1"
FAST_PBKDF2 = "pbkdf2:sha256:1000"


@pytest.fixture
def real_werkzeug_security() -> types.ModuleType:
    """Werkzeug's own security module, imported from the virtualenv."""
    module = pytest.importorskip("werkzeug.security")
    # Under an alias shim, "werkzeug.security" would be rostzeug's module and
    # the cross-checks would compare rostzeug with itself.
    assert module.__name__ == "werkzeug.security"
    assert module is not security
    return module


# -- gen_salt ------------------------------------------------------------------


@pytest.mark.parametrize("length", [1, 16, 64])
def test_gen_salt_has_the_length_and_alphabet(length: int) -> None:
    salt = gen_salt(length)
    assert len(salt) == length
    assert set(salt) <= set(SALT_CHARS)


def test_gen_salt_is_random() -> None:
    assert len({gen_salt(16) for _ in range(20)}) == 20


@pytest.mark.parametrize("length", [0, -1])
def test_gen_salt_rejects_lengths_below_one(length: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        gen_salt(length)


# -- generate_password_hash / check_password_hash --------------------------------


def test_default_method_is_scrypt_with_full_parameters() -> None:
    method, salt, digest = generate_password_hash("secret").split("$")
    assert method == "scrypt:32768:8:1"
    assert len(salt) == 16
    assert (
        digest
        == hashlib.scrypt(
            b"secret", salt=salt.encode(), n=32768, r=8, p=1, maxmem=132 * 32768 * 8
        ).hex()
    )


def test_plain_pbkdf2_uses_sha256_and_a_million_iterations() -> None:
    pwhash = generate_password_hash("secret", method="pbkdf2", salt_length=8)
    method, salt, digest = pwhash.split("$")
    assert method == "pbkdf2:sha256:1000000"
    assert len(salt) == 8
    assert (
        digest
        == hashlib.pbkdf2_hmac("sha256", b"secret", salt.encode(), 1_000_000).hex()
    )
    assert check_password_hash(pwhash, "secret")


def test_pbkdf2_with_only_a_hash_name_uses_the_default_iterations() -> None:
    method = generate_password_hash("x", method="pbkdf2:sha512", salt_length=4)
    assert method.startswith("pbkdf2:sha512:1000000$")


@pytest.mark.parametrize("method", [FAST_SCRYPT, FAST_PBKDF2, "pbkdf2:sha1:10"])
def test_hash_round_trip(method: str) -> None:
    pwhash = generate_password_hash("pässwörd", method=method)
    assert pwhash.startswith(f"{method}$")
    assert check_password_hash(pwhash, "pässwörd")
    assert not check_password_hash(pwhash, "passwörd")
    assert not check_password_hash(pwhash, "")


def test_hashes_of_one_password_differ_by_salt() -> None:
    first = generate_password_hash("secret", method=FAST_SCRYPT)
    second = generate_password_hash("secret", method=FAST_SCRYPT)
    assert first != second
    assert check_password_hash(first, "secret")
    assert check_password_hash(second, "secret")


def test_a_digest_of_another_password_does_not_verify() -> None:
    method, salt, _ = generate_password_hash("one", method=FAST_PBKDF2).split("$")
    other = hashlib.pbkdf2_hmac("sha256", b"two", salt.encode(), 1000).hex()
    assert not check_password_hash(f"{method}${salt}${other}", "one")
    assert check_password_hash(f"{method}${salt}${other}", "two")


@pytest.mark.parametrize("pwhash", ["", "nodollar", "pbkdf2:sha256:1000$salt"])
def test_malformed_hashes_do_not_verify(pwhash: str) -> None:
    assert check_password_hash(pwhash, "secret") is False


def test_checking_a_hash_with_an_unknown_method_raises() -> None:
    with pytest.raises(ValueError, match="Invalid hash method 'md5'"):
        check_password_hash("md5$salt$0123", "secret")


@pytest.mark.parametrize("method", ["sha256", "plain", "bcrypt"])
def test_unknown_methods_are_rejected(method: str) -> None:
    with pytest.raises(ValueError, match="Invalid hash method"):
        generate_password_hash("secret", method)


@pytest.mark.parametrize("method", ["scrypt:1024", "scrypt:a:b:c", "scrypt:1:2:3:4"])
def test_scrypt_needs_three_integer_parameters(method: str) -> None:
    with pytest.raises(ValueError, match="'scrypt' takes 3 arguments"):
        generate_password_hash("secret", method)


def test_pbkdf2_takes_at_most_two_parameters() -> None:
    with pytest.raises(ValueError, match="'pbkdf2' takes 2 arguments"):
        generate_password_hash("secret", "pbkdf2:sha256:1000:5")


def test_salt_length_zero_is_rejected() -> None:
    with pytest.raises(ValueError):
        generate_password_hash("secret", salt_length=0)


@pytest.mark.parametrize("method", [FAST_SCRYPT, FAST_PBKDF2, "pbkdf2:sha512:500"])
def test_werkzeug_verifies_our_hashes(
    real_werkzeug_security: types.ModuleType, method: str
) -> None:
    pwhash = generate_password_hash("hunter2 ✓", method=method)
    assert real_werkzeug_security.check_password_hash(pwhash, "hunter2 ✓")
    assert not real_werkzeug_security.check_password_hash(pwhash, "hunter2")


@pytest.mark.parametrize(
    "method", ["scrypt", FAST_SCRYPT, FAST_PBKDF2, "pbkdf2:sha512:500"]
)
def test_we_verify_werkzeugs_hashes(
    real_werkzeug_security: types.ModuleType, method: str
) -> None:
    pwhash = real_werkzeug_security.generate_password_hash("hunter2 ✓", method)
    assert check_password_hash(pwhash, "hunter2 ✓")
    assert not check_password_hash(pwhash, "hunter2")


def test_default_hashes_verify_both_ways(
    real_werkzeug_security: types.ModuleType,
) -> None:
    ours = generate_password_hash("secret")
    theirs = real_werkzeug_security.generate_password_hash("secret")
    assert ours.split("$")[0] == theirs.split("$")[0]
    assert len(ours.split("$")[1]) == len(theirs.split("$")[1])
    assert real_werkzeug_security.check_password_hash(ours, "secret")
    assert check_password_hash(theirs, "secret")


# -- safe_join -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("untrusted", "expected"),
    [
        (("b/c",), "a/b/c"),
        (("b", "c"), "a/b/c"),
        (("b", "", "c"), "a/b/c"),
        (("b/./c",), "a/b/c"),
        (("b//c",), "a/b/c"),
        (("b/../c",), "a/c"),
        (("b/c/",), "a/b/c"),
        (("file.txt:stream",), "a/file.txt:stream"),
        ((), "a"),
    ],
)
def test_safe_join_normalizes_and_joins(
    untrusted: tuple[str, ...], expected: str
) -> None:
    assert safe_join("a", *untrusted) == expected


@pytest.mark.parametrize(
    "untrusted",
    [
        "..",
        "../b",
        "../../etc/passwd",
        "b/../../c",
        "./../b",
        "b/./../../c",
        "/etc/passwd",
        "/",
        # UNC paths written with forward slashes (CVE-2024-49766).
        "//server/share",
        "//server/share/file.txt",
        "///b",
    ],
)
def test_safe_join_refuses_traversal_and_absolute_paths(untrusted: str) -> None:
    assert safe_join("a", untrusted) is None


def test_safe_join_checks_every_component() -> None:
    assert safe_join("a", "b", "../c") is None
    assert safe_join("a", "b", "/c") is None
    # Each component is normalized alone, so one cannot undo another.
    assert safe_join("a", "b/c", "../d") is None


def test_safe_join_empty_directory_keeps_the_path_relative() -> None:
    assert safe_join("", "c:test.txt") == "./c:test.txt"
    assert safe_join("", "b") == "./b"
    assert safe_join("", "/b") is None


def test_safe_join_refuses_other_separators_of_the_os(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On POSIX a backslash is an ordinary character of a file name.
    assert safe_join("a", "b\\c") == "a/b\\c"
    assert safe_join("a", "\\\\server\\share") == "a/\\\\server\\share"
    # On Windows it separates directories, so it could hide "..\\" or a UNC
    # path (CVE-2024-49766, CVE-2019-14322).
    monkeypatch.setattr(security, "_os_alt_seps", ["\\"])
    assert safe_join("a", "b\\c") is None
    assert safe_join("a", "..\\b") is None
    assert safe_join("a", "\\\\server\\share") is None
    assert safe_join("a", "b/c") == "a/b/c"


def test_safe_join_refuses_drive_letters_where_they_are_absolute(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A drive letter is a plain name on POSIX.
    assert safe_join("a", "C:/Windows/win.ini") == "a/C:/Windows/win.ini"
    monkeypatch.setattr(os.path, "isabs", ntpath.isabs)
    assert safe_join("a", "C:/Windows/win.ini") is None
    assert safe_join("a", "c:/x") is None


WINDOWS_DEVICE_NAMES = [
    "CON",
    "NUL",
    "nul",
    "PRN",
    "AUX",
    "COM1",
    "com9",
    "LPT1",
    "COM¹",
    "LPT³",
    "CONIN$",
    "conout$",
    # With an extension (CVE-2026-21860).
    "nul.txt",
    "NUL.txt",
    "CON.txt.html",
    "com1.log",
    # With trailing spaces or dots.
    "CON  ",
    "CON.",
    "CON . txt",
    " NUL",
    # With an empty or named stream.
    "CON:",
    "NUL:stream",
    "nul.txt:stream",
    # In a later segment (CVE-2026-27199).
    "example/NUL",
    "b/CON",
    "b/c/aux.json",
    "b/COM1 /c",
]


@pytest.mark.parametrize("name", WINDOWS_DEVICE_NAMES)
def test_safe_join_refuses_device_names_on_windows(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(os, "name", "nt")
    assert safe_join("a", name) is None
    assert safe_join("a", "ok", name) is None


@pytest.mark.parametrize(
    "name",
    ["CONSOLE", "NULL.txt", "aux_file", "COM0", "COM10", "LPT", "xCON", "my.CON"],
)
def test_safe_join_allows_names_that_only_resemble_devices(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(os, "name", "nt")
    assert safe_join("a", name) == f"a/{name}"


@pytest.mark.parametrize("name", ["CON", "NUL.txt", "example/NUL", "CON  ", "CON:"])
def test_safe_join_allows_device_names_on_posix(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(os, "name", "posix")
    assert safe_join("a", name) == f"a/{name}"


@pytest.mark.skipif(sys.platform == "win32", reason="checks the POSIX behaviour")
def test_safe_join_follows_the_running_os_by_default() -> None:
    assert safe_join("a", "NUL") == "a/NUL"
