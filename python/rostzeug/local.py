"""Context-local data: :class:`Local` namespaces, :class:`LocalStack`
stacks, and :class:`LocalProxy`, an object that stands for whatever a
context-local holds in the current thread or asyncio task.

Everything is stored in :class:`~contextvars.ContextVar` objects, so each
thread and each asyncio task sees its own values.
"""

from __future__ import annotations

import copy
import math
import operator
import typing as t
from contextvars import ContextVar
from functools import partial
from functools import update_wrapper
from operator import attrgetter

from .wsgi import ClosingIterator

if t.TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse
    from _typeshed.wsgi import WSGIApplication
    from _typeshed.wsgi import WSGIEnvironment

T = t.TypeVar("T")

#: The default of the stored mapping and stack when nothing was set in the
#: current context. Never mutated: writes always store a new copy.
_NO_VALUES: dict[str, t.Any] = {}

_DEFAULT_UNBOUND_MESSAGE = (
    "object is not bound: the context-local behind this proxy has no value in"
    " the current context; set it (push the context) before using the proxy"
)


def release_local(local: Local | LocalStack[t.Any]) -> None:
    """Forget what ``local`` holds in the current context, as
    :meth:`LocalManager.cleanup` does, without a manager.

    Plain context variables rarely need this; it is kept for code written
    around :class:`Local` and :class:`LocalStack`.
    """
    local.__release_local__()


class Local:
    """A namespace whose attributes are context-local: setting ``ns.x`` in
    one thread or asyncio task is not seen by the others.

    The attributes live in a :class:`dict` kept in a
    :class:`~contextvars.ContextVar`. Every write stores a new copy of that
    dict, so a context copied for a task never changes its parent's values.

    :param context_var: The variable to keep the dict in. One is created
        when not given; create locals at module level, as a
        ``ContextVar`` made elsewhere can keep objects alive longer than
        expected.
    """

    __slots__ = ("__storage",)

    def __init__(self, context_var: ContextVar[dict[str, t.Any]] | None = None) -> None:
        if context_var is None:
            context_var = ContextVar(f"rostzeug.Local<{id(self)}>.storage")
        object.__setattr__(self, "_Local__storage", context_var)

    def __iter__(self) -> t.Iterator[tuple[str, t.Any]]:
        return iter(self.__storage.get(_NO_VALUES).items())

    def __call__(
        self, name: str, *, unbound_message: str | None = None
    ) -> LocalProxy[t.Any]:
        """A :class:`LocalProxy` of the attribute ``name`` of this
        namespace.

        :param name: The attribute to proxy.
        :param unbound_message: The message of the :exc:`RuntimeError`
            raised when the proxy is used while the attribute is not set.
        """
        return LocalProxy(self, name, unbound_message=unbound_message)

    def __release_local__(self) -> None:
        self.__storage.set({})

    def __getattr__(self, name: str) -> t.Any:
        values = self.__storage.get(_NO_VALUES)
        if name in values:
            return values[name]
        raise AttributeError(name)

    def __setattr__(self, name: str, value: t.Any) -> None:
        values = dict(self.__storage.get(_NO_VALUES))
        values[name] = value
        self.__storage.set(values)

    def __delattr__(self, name: str) -> None:
        values = self.__storage.get(_NO_VALUES)
        if name not in values:
            raise AttributeError(name)
        values = dict(values)
        del values[name]
        self.__storage.set(values)


class LocalStack(t.Generic[T]):
    """A context-local stack: each thread and asyncio task pushes and pops
    its own items.

    The items live in a :class:`list` kept in a
    :class:`~contextvars.ContextVar`; :meth:`push` and :meth:`pop` store a
    new list instead of changing the current one, so a copied context
    keeps its own stack.

    :param context_var: The variable to keep the list in. One is created
        when not given (see :class:`Local` on where to create them).
    """

    __slots__ = ("_storage",)

    def __init__(self, context_var: ContextVar[list[T]] | None = None) -> None:
        if context_var is None:
            context_var = ContextVar(f"rostzeug.LocalStack<{id(self)}>.storage")
        self._storage = context_var

    def __release_local__(self) -> None:
        self._storage.set([])

    def push(self, obj: T) -> list[T]:
        """Put ``obj`` on top of the stack and return the new stack."""
        stack = [*self._storage.get([]), obj]
        self._storage.set(stack)
        return stack

    def pop(self) -> T | None:
        """Take the top item off the stack and return it, or return
        ``None`` when the stack is empty."""
        stack = self._storage.get([])
        if not stack:
            return None
        self._storage.set(stack[:-1])
        return stack[-1]

    @property
    def top(self) -> T | None:
        """The item on top of the stack, or ``None`` when it is empty."""
        stack = self._storage.get([])
        return stack[-1] if stack else None

    def __call__(
        self, name: str | None = None, *, unbound_message: str | None = None
    ) -> LocalProxy[t.Any]:
        """A :class:`LocalProxy` of the top item of this stack.

        :param name: Proxy this attribute of the top item instead of the
            item itself.
        :param unbound_message: The message of the :exc:`RuntimeError`
            raised when the proxy is used while the stack is empty.
        """
        return LocalProxy(self, name, unbound_message=unbound_message)


