"""A successful body that does not fit its model, returned all the same.

A 2xx means the server did what was asked: the activity exists, whatever its answer
looks like. Raising a parse error then would lose the result, and a caller who retries
would do the thing twice. So, unless the client was made with
``validate_responses=True``, a body that does not fit is built leniently, the way the
best SDKs do it:

* every part that fits is typed, as a normal parse would type it;
* a part that does not keeps its raw JSON value (a string where a number was declared
  stays a string);
* a map keyed by ids (``dict[int, User]``) keeps the keys that are not ids
  (``"USER_ID"``, as some specs literally name the placeholder) as strings;
* unknown keys are kept as always (``model.model_extra``).

Each place that did not fit is a :class:`ResponseMismatch` on
``raw_response(result).mismatches``, and a :class:`~._errors.ResponseMismatchWarning`
names the operation and the first of them. Nothing here runs for a body that fits.
"""

from __future__ import annotations

import json
import sys
import types
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from typing_extensions import TypeAliasType

from ._error_messages import one_line, where
from ._errors import ResponseMismatchWarning
from ._models import tagged
from ._operation import Operation
from ._redact import Secret
from ._response import NO_JSON, NOT_AS_A_WHOLE, TOO_DEEP, RawResponse

# How many mismatches the warning names; raw_response(result).mismatches has them all.
_SHOWN = 3
# Frames between the warning and the caller's line: the two here, the client's parse,
# its call, the generated method.
_STACK_LEVEL = 6

_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


@dataclass(frozen=True)
class ResponseMismatch:
    """One place where a successful body does not fit its model.

    ``pointer`` is the JSON pointer of the part in the body (``""`` for the body
    itself), ``problem`` what is wrong, as pydantic names it (``int_parsing``,
    ``missing``; ``key: int_parsing`` for a map key that is no id). The part is kept
    in the result as it came.
    """

    pointer: str
    problem: str

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.problem}"


def parse_leniently(
    operation: Operation,
    raw: RawResponse,
    declared: type[BaseModel] | TypeAdapter[Any],
    secrets: Iterable[Secret | str | None] = (),
) -> Any:
    """``raw``'s body as ``declared`` types it, as far as it fits; the rest kept raw.

    Records the mismatches on ``raw`` and warns with :class:`ResponseMismatchWarning`.
    """
    found: list[ResponseMismatch] = []
    empty = declared.model_construct() if isinstance(declared, type) else None
    try:
        data = json.loads(raw.content)
    except ValueError:
        found.append(ResponseMismatch("", NO_JSON))
        result = empty
    except RecursionError:  # JSON nested deeper than Python's decoder goes from here
        found.append(ResponseMismatch("", TOO_DEEP))
        result = empty
    else:
        annotation = declared if isinstance(declared, type) else declared._type
        try:
            result = _fit(annotation, data, "", found)
        except RecursionError:  # typed parts nested deeper than Python recurses
            found[:] = [ResponseMismatch("", TOO_DEEP)]
            result = empty
        if isinstance(declared, type) and not isinstance(result, declared):
            result = empty  # a body that is no object at all (null, a list, a string)
    if not found:  # the whole parse failed, each part fits: a constraint across parts
        found.append(ResponseMismatch("", NOT_AS_A_WHOLE))
    raw.mismatches = tuple(found)
    _warn(operation, raw, declared, secrets)
    return result


def _warn(
    operation: Operation,
    raw: RawResponse,
    declared: type[BaseModel] | TypeAdapter[Any],
    secrets: Iterable[Secret | str | None],
) -> None:
    name = declared.__name__ if isinstance(declared, type) else "its declared type"
    mismatches = raw.mismatches
    shown = ", ".join(str(mismatch) for mismatch in mismatches[:_SHOWN])
    more = f" and {len(mismatches) - _SHOWN} more" if len(mismatches) > _SHOWN else ""
    count = "1 mismatch" if len(mismatches) == 1 else f"{len(mismatches)} mismatches"
    message = one_line(
        f"{operation.operation_id}: {where(raw)} -> {raw.status_code}: body does not "
        f"fit {name}, returned as far as it fits (raw_response(result).mismatches), "
        f"{count}: {shown}{more}",
        secrets,
    )
    warnings.warn(message, ResponseMismatchWarning, stacklevel=_STACK_LEVEL)


