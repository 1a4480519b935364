"""allOf folded into one schema (a value must meet every part), and the parts that
contradict one another found on the way.

``merge_all_of`` is the fold; ``_check_properties`` finds a property two parts define
so that no value meets both, ``_check_extras`` two ``additionalProperties`` no extra
property meets both of, which ``schemas`` turns into located warnings. Pure: no
function mutates its argument.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import reduce
from typing import Any

from .normalize import (
    NOT_SHAPE,
    NormalizeError,
    Overridden,
    canonical_shape,
    is_annotation_only,
    is_object,
)


def merge_all_of(
    schema: Mapping[str, Any],
    within: tuple[int, ...] = (),
    compared: frozenset[tuple[int, int]] = frozenset(),
    notes: list[NormalizeError] | None = None,
) -> dict[str, Any]:
    """Fold ``allOf`` into one schema: a value must meet every part.

    Objects merge their properties (a later part wins a clash: where no value meets
    both definitions, a ``contradiction`` goes to ``notes``, see ``_check_properties``;
    ``compared``: the pairs of property schemas being compared already) and their
    ``required`` lists; of their ``additionalProperties`` the widest is used (see
    ``_check_extras``, which notes those it contradicts). A part that only qualifies (``nullable``, ``readOnly``, ``default``,
    ``required``, a bound, a ``pattern``, a ``format``, an ``enum``: no type of its own)
    applies to what the other parts make, object or scalar; scalar parts of one type
    merge their constraints. Only a true contradiction, such as a string that must also
    be an integer, is an error, as is an ``allOf`` that holds itself (``within``: the
    schemas whose ``allOf`` this one is in).
    """
    if id(schema) in within:
        raise NormalizeError("allOf holds the schema it is in", "allOf")
    # the whole allOf typed (not a part's own, nor two definitions compared)
    outermost = notes is not None and not within and not compared
    within = (*within, id(schema))
    # (OpenAPI 3.1's ``true`` schema adds nothing to an allOf)
    parts = [part for part in schema["allOf"] if part is not True] or [{}]
    if any(not isinstance(part, Mapping) for part in parts):
        raise NormalizeError("allOf holds something that is not a schema", "allOf")
    originals = parts
    parts = [
        merge_all_of(part, within, compared, notes) if "allOf" in part else dict(part)
        for part in parts
    ]
    # An empty enum beside the parts means theirs (Discord's spec writes its enums so:
    # ``{type: string, enum: [], allOf: [{$ref: Status}]}``); alone it stays an error.
    outer = {
        key: value
        for key, value in schema.items()
        if key != "allOf" and not (key == "enum" and value == [])
    }
    parts = [part for part in parts if not is_annotation_only(part)] or parts[:1]
    qualifiers = [part for part in parts if _qualifies_only(part)]
    typed = [part for part in parts if not _qualifies_only(part)]
    objects = [part for part in typed if is_object(part)]
    if not objects:
        merged = _merge_scalars(typed, [*qualifiers, outer])
        return {**merged, **_annotations_of(outer)}
    if len(objects) != len(typed):
        kinds = sorted({_kind_of(part) for part in typed})
        raise NormalizeError(
            "allOf requires a value to be " + " and ".join(kinds) + " at once",
            "allOf",
            contradiction=_contradictory(kinds),
        )
    holders = [*originals, {"properties": schema.get("properties")}]
    _check_properties(holders, compared, notes)
    if outermost and notes is not None:
        _check_extras(originals, schema, notes)
    merged = {"type": "object"}
    properties: dict[str, Any] = {}
    required: list[str] = []
    extra: Any = None
    for part in [*objects, *qualifiers, outer]:
        properties.update(part.get("properties") or {})
        required.extend(
            name for name in part.get("required") or () if name not in required
        )
        if "additionalProperties" in part:
            extra = _wider_extra(extra, part["additionalProperties"])
    merged["properties"] = properties
    if required:
        merged["required"] = required
    if extra is not None:
        merged["additionalProperties"] = extra
    merged.update(_flags_of([*objects, *qualifiers, outer]))
    for key in ("title", "description"):
        if key in outer:
            merged[key] = outer[key]
    return merged


# What a part of an allOf may say without giving a type of its own: it qualifies the
# type the other parts give.
_QUALIFIERS = NOT_SHAPE | {
    "nullable", "readOnly", "writeOnly", "deprecated", "default", "required",
    "maxLength", "minLength", "pattern", "format", "enum", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
    "uniqueItems", "minProperties", "maxProperties", "xml", "discriminator",
}  # fmt: skip
_FLAGS = ("readOnly", "writeOnly", "deprecated")
_UPPER_BOUNDS = ("maxLength", "maximum", "maxItems", "maxProperties")
_LOWER_BOUNDS = ("minLength", "minimum", "minItems", "minProperties")


def _check_properties(
    parts: Sequence[Any],
    compared: frozenset[tuple[int, int]],
    notes: list[NormalizeError] | None,
) -> None:
    """Find a property that two parts of an allOf (at any depth of their own
    ``allOf``) define so that no value meets both (a string in one, an object in the
    other). The definition that comes last wins (a subtype that overrides a property,
    as datamodel-code-generator reads it): one note located there names each earlier
    definition it contradicts (``overrides``), added to ``notes``, or raised where there
    are no notes (one comparison inside another). A refinement (a bound, a format, a
    description, ``nullable``, the same ``$ref``) is no contradiction. Each earlier
    definition is compared with the winner only: one comparison each."""
    places: dict[str, dict[int, tuple[Mapping[str, Any], Any]]] = {}
    for holder, name, definition in _property_definitions(parts, ()):
        seen = places.setdefault(name, {})
        seen.pop(id(definition), None)  # it counts where it comes last
        seen[id(definition)] = (holder, definition)
    for name, seen in places.items():
        *earlier, (holder, winner) = seen.values()
        overridden, deeper = _sort_conflicts(
            (before_holder, (name,), _conflicts(before, winner, compared))
            for before_holder, before in earlier
        )
        found = [_override(holder, (name,), overridden)] if overridden else []
        found += deeper
        if found and notes is None:
            raise found[0]
        if notes is not None:
            notes.extend(found)


def _override(
    node: object, tokens: tuple[object, ...], overridden: Sequence[Overridden]
) -> NormalizeError:
    return NormalizeError(
        overridden[0].reason,
        *tokens,
        node=node,
        contradiction=True,
        overrides=tuple(overridden),
    )


def _sort_conflicts(
    earlier: Iterable[tuple[object, tuple[object, ...], list[NormalizeError]]],
) -> tuple[list[Overridden], list[NormalizeError]]:
    """The conflicts of earlier definitions (the node each is below, its tokens from
    there, its ``_conflicts``) with the one used: a contradiction of the definitions
    themselves (no ``node``) as what that one overrides, those inside them as is."""
    overridden: list[Overridden] = []
    deeper: list[NormalizeError] = []
    for holder, tokens, conflicts in earlier:
        for conflict in conflicts:
            if conflict.node is None:
                overridden.append(Overridden(holder, tokens, str(conflict)))
            else:
                deeper.append(conflict)
    return overridden, deeper


def _conflicts(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    compared: frozenset[tuple[int, int]],
) -> list[NormalizeError]:
    """Why no value meets both ``before`` and ``after`` (the definition used): the
    contradiction of the two (the one error, with no ``node``), else a note for each
    property, ``items`` or ``additionalProperties`` schema of ``after`` (at any depth)
    that contradicts its counterpart in ``before`` (array items and map values compared
    as nested properties are); none where a value meets both."""
    pair = (id(before), id(after))
    if before is after or pair in compared:
        return []
    compared = compared | {pair}
    found: list[NormalizeError] = []
    try:
        merge_all_of({"allOf": [before, after]}, (), compared, found)
    except NormalizeError as error:
        if error.contradiction:
            return [error]
    for key in ("items", "additionalProperties"):
        inner_before, inner_after = before.get(key), after.get(key)
        if not (isinstance(inner_before, Mapping) and isinstance(inner_after, Mapping)):
            continue
        inner = _conflicts(inner_before, inner_after, compared)
        overridden, deeper = _sort_conflicts([(before, (key,), inner)])
        if overridden:
            found.append(_override(after, (key,), overridden))
        found += deeper
    return found


# Why an extra property's value meets no ``additionalProperties: false`` and another.
_NO_EXTRA = "additionalProperties false allows no property beyond those defined"


def _check_extras(
    parts: Sequence[Any],
    schema: Mapping[str, Any],
    notes: list[NormalizeError],
) -> None:
    """Where the parts of an allOf (at any depth of their own ``allOf``) and ``schema``
    beside them say ``additionalProperties`` so that no extra property's value meets
    two of them (``false`` and any other, two schemas as ``_conflicts`` finds them):
    one note at the definition the merge uses (``true`` over any, else the first
    schema: ``_wider_extra``) naming each it overrides so, and one for each
    contradiction inside two schemas, added to ``notes``."""
    said = list(_extra_definitions(parts, ()))
    if "additionalProperties" in schema:
        said.append((schema, schema["additionalProperties"]))
    winner = reduce(_wider_extra, (value for _, value in said), None)
    if winner is None or winner is False:  # false alone, or nothing said
        return
    holder = next(holder for holder, value in said if value is winner)
    overridden, deeper = _sort_conflicts(
        (before_holder, ("additionalProperties",), _extra_conflicts(before, winner))
        for before_holder, before in dict((id(h), (h, v)) for h, v in said).values()
        if before_holder is not holder and before is not winner
    )
    if overridden:
        notes.append(_override(holder, ("additionalProperties",), overridden))
    notes.extend(deeper)


def _extra_conflicts(before: Any, winner: Any) -> list[NormalizeError]:
    """Why no extra property's value meets both the ``additionalProperties``
    ``before`` and ``winner`` (the one used): ``false`` allows none, two schemas
    conflict as ``_conflicts`` finds."""
    if before is False:
        return [NormalizeError(_NO_EXTRA)]
    if isinstance(before, Mapping) and isinstance(winner, Mapping):
        return _conflicts(before, winner, frozenset())
    return []


def _extra_definitions(
    parts: Sequence[Any], within: tuple[int, ...]
) -> Iterator[tuple[Mapping[str, Any], Any]]:
    """Each ``additionalProperties`` the parts of an allOf say (those of a part's own
    ``allOf`` first), with the part that says it."""
    for part in parts:
        if not isinstance(part, Mapping) or id(part) in within:
            continue
        inner = part.get("allOf")
        if isinstance(inner, list):
            yield from _extra_definitions(inner, (*within, id(part)))
        if "additionalProperties" in part:
            yield part, part["additionalProperties"]


def _property_definitions(
    parts: Sequence[Any], within: tuple[int, ...]
) -> Iterator[tuple[Mapping[str, Any], str, Any]]:
    """Each property schema the parts of an allOf define (those of a part's own
    ``allOf`` first), with the ``properties`` that holds it and its name."""
    for part in parts:
        if not isinstance(part, Mapping) or id(part) in within:
            continue
        inner = part.get("allOf")
        if isinstance(inner, list):
            yield from _property_definitions(inner, (*within, id(part)))
        properties = part.get("properties")
        if isinstance(properties, Mapping):
            for name, definition in properties.items():
                if isinstance(definition, Mapping):
                    yield properties, str(name), definition


def _contradictory(kinds: Iterable[str]) -> bool:
    """Whether no value is of every kind of ``kinds`` (``_kind_of``): never where one
    is a union (its alternatives may meet the others), nor of integer and number."""
    kinds = {"number" if kind == "integer" else kind for kind in kinds}
    return "a union" not in kinds and len(kinds) > 1


def _qualifies_only(part: Mapping[str, Any]) -> bool:
    return all(str(key) in _QUALIFIERS or str(key).startswith("x-") for key in part)


def _kind_of(part: Mapping[str, Any]) -> str:
    if is_object(part):
        return "an object"
    declared = part.get("type")
    if declared == "array" or "items" in part:
        return "an array"
    return f"{declared}" if isinstance(declared, str) else "a union"


def _flags_of(parts: list[Mapping[str, Any]]) -> dict[str, Any]:
    """``nullable`` (false in any part wins: null must meet every part), ``readOnly``,
    ``writeOnly``, ``deprecated`` (true in any part) and the last ``default``."""
    flags: dict[str, Any] = {}
    said = [
        part["nullable"] for part in parts if isinstance(part.get("nullable"), bool)
    ]
    if said:
        flags["nullable"] = all(said)
    for flag in _FLAGS:
        if any(part.get(flag) is True for part in parts):
            flags[flag] = True
    for part in parts:
        if "default" in part:
            flags["default"] = part["default"]
    return flags


def _annotations_of(outer: Mapping[str, Any]) -> dict[str, Any]:
    return {key: outer[key] for key in ("title", "description") if key in outer}


def _merge_scalars(
    typed: list[Mapping[str, Any]], qualifiers: list[Mapping[str, Any]]
) -> dict[str, Any]:
    """The parts of an allOf that are no objects, merged: one type, every constraint."""
    kinds = {_kind_of(part) for part in typed}
    if len(kinds) > 1:
        raise NormalizeError(
            "allOf requires a value to be " + " and ".join(sorted(kinds)) + " at once",
            "allOf",
            contradiction=_contradictory(kinds),
        )
    distinct = {canonical_shape(part) for part in typed}  # (a part may hold itself)
    if len(distinct) > 1 and kinds & {"an array", "a union"}:
        raise NormalizeError(
            "allOf of several different arrays or unions is not supported", "allOf"
        )
    merged: dict[str, Any] = dict(typed[0]) if typed else {}
    for part in [*typed[1:], *qualifiers]:
        for key, value in part.items():
            merged[key] = _conjoin(key, merged[key], value) if key in merged else value
    merged.pop("required", None)  # which properties an object needs: none here
    merged.update(_flags_of([*typed, *qualifiers]))
    if merged.get("nullable") is False:
        del merged["nullable"]
    return merged


def _conjoin(key: str, old: Any, new: Any) -> Any:
    """One keyword said by two parts of an allOf: what a value meeting both must meet."""
    if old == new or key in NOT_SHAPE or key.startswith("x-"):
        return new if key in NOT_SHAPE else old
    if key in _UPPER_BOUNDS:
        return min(old, new)
    if key in _LOWER_BOUNDS:
        return max(old, new)
    if key == "enum" and isinstance(old, list) and isinstance(new, list):
        both = [value for value in old if any(_same_json(value, v) for v in new)]
        if not both:
            raise NormalizeError(
                "allOf parts' enums have no value in common",
                "allOf",
                contradiction=True,
            )
        return both
    if key in ("nullable", "default", *_FLAGS):
        return new  # settled by _flags_of
    if key == "required" and isinstance(old, list) and isinstance(new, list):
        return [*old, *(name for name in new if name not in old)]
    raise NormalizeError(
        f"allOf parts disagree on {key!r} ({json.dumps(old)} and {json.dumps(new)})",
        "allOf",
    )


def _same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: 1 and 1.0 are, true and 1 are not."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _wider_extra(current: Any, new: Any) -> Any:
    """Of two ``additionalProperties`` (``current``: None where none is said yet), the
    one an allOf's merge uses: ``true`` over any, else the first schema; ``false``
    only where nothing else is said."""
    if current is True or new is True:
        return True
    return new if current is None or current is False else current
