"""The rules of the diff for ``additionalProperties``: the properties a model does not
name, which no model types. A request sends them only through ``with_extra_fields``
(Any), which the validators (and Pipedrive) check; response models keep any, so only
``validate_responses`` sees a change. As in ``rules``, what breaks depends on the side.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..ir.model import AliasRef, ArrayOf, MapOf, Model, ModelRef, Primitive, TypeRef
from ..ir.model import UnionOf
from ..ir.words import describe
from .rules import bounds_changed, bounds_listed, format_changed
from .rules import location as located
from .shapes import Relation, bound_changes, extra_type, pair_types, relation

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
    alias) they are, or one a union they are has as an option, is compared as for a
    field of that type, at ``{}`` (as a map's values), ``{}(option 1)``."""
    location = located(base, path)
    before, after = extra_type(old), extra_type(new)
    if before is None and after is None:
        return
    if before is None or after is None:
        _extra_allowed(comparison, new, side, location)
        return
    nulled: Relation = "same"
    if old.nullable_extra != new.nullable_extra:
        nulled = "wider" if new.nullable_extra else "narrower"
    if _named(before, after):
        comparison.compare(before, after, side, base, path + "{}")
        how: Relation = "same"
    else:
        how = _extra_type(
            comparison, old, new, before, after, nulled, side, base, path, location
        )
    if how == "same" and nulled != "same":
        _extra_null(comparison, new.nullable_extra, side, location)


def _extra_type(
    comparison: TypeComparison,
    old: Model,
    new: Model,
    before: TypeRef,
    after: TypeRef,
    nulled: Relation,
    side: Side,
    base: str,
    path: str,
    location: str,
) -> Relation:
    """Other properties of two types (``before``, ``after``: the ``extra_type`` of
    ``old`` and ``new``; neither a model, nor a recursive type alias): a type that
    holds other values (``nulled``: whether null is now one, or no longer), and what
    a type that holds the same leaves out (``_extra_kept``). Of two unions, the
    models that are options of both are compared field by field, as a field's
    union's are, and hold the same values to the union. ``location``: ``base`` and
    ``path`` as ``rules.location`` words them. Returns how the types relate, null
    aside."""
    unions = isinstance(before, UnionOf) and isinstance(after, UnionOf)
    paired = pair_types(before, after, comparison.old_models, comparison.new_models)
    if unions:  # (its models' changes are their fields', listed at each)
        shapes = list(paired.new_shapes)
        for old_index, new_index in paired.pairs:
            if _named(paired.old[old_index], paired.new[new_index]):
                shapes[new_index] = paired.old_shapes[old_index]
        paired = replace(paired, new_shapes=tuple(shapes))
    how = relation(before, after, comparison.old_models, comparison.new_models, paired)
    subject = "other properties"
    if how == "same" and not unions:
        _extra_kept(comparison, before, after, side, location, subject)
        return how
    bounds: list[tuple[str, bool]] = []  # (of two primitives: listed below)
    if isinstance(before, Primitive) and isinstance(after, Primitive):
        bounds = bound_changes(before.constraints, after.constraints)
    if how != "same":
        both = how if nulled in ("same", how) else "different"
        _extra_changed(comparison, old, new, both, bool(bounds), side, location)
    # (apart from the type: a type that got wider may have a bound that admits less)
    bounds_listed(comparison, bounds, side, location, subject)
    for old_option, new_option, index in paired.kept():  # as for a field's union
        if unions and _named(old_option, new_option):
            where = f"{path}{{}}(option {index + 1})"
            comparison.compare(old_option, new_option, side, base, where)
        else:
            _extra_kept(comparison, old_option, new_option, side, location, subject)
    return how


def _named(old: TypeRef, new: TypeRef) -> bool:
    """A model or a recursive type alias, before or after (one that became the
    other too): compared as a field's type is."""
    return isinstance(old, ModelRef | AliasRef) or isinstance(new, ModelRef | AliasRef)


def _extra_allowed(
    comparison: TypeComparison, new: Model, side: Side, location: str
) -> None:
    """Other properties no longer allowed, or allowed now (as ``new`` says)."""
    if extra_type(new) is None:
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
    message = f"other properties are now allowed ({_extra_words(new)})" + (
        "" if side == "request" else "; validate_responses refuses what is new"
    )
    comparison.add("extra-changed", side, location, False, message)


def _extra_changed(
    comparison: TypeComparison,
    old: Model,
    new: Model,
    how: Relation,
    bounded: bool,
    side: Side,
    location: str,
) -> None:
    """Other properties whose type (or null) holds other values now: ``how``, as
    ``rules.type_changed`` words a field's (``bounded``: a bound of two primitives
    changed too, listed apart)."""
    change = f"other properties changed from {_extra_words(old)} to {_extra_words(new)}"
    if side == "request" and how == "wider":
        aside = "bounds aside, " if bounded else ""
        message = f"{change}; {aside}it accepts every value it did before"
    elif side == "request":
        message = f"{change}; some values callers could send are now refused"
    else:
        message = f"{change}; the models do not check them" + (
            "" if how == "narrower" else ", validate_responses refuses what is new"
        )
    breaking = side == "request" and how != "wider"
    comparison.add("extra-changed", side, location, breaking, message)


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
