"""Schemas to IR types: the normalize rules applied, object schemas drafted as models.

Every object schema becomes a model draft; identical shapes share one. The drafts are
named afterwards, all at once (``drafts``): by the component key, else the schema's
``title``, else where the schema sits. This module holds :class:`SchemaBuilder`, which
walks a schema to its type; object schemas are typed in ``objects``, unions in
``unions``, type aliases drafted in ``aliases``, an ``allOf`` folded in ``allof``. What
a discriminator's tags pick is read in ``discriminators``, what one schema's own
keywords say in ``keywords``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import aliases, normalize, objects, unions
from .aliases import Recursive
from .allof import merge_all_of
from ..errors import SpecError, join_pointer
from .drafts import Draft, Place
from .keywords import constraints_of, json_type_of
from .model import (
    AliasRef,
    ArrayOf,
    Choice,
    Kind,
    Location,
    MapOf,
    Primitive,
    TypeRef,
    UnionOf,
)
from .naming import pascal_case
from .objects import null_inside
from ..spec.resolve import ResolvedSpec
from .tags import TagField, TaggedAlternative

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
        # The schemas typed inside another (a field's, an item's, an option's...), and
        # the depth of the schema typed now: a component one holds is used by it.
        self.held: set[int] = set()
        self.depth = 0
        # The schemas being typed since the nearest model, each with the number of
        # arrays and maps entered when it was: one met again holds itself through
        # maps, arrays and unions alone (a model is named before its fields are typed,
        # so a cycle through one ends there), and becomes a recursive type alias.
        self.open: dict[int, int] = {}
        self.containers = 0  # arrays and maps entered, their items' types not done
        self.recursive = Recursive()
        # request model token -> the discriminator tags it carries, and their values
        self.tag_fields: dict[str, TagField] = {}
        # the alternatives of discriminated unions, each once (a set, in order met)
        self.tagged_alternatives: dict[TaggedAlternative, None] = {}
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
        return SpecError.at(self.location(node, *tokens), message)

    def warn(self, warning: SpecError) -> None:
        """Keep ``warning`` for the run's report, once (a schema is typed once per
        side, a union each time it is met)."""
        self.warnings.setdefault(str(warning), warning)

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
        if self.depth:
            self.held.add(id(schema))
        self.depth += 1
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
            reference = aliases.alias(self, schema, place, key, type_)
            self.recursive.done[key] = (reference, nullable)
            return reference, nullable
        finally:
            del self.open[id(schema)]
            self.depth -= 1

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
                parts = schema["allOf"]  # (merged, not typed: held all the same)
                self.held.update(map(id, parts if isinstance(parts, list) else ()))
                schema = merge_all_of(schema, notes=notes)
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
            self.warn(SpecError.at(where, overriding(earlier)))

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
                return unions.union(self, original, schema, keyword, place, nullable)
        holder = unions.discriminator_holder(self, original)
        if holder is not None and declared in (None, "object"):
            hierarchy = unions.hierarchy(self, original, holder, schema, place)
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
                    null_inside(item_type, null_items),
                ),
                nullable,
            )
        if declared == "object" or (declared is None and normalize.is_object(schema)):
            return objects.object_type(self, original, schema, place), nullable
        if declared in PRIMITIVE_TYPES:
            return (
                Primitive(declared, schema.get("format"), constraints_of(schema)),
                nullable,
            )
        if declared is None:
            return Primitive("any"), nullable
        raise self.error(original, f"unknown type {declared!r}", "type")


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
