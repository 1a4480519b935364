"""Helpers of generated operation methods: keyword arguments into a request."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote
from uuid import UUID

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from ._issues import MISSING, Issue, Path, json_pointer, masked_issue
from ._redact import masker
from ._request import Exploded, any_adapter, encode_value, in_order
from ._security import cookie_header
from ._validation import RequestValidationError, describe

if TYPE_CHECKING:
    from ._base import BaseClient

# What a cookie value may hold as it is (RFC 6265's cookie-octet, less ``%``).
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"
# A value to check, where it sits, the rule it breaks and what the rule wants; shown
# (as an Issue) only when the check fails, masked by the client that sends it.
_Problem = tuple[Path, str, str, object]


def request_body(
    client: BaseClient[Any],
    model: type[BaseModel] | TypeAdapter[Any],
    body: Any,
    fields: Mapping[str, object],
) -> Any:
    """The body ``client`` is to send: ``body`` as given, or a ``model`` built from the
    field arguments (of a discriminated union, the model the tag argument names).

    Field arguments left at ``None`` are not sent; to send an explicit ``null``, pass a
    model instance as ``body`` with the field set to ``None``. A model that refuses the
    fields is a ``RequestValidationError``, the client's secrets masked in it (and
    pydantic's error, its cause, left out where it shows one).
    """
    given = {name: value for name, value in fields.items() if value is not None}
    if body is not None:
        if given:
            raise TypeError(
                "pass the body or its fields, not both: " + ", ".join(sorted(given))
            )
        return body
    if not given:
        return None
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(given)
        return model.model_validate(given)
    except ValidationError as error:
        refused = error
    named = "request" if isinstance(model, TypeAdapter) else model.__name__
    subject = f"the {named} body"
    mask = masker(client._secrets())
    details = refused.errors(include_url=False)
    issues = body_issues(details, given, mask)
    # pydantic's text shows a long value cut in its middle, where no mask finds a
    # secret: its errors, values whole, say whether one is there.
    errors = repr(details)
    cause = refused if mask(errors) == errors else None
    raise RequestValidationError(
        subject, issues, message=describe(subject, issues)
    ) from cause


# pydantic's error types, as the spec's keywords name the rules they break
_RULES = {
    "missing": "required",
    "extra_forbidden": "additionalProperties",
    "literal_error": "enum",
    "enum": "enum",
    "string_too_short": "minLength",
    "string_too_long": "maxLength",
    "too_short": "minItems",
    "too_long": "maxItems",
    "greater_than_equal": "minimum",
    "less_than_equal": "maximum",
    "greater_than": "exclusiveMinimum",
    "less_than": "exclusiveMaximum",
    "multiple_of": "multipleOf",
    "string_pattern_mismatch": "pattern",
    "format": "format",
    "discriminator": "discriminator",
}
# pydantic's words for a type, as the validators name it
_TYPES = {
    "a valid integer": "integer",
    "a valid number": "number",
    "a valid string": "string",
    "a valid boolean": "boolean",
    "a valid dictionary": "object",
    "a valid list": "array",
    "an instance of UUID": "UUID",
    "an instance of date": "date",
    "an instance of datetime": "date-time",
}
_SHOULD = ("Input should be ", "String should ", "List should ", "Value should ")


def body_issues(
    details: list[ErrorDetails], data: object, mask: Callable[[str], str]
) -> list[Issue]:
    """pydantic's errors (``ValidationError.errors()``) of a body built from ``data``,
    as issues: a JSON pointer into the body (the tags pydantic puts in a union's path
    left out), the rule named as the spec names it, what it expects; the alternatives
    of a union at one place make one issue ("an instance of UUID or a valid string"). ``mask`` hides the client's
    secrets in pointers and values (before a value is cut)."""
    found: dict[tuple[str, str], tuple[Path, list[str], object]] = {}
    for detail in details:
        kind = detail["type"]
        path, value = _located(detail["loc"], data, kind == "missing")
        rule = _RULES.get(kind, "type")
        if kind == "format":
            expected = str(detail.get("ctx", {}).get("format", "a format"))
        elif kind == "missing":
            expected, value = "a value", MISSING
        elif kind == "extra_forbidden":
            expected = "no other property"
        elif kind == "model_type":
            expected = "object"
        else:
            expected = detail["msg"]
            for start in _SHOULD:
                expected = expected.removeprefix(start)
            expected = _TYPES.get(expected, expected)
        where = found.setdefault((json_pointer(path), rule), (path, [], value))
        where[1].append(expected)
    return [
        masked_issue(path, rule, " or ".join(dict.fromkeys(expected)), value, mask)
        for (_, rule), (path, expected, value) in found.items()
    ]


def _located(
    loc: tuple[int | str, ...], data: object, absent: bool
) -> tuple[Path, object]:
    """The path of pydantic's ``loc`` in ``data`` and the value there: parts that name
    no key or index of the data (a union member's tag) are left out."""
    path: Path = ()
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(data, Mapping) and part in data:
            path, data = (path, part), data[part]
        elif isinstance(data, (list, tuple)) and isinstance(part, int):
            if 0 <= part < len(data):
                path, data = (path, part), data[part]
        elif isinstance(data, Mapping) and last and absent:
            path, data = (path, part), None
        elif (
            isinstance(data, BaseModel)
            and isinstance(part, str)
            and hasattr(data, part)
        ):
            path, data = (path, part), getattr(data, part)
    return path, data


def header_values(
    headers: Mapping[str, object], cookies: Mapping[str, object] | None = None
) -> dict[str, str]:
    """Header arguments as OpenAPI's ``simple`` style sends them (an array
    comma-separated, ``true``/``false``), and cookie arguments as one ``Cookie``
    header (``form`` style, each value percent-encoded where a cookie may not hold a
    character); those left at ``None`` are not sent."""
    values = {
        name: text
        for name, text in ((name, encode_value(v)) for name, v in headers.items())
        if text is not None
    }
    sent = {
        name: quote(text, safe=_COOKIE_SAFE)
        for name, text in ((n, encode_value(v)) for n, v in (cookies or {}).items())
        if text is not None
    }
    if sent:
        values["Cookie"] = cookie_header(sent.items())
    return values


def json_text(value: object) -> str | None:
    """A parameter the spec sends as JSON (``content: application/json``), as text;
    ``None`` is not sent."""
    return None if value is None else any_adapter().dump_json(value).decode()


def query_object(
    name: str, value: object, style: str, explode: bool
) -> dict[str, object]:
    """An object in the query as OpenAPI styles it: ``deepObject`` as ``name[key]=value``
    pairs, ``form`` exploded as one parameter per key, ``form`` not exploded as
    ``name=key,value,key,value``; ``None`` sends nothing."""
    if value is None:
        return {}
    data = any_adapter().dump_python(value, mode="json", by_alias=True)
    if style == "deepObject":
        return {f"{name}[{key}]": item for key, item in data.items()}
    if explode:
        return dict(data)
    pairs = [(key, item) for key, item in data.items() if item is not None]
    return {name: [part for pair in pairs for part in pair]}


def exploded(items: Iterable[object] | None) -> Exploded | None:
    """A query array sent as one parameter per item (``ids=1&ids=2``: OpenAPI's
    ``form`` style, exploded, its default); ``None`` or no items send nothing."""
    if items is None:
        return None
    if isinstance(items, (str, bytes)):  # one value, not its characters
        return Exploded((items,))
    return Exploded(in_order(items))


def delimited(items: Iterable[object] | None, delimiter: str) -> str | None:
    """A query array as one parameter, its items joined by ``delimiter`` (OpenAPI's
    ``spaceDelimited`` and ``pipeDelimited`` styles); ``None`` or no items send
    nothing."""
    encoded = [
        text for text in map(encode_value, exploded(items) or ()) if text is not None
    ]
    return delimiter.join(encoded) if encoded else None


@cache
def _wire_formats() -> dict[str, tuple[type, Callable[[str], bool]]]:
    """A parameter of ``format: date``, ``date-time`` or ``uuid`` takes the Python value
    or the spec's own text for it, as a request model's field does (``WireDate``): the
    type of each format's value, and the check of its text (the validators' own, whose
    module, with its patterns, loads when a call first sends such a value)."""
    from ._checks import UUID as UUID_TEXT
    from ._checks import is_date, is_date_time

    return {
        "date": (date, is_date),
        "date-time": (datetime, is_date_time),
        "uuid": (UUID, lambda text: UUID_TEXT.fullmatch(text) is not None),
    }


def wire_value(
    client: BaseClient[Any], where: str, name: str, value: object, format: str
) -> str | None:
    """A parameter's value of ``format`` (``date``, ``date-time``, ``uuid``) as the
    text to send: the Python value in its ISO form, or the spec's text as given once it
    is checked. A value of another type or text of another format is a
    ``RequestValidationError`` naming the parameter (``client``'s secrets masked in
    it), and nothing is sent; ``None`` sends nothing."""
    if value is None:
        return None
    problems: list[_Problem] = []
    text = _wire_text(value, format, (), problems)
    if problems:
        raise _refused(client, where, name, problems)
    return text


def wire_values(
    client: BaseClient[Any], where: str, name: str, values: object, format: str
) -> list[str | None] | None:
    """An array parameter's items of ``format`` as :func:`wire_value` sends each (a
    ``None`` item stays ``None``, a set's items come sorted); ``None`` sends nothing."""
    if values is None:
        return None
    if not isinstance(values, (list, tuple, set, frozenset)):
        raise _refused(client, where, name, [((), "type", "array", values)])
    problems: list[_Problem] = []
    texts = [
        None if item is None else _wire_text(item, format, ((), index), problems)
        for index, item in enumerate(in_order(values))
    ]
    if problems:
        raise _refused(client, where, name, problems)
    return texts


def _wire_text(value: object, format: str, path: Path, problems: list[_Problem]) -> str:
    """The text of one value of ``format``; ``problems`` gets what is wrong with it."""
    kind, valid = _wire_formats()[format]
    if isinstance(value, str):
        if not valid(value):
            problems.append((path, "format", format, value))
        return value
    # A datetime is a date to Python, never to the spec.
    datetime_for_date = kind is date and isinstance(value, datetime)
    if isinstance(value, kind) and not datetime_for_date:
        return str(value) if isinstance(value, UUID) else cast(date, value).isoformat()
    if datetime_for_date:
        problems.append((path, "format", format, value))
    else:
        problems.append((path, "type", f"{kind.__name__} or str", value))
    return ""


def _refused(
    client: BaseClient[Any], where: str, name: str, problems: Sequence[_Problem]
) -> RequestValidationError:
    """The error for a parameter's ``problems``, ``client``'s secrets masked in it."""
    mask = masker(client._secrets())
    issues = [masked_issue(*problem, mask) for problem in problems]
    subject = f"the {where} parameter {name!r}"
    return RequestValidationError(subject, issues, message=describe(subject, issues))
