"""Opt-in checks of bodies against the spec with the generated validators.

``PipedriveClient(validate_requests=True)`` checks every JSON request body before it is
sent; ``validate_responses=True`` checks every response body before it is parsed. The
validators module of the operation's spec is imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from importlib import import_module
from typing import Any

from ._errors import PipedriveError, ResponseValidationError
from ._errors import _one_line as one_line
from ._issues import InvalidBody, Issue
from ._operation import Operation
from ._redact import Secret
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
        subject = f"the {operation.operation_id} {raw.status_code} response body"
        raise ResponseValidationError(
            one_line(describe(subject, issues), secrets),
            response=raw,
            subject=subject,
            issues=issues,
        )


_DECODABLE = "JSON that Python decodes (about 1,000 levels of nesting at most)"


def _validators(operation: Operation) -> Any:
    return import_module(operation.validators) if operation.validators else None


def describe(subject: str, issues: Sequence[Issue]) -> str:
    shown = "; ".join(str(issue) for issue in issues[:5])
    more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
    return f"{subject} does not match the spec: {shown}{more}"
