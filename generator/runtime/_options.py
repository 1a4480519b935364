"""The client options that do not come from the spec, as generated clients take them.

A generated client names in its own signature what its specs give it (credentials,
server variables, ``base_url``) and takes the rest as ``**options``, typed by these.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, TypedDict

import httpx

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._token_saving import OnTokenRefresh
    from ._tokens import OAuthTokens


class _Options(TypedDict, total=False):
    timeout: float | httpx.Timeout
    max_retries: int
    clock: Callable[[], float]
    jitter: Callable[[], float]
    token_refresh_skew: float
    validate_requests: bool
    validate_responses: bool
    allowed_api_domains: Iterable[str]
    max_response_size: int | None
    attempt_timeout: float | None


class SyncOptions(_Options, total=False):
    """The options of :class:`~._client.SyncClient` a generated client passes on."""

    transport: httpx.BaseTransport | None
    http_client: httpx.Client | None
    sleep: Callable[[float], None]
    on_token_refresh: Callable[[OAuthTokens], None] | None


class AsyncOptions(_Options, total=False):
    """The options of :class:`~._async_client.AsyncClient` a generated client passes on."""

    transport: httpx.AsyncBaseTransport | None
    http_client: httpx.AsyncClient | None
    async_sleep: Callable[[float], Awaitable[None]] | None
    on_token_refresh: OnTokenRefresh | None
