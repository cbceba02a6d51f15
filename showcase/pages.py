"""The showcase's pages: small WSGI applications written against the
documented rostzeug API only."""

from __future__ import annotations

import pathlib
import typing as t

from markupsafe import escape

from rostzeug.exceptions import HTTPException
from rostzeug.routing import Map
from rostzeug.routing import Rule
from rostzeug.wrappers import Request
from rostzeug.wrappers import Response

SITE = "rostzeug showcase"
STATIC = pathlib.Path(__file__).parent / "static"


def page(
    title: str, feature: str, body: str, status: int = 200, index: bool = False
) -> Response:
    """An HTML page with the one line that says which feature it shows. The
    index is titled by the site's name alone and has no link to itself."""
    full_title = SITE if index else f"{title} · {SITE}"
    back = "" if index else '<p><a href="/">Back to the index</a></p>\n'
    html = (
        "<!doctype html>\n<html lang=en>\n<meta charset=utf-8>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(full_title)}</title>\n"
        '<link rel="stylesheet" href="/static/style.css">\n'
        f"<h1>{escape(title)}</h1>\n"
        f'<p class="feature">{feature}</p>\n'
        f"{body}\n"
        f"{back}"
    )
    return Response(html, status=status, mimetype="text/html")


def table(rows: t.Iterable[tuple[t.Any, t.Any]]) -> str:
    cells = "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>"
        for key, value in rows
    )
    return f"<table>{cells}</table>" if cells else "<p><em>none</em></p>"


INDEX = """
<ul>
  <li><a href="/hello?name=Rust">/hello?name=Rust</a>:
      the hello-world of Werkzeug's original documentation.</li>
  <li><a href="/inspect?q=rostzeug&amp;tag=a&amp;tag=b">/inspect</a>:
      a request inspector, with a form that uploads files.</li>
  <li><a href="/static/">/static/</a>:
      files served by SharedDataMiddleware.</li>
  <li><a href="/sub/">/sub/</a>:
      an application mounted with DispatcherMiddleware.</li>
  <li><a href="/proxied/">/proxied/</a>:
      a second server, reached through ProxyMiddleware.</li>
  <li><a href="/fail">/fail</a>:
      an error on purpose. <code>make serve</code> runs with
      <code>--debug</code>, so DebuggedApplication answers with the traceback
      and a Python console in each frame, locked by the PIN that the server
      logs.</li>
</ul>
"""

FORM = """
<form method="post" enctype="multipart/form-data" action="/inspect">
  <p><label>Name <input name="name" value="Rust"></label></p>
  <p><label>Files <input type="file" name="upload" multiple></label></p>
  <p><button>Send</button></p>
</form>
"""


def greeting(request: Request) -> Response:
    return Response("Hello %s!" % request.args.get("name", "World!"))  # noqa: UP031


@Request.application
def index(request: Request) -> Response:
    # With a name, the root answers as the hello-world did when it was all
    # that ``make serve`` served.
    if "name" in request.args:
        return greeting(request)
    return page(
        SITE,
        "Request.application, Response and the routing Map: Werkzeug's API on"
        " a Rust core.",
        INDEX,
        index=True,
    )


hello = Request.application(greeting)


@Request.application
def inspect(request: Request) -> Response:
    uploads = [
        (
            f"{key}: {storage.filename}",
            f"{storage.mimetype}, {len(storage.read())} bytes",
        )
        for key, storage in request.files.items(multi=True)
    ]
    auth = request.authorization
    sections = [
        ("Query arguments (request.args)", table(request.args.items(multi=True))),
        ("Form fields (request.form)", table(request.form.items(multi=True))),
        ("Uploaded files (request.files)", table(uploads)),
        ("Cookies (request.cookies)", table(request.cookies.items(multi=True))),
        ("Headers (request.headers)", table(request.headers.items())),
        (
            "Content negotiation",
            table(
                [
                    ("accept_mimetypes.best", request.accept_mimetypes.best),
                    (
                        "accept_languages.best_match(['en', 'de', 'fr'])",
                        request.accept_languages.best_match(["en", "de", "fr"]),
                    ),
                    ("accept_encodings", request.accept_encodings.to_header()),
                ]
            ),
        ),
        (
            "Authorization (request.authorization)",
            table([("type", auth.type), ("username", auth.username)] if auth else []),
        ),
    ]
    body = FORM + "".join(
        f"<h2>{title}</h2>\n{content}\n" for title, content in sections
    )
    response = page(
        "Request inspector",
        "Request: args, form, files, cookies, headers, accept headers, authorization.",
        body,
    )
    response.set_cookie("visited", "yes", httponly=True, samesite="Lax")
    return response


