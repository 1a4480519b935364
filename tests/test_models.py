"""Behaviour of the committed generated models: what users parse and send."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from conftest import GENERATED, ROOT, UPSTREAM
from pipedrive_client.v1 import models as v1
from pipedrive_client.v2 import models as v2

SEED = ROOT / "tests" / "data" / "seed"

# (api, operationId, status) -> the model the spec declares for that response
RESPONSE_MODELS: dict[tuple[str, str, int], type[BaseModel]] = {
    ("v1", "addActivity", 201): v1.AddActivityResponse,
    ("v1", "deleteActivities", 200): v1.DeleteActivitiesResponse,
    ("v1", "deleteActivity", 200): v1.DeleteActivityResponse,
    ("v1", "getActivities", 200): v1.GetActivitiesResponse,
    ("v1", "getActivitiesCollection", 200): v1.GetActivitiesCollectionResponse,
    ("v1", "getActivitiesCollection", 403): v1.FailResponse,
    ("v1", "getActivity", 200): v1.GetActivityResponse,
    ("v1", "updateActivity", 200): v1.UpdateActivityResponse,
    ("v2", "addActivity", 200): v2.UpsertActivityResponse,
    ("v2", "deleteActivity", 200): v2.DeleteActivityResponse,
    ("v2", "getActivities", 200): v2.GetActivitiesResponse,
    ("v2", "getActivity", 200): v2.UpsertActivityResponse,
    ("v2", "updateActivity", 200): v2.UpsertActivityResponse,
}


def dump(model: BaseModel) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def test_seed_request_round_trips() -> None:
    text = (SEED / "addActivity.request.json").read_text(encoding="utf-8")
    request = v1.AddActivityRequest.model_validate_json(text)
    assert request.done == 1 and request.busy_flag is True
    assert dump(request) == json.loads(text)


def test_seed_response_round_trips_with_related_objects_keyed_by_id() -> None:
    text = (SEED / "addActivity.200.json").read_text(encoding="utf-8")
    response = v1.AddActivityResponse.model_validate_json(text)
    assert response.related_objects is not None
    assert response.related_objects.user is not None
    assert response.related_objects.user[1234].name == "Creator"
    assert response.related_objects.organization is not None
    assert response.related_objects.organization[5].people_count == 2
    assert dump(response) == json.loads(text)


def _examples() -> list[Path]:
    return sorted((UPSTREAM / "examples" / "v1").glob("*.json")) + sorted(
        (UPSTREAM / "examples" / "v2").glob("*.json")
    )


@pytest.mark.parametrize("path", _examples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_pipedrive_example_round_trips(path: Path) -> None:
    operation_id, status, _ = path.name.split(".")
    model = RESPONSE_MODELS[(path.parent.name, operation_id, int(status))]
    text = path.read_text(encoding="utf-8")
    assert dump(model.model_validate_json(text)) == json.loads(text)


def test_every_example_has_a_model() -> None:
    index = json.loads((UPSTREAM / "examples" / "index.json").read_text())
    activity = {
        (e["api"], e["operationId"], e["status"])
        for e in index
        if "errors" not in e["file"]
    }
    assert activity == set(RESPONSE_MODELS)


def test_responses_accept_nulls_unknown_fields_and_unlisted_enum_values() -> None:
    nulls = {name: None for name in v1.Activity.model_fields}
    body = {
        "success": True,
        "data": {**nulls, "brand_new_field": {"x": 1}},
        "related_objects": None,
    }
    response = v1.AddActivityResponse.model_validate(body)
    assert response.data is not None and response.data.subject is None
    assert response.data.model_extra == {"brand_new_field": {"x": 1}}
    assert dump(response)["data"]["brand_new_field"] == {"x": 1}

    listed = v2.GetActivitiesResponse.model_validate(
        {"data": [{"id": 1, "attendees": [{"status": "a-status-nobody-listed"}]}]}
    )
    assert listed.data is not None and listed.data[0].attendees is not None
    assert listed.data[0].attendees[0].status == "a-status-nobody-listed"


@pytest.mark.parametrize(
    "fields",
    [
        {"subjet": "Call"},
        {"done": "1"},
        {"done": 2},
        {"deal_id": "abc"},
        {"busy_flag": "yes"},
    ],
    ids=[
        "unknown-field",
        "done-string",
        "done-2",
        "deal-id-string",
        "busy-flag-string",
    ],
)
def test_requests_refuse_wrong_types_and_unknown_fields(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        v1.AddActivityRequest.model_validate(fields)


def test_requests_send_undeclared_fields_only_through_with_extra_fields() -> None:
    request = v1.AddActivityRequest(subject="Call", done=0).with_extra_fields(
        {"d4de5c7e1e6a3b3c": "custom value"}
    )
    assert dump(request) == {
        "subject": "Call",
        "done": 0,
        "d4de5c7e1e6a3b3c": "custom value",
    }
    with pytest.raises(ValueError, match="declares subject"):
        request.with_extra_fields({"subject": "x"})


def test_v2_requests_use_real_booleans() -> None:
    assert v2.AddActivityRequest(subject="Call", done=True).done is True
    with pytest.raises(ValidationError):
        v2.AddActivityRequest.model_validate({"done": 1})


_BANNED = re.compile(
    r"^(?:Data\d+|Model\d*|Item\d+|Field|Schema|[A-Z]+(?:_[A-Z]+)*_ID)$"
)


def test_no_model_has_a_meaningless_or_placeholder_name() -> None:
    for path in sorted(GENERATED.rglob("models.py")):
        names = re.findall(r"^class (\w+)\(", path.read_text(), flags=re.M)
        assert names, path
        assert [name for name in names if _BANNED.match(name)] == []
    assert not any("USER_ID" in p.read_text() for p in GENERATED.rglob("models.py"))
