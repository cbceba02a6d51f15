"""The hello-world of Werkzeug's original documentation, on rostzeug.

Each of the three spellings it showed is here; ``application`` is the one
``make serve`` runs.
"""

from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

plain = Response("Hello World!")


def explicit(environ, start_response):
    request = Request(environ)
    response = Response("Hello %s!" % request.args.get("name", "World!"))
    return response(environ, start_response)


@Request.application
def application(request):
    return Response("Hello %s!" % request.args.get("name", "World!"))
