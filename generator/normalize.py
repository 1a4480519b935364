"""Normalize: the rules that turn what real Pipedrive specs say into what a type system holds.

Each rule is a small pure function over one schema; ``build`` applies them while it walks
the spec. None of them mutates its argument.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .ir import Choice, Kind, Primitive

# USER_ID, DEAL_ID, PERSON_ID, ORGANIZATION_ID, ...: a key that stands for "any id".
PLACEHOLDER_KEY = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_ID$")

_NOT_SHAPE = frozenset({"description", "example", "examples", "title", "externalDocs"})
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not", "propertyNames")


class NormalizeError(ValueError):
    """A schema the rules cannot turn into a type; ``build`` adds the location."""

    def __init__(self, message: str, *tokens: object) -> None:
        super().__init__(message)
        self.tokens = tokens


def is_object(schema: Mapping[str, Any]) -> bool:
    return schema.get("type") == "object" or (
        "type" not in schema
        and ("properties" in schema or "additionalProperties" in schema)
    )


def merge_all_of(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Fold ``allOf`` into one schema.

    Objects merge their properties (a later part wins a clash) and their ``required``
    lists; a one-part ``allOf`` around a plain type (``numberBoolean`` is written that
    way) is unwrapped, keeping the outer description.
    """
    parts = [
        merge_all_of(part) if "allOf" in part else dict(part)
        for part in schema["allOf"]
    ]
    outer = {key: value for key, value in schema.items() if key != "allOf"}
    if any(not isinstance(part, Mapping) for part in parts):
        raise NormalizeError("allOf holds something that is not a schema", "allOf")
    parts = [part for part in parts if not is_annotation_only(part)] or parts[:1]
    objects = [part for part in parts if is_object(part)]
    if not objects:
        if len(parts) == 1:
            return {**parts[0], **outer}
        raise NormalizeError(
            "allOf of several non-object schemas is not supported", "allOf"
        )
    if len(objects) != len(parts):
        raise NormalizeError(
            "allOf mixing objects and other types is not supported", "allOf"
        )
    merged: dict[str, Any] = {"type": "object"}
    properties: dict[str, Any] = {}
    required: list[str] = []
    extra: Any = None
    for part in [*objects, outer]:
        properties.update(part.get("properties") or {})
        required.extend(
            name for name in part.get("required") or () if name not in required
        )
        if "additionalProperties" in part:
            extra = _wider_extra(extra, part["additionalProperties"])
        if part.get("nullable") is True:
            merged["nullable"] = True
    merged["properties"] = properties
    if required:
        merged["required"] = required
    if extra is not None:
        merged["additionalProperties"] = extra
    for key in ("title", "description"):
        if key in outer:
            merged[key] = outer[key]
    return merged


def is_annotation_only(schema: Mapping[str, Any]) -> bool:
    """A schema that constrains nothing (``{title: FieldsResponse}``): neutral in ``allOf``."""
    return all(str(key) in _NOT_SHAPE or str(key).startswith("x-") for key in schema)


def _wider_extra(current: Any, new: Any) -> Any:
    if current is True or new is True:
        return True
    return new if current is None or current is False else current


def placeholder_value(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The value schema of an object whose only properties are id placeholders.

    ``{"properties": {"USER_ID": {...}}}`` is really ``{id: {...}}``, a map keyed by id.
    """
    properties = schema.get("properties")
    if not properties or not isinstance(properties, Mapping):
        return None
    if not all(
        isinstance(key, str) and PLACEHOLDER_KEY.match(key) for key in properties
    ):
        return None
    values = list(properties.values())
    shapes = {canonical_shape(value) for value in values}
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
    values = [value for value in values if value is not None]
    if declared not in ("string", "integer", "number"):
        declared = _type_of_values(values)
    unique = tuple(dict.fromkeys(values))
    return Choice(declared, unique, open=kind == "response" and declared != "any")


def _type_of_values(values: list[Any]) -> Any:
    if values and all(isinstance(value, str) for value in values):
        return "string"
    if values and all(
        isinstance(value, int) and not isinstance(value, bool) for value in values
    ):
        return "integer"
    if values and all(isinstance(value, (int, float)) for value in values):
        return "number"
    return "any"


def canonical_shape(schema: Any) -> str:
    """A string equal for two schemas exactly when they describe the same shape.

    Titles, descriptions and examples do not count; a property *called* ``title`` does.
    """
    return json.dumps(_shape(schema, ()), sort_keys=True, default=str)


def _shape(schema: Any, stack: tuple[int, ...]) -> Any:
    if not isinstance(schema, Mapping):
        return schema
    if id(schema) in stack:
        return {"$cycle": len(stack) - stack.index(id(schema))}
    stack = (*stack, id(schema))
    result: dict[str, Any] = {}
    for key, value in schema.items():
        key = str(key)
        if key in _NOT_SHAPE or key.startswith("x-"):
            continue
        if key == "properties" and isinstance(value, Mapping):
            result[key] = {str(name): _shape(sub, stack) for name, sub in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            result[key] = [_shape(sub, stack) for sub in value]
        elif key in _SCHEMA_VALUES:
            result[key] = _shape(value, stack)
        else:
            result[key] = value
    return result
