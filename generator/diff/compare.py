"""``diff_apis``: what changed between two IRs for a caller of the generated client.

Operations are matched by operationId, then the rest by method and path. Each change
is classified for a caller: does code that worked against the old API still work?
Changes to the client as a whole (its constructor) and to who may call an operation
and where it is sent come from ``client``; those to the client method's keywords from
``keywords``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ir.words import describe
from . import rules
from .client import CLIENT, diff_access, diff_client, generated, scheme_keywords
from .keywords import fields_moved, keywords, keywords_changed
from .models import diff_models, named_types, reached
from .types import Change, Expanded, Side, TypeComparison, parameter_at
from ..ir.model import Api, Body, Operation, Parameter, Response

SIDES: tuple[Side, ...] = ("operation", "request", "response")


def diff_apis(old: Api, new: Api) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, sorted by operation, then side."""
    pairs, removed, added = match_operations(old, new)
    old_models = named_types(old)
    new_models = named_types(new)
    expanded: Expanded = {}
    old_client, new_client = generated(old), generated(new)  # (once, for every op)
    changes, renamed = diff_client(old_client, new_client)
    old_schemes, new_schemes = scheme_keywords(old_client), scheme_keywords(new_client)
    for operation in removed:
        message = f"operation removed ({operation.method} {operation.path})"
        changes.append(
            Change(
                "operation-removed",
                "operation",
                operation.operation_id,
                operation.operation_id,
                True,
                message,
            )
        )
    for operation in added:
        message = f"operation added ({operation.method} {operation.path})"
        changes.append(
            Change(
                "operation-added",
                "operation",
                operation.operation_id,
                operation.operation_id,
                False,
                message,
            )
        )
    old_words, new_words = keywords(old), keywords(new)
    for old_operation, new_operation in pairs:
        comparison = TypeComparison(
            old_models, new_models, new_operation.operation_id, expanded
        )
        _operation(comparison, old_operation, new_operation)
        keywords_changed(
            comparison,
            old_words[old_operation.operation_id],
            new_words[new_operation.operation_id],
        )
        fields_moved(
            comparison,
            old_operation,
            new_operation,
            old_words[old_operation.operation_id],
            new_words[new_operation.operation_id],
        )
        changes.extend(comparison.changes)
        changes.extend(
            diff_access(old_schemes, new_schemes, old_operation, new_operation, renamed)
        )
    changes += diff_models(
        old_models,
        new_models,
        reached(old, old_models),
        reached(new, new_models),
        expanded,
    )
    return sort_changes(changes)


def sort_changes(changes: Sequence[Change]) -> tuple[Change, ...]:
    """The client's first, then by operation, then operation/request/response; spec
    order within those."""
    return tuple(
        sorted(
            changes,
            key=lambda c: (c.operation != CLIENT, c.operation, SIDES.index(c.side)),
        )
    )


def match_operations(
    old: Api, new: Api
) -> tuple[list[tuple[Operation, Operation]], list[Operation], list[Operation]]:
    """(old, new) pairs, then the removed and the added operations, each sorted."""
    new_by_id = {operation.operation_id: operation for operation in new.operations}
    pairs: list[tuple[Operation, Operation]] = []
    unmatched_old: list[Operation] = []
    for operation in old.operations:
        twin = new_by_id.pop(operation.operation_id, None)
        if twin is None:
            unmatched_old.append(operation)
        else:
            pairs.append((operation, twin))
    new_by_route = {route(operation): operation for operation in new_by_id.values()}
    removed: list[Operation] = []
    for operation in unmatched_old:
        twin = new_by_route.pop(route(operation), None)
        if twin is None:
            removed.append(operation)
        else:
            pairs.append((operation, twin))
    added = list(new_by_route.values())
    return (
        sorted(pairs, key=lambda pair: pair[1].operation_id),
        sorted(removed, key=lambda operation: operation.operation_id),
        sorted(added, key=lambda operation: operation.operation_id),
    )


def route(operation: Operation) -> tuple[str, str]:
    """Where an operation is served: what pairs it with its other version."""
    return operation.method, operation.path


def _operation(comparison: TypeComparison, old: Operation, new: Operation) -> None:
    where = new.operation_id
    if old.operation_id != new.operation_id:
        if old.python_name != new.python_name:
            message = (
                f"operationId {old.operation_id} is now {new.operation_id}: the client "
                f"method {old.python_name}() is now {new.python_name}()"
            )
        else:  # the validators look operations up by operationId
            message = (
                f"operationId {old.operation_id} is now {new.operation_id}: "
                f"validate_request({old.operation_id!r}, ...) no longer finds it"
            )
        comparison.add("operation-renamed", "operation", where, True, message)
    if route(old) != route(new):
        message = (
            f"now {new.method} {new.path} (was {old.method} {old.path}); the client "
            "method keeps its name"
        )
        comparison.add("operation-moved", "operation", where, False, message)
    if old.deprecated != new.deprecated:
        state = "deprecated" if new.deprecated else "no longer deprecated"
        comparison.add("operation-deprecated", "operation", where, False, state)
    _parameters(comparison, old.parameters, new.parameters)
    _request_body(comparison, old.request_body, new.request_body)
    _responses(comparison, old.responses, new.responses)


