"""The asynchronous client core: :class:`~._client.SyncClient`'s send loop over
``httpx.AsyncClient``, every other step :class:`~._base.BaseClient`'s."""

from __future__ import annotations

import random
import time
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
)
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._base import (
    ASKS_FOR_JSON,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_REFRESH_SKEW,
    DEFAULT_TIMEOUT,
    SEND_AS_IS,
    SEND_ERRORS,
    BaseClient,
    Body,
)
from ._attempt import Attempt, attempt_current, start_attempt
from ._body import aread_body, capped_timeout, timed_out
from ._errors import OAuthError
from ._operation import Operation
from ._pagination import apaginate, page_refusal
from ._redact import SENDING, Secret
from ._security import Credential

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._token_saving import OnTokenRefresh
    from ._tokens import OAuthCredentials, OAuthTokens

__all__ = ["AsyncClient"]


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """The asyncio client core, over ``httpx.AsyncClient``.

    Options as for :class:`~._client.SyncClient`, with ``async_sleep`` (default
    ``asyncio.sleep``) for ``sleep``; ``on_token_refresh`` may be an ``async def``
    (what it returns is awaited).
    """

    def __init__(
        self,
        *,
        api_token: str | Secret | None = None,
        oauth: OAuthCredentials | None = None,
        oauth_tokens: OAuthTokens | None = None,
        base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        async_sleep: Callable[[float], Awaitable[None]] | None = None,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        on_token_refresh: OnTokenRefresh | None = None,
        token_refresh_skew: float = DEFAULT_REFRESH_SKEW,
        validate_requests: bool = False,
        validate_responses: bool = False,
        allowed_api_domains: Iterable[str] = (),
        credentials: Mapping[str, Credential | None] | None = None,
        server_values: Mapping[str, str] | None = None,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        attempt_timeout: float | None = None,
    ) -> None:
        if http_client is not None and transport is not None:
            raise ValueError("pass transport or http_client, not both")
        owns = http_client is None
        if http_client is None:
            http_client = httpx.AsyncClient(
                transport=transport,
                timeout=capped_timeout(timeout, attempt_timeout),
                headers=ASKS_FOR_JSON,
            )
        super().__init__(
            http_client=http_client,
            owns_http_client=owns,
            api_token=api_token,
            oauth=oauth,
            oauth_tokens=oauth_tokens,
            base_url=base_url,
            max_retries=max_retries,
            clock=clock,
            jitter=jitter,
            on_token_refresh=on_token_refresh,
            token_refresh_skew=token_refresh_skew,
            validate_requests=validate_requests,
            validate_responses=validate_responses,
            allowed_api_domains=allowed_api_domains,
            credentials=credentials,
            server_values=server_values,
            max_response_size=max_response_size,
            attempt_timeout=attempt_timeout,
        )
        if async_sleep is None:  # asyncio loads only with an async client
            import asyncio

            async_sleep = asyncio.sleep
        self._async_sleep = async_sleep

    async def call(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        body: Body = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one operation and return its parsed body; see :meth:`SyncClient.call`."""
        route = self._router.route_for(operation)
        request = self._build_request(route, path_params, query, body, headers)
        response = await self._send(request, route.auth)
        return self._parse_response(operation, response)

    def paginate(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> AsyncIterator[Any]:
        """Every item of every page of a list operation, fetched lazily."""

        async def call_page(page_query: dict[str, object]) -> Any:
            return await self.call(
                operation, path_params=path_params, query=page_query, headers=headers
            )

        refuse = page_refusal(operation.operation_id, self._secrets)
        return apaginate(call_page, self._page_style(operation), query, refuse)

    async def exchange_code(
        self, code: str, *, redirect_uri: str | None = None
    ) -> OAuthTokens:
        """Trade an OAuth authorization code for tokens, and use them from now on."""
        oauth = self._require_oauth()
        request = oauth.requests.build_code_request(code, redirect_uri)
        response = await self._send(request, SEND_AS_IS)
        return await oauth.aaccept_token_response(response)

    async def _send(self, request: httpx.Request, auth: Any) -> httpx.Response:
        """As :meth:`SyncClient._send`, awaited."""
        retries = 0
        sending = SENDING.set(self._log_masker)  # (in this task only)
        try:
            while True:
                try:
                    response, delay = await self._attempt(request, auth, retries)
                    if delay is None:
                        return response
                except OAuthError as refused:  # (as in SyncClient._send)
                    delay = self._outcomes.delay_after_token_refusal(
                        request, refused, retries
                    )
                    if delay is None:
                        raise
                except SEND_ERRORS as exc:
                    delay = self._outcomes.delay_after_failure(request, exc, retries)
                    if delay is None:
                        error = self._outcomes.connection_error(request, exc, retries)
                        cause = self._outcomes.shown_cause(exc)
                        break
                await self._async_sleep(delay)
                retries += 1
        finally:
            SENDING.reset(sending)
        raise error from cause  # out of the handler: no __context__ (see SyncClient)

    async def _attempt(
        self, request: httpx.Request, auth: Any, retries: int
    ) -> tuple[httpx.Response, float | None]:
        """One attempt: the response, its body read, or closed unread with the delay
        before the next. Under asyncio its deadline interrupts it wherever it waits
        (elsewhere, as for :class:`SyncClient`, it is checked as the body arrives)."""
        limits = self._limits
        current = start_attempt(limits, self._http)
        if current is None:
            return await self._exchange(request, auth, retries, None)
        import asyncio  # (loaded already: an async client runs under an event loop)

        try:
            asyncio.get_running_loop()
        except RuntimeError:  # another event loop (trio): no asyncio timeout
            return await self._exchange(request, auth, retries, current)
        timeout = asyncio.timeout(limits.attempt_timeout)
        try:
            async with timeout:
                current.timeout = timeout
                return await self._exchange(request, auth, retries, current)
        except TimeoutError:
            if not timeout.expired():
                raise
            # The request it interrupted: an OAuth refresh's, as the blocking client's
            # timeout names it (the API saw nothing, whatever the method).
            raise timed_out(current.sending or request, limits) from None

    async def _exchange(
        self, request: httpx.Request, auth: Any, retries: int, current: Attempt | None
    ) -> tuple[httpx.Response, float | None]:
        """One exchange of ``current`` (the attempt, ``None`` without a deadline),
        which is current meanwhile (:data:`~._attempt.ATTEMPT`)."""
        with attempt_current(current):
            response = await self._http.send(
                request, auth=auth, follow_redirects=False, stream=True
            )
        delay = self._outcomes.delay_after_response(request, response, retries)
        if delay is None:
            # (later by the time the caller's callbacks took meanwhile)
            deadline = None if current is None else current.deadline
            await aread_body(response, self._limits, deadline, self._secrets)
        else:
            await response.aclose()
        return response, delay

    async def aclose(self) -> None:
        """Close the http client, if this client made it."""
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
