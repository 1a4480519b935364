"""Stage 6, format: a pinned formatter with an explicit configuration, never the
caller's.

``ruff format`` (the default) takes every file at once, in one process that uses every
core. black (``formatter = "black"``) writes the same bytes, which the tests hold ruff
to, many times slower: its files are formatted in parallel, in pieces, as soon as they
are rendered, and its output is cached under the hash of its input, so an unchanged
piece is never formatted twice.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import NO_CACHE, Cache, cache_key
from .cache import installed_version
from ..errors import SpecError
from ..target import RUFF_MISSING, RUFF_PIN

# Modules larger than this are formatted definition by definition (and a large class
# method by method): the pieces format in parallel, and after a small spec change only
# the pieces that changed are formatted again.
CHUNKED = 20_000
_BATCH = 32_000  # characters of pieces sent to a worker at once
_DEFINITION = ("def ", "async def ", "class ", "@")
_MEMBER = tuple("    " + start for start in _DEFINITION)
_CLASS = "class _:\n"  # what a method is formatted inside
_REMEMBERED = 4_000  # characters of a module whose compiling the cache remembers


@dataclass(frozen=True)
class Piece:
    """Part of a module that black formats on its own."""

    text: str  # as black leaves it, no blank lines around: black formats its input a
    # second time unless the first pass left it unchanged
    member: bool = False  # a method: formatted inside a class, one blank line above


def format_sources(
    files: Mapping[str, str], cache: Cache = NO_CACHE, executor: Executor | None = None
) -> dict[str, str]:
    """Every ``.py`` file through black; other files unchanged."""
    formatter = Formatter(cache, executor)
    formatter.submit(files)
    return formatter.result()


def make_formatter(
    name: str, cache: Cache = NO_CACHE, executor: Executor | None = None
) -> Formatter | RuffFormatter:
    """The format stage of ``name``: "black" or "ruff"."""
    if name == "ruff":
        return RuffFormatter(cache, executor)
    return Formatter(cache, executor)


class Formatter:
    """Formats files handed to it as they come (in ``executor``'s workers, if any);
    ``result`` waits for them all."""

    def __init__(self, cache: Cache = NO_CACHE, executor: Executor | None = None):
        self.cache = cache
        self.executor = executor
        self.salt = cache_key(
            "black " + installed_version("black"), Path(__file__).read_bytes()
        )
        self.files: dict[str, str] = {}
        self.modules: dict[str, list[Piece]] = {}
        self.done: dict[tuple[str, int], str] = {}
        self.pending: list[tuple[list[tuple[str, int, str]], Future[list[str]]]] = []
        self.lock = threading.Lock()

    def submit(self, files: Mapping[str, str]) -> None:
        """Start formatting ``files`` (path -> text); the cache answers what it can.
        May be called from any thread."""
        with self.lock:
            self._submit(files)

    def _submit(self, files: Mapping[str, str]) -> None:
        self.files.update(files)
        units: list[tuple[str, int, Piece, str]] = []  # (path, index, piece, cache key)
        for path, text in files.items():
            if not path.endswith(".py"):
                continue
            pieces = split_module(text) if len(text) > CHUNKED else [Piece(text)]
            self.modules[path] = pieces
            for index, piece in enumerate(pieces):
                key = cache_key(self.salt, str(piece.member), piece.text)
                hit = self.cache.get("black", key)
                if hit is None:
                    units.append((path, index, piece, key))
                else:
                    self.done[path, index] = hit
        if self.executor is None:
            for path, index, piece, key in units:
                self._finish((path, index, key), format_one(path, piece))
            return
        # Largest first, so the big pieces do not all wait for the end.
        units.sort(key=lambda unit: (-len(unit[2].text), unit[0], unit[1]))
        batch: list[tuple[str, int, Piece, str]] = []
        size = 0
        for unit in units:
            batch.append(unit)
            size += len(unit[2].text)
            if size >= _BATCH:
                self._send(batch)
                batch, size = [], 0
        if batch:
            self._send(batch)

    def _send(self, batch: list[tuple[str, int, Piece, str]]) -> None:
        assert self.executor is not None
        future = self.executor.submit(
            format_batch, [(path, piece) for path, _, piece, _ in batch]
        )
        self.pending.append(
            ([(path, index, key) for path, index, _, key in batch], future)
        )

    def _finish(self, where: tuple[str, int, str], text: str) -> None:
        path, index, key = where
        self.done[path, index] = text
        self.cache.put("black", key, text)

    def result(self) -> dict[str, str]:
        """Every file submitted, ``.py`` files formatted."""
        for places, future in self.pending:
            for where, text in zip(places, future.result(), strict=True):
                self._finish(where, text)
        self.pending = []
        result = dict(self.files)
        for path, pieces in self.modules.items():
            result[path] = join_pieces(
                pieces, [self.done[path, index] for index in range(len(pieces))]
            )
        return result


def format_batch(batch: list[tuple[str, Piece]]) -> list[str]:
    return [format_one(path, piece) for path, piece in batch]


def split_module(text: str) -> list[Piece]:
    """The module as pieces: what precedes the first definition, then each top-level
    ``def``/``class`` (with its decorators and the comments right above it) and the
    statements that follow it; a large class with a docstring is split into its head
    and its methods."""
    pieces = []
    for part in _split(text.splitlines(keepends=True), _DEFINITION):
        members = []
        if part[0].startswith("class ") and sum(map(len, part)) > CHUNKED:
            members = _split(part, _MEMBER)
        if len(members) > 1 and '"""' in "".join(members[0]):
            pieces.append(Piece(_strip("".join(members[0]))))
            pieces += [Piece(_strip("".join(member)), True) for member in members[1:]]
        else:
            pieces.append(Piece(_strip("".join(part))))
    return pieces


def _split(lines: list[str], starts_with: tuple[str, ...]) -> list[list[str]]:
    """``lines`` cut before each line that starts with one of ``starts_with`` (and the
    decorators and comments right above it); the first part is what precedes them."""
    comment = starts_with[0][: len(starts_with[0]) - len(starts_with[0].lstrip())] + "#"
    decorator = starts_with[-1]
    starts = [0]
    for number, line in enumerate(lines):
        if (
            number
            and line.startswith(starts_with)
            and not lines[number - 1].startswith(decorator)
        ):
            start = number
            while start > starts[-1] + 1 and lines[start - 1].startswith(comment):
                start -= 1
            if start > starts[-1]:
                starts.append(start)
    bounds = [*starts, len(lines)]
    return [lines[a:b] for a, b in zip(bounds, bounds[1:]) if a < b]


def _strip(text: str) -> str:
    return text.strip("\n") + "\n"


def join_pieces(pieces: list[Piece], formatted: list[str]) -> str:
    """Formatted pieces back into one module: two blank lines before each top-level
    definition, one before each method."""
    parts = []
    for index, (piece, text) in enumerate(zip(pieces, formatted, strict=True)):
        if index:
            parts.append("\n\n" if piece.member else "\n\n\n")
        parts.append(text.strip("\n"))
    return "".join(parts) + "\n"


def format_one(path: str, piece: Piece) -> str:
    from black import format_str  # heavy: imported only in this stage
    from black.mode import Mode, TargetVersion
    from black.parsing import InvalidInput

    mode = Mode(
        target_versions={TargetVersion.PY311},
        line_length=88,
        string_normalization=True,
        magic_trailing_comma=True,
    )
    try:
        if piece.member:  # the class line comes back unchanged: drop it
            formatted = format_str(_CLASS + piece.text, mode=mode)
            check_parses(path, formatted)
            return formatted.split("\n", 1)[1]
        formatted = format_str(piece.text, mode=mode)
    except InvalidInput as error:  # our bug, but say where
        raise SpecError(
            path, None, None, f"generated code does not parse: {error}"
        ) from None
    check_parses(path, formatted)  # before it is cached or written
    return formatted


def check_parses(path: str, text: str) -> None:
    """Raise ``SpecError`` unless ``text`` is Python that compiles."""
    problem = _unparsed(path, text)
    if problem is not None:
        raise problem


def _unparsed(path: str, text: str) -> SpecError | None:
    """Why ``text`` is no Python that compiles, or None. Compiled, not ``ast.parse``d:
    the compiler makes no Python objects of the tree, which takes a third longer, and
    finds what the parser finds and more; its warnings are for whoever imports it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:  # ValueError: a NUL byte
        line = getattr(error, "lineno", None)
        reason = getattr(error, "msg", None) or str(error)
        return SpecError(path, None, line, f"generated code does not parse: {reason}")
    return None


def first_unparsed(modules: list[tuple[str, str]]) -> SpecError | None:
    """The error of the first of ``modules`` (path, text) that does not compile."""
    for path, text in modules:
        problem = _unparsed(path, text)
        if problem is not None:
            return problem
    return None


def check_all_parse(modules: dict[str, str], executor: Executor | None) -> None:
    """Raise the error of the first module (in the order given) that does not compile;
    on ``executor``'s workers, the modules in one run of about equal size each."""
    items = list(modules.items())
    if executor is None or len(items) < 2:
        problem = first_unparsed(items)
    else:
        total = sum(len(text) for _, text in items)
        runs: list[list[tuple[str, str]]] = [[]]
        size = 0
        for item in items:
            if size >= total / 2 and len(runs) < 2:
                runs.append([])
            runs[-1].append(item)
            size += len(item[1])
        found = [executor.submit(first_unparsed, run) for run in runs]
        problem = next((p for p in (f.result() for f in found) if p is not None), None)
    if problem is not None:
        raise problem


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
