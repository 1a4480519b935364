"""The check's fast verdict: would openapi-spec-validator find nothing in this document?

openapi-spec-validator checks a document in two steps: its structure against the
OpenAPI meta-schema, then the rules the structure cannot say, in a walk of
``jsonschema-path`` accessors (a path object and a ``$ref`` lookup per node: about a
second of CPU on Pipedrive's v1 spec). ``clean`` applies the same rules to the plain
data in one pass, following each ``$ref`` as that walk does:

* the tags' names are unique; an ``operationId`` names one operation;
* a path template's parameters and the ``in: path`` parameters of each of its
  operations (and of the path item) are the same names; no parameter is given twice;
* every schema it reaches (the components' schemas, each parameter's and each
  response content's, and what they hold through ``allOf``/``anyOf``/``oneOf``/``not``/
  ``items``/``properties``) is a schema to its dialect's meta-schema, its patterns are
  Python regular expressions, and its ``default`` (unless null where it may be)
  is valid to it.

It answers only yes or "look closer": any doubt (a construct it does not follow, a
value its fast checkers cannot read) is a no, and then openapi-spec-validator itself
checks the document, so what it reports, and in what words, is unchanged. The
verdicts come from jsonschema-rs against the meta-schemas openapi-spec-validator uses
(``checkers`` makes them, and shares the rest with that validator's run); neither it
nor openapi-schema-validator is imported for a clean document unless a default's
schema is more than a type and an enum.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..errors import SpecError, join_pointer
from .checkers import document_uris, linear_patterns, patterns_compile
from .checkers import schema_meta_checker, structure_checker
from .document import Spec, resolve_key
from .references import MISSING, lookup, target_of

_OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_OAS31_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
# The keywords a default's schema may have for ``_simple_default`` to judge it.
_SIMPLE = frozenset(
    ["type", "enum", "default", "nullable", "description", "title", "example"]
    + ["deprecated", "readOnly", "writeOnly"]
)
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


class _Doubt(Exception):
    """The fast walk cannot vouch for the document: openapi-spec-validator decides."""


def clean(spec: Spec, views: Mapping[str, Any], version: str) -> bool:
    """True when openapi-spec-validator would find no error and no bad default in
    ``spec``, whose documents it reads as ``views`` (key -> ``validator_view``); False
    when it is to look. A broken rule of paths and parameters is raised here, as a
    ``SpecError`` at the place (the validator names no place for those). A checker
    that cannot be made (``checkers``: a package's meta-schema not found) is a doubt
    too."""
    try:
        return _Walk(spec, views, version).clean()
    except SpecError:
        raise
    except Exception:  # noqa: BLE001 (any doubt, a surprise included: it decides)
        return False


class _Walk:
    def __init__(self, spec: Spec, views: Mapping[str, Any], version: str) -> None:
        self.spec = spec
        self.views = views
        self.root_key = spec.root.key
        self.openapi_30 = version.startswith("3.0.")
        self.meta = schema_meta_checker(self.openapi_30)
        self.visited: set[int] = set()
        self.meta_checked: set[int] = set()
        self.registry: Any = None  # the documents, for a default's validator
        self.uris = document_uris(views)

    def clean(self) -> bool:
        """The validator's walk: tags, then each path item (its parameters, then each
        operation's id, responses, parameters and path parameters), then the
        components' schemas."""
        data = self.views[self.root_key]
        if not _valid(structure_checker(self.openapi_30), data):
            return False
        if not self.openapi_30 and data.get("jsonSchemaDialect", _OAS31_DIALECT) != (
            _OAS31_DIALECT
        ):
            return False
        names = [tag.get("name") for tag in data.get("tags") or ()]
        if len(set(names)) != len(names):
            return False
        operation_ids: dict[Any, str] = {}
        for url, item in (data.get("paths") or {}).items():
            item = self.deref(item, _Place(self.root_key, join_pointer("#/paths", url)))
            common = self.parameters(item)
            for method in _OPERATIONS:
                if method not in item.value:
                    continue
                operation = self.deref(item.value[method], item.child(method))
                self.operation_id(operation, operation_ids)
                for status, response in (
                    operation.value.get("responses") or {}
                ).items():
                    response = self.deref(
                        response, operation.child("responses", status)
                    )
                    for kind, media in (response.value.get("content") or {}).items():
                        media = self.deref(media, response.child("content", kind))
                        if "schema" in media.value:
                            self.schema(media.value["schema"], media.child("schema"))
                own = self.parameters(operation)
                self.path_parameters(url, method, operation, own + common)
        components = self.deref(
            data.get("components") or {}, _Place(self.root_key, "#/components")
        )
        schemas = components.value.get("schemas") or {}
        for name, schema in schemas.items():
            self.schema(schema, components.child("schemas", name))
        return True

    def operation_id(self, operation: _Node, seen: dict[Any, str]) -> None:
        """An ``operationId`` names one operation in the whole document."""
        operation_id = operation.value.get("operationId")
        if operation_id is None:
            return
        place = operation.child("operationId")
        if operation_id in seen:
            raise self.error(
                place,
                f"operationId {operation_id!r} is not unique: "
                f"{seen[operation_id]} has it too",
            )
        seen[operation_id] = place.pointer

    def parameters(self, owner: _Node) -> list[_Node]:
        """The parameters of a path item or operation, each schema checked; none twice."""
        if "parameters" not in owner.value:
            return []
        parameters = self.deref(owner.value["parameters"], owner.child("parameters"))
        seen: dict[tuple[Any, Any], str] = {}
        found = []
        for index, parameter in enumerate(parameters.value):
            parameter = self.deref(parameter, parameters.child(index))
            if "schema" in parameter.value:
                self.schema(parameter.value["schema"], parameter.child("schema"))
            name = (parameter.value["name"], parameter.value["in"])
            if name in seen:
                raise self.error(
                    parameter.use,
                    f"parameter {name[0]!r} (in: {name[1]}) is given twice: "
                    f"{seen[name]} is the same",
                )
            seen[name] = parameter.use.pointer
            found.append(parameter)
        return found

    def path_parameters(
        self, url: str, method: str, operation: _Node, parameters: list[_Node]
    ) -> None:
        """The names in the path template are the operation's ``in: path`` ones."""
        declared = {
            parameter.value["name"]: parameter
            for parameter in parameters
            if parameter.value["in"] == "path"
        }
        in_path = [field[1] for field in string.Formatter().parse(url) if field[1]]
        for name in sorted(set(in_path) - set(declared)):
            raise self.error(
                operation.use,
                f"path parameter {name!r} of {url!r} is not among the parameters of "
                f"{method} (add one with in: path)",
            )
        for name in sorted(set(declared) - set(in_path)):
            raise self.error(
                declared[name].use.child("name"),
                f"path parameter {name!r} is not in the path {url!r}",
            )

    def error(self, place: _Place, message: str) -> SpecError:
        return self.spec.documents[place.key].error(place.pointer, message)

    def schema(self, node: Any, place: _Place) -> None:
        """Check a schema where the validator starts one: its meta-schema first."""
        start = self.deref(node, place)
        value = start.value
        if not isinstance(value, (Mapping, bool)):
            raise _Doubt
        if id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            if isinstance(value, Mapping) and "$schema" in value:
                raise _Doubt  # another dialect: the validator picks its checker
            if not _valid(self.meta, value) or not patterns_compile(value):
                raise _Doubt
        stack = [start]
        while stack:
            schema = stack.pop()
            value = schema.value
            if id(value) in self.visited or isinstance(value, bool):
                continue
            if not isinstance(value, Mapping) or "$id" in value or "id" in value:
                raise _Doubt  # a base URI of its own: the validator resolves anew
            self.visited.add(id(value))
            inner: list[tuple[Any, _Place]] = []
            for keyword in ("allOf", "anyOf", "oneOf"):
                if keyword in value:
                    items = self.deref(value[keyword], schema.child(keyword))
                    if not isinstance(items.value, list):
                        raise _Doubt
                    inner += [(v, items.child(i)) for i, v in enumerate(items.value)]
            for keyword in ("not", "items"):
                if keyword in value:
                    inner.append((value[keyword], schema.child(keyword)))
            if "properties" in value:
                properties = self.deref(value["properties"], schema.child("properties"))
                inner += [(v, properties.child(k)) for k, v in properties.value.items()]
            for item, at in inner:
                found = self.deref(item, at)
                if not isinstance(found.value, (Mapping, bool)):
                    raise _Doubt
                stack.append(found)
            if "default" in value:
                default = value["default"]
                if default is not None or value.get("nullable") is not True:
                    if not self.default_valid(value, default, schema.place.key):
                        raise _Doubt

    def default_valid(self, schema: Mapping[str, Any], default: Any, key: str) -> bool:
        """Whether ``default`` is valid to ``schema`` (written in document ``key``), as
        the validator judges it: by the OpenAPI validator of this version, ``$ref``s
        followed in these documents (imported only for a schema that is more than a
        type and an enum)."""
        simple = _simple_default(schema, default)
        if simple is not None:
            return simple
        from openapi_schema_validator import (  # heavy: only for such a default
            OAS30Validator,
            OAS31Validator,
            oas30_format_checker,
            oas31_format_checker,
        )
        from referencing import Registry
        from referencing.jsonschema import DRAFT4, DRAFT202012

        if self.registry is None:
            dialect = DRAFT4 if self.openapi_30 else DRAFT202012
            self.registry = Registry().with_resources(
                (self.uris[name], dialect.create_resource(view))
                for name, view in self.views.items()
            )
        resolver = self.registry.resolver(base_uri=self.uris[key])
        if self.openapi_30:
            validator = linear_patterns(OAS30Validator)(
                schema,
                format_checker=oas30_format_checker,
                registry=self.registry,
                _resolver=resolver,
            )
        else:
            validator = linear_patterns(OAS31Validator)(
                schema,
                format_checker=oas31_format_checker,
                registry=self.registry,
                _resolver=resolver,
            )
        return bool(validator.is_valid(default))

    def deref(self, node: Any, place: _Place) -> _Node:
        """``node`` (written at ``place``) with each ``$ref`` followed."""
        use = place
        for _ in range(64):
            if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
                return _Node(node, place, use)
            file, pointer = target_of(node["$ref"])
            key = place.key
            if file:
                if ":" in file:
                    raise _Doubt  # a URL: the validator's retriever
                key = resolve_key(PurePosixPath(key).parent, file)
            if key not in self.views or (pointer != "#" and pointer[:2] != "#/"):
                raise _Doubt  # an anchor
            node = lookup(self.views[key], pointer)
            if node is MISSING:
                raise _Doubt
            place = _Place(key, pointer)
        raise _Doubt


@dataclass(frozen=True)
class _Place:
    key: str  # the document
    pointer: str

    def child(self, *tokens: object) -> _Place:
        return _Place(self.key, join_pointer(self.pointer, *tokens))


@dataclass(frozen=True)
class _Node:
    """A value with ``$ref``s followed: where it is written, and where it is used."""

    value: Any
    place: _Place
    use: _Place  # the ``$ref`` that brought it, or its own place

    def child(self, *tokens: object) -> _Place:
        return self.place.child(*tokens)


def _simple_default(schema: Mapping[str, Any], default: Any) -> bool | None:
    """Whether ``default`` is valid to a schema of one scalar type and maybe an enum,
    as the OpenAPI validators judge it; None for any other schema or default."""
    if not _SIMPLE.issuperset(key for key in schema if not key.startswith("x-")):
        return None
    kind = schema.get("type")
    types = _TYPES.get(kind) if isinstance(kind, str) else None
    if types is None or isinstance(default, float):
        return None
    if isinstance(default, bool) != (kind == "boolean") or not isinstance(
        default, types
    ):
        return default is None and schema.get("nullable") is True
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list):
            return None
        return any(
            type(value) is type(default) and value == default for value in values
        )
    return True


def _valid(validator: Any, instance: Any) -> bool:
    try:
        return bool(validator.is_valid(instance))
    except (ValueError, TypeError, OverflowError):  # a value it cannot read
        return False
