"""rostzeug.local: context-local namespaces and stacks, proxies of every
kind of source, forwarded operators, and LocalManager cleanup."""

from __future__ import annotations

import asyncio
import copy
import math
import operator
import threading
import typing as t
from contextvars import ContextVar
from contextvars import copy_context
from types import SimpleNamespace

import pytest

from rostzeug.local import Local
from rostzeug.local import LocalManager
from rostzeug.local import LocalProxy
from rostzeug.local import LocalStack
from rostzeug.local import release_local
from rostzeug.test import Client
from rostzeug.wrappers import Response

# Module-level variables, as applications create them; the fixture gives
# each test empty values and restores the previous ones afterwards.
_ns_var: ContextVar[dict[str, t.Any]] = ContextVar("tests.local.ns")
_stack_var: ContextVar[list[t.Any]] = ContextVar("tests.local.stack")


@pytest.fixture(autouse=True)
def _own_context() -> t.Iterator[None]:
    tokens = (_ns_var.set({}), _stack_var.set([]))
    yield
    _ns_var.reset(tokens[0])
    _stack_var.reset(tokens[1])


def bound(value: t.Any) -> LocalProxy[t.Any]:
    """A proxy of a variable holding ``value`` in a fresh context var, so
    each test's values stay apart."""
    var: ContextVar[t.Any] = ContextVar("tests.local.bound")
    var.set(value)
    return LocalProxy(var)


def in_threads(count: int, target: t.Callable[[int], t.Any]) -> list[t.Any]:
    results: list[t.Any] = [None] * count
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = target(index)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# Local


def test_local_values_are_per_thread() -> None:
    ns = Local(_ns_var)
    ns.name = "main"
    barrier = threading.Barrier(4)

    def work(index: int) -> tuple[bool, t.Any]:
        seen_main = hasattr(ns, "name")
        ns.name = index
        barrier.wait()  # every thread has written before any reads back
        return seen_main, ns.name

    results = in_threads(4, work)
    # A new thread starts with an empty context: it never sees "main".
    assert results == [(False, 0), (False, 1), (False, 2), (False, 3)]
    assert ns.name == "main"


def test_local_values_are_per_task() -> None:
    ns = Local(_ns_var)
    ns.name = "main"

    async def work(index: int) -> tuple[t.Any, t.Any]:
        inherited = ns.name
        ns.name = index
        await asyncio.sleep(0)  # let the other tasks write in between
        return inherited, ns.name

    async def main() -> list[tuple[t.Any, t.Any]]:
        return list(await asyncio.gather(*(work(i) for i in range(3))))

    assert asyncio.run(main()) == [("main", 0), ("main", 1), ("main", 2)]
    assert ns.name == "main"


def test_local_attributes_iteration_and_release() -> None:
    ns = Local()
    with pytest.raises(AttributeError, match="missing"):
        ns.missing  # noqa: B018
    ns.a = 1
    ns.b = 2
    assert dict(ns) == {"a": 1, "b": 2}
    del ns.a
    assert dict(ns) == {"b": 2}
    with pytest.raises(AttributeError, match="a"):
        del ns.a
    release_local(ns)
    assert dict(ns) == {}
    assert not hasattr(ns, "b")


def test_local_write_in_copied_context_does_not_change_parent() -> None:
    ns = Local(_ns_var)
    ns.items = "parent"
    context = copy_context()
    context.run(setattr, ns, "items", "child")
    assert ns.items == "parent"
    assert context.run(getattr, ns, "items") == "child"


# LocalStack


def test_local_stack_push_pop_top() -> None:
    stack: LocalStack[int] = LocalStack(_stack_var)
    assert stack.top is None
    assert stack.pop() is None
    assert stack.push(1) == [1]
    assert stack.push(2) == [1, 2]
    assert stack.top == 2
    assert stack.pop() == 2
    assert stack.top == 1
    assert stack.pop() == 1
    assert stack.pop() is None


