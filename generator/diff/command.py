"""``pipedrive-codegen diff OLD NEW``: what changed between two specs for a caller.

Per operation and model: operations, parameters, fields and enum values added or
removed; type, required-ness and nullability changes; each classified as breaking or
compatible for code calling the generated client. ``diff_command`` is the subcommand;
``diff_apis`` the pure comparison of two IRs.

Parts of a spec that ``build_ir`` does not support yet (``multipart/form-data``
bodies, say) are not compared: when such a part differs between the two specs, the
report says so and counts it as breaking until someone has looked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ..output.cache import NO_CACHE, Cache
from ..spec.check import check_once
from .options import FORMATS
from .build import Comparable, Gap, Part, Strip, build_comparable
from .compare import diff_apis, match_operations, route, sort_changes
from .types import REPORTED, Change, Side
from ..ir.model import Api, Operation
from ..spec.load import load_spec
from ..output.workers import workers
from ..errors import printable
from ..spec.resolve import resolve_refs

__all__ = [
    "FORMATS",
    "Change",
    "diff_apis",
    "diff_command",
    "diff_comparables",
    "format_json",
    "format_text",
    "load_comparable",
]


def diff_command(
    old: Path,
    new: Path,
    *,
    output_format: str = "text",
    fail_on_breaking: bool = False,
    stdout: TextIO,
    cache: Cache = NO_CACHE,
) -> int:
    """Print the changes from spec ``old`` to spec ``new``; return the exit status.

    0, or 1 when ``fail_on_breaking`` and a change is breaking. A spec that cannot
    be read or is not valid OpenAPI 3 raises ``SpecError``.
    """
    if output_format not in FORMATS:
        raise ValueError(
            f"output_format must be one of {FORMATS}, not {output_format!r}"
        )
    specs = [(old, "old"), (new, "new")]
    sides = _load([(path, name, {}) for path, name in specs], cache)
    own = [_own_gaps(side) for side in sides]
    # a part one side could not build is left out of both, so that the models around
    # it are built, and named, alike on both sides; a side that has only its own gaps
    # to leave out is built already
    strips = _strips(sides[0], sides[1], own[0], own[1])
    again = [index for index in (0, 1) if strips[index] != own[index]]
    rebuilt = _load([(*specs[index], strips[index]) for index in again], cache)
    for index, side in zip(again, rebuilt):
        sides[index] = side
    olds, news = sides
    changes = diff_comparables(olds, news)
    if output_format == "json":
        stdout.write(format_json(changes, str(old), str(new)))
    else:
        stdout.write(format_text(changes, str(old), str(new)))
    return 1 if fail_on_breaking and any(change.breaking for change in changes) else 0


def load_comparable(
    path: Path, name: str, cache: Cache = NO_CACHE, strip: Strip | None = None
) -> Comparable:
    """Read, resolve and check the spec at ``path``; build what can be compared,
    leaving out the parts ``strip`` names."""
    spec = load_spec(path, cache)
    resolved = resolve_refs(spec)
    check_once(spec, cache)
    return build_comparable(resolved, name, strip)


def _load(jobs: Sequence[tuple[Path, str, Strip]], cache: Cache) -> list[Comparable]:
    """``load_comparable`` of each (path, name, strip), in order."""
    if not jobs:
        return []
    with workers(at_most=len(jobs)) as executor:  # each spec in its own process
        if executor is None:
            return [
                load_comparable(path, name, cache, strip) for path, name, strip in jobs
            ]
        futures = [
            executor.submit(load_comparable, path, name, cache, strip)
            for path, name, strip in jobs
        ]
        return [future.result() for future in futures]  # the first one's error first


def _own_gaps(side: Comparable) -> Strip:
    """The parts ``side`` left out: each operation's gaps."""
    return {
        route: frozenset(parts)
        for route, parts in _gaps_by_operation(side.gaps).items()
    }


def _strips(
    old: Comparable, new: Comparable, before: Strip, after: Strip
) -> tuple[Strip, Strip]:
    """The parts to leave out of each side: those either side of an operation left
    out (a part built on one side only is compared as text, as a gap); ``before``
    and ``after``: each side's own gaps (``_own_gaps``)."""
    left: dict[tuple[str, str], frozenset[Part]] = {}
    right: dict[tuple[str, str], frozenset[Part]] = {}
    pairs, _, _ = match_operations(old.api, new.api)
    for old_operation, new_operation in pairs:
        parts = before.get(route(old_operation), frozenset()) | after.get(
            route(new_operation), frozenset()
        )
        if parts:
            left[route(old_operation)] = right[route(new_operation)] = parts
    # an operation on one side only keeps its own gaps
    return {**before, **left}, {**after, **right}


