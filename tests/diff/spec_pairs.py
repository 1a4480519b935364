"""Small hand-written specs for the ``diff`` tests, and a way to diff two of them."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pipedrive_codegen.diff.command import diff_command

Row = tuple[str, str, str, bool]  # kind, side, location, breaking


def spec(paths: dict[str, Any], **components: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "things", "version": "1"},
        "paths": paths,
    }
    if components:
        document["components"] = components
    return document


def thing(
    *,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    parameters: tuple[dict[str, Any], ...] = (),
    status: str = "200",
    operation_id: str = "addThing",
    **extra: Any,
) -> dict[str, Any]:
    """A spec with one operation, ``POST /things``."""
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "responses": {status: ok(response or obj(id={"type": "integer"}))},
        **extra,
    }
    if parameters:
        operation["parameters"] = list(parameters)
    if request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request}},
        }
    return spec({"/things": {"post": operation}})


def obj(
    required: tuple[str, ...] = (), title: str | None = None, **properties: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if title:
        schema["title"] = title
    return schema


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def query(name: str, schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema}


def write(directory: Path, name: str, document: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(json.dumps(document, indent=1))  # JSON is YAML
    return path


def report(old: dict[str, Any], new: dict[str, Any], directory: Path) -> dict[str, Any]:
    """The JSON report of ``diff_command`` on the two specs."""
    stdout = io.StringIO()
    diff_command(
        write(directory, "old.yaml", old),
        write(directory, "new.yaml", new),
        output_format="json",
        stdout=stdout,
    )
    result: dict[str, Any] = json.loads(stdout.getvalue())
    return result


def rows(old: dict[str, Any], new: dict[str, Any], directory: Path) -> list[Row]:
    return [
        (c["kind"], c["side"], c["location"], c["breaking"])
        for c in report(old, new, directory)["changes"]
    ]
