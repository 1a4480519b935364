"""Python literals as black writes them, so formatting the generated code has less to do.

Spec text never reaches a generated file raw: control characters (a terminal escape,
a NUL) and invisible format characters (bidi controls such as U+202E, which make code
read otherwise than it runs) are written as escapes, by ``repr`` in literals and by
``doc_text`` in docstrings.
"""

from __future__ import annotations

import re

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
