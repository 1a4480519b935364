"""What goes wrong while a new OAuth pair is saved: the callback's own failure reaches
the caller (never taken for the attempt's token refusal), a pair the failed save held
is saved later, and a callback's threads never wait for the save under way (fuzzK)."""

from __future__ import annotations

import asyncio
import concurrent.futures

import httpx
import pytest

from oauth_support import (
    ACTIVITY,
    TokenEndpoint,
    async_oauth_client,
    oauth_client,
)
from pipedrive_client import OAuthError, OAuthTokens


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

    client = oauth_client(
        rate_limited_after_b(log),
        on_token_refresh=save,
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

    client = async_oauth_client(
        rate_limited_after_b(log),
        on_token_refresh=save,
        max_retries=2,
        async_sleep=nap,
    )
    with pytest.raises(OAuthError, match="429"):
        asyncio.run(asyncio.wait_for(client.v2.get_activity(id=1), 10))
    assert log == ["token", *["api", "token"] * 3]


def test_a_thread_the_callback_starts_hands_its_pair_to_the_save_under_way() -> None:
    """The blocking client's on_token_refresh(B) looks the user up on a worker thread
    and waits for it; that call refreshes to C. It waits for no lock the callback
    holds (no deadlock): C is saved once B's callback returns."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    stored: list[str] = []
    pool = concurrent.futures.ThreadPoolExecutor(1)

    def save(tokens: OAuthTokens) -> None:
        if tokens.access_token == "access-B":
            pool.submit(client.v2.get_activity, id=2).result(timeout=5)
        stored.append(tokens.access_token)

    client = oauth_client(
        httpx.MockTransport(endpoint),
        on_token_refresh=save,
    )
    with pool:
        client.v2.get_activity(id=1)
    assert stored == ["access-B", "access-C"]


def test_a_pair_handed_to_a_failed_save_is_saved_by_the_next_call() -> None:
    """on_token_refresh(B)'s own call refreshes to C (handed to B's save), then its
    write of B fails: the caller gets that error, and the next call saves C."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    calls: list[str] = []

    def save(tokens: OAuthTokens) -> None:
        calls.append(tokens.access_token)
        if tokens.access_token == "access-B":
            client.v2.get_activity(id=2)  # refreshes to C
            raise OSError("disk full")

    client = oauth_client(
        httpx.MockTransport(endpoint),
        on_token_refresh=save,
    )
    with pytest.raises(OSError, match="disk full"):
        client.v2.get_activity(id=1)
    assert calls == ["access-B"]
    client.v2.get_activity(id=3)
    client.v2.get_activity(id=3)
    assert calls == ["access-B", "access-C"]


def test_a_pair_handed_to_a_failed_async_save_is_saved_by_the_next_call() -> None:
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    calls: list[str] = []

    async def save(tokens: OAuthTokens) -> None:
        calls.append(tokens.access_token)
        if tokens.access_token == "access-B":
            await client.v2.get_activity(id=2)
            raise OSError("disk full")

    client = async_oauth_client(
        httpx.MockTransport(endpoint),
        on_token_refresh=save,
    )

    async def main() -> None:
        with pytest.raises(OSError, match="disk full"):
            await client.v2.get_activity(id=1)
        assert calls == ["access-B"]
        await client.v2.get_activity(id=3)
        await client.v2.get_activity(id=3)

    asyncio.run(asyncio.wait_for(main(), 10))
    assert calls == ["access-B", "access-C"]


def test_a_pair_handed_to_a_cancelled_save_is_saved_by_the_next_call() -> None:
    """Task 1's slow save of B runs; task 2 refreshes to C (handed to that save);
    an outer timeout cancels both: C is saved by the next call."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    stored: list[str] = []

    async def main() -> None:
        saving_b = asyncio.Event()

        async def save(tokens: OAuthTokens) -> None:
            if tokens.access_token == "access-B":
                saving_b.set()
                await asyncio.sleep(0.5)  # a slow write
            stored.append(tokens.access_token)

        async with async_oauth_client(
            httpx.MockTransport(endpoint),
            on_token_refresh=save,
        ) as client:

            async def second() -> object:
                await saving_b.wait()
                return await client.v2.get_activity(id=2)  # B expired: to C

            both = asyncio.gather(client.v2.get_activity(id=1), second())
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(both, 0.2)
            assert stored == []
            await client.v2.get_activity(id=3)

    asyncio.run(asyncio.wait_for(main(), 10))
    assert stored == ["access-C"]


def rotating_endpoint(sent: list[str]) -> httpx.MockTransport:
    """Each refresh answered 200 with pair n (refresh-n); pair 1's expires_in is -1,
    which the client refuses, although the endpoint rotated the refresh token."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "oauth.pipedrive.com":
            return httpx.Response(200, json=ACTIVITY)
        form = httpx.QueryParams(request.content.decode())
        sent.append(form["refresh_token"])
        n = len(sent)
        body = {
            "access_token": f"access-{n}",
            "refresh_token": f"refresh-{n}",
            "expires_in": -1 if n == 1 else 3600,
        }
        return httpx.Response(200, json=body)

    return httpx.MockTransport(answer)


