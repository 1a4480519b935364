"""Authentication the way Pipedrive does it, as ``httpx.Auth`` flows.

*API token*: :class:`ApiTokenAuth` sends the token in the ``x-api-token``
header, never in the URL.

*OAuth 2.0 authorization code*: send the user to :func:`authorization_url`;
exchange the code the redirect brings back for tokens (HTTP Basic client
credentials, form body, ``grant_type=authorization_code``); call the API with
``Authorization: Bearer``. :class:`OAuth2Auth` refreshes the access token
shortly before it expires and once after a 401, retrying that request once.
Callers that meet an expired token at the same time cause a single refresh:
the refresh happens under a lock (``threading.Lock`` in the sync flow,
``asyncio.Lock`` in the async one), and whoever gets the lock next finds the
token fresh. Every new token pair goes to ``on_token_refresh`` so the caller
can persist it. The token response's ``api_domain`` is where the company's
API lives; the client sends its requests there from then on.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx

from ._errors import OAuthError, oauth_error
from ._redact import Secret, redacted_repr
from ._response import RawResponse

if TYPE_CHECKING:  # asyncio loads only when an async client needs a lock
    import asyncio

AUTHORIZE_URL = "https://oauth.pipedrive.com/oauth/authorize"
TOKEN_URL = "https://oauth.pipedrive.com/oauth/token"
DEFAULT_REFRESH_SKEW = 60.0

Clock = Callable[[], float]

logger = logging.getLogger("pipedrive_client")


def authorization_url(
    client_id: str,
    redirect_uri: str,
    state: str | None = None,
    *,
    authorize_url: str = AUTHORIZE_URL,
) -> str:
    """Where to send the user to grant this app access to their Pipedrive."""
    params = {"client_id": client_id, "redirect_uri": redirect_uri}
    if state is not None:
        params["state"] = state
    return f"{authorize_url}?{urlencode(params)}"


class ApiTokenAuth(httpx.Auth):
    """Sends a personal API token in the ``x-api-token`` header."""

    def __init__(self, api_token: str | Secret) -> None:
        if not Secret(api_token).reveal():
            raise ValueError("api_token must not be empty")
        self._api_token = Secret(api_token)

    def auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["x-api-token"] = self._api_token.reveal()
        yield request

    @property
    def secrets(self) -> tuple[Secret, ...]:
        """The values to mask wherever text leaves the client."""
        return (self._api_token,)

    def __repr__(self) -> str:
        return redacted_repr("ApiTokenAuth", {"api_token": self._api_token})


@dataclass(frozen=True, repr=False)
class OAuthCredentials:
    """An OAuth app's client id and secret, and its registered redirect URI."""

    client_id: str
    client_secret: str
    redirect_uri: str | None = None

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuthCredentials",
            {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "redirect_uri": self.redirect_uri,
            },
            secret_fields={"client_secret"},
        )


@dataclass(frozen=True, repr=False)
class OAuthTokens:
    """One access/refresh token pair, with when it expires and where to call.

    ``expires_at`` is in epoch seconds by the client's clock. Persist a pair
    with :meth:`to_dict` and load it back with :meth:`from_dict`.
    """

    access_token: str
    refresh_token: str | None = None
    expires_at: float | None = None
    api_domain: str | None = None
    scope: str | None = None
    token_type: str = "Bearer"

    def expires_within(self, seconds: float, now: float) -> bool:
        """Whether the access token is expired at ``now + seconds``."""
        return self.expires_at is not None and now + seconds >= self.expires_at

    def to_dict(self) -> dict[str, Any]:
        """Plain data to persist; it holds the tokens themselves."""
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at,
            "api_domain": self.api_domain,
            "scope": self.scope,
            "token_type": self.token_type,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OAuthTokens:
        """The pair :meth:`to_dict` wrote."""
        expires_at = data.get("expires_at")
        return cls(
            access_token=str(data["access_token"]),
            refresh_token=_optional_text(data.get("refresh_token")),
            expires_at=float(expires_at) if expires_at is not None else None,
            api_domain=_optional_text(data.get("api_domain")),
            scope=_optional_text(data.get("scope")),
            token_type=str(data.get("token_type") or "Bearer"),
        )

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuthTokens",
            self.to_dict(),
            secret_fields={"access_token", "refresh_token"},
        )


