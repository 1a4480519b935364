"""YAML text -> its data and the line of every node, as JSON has them.

Most specs are read in one pass over the parser's events (``plain_yaml``); what that
does not take is read the thorough way here, through PyYAML's nodes, which are checked
for what PyYAML takes silently and JSON has not (a key twice, aliases without end,
tags, numbers that are not finite, nesting past ``MAX_DEPTH``) and words every error
with its line.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import yaml

from ..errors import SpecError, join_pointer
from .document import MAX_DEPTH, MAX_NODES, is_json
from .plain_yaml import NotPlain, read_plain_yaml

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


def read_yaml(text: str, name: str) -> tuple[Any, dict[str, int]]:
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
    return "malformed JSON" if is_json(name) else "malformed YAML"


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
