"""A server's answer is untrusted input: the generated client reads a body only up to
``max_response_size`` bytes decoded (a JSON answer, an error's, a token endpoint's, a
download), inflating a compressed one a bounded piece at a time, and an attempt only
for ``attempt_timeout`` seconds however slowly the server drips it (finding 9 and 10 of
the adversarial report). Through the committed package, over httpx's MockTransport with
a streamed body, and a local server on 127.0.0.1 for the slow drip."""

from __future__ import annotations

import asyncio
import gzip
import math
import socket
import threading
import time
import tracemalloc
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from pipedrive_client import (
    APITimeoutError,
    AsyncPipedriveClient,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
    ResponseTooLargeError,
)

TOKEN = "token-0123456789"
CREDENTIALS = OAuthCredentials("app-id", "app-secret-42", "https://example.org/cb")
LIMIT = 10_000
TOO_LARGE = (
    "GET /api/v2/activities/1 -> {status}: response body larger than "
    "max_response_size (10000 bytes, decoded); not read further"
)


class Streamed:
    """A body of ``size`` bytes in 1 KiB pieces, counting the pieces taken."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.taken = 0

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"success": true, "data": {"id": 1, "subject": "'
        for _ in range(self.size // 1024):
            self.taken += 1
            yield b"A" * 1024
        yield b'"}}'

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self:
            yield piece


def bomb(megabytes: int) -> bytes:
    """An activity whose subject inflates to ``megabytes`` MiB, gzipped twice (so one
    network read of it would inflate to far more than one read of a plain bomb)."""
    inner = gzip.compress(
        b'{"success": true, "data": {"subject": "' + b"A" * (megabytes << 20) + b'"}}',
        compresslevel=9,
    )
    return gzip.compress(inner, compresslevel=9)


def test_a_json_answer_past_the_cap_stops_being_read() -> None:
    body = Streamed(1 << 20)
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=body))
    with PipedriveClient(
        api_token=TOKEN, transport=transport, max_response_size=LIMIT
    ) as client:
        with pytest.raises(ResponseTooLargeError) as caught:
            client.v2.get_activity(id=1)
    assert str(caught.value) == TOO_LARGE.format(status=200)
    assert caught.value.limit == LIMIT and caught.value.status_code == 200
    assert body.taken <= LIMIT // 1024 + 1  # not one piece more than it needed


def test_a_body_within_the_cap_is_read_whole() -> None:
    body = Streamed(8 * 1024)
    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=body))
    with PipedriveClient(
        api_token=TOKEN, transport=transport, max_response_size=LIMIT
    ) as client:
        activity = client.v2.get_activity(id=1)
    assert activity.data is not None and activity.data.subject == "A" * 8 * 1024


def test_a_nested_gzip_bomb_is_refused_before_it_fills_memory() -> None:
    wire = bomb(64)

    def pieces() -> Iterator[bytes]:
        for start in range(0, len(wire), 4096):
            yield wire[start : start + 4096]

    transport = httpx.MockTransport(
        lambda r: httpx.Response(
            200, content=pieces(), headers={"content-encoding": "gzip, gzip"}
        )
    )
    with PipedriveClient(
        api_token=TOKEN, transport=transport, max_response_size=LIMIT
    ) as client:
        tracemalloc.start()
        try:
            with pytest.raises(ResponseTooLargeError) as caught:
                client.v2.get_activity(id=1)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert str(caught.value) == TOO_LARGE.format(status=200)
    assert peak < 4 << 20  # 64 MiB inflated whole, or one read of it, would not fit


def test_a_gzipped_body_within_the_cap_is_inflated() -> None:
    wire = gzip.compress(b'{"success": true, "data": {"id": 7}}')
    transport = httpx.MockTransport(
        lambda r: httpx.Response(
            200,
            content=iter([wire[:5], wire[5:]]),
            headers={"content-encoding": "gzip"},
        )
    )
    with PipedriveClient(api_token=TOKEN, transport=transport) as client:
        activity = client.v2.get_activity(id=1)
    assert activity.data is not None and activity.data.id == 7


def test_an_error_answer_past_the_cap_is_not_read_whole() -> None:
    body = Streamed(1 << 20)
    transport = httpx.MockTransport(lambda r: httpx.Response(404, content=body))
    with PipedriveClient(
        api_token=TOKEN, transport=transport, max_response_size=LIMIT
    ) as client:
        with pytest.raises(ResponseTooLargeError) as caught:
            client.v2.get_activity(id=1)
    assert str(caught.value) == TOO_LARGE.format(status=404)
    assert body.taken <= LIMIT // 1024 + 1


def test_an_async_answer_past_the_cap_stops_being_read() -> None:
    body = Streamed(1 << 20)

    async def main() -> None:
        transport = httpx.MockTransport(
            lambda r: httpx.Response(200, content=body.__aiter__())
        )
        async with AsyncPipedriveClient(
            api_token=TOKEN, transport=transport, max_response_size=LIMIT
        ) as client:
            await client.v2.get_activity(id=1)

    with pytest.raises(ResponseTooLargeError) as caught:
        asyncio.run(main())
    assert str(caught.value) == TOO_LARGE.format(status=200)
    assert body.taken <= LIMIT // 1024 + 1


def token_endpoint(request: httpx.Request) -> httpx.Response:
    if request.url.host == "oauth.pipedrive.com":
        return httpx.Response(200, content=Streamed(1 << 20))
    return httpx.Response(200, json={"success": True, "data": None})


def async_token_endpoint(request: httpx.Request) -> httpx.Response:
    if request.url.host == "oauth.pipedrive.com":
        return httpx.Response(200, content=Streamed(1 << 20).__aiter__())
    return httpx.Response(200, json={"success": True, "data": None})


def test_a_token_answer_past_the_cap_is_refused_on_exchange() -> None:
    transport = httpx.MockTransport(token_endpoint)
    with PipedriveClient(
        oauth=CREDENTIALS, transport=transport, max_response_size=LIMIT
    ) as client:
        with pytest.raises(ResponseTooLargeError, match="-> 200: response body"):
            client.exchange_code("the-code")


def test_a_token_answer_past_the_cap_is_refused_on_refresh() -> None:
    expired = OAuthTokens(access_token="a-0", refresh_token="r-0", expires_at=1000.0)

    async def main() -> None:
        async with AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=expired,
            transport=httpx.MockTransport(async_token_endpoint),
            max_response_size=LIMIT,
            clock=lambda: 5000.0,
        ) as client:
            await client.v2.get_activity(id=1)

    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=expired,
        transport=httpx.MockTransport(token_endpoint),
        max_response_size=LIMIT,
        clock=lambda: 5000.0,
    ) as client:
        with pytest.raises(ResponseTooLargeError, match="POST /oauth/token -> 200"):
            client.v2.get_activity(id=1)
    with pytest.raises(ResponseTooLargeError, match="POST /oauth/token -> 200"):
        asyncio.run(main())


def test_a_401_past_the_cap_is_not_read_whole_before_a_refresh() -> None:
    body = Streamed(1 << 20)
    tokens = OAuthTokens(access_token="a-0", refresh_token="r-0", expires_at=10**10)
    transport = httpx.MockTransport(lambda r: httpx.Response(401, content=body))
    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=tokens,
        transport=transport,
        max_response_size=LIMIT,
    ) as client:
        with pytest.raises(ResponseTooLargeError, match="-> 401: response body"):
            client.v2.get_activity(id=1)
    assert body.taken <= LIMIT // 1024 + 1


def test_the_limits_refuse_what_limits_nothing() -> None:
    with pytest.raises(ValueError, match="max_response_size must be a positive"):
        PipedriveClient(api_token=TOKEN, max_response_size=0)
    with pytest.raises(ValueError, match="attempt_timeout must be a positive"):
        PipedriveClient(api_token=TOKEN, attempt_timeout=0)


class Dripping:
    """A server on 127.0.0.1 that sends its answer one byte every ``pause`` seconds:
    the body (``headers_first``), the whole answer, or all but its status line
    (``status_first``); to ``answers`` requests, on as many connections as the client
    opens (a connection it keeps open gets the next answer)."""

    def __init__(
        self,
        *,
        headers_first: bool,
        pause: float = 0.05,
        status_first: bool = False,
        answers: int = 1,
        padding: int = 200,
    ) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.1)  # so that close() stops it while it waits
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.headers_first = headers_first
        self.status_first = status_first
        self.pause = pause
        self.answers = answers
        self.padding = padding
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        served = 0
        while served < self.answers and not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            self.connections += 1
            with connection:
                connection.settimeout(None)
                while served < self.answers and connection.recv(65536):
                    served += 1
                    if not self.answer(connection):
                        break

    def answer(self, connection: socket.socket) -> bool:
        """Whether the whole answer went out."""
        body = b'{"success": true, "data": null}' + b" " * self.padding
        status = b"HTTP/1.1 200 OK\r\n"
        head = status + b"Content-Type: application/json\r\n"
        head += b"Content-Length: %d\r\n\r\n" % len(body)
        if self.headers_first:
            connection.sendall(head)
            dripped = body
        elif self.status_first:
            connection.sendall(status)
            dripped = head[len(status) :] + body
        else:
            dripped = head + body
        for index in range(len(dripped)):
            if self.stop.wait(self.pause):
                return False
            try:
                connection.sendall(dripped[index : index + 1])
            except OSError:  # the client gave up
                return False
        return True

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.server.close()


@pytest.mark.parametrize("options", [{"timeout": 0.3}, {"attempt_timeout": 0.3}])
def test_a_slow_drip_body_ends_at_the_attempt_timeout(
    options: dict[str, float],
) -> None:
    server = Dripping(headers_first=True)
    try:
        with PipedriveClient(
            api_token=TOKEN, base_url=server.url, max_retries=0, **options
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as caught:
                client.v2.get_activity(id=1)
            took = time.monotonic() - started
    finally:
        server.close()
    assert str(caught.value) == (
        "GET /api/v2/activities/1: no response after 1 attempt: TimeoutException: "
        "the response did not arrive whole within attempt_timeout (0.3 s)"
    )
    assert took < 1.5  # the drip takes 12 s; each byte comes well within 0.3 s


@pytest.mark.parametrize("headers_first", [True, False])
def test_a_slow_drip_ends_at_the_attempt_timeout_async(headers_first: bool) -> None:
    server = Dripping(headers_first=headers_first)

    async def main() -> float:
        async with AsyncPipedriveClient(
            api_token=TOKEN, base_url=server.url, max_retries=0, timeout=0.3
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"attempt_timeout \(0.3 s\)"):
                await client.v2.get_activity(id=1)
            return time.monotonic() - started

    try:
        took = asyncio.run(main())
    finally:
        server.close()
    assert took < 1.5


def test_an_attempt_timeout_shorter_than_timeout_bounds_each_read() -> None:
    server = Dripping(headers_first=True, pause=5.0)  # headers, then a long silence
    try:
        with PipedriveClient(
            api_token=TOKEN, base_url=server.url, max_retries=0, attempt_timeout=0.3
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match=r"attempt_timeout \(0.3 s\)"):
                client.v2.get_activity(id=1)
            took = time.monotonic() - started
    finally:
        server.close()
    assert took < 1.5  # not the 60 s read timeout, nor the 5 s silence


@pytest.mark.parametrize("options", [{"timeout": 0.5}, {"attempt_timeout": 0.5}])
def test_a_slow_drip_of_status_line_and_headers_ends_at_the_attempt_timeout(
    options: dict[str, float],
) -> None:
    server = Dripping(headers_first=False, status_first=True, pause=0.2, answers=2)
    try:
        with PipedriveClient(
            api_token=TOKEN, base_url=server.url, max_retries=0, **options
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as caught:
                client.v2.get_activity(id=1)
            took = time.monotonic() - started
            server.pause = 0.0  # the next call, answered at once, is not cut short
            assert client.v2.get_activity(id=1).data is None
    finally:
        server.close()
    assert str(caught.value) == (
        "GET /api/v2/activities/1: no response after 1 attempt: TimeoutException: "
        "the response did not arrive whole within attempt_timeout (0.5 s)"
    )
    assert took < 1.0  # the headers alone take 12 s; each byte comes within 0.5 s


def test_each_retry_of_a_slow_drip_has_a_deadline_of_its_own() -> None:
    server = Dripping(headers_first=False, pause=0.1, answers=2)
    waits: list[float] = []
    try:
        with PipedriveClient(
            api_token=TOKEN,
            base_url=server.url,
            max_retries=1,
            attempt_timeout=0.5,
            sleep=waits.append,
        ) as client:
            started = time.monotonic()
            with pytest.raises(APITimeoutError, match="after 2 attempts"):
                client.v2.get_activity(id=1)
            took = time.monotonic() - started
    finally:
        server.close()
    assert len(waits) == 1 and server.connections == 2
    assert 0.9 < took < 1.8  # two attempts of 0.5 s each


def test_the_sleep_between_retries_is_no_part_of_the_attempt() -> None:
    """The caller's sleep between retries runs once the attempt is over: a client of
    the caller's own on the same transport= is not cut short there by the deadline of
    the attempt that timed out."""
    slow = Dripping(headers_first=False, pause=0.1, answers=2)
    fast = Dripping(headers_first=False, pause=0.0)
    transport = httpx.HTTPTransport()
    theirs = httpx.Client(transport=transport)
    answered: list[int] = []

    def sleep(seconds: float) -> None:
        answered.append(theirs.get(fast.url).status_code)

    try:
        with PipedriveClient(
            api_token=TOKEN,
            base_url=slow.url,
            transport=transport,
            max_retries=1,
            attempt_timeout=0.3,
            sleep=sleep,
        ) as client:
            with pytest.raises(APITimeoutError, match="after 2 attempts"):
                client.v2.get_activity(id=1)
    finally:
        theirs.close()
        slow.close()
        fast.close()
    assert answered == [200]


# The caller's own code, run during an attempt: longer than the attempt may take.
SLOW = 0.6
TOKENS = {"access_token": "a-1", "refresh_token": "r-1", "expires_in": 3600}


def streamed_answers(request: httpx.Request) -> httpx.Response:
    """A new token pair, or the activity in pieces (each checked against the
    attempt's deadline as it arrives)."""
    if request.url.host == "oauth.pipedrive.com":
        return httpx.Response(200, json=TOKENS)
    return httpx.Response(200, content=Streamed(2048))


def async_streamed_answers(request: httpx.Request) -> httpx.Response:
    if request.url.host == "oauth.pipedrive.com":
        return httpx.Response(200, json=TOKENS)
    return httpx.Response(200, content=Streamed(2048).__aiter__())


def test_on_token_refresh_takes_none_of_the_attempts_time() -> None:
    """Saving the new tokens (a slow database) is the caller's time, not the
    server's: the attempt that refreshed them does not time out for it, sync and
    async, and the callback has them once."""
    expired = OAuthTokens(access_token="a-0", refresh_token="r-0", expires_at=1000.0)
    saved: list[OAuthTokens] = []

    def save(tokens: OAuthTokens) -> None:
        time.sleep(SLOW)
        saved.append(tokens)

    options = dict(
        oauth=CREDENTIALS,
        oauth_tokens=expired,
        on_token_refresh=save,
        attempt_timeout=0.3,
        max_retries=0,
        clock=lambda: 5000.0,
    )
    with PipedriveClient(
        transport=httpx.MockTransport(streamed_answers), **options  # type: ignore[arg-type]
    ) as client:
        assert client.v2.get_activity(id=1).data.id == 1

    async def main() -> int:
        async with AsyncPipedriveClient(
            transport=httpx.MockTransport(async_streamed_answers), **options  # type: ignore[arg-type]
        ) as client:
            return (await client.v2.get_activity(id=1)).data.id

    assert asyncio.run(main()) == 1
    assert [tokens.access_token for tokens in saved] == ["a-1", "a-1"]


def test_the_http_clients_event_hooks_take_none_of_the_attempts_time() -> None:
    """The event hooks of an http client the caller gives (a log of each response to
    a slow store) run as no part of the attempt: it does not time out for them, sync
    and async; each hook runs once per exchange."""
    ran: list[str] = []

    def hook(response: httpx.Response) -> None:
        time.sleep(SLOW)
        ran.append("sync")

    async def async_hook(response: httpx.Response) -> None:
        await asyncio.sleep(SLOW)
        ran.append("async")

    http = httpx.Client(
        transport=httpx.MockTransport(streamed_answers),
        event_hooks={"request": [lambda request: None], "response": [hook]},
    )
    with PipedriveClient(
        api_token=TOKEN, http_client=http, attempt_timeout=0.3, max_retries=0
    ) as client:
        assert client.v2.get_activity(id=1).data.id == 1
    http.close()

    async def main() -> int:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(async_streamed_answers),
            event_hooks={"response": [async_hook]},
        ) as http:
            async with AsyncPipedriveClient(
                api_token=TOKEN, http_client=http, attempt_timeout=0.3, max_retries=0
            ) as client:
                return (await client.v2.get_activity(id=1)).data.id

    assert asyncio.run(main()) == 1
    assert ran == ["sync", "async"]


