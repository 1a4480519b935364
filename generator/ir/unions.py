"""``oneOf``/``anyOf`` and discriminator hierarchies typed as unions.

An alternative's type comes from the :class:`~.schemas.SchemaBuilder` these
functions are given; a discriminator's tags are read in ``discriminators``, its
mapping checked here against the alternatives, with located warnings and errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import join_pointer
from .discriminators import (
    discriminator_of,
    explicit_tags,
    resolves_to,
    UnionTags,
    tagged_union,
    union_tags,
)
from .drafts import Place
from .labels import union_labels
from .objects import object_type
from .model import (
    Kind,
    TypeRef,
    UnionOf,
)
from .tags import TaggedAlternative, UnionTag

if TYPE_CHECKING:
    from .schemas import SchemaBuilder


def union(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    schema: Mapping[str, Any],
    keyword: str,
    place: Place,
    nullable: bool,
) -> tuple[TypeRef, bool]:
    options: list[TypeRef] = []
    # each alternative's explicit tags, component name and type
    named: list[tuple[list[str], str | None, TypeRef]] = []
    holder = discriminator_holder(builder, original) or original
    targets = builder.resolved.mappings.get(id(holder), ())
    # each alternative's tags in the discriminator's mapping, found once
    tags = [explicit_tags(targets, option) for option in schema[keyword]]
    labels = option_labels(builder, schema, keyword, tags)
    # Where an alternative is written: ``original``'s own, unless allOf merged it.
    own = original.get(keyword) is schema[keyword]
    # where each is written, what names it, its type
    written: list[tuple[tuple[object, ...], str, TypeRef]] = []
    for index, (option, label, explicit) in enumerate(
        zip(schema[keyword], labels, tags, strict=True)
    ):
        if isinstance(option, Mapping) and option.get("type") == "null":
            nullable = True
            continue
        if option is False:  # 3.1: no value meets it, so it adds none
            continue
        at = (original, keyword, index) if own else (original,)
        option_type, option_nullable = builder.type_of(option, place.child(label), at)
        nullable = nullable or option_nullable
        name = builder.resolved.component_names.get(id(option))
        named.append((explicit, name, option_type))
        written.append((at, name or label, option_type))
        if option_type not in options:
            options.append(option_type)
    if not options:
        raise builder.error(original, f"{keyword} has no usable alternative", keyword)
    if len(options) == 1:
        return options[0], nullable
    exclusive = keyword == "oneOf"
    discriminator = discriminator_of(holder)
    if discriminator is not None:
        tagging = union_tags(named, options)
        record_tag_types(builder, holder, discriminator, written, options, tagging)
        check_mapping(builder, holder, discriminator, schema[keyword], keyword)
        check_alternatives(builder, discriminator, named, written)
        picked = tagged(
            builder,
            original,
            discriminator,
            tagging,
            options,
            place.kind,
            [],
        )
        if picked is not None:
            return replace(picked, exclusive=exclusive), nullable
    return UnionOf(tuple(options), exclusive=exclusive), nullable


def discriminator_holder(
    builder: SchemaBuilder, original: Mapping[str, Any]
) -> Mapping[str, Any] | None:
    """The schema whose ``discriminator`` is ``original``'s: ``original`` itself,
    or a part of its ``allOf`` written inside it (``Cat: {allOf: [$ref Pet,
    {discriminator: ...}]}`` says what ``Cat: {allOf: [...], discriminator: ...}``
    says); a part it reaches by ``$ref`` is another schema, whose discriminator is
    its own. Two different ones are an error; None where there is none."""
    holders = [
        schema
        for schema in written_parts(builder, original)
        if discriminator_of(schema) is not None
    ]
    for other in holders[1:]:
        if other["discriminator"] != holders[0]["discriminator"]:
            first = builder.location(holders[0], "discriminator")
            raise builder.error(
                other,
                "a second discriminator for this schema, unlike the one at "
                f"{first.file}:{first.line} {first.pointer}: write one",
                "discriminator",
            )
    return holders[0] if holders else None


def written_parts(
    builder: SchemaBuilder, schema: Mapping[str, Any]
) -> list[Mapping[str, Any]]:
    """``schema`` and the parts of its ``allOf`` written inside it (at any depth),
    not those it reaches by ``$ref``."""
    found = [schema]
    origin = builder.resolved.origin(schema)
    parts = schema.get("allOf")
    if origin is None or not isinstance(parts, list):
        return found
    for index, part in enumerate(parts):
        at = builder.resolved.origin(part)
        if (
            isinstance(part, Mapping)
            and at is not None
            and at.document is origin.document
            and at.pointer == join_pointer(origin.pointer, "allOf", index)
        ):
            found.extend(written_parts(builder, part))
    return found


def hierarchy(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    holder: Mapping[str, Any],
    schema: Mapping[str, Any],
    place: Place,
) -> UnionOf | None:
    """A base schema with a ``discriminator`` (and no ``oneOf``; ``holder``: the
    schema that says it, ``original`` or a part of its ``allOf``) stands for the
    schemas that extend it with ``allOf`` (or that its mapping names): a union of
    them by tag; a response with a tag it does not map parses as the base itself.
    None where nothing extends it."""
    discriminator = discriminator_of(holder)
    components = (builder.resolved.data.get("components") or {}).get("schemas") or {}
    targets = builder.resolved.mappings.get(id(holder), ())
    named: list[tuple[list[str], str | None, TypeRef]] = []
    written: list[tuple[tuple[object, ...], str, TypeRef]] = []
    options: list[TypeRef] = []
    base: TypeRef | None = None
    # The components that extend it or that its mapping names, then the schemas
    # of other files its mapping names.
    candidates: list[tuple[str | None, Mapping[str, Any]]] = [
        (str(key), component)
        for key, component in components.items()
        if isinstance(component, Mapping)
    ]
    for _, target in targets:
        if isinstance(target, Mapping) and not any(
            target is component for _, component in candidates
        ):
            candidates.append(
                (builder.resolved.component_names.get(id(target)), target)
            )
    for name, component in candidates:
        parts = component.get("allOf")
        extends = isinstance(parts, list) and any(p is original for p in parts)
        explicit = [tag for tag, target in targets if target is component]
        if component is original and explicit:
            base = object_type(builder, original, schema, place)
            named.append((explicit, name, base))
            written.append(((original,), name or explicit[0], base))
            options.append(base)
        elif extends or explicit:
            label = name or explicit[0]
            option_type, _ = builder.type_of(component, place.child(label))
            named.append((explicit, name, option_type))
            written.append(((component,), label, option_type))
            if option_type not in options:
                options.append(option_type)
    if not options or discriminator is None:
        return None
    tagging = union_tags(named, options)
    record_tag_types(builder, holder, discriminator, written, options, tagging)
    if base is None:
        base = object_type(builder, original, schema, place)
    fallback = [base] if place.kind == "response" else []
    union = tagged(
        builder,
        original,
        discriminator,
        tagging,
        options,
        place.kind,
        fallback,
    )
    if union is None or union.discriminator is None:
        return union
    return replace(union, discriminator=replace(union.discriminator, base=base))


def check_mapping(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    discriminator: Mapping[str, Any],
    alternatives: list[Any],
    keyword: str,
) -> None:
    """Each target of the discriminator's mapping is one of the union's
    ``alternatives``; one that is not picks nothing (a body of its tag is parsed as
    an unmapped tag's), said in a located warning, never without a word (the
    resolver saw that each names a schema)."""
    mapping = discriminator.get("mapping")
    for tag, target in builder.resolved.mappings.get(id(original), ()):
        if any(resolves_to(option, target) for option in alternatives):
            continue
        nested = any(
            resolves_to(inner, target)
            for option in alternatives
            if isinstance(option, Mapping)
            for inner in (option.get("oneOf") or option.get("anyOf") or ())
        )
        why = (
            ": a model of a nested union is picked by that union's own tag, "
            "mapping it from this one is not supported"
            if nested
            else ""
        )
        text = mapping[tag] if isinstance(mapping, Mapping) else tag
        warning = builder.error(
            original,
            f"discriminator mapping {tag!r}: {str(text)!r} is not one of the "
            f"{keyword} alternatives{why}; the tag picks none of them",
            "discriminator",
            "mapping",
            tag,
        )
        builder.warn(warning)


def record_tag_types(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    discriminator: Mapping[str, Any],
    written: list[tuple[tuple[object, ...], str, TypeRef]],
    options: list[TypeRef],
    tags: UnionTags,
) -> None:
    """Keep each alternative (``written``: where, what names it, its type;
    ``options``: the union's types) in the builder's ``tagged_alternatives``, for a
    located warning where its tag property holds no string its tags are
    (``tags.untagged_alternatives``, once every model is typed): once per type, named
    as first written, with every tag that picks it (``tags.by_option``: the
    mapping's tags and component names, those of an ``allOf`` alias of it too)."""
    property_name = str(discriminator["propertyName"])
    where = builder.location(original, "discriminator")
    for index, type_ in enumerate(options):
        label = next(label for _, label, other in written if other == type_)
        picking = tuple(tags.by_option.get(index, ()))
        alternative = TaggedAlternative(where, property_name, label, type_, picking)
        builder.tagged_alternatives.setdefault(alternative)


def check_alternatives(
    builder: SchemaBuilder,
    discriminator: Mapping[str, Any],
    named: list[tuple[list[str], str | None, TypeRef]],
    written: list[tuple[tuple[object, ...], str, TypeRef]],
) -> None:
    """What would make an alternative unreachable by the tag without a word: two
    alternatives of one component name (from two files) that the mapping does not
    tell apart, and a nested union told apart by the same property (one value
    cannot pick both the union and one of its models)."""
    property_name = str(discriminator["propertyName"])
    seen: dict[str, TypeRef] = {}
    for (explicit, name, type_), (at, _, _) in zip(named, written, strict=True):
        if name is not None and seen.setdefault(name, type_) != type_:
            if not explicit or not all(
                tags for tags, other, _ in named if other == name
            ):
                problem = (
                    f"two alternatives are named {name!r} (each file's own): "
                    "map a tag to each in the discriminator's mapping"
                )
                raise builder.error(at[0], problem, *at[1:])
        inner = type_.discriminator if isinstance(type_, UnionOf) else None
        if inner is not None and inner.property == property_name:
            problem = (
                f"a nested union told apart by the same property "
                f"{property_name!r} as this one is not supported: one value "
                "cannot pick both the union and one of its models"
            )
            raise builder.error(at[0], problem, *at[1:])


def tagged(
    builder: SchemaBuilder,
    original: Mapping[str, Any],
    discriminator: Mapping[str, Any],
    tags: UnionTags,
    options: list[TypeRef],
    kind: Kind,
    fallback: list[TypeRef],
) -> UnionOf | None:
    """The union picked by the discriminator's tag (see
    :func:`discriminators.tagged_union`, ``tags`` its ``union_tags``); the tag values
    of each request model are kept for its tag field, with where the union
    (``original``) is."""
    tagged = tagged_union(discriminator, tags, options, kind, fallback)
    if tagged is None:
        return None
    union, request_tags = tagged
    property_name = str(discriminator["propertyName"])
    where = builder.location(original, "discriminator")
    for token, values in request_tags.items():
        unions = builder.tag_fields.setdefault(token, {}).setdefault(property_name, [])
        pick = UnionTag(tuple(values), where)
        if pick not in unions:
            unions.append(pick)
    return union


def option_labels(
    builder: SchemaBuilder,
    schema: Mapping[str, Any],
    keyword: str,
    tags: list[list[str]],
) -> list[str]:
    """What names each alternative of a union where it has no name of its own
    (``tags``: each one's tags in the discriminator's mapping)."""
    mapped = [explicit[0] if explicit else None for explicit in tags]
    names = [
        builder.resolved.component_names.get(id(option))
        or (option.get("title") if isinstance(option, Mapping) else None)
        for option in schema[keyword]
    ]
    return union_labels(schema, keyword, names, mapped)
