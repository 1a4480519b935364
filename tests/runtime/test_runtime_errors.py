"""Typed errors from every error shape Pipedrive sends, and from non-JSON bodies."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from pipedrive_codegen.runtime._errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    GoneError,
    NotFoundError,
    PaymentRequiredError,
    PermissionDeniedError,
    PipedriveError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from runtime_support import (
    GET_ACTIVITY,
    Recorder,
    async_client,
    error_examples,
    json_response,
    sync_client,
)

EXPECTED_CLASS = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    410: GoneError,
    422: UnprocessableEntityError,
    429: RateLimitError,
    500: ServerError,
    502: ServerError,
    503: ServerError,
}

HTML_502 = b"""<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
</html>
"""


def raise_for(response: httpx.Response) -> APIStatusError:
    with sync_client(Recorder([response]), max_retries=0) as client:
        with pytest.raises(APIStatusError) as caught:
            client.call(GET_ACTIVITY, path_params={"id": 1})
    return caught.value


def test_the_examples_are_there() -> None:
    statuses = {status for _, status, _ in error_examples()}
    assert statuses == {400, 401, 403, 404, 410}


@pytest.mark.parametrize(
    ("name", "status", "content"), error_examples(), ids=lambda v: str(v)[:40]
)
def test_every_pipedrive_error_example_gives_its_typed_error(
    name: str, status: int, content: bytes
) -> None:
    body = json.loads(content)
    error = raise_for(
        httpx.Response(
            status, content=content, headers={"content-type": "application/json"}
        )
    )
    assert type(error) is EXPECTED_CLASS[status], name
    assert isinstance(error, PipedriveError)
    assert error.status_code == status
    assert error.body == body
    assert error.response.content == content
    assert error.rate_limit == error.response.rate_limit
    text = str(error)
    assert "\n" not in text
    assert text.startswith(f"GET /v1/activities/1 -> {status} ")
    message = body.get("error") or body.get("message")
    assert error.error == message
    if message:
        assert message in text
    if "error_info" in body:
        assert error.error_info == body["error_info"]
        assert body["error_info"] in text
    if "errors" in body:
        assert error.errors == body["errors"]
        for field, problems in body["errors"].items():
            assert f"{field}: {problems[0]}" in text
    if "errorCode" in body:
        assert error.code == body["errorCode"]


@pytest.mark.parametrize("status", sorted(EXPECTED_CLASS))
def test_documented_envelope_gives_the_class_for_each_status(status: int) -> None:
    envelope = {
        "success": False,
        "error": f"problem {status}",
        "error_info": "Please check developers.pipedrive.com",
        "data": None,
        "additional_data": None,
    }
    error = raise_for(json_response(status, envelope))
    assert type(error) is EXPECTED_CLASS[status]
    assert error.error == f"problem {status}"
    assert error.error_info == "Please check developers.pipedrive.com"


def test_other_statuses_give_the_generic_status_error() -> None:
    for status in (405, 409, 415, 418):
        error = raise_for(json_response(status, {"success": False, "error": "x"}))
        assert type(error) is APIStatusError
        assert error.status_code == status


def test_plan_limit_code_and_request_ids() -> None:
    body = {
        "success": False,
        "error": "You have reached the limit of deals",
        "code": "feature_capping_deals_limit",
        "request_id": "body-rid",
    }
    error = raise_for(json_response(403, body))
    assert error.code == "feature_capping_deals_limit"
    assert error.request_id == "body-rid"
    assert "feature_capping_deals_limit" in str(error)
    assert "body-rid" in str(error)
    header_error = raise_for(json_response(403, body, {"x-correlation-id": "hdr-rid"}))
    assert header_error.request_id == "hdr-rid"


def test_html_502_page_gives_a_server_error_with_a_short_message() -> None:
    error = raise_for(
        httpx.Response(502, content=HTML_502, headers={"content-type": "text/html"})
    )
    assert type(error) is ServerError
    assert error.body is None
    assert error.error is None
    text = str(error)
    assert "\n" not in text
    assert "non-JSON body (text/html, " in text
    assert 'titled "502 Bad Gateway"' in text
    assert "<center>" not in text


def test_empty_error_bodies_give_typed_errors() -> None:
    for status, cls in (
        (404, NotFoundError),
        (500, ServerError),
        (429, RateLimitError),
    ):
        error = raise_for(httpx.Response(status))
        assert type(error) is cls
        assert str(error) == (
            f"GET /v1/activities/1 -> {status} "
            f"{httpx.codes.get_reason_phrase(status)}: empty response body"
        )


def test_json_that_is_not_an_object_still_gives_a_typed_error() -> None:
    error = raise_for(json_response(400, ["bad"]))
    assert type(error) is BadRequestError
    assert error.body == ["bad"]
    assert "JSON body without an error message" in str(error)


def test_long_messages_are_cut_to_one_short_line() -> None:
    error = raise_for(json_response(400, {"error": "x\n" * 500}))
    assert len(str(error)) <= 300
    assert "\n" not in str(error)


def test_async_client_raises_the_same_errors() -> None:
    recorder = Recorder([json_response(404, {"success": False, "error": "gone"})])

    async def main() -> None:
        async with async_client(recorder) as client:
            await client.call(GET_ACTIVITY, path_params={"id": 1})

    with pytest.raises(NotFoundError, match="gone"):
        asyncio.run(main())
