"""Every exception the client raises.

::

    PipedriveError
    ├── APIConnectionError          no response: connection failed (after retries),
    │                               or a body its Content-Encoding does not decode
    │   └── APITimeoutError         no response in time (after retries)
    ├── OAuthError                  the token endpoint refused, or no tokens yet
    ├── ResponseTooLargeError       a body larger, decoded, than max_response_size
    ├── RequestValidationError      a request body that breaks the spec; not sent
    │                               (only with validate_requests=True)
    ├── ResponseValidationError     a 2xx body that breaks the spec or its model
    │                               (only with validate_responses=True)
    └── APIStatusError              any non-2xx response; the class for other statuses
        ├── BadRequestError             400
        ├── AuthenticationError         401
        ├── PaymentRequiredError        402
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── GoneError                   410
        ├── UnprocessableEntityError    422
        ├── RateLimitError              429
        └── ServerError                 5xx

A status error is read from whatever body came back, since Pipedrive's specs
almost never declare errors and the bodies come in several shapes::

    {"success": false, "error": "...", "error_info": "...", "data": null, ...}
    {"success": false, "error": "...", "errorCode": 401}
    {"success": false, "message": "Forbidden"}
    {"status": "error", "success": false, "errors": {"id": ["not found"]}}

A body that is not JSON (a proxy's HTML 502 page) or is empty still gives the
typed error with a short message. ``str(error)`` is one line and never holds a
secret.

A 2xx body that does not fit its model is no error unless the client was made
with ``validate_responses=True``: the server did what was asked, so the result
is returned as far as it fits, with a :class:`ResponseMismatchWarning` (see
``raw_response(result).mismatches``).

``RequestValidationError`` and ``ResponseValidationError`` are also the validators'
:class:`InvalidBody` (a ``ValueError``), with the same :class:`Issue` s: one
``except InvalidBody`` catches them and what any spec's ``ensure_request`` or
``ensure_response`` raises.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any


from ._issues import InvalidBody, Issue, restored_error
from ._response import RawResponse

if TYPE_CHECKING:  # rate limits load when first read
    from ._ratelimit import RateLimit


class PipedriveError(Exception):
    """Base of every error raised by the Pipedrive client.

    Each survives pickle (a worker process's error reaches its parent) and
    ``copy.deepcopy`` with every attribute; a raw response on it goes with the
    client's secrets masked.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return restored_error, (type(self), self.args), self.__dict__


class ResponseMismatchWarning(UserWarning):
    """A successful body did not fit its model and was returned as far as it fits.

    The parts that did not fit keep their raw JSON values;
    ``raw_response(result).mismatches`` says where. Turn it into an error with
    ``warnings.simplefilter("error", ResponseMismatchWarning)``, or check bodies
    against the spec with ``validate_responses=True``.
    """


class APIConnectionError(PipedriveError):
    """No response: the connection failed, also on every retry; or a response whose
    body does not decode as its ``Content-Encoding`` says (not retried)."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(message)
        self.method = method
        self.url = url


class APITimeoutError(APIConnectionError):
    """No response in time, also on every retry."""


class OAuthError(PipedriveError):
    """The OAuth token endpoint refused a request, or there is no token to use."""

    # The request whose OAuth flow sent the refused token request (a refresh before
    # it): only such a refusal is the client's to retry, not one an
    # ``on_token_refresh`` raises out of its own call.
    _token_request_for: object = None

    def __init__(
        self,
        message: str,
        *,
        error: str | None = None,
        response: RawResponse | None = None,
    ) -> None:
        super().__init__(message)
        self.error = error
        self.response = response
        self.status_code = response.status_code if response else None
        self.request_id = response.request_id if response else None


class ResponseTooLargeError(PipedriveError):
    """A response body, decoded, larger than the client's ``max_response_size``: it
    was not read further (nor retried), whatever its status, a token endpoint's too.

    ``limit`` is the size in bytes that was exceeded.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        status_code: int,
        limit: int,
        request_id: str | None,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.url = url
        self.status_code = status_code
        self.limit = limit
        self.request_id = request_id


class ResponseValidationError(PipedriveError, InvalidBody):
    """A successful response whose body does not match the declared model or the spec,
    raised only by a client made with ``validate_responses=True``.

    ``issues`` lists the spec validator's findings; it is empty where the body passed
    them but its model could not parse it.
    """

    def __init__(
        self,
        message: str,
        *,
        response: RawResponse,
        subject: str,
        issues: Sequence[Issue] = (),
    ) -> None:
        super().__init__(subject, issues, message=message)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.request_id
        self.rate_limit = response.rate_limit


class APIStatusError(PipedriveError):
    """A non-2xx response; raised as such for statuses without a subclass."""

    status_code: int
    error: str | None
    error_info: str | None
    code: str | int | None
    errors: Mapping[str, Any] | None
    body: Any
    request_id: str | None
    response: RawResponse
    rate_limit: RateLimit

    def __init__(
        self, message: str, *, response: RawResponse, body: Any = None
    ) -> None:
        super().__init__(message)
        fields = body if isinstance(body, Mapping) else {}
        self.status_code = response.status_code
        self.response = response
        self.rate_limit = response.rate_limit
        self.body = body
        self.error = text_of(fields.get("error")) or text_of(fields.get("message"))
        self.error_info = text_of(fields.get("error_info"))
        self.code = code_of(fields.get("code"), fields.get("errorCode"))
        errors = fields.get("errors")
        self.errors = errors if isinstance(errors, Mapping) else None
        self.request_id = response.request_id or text_of(fields.get("request_id"))


class BadRequestError(APIStatusError):
    """400: the request is malformed or a field is invalid."""


class AuthenticationError(APIStatusError):
    """401: the api token or OAuth access token is missing, wrong or expired."""


class PaymentRequiredError(APIStatusError):
    """402: the company account is not open."""


class PermissionDeniedError(APIStatusError):
    """403: not allowed, or a plan limit was reached (see ``code``)."""


class NotFoundError(APIStatusError):
    """404: the resource does not exist or is not visible to this user."""


class GoneError(APIStatusError):
    """410: the resource existed but is gone."""


class UnprocessableEntityError(APIStatusError):
    """422: the request is well formed but cannot be carried out."""


class RateLimitError(APIStatusError):
    """429: too many requests; ``rate_limit`` says when to come back."""


class ServerError(APIStatusError):
    """5xx: Pipedrive (or a proxy in front of it) failed."""


STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status_code: int) -> type[APIStatusError]:
    """The exception class for a non-2xx ``status_code``."""
    if status_code in STATUS_ERRORS:
        return STATUS_ERRORS[status_code]
    if status_code >= 500:
        return ServerError
    return APIStatusError


def text_of(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def code_of(code: Any, error_code: Any) -> str | int | None:
    for value in (code, error_code):
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None
