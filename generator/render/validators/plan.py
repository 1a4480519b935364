"""Validators: the plan's types, everything ``validators.py.jinja`` prints, decided.

``validation.py`` makes the plan from the IR; ``validation_sharing.py`` merges the check
functions of types checked alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .rules import FORMATS, Reporter, Test


@dataclass(frozen=True)
class ValueCheck:
    """How one value is checked where it sits: inline tests, or a call to its function."""

    expected: str  # what the value should be, for the issue: "integer", "object"
    rule: str  # the rule a value failing ``failure`` breaks: "type" (or "enum")
    failure: str | None  # a Python expression over ``item``, true for a wrong type
    tests: tuple[Test, ...]
    function: str | None  # a model, array, map or union: its function checks it all
    accepts_null: bool
    # A type test alone: the quick half of ``failure``, then a call of ``reporter``
    # with the value (the rest of the test and the issue, written once per type).
    quick: str | None = None
    reporter: str | None = None
    # An array of objects (its function tests nothing but the type): the function of
    # its items, which a property slot calls in its own loop when the value is a list,
    # one call fewer a property.
    elements: str | None = None

    @property
    def is_trivial(self) -> bool:
        return self.failure is None and self.function is None and not self.tests


@dataclass(frozen=True)
class Slot:
    """A value a check function looks at: a property of its object, its own value, or
    each element of its array or map.

    Many properties checked alike share one slot, a loop over their keys: the module
    is a fraction of the size (so quick to format and to import), the checks as fast.
    """

    fetch: str | None  # how ``item`` is got from ``value``; None: it is the value, or
    # the loop gives it
    path: str  # a Python expression: where the value sits
    check: ValueCheck
    null_guard: str | None  # a Python expression, true when a bad ``item`` is an issue
    # A ``for`` statement that gives the values checked in turn: over keys (as
    # literals) of properties checked alike, or over the items of an array or the
    # values of a map whose elements are checked where they are, with no call.
    loop: str | None = None
    # A loop over string properties (no null, no other rule): the constant, an
    # ``itemgetter`` of their keys, that ``all_strings`` tries first.
    all_strings: str | None = None
    # An array of scalars (its function tests nothing but the type): the check of
    # each item, which the slot makes in its own loop when the value is a list.
    items: Slot | None = None


@dataclass(frozen=True)
class RequiredKey:
    key: str
    path: str  # a Python expression: where the value belongs


@dataclass(frozen=True)
class CheckFunction:
    """``def name(value, path, issues)``: appends the issues of one type to ``issues``."""

    name: str
    kind: Literal["object", "array", "map", "union", "value"]
    summary: str  # its docstring
    slots: tuple[Slot, ...] = ()  # object: its properties; value: the value itself
    required: tuple[RequiredKey, ...] = ()
    known_keys: str | None = (
        None  # constant of the declared keys, where extras are limited
    )
    closed: bool = False  # additionalProperties: false
    extra_function: str | None = None  # additionalProperties: a schema
    tests: tuple[Test, ...] = ()  # array: minItems, maxItems, uniqueItems
    # Array items, map values: their function; None: checked by a slot, or anything.
    element_function: str | None = None
    null_elements: bool = False  # a null item, value or extra property is not checked
    options: tuple[str, ...] = ()  # union: a function per alternative
    exclusive: bool = False  # union: oneOf (exactly one) rather than anyOf
    # A discriminated union: the tag's key, (tag value, function) as literals, and
    # what an unmapped tag should have been.
    tag: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    tag_expected: str = ""
    also: tuple[str, ...] = ()  # docstring lines: the types it checks for others
    # It can reach a cycle of calls (a schema that holds itself): it stops past
    # ``MAX_DEPTH`` and passes ``depth + 1`` in every call it makes.
    depth: bool = False

    @property
    def depth_argument(self) -> str:
        """What each call it makes passes after ``issues``: ``", depth + 1"`` or none."""
        return ", depth + 1" if self.depth else ""


@dataclass(frozen=True)
class Alias:
    """``name = function``: a type checked exactly as another is shares its function."""

    name: str
    function: str


@dataclass(frozen=True)
class Constant:
    name: str
    value: str  # a Python expression


@dataclass(frozen=True)
class BodyValidator:
    """``def name(body) -> list[Issue]``: the public validator of one body."""

    name: str
    summary: str  # its docstring
    function: (
        str | None
    )  # the check function of the body's type; None: nothing to check
    accepts_null: bool


@dataclass(frozen=True)
class OperationValidators:
    operation_id: str  # as the spec writes it
    request: BodyValidator | None
    request_entry: str  # what ``validate_request`` calls: the validator, or a no-op
    responses: tuple[tuple[int | str, BodyValidator], ...]  # by status, spec order
    validators: tuple[BodyValidator, ...]  # the request's (if any), then the responses'


@dataclass(frozen=True)
class ValidatorsPlan:
    title: str
    sha256: str
    constants: tuple[Constant, ...]
    reporters: tuple[Reporter, ...]
    functions: tuple[CheckFunction, ...]
    aliases: tuple[Alias, ...]
    operations: tuple[OperationValidators, ...]
    formats: tuple[str, ...] = FORMATS
    # The runtime names the module uses, in import order: ``_checks``'s, ``_issues``'s.
    checks_imports: tuple[str, ...] = ()
    issues_imports: tuple[str, ...] = ()
    # The spec's patterns no test checks: only a backtracking engine runs them.
    unchecked_patterns: tuple[str, ...] = ()

    @property
    def gets_items(self) -> bool:
        """Whether a constant is an ``itemgetter``: the module imports it."""
        return any(c.value.startswith("itemgetter(") for c in self.constants)

    @property
    def declares_items(self) -> bool:
        """Whether a function looks at values in slots, as ``item: Any``."""
        return any(function.slots for function in self.functions)