def diff_comparables(old: Comparable, new: Comparable) -> tuple[Change, ...]:
    """``diff_apis``, plus a change for each part that differs but could not be built."""
    pairs, _, _ = match_operations(old.api, new.api)
    old_gaps = _gaps_by_operation(old.gaps)
    new_gaps = _gaps_by_operation(new.gaps)
    left: dict[tuple[str, str], Operation] = {}
    right: dict[tuple[str, str], Operation] = {}
    changes: list[Change] = []
    for old_operation, new_operation in pairs:
        before = old_gaps.get(route(old_operation), {})
        after = new_gaps.get(route(new_operation), {})
        parts = sorted(set(before) | set(after))
        if not parts:
            continue
        # a part one side could not build is compared on neither side, but as text
        left[route(old_operation)] = _without(old_operation, parts)
        right[route(new_operation)] = _without(new_operation, parts)
        for part in parts:
            change = _gap_change(new_operation.operation_id, part, before, after)
            if change is not None:
                changes.append(change)
    changes.extend(diff_apis(_replaced(old.api, left), _replaced(new.api, right)))
    return sort_changes(changes)


def format_text(changes: Sequence[Change], old: str, new: str) -> str:
    """The report for people: a summary, then the changes grouped by operation."""
    breaking = sum(change.breaking for change in changes)
    if not changes:
        return f"{old} -> {new}: no changes for a caller of the generated client\n"
    lines = [
        f"{old} -> {new}: {len(changes)} changes for a caller of the generated "
        f"client, {breaking} breaking, {len(changes) - breaking} compatible"
    ]
    current = None
    for change in changes:
        if change.operation != current:
            current = change.operation
            lines += ["", current]
        marker = "BREAKING  " if change.breaking else "compatible"
        where = change.location.removeprefix(change.operation).strip()
        lines.append(f"  {marker}  {where + ': ' if where else ''}{change.message}")
    return "".join(printable(line) + "\n" for line in lines)


def format_json(changes: Sequence[Change], old: str, new: str) -> str:
    """The report for tools: one JSON object, keys in a fixed order."""
    breaking = sum(change.breaking for change in changes)
    report = {
        "old": old,
        "new": new,
        "breaking": breaking,
        "compatible": len(changes) - breaking,
        "changes": [
            {name: getattr(change, name) for name in REPORTED} for change in changes
        ],
    }
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return _UNPRINTABLE.sub(_json_escaped, text)


# Spec text (names, values, descriptions) may hold terminal escapes or bidi controls,
# which a terminal or a pull-request comment would obey: the report shows them escaped.
_UNPRINTABLE = re.compile(r"[^\n -~]")  # then looked at one by one


def _json_escaped(match: re.Match[str]) -> str:
    char = match.group()  # (in a JSON string: json.dumps writes nothing else so)
    return char if char.isprintable() else json.dumps(char)[1:-1]


def _gaps_by_operation(
    gaps: Sequence[Gap],
) -> dict[tuple[str, str], dict[Part, Gap]]:
    result: dict[tuple[str, str], dict[Part, Gap]] = {}
    for gap in gaps:
        result.setdefault((gap.method, gap.path), {})[gap.part] = gap
    return result


def _without(operation: Operation, parts: Sequence[Part]) -> Operation:
    return replace(
        operation,
        parameters=() if "parameters" in parts else operation.parameters,
        request_body=None if "request body" in parts else operation.request_body,
        responses=() if "responses" in parts else operation.responses,
    )


def _replaced(api: Api, operations: dict[tuple[str, str], Operation]) -> Api:
    return replace(
        api,
        operations=tuple(operations.get(route(o), o) for o in api.operations),
    )


def _gap_change(
    operation: str, part: Part, before: dict[Part, Gap], after: dict[Part, Gap]
) -> Change | None:
    old_gap, new_gap = before.get(part), after.get(part)
    if old_gap is not None and new_gap is not None:
        if old_gap.fingerprint == new_gap.fingerprint:
            return None
    gap = new_gap if new_gap is not None else old_gap
    assert gap is not None
    side: Side = "response" if part == "responses" else "request"
    message = (
        f"{part} changed but cannot be compared ({gap.reason}); treated as breaking "
        "until checked by hand"
    )
    return Change("not-compared", side, operation, f"{operation} {part}", True, message)
