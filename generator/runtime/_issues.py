"""What a check of a body against the spec says: :class:`Issue` and :class:`InvalidBody`.

Every spec's ``validators`` module and the client's opt-in validation speak this one
vocabulary, so ``except InvalidBody`` catches what any of them raises::

    ValueError
    └── InvalidBody                     a spec's ensure_request / ensure_response
        ├── RequestValidationError      the client, validate_requests=True
        └── ResponseValidationError     the client, validate_responses=True

(The client's two are :class:`PipedriveError` s as well.) This module imports nothing
but the standard library: the validators work without the client, and without httpx.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from json.encoder import encode_basestring
from math import isfinite
from typing import Any, NamedTuple, cast


class Issue(NamedTuple):
    """One way a body breaks the spec. (A named tuple: many are made quickly.)"""

    pointer: str
    """Where, as a JSON pointer into the body (RFC 6901): ``""`` is the whole body."""
    rule: str
    """The rule broken, named as the spec's keyword: ``type``, ``nullable``, ``enum``, ..."""
    expected: str
    """What the rule wants: ``integer``, ``one of 0, 1``, ``date``, ..."""
    value: str
    """A short rendering of the bad value, as JSON: ``"5"``, ``null``, ``nothing``."""

    def __str__(self) -> str:
        return (
            f"#{self.pointer}: {self.rule}: expected {self.expected}, got {self.value}"
        )


class InvalidBody(ValueError):
    """A body that breaks the spec: ``subject`` names the body, ``issues`` lists every
    way it breaks it (empty only where the client's model, not the spec's validator,
    refused a response body).

    ``str()`` is ``message`` if one is given, else the subject and every issue on a
    line of its own.
    """

    def __init__(
        self, subject: str, issues: Sequence[Issue], *, message: str | None = None
    ) -> None:
        self.subject = subject
        self.issues = tuple(issues)
        if message is None:
            lines = "".join(f"\n  {issue}" for issue in self.issues)
            count = "1 issue" if len(self.issues) == 1 else f"{len(self.issues)} issues"
            message = f"{subject} does not match the spec ({count}):{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return restored_error, (type(self), self.args), self.__dict__


def restored_error(cls: type[BaseException], args: tuple[Any, ...]) -> BaseException:
    """An exception unpickled (or deep-copied): made without its ``__init__``, whose
    keyword arguments ``args`` does not hold; pickle then sets its attributes."""
    return cls.__new__(cls, *args)


# Where a value sits: ``()`` is the body, ``(path, key)`` a property or item below
# ``path``. A pair is cheaper than a string; it becomes a JSON pointer only in an issue.
Path = tuple[Any, ...]


def issue(path: Path, rule: str, expected: str, value: object) -> Issue:
    """The issue of ``value`` at ``path``, which breaks ``rule``."""
    return _issue(Issue, (json_pointer(path), rule, expected, render(value)))


def type_issue(path: Path, rule: str, expected: str, value: object) -> Issue:
    """The issue of ``value`` at ``path``, of the wrong type: ``nullable`` for a null."""
    rule = "nullable" if value is None else rule
    return _issue(Issue, (json_pointer(path), rule, expected, render(value)))


def masked_issue(
    path: Path, rule: str, expected: str, value: object, mask: Callable[[str], str]
) -> Issue:
    """The issue of ``value`` at ``path`` as the client shows a value it was given:
    ``mask`` (hiding the client's secrets) applied to the pointer, and to the value
    before it is cut; ``missing`` stands for a property that is not there."""
    shown = "nothing" if value is MISSING else render(value, mask)
    return _issue(Issue, (mask(json_pointer(path)), rule, expected, shown))


MISSING: Any = object()  # the value of a property that is not there


def missing(path: Path) -> Issue:
    """The issue of a required property that is not there."""
    return _issue(Issue, (json_pointer(path), "required", "a value", "nothing"))


# An issue made from its four fields at once, without the named tuple's own
# ``__new__`` (a Python function): the first issue of a body is on the clock.
_issue = cast(Callable[[type[Issue], tuple[str, str, str, str]], Issue], tuple.__new__)


_RENDERED_LENGTH = 60
_END: Any = object()  # what ``next`` gives for an exhausted iterator


def render(value: object, mask: Callable[[str], str] | None = None) -> str:
    """``value`` as JSON, cut short after ``_RENDERED_LENGTH`` characters: no more of
    it is looked at, however large or deep it is. ``mask`` (the client's, hiding its
    secrets) is applied to each string and number before anything is cut, so no cut
    leaves part of a secret it would have hidden whole."""
    if value is None:  # the commonest value in a type issue: a null
        return "null"
    if not isinstance(value, (dict, list, tuple)):
        text = _scalar_text(value, mask)
        if len(text) > _RENDERED_LENGTH:
            return text[: _RENDERED_LENGTH - 3] + "..."
        return text
    pieces: list[str] = []
    size = 0
    pending: list[Iterator[Any]] = [iter((value,))]
    while pending and size <= _RENDERED_LENGTH:
        piece = next(pending[-1], _END)
        if piece is _END:
            pending.pop()
            continue
        if type(piece) is Punctuation:
            text = piece
        elif isinstance(piece, dict):
            pending.append(_members(piece, mask))
            continue
        elif isinstance(piece, (list, tuple)):
            pending.append(_elements(piece))
            continue
        else:
            text = _scalar_text(piece, mask)
        pieces.append(text)
        size += len(text)
    text = "".join(pieces)
    if len(text) > _RENDERED_LENGTH:
        return text[: _RENDERED_LENGTH - 3] + "..."
    return text


class Punctuation(str):
    """Text a walk over a value writes as it is, not a string value."""


def _elements(items: list[Any] | tuple[Any, ...]) -> Iterator[Any]:
    yield Punctuation("[")
    for index, item in enumerate(items):
        if index:
            yield Punctuation(", ")
        yield item
    yield Punctuation("]")


def _members(
    members: dict[Any, Any], mask: Callable[[str], str] | None
) -> Iterator[Any]:
    yield Punctuation("{")
    for index, (key, item) in enumerate(members.items()):
        text = key if isinstance(key, str) else _scalar_text(key)
        separator = ", " if index else ""
        yield Punctuation(separator + _scalar_text(text, mask) + ": ")
        yield item
    yield Punctuation("}")


def _scalar_text(value: object, mask: Callable[[str], str] | None = None) -> str:
    """A value that is no container as JSON shows it (other objects by ``repr``),
    ``mask`` applied to it whole first."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            text = int.__repr__(value)
        except ValueError:  # more digits than Python prints
            return f"<an integer of {value.bit_length()} bits>"
        return text if mask is None else mask(text)
    if value is None or isinstance(value, bool):
        return "null" if value is None else "true" if value else "false"
    if isinstance(value, float):
        text = float.__repr__(value) if isfinite(value) else json.dumps(value)
        return text if mask is None else mask(text)
    text = value if isinstance(value, str) else repr(value)
    if mask is not None:
        text = mask(text)
    return encode_basestring(text[: _RENDERED_LENGTH + 1])


def json_pointer(path: Path) -> str:
    """The JSON pointer (RFC 6901) of a path: ``((((), "data"), "attendees"), 0)``."""
    keys = []
    while path:
        path, key = path
        if not isinstance(key, str):
            key = str(key)
        elif "~" in key or "/" in key:
            key = key.replace("~", "~0").replace("/", "~1")
        keys.append(key)
    keys.append("")  # before the first "/"
    keys.reverse()
    return "/".join(keys)
