"""Reading a response body within the client's limits: its size and its time.

A server's answer is untrusted input. :func:`read_body` and :func:`aread_body` read a
streamed ``httpx.Response`` (``send(..., stream=True)``) as ``response.read()`` would,
its ``Content-Encoding`` undone, but stop with :class:`~._errors.ResponseTooLargeError`
as soon as the decoded body passes ``max_response_size`` bytes, and with
``httpx.TimeoutException`` when a piece arrives after the attempt's deadline (a server
dripping its body a byte at a time keeps every read within ``timeout``).

``gzip`` and ``deflate`` (all that httpx asks for unless brotli or zstandard is
installed) are inflated here, a bounded piece at a time, so that neither a
compression bomb nor one nested in another inflates past the limit in memory; a body
in another coding is decoded by httpx, and checked after each piece it decodes.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterator
from time import monotonic

import httpx

from ._error_messages import too_large_error
from ._redact import Secret

__all__ = [
    "Limits",
    "aread_body",
    "capped_timeout",
    "read_body",
    "timed_out",
]

# The most a layer of Content-Encoding inflates at a time.
_PIECE = 1 << 16
_WINDOW = {"gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}

Secrets = Callable[[], tuple[Secret | str | None, ...]]


class Limits:
    """What a client allows a response: ``max_response_size`` bytes decoded (``None``:
    any) and ``attempt_timeout`` seconds from sending the request to the body's last
    piece (``None``: any time)."""

    __slots__ = ("max_response_size", "attempt_timeout")

    def __init__(self, max_response_size: int | None, attempt_timeout: float | None):
        if max_response_size is not None and max_response_size <= 0:
            raise ValueError("max_response_size must be a positive number of bytes")
        if attempt_timeout is not None and not attempt_timeout > 0:
            raise ValueError("attempt_timeout must be a positive number of seconds")
        self.max_response_size = max_response_size
        self.attempt_timeout = attempt_timeout

    @classmethod
    def for_client(
        cls,
        max_response_size: int | None,
        attempt_timeout: float | None,
        timeout: httpx.Timeout,
    ) -> Limits:
        """A client's limits: ``attempt_timeout`` ``None`` is the longest of the
        http client's ``timeout`` limits (none if one of them is unlimited), and
        ``math.inf`` none at all."""
        if attempt_timeout is None:
            parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
            longest = [part for part in parts if part is not None]
            if len(longest) == len(parts):
                attempt_timeout = max(longest)
        elif attempt_timeout == math.inf:
            attempt_timeout = None
        return cls(max_response_size, attempt_timeout)

    def deadline(self) -> float | None:
        """When an attempt starting now must have its body (``time.monotonic``)."""
        seconds = self.attempt_timeout
        return None if seconds is None else monotonic() + seconds


def read_body(
    response: httpx.Response,
    limits: Limits,
    deadline: float | None,
    secrets: Secrets,
) -> None:
    """Read ``response``'s body into ``response.content``; past ``limits``, or after
    ``deadline`` (:meth:`Limits.deadline`), close it and raise."""
    body = _Body(response, limits, deadline, secrets)
    if body.done:
        return
    try:
        for chunk in response.iter_raw() if body.raw else response.iter_bytes():
            body.take(chunk)
        body.finish()
    except BaseException:
        response.close()
        raise


async def aread_body(
    response: httpx.Response,
    limits: Limits,
    deadline: float | None,
    secrets: Secrets,
) -> None:
    """As :func:`read_body`, from an async stream."""
    body = _Body(response, limits, deadline, secrets)
    if body.done:
        return
    try:
        if body.raw:
            async for chunk in response.aiter_raw():
                body.take(chunk)
        else:
            async for chunk in response.aiter_bytes():
                body.take(chunk)
        body.finish()
    except BaseException:
        await response.aclose()
        raise


def capped_timeout(
    timeout: float | httpx.Timeout | None, attempt_timeout: float | None
) -> httpx.Timeout:
    """``timeout`` with each of its limits at most ``attempt_timeout`` (a finite one)."""
    given = httpx.Timeout(timeout)
    if attempt_timeout is None or attempt_timeout == math.inf:
        return given
    parts = (given.connect, given.read, given.write, given.pool)
    connect, read, write, pool = (
        attempt_timeout if part is None else min(part, attempt_timeout)
        for part in parts
    )
    return httpx.Timeout(connect=connect, read=read, write=write, pool=pool)


def timed_out(request: httpx.Request | None, limits: Limits) -> httpx.TimeoutException:
    """The timeout of an attempt that took longer than ``attempt_timeout`` (its
    ``request`` given by httpx where it is not known here)."""
    return httpx.TimeoutException(
        "the response did not arrive whole within attempt_timeout "
        f"({limits.attempt_timeout:g} s)",
        request=request,
    )


class _Body:
    """What one body read has taken so far, its codings undone."""

    __slots__ = (
        "response",
        "limits",
        "deadline",
        "secrets",
        "layers",
        "raw",
        "done",
        "pieces",
        "size",
    )

    def __init__(
        self,
        response: httpx.Response,
        limits: Limits,
        deadline: float | None,
        secrets: Secrets,
    ) -> None:
        self.response = response
        self.limits = limits
        self.deadline = deadline
        self.secrets = secrets
        self.pieces: list[bytes] = []
        self.size = 0
        # A response built from bytes (httpx.MockTransport's) holds them already,
        # read as httpx's own ``read()`` keeps them.
        self.done = hasattr(response, "_content")
        if self.done:
            self.size = len(response.content)
            self._check_size()
        self.layers = None if self.done else _layers(response)
        self.raw = self.layers is not None

    def take(self, chunk: bytes) -> None:
        if self.deadline is not None and monotonic() > self.deadline:
            raise timed_out(self.response.request, self.limits)
        if not self.layers:  # identity, or decoded by httpx
            self._keep(chunk)
            return
        for piece in _through(self.layers, chunk):
            self._keep(piece)

    def finish(self) -> None:
        layers = self.layers or []
        for index, layer in enumerate(layers):
            for piece in layer.decode(b""):  # what it still holds
                for inner in _through(layers[index + 1 :], piece):
                    self._keep(inner)
        # Where httpx's own ``read()`` keeps the body it read: ``content``, ``text``
        # and ``json()`` read it from there, and a second read returns it.
        self.response._content = b"".join(self.pieces)

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        self._check_size()
        self.pieces.append(piece)

    def _check_size(self) -> None:
        limit = self.limits.max_response_size
        if limit is not None and self.size > limit:
            raise too_large_error(self.response, limit, self.secrets())


class _Inflater:
    """One layer of ``gzip`` or ``deflate``, inflated at most ``_PIECE`` at a time."""

    __slots__ = ("coding", "request", "zlib", "started")

    def __init__(self, coding: str, request: httpx.Request) -> None:
        self.coding = coding
        self.request = request
        self.zlib = zlib.decompressobj(_WINDOW[coding])
        self.started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                piece = self.zlib.decompress(data, _PIECE)
            except zlib.error as exc:
                if self.coding == "deflate" and not self.started:
                    # "deflate" sent raw, without its zlib header, as some servers do
                    # (httpx reads it so too)
                    self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)
                    self.started = True
                    continue
                raise httpx.DecodingError(str(exc), request=self.request) from exc
            self.started = True
            if piece:
                yield piece
            data = self.zlib.unconsumed_tail
            if not data and len(piece) < _PIECE:
                return


def _layers(response: httpx.Response) -> list[_Inflater] | None:
    """The body's codings to undo here, the last applied first (``[]``: none); ``None``
    where one is no ``gzip`` or ``deflate`` (httpx decodes it, or passes it on)."""
    layers = []
    for value in response.headers.get_list("content-encoding", split_commas=True):
        coding = value.strip().lower()
        if coding in _WINDOW:
            layers.append(_Inflater(coding, response.request))
        elif coding != "identity":
            return None
    layers.reverse()
    return layers


def _through(layers: list[_Inflater], data: bytes) -> Iterator[bytes]:
    """``data`` through ``layers`` in turn, a bounded piece at a time."""
    if not layers:
        if data:
            yield data
        return
    for piece in layers[0].decode(data):
        yield from _through(layers[1:], piece)
