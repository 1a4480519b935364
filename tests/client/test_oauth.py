"""OAuth 2.0 through the generated client: exchange, api_domain, refresh, one refresh for many."""

from __future__ import annotations

import asyncio
import base64
from urllib.parse import parse_qs

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    OAuthError,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
    authorization_url,
)

CREDENTIALS = OAuthCredentials(
    client_id="app-id",
    client_secret="app-secret-42",
    redirect_uri="https://example.org/cb",
)
ACTIVITY = {"success": True, "data": {"id": 1, "subject": "Call"}}


class Pipedrive:
    """A fake Pipedrive: the token endpoint and the v2 activity, on one MockTransport."""

    def __init__(self) -> None:
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.issued = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            self.token_requests.append(request)
            self.issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": f"access-{self.issued}",
                    "refresh_token": f"refresh-{self.issued}",
                    "expires_in": 3600,
                    "token_type": "Bearer",
                    "scope": "activities:full",
                    "api_domain": "https://acme.pipedrive.com",
                },
            )
        self.api_requests.append(request)
        if request.headers["authorization"] != f"Bearer access-{self.issued}":
            return httpx.Response(401, json={"success": False, "error": "unauthorized"})
        return httpx.Response(200, json=ACTIVITY)


def test_authorization_url() -> None:
    url = httpx.URL(authorization_url("app-id", "https://example.org/cb", state="xyz"))
    assert (url.host, url.path) == ("oauth.pipedrive.com", "/oauth/authorize")
    assert dict(url.params) == {
        "client_id": "app-id",
        "redirect_uri": "https://example.org/cb",
        "state": "xyz",
    }


def test_code_exchange_then_calls_go_to_api_domain() -> None:
    fake, saved = Pipedrive(), []
    with PipedriveClient(
        oauth=CREDENTIALS,
        transport=httpx.MockTransport(fake),
        on_token_refresh=saved.append,
    ) as client:
        tokens = client.exchange_code("the-code")
        activity = client.v2.get_activity(id=1)
    exchange = fake.token_requests[0]
    assert (
        exchange.headers["authorization"]
        == "Basic " + base64.b64encode(b"app-id:app-secret-42").decode()
    )
    assert parse_qs(exchange.content.decode()) == {
        "grant_type": ["authorization_code"],
        "code": ["the-code"],
        "redirect_uri": ["https://example.org/cb"],
    }
    assert tokens.access_token == "access-1"
    assert (
        str(fake.api_requests[0].url)
        == "https://acme.pipedrive.com/api/v2/activities/1"
    )
    assert activity.data is not None and activity.data.subject == "Call"
    assert "app-secret-42" not in repr(client) and "access-1" not in repr(client)


def test_expired_token_is_refreshed_before_the_call_and_persisted() -> None:
    fake, saved = Pipedrive(), []
    fake.issued = 1
    expired = OAuthTokens(
        access_token="access-0",
        refresh_token="refresh-0",
        expires_at=1000.0,
        api_domain="https://acme.pipedrive.com",
    )
    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=expired,
        transport=httpx.MockTransport(fake),
        on_token_refresh=saved.append,
        clock=lambda: 5000.0,
    ) as client:
        client.v2.get_activity(id=1)
    assert len(fake.token_requests) == 1
    assert parse_qs(fake.token_requests[0].content.decode())["grant_type"] == [
        "refresh_token"
    ]
    assert [t.access_token for t in saved] == ["access-2"]
    assert len(fake.api_requests) == 1


def test_a_401_refreshes_once_and_retries_once() -> None:
    fake = Pipedrive()
    fake.issued = (
        5  # the server has moved on: the client's still-valid token is refused
    )
    tokens = OAuthTokens(
        access_token="stale", refresh_token="refresh-0", expires_at=10**10
    )
    with PipedriveClient(
        oauth=CREDENTIALS, oauth_tokens=tokens, transport=httpx.MockTransport(fake)
    ) as client:
        client.v2.get_activity(id=1)
    assert len(fake.token_requests) == 1
    assert len(fake.api_requests) == 2


def test_twenty_concurrent_async_calls_on_an_expired_token_refresh_once() -> None:
    fake = Pipedrive()
    fake.issued = 1
    expired = OAuthTokens(
        access_token="access-0", refresh_token="refresh-0", expires_at=1000.0
    )

    async def run() -> None:
        async with AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=expired,
            transport=httpx.MockTransport(fake),
            clock=lambda: 5000.0,
        ) as client:
            await asyncio.gather(*(client.v2.get_activity(id=1) for _ in range(20)))

    asyncio.run(run())
    assert len(fake.token_requests) == 1
    assert len(fake.api_requests) == 20