def test_event_hooks_added_after_the_client_take_none_of_the_attempts_time() -> None:
    """A hook added to the given http client after the client was made (appended, or
    a new event_hooks) runs as no part of the attempt as well (fuzzH/02); the caller's
    event_hooks still hold their own hooks, not the client's wrappers."""
    ran: list[str] = []

    def hook(response: httpx.Response) -> None:
        time.sleep(SLOW)
        ran.append("sync")

    async def async_hook(response: httpx.Response) -> None:
        await asyncio.sleep(SLOW)
        ran.append("async")

    http = httpx.Client(transport=httpx.MockTransport(streamed_answers))
    with PipedriveClient(
        api_token=TOKEN, http_client=http, attempt_timeout=0.3, max_retries=0
    ) as client:
        http.event_hooks["response"].append(hook)
        assert client.v2.get_activity(id=1).data.id == 1
        http.event_hooks = {"response": [hook]}
        assert client.v2.get_activity(id=1).data.id == 1
        assert http.event_hooks == {"request": [], "response": [hook]}
    http.close()

    async def main() -> int:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(async_streamed_answers)
        ) as http:
            async with AsyncPipedriveClient(
                api_token=TOKEN, http_client=http, attempt_timeout=0.3, max_retries=0
            ) as client:
                http.event_hooks = {"response": [async_hook]}
                activity = await client.v2.get_activity(id=1)
                assert http.event_hooks["response"] == [async_hook]
                return activity.data.id

    assert asyncio.run(main()) == 1
    assert ran == ["sync", "sync", "async"]


