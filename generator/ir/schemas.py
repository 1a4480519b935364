"""Schemas to IR types: the normalize rules applied, object schemas made named models.

Every object schema becomes a model; identical shapes share one; names come from the
component key, else the schema's ``title``, else where the schema sits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import normalize
from ..errors import SpecError, join_pointer
from .model import (
    ArrayOf,
    Choice,
    Constraints,
    Discriminator,
    Field,
    Kind,
    Location,
    MapOf,
    Model,
    ModelRef,
    Primitive,
    TypeRef,
    UnionOf,
)
from .naming import (
    choose_model_name,
    is_usable_model_name,
    pascal_case,
)
from ..spec.resolve import ResolvedSpec

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


@dataclass
class _Draft:
    token: str
    kind: Kind
    preferred: str
    context_name: str
    description: str | None
    location: Location
    fields: list[Field] = field(default_factory=list)
    extra: TypeRef | bool = True
    nullable_extra: bool = False
    titled: bool = True  # ``preferred`` is its component name or title, not its place
    parent: str | None = None  # named after the final name of this model ...
    suffix: str = ""  # ... followed by this, rather than by ``context_name``


class SchemaBuilder:
    def __init__(self, resolved: ResolvedSpec) -> None:
        self.resolved = resolved
        self.drafts: dict[tuple[Kind, str, str, str | None], _Draft] = {}
        self.reached: set[int] = set()
        # The schemas being typed since the nearest model: one met again holds itself
        # through maps, arrays and unions alone (a model is named before its fields
        # are typed, so a cycle through one ends there).
        self.open: set[int] = set()
        # request model token -> the discriminator tag it carries, and its values
        self.tag_fields: dict[str, tuple[str, list[str]]] = {}
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

    # -- operations ------------------------------------------------------------------

    def type_of(self, schema: Any, place: Place) -> tuple[TypeRef, bool]:
        """The type of ``schema`` and whether the spec lets it be null."""
        if schema is True:  # OpenAPI 3.1: the schema any value, null too, meets
            return Primitive("any"), True
        if not isinstance(schema, Mapping):
            raise SpecError("", "#", None, f"expected a schema at {place.name}")
        if id(schema) in self.open:
            problem = (
                "a schema that holds itself through unions, allOf, arrays or maps "
                "alone (no object of named properties between: it would need a "
                "recursive type alias) is not supported"
            )
            raise self.error(schema, problem)
        self.open.add(id(schema))
        try:
            return self._checked_type_of(schema, place)
        finally:
            self.open.discard(id(schema))

    def _checked_type_of(
        self, schema: Mapping[str, Any], place: Place
    ) -> tuple[TypeRef, bool]:
        self.reached.add(id(schema))
        original = schema
        wrapped = normalize.wrapped_schema(schema)
        if wrapped is not None:  # OpenAPI 3.0's nullable $ref: the referenced type
            type_, nullable = self.type_of(wrapped, place)
            return type_, nullable or schema.get("nullable") is True
        try:
            if "allOf" in schema:
                schema = normalize.merge_all_of(schema)
            type_, nullable = self._type_of(original, schema, place)
        except normalize.NormalizeError as error:
            raise self.error(original, str(error), *error.tokens) from None
        if nesting(type_) > MAX_NESTING:  # datamodel-code-generator recurses on them
            problem = (
                f"arrays, maps and unions nested more than {MAX_NESTING} deep are "
                "not supported"
            )
            raise self.error(original, problem)
        return type_, nullable

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
            return Choice(_json_type(schema["const"]), (schema["const"],)), nullable
        for keyword in ("oneOf", "anyOf"):
            if keyword in schema and not normalize.presence_only(schema, keyword):
                return self.union(original, schema, keyword, place, nullable)
        if _discriminator(original) is not None and declared in (None, "object"):
            hierarchy = self.hierarchy(original, schema, place)
            if hierarchy is not None:
                return hierarchy, nullable
        if isinstance(declared, list):
            options = tuple(self.type_of({"type": item}, place)[0] for item in declared)
            return UnionOf(options), nullable
        if declared == "array" or (declared is None and "items" in schema):
            item_type, null_items = self.type_of(
                schema.get("items") or {}, place.child("Item")
            )
            return (
                ArrayOf(
                    item_type, _constraints(schema), _null_inside(item_type, null_items)
                ),
                nullable,
            )
        if declared == "object" or (declared is None and normalize.is_object(schema)):
            return self.object_type(original, schema, place), nullable
        if declared in PRIMITIVE_TYPES:
            return (
                Primitive(declared, schema.get("format"), _constraints(schema)),
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
        named: list[tuple[str | None, TypeRef]] = []  # component name, type
        labels = self.option_labels(schema, keyword)
        for option, label in zip(schema[keyword], labels, strict=True):
            if isinstance(option, Mapping) and option.get("type") == "null":
                nullable = True
                continue
            option_type, option_nullable = self.type_of(option, place.child(label))
            nullable = nullable or option_nullable
            named.append((self.resolved.component_names.get(id(option)), option_type))
            if option_type not in options:
                options.append(option_type)
        if not options:
            raise self.error(original, f"{keyword} has no usable alternative", keyword)
        if len(options) == 1:
            return options[0], nullable
        exclusive = keyword == "oneOf"
        discriminator = _discriminator(original)
        if discriminator is not None:
            tagged = self.tagged(discriminator, named, options, place.kind, [])
            if tagged is not None:
                return replace(tagged, exclusive=exclusive), nullable
        return UnionOf(tuple(options), exclusive=exclusive), nullable

    def hierarchy(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: Place
    ) -> UnionOf | None:
        """A base schema with a ``discriminator`` (and no ``oneOf``) stands for the
        schemas that extend it with ``allOf`` (or that its mapping names): a union of
        them by tag; a response with a tag it does not map parses as the base itself.
        None where nothing extends it."""
        discriminator = _discriminator(original)
        components = (self.resolved.data.get("components") or {}).get("schemas") or {}
        targets = _mapped(discriminator or {})
        named: list[tuple[str | None, TypeRef]] = []
        options: list[TypeRef] = []
        base: TypeRef | None = None
        for key, component in components.items():
            if not isinstance(component, Mapping):
                continue
            parts = component.get("allOf")
            extends = isinstance(parts, list) and any(p is original for p in parts)
            if component is original and str(key) in targets:
                base = self.object_type(original, schema, place)
                named.append((str(key), base))
                options.append(base)
            elif extends or str(key) in targets:
                option_type, _ = self.type_of(component, place.child(str(key)))
                named.append((str(key), option_type))
                if option_type not in options:
                    options.append(option_type)
        if not options or discriminator is None:
            return None
        fallback: list[TypeRef] = []
        if place.kind == "response":
            if base is None:
                base = self.object_type(original, schema, place)
            fallback = [base]
        return self.tagged(discriminator, named, options, place.kind, fallback)

    def tagged(
        self,
        discriminator: Mapping[str, Any],
        named: list[tuple[str | None, TypeRef]],
        options: list[TypeRef],
        kind: Kind,
        fallback: list[TypeRef],
    ) -> UnionOf | None:
        """The union of ``options`` picked by the discriminator's tag: each mapping key
        names the alternative of the schema it maps to, and every alternative is also
        named by its component name (as openapi-core reads it). None unless every
        alternative is a model with a tag. A response also takes ``fallback`` (else any object) for a tag
        the spec does not map; a request model's tag field is a ``Literal`` of its
        values, the first one its default."""
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
        for index, values in by_option.items():
            option = options[index]
            if kind == "request" and isinstance(option, ModelRef):
                self.tag_fields.setdefault(option.name, (property_name, []))
                known = self.tag_fields[option.name][1]
                known.extend(value for value in values if value not in known)
        every = list(options)
        fallback_index = None
        if kind == "response":
            unknown = fallback[0] if fallback else MapOf("string", Primitive("any"))
            if unknown not in every:
                every.append(unknown)
            fallback_index = every.index(unknown)
        return UnionOf(
            tuple(every),
            discriminator=Discriminator(
                property_name, tuple(tags.items()), fallback_index
            ),
        )

    def option_labels(self, schema: Mapping[str, Any], keyword: str) -> list[str]:
        """What names each alternative of a union where it has no name of its own."""
        names = [
            self.resolved.component_names.get(id(option))
            or (option.get("title") if isinstance(option, Mapping) else None)
            for option in schema[keyword]
        ]
        return normalize.union_labels(schema, keyword, names)

    def object_type(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: Place
    ) -> TypeRef:
        value = normalize.placeholder_value(schema, self.resolved.component_names)
        if value is not None:
            value_place = place
            if not value.get("title") and schema.get("title"):
                value_place = Place(place.kind, pascal_case(str(schema["title"])))
            value_type, null_values = self.type_of(value, value_place)
            return MapOf("integer", value_type, _null_inside(value_type, null_values))
        if schema.get("properties"):
            return ModelRef(self.model(original, schema, place))
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            value_type, null_values = self.type_of(extra, place.child("Value"))
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
        draft = _Draft(
            token=f"\0{len(self.drafts)}",
            kind=place.kind,
            preferred=preferred,
            context_name=place.name,
            description=schema.get("description"),
            location=self.location(original),
            titled=bool(component or title),
            parent=place.parent,
            suffix=place.suffix,
        )
        self.drafts[key] = draft
        inner = Place(
            place.kind,
            preferred if is_usable_model_name(preferred) else place.name,
            draft.token,
        )
        outer, self.open = self.open, set()
        try:
            self.fill(draft, original, schema, place, inner)
        finally:
            self.open = outer
        return draft.token

    def fill(
        self,
        draft: _Draft,
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
        extra = schema.get("additionalProperties", True)
        if isinstance(extra, Mapping) and extra:
            draft.extra, nullable = self.type_of(extra, inner.child("Value"))
            draft.nullable_extra = _null_inside(draft.extra, nullable)
        elif isinstance(extra, Mapping):
            draft.extra = True
        else:
            draft.extra = bool(extra)

    # -- naming ----------------------------------------------------------------------

    def named_models(self) -> tuple[tuple[Model, ...], dict[str, str]]:
        names: dict[str, str] = {}
        holders: set[str] = set()  # lower case: names may not differ only by case
        by_token = {draft.token: draft for draft in self.drafts.values()}

        def name(draft: _Draft) -> str:
            if draft.token not in names:
                # A model inside another is named after that one's final name.
                context = draft.context_name
                if draft.parent is not None:
                    context = name(by_token[draft.parent]) + draft.suffix
                preferred = draft.preferred if draft.titled else context
                chosen = choose_model_name(draft.kind, preferred, context, holders)
                holders.add(chosen.lower())
                names[draft.token] = chosen
            return names[draft.token]

        # Responses are named first: where a shape is both sent and received, the
        # model a user reads keeps the plain name and the one sent gets "Request".
        # Where shapes share a title, the one whose place has that name keeps it
        # (``GetMailThreadResponse`` of getMailThread, not of getMailThreads).
        for draft in sorted(
            self.drafts.values(),
            key=lambda d: (d.kind != "response", not _at_home(d)),
        ):
            name(draft)
        models = tuple(
            Model(
                name=names[draft.token],
                kind=draft.kind,
                fields=tuple(
                    _tag_field(
                        replace(f, type=rename_type(f.type, names)),
                        self.tag_fields.get(draft.token),
                    )
                    for f in draft.fields
                ),
                extra=(
                    draft.extra
                    if isinstance(draft.extra, bool)
                    else rename_type(draft.extra, names)
                ),
                description=draft.description,
                location=draft.location,
                nullable_extra=draft.nullable_extra,
            )
            for draft in self.drafts.values()
        )
        return tuple(sorted(models, key=lambda model: model.name)), names


def _discriminator(schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
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


def _mapped(discriminator: Mapping[str, Any]) -> set[str]:
    return {target for _, target in targets_of(discriminator)}


def _tag_field(field: Field, tag: tuple[str, list[str]] | None) -> Field:
    """A request model's discriminator tag: a ``Literal`` of the values that pick this
    model, the first one given when the caller gives none."""
    if tag is None or field.name != tag[0]:
        return field
    return replace(
        field,
        type=Choice("string", tuple(tag[1])),
        required=False,
        default=(tag[1][0],),
    )


# The flag that leaves a property out of the models of each side.
_LEFT_OUT = {"request": "readOnly", "response": "writeOnly"}


def _at_home(draft: _Draft) -> bool:
    """A model whose title is also the name of where it sits (an operation's body)."""
    return draft.titled and draft.preferred == draft.context_name


def rename_type(type_: TypeRef, names: Mapping[str, str]) -> TypeRef:
    if isinstance(type_, ModelRef):
        return ModelRef(names[type_.name])
    if isinstance(type_, ArrayOf):
        return replace(type_, item=rename_type(type_.item, names))
    if isinstance(type_, MapOf):
        return replace(type_, value=rename_type(type_.value, names))
    if isinstance(type_, UnionOf):
        return replace(
            type_, options=tuple(rename_type(option, names) for option in type_.options)
        )
    return type_


def description_of(schema: Any) -> str | None:
    if not isinstance(schema, Mapping):
        return None
    if "description" in schema:
        return str(schema["description"])
    for part in schema.get("allOf") or ():
        if isinstance(part, Mapping) and "description" in part:
            return str(part["description"])
    return None


def _json_type(value: Any) -> Any:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "any"


def _constraints(schema: Mapping[str, Any]) -> Constraints:
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    exclusive_minimum = schema.get("exclusiveMinimum")
    exclusive_maximum = schema.get("exclusiveMaximum")
    if exclusive_minimum is True:  # OpenAPI 3.0 writes the bound in ``minimum``
        exclusive_minimum, minimum = minimum, None
    if exclusive_maximum is True:
        exclusive_maximum, maximum = maximum, None
    return Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=(
            None if isinstance(exclusive_minimum, bool) else exclusive_minimum
        ),
        exclusive_maximum=(
            None if isinstance(exclusive_maximum, bool) else exclusive_maximum
        ),
        min_length=schema.get("minLength"),
        max_length=schema.get("maxLength"),
        pattern=schema.get("pattern"),
        min_items=schema.get("minItems"),
        max_items=schema.get("maxItems"),
        unique_items=bool(schema.get("uniqueItems", False)),
        multiple_of=schema.get("multipleOf"),
    )


def _null_inside(type_: TypeRef, nullable: bool) -> bool:
    """Whether an array's items or a map's values may be null, beyond their type: a
    value of no type at all (``Primitive("any")``) is null already."""
    return nullable and type_ != Primitive("any")