def _parameters(
    comparison: TypeComparison,
    old: Sequence[Parameter],
    new: Sequence[Parameter],
) -> None:
    """Parameters matched as a caller passes them: by location and name, else by
    keyword (a header's name in another case, one moved from the query to a header)."""
    new_by_key = {(p.where, p.name): p for p in new}
    pairs: list[tuple[Parameter, Parameter | None]] = [
        (p, new_by_key.pop((p.where, p.name), None)) for p in old
    ]
    new_by_word = {p.python_name: p for p in new_by_key.values()}
    pairs = [
        (p, twin if twin is not None else new_by_word.pop(p.python_name, None))
        for p, twin in pairs
    ]
    for parameter, twin in pairs:
        where = parameter_at(comparison.operation, parameter)
        word = parameter.python_name
        if twin is None:
            message = f"parameter removed; calls passing {word}= fail"
            comparison.add(
                "parameter-removed", "request", where, True, message, keyword=word
            )
            continue
        same_header = twin.where == parameter.where == "header"
        if twin.where != parameter.where or (
            twin.name != parameter.name
            and not (same_header and twin.name.lower() == parameter.name.lower())
        ):
            message = (
                f"now sent as the {twin.where} parameter {twin.name}; "
                f"{twin.python_name}= stays"
            )
            comparison.add(  # (matched by keyword: the same one)
                "parameter-moved", "request", where, False, message, keyword=word
            )
        if twin.python_name != word:
            message = f"keyword argument {word}= is now {twin.python_name}="
            comparison.add(
                "parameter-renamed", "request", where, True, message, keyword=word
            )
        rules.required_changed(
            comparison, "parameter", parameter.required, twin.required, "request", where
        )
        # (no nullable_changed: a path, query, header or cookie value has no null,
        # None is "not sent" whatever the spec says, so the generated client is the
        # same)
        comparison.compare(parameter.type, twin.type, "request", where)
    for parameter in new_by_word.values():
        where = parameter_at(comparison.operation, parameter)
        shown = describe(parameter.type)
        rules.added(
            comparison, "parameter", parameter.required, shown, "request", where
        )


def _request_body(
    comparison: TypeComparison, old: Body | None, new: Body | None
) -> None:
    where = f"{comparison.operation} request body"
    if old is None and new is None:
        return
    if old is None:
        assert new is not None
        state = "required" if new.required else "optional"
        message = f"{state} request body added ({describe(new.type)})"
        comparison.add("body-added", "request", where, new.required, message)
        return
    if new is None:
        message = "request body removed; calls sending one fail"
        comparison.add("body-removed", "request", where, True, message)
        return
    if old.content_type != new.content_type:
        message = f"content type {old.content_type} is now {new.content_type}"
        comparison.add("body-content-type", "request", where, False, message)
    rules.required_changed(
        comparison, "body", old.required, new.required, "request", where
    )
    rules.nullable_changed(
        comparison, "body", old.nullable, new.nullable, "request", where
    )
    comparison.compare(old.type, new.type, "request", where, keywords=True)


def _responses(
    comparison: TypeComparison,
    old: Sequence[Response],
    new: Sequence[Response],
) -> None:
    old_success = [r for r in old if r.is_success]
    new_success = [r for r in new if r.is_success]
    pairs: list[tuple[Response, Response]] = []
    old_statuses = sorted((r.status for r in old_success), key=str)
    new_statuses = sorted((r.status for r in new_success), key=str)
    if old_statuses != new_statuses:
        shown_old = ", ".join(map(str, old_statuses)) or "none"
        shown_new = ", ".join(map(str, new_statuses)) or "none"
        message = f"success status {shown_old} is now {shown_new}"
        where = f"{comparison.operation} response"
        comparison.add("status-changed", "response", where, True, message)
        if len(old_success) == 1 and len(new_success) == 1:
            pairs.append((old_success[0], new_success[0]))
    new_by_status = {r.status: r for r in new}
    old_statuses_all = {r.status for r in old}
    for response in old:
        twin = new_by_status.get(response.status)
        if twin is not None:
            pairs.append((response, twin))
        elif not response.is_success:
            where = f"{comparison.operation} response {response.status}"
            message = "error response no longer declared"
            comparison.add("response-removed", "response", where, False, message)
    for response in new:
        if response.status not in old_statuses_all and not response.is_success:
            where = f"{comparison.operation} response {response.status}"
            message = "error response now declared"
            comparison.add("response-added", "response", where, False, message)
    for old_response, new_response in pairs:
        _response_body(comparison, old_response, new_response)


def _response_body(comparison: TypeComparison, old: Response, new: Response) -> None:
    where = f"{comparison.operation} response {new.status} body"
    if old.body is None and new.body is None:
        return
    if old.body is None:
        assert new.body is not None
        message = f"response body added ({describe(new.body.type)})"
        comparison.add("body-added", "response", where, False, message)
        return
    if new.body is None:
        message = "response body removed; the client no longer returns a model"
        comparison.add("body-removed", "response", where, True, message)
        return
    rules.nullable_changed(
        comparison, "body", old.body.nullable, new.body.nullable, "response", where
    )
    comparison.compare(old.body.type, new.body.type, "response", where)
