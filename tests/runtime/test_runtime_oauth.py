"""Pipedrive's OAuth 2.0: authorize URL, code exchange, refresh, api_domain."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pipedrive_codegen.runtime._client import SyncClient
from pipedrive_codegen.runtime._errors import (
    APIConnectionError,
    AuthenticationError,
    OAuthError,
)
from pipedrive_codegen.runtime._tokens import OAuthTokens, authorization_url
from runtime_support import (
    ACCESS_TOKEN,
    ADD_ACTIVITY,
    AUTH_CODE,
    CLIENT_ID,
    CLIENT_SECRET,
    COMPANY,
    GET_ACTIVITY,
    NEW_ACCESS_TOKEN,
    NEW_REFRESH_TOKEN,
    NOW,
    REFRESH_TOKEN,
    Clock,
    activity_body,
    async_client,
    credentials,
    expired_tokens,
    form_of,
    fresh_tokens,
    is_token_request,
    json_response,
    sync_client,
    token_body,
)


class OAuthServer:
    """Token endpoint plus API; the API accepts only the current access token."""

    def __init__(self, valid_token: str = NEW_ACCESS_TOKEN) -> None:
        self.valid_token = valid_token
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.api_authorizations: list[str | None] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            self.token_requests.append(request)
            return json_response(200, token_body())
        self.api_requests.append(request)
        self.api_authorizations.append(request.headers.get("authorization"))
        if request.headers.get("authorization") != f"Bearer {self.valid_token}":
            return json_response(401, {"success": False, "error": "unauthorized"})
        return json_response(200, activity_body())


def test_authorization_url() -> None:
    url = authorization_url(CLIENT_ID, "https://app.example.com/cb?x=1", state="s 1")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "oauth.pipedrive.com",
        "/oauth/authorize",
    )
    assert parse_qs(parts.query) == {
        "client_id": [CLIENT_ID],
        "redirect_uri": ["https://app.example.com/cb?x=1"],
        "state": ["s 1"],
    }
    assert "state" not in authorization_url(CLIENT_ID, "https://a.example/cb")


def test_code_exchange_sends_basic_credentials_and_form_fields() -> None:
    server = OAuthServer()
    persisted: list[OAuthTokens] = []
    with sync_client(
        server, api_token=None, oauth=credentials(), on_token_refresh=persisted.append
    ) as client:
        tokens = client.exchange_code(AUTH_CODE)
    (request,) = server.token_requests
    assert request.method == "POST"
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert form_of(request) == {
        "grant_type": "authorization_code",
        "code": AUTH_CODE,
        "redirect_uri": "https://app.example.com/callback",
    }
    assert tokens.access_token == NEW_ACCESS_TOKEN
    assert tokens.refresh_token == NEW_REFRESH_TOKEN
    assert tokens.expires_at == NOW + 3600
    assert tokens.api_domain == COMPANY
    assert persisted == [tokens]


def test_after_exchange_calls_go_to_api_domain_with_bearer_token() -> None:
    server = OAuthServer()
    with sync_client(server, api_token=None, oauth=credentials()) as client:
        assert client.base_url == "https://api.pipedrive.com"
        client.exchange_code(AUTH_CODE, redirect_uri="https://other.example/cb")
        client.call(GET_ACTIVITY, path_params={"id": 1})
        assert client.base_url == COMPANY
    assert form_of(server.token_requests[0])["redirect_uri"] == (
        "https://other.example/cb"
    )
    (request,) = server.api_requests
    assert str(request.url) == f"{COMPANY}/api/v1/activities/1"
    assert request.headers["authorization"] == f"Bearer {NEW_ACCESS_TOKEN}"
    assert "x-api-token" not in request.headers


def test_expired_token_is_refreshed_before_the_call() -> None:
    server = OAuthServer()
    persisted: list[OAuthTokens] = []
    with sync_client(
        server,
        api_token=None,
        oauth=credentials(),
        oauth_tokens=expired_tokens(),
        on_token_refresh=persisted.append,
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
        assert client.oauth_tokens == persisted[0]
    (refresh,) = server.token_requests
    assert form_of(refresh) == {
        "grant_type": "refresh_token",
        "refresh_token": REFRESH_TOKEN,
    }
    assert refresh.headers["authorization"].startswith("Basic ")
    assert len(server.api_requests) == 1
    assert persisted[0].access_token == NEW_ACCESS_TOKEN
    assert persisted[0].refresh_token == NEW_REFRESH_TOKEN


def test_token_within_the_skew_is_refreshed_and_outside_it_is_not() -> None:
    clock = Clock()
    tokens = OAuthTokens(
        access_token=NEW_ACCESS_TOKEN,
        refresh_token=REFRESH_TOKEN,
        expires_at=NOW + 90,
        api_domain=COMPANY,
    )
    server = OAuthServer()
    with sync_client(
        server,
        api_token=None,
        oauth=credentials(),
        oauth_tokens=tokens,
        clock=clock,
        token_refresh_skew=60,
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
        assert server.token_requests == []
        clock.now = NOW + 31
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert len(server.token_requests) == 1


def test_a_401_triggers_one_refresh_and_one_retry() -> None:
    server = OAuthServer()
    with sync_client(
        server, api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
    ) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert result.data.id == 1
    assert len(server.token_requests) == 1
    assert server.api_authorizations == [
        f"Bearer {ACCESS_TOKEN}",
        f"Bearer {NEW_ACCESS_TOKEN}",
    ]


def test_a_second_401_is_raised_after_a_single_refresh() -> None:
    server = OAuthServer(valid_token="nobody-has-this")
    with sync_client(
        server, api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
    ) as client:
        with pytest.raises(AuthenticationError):
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 2


def test_refused_refresh_raises_oauth_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert is_token_request(request)
        return json_response(
            400, {"error": "invalid_grant", "error_description": "Invalid grant"}
        )

    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        with pytest.raises(OAuthError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert caught.value.error == "invalid_grant"
    assert caught.value.status_code == 400
    assert "invalid_grant" in str(caught.value)


def test_calling_before_any_token_raises_oauth_error() -> None:
    server = OAuthServer()
    with sync_client(server, api_token=None, oauth=credentials()) as client:
        with pytest.raises(OAuthError, match="no OAuth tokens"):
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert server.api_requests == []


def test_non_https_api_domain_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return json_response(200, token_body(api_domain="http://evil.example"))

    with sync_client(handler, api_token=None, oauth=credentials()) as client:
        with pytest.raises(OAuthError, match="https"):
            client.exchange_code(AUTH_CODE)
        assert client.oauth_tokens is None


def test_twenty_concurrent_async_calls_on_an_expired_token_refresh_once() -> None:
    token_requests: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            token_requests.append(request)
            await asyncio.sleep(0.01)
            return json_response(200, token_body())
        await asyncio.sleep(0)
        if request.headers["authorization"] != f"Bearer {NEW_ACCESS_TOKEN}":
            return json_response(401, {"success": False, "error": "unauthorized"})
        return json_response(200, activity_body())

    persisted: list[OAuthTokens] = []

    async def main() -> list[object]:
        async with async_client(
            handler,
            api_token=None,
            oauth=credentials(),
            oauth_tokens=expired_tokens(),
            on_token_refresh=persisted.append,
        ) as client:
            return list(
                await asyncio.gather(
                    *(
                        client.call(GET_ACTIVITY, path_params={"id": n})
                        for n in range(20)
                    )
                )
            )

    results = asyncio.run(main())
    assert len(results) == 20
    assert len(token_requests) == 1
    assert len(persisted) == 1


def test_async_401_triggers_one_refresh_and_one_retry() -> None:
    server = OAuthServer()

    async def main() -> None:
        async with async_client(
            server, api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
        ) as client:
            await client.call(GET_ACTIVITY, path_params={"id": 1})

    asyncio.run(main())
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 2


def test_async_code_exchange() -> None:
    server = OAuthServer()

    async def main() -> OAuthTokens:
        async with async_client(server, api_token=None, oauth=credentials()) as client:
            tokens = await client.exchange_code(AUTH_CODE)
            await client.call(GET_ACTIVITY, path_params={"id": 1})
            return tokens

    tokens = asyncio.run(main())
    assert tokens.access_token == NEW_ACCESS_TOKEN
    assert str(server.api_requests[0].url).startswith(COMPANY)


def test_concurrent_threads_on_an_expired_token_refresh_once() -> None:
    token_requests: list[httpx.Request] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            with lock:
                token_requests.append(request)
            time.sleep(0.05)
            return json_response(200, token_body())
        return json_response(200, activity_body())

    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(
                pool.map(
                    lambda n: client.call(GET_ACTIVITY, path_params={"id": n}),
                    range(8),
                )
            )
    assert len(results) == 8
    assert len(token_requests) == 1


def test_tokens_round_trip_through_a_dict() -> None:
    tokens = fresh_tokens()
    assert OAuthTokens.from_dict(tokens.to_dict()) == tokens


def test_on_token_refresh_may_call_the_client() -> None:
    # An app may look up whose token it is before saving it: the callback runs
    # after the refresh lock is released, so its own call does not wait forever.
    server = OAuthServer()
    clients: list[SyncClient] = []
    saved: list[object] = []

    def save(tokens: OAuthTokens) -> None:
        saved.append(clients[0].call(GET_ACTIVITY, path_params={"id": 2}))

    client = sync_client(
        server,
        api_token=None,
        oauth=credentials(),
        oauth_tokens=expired_tokens(),
        on_token_refresh=save,
    )
    clients.append(client)
    caller = threading.Thread(
        target=client.call, args=(GET_ACTIVITY,), kwargs={"path_params": {"id": 1}}
    )
    caller.daemon = True  # a deadlock must not hang the test run
    caller.start()
    caller.join(timeout=10)
    assert not caller.is_alive(), "the refresh callback's call never returned"
    client.close()
    assert len(saved) == 1
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 2


def test_a_refused_refresh_token_is_not_sent_again() -> None:
    token_requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert is_token_request(request), "no API call without a token"
        token_requests.append(request)
        return json_response(400, {"error": "invalid_grant"})

    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [
                pool.submit(client.call, GET_ACTIVITY, path_params={"id": n})
                for n in range(6)
            ]
        for future in futures:
            error = future.exception()
            assert isinstance(error, OAuthError)
            assert error.error == "invalid_grant"
            assert error.status_code == 400
    assert len(token_requests) == 1


def test_a_refresh_that_moves_api_domain_moves_the_request_that_waited_for_it() -> None:
    # Stored tokens without api_domain: the refresh names the company's domain, and
    # the call that triggered it already goes there.
    server = OAuthServer()
    tokens = OAuthTokens(ACCESS_TOKEN, REFRESH_TOKEN, expires_at=NOW - 10)
    with sync_client(
        server, api_token=None, oauth=credentials(), oauth_tokens=tokens
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1}, query={"a": "b"})
    assert [str(r.url) for r in server.api_requests] == [
        f"{COMPANY}/api/v1/activities/1?a=b"
    ]
    assert server.api_requests[0].headers["host"] == "acme.pipedrive.com"


def test_a_retry_after_401_goes_to_the_api_domain_the_refresh_gave() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            return json_response(
                200, token_body(api_domain="https://new.pipedrive.com")
            )
        server.api_requests.append(request)
        if request.headers["authorization"] != f"Bearer {NEW_ACCESS_TOKEN}":
            return json_response(401, {"success": False, "error": "unauthorized"})
        return json_response(200, activity_body())

    server = OAuthServer()

    async def main() -> None:
        async with async_client(
            handler, api_token=None, oauth=credentials(), oauth_tokens=fresh_tokens()
        ) as client:
            await client.call(GET_ACTIVITY, path_params={"id": 1})
            await client.call(GET_ACTIVITY, path_params={"id": 2})

    asyncio.run(main())
    assert [str(r.url) for r in server.api_requests] == [
        f"{COMPANY}/api/v1/activities/1",
        "https://new.pipedrive.com/api/v1/activities/1",
        "https://new.pipedrive.com/api/v1/activities/2",
    ]


def test_a_token_endpoint_without_answer_is_named_and_retried_whatever_the_method() -> (
    None
):
    # The refresh before a POST failed to connect: the API saw nothing, so the call
    # is tried again, and if the token endpoint never answers the error names it.
    script: list[object] = [httpx.ConnectError("refused"), "token", "api"]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        answer = script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        if answer == "token":
            return json_response(200, token_body())
        return json_response(200, activity_body())

    with sync_client(
        handler, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        client.call(ADD_ACTIVITY, body={"subject": "Call"})
    assert seen == ["POST /oauth/token", "POST /oauth/token", "POST /api/v1/activities"]

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with sync_client(
        down, api_token=None, oauth=credentials(), oauth_tokens=expired_tokens()
    ) as client:
        with pytest.raises(APIConnectionError) as caught:
            client.call(ADD_ACTIVITY, body={"subject": "Call"})
    assert str(caught.value).startswith("POST /oauth/token: no response after")


def test_a_rate_limited_refresh_is_tried_again_later() -> None:
    # With no retries left, the 429 is raised; it is not remembered as a refusal.
    answers = [
        json_response(429, {"error": "slow down"}),
        json_response(200, token_body()),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        if is_token_request(request):
            return answers.pop(0)
        return json_response(200, activity_body())

    with sync_client(
        handler,
        api_token=None,
        oauth=credentials(),
        oauth_tokens=expired_tokens(),
        max_retries=0,
    ) as client:
        with pytest.raises(OAuthError):
            client.call(GET_ACTIVITY, path_params={"id": 1})
        client.call(GET_ACTIVITY, path_params={"id": 1})  # refreshes, this time
    assert answers == []


def test_a_base_url_spelt_otherwise_still_moves_to_the_api_domain() -> None:
    server = OAuthServer()
    tokens = OAuthTokens(ACCESS_TOKEN, REFRESH_TOKEN, expires_at=NOW - 10)
    with sync_client(
        server,
        api_token=None,
        oauth=credentials(),
        oauth_tokens=tokens,
        base_url="https://API.Pipedrive.com:443/",
    ) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert [str(r.url) for r in server.api_requests] == [
        f"{COMPANY}/api/v1/activities/1"
    ]
