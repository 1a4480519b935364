"""How the generated client weighs the end of an attempt (``_outcome.py``, ``_retry.py``,
the send loops), as the adversarial report (fuzzJ) found it wanting: its own log lines
mask a secret the caller passed as a value, as httpx's line does; a transport error is
kept as the cause only when nothing it keeps quotes a secret; a refresh that fails
before a POST is retried alike by both clients, whatever the spelling of the token URL;
backoff stays capped however many retries; and a nested client's attempt is bounded by
the nearer deadline. Through the committed package, over httpx's MockTransport and a
local server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from typing import Any

import httpx
import pytest

from pipedrive_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncPipedriveClient,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
    ServerError,
)

TOKEN = "0123456789abcdef0123456789abcdef"
PAGE = {"success": True, "data": []}
CREDENTIALS = OAuthCredentials("app-id", "app-secret-42", "https://example.org/cb")
TOKENS = {
    "access_token": "a-1",
    "refresh_token": "r-1",
    "expires_in": 3600,
    "api_domain": "https://acme.pipedrive.com",
}


def test_the_packages_log_masks_a_secret_the_caller_passed_as_a_value(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The api token passed as a query value (a caller's mistake) shows as *** in the
    client's own lines, as in httpx's (fuzzJ/02)."""
    answers = [
        httpx.ConnectError("reset"),
        httpx.Response(503, json={"success": False}),
        httpx.Response(200, json=PAGE),
    ]

    def answer(request: httpx.Request) -> httpx.Response:
        next_answer = answers.pop(0)
        if isinstance(next_answer, Exception):
            raise next_answer
        return next_answer

    caplog.set_level(logging.DEBUG)
    with PipedriveClient(
        api_token=TOKEN,
        transport=httpx.MockTransport(answer),
        sleep=lambda seconds: None,
        jitter=lambda: 0.0,
    ) as client:
        client.v2.get_activities(cursor=TOKEN)
    lines = [r.getMessage() for r in caplog.records if r.name == "pipedrive_client"]
    url = "https://api.pipedrive.com/api/v2/activities?cursor=***"
    assert lines == [
        f"GET {url} -> ConnectError",
        f"retrying GET {url} in 0.50 s (retry 1 of 2)",
        f"GET {url} -> 503 Service Unavailable",
        f"retrying GET {url} in 1.00 s (retry 2 of 2)",
        f"GET {url} -> 200 OK",
    ]
    assert not any(TOKEN in r.getMessage() for r in caplog.records)


def refused_while_handling(request: httpx.Request) -> httpx.Response:
    """A ConnectError with a clean cause, raised while handling an error that quotes
    the token: the context an explicit cause hides from a traceback (fuzzJ/10)."""
    try:
        raise OSError(f"proxy refused x-api-token: {request.headers['x-api-token']}")
    except OSError:
        raise httpx.ConnectError("proxy handshake failed") from ConnectionResetError()


def refused_with_a_note(request: httpx.Request) -> httpx.Response:
    error = httpx.ConnectError("proxy handshake failed")
    error.add_note(f"sent x-api-token: {request.headers['x-api-token']}")
    raise error


def refused_in_a_group(request: httpx.Request) -> httpx.Response:
    """The secret on the context of an exception in a group (which the group's repr,
    showing each exception's own, does not show)."""
    refusal = ConnectionRefusedError("refused")
    refusal.__context__ = OSError(
        f"refused x-api-token: {request.headers['x-api-token']}"
    )
    group = ExceptionGroup("no proxy answered", [refusal])
    raise httpx.ConnectError("no proxy answered") from group


