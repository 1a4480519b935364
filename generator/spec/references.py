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
from urllib.parse import quote, unquote

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


def target_of(ref: str) -> tuple[str, str]:
    """The file part of ``ref`` (``""`` for this document) and the JSON pointer its
    fragment is (``#/a/b``; ``#`` for the whole document), both percent-decoded (RFC
    3986: ``other%20file.yaml`` is ``other file.yaml``, ``#%2Fa%2Fb`` is ``#/a/b``,
    ``B%20C`` is ``B C``), the fragment then read as RFC 6901 reads it (``~1``,
    ``~0``). Every stage reads a ``$ref`` through this, so each decodes it once,
    alike; ``load`` judges the decoded file part (``%2E%2E/`` is ``../``)."""
    file_part, _, fragment = ref.partition("#")
    return unquote(file_part), "#" + unquote(fragment)


def file_uri_path(file_part: str) -> str:
    """A decoded file part (or a document key) as the path of the URI the validators
    read it by: percent-encoded, so ``other file.yaml`` and ``other%20file.yaml`` name
    one document, and a ``:`` or ``#`` in a file's name is no scheme or fragment."""
    return quote(file_part, safe="/")


def validator_spelling(ref: str) -> str:
    """``ref`` spelt so that openapi-spec-validator follows it to where ``target_of``
    does. Its file part is written as ``file_uri_path`` writes the document's key
    (``other%20file.yaml``, for ``other file.yaml`` or ``other%20file.yaml``). It
    decodes a fragment as ``target_of`` does, but reads it as a pointer only if it
    starts with ``/`` before it is decoded: ``#%2Fa%2Fb%2520c`` is written
    ``#/a/b%2520c``; any other fragment is left as written."""
    file_part, hash_sign, fragment = ref.partition("#")
    decoded_file, pointer = target_of(ref)
    if not fragment.startswith("/") and pointer.startswith("#/"):
        fragment = quote(pointer[1:], safe="/")  # read as a pointer, as we read it
    return f"{file_uri_path(decoded_file) if file_part else ''}{hash_sign}{fragment}"


MISSING = object()  # what ``lookup`` gives for a pointer to nothing


def lookup(data: Any, pointer: str) -> Any:
    """The node ``pointer`` (``#/a/0``) names in ``data``, or ``MISSING``; ``#`` names
    ``data`` itself, ``#/`` its key ``""`` (RFC 6901)."""
    if pointer == "#":
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


def id_scope(data: Any, pointer: str) -> tuple[str, str] | None:
    """The innermost schema with an ``$id`` (OpenAPI 3.1) that holds the schema at
    ``pointer`` of the document ``data`` (or is that schema): its pointer and its
    ``$id``; None when there is none. A ``$ref`` in such a schema is read against that
    ``$id``, not against the document. A ``$id`` at the top of a document is not one:
    there the two readings name the same node for a ``#/...`` pointer."""
    nodes = [data]
    tokens = [] if pointer == "#" else pointer[2:].split("/")
    for raw in tokens:
        node, token = nodes[-1], unescape_pointer_token(raw)
        if isinstance(node, dict) and token in node:
            nodes.append(node[token])
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            nodes.append(node[int(token)])
        else:
            return None
    # From the innermost schema out, while each step is a schema's own keyword.
    for depth in range(len(tokens), 0, -1):
        node = nodes[depth]
        if isinstance(node, dict) and isinstance(node.get("$id"), str):
            if _within_schema(nodes[depth:], tokens[depth:]):
                return "/".join(["#", *tokens[:depth]]), node["$id"]
    return None


def _within_schema(nodes: list[Any], tokens: list[str]) -> bool:
    """Whether the path ``tokens`` from the schema ``nodes[0]`` (``nodes``: each node on
    the way) stays in schemas: ``properties/a/items``, not an ``example``'s value."""
    kind: Kind = "schema"
    for node, token in zip(nodes, tokens):
        if not isinstance(node, list):  # a list's items have the list's kind
            kind = child_kind(kind, unescape_pointer_token(token))
        if kind is None:
            return False
    return kind == "schema"
