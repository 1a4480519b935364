"""Stage 6, format: a pinned formatter with an explicit configuration, never the
caller's.

``ruff format`` (the default, ``ruff.py``) takes every file at once, in one process that
uses every core. black (``formatter = "black"``, here) writes the same bytes, which the tests hold ruff
to, many times slower: its files are formatted in parallel, in pieces, as soon as they
are rendered, and its output is cached under the hash of its input, so an unchanged
piece is never formatted twice.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from .cache import NO_CACHE, Cache, cache_key
from .cache import installed_version
from .compiles import check_parses
from .ruff import RuffFormatter
from ..errors import SpecError

# Modules larger than this are formatted definition by definition (and a large class
# method by method): the pieces format in parallel, and after a small spec change only
# the pieces that changed are formatted again.
CHUNKED = 20_000


_BATCH = 32_000  # characters of pieces sent to a worker at once


_DEFINITION = ("def ", "async def ", "class ", "@")


_MEMBER = tuple("    " + start for start in _DEFINITION)


_CLASS = "class _:\n"  # what a method is formatted inside


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
