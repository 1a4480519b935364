"""Request models and keyword arguments take the spec's wire form (issue 18): a field or
parameter of ``format: date``, ``date-time`` or ``uuid`` takes the Python value or the
spec's text for it, checked and sent as given; response models still parse to the
Python type.

(``tests/typecheck/`` holds the same calls under ``mypy --strict``;
``tests/client/test_wire_parameters.py`` path, header and cookie parameters and arrays.)
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from uuid import UUID

import httpx
import pytest
from pipedrive_client import PipedriveClient, RequestValidationError
from pipedrive_client.v1 import models as v1
from pydantic import ValidationError


def test_a_request_model_takes_the_spec_s_text_for_a_date() -> None:
    request = v1.AddActivityRequest.model_validate(
        {"subject": "x", "due_date": "2026-12-01"}
    )
    assert request.due_date == "2026-12-01"
    assert request.model_dump(mode="json", exclude_unset=True) == {
        "subject": "x",
        "due_date": "2026-12-01",
    }
    as_value = v1.AddActivityRequest(subject="x", due_date=date(2026, 12, 1))
    assert as_value.model_dump(mode="json", exclude_unset=True)["due_date"] == (
        "2026-12-01"
    )
    lead = "5c1b2f7e-5f3a-11ee-8c99-0242ac120002"
    assert v1.AddActivityRequest(subject="x", lead_id=lead).lead_id == lead
    assert v1.AddActivityRequest(subject="x", lead_id=UUID(lead)).lead_id == UUID(lead)


@pytest.mark.parametrize(
    "fields",
    [
        {"due_date": "2026-13-45"},
        {"due_date": "20261201"},
        {"due_date": "2026-12-01T10:00:00Z"},
        {"due_date": 20261201},
        {"lead_id": "not-a-uuid"},
        {"due_dat": "2026-12-01"},
    ],
    ids=["no-such-day", "basic-format", "date-time", "number", "uuid", "unknown"],
)
def test_wrong_formats_types_and_fields_are_still_refused(
    fields: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError):
        v1.AddActivityRequest.model_validate({"subject": "x", **fields})


def test_a_keyword_argument_takes_the_spec_s_text_and_sends_it() -> None:
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(
            201,
            json={"success": True, "data": {"id": 1, "due_date": "2026-12-03"}},
        )

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handle), validate_requests=True
    ) as client:
        added = client.v1.add_activity(subject="x", due_date="2026-12-03")
        client.v1.add_activity(subject="y", due_date=date(2026, 12, 4))
        with pytest.raises(RequestValidationError):
            client.v1.add_activity(subject="z", due_date="2026-12-32")
    assert sent == [
        {"subject": "x", "due_date": "2026-12-03"},
        {"subject": "y", "due_date": "2026-12-04"},
    ]
    assert added.data is not None and added.data.due_date == date(2026, 12, 3)


def test_responses_still_parse_to_the_python_type() -> None:
    response = v1.AddActivityResponse.model_validate(
        {"success": True, "data": {"id": 1, "due_date": "2026-12-01"}}
    )
    assert response.data is not None and response.data.due_date == date(2026, 12, 1)


def test_a_query_parameter_takes_the_spec_s_text_and_refuses_a_wrong_one() -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(
            200, json={"success": True, "data": [], "additional_data": {}}
        )

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handle)
    ) as client:
        client.v1.get_activities(start_date="2026-12-01", end_date=date(2026, 12, 31))
        assert list(client.v1.iter_get_activities(start_date=date(2026, 12, 1))) == []
        with pytest.raises(RequestValidationError) as refused:
            client.v1.get_activities(start_date="2026-13-45")
        with pytest.raises(RequestValidationError, match="'end_date'"):
            client.v1.iter_get_activities(end_date=20261231)
    assert str(refused.value) == (
        "the query parameter 'start_date' does not match the spec: "
        '#: format: expected date, got "2026-13-45"'
    )
    assert [dict(request.url.params) for request in sent] == [
        {"start_date": "2026-12-01", "end_date": "2026-12-31"},
        {"start_date": "2026-12-01"},
    ]
