"""A server that echoes the client's token in its status line or headers does not get
it into httpx's own INFO line (``HTTP Request: GET <url> "HTTP/1.1 401 <reason>"``)
nor httpcore's DEBUG trace: the runtime masks the records they make while the client
sends, sync and async, and leaves alone those of any other httpx client the user has,
even one sending at the same time. Through the committed package, over MockTransport
(which carries a reason phrase) and a local server on 127.0.0.1 for httpcore."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import threading
from urllib.parse import quote

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    AuthenticationError,
    PipedriveClient,
)

TOKEN = "tok_" + "S3CRET" * 12
PHRASE = b"Unauthorized token " + TOKEN.encode()
URL = "https://api.pipedrive.com/api/v2/activities/1"
MASKED_LINE = f'HTTP Request: GET {URL} "HTTP/1.1 401 Unauthorized token ***"'
OTHER_LINE = (
    f'HTTP Request: GET https://elsewhere.example/ "HTTP/1.1 401 {PHRASE.decode()}"'
)


def echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(401, json={}, extensions={"reason_phrase": PHRASE})


async def slow_echo(request: httpx.Request) -> httpx.Response:
    await asyncio.sleep(0.01)  # the other task's request goes meanwhile
    return echo(request)


def httpx_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return sorted(r.getMessage() for r in caplog.records if r.name == "httpx")


def test_httpx_line_masks_a_reason_phrase_echoing_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    other = httpx.Client(transport=httpx.MockTransport(echo))
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(echo), max_retries=0
    ) as client:
        with pytest.raises(AuthenticationError):
            client.v2.get_activity(id=1)
        other.get("https://elsewhere.example/")  # the user's own client: untouched
    other.close()
    assert httpx_lines(caplog) == [MASKED_LINE, OTHER_LINE]


def test_httpx_line_masks_a_reason_phrase_echoing_the_token_async(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")

    async def ours() -> None:
        async with AsyncPipedriveClient(
            api_token=TOKEN, transport=httpx.MockTransport(slow_echo), max_retries=0
        ) as client:
            with pytest.raises(AuthenticationError):
                await client.v2.get_activity(id=1)

    async def theirs() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(slow_echo)) as other:
            await other.get("https://elsewhere.example/")

    async def main() -> None:
        await asyncio.gather(ours(), theirs())

    asyncio.run(main())
    assert httpx_lines(caplog) == [MASKED_LINE, OTHER_LINE]


class Echoing:
    """A server on 127.0.0.1 that answers each connection's request with a 401 whose
    reason phrase and ``x-debug-echo`` header hold the token (``phrase``, ``echo``)."""

    def __init__(self, phrase: bytes = PHRASE, echo: bytes = TOKEN.encode()) -> None:
        self.phrase = phrase
        self.echo = echo
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        connection, _ = self.server.accept()
        with connection:
            connection.recv(65536)
            body = b"{}"
            connection.sendall(
                b"HTTP/1.1 401 " + self.phrase + b"\r\n"
                b"x-debug-echo: " + self.echo + b"\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body) + body
            )

    def close(self) -> None:
        self.thread.join(5)
        self.server.close()


@pytest.mark.parametrize("asynchronous", [False, True])
def test_httpcore_trace_masks_a_status_line_and_header_echoing_the_token(
    caplog: pytest.LogCaptureFixture, asynchronous: bool
) -> None:
    caplog.set_level(logging.DEBUG)
    server = Echoing()

    async def main() -> None:
        async with AsyncPipedriveClient(
            api_token=TOKEN, base_url=server.url, max_retries=0
        ) as client:
            await client.v2.get_activity(id=1)

    try:
        with pytest.raises(AuthenticationError):
            if asynchronous:
                asyncio.run(main())
            else:
                with PipedriveClient(
                    api_token=TOKEN, base_url=server.url, max_retries=0
                ) as client:
                    client.v2.get_activity(id=1)
    finally:
        server.close()
    traced = [r.getMessage() for r in caplog.records if r.name.startswith("httpcore")]
    assert any("receive_response_headers.complete" in line for line in traced)
    assert TOKEN not in caplog.text
    assert "Unauthorized token ***" in caplog.text


# A token may be any printable ASCII: an apostrophe, a slash, a plus, an equals sign.
ODD_TOKEN = "tok'/+=:" + "QU0TE" * 12
ODD_FORMS = {
    "percent-encoded in lower case": re.sub(
        "%[0-9A-F]{2}", lambda hexa: hexa.group(0).lower(), quote(ODD_TOKEN, safe="")
    ),
    "JSON-escaped with \\/": json.dumps(ODD_TOKEN)[1:-1].replace("/", "\\/"),
}


@pytest.mark.parametrize("form", ODD_FORMS)
def test_httpx_line_masks_every_form_of_a_token_of_any_printable_ascii(
    caplog: pytest.LogCaptureFixture, form: str
) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    phrase = ("Unauthorized " + ODD_FORMS[form]).encode()

    def echo(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json={}, extensions={"reason_phrase": phrase})

    with PipedriveClient(
        api_token=ODD_TOKEN, transport=httpx.MockTransport(echo), max_retries=0
    ) as client:
        with pytest.raises(AuthenticationError):
            client.v2.get_activity(id=1)
    assert "QU0TE" not in caplog.text
    assert "***" in caplog.text


def test_httpcore_trace_masks_a_token_with_an_apostrophe_beside_a_double_quote(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """httpcore traces the status line and headers as bytes' repr, which writes the
    apostrophe as \\' in a value that holds a double quote too."""
    caplog.set_level(logging.DEBUG)
    quoted = b'"' + ODD_TOKEN.encode() + b'"'
    server = Echoing(phrase=b"Unauthorized " + quoted, echo=quoted)
    try:
        with PipedriveClient(
            api_token=ODD_TOKEN, base_url=server.url, max_retries=0
        ) as client:
            with pytest.raises(AuthenticationError):
                client.v2.get_activity(id=1)
    finally:
        server.close()
    traced = [r.getMessage() for r in caplog.records if r.name.startswith("httpcore")]
    assert any("receive_response_headers.complete" in line for line in traced)
    assert "QU0TE" not in caplog.text
