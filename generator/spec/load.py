"""Stage 1, load: read a spec and every file its ``$ref``s reach, keeping lines.

This and ``write`` are the only stages that touch the disk.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from . import references
from .document import Document, Spec, is_json, is_openapi_30, resolve_key
from .files import parsed_key, read_regular_file
from .json_text import read_json
from .yaml_text import read_yaml
from ..output.cache import NO_CACHE, Cache
from ..errors import SpecError, join_pointer
from .references import Kind


def load_spec(
    path: Path | str, cache: Cache = NO_CACHE, allow_refs: Path | str | None = None
) -> Spec:
    """Read the spec at ``path`` and every file its external ``$ref``s reach.

    A ``$ref`` is followed only where OpenAPI lets a reference stand (see
    ``references``), and only to a regular file under ``allow_refs`` (by default the
    spec's own folder), symbolic links resolved: an absolute path, a ``..`` that leaves
    the folder, a link that leads out of it, a device or a FIFO are refused.

    A file parsed before comes from ``cache`` (its data and lines, by the sha256 of its
    bytes): parsing YAML is most of what a run after a small edit costs.
    """
    root_path = Path(path)
    root = _load_document(root_path, str(path), root_path.name, cache)
    folder = root_path.parent if allow_refs is None else Path(allow_refs)
    reach = _Reach(
        root_path.parent, Path(os.path.realpath(folder)), allow_refs is not None
    )
    documents = {root.key: root}
    seen: set[tuple[str, str, Kind]] = set()
    followed: set[tuple[str, str]] = set()  # the nodes whose $ref is a reference
    pending: list[tuple[Document, str, Kind]] = [(root, "#", references.ROOT)]
    schema_ids = not is_openapi_30(root.data)  # 3.0 has no $id
    while pending:
        document, pointer, kind = pending.pop()
        for ref, ref_pointer, ref_kind in _references(document, pointer, kind, seen):
            if schema_ids and ref_kind == "schema":
                _refuse_id_base(document, ref_pointer, ref)
            file_part, target_pointer = references.target_of(ref)
            target = document
            if file_part or not ref.startswith("#"):
                key = reach.key_of(document, ref_pointer, ref)
                if key not in documents:
                    file = reach.file(document, ref_pointer, ref, key)
                    name = str(Path(path).parent / key)
                    documents[key] = _load_document(
                        file, name, key, cache, document, ref_pointer
                    )
                target = documents[key]
            if target is root and target_pointer == "#":  # ("spec.yaml#", say)
                raise _whole_document(document, ref_pointer, ref)
            pending.append((target, target_pointer, ref_kind))
            followed.add((document.key, ref_pointer.rpartition("/")[0]))
    return Spec(root, documents, frozenset(followed))


@dataclass(frozen=True)
class _Reach:
    """Which files a ``$ref`` may name: regular files under ``folder`` (a real path)."""

    base: Path  # the root spec's folder, as given: document keys are relative to it
    folder: Path
    named: bool  # ``folder`` is the one ``--allow-refs`` names, not the spec's own

    def key_of(self, document: Document, ref_pointer: str, ref: str) -> str:
        """The document key of the file ``ref`` names, if a ``$ref`` may name it: its
        file part judged once decoded (``%2E%2E%2F`` is ``../``, ``%2F`` a ``/``)."""
        file_part = references.target_of(ref)[0]
        if not file_part:  # "" names this document, not a part of it
            raise _whole_document(document, ref_pointer, ref)
        if "://" in file_part:
            raise document.error(ref_pointer, f"remote $ref {ref!r} is not supported")
        if "\0" in file_part:  # no file has such a name: the system refuses to look
            raise document.error(ref_pointer, f"$ref {ref!r} names no file: a NUL byte")
        if PurePosixPath(file_part).is_absolute() or PureWindowsPath(file_part).drive:
            raise self.refused(document, ref_pointer, ref, "it is an absolute path")
        return resolve_key(PurePosixPath(document.key).parent, file_part)

    def file(self, document: Document, ref_pointer: str, ref: str, key: str) -> Path:
        """The real path of the file ``key`` names, if it lies under ``folder``."""
        real = Path(os.path.realpath(self.base / key))
        if not real.is_relative_to(self.folder):
            way = "" if key.split("/")[0] == ".." else " through a symbolic link"
            raise self.refused(document, ref_pointer, ref, f"it leads out{way}")
        if real.is_dir():  # ('.', 'sub/'): reading it would say "Is a directory"
            raise document.error(
                ref_pointer, f"$ref {ref!r} names a folder, not a file"
            )
        return real

    def refused(
        self, document: Document, ref_pointer: str, ref: str, problem: str
    ) -> SpecError:
        folder = "the folder --allow-refs names" if self.named else "the spec's folder"
        return document.error(
            ref_pointer,
            f"$ref {ref!r} is refused: {problem}; a $ref reads only files under {folder}",
        )


def _refuse_id_base(document: Document, ref_pointer: str, ref: str) -> None:
    """Refuse a schema's ``$ref`` that a ``$id`` around it (or beside it) makes relative
    to that ``$id``: read against the document, as the other stages read it, it would
    name another node than the one it means, or none."""
    scope = references.id_scope(document.data, ref_pointer.rpartition("/")[0])
    if scope is not None:
        pointer, base = scope
        raise document.error(
            ref_pointer,
            f"$ref {ref!r} is read against the $id {base!r} of {pointer}, which is not "
            "supported: drop that $id (a $ref is then read from the document's root: "
            "'#/components/...')",
        )


def _whole_document(document: Document, ref_pointer: str, ref: str) -> SpecError:
    """The error of a ``$ref`` to the whole spec (``''``, ``'#'``): the OpenAPI object,
    which is no schema, parameter or other object a reference may stand for."""
    return document.error(
        ref_pointer,
        f"$ref {ref!r} points to the whole document: write '#/...' for a part of it",
    )


def _references(
    document: Document, start: str, kind: Kind, seen: set[tuple[str, str, Kind]]
) -> list[tuple[str, str, Kind]]:
    """(``$ref``, its pointer, the kind of what it names) for each reference in the
    node at ``start`` of ``document``, a node of ``kind``; a node walked once (in
    ``seen``) is not walked again."""
    found: list[tuple[str, str, Kind]] = []
    node = references.lookup(document.data, start)
    stack: list[tuple[Any, str, Kind]] = (
        [] if node is references.MISSING else [(node, start, kind)]
    )
    while stack:
        node, pointer, kind = stack.pop()
        if kind is None:
            continue
        if isinstance(node, list):
            stack.extend(
                (item, f"{pointer}/{index}", kind)
                for index, item in enumerate(node)
                if isinstance(item, (dict, list))  # a leaf holds no $ref
            )
            continue
        if not isinstance(node, dict) or (document.key, pointer, kind) in seen:
            continue
        seen.add((document.key, pointer, kind))
        ref = references.reference_of(node, kind)
        if ref is not None:
            found.append((ref, join_pointer(pointer, "$ref"), kind))
            if kind != "schema":  # the siblings of a reference count for schemas only
                continue
        for key, value in node.items():
            if isinstance(value, (dict, list)) and (key != "$ref" or ref is None):
                child_kind = references.child_kind(kind, key)
                if child_kind is not None:  # data: a $ref in it is only a key
                    stack.append((value, join_pointer(pointer, key), child_kind))
    found.reverse()  # in the order they are written (the stack gave them backwards)
    return found


def _load_document(
    file: Path,
    name: str,
    key: str,
    cache: Cache,
    referrer: Document | None = None,
    ref_pointer: str = "#",
) -> Document:
    try:
        raw = read_regular_file(file)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        if referrer is not None:
            raise referrer.error(
                ref_pointer, f"$ref to {key}: cannot read it: {reason}"
            ) from None
        raise SpecError(name, None, None, f"cannot read the spec: {reason}") from None
    sha256 = hashlib.sha256(raw).hexdigest()
    cache_entry = parsed_key(sha256, name)
    parsed = _parsed(cache, cache_entry)
    if parsed is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise SpecError(
                name, "#", line, f"not UTF-8 text: {error.reason}"
            ) from None
        parsed = _parse_text(text, name)
        if cache.enabled:
            blob = zlib.compress(marshal.dumps(parsed), 1)  # a tenth of the size
            cache.put_bytes("parsed", cache_entry, blob)
    data, lines = parsed
    return Document(name=name, key=key, data=data, lines=lines, sha256=sha256)


def _parse_text(text: str, name: str) -> tuple[Any, dict[str, int]]:
    """The data and lines of a file's text: JSON if it is named so, else YAML."""
    return read_json(text, name) if is_json(name) else read_yaml(text, name)


def _parsed(cache: Cache, key: str) -> tuple[Any, dict[str, int]] | None:
    """The data and lines of a file parsed before, if the cache has them."""
    blob = cache.get_bytes("parsed", key)
    if blob is None:
        return None
    try:  # marshal, not pickle: it builds data only, never runs code
        data, lines = marshal.loads(zlib.decompress(blob))
    except (EOFError, ValueError, TypeError, zlib.error):
        return None
    return data, lines
