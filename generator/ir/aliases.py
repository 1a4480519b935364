"""Type aliases: a schema that holds itself with no model between (a recursive alias),
and a component schema that is no model (a union, an array, a map, a scalar), drafted
to be named with the models so every component name is importable.

Functions over the :class:`~.schemas.SchemaBuilder` typing the spec (its
``recursive`` and ``component_types`` tables), drafts out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .drafts import Draft, Place
from .model import (
    AliasRef,
    Kind,
    ModelRef,
    TypeRef,
    UnionOf,
)
from .naming import pascal_case

if TYPE_CHECKING:
    from .schemas import SchemaBuilder


def alias(
    builder: SchemaBuilder,
    schema: Mapping[str, Any],
    place: Place,
    key: tuple[Kind, int],
    type_: TypeRef,
) -> AliasRef:
    """The recursive type alias ``schema`` is, its type ``type_``: a draft named
    with the models, by its component name, else its title, else its place."""
    token = builder.recursive.tokens[key]
    if token not in builder.recursive.drafts:
        component = builder.resolved.component_names.get(id(schema))
        title = schema.get("title")
        preferred = pascal_case(component or (str(title) if title else ""))
        builder.recursive.drafts[token] = Draft(
            token=token,
            kind=place.kind,
            preferred=preferred or place.name,
            context_name=place.name,
            description=schema.get("description"),
            location=builder.location(schema),
            titled=bool(preferred),
            parent=place.parent,
            suffix=place.suffix,
            alias=type_,
            component=component and str(component),
        )
    return AliasRef(token)


def component_aliases(builder: SchemaBuilder, used: set[int]) -> dict[str, Draft]:
    """A type alias draft for each component schema that is no model (a union,
    an array, a map, a scalar), on each side it was typed on, by token: named
    with the models (a request's takes ``Request`` where a response's has the
    plain name), so every component name is importable. A request's is left out
    where it is the response's type. ``used``: the schemas the operations' types
    hold, or another schema's."""
    components = (builder.resolved.data.get("components") or {}).get("schemas") or {}
    drafts: dict[str, Draft] = {}
    tokens: dict[TypeRef, str] = {}
    for key, schema in components.items():
        if not isinstance(schema, Mapping):
            continue
        tokens.clear()
        for kind in ("response", "request"):
            typed = builder.component_types.get((kind, id(schema)))
            if typed is None or not unnamed(builder, typed[0], str(key)):
                continue  # not typed on this side, or a named type already
            type_, nullable = typed
            if type_ in tokens:  # the request's is the response's type
                builder.alias_tokens[(kind, id(schema))] = tokens[type_]
                continue
            name = pascal_case(str(key))
            token = f"\0component{len(drafts)}"
            tokens[type_] = builder.alias_tokens[(kind, id(schema))] = token
            drafts[token] = Draft(
                token=token,
                kind=kind,
                preferred=name,
                context_name=name,
                description=schema.get("description"),
                location=builder.location(schema),
                alias=type_,
                recursive=False,
                nullable=nullable,
                component=str(key),
                used=id(schema) in used,
            )
    return drafts


def unnamed(builder: SchemaBuilder, type_: TypeRef, component: str) -> bool:
    """Whether component ``component`` of type ``type_`` is no model or alias
    under its own name. A model drafted for it, and a recursive alias, are; so is
    an allOf hierarchy (its base schema is the model of its name, the union of
    what extends it its type). A model drafted for another component (``allOf``
    of one ``$ref``) is not."""
    if isinstance(type_, ModelRef):
        owner = builder.draft_components.get(type_.name)
        return owner is None or pascal_case(owner) != pascal_case(component)
    if isinstance(type_, AliasRef):
        return False
    discriminator = type_.discriminator if isinstance(type_, UnionOf) else None
    return discriminator is None or discriminator.base is None


@dataclass
class Recursive:
    """The schemas that hold themselves with no model between: recursive type aliases,
    by (side, schema)."""

    tokens: dict[tuple[Kind, int], str] = field(default_factory=dict)
    # a reference met inside stands for null too (typed again once this is known)
    nullable: dict[tuple[Kind, int], bool] = field(default_factory=dict)
    done: dict[tuple[Kind, int], tuple[AliasRef, bool]] = field(default_factory=dict)
    drafts: dict[str, Draft] = field(default_factory=dict)  # token -> its alias