ANSWER = '{"access_token": "access-hostile-77", "refresh_token": "refresh-hostile-77"'
REFUSED = "OAuth token response refused: "
EXPIRES_IN = REFUSED + "expires_in is not a finite number of seconds, 0 or more"
DEEP = REFUSED + "its JSON is nested deeper than Python's decoder goes"
HOSTILE_TOKEN_ANSWERS = {
    "expires_in of 400 digits": (
        ANSWER + ', "expires_in": 1' + "0" * 399 + "}",
        EXPIRES_IN,
    ),
    "expires_in NaN": (ANSWER + ', "expires_in": NaN}', EXPIRES_IN),
    "expires_in Infinity": (ANSWER + ', "expires_in": Infinity}', EXPIRES_IN),
    "expires_in negative": (ANSWER + ', "expires_in": -100}', EXPIRES_IN),
    "100k levels deep": (
        ANSWER + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
        DEEP,
    ),
    # A token no JSON string holds would be sent as its str(): "Bearer ['...']".
    "access_token a list": (
        '{"access_token": ["access-hostile-77"], "refresh_token": "r-77"}',
        REFUSED + "access_token is not a string",
    ),
    "access_token true": (
        '{"access_token": true, "refresh_token": "r-77"}',
        REFUSED + "access_token is not a string",
    ),
    "access_token a number": (
        '{"access_token": 12345, "refresh_token": "r-77"}',
        REFUSED + "access_token is not a string",
    ),
    "refresh_token an object": (
        '{"access_token": "access-hostile-77", "refresh_token": {"r": 1}}',
        REFUSED + "refresh_token is not a string",
    ),
    "token_type a number": (
        '{"access_token": "access-hostile-77", "token_type": 7}',
        REFUSED + "token_type is not a string",
    ),
}


@pytest.mark.parametrize("answer", HOSTILE_TOKEN_ANSWERS, ids=str)
@pytest.mark.parametrize(
    "way", ["exchange", "async exchange", "refresh before", "async refresh on 401"]
)
def test_a_token_answer_the_client_cannot_use_is_an_oauth_error(
    answer: str, way: str
) -> None:
    """A token endpoint's 200 whose expires_in no float holds, is not finite or is
    negative (never refreshed ahead of expiry, or refreshed before every call), or
    whose JSON is nested past Python's decoder, or whose access_token, refresh_token
    or token_type is no string, is an OAuthError saying so, showing no secret: from
    exchange_code and from the refresh inside a call, sync and async; no request goes
    with the tokens, and none are saved but a refresh's rotated refresh token (the
    endpoint refuses the old one from now on), kept with the old access token expired
    (fuzzK 05)."""
    body, message = HOSTILE_TOKEN_ANSWERS[answer]
    api_requests: list[httpx.Request] = []
    saved: list[OAuthTokens] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            return httpx.Response(200, content=body.encode())
        api_requests.append(request)
        return httpx.Response(401, json={"success": False, "error": "unauthorized"})

    tokens = OAuthTokens("access-0", "refresh-0", expires_at=1000.0)
    transport = httpx.MockTransport(handler)
    options = {
        "oauth": CREDENTIALS,
        "transport": transport,
        "clock": lambda: 5000.0,
        "on_token_refresh": saved.append,
    }
    with pytest.raises(OAuthError) as raised:
        if way == "exchange":
            with PipedriveClient(**options) as client:
                client.exchange_code("the-code")
        elif way == "refresh before":
            with PipedriveClient(oauth_tokens=tokens, **options) as client:
                client.v2.get_activity(id=1)
        else:

            async def main() -> None:
                valid = OAuthTokens("access-0", "refresh-0", expires_at=10**10)
                async with AsyncPipedriveClient(
                    oauth_tokens=None if way == "async exchange" else valid, **options
                ) as client:
                    if way == "async exchange":
                        await client.exchange_code("the-code")
                    else:
                        await client.v2.get_activity(id=1)

            asyncio.run(main())
    assert str(raised.value) == message
    assert len(api_requests) == (1 if way == "async refresh on 401" else 0)
    rotated = [
        token
        for token in ("r-77", "refresh-hostile-77")
        if f'"refresh_token": "{token}"' in body
        and "refresh" in way
        and answer != "100k levels deep"  # (no reading its refresh token)
    ]
    kept = [(pair.access_token, pair.refresh_token, pair.expires_at) for pair in saved]
    assert kept == [("access-0", token, 5000.0) for token in rotated]


def test_the_async_client_awaits_an_async_on_token_refresh() -> None:
    """An ``async def`` on_token_refresh (an async database write) is awaited: every
    new pair is saved, from a refresh before a call and from exchange_code; a refresh
    token rotates, so a pair never saved would lock the caller out (fuzzH/01)."""
    fake = Pipedrive()
    saved: list[str | None] = []

    async def save(tokens: OAuthTokens) -> None:
        await asyncio.sleep(0)  # a real await: a coroutine called, never awaited, fails
        saved.append(tokens.refresh_token)

    async def main() -> None:
        async with AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=OAuthTokens("access-0", "refresh-0", expires_at=1000.0),
            transport=httpx.MockTransport(fake),
            clock=lambda: 5000.0,
            on_token_refresh=save,
        ) as client:
            await client.v2.get_activity(id=1)
            await client.exchange_code("the-code")

    asyncio.run(main())
    assert saved == ["refresh-1", "refresh-2"]


def test_the_blocking_client_refuses_an_async_on_token_refresh() -> None:
    """The blocking client cannot await a save: an ``async def`` is a TypeError naming
    on_token_refresh when the client is made, and a callback that returns an awaitable
    all the same is a TypeError when it is called, never a pair silently unsaved."""

    async def save(tokens: OAuthTokens) -> None:
        pass

    with pytest.raises(TypeError, match="^on_token_refresh is an async function"):
        PipedriveClient(oauth=CREDENTIALS, on_token_refresh=save)

    fake = Pipedrive()
    with PipedriveClient(
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens("access-0", "refresh-0", expires_at=1000.0),
        transport=httpx.MockTransport(fake),
        clock=lambda: 5000.0,
        on_token_refresh=lambda tokens: save(tokens),
    ) as client:
        with pytest.raises(TypeError, match="^on_token_refresh returned an awaitable"):
            client.v2.get_activity(id=1)
    assert fake.api_requests == []
