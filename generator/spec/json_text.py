"""JSON text -> its data and the line of every node.

A ``.json`` file is JSON: Python's reader refuses what JSON has not (a trailing comma,
a comment, NaN, an integer too long to convert) with its line, and its data is the
document's. The lines come from the text itself (``_lines``): a JSON string holds no
line break, so each line's tokens are counted apart, and the data's nodes, walked in
the order they are written, take them in turn.

A surrogate's escape that is no half of a pair (Python's reader takes it; no UTF-8
text holds it) is refused at its node, its line and pointer taken from that walk.
What the walk does not vouch for (a key twice, a number that is not finite, nesting
past ``MAX_DEPTH``, more than ``MAX_NODES`` nodes) is read as YAML reads it, once the
text is written so that YAML reads it as JSON does (escaped surrogate pairs joined,
characters YAML refuses or folds escaped, long keys made explicit, all on the same
lines): which refuses it with the error and line it always gave. A lone half's escape
is then marked (YAML would refuse it first, at '#'), and refused at its node where
YAML finds no other fault.
"""

from __future__ import annotations

import json
import math
import re
import sys
from itertools import chain, count, repeat
from typing import Any

from ..errors import SpecError, escape_pointer_token
from .document import MAX_DEPTH, MAX_NODES
from .yaml_text import read_yaml


