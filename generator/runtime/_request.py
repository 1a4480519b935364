"""Turning an operation and its arguments into URL, query and body, Pipedrive's way.

Query values: ``True``/``False`` become ``true``/``false``; dates, times and
datetimes their ISO format; enums their value; lists comma-separated (OpenAPI's
``form`` style unexploded; an ``Exploded`` list goes as one parameter per item,
as the spec's default asks); ``None`` (and an empty list) leaves the parameter
out. Path values are first checked against the type the spec declares (an ``int``
path parameter takes an ``int``, never ``".."``), then encoded the same way and
percent-encoded whole (a ``/`` included); a value that is empty or holds a dot
segment (``.``, ``..``, ``../x``) is refused, so that no value can change which
endpoint a request reaches, whatever a server decodes. JSON bodies come from a pydantic model (``by_alias``,
``exclude_unset``), a plain mapping or list, or a scalar (text, a number, a bool, a
date, time or uuid: ``"hello"`` goes as the JSON text ``"hello"``); ``None`` sends no
body, :data:`NULL` the JSON text ``null`` (where the spec lets the body be null; inside
a body it is ``null`` as ``None`` is, and no form, query or path value).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import Enum
from functools import cache, lru_cache
from typing import Any, Final
from urllib.parse import quote
from uuid import UUID

from pydantic import BaseModel, ConfigDict, TypeAdapter
from pydantic_core import SchemaSerializer, core_schema

# A path's placeholder, as text: compiled (and cached by ``re``) on first use, not each
# time the client is imported.
_PLACEHOLDER = r"\{([^{}]+)\}"


@cache
def any_adapter() -> TypeAdapter[Any]:
    """What dumps a mapping or list of models as JSON data (built on first use)."""
    return TypeAdapter(Any)


@cache
def body_adapter() -> TypeAdapter[Any]:
    """What dumps a mapping or list body as JSON data, a NaN or an infinity as itself
    (which JSON has not, so that the body is refused, not sent with a null)."""
    return TypeAdapter(Any, config=ConfigDict(ser_json_inf_nan="constants"))


class JsonNull(Enum):
    """The type of :data:`NULL`, which a method whose request body may be null (the
    spec makes it ``nullable``, or ``type: [..., "null"]``) takes as ``body=`` to send
    the JSON text ``null``: ``None`` sends no body at all.

    Inside a JSON body (``{"a": NULL}``, ``[NULL]``, a model's field) it is the JSON
    ``null``, as ``None`` is there; a form, query or path value has no null, and
    ``NULL`` there is a ``TypeError``. It reads as ``NULL`` and, like ``None``, is
    false."""

    NULL = "null"

    def __repr__(self) -> str:
        return "NULL"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return False


# The context of a form model's dump: it keeps ``NULL`` as it is, to be refused by the
# name of its field.
_FORM_DUMP = object()


def _dumped_null(
    value: JsonNull, info: core_schema.SerializationInfo
) -> JsonNull | None:
    return value if info.context is _FORM_DUMP else None


# Pydantic serializes an object that has a ``__pydantic_serializer__`` with it, before
# it looks at its type: ``NULL`` anywhere in a body it dumps is the JSON ``null``, never
# the enum's value, the text ``"null"`` (in a form model's own fields, ``NULL`` itself).
JsonNull.__pydantic_serializer__ = SchemaSerializer(  # type: ignore[attr-defined]
    core_schema.any_schema(
        serialization=core_schema.plain_serializer_function_ser_schema(
            _dumped_null, info_arg=True
        )
    )
)


NULL: Final = JsonNull.NULL
"""``body=NULL`` sends the JSON text ``null`` as the request body."""


def encode_value(value: object) -> str | None:
    """One query or path value as Pipedrive reads it; ``None`` leaves it out."""
    if value is None:
        return None
    if isinstance(value, Enum):
        if value is NULL:
            raise TypeError(
                "cannot send NULL (the JSON null) as a query, path or form value: "
                "None leaves the value out"
            )
        return encode_value(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [encode_value(item) for item in in_order(value)]
        present = [item for item in items if item is not None]
        return ",".join(present) if present else None
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, (Mapping, BaseModel, bytes)):
        raise TypeError(
            f"cannot send a {type(value).__name__} as a query or path parameter"
        )
    return str(value)


def in_order(items: Iterable[object]) -> list[object]:
    """The items of a list or tuple as given; a set's sorted, as its own order changes
    from run to run."""
    if isinstance(items, (set, frozenset)):
        return sorted(items, key=str)
    return list(items)


class Exploded(tuple[object, ...]):
    """A query array sent as one parameter per item, not as one joined by commas."""

    __slots__ = ()


def encode_query(query: Mapping[str, object] | None) -> tuple[tuple[str, str], ...]:
    """Query parameters in the given order, ``None`` values left out."""
    params: list[tuple[str, str]] = []
    for name, value in (query or {}).items():
        if value is None:  # (most optional parameters of most calls)
            continue
        for item in value if isinstance(value, Exploded) else (value,):
            encoded = encode_value(item)
            if encoded is not None:
                params.append((name, encoded))
    return tuple(params)


def expand_path(
    template: str,
    path_params: Mapping[str, object] | None,
    types: Mapping[str, str] | None = None,
) -> str:
    """``/v1/activities/{id}`` with each placeholder filled and percent-encoded.

    ``types`` names each parameter's declared type (``"int"``, ``"str"``, ``"UUID"``,
    ...: the generated method's annotation); a value of another type is a
    ``TypeError`` and nothing is sent. One walk over the template checks every value:
    missing values are named first (all of them), then unknown ones, then the first
    value that makes no segment.
    """
    path, placeholders, names = split_path(template)
    given = path_params or {}
    declared = types or {}
    missing: list[str] = []
    fault: Exception | None = None
    for name, after in placeholders:
        value = given.get(name)
        if type(value) is int and declared.get(name) == "int":
            path += str(value) + after  # digits and "-": nothing to check or quote
        elif encode_value(value) is None:
            missing.append(name)
        elif fault is None:
            try:
                path += path_segment(name, value, declared.get(name, "Any")) + after
            except (TypeError, ValueError) as error:  # raised once all are seen
                fault = error
    if missing:
        raise ValueError(f"missing path parameter(s): {', '.join(missing)}")
    if len(given) > len(names):  # every name has its value: the others are unknown
        unknown = sorted(set(given) - names)
        raise ValueError(f"unknown path parameter(s): {', '.join(unknown)}")
    if fault is not None:
        raise fault
    return path


@lru_cache(maxsize=4096)
def split_path(
    template: str,
) -> tuple[str, tuple[tuple[str, str], ...], frozenset[str]]:
    """A path template as its first literal part, each placeholder's name with the
    literal part after it, and the names (``("/activities/", (("id", ""),),
    {"id"})``); a name used twice is filled twice."""
    parts = re.split(_PLACEHOLDER, template)
    names = parts[1::2]
    return parts[0], tuple(zip(names, parts[2::2])), frozenset(names)


# What a path value of each declared type may be (bool is an int to Python, never to
# the spec); a type not listed (an enum's, "Any") takes any value encode_value takes.
_PATH_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "str": (str, Enum),
    "UUID": (UUID, str),
    "date": (date, str),
    "datetime": (datetime, str),
}
_DOT_SEGMENTS = frozenset({".", ".."})


def path_segment(name: str, value: object, declared: str = "Any") -> str:
    """One path value, checked against its ``declared`` type, as one percent-encoded
    path segment."""
    allowed = _PATH_TYPES.get(declared)
    if allowed is not None and (
        not isinstance(value, allowed)
        or (isinstance(value, bool) and declared != "bool")
    ):
        raise TypeError(
            f"path parameter {name!r} is declared {declared}, "
            f"not {type(value).__name__}"
        )
    if declared == "UUID" and isinstance(value, str):
        try:
            value = UUID(value)
        except ValueError:
            raise ValueError(f"path parameter {name!r} is not a UUID") from None
    text = str(encode_value(value))
    if not text:
        raise ValueError(f"path parameter {name!r} is empty")
    if _DOT_SEGMENTS.intersection(text.replace("\\", "/").split("/")):
        raise ValueError(
            f"path parameter {name!r} holds a dot segment ('.' or '..'), which would "
            "change the endpoint"
        )
    return quote(text, safe="")


def join_url(base_url: str, path: str) -> str:
    """The base origin (and any base path) followed by ``path``."""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def encode_body(body: Any) -> bytes | None:
    """The JSON bytes of a request body, or ``None`` for no body.

    A body is a pydantic model (``by_alias``, ``exclude_unset``), a mapping, or a list of
    either, or a JSON scalar: text, a number, a bool, a date, time or uuid (as text).
    One that JSON cannot hold (a NaN, text with a lone surrogate, an object pydantic
    cannot serialize) is a ``ValueError``.
    """
    if body is None:
        return None
    if isinstance(body, BaseModel):
        data = body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    elif isinstance(body, (Mapping, list, tuple, *_SCALARS)):
        data = body_adapter().dump_python(
            body, mode="json", by_alias=True, exclude_unset=True
        )
    else:
        raise TypeError(
            f"a request body must be a pydantic model, a mapping, a list or a JSON "
            f"scalar, not {type(body).__name__}"
        )
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode()


# The scalars a JSON body may be (a ``datetime`` is a ``date``).
_SCALARS = (str, bool, int, float, date, time, UUID)
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def media_type(content_type: str) -> str:
    """``application/json`` of ``application/json; charset=utf-8``."""
    return content_type.split(";")[0].strip().lower()


def is_json(content_type: str) -> bool:
    """Whether the spec's schemas describe a body of this type (as the generator
    decides it: JSON, ``+json`` or any type)."""
    media = media_type(content_type)
    return media in ("application/json", "*/*") or media.endswith("+json")


def request_content(
    body: Any, content_type: str, nullable: bool = False
) -> dict[str, Any]:
    """Keyword arguments of ``httpx.build_request`` that carry ``body`` as ``content_type``.

    JSON as above, text included (``"hello"`` as ``"hello"``), :data:`NULL` as ``null``
    where the body is ``nullable`` (a ``TypeError`` elsewhere); ``bytes`` as they are,
    and text as UTF-8 for a media type that is not JSON; a form
    (``application/x-www-form-urlencoded``) or ``multipart/form-data`` from a model or
    mapping, each value encoded as in a query, ``bytes`` values sent as files in a
    multipart body.
    """
    if body is None:  # nothing to send, whatever the media type
        return {}
    media = media_type(content_type)
    form = media in (FORM, MULTIPART)
    if body is NULL:
        if form:
            raise TypeError(
                f"a {media} request body cannot be null (NULL is the JSON null; None "
                "sends no body)"
            )
        if not nullable:
            raise TypeError(
                "this request body may not be null: the spec does not make it "
                "nullable"
            )
        return {"content": b"null", "headers": {"Content-Type": "application/json"}}
    if isinstance(body, bytes) and not form:  # sent as given
        return {"content": body, "headers": {"Content-Type": content_type}}
    if isinstance(body, str) and not form and not is_json(content_type):  # text
        return {
            "content": body.encode("utf-8"),
            "headers": {"Content-Type": content_type},
        }
    if not form:
        content = encode_body(body)
        if content is None:
            return {}
        return {"content": content, "headers": {"Content-Type": "application/json"}}
    if isinstance(body, BaseModel):
        # Through the model's serializer, like a JSON body: the fields set, in the
        # model's order, and the extra fields of ``with_extra_fields`` (a NULL kept).
        items = body.model_dump(by_alias=True, exclude_unset=True, context=_FORM_DUMP)
    elif isinstance(body, Mapping):
        items = dict(body)
    else:
        raise TypeError(
            f"a form body must be a model or a mapping, not {type(body).__name__}"
        )
    data: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for name, value in items.items():
        if value is NULL:
            if isinstance(body, BaseModel):
                name = _attribute(body, name)
            raise TypeError(
                f"form field {name!r} cannot be NULL (the JSON null): a form has no "
                "null; None leaves the field out"
            )
        if isinstance(value, bytes):
            files[name] = (name, value)
            continue
        if isinstance(value, (BaseModel, Mapping)):
            value = json.dumps(
                any_adapter().dump_python(value, mode="json", by_alias=True)
            )
        encoded = encode_value(value)
        if encoded is not None:
            data[name] = encoded
    if media == MULTIPART or files:
        return {"data": data, "files": files}
    return {"data": data}


def _attribute(model: BaseModel, alias: str) -> str:
    """The attribute of ``model`` its dump writes as ``alias``."""
    for name, field in type(model).model_fields.items():
        if alias in (field.serialization_alias, field.alias):
            return name
    return alias
