"""Stage 4, build: turn the resolved spec into the IR.

This module walks the operations (parameters, bodies, responses); the schemas they hold
become types and model drafts in ``schemas.py``, by the rules in ``normalize.py``, and
the drafts named models in ``drafts.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import normalize
from .aliases import component_aliases
from .access import requirements_of, schemes_of, servers_of
from ..spec.references import HTTP_METHODS
from .model import (
    AliasRef,
    Api,
    Body,
    Kind,
    MapOf,
    ModelRef,
    Operation,
    Parameter,
    Primitive,
    Response,
    TypeRef,
    UnionOf,
)
from .naming import (
    RESERVED_ARGUMENTS,
    pascal_case,
    python_identifier,
)
from ..spec.resolve import ResolvedSpec
from .drafts import name_aliases, name_models, rename_type
from .drafts import Place
from .schemas import SchemaBuilder
from .tags import draft_aliases, tag_drafts, untagged_alternatives

_PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")
# Header parameters OpenAPI says are ignored: the body's media types and the security
# schemes say what these carry (a caller's Authorization would replace the
# credentials).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def build_ir(resolved: ResolvedSpec, name: str) -> Api:
    """The IR of one spec, to be generated as subpackage ``name``."""
    builder = _Builder(resolved)
    data = resolved.data
    operations = tuple(builder.operations())
    used = set(builder.reached)  # (by the operations: not those typed next)
    builder.unreferenced_components()
    used |= builder.held  # (by another component: a model no operation uses)
    drafts = [
        *builder.drafts.values(),
        *builder.recursive.drafts.values(),
        *component_aliases(builder, used).values(),
    ]
    aliases = draft_aliases(drafts)  # (the same before and after tag_drafts)
    untagged = untagged_alternatives(drafts, builder.tagged_alternatives, aliases)
    drafts, tag_warnings = tag_drafts(drafts, builder.tag_fields, aliases)
    root = resolved.origin(resolved.data)
    models, renames = name_models(drafts, root.document.name if root else "")
    # A body's placeholder (its side and component schema) -> its alias's name.
    renames |= {
        _component_placeholder(kind, schema): renames[token]
        for (kind, schema), token in builder.alias_tokens.items()
    }
    return Api(
        name=name,
        title=str((data.get("info") or {}).get("title", name)),
        servers=servers_of(data, builder.error),
        security_schemes=builder.schemes,
        sha256=resolved.sha256,
        models=models,
        aliases=name_aliases(drafts, renames),
        operations=tuple(
            _rename_operation(operation, renames) for operation in operations
        ),
        warnings=(*builder.warnings.values(), *untagged, *tag_warnings),
    )


class _Builder(SchemaBuilder):
    """Walks the operations; the schemas they hold go through :class:`SchemaBuilder`."""

    def __init__(self, resolved: ResolvedSpec) -> None:
        super().__init__(resolved)
        self.schemes = schemes_of(resolved.data, self.error)

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
        base = Place("request", pascal_case(operation_id))
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
            security=requirements_of(
                spec, self.resolved.data, self.schemes, self.error
            ),
            description=_optional_str(spec.get("description")),
            server=self.own_server(spec if "servers" in spec else item),
        )

    def own_server(self, owner: Mapping[str, Any]) -> str | None:
        """The URL of the first of ``owner``'s own ``servers`` (an operation's or a
        path item's), its variables at their defaults; None if it has none."""
        servers = servers_of(owner, self.error)
        return servers[0].default_url if servers else None

    def parameters(
        self, shared: list[Any], spec: Mapping[str, Any], base: Place
    ) -> tuple[Parameter, ...]:
        chosen: dict[tuple[str, str], Any] = {}
        for parameter in [*shared, *(spec.get("parameters") or [])]:
            name, where = str(parameter.get("name")), str(parameter.get("in"))
            if where == "header" and name.lower() in _IGNORED_HEADERS:
                continue  # OpenAPI: such a definition SHALL be ignored
            chosen[(name, where)] = parameter
        taken = set(RESERVED_ARGUMENTS)
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
            at = (parameter, "schema") if "schema" in parameter else (parameter,)
            parameter_type, nullable = self.type_of(schema, base.child(name), at)
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

    def body(self, spec: Mapping[str, Any], place: Place, kind: Kind) -> Body | None:
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
            # A body the spec gives no schema: any JSON, any form fields, or the raw
            # bytes.
            schema = (
                {}
                if normalize.is_json(chosen)
                else (
                    {"type": "object"}
                    if normalize.is_form(chosen)
                    else {"type": "string", "format": "binary"}
                )
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
        body_type, nullable = self.type_of(
            schema, Place(kind, place.name), (spec, "content", chosen, "schema")
        )
        if normalize.is_form(chosen) and not _names_its_fields(body_type):
            # A form's fields (a multipart body's parts) are its object's properties:
            # text or bytes alone have no name to go under.
            raise self.error(
                spec,
                f"a {chosen} body must be an object (its properties name the "
                "fields); send a file alone as application/octet-stream, or as a "
                "binary property of an object",
                "content",
                chosen,
                "schema",
            )
        component = id(schema) in self.resolved.component_names
        return Body(
            chosen,
            body_type,
            bool(spec.get("required")),
            nullable,
            _optional_str(spec.get("description")) if kind == "request" else None,
            _component_placeholder(kind, id(schema)) if component else None,
        )

    def responses(self, spec: Mapping[str, Any], base: Place) -> tuple[Response, ...]:
        responses = spec.get("responses") or {}
        successes = [status for status in responses if str(status).startswith("2")]
        result = []
        for status, response in responses.items():
            if str(status).startswith("x-"):
                continue  # an extension, not a response
            # A status, a range of them ("2XX") or "default": the check stage saw to
            # that.
            code = int(status) if str(status).isdigit() else str(status)
            suffix = (
                "Response"
                if len(successes) == 1 and status in successes
                else f"Response{status}"
            )
            if code == "default":
                suffix = "DefaultResponse"
            place = Place("response", base.name + suffix)
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
                self.type_of(schema, Place("response", pascal_case(str(key))))


def _rename_operation(operation: Operation, names: Mapping[str, str]) -> Operation:
    def body(value: Body | None) -> Body | None:
        if value is None:
            return None
        named = names.get(value.named or "")
        return replace(value, type=rename_type(value.type, names), named=named)

    return replace(
        operation,
        parameters=tuple(
            replace(p, type=rename_type(p.type, names)) for p in operation.parameters
        ),
        request_body=body(operation.request_body),
        responses=tuple(replace(r, body=body(r.body)) for r in operation.responses),
    )


def _component_placeholder(kind: Kind, schema: int) -> str:
    """What a body typed by a component schema holds in ``named`` until the models
    and aliases are named: its side and the schema."""
    return f"\0{kind}\0{schema}"


def _names_its_fields(type_: TypeRef) -> bool:
    """Whether a form body of ``type_`` names its fields: an object (a model or a
    map), a union of them, or a body of no type (any mapping the caller gives)."""
    if isinstance(type_, UnionOf):
        return all(_names_its_fields(option) for option in type_.options)
    if isinstance(type_, Primitive):
        return type_.type == "any"
    return isinstance(type_, (ModelRef, MapOf, AliasRef))


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _optional_bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _operation_id_from(method: str, path: str) -> str:
    parts = [part.strip("{}") for part in path.split("/") if part]
    return method + "".join(pascal_case(part) for part in parts)
