"""What values an IR type holds, for the diff: its structure (models followed, names
ignored), and whether one type's values are all another's (its words are
``ir.words``')."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ..patterns import linear_test
from ..render.model_schemas import TYPED_FORMATS
from ..render.validators.rules import is_checked_format
from ..runtime._checks import is_multiple_of
from ..ir.model import (
    FORMAT_TESTS,
    Alias,
    AliasRef,
    ArrayOf,
    Choice,
    Constraints,
    JsonScalar,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)

Shape = tuple[object, ...]
Relation = Literal["same", "wider", "narrower", "different"]
# (old index, new index) of an option in two versions of a union
Pairs = list[tuple[int, int]]


def json_key(value: JsonScalar) -> tuple[str, object]:
    """An enum value as JSON compares it: ``1`` and ``1.0`` are one number (so are they
    to the validators), ``true`` is no number (though Python's ``==`` says it is
    ``1``)."""
    if isinstance(value, bool):
        return ("boolean", value)
    if isinstance(value, float) and not math.isfinite(value):
        return ("not finite", repr(value))
    if isinstance(value, float) and value.is_integer():
        return ("number", int(value))
    if isinstance(value, (int, float)):
        return ("number", value)
    return ("string" if isinstance(value, str) else "null", value)


def options_of(type_: TypeRef) -> tuple[TypeRef, ...]:
    return type_.options if isinstance(type_, UnionOf) else (type_,)


def extra_type(model: Model) -> TypeRef | None:
    """The type of the properties ``model`` does not name; None: it takes none."""
    if model.extra is True:
        return Primitive("any")
    return None if model.extra is False else model.extra


def python_format(primitive: Primitive) -> str | None:
    """The format when it changes the Python type of a string (``date``), else None."""
    if primitive.type == "string" and primitive.format in TYPED_FORMATS:
        return primitive.format
    return None


def checked_format(primitive: Primitive) -> str | None:
    """The format when the validators check it (``email``, ``int32``), else None (an
    annotation only: ``password``, ``float``)."""
    return primitive.format if is_checked_format(primitive) else None


# (narrower, wider) pairs of formats checked on the same JSON type
_NESTED_FORMATS = frozenset({("int32", "int64")})


def format_relation(old: Primitive, new: Primitive) -> Relation:
    """Do the validators take the same values of ``new``'s format as of ``old``'s,
    more, fewer, or others? (A format they do not check takes every value.)"""
    before, after = checked_format(old), checked_format(new)
    if before == after:
        return "same"
    if after is None or (before, after) in _NESTED_FORMATS:
        return "wider"
    if before is None or (after, before) in _NESTED_FORMATS:
        return "narrower"
    return "different"


def within(inner: Primitive | Choice, outer: Primitive | Choice) -> bool:
    """Is every value of ``inner`` a value of ``outer``, with the same Python type?
    (Of one JSON type, two formats that keep the Python type are the values of one
    type, which ``rules.format_changed`` then compares; an integer is a number of a
    format only when its own format holds no more values than that one.)"""
    if inner.type != outer.type and (inner.type, outer.type) != ("integer", "number"):
        return False
    if isinstance(outer, Primitive):
        if isinstance(inner, Choice):
            return all(admits(outer, value) for value in inner.values)
        if python_format(inner) != python_format(outer):
            return False
        return inner.type == outer.type or format_relation(inner, outer) in (
            "same",
            "wider",
        )
    return isinstance(inner, Choice) and {json_key(v) for v in inner.values} <= {
        json_key(v) for v in outer.values
    }


# what a value of a format the validators check must be (as ``validators.rules``)
_INTEGER_RANGES = {"int32": 2**31, "int64": 2**63}


def admits(primitive: Primitive, value: JsonScalar) -> bool:
    """Do the validators take ``value`` (an enum value of ``primitive``'s JSON type)
    as one of ``primitive``: its checked format, bounds, lengths and pattern? (A
    pattern only a backtracking engine runs counts as refusing.)"""
    rules = primitive.constraints
    format_ = checked_format(primitive)
    if isinstance(value, str):
        test = None if rules.pattern is None else linear_test(rules.pattern)
        return (
            (format_ is None or FORMAT_TESTS[format_](value))
            and (rules.min_length is None or len(value) >= rules.min_length)
            and (rules.max_length is None or len(value) <= rules.max_length)
            and (rules.pattern is None or (test is not None and test(value)))
        )
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    limit = _INTEGER_RANGES.get(format_ or "")
    return (
        (limit is None or not isinstance(value, int) or -limit <= value < limit)
        and (rules.minimum is None or value >= rules.minimum)
        and (rules.maximum is None or value <= rules.maximum)
        and (rules.exclusive_minimum is None or value > rules.exclusive_minimum)
        and (rules.exclusive_maximum is None or value < rules.exclusive_maximum)
        and (rules.multiple_of is None or is_multiple_of(value, rules.multiple_of))
    )


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
        values = {json_key(value) for value in type_.values}
        return ("choice", type_.type, tuple(sorted(values, key=repr)))
    if isinstance(type_, ArrayOf):
        item = shape_of(type_.item, models, open_models)
        return ("array", item, type_.nullable_items)
    if isinstance(type_, MapOf):
        value = shape_of(type_.value, models, open_models)
        return ("map", type_.key, value, type_.nullable_values)
    if isinstance(type_, UnionOf):
        options = [shape_of(option, models, open_models) for option in type_.options]
        return _union_shape(type_, options, models, open_models)
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
    extra = named.extra
    others = extra if isinstance(extra, bool) else shape_of(extra, models, inner)
    return ("model", fields, others, named.nullable_extra)


def _union_shape(
    union: UnionOf,
    options: Sequence[Shape],
    models: Mapping[str, Model | Alias],
    open_models: tuple[str, ...],
) -> Shape:
    """``shape_of`` a union whose options' shapes are ``options``."""
    return (
        "union",
        union.exclusive,
        tuple(sorted(set(options), key=repr)),
        _discriminator_shape(union, options, models, open_models),
    )


def _whole_shape(
    type_: TypeRef, options: Sequence[Shape], models: Mapping[str, Model | Alias]
) -> Shape:
    """``shape_of`` a type whose options' (``options_of``) shapes are ``options``."""
    return (
        _union_shape(type_, options, models, ())
        if isinstance(type_, UnionOf)
        else options[0]
    )


def _discriminator_shape(
    union: UnionOf,
    options: Sequence[Shape],
    models: Mapping[str, Model | Alias],
    open_models: tuple[str, ...],
) -> Shape | None:
    """The tag's key and the shape each tag value picks, whatever the options' order."""
    discriminator = union.discriminator
    if discriminator is None:
        return None
    fallback = discriminator.fallback
    base = discriminator.base
    return (
        discriminator.property,
        tuple(
            sorted(
                ((tag, options[index]) for tag, index in discriminator.tags),
                key=lambda tagged: tagged[0],
            )
        ),
        None if fallback is None else options[fallback],
        None if base is None else shape_of(base, models, open_models),
    )


def pair_options(
    old: Sequence[TypeRef],
    new: Sequence[TypeRef],
    old_shapes: Sequence[Shape],
    new_shapes: Sequence[Shape],
) -> tuple[Pairs, list[int], list[int]]:
    """Which option of the ``new`` union is which of the ``old`` one, whatever their
    order: the same model or alias by name, else an option of the same shape (each
    option's ``shape_of``, in ``old_shapes`` and ``new_shapes``); those left over are
    paired in order when as many are left on each side (an option that changed).
    Returns the pairs in the new order, the old options left (removed) and the new
    ones left (added)."""
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))
    pairs: Pairs = []

    def pair(same: Callable[[int, int], bool]) -> None:
        for old_index in list(old_left):
            for new_index in new_left:
                if same(old_index, new_index):
                    pairs.append((old_index, new_index))
                    old_left.remove(old_index)
                    new_left.remove(new_index)
                    break

    pair(lambda o, n: _name(old[o]) is not None and _name(old[o]) == _name(new[n]))
    pair(lambda o, n: old_shapes[o] == new_shapes[n])
    if len(old_left) == len(new_left):
        pairs.extend(zip(old_left, new_left))
        old_left, new_left = [], []
    return sorted(pairs, key=lambda pair: pair[1]), old_left, new_left


