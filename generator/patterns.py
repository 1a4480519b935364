"""A spec's regular expressions (``pattern``), matched in time linear in the text.

A ``pattern`` is the spec's, and the spec is not trusted: Python's ``re`` backtracks,
so ``^(a+)+$`` against 30 ``a``s and a ``!`` takes seconds, 50 of them years. Every
match the tool makes (a ``default`` checked against its schema) and every match the
generated validators make goes to pydantic-core's Rust regex engine instead, which
pydantic already brings and whose work is linear in the text. A pattern is read as
Python's ``re`` reads it (what a spec's ``pattern`` has always meant here, and what
the check holds it to); ``readable`` spells it so the Rust engine reads it alike.

What the Rust engine cannot run (lookaround, backreferences, ``\\Z``: constructs only a
backtracking engine takes) gets no test (``linear_test`` is None): its callers say so
rather than hand the text to ``re``. ``$`` is the end of the text, as ECMA-262 (JSON
Schema's regex dialect) has it; ``re`` also takes it before a final newline.

This module imports only the standard library at import time, and pydantic-core on a
pattern's first test; the folders may all import it, as they import ``errors``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

# What ``re`` warns of while reading a pattern: a ``[`` or a doubled ``-&~|`` in a set
# (a future version may read them as nested sets and set operations), a group name
# that is no ASCII word. The pattern means today what ``readable`` spells.
_RE_WARNINGS = r"Possible (nested set|set \w+)|bad character in group name"


@contextmanager
def quiet_patterns() -> Iterator[None]:
    """Within it, ``re`` reads a spec's pattern without warning of how a later Python
    may read it (libraries that compile a spec's patterns, openapi-spec-validator's
    among them, would print those warnings on the user's terminal)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", _RE_WARNINGS, FutureWarning)
        warnings.filterwarnings("ignore", _RE_WARNINGS, DeprecationWarning)
        yield


def python_error(pattern: str) -> str | None:
    """Why Python's ``re`` cannot read ``pattern``, or None when it can."""
    try:
        with quiet_patterns():
            re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        return str(error) or type(error).__name__
    return None


def readable(pattern: str, rust: bool = False) -> str:
    """``pattern``, which Python's ``re`` reads, spelt so that ``re`` reads it the same
    without a warning and Rust's regex engine reads it as ``re`` does: within a set, a
    ``[`` and each of a doubled ``-``, ``&``, ``~``, ``|`` are escaped (``[[:alpha:]]``
    is the set of ``[``, ``:``, ``a``, ``l``, ``p``, ``h`` and then a ``]`` to ``re``,
    a POSIX class to Rust); with ``rust``, ``\\Z`` outside a set is Rust's ``\\z``
    (which ``re`` has not)."""
    out: list[str] = []
    index = 0
    in_set = False
    set_start = 0  # where the set's items begin (after ``[`` and a ``^``)
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            escaped = pattern[index + 1]
            z = rust and escaped == "Z" and not in_set
            out.append("\\z" if z else char + escaped)
            index += 2
            continue
        if not in_set:
            out.append(char)
            if char == "[":
                in_set = True
                if pattern.startswith("^", index + 1):
                    out.append("^")
                    index += 1
                set_start = index + 1
            index += 1
            continue
        if char == "]" and index > set_start:
            in_set = False
            out.append(char)
        elif char == "[" or (
            char in "-&~|" and pattern.startswith(char * 2, index) and index > set_start
        ):
            doubled = 2 if char != "[" else 1
            out.append(("\\" + char) * doubled)
            index += doubled
            continue
        else:
            out.append(char)
        index += 1
    return "".join(out)


@lru_cache(maxsize=1024)
def linear_test(pattern: str) -> Callable[[str], bool] | None:
    """Whether a text holds a match of ``pattern`` anywhere (JSON Schema's ``pattern``
    is not anchored), in time linear in the text; None for a pattern only a
    backtracking engine runs (lookaround, backreferences) or one Python cannot read."""
    if python_error(pattern) is not None:
        return None
    with quiet_patterns():
        if _parsed(readable(pattern)) != _parsed(pattern):
            return None  # a set ``readable`` cannot spell alike (``[!--]``)
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        validator = SchemaValidator(
            core_schema.str_schema(
                pattern=readable(pattern, rust=True),
                regex_engine="rust-regex",
                strict=True,
            )
        )
    except SchemaError:
        return None
    test: Callable[[str], bool] = validator.isinstance_python
    return test


def _parsed(pattern: str) -> object:
    """What ``re`` reads ``pattern`` as, as plain lists to compare."""
    from re import _parser  # type: ignore[attr-defined]

    def plain(node: object) -> object:
        if isinstance(node, _parser.SubPattern):
            return [plain(item) for item in node.data]
        if isinstance(node, (list, tuple)):
            return [plain(item) for item in node]
        return node

    return plain(_parser.parse(pattern))
