"""Schemas to IR types: the normalize rules applied, object schemas drafted as models.

Every object schema becomes a model draft; identical shapes share one. The drafts are
named afterwards, all at once (``drafts``): by the component key, else the schema's
``title``, else where the schema sits. What a discriminator's tags pick is read in
``discriminators``, what one schema's own keywords say in ``keywords``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import normalize
from ..errors import SpecError, join_pointer
from .discriminators import discriminator_of, explicit_tags, resolves_to, tagged_union
from .drafts import Draft
from .keywords import constraints_of, description_of, json_type_of
from .model import (
    AliasRef,
    ArrayOf,
    Choice,
    Field,
    Kind,
    Location,
    MapOf,
    ModelRef,
    Presence,
    Primitive,
    TypeRef,
    UnionOf,
)
from .naming import is_usable_model_name, pascal_case
from ..spec.resolve import ResolvedSpec
from .tags import TagField, UnionTag

PRIMITIVE_TYPES = ("string", "integer", "number", "boolean")
# Arrays, maps and unions in one another (an object is a model of its own: it starts
# over); datamodel-code-generator gives out between 60 and 150.
MAX_NESTING = 32


def nesting(type_: TypeRef) -> int:
    """How deep arrays, maps and unions nest in ``type_`` (0 for a model or scalar)."""
    if isinstance(type_, ArrayOf):
        return 1 + nesting(type_.item)
    if isinstance(type_, MapOf):
        return 1 + nesting(type_.value)
    if isinstance(type_, UnionOf):
        return 1 + max(nesting(option) for option in type_.options)
    return 0


@dataclass(frozen=True)
class Place:
    """Where a schema sits: which side of the wire, and the name that place suggests."""

    kind: Kind
    name: str
    parent: str | None = None  # the token of the model this place is inside, if any
    suffix: str = ""  # the name of the place below that model

    def child(self, suffix: str) -> Place:
        part = pascal_case(suffix)
        return Place(self.kind, self.name + part, self.parent, self.suffix + part)


class SchemaBuilder:
    """Types the schemas of one spec, one at a time, as they are met.

    Each call of :meth:`type_of` gives a schema's type; an object schema with
    properties becomes a :class:`Draft` in ``drafts`` (one per distinct shape), named
    later by :func:`drafts.name_models`. ``reached`` holds the schemas typed so far,
    ``tag_fields`` the discriminator tags of each request model.
    """

    def __init__(self, resolved: ResolvedSpec) -> None:
        self.resolved = resolved
        self.drafts: dict[tuple[Kind, str, str, str | None], Draft] = {}
        self.reached: set[int] = set()
        # The schemas being typed since the nearest model, each with the number of
        # arrays and maps entered when it was: one met again holds itself through
        # maps, arrays and unions alone (a model is named before its fields are typed,
        # so a cycle through one ends there), and becomes a recursive type alias.
        self.open: dict[int, int] = {}
        self.containers = 0  # arrays and maps entered, their items' types not done
        self.recursive = Recursive()
        # request model token -> the discriminator tags it carries, and their values
        self.tag_fields: dict[str, TagField] = {}
        # model draft token -> the component it is drafted for, if any
        self.draft_components: dict[str, str | None] = {}
        # (side, component schema) -> its type and nullability, as first typed
        self.component_types: dict[tuple[Kind, int], tuple[TypeRef, bool]] = {}
        # (side, component schema) -> the token of its alias (``component_aliases``)
        self.alias_tokens: dict[tuple[Kind, int], str] = {}
        # What the spec says that is generated otherwise than it reads, located, each
        # once (a schema is typed once per side): a property two allOf parts define
        # so that no value meets both, which takes the later definition
        self.warnings: dict[str, SpecError] = {}
        components = resolved.data.get("components") or {}
        # An inline schema shaped exactly like a component is that component, as
        # Pipedrive's specs are published with every $ref already inlined.
        self.component_shapes = {
            normalize.canonical_shape(schema, resolved.component_names): pascal_case(
                str(key)
            )
            for key, schema in reversed(list((components.get("schemas") or {}).items()))
            if isinstance(schema, Mapping)
        }

    # -- locations -------------------------------------------------------------------

    def location(self, node: object, *tokens: object) -> Location:
        origin = self.resolved.origin(node)
        if origin is None:
            return Location("", "#", None)
        pointer = join_pointer(origin.pointer, *tokens)
        return Location(origin.document.name, pointer, origin.document.line_of(pointer))

    def error(self, node: object, message: str, *tokens: object) -> SpecError:
        where = self.location(node, *tokens)
        return SpecError(where.file, where.pointer, where.line, message)

    # -- types -----------------------------------------------------------------------

    def type_of(
        self, schema: Any, place: Place, at: tuple[object, ...] = ()
    ) -> tuple[TypeRef, bool]:
        """The type of ``schema`` and whether the spec lets it be null; ``at``: the
        node that holds it and the tokens from there, where an error is located."""
        if schema is True:  # OpenAPI 3.1: the schema any value, null too, meets
            return Primitive("any"), True
        if not isinstance(schema, Mapping):
            problem = (
                "schema false (no value is valid) is not supported here"
                if schema is False
                else "expected a schema"
            )
            if not at:
                raise SpecError("", "#", None, f"{problem} at {place.name}")
            raise self.error(at[0], problem, *at[1:])
        key = (place.kind, id(schema))
        known = self.recursive.done.get(key)
        if known is not None:  # an alias already: its name
            return known
        if id(schema) in self.open:
            if self.containers == self.open[id(schema)]:
                problem = (
                    "a schema that holds itself through unions and allOf alone "
                    "(with no array, map or object between) has no values"
                )
                raise self.error(schema, problem)
            tokens = self.recursive.tokens
            token = tokens.setdefault(key, f"\0alias{len(tokens)}")
            return AliasRef(token), self.recursive.nullable.get(key, False)
        self.open[id(schema)] = self.containers
        try:
            type_, nullable = self._checked_type_of(schema, place)
            if key not in self.recursive.tokens:
                if id(schema) in self.resolved.component_names:
                    self.component_types.setdefault(key, (type_, nullable))
                return type_, nullable
            if nullable and not self.recursive.nullable.get(key, False):
                # Typed again, now that the references inside know null is its value.
                self.recursive.nullable[key] = True
                type_, nullable = self._checked_type_of(schema, place)
            reference = self.alias(schema, place, key, type_)
            self.recursive.done[key] = (reference, nullable)
            return reference, nullable
        finally:
            del self.open[id(schema)]

    def alias(
        self,
        schema: Mapping[str, Any],
        place: Place,
        key: tuple[Kind, int],
        type_: TypeRef,
    ) -> AliasRef:
        """The recursive type alias ``schema`` is, its type ``type_``: a draft named
        with the models, by its component name, else its title, else its place."""
        token = self.recursive.tokens[key]
        if token not in self.recursive.drafts:
            component = self.resolved.component_names.get(id(schema))
            title = schema.get("title")
            preferred = pascal_case(component or (str(title) if title else ""))
            self.recursive.drafts[token] = Draft(
                token=token,
                kind=place.kind,
                preferred=preferred or place.name,
                context_name=place.name,
                description=schema.get("description"),
                location=self.location(schema),
                titled=bool(preferred),
                parent=place.parent,
                suffix=place.suffix,
                alias=type_,
                component=component and str(component),
            )
        return AliasRef(token)

    def component_aliases(self) -> dict[str, Draft]:
        """A type alias draft for each component schema that is no model (a union,
        an array, a map, a scalar), on each side it was typed on, by token: named
        with the models (a request's takes ``Request`` where a response's has the
        plain name), so every component name is importable. A request's is left out
        where it is the response's type."""
        components = (self.resolved.data.get("components") or {}).get("schemas") or {}
        drafts: dict[str, Draft] = {}
        tokens: dict[TypeRef, str] = {}
        for key, schema in components.items():
            if not isinstance(schema, Mapping):
                continue
            tokens.clear()
            for kind in ("response", "request"):
                typed = self.component_types.get((kind, id(schema)))
                if typed is None or not self.unnamed(typed[0], str(key)):
                    continue  # not typed on this side, or a named type already
                type_, nullable = typed
                if type_ in tokens:  # the request's is the response's type
                    self.alias_tokens[(kind, id(schema))] = tokens[type_]
                    continue
                name = pascal_case(str(key))
                token = f"\0component{len(drafts)}"
                tokens[type_] = self.alias_tokens[(kind, id(schema))] = token
                drafts[token] = Draft(
                    token=token,
                    kind=kind,
                    preferred=name,
                    context_name=name,
                    description=schema.get("description"),
                    location=self.location(schema),
                    alias=type_,
                    recursive=False,
                    nullable=nullable,
                    component=str(key),
                )
        return drafts

    def unnamed(self, type_: TypeRef, component: str) -> bool:
        """Whether component ``component`` of type ``type_`` is no model or alias
        under its own name. A model drafted for it, and a recursive alias, are; so is
        an allOf hierarchy (its base schema is the model of its name, the union of
        what extends it its type). A model drafted for another component (``allOf``
        of one ``$ref``) is not."""
        if isinstance(type_, ModelRef):
            owner = self.draft_components.get(type_.name)
            return owner is None or pascal_case(owner) != pascal_case(component)
        if isinstance(type_, AliasRef):
            return False
        discriminator = type_.discriminator if isinstance(type_, UnionOf) else None
        return discriminator is None or discriminator.base is None

    def contained_type_of(
        self, schema: Any, place: Place, at: tuple[object, ...] = ()
    ) -> tuple[TypeRef, bool]:
        """The type of an array's items or a map's values."""
        self.containers += 1
        try:
            return self.type_of(schema, place, at)
        finally:
            self.containers -= 1

    def _checked_type_of(
        self, schema: Mapping[str, Any], place: Place
    ) -> tuple[TypeRef, bool]:
        self.reached.add(id(schema))
        original = schema
        wrapped = normalize.wrapped_schema(schema)
        if wrapped is not None:  # OpenAPI 3.0's nullable $ref: the referenced type
            type_, nullable = self.type_of(wrapped, place)
            return type_, nullable or schema.get("nullable") is True
        notes: list[normalize.NormalizeError] = []
        try:
            if "allOf" in schema:
                schema = normalize.merge_all_of(schema, notes=notes)
            type_, nullable = self._type_of(original, schema, place)
        except normalize.NormalizeError as error:
            raise self._located(original, error) from None
        self._note_overrides(original, notes)
        if nesting(type_) > MAX_NESTING:  # datamodel-code-generator recurses on them
            problem = (
                f"arrays, maps and unions nested more than {MAX_NESTING} deep are "
                "not supported"
            )
            raise self.error(original, problem)
        return type_, nullable

    def _note_overrides(
        self, schema: Mapping[str, Any], notes: list[normalize.NormalizeError]
    ) -> None:
        """One warning for each definition an allOf uses over earlier ones that
        contradict it (its allOf's, and those of the allOf in its parts), naming them.
        """
        overridden: dict[tuple[str, str], tuple[Location, dict[str, str]]] = {}
        for note in notes:
            where = self.location(
                schema if note.node is None else note.node, *note.tokens
            )
            _, earlier = overridden.setdefault((where.file, where.pointer), (where, {}))
            for definition in note.overrides:
                place = self.location(definition.node, *definition.tokens)
                named = (
                    place.pointer
                    if place.file == where.file
                    else place.file + place.pointer
                )
                earlier.setdefault(named, definition.reason)
        for where, earlier in overridden.values():
            message = overriding(earlier)
            warning = SpecError(where.file, where.pointer, where.line, message)
            self.warnings.setdefault(str(warning), warning)

    def _located(
        self, schema: Mapping[str, Any], error: normalize.NormalizeError
    ) -> SpecError:
        """``error`` located under ``schema``, or under the node it names."""
        node = schema if error.node is None else error.node
        return self.error(node, str(error), *error.tokens)

    def _type_of(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: Place
    ) -> tuple[TypeRef, bool]:
        if "not" in schema:
            raise self.error(original, "'not' is not supported", "not")
        nullable = schema.get("nullable") is True
        declared = schema.get("type")
        if isinstance(declared, list):
            nullable = nullable or "null" in declared
            declared = [item for item in declared if item != "null"]
            if len(declared) == 1:
                declared = declared[0]
        for word, values in (
            ("enum", schema.get("enum")),
            ("const", [schema.get("const")]),
        ):
            if any(isinstance(value, (dict, list)) for value in values or ()):
                problem = f"{word} values that are objects or arrays are not supported"
                raise self.error(original, problem, word)
        if "enum" in schema:
            if not isinstance(schema["enum"], list) or not schema["enum"]:
                raise self.error(original, "enum must be a non-empty list", "enum")
            typed = (
                {**schema, "type": declared} if isinstance(declared, str) else schema
            )
            return (
                normalize.choice_of(typed, place.kind),
                nullable or None in schema["enum"],
            )
        if "const" in schema:
            return Choice(json_type_of(schema["const"]), (schema["const"],)), nullable
        if declared in ("null", []):  # OpenAPI 3.1: null is the only value
            return normalize.choice_of({"enum": [None]}, place.kind), True
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema and not normalize.presence_only(schema, keyword):
                return self.union(original, schema, keyword, place, nullable)
        holder = self.discriminator_holder(original)
        if holder is not None and declared in (None, "object"):
            hierarchy = self.hierarchy(original, holder, schema, place)
            if hierarchy is not None:
                return hierarchy, nullable
        if isinstance(declared, list):
            options = tuple(self.type_of({"type": item}, place)[0] for item in declared)
            return UnionOf(options), nullable
        if declared == "array" or (declared is None and "items" in schema):
            item_type, null_items = self.contained_type_of(
                schema.get("items") or {}, place.child("Item"), (original, "items")
            )
            return (
                ArrayOf(
                    item_type,
                    constraints_of(schema),
                    _null_inside(item_type, null_items),
                ),
                nullable,
            )
        if declared == "object" or (declared is None and normalize.is_object(schema)):
            return self.object_type(original, schema, place), nullable
        if declared in PRIMITIVE_TYPES:
            return (
                Primitive(declared, schema.get("format"), constraints_of(schema)),
                nullable,
            )
        if declared is None:
            return Primitive("any"), nullable
        raise self.error(original, f"unknown type {declared!r}", "type")

    def union(
        self,
        original: Mapping[str, Any],
        schema: Mapping[str, Any],
        keyword: str,
        place: Place,
        nullable: bool,
    ) -> tuple[TypeRef, bool]:
        options: list[TypeRef] = []
        # each alternative's explicit tags, component name and type
        named: list[tuple[list[str], str | None, TypeRef]] = []
        holder = self.discriminator_holder(original) or original
        targets = self.resolved.mappings.get(id(holder), ())
        labels = self.option_labels(schema, keyword, targets)
        # Where an alternative is written: ``original``'s own, unless allOf merged it.
        own = original.get(keyword) is schema[keyword]
        written: list[tuple[tuple[object, ...], TypeRef]] = []  # where, type
        for index, (option, label) in enumerate(
            zip(schema[keyword], labels, strict=True)
        ):
            if isinstance(option, Mapping) and option.get("type") == "null":
                nullable = True
                continue
            if option is False:  # 3.1: no value meets it, so it adds none
                continue
            at = (original, keyword, index) if own else (original,)
            option_type, option_nullable = self.type_of(option, place.child(label), at)
            nullable = nullable or option_nullable
            named.append(
                (
                    explicit_tags(targets, option),
                    self.resolved.component_names.get(id(option)),
                    option_type,
                )
            )
            written.append((at, option_type))
            if option_type not in options:
                options.append(option_type)
        if not options:
            raise self.error(original, f"{keyword} has no usable alternative", keyword)
        if len(options) == 1:
            return options[0], nullable
        exclusive = keyword == "oneOf"
        discriminator = discriminator_of(holder)
        if discriminator is not None:
            self.check_mapping(holder, discriminator, schema[keyword], keyword)
            self.check_alternatives(discriminator, named, written)
            tagged = self.tagged(
                original, discriminator, named, options, place.kind, []
            )
            if tagged is not None:
                return replace(tagged, exclusive=exclusive), nullable
        return UnionOf(tuple(options), exclusive=exclusive), nullable

    def discriminator_holder(
        self, original: Mapping[str, Any]
    ) -> Mapping[str, Any] | None:
        """The schema whose ``discriminator`` is ``original``'s: ``original`` itself,
        or a part of its ``allOf`` written inside it (``Cat: {allOf: [$ref Pet,
        {discriminator: ...}]}`` says what ``Cat: {allOf: [...], discriminator: ...}``
        says); a part it reaches by ``$ref`` is another schema, whose discriminator is
        its own. Two different ones are an error; None where there is none."""
        holders = [
            schema
            for schema in self.written_parts(original)
            if discriminator_of(schema) is not None
        ]
        for other in holders[1:]:
            if other["discriminator"] != holders[0]["discriminator"]:
                first = self.location(holders[0], "discriminator")
                raise self.error(
                    other,
                    "a second discriminator for this schema, unlike the one at "
                    f"{first.file}:{first.line} {first.pointer}: write one",
                    "discriminator",
                )
        return holders[0] if holders else None

    def written_parts(self, schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        """``schema`` and the parts of its ``allOf`` written inside it (at any depth),
        not those it reaches by ``$ref``."""
        found = [schema]
        origin = self.resolved.origin(schema)
        parts = schema.get("allOf")
        if origin is None or not isinstance(parts, list):
            return found
        for index, part in enumerate(parts):
            at = self.resolved.origin(part)
            if (
                isinstance(part, Mapping)
                and at is not None
                and at.document is origin.document
                and at.pointer == join_pointer(origin.pointer, "allOf", index)
            ):
                found.extend(self.written_parts(part))
        return found

    def hierarchy(
        self,
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
        components = (self.resolved.data.get("components") or {}).get("schemas") or {}
        targets = self.resolved.mappings.get(id(holder), ())
        named: list[tuple[list[str], str | None, TypeRef]] = []
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
                    (self.resolved.component_names.get(id(target)), target)
                )
        for name, component in candidates:
            parts = component.get("allOf")
            extends = isinstance(parts, list) and any(p is original for p in parts)
            explicit = [tag for tag, target in targets if target is component]
            if component is original and explicit:
                base = self.object_type(original, schema, place)
                named.append((explicit, name, base))
                options.append(base)
            elif extends or explicit:
                label = name or explicit[0]
                option_type, _ = self.type_of(component, place.child(label))
                named.append((explicit, name, option_type))
                if option_type not in options:
                    options.append(option_type)
        if not options or discriminator is None:
            return None
        if base is None:
            base = self.object_type(original, schema, place)
        fallback = [base] if place.kind == "response" else []
        union = self.tagged(
            original, discriminator, named, options, place.kind, fallback
        )
        if union is None or union.discriminator is None:
            return union
        return replace(union, discriminator=replace(union.discriminator, base=base))

    def check_mapping(
        self,
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
        for tag, target in self.resolved.mappings.get(id(original), ()):
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
            warning = self.error(
                original,
                f"discriminator mapping {tag!r}: {str(text)!r} is not one of the "
                f"{keyword} alternatives{why}; the tag picks none of them",
                "discriminator",
                "mapping",
                tag,
            )
            self.warnings.setdefault(str(warning), warning)

    def check_alternatives(
        self,
        discriminator: Mapping[str, Any],
        named: list[tuple[list[str], str | None, TypeRef]],
        written: list[tuple[tuple[object, ...], TypeRef]],
    ) -> None:
        """What would make an alternative unreachable by the tag without a word: two
        alternatives of one component name (from two files) that the mapping does not
        tell apart, and a nested union told apart by the same property (one value
        cannot pick both the union and one of its models)."""
        property_name = str(discriminator["propertyName"])
        seen: dict[str, TypeRef] = {}
        for (explicit, name, type_), (at, _) in zip(named, written, strict=True):
            if name is not None and seen.setdefault(name, type_) != type_:
                if not explicit or not all(
                    tags for tags, other, _ in named if other == name
                ):
                    problem = (
                        f"two alternatives are named {name!r} (each file's own): "
                        "map a tag to each in the discriminator's mapping"
                    )
                    raise self.error(at[0], problem, *at[1:])
            inner = type_.discriminator if isinstance(type_, UnionOf) else None
            if inner is not None and inner.property == property_name:
                problem = (
                    f"a nested union told apart by the same property "
                    f"{property_name!r} as this one is not supported: one value "
                    "cannot pick both the union and one of its models"
                )
                raise self.error(at[0], problem, *at[1:])

    def tagged(
        self,
        original: Mapping[str, Any],
        discriminator: Mapping[str, Any],
        named: list[tuple[list[str], str | None, TypeRef]],
        options: list[TypeRef],
        kind: Kind,
        fallback: list[TypeRef],
    ) -> UnionOf | None:
        """The union picked by the discriminator's tag (see
        :func:`discriminators.tagged_union`); the tag values of each request model are
        kept for its tag field, with where the union (``original``) is."""
        tagged = tagged_union(discriminator, named, options, kind, fallback)
        if tagged is None:
            return None
        union, request_tags = tagged
        property_name = str(discriminator["propertyName"])
        where = self.location(original, "discriminator")
        for token, values in request_tags.items():
            unions = self.tag_fields.setdefault(token, {}).setdefault(property_name, [])
            pick = UnionTag(tuple(values), where)
            if pick not in unions:
                unions.append(pick)
        return union

    def option_labels(
        self,
        schema: Mapping[str, Any],
        keyword: str,
        targets: tuple[tuple[str, Any], ...],
    ) -> list[str]:
        """What names each alternative of a union where it has no name of its own."""
        mapped = [
            next(iter(explicit_tags(targets, option)), None)
            for option in schema[keyword]
        ]
        names = [
            self.resolved.component_names.get(id(option))
            or (option.get("title") if isinstance(option, Mapping) else None)
            for option in schema[keyword]
        ]
        return normalize.union_labels(schema, keyword, names, mapped)

    def object_type(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: Place
    ) -> TypeRef:
        value = normalize.placeholder_value(schema, self.resolved.component_names)
        if value is not None:
            value_place = place
            if not value.get("title") and schema.get("title"):
                value_place = Place(place.kind, pascal_case(str(schema["title"])))
            value_type, null_values = self.contained_type_of(value, value_place)
            return MapOf("integer", value_type, _null_inside(value_type, null_values))
        if schema.get("properties"):
            return ModelRef(self.model(original, schema, place))
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            value_type, null_values = self.contained_type_of(
                extra, place.child("Value")
            )
            return MapOf("string", value_type, _null_inside(value_type, null_values))
        return MapOf("string", Primitive("any"))

    def model(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: Place
    ) -> str:
        title = schema.get("title")
        shape = normalize.canonical_shape(original, self.resolved.component_names)
        # A component keeps its own name whatever other component has its shape (the
        # spec's operations are typed by the names the spec gives them); a schema
        # written inline takes the name of a component of its shape.
        component = self.resolved.component_names.get(id(original))
        if component is None and not title:
            component = self.component_shapes.get(shape)
        key = (place.kind, str(title or ""), shape, component)
        if key in self.drafts:
            return self.drafts[key].token
        preferred = (
            pascal_case(component or (str(title) if title else "")) or place.name
        )
        draft = Draft(
            token=f"\0{len(self.drafts)}",
            kind=place.kind,
            preferred=preferred,
            context_name=place.name,
            description=schema.get("description"),
            location=self.location(original),
            titled=bool(component or title),
            parent=place.parent,
            suffix=place.suffix,
            component=component and str(component),
        )
        self.drafts[key] = draft
        self.draft_components[draft.token] = component
        inner = Place(
            place.kind,
            preferred if is_usable_model_name(preferred) else place.name,
            draft.token,
        )
        outer, self.open = self.open, {}
        try:
            self.fill(draft, original, schema, place, inner)
        finally:
            self.open = outer
        return draft.token

    def fill(
        self,
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
            raise self.error(original, problem, "properties")
        for name, property_schema in schema["properties"].items():
            if property_schema is False:  # 3.1: never present, so never a field
                continue
            if not isinstance(property_schema, Mapping) and property_schema is not True:
                problem = f"property {name!r} is not a schema"
                raise self.error(original, problem, "properties", name)
            if normalize.is_flagged(property_schema, _LEFT_OUT[place.kind]):
                continue  # readOnly is never sent, writeOnly never received
            property_type, nullable = self.type_of(
                property_schema, inner.child(str(name))
            )
            draft.fields.append(
                Field(
                    name=str(name),
                    type=property_type,
                    required=name in required,
                    nullable=nullable,
                    description=description_of(property_schema),
                    location=self.location(original, "properties", name),
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
                        location=self.location(original, *where),
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
            draft.extra, nullable = self.type_of(extra, inner.child("Value"))
            draft.nullable_extra = _null_inside(draft.extra, nullable)
        elif isinstance(extra, Mapping):
            draft.extra = True
        else:
            draft.extra = bool(extra)


# The flag that leaves a property out of the models of each side.
_LEFT_OUT = {"request": "readOnly", "response": "writeOnly"}


@dataclass
class Recursive:
    """The schemas that hold themselves with no model between: recursive type aliases,
    by (side, schema)."""

    tokens: dict[tuple[Kind, int], str] = field(default_factory=dict)
    # a reference met inside stands for null too (typed again once this is known)
    nullable: dict[tuple[Kind, int], bool] = field(default_factory=dict)
    done: dict[tuple[Kind, int], tuple[AliasRef, bool]] = field(default_factory=dict)
    drafts: dict[str, Draft] = field(default_factory=dict)  # token -> its alias


def _null_inside(type_: TypeRef, nullable: bool) -> bool:
    """Whether an array's items or a map's values may be null, beyond their type: a
    value of no type at all (``Primitive("any")``) is null already."""
    return nullable and type_ != Primitive("any")


# Overridden definitions named by a warning, at most; the others are counted.
_NAMED = 3


def overriding(earlier: Mapping[str, str]) -> str:
    """What a warning says of an allOf's definition used over ``earlier`` ones (their
    place -> why no value meets both)."""
    named = [f"{place} ({reason})" for place, reason in list(earlier.items())[:_NAMED]]
    if len(earlier) == 1:
        ((place, reason),) = earlier.items()
        return f"this definition is used, overriding {place}, which contradicts it: {reason}"
    more = f" and {len(earlier) - _NAMED} more" if len(earlier) > _NAMED else ""
    return (
        f"this definition is used, overriding {len(earlier)} earlier definitions "
        f"that contradict it: {', '.join(named)}{more}"
    )
