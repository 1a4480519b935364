"""What a client works out once per operation, or skips when there is nothing to do,
gives every request exactly what working it out each time gave."""

from __future__ import annotations

import gc
import weakref

import httpx
import pytest

from pipedrive_codegen.runtime._client import SyncClient
from pipedrive_codegen.runtime._errors import APIStatusError
from pipedrive_codegen.runtime._operation import Operation
from pipedrive_codegen.runtime._response import raw_response
from pipedrive_codegen.runtime._security import Credentials, Scheme
from runtime_support import (
    API_TOKEN,
    GET_ACTIVITY,
    ActivityResponse,
    Recorder,
    activity_body,
    json_response,
    sync_client,
)

DOWNLOAD = Operation("download", "GET", "/v1/files/{id}/download", {200: bytes})
TWICE = Operation(
    "twice", "GET", "/v1/a/{id}/b/{id}", {200: None}, path_types={"id": "int"}
)


def test_a_request_asks_for_its_operations_accept_whatever_the_http_client_says() -> (
    None
):
    recorder = Recorder([json_response(200, activity_body()) for _ in range(4)])
    with sync_client(recorder) as client:
        assert client.http_client.headers["accept"] == "application/json"
        client.call(GET_ACTIVITY, path_params={"id": 1})
        client.call(DOWNLOAD, path_params={"id": 1})
        client.http_client.headers["Accept"] = "text/html"
        client.call(GET_ACTIVITY, path_params={"id": 1})
        client.call(GET_ACTIVITY, path_params={"id": 1}, headers={"Accept": "a/b"})
    sent = [request.headers.get_list("accept") for request in recorder.requests]
    assert sent == [["application/json"], ["*/*"], ["application/json"], ["a/b"]]


def test_a_given_http_client_gets_the_operations_accept() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    http = httpx.Client(
        transport=httpx.MockTransport(recorder), headers={"Accept": "text/html"}
    )
    with SyncClient(api_token=API_TOKEN, http_client=http) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
    assert recorder.requests[0].headers.get_list("accept") == ["application/json"]
    http.close()


def test_path_values_are_checked_as_one_walk_would() -> None:
    recorder = Recorder([json_response(200, {}) for _ in range(3)])
    with sync_client(recorder) as client:
        client.call(GET_ACTIVITY, path_params={"id": -5})
        client.call(TWICE, path_params={"id": 3})
        client.call(GET_ACTIVITY, path_params={"id": "a/b"})
        # as many values as placeholders, but not theirs
        with pytest.raises(ValueError, match=r"missing path parameter\(s\): id$"):
            client.call(GET_ACTIVITY, path_params={"other": 1})
        with pytest.raises(ValueError, match=r"unknown path parameter\(s\): x$"):
            client.call(GET_ACTIVITY, path_params={"id": 3, "x": 4})
        with pytest.raises(ValueError, match=r"unknown path parameter\(s\): x$"):
            client.call(TWICE, path_params={"id": 3, "x": 4})
        # the first fault of the walk, whatever the order of the values
        with pytest.raises(ValueError, match="missing"):
            client.call(TWICE, path_params={"id": None, "x": 4})
        with pytest.raises(TypeError, match="declared int, not bool"):
            client.call(TWICE, path_params={"id": True})
    paths = [request.url.raw_path for request in recorder.requests]
    assert paths == [b"/v1/activities/-5", b"/v1/a/3/b/3", b"/v1/activities/a%2Fb"]


def test_each_client_sends_its_own_credentials_for_the_same_operation() -> None:
    first, second = Recorder([json_response(200, {})]), Recorder(
        [json_response(200, {})]
    )
    with sync_client(first, api_token="token-one") as one:
        with sync_client(second, api_token="token-two") as two:
            one.call(GET_ACTIVITY, path_params={"id": 1})
            two.call(GET_ACTIVITY, path_params={"id": 1})
    assert first.requests[0].headers["x-api-token"] == "token-one"
    assert second.requests[0].headers["x-api-token"] == "token-two"


