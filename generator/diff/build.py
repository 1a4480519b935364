"""Build the IR ``diff`` compares, also from specs ``build_ir`` cannot fully handle yet.

``generate`` must fail on a construct it cannot render; ``diff`` should still compare
everything else. When the whole spec does not build, every operation is built on its
own: an operation whose parameters, request body or responses do not build (a
``multipart/form-data`` body, say) is kept without that part, and the part is recorded
as a ``Gap`` with a fingerprint of its raw spec text, so the diff can tell whether it
changed. The operations that remain are then built together, so model names are the
ones ``build_ir`` gives. ``strip`` leaves out more parts, those the other spec could
not build: both specs are then built alike, so a model is named the same on both sides
(a request model's name depends on the response models built beside it).

The parts are left out of copies of the spec's nodes; each copy is located where its
original was written, so an error still names the file, line and JSON pointer that
``generate`` gives.
"""

from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

from ..ir.build import build_ir
from ..spec.references import HTTP_METHODS
from ..errors import SpecError
from ..ir.model import Api
from ..spec.resolve import Origin, ResolvedSpec

Part = Literal["parameters", "request body", "responses"]
PARTS: tuple[Part, ...] = ("parameters", "request body", "responses")
# (METHOD, path) -> the parts of that operation to leave out
Strip = Mapping[tuple[str, str], frozenset[Part]]

_NOT_SHAPE = frozenset({"description", "summary", "example", "examples", "title"})


@dataclass(frozen=True)
class Gap:
    """A part of one operation that did not build and so is not compared."""

    method: str  # upper case
    path: str
    part: Part
    reason: str  # the message of the SpecError that building it raised
    fingerprint: str  # of the raw part: equal on both sides means unchanged


@dataclass(frozen=True)
class Comparable:
    """One spec as ``diff`` sees it: its IR and the parts that could not be built."""

    api: Api
    gaps: tuple[Gap, ...]


def build_comparable(
    resolved: ResolvedSpec, name: str, strip: Strip | None = None
) -> Comparable:
    """The IR of ``resolved``, leaving out (and recording) the parts that do not build,
    and leaving out the parts ``strip`` names (not recorded: they built).

    Raises ``SpecError`` when even an operation stripped of those parts does not build.
    """
    strip = strip or {}
    whole: SpecError | None = None
    try:
        api = build_ir(resolved, name)
    except SpecError as error:
        whole = error
    else:
        if not strip:
            return Comparable(api, ())
    # Operation by operation from here, with the component schemas that build (they
    # name the models, inline twins too) but not the others; a spec that built whole
    # has every part of every operation build (only ``strip`` leaves some out).
    components = resolved.data.get("components")
    if (
        whole is not None
        and isinstance(components, Mapping)
        and isinstance(components.get("schemas"), dict)
    ):
        schemas = {
            key: schema
            for key, schema in components["schemas"].items()
            if _builds(resolved, {**components, "schemas": {key: schema}})
        }
        pruned = {**components, "schemas": schemas}
        data = {**resolved.data, "components": pruned}
        resolved = _with_data(
            resolved,
            data,
            (data, resolved.data),
            (pruned, components),
            (schemas, components["schemas"]),
        )
    paths: dict[str, dict[str, Any]] = {}
    gaps: list[Gap] = []
    original_paths = resolved.data.get("paths") or {}
    copies: list[tuple[object, object]] = [(paths, original_paths)]
    for path, item in original_paths.items():
        if not isinstance(item, Mapping):
            assert whole is not None  # build_ir refuses such a path item
            raise whole
        kept: dict[str, frozenset[Part]] = {}
        for method in HTTP_METHODS:
            if method in item:
                built, errors = (
                    _parts_that_build(resolved, str(path), item, method)
                    if whole is not None
                    else (frozenset(PARTS), {})
                )
                kept[method] = built - strip.get(
                    (method.upper(), str(path)), frozenset()
                )
                gaps.extend(
                    _gap(str(path), item, method, part, error)
                    for part, error in errors.items()
                )
        # path-level parameters stay where they are unless an operation goes without
        shared = all("parameters" in parts for parts in kept.values())
        reduced = _path_item(item, shared)
        for method, parts in kept.items():
            reduced[method] = _operation(item, method, parts, shared)
            copies.append((reduced[method], item[method]))
        copies.append((reduced, item))
        paths[path] = reduced
    data = {**resolved.data, "paths": paths}
    api = build_ir(_with_data(resolved, data, (data, resolved.data), *copies), name)
    return Comparable(api, tuple(gaps))


def _builds(resolved: ResolvedSpec, components: Mapping[str, Any]) -> bool:
    data = {**resolved.data, "paths": {}, "components": components}
    try:
        build_ir(_with_data(resolved, data), "probe")
    except SpecError:
        return False
    return True


