"""An attempt's deadline at the socket, for the blocking client.

httpx's ``timeout`` limits each socket operation, not the whole exchange: a server that
sends its status line and headers a byte at a time keeps every read within the read
limit, and ``send`` waits as long as the server likes. The body is checked as it
arrives (``_body.py``), and the async client under asyncio is interrupted wherever it
waits; a blocking read can only be given a shorter limit before it starts.

So the network streams of the http client a :class:`~._client.SyncClient` makes go
through :class:`_DeadlineStream`: while the client sends in this thread
(:data:`~._attempt.ATTEMPT`), each read, write, connect and TLS handshake may wait no longer than
the attempt has left (or the attempt it runs inside, if that one ends first), and one that starts after the deadline or fails once it has
passed ends the attempt with the client's timeout (``attempt_timeout``). Elsewhere
(another client on the same transport, or no attempt) the streams are left as they
are. httpx offers no public way to choose its network layer: the wrapper goes on the
pool of its own ``HTTPTransport`` where that holds one (``_pool._network_backend``);
where it does not, an attempt is bounded as before (each read by ``timeout``, the body
as it arrives).
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable, Iterable
from time import monotonic
from typing import Any

import httpx

from ._attempt import ATTEMPT
from ._body import Limits, timed_out

__all__ = ["bound_by_deadline"]


def bound_by_deadline(http_client: httpx.Client) -> None:
    """Have the attempts of a client bounded at the socket on ``http_client``'s
    transports (its own, and those of the proxies it read from the environment): a
    transport the caller gave, too, which is left as it was for any other use."""
    transports = [getattr(http_client, "_transport", None)]
    transports += list(getattr(http_client, "_mounts", {}).values())
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, _DeadlineBackend):
            pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]


def _left(timeout: float | None) -> float | None:
    """``timeout``, at most what the attempt has left (or the attempt it runs inside,
    if that one ends first); past its deadline, its error."""
    attempt = ATTEMPT.get()
    if attempt is None:
        return timeout
    attempt = attempt.nearest()
    left = attempt.deadline - monotonic()
    if left <= 0:
        raise _late(attempt.limits)
    return left if timeout is None else min(timeout, left)


def _check() -> None:
    """Raise the attempt's timeout if it has passed its deadline (an operation failed:
    its limit may have been the time left)."""
    attempt = ATTEMPT.get()
    if attempt is None:
        return
    attempt = attempt.nearest()
    if monotonic() >= attempt.deadline:
        raise _late(attempt.limits)


def _late(limits: Limits) -> httpx.TimeoutException:
    # httpx gives the error its request as it passes through ``send`` or the stream.
    return timed_out(None, limits)


def _bounded(operation: Callable[..., Any], *args: Any, timeout: float | None) -> Any:
    """``operation(*args)`` given no more than the attempt has left; failed past its
    deadline (its limit may have been the time left), the attempt's timeout."""
    try:
        return operation(*args, timeout=_left(timeout))
    except Exception:
        _check()
        raise


class _DeadlineBackend:
    """httpcore's network backend, each stream it opens a :class:`_DeadlineStream`."""

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _DeadlineStream:
        connect = functools.partial(
            self._backend.connect_tcp,
            local_address=local_address,
            socket_options=socket_options,
        )
        return _DeadlineStream(_bounded(connect, host, port, timeout=timeout))

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> _DeadlineStream:
        connect = functools.partial(
            self._backend.connect_unix_socket, socket_options=socket_options
        )
        return _DeadlineStream(_bounded(connect, path, timeout=timeout))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _DeadlineStream:
    """httpcore's network stream, each wait bounded by the attempt's deadline."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = _bounded(self._stream.read, max_bytes, timeout=timeout)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _bounded(self._stream.write, buffer, timeout=timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> _DeadlineStream:
        start = self._stream.start_tls
        return _DeadlineStream(
            _bounded(start, ssl_context, server_hostname, timeout=timeout)
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)