def price_of(catalogue: dict[str, float], item: str) -> float:
    return catalogue[item]


def basket_total(basket: dict[str, int]) -> float:
    catalogue = {"apple": 0.4, "pear": 0.6}
    return sum(price_of(catalogue, item) * count for item, count in basket.items())


@Request.application
def fail(request: Request) -> Response:
    """Raises on purpose, for the debugger to show."""
    basket = {"apple": 3, "quince": 1}
    try:
        total = basket_total(basket)
    except KeyError as error:
        raise RuntimeError(f"no price for an item of {sorted(basket)}") from error
    return Response(f"total: {total}")


@Request.application
def static_index(request: Request) -> Response:
    """What the static folder holds; SharedDataMiddleware serves files, not
    folders, so the folder itself is answered here."""
    names = sorted(path.name for path in STATIC.iterdir() if path.is_file())
    items = "".join(
        f'<li><a href="/static/{escape(name)}">{escape(name)}</a></li>'
        for name in names
    )
    return page(
        "Static files",
        "SharedDataMiddleware: each file below is served with its ETag,"
        " Last-Modified and caching headers, and answers 304 when unchanged.",
        f"<ul>{items}</ul>",
    )


ENDPOINTS: dict[str, t.Callable[..., t.Any]] = {
    "index": index,
    "hello": hello,
    "inspect": inspect,
    "fail": fail,
    "static_index": static_index,
}

URL_MAP = Map(
    [
        Rule("/", endpoint="index"),
        Rule("/hello", endpoint="hello"),
        Rule("/inspect", endpoint="inspect", methods=["GET", "POST"]),
        Rule("/fail", endpoint="fail"),
        Rule("/static/", endpoint="static_index"),
        # ProxyMiddleware forwards what is below /proxied/; the bare name
        # leads there too.
        Rule("/proxied", redirect_to="/proxied/"),
    ]
)


def main(environ: dict[str, t.Any], start_response: t.Callable[..., t.Any]) -> t.Any:
    """Routes through :data:`URL_MAP`; a miss is Werkzeug's 404 (or 405,
    or a redirect), sent as the exception's own response."""
    adapter = URL_MAP.bind_to_environ(environ)
    try:
        endpoint, _ = adapter.match()
    except HTTPException as error:
        return error(environ, start_response)
    return ENDPOINTS[endpoint](environ, start_response)


@Request.application
def sub_application(request: Request) -> Response:
    return page(
        "A mounted application",
        "DispatcherMiddleware: this application is mounted at /sub and sees"
        " the rest of the path.",
        table(
            [
                ("SCRIPT_NAME", request.environ.get("SCRIPT_NAME", "")),
                ("PATH_INFO", request.environ.get("PATH_INFO", "")),
                ("request.url", request.url),
            ]
        ),
    )


@Request.application
def upstream_application(request: Request) -> Response:
    return page(
        "The upstream server",
        "ProxyMiddleware: this page comes from a second server on another local port.",
        table(
            [
                ("Host", request.headers.get("Host")),
                ("X-Forwarded-For", request.headers.get("X-Forwarded-For")),
                ("X-Forwarded-Proto", request.headers.get("X-Forwarded-Proto")),
                ("X-Forwarded-Host", request.headers.get("X-Forwarded-Host")),
                ("path", request.path),
            ]
        ),
    )
