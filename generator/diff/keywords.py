"""The client method's keyword arguments: what each one sets, and the changes as a
caller passes them (a keyword that sets something else now, or is gone; a body field
sent as a parameter under the same keyword)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ..ir.model import Alias, Api, Field, Model, Operation, Parameter
from ..render.client_types import body_models
from ..render.client_view import client_view
from .types import TypeComparison, parameter_at


@dataclass(frozen=True)
class Sets:
    """What a keyword argument sets: a parameter or a body field, by its name (where
    a parameter goes is another change)."""

    kind: Literal["parameter", "body field"]
    name: str

    def __str__(self) -> str:  # as the messages word it
        return f"{self.kind} {self.name}"


Keywords = dict[str, Sets]  # a client method's keyword arguments, what each sets


def keywords(api: Api) -> dict[str, Keywords]:
    """operationId -> the client method's keyword arguments -> what each one sets (a
    body field's keyword gives way to a parameter's of the same name: ``name_``)."""
    return {
        method.operation_id: {
            **{a.python_name: Sets("parameter", a.name) for a in method.arguments},
            **{a.python_name: Sets("body field", a.name) for a in method.body_fields},
        }
        for method in client_view(api).methods
    }


def keywords_changed(comparison: TypeComparison, old: Keywords, new: Keywords) -> None:
    """A keyword that sets something else now, or that the method no longer takes
    while what it set is still there (a union body whose discriminator is gone takes
    ``body=`` only): calls passing it fail. One whose parameter or body field is gone
    is reported as that."""
    gone = {  # the body fields reported removed; "": the whole body
        change.body_field if change.kind == "field-removed" else ""
        for change in comparison.changes
        if change.kind in ("field-removed", "body-removed")
    }
    for word in sorted(old.keys() - new.keys()):
        said = any(change.keyword == word for change in comparison.changes)
        field = old[word].name if old[word].kind == "body field" else None
        if said or (field is not None and ({field, ""} & gone)):
            continue
        message = (
            f"keyword {word}= removed (it set the {old[word]}); calls passing it fail"
        )
        where = comparison.operation
        comparison.add("keyword-removed", "request", where, True, message, keyword=word)
    for word in sorted(old.keys() & new.keys()):
        if old[word].kind == new[word].kind == "parameter":
            continue  # the parameters are matched by keyword: see compare._parameters
        if old[word] != new[word]:
            message = (
                f"keyword {word}= now sets the {new[word]} (it set the {old[word]})"
            )
            where = comparison.operation
            comparison.add(
                "keyword-changed", "request", where, True, message, keyword=word
            )


def fields_moved(
    comparison: TypeComparison,
    old_operation: Operation,
    new_operation: Operation,
    old: Keywords,
    new: Keywords,
) -> None:
    """A body field that became a parameter of the same keyword, which the body no
    longer has, or a parameter that became a new body field of the same keyword: the
    caller's call is unchanged, so one compatible change replaces the one removed, the
    one added and the keyword changed. What the keyword takes is compared, old with
    new, as for a parameter kept (no null: a keyword left at None is not sent).

    A body the operation did not have, whose fields are all parameters moved into
    it, is no change of its own: the method builds it from those keywords. Only a call
    that passes none of them sends no body, which breaks where the body is required
    and none of the parameters was."""
    operation = comparison.operation
    unsent = ""  # the keywords without which a required new body is not sent
    body = _moved_body(old_operation, new_operation, old, new)
    if body:
        comparison.changes[:] = [
            c
            for c in comparison.changes
            if (c.kind, c.side) != ("body-added", "request")
        ]
        assert new_operation.request_body is not None
        if new_operation.request_body.required and not any(
            _parameter(old_operation, word).required for word in body
        ):
            unsent = " or ".join(f"{word}=" for word in body)
    moved = [  # (not when what it set is still there, or was, under another keyword)
        word
        for word in sorted(old.keys() & new.keys())
        if old[word].kind != new[word].kind
        and old[word] not in new.values()
        and new[word] not in old.values()
    ]
    if not moved:
        return
    old_models = _models(comparison.old_models)  # (once, for every word moved)
    new_models = _models(comparison.new_models)
    for word in moved:
        before, after = old[word], new[word]
        if before.kind == "body field":
            parameter = _parameter(new_operation, word)
            field = before.name
            where = parameter_at(operation, parameter)
            removed = ("field-removed", field)
            added = ("parameter-added", where)
            fields = _fields(old_models, old_operation, field)
            was_required = bool(fields) and all(f.required for f in fields)
            required = parameter.required and not was_required
            message = (
                f"the body field {field} is now sent as the {parameter.where} "
                f"parameter {parameter.name}; {word}= stays"
            )
        else:
            parameter = _parameter(old_operation, word)
            field = after.name
            where = parameter_at(operation, parameter)
            removed = ("parameter-removed", where)
            added = ("field-added", field)
            fields = _fields(new_models, new_operation, field)
            required = (
                bool(fields)
                and all(f.required for f in fields)
                and not parameter.required
            )
            message = f"now sent as the body field {field}; {word}= stays"
        comparison.changes[:] = [  # (a body field's, else a parameter's location)
            c
            for c in comparison.changes
            if (c.kind, c.location if c.body_field is None else c.body_field)
            not in (removed, added)
            and not (c.kind == "keyword-changed" and c.keyword == word)
        ]
        if required:
            message += " and is now required"
        elif unsent and before.kind == "parameter":
            message += (
                "; the request body is now required, and a call without "
                f"{unsent} sends none"
            )
            required = True
        comparison.add(
            "parameter-moved", "request", where, required, message, keyword=word
        )
        types = [f.type for f in fields]
        for type_ in dict.fromkeys(types):  # (a union's models may share the field)
            if before.kind == "body field":
                comparison.compare(type_, parameter.type, "request", where)
            else:
                comparison.compare(parameter.type, type_, "request", where)


def _moved_body(
    old_operation: Operation,
    new_operation: Operation,
    old: Keywords,
    new: Keywords,
) -> list[str]:
    """The keywords of a request body ``new_operation`` has and ``old_operation`` had
    not, when every one of them set a parameter that it no longer has; else none."""
    if old_operation.request_body is not None or new_operation.request_body is None:
        return []
    words = sorted(w for w, what in new.items() if what.kind == "body field")
    moved = all(
        word in old and old[word].kind == "parameter" and old[word] not in new.values()
        for word in words
    )
    return words if moved else []


def _parameter(operation: Operation, word: str) -> Parameter:
    return next(p for p in operation.parameters if p.python_name == word)


def _models(models: Mapping[str, Model | Alias]) -> dict[str, Model]:
    """The models of ``models`` (no type alias), as ``body_models`` takes them."""
    return {key: model for key, model in models.items() if isinstance(model, Model)}


def _fields(
    models: Mapping[str, Model], operation: Operation, name: str
) -> list[Field]:
    """The fields called ``name`` of the models whose fields the method takes as
    keywords (one, or each model of a discriminated union body). ``models``:
    ``_models`` of the API's, worked out once per comparison."""
    return [
        field
        for model in body_models(operation.request_body, models)
        for field in model.fields
        if field.name == name
    ]
