"""Python literals as black writes them, so formatting the generated code has less to do."""

from __future__ import annotations


def literal(value: object) -> str:
    """The source of a JSON scalar or name: ``repr``, but strings in double quotes."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text
