"""Generated operations name their body types as strings the runtime evaluates on first
use: every name the client writes besides the models must be one the runtime knows."""

from __future__ import annotations

from pipedrive_codegen.render import client_types as clienttypes
from pipedrive_codegen.runtime import _operation


def test_every_type_name_the_client_writes_is_one_the_runtime_resolves() -> None:
    assert set(clienttypes.IMPORTS) <= set(_operation._TYPE_NAMES)
    operation = _operation.Operation(
        "x", "GET", "/x", {200: "dict[str, list[date | datetime | UUID | Any]]"}
    )
    adapter = operation.model_for(200)
    assert adapter is not None and not isinstance(adapter, (str, type))
    assert adapter.validate_python({"a": ["2024-01-02"]}) == {"a": ["2024-01-02"]}
