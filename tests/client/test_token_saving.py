"""Every new OAuth pair reaches ``on_token_refresh``, one callback at a time, never a
replaced pair after a newer one, and none of it in the attempt's time (fuzzJ 01, 07)."""

from __future__ import annotations

import asyncio

import httpx

from oauth_support import TokenEndpoint, async_oauth_client, oauth_client
from pipedrive_client import AsyncPipedriveClient, OAuthTokens, PipedriveClient


def test_a_pair_waiting_for_a_slow_save_is_saved_past_the_attempt_timeout() -> None:
    """Task 1's save of B is slow; task 2 meets B expired, refreshes to C and waits
    for B's save: that wait is no part of its attempt, so the attempt's timeout does
    not cancel it and C (a rotated refresh token) is saved too."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    saved: list[str] = []
    saving_b = asyncio.Event()

    async def save(tokens: OAuthTokens) -> None:
        saved.append(tokens.access_token)
        if tokens.access_token == "access-B":
            saving_b.set()
            await asyncio.sleep(0.6)  # a slow write, past attempt_timeout

    async def main() -> str:
        async with async_oauth_client(
            httpx.MockTransport(endpoint),
            on_token_refresh=save,
            attempt_timeout=0.2,
            max_retries=2,
        ) as client:

            async def second() -> object:
                await saving_b.wait()
                return await client.v2.get_activity(id=2)

            results = await asyncio.gather(client.v2.get_activity(id=1), second())
            assert [result.data.id for result in results] == [1, 1]
            assert client.oauth_tokens is not None
            return client.oauth_tokens.access_token

    assert asyncio.run(main()) == "access-C"
    assert saved == ["access-B", "access-C"]
    assert endpoint.token_requests == 2


def test_a_task_the_callback_started_saves_in_turn_and_in_order() -> None:
    """A task on_token_refresh starts (warming a cache) calls the client later and
    refreshes to C, whose save is slow; the caller meanwhile refreshes to D. The
    callbacks run one at a time and D, the current pair, is the last saved."""
    endpoint = TokenEndpoint(("B", 0), ("C", 0), ("D", 3600))
    running: list[str] = []
    overlaps: list[list[str]] = []
    stored: list[str] = []
    background: list[asyncio.Task[object]] = []
    saving_c = asyncio.Event()
    clients: list[AsyncPipedriveClient] = []

    async def later() -> object:
        await asyncio.sleep(0.01)
        return await clients[0].v2.get_activity(id=3)  # B expired: refreshes to C

    async def save(tokens: OAuthTokens) -> None:
        name = tokens.access_token
        running.append(name)
        if len(running) > 1:
            overlaps.append(list(running))
        if name == "access-B":
            background.append(asyncio.create_task(later()))
        if name == "access-C":
            saving_c.set()
            await asyncio.sleep(0.2)  # a slow write
        stored.append(name)
        running.remove(name)

    async def main() -> str:
        async with async_oauth_client(
            httpx.MockTransport(endpoint),
            on_token_refresh=save,
        ) as client:
            clients.append(client)
            await client.v2.get_activity(id=1)  # refreshes to B, starts the task
            await saving_c.wait()
            await client.v2.get_activity(id=2)  # C expired: refreshes to D
            await asyncio.gather(*background)
            assert client.oauth_tokens is not None
            return client.oauth_tokens.access_token

    assert asyncio.run(main()) == "access-D"
    assert overlaps == []
    assert stored == ["access-B", "access-C", "access-D"]


def test_a_pair_the_callbacks_own_call_brings_is_saved_after_it() -> None:
    """on_token_refresh looks the user up before writing; B expired at once, so that
    call refreshes to C: C is saved once B's callback returns, never before B (which
    would leave B, replaced, the pair last written), and nothing waits forever."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    stored: list[str] = []
    clients: list[AsyncPipedriveClient] = []

    async def save(tokens: OAuthTokens) -> None:
        if tokens.access_token == "access-B":
            await clients[0].v2.get_activity(id=2)
        stored.append(tokens.access_token)

    async def main() -> None:
        async with async_oauth_client(
            httpx.MockTransport(endpoint),
            on_token_refresh=save,
        ) as client:
            clients.append(client)
            await asyncio.wait_for(client.v2.get_activity(id=1), timeout=5)

    asyncio.run(main())
    assert stored == ["access-B", "access-C"]


def test_the_blocking_client_saves_a_pair_the_callbacks_own_call_brings_after_it() -> (
    None
):
    """As above, the blocking client: C is saved once B's callback returns."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    stored: list[str] = []
    clients: list[PipedriveClient] = []

    def save(tokens: OAuthTokens) -> None:
        if tokens.access_token == "access-B":
            clients[0].v2.get_activity(id=2)
        stored.append(tokens.access_token)

    with oauth_client(
        httpx.MockTransport(endpoint),
        on_token_refresh=save,
    ) as client:
        clients.append(client)
        client.v2.get_activity(id=1)
    assert stored == ["access-B", "access-C"]


def test_a_pair_arriving_during_a_slow_save_is_handed_to_it() -> None:
    """Task 2 refreshes to C while B's slow save runs: its call does not wait for
    that save (its caller's own short timeout is not reached), and C (a rotated
    refresh token) is saved once B's callback returns, after B (fuzzK 01)."""
    endpoint = TokenEndpoint(("B", 0), ("C", 3600))
    saved: list[str] = []
    saving_b = asyncio.Event()

    async def save(tokens: OAuthTokens) -> None:
        saved.append(tokens.access_token)
        if tokens.access_token == "access-B":
            saving_b.set()
            await asyncio.sleep(0.3)

    async def main() -> str:
        async with async_oauth_client(
            httpx.MockTransport(endpoint),
            on_token_refresh=save,
        ) as client:

            async def second() -> None:
                await saving_b.wait()
                await asyncio.wait_for(client.v2.get_activity(id=2), timeout=0.1)
                assert saved == ["access-B"]  # (C not yet: B's save runs)

            await asyncio.gather(client.v2.get_activity(id=1), second())
            assert client.oauth_tokens is not None
            return client.oauth_tokens.access_token

    assert asyncio.run(main()) == "access-C"
    assert saved == ["access-B", "access-C"]
