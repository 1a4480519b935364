"""Replaying a cassette: a transport that serves it, and runners for both clients.

:class:`CassetteTransport` is an ``httpx.MockTransport`` (so it serves the sync and
the async client alike) that answers each request with the next interaction of the
cassette, in order. A request the cassette does not hold at that point raises
:class:`UnexpectedRequest` out of the client, naming what came and what was
expected; :meth:`CassetteTransport.assert_all_played` catches the reverse.

Requests are compared after the same redaction the recorder applied (so a token in
the URL or body compares as ``***``): method, path with query, and body; not the
origin (a cassette recorded against a company domain replays on the default one), not
headers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import httpx

from pipedrive_codegen.record.command import (
    Call,
    Outcome,
    Redactor,
    body_bytes,
    resolve_arguments,
)

REPLAY_TOKEN = "replay-token-0123456789"


class UnexpectedRequest(AssertionError):
    """A request the cassette does not hold (at this point of the replay)."""


class CassetteTransport(httpx.MockTransport):
    def __init__(self, cassette: Mapping[str, Any], token: str = REPLAY_TOKEN) -> None:
        self.interactions: Sequence[Mapping[str, Any]] = cassette["interactions"]
        self.position = 0
        self._redactor = Redactor([token])
        super().__init__(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        came = self._redactor.request(request)
        summary = f"{came['method']} {came['url']} body={came['body']!r}"
        if self.position >= len(self.interactions):
            raise UnexpectedRequest(
                f"{summary}: the cassette holds only {len(self.interactions)} requests"
            )
        expected = self.interactions[self.position]["request"]
        if _key(came) != _key(expected):
            raise UnexpectedRequest(
                f"{summary}: the cassette's request {self.position} is "
                f"{expected['method']} {expected['url']} body={expected['body']!r}"
            )
        recorded = self.interactions[self.position]["response"]
        self.position += 1
        return httpx.Response(
            recorded["status"],
            headers=list(recorded["headers"].items()),
            content=body_bytes(recorded["body"]),
        )

    def assert_all_played(self) -> None:
        left = len(self.interactions) - self.position
        if left:
            raise AssertionError(f"{left} recorded requests were never made")


def _key(request: Mapping[str, Any]) -> tuple[Any, ...]:
    """What identifies a request: method, URL without its origin, body."""
    url = httpx.URL(request["url"])
    return (request["method"], url.raw_path, request["body"])


@dataclass
class Played:
    """One call of a replay: its outcome and the interactions it used."""

    outcome: Outcome
    interactions: list[int] = field(default_factory=list)


def replay_sync(
    client: Any, calls: Sequence[Call], transport: CassetteTransport, errors: Any
) -> list[Played]:
    played: list[Played] = []
    for step in calls:
        arguments = resolve_arguments(step, [p.outcome for p in played])
        failed = any(p.outcome.error is not None for p in played)
        if arguments is None or (failed and not step.cleanup):
            continue
        start = transport.position
        try:
            result = getattr(getattr(client, step.api), step.method)(**arguments)
            if step.method.startswith("iter_"):
                result = list(islice(result, step.take))
            outcome = Outcome(step, result=result)
        except errors as error:
            outcome = Outcome(step, error=error)
        played.append(Played(outcome, list(range(start, transport.position))))
    return played


async def replay_async(
    client: Any, calls: Sequence[Call], transport: CassetteTransport, errors: Any
) -> list[Played]:
    played: list[Played] = []
    for step in calls:
        arguments = resolve_arguments(step, [p.outcome for p in played])
        failed = any(p.outcome.error is not None for p in played)
        if arguments is None or (failed and not step.cleanup):
            continue
        start = transport.position
        try:
            method = getattr(getattr(client, step.api), step.method)
            if step.method.startswith("iter_"):
                items = []
                async for item in method(**arguments):
                    items.append(item)
                    if step.take is not None and len(items) >= step.take:
                        break
                result: object = items
            else:
                result = await method(**arguments)
            outcome = Outcome(step, result=result)
        except errors as error:
            outcome = Outcome(step, error=error)
        played.append(Played(outcome, list(range(start, transport.position))))
    return played
