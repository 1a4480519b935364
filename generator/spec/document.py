"""What ``load`` makes of a spec: each file a ``Document`` (its data and the line of
every node in it), the files together a ``Spec``; the bounds every file is read
within; and how a ``$ref``'s file part names a document (``resolve_key``)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from ..errors import SpecError

# More nodes than this, aliases expanded, is not a spec but a YAML bomb (the whole
# Pipedrive v1 spec has under 100,000).
MAX_NODES = 1_000_000
# Objects and arrays nested deeper than this are refused (Pipedrive's specs nest 28
# deep; Python's recursion in the later stages gives out below 1,000). These are JSON
# levels: an inline object schema in a property of another is two (``properties``,
# then the property), so about 60 such objects pass; the schema stage refuses arrays,
# maps and unions nested past 32 on its own (``ir.schemas.MAX_NESTING``). $refs may
# nest as deep again (``resolve.MAX_DEPTH``), which the schema stage takes.
MAX_DEPTH = 128


@dataclass(frozen=True)
class Document:
    """One YAML or JSON file: its data and the line of every node in it."""

    name: str  # how errors name the file: the path as the user gave it
    key: str  # how ``$ref``s reach it: a posix path relative to the root document
    data: Any
    lines: Mapping[str, int]  # JSON pointer ("#/paths/~1activities") -> 1-based line
    sha256: str

    def line_of(self, pointer: str) -> int | None:
        """The line of ``pointer``, or of its nearest ancestor that has one."""
        while pointer:
            if pointer in self.lines:
                return self.lines[pointer]
            pointer = pointer.rpartition("/")[0]
        return None

    def error(self, pointer: str, message: str) -> SpecError:
        return SpecError(self.name, pointer, self.line_of(pointer) or 1, message)


@dataclass(frozen=True)
class Spec:
    """A root document and every document its ``$ref``s reach, keyed by ``Document.key``."""

    root: Document
    documents: Mapping[str, Document]
    # (document key, pointer) of every node whose ``$ref`` is a reference; a ``$ref``
    # anywhere else is data (an ``example``, say)
    references: frozenset[tuple[str, str]] = frozenset()

    @property
    def sha256(self) -> str:
        """One digest over every file of the spec, in a stable order."""
        digest = hashlib.sha256()
        for key in sorted(self.documents):
            digest.update(key.encode() + b"\0" + self.documents[key].sha256.encode())
        return digest.hexdigest() if len(self.documents) > 1 else self.root.sha256

    @property
    def openapi_30(self) -> bool:
        return is_openapi_30(self.root.data)

    def document_of(self, document: Document, file_part: str) -> Document | None:
        """The document a ``$ref``'s file part names, seen from ``document`` (itself
        for ""); None for a file ``load`` did not read."""
        if not file_part:
            return document
        base = PurePosixPath(document.key).parent
        return self.documents.get(resolve_key(base, file_part))


def is_openapi_30(data: Any) -> bool:
    """Whether a root document's data says it is OpenAPI 3.0 (whose schemas have no
    ``$id`` and whose references ignore their siblings), as read before the check
    has looked at it."""
    version = data.get("openapi") if isinstance(data, dict) else None
    return str(version).startswith("3.0")


def is_json(name: str) -> bool:
    return name.lower().endswith(".json")


def resolve_key(base: PurePosixPath, file_part: str) -> str:
    """The document key a relative file reference names, seen from ``base``."""
    parts: list[str] = []
    for part in (base / file_part).parts:
        if part == "..":
            if parts and parts[-1] != "..":
                parts.pop()
            else:
                parts.append(part)
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
