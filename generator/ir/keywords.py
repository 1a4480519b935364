"""What one schema's own keywords say, read without typing anything inside it.

Pure readers of a single schema mapping: its validation constraints, its description,
the JSON type of a ``const`` value. The schema builder (``schemas``) calls them; they
never recurse into the schemas a schema holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Constraints


def constraints_of(schema: Mapping[str, Any]) -> Constraints:
    """The bounds, lengths, pattern and item rules the schema sets on its values."""
    minimum, maximum = schema.get("minimum"), schema.get("maximum")
    exclusive_minimum = schema.get("exclusiveMinimum")
    exclusive_maximum = schema.get("exclusiveMaximum")
    if exclusive_minimum is True:  # OpenAPI 3.0 writes the bound in ``minimum``
        exclusive_minimum, minimum = minimum, None
    if exclusive_maximum is True:
        exclusive_maximum, maximum = maximum, None
    return Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=(
            None if isinstance(exclusive_minimum, bool) else exclusive_minimum
        ),
        exclusive_maximum=(
            None if isinstance(exclusive_maximum, bool) else exclusive_maximum
        ),
        min_length=schema.get("minLength"),
        max_length=schema.get("maxLength"),
        pattern=schema.get("pattern"),
        min_items=schema.get("minItems"),
        max_items=schema.get("maxItems"),
        unique_items=bool(schema.get("uniqueItems", False)),
        multiple_of=schema.get("multipleOf"),
    )


def description_of(schema: Any) -> str | None:
    """The schema's ``description``, else that of the first ``allOf`` part with one."""
    if not isinstance(schema, Mapping):
        return None
    if "description" in schema:
        return str(schema["description"])
    for part in schema.get("allOf") or ():
        if isinstance(part, Mapping) and "description" in part:
            return str(part["description"])
    return None


def json_type_of(value: Any) -> Any:
    """The JSON Schema type of a ``const`` value ("any" for null)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "any"
