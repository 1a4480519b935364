"""Validators: which check functions can call themselves, and so must count how deep.

A schema that holds itself (a tree of comments, a filter of filters) makes check
functions that call one another without end but for the body's own end; a body nested
100,000 deep would take them past Python's recursion limit. The functions that can reach
such a cycle take the depth of the value they check and report an issue past
``MAX_DEPTH`` instead of going on; every other function is bounded by the schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .plan import CheckFunction


def mark_recursive(functions: list[CheckFunction]) -> list[CheckFunction]:
    """``functions`` with ``depth`` set on each that can reach a cycle of calls (or a
    union of such: every alternative of a union that counts depth takes it too)."""
    callees = {function.name: tuple(_calls(function)) for function in functions}
    deep = _reaching_cycles(callees)
    unions = [function for function in functions if function.kind == "union"]
    while True:  # a union that counts passes the depth to all its alternatives
        more = {
            option
            for union in unions
            if union.name in deep
            for option in union.options
            if option not in deep
        }
        if not more:
            break
        deep |= more
    return [
        replace(function, depth=True) if function.name in deep else function
        for function in functions
    ]


def _calls(function: CheckFunction) -> Iterable[str]:
    for slot in function.slots:
        if slot.check.function is not None:
            yield slot.check.function
    if function.extra_function is not None:
        yield function.extra_function
    if function.element_function is not None:
        yield function.element_function
    yield from function.options


def _reaching_cycles(callees: dict[str, tuple[str, ...]]) -> set[str]:
    """The names from which a cycle of calls can be reached (those on one included).

    One depth-first walk, with a list rather than recursion: a call back to a function
    still being walked closes a cycle, and marks every function walked since it; a
    function finished is deep when one of the functions it calls is.
    """
    deep: set[str] = set()
    finished: set[str] = set()
    for root in callees:
        if root in finished:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        walking: dict[str, int] = {root: 0}  # name -> its place in ``stack``
        while stack:
            name, next_callee = stack[-1]
            calls = callees[name]
            if next_callee < len(calls):
                stack[-1] = (name, next_callee + 1)
                callee = calls[next_callee]
                if callee in walking:  # a cycle: the walk from ``callee`` to here
                    deep.update(entry for entry, _ in stack[walking[callee] :])
                elif callee not in finished:
                    walking[callee] = len(stack)
                    stack.append((callee, 0))
                continue
            stack.pop()
            del walking[name]
            finished.add(name)
            if any(callee in deep for callee in calls):
                deep.add(name)
    return deep
