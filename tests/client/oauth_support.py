"""The set-up the token-saving and token-endpoint tests share: the app's credentials,
a pair expired at ``NOW``, a token endpoint issuing pairs in turn, and clients made
with them (``from oauth_support import ...``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from pipedrive_client import (
    AsyncPipedriveClient,
    OAuthCredentials,
    OAuthTokens,
    PipedriveClient,
)

CREDENTIALS = OAuthCredentials("app-id", "app-secret-42")
ACTIVITY = {"success": True, "data": {"id": 1}}
NOW = 5000.0


def expired() -> OAuthTokens:
    return OAuthTokens("access-A", "refresh-A", expires_at=NOW - 10)


class TokenEndpoint:
    """Pipedrive's token endpoint issuing ``pairs`` in turn (name, lifetime in
    seconds), and the v2 activity for any bearer."""

    def __init__(self, *pairs: tuple[str, int]) -> None:
        self.pairs: Iterator[tuple[str, int]] = iter(pairs)
        self.token_requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "oauth.pipedrive.com":
            return httpx.Response(200, json=ACTIVITY)
        self.token_requests += 1
        name, lifetime = next(self.pairs)
        body = {
            "access_token": f"access-{name}",
            "refresh_token": f"refresh-{name}",
            "expires_in": lifetime,
        }
        return httpx.Response(200, json=body)


def _options(options: dict[str, Any]) -> dict[str, Any]:
    """A client's keywords: the expired pair, its clock at NOW, and ``options``."""
    return {
        "oauth": CREDENTIALS,
        "oauth_tokens": expired(),
        "clock": lambda: NOW,
        **options,
    }


def oauth_client(transport: httpx.BaseTransport, **options: Any) -> PipedriveClient:
    """A blocking client with the expired pair on ``transport``, its clock at NOW."""
    return PipedriveClient(transport=transport, **_options(options))


def async_oauth_client(
    transport: httpx.AsyncBaseTransport, **options: Any
) -> AsyncPipedriveClient:
    """As :func:`oauth_client`, the async client."""
    return AsyncPipedriveClient(transport=transport, **_options(options))
