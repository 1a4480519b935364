"""Where a ``$ref`` is a reference: the places of an OpenAPI document that may hold a
Reference Object (or a JSON Schema ``$ref``), and JSON pointer lookup.

A ``$ref`` is followed only where OpenAPI 3.0/3.1 lets a schema, parameter, response,
request body, header, example, link, callback, security scheme or path item be a
reference. Anywhere else (``enum``, ``const``, ``default``, ``example(s)`` values,
``x-`` extensions, ``info``, ...) an object with a ``$ref`` key is data, kept as it is.

Each node of a document has a *kind*, the OpenAPI object it is: ``"openapi"`` for the
root, ``"schema"``, ``"parameter"``, ... or ``None`` for data. ``child_kind`` gives the
kind of a value from its parent's kind and key; a list's items have the list's kind
(``allOf: [...]`` holds schemas, ``parameters: [...]`` parameters).
"""

from __future__ import annotations

from typing import Any

from ..errors import unescape_pointer_token

Kind = str | None  # None: data, where a $ref is only a key

ROOT = "openapi"
# The operations a path item holds (build walks the same).
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# The objects that may be a Reference Object (a path item's ``$ref`` is its own field,
# followed alike).
REFERABLE = frozenset(
    {
        "schema",
        "parameter",
        "response",
        "request_body",
        "header",
        "example",
        "link",
        "callback",
        "security_scheme",
        "path_item",
    }
)

# Fixed fields whose value is another object (or a map or list of them); every other
# field of these objects is data.
_FIELDS: dict[str, dict[str, str]] = {
    "openapi": {"paths": "paths", "components": "components", "webhooks": "path_items"},
    "components": {
        "schemas": "schemas",
        "responses": "responses_map",
        "parameters": "parameters_map",
        "examples": "examples",
        "requestBodies": "request_bodies",
        "headers": "headers",
        "securitySchemes": "security_schemes",
        "links": "links",
        "callbacks": "callbacks",
        "pathItems": "path_items",
    },
    "path_item": {
        **{method: "operation" for method in HTTP_METHODS},
        "parameters": "parameter",
    },
    "operation": {
        "parameters": "parameter",
        "requestBody": "request_body",
        "responses": "responses",
        "callbacks": "callbacks",
    },
    "parameter": {"schema": "schema", "content": "content", "examples": "examples"},
    "header": {"schema": "schema", "content": "content", "examples": "examples"},
    "request_body": {"content": "content"},
    "response": {"headers": "headers", "content": "content", "links": "links"},
    "media_type": {"schema": "schema", "examples": "examples", "encoding": "encodings"},
    "encoding": {"headers": "headers"},
    "schema": {
        **{
            keyword: "schema"
            for keyword in (
                "items",
                "additionalItems",
                "prefixItems",
                "additionalProperties",
                "unevaluatedItems",
                "unevaluatedProperties",
                "propertyNames",
                "contains",
                "not",
                "allOf",
                "anyOf",
                "oneOf",
                "if",
                "then",
                "else",
                "contentSchema",
            )
        },
        **{
            keyword: "schemas"
            for keyword in (
                "properties",
                "patternProperties",
                "dependentSchemas",
                "dependencies",
                "$defs",
                "definitions",
            )
        },
    },
}

# Maps whose every value is one kind of object: component maps (any key names an
# entry) and maps that may also hold ``x-`` extensions.
_MAPS = {
    "schemas": "schema",
    "responses_map": "response",
    "parameters_map": "parameter",
    "examples": "example",
    "request_bodies": "request_body",
    "headers": "header",
    "security_schemes": "security_scheme",
    "links": "link",
    "callbacks": "callback",
    "path_items": "path_item",
    "content": "media_type",
    "encodings": "encoding",
}
_EXTENSIBLE_MAPS = {
    "paths": "path_item",
    "responses": "response",
    "callback": "path_item",
}


def child_kind(kind: Kind, key: object) -> Kind:
    """The kind of the value at ``key`` of an object of ``kind`` (a list's items: the
    list's own kind, so this is asked of dict keys only)."""
    if kind is None:
        return None
    if kind in _MAPS:
        return _MAPS[kind]
    if isinstance(key, str) and key.startswith("x-"):
        return None
    if kind in _EXTENSIBLE_MAPS:
        return _EXTENSIBLE_MAPS[kind]
    fields = _FIELDS.get(kind)
    return fields.get(str(key)) if fields else None


def reference_of(node: Any, kind: Kind) -> str | None:
    """The ``$ref`` of ``node`` if it is a reference where it sits, else None."""
    if kind in REFERABLE and isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


MISSING = object()  # what ``lookup`` gives for a pointer to nothing


def lookup(data: Any, pointer: str) -> Any:
    """The node ``pointer`` (``#/a/0``) names in ``data``, or ``MISSING``."""
    if pointer in ("#", "#/"):
        return data
    node = data
    for raw in pointer[2:].split("/"):
        token = unescape_pointer_token(raw)
        if isinstance(node, dict):
            if token not in node:  # (keys are strings: load sees to that)
                return MISSING
            node = node[token]
        elif isinstance(node, list) and token.isascii() and token.isdigit():
            if int(token) >= len(node):
                return MISSING
            node = node[int(token)]
        else:
            return MISSING
    return node
