"""Helpers of generated operation methods: keyword arguments into a request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel


def request_body(
    model: type[BaseModel], body: Any, fields: Mapping[str, object]
) -> Any:
    """The body to send: ``body`` as given, or a ``model`` built from the field arguments.

    Field arguments left at ``None`` are not sent; to send an explicit ``null``, pass a
    model instance as ``body`` with the field set to ``None``.
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
    return model.model_validate(given)


def header_values(headers: Mapping[str, object]) -> dict[str, str]:
    """Header arguments as strings, those left at ``None`` dropped."""
    return {name: str(value) for name, value in headers.items() if value is not None}
