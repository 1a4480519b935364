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
    group = {function.name: 0 for function in functions}
    count = 1
    while True:
        shapes: dict[tuple[int, CheckFunction], int] = {}
        group = {
            function.name: shapes.setdefault(
                (group[function.name], _shape(function, group)), len(shapes)
            )
            for function in functions
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


def _shape(function: CheckFunction, group: dict[str, int]) -> CheckFunction:
    """``function`` with its own names gone and the functions it calls replaced by
    their classes: what two alike functions have in common."""

    def called(name: str | None) -> str | None:
        return None if name is None else str(group[name])

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
                    function=called(slot.check.function),
                ),
            )
            for slot in function.slots
        ),
        extra_function=called(function.extra_function),
        element_function=called(function.element_function),
        options=tuple(str(group[option]) for option in function.options),
    )


# The width of the docstring's text: code is laid out by the formatter, prose by us (a
# formatter leaves a docstring's words where they are).
_DOCSTRING_WIDTH = 84


def _also(summaries: list[str]) -> tuple[str, ...]:
    text = "Also checks " + ", ".join(summaries) + ", the same shape."
    return tuple(textwrap.wrap(text, _DOCSTRING_WIDTH, break_long_words=False))
