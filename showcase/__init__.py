"""The showcase served by ``make serve``: one application composed with
rostzeug's three middlewares, each page naming the feature it shows.

``application`` builds the composition on its first request, so importing
this package starts nothing; the proxied upstream then runs on a free local
port in a thread of its own.
"""

from .app import application as application
