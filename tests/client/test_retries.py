"""What the runtime's docstrings promise about retries and 401s, through the generated
client (issue 17, "Must show"): ``Retry-After`` is honoured on 502/503/504 as on 429, a
``Retry-After`` date in the past (clock skew) waits nothing rather than a negative
time, and calls that meet a 401 together refresh the token once."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    NotFoundError,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
)

ACTIVITY = {"success": True, "data": {"id": 1, "subject": "Call"}}
CREDENTIALS = OAuthCredentials("app-id", "app-secret-42", "https://example.org/cb")
NOW = 1_700_000_000.0
CALLS = 5


class Script:
    """Answers each request with the next status and headers, then 200."""

    def __init__(self, *answers: tuple[int, dict[str, str]]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.answers:
            status, headers = self.answers.pop(0)
            return httpx.Response(status, json={"success": False}, headers=headers)
        return httpx.Response(200, json=ACTIVITY)


@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_retry_after_is_waited_for_on_every_retried_status(status: int) -> None:
    script, sleeps = Script((status, {"Retry-After": "7"})), list[float]()
    with PipedriveClient(
        api_token="token-0123",
        transport=httpx.MockTransport(script),
        sleep=sleeps.append,
        jitter=lambda: 0.0,
    ) as client:
        client.v1.get_activity(id=1)
    assert sleeps == [7.0]
    assert len(script.requests) == 2


def test_a_retry_after_date_in_the_past_waits_nothing() -> None:
    an_hour_ago = formatdate(NOW - 3600, usegmt=True)
    script, sleeps = Script((503, {"Retry-After": an_hour_ago})), list[float]()
    with PipedriveClient(
        api_token="token-0123",
        transport=httpx.MockTransport(script),
        sleep=sleeps.append,
        clock=lambda: NOW,
        jitter=lambda: 0.0,
    ) as client:
        client.v2.get_activity(id=1)
    assert sleeps == [0.0]
    assert len(script.requests) == 2


ABSURD_DATE = "Mon, 01 Jan 99999999999999999999 00:00:00 GMT"


def test_a_retry_after_date_in_an_absurd_year_reads_as_none() -> None:
    """A year no datetime holds (OverflowError inside the date parser) is a malformed
    header like any other: the typed status error comes through, sync and async, and a
    429 backs off as if the header were not there."""
    script = Script(
        (404, {"Retry-After": ABSURD_DATE}), (429, {"Retry-After": ABSURD_DATE})
    )
    sleeps = list[float]()
    with PipedriveClient(
        api_token="token-0123",
        transport=httpx.MockTransport(script),
        sleep=sleeps.append,
        jitter=lambda: 0.0,
    ) as client:
        with pytest.raises(NotFoundError) as raised:
            client.v1.get_activity(id=1)
        assert raised.value.rate_limit.retry_after is None
        client.v1.get_activity(id=1)  # the 429, retried after the backoff
    assert sleeps == [0.5]

    async def main() -> None:
        script = Script((404, {"Retry-After": ABSURD_DATE}))
        async with AsyncPipedriveClient(
            api_token="token-0123", transport=httpx.MockTransport(script)
        ) as client:
            with pytest.raises(NotFoundError) as raised:
                await client.v2.get_activity(id=1)
            assert raised.value.rate_limit.retry_after is None

    asyncio.run(main())


class Pipedrive:
    """Refuses the stale access token with 401 once ``CALLS`` requests hold it (so
    that every call meets its 401 before any refresh), and issues fresh tokens."""

    def __init__(self, wait: object) -> None:
        self.wait = wait
        self.token_requests = 0
        self.api_requests = 0

    def token(self) -> httpx.Response:
        self.token_requests += 1
        fresh = {"access_token": f"fresh-{self.token_requests}", "expires_in": 3600}
        return httpx.Response(200, json=fresh)

    def answer(self, request: httpx.Request) -> httpx.Response:
        if request.headers["authorization"] == "Bearer stale-0123":
            return httpx.Response(401, json={"success": False, "error": "expired"})
        return httpx.Response(200, json=ACTIVITY)


def stale() -> OAuthTokens:
    return OAuthTokens("stale-0123", "refresh-0123", expires_at=NOW + 3600)


def test_async_calls_meeting_a_401_together_refresh_once() -> None:
    async def main() -> Pipedrive:
        everyone_in = asyncio.Event()
        fake = Pipedrive(everyone_in)
        stale_seen = 0

        async def handler(request: httpx.Request) -> httpx.Response:
            nonlocal stale_seen
            if request.url.host == "oauth.pipedrive.com":
                return fake.token()
            fake.api_requests += 1
            if request.headers["authorization"] == "Bearer stale-0123":
                stale_seen += 1
                if stale_seen == CALLS:
                    everyone_in.set()
                await everyone_in.wait()
            return fake.answer(request)

        async with AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=stale(),
            transport=httpx.MockTransport(handler),
            clock=lambda: NOW,
        ) as client:
            results = await asyncio.gather(
                *(client.v2.get_activity(id=n) for n in range(CALLS))
            )
        assert all(result.data is not None for result in results)
        return fake

    fake = asyncio.run(main())
    assert fake.token_requests == 1
    assert fake.api_requests == 2 * CALLS


def test_threads_meeting_a_401_together_refresh_once() -> None:
    everyone_in = threading.Barrier(CALLS, timeout=120)  # (no hang if one is missing)
    fake = Pipedrive(everyone_in)
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            with lock:
                return fake.token()
        with lock:
            fake.api_requests += 1
        if request.headers["authorization"] == "Bearer stale-0123":
            everyone_in.wait()
        return fake.answer(request)

    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=stale(),
        transport=httpx.MockTransport(handler),
        clock=lambda: NOW,
    ) as client:
        with ThreadPoolExecutor(max_workers=CALLS) as pool:
            results = list(
                pool.map(lambda n: client.v1.get_activity(id=n), range(CALLS))
            )
    assert all(result.data is not None for result in results)
    assert fake.token_requests == 1
    assert fake.api_requests == 2 * CALLS