def test_a_refused_200_answer_keeps_its_rotated_refresh_token() -> None:
    """A 200 token answer the client refuses (expires_in -1) still rotated refresh-A
    out: the call fails, but refresh-1 is kept and saved (its access token expired, so
    never sent), and the next call refreshes with it, not with refresh-A again."""
    sent: list[str] = []
    saved: list[str | None] = []
    client = oauth_client(
        rotating_endpoint(sent),
        on_token_refresh=lambda tokens: saved.append(tokens.refresh_token),
    )
    with pytest.raises(OAuthError, match="expires_in"):
        client.v2.get_activity(id=1)
    assert saved == ["refresh-1"]
    client.v2.get_activity(id=1)
    assert sent == ["refresh-A", "refresh-1"]
    assert saved == ["refresh-1", "refresh-2"]
    assert client.oauth_tokens is not None
    assert client.oauth_tokens.access_token == "access-2"


def test_a_refused_200_answer_keeps_its_rotated_refresh_token_async() -> None:
    sent: list[str] = []
    saved: list[str | None] = []

    async def save(tokens: OAuthTokens) -> None:
        saved.append(tokens.refresh_token)

    client = async_oauth_client(
        rotating_endpoint(sent),
        on_token_refresh=save,
    )

    async def main() -> None:
        with pytest.raises(OAuthError, match="expires_in"):
            await client.v2.get_activity(id=1)
        assert saved == ["refresh-1"]
        await client.v2.get_activity(id=1)

    asyncio.run(asyncio.wait_for(main(), 10))
    assert sent == ["refresh-A", "refresh-1"]
    assert saved == ["refresh-1", "refresh-2"]


def test_waiting_for_another_callers_refresh_is_no_part_of_the_attempt() -> None:
    """The async client: a GET's refresh takes 0.6 s, answered 503; another GET's takes
    0.6 s more; a POST waits for them all along, past attempt_timeout (1 s). That wait is no
    part of its attempt (as in the blocking client): the POST is sent and succeeds,
    never an APITimeoutError for a request the API never saw."""
    log: list[str] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            log.append("token")
            await asyncio.sleep(0.6)
            if log.count("token") == 1:
                return httpx.Response(503)
            body = {
                "access_token": "access-B",
                "refresh_token": "refresh-B",
                "expires_in": 3600,
            }
            return httpx.Response(200, json=body)
        log.append(request.method)
        return httpx.Response(201, json=ACTIVITY)

    async def nap(seconds: float) -> None:
        await asyncio.sleep(0)

    async def main() -> None:
        async with async_oauth_client(
            httpx.MockTransport(answer),
            attempt_timeout=1.0,
            max_retries=2,
            async_sleep=nap,
        ) as client:

            async def post() -> object:
                await asyncio.sleep(0.01)
                return await client.v2.add_activity(subject="call")

            await asyncio.gather(
                client.v2.get_activity(id=1), client.v2.get_activity(id=2), post()
            )

    asyncio.run(asyncio.wait_for(main(), 10))
    assert sorted(log) == ["GET", "GET", "POST", "token", "token"]


def test_a_refused_200_answer_masks_the_token_it_rotated_in() -> None:
    """The refresh token of a 200 answer the client refuses (no access token) is its
    own from then on (kept, as rotated): masked wherever the error shows the answer,
    here in a header that echoes it, as the client's other secrets are."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host != "oauth.pipedrive.com":
            return httpx.Response(200, json=ACTIVITY)
        body = {"access_token": "", "refresh_token": "refresh-rotated-1"}
        echo = {"x-echo": "refresh-rotated-1"}
        return httpx.Response(200, json=body, headers=echo)

    client = oauth_client(httpx.MockTransport(answer))
    with pytest.raises(OAuthError, match="no access_token") as raised:
        client.v2.get_activity(id=1)
    assert client.oauth_tokens is not None
    assert client.oauth_tokens.refresh_token == "refresh-rotated-1"  # kept
    shown = f"{raised.value} {raised.value!r} {raised.value.response!r}"
    assert "x-echo" in shown
    assert "rotated-1" not in shown, shown
