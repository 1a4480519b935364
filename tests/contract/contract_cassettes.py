"""Build the cassettes we ship: Pipedrive's documented examples, and hand-written ones.

Nobody here can record against a live account, so every shipped cassette is made by
the real recorder (``pipedrive_codegen.record.command.record_scenario``: the generated client, the
recording transport, the redaction) running a scenario against a fake Pipedrive, an
``httpx.MockTransport`` that answers with bodies taken from
``specs/pipedrive/examples/`` or written here. Each cassette says which:

- ``documented/``: ``"source": "documented example: specs/pipedrive/examples/..."``
  with the JSON pointer the example has in Pipedrive's spec (``examples/index.json``);
- ``hand-written/``: ``"source": "hand-written from Pipedrive's documented behaviour
  (...)"``, naming what the body was written from.

Refresh the committed files after changing this module or the examples::

    python tests/contract/contract_cassettes.py

``test_committed_cassettes_are_current`` fails while they differ.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
for _path in (ROOT, ROOT / "generated"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
# The mutation test runs the contract tests against a broken copy of the package.
_OVERRIDE = os.environ.get("PIPEDRIVE_CONTRACT_PACKAGE_DIR")
if _OVERRIDE:
    assert "pipedrive_client" not in sys.modules, "pipedrive_client imported too early"
    sys.path.insert(0, _OVERRIDE)

import httpx  # noqa: E402

from contract_bodies import (  # noqa: E402
    BAD_GATEWAY,
    RATE_LIMITED,
    all_day,
    cursor_pages,
    envelope,
    nulls,
    offset_pages,
    related_objects,
    unknown_fields,
    with_data,
)
from pipedrive_codegen.record.command import (  # noqa: E402
    SCENARIOS,
    Redactor,
    Scenario,
    call,
    dump_cassette,
    record_scenario,
)

UPSTREAM = ROOT / "specs" / "pipedrive"
EXAMPLES = UPSTREAM / "examples"
CASSETTES = Path(__file__).resolve().parent / "cassettes"
BUILD_TOKEN = "build-token-0123456789abcdef"
JSON = (("content-type", "application/json"),)

# Writes on fixed ids: documentation only, never recorded live.
DOCUMENTED_SCENARIOS = (
    Scenario(
        "v1.add_activity",
        "Add a v1 activity.",
        (call("v1", "add_activity", subject="Deadline", due_date=date(2020, 6, 9)),),
    ),
    Scenario(
        "v1.update_activity",
        "Rename the v1 activity 8.",
        (call("v1", "update_activity", id=8, subject="Deadline"),),
    ),
    Scenario(
        "v1.delete_activity",
        "Delete the v1 activity 624.",
        (call("v1", "delete_activity", id=624),),
    ),
    Scenario(
        "v1.delete_activities",
        "Delete the v1 activities 625 and 627 in bulk.",
        (call("v1", "delete_activities", ids="625,627"),),
    ),
    Scenario(
        "v2.add_activity",
        "Add a v2 activity.",
        (call("v2", "add_activity", subject="Activity Subject", done=True),),
    ),
    Scenario(
        "v2.update_activity",
        "Mark the v2 activity 1 done.",
        (call("v2", "update_activity", id=1, done=True),),
    ),
    Scenario(
        "v2.delete_activity",
        "Delete the v2 activity 1.",
        (call("v2", "delete_activity", id=1),),
    ),
)

# Each documented example, and the scenario whose request it answers. The error bodies
# were documented for other operations (no activity operation declares them).
DOCUMENTED = {
    "v1/addActivity.201.json": "v1.add_activity",
    "v1/deleteActivities.200.json": "v1.delete_activities",
    "v1/deleteActivity.200.json": "v1.delete_activity",
    "v1/getActivities.200.json": "v1.get_activities",
    "v1/getActivitiesCollection.200.json": "v1.get_activities_collection",
    "v1/getActivitiesCollection.403.json": "v1.get_activities_collection",
    "v1/getActivity.200.json": "v1.get_activity",
    "v1/updateActivity.200.json": "v1.update_activity",
    "v2/addActivity.200.json": "v2.add_activity",
    "v2/deleteActivity.200.json": "v2.delete_activity",
    "v2/getActivities.200.json": "v2.get_activities",
    "v2/getActivity.200.json": "v2.get_activity",
    "v2/updateActivity.200.json": "v2.update_activity",
    "errors/v1/addWebhook.400.json": "v1.add_activity",
    "errors/v1/deleteProductField.410.json": "v1.delete_activity",
    "errors/v1/deleteWebhook.403.json": "v1.delete_activity",
    "errors/v1/deleteWebhook.404.json": "v1.delete_activity",
    "errors/v1/getCurrentUser.401.json": "v1.get_activities",
    "errors/v1/getLead.404.json": "v1.get_activity",
    "errors/v1/getTeam.404.json": "v1.get_activity",
    "errors/v1/getUser.404.json": "v1.get_activity",
    "errors/v2/convertDealToLead.404.json": "v2.get_activity",
}


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # JSON, or bytes sent as they are
    headers: tuple[tuple[str, str], ...] = JSON


@dataclass(frozen=True)
class Plan:
    """One cassette to build: a scenario, the fake's answers, and where they came from."""

    path: str
    scenario: str
    answers: tuple[Answer, ...]
    source: str
    provenance: Mapping[str, str]