def test_a_credential_that_cannot_be_sent_is_refused_on_every_call() -> None:
    in_cookie = Operation(
        "c",
        "GET",
        "/v1/c",
        {200: None},
        security=((Scheme("session", "apiKey", "cookie", "sid"),),),
    )
    recorder = Recorder([])
    with sync_client(recorder, credentials={"session": "a;b"}) as client:
        for _ in range(2):
            with pytest.raises(ValueError, match="cannot be sent as a cookie"):
                client.call(in_cookie)
    assert recorder.requests == []


def test_a_server_of_its_own_origin_is_reached_at_its_url() -> None:
    elsewhere = Operation(
        "e", "GET", "/things/{id}", {200: None}, server="https://files.example/api"
    )
    recorder = Recorder([json_response(200, {}), json_response(200, {})])
    with sync_client(recorder) as client:
        client.call(elsewhere, path_params={"id": 1})
        client.call(GET_ACTIVITY, path_params={"id": 1})
    urls = [str(request.url) for request in recorder.requests]
    assert urls == [
        "https://files.example/api/things/1",
        "https://api.pipedrive.com/v1/activities/1",
    ]


def test_what_a_client_keeps_shows_no_credential() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        client.call(GET_ACTIVITY, path_params={"id": 1})
        assert API_TOKEN not in repr(vars(client))
    schemes = (
        Scheme("api_token", "apiKey", "header", "x-api-token"),
        Scheme("key", "apiKey", "query", "key"),
        Scheme("session", "apiKey", "cookie", "sid"),
    )
    held = Credentials({"api_token": API_TOKEN, "key": "k" * 9, "session": "s" * 9})
    placed = held.place(schemes)
    assert repr(placed) == (
        "Placed(headers=['x-api-token'], params=['key'], cookies=['sid'], oauth=False)"
    )


def test_a_raw_response_goes_with_its_model() -> None:
    recorder = Recorder([json_response(200, activity_body())])
    with sync_client(recorder) as client:
        model = client.call(GET_ACTIVITY, path_params={"id": 1})
    assert isinstance(model, ActivityResponse)
    headers = weakref.ref(raw_response(model).headers)  # (held by the raw response)
    gc.collect()
    assert headers() is not None
    del model
    gc.collect()
    assert headers() is None


def test_a_status_keeps_the_reason_phrase_the_server_sent() -> None:
    recorder = Recorder(
        [
            httpx.Response(404, json={}, extensions={"reason_phrase": b"Gone Fishing"}),
            httpx.Response(404, json={}),
        ]
    )
    with sync_client(recorder, max_retries=0) as client:
        with pytest.raises(APIStatusError, match="404 Gone Fishing") as sent:
            client.call(GET_ACTIVITY, path_params={"id": 1})
        with pytest.raises(APIStatusError, match="404 Not Found") as standard:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    assert sent.value.response.reason_phrase == "Gone Fishing"
    assert standard.value.response.reason_phrase == "Not Found"


def test_a_path_names_missing_then_unknown_values_before_a_bad_one() -> None:
    two = Operation(
        "two",
        "GET",
        "/v1/a/{x}/b/{y}",
        {200: None},
        path_types={"x": "int", "y": "int"},
    )
    recorder = Recorder([])
    with sync_client(recorder) as client:
        with pytest.raises(ValueError, match=r"missing path parameter\(s\): y$"):
            client.call(two, path_params={"x": "..", "y": None})
        with pytest.raises(ValueError, match=r"unknown path parameter\(s\): z$"):
            client.call(two, path_params={"x": "..", "y": 1, "z": 2})
        with pytest.raises(TypeError, match="'x' is declared int, not str"):
            client.call(two, path_params={"x": "..", "y": "also bad"})
    assert recorder.requests == []
