"""A discriminator's tag, read from the spec: which union alternative each tag picks.

Pure functions over a schema's ``discriminator`` and the types already made for the
alternatives; the schema builder (``schemas``) types the alternatives and records what
they return.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def targets_of(discriminator: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The discriminator's mapping: (tag value, the component name it maps to); a
    target is a reference (``#/components/schemas/Cat``) or a bare name (``Cat``)."""
    mapping = discriminator.get("mapping")
    if not isinstance(mapping, Mapping):
        return []
    return [
        (str(tag), str(target).rpartition("/")[2]) for tag, target in mapping.items()
    ]


def mapped_names(discriminator: Mapping[str, Any]) -> set[str]:
    """The component names the discriminator's mapping maps a tag to."""
    return {target for _, target in targets_of(discriminator)}


def tagged_union(
    discriminator: Mapping[str, Any],
    named: list[tuple[str | None, TypeRef]],
    options: list[TypeRef],
    kind: Kind,
    fallback: list[TypeRef],
) -> tuple[UnionOf, dict[str, list[str]]] | None:
    """The union of ``options`` picked by the discriminator's tag, and the tag values
    that pick each request model (model token -> values; empty for a response).

    Each mapping key names the alternative of the schema it maps to, and every
    alternative is also named by its component name (as openapi-core reads it). None
    unless every alternative is a model or a union picked by a tag of its own (a
    nested discriminator: the outer tag picks it, its own tag one of its models), and
    has a tag. A response also takes ``fallback`` (else any object) for a tag the spec
    does not map; a request model's tag field becomes a ``Literal`` of its values,
    the first one its default (each model of a nested union takes its union's)."""
    property_name = str(discriminator["propertyName"])
    tags: dict[str, int] = {}
    for tag, target in targets_of(discriminator):
        for name, type_ in named:
            if name == target and tag not in tags:
                tags[tag] = options.index(type_)
    for name, type_ in named:  # as openapi-core reads it, mapped or not
        if name is not None and name not in tags:
            tags[name] = options.index(type_)
    by_option: dict[int, list[str]] = {}
    for tag, index in tags.items():
        by_option.setdefault(index, []).append(tag)
    if not all(map(is_taggable, options)) or len(by_option) != len(options):
        return None
    request_tags: dict[str, list[str]] = {}
    for index, values in by_option.items():
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
        discriminator=Discriminator(property_name, tuple(tags.items()), fallback_index),
    )
    return union, request_tags


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
