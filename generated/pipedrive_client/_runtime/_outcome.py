"""What a client makes of how an attempt ended, for both send loops.

A response: kept, or closed and retried after the delay :class:`~._retry.RetryPolicy`
gives (``Retry-After``, the rate limit, backoff); so too the token endpoint's answer to
an OAuth refresh for it (whatever the method: the API saw nothing). No response (a
transport error, a body that does not decode): retried after a backoff where that is
safe, else the :class:`~._errors.APIConnectionError` to raise, chained to the
transport error only where its text quotes no secret. Each step is logged at DEBUG,
the credentials masked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from ._error_messages import connection_error
from ._errors import APIConnectionError, OAuthError
from ._redact import Secret, redact_text, redact_url
from ._retry import RetryPolicy
from ._security import Credentials

if TYPE_CHECKING:  # OAuth loads only for a client made with OAuth credentials
    from ._auth import OAuth2Auth

__all__ = ["Outcomes"]

# The package's own name: "pipedrive_client", or what it was generated as.
logger = logging.getLogger(__name__.rsplit("._runtime", 1)[0])

# Failures of the request itself, not of the network, and an answer whose body does not
# decode (the server did answer): a retry fails the same way.
_LOCAL_ERRORS = (
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
    httpx.DecodingError,
)


class Outcomes:
    """How one client weighs the end of an attempt: its ``retry`` policy, ``clock``
    and ``jitter``, the ``credentials`` and ``secrets`` to mask, and its OAuth ``auth``
    (whose token request may be the one that failed)."""

    __slots__ = ("retry", "clock", "jitter", "credentials", "secrets", "auth")

    def __init__(
        self,
        retry: RetryPolicy,
        clock: Callable[[], float],
        jitter: Callable[[], float],
        credentials: Credentials,
        secrets: Callable[[], tuple[Secret | str | None, ...]],
        auth: OAuth2Auth | None,
    ) -> None:
        self.retry = retry
        self.clock = clock
        self.jitter = jitter
        self.credentials = credentials
        self.secrets = secrets
        self.auth = auth

    def delay_after_response(
        self, request: httpx.Request, response: httpx.Response, retries: int
    ) -> float | None:
        """Seconds to wait before retrying ``response``, or ``None`` to keep it."""
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d %s",
                request.method,
                redact_url(self.credentials.masked(request.url)),
                response.status_code,
                redact_text(response.reason_phrase, self.secrets()),
            )
        if not self.retry.should_retry_status(
            request.method, response.status_code, retries
        ):
            return None
        from ._ratelimit import parse_rate_limit  # loaded when a retry is weighed

        rate_limit = parse_rate_limit(response.headers, self.clock())
        delay = self.retry.delay_after_response(
            response.status_code, rate_limit, retries, self.jitter()
        )
        if delay is not None:
            self._log_retry(request, delay, retries)
        return delay

    def delay_after_failure(
        self, request: httpx.Request, exc: httpx.RequestError, retries: int
    ) -> float | None:
        """Seconds to wait before retrying a request that got no response."""
        failed = self._failed_request(request, exc)
        logger.debug(
            "%s %s -> %s",
            failed.method,
            redact_url(self.credentials.masked(failed.url)),
            type(exc).__name__,
        )
        if isinstance(exc, _LOCAL_ERRORS):  # sending it again fails the same way
            return None
        # When the OAuth refresh before it failed, the API saw nothing: sending again
        # is safe whatever the method.
        method = "GET" if failed is not request else request.method
        if not self.retry.should_retry_connection(method, retries):
            return None
        delay = self.retry.backoff(retries, self.jitter())
        self._log_retry(request, delay, retries)
        return delay

    def delay_after_token_refusal(
        self, request: httpx.Request, refused: OAuthError, retries: int
    ) -> float | None:
        """Seconds to wait before sending ``request`` again when the token request
        sent for it was answered with a status the policy retries (429, 502, 503,
        504), as for the API's own answer; whatever ``request``'s method, since the
        API saw nothing. ``None`` for any other refusal: it is raised."""
        answer = refused.response  # (a token endpoint's, if any)
        if answer is None:
            return None
        logger.debug("POST %s -> %d", redact_url(answer.url), answer.status_code)
        if not self.retry.should_retry_status("GET", answer.status_code, retries):
            return None
        delay = self.retry.delay_after_response(
            answer.status_code, answer.rate_limit, retries, self.jitter()
        )
        if delay is not None:
            self._log_retry(request, delay, retries)
        return delay

    def _log_retry(self, request: httpx.Request, delay: float, retries: int) -> None:
        logger.debug(
            "retrying %s %s in %.2f s (retry %d of %d)",
            request.method,
            redact_url(self.credentials.masked(request.url)),
            delay,
            retries + 1,
            self.retry.max_retries,
        )

    def connection_error(
        self, request: httpx.Request, exc: httpx.RequestError, retries: int
    ) -> APIConnectionError:
        failed = self._failed_request(request, exc)
        return connection_error(failed, exc, retries + 1, self.secrets())

    def shown_cause(self, exc: BaseException) -> BaseException | None:
        """``exc``, to chain to the error raised for it; ``None`` (the chain
        suppressed) if its text or a cause's holds a secret in any form."""
        secrets = self.secrets()
        chain: list[BaseException] = []
        link: BaseException | None = exc
        while link is not None and link not in chain:  # (a chain may loop)
            chain.append(link)
            link = link.__cause__ or link.__context__
        for link in chain:
            text = f"{link!r} {link}"
            if redact_text(text, secrets) != text:
                return None
        return exc

    def _failed_request(
        self, request: httpx.Request, exc: httpx.RequestError
    ) -> httpx.Request:
        """``request``, or the OAuth token request sent for it, if that one failed."""
        try:
            failed = exc.request
        except RuntimeError:  # raised outside of a request
            return request
        auth = self.auth
        if auth is not None and str(failed.url) == auth.token_url:
            return failed
        return request