def test_local_stack_is_per_thread_and_task() -> None:
    stack: LocalStack[t.Any] = LocalStack()
    stack.push("main")

    def thread_work(index: int) -> list[t.Any]:
        stack.push(index)
        return list(stack._storage.get())

    assert in_threads(3, thread_work) == [[0], [1], [2]]

    async def task_work(index: int) -> list[t.Any]:
        stack.push(index)
        await asyncio.sleep(0)
        return list(stack._storage.get())

    async def main() -> list[list[t.Any]]:
        return list(await asyncio.gather(*(task_work(i) for i in range(3))))

    assert asyncio.run(main()) == [["main", 0], ["main", 1], ["main", 2]]
    assert stack.top == "main"
    release_local(stack)
    assert stack.top is None


# The kinds of proxies


def test_proxy_of_context_var_follows_the_variable() -> None:
    var: ContextVar[t.Any] = ContextVar("tests.local.follow")
    proxy = LocalProxy(var)
    var.set([1])
    assert proxy == [1]
    var.set([2])
    assert proxy == [2]
    assert proxy._get_current_object() is var.get()


def test_proxy_of_context_var_with_name_and_dotted_name() -> None:
    context = SimpleNamespace(request=SimpleNamespace(args={"q": "x"}))
    var: ContextVar[t.Any] = ContextVar("tests.local.named")
    var.set(context)
    request = LocalProxy(var, "request")
    args = LocalProxy(var, "request.args")
    assert request.args == {"q": "x"}
    assert args["q"] == "x"
    assert args._get_current_object() is context.request.args
    # A missing attribute of the held object is an AttributeError, not
    # "unbound".
    with pytest.raises(AttributeError):
        LocalProxy(var, "session").anything  # noqa: B018


def test_proxy_of_local_needs_a_name() -> None:
    ns = Local(_ns_var)
    with pytest.raises(TypeError, match="name"):
        LocalProxy(ns)
    ns.user = SimpleNamespace(name="ada")
    assert ns("user").name == "ada"
    assert LocalProxy(ns, "user.name") == "ada"
    ns.user = SimpleNamespace(name="grace")
    assert ns("user").name == "grace"


def test_proxy_of_local_stack_top_and_attribute() -> None:
    stack: LocalStack[t.Any] = LocalStack(_stack_var)
    top = stack()
    g = stack("g")
    stack.push(SimpleNamespace(g={"a": 1}))
    assert top.g == {"a": 1}
    assert g["a"] == 1
    stack.push(SimpleNamespace(g={"a": 2}))
    assert g["a"] == 2
    stack.pop()
    stack.pop()
    with pytest.raises(RuntimeError):
        g["a"]


def test_proxy_of_callable_calls_it_on_each_use() -> None:
    calls: list[int] = []

    def current() -> SimpleNamespace:
        calls.append(1)
        return SimpleNamespace(value=len(calls))

    proxy = LocalProxy(current)
    assert proxy.value == 1
    assert proxy.value == 2
    assert LocalProxy(current, "value") == 3


def test_proxy_of_callable_lets_its_errors_through() -> None:
    def failing() -> t.Any:
        raise KeyError("from the callable")

    proxy = LocalProxy(failing, unbound_message="never used")
    with pytest.raises(KeyError, match="from the callable"):
        proxy.anything  # noqa: B018
    with pytest.raises(KeyError):
        len(proxy)


def test_proxy_of_other_objects_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot proxy a 'int'"):
        LocalProxy(42)  # type: ignore[arg-type]


def test_proxies_are_per_thread_and_per_task() -> None:
    var: ContextVar[t.Any] = ContextVar("tests.local.threads")
    proxy = LocalProxy(var, "value")
    barrier = threading.Barrier(3)

    def work(index: int) -> t.Any:
        var.set(SimpleNamespace(value=index))
        barrier.wait()
        return proxy + 0

    assert in_threads(3, work) == [0, 1, 2]

    async def task(index: int) -> t.Any:
        var.set(SimpleNamespace(value=index))
        await asyncio.sleep(0)
        return proxy * 10

    async def main() -> list[t.Any]:
        return list(await asyncio.gather(*(task(i) for i in range(3))))

    assert asyncio.run(main()) == [0, 10, 20]


# Unbound proxies


