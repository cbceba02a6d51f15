"""URL routing: a :class:`Map` of :class:`Rule` objects, bound to a request
as a :class:`MapAdapter`, matches paths to endpoints and builds URLs from
endpoints and values::

    from rostzeug.routing import Map, Rule

    url_map = Map([
        Rule("/", endpoint="index"),
        Rule("/user/<int:id>", endpoint="user", methods=["GET", "POST"]),
        Rule("/files/<path:name>", endpoint="file"),
    ])
    urls = url_map.bind("example.com")
    urls.match("/user/42")                # ("user", {"id": 42})
    urls.build("user", {"id": 7, "x": 1})  # "/user/7?x=1"

Placeholders are ``<converter(arguments):name>``; the converters are
``string`` (the default), ``any``, ``path``, ``int``, ``float`` and ``uuid``,
and a map accepts its own. Matching runs in the native engine: a state
machine over the ``/``-separated parts of the rules, static parts first,
then placeholders by weight.
"""

from .converters import AnyConverter as AnyConverter
from .converters import BaseConverter as BaseConverter
from .converters import FloatConverter as FloatConverter
from .converters import IntegerConverter as IntegerConverter
from .converters import PathConverter as PathConverter
from .converters import UnicodeConverter as UnicodeConverter
from .converters import UUIDConverter as UUIDConverter
from .converters import ValidationError as ValidationError
from .exceptions import BuildError as BuildError
from .exceptions import NoMatch as NoMatch
from .exceptions import RequestAliasRedirect as RequestAliasRedirect
from .exceptions import RequestPath as RequestPath
from .exceptions import RequestRedirect as RequestRedirect
from .exceptions import RoutingException as RoutingException
from .exceptions import WebsocketMismatch as WebsocketMismatch
from .map import Map as Map
from .map import MapAdapter as MapAdapter
from .matcher import StateMachineMatcher as StateMachineMatcher
from .rules import EndpointPrefix as EndpointPrefix
from .rules import Rule as Rule
from .rules import RuleFactory as RuleFactory
from .rules import RuleTemplate as RuleTemplate
from .rules import RuleTemplateFactory as RuleTemplateFactory
from .rules import Subdomain as Subdomain
from .rules import Submount as Submount
from .rules import parse_converter_args as parse_converter_args
