"""What every spec's ``validators`` module shares: finding a body's validator, ending a
walk at its first issue, and the tests of JSON values that do not vary with the spec
(numbers, formats, enum equality, unique items, ``multipleOf``, a spec's ``pattern``).

The generated modules import these by name, so a check reads a module global, as fast
as a function of its own. Only the standard library is imported here (and
pydantic-core by a ``pattern_test`` on its first text: the Rust regex engine).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from math import inf, isfinite
from typing import Any, Protocol

from ._issues import Issue, Punctuation


class BodyValidator(Protocol):
    def __call__(self, body: object, *, first: bool = False) -> list[Issue]: ...


def request_issues(
    validators: Mapping[str, BodyValidator],
    operation_id: str,
    body: object,
    first: bool,
) -> list[Issue]:
    """The issues of ``body`` as the request body of ``operation_id``."""
    try:
        validator = validators[operation_id]
    except KeyError:
        raise LookupError(f"no operation {operation_id!r} in this spec") from None
    return validator(body, first=first)


def response_issues(
    validators: Mapping[str, Mapping[int | str, BodyValidator]],
    operation_id: str,
    status: int,
    body: object,
    first: bool,
) -> list[Issue]:
    """The issues of ``body`` as the ``status`` response body of ``operation_id``: the
    status's own entry counts first, then its range (``"2XX"``), then ``default``."""
    try:
        responses = validators[operation_id]
    except KeyError:
        raise LookupError(f"no operation {operation_id!r} in this spec") from None
    validator = (
        responses.get(status)
        or responses.get(f"{status // 100}XX")
        or responses.get("default")
    )
    if validator is None:
        declared = ", ".join(str(code) for code in responses)
        return [Issue("", "status", f"a status of {declared}", str(status))]
    return validator(body, first=first)


def nothing_to_check(body: object, *, first: bool = False) -> list[Issue]:
    """The validator of an operation without a JSON request body."""
    return []


class Issues(Protocol):
    """Where a check puts the issues it finds: a ``list`` (every issue), or
    :data:`FIRST_ISSUE` (a walk that stops at its first issue)."""

    def append(self, issue: Issue, /) -> Issue | None: ...


class FirstIssue:
    """Where a walk that wants only a verdict puts its issues: ``append`` keeps none and
    gives the issue back, which the check returns, and every check above it, at once
    (a return, not an exception: unwinding a raise through every frame of the walk
    cost more than the issue). So one instance, ``FIRST_ISSUE``, serves every walk (and
    thread), and a valid body makes no list at all."""

    __slots__ = ()

    def append(self, issue: Issue, /) -> Issue:
        return issue


FIRST_ISSUE = FirstIssue()


# How deep checks follow a schema that holds itself; deeper, the issue is ``depth``.
MAX_DEPTH = 200
DEPTH_EXPECTED = f"at most {MAX_DEPTH} levels of nesting"
ABSENT: Any = object()  # what a check gets for a property the object does not have

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?"
    r"([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)
