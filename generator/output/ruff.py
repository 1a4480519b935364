"""The default formatter: ``ruff format``, pinned, with an explicit configuration (never
the caller's), over a batch of modules at once in one process that uses every core. It
writes black's bytes (the tests hold it to that); so fast that it needs neither pieces
nor a cache."""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from .cache import NO_CACHE, Cache, cache_key, installed_version
from .compiles import check_all_parse
from ..errors import SpecError
from ..target import RUFF_MISSING, RUFF_PIN

_REMEMBERED = 4_000  # characters of a module whose compiling the cache remembers


class RuffFormatter:
    """``ruff format`` (one process that uses every core) over each batch of files as
    it is handed over, so a spec's client and validators are formatted, and compiled on
    the workers, while its models are still being generated; ``result`` waits for
    them all. So fast that it needs neither pieces nor a cache."""

    def __init__(
        self, cache: Cache = NO_CACHE, executor: Executor | None = None
    ) -> None:
        problem = ruff_problem()
        if problem is not None:
            raise SpecError("ruff", None, None, problem)
        self.binary = str(_ruff().find_ruff_bin())
        self.cache = cache
        self.executor = executor
        self.files: dict[str, str] = {}
        self.lock = threading.Lock()
        self.threads = ThreadPoolExecutor(max_workers=2)
        self.jobs: list[Future[tuple[dict[str, str], SpecError | None]]] = []

    def submit(self, files: Mapping[str, str]) -> None:
        """Start formatting ``files`` (path -> text); may be called from any thread."""
        modules = {path: text for path, text in files.items() if path.endswith(".py")}
        with self.lock:
            self.files.update(files)
            if modules:
                self.jobs.append(self.threads.submit(self._format, modules))

    def result(self) -> dict[str, str]:
        """Every file handed over, its modules formatted; the error of the first module
        (by path) that ruff refused or that does not compile, whatever finished first.
        """
        with self.threads:
            done = [job.result() for job in self.jobs]
        problems = [problem for _, problem in done if problem is not None]
        if problems:
            raise min(problems, key=lambda problem: problem.file)
        result = dict(self.files)
        for formatted, _ in done:
            result.update(formatted)
        return result

    def _format(
        self, modules: dict[str, str]
    ) -> tuple[dict[str, str], SpecError | None]:
        """``modules`` formatted and known to compile, or the problem."""
        paths = sorted(modules)
        formatted = {}
        size = sum(len(text) for text in modules.values())
        with tempfile.TemporaryDirectory(
            prefix="pipedrive-codegen-", dir=_scratch(size)
        ) as folder:
            root = Path(folder)
            for path in paths:
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_text(modules[path], encoding="utf-8")
            # Files named on the command line are formatted whatever ruff's excludes
            # say (a subpackage may be called ``build``); no config file is read.
            command = [self.binary, "format", "--isolated", "--no-cache"]
            command += ["--line-length=88", "--target-version=py311", "--", *paths]
            try:
                done = subprocess.run(
                    command,
                    cwd=root,
                    capture_output=True,
                    text=True,
                    env={**os.environ, "NO_COLOR": "1"},
                )
            except OSError as error:  # found, but it will not run
                message = f"cannot run {self.binary}: {error}"
                return {}, SpecError("ruff", None, None, message)
            if done.returncode != 0:
                return {}, _ruff_error(done.stderr, paths)
            for path in paths:
                formatted[path] = (root / path).read_text(encoding="utf-8")
        # Before it is written; a large text known to parse is not parsed again (the
        # cache verifies its entries: a hit is this verdict). A small one is: it
        # compiles in less time than its verdict takes to be stored.
        salt = cache_key("compile", sys.version)
        keys = {
            path: cache_key(salt, formatted[path])
            for path in paths
            if len(formatted[path]) > _REMEMBERED
        }
        unknown = {
            path: formatted[path]
            for path in paths
            if path not in keys or self.cache.get("parses", keys[path]) != "parses\n"
        }
        try:
            check_all_parse(unknown, self.executor)
        except SpecError as problem:
            return {}, problem
        for path in unknown.keys() & keys.keys():
            self.cache.put("parses", keys[path], "parses\n")
        return formatted, None


# Memory that a folder can be made in, on Linux: files there are written and read back
# at memory speed (a spec's model parts are hundreds of small files).
_MEMORY = "/dev/shm"


def _scratch(size: int) -> str | None:
    """Where ruff's copies of ``size`` characters of modules go: a folder in memory
    when there is one with room to spare, else (None) the system's temporary folder."""
    try:
        if os.access(_MEMORY, os.W_OK) and shutil.disk_usage(_MEMORY).free > 8 * size:
            return _MEMORY
    except OSError:
        pass
    return None


def ruff_problem() -> str | None:
    """Why the ruff formatter cannot run here (not installed, or not the pinned
    version), or None when it can."""
    try:
        _ruff().find_ruff_bin()
    except (ImportError, FileNotFoundError):  # no package, or a package without binary
        return RUFF_MISSING
    installed = installed_version("ruff")
    if installed != RUFF_PIN:
        return (
            f"formatter ruff is pinned to {RUFF_PIN}, not the {installed} installed: "
            "reinstall pipedrive-codegen, or pass --formatter black"
        )
    return None


def _ruff() -> Any:
    return importlib.import_module("ruff")  # ships no types


# How ruff names a module it cannot parse: ``error: Failed to parse v1/x.py:3:5: ...``.
_RUFF_FAILED = re.compile(
    r"Failed to parse (?P<path>.+?):(?P<line>\d+):\d+: (?P<why>.*)"
)


def _ruff_error(stderr: str, modules: list[str]) -> SpecError:
    """Ruff's complaint as our error, at the module and line it names (our bug, but say
    where)."""
    for line in stderr.splitlines():
        found = _RUFF_FAILED.search(line)
        if found and found["path"] in modules:
            return SpecError(
                found["path"],
                None,
                int(found["line"]),
                f"generated code does not parse: {found['why']}",
            )
    lines = [line for line in stderr.splitlines() if line.strip()]
    return SpecError("ruff", None, None, lines[0] if lines else "ruff format failed")
