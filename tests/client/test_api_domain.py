"""The access token goes only to ``https://<name>.pipedrive.com`` (issue 17, finding 2):
an ``api_domain`` from a token response or from saved tokens that is anything else is an
``OAuthError`` saying why, and the token is not sent; ``allowed_api_domains`` trusts
another origin."""

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

CREDENTIALS = OAuthCredentials("app-id", "app-secret-42", "https://example.org/cb")
ACCESS = "access-token-0123456789"
ACTIVITY = {"success": True, "data": {"id": 1, "subject": "Call"}}

REFUSED = {
    "https://evil.example": "host is not <name>.pipedrive.com",
    "https://x.pipedrive.com.evil.example": "host is not <name>.pipedrive.com",
    "https://api.pipedrive.com@evil.example": "userinfo",
    "https://evil.example/x?": "path",
    "https://acme.pipedrive.com/?": "query or fragment",
    "https://acme.pipedrive.com#x": "query or fragment",
    "https://acme.pipedrive.com:8443": "port",
    "https://acme.pipedrive.com/v1": "path",
    "https://acme.pipedrive.com\\@evil.example": "userinfo",
    "http://acme.pipedrive.com": "not an https URL",
    "https://pipedrive.com": "host is not <name>.pipedrive.com",
    "https://acme.pipedrive.com.": "host is not <name>.pipedrive.com",
    "https://acme.pipedrive.com\n": "characters a URL does not",
    "//acme.pipedrive.com": "not an https URL",
}


class Pipedrive:
    """The token endpoint, answering ``api_domain``, and every other host's API."""

    def __init__(self, api_domain: str) -> None:
        self.api_domain = api_domain
        self.api_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "oauth.pipedrive.com":
            return httpx.Response(
                200,
                json={
                    "access_token": ACCESS,
                    "refresh_token": "refresh-token-0123",
                    "expires_in": 3600,
                    "api_domain": self.api_domain,
                },
            )
        self.api_requests.append(request)
        return httpx.Response(200, json=ACTIVITY)


@pytest.mark.parametrize("api_domain", sorted(REFUSED))
def test_a_token_response_naming_another_host_is_refused(api_domain: str) -> None:
    fake = Pipedrive(api_domain)
    with PipedriveClient(
        oauth=CREDENTIALS, transport=httpx.MockTransport(fake)
    ) as client:
        with pytest.raises(OAuthError, match="api_domain") as raised:
            client.exchange_code("the-code")
        assert REFUSED[api_domain] in str(raised.value)
        assert client.oauth_tokens is None
        with pytest.raises(OAuthError):
            client.v2.get_activity(id=1)
    assert fake.api_requests == []


@pytest.mark.parametrize("api_domain", sorted(REFUSED))
def test_saved_tokens_naming_another_host_are_refused(api_domain: str) -> None:
    fake = Pipedrive("https://acme.pipedrive.com")
    saved = {
        "access_token": ACCESS,
        "refresh_token": "r-0123",
        "api_domain": api_domain,
    }
    with pytest.raises(OAuthError, match=REFUSED[api_domain]):
        PipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=OAuthTokens.from_dict(saved),
            transport=httpx.MockTransport(fake),
        )
    with pytest.raises(OAuthError, match=REFUSED[api_domain]):
        AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=OAuthTokens.from_dict(saved),
            transport=httpx.MockTransport(fake),
        )
    assert fake.api_requests == []


def test_a_refresh_moving_to_another_host_keeps_the_token_home() -> None:
    fake = Pipedrive("https://evil.example")
    expired = OAuthTokens(ACCESS, "refresh-0123", 1000.0, "https://acme.pipedrive.com")

    async def main() -> None:
        async with AsyncPipedriveClient(
            oauth=CREDENTIALS,
            oauth_tokens=expired,
            transport=httpx.MockTransport(fake),
            clock=lambda: 5000.0,
        ) as client:
            with pytest.raises(OAuthError, match="evil.example"):
                await client.v2.get_activity(id=1)
            # (the refresh token the refused answer rotated in kept, nothing else)
            kept = client.oauth_tokens
            assert kept is not None and kept.refresh_token != expired.refresh_token
            assert (kept.access_token, kept.api_domain) == (ACCESS, expired.api_domain)

    asyncio.run(main())
    assert fake.api_requests == []


def test_a_company_domain_is_used_and_another_host_only_when_allowed() -> None:
    fake = Pipedrive("https://Acme-2.pipedrive.com/")
    with PipedriveClient(
        oauth=CREDENTIALS, transport=httpx.MockTransport(fake)
    ) as client:
        client.exchange_code("the-code")
        client.v2.get_activity(id=1)
    fake.api_domain = "https://pipedrive.example.internal:8443"
    with PipedriveClient(
        oauth=CREDENTIALS,
        transport=httpx.MockTransport(fake),
        allowed_api_domains=["https://pipedrive.example.internal:8443/"],
    ) as client:
        client.exchange_code("the-code")
        client.v2.get_activity(id=2)
    assert [str(r.url) for r in fake.api_requests] == [
        "https://acme-2.pipedrive.com/api/v2/activities/1",
        "https://pipedrive.example.internal:8443/api/v2/activities/2",
    ]
    assert all(
        r.headers["authorization"] == f"Bearer {ACCESS}" for r in fake.api_requests
    )
