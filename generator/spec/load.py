"""Stage 1, load: read a spec and every file its ``$ref``s reach, keeping lines.

This and ``write`` are the only stages that touch the disk.
"""

from __future__ import annotations

import functools
import hashlib
import json
import marshal
import re
import sys
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from ..output.cache import NO_CACHE, Cache, cache_key
from ..errors import SpecError, join_pointer

try:  # the C parser is several times faster on the large specs
    _SafeLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader

# OpenAPI documents are YAML 1.2, whose core schema PyYAML (YAML 1.1) does not follow:
# 1.1 reads ``1e-08`` as a string, ``yes``/``on`` as booleans, ``10:00`` as 600 and
# ``2016-08-29`` as a date. These are the 1.2 core schema's rules for plain scalars.
_CORE_SCHEMA = {
    "bool": (r"true|True|TRUE|false|False|FALSE", "tTfF"),
    "int": (r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    "float": (
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
}
_YAML_1_1_ONLY = {"tag:yaml.org,2002:" + name for name in (*_CORE_SCHEMA, "timestamp")}


class _Loader(_SafeLoader):  # type: ignore[misc]
    """A safe loader that reads plain scalars as YAML 1.2 (the core schema) does, and
    mapping keys as JSON has them: strings (``200:`` is ``"200"``, ``true:`` is
    ``"true"``), as a YAML-to-JSON conversion writes them."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML_1_1_ONLY]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
        mapping = super().construct_mapping(node, deep=deep)
        if all(type(key) is str for key in mapping):
            return mapping
        return {json_key(key): value for key, value in mapping.items()}

    def key_of(self, node: yaml.ScalarNode) -> str:
        """A scalar mapping key as the loaded data has it (``~`` is "null")."""
        return json_key(self.construct_object(node))


def json_key(key: Any) -> str:
    """A mapping key as JSON has it: a string (``200`` is "200", ``True`` "true")."""
    return key if type(key) is str else json.dumps(key)


for _name, (_pattern, _first) in _CORE_SCHEMA.items():
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:" + _name, re.compile(f"^(?:{_pattern})$"), list(_first)
    )


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    try:
        return int(text[2:] if base != 10 else text, base)
    except ValueError:  # more digits than Python converts
        raise _not_json(node, f"integer of {len(text):,} digits: too large") from None


def _refuse_tag(loader: Any, node: yaml.Node) -> None:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    raise _not_json(node, f"{tag} values are not JSON data: quote the value")


def _not_json(node: yaml.Node, problem: str) -> yaml.MarkedYAMLError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
for _tag in ("binary", "timestamp", "set", "omap", "pairs"):
    _Loader.add_constructor("tag:yaml.org,2002:" + _tag, _refuse_tag)

# More nodes than this, aliases expanded, is not a spec but a YAML bomb (the whole
# Pipedrive v1 spec has under 100,000).
MAX_NODES = 1_000_000


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

    @property
    def sha256(self) -> str:
        """One digest over every file of the spec, in a stable order."""
        digest = hashlib.sha256()
        for key in sorted(self.documents):
            digest.update(key.encode() + b"\0" + self.documents[key].sha256.encode())
        return digest.hexdigest() if len(self.documents) > 1 else self.root.sha256


def load_spec(path: Path | str, cache: Cache = NO_CACHE) -> Spec:
    """Read the spec at ``path`` and every file reachable through external ``$ref``s.

    A file parsed before comes from ``cache`` (its data and lines, by the sha256 of its
    bytes): parsing YAML is most of what a run after a small edit costs.
    """
    root_path = Path(path)
    root = _load_document(root_path, str(path), root_path.name, cache)
    documents = {root.key: root}
    pending = [root]
    while pending:
        document = pending.pop()
        for target_key, pointer in sorted(_external_refs(document)):
            if target_key in documents:
                continue
            file = root_path.parent / target_key
            documents[target_key] = _load_document(
                file,
                str(Path(path).parent / target_key),
                target_key,
                cache,
                document,
                pointer,
            )
            pending.append(documents[target_key])
    return Spec(root=root, documents=documents)


def _load_document(
    file: Path,
    name: str,
    key: str,
    cache: Cache,
    referrer: Document | None = None,
    ref_pointer: str = "#",
) -> Document:
    try:
        raw = file.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        if referrer is not None:
            raise referrer.error(
                ref_pointer, f"$ref to {key}: cannot read it: {reason}"
            ) from None
        raise SpecError(name, "#", None, f"cannot read the spec: {reason}") from None
    sha256 = hashlib.sha256(raw).hexdigest()
    cache_entry = _parsed_key(sha256)
    parsed = _parsed(cache, cache_entry)
    if parsed is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError(name, "#", 1, f"not UTF-8 text: {error.reason}") from None
        json_file = name.lower().endswith(".json")
        parsed = _parse_yaml(_joined_surrogates(text) if json_file else text, name)
        if cache.enabled:
            blob = zlib.compress(marshal.dumps(parsed), 1)  # a tenth of the size
            cache.put_bytes("parsed", cache_entry, blob)
    data, lines = parsed
    return Document(name=name, key=key, data=data, lines=lines, sha256=sha256)


def _parsed_key(sha256: str) -> str:
    return cache_key(_parser_salt(), sha256)


@functools.cache
def _parser_salt() -> str:
    # marshal's format is Python's own; the parse is PyYAML's and this module's.
    source = Path(__file__).read_bytes()
    return cache_key(sys.version, "pyyaml " + yaml.__version__, source)


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


# A JSON escape of a character beyond the BMP: two UTF-16 halves (json.dumps writes
# "\ud83d\ude00"), which YAML, reading JSON, refuses.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)


def _joined_surrogates(text: str) -> str:
    """A JSON file's surrogate-pair escapes as the characters they stand for (in JSON
    every string is double-quoted, so a backslash-u is always an escape)."""
    if "\\u" not in text:
        return text
    return _SURROGATE_PAIR.sub(_joined, text)


def _joined(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_nodes(node, name, loader.key_of)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "cannot parse"
        raise SpecError(name, "#", line, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise SpecError(name, "#", 1, f"malformed YAML: {error}") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    _record_lines(node, "#", lines)
    return data, lines


def _check_nodes(
    root: yaml.Node, name: str, key_of: Callable[[yaml.ScalarNode], str]
) -> None:
    """Refuse what PyYAML takes silently or without end: a key twice in one mapping
    (the last would win), an alias inside the node it names (a document without
    end), aliases that expand beyond ``MAX_NODES``."""
    sizes: dict[int, int] = {}  # nodes under each node, aliases expanded
    open_ids: set[int] = set()  # the nodes on the path being walked
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            open_ids.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for _, child in children)
            if sizes[id(node)] > MAX_NODES:
                problem = f"aliases expand to more than {MAX_NODES:,} nodes"
                raise _node_error(name, root, node, problem)
            continue
        if id(node) in sizes:
            continue
        open_ids.add(id(node))
        stack.append((node, True))
        seen: dict[str, int] = {}  # keys as JSON has them: 200 and '200' are one
        for key, child in children:
            if id(child) in open_ids:
                problem = "recursive alias: the node anchored here contains itself"
                raise _node_error(name, root, child, problem)
            if id(child) not in sizes:
                stack.append((child, False))
            if (
                isinstance(key, yaml.ScalarNode)
                and child is not key
                and not key.tag.endswith(":merge")
            ):
                text = key_of(key)
                if text in seen:
                    first = seen[text]
                    problem = f"duplicate key {key.value!r} (first at line {first})"
                    raise _node_error(name, root, key, problem)
                seen[text] = key.start_mark.line + 1


def _children(node: yaml.Node) -> list[tuple[object, yaml.Node]]:
    """The nodes right under ``node``, each with its key node or index: a mapping's
    keys and values, a sequence's items."""
    if isinstance(node, yaml.MappingNode):
        return [(key, part) for key, value in node.value for part in (key, value)]
    if isinstance(node, yaml.SequenceNode):
        return list(enumerate(node.value))
    return []


def _node_error(name: str, root: yaml.Node, node: yaml.Node, problem: str) -> SpecError:
    line = node.start_mark.line + 1
    return SpecError(name, _pointer_to(root, node), line, f"malformed YAML: {problem}")


def _pointer_to(root: yaml.Node, target: yaml.Node) -> str:
    """The first pointer that reaches ``target`` (a key node: its entry's pointer)."""
    visited: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "#")]
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        visited.add(id(node))
        for key, child in reversed(_children(node)):
            if id(child) not in visited:
                part = key.value if isinstance(key, yaml.Node) else key
                stack.append((child, join_pointer(pointer, str(part))))
    return "#"