@pytest.mark.parametrize(
    "make",
    [
        lambda: LocalProxy(ContextVar("tests.local.unset")),
        lambda: Local(_ns_var)("unset"),
        lambda: LocalStack(_stack_var)(),
        lambda: LocalStack(_stack_var)("g"),
    ],
    ids=["context-var", "local", "stack", "stack-name"],
)
def test_unbound_proxy(make: t.Callable[[], LocalProxy[t.Any]]) -> None:
    proxy = make()
    with pytest.raises(RuntimeError, match="object is not bound") as info:
        proxy.anything  # noqa: B018
    assert info.value.__suppress_context__
    for use in (
        lambda: proxy._get_current_object(),
        lambda: setattr(proxy, "x", 1),
        lambda: delattr(proxy, "x"),
        lambda: proxy[0],
        lambda: proxy + 1,
        lambda: 1 + proxy,
        lambda: str(proxy),
        lambda: len(proxy),
        lambda: proxy == 1,
        lambda: proxy.__len__,
    ):
        with pytest.raises(RuntimeError, match="object is not bound"):
            use()
    assert repr(proxy) == "<LocalProxy unbound>"
    assert not proxy
    assert dir(proxy) == []
    assert proxy.__class__ is LocalProxy
    assert proxy.__doc__.startswith("A proxy")
    assert isinstance(proxy, LocalProxy)
    assert not isinstance(proxy, int)


def test_unbound_message_is_used() -> None:
    message = "Working outside of the request: push a request context first."
    var: ContextVar[t.Any] = ContextVar("tests.local.message")
    for proxy in (
        LocalProxy(var, unbound_message=message),
        LocalProxy(var, "session", unbound_message=message),
        Local(_ns_var)("user", unbound_message=message),
        LocalStack(_stack_var)(unbound_message=message),
    ):
        with pytest.raises(RuntimeError) as info:
            proxy.value  # noqa: B018
        assert str(info.value) == message


def test_wrapped_is_the_source_while_unbound() -> None:
    var: ContextVar[t.Any] = ContextVar("tests.local.wrapped")
    proxy = LocalProxy(var)
    assert proxy.__wrapped__ is var

    def decorated() -> None:
        pass

    decorated.__wrapped__ = "inner"  # type: ignore[attr-defined]
    var.set(decorated)
    assert proxy.__wrapped__ == "inner"
    var.set(42)
    with pytest.raises(AttributeError):
        proxy.__wrapped__  # noqa: B018


# Forwarding


def test_proxy_looks_like_its_object() -> None:
    class User:
        """A user of the site."""

        def __init__(self) -> None:
            self.name = "ada"

        def __repr__(self) -> str:
            return "<User ada>"

    proxy = bound(User())
    assert isinstance(proxy, User)
    assert proxy.__class__ is User
    assert type(proxy) is LocalProxy
    assert issubclass(type(proxy), LocalProxy)
    assert repr(proxy) == "<User ada>"
    assert proxy.__doc__ == "A user of the site."
    assert proxy.__dict__ == {"name": "ada"}
    assert "name" in dir(proxy)
    assert LocalProxy.__doc__ is not None
    assert LocalProxy.__doc__.startswith("A proxy")


def test_attribute_write_and_delete_reach_the_object() -> None:
    target = SimpleNamespace()
    proxy = bound(target)
    proxy.x = 1
    assert target.x == 1
    assert proxy.x == 1
    del proxy.x
    assert not hasattr(target, "x")
    # Names the proxy keeps for itself are written to the object too.
    proxy._get_current_object = "on the object"
    assert target._get_current_object == "on the object"
    assert proxy._get_current_object() is target


BINARY_OPERATORS = [
    operator.add,
    operator.sub,
    operator.mul,
    operator.truediv,
    operator.floordiv,
    operator.mod,
    divmod,
    pow,
    operator.lshift,
    operator.rshift,
    operator.and_,
    operator.or_,
    operator.xor,
    operator.lt,
    operator.le,
    operator.eq,
    operator.ne,
    operator.gt,
    operator.ge,
]


@pytest.mark.parametrize("op", BINARY_OPERATORS, ids=lambda op: op.__name__)
def test_binary_operators_both_sides(op: t.Callable[[t.Any, t.Any], t.Any]) -> None:
    proxy = bound(7)
    assert op(proxy, 3) == op(7, 3)
    assert op(3, proxy) == op(3, 7)


def test_ternary_pow_and_round_arguments() -> None:
    proxy = bound(7)
    assert pow(proxy, 2, 5) == 4
    assert round(bound(2.567), 1) == 2.6
    assert round(bound(2.5)) == 2


