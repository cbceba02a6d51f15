"""The multipart/form-data encoder, and its round trip through the decoder."""

from __future__ import annotations

import pytest

from rostzeug.datastructures import Headers
from rostzeug.sansio.multipart import Data
from rostzeug.sansio.multipart import Epilogue
from rostzeug.sansio.multipart import Event
from rostzeug.sansio.multipart import Field
from rostzeug.sansio.multipart import File
from rostzeug.sansio.multipart import MultipartDecoder
from rostzeug.sansio.multipart import MultipartEncoder
from rostzeug.sansio.multipart import NeedData
from rostzeug.sansio.multipart import Preamble
from rostzeug.sansio.multipart import State


def encode(boundary: bytes, events: list[Event]) -> bytes:
    encoder = MultipartEncoder(boundary)
    return b"".join(encoder.send_event(event) for event in events)


def test_encodes_fields_and_files() -> None:
    events: list[Event] = [
        Preamble(b""),
        Field("a", Headers([("Content-Disposition", "ignored; name=other")])),
        Data(b"one", more_data=True),
        Data(b" two", more_data=False),
        File("f", "x.txt", Headers([("Content-Type", "text/plain")])),
        Data(b"", more_data=False),
        Epilogue(b""),
    ]
    assert encode(b"bd", events) == (
        b'\r\n--bd\r\nContent-Disposition: form-data; name="a"\r\n'
        b"\r\none two"
        b'\r\n--bd\r\nContent-Disposition: form-data; name="f"; filename="x.txt"\r\n'
        b"Content-Type: text/plain\r\n"
        b"\r\n--bd--\r\n"
    )


def test_round_trip() -> None:
    file_headers = Headers(
        [
            ("Content-Disposition", 'form-data; name="upload"; filename="a.bin"'),
            ("Content-Type", "application/octet-stream"),
        ]
    )
    events: list[Event] = [
        Preamble(b"ignore me"),
        Field("text", Headers([("Content-Disposition", 'form-data; name="text"')])),
        Data("ünïcode\r\n--bx".encode(), more_data=False),
        File("upload", "a.bin", file_headers),
        Data(bytes(range(256)), more_data=False),
        Epilogue(b"trailer"),
    ]
    body = encode(b"b", events)
    decoder = MultipartDecoder(b"b")
    decoder.receive_data(body)
    decoder.receive_data(None)
    decoded = []
    while not isinstance(event := decoder.next_event(), NeedData):
        decoded.append(event)
        if isinstance(event, Epilogue):
            break
    assert decoded == events
    assert encode(b"b", decoded) == body


@pytest.mark.parametrize(
    "events",
    [
        pytest.param([Data(b"x", more_data=False)], id="data-first"),
        pytest.param([Preamble(b""), Preamble(b"")], id="two-preambles"),
        pytest.param(
            [
                Field("a", Headers()),
                Data(b"", more_data=False),
                Preamble(b""),
            ],
            id="preamble-late",
        ),
    ],
)
def test_events_out_of_order(events: list[Event]) -> None:
    encoder = MultipartEncoder(b"b")
    *valid, invalid = events
    for event in valid:
        encoder.send_event(event)
    with pytest.raises(ValueError, match="cannot encode"):
        encoder.send_event(invalid)


def test_states() -> None:
    encoder = MultipartEncoder(b"b")
    assert encoder.state is State.PREAMBLE
    encoder.send_event(Field("a", Headers()))
    assert encoder.state is State.DATA_START
    encoder.send_event(Data(b"x", more_data=False))
    assert encoder.state is State.DATA
    encoder.send_event(Epilogue(b""))
    assert encoder.state is State.COMPLETE