def _record_lines(node: yaml.Node, pointer: str, lines: dict[str, int]) -> None:
    stack = [(node, pointer)]
    while stack:
        node, pointer = stack.pop()
        lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = join_pointer(pointer, key_node.value)
                lines[child] = key_node.start_mark.line + 1
                if isinstance(value_node, yaml.CollectionNode):
                    stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, join_pointer(pointer, index)))


def _external_refs(document: Document) -> set[tuple[str, str]]:
    """(target key, pointer of the ``$ref``) for every ``$ref`` into another file."""
    found: set[tuple[str, str]] = set()
    stack: list[tuple[Any, str]] = [(document.data, "#")]
    base = PurePosixPath(document.key).parent
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                file_part = ref.partition("#")[0]
                if not file_part:  # "" names this document, not a part of it
                    raise document.error(
                        join_pointer(pointer, "$ref"),
                        f"$ref {ref!r} points to the whole document: "
                        "write '#/...' for a part of it",
                    )
                if "://" in file_part:
                    raise document.error(
                        join_pointer(pointer, "$ref"),
                        f"remote $ref {ref!r} is not supported",
                    )
                found.add((resolve_key(base, file_part), join_pointer(pointer, "$ref")))
            stack.extend(
                (value, join_pointer(pointer, key)) for key, value in node.items()
            )
        elif isinstance(node, list):
            stack.extend(
                (value, join_pointer(pointer, index))
                for index, value in enumerate(node)
            )
    return found


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