def test_matrix_multiplication_both_sides() -> None:
    class Matrix:
        def __matmul__(self, other: t.Any) -> tuple[str, t.Any]:
            return ("left", other)

        def __rmatmul__(self, other: t.Any) -> tuple[str, t.Any]:
            return ("right", other)

    proxy = bound(Matrix())
    assert proxy @ 1 == ("left", 1)
    assert 2 @ proxy == ("right", 2)


@pytest.mark.parametrize(
    "op", [operator.neg, operator.pos, abs, operator.invert], ids=lambda op: op.__name__
)
def test_unary_operators(op: t.Callable[[t.Any], t.Any]) -> None:
    assert op(bound(-5)) == op(-5)


def test_numeric_conversions() -> None:
    proxy = bound(3.75)
    assert int(proxy) == 3
    assert float(proxy) == 3.75
    assert complex(proxy) == 3.75 + 0j
    assert math.trunc(proxy) == 3
    assert math.floor(proxy) == 3
    assert math.ceil(proxy) == 4
    index = bound(2)
    assert ["a", "b", "c"][index] == "c"
    assert hex(index) == "0x2"
    assert f"{proxy:.1f}" == "3.8"
    assert bytes(bound(b"raw")) == b"raw"
    assert hash(bound("key")) == hash("key")


