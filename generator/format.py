"""Stage 6, format: black, pinned and with an explicit mode, never the caller's config."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import SpecError


def format_sources(files: Mapping[str, str]) -> dict[str, str]:
    """Every ``.py`` file through black; other files unchanged."""
    import black  # heavy: imported only in this stage

    mode = black.Mode(
        target_versions={black.TargetVersion.PY311},
        line_length=88,
        string_normalization=True,
        magic_trailing_comma=True,
    )
    result = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            result[path] = text
            continue
        try:
            result[path] = black.format_str(text, mode=mode)
        except black.InvalidInput as error:  # our bug, but say where
            raise SpecError(
                path, "#", None, f"generated code does not parse: {error}"
            ) from None
    return result
