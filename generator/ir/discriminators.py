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
    unless every alternative is a model with a tag. A response also takes ``fallback``
    (else any object) for a tag the spec does not map; a request model's tag field
    becomes a ``Literal`` of its values, the first one its default."""
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
    if any(not isinstance(option, ModelRef) for option in options) or len(
        by_option
    ) != len(options):
        return None
    request_tags: dict[str, list[str]] = {}
    for index, values in by_option.items():
        option = options[index]
        if kind == "request" and isinstance(option, ModelRef):
            request_tags[option.name] = values
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