@pytest.mark.parametrize(
    ("op", "start", "other", "expected"),
    [
        (operator.iadd, [1], [2], [1, 2]),
        (operator.imul, [1], 2, [1, 1]),
        (operator.ior, {1}, {2}, {1, 2}),
        (operator.isub, {1, 2}, {2}, {1}),
        (operator.iand, {1, 2}, {2}, {2}),
        (operator.ixor, {1, 2}, {2, 3}, {1, 3}),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_in_place_operators_change_the_object_and_keep_the_proxy(
    op: t.Callable[[t.Any, t.Any], t.Any], start: t.Any, other: t.Any, expected: t.Any
) -> None:
    proxy = bound(start)
    result = op(proxy, other)
    assert type(result) is LocalProxy
    assert result._get_current_object() is start
    assert start == expected


def test_in_place_operator_on_immutable_object_keeps_the_value() -> None:
    var: ContextVar[t.Any] = ContextVar("tests.local.immutable")
    var.set(1)
    proxy = LocalProxy(var)
    name = proxy
    name += 5
    assert name is proxy
    assert var.get() == 1


def test_container_protocol() -> None:
    items = [3, 1, 2]
    proxy = bound(items)
    assert len(proxy) == 3
    assert proxy[0] == 3
    assert 1 in proxy
    assert 9 not in proxy
    assert list(proxy) == [3, 1, 2]
    assert list(reversed(proxy)) == [2, 1, 3]
    proxy[0] = 5
    del proxy[1]
    assert items == [5, 2]
    assert operator.length_hint(bound(iter([1, 2]))) == 2


def test_iterator_and_call() -> None:
    proxy = bound(iter("ab"))
    assert next(proxy) == "a"
    assert next(proxy) == "b"
    with pytest.raises(StopIteration):
        next(proxy)
    assert bound(lambda a, b=0: a + b)(1, b=2) == 3


def test_class_proxy_instance_and_subclass_checks() -> None:
    proxy = bound(int)
    assert isinstance(3, proxy)
    assert not isinstance("3", proxy)
    assert issubclass(bool, proxy)
    assert proxy("12") == 12
    assert proxy.__mro__ == (int, object)


def test_context_managers() -> None:
    events: list[str] = []

    class Managed:
        def __enter__(self) -> str:
            events.append("enter")
            return "value"

        def __exit__(self, *exc_info: t.Any) -> bool:
            events.append(f"exit {exc_info[0].__name__ if exc_info[0] else None}")
            return True  # swallow

        async def __aenter__(self) -> str:
            events.append("aenter")
            return "async value"

        async def __aexit__(self, *exc_info: t.Any) -> None:
            events.append("aexit")

    proxy = bound(Managed())
    with proxy as value:
        assert value == "value"
        raise ValueError("swallowed by __exit__")

    async def main() -> str:
        async with proxy as value:
            return t.cast(str, value)

    assert asyncio.run(main()) == "async value"
    assert events == ["enter", "exit ValueError", "aenter", "aexit"]


def test_async_iteration_and_await() -> None:
    async def numbers() -> t.AsyncIterator[int]:
        for number in range(3):
            yield number

    async def answer() -> int:
        return 42

    async def main() -> tuple[list[int], int]:
        collected = [number async for number in bound(numbers())]
        return collected, await bound(answer())

    assert asyncio.run(main()) == ([0, 1, 2], 42)


def test_explicit_protocol_attributes_ask_the_object() -> None:
    # hasattr on the proxy tells whether the object supports the protocol.
    assert not hasattr(bound([]), "__aenter__")
    assert not hasattr(bound([]), "__enter__")
    assert hasattr(bound(threading.Lock()), "__enter__")
    assert bound([1]).__len__() == 1


def test_copy_and_deepcopy_copy_the_object() -> None:
    inner = [1]
    outer = [inner]
    proxy = bound(outer)
    shallow = copy.copy(proxy)
    deep = copy.deepcopy(proxy)
    assert type(shallow) is list
    assert shallow == outer
    assert shallow is not outer
    assert shallow[0] is inner
    assert deep == outer
    assert deep[0] is not inner


# Subclasses


def test_subclass_attributes_come_before_forwarding() -> None:
    class NamedProxy(LocalProxy[t.Any]):
        __slots__ = ()
        label = "class attribute"

        def describe(self) -> str:
            return f"proxy of {self._get_current_object()!r}"

    class DictProxy(NamedProxy):
        pass

    var: ContextVar[t.Any] = ContextVar("tests.local.subclass")
    var.set(SimpleNamespace(label="object attribute", value=1))
    proxy = NamedProxy(var)
    assert proxy.label == "class attribute"
    assert proxy.describe().startswith("proxy of namespace(")
    assert proxy.value == 1
    assert proxy.__class__ is SimpleNamespace
    assert type(proxy) is NamedProxy

    with_dict = DictProxy(var)
    object.__setattr__(with_dict, "local_note", "on the proxy")
    assert with_dict.local_note == "on the proxy"
    assert with_dict.value == 1


def test_subclass_keeps_its_own_getattribute() -> None:
    class LoudProxy(LocalProxy[t.Any]):
        __slots__ = ()

        def __getattribute__(self, name: str) -> t.Any:
            return name.upper()

    assert LoudProxy(ContextVar("tests.local.loud")).anything == "ANYTHING"


# LocalManager


def test_local_manager_cleanup_releases_every_local() -> None:
    ns = Local()
    stack: LocalStack[int] = LocalStack()
    manager = LocalManager([ns, stack])
    ns.user = "ada"
    stack.push(1)
    manager.cleanup()
    assert not hasattr(ns, "user")
    assert stack.top is None
    assert repr(manager) == "<LocalManager storages: 2>"
    assert LocalManager(ns).locals == [ns]
    assert LocalManager(stack).locals == [stack]
    assert LocalManager().locals == []


def test_local_manager_middleware_cleans_up_after_the_response() -> None:
    ns = Local()
    manager = LocalManager([ns])
    seen_during_body: list[t.Any] = []

    def body() -> t.Iterator[bytes]:
        # The local is still set while the body is produced.
        seen_during_body.append(ns.user)
        yield b"hello "
        yield ns.user.encode()

    @manager.middleware
    def application(environ: dict[str, t.Any], start_response: t.Any) -> t.Any:
        """The application."""
        ns.user = "ada"
        return Response(body())(environ, start_response)

    assert application.__name__ == "application"
    assert application.__doc__ == "The application."
    response = Client(application).get("/")
    assert response.get_data() == b"hello ada"
    assert seen_during_body == ["ada"]
    # The cleanup waits for the server to close the response.
    assert ns.user == "ada"
    response.close()
    assert not hasattr(ns, "user")

    plain = manager.make_middleware(lambda environ, start_response: [b""])
    assert plain.__name__ == "application"


def test_explicit_getattr_reads_from_the_object() -> None:
    proxy = bound(SimpleNamespace(x=1))
    assert proxy.__getattr__("x") == 1
    with pytest.raises(AttributeError):
        proxy.__getattr__("y")
