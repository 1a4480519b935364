"""Walking every page of a list operation, sync or async.

Given a callable that fetches one page for some query parameters and returns
the parsed page, yield each item of every page's ``data`` once:

- ``"offset"`` (v1): ask again with ``start = additional_data.pagination.next_start``
  while ``more_items_in_collection`` is true;
- ``"cursor"`` (v2, v1 ``/collection``): ask again with
  ``cursor = additional_data.next_cursor`` until it is null or missing.

A page may be a pydantic model or the decoded JSON. A page without items, or a next
page that would repeat one already fetched (a cursor seen before, a start that does not
move on), ends the walk instead of looping forever. A page the walk cannot go on from
(a body that is no JSON object, which the client returns empty; ``data`` that is no
list, a cursor that is no string, a ``next_start`` that is no integer of 0 or more) is
refused: ``refuse(page, issue)`` gives the error to raise (the
client's :class:`ResponseValidationError`; by default an :class:`InvalidBody`).
``next_start`` is judged as the body holds it, not as a model took it (``"2"``, ``2.0``
or ``true`` in the body is a model's integer).
"""

from __future__ import annotations

import re
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any

from ._errors import ResponseValidationError
from ._error_messages import one_line
from ._issues import InvalidBody, Issue, issue
from ._operation import PaginationStyle
from ._redact import Secret
from ._response import NO_JSON, NOT_AS_A_WHOLE, TOO_DEEP, raw_response
from ._validation import masked_issues

PageCall = Callable[[dict[str, object]], Any]
AsyncPageCall = Callable[[dict[str, object]], Awaitable[Any]]
# The error for a page the walk cannot go on from, and why.
Refusal = Callable[[Any, Issue], Exception]


def refuse_page(page: Any, problem: Issue) -> Exception:
    """The error for a page the walk cannot go on from, when the caller gives none."""
    return InvalidBody("a page", [problem], message=f"a page does not page: {problem}")


def page_refusal(
    operation_id: str, secrets: Callable[[], Iterable[Secret | str | None]]
) -> Refusal:
    """The client's error for a page of ``operation_id`` the walk cannot go on from: a
    :class:`ResponseValidationError` of the response the page came in (``secrets``
    masked in its text), or an :class:`InvalidBody` where the page is no model the
    client returned."""

    def refuse(page: Any, problem: Issue) -> Exception:
        try:
            raw = raw_response(page)
        except ValueError:
            return refuse_page(page, problem)
        subject = f"the {operation_id} {raw.status_code} response body"
        try:
            body = raw.json()
        except (ValueError, RecursionError):  # the issue says so; it shows no value
            body = None
        # (its value rendered again, masked before it is cut, as the validation's)
        masked = masked_issues([problem], body, secrets())
        message = one_line(f"{subject} does not page: {masked[0]}", secrets())
        return ResponseValidationError(
            message, response=raw, subject=subject, issues=masked
        )

    return refuse


def paginate(
    call_page: PageCall,
    style: PaginationStyle,
    query: Mapping[str, object] | None = None,
    refuse: Refusal = refuse_page,
) -> Iterator[Any]:
    """Every item of every page, fetching pages as the iteration needs them."""
    params: dict[str, object] = dict(query or {})
    fetched = {_position(params)}
    while True:
        page = call_page(dict(params))
        items = page_items(page, refuse)
        yield from items
        following = next_page_query(page, style, params, refuse)
        if not items or following is None or _position(following) in fetched:
            return
        fetched.add(_position(following))
        params = following


async def apaginate(
    call_page: AsyncPageCall,
    style: PaginationStyle,
    query: Mapping[str, object] | None = None,
    refuse: Refusal = refuse_page,
) -> AsyncIterator[Any]:
    """Every item of every page, awaiting pages as the iteration needs them."""
    params: dict[str, object] = dict(query or {})
    fetched = {_position(params)}
    while True:
        page = await call_page(dict(params))
        items = page_items(page, refuse)
        for item in items:
            yield item
        following = next_page_query(page, style, params, refuse)
        if not items or following is None or _position(following) in fetched:
            return
        fetched.add(_position(following))
        params = following


def page_items(page: Any, refuse: Refusal = refuse_page) -> Sequence[Any]:
    """The items of one page: its ``data`` list (nothing if null)."""
    unread = _unread(page)
    if unread is not None:
        raise refuse(page, unread)
    data = _field(page, "data")
    if data is None:
        return ()
    if isinstance(data, (list, tuple)):
        return data
    raise refuse(page, issue(((), "data"), "type", "array", data))


