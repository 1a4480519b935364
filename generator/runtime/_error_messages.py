"""What an error says, made from what came back: the server's detail read from any body
(JSON in any of Pipedrive's shapes, an HTML page's title, nothing), every secret
masked, on one line of at most 300 characters; and the functions that make each error
of ``_errors`` with it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx

from ._errors import APIConnectionError, APIStatusError, APITimeoutError, OAuthError
from ._errors import ResponseTooLargeError, ResponseValidationError, code_of
from ._errors import error_class_for, text_of
from ._redact import Secret, masker, redact_text
from ._response import RawResponse, request_id_of

_MAX_MESSAGE_LENGTH = 300


# As text: compiled (and cached by ``re``) for the first error body that is no JSON,
# not each time the client is imported.
_HTML_TITLE = rb"<title[^>]*>(.*?)</title>"


def status_error(
    response: RawResponse, secrets: Iterable[Secret | str | None] = ()
) -> APIStatusError:
    """The typed error for a non-2xx ``response``; ``secrets`` are masked, in its
    message and in every field read from the body."""
    is_json, body = _decode(response.content, secrets)
    detail = _detail(response, is_json, body, secrets)
    message = one_line(
        f"{where(response)} -> {response.status_code} {response.reason_phrase}: "
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
    message = one_line(
        f"{where(response)} -> {response.status_code} {response.reason_phrase}: "
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
    message = one_line(
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
    message = one_line(
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
    error = text_of(fields.get("error"))
    description = text_of(fields.get("error_description")) or text_of(
        fields.get("message")
    )
    detail = ": ".join(part for part in (error, description) if part) or _detail(
        response, is_json, body, secrets
    )
    message = one_line(
        f"OAuth token request -> {response.status_code} "
        f"{response.reason_phrase}: {detail}",
        secrets,
    )
    return OAuthError(message, error=error, response=response)


def unawaitable_refresh_callback(returned: bool) -> TypeError:
    """The blocking client's refusal of an async ``on_token_refresh``, which it cannot
    await: found when the client is made, or (``returned``) when a call of it returned
    an awaitable all the same."""
    if returned:
        found, saved = "returned an awaitable", "the new token pair was not saved"
    else:
        found, saved = "is an async function", "no token pair would be saved"
    return TypeError(
        f"on_token_refresh {found}, which the blocking client cannot await ({saved}): "
        "pass a plain function, or use the async client"
    )


def where(response: RawResponse) -> str:
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
    message = text_of(body.get("error")) or text_of(body.get("message"))
    if message:
        parts.append(message)
    errors = body.get("errors")
    if isinstance(errors, Mapping) and errors:
        parts.append("; ".join(_field_errors(errors)))
    info = text_of(body.get("error_info"))
    if info:
        parts.append(f"({info})")
    code = code_of(body.get("code"), body.get("errorCode"))
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
        request_id = text_of(body.get("request_id"))
    return f" (request id {request_id})" if request_id else ""


def one_line(text: str, secrets: Iterable[Secret | str | None]) -> str:
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
