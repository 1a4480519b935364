"""Normalize: the rules that turn what real Pipedrive specs say into what a type system holds.

Each rule is a small pure function over one schema; ``build`` applies them while it walks
the spec. None of them mutates its argument. ``allof`` folds an ``allOf`` into one
schema, ``labels`` names a union's alternatives; this module holds the rules for one
schema (and a content type), and the error they all raise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .model import Choice, Kind, Primitive

# USER_ID, DEAL_ID, PERSON_ID, ORGANIZATION_ID, ...: a key that stands for "any id".
PLACEHOLDER_KEY = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_ID$")

NOT_SHAPE = frozenset({"description", "example", "examples", "title", "externalDocs"})
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
            and all(str(key) in NOT_SHAPE or key == "required" for key in option)
            for option in options
        )
    )


def is_annotation_only(schema: Mapping[str, Any]) -> bool:
    """A schema that constrains nothing (``{title: FieldsResponse}``): neutral in ``allOf``."""
    return all(str(key) in NOT_SHAPE or str(key).startswith("x-") for key in schema)


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
        if key in NOT_SHAPE or key.startswith("x-"):
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
