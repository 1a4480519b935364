"""What datamodel-code-generator reads of a model: its JSON Schema, written in the
forms it reads fastest, and its template's data; placeholders for what it cannot write
or writes slowly (an annotation of ours, a large enum), and the code it writes with
each placeholder filled in."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .own_types import WIRE_TYPES, docstring, tagged_annotation, words_of
from .literals import beyond_literal, literal
from ..ir.model import AliasRef, ArrayOf, Choice, Field, MapOf, Model, ModelRef
from ..ir.model import PARSED_FORMATS, Primitive, TypeRef, UnionOf, leaves

# Formats that become Python types; every other format stays ``str`` in the models
# (the validators still check the formats the spec names).
TYPED_FORMATS = PARSED_FORMATS | {"binary"}


BASES = {"request": "RequestModel", "response": "ResponseModel"}


# An enum of more values than this reaches datamodel-code-generator as one placeholder
# value, replaced by its values in the code it writes (it takes time quadratic in the
# length of a type's text: 20 s for 100,000 values).
_LARGE_ENUM = 128


# What a batch sees of a model of another batch: a class of that name, and no more.
STUB = {"type": "object"}


def model_schema(model: Model, acyclic: bool = False) -> dict[str, Any]:
    """The JSON Schema datamodel-code-generator sees for one model; ``acyclic`` if no
    model of its spec is on a cycle (so none is named before it is defined)."""
    response = model.kind == "response"
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            field.name: _field_schema(field, response, acyclic)
            for field in model.fields
        },
    }
    required = [field.name for field in model.fields if _required(field, response)]
    if required:
        schema["required"] = required
    return schema


def _required(field: Field, response: bool) -> bool:
    """Whether the caller must give the field: a request field the spec requires,
    or a discriminator tag with no default (no one value is right for every union
    that picks its model, so the caller picks), but for one with a default."""
    wanted = field.required or _is_tag(field)
    return wanted and not response and not field.default


def _is_tag(field: Field) -> bool:
    """A request model's discriminator tag (``Literal`` of the values that pick it)."""
    return field.spec_type is not None


def _field_schema(field: Field, response: bool, acyclic: bool) -> dict[str, Any]:
    schema = type_schema(field.type, request=not response, acyclic=acyclic)
    # A tag is never null: no union picks a model by a null tag, whatever the
    # property allows (the validators check that, ``spec_type``).
    if response or (field.nullable and not _is_tag(field)):
        required = _required(field, response)
        optional = not required and not field.default
        schema = _nullable(schema, required, acyclic, optional) if schema else {}
    if field.default:
        schema["default"] = field.default[0]
    return schema


def _or_null(schema: dict[str, Any], nullable: bool, acyclic: bool) -> dict[str, Any]:
    return _nullable(schema, acyclic=acyclic) if nullable else schema


def _nullable(
    schema: dict[str, Any],
    required: bool = False,
    acyclic: bool = False,
    optional: bool = False,
) -> dict[str, Any]:
    """``schema`` or null, written the way datamodel-code-generator reads fastest: for
    an ``optional`` field (neither required nor with a default), ``T | None = None``
    whether null is written or not, the schema as it is (if no model is on a cycle:
    else a forward reference is written otherwise, and if it holds no null of its
    own: ``enum: [null]`` is written otherwise); else a
    ``$ref`` with ``nullable`` (but for a required field, where that form writes
    ``Field(...)``), a plain scalar or an array with ``type: [t, "null"]`` (an array
    of models only if no model is on a cycle: else ``list["Model"] | None`` is
    ``Optional[list["Model"]]`` in ``anyOf``), an enum with ``null`` among its
    values, else ``anyOf`` (a union with null costs it a union parse per field:
    about a third of its time on Pipedrive's specs). Each form writes the code
    ``anyOf`` writes, byte for byte (``tests/unit/test_nullable_forms.py``)."""
    if schema == {"enum": [None]}:  # null already, and nothing else
        return schema
    if optional and acyclic and "null" not in json.dumps(schema):
        return schema
    if set(schema) == {"$ref"} and not required:
        return {**schema, "nullable": True}
    if set(schema) <= {"type", "format"} and schema.get("type") in _SCALARS:
        return {**schema, "type": [schema["type"], "null"]}
    if (
        set(schema) == {"type", "items"}
        and schema["type"] == "array"
        and (acyclic or "$ref" not in json.dumps(schema["items"]))
    ):
        return {**schema, "type": ["array", "null"]}
    if _closed_choice(schema):  # an enum: ``null`` one of its values
        return {"enum": [*schema["enum"], None], "type": [schema["type"], "null"]}
    options = schema.get("anyOf", ())
    if (  # an open enum: ``anyOf: [enum, t]`` -> ``anyOf: [enum, [t, null]]``
        set(schema) == {"anyOf"}
        and len(options) == 2
        and _closed_choice(options[0])
        and options[1] == {"type": options[0]["type"]}
    ):
        return {"anyOf": [options[0], {"type": [options[0]["type"], "null"]}]}
    return {"anyOf": [schema, {"type": "null"}]}


