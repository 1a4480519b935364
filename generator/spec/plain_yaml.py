"""The fast way to read a spec's YAML: one pass over libyaml's events.

Most specs are plain YAML: no anchor, alias, tag or merge key, no key twice, numbers
that are finite, nesting and size within bounds. ``read_plain_yaml`` reads such a text
straight from the C parser's events into data and the line of every node, in one
loop, without building PyYAML's node graph or running its Python constructor (together
about three quarters of a load). Whatever it does not take it refuses with ``NotPlain``,
and ``load`` then reads the text the thorough way, which accepts it or words its error
with the line: so a text read here has the data and lines that way would give it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

import yaml

STR = "tag:yaml.org,2002:str"


class NotPlain(Exception):
    """The text is not plain YAML as this module reads it (or not YAML at all)."""


def read_plain_yaml(
    loader: Any, max_nodes: int, max_depth: int
) -> tuple[Any, dict[str, int]]:
    """The data of the text a fresh PyYAML ``loader`` holds and the line (1-based) of
    each JSON pointer in it.

    Plain scalars get the tags of the loader's implicit resolvers; a pointer's line is
    its key's, or, for an object or array, where that starts; a document of more than
    ``max_nodes`` nodes or nested more than ``max_depth`` levels is not plain.
    """
    scalars = _Scalars(loader.yaml_implicit_resolvers)
    try:
        return _read(loader.get_event, scalars, max_nodes, max_depth)
    except yaml.YAMLError:
        raise NotPlain from None
    finally:
        loader.dispose()


def _read(
    next_event: Callable[[], Any], scalars: _Scalars, max_nodes: int, max_depth: int
) -> tuple[Any, dict[str, int]]:
    next_event()  # the stream's start
    event = next_event()
    if type(event) is yaml.StreamEndEvent:
        return None, {}
    if type(event) is not yaml.DocumentStartEvent:
        raise NotPlain
    lines: dict[str, int] = {}
    # The open objects and arrays: [container, its pointer, the key read last (of an
    # object whose value comes next), that key's line].
    stack: list[list[Any]] = []
    root: Any = None
    nodes = 0
    opened: dict[str, Any] | list[Any] | None
    scalar_of, known = scalars.value, scalars.values
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, _SEQUENCE
    ends = _ENDS
    while True:
        event = next_event()
        kind = type(event)
        if kind is scalar:
            if event.anchor is not None or event.tag is not None:
                raise NotPlain
            value = event.value
            if event.implicit[0]:  # plain: its tag and value as the resolvers say
                value = known[value] if value in known else scalar_of(value)
            opened = None
        elif kind is mapping or kind is sequence:
            if event.anchor is not None or event.tag is not None:
                raise NotPlain
            opened = {} if kind is mapping else []
            value = opened
        elif kind in ends:
            stack.pop()
            continue
        elif kind is yaml.DocumentEndEvent:
            break
        else:  # an alias
            raise NotPlain
        nodes += 1
        line = event.start_mark.line + 1
        if not stack:
            root, pointer = value, "#"
            lines[pointer] = line
        else:
            top = stack[-1]
            container = top[0]
            if type(container) is list:
                pointer = f"{top[1]}/{len(container)}"
                container.append(value)
                lines[pointer] = line
            elif top[2] is None:  # a key
                if opened is not None:
                    raise NotPlain
                key = value if type(value) is str else _json_key(value)
                if key in container:
                    raise NotPlain
                top[2], top[3] = key, line
                continue
            else:
                key = top[2]
                container[key] = value
                if "~" in key or "/" in key:
                    key = key.replace("~", "~0").replace("/", "~1")
                pointer = f"{top[1]}/{key}"
                lines[pointer] = top[3] if opened is None else line
                top[2] = None
        if opened is not None:
            stack.append([opened, pointer, None, 0])
            if len(stack) > max_depth:
                raise NotPlain
        elif len(stack) >= max_depth:  # a leaf under max_depth collections
            raise NotPlain
    if nodes > max_nodes or type(next_event()) is not yaml.StreamEndEvent:
        raise NotPlain
    return root, lines


_SEQUENCE = yaml.SequenceStartEvent
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _json_key(key: Any) -> str:
    return json.dumps(key)


class _Scalars:
    """The values of plain scalars, each text's found once (by the resolvers)."""

    def __init__(self, resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]]):
        self.resolvers = resolvers
        self.values: dict[str, Any] = {}

    def value(self, text: str) -> Any:
        tag = self.tag(text)
        value = text if tag == STR else _CONSTRUCT.get(tag, _not_plain)(text)
        self.values[text] = value
        return value

    def tag(self, text: str) -> str:
        candidates = self.resolvers.get(text[0] if text else "", [])
        for tag, pattern in [*candidates, *self.resolvers.get(None, [])]:
            if pattern.match(text):
                return tag
        return STR


def _not_plain(text: str) -> Any:
    raise NotPlain


def _int(text: str) -> int:
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    try:
        return int(text[2:] if base != 10 else text, base)
    except ValueError:  # more digits than Python converts
        raise NotPlain from None


def _float(text: str) -> float:
    try:
        number = float(text)
    except ValueError:  # .inf, .nan
        raise NotPlain from None
    if not math.isfinite(number):
        raise NotPlain
    return number


_CONSTRUCT: dict[str, Callable[[str], Any]] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
}
