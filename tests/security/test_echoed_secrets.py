"""Secrets a server echoes back, through the committed package and a MockTransport:
masked before any text is cut (a cut token is a prefix no masking finds), in the
fields read from an error body however JSON escapes them, never kept on an error's
``__context__``, nor in the package's log or a raw response's repr; and the client's
errors survive pickle and deepcopy without carrying one."""

from __future__ import annotations

import asyncio
import logging
import pickle
from collections.abc import Callable
from copy import deepcopy
from typing import Any

import httpx
import pytest

from pipedrive_client import (
    APIConnectionError,
    AsyncPipedriveClient,
    AuthenticationError,
    PipedriveClient,
    ResponseValidationError,
    ServerError,
    raw_response,
)
from pipedrive_client.v1.validators import InvalidBody, ensure_request

# 76 characters, as real OAuth access tokens are: longer than any cut.
LONG = "tok_" + "S3CRET" * 12


def leaked_part(text: str, secret: str = LONG, length: int = 8) -> str | None:
    """A piece of ``secret`` of ``length`` characters that ``text`` shows, if any."""
    for start in range(len(secret) - length + 1):
        if secret[start : start + length] in text:
            return secret[start : start + length]
    return None


def answering(response: httpx.Response, **options: object) -> PipedriveClient:
    return PipedriveClient(
        api_token=LONG,
        transport=httpx.MockTransport(lambda request: response),
        max_retries=0,
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        ({"id": LONG}, '"***"'),
        ({"id": f"key {LONG} and more"}, '"key *** and more"'),
        ({"id": [1, {"echo": LONG}]}, '[1, {"echo": "***"}]'),
        ({"id": {LONG: 1}}, '{"***": 1}'),
    ],
)
def test_an_echoed_token_is_masked_before_an_issue_is_cut(
    data: dict[str, object], shown: str
) -> None:
    body = {"success": True, "data": data}
    with answering(httpx.Response(200, json=body), validate_responses=True) as client:
        with pytest.raises(ResponseValidationError) as raised:
            client.v2.get_activity(id=1)
    error = raised.value
    assert [issue.value for issue in error.issues] == [shown]
    assert str(error) == (
        "the getActivity 200 response body does not match the spec: "
        f"#/data/id: type: expected integer, got {shown}"
    )
    for text in (str(error), repr(error), repr(error.issues)):
        assert leaked_part(text) is None, text


def test_a_long_value_without_a_secret_is_still_cut() -> None:
    body = {"success": True, "data": {"id": "x" * 100}}
    with answering(httpx.Response(200, json=body), validate_responses=True) as client:
        with pytest.raises(ResponseValidationError) as raised:
            client.v2.get_activity(id=1)
    assert [issue.value for issue in raised.value.issues] == ['"' + "x" * 56 + "..."]


def test_an_html_title_echoing_the_token_is_masked_before_it_is_cut() -> None:
    page = f"<html><title>Bad gateway for key {LONG}</title></html>".encode()
    response = httpx.Response(502, content=page, headers={"content-type": "text/html"})
    with answering(response) as client:
        with pytest.raises(ServerError) as raised:
            client.v2.get_activity(id=1)
    assert str(raised.value) == (
        "GET /api/v2/activities/1 -> 502 Bad Gateway: non-JSON body "
        f'(text/html, {len(page)} bytes) titled "Bad gateway for key ***"'
    )


def test_a_json_escaped_echo_is_masked_in_every_field_read_from_the_body() -> None:
    escaped = "".join(f"\\u{ord(character):04x}" for character in LONG)
    content = (
        '{"success": false, "error": "bad token %s", "error_info": "%s",'
        ' "errors": {"%s": ["%s"]}}' % (escaped, escaped, escaped, escaped)
    ).encode()
    response = httpx.Response(
        401, content=content, headers={"content-type": "application/json"}
    )
    with answering(response) as client:
        with pytest.raises(AuthenticationError) as raised:
            client.v2.get_activity(id=1)
    error = raised.value
    assert error.error == "bad token ***"
    assert error.error_info == "***"
    assert error.errors == {"***": ["***"]}
    assert error.body == {
        "success": False,
        "error": "bad token ***",
        "error_info": "***",
        "errors": {"***": ["***"]},
    }
    assert str(error) == (
        "GET /api/v2/activities/1 -> 401 Unauthorized: bad token *** ***: *** (***)"
    )


