"""The bodies of the hand-written cassettes, each made from a documented example."""

from __future__ import annotations

import copy
from typing import Any

RATE_LIMITED = (
    ("content-type", "application/json"),
    ("x-daily-requests-left", "9852"),
    ("x-ratelimit-limit", "40"),
    ("x-ratelimit-remaining", "0"),
    ("x-ratelimit-reset", "2"),
)
BAD_GATEWAY = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


def envelope(message: str) -> dict[str, Any]:
    return {
        "success": False,
        "error": message,
        "error_info": "Please check developers.pipedrive.com",
        "data": None,
        "additional_data": None,
    }


def with_data(body: Any, **fields: Any) -> Any:
    body = copy.deepcopy(body)
    body["data"].update(fields)
    return body


def all_day(body: Any) -> Any:
    return with_data(body, due_time="", duration="", busy_flag=False)


def nulls(body: Any, api: str, operation_id: str) -> Any:
    from contract_spec import flatten_schema, response_schema

    _, schema = response_schema(api, operation_id, 200)
    assert schema is not None
    data = flatten_schema(flatten_schema(schema)["properties"]["data"])
    return {"success": True, "data": dict.fromkeys(data["properties"])}


def related_objects(body: Any) -> Any:
    body = copy.deepcopy(body)
    related = body["related_objects"]
    user = related["user"]["1234"]
    related["user"]["1235"] = {**user, "id": 1235, "name": "Assignee", "has_pic": True}
    related["user"]["5596"] = {**user, "id": 5596, "name": "Updater"}
    person = related["person"]["1101"]
    related["person"]["17985"] = {**person, "id": 17985, "name": "Second Person"}
    organization = related["organization"]["5"]
    related["organization"]["6"] = {**organization, "id": 6, "name": "Other Org"}
    deal = related["deal"]["300"]
    related["deal"]["301"] = {**deal, "id": 301, "title": "Other Deal", "value": 12.5}
    return body


def unknown_fields(body: Any) -> Any:
    body = with_data(
        body,
        **{
            "5d3a1b6e2c9f4e8a7b0c1d2e3f4a5b6c7d8e9f0a": "Enterprise",
            "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b": 42,
            "recurrence_rule": None,
            "calendar_sync": {"provider": "google", "synced": True},
        },
    )
    body["data"]["location"]["formatted_address"] = "123 Main St, Sunnyvale, CA 94085"
    body["additional_data"] = {"request_cost": 1}
    return body


def offset_pages(body: Any) -> list[Any]:
    activity = body["data"]
    pages = []
    for start, ids in ((0, (8, 9)), (2, (10, 11)), (4, (12,))):
        more = start < 4
        pagination = {"start": start, "limit": 2, "more_items_in_collection": more}
        if more:
            pagination["next_start"] = start + 2
        pages.append(
            {
                "success": True,
                "data": [
                    {**activity, "id": id_, "subject": f"Call {id_}"} for id_ in ids
                ],
                "related_objects": body["related_objects"],
                "additional_data": {"pagination": pagination},
            }
        )
    return pages


def cursor_pages(body: Any) -> list[Any]:
    activity = body["data"]
    cursors = ("eyJpZCI6M30", "eyJpZCI6NX0", None)
    pages = []
    for ids, cursor in zip(((1, 2), (3, 4), (5,)), cursors, strict=True):
        pages.append(
            {
                "success": True,
                "data": [
                    {**activity, "id": id_, "subject": f"Call {id_}"} for id_ in ids
                ],
                "additional_data": {"next_cursor": cursor},
            }
        )
    return pages
