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


def literal_members(
    values: Iterable[object],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The literals of an enum's values that a ``Literal`` may hold, and the types of
    those it may not, each once: ``float`` for floats (mypy refuses ``Literal[0.5]``),
    ``int`` for integers beyond 64 bits (and ``-2**63``)."""
    members: list[str] = []
    others: dict[str, None] = {}
    for value in values:
        if isinstance(value, float):
            others["float"] = None
        elif beyond_literal(value):
            others["int"] = None
        else:
            members.append(literal(value))
    return tuple(members), tuple(others)


def beyond_literal(value: object) -> bool:
    """Whether ``value`` is an integer mypy refuses in a ``Literal``: it takes those
    of a signed 64-bit integer but its least."""
    return type(value) is int and not -(2**63) < value < 2**63


def literal_type(values: Iterable[object], also: str = "") -> str:
    """The type of an enum's values: ``Literal[...]``, its floats ``float`` and its
    integers a ``Literal`` cannot hold ``int`` beside it, as datamodel-code-generator
    writes them (``Literal[2] | float``; ``float`` alone when all are floats); then
    ``also`` (the type an open enum also takes), once."""
    members, others = literal_members(values)
    parts = [f"Literal[{', '.join(members)}]"] if members else []
    parts += others
    parts += [also] * bool(also)
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
