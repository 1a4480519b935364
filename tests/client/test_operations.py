"""Every activity operation of the generated client, sync and async, through MockTransport."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest

from conftest import ROOT, UPSTREAM
from pipedrive_client import AsyncPipedriveClient, PipedriveClient, raw_response
from pipedrive_client.v1 import models as v1
from pipedrive_client.v2 import models as v2

TOKEN = "tok-0123456789abcdef"


def example(api: str, name: str) -> Any:
    return json.loads((UPSTREAM / "examples" / api / f"{name}.json").read_text())


class Recorder:
    """A MockTransport handler that answers one canned response and keeps the requests."""

    def __init__(self, status: int, body: Any) -> None:
        self.status, self.body = status, body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(
            self.status, json=self.body, headers={"x-ratelimit-remaining": "39"}
        )

    @property
    def request(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


# (api, example, call, method, url, json body or None, check of the typed result)
Case = tuple[str, str, Callable[[Any], Any], str, str, Any, Callable[[Any], bool]]
CASES: dict[str, Case] = {
    "v1.get_activities": (
        "v1",
        "getActivities.200",
        lambda api: api.get_activities(
            user_id=0, done=0, start_date=date(2024, 5, 1), limit=2
        ),
        "GET",
        "https://api.pipedrive.com/v1/activities?user_id=0&limit=2&start_date=2024-05-01&done=0",
        None,
        lambda r: isinstance(r, v1.GetActivitiesResponse)
        and isinstance(r.data[0], v1.Activity),
    ),
    "v1.add_activity": (
        "v1",
        "addActivity.201",
        lambda api: api.add_activity(
            subject="Call", done=1, busy_flag=True, due_date=date(2024, 5, 17)
        ),
        "POST",
        "https://api.pipedrive.com/v1/activities",
        {"subject": "Call", "done": 1, "busy_flag": True, "due_date": "2024-05-17"},
        lambda r: isinstance(r, v1.AddActivityResponse) and r.data.id == 8,
    ),
    "v1.add_activity_with_a_body_model": (
        "v1",
        "addActivity.201",
        lambda api: api.add_activity(
            body=v1.AddActivityRequest(
                subject="Call", busy_flag=None
            ).with_extra_fields({"abc123": 5})
        ),
        "POST",
        "https://api.pipedrive.com/v1/activities",
        {"subject": "Call", "busy_flag": None, "abc123": 5},
        lambda r: isinstance(r, v1.AddActivityResponse),
    ),
    "v1.delete_activities": (
        "v1",
        "deleteActivities.200",
        lambda api: api.delete_activities(ids="625,627"),
        "DELETE",
        "https://api.pipedrive.com/v1/activities?ids=625%2C627",
        None,
        lambda r: isinstance(r, v1.DeleteActivitiesResponse)
        and r.data.id == [625, 627],
    ),
    "v1.get_activities_collection": (
        "v1",
        "getActivitiesCollection.200",
        lambda api: api.get_activities_collection(cursor="abc", limit=1, done=True),
        "GET",
        "https://api.pipedrive.com/v1/activities/collection?cursor=abc&limit=1&done=true",
        None,
        lambda r: isinstance(r, v1.GetActivitiesCollectionResponse),
    ),
    "v1.get_activity": (
        "v1",
        "getActivity.200",
        lambda api: api.get_activity(id=8),
        "GET",
        "https://api.pipedrive.com/v1/activities/8",
        None,
        lambda r: isinstance(r, v1.GetActivityResponse) and r.data.id == 8,
    ),
    "v1.update_activity": (
        "v1",
        "updateActivity.200",
        lambda api: api.update_activity(id=8, subject="Renamed", done=0),
        "PUT",
        "https://api.pipedrive.com/v1/activities/8",
        {"subject": "Renamed", "done": 0},
        lambda r: isinstance(r, v1.UpdateActivityResponse),
    ),
    "v1.delete_activity": (
        "v1",
        "deleteActivity.200",
        lambda api: api.delete_activity(id=8),
        "DELETE",
        "https://api.pipedrive.com/v1/activities/8",
        None,
        lambda r: isinstance(r, v1.DeleteActivityResponse) and r.data.id == 624,
    ),
    "v2.get_activities": (
        "v2",
        "getActivities.200",
        lambda api: api.get_activities(
            owner_id=1, done=False, sort_by="due_date", limit=100
        ),
        "GET",
        "https://api.pipedrive.com/api/v2/activities?owner_id=1&done=false&sort_by=due_date&limit=100",
        None,
        lambda r: isinstance(r, v2.GetActivitiesResponse)
        and isinstance(r.data[0], v2.ActivityItem),
    ),
    "v2.add_activity": (
        "v2",
        "addActivity.200",
        lambda api: api.add_activity(
            subject="Call",
            done=False,
            participants=[
                v2.AddActivityRequestParticipantsItem(person_id=1, primary=True)
            ],
        ),
        "POST",
        "https://api.pipedrive.com/api/v2/activities",
        {
            "subject": "Call",
            "done": False,
            "participants": [{"person_id": 1, "primary": True}],
        },
        lambda r: isinstance(r, v2.UpsertActivityResponse)
        and isinstance(r.data, v2.ActivityItem),
    ),
    "v2.get_activity": (
        "v2",
        "getActivity.200",
        lambda api: api.get_activity(id=1, include_fields="attendees"),
        "GET",
        "https://api.pipedrive.com/api/v2/activities/1?include_fields=attendees",
        None,
        lambda r: isinstance(r, v2.UpsertActivityResponse),
    ),
    "v2.update_activity": (
        "v2",
        "updateActivity.200",
        lambda api: api.update_activity(id=1, done=True),
        "PATCH",
        "https://api.pipedrive.com/api/v2/activities/1",
        {"done": True},
        lambda r: isinstance(r, v2.UpsertActivityResponse),
    ),
    "v2.delete_activity": (
        "v2",
        "deleteActivity.200",
        lambda api: api.delete_activity(id=1),
        "DELETE",
        "https://api.pipedrive.com/api/v2/activities/1",
        None,
        lambda r: isinstance(r, v2.DeleteActivityResponse) and r.data.id == 1,
    ),
}


def _check_request(request: httpx.Request, method: str, url: str, body: Any) -> None:
    assert request.method == method
    assert str(request.url) == url
    assert request.headers["x-api-token"] == TOKEN
    assert "api_token" not in str(request.url)
    assert request.headers["accept"] == "application/json"
    if body is None:
        assert request.content == b""
    else:
        assert request.headers["content-type"] == "application/json"
        assert json.loads(request.content) == body


@pytest.mark.parametrize("name", sorted(CASES))
def test_operation_sync(name: str) -> None:
    api, example_name, call, method, url, body, check = CASES[name]
    status = int(example_name.split(".")[1])
    recorder = Recorder(status, example(api, example_name))
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(recorder)
    ) as client:
        result = call(getattr(client, api))
    _check_request(recorder.request, method, url, body)
    assert check(result)
    assert raw_response(result).status_code == status
    assert raw_response(result).rate_limit.remaining == 39


@pytest.mark.parametrize("name", sorted(CASES))
def test_operation_async(name: str) -> None:
    api, example_name, call, method, url, body, check = CASES[name]
    status = int(example_name.split(".")[1])
    recorder = Recorder(status, example(api, example_name))

    async def run() -> Any:
        async with AsyncPipedriveClient(
            api_token=TOKEN, transport=httpx.MockTransport(recorder)
        ) as client:
            return await call(getattr(client, api))

    result = asyncio.run(run())
    _check_request(recorder.request, method, url, body)
    assert check(result)


def test_v1_add_parses_the_seed_revisions_200_too() -> None:
    seed = json.loads(
        (ROOT / "tests" / "data" / "seed" / "addActivity.200.json").read_text()
    )
    recorder = Recorder(200, seed)
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(recorder)
    ) as client:
        result = client.v1.add_activity(subject="Call")
    assert isinstance(result, v1.AddActivityResponse)
    assert result.related_objects.user[1234].name == "Creator"
    assert raw_response(result).status_code == 200


def test_an_unknown_keyword_is_refused_by_name() -> None:
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(Recorder(200, {}))
    ) as client:
        with pytest.raises(TypeError, match="subjet"):
            client.v1.add_activity(subjet="Call")  # type: ignore[call-arg]


def test_body_and_body_fields_together_are_refused() -> None:
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(Recorder(200, {}))
    ) as client:
        with pytest.raises(TypeError, match="subject"):
            client.v1.add_activity(body=v1.AddActivityRequest(), subject="Call")


def test_wrong_body_field_types_are_refused_before_sending() -> None:
    recorder = Recorder(200, {})
    with PipedriveClient(
        api_token=TOKEN, transport=httpx.MockTransport(recorder)
    ) as client:
        with pytest.raises(ValueError):
            client.v1.add_activity(done=2)  # type: ignore[arg-type]
    assert recorder.requests == []
