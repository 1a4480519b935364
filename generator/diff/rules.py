"""The rules of the diff: each a function over the comparison it adds its changes to.

:class:`~.types.TypeComparison` holds the context (both APIs' models, the operation, the
changes so far) and walks the types; each rule here decides, for one kind of
difference, whether a caller of the generated client breaks, and words the change.
What breaks depends on the side: a caller *sends* request types, so a wider one is
harmless and a narrower one breaks; it *receives* response types, so the other way
round.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..ir.model import Alias, AliasRef, Choice, Constraints, Model, ModelRef
from ..ir.model import Primitive, TypeRef
from ..ir.words import describe
from .shapes import admits, bound_changes, format_relation, is_base_of, json_key
from .shapes import Relation, relation, within

if TYPE_CHECKING:
    from .types import Side, TypeComparison


def location(base: str, path: str) -> str:
    """Where a change is: ``base`` (an operation's part), then ``path`` inside it."""
    return f"{base} {path}" if path else base


def required_changed(
    comparison: TypeComparison,
    noun: str,
    old: bool,
    new: bool,
    side: Side,
    location: str,
) -> None:
    """A field, parameter or body that became required, or optional."""
    if old == new:
        return
    kind = f"{noun}-required"
    if side != "request":
        state = "required" if new else "optional"
        comparison.add(
            kind,
            side,
            location,
            False,
            f"{noun} became {state}; our response models treat every field as "
            "optional anyway",
        )
    elif new:
        comparison.add(
            kind,
            side,
            location,
            True,
            f"{noun} became required; calls without it fail",
        )
    else:
        comparison.add(kind, side, location, False, f"{noun} became optional")


def nullable_changed(
    comparison: TypeComparison,
    noun: str,
    old: bool,
    new: bool,
    side: Side,
    location: str,
) -> None:
    """A field, body, or an array's ``items`` or a map's ``values`` that may
    now, or no longer, be null. Our response models take null in any field, so a
    field that may be null breaks no parsing; null items break code that assumed
    values, and so does a null response body: the method returns None for it.
    """
    if old == new:
        return
    kind = f"{noun}-nullable"
    many = noun in ("items", "values")
    accept = "accept" if many else "accepts"
    if side == "request":
        if new:
            comparison.add(kind, side, location, False, f"{noun} now {accept} null")
        else:
            message = f"{noun} no longer {accept} null; calls sending null fail"
            comparison.add(kind, side, location, True, message)
    elif new and many:
        message = f"{noun} may now be null; code that assumed a value breaks"
        comparison.add(kind, side, location, True, message)
    elif new and noun == "body":
        message = (
            "body may now be null; the client method now returns None for a null "
            "body (its return type gains | None), so code that assumed a value breaks"
        )
        comparison.add(kind, side, location, True, message)
    elif new:
        message = (
            f"{noun} may now be null; our response models accept null anyway, "
            "but code that assumed a value should check"
        )
        comparison.add(kind, side, location, False, message)
    else:
        message = f"{noun} {'are' if many else 'is'} no longer null"
        comparison.add(kind, side, location, False, message)


def type_changed(
    comparison: TypeComparison,
    old: TypeRef,
    new: TypeRef,
    side: Side,
    location: str,
    how: Relation | None = None,
) -> None:
    """A type that holds other values now: wider, narrower or different. ``how``:
    their ``shapes.relation``, when the caller has it."""
    if how is None:
        how = relation(old, new, comparison.old_models, comparison.new_models)
    change = f"type changed from {describe(old)} to {describe(new)}"
    if (  # a model and a type alias of one name
        isinstance(old, (ModelRef, AliasRef))
        and isinstance(new, (ModelRef, AliasRef))
        and old.name == new.name
    ):
        noun, type_ = _named(old, comparison.old_models)
        before = f"{noun} {old.name}" + (f" ({type_})" if type_ else "")
        noun, type_ = _named(new, comparison.new_models)
        change = f"{before} is now a {noun}" + (f" ({type_})" if type_ else "")
    bounds: list[tuple[str, bool]] = []  # (of two primitives: listed below)
    if isinstance(old, Primitive) and isinstance(new, Primitive):
        bounds = bound_changes(old.constraints, new.constraints)
        if how == "same" and old.format != new.format:
            format_changed(comparison, old, new, side, location)
    if how == "same":
        pass
    elif (
        side != "request"
        and how != "narrower"
        and isinstance(old, Choice)
        and old.open
        and is_base_of(new, old)
    ):  # (a bound of the new type aside: those are compared below)
        message = (
            f"{change}; response enums are open in our generated client, so any "
            f"{old.type} parsed before too"
        )
        comparison.add("type-changed", side, location, False, message)
    elif how == "different":
        comparison.add(
            "type-changed", side, location, True, change + _refused(old, new)
        )
    elif side == "request":
        if how == "wider":
            aside = "bounds aside, " if bounds else ""
            message = f"{change}; {aside}it accepts every value it did before"
            comparison.add("type-changed", side, location, False, message)
        else:
            message = f"{change}; some values callers could send are now refused"
            comparison.add("type-changed", side, location, True, message)
    elif how == "narrower":
        message = f"{change}; every value it returns was possible before"
        comparison.add("type-changed", side, location, False, message)
    else:
        message = f"{change}; the client may now receive values the old type excluded"
        comparison.add("type-changed", side, location, True, message)
    # (apart from the type: a type that got wider may have a bound that admits less)
    bounds_listed(comparison, bounds, side, location)


def _refused(old: TypeRef, new: TypeRef) -> str:
    """The values of an enum that the primitive it became refuses, as words."""
    if not isinstance(old, Choice) or not isinstance(new, Primitive):
        return ""
    refused = [
        json.dumps(value)
        for value in old.values
        if within(Choice(old.type, (value,)), Primitive(new.type))
        and not admits(new, value)
    ]
    return f"; {', '.join(refused)} now refused" if refused else ""


def _named(
    type_: ModelRef | AliasRef, models: Mapping[str, Model | Alias]
) -> tuple[str, str]:
    """What the models module defines ``type_`` as: ``("model", "")``, or ``("type
    alias", "array of string")``."""
    named = models.get(type_.name)
    if isinstance(named, Alias):
        return "type alias", describe(named.type)
    return "model", ""


def format_changed(
    comparison: TypeComparison,
    old: Primitive,
    new: Primitive,
    side: Side,
    location: str,
    subject: str = "",
) -> None:
    """A format that keeps the Python type. The validators check some (``email``,
    ``int32``): like a bound, one that admits less breaks callers who send values;
    the models check none, so a response is new only to ``validate_responses``.
    ``subject``: what the format is of when it is not the value at ``location``
    (``"other properties"``, which no Python type holds), as for ``bounds_changed``."""
    how = format_relation(old, new)
    types = f"from {describe(old)} to {describe(new)}"
    if subject:
        change = f"{subject} changed {types}"
        kept, checked = "; they accept every value they did before", "; format"
        unchecked = "; the models do not check them"
    else:
        change = f"type changed {types}; the Python type stays the same"
        kept, checked = " and it accepts every value it did before", ", but format"
        unchecked = ""
    if how == "same" and not subject:
        message = change
    elif side == "request" and how in ("same", "wider"):
        message = change + kept
    elif side == "request":
        message = (
            f"{change}{checked} {new.format} is checked: some values callers could "
            "send are now refused"
        )
    else:
        message = (
            change
            + unchecked
            + (
                ""
                if how in ("same", "narrower")
                else ", validate_responses refuses what is new"
            )
        )
    kind = "extra-changed" if subject else "type-changed"
    breaking = side == "request" and how not in ("same", "wider")
    comparison.add(kind, side, location, breaking, message)


def bounds_changed(
    comparison: TypeComparison,
    old: Constraints,
    new: Constraints,
    side: Side,
    location: str,
    subject: str = "",
) -> None:
    """Bounds, lengths and patterns: the validators (and Pipedrive) check them, the
    models do not. A request that admits less breaks callers; a response that
    admits more is new only to ``validate_responses``. ``subject``: what the bounds
    are of when it is not the value at ``location`` (``"other properties"``)."""
    bounds_listed(comparison, bound_changes(old, new), side, location, subject)


def bounds_listed(
    comparison: TypeComparison,
    changes: list[tuple[str, bool]],
    side: Side,
    location: str,
    subject: str = "",
) -> None:
    """The ``changes`` of bounds ``shapes.bound_changes`` found, as ``bounds_changed``
    words and judges them."""
    kind = "extra-changed" if subject else "constraint-changed"
    for shown, narrower in changes:
        shown = f"{subject}: {shown}" if subject else shown
        if side == "request" and narrower:
            message = f"{shown}; some values callers could send are now refused"
            comparison.add(kind, side, location, True, message)
        elif side == "request":
            message = f"{shown}; it accepts every value it did before"
            comparison.add(kind, side, location, False, message)
        else:
            message = f"{shown}; the models do not check it" + (
                "" if narrower else ", validate_responses refuses what is new"
            )
            comparison.add(kind, side, location, False, message)


def choices_changed(
    comparison: TypeComparison, old: Choice, new: Choice, side: Side, location: str
) -> None:
    """Enum values removed and added: as JSON tells them apart (``true`` is not ``1``,
    though Python's ``==`` says it is; ``1.0`` is ``1``)."""
    old_values = {json_key(value) for value in old.values}
    new_values = {json_key(value) for value in new.values}
    for value in old.values:
        if json_key(value) not in new_values:
            shown = json.dumps(value)
            if side == "request":
                message = f"enum value {shown} removed; calls sending it are refused"
                comparison.add("enum-value-removed", side, location, True, message)
            else:
                message = f"enum value {shown} removed; the API no longer returns it"
                comparison.add("enum-value-removed", side, location, False, message)
    for value in new.values:
        if json_key(value) not in old_values:
            shown = json.dumps(value)
            if side == "request":
                message = f"enum value {shown} added"
                comparison.add("enum-value-added", side, location, False, message)
            elif new.open:
                message = (
                    f"enum value {shown} added; response enums are open in our "
                    "generated client, so it parsed before too"
                )
                comparison.add("enum-value-added", side, location, False, message)
            else:
                message = (
                    f"enum value {shown} added; this response enum is closed, so "
                    "a client generated from the old spec rejects it"
                )
                comparison.add("enum-value-added", side, location, True, message)


def added(
    comparison: TypeComparison,
    noun: str,
    required: bool,
    type_: str,
    side: Side,
    location: str,
    body_field: str | None = None,
) -> None:
    """A field or parameter added: a required one breaks the calls that lack it.
    ``body_field``: the request body field it is, as :class:`~.types.Change` has it."""
    kind = f"{noun}-added"
    if side == "request" and required:
        message = f"required {noun} added ({type_}); calls without it fail"
        breaking = True
    elif side == "request":
        message = f"optional {noun} added ({type_})"
        breaking = False
    else:
        message, breaking = f"{noun} added ({type_})", False
    comparison.add(kind, side, location, breaking, message, body_field=body_field)
