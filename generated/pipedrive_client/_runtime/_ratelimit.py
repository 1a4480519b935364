"""Pipedrive's rate-limit headers, read into one frozen object.

Pipedrive limits requests per token over 2-second windows and per company per
day. Responses say where a caller stands in these headers:

``x-ratelimit-limit``       requests allowed in the current window
``x-ratelimit-remaining``   requests left in the current window
``x-ratelimit-reset``       seconds until the window resets
``x-daily-requests-left``   requests left today (api-token requests)
``Retry-After``             seconds, or an HTTP date, to wait after a 429

Every header is optional; a missing or malformed one reads as ``None``.
"""

from __future__ import annotations

import httpx

import email.utils
import math
from datetime import timezone
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimit:
    """Where the caller stands against Pipedrive's limits, as of one response."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None
    daily_requests_left: int | None = None
    retry_after: float | None = None

    @property
    def exhausted(self) -> bool:
        """Whether the window or the daily budget is used up."""
        return self.remaining == 0 or self.daily_requests_left == 0


def parse_rate_limit(headers: Mapping[str, str], now: float) -> RateLimit:
    """Read the rate-limit headers; ``now`` (epoch seconds) dates ``Retry-After``."""
    lowered: Mapping[str, str] = (
        headers  # already case-insensitive
        if isinstance(headers, httpx.Headers)
        else {name.lower(): value for name, value in headers.items()}
    )
    get = lowered.get
    return RateLimit(
        limit=_integer(get("x-ratelimit-limit")),
        remaining=_integer(get("x-ratelimit-remaining")),
        reset=_seconds(get("x-ratelimit-reset")),
        daily_requests_left=_integer(get("x-daily-requests-left")),
        retry_after=parse_retry_after(get("retry-after"), now),
    )


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value: delay-seconds or HTTP date."""
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    try:
        moment = email.utils.parsedate_to_datetime(value.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return max(0.0, moment.timestamp() - now)
    except (TypeError, ValueError, IndexError, OverflowError):  # a year past C's long
        return None


def _integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
