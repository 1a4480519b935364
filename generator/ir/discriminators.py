"""A discriminator's tag, read from the spec: which union alternative each tag picks.

Pure functions over a schema's ``discriminator`` and the types already made for the
alternatives; the schema builder (``schemas``) types the alternatives and records what
they return.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Discriminator, Kind, MapOf, ModelRef, Primitive, TypeRef, UnionOf


def discriminator_of(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The schema's ``discriminator``, where it names a property."""
    discriminator = schema.get("discriminator")
    if isinstance(discriminator, Mapping) and isinstance(
        discriminator.get("propertyName"), str
    ):
        return discriminator
    return None


def explicit_tags(
    targets: tuple[tuple[str, Any], ...], alternative: object
) -> list[str]:
    """The tags the discriminator's mapping (``targets``: each tag and the schema its
    target resolves to, as ``ResolvedSpec.mappings`` has them) maps to
    ``alternative``: the very schema, or a ``$ref`` to it wrapped in an ``allOf`` of
    one (OpenAPI 3.1's ``$ref`` with siblings, 3.0's nullable ``$ref``)."""
    return [tag for tag, target in targets if resolves_to(alternative, target)]


def resolves_to(alternative: object, target: object) -> bool:
    """Whether a mapping target that resolves to ``target`` names ``alternative``."""
    if alternative is target:
        return True
    parts = alternative.get("allOf") if isinstance(alternative, Mapping) else None
    return isinstance(parts, list) and len(parts) == 1 and parts[0] is target


def tagged_union(
    discriminator: Mapping[str, Any],
    tags: UnionTags,
    options: list[TypeRef],
    kind: Kind,
    fallback: list[TypeRef],
) -> tuple[UnionOf, dict[str, list[str]]] | None:
    """The union of ``options`` picked by the discriminator's tag, and the tag values
    that pick each request model (model token -> values; empty for a response).

    ``tags``: the union's tags (:func:`union_tags`: the mapping's, and each
    alternative's component name, as openapi-core reads it, where no other has that
    name: two files may each have a ``Pet``, that name picks neither). None unless every alternative is a model
    or a union picked by a tag of its own (a nested discriminator: the outer tag
    picks it, its own tag one of its models), and has a tag. A response also takes ``fallback`` (else any object) for a tag the spec
    does not map; a request model's tag field becomes a ``Literal`` of its values,
    the first one its default (each model of a nested union takes its union's)."""
    property_name = str(discriminator["propertyName"])
    if not all(map(is_taggable, options)) or len(tags.by_option) != len(options):
        return None
    request_tags: dict[str, list[str]] = {}
    for index, values in tags.by_option.items():
        for token in picked_models(options[index]) if kind == "request" else ():
            known = request_tags.setdefault(token, [])
            known.extend(value for value in values if value not in known)
    every = list(options)
    fallback_index = None
    if kind == "response":
        unknown = fallback[0] if fallback else MapOf("string", Primitive("any"))
        if unknown not in every:
            every.append(unknown)
        fallback_index = every.index(unknown)
    union = UnionOf(
        tuple(every),
        discriminator=Discriminator(
            property_name, tuple(tags.indexes.items()), fallback_index
        ),
    )
    return union, request_tags


@dataclass(frozen=True)
class UnionTags:
    """A union's tags: each and the index in its options of the alternative it picks
    (``indexes``, in the order :func:`union_tags` gives), and the same grouped by
    that index (``by_option``; an alternative no tag picks has no entry)."""

    indexes: Mapping[str, int]
    by_option: Mapping[int, list[str]]


def union_tags(
    named: list[tuple[list[str], str | None, TypeRef]], options: list[TypeRef]
) -> UnionTags:
    """The tags of a union of ``options`` (``named``: each alternative's explicit
    tags, the mapping keys whose target resolves to it, its component name and its
    type): the tags the mapping writes, then each alternative's component name,
    mapped or not (as openapi-core reads it), where no other alternative has that
    name and no tag is that name already."""
    tags: dict[str, int] = {}
    for explicit, _, type_ in named:
        for tag in explicit:
            tags.setdefault(tag, options.index(type_))
    owners: dict[str, list[TypeRef]] = {}
    for _, name, type_ in named:
        if name is not None and type_ not in owners.setdefault(name, []):
            owners[name].append(type_)
    for _, name, type_ in named:
        if name is not None and name not in tags and len(owners[name]) == 1:
            tags[name] = options.index(type_)
    by_option: dict[int, list[str]] = {}
    for tag, index in tags.items():
        by_option.setdefault(index, []).append(tag)
    return UnionTags(tags, by_option)


def is_taggable(option: TypeRef) -> bool:
    """Whether a tag can pick ``option``: a model, or a union a tag of its own picks
    (which picks one of its models in turn)."""
    return isinstance(option, ModelRef) or (
        isinstance(option, UnionOf) and option.discriminator is not None
    )


def picked_models(option: TypeRef) -> list[str]:
    """The models a tag that picks ``option`` may end at: the model, or each model
    of a discriminated union (at any depth), its response fallback aside."""
    if isinstance(option, ModelRef):
        return [option.name]
    if not isinstance(option, UnionOf) or option.discriminator is None:
        return []
    fallback = option.discriminator.fallback
    return [
        token
        for index, inner in enumerate(option.options)
        if index != fallback
        for token in picked_models(inner)
    ]
