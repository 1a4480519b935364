"""Opt-in checks of bodies against the spec with the generated validators.

``PipedriveClient(validate_requests=True)`` checks every JSON request body before it is
sent; ``validate_responses=True`` checks every response body before it is parsed. The
validators module of the operation's spec is imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from importlib import import_module
from typing import Any

from ._errors import PipedriveError, ResponseValidationError
from ._errors import _one_line as one_line
from ._issues import InvalidBody, Issue
from ._issues import _render as render
from ._operation import Operation
from ._redact import Secret, masker
from ._request import is_json
from ._response import RawResponse


class RequestValidationError(PipedriveError, InvalidBody):
    """A request body that breaks the spec; nothing was sent. ``issues`` lists why."""


def check_request(operation: Operation, content: bytes) -> None:
    validators = _validators(operation)
    if validators is None or not is_json(operation.content_type):
        return  # the spec's schemas say nothing of a body that is not JSON
    try:
        body = json.loads(content)
    except ValueError:  # a raw body that is no JSON at all
        text = json.dumps(content[:40].decode("utf-8", "replace"))
        issues = [Issue("", "type", "JSON", text)]
    except RecursionError:  # a raw body nested deeper than Python's decoder goes
        issues = [Issue("", "depth", _DECODABLE, "a body nested deeper")]
    else:
        issues = validators.validate_request(operation.operation_id, body)
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
        issues = validators.validate_response(
            operation.operation_id, raw.status_code, body
        )
        if issues:
            mask = masker(secrets)
            issues = [_masked(found, body, mask) for found in issues]
    if issues:
        subject = f"the {operation.operation_id} {raw.status_code} response body"
        raise ResponseValidationError(
            one_line(describe(subject, issues), secrets),
            response=raw,
            subject=subject,
            issues=issues,
        )


_DECODABLE = "JSON that Python decodes (about 1,000 levels of nesting at most)"


def _masked(found: Issue, body: Any, mask: Callable[[str], str]) -> Issue:
    """``found`` with its value rendered again, ``mask`` applied before the value is
    cut: the validators, which know no secrets, cut an echoed token to a prefix that
    no masking finds."""
    value = _value_at(body, found.pointer)
    if value is not _NOWHERE and render(value) == found.value:
        return found._replace(value=render(value, mask))
    return found._replace(value=mask(found.value))  # "nothing", "a body nested ..."


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