def read_json(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """The data of the JSON ``text`` of the file ``name`` and the line of each node."""
    # A byte order mark, which JSON readers may ignore (RFC 8259), as YAML's do.
    text = text.removeprefix("\ufeff")
    data = _json_data(text, name)
    if data is not _DOUBT:
        lines = _lines(text, data)
        if lines is not None:
            if _HALF.search(text):  # a surrogate's escape: may be no half of a pair
                _refuse_lone_surrogate(data, lines, name)
            return data, lines
    text, lone = _marked_lone_halves(_joined_surrogates(text))
    data, lines = read_yaml(_explicit_long_keys(_escaped_controls(text)), name)
    if lone is not None:  # YAML found no other fault: the first lone half's
        _refuse_lone_surrogate(data, lines, name, *lone)
    return data, lines


_DOUBT: Any = object()  # what ``_json_data`` gives for data YAML is to judge


def _json_data(text: str, name: str) -> Any:
    """The data of a JSON text; ``_DOUBT`` for one that YAML, which reads it for the
    lines, refuses with its line (a number that is not finite, nesting deeper than
    Python's reader goes).

    A ``.json`` file is JSON: YAML takes more (a trailing comma, a single-quoted
    string, a comment) that every other JSON reader refuses; so does Python's (NaN and
    Infinity)."""
    infinite: list[str] = []  # numbers too large to be finite (``1e400``)

    def finite(number: str) -> float:
        value = float(number)
        if not math.isfinite(value):
            infinite.append(number)
        return value

    try:
        # The whole text is read before a number that is not finite is judged: a text
        # that is no JSON after it is malformed JSON, as any other.
        data = json.loads(text, parse_constant=_not_a_number, parse_float=finite)
    except json.JSONDecodeError as error:
        raise SpecError(
            name, "#", error.lineno, f"malformed JSON: {error.msg}"
        ) from None
    except (_NotANumber, ValueError):  # NaN, or more digits than Python converts
        line, problem = _number_refused(text)
        raise SpecError(name, "#", line, f"malformed JSON: {problem}") from None
    except RecursionError:  # deeper than json's reader goes: YAML's says so, located
        return _DOUBT
    return _DOUBT if infinite else data


class _NotANumber(Exception):
    """NaN, Infinity or -Infinity, which Python's JSON reader takes and JSON has not."""


def _not_a_number(constant: str) -> None:
    raise _NotANumber(constant)


class _Unsure(Exception):
    """The walk of the data cannot vouch for its lines: YAML reads the text."""


# A JSON string, escapes included: what is inside one is never a number, a node, nor a
# key's end (in a text that is JSON, it holds no line break).
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_ANY_STRING = re.compile(_STRING)
# A number, true, false or null.
_SCALAR = re.compile(r"[-+.0-9a-zA-Z]+")
# What is left of a text once each string is one '"' and each other scalar one '0':
# tokens that start no node are dropped, only '"', '0', '{', '[' and line breaks stay.
_NOT_A_NODE = str.maketrans("", "", "}],: \t")


def _lines(text: str, data: Any) -> dict[str, int] | None:
    """The line of each node of ``data``, read from ``text``, as YAML gives it: a
    key's (its value's, for an object or array value); an item's or the root's own.
    None when the walk cannot vouch for them: more tokens than nodes (a key twice),
    more than ``MAX_NODES``, nesting past ``MAX_DEPTH``."""
    if "\r" in text:  # YAML's line breaks, which never stand inside a JSON string
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    tokens = _SCALAR.sub("0", _ANY_STRING.sub('"', text)).translate(_NOT_A_NODE)
    per_line = map(len, tokens.split("\n"))
    token_lines = list(chain.from_iterable(map(repeat, count(1), per_line)))
    if len(token_lines) > MAX_NODES:
        return None
    taken = iter(token_lines)
    next_line = taken.__next__
    lines = {"#": next_line()}
    try:
        if (type(data) is dict or type(data) is list) and data:
            _record(data, "#", 1, lines, next_line)
    except (_Unsure, StopIteration):
        return None
    if next(taken, None) is not None:  # a key twice: the data holds it once
        return None
    return lines


def _record(
    node: Any, pointer: str, depth: int, lines: dict[str, int], next_line: Any
) -> None:
    """The lines of the nodes under the non-empty ``node`` (at ``pointer``, ``depth``
    levels down), taken in the order they are written."""
    if depth >= MAX_DEPTH:  # its children would be nested too deep
        raise _Unsure
    if type(node) is dict:
        for key, value in node.items():
            line = next_line()  # the key's
            if "~" in key or "/" in key:
                key = escape_pointer_token(key)
            child = f"{pointer}/{key}"
            if type(value) is dict or type(value) is list:
                lines[child] = next_line()
                if value:
                    _record(value, child, depth + 1, lines, next_line)
            else:
                next_line()
                lines[child] = line
        return
    for index, item in enumerate(node):
        child = f"{pointer}/{index}"
        lines[child] = next_line()
        if (type(item) is dict or type(item) is list) and item:
            _record(item, child, depth + 1, lines, next_line)


# Outside a JSON string (skipped whole), a number or what Python's reader takes as one.
_JSON_NUMBER = re.compile(
    _STRING + r"|(-?Infinity|NaN|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)", re.DOTALL
)


def _number_refused(text: str) -> tuple[int, str]:
    """The line of the first number of ``text`` that JSON has not (NaN, Infinity) or that
    Python cannot convert (an integer of too many digits), and what is wrong with it."""
    for match in _JSON_NUMBER.finditer(text):
        number = match.group(1) or ""
        digits = len(number.lstrip("-"))
        if number.lstrip("-") in ("Infinity", "NaN"):
            problem = f"{number} is not a JSON number"
        elif number.lstrip("-").isdigit() and digits > sys.get_int_max_str_digits():
            problem = f"integer of {digits:,} digits: too large"
        else:
            continue
        return text.count("\n", 0, match.start(1)) + 1, problem
    return 1, "a number Python cannot read"  # pragma: no cover - found above


# A JSON escape of a character beyond the BMP: two UTF-16 halves (json.dumps writes
# "\ud83d\ude00"), which YAML, reading JSON, refuses.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


# Where such a pair could start: found at the speed of a plain search (the pattern
# above, tried at every place, takes a tenth of a second per megabyte).
_HIGH_HALF = re.compile(r"\\ud[89ab]", re.IGNORECASE)
# Either half's escape, which may stand alone: YAML refuses one that does, so a text
# with one that is no half of a pair is read the YAML way.
_HALF = re.compile(r"\\ud[89a-f]", re.IGNORECASE)


# A UTF-16 surrogate, which Python's reader makes of an escape that is no half of a
# pair (a pair, as ``json.dumps`` writes an emoji, is the character it stands for).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_lone_surrogate(
    data: Any,
    lines: dict[str, int],
    name: str,
    surrogate: re.Pattern[str] = _SURROGATE,
    code: str | None = None,
) -> None:
    """Refuse the first string of ``data`` (a key or a value, in the order they are
    written) that holds a surrogate: no character, no UTF-8 text holds it (YAML, and
    so the YAML way of reading JSON, refuses its escape). ``surrogate`` and ``code``:
    what stands for the first one and its escape, in data YAML read
    (:func:`_marked_lone_halves`)."""
    found = _lone_surrogate(data, "#", surrogate)
    if found is None:
        return
    pointer, in_key, half = found
    line = lines[pointer]
    if code is None:  # (as JSON escapes it)
        code = f"\\u{ord(half):04x}"
    lone = "a lone UTF-16 surrogate (half of a pair), no character"
    problem = f"{code} is {lone}"
    if in_key:  # said at its object: a pointer cannot hold it
        pointer, problem = pointer.rpartition("/")[0], f"a key holds {code}, {lone}"
    raise SpecError(name, pointer, line, f"malformed JSON: {problem}")


