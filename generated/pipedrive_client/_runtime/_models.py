"""Base class of every generated response model, and the metadata of a discriminated
union (``tagged``); request models have theirs in ``_request_models.py``.

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

from collections.abc import Hashable, Mapping
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema


class ResponseModel(BaseModel):
    """A body the API sends: nulls, unknown fields and unlisted enum values parse."""

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        serialize_by_alias=True,
        defer_build=True,
        # A spec's ``model_dump_x`` is a field like any other: no namespace is
        # pydantic's (its own attributes are never fields: they take ``_``).
        protected_namespaces=(),
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
