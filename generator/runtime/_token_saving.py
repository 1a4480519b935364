"""Handing each new OAuth token pair to the caller's ``on_token_refresh``.

:class:`TokenSaver` calls it once the refresh lock is released (the callback may use
the client), as no part of the attempt nor of its time
(:func:`~._attempt.outside_deadline`, waiting for the save lock included), one call
at a time, and only while the pair is the current one: a pair a later refresh
replaced is never saved after it. A pair that arrives while a callback runs, whoever
brings it (the callback's own calls, in its task or thread or one it started, or any
other caller), is handed to the save under way and saved once the callback returns:
its caller waits for no lock the callback holds, nor for that save, and it is never
saved before the pair the callback is saving. Should that callback raise (or its task
be cancelled), the error reaches its caller and the pairs handed to it are saved by
the next call that finds them unsaved. The async flow awaits what an ``async def``
returns; the blocking flow cannot, and raises a ``TypeError`` rather than leave the
pair unsaved.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
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
    it is unsaved, and again after each callback: a pair handed over while a callback
    ran is saved all the same, and one a failed callback left unsaved is saved by the
    next caller (:meth:`save` with no new pair, as each request does)."""

    __slots__ = (
        "on_token_refresh",
        "current",
        "async_lock",
        "_lock",
        "_unsaved",
        "_saving",
    )

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
        self._saving = False

    def save(self, tokens: OAuthTokens | None) -> None:
        """``tokens`` (``None``: no new pair, only those left unsaved) to
        ``on_token_refresh``, outside the refresh lock (the callback may use the
        client), one callback at a time, and only while they are the current pair;
        waiting for the callback under way, too, is no part of the attempt, nor of
        its time."""
        if self.on_token_refresh is None or self._handed(tokens):
            return
        outside_deadline(self._save_in_turn, self.on_token_refresh)

    def _save_in_turn(self, callback: OnTokenRefresh) -> None:
        with self._lock:
            while (tokens := self._next()) is not None:
                with self._running():
                    saved = callback(tokens)
                    if inspect.isawaitable(saved):  # one the construction let by
                        if inspect.iscoroutine(saved):
                            saved.close()  # (never awaited: no warning)
                        raise unawaitable_refresh_callback(returned=True)

    async def asave(self, tokens: OAuthTokens | None) -> None:
        """As :meth:`save`, in the async flow: an awaitable ``on_token_refresh``
        returns (an ``async def``) is awaited, outside the attempt too; one save at a
        time in the event loop."""
        if self.on_token_refresh is None or self._handed(tokens):
            return
        await aoutside_deadline(self._asave_in_turn, self.on_token_refresh)

    async def _asave_in_turn(self, callback: OnTokenRefresh) -> None:
        async with self.async_lock():
            while (tokens := self._next()) is not None:
                with self._running():
                    saved = callback(tokens)
                    if inspect.isawaitable(saved):
                        await saved

    def keep(self, tokens: OAuthTokens) -> None:
        """``tokens`` to save by the next caller of :meth:`save`."""
        self._handed(tokens)

    def _handed(self, tokens: OAuthTokens | None) -> bool:
        """Take ``tokens`` to save; whether there is nothing for this caller to save:
        no pair unsaved, or a callback under way, to whose save they are handed (its
        caller, or a call of its own, in any task or thread, must not wait for it)."""
        if tokens is None and not self._unsaved:  # (each request: no lock taken)
            return True
        with _HANDING:
            if tokens is not None:
                self._unsaved.append(tokens)
            return self._saving or not self._unsaved

    def _next(self) -> OAuthTokens | None:
        """The pair to save now: the current one, if it is unsaved (any other, one a
        later refresh replaced, is never saved after it); the unsaved cleared."""
        with _HANDING:
            unsaved, self._unsaved = self._unsaved, []
            current = self.current()
        return current if any(tokens is current for tokens in unsaved) else None

    @contextmanager
    def _running(self) -> Iterator[None]:
        """A callback under way meanwhile: pairs arriving are handed to its save,
        and kept for the next caller if it raises (or its task is cancelled)."""
        with _HANDING:
            self._saving = True
        try:
            yield
        finally:
            with _HANDING:
                self._saving = False


# Held while a pair is handed over (briefly: no callback runs under it).
_HANDING = threading.Lock()