def _lone_surrogate(
    node: Any, pointer: str, surrogate: re.Pattern[str]
) -> tuple[str, bool, str] | None:
    """The pointer of the first string under ``node`` (at ``pointer``) that holds a
    ``surrogate``, whether it is a key (the pointer is then its entry's), and the
    first surrogate it holds; None if none does."""
    if type(node) is str:
        first = surrogate.search(node)
        return None if first is None else (pointer, False, first[0])
    if type(node) is dict:
        for key, value in node.items():
            child = f"{pointer}/{escape_pointer_token(key)}"
            first = surrogate.search(key)
            if first is not None:
                return child, True, first[0]
            found = _lone_surrogate(value, child, surrogate)
            if found is not None:
                return found
    elif type(node) is list:
        for index, item in enumerate(node):
            found = _lone_surrogate(item, f"{pointer}/{index}", surrogate)
            if found is not None:
                return found
    return None


# A half's escape left once the pairs are joined: one that stands alone.
_LONE_HALF = re.compile(r"(?<!\\)((?:\\\\)*)\\u(d[89a-f][0-9a-f]{2})", re.IGNORECASE)


def _marked_lone_halves(
    text: str,
) -> tuple[str, tuple[re.Pattern[str], str] | None]:
    """A JSON text (its pairs joined) whose escapes of a lone half, which YAML refuses
    in its own words at '#' before any other fault, are each the escape of a
    private-use character the text does not hold, so that YAML names the fault it
    finds (a key twice, a number not finite) at its node; and that character (as a
    pattern) with the first lone half's escape, None where there is none."""
    first = _LONE_HALF.search(text) if _HALF.search(text) else None
    if first is None:
        return text, None
    mark = next(
        chr(code)
        for code in chain(range(0xE000, 0xF900), range(0xF0000, 0xFFFFE))
        if chr(code) not in text
    )
    escape = f"\\u{ord(mark):04x}" if ord(mark) < 0x10000 else mark
    marked = _LONE_HALF.sub(lambda match: match.group(1) + escape, text)
    return marked, (re.compile(re.escape(mark)), f"\\u{first.group(2).lower()}")


def _joined_surrogates(text: str) -> str:
    """A JSON file's surrogate-pair escapes as the characters they stand for (in JSON
    every string is double-quoted, so a backslash-u is always an escape)."""
    if not _HIGH_HALF.search(text):
        return text
    return _SURROGATE_PAIR.sub(_joined, text)


# What JSON takes as it is inside a string and YAML does not: DEL, the C1 controls,
# U+FFFE and U+FFFF (its reader refuses them anywhere), and NEL, U+2028 and U+2029
# (line breaks to YAML: folded into a space, and counted as lines).
_UNREADABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _escaped_controls(text: str) -> str:
    """A JSON file's characters that YAML reads otherwise or not at all (SendGrid's
    examples hold C1 controls) as the JSON escapes of themselves, which YAML reads as
    JSON does; on the same line. Outside a string such a character is no JSON,
    escaped or not."""
    return _UNREADABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# A JSON string, and a key: a string followed by a colon.
_JSON_STRING = re.compile(_STRING + r"(\s*:)?", re.DOTALL)
# YAML reads an implicit key of at most 1,024 characters, its colon included.
_SIMPLE_KEY_ROOM = 1000


# A JSON key too long for YAML's implicit keys leaves a trace that a plain search finds
# whatever it is aligned to: an unescaped quote, 490 characters or more that hold none,
# a quote, then (after spaces) a colon; or a quote, 490 spaces or more, and a colon (a
# key and its colon past _SIMPLE_KEY_ROOM hold one or the other). Escaped backslashes
# and quotes are first made two other characters, so that they count as written.
_MAYBE_LONG_KEY = re.compile(r'"[^"]{490,}+"\s*:|"\s{490,}:')


def _explicit_long_keys(text: str) -> str:
    """A JSON text whose keys of more than 1,024 characters are written as YAML's
    explicit keys (``? "key": value``), which have no such limit; on the same line."""
    if len(text) <= _SIMPLE_KEY_ROOM:
        return text
    unescaped = text.replace("\\\\", "__").replace('\\"', "__")
    if not _MAYBE_LONG_KEY.search(unescaped):  # most specs: no key is near so long
        return text
    parts: list[str] = []
    done = 0
    for match in _JSON_STRING.finditer(text):
        if match.group(1) is not None and len(match.group()) > _SIMPLE_KEY_ROOM:
            parts += [text[done : match.start()], "? "]
            done = match.start()
    return "".join(parts) + text[done:] if parts else text


def _joined(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
