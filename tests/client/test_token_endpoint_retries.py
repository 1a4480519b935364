"""The token endpoint's 429, 502, 503 and 504 to a refresh are retried as the API's own
answers are, honouring ``Retry-After``, within the same ``max_retries``, and whatever
the call's method: the API saw nothing (fuzzJ 06)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from oauth_support import ACTIVITY, async_oauth_client, oauth_client
from pipedrive_client import OAuthError

TOKENS = {"access_token": "access-B", "refresh_token": "refresh-B", "expires_in": 3600}


class Pipedrive:
    """A token endpoint that answers ``first`` before it issues a pair; the API."""

    def __init__(self, *first: httpx.Response) -> None:
        self.first = list(first)
        self.seen: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        if request.url.host != "oauth.pipedrive.com":
            return httpx.Response(200, json=ACTIVITY)
        if self.first:
            return self.first.pop(0)
        return httpx.Response(200, json=TOKENS)


def call(flavour: str, method: str, fake: Pipedrive, **options: Any) -> list[float]:
    """Call the API with an expired pair (``method``: GET or POST); the waits slept."""
    slept: list[float] = []
    transport = httpx.MockTransport(fake)
    if flavour == "sync":
        with oauth_client(transport, sleep=slept.append, **options) as client:
            send: Callable[[], object] = (
                (lambda: client.v2.get_activity(id=1))
                if method == "GET"
                else (lambda: client.v2.add_activity(subject="Call"))
            )
            send()
        return slept

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    async def main() -> None:
        async with async_oauth_client(
            transport, async_sleep=asleep, **options
        ) as client:
            if method == "GET":
                await client.v2.get_activity(id=1)
            else:
                await client.v2.add_activity(subject="Call")

    asyncio.run(main())
    return slept


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("status", [429, 502, 503, 504])
def test_a_refresh_answered_with_a_retried_status_is_retried_after_retry_after(
    flavour: str, method: str, status: int
) -> None:
    fake = Pipedrive(
        httpx.Response(status, headers={"Retry-After": "3"}, json={"error": "later"})
    )
    assert call(flavour, method, fake) == [3.0]
    path = "/api/v2/activities" + ("/1" if method == "GET" else "")
    assert fake.seen == ["POST /oauth/token", "POST /oauth/token", f"{method} {path}"]


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_the_token_endpoints_retries_share_max_retries(flavour: str) -> None:
    """Its 429 answered every time: raised once ``max_retries`` are spent, as an
    OAuthError with the last answer, the API never called."""
    busy = [
        httpx.Response(429, headers={"Retry-After": "1"}, json={"error": "slow down"})
        for _ in range(3)
    ]
    fake = Pipedrive(*busy)
    with pytest.raises(OAuthError) as raised:
        call(flavour, "GET", fake, max_retries=1)
    assert raised.value.status_code == 429
    assert fake.seen == ["POST /oauth/token", "POST /oauth/token"]