# What a page's body was, by the mismatch a lenient parse found at its root.
_UNREAD = {NO_JSON: "no JSON", TOO_DEEP: "JSON nested too deeply"}
_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "null": type(None),
    "array": list,
    "string": str,
    "boolean": bool,
    "number": (int, float),
}


def _unread(page: Any) -> Issue | None:
    """Why the body of ``page`` (a model the client returned) could not be read at
    all: no JSON (a proxy's HTML page, trailing text, an integer of too many digits),
    nested too deeply, or no object. The client returned it empty, which would end
    the walk as if the collection had no more items."""
    try:
        raw = raw_response(page)
    except ValueError:  # a page the client did not return
        return None
    for mismatch in raw.mismatches:
        if mismatch.pointer or mismatch.problem == NOT_AS_A_WHOLE:
            continue
        shown = _UNREAD.get(mismatch.problem)
        if shown is None:  # JSON, but no object
            body = raw.json()
            shown = next(
                (name for name, kind in _JSON_TYPES.items() if isinstance(body, kind)),
                mismatch.problem,
            )
        return Issue("", "type", "object", shown)
    return None


_NEXT_START = ((((), "additional_data"), "pagination"), "next_start")


def next_page_query(
    page: Any,
    style: PaginationStyle,
    params: Mapping[str, object],
    refuse: Refusal = refuse_page,
) -> dict[str, object] | None:
    """The query of the page after ``page``, or ``None`` if it was the last."""
    additional = _field(page, "additional_data")
    if style == "cursor":
        cursor = _field(additional, "next_cursor")
        if cursor is None or cursor == "":  # (a cursor seen before: paginate stops)
            return None
        if not isinstance(cursor, str):
            where = (((), "additional_data"), "next_cursor")
            raise refuse(page, issue(where, "type", "string", cursor))
        return {**params, "cursor": cursor}
    pagination = _field(additional, "pagination")
    if not _field(pagination, "more_items_in_collection"):
        return None
    next_start = _field(pagination, "next_start")
    if next_start is None:
        return None
    if not isinstance(page, Mapping):  # a model: the value as the body holds it
        next_start = _sent_next_start(page, next_start)
    if not isinstance(next_start, int) or isinstance(next_start, bool):
        raise refuse(page, issue(_NEXT_START, "type", "integer", next_start))
    if next_start < 0:
        raise refuse(page, issue(_NEXT_START, "minimum", ">= 0", next_start))
    current = params.get("start")
    if isinstance(current, int) and next_start <= current:
        return None
    return {**params, "start": next_start}


def _sent_next_start(page: Any, parsed: object) -> object:
    """``next_start`` as the body of the model ``page`` holds it, where the model took
    text, a float or a bool for the integer it holds (``parsed``, kept for a model the
    client did not return). Where the body's bytes show it sent as that integer, as
    they do for any page a server writes plainly, the body is not read again; else it
    is decoded again, as JSON."""
    try:
        raw = raw_response(page)
    except ValueError:  # no response of ours
        return parsed
    if isinstance(parsed, int) and _sent_as_integer(raw.content, parsed):
        return parsed
    try:
        body = raw.json()
    except (ValueError, RecursionError):  # (parsed from it: JSON)
        return parsed
    for name in ("additional_data", "pagination", "next_start"):
        body = body.get(name) if isinstance(body, dict) else None
    return body


# What follows ``next_start`` in a body where it is a key whose value is a JSON integer
# of 0 or more: the key's closing quote and colon, the digits, the end of the value.
_INTEGER_VALUE = re.compile(rb'"[ \t\n\r]*:[ \t\n\r]*(0|[1-9][0-9]*)(?=[ \t\n\r,}\]])')
# A ``\u`` escape of a character from ``_`` to ``\x7f``: the only way to write a key
# that reads ``next_start`` without its letters (``"next\u005fstart"``).
_SPELLED_OUT = re.compile(rb"\\u00[5-7]")


def _sent_as_integer(content: bytes, number: int) -> bool:
    """Whether ``content``, a JSON body a model read ``next_start`` (``number``) from,
    is sure to hold it as the JSON integer ``number``: ``next_start`` appears in it
    once, no escape could write it otherwise (so that once is the key the model read),
    and the digits of ``number`` follow that key as its value. ``False`` where it
    cannot tell (a body that names ``next_start`` twice, or holds such an escape)."""
    at = content.find(b"next_start")
    if at < 0 or content.rfind(b"next_start") != at:
        return False
    value = _INTEGER_VALUE.match(content, at + len(b"next_start"))
    if value is None or value.group(1) != str(number).encode():
        return False
    return _SPELLED_OUT.search(content) is None


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
