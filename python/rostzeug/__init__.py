"""rostzeug: Werkzeug's WSGI toolkit, rebuilt on a Rust core.

The API follows Werkzeug 3.1, module for module, so code written for
Werkzeug runs with ``import rostzeug as werkzeug``, and
:func:`install_as_werkzeug` makes code that imports ``werkzeug`` by name run
on rostzeug.

As in Werkzeug's original documentation, the commonly used objects can be
imported from the package itself (``from rostzeug import BaseRequest,
AcceptMixin``). They are imported on first use, so that importing the package
stays cheap; so are the submodules, which are also reachable as attributes
(``rostzeug.serving``), as after ``import werkzeug``.
"""

from __future__ import annotations

import typing as t

from .wrappers import Request as Request
from .wrappers import Response as Response

__version__ = "0.1.0"

if t.TYPE_CHECKING:  # what type checkers see of the lazy names
    from ._alias import install_as_werkzeug as install_as_werkzeug
    from .datastructures import Accept as Accept
    from .datastructures import Authorization as Authorization
    from .datastructures import CallbackDict as CallbackDict
    from .datastructures import CharsetAccept as CharsetAccept
    from .datastructures import CombinedMultiDict as CombinedMultiDict
    from .datastructures import EnvironHeaders as EnvironHeaders
    from .datastructures import ETags as ETags
    from .datastructures import FileMultiDict as FileMultiDict
    from .datastructures import FileStorage as FileStorage
    from .datastructures import Headers as Headers
    from .datastructures import HeaderSet as HeaderSet
    from .datastructures import ImmutableDict as ImmutableDict
    from .datastructures import ImmutableList as ImmutableList
    from .datastructures import ImmutableMultiDict as ImmutableMultiDict
    from .datastructures import ImmutableOrderedMultiDict as ImmutableOrderedMultiDict
    from .datastructures import (
        ImmutableTypeConversionDict as ImmutableTypeConversionDict,
    )
    from .datastructures import LanguageAccept as LanguageAccept
    from .datastructures import MIMEAccept as MIMEAccept
    from .datastructures import MultiDict as MultiDict
    from .datastructures import OrderedMultiDict as OrderedMultiDict
    from .datastructures import RequestCacheControl as RequestCacheControl
    from .datastructures import ResponseCacheControl as ResponseCacheControl
    from .datastructures import TypeConversionDict as TypeConversionDict
    from .datastructures import WWWAuthenticate as WWWAuthenticate
    from .debug import DebuggedApplication as DebuggedApplication
    from .exceptions import Aborter as Aborter
    from .exceptions import abort as abort
    from .formparser import parse_form_data as parse_form_data
    from .http import HTTP_STATUS_CODES as HTTP_STATUS_CODES
    from .http import dump_cookie as dump_cookie
    from .http import dump_header as dump_header
    from .http import dump_options_header as dump_options_header
    from .http import generate_etag as generate_etag
    from .http import http_date as http_date
    from .http import is_entity_header as is_entity_header
    from .http import is_hop_by_hop_header as is_hop_by_hop_header
    from .http import is_resource_modified as is_resource_modified
    from .http import parse_accept_header as parse_accept_header
    from .http import parse_cache_control_header as parse_cache_control_header
    from .http import parse_cookie as parse_cookie
    from .http import parse_date as parse_date
    from .http import parse_dict_header as parse_dict_header
    from .http import parse_etags as parse_etags
    from .http import parse_list_header as parse_list_header
    from .http import parse_options_header as parse_options_header
    from .http import parse_set_header as parse_set_header
    from .http import quote_etag as quote_etag
    from .http import quote_header_value as quote_header_value
    from .http import remove_entity_headers as remove_entity_headers
    from .http import remove_hop_by_hop_headers as remove_hop_by_hop_headers
    from .http import unquote_etag as unquote_etag
    from .http import unquote_header_value as unquote_header_value
    from .local import Local as Local
    from .local import LocalManager as LocalManager
    from .local import LocalProxy as LocalProxy
    from .local import LocalStack as LocalStack
    from .local import release_local as release_local
    from .middleware.dispatcher import DispatcherMiddleware as DispatcherMiddleware
    from .middleware.shared_data import SharedDataMiddleware as SharedDataMiddleware
    from .security import check_password_hash as check_password_hash
    from .security import generate_password_hash as generate_password_hash
    from .serving import run_simple as run_simple
    from .test import Client as Client
    from .test import EnvironBuilder as EnvironBuilder
    from .test import create_environ as create_environ
    from .test import run_wsgi_app as run_wsgi_app
    from .testapp import test_app as test_app
    from .urls import iri_to_uri as iri_to_uri
    from .urls import uri_to_iri as uri_to_iri
    from .useragents import UserAgent as UserAgent
    from .utils import append_slash_redirect as append_slash_redirect
    from .utils import cached_property as cached_property
    from .utils import environ_property as environ_property
    from .utils import escape as escape
    from .utils import find_modules as find_modules
    from .utils import header_property as header_property
    from .utils import import_string as import_string
    from .utils import redirect as redirect
    from .utils import secure_filename as secure_filename
    from .wrappers import AcceptMixin as AcceptMixin
    from .wrappers import AuthorizationMixin as AuthorizationMixin
    from .wrappers import BaseRequest as BaseRequest
    from .wrappers import BaseResponse as BaseResponse
    from .wrappers import CommonRequestDescriptorsMixin as CommonRequestDescriptorsMixin
    from .wrappers import (
        CommonResponseDescriptorsMixin as CommonResponseDescriptorsMixin,
    )
    from .wrappers import ETagRequestMixin as ETagRequestMixin
    from .wrappers import ETagResponseMixin as ETagResponseMixin
    from .wrappers import ResponseStreamMixin as ResponseStreamMixin
    from .wrappers import UserAgentMixin as UserAgentMixin
    from .wrappers import WWWAuthenticateMixin as WWWAuthenticateMixin
    from .wsgi import ClosingIterator as ClosingIterator
    from .wsgi import FileWrapper as FileWrapper
    from .wsgi import LimitedStream as LimitedStream
    from .wsgi import get_current_url as get_current_url
    from .wsgi import get_host as get_host
    from .wsgi import responder as responder
    from .wsgi import wrap_file as wrap_file


