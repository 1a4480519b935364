"""The raw HTTP response behind every parsed model and every error.

Generated methods return pydantic models; :func:`raw_response` gives back what
came over the wire for one of them: status, headers, body bytes, the request
id and the rate-limit state. The request that produced it is not kept, so its
credentials cannot leak through this object. A successful body that did not fit its
model (returned as far as it fits, see ``_lenient.py``) lists where on ``mismatches``.
"""

from __future__ import annotations

import json
import weakref
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from ._redact import Secret, masker, redact_headers, redact_url, shown_header

if TYPE_CHECKING:  # each loads when first needed: a rate limit read, a body that
    # does not fit its model
    from ._lenient import ResponseMismatch
    from ._ratelimit import RateLimit

REQUEST_ID_HEADERS = ("x-correlation-id", "x-request-id")
# The problems of a mismatch at a body's root (``mismatches``) that say how it was
# read: no JSON, JSON nested too deeply, or each part fits but not the whole.
NO_JSON = "json_invalid"
TOO_DEEP = "nested too deeply"
NOT_AS_A_WHOLE = "does not fit as a whole"


class RawResponse:
    """One HTTP response as received: status, headers, body and what they tell.

    What is derived from the headers (URL without secrets, request id, rate limits) is
    worked out when first asked for, not on every call, and so is the standard reason
    phrase of the status (``reason_phrase=None``) when the server sent none.
    """

    __slots__ = (
        "status_code",
        "_reason_phrase",
        "headers",
        "content",
        "method",
        "_request_url",
        "_now",
        "_derived",
        "mismatches",
        "_secrets",
    )

    def __init__(
        self,
        status_code: int,
        reason_phrase: str | None,
        headers: httpx.Headers,
        content: bytes,
        method: str,
        request_url: httpx.URL,
        now: float,
        secrets: tuple[Secret | str | None, ...] = (),
    ) -> None:
        self.status_code = status_code
        self._reason_phrase = reason_phrase
        self.headers = headers
        self.content = content
        self.method = method
        self._request_url = request_url
        self._now = now
        self._derived: dict[str, Any] = {}
        # Where the body did not fit its model, when it was returned all the same.
        self.mismatches: tuple[ResponseMismatch, ...] = ()
        # What the client held when it came: masked wherever a header is shown.
        self._secrets = secrets

    @classmethod
    def from_httpx(
        cls,
        response: httpx.Response,
        now: float,
        secrets: tuple[Secret | str | None, ...] = (),
    ) -> RawResponse:
        """Capture ``response`` (already read); ``now`` dates ``Retry-After``,
        ``secrets`` are the client's, masked in its ``repr``."""
        request = response.request
        # The phrase the server sent, if any: httpx's standard one only when asked for.
        sent = response.extensions.get("reason_phrase")
        return cls(
            response.status_code,
            None if sent is None else response.reason_phrase,
            response.headers,
            response.content,
            request.method,
            request.url,
            now,
            secrets,
        )

    @property
    def reason_phrase(self) -> str:
        """The status's reason phrase: the server's, else the standard one."""
        if self._reason_phrase is None:
            self._reason_phrase = httpx.codes.get_reason_phrase(self.status_code)
        return self._reason_phrase

    @property
    def url(self) -> str:
        """The request's URL, with credentials and sensitive query values masked."""
        if "url" not in self._derived:
            self._derived["url"] = redact_url(self._request_url)
        return str(self._derived["url"])

    @property
    def request_id(self) -> str | None:
        """Pipedrive's id of the request, from ``x-correlation-id`` or ``x-request-id``."""
        if "request_id" not in self._derived:
            self._derived["request_id"] = request_id_of(self.headers)
        value = self._derived["request_id"]
        return value if isinstance(value, str) else None

    @property
    def rate_limit(self) -> RateLimit:
        """Where the caller stands against Pipedrive's limits, as of this response."""
        if "rate_limit" not in self._derived:
            from ._ratelimit import parse_rate_limit  # loaded when first asked for

            self._derived["rate_limit"] = parse_rate_limit(self.headers, self._now)
        value: RateLimit = self._derived["rate_limit"]
        return value

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON; raises ``ValueError`` if it is not JSON."""
        return json.loads(self.content)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (or deep-copied) with the client's secrets masked in the reason
        phrase, the headers and the body, and without the secrets themselves."""
        mask = masker(self._secrets)
        content = self.content
        if self._secrets:
            text = content.decode("utf-8", "surrogateescape")
            masked = mask(text)
            if masked != text:
                content = masked.encode("utf-8", "surrogateescape")
        headers = httpx.Headers(
            [
                (name, shown_header(name, value, mask))
                for name, value in self.headers.multi_items()
            ]
        )
        phrase = self._reason_phrase
        arguments = (
            self.status_code,
            None if phrase is None else mask(phrase),
            headers,
            content,
            self.method,
            httpx.URL(self.url),
            self._now,
        )
        return RawResponse, arguments, (None, {"mismatches": self.mismatches})

    def __repr__(self) -> str:
        return (
            f"RawResponse(status_code={self.status_code}, method={self.method!r}, "
            f"url={self.url!r}, request_id={self.request_id!r}, "
            f"rate_limit={self.rate_limit!r}, "
            f"headers={redact_headers(self.headers, self._secrets)!r}, "
            f"content=<{len(self.content)} bytes>)"
        )


def request_id_of(headers: httpx.Headers) -> str | None:
    """Pipedrive's request id from the response headers, if any."""
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if isinstance(value, str) and value:
            return value
    return None


# The raw response of each model the client returned, for as long as the model lives.
# Kept beside the model rather than in it: a pydantic private attribute would cost every
# model instance (nested ones too) an extra initialisation on the hot path.
# Each entry holds a weak reference to its model, whose callback drops the entry when
# the model goes (a plain ``weakref.ref``: ``weakref.finalize`` costs three times more).
_ATTACHED: dict[int, tuple[RawResponse, weakref.ref[object]]] = {}


def attach_raw_response(model: object, raw: RawResponse) -> None:
    """Record ``raw`` as the response ``model`` was parsed from."""
    key = id(model)
    _ATTACHED[key] = (raw, weakref.ref(model, lambda _: _ATTACHED.pop(key, None)))


def raw_response(model: BaseModel) -> RawResponse:
    """The raw HTTP response a model returned by the client was parsed from.

    Raises ``ValueError`` for a model the client did not return (one built by
    hand, or a nested model).
    """
    attached = _ATTACHED.get(id(model))
    raw = attached[0] if attached is not None and attached[1]() is model else None
    if raw is None:
        raise ValueError(
            f"{type(model).__name__} instance was not returned by the client, "
            "so it has no raw response"
        )
    return raw
