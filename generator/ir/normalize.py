"""Normalize: the rules that turn what real Pipedrive specs say into what a type system holds.

Each rule is a small pure function over one schema; ``build`` applies them while it walks
the spec. None of them mutates its argument.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from .model import Choice, Kind, Primitive
from .naming import pascal_case

# USER_ID, DEAL_ID, PERSON_ID, ORGANIZATION_ID, ...: a key that stands for "any id".
PLACEHOLDER_KEY = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_ID$")

_NOT_SHAPE = frozenset({"description", "example", "examples", "title", "externalDocs"})
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "propertyNames")
# No schema named: every schema expanded (see ``canonical_shape``).
NO_NAMES: Mapping[int, str] = MappingProxyType({})


@dataclass(frozen=True)
class Overridden:
    """A definition an allOf overrides with one no value meets with it: below ``node``
    at ``tokens``, and why (``reason``)."""

    node: object
    tokens: tuple[object, ...]
    reason: str


class NormalizeError(ValueError):
    """A schema the rules cannot turn into a type; ``build`` adds the location: the
    ``tokens`` below the schema, or below ``node`` where it is given (a node of the
    spec elsewhere: an allOf part's ``properties``). A ``contradiction`` is a schema
    no value meets (rather than one the rules do not support); a contradiction a note
    reports names the definitions it ``overrides`` (the error's place: the one used)."""

    def __init__(
        self,
        message: str,
        *tokens: object,
        node: object = None,
        contradiction: bool = False,
        overrides: tuple[Overridden, ...] = (),
    ) -> None:
        super().__init__(message)
        self.overrides = overrides
        self.tokens = tokens
        self.node = node
        self.contradiction = contradiction


def is_object(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "object" or (
        "type" not in schema
        and ("properties" in schema or "additionalProperties" in schema)
    )


# Keywords that say something about a value without constraining it or naming its type.
_ANNOTATIONS = frozenset(
    {"nullable", "description", "readOnly", "writeOnly", "deprecated", "example"}
    | {"examples", "default", "externalDocs", "xml"}
)


def wrapped_schema(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The one schema an ``allOf`` wraps only to annotate it (``allOf: [{$ref: Deal}],
    nullable: true``, OpenAPI 3.0's way to say a reference may be null), else None: its
    type is the wrapped schema's, not a copy named after where it sits."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or len(parts) != 1:
        return None
    if not isinstance(parts[0], Mapping):
        return None
    others = {key for key in schema if key != "allOf" and not key.startswith("x-")}
    return parts[0] if others <= _ANNOTATIONS else None


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
    ``required`` lists. A part that only qualifies (``nullable``, ``readOnly``, ``default``,
    ``required``, a bound, a ``pattern``, a ``format``, an ``enum``: no type of its own)
    applies to what the other parts make, object or scalar; scalar parts of one type
    merge their constraints. Only a true contradiction, such as a string that must also
    be an integer, is an error, as is an ``allOf`` that holds itself (``within``: the
    schemas whose ``allOf`` this one is in).
    """
    if id(schema) in within:
        raise NormalizeError("allOf holds the schema it is in", "allOf")
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
_QUALIFIERS = _NOT_SHAPE | {
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
        overridden: list[Overridden] = []
        deeper: list[NormalizeError] = []  # at a property, items or values of it
        for before_holder, before in earlier:
            conflict = _conflict(before, winner, compared)
            if conflict is not None and conflict.node is None:  # the property itself
                overridden.append(Overridden(before_holder, (name,), str(conflict)))
            elif conflict is not None:
                deeper.append(conflict)
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


def _conflict(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    compared: frozenset[tuple[int, int]],
) -> NormalizeError | None:
    """Why no value meets both ``before`` and ``after`` (the definition used), or None:
    the contradiction of the two, or a note at a property, ``items`` or
    ``additionalProperties`` schema of ``after`` that contradicts its counterpart in
    ``before`` (array items and map values compared as nested properties are)."""
    pair = (id(before), id(after))
    if before is after or pair in compared:
        return None
    compared = compared | {pair}
    try:
        merge_all_of({"allOf": [before, after]}, (), compared)
    except NormalizeError as error:
        if error.contradiction:
            return error
    for key in ("items", "additionalProperties"):
        inner_before, inner_after = before.get(key), after.get(key)
        if not (isinstance(inner_before, Mapping) and isinstance(inner_after, Mapping)):
            continue
        conflict = _conflict(inner_before, inner_after, compared)
        if conflict is not None and conflict.node is None:
            reason = str(conflict)
            return _override(after, (key,), [Overridden(before, (key,), reason)])
        if conflict is not None:
            return conflict
    return None


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
    if old == new or key in _NOT_SHAPE or key.startswith("x-"):
        return new if key in _NOT_SHAPE else old
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


def is_flagged(schema: Any, flag: str, within: tuple[int, ...] = ()) -> bool:
    """Whether ``schema`` (or a part of its ``allOf``) sets ``flag`` (``readOnly``...)."""
    if not isinstance(schema, Mapping) or id(schema) in within:
        return False
    if schema.get(flag) is True:
        return True
    parts = schema.get("allOf")
    within = (*within, id(schema))
    return isinstance(parts, list) and any(
        is_flagged(part, flag, within) for part in parts
    )


def presence_only(schema: Mapping[str, Any], keyword: str) -> bool:
    """Whether the ``oneOf``/``anyOf`` of an object only says which of its properties
    must be present (``anyOf: [{required: [id]}, {required: [name]}]``): the object's
    own type then stands, its properties optional as declared."""
    options = schema.get(keyword)
    return (
        is_object(schema)
        and isinstance(options, list)
        and bool(options)
        and all(
            isinstance(option, Mapping)
            and "required" in option
            and all(str(key) in _NOT_SHAPE or key == "required" for key in option)
            for option in options
        )
    )


def is_annotation_only(schema: Mapping[str, Any]) -> bool:
    """A schema that constrains nothing (``{title: FieldsResponse}``): neutral in ``allOf``."""
    return all(str(key) in _NOT_SHAPE or str(key).startswith("x-") for key in schema)


def _wider_extra(current: Any, new: Any) -> Any:
    if current is True or new is True:
        return True
    return new if current is None or current is False else current


def placeholder_value(
    schema: Mapping[str, Any], components: Mapping[int, str] = NO_NAMES
) -> Mapping[str, Any] | None:
    """The value schema of an object whose only properties are id placeholders.

    ``{"properties": {"USER_ID": {...}}}`` is really ``{id: {...}}``, a map keyed by id.
    (``components``: as ``canonical_shape`` takes them.)
    """
    properties = schema.get("properties")
    if not properties or not isinstance(properties, Mapping):
        return None
    if not all(
        isinstance(key, str) and PLACEHOLDER_KEY.match(key) for key in properties
    ):
        return None
    values = list(properties.values())
    shapes = {canonical_shape(value, components) for value in values}
    if len(shapes) > 1:
        raise NormalizeError(
            "placeholder keys "
            + ", ".join(sorted(properties))
            + " hold different schemas",
            "properties",
        )
    return values[0]  # type: ignore[no-any-return]


def is_number_boolean(schema: Mapping[str, Any]) -> bool:
    """``type: number`` (or integer) with ``enum: [0, 1]``: Pipedrive's v1 flag."""
    enum = schema.get("enum")
    return (
        schema.get("type") in ("number", "integer")
        and isinstance(enum, list)
        and sorted(enum) == [0, 1]
        and not any(isinstance(value, bool) for value in enum)
    )


def choice_of(schema: Mapping[str, Any], kind: Kind) -> Choice | Primitive:
    """The type of an ``enum``: closed for requests, open for strings in responses."""
    values = list(schema["enum"])
    declared = schema.get("type")
    if declared == "boolean" or (values and all(isinstance(v, bool) for v in values)):
        if set(values) >= {True, False}:
            return Primitive("boolean")
        return Choice("boolean", tuple(values))
    if is_number_boolean(schema):
        return Choice("integer" if declared == "integer" else "number", (0, 1))
    values = [value for value in values if value is not None] or [None]  # only null
    if declared not in ("string", "integer", "number"):
        declared = _type_of_values(values)
    unique = tuple(_json_distinct(values))
    return Choice(declared, unique, open=kind == "response" and declared != "any")


def _json_distinct(values: list[Any]) -> list[Any]:
    """``values`` without repeats as JSON counts them: ``true`` is not ``1`` (Python
    says it is), ``1.0`` is; the first spelling is kept."""
    distinct: dict[tuple[bool, Any], Any] = {}
    for value in values:
        distinct.setdefault((isinstance(value, bool), value), value)
    return list(distinct.values())


def _type_of_values(values: list[Any]) -> Any:
    if values and all(isinstance(value, str) for value in values):
        return "string"
    if values and all(
        isinstance(value, int) and not isinstance(value, bool) for value in values
    ):
        return "integer"
    if values and all(
        isinstance(value, (int, float)) and not isinstance(value, bool)
        for value in values
    ):
        return "number"
    return "any"


def union_labels(
    schema: Mapping[str, Any],
    keyword: str,
    names: list[Any],
    mapped: list[str | None],
) -> list[str]:
    """A name part for each alternative of ``schema[keyword]`` (``oneOf``/``anyOf``).

    The discriminator's mapping key of the alternative (``mapped``), else the value of the property
    that tells the alternatives apart (``deal`` -> ``Deal``), else its component name or
    title (``names``), else what it is (``List``, ``Map``, ``String``; nothing for an
    object); objects these do not tell apart, by what only each has (``_told_apart``);
    ``Option<n>`` only where nothing does.
    """
    options = list(schema[keyword])
    discriminator = schema.get("discriminator")
    discriminator = discriminator if isinstance(discriminator, Mapping) else {}
    tags = tag_values(options, discriminator.get("propertyName"))
    labels = []
    for index, option in enumerate(options):
        option = option if isinstance(option, Mapping) else {}
        name = names[index]
        label = mapped[index]
        if label is None and tags is not None and tags[index] is not None:
            label = str(tags[index])
        labels.append(pascal_case(str(label or name or kind_label(option))))
    labels = _told_apart(labels, options)
    return [
        label if labels.count(label) == 1 else f"Option{index + 1}"
        for index, label in enumerate(labels)
    ]


def _told_apart(labels: list[str], options: list[Any]) -> list[str]:
    """``labels``, where objects share one, each told apart by what only it has of
    them: the one value of a property (``type: {enum: [account_reference]}`` gives
    ``AccountReference``), else ``With`` a property none of the others has
    (``WithTemplate``), else ``With`` its properties, if it has at most three
    (``WithIdAndType``). PagerDuty's unions of inline objects are named so."""
    told = list(labels)
    for label in sorted(set(labels)):
        group = [index for index, other in enumerate(labels) if other == label]
        objects = {index: _object_form(options[index]) for index in group}
        if len(group) < 2 or any(value is None for value in objects.values()):
            continue
        properties = {
            index: dict(_properties(schema))
            for index, schema in objects.items()
            if schema is not None
        }
        for index in group:
            others = [properties[other] for other in group if other != index]
            told[index] = label + _own_part(properties[index], others)
    return told


def _own_part(own: Mapping[str, Any], others: Sequence[Mapping[str, Any]]) -> str:
    """What names one object among ``others`` (see ``_told_apart``), or ""."""
    for key, schema in own.items():
        value = _single_value(schema)
        if (
            isinstance(value, str)
            and value
            and all(_single_value(other.get(key)) != value for other in others)
        ):
            return pascal_case(value)
    for key in own:
        if all(key not in other for other in others):
            return "With" + pascal_case(str(key))
    if 0 < len(own) <= 3:
        return "With" + "And".join(pascal_case(str(key)) for key in own)
    return ""


def tag_values(
    options: list[Any], property_name: str | None = None
) -> list[Any] | None:
    """The value that tells each alternative of a ``oneOf``/``anyOf`` apart, if any.

    That is the one value (``const``, or an ``enum`` of one) of the discriminator's
    ``property_name``, else of the first property that has one value in every
    alternative that is an object, the values all different (``item: {enum: [deal]}``,
    ``item: {enum: [person]}``). Alternatives that are not objects get ``None``.
    """
    objects = [_object_form(option) for option in options]
    present = [schema for schema in objects if schema is not None]
    if not present:
        return None
    candidates = [property_name] if property_name else list(_properties(present[0]))
    for name in candidates:
        values = [_single_value(_properties(schema).get(name)) for schema in present]
        if None in values or len({json.dumps(v, default=str) for v in values}) < len(
            values
        ):
            continue
        found = iter(values)
        return [None if schema is None else next(found) for schema in objects]
    return None


def _object_form(option: Any) -> Mapping[str, Any] | None:
    if not isinstance(option, Mapping):
        return None
    if "allOf" in option:
        try:
            option = merge_all_of(option)
        except NormalizeError:
            return None
    return option if is_object(option) and option.get("properties") else None


def _properties(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    properties = schema.get("properties")
    return properties if isinstance(properties, Mapping) else {}


def _single_value(schema: Any, within: tuple[int, ...] = ()) -> Any:
    if not isinstance(schema, Mapping) or id(schema) in within:
        return None
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _single_value(schema["allOf"][0], (*within, id(schema)))
    if "const" in schema:
        return schema["const"]
    enum = schema.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return enum[0]
    return None


def canonical_shape(schema: Any, components: Mapping[int, str] = NO_NAMES) -> str:
    """A string equal for two schemas exactly when they describe the same shape.

    Titles, descriptions and examples do not count; a property *called* ``title`` does.
    A schema inside ``schema`` that is a named component (``components``: the id of
    each component's schema -> its name) counts by its name, not expanded: a shape is
    as long as what is written inline, however the components use one another.
    """
    return json.dumps(_shape(schema, (), components), sort_keys=True, default=str)


def _shape(schema: Any, stack: tuple[int, ...], components: Mapping[int, str]) -> Any:
    if not isinstance(schema, Mapping):
        return schema
    if stack and id(schema) in components:
        return {"$component": components[id(schema)]}
    if id(schema) in stack:
        return {"$cycle": len(stack) - stack.index(id(schema))}
    stack = (*stack, id(schema))
    result: dict[str, Any] = {}
    for key, value in schema.items():
        key = str(key)
        if key in _NOT_SHAPE or key.startswith("x-"):
            continue
        if key == "properties" and isinstance(value, Mapping):
            result[key] = {
                str(name): _shape(sub, stack, components) for name, sub in value.items()
            }
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            result[key] = [_shape(sub, stack, components) for sub in value]
        elif key in _SCHEMA_VALUES:
            result[key] = _shape(value, stack, components)
        else:
            result[key] = value
    return result


def kind_label(schema: Mapping[str, Any]) -> str:
    """What a union alternative is, where nothing names it: ``List``, ``Map``, its
    type; nothing for an object (a model of its own, named by the union's place)."""
    declared = schema.get("type")
    if declared == "array" or (declared is None and "items" in schema):
        return "List"
    if "allOf" in schema or (is_object(schema) and schema.get("properties")):
        return ""
    if is_object(schema):
        return "Map"
    return pascal_case(declared) if isinstance(declared, str) else "Value"


def parameter_schema(parameter: Mapping[str, Any]) -> tuple[Any, str | None]:
    """The schema of a parameter, and the media type it is serialized as, if any."""
    content = parameter.get("content")
    if parameter.get("schema") is not None or not isinstance(content, Mapping):
        return parameter.get("schema"), None
    for content_type, media in content.items():
        schema = media.get("schema") if isinstance(media, Mapping) else None
        return ({} if schema is None else schema), str(content_type)
    return None, None


FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")


def choose_content(content: Mapping[str, Any], kind: Kind) -> str | None:
    """JSON where the operation offers it; else, for requests, a form encoding, else
    the first content type (sent as it is: ``image/jpeg``, ``application/octet-stream``).
    """
    for content_type in content:
        if is_json(str(content_type)):
            return str(content_type)
    if kind == "request":
        for content_type in content:
            if is_form(str(content_type)):
                return str(content_type)
        for content_type in content:
            return str(content_type)
    return None


def is_form(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() in FORMS


def is_text(schema: Any) -> bool:
    """A schema of a string (text, base64 or binary): what a raw body can carry."""
    return isinstance(schema, Mapping) and schema.get("type") == "string"


def is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "*/*"
