"""A received response as the caller gets it: a model, bytes, plain JSON or an error.

:func:`parse_response` turns a :class:`~._response.RawResponse` into what a generated
method returns, by the operation's model for its status: a typed error for a status
that is not 2xx, ``None`` for a success without a body (and for an empty 204 or 205,
whatever the spec declares: HTTP gives them none), the bytes of a download, JSON where
the spec gives no model, else the model (a body that does not fit it is returned as far
as it fits, see ``_lenient.py``, unless responses are validated). It reads nothing but
its arguments; the client (``_base.py``) receives the response and hides the
credentials in its URL first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._error_messages import status_error, validation_error
from ._operation import Operation
from ._redact import Secret
from ._response import RawResponse, attach_raw_response
from ._validation import check_response

# No Content and Reset Content: HTTP gives them no body, whatever the spec declares.
_NO_CONTENT = frozenset({204, 205})


def parse_response(
    operation: Operation,
    raw: RawResponse,
    secrets: Callable[[], tuple[Secret | str | None, ...]],
    *,
    validate: bool,
) -> Any:
    """What the call of ``operation`` that got ``raw`` returns; ``validate``: a body
    its schema refuses raises instead of being returned as far as it fits. ``secrets``
    gives what to mask in any text made of the response (asked only then)."""
    status_code = raw.status_code
    if not httpx.codes.is_success(status_code):
        raise status_error(raw, secrets())
    if validate:
        check_response(operation, raw, secrets())
    if status_code in _NO_CONTENT and not raw.content.strip():
        return None  # even where the spec declares a body: there is none
    model = operation.model_for(status_code)
    if model is None:
        if not raw.content.strip():
            return None
        try:
            return raw.json()
        except ValueError:
            raise validation_error(raw, "JSON", "body is not JSON", secrets()) from None
    if isinstance(model, type) and issubclass(model, bytes):  # a download, as it came
        return raw.content
    if isinstance(model, TypeAdapter):  # not one model: a list, a map, a union
        try:
            parsed = model.validate_json(raw.content)
        except ValidationError as exc:
            if validate:
                raise validation_error(
                    raw, str(model), _summarize(exc), secrets()
                ) from exc
            from ._lenient import parse_leniently  # only for a body that does not fit

            parsed = parse_leniently(operation, raw, model, secrets())
        if isinstance(parsed, BaseModel):  # an alternative of a union
            attach_raw_response(parsed, raw)
        return parsed
    try:
        parsed = model.model_validate_json(raw.content)
    except ValidationError as exc:
        if validate:
            raise validation_error(
                raw, model.__name__, _summarize(exc), secrets()
            ) from exc
        # the server did what was asked: a parse error must not lose the result
        from ._lenient import parse_leniently  # only for a body that does not fit

        parsed = parse_leniently(operation, raw, model, secrets())
    attach_raw_response(parsed, raw)
    return parsed


def _summarize(exc: ValidationError) -> str:
    """A one-line summary that names where the body differs, not what it holds."""
    errors = exc.errors(include_input=False, include_url=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    count = "1 error" if len(errors) == 1 else f"{len(errors)} errors"
    return f"{count}, first at {where}: {first['type']}"
