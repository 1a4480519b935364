"""What openapi-core, the oracle of the validator and contract tests, is given.

Pipedrive writes an object keyed by ids as one property named ``USER_ID`` (or ``DEAL_ID``,
...). openapi-core reads that literally and lets the real id keys through unchecked, so
the oracle gets a copy of the spec where each such object is a map of its value schema:
both sides then validate the same meaning. Written here on purpose without the
generator's own rule, so the oracle stays independent of the code it checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACEHOLDER = re.compile(r"^[A-Z]+(?:_[A-Z]+)*_ID$")


def rewrite_placeholders(node: Any) -> Any:
    """A copy of ``node`` with every placeholder-keyed object made a map of its value schema."""
    if isinstance(node, list):
        return [rewrite_placeholders(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    result = {key: rewrite_placeholders(value) for key, value in node.items()}
    properties = result.get("properties")
    if (
        isinstance(properties, Mapping)
        and properties
        and all(isinstance(key, str) and PLACEHOLDER.match(key) for key in properties)
    ):
        del result["properties"]
        result["additionalProperties"] = next(iter(properties.values()))
    return result
