"""The WSGI request and response objects.

:class:`Request` and :class:`Response` are the classes to use; they have
everything Werkzeug 3.1's have.

The other names are the older spellings, from Werkzeug's original
documentation, where the full classes were put together from a base class
and mixins. They still work that way: each full class is its base class plus
all the mixins, and a leaner class can be assembled from the parts::

    class Request(BaseRequest, AcceptMixin):
        pass

:class:`BaseRequest`
    The request from the environ: URL parts, ``args``, ``cookies``, the
    host, the body (``stream``, ``data``, ``get_data``, ``form``, ``files``,
    ``values``), JSON, and the older ``charset``, ``encoding_errors``,
    ``url_charset``, ``is_xhr`` and ``disable_data_descriptor``.
:class:`AcceptMixin`
    ``accept_mimetypes``, ``accept_charsets``, ``accept_encodings``,
    ``accept_languages``.
:class:`AuthorizationMixin`
    ``authorization``.
:class:`ETagRequestMixin`
    ``cache_control``, ``if_match``, ``if_none_match``,
    ``if_modified_since``, ``if_unmodified_since``, ``if_range``, ``range``.
:class:`UserAgentMixin`
    ``user_agent`` and ``user_agent_class``; with ``user_agent_class =
    rostzeug.useragents.UserAgent``, ``user_agent`` is parsed into
    ``platform``, ``browser``, ``version`` and ``language`` as the original
    documentation describes.
:class:`CommonRequestDescriptorsMixin`
    ``content_type``, ``content_length``, ``content_encoding``,
    ``content_md5``, ``mimetype``, ``mimetype_params``, ``referrer``,
    ``date``, ``max_forwards``, ``pragma``.
:class:`CORSRequestMixin`
    ``origin``, ``access_control_request_headers``,
    ``access_control_request_method``.
:class:`BaseResponse`
    The body and sending it: ``status``, ``headers``, ``data``,
    ``set_cookie``, ``delete_cookie``, ``freeze``, the WSGI methods, JSON.
:class:`CommonResponseDescriptorsMixin`
    ``mimetype``, ``mimetype_params``, ``content_type``, ``content_length``,
    ``location``, the dates, ``vary``, ``allow``, the content security
    policy, the cross-origin policies...
:class:`ETagResponseMixin`
    ``cache_control``, ``set_etag``, ``get_etag``, ``add_etag``,
    ``make_conditional``, ``accept_ranges``, ``content_range``; with it
    ``freeze`` adds an ``ETag`` (unless ``no_etag=True``).
:class:`WWWAuthenticateMixin`
    ``www_authenticate``.
:class:`CORSResponseMixin`
    The ``access_control_*`` properties.
:class:`ResponseStreamMixin`
    ``stream``, a write-only file over the body.
"""

from ..sansio.request import AcceptMixin as AcceptMixin
from ..sansio.request import AuthorizationMixin as AuthorizationMixin
from ..sansio.request import (
    CommonRequestDescriptorsMixin as CommonRequestDescriptorsMixin,
)
from ..sansio.request import CORSRequestMixin as CORSRequestMixin
from ..sansio.request import ETagRequestMixin as ETagRequestMixin
from ..sansio.request import UserAgentMixin as UserAgentMixin
from ..sansio.response import (
    CommonResponseDescriptorsMixin as CommonResponseDescriptorsMixin,
)
from ..sansio.response import CORSResponseMixin as CORSResponseMixin
from ..sansio.response import WWWAuthenticateMixin as WWWAuthenticateMixin
from .request import BaseRequest as BaseRequest
from .request import Request as Request
from .response import BaseResponse as BaseResponse
from .response import ETagResponseMixin as ETagResponseMixin
from .response import Response as Response
from .response import ResponseStream as ResponseStream
from .response import ResponseStreamMixin as ResponseStreamMixin