class LocalManager:
    """Releases the data of several :class:`Local` and :class:`LocalStack`
    objects at once, at the end of each request.

    :param locals: A local, a stack, or an iterable of them.
    """

    __slots__ = ("locals",)

    locals: list[Local | LocalStack[t.Any]]

    def __init__(
        self,
        locals: Local
        | LocalStack[t.Any]
        | t.Iterable[Local | LocalStack[t.Any]]
        | None = None,
    ) -> None:
        if locals is None:
            self.locals = []
        elif isinstance(locals, (Local, LocalStack)):
            self.locals = [locals]
        else:
            self.locals = list(locals)

    def cleanup(self) -> None:
        """Release every managed local for the current context. Call it when
        a request is done, or let :meth:`make_middleware` call it."""
        for local in self.locals:
            release_local(local)

    def make_middleware(self, app: WSGIApplication) -> WSGIApplication:
        """Wrap the WSGI application ``app`` so that :meth:`cleanup` runs
        once the server closes the response, after the body is sent."""
        cleanup = self.cleanup

        def application(
            environ: WSGIEnvironment, start_response: StartResponse
        ) -> t.Iterable[bytes]:
            return ClosingIterator(app(environ, start_response), cleanup)

        return application

    def middleware(self, func: WSGIApplication) -> WSGIApplication:
        """:meth:`make_middleware` as a decorator, keeping the name and
        docstring of the decorated application::

            @manager.middleware
            def application(environ, start_response):
                ...
        """
        return update_wrapper(self.make_middleware(func), func)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} storages: {len(self.locals)}>"


def _resolution(
    local: t.Any, name: str | None, unbound_message: str | None
) -> tuple[t.Callable[[], t.Any], t.Callable[[t.Any], t.Any] | None, str | None]:
    """How a proxy finds its object: ``(get, pick, message)``.

    ``get()`` returns the context's object or raises :exc:`LookupError`
    when there is none; ``pick``, when not None, takes the named attribute
    of it. ``message`` is the :exc:`RuntimeError` message for an unbound
    proxy, or None for a callable, whose own errors pass through unchanged.
    """
    message = _DEFAULT_UNBOUND_MESSAGE if unbound_message is None else unbound_message
    pick = None if name is None else attrgetter(name)

    if isinstance(local, ContextVar):
        # The bound method is the whole lookup: no Python frame per access.
        return local.get, pick, message

    if isinstance(local, Local):
        if name is None:
            raise TypeError(
                "a LocalProxy of a 'Local' needs the attribute to proxy:"
                " pass 'name', as in LocalProxy(local, 'user') or local('user')."
            )
        lookup = t.cast(t.Callable[[Local], t.Any], pick)
        if type(local) is Local and "." not in name and not hasattr(Local, name):
            # Read the stored dict directly: Local.__getattr__ is only reached
            # after a failed normal lookup, which costs an exception.
            storage: ContextVar[dict[str, t.Any]] = object.__getattribute__(
                local, "_Local__storage"
            )

            def get_attribute() -> t.Any:
                return storage.get(_NO_VALUES)[name]  # KeyError: unbound

        else:

            def get_attribute() -> t.Any:
                try:
                    return lookup(local)
                except AttributeError:
                    raise LookupError(name) from None

        return get_attribute, None, message

    if isinstance(local, LocalStack):

        def get_top() -> t.Any:
            top = local.top
            if top is None:
                raise LookupError("empty stack")
            return top

        return get_top, pick, message

    if callable(local):
        return local, pick, None

    raise TypeError(
        f"LocalProxy cannot proxy a {type(local).__name__!r} object: pass a"
        " ContextVar, a Local (with a name), a LocalStack or a callable."
    )


