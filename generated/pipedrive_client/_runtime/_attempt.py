"""An attempt under way, and the caller's own code run during one as no part of it.

:class:`Attempt` is one attempt of a client's send loop: its deadline
(``attempt_timeout`` from when it started) and, under asyncio, the timeout that
interrupts it; :data:`ATTEMPT` is the one the client sending in this thread or task
makes. The caller's code that runs while it is under way (``on_token_refresh``, an http
client's event hooks) runs :func:`outside_deadline`: the attempt's clock stops
meanwhile, and what that code sends is bounded by nothing of it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from time import monotonic
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import httpx

if TYPE_CHECKING:  # asyncio loads only with an async client
    from asyncio import Timeout

    from ._body import Limits

__all__ = [
    "ATTEMPT",
    "Attempt",
    "aoutside_deadline",
    "attempt_current",
    "hooks_outside_deadline",
    "outside_deadline",
    "restart_attempt",
    "start_attempt",
]


class Attempt:
    """An attempt under way: its ``deadline`` (``time.monotonic``), the client's
    ``limits`` (for the error), the ``outer`` attempt it runs inside (a client sending
    from another's transport), under asyncio the ``timeout`` that interrupts it, and
    the request the OAuth flow last had httpx send for it (``sending``: a refresh's, or
    the request itself; see :func:`restart_attempt`), which that timeout does not say.
    What the caller's own code takes of its time (:func:`outside_deadline`) moves
    deadline and timeout on."""

    __slots__ = ("deadline", "limits", "outer", "timeout", "sending")

    def __init__(
        self, deadline: float, limits: Limits, outer: Attempt | None = None
    ) -> None:
        self.deadline = deadline
        self.limits = limits
        self.outer = outer
        self.timeout: Timeout | None = None
        self.sending: httpx.Request | None = None

    def nearest(self) -> Attempt:
        """Of this attempt and those it runs inside, the one whose deadline comes
        first: the one that bounds it (as asyncio's nested timeouts do)."""
        nearest = self
        outer = self.outer
        while outer is not None:
            if outer.deadline < nearest.deadline:
                nearest = outer
            outer = outer.outer
        return nearest


# The attempt the client sending in this thread or task makes; ``None`` outside of one,
# and while the caller's own code runs in it.
ATTEMPT: ContextVar[Attempt | None] = ContextVar("ATTEMPT", default=None)

P = ParamSpec("P")
T = TypeVar("T")


def start_attempt(
    limits: Limits, http_client: httpx.Client | httpx.AsyncClient
) -> Attempt | None:
    """A new attempt of a client with ``limits`` on ``http_client``: its deadline
    ``attempt_timeout`` from now (``None``: no deadline, no attempt to bound), inside
    the current one, if any; the caller's event hooks, however recently added, taking
    none of its time."""
    deadline = limits.deadline()
    if deadline is None:
        return None
    hooks_outside_deadline(http_client)
    return Attempt(deadline, limits, ATTEMPT.get())


@contextmanager
def attempt_current(attempt: Attempt | None) -> Iterator[None]:
    """``attempt`` the current one (:data:`ATTEMPT`) meanwhile, each socket wait bounded
    by it; once it is over, what runs until the next (the caller's sleep, and any
    request it makes on a transport it shares) is bounded by nothing of it, least of all
    its deadline, which may have passed. A client sending inside another's attempt
    (from its transport, say) is bounded by that attempt too: ``None`` (a client with
    no deadline) changes nothing, and an attempt of its own ends at the nearer of the
    two deadlines (:meth:`Attempt.nearest`)."""
    if attempt is None:
        yield
        return
    made = ATTEMPT.set(attempt)
    try:
        yield
    finally:
        ATTEMPT.reset(made)


def outside_deadline(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)``, the caller's own code (``on_token_refresh``, an http
    client's event hook) run during an attempt as no part of it: what it sends is not
    bounded by the attempt, whose deadline moves on by the time it took."""
    attempt = ATTEMPT.get()
    if attempt is None:
        return call(*args, **kwargs)
    paused = _pause(attempt)
    try:
        return call(*args, **kwargs)
    finally:
        _resume(attempt, *paused)


async def aoutside_deadline(
    call: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
) -> T:
    """As :func:`outside_deadline`, awaited (an async event hook): the attempt's asyncio
    timeout does not interrupt it."""
    attempt = ATTEMPT.get()
    if attempt is None:
        return await call(*args, **kwargs)
    paused = _pause(attempt)
    try:
        return await call(*args, **kwargs)
    finally:
        _resume(attempt, *paused)


def restart_attempt(sending: httpx.Request, limits: Limits) -> None:
    """Start the current attempt's clock again as ``sending`` goes out (an OAuth
    refresh's request, or the request itself: the attempt's
    :attr:`~Attempt.sending`): its deadline ``attempt_timeout`` from now. What it
    waited for until now (an OAuth refresh, bounded by a deadline of its own) is no
    part of the request about to be sent. Only an attempt of the client with
    ``limits``: one with no deadline, sending inside another client's attempt (from
    its transport), leaves that attempt as it is, its clock and the request it names."""
    attempt = ATTEMPT.get()
    if attempt is None or attempt.limits is not limits:
        return
    attempt.sending = sending
    deadline = attempt.limits.deadline()
    assert deadline is not None  # (an attempt is made only where there is one)
    moved = deadline - attempt.deadline
    attempt.deadline = deadline
    timeout = attempt.timeout
    if timeout is not None and (when := timeout.when()) is not None:
        timeout.reschedule(when + moved)


def hooks_outside_deadline(http_client: httpx.Client | httpx.AsyncClient) -> None:
    """Have the event hooks ``http_client`` holds run outside the attempt's deadline
    (:func:`outside_deadline`), called before each attempt: a hook added since (to a
    list, or a new list) is taken in too. Each list of hooks stays the caller's, the
    same hooks in it, only of a kind (:class:`_OutsideDeadline`) that gives each wrapped
    when httpx runs them; a hook runs as before wherever no attempt of a client is
    current (the caller's own requests)."""
    hooks = http_client.event_hooks  # (the http client's own dict, not a copy)
    wrap = _awaited if isinstance(http_client, httpx.AsyncClient) else _called
    for kind, kind_hooks in hooks.items():
        if type(kind_hooks) is not _OutsideDeadline:
            hooks[kind] = _OutsideDeadline(kind_hooks, wrap)


Hook = Callable[[Any], Any]


class _OutsideDeadline(list[Hook]):
    """An http client's event hooks of one kind, as the caller gave them (a list),
    each wrapped to run outside the attempt's deadline as httpx iterates them."""

    __slots__ = ("wrap",)

    def __init__(self, hooks: Iterable[Hook], wrap: Callable[[Hook], Hook]) -> None:
        super().__init__(hooks)
        self.wrap = wrap

    def __iter__(self) -> Iterator[Hook]:
        for hook in super().__iter__():
            yield hook if getattr(hook, "_outside_deadline", False) else self.wrap(hook)


def _called(hook: Callable[[T], object]) -> Callable[[T], object]:
    def outside(value: T) -> object:
        return outside_deadline(hook, value)

    outside._outside_deadline = True  # type: ignore[attr-defined]
    return outside


def _awaited(
    hook: Callable[[T], Awaitable[object]],
) -> Callable[[T], Awaitable[object]]:
    async def outside(value: T) -> object:
        return await aoutside_deadline(hook, value)

    outside._outside_deadline = True  # type: ignore[attr-defined]
    return outside


def _pause(attempt: Attempt) -> tuple[float, float | None, Token[Attempt | None]]:
    """Stop ``attempt``'s clock: its asyncio timeout put off, no attempt current."""
    when = None
    if attempt.timeout is not None:
        when = attempt.timeout.when()
        attempt.timeout.reschedule(None)
    return monotonic(), when, ATTEMPT.set(None)


def _resume(
    attempt: Attempt, started: float, when: float | None, token: Token[Attempt | None]
) -> None:
    """Start ``attempt``'s clock again, its deadline later by the time it stood."""
    ATTEMPT.reset(token)
    stood = monotonic() - started
    attempt.deadline += stood
    if attempt.timeout is not None and when is not None:
        attempt.timeout.reschedule(when + stood)
