"""Walking v1 offset pages and v2 cursor pages, sync and async."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from pipedrive_codegen.runtime._pagination import apaginate, paginate
from runtime_support import (
    GET_ACTIVITY,
    LIST_V1,
    LIST_V2,
    Activity,
    async_client,
    json_response,
    sync_client,
)

V1_PAGES: dict[str | None, dict[str, Any]] = {
    None: {"items": [1, 2], "more": True, "next_start": 2},
    "2": {"items": [3, 4], "more": True, "next_start": 4},
    "4": {"items": [5], "more": False, "next_start": None},
}
V2_PAGES: dict[str | None, dict[str, Any]] = {
    None: {"items": [1, 2], "next_cursor": "c2"},
    "c2": {"items": [3, 4], "next_cursor": "c3"},
    "c3": {"items": [5], "next_cursor": None},
}


def v1_page(start: str | None) -> dict[str, Any]:
    page = V1_PAGES[start]
    pagination: dict[str, Any] = {
        "start": int(start or 0),
        "limit": 2,
        "more_items_in_collection": page["more"],
    }
    if page["next_start"] is not None:
        pagination["next_start"] = page["next_start"]
    return {
        "success": True,
        "data": [{"id": n, "subject": f"a{n}"} for n in page["items"]],
        "additional_data": {"pagination": pagination},
    }


def v2_page(cursor: str | None) -> dict[str, Any]:
    page = V2_PAGES[cursor]
    return {
        "success": True,
        "data": [{"id": n, "subject": f"a{n}"} for n in page["items"]],
        "additional_data": {"next_cursor": page["next_cursor"]},
    }


class PagedServer:
    def __init__(self) -> None:
        self.queries: list[dict[str, str]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        params = dict(request.url.params)
        self.queries.append(params)
        assert len(self.queries) <= 10, "the walk does not end"
        if request.url.path == "/v1/activities":
            return json_response(200, v1_page(params.get("start")))
        return json_response(200, v2_page(params.get("cursor")))


def test_v1_offset_pages_yield_every_item_once() -> None:
    server = PagedServer()
    with sync_client(server) as client:
        items = list(client.paginate(LIST_V1, query={"limit": 2, "done": False}))
    assert [item.id for item in items] == [1, 2, 3, 4, 5]
    assert all(isinstance(item, Activity) for item in items)
    assert server.queries == [
        {"limit": "2", "done": "false"},
        {"limit": "2", "done": "false", "start": "2"},
        {"limit": "2", "done": "false", "start": "4"},
    ]


def test_v2_cursor_pages_yield_every_item_once() -> None:
    server = PagedServer()
    with sync_client(server) as client:
        items = list(client.paginate(LIST_V2, query={"limit": 2}))
    assert [item.id for item in items] == [1, 2, 3, 4, 5]
    assert server.queries == [
        {"limit": "2"},
        {"limit": "2", "cursor": "c2"},
        {"limit": "2", "cursor": "c3"},
    ]


def test_async_v1_and_v2_pages_yield_every_item_once() -> None:
    server = PagedServer()

    async def main() -> tuple[list[int], list[int]]:
        async with async_client(server) as client:
            v1 = [item.id async for item in client.paginate(LIST_V1)]
            v2 = [item.id async for item in client.paginate(LIST_V2)]
            return v1, v2

    assert asyncio.run(main()) == ([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    assert [q.get("start") for q in server.queries[:3]] == [None, "2", "4"]
    assert [q.get("cursor") for q in server.queries[3:]] == [None, "c2", "c3"]


def test_pages_are_fetched_only_as_needed() -> None:
    server = PagedServer()
    with sync_client(server) as client:
        iterator = client.paginate(LIST_V2)
        assert server.queries == []
        assert next(iterator).id == 1
        assert next(iterator).id == 2
        assert len(server.queries) == 1
        assert next(iterator).id == 3
        assert len(server.queries) == 2


def test_paginate_over_plain_json_pages() -> None:
    seen: list[dict[str, object]] = []

    def call_page(query: dict[str, object]) -> dict[str, Any]:
        seen.append(query)
        start = query.get("start")
        return v1_page(None if start is None else str(start))

    assert [item["id"] for item in paginate(call_page, "offset")] == [1, 2, 3, 4, 5]
    assert [q.get("start") for q in seen] == [None, 2, 4]


def test_apaginate_over_plain_json_pages() -> None:
    async def call_page(query: dict[str, object]) -> dict[str, Any]:
        cursor = query.get("cursor")
        return v2_page(None if cursor is None else str(cursor))

    async def main() -> list[int]:
        return [item["id"] async for item in apaginate(call_page, "cursor", {})]

    assert asyncio.run(main()) == [1, 2, 3, 4, 5]


def test_v1_stops_when_more_items_is_false_even_with_next_start() -> None:
    pages = [
        {
            "data": [{"id": 1}],
            "additional_data": {
                "pagination": {"more_items_in_collection": False, "next_start": 1}
            },
        }
    ]
    calls: list[dict[str, object]] = []

    def call_page(query: dict[str, object]) -> dict[str, Any]:
        calls.append(query)
        return pages[len(calls) - 1]

    assert list(paginate(call_page, "offset")) == [{"id": 1}]
    assert len(calls) == 1


def test_a_repeated_cursor_or_null_data_ends_the_walk() -> None:
    calls: list[dict[str, object]] = []

    def call_page(query: dict[str, object]) -> dict[str, Any]:
        calls.append(query)
        assert len(calls) <= 3, "the walk does not end"
        return {"data": None, "additional_data": {"next_cursor": "same"}}

    assert list(paginate(call_page, "cursor", {"cursor": "same"})) == []
    assert len(calls) == 1


def scripted(pages: list[dict[str, Any]]) -> tuple[list[dict[str, object]], Any]:
    """A page call answering ``pages`` in turn (at most 10 calls), and its calls."""
    calls: list[dict[str, object]] = []

    def call_page(query: dict[str, object]) -> dict[str, Any]:
        calls.append(query)
        assert len(calls) <= 10, "the walk does not end"
        return pages[(len(calls) - 1) % len(pages)]

    return calls, call_page


def test_a_cursor_cycle_ends_the_walk() -> None:
    pages = [
        {"data": [{"id": 1}], "additional_data": {"next_cursor": "b"}},
        {"data": [{"id": 2}], "additional_data": {"next_cursor": "a"}},
        {"data": [{"id": 3}], "additional_data": {"next_cursor": "b"}},
    ]
    calls, call_page = scripted(pages)
    assert list(paginate(call_page, "cursor", {"cursor": "a"})) == [
        {"id": 1},
        {"id": 2},
    ]
    assert calls == [{"cursor": "a"}, {"cursor": "b"}]


def test_a_first_page_pointing_back_to_start_zero_is_not_fetched_again() -> None:
    # The first page is asked for without ``start``: it is start 0.
    page = {
        "data": [{"id": 1}],
        "additional_data": {
            "pagination": {"more_items_in_collection": True, "next_start": 0}
        },
    }

    async def walk() -> list[Any]:
        async def call_page(query: dict[str, object]) -> dict[str, Any]:
            return call(query)

        return [item async for item in apaginate(call_page, "offset")]

    calls, call = scripted([page])
    assert list(paginate(call, "offset")) == [{"id": 1}]
    assert calls == [{}]
    calls, call = scripted([page])
    assert asyncio.run(walk()) == [{"id": 1}]
    assert calls == [{}]


def test_a_non_paginated_operation_is_refused() -> None:
    with sync_client(PagedServer()) as client:
        with pytest.raises(ValueError, match="not a paginated operation"):
            client.paginate(GET_ACTIVITY)