if t.TYPE_CHECKING:

    class _AttributeForwarder(t.Protocol):
        def __get__(self, instance: object, owner: type | None = None) -> t.Any: ...
        def __call__(self, instance: object, *args: t.Any) -> t.Any: ...


class LocalProxy(t.Generic[T]):
    """A proxy that forwards everything done to it (attribute access and
    assignment, calls, operators, iteration, ``with`` and ``async with``,
    ``await``...) to the object that a context-local holds at that moment.
    Using the proxy while nothing is held raises :exc:`RuntimeError` with
    ``unbound_message``.

    :param local: Where the object comes from: a
        :class:`~contextvars.ContextVar`, a :class:`Local` namespace (then
        ``name`` is required), the top of a :class:`LocalStack`, or any
        callable without arguments, called on each use.
    :param name: Proxy this attribute of the object instead of the object
        itself. Dotted names reach nested attributes.
    :param unbound_message: The :exc:`RuntimeError` message when the
        context-local holds nothing.

    .. code-block:: python

        _request_var = ContextVar("request")
        request = LocalProxy(_request_var)
        session = LocalProxy(_request_var, "session")

        data = Local()
        user = data("user")  # LocalProxy(data, "user")

        stack = LocalStack()
        current_app = stack()  # the top item
        g = stack("g")  # its attribute "g"

        settings = LocalProxy(lambda: load_settings())

    The proxy forwards ``__class__``, ``__doc__`` and ``repr()`` too, so
    ``isinstance(request, Request)`` is true and the proxy prints as its
    object. To tell a LocalProxy itself, use
    ``issubclass(type(obj), LocalProxy)``. An unbound proxy is false, has an
    empty :func:`dir` and prints as ``<LocalProxy unbound>``.

    :meth:`_get_current_object` returns the object itself, for code that
    must not receive a proxy, or to save the forwarding when the object is
    used many times in a row.
    """

    __slots__ = ("__state", "__wrapped", "_get_current_object")

    _get_current_object: t.Callable[[], T]
    """Return the object the proxy currently stands for; raises
    :exc:`RuntimeError` when unbound."""

    def __init__(
        self,
        local: ContextVar[T] | Local | LocalStack[T] | t.Callable[[], T],
        name: str | None = None,
        *,
        unbound_message: str | None = None,
    ) -> None:
        get, pick, message = _resolution(local, name, unbound_message)

        def _get_current_object() -> T:
            try:
                obj = get()
            except LookupError:
                if message is None:
                    raise
                raise RuntimeError(message) from None
            return obj if pick is None else pick(obj)  # type: ignore[no-any-return]

        object.__setattr__(self, "_LocalProxy__wrapped", local)
        object.__setattr__(self, "_get_current_object", _get_current_object)
        object.__setattr__(self, "_LocalProxy__state", (get, pick, message))

    # Type checkers see the forwarding as Werkzeug's proxy shows it:
    # ``__getattr__`` and ``__setattr__`` are callable objects, not methods,
    # which pyright follows (any name reads as Any) and mypy does not (it
    # reports names a LocalProxy[T] does not declare).
    if t.TYPE_CHECKING:
        __getattr__: _AttributeForwarder
        __setattr__: _AttributeForwarder
    else:
        # Every attribute read goes through here; a __getattr__ would only run
        # after a failed normal lookup, which raises and discards an
        # AttributeError on each access (about 0.5 µs on Python 3.11). The
        # names the proxy answers itself are looked up in one set.
        def __getattribute__(self, name: str) -> t.Any:
            if name in _OWN_NAMES:
                return _own_attribute(self, name)
            get, pick, message = _state_of(self)
            try:
                obj = get()
            except LookupError:
                if message is None:
                    raise
                raise RuntimeError(message) from None
            if pick is not None:
                obj = pick(obj)
            return getattr(obj, name)

        def __setattr__(self, name: str, value: t.Any) -> None:
            get, pick, message = _state_of(self)
            try:
                obj = get()
            except LookupError:
                if message is None:
                    raise
                raise RuntimeError(message) from None
            if pick is not None:
                obj = pick(obj)
            setattr(obj, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(_current(self), name)

    def __init_subclass__(cls, **kwargs: t.Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__getattribute__" not in cls.__dict__:
            type.__setattr__(cls, "__getattribute__", _subclass_getattribute(cls))

    def __repr__(self) -> str:
        try:
            obj = _current(self)
        except RuntimeError:
            return f"<{type(self).__name__} unbound>"
        return repr(obj)

    def __bool__(self) -> bool:
        try:
            obj = _current(self)
        except RuntimeError:
            return False
        return bool(obj)

    def __dir__(self) -> t.Iterable[str]:
        try:
            obj = _current(self)
        except RuntimeError:
            return []
        return dir(obj)

    def __str__(self) -> str:
        return str(_current(self))

    def __bytes__(self) -> bytes:
        return bytes(_current(self))

    def __format__(self, format_spec: str) -> str:
        return _current(self).__format__(format_spec)  # type: ignore[no-any-return]

    def __hash__(self) -> int:
        return hash(_current(self))

    def __lt__(self, other: t.Any) -> t.Any:
        return _current(self) < other

    def __le__(self, other: t.Any) -> t.Any:
        return _current(self) <= other

    def __eq__(self, other: object) -> t.Any:
        return _current(self) == other

    def __ne__(self, other: object) -> t.Any:
        return _current(self) != other

    def __gt__(self, other: t.Any) -> t.Any:
        return _current(self) > other

    def __ge__(self, other: t.Any) -> t.Any:
        return _current(self) >= other

    def __instancecheck__(self, instance: t.Any) -> bool:
        return isinstance(instance, _current(self))

    def __subclasscheck__(self, subclass: t.Any) -> bool:
        return issubclass(subclass, _current(self))

    def __call__(self, *args: t.Any, **kwargs: t.Any) -> t.Any:
        return _current(self)(*args, **kwargs)

    def __len__(self) -> int:
        return len(_current(self))

    def __length_hint__(self) -> int:
        return operator.length_hint(_current(self))

    def __getitem__(self, key: t.Any) -> t.Any:
        return _current(self)[key]

    def __setitem__(self, key: t.Any, value: t.Any) -> None:
        _current(self)[key] = value

    def __delitem__(self, key: t.Any) -> None:
        del _current(self)[key]

    def __iter__(self) -> t.Iterator[t.Any]:
        return iter(_current(self))

    def __next__(self) -> t.Any:
        return next(_current(self))

    def __reversed__(self) -> t.Iterator[t.Any]:
        it: t.Iterator[t.Any] = reversed(_current(self))
        return it

    def __contains__(self, item: t.Any) -> bool:
        return item in _current(self)

    def __add__(self, other: t.Any) -> t.Any:
        return _current(self) + other

    def __sub__(self, other: t.Any) -> t.Any:
        return _current(self) - other

    def __mul__(self, other: t.Any) -> t.Any:
        return _current(self) * other

    def __matmul__(self, other: t.Any) -> t.Any:
        return _current(self) @ other

    def __truediv__(self, other: t.Any) -> t.Any:
        return _current(self) / other

    def __floordiv__(self, other: t.Any) -> t.Any:
        return _current(self) // other

    def __mod__(self, other: t.Any) -> t.Any:
        return _current(self) % other

    def __divmod__(self, other: t.Any) -> t.Any:
        return divmod(_current(self), other)

    def __pow__(self, other: t.Any, modulo: t.Any = None) -> t.Any:
        return pow(_current(self), other, modulo)

    def __lshift__(self, other: t.Any) -> t.Any:
        return _current(self) << other

    def __rshift__(self, other: t.Any) -> t.Any:
        return _current(self) >> other

    def __and__(self, other: t.Any) -> t.Any:
        return _current(self) & other

    def __xor__(self, other: t.Any) -> t.Any:
        return _current(self) ^ other

    def __or__(self, other: t.Any) -> t.Any:
        return _current(self) | other

    # The reflected operators apply the operator with the operands in their
    # written order, so the other operand's own methods get their turn.
    def __radd__(self, other: t.Any) -> t.Any:
        return other + _current(self)

    def __rsub__(self, other: t.Any) -> t.Any:
        return other - _current(self)

    def __rmul__(self, other: t.Any) -> t.Any:
        return other * _current(self)

    def __rmatmul__(self, other: t.Any) -> t.Any:
        return other @ _current(self)

    def __rtruediv__(self, other: t.Any) -> t.Any:
        return other / _current(self)

    def __rfloordiv__(self, other: t.Any) -> t.Any:
        return other // _current(self)

    def __rmod__(self, other: t.Any) -> t.Any:
        return other % _current(self)

    def __rdivmod__(self, other: t.Any) -> t.Any:
        return divmod(other, _current(self))

    def __rpow__(self, other: t.Any) -> t.Any:
        return pow(other, _current(self))

    def __rlshift__(self, other: t.Any) -> t.Any:
        return other << _current(self)

    def __rrshift__(self, other: t.Any) -> t.Any:
        return other >> _current(self)

    def __rand__(self, other: t.Any) -> t.Any:
        return other & _current(self)

    def __rxor__(self, other: t.Any) -> t.Any:
        return other ^ _current(self)

    def __ror__(self, other: t.Any) -> t.Any:
        return other | _current(self)

    # In-place operators change the object where it supports that, and
    # evaluate to the proxy, so ``proxy += x`` keeps the name a proxy.
    def __iadd__(self, other: t.Any) -> LocalProxy[T]:
        operator.iadd(_current(self), other)
        return self

    def __isub__(self, other: t.Any) -> LocalProxy[T]:
        operator.isub(_current(self), other)
        return self

    def __imul__(self, other: t.Any) -> LocalProxy[T]:
        operator.imul(_current(self), other)
        return self

    def __imatmul__(self, other: t.Any) -> LocalProxy[T]:
        operator.imatmul(_current(self), other)
        return self

    def __itruediv__(self, other: t.Any) -> LocalProxy[T]:
        operator.itruediv(_current(self), other)
        return self

    def __ifloordiv__(self, other: t.Any) -> LocalProxy[T]:
        operator.ifloordiv(_current(self), other)
        return self

    def __imod__(self, other: t.Any) -> LocalProxy[T]:
        operator.imod(_current(self), other)
        return self

    # mypy compares this with __pow__, whose third argument serves pow(x, y, z).
    def __ipow__(self, other: t.Any) -> LocalProxy[T]:  # type: ignore[misc]
        operator.ipow(_current(self), other)
        return self

    def __ilshift__(self, other: t.Any) -> LocalProxy[T]:
        operator.ilshift(_current(self), other)
        return self

    def __irshift__(self, other: t.Any) -> LocalProxy[T]:
        operator.irshift(_current(self), other)
        return self

    def __iand__(self, other: t.Any) -> LocalProxy[T]:
        operator.iand(_current(self), other)
        return self

    def __ixor__(self, other: t.Any) -> LocalProxy[T]:
        operator.ixor(_current(self), other)
        return self

    def __ior__(self, other: t.Any) -> LocalProxy[T]:
        operator.ior(_current(self), other)
        return self

    def __neg__(self) -> t.Any:
        return -_current(self)

    def __pos__(self) -> t.Any:
        return +_current(self)

    def __abs__(self) -> t.Any:
        return abs(_current(self))

    def __invert__(self) -> t.Any:
        return ~_current(self)

    def __complex__(self) -> complex:
        return complex(_current(self))

    def __int__(self) -> int:
        return int(_current(self))

    def __float__(self) -> float:
        return float(_current(self))

    def __index__(self) -> int:
        return operator.index(_current(self))

    def __round__(self, *args: t.Any) -> t.Any:
        return round(_current(self), *args)

    def __trunc__(self) -> t.Any:
        return math.trunc(_current(self))

    def __floor__(self) -> t.Any:
        return math.floor(_current(self))

    def __ceil__(self) -> t.Any:
        return math.ceil(_current(self))

    def __enter__(self) -> t.Any:
        return _current(self).__enter__()

    def __exit__(self, *exc_info: t.Any) -> t.Any:
        return _current(self).__exit__(*exc_info)

    def __await__(self) -> t.Generator[t.Any, None, t.Any]:
        return _current(self).__await__()  # type: ignore[no-any-return]

    def __aiter__(self) -> t.Any:
        return _current(self).__aiter__()

    def __anext__(self) -> t.Any:
        return _current(self).__anext__()

    def __aenter__(self) -> t.Any:
        return _current(self).__aenter__()

    def __aexit__(self, *exc_info: t.Any) -> t.Any:
        return _current(self).__aexit__(*exc_info)

    def __copy__(self) -> t.Any:
        return copy.copy(_current(self))

    def __deepcopy__(self, memo: dict[int, t.Any]) -> t.Any:
        return copy.deepcopy(_current(self), memo)


# Slot readers bound once: inside __getattribute__, ``self.x`` would call
# __getattribute__ again.
_state_of = t.cast(
    t.Callable[
        [LocalProxy[t.Any]],
        tuple[t.Callable[[], t.Any], t.Callable[[t.Any], t.Any] | None, str | None],
    ],
    LocalProxy.__dict__["_LocalProxy__state"].__get__,
)
_resolver_of = t.cast(
    t.Callable[[LocalProxy[t.Any]], t.Callable[[], t.Any]],
    LocalProxy.__dict__["_get_current_object"].__get__,
)
_wrapped_of = t.cast(
    t.Callable[[LocalProxy[t.Any]], t.Any],
    LocalProxy.__dict__["_LocalProxy__wrapped"].__get__,
)


def _current(proxy: LocalProxy[t.Any]) -> t.Any:
    """The object ``proxy`` stands for now; :exc:`RuntimeError` if unbound.
    The same as its ``_get_current_object()``, without calling through the
    slot: one Python call less for every operator."""
    get, pick, message = _state_of(proxy)
    try:
        obj = get()
    except LookupError:
        if message is None:
            raise
        raise RuntimeError(message) from None
    return obj if pick is None else pick(obj)


#: Attributes the proxy forwards while bound and answers itself while
#: unbound, instead of raising.
_UNBOUND_FALLBACKS: dict[str, t.Callable[[LocalProxy[t.Any]], t.Any]] = {
    "__class__": type,
    "__doc__": lambda proxy: type(proxy).__doc__,
    "__wrapped__": _wrapped_of,
}

#: Methods the class defines only so that statements and operators find
#: them on the type; read as attributes they are the object's own, like
#: any other attribute (``hasattr(proxy, "__aenter__")`` asks the object).
_OBJECT_METHODS = frozenset(
    {
        "__format__",
        "__enter__",
        "__exit__",
        "__await__",
        "__aiter__",
        "__anext__",
        "__aenter__",
        "__aexit__",
    }
)

#: The proxy's forwarding methods that stay usable while unbound.
_USABLE_UNBOUND = frozenset({"__repr__", "__bool__", "__dir__"})


def _class_names(classes: t.Iterable[type]) -> frozenset[str]:
    """The names defined in the namespaces of ``classes``, which a normal
    attribute lookup on an instance would find, less those the proxy
    forwards."""
    return frozenset({name for cls in classes for name in vars(cls)} - _OBJECT_METHODS)


#: Names a LocalProxy answers itself instead of forwarding them to the
#: object: its slots and methods and those of its bases.
_OWN_NAMES = _class_names(LocalProxy.__mro__) | {*_UNBOUND_FALLBACKS, "__getattr__"}

#: The proxy's methods that forward to the object, read as attributes.
_FORWARDING_METHODS = frozenset(
    name
    for name, value in vars(LocalProxy).items()
    if callable(value) and name.startswith("__") and name not in _OBJECT_METHODS
) - {"__init__", "__getattribute__", "__init_subclass__", "__class_getitem__"}


def _own_attribute(proxy: LocalProxy[t.Any], name: str) -> t.Any:
    """The attribute ``name`` of the proxy itself, a name of
    :data:`_OWN_NAMES`."""
    fallback = _UNBOUND_FALLBACKS.get(name)
    if fallback is not None:
        try:
            obj = _resolver_of(proxy)()
        except RuntimeError:
            return fallback(proxy)
        return getattr(obj, name)
    if name == "__getattr__":
        # The class forwards attribute reads in __getattribute__ instead; read
        # explicitly, this is the object's attribute lookup.
        return partial(getattr, _resolver_of(proxy)())
    if name in _FORWARDING_METHODS and name not in _USABLE_UNBOUND:
        # A forwarding method read from an unbound proxy fails here, at
        # the read, as the object's own method would.
        _resolver_of(proxy)()
    return object.__getattribute__(proxy, name)


def _subclass_getattribute(
    cls: type[LocalProxy[t.Any]],
) -> t.Callable[[LocalProxy[t.Any], str], t.Any]:
    """The ``__getattribute__`` of a subclass: the names the subclass and
    its bases define, and its instance ``__dict__`` if it has one, come
    before forwarding, as they would in a normal attribute lookup."""
    own = _class_names(cls.__mro__) | _OWN_NAMES
    has_dict = cls.__dictoffset__ != 0

    def __getattribute__(self: LocalProxy[t.Any], name: str) -> t.Any:
        if name in own:
            return _own_attribute(self, name)
        if has_dict:
            values = object.__getattribute__(self, "__dict__")
            if name in values:
                return values[name]
        return LocalProxy.__getattribute__(self, name)

    return __getattribute__
