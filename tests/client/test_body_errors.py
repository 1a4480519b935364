"""One exception for a bad request (issue 18): a body a client method builds from its
keyword arguments that the request model refuses raises the client's
``RequestValidationError`` (an ``InvalidBody``, as a bad parameter does), its
``issues`` in the validators' vocabulary and pydantic's error as ``__cause__``; nothing
is sent. A request model a user builds still raises pydantic's own error.

Through the committed package and httpx's MockTransport.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from pipedrive_client import (
    AsyncPipedriveClient,
    InvalidBody,
    PipedriveClient,
    RequestValidationError,
)
from pipedrive_client._runtime._issues import Issue
from pipedrive_client.v1 import models as v1
from pydantic import ValidationError

BAD = {
    "subject": "x",
    "due_date": "2026-13-45",
    "deal_id": "seven",
    "lead_id": 5,
    "participants": [{"person_id": 1}, 2],
}
ISSUES = (
    Issue("/due_date", "format", "date", '"2026-13-45"'),
    Issue("/deal_id", "type", "integer", '"seven"'),
    Issue("/lead_id", "type", "UUID or string", "5"),
    Issue("/participants/1", "type", "object", "2"),
)


def _transport(sent: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"success": True, "data": {"id": 1}})

    return httpx.MockTransport(handle)


def test_bad_keyword_arguments_raise_the_client_s_error_and_send_nothing() -> None:
    sent: list[httpx.Request] = []
    with PipedriveClient(api_token="t", transport=_transport(sent)) as client:
        with pytest.raises(RequestValidationError) as refused:
            client.v1.add_activity(**BAD)
    error = refused.value
    assert isinstance(error, InvalidBody)
    assert error.issues == ISSUES
    assert error.subject == "the AddActivityRequest body"
    assert str(error).startswith(
        "the AddActivityRequest body does not match the spec: "
        '#/due_date: format: expected date, got "2026-13-45"; '
    )
    assert isinstance(error.__cause__, ValidationError)
    assert sent == []


def test_the_async_client_raises_the_same() -> None:
    sent: list[httpx.Request] = []

    async def call() -> Any:
        async with AsyncPipedriveClient(
            api_token="t", transport=_transport(sent)
        ) as client:
            return await client.v1.add_activity(**BAD)

    with pytest.raises(RequestValidationError) as refused:
        asyncio.run(call())
    assert refused.value.issues == ISSUES
    assert sent == []


def test_one_except_catches_a_bad_parameter_and_a_bad_body() -> None:
    sent: list[httpx.Request] = []
    with PipedriveClient(api_token="t", transport=_transport(sent)) as client:
        for call in (
            lambda: client.v1.get_activities(start_date="2026-13-45"),
            lambda: client.v1.add_activity(subject="x", due_date="2026-13-45"),
        ):
            try:
                call()
            except InvalidBody as caught:
                assert caught.issues[0].rule == "format"
            else:
                raise AssertionError("not refused")
    assert sent == []


def test_a_model_the_user_builds_raises_pydantic_s_error() -> None:
    with pytest.raises(ValidationError):
        v1.AddActivityRequest(**BAD)
