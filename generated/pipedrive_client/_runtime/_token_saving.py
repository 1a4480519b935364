"""Handing each new OAuth token pair to the caller's ``on_token_refresh``.

:class:`TokenSaver` calls it once the refresh lock is released (the callback may use
the client), as no part of the attempt nor of its time
(:func:`~._attempt.outside_deadline`, waiting for the save lock included), one call
at a time, and only while the pair is the current one: a pair a later refresh
replaced is never saved after it. A pair the callback's own calls bring (in its task,
or in a task or thread it started, while it runs) is handed to the save under way and
saved once the callback returns: it waits for no lock the callback holds, and is never
saved before the pair the callback is saving; so too a pair whose caller stopped
waiting for the save under way (its task cancelled). The async flow awaits what an ``async
def`` returns; the blocking flow cannot, and raises a ``TypeError`` rather than leave
the pair unsaved.
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
    """Saves new pairs with ``on_token_refresh`` while each is the ``current`` one, one
    at a time: under a lock of its own in the blocking flow, under ``async_lock`` (the
    running event loop's) in the async one. Whoever holds it saves the current pair if
    it is unsaved, and again after each callback: a pair whose caller does not wait
    (the callback's own calls) or stopped waiting (a task cancelled) is saved all the
    same."""

    __slots__ = ("on_token_refresh", "current", "async_lock", "_lock", "_unsaved")

    def __init__(
        self,
        on_token_refresh: OnTokenRefresh | None,
        current: Callable[[], OAuthTokens | None],
        async_lock: Callable[[], asyncio.Lock],
    ) -> None:
        self.on_token_refresh = on_token_refresh
        self.current = current
        self.async_lock = async_lock
        self._lock = threading.Lock()  # held while pairs are saved
        self._unsaved: list[OAuthTokens] = []  # given to save, not yet saved

    def save(self, tokens: OAuthTokens | None) -> None:
        """``tokens`` to ``on_token_refresh``, outside the refresh lock (the callback
        may use the client), one callback at a time, and only while they are the
        current pair; waiting for the callback under way, too, is no part of the
        attempt, nor of its time."""
        if tokens is None or self.on_token_refresh is None or self._handed(tokens):
            return
        outside_deadline(self._save_in_turn, self.on_token_refresh)

    def _save_in_turn(self, callback: OnTokenRefresh) -> None:
        with self._lock:
            while (tokens := self._next()) is not None:
                with _Saving(self):
                    saved = callback(tokens)
                    if inspect.isawaitable(saved):  # one the construction let by
                        if inspect.iscoroutine(saved):
                            saved.close()  # (never awaited: no warning)
                        raise unawaitable_refresh_callback(returned=True)

    async def asave(self, tokens: OAuthTokens | None) -> None:
        """As :meth:`save`, in the async flow: an awaitable ``on_token_refresh``
        returns (an ``async def``) is awaited, outside the attempt too; one save at a
        time in the event loop."""
        if tokens is None or self.on_token_refresh is None or self._handed(tokens):
            return
        await aoutside_deadline(self._asave_in_turn, self.on_token_refresh)

    async def _asave_in_turn(self, callback: OnTokenRefresh) -> None:
        async with self.async_lock():
            while (tokens := self._next()) is not None:
                with _Saving(self):
                    saved = callback(tokens)
                    if inspect.isawaitable(saved):
                        await saved

    def _handed(self, tokens: OAuthTokens) -> bool:
        """Take ``tokens`` to save; whether they are handed to the save under way, to
        save once its callback returns: they were brought by that callback's own
        calls (or by a task or thread it started, while it runs), which must not wait
        for the callback."""
        with _HANDING:
            self._unsaved.append(tokens)
            saving = _SAVING.get()
            return saving is not None and saving.saver is self and saving.running

    def _next(self) -> OAuthTokens | None:
        """The pair to save now: the current one, if it is unsaved (any other, one a
        later refresh replaced, is never saved after it); the unsaved cleared."""
        with _HANDING:
            unsaved, self._unsaved = self._unsaved, []
            current = self.current()
        return current if any(tokens is current for tokens in unsaved) else None


class _Saving:
    """A callback of ``saver`` under way (:data:`_SAVING` meanwhile, in its context and
    those copied from it)."""

    __slots__ = ("saver", "running", "_made")

    def __init__(self, saver: TokenSaver) -> None:
        self.saver = saver
        self.running = True

    def __enter__(self) -> _Saving:
        self._made = _SAVING.set(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        with _HANDING:  # (a pair handed from then on is saved by its caller)
            self.running = False
        _SAVING.reset(self._made)


# Held while a pair is handed over (briefly: no callback runs under it).
_HANDING = threading.Lock()

# The save whose callback this task (or thread) runs, or its context was copied from.
_SAVING: ContextVar[_Saving | None] = ContextVar("_SAVING", default=None)