def _fit(
    annotation: Any, value: Any, pointer: str, found: list[ResponseMismatch]
) -> Any:
    """``value`` validated as ``annotation``; where it does not fit, its parts are
    fitted one by one, and what fits nowhere is kept as it came."""
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError as exc:
        problem = str(exc.errors(include_url=False)[0]["type"])
    except (TypeError, NameError, RecursionError):  # a type pydantic cannot validate
        problem = "unchecked"
    if value is not None:
        for option in _options(annotation, value):
            if isinstance(value, dict) and _is_model(option):
                return _model(option, value, pointer, found)
            origin = get_origin(option)
            arguments = get_args(option)
            if origin is list and isinstance(value, list):
                item = arguments[0] if arguments else Any
                return [
                    _fit(item, part, f"{pointer}/{index}", found)
                    for index, part in enumerate(value)
                ]
            if origin is dict and isinstance(value, dict) and len(arguments) == 2:
                return _map(arguments[0], arguments[1], value, pointer, found)
    found.append(ResponseMismatch(pointer, problem))
    return value


def _model(
    model: type[BaseModel],
    data: dict[str, Any],
    pointer: str,
    found: list[ResponseMismatch],
) -> BaseModel:
    values: dict[str, Any] = {}
    declared: set[str] = set()
    for name, field in model.model_fields.items():
        key = field.alias if isinstance(field.alias, str) else name
        declared.add(key)
        where = f"{pointer}/{_escape(key)}"
        if key in data:
            annotation: Any = field.annotation
            if field.metadata:  # bounds, lengths, patterns
                annotation = Annotated[(annotation, *field.metadata)]
            values[name] = _fit(annotation, data[key], where, found)
        elif field.is_required():
            found.append(ResponseMismatch(where, "missing"))
    extra = {key: value for key, value in data.items() if key not in declared}
    if extra and model.model_config.get("extra") != "allow":
        found.extend(
            ResponseMismatch(f"{pointer}/{_escape(key)}", "extra") for key in extra
        )
    built = model.model_construct(_fields_set=set(values), **values)
    if model.model_config.get("extra") == "allow":
        object.__setattr__(built, "__pydantic_extra__", extra)
    return built


def _map(
    key_type: Any,
    value_type: Any,
    data: dict[str, Any],
    pointer: str,
    found: list[ResponseMismatch],
) -> dict[Any, Any]:
    keys = _adapter(key_type)
    out: dict[Any, Any] = {}
    for key, value in data.items():
        where = f"{pointer}/{_escape(key)}"
        try:
            typed_key = keys.validate_python(key)
        except ValidationError as exc:
            problem = exc.errors(include_url=False)[0]["type"]
            found.append(ResponseMismatch(where, f"key: {problem}"))
            typed_key = key
        out[typed_key] = _fit(value_type, value, where, found)
    return out


def _options(annotation: Any, value: Any = None) -> list[Any]:
    """The types ``annotation`` allows for ``value``, ``Annotated`` and ``None`` taken
    off, a type alias (a schema that holds itself) read as its type; of a
    discriminated union, the alternative ``value``'s tag picks."""
    if isinstance(annotation, TypeAliasType):
        return _options(_aliased(annotation), value)
    if get_origin(annotation) is Annotated:
        inner, *metadata = get_args(annotation)
        for mark in metadata:
            index = mark.alternative(value) if isinstance(mark, tagged) else None
            if index is not None:
                return _options(get_args(inner)[index], value)
        return _options(inner, value)
    if get_origin(annotation) in (Union, types.UnionType):
        return [
            option
            for part in get_args(annotation)
            for option in _options(part, value)
            if option is not type(None)
        ]
    return [annotation]


def _aliased(alias: TypeAliasType) -> Any:
    """The type an alias stands for: the models write it as a string, which names
    what the alias's own module holds."""
    value = alias.__value__
    if isinstance(value, str) and alias.__module__ in sys.modules:
        namespace = vars(sys.modules[alias.__module__])
        value = eval(value, dict(namespace))  # a type the generator wrote
    return value


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    try:
        return _ADAPTERS[annotation]
    except KeyError:
        adapter = _ADAPTERS[annotation] = TypeAdapter(annotation)
        return adapter
    except TypeError:  # not hashable
        return TypeAdapter(annotation)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")
