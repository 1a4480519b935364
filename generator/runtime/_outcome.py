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
from ._redact import Secret, masker, redact_url
from ._retry import RetryPolicy
from ._security import Credentials

if TYPE_CHECKING:  # the rate limit loads only when a retry is weighed
    from ._ratelimit import RateLimit

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
    and ``jitter``, the ``credentials`` and ``secrets`` to mask, and its OAuth
    ``token_url`` (whose request may be the one that failed), if any."""

    __slots__ = ("retry", "clock", "jitter", "credentials", "secrets", "token_url")

    def __init__(
        self,
        retry: RetryPolicy,
        clock: Callable[[], float],
        jitter: Callable[[], float],
        credentials: Credentials,
        secrets: Callable[[], tuple[Secret | str | None, ...]],
        token_url: str | None,
    ) -> None:
        self.retry = retry
        self.clock = clock
        self.jitter = jitter
        self.credentials = credentials
        self.secrets = secrets
        # (parsed once, compared as URLs: a spec's tokenUrl may spell its host in
        # upper case, or give the default port, where httpx writes a request's URL
        # without)
        self.token_url = None if token_url is None else httpx.URL(token_url)

    def delay_after_response(
        self, request: httpx.Request, response: httpx.Response, retries: int
    ) -> float | None:
        """Seconds to wait before retrying ``response``, or ``None`` to keep it."""
        if logger.isEnabledFor(logging.DEBUG):
            mask = masker(self.secrets())
            logger.debug(
                "%s %s -> %d %s",
                request.method,
                self._shown_url(request.url, mask),
                response.status_code,
                mask(response.reason_phrase),
            )
        if not self.retry.should_retry_status(
            request.method, response.status_code, retries
        ):
            return None
        from ._ratelimit import parse_rate_limit  # loaded when a retry is weighed

        rate_limit = parse_rate_limit(response.headers, self.clock())
        return self._status_delay(request, response.status_code, rate_limit, retries)

    def delay_after_failure(
        self, request: httpx.Request, exc: httpx.RequestError, retries: int
    ) -> float | None:
        """Seconds to wait before retrying a request that got no response."""
        failed = self._failed_request(request, exc)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %s",
                failed.method,
                self._shown_url(failed.url, masker(self.secrets())),
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
        API saw nothing. ``None`` for any other refusal: it is raised, as is one
        not of ``request``'s own token request (an ``on_token_refresh``'s call's)."""
        answer = refused.response  # (a token endpoint's, if any)
        if answer is None or refused._token_request_for is not request:
            return None
        if logger.isEnabledFor(logging.DEBUG):
            shown = self._shown_url(httpx.URL(answer.url), masker(self.secrets()))
            logger.debug("POST %s -> %d", shown, answer.status_code)
        if not self.retry.should_retry_status("GET", answer.status_code, retries):
            return None
        return self._status_delay(
            request, answer.status_code, answer.rate_limit, retries
        )

    def _status_delay(
        self, request: httpx.Request, status: int, rate_limit: RateLimit, retries: int
    ) -> float | None:
        """Seconds to wait before sending ``request`` again after an answer of a
        ``status`` the policy retries, logged; ``None``: too long a wait."""
        delay = self.retry.delay_after_response(
            status, rate_limit, retries, self.jitter()
        )
        if delay is not None:
            self._log_retry(request, delay, retries)
        return delay

    def _log_retry(self, request: httpx.Request, delay: float, retries: int) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "retrying %s %s in %.2f s (retry %d of %d)",
                request.method,
                self._shown_url(request.url, masker(self.secrets())),
                delay,
                retries + 1,
                self.retry.max_retries,
            )

    def _shown_url(self, url: httpx.URL, mask: Callable[[str], str]) -> str:
        """``url`` as a log line shows it: credentials and the query parameters that
        carry a key masked, and the client's secrets wherever else they sit (a path
        or query value the caller gave), as httpx's own line shows it."""
        return mask(redact_url(self.credentials.masked(url)))

    def connection_error(
        self, request: httpx.Request, exc: httpx.RequestError, retries: int
    ) -> APIConnectionError:
        failed = self._failed_request(request, exc)
        return connection_error(failed, exc, retries + 1, self.secrets())

    def shown_cause(self, exc: BaseException) -> BaseException | None:
        """``exc``, to chain to the error raised for it; ``None`` (the chain
        suppressed) if the text or notes of any exception it keeps hold a secret in
        any form: its cause and its context both (a context an explicit cause hides
        from a traceback is still kept), theirs, and those of an exception group."""
        mask = masker(self.secrets())
        seen: set[int] = set()
        waiting: list[BaseException] = [exc]
        while waiting:
            link = waiting.pop()
            if id(link) in seen:  # (a chain may loop)
                continue
            seen.add(id(link))
            notes = getattr(link, "__notes__", None)
            text = f"{link!r} {link} {notes!r}"
            if mask(text) != text:
                return None
            kept = [link.__cause__, link.__context__]
            if isinstance(link, BaseExceptionGroup):
                kept += link.exceptions
            waiting += [other for other in kept if other is not None]
        return exc

    def _failed_request(
        self, request: httpx.Request, exc: httpx.RequestError
    ) -> httpx.Request:
        """``request``, or the OAuth token request sent for it, if that one failed."""
        try:
            failed = exc.request
        except RuntimeError:  # raised outside of a request
            return request
        if failed.url == self.token_url:  # (never, with no OAuth)
            return failed
        return request
