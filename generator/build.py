"""Stage 4, build: turn the resolved spec into the IR, applying the normalize rules.

Every object schema becomes a named model; identical shapes share one model; names come
from the component key, else the schema's ``title``, else where the schema sits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from . import normalize
from .errors import SpecError, join_pointer
from .ir import (
    Api,
    ArrayOf,
    Body,
    Choice,
    Constraints,
    Field,
    Kind,
    Location,
    MapOf,
    Model,
    ModelRef,
    Operation,
    Parameter,
    Primitive,
    Response,
    TypeRef,
    UnionOf,
)
from .naming import (
    choose_model_name,
    is_usable_model_name,
    pascal_case,
    python_identifier,
)
from .resolve import ResolvedSpec

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
PRIMITIVE_TYPES = ("string", "integer", "number", "boolean")
_PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")
_RESERVED_PARAMETERS = frozenset({"self", "body"})


def build_ir(resolved: ResolvedSpec, name: str) -> Api:
    """The IR of one spec, to be generated as subpackage ``name``."""
    builder = _Builder(resolved)
    data = resolved.data
    operations = tuple(builder.operations())
    builder.unreferenced_components()
    models, renames = builder.named_models()
    servers = data.get("servers") or [{}]
    return Api(
        name=name,
        title=str((data.get("info") or {}).get("title", name)),
        server_url=str(servers[0].get("url", "")),
        sha256=resolved.sha256,
        models=models,
        operations=tuple(
            _rename_operation(operation, renames) for operation in operations
        ),
    )


@dataclass(frozen=True)
class _Place:
    """Where a schema sits: which side of the wire, and the name that place suggests."""

    kind: Kind
    name: str
    parent: str | None = None  # the token of the model this place is inside, if any
    suffix: str = ""  # the name of the place below that model

    def child(self, suffix: str) -> _Place:
        part = pascal_case(suffix)
        return _Place(self.kind, self.name + part, self.parent, self.suffix + part)


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
    titled: bool = True  # ``preferred`` is its component name or title, not its place
    parent: str | None = None  # named after the final name of this model ...
    suffix: str = ""  # ... followed by this, rather than by ``context_name``


class _Builder:
    def __init__(self, resolved: ResolvedSpec) -> None:
        self.resolved = resolved
        self.drafts: dict[tuple[Kind, str, str], _Draft] = {}
        self.reached: set[int] = set()
        components = resolved.data.get("components") or {}
        # An inline schema shaped exactly like a component is that component, as
        # Pipedrive's specs are published with every $ref already inlined.
        self.component_shapes = {
            normalize.canonical_shape(schema): pascal_case(str(key))
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

    def operations(self) -> list[Operation]:
        paths = self.resolved.data.get("paths") or {}
        result: list[Operation] = []
        seen: dict[str, str] = {}
        for path, item in paths.items():
            if not isinstance(item, Mapping):
                raise self.error(paths, "a path item must be an object", path)
            for method in HTTP_METHODS:
                if method in item:
                    operation = self.operation(str(path), method, item)
                    if operation.python_name in seen:
                        raise self.error(
                            item[method],
                            f"operation name {operation.python_name!r} is also used by "
                            f"{seen[operation.python_name]}",
                        )
                    seen[operation.python_name] = f"{method.upper()} {path}"
                    result.append(operation)
        return result

    def operation(self, path: str, method: str, item: Mapping[str, Any]) -> Operation:
        spec = item[method]
        operation_id = str(spec.get("operationId") or _operation_id_from(method, path))
        base = _Place("request", pascal_case(operation_id))
        parameters = self.parameters(item.get("parameters") or [], spec, base)
        request_body = None
        if spec.get("requestBody") is not None:
            request_body = self.body(
                spec["requestBody"], base.child("Request"), "request"
            )
        return Operation(
            operation_id=operation_id,
            python_name=python_identifier(operation_id),
            method=method.upper(),
            path=path,
            summary=spec.get("summary"),
            deprecated=bool(spec.get("deprecated", False)),
            parameters=parameters,
            request_body=request_body,
            responses=self.responses(spec, base),
            location=self.location(spec),
        )

    def parameters(
        self, shared: list[Any], spec: Mapping[str, Any], base: _Place
    ) -> tuple[Parameter, ...]:
        chosen: dict[tuple[str, str], Any] = {}
        for parameter in [*shared, *(spec.get("parameters") or [])]:
            chosen[(str(parameter.get("name")), str(parameter.get("in")))] = parameter
        taken = set(_RESERVED_PARAMETERS)
        result = []
        for (name, where), parameter in chosen.items():
            if where not in _PARAMETER_LOCATIONS:
                raise self.error(
                    parameter, f"parameter location {where!r} is unknown", "in"
                )
            schema, content_type = normalize.parameter_schema(parameter)
            if schema is None:
                raise self.error(
                    parameter, "a parameter needs a 'schema' or a 'content'"
                )
            parameter_type, nullable = self.type_of(schema, base.child(name))
            python_name = python_identifier(name, frozenset(taken))
            taken.add(python_name)
            result.append(
                Parameter(
                    name=name,
                    python_name=python_name,
                    where=where,  # type: ignore[arg-type]
                    type=parameter_type,
                    required=bool(parameter.get("required", where == "path")),
                    nullable=nullable,
                    description=parameter.get("description"),
                    content_type=content_type,
                    style=_optional_str(parameter.get("style")),
                    explode=_optional_bool(parameter.get("explode")),
                )
            )
        return tuple(
            sorted(
                result,
                key=lambda p: (not p.required, _PARAMETER_LOCATIONS.index(p.where)),
            )
        )

    def body(self, spec: Mapping[str, Any], place: _Place, kind: Kind) -> Body | None:
        content = spec.get("content") or {}
        chosen = normalize.choose_content(content, kind)
        if chosen is None:
            if kind == "response" and content:  # a download: the bytes as they come
                first = str(next(iter(content)))
                return Body(first, Primitive("string", "binary"), False)
            return None
        media = content[chosen]
        schema = media.get("schema") if isinstance(media, Mapping) else None
        if schema is None:
            if kind == "response":
                return None
            # A request body the spec gives no schema: any JSON, or the raw bytes.
            schema = (
                {}
                if normalize.is_json(chosen)
                else {"type": "string", "format": "binary"}
            )
        if (
            not normalize.is_json(chosen)
            and not normalize.is_form(chosen)
            and not normalize.is_text(schema)
        ):
            # Sent as it is, a body must be text or bytes: an object has no encoding.
            types = ", ".join(sorted(map(str, content)))
            raise self.error(
                spec, f"request content type {types} is not supported", "content"
            )
        body_type, nullable = self.type_of(schema, _Place(kind, place.name))
        return Body(chosen, body_type, bool(spec.get("required")), nullable)

    def responses(self, spec: Mapping[str, Any], base: _Place) -> tuple[Response, ...]:
        responses = spec.get("responses") or {}
        successes = [status for status in responses if str(status).startswith("2")]
        result = []
        for status, response in responses.items():
            code: Any = (
                "default"
                if str(status) == "default"
                else int(str(status)[:3].replace("X", "0"))
            )
            suffix = (
                "Response"
                if len(successes) == 1 and status in successes
                else f"Response{status}"
            )
            if code == "default":
                suffix = "DefaultResponse"
            place = _Place("response", base.name + suffix)
            result.append(
                Response(
                    code,
                    response.get("description"),
                    self.body(response, place, "response"),
                )
            )
        return tuple(result)

    def unreferenced_components(self) -> None:
        components = self.resolved.data.get("components") or {}
        for key, schema in (components.get("schemas") or {}).items():
            if isinstance(schema, Mapping) and id(schema) not in self.reached:
                self.type_of(schema, _Place("response", pascal_case(str(key))))

    # -- schemas ---------------------------------------------------------------------

    def type_of(self, schema: Any, place: _Place) -> tuple[TypeRef, bool]:
        """The type of ``schema`` and whether the spec lets it be null."""
        if not isinstance(schema, Mapping):
            raise SpecError("", "#", None, f"expected a schema at {place.name}")
        self.reached.add(id(schema))
        original = schema
        try:
            if "allOf" in schema:
                schema = normalize.merge_all_of(schema)
            return self._type_of(original, schema, place)
        except normalize.NormalizeError as error:
            raise self.error(original, str(error), *error.tokens) from None

    def _type_of(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: _Place
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
            if keyword in schema:
                return self.union(original, schema, keyword, place, nullable)
        if isinstance(declared, list):
            options = tuple(self.type_of({"type": item}, place)[0] for item in declared)
            return UnionOf(options), nullable
        if declared == "array" or (declared is None and "items" in schema):
            item_type, _ = self.type_of(schema.get("items") or {}, place.child("Item"))
            return ArrayOf(item_type, _constraints(schema)), nullable
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
        place: _Place,
        nullable: bool,
    ) -> tuple[TypeRef, bool]:
        options: list[TypeRef] = []
        labels = self.option_labels(schema, keyword)
        for option, label in zip(schema[keyword], labels, strict=True):
            if isinstance(option, Mapping) and option.get("type") == "null":
                nullable = True
                continue
            option_type, option_nullable = self.type_of(option, place.child(label))
            nullable = nullable or option_nullable
            if option_type not in options:
                options.append(option_type)
        if not options:
            raise self.error(original, f"{keyword} has no usable alternative", keyword)
        if len(options) == 1:
            return options[0], nullable
        return UnionOf(tuple(options), exclusive=keyword == "oneOf"), nullable

    def option_labels(self, schema: Mapping[str, Any], keyword: str) -> list[str]:
        """What names each alternative of a union where it has no name of its own."""
        names = [
            self.resolved.component_names.get(id(option))
            or (option.get("title") if isinstance(option, Mapping) else None)
            for option in schema[keyword]
        ]
        return normalize.union_labels(schema, keyword, names)

    def object_type(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: _Place
    ) -> TypeRef:
        value = normalize.placeholder_value(schema)
        if value is not None:
            value_place = place
            if not value.get("title") and schema.get("title"):
                value_place = _Place(place.kind, pascal_case(str(schema["title"])))
            return MapOf("integer", self.type_of(value, value_place)[0])
        if schema.get("properties"):
            return ModelRef(self.model(original, schema, place))
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            return MapOf("string", self.type_of(extra, place.child("Value"))[0])
        return MapOf("string", Primitive("any"))

    def model(
        self, original: Mapping[str, Any], schema: Mapping[str, Any], place: _Place
    ) -> str:
        title = schema.get("title")
        shape = normalize.canonical_shape(original)
        key = (place.kind, str(title or ""), shape)
        if key in self.drafts:
            return self.drafts[key].token
        component = self.resolved.component_names.get(id(original))
        if component is None and not title:
            component = self.component_shapes.get(shape)
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
        inner = _Place(
            place.kind,
            preferred if is_usable_model_name(preferred) else place.name,
            draft.token,
        )
        required = set(schema.get("required") or ())
        for name, property_schema in schema["properties"].items():
            property_type, nullable = self.type_of(
                property_schema, inner.child(str(name))
            )
            draft.fields.append(
                Field(
                    name=str(name),
                    type=property_type,
                    required=name in required,
                    nullable=nullable,
                    description=_description(property_schema),
                    location=self.location(original, "properties", name),
                )
            )
        extra = schema.get("additionalProperties", True)
        if isinstance(extra, Mapping):
            draft.extra = (
                self.type_of(extra, inner.child("Value"))[0] if extra else True
            )
        else:
            draft.extra = bool(extra)
        return draft.token

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
                    replace(f, type=_rename(f.type, names)) for f in draft.fields
                ),
                extra=(
                    draft.extra
                    if isinstance(draft.extra, bool)
                    else _rename(draft.extra, names)
                ),
                description=draft.description,
                location=draft.location,
            )
            for draft in self.drafts.values()
        )
        return tuple(sorted(models, key=lambda model: model.name)), names


def _at_home(draft: _Draft) -> bool:
    """A model whose title is also the name of where it sits (an operation's body)."""
    return draft.titled and draft.preferred == draft.context_name


def _rename(type_: TypeRef, names: Mapping[str, str]) -> TypeRef:
    if isinstance(type_, ModelRef):
        return ModelRef(names[type_.name])
    if isinstance(type_, ArrayOf):
        return replace(type_, item=_rename(type_.item, names))
    if isinstance(type_, MapOf):
        return replace(type_, value=_rename(type_.value, names))
    if isinstance(type_, UnionOf):
        return replace(
            type_, options=tuple(_rename(option, names) for option in type_.options)
        )
    return type_


def _rename_operation(operation: Operation, names: Mapping[str, str]) -> Operation:
    def body(value: Body | None) -> Body | None:
        return (
            None if value is None else replace(value, type=_rename(value.type, names))
        )

    return replace(
        operation,
        parameters=tuple(
            replace(p, type=_rename(p.type, names)) for p in operation.parameters
        ),
        request_body=body(operation.request_body),
        responses=tuple(replace(r, body=body(r.body)) for r in operation.responses),
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _optional_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _operation_id_from(method: str, path: str) -> str:
    parts = [part.strip("{}") for part in path.split("/") if part]
    return method + "".join(pascal_case(part) for part in parts)


def _description(schema: Any) -> str | None:
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
