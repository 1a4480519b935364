"""When to retry a request and how long to wait first.

A 429 is retried for every method: Pipedrive refused it before doing
anything. 502, 503, 504 and connection failures are retried only for
idempotent methods, since a POST or PATCH may have taken effect. The wait is
the server's ``Retry-After`` (seconds or HTTP date) if it sent one, else, for
a 429, ``x-ratelimit-reset``, else exponential backoff with jitter, capped.
A server asking for more than ``max_wait`` seconds is not waited for: the
error is raised at once, carrying the rate-limit state.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._ratelimit import RateLimit

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES_ANY_METHOD = frozenset({429})
RETRY_STATUSES_IDEMPOTENT = frozenset({502, 503, 504})
# Every status that may be retried: any other response is kept as it is.
RETRY_STATUSES = RETRY_STATUSES_ANY_METHOD | RETRY_STATUSES_IDEMPOTENT


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait between tries."""

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_wait: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")

    def should_retry_status(self, method: str, status_code: int, retries: int) -> bool:
        """Whether a response with ``status_code`` deserves another try."""
        if status_code not in RETRY_STATUSES or retries >= self.max_retries:
            return False  # (most responses: decided at the first test)
        if status_code in RETRY_STATUSES_ANY_METHOD:
            return True
        return status_code in RETRY_STATUSES_IDEMPOTENT and is_idempotent(method)

    def should_retry_connection(self, method: str, retries: int) -> bool:
        """Whether a request that got no response deserves another try."""
        return retries < self.max_retries and is_idempotent(method)

    def backoff(self, retries: int, jitter: float) -> float:
        """Exponential backoff for the try after ``retries`` retries.

        ``jitter`` in [0, 1) takes up to a quarter off, so that clients that
        failed together do not come back together.
        """
        delay = min(self.max_delay, self.initial_delay * 2.0**retries)
        return delay * (1.0 - 0.25 * min(max(jitter, 0.0), 1.0))

    def delay_after_response(
        self, status_code: int, rate_limit: RateLimit, retries: int, jitter: float
    ) -> float | None:
        """Seconds to wait before retrying, or ``None`` if the wait is too long."""
        wanted = rate_limit.retry_after
        if wanted is None and status_code == 429 and rate_limit.reset:
            wanted = rate_limit.reset
        if wanted is None:
            return self.backoff(retries, jitter)
        if wanted > self.max_wait:
            return None
        return wanted


def is_idempotent(method: str) -> bool:
    """Whether sending ``method`` twice has the effect of sending it once."""
    return method.upper() in IDEMPOTENT_METHODS
