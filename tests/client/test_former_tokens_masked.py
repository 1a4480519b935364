"""The pairs a refresh replaced stay masked: an access token is valid until it expires,
and an answer to a request sent with it may echo it after the refresh (fuzzJ 03)."""

from __future__ import annotations

import asyncio
import traceback

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    BadRequestError,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
)

CREDENTIALS = OAuthCredentials("app-id", "app-secret-42")
FORMER_ACCESS = "access-A-0123456789abcdef"
FORMER_REFRESH = "refresh-A-0123456789abcdef"
NEW_ACCESS = "access-B-fedcba9876543210"


def pipedrive(request: httpx.Request) -> httpx.Response:
    """A 401 for the former token, a refresh to B, then a 400 that quotes the token
    (and refresh token) the client used before."""
    if request.url.host == "oauth.pipedrive.com":
        return httpx.Response(
            200,
            json={
                "access_token": NEW_ACCESS,
                "refresh_token": "refresh-B-fedcba9876543210",
                "expires_in": 3600,
            },
        )
    if request.headers["authorization"] == f"Bearer {FORMER_ACCESS}":
        return httpx.Response(401, json={"success": False, "error": "unauthorized"})
    said = f"token {FORMER_ACCESS} (from {FORMER_REFRESH}) lacks scope deals:full"
    return httpx.Response(400, json={"success": False, "error": said})


def shown(error: BaseException) -> str:
    assert isinstance(error, BadRequestError)
    raw = error.response
    return "\n".join(
        [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            str(error.error),
            repr(error.body),
            repr(raw),
        ]
    )


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_replaced_pair_echoed_in_an_error_is_masked(flavour: str) -> None:
    options = dict(
        oauth=CREDENTIALS,
        oauth_tokens=OAuthTokens(FORMER_ACCESS, FORMER_REFRESH),
        transport=httpx.MockTransport(pipedrive),
    )
    if flavour == "sync":
        with PipedriveClient(**options) as client:  # type: ignore[arg-type]
            with pytest.raises(BadRequestError) as raised:
                client.v2.get_activity(id=1)
            error: BaseException = raised.value
    else:

        async def main() -> BaseException:
            async with AsyncPipedriveClient(**options) as client:  # type: ignore[arg-type]
                with pytest.raises(BadRequestError) as raised:
                    await client.v2.get_activity(id=1)
                return raised.value

        error = asyncio.run(main())
    text = shown(error)
    assert "lacks scope deals:full" in text
    assert FORMER_ACCESS not in text
    assert FORMER_REFRESH not in text
