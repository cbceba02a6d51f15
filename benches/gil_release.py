"""How much a second Python thread gets done while a large upload is parsed.

A counter thread increments a number in a loop. Its rate (increments per
millisecond) is measured while the main thread sleeps, and again while the
main thread parses a ``multipart/form-data`` body with one 100 MiB file
through ``Request(environ).files`` with the default stream factory (a
temporary file on disk). The same is done with Werkzeug for comparison.

Run with ``python -m benches.gil_release [--size-mib N]``.
"""

from __future__ import annotations

import argparse
import importlib
import io
import random
import threading
import time
import typing as t

BOUNDARY = "----WebKitFormBoundaryGilRelease42"


def make_body(size: int) -> bytes:
    # Random bytes, so that the parser meets CR, LF and dashes as in real files.
    content = random.Random(0).randbytes(size)
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="upload"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def environ(body: bytes) -> dict[str, t.Any]:
    return {
        "REQUEST_METHOD": "POST",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }


class Counter(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.count = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.count += 1


def rate_during(
    action: t.Callable[[], object], counter: Counter
) -> tuple[float, float]:
    """Runs ``action`` and returns its duration in ms and the counter's
    increments per ms meanwhile."""
    start_count = counter.count
    start = time.perf_counter()
    action()
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, (counter.count - start_count) / elapsed


def measure(
    package: str, body: bytes, file_size: int, counter: Counter
) -> tuple[float, float]:
    request_class = importlib.import_module(f"{package}.wrappers").Request

    def parse() -> None:
        request = request_class(environ(body))
        upload = request.files["upload"]
        if upload.seek(0, 2) != file_size:
            raise AssertionError("the parsed file does not have the size sent")
        request.close()

    parse()  # Warm up: imports, first temporary file.
    return rate_during(parse, counter)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=100)
    args = parser.parse_args()
    file_size = args.size_mib * 1024 * 1024
    body = make_body(file_size)

    alone = {}
    idle = Counter()  # Not started: only counts nothing.
    for package in ("rostzeug", "werkzeug"):
        alone[package], _ = measure(package, body, file_size, idle)

    counter = Counter()
    counter.start()
    time.sleep(0.2)
    _, idle_rate = rate_during(lambda: time.sleep(1.0), counter)
    print(f"counter thread alone: {idle_rate:,.0f} increments/ms")
    for package in ("rostzeug", "werkzeug"):
        elapsed, rate = measure(package, body, file_size, counter)
        print(
            f"{package}: parsing {args.size_mib} MiB took {elapsed:,.0f} ms"
            f" ({alone[package]:,.0f} ms without the counter thread); counter"
            f" thread meanwhile: {rate:,.0f} increments/ms"
            f" ({rate / idle_rate:.0%} of its rate alone)"
        )
    counter.running = False
    counter.join()


if __name__ == "__main__":
    main()
