"""Processes to run independent jobs in: one per core, or none."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager


@contextmanager
def workers(at_most: int | None = None) -> Iterator[Executor | None]:
    """A process per core, ``at_most`` of them (fork: they share what is already
    imported); None, to run the jobs here, on one core or with
    ``PIPEDRIVE_CODEGEN_WORKERS=1``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    count = min(cores, at_most or cores)
    if count < 2 or os.environ.get("PIPEDRIVE_CODEGEN_WORKERS") == "1":
        yield None
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        # Forked now, all of them (they are forked on the first job): a process forked
        # later, while a thread runs a subprocess such as ruff, would hold that
        # subprocess's pipes open, and the wait for its output would never end.
        executor.submit(int).result()
        try:
            yield executor
        except BaseException:
            # Bad input: what is still queued is of no use (a job already running
            # is waited for).
            executor.shutdown(wait=True, cancel_futures=True)
            raise
