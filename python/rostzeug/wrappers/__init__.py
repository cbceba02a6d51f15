"""The WSGI request and response objects."""

from .request import Request as Request
from .response import Response as Response