def slow_body() -> Iterator[bytes]:
    """The activity in pieces over 0.3 s."""
    yield b'{"success": true, "data": {"id": 1, "subject": "'
    for _ in range(3):
        time.sleep(0.1)
        yield b"A"
    yield b'"}}'


async def async_slow_body() -> AsyncIterator[bytes]:
    yield b'{"success": true, "data": {"id": 1, "subject": "'
    for _ in range(3):
        await asyncio.sleep(0.1)
        yield b"A"
    yield b'"}}'


def test_an_oauth_refresh_is_no_part_of_the_requests_attempt() -> None:
    """The refresh made before a request is sent has a deadline of its own: a 0.4 s
    token endpoint and a 0.3 s answer, each within attempt_timeout (0.5 s), are no
    timeout together (fuzzH/05), sync and async."""

    def answers(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            time.sleep(0.4)
            return httpx.Response(200, json=TOKENS)
        return httpx.Response(200, content=slow_body())

    async def async_answers(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            await asyncio.sleep(0.4)
            return httpx.Response(200, json=TOKENS)
        return httpx.Response(200, content=async_slow_body())

    options = dict(
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens("a-0", "r-0", expires_at=1000.0),
        attempt_timeout=0.5,
        max_retries=0,
        clock=lambda: 5000.0,
    )
    with PipedriveClient(
        transport=httpx.MockTransport(answers), **options  # type: ignore[arg-type]
    ) as client:
        assert client.v2.get_activity(id=1).data.id == 1

    async def main() -> int:
        async with AsyncPipedriveClient(
            transport=httpx.MockTransport(async_answers), **options  # type: ignore[arg-type]
        ) as client:
            return (await client.v2.get_activity(id=1)).data.id

    assert asyncio.run(main()) == 1


def test_a_client_without_deadline_sending_inside_an_attempt_is_bounded_by_it() -> None:
    """A client whose transport calls a second client with no attempt deadline of its
    own (a proxy, say): what the second one reads is part of the first one's attempt,
    and ends at its deadline, not after the second one's 12 s drip."""
    server = Dripping(headers_first=True)
    inner = PipedriveClient(
        api_token=TOKEN, base_url=server.url, max_retries=0, attempt_timeout=math.inf
    )

    def through_inner(request: httpx.Request) -> httpx.Response:
        inner.v2.get_activity(id=1)
        return httpx.Response(200, json={"success": True, "data": None})

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
            with pytest.raises(APITimeoutError):
                outer.v2.get_activity(id=1)
            took = time.monotonic() - started
    finally:
        server.close()
    assert took < 1.5  # the drip takes 12 s


def test_an_oauth_client_without_deadline_inside_an_attempt_leaves_it_alone() -> None:
    """A client whose transport calls an OAuth client with no attempt deadline of its
    own: the second one's flow restarts no clock but its own (it has none), so the
    first one's attempt ends at its own deadline (0.5 s, not 0.5 s after the second
    one's request went out, at 0.45 s) and its timeout names its own request."""
    inner = AsyncPipedriveClient(
        transport=httpx.MockTransport(
            lambda request: httpx.Response(200, json={"success": True, "data": None})
        ),
        base_url="https://inner.pipedrive.com/api/v2",
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens("a-0", "r-0", expires_at=9000.0),
        clock=lambda: 5000.0,
        attempt_timeout=math.inf,
    )

    class ThroughInner(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0.45)
            await inner.v2.get_activity(id=7)
            await asyncio.sleep(5)  # the outer request's own answer never comes
            return httpx.Response(200, json={"success": True, "data": None})

    async def main() -> tuple[float, APITimeoutError]:
        async with (
            inner,
            AsyncPipedriveClient(
                api_token=TOKEN,
                transport=ThroughInner(),
                max_retries=0,
                attempt_timeout=0.5,
            ) as outer,
        ):
            started = time.monotonic()
            with pytest.raises(APITimeoutError) as raised:
                await outer.v2.get_activity(id=1)
            return time.monotonic() - started, raised.value

    took, error = asyncio.run(main())
    cause = error.__cause__
    assert isinstance(cause, httpx.TimeoutException)
    assert cause.request.url.host == "api.pipedrive.com", cause.request.url
    assert took < 0.85  # not 0.95 and more
