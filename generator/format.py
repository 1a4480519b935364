"""Stage 6, format: black, pinned and with an explicit mode, never the caller's config.

Files are formatted in parallel, and black's output is cached under the hash of its input,
so an unchanged file is never formatted twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor

from .cache import NO_CACHE, Cache, cache_key
from .errors import SpecError


def format_sources(
    files: Mapping[str, str], cache: Cache = NO_CACHE, executor: Executor | None = None
) -> dict[str, str]:
    """Every ``.py`` file through black; other files unchanged."""
    from importlib.metadata import version

    from pathlib import Path

    salt = cache_key("black " + version("black"), Path(__file__).read_bytes())
    result = dict(files)
    pending = {}
    for path, text in files.items():
        if path.endswith(".py"):
            key = cache_key(salt, text)
            hit = cache.get("black", key)
            if hit is None:
                pending[path] = key
            else:
                result[path] = hit
    # Largest first, so the big files do not all wait for the end.
    order = sorted(pending, key=lambda path: (-len(files[path]), path))
    if executor is None or len(order) < 2:
        formatted = [format_one(path, files[path]) for path in order]
    else:
        formatted = list(executor.map(format_one, order, [files[p] for p in order]))
    for path, text in zip(order, formatted, strict=True):
        result[path] = text
        cache.put("black", pending[path], text)
    return result


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
