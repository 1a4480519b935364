"""Object schemas typed: a map (extra properties alone, or id placeholder keys), else
a model draft with its fields, one per distinct shape.

Functions over the :class:`~.schemas.SchemaBuilder` typing the spec: each property's
type comes from it, each draft goes into its ``drafts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import normalize
from .drafts import Draft, Place
from .keywords import description_of
from .model import (
    Field,
    MapOf,
    ModelRef,
    Presence,
    Primitive,
    TypeRef,
)
from .naming import is_usable_model_name, pascal_case

if TYPE_CHECKING:
    from .schemas import SchemaBuilder


def object_type(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    schema: Mapping[str, Any],
    place: Place,
) -> TypeRef:
    value = normalize.placeholder_value(schema, builder.resolved.component_names)
    if value is not None:
        value_place = place
        if not value.get("title") and schema.get("title"):
            value_place = Place(place.kind, pascal_case(str(schema["title"])))
        value_type, null_values = builder.contained_type_of(value, value_place)
        return MapOf("integer", value_type, null_inside(value_type, null_values))
    if schema.get("properties"):
        return ModelRef(model(builder, original, schema, place))
    extra = schema.get("additionalProperties")
    if isinstance(extra, Mapping) and extra:
        value_type, null_values = builder.contained_type_of(extra, place.child("Value"))
        return MapOf("string", value_type, null_inside(value_type, null_values))
    return MapOf("string", Primitive("any"))


def model(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    schema: Mapping[str, Any],
    place: Place,
) -> str:
    title = schema.get("title")
    shape = normalize.canonical_shape(original, builder.resolved.component_names)
    # A component keeps its own name whatever other component has its shape (the
    # spec's operations are typed by the names the spec gives them); a schema
    # written inline takes the name of a component of its shape.
    component = builder.resolved.component_names.get(id(original))
    if component is None and not title:
        component = builder.component_shapes.get(shape)
    key = (place.kind, str(title or ""), shape, component)
    if key in builder.drafts:
        return builder.drafts[key].token
    preferred = pascal_case(component or (str(title) if title else "")) or place.name
    draft = Draft(
        token=f"\0{len(builder.drafts)}",
        kind=place.kind,
        preferred=preferred,
        context_name=place.name,
        description=schema.get("description"),
        location=builder.location(original),
        titled=bool(component or title),
        parent=place.parent,
        suffix=place.suffix,
        component=component and str(component),
    )
    builder.drafts[key] = draft
    builder.draft_components[draft.token] = component
    inner = Place(
        place.kind,
        preferred if is_usable_model_name(preferred) else place.name,
        draft.token,
    )
    outer, builder.open = builder.open, {}
    try:
        fill(builder, draft, original, schema, place, inner)
    finally:
        builder.open = outer
    return draft.token


def fill(
    builder: SchemaBuilder,
    draft: Draft,
    original: Mapping[str, Any],
    schema: Mapping[str, Any],
    place: Place,
    inner: Place,
) -> None:
    """The fields and extra properties of a model."""
    required = set(schema.get("required") or ())
    if not isinstance(schema["properties"], Mapping):
        problem = "properties must map names to schemas"
        raise builder.error(original, problem, "properties")
    for name, property_schema in schema["properties"].items():
        if property_schema is False:  # 3.1: never present, so never a field
            continue
        if not isinstance(property_schema, Mapping) and property_schema is not True:
            problem = f"property {name!r} is not a schema"
            raise builder.error(original, problem, "properties", name)
        if normalize.is_flagged(property_schema, _LEFT_OUT[place.kind]):
            continue  # readOnly is never sent, writeOnly never received
        property_type, nullable = builder.type_of(
            property_schema, inner.child(str(name))
        )
        draft.fields.append(
            Field(
                name=str(name),
                type=property_type,
                required=name in required,
                nullable=nullable,
                description=description_of(property_schema),
                location=builder.location(original, "properties", name),
            )
        )
    # A required name no property defines: the key must be there, of any value
    # (JSON Schema allows it), so it is a field of any type, required as the
    # declared ones are.
    where = ("required",) if "required" in original else ()
    for name in dict.fromkeys(schema.get("required") or ()):
        if name not in schema["properties"]:
            draft.fields.append(
                Field(
                    name=str(name),
                    type=Primitive("any"),
                    required=True,
                    nullable=False,
                    description=None,
                    location=builder.location(original, *where),
                )
            )
    draft.presence = tuple(
        Presence(
            keyword == "oneOf",
            tuple(
                tuple(str(name) for name in option["required"])
                for option in schema[keyword]
            ),
        )
        for keyword in ("anyOf", "oneOf")
        if normalize.presence_only(schema, keyword)
    )
    extra = schema.get("additionalProperties", True)
    if isinstance(extra, Mapping) and extra:
        draft.extra, nullable = builder.type_of(extra, inner.child("Value"))
        draft.nullable_extra = null_inside(draft.extra, nullable)
    elif isinstance(extra, Mapping):
        draft.extra = True
    else:
        draft.extra = bool(extra)


# The flag that leaves a property out of the models of each side.
_LEFT_OUT = {"request": "readOnly", "response": "writeOnly"}


def null_inside(type_: TypeRef, nullable: bool) -> bool:
    """Whether an array's items or a map's values may be null, beyond their type: a
    value of no type at all (``Primitive("any")``) is null already."""
    return nullable and type_ != Primitive("any")