# The names the package exports besides Request and Response, by the module
# that defines them: Werkzeug 3.1's own, and those of its original
# documentation ("you can import all these objects directly from werkzeug").
_EXPORTS_BY_MODULE = {
    "_alias": ("install_as_werkzeug",),
    "datastructures": (
        "Accept",
        "Authorization",
        "CallbackDict",
        "CharsetAccept",
        "CombinedMultiDict",
        "ETags",
        "EnvironHeaders",
        "FileMultiDict",
        "FileStorage",
        "HeaderSet",
        "Headers",
        "ImmutableDict",
        "ImmutableList",
        "ImmutableMultiDict",
        "ImmutableOrderedMultiDict",
        "ImmutableTypeConversionDict",
        "LanguageAccept",
        "MIMEAccept",
        "MultiDict",
        "OrderedMultiDict",
        "RequestCacheControl",
        "ResponseCacheControl",
        "TypeConversionDict",
        "WWWAuthenticate",
    ),
    "debug": ("DebuggedApplication",),
    "exceptions": ("Aborter", "abort"),
    "formparser": ("parse_form_data",),
    "http": (
        "HTTP_STATUS_CODES",
        "dump_cookie",
        "dump_header",
        "dump_options_header",
        "generate_etag",
        "http_date",
        "is_entity_header",
        "is_hop_by_hop_header",
        "is_resource_modified",
        "parse_accept_header",
        "parse_cache_control_header",
        "parse_cookie",
        "parse_date",
        "parse_dict_header",
        "parse_etags",
        "parse_list_header",
        "parse_options_header",
        "parse_set_header",
        "quote_etag",
        "quote_header_value",
        "remove_entity_headers",
        "remove_hop_by_hop_headers",
        "unquote_etag",
        "unquote_header_value",
    ),
    "local": ("Local", "LocalManager", "LocalProxy", "LocalStack", "release_local"),
    "middleware.dispatcher": ("DispatcherMiddleware",),
    "middleware.shared_data": ("SharedDataMiddleware",),
    "security": ("check_password_hash", "generate_password_hash"),
    "serving": ("run_simple",),
    "test": ("Client", "EnvironBuilder", "create_environ", "run_wsgi_app"),
    "testapp": ("test_app",),
    "urls": ("iri_to_uri", "uri_to_iri"),
    # The original documentation's parsing user agent.
    "useragents": ("UserAgent",),
    "utils": (
        "append_slash_redirect",
        "cached_property",
        "environ_property",
        "escape",
        "find_modules",
        "header_property",
        "import_string",
        "redirect",
        "secure_filename",
    ),
    "wrappers": (
        "AcceptMixin",
        "AuthorizationMixin",
        "BaseRequest",
        "BaseResponse",
        "CommonRequestDescriptorsMixin",
        "CommonResponseDescriptorsMixin",
        "ETagRequestMixin",
        "ETagResponseMixin",
        "ResponseStreamMixin",
        "UserAgentMixin",
        "WWWAuthenticateMixin",
    ),
    "wsgi": (
        "ClosingIterator",
        "FileWrapper",
        "LimitedStream",
        "get_current_url",
        "get_host",
        "responder",
        "wrap_file",
    ),
}
_LAZY_EXPORTS = {
    name: module for module, names in _EXPORTS_BY_MODULE.items() for name in names
}


def __getattr__(name: str) -> t.Any:
    from importlib import import_module

    module_name = _LAZY_EXPORTS.get(name)
    if module_name is not None:
        try:
            module = import_module(f".{module_name}", __name__)
        except ImportError as error:
            # An AttributeError, so that hasattr() and getattr() with a
            # default answer as for any other missing name.
            raise AttributeError(
                f"cannot import {name!r} from {__name__!r}: {error}"
            ) from error
        return getattr(module, name)
    if name.isidentifier() and not name.startswith("_"):
        # A submodule, as ``import werkzeug`` makes them attributes.
        try:
            return import_module(f".{name}", __name__)
        except ImportError as error:
            if error.name != f"{__name__}.{name}":
                raise AttributeError(
                    f"cannot import submodule {name!r} of {__name__!r}: {error}"
                ) from error
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_EXPORTS})
