"""The client core: build a request, send it (retrying), parse or raise.

:class:`~._base.BaseClient` holds the configuration and every step that does
not wait on the network. :class:`SyncClient` (here) and
:class:`~._async_client.AsyncClient` add only the send loop, over ``httpx.Client``
and ``httpx.AsyncClient``.

Generated code wraps or subclasses these, for instance::

    class PipedriveClient(SyncClient):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.v1 = V1Operations(self)

    class V1Operations:
        def __init__(self, client: SyncClient) -> None:
            self._client = client

        def get_activity(self, id: int) -> GetActivityResponse:
            return self._client.call(GET_ACTIVITY, path_params={"id": id})
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Self

import httpx

from ._base import (
    ASKS_FOR_JSON,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_REFRESH_SKEW,
    DEFAULT_TIMEOUT,
    SEND_AS_IS,
    SEND_ERRORS,
    BaseClient,
    Body,
)
from ._attempt import attempt_current, start_attempt
from ._body import capped_timeout, read_body
from ._deadline import bound_by_deadline
from ._error_messages import unawaitable_refresh_callback
from ._errors import OAuthError
from ._operation import Operation
from ._pagination import page_refusal, paginate
from ._redact import SENDING, Secret
from ._security import Credential

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._tokens import OAuthCredentials, OAuthTokens

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RESPONSE_SIZE",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "BaseClient",
    "SyncClient",
]


class SyncClient(BaseClient[httpx.Client]):
    """The blocking client core, over ``httpx.Client``.

    Pass ``api_token`` or ``oauth`` (with ``oauth_tokens`` once you have
    them), or ``credentials`` by the keywords of the operations' security schemes;
    ``base_url`` defaults to the class's ``default_base``, its ``server_values``
    filled. ``transport`` or a ready ``http_client`` replace the network, e.g.
    with ``httpx.MockTransport``; ``timeout`` applies only to the http client
    made here. A response body may hold ``max_response_size`` bytes, decoded
    (64 MiB; ``None``: no cap), and one attempt take ``attempt_timeout`` seconds
    from sending to the body's last byte (by default the longest of ``timeout``'s
    limits; ``math.inf``: no deadline), each retry its own.
    ``sleep``, ``clock`` and ``jitter`` make retries testable.
    OAuth tokens are sent only to ``https://<name>.pipedrive.com``, the
    ``api_domain`` Pipedrive gives; ``allowed_api_domains`` names other origins
    to trust (``["https://pipedrive.example.internal"]``). ``on_token_refresh``
    receives each new pair: a plain function (an ``async def`` is a ``TypeError``
    here, which could not await it: the async client awaits one).
    """

    def __init__(
        self,
        *,
        api_token: str | Secret | None = None,
        oauth: OAuthCredentials | None = None,
        oauth_tokens: OAuthTokens | None = None,
        base_url: str | None = None,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        on_token_refresh: Callable[[OAuthTokens], None] | None = None,
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
        if _is_async(on_token_refresh):
            raise unawaitable_refresh_callback(returned=False)
        owns = http_client is None
        if http_client is None:
            http_client = httpx.Client(
                transport=transport,
                timeout=capped_timeout(timeout, attempt_timeout),
                headers=ASKS_FOR_JSON,
            )
            bound_by_deadline(http_client)  # status line and headers too
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
        self._sleep = sleep

    def call(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        body: Body = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send one operation and return its parsed body, or raise a typed error.

        The result is the model declared for the status that came back (see
        :meth:`Operation.model_for`), the decoded JSON if none is, or ``None``
        for an empty body; :func:`raw_response` gives the HTTP response behind
        a model.
        """
        route = self._router.route_for(operation)
        request = self._build_request(route, path_params, query, body, headers)
        response = self._send(request, route.auth)
        return self._parse_response(operation, response)

    def paginate(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, object] | None = None,
        query: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Iterator[Any]:
        """Every item of every page of a list operation, fetched lazily."""

        def call_page(page_query: dict[str, object]) -> Any:
            return self.call(
                operation, path_params=path_params, query=page_query, headers=headers
            )

        refuse = page_refusal(operation.operation_id, self._secrets)
        return paginate(call_page, self._page_style(operation), query, refuse)

    def exchange_code(
        self, code: str, *, redirect_uri: str | None = None
    ) -> OAuthTokens:
        """Trade an OAuth authorization code for tokens, and use them from now on."""
        oauth = self._require_oauth()
        response = self._send(
            oauth.requests.build_code_request(code, redirect_uri), SEND_AS_IS
        )
        return oauth.accept_token_response(response)

    def _send(self, request: httpx.Request, auth: Any) -> httpx.Response:
        """``request``'s response, sent with ``auth`` (as ``httpx.Client.send`` takes
        it), its body read within the client's limits, and sent again while the retry
        policy says so (a response to retry is closed unread)."""
        retries = 0
        limits = self._limits
        sending = SENDING.set(self._log_masker)  # what httpx logs meanwhile is ours
        try:
            while True:
                current = start_attempt(limits, self._http)
                with attempt_current(current):
                    try:
                        response = self._http.send(
                            request, auth=auth, follow_redirects=False, stream=True
                        )
                        delay = self._outcomes.delay_after_response(
                            request, response, retries
                        )
                        if delay is None:
                            # (later by the time the caller's callbacks took meanwhile)
                            deadline = None if current is None else current.deadline
                            read_body(response, limits, deadline, self._secrets)
                            return response
                        response.close()
                    except OAuthError as refused:  # a refresh's 429, 503...: retried
                        delay = self._outcomes.delay_after_token_refusal(
                            request, refused, retries
                        )
                        if delay is None:
                            raise
                    except SEND_ERRORS as exc:
                        delay = self._outcomes.delay_after_failure(
                            request, exc, retries
                        )
                        if delay is None:
                            error = self._outcomes.connection_error(
                                request, exc, retries
                            )
                            cause = self._outcomes.shown_cause(exc)
                            break
                self._sleep(delay)
                retries += 1
        finally:
            SENDING.reset(sending)
        # Raised out of the handler, so the error keeps no ``__context__``: the
        # transport error, whose text may quote a secret, is chained only as ``cause``.
        raise error from cause

    def close(self) -> None:
        """Close the http client, if this client made it."""
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _is_async(call: object) -> bool:
    """Whether ``call`` is an ``async def`` (a function, a ``partial`` of one, or an
    object whose ``__call__`` is one)."""
    if call is None:
        return False
    import inspect  # (loaded already by pydantic)

    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
        getattr(call, "__call__", None)
    )
