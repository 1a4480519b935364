"""A response whose body does not decode as its Content-Encoding says (httpx's
DecodingError, which is no TransportError) is the client's APIConnectionError, sync and
async, for a 2xx, an error status and the token endpoint alike, and is not retried."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from pipedrive_client import (
    APIConnectionError,
    AsyncPipedriveClient,
    OAuthCredentials,
    PipedriveClient,
)

UNDECODABLE = (
    "response body does not decode as its Content-Encoding says: DecodingError"
)
GZIP = f"{UNDECODABLE}: Error -3 while decompressing data: incorrect header check"
CREDENTIALS = OAuthCredentials("app-id", "app-secret-42", "https://example.org/cb")


class Liar:
    """Answers every request with ``status``, a body that is not what its
    Content-Encoding says, and keeps the requests."""

    def __init__(self, status: int) -> None:
        self.status = status
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(
            self.status,
            content=b'{"success": true, "data": null}',
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )


@pytest.mark.parametrize("status", [200, 404, 503])
def test_a_body_that_does_not_decode_is_a_connection_error(status: int) -> None:
    liar, sleeps = Liar(status), list[float]()
    with PipedriveClient(
        api_token="token-0123", transport=httpx.MockTransport(liar), sleep=sleeps.append
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.v2.get_activity(id=1)
    assert str(raised.value) == f"GET /api/v2/activities/1: {GZIP}"
    assert raised.value.method == "GET"
    assert raised.value.url == "https://api.pipedrive.com/api/v2/activities/1"
    assert len(liar.requests) == 1 and sleeps == []  # not retried

    async def main() -> None:
        liar = Liar(status)
        async with AsyncPipedriveClient(
            api_token="token-0123", transport=httpx.MockTransport(liar)
        ) as client:
            with pytest.raises(APIConnectionError) as raised:
                await client.v1.add_activity(subject="Call")
        assert str(raised.value) == f"POST /v1/activities: {GZIP}"
        assert len(liar.requests) == 1

    asyncio.run(main())


def test_a_token_answer_that_does_not_decode_is_a_connection_error() -> None:
    with PipedriveClient(
        oauth=CREDENTIALS, transport=httpx.MockTransport(Liar(200))
    ) as client:
        with pytest.raises(APIConnectionError) as raised:
            client.exchange_code("the-code")
    assert str(raised.value) == f"POST /oauth/token: {GZIP}"
