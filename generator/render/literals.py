"""Python literals as black writes them, so formatting the generated code has less to do."""

from __future__ import annotations

import re

# In a docstring: control characters (a NUL does not even parse), and a quote that
# another quote or the end of the text follows (it could close the literal).
_UNSAFE_IN_DOCSTRING = re.compile(r'[\x00-\x08\x0b-\x1f\x7f]|"(?="|$)')


def literal(value: object) -> str:
    """The source of a JSON scalar or name: ``repr``, but strings in double quotes."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


def doc_text(text: str) -> str:
    """``text`` on one line, fit to stand in a triple-quoted docstring: backslashes,
    control characters and quotes that could close it escaped."""
    text = " ".join(text.split()).replace("\\", "\\\\")
    return _UNSAFE_IN_DOCSTRING.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return '\\"' if char == '"' else f"\\x{ord(char):02x}"
