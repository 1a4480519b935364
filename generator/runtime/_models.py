"""Base classes of every generated model.

Request models are strict: a wrong type or an unknown field is refused, so a
typo is never sent silently. Fields the spec does not name (Pipedrive's
custom-field hash keys, for instance) travel only through the one explicit
door, :meth:`RequestModel.with_extra_fields`.

Response models are tolerant: ``null`` is accepted in every field, unknown
fields are kept (``model.model_extra``) and enum values the spec does not list
still parse.

Every response model also remembers the HTTP response it was parsed from,
kept beside it (``_response.py``), never in it: it takes no part in equality,
serialisation or validation; read it with ``raw_response(model)``.

A spec's camelCase property is a snake_case attribute whose alias is the spec's
name (``result_code``, alias ``resultCode``): either name is accepted on input,
and models serialize by the spec's names.

Models build their validators on first use (``defer_build``), so importing a
large spec's models costs little and a call pays only for the models it parses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any, Literal, Self, get_args, get_origin
from uuid import UUID

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic_core import PydanticCustomError, core_schema

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


class ResponseModel(BaseModel):
    """A body the API sends: nulls, unknown fields and unlisted enum values parse."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        serialize_by_alias=True,
        defer_build=True,
    )


class tagged:  # noqa: N801 - written in annotations like a function
    """The metadata of a discriminated union: ``Annotated[Cat | Dog | Pet,
    tagged("petType", {"cat": 0, "dog": 1}, 2)]`` parses a value as the alternative
    its ``petType`` names, in one step; a value whose tag the spec does not map
    parses as the ``fallback`` alternative where there is one (a response: the data
    stays readable), else it is refused.
    """

    def __init__(
        self, property: str, tags: Mapping[str, int], fallback: int | None = None
    ) -> None:
        self.property = property
        self.tags = dict(tags)
        self.fallback = fallback

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        options = get_args(source)
        choices: dict[Hashable, core_schema.CoreSchema] = {
            index: handler.generate_schema(option)
            for index, option in enumerate(options)
        }
        expected = ", ".join(repr(tag) for tag in self.tags)
        return core_schema.tagged_union_schema(
            choices,
            self._tag_of,
            custom_error_type="discriminator",
            custom_error_message=f"{self.property} must be one of {expected}",
        )

    def alternative(self, value: Any) -> int | None:
        """The index of the alternative ``value``'s tag picks (the fallback's for a tag
        the spec does not map), or None where none is picked."""
        return self._tag_of(value)

    def _tag_of(self, value: Any) -> int | None:
        if isinstance(value, Mapping):
            tag = value.get(self.property)
        elif isinstance(value, BaseModel):
            tag = None
            for name, field in type(value).model_fields.items():
                if self.property in (name, field.alias):
                    tag = getattr(value, name)
                    break
        else:
            return None
        index = self.tags.get(tag) if isinstance(tag, str) else None
        return self.fallback if index is None else index


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