@pytest.mark.parametrize(
    "refuse", [refused_while_handling, refused_with_a_note, refused_in_a_group]
)
def test_a_cause_that_keeps_a_secret_anywhere_is_not_kept(refuse: object) -> None:
    with PipedriveClient(
        api_token=TOKEN,
        transport=httpx.MockTransport(refuse),  # type: ignore[arg-type]
        max_retries=0,
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.v2.get_activity(id=1)
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None


@pytest.mark.parametrize(
    "token_url",
    [
        "https://oauth.pipedrive.com/oauth/token",
        "https://OAuth.Pipedrive.com/oauth/token",
        "https://oauth.pipedrive.com:443/oauth/token",
    ],
)
def test_a_failed_refresh_before_a_post_is_retried_whatever_the_token_urls_spelling(
    token_url: str,
) -> None:
    """The API saw nothing of a POST whose refresh got no answer: it is sent again,
    however the spec spells its tokenUrl (fuzzJ/09)."""
    token_requests: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            token_requests.append(request)
            if len(token_requests) == 1:
                raise httpx.ConnectError("reset")
            return httpx.Response(200, json=TOKENS)
        return httpx.Response(201, json={"success": True, "data": {"id": 1}})

    class Client(PipedriveClient):
        pass

    Client.token_url = token_url
    with Client(
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens("a-0", "r-0", expires_at=1000.0),
        clock=lambda: 5000.0,
        transport=httpx.MockTransport(answer),
        sleep=lambda seconds: None,
    ) as client:
        assert client.v2.add_activity(subject="Call").data.id == 1
    assert len(token_requests) == 2


class Dripping:
    """A server on 127.0.0.1 that drips its status line a byte every 0.05 s, on every
    connection, until the client gives up; it counts the requests."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)  # so that close() stops it while it waits
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.requests = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(None)
                if connection.recv(65536):
                    self.requests += 1
                    self.drip(connection)

    def drip(self, connection: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\n" * 100:
            if self.stop.wait(0.05):
                return
            try:
                connection.sendall(bytes([byte]))
            except OSError:  # the client gave up
                return

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.server.close()


def test_a_refresh_that_times_out_before_a_post_is_retried_by_both_clients() -> None:
    """The refresh before a POST takes longer than attempt_timeout: the API saw
    nothing, so both clients send it again, and name the token request (fuzzJ/05:
    the async client named the POST and gave up)."""
    endpoint = Dripping()

    class Client(PipedriveClient):
        token_url = endpoint.url + "/oauth/token"

    class AsyncClient(AsyncPipedriveClient):
        token_url = endpoint.url + "/oauth/token"

    options: dict[str, Any] = dict(
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens("a-0", "r-0", expires_at=1000.0),
        clock=lambda: 5000.0,
        attempt_timeout=0.3,
        max_retries=1,
    )
    try:
        with Client(sleep=lambda seconds: None, **options) as client:
            with pytest.raises(APITimeoutError) as raised:
                client.v2.add_activity(subject="Call")
        sync_requests, endpoint.requests = endpoint.requests, 0

        async def nothing(seconds: float) -> None:
            pass

        async def main() -> APITimeoutError:
            async with AsyncClient(async_sleep=nothing, **options) as client:
                with pytest.raises(APITimeoutError) as raised:
                    await client.v2.add_activity(subject="Call")
            return raised.value

        async_error = asyncio.run(main())
    finally:
        endpoint.close()
    assert (sync_requests, endpoint.requests) == (2, 2)
    for error in (raised.value, async_error):
        assert str(error).startswith(
            "POST /oauth/token: no response after 2 attempts: TimeoutException"
        )


def test_backoff_stays_capped_past_a_thousand_retries() -> None:
    """max_retries past 1024 against a steady 503: each wait max_delay, then the
    ServerError (fuzzJ/04: 2.0 ** 1025 raised OverflowError out of the client)."""
    sleeps: list[float] = []
    with PipedriveClient(
        api_token=TOKEN,
        transport=httpx.MockTransport(
            lambda request: httpx.Response(503, json={"success": False})
        ),
        max_retries=1100,
        sleep=sleeps.append,
        jitter=lambda: 0.0,
    ) as client:
        with pytest.raises(ServerError):
            client.v2.get_activity(id=1)
    assert len(sleeps) == 1100
    assert sleeps[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert set(sleeps[4:]) == {8.0}


def test_a_client_sending_inside_an_attempt_ends_at_the_nearer_deadline() -> None:
    """A client whose transport calls a second client with a longer attempt_timeout of
    its own (3 s): what the second one reads ends at the first one's deadline (0.3 s),
    as asyncio's nested timeouts do (fuzzJ/08: it ran to its own)."""
    server = Dripping()
    inner = PipedriveClient(
        api_token=TOKEN, base_url=server.url, max_retries=0, attempt_timeout=3
    )

    def through_inner(request: httpx.Request) -> httpx.Response:
        inner.v2.get_activity(id=1)
        return httpx.Response(200, json=PAGE)

    try:
        with (
            inner,
            PipedriveClient(
                api_token=TOKEN,
                transport=httpx.MockTransport(through_inner),
                max_retries=0,
                attempt_timeout=0.3,
            ) as outer,
        ):
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"attempt_timeout \(0.3 s\)"):
                outer.v2.get_activity(id=1)
            took = time.monotonic() - started
    finally:
        server.close()
    assert took < 1.5  # the inner client's own deadline is 3 s
