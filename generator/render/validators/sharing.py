"""Validators: one check function for the types checked exactly alike.

Specs repeat a shape under many names (``ActivityItemLocation``,
``AddActivityRequestLocation``): the plan keeps one function per class of alike
functions and makes the others' names its aliases, so the module is smaller, quicker to
format and to import, and every type keeps a check function of its own name.
"""

from __future__ import annotations

import textwrap
from dataclasses import replace

from .plan import Alias, CheckFunction


def share_alike(
    functions: list[CheckFunction],
) -> tuple[tuple[CheckFunction, ...], tuple[Alias, ...]]:
    """The functions to write, and the aliases of those that check exactly as one of
    them does.

    Two functions check alike when they do the same with functions that check alike:
    the classes are refined from one until they split no further (as a DFA is
    minimised), so types that hold themselves compare too. The first function of a
    class is kept.
    """
    # What a function does but for the functions it calls, numbered once; then, each
    # round, only the classes of its callees change.
    forms: dict[CheckFunction, int] = {}
    form = {
        function.name: forms.setdefault(_form(function), len(forms))
        for function in functions
    }
    callees = {function.name: _callees(function) for function in functions}
    group = {function.name: 0 for function in functions}
    count = 1
    while True:
        shapes: dict[tuple[object, ...], int] = {}
        group = {
            name: shapes.setdefault(
                (
                    group[name],
                    form[name],
                    tuple(None if c is None else group[c] for c in callees[name]),
                ),
                len(shapes),
            )
            for name in form
        }
        if len(shapes) == count:
            break
        count = len(shapes)
    kept: dict[int, CheckFunction] = {}
    served: dict[int, list[str]] = {}
    for function in functions:
        if group[function.name] in kept:
            served[group[function.name]].append(function.summary)
        else:
            kept[group[function.name]] = function
            served[group[function.name]] = []
    aliases = tuple(
        Alias(function.name, kept[group[function.name]].name)
        for function in functions
        if kept[group[function.name]] is not function
    )
    return (
        tuple(
            (
                replace(function, also=_also(served[number]))
                if served[number]
                else function
            )
            for number, function in kept.items()
        ),
        aliases,
    )


def _form(function: CheckFunction) -> CheckFunction:
    """``function`` with its own names gone and no function it calls named: what two
    alike functions have in common, but for the classes of those they call."""
    return replace(
        function,
        name="",
        summary="",
        also=(),
        slots=tuple(
            replace(
                slot,
                check=replace(
                    slot.check,
                    # A call's "expected" names its type but never reaches the code.
                    expected="" if slot.check.function else slot.check.expected,
                    function=None,
                ),
            )
            for slot in function.slots
        ),
        extra_function=None,
        element_function=None,
        options=(),
    )


def _callees(function: CheckFunction) -> tuple[str | None, ...]:
    """The functions ``function`` calls, each where its form left a blank: a slot's,
    the extra properties', the elements', then the options."""
    return (
        *(slot.check.function for slot in function.slots),
        function.extra_function,
        function.element_function,
        *function.options,
    )


# The width of the docstring's text: code is laid out by the formatter, prose by us (a
# formatter leaves a docstring's words where they are).
_DOCSTRING_WIDTH = 84


def _also(summaries: list[str]) -> tuple[str, ...]:
    text = "Also checks " + ", ".join(summaries) + ", the same shape."
    return tuple(textwrap.wrap(text, _DOCSTRING_WIDTH, break_long_words=False))
