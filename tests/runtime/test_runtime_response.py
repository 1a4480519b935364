"""Parsing 2xx responses and reaching the raw response behind a model."""

from __future__ import annotations

import httpx
import pytest

from pipedrive_codegen.runtime._errors import ResponseValidationError
from pipedrive_codegen.runtime._operation import Operation
from pipedrive_codegen.runtime._ratelimit import RateLimit
from pipedrive_codegen.runtime._response import raw_response
from runtime_support import (
    ADD_ACTIVITY,
    DELETE_ACTIVITY,
    GET_ACTIVITY,
    Activity,
    ActivityListResponse,
    ActivityResponse,
    Recorder,
    activity_body,
    json_response,
    sync_client,
)


def test_declared_status_parses_with_its_model() -> None:
    recorder = Recorder([json_response(200, activity_body(5, "Lunch"))])
    with sync_client(recorder) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 5})
    assert isinstance(result, ActivityResponse)
    assert result.data == Activity(id=5, subject="Lunch")


def test_undeclared_201_parses_with_the_only_declared_2xx_model() -> None:
    recorder = Recorder([json_response(201, activity_body(9))])
    with sync_client(recorder) as client:
        result = client.call(ADD_ACTIVITY, body={"subject": "Call"})
    assert isinstance(result, ActivityResponse)
    assert result.data is not None and result.data.id == 9
    assert raw_response(result).status_code == 201


def test_undeclared_200_parses_with_the_declared_201_model() -> None:
    add_v1 = Operation("addActivity", "POST", "/v1/activities", {201: ActivityResponse})
    recorder = Recorder([json_response(200, activity_body(3))])
    with sync_client(recorder) as client:
        result = client.call(add_v1, body={})
    assert isinstance(result, ActivityResponse)


def test_model_for_with_two_different_2xx_models_gives_none() -> None:
    both = Operation(
        "x", "GET", "/x", {200: ActivityResponse, 201: ActivityListResponse}
    )
    assert both.model_for(202) is None
    assert both.model_for(201) is ActivityListResponse


def test_unknown_fields_are_kept() -> None:
    body = activity_body()
    body["data"]["d4de1c"] = "custom value"
    recorder = Recorder([json_response(200, body)])
    with sync_client(recorder) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert result.data.model_extra == {"d4de1c": "custom value"}


def test_raw_response_carries_status_headers_body_request_id_and_rate_limit() -> None:
    headers = {
        "x-correlation-id": "corr-123",
        "x-ratelimit-limit": "40",
        "x-ratelimit-remaining": "39",
        "x-ratelimit-reset": "2",
        "x-daily-requests-left": "9876",
    }
    recorder = Recorder([json_response(200, activity_body(), headers)])
    with sync_client(recorder) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    raw = raw_response(result)
    assert raw.status_code == 200
    assert raw.headers["x-correlation-id"] == "corr-123"
    assert raw.json() == activity_body()
    assert raw.content == httpx.Response(200, json=activity_body()).content
    assert raw.request_id == "corr-123"
    assert raw.method == "GET"
    assert raw.url == "https://api.pipedrive.com/v1/activities/1"
    assert raw.rate_limit == RateLimit(
        limit=40, remaining=39, reset=2.0, daily_requests_left=9876
    )


def test_request_id_falls_back_to_x_request_id() -> None:
    recorder = Recorder([json_response(200, activity_body(), {"x-request-id": "r-9"})])
    with sync_client(recorder) as client:
        result = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert raw_response(result).request_id == "r-9"


def test_raw_response_does_not_change_model_equality() -> None:
    recorder = Recorder([json_response(200, activity_body(1, "A"))] * 2)
    with sync_client(recorder) as client:
        first = client.call(GET_ACTIVITY, path_params={"id": 1})
        second = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert raw_response(first) is not raw_response(second)
    assert first == second
    assert first == ActivityResponse.model_validate(activity_body(1, "A"))
    assert "raw" not in first.model_dump_json()


def test_raw_response_of_a_model_built_by_hand_is_refused() -> None:
    with pytest.raises(ValueError, match="not returned by the client"):
        raw_response(ActivityResponse())


def test_unmodelled_body_is_returned_as_json_and_empty_as_none() -> None:
    recorder = Recorder(
        [json_response(200, {"success": True, "data": {"id": 3}}), httpx.Response(200)]
    )
    with sync_client(recorder) as client:
        assert client.call(DELETE_ACTIVITY, path_params={"id": 3}) == {
            "success": True,
            "data": {"id": 3},
        }
        assert client.call(DELETE_ACTIVITY, path_params={"id": 3}) is None


def test_a_body_that_does_not_fit_raises_a_typed_error_when_validating() -> None:
    recorder = Recorder(
        [
            json_response(200, {"success": True, "data": {"id": "not a number"}}),
            httpx.Response(200, content=b"<html>oops</html>"),
        ]
    )
    with sync_client(recorder, validate_responses=True) as client:
        with pytest.raises(ResponseValidationError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
        assert "data.id" in str(caught.value)
        assert "not a number" not in str(caught.value)
        assert caught.value.status_code == 200
        with pytest.raises(ResponseValidationError):
            client.call(GET_ACTIVITY, path_params={"id": 1})


def test_a_type_named_by_a_string_loads_from_the_models_module_on_first_use() -> None:
    # Generated operations name their body types as strings, so that a model loads
    # only when a response needs it.
    operation = Operation(
        "x",
        "GET",
        "/x",
        {200: "list[Activity]", 201: "ActivityResponse", 404: "dict[str, Any]"},
        models="runtime_support",
    )
    assert operation.model_for(201) is ActivityResponse
    listed = operation.model_for(200)
    assert not isinstance(listed, (type, str)) and listed is not None
    assert listed.validate_python([{"id": 1}]) == [Activity(id=1)]
    assert operation.model_for(200) is listed  # resolved once
    mapping = operation.model_for(404)
    assert not isinstance(mapping, (type, str)) and mapping is not None
    assert mapping.validate_python({"a": [1]}) == {"a": [1]}
    recorder = Recorder([json_response(200, [{"id": 2, "subject": "Call"}])])
    with sync_client(recorder) as client:
        assert client.call(operation) == [Activity(id=2, subject="Call")]
    with pytest.raises(NameError):
        Operation(
            "y", "GET", "/y", {200: "Nowhere"}, models="runtime_support"
        ).model_for(200)
