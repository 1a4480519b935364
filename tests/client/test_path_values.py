"""Path values cannot reach another endpoint (issue 17, finding 1): each is checked
against its declared type before anything is sent, and a value is one segment, never
a dot segment. Every operation of the full API: tests/breadth/test_full_hostile.py."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from pipedrive_client import AsyncPipedriveClient, PipedriveClient

ACTIVITY = {"success": True, "data": {"id": 1, "subject": "Call"}}


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json=ACTIVITY)


@pytest.mark.parametrize("value", ["..", ".", "", "1", "../v1", True, 1.0, None])
def test_an_int_path_parameter_takes_only_an_int(value: Any) -> None:
    recorder = Recorder()
    with PipedriveClient(
        api_token="token-0123", transport=httpx.MockTransport(recorder)
    ) as client:
        with pytest.raises((TypeError, ValueError), match="id"):
            client.v1.delete_activity(id=value)
        with pytest.raises((TypeError, ValueError), match="id"):
            client.v2.delete_activity(id=value)
    assert recorder.requests == []


def test_async_calls_check_path_values_too() -> None:
    recorder = Recorder()

    async def main() -> None:
        async with AsyncPipedriveClient(
            api_token="token-0123", transport=httpx.MockTransport(recorder)
        ) as client:
            with pytest.raises(
                TypeError, match="path parameter 'id' is declared int, not str"
            ):
                await client.v1.delete_activity(id="..")  # type: ignore[arg-type]
            await client.v1.delete_activity(id=7)

    asyncio.run(main())
    assert [r.url.raw_path for r in recorder.requests] == [b"/v1/activities/7"]
