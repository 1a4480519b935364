"""iter_* methods walk every page of v1 offset and v2 cursor lists, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from pipedrive_client import AsyncPipedriveClient, PipedriveClient
from pipedrive_client.v1 import models as v1
from pipedrive_client.v2 import models as v2


def v1_pages(request: httpx.Request) -> httpx.Response:
    start = int(request.url.params.get("start", "0"))
    assert request.url.params["user_id"] == "0" and request.url.params["limit"] == "2"
    ids = [start + 1, start + 2]
    more = start < 4
    pagination = {"start": start, "limit": 2, "more_items_in_collection": more}
    if more:
        pagination["next_start"] = start + 2
    body = {
        "success": True,
        "data": [{"id": i} for i in ids],
        "additional_data": {"pagination": pagination},
    }
    return httpx.Response(200, json=body)


def v2_pages(request: httpx.Request) -> httpx.Response:
    cursor = request.url.params.get("cursor")
    assert request.url.params["owner_id"] == "7"
    page = {None: 0, "c1": 1, "c2": 2}[cursor]
    next_cursor = {0: "c1", 1: "c2", 2: None}[page]
    body = {
        "success": True,
        "data": [{"id": page * 10 + 1}, {"id": page * 10 + 2}],
        "additional_data": {"next_cursor": next_cursor},
    }
    return httpx.Response(200, json=body)


def test_v1_offset_pages_sync() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return v1_pages(request)

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        items = list(client.v1.iter_get_activities(user_id=0, limit=2))
    assert all(isinstance(item, v1.Activity) for item in items)
    assert [item.id for item in items] == [1, 2, 3, 4, 5, 6]
    assert [r.url.params.get("start") for r in seen] == [None, "2", "4"]


def test_v2_cursor_pages_sync() -> None:
    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(v2_pages)
    ) as client:
        items = list(client.v2.iter_get_activities(owner_id=7))
    assert all(isinstance(item, v2.ActivityItem) for item in items)
    assert [item.id for item in items] == [1, 2, 11, 12, 21, 22]


def test_both_styles_async() -> None:
    async def run() -> tuple[list[Any], list[Any]]:
        async with AsyncPipedriveClient(
            api_token="t", transport=httpx.MockTransport(v1_pages)
        ) as c1:
            first = [
                item.id async for item in c1.v1.iter_get_activities(user_id=0, limit=2)
            ]
        async with AsyncPipedriveClient(
            api_token="t", transport=httpx.MockTransport(v2_pages)
        ) as c2:
            second = [item.id async for item in c2.v2.iter_get_activities(owner_id=7)]
        return first, second

    assert asyncio.run(run()) == ([1, 2, 3, 4, 5, 6], [1, 2, 11, 12, 21, 22])
