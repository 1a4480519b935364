"""Building the httpx request: method, URL, query, headers, JSON body."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from enum import Enum

import httpx
import pytest

from pipedrive_codegen.runtime._client import SyncClient
from pipedrive_codegen.runtime._errors import APIStatusError
from pipedrive_codegen.runtime._operation import Operation
from runtime_support import (
    ADD_ACTIVITY,
    API_TOKEN,
    GET_ACTIVITY,
    LIST_V2,
    UPDATE_ACTIVITY,
    AddActivityRequest,
    Recorder,
    activity_body,
    json_response,
    sync_client,
)


class Sort(Enum):
    DUE_DATE = "due_date"


def test_get_builds_method_url_and_token_header() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        client.call(GET_ACTIVITY, path_params={"id": 42})
    (request,) = recorder.requests
    assert request.method == "GET"
    assert str(request.url) == "https://api.pipedrive.com/v1/activities/42"
    assert request.headers["x-api-token"] == API_TOKEN
    assert request.headers["accept"] == "application/json"
    assert API_TOKEN not in str(request.url)
    assert "authorization" not in request.headers
    assert request.content == b""


def test_path_parameters_are_percent_encoded_whole() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        client.call(GET_ACTIVITY, path_params={"id": "a/b c?d"})
    assert recorder.requests[0].url.raw_path == b"/v1/activities/a%2Fb%20c%3Fd"


def test_query_is_encoded_pipedrive_style() -> None:
    recorder = Recorder([json_response(200, {"success": True, "data": []})])
    with sync_client(recorder) as client:
        client.call(
            LIST_V2,
            query={
                "done": True,
                "is_deleted": False,
                "updated_since": datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
                "due_date": date(2025, 1, 2),
                "ids": [1, 2, 3],
                "owner_id": None,
                "sort_by": Sort.DUE_DATE,
                "limit": 100,
                "empty": [],
            },
        )
    params = recorder.requests[0].url.params
    assert list(params.multi_items()) == [
        ("done", "true"),
        ("is_deleted", "false"),
        ("updated_since", "2025-01-02T03:04:05+00:00"),
        ("due_date", "2025-01-02"),
        ("ids", "1,2,3"),
        ("sort_by", "due_date"),
        ("limit", "100"),
    ]
    assert b"updated_since=2025-01-02T03%3A04%3A05%2B00%3A00" in (
        recorder.requests[0].url.query
    )


def test_json_body_from_request_model_uses_aliases_and_only_set_fields() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    body = AddActivityRequest(
        subject="Call", due_date=date(2025, 3, 4), type="call"
    ).with_extra_fields({"d4de1c": "custom"})
    with sync_client(recorder) as client:
        client.call(ADD_ACTIVITY, body=body)
    request = recorder.requests[0]
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {
        "subject": "Call",
        "due_date": "2025-03-04",
        "type": "call",
        "d4de1c": "custom",
    }


def test_json_body_from_mapping() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        client.call(
            UPDATE_ACTIVITY,
            path_params={"id": 7},
            body={"done": True, "due_date": date(2025, 3, 4), "owner_id": None},
        )
    request = recorder.requests[0]
    assert request.method == "PATCH"
    assert request.url.path == "/api/v2/activities/7"
    assert json.loads(request.content) == {
        "done": True,
        "due_date": "2025-03-04",
        "owner_id": None,
    }


def test_base_url_with_a_path_prefix_is_kept() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder, base_url="https://proxy.example.com/pd/") as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert str(recorder.requests[0].url) == (
        "https://proxy.example.com/pd/v1/activities/1"
    )


def test_extra_headers_are_sent() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1}, headers={"x-trace": "t1"})
    assert recorder.requests[0].headers["x-trace"] == "t1"


def test_missing_or_unknown_path_parameters_are_refused() -> None:
    recorder = Recorder([])
    with sync_client(recorder) as client:
        with pytest.raises(ValueError, match="missing path parameter"):
            client.call(GET_ACTIVITY, path_params={})
        with pytest.raises(ValueError, match="unknown path parameter"):
            client.call(GET_ACTIVITY, path_params={"id": 1, "other": 2})
        with pytest.raises(TypeError):
            client.call(LIST_V2, query={"filter": {"a": 1}})
    assert recorder.requests == []


def test_a_ready_http_client_is_used_and_left_open() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    http = httpx.Client(
        transport=httpx.MockTransport(recorder), headers={"user-agent": "app/1"}
    )
    with SyncClient(api_token=API_TOKEN, http_client=http) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert recorder.requests[0].headers["user-agent"] == "app/1"
    assert not http.is_closed
    http.close()


def test_conflicting_options_are_refused() -> None:
    with pytest.raises(ValueError):
        SyncClient(api_token=API_TOKEN, base_url="api.pipedrive.com")
    with pytest.raises(ValueError):
        SyncClient(
            api_token=API_TOKEN,
            transport=httpx.MockTransport(Recorder([])),
            http_client=httpx.Client(),
        )


def test_method_is_sent_upper_case() -> None:
    recorder = Recorder([json_response(200, {"success": True})])
    lower = Operation("x", "delete", "/v1/activities/{id}", {200: None})
    with sync_client(recorder) as client:
        client.call(lower, path_params={"id": 3})
    assert recorder.requests[0].method == "DELETE"


def test_redirects_are_not_followed_so_the_token_stays_home() -> None:
    recorder = Recorder(
        [httpx.Response(302, headers={"location": "https://elsewhere.example/x"})]
    )
    http = httpx.Client(transport=httpx.MockTransport(recorder), follow_redirects=True)
    with SyncClient(api_token=API_TOKEN, http_client=http, max_retries=0) as client:
        with pytest.raises(APIStatusError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert caught.value.status_code == 302
    assert len(recorder.requests) == 1
    http.close()


def test_operations_are_hashable() -> None:
    assert len({GET_ACTIVITY, GET_ACTIVITY, LIST_V2}) == 2