def refusing(request: httpx.Request) -> httpx.Response:
    token = request.headers["x-api-token"]
    raise httpx.ConnectError(f"proxy refused x-api-token: {token}", request=request)


def test_a_transport_error_quoting_the_token_is_not_kept_on_the_error() -> None:
    with PipedriveClient(
        api_token=LONG, transport=httpx.MockTransport(refusing), max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.v2.get_activity(id=1)
    assert raised.value.__cause__ is None
    assert raised.value.__context__ is None
    assert str(raised.value) == (
        "GET /api/v2/activities/1: no response after 1 attempt: "
        "ConnectError: proxy refused x-api-token: ***"
    )


def test_a_transport_error_quoting_the_token_is_not_kept_on_the_error_async() -> None:
    async def call() -> APIConnectionError:
        async with AsyncPipedriveClient(
            api_token=LONG, transport=httpx.MockTransport(refusing), max_retries=0
        ) as client:
            with pytest.raises(APIConnectionError) as raised:
                await client.v2.get_activity(id=1)
        return raised.value

    error = asyncio.run(call())
    assert error.__cause__ is None
    assert error.__context__ is None


def test_a_transport_error_without_a_secret_is_still_the_cause() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with PipedriveClient(
        api_token=LONG, transport=httpx.MockTransport(down), max_retries=0
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.v2.get_activity(id=1)
    assert isinstance(raised.value.__cause__, httpx.ConnectError)


def test_the_packages_log_masks_a_reason_phrase_that_echoes_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        phrase = b"Unauthorized token " + request.headers["x-api-token"].encode()
        return httpx.Response(401, json={}, extensions={"reason_phrase": phrase})

    caplog.set_level(logging.DEBUG, logger="pipedrive_client")
    with PipedriveClient(api_token=LONG, transport=httpx.MockTransport(echo)) as client:
        with pytest.raises(AuthenticationError):
            client.v2.get_activity(id=1)
    ours = [r.getMessage() for r in caplog.records if r.name == "pipedrive_client"]
    assert ours == [
        "GET https://api.pipedrive.com/api/v2/activities/1 -> 401 Unauthorized token ***"
    ]


def echoing_headers(request: httpx.Request, status: int) -> httpx.Response:
    token = request.headers["x-api-token"]
    return httpx.Response(
        status,
        json={"success": True, "data": None},
        headers={
            "Location": f"https://api.pipedrive.com/login?page=2&api_token={token}",
            "Link": "<https://example.org/next?token=abc123xyz&page=3>",
            "x-debug-echo": f"key={token}",
            "x-request-id": "req-1",
        },
    )


def test_a_raw_responses_repr_masks_headers_that_echo_a_secret() -> None:
    shown = (
        "headers={'location': 'https://api.pipedrive.com/login?page=2&api_token=***', "
        "'link': '<https://example.org/next?token=***&page=3>', "
        "'x-debug-echo': 'key=***', 'x-request-id': 'req-1', "
    )
    with PipedriveClient(
        api_token=LONG,
        transport=httpx.MockTransport(lambda request: echoing_headers(request, 200)),
    ) as client:
        result = client.v2.get_activity(id=1)
    assert shown in repr(raw_response(result))
    assert raw_response(result).headers["x-debug-echo"] == f"key={LONG}"  # as it came
    with PipedriveClient(
        api_token=LONG,
        transport=httpx.MockTransport(lambda request: echoing_headers(request, 302)),
    ) as client:
        with pytest.raises(Exception) as raised:
            client.v2.get_activity(id=1)
    response = getattr(raised.value, "response")
    assert shown in repr(response)
    assert leaked_part(repr(response)) is None


def raised_by(
    handler: Callable[[httpx.Request], httpx.Response],
    add: bool = False,
    **options: Any,
) -> Any:
    with PipedriveClient(
        api_token=LONG, transport=httpx.MockTransport(handler), **options
    ) as client:
        with pytest.raises(Exception) as raised:
            if add:
                client.v1.add_activity(subject="Call", done=2)  # type: ignore[arg-type]
            else:
                client.v2.get_activity(id=1)
    return raised.value


def status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    def answer(request: httpx.Request) -> httpx.Response:
        token = request.headers["x-api-token"]
        return httpx.Response(
            code,
            json={"success": False, "error": f"bad {token}", "errorCode": code},
            headers={"x-request-id": "req-9", "x-echo": token, "Retry-After": "7"},
        )

    return answer


def every_error() -> list[Any]:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def misfit(request: httpx.Request) -> httpx.Response:
        token = request.headers["x-api-token"]
        return httpx.Response(200, json={"success": True, "data": {"id": token}})

    def ok(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"success": True, "data": None})

    try:
        ensure_request("addActivity", {"done": 2})
    except InvalidBody as error:
        invalid = error
    return [
        raised_by(status(404), max_retries=0),
        raised_by(status(500), max_retries=0),
        raised_by(status(418), max_retries=0),
        raised_by(down, max_retries=0),
        raised_by(slow, max_retries=0),
        raised_by(misfit, validate_responses=True),
        raised_by(ok, add=True),
        invalid,
    ]


READ = (
    "args status_code error error_info code errors body request_id issues subject"
    " method url"
).split()


@pytest.mark.parametrize("copy_of", ["pickle", "deepcopy"])
def test_every_error_survives_pickle_and_deepcopy_without_a_secret(
    copy_of: str,
) -> None:
    errors = every_error()
    assert [type(error).__name__ for error in errors] == [
        "NotFoundError",
        "ServerError",
        "APIStatusError",
        "APIConnectionError",
        "APITimeoutError",
        "ResponseValidationError",
        "RequestValidationError",
        "InvalidBody",
    ]
    for error in errors:
        pickled = pickle.dumps(error)
        assert leaked_part(pickled.decode("latin-1")) is None, type(error)
        copy = pickle.loads(pickled) if copy_of == "pickle" else deepcopy(error)
        assert type(copy) is type(error)
        assert str(copy) == str(error)
        for name in READ:
            assert getattr(copy, name, None) == getattr(error, name, None), name
        response = getattr(error, "response", None)
        if response is None:
            continue
        shown = copy.response
        assert (shown.status_code, shown.reason_phrase, shown.url) == (
            response.status_code,
            response.reason_phrase,
            response.url,
        )
        assert shown.request_id == response.request_id
        assert shown.rate_limit == response.rate_limit == copy.rate_limit
        assert shown.rate_limit.retry_after == 7.0 or response.status_code == 200
        # the same headers shown (the body is shorter by its masked echoes)
        assert (
            repr(shown).split(", content=")[0] == repr(response).split(", content=")[0]
        )
        assert leaked_part(repr(vars(copy))) is None
        assert shown.content == response.content.replace(LONG.encode(), b"***")
        assert shown.headers.get("x-echo") in (None, "***")


@pytest.mark.filterwarnings("ignore::pipedrive_client.ResponseMismatchWarning")
def test_a_page_the_walk_refuses_masks_an_echoed_token_in_its_issues() -> None:
    """A page whose next_start echoes the caller's token is refused with the token
    masked in the error's issues (and a pickled copy), as validate_responses masks
    them, not only in its text (fuzzH/03)."""
    page = {
        "data": [{"id": 1}],
        "additional_data": {
            "pagination": {"more_items_in_collection": True, "next_start": LONG}
        },
    }
    with answering(httpx.Response(200, json=page)) as client:
        with pytest.raises(ResponseValidationError) as raised:
            list(client.v1.iter_get_activities())
    error = raised.value
    assert [issue.value for issue in error.issues] == ['"***"']
    copy = pickle.loads(pickle.dumps(error))
    for text in (str(error), repr(error.issues), repr(copy.__dict__)):
        assert leaked_part(text) is None, text
