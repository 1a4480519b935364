"""Opt-in checks of bodies against the spec with the generated validators.

``PipedriveClient(validate_requests=True)`` checks every JSON request body before it is
sent; ``validate_responses=True`` checks every response body before it is parsed. The
validators module of the operation's spec is imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from importlib import import_module
from math import isfinite
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from ._errors import PipedriveError, ResponseValidationError
from ._error_messages import one_line
from ._issues import InvalidBody, Issue, Path, masked_issue, render
from ._operation import Operation
from ._redact import Secret, masker
from ._request import is_json
from ._response import RawResponse


class RequestValidationError(PipedriveError, InvalidBody):
    """A request body that breaks the spec; nothing was sent. ``issues`` lists why."""


def check_request(
    operation: Operation, content: bytes, secrets: Iterable[Secret | str | None]
) -> None:
    """Raise a ``RequestValidationError`` if ``content`` breaks the spec, ``secrets``
    masked in it (a caller may have put a token in a field by mistake)."""
    validators = _validators(operation)
    if validators is None or not is_json(operation.content_type):
        return  # the spec's schemas say nothing of a body that is not JSON
    try:
        body = json.loads(content)
    except ValueError:  # a raw body that is no JSON at all
        text = masker(secrets)(content.decode("utf-8", "replace"))
        issues = [Issue("", "type", "JSON", json.dumps(text[:40]))]
    except RecursionError:  # a raw body nested deeper than Python's decoder goes
        issues = [Issue("", "depth", _DECODABLE, "a body nested deeper")]
    else:
        found = validators.validate_request(operation.operation_id, body)
        issues = masked_issues(found, body, secrets)
    if issues:
        subject = f"the {operation.operation_id} request body"
        raise RequestValidationError(subject, issues, message=describe(subject, issues))


def check_response(
    operation: Operation, raw: RawResponse, secrets: Iterable[Secret | str | None]
) -> None:
    validators = _validators(operation)
    if validators is None or not raw.content.strip():
        return
    try:
        body = raw.json()
    except ValueError:
        return  # not JSON: parsing reports it
    except RecursionError:  # nested deeper than Python's JSON decoder goes
        issues = [Issue("", "depth", _DECODABLE, "a body nested deeper")]
    else:
        found = validators.validate_response(
            operation.operation_id, raw.status_code, body
        )
        issues = masked_issues(found, body, secrets)
    if issues:
        subject = f"the {operation.operation_id} {raw.status_code} response body"
        raise ResponseValidationError(
            one_line(describe(subject, issues), secrets),
            response=raw,
            subject=subject,
            issues=issues,
        )


_DECODABLE = "JSON that Python decodes (about 1,000 levels of nesting at most)"


def masked_issues(
    issues: list[Issue], body: Any, secrets: Iterable[Secret | str | None]
) -> list[Issue]:
    """Each of ``issues`` found in ``body`` :func:`_masked` with ``secrets``."""
    if not issues:
        return issues
    mask = masker(secrets)
    return [_masked(found, body, mask) for found in issues]


def _masked(found: Issue, body: Any, mask: Callable[[str], str]) -> Issue:
    """``found`` with ``mask`` applied to its pointer (a key may be a secret) and its
    value rendered again, ``mask`` applied before the value is cut: the validators,
    which know no secrets, cut an echoed token to a prefix that no masking finds."""
    value = _value_at(body, found.pointer)
    pointer = mask(found.pointer)
    if value is not _NOWHERE and render(value) == found.value:
        return found._replace(pointer=pointer, value=render(value, mask))
    # "nothing", "a body nested ..."
    return found._replace(pointer=pointer, value=mask(found.value))


_NOWHERE: Any = object()


def _value_at(body: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901) of ``body``, or ``_NOWHERE``."""
    value = body
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif (
            isinstance(value, list)
            and key.isascii()
            and key.isdigit()
            and int(key) < len(value)
        ):
            value = value[int(key)]
        else:
            return _NOWHERE
    return value


def _validators(operation: Operation) -> Any:
    return import_module(operation.validators) if operation.validators else None


def describe(subject: str, issues: Sequence[Issue]) -> str:
    shown = "; ".join(str(issue) for issue in issues[:5])
    more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
    return f"{subject} does not match the spec: {shown}{more}"


# -- caller values that cannot be sent at all --

_MAX_DEPTH = 200  # levels of nesting a body may have (pydantic stops at about 254)
# What pydantic writes as JSON as it is, or through its own serializer.
_SENDABLE: tuple[type, ...] = (str, int, float, bool, bytes, date, time, datetime)
_SENDABLE += (timedelta, UUID, Decimal, Enum, BaseModel, Mapping, list, tuple, set)
_SENDABLE += (frozenset,)


