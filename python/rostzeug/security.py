"""Password hashing and safe joining of untrusted paths.

Password hashes have the form ``method$salt$hexdigest``, where ``method``
names the key derivation function and its parameters (``scrypt:32768:8:1``,
``pbkdf2:sha256:1000000``). The format is Werkzeug's, so hashes made by either
library verify in the other.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import posixpath
import secrets

#: The characters :func:`gen_salt` picks from.
SALT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
#: The pbkdf2 iteration count used when the method does not name one.
DEFAULT_PBKDF2_ITERATIONS = 1_000_000

# Separators other than "/" that the file system understands. An untrusted
# path containing one could name a parent directory without ".." in a URL
# segment, so safe_join rejects it. Read at call time so it can be changed.
_os_alt_seps: list[str] = [
    sep for sep in (os.sep, os.altsep) if sep is not None and sep != "/"
]

# Names that Windows maps to devices in every directory, whatever follows the
# first dot or colon (https://chrisdenton.github.io/omnipath/Special%20Dos%20Device%20Names.html).
# Reading one of them hangs or reads from a console instead of a file.
_windows_device_files = {
    "AUX",
    "CON",
    "CONIN$",
    "CONOUT$",
    *(f"COM{digit}" for digit in "123456789¹²³"),
    *(f"LPT{digit}" for digit in "123456789¹²³"),
    "NUL",
    "PRN",
}

_SCRYPT_DEFAULTS = (2**15, 8, 1)


def gen_salt(length: int) -> str:
    """Returns a random string of ``length`` characters from
    :data:`SALT_CHARS`, drawn with :mod:`secrets`.

    :param length: the number of characters, at least 1.
    :raises ValueError: if ``length`` is less than 1.
    """
    if length <= 0:
        raise ValueError(
            f"Salt length must be at least 1, got {length}; pass a positive"
            " salt_length (the default is 16)."
        )
    return "".join(secrets.choice(SALT_CHARS) for _ in range(length))


def _derive(method: str, salt: str, password: str) -> tuple[str, str]:
    """Derives the key for ``password`` with ``salt``.

    Returns the hex digest and the method string with every parameter spelled
    out, as it is stored in the hash. The parameters of a stored hash come
    from :func:`generate_password_hash`, so they are as trusted as the hash.
    """
    name, *params = method.split(":")
    password_bytes = password.encode()
    salt_bytes = salt.encode()

    if name == "scrypt":
        if not params:
            n, r, p = _SCRYPT_DEFAULTS
        else:
            try:
                n, r, p = (int(param) for param in params)
            except ValueError:
                raise ValueError(
                    f"'scrypt' takes 3 arguments (n, r, p), as in"
                    f" 'scrypt:32768:8:1'; got {method!r}."
                ) from None
        # hashlib needs a little more than the 128 * n * r * p bytes of the
        # algorithm itself.
        digest = hashlib.scrypt(
            password_bytes, salt=salt_bytes, n=n, r=r, p=p, maxmem=132 * n * r * p
        )
        return digest.hex(), f"scrypt:{n}:{r}:{p}"

    if name == "pbkdf2":
        if len(params) > 2:
            raise ValueError(
                f"'pbkdf2' takes 2 arguments (hash name, iterations), as in"
                f" 'pbkdf2:sha256:1000000'; got {method!r}."
            )
        hash_name = params[0] if params else "sha256"
        iterations = int(params[1]) if len(params) == 2 else DEFAULT_PBKDF2_ITERATIONS
        digest = hashlib.pbkdf2_hmac(hash_name, password_bytes, salt_bytes, iterations)
        return digest.hex(), f"pbkdf2:{hash_name}:{iterations}"

    raise ValueError(
        f"Invalid hash method '{name}'. Use 'scrypt' or 'pbkdf2', optionally"
        " with parameters such as 'scrypt:32768:8:1'."
    )


def generate_password_hash(
    password: str, method: str = "scrypt", salt_length: int = 16
) -> str:
    """Hashes a password for storage; compare a password with the result
    using :func:`check_password_hash`.

    Supported methods:

    - ``scrypt`` (the default), with parameters ``n``, ``r`` and ``p``;
      plain ``scrypt`` means ``scrypt:32768:8:1``. See :func:`hashlib.scrypt`.
    - ``pbkdf2``, with a hash name and an iteration count; plain ``pbkdf2``
      means ``pbkdf2:sha256:1000000``. See :func:`hashlib.pbkdf2_hmac`.

    :param password: the plain-text password.
    :param method: the key derivation function and its parameters,
        separated by ``:``.
    :param salt_length: the number of characters of the random salt.
    :return: ``method$salt$hexdigest``, with every parameter in ``method``.
    :raises ValueError: if the method or its parameters are not valid, or
        ``salt_length`` is less than 1.
    """
    salt = gen_salt(salt_length)
    digest, full_method = _derive(method, salt, password)
    return f"{full_method}${salt}${digest}"


def check_password_hash(pwhash: str, password: str) -> bool:
    """Checks a password against a hash made by
    :func:`generate_password_hash`, in constant time.

    :param pwhash: the stored hash, ``method$salt$hexdigest``.
    :param password: the plain-text password to check.
    :return: whether the password matches; False when ``pwhash`` does not
        have three ``$``-separated parts.
    :raises ValueError: if the hash names an unknown method.
    """
    parts = pwhash.split("$", 2)
    if len(parts) != 3:
        return False
    method, salt, digest = parts
    return hmac.compare_digest(_derive(method, salt, password)[0], digest)


def _names_windows_device(path: str) -> bool:
    """Whether a segment of a ``/``-separated path is a Windows device name,
    which Windows recognizes before the first dot or stream colon and with
    surrounding spaces."""
    for segment in path.split("/"):
        stem = segment.partition(":")[0].partition(".")[0]
        if stem.strip().upper() in _windows_device_files:
            return True
    return False


def safe_join(directory: str, *untrusted: str) -> str | None:
    """Joins untrusted path components, such as the path of a URL, to a
    trusted directory without leaving it.

    The components are normalized and joined with ``/``. The result is None
    if a component is absolute, starts with ``/`` (which includes UNC paths),
    goes up past the directory with ``..``, or contains a separator of the
    operating system other than ``/`` (``\\`` on Windows). On Windows, a
    component with a device name in any segment, such as ``CON``,
    ``NUL.txt``, ``com1 .log``, ``CON:`` or ``a/NUL``, is refused too,
    because reading it does not read a file.

    Only the names are checked, not the file system: whether the path
    exists, is a symlink, or is a regular file is up to the caller. NTFS
    alternate data streams (``name:stream``) are allowed.

    :param directory: the trusted base directory; ``""`` means ``"."``, so
        that the first untrusted component cannot take its place.
    :param untrusted: the untrusted components, relative to ``directory``.
        Empty components are skipped.
    :return: the joined path, or None if it would not be safe.
    """
    # An empty base must stay a base ("."), or the first untrusted component
    # would become the root of the result.
    kept = [directory or "."]
    for component in filter(None, untrusted):
        normalized = posixpath.normpath(component)
        if _leaves_directory(normalized):
            return None
        kept.append(normalized)
    return posixpath.join(*kept)


def _leaves_directory(component: str) -> bool:
    """Whether a normalized component could reach outside the directory it
    is joined to, or open something other than a file."""
    # ntpath.isabs does not see "/x" or "//server/share" as absolute, hence
    # the explicit check for a leading slash.
    if component.startswith("/") or os.path.isabs(component):
        return True
    if component == ".." or component.startswith("../"):
        return True
    if any(sep in component for sep in _os_alt_seps):
        return True
    return os.name == "nt" and _names_windows_device(component)
