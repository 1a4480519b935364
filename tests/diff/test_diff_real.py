"""`diff` on the real specs: Pipedrive dropped the v1 activity endpoints, and v1 -> v2."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from conftest import ROOT, UPSTREAM
from pipedrive_codegen.diff.command import Change, diff_command, format_text

V1_ACTIVITY_OPERATIONS = {
    "addActivity": "POST /activities",
    "deleteActivities": "DELETE /activities",
    "deleteActivity": "DELETE /activities/{id}",
    "getActivities": "GET /activities",
    "getActivitiesCollection": "GET /activities/collection",
    "getActivity": "GET /activities/{id}",
    "updateActivity": "PUT /activities/{id}",
}
SIDES = ("operation", "request", "response")


@pytest.fixture(scope="module")
def upstream_v1() -> tuple[int, dict[str, Any]]:
    """The JSON report on the two real v1 specs: loaded and checked once (~10 s)."""
    stdout = io.StringIO()
    status = diff_command(
        UPSTREAM / "openapi-v1-2026-01-14.yaml",
        UPSTREAM / "openapi-v1.yaml",
        output_format="json",
        fail_on_breaking=True,
        stdout=stdout,
    )
    return status, json.loads(stdout.getvalue())


def test_the_dropped_v1_activity_endpoints_are_breaking(
    upstream_v1: tuple[int, dict[str, Any]],
) -> None:
    status, report = upstream_v1
    assert status == 1
    removed = {
        change["operation"]: change
        for change in report["changes"]
        if change["kind"] == "operation-removed"
    }
    for operation, route in V1_ACTIVITY_OPERATIONS.items():
        assert removed[operation]["breaking"] is True
        assert removed[operation]["message"] == f"operation removed ({route})"
    # 275 operations before, 213 after, none new: exactly 62 removed
    assert len(removed) == 62
    assert not [c for c in report["changes"] if c["kind"] == "operation-added"]


def test_the_real_v1_report_is_ordered_and_spot_checks(
    upstream_v1: tuple[int, dict[str, Any]],
) -> None:
    _, report = upstream_v1
    changes = [Change(**change) for change in report["changes"]]
    keys = [(c.operation, SIDES.index(c.side)) for c in changes]
    assert keys == sorted(keys)
    assert report["breaking"] == sum(c.breaking for c in changes)
    rows = {(c.kind, c.location, c.breaking) for c in changes}
    assert ("enum-value-added", "addUser request body .access[].app", False) in rows
    assert ("field-added", "addTask request body .assignee_ids", False) in rows
    text = format_text(changes, "old.yaml", "new.yaml")
    assert text.startswith(
        f"old.yaml -> new.yaml: {len(changes)} changes for a caller of the generated "
        f"client, {report['breaking']} breaking, {report['compatible']} compatible\n"
        "\n"
        "addActivity\n"
        "  BREAKING    operation removed (POST /activities)\n"
    )


def test_activities_v1_against_v2() -> None:
    stdout = io.StringIO()
    status = diff_command(
        ROOT / "specs/activities-v1.yaml",
        ROOT / "specs/activities-v2.yaml",
        fail_on_breaking=True,
        stdout=stdout,
    )
    text = stdout.getvalue()
    assert status == 1
    headers = [line for line in text.splitlines()[1:] if line and line[0] != " "]
    # the client first: its default base URL is /api/v2 rather than /v1
    assert headers == ["(client)", *sorted(V1_ACTIVITY_OPERATIONS)]
    assert "(client)\n  compatible  base URL: default base URL " in text
    sections = dict(
        (section.split("\n", 1)[0], section) for section in text.split("\n\n")[1:]
    )
    assert sections["getActivitiesCollection"] == (
        "getActivitiesCollection\n"
        "  BREAKING    operation removed (GET /activities/collection)"
    )
    assert "deleteActivities\n  BREAKING    operation removed" in text
    for line in [
        "  BREAKING    response: success status 201 is now 200",
        "  BREAKING    request body .done: type changed from one of 0, 1 to boolean",
        "  BREAKING    request body .busy_flag: field removed; calls setting it fail "
        "(request models refuse unknown fields)",
        "  compatible  request body .owner_id: optional field added (integer)",
        "  BREAKING    response 200 body .data.location: type changed from string to "
        "ActivityItemLocation",
        "  compatible  response 200 body .data.priority: field added (integer)",
    ]:
        assert line in sections["addActivity"].split("\n")
    assert (
        "  BREAKING    query parameter done: type changed from one of 0, 1 to boolean"
        in sections["getActivities"].split("\n")
    )
    assert (
        "  compatible  now PATCH /activities/{id} (was PUT /activities/{id}); "
        "the client method keeps its name" in sections["updateActivity"].split("\n")
    )
    # Activity's field changes are listed under addActivity, then pointed to
    assert (
        "  BREAKING    response 200 body .data: model Activity (now ActivityItem) "
        "changed, as listed under addActivity response 200 body .data"
        in sections["getActivity"].split("\n")
    )


def test_a_spec_against_itself_has_no_changes() -> None:
    spec = ROOT / "specs/activities-v2.yaml"
    stdout = io.StringIO()
    assert diff_command(spec, spec, fail_on_breaking=True, stdout=stdout) == 0
    assert stdout.getvalue().endswith(
        ": no changes for a caller of the generated client\n"
    )
