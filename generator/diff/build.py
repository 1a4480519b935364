"""Build the IR ``diff`` compares, also from specs ``build_ir`` cannot fully handle yet.

``generate`` must fail on a construct it cannot render; ``diff`` should still compare
everything else. When the whole spec does not build, every operation is built on its
own: an operation whose parameters, request body or responses do not build (a
``multipart/form-data`` body, say) is kept without that part, and the part is recorded
as a ``Gap`` with a fingerprint of its raw spec text, so the diff can tell whether it
changed. The operations that remain are then built together, so model names are the
ones ``build_ir`` gives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..ir.build import build_ir
from ..spec.check import HTTP_METHODS
from ..errors import SpecError
from ..ir.model import Api
from ..spec.resolve import ResolvedSpec

Part = Literal["parameters", "request body", "responses"]
PARTS: tuple[Part, ...] = ("parameters", "request body", "responses")

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


def build_comparable(resolved: ResolvedSpec, name: str) -> Comparable:
    """The IR of ``resolved``, leaving out (and recording) the parts that do not build.

    Raises ``SpecError`` when even an operation stripped of those parts does not build.
    """
    try:
        return Comparable(build_ir(resolved, name), ())
    except SpecError as error:
        whole = error
    # Operation by operation from here, with the component schemas that build (they
    # name the models, inline twins too) but not the others.
    components = resolved.data.get("components")
    if isinstance(components, Mapping) and isinstance(components.get("schemas"), dict):
        schemas = {
            key: schema
            for key, schema in components["schemas"].items()
            if _builds(resolved, {**components, "schemas": {key: schema}})
        }
        pruned = {**components, "schemas": schemas}
        resolved = _with_data(resolved, {**resolved.data, "components": pruned})
    paths: dict[str, dict[str, Any]] = {}
    gaps: list[Gap] = []
    for path, item in (resolved.data.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            raise whole
        reduced = {k: v for k, v in item.items() if k not in HTTP_METHODS}
        reduced.pop("parameters", None)  # moved into each operation below
        for method in HTTP_METHODS:
            if method in item:
                kept, errors = _parts_that_build(resolved, str(path), item, method)
                reduced[method] = _operation(item, method, kept)
                gaps.extend(
                    _gap(str(path), item, method, part, error)
                    for part, error in errors.items()
                )
        paths[path] = reduced
    data = {**resolved.data, "paths": paths}
    api = build_ir(_with_data(resolved, data), name)
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
    single = {k: v for k, v in item.items() if k not in HTTP_METHODS}
    single.pop("parameters", None)
    single[method] = _operation(item, method, parts)
    try:
        build_ir(
            _with_data(resolved, {**resolved.data, "paths": {path: single}}), "probe"
        )
    except SpecError as error:
        return error
    return None


def _operation(
    item: Mapping[str, Any], method: str, parts: frozenset[Part]
) -> dict[str, Any]:
    """The operation with only ``parts``, path-level parameters moved into it."""
    operation = dict(item[method])
    operation.pop("parameters", None)
    if "parameters" in parts:
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


def _with_data(resolved: ResolvedSpec, data: Mapping[str, Any]) -> ResolvedSpec:
    return ResolvedSpec(
        data, resolved.origins, resolved.component_names, resolved.sha256
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
