"""What generated code tells the client core about one API operation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

PaginationStyle = Literal["offset", "cursor"]
# What parses one response body: a model, a TypeAdapter for a body that is not an
# object (a list, a map, a scalar), or None when the body is not modelled.
# ``bytes`` means a download: the body is returned as it came.
ResponseType = type[BaseModel] | TypeAdapter[Any] | type[bytes] | None


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, as the client core needs it.

    ``path`` is the full path including the server's prefix, with ``{name}``
    placeholders (``/v1/activities/{id}``, ``/api/v2/activities``).
    ``responses`` maps each declared status to the model of its JSON body, or
    to ``None`` when the body is not modelled. ``pagination`` names how a list
    operation pages: ``"offset"`` (v1 ``start``/``next_start``) or ``"cursor"``
    (``cursor``/``next_cursor``).
    """

    operation_id: str
    method: str
    path: str
    responses: Mapping[int, ResponseType]
    pagination: PaginationStyle | None = None
    content_type: str = "application/json"  # of the request body
    validators: str | None = None  # the generated validators module, imported on use

    def __hash__(self) -> int:
        return hash((self.operation_id, self.method, self.path))

    def model_for(self, status_code: int) -> ResponseType:
        """The model for a 2xx ``status_code``.

        A 2xx status the spec does not declare uses the model of the only
        declared 2xx status (Pipedrive's v1 add answers 201 where older specs
        say 200); with several or none declared it is ``None``.
        """
        if status_code in self.responses:
            return self.responses[status_code]
        declared = {
            model for status, model in self.responses.items() if 200 <= status < 300
        }
        if len(declared) == 1:
            return next(iter(declared))
        return None
