"""Stage 1, load: read a spec and every file its ``$ref``s reach, keeping lines.

This and ``write`` are the only stages that touch the disk.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import re
import sys
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml

from . import references
from .files import parsed_key, read_regular_file
from .plain_yaml import NotPlain, read_plain_yaml
from ..output.cache import NO_CACHE, Cache
from ..errors import SpecError, join_pointer
from .references import Kind

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
    version = root.data.get("openapi") if isinstance(root.data, dict) else None
    schema_ids = not str(version).startswith("3.0")  # 3.0 has no $id
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
    cache_entry = parsed_key(sha256)
    parsed = _parsed(cache, cache_entry)
    if parsed is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw.count(b"\n", 0, error.start) + 1
            raise SpecError(
                name, "#", line, f"not UTF-8 text: {error.reason}"
            ) from None
        if _is_json(name):
            # A byte order mark, which JSON readers may ignore (RFC 8259), as YAML's do.
            text = text.removeprefix("\ufeff")
            _check_json(text, name)
            text = _explicit_long_keys(_escaped_controls(_joined_surrogates(text)))
        parsed = _parse_yaml(text, name)
        if cache.enabled:
            blob = zlib.compress(marshal.dumps(parsed), 1)  # a tenth of the size
            cache.put_bytes("parsed", cache_entry, blob)
    data, lines = parsed
    return Document(name=name, key=key, data=data, lines=lines, sha256=sha256)


def _check_json(text: str, name: str) -> None:
    """A ``.json`` file is JSON: YAML, which reads it for the lines, takes more (a
    trailing comma, a single-quoted string, a comment) that every other JSON reader
    refuses; so does Python's (NaN and Infinity)."""
    try:
        json.loads(text, parse_constant=_not_a_number)
    except json.JSONDecodeError as error:
        raise SpecError(
            name, "#", error.lineno, f"malformed JSON: {error.msg}"
        ) from None
    except (_NotANumber, ValueError):  # NaN, or more digits than Python converts
        line, problem = _number_refused(text)
        raise SpecError(name, "#", line, f"malformed JSON: {problem}") from None
    except RecursionError:  # deeper than json's reader goes: YAML's says so, located
        pass


class _NotANumber(Exception):
    """NaN, Infinity or -Infinity, which Python's JSON reader takes and JSON has not."""


def _not_a_number(constant: str) -> None:
    raise _NotANumber(constant)


# A JSON string: what is inside one is never a number, nor a key's end.
_STRING = r'"(?:[^"\\]|\\.)*"'
# Outside a JSON string (skipped whole), a number or what Python's reader takes as one.
_JSON_NUMBER = re.compile(
    _STRING + r"|(-?Infinity|NaN|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)", re.DOTALL
)


def _number_refused(text: str) -> tuple[int, str]:
    """The line of the first number of ``text`` that JSON has not (NaN, Infinity) or that
    Python cannot convert (an integer of too many digits), and what is wrong with it."""
    for match in _JSON_NUMBER.finditer(text):
        number = match.group(1) or ""
        digits = len(number.lstrip("-"))
        if number.lstrip("-") in ("Infinity", "NaN"):
            problem = f"{number} is not a JSON number"
        elif number.lstrip("-").isdigit() and digits > sys.get_int_max_str_digits():
            problem = f"integer of {digits:,} digits: too large"
        else:
            continue
        return text.count("\n", 0, match.start(1)) + 1, problem
    return 1, "a number Python cannot read"  # pragma: no cover - found above


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


# Where such a pair could start: found at the speed of a plain search (the pattern
# above, tried at every place, takes a tenth of a second per megabyte).
_HIGH_HALF = re.compile(r"\\ud[89ab]", re.IGNORECASE)


def _joined_surrogates(text: str) -> str:
    """A JSON file's surrogate-pair escapes as the characters they stand for (in JSON
    every string is double-quoted, so a backslash-u is always an escape)."""
    if not _HIGH_HALF.search(text):
        return text
    return _SURROGATE_PAIR.sub(_joined, text)


# What JSON takes as it is inside a string and YAML does not: DEL, the C1 controls,
# U+FFFE and U+FFFF (its reader refuses them anywhere), and NEL, U+2028 and U+2029
# (line breaks to YAML: folded into a space, and counted as lines).
_UNREADABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _escaped_controls(text: str) -> str:
    """A JSON file's characters that YAML reads otherwise or not at all (SendGrid's
    examples hold C1 controls) as the JSON escapes of themselves, which YAML reads as
    JSON does; on the same line. Outside a string such a character is no JSON,
    escaped or not."""
    return _UNREADABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


# A JSON string, and a key: a string followed by a colon.
_JSON_STRING = re.compile(_STRING + r"(\s*:)?", re.DOTALL)
# YAML reads an implicit key of at most 1,024 characters, its colon included.
_SIMPLE_KEY_ROOM = 1000


# A JSON key too long for YAML's implicit keys leaves a trace that a plain search finds
# whatever it is aligned to: an unescaped quote, 490 characters or more that hold none,
# a quote, then (after spaces) a colon; or a quote, 490 spaces or more, and a colon (a
# key and its colon past _SIMPLE_KEY_ROOM hold one or the other). Escaped backslashes
# and quotes are first made two other characters, so that they count as written.
_MAYBE_LONG_KEY = re.compile(r'"[^"]{490,}+"\s*:|"\s{490,}:')


