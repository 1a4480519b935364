"""The scenarios ``record`` runs: data, a name and a few calls on the generated client,
and how calls are written into a cassette and read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

# -- scenarios ------------------------------------------------------------------------


@dataclass(frozen=True)
class FromResult:
    """An argument read from an earlier call's result: ``FromResult(0, ("data", "id"))``."""

    call: int
    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Call:
    """A call of ``client.<api>.<method>``; an ``iter_`` call stops after ``take`` items."""

    api: str
    method: str
    arguments: tuple[tuple[str, object], ...] = ()
    take: int | None = None
    cleanup: bool = False  # run even after an earlier call failed

    @property
    def label(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.arguments)
        limit = "" if self.take is None else f"[:{self.take}]"
        return f"{self.api}.{self.method}({shown}){limit}"


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    calls: tuple[Call, ...]


def call(api: str, method: str, take: int | None = None, **arguments: object) -> Call:
    return Call(api, method, tuple(arguments.items()), take)


_NEW_ID = FromResult(0, ("data", "id"))
_SUBJECT = "pipedrive-codegen contract test"

# Safe on a real account: reads, and writes that delete what they made. Scenarios on
# fixed ids (update activity 8) exist only as cassettes of documented examples.
SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "v1.get_activities",
        "The first page of the v1 activity list.",
        (call("v1", "get_activities", limit=100),),
    ),
    Scenario(
        "v1.iter_get_activities",
        "Up to five v1 activities, two a page (offset paging).",
        (call("v1", "iter_get_activities", take=5, limit=2),),
    ),
    Scenario(
        "v1.get_activities_collection",
        "One page of the v1 cursor collection (global admins only; others get 403).",
        (call("v1", "get_activities_collection", limit=1),),
    ),
    Scenario(
        "v1.get_activity", "The v1 activity 8.", (call("v1", "get_activity", id=8),)
    ),
    Scenario(
        "v2.get_activities",
        "The first page of the v2 activity list.",
        (call("v2", "get_activities", limit=1),),
    ),
    Scenario(
        "v2.iter_get_activities",
        "Up to five v2 activities, two a page (cursor paging).",
        (call("v2", "iter_get_activities", take=5, limit=2),),
    ),
    Scenario(
        "v2.get_activity", "The v2 activity 1.", (call("v2", "get_activity", id=1),)
    ),
    Scenario(
        "v1.activity_lifecycle",
        "Add a v1 activity, read it, mark it done, delete it.",
        (
            call("v1", "add_activity", subject=_SUBJECT, type="call", done=0),
            call("v1", "get_activity", id=_NEW_ID),
            call("v1", "update_activity", id=_NEW_ID, done=1),
            Call("v1", "delete_activity", (("id", _NEW_ID),), cleanup=True),
        ),
    ),
    Scenario(
        "v2.activity_lifecycle",
        "Add a v2 activity, read it, mark it done, delete it.",
        (
            call("v2", "add_activity", subject=_SUBJECT, type="call", done=False),
            call("v2", "get_activity", id=_NEW_ID),
            call("v2", "update_activity", id=_NEW_ID, done=True),
            Call("v2", "delete_activity", (("id", _NEW_ID),), cleanup=True),
        ),
    ),
)


def encode_call(step: Call) -> dict[str, Any]:
    encoded: dict[str, Any] = {"api": step.api, "method": step.method}
    encoded["arguments"] = {name: _encode(value) for name, value in step.arguments}
    if step.take is not None:
        encoded["take"] = step.take
    if step.cleanup:
        encoded["cleanup"] = True
    return encoded


def decode_calls(cassette: Mapping[str, Any]) -> tuple[Call, ...]:
    """The calls a cassette was recorded with, to run them again."""
    return tuple(
        Call(
            item["api"],
            item["method"],
            tuple((k, _decode(v)) for k, v in item["arguments"].items()),
            item.get("take"),
            item.get("cleanup", False),
        )
        for item in cassette["calls"]
    )


def _encode(value: object) -> object:
    if isinstance(value, FromResult):
        return {"$result_of_call": value.call, "path": list(value.path)}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> object:
    if isinstance(value, dict) and "$result_of_call" in value:
        return FromResult(value["$result_of_call"], tuple(value["path"]))
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    return value
