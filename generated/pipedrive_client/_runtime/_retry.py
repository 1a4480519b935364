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

from dataclasses import FrozenInstanceError
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rate limits load when a response is retried
    from ._ratelimit import RateLimit

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES_ANY_METHOD = frozenset({429})
RETRY_STATUSES_IDEMPOTENT = frozenset({502, 503, 504})
# Every status that may be retried: any other response is kept as it is.
RETRY_STATUSES = RETRY_STATUSES_ANY_METHOD | RETRY_STATUSES_IDEMPOTENT


class RetryPolicy:
    """How many times to retry and how long to wait between tries.

    Immutable, and equal to another policy of the same values. Written out rather than
    a frozen dataclass: every client makes one, and a frozen dataclass costs about 1 ms
    to define (Python 3.11 compiles each of its methods) on every import.
    """

    __slots__ = ("max_retries", "initial_delay", "max_delay", "max_wait")

    max_retries: int
    initial_delay: float
    max_delay: float
    max_wait: float

    def __init__(
        self,
        max_retries: int = 2,
        initial_delay: float = 0.5,
        max_delay: float = 8.0,
        max_wait: float = 60.0,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        set_field = object.__setattr__  # the fields are set here, once
        set_field(self, "max_retries", max_retries)
        set_field(self, "initial_delay", initial_delay)
        set_field(self, "max_delay", max_delay)
        set_field(self, "max_wait", max_wait)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[int, float, float, float]:
        return (self.max_retries, self.initial_delay, self.max_delay, self.max_wait)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return (
            f"RetryPolicy(max_retries={self.max_retries!r}, "
            f"initial_delay={self.initial_delay!r}, max_delay={self.max_delay!r}, "
            f"max_wait={self.max_wait!r})"
        )

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
        # (2.0 ** 1024 overflows, raising: long before, any delay is past the cap)
        delay = min(self.max_delay, self.initial_delay * 2.0 ** min(retries, 1023))
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
