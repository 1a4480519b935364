"""Walking every page of a list operation, sync or async.

Given a callable that fetches one page for some query parameters and returns
the parsed page, yield each item of every page's ``data`` once:

- ``"offset"`` (v1): ask again with ``start = additional_data.pagination.next_start``
  while ``more_items_in_collection`` is true;
- ``"cursor"`` (v2, v1 ``/collection``): ask again with
  ``cursor = additional_data.next_cursor`` until it is null or missing.

A page may be a pydantic model or the decoded JSON. A next page that would
repeat one already fetched (a cursor seen before, a start that does not move on)
ends the walk instead of looping forever.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from typing import Any

from ._operation import PaginationStyle

PageCall = Callable[[dict[str, object]], Any]
AsyncPageCall = Callable[[dict[str, object]], Awaitable[Any]]


def paginate(
    call_page: PageCall,
    style: PaginationStyle,
    query: Mapping[str, object] | None = None,
) -> Iterator[Any]:
    """Every item of every page, fetching pages as the iteration needs them."""
    params: dict[str, object] = dict(query or {})
    fetched = {_position(params)}
    while True:
        page = call_page(dict(params))
        yield from page_items(page)
        following = next_page_query(page, style, params)
        if following is None or _position(following) in fetched:
            return
        fetched.add(_position(following))
        params = following


async def apaginate(
    call_page: AsyncPageCall,
    style: PaginationStyle,
    query: Mapping[str, object] | None = None,
) -> AsyncIterator[Any]:
    """Every item of every page, awaiting pages as the iteration needs them."""
    params: dict[str, object] = dict(query or {})
    fetched = {_position(params)}
    while True:
        page = await call_page(dict(params))
        for item in page_items(page):
            yield item
        following = next_page_query(page, style, params)
        if following is None or _position(following) in fetched:
            return
        fetched.add(_position(following))
        params = following


def page_items(page: Any) -> Iterable[Any]:
    """The items of one page: its ``data`` list (nothing if null)."""
    data = _field(page, "data")
    if data is None:
        return ()
    if isinstance(data, (list, tuple)):
        return data
    raise TypeError(f"page data is a {type(data).__name__}, not a list")


def next_page_query(
    page: Any, style: PaginationStyle, params: Mapping[str, object]
) -> dict[str, object] | None:
    """The query of the page after ``page``, or ``None`` if it was the last."""
    additional = _field(page, "additional_data")
    if style == "cursor":
        cursor = _field(additional, "next_cursor")
        if cursor is None or cursor == "":  # (a cursor seen before: paginate stops)
            return None
        return {**params, "cursor": cursor}
    pagination = _field(additional, "pagination")
    if not _field(pagination, "more_items_in_collection"):
        return None
    next_start = _field(pagination, "next_start")
    if next_start is None:
        return None
    current = params.get("start")
    if isinstance(current, int) and isinstance(next_start, int):
        if next_start <= current:
            return None
    return {**params, "start": next_start}


def _position(params: Mapping[str, object]) -> str:
    """Where in the collection a page query points."""
    return repr((params.get("start") or 0, params.get("cursor")))


def _field(value: Any, name: str) -> Any:
    """``value.name`` for a model, ``value[name]`` for a mapping, else ``None``."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)
