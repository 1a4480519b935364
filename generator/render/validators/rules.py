"""Validation rules: the Python expression of every check the generated validators make.

Each rule is an expression over a name (``item``, ``value``) that is true when the value
breaks it, beside the rule's name and what it wants, for the issue the check reports.
``validation.py`` puts them where they belong; the template prints them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...ir.model import (
    AliasRef,
    ArrayOf,
    Choice,
    Constraints,
    JsonScalar,
    MapOf,
    ModelRef,
    Primitive,
    TypeRef,
)
from ...patterns import linear_test
from ..literals import doc_text, literal
from ...ir import words
from ...ir.naming import snake_case

ANYTHING = Primitive("any")  # no type at all: any value, null included
_LONGEST_NAME = 48  # a union named after more of its options gets "..._or_<n>_more"


@dataclass(frozen=True)
class Test:
    """One rule beyond the type, on a value already of the right type."""

    rule: str  # the keyword the value breaks: "enum", "format", "minimum", ...
    expected: str  # what the rule wants, for the issue: "one of 0, 1"
    failure: str  # a Python expression, true when the value breaks the rule


# Per JSON type: the quick test, ``type(x) is not T``, the answer for decoded JSON; then
# what admits subclasses (a ``StrEnum`` member is a string) but never a ``bool`` for a
# number. A value is of the wrong type when both are true.
_TYPE_FAILURES = {
    "string": ("type({0}) is not str", "not isinstance({0}, str)"),
    "integer": ("type({0}) is not int", "not is_integer({0})"),
    "number": (  # NaN and Infinity are floats but no JSON numbers
        "type({0}) is not int and not is_finite_float({0})",
        "not is_number({0})",
    ),
    "boolean": ("type({0}) is not bool", None),
    "object": ("type({0}) is not dict", "not isinstance({0}, dict)"),
    "array": ("type({0}) is not list", "not isinstance({0}, list)"),
}

# The formats checked, per JSON type: what breaks the format of ``{0}``. Other formats
# are annotations (OpenAPI: "formats are open"), as ``float`` and ``password`` are.
_FORMAT_FAILURES = {
    "string": {
        "date": "not is_date({0})",
        "date-time": "not is_date_time({0})",
        "uuid": "UUID.fullmatch({0}) is None",
        "email": "EMAIL.fullmatch({0}) is None",
    },
    "integer": {
        "int32": "not -2147483648 <= {0} <= 2147483647",
        "int64": "not -9223372036854775808 <= {0} <= 9223372036854775807",
    },
    "number": {
        "int32": "isinstance({0}, int) and not -2147483648 <= {0} <= 2147483647",
        "int64": "isinstance({0}, int) and not -9223372036854775808 <= {0} <= 9223372036854775807",
    },
}
FORMATS = tuple(
    sorted({name for formats in _FORMAT_FAILURES.values() for name in formats})
)


def type_failure(json_type: str, subject: str = "item") -> str:
    """The expression true when ``subject`` is not of ``json_type``."""
    quick, rest = _TYPE_FAILURES[json_type]
    return (quick if rest is None else f"{quick} and {rest}").format(subject)


def quick_type_failure(json_type: str) -> str:
    """The quick half of ``type_failure`` over ``item``: true for every value not of
    ``json_type`` and for no decoded JSON value of it."""
    return _TYPE_FAILURES[json_type][0].format("item")


@dataclass(frozen=True)
class Reporter:
    """``def name(item, path, issues)``: called when the quick type test failed, appends
    the type issue unless ``item`` is of the type after all (``failure`` false)."""

    name: str
    expected: str  # the JSON type
    failure: str | None  # the rest of ``type_failure``; None: the quick test is all


def reporter(json_type: str) -> Reporter:
    rest = _TYPE_FAILURES[json_type][1]
    failure = None if rest is None else rest.format("item")
    return Reporter(f"_not_{json_type}", json_type, failure)


def is_checked_format(type_: Primitive) -> bool:
    """Whether the validators check ``type_``'s format (``email``, ``int32``), not
    only name it (``password``, ``float``)."""
    return (type_.format or "") in _FORMAT_FAILURES.get(type_.type, {})


def scalar_tests(type_: Primitive, subject: str) -> tuple[Test, ...]:
    """The format and bounds of a string, integer or number."""
    tests = []
    format_failure = _FORMAT_FAILURES.get(type_.type, {}).get(type_.format or "")
    if format_failure is not None:
        tests.append(Test("format", str(type_.format), format_failure.format(subject)))
    constraints = type_.constraints
    if type_.type == "string":
        tests += _length_tests(constraints, subject)
    if type_.type in ("integer", "number"):
        tests += _number_tests(constraints, subject)
    return tuple(tests)


def _length_tests(constraints: Constraints, subject: str) -> list[Test]:
    tests = []
    if constraints.min_length is not None:
        bound = constraints.min_length
        tests.append(
            Test(
                "minLength", f"at least {bound} characters", f"len({subject}) < {bound}"
            )
        )
    if constraints.max_length is not None:
        bound = constraints.max_length
        tests.append(
            Test(
                "maxLength", f"at most {bound} characters", f"len({subject}) > {bound}"
            )
        )
    return tests


def _number_tests(constraints: Constraints, subject: str) -> list[Test]:
    bounds = (
        ("minimum", constraints.minimum, ">=", "<"),
        ("exclusiveMinimum", constraints.exclusive_minimum, ">", "<="),
        ("maximum", constraints.maximum, "<=", ">"),
        ("exclusiveMaximum", constraints.exclusive_maximum, "<", ">="),
    )
    tests = [
        Test(rule, f"{wanted} {bound!r}", f"{subject} {broken} {bound!r}")
        for rule, bound, wanted, broken in bounds
        if bound is not None
    ]
    if constraints.multiple_of is not None:
        divisor = constraints.multiple_of
        tests.append(
            Test(
                "multipleOf",
                f"a multiple of {divisor!r}",
                f"not is_multiple_of({subject}, {divisor!r})",
            )
        )
    return tests


def array_tests(constraints: Constraints, subject: str) -> tuple[Test, ...]:
    tests = []
    if constraints.min_items is not None:
        bound = constraints.min_items
        tests.append(
            Test("minItems", f"at least {_items(bound)}", f"len({subject}) < {bound}")
        )
    if constraints.max_items is not None:
        bound = constraints.max_items
        tests.append(
            Test("maxItems", f"at most {_items(bound)}", f"len({subject}) > {bound}")
        )
    if constraints.unique_items:
        failure = f"not is_unique({subject})"
        if constraints.max_items is not None:  # too long already: no need to look
            failure = f"len({subject}) <= {constraints.max_items} and {failure}"
        tests.append(Test("uniqueItems", "unique items", failure))
    return tuple(tests)


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


def frozenset_literal(values: tuple[JsonScalar, ...]) -> str:
    return "frozenset({" + ", ".join(literal(value) for value in values) + "})"


def tuple_literal(values: tuple[JsonScalar, ...]) -> str:
    return "(" + "".join(literal(value) + ", " for value in values) + ")"


# -- names and words ----------------------------------------------------------------


def type_name(type_: TypeRef) -> str:
    """A readable snake_case name of a type: ``list_of_activity``, ``date_string``."""
    if isinstance(type_, (ModelRef, AliasRef)):
        return snake_case(type_.name)
    if isinstance(type_, Primitive):
        if type_.type == "any":
            return "anything"
        if type_.format:
            return f"{snake_case(type_.format)}_{type_.type}"
        return type_.type
    if isinstance(type_, Choice):
        return "enum" if type_.type == "any" else f"{type_.type}_enum"
    if isinstance(type_, ArrayOf):
        return "list_of_" + "nullable_" * type_.nullable_items + type_name(type_.item)
    if isinstance(type_, MapOf):
        if type_.value == ANYTHING:
            return "object"
        return "map_of_" + "nullable_" * type_.nullable_values + type_name(type_.value)
    names = [type_name(option) for option in type_.options]
    joined = "_or_".join(names)
    if len(joined) > _LONGEST_NAME:
        joined = f"{names[0]}_or_{len(names) - 1}_more"
    return ("one_of_" if type_.exclusive else "any_of_") + joined


def describe(type_: TypeRef) -> str:
    """What a type is, in words, its constraints included: ``array of Activity``,
    ``string (date)``, ``integer (at least 1)``."""
    return words.describe(type_, _rule_words)


def _rule_words(type_: Primitive | ArrayOf) -> list[str]:
    """The words of what ``type_``'s constraints want, but its format."""
    if isinstance(type_, ArrayOf):
        return [test.expected for test in array_tests(type_.constraints, "value")]
    found = [t.expected for t in scalar_tests(type_, "value") if t.rule != "format"]
    pattern = type_.constraints.pattern
    if type_.type == "string" and pattern is not None and linear_test(pattern):
        found.append(f"text matching {pattern}")
    return found


# -- where and when ----------------------------------------------------------------


def null_guard(accepts_null: bool, *, is_property: bool) -> str | None:
    """When a value failing its type test is an issue: a null is one only if not allowed,
    and an absent property (``ABSENT`` from ``fetch``) is none."""
    if accepts_null:
        return "item is not None"
    return "item is not ABSENT" if is_property else None


def fetch(key: str, accepts_null: bool) -> str:
    """How a check function gets property ``key`` (an expression) of its object: an
    absent one as ``None`` where null is fine too, else as ``ABSENT``."""
    return f"value.get({key})" if accepts_null else f"value.get({key}, ABSENT)"


def path_to(key: str) -> str:
    """The expression of where property ``key`` of the value at ``path`` sits."""
    return f"(path, {literal(key)})"


def safe_text(text: str) -> str:
    """Text fit for a generated docstring."""
    return doc_text(text)
