"""Runtime of a generated Pipedrive client, copied verbatim into each package.

Generated operation methods describe themselves with an :class:`Operation`
and call :meth:`SyncClient.call` / :meth:`AsyncClient.call` (and
``paginate`` for list operations). Everything else here is public API of the
generated package: errors, auth, rate limits and raw responses.

Each name loads its module on first use: a spec's validators import ``_issues`` and
``_checks`` from here without loading the client, httpx or pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._auth import ApiTokenAuth, OAuth2Auth
    from ._base import (
        DEFAULT_BASE_URL,
        DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT,
        BaseClient,
    )
    from ._client import AsyncClient, SyncClient
    from ._errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        GoneError,
        NotFoundError,
        OAuthError,
        PaymentRequiredError,
        PermissionDeniedError,
        PipedriveError,
        RateLimitError,
        ResponseMismatchWarning,
        ResponseValidationError,
        ServerError,
        UnprocessableEntityError,
    )
    from ._issues import InvalidBody, Issue
    from ._models import RequestModel, ResponseModel
    from ._operation import Operation, PaginationStyle
    from ._pagination import apaginate, paginate
    from ._ratelimit import RateLimit
    from ._redact import Secret
    from ._response import RawResponse, ResponseMismatch, raw_response
    from ._retry import RetryPolicy
    from ._tokens import (
        AUTHORIZE_URL,
        TOKEN_URL,
        OAuthCredentials,
        OAuthTokens,
        authorization_url,
    )
    from ._validation import RequestValidationError

_EXPORTS = {
    "._auth": ("ApiTokenAuth", "OAuth2Auth"),
    "._base": (
        "DEFAULT_BASE_URL",
        "DEFAULT_MAX_RETRIES",
        "DEFAULT_TIMEOUT",
        "BaseClient",
    ),
    "._client": ("AsyncClient", "SyncClient"),
    "._errors": (
        "APIConnectionError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "GoneError",
        "NotFoundError",
        "OAuthError",
        "PaymentRequiredError",
        "PermissionDeniedError",
        "PipedriveError",
        "RateLimitError",
        "ResponseMismatchWarning",
        "ResponseValidationError",
        "ServerError",
        "UnprocessableEntityError",
    ),
    "._issues": ("InvalidBody", "Issue"),
    "._models": ("RequestModel", "ResponseModel"),
    "._operation": ("Operation", "PaginationStyle"),
    "._pagination": ("apaginate", "paginate"),
    "._ratelimit": ("RateLimit",),
    "._redact": ("Secret",),
    "._response": ("RawResponse", "ResponseMismatch", "raw_response"),
    "._retry": ("RetryPolicy",),
    "._tokens": (
        "AUTHORIZE_URL",
        "TOKEN_URL",
        "OAuthCredentials",
        "OAuthTokens",
        "authorization_url",
    ),
    "._validation": ("RequestValidationError",),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AUTHORIZE_URL",
    "ApiTokenAuth",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "BaseClient",
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "GoneError",
    "InvalidBody",
    "Issue",
    "NotFoundError",
    "OAuth2Auth",
    "OAuthCredentials",
    "OAuthError",
    "OAuthTokens",
    "Operation",
    "PaginationStyle",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "PipedriveError",
    "RateLimit",
    "RateLimitError",
    "RawResponse",
    "RequestModel",
    "RequestValidationError",
    "ResponseMismatch",
    "ResponseMismatchWarning",
    "ResponseModel",
    "ResponseValidationError",
    "RetryPolicy",
    "Secret",
    "ServerError",
    "SyncClient",
    "TOKEN_URL",
    "UnprocessableEntityError",
    "apaginate",
    "authorization_url",
    "paginate",
    "raw_response",
]


if not TYPE_CHECKING:  # checkers read the imports above: a misspelt name is an error

    def __getattr__(name: str) -> Any:
        if name in _MODULE_OF:
            value = getattr(import_module(_MODULE_OF[name], __name__), name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
