"""Python literals as black writes them, so formatting the generated code has less to do.

Spec text never reaches a generated file raw: control characters (a terminal escape,
a NUL) and invisible format characters (bidi controls such as U+202E, which make code
read otherwise than it runs) are written as escapes, by ``repr`` in literals and by
``doc_text`` in docstrings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import escape_character

# In a docstring: what is not printable ASCII (looked at one by one), and a quote that
# another quote or the end of the text follows (it could close the literal).
_UNSAFE_IN_DOCSTRING = re.compile(r'[^ -~]|"(?="|$)')


def literal(value: object) -> str:
    """The source of a JSON scalar or name: ``repr``, but strings in double quotes."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'
    return text


def literal_members(values: Iterable[object]) -> tuple[tuple[str, ...], bool]:
    """The literals of an enum's values that a ``Literal`` may hold, and whether any
    value is a float, which it may not (mypy refuses ``Literal[0.5]``)."""
    values = tuple(values)
    members = tuple(literal(value) for value in values if not isinstance(value, float))
    return members, len(members) < len(values)


def literal_type(values: Iterable[object], also: str = "") -> str:
    """The type of an enum's values: ``Literal[...]``, its floats ``float`` beside it,
    as datamodel-code-generator writes them (``Literal[2] | float``; ``float`` alone
    when all are floats); then ``also`` (the type an open enum also takes), once."""
    members, floats = literal_members(values)
    parts = [f"Literal[{', '.join(members)}]"] if members else []
    parts += ["float"] * floats + [also] * bool(also)
    return " | ".join(dict.fromkeys(parts))


def doc_text(text: str) -> str:
    """``text`` on one line, fit to stand in a triple-quoted docstring: backslashes,
    quotes that could close it, control and other unprintable characters (bidi
    controls among them) escaped."""
    text = " ".join(text.split()).replace("\\", "\\\\")
    return _UNSAFE_IN_DOCSTRING.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char == '"':
        return '\\"'
    return char if char.isprintable() else escape_character(char)
