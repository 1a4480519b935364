"""Stage 3, resolve: replace every ``$ref`` by what it points to.

The result is one tree of plain dicts and lists. A schema reached through several
``$ref``s is one shared object (so recursive schemas become cyclic structures);
every dict remembers where it was written, so later stages can still name the file,
line and pointer of a problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import references
from ..errors import join_pointer, unescape_pointer_token
from .document import Document, Spec
from .references import MISSING, Kind, lookup

# Objects and arrays nested deeper than this, through $refs, are refused (each file is
# at most load's ``MAX_DEPTH`` deep, but a chain of $refs nests without end).
MAX_DEPTH = 128


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
    # id(schema with a discriminator mapping) -> (tag, the schema its target names),
    # each target read as a $ref is: the same object as the alternative it names
    mappings: Mapping[int, tuple[tuple[str, Any], ...]] = field(default_factory=dict)

    def origin(self, node: object) -> Origin | None:
        return self.origins.get(id(node))


def resolve_refs(spec: Spec) -> ResolvedSpec:
    """Return the root document with every reference resolved, local and external.

    Only a ``$ref`` where OpenAPI lets a reference stand is one (see ``references``);
    elsewhere (``enum``, ``default``, ``example``, ``x-`` extensions) it is data and
    stays as written.
    """
    resolver = _Resolver(spec)
    data = resolver.copy(spec.root.data, spec.root, "#", references.ROOT)
    return ResolvedSpec(
        data=data,
        origins=resolver.origins,
        component_names=resolver.component_names,
        sha256=spec.sha256,
        mappings=resolver.mappings,
    )


class _Resolver:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.targets: dict[tuple[str, str, Kind], Any] = {}
        # Each $ref being resolved -> where it points: a loop back to it is a loop
        # of $refs alone (an error) unless one of them reached a schema on the way.
        self.pointing: dict[tuple[str, str, Kind], tuple[str, str, Kind]] = {}
        self.origins: dict[int, Origin] = {}
        self.component_names: dict[int, str] = {}
        self.mappings: dict[int, tuple[tuple[str, Any], ...]] = {}
        self.keep: list[Any] = []  # keeps every dict alive, so ids stay unique
        self.openapi_30 = spec.openapi_30

    def copy(
        self, node: Any, document: Document, pointer: str, kind: Kind, depth: int = 0
    ) -> Any:
        if kind is None:  # data: as written, a $ref in it included
            return node
        if isinstance(node, (list, dict)) and depth > MAX_DEPTH:
            raise document.error(
                pointer, f"nested more than {MAX_DEPTH} levels deep through $refs"
            )
        if isinstance(node, list):
            return [
                (
                    self.copy(item, document, f"{pointer}/{index}", kind, depth + 1)
                    if isinstance(item, (list, dict))
                    else item  # a scalar: as written (most of a spec)
                )
                for index, item in enumerate(node)
            ]
        if not isinstance(node, dict):
            return node
        key = (document.key, pointer, kind)
        if key in self.targets:
            if self.targets[key] is None:
                return self.reached(key, document, pointer)
            return self.targets[key]
        ref = references.reference_of(node, kind)
        if ref is not None:
            self.targets[key] = None  # a chain of $refs that loops is caught above
            ref_pointer = join_pointer(pointer, "$ref")
            # A link of a chain of $refs is a level too: a chain nests as deep.
            target = self.follow(ref, document, ref_pointer, kind, depth + 1, key)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            # A reference's other fields count for a schema of OpenAPI 3.1 only (3.0
            # ignores them; elsewhere they are a summary or description).
            if kind != "schema" or not siblings or self.openapi_30:
                self.targets[key] = target
                return target
            wrapped: dict[Any, Any] = {"allOf": [target]}
            self.targets[key] = self.remember(wrapped, document, pointer)
            for child_key, value in siblings.items():
                wrapped[child_key] = self.copy(
                    value,
                    document,
                    join_pointer(pointer, child_key),
                    references.child_kind(kind, child_key),
                    depth + 1,
                )
            self.map_targets(wrapped, document, pointer, depth)
            return wrapped
        result: dict[Any, Any] = {}
        self.targets[key] = self.remember(result, document, pointer)
        if kind == "schema":
            name = _component_name(pointer, external=document is not self.spec.root)
            if name is not None:
                self.component_names[id(result)] = name
        for child_key, value in node.items():
            if not isinstance(value, (list, dict)):  # a scalar: as written
                result[child_key] = value
                continue
            result[child_key] = self.copy(
                value,
                document,
                join_pointer(pointer, child_key),
                references.child_kind(kind, child_key),
                depth + 1,
            )
        if kind == "schema":
            self.map_targets(result, document, pointer, depth)
        return result

    def map_targets(
        self, schema: dict[Any, Any], document: Document, pointer: str, depth: int
    ) -> None:
        """The schema each target of ``schema``'s discriminator mapping names, kept in
        ``mappings``: a reference read as a ``$ref`` is (``target_of``: ``B%20C`` is
        ``B C``, ``S~1y`` is ``S/y``), in the file it names; a bare name is the root
        document's component of that name. One that names nothing is an error: its
        tag would be dropped without a word. One in a file no ``$ref`` reads is left
        out: nothing generated is of its schema (an ``allOf`` hierarchy's subtypes kept
        in files of their own), so its tag can pick no model."""
        discriminator = schema.get("discriminator")
        mapping = (
            discriminator.get("mapping") if isinstance(discriminator, dict) else None
        )
        if not isinstance(mapping, dict):
            return
        targets = []
        for tag, target in mapping.items():
            at = join_pointer(pointer, "discriminator", "mapping", tag)
            text = str(target)
            target_document: Document | None = self.spec.root
            if "#" not in text and "/" not in text:  # a component's name
                target_pointer = join_pointer("#/components/schemas", text)
            else:
                file_part, target_pointer = references.target_of(text)
                target_document = self.spec.document_of(document, file_part)
            if target_document is None:
                continue  # a file no $ref reads (see above)
            value = (
                lookup(target_document.data, target_pointer)
                if target_pointer.startswith("#/")
                else MISSING
            )
            if not isinstance(value, (dict, bool)):
                problem = (
                    f"discriminator mapping {str(tag)!r}: {text!r} names no schema"
                )
                raise document.error(at, problem)
            targets.append(
                (
                    str(tag),
                    self.copy(
                        value, target_document, target_pointer, "schema", depth + 1
                    ),
                )
            )
        self.mappings[id(schema)] = tuple(targets)

    def remember(self, result: dict[Any, Any], document: Document, pointer: str) -> Any:
        self.origins[id(result)] = Origin(document, pointer)
        self.keep.append(result)
        return result

    def reached(
        self, key: tuple[str, str, Kind], document: Document, pointer: str
    ) -> Any:
        """What the $ref at ``key``, met again while it is being resolved, comes to:
        the schema its chain of $refs reached (a recursive schema, filled in as it
        is made); a chain that only comes back to itself is an error."""
        seen = {key}
        while self.targets.get(key) is None and key in self.pointing:
            key = self.pointing[key]
            if key in seen:
                break
            seen.add(key)
        if self.targets.get(key) is None:
            raise document.error(pointer, "this $ref refers to itself")
        return self.targets[key]

    def follow(
        self,
        ref: str,
        document: Document,
        ref_pointer: str,
        kind: Kind,
        depth: int,
        source: tuple[str, str, Kind],
    ) -> Any:
        file_part, pointer = references.target_of(ref)
        target_document = self.spec.document_of(document, file_part)
        if target_document is None:  # load refused it first
            raise document.error(ref_pointer, f"$ref {ref!r}: file not loaded")
        value = lookup(target_document.data, pointer)
        if value is MISSING and pointer != "#" and not pointer.startswith("#/"):
            raise document.error(
                ref_pointer,
                f"$ref {ref!r} names an anchor ($anchor, $id), which is not "
                "supported: write a JSON pointer ('#/components/...')",
            )
        if value is MISSING:
            raise document.error(ref_pointer, f"$ref {ref!r} points to nothing")
        self.pointing[source] = (target_document.key, pointer, kind)
        return self.copy(value, target_document, pointer, kind, depth)


def _component_name(pointer: str, external: bool) -> str | None:
    parts = pointer.split("/")
    if external and len(parts) == 2 and parts[1]:  # a top-level schema of a schema file
        return unescape_pointer_token(parts[1])
    if len(parts) == 4 and parts[1] == "components" and parts[2] == "schemas":
        return unescape_pointer_token(parts[3])
    if len(parts) == 3 and parts[1] in ("definitions", "$defs"):
        return unescape_pointer_token(parts[2])
    return None


__all__ = ["MISSING", "Origin", "ResolvedSpec", "lookup", "resolve_refs"]