UUID = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
# RFC 5321 Mailbox: Dot-string or Quoted-string "@" Domain or address-literal.
EMAIL = re.compile(
    r"(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r'|"(?:[ !#-\[\]-~]|\\[ -~])*")'
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"|\[(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[A-Za-z0-9-]*[A-Za-z0-9]:[!-Z^-~]+)\])"
)


def pattern_test(pattern: str) -> Callable[[str], bool]:
    """Whether a text holds a match of ``pattern`` anywhere (JSON Schema's ``pattern``
    is not anchored), in time linear in the text, whatever the pattern: pydantic-core's
    Rust regex engine, which does not backtrack (Python's ``re`` takes years over
    ``^(a+)+$`` and 50 ``a``s and a ``!``), imported and compiled on the first text
    tested, so the module imports the standard library alone. The generator spells the
    spec's pattern as ``re`` reads it, in Rust's syntax, and writes no test of one that
    only a backtracking engine runs (lookaround, backreferences)."""
    compiled: list[Callable[[str], bool]] = []

    def search(text: str) -> bool:
        if not compiled:
            from pydantic_core import SchemaValidator, core_schema

            schema = core_schema.str_schema(
                pattern=pattern, regex_engine="rust-regex", strict=True
            )
            compiled.append(SchemaValidator(schema).isinstance_python)
        return compiled[0](text)

    return search


def all_strings(
    value: dict[Any, Any], strings: Callable[[dict[Any, Any]], tuple[Any, ...]]
) -> bool:
    """Whether the plain dict ``value`` has every key of ``strings`` (an ``itemgetter``)
    and a string at each: one look in C at the common case, an object whose string
    properties are all there. ``False`` says only that they need a look one by one (a
    key may be missing, which is no issue, or a value no string)."""
    if type(value) is not dict:  # a subclass may answer a missing key (defaultdict)
        return False
    try:
        "".join(strings(value))  # a TypeError for anything but a string
    except (KeyError, TypeError):
        return False
    return True


def is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_finite_float(value: object) -> bool:
    return type(value) is float and isfinite(value)


def is_number(value: object) -> bool:
    """An integer or a finite float: ``NaN`` and ``Infinity`` are no JSON numbers."""
    if isinstance(value, float):
        return isfinite(value)
    return isinstance(value, int) and not isinstance(value, bool)


def is_date(text: str) -> bool:
    if _DATE.fullmatch(text) is None:
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_date_time(text: str) -> bool:
    match = _DATE_TIME.fullmatch(text)
    return match is not None and is_date(match.group(1))


def is_one_of(value: object, values: tuple[Any, ...]) -> bool:
    return any(_equal(value, member) for member in values)


def _equal(one: object, two: object) -> bool:
    """JSON equality: ``true`` is not ``1``, ``1.0`` is ``1``. (Used with enum values,
    so it goes no deeper than they do.)"""
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(_equal, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return one is two
    return one == two


# What ``true`` and ``false`` are hashed as: never as ``1`` and ``0``.
_TRUE: Any = object()
_FALSE: Any = object()


def is_unique(items: list[Any]) -> bool:
    """Whether no two items are equal as JSON values; in time linear in their size.

    A string, number or null is its own key (a string never equals a number, and
    ``1`` equals ``1.0`` as in JSON); a container's key is its canonical text.
    """
    seen: set[Any] = set()
    for item in items:
        kind = type(item)
        if kind is str or kind is int or kind is float or item is None:
            key = item
        elif kind is bool:
            key = _TRUE if item else _FALSE
        else:
            key = (_canonical(item),)
        if key in seen:
            return False
        seen.add(key)
    return True


def _canonical(value: object) -> str:
    """Text equal for two values exactly when they are equal as JSON: object members
    sorted, ``1.0`` written as ``1``. Walked with a list, not recursion, so any depth
    will do."""
    pieces: list[str] = []
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if type(item) is Punctuation:
            pieces.append(item)
        elif isinstance(item, dict):
            members = sorted(
                ((_canonical_scalar(key), member) for key, member in item.items()),
                key=_first,
            )
            pending.append(Punctuation("}"))
            for key, member in reversed(members):
                pending += (Punctuation(","), member, Punctuation(key + ":"))
            pending.append(Punctuation("{"))
        elif isinstance(item, (list, tuple)):
            pending.append(Punctuation("]"))
            for element in reversed(item):
                pending += (Punctuation(","), element)
            pending.append(Punctuation("["))
        else:
            pieces.append(_canonical_scalar(item))
    return "".join(pieces)


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def _canonical_scalar(value: object) -> str:
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, float) and isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{int(value):x}"  # hexadecimal: no limit on the digits
    if isinstance(value, float):
        return float.__repr__(value)
    if isinstance(value, str):
        return str.__repr__(value)
    return f"<{type(value).__name__} {id(value)}>"


def is_multiple_of(value: Any, divisor: Any) -> bool:
    """Whether ``value / divisor`` is an integer: in floats, as openapi-core does, but
    exactly where they would overflow (``10**400``, ``1e308 / 0.1``); never an
    exception."""
    if isinstance(value, int) and isinstance(divisor, int):
        return value % divisor == 0
    if isinstance(value, float) and not isfinite(value):
        return False
    try:
        quotient = value / divisor
    except OverflowError:  # an integer too large for a float
        quotient = inf
    if isfinite(quotient):
        return bool(quotient.is_integer())
    from fractions import Fraction  # the divisor as the spec writes it: 0.1 is 1/10

    return (Fraction(value) / Fraction(repr(divisor))).denominator == 1