def scenario_named(name: str) -> Scenario:
    for scenario in (*SCENARIOS, *DOCUMENTED_SCENARIOS):
        if scenario.name == name:
            return scenario
    raise KeyError(name)


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def documented_plans() -> list[Plan]:
    index = json.loads((EXAMPLES / "index.json").read_text(encoding="utf-8"))
    plans = []
    for entry in sorted(index, key=lambda entry: entry["file"]):
        scenario = DOCUMENTED[entry["file"]]  # a new example must be mapped here
        provenance = {
            "source_spec": f"specs/pipedrive/{entry['source_spec']}",
            "source_pointer": entry["source_pointer"],
        }
        if entry["file"].startswith("errors/"):
            provenance["note"] = (
                f"Pipedrive documents this body for {entry['method']} {entry['path']} "
                f"({entry['operationId']}); no activity operation declares a "
                f"{entry['status']}, so it answers {scenario} here."
            )
        plans.append(
            Plan(
                "documented/" + entry["file"].replace("/", "-"),
                scenario,
                (Answer(entry["status"], example(entry["file"])),),
                f"documented example: specs/pipedrive/examples/{entry['file']}",
                provenance,
            )
        )
    return plans


def hand_written(what: str) -> str:
    return f"hand-written from Pipedrive's documented behaviour ({what})"