@dataclass(frozen=True)
class Paired:
    """The options of two types (each a union, or a type as its one option:
    ``options_of``), their shapes, and which new option is which old one
    (``pair_options``): worked out once for all a comparison asks of them."""

    old: tuple[TypeRef, ...]
    new: tuple[TypeRef, ...]
    old_shapes: tuple[Shape, ...]
    new_shapes: tuple[Shape, ...]
    pairs: Pairs
    removed: list[int]
    added: list[int]

    def kept(self) -> list[tuple[TypeRef, TypeRef, int]]:
        """The old options the new type has still, of the same shape: (old option, new
        option, its index in the new type). What a shape leaves out (a bound, a
        model's field's bound) may have changed in them."""
        return [
            (self.old[old_index], self.new[new_index], new_index)
            for old_index, new_index in self.pairs
            if self.old_shapes[old_index] == self.new_shapes[new_index]
        ]


def pair_types(
    old: TypeRef,
    new: TypeRef,
    old_models: Mapping[str, Model | Alias],
    new_models: Mapping[str, Model | Alias],
) -> Paired:
    """The options of ``old`` and ``new``, paired (:class:`Paired`)."""
    olds, news = options_of(old), options_of(new)
    old_shapes = tuple(shape_of(option, old_models, ()) for option in olds)
    new_shapes = tuple(shape_of(option, new_models, ()) for option in news)
    pairs, removed, added = pair_options(olds, news, old_shapes, new_shapes)
    return Paired(olds, news, old_shapes, new_shapes, pairs, removed, added)


def _name(option: TypeRef) -> str | None:
    return option.name if isinstance(option, (ModelRef, AliasRef)) else None


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
    paired: Paired | None = None,
) -> Relation:
    """Does ``new`` hold the same values as ``old``, more, fewer, or others?
    ``paired``: ``pair_types(old, new, ...)``, when the caller has it (the options'
    shapes are then not worked out again)."""
    olds: Sequence[Shape]
    news: Sequence[Shape]
    if paired is None:
        olds = [shape_of(option, old_models, ()) for option in options_of(old)]
        news = [shape_of(option, new_models, ()) for option in options_of(new)]
    else:
        olds, news = paired.old_shapes, paired.new_shapes
    old_shape = _whole_shape(old, olds, old_models)
    new_shape = _whole_shape(new, news, new_models)
    if old_shape == new_shape:
        return "same"
    if isinstance(new, Primitive) and new.type == "any":
        return "wider"
    if isinstance(old, Primitive) and old.type == "any":
        return "narrower"
    if isinstance(old, UnionOf) or isinstance(new, UnionOf):
        if set(olds) <= set(news):
            return "wider"
        return "narrower" if set(news) <= set(olds) else "different"
    if isinstance(old, (Primitive, Choice)) and isinstance(new, (Primitive, Choice)):
        inside, holds = within(old, new), within(new, old)
        if inside and holds:
            return "same"
        if inside or holds:
            return "wider" if inside else "narrower"
    return "different"
