"""Runtime of a generated Pipedrive client, copied verbatim into each package.

Generated operation methods describe themselves with an :class:`Operation`
and call :meth:`SyncClient.call` / :meth:`AsyncClient.call` (and
``paginate`` for list operations). Everything else here is public API of the
generated package: errors, auth, rate limits and raw responses.
"""

from ._auth import ApiTokenAuth, OAuth2Auth
from ._base import DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, BaseClient
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
    "RequestValidationError",
    "RawResponse",
    "RequestModel",
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
