"""What the sync and async clients share: configuration, request, retry, parse.

:class:`BaseClient` holds the configuration and everything that does not wait
on the network: building the ``httpx.Request`` for an
:class:`~._operation.Operation` (where it goes: ``_routing.py``), deciding whether
and how long to wait before a retry (``_outcome.py``); ``_parse.py`` turns the
response into a model or a typed error. The send loops live in ``_client.py``
(blocking) and ``_async_client.py`` (asyncio).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar
from uuid import UUID

import httpx
from pydantic import BaseModel

from ._body import Limits
from ._security import Credential, Credentials
from ._servers import fill_server
from ._operation import Operation, PaginationStyle
from ._outcome import Outcomes
from ._parse import parse_response
from ._validation import check_request, unsendable_body, unsendable_parameter
from ._redact import Secret, masker, redacted_repr, watch_httpx_log
from ._request import JsonNull, encode_query, expand_path, request_content
from ._response import RawResponse
from ._retry import RetryPolicy
from ._routing import Route, Router

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._auth import OAuth2Auth
    from ._token_saving import OnTokenRefresh
    from ._tokens import OAuthCredentials, OAuthTokens

DEFAULT_BASE_URL = "https://api.pipedrive.com"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
# The most a response body may hold, decoded: Pipedrive's largest pages hold a few MiB.
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
DEFAULT_MAX_RETRIES = 2
DEFAULT_TOKEN_URL = "https://oauth.pipedrive.com/oauth/token"
# How long before it expires an OAuth access token is refreshed, in seconds.
DEFAULT_REFRESH_SKEW = 60.0
# The default headers of the http client a client makes: it asks for JSON, as most
# operations do, and a request carries an Accept header of its own only where its
# operation's differs (a download asks for anything) or the http client's does.
ASKS_FOR_JSON = (("Accept", "application/json"),)

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
# A request body: a model, a mapping or a list of them, or a JSON scalar (text, a
# number, a bool, a date, time or uuid); ``bytes`` go as they are; ``NULL`` is the JSON
# ``null``, ``None`` no body.
Body = (
    BaseModel
    | Mapping[str, Any]
    | Sequence[Any]
    | bool
    | int
    | float
    | date
    | time
    | UUID
    | JsonNull
    | None
)

# Token requests carry their own Basic header; this sends them as they are,
# whatever auth the http client has by default. Redirects are never followed:
# httpx would carry the x-api-token header to wherever they point.
SEND_AS_IS = httpx.Auth()
# What sending a request may raise that the client turns into its own error: no
# response, or one whose body does not decode as its Content-Encoding says (a
# ``RequestError`` of httpx, not a ``TransportError``).
SEND_ERRORS = (httpx.TransportError, httpx.DecodingError)


class BaseClient(Generic[HttpClientT]):
    """Configuration and the request/response logic shared by sync and async.

    A generated client class says what its specs say in the class attributes: the
    part of the specs' server URLs that ``base_url`` stands for (``default_base``,
    with ``{variable}`` placeholders), each server variable's ``enum``
    (``server_choices``), the OAuth token endpoint (``token_url``) and whether
    the app may ask it for a token with its own credentials (``client_credentials``).
    """

    default_base: ClassVar[str] = DEFAULT_BASE_URL
    server_choices: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    token_url: ClassVar[str] = DEFAULT_TOKEN_URL
    client_credentials: ClassVar[bool] = False

    def __init__(
        self,
        *,
        http_client: HttpClientT,
        owns_http_client: bool,
        api_token: str | Secret | None,
        oauth: OAuthCredentials | None,
        oauth_tokens: OAuthTokens | None,
        base_url: str | None,
        max_retries: int,
        clock: Callable[[], float],
        jitter: Callable[[], float],
        on_token_refresh: OnTokenRefresh | None,
        token_refresh_skew: float,
        validate_requests: bool = False,
        validate_responses: bool = False,
        allowed_api_domains: Iterable[str] = (),
        credentials: Mapping[str, Credential | None] | None = None,
        server_values: Mapping[str, str] | None = None,
        max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE,
        attempt_timeout: float | None = None,
    ) -> None:
        if api_token is not None and oauth is not None:
            raise ValueError("pass api_token or oauth, not both")
        if oauth_tokens is not None and oauth is None:
            raise ValueError("oauth_tokens need oauth credentials to refresh them")
        server_values = dict(server_values or {})
        if base_url is None:
            if "://" not in self.default_base:
                raise ValueError(
                    "the spec names no absolute server URL: pass base_url="
                )
            base_url = fill_server(
                self.default_base, server_values, self.server_choices
            )
        parsed_base = httpx.URL(base_url)
        if parsed_base.scheme not in ("http", "https") or not parsed_base.host:
            raise ValueError("base_url must be an absolute http(s) URL")
        given = dict(credentials or {})
        if api_token is not None:
            given["api_token"] = api_token
        self._credentials = Credentials(given)
        self._limits = Limits.for_client(
            max_response_size, attempt_timeout, http_client.timeout
        )
        self._auth: OAuth2Auth | None = None
        if oauth is not None:
            from ._auth import OAuth2Auth  # loaded only here: most clients use a token

            self._auth = OAuth2Auth(
                oauth,
                oauth_tokens,
                token_url=self.token_url,
                refresh_skew=token_refresh_skew,
                clock=clock,
                on_token_refresh=on_token_refresh,
                base_url=base_url,
                allowed_api_domains=allowed_api_domains,
                client_credentials=self.client_credentials,
                limits=self._limits,
            )
        self._http: HttpClientT = http_client
        self._owns_http_client = owns_http_client
        # The Accept header the http client sends by default, while no one else can
        # have changed it (it was made here, and ``http_client`` has not handed it
        # out); ``None``: unknown, read from its headers on each request.
        self._http_accept: str | None = "application/json" if owns_http_client else None
        self._router = Router(
            self.default_base,
            self.server_choices,
            base_url,
            server_values,
            self._credentials,
            self._auth,
        )
        self._retry = RetryPolicy(max_retries=max_retries)
        self._clock = clock
        self._outcomes = Outcomes(
            self._retry,
            clock,
            jitter,
            self._credentials,
            self._secrets,
            None if self._auth is None else self.token_url,
        )
        self._validate_requests = validate_requests
        self._validate_responses = validate_responses
        watch_httpx_log()

    # -- configuration --

    @property
    def base_url(self) -> str:
        """Where requests go: the OAuth ``api_domain`` once known, else ``base_url``."""
        return self._router.base_url

    @property
    def auth(self) -> OAuth2Auth | None:
        """The OAuth ``httpx.Auth`` requests are sent with, if the client has one."""
        return self._auth

    @property
    def oauth_tokens(self) -> OAuthTokens | None:
        """The current OAuth token pair (``None`` with an api token)."""
        return self._auth.tokens if self._auth is not None else None

    @property
    def http_client(self) -> HttpClientT:
        """The underlying httpx client."""
        self._http_accept = None  # its headers may change from now on
        return self._http

    @property
    def max_retries(self) -> int:
        """How many times a failed request is retried."""
        return self._retry.max_retries

    # -- shared steps of every call --

    def _build_request(
        self,
        route: Route,
        path_params: Mapping[str, object] | None,
        query: Mapping[str, object] | None,
        body: Body,
        headers: Mapping[str, str] | None,
    ) -> httpx.Request:
        operation = route.operation
        try:
            path = expand_path(operation.path, path_params, operation.path_types)
        except ValueError:
            _raise_unsendable("path", path_params, self._secrets())
            raise
        url = self._router.url(route, path)
        try:
            content = request_content(
                body, operation.content_type, operation.nullable_body
            )
        except ValueError:  # pydantic's serialization errors and encoding's included
            refused = unsendable_body(operation, body, self._secrets())
            if refused is None:
                raise
            raise refused from None
        if self._validate_requests and "content" in content:
            check_request(operation, content["content"], self._secrets())
        request_headers = {}
        accept = self._http_accept
        if accept is None:
            accept = self._http.headers.get("Accept")
        if accept != operation.accept:
            request_headers["Accept"] = operation.accept
        if "headers" in content:
            request_headers.update(content.pop("headers"))
        if headers:
            request_headers.update(headers)
        placed = route.placed
        request_headers.update(placed.headers)
        try:
            params = encode_query(query) + placed.params
        except ValueError:  # an int of more digits than Python prints
            _raise_unsendable("query", query, self._secrets())
            raise
        if placed.cookie:
            given = request_headers.pop("Cookie", "")
            cookie = placed.cookie
            request_headers["Cookie"] = f"{given}; {cookie}" if given else cookie
        if params:  # an empty params argument still costs httpx a second URL parse
            content["params"] = params
        try:
            return self._http.build_request(
                operation.http_method, url, headers=request_headers, **content
            )
        except UnicodeEncodeError:  # a query value with a lone surrogate
            _raise_unsendable("query", query, self._secrets())
            raise

    def _parse_response(self, operation: Operation, response: httpx.Response) -> Any:
        request = response.request
        shown = self._credentials.masked(request.url)
        if shown is not request.url:  # a key in the query stays out of sight
            response.request = httpx.Request(request.method, shown)
        raw = RawResponse.from_httpx(response, self._clock(), self._secrets())
        return parse_response(
            operation, raw, self._secrets, validate=self._validate_responses
        )

    def _log_masker(self) -> Callable[[object], object]:
        """How a value of one record httpx or httpcore logs while this client sends
        (:data:`~._redact.SENDING`) may be shown: a URL with the query keys masked,
        and any text with the client's secrets masked (their forms worked out once
        for the record)."""
        mask = masker(self._secrets())

        def shown(value: object) -> object:
            if isinstance(value, httpx.URL):
                url = self._credentials.masked(value)
                text = str(url)
                masked = mask(text)
                return url if masked == text else masked
            if isinstance(value, str):
                return mask(value)
            return value

        return shown

    def _require_oauth(self) -> OAuth2Auth:
        if self._auth is None:
            raise ValueError("this client was not created with oauth credentials")
        return self._auth

    def _secrets(self) -> tuple[Secret | str | None, ...]:
        held: tuple[Secret | str | None, ...] = self._credentials.secrets
        if self._auth is not None:
            held += self._auth.secrets
        return held

    def _page_style(self, operation: Operation) -> PaginationStyle:
        if operation.pagination is None:
            raise ValueError(f"{operation.operation_id} is not a paginated operation")
        return operation.pagination

    def __repr__(self) -> str:
        return redacted_repr(
            type(self).__name__,
            {
                "base_url": self.base_url,
                "credentials": self._credentials,
                "auth": self._auth,
                "max_retries": self._retry.max_retries,
            },
        )


def _raise_unsendable(
    kind: str,
    values: Mapping[str, object] | None,
    secrets: Iterable[Secret | str | None],
) -> None:
    """Raise the ``RequestValidationError`` of the first of the ``kind`` parameters
    ``values`` that cannot be sent, if one cannot (else the caller raises its error),
    ``secrets`` masked in it."""
    refused = unsendable_parameter(kind, values, secrets)
    if refused is not None:
        raise refused from None
