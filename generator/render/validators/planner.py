"""Validators: the plan of each spec's ``validators.py``, made from the IR.

``plan_validators`` decides everything the generated module holds: one check function per
distinct type a body can contain (each model, array, map and union, and each scalar type
where it stands alone, e.g. as an array item; types checked exactly alike share one, the
others' names its aliases), their readable names, the constants they share (enum sets,
declared keys, patterns), the Python expression of every test, and the reporters that
a lone type test calls (``_not_string``: its quick half is written inline).
``templates/validators/validators.py.jinja`` only prints that plan. The check functions
are ``functions.py``'s; here, the operations' validators and the plan as a whole.

The semantics are the spec's, exactly (OpenAPI 3.0): ``1.0`` is no integer, ``true`` is
no number, ``null`` passes only where the spec says ``nullable``, enums are closed. The
pydantic models' tolerance (``Choice.open``, null in any response field) plays no part.
"""

from __future__ import annotations

from dataclasses import replace

import jinja2

from ...ir.model import Api, Body, Operation
from ...ir.normalize import is_json
from .plan import (
    Alias,
    BodyValidator,
    CheckFunction,
    OperationValidators,
    Slot,
    ValidatorsPlan,
)
from .functions import FunctionPlanner
from .imports import CHECKS_NAMES, ISSUES_NAMES, runtime_names
from .recursion import mark_recursive
from .sharing import share_alike
from .rules import ANYTHING, safe_text


def plan_validators(api: Api) -> ValidatorsPlan:
    """The plan of ``validators.py`` for one spec."""
    planner = FunctionPlanner(api)
    operations = tuple(
        _operation_validators(planner, operation) for operation in api.operations
    )
    functions, aliases = share_alike(mark_recursive(planner.finished_functions()))
    functions = _loop_arrays_in_place(functions, aliases)
    plan = ValidatorsPlan(
        title=api.title,
        sha256=api.sha256,
        constants=planner.names.constants(),
        reporters=tuple(planner.reporters[kind] for kind in sorted(planner.reporters)),
        functions=functions,
        aliases=aliases,
        operations=operations,
        unchecked_patterns=tuple(sorted(planner.unchecked_patterns)),
    )
    used = runtime_names(plan)
    return replace(
        plan,
        checks_imports=_import_order(used & CHECKS_NAMES),
        issues_imports=_import_order(used & ISSUES_NAMES),
    )


def _loop_arrays_in_place(
    functions: tuple[CheckFunction, ...], aliases: tuple[Alias, ...]
) -> tuple[CheckFunction, ...]:
    """``functions`` where each property whose value is an array, checked by a
    function that tests only that it is a list, loops over the items itself, one call
    fewer: its slot knows the items' function (``ValueCheck.elements``) or, for
    scalars, their check (``Slot.items``). Not where depth is counted: there every
    call passes it on."""
    kept = {function.name: function for function in functions}
    kept.update((alias.name, kept[alias.function]) for alias in aliases)
    arrays = {
        name: function
        for name, function in kept.items()
        if function.kind == "array"
        and not (function.tests or function.depth)
        and (function.element_function is None or not function.null_elements)
    }

    def in_place(slot: Slot) -> Slot:
        array = arrays.get(slot.check.function or "")
        if array is None:
            return slot
        if array.element_function is not None:
            check = replace(slot.check, elements=array.element_function)
            return replace(slot, check=check)
        if len(array.slots) != 1:  # items of any kind: nothing to check in them
            return slot
        items = replace(array.slots[0], path=f"({slot.path}, index)", loop=None)
        return replace(slot, items=items)

    return tuple(
        (
            function
            if function.depth or not function.slots
            else replace(function, slots=tuple(map(in_place, function.slots)))
        )
        for function in functions
    )


def _import_order(names: frozenset[str]) -> tuple[str, ...]:
    """Constants, then classes, then functions, each alphabetically (as isort does)."""
    return tuple(
        sorted(names, key=lambda name: (not name.isupper(), name[0].islower(), name))
    )


def render_validators(api: Api, environment: jinja2.Environment) -> str:
    """The text of ``<api>/validators.py``, before the formatter lays it out."""
    template = environment.get_template("validators/validators.py.jinja")
    return template.render(plan=plan_validators(api))


def _operation_validators(
    planner: FunctionPlanner, operation: Operation
) -> OperationValidators:
    """The public validators of an operation's bodies: its request's, then one per
    response status."""
    where = f"{operation.method} {operation.path} ({operation.operation_id})"
    request = None
    if operation.request_body is not None:
        request = _body_validator(
            planner,
            f"validate_{operation.python_name}_request",
            operation.request_body,
            f"The request body of {where}.",
        )
    responses = tuple(
        (
            response.status,
            _body_validator(
                planner,
                f"validate_{operation.python_name}_response_"
                f"{str(response.status).lower()}",
                response.body,
                f"The {response.status} response body of {where}.",
            ),
        )
        for response in operation.responses
    )
    return OperationValidators(
        operation_id=operation.operation_id,
        request=request,
        request_entry=request.name if request else "nothing_to_check",
        responses=responses,
        validators=(*([request] if request else []), *(v for _, v in responses)),
    )


def _body_validator(
    planner: FunctionPlanner, name: str, body: Body | None, summary: str
) -> BodyValidator:
    if body is None or not is_json(body.content_type):
        return BodyValidator(
            name,
            safe_text(summary + " The spec declares no JSON body."),
            None,
            True,
        )
    function = None if body.type == ANYTHING else planner.function_for(body.type)
    return BodyValidator(name, safe_text(summary), function, body.nullable)
