"""iter_* methods walk every page of v1 offset and v2 cursor lists, sync and async."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from pipedrive_client import (
    AsyncPipedriveClient,
    PipedriveClient,
    ResponseValidationError,
)
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


ITEM = {"id": 1, "subject": "Call"}


def cursor_page(data: Any, next_cursor: Any) -> dict[str, Any]:
    return {
        "success": True,
        "data": data,
        "additional_data": {"next_cursor": next_cursor},
    }


def offset_page(data: Any, next_start: Any) -> dict[str, Any]:
    pagination = {"more_items_in_collection": True, "next_start": next_start}
    return {
        "success": True,
        "data": data,
        "additional_data": {"pagination": pagination},
    }


BODY = "the getActivities 200 response body does not page: "
NEXT_START = "#/additional_data/pagination/next_start"
MALFORMED_PAGES = {
    "data an object": (
        "v2",
        cursor_page({"id": 1}, None),
        BODY + '#/data: type: expected array, got {"id": 1}',
    ),
    "data a string": (
        "v2",
        cursor_page("abc", None),
        BODY + '#/data: type: expected array, got "abc"',
    ),
    "cursor an object": (
        "v2",
        cursor_page([ITEM], {"a": 1}),
        BODY + '#/additional_data/next_cursor: type: expected string, got {"a": 1}',
    ),
    "next_start an object": (
        "v1",
        offset_page([ITEM], {"a": 1}),
        BODY + NEXT_START + ': type: expected integer, got {"a": 1}',
    ),
    "next_start a float": (
        "v1",
        offset_page([ITEM], 1.5),
        BODY + NEXT_START + ": type: expected integer, got 1.5",
    ),
    "next_start a string of digits": (
        "v1",
        offset_page([ITEM], "1"),
        BODY + NEXT_START + ': type: expected integer, got "1"',
    ),
    "next_start a whole float": (
        "v1",
        offset_page([ITEM], 2.0),
        BODY + NEXT_START + ": type: expected integer, got 2.0",
    ),
    "next_start true": (
        "v1",
        offset_page([ITEM], True),
        BODY + NEXT_START + ": type: expected integer, got true",
    ),
    "next_start negative": (
        "v1",
        offset_page([ITEM], -3),
        BODY + NEXT_START + ": minimum: expected >= 0, got -3",
    ),
}


@pytest.mark.filterwarnings("ignore::pipedrive_client.ResponseMismatchWarning")
@pytest.mark.parametrize("case", MALFORMED_PAGES, ids=str)
def test_a_page_the_walk_cannot_go_on_from_is_a_response_validation_error(
    case: str,
) -> None:
    """data that is no list, a cursor that is no string, a next_start that is no
    integer of 0 or more: the error a malformed 2xx gets, naming the place, sync and
    async, after the one page (never a TypeError, never a walk without end)."""
    spec, page, message = MALFORMED_PAGES[case]
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=page)

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        with pytest.raises(ResponseValidationError) as raised:
            list(getattr(client, spec).iter_get_activities())
    assert str(raised.value) == message
    assert raised.value.status_code == 200 and len(raised.value.issues) == 1

    async def main() -> None:
        async with AsyncPipedriveClient(
            api_token="t", transport=httpx.MockTransport(handler)
        ) as client:
            with pytest.raises(ResponseValidationError) as raised:
                [item async for item in getattr(client, spec).iter_get_activities()]
        assert str(raised.value) == message

    asyncio.run(main())
    assert len(requests) == 2


# Bodies whose next_start is text, while elsewhere in the bytes the same digits follow
# "next_start" as an integer: an item's own field, and the page's key written with an
# escape (JSON reads "next\u005fstart" as "next_start").
TEXT_NEXT_START_BESIDE_AN_INTEGER = {
    "an item's next_start": b'{"data": [{"id": 1, "next_start": 1}], '
    b'"additional_data": {"pagination": '
    b'{"more_items_in_collection": true, "next_start": "1"}}}',
    "the key spelled with an escape": b'{"data": [{"id": 1, "next_start": 1}], '
    b'"additional_data": {"pagination": '
    b'{"more_items_in_collection": true, "next\\u005fstart": "1"}}}',
}


@pytest.mark.parametrize("case", TEXT_NEXT_START_BESIDE_AN_INTEGER, ids=str)
def test_next_start_is_judged_where_the_page_holds_it(case: str) -> None:
    """The page's own next_start, as the body holds it, decides: text is refused
    though an integer of the same digits follows "next_start" elsewhere in the body."""
    content = TEXT_NEXT_START_BESIDE_AN_INTEGER[case]
    assert json.loads(content)["additional_data"]["pagination"]["next_start"] == "1"

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json"}
        return httpx.Response(200, content=content, headers=headers)

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        with pytest.raises(ResponseValidationError) as raised:
            list(client.v1.iter_get_activities())
    assert str(raised.value) == BODY + NEXT_START + ': type: expected integer, got "1"'


UNREAD_PAGES = {
    "an HTML page": (b"<html>maintenance</html>", "no JSON"),
    "trailing text": (json.dumps(offset_page([ITEM], 1)).encode() + b" x", "no JSON"),
    "an integer of 5000 digits": (
        json.dumps(offset_page([ITEM], 1)).replace("1}}", "9" * 5000 + "}}").encode(),
        "no JSON",
    ),
    "nested past the decoder": (
        b"[" * 100_000 + b"]" * 100_000,
        "JSON nested too deeply",
    ),
    # JSON that json.loads reads from the top of the stack, but not from the client's
    # (fuzzH/07): nested too deeply as well, not "no JSON".
    "nested as deep as the decoder goes": (
        b'{"data": [{"id": 1}], "additional_data": {"x": '
        + b"[" * 990
        + b"]" * 990
        + b', "pagination": {"more_items_in_collection": true, "next_start": 2}}}',
        "JSON nested too deeply",
    ),
    "a list": (b"[1, 2]", "array"),
    "null": (b"null", "null"),
    "a string": (b'"ok"', "string"),
}


@pytest.mark.filterwarnings("ignore::pipedrive_client.ResponseMismatchWarning")
@pytest.mark.parametrize("spec", ["v1", "v2"])
@pytest.mark.parametrize("case", UNREAD_PAGES, ids=str)
def test_a_page_that_is_no_json_object_is_a_response_validation_error(
    case: str, spec: str
) -> None:
    """A 2xx page the client could not read at all (a proxy's HTML page, JSON with
    text after it, an integer of too many digits, nesting past the decoder, no object)
    is returned empty when validate_responses is off: the walk refuses it instead of
    ending as if the collection had no more items, sync and async."""
    content, shown = UNREAD_PAGES[case]
    message = BODY + f"#: type: expected object, got {shown}"

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-type": "application/json"}
        return httpx.Response(200, content=content, headers=headers)

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        with pytest.raises(ResponseValidationError) as raised:
            list(getattr(client, spec).iter_get_activities())
    assert str(raised.value) == message and raised.value.status_code == 200

    async def main() -> None:
        async with AsyncPipedriveClient(
            api_token="t", transport=httpx.MockTransport(handler)
        ) as client:
            with pytest.raises(ResponseValidationError) as raised:
                [item async for item in getattr(client, spec).iter_get_activities()]
        assert str(raised.value) == message

    asyncio.run(main())


@pytest.mark.parametrize("spec", ["v1", "v2"])
def test_an_empty_page_ends_the_walk(spec: str) -> None:
    """A page with no items ends the walk, though it points to a next page that is
    new every time (a cursor or a start never seen)."""
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        assert len(requests) <= 10, "the walk does not end"
        n = len(requests)
        if n == 1:  # one page of items first
            data: list[Any] = [ITEM]
        else:
            data = []
        if spec == "v1":
            return httpx.Response(200, json=offset_page(data, n * 10))
        return httpx.Response(200, json=cursor_page(data, f"c{n}"))

    with PipedriveClient(
        api_token="t", transport=httpx.MockTransport(handler)
    ) as client:
        assert [item.id for item in getattr(client, spec).iter_get_activities()] == [1]
    assert len(requests) == 2

    async def main() -> list[Any]:
        async with AsyncPipedriveClient(
            api_token="t", transport=httpx.MockTransport(handler)
        ) as client:
            return [i.id async for i in getattr(client, spec).iter_get_activities()]

    requests.clear()
    assert asyncio.run(main()) == [1]
    assert len(requests) == 2
