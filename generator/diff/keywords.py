"""The client method's keyword arguments: what each one sets, and the changes as a
caller passes them (a keyword that sets something else now, or is gone; a body field
sent as a parameter under the same keyword)."""

from __future__ import annotations

from ..ir.model import Api, Operation
from ..render.client_view import client_view
from .types import TypeComparison


def keywords(api: Api) -> dict[str, dict[str, str]]:
    """operationId -> the client method's keyword arguments -> what each one sets (a
    body field's keyword gives way to a parameter's of the same name: ``name_``)."""
    return {
        method.operation_id: {
            argument.python_name: f"{kind} {argument.name}"
            for kind, arguments in (  # (where a parameter goes is another change)
                ("parameter", method.arguments),
                ("body field", method.body_fields),
            )
            for argument in arguments
        }
        for method in client_view(api).methods
    }


def keywords_changed(
    comparison: TypeComparison, old: dict[str, str], new: dict[str, str]
) -> None:
    """A keyword that sets something else now, or that the method no longer takes
    while what it set is still there (a union body whose discriminator is gone takes
    ``body=`` only): calls passing it fail. One whose parameter or body field is gone
    is reported as that."""
    gone = {  # the body fields reported removed; "": the whole body
        (
            change.location.rpartition(" request body .")[2]
            if change.kind == "field-removed"
            else ""
        )
        for change in comparison.changes
        if change.kind in ("field-removed", "body-removed")
    }
    for word in sorted(old.keys() - new.keys()):
        field = old[word].removeprefix("body field ")
        said = any(f" {word}= " in change.message for change in comparison.changes)
        if said or (field != old[word] and ({field, ""} & gone)):
            continue
        message = (
            f"keyword {word}= removed (it set the {old[word]}); calls passing it fail"
        )
        comparison.add(
            "keyword-removed", "request", comparison.operation, True, message
        )
    for word in sorted(old.keys() & new.keys()):
        if old[word].startswith("parameter") and new[word].startswith("parameter"):
            continue  # the parameters are matched by keyword: see compare._parameters
        if old[word] != new[word]:
            message = (
                f"keyword {word}= now sets the {new[word]} (it set the {old[word]})"
            )
            where = comparison.operation
            comparison.add("keyword-changed", "request", where, True, message)


def fields_moved(
    comparison: TypeComparison,
    new_operation: Operation,
    old: dict[str, str],
    new: dict[str, str],
) -> None:
    """A body field that became a parameter of the same keyword, which the body no
    longer has: the caller's call is unchanged, so one compatible change replaces the
    field removed, the parameter added and the keyword changed."""
    for word in sorted(old.keys() & new.keys()):
        field = old[word].removeprefix("body field ")
        if field == old[word] or not new[word].startswith("parameter"):
            continue
        if old[word] in new.values():
            continue  # the field is still there, under another keyword
        parameter = next(p for p in new_operation.parameters if p.python_name == word)
        where = f"{comparison.operation} {parameter.where} parameter {parameter.name}"
        dropped = {
            ("field-removed", f"{comparison.operation} request body .{field}"),
            ("parameter-added", where),
            ("keyword-changed", comparison.operation),
        }
        kept = [
            c
            for c in comparison.changes
            if (c.kind, c.location) not in dropped
            or (c.kind == "keyword-changed" and f" {word}= " not in c.message)
        ]
        required = any(
            c.kind == "parameter-added" and c.location == where and c.breaking
            for c in comparison.changes
        )
        comparison.changes[:] = kept
        message = (
            f"the body field {field} is now sent as the {parameter.where} parameter "
            f"{parameter.name}; {word}= stays"
            + (" and is now required" if required else "")
        )
        comparison.add("parameter-moved", "request", where, required, message)