class OAuth2Auth(httpx.Auth):
    """Bearer auth with Pipedrive's OAuth 2.0: refreshes before expiry and on 401."""

    def __init__(
        self,
        credentials: OAuthCredentials,
        tokens: OAuthTokens | None = None,
        *,
        token_url: str = TOKEN_URL,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
        clock: Clock = time.time,
        on_token_refresh: Callable[[OAuthTokens], None] | None = None,
    ) -> None:
        if tokens is not None and tokens.api_domain is not None:
            _check_api_domain(tokens.api_domain)
        self.credentials = credentials
        self.token_url = token_url
        self.refresh_skew = refresh_skew
        self._tokens = tokens
        self._code: Secret | None = None
        self._clock = clock
        self._on_token_refresh = on_token_refresh
        self._sync_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._async_lock_loop: asyncio.AbstractEventLoop | None = None

    @property
    def tokens(self) -> OAuthTokens | None:
        """The current token pair, ``None`` before the code is exchanged."""
        return self._tokens

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """The values to mask wherever text leaves the client."""
        tokens = self._tokens
        return (
            self.credentials.client_secret,
            self._code.reveal() if self._code else None,
            tokens.access_token if tokens else None,
            tokens.refresh_token if tokens else None,
        )

    # -- token requests, shared by the sync and async flows and the client --

    def build_code_request(
        self, code: str, redirect_uri: str | None = None
    ) -> httpx.Request:
        """The request that exchanges an authorization ``code`` for tokens."""
        redirect = redirect_uri or self.credentials.redirect_uri
        if not redirect:
            raise ValueError(
                "redirect_uri is required: pass it here or in OAuthCredentials"
            )
        self._code = Secret(code)
        return self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect,
            }
        )

    def build_refresh_request(self) -> httpx.Request:
        """The request that trades the refresh token for a new pair."""
        tokens = self._tokens
        if tokens is None or tokens.refresh_token is None:
            raise OAuthError("no refresh token to refresh the access token with")
        logger.debug("refreshing the OAuth access token")
        return self._token_request(
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}
        )

    def accept_token_response(self, response: httpx.Response) -> OAuthTokens:
        """Take the tokens from a read token response, or raise :class:`OAuthError`.

        The new pair replaces the current one and goes to ``on_token_refresh``.
        """
        now = self._clock()
        raw = RawResponse.from_httpx(response, now)
        if not response.is_success:
            raise oauth_error(raw, self.secrets)
        try:
            data = raw.json()
        except ValueError:
            data = None
        if not isinstance(data, Mapping) or not data.get("access_token"):
            raise OAuthError("OAuth token response has no access_token", response=raw)
        tokens = _tokens_from_response(data, now, self._tokens)
        if tokens.api_domain is not None:
            _check_api_domain(tokens.api_domain)
        self._tokens = tokens
        if self._on_token_refresh is not None:
            self._on_token_refresh(tokens)
        return tokens

    # -- the flows: identical steps, only locking and reading differ --

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        with self._sync_lock:
            if self._needs_refresh():
                token_response = yield self.build_refresh_request()
                token_response.read()
                self.accept_token_response(token_response)
            used = self._authorize(request)
        response = yield request
        if not self._should_retry(response, used):
            return
        with self._sync_lock:
            if self._tokens is used:
                token_response = yield self.build_refresh_request()
                token_response.read()
                self.accept_token_response(token_response)
            self._authorize(request)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        async with self._lock_for_running_loop():
            if self._needs_refresh():
                token_response = yield self.build_refresh_request()
                await token_response.aread()
                self.accept_token_response(token_response)
            used = self._authorize(request)
        response = yield request
        if not self._should_retry(response, used):
            return
        async with self._lock_for_running_loop():
            if self._tokens is used:
                token_response = yield self.build_refresh_request()
                await token_response.aread()
                self.accept_token_response(token_response)
            self._authorize(request)
        yield request

    def _needs_refresh(self) -> bool:
        tokens = self._tokens
        return (
            tokens is not None
            and tokens.refresh_token is not None
            and tokens.expires_within(self.refresh_skew, self._clock())
        )

    def _authorize(self, request: httpx.Request) -> OAuthTokens:
        tokens = self._tokens
        if tokens is None:
            raise OAuthError(
                "no OAuth tokens yet: exchange an authorization code first "
                "or pass oauth_tokens"
            )
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        return tokens

    def _should_retry(self, response: httpx.Response, used: OAuthTokens) -> bool:
        """A 401 is worth one more try if the pair was, or can be, renewed."""
        if response.status_code != 401:
            return False
        current = self._tokens
        return current is not used or (
            current is not None and current.refresh_token is not None
        )

    def _lock_for_running_loop(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock_loop is not loop:
            self._async_lock = asyncio.Lock()
            self._async_lock_loop = loop
        return self._async_lock

    def _token_request(self, form: Mapping[str, str]) -> httpx.Request:
        pair = f"{self.credentials.client_id}:{self.credentials.client_secret}"
        basic = base64.b64encode(pair.encode()).decode("ascii")
        return httpx.Request(
            "POST",
            self.token_url,
            headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
            data=dict(form),
        )

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuth2Auth",
            {"credentials": self.credentials, "tokens": self._tokens},
        )


def _tokens_from_response(
    data: Mapping[str, Any], now: float, previous: OAuthTokens | None
) -> OAuthTokens:
    expires_in = data.get("expires_in")
    try:
        expires_at = now + float(expires_in) if expires_in is not None else None
    except (TypeError, ValueError):
        expires_at = None
    fresh = OAuthTokens.from_dict({**data, "expires_at": expires_at})
    if previous is None:
        return fresh
    # A refresh answer may leave out what did not change.
    return replace(
        fresh,
        refresh_token=fresh.refresh_token or previous.refresh_token,
        api_domain=fresh.api_domain or previous.api_domain,
        scope=fresh.scope or previous.scope,
    )


def _check_api_domain(api_domain: str) -> None:
    url = httpx.URL(api_domain)
    if url.scheme != "https" or not url.host:
        raise OAuthError("OAuth api_domain must be an https URL")


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)
