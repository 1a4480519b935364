"""Which of the runtime's names a spec's ``validators.py`` imports: the ones it uses.

The checks' expressions (``rules.py``) name the runtime's tests (``is_date``, ``UUID``);
the template's fixed code names the rest where it prints a kind of function. A test
parses every generated module and holds this to what the code uses, no more, no less.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...ir.naming import identifiers_in
from .plan import CheckFunction, ValidatorsPlan

# What ``_runtime/_checks.py`` and ``_runtime/_issues.py`` offer the modules.
CHECKS_NAMES = frozenset(
    {
        "ABSENT",
        "DEPTH_EXPECTED",
        "EMAIL",
        "FIRST_ISSUE",
        "MAX_DEPTH",
        "UUID",
        "BodyValidator",
        "Issues",
        "all_strings",
        "is_date",
        "is_date_time",
        "is_finite_float",
        "is_integer",
        "is_multiple_of",
        "is_number",
        "is_one_of",
        "is_unique",
        "nothing_to_check",
        "pattern_test",
        "request_issues",
        "response_issues",
    }
)
ISSUES_NAMES = frozenset(
    {"InvalidBody", "Issue", "Path", "issue", "missing", "type_issue"}
)

# Every module's own API: validate_request/response, ensure_request/response, tables.
_ALWAYS = frozenset(
    {"BodyValidator", "InvalidBody", "Issue", "request_issues", "response_issues"}
)


def runtime_names(plan: ValidatorsPlan) -> frozenset[str]:
    """The runtime names the module of ``plan`` uses."""
    used = set(_ALWAYS)
    for expression in _printed_expressions(plan):
        used.update(identifiers_in(expression))
    if plan.functions or plan.reporters:
        used |= {"Path", "Issues"}
    if plan.reporters:
        used.add("type_issue")
    for function in plan.functions:
        used |= _function_names(function)
    validators = (v for o in plan.operations for v in o.validators)
    if any(validator.function for validator in validators):
        used.add("FIRST_ISSUE")
    return frozenset(used & (CHECKS_NAMES | ISSUES_NAMES))


def _function_names(function: CheckFunction) -> set[str]:
    """What the template prints for ``function`` besides its expressions."""
    names = set()
    if function.depth:
        names |= {"MAX_DEPTH", "DEPTH_EXPECTED", "issue"}
    if function.required:
        names.add("missing")
    if function.kind in ("object", "array", "map") or function.tag:
        names.add("type_issue")  # its value is not of its JSON type
    if function.closed or function.tests or function.kind == "union":
        names.add("issue")
    for slot in function.slots:
        if slot.all_strings:
            names.add("all_strings")
        check = slot.check
        if check.function is None and check.reporter is None:
            names.add("type_issue")
            if check.tests:
                names.add("issue")
    return names


def _printed_expressions(plan: ValidatorsPlan) -> Iterator[str]:
    """Every expression of the plan that the template prints."""
    for constant in plan.constants:
        yield constant.value
    for reporter in plan.reporters:
        if reporter.failure:
            yield reporter.failure
    for operation in plan.operations:
        yield operation.request_entry
    for function in plan.functions:
        yield from (test.failure for test in function.tests)
        for slot in function.slots:
            yield from (text for text in (slot.fetch, slot.null_guard) if text)
            check = slot.check
            if check.reporter is not None:
                yield check.quick or ""
            elif check.function is None:
                yield check.failure or ""
                yield from (test.failure for test in check.tests)