def _closed_choice(schema: dict[str, Any]) -> bool:
    """Whether ``schema`` is an enum ``_choice_schema`` writes of strings, integers or
    booleans (a float is no ``Literal``: an enum of numbers or null may write its
    type twice), none of which a large-enum placeholder stands for."""
    return (
        set(schema) == {"enum", "type"}
        and schema["type"] in ("string", "integer", "boolean")
        and None not in schema["enum"]
        and len(schema["enum"]) <= _LARGE_ENUM
    )


_SCALARS = ("string", "integer", "number", "boolean")


def type_schema(
    type_: TypeRef, request: bool = False, acyclic: bool = False
) -> dict[str, Any]:
    """The JSON Schema datamodel-code-generator sees for ``type_``; on the request
    side (``request``) a formatted string also takes the spec's text (``WireDate``);
    ``acyclic`` as for ``model_schema``."""
    if isinstance(type_, (ModelRef, AliasRef)):  # an alias is never in a batch: a stub
        return {"$ref": f"#/components/schemas/{type_.name}"}
    if isinstance(type_, ArrayOf):
        item = type_schema(type_.item, request, acyclic)
        return {
            "type": "array",
            "items": _or_null(item, type_.nullable_items, acyclic),
        }
    if isinstance(type_, MapOf):
        value = type_schema(type_.value, request, acyclic)
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": _or_null(value, type_.nullable_values, acyclic),
        }
        if type_.key == "integer":
            schema["propertyNames"] = {"type": "string", "x-python-type": "int"}
        return schema
    if isinstance(type_, UnionOf) and type_.discriminator is not None:
        return {_ANNOTATION: tagged_annotation(type_)}
    if isinstance(type_, UnionOf):
        options = type_.options
        return {"anyOf": [type_schema(type_, request, acyclic) for type_ in options]}
    if isinstance(type_, Choice):
        return _choice_schema(type_)
    if request and type_.type == "string" and type_.format in WIRE_TYPES:
        return {_ANNOTATION: WIRE_TYPES[type_.format]}
    return _primitive_schema(type_)


def _choice_schema(choice: Choice) -> dict[str, Any]:
    if choice.values == (None,):  # 3.1 ``type: "null"``: null is the only value
        return {"enum": [None]}  # (written ``None``; ``type: null`` adds a Field)
    values = [value for value in choice.values if not beyond_literal(value)]
    closed: dict[str, Any] = {"enum": values}
    if choice.type != "any":
        closed["type"] = choice.type
    if len(values) < len(choice.values):  # integers a ``Literal`` cannot hold: int
        return (
            {"anyOf": [closed, {"type": "integer"}]} if values else {"type": "integer"}
        )
    if choice.open:
        return {"anyOf": [closed, {"type": choice.type}]}
    return closed


def _primitive_schema(primitive: Primitive) -> dict[str, Any]:
    if primitive.type == "any":
        return {}
    schema: dict[str, Any] = {"type": primitive.type}
    if primitive.format in TYPED_FORMATS and primitive.type == "string":
        schema["format"] = primitive.format
    return schema


