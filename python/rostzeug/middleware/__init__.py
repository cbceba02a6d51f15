"""WSGI middlewares: applications that wrap another WSGI application to
change its environ, its response, or both.

Each middleware lives in its own module and is imported from there, for
example ``from rostzeug.middleware.proxy_fix import ProxyFix``.
"""
