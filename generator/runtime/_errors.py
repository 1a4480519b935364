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

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ._issues import InvalidBody, Issue, restored_error
from ._redact import Secret, masker, redact_text
from ._response import RawResponse, request_id_of

if TYPE_CHECKING:  # rate limits load when first read
    from ._ratelimit import RateLimit

_MAX_MESSAGE_LENGTH = 300
# As text: compiled (and cached by ``re``) for the first error body that is no JSON,
# not each time the client is imported.
_HTML_TITLE = rb"<title[^>]*>(.*?)</title>"


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
        self.error = _text(fields.get("error")) or _text(fields.get("message"))
        self.error_info = _text(fields.get("error_info"))
        self.code = _code(fields.get("code"), fields.get("errorCode"))
        errors = fields.get("errors")
        self.errors = errors if isinstance(errors, Mapping) else None
        self.request_id = response.request_id or _text(fields.get("request_id"))


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


def status_error(
    response: RawResponse, secrets: Iterable[Secret | str | None] = ()
) -> APIStatusError:
    """The typed error for a non-2xx ``response``; ``secrets`` are masked, in its
    message and in every field read from the body."""
    is_json, body = _decode(response.content, secrets)
    detail = _detail(response, is_json, body, secrets)
    message = _one_line(
        f"{_where(response)} -> {response.status_code} {response.reason_phrase}: "
        f"{detail}{_request_id_note(response, body)}",
        secrets,
    )
    return error_class_for(response.status_code)(message, response=response, body=body)


def validation_error(
    response: RawResponse,
    model_name: str,
    problem: str,
    secrets: Iterable[Secret | str | None] = (),
) -> ResponseValidationError:
    """The error for a 2xx body that the model ``model_name`` cannot parse."""
    message = _one_line(
        f"{_where(response)} -> {response.status_code} {response.reason_phrase}: "
        f"body does not match {model_name}: {problem}",
        secrets,
    )
    subject = f"the {response.status_code} response body"
    return ResponseValidationError(message, response=response, subject=subject)


def connection_error(
    request: httpx.Request,
    exc: Exception,
    attempts: int,
    secrets: Iterable[Secret | str | None] = (),
) -> APIConnectionError:
    """The error for a request that got no response in ``attempts`` tries, or one
    whose body did not decode (``httpx.DecodingError``)."""
    cls = (
        APITimeoutError
        if isinstance(exc, httpx.TimeoutException)
        else APIConnectionError
    )
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.DecodingError):
        failure = "response body does not decode as its Content-Encoding says"
    else:
        failure = f"no response after {tries}"
    message = _one_line(
        f"{request.method} {request.url.path}: {failure}: "
        f"{type(exc).__name__}: {reason}",
        secrets,
    )
    return cls(
        message, method=request.method, url=str(request.url.copy_with(query=None))
    )


def too_large_error(
    response: httpx.Response, limit: int, secrets: Iterable[Secret | str | None] = ()
) -> ResponseTooLargeError:
    """The error for ``response``, whose body grew past ``limit`` bytes as it was read."""
    request = response.request
    message = _one_line(
        f"{request.method} {request.url.path} -> {response.status_code}: "
        f"response body larger than max_response_size ({limit} bytes, decoded); "
        "not read further",
        secrets,
    )
    return ResponseTooLargeError(
        message,
        method=request.method,
        url=str(request.url.copy_with(query=None)),
        status_code=response.status_code,
        limit=limit,
        request_id=request_id_of(response.headers),
    )


def oauth_error(
    response: RawResponse, secrets: Iterable[Secret | str | None] = ()
) -> OAuthError:
    """The error for a refused token request (``secrets`` masked as above)."""
    is_json, body = _decode(response.content, secrets)
    fields = body if isinstance(body, Mapping) else {}
    error = _text(fields.get("error"))
    description = _text(fields.get("error_description")) or _text(fields.get("message"))
    detail = ": ".join(part for part in (error, description) if part) or _detail(
        response, is_json, body, secrets
    )
    message = _one_line(
        f"OAuth token request -> {response.status_code} "
        f"{response.reason_phrase}: {detail}",
        secrets,
    )
    return OAuthError(message, error=error, response=response)