def template_data(model: Model) -> dict[str, Any]:
    docstrings = {
        f.name: docstring(f.description) for f in model.fields if f.description
    }
    return {
        "model_base": BASES[model.kind],
        "class_docstring": docstring(model.description) if model.description else "",
        "docstrings": docstrings,
    }


# A type datamodel-code-generator cannot write (a discriminated union, a request's
# formatted string) reaches it as a reference to a stub model of a placeholder name,
# replaced by the type's annotation in the code it writes.
_ANNOTATION = "x-pipedrive-codegen-annotation"


def has_large_enum(type_: TypeRef) -> bool:
    """Whether ``type_`` holds an enum of more than ``_LARGE_ENUM`` values."""
    return any(
        isinstance(leaf, Choice) and len(leaf.values) > _LARGE_ENUM
        for leaf in leaves(type_)
    )


def large_enums_named(document: Any) -> tuple[Any, dict[str, str]]:
    """``document`` with each large enum of strings and integers made one placeholder
    value, and each placeholder's literal (as written) -> its values' literals."""
    members: dict[str, str] = {}

    def named(node: dict[str, Any]) -> dict[str, Any] | None:
        values = node.get("enum")
        if (
            isinstance(values, list)
            and len(values) > _LARGE_ENUM
            and all(isinstance(value, (str, int)) for value in values)
        ):
            placeholder = f"pipedrive_codegen_enum_{len(members)}"
            members[f'"{placeholder}"'] = ", ".join(literal(v) for v in values)
            return {**node, "enum": [placeholder]}
        return None

    return _rewritten(document, named), members


def _rewritten(
    node: Any, replacement: Callable[[dict[str, Any]], dict[str, Any] | None]
) -> Any:
    """A copy of ``node`` (JSON data) with each object that ``replacement`` gives a
    replacement for (else None) replaced."""
    if isinstance(node, list):
        return [_rewritten(item, replacement) for item in node]
    if not isinstance(node, dict):
        return node
    replaced = replacement(node)
    if replaced is not None:
        return replaced
    return {key: _rewritten(value, replacement) for key, value in node.items()}


def large_enums_filled(source: str, members: dict[str, str]) -> str:
    """The code with each placeholder value replaced by the values it stands for."""
    if not members:
        return source
    pattern = re.compile("|".join(re.escape(name) for name in members))
    return pattern.sub(lambda match: members[match.group()], source)


def annotations_named(document: Any) -> tuple[Any, dict[str, str]]:
    """``document`` with each type datamodel-code-generator cannot write a reference
    to a placeholder stub, and each placeholder's name -> the type's annotation."""
    types: dict[str, str] = {}

    def named(node: dict[str, Any]) -> dict[str, Any] | None:
        if _ANNOTATION not in node:
            return None
        name = types.setdefault(node[_ANNOTATION], f"PipedriveCodegenType{len(types)}")
        return {"$ref": f"#/components/schemas/{name}"}

    document = _rewritten(document, named)
    for name in types.values():
        document["components"]["schemas"][name] = STUB
    return document, {name: annotation for annotation, name in types.items()}


def annotations_filled(
    source: str, types: dict[str, str], later: frozenset[str] = frozenset()
) -> str:
    """The code with each placeholder replaced by its type's annotation: where a
    union's placeholder was quoted, or it names a class of ``later`` (not defined
    yet where ``source`` reads it: its own, one below it), its alternatives are."""
    for name, annotation in types.items():
        options, tagged, metadata = annotation.partition("\0")
        quoted, bare = (
            (
                f"Annotated[{literal(options)}, {metadata}]",
                f"Annotated[{options}, {metadata}]",
            )
            if tagged
            else (options, options)
        )
        if tagged and later.intersection(words_of(options)):
            bare = quoted
        source = source.replace(f'"{name}"', quoted)
        source = re.sub(rf"\b{name}\b", lambda _: bare, source)
    return source