def hand_written_plans() -> list[Plan]:
    v1_activity = example("v1/getActivity.200.json")
    v2_activity = example("v2/getActivity.200.json")
    return [
        Plan(
            "hand-written/v1-get_activity.all-day.json",
            "v1.get_activity",
            (Answer(200, all_day(v1_activity)),),
            hand_written(
                "an all-day activity has a due date but no time: due_time and "
                "duration empty, busy_flag false, as the spec's busy_flag describes "
                "all-day events; the rest is examples/v1/getActivity.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v1-get_activity.nulls.json",
            "v1.get_activity",
            (Answer(200, nulls(v1_activity, "v1", "getActivity")),),
            hand_written(
                "upstream README §5.3: no field is required and real responses carry null; "
                "every property the v1 spec declares for the activity is null"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-get_activity.nulls.json",
            "v2.get_activity",
            (Answer(200, nulls(v2_activity, "v2", "getActivity")),),
            hand_written(
                "upstream README §5.3: v2 declares no nullable, yet the API returns nulls; "
                "every property the v2 spec declares for the activity is null"
            ),
            {},
        ),
        Plan(
            "hand-written/v1-get_activity.related-objects.json",
            "v1.get_activity",
            (Answer(200, related_objects(v1_activity)),),
            hand_written(
                "upstream README §4.9: related_objects maps each kind to objects keyed by id; "
                "several users, persons, organizations and deals, shaped as in "
                "examples/v1/getActivity.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-get_activity.unknown-fields.json",
            "v2.get_activity",
            (Answer(200, unknown_fields(v2_activity)),),
            hand_written(
                "upstream README §6.1: custom fields come back as 40-character hash keys the "
                "spec cannot name; plus fields and a location part the spec does not "
                "declare; the rest is examples/v2/getActivity.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-get_activity.unlisted-type.json",
            "v2.get_activity",
            (Answer(200, with_data(v2_activity, type="lunch_with_client")),),
            hand_written(
                "activity types are the company's own (ActivityTypes key_string), "
                "so type holds keys no spec lists; the rest is "
                "examples/v2/getActivity.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-get_activities.429.json",
            "v2.get_activities",
            (Answer(429, envelope("Request over limit"), RATE_LIMITED),),
            hand_written(
                "upstream README §4.5: 429 with x-ratelimit-limit/remaining/reset and "
                "x-daily-requests-left headers; the body follows the error envelope "
                "of upstream README §4.3; its message text is ours, Pipedrive's is not "
                "documented"
            ),
            {},
        ),
        Plan(
            "hand-written/v1-get_activities.502.json",
            "v1.get_activities",
            (Answer(502, BAD_GATEWAY, (("content-type", "text/html"),)),),
            hand_written(
                "a proxy in front of the API answers 502 with an HTML page, not the "
                "JSON envelope (upstream README §4.3 lists 5xx statuses without bodies)"
            ),
            {},
        ),
        Plan(
            "hand-written/v1-iter_get_activities.paged.json",
            "v1.iter_get_activities",
            tuple(Answer(200, page) for page in offset_pages(v1_activity)),
            hand_written(
                "upstream README §4.4 offset paging: start/limit in, additional_data."
                "pagination out, more_items_in_collection false on the last page; "
                "activities shaped as examples/v1/getActivities.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-iter_get_activities.paged.json",
            "v2.iter_get_activities",
            tuple(Answer(200, page) for page in cursor_pages(v2_activity)),
            hand_written(
                "upstream README §4.4 cursor paging: cursor/limit in, additional_data."
                "next_cursor out, null on the last page; activities shaped as "
                "examples/v2/getActivities.200.json"
            ),
            {},
        ),
        Plan(
            "hand-written/v1-activity_lifecycle.json",
            "v1.activity_lifecycle",
            (
                Answer(201, example("v1/addActivity.201.json")),
                Answer(200, v1_activity),
                Answer(
                    200, with_data(example("v1/updateActivity.200.json"), done=True)
                ),
                Answer(200, with_data(example("v1/deleteActivity.200.json"), id=8)),
            ),
            hand_written(
                "the documented v1 add, get, update and delete examples for one "
                "activity (id 8), the update marked done and the delete given id 8"
            ),
            {},
        ),
        Plan(
            "hand-written/v2-activity_lifecycle.json",
            "v2.activity_lifecycle",
            (
                Answer(200, example("v2/addActivity.200.json")),
                Answer(200, v2_activity),
                Answer(200, example("v2/updateActivity.200.json")),
                Answer(200, example("v2/deleteActivity.200.json")),
            ),
            hand_written(
                "the documented v2 add, get, update and delete examples, which all "
                "describe the activity 1"
            ),
            {},
        ),
    ]


def fake_pipedrive(answers: Sequence[Answer]) -> tuple[httpx.MockTransport, list[int]]:
    """A MockTransport answering ``answers`` in order; the list counts what it served."""
    served: list[int] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if len(served) >= len(answers):
            raise AssertionError(f"the fake has no answer for {request.url}")
        given = answers[len(served)]
        served.append(len(served))
        content = (
            given.body if isinstance(given.body, bytes) else json.dumps(given.body)
        )
        return httpx.Response(
            given.status, headers=list(given.headers), content=content
        )

    return httpx.MockTransport(answer), served


def build(plan: Plan, package: ModuleType) -> str:
    """The cassette text of ``plan``, made by the real recorder."""
    transport, served = fake_pipedrive(plan.answers)
    make_client: Callable[[httpx.BaseTransport], Any] = lambda recording: (
        package.PipedriveClient(
            api_token=BUILD_TOKEN, transport=recording, max_retries=0
        )
    )
    cassette, _ = record_scenario(
        scenario_named(plan.scenario),
        package,
        make_client,
        transport,
        redactor=Redactor([BUILD_TOKEN]),
        source=plan.source,
        provenance=plan.provenance,
    )
    if len(served) != len(plan.answers):
        raise AssertionError(
            f"{plan.path}: {len(served)} of the answers were asked for"
        )
    return dump_cassette(cassette)


def build_all() -> dict[str, str]:
    """Every shipped cassette: path under cassettes/ -> text."""
    import pipedrive_client

    plans = [*documented_plans(), *hand_written_plans()]
    return {plan.path: build(plan, pipedrive_client) for plan in plans}


def main() -> None:
    built = build_all()
    for folder in ("documented", "hand-written"):
        for stale in (CASSETTES / folder).glob("*.json"):
            if f"{folder}/{stale.name}" not in built:
                stale.unlink()
    for name, text in built.items():
        path = CASSETTES / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(built)} cassettes to {CASSETTES}")


if __name__ == "__main__":
    main()
