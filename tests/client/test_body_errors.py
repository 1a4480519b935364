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


DEEP: list[Any] = []
_INNER = DEEP
for _ in range(5000):
    _INNER.append([])
    _INNER = _INNER[0]
LOOP: dict[str, Any] = {}
LOOP["self"] = LOOP
BODY_CANNOT = "the addActivity request body cannot be sent: "
UNSENDABLE_BODIES = {
    "a lone surrogate": (
        {"subject": "\ud800"},
        '#/subject: type: expected UTF-8 text (no lone surrogate), got "\\ud800"',
    ),
    "NaN": (
        {"participants": [{"person_id": float("nan")}]},
        "#/participants/0/person_id: type: expected a finite number, got NaN",
    ),
    "infinity": (
        {"participants": [{"person_id": float("-inf")}]},
        "#/participants/0/person_id: type: expected a finite number, got -Infinity",
    ),
    "an object": (
        {"participants": [{"x": object()}]},
        '#/participants/0/x: type: expected a JSON value, got "object"',
    ),
    "a cycle": (
        {"participants": [{"loop": LOOP}]},
        "#/participants/0/loop/self: type: expected no circular reference, "
        'got "a cycle"',
    ),
    "5,000 levels": (
        {"participants": [{"x": DEEP}]},
        '#/participants/0: depth: expected at most 200 levels of nesting, got "more"',
    ),
    "bytes of no text": (
        {"participants": [{"x": b"\xff"}]},
        "#/participants/0/x: type: expected bytes of UTF-8 text, got \"b'\\\\xff'\"",
    ),
    "an int of 5,000 digits": (
        {"participants": [{"person_id": 10**5000}]},
        "#/participants/0/person_id: type: expected an integer of at most 4300 "
        "digits, got <an integer of 16610 bits>",
    ),
}


@pytest.mark.parametrize("case", UNSENDABLE_BODIES, ids=str)
@pytest.mark.parametrize("validate", [False, True])
def test_a_body_json_cannot_hold_is_refused_and_nothing_is_sent(
    case: str, validate: bool
) -> None:
    """A value JSON cannot hold (a NaN or an infinity, once sent as null; text with a
    lone surrogate; an object pydantic cannot serialize, a cycle, nesting past its
    depth, bytes that are no text, an int of more digits than Python prints) is a
    RequestValidationError naming its place, sync and async, with or without
    validate_requests, and nothing is sent."""
    fields, problem = UNSENDABLE_BODIES[case]
    sent: list[httpx.Request] = []
    options: dict[str, Any] = {"api_token": "t", "validate_requests": validate}
    with PipedriveClient(transport=_transport(sent), **options) as client:
        with pytest.raises(RequestValidationError) as refused:
            client.v1.add_activity(**fields)
    assert str(refused.value) == BODY_CANNOT + problem
    assert refused.value.subject == "the addActivity request body"
    assert len(refused.value.issues) == 1

    async def main() -> None:
        async with AsyncPipedriveClient(transport=_transport(sent), **options) as c:
            with pytest.raises(RequestValidationError) as refused:
                await c.v1.add_activity(**fields)
        assert str(refused.value) == BODY_CANNOT + problem

    asyncio.run(main())
    assert sent == []


UNSENDABLE_PARAMETERS = {
    "query int of 5,000 digits": (
        {"limit": 10**5000},
        "the query parameter 'limit' cannot be sent: #: type: expected an integer "
        "of at most 4300 digits, got <an integer of 16610 bits>",
    ),
    "query lone surrogate": (
        {"updated_since": "\udfff"},
        "the query parameter 'updated_since' cannot be sent: #: type: expected "
        'UTF-8 text (no lone surrogate), got "\\udfff"',
    ),
}


@pytest.mark.parametrize("case", UNSENDABLE_PARAMETERS, ids=str)
def test_a_parameter_that_cannot_be_sent_is_refused(case: str) -> None:
    arguments, message = UNSENDABLE_PARAMETERS[case]
    sent: list[httpx.Request] = []
    with PipedriveClient(api_token="t", transport=_transport(sent)) as client:
        with pytest.raises(RequestValidationError) as refused:
            client.v2.get_activities(**arguments)
        assert str(refused.value) == message
        with pytest.raises(RequestValidationError) as refused:
            client.v2.get_activity(id=10**5000)
        assert str(refused.value) == (
            "the path parameter 'id' cannot be sent: #: type: expected an integer "
            "of at most 4300 digits, got <an integer of 16610 bits>"
        )
    assert sent == []
