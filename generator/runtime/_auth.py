"""OAuth 2.0 the way Pipedrive does it, as an ``httpx.Auth`` flow. (An API token is
placed with the other credentials, ``_security.py``.)

*OAuth 2.0 authorization code*: send the user to :func:`authorization_url`;
exchange the code the redirect brings back for tokens (HTTP Basic client
credentials, form body, ``grant_type=authorization_code``); call the API with
``Authorization: Bearer``. :class:`OAuth2Auth` refreshes the access token
shortly before it expires and once after a 401, retrying that request once.
Callers that meet an expired token at the same time cause a single refresh:
the refresh happens under a lock (``threading.Lock`` in the sync flow,
``asyncio.Lock`` in the async one), and whoever gets the lock next finds the
token fresh. Every new token pair goes to ``on_token_refresh`` so the caller
can persist it (called once the lock is released, so it may use the client; the
async flow awaits what an ``async def`` returns, the sync flow raises a ``TypeError``
for it rather than leave the pair unsaved). A
refresh token the token endpoint refused (4xx) is not sent again: later callers
get the same refusal. The token response's ``api_domain`` is where the company's
API lives; the client sends its requests there from then on, the request that
waited for the refresh included. It must be ``https://<name>.pipedrive.com``
(no userinfo, port, path, query or fragment) or one of ``allowed_api_domains``:
any other is an :class:`OAuthError` and the token is not sent there.

*OAuth 2.0 client credentials* (``client_credentials=True``, where the spec's
scheme has that flow): with no token yet, the app asks for one itself (HTTP Basic
client credentials, form body, ``grant_type=client_credentials``, the
credentials' ``scope`` if given) before the first request, and for another when
that token is about to expire and once after a 401; the same locking,
``on_token_refresh`` and remembered refusal as a refresh. Only a token the grant
gave is renewed so: a user's token (from a code, or given) never turns into the
app's.
"""

from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import httpx

from ._attempt import aoutside_deadline, restart_attempt
from ._body import Limits, aread_body, read_body
from ._error_messages import oauth_error
from ._errors import OAuthError
from ._redact import redacted_repr
from ._response import RawResponse
from ._routing import moved_request, normal_url
from ._base import DEFAULT_REFRESH_SKEW, DEFAULT_TOKEN_URL
from ._tokens import (
    OAuthCredentials,
    OAuthTokens,
    carried_tokens,
    check_api_domain,
    rotated_pair,
    tokens_from_response,
)
from ._token_requests import TokenRequests
from ._token_saving import OnTokenRefresh, TokenSaver

if TYPE_CHECKING:  # asyncio loads only when an async client needs a lock
    import asyncio

Clock = Callable[[], float]

# How many of the pairs refreshes replaced stay masked: an answer to a request sent
# with one may echo it (an access token lives an hour).
FORMER_PAIRS_MASKED = 8


