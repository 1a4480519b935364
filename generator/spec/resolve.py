"""Stage 3, resolve: replace every ``$ref`` by what it points to.

The result is one tree of plain dicts and lists. A schema reached through several
``$ref``s is one shared object (so recursive schemas become cyclic structures);
every dict remembers where it was written, so later stages can still name the file,
line and pointer of a problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

from ..errors import join_pointer, unescape_pointer_token
from .load import Document, Spec, resolve_key

_IGNORED_REF_SIBLINGS = frozenset({"description", "summary"})


@dataclass(frozen=True)
class Origin:
    document: Document
    pointer: str


@dataclass(frozen=True)
class ResolvedSpec:
    data: Mapping[str, Any]
    origins: Mapping[int, Origin]  # id(dict in ``data``) -> where it was written
    component_names: Mapping[int, str]  # id(schema) -> its key in components/schemas
    sha256: str

    def origin(self, node: object) -> Origin | None:
        return self.origins.get(id(node))


def resolve_refs(spec: Spec) -> ResolvedSpec:
    """Return the root document with every local and external ``$ref`` resolved."""
    resolver = _Resolver(spec)
    data = resolver.copy(spec.root.data, spec.root, "#")
    return ResolvedSpec(
        data=data,
        origins=resolver.origins,
        component_names=resolver.component_names,
        sha256=spec.sha256,
    )


class _Resolver:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.targets: dict[tuple[str, str], Any] = {}
        self.origins: dict[int, Origin] = {}
        self.component_names: dict[int, str] = {}
        self.keep: list[Any] = []  # keeps every dict alive, so ids stay unique

    def copy(self, node: Any, document: Document, pointer: str) -> Any:
        if isinstance(node, list):
            return [
                self.copy(item, document, join_pointer(pointer, index))
                for index, item in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        key = (document.key, pointer)
        if key in self.targets:
            if self.targets[key] is None:
                raise document.error(pointer, "this $ref refers to itself")
            return self.targets[key]
        ref = node.get("$ref")
        if isinstance(ref, str):
            self.targets[key] = None  # a chain of $refs that loops is caught above
            target = self.follow(ref, document, join_pointer(pointer, "$ref"))
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if not set(siblings) - _IGNORED_REF_SIBLINGS:
                self.targets[key] = target
                return target
            wrapped: dict[Any, Any] = {"allOf": [target]}
            self.targets[key] = self.remember(wrapped, document, pointer)
            for child_key, value in siblings.items():
                wrapped[child_key] = self.copy(
                    value, document, join_pointer(pointer, child_key)
                )
            return wrapped
        result: dict[Any, Any] = {}
        self.targets[key] = self.remember(result, document, pointer)
        name = _component_name(pointer, external=document is not self.spec.root)
        if name is not None:
            self.component_names[id(result)] = name
        for child_key, value in node.items():
            result[child_key] = self.copy(
                value, document, join_pointer(pointer, child_key)
            )
        return result

    def remember(self, result: dict[Any, Any], document: Document, pointer: str) -> Any:
        self.origins[id(result)] = Origin(document, pointer)
        self.keep.append(result)
        return result

    def follow(self, ref: str, document: Document, ref_pointer: str) -> Any:
        file_part, _, fragment = ref.partition("#")
        if file_part:
            base = PurePosixPath(document.key).parent
            target_document = self.spec.documents[resolve_key(base, file_part)]
        else:
            target_document = document
        pointer = "#" + unquote(fragment)
        value = lookup(target_document.data, pointer)
        if value is MISSING:
            raise document.error(ref_pointer, f"$ref {ref!r} points to nothing")
        return self.copy(value, target_document, pointer)


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


def _component_name(pointer: str, external: bool) -> str | None:
    parts = pointer.split("/")
    if external and len(parts) == 2 and parts[1]:  # a top-level schema of a schema file
        return unescape_pointer_token(parts[1])
    if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
        return unescape_pointer_token(parts[3])
    if len(parts) == 3 and parts[1] in ("definitions", "$defs"):
        return unescape_pointer_token(parts[2])
    return None


__all__ = ["Origin", "ResolvedSpec", "resolve_refs"]
