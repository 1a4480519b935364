"""What values an IR type holds, for the diff: its structure (models followed, names
ignored), and whether one type's values are all another's (its words are
``ir.words``')."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Literal

from ..render.models import TYPED_FORMATS
from ..ir.model import (
    Alias,
    ArrayOf,
    Choice,
    Constraints,
    MapOf,
    Model,
    Primitive,
    TypeRef,
    UnionOf,
)

Shape = tuple[object, ...]
Relation = Literal["same", "wider", "narrower", "different"]


def options_of(type_: TypeRef) -> tuple[TypeRef, ...]:
    return type_.options if isinstance(type_, UnionOf) else (type_,)


def python_format(primitive: Primitive) -> str | None:
    """The format when it changes the Python type of a string (``date``), else None."""
    if primitive.type == "string" and primitive.format in TYPED_FORMATS:
        return primitive.format
    return None


def within(inner: Primitive | Choice, outer: Primitive | Choice) -> bool:
    """Is every value of ``inner`` a value of ``outer``, with the same Python type?"""
    if inner.type != outer.type and (inner.type, outer.type) != ("integer", "number"):
        return False
    if isinstance(outer, Primitive):
        return isinstance(inner, Choice) or python_format(inner) == python_format(outer)
    return isinstance(inner, Choice) and set(inner.values) <= set(outer.values)


def is_base_of(outer: TypeRef, choice: Choice) -> bool:
    return (
        isinstance(outer, Primitive) and outer.type == choice.type and not outer.format
    )


def shape_of(
    type_: TypeRef, models: Mapping[str, Model | Alias], open_models: tuple[str, ...]
) -> Shape:
    """Structure only, models and aliases followed: equal for equal types whatever the
    names."""
    if isinstance(type_, Primitive):
        return ("primitive", type_.type, type_.format)
    if isinstance(type_, Choice):
        return (
            "choice",
            type_.type,
            tuple(sorted(json.dumps(v) for v in type_.values)),
        )
    if isinstance(type_, ArrayOf):
        item = shape_of(type_.item, models, open_models)
        return ("array", item, type_.nullable_items)
    if isinstance(type_, MapOf):
        value = shape_of(type_.value, models, open_models)
        return ("map", type_.key, value, type_.nullable_values)
    if isinstance(type_, UnionOf):
        options = {shape_of(option, models, open_models) for option in type_.options}
        return ("union", tuple(sorted(options, key=repr)))
    if type_.name in open_models:
        return ("cycle", len(open_models) - open_models.index(type_.name))
    inner = (*open_models, type_.name)
    named = models[type_.name]
    if isinstance(named, Alias):
        return ("alias", shape_of(named.type, models, inner))
    fields = tuple(
        (f.name, f.required, f.nullable, shape_of(f.type, models, inner))
        for f in sorted(named.fields, key=lambda f: f.name)
    )
    return ("model", fields)


# (Constraints field, its JSON Schema keyword, True for a lower bound / False for an
# upper one / None for a rule that is either there or not)
_BOUNDS = (
    ("minimum", "minimum", True),
    ("exclusive_minimum", "exclusiveMinimum", True),
    ("min_length", "minLength", True),
    ("min_items", "minItems", True),
    ("maximum", "maximum", False),
    ("exclusive_maximum", "exclusiveMaximum", False),
    ("max_length", "maxLength", False),
    ("max_items", "maxItems", False),
    ("pattern", "pattern", None),
    ("multiple_of", "multipleOf", None),
    ("unique_items", "uniqueItems", None),
)


def _shown(value: object) -> str:
    return (
        "none"
        if value in (None, False)
        else repr(value) if isinstance(value, str) else str(value)
    )


def bound_changes(old: Constraints, new: Constraints) -> list[tuple[str, bool]]:
    """Each bound, length or pattern that changed: how, and whether the new one admits
    less (a new or other pattern counts as less)."""
    changes = []
    for name, keyword, lower in _BOUNDS:
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if name == "multiple_of" and before and after:  # 4 -> 2 admits more
            narrower = before % after != 0
        elif lower is None or isinstance(before, str) or isinstance(after, str):
            narrower = after is not None and after is not False
        elif lower:
            narrower = after is not None and (before is None or after > before)
        else:
            narrower = after is not None and (before is None or after < before)
        changes.append((f"{keyword} {_shown(before)} is now {_shown(after)}", narrower))
    return changes


def relation(
    old: TypeRef,
    new: TypeRef,
    old_models: Mapping[str, Model | Alias],
    new_models: Mapping[str, Model | Alias],
) -> Relation:
    """Does ``new`` hold the same values as ``old``, more, fewer, or others?"""
    old_shape = shape_of(old, old_models, ())
    new_shape = shape_of(new, new_models, ())
    if old_shape == new_shape:
        return "same"
    if isinstance(new, Primitive) and new.type == "any":
        return "wider"
    if isinstance(old, Primitive) and old.type == "any":
        return "narrower"
    if isinstance(old, UnionOf) or isinstance(new, UnionOf):
        olds = {shape_of(o, old_models, ()) for o in options_of(old)}
        news = {shape_of(o, new_models, ()) for o in options_of(new)}
        if olds <= news:
            return "wider"
        return "narrower" if news <= olds else "different"
    if isinstance(old, (Primitive, Choice)) and isinstance(new, (Primitive, Choice)):
        inside, holds = within(old, new), within(new, old)
        if inside and holds:
            return "same"
        if inside or holds:
            return "wider" if inside else "narrower"
    return "different"