class OAuth2Auth(httpx.Auth):
    """Bearer auth with Pipedrive's OAuth 2.0: refreshes before expiry and on 401."""

    def __init__(
        self,
        credentials: OAuthCredentials,
        tokens: OAuthTokens | None = None,
        *,
        token_url: str = DEFAULT_TOKEN_URL,
        refresh_skew: float = DEFAULT_REFRESH_SKEW,
        clock: Clock = time.time,
        on_token_refresh: OnTokenRefresh | None = None,
        base_url: str | None = None,
        allowed_api_domains: Iterable[str] = (),
        client_credentials: bool = False,
        limits: Limits | None = None,
    ) -> None:
        if isinstance(allowed_api_domains, str):
            raise TypeError("allowed_api_domains takes a list of origins, not one str")
        self.allowed_api_domains = tuple(allowed_api_domains)
        if tokens is not None and tokens.api_domain is not None:
            check_api_domain(tokens.api_domain, self.allowed_api_domains)
        self.requests: TokenRequests = TokenRequests(credentials, token_url)
        self.client_credentials = client_credentials
        self.refresh_skew = refresh_skew
        # What a token response (or a 401 before a refresh) may hold and take.
        self._limits = limits or Limits(None, None)
        self._tokens = tokens
        # The pairs refreshes replaced, newest first (valid until they expire).
        self._former: tuple[OAuthTokens, ...] = ()
        self._clock = clock
        # Where requests went before an api_domain: a request still addressed to
        # one of these moves to the current api_domain, path and query kept.
        self._former_bases = {normal_url(base_url)} if base_url else set()
        self._refused: tuple[OAuthTokens | None, RawResponse] | None = None
        self._granted: OAuthTokens | None = None  # the last the grant gave
        self._sync_lock = threading.Lock()
        # The async flow's locks (refresh, save), each with the event loop it is of.
        self._async_locks: dict[str, tuple[asyncio.AbstractEventLoop, asyncio.Lock]]
        self._async_locks = {}
        self._saver = TokenSaver(
            on_token_refresh,
            current=lambda: self._tokens,
            async_lock=lambda: self._lock_for_running_loop("save"),
        )

    @property
    def credentials(self) -> OAuthCredentials:
        """The app's credentials (its token requests hold them)."""
        return self.requests.credentials

    @property
    def token_url(self) -> str:
        """Where the token requests go."""
        return self.requests.token_url

    @property
    def tokens(self) -> OAuthTokens | None:
        """The current token pair, ``None`` before the code is exchanged."""
        return self._tokens

    @property
    def secrets(self) -> tuple[str | None, ...]:
        """The values to mask wherever text leaves the client."""
        # (the current pair read first: a refresh adds it to the former ones, then
        # replaces it)
        pairs = [pair for pair in (self._tokens, *self._former) if pair is not None]
        return (
            *self.requests.secrets,
            *[pair.access_token for pair in pairs],
            *[pair.refresh_token for pair in pairs],
        )

    def accept_token_response(self, response: httpx.Response) -> OAuthTokens:
        """Take the tokens from a read token response, or raise :class:`OAuthError`.

        The new pair replaces the current one and goes to ``on_token_refresh``.
        """
        tokens = self._take(response)
        self._saver.save(tokens)
        return tokens

    async def aaccept_token_response(self, response: httpx.Response) -> OAuthTokens:
        """As :meth:`accept_token_response`, an async ``on_token_refresh`` awaited."""
        tokens = self._take(response)
        await self._saver.asave(tokens)
        return tokens

    def _take(
        self, response: httpx.Response, refreshed: OAuthTokens | None = None
    ) -> OAuthTokens:
        """The pair a read token response gives, the current one from now on; or an
        :class:`OAuthError`. A 2xx answer to a refresh of the pair ``refreshed``
        refused all the same: what it rotated is kept (:meth:`_keep_rotated`)."""
        now = self._clock()
        raw = RawResponse.from_httpx(response, now, self.secrets)
        if not response.is_success:
            raise oauth_error(raw, self.secrets)
        try:
            data = raw.json()
        except ValueError:
            data = None
        except RecursionError:  # nested deeper than Python's JSON decoder goes
            raise OAuthError(
                "OAuth token response refused: its JSON is nested deeper than "
                "Python's decoder goes",
                response=raw,
            ) from None
        if carried := carried_tokens(data):  # (shown masked, as the client's own)
            raw = RawResponse.from_httpx(response, now, (*self.secrets, *carried))
        try:
            tokens = self._parsed(data, raw, now)
        except OAuthError:
            self._keep_rotated(data, refreshed)
            raise
        self._replace(tokens)
        return tokens

    def _parsed(self, data: object, raw: RawResponse, now: float) -> OAuthTokens:
        """The pair a 2xx token response's decoded JSON ``data`` gives, or an
        :class:`OAuthError` (no access token, a field refused, an api_domain not
        allowed)."""
        if not isinstance(data, Mapping) or not data.get("access_token"):
            raise OAuthError("OAuth token response has no access_token", response=raw)
        try:
            tokens = tokens_from_response(data, now, self._tokens)
        except ValueError as error:  # names the field, never shows the value
            raise OAuthError(f"OAuth token response refused: {error}") from None
        if tokens.api_domain is not None:
            check_api_domain(tokens.api_domain, self.allowed_api_domains)
        return tokens

    def _replace(self, tokens: OAuthTokens) -> None:
        """``tokens`` the current pair; the one they replace among the former."""
        previous = self._tokens
        if previous is not None:
            self._former = (previous, *self._former)[:FORMER_PAIRS_MASKED]
            if previous.api_domain:
                self._former_bases.add(normal_url(previous.api_domain))
        self._tokens = tokens

    # -- the flows: identical steps, only locking and reading differ --

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        sent = request  # (the request the client sends, as given)
        used: OAuthTokens | None = None  # the pair of the try before, if any
        while True:  # sent, then once more after a 401
            fresh = None
            try:
                with self._sync_lock:
                    if self._needs_refresh(used):
                        token_request = self._refresh_request()
                        restart_attempt(
                            token_request, self._limits
                        )  # an attempt of its own
                        token_response = yield token_request
                        self._read(token_response)
                        fresh = self._refreshed(token_response, sent)
                    request, tried = self._authorize(request)
            except OAuthError:  # (a refused answer may leave a pair to save)
                self._saver.save(None)
                raise
            self._saver.save(fresh)
            restart_attempt(
                request, self._limits
            )  # the request's attempt starts as it goes out
            response = yield request
            if used is not None or not self._should_retry(response, tried):
                return
            self._read(response)  # (httpx reads a response it does not return)
            used = tried

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        sent = request  # (as in the sync flow)
        used: OAuthTokens | None = None
        while True:
            fresh = None
            try:
                async with self._refresh_lock_waited():
                    if self._needs_refresh(used):
                        token_request = self._refresh_request()
                        restart_attempt(token_request, self._limits)
                        token_response = yield token_request
                        await self._aread(token_response)
                        fresh = self._refreshed(token_response, sent)
                    request, tried = self._authorize(request)
            except OAuthError:  # (a refused answer may leave a pair to save)
                await self._saver.asave(None)
                raise
            await self._saver.asave(fresh)
            restart_attempt(request, self._limits)
            response = yield request
            if used is not None or not self._should_retry(response, tried):
                return
            await self._aread(response)  # (httpx reads a response it does not return)
            used = tried

    def _read(self, response: httpx.Response) -> None:
        """Read ``response`` within the client's limits (its time from now on)."""
        limits = self._limits
        read_body(response, limits, limits.deadline(), self._secrets)

    async def _aread(self, response: httpx.Response) -> None:
        limits = self._limits
        await aread_body(response, limits, limits.deadline(), self._secrets)

    def _secrets(self) -> tuple[str | None, ...]:
        return self.secrets

    def _refresh_request(self) -> httpx.Request:
        """The refresh request (with no refresh token, the client credentials grant,
        if the app may use it), unless the token endpoint already refused it for this
        pair (or for no pair): then its refusal again, without asking."""
        refused = self._refused
        if refused is not None and refused[0] is self._tokens:
            raise oauth_error(refused[1], self.secrets)
        if self._renewable_by_grant(self._tokens):
            return self.requests.build_client_credentials_request()
        return self.requests.build_refresh_request(self._tokens)

    def _refreshed(self, response: httpx.Response, sent: httpx.Request) -> OAuthTokens:
        """The new pair from a refresh answer for the request ``sent``; a refusal
        (4xx) is remembered, and raised as that request's own (which its client may
        retry, as no other OAuthError)."""
        tokens = self._tokens
        by_grant = self._renewable_by_grant(tokens)  # what ``_refresh_request`` asked
        try:
            fresh = self._take(response, tokens)
        except OAuthError as error:
            refusal = error.response  # (2xx for an answer refused all the same)
            if refusal is not None and refusal.status_code in (400, 401):  # not 429
                self._refused = (tokens, refusal)
            error._token_request_for = sent
            raise
        if by_grant:
            self._granted = fresh
        return fresh

    def _keep_rotated(self, data: object, used: OAuthTokens | None) -> None:
        """Keep the refresh token a refused refresh answer (2xx, its JSON ``data``)
        rotated in, as the current pair, saved as the error is raised
        (:func:`~._tokens.rotated_pair`)."""
        kept = rotated_pair(data, used, self._clock())
        if kept is not None:
            self._replace(kept)
            self._saver.keep(kept)

    def _needs_refresh(self, used: OAuthTokens | None) -> bool:
        """Whether to renew the pair before sending: after a 401 for the pair ``used``,
        unless another caller renewed it meanwhile; before the first try (``used``
        None), if it is about to expire, or there is none yet and the grant gives one.
        """
        tokens = self._tokens
        if used is not None:
            return tokens is used
        if tokens is None:
            return self.client_credentials
        return self._renewable(tokens) and tokens.expires_within(
            self.refresh_skew, self._clock()
        )

    def _renewable(self, tokens: OAuthTokens | None) -> bool:
        """Whether a new access token can be had for ``tokens`` (None: none yet)."""
        return self._renewable_by_grant(tokens) or (
            tokens is not None and tokens.refresh_token is not None
        )

    def _renewable_by_grant(self, tokens: OAuthTokens | None) -> bool:
        """Whether the next token comes from the client credentials grant: the app
        may use it, and ``tokens`` are none yet or the grant's own."""
        return self.client_credentials and (tokens is None or tokens is self._granted)

    def _authorize(self, request: httpx.Request) -> tuple[httpx.Request, OAuthTokens]:
        """``request`` with the current access token, moved to the current
        ``api_domain`` if it was addressed to an earlier one (or to the base URL
        before there was one); and the tokens used."""
        tokens = self._tokens
        if tokens is None:
            raise OAuthError(
                "no OAuth tokens yet: exchange an authorization code first "
                "or pass oauth_tokens"
            )
        if tokens.api_domain:
            request = moved_request(request, self._former_bases, tokens.api_domain)
        request.headers["Authorization"] = f"Bearer {tokens.access_token}"
        return request, tokens

    def _should_retry(self, response: httpx.Response, used: OAuthTokens) -> bool:
        """A 401 is worth one more try if the pair was, or can be, renewed."""
        if response.status_code != 401:
            return False
        current = self._tokens
        return current is not used or self._renewable(current)

    @asynccontextmanager
    async def _refresh_lock_waited(self) -> AsyncIterator[None]:
        """The async flow's refresh lock held meanwhile; waiting for another caller's
        refresh is no part of the attempt, nor of its time (as in the sync flow, whose
        deadline no lock wait reaches)."""
        lock = self._lock_for_running_loop("refresh")
        await aoutside_deadline(lock.acquire)
        try:
            yield
        finally:
            lock.release()

    def _lock_for_running_loop(self, purpose: str) -> asyncio.Lock:
        """The async flow's lock for ``purpose`` ("refresh", "save") in the running
        event loop (an ``asyncio.Lock`` is of one loop)."""
        import asyncio

        loop = asyncio.get_running_loop()
        held = self._async_locks.get(purpose)
        if held is None or held[0] is not loop:
            held = self._async_locks[purpose] = (loop, asyncio.Lock())
        return held[1]

    def __repr__(self) -> str:
        return redacted_repr(
            "OAuth2Auth",
            {"credentials": self.credentials, "tokens": self._tokens},
        )
