"""The rules of the diff for ``additionalProperties``: the properties a model does not
name, which no model types. A request sends them only through ``with_extra_fields``
(Any), which the validators (and Pipedrive) check; response models keep any, so only
``validate_responses`` sees a change. As in ``rules``, what breaks depends on the side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ir.model import AliasRef, ArrayOf, MapOf, Model, ModelRef, Primitive, TypeRef
from ..ir.model import UnionOf
from ..ir.words import describe
from .rules import bounds_changed, format_changed, location as located
from .shapes import Relation, extra_type, pair_types, relation

if TYPE_CHECKING:
    from .types import Side, TypeComparison


def changed(
    comparison: TypeComparison,
    old: Model,
    new: Model,
    side: Side,
    base: str,
    path: str,
) -> None:
    """``additionalProperties``: the properties a model does not name. No model types
    them: a request sends them only through ``with_extra_fields`` (Any), which the
    validators (and Pipedrive) check; response models keep any, so only
    ``validate_responses`` sees a change, as with bounds. A model (or recursive type
    alias) they are one of is compared as for a field of that type, at ``{}`` (as a
    map's values)."""
    location = located(base, path)
    before, after = extra_type(old), extra_type(new)
    if (isinstance(before, ModelRef) and isinstance(after, ModelRef)) or (
        isinstance(before, AliasRef) and isinstance(after, AliasRef)
    ):
        comparison.compare(before, after, side, base, path + "{}")
        if old.nullable_extra != new.nullable_extra:
            _extra_null(comparison, new.nullable_extra, side, location)
        return
    if before is None and after is None:
        return
    if after is None:
        if side == "request":
            message = (
                "other properties are no longer allowed; calls sending some "
                "(with_extra_fields) are refused"
            )
        else:
            message = (
                "other properties are no longer allowed; the API no longer returns "
                "any (the models keep them anyway)"
            )
        comparison.add("extra-changed", side, location, side == "request", message)
        return
    if before is None:
        message = f"other properties are now allowed ({_extra_words(new)})" + (
            "" if side == "request" else "; validate_responses refuses what is new"
        )
        comparison.add("extra-changed", side, location, False, message)
        return
    how = relation(before, after, comparison.old_models, comparison.new_models)
    if how == "same":  # a format or bounds may have changed, and null
        _extra_kept(comparison, before, after, side, location, "other properties")
        if old.nullable_extra != new.nullable_extra:
            _extra_null(comparison, new.nullable_extra, side, location)
        return
    if old.nullable_extra != new.nullable_extra:
        now: Relation = "wider" if new.nullable_extra else "narrower"
        how = now if how == now else "different"
    change = f"other properties changed from {_extra_words(old)} to {_extra_words(new)}"
    if side == "request" and how == "wider":
        message = f"{change}; it accepts every value it did before"
    elif side == "request":
        message = f"{change}; some values callers could send are now refused"
    else:
        message = f"{change}; the models do not check them" + (
            "" if how == "narrower" else ", validate_responses refuses what is new"
        )
    breaking = side == "request" and how != "wider"
    comparison.add("extra-changed", side, location, breaking, message)
    subject = "other properties"
    if isinstance(before, Primitive) and isinstance(after, Primitive):
        # (apart from the type: a type that got wider may have a bound that admits less)
        bounds_changed(
            comparison, before.constraints, after.constraints, side, location, subject
        )
        return
    kept = pair_types(before, after, comparison.old_models, comparison.new_models)
    for old_option, new_option, _ in kept.kept():  # as for a field's union
        _extra_kept(comparison, old_option, new_option, side, location, subject)


def _extra_words(model: Model) -> str:
    type_ = extra_type(model)
    assert type_ is not None
    return "nullable " * model.nullable_extra + describe(type_)  # as ir.words' maps


def _extra_kept(
    comparison: TypeComparison,
    old: TypeRef,
    new: TypeRef,
    side: Side,
    location: str,
    subject: str,
) -> None:
    """Other properties whose type holds the same values to the models: what the
    validators check that may still have changed, a format within one JSON type and
    bounds, judged as for a field (``format_changed``, ``bounds_changed``)."""
    if isinstance(old, ArrayOf) and isinstance(new, ArrayOf):
        bounds_changed(
            comparison, old.constraints, new.constraints, side, location, subject
        )
        _extra_kept(
            comparison, old.item, new.item, side, location, f"items of {subject}"
        )
    elif isinstance(old, MapOf) and isinstance(new, MapOf):
        _extra_kept(
            comparison, old.value, new.value, side, location, f"values of {subject}"
        )
    elif isinstance(old, UnionOf) and isinstance(new, UnionOf):
        paired = pair_types(old, new, comparison.old_models, comparison.new_models)
        for old_option, new_option, _ in paired.kept():
            _extra_kept(comparison, old_option, new_option, side, location, subject)
    elif isinstance(old, Primitive) and isinstance(new, Primitive):
        if old.format != new.format:
            format_changed(comparison, old, new, side, location, subject)
        bounds_changed(
            comparison, old.constraints, new.constraints, side, location, subject
        )


def _extra_null(
    comparison: TypeComparison, nullable: bool, side: Side, location: str
) -> None:
    """Other properties of one type that may now, or no longer, be null."""
    if side == "request" and nullable:
        message = "other properties now accept null"
    elif side == "request":
        message = (
            "other properties no longer accept null; calls sending null are refused"
        )
    elif nullable:
        message = (
            "other properties may now be null; the models do not check them, "
            "validate_responses refuses what is new"
        )
    else:
        message = "other properties are no longer null; the models do not check them"
    breaking = side == "request" and not nullable
    comparison.add("extra-changed", side, location, breaking, message)
