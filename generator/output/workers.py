"""Processes to run independent jobs in: one per core, or none; and the garbage
collector tuned for a run that makes many objects and keeps most of them."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


@contextmanager
def workers(at_most: int | None = None) -> Iterator[Executor | None]:
    """A process per core, ``at_most`` of them (fork: they share what is already
    imported); None, to run the jobs here, on one core or with
    ``PIPEDRIVE_CODEGEN_WORKERS=1``."""
    count = min(cores(), at_most or cores())
    if count < 2 or os.environ.get("PIPEDRIVE_CODEGEN_WORKERS") == "1":
        yield None
        return
    context = multiprocessing.get_context("fork")
    # What the workers inherit, their collector never walks (nor copies, by touching
    # it); nor does this process's while they run.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
            # Forked now, all of them (they are forked on the first job): a process
            # forked later, while a thread runs a subprocess such as ruff, would hold
            # that subprocess's pipes open, and the wait for its output would never end.
            executor.submit(int).result()
            try:
                yield executor
            except BaseException:
                # Bad input: what is still queued is of no use (a job already running
                # is waited for).
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        gc.unfreeze()


@contextmanager
def few_collections() -> Iterator[None]:
    """The collector run less often: every 10,000 new objects, not 700. A run builds
    large trees it keeps to the end (the spec, the IR, the models), and at the default
    the collector walks them again and again."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection in this process meanwhile, nor after of what it made: for a
    stretch that makes only what it keeps (the collector would walk it again and
    again as it grows, and once more when it is back). What it made is frozen, as
    what ``workers`` forks is, until those workers are done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Paced(Executor):
    """``executor``, with at most one job more than there are cores submitted through
    this object and not finished: ``submit`` waits for one to finish. A job handed to
    ``executor`` itself is not held back, so it runs before those still to come here:
    a spec's client is compiled while its models are generated, not after the last of
    them, when nothing else is left to run beside it."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.slots = threading.BoundedSemaphore(cores() + 1)

    def submit(
        self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        self.slots.acquire()
        try:
            future = self.executor.submit(fn, *args, **kwargs)
        except BaseException:
            self.slots.release()
            raise
        future.add_done_callback(lambda _: self.slots.release())
        return future
