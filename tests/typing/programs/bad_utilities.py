"""Bugs with middleware, passwords and header helpers."""

from __future__ import annotations

from rostzeug.http import parse_date
from rostzeug.middleware.dispatcher import DispatcherMiddleware
from rostzeug.middleware.proxy_fix import ProxyFix
from rostzeug.security import check_password_hash
from rostzeug.security import generate_password_hash
from rostzeug.utils import secure_filename
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response


@Request.application
def site(request: Request) -> Response:
    # Passwords are hashed as str.
    stored = generate_password_hash(b"secret")  # expect: arg-type reportArgumentType
    # check_password_hash takes the hash first, then the password, both str;
    # the result is a bool.
    valid: str = check_password_hash(stored, "secret")  # expect: assignment reportAssignmentType
    # A date header may not parse.
    year = parse_date(request.headers.get("Date")).year  # expect: union-attr reportOptionalMemberAccess
    # File names come in as str.
    name = secure_filename(request.get_data())  # expect: arg-type reportArgumentType
    return Response(f"{valid} {year} {name}")


# ProxyFix counts proxies with ints.
application = ProxyFix(site, x_for=1, x_proto="1")  # expect: arg-type reportArgumentType
# Mounts map prefixes to WSGI applications.
mounted = DispatcherMiddleware(site, {"/api": "api.wsgi"})  # expect: dict-item reportArgumentType
