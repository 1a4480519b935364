"""Shared by the bench scripts: run a command, time it, read its peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPEDRIVE = ROOT / "specs" / "pipedrive"  # Pipedrive's own specs and examples


def compile_ours() -> None:
    """Byte-compile the tool's own modules, as installing a package does: an editable
    install run with ``PYTHONDONTWRITEBYTECODE`` set would otherwise compile them from
    source on every run (about 0.1 s of CPU before anything else), while the tools it
    is compared with run from compiled site-packages."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def cold_caches(work: Path) -> Callable[[], dict[str, str]]:
    """An environment for each run of ours with a cache of its own, empty (a cold
    run), under ``work``."""
    count = iter(range(10**9))
    return lambda: {"PIPEDRIVE_CODEGEN_CACHE": str(work / f"cache-{next(count)}")}


@dataclass(frozen=True)
class Measure:
    seconds: float  # median wall time
    peak_mib: float  # largest resident set of the command (or its largest child)
    runs: int
    cpu: float = 0.0  # median CPU seconds, user + system, its children's included
    rounds: tuple[float, ...] = ()  # the wall time of each round, in order


def paired_difference(a: Measure, b: Measure) -> float:
    """The median over rounds of ``a``'s wall time minus ``b``'s in the same round
    (``interleaved`` runs them seconds apart): the host's drift from one round to the
    next, which moves both alike, falls out of each difference, while the difference
    of the two medians keeps it."""
    return statistics.median(x - y for x, y in zip(a.rounds, b.rounds, strict=True))


def run(
    command: Sequence[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole-process run."""
    seconds, peak, _ = run_usage(command, env, cwd)
    return seconds, peak


def run_usage(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    status: int = 0,
) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system, of the process
    and the children it waited for) of one whole-process run, which must end with
    exit status ``status``."""
    environment = {**os.environ, **(env or {})}
    # stderr to a file, not a pipe nobody reads while waiting: a tool that warns more
    # than a pipe holds (openapi-python-client on a large spec) would block forever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
        _, ended, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(ended)
        if code != status:
            errors.seek(0)
            error = errors.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(
                f"{' '.join(command)} failed (exit status {code}, not {status}):\n"
                f"{error}"
            )
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure(
    command: Sequence[str],
    runs: int,
    before: Callable[[], dict[str, str] | None] = lambda: None,
    cwd: Path = ROOT,
    warmup: bool = False,
) -> Measure:
    """Medians of ``runs`` runs; ``warmup`` runs the command once first, untimed."""
    if warmup:
        run(command, before(), cwd)
    times, peaks = [], []
    for _ in range(runs):
        env = before()
        seconds, peak = run(command, env, cwd)
        times.append(seconds)
        peaks.append(peak)
    return Measure(statistics.median(times), max(peaks), runs)


@dataclass(frozen=True)
class Job:
    """What one row of a table times: its commands run one after another and their
    times add up (an anchor that takes one spec at a time runs once per spec)."""

    commands: Sequence[Sequence[str]]
    before: Callable[[], dict[str, str] | None] = lambda: None  # the run's environment
    cwd: Path = ROOT
    may_fail: bool = False  # a peer that cannot take this spec: reported, not timed
    status: int = 0  # the exit status each command must end with


def interleaved(
    jobs: dict[str, Job], runs: int, warmup: bool = False
) -> dict[str, Measure]:
    """Medians of ``runs`` rounds, each round running every job once, in turn: this
    machine's speed drifts from minute to minute, and drift then slows every job of a
    round alike, so the ratios of one run hold. ``warmup`` runs each job once first,
    untimed. A job that ``may_fail`` and fails is left out of the result, said so."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    peaks: dict[str, list[float]] = {name: [] for name in jobs}
    cpus: dict[str, list[float]] = {name: [] for name in jobs}
    failed: set[str] = set()
    for round_ in range(runs + warmup):
        for name, job in jobs.items():
            if name in failed:
                continue
            total, peak, cpu = 0.0, 0.0, 0.0
            try:
                for command in job.commands:
                    seconds, memory, used = run_usage(
                        command, job.before(), job.cwd, job.status
                    )
                    total, peak, cpu = total + seconds, max(peak, memory), cpu + used
            except RuntimeError as error:
                if not job.may_fail:
                    raise
                failed.add(name)
                last = [line for line in str(error).splitlines() if line.strip()]
                print(f"{name}: failed, not timed: {last[-1] if last else error}")
                continue
            if round_ >= warmup:
                times[name].append(total)
                peaks[name].append(peak)
                cpus[name].append(cpu)
    return {
        name: Measure(
            statistics.median(times[name]),
            max(peaks[name]),
            runs,
            statistics.median(cpus[name]),
            tuple(times[name]),
        )
        for name in jobs
        if name not in failed
    }


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths)) + " |"
        for row in rows
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
