"""Stage 6, format: black, pinned and with an explicit mode, never the caller's config.

Files are formatted in parallel, and black's output is cached under the hash of its input,
so an unchanged file is never formatted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .cache import NO_CACHE, Cache, cache_key
from .errors import SpecError

# Modules larger than this are formatted definition by definition (and a large class
# method by method): the pieces format in parallel, and after a small spec change only
# the pieces that changed are formatted again.
CHUNKED = 20_000
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
    salt = cache_key("black " + version("black"), Path(__file__).read_bytes())
    result = dict(files)
    modules: dict[str, list[Piece]] = {}
    done: dict[tuple[str, int], str] = {}
    pending: list[tuple[str, int, Piece, str]] = []  # (path, index, piece, cache key)
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        modules[path] = split_module(text) if len(text) > CHUNKED else [Piece(text)]
        for index, piece in enumerate(modules[path]):
            key = cache_key(salt, str(piece.member), piece.text)
            hit = cache.get("black", key)
            if hit is None:
                pending.append((path, index, piece, key))
            else:
                done[path, index] = hit
    # Largest first, so the big pieces do not all wait for the end.
    pending.sort(key=lambda unit: (-len(unit[2].text), unit[0], unit[1]))
    paths, units = [unit[0] for unit in pending], [unit[2] for unit in pending]
    if executor is None or len(pending) < 2:
        formatted = [format_one(path, piece) for path, piece in zip(paths, units)]
    else:
        formatted = list(executor.map(format_one, paths, units, chunksize=4))
    for (path, index, _, key), text in zip(pending, formatted, strict=True):
        done[path, index] = text
        cache.put("black", key, text)
    for path, pieces in modules.items():
        result[path] = join_pieces(
            pieces, [done[path, index] for index in range(len(pieces))]
        )
    return result


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
            return format_str(_CLASS + piece.text, mode=mode).split("\n", 1)[1]
        return format_str(piece.text, mode=mode)
    except InvalidInput as error:  # our bug, but say where
        raise SpecError(
            path, "#", None, f"generated code does not parse: {error}"
        ) from None