def fingerprint(node: Any) -> str:
    """Equal for two raw spec parts that differ at most in prose (descriptions, examples)."""
    return json.dumps(_strip_prose(node, ()), sort_keys=True, default=str)


def _parts_that_build(
    resolved: ResolvedSpec, path: str, item: Mapping[str, Any], method: str
) -> tuple[frozenset[Part], dict[Part, SpecError]]:
    """The parts of the operation that build, and why each of the others does not."""
    if _build_error(resolved, path, item, method, frozenset(PARTS)) is None:
        return frozenset(PARTS), {}
    bare = _build_error(resolved, path, item, method, frozenset())
    if bare is not None:
        raise bare
    kept: frozenset[Part] = frozenset()
    errors: dict[Part, SpecError] = {}
    for part in PARTS:
        error = _build_error(resolved, path, item, method, kept | {part})
        if error is None:
            kept |= {part}
        else:
            errors[part] = error
    return kept, errors


def _gap(
    path: str, item: Mapping[str, Any], method: str, part: Part, error: SpecError
) -> Gap:
    operation = item[method]
    raw: Any
    if part == "parameters":
        raw = _parameters(item, method)
    elif part == "request body":
        raw = operation.get("requestBody")
    else:
        raw = operation.get("responses")
    return Gap(method.upper(), path, part, error.message, fingerprint(raw))


def _build_error(
    resolved: ResolvedSpec,
    path: str,
    item: Mapping[str, Any],
    method: str,
    parts: frozenset[Part],
) -> SpecError | None:
    shared = "parameters" in parts
    single = _path_item(item, shared)
    single[method] = operation = _operation(item, method, parts, shared)
    original_paths = resolved.data["paths"]
    paths = {path: single}
    data = {**resolved.data, "paths": paths}
    copies = [(data, resolved.data), (paths, original_paths), (single, item)]
    try:
        build_ir(
            _with_data(resolved, data, *copies, (operation, item[method])), "probe"
        )
    except SpecError as error:
        return error
    return None


def _path_item(item: Mapping[str, Any], shared: bool) -> dict[str, Any]:
    """A copy of the path item without its operations, and without its parameters
    unless ``shared`` (kept there, they are the spec's own nodes, located as written).
    """
    result = {k: v for k, v in item.items() if k not in HTTP_METHODS}
    if not shared:
        result.pop("parameters", None)
    return result


def _operation(
    item: Mapping[str, Any], method: str, parts: frozenset[Part], shared: bool
) -> dict[str, Any]:
    """A copy of the operation with only ``parts``; the path item's parameters moved
    into it when the path item keeps none (not ``shared``)."""
    operation = dict(item[method])
    if "parameters" not in parts:
        operation.pop("parameters", None)
    elif not shared:
        operation.pop("parameters", None)
        parameters = _parameters(item, method)
        if parameters:
            operation["parameters"] = parameters
    if "request body" not in parts:
        operation.pop("requestBody", None)
    if "responses" not in parts:
        operation["responses"] = {}
    return operation


def _parameters(item: Mapping[str, Any], method: str) -> list[Any]:
    # build lets an operation's parameter override a path-level one of the same
    # name and location; keeping that order keeps that rule.
    return [*(item.get("parameters") or []), *(item[method].get("parameters") or [])]


def _with_data(
    resolved: ResolvedSpec, data: Mapping[str, Any], *copies: tuple[object, object]
) -> ResolvedSpec:
    """``resolved`` with ``data``; each (copy, original) of ``copies`` located where
    the original is (``build_ir`` locates a node by its identity)."""
    located = {
        id(copy): origin
        for copy, original in copies
        if (origin := resolved.origin(original)) is not None
    }
    # (only read: a ChainMap's later maps are never written)
    origins = ChainMap(located, cast("dict[int, Origin]", resolved.origins))
    return ResolvedSpec(
        data,
        origins,
        resolved.component_names,
        resolved.sha256,
        mappings=resolved.mappings,
    )


def _strip_prose(node: Any, stack: tuple[int, ...]) -> Any:
    if isinstance(node, (dict, list)):
        if id(node) in stack:  # a recursive schema
            return {"$cycle": len(stack) - stack.index(id(node))}
        stack = (*stack, id(node))
    if isinstance(node, dict):
        result: dict[str, Any] = {}
        for key, value in node.items():
            if str(key) in _NOT_SHAPE or str(key).startswith("x-"):
                continue
            if key == "properties" and isinstance(value, dict):
                # property names are data, even one called "description"
                result[str(key)] = {
                    str(name): _strip_prose(sub, stack) for name, sub in value.items()
                }
            else:
                result[str(key)] = _strip_prose(value, stack)
        return result
    if isinstance(node, list):
        return [_strip_prose(value, stack) for value in node]
    return node