def _where(response: RawResponse) -> str:
    return f"{response.method} {httpx.URL(response.url).path}"


def _detail(
    response: RawResponse,
    is_json: bool,
    body: Any,
    secrets: Iterable[Secret | str | None],
) -> str:
    if not response.content.strip():
        return "empty response body"
    if not is_json:
        return _non_json_detail(response, secrets)
    if not isinstance(body, Mapping):
        return "JSON body without an error message"
    parts = []
    message = _text(body.get("error")) or _text(body.get("message"))
    if message:
        parts.append(message)
    errors = body.get("errors")
    if isinstance(errors, Mapping) and errors:
        parts.append("; ".join(_field_errors(errors)))
    info = _text(body.get("error_info"))
    if info:
        parts.append(f"({info})")
    code = _code(body.get("code"), body.get("errorCode"))
    if code is not None:
        parts.append(f"[code {code}]")
    return " ".join(parts) or "JSON body without an error message"


def _non_json_detail(
    response: RawResponse, secrets: Iterable[Secret | str | None]
) -> str:
    content_type = response.headers.get("content-type", "unknown type").split(";")[0]
    size = f"{len(response.content)} bytes"
    title = re.search(_HTML_TITLE, response.content, re.IGNORECASE | re.DOTALL)
    if title:
        text = title.group(1).decode("utf-8", errors="replace").strip()
        text = redact_text(text, secrets)  # before the cut: no prefix of one is left
        return f'non-JSON body ({content_type}, {size}) titled "{text[:80]}"'
    return f"non-JSON body ({content_type}, {size})"


def _field_errors(errors: Mapping[str, Any]) -> list[str]:
    out = []
    for field, problems in errors.items():
        if isinstance(problems, list):
            text = ", ".join(str(problem) for problem in problems)
        else:
            text = str(problems)
        out.append(f"{field}: {text}")
    return out


def _request_id_note(response: RawResponse, body: Any) -> str:
    request_id = response.request_id
    if request_id is None and isinstance(body, Mapping):
        request_id = _text(body.get("request_id"))
    return f" (request id {request_id})" if request_id else ""


def _one_line(text: str, secrets: Iterable[Secret | str | None]) -> str:
    text = " ".join(redact_text(text, secrets).split())
    if len(text) > _MAX_MESSAGE_LENGTH:
        text = text[: _MAX_MESSAGE_LENGTH - 3] + "..."
    return text


def _decode(content: bytes, secrets: Iterable[Secret | str | None]) -> tuple[bool, Any]:
    """``(True, value)`` for a JSON body, ``secrets`` masked in every string of it,
    keys too (so in every field read from it); ``(False, None)`` otherwise. Masked
    once decoded: in the text, ``\\u0074...`` escapes would hide a secret."""
    if not content.strip():
        return False, None
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False, None
    return True, _masked_json(body, masker(secrets))


def _masked_json(value: Any, mask: Callable[[str], str]) -> Any:
    """A copy of decoded JSON with ``mask`` applied to every string and key (without
    recursion: the body may be nested as deep as the decoder goes)."""
    if isinstance(value, str):
        return mask(value)
    if not isinstance(value, (dict, list)):
        return value
    copy: Any = {} if isinstance(value, dict) else [None] * len(value)
    pending = [(value, copy)]
    while pending:
        source, target = pending.pop()
        items = source.items() if isinstance(source, dict) else enumerate(source)
        for key, item in items:
            if isinstance(item, str):
                item = mask(item)
            elif isinstance(item, (dict, list)):
                inner: Any = {} if isinstance(item, dict) else [None] * len(item)
                pending.append((item, inner))
                item = inner
            target[mask(key) if isinstance(key, str) else key] = item
    return copy


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _code(code: Any, error_code: Any) -> str | int | None:
    for value in (code, error_code):
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return value
    return None
