"""Base class of every generated request model, and the types of its formatted strings.

Request models are strict: a wrong type or an unknown field is refused, so a
typo is never sent silently. Fields the spec does not name (Pipedrive's
custom-field hash keys, for instance) travel only through the one explicit
door, :meth:`RequestModel.with_extra_fields`. As response models
(``_models.py``), they take either a property's snake_case name or the spec's, and
serialize by the spec's.

Apart from ``_models.py`` for import time: a call that sends no body never loads
this module, nor the pydantic serializer machinery ``with_extra_fields`` needs
(about 2 ms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal, Self, get_args, get_origin
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic_core import PydanticCustomError

from ._checks import UUID as UUID_TEXT
from ._checks import is_date, is_date_time


class RequestModel(BaseModel):
    """A body the client sends: strict types, no unknown fields."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        serialize_by_alias=True,
        validate_assignment=True,
        defer_build=True,
        # A NaN or an infinity dumps as itself, not as null: JSON has neither, so the
        # client refuses to send it rather than sending null in its place.
        ser_json_inf_nan="constants",
        # A spec's ``model_dump_x`` is a field like any other: no namespace is
        # pydantic's (its own attributes are never fields: they take ``_``).
        protected_namespaces=(),
    )

    _extra_fields: dict[str, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any, /) -> None:
        # A discriminator's tag (a ``Literal`` field whose default is one of its
        # values) is sent even when the caller leaves it to its default.
        for name in _tag_fields(type(self)):
            self.__pydantic_fields_set__.add(name)

    def with_extra_fields(self, fields: Mapping[str, Any]) -> Self:
        """Return a copy that also sends ``fields``, which the spec does not name.

        This is the one way to send keys the spec does not declare, such as
        Pipedrive's custom fields (``{"d4de...": "value"}``). A key that *is* a
        declared field is refused: set the field itself instead.
        """
        declared = {
            field.alias or name for name, field in type(self).model_fields.items()
        } | set(type(self).model_fields)
        clash = sorted(key for key in fields if key in declared)
        if clash:
            raise ValueError(
                f"{type(self).__name__} declares {', '.join(clash)}; "
                "set it as a field, not as an extra field"
            )
        copy = self.model_copy()
        copy._extra_fields = {**self._extra_fields, **fields}
        return copy

    @property
    def extra_fields(self) -> Mapping[str, Any]:
        """The undeclared fields added with :meth:`with_extra_fields`."""
        return dict(self._extra_fields)

    @model_serializer(mode="wrap")
    def _serialize_with_extra_fields(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        data = handler(self)
        if isinstance(data, dict) and self._extra_fields:
            data.update(self._extra_fields)
        return data


@cache
def _tag_fields(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(
        name
        for name, field in model.model_fields.items()
        if get_origin(field.annotation) is Literal
        and field.default in get_args(field.annotation)
    )


# A request field of ``format: date``, ``date-time`` or ``uuid`` takes the Python value
# or the spec's own text for it (``"2026-12-01"``), checked as the validators check it
# and sent as given.
# Its error is of type ``format`` (the spec's keyword), its context the format's name.
def _wire_text(format: str, what: str, valid: Callable[[str], bool]) -> BeforeValidator:
    def checked(value: Any) -> Any:
        if isinstance(value, str) and not valid(value):
            raise PydanticCustomError(
                "format",
                "{text} is not {what}",
                {"text": repr(value), "what": what, "format": format},
            )
        return value

    return BeforeValidator(checked)


WireDate = Annotated[date | str, _wire_text("date", "a date (YYYY-MM-DD)", is_date)]
WireDateTime = Annotated[
    datetime | str,
    _wire_text(
        "date-time", "a date-time (RFC 3339: YYYY-MM-DDTHH:MM:SSZ)", is_date_time
    ),
]
WireUUID = Annotated[
    UUID | str,
    _wire_text("uuid", "a UUID", lambda text: UUID_TEXT.fullmatch(text) is not None),
]
