"""Peak memory while a large upload is parsed.

A ``multipart/form-data`` body with one file of 1 GiB (``--size-mib``) is
made by a stream object as it is read, so the body never sits in memory,
and parsed by ``formparser.parse_form_data`` with the default stream factory
(the file goes to a temporary file on disk). Each implementation runs in a
subprocess of its own: it first parses a 2 MiB upload to warm up (imports,
allocator, first temporary file), then takes its resident set size (RSS) as
the baseline, parses the large upload and reads its peak RSS. The peak above
the baseline is what parsing the upload cost in memory; it must stay under
64 MiB however large the upload is, and the command exits with status 1 when
rostzeug's does not.

The peak is Linux's ``VmHWM`` (``/proc/self/status``), reset to the current
RSS after the warm-up through ``/proc/self/clear_refs``. Where that cannot be
reset, the baseline is the peak so far (``resource.getrusage``), which counts
the warm-up's own peak in the baseline.

Run with ``python -m benches.peak_memory [--size-mib N]``.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import random
import resource
import subprocess
import sys
import typing as t

BOUNDARY = "----WebKitFormBoundaryPeakMemory42"
LIMIT_MIB = 64
WARM_UP_MIB = 2
MIB = 1024 * 1024

#: The file's content repeats a block of random bytes of this size.
BLOCK_SIZE = MIB


class GeneratedBody(io.RawIOBase):
    """A ``multipart/form-data`` body with one file of ``file_size`` bytes,
    made as it is read: the file's content repeats one random block, and a
    read returns at most one block's worth."""

    def __init__(self, file_size: int) -> None:
        super().__init__()
        delimiter = f"--{BOUNDARY}".encode()
        block = random.Random(0).randbytes(BLOCK_SIZE)
        # Twice over, so that every read inside the content is one slice;
        # checked so that no delimiter forms where the block repeats.
        self._blocks = block + block
        if delimiter in self._blocks:
            raise AssertionError("the random block holds the boundary; change it")
        head = (
            f"{delimiter.decode()}\r\n"
            'Content-Disposition: form-data; name="upload"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        tail = b"\r\n" + delimiter + b"--\r\n"
        self._head = head
        self._tail = tail
        self._file_size = file_size
        self.length = len(head) + file_size + len(tail)
        self._position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = BLOCK_SIZE
        position = self._position
        head_end = len(self._head)
        file_end = head_end + self._file_size
        if position < head_end:
            data = self._head[position : position + size]
        elif position < file_end:
            offset = (position - head_end) % BLOCK_SIZE
            count = min(size, BLOCK_SIZE, file_end - position)
            data = self._blocks[offset : offset + count]
        else:
            start = position - file_end
            data = self._tail[start : start + size]
        self._position += len(data)
        return data

    def readinto(self, buffer: t.Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def environ(body: GeneratedBody) -> dict[str, t.Any]:
    return {
        "REQUEST_METHOD": "POST",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
    }


def parse_upload(package: str, file_size: int) -> None:
    """Parses an upload of ``file_size`` bytes with ``package``."""
    parse_form_data = importlib.import_module(f"{package}.formparser").parse_form_data
    _stream, _form, files = parse_form_data(environ(GeneratedBody(file_size)))
    upload = files["upload"]
    size = upload.stream.seek(0, io.SEEK_END)
    upload.close()
    if size != file_size:
        raise AssertionError(f"the parsed file has {size} bytes, not {file_size}")


def _status_kib(field: str) -> int | None:
    """A ``kB`` field of ``/proc/self/status``, or None without one."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Resets ``VmHWM`` to the current RSS; False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def _max_rss_kib() -> int:
    # KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def measure(package: str, file_size: int) -> dict[str, t.Any]:
    """Runs in the subprocess: warms up, then parses the large upload."""
    parse_upload(package, WARM_UP_MIB * MIB)
    resettable = _reset_peak() and _status_kib("VmHWM") is not None
    if resettable:
        baseline = _status_kib("VmRSS") or 0
    else:
        baseline = _max_rss_kib()
    parse_upload(package, file_size)
    peak = (_status_kib("VmHWM") or 0) if resettable else _max_rss_kib()
    return {
        "package": package,
        "baseline_kib": baseline,
        "peak_kib": peak,
        "method": "VmHWM" if resettable else "ru_maxrss",
    }


def run_measurement(package: str, size_mib: int) -> dict[str, t.Any]:
    """Measures ``package`` in a subprocess, so that no other peak counts."""
    command = [
        sys.executable,
        "-m",
        "benches.peak_memory",
        "--size-mib",
        str(size_mib),
        "--measure",
        package,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {package} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benches.peak_memory",
        description=__doc__.splitlines()[0] if __doc__ else None,
    )
    parser.add_argument(
        "--size-mib", type=int, default=1024, help="the file's size (default 1024)"
    )
    parser.add_argument("--measure", metavar="PACKAGE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.size_mib * MIB)))
        return 0

    print(
        f"Parsing a {args.size_mib} MiB upload with parse_form_data and the"
        " default stream factory; peak RSS above the baseline after warm-up:"
    )
    exceeded = False
    for package in ("rostzeug", "werkzeug"):
        result = run_measurement(package, args.size_mib)
        above = (result["peak_kib"] - result["baseline_kib"]) / 1024
        print(
            f"  {package}: {above:.1f} MiB above a baseline of"
            f" {result['baseline_kib'] / 1024:.1f} MiB ({result['method']})"
        )
        if package == "rostzeug" and above >= LIMIT_MIB:
            exceeded = True
    if exceeded:
        print(f"rostzeug exceeds the bound of {LIMIT_MIB} MiB above its baseline.")
        return 1
    print(f"rostzeug stays under the bound of {LIMIT_MIB} MiB above its baseline.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
