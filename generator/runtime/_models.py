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

Models build their validators on first use (``defer_build``), so importing a
large spec's models costs little and a call pays only for the models it parses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)


class RequestModel(BaseModel):
    """A body the client sends: strict types, no unknown fields."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        populate_by_name=True,
        validate_assignment=True,
        defer_build=True,
    )

    _extra_fields: dict[str, Any] = PrivateAttr(default_factory=dict)

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


class ResponseModel(BaseModel):
    """A body the API sends: nulls, unknown fields and unlisted enum values parse."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, defer_build=True)
