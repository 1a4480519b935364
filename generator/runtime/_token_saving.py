"""Handing each new OAuth token pair to the caller's ``on_token_refresh``.

:class:`TokenSaver` calls it once the refresh lock is released (the callback may use
the client), as no part of the attempt nor of its time
(:func:`~._attempt.outside_deadline`), one call at a time, and only while the pair is
the current one: a pair a later refresh replaced is never saved after it. The async
flow awaits what an ``async def`` returns; the blocking flow cannot, and raises a
``TypeError`` rather than leave the pair unsaved.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING

from ._attempt import aoutside_deadline, outside_deadline
from ._error_messages import unawaitable_refresh_callback
from ._tokens import OAuthTokens

if TYPE_CHECKING:  # asyncio loads only when an async client needs a lock
    import asyncio

__all__ = ["OnTokenRefresh", "TokenSaver"]

# What receives each new token pair: a function, or (the async client's) an async one.
OnTokenRefresh = Callable[[OAuthTokens], None | Awaitable[None]]


class TokenSaver:
    """Saves new pairs with ``on_token_refresh`` while each is the ``current`` one; the
    async flow one at a time under ``async_lock`` (the running event loop's)."""

    __slots__ = ("on_token_refresh", "current", "async_lock", "_lock")

    def __init__(
        self,
        on_token_refresh: OnTokenRefresh | None,
        current: Callable[[], OAuthTokens | None],
        async_lock: Callable[[], asyncio.Lock],
    ) -> None:
        self.on_token_refresh = on_token_refresh
        self.current = current
        self.async_lock = async_lock
        self._lock = threading.RLock()  # RLock: the callback may refresh again

    def save(self, tokens: OAuthTokens | None) -> None:
        """``tokens`` to ``on_token_refresh``, outside the refresh lock (the callback
        may use the client), one callback at a time, and only while they are the
        current pair: a pair a later refresh replaced is never saved after it."""
        if tokens is None or self.on_token_refresh is None:
            return
        with self._lock:
            if tokens is not self.current():
                return
            # (no part of the attempt, nor of its time)
            saved = outside_deadline(self.on_token_refresh, tokens)
        if inspect.isawaitable(saved):  # an async callback the construction let by
            if inspect.iscoroutine(saved):
                saved.close()  # (never awaited: no warning)
            raise unawaitable_refresh_callback(returned=True)

    async def asave(self, tokens: OAuthTokens | None) -> None:
        """As :meth:`save`, in the async flow: an awaitable ``on_token_refresh``
        returns (an ``async def``) is awaited, outside the attempt too; one save at a
        time in the event loop (a save the callback's own calls make, nested, waits
        for none)."""
        if tokens is None or self.on_token_refresh is None:
            return
        if _SAVING.get() is self:  # called from the callback: its lock is held
            await self._save_now(tokens)
            return
        async with self.async_lock():
            saving = _SAVING.set(self)
            try:
                await self._save_now(tokens)
            finally:
                _SAVING.reset(saving)

    async def _save_now(self, tokens: OAuthTokens) -> None:
        if tokens is not self.current():  # a later pair replaced it: never saved after
            return
        await aoutside_deadline(self._save_and_await, tokens)

    async def _save_and_await(self, tokens: OAuthTokens) -> None:
        """``on_token_refresh(tokens)``, awaited if it returns an awaitable."""
        assert self.on_token_refresh is not None
        saved = self.on_token_refresh(tokens)
        if inspect.isawaitable(saved):
            await saved


# The saver whose ``on_token_refresh`` this task awaits (its own calls may save again).
_SAVING: ContextVar[TokenSaver | None] = ContextVar("_SAVING", default=None)
