"""Opt-in validation of bodies against the spec, with the generated validators."""

from __future__ import annotations

import json

import httpx
import pytest

from conftest import UPSTREAM
from pipedrive_client import (
    PipedriveClient,
    RequestValidationError,
    ResponseValidationError,
)
from pipedrive_client.v2 import models as v2


def recorder(
    status: int, body: object
) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body)

    return seen, httpx.MockTransport(handler)


def test_request_breaking_the_spec_is_not_sent_when_validating() -> None:
    seen, transport = recorder(200, {"success": True, "data": {"id": 1}})
    body = v2.AddActivityRequest(
        subject="Call", busy=None
    )  # v2 declares nothing nullable
    with PipedriveClient(
        api_token="t", transport=transport, validate_requests=True
    ) as client:
        with pytest.raises(RequestValidationError) as caught:
            client.v2.add_activity(body=body)
        assert seen == []
        assert [(i.pointer, i.rule) for i in caught.value.issues] == [
            ("/busy", "nullable")
        ]
        assert "/busy" in str(caught.value)
        client.v2.add_activity(subject="Call", busy=True)
    assert len(seen) == 1


def test_a_raw_body_that_is_not_json_is_not_sent_when_validating() -> None:
    seen, transport = recorder(200, {"success": True, "data": {"id": 1}})
    with PipedriveClient(
        api_token="t", transport=transport, validate_requests=True
    ) as client:
        with pytest.raises(RequestValidationError) as caught:
            client.v2.add_activity(body=b"subject=Call")  # type: ignore[arg-type]
        assert seen == []
        assert [(i.pointer, i.rule, i.expected) for i in caught.value.issues] == [
            ("", "type", "JSON")
        ]
        client.v2.add_activity(body=b'{"subject": "Call"}')  # type: ignore[arg-type]
    assert json.loads(seen[0].content) == {"subject": "Call"}


def test_without_validation_the_same_request_is_sent() -> None:
    seen, transport = recorder(200, {"success": True, "data": {"id": 1}})
    with PipedriveClient(api_token="t", transport=transport) as client:
        client.v2.add_activity(body=v2.AddActivityRequest(subject="Call", busy=None))
    assert json.loads(seen[0].content) == {"subject": "Call", "busy": None}


def test_response_drift_is_reported_when_validating_responses() -> None:
    example = json.loads((UPSTREAM / "examples/v1/getActivity.200.json").read_text())
    _, transport = recorder(200, example)
    with PipedriveClient(api_token="t", transport=transport) as lenient:
        assert lenient.v1.get_activity(id=8).data is not None
    with PipedriveClient(
        api_token="t", transport=transport, validate_responses=True
    ) as strict:
        with pytest.raises(ResponseValidationError) as caught:
            strict.v1.get_activity(id=8)
    pointers = {issue.pointer for issue in caught.value.issues}
    assert "/related_objects/user/1234/has_pic" in pointers  # Pipedrive sends false
    assert caught.value.status_code == 200
