"""A user's script: builds a request and reads a parsed response, as the README shows.

Type-checked with ``mypy --strict`` and *without* the pydantic mypy plugin.
"""

from __future__ import annotations

from pipedrive_client.v1.models import AddActivityRequest, AddActivityResponse
from pipedrive_client.v2.models import AddActivityRequest as AddActivityRequestV2


def build_request() -> AddActivityRequest:
    request = AddActivityRequest(subject="Call", done=1, busy_flag=True)
    request.deal_id = 300
    return request.with_extra_fields({"d4de5c7e1e6a3b3c": "custom value"})


def build_v2_request() -> AddActivityRequestV2:
    return AddActivityRequestV2(subject="Call", done=True, owner_id=1234)


def read_response(text: str) -> str:
    response = AddActivityResponse.model_validate_json(text)
    subject: str | None = response.data.subject if response.data else None
    related = response.related_objects
    if related is not None and related.user is not None:
        name: str | None = related.user[1234].name
        return name or ""
    return subject or ""


def build_request_in_wire_form() -> list[AddActivityRequest]:
    """A formatted string field takes the spec's text or the Python value."""
    from datetime import date

    return [
        AddActivityRequest(subject="Call", due_date="2026-12-01"),
        AddActivityRequest(subject="Call", due_date=date(2026, 12, 1)),
    ]
