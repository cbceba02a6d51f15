from __future__ import annotations

import threading
from collections.abc import Callable
from collections.abc import Iterator

import pytest

from rostzeug._server import make_server


@pytest.fixture
def serve() -> Iterator[Callable[[object], str]]:
    """Serves WSGI applications on 127.0.0.1 on free ports, each in a thread,
    and returns their base URLs. The servers stop when the test ends."""
    servers = []

    def start(app: object) -> str:
        server = make_server("127.0.0.1", 0, app)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        host, port = server.server_address[:2]
        return f"http://{host}:{port}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
