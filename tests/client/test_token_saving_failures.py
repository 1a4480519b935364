"""What goes wrong while a new OAuth pair is saved: the callback's own failure reaches
the caller (never taken for the attempt's token refusal), a pair the failed save held
is saved later, and a callback's threads never wait for the save under way (fuzzK)."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    OAuthCredentials,
    OAuthError,
    OAuthTokens,
    PipedriveClient,
)

CREDENTIALS = OAuthCredentials("app-id", "app-secret-42")
ACTIVITY = {"success": True, "data": {"id": 1}}
NOW = 5000.0


def expired() -> OAuthTokens:
    return OAuthTokens("access-A", "refresh-A", expires_at=NOW - 10)


def rate_limited_after_b(log: list[str]) -> httpx.MockTransport:
    """The token endpoint gives B, then answers 429; activity 2 answers 401."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            log.append("token")
            if log.count("token") == 1:
                body = {
                    "access_token": "access-B",
                    "refresh_token": "refresh-B",
                    "expires_in": 3600,
                }
                return httpx.Response(200, json=body)
            return httpx.Response(429, headers={"Retry-After": "0"})
        log.append("api")
        status = 401 if request.url.path.endswith("/2") else 200
        return httpx.Response(status, json=ACTIVITY)

    return httpx.MockTransport(answer)


def test_an_oauth_error_the_callback_raises_reaches_the_caller() -> None:
    """on_token_refresh(B) calls the client, whose refresh is rate limited until it
    gives up: that OAuthError is the callback's, not the attempt's own token refusal,
    so the call raises it rather than retrying and swallowing it."""
    log: list[str] = []

    def save(tokens: OAuthTokens) -> None:
        client.v2.get_activity(id=2)  # 401 -> refresh -> 429 x3 -> OAuthError

    client = PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=expired(),
        transport=rate_limited_after_b(log),
        on_token_refresh=save,
        clock=lambda: NOW,
        max_retries=2,
        sleep=lambda seconds: None,
    )
    with pytest.raises(OAuthError, match="429"):
        client.v2.get_activity(id=1)
    # the callback's call retried its own refusal twice; the first call, never
    assert log == ["token", *["api", "token"] * 3]


def test_an_oauth_error_the_async_callback_raises_reaches_the_caller() -> None:
    log: list[str] = []

    async def save(tokens: OAuthTokens) -> None:
        await client.v2.get_activity(id=2)

    async def nap(seconds: float) -> None:
        pass

    client = AsyncPipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=expired(),
        transport=rate_limited_after_b(log),
        on_token_refresh=save,
        clock=lambda: NOW,
        max_retries=2,
        async_sleep=nap,
    )
    with pytest.raises(OAuthError, match="429"):
        asyncio.run(asyncio.wait_for(client.v2.get_activity(id=1), 10))
    assert log == ["token", *["api", "token"] * 3]