def _explicit_long_keys(text: str) -> str:
    """A JSON text whose keys of more than 1,024 characters are written as YAML's
    explicit keys (``? "key": value``), which have no such limit; on the same line."""
    if len(text) <= _SIMPLE_KEY_ROOM:
        return text
    unescaped = text.replace("\\\\", "__").replace('\\"', "__")
    if not _MAYBE_LONG_KEY.search(unescaped):  # most specs: no key is near so long
        return text
    parts: list[str] = []
    done = 0
    for match in _JSON_STRING.finditer(text):
        if match.group(1) is not None and len(match.group()) > _SIMPLE_KEY_ROOM:
            parts += [text[done : match.start()], "? "]
            done = match.start()
    return "".join(parts) + text[done:] if parts else text


def _joined(match: re.Match[str]) -> str:
    high, low = int(match.group(2), 16), int(match.group(3), 16)
    return match.group(1) + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _parse_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
    try:  # most specs: a third of the time of the thorough way below
        return read_plain_yaml(_Loader(text), MAX_NODES, MAX_DEPTH)
    except NotPlain:
        pass
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _check_nodes(node, name, loader.key_of)
        data = loader.construct_document(node)
        lines: dict[str, int] = {}
        _record_lines(node, "#", lines, loader.key_of)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or error.context or "cannot parse"
        raise SpecError(name, "#", line, f"{_malformed(name)}: {problem}") from None
    except yaml.reader.ReaderError as error:  # a character YAML does not take
        line = text.count("\n", 0, error.position) + 1
        code = error.character
        code = code if isinstance(code, int) else ord(code)
        problem = f"character #x{code:04x}: {error.reason}"
        raise SpecError(name, "#", line, f"{_malformed(name)}: {problem}") from None
    except yaml.YAMLError as error:
        raise SpecError(name, "#", 1, f"{_malformed(name)}: {error}") from None
    finally:
        loader.dispose()
    return data, lines


def _check_nodes(
    root: yaml.Node, name: str, key_of: Callable[[yaml.ScalarNode], str]
) -> None:
    """Refuse what PyYAML takes silently or without end, or what JSON has not: a key
    twice in one mapping (the last would win), an alias inside the node it names (a
    document without end), aliases that expand beyond ``MAX_NODES``, nesting deeper
    than ``MAX_DEPTH``, numbers that are not finite."""
    if isinstance(root, yaml.ScalarNode):
        _check_scalar(name, root, root)
        return
    # Of each collection (a scalar counts 1 in both): the nodes under it, aliases
    # expanded; the levels of nodes from it down, itself included.
    sizes: dict[int, int] = {}
    heights: dict[int, int] = {}
    open_ids: set[int] = set()  # the nodes on the path being walked
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = _children(node)
        if done:
            open_ids.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for _, child in children)
            heights[id(node)] = 1 + max(
                (heights.get(id(child), 1) for _, child in children), default=0
            )
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
            if isinstance(child, yaml.ScalarNode):  # a leaf: checked here, not stacked
                _check_scalar(name, root, child)
            elif id(child) in open_ids:
                problem = "recursive alias: the node anchored here contains itself"
                raise _node_error(name, root, child, problem)
            elif id(child) not in sizes:
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
    if heights[id(root)] > MAX_DEPTH:
        raise _too_deep(name, root, heights)


def _check_scalar(name: str, root: yaml.Node, node: yaml.ScalarNode) -> None:
    """A number must be finite: JSON has no ``.inf`` or ``.nan`` (nor ``1e400``)."""
    if node.tag.endswith(":float") and not _is_finite(node.value):
        line = node.start_mark.line + 1
        problem = f"{node.value} is not a number JSON has (not finite)"
        raise SpecError(name, _pointer_to(root, node), line, problem)


def _is_finite(text: str) -> bool:
    if _NOT_FINITE.fullmatch(text):
        return False
    try:
        return math.isfinite(float(text.replace("_", "")))
    except ValueError:  # not a number at all: the constructor says so
        return True


_NOT_FINITE = re.compile(r"[-+]?\.(?:inf|nan)", re.IGNORECASE)


def _too_deep(name: str, root: yaml.Node, heights: dict[int, int]) -> SpecError:
    """The error at the first node nested deeper than ``MAX_DEPTH``, on the way down
    the deepest branch (later stages recurse: they would fail without a location)."""
    node, pointer = root, "#"
    for _ in range(MAX_DEPTH):
        key, node = max(_children(node), key=lambda item: heights.get(id(item[1]), 1))
        part = key.value if isinstance(key, yaml.Node) else key
        pointer = join_pointer(pointer, str(part))
    problem = f"nested more than {MAX_DEPTH} levels deep"
    return SpecError(name, pointer, node.start_mark.line + 1, problem)


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
    where = _pointer_to(root, node)
    return SpecError(name, where, line, f"{_malformed(name)}: {problem}")


def _malformed(name: str) -> str:
    """How an error begins that the file's text causes: a ``.json`` file is JSON, though
    YAML reads it (for the lines)."""
    return "malformed JSON" if _is_json(name) else "malformed YAML"


def _is_json(name: str) -> bool:
    return name.lower().endswith(".json")


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


def _record_lines(
    node: yaml.Node,
    pointer: str,
    lines: dict[str, int],
    key_of: Callable[[yaml.ScalarNode], str],
) -> None:
    """The line of every node under ``node``, by its pointer: keys as the data has
    them (``~:`` is "null", ``0x1F:`` is "31")."""
    stack = [(node, pointer)]
    while stack:
        node, pointer = stack.pop()
        lines[pointer] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = join_pointer(pointer, key_of(key_node))
                lines[child] = key_node.start_mark.line + 1
                if isinstance(value_node, yaml.CollectionNode):
                    stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                if isinstance(item, yaml.CollectionNode):
                    stack.append((item, f"{pointer}/{index}"))
                else:  # a leaf (an enum may have 100,000)
                    lines[f"{pointer}/{index}"] = item.start_mark.line + 1


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