def unsendable_body(
    operation: Operation, body: Any, secrets: Iterable[Secret | str | None]
) -> RequestValidationError | None:
    """The error for a request body that could not be written: its first value JSON
    cannot hold (a NaN, an integer of more digits than Python prints, text with a lone
    surrogate, ...), named by its JSON pointer, ``secrets`` masked; ``None`` if no value
    is to blame."""
    mask = masker(secrets)
    problem = _unsendable(body, mask)
    if problem is None:
        return None
    subject = f"the {operation.operation_id} request body"
    return _unsendable_error(subject, problem, mask)


def unsendable_parameter(
    kind: str,
    values: Mapping[str, object] | None,
    secrets: Iterable[Secret | str | None],
) -> RequestValidationError | None:
    """The error for the first of the ``kind`` (``query``, ``path``) parameters that
    cannot be sent (an integer of more digits than Python prints, text with a lone
    surrogate), ``secrets`` masked; ``None`` if each can."""
    mask = masker(secrets)
    for name, value in (values or {}).items():
        problem = _unsendable(value, mask)
        if problem is not None:
            return _unsendable_error(f"the {kind} parameter {name!r}", problem, mask)
    return None


def _unsendable_error(
    subject: str, problem: Issue, mask: Callable[[str], str]
) -> RequestValidationError:
    subject = mask(subject)  # a query name may be a caller's key (``deepObject``)
    return RequestValidationError(
        subject, [problem], message=f"{subject} cannot be sent: {problem}"
    )


def _unsendable(value: object, mask: Callable[[str], str]) -> Issue | None:
    """The first value inside ``value`` that cannot be sent as JSON or as text, as an
    issue (its text escaped, so it can be shown, and ``mask`` applied); ``None`` if
    there is none."""
    pending: list[tuple[Path, object, int, frozenset[int]]] = [((), value, 0, _NONE)]
    while pending:
        path, item, depth, within = pending.pop()
        problem = _unsendable_scalar(path, item, mask)
        if problem is not None:
            return problem
        if isinstance(item, BaseModel):
            item = _members(item)
        if not isinstance(item, (Mapping, list, tuple, set, frozenset)):
            continue
        if id(item) in within:
            expected = "no circular reference"
            return _unsendable_issue(path, "type", expected, "a cycle", mask)
        if depth >= _MAX_DEPTH:
            shallow = path  # named two levels down (``depth`` is the path's length)
            for _ in range(depth - 2):
                shallow = shallow[0]
            expected = f"at most {_MAX_DEPTH} levels of nesting"
            return _unsendable_issue(shallow, "depth", expected, "more", mask)
        inside = within | {id(item)}
        if isinstance(item, Mapping):
            children = [((path, key), child) for key, child in item.items()]
            for key in item:
                if isinstance(key, str) and not _encodes(key):
                    return _unsendable_issue(
                        path, "propertyNames", "UTF-8 text", key, mask
                    )
        else:
            children = [((path, index), child) for index, child in enumerate(item)]
        for child_path, child in reversed(children):
            pending.append((child_path, child, depth + 1, inside))
    return None


_NONE: frozenset[int] = frozenset()


def _unsendable_scalar(
    path: Path, value: object, mask: Callable[[str], str]
) -> Issue | None:
    if isinstance(value, float) and not isfinite(value):
        return _unsendable_issue(path, "type", "a finite number", value, mask)
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            str(value)
        except ValueError:  # more digits than Python prints
            expected = "an integer of at most 4300 digits"
            return _unsendable_issue(path, "type", expected, value, mask)
    if isinstance(value, str) and not _encodes(value):
        expected = "UTF-8 text (no lone surrogate)"
        return _unsendable_issue(path, "type", expected, value, mask)
    if isinstance(value, bytes):
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            expected = "bytes of UTF-8 text"
            return _unsendable_issue(path, "type", expected, value, mask)
    if value is not None and not isinstance(value, _SENDABLE):
        shown = type(value).__name__
        return _unsendable_issue(path, "type", "a JSON value", shown, mask)
    return None


def _members(model: BaseModel) -> dict[str, object]:
    """The fields of ``model`` that are sent, by the names they are sent under (its
    extra fields too), as they are: not dumped, which would fail as sending did."""
    fields = type(model).model_fields
    members: dict[str, object] = {
        (fields[name].alias or name) if name in fields else name: getattr(
            model, name, None
        )
        for name in model.model_fields_set
    }
    members.update(model.model_extra or {})
    extra = getattr(model, "extra_fields", None)  # a request model's, sent as well
    if isinstance(extra, Mapping):
        members.update(extra)
    return members


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unsendable_issue(
    path: Path, rule: str, expected: str, value: object, mask: Callable[[str], str]
) -> Issue:
    """The issue of a value that cannot be sent (:func:`~._issues.masked_issue`), a
    lone surrogate in its pointer or value escaped so that it can be shown."""
    problem = masked_issue(path, rule, expected, value, mask)
    return Issue(
        *(part.encode("utf-8", "backslashreplace").decode() for part in problem)
    )
