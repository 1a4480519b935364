"""Stage 6, format: black, pinned and with an explicit mode, never the caller's config.

Files are formatted in parallel, and black's output is cached under the hash of its input,
so an unchanged file is never formatted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from importlib.metadata import version
from pathlib import Path

from .cache import NO_CACHE, Cache, cache_key
from .errors import SpecError

# Modules larger than this are formatted definition by definition: the pieces format in
# parallel, and after a small spec change only the pieces that changed are formatted again.
CHUNKED = 20_000
_DEFINITION = ("def ", "async def ", "class ", "@")


def format_sources(
    files: Mapping[str, str], cache: Cache = NO_CACHE, executor: Executor | None = None
) -> dict[str, str]:
    """Every ``.py`` file through black; other files unchanged."""
    salt = cache_key("black " + version("black"), Path(__file__).read_bytes())
    result = dict(files)
    pieces: dict[str, list[str]] = {}
    pending: list[tuple[str, int, str, str]] = []  # (path, piece, text, cache key)
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        parts = split_definitions(text) if len(text) > CHUNKED else [text]
        pieces[path] = list(parts)
        for index, part in enumerate(parts):
            key = cache_key(salt, part)
            hit = cache.get("black", key)
            if hit is None:
                pending.append((path, index, part, key))
            else:
                pieces[path][index] = hit
    # Largest first, so the big pieces do not all wait for the end.
    pending.sort(key=lambda unit: (-len(unit[2]), unit[0], unit[1]))
    paths, texts = [unit[0] for unit in pending], [unit[2] for unit in pending]
    if executor is None or len(pending) < 2:
        formatted = [format_one(path, text) for path, text in zip(paths, texts)]
    else:
        formatted = list(executor.map(format_one, paths, texts, chunksize=4))
    for (path, index, _, key), text in zip(pending, formatted, strict=True):
        pieces[path][index] = text
        cache.put("black", key, text)
    for path, parts in pieces.items():
        result[path] = join_definitions(parts)
    return result


def split_definitions(text: str) -> list[str]:
    """The module as pieces: what precedes the first definition, then each top-level
    ``def``/``class`` (with its decorators and the comments right above it) and the
    statements that follow it."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for number, line in enumerate(lines):
        if (
            number
            and line.startswith(_DEFINITION)
            and not lines[number - 1].startswith("@")
        ):
            start = number
            while start > starts[-1] + 1 and lines[start - 1].startswith("#"):
                start -= 1
            if start > starts[-1]:
                starts.append(start)
    bounds = [*starts, len(lines)]
    return ["".join(lines[a:b]) for a, b in zip(bounds, bounds[1:]) if a < b]


def join_definitions(parts: list[str]) -> str:
    """Formatted pieces back into one module: two blank lines before each definition."""
    return "\n\n\n".join(part.strip("\n") for part in parts) + "\n"


def format_one(path: str, text: str) -> str:
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
        return format_str(text, mode=mode)
    except InvalidInput as error:  # our bug, but say where
        raise SpecError(
            path, "#", None, f"generated code does not parse: {error}"
        ) from None
